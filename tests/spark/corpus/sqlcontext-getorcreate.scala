// source: Spark 1.x-style programs and the Programming Guide's DataFrame-in-a-stream example (SQLContext.getOrCreate)
// covers: SQLContext.getOrCreate(sc) and its deprecation warning, its sql and read
import org.apache.spark.sql.SQLContext
val sqlc = SQLContext.getOrCreate(sc)
sqlc.sql("select 1 as x, 'a' as y").show()
import sqlc.implicits._
val df = sqlc.read.json(Seq("""{"a": 1}""", """{"a": 2}""").toDS)
df.count()
