// source: docs/dataframes.md
// covers: write.json then read back (folder layout)
val df = spark.read.json("@DATA@/users.json")
df.select("id", "lang").write.json("@TMP@/out-json")
spark.read.json("@TMP@/out-json").orderBy("id").show()
new java.io.File("@TMP@/out-json").list().filter(_.startsWith("_")).sorted
