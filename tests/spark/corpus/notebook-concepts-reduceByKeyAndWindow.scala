// source: notebooks/DStream-Concepts.ipynb, the reduceByKeyAndWindow cell (results printed sorted per window)
// covers: reduceByKeyAndWindow without inverse, with inverse, with filterFunc
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/ckpt-reduce")
val queue = new mutable.Queue[RDD[String]]()
val wordPairs = ssc.queueStream(queue).map(word => (word, 1))

val plain   = wordPairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(3), Seconds(1))
val inverse = wordPairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, (a: Int, b: Int) => a - b,
                                             Seconds(3), Seconds(1))
val cleaned = wordPairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, (a: Int, b: Int) => a - b,
                                             Seconds(3), Seconds(1), 2,
                                             (kv: (String, Int)) => kv._2 > 0)

plain.foreachRDD(rdd => println("without inverse " + rdd.collect().sorted.mkString(" ")))
inverse.foreachRDD(rdd => println("with inverse " + rdd.collect().sorted.mkString(" ")))
cleaned.foreachRDD(rdd => println("inverse + filterFunc " + rdd.collect().sorted.mkString(" ")))

val input = Seq(Seq("spark", "kafka", "spark"), Seq("kafka"), Seq("flink"), Seq("flink", "flink"), Seq(), Seq())
input.foreach(words => queue += sc.makeRDD(words))
var batches = 0
wordPairs.foreachRDD { rdd => batches += 1; if (batches == 6) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
