// source: docs/streaming.md, Spark semantics kept (accumulators)
// covers: longAccumulator added in foreachRDD (through a local val: a task closure that names a
//   REPL val drags the line holding the StreamingContext along in spark-shell), value/sum/count/avg
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
for (batch <- Seq(1 to 4, 5 to 6, Seq(7))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
val acc = sc.longAccumulator("seen")
// ---- cell
lines.foreachRDD { rdd => val seen = acc; rdd.foreach(x => seen.add(x)) }
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
acc.value
acc.count
acc.avg
acc.name
