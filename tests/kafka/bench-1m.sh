#!/usr/bin/env bash
# bench-1m.sh — 1M tweet-sized JSON records (~205 B): our layer (kcli) vs kcat on the same broker,
# produce and consume, printed as ratios (kcat time / our time; >= 1 means we are faster).
#   tests/kafka/bench-1m.sh BOOTSTRAP [TAG]     (KCLI=path to a built tests/kafka/kcli.c)
set -euo pipefail
BS=$1; T=${2:-run$$}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K=${KCLI:-/tmp/kcli}
F=${TWEETS:-/tmp/dstream-tweets-1m.json}
if [[ ! -x $K ]]; then
    cc -std=c11 -D_GNU_SOURCE -O2 -I"$HERE/../../kernel" "$HERE/kcli.c" "$HERE"/../../kernel/kafka/*.c \
        $(pkg-config --cflags --libs rdkafka jansson) -lpthread -o "$K"
fi
if [[ ! -s $F ]]; then
    python3 - "$F" <<'PY'
import json, random, sys
random.seed(7)
words = "coffee hadoop spark kafka xbox ps4 nintendo stream data cloud java scala notebook".split()
with open(sys.argv[1], "w") as f:
    for i in range(1000000):
        t = {"id": 10**18 + i, "createdAt": "2024-05-01T12:%02d:%02dZ" % (i // 60 % 60, i % 60),
             "text": " ".join(random.choice(words) for _ in range(6)), "lang": "en", "retweetCount": i % 97,
             "user": {"name": "user%d" % (i % 5000), "friendsCount": i % 300, "followersCount": i % 1000}}
        f.write(json.dumps(t, separators=(",", ":")) + "\n")
PY
fi
now() { date +%s.%N; }
"$K" create "$BS" bo-"$T" 8 >/dev/null; "$K" create "$BS" bk-"$T" 8 >/dev/null
t0=$(now); "$K" produce "$BS" bo-"$T" "$F" 2>/tmp/bench-ours.err; t1=$(now)
kcat -P -b "$BS" -t bk-"$T" -l "$F"; t2=$(now)
po=$(echo "$t1 - $t0" | bc); pk=$(echo "$t2 - $t1" | bc)
echo "[$T] produce 1M: ours ${po}s ($(cat /tmp/bench-ours.err)), kcat -P ${pk}s, ratio $(echo "scale=2; $pk / $po" | bc)"
t0=$(now); c=$("$K" count "$BS" bo-"$T"); t1=$(now)
n=$(kcat -C -b "$BS" -t bo-"$T" -o beginning -e -q -f '%o\n' | wc -l); t2=$(now)
co=$(echo "$t1 - $t0" | bc); ck=$(echo "$t2 - $t1" | bc)
echo "[$T] consume: ours ${co}s ($c), kcat -C ${ck}s ($n records), ratio $(echo "scale=2; $ck / $co" | bc)"
