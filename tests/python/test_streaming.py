"""test_streaming.py — Spark Streaming in the real kernel on the real clock, through jupyter_client:
start() returns at once and the batches' output goes to the starting cell while later cells run;
awaitTerminationOrTimeout blocks and shows batches in the awaiting cell; the live timeline
(display_data, then update_display_data with the same display_id, settling into a summary);
interrupt during an await; kernel shutdown with a running context; errors in foreachRDD; and a
checkpointed program that resumes in a new kernel. Batches are 100 ms; assertions wait for
behaviour (with generous deadlines) rather than timing it. Exact DStream results are checked by
the unit tests on the virtual clock (tests/unit/test_streaming.c)."""

import json
import os
import pathlib
import re
import time

import pytest
from jupyter_client import KernelManager

from conftest import TIMEOUT, iopub_for, shell_reply

IMPORTS = ("import org.apache.spark.streaming._\n"
           "import org.apache.spark.rdd.RDD\n"
           "import scala.collection.mutable\n")

# A context of 100 ms batches: each batch prints "batch <n> <records>", the queue feeds one RDD a batch.
TICKER = IMPORTS + """val ssc = new StreamingContext(sc, Milliseconds(100))
val q = new mutable.Queue[RDD[Int]]()
for (i <- 1 to 5) q += sc.makeRDD(Seq(i))
var n = 0
ssc.queueStream(q).foreachRDD { rdd => n += 1; println("batch " + n + " " + rdd.count()) }
"""


def types(msgs):
    return [m["msg_type"] for m in msgs]


def stdout_of(msgs, name="stdout"):
    return "".join(m["content"]["text"] for m in msgs
                   if m["msg_type"] == "stream" and m["content"]["name"] == name)


def collect_iopub(kc, seconds, until=None):
    """Every iopub message for `seconds` (or until until(msgs) is true)."""
    out = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=max(0.01, min(0.2, deadline - time.monotonic())))
        except Exception:
            continue
        out.append(m)
        if until and until(out):
            break
    return out


def parented(msgs, msg_id):
    return [m for m in msgs if m["parent_header"].get("msg_id") == msg_id]


def execute(kc, code, timeout=TIMEOUT):
    """Runs a cell; returns (reply, its iopub messages up to idle)."""
    msg_id = kc.execute(code)
    reply = shell_reply(kc, msg_id, timeout)
    return reply, iopub_for(kc, msg_id, timeout)


def ok(reply):
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply


def stop(kc):
    ok(execute(kc, "StreamingContext.getActive.foreach(_.stop(stopSparkContext = false))")[0])


# ---- start() and the starting cell ----------------------------------------------------------------

def test_start_returns_and_batches_write_to_the_starting_cell(kc):
    t0 = time.monotonic()
    start_id = kc.execute(TICKER + "ssc.start()")
    reply = shell_reply(kc, start_id)
    assert reply["content"]["status"] == "ok"
    assert time.monotonic() - t0 < 5          # returns at once, not after the stream
    # later cells run while the batches go on in the background (the batches' output is read
    # with the later cell's: a batch may well write before that cell is done)
    one_id = kc.execute("1 + 1")
    assert shell_reply(kc, one_id)["content"]["status"] == "ok"
    msgs = collect_iopub(kc, 15, until=lambda ms: "batch 6 0" in stdout_of(parented(ms, start_id))
                         and any(m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                                 for m in parented(ms, one_id)))
    started = parented(msgs, start_id)
    text = stdout_of(started)
    # the queue's five RDDs, one a batch, then empty batches: all in the starting cell's output
    assert "batch 1 1\nbatch 2 1\nbatch 3 1\nbatch 4 1\nbatch 5 1\nbatch 6 0\n" in text
    reply, msgs = execute(kc, "println(n > 5)\nprintln(ssc.getState())")
    assert stdout_of(msgs) == "true\nACTIVE\n"
    assert "batch" not in stdout_of(msgs)
    stop(kc)


