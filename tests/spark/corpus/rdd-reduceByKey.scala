// source: docs/streaming.md, Operations (RDDs)
// covers: reduceByKey: shuffle order over 2 partitions
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
pairs.reduceByKey(_ + _).collect()
pairs.reduceByKey(_ + _, 3).collect()
