"""kafka_fixtures.py — brokers for the Kafka tests, started by the tests themselves.

  embedded_broker   the kernel's embedded broker (librdkafka's mock cluster run by the daemon),
                    started once per session in a private Jupyter runtime directory that every
                    kernel of the session inherits (JUPYTER_RUNTIME_DIR), stopped at the end
  real_broker       a real Apache Kafka 3.9 (KRaft, one node) from tests/kafka/broker.sh, in a
                    private state directory, started once per session and stopped at the end;
                    if it cannot start, the tests that need it FAIL with the reason (never skip)
  broker            parametrised over both: .kind, .bootstrap, .configure(run) points a kernel
                    at it (%%configure for the real one; nothing for the embedded one, which is
                    the kernel's default)

The kcli helper (tests/kafka/kcli.c) is $DSTREAM_KCLI or build/kcli (built with make if missing).
"""

import os
import pathlib
import shutil
import subprocess
import tempfile
import time

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def kcli_path():
    p = os.environ.get("DSTREAM_KCLI") or str(REPO / "build" / "kcli")
    if not os.access(p, os.X_OK):
        r = subprocess.run(["make", "-s", "-C", str(REPO), "build/kcli"], capture_output=True, text=True)
        if r.returncode != 0:
            pytest.fail(f"could not build kcli: {r.stderr}")
    return p


class Broker:
    def __init__(self, kind, bootstrap):
        self.kind = kind
        self.bootstrap = bootstrap

    def configure(self, run):
        """Points the kernel behind `run` at this broker."""
        if self.kind == "real":
            reply, msgs = run('%%configure -f\n{"conf": {"kafka.bootstrap.servers": "' + self.bootstrap + '"}}')
            assert reply["content"]["status"] == "ok", reply["content"]

    def __repr__(self):
        return f"Broker({self.kind}, {self.bootstrap})"


@pytest.fixture(scope="session")
def runtime_dir():
    d = tempfile.mkdtemp(prefix="dstream-kafka-rt-")
    old = os.environ.get("JUPYTER_RUNTIME_DIR")
    os.environ["JUPYTER_RUNTIME_DIR"] = d
    yield d
    if old is None:
        os.environ.pop("JUPYTER_RUNTIME_DIR", None)
    else:
        os.environ["JUPYTER_RUNTIME_DIR"] = old
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded_broker(runtime_dir):
    kcli = kcli_path()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=runtime_dir)
    r = subprocess.run([kcli, "embedded", "ensure"], capture_output=True, text=True, env=env, timeout=30)
    if r.returncode != 0:
        pytest.fail(f"the embedded broker did not start: {r.stderr}")
    yield Broker("embedded", r.stdout.strip())
    subprocess.run([kcli, "embedded", "stop"], capture_output=True, text=True, env=env, timeout=30)


@pytest.fixture(scope="session")
def real_broker():
    state = tempfile.mkdtemp(prefix="dstream-kafka-state-")
    # reuse the resolved classpath of the default state directory (saves a Maven run)
    default = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"dstream-kafka-{os.getuid()}"
    for f in ("classpath.txt", "classpath.pom.sha"):
        if (default / f).exists():
            shutil.copy(default / f, pathlib.Path(state) / f)
    env = dict(os.environ, DSTREAM_KAFKA_STATE=state)
    script = str(REPO / "tests" / "kafka" / "broker.sh")
    try:
        r = subprocess.run([script, "start"], capture_output=True, text=True, env=env, timeout=300)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"the real Kafka broker did not start within 300 s: {e}")
    if r.returncode != 0:
        log = pathlib.Path(state) / "server.log"
        tail = log.read_text()[-3000:] if log.exists() else ""
        pytest.fail(f"the real Kafka broker (tests/kafka/broker.sh) did not start: {r.stderr}\n{tail}")
    yield Broker("real", r.stdout.strip().splitlines()[-1])
    subprocess.run([script, "stop"], capture_output=True, text=True, env=env, timeout=60)
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(params=["embedded", "real"])
def broker(request):
    return request.getfixturevalue(f"{request.param}_broker")


def kcat(*args, input=None, timeout=60):
    """Runs kcat; returns stdout (bytes).  Fails the test when kcat fails."""
    kc = shutil.which("kcat")
    if not kc:
        pytest.fail("kcat is not installed (Debian package kcat; make deps installs it)")
    r = subprocess.run([kc, *args], input=input, capture_output=True, timeout=timeout)
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    return r.stdout


def wait_topic(bootstrap, topic, partitions, timeout=20):
    """Waits until metadata shows the topic with its partitions (KRaft propagates asynchronously)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = kcat("-L", "-b", bootstrap, "-t", topic).decode()
        if f'topic "{topic}" with {partitions} partitions' in out:
            return
        time.sleep(0.2)
    raise AssertionError(f"topic {topic} did not appear with {partitions} partitions")
