// source: docs/streaming.md, Spark semantics kept (saveAsTextFiles layout)
// covers: the directories and part files saveAsTextFiles writes, read back with sc.textFile
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
for (batch <- Seq(Seq("to be or not", "to be"), Seq("stream or batch", "to stream"), Seq("be"))) queue += sc.makeRDD(batch)
val lines = ssc.queueStream(queue)
// ---- cell
lines.saveAsTextFiles("@TMP@/out/words", "txt")
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 2) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
// ---- cell
val dirs = new java.io.File("@TMP@/out").list().sorted
dirs.length
dirs.forall(_.endsWith(".txt"))
sc.textFile("@TMP@/out/" + dirs(0)).collect().sorted
