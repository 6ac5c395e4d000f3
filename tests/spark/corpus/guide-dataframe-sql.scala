// source: Spark 3.5 Streaming Programming Guide, DataFrame and SQL Operations
// covers: foreachRDD with SparkSession.builder.config(rdd.sparkContext.getConf).getOrCreate(), toDF("word"), SQL
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("hello spark", "hello kafka"), Seq("spark streaming", "hello"), Seq("kafka kafka"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
val words = lines.flatMap(_.split(" "))
// ---- cell
words.foreachRDD { rdd =>
  val spark = org.apache.spark.sql.SparkSession.builder.config(rdd.sparkContext.getConf).getOrCreate()
  import spark.implicits._
  val wordsDataFrame = rdd.toDF("word")
  wordsDataFrame.createOrReplaceTempView("words")
  val wordCountsDataFrame = spark.sql("select word, count(*) as total from words group by word order by total desc, word")
  wordCountsDataFrame.show()
}
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
