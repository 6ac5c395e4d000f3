// source: Databricks and Stack Overflow answers that read JSON with a schema given (spark.read.schema(...).json) instead of inferring one
// covers: spark.read.schema(StructType).json(Dataset[String]), schema(DDL string), a field the documents lack (null), a field they
//   have that the schema leaves out (dropped), printSchema of the given schema, to_json(struct(...)) leaving out null fields
import org.apache.spark.sql.types._
import org.apache.spark.sql.functions._
val docs = Seq("""{"id":1,"name":"ann","extra":true}""", """{"id":2}""", """{"id":3,"name":"cy"}""").toDS()
val schema = StructType(Seq(StructField("id", LongType, true), StructField("name", StringType, true), StructField("age", IntegerType, true)))
// ---- cell
val people = spark.read.schema(schema).json(docs)
people.show()
people.printSchema()
// ---- cell
val byDdl = spark.read.schema("id BIGINT, name STRING").json(docs)
byDdl.show()
byDdl.select(to_json(struct($"id", $"name")).as("json")).show(false)
