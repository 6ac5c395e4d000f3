// source: docs/streaming.md, Contexts and clocks (errors)
// covers: updateStateByKey without ssc.checkpoint: the checkpoint requirement
// session: fresh  (in a shared spark-shell an earlier program's ssc.checkpoint set sc's checkpoint
//   directory, and Spark then finds one)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[(String, Int)]]()
for (batch <- Seq(Seq(("a", 1), ("b", 2), ("a", 3)), Seq(("b", 4), ("c", 5)), Seq(("a", 6)))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
lines.updateStateByKey[Int]((vs: Seq[Int], s: Option[Int]) => Some(vs.sum)).print()
try ssc.start() catch { case e: IllegalArgumentException => println(e.getMessage) }
