"""test_imports.py — names Spark's and Kafka's packages provide need their import, as in
spark-shell 3.5 (whose default imports are only SparkContext._, spark.implicits._, spark.sql and
org.apache.spark.sql.functions._): a notebook that runs here must not fail on a cluster for a
missing import. A unit that uses one unimported fails to compile, nothing of it runs, and the
session goes on; imports of packages that do not exist say which segment is missing (the members
of Spark's packages are known: kernel/spark/package_members.c).

Expected texts: spark-shell 3.5.5 (pyspark 3.5.5, Scala 2.12.18, local[2], tests/spark/run_scala.py),
a fresh session, these cells in this order; every error of a unit is listed, as spark-shell does.
"""

from test_deprecations import shown  # stdout and stderr in order
from test_scala_fidelity import normalise

CELLS = [
    ("val s = new StreamingContext(sc, Seconds(1))",
     "<console>:23: error: not found: type StreamingContext\n       val s = new StreamingContext(sc, Seconds(1))\n                   ^\n"
     "<console>:23: error: not found: value Seconds\n       val s = new StreamingContext(sc, Seconds(1))\n                                        ^"),
    ("KafkaUtils",
     "<console>:23: error: not found: value KafkaUtils\n       KafkaUtils\n       ^"),
    ("val t: StreamingContext = null",
     "<console>:22: error: not found: type StreamingContext\n       val t: StreamingContext = null\n              ^"),
    ("import org.apache.foo._",
     "<console>:22: error: object foo is not a member of package org.apache\n       import org.apache.foo._\n                         ^"),
    ("import foo.bar._",
     "<console>:22: error: not found: value foo\n       import foo.bar._\n              ^"),
    ("val x = col(\"a\")", "x: org.apache.spark.sql.Column = a"),
    ("val p = PreferConsistent",
     "<console>:22: error: not found: value PreferConsistent\n       val p = PreferConsistent\n               ^"),
    ("val d = StorageLevel.MEMORY_ONLY",
     "<console>:22: error: not found: value StorageLevel\n       val d = StorageLevel.MEMORY_ONLY\n               ^"),
    ("val h = new HashPartitioner(2)",
     "<console>:22: error: not found: type HashPartitioner\n       val h = new HashPartitioner(2)\n                   ^"),
    ("val a = classOf[StringDeserializer]",
     "<console>:22: error: not found: type StringDeserializer\n       val a = classOf[StringDeserializer]\n                       ^"),
    ("import org.apache.spark.streaming.{Seconds, Minutes}\nSeconds(1)",
     "import org.apache.spark.streaming.{Seconds, Minutes}\nres6: org.apache.spark.streaming.Duration = 1000 ms"),
    ("val u = StreamingContext.getActive",
     "<console>:23: error: not found: value StreamingContext\n       val u = StreamingContext.getActive\n               ^"),
    ("import org.apache.spark.streaming.Milliseconds\nMilliseconds(5)",
     "import org.apache.spark.streaming.Milliseconds\nres7: org.apache.spark.streaming.Duration = 5 ms"),
    ("import org.apache.spark.foo._",
     "<console>:22: error: object foo is not a member of package org.apache.spark\n       import org.apache.spark.foo._\n                               ^"),
    ("import org.apache.spark.streaming.kafka99._",
     "<console>:22: error: object kafka99 is not a member of package org.apache.spark.streaming\n"
     "       import org.apache.spark.streaming.kafka99._\n                                         ^"),
    ("import org.apache.spark.streaming.Foo",
     "<console>:22: error: object Foo is not a member of package org.apache.spark.streaming\n"
     "       import org.apache.spark.streaming.Foo\n              ^"),
    ("import org.apache.Foo",
     "<console>:22: error: object Foo is not a member of package org.apache\n       import org.apache.Foo\n              ^"),
    ("import org.apache.spark.sql.DataFrame\nimport org.apache.spark.sql.functions.{col, lit}\n"
     "import org.apache.spark.storage.StorageLevel\nimport org.apache.spark.streaming.kafka010.{KafkaUtils, OffsetRange}",
     "import org.apache.spark.sql.DataFrame\nimport org.apache.spark.sql.functions.{col, lit}\n"
     "import org.apache.spark.storage.StorageLevel\nimport org.apache.spark.streaming.kafka010.{KafkaUtils, OffsetRange}"),
]


def caret_offsets(text):
    """Each caret's column relative to its source line's first character."""
    lines, out = text.strip("\n").split("\n"), []
    for i, line in enumerate(lines):
        if line.strip() == "^" and i > 0:
            src = lines[i - 1]
            out.append(line.index("^") - (len(src) - len(src.lstrip())))
    return out


def test_unimported_names_fail_as_in_spark_shell(run):
    problems = []
    for code, want in CELLS:
        reply, msgs = run(code)
        got = shown(msgs)
        if normalise(got) != normalise(want) or caret_offsets(got) != caret_offsets(want):
            problems.append(f"--- cell:\n{code}\n--- spark-shell 3.5.5:\n{want}\n--- kernel:\n{got}")
    assert not problems, "\n\n".join(problems)


def test_a_failed_unit_runs_nothing_and_imports_then_work(run):
    reply, msgs = run('println("ran"); val k = KafkaUtils')
    assert reply["content"]["status"] == "error" and "\nran\n" not in "\n" + shown(msgs), shown(msgs)
    reply, msgs = run("import org.apache.spark.streaming.kafka010._\nval k2 = KafkaUtils\n"
                      "import org.apache.spark.streaming.kafka010.LocationStrategies._\nval p2 = PreferConsistent")
    assert reply["content"]["status"] == "ok", shown(msgs)
    reply, msgs = run("val r: org.apache.spark.rdd.RDD[Int] = sc.parallelize(Seq(1))")   # qualified: no import
    assert reply["content"]["status"] == "ok", shown(msgs)
