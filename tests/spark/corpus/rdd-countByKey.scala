// source: docs/streaming.md, Operations (RDDs)
// covers: countByKey (a Map), collectAsMap
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
pairs.countByKey()
pairs.collectAsMap()
