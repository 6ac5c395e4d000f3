// source: Dataset tutorials (the Spark SQL guide's typed operations, Databricks and sparkbyexamples pages on groupByKey): a Dataset of a case class
// covers: Seq(caseClass).toDS, map / flatMap / filter / reduce on elements, groupByKey with count, keys, mapValues + reduceGroups,
//   flatMapGroups, mapGroups, the KeyValueGroupedDataset echo, ds.rdd's type, toDF().as[T], as[T]'s errors (a missing column,
//   a tuple of the wrong size), map over a DataFrame's Rows, copy in map
case class Employee(name: String, dept: String, salary: Double)
val emps = Seq(Employee("ann", "eng", 100.0), Employee("bob", "eng", 80.0), Employee("cy", "ops", 60.0)).toDS()
// ---- cell
emps.groupByKey(_.dept).keys.show()
emps.groupByKey(_.dept).mapValues(_.salary).reduceGroups(_ + _).show()
emps.groupByKey(_.dept).flatMapGroups((d, es) => es.map(e => d + ":" + e.name)).collect().sorted
emps.groupByKey(_.dept).mapGroups((k, it) => (k, it.size)).orderBy("_1").collect()
// ---- cell
emps.groupByKey(_.dept)
emps.groupByKey(_.dept).mapValues(_.salary)
emps.map(_.name).printSchema()
emps.rdd.map(_.salary).sum()
emps.toDF().as[Employee].first()
// ---- cell
try { emps.toDF().select("name").as[Employee]; () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
try { emps.toDF().as[(String, String)]; () } catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
// ---- cell
val df = emps.toDF()
df.map(r => r.getString(0)).collect()
emps.reduce((a, b) => if (a.salary < b.salary) a else b)
emps.filter(_.dept == "eng").map(e => (e.name, e.salary > 90)).show()
emps.groupByKey(_.salary > 70).count().show()
emps.map(e => e.copy(salary = e.salary + 1)).show()
Seq(1, 2, 3).toDS().map(_.toString).collect()
emps.as[Employee]
emps.flatMap(e => e.name.toSeq.map(_.toString)).distinct().count()
