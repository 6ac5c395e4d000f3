"""test_frontends.py — the kernel as people meet it: completion and help over the protocol,
`jupyter console --kernel dstream` in a terminal, and JupyterLab 4 in headless Chromium.

  completion / inspection   complete_request and inspect_request through jupyter_client: Spark
                            members after a dot (for session values and for values a cell only
                            defines in its text), Kafka topic names (from an embedded broker
                            these tests start), DataFrame columns after $"…", view names in
                            %%sql, and Shift-Tab's signature, doc and documentation link;
  jupyter console           driven in a pseudo-terminal with pexpect: a multi-line def
                            (is_complete says incomplete, the console waits for more lines) and
                            Tab completion of sc.paral, a %%bash cell typed line by line;
  JupyterLab                the writer notebook runs first (nbclient) so the topic holds tweets,
                            then JupyterLab (from the venv, on 127.0.0.1 with a token, private
                            Jupyter directories) opens the reader notebook in Debian's chromium
                            (tests/browser/e2e.mjs, playwright-core), runs all cells and checks
                            the DataFrame table, the live batch timeline and the %%sql table.
                            Screenshots go to tests/out/frontends/; with
                            DSTREAM_UPDATE_SCREENSHOT=1 the timeline one is copied to
                            docs/screenshot-timeline.png.

What these tests need and cannot find makes them FAIL with the reason (never skip).
"""

import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from jupyter_client import KernelManager

from conftest import REPO, iopub_for, kernel_binary, shell_reply

TIMEOUT = 30
OUT = REPO / "tests" / "out" / "frontends"
VENV_BIN = pathlib.Path(sys.executable).parent
ROOT = pathlib.Path(__file__).resolve().parents[2]
DISPLAY_NAME = "Spark Streaming on Kafka (C)"


# ---- helpers ----

def write_kernelspec(root, name="dstream"):
    """A kernelspec like the installed one, pointing at the binary under test."""
    binary = kernel_binary()
    if not os.access(binary, os.X_OK):
        pytest.fail(f"kernel binary {binary} is missing (run make, or set DSTREAM_KERNEL)")
    d = pathlib.Path(root) / "kernels" / name
    d.mkdir(parents=True, exist_ok=True)
    spec = json.loads((REPO / "kernelspec" / "dstream" / "kernel.json.in").read_text().replace("@KERNEL@", binary))
    (d / "kernel.json").write_text(json.dumps(spec, indent=1))
    for logo in ("logo-32x32.png", "logo-64x64.png"):
        src = REPO / "kernelspec" / "dstream" / logo
        if src.exists():
            shutil.copy(src, d / logo)
    return d


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EmbeddedBroker:
    """The kernel's embedded broker daemon, run in the foreground by the test in a private
    Jupyter runtime directory (kernels started with that JUPYTER_RUNTIME_DIR find it)."""

    def __init__(self, runtime_dir):
        self.runtime_dir = pathlib.Path(runtime_dir)
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(self.runtime_dir / "broker-test.log", "w")
        self.proc = subprocess.Popen([kernel_binary(), "--embedded-broker", "--runtime-dir", str(self.runtime_dir),
                                      "--foreground"], stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        info = self.runtime_dir / "dstream-embedded-broker.json"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"the embedded broker exited with {self.proc.returncode}: "
                            f"{(self.runtime_dir / 'broker-test.log').read_text()[-2000:]}")
            try:
                self.bootstrap = json.loads(info.read_text())["bootstrap"]
                return
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        self.stop()
        pytest.fail("the embedded broker did not write its runtime file within 30 s")

    def produce(self, topic, value="x"):
        """One record into topic (the embedded broker creates topics on first produce)."""
        kcat = shutil.which("kcat")
        if not kcat:
            pytest.fail("kcat is not installed (make deps installs it)")
        r = subprocess.run([kcat, "-P", "-b", self.bootstrap, "-t", topic], input=value + "\n", text=True,
                           capture_output=True, timeout=60)
        assert r.returncode == 0, f"kcat could not produce to {topic}: {r.stderr}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def stop_daemon_in(runtime_dir):
    """Stops an embedded broker daemon a kernel started in runtime_dir (by its recorded pid)."""
    info = pathlib.Path(runtime_dir) / "dstream-embedded-broker.json"
    try:
        pid = int(json.loads(info.read_text())["pid"])
    except (OSError, ValueError, KeyError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


@pytest.fixture
def kernel_env(tmp_path, jupyter_path, monkeypatch):
    """A private runtime directory (connection files, embedded broker) for the test's kernels."""
    rt = tmp_path / "runtime"
    rt.mkdir()
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(rt))
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    return rt


