// source: stateful streaming tutorials and Stack Overflow answers: updateStateByKey with Option pattern matching, mapWithState
//   with a function value, reduceByKeyAndWindow with typed lambdas, transform(_.sortByKey(false)), countByValue
// covers: updateStateByKey[Int] with `case Some(x)`/`None` and values.sum, StateSpec.function of a function val (no timeout),
//   reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(2), Seconds(1)), transform(rdd => rdd.sortByKey(false)),
//   countByValue().print(), print() of the states
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
@transient val ssc = new StreamingContext(sc, Seconds(1))
ssc.checkpoint("@TMP@/checkpoint")
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("a b a", "c"), Seq("b b", "a d"), Seq("d"), Seq("a"))) queue += sc.makeRDD(batch)
@transient val lines = ssc.queueStream(queue)
@transient val pairs = lines.flatMap(_.split(" ")).map(word => (word, 1))
// ---- cell
def updateFunc(values: Seq[Int], state: Option[Int]): Option[Int] = state match {
  case Some(total) => Some(total + values.sum)
  case None => Some(values.sum)
}
@transient val totals = pairs.updateStateByKey[Int](updateFunc _)
totals.transform(rdd => rdd.sortByKey(false)).print()
// ---- cell
val mappingFunc = (word: String, one: Option[Int], state: State[Int]) => {
  val sum = one.getOrElse(0) + state.getOption.getOrElse(0)
  val output = (word, sum)
  state.update(sum)
  output
}
@transient val stateDstream = pairs.mapWithState(StateSpec.function(mappingFunc))
stateDstream.foreachRDD(rdd => println(rdd.collect().sorted.mkString("mapWithState: ", " ", "")))
// ---- cell
@transient val windowed = pairs.reduceByKeyAndWindow((a: Int, b: Int) => a + b, Seconds(2), Seconds(1))
windowed.foreachRDD((rdd, time) => println(s"window: ${rdd.sortBy(_._1).collect().mkString(", ")}"))
lines.flatMap(_.split(" ")).countByValue().transform(_.sortByKey()).print()
// ---- cell
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 4) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(60000)
