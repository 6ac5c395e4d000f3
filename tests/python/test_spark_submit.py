"""test_spark_submit.py — %spark export and %spark submit (issue 12, "Outgrowing one machine"): the
cells that ran become a program, in the order they ran (%%sql as spark.sql(...).show, other magics as
comments, failed cells kept under a comment naming their error, interrupted ones left out), and %spark submit runs it on real Spark 3.5
(spark-submit from the pyspark package, local[2], 127.0.0.1 only) with its output in the cell;
spark-shell's -i loads the program quietly, so the cell shows what the program prints.
"""

import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "spark"))
import run_scala  # noqa: E402

from test_deprecations import shown  # noqa: E402
from kafka_fixtures import embedded_broker, runtime_dir  # noqa: E402,F401  (fixtures)

LOCAL = ("--master local[2] --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 "
         "--conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.showConsoleProgress=false")


@pytest.fixture(scope="module")
def spark_home():
    try:
        return str(run_scala.spark_home())
    except run_scala.SparkMissing as e:
        pytest.fail(str(e))


def test_export_writes_the_cells_that_ran(run, tmp_path):
    run("%spark export /dev/null")   # nothing recorded from before matters: the file is read below
    cells = ['val xs = List(1, 2, 3)', 'val bad: Int = "x"', 'xs.map(_ * 2).sum',
             '%%sql -n 5\nselect 1 as one', '%lsmagic']
    replies = [run(c)[0]["content"]["status"] for c in cells]
    assert replies == ["ok", "error", "ok", "ok", "ok"]
    out = tmp_path / "prog.scala"
    reply, msgs = run(f"%spark export {out}")
    assert reply["content"]["status"] == "ok", shown(msgs)
    assert f"to {out}" in shown(msgs)
    text = out.read_text()
    body = text[text.index("val xs"):]
    assert "(1 failed here: marked below)" in text
    # spark-shell -I reads the program line by line and reports the failing cell's error, as the kernel did
    assert ("// this cell failed in the kernel (error: type mismatch;); spark-shell reports its error and goes on\n"
            'val bad: Int = "x"\n') in body, body
    assert body.index("val xs") < body.index("val bad") < body.index("xs.map(_ * 2).sum") < body.index('spark.sql("""select 1 as one""").show(5, false)')
    assert "// %lsmagic  (a magic of this kernel" in body
    assert "%spark" not in body


def test_submit_runs_the_program_on_spark(run, spark_home):
    for c in ['val words = Seq("a", "b", "a")', 'println(sc.parallelize(words, 2).countByValue().toSeq.sortBy(_._1))',
              '%%sql\nselect 41 + 1 as answer',
              'import org.apache.spark.streaming._\nval ssc = new StreamingContext(sc, Seconds(1))\n'
              'val q = scala.collection.mutable.Queue[org.apache.spark.rdd.RDD[Int]]()\n'
              'q += sc.parallelize(1 to 10)\nssc.queueStream(q).reduce(_ + _).print()\n'
              'ssc.start(); ssc.awaitTerminationOrTimeout(2500); ssc.stop(false)']:
        reply, msgs = run(c, timeout=60)
        assert reply["content"]["status"] == "ok", shown(msgs)
    reply, msgs = run(f"%spark submit {LOCAL} --spark-home {spark_home}", timeout=300)
    out = shown(msgs)
    assert reply["content"]["status"] == "ok", out
    # what the cells print (spark-shell -i loads the program without echoing each value)
    assert "((a,2), (b,1))" in out, out
    assert "Spark context available as 'sc' (master = local[2]" in out, out
    assert "|answer|" in out and "|42    |" in out, out     # show(20, false): not truncated, left-aligned
    assert "\n55\n" in out, out           # the stream's batch: 1 + ... + 10


def test_submit_without_spark_says_what_to_do(run):
    reply, msgs = run("%spark submit --spark-home /nonexistent/spark")
    c = reply["content"]
    assert c["status"] == "error" and c["ename"] == "SparkSubmitNotFound", c
    assert "SPARK_HOME" in c["evalue"] and "pip install pyspark" in c["evalue"], c["evalue"]
    reply, msgs = run("%spark submit --bogus 1")
    assert reply["content"]["ename"] == "UsageError", reply["content"]
    reply, msgs = run("1 + 1")
    assert reply["content"]["status"] == "ok"


