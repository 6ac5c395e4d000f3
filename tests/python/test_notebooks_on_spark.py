"""test_notebooks_on_spark.py — the bundled reader notebook runs unchanged on real Spark (issue 12,
"Outgrowing one machine"): notebooks/Spark-Streaming-From-Kafka-with-DStreams.ipynb is executed in
the kernel against a real Apache Kafka broker (tests/kafka/broker.sh) with only its configuration
lines changed (the brokers, and the stream's run time from two minutes to twenty seconds), then a
last cell `%spark submit --master local[2]` runs the same cells on Spark 3.5 (spark-submit from the
pyspark package, Kafka's 0-10 connector jars from Maven Central). Both print the same show(5)
table and the same per-language counts, and the Parquet folder both appended to reads back in the
kernel with both runs' rows. (The embedded broker cannot serve Spark's Java client: docs/kafka.md.)

DStream-Concepts and Scala-Basics run in the kernel and then, unchanged, under `%spark submit --master
local[2]`; each Scala cell's printed output is compared with the kernel's, byte for byte. A marker cell
`println("@@cell-N")` before each cell (run on both sides) splits Spark's output per cell; the kernel's
REPL echoes (`x: Int = 3`, `defined class …`, a cell's result) are left out, as spark-shell -I prints
none, and Spark's logging is off (its own log4j2 file). DStream-Concepts's `ssc.step(n)` runs on Spark
through the prelude %spark adds (ManualClock), so batch times and batches are the kernel's. Its Kafka
section needs a real broker and its `%%produce` cells are the kernel's magics (comments in the
program: the records would reach Spark all in the first batch), so the run stops before it; the
Twitter cell needs Twitter (TwitterUtils is not in Spark 3.5), as does the writer notebook, which is
not run here.
"""
import collections
import json
import os
import pathlib
import random
import re
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from kafka_fixtures import kcat, kcli_path, real_broker, wait_topic  # noqa: F401  (fixture)

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spark"))
import run_scala  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "Spark-Streaming-From-Kafka-with-DStreams.ipynb"
N = 300


def tables(text):
    """The show() tables of a text: lists of lines from a +---+ rule to the closing rule."""
    out, cur = [], None
    for line in text.splitlines():
        if line.startswith("+-"):
            if cur is None:
                cur = [line]
            elif len(cur) >= 3 and cur[-1] != line and cur[2] == line:   # header rule seen: this closes
                cur.append(line)
                out.append(cur)
                cur = None
            else:
                cur.append(line)
        elif cur is not None:
            if line.startswith("|"):
                cur.append(line)
            else:
                cur = None
    return out


def outputs(c):
    """stdout + stderr + text/plain of a cell, in order."""
    parts = []
    for o in c.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            parts.append(o.data.get("text/plain", "") + "\n")
        elif o.output_type == "error":
            parts.append(f"ERROR {o.ename}: {o.evalue}\n")
    return "".join(parts)


