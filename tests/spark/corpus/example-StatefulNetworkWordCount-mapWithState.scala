// source: apache/spark examples/src/main/scala/org/apache/spark/examples/streaming/StatefulNetworkWordCount.scala, the mapWithState version with an initial RDD
// covers: mapWithState with initialState and a mapping function returning (word, sum)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/checkpoint")
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
val initialRDD = ssc.sparkContext.parallelize(List(("hello", 1), ("world", 1)))
// ---- cell
val wordDstream = lines.flatMap(_.split(" ")).map(x => (x, 1))
val mappingFunc = (word: String, one: Option[Int], state: State[Int]) => {
  val sum = one.getOrElse(0) + state.getOption.getOrElse(0)
  val output = (word, sum)
  state.update(sum)
  output
}
val stateDstream = wordDstream.mapWithState(StateSpec.function(mappingFunc).initialState(initialRDD))
stateDstream.print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
