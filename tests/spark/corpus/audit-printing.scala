// source: issue 12's list, Printing (each named example)
// covers: Float, Maps of more than 4 entries, countByKey, Map.toSeq, mutable.Queue, System.setProperty,
//   DStream echo types, groupByKey/cogroup/outer-join values, collect of an outer join
1f/7
val fl: Float = 0.5f * 3
val fl2 = 1.0f / 3
// ---- cell
Map(1->"a",2->"b",3->"c",4->"d",5->"e")
Map("a"->1,"b"->2,"c"->3,"d"->4,"e"->5,"f"->6)
// ---- cell
sc.parallelize(Seq(("a",1),("b",2),("a",3))).countByKey()
// ---- cell
Map("a"->1,"b"->2).toSeq
Map("a"->1,"b"->2,"c"->3,"d"->4,"e"->5).toSeq
// ---- cell
val q = scala.collection.mutable.Queue(1,2,3)
import scala.collection.mutable
val q2 = new mutable.Queue[org.apache.spark.rdd.RDD[Int]]()
// ---- cell
System.setProperty("audit.printing", "1")
System.setProperty("audit.printing", "2")
// ---- cell
import org.apache.spark.streaming._
val ssc = new StreamingContext(sc, Seconds(1))
val qs = new mutable.Queue[org.apache.spark.rdd.RDD[String]]()
val lines = ssc.queueStream(qs)
val pairs = lines.map(w => (w, 1))
val counts = pairs.reduceByKey(_ + _)
val grouped = pairs.groupByKey()
val win = pairs.window(Seconds(2))
val cg = pairs.cogroup(pairs)
val st = pairs.updateStateByKey((v: Seq[Int], s: Option[Int]) => Some(v.sum + s.getOrElse(0)))
// ---- cell
sc.parallelize(Seq(("a",1),("b",2))).groupByKey().collect()
// ---- cell
sc.parallelize(Seq(("a",1),("b",2))).cogroup(sc.parallelize(Seq(("a","x")))).collect()
// ---- cell
sc.parallelize(Seq(("a",1),("b",2))).fullOuterJoin(sc.parallelize(Seq(("a","x")))).collect()
sc.parallelize(Seq(("a",1),("b",2))).rightOuterJoin(sc.parallelize(Seq(("a","x")))).collect()