def start_kernel(name="dstream-test-message"):
    km = KernelManager(kernel_name=name)
    km.ip = "127.0.0.1"
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


def stop_kernel(km, kc):
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=False)
    km.cleanup_resources()


@pytest.fixture
def fk(kernel_env):
    """A kernel whose runtime directory is private to the test."""
    km, kc = start_kernel()
    execute(kc, "import org.apache.spark.streaming._")   # as spark-shell needs it for StreamingContext
    yield kc
    stop_kernel(km, kc)


def execute(kc, code, timeout=TIMEOUT):
    msg_id = kc.execute(code)
    reply = shell_reply(kc, msg_id, timeout)
    msgs = iopub_for(kc, msg_id, timeout)
    assert reply["content"]["status"] == "ok", f"cell failed: {code!r}: {reply['content']}"
    return msgs


def complete(kc, code, cursor=None):
    cursor = len(code) if cursor is None else cursor
    msg_id = kc.complete(code, cursor)
    c = shell_reply(kc, msg_id, TIMEOUT)["content"]
    assert c["status"] == "ok", c
    return c


def inspect(kc, code, cursor=None):
    cursor = len(code) if cursor is None else cursor
    msg_id = kc.inspect(code, cursor)
    c = shell_reply(kc, msg_id, TIMEOUT)["content"]
    assert c["status"] == "ok", c
    return c


def assert_completes(kc, code, expected, absent=()):
    c = complete(kc, code)
    for e in expected:
        assert e in c["matches"], f"completing {code[-60:]!r}: {e!r} not in {c['matches']}"
    for a in absent:
        assert a not in c["matches"], f"completing {code[-60:]!r}: {a!r} should not be offered: {c['matches']}"
    return c


# ---- completion: members after a dot ----

def test_members_of_session_values(fk):
    execute(fk, "val ssc = new StreamingContext(sc, Seconds(1))")
    c = assert_completes(fk, "ssc.awa", ["awaitTermination", "awaitTerminationOrTimeout"])
    assert c["cursor_start"] == 4 and c["cursor_end"] == 7
    assert_completes(fk, "sc.paral", ["parallelize"])
    execute(fk, "val q = new scala.collection.mutable.Queue[org.apache.spark.rdd.RDD[Int]]()\n"
                "val ds = ssc.queueStream(q)")
    assert_completes(fk, "ds.reduceByKeyAnd", ["reduceByKeyAndWindow"])
    assert_completes(fk, "ds.", ["map", "foreachRDD", "window", "print"])


