// source: the Structured Streaming guide's word count and many tutorials' DataFrame word count: explode(split(...))
// covers: rdd of lines .toDF("value"), explode(split($"value", " ")), lower/regexp_replace cleanup, groupBy count with and without orderBy,
//   orderBy($"count".desc), filter($"word" =!= ""), limit, the same count with spark.sql
import org.apache.spark.sql.functions._
val lines = sc.parallelize(Seq("The quick brown fox", "jumps over the lazy dog.", "The dog, the fox!")).toDF("value")
// ---- cell
val words = lines.select(explode(split($"value", " ")).as("word"))
words.show()
// ---- cell
val clean = words.select(lower(regexp_replace($"word", "[^a-zA-Z]", "")).as("word")).filter($"word" =!= "")
val counts = clean.groupBy("word").count()
counts.orderBy($"count".desc, $"word").show()
// ---- cell
counts.orderBy(desc("count"), asc("word")).limit(3).collect().foreach(r => println(s"${r.getString(0)}: ${r.getLong(1)}"))
// ---- cell
clean.createOrReplaceTempView("probe_words")
spark.sql("SELECT word, COUNT(*) AS cnt FROM probe_words GROUP BY word HAVING COUNT(*) > 1 ORDER BY cnt DESC, word").show()
// ---- cell
lines.withColumn("n_words", size(split($"value", " "))).show(false)
// ---- cell
counts.filter($"count" === 1).count()
