// source: Stack Overflow answers turning a DataFrame's rows into values (df.rdd.map { case Row(...) => ... })
// covers: Row as an extractor in patterns (typed and untyped parts, a wrong arity not matching), in map, collect and match
import org.apache.spark.sql.Row
val df = spark.createDataFrame(Seq(("ann", 31), ("bob", 22), ("cy", 45))).toDF("name", "age")
df.rdd.map { case Row(name: String, age: Int) => s"$name is $age" }.collect().foreach(println)
// ---- cell
val rows = df.collect()
rows.map { case Row(n, a) => s"$n:$a" }.foreach(println)
rows(0) match { case Row(n: String, a: Int) if a > 30 => println(s"old $n") case _ => println("other") }
rows(1) match { case Row(n: String, a: Int) if a > 30 => println(s"old $n") case _ => println("other") }
rows(2) match { case Row(x) => println("one") case Row(x, y) => println(s"two $x $y") }
df.rdd.collect { case Row(n: String, a: Int) if a < 40 => n.toUpperCase }.collect().foreach(println)
val pairs = sc.parallelize(Seq(1, 2, 3, 4, 5), 2).collect { case x if x % 2 == 1 => x * 10 }
pairs.collect()
sc.parallelize(Seq("a", "bb", "ccc")).collect { case s if s.length > 1 => s.length }.collect()
