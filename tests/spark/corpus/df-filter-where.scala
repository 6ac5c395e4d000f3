// source: docs/dataframes.md
// covers: filter/where with Column expressions and SQL strings
val df = spark.read.json("@DATA@/users.json")
import org.apache.spark.sql.functions._
df.filter($"lang" === "en").select("id").show()
df.where("id > 1").select("id", "lang").show()
df.filter(col("n").isNull).select("id").show()
