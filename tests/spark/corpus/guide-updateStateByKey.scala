// source: Spark 3.5 Streaming Programming Guide, UpdateStateByKey Operation
// covers: def updateFunction(newValues: Seq[Int], runningCount: Option[Int])
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/checkpoint")
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
@transient val lines = ssc.queueStream(queue)
@transient val pairs = lines.flatMap(_.split(" ")).map(word => (word, 1))
// ---- cell
def updateFunction(newValues: Seq[Int], runningCount: Option[Int]): Option[Int] = {
  val newCount = runningCount.getOrElse(0) + newValues.sum
  Some(newCount)
}
@transient val runningCounts = pairs.updateStateByKey[Int](updateFunction _)
runningCounts.print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
