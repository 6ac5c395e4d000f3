// source: docs/dataframes.md
// covers: groupBy().agg with functions and Map form, sum/avg/min/max
val df = spark.read.json("@DATA@/users.json")
import org.apache.spark.sql.functions._
df.groupBy("lang").agg(sum("n"), max("id")).orderBy("lang").show()
df.groupBy("lang").agg(Map("id" -> "max")).orderBy("lang").show()
df.groupBy("lang").avg("id").orderBy("lang").show()
