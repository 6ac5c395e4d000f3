"""fuzz_messages.py — the message-content fuzzer: validly signed Jupyter requests of every type
with odd fields, sent to the real kernel binary over ZeroMQ.

Requests: execute, complete, inspect, is_complete, history, kernel_info, comm_info, comm_open /
comm_msg / comm_close, interrupt and shutdown on control, input_reply on stdin, unknown types. Their
fields get wrong JSON types, go missing, get huge or negative cursor positions, NULs, lone
surrogate escapes, deep nesting and enormous strings; headers, parents and metadata get odd too, and
a few frames carry bytes that are not UTF-8 or JSON at all. Every message is signed with the
connection's key (jupyter_client's Session), so the kernel looks at its content.

Messages go in batches (default 25) without waiting; after each batch the kernel must answer a
kernel_info_request and be alive. A batch ending in a shutdown_request may stop the kernel: then it
must have exited with status 0 and a clean stderr, and a new kernel is started. At the end the
kernel is shut down and its stderr (where sanitizer reports are sent: log_path=stderr) must hold no
sanitizer report. Batch b of seed s is drawn from random.Random(f"{s}:{b}"), so it reproduces on
its own; a failing batch is saved as JSON in the output directory and can be replayed:

    python fuzz/fuzz_messages.py --kernel build/asan/dstream-kernel --count 50000 --seed 1
    python fuzz/fuzz_messages.py --kernel build/asan/dstream-kernel --replay build/fuzz/messages/failed-1-37.json
"""

import argparse
import base64
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "AddressSanitizer:DEADLYSIGNAL", "WARNING: AddressSanitizer", "SUMMARY: ")
PROBE_TIMEOUT = 120  # seconds for the kernel_info probe: a bound on a hang, not a speed test

# Placeholders replaced in the serialised JSON text: things json.dumps cannot produce.
RAW = {
    "\ue000SURR\ue000": b"\\ud800",
    "\ue000SURR2\ue000": b"\\udc00x\\ud83d",
    "\ue000NUL\ue000": b"\\u0000",
    "\ue000DEEPA\ue000": b"[" * 5000 + b"]" * 5000,
    "\ue000DEEPO\ue000": b'{"a":' * 3000 + b"1" + b"}" * 3000,
    "\ue000BADUTF\ue000": b'"\xff\xfe\xc3("',
    "\ue000BIGINT\ue000": b"123456789012345678901234567890",
    "\ue000BIGFLOAT\ue000": b"1e999",
}

CODES = ["1 + 1", "", " ", "val x = 1", "x", "1\x00", "\x00", "a\x00b", 'println("hi")', "\u00e9t\u00e9",
         "\U0001F642" * 10, "def", "{", "}", "(", "\"", "val", "x.", "List(1, 2, 3).ma", "sc.", "ssc", "s\"${",
         "\ue000SURR\ue000", "1\n2\n3", "\t", "\r\n", "%", "%%", "%%sql", "%lsmagic", "%%bash\ntrue",
         "import scala.collection.mutable", "throw new RuntimeException(\"boom\")", "1 / 0",
         "\"x\" * 100", "(", "//", "/*", "'", "`", "val `x` = 1", "class A", "object O { def f = 1 }"]