def test_export_says_spark_cannot_use_the_embedded_broker(embedded_broker, run, tmp_path):  # noqa: F811
    """Spark's Java Kafka client cannot talk to the embedded broker (librdkafka's mock cluster answers
    Metadata up to v2 only; Kafka's Java consumer then waits forever): a program that configures Kafka
    brokers, exported after this session's clients were given the embedded broker, gets a note saying
    what to do; before any client used it, or without Kafka in the program, there is none."""
    assert not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), "the kernel must use the embedded broker here"
    run("%spark export /dev/null")
    run("val n = 3")
    reply, msgs = run(f"%spark export {tmp_path / 'plain.scala'}")
    assert reply["content"]["status"] == "ok" and "embedded broker" not in shown(msgs)
    run('val props = new java.util.HashMap[String, Object]()\nprops.put("bootstrap.servers", "")\n'
        'props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")\n'
        'props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer")')
    reply, msgs = run(f"%spark export {tmp_path / 'unused.scala'}")
    assert reply["content"]["status"] == "ok" and "embedded broker" not in shown(msgs)
    reply, msgs = run("import org.apache.kafka.clients.producer.{KafkaProducer, ProducerRecord}\n"
                      "val producer = new KafkaProducer[String, String](props)\n"
                      'producer.send(new ProducerRecord[String, String]("spark-note", "x")).get()\nproducer.close()')
    assert reply["content"]["status"] == "ok", shown(msgs)
    reply, msgs = run(f"%spark export {tmp_path / 'kafka.scala'}")
    out = shown(msgs)
    assert reply["content"]["status"] == "ok", out
    assert "note: this session's Kafka is the embedded broker, which Spark's Java Kafka client cannot use" in out
    assert "tests/kafka/broker.sh start" in out


def test_export_gives_spark_the_kernels_step_and_display(run, tmp_path):
    """ssc.step(n) and displaySVG are the kernel's: a program that calls them gets a prelude defining
    them for Spark (step on Spark's ManualClock: test_notebooks_on_spark.py runs it); one that does not, none."""
    run("%spark export /dev/null")
    run("val n = 1")
    reply, msgs = run(f"%spark export {tmp_path / 'plain.scala'}")
    plain = (tmp_path / "plain.scala").read_text()
    assert "ManualClock" not in plain and "def displaySVG" not in plain and "val n = 1" in plain, plain
    for c in ['import org.apache.spark.streaming._\nval ssc = new StreamingContext(sc, Seconds(1))\n'
              'val q = scala.collection.mutable.Queue[org.apache.spark.rdd.RDD[Int]]()\nssc.queueStream(q).print()\n'
              'ssc.step(2)\nssc.stop(false)', 'displaySVG("<svg/>")']:
        reply, msgs = run(c)
        assert reply["content"]["status"] == "ok", shown(msgs)
    reply, msgs = run(f"%spark export {tmp_path / 'step.scala'}")
    text = (tmp_path / "step.scala").read_text()
    assert '.set("spark.streaming.clock", "org.apache.spark.util.ManualClock")' in text, text
    assert "implicit class DStreamKernelStepCall" in text and "def displaySVG(svg: String" in text, text
    assert text.index("implicit class") < text.index("// ---- the notebook's cells ----") < text.index("ssc.step(2)")


def test_export_leaves_out_interrupted_cells(kernel, run, tmp_path):
    """A cell the user interrupted (an awaitTermination, a long loop) would wait or loop for ever on
    Spark: it is not part of the program; the cells around it are."""
    import time
    from conftest import shell_reply
    km, kc = kernel
    run("%spark export /dev/null")
    run("val before = 1")
    msg_id = kc.execute("Thread.sleep(60000)\nval never = 2")
    time.sleep(1.5)
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id, 30)
    assert reply["content"]["status"] == "error", reply["content"]
    run("val after = 3")
    reply, msgs = run(f"%spark export {tmp_path / 'p.scala'}")
    text = (tmp_path / "p.scala").read_text()
    assert "val before = 1" in text and "val after = 3" in text, text
    assert "Thread.sleep(60000)" not in text and "failed here" not in text, text
