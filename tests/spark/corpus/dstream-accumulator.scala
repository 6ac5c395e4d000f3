// source: docs/streaming.md, Spark semantics kept (accumulators)
// covers: longAccumulator added in foreachRDD, value/sum/count/avg
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
for (batch <- Seq(1 to 4, 5 to 6, Seq(7))) queue += sc.makeRDD(batch)
@transient val lines = ssc.queueStream(queue)
val acc = sc.longAccumulator("seen")
// ---- cell
lines.foreachRDD(rdd => rdd.foreach(x => acc.add(x)))
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
acc.value
acc.count
acc.avg
acc.name
