// source: tutorials on derived columns (sparkbyexamples-style): withColumn with when/otherwise, lit, concat_ws, regexp_replace, round
// covers: when(...).when(...).otherwise(...), lit, concat_ws, concat, regexp_replace, lower, upper, length, round(x, 2),
//   col(...).cast(IntegerType), substring, coalesce, isin, the default names of these columns
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types._
val df = spark.createDataFrame(Seq(("John Smith", "45000.456", "M", "NY"), ("Jane Doe", "72000.1", "F", null), ("Bob-Lee Ray", "38000", "M", "CA"), ("Ann Li", null, "F", "TX"))).toDF("full_name", "salary", "gender", "state")
// ---- cell
val withGender = df.withColumn("gender_desc", when($"gender" === "M", "Male").when($"gender" === "F", "Female").otherwise("Unknown"))
withGender.show()
// ---- cell
val typed = df.withColumn("salary", col("salary").cast(DoubleType)).withColumn("bonus", round($"salary" * 0.1, 2)).withColumn("country", lit("USA"))
typed.show()
typed.printSchema()
// ---- cell
df.withColumn("name_clean", lower(regexp_replace($"full_name", "[- ]", "_"))).withColumn("name_len", length($"full_name")).select("full_name", "name_clean", "name_len").show()
// ---- cell
val typed2 = df.withColumn("salary", col("salary").cast("double")).withColumn("bonus", round($"salary" * 0.1, 2)).withColumn("country", lit("USA"))
typed2.show()
typed2.printSchema()
df.withColumn("gender_desc", when($"gender" === "M", "Male").otherwise("Female")).select("gender", "gender_desc").show()
// ---- cell
df.select(concat_ws(", ", $"full_name", $"state").as("who"), concat($"gender", lit("-"), $"state").as("code")).show()
// ---- cell
df.select(upper(substring($"full_name", 1, 3)), coalesce($"state", lit("N/A")), $"state".isin("NY", "CA")).show()
// ---- cell
df.withColumn("band", when($"salary".cast("double") >= 50000, "high").when($"salary".isNull, "none").otherwise("low")).select("full_name", "band").show()
