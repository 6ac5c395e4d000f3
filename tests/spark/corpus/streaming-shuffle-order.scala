// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: streaming shuffle order
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val q = new mutable.Queue[RDD[String]]()
for (b <- 1 to 2) q += sc.makeRDD((1 to 500).map(i => "k" + (i * b * 31 % 197)))
var batches = 0
val s = ssc.queueStream(q)
// ---- cell
s.countByValue().foreachRDD(rdd => println("countByValue " + rdd.collect().mkString(",")))
s.map(w => (w, 1)).reduceByKey(_ + _).foreachRDD(rdd => println("reduceByKey " + rdd.collect().mkString(",")))
s.map(w => (w, 1)).groupByKey().foreachRDD(rdd => println("groupByKey " + rdd.keys.collect().mkString(",")))
s.map(w => (w.length.toLong * 3000000019L, 1)).reduceByKey(_ + _).foreachRDD(rdd => println("long " + rdd.collect().mkString(",")))
s.foreachRDD { rdd => batches += 1; if (batches == 2) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
batches
