// source: tutorials' DataFrame idioms (a when() chain for buckets; unionByName of frames built apart)
// covers: Column.when chained, otherwise, CASE WHEN names, nullability and types; unionByName with and without allowMissingColumns; union's type widening; their errors
import org.apache.spark.sql.functions._
import spark.implicits._
val df = Seq(("ann", 31), ("bob", 17), ("cid", 65), ("dan", 45)).toDF("name", "age")
val g = df.withColumn("group", when($"age" < 18, "minor").when($"age" < 60, "adult").otherwise("senior"))
g.show()
g.printSchema()
// ---- cell
df.select(when($"age" > 40, 1).when($"age" > 20, 2)).show()
df.select(when($"age" > 40, lit(1)).otherwise(2.5).as("x")).printSchema()
println(when($"age" > 40, 1).when($"age" > 20, 2).otherwise(3))
// ---- cell
val a = Seq((1, "x"), (2, "y")).toDF("id", "name")
val b = Seq(("z", 3)).toDF("name", "id")
a.unionByName(b).show()
a.unionByName(b).printSchema()
val c = Seq((4, "w", true)).toDF("id", "name", "flag")
a.unionByName(c, true).show()
a.unionByName(c, allowMissingColumns = true).printSchema()
c.unionByName(a, true).show()
// ---- cell
a.union(b).show()
a.union(b).printSchema()
val e = Seq((1L, 2.5)).toDF("id", "v")
a.union(e).printSchema()
// ---- cell
try a.unionByName(c).show() catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
// ---- cell
val d = Seq((5, "v")).toDF("id", "other")
try a.unionByName(d).show() catch { case e: Exception => println(e.getClass.getName + ": " + e.getMessage.split("\n")(0)) }
