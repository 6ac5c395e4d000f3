/* init.c — the Spark library's one table of modules (as Lua's linit.c): spark_init runs every
 * row's init in order; spark_free runs the frees in reverse, so streaming (listed last) stops a
 * running context before the SQL database and the Kafka session it may use are freed. */
#include "spark/spark.h"

#include <stddef.h>

#include "spark/modules.h"

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
    {"streaming.duration", duration_init, NULL},
    {"streaming", streaming_init, streaming_free},
    {"streaming.state", dstream_state_init, NULL},
    {"streaming.sources", sources_init, NULL},
};
#define NMODULES (sizeof modules / sizeof modules[0])

void spark_init(Interp *I) {
    for (size_t i = 0; i < NMODULES; i++) modules[i].init(I);
}

void spark_free(Interp *I) {
    for (size_t i = NMODULES; i-- > 0;)
        if (modules[i].free) modules[i].free(I);
}
