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

bool watermarked(const Source *s, const DataFrame *df) { return s && s->wm_sql && strstr(df->sql, s->wm_sql); }

bool structured_is_streaming(const DataFrame *df) { return df && source_of(df) != NULL; }

bool structured_guard_batch(Interp *I, const DataFrame *df) {
    if (!structured_is_streaming(df)) return true;
    return interp_throw(I, EXTENDED_ANALYSIS, "Queries with streaming sources must be executed with writeStream.start();%s",
                        SRC_IS_KAFKA(source_of(df)) ? "\nkafka" : "");
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

static void free_tpos(kafka_tpo *t, size_t n) {
    for (size_t i = 0; i < n; i++) free((char *)t[i].topic);
    free(t);
}

void source_free(Source *s) {
    if (s->table) dftable_unref(s->table);
    free(s->sql);
    dt_unref(s->schema);
    kafka_config_free(&s->user);
    free(s->topics);
    free_tpos(s->assign, s->nassign);
    json_decref(s->start_at);
    free(s->wm_sql);
    free(s->wm_col);
    src_free_fields(s);
    free(s);
}

char *source_description(const Source *s) {
    StrBuf b = {0};
    if (s->kind == SRC_ASSIGN) {
        sb_puts(&b, "Assign[");
        for (size_t i = 0; i < s->nassign; i++) sb_printf(&b, "%s%s-%d", i ? ", " : "", s->assign[i].topic, (int)s->assign[i].partition);
    } else {
        sb_puts(&b, s->kind == SRC_PATTERN ? "SubscribePattern[" : "Subscribe[");
        for (const char *p = s->topics; *p; p++) {   /* Spark lists the topics as ", "-separated */
            if (*p == ',' && s->kind == SRC_SUBSCRIBE) { sb_puts(&b, ", "); while (p[1] == ' ') p++; }
            else sb_putc(&b, *p);
        }
    }
    sb_putc(&b, ']');
    return sb_take(&b);
}

/* assign's JSON {"t":[0,1],"u":[2]}: the partitions, in the text's order. */
static bool parse_assign(Interp *I, const char *text, kafka_tpo **out, size_t *n) {
    json_t *j = json_loads(text, JSON_PRESERVE_ORDER, NULL);
    const char *topic;
    json_t *parts, *p;
    size_t idx, total = 0;
    bool ok = json_is_object(j);
    if (ok) json_object_foreach(j, topic, parts) {
        if (!json_is_array(parts)) { ok = false; break; }
        json_array_foreach(parts, idx, p) if (!json_is_integer(p)) ok = false;
        total += json_array_size(parts);
    }
    if (!ok) {
        json_decref(j);
        return interp_throw(I, "java.lang.IllegalArgumentException", "Expected e.g. {\"topicA\":[0,1],\"topicB\":[0,1]}, got %s", text);
    }
    *out = calloc(total + 1, sizeof **out);
    if (!*out) abort();
    *n = 0;
    json_object_foreach(j, topic, parts) json_array_foreach(parts, idx, p)
        (*out)[(*n)++] = (kafka_tpo){strdup(topic), (int32_t)json_integer_value(p), 0};
    json_decref(j);
    return true;
}

/* startingOffsets as JSON {"t":{"0":23,"1":-2}} (-2 earliest, -1 latest); NULL with an exception. */
static json_t *parse_offsets(Interp *I, const char *text) {
    json_t *j = json_loads(text, JSON_PRESERVE_ORDER, NULL);
    const char *topic, *part;
    json_t *parts, *v;
    bool ok = json_is_object(j);
    if (ok) json_object_foreach(j, topic, parts) {
        if (!json_is_object(parts)) { ok = false; break; }
        json_object_foreach(parts, part, v) if (!json_is_integer(v)) ok = false;
    }
    if (ok) return j;
    json_decref(j);
    interp_throw(I, "java.lang.IllegalArgumentException", "Expected e.g. {\"topicA\":{\"0\":23,\"1\":-1},\"topicB\":{\"0\":-2}}, got %s", text);
    return NULL;
}

typedef struct { char format[32]; json_t *options; DataType *schema; } SReader;

static void sreader_finalize(void *d) { SReader *r = d; json_decref(r->options); dt_unref(r->schema); free(r); }

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

/* The streaming DataFrame over a new source s (its schema set): its table made, s registered. */
static bool source_frame(Interp *I, Source *s, Value *out) {
    DfState *st = df_state(I);
    char *err = NULL;
    if (st) s->table = dftable_create(st, s->schema, &err);
    if (!s->table) {
        bool rr = st ? sql_raise(I, err ? err : "the source's table could not be made", NULL) : false;
        free(err);
        source_free(s);
        return rr;
    }
    s->next = sources;
    sources = s;
    s->sql = dftable_select_sql(s->table, s->schema);
    *out = df_make(st, dt_ref(s->schema), strdup(s->sql), NULL, 0, dftable_ref(s->table));
    return true;
}

/* load() of a format other than Kafka's (sources.c): rate, rate-micro-batch, socket, files. */
static bool other_load(Call *c, const char *format, const char *path, Value *out) {
    SReader *r = sreader_self(c);
    Source *s = calloc(1, sizeof *s);
    if (!s) abort();
    kafka_config_init(&s->user);
    const char *p = path ? path : opt(r, "path");
    if (!src_load_source(c->I, s, format, r->options, r->schema, p)) { source_free(s); return false; }
    return source_frame(c->I, s, out);
}

static bool sreader_load(Call *c, Value *out) {
    SReader *r = sreader_self(c);
    const char *path = NULL;
    if (c->argc && !arg_string(c, 0, &path)) return false;
    if (!*r->format) snprintf(r->format, sizeof r->format, "parquet");   /* spark.sql.sources.default */
    if (strcasecmp(r->format, "kafka")) return other_load(c, r->format, path, out);
    const char *sub = opt(r, "subscribe"), *pat = opt(r, "subscribePattern"), *asg = opt(r, "assign");
    int given = (sub != NULL) + (pat != NULL) + (asg != NULL);
    if (given != 1)
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "%s of the following options %s be specified for Kafka source: "
                            "subscribe, subscribepattern, assign. See the docs for more details.",
                            given ? "Only one" : "One", given ? "can" : "must");
    if (r->schema)   /* KafkaSourceProvider.sourceSchema: the options, then require(schema.isEmpty) */
        return interp_throw(c->I, "java.lang.IllegalArgumentException",
                            "requirement failed: Kafka source has a fixed schema and cannot be set with a custom one");
    if (sub && !*sub)
        return interp_throw(c->I, "java.lang.IllegalArgumentException",
                            "No topics to subscribe to as specified value for option 'subscribe' is '%s'", sub);
    if (pat && !*pat)
        return interp_throw(c->I, "java.lang.IllegalArgumentException",
                            "Pattern to subscribe is empty as specified value for option 'subscribePattern' is '%s'", pat);
    kafka_tpo *assign = NULL;
    size_t nassign = 0;
    if (asg && !parse_assign(c->I, asg, &assign, &nassign)) return false;
    const char *so = opt(r, "startingOffsets");
    int64_t starting = KAFKA_OFFSET_END;
    json_t *start_at = NULL;
    if (so && !strcasecmp(so, "earliest")) starting = KAFKA_OFFSET_BEGINNING;
    else if (so && strcasecmp(so, "latest") && !(start_at = parse_offsets(c->I, so))) { free_tpos(assign, nassign); return false; }
    int64_t max_per_trigger = 0;
    const char *mx = opt(r, "maxOffsetsPerTrigger");
    if (mx) {
        char *end;
        long long v = strtoll(mx, &end, 10);
        if (end == mx || *end || v <= 0) {
            json_decref(start_at);
            free_tpos(assign, nassign);
            return interp_throw(c->I, "java.lang.IllegalArgumentException", "Invalid value '%s' for option 'maxOffsetsPerTrigger', must be a positive integer", mx);
        }
        max_per_trigger = v;
    }
    const char *fodl = opt(r, "failOnDataLoss");   /* Scala's toBoolean of the option */
    if (fodl && strcasecmp(fodl, "true") && strcasecmp(fodl, "false")) {
        json_decref(start_at);
        free_tpos(assign, nassign);
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "For input string: \"%s\"", fodl);
    }
    const char *topics = sub ? sub : pat ? pat : asg;
    DfState *st = df_state(c->I);
    if (!st) { json_decref(start_at); free_tpos(assign, nassign); return false; }
    Source *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->kind = sub ? SRC_SUBSCRIBE : pat ? SRC_PATTERN : SRC_ASSIGN;
    s->fail_on_data_loss = !fodl || !strcasecmp(fodl, "true");
    s->topics = strdup(topics);
    s->assign = assign;
    s->nassign = nassign;
    s->starting = starting;
    s->start_at = start_at;
    s->max_per_trigger = max_per_trigger;
    kafka_config_init(&s->user);
    const char *k;
    json_t *v;
    json_object_foreach(r->options, k, v)
        if (!strncasecmp(k, "kafka.", 6)) kafka_config_set(&s->user, k + 6, json_string_value(v));
    s->schema = kafka_schema();
    return source_frame(c->I, s, out);
}

