// source: docs/streaming.md, Operations (RDDs)
// covers: toDebugString of a shuffled lineage
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
println(pairs.reduceByKey(_ + _).mapValues(_ + 1).toDebugString)
