"""test_structured_spark.py — Structured Streaming against real Spark (issue 13): the same queries,
with the same text, over the same Kafka topic on a real broker, in spark-shell 3.5 (local[2], with
Spark's spark-sql-kafka-0-10 connector from Maven Central: `make spark-deps`) and in this kernel;
each cell's output must be equal after spark_diff's normalisations (res numbers, object hashes).

Every query runs with Trigger.AvailableNow (one Trigger.Once) and awaitTermination, so its batches
are fixed by the data (one batch over what the topic holds, or maxOffsetsPerTrigger's), not by
timing — and so are the watermarks, which move between batches. Errors are compared by their first line
(the exception and its message; the stack frames are the JVM's).
"""

import json
import os
import re
import pathlib
import shutil
import subprocess
import sys
import tempfile
import uuid

import pytest

from kafka_fixtures import kcat, kcli_path, real_broker, wait_topic  # noqa: F401

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "spark"))
import run_scala  # noqa: E402
import spark_diff  # noqa: E402
from spark_diff import diff, normalise  # noqa: E402

TOPIC = "ss-tweets-" + uuid.uuid4().hex[:8]
PARTS = "ss-parts-" + uuid.uuid4().hex[:8]     # 2 partitions: 7 records in 0, 3 in 1
PARTS_B = PARTS + "-b"                          # 1 partition, 2 records (subscribePattern matches both)
LANGS = ["en", "fr", "en", "de", "en", "fr", "ja", "en", "es", "en", "fr", "de"]

HEAD = ('import org.apache.spark.sql.streaming.Trigger\nimport org.apache.spark.sql.types._\n'
        'val df = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "@KAFKA@")'
        '.option("subscribe", "@TOPIC@").option("startingOffsets", "earliest").load()\n')
SCHEMA = ('val schema = new StructType().add("id", LongType).add("lang", StringType).add("text", StringType)'
          '.add("user", new StructType().add("name", StringType).add("followers", LongType))\n'
          'val tweets = df.select(from_json(col("value").cast("string"), schema).as("t")).select("t.*")\n')
EVENTS = ('val ev = df.select(from_json(col("value").cast("string"), "lang STRING, ts STRING", Map[String, String]()).as("t"))'
          '.selectExpr("t.lang AS lang", "CAST(t.ts AS TIMESTAMP) AS ts")\n')
SORTED_BATCH = ('val each = (batch: DataFrame, id: Long) => {\n  println(s"batch $id")\n'
                '  batch.orderBy(batch.columns.map(col): _*).show(false)\n}\n')
NOW = '.trigger(Trigger.AvailableNow()).start().awaitTermination()\n'


def kafka_head(*options):
    """A Kafka source with these options (key, value pairs) instead of HEAD's subscribe/earliest."""
    opts = "".join(f'.option("{k}", {json.dumps(v)})' for k, v in options)
    return ('import org.apache.spark.sql.streaming.Trigger\nimport org.apache.spark.sql.DataFrame\n'
            'val df = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "@KAFKA@")' + opts + '.load()\n')


IMPORTS = 'import org.apache.spark.sql.streaming.Trigger\nimport org.apache.spark.sql.types._\nimport org.apache.spark.sql.DataFrame\n'
MICRO_BATCH = ('val m = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", "3").option("startTimestamp", "1700000000000")'
               '.option("advanceMillisPerBatch", "1500").load()\n')
ONCE_CK = 'm.writeStream.format("console").option("checkpointLocation", "@TMP@/ck").trigger(Trigger.Once()).start().awaitTermination()\n'
AVAILABLE_CK = ('m.writeStream.format("console").option("checkpointLocation", "@TMP@/ck").trigger(Trigger.AvailableNow()).start()'
                '.awaitTermination()\n')
SORTED_BATCH_RATE = ('val each = (batch: DataFrame, id: Long) => {\n  println(s"batch $id")\n'
                     '  batch.orderBy("window").show(false)\n}\n')

PER_PARTITION = ('val each = (batch: DataFrame, id: Long) => {\n  println(s"batch $id")\n'
                 '  batch.groupBy("topic", "partition").agg(count("*").as("n"), min("offset"), max("offset"))'
                 '.orderBy("topic", "partition").show(false)\n}\n')

