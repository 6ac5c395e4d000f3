// source: tests/python/test_spark_diff.py (the first differential tests)
// covers: dataframe json rdd
import spark.implicits._
val json = Seq("""{"id":1,"lang":"en","user":{"name":"ann","followers":10}}""", """{"id":2,"lang":"fr","user":{"name":"bob","followers":null}}""", """{"id":3,"lang":"en","user":{"name":"cy"}}""")
val df = spark.read.json(sc.parallelize(json))
df.printSchema()
df.show()
df.select($"id", $"user.name").show()
df.groupBy("lang").count().orderBy("lang").show()
