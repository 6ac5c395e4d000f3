"""test_structured.py — Structured Streaming in the kernel (issue 13) on the embedded broker: what
the differential test (test_structured_spark.py) cannot fix in one batch — later batches hold only
the new records, processAllAvailable and stop, update mode, the memory table growing, progress,
a query that fails, and the errors of a query started wrongly. Texts are spark-shell 3.5's where
Spark prints them (the console sink's Batch blocks, show()'s tables, exception messages)."""

import json
import os
import queue
import re
import socket
import threading
import uuid

import pytest

from kafka_fixtures import embedded_broker, runtime_dir  # noqa: F401

IMPORTS = "import org.apache.spark.sql.streaming.Trigger\nimport org.apache.spark.sql.types._"


def stdout(msgs):
    return "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def shown(msgs):
    """What a notebook shows as text: streams, displays and results, in order."""
    out = []
    for m in msgs:
        c, t = m["content"], m["msg_type"]
        if t == "stream":
            out.append(c["text"])
        elif t in ("display_data", "execute_result") and "text/plain" in c["data"]:
            out.append(c["data"]["text/plain"] + ("\n" if t == "execute_result" else ""))
    return "".join(out)


def error(msgs):
    errs = [m["content"] for m in msgs if m["msg_type"] == "error"]
    return errs[0] if errs else None


@pytest.fixture
def topic(embedded_broker, run):  # noqa: F811
    name = "ss-" + uuid.uuid4().hex[:8]
    reply, _ = run(f"%topic create {name} --partitions 1")
    assert reply["content"]["status"] == "ok"
    reply, _ = run(IMPORTS)
    assert reply["content"]["status"] == "ok"
    return name


def produce(run, topic, rows):
    reply, msgs = run(f"%%produce {topic}\n" + "\n".join(json.dumps(r) for r in rows))
    assert reply["content"]["status"] == "ok", msgs
    assert f"Produced {len(rows)} record" in shown(msgs), shown(msgs)


def stream(topic, starting="earliest"):
    return (f'val df = spark.readStream.format("kafka").option("subscribe", "{topic}")'
            f'.option("startingOffsets", "{starting}").load()\n'
            'val t = df.select(from_json(col("value").cast("string"), "id LONG, lang STRING", Map[String, String]()).as("t")).select("t.*")')


BATCH = "-------------------------------------------\nBatch: {n}\n-------------------------------------------\n"
# A producer in the cell itself, so that a running query's next batch writes into the same cell
# (a batch that runs between cells writes to the cell that started the query).
PRODUCER = ('import java.util.Properties\nimport org.apache.kafka.clients.producer.{KafkaProducer, ProducerRecord}\n'
            'val props = new Properties()\n'
            'props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")\n'
            'props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer")\n'
            'val producer = new KafkaProducer[String, String](props)')


def after_echoes(text):
    """The output from the first Batch block on (the producer's echoes come before it)."""
    return text[text.find("-" * 43):] if "-" * 43 in text else text


def send(topic, rows):
    return "".join(f'producer.send(new ProducerRecord[String, String]("{topic}", """{json.dumps(r)}"""))\n' for r in rows) + "producer.flush()\n"


def test_later_batches_hold_only_new_records_and_stop_ends_the_query(topic, run):
    produce(run, topic, [{"id": 1, "lang": "en"}, {"id": 2, "lang": "fr"}])
    reply, msgs = run(stream(topic) + '\nval q = t.writeStream.format("console").start()\nq.processAllAvailable()')
    assert reply["content"]["status"] == "ok", error(msgs)
    assert BATCH.format(n=0) + "+---+----+\n| id|lang|\n+---+----+\n|  1|  en|\n|  2|  fr|\n+---+----+\n\n" in stdout(msgs)
    run(PRODUCER)
    reply, msgs = run(send(topic, [{"id": 3, "lang": "de"}]) + "q.processAllAvailable()")
    assert reply["content"]["status"] == "ok", error(msgs)
    assert after_echoes(stdout(msgs)) == BATCH.format(n=1) + "+---+----+\n| id|lang|\n+---+----+\n|  3|  de|\n+---+----+\n\n"
    reply, msgs = run("q.isActive\nspark.streams.active.map(_.id).toList == List(q.id)")
    assert re.search(r"Boolean = true\nres\d+: Boolean = true\n$", shown(msgs)), shown(msgs)
    reply, msgs = run("q.stop()\nq.isActive\nspark.streams.active.length")
    assert re.search(r"Boolean = false\nres\d+: Int = 0\n$", shown(msgs)), shown(msgs)
    produce(run, topic, [{"id": 4, "lang": "en"}])
    reply, msgs = run("Thread.sleep(500)\nq.recentProgress.length")
    assert shown(msgs).endswith("Int = 2\n"), shown(msgs)   # nothing ran after stop()


