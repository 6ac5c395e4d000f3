// source: course notebooks' ways of printing a DStream's batches: take(n).foreach(println), collect().mkString, printf, f-strings
// covers: foreachRDD with rdd.count() in s"...", rdd.take(3).foreach(println), collect().mkString(", "), f"$k%-5s ${k.length}%d $v%.2f",
//   f"$x%5.1f", sortBy(_._2, ascending = false).take(2), top(2)(Ordering.by(_._2)), DStream.print(2), map(_.toUpperCase)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[(String, Double)]]()
queue += sc.makeRDD(Seq(("temp", 21.5), ("hum", 40.25), ("temp", 22.0), ("wind", 3.125)))
queue += sc.makeRDD(Seq(("temp", 19.0), ("hum", 55.5)))
val readings = ssc.queueStream(queue)
// ---- cell
readings.foreachRDD { rdd =>
  println(s"Batch with ${rdd.count()} readings")
  rdd.take(3).foreach(println)
  println(rdd.map(_._1).collect().mkString(", "))
}
// ---- cell
readings.reduceByKey(_ + _).foreachRDD { rdd =>
  val sorted = rdd.sortBy(_._2, ascending = false).take(2)
  sorted.foreach { case (k, v) => println(f"$k%-5s ${k.length}%d $v%.2f") }
  rdd.top(2)(Ordering.by(_._2)).foreach { case (k, v) => println(f"$k%s=$v%5.1f") }
}
readings.map { case (k, v) => (k.toUpperCase, v * 2) }.print(2)
// ---- cell
var batches = 0
readings.foreachRDD { rdd => batches += 1; if (batches == 2) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTermination()
