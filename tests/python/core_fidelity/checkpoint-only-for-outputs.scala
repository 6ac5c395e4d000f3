import org.apache.spark.streaming._
import scala.collection.mutable
import org.apache.spark.rdd.RDD
val kinds = sc.parallelize(Seq(("spark", "engine"), ("flink", "engine"), ("kafka", "log")))
val counts = sc.makeRDD(Seq("spark reads kafka", "spark writes kafka", "hello spark")).flatMap(_.split(" ")).map(w => (w, 1)).reduceByKey(_ + _, 2)
println(counts.join(kinds).collect().mkString(" "))
val ssc = new StreamingContext(sc, Seconds(1))
val q = mutable.Queue[RDD[(String, Int)]]()
q += sc.parallelize(Seq(("a", 1)))
val st = ssc.queueStream(q)
val unused = st.updateStateByKey((vs: Seq[Int], s: Option[Int]) => Some(vs.sum + s.getOrElse(0)))
st.print()
ssc.step(); ssc.step()
ssc.stop(false)
