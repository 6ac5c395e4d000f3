// source: docs/streaming.md, Operations (RDDs)
// covers: mapPartitions with iterators, glom
val nums = sc.parallelize(1 to 10, 2)
nums.mapPartitions(it => Iterator(it.sum)).collect()
nums.glom().collect()
nums.mapPartitions(_.map(_ + 1)).collect()