def odd_values(rng):
    """A value of any JSON type, odd sizes included."""
    big = rng.choice([1000, 100_000, 1_000_000, 4_000_000])
    return rng.choice([
        None, True, False, 0, -1, 1, 2**31, -2**31 - 1, 2**63 - 1, -2**63, 1.5, -0.0, 1e308, "", "x",
        "x" * big, "\u00e9" * (big // 2), "\x00", "a\x00b", [], {}, [1, "a", None], {"a": {"b": [None]}},
        "\ue000SURR\ue000", "\ue000SURR2\ue000", "\ue000DEEPA\ue000", "\ue000DEEPO\ue000", "\ue000BIGINT\ue000",
        "\ue000BIGFLOAT\ue000", "\ue000NUL\ue000", list(range(1000)), {str(i): i for i in range(500)},
    ])


def code_value(rng):
    if rng.random() < 0.05:
        n = rng.choice([100_000, 1_000_000, 3_000_000])
        return rng.choice(["1 + " * (n // 4) + "1", "x" * n, '"' + "a" * n + '"', "// " + "c" * n])
    return rng.choice(CODES)


CURSORS = [0, 1, -1, -2**31, 2**31 - 1, 2**31, 2**63 - 1, -2**63, 3, 7, 100, 10**6, None, "end", 1.5, [], True]


def base_content(rng, msg_type):
    code = code_value(rng)
    if msg_type == "execute_request":
        return {"code": code, "silent": rng.random() < 0.2, "store_history": rng.random() < 0.8,
                "user_expressions": rng.choice([{}, {"a": "1 + 1"}, {"b": "x"}, {"c": ""}, {"d": 5}, {"e": "\x00"},
                                                {"f": "\ue000SURR\ue000"}, {"g": "sc."}]),
                "allow_stdin": False, "stop_on_error": rng.random() < 0.5}
    if msg_type in ("complete_request", "inspect_request"):
        c = {"code": code, "cursor_pos": rng.choice(CURSORS) if rng.random() < 0.6 else len(code)}
        if msg_type == "inspect_request":
            c["detail_level"] = rng.choice([0, 1, 2, -1, 2**40, None, "1"])
        return c
    if msg_type == "is_complete_request":
        return {"code": code}
    if msg_type == "history_request":
        return {"output": rng.random() < 0.5, "raw": rng.random() < 0.5,
                "hist_access_type": rng.choice(["tail", "range", "search", "", "other", None, 1]),
                "session": rng.choice([0, -1, 1, 2**40, -2**40]), "start": rng.choice([0, -5, 1, 2**40, -2**63]),
                "stop": rng.choice([0, -1, 3, 2**40, 2**63 - 1]), "n": rng.choice([0, -1, 1, 10, 2**31, 2**62]),
                "pattern": rng.choice(["*", "", "?", "[", "**", "*" * 1000, "\x00", "1*"]),
                "unique": rng.random() < 0.5}
    if msg_type == "comm_info_request":
        return rng.choice([{}, {"target_name": "jupyter.widget"}, {"target_name": ""}])
    if msg_type == "comm_open":
        return {"comm_id": rng.choice(["c1", "c2", "", "x" * 1000]), "target_name": rng.choice(["jupyter.widget", "", "nope"]),
                "data": {}, "target_module": None}
    if msg_type in ("comm_msg", "comm_close"):
        return {"comm_id": rng.choice(["c1", "c2", "", "unknown"]), "data": {"x": 1}}
    if msg_type == "shutdown_request":
        return {"restart": rng.random() < 0.3}
    if msg_type == "input_reply":
        return {"value": code}
    return {}


SHELL_TYPES = ["execute_request"] * 6 + ["complete_request"] * 3 + ["inspect_request"] * 3 + [
    "is_complete_request"] * 2 + ["history_request"] * 2 + ["kernel_info_request", "comm_info_request", "comm_open",
                                                             "comm_msg", "comm_close"]
UNKNOWN_TYPES = ["frobnicate_request", "", "execute_reply", "status", "x" * 5000, "a\x00b", "kernel_info_request\x00",
                 "debug_request", "usage_request", "\u00e9_request", "input_request"]


def mutate_content(rng, content):
    if not isinstance(content, dict) or rng.random() < 0.03:
        return rng.choice([[], "content", 1, None, True, [content]])
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        op = rng.random()
        keys = list(content)
        if keys and op < 0.5:
            content[rng.choice(keys)] = odd_values(rng)
        elif keys and op < 0.75:
            del content[rng.choice(keys)]
        else:
            content[rng.choice(["extra", "code", "cursor_pos", "\x00", "", "silent", "user_expressions"])] = odd_values(rng)
    return content


def make_message(rng, n, session_id):
    """One request: (channel, msg_type, header, parent, metadata, content, extra_frames)."""
    r = rng.random()
    if r < 0.80:
        channel, msg_type = "shell", rng.choice(SHELL_TYPES)
    elif r < 0.88:
        channel, msg_type = "control", rng.choice(["interrupt_request", "kernel_info_request", "debug_request",
                                                   "execute_request", "frobnicate_request"])
    elif r < 0.91:
        channel, msg_type = "stdin", "input_reply"
    else:
        channel, msg_type = rng.choice(["shell", "control"]), rng.choice(UNKNOWN_TYPES)
    content = mutate_content(rng, base_content(rng, msg_type))
    header = {"msg_id": "%032x" % rng.getrandbits(128), "msg_type": msg_type, "username": "fuzz",
              "session": session_id, "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"}
    if rng.random() < 0.08:
        k = rng.choice(["msg_id", "username", "session", "date", "version", "extra"])
        if rng.random() < 0.8:
            header[k] = odd_values(rng)
        else:
            header.pop(k, None)
    parent = {} if rng.random() < 0.9 else odd_values(rng)
    metadata = {} if rng.random() < 0.9 else odd_values(rng)
    extra = []
    if rng.random() < 0.03:
        extra = [rng.choice([b"", b"\x00" * 10, b"buf", b"\xff" * 1000])] * rng.choice([1, 2, 50])
    return channel, msg_type, header, parent, metadata, content, extra


def encode(obj, rng=None):
    text = json.dumps(obj, ensure_ascii=bool(rng and rng.random() < 0.5), separators=(",", ":")).encode(
        "utf-8", "surrogatepass")
    for k, v in RAW.items():
        for form in (json.dumps(k).encode(), json.dumps(k, ensure_ascii=False).encode()):
            if form in text:
                text = text.replace(form, v if v.startswith((b"[", b"{", b'"')) or v[:1].isdigit() else b'"' + v + b'"')
    return text


def batch_messages(seed, batch, size, session_id, with_shutdown):
    rng = random.Random(f"{seed}:{batch}")
    out = []
    for i in range(size):
        channel, msg_type, header, parent, metadata, content, extra = make_message(rng, i, session_id)
        frames = [encode(header, rng), encode(parent, rng), encode(metadata, rng), encode(content, rng)] + extra
        mid = header.get("msg_id") if isinstance(header, dict) else None
        out.append((channel, msg_type, mid if isinstance(mid, str) else None, frames))
    if with_shutdown:
        content = mutate_content(rng, {"restart": rng.random() < 0.3})
        header = {"msg_id": "%032x" % rng.getrandbits(128), "msg_type": "shutdown_request", "username": "fuzz",
                  "session": session_id, "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"}
        out.append(("control", "shutdown_request", header["msg_id"], [encode(header), b"{}", b"{}", encode(content)]))
    return out


class FuzzFailure(AssertionError):
    pass


def sanitizer_report(text):
    return next((m for m in SANITIZER_MARKS if m in text), None)


def strip_libzmq_leaks(text):
    """(text without a LeakSanitizer report all of whose allocations come from libzmq alone, count)

    libzmq 4.3.4 can leak a message that was arriving on a socket when the kernel closed it at
    shutdown (seen when a client keeps sending large requests after a shutdown_request; see
    docs/figures.md): every stack of such a report is the allocator, then frames in libzmq.so
    only. Any other report is left in the text."""
    start = text.find("==ERROR: LeakSanitizer")
    if start < 0:
        return text, 0
    start = text.rfind("\n", 0, start) + 1
    end = text.find("SUMMARY: AddressSanitizer:", start)
    end = len(text) if end < 0 else text.find("\n", end) + 1 or len(text)
    report = text[start:end]
    frames = [ln.strip() for ln in report.splitlines() if ln.strip().startswith("#")]
    ours = [f for f in frames if not f.startswith("#0 ") and "libzmq.so" not in f]
    if not frames or ours:
        return text, 0
    return text[:start] + text[end:], 1


class Kernel:
    """The kernel binary on a fresh connection file, its stderr in a file, sockets to all channels."""

    def __init__(self, binary, workdir, env):
        self.workdir = pathlib.Path(workdir)
        self.conn = str(self.workdir / f"kernel-{os.getpid()}-{time.monotonic_ns()}.json")
        key = os.urandom(16).hex()
        write_connection_file(self.conn, ip="127.0.0.1", key=key.encode(), signature_scheme="hmac-sha256",
                              transport="tcp")
        self.info = json.loads(pathlib.Path(self.conn).read_text())
        self.session = Session(key=key.encode(), signature_scheme="hmac-sha256", username="fuzz")
        self.errpath = self.conn + ".stderr"
        self.errfile = open(self.errpath, "wb")
        self.proc = subprocess.Popen([binary, "-f", self.conn], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.errfile, env=env, cwd=self.workdir)
        self.ctx = zmq.Context()
        self.socks = {}
        for ch in ("shell", "control", "stdin"):
            s = self.ctx.socket(zmq.DEALER)
            s.linger = 0
            s.setsockopt(zmq.RCVHWM, 0)
            s.setsockopt(zmq.SNDHWM, 0)
            s.connect(f"tcp://127.0.0.1:{self.info[ch + '_port']}")
            self.socks[ch] = s
        self.iopub = self.ctx.socket(zmq.SUB)
        self.iopub.linger = 0
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(f"tcp://127.0.0.1:{self.info['iopub_port']}")
        self.replied = set()

    def send(self, channel, frames):
        sig = self.session.sign(frames[:4])
        self.socks[channel].send_multipart([b"<IDS|MSG>", sig] + list(frames))

    def drain(self, wait_for=None, timeout=0.0):
        """Reads replies (noting their parents) until wait_for's reply arrives or timeout passes."""
        deadline = time.monotonic() + timeout
        poller = zmq.Poller()
        for s in (*self.socks.values(), self.iopub):
            poller.register(s, zmq.POLLIN)
        while True:
            left = deadline - time.monotonic()
            events = dict(poller.poll(max(0, int(left * 1000))))
            if not events:
                if left <= 0 or self.proc.poll() is not None:
                    return False
                continue
            for s in events:
                parts = s.recv_multipart()
                if s is self.iopub:
                    continue
                try:
                    i = parts.index(b"<IDS|MSG>")
                    parent = json.loads(parts[i + 3])
                except (ValueError, IndexError):
                    continue
                pid = parent.get("msg_id") if isinstance(parent, dict) else None
                if not isinstance(pid, str):
                    continue
                self.replied.add(pid)
                if wait_for is not None and pid == wait_for:
                    return True

    def probe(self, timeout=PROBE_TIMEOUT):
        msg = self.session.msg("kernel_info_request", {})
        self.session.send(self.socks["shell"], msg)
        return self.drain(msg["header"]["msg_id"], timeout)

    def stderr_text(self):
        return pathlib.Path(self.errpath).read_text(errors="replace")

    def close(self, shutdown=True):
        if shutdown and self.proc.poll() is None:
            msg = self.session.msg("shutdown_request", {"restart": False})
            self.session.send(self.socks["control"], msg)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for s in (*self.socks.values(), self.iopub):
            s.close()
        self.ctx.term()
        self.errfile.close()
        return self.proc.returncode


def sanitizer_env(base=None):
    """The environment for the kernel: sanitizer reports to its stderr, where this fuzzer looks."""
    env = dict(os.environ if base is None else base)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":log_path=stderr:detect_leaks=1"
    env["UBSAN_OPTIONS"] = env.get("UBSAN_OPTIONS", "") + ":log_path=stderr:print_stacktrace=1"
    env["ASAN_OPTIONS"] = env["ASAN_OPTIONS"].lstrip(":")
    env["UBSAN_OPTIONS"] = env["UBSAN_OPTIONS"].lstrip(":")
    return env


def save_batch(outdir, name, seed, batch, msgs, why, stderr_text):
    outdir = pathlib.Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"{name}-{seed}-{batch}.json"
    path.write_text(json.dumps({"seed": seed, "batch": batch, "why": why, "stderr_tail": stderr_text[-6000:],
                                "messages": [{"channel": c, "msg_type": t, "frames": [base64.b64encode(f).decode() for f in fr]}
                                             for c, t, _, fr in msgs]}, indent=1))
    return path


def run(binary, count, seed=1, batch_size=25, outdir="build/fuzz/messages", log=print, shutdown_every=20):
    """Sends count messages; returns stats. Raises FuzzFailure (with the saved batch) on a finding."""
    outdir = pathlib.Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    env = sanitizer_env()
    stats = {"messages": 0, "batches": 0, "kernels": 1, "shutdowns": 0, "unanswered": {}, "libzmq_leaks": 0}
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fuzz-messages-") as work:
        k = Kernel(binary, work, env)
        try:
            if not k.probe():
                raise FuzzFailure(f"the kernel did not start: {k.stderr_text()[-3000:]}")
            batch = 0
            while stats["messages"] < count:
                size = min(batch_size, count - stats["messages"])
                rng = random.Random(f"{seed}:{batch}:shutdown")
                with_shutdown = shutdown_every and rng.randrange(shutdown_every) == 0
                msgs = batch_messages(seed, batch, size, k.session.session, with_shutdown)
                for channel, _, _, frames in msgs:
                    k.send(channel, frames)
                stats["messages"] += len(msgs)
                stats["batches"] += 1
                why = None
                if with_shutdown:
                    k.drain(timeout=0)
                    try:
                        k.proc.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        pass
                if k.proc.poll() is not None:
                    rc = k.proc.returncode
                    text, n = strip_libzmq_leaks(k.stderr_text())
                    if n and with_shutdown and rc == 1 and not sanitizer_report(text):
                        stats["libzmq_leaks"] += 1
                        rc = 0
                    if not with_shutdown or rc != 0:
                        why = f"the kernel died (exit status {rc})"
                    elif sanitizer_report(text):
                        why = f"sanitizer report at shutdown ({sanitizer_report(text)})"
                    if not why:
                        stats["shutdowns"] += 1
                        k.close(shutdown=False)
                        k = Kernel(binary, work, env)
                        stats["kernels"] += 1
                        if not k.probe():
                            why = "a new kernel did not answer"
                elif not k.probe():
                    why = "no kernel_info_reply (hang)" if k.proc.poll() is None else \
                        f"the kernel died (exit status {k.proc.returncode})"
                text = k.stderr_text()
                if not why and sanitizer_report(text):
                    why = f"sanitizer report ({sanitizer_report(text)})"
                for channel, msg_type, mid, frames in msgs:
                    if channel != "stdin" and mid and mid not in k.replied and msg_type.endswith("_request"):
                        stats["unanswered"][msg_type] = stats["unanswered"].get(msg_type, 0) + 1
                if why:
                    path = save_batch(outdir, "failed", seed, batch, msgs, why, text)
                    raise FuzzFailure(f"batch {batch} of seed {seed}: {why}; batch saved in {path} "
                                      f"(replay: python fuzz/fuzz_messages.py --kernel {binary} --replay {path})\n"
                                      f"kernel stderr (tail):\n{text[-4000:]}")
                if stats["batches"] % 200 == 0:
                    log(f"fuzz-messages: {stats['messages']} messages, {time.monotonic() - t0:.0f} s")
                batch += 1
        finally:
            rc = k.close()
        text, n = strip_libzmq_leaks(k.stderr_text())
        if n and rc == 1 and not sanitizer_report(text):
            stats["libzmq_leaks"] += 1
            rc = 0
        if rc != 0 or sanitizer_report(text):
            raise FuzzFailure(f"at the final shutdown: exit status {rc}, "
                              f"sanitizer report: {sanitizer_report(text)}\n{text[-4000:]}")
    stats["seconds"] = round(time.monotonic() - t0, 1)
    return stats


def replay(binary, path, log=print):
    data = json.loads(pathlib.Path(path).read_text())
    with tempfile.TemporaryDirectory(prefix="fuzz-messages-") as work:
        k = Kernel(binary, work, sanitizer_env())
        ok = k.probe()
        for m in data["messages"]:
            frames = [base64.b64decode(f) for f in m["frames"]]
            log(f"{m['channel']} {m['msg_type'][:60]!r} {[len(f) for f in frames]}")
            k.send(m["channel"], frames)
        ok = ok and k.probe(60) if k.proc.poll() is None else False
        rc = k.close()
        text = k.stderr_text()
    log(text[-6000:])
    log(f"replay: kernel answered after the batch: {ok}, exit status {rc}, sanitizer report: {sanitizer_report(text)}")
    return ok and rc == 0 and not sanitizer_report(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernel", default=os.environ.get("DSTREAM_KERNEL", "build/asan/dstream-kernel"))
    ap.add_argument("--count", type=int, default=int(os.environ.get("FUZZ_MESSAGES", "2000")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "1")))
    ap.add_argument("--batch", type=int, default=25)
    ap.add_argument("--out", default="build/fuzz/messages")
    ap.add_argument("--replay")
    a = ap.parse_args()
    a.kernel = os.path.abspath(a.kernel)
    if a.replay:
        sys.exit(0 if replay(a.kernel, a.replay) else 1)
    try:
        stats = run(a.kernel, a.count, a.seed, a.batch, a.out)
    except FuzzFailure as e:
        print(f"fuzz-messages: FAILED: {e}")
        sys.exit(1)
    print(f"fuzz-messages: seed {a.seed}: {stats['messages']} messages in {stats['batches']} batches, "
          f"{stats['kernels']} kernels ({stats['shutdowns']} shut down by a fuzzed request), {stats['seconds']} s: "
          f"no crash, hang or sanitizer report; libzmq's leak at shutdown (docs/figures.md): {stats['libzmq_leaks']}; "
          f"requests without a reply (by type): {stats['unanswered']}")


if __name__ == "__main__":
    main()
