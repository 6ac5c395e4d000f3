"""test_protocol.py — the Jupyter messaging layer (spec 5.4) of the real kernel binary, through
jupyter_client: every request type, iopub ordering, signatures, replays, malformed and undecodable
input, U+0000 in code, heartbeat, interrupt (message and signal), shutdown/restart, stdin, and the
kernel's exit when the process that started it dies. Cells are plain Scala."""

import hashlib
import hmac
import json
import os
import selectors
import signal
import subprocess
import sys
import time
import uuid

import pytest
import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

from conftest import TIMEOUT, iopub_for, kernel_binary, shell_reply

SCALA_LOOP = "while (true) {}"
BUSY_5S = "val t0 = System.currentTimeMillis()\nwhile (System.currentTimeMillis() - t0 < 5000) {}"


def types(msgs):
    return [m["msg_type"] for m in msgs]


def states(msgs):
    return [m["content"]["execution_state"] for m in msgs if m["msg_type"] == "status"]


def result_text(msgs):
    res = [m for m in msgs if m["msg_type"] == "execute_result"]
    assert len(res) == 1, types(msgs)
    return res[0]["content"]["data"]["text/plain"]


# ---- kernel_info -------------------------------------------------------------------------------

def test_kernel_info_fields(kc):
    msg_id = kc.kernel_info()
    reply = shell_reply(kc, msg_id)
    c = reply["content"]
    assert reply["msg_type"] == "kernel_info_reply"
    assert c["status"] == "ok"
    assert c["protocol_version"] == "5.4"
    assert isinstance(c["implementation"], str) and c["implementation"]
    assert isinstance(c["implementation_version"], str)
    li = c["language_info"]
    assert li["name"] == "scala"
    assert li["file_extension"] == ".scala"
    assert li["mimetype"] == "text/x-scala"
    assert li.get("codemirror_mode") == "text/x-scala"
    assert li.get("pygments_lexer") == "scala"
    assert isinstance(c["banner"], str)
    assert isinstance(c["help_links"], list)
    assert c["supported_features"] == []     # 5.4 (JEP 92): no debugger, no kernel subshells
    assert states(iopub_for(kc, msg_id)) == ["busy", "idle"]
    assert reply["header"]["version"] == "5.4"


def test_kernel_info_on_control(kc):
    msg = kc.session.msg("kernel_info_request", {})
    kc.control_channel.send(msg)
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "kernel_info_reply"
    assert reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]
    assert reply["content"]["protocol_version"] == "5.4"
    assert states(iopub_for(kc, msg["header"]["msg_id"])) == ["busy", "idle"]


# ---- execute -----------------------------------------------------------------------------------

def test_execute_result_and_ordering(run):
    reply, msgs = run("1 + 2")
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 1
    assert types(msgs) == ["status", "execute_input", "execute_result", "status"]
    assert states(msgs) == ["busy", "idle"]
    assert msgs[1]["content"] == {"code": "1 + 2", "execution_count": 1}
    assert msgs[2]["content"]["execution_count"] == 1
    assert result_text(msgs) == "res0: Int = 3"


def test_execute_stream(run):
    reply, msgs = run('println("hi")')
    assert reply["content"]["status"] == "ok"
    streams = [m["content"] for m in msgs if m["msg_type"] == "stream"]
    assert "".join(s["text"] for s in streams if s["name"] == "stdout") == "hi\n"
    assert states(msgs) == ["busy", "idle"]
    assert types(msgs)[-1] == "status"


def test_execute_val_definition(run):
    reply, msgs = run("val xs = List(1, 2)")
    assert reply["content"]["status"] == "ok"
    assert result_text(msgs) == "xs: List[Int] = List(1, 2)"


