// source: docs/streaming.md, Contexts and clocks (errors)
// covers: start() without output operations: Spark's requirement message
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
val doubled = ssc.queueStream(queue).map(_ * 2)
try ssc.start() catch { case e: IllegalArgumentException => println("Spark says: " + e.getMessage) }
ssc.getState()
