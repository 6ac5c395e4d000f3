"""test_core_fidelity.py — RDD and DStream results as spark-shell 3.5 prints them (issue 12): the
order of keys after joins, cogroup, distinct, subtract, intersection, sortByKey, partitionBy and
the counts (countByKey, countByValue as Scala Maps), case-class and null keys, and the Spark API
that programs use (HashPartitioner …).

Each program runs in the kernel (`dstream-kernel --run`, MASTER=local[2], so defaultParallelism
and the partitions of every shuffle are 2 as in spark-shell --master local[2]). The expected
text is what real spark-shell printed for the same program: recorded with
`.venv/bin/python tests/spark/run_scala.py FILE.scala` (Spark 3.5.5 from the pyspark package,
local[2]). Only the REPL's echo of definitions (`val x: T = …`, `defined class …`) is left out on
both sides; the programs print their results with println, so what is compared is Spark's text.
(tests/python/test_spark_diff.py runs spark-shell itself; these run without Java.)
"""

import os
import pathlib
import re
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ECHO = re.compile(r"^(?!Time: \d+ ms$)([A-Za-z_][A-Za-z0-9_]*: |defined (class|object|trait) )")


def kernel_binary():
    return os.environ.get("DSTREAM_KERNEL") or str(REPO / "kernel" / "dstream-kernel")


def run_program(tmp_path, text):
    src = tmp_path / "cell.scala"
    src.write_text(text)
    env = dict(os.environ, MASTER="local[2]")
    env.pop("SPARK_CONF_DIR", None)
    p = subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True,
                       timeout=120, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    return "\n".join(l for l in p.stdout.splitlines() if not ECHO.match(l)) + "\n"


