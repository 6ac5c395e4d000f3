// source: docs/streaming.md, Operations (RDDs)
// covers: sc.longAccumulator, doubleAccumulator, foreach adding
val nums = sc.parallelize(1 to 10, 2)
val acc = sc.longAccumulator("evens")
nums.foreach(n => if (n % 2 == 0) acc.add(1))
acc.value
val d = sc.doubleAccumulator("d")
nums.foreach(n => d.add(n / 4.0))
d.value
d.avg
