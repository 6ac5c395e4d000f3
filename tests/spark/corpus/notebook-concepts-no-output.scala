// source: notebooks/DStream-Concepts.ipynb, the no-output-operations cell (step replaced by start)
// covers: start() without outputs: IllegalArgumentException's message
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
val doubled = ssc.queueStream(queue).map(_ * 2)
try ssc.start() catch { case e: IllegalArgumentException => println("Spark says: " + e.getMessage) }
