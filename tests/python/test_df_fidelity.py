"""test_df_fidelity.py — DataFrames print what spark-shell 3.5 prints (issue 12): what
`spark.implicits._` adds to Scala collections and RDDs (Seq(...).toDF(names), toDS() typed by the
elements, rdd.toDF, spark.read.json(Seq[String].toDS)), the REPL type of the methods Spark declares
as returning Dataset[T] (filter, orderBy, limit, distinct, dropDuplicates, union, intersect, except,
repartition, coalesce: `Dataset[org.apache.spark.sql.Row]` for a DataFrame) against those declared
DataFrame (select, withColumn, groupBy(...).count(), na.fill, spark.sql), dropDuplicates by columns,
na.drop(minNonNulls), which errors are ExtendedAnalysisException, SparkSession.builder...getOrCreate(), and the Streaming Programming Guide's
DataFrame-in-foreachRDD program.

The expected texts were produced by spark-shell 3.5.5 (the pyspark 3.5.5 package, Scala 2.12.18,
Java 17, local[2]) through tests/spark/run_scala.py and are kept here literally; the comparison
normalises what test_scala_fidelity.py's does (res numbers, hashes, <console> lines).
"""

import pathlib
import re
import shutil
import sys
import tempfile

import pytest

from test_scala_fidelity import assert_prints_as_spark_shell, shown

SPARK_DIR = pathlib.Path(__file__).resolve().parents[1] / "spark"
sys.path.insert(0, str(SPARK_DIR))
import spark_diff  # noqa: E402

USERS = SPARK_DIR / "data" / "users.json"
LOAD = f'val df = spark.read.json("{USERS}")'
LOADED = "df: org.apache.spark.sql.DataFrame = [id: bigint, lang: string ... 4 more fields]"
OUT = tempfile.mkdtemp(prefix="df-fidelity-")   # the files group's output folders
PART = re.compile(r"part-00000-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\.csv")