def test_execute_error(run):
    reply, msgs = run("1 / 0")
    c = reply["content"]
    assert c["status"] == "error"
    assert c["ename"] == "java.lang.ArithmeticException"
    assert c["evalue"] == "/ by zero"
    assert isinstance(c["traceback"], list) and all(isinstance(t, str) for t in c["traceback"])
    assert c["execution_count"] == 1
    errors = [m["content"] for m in msgs if m["msg_type"] == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == "java.lang.ArithmeticException"
    assert states(msgs) == ["busy", "idle"]


def test_silent(run):
    reply, msgs = run("1 + 2", silent=True)
    assert reply["content"]["status"] == "ok"
    assert "execute_input" not in types(msgs)
    assert "execute_result" not in types(msgs)
    assert states(msgs) == ["busy", "idle"]
    reply, msgs = run("1 + 2")
    assert reply["content"]["execution_count"] == 1  # the silent cell did not count


def test_execution_count_and_store_history(kc, run):
    assert run("1 + 2")[0]["content"]["execution_count"] == 1
    assert run("1 + 1", store_history=False)[0]["content"]["execution_count"] == 2
    assert run("2 + 2")[0]["content"]["execution_count"] == 3
    msg_id = kc.history(hist_access_type="tail", n=10, output=False, raw=True)
    hist = shell_reply(kc, msg_id)["content"]["history"]
    inputs = [h[2] for h in hist]
    assert "1 + 2" in inputs and "2 + 2" in inputs and "1 + 1" not in inputs


def test_user_expressions(run):
    reply, _ = run("val a = 1", user_expressions={"sum": "1 + 2", "bad": "1 / 0"})
    ue = reply["content"]["user_expressions"]
    assert ue["sum"]["status"] == "ok"
    assert "3" in ue["sum"]["data"]["text/plain"]
    assert ue["bad"]["status"] == "error"


def test_stop_on_error_aborts_queued(kc):
    bad = kc.execute("1 / 0")
    queued = kc.execute("1 + 2")
    assert shell_reply(kc, bad)["content"]["status"] == "error"
    r2 = shell_reply(kc, queued)
    assert r2["content"]["status"] == "aborted"
    assert states(iopub_for(kc, queued)) == ["busy", "idle"]
    after = kc.execute("1 + 2")
    assert shell_reply(kc, after)["content"]["status"] == "ok"


def test_stop_on_error_false_runs_queued(kc):
    bad = kc.execute("1 / 0", stop_on_error=False)
    queued = kc.execute("1 + 2")
    assert shell_reply(kc, bad)["content"]["status"] == "error"
    assert shell_reply(kc, queued)["content"]["status"] == "ok"


# ---- is_complete, complete, inspect, history, comms --------------------------------------------

def is_complete(kc, code):
    msg_id = kc.is_complete(code)
    return shell_reply(kc, msg_id)["content"]


def test_is_complete(kc):
    assert is_complete(kc, "1 + 2")["status"] == "complete"
    inc = is_complete(kc, "def f(x: Int) = {")
    assert inc["status"] == "incomplete" and isinstance(inc["indent"], str)
    assert is_complete(kc, "val x = 1 +")["status"] == "incomplete"
    assert is_complete(kc, "}")["status"] == "invalid"


# Every magic the kernel has, as a user writes it (the magic table, kernel/magics.c).
MAGICS = ["%%bash", "%%configure", "%%produce", "%%scala", "%%sql",
          "%consume", "%kafka", "%lsmagic", "%spark", "%topic", "%topics"]


def test_is_complete_cell_magic_waits_for_empty_line(kc):
    # a lone %%magic line: the console must let the user type the body
    for code in ["%%produce words", "%%bash", "%%sql -n 5", "%%produce words\nhello"]:
        st = is_complete(kc, code)
        assert st["status"] == "incomplete" and st["indent"] == "", (code, st)
    for code in ["%%produce words\nhello\nworld\n", "%%bash\necho hi\n", "%topics", "%%nosuch"]:
        assert is_complete(kc, code)["status"] == "complete", code


def test_unknown_magic_lists_every_magic(run):
    for code in ["%%nosuch\nx", "%nosuch", "%bash"]:
        reply, _ = run(code)
        c = reply["content"]
        assert c["status"] == "error" and c["ename"] == "UsageError", c
        assert all(m in c["evalue"] for m in MAGICS), c["evalue"]
    assert "%%bash is a cell magic" in c["evalue"]


def test_lsmagic_lists_the_magic_table(run):
    reply, msgs = run("%lsmagic")
    assert reply["content"]["status"] == "ok"
    out = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
    for m in MAGICS:
        assert f"  {m}" in out, (m, out)
    assert "%%sql [-n MAXROWS]" in out and "%consume TOPIC [--from" in out


def test_complete_magic_names(kc):
    def matches(code, cursor=None):
        c = shell_reply(kc, kc.complete(code, len(code) if cursor is None else cursor))["content"]
        return c["matches"], c["cursor_start"]
    m, start = matches("%%")
    assert m == [x for x in MAGICS if x.startswith("%%")] and start == 0
    m, _ = matches("%")
    assert m == sorted(MAGICS)
    assert matches("%%s")[0] == ["%%scala", "%%sql"]
    assert matches("%%ba")[0] == ["%%bash"]
    m, start = matches("%topic de")
    assert m == ["delete", "describe"] and start == len("%topic ")
    # the body of a cell magic that is not Scala or SQL: no Scala names
    assert matches("%%bash\nprintl")[0] == []
    assert "println" in matches("%%scala\nprintl")[0]


def test_complete_reply_shape(kc):
    msg_id = kc.complete("printl", 6)
    c = shell_reply(kc, msg_id)["content"]
    assert c["status"] == "ok"
    assert isinstance(c["matches"], list) and all(isinstance(m, str) for m in c["matches"])
    assert 0 <= c["cursor_start"] <= c["cursor_end"] == 6
    assert isinstance(c["metadata"], dict)
    assert states(iopub_for(kc, msg_id)) == ["busy", "idle"]


def test_inspect_reply_shape(kc):
    msg_id = kc.inspect("println", 7, detail_level=0)
    c = shell_reply(kc, msg_id)["content"]
    assert c["status"] == "ok"
    assert isinstance(c["found"], bool)
    assert isinstance(c["data"], dict) and isinstance(c["metadata"], dict)


def test_help_query_pages_the_inspect_text(kc, run):
    """`name?`, `?name` and `a.b?` (IPython's convention) answer with the inspect text as a pager
    payload; an unknown name says so; a Scala expression with `?` elsewhere is still Scala."""
    expected = shell_reply(kc, kc.inspect("println", 7, detail_level=1))["content"]["data"]["text/plain"]
    for code in ("println?", "?println", "  println??  \n"):
        reply, msgs = run(code)
        c = reply["content"]
        assert c["status"] == "ok", code
        assert [p["source"] for p in c["payload"]] == ["page"], code
        assert c["payload"][0]["data"]["text/plain"] == expected
        assert c["payload"][0]["start"] == 0
        assert not [m for m in msgs if m["msg_type"] in ("stream", "error", "execute_result")]
    run('val ssc = new org.apache.spark.streaming.StreamingContext(sc, org.apache.spark.streaming.Seconds(1))')
    reply, _ = run("ssc.awaitTermination?")
    page = reply["content"]["payload"][0]["data"]["text/plain"]
    assert "def awaitTermination" in page
    reply, msgs = run("noSuchThing?")
    assert reply["content"]["payload"] == []
    assert [m["content"]["text"] for m in msgs if m["msg_type"] == "stream"] == ["Object `noSuchThing` not found.\n"]
    for code in ("println?", "?ssc.start", "ssc.start??"):   # the console runs it at once
        assert shell_reply(kc, kc.is_complete(code))["content"]["status"] == "complete", code
    reply, msgs = run("?println?")         # both sides: not a help query, so Scala's parse error
    assert reply["content"]["status"] == "error"


def test_history(kc, run):
    run("1 + 2")
    run('println("hi")')
    msg_id = kc.history(hist_access_type="tail", n=1, output=False, raw=True)
    hist = shell_reply(kc, msg_id)["content"]["history"]
    assert len(hist) == 1
    session, line, source = hist[0]
    assert isinstance(session, int) and line == 2 and source == 'println("hi")'
    msg_id = kc.history(hist_access_type="range", session=0, start=1, stop=2, output=False, raw=True)
    assert [h[2] for h in shell_reply(kc, msg_id)["content"]["history"]] == ["1 + 2"]
    msg_id = kc.history(hist_access_type="search", pattern="print*", output=False, raw=True)
    assert [h[2] for h in shell_reply(kc, msg_id)["content"]["history"]] == ['println("hi")']


def test_comm_info_empty(kc):
    msg_id = kc.comm_info()
    c = shell_reply(kc, msg_id)["content"]
    assert c["status"] == "ok" and c["comms"] == {}


def test_comm_open_unknown_target_is_closed(kc):
    comm_id = uuid.uuid4().hex
    msg = kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
    kc.shell_channel.send(msg)
    msgs = iopub_for(kc, msg["header"]["msg_id"])
    closes = [m for m in msgs if m["msg_type"] == "comm_close"]
    assert len(closes) == 1 and closes[0]["content"]["comm_id"] == comm_id
    assert states(msgs) == ["busy", "idle"]


# ---- signatures and malformed input on a raw socket --------------------------------------------

class Raw:
    """A DEALER socket on the shell port, with a Session that signs like the kernel's client."""

    def __init__(self, km):
        ci = km.get_connection_info()
        self.session = Session(key=km.session.key, signature_scheme=ci["signature_scheme"])
        self.ctx = zmq.Context()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.linger = 0
        self.sock.identity = b"raw-" + uuid.uuid4().hex.encode()
        self.sock.connect(f"tcp://{ci['ip']}:{ci['shell_port']}")
        self.key = km.session.key

    def sign(self, parts):
        h = hmac.new(self.key, digestmod=hashlib.sha256)
        for p in parts:
            h.update(p)
        return h.hexdigest().encode()

    def frames(self, msg_type, content, sig=None):
        msg = self.session.msg(msg_type, content)
        parts = [self.session.pack(msg[k]) for k in ("header", "parent_header", "metadata", "content")]
        return msg, [b"<IDS|MSG>", self.sign(parts) if sig is None else sig] + parts

    def send_parts(self, parts):
        self.sock.send_multipart(parts)

    def signed(self, header, parent, metadata, content):
        parts = [header, parent, metadata, content]
        return [b"<IDS|MSG>", self.sign(parts)] + parts

    def recv(self, timeout):
        if not self.sock.poll(int(timeout * 1000)):
            return None
        _, msg = self.session.feed_identities(self.sock.recv_multipart())
        return self.session.deserialize(msg)

    def close(self):
        self.sock.close()
        self.ctx.term()


@pytest.fixture
def raw(kernel):
    r = Raw(kernel[0])
    yield r
    r.close()


def test_forged_signature_ignored(kc, raw, run):
    _, forged = raw.frames("execute_request", {"code": "1 + 2", "silent": False}, sig=b"0" * 64)
    raw.send_parts(forged)
    _, unsigned = raw.frames("execute_request", {"code": "1 + 2", "silent": False}, sig=b"")
    raw.send_parts(unsigned)
    assert raw.recv(1.0) is None
    # a correctly signed message on the same socket is answered
    msg, good = raw.frames("kernel_info_request", {})
    raw.send_parts(good)
    reply = raw.recv(TIMEOUT)
    assert reply is not None and reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]
    # and the forged cells never ran
    assert run("1 + 2")[0]["content"]["execution_count"] == 1


