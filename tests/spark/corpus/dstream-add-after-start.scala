// source: docs/streaming.md, Contexts and clocks (errors)
// covers: adding an output after start(): IllegalStateException
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
for (batch <- Seq(1 to 4, 5 to 6, Seq(7))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
lines.foreachRDD(rdd => ())
ssc.start()
// ---- cell
try lines.map(_ + 1).print() catch { case e: IllegalStateException => println(e.getMessage) }
ssc.stop(stopSparkContext = false)
