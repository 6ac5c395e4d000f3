#!/usr/bin/env bash
# fuzz.sh — `make fuzz`: builds the libFuzzer target for the wire decoder with Debian's clang
# (-fsanitize=fuzzer,address,undefined) and runs it for FUZZ_SECONDS (default 20) on the seed
# corpus in fuzz/corpus/. New inputs go to build/fuzz/corpus (not into the repository); crashes
# are written to build/fuzz/ and make the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."

CLANG=${CLANG:-}
if [ -z "$CLANG" ]; then
    for c in clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14; do
        if command -v "$c" >/dev/null 2>&1; then CLANG=$c; break; fi
    done
fi
if [ -z "$CLANG" ]; then
    echo "fuzz.sh: clang not found (Debian: apt-get install clang)" >&2
    exit 1
fi

OUT=build/fuzz
mkdir -p "$OUT/corpus"
"$CLANG" -std=c11 -D_GNU_SOURCE -g -O1 -Ikernel \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    $(pkg-config --cflags jansson openssl) \
    fuzz/fuzz_wire.c kernel/protocol/wire.c kernel/protocol/hmac.c kernel/protocol/sha.c \
    $(pkg-config --libs jansson openssl) -o "$OUT/fuzz_wire"

echo "fuzz.sh: running $OUT/fuzz_wire for ${FUZZ_SECONDS:-20} s"
"$OUT/fuzz_wire" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict=fuzz/wire.dict -artifact_prefix="$OUT/" -print_final_stats=1 "$OUT/corpus" fuzz/corpus