def test_malformed_frames_leave_kernel_answering(kc, raw, run):
    hdr = raw.session.pack(raw.session.msg_header("kernel_info_request"))
    raw.send_parts([b"no delimiter", b"at all"])
    raw.send_parts([b"<IDS|MSG>", b"sig", hdr])  # too few frames
    raw.send_parts(raw.signed(b"[1, 2]", b"{}", b"{}", b"{}"))  # header not an object
    raw.send_parts(raw.signed(b'{"msg_id": 5}', b"{}", b"{}", b"{}"))  # no msg_type
    raw.send_parts(raw.signed(b"{not json", b"{}", b"{}", b"{}"))  # header not JSON
    # msg_type with U+0000: read as a C string it would be kernel_info_request
    raw.send_parts(raw.signed(b'{"msg_id": "x", "msg_type": "kernel_info_request\\u0000x"}', b"{}", b"{}", b"{}"))
    assert raw.recv(1.0) is None
    # wrong field types get an error reply
    msg, parts = raw.frames("execute_request", {"code": 5, "silent": "no"})
    raw.send_parts(parts)
    reply = raw.recv(TIMEOUT)
    assert reply["msg_type"] == "execute_reply" and reply["content"]["status"] == "error"
    msg, parts = raw.frames("complete_request", {"code": "x", "cursor_pos": "end"})
    raw.send_parts(parts)
    assert raw.recv(TIMEOUT)["content"]["status"] == "error"
    # an unknown request type gets an error reply
    msg, parts = raw.frames("frobnicate_request", {})
    raw.send_parts(parts)
    reply = raw.recv(TIMEOUT)
    assert reply["msg_type"] == "frobnicate_reply" and reply["content"]["status"] == "error"
    # and the kernel still works
    assert shell_reply(kc, kc.kernel_info())["content"]["status"] == "ok"
    reply, msgs = run("1 + 2")
    assert reply["content"]["status"] == "ok"


