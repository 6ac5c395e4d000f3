// source: docs/dataframes.md
// covers: groupBy count over a larger DataFrame from an RDD of JSON strings
val df = spark.read.json("@DATA@/users.json")
val big = spark.read.json(sc.parallelize((1 to 50).map(i => s"""{"k":"k${i % 7}","v":$i}""")))
big.groupBy("k").count().orderBy("k").show()
big.agg(org.apache.spark.sql.functions.sum("v")).show()
