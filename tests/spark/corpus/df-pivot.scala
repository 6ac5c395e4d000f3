// source: pivot tutorials (sparkbyexamples "Pivot and Unpivot a Spark DataFrame", Databricks' pivot blog post): product amounts by country
// covers: groupBy(...).pivot(col).sum(...), pivot with the values given, pivot then agg of two aggregates (value_aggregate names),
//   count after pivot (null where a group lacks a value), pivot on an int column, pivot with alias, printSchema of a pivot
import org.apache.spark.sql.functions._
val sales = spark.createDataFrame(Seq(("Banana", 1000, "USA", 2019), ("Carrots", 1500, "USA", 2019), ("Beans", 1600, "USA", 2020), ("Orange", 2000, "USA", 2020), ("Orange", 2000, "USA", 2019), ("Banana", 400, "China", 2019), ("Carrots", 1200, "China", 2020), ("Beans", 1500, "China", 2019), ("Orange", 4000, "China", 2020), ("Banana", 2000, "Canada", 2019), ("Carrots", 2000, "Canada", 2020), ("Beans", 2000, "Mexico", 2019))).toDF("Product", "Amount", "Country", "Year")
// ---- cell
sales.groupBy("Product").pivot("Country").sum("Amount").orderBy("Product").show()
sales.groupBy("Product").pivot("Country").sum("Amount").printSchema()
// ---- cell
sales.groupBy("Product").pivot("Country", Seq("USA", "China")).sum("Amount").orderBy("Product").show()
// ---- cell
sales.groupBy("Product").pivot("Year").agg(sum("Amount"), max("Country")).orderBy("Product").show()
sales.groupBy("Country").pivot("Product").count().orderBy("Country").show()
// ---- cell
sales.groupBy("Year").pivot("Country").agg(avg("Amount").as("avg")).orderBy("Year").show()
