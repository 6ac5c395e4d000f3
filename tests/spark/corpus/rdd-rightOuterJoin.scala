// source: docs/streaming.md, Operations (RDDs)
// covers: rightOuterJoin
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
val kinds = sc.parallelize(Seq(("spark", "engine"), ("kafka", "log"), ("flink", "engine")), 2)
pairs.rightOuterJoin(kinds).collect()
