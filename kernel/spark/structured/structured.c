/* structured.c — Structured Streaming on Kafka (see structured.h): DataStreamReader (the Kafka
 * source), DataStreamWriter (console and memory sinks, output modes, triggers), StreamingQuery
 * (a thread that runs micro-batches: Kafka I/O without the interpreter lock, loading and the
 * sink with it), Trigger, and the guard against batch actions on streaming DataFrames.
 *
 * A micro-batch: plan the Kafka ranges from the query's offsets (no new record: no batch, as
 * Spark's Kafka source), fetch them, load them into a table typed by the Kafka source's schema,
 * put that batch (append) or all input so far (aggregations) into the source's table, run the
 * query, hand the rows to the sink, move the offsets on. Outputs go to the cell that awaits the
 * query, else the one that started it, as DStream batches do.
 */
#include "spark/structured/structured.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kafka/batch.h"
#include "kafka/producer.h"
#include "spark/kafka/kafka_client.h"
#include "spark/sql/df_internal.h"
#include "util/uuid.h"

#define SS_DOC "https://spark.apache.org/docs/3.5.5/api/scala/org/apache/spark/sql/streaming/"

/* ---- sources ---- */

typedef struct Source {
    char *topics;            /* subscribe: comma-separated */
    kafka_config user;       /* the kafka.* options, without the prefix */
    int64_t starting;        /* KAFKA_OFFSET_BEGINNING or _END */
    DataType *schema;
    DfTable *table;          /* what the streaming DataFrame reads: the rows of the batch running */
    char *sql;               /* the query of load()'s DataFrame */
    struct Source *next;
} Source;

static Source *sources;      /* every source made (the interpreter's lifetime) */

