// source: docs/streaming.md, Operations (RDDs)
// covers: aggregateByKey (listed as missing)
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
pairs.aggregateByKey(0)(_ + _, _ + _).collect()
