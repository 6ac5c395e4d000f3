// source: tutorials' filters by a list of values (isin) and joins whose duplicate key column is dropped by its DataFrame (drop(dept("dept_id")))
// covers: Column.isin (varargs, a Seq splatted, negated, nulls, the name, nullability), drop of one side's column after a join, drop by name (both), an ambiguous drop($"id")
val df = spark.createDataFrame(Seq(("ann", "NY", 1), ("bob", null, 2), ("cy", "CA", 3), ("dee", "TX", 4))).toDF("name", "state", "n")
df.select($"name", $"state".isin("NY", "CA")).show()
df.filter($"n".isin(1, 3)).show()
df.filter(col("state").isin(Seq("TX", "CA"): _*)).select("name").show()
df.filter(!$"state".isin("NY")).count()
println($"state".isin("NY", "CA"))
df.select($"n".isin(List(2, 4): _*).as("even")).printSchema()
// ---- cell
val emp = spark.createDataFrame(Seq((1, "ann", 10), (2, "bob", 20), (3, "cy", 30))).toDF("emp_id", "name", "dept_id")
val dept = spark.createDataFrame(Seq((10, "eng"), (20, "ops"))).toDF("dept_id", "dept_name")
val joined = emp.join(dept, emp("dept_id") === dept("dept_id"), "left_outer").drop(dept("dept_id"))
joined.orderBy("emp_id").show()
emp.join(dept, emp("dept_id") === dept("dept_id")).drop(emp("dept_id")).orderBy("emp_id").show()
emp.join(dept, emp("dept_id") === dept("dept_id")).drop("dept_id").orderBy("emp_id").show()
// ---- cell
try emp.join(dept, emp("dept_id") === dept("dept_id")).drop($"dept_id").orderBy("emp_id").show() catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