/* schema(StructType) / schema("id LONG, name STRING"): the file sources' schema */
static bool sreader_schema(Call *c, Value *out) {
    SReader *r = sreader_self(c);
    Value v = c->argv[0];
    DataType *t = NULL;
    if (v.t == T_STR) {
        if (!(t = ddl_schema(c->I, as_str(v)->s))) return false;
    } else if (v.t == T_HOST && as_host(v)->cls == &structtype_class) {
        t = dt_ref(as_host(v)->data);
    } else {
        return interp_throw(c->I, "error", "type mismatch: schema needs a StructType or a DDL String (\"id LONG, name STRING\")");
    }
    dt_unref(r->schema);
    r->schema = t;
    val_incref(c->self);
    *out = c->self;
    return true;
}

/* json(path) / csv(path) / parquet(path) / text(path): format(…).load(path) */
static bool sreader_file(Call *c, Value *out) {
    const char *path;
    if (!arg_string(c, 0, &path)) return false;
    bool lines = !strcmp(c->name, "textFile");
    if (!other_load(c, lines ? "text" : c->name, path, out)) return false;
    if (lines) df_set_dataset_type(*out, "String");   /* textFile: a Dataset[String] */
    return true;
}

static char *sreader_str(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.sql.streaming.DataStreamReader@%08x", (unsigned)((uintptr_t)d >> 4)) < 0) abort();
    return s;
}

