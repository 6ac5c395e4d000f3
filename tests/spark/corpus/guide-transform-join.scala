// source: Spark 3.5 Streaming Programming Guide, Transform Operation (spamInfoRDD join)
// covers: transform(rdd => rdd.join(spamInfoRDD).filter(...))
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
val spamInfoRDD = ssc.sparkContext.parallelize(Seq(("kafka", true), ("hello", false)))
val wordCounts = lines.flatMap(_.split(" ")).map((_, 1)).reduceByKey(_ + _)
// ---- cell
val cleanedDStream = wordCounts.transform { rdd =>
  rdd.join(spamInfoRDD).filter { case (w, (n, spam)) => !spam }
}
cleanedDStream.print()
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