PROGRAMS = {
    # joins and cogroup in the CoGroupedRDD's order, outer sides as Option; countByKey/countByValue
    # as Scala Maps (a HashTrieMap's order past 4 keys); distinct = reduceByKey's order; subtract
    # in java.util.HashMap's order; sortByKey(false) stable; partitionBy(HashPartitioner)
    "pair-ops": ("""\
val r = sc.parallelize(Seq(("a",1),("b",2),("a",3),("c",4),("b",5)))
val o = sc.parallelize(Seq(("a","x"),("d","y")))
println(r.join(o).collect().mkString(" "))
println(r.leftOuterJoin(o).collect().mkString(" "))
println(r.rightOuterJoin(o).collect().mkString(" "))
println(r.fullOuterJoin(o).collect().mkString(" "))
println(r.cogroup(o).mapValues { case (l, rr) => (l.toList, rr.toList) }.collect().mkString(" "))
println(r.countByKey())
println(sc.parallelize(Seq("x","y","z","w","v","u","x")).countByValue())
println(r.distinct().collect().mkString(" "))
println(r.subtract(sc.parallelize(Seq(("a",1)))).collect().mkString(" "))
println(r.keys.intersection(o.keys).collect().mkString(" "))
println(r.sortByKey(false).collect().mkString(" "))
println(r.partitionBy(new org.apache.spark.HashPartitioner(3)).glom().collect().map(_.mkString(",")).mkString(" | "))
println(r.groupBy(_._1).mapValues(_.toList).collect().mkString(" "))
""", """\
(a,(1,x)) (a,(3,x))
(b,(2,None)) (b,(5,None)) (a,(1,Some(x))) (a,(3,Some(x))) (c,(4,None))
(d,(None,y)) (a,(Some(1),x)) (a,(Some(3),x))
(d,(None,Some(y))) (b,(Some(2),None)) (b,(Some(5),None)) (a,(Some(1),Some(x))) (a,(Some(3),Some(x))) (c,(Some(4),None))
(d,(List(),List(y))) (b,(List(2, 5),List())) (a,(List(1, 3),List(x))) (c,(List(4),List()))
Map(b -> 2, a -> 2, c -> 1)
Map(x -> 2, y -> 1, u -> 1, v -> 1, w -> 1, z -> 1)
(b,2) (b,5) (a,3) (c,4) (a,1)
(b,5) (c,4) (b,2) (a,3)
a
(c,4) (b,2) (b,5) (a,1) (a,3)
(c,4) | (a,1),(a,3) | (b,2),(b,5)
(b,List((b,2), (b,5))) (a,List((a,1), (a,3))) (c,List((c,4)))
"""),
    # the Spark API programs use: StorageLevel and persist, HashPartitioner, Duration(ms),
    # SparkContext.getOrCreate, sc.getConf, AccumulatorV2's members, TaskContext
    "api": ("""\
import org.apache.spark.storage.StorageLevel
import org.apache.spark._
import org.apache.spark.streaming._
println(StorageLevel.MEMORY_ONLY)
println(StorageLevel.MEMORY_AND_DISK_SER_2)
println(StorageLevel.OFF_HEAP)
val r = sc.parallelize(1 to 4)
println(r.getStorageLevel)
r.persist(StorageLevel.MEMORY_ONLY)
println(r.getStorageLevel)
r.unpersist()
println(r.getStorageLevel)
println(new HashPartitioner(4))
println(Duration(1500))
val conf = new SparkConf()
println(SparkContext.getOrCreate(conf) eq sc)
println(sc.getConf.get("spark.master"))
val acc = sc.longAccumulator("n")
println(acc.isZero)
acc.add(3); acc.add(5)
println((acc.isZero, acc.sum, acc.count, acc.avg, acc.value))
val acc2 = acc.copy()
println(acc2)
acc2.merge(acc)
println(acc2.value)
acc.reset()
println(acc.isZero)
println(sc.parallelize(1 to 4, 2).map(x => TaskContext.get.partitionId).collect().mkString(","))
println(sc.parallelize(1 to 4, 2).mapPartitions(it => List(TaskContext.getPartitionId).iterator).collect().mkString(","))
println(TaskContext.get)
""", """\
import org.apache.spark.storage.StorageLevel
import org.apache.spark._
import org.apache.spark.streaming._
StorageLevel(memory, deserialized, 1 replicas)
StorageLevel(disk, memory, 2 replicas)
StorageLevel(disk, memory, offheap, 1 replicas)
StorageLevel(1 replicas)
StorageLevel(memory, deserialized, 1 replicas)
StorageLevel(1 replicas)
org.apache.spark.HashPartitioner@4
1500 ms
true
local[2]
true
(false,8,2,4.0,8)
Un-registered Accumulator: LongAccumulator
16
true
0,0,1,1
0,1
null
"""),
    # case-class keys (productHash), null keys (hash 0, first in their partition), subtract,
    # intersection, subtractByKey, HashPartitioner
    "keys": ("""\
case class Tweet(id: Long, lang: String)
val ts = sc.parallelize(Seq(Tweet(1L,"en"),Tweet(2L,"fr"),Tweet(3L,"en"),Tweet(4L,"de"),Tweet(5L,"es")))
println(ts.map(t => (t, 1)).reduceByKey(_+_).collect().mkString(" "))
println(ts.map(t => (t, t.id)).groupByKey().mapValues(_.toList).collect().mkString(" "))
case class Word(w: String)
println(sc.parallelize(Seq("spark","kafka","scala","java","spark","python","kafka")).map(w => (Word(w), 1)).reduceByKey(_+_).collect().mkString(" "))
val nk = sc.parallelize(Seq[(String,Int)]((null, 1), ("a", 2), (null, 3), ("b", 4)))
println(nk.reduceByKey(_+_).collect().mkString(" "))
println(nk.groupByKey().mapValues(_.toList).collect().mkString(" "))
println(nk.countByKey())
val w = sc.parallelize(Seq("apple","banana","cherry","date","elder","fig","grape"))
println(w.distinct().collect().mkString(" "))
println(w.subtract(sc.parallelize(Seq("date","apple"))).collect().mkString(" "))
println(w.intersection(sc.parallelize(Seq("date","apple","grape","zzz"))).collect().mkString(" "))
println(w.map(x => (x.length, x)).countByKey())
val a = sc.parallelize(Seq(("apple",1),("banana",2),("cherry",3),("date",4),("elder",5)))
val b = sc.parallelize(Seq(("apple","x"),("cherry","y"),("fig","z"),("elder","w"),("apple","v")))
println(a.join(b).collect().mkString(" "))
println(a.fullOuterJoin(b).collect().mkString(" "))
println(a.subtractByKey(b).collect().mkString(" "))
println(a.countByKey())
println(new org.apache.spark.HashPartitioner(3))
println(new org.apache.spark.HashPartitioner(3).getPartition("b"))
""", """\
(Tweet(1,en),1) (Tweet(3,en),1) (Tweet(2,fr),1) (Tweet(4,de),1) (Tweet(5,es),1)
(Tweet(1,en),List(1)) (Tweet(3,en),List(3)) (Tweet(2,fr),List(2)) (Tweet(4,de),List(4)) (Tweet(5,es),List(5))
(Word(python),1) (Word(spark),2) (Word(kafka),2) (Word(scala),1) (Word(java),1)
(null,4) (b,4) (a,2)
(null,List(1, 3)) (b,List(4)) (a,List(2))
Map(null -> 2, b -> 1, a -> 1)
fig apple elder date banana grape cherry
fig elder banana cherry grape
apple date grape
Map(4 -> 1, 6 -> 2, 3 -> 1, 5 -> 3)
(apple,(1,x)) (apple,(1,v)) (elder,(5,w)) (cherry,(3,y))
(fig,(None,Some(z))) (apple,(Some(1),Some(x))) (apple,(Some(1),Some(v))) (elder,(Some(5),Some(w))) (date,(Some(4),None)) (banana,(Some(2),None)) (cherry,(Some(3),Some(y)))
(date,4) (banana,2)
Map(elder -> 1, banana -> 1, date -> 1, cherry -> 1, apple -> 1)
org.apache.spark.HashPartitioner@3
2
"""),
}


