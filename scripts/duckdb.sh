#!/usr/bin/env bash
# duckdb.sh — fetches DuckDB's shared library and C header into an ignored folder (.deps/duckdb by
# default): libduckdb.so from npm's @duckdb/node-bindings-linux-x64 package, duckdb.h from the
# PyPI source distribution of `duckdb`, one pinned version, both archives checked against the
# SHA-256 sums below.  Idempotent: when the folder already holds this version it exits at once,
# without the network.  `make deps` runs it; the kernel loads the library only on first use
# (kernel/spark/sql/duck.c).  Usage: scripts/duckdb.sh [DEST]
set -euo pipefail

VERSION=1.5.6
# npm publishes each DuckDB release as <version>-r.<n> (the bindings' own revision)
NPM_VERSION=1.5.6-r.1
NPM_URL=https://registry.npmjs.org/@duckdb/node-bindings-linux-x64/-/node-bindings-linux-x64-$NPM_VERSION.tgz
NPM_SHA256=1b9f82478539bb9a1d1df44bd103121a12ae52142c07158dc52b97d2ec1d69ff
PYPI_URL=https://files.pythonhosted.org/packages/59/0b/d65ea3be00ea79aa276a8388bec588a9cbf409ce637c6d306e5316210d15/duckdb-$VERSION.tar.gz
PYPI_SHA256=166a91dbfacfc0c9f08cc76c0243cb6d3d4296bfab5bad72a3cfb63140a5b7c8
HEADER_IN_SDIST=duckdb-$VERSION/external/duckdb/src/include/duckdb.h

dest=${1:-.deps/duckdb}
stamp="$dest/VERSION"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$NPM_VERSION" ] &&
   [ -f "$dest/lib/libduckdb.so" ] && [ -f "$dest/include/duckdb.h" ]; then
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "make deps: the DuckDB package fetched here is for Linux x86-64 only; install libduckdb.so and" \
          "duckdb.h for $(uname -sm) yourself and build with make DUCKDB_DIR=<its prefix>" >&2
     exit 1 ;;
esac
command -v curl >/dev/null || { echo "make deps: curl is needed to fetch DuckDB" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/duckdb-fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# fetch URL FILE SHA256: download and check the sum (a mismatch removes nothing already installed)
fetch() {
  curl -sSfL --retry 3 -o "$2" "$1" || { echo "make deps: could not download $1" >&2; exit 1; }
  local got; got=$(sha256sum "$2" | cut -d' ' -f1)
  if [ "$got" != "$3" ]; then
    echo "make deps: $1 has SHA-256 $got, expected $3; not installed" >&2
    exit 1
  fi
}

echo "fetching DuckDB $VERSION (libduckdb.so from npm, duckdb.h from PyPI) into $dest"
fetch "$NPM_URL" "$tmp/npm.tgz" "$NPM_SHA256"
fetch "$PYPI_URL" "$tmp/sdist.tar.gz" "$PYPI_SHA256"
mkdir -p "$tmp/out/lib" "$tmp/out/include"
tar -xmzf "$tmp/npm.tgz" -C "$tmp" package/libduckdb.so package/LICENSE
tar -xmzf "$tmp/sdist.tar.gz" -C "$tmp" "$HEADER_IN_SDIST"
mv "$tmp/package/libduckdb.so" "$tmp/out/lib/"
mv "$tmp/package/LICENSE" "$tmp/out/LICENSE"
mv "$tmp/$HEADER_IN_SDIST" "$tmp/out/include/"
echo "$NPM_VERSION" >"$tmp/out/VERSION"
# replace the folder in one step, so an interrupted run leaves either the old copy or the new one
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.old"
[ -e "$dest" ] && mv "$dest" "$dest.old"
mv "$tmp/out" "$dest"
rm -rf "$dest.old"