# name -> cells (@KAFKA@ and @TOPIC@ filled in by the test)
QUERIES = {
    "source-schema": [HEAD, "df.printSchema()\ndf.isStreaming\n"],
    "console-value": [HEAD, 'df.selectExpr("CAST(value AS STRING)").writeStream.format("console")' + NOW],
    "console-binary": [HEAD, 'df.select("key", "value", "topic", "partition", "offset").writeStream.format("console")' + NOW],
    "console-kafka-columns": [HEAD, 'df.selectExpr("CAST(key AS STRING)", "CAST(value AS STRING) AS v", "topic", "partition", "offset")'
                              '.writeStream.format("console").option("truncate", "false")' + NOW],
    "from-json": [HEAD + SCHEMA, "tweets.printSchema()\n", 'tweets.writeStream.format("console")' + NOW],
    "from-json-ddl": [HEAD, 'val t = df.select(from_json(col("value").cast("string"), "id LONG, lang STRING", Map[String, String]()).as("t"))\n'
                      't.printSchema()\n', 't.select("t.id", "t.lang").writeStream.format("console")' + NOW],
    "filter-columns": [HEAD + SCHEMA, 'tweets.filter(col("lang") === "en").select(col("id"), upper(col("text")).as("loud"))'
                       '.writeStream.format("console")' + NOW],
    "complete-counts": [HEAD + SCHEMA, 'tweets.groupBy("lang").count().orderBy(desc("count"), col("lang"))'
                        '.writeStream.outputMode("complete").format("console")' + NOW],
    "complete-agg": [HEAD + SCHEMA, 'tweets.groupBy("lang").agg(count("*").as("n"), max("id").as("last"), '
                     'sum("user.followers").as("reach")).orderBy("lang").writeStream.outputMode("complete").format("console")' + NOW],
    "memory-sink": [HEAD + SCHEMA, 'tweets.select("id", "lang").writeStream.format("memory").queryName("tw_ids")' + NOW,
                    'spark.sql("select lang, count(*) as n from tw_ids group by lang order by lang").show()\n'
                    'spark.table("tw_ids").count()\n'],
    "memory-complete": [HEAD + SCHEMA, 'tweets.groupBy("lang").count().writeStream.outputMode("complete").format("memory")'
                        '.queryName("tw_langs")' + NOW, 'spark.sql("select * from tw_langs order by lang").show()\n'],
    "window-counts": [HEAD + SCHEMA, 'val timed = df.select(col("timestamp"), from_json(col("value").cast("string"), schema).as("t"))'
                      '.select(col("timestamp"), col("t.lang").as("lang")).withWatermark("timestamp", "10 minutes")\n',
                      'timed.groupBy(window(col("timestamp"), "1 hour"), col("lang")).count().orderBy("window", "lang")'
                      '.writeStream.outputMode("complete").format("console").option("truncate", "false")' + NOW],
    "foreach-batch": [HEAD + SCHEMA + "import org.apache.spark.sql.DataFrame\n",
                      'val each = (batch: DataFrame, id: Long) => {\n  println(s"batch $id: ${batch.count()} rows")\n'
                      '  batch.groupBy("lang").count().orderBy("lang").show()\n}\n',
                      'tweets.writeStream.foreachBatch(each)' + NOW],
    "foreach-batch-inline": [HEAD + SCHEMA + "import org.apache.spark.sql.DataFrame\n",
                             'tweets.writeStream.foreachBatch { (batch: DataFrame, id: Long) => println(id) }' + NOW],
    "parquet-sink": [HEAD + SCHEMA, 'tweets.select("id", "lang").writeStream.format("parquet").option("path", "@TMP@/out")'
                     '.option("checkpointLocation", "@TMP@/ck")' + NOW,
                     'spark.read.parquet("@TMP@/out").orderBy("id").show()\nspark.read.parquet("@TMP@/out").printSchema()\n'],
    "file-sink-no-path": [HEAD, 'df.writeStream.format("parquet").option("checkpointLocation", "@TMP@/ck").start()\n'],
    "file-sink-no-checkpoint": [HEAD, 'df.writeStream.format("json").option("path", "@TMP@/o").start()\n'],
    "file-sink-complete": [HEAD + SCHEMA, 'tweets.groupBy("lang").count().writeStream.outputMode("complete").format("parquet")'
                           '.option("path", "@TMP@/o").option("checkpointLocation", "@TMP@/c").start()\n'],
    "json-path": [HEAD, 'df.selectExpr("get_json_object(CAST(value AS STRING), \'$.lang\') AS lang", "offset")'
                  '.writeStream.format("console")' + NOW],
    "where-sql": [HEAD + SCHEMA, 'tweets.where("lang = \'fr\'").select("id", "text").writeStream.format("console")' + NOW],
    "with-column": [HEAD + SCHEMA, 'tweets.withColumn("big", col("user.followers") > 30).select("id", "big")'
                    '.writeStream.format("console")' + NOW],
    "drop-columns": [HEAD + SCHEMA, 'tweets.drop("text", "user").writeStream.format("console")' + NOW],
    "complete-avg": [HEAD + SCHEMA, 'tweets.groupBy("lang").agg(avg("user.followers").as("avg"), min("id")).orderBy("lang")'
                     '.writeStream.outputMode("complete").format("console")' + NOW],
    "complete-count-all": [HEAD + SCHEMA, 'tweets.groupBy().count().writeStream.outputMode("complete").format("console")' + NOW],
    "console-num-rows": [HEAD + SCHEMA, 'tweets.select("id").writeStream.format("console").option("numRows", "3")' + NOW],
    "kafka-metadata-columns": [HEAD, 'df.select("topic", "partition", "offset", "timestampType").writeStream.format("console")' + NOW],
    "struct-to-json": [HEAD + SCHEMA, 'tweets.select(to_json(struct(col("id"), col("lang"))).as("j")).writeStream.format("console")'
                       '.option("truncate", "false")' + NOW],
    "batch-action-on-stream": [HEAD, "df.count()\n"],
    "from-json-string-schema": [HEAD, 'df.select(from_json(col("value").cast("string"), "id LONG"))\n'],
    "complete-without-aggregation": [HEAD, 'df.writeStream.outputMode("complete").format("console").start()\n'],
    "append-with-aggregation": [HEAD + SCHEMA, 'tweets.groupBy("lang").count().writeStream.format("console").start()\n'],
    # sliding windows (event time from the records: ts = 1, 4, 7 … 34 s past midnight)
    "sliding-window-complete": [HEAD + EVENTS, 'ev.groupBy(window(col("ts"), "10 seconds", "5 seconds"), col("lang")).count()'
                                '.orderBy("window", "lang").writeStream.outputMode("complete").format("console").option("truncate", "false")' + NOW],
    "sliding-window-uneven": [HEAD + EVENTS, 'ev.groupBy(window(col("ts"), "20 seconds", "15 seconds")).agg(count("*").as("n"), max("lang"))'
                              '.orderBy("window").writeStream.outputMode("complete").format("console").option("truncate", "false")' + NOW],
    "sliding-window-batches": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "5")) + EVENTS,
                               'ev.groupBy(window(col("ts"), "10 seconds", "5 seconds")).count().orderBy("window")'
                               '.writeStream.outputMode("complete").format("console").option("truncate", "false")' + NOW],
    "sliding-window-update-memory": [HEAD + EVENTS, 'ev.groupBy(window(col("ts"), "30 seconds", "10 seconds"), col("lang")).count()'
                                     '.writeStream.outputMode("update").format("memory").queryName("slide_upd")' + NOW,
                                     'spark.table("slide_upd").orderBy("window", "lang").show(30, false)\n'],
    # watermarks: append output of windows the watermark has passed; batches of 4 records (12 s of event time)
    "watermark-append": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "4")) + EVENTS,
                         'ev.withWatermark("ts", "5 seconds").groupBy(window(col("ts"), "10 seconds")).count()'
                         '.writeStream.outputMode("append").format("console").option("truncate", "false")' + NOW],
    "watermark-append-sliding": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "4")) + EVENTS
                                 + SORTED_BATCH,
                                 'ev.withWatermark("ts", "3 seconds").groupBy(window(col("ts"), "10 seconds", "5 seconds"), col("lang")).count()'
                                 '.writeStream.outputMode("append").foreachBatch(each)' + NOW],
    "watermark-update": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "5")) + EVENTS
                         + SORTED_BATCH,
                         'ev.withWatermark("ts", "2 seconds").groupBy(window(col("ts"), "6 seconds")).agg(count("*").as("n"), max("lang"))'
                         '.writeStream.outputMode("update").foreachBatch(each)' + NOW],
    "watermark-complete": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "6")) + EVENTS,
                           'ev.withWatermark("ts", "1 second").groupBy(window(col("ts"), "10 seconds")).count().orderBy("window")'
                           '.writeStream.outputMode("complete").format("console").option("truncate", "false")' + NOW],
    "watermark-append-no-window": [HEAD + EVENTS, 'ev.withWatermark("ts", "5 seconds").groupBy("lang").count()'
                                   '.writeStream.outputMode("append").format("console").start()\n'],
    # dropDuplicates: a key goes on once, across batches (batches of 4 records); each batch's rows
    # sorted (foreachBatch), as the order of a deduplicated batch is Spark's hash order, not the input's
    "dedup-across-batches": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "4")) + EVENTS
                             + SORTED_BATCH, 'ev.dropDuplicates("lang").select("lang").writeStream.foreachBatch(each)' + NOW],
    "dedup-memory-count": [HEAD + SCHEMA, 'tweets.dropDuplicates(Seq("user.name")).writeStream.format("memory").queryName("dedup_n")' + NOW,
                           'spark.table("dedup_n").count()\n'],
    "dedup-watermark": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "5")) + EVENTS
                        + SORTED_BATCH, 'ev.withWatermark("ts", "10 seconds").dropDuplicates("lang", "ts").writeStream.foreachBatch(each)' + NOW],
    "dedup-all-columns": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "6")) + EVENTS
                          + SORTED_BATCH, 'ev.select("lang").dropDuplicates().writeStream.foreachBatch(each)' + NOW],
    # spark.streams.awaitAnyTermination (the shared spark-shell has ended queries before: reset first)
    "await-any-termination": [HEAD + SCHEMA + 'spark.streams.resetTerminated()\n',
                              'val a = tweets.select("id").writeStream.format("memory").queryName("any_a").trigger(Trigger.AvailableNow()).start()\n'
                              'val b = tweets.select("lang").writeStream.format("memory").queryName("any_b").trigger(Trigger.AvailableNow()).start()\n',
                              'spark.streams.awaitAnyTermination(60000)\n',
                              'a.awaitTermination()\nb.awaitTermination()\nspark.table("any_a").count() + spark.table("any_b").count()\n'
                              'spark.streams.active.length\n'],
    "await-any-failed": [kafka_head(("subscribe", "@PARTS@"), ("startingOffsets", '{"@PARTS@":{"0":1}}')) + 'spark.streams.resetTerminated()\n',
                         'val q = df.writeStream.format("console").start()\n', 'spark.streams.awaitAnyTermination()\n'],
    # stream-static joins
    "stream-static-join": [HEAD + SCHEMA + SORTED_BATCH.replace("(batch: DataFrame", "(batch: org.apache.spark.sql.DataFrame")
                           + 'val names = Seq(("en", "English"), ("fr", "French"), ("de", "German")).toDF("lang", "name")\n',
                           'tweets.join(names, "lang").select("id", "lang", "name").writeStream.foreachBatch(each)' + NOW],
    "stream-static-left-join": [HEAD + SCHEMA + SORTED_BATCH.replace("(batch: DataFrame", "(batch: org.apache.spark.sql.DataFrame")
                                + 'val names = Seq(("en", "English"), ("fr", "French")).toDF("lang", "name")\n',
                                'tweets.join(names, Seq("lang"), "left_outer").groupBy("name").count().orderBy("name")'
                                '.writeStream.outputMode("complete").format("console")' + NOW],
    # the Kafka source's options
    "assign-one-partition": [kafka_head(("assign", '{"@PARTS@":[1]}'), ("startingOffsets", "earliest")),
                             'df.selectExpr("CAST(value AS STRING)", "partition", "offset").writeStream.format("console")' + NOW],
    "assign-json-offsets": [kafka_head(("assign", '{"@PARTS@":[0,1]}'), ("startingOffsets", '{"@PARTS@":{"0":5,"1":-2}}')),
                            PER_PARTITION, 'df.writeStream.foreachBatch(each)' + NOW],
    "subscribe-json-offsets": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", '{"@TOPIC@":{"0":9}}')),
                               'df.selectExpr("CAST(value AS STRING)", "offset").writeStream.format("console").option("truncate", "false")' + NOW],
    "json-offsets-latest": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", '{"@TOPIC@":{"0":-1}}')),
                            'df.selectExpr("offset").writeStream.format("console")' + NOW + 'println("no batch")\n'],
    "json-offsets-missing-partition": [kafka_head(("subscribe", "@PARTS@"), ("startingOffsets", '{"@PARTS@":{"0":1}}')),
                                       'df.writeStream.format("console")' + NOW],
    "subscribe-pattern": [kafka_head(("subscribePattern", "@PARTS@.*"), ("startingOffsets", "earliest")),
                          PER_PARTITION, 'df.writeStream.foreachBatch(each)' + NOW],
    "subscribe-pattern-memory": [kafka_head(("subscribePattern", "@PARTS@-b|@TOPIC@"), ("startingOffsets", "earliest")),
                                 'df.selectExpr("topic", "CAST(value AS STRING) AS v").writeStream.format("memory").queryName("by_pattern")' + NOW,
                                 'spark.sql("select topic, count(*) as n from by_pattern group by topic order by topic").show(false)\n'],
    "max-offsets-one-partition": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "5")),
                                  'df.selectExpr("offset").writeStream.format("console")' + NOW],
    "max-offsets-split": [kafka_head(("subscribe", "@PARTS@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "4")),
                          PER_PARTITION, 'df.writeStream.foreachBatch(each)' + NOW],
    "max-offsets-pattern": [kafka_head(("subscribePattern", "@PARTS@.*"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "3")),
                            PER_PARTITION, 'df.writeStream.foreachBatch(each)' + NOW],
    "max-offsets-once": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("maxOffsetsPerTrigger", "5")),
                         'df.groupBy("partition").count().writeStream.outputMode("complete").format("console")'
                         '.trigger(Trigger.Once()).start().awaitTermination()\n'],
    "fail-on-data-loss": [kafka_head(("subscribe", "@TOPIC@"), ("startingOffsets", "earliest"), ("failOnDataLoss", "false")),
                          'df.groupBy("topic").count().writeStream.outputMode("complete").format("console").option("truncate", "false")' + NOW],
    "two-strategies": [kafka_head(("subscribe", "@TOPIC@"), ("assign", '{"@TOPIC@":[0]}'))],
    "no-strategy": [kafka_head(("startingOffsets", "earliest"))],
    # the rate sources: rate-micro-batch is deterministic (its values, timestamps and partitions'
    # row order); rate's values depend on the clock, so only its schema and what holds whatever
    # the timing (values from 0, contiguous, unique)
    "rate-schema": [IMPORTS, 'val r = spark.readStream.format("rate").option("rowsPerSecond", "5").option("rampUpTime", "2s")'
                    '.option("numPartitions", "3").load()\nr.printSchema()\nr.isStreaming\nr.schema\n'],
    "rate-memory": [IMPORTS, 'val q = spark.readStream.format("rate").option("rowsPerSecond", "10").load().writeStream.format("memory")'
                    '.queryName("rate_t").start()\nwhile (spark.table("rate_t").count() < 10) Thread.sleep(100)\nq.stop()\n',
                    'spark.sql("select count(*) > 0 AS some, min(value), max(value) + 1 = count(*) AS contiguous, '
                    'count(distinct value) = count(*) AS uniq from rate_t").show()\n'],
    "rate-micro-batch-restarts": [IMPORTS + MICRO_BATCH, 'm.printSchema()\n' + 3 * ONCE_CK + AVAILABLE_CK,
                                  'println(scala.io.Source.fromFile("@TMP@/ck/offsets/3").getLines().toList.drop(2).mkString)\n'],
    "rate-micro-batch-select": [IMPORTS, 'spark.readStream.format("rate-micro-batch").option("rowsPerBatch", "4").load()'
                                '.selectExpr("value", "value % 2 AS odd", "timestamp").writeStream.format("console")'
                                '.option("truncate", "false")' + NOW],
    "rate-micro-batch-partitions": [IMPORTS, 'spark.readStream.format("rate-micro-batch").option("rowsPerBatch", "7")'
                                    '.option("numPartitions", "3").option("startTimestamp", "86400000").load()'
                                    '.writeStream.format("console")' + NOW],
    "rate-micro-batch-aggregation": [IMPORTS + MICRO_BATCH,
                                     'val agg = m.groupBy((col("value") % 3).as("k")).agg(count("*").as("n"), max("timestamp").as("last"))'
                                     '.orderBy("k").writeStream.outputMode("complete").format("console").option("checkpointLocation", "@TMP@/agg")\n',
                                     'agg.trigger(Trigger.Once()).start().awaitTermination()\n',
                                     'agg.trigger(Trigger.Once()).start().awaitTermination()\n'],
    "rate-micro-batch-window": [IMPORTS + MICRO_BATCH + SORTED_BATCH_RATE,
                                'val w = m.withWatermark("timestamp", "1 second").groupBy(window(col("timestamp"), "2 seconds")).count()'
                                '.writeStream.outputMode("append").foreachBatch(each).option("checkpointLocation", "@TMP@/w")\n',
                                *4 * ['w.trigger(Trigger.Once()).start().awaitTermination()\n']],
    "source-option-errors": [IMPORTS, 'spark.readStream.format("rate-micro-batch").load()\n',
                             'spark.readStream.format("rate").option("rowsPerSecond", "0").load()\n',
                             'spark.readStream.format("nosuch").load()\n',
                             'spark.readStream.format("socket").option("host", "127.0.0.1").load()\n',
                             'spark.readStream.format("socket").option("port", "1").load()\n'],
    # file sources over a folder of files with fixed modification times (a.json, then c.json, then b.json)
    "file-json": [IMPORTS, 'val js = spark.readStream.schema("id LONG, name STRING").json("@SRC@/json")\njs.isStreaming\njs.printSchema()\n',
                  'js.writeStream.format("console")' + NOW],
    "file-json-max-files": [IMPORTS, 'spark.readStream.schema("id LONG, name STRING").option("maxFilesPerTrigger", "1").json("@SRC@/json")'
                            '.writeStream.format("console")' + NOW],
    "file-json-latest-first": [IMPORTS, 'spark.readStream.schema("id LONG, name STRING").option("maxFilesPerTrigger", 1)'
                               '.option("latestFirst", "true").json("@SRC@/json").writeStream.format("console")' + NOW],
    "file-once-all-files": [IMPORTS, 'spark.readStream.schema("id LONG, name STRING").option("maxFilesPerTrigger", "1").json("@SRC@/json")'
                            '.select("name").writeStream.format("console").trigger(Trigger.Once()).start().awaitTermination()\n'],
    "file-no-schema": [IMPORTS, 'spark.readStream.json("@SRC@/json")\n', 'spark.readStream.format("parquet").load("@SRC@/json")\n',
                       'spark.readStream.schema("id LONG").json("@TMP@/nowhere")\n',
                       'spark.readStream.schema("id LONG").format("json").load()\n',
                       'spark.readStream.textFile("@SRC@/text").writeStream.format("console").trigger(Trigger.Once()).start().awaitTermination()\n',
                       'spark.readStream.schema("id LONG").format("kafka").load()\n',
                       'spark.readStream.schema("id LONG").format("kafka").option("kafka.bootstrap.servers", "@KAFKA@")'
                       '.option("subscribe", "@TOPIC@").load()\n'],
    "file-csv": [IMPORTS, 'val cs = spark.readStream.schema(new StructType().add("id", IntegerType).add("name", StringType))'
                 '.option("header", "true").option("sep", ";").csv("@SRC@/csv")\n', 'cs.writeStream.format("console")' + NOW],
    "file-text": [IMPORTS, 'val tx = spark.readStream.text("@SRC@/text")\ntx.printSchema()\n', 'tx.writeStream.format("console")' + NOW,
                  'spark.readStream.format("text").load("@SRC@/text").selectExpr("length(value) AS n").writeStream.format("console")'
                  '.trigger(Trigger.Once()).start().awaitTermination()\n'],
    "file-parquet": [IMPORTS, 'Seq((1L, "x"), (2L, "y")).toDF("id", "name").write.parquet("@TMP@/pq")\n',
                     'spark.readStream.schema("name STRING, id LONG, other DOUBLE").parquet("@TMP@/pq").writeStream.format("console")' + NOW],
    "file-checkpoint-log": [IMPORTS, 'val jl = spark.readStream.format("json").schema(new StructType().add("id", LongType).add("name", StringType))'
                            '.option("maxFilesPerTrigger", "2").load("@SRC@/json")\n'
                            'val w = jl.writeStream.format("console").option("checkpointLocation", "@TMP@/ck")\n',
                            'w.trigger(Trigger.AvailableNow()).start().awaitTermination()\n'
                            'println(scala.io.Source.fromFile("@TMP@/ck/sources/0/0").mkString)\n'
                            'println(scala.io.Source.fromFile("@TMP@/ck/sources/0/1").mkString)\n',
                            'w.trigger(Trigger.Once()).start().awaitTermination()\n'
                            'println(scala.io.Source.fromFile("@TMP@/ck/offsets/1").getLines().toList.drop(2).mkString)\n'],
    "file-aggregation": [IMPORTS, 'spark.readStream.schema("id LONG, name STRING").option("maxFilesPerTrigger", "1").json("@SRC@/json")'
                         '.groupBy(col("id").isNull.as("anonymous")).agg(count("*").as("n"), max("name")).orderBy("anonymous")'
                         '.writeStream.outputMode("complete").format("console")' + NOW],
}


