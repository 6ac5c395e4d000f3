// source: tutorials' DataFrame idioms (cast(IntegerType), sort_array(collect_list(...)), get_json_object on raw JSON strings)
// covers: Column.cast with a DataType object, sort_array ascending/descending and its names, get_json_object (objects as JSON text, absent paths and malformed JSON as null) from the DataFrame API and SQL
import org.apache.spark.sql.types._
val df = spark.createDataFrame(Seq(("a", "10", """{"name":"x","n":{"k":1}}"""), ("a", "7", """{"name":"y"}"""), ("b", "3", "bad"))).toDF("g", "v", "j")
df.select($"v".cast(IntegerType), $"v".cast(DoubleType).as("d"), col("v").cast(LongType)).printSchema()
df.select($"v".cast(DoubleType)).show()
df.groupBy("g").agg(sort_array(collect_list("v")).as("asc"), sort_array(collect_list("v"), false)).orderBy("g").show()
df.select(get_json_object($"j", "$.name"), get_json_object($"j", "$.n").as("n"), get_json_object($"j", "$.n.k").as("k")).show()
spark.sql("""select get_json_object("{\"a\":1}", "$.a") as a, get_json_object("bad", "$.a") as b""").show()
