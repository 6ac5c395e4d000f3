"""conftest.py — fixtures that start the real kernel binary through jupyter_client.

The binary is $DSTREAM_KERNEL (default: kernel/dstream-kernel in this repository). Each test gets
a fresh kernel (it starts in milliseconds) from a temporary kernelspec with the interrupt_mode of
the `interrupt_mode` fixture ("message" unless a test parametrises it), found through JUPYTER_PATH.
Everything listens on 127.0.0.1.  A sanitizer report that a kernel wrote to its stderr (captured
by pytest) fails the test during which it was written (san_reports.py).
"""

import json
import os
import pathlib
import time

import pytest
from jupyter_client import KernelManager
from san_reports import pytest_runtest_makereport  # noqa: F401  (the hook, registered by this import)

REPO = pathlib.Path(__file__).resolve().parents[2]
TIMEOUT = 20


def kernel_binary():
    return os.environ.get("DSTREAM_KERNEL") or str(REPO / "kernel" / "dstream-kernel")


@pytest.fixture(scope="session")
def jupyter_path(tmp_path_factory):
    """A JUPYTER_PATH holding one kernelspec per interrupt mode."""
    root = tmp_path_factory.mktemp("jupyter")
    binary = kernel_binary()
    if not os.access(binary, os.X_OK):
        pytest.fail(f"kernel binary {binary} is missing (run make, or set DSTREAM_KERNEL)")
    for mode in ("message", "signal"):
        d = root / "kernels" / f"dstream-test-{mode}"
        d.mkdir(parents=True)
        (d / "kernel.json").write_text(json.dumps({
            "argv": [binary, "-f", "{connection_file}"],
            "display_name": f"dstream test ({mode})",
            "language": "scala",
            "interrupt_mode": mode,
        }))
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(root) + (os.pathsep + old if old else "")
    yield root
    if old is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = old


@pytest.fixture
def interrupt_mode():
    return "message"


@pytest.fixture
def kernel(jupyter_path, interrupt_mode):
    """(KernelManager, BlockingKernelClient) for a freshly started kernel."""
    km = KernelManager(kernel_name=f"dstream-test-{interrupt_mode}")
    km.ip = "127.0.0.1"
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
    except Exception:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=False)
    km.cleanup_resources()


@pytest.fixture
def kc(kernel):
    return kernel[1]


def iopub_for(kc, msg_id, timeout=TIMEOUT):
    """iopub messages whose parent is msg_id, up to and including its status idle."""
    out = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no idle for {msg_id}; got {[m['msg_type'] for m in out]}")
        msg = kc.get_iopub_msg(timeout=left)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


@pytest.fixture
def run(kc):
    """run(code, **execute_kwargs) -> (execute_reply, [iopub messages of that request])."""
    def _run(code, timeout=TIMEOUT, **kw):
        msg_id = kc.execute(code, **kw)
        reply = shell_reply(kc, msg_id, timeout)
        return reply, iopub_for(kc, msg_id, timeout)
    return _run


@pytest.fixture(scope="module")
def pyspark_session():
    """Real Spark (pyspark 3.5 from the test venv, local[1], 127.0.0.1) for reading back what the
    kernel writes; fails saying to run `make spark-deps` when pyspark is missing."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.fail("pyspark is not installed in the test venv: run `make spark-deps`")
    s = (SparkSession.builder.master("local[1]").appName("dstream-tests")
         .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
         .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    yield s
    s.stop()
