// source: Spark 3.5 Streaming Programming Guide, Design Patterns for using foreachRDD (a stand-in connection object)
// covers: foreachRDD { rdd => rdd.foreachPartition { partitionOfRecords => ... } }: one connection per
//   partition, made on the executor; the stand-in connection sends to accumulators, which is how a
//   count made on executors reaches the driver (an object's counter would count on a deserialized copy),
//   and the driver-only values are @transient so that the closures serialize (Task not serializable else)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
@transient val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
@transient val lines = ssc.queueStream(queue)
val sent = sc.longAccumulator("records sent")
val opened = sc.longAccumulator("connections opened")
// ---- cell
lines.foreachRDD { rdd =>
  rdd.foreachPartition { partitionOfRecords =>
    opened.add(1)                          // the Guide: val connection = createNewConnection()
    partitionOfRecords.foreach(record => sent.add(1))   // connection.send(record)
  }
}
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
println(s"records sent: ${sent.value}, connections opened: ${opened.value}")
