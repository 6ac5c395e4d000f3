"""make-notebooks.py — writes the bundled sample notebooks (sources only; outputs are produced by
running them: `.venv/bin/python scripts/run-notebooks.py --inplace notebooks/X.ipynb`).

The two samples keep the cells and the Spark/Kafka calls of the well-known HDInsight notebooks
"Stream-Tweets-To-Kafka" and "Spark-Streaming-From-Kafka-with-DStreams"; only configuration lines
differ (broker addresses empty = the embedded broker, a %topic alternative to kafka-topics.sh,
output paths next to the notebook, synthetic tweets). The prose is this project's own.
"""
import os
import nbformat as nbf

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "notebooks")

META = {"kernelspec": {"name": "dstream", "display_name": "Spark Streaming on Kafka (C)", "language": "scala"},
        "language_info": {"name": "scala", "file_extension": ".scala", "codemirror_mode": "text/x-scala",
                          "mimetype": "text/x-scala", "pygments_lexer": "scala"}}

md, code = nbf.v4.new_markdown_cell, nbf.v4.new_code_cell

FIND_BROKERS = """To point the notebook at a real Kafka cluster, put its brokers in `kafkaBrokers`, comma-separated
(`host1:9092,host2:9092`), or set them once for the whole session with
`%%configure -f {"conf": {"kafka.bootstrap.servers": "host1:9092,host2:9092"}}`, or start Jupyter
with the environment variable `KAFKA_BOOTSTRAP_SERVERS`. TLS and SASL settings (`security.protocol`,
`ssl.ca.location`, `sasl.mechanism`, `sasl.username`, `sasl.password`) are passed to the client
unchanged; `%kafka` shows what is in use with secrets masked.

On an **HDInsight** cluster the brokers are listed by Ambari. From a shell on the head node:

```bash
CLUSTERNAME='your cluster name'
curl -u admin -G "https://$CLUSTERNAME.azurehdinsight.net/api/v1/clusters/$CLUSTERNAME/services/KAFKA/components/KAFKA_BROKER" \\
  | jq -r '["\\(.host_components[].HostRoles.host_name):9092"] | join(",")'
```

Left empty, the kernel uses its **embedded broker**: a Kafka-protocol broker on 127.0.0.1 that the
first kernel needing it starts in milliseconds and that every kernel of yours shares, so the
writer notebook and the reader notebook meet on the same topics. It keeps data in memory only,
and only the newest few MB of each partition."""


