"""streaming.py — `make bench` (issue 4): Spark Streaming figures, printed with ratios against a
peer measured in the same run. Benchmarks print; they do not assert.

  reader pipeline  records/s through the reader sample's pipeline (Kafka direct stream -> value ->
                   spark.read.json -> select -> count), one step() batch over the whole topic (best of 2),
                   against `kcat -C` reading the same topic to the end (peer), for 100k and 1M
                   tweets (~190-byte JSON). 100k on the embedded broker and on the real broker,
                   1M on the real broker (the embedded one keeps only ~5 MiB per partition).
                   Target: ratio >= 0.5.
  window memory    peak RSS (VmHWM) of the kernel while it holds a 1-minute window over 10k
                   records/s (1-second batches on the virtual clock), against the bytes of the
                   records the window holds (peer), after 10 s (100k records) and 100 s (1M).

Environment: DSTREAM_KERNEL (default kernel/dstream-kernel), BENCH_SIZES (default "100000,1000000").
"""

import json
import os
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
import time

from jupyter_client import KernelManager

REPO = pathlib.Path(__file__).resolve().parents[1]
BINARY = os.environ.get("DSTREAM_KERNEL") or str(REPO / "kernel" / "dstream-kernel")
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
ROUNDS = 2   # best of


class Session:
    """A fresh kernel through jupyter_client, from a temporary kernelspec."""

    def __init__(self, tmp):
        spec = pathlib.Path(tmp) / "kernels" / "dstream-bench"
        spec.mkdir(parents=True, exist_ok=True)
        (spec / "kernel.json").write_text(json.dumps({"argv": [BINARY, "-f", "{connection_file}"],
                                                       "display_name": "bench", "language": "scala"}))
        os.environ["JUPYTER_PATH"] = str(pathlib.Path(tmp))
        self.km = KernelManager(kernel_name="dstream-bench")
        self.km.ip = "127.0.0.1"
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=30)

    def run(self, code, timeout=600):
        """Runs a cell; returns (seconds, text output, error or None)."""
        t0 = time.perf_counter()
        out, err = [], None
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: self._collect(m, out))
        dt = time.perf_counter() - t0
        if reply["content"]["status"] != "ok":
            err = f'{reply["content"].get("ename")}: {reply["content"].get("evalue")}'
        return dt, "".join(out), err

    @staticmethod
    def _collect(msg, out):
        c = msg["content"]
        if msg["msg_type"] == "stream":
            out.append(c["text"])
        elif msg["msg_type"] in ("execute_result", "display_data"):
            out.append(c["data"].get("text/plain", "") + "\n")
        elif msg["msg_type"] == "error":
            out.append(f'{c["ename"]}: {c["evalue"]}\n')

    def peak_rss_mb(self):
        pid = self.km.provisioner.process.pid
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def tweets_file(path, n):
    """n synthetic tweets as JSON lines of about 190 bytes (the writer sample's fields)."""
    rnd = random.Random(7)
    langs = ["en", "en", "en", "es", "fr", "de", "ja"]
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"createdAt": "Nov 24, 2026, 1:36:20 PM", "id": 1330000000000000000 + i,
                                "lang": rnd.choice(langs), "retweetCount": rnd.randrange(100),
                                "text": "Streaming with spark and kafka #spark",
                                "user": {"name": f"user{rnd.randrange(10000)}", "friendsCount": rnd.randrange(2000),
                                         "followersCount": rnd.randrange(50000)}}, separators=(",", ":")) + "\n")


