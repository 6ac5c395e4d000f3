// source: docs/streaming.md, Operations (join on windowed streams)
// covers: join of two windowed streams
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[(String, Int)]]()
for (batch <- Seq(Seq(("a", 1), ("b", 2), ("a", 3)), Seq(("b", 4), ("c", 5)), Seq(("a", 6)))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
val queue2 = new mutable.Queue[RDD[(String, String)]]()
for (batch <- Seq(Seq(("a", "x"), ("c", "y")), Seq(("b", "z")), Seq(("d", "w")))) queue2 += sc.makeRDD(batch)
val other = ssc.queueStream(queue2)
// ---- cell
lines.window(Seconds(2)).join(other.window(Seconds(2))).print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 4) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
