/* reader.c — the read side of Structured Streaming: the registry of stream sources (a streaming
 * DataFrame is one that reads a source's table), the batch-action guard, the Kafka source's fixed
 * schema, and DataStreamReader (spark.readStream.format("kafka")…load()).
 */
#include "spark/structured/structured_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- sources ---- */

Source *sources;      /* every source made (the interpreter's lifetime) */

Source *source_of(const DataFrame *df) {
    for (int i = 0; i < df->ntables; i++)
        for (Source *s = sources; s; s = s->next)
            if (s->table == df->tables[i]) return s;
    return NULL;
}

bool structured_is_streaming(const DataFrame *df) { return df && source_of(df) != NULL; }

bool structured_guard_batch(Interp *I, const DataFrame *df) {
    if (!structured_is_streaming(df)) return true;
    return interp_throw(I, EXTENDED_ANALYSIS, "Queries with streaming sources must be executed with writeStream.start();\nkafka");
}

/* The Kafka source's fixed schema (Spark's KafkaRecordToRowConverter.kafkaSchema). */
static DataType *kafka_schema(void) {
    static const struct { const char *name; DtKind kind; } cols[] = {
        {"key", DT_BINARY}, {"value", DT_BINARY}, {"topic", DT_STRING}, {"partition", DT_INT},
        {"offset", DT_LONG}, {"timestamp", DT_TIMESTAMP}, {"timestampType", DT_INT},
    };
    DataType *t = dt_struct_new(7);
    for (int i = 0; i < 7; i++) {
        t->fields[i].name = strdup(cols[i].name);
        t->fields[i].type = dt_prim(cols[i].kind);
        t->fields[i].nullable = true;
    }
    return t;
}

/* ---- DataStreamReader ---- */

typedef struct { char format[16]; json_t *options; } SReader;

static void sreader_finalize(void *d) { SReader *r = d; json_decref(r->options); free(r); }

static SReader *sreader_self(Call *c) { return as_host(c->self)->data; }

bool structured_read_stream(Call *c, Value *out) {
    (void)c;
    SReader *r = calloc(1, sizeof *r);
    if (!r) abort();
    r->options = json_object();
    *out = host_new(&sreader_class, r);
    return true;
}

static bool sreader_format(Call *c, Value *out) {
    const char *f;
    if (!arg_string(c, 0, &f)) return false;
    snprintf(sreader_self(c)->format, sizeof sreader_self(c)->format, "%s", f);
    val_incref(c->self);
    *out = c->self;
    return true;
}

static bool sreader_option(Call *c, Value *out) {
    const char *k;
    if (!arg_string(c, 0, &k)) return false;
    char *v = val_to_string(c->I, c->argv[1]);
    json_object_set_new(sreader_self(c)->options, k, json_string(v));
    free(v);
    val_incref(c->self);
    *out = c->self;
    return true;
}

static bool sreader_options(Call *c, Value *out) {
    if (!df_options_put(c->I, sreader_self(c)->options, c->argv[0])) return false;
    val_incref(c->self);
    *out = c->self;
    return true;
}

static const char *opt(SReader *r, const char *key) {   /* Spark's options are case-insensitive */
    const char *k;
    json_t *v;
    json_object_foreach(r->options, k, v) if (!strcasecmp(k, key)) return json_string_value(v);
    return NULL;
}

static bool sreader_load(Call *c, Value *out) {
    SReader *r = sreader_self(c);
    if (c->argc) return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                                     "readStream.load(path): file sources are not supported by this kernel yet; the Kafka source is");
    if (strcasecmp(r->format, "kafka"))
        return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                            "readStream.format(\"%s\"): this kernel's Structured Streaming reads Kafka (format(\"kafka\")) so far", r->format);
    if (opt(r, "subscribePattern") || opt(r, "assign"))
        return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                            "the Kafka source's subscribePattern and assign are not supported by this kernel yet; use subscribe");
    const char *topics = opt(r, "subscribe");
    if (!topics || !*topics)
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "One of the following options must be specified for Kafka source: "
                            "subscribe, subscribepattern, assign. See the docs for more details.");
    const char *so = opt(r, "startingOffsets");
    int64_t starting = KAFKA_OFFSET_END;
    if (so && !strcasecmp(so, "earliest")) starting = KAFKA_OFFSET_BEGINNING;
    else if (so && strcasecmp(so, "latest"))
        return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                            "startingOffsets %s: this kernel takes \"earliest\" or \"latest\" so far", so);
    DfState *st = df_state(c->I);
    if (!st) return false;
    Source *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->topics = strdup(topics);
    s->starting = starting;
    kafka_config_init(&s->user);
    const char *k;
    json_t *v;
    json_object_foreach(r->options, k, v)
        if (!strncasecmp(k, "kafka.", 6)) kafka_config_set(&s->user, k + 6, json_string_value(v));
    s->schema = kafka_schema();
    char *err = NULL;
    s->table = dftable_create(st, s->schema, &err);
    if (!s->table) {
        bool rr = sql_raise(c->I, err ? err : "the source's table could not be made", NULL);
        free(err);
        kafka_config_free(&s->user);
        dt_unref(s->schema);
        free(s->topics);
        free(s);
        return rr;
    }
    s->next = sources;
    sources = s;
    s->sql = dftable_select_sql(s->table, s->schema);
    *out = df_make(st, dt_ref(s->schema), strdup(s->sql), NULL, 0, dftable_ref(s->table));
    return true;
}

static bool sreader_schema(Call *c, Value *out) {
    (void)out;
    if (!strcasecmp(sreader_self(c)->format, "kafka"))
        return interp_throw(c->I, "org.apache.spark.sql.AnalysisException", "Kafka source has a fixed schema and cannot be set with a custom one");
    return interp_throw(c->I, "java.lang.UnsupportedOperationException", "readStream.schema: file sources are not supported by this kernel yet");
}

static char *sreader_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.streaming.DataStreamReader@dstream"); }

static const MethodDef sreader_methods[] = {
    METHOD("format", sreader_format, 1, 1, "def format(source: String): DataStreamReader", "The source: \"kafka\"."),
    METHOD("option", sreader_option, 2, 2, "def option(key: String, value: String): DataStreamReader",
           "A source option: kafka.bootstrap.servers (else the session's brokers), subscribe, startingOffsets (earliest | latest)."),
    METHOD("options", sreader_options, 1, 1, "def options(options: Map[String, String]): DataStreamReader", "Source options."),
    METHOD("schema", sreader_schema, 1, 1, "def schema(schema: StructType): DataStreamReader", "The schema of file sources (Kafka's is fixed)."),
    METHOD("load", sreader_load, 0, 1, "def load(): DataFrame", "The streaming DataFrame: key, value (binary), topic, partition, offset, timestamp, timestampType."),
};
HostClass sreader_class = {.name = "DataStreamReader", .qualified = "org.apache.spark.sql.streaming.DataStreamReader",
                           .doc = "Reads streams: spark.readStream.format(\"kafka\").option(…).load().",
                           .doc_url = SS_DOC "DataStreamReader.html", .to_string = sreader_str,
                           HOST_METHODS(sreader_methods), .finalize = sreader_finalize};
