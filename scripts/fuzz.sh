#!/usr/bin/env bash
# fuzz.sh — `make fuzz`: the three fuzzers, for as long as the knobs say, on the ASan/UBSan build.
#   wire      fuzz/fuzz_wire.c: libFuzzer over the wire decoder (kernel/protocol/wire.c, hmac.c),
#             built with clang -fsanitize=fuzzer,address,undefined. Seeds in fuzz/corpus/; new
#             inputs go to $FUZZ_CORPUS (default build/fuzz/corpus), crashes to build/fuzz/crash-*.
#   messages  fuzz/fuzz_messages.py: validly signed requests with odd fields to build/asan/dstream-kernel.
#   cells     fuzz/fuzz_cells.c (build/asan/fuzz-cells): mutated notebook and docs cells, in-process.
# Knobs (environment): FUZZ_SECONDS (wire: time, default 20), FUZZ_RUNS (wire: number of inputs
# instead of a time), FUZZ_MESSAGES (default 2000), FUZZ_CELLS (default 1000), FUZZ_SEED (default
# 1; the same seed reproduces the same inputs), FUZZ_ONLY (e.g. "wire" or "messages,cells").
# Any crash, hang or sanitizer report makes the script fail and says where its input was kept.
set -euo pipefail
cd "$(dirname "$0")/.."

ONLY=${FUZZ_ONLY:-wire,messages,cells}
SEED=${FUZZ_SEED:-1}
OUT=build/fuzz
mkdir -p "$OUT"
want() { [[ ",$ONLY," == *",$1,"* ]]; }
# Sanitizer reports go to each process's stderr, where the fuzzers look for them; a huge
# allocation fails (as on a machine without the memory) instead of aborting the process.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=stderr:detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=1024"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=stderr:print_stacktrace=1:halt_on_error=1"

if want wire; then
    CLANG=${CLANG:-}
    if [ -z "$CLANG" ]; then
        for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
            if command -v "$c" >/dev/null 2>&1; then CLANG=$c; break; fi
        done
    fi
    if [ -z "$CLANG" ]; then
        echo "fuzz.sh: clang not found (run 'make deps')" >&2
        exit 1
    fi
    CORPUS=${FUZZ_CORPUS:-$OUT/corpus}
    mkdir -p "$CORPUS"
    "$CLANG" -std=c11 -D_GNU_SOURCE -g -O1 -Ikernel \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        $(pkg-config --cflags jansson openssl) \
        fuzz/fuzz_wire.c kernel/protocol/wire.c kernel/protocol/hmac.c kernel/util/uuid.c \
        $(pkg-config --libs jansson openssl) -o "$OUT/fuzz_wire" || {
        echo "fuzz.sh: building the libFuzzer target failed (libFuzzer comes with libclang-rt-N-dev: run 'make deps')" >&2
        exit 1
    }
    if [ -n "${FUZZ_RUNS:-}" ]; then limit=(-runs="$FUZZ_RUNS"); what="$FUZZ_RUNS inputs"
    else limit=(-max_total_time="${FUZZ_SECONDS:-20}"); what="${FUZZ_SECONDS:-20} s"; fi
    echo "fuzz.sh: wire decoder ($OUT/fuzz_wire) for $what, seed $SEED"
    "$OUT/fuzz_wire" "${limit[@]}" -seed="$SEED" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -dict=fuzz/wire.dict -artifact_prefix="$OUT/" -print_final_stats=1 "$CORPUS" fuzz/corpus
fi

if want messages || want cells; then
    make --no-print-directory VARIANT=asan all fuzz-cells venv >/dev/null
fi

if want messages; then
    echo "fuzz.sh: ${FUZZ_MESSAGES:-2000} signed messages to build/asan/dstream-kernel, seed $SEED"
    .venv/bin/python fuzz/fuzz_messages.py --kernel build/asan/dstream-kernel --count "${FUZZ_MESSAGES:-2000}" \
        --seed "$SEED" --out "$OUT/messages"
fi

if want cells; then
    echo "fuzz.sh: ${FUZZ_CELLS:-1000} mutated cells (build/asan/fuzz-cells), seed $SEED"
    build/asan/fuzz-cells --seed "$SEED" --count "${FUZZ_CELLS:-1000}" --out "$OUT/cells" notebooks/*.ipynb docs/*.md
fi
