"""test_concepts_notebook.py — executes notebooks/DStream-Concepts.ipynb with nbclient on the real
kernel binary (the embedded Kafka broker included) and checks what the lesson shows: the print()
blocks of the ssc.step() sections (Time headers and contents), the sliding-window figure
(image/svg+xml built from the actual batches), reduceByKeyAndWindow with and without the inverse
function, the state totals (updateStateByKey, mapWithState with its timeout, recovery from a
checkpoint), the Kafka offset ranges per batch, the live timeline, and that no cell fails.

The expected values are Spark's (worked out from the Streaming Programming Guide and the DStream
sources), and they are what the notebook's prose says; scripts/make-concepts-notebook.py writes the
notebook, so a change there usually needs one here."""
import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

from kafka_fixtures import embedded_broker, runtime_dir  # noqa: F401  (fixtures)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NOTEBOOK = os.path.join(ROOT, "notebooks", "DStream-Concepts.ipynb")
RULE = "-------------------------------------------"


@pytest.fixture(scope="module")
def nb(jupyter_path, embedded_broker):  # noqa: F811
    """The notebook, executed once for all the checks of this module (cells run even after a
    failing one, so every check reports; test_no_cell_fails names the failures). The kernel uses
    the session's private embedded broker, so the lesson's topic is new and its offsets start at 0."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
    NotebookClient(nb, kernel_name="dstream-test-message", timeout=120, allow_errors=True,
                   resources={"metadata": {"path": os.path.dirname(NOTEBOOK)}}).execute()
    return nb


def cell(nb, snippet):
    """The one code cell whose source contains snippet."""
    found = [c for c in nb.cells if c.cell_type == "code" and snippet in c.source]
    assert len(found) == 1, f"{len(found)} code cells contain {snippet!r}"
    return found[0]


def exactly(nb, source):
    """The code cells whose whole source is source, in notebook order."""
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip() == source]


def text(c):
    """stdout and text/plain of a cell, in order."""
    out = []
    for o in c.outputs:
        if o.output_type == "stream" and o.name == "stdout":
            out.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            out.append(o.data.get("text/plain", "") + "\n")
    return "".join(out)


def blocks(c):
    """The print() blocks of a cell: [(time_ms, [lines])] in output order."""
    out = []
    s = "".join(o.text for o in c.outputs if o.output_type == "stream" and o.name == "stdout")
    pat = re.compile(re.escape(RULE) + r"\nTime: (\d+) ms\n" + re.escape(RULE) + r"\n((?:.+\n)*)\n")
    for m in pat.finditer(s):
        out.append((int(m.group(1)), m.group(2).splitlines()))
    return out


def block_map(c):
    """{time: [block lines, ...]} — several output operations can print at the same time."""
    d = {}
    for t, lines in blocks(c):
        d.setdefault(t, []).append(lines)
    return d


def test_no_cell_fails(nb):
    failed = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        for o in c.outputs:
            if o.output_type == "error":
                failed.append(f"cell {i} ({c.source.splitlines()[0]!r}): {o.ename}: {o.evalue}")
            if o.output_type == "stream" and o.name == "stderr" and "ERROR" in o.text:
                failed.append(f"cell {i} ({c.source.splitlines()[0]!r}) wrote to stderr: {o.text[:300]}")
    assert not failed, "\n".join(failed)


def test_kernelspec_metadata(nb):
    assert nb.metadata.kernelspec.name == "dstream"
    assert nb.metadata.kernelspec.display_name == "Spark Streaming on Kafka (C)"
    assert nb.metadata.kernelspec.language == "scala"


def test_micro_batches_step_by_step(nb):
    # the first step() runs exactly one batch, at 1000 ms on the virtual clock
    assert blocks(exactly(nb, "ssc.step()")[0]) == [(1000, ["the first line", "the second line"])]
    # the queue is empty at 3000 ms: the batch still runs, with an empty RDD
    assert blocks(exactly(nb, "ssc.step(2)")[0]) == [(2000, ["the third line"]), (3000, [])]


def test_transformations(nb):
    wc = block_map(cell(nb, "val wordCounts = pairs.reduceByKey(_ + _)"))
    assert sorted(wc) == [1000, 2000]
    assert set(wc[1000][0]) == {"(to,2)", "(be,2)", "(or,1)", "(not,1)"}
    # no memory between batches: "to" is 2 again
    assert set(wc[2000][0]) == {"(to,2)", "(or,1)", "(stream,1)", "(batch,1)"}
    joined = block_map(cell(nb, "counts.transform(rdd => rdd.join(kinds))"))
    assert set(joined[1000][0]) == {"(spark,(3,engine))", "(kafka,(2,log))"}


def test_output_operations(nb):
    assert "Spark says: requirement failed: No output operations registered, so nothing to execute" in \
        text(cell(nb, "val doubled = "))
    out = cell(nb, "numbers.print(3)")
    assert blocks(out) == [(1000, ["1", "2", "3", "..."]), (2000, ["10"])]
    t = text(out)
    assert "1000 ms: count = 5, sum = 15, partitions = 2" in t
    assert "2000 ms: count = 1, sum = 10, partitions = 1" in t
    listing = text(cell(nb, "ls -d squares-*"))
    assert "squares-1000.txt: _SUCCESS part-00000 part-00001" in listing
    assert "squares-2000.txt: _SUCCESS part-00000" in listing
    assert listing.split("part-00001:\n", 1)[1].split() == ["1", "4", "9", "16", "25"]


def test_window_operations(nb):
    w = block_map(cell(nb, "ssc.step(8)"))
    # results only at multiples of the slide interval; windowed.print() then countByWindow
    assert sorted(w) == [2000, 4000, 6000, 8000]
    assert w[2000] == [["1", "2", "3"], ["3"]]
    assert w[4000] == [["3", "4", "5", "6"], ["4"]]
    assert w[6000] == [["6", "7", "8", "9"], ["4"]]
    assert w[8000] == [["9", "10", "11", "12"], ["4"]]
    check = text(cell(nb, "def covered(windowTime: Long)"))
    assert "window at 2000 ms covers batches 1000, 2000: 1 2 3  = the union of those batches" in check
    assert "window at 8000 ms covers batches 6000, 7000, 8000: 9 10 11 12  = the union of those batches" in check
    assert "DIFFERS" not in check


def test_window_figure_is_svg_from_the_batches(nb):
    fig = cell(nb, "displaySVG(windowFigure()")
    svgs = [o for o in fig.outputs if o.output_type == "display_data" and "image/svg+xml" in o.data]
    assert len(svgs) == 1
    svg = svgs[0].data["image/svg+xml"]
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg.count("<rect") == 8                       # one box per batch
    for t, vs in [(2000, "1 2 3"), (4000, "3 4 5 6"), (6000, "6 7 8 9"), (8000, "9 10 11 12")]:
        assert f"window at {t} ms: {vs}</text>" in svg  # one bracket per window, from windowLog
    for label in ["1, 2", "4, 5", "11, 12"]:
        assert f">{label}</text>" in svg                 # the batches' values, from batchLog
    assert svgs[0].data["text/plain"].startswith("Eight 1-second batches")


def test_reduce_by_key_and_window_with_and_without_inverse(nb):
    table = text(cell(nb, 'println(f"${"batch"}'))
    rows = {line.split()[0]: line for line in table.splitlines() if re.match(r"\d+ ms", line)}
    assert len(rows) == 6
    # 4000 ms: spark has left the window; the inverse form keeps it as a zero, filterFunc drops it
    r4 = rows["4000"]
    assert r4.count("(flink,3) (kafka,1)") == 3
    assert "(flink,3) (kafka,1) (spark,0)" in r4
    r6 = rows["6000"]
    assert "(flink,2) (kafka,0) (spark,0)" in r6
    assert r6.count("(flink,2)") == 3
    assert "sameNonZeroTotalsInEveryWindow: Boolean = true" in table


def test_update_state_by_key_totals(nb):
    b = block_map(cell(nb, "views.updateStateByKey[Int](addViews _)"))
    assert set(b[1000][0]) == {"(home,2)", "(cart,1)"}
    assert set(b[2000][0]) == {"(home,3)", "(cart,1)", "(checkout,1)"}
    assert set(b[3000][0]) == {"(home,3)", "(cart,1)", "(checkout,1)"}   # kept with no new data


def test_map_with_state_and_timeout(nb):
    b = block_map(cell(nb, "ssc.step(7)"))
    assert sorted(b) == [1000, 2000, 3000, 4000, 5000, 6000, 7000]
    # [mapped outputs, state snapshot] per batch
    assert b[1000][0] == ["ann: visit 1", "bob: visit 1", "ann: visit 2"]
    assert set(b[1000][1]) == {"(ann,2)", "(bob,1)"}
    assert b[2000][0] == ["bob: visit 2"]
    assert b[3000][0] == ["ann: visit 3"]
    assert set(b[3000][1]) == {"(ann,3)", "(bob,2)"}
    # idle for more than 2 s: bob (last seen 2000) at 5000, ann (3000) at 6000; checked every batch
    assert b[4000][0] == [] and set(b[4000][1]) == {"(ann,3)", "(bob,2)"}
    assert b[5000][0] == ["bob: session ended after 2 visits"]
    assert b[5000][1] == ["(ann,3)"]
    assert b[6000] == [["ann: session ended after 3 visits"], []]
    assert b[7000] == [[], []]


def test_checkpoint_recovery_continues_totals(nb):
    first = block_map(cell(nb, "val firstRun = StreamingContext.getOrCreate"))
    assert set(first[1000][0]) == {"(home,1)", "(cart,1)"}
    assert set(first[2000][0]) == {"(home,2)", "(cart,1)"}
    second = cell(nb, "val secondRun = StreamingContext.getOrCreate")
    b = block_map(second)
    assert sorted(b) == [3000]                          # time continues after the checkpoint
    assert set(b[3000][0]) == {"(home,3)", "(cart,1)", "(checkout,1)"}


def kafka_ranges(c):
    """[(batch_ms, records, {partition: (from, until)})] from the foreachRDD lines of a cell."""
    out = []
    for line in text(c).splitlines():
        m = re.match(r"batch (\d+) ms: (\d+) records$", line)
        if m:
            out.append((int(m.group(1)), int(m.group(2)), {}))
            continue
        m = re.match(r"  partition (\d+): fromOffset (\d+), untilOffset (\d+), count (\d+)$", line)
        if m and out:
            p, a, b, n = map(int, m.groups())
            assert b - a == n
            out[-1][2][p] = (a, b)
    return out


def test_kafka_offsets_per_batch(nb):
    created = text(cell(nb, "%topic create concepts-clicks"))
    assert "concepts-clicks" in created
    step2 = exactly(nb, "ssc.step(2)")[1]
    first = kafka_ranges(step2)
    assert [(t, n) for t, n, _ in first] == [(1000, 6), (2000, 0)]
    assert "Produced 6 records to concepts-clicks" in text(cell(nb, "ann:home"))
    r1, r2 = first[0][2], first[1][2]
    assert sorted(r1) == [0, 1]
    assert sum(b - a for a, b in r1.values()) == 6
    assert all(a == 0 for a, _ in r1.values())            # a fresh topic, read from the beginning
    assert r2 == {p: (b, b) for p, (_, b) in r1.items()}   # nothing new: empty ranges at the end
    counts = block_map(step2)
    assert set(counts[1000][0]) == {"(home,3)", "(cart,1)", "(checkout,1)", "(search,1)"}
    last_cell = cell(nb, "val contiguous = ")
    third = kafka_ranges(last_cell)
    assert [(t, n) for t, n, _ in third] == [(3000, 3)]
    r3 = third[0][2]
    assert {p: a for p, (a, _) in r3.items()} == {p: b for p, (_, b) in r2.items()}  # starts where 2000 ended
    assert set(block_map(last_cell)[3000][0]) == {"(cart,1)", "(checkout,1)", "(home,1)"}
    summary = text(last_cell)
    assert summary.count("each batch starts where the previous one ended") == 2
    assert "GAP OR OVERLAP" not in summary


def test_live_streams_show_the_timeline(nb):
    live = cell(nb, "ssc.awaitTerminationOrTimeout(4500)")
    b = blocks(live)
    times = sorted({t for t, _ in b})
    assert len(times) >= 3, times                         # about four 1-second batches on the real clock
    assert all(t % 1000 == 0 and t > 10**12 for t in times)  # real times in ms since 1970
    assert all(b2 - b1 == 1000 for b1, b2 in zip(times, times[1:]))
    timelines = [o for o in live.outputs if o.output_type == "display_data"
                 and o.data.get("text/plain", "").startswith("Streaming")]
    assert len(timelines) == 1, f"{len(timelines)} timelines in the live cell (start and await share one)"
    final = timelines[-1].data["text/plain"]
    assert final.startswith("Streaming stopped:"), final
    assert "batches of 1000 ms" in final
    assert "<table" in timelines[-1].data.get("text/html", "")

    slow_cells = [c for c in nb.cells if c.cell_type == "code" and "Thread.sleep(1500)" in c.source]
    if not slow_cells:       # the overloaded-stream demo is off (CONCEPTS_SLOW_DEMO, see the generator)
        return
    slow = slow_cells[0]
    assert text(slow).count("processed ") >= 2
    timelines = [o for o in slow.outputs if o.output_type == "display_data"
                 and o.data.get("text/plain", "").startswith("Streaming")]
    final = timelines[-1].data["text/plain"]
    delays = [int(m) for m in re.findall(r"ms +(\d+) ms +\d+ ms$", final, re.M)]
    assert len(delays) >= 2 and max(delays) >= 400, final  # batches queue up: the delay grows
