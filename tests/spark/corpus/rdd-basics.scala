// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: rdd basics
val rdd = sc.parallelize(1 to 10, 2)
rdd.map(_ * 2).filter(_ > 5).collect()
rdd.reduce(_ + _)
rdd.count()
val words = sc.parallelize(Seq("a b", "b c", "c a b"))
words.flatMap(_.split(" ")).map(w => (w, 1)).reduceByKey(_ + _).collect().sorted
rdd.take(3)
