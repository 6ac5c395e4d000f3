"""test_notebook_outputs.py — the bundled notebooks' committed outputs still match a re-run (issue 10:
a structural change must not change what the notebooks show).

The five notebooks run as `make demo` runs them — the writer, the reader, DStream-Concepts,
Structured-Streaming-Kafka, Scala-Basics, in that order — on an embedded broker of this module's own (so the writer's `%topics`
sees only what the notebooks create), and each code cell's text (stdout, stderr, text/plain,
error name and value) is compared with the committed one after these normalisations, each for a
reason:
  - object hashes (`StreamingContext@3820`, `java.lang.Class@99580000`): identities, per run;
  - durations (`4 ms`, with the padding before them): wall-clock measurements; so are a query
    timeline's rates (`1333.3 rows/s`, and the two rate columns of its rows);
  - query ids (a query's timeline is named by its id when it has no queryName): per run;
  - clock times, dates and the tweets' `createdAt` (`Nov 24, 2026, 2:14:18 PM`): the run's time;
  - the Structured Streaming notebook's topic, named after the run's time (structured-tweets-N);
  - in cells that run a context on the real clock (`ssc.start()`), the print() blocks, the
    timeline's rows and the counts of the summary line, of the chart's title and of stop()'s
    line: how many batches fit in the cell's wait depends on where the first batch boundary falls.
  - the writer and the reader are fed by the writer's real-clock stream: how many tweets it makes
    (and so which rows a table shows, the counts, their order) depends on the machine's load. Their
    cells are compared by the set of their lines' shapes: numbers as N, runs of blanks as one, the
    rows of a table dropped (its header kept). Echo, column names, messages and errors still count.
"""
import os
import re
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from kafka_fixtures import kcli_path

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# notebooks whose data comes from a real-clock stream (see the module's docstring)
FED_BY_THE_CLOCK = {"Stream-Tweets-To-Kafka.ipynb", "Spark-Streaming-From-Kafka-with-DStreams.ipynb"}
DEMO_ORDER = ["Stream-Tweets-To-Kafka.ipynb", "Spark-Streaming-From-Kafka-with-DStreams.ipynb",
              "DStream-Concepts.ipynb", "Structured-Streaming-Kafka.ipynb", "Scala-Basics.ipynb"]

RULE = "-------------------------------------------"
NORMALISE = [
    (re.compile(r"@[0-9a-f]{3,}\b"), "@HASH"),
    (re.compile(r" *\b\d+(\.\d+)? ms\b"), " N ms"),
    (re.compile(r"\b[A-Z][a-z]{2} \d{1,2}, \d{4}, [\d:]*( [AP]M)?(\.\.\.)?"), "CREATED_AT"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "DATE"),
    (re.compile(r"\bstructured-tweets-\d+"), "structured-tweets-RUN"),
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(\.\d{3})?"), "HH:MM:SS"),
    # a query's id (its timeline is named by it when it has no name): per run
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "UUID"),
    # a query timeline's rates (rows over wall-clock durations), in its summary and its rows
    (re.compile(r"\b\d+\.\d rows/s"), "R rows/s"),
    (re.compile(r"^( *\d+ HH:MM:SS +\d+) +\d+\.\d +\d+\.\d\b", re.M), r"\1 R R"),
]
PRINT_BLOCK = re.compile(re.escape(RULE) + r"\nTime: \d+ ms\n" + re.escape(RULE) + r"\n(?:.*\n)*?\n")
TIMELINE_ROW = re.compile(r"^HH:MM:SS .*\n", re.M)
SUMMARY = re.compile(r"^(Streaming[^:\n]*|Stopped StreamingContext \S+): \d+ batches of N ms, \d+ records, .*$", re.M)
CHART = re.compile(r"^(Batch timeline chart: .* of the last) \d+ batches$", re.M)


def cell_text(cell):
    out = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            out.append(o.text)
        elif o.output_type in ("execute_result", "display_data", "update_display_data"):
            out.append(o.data.get("text/plain", "") + "\n")
        elif o.output_type == "error":
            out.append(f"{o.ename}: {o.evalue}\n")
    return "".join(out)


def normalise(text, real_clock):
    if real_clock:
        text = PRINT_BLOCK.sub("", text)
    for pat, rep in NORMALISE:
        text = pat.sub(rep, text)
    if real_clock:
        text = TIMELINE_ROW.sub("", text)
        text = SUMMARY.sub(r"\1: K batches", text)
        text = CHART.sub(r"\1 K batches", text)
    return text