@pytest.mark.parametrize("part,bad,what", [
    ("content", b"{not json", "content"),
    ("content", b"\xff\xfe", "content"),                       # not UTF-8
    ("content", b'{"code": "1", "a\\u0000b": 1}', "content"),  # U+0000 in a key: jansson refuses it
    ("content", b'{"code": "' + b"x" * (40 * 1024 * 1024) + b'"}', "content frame of"),  # too large
    ("metadata", b"[]", "metadata is not a JSON object"),
    ("parent_header", b"", "parent_header frame is empty"),
])
def test_undecodable_request_gets_error_reply(kc, raw, run, part, bad, what):
    """A signed request whose header decodes but whose other parts do not is answered (status
    error, between busy and idle), not dropped."""
    header = raw.session.msg_header("execute_request")
    parts = {"header": raw.session.pack(header), "parent_header": b"{}", "metadata": b"{}",
             "content": raw.session.pack({"code": "1 + 2"})}
    parts[part] = bad
    raw.send_parts(raw.signed(parts["header"], parts["parent_header"], parts["metadata"], parts["content"]))
    reply = raw.recv(TIMEOUT)
    assert reply is not None, "no reply to an undecodable request"
    assert reply["parent_header"]["msg_id"] == header["msg_id"]
    assert reply["msg_type"] == "execute_reply"
    c = reply["content"]
    assert c["status"] == "error" and c["ename"] == "ValueError"
    assert what in c["evalue"] and "not run" in c["evalue"]
    assert isinstance(c["execution_count"], int)
    assert states(iopub_for(kc, header["msg_id"])) == ["busy", "idle"]
    # the cell did not run, and the kernel goes on
    reply, msgs = run("1 + 2")
    assert reply["content"]["execution_count"] == 1


