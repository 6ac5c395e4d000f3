// source: docs/dataframes.md
// covers: read.json of a Dataset[String] and sc.parallelize strings
val df = spark.read.json("@DATA@/users.json")
import spark.implicits._
val more = spark.read.json(Seq("""{"a":1,"b":"x"}""", """{"a":2.5}""").toDS)
more.printSchema()
more.show()
