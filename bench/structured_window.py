"""structured_window.py — `make bench` (issue 13): a windowed Kafka aggregation in Structured
Streaming, in real Spark and in this kernel: same Kafka broker, same data, same Scala text, printed
with ratios. Benchmarks print; they do not assert.

  query      spark.readStream.format("kafka") (earliest) -> from_json(value, ts/lang/retweetCount)
             -> withWatermark -> groupBy(window(ts, 10 seconds), lang).agg(count, sum) ->
             writeStream complete mode to a memory table, Trigger.AvailableNow; N records (~60-byte
             JSON, event times 10 ms apart) produced beforehand to an 8-partition topic of a real
             Apache Kafka broker (tests/kafka/broker.sh, private state directory). The program
             times start() to the end of awaitTermination() and prints the table's totals, which
             must agree; rows/s is best of ROUNDS (each round a new query from the earliest
             offset: the JVM's first round pays class loading and JIT). Peak RSS is VmHWM of the
             kernel process and of spark-shell's JVM (local[2]: the executors are in it).

Real Spark is spark-shell from the pyspark package with spark-sql-kafka-0-10 and its dependencies
from Maven Central (`make spark-deps`), Spark's defaults (spark.sql.shuffle.partitions 200).
Environment: DSTREAM_KERNEL, DSTREAM_KCLI (default build/kcli), BENCH_SIZES (default "100000"),
BENCH_SPARK_ROUNDS (default 2).
"""

import contextlib
import datetime
import json
import os
import random
import re
import sys

import spark_reader as sr
from streaming import Session

ROUNDS = int(os.environ.get("BENCH_SPARK_ROUNDS", "2"))

SETUP = """import org.apache.spark.sql.functions._
import org.apache.spark.sql.types._
import org.apache.spark.sql.streaming.Trigger
val schema = new StructType().add("ts", TimestampType).add("lang", StringType).add("retweetCount", IntegerType)
"""

# One round: @BOOTSTRAP@, @TOPIC@, @Q@ are filled in. The same text runs on both (spark-shell reads
# it line by line: a chain continues with a trailing dot, as a line that starts with one would
# apply to the previous line's result there).
ROUND = """val t0 = System.currentTimeMillis
val q = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "@BOOTSTRAP@").
  option("subscribe", "@TOPIC@").option("startingOffsets", "earliest").load().
  select(from_json(col("value").cast("string"), schema).as("t")).select("t.*").
  withWatermark("ts", "1 minute").
  groupBy(window(col("ts"), "10 seconds"), col("lang")).agg(count("*").as("n"), sum("retweetCount").as("rt")).
  writeStream.outputMode("complete").format("memory").queryName("@Q@").trigger(Trigger.AvailableNow()).start()
q.awaitTermination()
val seconds = (System.currentTimeMillis - t0) / 1000.0
val totals = spark.sql("select count(*), sum(n), sum(rt) from @Q@").collect()(0)
println("RESULT windows=" + totals.getLong(0) + " records=" + totals.getLong(1) + " rt=" + totals.getLong(2) + " seconds=" + seconds)
"""

RESULT = re.compile(r"^RESULT windows=(\d+) records=(\d+) rt=(\d+) seconds=([0-9.eE+-]+)$", re.M)


def events_file(path, n):
    """n events as JSON lines: event times 10 ms apart from a fixed start, a language, a count."""
    rnd = random.Random(13)
    langs = ["en", "en", "en", "es", "fr", "de", "ja"]
    start = datetime.datetime(2026, 12, 4, 10, 0, 0)
    with open(path, "w") as f:
        for i in range(n):
            ts = (start + datetime.timedelta(milliseconds=10 * i)).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
            f.write(json.dumps({"ts": ts, "lang": rnd.choice(langs), "retweetCount": rnd.randrange(100)},
                               separators=(",", ":")) + "\n")


def round_code(bootstrap, topic, q):
    return ROUND.replace("@BOOTSTRAP@", bootstrap).replace("@TOPIC@", topic).replace("@Q@", q)


def parse(out):
    """((windows, records, rt), seconds) from a round's output, or None."""
    m = RESULT.search(out)
    return ((int(m.group(1)), int(m.group(2)), int(m.group(3))), float(m.group(4))) if m else None


def run_spark(bootstrap, topic, n):
    """(best rows/s, peak RSS MB, totals, start-up s) or an error string."""
    try:
        sh = sr.run_scala.SparkShell(jars=sr.run_scala.connector_jars())
    except sr.run_scala.SparkMissing as e:
        return str(e)
    try:
        best, totals = 0.0, None
        sh.run([SETUP], timeout=120)
        for rnd in range(ROUNDS):
            out = sh.run([round_code(bootstrap, topic, f"spark_{rnd}")], timeout=1800)[0]
            r = parse(out)
            if not r or r[0][1] != n:
                return f"round {rnd + 1}: {sr.failure(out)}"
            best, totals = max(best, n / r[1]), r[0]
        return best, sr.java_peak_rss_mb(sh.proc.pid), totals, sh.startup_s
    finally:
        sh.close()


def run_kernel(tmp, bootstrap, topic, n):
    """(best rows/s, peak RSS MB, totals) or an error string."""
    with contextlib.closing(Session(tmp)) as s:
        _, out, err = s.run(SETUP)
        if err:
            return f"set-up: {err}"
        best, totals = 0.0, None
        for rnd in range(ROUNDS):
            _, out, err = s.run(round_code(bootstrap, topic, f"kernel_{rnd}"), timeout=1800)
            r = parse(out)
            if err or not r or r[0][1] != n:
                return f"round {rnd + 1}: {err or ''} {out.strip()[-600:]}"
            best, totals = max(best, n / r[1]), r[0]
        return best, s.peak_rss_mb(), totals


def main():
    return sr.compare("windowed Kafka aggregation (Structured Streaming) on a real broker: this kernel vs Spark 3.5 "
                      f"local[2] (spark-shell), same topic, same code, best of {ROUNDS}", "rows/s",
                      "totals (windows, records, retweets)", "structured", events_file, "bench-window",
                      run_kernel, run_spark)


if __name__ == "__main__":
    sys.exit(main())
