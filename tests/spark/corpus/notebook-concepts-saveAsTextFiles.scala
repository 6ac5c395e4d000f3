// source: notebooks/DStream-Concepts.ipynb, the print(3)/saveAsTextFiles/foreachRDD report cell
// covers: print(3), saveAsTextFiles, foreachRDD((rdd, time)) with count and reduce
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
val numbers = ssc.queueStream(queue)

numbers.print(3)
numbers.map(n => n * n).saveAsTextFiles("@TMP@/out/squares", "txt")
val report = mutable.ArrayBuffer[String]()
numbers.foreachRDD { (rdd, time) =>
  val n = rdd.count()
  val total = if (n > 0) rdd.reduce(_ + _) else 0
  report += s"$n numbers, total $total"
}
for (batch <- Seq(1 to 5, 6 to 7, Seq[Int]())) queue += sc.makeRDD(batch)
var batches = 0
numbers.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
report.foreach(println)