static Source *source_of(const DataFrame *df) {
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
extern HostClass sreader_class;

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

/* ---- Trigger ---- */

typedef enum { TRIG_DEFAULT, TRIG_INTERVAL, TRIG_ONCE, TRIG_AVAILABLE_NOW } TrigKind;
typedef struct { TrigKind kind; int64_t ms; } Trig;
extern HostClass trigger_class;

static Value trig_new(TrigKind k, int64_t ms) {
    Trig *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->kind = k;
    t->ms = ms;
    return host_new(&trigger_class, t);
}

/* "2 seconds", "500 milliseconds", "1 minute" (Spark's interval strings), or milliseconds */
static bool interval_ms(Interp *I, Value v, int64_t *ms) {
    if (v.t == T_INT || v.t == T_LONG) { *ms = v.t == T_INT ? v.u.i : v.u.l; return true; }
    if (v.t != T_STR) return interp_throw(I, "java.lang.IllegalArgumentException", "a trigger interval is a String (\"2 seconds\") or milliseconds");
    const char *s = as_str(v)->s;
    char *end;
    double n = strtod(s, &end);
    while (*end == ' ') end++;
    if (!strncasecmp(s, "interval ", 9)) return interval_ms(I, str_cstr(s + 9), ms);
    static const struct { const char *unit; double ms; } units[] = {
        {"millisecond", 1}, {"ms", 1}, {"second", 1000}, {"sec", 1000}, {"minute", 60000}, {"min", 60000}, {"hour", 3600000},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (end != s && !strncasecmp(end, units[i].unit, strlen(units[i].unit))) { *ms = (int64_t)(n * units[i].ms); return true; }
    return interp_throw(I, "java.lang.IllegalArgumentException", "Invalid interval: %s", s);
}

static bool trig_processing_time(Call *c, Value *out) {
    int64_t ms;
    if (!interval_ms(c->I, c->argv[0], &ms)) return false;
    if (ms < 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "requirement failed: the interval of trigger should not be negative");
    *out = trig_new(ms ? TRIG_INTERVAL : TRIG_DEFAULT, ms);
    return true;
}
static bool trig_once(Call *c, Value *out) { (void)c; *out = trig_new(TRIG_ONCE, 0); return true; }
static bool trig_available_now(Call *c, Value *out) { (void)c; *out = trig_new(TRIG_AVAILABLE_NOW, 0); return true; }

static char *trig_str(Interp *I, void *d) {
    (void)I;
    Trig *t = d;
    char *s = NULL;
    switch (t->kind) {
    case TRIG_DEFAULT: case TRIG_INTERVAL: if (asprintf(&s, "ProcessingTimeTrigger(%lld)", (long long)t->ms) < 0) abort(); return s;
    case TRIG_ONCE: return strdup("OneTimeTrigger");
    case TRIG_AVAILABLE_NOW: return strdup("AvailableNowTrigger");
    }
    return strdup("Trigger");
}

HostClass trigger_class = {.name = "Trigger", .qualified = "org.apache.spark.sql.streaming.Trigger",
                           .doc = "When a query runs its micro-batches.", .doc_url = SS_DOC "Trigger.html",
                           .to_string = trig_str, .finalize = free};

static const MethodDef trigger_object_methods[] = {
    METHOD("ProcessingTime", trig_processing_time, 1, 1, "def ProcessingTime(interval: String): Trigger",
           "A micro-batch every interval (\"2 seconds\", or milliseconds), when there is new data."),
    METHOD("Once", trig_once, 0, 0, "def Once(): Trigger", "One micro-batch of all available data, then the query stops."),
    METHOD("AvailableNow", trig_available_now, 0, 0, "def AvailableNow(): Trigger", "All data available at the start, then the query stops."),
};
static char *trigger_object_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.streaming.Trigger@dstream"); }
static HostClass trigger_object_class = {.name = "Trigger$", .qualified = "org.apache.spark.sql.streaming.Trigger$",
                                         .doc = "Triggers: Trigger.ProcessingTime(\"2 seconds\"), Trigger.Once(), Trigger.AvailableNow().",
                                         .doc_url = SS_DOC "Trigger.html", .to_string = trigger_object_str,
                                         HOST_METHODS(trigger_object_methods)};

/* ---- queries ---- */

typedef struct Query {
    Interp *I;
    DfState *st;
    Source *src;
    Value df;                /* the streaming DataFrame the query runs (owned) */
    Value fn;                /* foreachBatch's function (owned), else unit */
    char *path;              /* a file sink's folder (local path), else NULL */
    char *ckpt;              /* checkpointLocation (local path), else NULL */
    kafka_producer *producer;/* the Kafka sink's */
    kafka_config pcfg;       /* its configuration (the sink's kafka.* options over the session's) */
    char *topic;             /* the Kafka sink's topic option, or NULL (a topic column then) */
    char sink[16], mode[16];
    char *name;              /* queryName, or NULL */
    Trig trig;
    int num_rows, truncate;  /* the console sink's */
    bool accumulate;         /* an aggregation: the source table holds all input so far */
    char id[37], run_id[37];

    kafka_config cfg;
    kafka_batch_reader *reader;
    kafka_tpo *offsets;      /* where the next batch starts (topic names owned) */
    size_t noffsets;
    DfTable *acc;            /* accumulate: every row so far */
    DfTable *prev;           /* update mode: the previous batch's result */
    bool mem_made;
    int64_t batch_id;        /* the next batch's */
    int64_t rows_out;
    json_t *recent;          /* progress of the recent batches, newest last */

    pthread_t thread;
    bool has_thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop_flag, terminated;
    char *error;             /* "class: message" of the exception that ended it */
    InterpHooks start_hooks, await_hooks;
    bool has_start_hooks, awaiting;
    uint64_t check_seq, empty_seq;   /* trigger checks started; the latest that found no new data */
    struct Query *next;      /* all queries (spark.streams) */
    int rc;
} Query;

static Query *queries;
extern HostClass query_class;

static void query_unref(Query *q) {
    if (--q->rc > 0) return;
    val_decref(q->df);
    val_decref(q->fn);
    free(q->path);
    free(q->ckpt);
    free(q->topic);
    if (q->producer) kafka_producer_close(q->producer, 10000, NULL, NULL, NULL, NULL, 0);
    kafka_config_free(&q->pcfg);
    free(q->name);
    kafka_config_free(&q->cfg);
    if (q->reader) kafka_batch_reader_free(q->reader);
    for (size_t i = 0; i < q->noffsets; i++) free((char *)q->offsets[i].topic);
    free(q->offsets);
    if (q->acc) dftable_unref(q->acc);
    if (q->prev) dftable_unref(q->prev);
    json_decref(q->recent);
    free(q->error);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    free(q);
}

static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int q_stopping(void *ud) { return ((Query *)ud)->stop_flag; }

/* Fails the query with the pending exception (under the interpreter lock). */
static void q_fail_pending(Query *q) {
    Value e = interp_take_exception(q->I);
    free(q->error);
    q->error = interp_exception_text(q->I, e);
    val_decref(e);
}

static void q_fail(Query *q, const char *fmt, const char *detail) {
    free(q->error);
    if (asprintf(&q->error, fmt, detail) < 0) q->error = NULL;
}

static bool exec_sql(Query *q, const char *sql) {
    char *err = NULL;
    if (sql_exec(q->st, sql, &err)) return true;
    sql_raise(q->I, err ? err : "the batch could not be stored", NULL);
    free(err);
    return false;
}

/* The batch's rows into a new table typed by the Kafka schema. NULL with an exception raised. */
static DfTable *load_batch(Query *q, const kafka_batch *b) {
    char *err = NULL;
    DfLoader *l = dfl_open(q->st, q->src->schema, &err);
    if (!l) { sql_raise(q->I, err ? err : "the batch could not be loaded", NULL); free(err); return NULL; }
    for (size_t p = 0; p < b->n; p++) {
        const kafka_records *rs = &b->parts[p].records;
        for (size_t i = 0; i < rs->n; i++) {
            const kafka_record *r = &rs->items[i];
            if (r->key) dfl_text(l, 0, (const char *)r->key, r->key_len); else dfl_null(l, 0);
            if (r->value) dfl_text(l, 1, (const char *)r->value, r->value_len); else dfl_null(l, 1);
            dfl_text(l, 2, r->topic, strlen(r->topic));
            dfl_int(l, 3, r->partition);
            dfl_int(l, 4, r->offset);
            if (r->timestamp >= 0) dfl_int(l, 5, r->timestamp * 1000); else dfl_null(l, 5);
            /* Kafka's TimestampType ids: NO_TIMESTAMP_TYPE -1, CREATE_TIME 0, LOG_APPEND_TIME 1 */
            dfl_int(l, 6, r->timestamp_type == KAFKA_TS_CREATE_TIME ? 0 : r->timestamp_type == KAFKA_TS_LOG_APPEND_TIME ? 1 : -1);
            if (!dfl_row(l, &err)) { dfl_close(l, false, NULL); sql_raise(q->I, err ? err : "a row could not be loaded", NULL); free(err); return NULL; }
        }
    }
    DfTable *t = dfl_close(l, true, &err);
    if (!t) { sql_raise(q->I, err ? err : "the batch could not be loaded", NULL); free(err); }
    return t;
}

/* SQL text "INSERT INTO dst SELECT * FROM src" with quoted names. */
static bool copy_rows(Query *q, const char *dst, const char *src, bool clear_first) {
    StrBuf b = {0};
    if (clear_first) { sb_puts(&b, "DELETE FROM "); sql_ident(&b, dst); sb_puts(&b, "; "); }
    sb_puts(&b, "INSERT INTO ");
    sql_ident(&b, dst);
    sb_puts(&b, " SELECT * FROM ");
    sql_ident(&b, src);
    bool ok = exec_sql(q, b.s);
    sb_reset(&b);
    return ok;
}

/* The rows this batch gives the sink: the query's (append, complete), or those that changed
 * since the previous batch (update; *old: the previous result, which the rows' query reads: unref
 * it once they are written). A DataFrame value, or false with an exception raised. */
static bool batch_output(Query *q, Value *out, DfTable **old) {
    *old = NULL;
    DataFrame *df = df_get(q->df);
    if (strcmp(q->mode, "update")) { val_incref(q->df); *out = q->df; return true; }
    char *err = NULL;
    DfTable *now = dftable_create(q->st, df->schema, &err);
    if (!now) { sql_raise(q->I, err ? err : "update", NULL); free(err); return false; }
    StrBuf b = {0};
    sb_puts(&b, "INSERT INTO ");
    sql_ident(&b, now->name);
    sb_printf(&b, " SELECT * FROM (%s)", df->sql);
    bool ok = exec_sql(q, b.s);
    sb_reset(&b);
    if (!ok) { dftable_unref(now); return false; }
    StrBuf s = {0};
    sb_puts(&s, "SELECT * FROM ");
    sql_ident(&s, now->name);
    if (q->prev) { sb_puts(&s, " EXCEPT ALL SELECT * FROM "); sql_ident(&s, q->prev->name); }
    /* the names of the query's columns, over the stored c0 … cN columns */
    char *names = dftable_select_sql(now, df->schema);
    StrBuf w = {0};
    sb_printf(&w, "%.*s FROM (%s)", (int)(strstr(names, " FROM ") - names), names, s.s);
    free(names);
    sb_reset(&s);
    *out = df_make(q->st, dt_ref(df->schema), sb_take(&w), NULL, 0, dftable_ref(now));
    *old = q->prev;
    q->prev = now;
    return true;
}

/* A cursor over the rows of a streaming query's batch (df_cursor refuses streaming DataFrames). */
static bool df_cursor_unguarded(Interp *I, DataFrame *df, DfCursor *c) {
    StrBuf q = {0};
    sb_printf(&q, "SELECT * FROM (%s)", df->sql);
    char *err = NULL;
    bool ok = dfc_open(df->st, q.s, c, &err);
    sb_reset(&q);
    if (!ok) { dfc_close(c); sql_raise(I, err ? err : "the batch could not be read", df->sql); free(err); }
    return ok;
}

/* A batch DataFrame (not streaming) holding df's rows now: what foreachBatch's function gets. */
static bool snapshot(Query *q, DataFrame *df, Value *out) {
    char *err = NULL;
    DfTable *t = dftable_create(q->st, df->schema, &err);
    if (!t) { sql_raise(q->I, err ? err : "the batch could not be kept", NULL); free(err); return false; }
    StrBuf b = {0};
    sb_puts(&b, "INSERT INTO ");
    sql_ident(&b, t->name);
    sb_printf(&b, " SELECT * FROM (%s)", df->sql);
    bool ok = exec_sql(q, b.s);
    sb_reset(&b);
    if (!ok) { dftable_unref(t); return false; }
    *out = df_make(q->st, dt_ref(df->schema), dftable_select_sql(t, df->schema), NULL, 0, t);
    return true;
}

/* kafka: every row a record (value, and key, topic, partition when the query has those columns);
 * the batch fails unless every record is delivered. */
static bool kafka_sink(Query *q, DataFrame *out) {
    Interp *I = q->I;
    int kc = dt_field_index(out->schema, "key"), vc = dt_field_index(out->schema, "value");
    int tc = dt_field_index(out->schema, "topic"), pc = dt_field_index(out->schema, "partition");
    kafka_error err;
    kafka_error_clear(&err);
    if (!q->producer && !(q->producer = kafka_producer_new(&q->pcfg, &err))) return kafka_throw(I, &err);
    DfCursor c;
    if (!df_cursor_unguarded(I, out, &c)) return false;
    bool ok = true;
    while (ok && dfc_next(&c)) {
        size_t kl = 0, vl = 0, tl = 0;
        const char *v = dfc_null(&c, vc) ? NULL : dfc_text(&c, vc, &vl);
        char *vcopy = v ? strndup(v, vl) : NULL;   /* dfc_text's buffer is reused by the next call */
        const char *k = kc < 0 || dfc_null(&c, kc) ? NULL : dfc_text(&c, kc, &kl);
        char *kcopy = k ? strndup(k, kl) : NULL;
        const char *t = tc < 0 || dfc_null(&c, tc) ? NULL : dfc_text(&c, tc, &tl);
        char *topic = t ? strndup(t, tl) : q->topic ? strdup(q->topic) : NULL;
        int32_t part = pc < 0 || dfc_null(&c, pc) ? -1 : (int32_t)dfc_int(&c, pc);
        if (!topic) ok = interp_throw(I, "java.lang.NullPointerException", "null topic present in the data. Use the topic option for setting a topic.");
        else if (kafka_producer_send(q->producer, topic, part, kcopy, kl, vcopy, vl, NULL, 0, NULL, NULL, q_stopping, q, &err) != 0)
            ok = kafka_throw(I, &err);
        free(vcopy);
        free(kcopy);
        free(topic);
    }
    dfc_close(&c);
    if (kafka_producer_flush(q->producer, -1, q_stopping, q, &err) != 0 && ok) ok = kafka_throw(I, &err);
    kafka_producer_stats st;
    kafka_producer_stats_get(q->producer, &st);
    if (ok && st.failed)
        ok = interp_throw(I, "org.apache.kafka.common.KafkaException", "%lld of the batch's records could not be delivered: %s",
                          (long long)st.failed, st.first_error.message);
    kafka_producer_reset_stats(q->producer);
    return ok;
}

/* parquet/json/csv: the batch's rows appended to the folder as part files (df.write's). */
static bool file_sink(Query *q, DataFrame *out) {
    Value snap, w, m, f, r;
    if (!snapshot(q, out, &snap)) return false;
    Value mode = str_cstr("append"), fmt = str_cstr(q->sink), path = str_cstr(q->path);
    bool ok = interp_call_method(q->I, snap, "write", 0, NULL, &w);
    if (ok) { ok = interp_call_method(q->I, w, "mode", 1, &mode, &m); val_decref(w); }
    if (ok) { ok = interp_call_method(q->I, m, "format", 1, &fmt, &f); val_decref(m); }
    if (ok) { ok = interp_call_method(q->I, f, "save", 1, &path, &r); val_decref(f); }
    if (ok) val_decref(r);
    val_decref(mode);
    val_decref(fmt);
    val_decref(path);
    val_decref(snap);
    return ok;
}

static bool console_sink(Query *q, DataFrame *out, int64_t batch) {
    DfCells cells;
    char *err = NULL;
    if (!df_cells(q->I, out, q->num_rows, &cells, &err)) {
        sql_raise(q->I, err ? err : "the rows could not be read", out->sql);
        free(err);
        return false;
    }
    char *text = df_show_text(&cells, q->num_rows, q->truncate, false);
    interp_printf(q->I, 1, "-------------------------------------------\nBatch: %lld\n-------------------------------------------\n%s\n",
                  (long long)batch, text);
    free(text);
    df_cells_free(&cells);
    return true;
}

static bool memory_sink(Query *q, DataFrame *out, bool replace) {
    char *en = NULL, *ev = NULL;
    if (replace || !q->mem_made) {
        if (!view_replace(q->st, out, q->name, false, false, &en, &ev)) {
            bool r = interp_throw(q->I, en ? en : "org.apache.spark.sql.AnalysisException", "%s", ev ? ev : "the memory sink failed");
            free(en);
            free(ev);
            return r;
        }
        q->mem_made = true;
        return true;
    }
    StrBuf b = {0};
    sb_puts(&b, "INSERT INTO ");
    sql_ident(&b, q->name);
    sb_printf(&b, " SELECT * FROM (%s)", out->sql);
    bool ok = exec_sql(q, b.s);
    sb_reset(&b);
    return ok;
}

static int64_t count_rows(Query *q, DataFrame *df) {
    StrBuf b = {0};
    sb_printf(&b, "SELECT count(*) FROM (%s)", df->sql);
    DfCursor c;
    char *err = NULL;
    int64_t n = 0;
    if (dfc_open(q->st, b.s, &c, &err) && dfc_next(&c)) n = dfc_int(&c, 0);
    dfc_close(&c);
    free(err);
    sb_reset(&b);
    return n;
}

static void record_progress(Query *q, int64_t batch, int64_t rows_in, int64_t rows_out, int64_t t0, int64_t t1,
                            const kafka_batch *b) {
    json_t *end = json_object();
    for (size_t i = 0; i < b->n; i++) {
        json_t *t = json_object_get(end, b->parts[i].topic);
        if (!t) { t = json_object(); json_object_set_new(end, b->parts[i].topic, t); }
        char k[16];
        snprintf(k, sizeof k, "%d", b->parts[i].partition);
        json_object_set_new(t, k, json_integer(b->parts[i].until));
    }
    char ts[32];
    time_t secs = (time_t)(t0 / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    char stamp[40];
    snprintf(stamp, sizeof stamp, "%s.%03dZ", ts, (int)(t0 % 1000));
    double secs_used = (double)(t1 - t0) / 1000.0;
    json_t *p = json_pack("{s:s, s:s, s:o, s:s, s:I, s:I, s:f, s:{s:I}, s:[], s:[{s:s, s:I, s:o}], s:{s:s, s:I}}",
                          "id", q->id, "runId", q->run_id, "name", q->name ? json_string(q->name) : json_null(),
                          "timestamp", stamp, "batchId", (json_int_t)batch, "numInputRows", (json_int_t)rows_in,
                          "processedRowsPerSecond", secs_used > 0 ? (double)rows_in / secs_used : 0.0,
                          "durationMs", "triggerExecution", (json_int_t)(t1 - t0),
                          "stateOperators",
                          "sources", "description", "KafkaV2[Subscribe[…]]", "numInputRows", (json_int_t)rows_in, "endOffset", end,
                          "sink", "description", !strcmp(q->sink, "memory") ? "MemorySink" : "ConsoleSink", "numOutputRows", (json_int_t)rows_out);
    if (p) {
        json_t *src = json_array_get(json_object_get(p, "sources"), 0);
        char desc[512];
        snprintf(desc, sizeof desc, "KafkaV2[Subscribe[%s]]", q->src->topics);
        json_object_set_new(src, "description", json_string(desc));
        json_array_append_new(q->recent, p);
        while (json_array_size(q->recent) > 100) json_array_remove(q->recent, 0);
    }
}

/* ---- checkpoints: Spark's layout (metadata, offsets/N, commits/N) plus state/N.parquet ---- */

static bool mkdirs(const char *path) {
    char *p = strdup(path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') { *s = 0; mkdir(p, 0777); *s = '/'; }
    bool ok = mkdir(p, 0777) == 0 || errno == EEXIST;
    free(p);
    return ok;
}

static char *ck_file(const Query *q, const char *dir, int64_t n) {
    char *f = NULL;
    if (n >= 0) { if (asprintf(&f, "%s/%s/%lld", q->ckpt, dir, (long long)n) < 0) abort(); }
    else if (asprintf(&f, "%s/%s", q->ckpt, dir) < 0) abort();
    return f;
}

static bool write_text(const char *file, const char *text) {
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp", file) < 0) abort();
    FILE *f = fopen(tmp, "w");
    bool ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0) ok = false;
    ok = ok && rename(tmp, file) == 0;   /* whole or not at all */
    if (!ok) remove(tmp);
    free(tmp);
    return ok;
}

static char *read_text(const char *file) {
    FILE *f = fopen(file, "r");
    if (!f) return NULL;
    StrBuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&b, buf, n);
    fclose(f);
    return b.s ? sb_take(&b) : strdup("");
}

/* The highest batch number with a file in ckpt/dir, or -1. */
static int64_t ck_last(const Query *q, const char *dir) {
    char *d = ck_file(q, dir, -1);
    DIR *dp = opendir(d);
    free(d);
    int64_t last = -1;
    if (!dp) return -1;
    for (struct dirent *e; (e = readdir(dp));) {
        char *end;
        long long n = strtoll(e->d_name, &end, 10);
        if (end != e->d_name && !*end && n > last) last = n;
    }
    closedir(dp);
    return last;
}

/* After batch n: offsets/n (where the next batch starts, as Spark's third line: {"topic":{"0":8}}),
 * the aggregation's state, then commits/n. False with *why. */
static bool ck_commit(Query *q, int64_t n, int64_t now_ms, char **why) {
    json_t *offs = json_object();
    for (size_t i = 0; i < q->noffsets; i++) {
        json_t *t = json_object_get(offs, q->offsets[i].topic);
        if (!t) { t = json_object(); json_object_set_new(offs, q->offsets[i].topic, t); }
        char k[16];
        snprintf(k, sizeof k, "%d", q->offsets[i].partition);
        json_object_set_new(t, k, json_integer(q->offsets[i].offset));
    }
    char *o = json_dumps(offs, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(offs);
    char *text = NULL;
    if (asprintf(&text, "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":%lld,\"conf\":{}}\n%s", (long long)now_ms, o) < 0) abort();
    free(o);
    char *f = ck_file(q, "offsets", n);
    bool ok = write_text(f, text);
    free(f);
    free(text);
    if (ok && q->acc) {
        char *sf = ck_file(q, "state", n), *err = NULL;
        StrBuf b = {0};
        sb_puts(&b, "COPY (SELECT * FROM ");
        sql_ident(&b, q->acc->name);
        sb_puts(&b, ") TO ");
        sql_string(&b, sf, strlen(sf));
        sb_puts(&b, " (FORMAT PARQUET)");
        ok = sql_exec(q->st, b.s, &err);
        sb_reset(&b);
        if (!ok) { *why = err; free(sf); return false; }
        free(sf);
        if (n >= 2) { char *old = ck_file(q, "state", n - 2); remove(old); free(old); }
    }
    if (ok) {
        f = ck_file(q, "commits", n);
        ok = write_text(f, "v1\n{\"nextBatchWatermarkMs\":0}");
        free(f);
    }
    if (!ok && !*why) *why = strdup(strerror(errno));
    return ok;
}

/* At start(): the folders, the query's id (kept across runs, as Spark's metadata file), and —
 * when an earlier run committed batches — where to go on: the next batch number, the offsets and
 * the aggregation's state. False with an exception raised. */
static bool ck_open(Query *q) {
    Interp *I = q->I;
    const char *dirs[] = {"offsets", "commits", "state"};
    for (int i = 0; i < 3; i++) {
        char *d = ck_file(q, dirs[i], -1);
        bool ok = mkdirs(d);
        free(d);
        if (!ok) return interp_throw(I, "java.io.IOException", "cannot create the checkpoint folder %s: %s", q->ckpt, strerror(errno));
    }
    char *mf = ck_file(q, "metadata", -1);
    char *meta = read_text(mf);
    json_t *m = meta ? json_loads(meta, 0, NULL) : NULL;
    const char *id = m ? json_string_value(json_object_get(m, "id")) : NULL;
    if (id && strlen(id) == 36) memcpy(q->id, id, 37);
    else {
        char *text = NULL;
        if (asprintf(&text, "{\"id\":\"%s\"}", q->id) < 0) abort();
        write_text(mf, text);
        free(text);
    }
    json_decref(m);
    free(meta);
    free(mf);
    int64_t last = ck_last(q, "commits");
    if (last < 0) return true;
    char *of = ck_file(q, "offsets", last);
    char *text = read_text(of);
    free(of);
    const char *third = text ? strchr(text, '\n') : NULL;
    third = third ? strchr(third + 1, '\n') : NULL;
    json_t *offs = third ? json_loads(third + 1, 0, NULL) : NULL;
    free(text);
    if (!json_is_object(offs)) {
        json_decref(offs);
        return interp_throw(I, "java.lang.IllegalStateException", "the checkpoint %s has commits/%lld but no readable offsets/%lld",
                            q->ckpt, (long long)last, (long long)last);
    }
    size_t n = 0;
    const char *topic;
    json_t *parts, *v;
    json_object_foreach(offs, topic, parts) n += json_object_size(parts);
    q->offsets = calloc(n + 1, sizeof *q->offsets);
    if (!q->offsets) abort();
    json_object_foreach(offs, topic, parts) {
        const char *p;
        json_object_foreach(parts, p, v)
            q->offsets[q->noffsets++] = (kafka_tpo){strdup(topic), (int32_t)atoi(p), (int64_t)json_integer_value(v)};
    }
    json_decref(offs);
    q->batch_id = last + 1;
    if (q->acc) {
        char *sf = ck_file(q, "state", last), *err = NULL;
        struct stat sb;
        bool ok = true;
        if (stat(sf, &sb) == 0) {
            StrBuf b = {0};
            sb_puts(&b, "INSERT INTO ");
            sql_ident(&b, q->acc->name);
            sb_puts(&b, " SELECT * FROM read_parquet(");
            sql_string(&b, sf, strlen(sf));
            sb_puts(&b, ")");
            ok = sql_exec(q->st, b.s, &err);
            sb_reset(&b);
        }
        free(sf);
        if (!ok) { bool r = sql_raise(I, err ? err : "the checkpoint's state could not be read", NULL); free(err); return r; }
    }
    return true;
}

/* One trigger: 1 a batch ran, 0 no new data, -1 the query failed (q->error set). Called on the
 * query's thread without the interpreter lock; takes it for the batch. */
static int run_trigger(Query *q) {
    kafka_error err;
    kafka_error_clear(&err);
    if (!q->reader) {
        q->reader = kafka_batch_reader_new(&q->cfg, &err);
        if (!q->reader) { q_fail(q, "org.apache.kafka.common.KafkaException: %s", err.message); return -1; }
    }
    if (!q->offsets) {                      /* the first trigger: the topics' partitions */
        char *list = strdup(q->src->topics);
        const char *names[64];
        size_t nt = 0;
        for (char *save = NULL, *t = strtok_r(list, ",", &save); t && nt < 64; t = strtok_r(NULL, ",", &save)) {
            while (*t == ' ') t++;
            names[nt++] = t;
        }
        kafka_tpo *parts = NULL;
        size_t np = 0;
        int rc = kafka_batch_reader_partitions(q->reader, names, nt, q->src->starting, &parts, &np, q_stopping, q, &err);
        free(list);
        if (rc != 0) {
            if (q->stop_flag) return 0;
            if (!strcmp(err.name, "UNKNOWN_TOPIC_OR_PART")) return 0;   /* Spark waits for the topic */
            q_fail(q, "org.apache.kafka.common.KafkaException: %s", err.message);
            return -1;
        }
        q->offsets = calloc(np + 1, sizeof *q->offsets);
        if (!q->offsets) abort();
        for (size_t i = 0; i < np; i++) q->offsets[i] = (kafka_tpo){strdup(parts[i].topic), parts[i].partition, parts[i].offset};
        q->noffsets = np;
        free(parts);
    }
    kafka_batch b = {0};
    if (kafka_batch_reader_plan(q->reader, q->offsets, q->noffsets, 0, q_stopping, q, &b, &err) != 0) {
        kafka_batch_free(&b);
        if (q->stop_flag) return 0;
        q_fail(q, "org.apache.kafka.common.KafkaException: %s", err.message);
        return -1;
    }
    int64_t planned = 0;
    for (size_t i = 0; i < b.n; i++) planned += b.parts[i].until - b.parts[i].from;
    if (!planned) {                         /* no batch; the starts become absolute offsets */
        for (size_t i = 0; i < b.n && i < q->noffsets; i++) q->offsets[i].offset = b.parts[i].from;
        kafka_batch_free(&b);
        return 0;
    }
    int64_t t0 = wall_ms();
    if (kafka_batch_reader_fetch(q->reader, &b, q_stopping, q, &err) != 0) {
        kafka_batch_free(&b);
        if (q->stop_flag) return 0;
        q_fail(q, "org.apache.kafka.common.KafkaException: %s", err.message);
        return -1;
    }
    /* the batch, under the interpreter lock, writing to the awaiting (else the starting) cell */
    pthread_mutex_lock(&q->mu);
    const InterpHooks *src = q->awaiting ? &q->await_hooks : q->has_start_hooks ? &q->start_hooks : NULL;
    InterpHooks hooks = {0};
    bool own = false;
    if (src) {
        hooks = *src;
        if (src->retain) { hooks.ud = src->retain(src->ud); own = true; }
    }
    pthread_mutex_unlock(&q->mu);
    Interp *I = q->I;
    interp_lock(I);
    char base;
    InterpThreadState saved;
    interp_thread_enter(I, &base, &hooks, &saved);
    bool ok = false;
    int64_t rows_in = b.total, rows_out = 0, batch = q->batch_id;
    DfTable *t = load_batch(q, &b);
    if (t) {
        if (q->accumulate) ok = copy_rows(q, q->acc->name, t->name, false) && copy_rows(q, q->src->table->name, q->acc->name, true);
        else ok = copy_rows(q, q->src->table->name, t->name, true);
        dftable_unref(t);
    }
    Value outv = v_unit();
    DfTable *old = NULL;
    if (ok) ok = batch_output(q, &outv, &old);
    if (ok) {
        DataFrame *out = df_get(outv);
        if (!strcmp(q->sink, "console")) ok = console_sink(q, out, batch);
        else if (!strcmp(q->sink, "memory")) ok = memory_sink(q, out, !strcmp(q->mode, "complete"));
        else if (q->path) ok = file_sink(q, out);
        else if (!strcmp(q->sink, "kafka")) ok = kafka_sink(q, out);
        else {                              /* the batch's rows as a DataFrame of their own */
            Value snap, r;
            ok = snapshot(q, out, &snap);
            if (ok) {
                Value args[2] = {snap, v_long(batch)};
                ok = interp_call(I, q->fn, 2, args, &r);
                if (ok) val_decref(r);
                val_decref(snap);
            }
        }
        if (ok) rows_out = count_rows(q, out);
    }
    val_decref(outv);
    if (old) dftable_unref(old);
    if (ok) {
        size_t n;
        kafka_tpo *next = NULL;
        kafka_batch_next_offsets(&b, &next, &n);
        for (size_t i = 0; i < n && i < q->noffsets; i++) q->offsets[i].offset = next[i].offset;
        free(next);
        char *why = NULL;
        if (q->ckpt && !ck_commit(q, batch, t0, &why)) {
            ok = false;
            interp_throw(I, "java.io.IOException", "cannot write the checkpoint %s: %s", q->ckpt, why ? why : "");
            free(why);
            q_fail_pending(q);
        } else {
            q->batch_id++;
            q->rows_out += rows_out;
            record_progress(q, batch, rows_in, rows_out, t0, wall_ms(), &b);
        }
    } else {
        q_fail_pending(q);
    }
    interp_thread_leave(I, &saved);
    interp_unlock(I);
    if (own && hooks.release) hooks.release(hooks.ud);
    kafka_batch_free(&b);
    return ok ? 1 : -1;
}

static void *query_main(void *arg) {
    Query *q = arg;
    int64_t next = wall_ms();
    bool once_done = false;
    pthread_mutex_lock(&q->mu);
    while (!q->stop_flag) {
        int64_t now = wall_ms();
        if (now < next) {
            struct timespec ts = {.tv_sec = next / 1000, .tv_nsec = (next % 1000) * 1000000};
            pthread_cond_timedwait(&q->cv, &q->mu, &ts);
            continue;
        }
        uint64_t seq = ++q->check_seq;
        pthread_mutex_unlock(&q->mu);
        int r = run_trigger(q);
        pthread_mutex_lock(&q->mu);
        if (r < 0) break;
        if (r == 0) q->empty_seq = seq;
        if (q->trig.kind == TRIG_ONCE && (r == 1 || once_done)) break;
        if (q->trig.kind == TRIG_ONCE || q->trig.kind == TRIG_AVAILABLE_NOW) {
            if (r == 0) break;              /* all that was available at the start is done */
            once_done = true;
            next = wall_ms();
        } else {
            /* the interval from this trigger's start (Spark's ProcessingTimeExecutor); with no
             * interval, poll again shortly when there was nothing */
            next = q->trig.ms ? next + q->trig.ms : wall_ms() + (r ? 0 : 100);
            if (next < wall_ms() - q->trig.ms) next = wall_ms();
        }
        pthread_cond_broadcast(&q->cv);
    }
    q->terminated = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* ---- DataStreamWriter ---- */

typedef struct { Value df; char format[16], mode[16]; char *name; Trig trig; json_t *options; Value fn; } SWriter;
extern HostClass swriter_class;

static void swriter_finalize(void *d) {
    SWriter *w = d;
    val_decref(w->df);
    val_decref(w->fn);
    free(w->name);
    json_decref(w->options);
    free(w);
}
static void swriter_traverse(void *d, VisitFn visit, void *ctx) { visit(((SWriter *)d)->df, ctx); visit(((SWriter *)d)->fn, ctx); }
static SWriter *swriter_self(Call *c) { return as_host(c->self)->data; }

bool structured_df_write_stream(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    if (!structured_is_streaming(df))
        return interp_throw(c->I, "org.apache.spark.sql.AnalysisException", "'writeStream' can be called only on streaming Dataset/DataFrame");
    SWriter *w = calloc(1, sizeof *w);
    if (!w) abort();
    w->df = c->self;
    val_incref(w->df);
    w->fn = v_unit();
    strcpy(w->format, "console");
    strcpy(w->mode, "append");
    w->options = json_object();
    *out = host_new(&swriter_class, w);
    return true;
}

/* withWatermark(eventTime, delay): checked and kept as the same DataFrame — this kernel keeps
 * every group's state (no eviction), so update and complete output are Spark's; append output of
 * an aggregation, which needs the watermark to close windows, is refused at start(). */
bool structured_df_with_watermark(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    const char *col, *delay;
    int64_t ms;
    if (!df || !arg_string(c, 0, &col) || !arg_string(c, 1, &delay)) return false;
    if (dt_field_index(df->schema, col) < 0)
        return df_analysis(c->I, "Cannot resolve column name \"%s\" among (%s)", col, "the DataFrame's columns");
    if (!df_interval_ms(delay, &ms))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "The provided interval (%s) did not correspond to a valid interval string.", delay);
    *out = df_keep_type(df, df_make(df->st, dt_ref(df->schema), strdup(df->sql), &df, 1, NULL));
    return true;
}

bool structured_df_is_streaming(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    *out = v_bool(structured_is_streaming(df));
    return true;
}

static bool self_out(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }

static bool swriter_format(Call *c, Value *out) {
    const char *f;
    if (!arg_string(c, 0, &f)) return false;
    snprintf(swriter_self(c)->format, sizeof swriter_self(c)->format, "%s", f);
    return self_out(c, out);
}

static bool swriter_mode(Call *c, Value *out) {
    const char *m;
    if (!arg_string(c, 0, &m)) return false;
    if (strcasecmp(m, "append") && strcasecmp(m, "complete") && strcasecmp(m, "update"))
        return interp_throw(c->I, "java.lang.IllegalArgumentException",
                            "Unknown output mode %s. Accepted output modes are 'append', 'complete', 'update'", m);
    SWriter *w = swriter_self(c);
    snprintf(w->mode, sizeof w->mode, "%s", m);
    for (char *p = w->mode; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    return self_out(c, out);
}

static bool swriter_name(Call *c, Value *out) {
    const char *n;
    if (!arg_string(c, 0, &n)) return false;
    free(swriter_self(c)->name);
    swriter_self(c)->name = strdup(n);
    return self_out(c, out);
}

static bool swriter_trigger(Call *c, Value *out) {
    Value t = c->argv[0];
    if (t.t != T_HOST || as_host(t)->cls != &trigger_class)
        return interp_throw(c->I, "error", "type mismatch: trigger needs a Trigger, e.g. Trigger.ProcessingTime(\"2 seconds\")");
    swriter_self(c)->trig = *(Trig *)as_host(t)->data;
    return self_out(c, out);
}

/* foreachBatch((batchDF: DataFrame, batchId: Long) => …): the function runs for every batch */
static bool swriter_foreach_batch(Call *c, Value *out) {
    if (c->argv[0].t != T_FUNC)
        return interp_throw(c->I, "error", "type mismatch: foreachBatch needs a function (batchDF: DataFrame, batchId: Long) => Unit");
    SWriter *w = swriter_self(c);
    val_decref(w->fn);
    w->fn = c->argv[0];
    val_incref(w->fn);
    strcpy(w->format, "foreachBatch");
    return self_out(c, out);
}

static bool swriter_option(Call *c, Value *out) {
    const char *k;
    if (!arg_string(c, 0, &k)) return false;
    char *v = val_to_string(c->I, c->argv[1]);
    json_object_set_new(swriter_self(c)->options, k, json_string(v));
    free(v);
    return self_out(c, out);
}

static bool has_aggregation(const DataFrame *df) { return df->aggregated; }

static bool swriter_start(Call *c, Value *out) {
    SWriter *w = swriter_self(c);
    Interp *I = c->I;
    DataFrame *df = df_get(w->df);
    bool file = !strcasecmp(w->format, "parquet") || !strcasecmp(w->format, "json") || !strcasecmp(w->format, "csv");
    bool kafka = !strcasecmp(w->format, "kafka");
    if (strcasecmp(w->format, "console") && strcasecmp(w->format, "memory") && strcmp(w->format, "foreachBatch") && !file && !kafka)
        return interp_throw(I, "java.lang.UnsupportedOperationException",
                            "writeStream.format(\"%s\"): this kernel's sinks are console, memory, parquet, json, csv and foreachBatch so far", w->format);
    bool memory = !strcasecmp(w->format, "memory");
    const char *path = json_string_value(json_object_get(w->options, "path"));
    const char *ckpt = json_string_value(json_object_get(w->options, "checkpointLocation"));
    if (file && !path) return interp_throw(I, "org.apache.spark.SparkIllegalArgumentException", "'path' is not specified.");
    if (kafka) {
        if (dt_field_index(df->schema, "value") < 0)
            return interp_throw(I, "org.apache.spark.sql.AnalysisException", "Required attribute 'value' not found");
        if (!json_object_get(w->options, "topic") && dt_field_index(df->schema, "topic") < 0)
            return interp_throw(I, "org.apache.spark.sql.AnalysisException", "topic option required when no 'topic' attribute is present. "
                                "Use the topic option for setting a topic.");
    }
    if ((file || kafka) && !ckpt)
        return interp_throw(I, "org.apache.spark.sql.AnalysisException", "checkpointLocation must be specified either through "
                            "option(\"checkpointLocation\", ...) or SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...).");
    if (file && strcmp(w->mode, "append"))
        return interp_throw(I, "org.apache.spark.sql.AnalysisException", "Data source %s does not support %c%s output mode.",
                            w->format, w->mode[0] - 32, w->mode + 1);   /* Spark's OutputMode names: Complete, Update */
    if (memory && !w->name)
        return interp_throw(I, "org.apache.spark.sql.AnalysisException", "queryName must be specified for memory sink");
    bool agg = has_aggregation(df);
    if (!strcmp(w->mode, "complete") && !agg)
        return interp_throw(I, EXTENDED_ANALYSIS, "Complete output mode not supported when there are no streaming aggregations on "
                            "streaming DataFrames/Datasets;%s", !strcmp(df->sql, source_of(df)->sql) ? "\nkafka" : "");   /* the plan: the source alone */
    if (!strcmp(w->mode, "append") && agg)
        return interp_throw(I, EXTENDED_ANALYSIS, "Append output mode not supported when there are streaming aggregations on "
                            "streaming DataFrames/DataSets without watermark;");
    for (Query *o = queries; o; o = o->next)
        if (!o->terminated && w->name && o->name && !strcmp(o->name, w->name))
            return interp_throw(I, "java.lang.IllegalArgumentException", "Cannot start query with name %s as a query with that name is already active in this SparkSession", w->name);
    Source *s = source_of(df);
    Query *q = calloc(1, sizeof *q);
    if (!q) abort();
    q->rc = 1;
    q->I = I;
    q->st = df->st;
    q->src = s;
    q->df = w->df;
    val_incref(q->df);
    snprintf(q->sink, sizeof q->sink, "%s", memory ? "memory" : file || kafka || !strcmp(w->format, "foreachBatch") ? w->format : "console");
    for (char *p = q->sink; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' && (file || kafka) ? *p + 32 : *p);
    kafka_config_init(&q->pcfg);
    if (kafka) {
        const char *k;
        json_t *v;
        kafka_config user;
        kafka_config_init(&user);
        json_object_foreach(w->options, k, v)
            if (!strncasecmp(k, "kafka.", 6)) kafka_config_set(&user, k + 6, json_string_value(v));
        kafka_error kerr;
        kafka_error_clear(&kerr);
        kafka_config_free(&q->pcfg);
        int rc = kafka_session_config(&user, &q->pcfg, &kerr);
        kafka_config_free(&user);
        if (rc != 0) { query_unref(q); return kafka_throw(I, &kerr); }
        const char *t = json_string_value(json_object_get(w->options, "topic"));
        q->topic = t ? strdup(t) : NULL;
    }
    if (path && !(q->path = df_local_path(I, path))) { query_unref(q); return false; }
    if (ckpt && !(q->ckpt = df_local_path(I, ckpt))) { query_unref(q); return false; }
    q->fn = w->fn;
    val_incref(q->fn);
    snprintf(q->mode, sizeof q->mode, "%s", w->mode);
    q->name = w->name ? strdup(w->name) : NULL;
    q->trig = w->trig;
    q->num_rows = 20;
    q->truncate = 20;
    json_t *v = json_object_get(w->options, "numRows");
    if (v) q->num_rows = atoi(json_string_value(v));
    v = json_object_get(w->options, "truncate");
    if (v) q->truncate = strcasecmp(json_string_value(v), "false") ? 20 : 0;
    q->accumulate = agg;
    uuid4(q->id);
    uuid4(q->run_id);
    q->recent = json_array();
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    kafka_error err;
    kafka_error_clear(&err);
    if (kafka_session_config(&s->user, &q->cfg, &err) != 0) { query_unref(q); return kafka_throw(I, &err); }
    char *e = NULL;
    if (agg && !(q->acc = dftable_create(q->st, s->schema, &e))) {
        bool r = sql_raise(I, e ? e : "the query's state could not be made", NULL);
        free(e);
        query_unref(q);
        return r;
    }
    if (q->ckpt && !ck_open(q)) { query_unref(q); return false; }
    if (memory) {                            /* the table exists (empty) from the start, as Spark's */
        StrBuf b = {0};
        sb_printf(&b, "SELECT * FROM (%s) LIMIT 0", df->sql);
        Value empty = df_make(q->st, dt_ref(df->schema), sb_take(&b), &df, 1, NULL);
        bool ok = memory_sink(q, df_get(empty), true);
        val_decref(empty);
        if (!ok) { query_unref(q); return false; }
    }
    const InterpHooks *h = interp_hooks(I);
    if (h->retain) {
        q->start_hooks = *h;
        q->start_hooks.ud = h->retain(h->ud);
        q->has_start_hooks = true;
    }
    q->rc++;                                 /* the thread's */
    if (pthread_create(&q->thread, NULL, query_main, q) != 0) {
        q->rc--;
        q->terminated = true;
        q_fail(q, "java.lang.IllegalStateException: %s", "the query's thread could not be started");
    } else {
        q->has_thread = true;
    }
    q->rc++;                                 /* the registry's */
    q->next = queries;
    queries = q;
    *out = host_new(&query_class, q);
    return true;
}

static char *swriter_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.streaming.DataStreamWriter@dstream"); }

static const MethodDef swriter_methods[] = {
    METHOD("format", swriter_format, 1, 1, "def format(source: String): DataStreamWriter[T]", "The sink: \"console\" or \"memory\"."),
    METHOD("outputMode", swriter_mode, 1, 1, "def outputMode(outputMode: String): DataStreamWriter[T]",
           "append (new rows), complete (the whole result of an aggregation), update (rows changed by the batch)."),
    METHOD("queryName", swriter_name, 1, 1, "def queryName(queryName: String): DataStreamWriter[T]", "The query's name; the memory sink's table."),
    METHOD("trigger", swriter_trigger, 1, 1, "def trigger(trigger: Trigger): DataStreamWriter[T]",
           "When batches run: Trigger.ProcessingTime(\"2 seconds\"), Trigger.Once(), Trigger.AvailableNow()."),
    METHOD("option", swriter_option, 2, 2, "def option(key: String, value: String): DataStreamWriter[T]",
           "A sink option (console: numRows, truncate)."),
    METHOD("foreachBatch", swriter_foreach_batch, 1, 1, "def foreachBatch(function: (Dataset[T], Long) => Unit): DataStreamWriter[T]",
           "Runs the function on every batch's rows (a DataFrame) and the batch id."),
    METHOD("start", swriter_start, 0, 0, "def start(): StreamingQuery", "Starts the query; its batches run in the background."),
};
HostClass swriter_class = {.name = "DataStreamWriter", .qualified = "org.apache.spark.sql.streaming.DataStreamWriter",
                           .doc = "Writes a streaming DataFrame: df.writeStream.format(\"console\").start().",
                           .doc_url = SS_DOC "DataStreamWriter.html", .to_string = swriter_str,
                           HOST_METHODS(swriter_methods), .finalize = swriter_finalize, .traverse = swriter_traverse};

/* ---- StreamingQuery ---- */

static Query *query_self(Call *c) { return as_host(c->self)->data; }

/* Stops q's thread and waits for it (the interpreter lock, which the caller holds, released
 * meanwhile: a batch needs it). */
static void query_stop(Interp *I, Query *q) {
    pthread_mutex_lock(&q->mu);
    q->stop_flag = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    if (q->has_thread) {
        interp_unlock(I);
        pthread_join(q->thread, NULL);
        interp_lock(I);
        q->has_thread = false;
        q->rc--;
    }
    q->terminated = true;
    if (q->has_start_hooks) {
        if (q->start_hooks.release) q->start_hooks.release(q->start_hooks.ud);
        q->has_start_hooks = false;
    }
}

static bool query_error(Interp *I, Query *q) {
    return interp_throw(I, "org.apache.spark.sql.streaming.StreamingQueryException", "Query %s[id = %s, runId = %s] terminated with exception: %s",
                        q->name ? q->name : "", q->id, q->run_id, q->error);
}

/* Waits until done(q) (under q->mu), the deadline, or an interrupt; batches write to this cell. */
static bool query_wait(Call *c, Query *q, bool (*done)(Query *q, uint64_t arg), uint64_t arg, int64_t timeout_ms, bool *reached) {
    Interp *I = c->I;
    int64_t deadline = timeout_ms >= 0 ? wall_ms() + timeout_ms : INT64_MAX;
    const InterpHooks *h = interp_hooks(I);
    pthread_mutex_lock(&q->mu);
    bool registered = false;
    if (!q->awaiting && h->retain) {
        q->await_hooks = *h;
        q->await_hooks.ud = h->retain(h->ud);
        q->awaiting = registered = true;
    }
    pthread_mutex_unlock(&q->mu);
    interp_unlock(I);
    bool interrupted = false;
    *reached = false;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        if (done(q, arg)) { *reached = true; break; }
        if (q->terminated) break;
        if (interp_interrupted(I)) { interrupted = true; break; }
        int64_t now = wall_ms();
        if (now >= deadline) break;
        int64_t until = now + 100 < deadline ? now + 100 : deadline;
        struct timespec ts = {.tv_sec = until / 1000, .tv_nsec = (until % 1000) * 1000000};
        pthread_cond_timedwait(&q->cv, &q->mu, &ts);
    }
    if (registered) {
        q->awaiting = false;
        if (q->await_hooks.release) q->await_hooks.release(q->await_hooks.ud);
    }
    pthread_mutex_unlock(&q->mu);
    interp_lock(I);
    if (interrupted) return interp_throw(I, "java.lang.InterruptedException", "stopped waiting for the query; it is still running (stop it with query.stop())");
    if (q->error) return query_error(I, q);
    return true;
}

static bool done_terminated(Query *q, uint64_t arg) { (void)arg; return q->terminated; }
static bool done_caught_up(Query *q, uint64_t arg) { return q->empty_seq >= arg; }

static bool q_await(Call *c, Value *out) {
    Query *q = query_self(c);
    int64_t t = -1;
    if (c->argc && !arg_long(c, 0, &t)) return false;
    bool reached;
    if (!query_wait(c, q, done_terminated, 0, t, &reached)) return false;
    *out = c->argc ? v_bool(reached) : v_unit();
    return true;
}

static bool q_process_all(Call *c, Value *out) {
    Query *q = query_self(c);
    pthread_mutex_lock(&q->mu);
    uint64_t target = q->check_seq + 1;    /* a check that starts after this call finds nothing new */
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    bool reached;
    if (!query_wait(c, q, done_caught_up, target, -1, &reached)) return false;
    *out = v_unit();
    return true;
}

static bool q_stop(Call *c, Value *out) {
    query_stop(c->I, query_self(c));
    *out = v_unit();
    return true;
}

static bool q_is_active(Call *c, Value *out) { *out = v_bool(!query_self(c)->terminated); return true; }
static bool q_name(Call *c, Value *out) { Query *q = query_self(c); *out = q->name ? str_cstr(q->name) : v_null(); return true; }
static bool q_id(Call *c, Value *out) { *out = str_cstr(query_self(c)->id); return true; }
static bool q_run_id(Call *c, Value *out) { *out = str_cstr(query_self(c)->run_id); return true; }

/* StreamingQueryProgress: its json, printed as Spark's pretty JSON */
static char *progress_text(json_t *p) {
    char *s = json_dumps(p, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!s) return strdup("{}");
    /* Jackson's pretty printer: "key" : value, and [ ] for an empty array */
    StrBuf b = {0};
    for (const char *c = s; *c; c++) {
        if (c[0] == '"' && c[1] == ':' && c[2] == ' ') { sb_puts(&b, "\" : "); c += 2; continue; }
        if (c[0] == '[' && c[1] == ']') { sb_puts(&b, "[ ]"); c++; continue; }
        sb_putc(&b, *c);
    }
    free(s);
    return sb_take(&b);
}

static char *progress_str(Interp *I, void *d) { (void)I; return progress_text(d); }
static void progress_finalize(void *d) { json_decref(d); }

static bool progress_get(Call *c, Value *out) {
    json_t *p = as_host(c->self)->data;
    if (!strcmp(c->name, "json")) { *out = str_take(json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER)); return true; }
    if (!strcmp(c->name, "prettyJson") || !strcmp(c->name, "toString")) { *out = str_take(progress_text(p)); return true; }
    json_t *v = json_object_get(p, c->name);
    if (json_is_integer(v)) *out = v_long(json_integer_value(v));
    else if (json_is_real(v)) *out = v_double(json_real_value(v));
    else if (json_is_string(v)) *out = str_cstr(json_string_value(v));
    else *out = v_null();
    return true;
}
static const MethodDef progress_methods[] = {
    METHOD("json", progress_get, 0, 0, "def json: String", "The progress as compact JSON."),
    METHOD("prettyJson", progress_get, 0, 0, "def prettyJson: String", "The progress as indented JSON (its toString)."),
    METHOD("toString", progress_get, 0, 0, "def toString(): String", "prettyJson."),
    METHOD("batchId", progress_get, 0, 0, "val batchId: Long", "The batch's number."),
    METHOD("numInputRows", progress_get, 0, 0, "def numInputRows: Long", "The records the batch read."),
    METHOD("processedRowsPerSecond", progress_get, 0, 0, "def processedRowsPerSecond: Double", "Records per second of the batch's processing."),
    METHOD("timestamp", progress_get, 0, 0, "val timestamp: String", "When the batch started (ISO 8601, UTC)."),
    METHOD("name", progress_get, 0, 0, "val name: String", "The query's name, or null."),
};
static HostClass progress_class = {.name = "StreamingQueryProgress", .qualified = "org.apache.spark.sql.streaming.StreamingQueryProgress",
                                   .doc = "A batch's progress: rows in and out, durations, the sources' offsets.",
                                   .doc_url = SS_DOC "StreamingQueryProgress.html", .to_string = progress_str,
                                   HOST_METHODS(progress_methods), .finalize = progress_finalize};

static bool q_last_progress(Call *c, Value *out) {
    Query *q = query_self(c);
    size_t n = json_array_size(q->recent);
    if (!n) { *out = v_null(); return true; }
    *out = host_new(&progress_class, json_incref(json_array_get(q->recent, n - 1)));
    return true;
}

static bool q_recent_progress(Call *c, Value *out) {
    Query *q = query_self(c);
    size_t n = json_array_size(q->recent);
    *out = seq_new(SEQ_ARRAY, n);
    for (size_t i = 0; i < n; i++) seq_push(*out, host_new(&progress_class, json_incref(json_array_get(q->recent, i))));
    return true;
}

static bool q_exception(Call *c, Value *out) {
    Query *q = query_self(c);
    if (!q->error) { *out = v_none(); return true; }
    Value e = exc_new("org.apache.spark.sql.streaming.StreamingQueryException", str_cstr(q->error));
    *out = some_new(e);
    return true;
}

static char *query_str(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.sql.execution.streaming.StreamingQueryWrapper@%08x", (unsigned)((uintptr_t)d >> 4)) < 0) abort();
    return s;
}

static void query_finalize(void *d) { query_unref(d); }

static const MethodDef query_methods[] = {
    METHOD("awaitTermination", q_await, 0, 1, "def awaitTermination(): Unit",
           "Blocks until the query stops (or timeoutMs passes: then false), showing its batches here; interrupt stops waiting."),
    METHOD("processAllAvailable", q_process_all, 0, 0, "def processAllAvailable(): Unit", "Blocks until the data available in the source has been processed."),
    METHOD("stop", q_stop, 0, 0, "def stop(): Unit", "Stops the query."),
    METHOD("isActive", q_is_active, 0, 0, "def isActive: Boolean", "Whether the query runs."),
    METHOD("name", q_name, 0, 0, "def name: String", "The queryName, or null."),
    METHOD("id", q_id, 0, 0, "def id: UUID", "The query's id."),
    METHOD("runId", q_run_id, 0, 0, "def runId: UUID", "This run's id."),
    METHOD("lastProgress", q_last_progress, 0, 0, "def lastProgress: StreamingQueryProgress", "The latest batch's progress, or null."),
    METHOD("recentProgress", q_recent_progress, 0, 0, "def recentProgress: Array[StreamingQueryProgress]", "The recent batches' progress."),
    METHOD("exception", q_exception, 0, 0, "def exception: Option[StreamingQueryException]", "Why the query stopped, if it failed."),
};
HostClass query_class = {.name = "StreamingQuery", .qualified = "org.apache.spark.sql.streaming.StreamingQuery",
                         .doc = "A running streaming query: awaitTermination, processAllAvailable, stop, lastProgress.",
                         .doc_url = SS_DOC "StreamingQuery.html", .to_string = query_str,
                         HOST_METHODS(query_methods), .finalize = query_finalize};

/* ---- spark.streams: the StreamingQueryManager ---- */

static bool streams_active(Call *c, Value *out) {
    (void)c;
    size_t n = 0;
    for (Query *q = queries; q; q = q->next) n += !q->terminated;
    Value a = seq_new(SEQ_ARRAY, n);
    Query **list = calloc(n + 1, sizeof *list);
    size_t k = 0;
    for (Query *q = queries; q; q = q->next) if (!q->terminated) list[k++] = q;
    while (k--) {                               /* oldest first: the list is newest first */
        list[k]->rc++;
        seq_push(a, host_new(&query_class, list[k]));
    }
    free(list);
    *out = a;
    return true;
}

static bool streams_get(Call *c, Value *out) {
    const char *id;
    if (!arg_string(c, 0, &id)) return false;
    for (Query *q = queries; q; q = q->next)
        if (!q->terminated && !strcmp(q->id, id)) { q->rc++; *out = host_new(&query_class, q); return true; }
    *out = v_null();
    return true;
}

static char *streams_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.streaming.StreamingQueryManager@dstream"); }
static const MethodDef streams_methods[] = {
    METHOD("active", streams_active, 0, 0, "def active: Array[StreamingQuery]", "The queries running now."),
    METHOD("get", streams_get, 1, 1, "def get(id: String): StreamingQuery", "The running query of that id, or null."),
};
static HostClass streams_class = {.name = "StreamingQueryManager", .qualified = "org.apache.spark.sql.streaming.StreamingQueryManager",
                                  .doc = "The session's streaming queries: spark.streams.active.", .doc_url = SS_DOC "StreamingQueryManager.html",
                                  .to_string = streams_str, HOST_METHODS(streams_methods)};

bool structured_streams(Call *c, Value *out) {
    (void)c;
    *out = host_new(&streams_class, NULL);
    return true;
}

/* ---- module ---- */

void structured_init(Interp *I) {
    interp_register_class(I, &sreader_class);
    interp_register_class(I, &swriter_class);
    interp_register_class(I, &query_class);
    interp_register_class(I, &trigger_class);
    interp_register_class(I, &trigger_object_class);
    interp_register_class(I, &progress_class);
    interp_register_class(I, &streams_class);
    interp_register_package(I, "org.apache.spark.sql.streaming");
    static const char *const names[] = {"Trigger", "org.apache.spark.sql.streaming.Trigger", NULL};
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], host_new(&trigger_object_class, NULL), "object Trigger", trigger_object_class.doc);
}

void structured_free(Interp *I) {
    interp_lock(I);
    while (queries) {
        Query *q = queries;
        queries = q->next;
        query_stop(I, q);
        query_unref(q);
    }
    interp_unlock(I);
    while (sources) {
        Source *s = sources;
        sources = s->next;
        dftable_unref(s->table);
        free(s->sql);
        dt_unref(s->schema);
        kafka_config_free(&s->user);
        free(s->topics);
        free(s);
    }
}
