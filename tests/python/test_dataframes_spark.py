"""test_dataframes_spark.py — the file sources both ways with real Spark (pyspark 3.5 from the venv,
one local[2] session for the module): the kernel writes json, csv and parquet with
partitionBy("lang") (folders lang=en/, lang=__HIVE_DEFAULT_PARTITION__/ holding
part-00000-<uuid>.c000.<ext>, _SUCCESS; modes append, ignore, error, overwrite) and pyspark reads the
same rows back; pyspark writes partitioned folders, CSV and text that the kernel reads with show() and
printSchema() text equal to pyspark's own (the partition column last, its type inferred)."""

import json
import os
import re

import pytest

from conftest import TIMEOUT
from test_parquet import rows_of, run_ok, scala_seq, text_out

DOCS = [
    {"lang": "en", "n": 1, "t": "a"},
    {"lang": "fr", "n": 2, "t": "b, with a comma"},
    {"lang": "en", "n": 3, "t": 'say "hi"'},
    {"n": 4, "t": "no language"},
    {"lang": "a/b=c", "n": 5},
]
PART = re.compile(r"^part-00000-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.c000\.(json|csv|snappy\.parquet)$")


@pytest.fixture(scope="module")
def spark(pyspark_session):
    return pyspark_session


def run_error(run, code):
    reply, msgs = run(code, timeout=TIMEOUT)
    assert reply["content"]["status"] == "error", text_out(msgs)
    return reply["content"]["ename"] + ": " + reply["content"]["evalue"]


def show_text(df):
    """pyspark's show() text, as spark-shell prints it (with the blank line println adds)."""
    return df._jdf.showString(20, 20, False) + "\n"


def schema_text(df):
    return df._jdf.schema().treeString() + "\n"


def layout(out):
    """{partition folder: [part file kinds]} and whether _SUCCESS is there."""
    folders = {}
    for d in sorted(os.listdir(out)):
        if d.startswith(("_", ".")):
            continue
        files = sorted(f for f in os.listdir(out / d) if not f.startswith("."))
        assert all(PART.match(f) for f in files), files
        folders[d] = len(files)
    return folders, (out / "_SUCCESS").exists()


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet"])
def test_kernel_writes_partitioned_folders_that_spark_reads(run, spark, tmp_path, fmt):
    out = tmp_path / fmt
    header = '.option("header", "true")' if fmt == "csv" else ""
    run_ok(run, f"val df = spark.read.json(sc.parallelize({scala_seq(DOCS)}))\n"
                f'df.write.partitionBy("lang"){header}.mode("overwrite").{fmt}("{out}")')
    assert layout(out) == ({"lang=__HIVE_DEFAULT_PARTITION__": 1, "lang=a%2Fb%3Dc": 1, "lang=en": 1, "lang=fr": 1}, True)
    expected = spark.read.json(spark.sparkContext.parallelize([json.dumps(d) for d in DOCS]))
    expected = expected.select("n", "t", "lang")   # the partition column comes last

    def read():
        if fmt == "csv":
            return spark.read.option("header", "true").option("inferSchema", "true").csv(str(out))
        return getattr(spark.read, fmt)(str(out))
    got = read()
    if fmt == "csv":   # CSV infers int for small numbers
        expected = expected.selectExpr("CAST(n AS INT) AS n", "t", "lang")
    assert got.schema.simpleString() == expected.schema.simpleString()
    assert rows_of(got) == rows_of(expected)

    run_ok(run, f'df.write.partitionBy("lang"){header}.mode("append").{fmt}("{out}")')
    assert layout(out)[0]["lang=en"] == 2
    assert rows_of(read()) == sorted(rows_of(expected) * 2)
    run_ok(run, f'df.write.partitionBy("lang"){header}.mode("ignore").{fmt}("{out}")')
    assert layout(out)[0]["lang=en"] == 2
    assert run_error(run, f'df.write.partitionBy("lang").{fmt}("{out}")') == (
        f'org.apache.spark.sql.AnalysisException: [PATH_ALREADY_EXISTS] Path file:{out} already exists. '
        'Set mode as "overwrite" to overwrite the existing path.')
    run_ok(run, f'df.filter("n > 3").write.partitionBy("lang"){header}.mode("overwrite").{fmt}("{out}")')
    assert layout(out) == ({"lang=__HIVE_DEFAULT_PARTITION__": 1, "lang=a%2Fb%3Dc": 1}, True)


@pytest.mark.parametrize("fmt", ["json", "parquet", "csv"])
def test_kernel_reads_spark_partitioned_folders(run, spark, tmp_path, fmt):
    out = tmp_path / fmt
    df = spark.read.json(spark.sparkContext.parallelize([json.dumps(d) for d in DOCS]))
    df.write.partitionBy("lang").option("header", "true").format(fmt).save(str(out))
    df.write.partitionBy("n").option("header", "true").format(fmt).save(str(tmp_path / "by_n"))
    reader = 'spark.read.option("header", "true").option("inferSchema", "true")'
    back = spark.read.option("header", "true").option("inferSchema", "true").format(fmt).load(str(out))
    text = run_ok(run, f'val back = {reader}.format("{fmt}").load("{out}")\n'
                       'back.orderBy("n").show()\nback.printSchema()')
    assert text.split("\n", 1)[1] == show_text(back.orderBy("n")) + schema_text(back)
    by_n = spark.read.option("header", "true").option("inferSchema", "true").format(fmt).load(str(tmp_path / "by_n"))
    text = run_ok(run, f'{reader}.format("{fmt}").load("{tmp_path / "by_n"}").printSchema()')
    assert text == schema_text(by_n)   # n: integer, inferred from the folder names


def test_csv_and_text_as_spark_reads_them(run, spark, tmp_path):
    src = tmp_path / "people.csv"
    src.write_text('id,name,score,flag,big,mixed\n1,alice,1.5,true,10000000000,1\n'
                   '2,"bob, jr",2,false,3,x\n3,,,TRUE,4,2.5\n4,"",-0.5,false,5,"q ""w"""\n')
    for opts in ['.option("header", "true")', '.option("header", "true").option("inferSchema", "true")', ""]:
        back = eval(f"spark.read{opts}.csv(str(src))")
        text = run_ok(run, f'val p = spark.read{opts}.csv("{src}")\np.show()\np.printSchema()')
        assert text.split("\n", 1)[1] == show_text(back) + schema_text(back), opts
    lines = tmp_path / "lines.txt"
    lines.write_text("hello world\nsecond line\n\nlast\n")
    text = run_ok(run, f'spark.read.text("{lines}").show()\nspark.read.textFile("{lines}").count()')
    assert text == show_text(spark.read.text(str(lines))) + "res7: Long = 4"   # show() and printSchema() took res0..res6
    out = tmp_path / "text_out"
    run_ok(run, f'spark.read.json(sc.parallelize({scala_seq(DOCS)})).select("t").write.text("{out}")')
    assert rows_of(spark.read.text(str(out))) == rows_of(
        spark.read.json(spark.sparkContext.parallelize([json.dumps(d) for d in DOCS])).selectExpr("coalesce(t, '') AS value"))
