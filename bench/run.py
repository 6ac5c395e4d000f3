"""run.py — `make bench`: this kernel against ipykernel, measured with the same jupyter_client code
in the same run, printed as a table with ratios. Benchmarks print; they do not assert.

  start-up     process spawn to the first kernel_info_reply (median of BENCH_STARTS runs)
  round trip   execute_request `1 + 1` to its execute_reply (median and p99 of BENCH_RUNS runs)
  idle RSS     VmRSS (and RssAnon) from /proc/PID/status after the round trips, once idle

Targets (issue 2): start >= 100x faster, RSS <= 1/10, round trip <= 1/5 of ipykernel's.
Environment: DSTREAM_KERNEL (default kernel/dstream-kernel), BENCH_RUNS (200), BENCH_STARTS (5).
"""

import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

REPO = pathlib.Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "200"))
STARTS = int(os.environ.get("BENCH_STARTS", "5"))
TIMEOUT = 60


def kernels():
    binary = os.environ.get("DSTREAM_KERNEL") or str(REPO / "kernel" / "dstream-kernel")
    return binary, {
        "dstream": [binary, "-f", "{connection_file}"],
        "ipykernel": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    }


def wait_reply(channel, msg_id, timeout=TIMEOUT):
    deadline = time.perf_counter() + timeout
    while True:
        msg = channel.get_msg(timeout=max(0.001, deadline - time.perf_counter()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def drain(kc):
    while True:
        try:
            kc.get_iopub_msg(timeout=0.01)
        except Exception:
            return


class Kernel:
    """A kernel process launched from argv with a fresh connection file, and a connected
    BlockingKernelClient. The client's channels are connected before the process starts (with a
    1 ms reconnect interval), so start-up is measured from the spawn to the kernel_info_reply and
    not jupyter_client's own set-up, the same way for both kernels."""

    ctx = None

    def __init__(self, argv, tmp):
        if Kernel.ctx is None:
            Kernel.ctx = zmq.Context()
            Kernel.ctx.setsockopt(zmq.RECONNECT_IVL, 1)
        self.cf = os.path.join(tmp, f"kernel-{uuid.uuid4()}.json")
        write_connection_file(self.cf, ip="127.0.0.1", key=uuid.uuid4().hex.encode())
        self.kc = BlockingKernelClient(context=Kernel.ctx)
        self.kc.load_connection_file(self.cf)
        self.kc.start_channels(hb=False)
        argv = [a.replace("{connection_file}", self.cf) for a in argv]
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_reply(self.kc.shell_channel, self.kc.kernel_info())
        self.startup = time.perf_counter() - t0

    def close(self):
        self.kc.shutdown()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.kc.stop_channels()
        os.unlink(self.cf)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def rss_anon_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def measure(argv, tmp):
    starts = []
    for _ in range(STARTS):
        k = Kernel(argv, tmp)
        starts.append(k.startup)
        k.close()
    k = Kernel(argv, tmp)
    kc = k.kc
    try:
        for _ in range(5):  # warm up
            wait_reply(kc.shell_channel, kc.execute("1 + 1"))
        drain(kc)
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            msg_id = kc.execute("1 + 1")
            reply = wait_reply(kc.shell_channel, msg_id)
            times.append(time.perf_counter() - t0)
            if reply["content"]["status"] != "ok":
                print(f"  warning: {argv[0]}: `1 + 1` gave status {reply['content']['status']}", file=sys.stderr)
        drain(kc)
        time.sleep(1.0)
        rss, anon = rss_kb(k.proc.pid), rss_anon_kb(k.proc.pid)
    finally:
        k.close()
    return {
        "start": statistics.median(starts),
        "rt_median": statistics.median(times),
        "rt_p99": percentile(times, 99),
        "rss": rss,
        "anon": anon,
    }


def main():
    binary, argvs = kernels()
    if not os.access(binary, os.X_OK):
        print(f"bench: {binary} is missing; run make first", file=sys.stderr)
        return 1
    print(f"bench: {binary} vs ipykernel ({sys.executable}); {STARTS} starts, {RUNS} round trips each")
    with tempfile.TemporaryDirectory() as tmp:
        ours = measure(argvs["dstream"], tmp)
        peer = measure(argvs["ipykernel"], tmp)

    def ms(x):
        return f"{x * 1000:.3f} ms"

    def mb(kb):
        return f"{kb / 1024:.1f} MB"

    rows = [
        ("start-up to kernel_info_reply", ms(ours["start"]), ms(peer["start"]),
         peer["start"] / ours["start"], "faster", ">= 100x"),
        ("execute `1 + 1` round trip, median", ms(ours["rt_median"]), ms(peer["rt_median"]),
         peer["rt_median"] / ours["rt_median"], "faster", ">= 5x"),
        ("execute `1 + 1` round trip, p99", ms(ours["rt_p99"]), ms(peer["rt_p99"]),
         peer["rt_p99"] / ours["rt_p99"], "faster", ""),
        ("idle RSS (VmRSS)", mb(ours["rss"]), mb(peer["rss"]),
         peer["rss"] / max(1, ours["rss"]), "smaller", ">= 10x"),
        ("  of which private (RssAnon)", mb(ours["anon"]), mb(peer["anon"]),
         peer["anon"] / max(1, ours["anon"]), "smaller", "(shared libraries excluded)"),
    ]
    w = max(len(r[0]) for r in rows)
    print()
    print(f"{'metric':<{w}}  {'dstream':>12}  {'ipykernel':>12}  {'ratio':>14}  target")
    print("-" * (w + 58))
    for label, a, b, ratio, word, target in rows:
        print(f"{label:<{w}}  {a:>12}  {b:>12}  {ratio:>7.1f}x {word:<7} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
