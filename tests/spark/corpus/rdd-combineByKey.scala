// source: docs/streaming.md, Operations (RDDs)
// covers: combineByKey (listed as missing)
val pairs = sc.parallelize(Seq(("spark", 1), ("kafka", 2), ("scala", 3), ("spark", 4), ("jvm", 5)), 2)
pairs.combineByKey((v: Int) => List(v), (c: List[Int], v: Int) => v :: c, (a: List[Int], b: List[Int]) => a ::: b).collect()
