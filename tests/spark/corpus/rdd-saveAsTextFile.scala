// source: docs/streaming.md, Operations (RDDs)
// covers: saveAsTextFile, textFile read back
val nums = sc.parallelize(1 to 10, 2)
nums.saveAsTextFile("@TMP@/nums")
val back = sc.textFile("@TMP@/nums")
back.count()
back.map(_.toInt).sum()
new java.io.File("@TMP@/nums").list().sorted
