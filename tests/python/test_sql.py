"""test_sql.py — DataFrames and %%sql through the real kernel binary (jupyter_client): show() is one
display_data with Spark's text and an HTML table, %%sql answers with text/html + text/plain (and -n
limits the rows), --chart adds an SVG, errors are Spark's exceptions, and the reader sample's shape
(sc.parallelize(json) → sqlContext.read.json → select of seven columns → write json → temp view →
%%sql limit 10) works end to end."""

import json
import os
import pathlib

from conftest import TIMEOUT, iopub_for, shell_reply

TWEETS = [
    {"id": 1000 + i, "createdAt": f"2024-01-0{1 + i % 9}T10:00:00Z", "lang": ["en", "fr", "de"][i % 3],
     "retweetCount": i * 3, "text": f"tweet number {i} about spark and kafka",
     "user": {"name": f"user{i}", "friendsCount": 10 + i, "followersCount": 100 + i}}
    for i in range(14)
]


def scala_seq(docs):
    return "Seq(" + ", ".join('"""' + json.dumps(d) + '"""' for d in docs) + ")"


def displays(msgs):
    return [m["content"] for m in msgs if m["msg_type"] == "display_data"]


def ok(reply):
    assert reply["content"]["status"] == "ok", reply["content"]


def run_ok(run, code):
    reply, msgs = run(code)
    ok(reply)
    return msgs


def load(run, view=None):
    code = f"val df = spark.read.json(sc.parallelize({scala_seq(TWEETS)}))"
    if view:
        code += f'\ndf.createOrReplaceTempView("{view}")'
    run_ok(run, code)


def test_show_is_one_display_with_text_and_html(run):
    load(run)
    msgs = run_ok(run, 'df.select(col("id"), col("user.name").as("n")).show(3)')
    d = displays(msgs)
    assert len(d) == 1
    text = d[0]["data"]["text/plain"]
    assert text == ("+----+-----+\n"
                    "|  id|    n|\n"
                    "+----+-----+\n"
                    "|1000|user0|\n"
                    "|1001|user1|\n"
                    "|1002|user2|\n"
                    "+----+-----+\n"
                    "only showing top 3 rows\n\n")
    html = d[0]["data"]["text/html"]
    assert "<table" in html and "<th>n</th>" in html and "<td>user2</td>" in html
    assert "only showing top 3 rows" in html


def test_sql_magic_mimetypes(run):
    load(run, "T")
    msgs = run_ok(run, "%%sql\nselect lang, count(*) as n from T group by lang order by lang")
    d = displays(msgs)
    assert len(d) == 1
    assert set(d[0]["data"]) >= {"text/plain", "text/html"}
    assert d[0]["data"]["text/plain"].startswith("+----+---+\n|lang|  n|\n+----+---+\n|  de|  4|\n")
    assert "<td>en</td>" in d[0]["data"]["text/html"]


def test_sql_magic_nulls_and_names_as_spark_35(run):
    """%%sql's text/plain and HTML print a null as NULL (top level and inside a struct), and name
    the columns as Spark does: user.name → name, count(*) → count(1), id+1 → (id + 1)."""
    run_ok(run, 'spark.read.json(sc.parallelize(Seq("""{"id":1,"u":{"a":null,"b":"x"}}""", """{"id":2}"""))).'
                'createOrReplaceTempView("N")')
    msgs = run_ok(run, "%%sql\nselect id, u, u.b, count(*), id+1 from N group by id, u order by id")
    data = displays(msgs)[0]["data"]
    assert data["text/plain"] == ("+---+---------+----+--------+--------+\n"
                                  "| id|        u|   b|count(1)|(id + 1)|\n"
                                  "+---+---------+----+--------+--------+\n"
                                  "|  1|{NULL, x}|   x|       1|       2|\n"
                                  "|  2|     NULL|NULL|       1|       3|\n"
                                  "+---+---------+----+--------+--------+\n")
    html = data["text/html"]
    assert "<th>b</th><th>count(1)</th><th>(id + 1)</th>" in html
    assert "<td>{NULL, x}</td>" in html and "<td>NULL</td>" in html


def test_sql_magic_n_limits_rows(run):
    load(run, "T")
    msgs = run_ok(run, "%%sql -n 2\nselect id from T order by id")
    text = displays(msgs)[0]["data"]["text/plain"]
    assert "|1001|" in text and "|1002|" not in text
    assert "only showing top 2 rows" in text