def test_memory_table_grows_by_batch_and_complete_replaces(topic, run):
    produce(run, topic, [{"id": i, "lang": lang} for i, lang in enumerate(["en", "fr", "en"], 1)])
    reply, msgs = run(stream(topic) + '\nval ids = t.writeStream.format("memory").queryName("ids").start()\n'
                      'val langs = t.groupBy("lang").count().writeStream.outputMode("complete").format("memory").queryName("langs").start()\n'
                      "ids.processAllAvailable()\nlangs.processAllAvailable()")
    assert reply["content"]["status"] == "ok", error(msgs)
    produce(run, topic, [{"id": 4, "lang": "en"}, {"id": 5, "lang": "ja"}])
    reply, msgs = run('ids.processAllAvailable()\nlangs.processAllAvailable()\n'
                      'spark.sql("select count(*) as n from ids").show()\nspark.sql("select * from langs order by lang").show()')
    assert reply["content"]["status"] == "ok", error(msgs)
    assert shown(msgs) == ("+---+\n|  n|\n+---+\n|  5|\n+---+\n\n"
                           "+----+-----+\n|lang|count|\n+----+-----+\n|  en|    3|\n|  fr|    1|\n|  ja|    1|\n+----+-----+\n\n")
    run("ids.stop()\nlangs.stop()")


def test_update_mode_shows_the_groups_a_batch_changed(topic, run):
    produce(run, topic, [{"id": 1, "lang": "en"}, {"id": 2, "lang": "fr"}])
    reply, msgs = run(stream(topic) + '\nval q = t.groupBy("lang").count().writeStream.outputMode("update").format("console").start()\n'
                      "q.processAllAvailable()")
    assert reply["content"]["status"] == "ok", error(msgs)
    run(PRODUCER)
    reply, msgs = run(send(topic, [{"id": 3, "lang": "en"}]) + "q.processAllAvailable()\nq.stop()")
    assert reply["content"]["status"] == "ok", error(msgs)
    assert after_echoes(stdout(msgs)) == BATCH.format(n=1) + "+----+-----+\n|lang|count|\n+----+-----+\n|  en|    2|\n+----+-----+\n\n"


def test_last_progress_is_spark_json_of_the_batch(topic, run):
    produce(run, topic, [{"id": 1, "lang": "en"}, {"id": 2, "lang": "fr"}, {"id": 3, "lang": "en"}])
    reply, msgs = run(stream(topic) + '\nval q = t.writeStream.format("memory").queryName("p")'
                      ".trigger(Trigger.AvailableNow()).start()\nq.awaitTermination()\nq.lastProgress")
    assert reply["content"]["status"] == "ok", error(msgs)
    text = shown(msgs)
    body = text[text.index("StreamingQueryProgress =") + len("StreamingQueryProgress ="):].strip()
    p = json.loads(body)
    assert (p["batchId"], p["numInputRows"], p["name"]) == (0, 3, "p")
    assert p["sources"][0]["description"] == f"KafkaV2[Subscribe[{topic}]]"
    assert p["sources"][0]["endOffset"] == {topic: {"0": 3}}
    assert p["sink"] == {"description": "MemorySink", "numOutputRows": 3}
    assert '"stateOperators" : [ ]' in body and '"batchId" : 0' in body   # Jackson's pretty printer


def test_a_failing_batch_ends_the_query_with_its_exception(topic, run):
    produce(run, topic, [{"id": 1, "lang": "en"}])
    reply, msgs = run(stream(topic) + '\nval toInt = udf((s: String) => s.toInt)\n'
                      'val q = t.select(toInt(col("lang"))).writeStream.format("console").trigger(Trigger.AvailableNow()).start()')
    assert reply["content"]["status"] == "ok", error(msgs)
    reply, msgs = run("q.awaitTermination()")
    assert reply["content"]["status"] == "error"
    e = error(msgs)
    assert e["ename"] == "org.apache.spark.sql.streaming.StreamingQueryException"
    assert "terminated with exception: " in e["evalue"] and "NumberFormatException" in e["evalue"], e["evalue"]
    reply, msgs = run("q.isActive\nq.exception.isDefined")
    assert re.search(r"Boolean = false\nres\d+: Boolean = true\n$", shown(msgs)), shown(msgs)


