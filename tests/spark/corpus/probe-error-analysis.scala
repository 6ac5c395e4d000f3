// source: the AnalysisExceptions people paste into Stack Overflow questions: a misspelt column in select, filter and groupBy
// covers: the messages of AnalysisException for select("nme"), filter($"agee" > 30), groupBy("dept").agg(sum("salry")),
//   caught and printed as catch blocks do (the message up to the logical plan Spark appends after ";\n": the plan's
//   expression ids depend on the session); withColumnRenamed/drop of a missing column (no error); a String column + 1 (null)
val people = spark.createDataFrame(Seq(("ann", 31, "eng"), ("bob", 22, "ops"))).toDF("name", "age", "dept")
def report(e: Throwable): Unit = println(e.getClass.getName + ": " + e.getMessage.split(";\n").head)
// ---- cell
try people.select("nme").show() catch { case e: Exception => report(e) }
// ---- cell
try people.filter($"agee" > 30).show() catch { case e: Exception => report(e) }
// ---- cell
import org.apache.spark.sql.functions._
try people.groupBy("dept").agg(sum("salry")).show() catch { case e: org.apache.spark.sql.AnalysisException => report(e) }
// ---- cell
people.withColumnRenamed("nope", "x").drop("missing").columns
// ---- cell
people.select($"name" + 1).show()
// ---- cell
try people.select(people("name"), people("salary")).show() catch { case e: Exception => report(e) }
