"""make-structured-notebook.py — writes notebooks/Structured-Streaming-Kafka.ipynb (sources only).

The outputs are produced by running it on the kernel:
    .venv/bin/python scripts/run-notebooks.py --inplace notebooks/Structured-Streaming-Kafka.ipynb

The tweets of the DStream samples read with Structured Streaming (issue 13): the Kafka source and
its schema, from_json, the console and memory sinks, output modes, %%sql over a memory table,
windowed counts with a watermark, a Parquet sink with a checkpoint that a second run resumes, a
running query, and a table of each DStream concept beside its Structured Streaming form. The
notebook makes its own topic and data, so every run shows the same rows (only the Kafka
timestamps, and the windows made from them, are the run's). docs/structured.md says what the
kernel supports.
"""
import json
import os

import nbformat as nbf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "notebooks", "Structured-Streaming-Kafka.ipynb")

META = {"kernelspec": {"name": "dstream", "display_name": "Spark Streaming on Kafka (C)", "language": "scala"},
        "language_info": {"name": "scala", "file_extension": ".scala", "codemirror_mode": "text/x-scala",
                          "mimetype": "text/x-scala", "pygments_lexer": "scala"}}

WORKDIR = "/tmp/dstream-structured"
LANGS = ["en", "fr", "en", "de", "en", "ja", "fr", "en", "es", "en", "fr", "de"]
NAMES = ["ada", "bob", "cy"]


def tweet(i, lang):
    return json.dumps({"id": i, "lang": lang, "text": f"tweet number {i}",
                       "user": {"name": NAMES[i % 3], "followers": 100 * (i % 5)}})


def md(text):
    return nbf.v4.new_markdown_cell(text.strip("\n"))


def code(text, **kw):
    return nbf.v4.new_code_cell(text.strip("\n"), **kw)


RAISES = {"tags": ["raises-exception"]}   # the cell shows an error on purpose


