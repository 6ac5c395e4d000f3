"""test_kafka.py — Kafka from cells, through jupyter_client against the real kernel binary, on
the embedded broker and on a real Apache Kafka broker (kafka_fixtures.py starts both):
producer and consumer classes, kcat interop byte for byte, 100k records, topic magics,
consumer group resume, unreachable brokers, interrupts, secrets, %%configure, %%produce,
%consume, and the direct stream on a virtual clock (ssc.step)."""

import json
import re
import threading
import time
import uuid

import pytest

from conftest import TIMEOUT, iopub_for, shell_reply
from kafka_fixtures import (broker, embedded_broker, kcat, real_broker, runtime_dir,  # noqa: F401
                            wait_topic)


@pytest.fixture(autouse=True)
def _private_runtime(runtime_dir):  # noqa: F811
    """Every kernel of these tests finds (or starts) the session's own embedded broker."""
    yield


class Out:
    def __init__(self, reply, msgs):
        self.reply = reply
        self.msgs = msgs
        self.status = reply["content"]["status"]
        self.stdout = "".join(m["content"]["text"] for m in msgs
                              if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        self.stderr = "".join(m["content"]["text"] for m in msgs
                              if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.displays = [m["content"]["data"] for m in msgs if m["msg_type"] in ("display_data", "execute_result")]
        self.ename = reply["content"].get("ename")
        self.evalue = reply["content"].get("evalue", "")

    @property
    def text(self):
        return self.stdout + "".join(d.get("text/plain", "") for d in self.displays)

    def ok(self):
        assert self.status == "ok", f"{self.ename}: {self.evalue}\n{self.stdout}\n{self.stderr}"
        return self


# What the cells below use, imported as a notebook's first cell does (spark-shell needs them too)
IMPORTS = """import org.apache.kafka.clients.producer._
import org.apache.kafka.clients.consumer._
import org.apache.kafka.common.serialization._
import org.apache.kafka.common.TopicPartition
import org.apache.spark.streaming._
import org.apache.spark.streaming.kafka010._
import org.apache.spark.streaming.kafka010.LocationStrategies._
import org.apache.spark.streaming.kafka010.ConsumerStrategies._
import org.apache.spark.SparkConf"""


@pytest.fixture
def cell(kc):
    reply = shell_reply(kc, kc.execute(IMPORTS), 30)
    assert reply["content"]["status"] == "ok", reply["content"]

    def _cell(code, timeout=60, stdin=None):
        msg_id = kc.execute(code, allow_stdin=stdin is not None)
        if stdin is not None:
            req = kc.get_stdin_msg(timeout=timeout)
            assert req["msg_type"] == "input_request"
            stdin["prompt"] = req["content"]["prompt"]
            stdin["password"] = req["content"]["password"]
            kc.input(stdin["value"])
        reply = shell_reply(kc, msg_id, timeout)
        return Out(reply, iopub_for(kc, msg_id, timeout))
    return _cell


@pytest.fixture
def use(broker, cell):  # noqa: F811
    """The kernel pointed at the parametrised broker; returns the broker."""
    if broker.kind == "real":
        cell('%%configure -f\n{"conf": {"kafka.bootstrap.servers": "' + broker.bootstrap + '"}}').ok()
    return broker


def topic_name(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_topic(cell, bootstrap, topic, partitions):
    out = cell(f"%topic create {topic} --partitions {partitions} --replication-factor 1").ok()
    assert f"Created topic {topic}." in out.stdout
    wait_topic(bootstrap, topic, partitions)


def kcat_records(bootstrap, topic):
    """Every record of the topic as (partition, offset, key, value) via kcat -J."""
    raw = kcat("-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-J")
    out = []
    for line in raw.decode("utf-8").splitlines():
        if not line.strip():
            continue
        j = json.loads(line)
        out.append((j["partition"], j["offset"], j["key"], j["payload"]))
    return sorted(out)


PRODUCER = '''
val props = new java.util.Properties()
props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "")
props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer")
props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, classOf[StringSerializer])
val producer = new KafkaProducer[String, String](props)
'''


# ---- producer from a cell, read with kcat ----------------------------------------------------

def test_produce_from_cell_read_with_kcat(use, cell):
    t = topic_name()
    create_topic(cell, use.bootstrap, t, 3)
    values = ["plain", "tab\there", 'quote " and \\\\ backslash', "ünïcödé ✓ 🚀", ""]
    code = PRODUCER + "\n".join([
        f'producer.send(new ProducerRecord[String, String]("{t}", 0, "k0", "{values[0]}"))',
        f'producer.send(new ProducerRecord[String, String]("{t}", 1, "k1", "tab\\there"))',
        f'producer.send(new ProducerRecord[String, String]("{t}", 2, null, "quote \\" and \\\\ backslash"))',
        f'producer.send(new ProducerRecord[String, String]("{t}", 2, "ключ", "{values[3]}"))',
        f'producer.send(new ProducerRecord[String, String]("{t}", 1, "empty", ""))',
        'producer.close()',
        'println("done")',
    ])
    out = cell(code).ok()
    assert "done" in out.stdout
    got = kcat_records(use.bootstrap, t)
    assert got == sorted([
        (0, 0, "k0", "plain"),
        (1, 0, "k1", "tab\there"),
        (1, 1, "empty", ""),
        (2, 0, None, 'quote " and \\ backslash'),
        (2, 1, "ключ", "ünïcödé ✓ 🚀"),
    ])


def test_keyed_records_land_where_java_puts_them(use, cell):
    """murmur2 partitioning of keys, as Java's DefaultPartitioner (checked against kafka-clients)."""
    t = topic_name()
    create_topic(cell, use.bootstrap, t, 4)
    cell(PRODUCER + f'for (i <- 0 until 12) producer.send(new ProducerRecord("{t}", "k" + i, "v" + i))\n'
         'producer.close()').ok()
    got = kcat_records(use.bootstrap, t)
    assert len(got) == 12
    part_of = {k: p for p, _, k, _ in got}
    expected = {f"k{i}": (murmur2(f"k{i}".encode()) & 0x7FFFFFFF) % 4 for i in range(12)}
    assert part_of == expected


def murmur2(data):
    """Kafka's Utils.murmur2 (the DefaultPartitioner's hash), on unsigned 32-bit arithmetic."""
    n = len(data)
    m, r = 0x5BD1E995, 24
    h = (0x9747B28C ^ n) & 0xFFFFFFFF
    for i in range(n // 4):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest, base = n % 4, n & ~3
    if rest == 3:
        h ^= data[base + 2] << 16
    if rest >= 2:
        h ^= data[base + 1] << 8
    if rest >= 1:
        h ^= data[base]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


def test_callbacks_futures_and_metadata(use, cell):
    t = topic_name()
    create_topic(cell, use.bootstrap, t, 1)
    out = cell(PRODUCER + f'''
var seen = List[String]()
for (i <- 0 until 5) producer.send(new ProducerRecord("{t}", "v" + i), (m: RecordMetadata, e: Exception) => {{
  seen = seen :+ (m.topic + "/" + m.partition + "@" + m.offset + " " + (e == null))
}})
val md = producer.send(new ProducerRecord("{t}", "last")).get()
producer.flush()
println(seen.mkString(","))
println(md.offset + " " + md)
producer.close()
''').ok()
    assert f"{t}/0@0 true,{t}/0@1 true,{t}/0@2 true,{t}/0@3 true,{t}/0@4 true" in out.stdout
    assert f"5 {t}-0@5" in out.stdout


# ---- produce with kcat, consume from a cell ----------------------------------------------------

def test_kcat_produce_then_consume_in_cell(use, cell):
    t = topic_name()
    create_topic(cell, use.bootstrap, t, 2)
    lines = [f"key{i}\tvalue {i} ✓" for i in range(20)]
    kcat("-P", "-b", use.bootstrap, "-t", t, "-K", "\t", "-p", "1", input=("\n".join(lines) + "\n").encode())
    out = cell(f'''
val props = new java.util.Properties()
props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "")
props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, classOf[StringDeserializer])
props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringDeserializer")
val consumer = new KafkaConsumer[String, String](props)
consumer.assign(java.util.Arrays.asList(new TopicPartition("{t}", 0), new TopicPartition("{t}", 1)))
consumer.seekToBeginning(java.util.Arrays.asList(new TopicPartition("{t}", 1)))
var n = 0
var tries = 0
while (n < 20 && tries < 50) {{
  val records = consumer.poll(java.time.Duration.ofMillis(500))
  for (r <- records.asScala) {{ n += 1; println("R|" + r.topic + "|" + r.partition + "|" + r.offset + "|" + r.key + "|" + r.value()) }}
  tries += 1
}}
consumer.close()
''').ok()
    rows = [line.split("|") for line in out.stdout.splitlines() if line.startswith("R|")]
    assert rows == [["R", t, "1", str(i), f"key{i}", f"value {i} ✓"] for i in range(20)]


def test_100k_records_from_a_cell_all_delivered(use, cell):
    t = topic_name("big")
    create_topic(cell, use.bootstrap, t, 4)
    out = cell(PRODUCER + f'''
var i = 0
while (i < 100000) {{ producer.send(new ProducerRecord[String, String]("{t}", "k" + i, "record number " + i)); i += 1 }}
producer.flush()
println(producer.metrics())
producer.close()
''', timeout=300).ok()
    assert "record-delivered-total=100000" in out.stdout.replace(" ", "") or "record-delivered-total -> 100000" in out.stdout
    raw = kcat("-C", "-b", use.bootstrap, "-t", t, "-o", "beginning", "-e", "-q", "-f", "%s\n", timeout=120)
    vals = raw.decode().splitlines()
    assert len(vals) == 100000
    assert set(vals) == {f"record number {i}" for i in range(100000)}


# ---- topics ----------------------------------------------------------------------------------

def test_topic_create_describe_list_delete(use, cell):
    t = topic_name("adm")
    if use.kind == "embedded":   # the embedded broker takes no topic configs, and says so
        out = cell(f"%topic create {t} --partitions 3 --config retention.ms=3600000")
        assert out.ename == "org.apache.kafka.common.errors.InvalidConfigurationException" and "embedded" in out.evalue
        out = cell(f"%topic create {t} --partitions 3 --replication-factor 1").ok()
    else:
        out = cell(f"%topic create {t} --partitions 3 --replication-factor 1 --config retention.ms=3600000").ok()
    assert f"Created topic {t}." in out.stdout
    wait_topic(use.bootstrap, t, 3)
    kcat("-P", "-b", use.bootstrap, "-t", t, "-p", "2", input=b"a\nb\nc\n")
    out = cell(f"%topic describe {t}").ok()
    assert f"Topic: {t}\tPartitionCount: 3" in out.stdout
    assert "Messages: 3" in out.stdout
    html = [d["text/html"] for d in out.displays if "text/html" in d]
    assert html and "<th>partition</th>" in html[0] and "<th>isr</th>" in html[0]
    out = cell("%topics").ok()
    d = [d for d in out.displays if "text/html" in d][0]
    row = [line for line in d["text/plain"].splitlines() if line.startswith(t + " ")]
    assert row and re.match(rf"{t}\s+\|\s+3\s+\|\s+\d+\s+\|\s+3$", row[0]), d["text/plain"]
    # creating it again as it is does nothing (issue 9, defect 13: a notebook run twice) ...
    for again in (f"%topic create {t} --partitions 3 --replication-factor 1", f"%topic create {t} --partitions 3",
                  f"%topic create {t}"):
        out = cell(again).ok()
        assert f"Topic {t} already exists with 3 partitions: nothing to do." in out.stdout, out.stdout
    # ... asking for other partitions is Kafka's TopicExistsException, saying what differs
    out = cell(f"%topic create {t} --partitions 5 --replication-factor 1")
    assert out.ename == "org.apache.kafka.common.errors.TopicExistsException", (out.ename, out.stdout)
    assert "TOPIC_ALREADY_EXISTS" in out.evalue
    assert f"Topic '{t}' already exists with 3 partitions, not the 5 this cell asks for" in out.evalue, out.evalue
    assert f"%topic delete {t}" in out.evalue
    out = cell(f"%topic create {t} --partitions 5 --if-not-exists").ok()
    assert f"Topic {t} already exists with 3 partitions (not the number asked for; --if-not-exists keeps it)" in out.stdout
    out = cell(f"%topic describe {t}").ok()
    assert f"Topic: {t}\tPartitionCount: 3" in out.stdout and "Messages: 3" in out.stdout
    out = cell(f"%topic delete {t}").ok()
    assert f"Deleted topic {t}." in out.stdout
    out = cell(f"%topic describe {t}")
    assert out.ename == "org.apache.kafka.common.errors.UnknownTopicOrPartitionException"
    assert "UNKNOWN_TOPIC_OR_PART" in out.evalue
    out = cell("%topics").ok()
    d = [d for d in out.displays if "text/html" in d][0]
    assert not [line for line in d["text/plain"].splitlines() if line.startswith(t + " ")], d["text/plain"]
    out = cell(f"%topic delete {t}")
    assert out.ename == "org.apache.kafka.common.errors.UnknownTopicOrPartitionException"
    if use.kind == "embedded":   # its records are still in memory: the name is not reusable
        out = cell(f"%topic create {t} --partitions 1 --replication-factor 1")
        assert out.ename == "org.apache.kafka.common.errors.TopicExistsException"
        assert "was deleted on the embedded broker" in out.evalue


def test_topic_usage_errors(cell):
    for bad, frag in [("%topic", "%topic create NAME"), ("%topic frobnicate x", "unknown %topic command"),
                      ("%topic create", "needs a topic name"), ("%topic create x --partitions zero", "--partitions needs"),
                      ("%consume", "%consume TOPIC"), ("%consume t --from sideways", "--from needs"),
                      ("%consume t --timeout soon", "--timeout needs"), ("%%produce", "%%produce TOPIC"),
                      ("%%configure\nnot json", "needs a JSON object")]:
        out = cell(bad)
        assert out.ename == "UsageError", (bad, out.ename, out.evalue)
        assert frag in out.evalue, (bad, out.evalue)
    cell("1 + 1").ok()


# ---- consumer groups -----------------------------------------------------------------------------

def test_consumer_group_commit_and_resume(use, cell):
    t = topic_name("grp")
    g = "group-" + uuid.uuid4().hex[:8]
    create_topic(cell, use.bootstrap, t, 1)
    kcat("-P", "-b", use.bootstrap, "-t", t, input="".join(f"m{i}\n" for i in range(10)).encode())
    consume = f'''
val props = new java.util.HashMap[String, Object]()
props.put("group.id", "{g}")
props.put("auto.offset.reset", "earliest")
props.put("enable.auto.commit", "false")
props.put("max.poll.records", "4")
val consumer = new KafkaConsumer[String, String](props)
consumer.subscribe(List("{t}"))
var got = List[String]()
var tries = 0
while (got.isEmpty && tries < 40) {{ got = consumer.poll(java.time.Duration.ofMillis(500)).asScala.map(_.value).toList; tries += 1 }}
println("GOT " + got.mkString(","))
consumer.commitSync()
println("COMMITTED " + consumer.committed(new TopicPartition("{t}", 0)).offset)
consumer.close()
'''
    out = cell(consume).ok()
    assert "GOT m0,m1,m2,m3" in out.stdout
    assert "COMMITTED 4" in out.stdout
    out = cell(consume).ok()
    assert "GOT m4,m5,m6,m7" in out.stdout
    assert "COMMITTED 8" in out.stdout
    # %consume with the same group continues from the commit too
    out = cell(f"%consume {t} --group {g} --max 5").ok()
    text = [d["text/plain"] for d in out.displays][0]
    assert "m8" in text and "m9" in text and "m7" not in text


# ---- trouble ---------------------------------------------------------------------------------

def test_unreachable_brokers_bounded_error_then_usable(cell):
    cell('%%configure\n{"conf": {"kafka.bootstrap.servers": "127.0.0.1:1"}}').ok()
    t0 = time.monotonic()
    out = cell(PRODUCER + 'producer.send(new ProducerRecord("x", "v"))', timeout=40)
    took = time.monotonic() - t0
    assert out.status == "error"
    assert out.ename == "org.apache.kafka.common.errors.TimeoutException", out.ename
    assert "_TIMED_OUT" in out.evalue and "127.0.0.1:1" in out.evalue, out.evalue
    assert "What to do: start the broker" in out.evalue and "embedded broker" in out.evalue, out.evalue
    assert took < 13, took
    # configurable: max.block.ms
    t0 = time.monotonic()
    out = cell('''
val p2 = new java.util.Properties()
p2.put("max.block.ms", "1500")
val c2 = new KafkaConsumer[String, String](p2)
c2.assign(List(new TopicPartition("x", 0)))
c2.poll(java.time.Duration.ofSeconds(30))''', timeout=40)
    took = time.monotonic() - t0
    assert out.status == "error" and "127.0.0.1:1" in out.evalue, out.evalue
    assert took < 5, took
    t0 = time.monotonic()
    out = cell("%topics", timeout=40)
    assert out.status == "error" and "127.0.0.1:1" in out.evalue and time.monotonic() - t0 < 13
    assert "%kafka shows the brokers" in out.evalue, out.evalue      # the magics say what to do too
    out = cell("1 + 1").ok()
    assert "res" in out.text and "2" in out.text


def test_produce_cell_to_unreachable_broker_fails_cleanly(cell):
    """Issue 9, defect 8: a %%produce none of whose records got anywhere left the producer with no
    partition ranges, and summing them up called qsort(NULL, 0, …) — UBSan ended the sanitizer
    build's kernel.  It is an error naming the broker, and the kernel goes on."""
    cell('%%configure -f\n{"conf": {"kafka.bootstrap.servers": "127.0.0.1:1"}}').ok()
    out = cell("%%produce t\none", timeout=120)
    assert out.status == "error", (out.stdout, out.stderr)
    assert "127.0.0.1:1" in out.evalue, out.evalue
    out = cell("1 + 1").ok()
    assert "2" in out.text


def test_interrupt_during_long_poll(use, kernel, cell):
    km, kc = kernel
    t = topic_name("idle")
    create_topic(cell, use.bootstrap, t, 1)
    code = f'''
val props = new java.util.Properties()
val consumer = new KafkaConsumer[String, String](props)
consumer.assign(List(new TopicPartition("{t}", 0)))
consumer.poll(java.time.Duration.ofSeconds(60))'''
    msg_id = kc.execute(code)
    time.sleep(1.5)
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, 20)
    assert time.monotonic() - t0 < 3
    assert reply["content"]["status"] == "error"
    assert "nterrupt" in reply["content"]["ename"] + reply["content"]["evalue"]
    iopub_for(kc, msg_id)
    cell("1 + 1").ok()


def test_record_too_large_is_kafkas_exception(use, cell):
    t = topic_name()
    create_topic(cell, use.bootstrap, t, 1)
    out = cell(PRODUCER + f'producer.send(new ProducerRecord("{t}", "x" * 2000000))')
    assert out.ename == "org.apache.kafka.common.errors.RecordTooLargeException", (out.ename, out.evalue)
    assert "MSG_SIZE_TOO_LARGE" in out.evalue
    # with a callback the exception goes to the callback, as in Java
    out = cell(f'''producer.send(new ProducerRecord("{t}", "x" * 2000000), (m: RecordMetadata, e: Exception) => println("CB " + e))
try {{ producer.close() }} catch {{ case e: Exception => println("CLOSE " + e.getMessage) }}''').ok()
    assert "CB org.apache.kafka.common.errors.RecordTooLargeException: MSG_SIZE_TOO_LARGE" in out.stdout
    assert "CLOSE KafkaProducer closed: 0 delivered, 1 failed" in out.stdout


def test_unknown_property_is_a_clear_error(cell):
    out = cell('val p = new java.util.Properties()\np.put("no.such.property", "1")\nnew KafkaProducer[String, String](p)')
    assert out.status == "error"
    assert "no.such.property" in out.evalue


# ---- secrets, %kafka, %%configure ------------------------------------------------------------

def test_secrets_masked_in_kafka_magic(use, cell):
    out = cell('%%configure -f\n{"conf": {"kafka.sasl.password": "hunter2-secret", '
               '"kafka.sasl.jaas.config": "org.apache.kafka.common.security.plain.PlainLoginModule required '
               'username=\\"alice\\" password=\\"jaas-secret\\";", "kafka.client.id": "nb"}}').ok()
    assert "hunter2-secret" not in out.stdout and "jaas-secret" not in out.stdout
    assert "kafka.sasl.password = ********" in out.stdout
    out = cell("%kafka").ok()
    text = out.text + "".join(d.get("text/html", "") for d in out.displays)
    assert "hunter2-secret" not in text and "jaas-secret" not in text
    assert "sasl.password = ********" in text
    assert 'password="********"' in text
    assert "client.id = nb" in text
    assert "Cluster id:" in text
    if use.kind == "embedded":
        assert "in memory only" in text and "5 MiB" in text
    else:
        assert use.bootstrap in text and "(%%configure)" in text


def test_password_prompt_for_a_property(cell):
    st = {"value": "s3cret"}
    out = cell('val p = new java.util.Properties()\np.put("sasl.password", "?")\n'
               'val c = new KafkaConsumer[String, String](p)\nprintln("made")', stdin=st).ok()
    assert st["password"] is True and "sasl.password" in st["prompt"]
    assert "made" in out.stdout and "s3cret" not in out.text
    st = {"value": "typed"}
    out = cell('val pw = KafkaSecrets.prompt("sasl.password")\nprintln(pw.length)', stdin=st).ok()
    assert st["password"] is True and "5" in out.stdout


def test_configure_applies_and_ignores(cell):
    out = cell('%%configure -f\n{"conf": {"spark.jars.packages": "org.apache.spark:spark-streaming-kafka-0-10_2.12:3.3.0", '
               '"spark.streaming.kafka.maxRatePerPartition": "100", "spark.app.name": "nb", '
               '"spark.executor.memory": "4g", "kafka.linger.ms": 5, "kafka.bogus.key": "x"}, "driverMemory": "1g"}').ok()
    t = out.stdout
    assert "spark.streaming.kafka.maxRatePerPartition = 100" in t
    assert "spark.app.name = nb" in t
    assert "kafka.linger.ms = 5" in t
    assert "spark.jars.packages: this kernel needs no jars: Kafka and Spark are built in" in t
    assert "spark.executor.memory:" in t and "driverMemory:" in t
    assert "kafka.bogus.key:" in t and "bogus.key" in t
    out = cell('println(sc.appName + " " + new SparkConf().get("spark.streaming.kafka.maxRatePerPartition"))').ok()
    assert "nb 100" in out.stdout


# ---- %%produce and %consume --------------------------------------------------------------------

def test_produce_and_consume_magics(use, cell):
    t = topic_name("mag")
    create_topic(cell, use.bootstrap, t, 2)
    out = cell(f"%%produce {t} --key-separator : --partition 1\nalpha:one\nbeta:two\nthree\n").ok()
    assert f"Produced 3 records to {t}: partition 1: offsets 0-2 (3)" in out.stdout
    assert kcat_records(use.bootstrap, t) == [(1, 0, "alpha", "one"), (1, 1, "beta", "two"), (1, 2, None, "three")]
    out = cell(f"%consume {t} --from earliest --max 10 --timeout 2s").ok()
    d = [d for d in out.displays if "text/html" in d][0]
    for h in ("partition", "offset", "timestamp", "key", "value"):
        assert f"<th>{h}</th>" in d["text/html"]
    lines = d["text/plain"].splitlines()
    assert re.match(r"partition \| offset \| timestamp\s+\| key\s+\| value", lines[0]), lines[0]
    assert "alpha" in d["text/plain"] and "three" in d["text/plain"] and "3 records from" in d["text/plain"]
    out = cell(f"%consume {t} --from -1").ok()
    d = [d for d in out.displays if "text/html" in d][0]
    assert "three" in d["text/plain"] and "alpha" not in d["text/plain"]
    # several line magics in one cell
    out = cell(f"%topic describe {t}\n%consume {t} --from 1 --max 1").ok()
    assert f"Topic: {t}" in out.stdout and any("beta" in d.get("text/plain", "") for d in out.displays)
    # latest waits for the timeout, then says nothing came
    t0 = time.monotonic()
    out = cell(f"%consume {t} --from latest --timeout 1s").ok()
    assert 0.9 < time.monotonic() - t0 < 8
    assert "none arrived" in out.text


def test_magic_completion(use, cell, kc):
    t = topic_name("cmpl")
    create_topic(cell, use.bootstrap, t, 1)
    code = f"%consume {t[:8]}"
    msg_id = kc.complete(code, len(code))
    reply = shell_reply(kc, msg_id)
    assert t in reply["content"]["matches"]
    code = "%top"
    reply = shell_reply(kc, kc.complete(code, len(code)))
    assert set(reply["content"]["matches"]) >= {"%topic", "%topics"}


# ---- the direct stream -----------------------------------------------------------------------

STREAM = '''
val kafkaParams = Map[String, Object](
  "bootstrap.servers" -> "",
  "key.deserializer" -> classOf[StringDeserializer],
  "value.deserializer" -> classOf[StringDeserializer],
  "group.id" -> "%(group)s",
  "auto.offset.reset" -> "earliest",
  "enable.auto.commit" -> (false: java.lang.Boolean))
val ssc = new StreamingContext(sc, Seconds(2))
val stream = KafkaUtils.createDirectStream[String, String](ssc, PreferConsistent, Subscribe[String, String](Array("%(topic)s"), kafkaParams))
stream.foreachRDD { rdd =>
  val ranges = rdd.asInstanceOf[HasOffsetRanges].offsetRanges
  println("BATCH " + rdd.count() + " parts " + rdd.getNumPartitions + " " + ranges.map(r => r.partition + ":" + r.fromOffset + "-" + r.untilOffset + "=" + r.count()).mkString(","))
  println("VALUES " + rdd.map(r => r.value).collect().sorted.mkString(","))
  ranges.foreach(println)
  stream.asInstanceOf[CanCommitOffsets].commitAsync(ranges)
}
'''


def batches(out):
    return [line for line in out.stdout.splitlines() if line.startswith("BATCH ")]


def test_direct_stream_on_virtual_clock(use, cell):
    t = topic_name("ds")
    g = "dsgroup-" + uuid.uuid4().hex[:6]
    create_topic(cell, use.bootstrap, t, 3)
    for p in range(3):
        kcat("-P", "-b", use.bootstrap, "-t", t, "-p", str(p), input="".join(f"p{p}v{i}\n" for i in range(p + 2)).encode())
    out = cell(STREAM % {"group": g, "topic": t} + "ssc.step(1)").ok()
    assert batches(out) == ["BATCH 9 parts 3 0:0-2=2,1:0-3=3,2:0-4=4"], out.stdout
    assert f"OffsetRange(topic: '{t}', partition: 2, range: [0 -> 4])" in out.stdout
    assert "VALUES p0v0,p0v1,p1v0,p1v1,p1v2,p2v0,p2v1,p2v2,p2v3" in out.stdout
    kcat("-P", "-b", use.bootstrap, "-t", t, "-p", "1", input=b"late1\nlate2\n")
    out = cell("ssc.step(1)").ok()
    assert batches(out) == ["BATCH 2 parts 3 0:2-2=0,1:3-5=2,2:4-4=0"], out.stdout
    out = cell("ssc.step(1)").ok()
    assert batches(out) == ["BATCH 0 parts 3 0:2-2=0,1:5-5=0,2:4-4=0"]
    cell("ssc.stop(stopSparkContext = false)").ok()
    # a new stream of the same group starts at the committed offsets
    kcat("-P", "-b", use.bootstrap, "-t", t, "-p", "0", input=b"after\n")
    out = cell(STREAM % {"group": g, "topic": t} + "ssc.step(2)").ok()
    assert batches(out) == ["BATCH 1 parts 3 0:2-3=1,1:5-5=0,2:4-4=0", "BATCH 0 parts 3 0:3-3=0,1:5-5=0,2:4-4=0"], out.stdout
    assert "VALUES after" in out.stdout
    cell("ssc.stop(stopSparkContext = false)").ok()


def test_kafka_params_echo_as_spark_shell(cell):
    """The Kafka 0-10 guide's kafkaParams echo as spark-shell 3.5.5 (with the connector jars) echoes
    them: the Map's written type arguments, classOf values as `class …` (they were
    `Map[String,Any] = Map(key.deserializer -> java.lang.Class@…`)."""
    out = cell("""val kafkaParams = Map[String, Object]("key.deserializer" -> classOf[StringDeserializer], "group.id" -> "g", "enable.auto.commit" -> (false: java.lang.Boolean))
classOf[StringDeserializer]""").ok()
    assert out.stdout == ("kafkaParams: scala.collection.immutable.Map[String,Object] = Map(key.deserializer -> class "
                          "org.apache.kafka.common.serialization.StringDeserializer, group.id -> g, enable.auto.commit -> false)\n")
    assert out.text.endswith(": Class[org.apache.kafka.common.serialization.StringDeserializer] = class "
                             "org.apache.kafka.common.serialization.StringDeserializer"), out.text
    # a String method that keeps a String (takeWhile) on a record's value: DStream[String], as scalac
    # types it (it was DStream[String[A]])
    out = cell("""val ssc = new StreamingContext(sc, Seconds(10))
val stream = KafkaUtils.createDirectStream[String, String](ssc, PreferConsistent, Subscribe[String, String](Array("t"), kafkaParams))
val langs = stream.map(record => record.value.split(":")(1).takeWhile(_ != '"'))""").ok()
    assert out.text.startswith("ssc: ") and "\nlangs: org.apache.spark.streaming.dstream.DStream[String] = " in out.text, out.text


def test_read_json_of_a_one_partition_kafka_rdd(embedded_broker, cell):
    """spark.read.json over a KafkaRDD of one partition: its schema pass wrapped round to partition
    0 and read it again for ever (the cell never answered)."""
    t = topic_name("onepart")
    create_topic(cell, embedded_broker.bootstrap, t, 1)
    kcat("-P", "-b", embedded_broker.bootstrap, "-t", t, input=b'{"a": 1}\n{"a": 2, "b": "x"}\n')
    out = cell(f"""val kp = new java.util.HashMap[String, Object]()
kp.put("key.deserializer", classOf[StringDeserializer])
kp.put("value.deserializer", classOf[StringDeserializer])
kp.put("group.id", "onepart")
val one = KafkaUtils.createRDD[String, String](sc, kp, Array(OffsetRange("{t}", 0, 0, 2)), PreferConsistent)
spark.read.json(one.map(_.value)).show()""", timeout=30).ok()
    assert "|  a|   b|" in out.text and "|  2|   x|" in out.text, out.text


def test_a_failing_function_over_kafka_records_fails_the_job(embedded_broker, cell):
    """A function that throws while a job reads a Kafka RDD (its partitions are computed when the
    job takes its rows) fails the job as in Spark: it was a silently empty result (collect() gave
    List(), print() nothing) while the same function over a queueStream failed."""
    t = topic_name("fails")
    create_topic(cell, embedded_broker.bootstrap, t, 1)
    kcat("-P", "-b", embedded_broker.bootstrap, "-t", t, input=b"a b\nc\n")
    out = cell(f"""
val ssc = new StreamingContext(sc, Seconds(2))
val kafkaParams = Map[String, Object]("key.deserializer" -> classOf[StringDeserializer],
  "value.deserializer" -> classOf[StringDeserializer], "group.id" -> "fails-{uuid.uuid4().hex[:6]}",
  "auto.offset.reset" -> "earliest")
val stream = KafkaUtils.createDirectStream[String, String](ssc, PreferConsistent, Subscribe[String, String](Array("{t}"), kafkaParams))
stream.foreachRDD {{ rdd => println("SECOND " + rdd.map(r => r.value.split(" ")(1)).collect().toList) }}
ssc.step(1)""")
    assert out.status == "error", (out.stdout, out.stderr)
    assert out.ename == "java.lang.ArrayIndexOutOfBoundsException", out.ename
    assert out.evalue == "Index 1 out of bounds for length 1", out.evalue
    assert "SECOND" not in out.stdout and "ERROR JobScheduler: Error running job streaming job" in out.stderr
    cell("ssc.stop(stopSparkContext = false)").ok()


def test_direct_stream_waits_for_a_topic_not_created_yet(use, cell):
    # as Spark's subscribed consumer: no partitions (empty batches) until the topic exists, then
    # its partitions from auto.offset.reset (earliest here); Spark does not throw
    t = topic_name("later")
    out = cell(STREAM % {"group": "later-" + uuid.uuid4().hex[:6], "topic": t} + "ssc.step(1)").ok()
    assert batches(out) == ["BATCH 0 parts 0 "], out.stdout
    create_topic(cell, use.bootstrap, t, 2)
    kcat("-P", "-b", use.bootstrap, "-t", t, "-p", "1", input=b"first\nsecond\n")
    out = cell("ssc.step(1)").ok()
    assert batches(out) == ["BATCH 2 parts 2 0:0-0=0,1:0-2=2"], out.stdout
    assert "VALUES first,second" in out.stdout
    cell("ssc.stop(stopSparkContext = false)").ok()


def test_direct_stream_max_rate_and_record_fields(use, cell):
    t = topic_name("rate")
    create_topic(cell, use.bootstrap, t, 2)
    kcat("-P", "-b", use.bootstrap, "-t", t, "-p", "0", "-K", ":", input="".join(f"k{i}:v{i}\n" for i in range(7)).encode())
    cell('%%configure\n{"conf": {"spark.streaming.kafka.maxRatePerPartition": "2"}}').ok()
    code = STREAM % {"group": "rate-" + uuid.uuid4().hex[:6], "topic": t} + '''
stream.map(r => r.topic + "|" + r.partition + "|" + r.offset + "|" + r.key + "|" + r.value() + "|" + (r.timestamp > 0)).print(2)
ssc.step(3)'''
    out = cell(code).ok()
    # 2 records/s/partition × 2 s batches = at most 4 per partition per batch
    assert batches(out) == ["BATCH 4 parts 2 0:0-4=4,1:0-0=0", "BATCH 3 parts 2 0:4-7=3,1:0-0=0",
                            "BATCH 0 parts 2 0:7-7=0,1:0-0=0"], out.stdout
    assert f"{t}|0|0|k0|v0|true" in out.stdout
    cell("ssc.stop(stopSparkContext = false)").ok()


def test_delivery_failures_are_reported_not_dropped(real_broker, cell):  # noqa: F811
    """The broker refuses records (topic max.message.bytes=200): no callback, so the next flush
    throws Kafka's exception, a later send still works, and close() reports the totals."""
    cell('%%configure -f\n{"conf": {"kafka.bootstrap.servers": "' + real_broker.bootstrap + '"}}').ok()
    t = topic_name("small")
    cell(f"%topic create {t} --partitions 1 --config max.message.bytes=200").ok()
    wait_topic(real_broker.bootstrap, t, 1)
    out = cell(PRODUCER + f'''
for (i <- 1 to 10) producer.send(new ProducerRecord[String, String]("{t}", "x" * 500))
try {{ producer.flush() }} catch {{ case e: Exception => println("FLUSH " + e) }}
producer.send(new ProducerRecord[String, String]("{t}", "ok")).get()
try {{ producer.close() }} catch {{ case e: Exception => println("CLOSE " + e.getMessage) }}
''', timeout=90).ok()
    assert "FLUSH org.apache.kafka.common.errors.RecordTooLargeException: MSG_SIZE_TOO_LARGE" in out.stdout, out.stdout
    assert "10 records failed since the last report" in out.stdout
    assert "CLOSE KafkaProducer closed: 1 delivered, 10 failed" in out.stdout
    assert [v for *_, v in kcat_records(real_broker.bootstrap, t)] == ["ok"]


def test_interrupt_during_flush_of_unreachable_cluster(kernel, cell):
    """Records queued for a broker that went away: flush waits (delivery.timeout), interrupt ends it."""
    km, kc = kernel
    cell('%%configure\n{"conf": {"kafka.bootstrap.servers": "127.0.0.1:1"}}').ok()
    msg_id = kc.execute('val p = new java.util.Properties()\np.put("max.block.ms", "60000")\n'
                        'val pr = new KafkaProducer[String, String](p)\npr.send(new ProducerRecord("x", "v"))')
    time.sleep(1.5)
    t0 = time.monotonic()
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, 20)
    assert time.monotonic() - t0 < 3
    assert reply["content"]["status"] == "error" and "nterrupt" in reply["content"]["ename"] + reply["content"]["evalue"]
    iopub_for(kc, msg_id)
    cell("1 + 1").ok()


LAZY_RDD = '''
import scala.collection.JavaConverters._
val kp = Map[String, Object]("bootstrap.servers" -> "", "key.deserializer" -> classOf[StringDeserializer],
  "value.deserializer" -> classOf[StringDeserializer], "group.id" -> "lazy-%(topic)s").asJava
val rdd = KafkaUtils.createRDD[String, String](sc, kp, Array(OffsetRange("%(topic)s", 0, 0, 3), OffsetRange("%(topic)s", 1, 0, 3)), PreferConsistent)
'''


def test_kafka_rdd_is_lazy_and_map_runs_per_job(use, cell):
    # as Spark's KafkaRDD: a map's function runs when a job reads the partitions, once per job
    # (count and collect: twice); nothing runs when the map is made
    t = topic_name("lazy")
    create_topic(cell, use.bootstrap, t, 2)
    for p in range(2):
        kcat("-P", "-b", use.bootstrap, "-t", t, "-p", str(p), input="".join(f"p{p}v{i}\n" for i in range(3)).encode())
    out = cell(LAZY_RDD % {"topic": t} + '''
val acc = sc.longAccumulator("calls")
val m = rdd.map { r => acc.add(1); r.value }
println("MADE " + acc.value)
println("COUNT " + m.count() + " " + acc.value)
println("EMPTY " + m.isEmpty + " " + acc.value)
println("VALUES " + m.collect().sorted.mkString(",") + " " + acc.value)
val f = rdd.filter { r => acc.add(1); r.value.endsWith("2") }
println("FILTERED " + f.map(_.value).collect().sorted.mkString(",") + " " + acc.value)
''').ok()
    lines = [ln for ln in out.stdout.splitlines() if ln.split(" ")[0] in ("MADE", "COUNT", "VALUES", "EMPTY", "FILTERED")]
    # isEmpty is Spark's take(1): the first partition's first element only
    assert lines == ["MADE 0", "COUNT 6 6", "EMPTY false 7", "VALUES p0v0,p0v1,p0v2,p1v0,p1v1,p1v2 13",
                     "FILTERED p0v2,p1v2 19"], out.stdout
    assert "rdd: org.apache.spark.rdd.RDD[org.apache.kafka.clients.consumer.ConsumerRecord[String,String]] = KafkaRDD" in out.stdout

