// source: docs/streaming.md, Operations (DStream.window)
// covers: DStream.window with a slide of two batches
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
for (batch <- Seq(1 to 4, 5 to 6, Seq(7))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
// ---- cell
lines.window(Seconds(3), Seconds(2)).print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 4) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
