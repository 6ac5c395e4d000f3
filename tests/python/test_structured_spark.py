"""test_structured_spark.py — Structured Streaming against real Spark (issue 13): the same queries,
with the same text, over the same Kafka topic on a real broker, in spark-shell 3.5 (local[2], with
Spark's spark-sql-kafka-0-10 connector from Maven Central: `make spark-deps`) and in this kernel;
each cell's output must be equal after spark_diff's normalisations (res numbers, object hashes).

Every query runs with Trigger.AvailableNow (one Trigger.Once) and awaitTermination, so its batches
are fixed by the data (one batch over what the topic holds, or maxOffsetsPerTrigger's), not by
timing — and so are the watermarks, which move between batches. Errors are compared by their first line
(the exception and its message; the stack frames are the JVM's).

spark-shell's outputs are cached in build/spark-cache/structured-KEY.json: `make test` runs this
module twice (the release kernel, then the ASan/UBSan one) and Spark's side is the same in both, so
the second pass takes them from the first (about 11 minutes less). KEY hashes everything that
shapes them (spark_cache_key): the programs' cells before their placeholders are filled in, the
topics and their records, the source files, CHUNK and STOP_QUERIES, Spark's jars, the connector's
jars, `java -version`, the SPARK_*/JAVA_* environment and the text of this file and of the files that
run the Spark side and the broker (SPARK_SIDE_FILES); any change is another key. What differs
between runs is put back as placeholders when stored and filled in with this run's values when
loaded: the topics' names and the source folder (random) and the broker's address (a free port).
The records' CreateTimes are fixed (RECORDS; the kafka source's timestamp column shows them), and
nothing else of a run shows in Spark's compared output (query ids are UUIDs: first_lines_of_errors).
Only a complete run (every program's every cell) is stored, atomically; a file that cannot be read
is ignored and rewritten. DSTREAM_SPARK_CACHE=0 runs spark-shell and neither reads nor writes the
cache; DSTREAM_SPARK_CACHE=refresh runs spark-shell and rewrites it.
"""

import hashlib
import json
import os
import re
import pathlib
import shutil
import subprocess
import sys
import tempfile
import uuid
import warnings

import pytest

from kafka_fixtures import kcli_path, real_broker, wait_topic  # noqa: F401

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "spark"))
import run_scala  # noqa: E402
import spark_diff  # noqa: E402
from spark_diff import diff, normalise  # noqa: E402

TOPIC = "ss-tweets-" + uuid.uuid4().hex[:8]
PARTS = "ss-parts-" + uuid.uuid4().hex[:8]     # 2 partitions: 7 records in 0, 3 in 1; @PARTS@-b: 1, 2 records
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


# The records, with fixed CreateTimes (ms since the epoch; the tweets' are their ts fields): the kafka
# source's timestamp column (window-counts) is the same in every run, so Spark's outputs can be
# cached. The topics keep them (retention.ms=-1): the broker's retention (log.retention.hours=1)
# would delete records this old.
T0 = 1704067200000     # 2024-01-01 00:00:00 UTC
TWEETS = [json.dumps({"id": i + 1, "lang": lang, "text": f"tweet {i + 1} é",
                      "user": {"name": f"u{i % 3}", "followers": 10 * i}, "ts": f"2024-01-01 00:00:{3 * i + 1:02d}"},
                     ensure_ascii=False)
          for i, lang in enumerate(LANGS)]
TOPICS = [("@TOPIC@", 1), ("@PARTS@", 2), ("@PARTS@-b", 1)]   # (name, partitions); @PARTS@.* matches both
RECORDS = [  # (topic, partition, CreateTime of the first record, ms more for each next, values)
    ("@TOPIC@", 0, T0 + 1000, 3000, TWEETS),
    *[(name, part, T0, 1000, [f"{name}/{part}/{i}" for i in range(n)]) for name, part, n in
      (("@PARTS@", 0, 7), ("@PARTS@", 1, 3), ("@PARTS@-b", 0, 2))],
]


def kcli(*args, input=None):
    r = subprocess.run([kcli_path(), *args], input=input, capture_output=True, timeout=120)
    assert r.returncode == 0, f"kcli {' '.join(args)}: {r.stderr.decode(errors='replace')}"


@pytest.fixture(scope="module")
def topic(real_broker):  # noqa: F811
    values = filled(real_broker.bootstrap)
    for name, parts in TOPICS:
        kcli("create", real_broker.bootstrap, fill(name, values), str(parts), "retention.ms=-1")
        wait_topic(real_broker.bootstrap, fill(name, values), parts)
    for name, part, first, step, lines in RECORDS:
        kcli("produce", real_broker.bootstrap, fill(name, values), "-p", str(part), "-T", f"{first},{step}",
             input="".join(fill(v, values) + "\n" for v in lines).encode())
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