def test_undecodable_request_on_control_gets_error_reply(kernel, kc, raw):
    ci = kernel[0].get_connection_info()
    ctl = raw.ctx.socket(zmq.DEALER)
    ctl.linger = 0
    ctl.connect(f"tcp://{ci['ip']}:{ci['control_port']}")
    try:
        header = raw.session.msg_header("kernel_info_request")
        ctl.send_multipart(raw.signed(raw.session.pack(header), b"{}", b"{}", b"{not json"))
        assert ctl.poll(TIMEOUT * 1000)
        _, frames = raw.session.feed_identities(ctl.recv_multipart())
        reply = raw.session.deserialize(frames)
        assert reply["msg_type"] == "kernel_info_reply"
        assert reply["content"]["status"] == "error" and "content" in reply["content"]["evalue"]
        assert states(iopub_for(kc, header["msg_id"])) == ["busy", "idle"]
    finally:
        ctl.close()


# ---- U+0000 in code ------------------------------------------------------------------------------

def test_code_with_nul_gets_error_naming_position(kc, run):
    reply, msgs = run("1\u0000")
    c = reply["content"]
    assert c["status"] == "error"
    assert c["ename"] == "error"
    assert c["evalue"].startswith("illegal character '\\u0000' at line 1, column 2")
    assert c["execution_count"] == 1
    assert c["traceback"] == ["<console>:1: error: " + c["evalue"], "1\u2400", " ^"]
    assert states(msgs) == ["busy", "idle"]
    # the code is echoed and kept whole, not cut at the NUL
    inputs = [m["content"]["code"] for m in msgs if m["msg_type"] == "execute_input"]
    assert inputs == ["1\u0000"]
    hist = shell_reply(kc, kc.history(hist_access_type="tail", n=1, raw=True, output=False))["content"]["history"]
    assert hist[0][2] == "1\u0000"
    # the position is counted in characters on the NUL's line
    reply, msgs = run('val a = 1\nval b = "\u00e9\u0000"')
    assert "line 2, column 11" in reply["content"]["evalue"]
    assert reply["content"]["traceback"][-1] == " " * 10 + "^"
    # is_complete calls such code invalid; user_expressions with a NUL are errors
    assert is_complete(kc, "1\u0000 + 2")["status"] == "invalid"
    reply, _ = run("1 + 1", user_expressions={"nul": "2\u0000"})
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["user_expressions"]["nul"]["status"] == "error"
    # completion after a NUL finds nothing (and reads nothing past it); before it works as usual
    r = shell_reply(kc, kc.complete("val xs = 1\u0000; xs.", 16))["content"]
    assert r["status"] == "ok" and r["matches"] == [] and r["cursor_start"] == r["cursor_end"] == 16
    # and the kernel answers normally afterwards
    reply, msgs = run("1 + 2")
    assert reply["content"]["status"] == "ok"
    assert result_text(msgs).endswith("Int = 3")


