// source: docs/dataframes.md
// covers: spark.sql on struct fields and arrays
val df = spark.read.json("@DATA@/users.json")
df.createOrReplaceTempView("users")
spark.sql("select id, user.name, user.followers from users order by id").show()
spark.sql("select id, size(tags) from users order by id").show()
