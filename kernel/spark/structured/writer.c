/* writer.c — the write side of Structured Streaming: Trigger (ProcessingTime, Once,
 * AvailableNow), the DataFrame's writeStream / withWatermark / isStreaming, and DataStreamWriter,
 * whose start() checks the sink and output mode, makes the Query and starts its thread (query.c).
 */
#include "spark/structured/structured_internal.h"
#include "spark/streaming/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/uuid.h"

/* ---- Trigger ---- */

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
HostClass trigger_object_class = {.name = "Trigger$", .qualified = "org.apache.spark.sql.streaming.Trigger$",
                                         .doc = "Triggers: Trigger.ProcessingTime(\"2 seconds\"), Trigger.Once(), Trigger.AvailableNow().",
                                         .doc_url = SS_DOC "Trigger.html", .to_string = trigger_object_str,
                                         HOST_METHODS(trigger_object_methods)};

/* ---- DataStreamWriter ---- */

typedef struct { Value df; char format[16], mode[16]; char *name; Trig trig; json_t *options; Value fn; } SWriter;

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

/* withWatermark(eventTime, delay): the same DataFrame; its source records the event-time column
 * (over this DataFrame's query) and the delay. A query's watermark is then the latest event time
 * of the batches before minus the delay: append output of a windowed aggregation gives a window
 * once the watermark passes its end, update output leaves the windows it has passed. */
bool structured_df_with_watermark(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    const char *col, *delay;
    int64_t ms;
    if (!df || !arg_string(c, 0, &col) || !arg_string(c, 1, &delay)) return false;
    if (dt_field_index(df->schema, col) < 0)
        return df_analysis(c->I, "Cannot resolve column name \"%s\" among (%s)", col, "the DataFrame's columns");
    if (!df_interval_ms(delay, &ms))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "The provided interval (%s) did not correspond to a valid interval string.", delay);
    StrBuf b = {0};                         /* a query of its own: what reads it contains it (watermarked()) */
    sb_printf(&b, "SELECT * FROM (%s)", df->sql);
    Source *s = source_of(df);
    if (s) {
        free(s->wm_sql);
        free(s->wm_col);
        s->wm_sql = strdup(b.s);
        s->wm_col = strdup(col);
        s->wm_delay = ms;
    }
    *out = df_keep_type(df, df_make(df->st, dt_ref(df->schema), sb_take(&b), &df, 1, NULL));
    return true;
}

/* The result's window column (a struct of start and end timestamps), or NULL. */
static const char *window_column(const DataType *t) {
    for (int i = 0; i < t->nfields; i++) {
        const DataType *f = t->fields[i].type;
        if (f->kind == DT_STRUCT && f->nfields == 2 && !strcmp(f->fields[0].name, "start") && !strcmp(f->fields[1].name, "end") &&
            f->fields[1].type->kind == DT_TIMESTAMP)
            return t->fields[i].name;
    }
    return NULL;
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
                            "streaming DataFrames/Datasets;%s", !strcmp(df->sql, source_of(df)->sql) && SRC_IS_KAFKA(source_of(df)) ? "\nkafka" : "");   /* the plan: the source alone */
    const char *wcol = agg && watermarked(source_of(df), df) ? window_column(df->schema) : NULL;
    if (!strcmp(w->mode, "append") && agg && !wcol)
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
    src_state_init(q);
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
    if (strcmp(w->mode, "complete")) q->wcol = wcol;   /* complete output keeps every window, as Spark's */
    q->max_event = INT64_MIN;
    uuid4(q->id);
    uuid4(q->run_id);
    q->recent = json_array();
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    kafka_error err;
    kafka_error_clear(&err);
    if (!SRC_IS_KAFKA(s)) kafka_config_init(&q->cfg);
    else if (kafka_session_config(&s->user, &q->cfg, &err) != 0) { query_unref(q); return kafka_throw(I, &err); }
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
    if (timeline_enabled() && h->display) {  /* the live timeline, in the starting cell */
        char label[160];
        if (q->name) snprintf(label, sizeof label, "%s", q->name);
        else snprintf(label, sizeof label, "[id = %s]", q->id);
        q->timeline = timeline_new_query(label, q->trig.kind == TRIG_INTERVAL ? q->trig.ms : 0);
        timeline_attach(q->timeline, I, h);
    }
    q->rc++;                                 /* the thread's */
    if (pthread_create(&q->thread, NULL, query_main, q) != 0) {
        q->rc--;
        q->terminated = true;
        q_fail(q, "java.lang.IllegalStateException: %s", "the query's thread could not be started");
    } else {
        q->has_thread = true;
        if (q->has_start_hooks) qcontrols_show(q, &q->start_hooks);
    }
    q->rc++;                                 /* the registry's */
    q->next = queries;
    queries = q;
    *out = host_new(&query_class, q);
    return true;
}

static char *swriter_str(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.sql.streaming.DataStreamWriter@%08x", (unsigned)((uintptr_t)d >> 4)) < 0) abort();
    return s;
}
static const char *swriter_type(void *d) { (void)d; return "org.apache.spark.sql.streaming.DataStreamWriter[org.apache.spark.sql.Row]"; }

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
                           HOST_METHODS(swriter_methods), .finalize = swriter_finalize, .traverse = swriter_traverse,
                           .type_name = swriter_type};
