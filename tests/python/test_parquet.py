"""test_parquet.py — Parquet both ways with real Spark (pyspark 3.5 from the venv, local[1]):
the kernel writes a DataFrame with a struct and an array column (mode append twice, then
overwrite; part files named as Spark names them, snappy, _SUCCESS) and pyspark reads back the same
rows and schema; pyspark writes a folder that the kernel reads back with show()/printSchema() text
equal to pyspark's own. Without pyspark the tests FAIL, saying to run `make spark-deps`."""

import json
import os
import re

import pytest

from conftest import TIMEOUT

DOCS = [
    {"id": 1, "user": {"name": "ann", "followers": 10}, "tags": ["a", "b"], "score": 1.5, "ok": True},
    {"id": 2, "user": {"name": "bob"}, "tags": [], "score": None, "ok": False},
    {"id": 3, "tags": ["x", None, "a tag longer than twelve bytes"], "score": -2.25},
    {"id": 5000000000, "user": {"name": "a name longer than twelve bytes", "followers": 5000000000}},
]
PART = re.compile(r"^part-00000-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\.snappy\.parquet$")


@pytest.fixture(scope="module")
def spark(pyspark_session):
    return pyspark_session


def text_out(msgs):
    out = []
    for m in msgs:
        if m["msg_type"] == "stream":
            out.append(m["content"]["text"])
        elif m["msg_type"] in ("display_data", "execute_result"):
            out.append(m["content"]["data"]["text/plain"])
    return "".join(out)


def run_ok(run, code):
    reply, msgs = run(code, timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok", (reply["content"], text_out(msgs))
    return text_out(msgs)


def scala_seq(docs):
    return "Seq(" + ", ".join('"""' + json.dumps(d) + '"""' for d in docs) + ")"


def part_files(out):
    return sorted(p for p in os.listdir(out) if not p.startswith(("_", ".")))


def rows_of(df):
    return sorted((json.dumps(r.asDict(recursive=True), sort_keys=True) for r in df.collect()))


def test_kernel_writes_parquet_that_spark_reads(run, spark, tmp_path):
    out = tmp_path / "tweets"
    run_ok(run, f"val df = spark.read.json(sc.parallelize({scala_seq(DOCS)}))\n"
                f'df.write.mode("append").format("parquet").save("{out}")')
    parts = part_files(out)
    assert len(parts) == 1 and PART.match(parts[0]), parts
    assert (out / "_SUCCESS").exists()
    with open(out / parts[0], "rb") as f:
        assert f.read(4) == b"PAR1"
    expected = spark.read.json(spark.sparkContext.parallelize([json.dumps(d) for d in DOCS]))
    got = spark.read.parquet(str(out))
    assert got.schema == expected.schema
    assert got.schema.simpleString() == \
        "struct<id:bigint,ok:boolean,score:double,tags:array<string>,user:struct<followers:bigint,name:string>>"
    assert rows_of(got) == rows_of(expected)

    run_ok(run, f'df.write.mode("append").parquet("{out}")')
    assert len(part_files(out)) == 2
    assert rows_of(spark.read.parquet(str(out))) == sorted(rows_of(expected) * 2)

    run_ok(run, f'df.filter(col("id") > 2).write.mode("overwrite").format("parquet").save("{out}")')
    assert len(part_files(out)) == 1 and (out / "_SUCCESS").exists()
    assert rows_of(spark.read.parquet(str(out))) == rows_of(expected.filter("id > 2"))

    # errorifexists (the default) refuses an existing path; ignore leaves it as it is
    reply, msgs = run(f'df.write.parquet("{out}")', timeout=TIMEOUT)
    assert reply["content"]["status"] == "error"
    assert f"[PATH_ALREADY_EXISTS] Path file:{out} already exists." in reply["content"]["evalue"]
    run_ok(run, f'df.write.mode("ignore").parquet("{out}")')
    assert len(part_files(out)) == 1


def test_kernel_reads_parquet_that_spark_writes(run, spark, tmp_path):
    out = tmp_path / "from_spark"
    df = spark.read.json(spark.sparkContext.parallelize([json.dumps(d) for d in DOCS]))
    df = df.selectExpr("*", "cast(id as int) as small")
    df.coalesce(1).write.parquet(str(out))
    want_show = df._jdf.showString(20, 20, False)
    want_schema = df._jdf.schema().treeString()
    got = run_ok(run, f'val back = spark.read.parquet("{out}")\nback.printSchema()\nback.show()')
    assert want_schema in got, got
    assert want_show in got, got
    # format("parquet").load(path) and one part file by its name read the same rows
    part = [p for p in part_files(out)][0]
    got = run_ok(run, f'spark.read.format("parquet").load("{out}").show()\n'
                      f'spark.read.parquet("{out / part}").count()')
    assert got.startswith(want_show), got
    assert "= 4" in got


def test_reading_a_missing_path_is_spark_error(run, tmp_path):
    reply, _ = run(f'spark.read.parquet("{tmp_path}/nothing")', timeout=TIMEOUT)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "org.apache.spark.sql.AnalysisException"
    assert f"Path does not exist: file:{tmp_path}/nothing" in reply["content"]["evalue"]


def test_without_duckdb_the_cell_says_why_and_the_kernel_lives(jupyter_path, tmp_path):
    from jupyter_client import KernelManager
    km = KernelManager(kernel_name="dstream-test-message")
    km.ip = "127.0.0.1"
    km.start_kernel(env=dict(os.environ, DUCKDB_LIB="/nonexistent/libduckdb.so"))
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=TIMEOUT)
        reply = kc.execute_interactive(
            f'spark.read.json(sc.parallelize(Seq("""{{"a": 1}}"""))).write.parquet("{tmp_path}/x")', timeout=TIMEOUT)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "java.lang.UnsupportedOperationException"
        assert "DataFrames and SQL need DuckDB, which could not be loaded: DuckDB is not available: " \
               "DUCKDB_LIB=/nonexistent/libduckdb.so could not be loaded" in reply["content"]["evalue"]
        assert "Set DUCKDB_LIB to the path of a libduckdb.so" in reply["content"]["evalue"]   # what to do
        reply = kc.execute_interactive("1 + 1", timeout=TIMEOUT)
        assert reply["content"]["status"] == "ok"
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
