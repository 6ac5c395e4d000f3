// source: the Spark SQL guide (Datasets) and Databricks' Dataset tutorials: typed operations on a Dataset of a case class
// covers: createDataFrame(case classes).as[T], typed filter/map to String and tuples, groupByKey then mapGroups,
//   reduceGroups and count, flatMap, first, the Dataset echo types
case class Employee(name: String, dept: String, salary: Double)
val emps = spark.createDataFrame(Seq(Employee("ann", "eng", 100.0), Employee("bob", "eng", 80.0), Employee("cy", "ops", 60.0), Employee("dee", "ops", 75.5))).as[Employee]
// ---- cell
emps.filter(e => e.salary > 70).map(e => e.name.toUpperCase).collect()
// ---- cell
val raised = emps.map(e => (e.dept, e.salary * 2))
raised.show()
// ---- cell
emps.groupByKey(_.dept).mapGroups((dept, es) => (dept, es.map(_.salary).sum)).orderBy("_1").show()
// ---- cell
emps.groupByKey(_.dept).count().orderBy("key").show()
// ---- cell
emps.groupByKey(_.dept).reduceGroups((a, b) => if (a.salary > b.salary) a else b).map(_._2.name).collect().sorted
// ---- cell
emps.flatMap(e => e.name.split("")).distinct().count()
emps.first()
emps.filter($"salary" > 90).as[Employee].collect().foreach(e => println(s"${e.name} earns ${e.salary}"))
