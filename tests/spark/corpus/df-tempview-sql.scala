// source: docs/dataframes.md
// covers: createOrReplaceTempView, spark.sql with where and order
val df = spark.read.json("@DATA@/users.json")
df.createOrReplaceTempView("users")
spark.sql("select id, lang from users where id >= 2 order by id").show()
spark.sql("select lang, count(*) as c from users group by lang order by c desc, lang").show()
