// source: notebooks/DStream-Concepts.ipynb, the transform/join cell
// covers: transform(rdd => rdd.join(kinds))
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
val kinds = sc.parallelize(Seq(("spark", "engine"), ("flink", "engine"), ("kafka", "log")))

val counts = ssc.queueStream(queue).flatMap(_.split(" ")).map(w => (w, 1)).reduceByKey(_ + _)
val known = counts.transform(rdd => rdd.join(kinds))
known.print()

queue += sc.makeRDD(Seq("spark reads kafka", "spark writes kafka", "hello spark"))
var batches = 0
known.foreachRDD { rdd => batches += 1; if (batches == 1) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
