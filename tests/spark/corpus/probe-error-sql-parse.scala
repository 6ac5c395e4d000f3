// source: SQL mistakes people hit with spark.sql: a misspelt keyword, a non-aggregated column without GROUP BY, an unknown view,
//   an unknown column, a missing comma, an unknown function
// covers: ParseException uncaught (as spark-shell prints it, frames included); the other errors caught and printed up to the
//   logical plan Spark appends after ";\n" (its expression ids depend on the session); `SELECT name age` is an alias, no error
// expects: error
val t = spark.createDataFrame(Seq(("ann", 31), ("bob", 22))).toDF("name", "age")
t.createOrReplaceTempView("probe_people")
def report(e: Throwable): Unit = println(e.getClass.getName + ": " + e.getMessage.split(";\n").head)
// ---- cell
spark.sql("SELEC name FROM probe_people").show()
// ---- cell
try spark.sql("SELECT name, count(*) FROM probe_people").show() catch { case e: Exception => report(e) }
// ---- cell
try spark.sql("SELECT * FROM probe_peple").show() catch { case e: Exception => report(e) }
// ---- cell
try spark.sql("SELECT nme FROM probe_people").show() catch { case e: Exception => report(e) }
// ---- cell
spark.sql("SELECT name age FROM probe_people WHERE age > 25").show()
// ---- cell
try spark.sql("SELECT strlen(name) FROM probe_people").show() catch { case e: Exception => report(e) }
// ---- cell
try spark.sql("SELECT name FROM probe_people WHERE").show() catch { case e: Exception => report(e) }
