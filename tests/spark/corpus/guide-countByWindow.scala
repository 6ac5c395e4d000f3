// source: Spark 3.5 Streaming Programming Guide, Window Operations (countByWindow, reduceByWindow)
// covers: countByWindow and reduceByWindow over word lengths
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/checkpoint")
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
// ---- cell
lines.countByWindow(Seconds(2), Seconds(1)).print()
lines.map(_.length).reduceByWindow(_ + _, Seconds(2), Seconds(1)).print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 4) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
