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
