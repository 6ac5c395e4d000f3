"""test_notebooks_on_spark.py — the bundled reader notebook runs unchanged on real Spark (issue 12,
"Outgrowing one machine"): notebooks/Spark-Streaming-From-Kafka-with-DStreams.ipynb is executed in
the kernel against a real Apache Kafka broker (tests/kafka/broker.sh) with only its configuration
lines changed (the brokers, and the stream's run time from two minutes to twenty seconds), then a
last cell `%spark submit --master local[2]` runs the same cells on Spark 3.5 (spark-submit from the
pyspark package, Kafka's 0-10 connector jars from Maven Central). Both print the same show(5)
table and the same per-language counts, and the Parquet folder both appended to reads back in the
kernel with both runs' rows. (The embedded broker cannot serve Spark's Java client: docs/kafka.md.)
"""
import collections
import json
import os
import pathlib
import random
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
