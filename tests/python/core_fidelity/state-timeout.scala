import org.apache.spark.streaming._
import scala.collection.mutable
import org.apache.spark.rdd.RDD
val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("ckpt")
val queue = new mutable.Queue[RDD[String]]()
val visits = ssc.queueStream(queue).map(user => (user, 1))
val trackSession = (user: String, visit: Option[Int], state: State[Int]) => { if (state.isTimingOut()) s"$user: session ended after ${state.get()} visits" else { val count = state.getOption.getOrElse(0) + visit.getOrElse(0); state.update(count); s"$user: visit $count" } }
val sessions = visits.mapWithState(StateSpec.function(trackSession).timeout(Seconds(2)))
sessions.checkpoint(Seconds(1))
sessions.print()
sessions.stateSnapshots().print()
for (batch <- Seq(Seq("ann", "bob", "ann"), Seq("bob"), Seq("ann"), Seq(), Seq(), Seq(), Seq())) queue += sc.makeRDD(batch)
ssc.step(7)