EXCEPTION = re.compile(r"^[a-z][\w.$]*\.[A-Z]\w*(Exception|Error): ")


UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
# scalac's summary for a deprecated call (Trigger.Once): the kernel prints no compiler warnings
DEPRECATION = "warning: one deprecation; for details, enable `:setting -deprecation' or `:replay -deprecation'"


def first_lines_of_errors(text):
    """An exception's output cut to its first line (the exception and its message: Spark goes on
    with the analysed plan, expression ids and all, and the JVM's frames); other output whole
    (without scalac's DEPRECATION line); a query's ids (random UUIDs) as <uuid>."""
    out, skipping = [], False
    for line in UUID.sub("<uuid>", text).split("\n"):
        if line == DEPRECATION:
            continue
        if EXCEPTION.match(line):
            out.append(line)
            skipping = True
        elif not skipping:
            out.append(line)
    return "\n".join(out)


@pytest.fixture(scope="module")
def topic(real_broker):  # noqa: F811
    rows = [json.dumps({"id": i + 1, "lang": lang, "text": f"tweet {i + 1} é",
                        "user": {"name": f"u{i % 3}", "followers": 10 * i}, "ts": f"2024-01-01 00:00:{3 * i + 1:02d}"},
                       ensure_ascii=False)
            for i, lang in enumerate(LANGS)]
    kcat("-b", real_broker.bootstrap, "-t", TOPIC, "-P", "-l", input=("\n".join(rows) + "\n").encode())
    for name, parts in ((PARTS, 2), (PARTS_B, 1)):
        subprocess.run([kcli_path(), "create", real_broker.bootstrap, name, str(parts)], check=True, capture_output=True)
        wait_topic(real_broker.bootstrap, name, parts)
    for name, part, n in ((PARTS, 0, 7), (PARTS, 1, 3), (PARTS_B, 0, 2)):
        lines = "".join(f"{name}/{part}/{i}\n" for i in range(n))
        kcat("-b", real_broker.bootstrap, "-t", name, "-p", str(part), "-P", "-l", input=lines.encode())
    make_source_files(SRC_DIR)
    yield real_broker.bootstrap
    shutil.rmtree(SRC_DIR, ignore_errors=True)


