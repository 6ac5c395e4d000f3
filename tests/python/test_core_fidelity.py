"""test_core_fidelity.py — RDD and DStream results as spark-shell 3.5 prints them (issue 12): the
order of keys after joins, cogroup, distinct, subtract, intersection, sortByKey, partitionBy and
the counts (countByKey, countByValue as Scala Maps), case-class and null keys, DStream groupByKey
and windows, and the Spark API that programs use (StorageLevel, HashPartitioner, TaskContext …).

Each program, tests/python/core_fidelity/NAME.scala, runs in the kernel (`dstream-kernel --run`,
MASTER=local[2], so defaultParallelism and the partitions of every shuffle are 2 as in spark-shell
--master local[2]). NAME.out is what real spark-shell printed for the same program, recorded with
`.venv/bin/python tests/spark/run_scala.py NAME.scala` (Spark 3.5.5 from the pyspark package,
local[2]). Normalised on both sides, nothing else:
  - the REPL's echo of definitions (`val x: T = …`, `resN: T = …`, `defined class …`): the
    programs print their results with println, so what is compared is Spark's text;
  - batch times (`Time: N ms` → `Time: N`).
The DStream programs end differently on the two sides: spark-shell ran `ssc.start();
ssc.awaitTerminationOrTimeout(…)` and NAME.out keeps its first batches; the kernel runs the same
batches with ssc.step() (its deterministic clock), so no timing is involved. spark-shell's
compiler warning for `new StreamingContext` ("warning: one deprecation …") is left out.
(tests/python/test_spark_diff.py runs spark-shell itself; these run without Java.)
"""

import os
import pathlib
import re
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
PROGRAMS = pathlib.Path(__file__).resolve().parent / "core_fidelity"
# `name: Type = value`, `name: (params)Result` (a def), `defined class X`
ECHO = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*: (.* = .*|\(.*\).*)|defined (class|object|trait) .*)$")


def kernel_binary():
    return os.environ.get("DSTREAM_KERNEL") or str(REPO / "kernel" / "dstream-kernel")


def run_kernel(tmp_path, text):
    src = tmp_path / "cell.scala"
    src.write_text(text)
    env = dict(os.environ, MASTER="local[2]")
    env.pop("SPARK_CONF_DIR", None)
    return subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)


def normalised(stdout):
    out = "\n".join(line for line in stdout.splitlines() if not ECHO.match(line)) + "\n"
    return re.sub(r"(?m)^Time: \d+ ms$", "Time: N", out)


# pair-ops: joins and cogroup in the CoGroupedRDD's order, outer sides as Option; countByKey and
#   countByValue as Scala Maps (a HashTrieMap's order past 4 keys); distinct in reduceByKey's
#   order; subtract in java.util.HashMap's; sortByKey(false) stable; partitionBy; groupBy
# keys: case-class keys (productHash), null keys (hash 0, first in their partition), subtract,
#   intersection, subtractByKey, HashPartitioner
# api: StorageLevel and persist, HashPartitioner, Duration(ms), SparkContext.getOrCreate,
#   sc.getConf, AccumulatorV2's members, TaskContext
# dstream-batches: three batches; DStream.groupByKey and groupByKeyAndWindow in ArrayBuffers,
#   windows (with and without an inverse function), joins and counts in Spark's key order
# combine: combineByKey, aggregateByKey (and its numPartitions), foldByKey: per-partition combiners
#   merged in partition order, keys in reduceByKey's order
# state: updateStateByKey (with numPartitions, a HashPartitioner, an initialRDD), mapWithState and
#   its stateSnapshots over three batches: keys in the cogroup, partition and state-map orders
# state-timeout: the DStream-Concepts notebook's mapWithState with a timeout, checkpointed every
#   batch (Spark then reads each batch's state back from its checkpoint: one map again), 7 batches
# checkpoint-only-for-outputs: a join of a reduced RDD (the DStream-Concepts notebook's), then a
#   stateful stream that feeds no output: Spark asks for a checkpoint directory only for streams
#   an output reaches (two batches)
@pytest.mark.parametrize("name", sorted(p.stem for p in PROGRAMS.glob("*.scala")))
def test_same_as_spark_shell(tmp_path, name):
    p = run_kernel(tmp_path, (PROGRAMS / f"{name}.scala").read_text())
    assert p.returncode == 0, p.stderr
    assert normalised(p.stdout) == (PROGRAMS / f"{name}.out").read_text()


# spark-shell's first line for `new SparkContext(new SparkConf().setAppName("y").setMaster("local[2]"))`,
# `new StreamingContext(conf, Seconds(2))` and Spark 0.9's `new StreamingContext("local[2]", "app",
# Seconds(1), null, Nil)`: its context is the only one
SECOND_CONTEXT = ("org.apache.spark.SparkException: Only one SparkContext should be running in this JVM "
                  "(see SPARK-2243).The currently running SparkContext was created at:")


@pytest.mark.parametrize("code", [
    'val sc3 = new SparkContext(new SparkConf().setAppName("y").setMaster("local[2]"))',
    'val ssc = new StreamingContext(new SparkConf(), Seconds(2))',
    'val ssc3 = new StreamingContext("local[2]", "app", Seconds(1), null, Nil)',
])
def test_a_second_context_is_refused_as_spark_shell_does(tmp_path, code):
    p = run_kernel(tmp_path, "import org.apache.spark._\nimport org.apache.spark.streaming._\n" + code + "\n")
    assert p.returncode == 1
    lines = p.stderr.splitlines()
    if "StreamingContext(" in code:   # spark-shell's compiler warns first (DStreams are deprecated)
        assert lines[0].startswith("warning: one deprecation (since Spark 3.4.0)"), lines
        lines = lines[1:]
    assert lines[0] == SECOND_CONTEXT
