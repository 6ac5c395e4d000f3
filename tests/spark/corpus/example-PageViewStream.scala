// source: apache/spark examples/src/main/scala/org/apache/spark/examples/streaming/clickstream/PageViewStream.scala (page views from a queueStream)
// covers: countByValue of URLs, window counts by zip code, status filter
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
case class PageView(url: String, status: Int, zipCode: Int, userID: Int)
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[PageView]]()
queue += sc.makeRDD(Seq(PageView("/index", 200, 94709, 1), PageView("/about", 404, 94117, 2), PageView("/index", 200, 94709, 3)))
queue += sc.makeRDD(Seq(PageView("/foo", 200, 94117, 1), PageView("/index", 200, 94709, 2)))
queue += sc.makeRDD(Seq(PageView("/about", 200, 94117, 4)))
val pageViews = ssc.queueStream(queue)
// ---- cell
val pageCounts = pageViews.map(view => view.url).countByValue()
val slidingPageCounts = pageViews.map(view => view.url).window(Seconds(2), Seconds(1)).count()
val errorRatePerZipCode = pageViews.map(v => (v.zipCode, v.status)).groupByKey().map { case (zip, statuses) =>
  val normalCount = statuses.count(_ == 200)
  val errorCount = statuses.size - normalCount
  (zip, errorCount.toFloat / statuses.size)
}
pageCounts.print()
slidingPageCounts.print()
errorRatePerZipCode.print()
var batches = 0
pageViews.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTerminationOrTimeout(20000)