def real_broker():
    r = subprocess.run(["bash", str(REPO / "tests/kafka/broker.sh"), "start"], capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()[-300:]
    return r.stdout.strip().splitlines()[-1], None


def reader_pipeline(tmp, broker_name, bootstrap, n):
    """(kernel records/s, kcat records/s) or an error string."""
    data = os.path.join(tmp, f"tweets-{n}.json")
    if not os.path.exists(data):
        tweets_file(data, n)
    topic = f"bench-{broker_name}-{n}-{int(time.time())}"
    s = Session(tmp)
    try:
        conf = {"conf": {"kafka.bootstrap.servers": bootstrap}} if bootstrap else {"conf": {}}
        _, out, err = s.run("%%configure -f\n" + json.dumps(conf))
        if err:
            return f"%%configure: {err}"
        _, out, err = s.run(f"%topic create {topic} --partitions 8 --replication-factor 1")
        if err:
            return f"%topic create: {err}"
        if not bootstrap:
            _, out, err = s.run("%kafka")
            boot = [l for l in out.splitlines() if "127.0.0.1:" in l]
            if not boot:
                return f"could not find the embedded broker's address in %kafka: {out[:200]}"
            bootstrap_used = boot[0][boot[0].index("127.0.0.1:"):].split()[0].strip(",")
        else:
            bootstrap_used = bootstrap
        subprocess.run(["kcat", "-P", "-b", bootstrap_used, "-t", topic, "-l", data], check=True)
        # best of ROUNDS for both: the first read of a fresh topic pays one-time costs (the real
        # broker creates its offsets topic at the first group, the JVM warms up)
        kcat_s = dt = float("inf")
        for rnd in range(ROUNDS):
            t0 = time.perf_counter()
            c = subprocess.run(["kcat", "-C", "-b", bootstrap_used, "-t", topic, "-e", "-q", "-o", "beginning"],
                               stdout=subprocess.PIPE, check=True)
            kcat_s = min(kcat_s, time.perf_counter() - t0)
            got = c.stdout.count(b"\n")
            setup = (
                "import org.apache.spark.streaming._\n"
                "import org.apache.spark.streaming.kafka010._\n"
                "import org.apache.spark.streaming.kafka010.LocationStrategies._\n"
                "import org.apache.spark.streaming.kafka010.ConsumerStrategies._\n"
                "import spark.implicits._\n"
                "StreamingContext.getActive.foreach { _.stop(stopSparkContext = false) }\n"
                "val ssc = new StreamingContext(sc, Seconds(2))\n"
                f"val params = Map[String, Object](\"bootstrap.servers\" -> \"{bootstrap or ''}\", \"group.id\" -> \"bench-{rnd}\", "
                "\"auto.offset.reset\" -> \"earliest\", \"enable.auto.commit\" -> (false: java.lang.Boolean))\n"
                f"val stream = KafkaUtils.createDirectStream[String, String](ssc, PreferConsistent, Subscribe[String, String](Array(\"{topic}\"), params))\n"
                "var total = 0L\n"
                "stream.map(record => record.value).foreachRDD { rdd =>\n"
                "  total += spark.read.json(rdd).select($\"id\", $\"createdAt\", $\"lang\", $\"retweetCount\", "
                "$\"user.name\".as(\"user_name\"), $\"user.friendsCount\".as(\"friends\"), $\"user.followersCount\".as(\"followers\")).count()\n"
                "}\n")
            _, out, err = s.run(setup)
            if err:
                return f"pipeline set-up: {err}"
            step_s, out, err = s.run("ssc.step(1)\ntotal")
            if err:
                return f"pipeline: {err}"
            # the embedded broker keeps only the newest few MiB per partition: both read what is kept
            if f"= {got}" not in out:
                return f"pipeline counted {out.strip()[-80:]}, expected {got} as kcat read ({n} produced)"
            dt = min(dt, step_s)
        return got / dt, got / kcat_s, got
    finally:
        s.close()


def window_memory(tmp, n):
    """(peak RSS MB, bytes held MB) holding a 1-minute window at 10k records/s for n records."""
    s = Session(tmp)
    try:
        setup = (
            "import org.apache.spark.streaming._\n"
            "import org.apache.spark.rdd.RDD\n"
            "val ssc = new StreamingContext(sc, Seconds(1))\n"
            "val q = new scala.collection.mutable.Queue[RDD[String]]()\n"
            "val lines = ssc.queueStream(q)\n"
            "var held = 0L\n"
            "lines.window(Minutes(1), Seconds(1)).count().foreachRDD(rdd => held = rdd.first())\n"
            "val pad = \"x\" * 80\n"
            "def batch(b: Int) = sc.makeRDD((0 until 10000).map(i => s\"record $b $i $pad\"), 4)\n")
        _, out, err = s.run(setup)
        if err:
            return f"set-up: {err}"
        secs = n // 10000
        _, out, err = s.run(f"for (b <- 1 to {secs}) {{ q += batch(b); ssc.step(1) }}\nheld")
        if err:
            return f"window: {err}"
        held = min(secs, 60) * 10000
        if f"= {held}" not in out:
            return f"window held {out.strip()[-60:]}, expected {held}"
        return s.peak_rss_mb(), held * 100 / 1e6
    finally:
        s.close()


def main():
    if not os.access(BINARY, os.X_OK):
        print(f"kernel binary {BINARY} is missing: run make", file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix="dstream-bench-")
    try:
        print("reader pipeline (records/s): this kernel vs kcat -C, same topic, same run")
        print(f"{'broker':10} {'records':>9} {'kernel rec/s':>14} {'kcat rec/s':>14} {'ratio':>7}  target >= 0.5")
        bootstrap, why = real_broker()
        for name, boot, sizes in (("embedded", "", [x for x in SIZES if x <= 100000]),
                                  ("real", bootstrap, SIZES)):
            for n in sizes:
                if name == "real" and not bootstrap:
                    print(f"{name:10} {n:>9} real broker unavailable: {why}")
                    continue
                r = reader_pipeline(tmp, name, boot, n)
                if isinstance(r, str):
                    print(f"{name:10} {n:>9} error: {r}")
                else:
                    kept = "" if r[2] == n else f"  ({n:,} produced; the broker kept {r[2]:,})"
                    print(f"{name:10} {r[2]:>9} {r[0]:>14,.0f} {r[1]:>14,.0f} {r[0] / r[1]:>7.2f}{kept}")
        print()
        print("window memory: 1-minute window over 10k records/s (about 100-byte records)")
        print(f"{'records':>9} {'peak RSS MB':>12} {'held data MB':>13} {'RSS/data':>9}")
        for n in SIZES:
            r = window_memory(tmp, n)
            if isinstance(r, str):
                print(f"{n:>9} error: {r}")
            else:
                print(f"{n:>9} {r[0]:>12.1f} {r[1]:>13.1f} {r[0] / r[1]:>9.2f}")
    finally:
        subprocess.run(["bash", str(REPO / "tests/kafka/broker.sh"), "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