static const MethodDef sreader_methods[] = {
    METHOD("format", sreader_format, 1, 1, "def format(source: String): DataStreamReader",
           "The source: kafka, rate, rate-micro-batch, socket, json, csv, parquet or text."),
    METHOD("option", sreader_option, 2, 2, "def option(key: String, value: String): DataStreamReader",
           "A source option: kafka.bootstrap.servers (else the session's brokers), subscribe, subscribePattern, assign ({\"t\":[0,1]}), "
           "startingOffsets (earliest | latest | {\"t\":{\"0\":2,\"1\":-2}}), maxOffsetsPerTrigger, failOnDataLoss; rate: rowsPerSecond, "
           "rampUpTime, numPartitions; rate-micro-batch: rowsPerBatch, startTimestamp, advanceMillisPerBatch; socket: host, port, "
           "includeTimestamp; files: maxFilesPerTrigger, latestFirst, csv's header and sep."),
    METHOD("options", sreader_options, 1, 1, "def options(options: Map[String, String]): DataStreamReader", "Source options."),
    METHOD("schema", sreader_schema, 1, 1, "def schema(schema: StructType): DataStreamReader", "The schema of file sources (Kafka's is fixed)."),
    METHOD("load", sreader_load, 0, 1, "def load(): DataFrame",
           "The streaming DataFrame. kafka: key, value (binary), topic, partition, offset, timestamp, timestampType; rate and "
           "rate-micro-batch: timestamp, value; socket: value (and timestamp); a folder's files (load(path)): the schema given."),
    METHOD("json", sreader_file, 1, 1, "def json(path: String): DataFrame", "The JSON files (one record a line) that arrive in the folder; needs schema(…)."),
    METHOD("csv", sreader_file, 1, 1, "def csv(path: String): DataFrame", "The CSV files that arrive in the folder (options header, sep); needs schema(…)."),
    METHOD("parquet", sreader_file, 1, 1, "def parquet(path: String): DataFrame", "The Parquet files that arrive in the folder; needs schema(…)."),
    METHOD("text", sreader_file, 1, 1, "def text(path: String): DataFrame", "The lines of the text files that arrive in the folder: a value column."),
    METHOD("textFile", sreader_file, 1, 1, "def textFile(path: String): Dataset[String]", "The lines of the text files that arrive in the folder."),
};
HostClass sreader_class = {.name = "DataStreamReader", .qualified = "org.apache.spark.sql.streaming.DataStreamReader",
                           .doc = "Reads streams: spark.readStream.format(\"kafka\").option(…).load().",
                           .doc_url = SS_DOC "DataStreamReader.html", .to_string = sreader_str,
                           HOST_METHODS(sreader_methods), .finalize = sreader_finalize};
