"""run_scala.py — runs Scala cells in a real spark-shell (Spark 3.5 from the pyspark package, see
scripts/spark.sh / `make spark-deps`) and returns its output split per cell, for the differential
tests (tests/python/test_spark_diff.py) and the Spark bench (bench/spark_reader.py).

As a library:

    with SparkShell() as sh:                 # one spark-shell session, local[2]
        outs = sh.run(["val x = 3", "x + 1"])  # ["x: Int = 3", "res1: Int = 4"]
        sh.res_starts                        # [1, 2]: each cell's first res number (the
                                             # markers take res names too: see below)

As a CLI (each FILE is one cell; one session for all):

    .venv/bin/python tests/spark/run_scala.py [--jars] [--master local[2]] FILE.scala...

How it works: the cells' lines go to the REPL's stdin as they would be typed (the Scala 2.12 REPL
reads line by line and continues incomplete statements, as Livy and this kernel do). After each
cell one marker line is sent, the expression `"@@dstream-cell-" + N`, whose echo
`resK: String = @@dstream-cell-N` cannot be mistaken for the input echo (`scala> "@@…" + N`) and
tells the REPL's result counter K. The REPL echoes every input line after its prompt (`scala> `,
continuation `     | `) and writes an empty line before each prompt; the output of a cell is what
remains when those are taken out. Spark's logging goes to stderr (kept in .stderr_path), the
REPL's output to stdout.

Quiet and deterministic: log level ERROR (tests/spark/log4j2.properties), no UI, no console
progress bar, in-memory catalog (no Derby metastore in the working directory), everything bound
to 127.0.0.1, TZ=UTC, UTF-8; spark.sql.shuffle.partitions stays Spark's default (200) unless a
cell sets it. The working directory is a fresh temporary one.
"""

import argparse
import importlib.util
import os
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
PROMPT = "scala> "
CONT = "     | "
MARKER = "@@dstream-cell-"
MARKER_RE = re.compile(r"^res(\d+): String = " + re.escape(MARKER) + r"(\d+)$")


class SparkMissing(RuntimeError):
    """pyspark, java or the connector jars are not installed."""


def spark_home():
    """The pyspark package directory of the running Python (it is a Spark distribution)."""
    spec = importlib.util.find_spec("pyspark")
    if spec is None or not spec.origin:
        raise SparkMissing(f"pyspark is not installed in {sys.prefix}: run `make spark-deps`")
    home = pathlib.Path(spec.origin).parent
    if not (home / "bin" / "spark-shell").exists():
        raise SparkMissing(f"{home} has no bin/spark-shell: run `make spark-deps`")
    return home


def connector_jars():
    """The Kafka 0-10 connector jars that scripts/spark.sh put in .deps/spark-jars/."""
    jars = sorted(str(p) for p in (REPO / ".deps" / "spark-jars").glob("*.jar"))
    if not jars:
        raise SparkMissing("Spark's Kafka connector jars are missing (.deps/spark-jars): run `make spark-deps`")
    return jars


def spark_env():
    """The environment for spark-shell / spark-submit: SPARK_HOME, loopback, UTC, UTF-8."""
    env = dict(os.environ)
    env.update(SPARK_HOME=str(spark_home()), SPARK_LOCAL_IP="127.0.0.1", TZ="UTC", LANG="C.UTF-8",
               LC_ALL="C.UTF-8", PYSPARK_PYTHON=sys.executable)
    env.pop("SPARK_CONF_DIR", None)
    return env


def spark_args(master="local[2]", jars=(), conf=None, driver_memory=None):
    """The common options of spark-shell and spark-submit (quiet, loopback, no UI, UTC)."""
    c = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
         "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1",
         "spark.sql.catalogImplementation": "in-memory", "spark.sql.session.timeZone": "UTC"}
    c.update(conf or {})
    args = ["--master", master,
            "--driver-java-options",
            f"-Dlog4j2.configurationFile={HERE / 'log4j2.properties'} -Duser.timezone=UTC -Dfile.encoding=UTF-8"]
    if driver_memory:
        args += ["--driver-memory", driver_memory]
    if jars:
        args += ["--jars", ",".join(jars)]
    for k, v in c.items():
        args += ["--conf", f"{k}={v}"]
    return args


