"""test_prefetch_headers.py — a read-ahead fetched without headers must not reach a reader that needs them.

spark.read.json over `rdd.map(_.value)` reads a KafkaRDD's values as texts. Those fetches do not copy
the records' headers (kernel/kafka/batch.h `no_headers`). At the end of its schema pass, read.json
of records too wide to load during that pass (session.c `Stage`) starts a read-ahead of partition
0's texts for pass 2 (session.c `next_piece`, wrap; kafka_rdd.c
`krdd_prefetch`). Pass 2 only runs when the DataFrame is used, so that read-ahead is still waiting
when the foreachRDD goes on to read the same RDD's headers. A partition of up to TEXTS_CHUNK (65536)
records has a texts piece with the same [from, until) as the whole partition. So only the
`no_headers` part of the match in `krdd_fetch_range` (`no_headers || !pf->b.no_headers`) makes a
headers reader fetch again. Without it, the reader takes the headerless records and every
`r.headers` is silently empty.

The program runs in the kernel (`dstream-kernel --run`, one batch on the virtual clock, `ssc.step`)
over a fresh 1-partition topic on the embedded broker. kcat writes each record with its own headers.
DSTREAM_TRACE_FETCH logs every fetch the KafkaRDD makes, with " (ahead" when it took a read-ahead.
The test checks:
  - a second read.json takes the first one's read-ahead of [0, N): this shows the scenario happens,
    i.e. a headerless read-ahead of the partition's whole range is waiting after a read.json;
  - after a read.json, `rdd.map(r => …r.headers…).collect()` and `rdd.collect()` of the
    ConsumerRecords each fetch [0, N) again, not from the read-ahead, and print exactly the headers
    kcat wrote.
"""

import os
import re
import subprocess
import uuid

import pytest

from conftest import kernel_binary
from kafka_fixtures import embedded_broker, kcat, kcli_path, runtime_dir, wait_topic  # noqa: F401

# Records of more members than read.json loads during its schema pass (session.c STAGE_LEAVES, 64):
# for them pass 2 reads the partition again, and the read-ahead this test needs is started.
WIDE = "".join(f', "w{i:02d}": {i}' for i in range(70))

# offset -> (value, headers as kcat -H takes them): each record has different headers
RECORDS = [
    ('{"n": 0%s}' % WIDE, ["src=alpha", "seq=0"]),
    ('{"n": 1%s}' % WIDE, ["src=beta"]),
    ('{"n": 2%s}' % WIDE, ["src=gamma", "seq=2", "lang=en"]),
    ('{"n": 3%s}' % WIDE, ["k=v=w"]),
]
COLUMNS = "n," + ",".join(f"w{i:02d}" for i in range(70))

PROGRAM = """import org.apache.kafka.common.serialization._
import org.apache.spark.streaming._
import org.apache.spark.streaming.kafka010._
val ssc = new StreamingContext(sc, Seconds(1))
val kafkaParams = Map[String, Object]("key.deserializer" -> classOf[StringDeserializer],
  "value.deserializer" -> classOf[StringDeserializer], "group.id" -> "%(group)s", "auto.offset.reset" -> "earliest")
val stream = KafkaUtils.createDirectStream[String, String](ssc, LocationStrategies.PreferConsistent,
  ConsumerStrategies.Subscribe[String, String](Array("%(topic)s"), kafkaParams))
def show(r: org.apache.kafka.clients.consumer.ConsumerRecord[String, String]): String =
  r.offset + ":" + r.headers.toArray.map(h => h.key + "=" + new String(h.value)).mkString(",")
stream.foreachRDD { rdd =>
  val first = spark.read.json(rdd.map(_.value))
  val second = spark.read.json(rdd.map(_.value))
  println("SCHEMA " + second.columns.mkString(","))
  val mapped = rdd.map(r => r.offset + ":" +
    r.headers.toArray.map(h => h.key + "=" + new String(h.value)).mkString(",")).collect()
  println("MAPPED " + mapped.mkString(" "))
  val third = spark.read.json(rdd.map(_.value))
  println("COLLECTED " + rdd.collect().map(show).mkString(" "))
}
ssc.step(1)
ssc.stop(stopSparkContext = false)
"""