def shapes(text):
    """The set of a cell's line shapes: numbers as N, blanks and rules collapsed, table rows dropped."""
    out, in_table = set(), False
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", re.sub(r"\d+(\.\d+)?", "N", line)).strip()
        line = re.sub(r"-+", "-", line)          # a table's rules are as wide as its widest value
        is_row = line.startswith("|") or (" | " in line and not line.startswith("N topic"))
        if is_row and in_table:
            continue            # a row of a table whose header was kept
        in_table = is_row or (in_table and line.startswith(("+-", "-")))
        out.add(line)
    return out


@pytest.fixture(scope="module")
def executed(tmp_path_factory, jupyter_path):
    """The five notebooks, executed in demo order on this module's own embedded broker, from a
    copy of notebooks/ (they write files next to themselves)."""
    work = tmp_path_factory.mktemp("notebooks")
    runtime = tmp_path_factory.mktemp("runtime")
    old = os.environ.get("JUPYTER_RUNTIME_DIR")
    old_master = os.environ.get("MASTER")
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)
    # the committed outputs were made on 2 cores (local[*] = 2 partitions after a shuffle, whose
    # key order follows Spark's HashPartitioner); say so, so that a machine with more cores agrees
    os.environ["MASTER"] = "local[2]"
    kcli = kcli_path()
    try:
        r = subprocess.run([kcli, "embedded", "ensure"], capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            pytest.fail(f"the module's embedded broker did not start: {r.stderr}")
        done = {}
        for name in DEMO_ORDER:
            committed = nbformat.read(os.path.join(ROOT, "notebooks", name), as_version=4)
            nb = nbformat.read(os.path.join(ROOT, "notebooks", name), as_version=4)
            for c in nb.cells:
                if c.cell_type == "code":
                    c.outputs = []
            NotebookClient(nb, kernel_name="dstream-test-message", timeout=300, allow_errors=True,
                           resources={"metadata": {"path": str(work)}}).execute()
            done[name] = (committed, nb)
        yield done
    finally:
        subprocess.run([kcli, "embedded", "stop"], capture_output=True, text=True, timeout=60)
        for key, value in (("JUPYTER_RUNTIME_DIR", old), ("MASTER", old_master)):
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.mark.parametrize("name", DEMO_ORDER)
def test_committed_outputs_match_a_rerun(executed, name):
    committed, rerun = executed[name]
    assert len(committed.cells) == len(rerun.cells)
    differ = []
    for i, (a, b) in enumerate(zip(committed.cells, rerun.cells)):
        if a.cell_type != "code":
            continue
        real_clock = "ssc.start()" in a.source
        want, got = normalise(cell_text(a), real_clock), normalise(cell_text(b), real_clock)
        if name in FED_BY_THE_CLOCK:
            want, got = "\n".join(sorted(shapes(want))), "\n".join(sorted(shapes(got)))
        if want != got:
            differ.append(f"cell {i}:\n--- committed\n{want[:1500]}\n--- re-run\n{got[:1500]}")
    assert not differ, f"{name}: {len(differ)} cells differ from the committed outputs\n" + "\n".join(differ[:3])


def test_normalisation_keeps_what_matters():
    """The normalisations hide run-to-run values, not content: a changed value, column or row
    still differs."""
    a = "x: Int = 3\n|  en|    10|\nStreamingContext@3820\nTime: 1000 ms\n"
    assert normalise(a, False) == normalise(a.replace("@3820", "@403b24"), False)
    assert normalise(a, False) != normalise(a.replace("x: Int = 3", "x: Int = 4"), False)
    assert normalise(a, False) != normalise(a.replace("|  en|", "|  fr|"), False)
    block = f"{RULE}\nTime: 1000 ms\n{RULE}\n17\n\n"
    assert normalise("echo\n" + block, True) == normalise("echo\n" + block + block, True)
    assert normalise("echo\n" + block, True) != normalise("other\n" + block, True)
    table = "+---+----+\n| id|lang|\n+---+----+\n|  1|  en|\n|  2|  fr|\n+---+----+\n"
    assert shapes(table) == shapes(table.replace("|  2|  fr|\n", "") + "")
    assert shapes(table) != shapes(table.replace("lang", "language"))
    assert shapes("tweets: 1319") == shapes("tweets: 1409") != shapes("tweet: 1409")