def test_sql_magic_chart(run):
    load(run, "T")
    msgs = run_ok(run, "%%sql --chart bar\nselect lang, sum(retweetCount) as rt from T group by lang")
    d = displays(msgs)
    svgs = [x for x in d if "image/svg+xml" in x["data"]]
    assert svgs, [list(x["data"]) for x in d]
    assert svgs[0]["data"]["image/svg+xml"].lstrip().startswith("<svg")
    assert "text/plain" in svgs[0]["data"]
    assert any("text/html" in x["data"] for x in d)
    msgs = run_ok(run, "%%sql --chart line\nselect id, retweetCount from T order by id")
    assert "<polyline" in [x for x in displays(msgs) if "image/svg+xml" in x["data"]][0]["data"]["image/svg+xml"]


def vegalite_schema():
    """Vega-Lite 5's JSON schema, as altair 5 (tests/requirements.txt) ships it."""
    import altair
    return json.loads((pathlib.Path(altair.__file__).parent / "vegalite/v5/schema/vega-lite-schema.json").read_text())


def test_charts_carry_vegalite(run):
    """Beside the SVG, the same chart in Vega-Lite 5 (JupyterLab draws it, with tooltips and zoom):
    a valid spec whose data are the result's rows, grouped bars for several series."""
    import jsonschema
    validator = jsonschema.validators.validator_for(vegalite_schema())(vegalite_schema())
    load(run, "T")
    msgs = run_ok(run, "%%sql --chart bar\nselect lang, sum(retweetCount) as rt, count(*) as n from T group by lang order by lang")
    (chart,) = [x["data"] for x in displays(msgs) if "image/svg+xml" in x["data"]]
    spec = chart["application/vnd.vegalite.v5+json"]
    validator.validate(spec)
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    assert spec["mark"] == {"type": "bar", "tooltip": True}
    assert spec["encoding"]["x"]["title"] == "lang" and spec["encoding"]["xOffset"] == {"field": "series"}
    rows = run_ok(run, "%%sql\nselect lang, sum(retweetCount) as rt, count(*) as n from T group by lang order by lang")
    table = displays(rows)[0]["data"]["text/plain"]
    for v in spec["data"]["values"]:
        assert f"|{v['label']}|" in table.replace(" ", ""), (v, table)
    assert {v["series"] for v in spec["data"]["values"]} == {"rt", "n"}
    msgs = run_ok(run, 'display(spark.sql("select id, retweetCount from T order by id"), chart = "line")')
    (chart,) = [x["data"] for x in displays(msgs) if "image/svg+xml" in x["data"]]
    spec = chart["application/vnd.vegalite.v5+json"]
    validator.validate(spec)
    assert spec["mark"]["type"] == "line" and spec["encoding"]["y"]["title"] == "retweetCount"
    assert [v["order"] for v in spec["data"]["values"]] == list(range(len(spec["data"]["values"])))


def test_display_dataframe_with_chart(run):
    """display(df) from Scala: the table as one display; with a chart also the SVG (as %%sql --chart)."""
    load(run, "T")
    msgs = run_ok(run, 'display(spark.sql("select lang, count(*) as n from T group by lang order by lang"))')
    d = displays(msgs)
    assert len(d) == 1 and "text/html" in d[0]["data"] and "<table" in d[0]["data"]["text/html"], d
    assert "|lang|" in d[0]["data"]["text/plain"].replace(" ", ""), d[0]["data"]["text/plain"]
    msgs = run_ok(run, 'display(spark.sql("select lang, count(*) as n from T group by lang"), "bar")')
    svgs = [x for x in displays(msgs) if "image/svg+xml" in x["data"]]
    assert svgs and svgs[0]["data"]["image/svg+xml"].lstrip().startswith("<svg"), displays(msgs)
    assert "<rect" in svgs[0]["data"]["image/svg+xml"] and "text/plain" in svgs[0]["data"]
    msgs = run_ok(run, 'display(spark.sql("select id, retweetCount from T order by id"), chart = "line")')
    assert "<polyline" in [x for x in displays(msgs) if "image/svg+xml" in x["data"]][0]["data"]["image/svg+xml"]
    reply, _ = run('display(spark.sql("select 1 as x"), "pie")')
    assert reply["content"]["ename"] == "java.lang.IllegalArgumentException", reply["content"]
    assert "bar" in reply["content"]["evalue"]
    reply, _ = run("display(42)")
    assert reply["content"]["status"] == "error" and "DataFrame" in reply["content"]["evalue"]


