// source: docs/streaming.md, Contexts and clocks (errors)
// covers: a window that is not a multiple of the slide: Spark's message
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
for (batch <- Seq(1 to 4, 5 to 6, Seq(7))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
lines.window(Milliseconds(1500)).print()
try ssc.start() catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage) }
