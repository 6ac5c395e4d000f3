"""spark_reader.py — `make bench` (issue 11): the reader sample's pipeline in real Spark and in this
kernel, same Kafka broker, same data, same Scala text, printed with ratios. Benchmarks print; they
do not assert.

  pipeline   KafkaUtils.createDirectStream -> map(_.value) -> foreachRDD { spark.read.json ->
             select (the sample's columns) -> count, per-language counts, show(5) } over N
             synthetic tweets (~190-byte JSON, bench/streaming.py's) produced beforehand to an
             8-partition topic of a real Apache Kafka broker (tests/kafka/broker.sh, private state
             directory). The first 2-second batch holds every record. The program times its batch
             from the batch's time to the end of its foreachRDD body (the batch's total delay: the
             Kafka fetch is in it on both sides, whether eager or lazy) and prints records and
             seconds; records/s is best
             of ROUNDS (each round a new StreamingContext and consumer group from the earliest
             offset: the JVM's first round pays class loading and JIT). Peak RSS is VmHWM of the
             kernel process and of spark-shell's JVM (Spark local[2]: the executors are in it),
             each started fresh for every size.

Real Spark is spark-shell from the pyspark package with the Kafka 0-10 connector jars from Maven
Central (`make spark-deps`; tests/spark/run_scala.py runs it), Spark's default driver memory.
Environment: DSTREAM_KERNEL, DSTREAM_KCLI (default build/kcli), BENCH_SIZES (default "100000"),
BENCH_SPARK_ROUNDS (default 2), BENCH_VERBOSE=1 prints both sides' show(5).
"""

import contextlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "spark"))
from streaming import BINARY, REPO, Session, tweets_file  # noqa: E402
import run_scala  # noqa: E402

SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "100000").split(",")]
ROUNDS = int(os.environ.get("BENCH_SPARK_ROUNDS", "2"))
VERBOSE = os.environ.get("BENCH_VERBOSE") == "1"
KCLI = os.environ.get("DSTREAM_KCLI") or str(REPO / "build" / "kcli")
PARTITIONS = 8

SETUP = """import org.apache.spark.streaming._
import org.apache.spark.streaming.kafka010._
import org.apache.spark.streaming.kafka010.LocationStrategies._
import org.apache.spark.streaming.kafka010.ConsumerStrategies._
import org.apache.kafka.common.serialization.StringDeserializer
import spark.implicits._
"""

# One round: @BOOTSTRAP@, @TOPIC@, @GROUP@, @N@ are filled in. The same text runs on both.
ROUND = """StreamingContext.getActive.foreach { _.stop(stopSparkContext = false) }
val ssc = new StreamingContext(sc, Seconds(2))
val kafkaParams = Map[String, Object]("bootstrap.servers" -> "@BOOTSTRAP@",
  "key.deserializer" -> classOf[StringDeserializer], "value.deserializer" -> classOf[StringDeserializer],
  "group.id" -> "@GROUP@", "auto.offset.reset" -> "earliest", "enable.auto.commit" -> (false: java.lang.Boolean))
val stream = KafkaUtils.createDirectStream[String, String](ssc, PreferConsistent, Subscribe[String, String](Array("@TOPIC@"), kafkaParams))
var total = 0L
var seconds = 0.0
var langs = ""
stream.map(record => record.value).foreachRDD { (rdd, time) =>
  if (!rdd.isEmpty) {
    val tweets = spark.read.json(rdd).select($"id", $"createdAt", $"lang", $"retweetCount",
      $"user.name".as("user_name"), $"user.friendsCount".as("friends"), $"user.followersCount".as("followers"))
    val n = tweets.count()
    langs = tweets.groupBy("lang").count().collect().map(r => r.getString(0) + "=" + r.getLong(1)).sorted.mkString(",")
    tweets.show(5)
    total += n
    seconds += (System.currentTimeMillis - time.milliseconds) / 1000.0
  }
}
ssc.start()
while (total < @N@) ssc.awaitTerminationOrTimeout(100)
ssc.stop(stopSparkContext = false)
println("RESULT records=" + total + " seconds=" + seconds + " langs=" + langs)
"""

RESULT = re.compile(r"^RESULT records=(\d+) seconds=([0-9.eE+-]+) langs=(.*)$", re.M)


def round_code(bootstrap, topic, group, n):
    return (ROUND.replace("@BOOTSTRAP@", bootstrap).replace("@TOPIC@", topic)
            .replace("@GROUP@", group).replace("@N@", str(n)))


def parse(out):
    """(records, seconds, langs) from a round's output, or None."""
    m = RESULT.search(out)
    return (int(m.group(1)), float(m.group(2)), m.group(3)) if m else None


def start_broker(state):
    env = dict(os.environ, DSTREAM_KAFKA_STATE=state)
    default = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"dstream-kafka-{os.getuid()}"
    for f in ("classpath.txt", "classpath.pom.sha"):     # reuse a resolved classpath (no Maven run)
        if (default / f).exists():
            shutil.copy(default / f, pathlib.Path(state) / f)
    r = subprocess.run(["bash", str(REPO / "tests/kafka/broker.sh"), "start"], capture_output=True,
                       text=True, env=env)
    if r.returncode != 0:
        return None, r.stderr.strip()[-300:]
    return r.stdout.strip().splitlines()[-1], None


def stop_broker(state):
    subprocess.run(["bash", str(REPO / "tests/kafka/broker.sh"), "stop"], capture_output=True,
                   env=dict(os.environ, DSTREAM_KAFKA_STATE=state))


