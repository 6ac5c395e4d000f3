// source: docs/dataframes.md
// covers: na.fill with values and maps, na.drop forms
val df = spark.read.json("@DATA@/users.json")
df.na.fill(0, Seq("n")).select("id", "n").show()
df.na.drop(Seq("s")).select("id").show()
df.na.drop(2).select("id").count()
