// source: Spark 3.5 Streaming Programming Guide, Join Operations: stream-stream joins
// covers: stream1.join(stream2), windowed join
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[(String, Int)]]()
for (batch <- Seq(Seq(("a", 1), ("b", 2), ("a", 3)), Seq(("b", 4), ("c", 5)), Seq(("a", 6)))) queue += sc.makeRDD(batch)
val stream1 = ssc.queueStream(queue)
val queue2 = new mutable.Queue[RDD[(String, String)]]()
for (batch <- Seq(Seq(("a", "x"), ("c", "y")), Seq(("b", "z")), Seq(("d", "w")))) queue2 += sc.makeRDD(batch)
val stream2 = ssc.queueStream(queue2)
// ---- cell
val joinedStream = stream1.join(stream2)
joinedStream.print()
val windowedStream1 = stream1.window(Seconds(2))
val windowedStream2 = stream2.window(Seconds(1))
windowedStream1.join(windowedStream2).print()
var batches = 0
stream1.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