def produce(bootstrap, topic, data):
    r = subprocess.run([KCLI, "create", bootstrap, topic, str(PARTITIONS)], capture_output=True, text=True)
    if r.returncode != 0:
        return f"kcli create: {r.stderr.strip()[-200:]}"
    r = subprocess.run(["kcat", "-P", "-b", bootstrap, "-t", topic, "-l", data], capture_output=True, text=True)
    if r.returncode != 0:
        return f"kcat -P: {r.stderr.strip()[-200:]}"
    return None


def java_peak_rss_mb(pid):
    """VmHWM of the largest process under pid (spark-shell's JVM under its launcher scripts)."""
    best, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    best = max(best, int(line.split()[1]))
            for t in os.listdir(f"/proc/{p}/task"):
                todo += [int(c) for c in open(f"/proc/{p}/task/{t}/children").read().split()]
        except OSError:
            continue
    return best / 1024


def failure(out):
    """What a failed round printed: its first exception or error line (a stack trace's tail says
    nothing), else the output's end."""
    for line in out.splitlines():
        if re.search(r"(Exception|Error)\b", line) and not line.lstrip().startswith("at "):
            return line.strip()[:600]
    return out.strip()[-600:]


def run_spark(bootstrap, topic, n):
    """(best records/s, peak RSS MB, langs, start-up s) or an error string."""
    try:
        sh = run_scala.SparkShell(jars=run_scala.connector_jars())
    except run_scala.SparkMissing as e:
        return str(e)
    try:
        best, langs = 0.0, None
        sh.run([SETUP], timeout=120)
        for rnd in range(ROUNDS):
            out = sh.run([round_code(bootstrap, topic, f"spark-{topic}-{rnd}", n)], timeout=1800)[0]
            r = parse(out)
            if not r or r[0] != n:
                return f"round {rnd + 1}: {failure(out)}"
            if VERBOSE:
                print(out)
            best, langs = max(best, r[0] / r[1]), r[2]
        return best, java_peak_rss_mb(sh.proc.pid), langs, sh.startup_s
    finally:
        sh.close()


def run_kernel(tmp, bootstrap, topic, n):
    """(best records/s, peak RSS MB, langs) or an error string."""
    with contextlib.closing(Session(tmp)) as s:
        _, out, err = s.run("%%configure -f\n" + json.dumps({"conf": {"kafka.bootstrap.servers": bootstrap}}))
        if err:
            return f"%%configure: {err}"
        _, out, err = s.run(SETUP)
        if err:
            return f"set-up: {err}"
        best, langs = 0.0, None
        for rnd in range(ROUNDS):
            _, out, err = s.run(round_code(bootstrap, topic, f"kernel-{topic}-{rnd}", n), timeout=1800)
            r = parse(out)
            if err or not r or r[0] != n:
                return f"round {rnd + 1}: {err or ''} {out.strip()[-600:]}"
            if VERBOSE:
                print(out)
            best, langs = max(best, r[0] / r[1]), r[2]
        return best, s.peak_rss_mb(), langs


def compare(title, unit, what, tmp_prefix, make_data, topic_prefix, run_kernel, run_spark):
    """The benches' one driver: for each of SIZES, data made by make_data(path, n) produced to a new
    topic of a private real broker, then run_kernel(tmp, bootstrap, topic, n) and
    run_spark(bootstrap, topic, n) (each (rate, peak RSS MB, result…) or an error string), printed
    as a row of rates and RSS with their ratios and whether the results (what) agree."""
    missing = [w for w, ok in ((f"the kernel {BINARY} (make)", os.access(BINARY, os.X_OK)),
                               (f"kcli {KCLI} (make kcli)", os.access(KCLI, os.X_OK)),
                               ("kcat (make deps)", shutil.which("kcat"))) if not ok]
    if missing:
        print(f"{tmp_prefix}: missing " + ", ".join(missing), file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix=f"dstream-bench-{tmp_prefix}-")
    state = os.path.join(tmp, "kafka")
    os.mkdir(state)
    try:
        print(title)
        bootstrap, why = start_broker(state)
        if not bootstrap:
            print(f"real broker unavailable: {why}")
            return 0
        print(f"{'records':>9} {'kernel ' + unit:>14} {'Spark ' + unit:>13} {'ratio':>6} "
              f"{'kernel RSS MB':>14} {'Spark RSS MB':>13} {'RSS ratio':>9}  same {what}")
        for n in SIZES:
            data = os.path.join(tmp, f"data-{n}.json")
            make_data(data, n)
            topic = f"{topic_prefix}-{n}-{int(time.time())}"
            err = produce(bootstrap, topic, data)
            if err:
                print(f"{n:>9} error: {err}")
                continue
            k = run_kernel(tmp, bootstrap, topic, n)
            sp = run_spark(bootstrap, topic, n)
            if isinstance(k, str) or isinstance(sp, str):
                print(f"{n:>9} error: kernel: {k if isinstance(k, str) else 'ok'}; "
                      f"Spark: {sp if isinstance(sp, str) else 'ok'}")
                continue
            print(f"{n:>9} {k[0]:>14,.0f} {sp[0]:>13,.0f} {k[0] / sp[0]:>6.2f} "
                  f"{k[1]:>14.0f} {sp[1]:>13.0f} {k[1] / sp[1]:>9.2f}  {'yes' if k[2] == sp[2] else 'NO'}"
                  f"  (spark-shell start-up {sp[3]:.1f} s)")
            if k[2] != sp[2]:
                print(f"          {what}: kernel {k[2]}; Spark {sp[2]}")
    finally:
        stop_broker(state)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def main():
    return compare("reader pipeline on a real Kafka broker: this kernel vs Spark 3.5 local[2] (spark-shell), "
                   f"same topic, same code, best of {ROUNDS}", "rec/s", "per-language counts", "spark",
                   tweets_file, "bench-spark", run_kernel, run_spark)


if __name__ == "__main__":
    sys.exit(main())
