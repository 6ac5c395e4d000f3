// source: aggregation tutorials (sparkbyexamples-style, Databricks notebooks): groupBy(...).agg(...) with aliases, pivot
// covers: agg(max, min, avg, sum, count, countDistinct, collect_list, collect_set, first) with and without alias,
//   round(avg(...), 2), sort_array(collect_list), groupBy two columns, pivot then sum, agg(expr(...)), groupBy().max("col")
import org.apache.spark.sql.functions._
val df = spark.createDataFrame(Seq(("James", "Sales", "NY", 90000, 34), ("Michael", "Sales", "NY", 86000, 56), ("Robert", "Sales", "CA", 81000, 30), ("Maria", "Finance", "CA", 90000, 24), ("Raman", "Finance", "CA", 99000, 40), ("Scott", "Finance", "NY", 83000, 36), ("Jen", "Finance", "NY", 79000, 53), ("Jeff", "Marketing", "CA", 80000, 25), ("Kumar", "Marketing", "NY", 91000, 50))).toDF("employee_name", "department", "state", "salary", "age")
// ---- cell
df.groupBy("department").agg(sum("salary").as("sum_salary"), avg("salary").as("avg_salary"), max("salary").as("max_salary"), min("age").as("min_age")).orderBy("department").show()
// ---- cell
df.groupBy("department").agg(max("salary"), min("salary"), avg("age"), count("*"), countDistinct("state")).orderBy("department").show()
// ---- cell
df.groupBy("department").agg(round(avg("salary"), 2).as("avg"), sort_array(collect_list("employee_name")).as("names"), sort_array(collect_set("state")).as("states")).orderBy("department").show(false)
// ---- cell
df.groupBy("department", "state").sum("salary", "age").orderBy("department", "state").show()
// ---- cell
df.groupBy("department").pivot("state").sum("salary").orderBy("department").show()
// ---- cell
df.groupBy("department").agg(expr("sum(salary) as total"), expr("count(distinct state) as states")).where($"total" > 250000).orderBy($"total".desc).show()
// ---- cell
df.groupBy("state").agg(first("employee_name").as("first_name"), count("employee_name").as("n")).orderBy("state").show()
