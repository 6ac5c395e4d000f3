// source: Stack Overflow answers filtering a DataFrame with a Scala function (df.filter(r => r.getInt(1) > 30))
// covers: Dataset's typed filter over Rows (getInt, getAs, after a Column filter): the rows kept, the echo (Dataset[Row]), schema and count
import org.apache.spark.sql.Row
val people = spark.createDataFrame(Seq(("ann", 31, 1.5), ("bob", 22, 2.0), ("cy", 45, 0.5))).toDF("name", "age", "score")
val older = people.filter(r => r.getInt(1) > 30)
older.show()
older.printSchema()
people.filter(_.getAs[String]("name").startsWith("b")).show()
people.where($"age" > 20).filter(r => r.getDouble(2) >= 1.0).count()
