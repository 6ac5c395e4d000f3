// source: Spark window-function tutorials ("top N per group", running totals, lag/lead)
// covers: Window.partitionBy/orderBy/rowsBetween/rangeBetween, row_number/rank/dense_rank/percent_rank/cume_dist/ntile, lag/lead with defaults, aggregates over windows, the names Spark gives them, their schema, and the errors (no ORDER BY, no OVER, a non-aggregate)
import org.apache.spark.sql.expressions.Window
val sales = Seq(("eng", "ann", 100), ("eng", "bob", 80), ("eng", "cid", 90), ("hr", "fay", 50), ("ops", "dee", 60), ("ops", "eve", 75)).toDF("dept", "name", "salary")
// ---- cell
val w = Window.partitionBy("dept").orderBy("salary")
sales.select($"name", dense_rank().over(w), percent_rank().over(w), cume_dist().over(w), ntile(2).over(w)).orderBy("name").show(false)
sales.select($"name", lag("salary", 1).over(w), lead($"salary", 2, -1).over(w)).orderBy("name").show(false)
sales.select($"name", sum("salary").over(Window.partitionBy("dept")), avg("salary").over(w), count("salary").over(w)).orderBy("name").show(false)
sales.select($"name", sum("salary").over(w.rowsBetween(-1, 1)), max("salary").over(w.rangeBetween(Window.unboundedPreceding, Window.currentRow))).orderBy("name").show(false)
// ---- cell
sales.select($"name", sum($"salary").over(Window.orderBy($"name".desc).rowsBetween(Window.currentRow, Window.unboundedFollowing)).as("rest")).show()
sales.withColumn("r", row_number().over(Window.partitionBy($"dept").orderBy($"salary".asc))).printSchema()
sales.withColumn("rn", row_number().over(Window.partitionBy($"dept").orderBy($"salary".desc, $"name"))).filter($"rn" === 1).drop("rn").orderBy("dept").show()
// ---- cell
try sales.select(row_number().over(Window.partitionBy("dept"))).show() catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
// ---- cell
try sales.select(rank()).show() catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
// ---- cell
try sales.select(lower($"name").over(Window.partitionBy("dept"))).show() catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