class SparkShell:
    """One spark-shell process; run() sends cells and returns their outputs."""

    def __init__(self, master="local[2]", jars=(), conf=None, timeout=300, driver_memory=None):
        home = spark_home()
        self.workdir = tempfile.mkdtemp(prefix="dstream-spark-shell-")
        self.stderr_path = os.path.join(self.workdir, "stderr.log")
        self._err = open(self.stderr_path, "wb")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(home / "bin" / "spark-shell"), *spark_args(master, jars, conf, driver_memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._err, cwd=self.workdir,
            env=spark_env())
        self._lines = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._n = 0
        self.res_starts = []     # per cell of the last run(): the first res number it could take
        self.banner, self._last_res = self._until_marker(timeout)
        self.startup_s = time.perf_counter() - t0   # start-up to the first answered input

    def _read(self):
        # bytes, split on \n only: the REPL's line editor wraps long input echoes with " \r"
        # (text mode would make those line breaks)
        for line in self.proc.stdout:
            self._lines.put(line.decode("utf-8", "replace").rstrip("\n"))
        self._lines.put(None)

    def _write(self, text):
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.flush()

    def _send_marker(self):
        self._n += 1
        self._write(f'"{MARKER}" + {self._n}\n')

    def _until_marker(self, timeout):
        """Sends a marker; returns (lines before its output, res counter of the marker)."""
        self._send_marker()
        want, got = self._n, []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"spark-shell did not answer within {timeout} s; output so far:\n"
                                   + "\n".join(got[-40:]) + self._stderr_tail()) from None
            if line is None:
                raise RuntimeError("spark-shell exited; output:\n" + "\n".join(got[-40:]) + self._stderr_tail())
            m = MARKER_RE.match(line)
            if m and int(m.group(2)) == want:
                return got, int(m.group(1))
            got.append(line)

    def _stderr_tail(self):
        self._err.flush()
        try:
            return "\nstderr:\n" + pathlib.Path(self.stderr_path).read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def run(self, cells, timeout=300):
        """Runs each cell (a string of Scala lines); returns each cell's output as one string
        (lines joined with \\n, no trailing newline). timeout is per cell, in seconds."""
        outs, self.res_starts = [], []
        for cell in cells:
            if self.proc.poll() is not None:
                raise RuntimeError("spark-shell has exited" + self._stderr_tail())
            self.res_starts.append(self._last_res + 1)
            self._write(cell.rstrip("\n") + "\n")
            lines, self._last_res = self._until_marker(timeout)
            outs.append(split_output(lines))
        return outs

    def close(self):
        if self.proc.poll() is None:
            try:
                self._write(":quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self._err.close()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def split_output(lines):
    """The REPL's output for one cell from its stdout lines (echoes and prompt spacing removed).

    Every input line is echoed after a prompt; before each prompt the REPL writes one empty line.
    So the output of a statement is what follows its echo, without the one empty line that
    precedes the next prompt."""
    out, seg = [], None
    for line in lines:
        if line.startswith(PROMPT) or line == PROMPT.rstrip():
            if seg is not None:
                out.extend(_drop_prompt_gap(seg))
            seg = []
        elif line.startswith(CONT) and seg == []:
            continue    # continuation of the statement being echoed
        elif seg is None:
            continue    # before the first prompt (start-up)
        else:
            seg.append(line)
    # the marker's prompt line ends the last statement; its gap line is in seg
    if seg:
        out.extend(_drop_prompt_gap(seg))
    return "\n".join(out)


def _drop_prompt_gap(seg):
    return seg[:-1] if seg and seg[-1] == "" else seg


def main():
    ap = argparse.ArgumentParser(description="Run Scala files (one cell each) in one real spark-shell session.")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--jars", action="store_true", help="add the Kafka 0-10 connector jars (.deps/spark-jars)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per cell")
    a = ap.parse_args()
    cells = [pathlib.Path(f).read_text() for f in a.files]
    try:
        with SparkShell(master=a.master, jars=connector_jars() if a.jars else ()) as sh:
            print(f"# spark-shell started in {sh.startup_s:.1f} s", file=sys.stderr)
            for f, out in zip(a.files, sh.run(cells, timeout=a.timeout)):
                print(f"== {f}")
                print(out)
    except SparkMissing as e:
        print(f"run_scala.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
