// source: Stack Overflow answers and the Spark SQL guide's examples: test data made with Seq(...).toDF / toDS (spark.implicits._)
// covers: Seq of tuples .toDF(names), Seq of case classes .toDS()/.toDF(), Seq(1, 2, 3).toDS, rdd.toDF(names), as[(String, Int)], printSchema of tuple columns,
//   createDataFrame(Seq(Tuple1(...))) for one column
import org.apache.spark.sql.functions._
val df = Seq(("Alice", 34, "NY"), ("Bob", 45, "SF"), ("Cathy", 29, "NY")).toDF("name", "age", "city")
df.show()
df.printSchema()
// ---- cell
case class Person(name: String, age: Int)
val people = Seq(Person("Ann", 31), Person("Ben", 22)).toDS()
people.show()
people.filter(_.age > 25).collect()
// ---- cell
val nums = Seq(1, 2, 3, 4).toDS()
nums.map(_ * 2).collect()
nums.reduce(_ + _)
// ---- cell
val rdd = sc.parallelize(Seq(("a", 1), ("b", 2)))
val rddDF = rdd.toDF("key", "value")
rddDF.show()
val typed = rddDF.as[(String, Int)]
typed.collect()
// ---- cell
val letters = Seq("x", "y").toDF("letter")
letters.select(upper($"letter").as("up")).show()
Seq((1, Some("a")), (2, None)).toDF("id", "opt").show()
// ---- cell
val single = spark.createDataFrame(Seq(Tuple1("hello world"), Tuple1("hi"))).toDF("text")
single.show()