EXPECTED = {
    'implicits': [
        ("import spark.implicits._\nval t = Seq((1, \"a\"), (2, \"b\")).toDF(\"id\", \"name\")",
         "import spark.implicits._\nt: org.apache.spark.sql.DataFrame = [id: int, name: string]"),
        ("val ds = Seq(1, 2, 3).toDS()\nds.count()\nds.collect()",
         "ds: org.apache.spark.sql.Dataset[Int] = [value: int]\nres0: Long = 3\nres1: Array[Int] = Array(1, 2, 3)"),
        ("val ls = List(\"x\", \"y\").toDS\nls.collect()",
         "ls: org.apache.spark.sql.Dataset[String] = [value: string]\nres2: Array[String] = Array(x, y)"),
        ("val r1 = sc.parallelize(Seq((\"a\", 1), (\"b\", 2))).toDF(\"k\", \"v\")\nval r2 = sc.parallelize(Seq((\"a\", 1), (\"b\", 2))).toDF",
         "r1: org.apache.spark.sql.DataFrame = [k: string, v: int]\nr2: org.apache.spark.sql.DataFrame = [_1: string, _2: int]"),
        ("val s1 = Seq(1, 2).toDF\nval s2 = Seq(\"p\", \"q\").toDF(\"w\")\nval s3 = Seq(1.5).toDS\nval s4 = Seq((1, \"a\")).toDS",
         "s1: org.apache.spark.sql.DataFrame = [value: int]\ns2: org.apache.spark.sql.DataFrame = [w: string]\n"
         "s3: org.apache.spark.sql.Dataset[Double] = [value: double]\ns4: org.apache.spark.sql.Dataset[(Int, String)] = [_1: int, _2: string]"),
        ("case class P(name: String, age: Int)\nval ps = Seq(P(\"a\", 1), P(\"b\", 2)).toDS()\nval pf = Seq(P(\"a\", 1)).toDF()",
         "defined class P\nps: org.apache.spark.sql.Dataset[P] = [name: string, age: int]\npf: org.apache.spark.sql.DataFrame = [name: string, age: int]"),
        ("val srdd = sc.parallelize(Seq(\"u\", \"v\")).toDF(\"word\")\nval j = spark.read.json(Seq(\"\"\"{\"a\":1}\"\"\").toDS)\n"
         "val j2 = spark.read.json(sc.parallelize(Seq(\"\"\"{\"a\":1}\"\"\")).toDS)",
         "srdd: org.apache.spark.sql.DataFrame = [word: string]\nj: org.apache.spark.sql.DataFrame = [a: bigint]\n"
         "j2: org.apache.spark.sql.DataFrame = [a: bigint]"),
    ],
    'dataset_types': [
        (LOAD + "\nval other = " + LOAD[9:] + "\ndf.filter(\"id > 1\")\ndf.where(\"id > 1\")\ndf.orderBy(\"id\")\ndf.sort(\"id\")\n"
         "df.limit(1)\ndf.distinct()\ndf.dropDuplicates()\ndf.dropDuplicates(\"lang\")\ndf.dropDuplicates(\"lang\", \"n\")\n"
         "df.dropDuplicates(Seq(\"lang\"))\ndf.dropDuplicates(Array(\"lang\"))\ndf.union(other)\ndf.unionAll(other)",
         LOADED + "\nother: org.apache.spark.sql.DataFrame = [id: bigint, lang: string ... 4 more fields]\n"
         + "\n".join(f"res{i}: org.apache.spark.sql.Dataset[org.apache.spark.sql.Row] = [id: bigint, lang: string ... 4 more fields]"
                     for i in range(13))),
        ("df.intersect(other)\ndf.intersectAll(other)\ndf.except(other)\ndf.exceptAll(other)\ndf.repartition(2)\n"
         "df.repartition(2, df(\"id\"))\ndf.repartition(df(\"id\"))\ndf.coalesce(1)",
         "\n".join(f"res{i}: org.apache.spark.sql.Dataset[org.apache.spark.sql.Row] = [id: bigint, lang: string ... 4 more fields]"
                   for i in range(8))),
        ("df.select(\"id\")\ndf.selectExpr(\"id\")\ndf.withColumn(\"z\", df(\"id\"))\ndf.withColumnRenamed(\"id\", \"z\")\n"
         "df.drop(\"id\")\ndf.toDF()\ndf.groupBy(\"lang\").count()\ndf.na.fill(0)\ndf.na.drop()\nspark.sql(\"select 1\")",
         "res0: org.apache.spark.sql.DataFrame = [id: bigint]\nres1: org.apache.spark.sql.DataFrame = [id: bigint]\n"
         "res2: org.apache.spark.sql.DataFrame = [id: bigint, lang: string ... 5 more fields]\n"
         "res3: org.apache.spark.sql.DataFrame = [z: bigint, lang: string ... 4 more fields]\n"
         "res4: org.apache.spark.sql.DataFrame = [lang: string, n: bigint ... 3 more fields]\n"
         "res5: org.apache.spark.sql.DataFrame = [id: bigint, lang: string ... 4 more fields]\n"
         "res6: org.apache.spark.sql.DataFrame = [lang: string, count: bigint]\n"
         "res7: org.apache.spark.sql.DataFrame = [id: bigint, lang: string ... 4 more fields]\n"
         "res8: org.apache.spark.sql.DataFrame = [id: bigint, lang: string ... 4 more fields]\n"
         "res9: org.apache.spark.sql.DataFrame = [1: int]"),
        ("df.toJSON\ndf.toJSON.orderBy(\"value\")\ndf.toJSON.limit(1)\ndf.toJSON.select(\"value\")\n"
         "df.filter(\"id > 1\").filter(\"id > 2\")\ndf.filter(\"id > 1\").select(\"id\")\ndf.filter(\"id > 1\").repartition(1).coalesce(1)\n"
         "val fx = df.filter(\"id > 1\")\nval tx: org.apache.spark.sql.DataFrame = df.filter(\"id > 1\")",
         "res0: org.apache.spark.sql.Dataset[String] = [value: string]\nres1: org.apache.spark.sql.Dataset[String] = [value: string]\n"
         "res2: org.apache.spark.sql.Dataset[String] = [value: string]\nres3: org.apache.spark.sql.DataFrame = [value: string]\n"
         "res4: org.apache.spark.sql.Dataset[org.apache.spark.sql.Row] = [id: bigint, lang: string ... 4 more fields]\n"
         "res5: org.apache.spark.sql.DataFrame = [id: bigint]\n"
         "res6: org.apache.spark.sql.Dataset[org.apache.spark.sql.Row] = [id: bigint, lang: string ... 4 more fields]\n"
         "fx: org.apache.spark.sql.Dataset[org.apache.spark.sql.Row] = [id: bigint, lang: string ... 4 more fields]\n"
         "tx: org.apache.spark.sql.DataFrame = [id: bigint, lang: string ... 4 more fields]"),
    ],
    'session_builder': [
        ("val s2 = org.apache.spark.sql.SparkSession.builder.config(sc.getConf).getOrCreate()\nspark.range(3)",
         "s2: org.apache.spark.sql.SparkSession = org.apache.spark.sql.SparkSession@14ac020b\n"
         "res0: org.apache.spark.sql.Dataset[Long] = [id: bigint]"),
    ],
    # which analysis errors Spark 3.5 raises as catalyst.ExtendedAnalysisException (found while
    # analysing a plan) and which as the plain AnalysisException (resolved at once, or functions)
    'error_classes': [
        (LOAD + "\ndf.createOrReplaceTempView(\"users\")", LOADED),
        ("\n".join("try { %s; () } catch { case e: Exception => println(e.getClass.getName) }" % e for e in [
            'spark.sql("select nope from users")', 'spark.sql("select * from missing_table")', 'df.select("nope")',
            'df.select(org.apache.spark.sql.functions.col("user.nope"))', 'df.filter("nope > 1")', 'spark.table("missing_t")',
            'df.col("nope")', 'df("nope")', 'df.groupBy("nope").count()', 'df.orderBy("nope")',
            'df.withColumn("x", org.apache.spark.sql.functions.col("nope"))', 'spark.sql("select sum(lang, id) from users")',
            'spark.sql("select nofunc(id) from users")', 'spark.sql("select id from users group by lang")',
            'df.union(df.select("id"))', 'df.selectExpr("cast(lang as int) + nope")'])
         + "\ntry spark.sql(\"select nope from users\").show() catch { case e: org.apache.spark.sql.AnalysisException => println(e.getClass.getSimpleName) }",
         "\n".join("org.apache.spark.sql." + c for c in [
             "catalyst.ExtendedAnalysisException", "catalyst.ExtendedAnalysisException", "catalyst.ExtendedAnalysisException",
             "AnalysisException", "catalyst.ExtendedAnalysisException", "catalyst.ExtendedAnalysisException",
             "AnalysisException", "AnalysisException", "AnalysisException", "catalyst.ExtendedAnalysisException",
             "catalyst.ExtendedAnalysisException", "AnalysisException", "AnalysisException",
             "catalyst.ExtendedAnalysisException", "catalyst.ExtendedAnalysisException", "catalyst.ExtendedAnalysisException"])
         + "\nExtendedAnalysisException\n"),
    ],
    # java.io.File and scala.io.Source over what df.write made (the corpus's df-write-json/csv)
    'files': [
        (LOAD + f'\ndf.select("id", "lang").write.json("{OUT}/out-json")\n'
         f'new java.io.File("{OUT}/out-json").list().filter(_.startsWith("_")).sorted\n'
         f'df.select("id", "lang", "n").orderBy("id").coalesce(1).write.option("header", "true").csv("{OUT}/out-csv")\n'
         f'val part = new java.io.File("{OUT}/out-csv").listFiles().filter(_.getName.startsWith("part-")).head\n'
         'part.getName.endsWith(".csv")\nscala.io.Source.fromFile(part).getLines().toList',
         LOADED + "\nres0: Array[String] = Array(_SUCCESS)\n"
         f"part: java.io.File = {OUT}/out-csv/" + "{part}\nres1: Boolean = true\n"
         "res2: List[String] = List(id,lang,n, 1,en,3, 2,fr,, 3,en,5)"),
        (f'new java.io.File("{OUT}/out-csv").isDirectory\nnew java.io.File("{OUT}/out-csv/_SUCCESS").isFile\n'
         f'new java.io.File("{OUT}/out-csv/_SUCCESS").length\nnew java.io.File("{OUT}/nothing").exists\n'
         f'new java.io.File("{OUT}/out-csv").getName\nnew java.io.File("{OUT}/out-csv/").getPath\n'
         f'new java.io.File("{OUT}/out-csv", "_SUCCESS").getPath\nnew java.io.File("{OUT}/out-csv/_SUCCESS").getParent\n'
         'new java.io.File("rel/x").getName\nnew java.io.File("rel/x").getParent\n'
         f'import java.io.File\nval f = new File("{OUT}/out-json")\nf.exists()\n'
         'f.listFiles().filter(_.isFile).map(_.getName).filter(_.startsWith("_"))',
         f"res0: Boolean = true\nres1: Boolean = true\nres2: Long = 0\nres3: Boolean = false\nres4: String = out-csv\n"
         f"res5: String = {OUT}/out-csv\nres6: String = {OUT}/out-csv/_SUCCESS\nres7: String = {OUT}/out-csv\n"
         f"res8: String = x\nres9: String = rel\nimport java.io.File\n"
         f"f: java.io.File = {OUT}/out-json\nres10: Boolean = true\nres11: Array[String] = Array(_SUCCESS)"),
    ],
    'actions': [
        (LOAD + "\ndf.select(\"id\").collectAsList()",
         LOADED + "\nres0: java.util.List[org.apache.spark.sql.Row] = [[1], [2], [3]]"),
        # Row.get is declared Any: its echo says Any whatever the column holds
        (LOAD + "\nval row = df.select(\"id\", \"lang\").orderBy(\"id\").first()\nrow.get(0)\nrow.get(1)\nrow.getLong(0)",
         LOADED + "\nrow: org.apache.spark.sql.Row = [1,en]\nres0: Any = 1\nres1: Any = en\nres2: Long = 1"),
        # collect/take/head(n) are typed Array[Row]: an element is a Row, its get Any (corpus df-collect-rows)
        (LOAD + "\nval rows = df.select(\"id\", \"lang\").orderBy(\"id\").collect()\nrows(0).get(0)\nrows.head.get(1)\n"
         "df.select(\"id\").orderBy(\"id\").take(2)(1).get(0)\ndf.orderBy(\"id\").select(\"lang\").head(1)(0).get(0)\n"
         "df.select(\"id\").orderBy(\"id\").head(2)",
         LOADED + "\nrows: Array[org.apache.spark.sql.Row] = Array([1,en], [2,fr], [3,en])\nres0: Any = 1\nres1: Any = en\n"
         "res2: Any = 2\nres3: Any = en\nres4: Array[org.apache.spark.sql.Row] = Array([1], [2])"),
        # spark.range is a Dataset[Long]: its rows are Longs (corpus df-range)
        ("val ds = spark.range(5)\nds.collect()\nds.filter(\"id > 2\").collect()\nspark.range(2, 10, 3).collect()\n"
         "ds.take(2)\nds.first()\nds.head(2)",
         "ds: org.apache.spark.sql.Dataset[Long] = [id: bigint]\nres0: Array[Long] = Array(0, 1, 2, 3, 4)\n"
         "res1: Array[Long] = Array(3, 4)\nres2: Array[Long] = Array(2, 5, 8)\nres3: Array[Long] = Array(0, 1)\n"
         "res4: Long = 0\nres5: Array[Long] = Array(0, 1)"),
    ],
    'dedup_na': [
        (LOAD + "\ndf.na.drop(2).select(\"id\").count()\ndf.dropDuplicates(\"lang\").count()\n"
         "df.dropDuplicates(Seq(\"lang\", \"n\")).count()\ndf.repartition(2).count()",
         LOADED + "\nres0: Long = 3\nres1: Long = 2\nres2: Long = 3\nres3: Long = 3"),
    ],
}


