// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: dataframe agg
import org.apache.spark.sql.functions._
val df = spark.read.json("@DATA@/users.json")
df.agg(count("*"), avg("n"), max("id")).show()
df.agg(Map("n" -> "sum")).show()
df.groupBy("lang").agg(count("*"), avg("n")).orderBy("lang").show()
df.withColumnRenamed("lang", "language").select("id", "language").show()
val rows = df.count()
