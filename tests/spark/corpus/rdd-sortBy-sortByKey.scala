// source: docs/streaming.md, Operations (RDDs)
// covers: sortBy, sortByKey ascending and descending
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
pairs.sortBy(_._2, ascending = false).collect()
pairs.sortByKey().collect()
pairs.sortByKey(false).keys.collect()
