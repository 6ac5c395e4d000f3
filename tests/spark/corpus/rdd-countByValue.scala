// source: docs/streaming.md, Operations (RDDs)
// covers: countByValue (a Map)
val ws = sc.parallelize(Seq("a", "b", "a", "c", "a"), 2)
ws.countByValue()
