// source: docs/dataframes.md
// covers: show(n), show(truncate = false), show(n, truncate Int), vertical
val df = spark.read.json("@DATA@/users.json")
df.show(2)
df.show(false)
df.show(3, 2)
df.show(1, 20, true)
