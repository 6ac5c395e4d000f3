"""test_progress.py — long operations show their progress in the cell (issue 14): after
DSTREAM_PROGRESS_AFTER_MS (a second by default; 0 here, so the test does not depend on timing) a
%%produce of many lines, a %consume that waits and a DataFrame written as JSON or CSV get one
display (text/plain and an HTML progress bar) updated in place with update_display_data, left at
the final count; short operations under the default delay show none. clearOutput() emits clear_output."""
import re

import pytest

from conftest import iopub_for, shell_reply
from kafka_fixtures import embedded_broker, runtime_dir  # noqa: F401  (fixtures)


@pytest.fixture
def progress_now(monkeypatch):
    monkeypatch.setenv("DSTREAM_PROGRESS_AFTER_MS", "0")


def progress_of(msgs):
    """{display_id: [text/plain of the display and each update]} of the progress displays."""
    out = {}
    for m in msgs:
        if m["msg_type"] in ("display_data", "update_display_data"):
            did = m["content"].get("transient", {}).get("display_id", "")
            if did.startswith("dstream-progress-"):
                assert (m["msg_type"] == "display_data") == (did not in out), "first a display, then updates"
                out.setdefault(did, []).append(m["content"]["data"]["text/plain"])
                assert "text/html" in m["content"]["data"]
    return out


def execute(kc, code, timeout=120):
    msg_id = kc.execute(code)
    reply = shell_reply(kc, msg_id, timeout)
    assert reply["content"]["status"] == "ok", reply["content"]
    return iopub_for(kc, msg_id, timeout)


def test_long_operations_show_progress(progress_now, embedded_broker, kc):
    lines = "\n".join(f"line {i}" for i in range(20000))
    (texts,) = progress_of(execute(kc, "%%produce progress-t\n" + lines)).values()
    assert texts[0].startswith("Producing to progress-t: ") and " of 20,000 records (" in texts[0], texts[0]
    assert re.fullmatch(r"Producing to progress-t: 20,000 records, done in \d+\.\d s", texts[-1]), texts[-1]
    (texts,) = progress_of(execute(kc, "%consume progress-t --max 5")).values()
    assert re.fullmatch(r"Waiting for records from progress-t: 5 records, done in \d+\.\d s", texts[-1]), texts

    # spark.read.json of a Kafka stream's batch (a lazy RDD): its schema pass, partition by partition
    execute(kc, "%%produce progress-json --partition 0\n" + "\n".join(f'{{"id": {i}, "lang": "en"}}' for i in range(300)))
    msgs = execute(kc, """import org.apache.spark.streaming.kafka010._
import org.apache.kafka.common.serialization.StringDeserializer
val kp = new java.util.HashMap[String, Object]()
kp.put("key.deserializer", classOf[StringDeserializer])
kp.put("value.deserializer", classOf[StringDeserializer])
kp.put("group.id", "progress")
val krdd = KafkaUtils.createRDD[String, String](sc, kp, Array(OffsetRange("progress-json", 0, 0, 300)), LocationStrategies.PreferConsistent)
spark.read.json(krdd.map(_.value)).count()""")
    (texts,) = progress_of(msgs).values()
    assert re.fullmatch(r"Reading JSON \(its schema\): 1 partitions, done in \d+\.\d s", texts[-1]), texts
    assert any(m["msg_type"] == "execute_result" and m["content"]["data"]["text/plain"].endswith("= 300") for m in msgs)

    execute(kc, 'val df = spark.range(3000).selectExpr("id", "id * 2 as twice")')
    for fmt in ("json", "csv"):
        (texts,) = progress_of(execute(kc, f'df.write.mode("overwrite").{fmt}("/tmp/dstream-progress-{fmt}")')).values()
        assert texts[0].startswith(f"Writing {fmt} to /tmp/dstream-progress-{fmt}"), texts
        assert re.fullmatch(rf"Writing {fmt} to \S+: 3,000 rows, done in \d+\.\d s", texts[-1]), texts

    # Parquet goes through one DuckDB COPY: its progress is DuckDB's (rows of the source scanned)
    execute(kc, 'val big = spark.range(3000000).selectExpr("id", "id * 2 as twice")')
    (texts,) = progress_of(execute(kc, 'big.write.mode("overwrite").parquet("/tmp/dstream-progress-parquet")')).values()
    assert texts[0].startswith("Writing parquet to /tmp/dstream-progress-parquet"), texts
    assert re.fullmatch(r"Writing parquet to \S+: 3,000,000 rows, done in \d+\.\d s", texts[-1]), texts


def test_clear_output(kc):
    """clearOutput(wait) sends Jupyter's clear_output, so a loop can redraw its output in place."""
    msgs = execute(kc, 'println("before")\nclearOutput(wait = true)\nprintln("after")\nclearOutput()')
    kinds = [(m["msg_type"], m["content"].get("text") or m["content"].get("wait")) for m in msgs
             if m["msg_type"] in ("stream", "clear_output")]
    assert kinds == [("stream", "before\n"), ("clear_output", True), ("stream", "after\n"), ("clear_output", False)], kinds


def test_short_operations_show_none(embedded_broker, kc):
    msgs = execute(kc, "%%produce progress-short\none\ntwo")
    assert progress_of(msgs) == {}
    assert any("Produced 2 records" in m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