# The file sources' folder: files whose modification times fix the order Spark takes them in.
SRC_DIR = pathlib.Path(tempfile.gettempdir()) / ("ss-files-" + uuid.uuid4().hex[:8])
SRC_FILES = [  # (folder/name, text, modification time: seconds since the epoch)
    ("json/a.json", '{"id":1,"name":"ann"}\n{"id":2,"name":"bob"}\n', 1704067200),
    ("json/c.json", '{"id":4,"name":"dan","extra":true}\n{"name":"eve"}\nnot json\n', 1704067210),
    ("json/b.json", '{"id":3,"name":"cid"}\n', 1704067220),
    ("json/_ignored.json", '{"id":99}\n', 1704067230),
    ("json/.hidden.json", '{"id":98}\n', 1704067230),
    ("csv/a.csv", "id;name\n1;x\n2;y\n", 1704067200),
    ("csv/b.csv", "id;name\n3;z\nbad;w\n", 1704067210),
    ("text/a.txt", "hello world\nsecond line\n", 1704067200),
    ("text/b.txt", "third\n", 1704067210),
]


def make_source_files(root):
    for name, text, mtime in SRC_FILES:
        f = root / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
        os.utime(f, (mtime, mtime))


def programs(bootstrap):
    return [spark_diff.Program(name, "tests/python/test_structured_spark.py", "structured streaming",
                               [c.replace("@KAFKA@", bootstrap).replace("@TOPIC@", TOPIC).replace("@PARTS@", PARTS)
                                .replace("@SRC@", str(SRC_DIR)) for c in cells])
            for name, cells in QUERIES.items()]


