// source: docs/streaming.md, Operations (RDDs)
// covers: distinct
sc.parallelize(Seq(3, 1, 3, 2, 1), 2).distinct().collect()
sc.parallelize(Seq("x", "y", "x")).distinct().count()
