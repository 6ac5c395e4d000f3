// source: docs/dataframes.md
// covers: select by names, Columns, $ and col, a struct field
val df = spark.read.json("@DATA@/users.json")
import org.apache.spark.sql.functions._
df.select("id", "lang").show()
df.select($"id", col("user.name"), $"user.followers".as("f")).show()
