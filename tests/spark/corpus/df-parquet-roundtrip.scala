// source: docs/dataframes.md
// covers: write.parquet, read.parquet schema and rows
val df = spark.read.json("@DATA@/users.json")
df.write.parquet("@TMP@/users.parquet")
val back = spark.read.parquet("@TMP@/users.parquet")
back.printSchema()
back.orderBy("id").show()
