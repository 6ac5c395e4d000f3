// source: notebooks/DStream-Concepts.ipynb, the updateStateByKey cell
// covers: addViews with updateStateByKey over three batches
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/ckpt-update")
val queue = new mutable.Queue[RDD[String]]()
@transient val views = ssc.queueStream(queue).map(page => (page, 1))

def addViews(newViews: Seq[Int], total: Option[Int]): Option[Int] =
  Some(total.getOrElse(0) + newViews.sum)

@transient val totals = views.updateStateByKey[Int](addViews _)
totals.print()

for (batch <- Seq(Seq("home", "cart", "home"), Seq("home", "checkout"), Seq()))
  queue += sc.makeRDD(batch)
var batches = 0
views.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
