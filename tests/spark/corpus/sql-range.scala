// source: the Spark SQL table function range, as tutorials use it to make rows
// covers: its column id (DuckDB's range names it range), start/end/step, joins of two ranges (JOIN and a comma), a view over it
spark.sql("select * from range(3)").show()
spark.sql("select id * 2 as d from range(1, 7, 2)").collect()
spark.sql("SELECT count(*), sum(id) FROM RANGE(10)").show()
spark.sql("select a.id, b.id from range(2) a join range(1, 3) b on a.id + 1 = b.id order by a.id").show()
spark.sql("select id, id % 3 as m from range(5, 0, -2)").createOrReplaceTempView("r")
spark.sql("select m, count(*) from r group by m order by m").show()
spark.range(2).selectExpr("id as range").createOrReplaceTempView("named")
spark.sql("select range from named").show()
spark.sql("select count(*), sum(a.id * b.id) from range(100) a, range(1000) b").show()
spark.sql("select * from range(2), range(3) order by 1, 2").show()
