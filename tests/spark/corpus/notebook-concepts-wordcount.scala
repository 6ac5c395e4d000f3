// source: notebooks/DStream-Concepts.ipynb, the word count cell
// covers: flatMap, map, reduceByKey, print over two batches
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
val lines = ssc.queueStream(queue)

val words = lines.flatMap(line => line.split(" "))
val pairs = words.map(word => (word, 1))
val wordCounts = pairs.reduceByKey(_ + _)
wordCounts.print()

for (text <- Seq("to be or not to be", "to stream or to batch"))
  queue += sc.makeRDD(Seq(text))
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 2) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
