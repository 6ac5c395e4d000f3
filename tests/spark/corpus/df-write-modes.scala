// source: docs/dataframes.md
// covers: write.mode(error/append/overwrite/ignore)
val df = spark.read.json("@DATA@/users.json")
val d = df.select("id")
d.write.parquet("@TMP@/p")
try d.write.parquet("@TMP@/p") catch { case e: org.apache.spark.sql.AnalysisException => println("exists") }
d.write.mode("append").parquet("@TMP@/p")
spark.read.parquet("@TMP@/p").count()
d.write.mode("overwrite").parquet("@TMP@/p")
spark.read.parquet("@TMP@/p").count()
d.write.mode("ignore").parquet("@TMP@/p")