def test_members_inferred_from_the_cells_text(fk):
    """Values the cell defines but has not run: new X, result types of calls, lambda parameters."""
    code = "val ssc = new StreamingContext(sc, Seconds(1))\nssc.rem"
    c = assert_completes(fk, code, ["remember"])
    assert c["cursor_start"] == len(code) - 3
    types = c["metadata"].get("_jupyter_types_experimental")
    assert types and types[0]["type"] == "function" and "remember" in types[0]["signature"], types

    code = ("def createStreamingContext(): StreamingContext = {\n"
            "  val ssc = new StreamingContext(sc, Seconds(2))\n"
            "  val lines = ssc.socketTextStream(\"localhost\", 9999)\n"
            "  val words = lines.flatMap(_.split(\" \"))\n"
            "  words.foreachRDD { rdd =>\n"
            "    rdd.isE")
    assert_completes(fk, code, ["isEmpty"])
    assert_completes(fk, code[: code.rindex("rdd.isE")] + "words.reduceByK", ["reduceByKey", "reduceByKeyAndWindow"])
    assert_completes(fk, "val s = createStreamingContext()\ns.awaitTerminationOr", [], [])  # no crash on an unknown def
    assert_completes(fk, "def make(): StreamingContext = null\nval s = make()\ns.awaitTerminationOr",
                     ["awaitTerminationOrTimeout"])
    assert_completes(fk, "val r = sc.parallelize(1 to 10)\nr.coll", ["collect"])
    assert_completes(fk, "val p = new KafkaProducer[String, String](props)\np.fl", ["flush"])
    assert_completes(fk, "val rec = new ProducerRecord[String, String](\"t\", \"k\", \"v\")\nrec.",
                     ["topic", "value"])
    # element types: a direct stream's records are ConsumerRecords, inside map and foreachRDD
    direct = ('val messages = KafkaUtils.createDirectStream[String, String](ssc, PreferConsistent,\n'
              '  Subscribe[String, String](topics, kafkaParams))\n')
    assert_completes(fk, direct + "messages.map(record => record.val", ["value"])
    assert_completes(fk, direct + "messages.foreachRDD { rdd =>\n  rdd.foreach { r => r.parti", ["partition"])
    assert_completes(fk, "val ssc = new StreamingContext(sc, Seconds(1))\n"
                         "ssc.socketTextStream(\"h\", 1).foreachRDD((rdd, time) => rdd.isEm", ["isEmpty"])
    # a string or a comment is not code
    assert complete(fk, "val s = \"ssc.rem")["matches"] == []
    assert complete(fk, "// ssc.rem")["matches"] == []


def test_names_defined_in_the_cell(fk):
    code = "val kafkaBrokers = \"\"\nval batchInterval = 2\nprintln(batchInt"
    assert_completes(fk, code, ["batchInterval"])
    assert_completes(fk, "stream.foreachRDD { rddOfTweets =>\n  rddOf", ["rddOfTweets"])


# ---- completion: topics ----

def test_topic_names_from_the_brokers(kernel_env):
    broker = EmbeddedBroker(kernel_env)
    try:
        broker.produce("tweets-completion")
        broker.produce("trades")
        km, kc = start_kernel()
        try:
            for code in ['val topics = Array("tw',
                         'KafkaUtils.createDirectStream[String, String](ssc, PreferConsistent, Subscribe[String, String](Array("tw',
                         'Subscribe[String, String](List("tw',
                         'new ProducerRecord[String, String]("tw',
                         '%consume tw', '%topic describe tw', '%%produce tw']:
                deadline = time.monotonic() + 20   # the first request may come before the list
                while True:
                    c = complete(kc, code)
                    if "tweets-completion" in c["matches"] or time.monotonic() > deadline:
                        break
                    time.sleep(0.5)
                assert c["matches"] == ["tweets-completion"], f"{code!r}: {c}"
                typed = "tw"
                assert c["cursor_start"] == len(code) - len(typed) and c["cursor_end"] == len(code), c
            c = complete(kc, 'val kafkaTopic = "')
            assert {"tweets-completion", "trades"} <= set(c["matches"]), c
            # not a topic: the second argument of a ProducerRecord, an ordinary string
            assert complete(kc, 'new ProducerRecord[String, String]("trades", "tw')["matches"] == []
            assert complete(kc, 'println("tw')["matches"] == []
        finally:
            stop_kernel(km, kc)
    finally:
        broker.stop()


def test_topic_completion_never_hangs_on_unreachable_brokers(kernel_env, monkeypatch):
    # a port nobody listens on: the request returns promptly (the look-up goes on in the background)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{free_port()}")
    km, kc = start_kernel()
    try:
        t0 = time.monotonic()
        c = complete(kc, '%consume tw')
        assert c["matches"] == []
        assert time.monotonic() - t0 < 10, "completion waited too long for unreachable brokers"
        msgs = execute(kc, "1 + 1")      # and the kernel still works
        assert any(m["msg_type"] == "execute_result" for m in msgs)
    finally:
        stop_kernel(km, kc)


def test_no_topics_and_no_broker_started_for_completion(fk, kernel_env):
    assert complete(fk, '%consume ')["matches"] == []
    assert not (kernel_env / "dstream-embedded-broker.json").exists(), \
        "completion started the embedded broker"


# ---- completion: DataFrame columns ----

