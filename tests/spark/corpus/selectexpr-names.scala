// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: selectexpr names
import org.apache.spark.sql.functions._
val df = spark.read.json("@DATA@/users.json")
val names = df.selectExpr("id + 1", "upper(s)", "user.name", "id as x", "ID AS `y z`").columns
val casts = df.selectExpr("cast(id as string)", "CAST(id + 1 AS string)", "cast(n as int)").columns
val cols = df.select(col("id").cast("string"), ($"id" + 1).cast("string"), col("user.name").cast("string"), upper($"s"), $"n" * 2).columns
df.selectExpr("id + 1", "upper(s)", "user.name", "id as x").show()
val rows = df.count()
