// source: Stack Overflow answers building one-column DataFrames (createDataFrame(Seq(Tuple1(...))))
// covers: Tuple1..Tuple3 companions, Tuple1's echo (String,) and toString, patterns on TupleN, a DataFrame of Tuple1s
val t = Tuple1("a")
println(t)
println(t._1)
val t2 = Tuple2(1, "b")
val t3 = Tuple3(1, 2.5, 'c')
t3 match { case Tuple3(a, b, c) => println(s"$a $b $c") }
t match { case Tuple1(x) => println(x) }
Seq(Tuple1("hello world"), Tuple1("hi"))
import spark.implicits._
spark.createDataFrame(Seq(Tuple1("hello world"), Tuple1("hi"))).toDF("text").show()
Seq(Tuple1(1), Tuple1(2)).toDF("n").printSchema()