def test_queries_started_wrongly_say_why(topic, run):
    run(stream(topic))
    cases = [
        ('t.writeStream.format("memory").start()', "queryName must be specified for memory sink"),
        ('t.writeStream.outputMode("everything")', "Unknown output mode everything. Accepted output modes are 'append', 'complete', 'update'"),
        ('spark.range(3).writeStream', "'writeStream' can be called only on streaming Dataset/DataFrame"),
        ('t.show()', "Queries with streaming sources must be executed with writeStream.start();"),
        ('spark.readStream.format("kafka").load()', "One of the following options must be specified for Kafka source: subscribe"),
        ('spark.readStream.format("kafka").option("subscribe", "x").schema(new StructType()).load()',
         "Kafka source has a fixed schema and cannot be set with a custom one"),
    ]
    for code, words in cases:
        reply, msgs = run(code)
        assert reply["content"]["status"] == "error", code
        assert words in error(msgs)["evalue"], (code, error(msgs)["evalue"])
    reply, msgs = run("1 + 1")   # the kernel goes on
    assert shown(msgs).endswith("Int = 2\n")


def test_interrupt_stops_waiting_not_the_query(topic, kernel, kc, run):
    produce(run, topic, [{"id": 1, "lang": "en"}])
    run(stream(topic) + '\nval q = t.writeStream.format("console").start()\nq.processAllAvailable()')
    import time
    msg_id = kc.execute("q.awaitTermination()")
    time.sleep(1.0)
    kernel[0].interrupt_kernel()
    from conftest import iopub_for, shell_reply
    reply = shell_reply(kc, msg_id, timeout=15)
    assert reply["content"]["status"] == "error"
    assert "stopped waiting for the query" in error(iopub_for(kc, msg_id))["evalue"]
    reply, msgs = run("q.isActive\nq.stop()")
    assert "Boolean = true" in shown(msgs)


def produce_and_run(run, topic, rows, query):
    """Produces rows, runs the query's cell; what it showed (the cell must succeed)."""
    produce(run, topic, rows)
    reply, msgs = run(query)
    assert reply["content"]["status"] == "ok", error(msgs)
    return shown(msgs)


def restart(kernel):
    km, kc = kernel
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=30)


def test_file_sink_and_checkpoint_resume_after_a_restart(topic, kernel, run, tmp_path, pyspark_session):
    """Recovery (issue 13): a parquet sink with a checkpoint, the kernel restarted between runs;
    each run goes on from the committed offsets — nothing lost, nothing written twice — and real
    Spark reads the folder."""
    out, ck = tmp_path / "out", tmp_path / "ck"
    query = (stream(topic) + '\nval q = df.selectExpr("CAST(value AS STRING) AS v", "offset").writeStream.format("parquet")'
             f'.option("path", "{out}").option("checkpointLocation", "{ck}").trigger(Trigger.AvailableNow()).start()\n'
             "q.awaitTermination()\n" f'spark.read.parquet("{out}").count()')
    produce(run, topic, [{"id": i, "lang": "en"} for i in range(1, 6)])
    reply, msgs = run(query)
    assert reply["content"]["status"] == "ok", error(msgs)
    assert shown(msgs).endswith("Long = 5\n"), shown(msgs)
    restart(kernel)
    run(IMPORTS)
    produce(run, topic, [{"id": i, "lang": "fr"} for i in range(6, 9)])
    reply, msgs = run(query)
    assert reply["content"]["status"] == "ok", error(msgs)
    assert shown(msgs).endswith("Long = 8\n"), shown(msgs)
    assert sorted(p.name for p in (ck / "commits").iterdir()) == ["0", "1"]
    restart(kernel)
    run(IMPORTS)
    reply, msgs = run(query)                 # nothing new: no batch, nothing written
    assert shown(msgs).endswith("Long = 8\n"), shown(msgs)
    rows = pyspark_session.read.parquet(str(out)).collect()
    assert sorted(r["offset"] for r in rows) == list(range(8))
    assert sorted(json.loads(r["v"])["id"] for r in rows) == list(range(1, 9))


