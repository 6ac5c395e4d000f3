// source: docs/streaming.md, Operations (DStream.countByWindow)
// covers: DStream.countByWindow (needs a checkpoint)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/checkpoint")
val queue = new mutable.Queue[RDD[Int]]()
for (batch <- Seq(1 to 4, 5 to 6, Seq(7))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
// ---- cell
lines.countByWindow(Seconds(2), Seconds(1)).print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 4) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
