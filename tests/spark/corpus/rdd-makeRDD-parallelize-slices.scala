// source: docs/streaming.md, Operations (RDDs)
// covers: parallelize slicing as ParallelCollectionRDD, makeRDD
sc.parallelize(1 to 7, 3).glom().collect()
sc.makeRDD(Seq("a", "b", "c")).glom().collect()
sc.parallelize(1 to 5).glom().collect()
