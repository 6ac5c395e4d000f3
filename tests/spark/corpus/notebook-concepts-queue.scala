// source: notebooks/DStream-Concepts.ipynb, the first queueStream cells
// covers: queueStream print of two batches
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
// ---- cell
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
val lines = ssc.queueStream(queue)
lines.print()

for (batch <- Seq(Seq("the first line", "the second line"), Seq("the third line")))
  queue += sc.makeRDD(batch)
// ---- cell
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 2) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