TRACE_LINE = re.compile(r"fetch (\S+)-(\d+) \[(\d+),(\d+)\) (\d+) records \d+ ms( \(ahead(?:, waited)?\))?$")


def test_a_read_ahead_without_headers_is_not_taken_by_a_headers_reader(embedded_broker, tmp_path):  # noqa: F811
    topic = f"pfh-{uuid.uuid4().hex[:10]}"
    env = dict(os.environ)   # JUPYTER_RUNTIME_DIR: the session's embedded broker (runtime_dir)
    r = subprocess.run([kcli_path(), "embedded", "create", topic, "1", "1"], capture_output=True, text=True,
                       env=env, timeout=30)
    assert r.returncode == 0, f"could not create {topic} on the embedded broker: {r.stderr}"
    wait_topic(embedded_broker.bootstrap, topic, 1)
    for value, headers in RECORDS:   # one kcat a record: -H applies to every record of a run
        args = ["-P", "-b", embedded_broker.bootstrap, "-t", topic, "-p", "0"]
        for h in headers:
            args += ["-H", h]
        kcat(*args, input=value.encode() + b"\n")
    written = kcat("-C", "-b", embedded_broker.bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
                   "-f", "%o:%h\n").decode()
    n = len(RECORDS)
    each = [f"{o}:{','.join(h)}" for o, (_, h) in enumerate(RECORDS)]
    assert written.splitlines() == each, f"the broker does not hold the records with their headers: {written!r}"
    expected = " ".join(each)

    src = tmp_path / "prefetch_headers.scala"
    src.write_text(PROGRAM % {"topic": topic, "group": "pfh-" + uuid.uuid4().hex[:6]})
    trace = tmp_path / "fetches.txt"
    env["DSTREAM_TRACE_FETCH"] = str(trace)
    r = subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True, timeout=60, env=env,
                       cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    lines = {ln.split(" ", 1)[0]: ln.split(" ", 1)[1] for ln in r.stdout.splitlines()
             if ln.split(" ", 1)[0] in ("SCHEMA", "MAPPED", "COLLECTED") and " " in ln}
    assert lines.get("SCHEMA") == COLUMNS, out

    # what the KafkaRDD fetched, in order: (range, taken from a read-ahead)
    assert trace.exists(), f"DSTREAM_TRACE_FETCH wrote nothing: no fetch was traced\n{out}"
    fetches = []
    for ln in trace.read_text().splitlines():
        m = TRACE_LINE.match(ln)
        assert m, f"a trace line not in the expected form: {ln!r}"
        assert (m[1], m[2]) == (topic, "0"), ln
        fetches.append(((int(m[3]), int(m[4]), int(m[5])), m[6] is not None))
    whole = (0, n, n)
    assert [f for f, _ in fetches] == [whole] * 5, f"every fetch is the partition's whole range [0,{n}): {fetches}"
    ahead = [a for _, a in fetches]
    # 1 read.json #1's schema pass (fetches; leaves a texts read-ahead of [0,n)),
    # 2 read.json #2 takes it: so that read-ahead exists, of the very range the headers readers want,
    #   and read.json #2 leaves another one behind;
    # 3 rdd.map(..headers..).collect() must fetch again: it needs the headers;
    # 4 read.json #3 (fetches: no read-ahead was left, leaves one), 5 rdd.collect() must fetch again
    if ahead[1] is not True:
        pytest.fail(f"the scenario did not arise: read.json left no texts read-ahead of [0,{n}) for the next read "
                    f"to take (fetches: {fetches}); the test no longer covers the guard")

    # the headers exactly as written, each record its own
    assert lines.get("MAPPED") == expected, f"rdd.map(r => ..r.headers..).collect() after spark.read.json:\n{out}"
    assert lines.get("COLLECTED") == expected, f"rdd.collect() of the ConsumerRecords after spark.read.json:\n{out}"
    assert ahead == [False, True, False, False, False], (
        f"a reader of headers took a read-ahead fetched without headers (fetches: {fetches})\n{out}")