# ---- replayed messages -------------------------------------------------------------------------

def test_replayed_request_runs_once(kc, raw, run):
    msg, parts = raw.frames("execute_request", {"code": 'println("ran")', "silent": False, "store_history": True})
    raw.send_parts(parts)
    first = raw.recv(TIMEOUT)
    assert first["parent_header"]["msg_id"] == msg["header"]["msg_id"]
    assert first["content"]["execution_count"] == 1
    raw.send_parts(parts)  # the very same signed frames
    probe, probe_parts = raw.frames("kernel_info_request", {})
    raw.send_parts(probe_parts)
    # shell requests are handled in order: the next reply on this socket is the probe's
    reply = raw.recv(TIMEOUT)
    assert reply["parent_header"]["msg_id"] == probe["header"]["msg_id"]
    # the replay never ran: the next cell is number 2
    assert run("1 + 2")[0]["content"]["execution_count"] == 2


def test_replay_refused_across_channels(kernel, kc, raw):
    """One set of signatures for the whole session: a message seen on shell is refused on control."""
    msg, parts = raw.frames("kernel_info_request", {})
    raw.send_parts(parts)
    assert raw.recv(TIMEOUT)["parent_header"]["msg_id"] == msg["header"]["msg_id"]
    ci = kernel[0].get_connection_info()
    ctl = raw.ctx.socket(zmq.DEALER)
    ctl.linger = 0
    ctl.connect(f"tcp://{ci['ip']}:{ci['control_port']}")
    try:
        ctl.send_multipart(parts)
        probe, probe_parts = raw.frames("kernel_info_request", {})
        ctl.send_multipart(probe_parts)
        assert ctl.poll(TIMEOUT * 1000)
        _, frames = raw.session.feed_identities(ctl.recv_multipart())
        assert raw.session.deserialize(frames)["parent_header"]["msg_id"] == probe["header"]["msg_id"]
    finally:
        ctl.close()


# ---- heartbeat, interrupt, shutdown ------------------------------------------------------------

def test_heartbeat_while_busy(kernel, kc):
    km = kernel[0]
    ci = km.get_connection_info()
    ctx = zmq.Context()
    hb = ctx.socket(zmq.REQ)
    hb.linger = 0
    hb.connect(f"tcp://{ci['ip']}:{ci['hb_port']}")
    try:
        msg_id = kc.execute(BUSY_5S)
        t0 = time.monotonic()
        beats = 0
        while time.monotonic() - t0 < 4.0:
            hb.send(b"ping %d" % beats)
            assert hb.poll(1000), "no heartbeat within 1 s while a cell runs"
            assert hb.recv() == b"ping %d" % beats
            beats += 1
            time.sleep(0.5)
        assert beats >= 6
        reply = shell_reply(kc, msg_id, timeout=TIMEOUT)
        assert reply["content"]["status"] == "ok"
        assert time.monotonic() - t0 >= 4.0
    finally:
        hb.close()
        ctx.term()


