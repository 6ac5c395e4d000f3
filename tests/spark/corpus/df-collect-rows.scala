// source: docs/dataframes.md
// covers: static types of collect/take/head(n) results: Array[Row] elements are Row, get is Any
val df = spark.read.json("@DATA@/users.json")
val rows = df.select("id", "lang").orderBy("id").collect()
rows(0)
rows(0).get(0)
rows.head.get(1)
df.select("id").orderBy("id").take(2)(1).get(0)
df.orderBy("id").select("lang").head(1)(0).get(0)
rows.map(_.getString(1))
rows.length
