// source: Spark 3.5 Streaming Programming Guide, Window Operations (30 s / 10 s scaled to 2 s / 1 s)
// covers: reduceByKeyAndWindow((a: Int, b: Int) => (a + b), window, slide)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
val pairs = lines.flatMap(_.split(" ")).map(word => (word, 1))
// ---- cell
val windowedWordCounts = pairs.reduceByKeyAndWindow((a: Int, b: Int) => (a + b), Seconds(2), Seconds(1))
windowedWordCounts.print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 4) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
