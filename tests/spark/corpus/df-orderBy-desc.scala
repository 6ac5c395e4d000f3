// source: docs/dataframes.md
// covers: orderBy/sort with desc, asc, nulls
val df = spark.read.json("@DATA@/users.json")
import org.apache.spark.sql.functions._
df.orderBy(desc("id")).select("id").show()
df.sort($"n".asc_nulls_last).select("id", "n").show()
df.sort(col("n").desc).select("id", "n").show()
