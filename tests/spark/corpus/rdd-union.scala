// source: docs/streaming.md, Operations (RDDs)
// covers: union, partitions of a union
val nums = sc.parallelize(1 to 10, 2)
val u = nums.union(sc.parallelize(Seq(100, 200)))
u.collect()
u.getNumPartitions