# A DStream program: spark-shell ran it with `ssc.start(); ssc.awaitTerminationOrTimeout(9000)` and
# the expected text is its first three batches (batch times written as N); the kernel runs the same
# three batches with ssc.step() (its deterministic clock), so no timing is involved. DStream.groupByKey
# and groupByKeyAndWindow collect into ArrayBuffers; windowed and joined keys in Spark's order.
STREAMING = ("""\
import org.apache.spark.streaming._
import scala.collection.mutable
import org.apache.spark.rdd.RDD
val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("ckpt")
val q = mutable.Queue[RDD[(String,Int)]]()
q += sc.parallelize(Seq(("a",1),("b",2),("a",3),("c",4),("b",5)))
q += sc.parallelize(Seq(("d",1),("b",2),("e",3),("f",4),("g",5),("h",6)))
val s = ssc.queueStream(q, true)
s.groupByKey().print()
s.groupByKeyAndWindow(Seconds(2)).print()
s.cogroup(s.mapValues(_ * 10)).mapValues { case (l, r) => (l.toList, r.toList) }.print()
s.reduceByKeyAndWindow(_ + _, Seconds(2)).print()
s.leftOuterJoin(s.filter(_._1 != "b")).print()
s.countByValue().print()
s.map(_._1).countByValueAndWindow(Seconds(2), Seconds(1)).print()
ssc.step(); ssc.step(); ssc.step()
""", """\
-------------------------------------------
Time: N
-------------------------------------------
(b,ArrayBuffer(2, 5))
(a,ArrayBuffer(1, 3))
(c,ArrayBuffer(4))

-------------------------------------------
Time: N
-------------------------------------------
(b,ArrayBuffer(2, 5))
(a,ArrayBuffer(1, 3))
(c,ArrayBuffer(4))

-------------------------------------------
Time: N
-------------------------------------------
(b,(List(2, 5),List(20, 50)))
(a,(List(1, 3),List(10, 30)))
(c,(List(4),List(40)))

-------------------------------------------
Time: N
-------------------------------------------
(b,7)
(a,4)
(c,4)

-------------------------------------------
Time: N
-------------------------------------------
(b,(2,None))
(b,(5,None))
(a,(1,Some(1)))
(a,(1,Some(3)))
(a,(3,Some(1)))
(a,(3,Some(3)))
(c,(4,Some(4)))

-------------------------------------------
Time: N
-------------------------------------------
((b,2),1)
((b,5),1)
((a,3),1)
((c,4),1)
((a,1),1)

-------------------------------------------
Time: N
-------------------------------------------
(b,2)
(a,2)
(c,1)

-------------------------------------------
Time: N
-------------------------------------------
(d,ArrayBuffer(1))
(b,ArrayBuffer(2))
(h,ArrayBuffer(6))
(f,ArrayBuffer(4))
(e,ArrayBuffer(3))
(g,ArrayBuffer(5))

-------------------------------------------
Time: N
-------------------------------------------
(d,ArrayBuffer(1))
(b,ArrayBuffer(2, 5, 2))
(h,ArrayBuffer(6))
(f,ArrayBuffer(4))
(e,ArrayBuffer(3))
(a,ArrayBuffer(1, 3))
(g,ArrayBuffer(5))
(c,ArrayBuffer(4))

-------------------------------------------
Time: N
-------------------------------------------
(d,(List(1),List(10)))
(b,(List(2),List(20)))
(h,(List(6),List(60)))
(f,(List(4),List(40)))
(e,(List(3),List(30)))
(g,(List(5),List(50)))

-------------------------------------------
Time: N
-------------------------------------------
(d,1)
(b,9)
(h,6)
(f,4)
(e,3)
(a,4)
(g,5)
(c,4)

-------------------------------------------
Time: N
-------------------------------------------
(d,(1,Some(1)))
(b,(2,None))
(h,(6,Some(6)))
(f,(4,Some(4)))
(e,(3,Some(3)))
(g,(5,Some(5)))

-------------------------------------------
Time: N
-------------------------------------------
((b,2),1)
((d,1),1)
((g,5),1)
((h,6),1)
((e,3),1)
((f,4),1)

-------------------------------------------
Time: N
-------------------------------------------
(d,1)
(b,3)
(h,1)
(f,1)
(e,1)
(a,2)
(g,1)
(c,1)

-------------------------------------------
Time: N
-------------------------------------------

-------------------------------------------
Time: N
-------------------------------------------
(d,ArrayBuffer(1))
(b,ArrayBuffer(2))
(h,ArrayBuffer(6))
(f,ArrayBuffer(4))
(e,ArrayBuffer(3))
(g,ArrayBuffer(5))

-------------------------------------------
Time: N
-------------------------------------------

-------------------------------------------
Time: N
-------------------------------------------
(d,1)
(b,2)
(h,6)
(f,4)
(e,3)
(g,5)

-------------------------------------------
Time: N
-------------------------------------------

-------------------------------------------
Time: N
-------------------------------------------

-------------------------------------------
Time: N
-------------------------------------------
(d,1)
(b,1)
(h,1)
(f,1)
(e,1)
(g,1)

""")


