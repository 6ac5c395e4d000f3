// source: issue 12's list, Scala that real programs use (each named example)
// covers: companions, Iterator in mapPartitions, var x: T = _, @transient/private/lazy members,
//   object extends App / def main, custom receivers and anonymous classes, infix calls with empty
//   parens, val Array(a, b) = args, java.util.Random / scala.util.Random, Guava's Files, log4j
class Tally(val n: Int) { def inc = new Tally(n + 1) }; object Tally { def apply(): Tally = new Tally(0); val zero = 0 }
// ---- cell
Tally().inc.n
// ---- cell
sc.parallelize(1 to 6, 2).mapPartitions(it => Iterator(it.sum)).collect()
sc.parallelize(1 to 6, 2).mapPartitions(it => it.grouped(2).map(_.sum)).collect()
val it = Iterator(1,2,3)
it.hasNext
it.next()
Iterator(1,2,3).map(_ * 2).toList
// ---- cell
var x: String = _
class Holder { var v: Int = _ ; @transient lazy val l = 3; private val p = 4; def get = p + l + v }
new Holder().get
// ---- cell
object WordCount extends App { println("hi " + args.length) }
WordCount.main(Array("a"))
object Main { def main(args: Array[String]): Unit = { println(args.mkString(",")) } }
Main.main(Array("x","y"))
// ---- cell
import org.apache.spark.streaming.receiver.Receiver
import org.apache.spark.storage.StorageLevel
class MyReceiver extends Receiver[String](StorageLevel.MEMORY_ONLY) { def onStart(): Unit = { store("a") }; def onStop(): Unit = {} }
val anon = new Runnable { def run(): Unit = println("ran") }
anon.run()
// ---- cell
val rdd = sc.parallelize(1 to 3)
rdd cache()
// ---- cell
val args2 = Array("host", "9092")
val Array(host, port) = args2
// ---- cell
new java.util.Random(42).nextInt(100)
new scala.util.Random(42).nextInt(100)
val rnd = new scala.util.Random(7)
(1 to 5).map(_ => rnd.nextInt(10))
// ---- cell
import com.google.common.io.Files
import java.nio.charset.Charset
val outF = new java.io.File("@TMP@/out.txt")
Files.append("hello\n", outF, Charset.defaultCharset())
Files.append("Counts " + List(1, 2) + "\n", outF, Charset.defaultCharset())
Files.toString(outF, Charset.defaultCharset())
scala.io.Source.fromFile(outF).getLines().toList
// ---- cell
import org.apache.log4j.{Level, Logger}
Logger.getLogger("org").setLevel(Level.WARN)