def test_reader_notebook_runs_the_same_on_spark(jupyter_path, real_broker, tmp_path):  # noqa: F811
    try:
        home, jars = run_scala.spark_home(), run_scala.connector_jars()
    except run_scala.SparkMissing as e:
        pytest.fail(str(e))
    bootstrap = real_broker.bootstrap
    r = subprocess.run([kcli_path(), "create", bootstrap, "tweets", "8"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    wait_topic(bootstrap, "tweets", 8)
    rnd = random.Random(7)
    langs = collections.Counter()
    lines = []
    for i in range(N):
        lang = rnd.choice(["en", "es", "fr", "ja"])
        langs[lang] += 1
        lines.append(json.dumps({"id": 1000 + i, "createdAt": "Dec 3, 2026 9:%02d:%02d PM" % (i // 60, i % 60),
                                 "lang": lang, "retweetCount": i % 5, "text": f"tweet {i}",
                                 "user": {"name": f"user{i}", "friendsCount": i, "followersCount": 2 * i}}))
    kcat("-P", "-b", bootstrap, "-t", "tweets", input=("\n".join(lines) + "\n").encode())

    nb = nbformat.read(NOTEBOOK, as_version=4)
    changed = 0
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        c.outputs = []
        if 'val kafkaBrokers = ""' in c.source:
            c.source = c.source.replace('val kafkaBrokers = ""', f'val kafkaBrokers = "{bootstrap}"')
            changed += 1
        if "awaitTerminationOrTimeout(batchInterval * 60 * 1000)" in c.source:
            c.source = c.source.replace("batchInterval * 60 * 1000", "batchInterval * 10 * 1000")
            changed += 1
    assert changed == 2, "the notebook's configuration lines moved: update this test"
    conf = " ".join(f"--conf {kv}" for kv in ("spark.ui.enabled=false", "spark.driver.host=127.0.0.1",
                                              "spark.driver.bindAddress=127.0.0.1",
                                              "spark.ui.showConsoleProgress=false"))
    nb.cells.append(nbformat.v4.new_code_cell(
        f"%spark submit --master local[2] --jars {','.join(jars)} {conf} --spark-home {home}"))
    nb.cells.append(nbformat.v4.new_code_cell('spark.read.parquet("example/tweets").count()'))
    NotebookClient(nb, kernel_name="dstream-test-message", timeout=400, allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    code = [c for c in nb.cells if c.cell_type == "code"]
    for c in code:
        assert not any(o.output_type == "error" for o in c.outputs), f"{c.source[:80]!r}:\n{outputs(c)}"
    kernel_text = "".join(outputs(c) for c in code[:-2])
    spark_text = outputs(code[-2])
    kernel_tables, spark_tables = tables(kernel_text), tables(spark_text)
    assert kernel_tables, kernel_text[-3000:]
    assert spark_tables, spark_text[-5000:]
    # the stream's first batch: show(5) of the selected columns, the same rows in the same order
    assert spark_tables[0] == kernel_tables[0], "\n".join(["Spark:"] + spark_tables[0] + ["kernel:"] + kernel_tables[0])
    assert "only showing top 5 rows" in spark_text
    # %%sql's group-by, exported as spark.sql(...).show(20, false): the counts of the data produced
    by_lang = [t for t in spark_tables if t[1].replace(" ", "") == "|lang|tweets|"]
    assert by_lang, spark_text[-5000:]
    got = {row.split("|")[1].strip(): int(row.split("|")[2]) for row in by_lang[0][3:-1]}
    assert got == dict(langs)
    # Parquet: the kernel's part files and Spark's in one folder, read back by the kernel
    assert outputs(code[-1]).strip().endswith(f"= {2 * N}"), outputs(code[-1])
    files = os.listdir(tmp_path / "example" / "tweets")
    assert "_SUCCESS" in files and sum(f.endswith(".parquet") for f in files) >= 2, files


# The kernel's echoes of definitions and results: spark-shell -I prints none of them.
ECHO = re.compile(r"^(?:[\w$]+: .* = .*|[\w$]+: \(.*\).*|defined (?:class|object|trait) .*|import .*)$")
FRAME = re.compile(r"^\s+(?:at .*|\.\.\. \d+ (?:elided|more))$")
MARK = re.compile(r"^@@cell-(\d+)$")


def printed(c):
    """What a kernel cell printed (its streams, its error as Spark's REPL prints one), echoes left out."""
    parts = []
    for o in c.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type == "error":
            parts.append(f"{o.ename}: {o.evalue}\n")
    return "".join(line + "\n" for line in "".join(parts).splitlines() if not ECHO.match(line))


def per_cell(text):
    """Spark's output split at the marker lines: {N: the lines printed between @@cell-N and the next}."""
    cells, cur = {}, None
    for line in text.splitlines():
        m = MARK.match(line)
        if m or line == "@@end":
            cur = int(m.group(1)) if m else None
            if m:
                cells[cur] = []
        elif cur is not None and not FRAME.match(line):
            cells[cur].append(line)
    return {n: "".join(line + "\n" for line in lines) for n, lines in cells.items()}


def run_both(notebook, tmp_path, stop_before=None, reset=None):
    """Runs the notebook's code cells (up to the first whose source starts with stop_before) in the
    kernel with a marker before each, then reset (a cell the kernel runs before Spark does) and %spark
    submit; returns [(source, kernel's printed output, Spark's)] for the Scala cells, and the submit cell."""
    home = run_scala.spark_home()
    nb = nbformat.read(notebook, as_version=4)
    code = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        if stop_before and c.source.startswith(stop_before):
            break
        code.append(c.source)
    assert not stop_before or len(code) < sum(c.cell_type == "code" for c in nb.cells), "the section moved"
    log4j = tmp_path / "log4j2.properties"
    log4j.write_text((ROOT / "tests" / "spark" / "log4j2.properties").read_text()   # an appender, or Spark
                     .replace("rootLogger.level = error", "rootLogger.level = off"))  # takes its defaults
    run = nbformat.v4.new_notebook()
    for i, src in enumerate(code):
        run.cells += [nbformat.v4.new_code_cell(f'println("@@cell-{i}")'), nbformat.v4.new_code_cell(src)]
    run.cells.append(nbformat.v4.new_code_cell('println("@@end")'))
    if reset:
        run.cells.append(nbformat.v4.new_code_cell(reset))
    conf = " ".join(f"--conf {kv}" for kv in ("spark.ui.enabled=false", "spark.driver.host=127.0.0.1",
                                              "spark.driver.bindAddress=127.0.0.1",
                                              "spark.ui.showConsoleProgress=false",
                                              f"spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=file:{log4j}"))
    run.cells.append(nbformat.v4.new_code_cell(f"%spark submit --master local[2] {conf} --spark-home {home}"))
    NotebookClient(run, kernel_name="dstream-test-message", timeout=400, allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    submit = run.cells[-1]
    assert not any(o.output_type == "error" for o in submit.outputs), outputs(submit)[-5000:]
    spark = per_cell(outputs(submit))
    both = []
    for i, src in enumerate(code):
        if src.lstrip().startswith("%"):
            continue          # the kernel's magics: comments in the program
        assert i in spark, f"no marker for cell {i} in Spark's output:\n{outputs(submit)[-5000:]}"
        both.append((src, printed(run.cells[2 * i + 1]), spark[i]))
    return both, submit


def differing(both):
    return {src.split("\n")[0]: (k, s) for src, k, s in both if k != s}


def test_scala_basics_runs_the_same_on_spark(jupyter_path, tmp_path):
    """Every cell, the one that fails with `/ by zero` too: the program keeps it (its statements before
    the error take effect on Spark as here, and Spark reports the same exception)."""
    both, _ = run_both(ROOT / "notebooks" / "Scala-Basics.ipynb", tmp_path)
    assert len(both) == 5
    assert differing(both) == {}, differing(both)
    failing = [k for src, k, s in both if "total / 0" in src]
    assert failing == ["average: 126.5\njava.lang.ArithmeticException: / by zero\n"], failing
    assert any("went viral" in k for _, k, _ in both)


def test_dstream_concepts_runs_the_same_on_spark(jupyter_path, tmp_path):
    """ssc.step(n) on Spark's ManualClock: the same batches at the same times, cell by cell. One cell
    differs, and must: Spark cannot restore a queueStream from a checkpoint (NotSerializableException:
    "queueStream doesn't support checkpointing"), where the kernel restores it."""
    both, submit = run_both(ROOT / "notebooks" / "DStream-Concepts.ipynb", tmp_path, stop_before="%topic create",
                            reset="%%bash\nrm -rf /tmp/dstream-concepts && mkdir -p /tmp/dstream-concepts/out")
    assert len(both) >= 15
    diff = differing(both)
    recovery = "val secondRun = StreamingContext.getOrCreate(checkpointDir, createContext _)"
    assert set(diff) == {recovery}, "\n\n".join(f"{c}\n--- kernel:\n{k}--- Spark:\n{s}" for c, (k, s) in diff.items())
    kernel, spark = diff[recovery]
    assert "Time: 3000 ms" in kernel and "queueStream doesn't support checkpointing" in spark, (kernel, spark)
    steps = [k for src, k, _ in both if src.startswith("ssc.step(8)")]
    assert steps and steps[0].count("Time: ") == 8, steps     # 4 windows, 2 streams printed each
