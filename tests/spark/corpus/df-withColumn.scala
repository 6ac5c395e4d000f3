// source: docs/dataframes.md
// covers: withColumn, withColumnRenamed, drop, toDF
val df = spark.read.json("@DATA@/users.json")
import org.apache.spark.sql.functions._
df.withColumn("id2", $"id" * 2).select("id", "id2").show()
df.select("id", "lang").withColumnRenamed("lang", "language").show()
df.drop("user", "tags").columns
df.select("id", "lang").toDF("a", "b").show()
