// source: docs/dataframes.md
// covers: limit, distinct, dropDuplicates
val df = spark.read.json("@DATA@/users.json")
df.select("lang").distinct().orderBy("lang").show()
df.dropDuplicates("lang").count()
df.limit(2).count()
