"""test_widgets.py — the Stop / Pause / Resume / Step buttons under a running StreamingContext
(issue 14), at the protocol level: the kernel opens Jupyter widget comms (ipywidgets 8's protocol,
target "jupyter.widget"), shows an HBox of Buttons and a status Label, and acts on the frontend's
clicks (comm_msg {"method": "custom", "content": {"event": "click"}}) — between cells, and while a
cell waits in awaitTermination. tests/python/test_frontends.py clicks them in JupyterLab."""
import time

from conftest import iopub_for, shell_reply
from kafka_fixtures import embedded_broker, runtime_dir  # noqa: F401

TICKER = """import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Milliseconds(200))
val q = new mutable.Queue[RDD[Int]]()
ssc.queueStream(q, oneAtATime = true, defaultRDD = sc.makeRDD(Seq(0))).count().print()
ssc.start()"""


def drain(kc, seconds=0.5, until=None):
    out, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            out.append(kc.get_iopub_msg(timeout=0.05))
        except Exception:
            continue
        if until and until(out):
            break
    return out


class Widgets:
    """The kernel's widget models, as a frontend's widget manager keeps them."""

    def __init__(self):
        self.state = {}

    def feed(self, msgs):
        for m in msgs:
            c = m["content"]
            if m["msg_type"] == "comm_open":
                assert c["target_name"] == "jupyter.widget" and m["metadata"]["version"] == "2.1.0"
                self.state[c["comm_id"]] = dict(c["data"]["state"])
            elif m["msg_type"] == "comm_msg" and c["data"].get("method") == "update":
                self.state[c["comm_id"]].update(c["data"]["state"])

    def button(self, label):
        (cid,) = [k for k, s in self.state.items() if s["_model_name"] == "ButtonModel" and s["description"] == label]
        return cid

    def status(self):
        (s,) = [s for s in self.state.values() if s["_model_name"] == "LabelModel"]
        return s["value"]

    def disabled(self, label):
        return self.state[self.button(label)]["disabled"]


def click(kc, comm_id):
    msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": {"method": "custom", "content": {"event": "click"}}})
    kc.shell_channel.send(msg)


