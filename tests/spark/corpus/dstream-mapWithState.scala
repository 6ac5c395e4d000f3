// source: docs/streaming.md, Operations (DStream.mapWithState)
// covers: mapWithState with StateSpec.function
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/checkpoint")
val queue = new mutable.Queue[RDD[(String, Int)]]()
for (batch <- Seq(Seq(("a", 1), ("b", 2), ("a", 3)), Seq(("b", 4), ("c", 5)), Seq(("a", 6)))) queue += sc.makeRDD(batch)
@transient val lines = ssc.queueStream(queue)
// ---- cell
def track(key: String, value: Option[Int], state: State[Int]): (String, Int) = {
  val sum = value.getOrElse(0) + state.getOption.getOrElse(0)
  state.update(sum)
  (key, sum)
}
lines.mapWithState(StateSpec.function(track _)).print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
