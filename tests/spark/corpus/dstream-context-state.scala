// source: docs/streaming.md, Contexts and clocks
// covers: getState before/after start and stop, StreamingContext.getActive, remember
//   (the output operation prints nothing: whether a batch runs between start and stop depends on timing)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
val ssc = new StreamingContext(sc, Seconds(1))
ssc.getState()
ssc.remember(Seconds(5))
StreamingContext.getActive.isDefined
val queue = new mutable.Queue[RDD[Int]]()
val lines = ssc.queueStream(queue)
// ---- cell
lines.foreachRDD(rdd => ())
ssc.start()
ssc.getState()
StreamingContext.getActive.isDefined
ssc.stop(stopSparkContext = false)
ssc.getState()
