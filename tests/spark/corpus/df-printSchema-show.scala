// source: docs/dataframes.md
// covers: read.json of a file, printSchema, show()
val df = spark.read.json("@DATA@/users.json")
df.printSchema()
df.show()
