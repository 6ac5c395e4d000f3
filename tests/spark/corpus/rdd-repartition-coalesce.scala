// source: docs/streaming.md, Operations (RDDs)
// covers: repartition, coalesce, getNumPartitions
val nums = sc.parallelize(1 to 10, 2)
nums.repartition(4).getNumPartitions
nums.coalesce(1).glom().collect()
nums.repartition(3).count()