def filled(bootstrap):
    """What the placeholders stand for in this run: the broker's address (its port is a free one),
    the topics' names and the source files' folder (random)."""
    return {"@KAFKA@": bootstrap, "@TOPIC@": TOPIC, "@PARTS@": PARTS, "@SRC@": str(SRC_DIR)}


def fill(text, values):
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def unfill(text, values):
    """fill's inverse: the values back to their placeholders (the longest first)."""
    for placeholder, value in sorted(values.items(), key=lambda pv: -len(pv[1])):
        text = text.replace(value, placeholder)
    return text


def leftovers(text, values):
    """What unfill left in text of the random part of a value (its last run of letters and digits:
    a name's hex, the broker's port): that part on its own, or the value cut inside it by show()'s
    truncation ("ss-parts-0d4..."). None when there is nothing."""
    for value in values.values():
        rand = re.search(r"[0-9A-Za-z]*$", value).group(0)
        cuts = [value[:k] + "..." for k in range(len(value) - len(rand) + 1, len(value))]
        if len(rand) >= 4 and (rand in text or any(c in text for c in cuts)):
            return value
    return None


def programs(bootstrap):
    values = filled(bootstrap)
    return [spark_diff.Program(name, "tests/python/test_structured_spark.py", "structured streaming",
                               [fill(c, values) for c in cells])
            for name, cells in QUERIES.items()]


# One spark-shell REPL running all the programs' queries one after another dies ("That entry seems
# to have slain the compiler") after about 40 of them: the programs run in shells of CHUNK, and
# every query a program left (a failed one, one started without waiting) is stopped after it.
CHUNK = 16
STOP_QUERIES = "spark.streams.active.foreach(_.stop()); spark.streams.resetTerminated()"


# ---- spark-shell's outputs, cached between the two passes of `make test` (see the docstring) ---------

CACHE_DIR = REPO / "build" / "spark-cache"
# the text of the files that shape the Spark side: the programs and records (this file), how
# spark-shell runs them, the broker (its version: pom.xml) and how the records are produced
SPARK_SIDE_FILES = ["tests/python/test_structured_spark.py", "tests/python/kafka_fixtures.py",
                    "tests/spark/run_scala.py", "tests/spark/spark_diff.py", "tests/spark/log4j2.properties",
                    "tests/kafka/kcli.c", "tests/kafka/broker.sh", "tests/kafka/server.properties.in",
                    "tests/kafka/pom.xml"]


def cache_mode():
    """DSTREAM_SPARK_CACHE: on (unset, 1), off (0, off, no, false) or refresh."""
    v = os.environ.get("DSTREAM_SPARK_CACHE", "1").strip().lower()
    return "off" if v in ("0", "off", "no", "false") else "refresh" if v == "refresh" else "on"


def spark_setup(jars):
    """What of the installation shapes Spark's outputs: Spark's jars (its version, Scala's, its
    libraries'), the connector's, the JVM spark-shell runs (bin/spark-class: $JAVA_HOME's or the
    PATH's java) and the environment variables Spark and the JVM read."""
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    r = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    env = {k: v for k, v in sorted(os.environ.items()) if k.startswith(("SPARK_", "JAVA_", "_JAVA_", "JDK_"))}
    return {"spark jars": sorted(p.name for p in (run_scala.spark_home() / "jars").glob("*.jar")),
            "connector jars": [os.path.basename(j) for j in jars], "java": r.stderr.strip(), "environment": env}


def spark_cache_key(setup, queries=None):
    """The cache's key: a hash of everything that determines spark-shell's outputs (queries: QUERIES
    unless given, with their placeholders)."""
    files = {}
    for f in SPARK_SIDE_FILES:
        path = REPO / f
        files[f] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    ingredients = {"queries": QUERIES if queries is None else queries, "topics": TOPICS, "records": RECORDS,
                   "source files": SRC_FILES, "chunk": CHUNK, "stop": STOP_QUERIES, "setup": setup, "files": files}
    return hashlib.sha256(json.dumps(ingredients, sort_keys=True).encode()).hexdigest()[:24]


def cache_path(key):
    return CACHE_DIR / f"structured-{key}.json"


def store_spark_outputs(path, key, outputs, values):
    """Writes outputs ({program: [each cell's output]}) with this run's values as their placeholders,
    atomically (a temporary file renamed). False, writing nothing, when an output holds a
    placeholder's own text or a part of a value that unfill cannot put back (leftovers): filling
    them in would be wrong; or when the file cannot be written."""
    if any(p in o for outs in outputs.values() for o in outs for p in values):
        return False
    doc = {"key": key, "values": values,
           "outputs": {n: [unfill(o, values) for o in outs] for n, outs in outputs.items()}}
    if any(leftovers(o, values) for outs in doc["outputs"].values() for o in outs):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False, indent=1)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return False
    return True


