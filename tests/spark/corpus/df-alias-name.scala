// source: docs/dataframes.md
// covers: as, alias, name on Columns
val df = spark.read.json("@DATA@/users.json")
df.select($"id".as("a"), $"lang".alias("b"), $"n".name("c")).show()