@pytest.mark.parametrize("interrupt_mode", ["message", "signal"])
def test_interrupt_loop(kernel, kc, run, interrupt_mode):
    km = kernel[0]
    msg_id = kc.execute(SCALA_LOOP)
    # wait until the cell is running
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, timeout=10)
    assert reply["content"]["status"] == "error"
    reply, msgs = run("1 + 2")
    assert reply["content"]["status"] == "ok"
    assert result_text(msgs).endswith("Int = 3")
    assert km.is_alive()


def test_interrupt_request_reply_and_status(kc):
    msg = kc.session.msg("interrupt_request", {})
    kc.control_channel.send(msg)
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "interrupt_reply" and reply["content"]["status"] == "ok"
    assert states(iopub_for(kc, msg["header"]["msg_id"])) == ["busy", "idle"]


def wait_exit(km, timeout=10):
    proc = km.provisioner.process
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return proc.poll()


@pytest.mark.parametrize("restart", [False, True])
def test_shutdown_request(kernel, kc, restart):
    km = kernel[0]
    kc.shutdown(restart=restart)
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"] == {"status": "ok", "restart": restart}
    assert wait_exit(km) == 0


def test_shutdown_while_cell_runs(kernel, kc):
    km = kernel[0]
    kc.execute(SCALA_LOOP)
    time.sleep(0.3)
    kc.shutdown()
    reply = kc.control_channel.get_msg(timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok"
    assert wait_exit(km) == 0


def test_restart_kernel(kernel, kc, run):
    km = kernel[0]
    assert run("1 + 2")[0]["content"]["execution_count"] == 1
    old = km.provisioner.process
    km.restart_kernel(now=False)
    assert old.poll() == 0  # the old kernel exited cleanly on shutdown_request(restart=True)
    kc.wait_for_ready(timeout=TIMEOUT)
    reply, msgs = run("1 + 2")
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 1  # a fresh kernel


# ---- stdin ---------------------------------------------------------------------------------------

def test_input_request_round_trip(kc):
    msg_id = kc.execute('scala.io.StdIn.readLine("name? ")', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=TIMEOUT)
    assert req["msg_type"] == "input_request"
    assert req["parent_header"]["msg_id"] == msg_id
    assert req["content"] == {"prompt": "name? ", "password": False}
    kc.input("Ada")
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["status"] == "ok"
    assert "Ada" in result_text(iopub_for(kc, msg_id))


def test_input_request_password(kc):
    msg_id = kc.execute('new String(System.console().readPassword("password? "))', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=TIMEOUT)
    assert req["msg_type"] == "input_request"
    assert req["content"]["password"] is True
    assert req["content"]["prompt"] == "password? "
    kc.input("s3cret")
    assert shell_reply(kc, msg_id)["content"]["status"] == "ok"


def test_no_input_request_without_allow_stdin(kc):
    msg_id = kc.execute('scala.io.StdIn.readLine("name? ")', allow_stdin=False)
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["status"] in ("ok", "error")
    with pytest.raises(Exception):
        kc.get_stdin_msg(timeout=0.3)


def test_interrupt_while_waiting_for_input(kernel, kc, run):
    km = kernel[0]
    msg_id = kc.execute('scala.io.StdIn.readLine("name? ")', allow_stdin=True)
    assert kc.get_stdin_msg(timeout=TIMEOUT)["msg_type"] == "input_request"
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, timeout=10)
    assert reply["content"]["status"] == "error"
    assert run("1 + 2")[0]["content"]["status"] == "ok"


# ---- the parent process ------------------------------------------------------------------------

