// source: docs/streaming.md, Operations (RDDs)
// covers: getNumPartitions, partitions.length, context, sparkContext, defaultParallelism
val nums = sc.parallelize(1 to 10, 2)
nums.getNumPartitions
nums.partitions.length
nums.context == sc
nums.sparkContext.defaultParallelism
sc.defaultParallelism
