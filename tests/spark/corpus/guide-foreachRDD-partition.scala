// source: Spark 3.5 Streaming Programming Guide, Design Patterns for using foreachRDD (a stand-in connection object)
// covers: foreachRDD { rdd => rdd.foreachPartition { partitionOfRecords => ... } }
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
object ConnectionPool { val sent = new java.util.concurrent.atomic.AtomicInteger(0) }
// ---- cell
lines.foreachRDD { rdd =>
  rdd.foreachPartition { partitionOfRecords =>
    partitionOfRecords.foreach(record => ConnectionPool.sent.incrementAndGet())
  }
}
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
ConnectionPool.sent.get
