// source: docs/streaming.md, Operations (RDDs)
// covers: flatMap/map/reduceByKey word count, sorted by count then word
val text = sc.parallelize(Seq("to be or not to be", "that is the question", "to stream or not"), 2)
val counts = text.flatMap(_.split(" ")).map((_, 1)).reduceByKey(_ + _)
counts.sortBy(kv => (-kv._2, kv._1)).take(5)
counts.count()