DF_CELL = ('val df = spark.read.json(sc.parallelize(Seq(\n'
           '  """{"id": 1, "user": {"name": "ann", "followersCount": 3}}""",\n'
           '  """{"id": 2, "user": {"name": "bob", "followersCount": 5}}""")))')


def test_dataframe_columns(fk):
    execute(fk, DF_CELL)
    c = assert_completes(fk, 'df.select($"', ["id", "user", "user.name", "user.followersCount"])
    assert c["cursor_start"] == len('df.select($"'), c
    assert_completes(fk, 'df.select($"us', ["user", "user.name"], ["id"])
    assert_completes(fk, 'df.groupBy("i', ["id"])
    assert_completes(fk, 'df.filter(col("user.n', ["user.name"])
    # a DataFrame the cell defines: its select names the columns
    code = ('val info = df.select($"id", $"user.name".as("user_name"), $"user.followersCount".as("followers"))\n'
            'info.orderBy($"')
    assert_completes(fk, code, ["id", "user_name", "followers"], ["user", "user.name"])
    # the reader notebook's shape: inside foreachRDD, a select then show/createOrReplaceTempView
    code = ('tweetsJSON.foreachRDD { rdd =>\n'
            '  val tweetObj = spark.read.json(rdd)\n'
            '  val tweetInfo = tweetObj.select($"id", $"createdAt", $"lang", $"user.name".as("user_name"))\n'
            '  tweetInfo.where($"')
    assert_completes(fk, code, ["id", "createdAt", "lang", "user_name"])
    assert_completes(fk, 'tweetsJSON.foreachRDD { rdd =>\n  val tweetObj = spark.sqlContext.read.json(rdd)\n  tweetObj.sel',
                     ["select"])
    assert_completes(fk, 'spark.read.js', ["json"])
    # temp views: view names and columns in %%sql
    execute(fk, 'df.createOrReplaceTempView("TweetInfo")')
    assert_completes(fk, "%%sql\nselect * from Twe", ["TweetInfo"])
    assert_completes(fk, "%%sql\nselect us", ["user", "user.name"])
    # a DataFrame whose columns are not all known: the session's views fill in
    execute(fk, 'val wide = spark.read.json(sc.parallelize(Seq("""{"a": 1, "b": 2, "c": 3}""")))')
    assert_completes(fk, 'wide.select($"', ["a", "b"])


# ---- inspection ----

def test_inspect_signature_doc_and_link(fk):
    code = "val ssc = new StreamingContext(sc, Seconds(1))\nssc.awaitTerminationOrTimeout"
    r = inspect(fk, code)
    assert r["found"], r
    text = r["data"]["text/plain"]
    assert text.startswith("def awaitTerminationOrTimeout(timeout: Long): Boolean"), text
    doc = text.split("\n\n")[1]
    assert len(doc) > 10 and "\n" not in doc, f"one paragraph of doc expected: {text!r}"
    assert ("https://spark.apache.org/docs/" in text and
            "StreamingContext.html#awaitTerminationOrTimeout(timeout:Long):Boolean" in text), text
    md = r["data"]["text/markdown"]
    assert "[Documentation](https://spark.apache.org/" in md and "```scala" in md, md

    # the cursor inside the call's arguments inspects the callee
    r2 = inspect(fk, code + "(")
    assert r2["found"] and r2["data"]["text/plain"] == text

    # a session value's method, and a class after `new`
    execute(fk, "val r = sc.parallelize(Seq(1, 2, 3))")
    r = inspect(fk, "r.count")
    assert r["found"] and "def count" in r["data"]["text/plain"] and "RDD.html#count():Long" in r["data"]["text/plain"], r
    r = inspect(fk, "new StreamingContext", len("new StreamingCon"))
    assert r["found"] and "StreamingContext.html" in r["data"]["text/plain"], r
    assert "new StreamingContext(" in r["data"]["text/plain"], r

    # a method without a known anchor links to its class page
    r = inspect(fk, "val ssc = new StreamingContext(sc, Seconds(1))\nssc.queueStream")
    assert r["found"] and "StreamingContext.html" in r["data"]["text/plain"], r

    # nothing there
    assert inspect(fk, "   ")["found"] is False
    assert inspect(fk, "noSuchNameAnywhere")["found"] is False


# ---- jupyter console ----

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")


