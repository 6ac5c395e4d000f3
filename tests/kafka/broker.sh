#!/usr/bin/env bash
# broker.sh — a real Apache Kafka broker (3.9.x, KRaft, one node on 127.0.0.1) for the tests.
#
#   tests/kafka/broker.sh start       resolve the jars (once, via Maven; cached), format a fresh log
#                                     directory, start the broker, wait until it answers, print
#                                     the bootstrap address (host:port)
#   tests/kafka/broker.sh stop        stop it (TERM, then KILL after 20 s) and delete its data
#   tests/kafka/broker.sh status      "running 127.0.0.1:PORT (pid N)" or "stopped" (exit 1)
#   tests/kafka/broker.sh bootstrap   print the bootstrap address of the running broker (exit 1 if none)
#   tests/kafka/broker.sh classpath   resolve only, print the classpath file
#
# Idempotent: start on a running broker just prints its address.  State lives in
# $DSTREAM_KAFKA_STATE (default ${TMPDIR:-/tmp}/dstream-kafka-$UID).  KAFKA_HEAP (default 512m).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${DSTREAM_KAFKA_STATE:-${TMPDIR:-/tmp}/dstream-kafka-$(id -u)}"
HEAP="${KAFKA_HEAP:-512m}"
CP_FILE="$STATE/classpath.txt"
PID_FILE="$STATE/broker.pid"
BS_FILE="$STATE/bootstrap"
LOG="$STATE/server.log"

die() { echo "broker.sh: $*" >&2; exit 1; }

mkdir -p "$STATE"

# The classpath, resolved once: reused while the pom is unchanged and every jar is still there.
resolve() {
    local stamp="$STATE/classpath.pom.sha"
    local sum; sum="$(sha256sum "$HERE/pom.xml" | cut -d' ' -f1)"
    if [[ -s "$CP_FILE" && -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
        local ok=1 jar
        IFS=: read -r -a jars < "$CP_FILE" || true  # no trailing newline: read returns 1
        for jar in "${jars[@]}"; do [[ -f "$jar" ]] || { ok=0; break; }; done
        [[ $ok == 1 ]] && return 0
    fi
    command -v mvn >/dev/null || die "Maven (mvn) is needed once to fetch Kafka's jars"
    echo "broker.sh: resolving Apache Kafka jars with Maven (once)..." >&2
    mvn -q -B -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2 \
        || die "Maven could not resolve Kafka's jars (see above)"
    echo "$sum" > "$stamp"
}

running_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid; pid="$(cat "$PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    # the pid must still be our java process
    grep -q "kafka.Kafka" "/proc/$pid/cmdline" 2>/dev/null || return 1
    echo "$pid"
}

answers() { # bootstrap
    if command -v kcat >/dev/null; then
        kcat -L -b "$1" -m 2 2>/dev/null | grep -q "broker 1 at"
    else
        (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local pid
    if pid="$(running_pid)" && answers "$(cat "$BS_FILE")"; then
        cat "$BS_FILE"; return 0
    fi
    [[ -n "${pid:-}" ]] && stop >/dev/null
    resolve
    local cp port cport logdir props uuid
    cp="$(cat "$CP_FILE")"
    port="$(free_port)"; cport="$(free_port)"
    while [[ "$cport" == "$port" ]]; do cport="$(free_port)"; done
    logdir="$STATE/data"
    rm -rf "$logdir"; mkdir -p "$logdir"
    props="$STATE/server.properties"
    sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$cport|g" -e "s|@LOG_DIR@|$logdir|g" \
        "$HERE/server.properties.in" > "$props"
    # a random cluster id: 16 random bytes, URL-safe base64 without padding (Kafka's Uuid form);
    # given as --cluster-id=ID, since an id starting with '-' (1 in 64) would read as an option
    uuid="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    java -Xmx256m -cp "$cp" -Dlog4j.configuration="file:$HERE/log4j.properties" \
        kafka.tools.StorageTool format --cluster-id="$uuid" -c "$props" > "$STATE/format.log" 2>&1 \
        || { cat "$STATE/format.log" >&2; die "kafka-storage format failed"; }
    : > "$LOG"
    setsid java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Xshare:auto \
        -Djava.awt.headless=true -Dlog4j.configuration="file:$HERE/log4j.properties" \
        -cp "$cp" kafka.Kafka "$props" </dev/null >>"$LOG" 2>&1 &
    echo $! > "$PID_FILE"
    echo "127.0.0.1:$port" > "$BS_FILE"
    local i
    for ((i = 0; i < 600; i++)); do
        if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
            tail -30 "$LOG" >&2; die "the broker exited during startup (log: $LOG)"
        fi
        if answers "127.0.0.1:$port"; then cat "$BS_FILE"; return 0; fi
        sleep 0.1
    done
    tail -30 "$LOG" >&2
    die "the broker did not answer within 60 s (log: $LOG)"
}

stop() {
    local pid i
    if pid="$(running_pid)"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
        echo "stopped (pid $pid)"
    else
        echo "not running"
    fi
    rm -f "$PID_FILE" "$BS_FILE"
    rm -rf "$STATE/data"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status)
        if pid="$(running_pid)"; then echo "running $(cat "$BS_FILE") (pid $pid)"; else echo "stopped"; exit 1; fi ;;
    bootstrap)
        if running_pid >/dev/null; then cat "$BS_FILE"; else echo "broker.sh: no broker running" >&2; exit 1; fi ;;
    classpath) resolve; echo "$CP_FILE" ;;
    *) echo "usage: $0 start|stop|status|bootstrap|classpath" >&2; exit 2 ;;
esac