def load_spark_outputs(path, key, values, queries=None):
    """The outputs stored under key with this run's values filled in, or None: no file, another
    key, a file that cannot be read or parsed, not one output for every cell of every program of
    queries (QUERIES unless given), or a placeholder that shows in an output standing for a value of
    another length than when stored (a table's column would have the old value's width)."""
    queries = QUERIES if queries is None else queries
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        stored, outs = doc["values"], doc["outputs"]
        if doc["key"] != key or set(stored) != set(values) or set(outs) != set(queries):
            return None
        for name, cells in queries.items():
            if len(outs[name]) != len(cells) or not all(isinstance(o, str) for o in outs[name]):
                return None
        shown = "\n".join(o for name in queries for o in outs[name])
        if any(len(stored[p]) != len(v) and p in shown for p, v in values.items()):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return {name: [fill(o, values) for o in outs[name]] for name in queries}


class SparkOutputs(dict):
    """{program: [each cell's output]}; origin says where they came from (for a failing test)."""

    def __init__(self, outputs, origin):
        super().__init__(outputs)
        self.origin = origin


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
    mode, values, path = cache_mode(), filled(topic), None
    if mode != "off":
        key = spark_cache_key(spark_setup(jars))
        path = cache_path(key)
        cached = load_spark_outputs(path, key, values) if mode == "on" else None
        if cached is not None:
            return SparkOutputs(cached, f"spark-shell's outputs from {path} (DSTREAM_SPARK_CACHE=0 runs spark-shell)")
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
    # every program ran (a failure raised above): a complete run, stored for the next pass
    if path is not None and all(len(outputs.get(n, ())) == len(cells) for n, cells in QUERIES.items()):
        if store_spark_outputs(path, key, outputs, values):
            for old in CACHE_DIR.glob("structured-*.json"):   # other keys' files: stale
                if old != path:
                    old.unlink(missing_ok=True)
        else:
            warnings.warn(f"spark-shell's outputs not cached in {path}: see store_spark_outputs")
    return SparkOutputs(outputs, "spark-shell's outputs from this run")


@pytest.mark.parametrize("name", list(QUERIES))
def test_structured_query_as_spark_shell(name, topic, spark_outputs, jupyter_path, tmp_path):
    program = next(p for p in programs(topic) if p.name == name)
    res = spark_diff.kernel_run("dstream-test-message", program, tmp_path)
    assert not res.failure, res.failure
    spark = [first_lines_of_errors(normalise(o)) for o in spark_outputs[name]]
    kernel = [first_lines_of_errors(normalise(o)) for o in res.outputs]
    assert len(spark) == len(kernel)
    for i, (s, k) in enumerate(zip(spark, kernel)):
        assert s == k, f"cell {i + 1} of {name} differs ({spark_outputs.origin}):\n{diff(s, k)}"


# ---- the cache itself (pure Python: no broker, no Spark) --------------------------------------------

RUN_1 = {"@KAFKA@": "127.0.0.1:40001", "@TOPIC@": "ss-tweets-1111aaaa", "@PARTS@": "ss-parts-2222bbbb",
         "@SRC@": "/tmp/ss-files-3333cccc"}
RUN_2 = {"@KAFKA@": "127.0.0.1:51234", "@TOPIC@": "ss-tweets-4444dddd", "@PARTS@": "ss-parts-5555eeee",
         "@SRC@": "/tmp/ss-files-6666ffff"}
OUTPUTS = {  # as Spark prints them, with placeholders for what differs between runs
    "by-topic": ["df: org.apache.spark.sql.DataFrame = [key: binary, value: binary ... 5 more fields]",
                 "+------------------+---------------------+\n|topic             |v                    |\n"
                 "+------------------+---------------------+\n|@TOPIC@|@PARTS@-b/0/1|\n"
                 "+------------------+---------------------+"],
    "errors": ["org.apache.kafka.common.KafkaException: Failed to construct kafka consumer (@KAFKA@)\n"
               '{"path":"file://@SRC@/json/a.json","timestamp":1704067200000,"batchId":0}'],
}
QUERIES_2 = {"by-topic": ["cell 1\n", "cell 2\n"], "errors": ["cell 1\n"]}


def filled_outputs(values):
    return {name: [fill(o, values) for o in outs] for name, outs in OUTPUTS.items()}


