// source: docs/streaming.md, Contexts (ssc.union)
// covers: StreamingContext.union of two input streams
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("to be or not", "to be"), Seq("stream or batch", "to stream"), Seq("be"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
val queue2 = new mutable.Queue[RDD[String]]()
queue2 += sc.makeRDD(Seq("x y"))
val more = ssc.queueStream(queue2)
// ---- cell
ssc.union(Seq(lines, more)).print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
