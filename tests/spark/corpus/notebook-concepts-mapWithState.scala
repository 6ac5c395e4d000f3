// source: notebooks/DStream-Concepts.ipynb, the mapWithState cell (without the timeout, which needs more batches)
// covers: trackSession with State: exists, get, update
import org.apache.spark.streaming.{Seconds, StreamingContext, State, StateSpec, Time}
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/ckpt-mapwithstate")
val queue = new mutable.Queue[RDD[String]]()
@transient val visits = ssc.queueStream(queue).map(user => (user, 1))

def trackSession(user: String, visit: Option[Int], state: State[Int]): String = {
  val count = state.getOption.getOrElse(0) + visit.getOrElse(0)
  state.update(count)
  s"$user: visit $count"
}
@transient val sessions = visits.mapWithState(StateSpec.function(trackSession _))
sessions.print()
for (batch <- Seq(Seq("ann", "bob"), Seq("ann"), Seq("cy", "ann")))
  queue += sc.makeRDD(batch)
var batches = 0
visits.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
