# Makefile — builds the kernel (release and sanitizer variants), its tests, fuzz target and benchmarks.
#
#   make              build kernel/dstream-kernel
#   make demo         build, install for the user, run the bundled notebooks, say where outputs are
#   make test         install what is missing, build, run unit + pytest suites, then again under ASan/UBSan
#   make deps         install missing Debian packages and fetch DuckDB into .deps/duckdb (a no-op
#                     when all are present); DUCKDB_DIR=<prefix> builds against a DuckDB installed
#                     there (<prefix>/include/duckdb.h, <prefix>/lib/libduckdb.so) instead
#   make spark-deps   real Spark for the differential tests and bench: pyspark (tests/requirements-spark.txt)
#                     into the venv, Kafka's 0-10 connector jars into .deps/spark-jars (scripts/spark.sh)
#   make spark-diff   every program of tests/spark/corpus on real spark-shell and on the kernel; writes
#                     docs/spark-compat.md (same / differs / unsupported / spark-error; `make test` runs a subset)
#   make install      PREFIX=/usr/local DESTDIR=  (binary + share/jupyter/kernels/dstream)
#   make install-user the kernelspec for the current user, pointing at this build
#   make fuzz         the fuzzers for as long as you like: wire decoder (libFuzzer, clang), signed
#                     messages to the kernel, mutated cells (FUZZ_SECONDS, FUZZ_MESSAGES, FUZZ_CELLS, …)
#   make bench        benchmarks against named peers
#
# The targets that install packages first (demo, test, lab, bench) run `make deps` and then build
# in a second make: the pkg-config flags below are read when a make parses this file, so the make
# that builds must start after deps has installed the -dev packages (a fresh machine's first
# `make demo` would otherwise link without them; tests/python/test_fresh_build.py checks it).

PKGS      := libzmq libczmq jansson openssl rdkafka
PREFIX    ?= /usr/local
DESTDIR   ?=
VENV      := .venv
PY        := $(VENV)/bin/python
CC        ?= cc

# DuckDB: the header at build time, the library only when first used (dlopen, spark/sql/duck.c)
DUCKDB_FETCHED := .deps/duckdb
DUCKDB_DIR     ?= $(DUCKDB_FETCHED)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN      := -Wall -Wextra -Wno-unused-parameter -Wshadow=local -Wstrict-prototypes
BASEFLAGS := -std=c11 -D_GNU_SOURCE -Ikernel -isystem $(DUCKDB_DIR)/include -g $(WARN) $(PKG_CFLAGS)

VARIANT   ?= release
ifeq ($(VARIANT),asan)
  OPT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  # gcc's shared libasan and libubsan each keep a report file, but libasan's interposes the
  # setter, so UBSan's reports went to stderr whatever UBSAN_OPTIONS' log_path said; linked
  # statically each runtime writes to its own log_path (clang links them statically anyway).
  ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null)),)
    SAN_LDFLAGS := -static-libasan -static-libubsan
  endif
else
  OPT := -O2
endif
BUILD     := build/$(VARIANT)
CFLAGS    ?=
ALLFLAGS  := $(BASEFLAGS) $(OPT) $(CFLAGS)
LDLIBS    := -Wl,--as-needed $(PKG_LIBS) -lpthread -lm