def test_buttons_pause_step_resume_and_stop(kc):
    msg_id = kc.execute(TICKER)
    assert shell_reply(kc, msg_id)["content"]["status"] == "ok"
    msgs = iopub_for(kc, msg_id)
    w = Widgets()
    w.feed(msgs)
    views = [m for m in msgs if m["msg_type"] == "display_data"
             and "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]
    assert len(views) == 1
    box = views[0]["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert w.state[box]["_model_name"] == "HBoxModel" and len(w.state[box]["children"]) == 5
    assert all(ch.removeprefix("IPY_MODEL_") in w.state for ch in w.state[box]["children"])
    assert "[Stop] [Pause] [Resume] [Step]" in views[0]["content"]["data"]["text/plain"]
    assert not w.disabled("Pause") and w.disabled("Step") and w.disabled("Resume")

    w.feed(drain(kc, 10, until=lambda ms: any("running: 2 batches" in str(m["content"]) for m in ms)))
    click(kc, w.button("Pause"))
    w.feed(drain(kc, 5, until=lambda ms: any("paused after" in str(m["content"]) for m in ms)))
    assert w.status().startswith("paused after"), w.status()
    paused_at = int(w.status().split()[2])
    assert w.disabled("Pause") and not w.disabled("Step") and not w.disabled("Resume")
    w.feed(drain(kc, 1.0))                 # five batch intervals: none runs while paused
    assert w.status() == f"paused after {paused_at} batches: Step runs the next one", w.status()
    click(kc, w.button("Step"))
    w.feed(drain(kc, 5, until=lambda ms: any(f"paused after {paused_at + 1} " in str(m["content"]) for m in ms)))
    assert w.status().startswith(f"paused after {paused_at + 1} batches"), w.status()
    click(kc, w.button("Resume"))
    w.feed(drain(kc, 10, until=lambda ms: any(f"running: {paused_at + 3} " in str(m["content"]) for m in ms)))
    assert w.status().startswith("running: "), w.status()
    click(kc, w.button("Stop"))
    stop_msgs = drain(kc, 5, until=lambda ms: any("stopped after" in str(m["content"]) for m in ms))
    w.feed(stop_msgs)
    assert w.status().startswith("stopped after") and all(w.disabled(b) for b in ("Stop", "Pause", "Resume", "Step"))
    # the timeline in the starting cell settles into its summary, as when a cell stops it
    finals = [m["content"]["data"]["text/plain"] for m in stop_msgs if m["msg_type"] == "update_display_data"
              and m["parent_header"].get("msg_id") == msg_id and "text/html" in m["content"]["data"]]
    assert finals and finals[-1].startswith("Streaming stopped:"), finals
    msg_id = kc.execute("ssc.getState()")
    assert shell_reply(kc, msg_id)["content"]["status"] == "ok"
    results = [m["content"]["data"]["text/plain"] for m in iopub_for(kc, msg_id) if m["msg_type"] == "execute_result"]
    assert results and results[0].endswith("= STOPPED"), results
    # comm_info lists the kernel's widget comms (a reloaded page asks for them)
    msg_id = kc.comm_info(target_name="jupyter.widget")
    comms = shell_reply(kc, msg_id)["content"]["comms"]
    assert set(comms) == set(w.state) and all(v["target_name"] == "jupyter.widget" for v in comms.values())


def test_stop_ends_a_waiting_cell(kc):
    msg_id = kc.execute(TICKER)
    assert shell_reply(kc, msg_id)["content"]["status"] == "ok"
    w = Widgets()
    w.feed(iopub_for(kc, msg_id))
    wait_id = kc.execute("ssc.awaitTermination()\nprintln(\"after the wait\")")
    time.sleep(0.5)
    click(kc, w.button("Stop"))            # arrives while the cell runs: handled by the waiting cell
    reply = shell_reply(kc, wait_id, 15)
    assert reply["content"]["status"] == "ok", reply["content"]
    msgs = iopub_for(kc, wait_id)
    assert "after the wait" in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    # a request sent during the wait is answered after it, in order
    msg_id = kc.execute("1 + 1")
    assert shell_reply(kc, msg_id)["content"]["status"] == "ok"


def test_a_querys_buttons_pause_step_and_stop(embedded_broker, kc):  # noqa: F811
    """A Structured Streaming query started in a notebook gets the same buttons: while paused no
    trigger starts (new records wait), Step runs one, Stop ends the query and the awaiting cell."""
    def run(code):
        msg_id = kc.execute(code)
        reply = shell_reply(kc, msg_id, 60)
        assert reply["content"]["status"] == "ok", reply["content"]
        return iopub_for(kc, msg_id, 60)

    def rows():
        out = [m["content"]["data"]["text/plain"] for m in run('spark.table("wq").count()') if m["msg_type"] == "execute_result"]
        return int(out[0].split("= ")[-1])

    run("%topic create widget-q --partitions 1")
    run("%%produce widget-q\na\nb")
    w = Widgets()
    w.feed(run('val q = spark.readStream.format("kafka").option("subscribe", "widget-q").option("startingOffsets", "earliest")'
               '.load().selectExpr("CAST(value AS STRING) AS v").writeStream.format("memory").queryName("wq").start()\n'
               "q.processAllAvailable()"))
    assert w.status() == "running: 1 batch", w.status()
    assert rows() == 2
    click(kc, w.button("Pause"))
    w.feed(drain(kc, 5, until=lambda ms: any("paused after" in str(m["content"]) for m in ms)))
    assert w.status() == "paused after 1 batch: Step runs the next trigger", w.status()
    run("%%produce widget-q\nc")
    w.feed(drain(kc, 1.0))                 # ten polls of the default trigger: none starts while paused
    assert rows() == 2 and w.status().startswith("paused after 1 batch")
    click(kc, w.button("Step"))
    w.feed(drain(kc, 10, until=lambda ms: any("paused after 2 batches" in str(m["content"]) for m in ms)))
    assert w.status().startswith("paused after 2 batches"), w.status()
    assert rows() == 3
    click(kc, w.button("Resume"))
    w.feed(drain(kc, 5, until=lambda ms: any("running: 2 batches" in str(m["content"]) for m in ms)))
    wait_id = kc.execute('q.awaitTermination()\nprintln("after the wait")')
    time.sleep(0.5)
    click(kc, w.button("Stop"))            # handled by the waiting cell: the query ends, so does the wait
    assert shell_reply(kc, wait_id, 15)["content"]["status"] == "ok"
    # every message up to the waiting cell's idle: the buttons' update has the starting cell's parent
    msgs = drain(kc, 15, until=lambda ms: any(m["parent_header"].get("msg_id") == wait_id and m["msg_type"] == "status"
                                              and m["content"]["execution_state"] == "idle" for m in ms))
    w.feed(msgs)
    assert "after the wait" in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    assert w.status() == "stopped after 2 batches" and all(w.disabled(b) for b in ("Stop", "Pause", "Resume", "Step"))
    out = [m["content"]["data"]["text/plain"] for m in run("q.isActive") if m["msg_type"] == "execute_result"]
    assert out == ["res3: Boolean = false"] or out[0].endswith("Boolean = false"), out
