#!/usr/bin/env bash
# spark.sh — real Spark for the differential tests and the Spark bench (`make spark-deps`):
# pyspark (spark-shell, spark-submit, Spark's jars) into the repo's venv at the version pinned in
# tests/requirements-spark.txt, and Spark's Kafka 0-10 connectors (DStreams, Structured Streaming) with the jars they need
# that pyspark does not ship, from Maven Central into .deps/spark-jars/. Idempotent: a second run
# with everything in place checks versions and files and returns in well under a second.
#
#   scripts/spark.sh [VENV]        default .venv; prints nothing when all is present
#   scripts/spark.sh jars          print the connector jars, comma-separated (for --jars)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQ="$REPO/tests/requirements-spark.txt"
POM="$REPO/tests/spark/pom.xml"
JARS="$REPO/.deps/spark-jars"
# the connectors (DStreams; Structured Streaming's Kafka source and sink), the token provider they
# link against, the Kafka client and commons-pool2 (the SQL connector's consumer pool); the rest of
# their dependency tree (Hadoop client, Scala, slf4j, lz4, snappy) is in pyspark's jars already
ARTIFACTS="spark-streaming-kafka-0-10_2.12,spark-sql-kafka-0-10_2.12,spark-token-provider-kafka-0-10_2.12,kafka-clients,commons-pool2"

die() { echo "spark.sh: $*" >&2; exit 1; }

jars_list() { ls "$JARS"/*.jar 2>/dev/null | paste -sd, -; }

if [[ "${1:-}" == jars ]]; then
    list="$(jars_list)"; [[ -n "$list" ]] || die "no connector jars in $JARS: run make spark-deps"
    echo "$list"; exit 0
fi

VENV="${1:-$REPO/.venv}"
PY="$VENV/bin/python"
[[ -x "$PY" ]] || die "no venv at $VENV: run make venv"

# Java: Spark 3.5 runs on 8, 11 and 17 (make deps installs default-jre-headless, 17 on Debian 12)
command -v java >/dev/null || die "no java on the PATH: run make deps"
jv="$(java -version 2>&1 | sed -n 's/.* version "\([0-9.]*\).*/\1/p' | head -n 1)"
jmajor="${jv%%.*}"; [[ "$jmajor" == 1 ]] && jmajor="$(echo "$jv" | cut -d. -f2)"
case "$jmajor" in 8|11|17) ;; *) die "java $jv found; Spark 3.5 needs Java 8, 11 or 17" ;; esac

# pyspark at the pinned version
want="$(sed -n 's/^pyspark==\([0-9.]*\).*/\1/p' "$REQ")"
[[ -n "$want" ]] || die "no pyspark==X pin in $REQ"
have="$("$PY" -c 'import importlib.metadata as m; print(m.version("pyspark"))' 2>/dev/null || true)"
if [[ "$have" != "$want" ]]; then
    echo "spark.sh: installing pyspark $want into $VENV (about 350 MB)..." >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQ" || die "pip could not install pyspark $want"
fi
grep -q "<spark.version>$want</spark.version>" "$POM" || die "$POM does not pin spark.version $want as $REQ does"

# the connector jars, resolved once per pom (a stamp holds the pom's checksum)
stamp="$JARS/.pom.sha"
sum="$(sha256sum "$POM" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$sum" || -z "$(jars_list)" ]]; then
    command -v mvn >/dev/null || die "Maven (mvn) is needed once to fetch the Kafka connector: run make deps"
    echo "spark.sh: fetching Spark's Kafka 0-10 connector $want from Maven Central (once)..." >&2
    rm -rf "$JARS"; mkdir -p "$JARS"
    mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DoutputDirectory="$JARS" \
        -DincludeArtifactIds="$ARTIFACTS" >&2 || die "Maven could not resolve the connector (see above)"
    n="$(ls "$JARS"/*.jar | wc -l)"
    [[ "$n" == 5 ]] || die "expected 5 connector jars in $JARS, found $n"
    echo "$sum" > "$stamp"
fi
