// source: docs/dataframes.md
// covers: expr() and selectExpr with SQL functions
val df = spark.read.json("@DATA@/users.json")
import org.apache.spark.sql.functions._
df.select(expr("id * 10"), expr("upper(lang) as L")).show()
df.selectExpr("id", "n is null as missing").show()