class Terminal:
    """A pexpect child whose output is searched with ANSI escapes removed."""

    def __init__(self, child):
        self.child = child
        self.raw = ""
        self.pos = 0

    def expect(self, pattern, timeout=60):
        import pexpect
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            text = ANSI.sub("", self.raw)
            m = rx.search(text, self.pos)
            if m:
                self.pos = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"jupyter console: {pattern!r} not seen within {timeout} s; "
                                     f"screen so far:\n{text[-3000:]}")
            try:
                self.raw += self.child.read_nonblocking(65536, timeout=min(left, 0.5))
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                raise AssertionError(f"jupyter console exited; screen:\n{ANSI.sub('', self.raw)[-3000:]}")


def readme_console_program():
    """The lines of README's console section (between its console-program markers)."""
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- console-program:", 1)[1].split("<!-- /console-program -->", 1)[0]
    return block.split("```\n", 1)[1].rsplit("```", 1)[0].splitlines()


def test_jupyter_console(tmp_path, kernel_env, monkeypatch):
    try:
        import pexpect
    except ImportError:
        pytest.fail("pexpect is not installed in the venv (tests/requirements.txt)")
    console = VENV_BIN / "jupyter-console"
    if not console.exists():
        pytest.fail(f"{console} is missing: jupyter_console is not installed in the venv (tests/requirements.txt)")
    jp = tmp_path / "jupyter-path"
    write_kernelspec(jp)
    env = dict(os.environ)
    env.update(JUPYTER_PATH=str(jp), JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"), IPYTHONDIR=str(tmp_path / "ipython"),
               TERM="xterm", COLUMNS="160", LINES="50", PAGER="cat")
    child = pexpect.spawn(str(console), ["--kernel", "dstream", "--ZMQTerminalInteractiveShell.kernel_timeout=60"],
                          env=env, encoding="utf-8", dimensions=(50, 160), timeout=60)
    term = Terminal(child)
    try:
        term.expect(r"In \[1\]: ")
        # a multi-line cell: the console asks is_complete and waits for the closing brace
        child.send("def twice(x: Int) = {\r")
        term.expect(r"\.\.\.: ")
        child.send("x * 2\r")
        term.expect(r"\.\.\.: ")
        child.send("}\r")
        term.expect(r"In \[2\]: ")
        child.send("twice(21)\r")
        term.expect(r"42")
        term.expect(r"In \[3\]: ")
        # Tab completion
        child.send("sc.paral")
        time.sleep(0.3)
        child.send("\t")
        term.expect(r"parallelize")
        time.sleep(0.5)
        child.send("(Seq(1, 2, 3)).count()\r")
        term.expect(r"Long = 3")
        term.expect(r"In \[4\]: ")
        # a cell magic typed by hand: its first line is incomplete, an empty line ends the body
        child.send("%%bash\r")
        term.expect(r"\.\.\.: ")
        child.send("echo typed-$((6 * 7))\r")
        term.expect(r"\.\.\.: ")
        child.send("\r")
        term.expect(r"typed-42")
        term.expect(r"In \[5\]: ")
        # README's console program, typed line by line: a %%produce cell, then a stream over it
        lines = readme_console_program()
        end = lines.index("")                   # an empty line ends the cell magic's body
        for line in lines[:end]:
            child.send(line + "\r")
            term.expect(r"\.\.\.: ")
        child.send("\r")
        term.expect(r"Produced 2 records")
        n = 6
        term.expect(rf"In \[{n}\]: ")
        for line in lines[end + 1:]:
            child.send(line + "\r")
            if line == "ssc.start()":
                term.expect(r"Streaming started: a batch every 1000 ms")
            elif line.startswith("ssc.awaitTermination"):
                term.expect(r"Time: \d+ ms")
                term.expect(r"\(be,2\)")
                term.expect(r"Boolean = false")
            elif line.startswith("ssc.stop"):
                term.expect(r"Stopped StreamingContext ssc: \d+ batches of 1000 ms, 2 records")
            n += 1
            term.expect(rf"In \[{n}\]: ")
        # IPython's help convention: the member's signature and doc, paged
        child.send("ssc.start?\r")
        term.expect(r"def start\(\): Unit")
        term.expect(rf"In \[{n + 1}\]: ")
        child.sendcontrol("d")     # leave the console: it shuts the kernel down
        if child.expect([pexpect.EOF, r"exit \(\[y\]/n\)\?"], timeout=30) == 1:
            child.send("y\r")
            child.expect(pexpect.EOF, timeout=30)
    finally:
        if child.isalive():
            child.terminate(force=True)