# Runs as a child subreaper (so the orphaned kernel becomes its child and its exit status can be
# read), starts a middle process that launches the kernel as jupyter_client does (new session,
# JPY_PARENT_PID per mode), prints {"middle", "kernel"} pids, then the kernel's exit status.
REAPER = r"""
import ctypes, json, os, subprocess, sys
assert ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
binary, conn, log, mode = sys.argv[1:5]
middle_src = '''
import os, subprocess, sys
binary, conn, log, mode = sys.argv[1:5]
env = dict(os.environ)
env.pop("JPY_PARENT_PID", None)
if mode in ("watched", "busy"):
    env["JPY_PARENT_PID"] = str(os.getpid())
elif mode == "stale":
    env["JPY_PARENT_PID"] = str(os.getppid())  # a wrapper between: the real parent is this process
elif mode == "init":
    env["JPY_PARENT_PID"] = "1"
k = subprocess.Popen([binary, "-f", conn], env=env, stderr=open(log, "wb"), start_new_session=True)
print(k.pid, flush=True)
k.wait()
'''
middle = subprocess.Popen([sys.executable, "-c", middle_src, binary, conn, log, mode], stdout=subprocess.PIPE)
kernel = int(middle.stdout.readline())
print(json.dumps({"middle": middle.pid, "kernel": kernel}), flush=True)
middle.wait()
_, status = os.waitpid(kernel, 0)
print(json.dumps({"exit": os.waitstatus_to_exitcode(status)}), flush=True)
"""


def read_json_line(proc, timeout):
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        assert sel.select(timeout), f"nothing from the reaper within {timeout} s"
        return json.loads(proc.stdout.readline())
    finally:
        sel.close()


@pytest.fixture
def orphan(tmp_path, jupyter_path):
    """start(mode) -> (pids, BlockingKernelClient, reaper, log path) for a kernel started through a
    middle process that the test can kill."""
    started = []

    def start(mode):
        conn, _ = write_connection_file(str(tmp_path / "kernel.json"), ip="127.0.0.1", key=uuid.uuid4().hex.encode())
        log = tmp_path / "kernel.log"
        reaper = subprocess.Popen([sys.executable, "-c", REAPER, kernel_binary(), conn, str(log), mode],
                                  stdout=subprocess.PIPE)
        pids = read_json_line(reaper, TIMEOUT)
        kc = BlockingKernelClient(connection_file=conn)
        kc.load_connection_file()
        kc.start_channels()
        started.append((reaper, kc, pids))
        kc.wait_for_ready(timeout=TIMEOUT)
        return pids, kc, reaper, log

    yield start
    for reaper, kc, pids in started:
        kc.stop_channels()
        for pid in (pids["kernel"], pids["middle"]):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reaper.wait(timeout=TIMEOUT)


@pytest.mark.parametrize("mode", ["watched", "busy", "stale"])
def test_kernel_exits_cleanly_when_parent_dies(orphan, mode):
    pids, kc, reaper, log = orphan(mode)
    if mode == "busy":
        msg_id = kc.execute(SCALA_LOOP)
        while True:
            m = kc.get_iopub_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
                break
    os.kill(pids["middle"], signal.SIGKILL)
    # the kernel notices within a second or so; 15 s is a generous bound
    assert read_json_line(reaper, 15) == {"exit": 0}
    text = log.read_text()
    assert f"the parent process {pids['middle']} has exited" in text
    assert "did not stop within" not in text  # the clean path, not the forced exit


@pytest.mark.parametrize("mode", ["unset", "init"])
def test_kernel_without_jpy_parent_survives_parent(orphan, mode):
    """Without JPY_PARENT_PID (or with 1, as for init) nothing is watched, as in ipykernel: a kernel
    started by hand, by systemd or under nohup stays up until it is asked to shut down."""
    pids, kc, reaper, log = orphan(mode)
    os.kill(pids["middle"], signal.SIGKILL)
    time.sleep(3)  # three polling periods of a watcher, had there been one
    os.kill(pids["kernel"], 0)  # still alive
    assert shell_reply(kc, kc.kernel_info())["content"]["status"] == "ok"
    kc.shutdown()
    assert read_json_line(reaper, TIMEOUT) == {"exit": 0}
    assert "parent process" not in log.read_text()
