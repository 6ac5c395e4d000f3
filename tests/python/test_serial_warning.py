"""test_serial_warning.py — the kernel's warning for DStream closures that spark-shell 3.5 cannot
serialize (issue 12: "Closures that Spark would reject (`Task not serializable`) get a warning";
kernel/spark/streaming/serial_warn.c, kernel/lang/captures.c).

Every program below was run in real spark-shell 3.5.5 (local[2], tests/spark/run_scala.py, one line
a REPL line as spark-shell reads a cell) before it was written here; FAILS says what Spark did:
  "checkpoint"  start() threw java.io.NotSerializableException: DStream checkpointing has been
                enabled but the DStreams with their functions are not serializable
  "task"        org.apache.spark.SparkException: Task not serializable
  None          it ran and printed its batches
The kernel must warn (on stderr, naming the line of the function and Spark's exception) exactly for
the programs Spark failed, and stay silent for the forms that work.
"""

import os
import subprocess

import pytest

from conftest import kernel_binary

SETUP = """import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
{ssc} ssc = new StreamingContext(sc, Seconds(1))
{ckpt}
val queue = new mutable.Queue[RDD[(String, Int)]]()
for (batch <- Seq(Seq(("a", 1), ("b", 2), ("a", 3)), Seq(("b", 4), ("c", 5)))) queue += sc.makeRDD(batch)
{lines} lines = ssc.queueStream(queue)
"""
RUN = "ssc.step(2)\nssc.stop(stopSparkContext = false)\n"

UPD = "def upd(vs: Seq[Int], s: Option[Int]): Option[Int] = Some(vs.sum + s.getOrElse(0))\n"
COUNTER = "lines.print()\nvar batches = 0\nlines.foreachRDD(rdd => batches += 1)"
ACC = 'lines.print()\nval acc = sc.longAccumulator("seen")\n'

# name: (ssc val, lines val, checkpointing, the program's operations, FAILS, the line of the function)
CASES = {
    "counter-var": ("val", "val", True, COUNTER, "checkpoint", 11),
    "counter-var-transient-ssc": ("@transient val", "val", True, COUNTER, None, 0),
    "counter-accumulator": ("val", "val", True, 'lines.print()\nval nb = sc.longAccumulator("batches")\nlines.foreachRDD(rdd => nb.add(1))', "checkpoint", 11),
    "def-eta": ("val", "val", True, UPD + "lines.updateStateByKey[Int](upd _).print()", "checkpoint", 9),
    "def-eta-transient-ssc-only": ("@transient val", "val", True, UPD + "lines.updateStateByKey[Int](upd _).print()", "task", 9),
    "def-eta-all-transient": ("@transient val", "@transient val", True, UPD + "lines.updateStateByKey[Int](upd _).print()\n" + COUNTER.replace("lines.print()\n", ""), None, 0),
    "function-value": ("val", "val", True, "val upd = (vs: Seq[Int], s: Option[Int]) => Some(vs.sum + s.getOrElse(0))\n"
                       "lines.updateStateByKey[Int](upd).print()", None, 0),
    "inline-lambda": ("val", "val", True, "lines.updateStateByKey[Int]((vs: Seq[Int], s: Option[Int]) => Some(vs.sum + s.getOrElse(0))).print()", None, 0),
    "mapWithState-def": ("val", "val", True, "def track(k: String, v: Option[Int], s: State[Int]): (String, Int) = { s.update(v.getOrElse(0)); (k, v.getOrElse(0)) }\n"
                         "lines.mapWithState(StateSpec.function(track _)).print()", "checkpoint", 9),
    "foreachRDD-no-capture": ("val", "val", True, "lines.foreachRDD(rdd => println(rdd.count))", None, 0),
    "map-captures-val": ("val", "val", False, "val k = 10\nlines.map(kv => kv._2 * k).print()", "task", 10),
    "map-captures-val-transient-ssc": ("@transient val", "val", True, "val k = 10\nlines.map(kv => kv._2 * k).print()", "task", 10),
    "map-captures-val-all-transient": ("@transient val", "@transient val", True, "val k = 10\nlines.map(kv => (kv._1, kv._2 * k)).print()", None, 0),
    "counter-var-no-checkpoint": ("val", "val", False, COUNTER, None, 0),
    "transform-no-capture": ("val", "val", True, "lines.transform(rdd => rdd.filter(_._2 > 2)).print()", None, 0),
    "accumulator-in-task": ("val", "val", False, ACC + "lines.foreachRDD(rdd => rdd.foreach(x => acc.add(x._2)))", "task", 11),
    "accumulator-local-copy": ("val", "val", False, ACC + "lines.foreachRDD { rdd => val seen = acc; rdd.foreach(x => seen.add(x._2)) }", None, 0),
    "collect-then-driver-lambda": ("val", "val", False, "lines.print()\nvar total = 0\n"
                                   "lines.foreachRDD(rdd => rdd.collect().foreach(kv => total += kv._2))", None, 0),
}

SPARK_SAYS = {
    "checkpoint": "java.io.NotSerializableException: DStream checkpointing has been enabled but the DStreams "
                  "with their functions are not serializable",
    "task": "org.apache.spark.SparkException: Task not serializable",
}