def test_aggregation_state_resumes_from_the_checkpoint(topic, kernel, run, tmp_path):
    ck = tmp_path / "ck"
    query = (stream(topic) + '\nval q = t.groupBy("lang").count().writeStream.outputMode("complete").format("memory")'
             f'.queryName("langs").option("checkpointLocation", "{ck}").trigger(Trigger.AvailableNow()).start()\n'
             'q.awaitTermination()\nspark.sql("select * from langs order by lang").show()')
    produce_and_run(run, topic, [{"id": 1, "lang": "en"}, {"id": 2, "lang": "fr"}, {"id": 3, "lang": "en"}], query)
    restart(kernel)
    run(IMPORTS)
    assert produce_and_run(run, topic, [{"id": 4, "lang": "en"}, {"id": 5, "lang": "de"}], query).endswith("+----+-----+\n|lang|count|\n+----+-----+\n|  de|    1|\n|  en|    3|\n|  fr|    1|\n+----+-----+\n\n")


def window_table(rows):
    """show(false)'s table of (window start second, count) rows of 10-second windows on 2024-01-01."""
    line = "+------------------------------------------+-----+\n"
    body = "".join(f"|{{2024-01-01 00:00:{s:02d}, 2024-01-01 00:00:{s + 10:02d}}}|{n:<5}|\n" for s, n in rows)
    if not rows:
        return "+------+-----+\n|window|count|\n+------+-----+\n+------+-----+\n"
    return line + "|window                                    |count|\n" + line + body + line


def test_watermark_append_resumes_from_the_checkpoint_and_drops_late_rows(topic, kernel, run, tmp_path):
    """Append output of a windowed count with a 5-second watermark, the kernel restarted between
    runs: a window is given once the watermark (latest event time of the batches before − 5 s,
    resumed from the checkpoint) passes its end — in the no-data batch that follows the data — a
    late row still counts while its window is open and is dropped once it has been given."""
    ck = tmp_path / "ck"
    query = (f'val df = spark.readStream.format("kafka").option("subscribe", "{topic}").option("startingOffsets", "earliest").load()\n'
             'val ev = df.select(from_json(col("value").cast("string"), "ts STRING", Map[String, String]()).as("t"))'
             '.selectExpr("CAST(t.ts AS TIMESTAMP) AS ts")\n'
             'ev.withWatermark("ts", "5 seconds").groupBy(window(col("ts"), "10 seconds")).count().writeStream.format("console")'
             f'.option("truncate", "false").option("checkpointLocation", "{ck}").trigger(Trigger.AvailableNow()).start().awaitTermination()')

    def at(*secs):
        return [{"ts": f"2024-01-01 00:00:{s:02d}"} for s in secs]

    def batches(first, *tables):
        return "".join(BATCH.format(n=first + i) + t + "\n" for i, t in enumerate(tables))

    got = after_echoes(produce_and_run(run, topic, at(1, 4, 12), query))   # watermark 0, then 12 − 5 = 7: no window ended yet
    assert got == batches(0, window_table([]), window_table([])), got
    restart(kernel)
    run(IMPORTS)
    got = after_echoes(produce_and_run(run, topic, at(21, 2), query))      # 2 is late but its window [0, 10) is still open
    assert got == batches(2, window_table([]), window_table([(0, 3)])), got
    restart(kernel)
    run(IMPORTS)
    got = after_echoes(produce_and_run(run, topic, at(3, 40), query))      # 3 is late for a window already given: dropped
    # two windows in one batch: in no fixed order (as Spark's)
    assert sorted(got.split("\n")) == sorted(batches(4, window_table([]), window_table([(10, 1), (20, 1)])).split("\n")), got
    offsets = (ck / "offsets" / "5").read_text().split("\n")
    assert json.loads(offsets[1])["batchWatermarkMs"] == 1704067235000   # 00:00:40 − 5 s


def test_drop_duplicates_state_resumes_from_the_checkpoint(topic, kernel, run, tmp_path):
    """Streaming dropDuplicates keeps the keys it let through in the checkpoint: after a restart a
    key seen in the first run stays out, a new one goes on."""
    ck = tmp_path / "ck"
    query = (stream(topic) + '\nt.dropDuplicates("lang").writeStream.format("memory").queryName("langs_once")'
             f'.option("checkpointLocation", "{ck}").trigger(Trigger.AvailableNow()).start().awaitTermination()\n'
             'spark.sql("select lang from langs_once order by lang").collect().map(_.getString(0)).mkString(",")')
    got = produce_and_run(run, topic, [{"id": 1, "lang": "en"}, {"id": 2, "lang": "fr"}, {"id": 3, "lang": "en"}], query)
    assert got.endswith('String = en,fr\n'), got
    assert sorted(p.name for p in (ck / "state").iterdir()) == ["0.dedup0.parquet"]
    restart(kernel)
    run(IMPORTS)
    got = produce_and_run(run, topic, [{"id": 4, "lang": "fr"}, {"id": 5, "lang": "de"}, {"id": 6, "lang": "de"}], query)
    assert got.endswith('String = de\n'), got


