"""test_query_timeline.py — the live timeline of a Structured Streaming query (issue 13), as for a
StreamingContext: one display in the cell that starts the query, updated in place after every
batch (from whichever cell waits on it) with Spark UI's query figures — batch id, input rows,
input and processing rates, duration, state rows — and a chart, settling into a summary when the
query ends."""
import re
import uuid

import pytest

from kafka_fixtures import embedded_broker, runtime_dir  # noqa: F401

PREFIX = "dstream-query-timeline-"


def timeline_texts(msgs):
    """[(msg_type, display_id, text/plain)] of the query timeline's table displays."""
    out = []
    for m in msgs:
        if m["msg_type"] in ("display_data", "update_display_data"):
            did = m["content"].get("transient", {}).get("display_id", "")
            if did.startswith(PREFIX) and not did.endswith("-chart"):
                assert "<table" in m["content"]["data"]["text/html"] or m["msg_type"] == "display_data"
                out.append((m["msg_type"], did, m["content"]["data"]["text/plain"]))
    return out


def charts(msgs):
    return [m for m in msgs if m["msg_type"] in ("display_data", "update_display_data")
            and m["content"].get("transient", {}).get("display_id", "").startswith(PREFIX)
            and m["content"]["transient"]["display_id"].endswith("-chart")]


@pytest.fixture
def topic(embedded_broker, run):  # noqa: F811
    name = "qtl-" + uuid.uuid4().hex[:8]
    reply, _ = run(f"%topic create {name} --partitions 2")
    assert reply["content"]["status"] == "ok"
    return name


def ok(run, code):
    reply, msgs = run(code)
    assert reply["content"]["status"] == "ok", (reply["content"], msgs)
    return msgs


def test_a_query_shows_its_timeline(topic, run):
    ok(run, f"%%produce {topic} --partition 0\na\nb\na")
    msgs = ok(run, f"""val q = spark.readStream.format("kafka").option("subscribe", "{topic}").option("startingOffsets", "earliest").load()
  .selectExpr("CAST(value AS STRING) AS v").groupBy("v").count()
  .writeStream.outputMode("complete").format("memory").queryName("counts").start()
q.processAllAvailable()""")
    shown = timeline_texts(msgs)
    assert shown[0][0] == "display_data" and shown[0][2].startswith("Streaming query counts started"), shown
    did = shown[0][1]
    assert all(d == did for _, d, _ in shown)
    last = shown[-1][2]
    assert last.startswith("Streaming query counts: 1 batches, 3 input rows, "), last
    assert "2 state rows" in last, last   # the groups a and b
    header, row = last.splitlines()[1:3]
    assert header.split() == ["batch", "time", "input", "rows", "input/s", "processed/s", "duration", "state", "rows"]
    cells = row.split()
    assert cells[0] == "0" and cells[2] == "3" and cells[-1] == "2", row
    assert charts(msgs) and "image/svg+xml" in charts(msgs)[0]["content"]["data"]
    vl = charts(msgs)[-1]["content"]["data"]["application/vnd.vegalite.v5+json"]
    assert [v["records"] for v in vl["data"]["values"]] == [3]
    assert vl["data"]["values"][0]["partitions"] == f"{topic}-0: 3, {topic}-1: 0"

    # a later batch, awaited in another cell, updates the same display there
    ok(run, f"%%produce {topic} --partition 1\nc\na")
    msgs = ok(run, "q.processAllAvailable()")
    shown = timeline_texts(msgs)
    assert shown and all(t == "update_display_data" and d == did for t, d, _ in shown), shown
    last = shown[-1][2]
    assert last.startswith("Streaming query counts: 2 batches, 5 input rows, ") and "3 state rows" in last, last
    rows = last.splitlines()[2:4]
    assert [r.split()[0] for r in rows] == ["1", "0"], rows   # newest first
    assert rows[0].split()[2] == "2"
    ok(run, "q.stop()")


def test_a_query_that_ends_leaves_its_summary(topic, run):
    ok(run, f"%%produce {topic} --partition 0\nx\ny")
    msgs = ok(run, f"""import org.apache.spark.sql.streaming.Trigger
val q2 = spark.readStream.format("kafka").option("subscribe", "{topic}").option("startingOffsets", "earliest").load()
  .selectExpr("CAST(value AS STRING) AS v").dropDuplicates("v")
  .writeStream.trigger(Trigger.AvailableNow()).format("memory").queryName("once").start()
q2.awaitTermination()""")
    shown = timeline_texts(msgs)
    last = shown[-1][2]
    assert re.match(r"Streaming query once stopped: 1 batches, 2 input rows, .*, 2 state rows$", last.splitlines()[0]), last


def test_an_unnamed_query_is_named_by_its_id(topic, run):
    ok(run, f"%%produce {topic} --partition 0\nx")
    msgs = ok(run, f"""val q3 = spark.readStream.format("kafka").option("subscribe", "{topic}").option("startingOffsets", "earliest").load()
  .selectExpr("CAST(value AS STRING) AS v").writeStream.format("console").start()
q3.processAllAvailable()
q3.stop()""")
    shown = timeline_texts(msgs)
    assert re.match(r"Streaming query \[id = [0-9a-f-]{36}\]", shown[-1][2]), shown
    # no state: no state rows column
    assert "state" not in shown[-1][2].splitlines()[1], shown[-1][2]