@pytest.fixture(scope="module", autouse=True)
def remove_out():
    yield
    shutil.rmtree(OUT, ignore_errors=True)


def part_name(want, got):
    """A part file's name holds a random UUID: Spark's text with the kernel's UUID."""
    m = PART.search(got)
    return want.replace("{part}", m.group(0) if m else "part-00000-<uuid>-c000.csv")


@pytest.mark.parametrize("group", sorted(EXPECTED))
def test_prints_as_spark_shell(run, group):
    assert_prints_as_spark_shell(run, EXPECTED[group], fix=part_name)


# The Streaming Programming Guide's "DataFrame and SQL Operations" program (the corpus's
# guide-dataframe-sql): inside foreachRDD, SparkSession.builder.config(rdd.sparkContext.getConf)
# .getOrCreate(), rdd.toDF("word"), a temp view and spark.sql(...).show(). The three tables are what
# spark-shell 3.5.5 printed for the three queued batches.
GUIDE_TABLES = [
    "+-----+-----+\n| word|total|\n+-----+-----+\n|hello|    2|\n|kafka|    1|\n|spark|    1|\n+-----+-----+\n",
    "+---------+-----+\n|     word|total|\n+---------+-----+\n|    hello|    1|\n|    spark|    1|\n"
    "|streaming|    1|\n+---------+-----+\n",
    "+-----+-----+\n| word|total|\n+-----+-----+\n|kafka|    2|\n+-----+-----+\n",
]


def test_guide_dataframe_in_foreach_rdd(run):
    program = spark_diff.load(["guide-dataframe-sql"])[0]
    texts = []
    for cell in program.cells_for():
        reply, msgs = run(cell)
        assert reply["content"]["status"] == "ok", shown(msgs)
        for m in msgs:
            c = m["content"]
            if m["msg_type"] == "stream" and c["name"] == "stdout":
                texts.append(c["text"])
            elif m["msg_type"] == "display_data":
                texts.append(c["data"].get("text/plain", ""))
    out = "".join(texts)
    pos = 0
    for table in GUIDE_TABLES:
        at = out.find(table, pos)
        assert at >= 0, f"missing after position {pos}:\n{table}\n--- kernel:\n{out}"
        pos = at + len(table)