def test_file_sinks_need_a_path_a_checkpoint_and_append(topic, run, tmp_path):
    run(stream(topic))
    cases = [
        ('t.writeStream.format("parquet").option("checkpointLocation", "ck").start()', "'path' is not specified"),
        (f't.writeStream.format("json").option("path", "{tmp_path}/o").start()',
         'checkpointLocation must be specified either through option("checkpointLocation", ...)'),
        (f't.groupBy("lang").count().writeStream.outputMode("complete").format("parquet").option("path", "{tmp_path}/o")'
         f'.option("checkpointLocation", "{tmp_path}/c").start()', "Data source parquet does not support Complete output mode."),
    ]
    for code, words in cases:
        reply, msgs = run(code)
        assert reply["content"]["status"] == "error", code
        assert words in error(msgs)["evalue"], (code, error(msgs)["evalue"])


def test_kafka_sink_writes_every_row_once(topic, run, tmp_path):
    """writeStream.format("kafka"): each row a record (key, value), delivered before the batch
    commits; a second run from the checkpoint writes nothing again."""
    out = topic + "-out"
    run(f"%topic create {out} --partitions 1")
    produce(run, topic, [{"id": i, "lang": lang} for i, lang in enumerate(["en", "fr", "en"], 1)])
    query = (stream(topic) + '\nval q = t.selectExpr("lang AS key", "to_json(struct(id, lang)) AS value").writeStream.format("kafka")'
             f'.option("topic", "{out}").option("checkpointLocation", "{tmp_path}/ck").trigger(Trigger.AvailableNow()).start()\n'
             "q.awaitTermination()")
    for _ in range(2):
        reply, msgs = run(query)
        assert reply["content"]["status"] == "ok", error(msgs)
    reply, msgs = run(f'val back = spark.readStream.format("kafka").option("subscribe", "{out}").option("startingOffsets", "earliest").load()\n'
                      'val b = back.selectExpr("CAST(key AS STRING) AS k", "CAST(value AS STRING) AS v").writeStream.format("memory")'
                      '.queryName("back").trigger(Trigger.AvailableNow()).start()\nb.awaitTermination()\n'
                      'spark.sql("select * from back order by v").show(false)')
    assert reply["content"]["status"] == "ok", error(msgs)
    assert shown(msgs).endswith('+---+--------------------+\n|k  |v                   |\n+---+--------------------+\n'
                                '|en |{"id":1,"lang":"en"}|\n|fr |{"id":2,"lang":"fr"}|\n|en |{"id":3,"lang":"en"}|\n'
                                '+---+--------------------+\n\n'), shown(msgs)
    reply, msgs = run('t.select("id").writeStream.format("kafka").option("topic", "x").option("checkpointLocation", "c").start()')
    assert "Required attribute 'value' not found" in error(msgs)["evalue"]


# ---- the sources other than Kafka's: files, socket, rate (issue 13) ----

def write_file(path, text, mtime):
    path.write_text(text)
    os.utime(path, (mtime, mtime))


def test_file_source_resumes_from_its_checkpoint_across_restarts(kernel, run, tmp_path):
    """A json file source with a checkpoint, the kernel restarted between runs: each run takes only
    the files not taken before (Spark's sources/0/N log: v1, then a JSON line a file), none twice,
    none lost; a run without new files runs no batch."""
    src, out, ck = tmp_path / "in", tmp_path / "out", tmp_path / "ck"
    src.mkdir()
    write_file(src / "a.json", '{"id":1}\n{"id":2}\n', 1704067200)
    query = (IMPORTS + f'\nval q = spark.readStream.schema("id LONG").json("{src}").writeStream.format("parquet")'
             f'.option("path", "{out}").option("checkpointLocation", "{ck}").trigger(Trigger.AvailableNow()).start()\n'
             f'q.awaitTermination()\nspark.read.parquet("{out}").orderBy("id").collect().map(_.getLong(0)).mkString(",")')
    reply, msgs = run(query)
    assert reply["content"]["status"] == "ok", error(msgs)
    assert shown(msgs).endswith('String = 1,2\n'), shown(msgs)
    restart(kernel)
    write_file(src / "b.json", '{"id":3}\n', 1704067210)
    write_file(src / "c.json", '{"id":4}\n{"id":5}\n', 1704067220)
    reply, msgs = run(query)
    assert reply["content"]["status"] == "ok", error(msgs)
    assert shown(msgs).endswith('String = 1,2,3,4,5\n'), shown(msgs)
    log = ck / "sources" / "0"
    assert (log / "0").read_text() == f'v1\n{{"path":"file://{src}/a.json","timestamp":1704067200000,"batchId":0}}'
    assert (log / "1").read_text() == (f'v1\n{{"path":"file://{src}/b.json","timestamp":1704067210000,"batchId":1}}\n'
                                       f'{{"path":"file://{src}/c.json","timestamp":1704067220000,"batchId":1}}')
    assert (ck / "offsets" / "1").read_text().split("\n")[2] == '{"logOffset":1}'
    restart(kernel)
    reply, msgs = run(query)                 # nothing new: no batch
    assert shown(msgs).endswith('String = 1,2,3,4,5\n'), shown(msgs)
    assert sorted(p.name for p in (ck / "commits").iterdir()) == ["0", "1"]


