"""test_read_json_staging.py — spark.read.json over a KafkaRDD loads its rows during the schema pass.

spark.read.json(rdd.map(_.value)) infers the schema in a first pass over the records and loads the
rows in a second (session.c). While pass 1 reads the texts it also loads their rows into a table
typed by the schema so far (session.c `Stage`): when pass 1 ends with the schema the rows were
loaded by, that table is the DataFrame's and the topic is not fetched a second time; a later record
that changes the schema (a new member, a wider type, a corrupt record) ends the staging and pass 2
reads the topic again, as before. The rows must be the same either way.

Each case writes RECORDS (> 65,536, so a partition is read in two pieces: kafka_rdd.c TEXTS_CHUNK)
to a fresh 1-partition topic of the embedded broker, runs one batch in the kernel (`--run`,
`ssc.step`), and checks the schema, the aggregates of every column against what Python computes
from the same records, a few whole rows, and — through DSTREAM_TRACE_FETCH — whether each piece
was fetched once (staged) or twice (pass 2).
"""

import decimal
import json
import os
import re
import subprocess
import uuid

import pytest

from conftest import kernel_binary
from kafka_fixtures import embedded_broker, kcat, kcli_path, runtime_dir, wait_topic  # noqa: F401

N = 70000
PIECE = 65536


def uniform(i):
    return {"n": i, "s": f"x{i % 7}"}


def new_member(i):   # the last records add a member: the schema changes in the second piece
    return dict(uniform(i), extra=i) if i >= N - 5 else uniform(i)


def null_then_string(i):   # s only null in the first piece: a null column is a string one anyway
    return {"n": i, "s": None if i < PIECE else f"y{i % 3}"}


def nested(i):   # an object member: its members collected by the fit check, loaded from them
    return {"n": i, "s": f"x{i % 7}", "u": {"a": i % 5, "b": f"b{i % 3}"}}


def long_then_double(i):   # one real in the second piece widens n to double
    return {"n": 1.5 if i == 69000 else i, "s": f"x{i % 7}"}


CORRUPT_AT = 66000


def texts(make):
    out = []
    for i in range(N):
        if make == "corrupt" and i == CORRUPT_AT:
            out.append('{"n": 66000, "s": ')
        else:
            out.append(json.dumps(CASES[make][0](i) if make != "corrupt" else uniform(i), separators=(",", ":")))
    return out


# case -> (record maker, schema Spark infers, fetched once per piece?)
CASES = {
    "uniform": (uniform, "struct<n:bigint,s:string>", True),
    "new_member": (new_member, "struct<extra:bigint,n:bigint,s:string>", False),
    "null_then_string": (null_then_string, "struct<n:bigint,s:string>", True),
    "nested": (nested, "struct<n:bigint,s:string,u:struct<a:bigint,b:string>>", True),
    "long_then_double": (long_then_double, "struct<n:double,s:string>", False),
    "corrupt": (uniform, "struct<_corrupt_record:string,n:bigint,s:string>", False),
}

PROGRAM = """import org.apache.kafka.common.serialization._
import org.apache.spark.streaming._
import org.apache.spark.streaming.kafka010._
val ssc = new StreamingContext(sc, Seconds(1))
val kafkaParams = Map[String, Object]("key.deserializer" -> classOf[StringDeserializer],
  "value.deserializer" -> classOf[StringDeserializer], "group.id" -> "%(group)s", "auto.offset.reset" -> "earliest")
val stream = KafkaUtils.createDirectStream[String, String](ssc, LocationStrategies.PreferConsistent,
  ConsumerStrategies.Subscribe[String, String](Array("%(topic)s"), kafkaParams))
stream.foreachRDD { rdd =>
  val df = spark.read.json(rdd.map(_.value))
  println("SCHEMA " + df.schema.simpleString)
  df.createOrReplaceTempView("t")
  println("AGG " + spark.sql("%(agg)s").collect()(0).mkString("|"))
  spark.sql("SELECT * FROM t WHERE n IN (0, 1, 65535, 65536, 69999) ORDER BY n").collect().foreach(r => println("ROW " + r.mkString("|")))
}
ssc.step(1)
ssc.stop(stopSparkContext = false)
"""

TRACE_LINE = re.compile(r"fetch (\S+)-(\d+) \[(\d+),(\d+)\) (\d+) records")


