// source: docs/streaming.md, Operations (RDDs)
// covers: map, filter, flatMap, collect
val nums = sc.parallelize(1 to 10, 2)
nums.map(_ * 3).collect()
nums.filter(_ % 2 == 0).collect()
nums.flatMap(n => Seq(n, -n)).take(6)