def test_running_file_source_takes_new_files_in_later_batches(run, tmp_path):
    """A running query over a folder: a file written later is the next batch, alone; files
    starting with _ or . are not data."""
    src = tmp_path / "in"
    src.mkdir()
    write_file(src / "a.csv", "1,x\n", 1704067200)
    reply, msgs = run(IMPORTS + f'\nval q = spark.readStream.schema("id INT, s STRING").csv("{src}").writeStream.format("console").start()\n'
                      'q.processAllAvailable()')
    assert reply["content"]["status"] == "ok", error(msgs)
    assert stdout(msgs).endswith(BATCH.format(n=0) + "+---+---+\n| id|  s|\n+---+---+\n|  1|  x|\n+---+---+\n\n"), stdout(msgs)
    write_file(src / "_tmp.csv", "8,no\n", 1704067205)
    write_file(src / ".b.csv", "9,no\n", 1704067205)
    write_file(src / "b.csv", "2,y\n3,z\n", 1704067210)
    reply, msgs = run("q.processAllAvailable()\nq.lastProgress.numInputRows")
    assert reply["content"]["status"] == "ok", error(msgs)
    assert shown(msgs).startswith(BATCH.format(n=1) + "+---+---+\n| id|  s|\n+---+---+\n|  2|  y|\n|  3|  z|\n+---+---+\n\n"), shown(msgs)
    assert shown(msgs).endswith("Long = 2\n"), shown(msgs)
    reply, msgs = run("q.processAllAvailable()\nq.recentProgress.length\nq.stop()")
    assert re.search(r"Int = 2\n$", shown(msgs)), shown(msgs)


