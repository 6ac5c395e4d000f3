#!/usr/bin/env bash
# deps.sh — installs the Debian packages the build and tests need; a no-op when all are present.
set -euo pipefail
# Checked against a bare Debian 12 (make is the one thing to install by hand: apt-get install make).
# gcc's static libasan/libubsan (the sanitizer build) come with build-essential; libFuzzer
# (make fuzz) needs libclang-rt-N-dev (below), which clang only recommends.  The browser test installs
# Debian's chromium and node itself (scripts/browser-deps.sh).
# libsqlite3-dev: only bench/sql_engines.c's peer (the kernel's SQL engine is DuckDB, scripts/duckdb.sh).
pkgs=(build-essential pkg-config libzmq3-dev libczmq-dev libjansson-dev librdkafka-dev libssl-dev
      libsqlite3-dev clang kcat python3 python3-venv curl)
# The Kafka tests run a real Apache Kafka broker (tests/kafka/broker.sh): a JRE and Maven, unless
# some java and mvn are already on the PATH.
command -v java >/dev/null || pkgs+=(default-jre-headless)
command -v mvn >/dev/null || pkgs+=(maven)
# `make fuzz` links clang's libFuzzer and sanitizer runtimes, packaged per clang major version
# (Debian 12: clang 14 -> libclang-rt-14-dev). The version is the one the `clang` package
# depends on; 14 when apt knows nothing yet (a fresh container before apt-get update).
clang_major=$(apt-cache depends clang 2>/dev/null | sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p' | head -n 1)
pkgs+=("libclang-rt-${clang_major:-14}-dev")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A python3 from elsewhere (pyenv) with a working venv module makes python3-venv unnecessary.
if [ ${#missing[@]} -gt 0 ] && command -v python3 >/dev/null && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing=("${missing[@]/python3-venv}"); missing=("${missing[@]/python3}")
  read -r -a missing <<<"${missing[*]}"
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ -n "$SUDO" ] && ! command -v sudo >/dev/null; then
  echo "make deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "  install them as root (apt-get install ${missing[*]}), or install sudo, then run make again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