def java_double(x):
    """Java's Double.toString: plain between 1e-3 and 1e7, else d.dddE<n>, shortest digits."""
    if x == 0 or 1e-3 <= abs(x) < 1e7:
        return repr(float(x))
    sign, digits, exp = decimal.Decimal(repr(x)).as_tuple()
    digits = "".join(map(str, digits)).rstrip("0") or "0"
    e = len("".join(map(str, decimal.Decimal(repr(x)).as_tuple()[1]))) + exp - 1
    return ("-" if sign else "") + digits[0] + "." + (digits[1:] or "0") + "E" + str(e)


def fmt(v):
    if v is None:
        return "null"
    if isinstance(v, dict):   # a struct as Row's toString shows it
        return "[" + ",".join(fmt(x) for x in v.values()) + "]"
    if isinstance(v, float):
        return java_double(v)
    return str(v)


@pytest.mark.parametrize("case", list(CASES))
def test_read_json_rows_are_the_same_staged_or_not(embedded_broker, tmp_path, case):  # noqa: F811
    make, schema, once = CASES[case]
    lines = texts(case)
    topic = f"stage-{case.replace('_', '-')}-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ)
    r = subprocess.run([kcli_path(), "embedded", "create", topic, "1", "1"], capture_output=True, text=True,
                       env=env, timeout=30)
    assert r.returncode == 0, f"could not create {topic} on the embedded broker: {r.stderr}"
    wait_topic(embedded_broker.bootstrap, topic, 1)
    kcat("-P", "-b", embedded_broker.bootstrap, "-t", topic, "-p", "0", input=("\n".join(lines) + "\n").encode(),
         timeout=120)

    docs = [None if case == "corrupt" and i == CORRUPT_AT else json.loads(t) for i, t in enumerate(lines)]
    cols = [c.split(":")[0] for c in re.sub(r"struct<[^<>]*>", "struct", schema[len("struct<"):-1]).split(",")]
    is_double = "n:double" in schema
    # the aggregates of every column, computed here from the same records
    agg, want = ["count(*)"], [len(docs)]
    for c in cols:
        vals = [d.get(c) if d is not None else None for d in docs]
        if c == "_corrupt_record":
            vals = [lines[i] if d is None else None for i, d in enumerate(docs)]
        agg.append(f"count({c})")
        want.append(sum(v is not None for v in vals))
        if c == "u":   # a struct: its members' aggregates
            agg += ["sum(u.a)", "max(u.b)"]
            want += [sum(v["a"] for v in vals), max(v["b"] for v in vals)]
        elif c in ("n", "extra"):
            agg.append(f"sum({c})")
            tot = sum(v for v in vals if v is not None)
            want.append(float(tot) if (c == "n" and is_double) else tot)
        else:
            agg.append(f"max({c})")
            present = [v for v in vals if v is not None]
            want.append(max(present) if present else None)
    want_rows = []
    for i in (0, 1, 65535, 65536, 69999):
        d = docs[i]
        row = []
        for c in cols:
            v = None if d is None else d.get(c)
            if c == "n" and is_double and v is not None:
                v = float(v)
            row.append(v)
        want_rows.append("|".join(fmt(v) for v in row))

    src = tmp_path / "staging.scala"
    src.write_text(PROGRAM % {"topic": topic, "group": "st-" + uuid.uuid4().hex[:6], "agg": "SELECT " + ", ".join(agg) + " FROM t"})
    trace = tmp_path / "fetches.txt"
    env["DSTREAM_TRACE_FETCH"] = str(trace)
    r = subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True, timeout=120, env=env,
                       cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    got = {}
    for ln in r.stdout.splitlines():
        tag, _, rest = ln.partition(" ")
        got.setdefault(tag, []).append(rest)
    assert got.get("SCHEMA") == [schema], out
    assert got.get("AGG") == ["|".join(fmt(v) for v in want)], f"aggregates ({', '.join(agg)}):\n{out}"
    assert got.get("ROW") == want_rows, out

    ranges = [(int(m[3]), int(m[4])) for m in map(TRACE_LINE.match, trace.read_text().splitlines()) if m]
    pieces = [(0, PIECE), (PIECE, N)]
    if once:   # staged: pass 2 does not read the topic again
        assert ranges == pieces, f"each piece fetched once while the schema held: {ranges}"
    else:      # the schema changed in the second piece: pass 2 reads both pieces again
        assert ranges == pieces + pieces, f"pass 2 reads the topic again after the schema changed: {ranges}"
