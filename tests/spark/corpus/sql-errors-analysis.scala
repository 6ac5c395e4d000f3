// source: SQL mistakes people hit with spark.sql (course forums, Stack Overflow): functions from other databases, a missing GROUP BY, misspelt columns
// covers: [UNRESOLVED_ROUTINE] for DuckDB/Postgres-only functions (strlen, list_value) with the position, a registered UDF's name accepted,
//   Spark functions with a parenthesis after keywords (IN, OVER, CAST … AS STRING), [MISSING_GROUP_BY],
//   [UNRESOLVED_COLUMN.WITH_SUGGESTION] with Spark's suggestion order and position, a query over two lines
val t = spark.createDataFrame(Seq(("ann", 31, "eng"), ("bob", 22, "ops"), ("cy", 45, "eng"))).toDF("name", "age", "dept")
t.createOrReplaceTempView("errs_people")
def report(e: Throwable): Unit = println(e.getClass.getName + ": " + e.getMessage.split(";\n").head)
// ---- cell
try spark.sql("SELECT strlen(name) FROM errs_people").show() catch { case e: Exception => report(e) }
try spark.sql("SELECT name,\n  list_value(age) FROM errs_people").show() catch { case e: Exception => report(e) }
spark.udf.register("twice", (x: Int) => x * 2)
spark.sql("SELECT name, twice(age) AS t FROM errs_people WHERE dept IN ('eng') ORDER BY name").show()
spark.sql("SELECT name, CAST(age AS STRING) AS a, rank() OVER (PARTITION BY dept ORDER BY age) AS r FROM errs_people ORDER BY name").show()
// ---- cell
try spark.sql("SELECT dept, count(*) FROM errs_people").show() catch { case e: Exception => report(e) }
try spark.sql("SELECT nmae, age FROM errs_people").show() catch { case e: Exception => report(e) }
try spark.sql("SELECT name FROM errs_people WHERE dpt = 'eng'").show() catch { case e: Exception => report(e) }
