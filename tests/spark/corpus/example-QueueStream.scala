// source: apache/spark examples/src/main/scala/org/apache/spark/examples/streaming/QueueStream.scala (fewer RDDs, no sleeps)
// covers: map (x % 10, 1), reduceByKey over makeRDD(1 to 1000, 10)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val rddQueue = new mutable.Queue[RDD[Int]]()
val inputStream = ssc.queueStream(rddQueue)
val mappedStream = inputStream.map(x => (x % 10, 1))
val reducedStream = mappedStream.reduceByKey(_ + _)
reducedStream.print()
// ---- cell
for (i <- 1 to 3) rddQueue += ssc.sparkContext.makeRDD(1 to 1000, 10)
var batches = 0
inputStream.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