def test_await_termination_or_timeout(kc):
    ok(execute(kc, TICKER + "ssc.start()")[0])
    t0 = time.monotonic()
    reply, msgs = execute(kc, "ssc.awaitTerminationOrTimeout(1500)")
    elapsed = time.monotonic() - t0
    ok(reply)
    assert 1.3 < elapsed < 10
    results = [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]
    assert results == ["res3: Boolean = false"]   # the ticker's Unit statements and start() took res0..res2
    # while it waited, the batches' output went to the awaiting cell
    assert "batch " in stdout_of(msgs)
    # a stopped context: awaitTerminationOrTimeout returns true at once
    reply, msgs = execute(kc, "ssc.stop(stopSparkContext = false)\nssc.awaitTerminationOrTimeout(60000)")
    assert [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"] == \
        ["res5: Boolean = true"]   # stop() took res4


def test_timeline_display_updates_and_summary(kc):
    start_id = kc.execute(TICKER + "ssc.start()")
    ok(shell_reply(kc, start_id))
    msgs = collect_iopub(kc, 15, until=lambda ms: sum(m["msg_type"] == "update_display_data" for m in ms) >= 6)
    displays = [m for m in msgs if m["msg_type"] == "display_data"]
    updates = [m for m in msgs if m["msg_type"] == "update_display_data"]
    assert displays and len(updates) >= 3
    display_id = displays[0]["content"]["transient"]["display_id"]
    # what a frontend that shows no updates keeps (jupyter console): not a frozen "0 batches"
    assert displays[0]["content"]["data"]["text/plain"].startswith("Streaming started: a batch every 100 ms")
    assert {u["content"]["transient"]["display_id"] for u in updates} == {display_id, display_id + "-chart"}
    table_updates = [u for u in updates if u["content"]["transient"]["display_id"] == display_id]
    assert "text/html" in table_updates[-1]["content"]["data"]
    assert table_updates[-1]["content"]["data"]["text/plain"].startswith("Streaming:")
    # the chart is a display of its own (SVG, and Vega-Lite that JupyterLab draws with tooltips)
    chart_id = display_id + "-chart"
    assert [d["content"]["transient"]["display_id"] for d in displays][:2] == [display_id, chart_id]
    # and the buttons (test_widgets.py), a display with an id of its own (spark_diff leaves it out)
    (buttons,) = displays[2:]
    assert buttons["content"]["transient"]["display_id"].startswith("dstream-controls-")
    assert list(buttons["content"]["data"]) == ["application/vnd.jupyter.widget-view+json", "text/plain"]
    chart = [u for u in updates if u["content"]["transient"]["display_id"] == chart_id][-1]["content"]["data"]
    assert chart["image/svg+xml"].startswith("<svg") and "batch time" in chart["image/svg+xml"]
    spec = chart["application/vnd.vegalite.v5+json"]
    import altair, jsonschema
    schema = json.loads((pathlib.Path(altair.__file__).parent / "vegalite/v5/schema/vega-lite-schema.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(spec)
    rows = spec["data"]["values"]
    assert rows and all(r["interval_ms"] == 100 and r["records"] >= 0 for r in rows)
    assert {"batch", "records", "partitions", "processing_ms", "total_delay_ms"} <= set(rows[0])
    assert any(t["field"] == "partitions" for t in spec["layer"][0]["encoding"]["tooltip"])
    reply, msgs = execute(kc, "ssc.stop(stopSparkContext = false)")
    ok(reply)
    msgs += collect_iopub(kc, 1)
    finals = [m for m in msgs if m["msg_type"] == "update_display_data"
              and m["content"]["transient"]["display_id"] == display_id]
    assert finals, types(msgs)
    assert "Streaming stopped" in finals[-1]["content"]["data"]["text/plain"]
    # stop() says what it stopped, in its own cell (issue 14: the console shows no updates)
    said = [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "display_data"
            and m["parent_header"]["msg_id"] == reply["parent_header"]["msg_id"]]
    assert len(said) == 1 and re.match(r"Stopped StreamingContext ssc: \d+ batches of 100 ms, \d+ records", said[0]), said
    reply, msgs = execute(kc, "ssc.stop(stopSparkContext = false)")     # already stopped: nothing to say
    assert not [m for m in msgs if m["msg_type"] == "display_data"]


def test_timeline_off(kc):
    # spark.streaming.ui.inline=false switches the timeline off. %%configure is the documented way;
    # SparkConf.set writes the same kernel configuration.
    ok(execute(kc, 'new org.apache.spark.SparkConf().set("spark.streaming.ui.inline", "false")')[0])
    start_id = kc.execute(TICKER + "ssc.start()")
    ok(shell_reply(kc, start_id))
    msgs = collect_iopub(kc, 15, until=lambda ms: "batch 3 " in stdout_of(parented(ms, start_id)))
    assert "batch 3 " in stdout_of(parented(msgs, start_id))
    stop(kc)
    msgs += collect_iopub(kc, 0.5)
    assert not [m for m in msgs if m["msg_type"] in ("display_data", "update_display_data")]


def test_interrupt_during_await_leaves_context_running(kernel, kc):
    km = kernel[0]
    ok(execute(kc, TICKER + "ssc.start()")[0])
    msg_id = kc.execute("ssc.awaitTermination()")
    msgs = collect_iopub(kc, 15, until=lambda ms: "batch " in stdout_of(parented(ms, msg_id)))
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, timeout=10)
    assert reply["content"]["status"] == "error"
    assert "still running" in reply["content"]["evalue"]
    reply, msgs = execute(kc, "println(ssc.getState())\nval before = n")
    assert stdout_of(msgs) == "ACTIVE\n"
    # it keeps running: more batches come
    reply, msgs = execute(kc, "Thread.sleep(500)\nprintln(n > before)")
    assert stdout_of(msgs).endswith("true\n")
    reply, msgs = execute(kc, "ssc.stop(stopSparkContext = false)\nprintln(ssc.getState())\nprintln(StreamingContext.getActive)")
    assert stdout_of(msgs) == "STOPPED\nNone\n"


def test_interrupt_hint_names_the_users_context_variable(kernel, kc):
    """Issue 12 (errors a person can act on): the hint names the val holding the context, not `ssc`."""
    km = kernel[0]
    ok(execute(kc, TICKER.replace("val ssc =", "val streamingCtx =").replace("ssc.queueStream", "streamingCtx.queueStream")
                   + "streamingCtx.start()")[0])
    msg_id = kc.execute("streamingCtx.awaitTermination()")
    collect_iopub(kc, 15, until=lambda ms: "batch " in stdout_of(parented(ms, msg_id)))
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, timeout=10)
    assert reply["content"]["status"] == "error"
    assert "stop it with streamingCtx.stop()" in reply["content"]["evalue"], reply["content"]["evalue"]
    ok(execute(kc, "streamingCtx.stop(stopSparkContext = false)")[0])


def test_configure_sets_default_parallelism(kc):
    """Issue 12 (Order): defaultParallelism, and so the partitions of parallelize and of every
    shuffle, follows the master %%configure sets (local[N]: N), and spark.default.parallelism
    over it, as in Spark."""
    ok(execute(kc, '%%configure -f\n{"conf": {"spark.master": "local[3]"}}')[0])
    reply, msgs = execute(kc, "println(sc.defaultParallelism)\nprintln(sc.parallelize(1 to 9).getNumPartitions)\n"
                              "println(sc.parallelize(Seq((\"a\", 1))).reduceByKey(_ + _).getNumPartitions)")
    ok(reply)
    assert stdout_of(msgs) == "3\n3\n3\n"
    ok(execute(kc, '%%configure -f\n{"conf": {"spark.master": "local[3]", "spark.default.parallelism": "5"}}')[0])
    reply, msgs = execute(kc, "println(sc.defaultParallelism)\nprintln(sc.parallelize(1 to 9).getNumPartitions)")
    ok(reply)
    assert stdout_of(msgs) == "5\n5\n"


def wait_exit(km, timeout=15):
    proc = km.provisioner.process
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return proc.poll()


def test_shutdown_with_running_context(kernel, kc):
    km = kernel[0]
    ok(execute(kc, TICKER + "ssc.start()")[0])
    collect_iopub(kc, 0.5)
    kc.shutdown()
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok"
    assert wait_exit(km) == 0


def test_shutdown_while_awaiting(kernel, kc):
    km = kernel[0]
    ok(execute(kc, TICKER + "ssc.start()")[0])
    kc.execute("ssc.awaitTermination()")
    collect_iopub(kc, 0.5)
    kc.shutdown()
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok"
    assert wait_exit(km) == 0


def test_error_in_foreachrdd_surfaces_in_await(kc):
    code = IMPORTS + """val ssc = new StreamingContext(sc, Milliseconds(100))
val q = new mutable.Queue[RDD[Int]]()
q += sc.makeRDD(Seq(1))
q += sc.makeRDD(Seq(0))
ssc.queueStream(q).foreachRDD(rdd => rdd.foreach(x => println(10 / x)))
ssc.start()"""
    start_id = kc.execute(code)
    ok(shell_reply(kc, start_id))
    reply, msgs = execute(kc, "ssc.awaitTermination()")
    c = reply["content"]
    assert c["status"] == "error"
    assert c["ename"] == "java.lang.ArithmeticException" and c["evalue"] == "/ by zero"
    # the scheduler's error line went to a cell's stderr, as Spark logs it
    msgs += collect_iopub(kc, 0.5)
    err = stdout_of(msgs, "stderr")
    assert "ERROR JobScheduler: Error running job streaming job " in err
    assert "java.lang.ArithmeticException: / by zero" in err
    stop(kc)


def test_second_context_and_active(kc):
    ok(execute(kc, TICKER + "ssc.start()")[0])
    reply, msgs = execute(kc, "val ssc2 = new StreamingContext(sc, Seconds(1))\n"
                              "ssc2.queueStream(new mutable.Queue[RDD[Int]]()).print()\nssc2.start()")
    c = reply["content"]
    assert c["status"] == "error" and c["ename"] == "java.lang.IllegalStateException"
    assert c["evalue"].startswith("Only one StreamingContext may be started in this JVM.")
    reply, msgs = execute(kc, "println(StreamingContext.getActive.get eq ssc)")
    assert stdout_of(msgs) == "true\n"
    stop(kc)


# ---- checkpoint resume across kernels ---------------------------------------------------------------

def program(ck, inp):
    return IMPORTS + f"""def create(): StreamingContext = {{
  val ssc = new StreamingContext(sc, Seconds(1))
  ssc.checkpoint("{ck}")
  val words = ssc.textFileStream("{inp}").flatMap(_.split(" ")).map((_, 1))
  words.updateStateByKey((vs: Seq[Int], st: Option[Int]) => Some(vs.sum + st.getOrElse(0)))
    .foreachRDD((r, t) => println("total " + t + ": " + r.collect().sorted.mkString(" ")))
  words.window(Seconds(3)).count().foreachRDD((r, t) => println("window " + t + ": " + r.collect().mkString))
  ssc
}}
val ssc = StreamingContext.getOrCreate("{ck}", () => create())
"""


def start_kernel(jupyter_path):
    km = KernelManager(kernel_name="dstream-test-message")
    km.ip = "127.0.0.1"
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


def step_with_file(kc, inp, i, text):
    if text is not None:
        (inp / f"f{i}.txt").write_text(text)
    reply, msgs = execute(kc, "ssc.step()")
    ok(reply)
    return stdout_of(msgs)


BATCHES = [None, "a b", "a", "b c", "a", None]
EXPECTED = ("total 1000 ms: \nwindow 1000 ms: 0\n"
            "total 2000 ms: (a,1) (b,1)\nwindow 2000 ms: 2\n"
            "total 3000 ms: (a,2) (b,1)\nwindow 3000 ms: 3\n"
            "total 4000 ms: (a,2) (b,2) (c,1)\nwindow 4000 ms: 5\n"
            "total 5000 ms: (a,3) (b,2) (c,1)\nwindow 5000 ms: 4\n"
            "total 6000 ms: (a,3) (b,2) (c,1)\nwindow 6000 ms: 3\n")


def test_checkpoint_resume_in_a_new_kernel(jupyter_path, tmp_path):
    ck, inp = tmp_path / "ck", tmp_path / "in"
    inp.mkdir()
    out = ""
    km, kc = start_kernel(jupyter_path)
    try:
        ok(execute(kc, program(ck, inp))[0])
        for i in range(4):
            out += step_with_file(kc, inp, i, BATCHES[i])
        # the kernel goes away mid-stream
        kc.shutdown()
        assert wait_exit(km) == 0
    finally:
        kc.stop_channels()
        km.cleanup_resources()
    assert (ck / "checkpoint.json").exists()
    assert not (ck / ".checkpoint.json.tmp").exists()
    (inp / "f4.txt").write_text(BATCHES[4])          # arrives while no kernel runs
    km, kc = start_kernel(jupyter_path)
    try:
        ok(execute(kc, program(ck, inp))[0])
        first = step_with_file(kc, inp, 4, None)
        assert first.startswith(f"Restored the streaming state from the checkpoint of 4000 ms in {ck}\n")
        out += first.split("\n", 1)[1]
        out += step_with_file(kc, inp, 5, BATCHES[5])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        km.cleanup_resources()
    assert out == EXPECTED                          # as the uninterrupted run (unit tests)


def test_checkpoint_resume_real_clock(jupyter_path, tmp_path):
    """Started with start(): totals after a restart count every word once."""
    ck, inp = tmp_path / "ck", tmp_path / "in"
    inp.mkdir()
    code = IMPORTS + f"""def create(): StreamingContext = {{
  val ssc = new StreamingContext(sc, Milliseconds(100))
  ssc.checkpoint("{ck}")
  ssc.textFileStream("{inp}").flatMap(_.split(" ")).map((_, 1))
    .updateStateByKey((vs: Seq[Int], st: Option[Int]) => Some(vs.sum + st.getOrElse(0)))
    .foreachRDD(r => if (!r.isEmpty) println("totals " + r.collect().sorted.mkString(" ")))
  ssc
}}
val ssc = StreamingContext.getOrCreate("{ck}", () => create())
ssc.start()
"""
    km, kc = start_kernel(jupyter_path)
    try:
        start_id = kc.execute(code)
        ok(shell_reply(kc, start_id))
        time.sleep(0.3)
        (inp / "f1.txt").write_text("x y x")
        msgs = collect_iopub(kc, 20, until=lambda ms: "totals (x,2) (y,1)" in stdout_of(parented(ms, start_id)))
        assert "totals (x,2) (y,1)" in stdout_of(parented(msgs, start_id))
        kc.shutdown()
        assert wait_exit(km) == 0
    finally:
        kc.stop_channels()
        km.cleanup_resources()
    (inp / "f2.txt").write_text("y z")
    km, kc = start_kernel(jupyter_path)
    try:
        start_id = kc.execute(code)
        ok(shell_reply(kc, start_id))
        msgs = collect_iopub(kc, 20, until=lambda ms: "(z,1)" in stdout_of(parented(ms, start_id)))
        text = stdout_of(parented(msgs, start_id))
        assert "Restored the streaming state from the checkpoint of" in text
        assert "totals (x,2) (y,2) (z,1)" in text
        stop(kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        km.cleanup_resources()
