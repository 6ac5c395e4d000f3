"""spark_diff.py — the differential suite of issue 12: the programs of tests/spark/corpus/ run with
the same text in real Spark (one spark-shell session, Spark 3.5 local[2], tests/spark/run_scala.py)
and in this kernel (a fresh kernel per program, MASTER=local[2]); their outputs are compared cell
by cell after the normalisations below, and each program is classified:

  same          every cell's normalised output is byte-identical
  differs       some cell's output differs (and the kernel raised no error Spark did not)
  unsupported   the kernel raised an error (or timed out) in a cell where Spark did not
  spark-error   Spark raised an error the program does not expect (`// expects: error`), the
                kernel did not: either the program is wrong for Spark or the kernel accepts what
                Spark's compiler rejects

The corpus: one .scala file per program. It opens with a header of `//` comments:
`// source: …` (where the text comes from), `// covers: …` (what it exercises), optionally
`// expects: error` (a Spark error is the program's point), optionally `// session: fresh` (the
program's Spark result depends on spark-shell's session state — e.g. whether an earlier program set
sc's checkpoint directory — so it runs in a spark-shell of its own, as the kernel side always runs
in a fresh kernel). Cells are separated by a line
`// ---- cell`. `@DATA@` stands for tests/spark/data and `@TMP@` for a scratch directory of
the program, the same relative path on both sides (`spark-diff-tmp/NAME`, created empty under
spark-shell's working directory and under each kernel's), so it may show in an output.

Used by tests/python/test_spark_diff.py (a fast subset, under `make test`) and as a CLI by
`make spark-diff` (all programs; writes docs/spark-compat.md):

    .venv/bin/python tests/spark/spark_diff.py [--out docs/spark-compat.md] [NAME...]
    .venv/bin/python tests/spark/spark_diff.py --update docs/spark-compat.md NAME...

--update reruns only the programs named and replaces (or adds) their rows in the table of the last
full run, keeping the others; the totals are recounted and the run line says that some rows are
newer than the full run.
Below the table, every program that is not same is listed with why (REASONS; "not analysed yet"
when it has none).

What is normalised, and why (nothing else is):
  res numbers    spark-shell's res counter runs across the session and each cell's end marker
                 takes one; the spark-shell number is shifted back to what a fresh session
                 would print (exactly: the counter before the program and the markers are known)
  Time: N ms     the batch times of DStream.print() are wall-clock times
  PREFIX-N.SUF   the same batch times in the names saveAsTextFiles gives its directories
  Class@1a2b3c   JVM identity hash codes in default toString
  $lineN.$read   the REPL's wrapper of a class a cell defines: spark-shell's echo prints `Foo@1a2b`,
  $$iw$$iw$Foo   but println(foo) (the class's getName) `$line15.$read$$iw$$iw$Foo@1a2b`, which a
                 compiled program (spark-submit) does not show: the wrapper is taken out, so both
                 sides read `Foo@<hash>` (the kernel's text, docs/scala.md)
  $Lambda$N/0xA  a function object's lambda class, its hidden-class address and identity hash
  @H             ($Lambda$2015/0x00007f6b7c95f698@74b37c02): JVM identities, as a hash is
  <console>:N    spark-shell gives the line in its generated wrapper (it depends on the session's
                 imports), the kernel the line in the cell
  ... N elided   the number of JVM frames of the REPL under an exception's cell frames
  part-NNNNN-    the random UUID in the name of a part file Spark's writers make
  <uuid>         (part-00000-<uuid>-c000.csv), which a program may print
  RDD[N]         RDD ids count per SparkContext across the session: made relative to the first id a
                 program shows (the kernel's are checked relative to each other all the same)
  Accumulator    an accumulator's id counts every accumulator of the SparkContext, and Spark's jobs
  (id: N)        make internal ones (task metrics) between a program's own: the id is left out
  timeline       the live batch timeline is this kernel's addition (spark-shell has none): the
                 kernel's displays with a display_id (the timeline, then its updates) are left out;
                 the text/plain of the others (show()) is output as spark-shell's is
  trailing       empty lines at the end of a cell's output: the REPL's prompt gap and the
  empty lines    message stream's last newline are not output, so both sides' are taken off
"""

