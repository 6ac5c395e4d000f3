// source: docs/dataframes.md
// covers: spark.range: Dataset[Long] echo, collect, count, show, map, filter, sum
val ds = spark.range(5)
ds.collect()
ds.count()
ds.show()
ds.filter("id > 2").collect()
spark.range(2, 10, 3).collect()
ds.take(2)
ds.first()
ds.head(2)