def run(tmp_path, name):
    ssc, lines, ckpt, ops, _, _ = CASES[name]
    src = tmp_path / f"{name}.scala"
    src.write_text(SETUP.format(ssc=ssc, lines=lines, ckpt=f'ssc.checkpoint("{tmp_path}/ckpt")' if ckpt else "")
                   + ops + "\n" + RUN)
    env = dict(os.environ, MASTER="local[2]")
    env.pop("SPARK_CONF_DIR", None)
    return subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_warns_exactly_where_spark_shell_fails(tmp_path, name):
    r = run(tmp_path, name)
    fails, line = CASES[name][4], CASES[name][5]
    warnings = [w for w in r.stderr.splitlines() if w.startswith("warning: line ")]
    assert r.returncode == 0 and "lines: " in r.stdout, r.stdout + r.stderr   # it runs all the same
    if fails is None:
        assert warnings == [], warnings
    else:
        assert len(warnings) == 1, r.stderr
        assert warnings[0].startswith(f"warning: line {line}: "), warnings[0]
        assert SPARK_SAYS[fails] in warnings[0]
        assert "@transient" in warnings[0] or "local val" in warnings[0]      # the fix


def test_a_context_made_in_a_def_is_not_warned_about(tmp_path):
    """RecoverableNetworkWordCount's shape (getOrCreate(dir, createContext _)): no top-level val
    holds the context, and spark-shell runs it (tests/spark/corpus/example-RecoverableNetworkWordCount)."""
    src = tmp_path / "recoverable.scala"
    src.write_text(f"""import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val queue = new mutable.Queue[RDD[String]]()
queue += sc.makeRDD(Seq("a b", "b"))
var batches = 0
def createContext(): StreamingContext = {{
  val ssc = new StreamingContext(sc, Seconds(1))
  ssc.checkpoint("{tmp_path}/ckpt")
  ssc.queueStream(queue).flatMap(_.split(" ")).foreachRDD(rdd => batches += 1)
  ssc
}}
val context = StreamingContext.getOrCreate("{tmp_path}/ckpt", createContext _)
context.step(1)
context.stop(stopSparkContext = false)
batches
""")
    env = dict(os.environ, MASTER="local[2]")
    r = subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert "res" in r.stdout and "Int = 1" in r.stdout, r.stdout + r.stderr
    assert "warning: line" not in r.stderr, r.stderr


# RDD functions (issue 12), each run in spark-shell 3.5.5 (local[2]) first: a top-level val holding an
# instance of a plain class fails map's closure check with Task not serializable
# (java.io.NotSerializableException: NotSer); a case class and a class extending Serializable run.
RDD_CASES = {
    "plain-class": ("class NotSer(val k: Int)\nval ns = new NotSer(2)\n", "NotSer", True),
    "case-class": ("case class P(k: Int)\nval ns = P(2)\n", "P", False),
    "extends-serializable": ("class S(val k: Int) extends Serializable\nval ns = new S(2)\n", "S", False),
}


@pytest.mark.parametrize("name", sorted(RDD_CASES))
def test_rdd_function_over_an_unserializable_instance_is_warned_about(tmp_path, name):
    setup, cls, fails = RDD_CASES[name]
    src = tmp_path / f"{name}.scala"
    src.write_text(setup + "sc.parallelize(1 to 3).map(_ * ns.k).collect()\n")
    env = dict(os.environ, MASTER="local[2]")
    r = subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert "Array[Int] = Array(2, 4, 6)" in r.stdout, r.stdout + r.stderr     # it runs all the same
    warnings = [w for w in r.stderr.splitlines() if w.startswith("warning: line ")]
    if not fails:
        assert warnings == [], warnings
    else:
        assert len(warnings) == 1, r.stderr
        assert warnings[0].startswith("warning: line 3: the function of map uses `ns`, an instance of class NotSer")
        assert "Task not serializable (java.io.NotSerializableException: NotSer)" in warnings[0]
        assert "extends Serializable" in warnings[0]


NOTEBOOK = os.path.join(os.path.dirname(__file__), "..", "..", "notebooks", "DStream-Concepts.ipynb")
# the checkpointing lessons of DStream-Concepts (first line of the cell → the cells after it that
# run the batches); spark-shell 3.5 runs them as written (with start() and a stop after the same
# batches instead of step(), which is this kernel's), and failed them before their vals were @transient
LESSONS = ['ssc.checkpoint("/tmp/dstream-concepts/ckpt-window")', 'ssc.checkpoint("/tmp/dstream-concepts/ckpt-reduce")',
           'ssc.checkpoint("/tmp/dstream-concepts/ckpt-update")', 'ssc.checkpoint("/tmp/dstream-concepts/ckpt-mapwithstate")']


def notebook_program(marker):
    import json
    cells = [c for c in json.load(open(NOTEBOOK))["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    i = next(k for k, s in enumerate(sources) if marker in s)
    program = [sources[0] if sources[0].startswith("import") else next(s for s in sources if s.startswith("import org.apache.spark.streaming"))]
    program.append(sources[i])
    if "ssc.step" not in sources[i]:
        program.append(sources[i + 1])
    return "\n".join(program) + "\n"


@pytest.mark.parametrize("marker", LESSONS)
def test_the_notebooks_checkpointing_cells_get_no_warning_and_their_old_form_does(tmp_path, marker):
    program = notebook_program(marker).replace("/tmp/dstream-concepts", str(tmp_path))
    env = dict(os.environ, MASTER="local[2]")
    env.pop("SPARK_CONF_DIR", None)
    for text, warned in ((program, False), (program.replace("@transient ", ""), True)):
        src = tmp_path / "cell.scala"
        src.write_text(text)
        r = subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
        assert r.returncode == 0 and "ssc: " in r.stdout and "Exception" not in r.stdout, r.stdout + r.stderr
        assert ("warning: line " in r.stderr) == warned, r.stderr