def writer():
    nb = nbf.v4.new_notebook(metadata=META)
    nb.cells = [
        md("# Stream tweets into Kafka\n\n"
           "This notebook produces a stream of tweets into the Kafka topic `tweets`. Its companion, "
           "**Spark-Streaming-From-Kafka-with-DStreams**, reads them back with Spark Streaming.\n\n"
           "It is the HDInsight sample of the same name, run by the *Spark Streaming on Kafka (C)* kernel: "
           "the Scala below is the sample's Spark Streaming program, executed natively — no JVM, no Spark "
           "cluster, no Livy session. Run the cells in order, top to bottom (Shift+Enter).\n\n"
           "Twitter's streaming API no longer exists, so `TwitterUtils.createStream` produces **synthetic "
           "tweets** with twitter4j's field names, matching the filter words, at a steady rate (the cell says so)."),
        md("## Load packages\n\n"
           "On a Spark cluster this cell pulls the Twitter, Kafka and Gson packages into the Livy session. "
           "This kernel has them built in; it keeps the cell so the notebook runs unchanged in both places, "
           "and lists the settings it ignores."),
        code('%%configure -f\n{\n    "conf": {\n'
             '        "spark.jars.packages": "org.apache.spark:spark-streaming_2.11:2.1.0,org.apache.bahir:spark-streaming-twitter_2.11:2.1.0,org.apache.spark:spark-streaming-kafka-0-8_2.10:2.1.0,com.google.code.gson:gson:2.4",\n'
             '        "spark.jars.excludes": "org.scala-lang:scala-reflect,org.apache.spark:spark-tags_2.11"\n'
             '    }\n}'),
        md("## Create the Kafka topic\n\n"
           "The stream writes to a topic named `tweets` with 8 partitions. The next cell creates it on whatever "
           "brokers the session uses (the embedded broker unless configured otherwise). It does nothing if the "
           "topic exists."),
        code("%topic create tweets --partitions 8 --replication-factor 3"),
        md("On a cluster's head node you can also use Kafka's own tool, as the original sample does. "
           "Recent Kafka versions address the brokers directly (`--bootstrap-server`) instead of ZooKeeper; "
           "on HDInsight the tools are in `/usr/hdp/current/kafka-broker/bin`. The cell only runs the tool "
           "where it is installed."),
        code("%%bash\n"
             "KAFKA_BIN=${KAFKA_BIN:-/usr/hdp/current/kafka-broker/bin}\n"
             "if [ -x \"$KAFKA_BIN/kafka-topics.sh\" ] && [ -n \"$KAFKA_BROKERS\" ]; then\n"
             "  \"$KAFKA_BIN/kafka-topics.sh\" --create --if-not-exists --replication-factor 3 --partitions 8 \\\n"
             "      --topic tweets --bootstrap-server \"$KAFKA_BROKERS\"\n"
             "else\n"
             "  echo \"kafka-topics.sh is not installed here (or KAFKA_BROKERS is unset): the %topic cell above created the topic.\"\n"
             "fi"),
        md("## Setup and configuration\n\n"
           "The Twitter credentials are kept from the sample; the synthetic tweet source does not need them. "
           "`filters` chooses the words the tweets are about.\n\n" + FIND_BROKERS),
        code("import org.apache.spark.streaming._\n"
             "import org.apache.spark.streaming.twitter._\n"
             "import org.apache.spark.streaming.kafka._\n"
             "import org.apache.kafka.clients.producer.{KafkaProducer, ProducerConfig, ProducerRecord}\n"
             "import java.util.HashMap\n"
             "import com.google.gson.Gson\n\n"
             "// Twitter configuration (not needed by the synthetic tweet source)\n"
             "val consumerKey=\"replace with your consumer key\"\n"
             "val consumerSecret=\"replace with your consumer secret\"\n"
             "val accessToken=\"replace with your access token\"\n"
             "val accessTokenSecret=\"replace with your access token secret\"\n\n"
             "// Words that we want to filter tweets for.\n"
             "val filters=Array(\"coffee\",\"hadoop\",\"spark\",\"kafka\",\"xbox\",\"ps4\",\"nintendo\")\n\n"
             "// Kafka configuration: a comma-separated list of brokers, or empty for the embedded broker\n"
             "val kafkaBrokers=\"\"\n"
             "val kafkaTopic=\"tweets\"\n\n"
             "// Make the Twitter config visible to Twitter4j\n"
             "System.setProperty(\"twitter4j.oauth.consumerKey\", consumerKey)\n"
             "System.setProperty(\"twitter4j.oauth.consumerSecret\", consumerSecret)\n"
             "System.setProperty(\"twitter4j.oauth.accessToken\", accessToken)\n"
             "System.setProperty(\"twitter4j.oauth.accessTokenSecret\", accessTokenSecret)\n\n"
             "println(\"Finished configuring Twitter and Kafka\")"),
        md("## Start the stream\n\n"
           "The next cell streams tweets into Kafka for a minute, in 5-second batches. Each batch's tweets are "
           "turned into JSON with Gson and sent by a Kafka producer per partition; an accumulator counts them. "
           "While it runs, the cell shows a live timeline of the batches (records, processing time, delays)."),
        code("// Create an accumulator so we can track the number of tweets emitted to Kafka\n"
             "val numTweets = sc.accumulator(0L,\"Tweets sent to Kafka\")\n\n"
             "// The streaming context (DStream) for reading from Twitter and writing to Kafka\n"
             "def createStreamingContext(): StreamingContext = {\n"
             "    // Create the Kafka producer\n"
             "    val producerProperties = new HashMap[String, Object]()\n"
             "    producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBrokers)\n"
             "    producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,\n"
             "                           \"org.apache.kafka.common.serialization.StringSerializer\")\n"
             "    producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,\n"
             "                           \"org.apache.kafka.common.serialization.StringSerializer\")\n\n"
             "    // set up the streaming context\n"
             "    val ssc = new StreamingContext(sc, Seconds(5))\n"
             "    // set up the stream, which we just convert to JSON\n"
             "    val stream = TwitterUtils.createStream(ssc, None, filters)\n"
             "    // Write the data to Kafka\n"
             "    stream.foreachRDD( rdd => {\n"
             "        rdd.foreachPartition( partition => {\n"
             "            val producer = new KafkaProducer[String, String](producerProperties)\n"
             "            partition.foreach( record => {\n"
             "                // Convert the data to JSON\n"
             "                val gson = new Gson()\n"
             "                val data = gson.toJson(record)\n"
             "                val message = new ProducerRecord[String, String](kafkaTopic, null, data)\n"
             "                // Send the tweet data to Kafka\n"
             "                producer.send(message)\n"
             "                // Increment the counter\n"
             "                numTweets +=1\n"
             "            })\n"
             "            producer.close()\n"
             "        })\n"
             "    })\n"
             "    ssc\n"
             "}\n\n"
             "val ssc = StreamingContext.getActiveOrCreate(createStreamingContext)\n"
             "ssc.start()\n"
             "// Timeout after 60 seconds\n"
             "ssc.awaitTerminationOrTimeout(60000)\n"
             "println(\"Finished writing \" + numTweets + \" tweets to Kafka\")"),
        md("## Look at the topic\n\n"
           "`%topics` lists the topics with their message counts; `%consume` shows a few records. "
           "Now open **Spark-Streaming-From-Kafka-with-DStreams** to process them."),
        code("%topics"),
        code("%consume tweets --from earliest --max 3"),
    ]
    return nb


