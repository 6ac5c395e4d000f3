"""test_embedded_security.py — the embedded broker answers only the user who owns it (issue 9,
defect 11).

A throwaway account (useradd, removed at the end) plays the other user of a shared head node:
knowing the broker's ports (anyone can see them with `ss -tln`), it tries with kcat to list the
metadata, consume a topic the owner wrote and produce to a new topic; all three must fail, while
the owner (the user running the tests, root) still produces and consumes.  It also checks the
runtime files are private and that the control socket refuses another user even if its file mode
were opened up.  The tests create users, so they must run as root: elsewhere they fail, saying so.
"""

import json
import os
import pathlib
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
import uuid

import pytest

from conftest import kernel_binary

SECRET = "owner-only-record-" + uuid.uuid4().hex[:8]


def _kcat():
    kc = shutil.which("kcat")
    if not kc:
        pytest.fail("kcat is not installed (Debian package kcat; make deps installs it)")
    return kc


@pytest.fixture(scope="module")
def stranger():
    """A throwaway local user with no home directory, removed after the module."""
    if os.geteuid() != 0:
        pytest.fail("test_embedded_security.py needs root: it creates a throwaway user with useradd and "
                    "runs kcat as that user with runuser (run `make pytest` as root, e.g. in the CI container)")
    for tool in ("useradd", "userdel", "runuser"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing (Debian package passwd / util-linux)")
    name = "dsprobe" + uuid.uuid4().hex[:8]
    r = subprocess.run(["useradd", "-M", "-N", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", name],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.fail(f"useradd {name} failed: {r.stderr}")
    try:
        yield name
    finally:
        subprocess.run(["userdel", "-f", name], capture_output=True)


@pytest.fixture(scope="module")
def daemon():
    """The kernel binary's embedded broker daemon in a private runtime directory."""
    rt = pathlib.Path(tempfile.mkdtemp(prefix="dstream-sec-rt-"))
    log = open(rt / "broker-test.log", "w")
    proc = subprocess.Popen([kernel_binary(), "--embedded-broker", "--runtime-dir", str(rt), "--foreground"],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    info = rt / "dstream-embedded-broker.json"
    deadline = time.monotonic() + 30
    data = None
    while time.monotonic() < deadline and data is None:
        if proc.poll() is not None:
            pytest.fail(f"the embedded broker exited with {proc.returncode}: {(rt / 'broker-test.log').read_text()}")
        try:
            data = json.loads(info.read_text())
        except (OSError, ValueError):
            time.sleep(0.1)
    if data is None:
        proc.kill()
        pytest.fail("the embedded broker did not write its runtime file within 30 s")
    yield rt, data
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()
    shutil.rmtree(rt, ignore_errors=True)


def as_user(user, *argv, input=None, timeout=60):
    """Runs argv as user; returns the CompletedProcess (a command still running at timeout is
    killed and reported as exit status 124, like timeout(1))."""
    try:
        return subprocess.run(["runuser", "-u", user, "--", *argv], input=input, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return subprocess.CompletedProcess(e.cmd, 124, out, err)


def owner_kcat(*args, input=None):
    r = subprocess.run([_kcat(), *args], input=input, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"the owner's kcat {' '.join(args)} failed: {r.stderr}"
    return r.stdout


def test_other_user_cannot_read_or_write_the_embedded_broker(daemon, stranger):
    rt, info = daemon
    bs = info["bootstrap"]
    topic = "owned-" + uuid.uuid4().hex[:8]
    new_topic = "intruder-" + uuid.uuid4().hex[:8]

    # The owner writes and reads back a record.
    owner_kcat("-P", "-b", bs, "-t", topic, input=SECRET + "\n")
    out = owner_kcat("-C", "-b", bs, "-t", topic, "-o", "beginning", "-e", "-q")
    assert SECRET in out

    kc = _kcat()
    # Metadata: the topic list (and broker list) must not be readable.
    r = as_user(stranger, kc, "-L", "-b", bs, "-m", "5", timeout=60)
    assert r.returncode != 0, f"another user listed the embedded broker's metadata:\n{r.stdout}"
    assert topic not in r.stdout

    # Consume: nothing of the owner's record reaches the other user.
    r = as_user(stranger, kc, "-C", "-b", bs, "-t", topic, "-o", "beginning", "-e", "-q",
                "-X", "topic.metadata.refresh.interval.ms=1000", timeout=15)
    assert SECRET not in r.stdout, "another user consumed the owner's topic"
    assert r.returncode != 0, f"another user's consumer ended normally: {r.stderr}"

    # Produce to a new topic: refused, and the topic does not appear.
    r = as_user(stranger, kc, "-P", "-b", bs, "-t", new_topic, "-X", "message.timeout.ms=5000",
                input="intrusion\n", timeout=60)
    assert r.returncode != 0, f"another user produced to the embedded broker: {r.stderr}"
    listing = owner_kcat("-L", "-b", bs)
    assert f'topic "{new_topic}"' not in listing, "another user's produce created a topic"

    # The owner still works after the refusals, and the daemon counted them.
    owner_kcat("-P", "-b", bs, "-t", topic, input="after\n")
    out = owner_kcat("-C", "-b", bs, "-t", topic, "-o", "beginning", "-e", "-q")
    assert SECRET in out and "after" in out and "intrusion" not in out
    log = (rt / "broker-test.log").read_text()
    assert "refused a TCP connection" in log, log


def test_runtime_files_are_private(daemon):
    rt, info = daemon
    for name in ("dstream-embedded-broker.json", "dstream-embedded-broker.sock"):
        mode = stat.S_IMODE(os.stat(rt / name).st_mode)
        assert mode == 0o600, f"{name} has mode {oct(mode)}, not 0600"
    assert stat.S_IMODE(os.stat(rt).st_mode) & 0o077 == 0, "the runtime directory is open to others"


def test_control_socket_refuses_other_user_even_if_opened(daemon, stranger):
    """Defence in depth: the daemon checks the peer's uid (SO_PEERCRED) on its control socket, so
    a socket file made world-writable by mistake still gives another user nothing."""
    rt, info = daemon
    sock = rt / "dstream-embedded-broker.sock"
    os.chmod(rt, 0o711)
    os.chmod(sock, 0o666)
    try:
        code = ("import socket,sys\n"
                "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n"
                "try: s.sendall(b'status\\n')\n"
                "except BrokenPipeError: pass\n"   # the daemon may answer and close first
                "print(s.recv(4096).decode())\n")
        r = as_user(stranger, "/usr/bin/python3", "-c", code, str(sock), timeout=30)
        assert r.returncode == 0, r.stderr      # it could connect (the file mode allowed it) ...
        assert r.stdout.startswith("ERR "), r.stdout   # ... but got no status
        assert info["bootstrap"] not in r.stdout
    finally:
        os.chmod(sock, 0o600)
        os.chmod(rt, 0o700)
    with socket.socket(socket.AF_UNIX) as s:   # the owner still gets answers
        s.connect(str(sock))
        s.sendall(b"ping\n")
        assert s.recv(100).startswith(b"OK")
