"""test_repl_types.py — the types spark-shell 3.5's echo gives mutable collections and declared
types: mutable.Queue (the queueStream idiom) and ListBuffer are their own classes (`Queue(1)`,
`scala.collection.mutable.Queue[Int]`), and library classes written in a declared type or in type
arguments print qualified (`org.apache.spark.rdd.RDD[String]`), except those Scala's default imports
name (Map, StringBuilder, List, ...).

The expected text was printed by spark-shell 3.5.5 (pyspark 3.5.5, Scala 2.12.18, local[2])
through tests/spark/run_scala.py, the lines below as one cell; res numbers are normalised
(spark-shell counts its marker lines and Unit statements too).
"""

import re

from test_scala_fidelity import normalise, shown

CELL = """import org.apache.spark.rdd.RDD
import scala.collection.mutable
val queue = new mutable.Queue[RDD[String]]()
val q2 = mutable.Queue[Int]()
q2 += 1
q2.enqueue(2, 3)
q2.dequeue()
q2
val lb = scala.collection.mutable.ListBuffer(1, 2)
lb += 3
lb.toList
val lb2 = lb.map(_ * 2)
def f(r: RDD[Int], m: Map[String, Int], s: StringBuilder): Option[RDD[Int]] = None
val ab = mutable.ArrayBuffer[String]()
val hm = new java.util.HashMap[String, Int]()
val rnd: scala.util.Random = null"""

SPARK = """import org.apache.spark.rdd.RDD
import scala.collection.mutable
queue: scala.collection.mutable.Queue[org.apache.spark.rdd.RDD[String]] = Queue()
q2: scala.collection.mutable.Queue[Int] = Queue()
res1: q2.type = Queue(1)
res3: Int = 1
res4: scala.collection.mutable.Queue[Int] = Queue(2, 3)
lb: scala.collection.mutable.ListBuffer[Int] = ListBuffer(1, 2)
res5: lb.type = ListBuffer(1, 2, 3)
res6: List[Int] = List(1, 2, 3)
lb2: scala.collection.mutable.ListBuffer[Int] = ListBuffer(2, 4, 6)
f: (r: org.apache.spark.rdd.RDD[Int], m: Map[String,Int], s: StringBuilder)Option[org.apache.spark.rdd.RDD[Int]]
ab: scala.collection.mutable.ArrayBuffer[String] = ArrayBuffer()
hm: java.util.HashMap[String,Int] = {}
rnd: scala.util.Random = null"""


def test_queue_listbuffer_and_qualified_types_as_spark_shell(run):
    reply, msgs = run(CELL)
    got = shown(msgs)
    assert normalise(got) == normalise(SPARK), f"--- spark-shell 3.5.5:\n{SPARK}\n--- kernel:\n{got}"


def test_queue_feeds_queue_stream(run):
    """queueStream takes the mutable.Queue (its own kind now) as before."""
    reply, msgs = run("""import org.apache.spark.streaming._
val qs = new StreamingContext(sc, Seconds(1))
val qq = scala.collection.mutable.Queue[org.apache.spark.rdd.RDD[Int]]()
qq += sc.parallelize(Seq(1, 2, 3))
qs.queueStream(qq).count().print()
qs.start(); qs.awaitTerminationOrTimeout(1500); qs.stop(false)""")
    assert reply["content"]["status"] == "ok", shown(msgs)
    assert "\n3\n" in shown(msgs), shown(msgs)


def test_queue_stream_typed_by_the_empty_queues_type(run):
    """An empty queue's written type gives queueStream's element type, as Scala's static type does
    (spark-shell 3.5.5 printed these echoes for the corpus's dstream programs)."""
    reply, msgs = run("""import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val tssc = new StreamingContext(sc, Seconds(1))
val tq = new mutable.Queue[RDD[(String, Int)]]()
val tlines = tssc.queueStream(tq)
val tq2 = mutable.Queue[org.apache.spark.rdd.RDD[Int]]()
val tl2 = tssc.queueStream(tq2)
val tm = tl2.map(_ * 2)""")
    got = re.sub(r"@[0-9a-f]+\b", "@HASH", shown(msgs))   # the kernel's object ids are short
    for line in ["tlines: org.apache.spark.streaming.dstream.InputDStream[(String, Int)] = "
                 "org.apache.spark.streaming.dstream.QueueInputDStream@HASH",
                 "tl2: org.apache.spark.streaming.dstream.InputDStream[Int] = "
                 "org.apache.spark.streaming.dstream.QueueInputDStream@HASH",
                 "tm: org.apache.spark.streaming.dstream.DStream[Int] = "
                 "org.apache.spark.streaming.dstream.MappedDStream@HASH"]:
        assert line in got, got
