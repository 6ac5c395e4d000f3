// source: docs/dataframes.md
// covers: cast to string, int, bigint, double and names
val df = spark.read.json("@DATA@/users.json")
df.select($"id".cast("string"), ($"id" + 1).cast("double"), $"n".cast("int"), $"id".cast("bigint")).show()
df.select($"id".cast("string")).dtypes
