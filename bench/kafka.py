"""kafka.py — `make bench` (issue 3): Kafka from a cell against kcat on the same broker, same
data, same run, printed as ratios (kcat's time / the cell's time: 1.0 means as fast as kcat).
Benchmarks print; they do not assert.

  produce   1M tweet-sized JSON records (~190 bytes) sent from one cell with KafkaProducer.send
            in a loop, then close() (every record acknowledged), against `kcat -P -l FILE` of the
            same file.  The cell's lines are read into memory in an earlier, untimed cell.
            Target: ratio >= 0.9.
  consume   every record of the cell-produced topic read from a cell with KafkaConsumer (assign
            all partitions, seekToBeginning, poll until all are in), against `kcat -C -e` of the
            same topic.  On the embedded broker only the newest ~5 MiB per partition are kept,
            so both read what is left (the count is printed).

Both on the embedded broker and on the real Apache Kafka broker (tests/kafka/broker.sh).
Environment: DSTREAM_KERNEL (default kernel/dstream-kernel), DSTREAM_KCLI (default build/kcli),
BENCH_KAFKA_N (default 1000000), BENCH_KAFKA_ROUNDS (default 2: best of two).
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from streaming import BINARY, REPO, Session, real_broker, tweets_file  # noqa: E402

N = int(os.environ.get("BENCH_KAFKA_N", "1000000"))
KCLI = os.environ.get("DSTREAM_KCLI") or str(REPO / "build" / "kcli")
PARTITIONS = 8
ROUNDS = int(os.environ.get("BENCH_KAFKA_ROUNDS", "2"))   # best of


def timed(cmd, **kw):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, **kw)
    return time.perf_counter() - t0, r


def measure(tmp, name, bootstrap, data, n):
    """Rows (op, cell s, kcat s, detail) or an error string."""
    s = Session(tmp)
    try:
        conf = {"conf": {"kafka.bootstrap.servers": bootstrap}} if name == "real" else {"conf": {}}
        _, out, err = s.run("%%configure -f\n" + json.dumps(conf))
        if err:
            return f"%%configure: {err}"
        _, out, err = s.run("import org.apache.kafka.clients.producer._\nimport org.apache.kafka.clients.consumer._\n"
                            "import org.apache.kafka.common.TopicPartition")   # as spark-shell needs them
        if err:
            return f"imports: {err}"
        _, out, err = s.run(f'val lines = sc.textFile("{data}").collect()\nlines.length')
        if err or f"= {n}" not in out:
            return f"reading {data}: {err or out[-100:]}"
        best = {}
        for rnd in range(ROUNDS):
            stamp = f"{int(time.time())}-{rnd}"
            t_cell, t_kcat = f"bench-cell-{stamp}", f"bench-kcat-{stamp}"
            for t in (t_cell, t_kcat):
                _, out, err = s.run(f"%topic create {t} --partitions {PARTITIONS} --replication-factor 1")
                if err:
                    return f"%topic create: {err}"
            produce = (
                "val props = new java.util.Properties()\n"
                "val producer = new KafkaProducer[String, String](props)\n"
                "var i = 0\n"
                "val n = lines.length\n"
                f'while (i < n) {{ producer.send(new ProducerRecord[String, String]("{t_cell}", lines(i))); i += 1 }}\n'
                "producer.close()\n"
                'println("sent " + n)\n')
            cell_p, out, err = s.run(produce)
            if err or f"sent {n}" not in out:
                return f"produce cell: {err or out[-200:]}"
            kcat_p, r = timed(["kcat", "-P", "-b", bootstrap, "-t", t_kcat, "-l", data], capture_output=True)
            if r.returncode != 0:
                return f"kcat -P: {r.stderr.decode()[-200:]}"
            kcat_c, r = timed(["kcat", "-C", "-b", bootstrap, "-t", t_cell, "-e", "-q", "-o", "beginning"],
                              stdout=subprocess.PIPE)
            if r.returncode != 0:
                return "kcat -C failed"
            have = r.stdout.count(b"\n")
            consume = (
                "val cprops = new java.util.Properties()\n"
                'cprops.put("max.poll.records", "100000")\n'
                "val consumer = new KafkaConsumer[String, String](cprops)\n"
                f'consumer.assign((0 until {PARTITIONS}).map(p => new TopicPartition("{t_cell}", p)).toList)\n'
                "consumer.seekToBeginning(List())\n"
                "var got = 0L\n"
                "var empty = 0\n"
                f"while (got < {have} && empty < 5) {{\n"
                "  val c = consumer.poll(java.time.Duration.ofMillis(1000)).count\n"
                "  got += c\n"
                "  if (c == 0) empty += 1\n"
                "}\n"
                "consumer.close()\n"
                'println("read " + got)\n')
            cell_c, out, err = s.run(consume)
            if err or f"read {have}" not in out:
                return f"consume cell: {err or out[-200:]} (kcat read {have})"
            for key, val in (("cell_p", cell_p), ("kcat_p", kcat_p), ("cell_c", cell_c), ("kcat_c", kcat_c)):
                best[key] = min(best.get(key, val), val)
        return [("produce", best["cell_p"], best["kcat_p"], f"{n:,} records"),
                ("consume", best["cell_c"], best["kcat_c"], f"{have:,} records")]
    finally:
        s.close()


def main():
    if not os.access(BINARY, os.X_OK):
        print(f"kernel binary {BINARY} is missing: run make", file=sys.stderr)
        return 1
    if not shutil.which("kcat"):
        print("kcat is missing: run make deps", file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix="dstream-bench-kafka-")
    started_real = False
    try:
        data = os.path.join(tmp, f"tweets-{N}.json")
        tweets_file(data, N)
        size = os.path.getsize(data)
        print(f"Kafka from a cell vs kcat: {N:,} tweets of {size / N:.0f} bytes, {PARTITIONS} partitions, "
              f"same broker, same run, best of {ROUNDS} (ratio = kcat time / cell time)")
        print(f"{'broker':9} {'op':8} {'records':>11} {'cell s':>8} {'kcat s':>8} {'ratio':>6}")
        r = subprocess.run([KCLI, "embedded", "ensure"], capture_output=True, text=True)
        brokers = [("embedded", r.stdout.strip() if r.returncode == 0 else None, r.stderr.strip())]
        bootstrap, why = real_broker()
        started_real = bootstrap is not None
        brokers.append(("real", bootstrap, why))
        for name, boot, why in brokers:
            if not boot:
                print(f"{name:9} unavailable: {why}")
                continue
            rows = measure(tmp, name, boot, data, N)
            if isinstance(rows, str):
                print(f"{name:9} error: {rows}")
                continue
            for op, cell_s, kcat_s, detail in rows:
                print(f"{name:9} {op:8} {detail.split()[0]:>11} {cell_s:>8.2f} {kcat_s:>8.2f} {kcat_s / cell_s:>6.2f}")
    finally:
        if started_real:
            subprocess.run(["bash", str(REPO / "tests/kafka/broker.sh"), "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
