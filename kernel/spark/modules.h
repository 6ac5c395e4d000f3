/* modules.h — the set-up and tear-down of every module of kernel/spark/, one pair a module:
 * what init.c's table lists. Nothing else calls these; the kernel calls spark_init/spark_free. */
#ifndef DSTREAM_SPARK_MODULES_H
#define DSTREAM_SPARK_MODULES_H

#include "lang/interp.h"

/* core/ */
void core_init(Interp *I);                 /* sc, SparkConf, accumulators, RDD, packages */
void log4j_init(Interp *I);                /* log4j's Logger and Level (core_init calls it) */
/* An object's class and its value as a global under both names (StorageLevel, Logger …). */
void spark_register_object(Interp *I, HostClass *cls, const char *simple, const char *qualified);
void core_free(Interp *I);
void java_util_init(Interp *I);            /* java.time.Duration, Arrays, Collections */

/* kafka/ */
void kafka_client_init(Interp *I);         /* the client classes; resets the session */
void kafka_client_free(Interp *I);
void kafka_errors_init(Interp *I);         /* KafkaException and its family */
void kafka_config_objects_init(Interp *I); /* ProducerConfig & co, classOf, KafkaSecrets, serdes */
void kafka_stream_init(Interp *I);         /* KafkaUtils, strategies, OffsetRange, HasOffsetRanges */

/* sql/ */
void expr_init(Interp *I);                 /* Column, functions, $"col" */
void rows_init(Interp *I);                 /* Row */
void gson_init(Interp *I);                 /* Gson */
void ops_init(Interp *I);                  /* GroupedData, DataFrameStatFunctions */
void write_init(Interp *I);                /* DataFrameWriter */
void dataframe_init(Interp *I);            /* DataFrame, `spark`, the SQL database */
void dataframe_free(Interp *I);

/* streaming/ */
void duration_init(Interp *I);             /* Duration, Seconds, Milliseconds, Minutes, Time */
void window_init(Interp *I);               /* Window, WindowSpec, row_number … and Column.over */
void schema_init(Interp *I);               /* StringType …, StructField, StructType, from_json */
void structured_init(Interp *I);           /* Structured Streaming: readStream, writeStream, StreamingQuery */
void structured_free(Interp *I);
void streaming_init(Interp *I);            /* StreamingContext, DStream */
void streaming_free(Interp *I);            /* stops a running context */
void dstream_state_init(Interp *I);        /* State, StateSpec */
void sources_init(Interp *I);              /* queue, socket, file and Twitter sources */

#endif
