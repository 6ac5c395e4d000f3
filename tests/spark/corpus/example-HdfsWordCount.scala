// source: apache/spark examples/src/main/scala/org/apache/spark/examples/streaming/HdfsWordCount.scala (textFileStream replaced by a queueStream of the same lines)
// covers: the word count of HdfsWordCount over lines of text
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("a file line", "another line"), Seq("line three"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
// ---- cell
val words = lines.flatMap(_.split(" "))
val wordCounts = words.map(x => (x, 1)).reduceByKey(_ + _)
wordCounts.print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 2) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
