// source: Spark SQL tutorials and course exercises: spark.sql over temp views with CTEs, subqueries, CASE WHEN, window functions
// covers: WITH ... AS (CTE), IN (subquery), CASE WHEN in SELECT, BETWEEN, LIKE, COALESCE, CONCAT, ROW_NUMBER() OVER (PARTITION BY ...),
//   DISTINCT, LIMIT, UPPER/SUBSTR, a self-join, the columns' default names of unaliased expressions
val orders = spark.createDataFrame(Seq((1, "alice", "book", 12.5, 2), (2, "bob", "pen", 1.25, 10), (3, "alice", "pen", 1.25, 4), (4, "carol", "lamp", 30.0, 1), (5, "bob", "book", 12.5, 1))).toDF("order_id", "customer", "product", "price", "qty")
orders.createOrReplaceTempView("probe_orders")
// ---- cell
spark.sql("""
  WITH totals AS (SELECT customer, SUM(price * qty) AS spent FROM probe_orders GROUP BY customer)
  SELECT customer, spent, CASE WHEN spent > 20 THEN 'gold' WHEN spent > 10 THEN 'silver' ELSE 'bronze' END AS tier
  FROM totals ORDER BY spent DESC
""").show()
// ---- cell
spark.sql("SELECT * FROM probe_orders WHERE customer IN (SELECT customer FROM probe_orders WHERE product = 'lamp') OR price BETWEEN 10 AND 13 ORDER BY order_id").show()
// ---- cell
spark.sql("SELECT order_id, product, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY order_id DESC) AS rn FROM probe_orders ORDER BY order_id").show()
// ---- cell
spark.sql("SELECT DISTINCT product FROM probe_orders WHERE product LIKE 'b%' OR product LIKE '%en'").orderBy("product").show()
// ---- cell
spark.sql("SELECT UPPER(customer), SUBSTR(product, 1, 2), price * qty, CONCAT(customer, '-', product) FROM probe_orders ORDER BY order_id LIMIT 3").show()
// ---- cell
spark.sql("SELECT customer, COUNT(*) AS n, MAX(price) FROM probe_orders GROUP BY customer ORDER BY n DESC, customer").show()
// ---- cell
spark.sql("SELECT a.order_id, b.order_id AS other FROM probe_orders a JOIN probe_orders b ON a.product = b.product AND a.order_id < b.order_id ORDER BY a.order_id").show()
