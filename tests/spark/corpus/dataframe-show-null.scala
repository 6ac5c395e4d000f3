// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: dataframe show null
val df = spark.read.json("@DATA@/users.json")
df.printSchema()
df.show()
df.select("id", "tags", "user").show(false)
df.select("s").show(2, 0, true)
val rows = df.count()
