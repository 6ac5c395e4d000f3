// source: docs/streaming.md, Operations (RDDs)
// covers: mapValues, flatMapValues, keys, values
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
pairs.mapValues(_ * 10).collect()
pairs.flatMapValues(v => 1 to v).count()
pairs.keys.collect()
pairs.values.collect()
