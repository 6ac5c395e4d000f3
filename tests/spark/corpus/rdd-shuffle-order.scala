// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: rdd shuffle order
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
pairs.reduceByKey(_ + _).collect()
pairs.groupByKey().mapValues(_.sum).collect()
