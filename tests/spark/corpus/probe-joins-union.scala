// source: join tutorials and Stack Overflow answers: join on Seq("key"), on ===, left_outer, left_anti; union/unionByName
// covers: join(other, Seq("id")), join(other, a("id") === b("id"), "left_outer") then drop, join on a column named "id"
//   as a string with "left", left_anti, unionByName, union, dropDuplicates(cols), na.fill(Map), except, intersect
import org.apache.spark.sql.functions._
val emp = spark.createDataFrame(Seq((1, "Smith", 10), (2, "Rose", 20), (3, "Williams", 10), (4, "Jones", 50))).toDF("emp_id", "name", "dept_id")
val dept = spark.createDataFrame(Seq(("Finance", 10), ("Marketing", 20), ("Sales", 30))).toDF("dept_name", "dept_id")
// ---- cell
emp.join(dept, Seq("dept_id")).orderBy("emp_id").show()
// ---- cell
emp.join(dept, emp("dept_id") === dept("dept_id"), "left_outer").orderBy("emp_id").show()
// ---- cell
val joined = emp.join(dept, emp("dept_id") === dept("dept_id"), "left_outer").drop(dept("dept_id"))
joined.na.fill(Map("dept_name" -> "none")).orderBy("emp_id").show()
// ---- cell
emp.join(dept, Seq("dept_id"), "left_anti").show()
dept.join(emp, Seq("dept_id"), "right").orderBy("emp_id").select("emp_id", "dept_name").show()
// ---- cell
val a = spark.createDataFrame(Seq((1, "x"), (2, "y"))).toDF("id", "v")
val b = spark.createDataFrame(Seq(("z", 3), ("y", 2))).toDF("v", "id")
a.unionByName(b).orderBy("id").show()
a.union(a).dropDuplicates("id").orderBy("id").show()
// ---- cell
val c = spark.createDataFrame(Seq((2, "y"), (9, "q"))).toDF("id", "v")
a.except(c).show()
a.intersect(c).show()