def test_spark_cache_round_trip(tmp_path):
    path = tmp_path / "structured-k1.json"
    assert store_spark_outputs(path, "k1", filled_outputs(RUN_1), RUN_1)
    stored = json.dumps(json.loads(path.read_text(encoding="utf-8"))["outputs"])
    assert "@TOPIC@" in stored and not any(v in stored for v in RUN_1.values())      # as placeholders
    # the next run's values, with the table's columns as wide as they were
    loaded = load_spark_outputs(path, "k1", RUN_2, QUERIES_2)
    assert loaded == filled_outputs(RUN_2)
    assert "|ss-tweets-4444dddd|ss-parts-5555eeee-b/0/1|" in loaded["by-topic"][1]
    assert load_spark_outputs(path, "k1", RUN_1, QUERIES_2) == filled_outputs(RUN_1)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]       # the temporary file was renamed
    # another key, another program's cells, a value of another width where it shows: not used
    assert load_spark_outputs(path, "k2", RUN_2, QUERIES_2) is None
    assert load_spark_outputs(path, "k1", RUN_2, dict(QUERIES_2, errors=["cell 1\n", "cell 2\n"])) is None
    assert load_spark_outputs(path, "k1", RUN_2, dict(QUERIES_2, more=["cell 1\n"])) is None
    assert load_spark_outputs(path, "k1", dict(RUN_2, **{"@KAFKA@": "127.0.0.1:8080"}), QUERIES_2) is None
    assert load_spark_outputs(tmp_path / "nothing.json", "k1", RUN_2, QUERIES_2) is None
    # a corrupt file is ignored, and rewritten
    for corrupt in ('{"key": "k1", "values": {', '[1, 2]', '{"key": "k1", "values": {}, "outputs": {}}', "\xff"):
        path.write_text(corrupt, encoding="latin-1")
        assert load_spark_outputs(path, "k1", RUN_2, QUERIES_2) is None
    assert store_spark_outputs(path, "k1", filled_outputs(RUN_1), RUN_1)
    assert load_spark_outputs(path, "k1", RUN_2, QUERIES_2) == filled_outputs(RUN_2)
    # an output that holds a placeholder's text could not come back right: not stored
    # an output that holds a placeholder's text, or a random part unfill cannot put back (the port on
    # its own, a name cut by show()'s truncation) could not come back right: not stored
    for odd in ("@TOPIC@ itself", "port 40001", "|ss-tweets-1111a...|", "|ss-parts-2...|"):
        assert not store_spark_outputs(tmp_path / "odd.json", "k1", dict(filled_outputs(RUN_1), errors=[odd]), RUN_1)
        assert not (tmp_path / "odd.json").exists()
    # a cut before the random part is the same in every run: "ss-parts-..." and "ss-parts-2222bbbb..." are fine
    assert store_spark_outputs(tmp_path / "cut.json", "k1", dict(filled_outputs(RUN_1), errors=["|ss-parts-...|"]), RUN_1)
    cut = dict(filled_outputs(RUN_1), errors=["|ss-parts-2222bbbb...|"])
    assert store_spark_outputs(tmp_path / "cut.json", "k1", cut, RUN_1)
    assert load_spark_outputs(tmp_path / "cut.json", "k1", RUN_2, QUERIES_2)["errors"] == ["|ss-parts-5555eeee...|"]


def test_spark_cache_key(monkeypatch):
    setup = {"spark jars": ["spark-core_2.12-3.5.5.jar"], "connector jars": ["spark-sql-kafka-0-10_2.12-3.5.3.jar"],
             "java": 'openjdk version "17.0.13"', "environment": {}}
    key = spark_cache_key(setup)
    assert key == spark_cache_key(setup, dict(QUERIES))
    # a program's text (before its placeholders are filled in), one more program, another Spark: another key
    changed = dict(QUERIES, **{"source-schema": [HEAD, "df.printSchema()\n"]})
    assert spark_cache_key(setup, changed) != key
    other_topic = [HEAD.replace("@TOPIC@", "@PARTS@"), "df.printSchema()\ndf.isStreaming\n"]
    assert spark_cache_key(setup, dict(QUERIES, **{"source-schema": other_topic})) != key
    assert spark_cache_key(setup, dict(QUERIES, extra=[IMPORTS])) != key
    assert spark_cache_key(dict(setup, **{"spark jars": ["spark-core_2.12-3.5.6.jar"]})) != key
    monkeypatch.setattr(sys.modules[__name__], "SRC_FILES", SRC_FILES[:-1])
    assert spark_cache_key(setup) != key
    monkeypatch.undo()
    # what differs between runs is not in it
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "TOPIC", "ss-tweets-00000000")
    monkeypatch.setattr(module, "PARTS", "ss-parts-00000000")
    monkeypatch.setattr(module, "SRC_DIR", pathlib.Path("/elsewhere"))
    assert spark_cache_key(setup) == key