def reader():
    nb = nbf.v4.new_notebook(metadata=META)
    nb.cells = [
        md("# Spark Streaming from Kafka with DStreams\n\n"
           "This notebook reads the tweets that **Stream-Tweets-To-Kafka** wrote into the topic `tweets`, "
           "with Spark Streaming's Kafka direct stream in 2-second micro-batches. Every batch is parsed as JSON, "
           "a few columns are selected, shown, saved, and kept in a temporary view that SQL can query.\n\n"
           "It is the HDInsight sample of the same name, run natively by the *Spark Streaming on Kafka (C)* "
           "kernel. Run the writer notebook first, then these cells in order."),
        md("## Load packages\n\n"
           "Kept from the sample: on a Spark cluster it loads the Kafka integration package. This kernel has it "
           "built in and says which settings it ignores."),
        code('%%configure -f\n{\n    "conf": { \n'
             '        "spark.jars.packages": "org.apache.spark:spark-streaming-kafka-0-10_2.11:2.1.1",\n'
             '        "spark.jars.excludes": "org.scala-lang:scala-reflect,org.apache.spark:spark-tags_2.11,org.scala-lang.modules:scala-parser-combinators_2.11"\n'
             '    }\n}'),
        md("## Stream records from Kafka\n\n" + FIND_BROKERS + "\n\n"
           "The program below is the sample's. Two configuration lines differ from the cluster version: the "
           "Parquet output (`format(\"parquet\")`, written through DuckDB) goes into `example/tweets/` next to "
           "the notebook, and the checkpoint goes to `tweetcheckpoint/` there too. "
           "The cell runs for two minutes (`batchInterval * 60 * 1000` ms) and shows each batch's first rows and "
           "a live timeline; interrupt it (■) to stop waiting early — the stream keeps running in the background "
           "until you stop it."),
        code("import org.apache.kafka.clients.consumer.ConsumerRecord\n"
             "import org.apache.kafka.common.serialization.StringDeserializer\n"
             "import org.apache.spark.streaming._\n"
             "import org.apache.spark.streaming.kafka010._\n"
             "import org.apache.spark.streaming.kafka010.LocationStrategies._\n"
             "import org.apache.spark.streaming.kafka010.ConsumerStrategies._\n\n"
             "// For JSON schema inference\n"
             "import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder\n"
             "import org.apache.spark.sql.Encoder\n"
             "import spark.implicits._\n\n"
             "// Kafka configuration: a comma-separated list of brokers, or empty for the embedded broker\n"
             "val kafkaBrokers = \"\"\n"
             "// The Kafka topic(s) to read from\n"
             "val topics = Array(\"tweets\")\n"
             "// Batching interval when reading\n"
             "val batchInterval = 2\n\n"
             "// A function that creates a streaming context\n"
             "def createStreamingContext(): StreamingContext = {\n\n"
             "    // Create a new StreamingContext from the default context.\n"
             "    val ssc = new StreamingContext(sc, Seconds(batchInterval))\n\n"
             "    // Kafka parameters when reading\n"
             "    // auto.offset.reset = 'earliest' reads from the beginning of the queue\n"
             "    //     Set to 'latest' to only receive new messages as they are added to the queue.\n"
             "    val kafkaParams = Map[String, Object](\n"
             "        \"bootstrap.servers\" -> kafkaBrokers,\n"
             "        \"key.deserializer\" -> classOf[StringDeserializer],\n"
             "        \"value.deserializer\" ->  classOf[StringDeserializer],\n"
             "        \"group.id\" -> \"test1\",\n"
             "        \"auto.offset.reset\" -> \"earliest\",\n"
             "        \"enable.auto.commit\" -> (false: java.lang.Boolean)\n"
             "    )\n\n"
             "    // Create the stream from Kafka\n"
             "    val messageStream = KafkaUtils.createDirectStream[String, String](\n"
             "        ssc,\n"
             "        PreferConsistent,\n"
             "        Subscribe[String, String](topics, kafkaParams)\n"
             "        )\n\n"
             "    // Get only the tweets (in JSON format)\n"
             "    val tweetsJSON = messageStream.map(record => (record.value))\n\n"
             "    // Convert the records to JSON dataframes, so we can select interesting values\n"
             "    tweetsJSON.foreachRDD {\n"
             "        rdd =>\n"
             "        // because sometimes there's not really an RDD there\n"
             "        if(rdd.count() >=1) {\n"
             "            // Parse the JSON and infer a schema\n"
             "            val tweetObj = spark.sqlContext.read.json(rdd)\n"
             "            //tweetObj.printSchema()\n"
             "            // Grab the columns we want\n"
             "            val tweetInfo = tweetObj.select($\"id\", \n"
             "                                            $\"createdAt\", \n"
             "                                            $\"lang\", \n"
             "                                            $\"retweetCount\", \n"
             "                                            $\"user.name\".as(\"user_name\"),\n"
             "                                            $\"user.friendsCount\".as(\"friends\"),\n"
             "                                            $\"user.followersCount\".as(\"followers\")\n"
             "                                           )\n"
             "            // Write data to storage next to the notebook\n"
             "            tweetInfo.write.mode(\"append\").format(\"parquet\").save(\"example/tweets/\")\n"
             "            // Show 5 in the console\n"
             "            tweetInfo.show(5)\n"
             "            // Create a temp view and store them there\n"
             "            tweetInfo.createOrReplaceTempView(\"TweetInfo\")\n"
             "        }\n"
             "    }\n\n\n"
             "    // Tell the stream to keep the data around for a minute, so it's there when we query later\n"
             "    ssc.remember(Minutes(4))\n"
             "    // Checkpoint for fault-tolerance\n"
             "    ssc.checkpoint(\"tweetcheckpoint\")\n"
             "    // Return the StreamingContext\n"
             "    ssc\n"
             "}\n\n"
             "// Stop any existing StreamingContext \n"
             "val stopActiveContext = true\n"
             "if (stopActiveContext) {    \n"
             "  StreamingContext.getActive.foreach { _.stop(stopSparkContext = false) }\n"
             "} \n\n"
             "// Get or create a StreamingContext\n"
             "val ssc = StreamingContext.getActiveOrCreate(createStreamingContext)\n\n"
             "// This starts the StreamingContext in the background. \n"
             "ssc.start()\n\n"
             "// Set the stream to run with a timeout of batchInterval * 60 * 1000 seconds\n"
             "ssc.awaitTerminationOrTimeout(batchInterval * 60 * 1000)"),
        md("## View records from the temp table\n\n"
           "Each batch replaced the temporary view `TweetInfo` with its rows. `%%sql` queries it (Spark SQL, "
           "run by DuckDB); `-n` limits the rows shown."),
        code("%%sql\nselect * from TweetInfo limit 10"),
        md("The same view drawn as a chart: tweets per language in the last batch."),
        code("%%sql --chart bar\nselect lang, count(*) as tweets from TweetInfo group by lang order by tweets desc"),
    ]
    return nb


if __name__ == "__main__":
    for name, build in (("Stream-Tweets-To-Kafka.ipynb", writer),
                        ("Spark-Streaming-From-Kafka-with-DStreams.ipynb", reader)):
        nbf.write(build(), os.path.join(OUT, name))
        print("wrote", os.path.join("notebooks", name))
