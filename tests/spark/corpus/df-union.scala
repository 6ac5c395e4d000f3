// source: docs/dataframes.md
// covers: union/unionAll by position
val df = spark.read.json("@DATA@/users.json")
val a = df.select("id", "lang")
a.union(a).count()
a.unionAll(a.limit(1)).orderBy("id").show()