# One spark-shell REPL running all the programs' queries one after another dies ("That entry seems
# to have slain the compiler") after about 40 of them: the programs run in shells of CHUNK, and
# every query a program left (a failed one, one started without waiting) is stopped after it.
CHUNK = 16
STOP_QUERIES = "spark.streams.active.foreach(_.stop()); spark.streams.resetTerminated()"


@pytest.fixture(scope="module")
def spark_outputs(topic):
    if not shutil.which("java"):
        pytest.fail("no java on the PATH: run `make deps`")
    try:
        jars = run_scala.connector_jars()
    except run_scala.SparkMissing as e:
        pytest.fail(f"real Spark is not installed: {e}")
    if not any("spark-sql-kafka-0-10" in j for j in jars):
        pytest.fail("Spark's spark-sql-kafka-0-10 connector is missing from .deps/spark-jars: run `make spark-deps`")
    outputs, progs = {}, programs(topic)
    for start in range(0, len(progs), CHUNK):   # a fresh spark-shell every CHUNK programs
        side = spark_diff.SparkSide()
        side.shell = run_scala.SparkShell(jars=jars)
        try:
            for p in progs[start:start + CHUNK]:
                outputs[p.name] = side.run(p)
                side.shell.run([STOP_QUERIES], timeout=spark_diff.CELL_TIMEOUT)
        finally:
            side.close()
    return outputs


@pytest.mark.parametrize("name", list(QUERIES))
def test_structured_query_as_spark_shell(name, topic, spark_outputs, jupyter_path, tmp_path):
    program = next(p for p in programs(topic) if p.name == name)
    res = spark_diff.kernel_run("dstream-test-message", program, tmp_path)
    assert not res.failure, res.failure
    spark = [first_lines_of_errors(normalise(o)) for o in spark_outputs[name]]
    kernel = [first_lines_of_errors(normalise(o)) for o in res.outputs]
    assert len(spark) == len(kernel)
    for i, (s, k) in enumerate(zip(spark, kernel)):
        assert s == k, f"cell {i + 1} of {name} differs:\n{diff(s, k)}"