class LineServer:
    """A TCP server on 127.0.0.1 that sends each connection the lines put in its queue."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.lines = queue.Queue()
        self.conns = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        conn, _ = self.sock.accept()
        self.conns.append(conn)
        while True:
            line = self.lines.get()
            if line is None:
                conn.close()
                return
            conn.sendall(line.encode())

    def close(self):
        self.lines.put(None)
        self.sock.close()


def test_socket_source_reads_the_lines_of_a_connection(run):
    """format("socket"): each line a row (value, and timestamp with includeTimestamp); Spark's
    warning that it is no fault-tolerant source; the lines that arrive later come in later batches."""
    srv = LineServer()
    try:
        srv.lines.put("hello world\nsecond line\n")
        reply, msgs = run(IMPORTS + f'\nval s = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", {srv.port})'
                          '.option("includeTimestamp", true).load()\ns.printSchema()')
        assert reply["content"]["status"] == "ok", error(msgs)
        stderr = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        assert stderr == ("WARN TextSocketSourceProvider: The socket source should not be used for production applications! "
                          "It does not support recovery.\n")
        assert "root\n |-- value: string (nullable = true)\n |-- timestamp: timestamp (nullable = true)\n" in shown(msgs)
        wait = 'while (spark.table("sock").count() < {n}) {{ Thread.sleep(50); q.processAllAvailable() }}\n'
        reply, msgs = run('val q = s.select("value").writeStream.format("memory").queryName("sock").start()\n' + wait.format(n=2)
                          + 'spark.table("sock").show()')
        assert reply["content"]["status"] == "ok", error(msgs)
        assert shown(msgs).endswith("+-----------+\n|      value|\n+-----------+\n|hello world|\n|second line|\n+-----------+\n\n"), shown(msgs)
        srv.lines.put("third\r\nfou")
        srv.lines.put("rth\n")
        reply, msgs = run(wait.format(n=4) + 'spark.table("sock").show()\nq.stop()')
        assert reply["content"]["status"] == "ok", error(msgs)
        assert shown(msgs).endswith("+-----------+\n|      value|\n+-----------+\n|hello world|\n|second line|\n|      third|\n"
                                    "|     fourth|\n+-----------+\n\n"), shown(msgs)
    finally:
        srv.close()
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()                             # nothing listens there now
    reply, msgs = run(f'spark.readStream.format("socket").option("host", "127.0.0.1").option("port", {port}).load()'
                      '.writeStream.format("console").start().awaitTermination()')
    assert error(msgs)["evalue"].endswith("terminated with exception: java.net.ConnectException: Connection refused"), error(msgs)
    reply, msgs = run("1 + 1")
    assert reply["content"]["status"] == "ok"


def test_rate_source_goes_on_from_its_checkpoint_across_a_restart(kernel, run, tmp_path):
    """format("rate") with a checkpoint: the stream's creation time is kept (sources/0/0, "v1" and
    the milliseconds, as Spark's), so a restarted query goes on with the next values: from 0,
    none twice, none missing; the values of a second come at even steps of it."""
    out, ck = tmp_path / "out", tmp_path / "ck"
    query = (IMPORTS + f'\nval q = spark.readStream.format("rate").option("rowsPerSecond", "4").load().writeStream.format("parquet")'
             f'.option("path", "{out}").option("checkpointLocation", "{ck}").trigger(Trigger.ProcessingTime("200 milliseconds")).start()\n'
             'while (q.recentProgress.map(_.numInputRows).sum < 4) Thread.sleep(50)\nq.stop()')
    reply, msgs = run(query)
    assert reply["content"]["status"] == "ok", error(msgs)
    created = (ck / "sources" / "0" / "0").read_text()
    assert re.fullmatch(r"v1\n\d{13}", created), created
    restart(kernel)
    reply, msgs = run(query)
    assert reply["content"]["status"] == "ok", error(msgs)
    assert (ck / "sources" / "0" / "0").read_text() == created
    reply, msgs = run(f'val r = spark.read.parquet("{out}")\n'
                      'r.agg(min("value"), (max("value") + 1 - count("*")).as("gaps"), (count("*") - countDistinct("value")).as("twice")).show()\n'
                      'val ts = r.where("value < 4").orderBy("value").selectExpr("date_format(timestamp, \'mm:ss.SSS\')").collect()'
                      '.map(_.getString(0).split("[:.]").map(_.toLong)).map(p => p(0) * 60000 + p(1) * 1000 + p(2))\n'
                      'ts.map(t => (t - ts(0) + 3600000) % 3600000).mkString(",")')
    assert reply["content"]["status"] == "ok", error(msgs)
    assert "+----------+----+-----+\n|min(value)|gaps|twice|\n+----------+----+-----+\n|         0|   0|    0|\n" in shown(msgs), shown(msgs)
    assert shown(msgs).endswith("String = 0,250,500,750\n"), shown(msgs)


def test_a_pattern_source_reads_topics_created_after_it_started(embedded_broker, run):  # noqa: F811
    """subscribePattern, as Spark's Kafka source: a topic created later that matches joins at a
    later trigger, read from its earliest offset."""
    base = "pat-" + uuid.uuid4().hex[:8]
    run(IMPORTS)
    run(f"%topic create {base}-a --partitions 1")
    produce(run, f"{base}-a", [{"id": 1, "lang": "en"}])
    reply, msgs = run(f'val pq = spark.readStream.format("kafka").option("subscribePattern", "{base}-.*")'
                      '.option("startingOffsets", "earliest").load()\n'
                      '  .selectExpr("topic", "CAST(value AS STRING) AS v").writeStream.format("memory").queryName("pat").start()\n'
                      "pq.processAllAvailable()")
    assert reply["content"]["status"] == "ok", error(msgs)
    run(f"%topic create {base}-b --partitions 2")
    produce(run, f"{base}-b", [{"id": 2, "lang": "fr"}, {"id": 3, "lang": "de"}])
    seen = ""
    for _ in range(40):   # a trigger looks for new partitions at most every half second
        reply, msgs = run('Thread.sleep(250)\npq.processAllAvailable()\n'
                          'spark.sql("select topic, count(*) as n from pat group by topic order by topic").show()')
        seen = shown(msgs)
        if f"|{base}-b|  2|" in seen:
            break
    rule = "+" + "-" * len(base + "-a") + "+---+\n"
    assert seen == (rule + f"|{'topic':>{len(base) + 2}}|  n|\n" + rule + f"|{base}-a|  1|\n|{base}-b|  2|\n" + rule + "\n"), seen
    run("pq.stop()")


def test_records_lost_to_retention_fail_the_query_unless_failOnDataLoss_is_false(embedded_broker, run, tmp_path):  # noqa: F811
    """failOnDataLoss as Spark's Kafka source: a query resumed from its checkpoint after retention
    deleted records it had not read fails (IllegalStateException: Cannot fetch offset N …); with
    failOnDataLoss=false it warns and goes on from the partition's earliest offset."""
    import subprocess
    from kafka_fixtures import kcli_path
    topic = "loss-" + uuid.uuid4().hex[:8]
    run(IMPORTS)
    run(f"%topic create {topic} --partitions 1")
    produce(run, topic, [{"id": 1, "lang": "en"}])
    ck = tmp_path / "ck"

    def query(fail_on_loss):
        opt = f'.option("failOnDataLoss", "{fail_on_loss}")' if fail_on_loss else ""
        return (f'val lq = spark.readStream.format("kafka").option("subscribe", "{topic}").option("startingOffsets", "earliest")'
                f'{opt}.load().selectExpr("offset").writeStream.trigger(Trigger.AvailableNow()).format("memory")'
                f'.queryName("lossy").option("checkpointLocation", "{ck}").start()\nlq.awaitTermination()\n'
                'spark.sql("select count(*) as n, min(`offset`) as first from lossy").show()')

    reply, msgs = run(query(None))
    assert reply["content"]["status"] == "ok", error(msgs)
    assert "|  1|    0|" in shown(msgs), shown(msgs)
    # a few more, then enough to push them past the embedded broker's retention (5 MB a partition)
    produce(run, topic, [{"id": 2, "lang": "fr"}, {"id": 3, "lang": "de"}])
    big = tmp_path / "big.txt"
    big.write_text(("x" * 1000 + "\n") * 12000)
    subprocess.run([kcli_path(), "produce", embedded_broker.bootstrap, topic, str(big), "-p", "0"],
                   check=True, capture_output=True, timeout=120)
    reply, msgs = run(query(None))
    err = error(msgs)
    assert err and err["ename"] == "org.apache.spark.sql.streaming.StreamingQueryException", (err, shown(msgs))
    assert (f"terminated with exception: java.lang.IllegalStateException: Cannot fetch offset 1 (GroupId: spark-kafka-source-"
            in err["evalue"] and f"-executor, TopicPartition: {topic}-0). " in err["evalue"]), err["evalue"]
    assert 'set the\n source option "failOnDataLoss" to "false".' in err["evalue"], err["evalue"]
    reply, msgs = run(query("false"))
    assert reply["content"]["status"] == "ok", error(msgs)
    stderr = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    assert re.search(r"WARN KafkaDataConsumer: Cannot fetch offset 1 .*Some data may be lost\. Recovering from the earliest offset: \d+",
                     stderr), stderr
    m = re.search(r"\|\s*(\d+)\|\s*(\d+)\|\n\+", shown(msgs))
    assert m and int(m.group(2)) > 3, shown(msgs)   # the records kept start after the deleted ones


