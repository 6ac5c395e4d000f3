// source: Databricks and Stack Overflow "parse a JSON string column": from_json with a StructType, then $"data.*"
// covers: StructType/StructField schema, from_json, select("data.*"), get_json_object, to_json(struct(...)),
//   spark.read.schema(schema).json(Dataset[String]), explode of an array column, schema.printTreeString
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types._
val schema = StructType(Seq(StructField("id", IntegerType, true), StructField("name", StringType, true), StructField("scores", ArrayType(IntegerType), true)))
val raw = sc.parallelize(Seq("""{"id":1,"name":"ann","scores":[90,80]}""", """{"id":2,"name":"bob","scores":[70]}""", """{"id":3,"name":null}""")).toDF("value")
// ---- cell
val parsed = raw.select(from_json($"value", schema).as("data"))
parsed.printSchema()
parsed.select($"data.*").show()
// ---- cell
parsed.select($"data.name", explode($"data.scores").as("score")).show()
// ---- cell
raw.select(get_json_object($"value", "$.name").as("name")).show()
// ---- cell
val people = spark.read.schema(schema).json(raw.as[String])
people.show()
people.select(to_json(struct($"id", $"name")).as("json")).show(false)
schema.printTreeString()
