// source: apache/spark examples/src/main/scala/org/apache/spark/examples/streaming/RecoverableNetworkWordCount.scala (createContext and getOrCreate; queueStream input; no output file)
// covers: getOrCreate(checkpointDir, createContext), foreachRDD((rdd, time)) printing Counts at time
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val checkpointDirectory = "@TMP@/checkpoint"
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
var batches = 0
def createContext(): StreamingContext = {
  println("Creating new context")
  val ssc = new StreamingContext(sc, Seconds(1))
  ssc.checkpoint(checkpointDirectory)
  val lines = ssc.queueStream(queue)
  val words = lines.flatMap(_.split(" "))
  val wordCounts = words.map(x => (x, 1)).reduceByKey(_ + _)
  wordCounts.foreachRDD((rdd: RDD[(String, Int)], time: Time) => {
    val counts = "Counts at time " + (time.milliseconds > 0) + " " + rdd.collect().mkString("[", ", ", "]")
    println(counts)
    batches += 1
  })
  ssc
}
// ---- cell
val ssc = StreamingContext.getOrCreate(checkpointDirectory, createContext _)
var waited = 0
ssc.start()
while (batches < 3 && waited < 200) { ssc.awaitTerminationOrTimeout(50); waited += 1 }
ssc.stop(stopSparkContext = false)
