// source: docs/streaming.md, Operations (RDDs)
// covers: zipWithIndex
sc.parallelize(Seq("a", "b", "c", "d"), 2).zipWithIndex().collect()
