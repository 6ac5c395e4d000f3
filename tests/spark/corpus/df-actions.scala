// source: docs/dataframes.md
// covers: count, isEmpty, collect, take, head, first, collectAsList
val df = spark.read.json("@DATA@/users.json")
val small = df.select("id", "lang").orderBy("id")
small.count()
small.isEmpty
small.collect()
small.take(2)
small.head()
small.first()
small.head(2)
small.collectAsList()