CELLS = [
    md(r"""
# Structured Streaming on Kafka

Spark has called DStreams "a legacy project" since 3.4: its current streaming API is
**Structured Streaming**. A stream is a DataFrame that grows; a *query* runs it batch by batch into a
*sink*. This notebook reads tweets from Kafka the Structured Streaming way, with the same Scala that
runs in `spark-shell` (with the `spark-sql-kafka-0-10` package) — only the broker address differs.

It makes its own topic and tweets first (with Kafka's producer, as the writer notebook does), so
what you see is the same on every run.
"""),
    code("""
import org.apache.kafka.clients.producer.{KafkaProducer, ProducerRecord}

// a topic of this run's own, so that every run reads the same records
val topic = "structured-tweets-" + System.currentTimeMillis
val producer = {
  val props = new java.util.Properties()
  props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")
  props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer")
  new KafkaProducer[String, String](props)
}
def produce(lines: String*): Unit = {
  lines.foreach(line => producer.send(new ProducerRecord[String, String](topic, 0, null, line)))
  producer.flush()
}
produce(
""" + ",\n".join('  """' + tweet(i + 1, lang) + '"""' for i, lang in enumerate(LANGS[:8])) + """
)
"""),
    md(r"""
## The Kafka source

`spark.readStream.format("kafka")` gives a streaming DataFrame with Kafka's fixed schema: the
record's `key` and `value` as bytes, its topic, partition, offset and timestamp. On a cluster add
`.option("kafka.bootstrap.servers", "host:9092")`; here the session's brokers (the embedded one)
are used when it is left out.
"""),
    code("""
import org.apache.spark.sql.streaming.Trigger
import org.apache.spark.sql.types._

val df = spark.readStream.format("kafka")
  .option("subscribe", topic)
  .option("startingOffsets", "earliest")
  .load()
df.printSchema()
df.isStreaming
"""),
    md(r"""
A streaming DataFrame cannot be shown or counted like a table — there is no end to count to.
Spark says so, and so does this kernel:
"""),
    code("df.count()", metadata=RAISES),
    md(r"""
## From bytes to columns: `from_json`

The value is JSON text. Cast it to a string and parse it with a schema; `select("t.*")` turns the
struct's fields into columns.
"""),
    code("""
val schema = new StructType()
  .add("id", LongType).add("lang", StringType).add("text", StringType)
  .add("user", new StructType().add("name", StringType).add("followers", LongType))

val tweets = df.select(from_json(col("value").cast("string"), schema).as("t")).select("t.*")
tweets.printSchema()
"""),
    md(r"""
## A query and a sink

`writeStream ... start()` starts a query. The **console** sink prints each batch as Spark prints it.
`Trigger.AvailableNow()` processes what the topic holds now and stops; `awaitTermination()` waits
for that.
"""),
    code("""
tweets.select("id", "lang", "text")
  .writeStream.format("console")
  .trigger(Trigger.AvailableNow())
  .start()
  .awaitTermination()
"""),
    md(r"""
## Aggregations and output modes

An aggregation over a stream keeps state between batches. **complete** mode outputs the whole
result every batch; **update** only the rows a batch changed; **append** (the default) only rows that
can never change again — which an aggregation without a watermark never has, so Spark refuses it.
"""),
    code("""
tweets.groupBy("lang").count().writeStream.format("console").start()
""", metadata=RAISES),
    code("""
val counts = tweets.groupBy("lang").count().orderBy(desc("count"), col("lang"))
counts.writeStream.outputMode("complete").format("console")
  .trigger(Trigger.AvailableNow()).start().awaitTermination()
"""),
    md(r"""
## The memory sink and `%%sql`

The **memory** sink keeps the result in a table named by `queryName`: `spark.sql` and `%%sql` query
it while the stream runs.
"""),
    code("""
val langs = tweets.groupBy("lang").agg(count("*").as("tweets"), sum("user.followers").as("reach"))
  .writeStream.outputMode("complete").format("memory").queryName("langs")
  .trigger(Trigger.AvailableNow()).start()
langs.awaitTermination()
"""),
    code("""
%%sql
SELECT lang, tweets, reach FROM langs ORDER BY tweets DESC, lang
"""),
    md(r"""
## Event time: windows and watermarks

`window(col("timestamp"), "1 hour")` puts every record in the hour it was written to Kafka, and
`withWatermark` says how late data may arrive. (The windows below are the hours of this run.)
"""),
    code("""
val timed = df.select(col("timestamp"), from_json(col("value").cast("string"), schema).as("t"))
  .select(col("timestamp"), col("t.lang").as("lang"))
  .withWatermark("timestamp", "10 minutes")

timed.groupBy(window(col("timestamp"), "1 hour"), col("lang")).count()
  .orderBy("window", "lang")
  .writeStream.outputMode("complete").format("console").option("truncate", "false")
  .trigger(Trigger.AvailableNow()).start().awaitTermination()
"""),
    md(r"""
## Files, checkpoints, and picking up where you left off

A file sink appends each batch as Parquet part files; `checkpointLocation` records which offsets
each batch covered. Run the same query again — after new data, or after restarting the kernel — and
it goes on from the last committed batch: nothing is lost and nothing is written twice.
"""),
    code(f"""
%%bash
rm -rf {WORKDIR} && mkdir -p {WORKDIR}
"""),
    code(f"""
def toParquet() = tweets.select("id", "lang", "text")
  .writeStream.format("parquet")
  .option("path", "{WORKDIR}/tweets")
  .option("checkpointLocation", "{WORKDIR}/checkpoint")
  .trigger(Trigger.AvailableNow()).start()

toParquet().awaitTermination()
spark.read.parquet("{WORKDIR}/tweets").count()
"""),
    code("produce(\n" + ",\n".join('  """' + tweet(i + 9, lang) + '"""' for i, lang in enumerate(LANGS[8:])) + "\n)"),
    code(f"""
toParquet().awaitTermination()
spark.read.parquet("{WORKDIR}/tweets").orderBy("id").show()
"""),
    md(r"""
## A running query

Without a trigger a query runs a batch whenever new records arrive, until `stop()`.
`processAllAvailable()` waits until what is in Kafka now has been processed; `lastProgress` is
Spark's report of the latest batch.
"""),
    code("""
val live = tweets.filter(col("lang") === "en").select("id", "text")
  .writeStream.format("console").start()
live.processAllAvailable()
live.lastProgress.numInputRows
"""),
    code("""
live.stop()
live.isActive
"""),
    md(r"""
## DStreams and Structured Streaming, side by side

The same questions over this notebook's topic, asked both ways and run here. The DStream side runs
on the virtual clock of `ssc.step()` (the DStream-Concepts notebook explains it; on a cluster it is
`ssc.start()`); the Structured side uses `Trigger.AvailableNow()`.

First the DStream: a direct stream on the topic, and each record's language.
"""),
    code("""
import org.apache.spark.streaming._
import org.apache.spark.streaming.kafka010._
import org.apache.kafka.common.serialization.StringDeserializer

val kafkaParams = Map[String, Object](
  "key.deserializer" -> classOf[StringDeserializer], "value.deserializer" -> classOf[StringDeserializer],
  "group.id" -> ("side-by-side-" + topic), "auto.offset.reset" -> "earliest")
val ssc = new StreamingContext(sc, Seconds(10))
ssc.checkpoint("/tmp/dstream-structured/dstream-checkpoint")
val stream = KafkaUtils.createDirectStream[String, String](ssc, LocationStrategies.PreferConsistent,
  ConsumerStrategies.Subscribe[String, String](Seq(topic), kafkaParams))
val langs = stream.map(record => record.value.split("\\"lang\\": \\"")(1).takeWhile(_ != '"'))
"""),
    md(r"""
### A batch's counts ↔ a trigger's counts; state ↔ a stateful aggregation; offsets ↔ progress

`countByValue()` counts each batch; `updateStateByKey` carries totals from batch to batch (it needs
the checkpoint set above); `countByValueAndWindow(Seconds(30), Seconds(10))` counts the last three
batches, every batch; `HasOffsetRanges` says which offsets a batch read. All of them are declared
before the first batch, as Spark requires. In Structured Streaming one aggregation in **complete**
mode is the running total (its state lives in the `checkpointLocation`), and `lastProgress` says
what a trigger read.
"""),
    code("""
langs.countByValue().print()
langs.map((_, 1L)).updateStateByKey((now: Seq[Long], before: Option[Long]) => Some(before.getOrElse(0L) + now.sum)).print()
langs.countByValueAndWindow(Seconds(30), Seconds(10)).print()
stream.foreachRDD { rdd =>
  for (o <- rdd.asInstanceOf[HasOffsetRanges].offsetRanges)
    println(s"partition ${o.partition}: offsets ${o.fromOffset} until ${o.untilOffset}")
}
ssc.step()
"""),
    code("""
def totals() = tweets.groupBy("lang").count().orderBy(desc("count"), col("lang"))
  .writeStream.outputMode("complete").format("console")
  .option("checkpointLocation", "/tmp/dstream-structured/totals-checkpoint")
  .trigger(Trigger.AvailableNow()).start()
val first = totals()
first.awaitTermination()
first.lastProgress.numInputRows
"""),
    md(r"""
Three more tweets arrive. The DStream's next batch counts only them, and its state adds them to the
totals; the Structured query, started again on its checkpoint, reads only them and updates the
totals the same way.
"""),
    code("""
produce(
  \"\"\"""" + tweet(30, "en") + """\"\"\",
  \"\"\"""" + tweet(31, "ja") + """\"\"\",
  \"\"\"""" + tweet(32, "en") + """\"\"\"
)
ssc.step()
"""),
    code("""
val second = totals()
second.awaitTermination()
second.lastProgress.numInputRows
"""),
    md(r"""
### Windows over batches ↔ windows over event time

A DStream window is a number of batches: a third batch with no new records still counts the two
before it in its 30-second window, and the state keeps its totals. A Structured window is a span of
event time in the data (`window(col("timestamp"), "1 hour")`: Kafka's timestamps, when each record
was written), whenever it is processed.
"""),
    code("""
ssc.step()
ssc.stop(stopSparkContext = false)
"""),
    code("""
df.select(col("timestamp"), from_json(col("value").cast("string"), schema).as("t"))
  .groupBy(window(col("timestamp"), "1 hour"), col("t.lang").as("lang")).count()
  .orderBy("window", "lang")
  .writeStream.outputMode("complete").format("console").option("truncate", "false")
  .trigger(Trigger.AvailableNow()).start().awaitTermination()
"""),
    md(r"""
### In short

| DStream concept (DStream-Concepts notebook) | Structured Streaming |
|---|---|
| `KafkaUtils.createDirectStream`, `record.value` | `spark.readStream.format("kafka")`, `CAST(value AS STRING)` |
| a batch's RDD, `foreachRDD { rdd => … }` | the batch's DataFrame, `foreachBatch { (df, id) => … }` |
| `print()` | the console sink |
| `countByValueAndWindow` / `reduceByKeyAndWindow` (windows of batches) | `groupBy(window(col("timestamp"), "30 seconds"))` (windows of event time) |
| `updateStateByKey` / `mapWithState` | a streaming aggregation in complete or update mode |
| `ssc.checkpoint(dir)` | `option("checkpointLocation", dir)` |
| offset ranges, `commitAsync` | the offsets in the checkpoint, `startingOffsets`, `lastProgress` |
| `ssc.start()`, `awaitTermination`, `stop` | `query.start()`, `awaitTermination`, `stop` |

What this kernel runs of Structured Streaming, and what not yet, is in `docs/structured.md`.
"""),
]


def main():
    nb = nbf.v4.new_notebook()
    nb.metadata = META
    nb.cells = CELLS
    nbf.write(nb, OUT)
    print(f"wrote {os.path.relpath(OUT)} ({len(CELLS)} cells)")


if __name__ == "__main__":
    main()
