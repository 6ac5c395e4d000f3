// source: docs/dataframes.md
// covers: lit, length, lower, upper, trim, abs, sqrt, countDistinct, first
val df = spark.read.json("@DATA@/users.json")
import org.apache.spark.sql.functions._
df.select(lit(1), length($"s"), lower($"lang"), upper($"lang"), trim(lit(" x ")), abs($"id" - 3), sqrt($"id")).show()
df.agg(countDistinct("lang"), first("id"), min("n"), mean("n")).show()
