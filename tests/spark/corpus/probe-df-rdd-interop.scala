// source: Stack Overflow answers moving between DataFrames, RDDs and Scala collections: df.rdd.map, Row patterns, collect().map
// covers: df.rdd.map(r => r.getString(0)), pattern matching `case Row(name: String, age: Int)`, getAs[Int]("age"),
//   df.collect().map(...).toList, df.as[(String, Int)].collect().toMap, rdd.toDF() default names, df.map(r => ...) on a DataFrame,
//   df.take(2), df.head(), df.select(...).as[String].collect(), df.columns.mkString
import org.apache.spark.sql.Row
val df = spark.createDataFrame(Seq(("ann", 31), ("bob", 22), ("cy", 45))).toDF("name", "age")
// ---- cell
df.rdd.map(r => r.getString(0).toUpperCase).collect()
df.rdd.map { case Row(name: String, age: Int) => s"$name is $age" }.collect().foreach(println)
// ---- cell
df.collect().map(r => r.getAs[Int]("age")).toList.sum
df.as[(String, Int)].collect().toMap
// ---- cell
val fromRdd = sc.parallelize(Seq((1, "x", 2.5), (2, "y", 3.5))).toDF()
fromRdd.show()
fromRdd.columns.mkString(", ")
// ---- cell
df.map(r => r.getString(0) + "!").collect()
df.select("name").as[String].collect()
// ---- cell
df.take(2)
df.head()
df.filter("age > 30").count()
df.rdd.getNumPartitions