import argparse
import concurrent.futures
import datetime
import difflib
import os
import pathlib
import re
import shutil
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import run_scala  # noqa: E402

CORPUS = HERE / "corpus"
DATA = HERE / "data"
CELL_MARKER = "// ---- cell"
CELL_TIMEOUT = 300   # a stateful streaming cell of spark-shell took over 120 s on a loaded 2-core machine
# run on the Spark side after every program (its output is not compared): a program that failed
# half-way must not leave a started StreamingContext to the next one
SPARK_CLEANUP = "org.apache.spark.streaming.StreamingContext.getActive.foreach(_.stop(false))"


# ---- the corpus -----------------------------------------------------------------------------------

class Program:
    def __init__(self, name, source, covers, cells, expects_error=False, fresh_session=False):
        self.name, self.source, self.covers, self.cells = name, source, covers, cells
        self.expects_error = expects_error
        self.fresh_session = fresh_session    # Spark side: a spark-shell of its own

    @property
    def tmp(self):
        """@TMP@: relative to the working directory of spark-shell or of the kernel."""
        return f"spark-diff-tmp/{self.name}"

    def cells_for(self, tmp=None):
        """The cells with @DATA@ and @TMP@ filled in."""
        return [c.replace("@DATA@", str(DATA)).replace("@TMP@", tmp or self.tmp) for c in self.cells]

    def make_tmp(self, cwd):
        """An empty @TMP@ under the directory cwd."""
        d = pathlib.Path(cwd, self.tmp)
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)


def parse(name, text):
    """A Program from a corpus file's text: the header's `// key: value` lines, then the cells."""
    lines = text.splitlines()
    meta, i = {}, 0
    while i < len(lines) and lines[i].startswith("//") and not lines[i].startswith(CELL_MARKER):
        m = re.match(r"//\s*(\w+):\s*(.*)$", lines[i])
        if m:
            meta[m.group(1)] = (meta.get(m.group(1), "") + " " + m.group(2)).strip()
        elif meta:     # a continuation line of the previous key
            last = list(meta)[-1]
            meta[last] += " " + lines[i][2:].strip()
        i += 1
    cells, cur = [], []
    for line in lines[i:]:
        if line.strip() == CELL_MARKER:
            cells.append("\n".join(cur).strip("\n") + "\n")
            cur = []
        else:
            cur.append(line)
    cells.append("\n".join(cur).strip("\n") + "\n")
    cells = [c for c in cells if c.strip()]
    if "source" not in meta or "covers" not in meta or not cells:
        raise ValueError(f"{name}: a corpus file needs `// source:` and `// covers:` lines and a cell")
    session = (meta.get("session") or "fresh").split()[0]    # the value, then (why)
    if session != "fresh":
        raise ValueError(f"{name}: `// session:` takes one value, fresh")
    return Program(name, meta["source"], meta["covers"], cells, meta.get("expects", "") == "error",
                   "session" in meta)


def load(names=None):
    """The corpus' programs (all, in name order, or those named, in that order)."""
    if names is None:
        names = sorted(p.stem for p in CORPUS.glob("*.scala"))
    return [parse(n, (CORPUS / f"{n}.scala").read_text()) for n in names]


# ---- normalisation --------------------------------------------------------------------------------

RES = re.compile(r"^res(\d+)(?=: )", re.M)
RDD_ID = re.compile(r"\b(\w*RDD)\[(\d+)\]")


