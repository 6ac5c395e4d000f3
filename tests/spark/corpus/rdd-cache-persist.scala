// source: docs/streaming.md, Operations (RDDs)
// covers: cache, persist, unpersist, setName, id relation
val nums = sc.parallelize(1 to 10, 2)
nums.cache()
nums.persist()
nums.setName("numbers")
nums.name
nums.unpersist()
