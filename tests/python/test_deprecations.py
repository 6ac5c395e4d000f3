"""test_deprecations.py — spark-shell's deprecation warnings, as the kernel prints them.

spark-shell compiles each REPL unit (the statements typed on one line, or one statement over
several lines) before running it, and prints a summary of the deprecated symbols it uses:
`warning: one deprecation (since Spark 3.4.0); for details, enable ...` — for every use of the
StreamingContext class or object (Spark 3.4 deprecated DStreams), `spark.read.json` of an RDD
(2.2.0), `registerTempTable` (2.0.0); several `since` versions give one line each and a total.

The expected texts were printed by spark-shell 3.5.5 (pyspark 3.5.5, Scala 2.12.18, local[2], the
Kafka 0-10 connector on the class path) through tests/spark/run_scala.py, one session, the cells
in this order. The test compares, in order, each warning block and the first word of the line
printed after it (the unit's echo), so a warning must come in the right unit with the right text;
the echo lines themselves are the business of the other fidelity tests.
"""

from test_scala_fidelity import shown as scala_shown

CELLS = [
    ("import org.apache.spark.streaming._\nimport org.apache.spark.streaming.kafka010._\n"
     "val s5 = StreamingContext.getActive; val t5 = StreamingContext.getActive; val u5 = StreamingContext.getActive; "
     "val v5 = StreamingContext.getActive; val w5 = StreamingContext.getActive\n"
     "val s6: StreamingContext = null; val t6: StreamingContext = null; val u6: StreamingContext = null; "
     "val v6: StreamingContext = null; val w6: StreamingContext = null; val x6: StreamingContext = null",
     """import org.apache.spark.streaming._
import org.apache.spark.streaming.kafka010._
warning: 5 deprecations (since Spark 3.4.0); for details, enable `:setting -deprecation' or `:replay -deprecation'
s5: Option[org.apache.spark.streaming.StreamingContext] = None
t5: Option[org.apache.spark.streaming.StreamingContext] = None
u5: Option[org.apache.spark.streaming.StreamingContext] = None
v5: Option[org.apache.spark.streaming.StreamingContext] = None
w5: Option[org.apache.spark.streaming.StreamingContext] = None
warning: 6 deprecations (since Spark 3.4.0); for details, enable `:setting -deprecation' or `:replay -deprecation'
s6: org.apache.spark.streaming.StreamingContext = null
t6: org.apache.spark.streaming.StreamingContext = null
u6: org.apache.spark.streaming.StreamingContext = null
v6: org.apache.spark.streaming.StreamingContext = null
w6: org.apache.spark.streaming.StreamingContext = null
x6: org.apache.spark.streaming.StreamingContext = null"""),
    # a def over several lines is one unit; the lambda's rdd is an RDD from foreachRDD's signature
    ("""def make(): StreamingContext = {
  val c = new StreamingContext(sc, Seconds(1))
  val q = scala.collection.mutable.Queue[org.apache.spark.rdd.RDD[String]]()
  c.queueStream(q).foreachRDD { rdd =>
    val df = spark.read.json(rdd)
    df.count()
  }
  c
}""",
     """warning: one deprecation (since 2.2.0)
warning: two deprecations (since Spark 3.4.0)
warning: three deprecations in total; for details, enable `:setting -deprecation' or `:replay -deprecation'
make: ()org.apache.spark.streaming.StreamingContext"""),
    ("""val lines = sc.parallelize(Seq(\"\"\"{"a":1}\"\"\"))
val j1 = spark.read.json(lines.map(_.trim))
val j2 = spark.sqlContext.read.json(lines)
j1.registerTempTable("t1")""",
     """lines: org.apache.spark.rdd.RDD[String] = ParallelCollectionRDD[0] at parallelize at <console>:29
warning: one deprecation (since 2.2.0); for details, enable `:setting -deprecation' or `:replay -deprecation'
j1: org.apache.spark.sql.DataFrame = [a: bigint]
warning: one deprecation (since 2.2.0); for details, enable `:setting -deprecation' or `:replay -deprecation'
j2: org.apache.spark.sql.DataFrame = [a: bigint]
warning: one deprecation (since 2.0.0); for details, enable `:setting -deprecation' or `:replay -deprecation'"""),
    ("""val ssc2: StreamingContext = StreamingContext.getActiveOrCreate(() => new StreamingContext(sc, Seconds(1)))
ssc2.stop(false)
class Holder(val c: StreamingContext)""",
     """warning: three deprecations (since Spark 3.4.0); for details, enable `:setting -deprecation' or `:replay -deprecation'
ssc2: org.apache.spark.streaming.StreamingContext = org.apache.spark.streaming.StreamingContext@4693a0fc
warning: one deprecation (since Spark 3.4.0); for details, enable `:setting -deprecation' or `:replay -deprecation'
defined class Holder"""),
]

def shown(msgs):
    """stdout, stderr and the result, in the order a notebook shows them."""
    return scala_shown(msgs, ("stdout", "stderr"))


def warnings_in_place(text):
    """[(warning block, the first word of the line after it)] of a cell's output."""
    lines, blocks, i = text.strip("\n").split("\n"), [], 0
    while i < len(lines):
        if lines[i].startswith("warning: "):
            block = []
            while i < len(lines) and lines[i].startswith("warning: "):
                block.append(lines[i])
                i += 1
            after = lines[i].split(":")[0].split(" ")[0] if i < len(lines) else None
            blocks.append(("\n".join(block), after))
        else:
            i += 1
    return blocks


def test_warnings_as_spark_shell(run):
    problems = []
    for code, want in CELLS:
        reply, msgs = run(code)
        got = shown(msgs)
        if warnings_in_place(got) != warnings_in_place(want):
            problems.append(f"--- cell:\n{code}\n--- spark-shell 3.5.5:\n{want}\n--- kernel:\n{got}")
    assert not problems, "\n\n".join(problems)


def test_no_warning_for_what_is_not_deprecated(run):
    """Imports, a StreamingContext's own methods and RDDs warn nothing (spark-shell 3.5.5 printed
    no warning for such lines); naming the object does."""
    run("import org.apache.spark.streaming._\nval live = new StreamingContext(sc, Seconds(1))")
    code = """import org.apache.spark.streaming.StreamingContext
val n = sc.parallelize(Seq(1, 2)).count
val appName = live.sparkContext.appName
val none = StreamingContext.getActive.isEmpty"""
    reply, msgs = run(code)
    got = shown(msgs)
    assert warnings_in_place(got) == [
        ("warning: one deprecation (since Spark 3.4.0); for details, enable `:setting -deprecation' "
         "or `:replay -deprecation'", "none")], got


def test_warning_goes_to_stderr_before_the_units_output(run):
    run("import org.apache.spark.streaming._")
    reply, msgs = run('println("first"); val c = StreamingContext.getActive')
    streams = [(m["content"]["name"], m["content"]["text"]) for m in msgs if m["msg_type"] == "stream"]
    assert streams and streams[0][0] == "stderr" and streams[0][1].startswith("warning: one deprecation"), streams
    assert any(name == "stdout" and "first" in text for name, text in streams[1:]), streams