def test_sql_magic_errors(run):
    reply, msgs = run("%%sql\nselect * from NoSuchView")
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "org.apache.spark.sql.catalyst.ExtendedAnalysisException"
    assert "NoSuchView" in reply["content"]["evalue"]
    reply, _ = run("%%sql --chart pie\nselect 1")
    assert reply["content"]["status"] == "error"
    reply, _ = run("1 + 1")
    ok(reply)


def test_dataframe_echo_and_spark_sql(run):
    reply, msgs = run(f"val df = spark.read.json(sc.parallelize({scala_seq(TWEETS[:2])}))")
    ok(reply)
    text = "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    text += "".join(m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result")
    assert "df: org.apache.spark.sql.DataFrame = [createdAt: string, id: bigint ... 4 more fields]" in text
    run_ok(run, 'df.createOrReplaceTempView("V")')
    reply, msgs = run('spark.sql("select user.name from V order by id").collect().map(_.getString(0)).mkString(",")')
    ok(reply)
    res = [m for m in msgs if m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
    assert res.endswith('= user0,user1')


READER = """
val rdd = sc.parallelize({seq})
val tweets = spark.sqlContext.read.json(rdd).select({cols})
tweets.write.mode("append").format("json").save("{out}")
tweets.show(5)
tweets.createOrReplaceTempView("TweetInfo")
"""


def reader_sample(run, tmp_path, cols):
    out = tmp_path / "tweets"
    msgs = run_ok(run, READER.format(seq=scala_seq(TWEETS), cols=cols, out=out))
    d = displays(msgs)
    assert len(d) == 1
    text = d[0]["data"]["text/plain"]
    header = text.splitlines()[1]
    assert [h.strip() for h in header.strip("|").split("|")] == \
        ["id", "createdAt", "lang", "retweetCount", "user_name", "friends", "followers"]
    assert "only showing top 5 rows" in text
    parts = [p for p in os.listdir(out) if p.startswith("part-") and p.endswith(".json")]
    assert len(parts) == 1 and (out / "_SUCCESS").exists()
    lines = (out / parts[0]).read_text().splitlines()
    assert len(lines) == len(TWEETS)
    assert json.loads(lines[0]) == {"id": 1000, "createdAt": "2024-01-01T10:00:00Z", "lang": "en", "retweetCount": 0,
                                    "user_name": "user0", "friends": 10, "followers": 100}
    msgs = run_ok(run, "%%sql\nselect * from TweetInfo limit 10")
    d = displays(msgs)
    rows = [ln for ln in d[0]["data"]["text/plain"].splitlines() if ln.startswith("|")][1:]
    assert len(rows) == 10
    assert d[0]["data"]["text/html"].count("<tr>") == 10


def test_reader_sample_shape_with_col(run, tmp_path):
    reader_sample(run, tmp_path, 'col("id"), col("createdAt"), col("lang"), col("retweetCount"), '
                                 'col("user.name").as("user_name"), col("user.friendsCount").as("friends"), '
                                 'col("user.followersCount").as("followers")')


def test_reader_sample_shape_with_dollar(run, tmp_path):
    """The sample's own spelling: $"user.name".as("user_name") (needs the evaluator's $"…" → StringContext.$)."""
    run_ok(run, "import spark.implicits._")
    reader_sample(run, tmp_path, '$"id", $"createdAt", $"lang", $"retweetCount", $"user.name".as("user_name"), '
                                 '$"user.friendsCount".as("friends"), $"user.followersCount".as("followers")')


def test_interrupt_stops_a_long_query(kernel, kc, run):
    """A DuckDB query runs task by task and an interrupt stops it (db.c's run_statement): the cell
    ends with an error within seconds, and the kernel and the SparkSession go on."""
    import time
    from conftest import shell_reply
    km = kernel[0]
    # range's column is id, as Spark names it (a query that fails at once would leave the interrupt
    # to land in the next cell)
    msg_id = kc.execute('spark.sql("select sum(a.id * b.id) from range(100000) a, range(1000000) b").show()')
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            break
    time.sleep(1.0)
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, timeout=30)
    assert reply["content"]["status"] == "error", reply["content"]
    assert reply["content"]["ename"] == "Interrupted", reply["content"]   # stopped by the interrupt
    msgs = run_ok(run, 'spark.sql("select 40 + 2 as x").show()')
    assert "| 42|" in displays(msgs)[0]["data"]["text/plain"]
