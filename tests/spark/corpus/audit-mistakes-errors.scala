// source: issue 12's list, Mistakes Spark catches and Errors a person can act on (each named example)
// covers: declared types of vals, defs' parameters and results; KafkaUtils without its import;
//   the caret under the failing member or operator; did you mean; the missing package segment
val n: Int = "five"
// ---- cell
def f(x: Int) = x + 1
// ---- cell
f("a")
// ---- cell
def g(x: Int): String = x
// ---- cell
KafkaUtils
// ---- cell
val rdd = sc.parallelize(Seq(("a",1)))
// ---- cell
rdd.reduceByKy(_ + _)
// ---- cell
"a" - 1
// ---- cell
rdd.map(x => x._1 * "b").collect()
// ---- cell
import org.apache.foo.Bar
// ---- cell
import org.apache.spark.streaming.kafka011.KafkaUtils
