/* init.c — the Spark library's one table of modules (as Lua's linit.c): spark_init runs every
 * row's init in order; spark_free runs the frees in reverse, so streaming (listed last) stops a
 * running context before the SQL database and the Kafka session it may use are freed. */
#include "spark/spark.h"

#include <stddef.h>

#include "spark/modules.h"
#include "spark/package_members.h"

typedef struct {
    const char *name;
    void (*init)(Interp *I);
    void (*free)(Interp *I);   /* NULL: nothing to free */
} SparkModule;

static const SparkModule modules[] = {
    {"core", core_init, core_free},
    {"java.util", java_util_init, NULL},
    {"kafka", kafka_client_init, kafka_client_free},
    {"kafka.errors", kafka_errors_init, NULL},
    {"kafka.config", kafka_config_objects_init, NULL},
    {"kafka.stream", kafka_stream_init, NULL},
    {"sql.functions", expr_init, NULL},
    {"sql.row", rows_init, NULL},
    {"sql.gson", gson_init, NULL},
    {"sql.grouped", ops_init, NULL},
    {"sql.writer", write_init, NULL},
    {"sql", dataframe_init, dataframe_free},
    {"sql.schema", schema_init, NULL},
    {"sql.window", window_init, NULL},
    {"sql.structured", structured_init, structured_free},
    {"streaming.duration", duration_init, NULL},
    {"streaming", streaming_init, streaming_free},
    {"streaming.state", dstream_state_init, NULL},
    {"streaming.sources", sources_init, NULL},
};
#define NMODULES (sizeof modules / sizeof modules[0])

/* The names Scala code must import to use, by package, as spark-shell 3.5 requires them (its
 * default imports are only SparkContext._, spark.implicits._, spark.sql and sql.functions._):
 * each was checked to fail there unimported with `not found: value/type Name`. */
#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
static const struct { const char *package; const char *const *names; } imports[] = {
    {"org.apache.spark", NAMES("SparkContext", "SparkConf", "HashPartitioner", "Partitioner", "TaskContext")},
    {"org.apache.spark.rdd", NAMES("RDD")},
    {"org.apache.spark.storage", NAMES("StorageLevel")},
    {"org.apache.spark.util", NAMES("LongAccumulator", "DoubleAccumulator", "CollectionAccumulator", "AccumulatorV2")},
    {"org.apache.spark.sql", NAMES("DataFrame", "Row", "Column", "SparkSession", "Dataset", "SQLContext", "Encoder",
                                   "Encoders", "SaveMode")},
    {"org.apache.spark.sql.expressions", NAMES("Window", "WindowSpec")},
    {"org.apache.spark.sql.types", NAMES("StructType", "StructField", "StringType", "IntegerType", "LongType",
                                         "DoubleType", "BooleanType", "ArrayType", "DataTypes")},
    {"org.apache.spark.sql.streaming", NAMES("Trigger", "StreamingQuery", "DataStreamReader", "DataStreamWriter",
                                             "StreamingQueryProgress", "StreamingQueryException")},
    {"org.apache.spark.streaming", NAMES("StreamingContext", "Seconds", "Milliseconds", "Minutes", "Durations",
                                         "Duration", "Time", "State", "StateSpec", "StreamingContextState")},
    {"org.apache.spark.streaming.dstream", NAMES("DStream", "InputDStream", "ReceiverInputDStream")},
    {"org.apache.spark.streaming.kafka010", NAMES("KafkaUtils", "LocationStrategies", "ConsumerStrategies",
                                                  "OffsetRange", "HasOffsetRanges", "CanCommitOffsets",
                                                  "LocationStrategy", "ConsumerStrategy")},
    {"org.apache.spark.streaming.kafka010.LocationStrategies", NAMES("PreferConsistent", "PreferBrokers", "PreferFixed")},
    {"org.apache.spark.streaming.kafka010.ConsumerStrategies", NAMES("Subscribe", "SubscribePattern", "Assign")},
    {"org.apache.spark.streaming.twitter", NAMES("TwitterUtils")},
    {"twitter4j", NAMES("Status")},
    {"org.apache.kafka.clients.producer", NAMES("KafkaProducer", "ProducerRecord", "ProducerConfig", "RecordMetadata",
                                                "Callback")},
    {"org.apache.kafka.clients.consumer", NAMES("KafkaConsumer", "ConsumerRecord", "ConsumerRecords",
                                                "ConsumerConfig", "OffsetAndMetadata")},
    {"org.apache.kafka.common.serialization", NAMES("StringDeserializer", "StringSerializer",
                                                    "ByteArrayDeserializer", "ByteArraySerializer")},
    {"org.apache.kafka.common", NAMES("TopicPartition")},
    {"org.apache.kafka.common.security.auth", NAMES("SecurityProtocol")},
    {"com.google.gson", NAMES("Gson", "GsonBuilder")},
    {"org.apache.log4j", NAMES("Logger", "Level")},
};

void spark_init(Interp *I) {
    for (size_t i = 0; i < NMODULES; i++) modules[i].init(I);
    for (size_t i = 0; i < sizeof imports / sizeof imports[0]; i++)
        interp_register_imports(I, imports[i].package, imports[i].names);
    for (const SparkPackage *p = spark_packages; p->package; p++)
        interp_register_package_members(I, p->package, p->names);
}

void spark_free(Interp *I) {
    for (size_t i = NMODULES; i-- > 0;)
        if (modules[i].free) modules[i].free(I);
}
