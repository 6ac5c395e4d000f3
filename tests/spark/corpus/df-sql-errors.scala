// source: docs/dataframes.md
// covers: AnalysisException for a missing column and a missing table
val df = spark.read.json("@DATA@/users.json")
df.createOrReplaceTempView("users")
try spark.sql("select nope from users").show() catch { case e: org.apache.spark.sql.AnalysisException => println(e.getClass.getSimpleName) }
try spark.sql("select * from missing_table").show() catch { case e: org.apache.spark.sql.AnalysisException => println(e.getClass.getSimpleName) }
