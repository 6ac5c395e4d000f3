// source: a notebook mistake seen in course forums: ssc.stop() (which stops the SparkContext too) then more Spark code
// covers: ssc.stop() with its default stopSparkContext = true, restarting a stopped StreamingContext, a new StreamingContext on
//   the stopped sc, an RDD action on the stopped SparkContext
// expects: error
// session: fresh (it stops spark-shell's SparkContext)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[Int]]()
queue += sc.makeRDD(1 to 3)
val nums = ssc.queueStream(queue)
nums.foreachRDD { rdd => if (!rdd.isEmpty) println(rdd.map(_ * 10).collect().mkString(",")) }
ssc.start()
ssc.awaitTerminationOrTimeout(5000)
// ---- cell
ssc.stop()
ssc.getState()
sc.isStopped
// ---- cell
ssc.start()
// ---- cell
sc.parallelize(1 to 3).count()
