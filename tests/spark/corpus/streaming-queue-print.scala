// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: streaming queue print
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val q = new mutable.Queue[RDD[Int]]()
for (i <- 1 to 3) q += sc.makeRDD(1 to i * 2)
var batches = 0
val s = ssc.queueStream(q)
// ---- cell
s.map(_ * 10).print()
s.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
batches