# A join of a reduced RDD (the DStream-Concepts notebook's), then a stateful stream that feeds no
# output: Spark asks for a checkpoint directory only for streams an output reaches. spark-shell ran
# `ssc.start(); ssc.awaitTerminationOrTimeout(1500)`; its first two batches are expected (and not its
# compiler's "warning: one deprecation" for StreamingContext, which the kernel does not print).
CHECKPOINT_ONLY_FOR_OUTPUTS = ("""\
import org.apache.spark.streaming._
import scala.collection.mutable
import org.apache.spark.rdd.RDD
val kinds = sc.parallelize(Seq(("spark", "engine"), ("flink", "engine"), ("kafka", "log")))
val counts = sc.makeRDD(Seq("spark reads kafka", "spark writes kafka", "hello spark")).flatMap(_.split(" ")).map(w => (w, 1)).reduceByKey(_ + _, 2)
println(counts.join(kinds).collect().mkString(" "))
val ssc = new StreamingContext(sc, Seconds(1))
val q = mutable.Queue[RDD[(String, Int)]]()
q += sc.parallelize(Seq(("a", 1)))
val st = ssc.queueStream(q)
val unused = st.updateStateByKey((vs: Seq[Int], s: Option[Int]) => Some(vs.sum + s.getOrElse(0)))
st.print()
ssc.step(); ssc.step()
ssc.stop(false)
""", """\
import org.apache.spark.streaming._
import scala.collection.mutable
import org.apache.spark.rdd.RDD
(kafka,(2,log)) (spark,(3,engine))
-------------------------------------------
Time: N
-------------------------------------------
(a,1)

-------------------------------------------
Time: N
-------------------------------------------

""")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_as_spark_shell(tmp_path, name):
    program, expected = PROGRAMS[name]
    assert run_program(tmp_path, program) == expected


def test_dstream_batches_as_spark_shell(tmp_path):
    program, expected = STREAMING
    out = run_program(tmp_path, program)
    out = re.sub(r"(?m)^Time: \d+ ms$", "Time: N", out)
    assert out[out.index("-------"):] == expected


def test_checkpoint_only_for_streams_an_output_reaches(tmp_path):
    program, expected = CHECKPOINT_ONLY_FOR_OUTPUTS
    out = run_program(tmp_path, program)
    assert re.sub(r"(?m)^Time: \d+ ms$", "Time: N", out) == expected


# spark-shell's first line for `new SparkContext(new SparkConf().setAppName("y").setMaster("local[2]"))`,
# `new StreamingContext(conf, Seconds(2))` and Spark 0.9's `new StreamingContext("local[2]", "app",
# Seconds(1), null, Nil)`: its context is the only one
SECOND_CONTEXT = ("org.apache.spark.SparkException: Only one SparkContext should be running in this JVM "
                  "(see SPARK-2243).The currently running SparkContext was created at:")


@pytest.mark.parametrize("code", [
    'val sc3 = new SparkContext(new SparkConf().setAppName("y").setMaster("local[2]"))',
    'val ssc = new StreamingContext(new SparkConf(), Seconds(2))',
    'val ssc3 = new StreamingContext("local[2]", "app", Seconds(1), null, Nil)',
])
def test_a_second_context_is_refused_as_spark_shell_does(tmp_path, code):
    src = tmp_path / "cell.scala"
    src.write_text("import org.apache.spark._\nimport org.apache.spark.streaming._\n" + code + "\n")
    p = subprocess.run([kernel_binary(), "--run", str(src)], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, MASTER="local[2]"), cwd=tmp_path)
    assert p.returncode == 1
    assert p.stderr.splitlines()[0] == SECOND_CONTEXT