# ---- JupyterLab in a browser ----

def browser_deps():
    r = subprocess.run(["bash", str(REPO / "scripts" / "browser-deps.sh")], capture_output=True, text=True, timeout=1800)
    if r.returncode != 0:
        pytest.fail(f"scripts/browser-deps.sh failed (chromium or the node modules are missing):\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    if not os.access("/usr/bin/chromium", os.X_OK):
        pytest.fail("/usr/bin/chromium is missing after scripts/browser-deps.sh")
    if not shutil.which("node"):
        pytest.fail("node is missing after scripts/browser-deps.sh")


def notebook_copy(name, dest, replacements):
    """A copy of a bundled notebook with code cells' text replaced (shorter waits)."""
    nb = json.loads((REPO / "notebooks" / name).read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for old, new in replacements:
            src = src.replace(old, new)
        cell["source"] = src
        cell["outputs"] = []
        cell["execution_count"] = None
    path = pathlib.Path(dest) / name
    path.write_text(json.dumps(nb, indent=1))
    return path


def run_writer(nbdir):
    """Runs the writer notebook with nbclient (a short stream) so the topic holds tweets."""
    import nbformat
    from nbclient import NotebookClient
    path = notebook_copy("Stream-Tweets-To-Kafka.ipynb", nbdir, [("awaitTerminationOrTimeout(60000)",
                                                                 "awaitTerminationOrTimeout(12000)")])
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="dstream", timeout=180, startup_timeout=60,
                            resources={"metadata": {"path": str(nbdir)}})
    client.execute()
    nbformat.write(nb, path)
    text = ""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                pytest.fail(f"the writer notebook failed in {cell.source[:80]!r}: {out.get('ename')}: {out.get('evalue')}")
            text += out.get("text", "") if isinstance(out.get("text", ""), str) else "".join(out["text"])
    m = re.search(r"Finished writing (\d+) tweets", text)
    assert m and int(m.group(1)) > 0, f"the writer wrote no tweets: {text[-1500:]}"
    return int(m.group(1))


class Lab:
    def __init__(self, root, env, log):
        self.port = free_port()
        self.token = os.urandom(16).hex()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "w")
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
             "--ServerApp.port_retries=0", "--LabApp.news_url=", "--LabApp.extension_manager=readonly"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            if self.proc.poll() is not None:
                self.log.flush()
                pytest.fail(f"JupyterLab exited with {self.proc.returncode}: {pathlib.Path(log).read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"JupyterLab did not answer within 120 s: {pathlib.Path(log).read_text()[-3000:]}")
            time.sleep(0.5)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)   # the server shuts its kernels down
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def lab_settings(settings_dir):
    """User settings: no windowing (every cell is in the DOM to be checked), no news pop-up."""
    d = pathlib.Path(settings_dir)
    (d / "@jupyterlab" / "notebook-extension").mkdir(parents=True, exist_ok=True)
    (d / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    (d / "@jupyterlab" / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (d / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def test_jupyterlab_runs_the_reader_notebook(tmp_path, monkeypatch):
    browser_deps()
    notebook = os.environ.get("DSTREAM_E2E_NOTEBOOK", "Spark-Streaming-From-Kafka-with-DStreams.ipynb")
    reader = notebook == "Spark-Streaming-From-Kafka-with-DStreams.ipynb"
    OUT.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "data"
    jp = tmp_path / "jupyter-path"
    write_kernelspec(jp)
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    env = {
        "JUPYTER_PATH": str(jp), "JUPYTER_DATA_DIR": str(data), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "lab-workspaces"), "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    lab_settings(env["JUPYTERLAB_SETTINGS_DIR"])
    lab = None
    try:
        if reader:
            n = run_writer(nbdir)
            print(f"writer notebook: {n} tweets")
            notebook_copy(notebook, nbdir, [("batchInterval * 60 * 1000", "6000")])
        else:
            notebook_copy(notebook, nbdir, [])
        lab = Lab(nbdir, dict(os.environ), OUT / "jupyterlab.log")
        node_env = dict(os.environ, LAB_URL=lab.url, LAB_TOKEN=lab.token, NOTEBOOK=notebook, OUT_DIR=str(OUT),
                        KERNEL_DISPLAY_NAME=DISPLAY_NAME, CHROMIUM="/usr/bin/chromium", RUN_TIMEOUT_MS="300000")
        r = subprocess.run(["node", str(REPO / "tests" / "browser" / "e2e.mjs")], env=node_env, capture_output=True,
                           text=True, timeout=600, cwd=str(REPO / "tests" / "browser"))
        (OUT / "e2e.log").write_text(r.stderr)
        try:
            summary = json.loads(r.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            pytest.fail(f"e2e.mjs printed no summary (exit {r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
        (OUT / "summary.json").write_text(json.dumps(summary, indent=1))
        assert r.returncode == 0 and "error" not in summary, \
            f"the browser run failed: {summary.get('error')}\n{r.stderr[-3000:]}"
        assert DISPLAY_NAME in summary["kernel"], summary["kernel"]
        assert summary.get("completion"), "Tab after sc.paral did not complete to sc.parallelize in JupyterLab"
        assert "def parallelize" in summary.get("tooltip", ""), \
            f"Shift-Tab in sc.parallelize( showed no signature: {summary.get('tooltip')!r}"
        cells = summary["cells"]
        # JupyterLab renders errors with the stderr renderer: a traceback's first line tells them apart
        traceback = re.compile(r"^(\S+(Exception|Error)\b|<console>:\d+: error|error:)", re.M)
        errors = [(c["source"], e) for c in cells for e in c["stderr"] + c["error_text"] if traceback.search(e)]
        if reader:
            assert not errors, f"cells failed in JupyterLab: {errors}"
            batch_errors = [(c["source"], e) for c in cells for e in c["stderr"] if "ERROR JobScheduler" in e]
            assert not batch_errors, f"batch jobs failed in JupyterLab: {batch_errors}"
            prompts = [c["prompt"] for c in cells]
            assert len(set(prompts)) == len(prompts) and all(re.search(r"\[\d+\]", p) for p in prompts), \
                f"not every code cell ran: {prompts}"
        if reader:
            headers = [h for c in cells for h in c["table_headers"]]
            assert "user_name" in headers, f"no DataFrame table with user_name rendered: {headers}"
            assert any(c["timeline"] or "Streaming" in c["text"] for c in cells), \
                "no live batch timeline (.dstream-timeline) rendered"
            sql = [c for c in cells if c["source"].lstrip().startswith("%%sql") and "--chart" not in c["source"]]
            assert sql and sql[0]["tables"] >= 1, f"the %%sql cell shows no table: {sql}"
            vl = summary.get("vegalite", {})
            assert vl.get("outputs") and vl.get("rendered"), f"no Vega-Lite chart drawn by JupyterLab: {vl}"
            assert "records" in vl.get("tooltip", "") or "value" in vl.get("tooltip", ""), \
                f"hovering the Vega-Lite chart showed no tooltip: {vl}"
            ctl = summary.get("controls", {})
            assert not ctl.get("error") and len(ctl.get("statuses", [])) == 5, \
                f"the stream's buttons did not pause, step, resume and stop it in JupyterLab: {ctl}"
            focus = summary.get("focus_screenshot")
            assert focus and os.path.exists(focus), "no screenshot of the timeline was taken"
            if os.environ.get("DSTREAM_UPDATE_SCREENSHOT") == "1":
                shutil.copy(focus, REPO / "docs" / "screenshot-timeline.png")
                shutil.copy(summary["vegalite_screenshot"], REPO / "docs" / "screenshot-vegalite-tooltip.png")
                shutil.copy(summary["controls_screenshot"], REPO / "docs" / "screenshot-controls.png")
        else:
            assert all(c["prompt"] for c in cells)
    finally:
        if lab:
            lab.stop()
        stop_daemon_in(env["JUPYTER_RUNTIME_DIR"])
