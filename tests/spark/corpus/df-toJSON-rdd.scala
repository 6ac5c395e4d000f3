// source: docs/dataframes.md
// covers: toJSON, rdd of Rows
val df = spark.read.json("@DATA@/users.json")
df.select("id", "lang").orderBy("id").toJSON.collect()
df.select("id").orderBy("id").rdd.map(_.getLong(0)).collect()
