// source: docs/streaming.md, Operations (DStream.map)
// covers: DStream.map, print()
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("to be or not", "to be"), Seq("stream or batch", "to stream"), Seq("be"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
// ---- cell
lines.map(_.toUpperCase).print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