LIB_SRC   := $(sort $(wildcard kernel/*/*.c kernel/spark/*/*.c))
MAIN_SRC  := kernel/main.c $(filter-out kernel/main.c,$(wildcard kernel/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(MAIN_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
DEPS      := $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

ifeq ($(VARIANT),asan)
  KERNEL_BIN := $(BUILD)/dstream-kernel
else
  KERNEL_BIN := kernel/dstream-kernel
endif
UNIT_BIN  := $(BUILD)/unit-tests

.PHONY: all demo test deps spark-deps venv unit pytest kcli asan install install-user uninstall-user fuzz bench lab clean check-pkgs
.PHONY: fuzz-cells FORCE spark-diff

all: check-pkgs $(KERNEL_BIN)

check-pkgs:
	@pkg-config --exists $(PKGS) || { echo "missing development packages: run 'make deps'" >&2; exit 1; }
ifeq ($(DUCKDB_DIR),$(DUCKDB_FETCHED))
	@test -f $(DUCKDB_DIR)/include/duckdb.h || { echo "DuckDB's header $(DUCKDB_DIR)/include/duckdb.h is missing:" \
	  "run 'make deps' (or make DUCKDB_DIR=<prefix of a DuckDB install>)" >&2; exit 1; }
else
	@test -f $(DUCKDB_DIR)/include/duckdb.h || { echo "DuckDB's header $(DUCKDB_DIR)/include/duckdb.h is missing:" \
	  "install DuckDB under DUCKDB_DIR=$(DUCKDB_DIR), or leave DUCKDB_DIR out to use the copy 'make deps' fetches" >&2; exit 1; }
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libdstream.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(KERNEL_BIN): $(MAIN_OBJ) $(BUILD)/libdstream.a
	$(CC) $(ALLFLAGS) $(SAN_LDFLAGS) -o $@ $(MAIN_OBJ) $(BUILD)/libdstream.a $(LDLIBS)

# The kernel's own files (the backend, magics, completion) but main: the unit tests and the cell
# fuzzer link them.
KERNEL_OBJ := $(filter-out $(BUILD)/kernel/main.o,$(MAIN_OBJ))

$(UNIT_BIN): $(UNIT_OBJ) $(KERNEL_OBJ) $(BUILD)/libdstream.a
	$(CC) $(ALLFLAGS) $(SAN_LDFLAGS) -o $@ $(UNIT_OBJ) $(KERNEL_OBJ) $(BUILD)/libdstream.a $(LDLIBS)

-include $(DEPS)

# The loader looks for the library where DUCKDB_DIR says first; duck.o is rebuilt when DUCKDB_DIR
# changes (the stamp holds the last one).
DUCKDB_LIB_PATH := $(abspath $(DUCKDB_DIR))/lib/libduckdb.so
DUCKDB_STAMP    := $(BUILD)/duckdb-dir
$(BUILD)/kernel/spark/sql/duck.o: ALLFLAGS += -DDUCKDB_LIB_PATH='"$(DUCKDB_LIB_PATH)"'
$(BUILD)/kernel/spark/sql/duck.o: $(DUCKDB_STAMP)
$(DUCKDB_STAMP): FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = "$(DUCKDB_LIB_PATH)" ] || echo "$(DUCKDB_LIB_PATH)" >$@
FORCE:

# The cell fuzzer (fuzz/fuzz_cells.c): mutated cells through the backend and interpreter in-process.
# The pytest suite runs it briefly (tests/python/test_fuzz.py finds it through DSTREAM_FUZZ_CELLS).
FUZZ_CELLS_BIN := $(BUILD)/fuzz-cells
$(FUZZ_CELLS_BIN): $(BUILD)/fuzz/fuzz_cells.o $(KERNEL_OBJ) $(BUILD)/libdstream.a
	$(CC) $(ALLFLAGS) -o $@ $^ $(LDLIBS)
-include $(BUILD)/fuzz/fuzz_cells.d
fuzz-cells: check-pkgs $(FUZZ_CELLS_BIN)
export DSTREAM_FUZZ_CELLS := $(abspath $(FUZZ_CELLS_BIN))
pytest: $(FUZZ_CELLS_BIN)

# bench/sql_engines.c: SQLite against DuckDB (through the loader) on a 1M-row group-by. SQLite is
# the bench's peer only (the kernel's engine is DuckDB): its flags are looked up when the bench builds.
BENCH_SQL_BIN := $(BUILD)/bench-sql-engines
$(BUILD)/bench/sql_engines.o: ALLFLAGS += $(shell pkg-config --cflags sqlite3)
$(BENCH_SQL_BIN): $(BUILD)/bench/sql_engines.o $(BUILD)/libdstream.a
	$(CC) $(ALLFLAGS) $(SAN_LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs sqlite3)
-include $(BUILD)/bench/sql_engines.d

deps:
	@bash scripts/deps.sh
ifeq ($(DUCKDB_DIR),$(DUCKDB_FETCHED))
	@bash scripts/duckdb.sh $(DUCKDB_FETCHED)
endif

$(VENV)/.stamp: tests/requirements.txt
	@bash scripts/venv.sh $(VENV) tests/requirements.txt
	@touch $@

venv: $(VENV)/.stamp

# pyspark (~350 MB, ~25 s to install) and the connector jars: a no-op taking ~0.3 s once present.
spark-deps: venv
	@bash scripts/spark.sh $(VENV)

# The differential corpus (tests/spark/spark_diff.py): one spark-shell session, a fresh kernel per program.
spark-diff: venv spark-deps all
	DSTREAM_KERNEL=$(abspath $(KERNEL_BIN)) $(PY) tests/spark/spark_diff.py --out docs/spark-compat.md $(SPARK_DIFF_ARGS)

unit: check-pkgs $(UNIT_BIN)
	$(UNIT_BIN)

# Under the sanitizers every kernel process logs to build/asan/logs; any report fails the run.
# A report written to a stream instead (a process that lost the environment) fails the test
# whose captured output holds it (tests/python/san_reports.py).
ifeq ($(VARIANT),asan)
  SAN_ENV := ASAN_OPTIONS=log_path=$(abspath $(BUILD))/logs/asan:detect_leaks=1:halt_on_error=1 \
             UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(abspath $(BUILD))/logs/ubsan
endif

# kcli: a small CLI over kernel/kafka/ (tests/kafka/kcli.c) for the Kafka tests and benchmarks.
KCLI := build/kcli
$(KCLI): tests/kafka/kcli.c $(wildcard kernel/kafka/*.c kernel/kafka/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASEFLAGS) -O2 -o $@ tests/kafka/kcli.c $(wildcard kernel/kafka/*.c) $(LDLIBS)

kcli: $(KCLI)

pytest: venv spark-deps all $(KCLI)
	@rm -rf $(BUILD)/logs && mkdir -p $(BUILD)/logs
	@rc=0; $(SAN_ENV) DSTREAM_KCLI=$(abspath $(KCLI)) DSTREAM_KERNEL=$(abspath $(KERNEL_BIN)) \
	  $(PY) -m pytest tests/python -q -p no:cacheprovider --durations=25 $(PYTEST_ARGS) || rc=$$?; \
	if [ -n "$$(ls -A $(BUILD)/logs 2>/dev/null)" ]; then \
	  echo "sanitizer reports from kernel processes:"; head -n 60 $(BUILD)/logs/*; rc=1; fi; exit $$rc

# The whole suite: release build, then the same suite on an ASan/UBSan build.
test: deps
	$(MAKE) --no-print-directory VARIANT=release all unit pytest
	$(MAKE) --no-print-directory VARIANT=asan all unit pytest

asan:
	$(MAKE) --no-print-directory VARIANT=asan all unit pytest

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/jupyter/kernels/dstream
	install -m 755 kernel/dstream-kernel $(DESTDIR)$(PREFIX)/bin/dstream-kernel
	sed 's|@KERNEL@|$(PREFIX)/bin/dstream-kernel|' kernelspec/dstream/kernel.json.in \
	  > $(DESTDIR)$(PREFIX)/share/jupyter/kernels/dstream/kernel.json
	install -m 644 kernelspec/dstream/logo-32x32.png kernelspec/dstream/logo-64x64.png \
	  $(DESTDIR)$(PREFIX)/share/jupyter/kernels/dstream/

install-user: all venv
	@bash scripts/install-user.sh $(abspath kernel/dstream-kernel) $(PY)

demo: deps
	$(MAKE) --no-print-directory install-user
	@bash scripts/demo.sh $(PY)

fuzz: deps venv
	@bash scripts/fuzz.sh

bench: deps
	$(MAKE) --no-print-directory venv spark-deps all $(KCLI) $(BENCH_SQL_BIN)
	$(PY) bench/run.py
	BENCH_SQL_ENGINES=$(abspath $(BENCH_SQL_BIN)) $(PY) bench/sql_engines.py
	$(PY) bench/streaming.py
	DSTREAM_KCLI=$(abspath $(KCLI)) $(PY) bench/kafka.py
	DSTREAM_KCLI=$(abspath $(KCLI)) $(PY) bench/spark_reader.py
	DSTREAM_KCLI=$(abspath $(KCLI)) $(PY) bench/structured_window.py

lab: deps
	$(MAKE) --no-print-directory install-user
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf build kernel/dstream-kernel

# make print-VAR shows a variable's value (the tests read the sanitizer settings this way).
print-%:
	@echo '$($*)'
