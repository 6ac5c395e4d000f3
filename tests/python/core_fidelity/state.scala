import org.apache.spark.streaming._
import org.apache.spark.HashPartitioner
import scala.collection.mutable
import org.apache.spark.rdd.RDD
val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("ckpt")
val q = mutable.Queue[RDD[(String, Int)]]()
q += sc.parallelize(Seq(("a",1),("b",2),("a",3),("c",4),("b",5),("zeta",1),("eta",2)))
q += sc.parallelize(Seq(("d",1),("b",2),("e",3),("f",4),("g",5),("h",6),("theta",7)))
val s = ssc.queueStream(q, true)
val upd = (vs: Seq[Int], st: Option[Int]) => Some(vs.sum + st.getOrElse(0))
s.updateStateByKey(upd).print()
s.updateStateByKey(upd, new HashPartitioner(3)).print()
s.updateStateByKey(upd, new HashPartitioner(2), sc.parallelize(Seq(("x", 100), ("a", 10)))).print()
val spec = StateSpec.function((k: String, v: Option[Int], st: State[Int]) => { val n = v.getOrElse(0) + st.getOption.getOrElse(0); st.update(n); (k, n) })
val mws = s.mapWithState(spec)
mws.print()
mws.stateSnapshots().print()
ssc.step(); ssc.step(); ssc.step()
