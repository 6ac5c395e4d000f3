// source: apache/spark examples/src/main/scala/org/apache/spark/examples/streaming/SqlNetworkWordCount.scala (queueStream input; the session from SparkSession.builder)
// covers: foreachRDD((rdd, time)) with rdd.toDF of a case class, a temp view and spark.sql group by
//   (awaitTermination: the third batch stops the stream; a timeout raced the batches' SQL jobs, 200
//   shuffle partitions each, on a loaded machine)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
case class Record(word: String)
// ---- cell
val words = lines.flatMap(_.split(" "))
words.foreachRDD { (rdd: RDD[String], time: Time) =>
  val spark = org.apache.spark.sql.SparkSession.builder.config(rdd.sparkContext.getConf).getOrCreate()
  import spark.implicits._
  val wordsDataFrame = rdd.map(w => Record(w)).toDF()
  wordsDataFrame.createOrReplaceTempView("words")
  val wordCountsDataFrame = spark.sql("select word, count(*) as total from words group by word order by word")
  println(s"========= ${time.milliseconds > 0} =========")
  wordCountsDataFrame.show()
}
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTermination()