def test_available_now_takes_the_files_there_at_its_start(run, tmp_path):
    """Trigger.AvailableNow over a folder takes the files there when it starts (maxFilesPerTrigger
    at a time), not one written meanwhile (Spark's prepareForTriggerAvailableNow); the next run does."""
    src = tmp_path / "in"
    src.mkdir()
    write_file(src / "a.json", '{"id":1}\n', 1704067200)
    write_file(src / "b.json", '{"id":2}\n', 1704067210)
    code = (IMPORTS + '\nimport org.apache.spark.sql.DataFrame\n'
            'val each = (batch: DataFrame, id: Long) => {\n'
            '  println(s"batch $id: " + batch.orderBy("id").collect().map(_.getLong(0)).mkString(","))\n'
            f'  if (id == 0) Seq("""{{"id":3}}""").toDF("value").write.mode("append").text("{src}")\n}}\n'
            f'val w = spark.readStream.schema("id LONG").option("maxFilesPerTrigger", "1").json("{src}").writeStream.foreachBatch(each)'
            f'.option("checkpointLocation", "{tmp_path}/ck").trigger(Trigger.AvailableNow())\n'
            'w.start().awaitTermination()')
    reply, msgs = run(code)
    assert reply["content"]["status"] == "ok", error(msgs)
    assert stdout(msgs).endswith("batch 0: 1\nbatch 1: 2\n"), stdout(msgs)
    reply, msgs = run("w.start().awaitTermination()")
    assert reply["content"]["status"] == "ok", error(msgs)
    assert stdout(msgs) == "batch 2: 3\n", stdout(msgs)
