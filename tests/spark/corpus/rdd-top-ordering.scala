// source: Stack Overflow answers ranking an RDD's pairs by value (rdd.top(n)(Ordering.by(_._2)))
// covers: RDD.top and takeOrdered with an explicit Ordering in their second parameter list, and without
val rdd = sc.parallelize(Seq(("temp", 43.5), ("hum", 95.75), ("wind", 3.125), ("x", 50.0)), 2)
rdd.top(2)(Ordering.by(_._2)).foreach { case (k, v) => println(f"$k%s=$v%5.1f") }
rdd.takeOrdered(2)(Ordering.by(_._2))
rdd.top(2)
sc.parallelize(Seq(5, 1, 4, 2)).top(2)(Ordering[Int].reverse)
