// source: Spark 3.5 Streaming Programming Guide, How to configure Checkpointing (functionToCreateContext)
// covers: StreamingContext.getOrCreate(checkpointDirectory, functionToCreateContext _)
//   (the third batch stops the context, through getActive: a closure holding the context would not
//   serialize into the checkpoint; a driver loop polling the count let more batches run under load)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val checkpointDirectory = "@TMP@/checkpoint"
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
var batches = 0
def functionToCreateContext(): StreamingContext = {
  val ssc = new StreamingContext(sc, Seconds(1))
  val lines = ssc.queueStream(queue)
  lines.count().print()
  lines.foreachRDD { rdd => batches += 1; if (batches == 3) StreamingContext.getActive.foreach(_.stop(stopSparkContext = false)) }
  ssc.checkpoint(checkpointDirectory)
  ssc
}
// ---- cell
val context = StreamingContext.getOrCreate(checkpointDirectory, functionToCreateContext _)
context.start()
context.awaitTerminationOrTimeout(20000)
