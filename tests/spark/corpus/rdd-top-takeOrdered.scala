// source: docs/streaming.md, Operations (RDDs)
// covers: top, takeOrdered
val nums = sc.parallelize(1 to 10, 2)
nums.top(3)
nums.takeOrdered(3)
sc.parallelize(Seq("b", "c", "a")).top(2)
