// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: sql column names
spark.read.json("@DATA@/users.json").createOrReplaceTempView("v")
spark.sql("select id, user.name from v").show()
spark.sql("select count(*), avg(n), sum(n), min(s), max(id), count(n), COUNT(1), Avg(n) from v").show()
spark.sql("select upper(s), id + 1, cast(id as string), user.followers, upper(user.name), id*2, v.id, 'x', (id), lower(lang) as l, id+n from v").show()
spark.sql("select lang, count(*) from v group by lang order by lang").show()
val names = spark.sql("select id, user.name from v").columns
