// source: docs/streaming.md, Operations (RDDs)
// covers: the REPL echo of RDD values and their types
val nums = sc.parallelize(1 to 10, 2)
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
val m = nums.map(_ * 2)
val g = pairs.groupByKey()
val j = pairs.join(pairs)