def normalise(text):
    text = re.sub(r"\$line\d+\.\$read(?:\$\$iw)*\$", "", text)
    text = re.sub(r"^Time: \d+ ms$", "Time: <time> ms", text, flags=re.M)
    text = re.sub(r"(?<=[\w.])-1\d{12}\b(?=\.\w|[,)\s]|$)", "-<time>", text, flags=re.M)
    text = re.sub(r"\$Lambda\$\d+/0x[0-9a-f]+@[0-9a-f]{1,8}\b", "$Lambda$<id>", text)
    text = re.sub(r"\b([A-Za-z_$][\w$.]*)@[0-9a-f]{1,8}\b", r"\1@<hash>", text)
    text = re.sub(r"<console>:\d+", "<console>:<line>", text)
    text = re.sub(r"\b(\w*Accumulator\(id: )\d+", r"\1<id>", text)
    text = re.sub(r"\b(part-\d{5}-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", r"\1<uuid>", text)
    text = re.sub(r"^(\s+\.\.\. )\d+( elided)$", r"\1<n>\2", text, flags=re.M)
    ids = [int(m.group(2)) for m in RDD_ID.finditer(text)]
    if ids:
        base = ids[0]
        text = RDD_ID.sub(lambda m: f"{m.group(1)}[{int(m.group(2)) - base}]", text)
    return text


def shift_res(text, by):
    return RES.sub(lambda m: f"res{int(m.group(1)) - by}", text)


SPARK_ERROR = re.compile(r"^<console>:\d+: error:|^\s+\.\.\. \d+ elided$|^\s+at \S+\(.*\)$", re.M)


def spark_failed(output):
    """Whether a spark-shell cell output shows a compile error or an exception."""
    return bool(SPARK_ERROR.search(output))


# ---- the two sides --------------------------------------------------------------------------------

class SparkSide:
    """One spark-shell session for many programs; a session that stops answering is replaced."""

    def __init__(self):
        self.shell = None

    def run(self, program):
        """[output of each cell] (res numbers shifted to a fresh session's), or raises. A program
        marked `// session: fresh` runs in a spark-shell of its own, started for it and closed after."""
        if program.fresh_session:
            own = SparkSide()
            try:
                return own.run_shared(program)
            finally:
                own.close()
        return self.run_shared(program)

    def run_shared(self, program):
        """run() in this side's session."""
        if self.shell is None:
            self.shell = run_scala.SparkShell()
        program.make_tmp(self.shell.workdir)
        try:
            outs = self.shell.run(program.cells_for(), timeout=CELL_TIMEOUT)
            starts = self.shell.res_starts
            self.shell.run([SPARK_CLEANUP], timeout=CELL_TIMEOUT)
        except (TimeoutError, RuntimeError):
            self.close()
            raise
        # cell c of the program: the program's first res number, and one marker per earlier cell
        return [shift_res(o, starts[0] + c).rstrip("\n") for c, o in enumerate(outs)]

    def close(self):
        if self.shell is not None:
            self.shell.close()
            self.shell = None


def spark_outputs(programs):
    """{program name: [output of each cell]} from one spark-shell session (as pytest's fixture)."""
    side = SparkSide()
    try:
        return {p.name: side.run(p) for p in programs}
    finally:
        side.close()


class KernelResult:
    def __init__(self, outputs, error_cells, failure=None):
        self.outputs = outputs            # [text of each cell]
        self.error_cells = error_cells    # indexes of the cells that sent an error message
        self.failure = failure            # a timeout or a dead kernel, else None


