// source: docs/dataframes.md
// covers: groupBy(...).count(), orderBy
val df = spark.read.json("@DATA@/users.json")
df.groupBy("lang").count().orderBy("lang").show()
