// source: streaming tutorials combining DStreams and SQL (the guide's DataFrame and SQL Operations, written with case classes,
//   HAVING and CASE WHEN as course notebooks do)
// covers: foreachRDD { rdd => if (!rdd.isEmpty) ... }, rdd.map(case class).toDF(), createOrReplaceTempView, spark.sql with
//   GROUP BY / HAVING / CASE WHEN / ORDER BY, a DataFrame count per batch, df.collect().foreach(println)
import org.apache.spark.streaming._
import org.apache.spark.rdd.RDD
import scala.collection.mutable
case class Sale(store: String, item: String, amount: Double)
val ssc = new StreamingContext(sc, Seconds(1))
val queue = new mutable.Queue[RDD[String]]()
queue += sc.makeRDD(Seq("s1,apple,2.5", "s1,pear,1.0", "s2,apple,4.0", "s2,apple,3.0"))
queue += sc.makeRDD(Seq("s3,plum,10.0", "s1,apple,0.5"))
queue += sc.makeRDD(Seq.empty[String])
val lines = ssc.queueStream(queue)
// ---- cell
val sales = lines.map(_.split(",")).map(p => Sale(p(0), p(1), p(2).toDouble))
sales.foreachRDD { rdd =>
  if (!rdd.isEmpty) {
    val df = rdd.toDF()
    df.createOrReplaceTempView("probe_sales")
    val summary = spark.sql("SELECT store, COUNT(*) AS n, SUM(amount) AS total, CASE WHEN SUM(amount) > 5 THEN 'big' ELSE 'small' END AS size FROM probe_sales GROUP BY store HAVING COUNT(*) >= 1 ORDER BY total DESC")
    summary.show()
    println(s"rows in batch: ${df.count()}")
  } else {
    println("empty batch")
  }
}
var batches = 0
lines.foreachRDD { rdd => batches += 1; if (batches == 3) ssc.stop(stopSparkContext = false) }
ssc.start()
ssc.awaitTermination()
// ---- cell
spark.sql("SELECT item, ROUND(AVG(amount), 2) AS avg_amount FROM probe_sales GROUP BY item ORDER BY item").collect().foreach(println)
spark.table("probe_sales").printSchema()
