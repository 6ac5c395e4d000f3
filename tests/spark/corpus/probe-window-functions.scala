// source: Spark window function tutorials and Stack Overflow "top N per group": Window.partitionBy(...).orderBy(...)
// covers: row_number, rank, dense_rank over Window.partitionBy.orderBy(desc), lag/lead, sum over a partition (no order),
//   running total with rowsBetween, filter row_number === 1 (top per group), avg over a window
import org.apache.spark.sql.functions._
import org.apache.spark.sql.expressions.Window
val sales = spark.createDataFrame(Seq(("eng", "ann", 100), ("eng", "bob", 80), ("eng", "cid", 100), ("ops", "dee", 60), ("ops", "eve", 75), ("hr", "fay", 50))).toDF("dept", "name", "salary")
val byDept = Window.partitionBy("dept").orderBy($"salary".desc)
// ---- cell
sales.withColumn("row_number", row_number().over(byDept)).withColumn("rank", rank().over(byDept)).withColumn("dense_rank", dense_rank().over(byDept)).orderBy("dept", "row_number").show()
// ---- cell
sales.withColumn("rn", row_number().over(Window.partitionBy($"dept").orderBy($"salary".desc, $"name"))).filter($"rn" === 1).drop("rn").orderBy("dept").show()
// ---- cell
val byName = Window.partitionBy("dept").orderBy("name")
sales.select($"dept", $"name", $"salary", lag("salary", 1).over(byName).as("prev"), lead($"salary", 1, 0).over(byName).as("next")).orderBy("dept", "name").show()
// ---- cell
sales.withColumn("dept_total", sum("salary").over(Window.partitionBy("dept"))).withColumn("dept_avg", avg($"salary").over(Window.partitionBy("dept"))).orderBy("dept", "name").show()
// ---- cell
val running = Window.partitionBy("dept").orderBy("name").rowsBetween(Window.unboundedPreceding, Window.currentRow)
sales.withColumn("running", sum($"salary").over(running)).orderBy("dept", "name").show()
// ---- cell
sales.select($"name", rank().over(byDept)).orderBy("name").show()