def kernel_run(kernel_name, program, cwd):
    """The text a notebook shows for each cell of the program, run in a fresh kernel in the
    directory cwd: streams, displays' and execute_result's text/plain and error tracebacks in the
    order they came (the timeline left out: see the module's docstring). The kernel is found
    through JUPYTER_PATH under kernel_name."""
    from jupyter_client import KernelManager
    cells = program.cells_for()
    program.make_tmp(cwd)
    km = KernelManager(kernel_name=kernel_name)
    km.ip = "127.0.0.1"
    km.start_kernel(env=dict(os.environ, TZ="UTC", MASTER="local[2]"), cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    outs, errors = [], []
    try:
        kc.wait_for_ready(timeout=30)
        for i, cell in enumerate(cells):
            parts = []

            def hook(msg, parts=parts, i=i):
                c, t = msg["content"], msg["msg_type"]
                if t == "stream":
                    parts.append(c["text"])
                elif t == "execute_result":
                    parts.append(c["data"].get("text/plain", "") + "\n")
                elif t == "display_data" and not c.get("transient", {}).get("display_id"):
                    parts.append(c["data"].get("text/plain", ""))
                elif t == "error":
                    parts.append("\n".join(c["traceback"]) + "\n")
                    errors.append(i)
            try:
                kc.execute_interactive(cell, timeout=CELL_TIMEOUT, output_hook=hook)
            except TimeoutError:
                outs.append("".join(parts).rstrip("\n"))
                return KernelResult(outs, errors, f"cell {i + 1} timed out after {CELL_TIMEOUT} s")
            outs.append("".join(parts).rstrip("\n"))
        return KernelResult(outs, errors)
    except RuntimeError as e:     # the kernel died or never answered
        return KernelResult(outs, errors, f"kernel failed: {e}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def diff(spark, kernel):
    return "\n".join(difflib.unified_diff(spark.splitlines(), kernel.splitlines(),
                                          "spark-shell", "kernel", lineterm=""))


def first_difference(spark, kernel):
    """(cell number, Spark's line, the kernel's line) of the first differing line of two programs'
    normalised outputs, or None when they are equal."""
    for c, (s, k) in enumerate(zip(spark, kernel)):
        if s == k:
            continue
        sl, kl = s.splitlines(), k.splitlines()
        for j in range(max(len(sl), len(kl))):
            a = sl[j] if j < len(sl) else "(nothing)"
            b = kl[j] if j < len(kl) else "(nothing)"
            if a != b:
                return c + 1, a, b
    if len(spark) != len(kernel):
        return min(len(spark), len(kernel)) + 1, "(cell ran)", "(cell did not run)"
    return None


def differing_cells(spark, kernel):
    """The numbers of the cells whose normalised outputs differ (a cell only one side ran too)."""
    s = [normalise(o) for o in spark]
    k = [normalise(o) for o in kernel]
    return [c + 1 for c in range(max(len(s), len(k)))
            if c >= len(s) or c >= len(k) or s[c] != k[c]]


def classify(program, spark, kres):
    """(result, first difference or None) of a program from both sides' raw outputs: the first
    differing cell where only the kernel raised an error makes it unsupported, else the first where
    only Spark did (and the program expects none) spark-error, else differs; the difference shown
    is that cell's first differing line."""
    s = [normalise(o) for o in spark]
    k = [normalise(o) for o in kres.outputs]
    first = first_difference(s, k)
    if kres.failure:
        return "unsupported", first or (len(k), "", kres.failure)
    if first is None:
        return "same", None
    for cell in [c - 1 for c in differing_cells(spark, kres.outputs) if c <= min(len(s), len(k))]:
        spark_err = spark_failed(spark[cell])
        kernel_err = cell in kres.error_cells
        if kernel_err != spark_err and (kernel_err or not program.expects_error):
            _, sl, kl = first_difference([s[cell]], [k[cell]])
            return ("unsupported" if kernel_err else "spark-error"), (cell + 1, sl, kl)
    return "differs", first


# ---- the CLI: all programs, docs/spark-compat.md --------------------------------------------------

def jupyter_path(root):
    """A kernelspec `dstream-spark-diff` for the kernel binary under root (a JUPYTER_PATH)."""
    import json
    binary = os.environ.get("DSTREAM_KERNEL") or str(REPO / "kernel" / "dstream-kernel")
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"spark_diff.py: kernel binary {binary} is missing (run make, or set DSTREAM_KERNEL)")
    d = pathlib.Path(root) / "kernels" / "dstream-spark-diff"
    d.mkdir(parents=True)
    (d / "kernel.json").write_text(json.dumps({
        "argv": [binary, "-f", "{connection_file}"], "display_name": "dstream spark-diff",
        "language": "scala", "interrupt_mode": "message"}))
    os.environ["JUPYTER_PATH"] = str(root) + os.pathsep + os.environ.get("JUPYTER_PATH", "")


# Why a program that is not same differs: the remaining differences, listed below the table (a
# program that becomes same drops out of the list by itself).
REASONS = {
    "dstream-window-not-multiple": "deliberate: spark-shell goes on with the lines after one that failed "
                                   "(here ssc.start() then reports no output operations); a notebook cell "
                                   "stops at its first error",
    "example-PageViewStream": "spark-shell did not answer within 120 s: the Spark side, not the kernel",
}


# docs/spark-compat.md goes on by hand from this heading (the audit of issue 12's list): a rewrite
# of the table keeps it
KEPT_SECTION = "## Issue 12's list, item by item"


def md_cell(text, limit=90):
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`" if text else "(empty)"


def table_line(row):
    name, source, result, cells, first = row
    where = "" if first is None else f"{first[0]}: {md_cell(first[1])} / {md_cell(first[2])}"
    return f"| {name} | {source.replace('|', '/')} | {result} | {','.join(map(str, cells))} | {where} |"


def read_table(path):
    """{program: its table line} and the run line of an earlier docs/spark-compat.md."""
    lines, run = {}, ""
    for line in pathlib.Path(path).read_text().splitlines():
        if line == KEPT_SECTION:       # the hand-written audit below holds no corpus rows
            break
        if line.startswith("Run "):
            run = line
        cols = line.split(" | ")
        if line.startswith("| ") and len(cols) >= 3 and cols[0] != "| program" and not line.startswith("| ---"):
            lines[cols[0][2:]] = line
    return lines, run


def line_result(line):
    return line.split(" | ")[2]


def write_table(path, rows, seconds, command, keep=None, run_line=None):
    """The Markdown table of rows (tuples as main makes them) and, when keep is given, of keep's
    lines ({program: line} of an earlier table) for the programs not in rows."""
    lines = {r[0]: table_line(r) for r in rows}
    for name, line in (keep or {}).items():
        lines.setdefault(name, line)
    names = sorted(lines)
    totals = {}
    for name in names:
        result = line_result(lines[name])
        totals[result] = totals.get(result, 0) + 1
    n = len(names)
    order = ["same", "differs", "unsupported", "spark-error"]
    out = [
        "# Compatibility with spark-shell 3.5: the differential corpus",
        "",
        "Generated by `tests/spark/spark_diff.py` (do not edit by hand). Every program of",
        "`tests/spark/corpus/` ran with the same text in one real spark-shell session (Spark 3.5,",
        "`local[2]`) and in a fresh kernel (`MASTER=local[2]`); outputs were compared cell by cell after",
        "normalising only batch times, object hashes, res numbers, `<console>` lines, elided frame",
        "counts, RDD ids and part files' UUIDs (the list is in the script's docstring).",
        "",
        "- **same**: byte-identical after normalising",
        "- **differs**: some output differs",
        "- **unsupported**: the kernel raised an error (or timed out) where Spark did not",
        "- **spark-error**: Spark raised an error the program does not expect and the kernel did not",
        "",
        (run_line.split(":")[0] if run_line else
         f"Run {datetime.date.today().isoformat()} with `{command}` in {seconds:.0f} s") + ": "
        + ", ".join(f"{totals.get(k, 0)} {k}" for k in order)
        + f" of {n} programs ({100.0 * totals.get('same', 0) / max(n, 1):.0f}% same).",
        "",
        "| program | source | result | cells differing | first differing line (cell: Spark / kernel) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in names:
        out.append(lines[name])
    rest = [name for name in names if line_result(lines[name]) != "same"]
    if rest:
        out += ["", "## The remaining differences", ""]
        out += [f"- **{name}** ({line_result(lines[name])}): {REASONS.get(name) or 'not analysed yet'}" for name in rest]
    # the hand-written sections below the generated part (from KEPT_SECTION on) stay as they are
    old = pathlib.Path(path).read_text() if pathlib.Path(path).exists() else ""
    kept = old.find("\n" + KEPT_SECTION)
    tail = old[kept:].rstrip("\n") + "\n" if kept >= 0 else ""
    pathlib.Path(path).write_text("\n".join(out) + "\n" + tail)
    return totals


def main():
    ap = argparse.ArgumentParser(description="Run the corpus on spark-shell and the kernel; write the table.")
    ap.add_argument("names", nargs="*", help="programs (default: all of tests/spark/corpus)")
    ap.add_argument("--out", help="write the Markdown table here (e.g. docs/spark-compat.md)")
    ap.add_argument("--diffs", action="store_true", help="print the full diff of every program that is not same")
    ap.add_argument("--update", metavar="TABLE", help="rerun the programs named and replace their rows in TABLE")
    a = ap.parse_args()
    if a.update and not a.names:
        ap.error("--update reruns the programs named: name some (all of them: --out)")
    programs = load(a.names or None)
    t0 = time.perf_counter()
    work = tempfile.mkdtemp(prefix="dstream-spark-diff-")
    jupyter_path(os.path.join(work, "jupyter"))
    spark_side = SparkSide()
    kernel_cwd = os.path.join(work, "kernel")

    def kernel_side(p):
        return kernel_run("dstream-spark-diff", p, kernel_cwd)

    rows = []
    try:
        # the kernels run in a second thread while spark-shell works through the programs
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            kernel_futures = [pool.submit(kernel_side, p) for p in programs]
            for p, fut in zip(programs, kernel_futures):
                try:
                    spark = spark_side.run(p)
                except (TimeoutError, RuntimeError) as e:
                    spark = None
                    spark_fail = str(e).splitlines()[0]
                    if a.diffs:      # what spark-shell printed before it stopped answering
                        print(f"--- spark-shell failed on {p.name}:\n{e}", flush=True)
                kres = fut.result()
                if spark is None:
                    result, first, cells = "spark-error", (1, spark_fail, ""), [1]
                else:
                    result, first = classify(p, spark, kres)
                    cells = differing_cells(spark, kres.outputs)
                rows.append((p.name, p.source, result, cells, first))
                print(f"{result:12} {p.name} {cells}" + ("" if first is None else f"  [cell {first[0]}] {first[1]!r} / {first[2]!r}"),
                      flush=True)
                if a.diffs and result != "same" and spark is not None:
                    for c, (s, k) in enumerate(zip(spark, kres.outputs)):
                        if normalise(s) != normalise(k):
                            print(f"--- cell {c + 1}\n{diff(normalise(s), normalise(k))}")
    except run_scala.SparkMissing as e:
        print(f"spark_diff.py: {e}", file=sys.stderr)
        return 2
    finally:
        spark_side.close()
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - t0
    totals = {}
    for r in rows:
        totals[r[2]] = totals.get(r[2], 0) + 1
    if a.update:
        keep, run = read_table(a.update)
        run = (run.split(":")[0].split("; ")[0] if run else "Run with `make spark-diff`") + (
            f"; some rows rerun since with `spark_diff.py --update` (last {datetime.date.today().isoformat()})")
        totals = write_table(a.update, rows, seconds, "make spark-diff", keep=keep, run_line=run + ":")
        print(f"updated {a.update}")
    elif a.out:
        totals = write_table(a.out, rows, seconds, "make spark-diff")
        print(f"wrote {a.out}")
    print(f"{len(rows)} programs in {seconds:.0f} s: " + ", ".join(f"{v} {k}" for k, v in sorted(totals.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
