// source: Spark 3.5 Streaming Programming Guide, How to configure Checkpointing (functionToCreateContext)
// covers: StreamingContext.getOrCreate(checkpointDirectory, functionToCreateContext _)
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
  lines.foreachRDD(rdd => batches += 1)
  ssc.checkpoint(checkpointDirectory)
  ssc
}
// ---- cell
val context = StreamingContext.getOrCreate(checkpointDirectory, functionToCreateContext _)
var waited = 0
context.start()
while (batches < 3 && waited < 200) { context.awaitTerminationOrTimeout(50); waited += 1 }
context.stop(stopSparkContext = false)
