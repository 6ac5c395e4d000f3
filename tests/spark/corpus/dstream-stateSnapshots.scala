// source: docs/streaming.md, Operations (DStream.stateSnapshots)
// covers: mapWithState(...).stateSnapshots()
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/checkpoint")
val queue = new mutable.Queue[RDD[(String, Int)]]()
for (batch <- Seq(Seq(("a", 1), ("b", 2), ("a", 3)), Seq(("b", 4), ("c", 5)), Seq(("a", 6)))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
// ---- cell
val spec = StateSpec.function((k: String, v: Option[Int], s: State[Int]) => { s.update(v.getOrElse(0) + s.getOption.getOrElse(0)); k })
lines.mapWithState(spec).stateSnapshots().print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
