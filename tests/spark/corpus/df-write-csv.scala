// source: docs/dataframes.md
// covers: write.option(header).csv then the text read back
val df = spark.read.json("@DATA@/users.json")
df.select("id", "lang", "n").orderBy("id").coalesce(1).write.option("header", "true").csv("@TMP@/out-csv")
val part = new java.io.File("@TMP@/out-csv").listFiles().filter(_.getName.startsWith("part-")).head
scala.io.Source.fromFile(part).getLines().toList
