/* query.c — a running Structured Streaming query: its thread (query_main, a micro-batch per
 * run_trigger: Kafka I/O without the interpreter lock, loading and the sink with it), its progress
 * (StreamingQueryProgress), StreamingQuery (awaitTermination, processAllAvailable, stop …) and
 * spark.streams (StreamingQueryManager).
 *
 * A micro-batch: plan the Kafka ranges from the query's offsets (no new record: no batch, as
 * Spark's Kafka source), fetch them, load them into a table typed by the Kafka source's schema,
 * put that batch (append) or all input so far (aggregations) into the source's table, run the
 * query, hand the rows to the sink (sinks.c), move the offsets on (and the checkpoint,
 * checkpoint.c). Outputs go to the cell that awaits the query, else the one that started it, as
 * DStream batches do.
 */
#include "spark/structured/structured_internal.h"
#include "spark/streaming/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <regex.h>
#include <time.h>

#include "kafka/admin.h"

/* ---- queries ---- */

Query *queries;

void query_unref(Query *q) {
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
    src_state_free(q);
    json_decref(q->recent);
    timeline_free(q->timeline);
    free(q->data_loss_warning);
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

int q_stopping(void *ud) { return ((Query *)ud)->stop_flag; }

/* Fails the query with the pending exception (under the interpreter lock). */
static void q_fail_pending(Query *q) {
    Value e = interp_take_exception(q->I);
    free(q->error);
    q->error = interp_exception_text(q->I, e);
    val_decref(e);
}

void q_fail(Query *q, const char *fmt, const char *detail) {
    free(q->error);
    if (asprintf(&q->error, fmt, detail) < 0) q->error = NULL;
}

bool exec_sql(Query *q, const char *sql) {
    char *err = NULL;
    if (sql_exec(q->st, sql, &err)) return true;
    sql_raise(q->I, err ? err : "the batch could not be stored", NULL);
    free(err);
    return false;
}

void wm_observe(Query *q) {
    Source *s = q->src;
    if (!watermarked(s, df_get(q->df))) return;
    StrBuf b = {0};
    sb_puts(&b, "SELECT epoch_ms(max(CAST(");
    sql_ident(&b, s->wm_col);
    sb_printf(&b, " AS TIMESTAMP))) FROM (%s)", s->wm_sql);
    DfCursor c;
    char *err = NULL;
    if (dfc_open(q->st, b.s, &c, &err) && dfc_next(&c) && !dfc_null(&c, 0)) {
        int64_t m = dfc_int(&c, 0);
        if (m > q->max_event) q->max_event = m;
    }
    dfc_close(&c);
    free(err);
    sb_reset(&b);
}

int64_t wm_next(const Query *q) {
    if (q->max_event == INT64_MIN) return q->wm_ms;   /* no event time seen (or no watermark) */
    int64_t w = q->max_event - q->src->wm_delay;
    return w > q->wm_ms ? w : q->wm_ms;
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

/* The rows a batch leaves in the query's state, as Spark UI's "state rows": an aggregation's groups
 * (complete: its output; update: the result kept for the next batch), a deduplication's keys;
 * -1 for none (and for append-mode aggregations, whose open windows are not counted here). */
static int64_t state_rows(Query *q, int64_t rows_out) {
    if (q->acc && !strcmp(q->mode, "complete")) return rows_out;
    if (q->acc && q->prev) {
        StrBuf b = {0};
        sb_puts(&b, "SELECT count(*) FROM ");
        sql_ident(&b, q->prev->name);
        DfCursor c;
        char *err = NULL;
        int64_t n = -1;
        if (dfc_open(q->st, b.s, &c, &err) && dfc_next(&c)) n = dfc_int(&c, 0);
        dfc_close(&c);
        free(err);
        sb_reset(&b);
        return n;
    }
    return dedup_state_rows(q);
}

/* The batch on the live timeline (with the interpreter lock and the batch's hooks). */
static void timeline_batch(Query *q, int64_t batch, int64_t rows_in, int64_t rows_out, int64_t t0, int64_t t1,
                           const kafka_batch *b) {
    if (!q->timeline) return;
    BatchRecord rec = {.time_ms = t0, .submitted_ms = t0, .start_ms = t0, .end_ms = t1, .records = rows_in,
                       .batch_id = batch, .state_rows = state_rows(q, rows_out)};
    rec.input_rate = q->prev_t0 && t0 > q->prev_t0 ? 1000.0 * (double)rows_in / (double)(t0 - q->prev_t0) : 0.0;
    for (size_t i = 0; b && i < b->n && rec.nparts < 64; i++, rec.nparts++) {   /* a Kafka source's partitions */
        rec.part_records[rec.nparts] = b->parts[i].until - b->parts[i].from;
        snprintf(rec.part_names[rec.nparts], sizeof rec.part_names[0], "%s-%d", b->parts[i].topic, b->parts[i].partition);
    }
    timeline_record(q->timeline, q->I, &rec, false);
}

static void record_progress(Query *q, int64_t batch, int64_t rows_in, int64_t rows_out, int64_t t0, int64_t t1,
                            const kafka_batch *b) {
    json_t *end = b ? json_object() : src_offset_json(q);
    for (size_t i = 0; b && i < b->n; i++) {
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
        char *d = src_description(q->src), *desc = NULL;
        if (asprintf(&desc, SRC_IS_KAFKA(q->src) ? "KafkaV2[%s]" : "%s", d) < 0) abort();
        json_object_set_new(src, "description", json_string(desc));
        free(d);
        free(desc);
        json_array_append_new(q->recent, p);
        while (json_array_size(q->recent) > 100) json_array_remove(q->recent, 0);
    }
}

/* The topics subscribePattern matches now (a Java regex matching the whole name; POSIX ERE here). */
static int pattern_topics(Query *q, char ***names, size_t *n, kafka_error *err) {
    kafka_admin *a = kafka_admin_new(&q->cfg, err);
    if (!a) return -1;
    kafka_topic_list tl = {0};
    int rc = kafka_admin_list_topics(a, 0, &tl, q_stopping, q, err);
    kafka_admin_free(a);
    if (rc != 0) return -1;
    char *re = NULL;
    regex_t rx;
    if (asprintf(&re, "^(%s)$", q->src->topics) < 0) abort();
    rc = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
    free(re);
    if (rc != 0) {
        kafka_topic_list_free(&tl);
        kafka_error_set(err, -1, "not a regular expression: %s", q->src->topics);
        return -2;
    }
    *names = calloc(tl.n + 1, sizeof **names);
    if (!*names) abort();
    *n = 0;
    for (size_t i = 0; i < tl.n; i++)
        if (!tl.topics[i].internal && regexec(&rx, tl.topics[i].name, 0, NULL, 0) == 0) (*names)[(*n)++] = strdup(tl.topics[i].name);
    regfree(&rx);
    kafka_topic_list_free(&tl);
    return 0;
}

/* The topics a subscribe or subscribePattern source reads now (malloc'd names): 0, or -1 (the
 * listing failed) / -2 (not a regular expression) with err. */
static int source_topics(Query *q, char ***names, size_t *n, kafka_error *err) {
    if (q->src->kind == SRC_PATTERN) return pattern_topics(q, names, n, err);
    char *list = strdup(q->src->topics);
    *names = calloc(strlen(list) + 1, sizeof **names);
    if (!*names) abort();
    *n = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ') t++;
        (*names)[(*n)++] = strdup(t);
    }
    free(list);
    return 0;
}

/* Partitions a subscribe or subscribePattern source has gained since its first trigger — a new
 * topic that matches the pattern, a partition added to a topic — join q->offsets from their
 * earliest offset, as Spark's Kafka source starts the partitions it finds at a trigger. Looked
 * for at a trigger at most every DISCOVER_MS; a failed look is tried again at the next. */
#define DISCOVER_MS 500
static void discover_partitions(Query *q) {
    if (q->src->kind == SRC_ASSIGN || !q->offsets) return;
    int64_t now = wall_ms();
    if (now - q->discovered_ms < DISCOVER_MS) return;
    q->discovered_ms = now;
    kafka_error err;
    kafka_error_clear(&err);
    char **names = NULL;
    size_t nt = 0;
    if (source_topics(q, &names, &nt, &err) != 0) return;
    kafka_tpo *parts = NULL;
    size_t np = 0;
    int rc = nt ? kafka_batch_reader_partitions(q->reader, (const char *const *)names, nt, KAFKA_OFFSET_BEGINNING, &parts,
                                                &np, q_stopping, q, &err) : 0;
    for (size_t i = 0; i < nt; i++) free(names[i]);
    free(names);
    for (size_t i = 0; rc == 0 && i < np; i++) {
        bool known = false;
        for (size_t k = 0; k < q->noffsets && !known; k++)
            known = q->offsets[k].partition == parts[i].partition && !strcmp(q->offsets[k].topic, parts[i].topic);
        if (known) continue;
        kafka_tpo *grown = realloc(q->offsets, (q->noffsets + 2) * sizeof *grown);
        if (!grown) abort();
        q->offsets = grown;
        q->offsets[q->noffsets++] = (kafka_tpo){strdup(parts[i].topic), parts[i].partition, KAFKA_OFFSET_BEGINNING};
    }
    free(parts);
}

/* The start of every partition of the source at its first trigger: q->offsets. 1 done, 0 not yet
 * (no topic yet: Spark waits for it), -1 the query failed. */
static int first_offsets(Query *q, kafka_error *err) {
    Source *src = q->src;
    kafka_tpo *parts = NULL;
    size_t np = 0;
    if (src->kind == SRC_ASSIGN) {
        parts = calloc(src->nassign + 1, sizeof *parts);
        if (!parts) abort();
        for (size_t i = 0; i < src->nassign; i++) parts[np++] = (kafka_tpo){src->assign[i].topic, src->assign[i].partition, src->starting};
    } else {
        char **names = NULL;
        size_t nt = 0;
        int trc = source_topics(q, &names, &nt, err);
        if (trc != 0) {
            if (q->stop_flag) return 0;
            q_fail(q, trc == -2 ? "java.util.regex.PatternSyntaxException: %s" : "org.apache.kafka.common.KafkaException: %s", err->message);
            return -1;
        }
        int rc = nt ? kafka_batch_reader_partitions(q->reader, (const char *const *)names, nt, src->starting, &parts, &np, q_stopping, q, err) : 0;
        for (size_t i = 0; i < nt; i++) free(names[i]);
        free(names);
        if (rc != 0) {
            if (q->stop_flag) return 0;
            if (!strcmp(err->name, "UNKNOWN_TOPIC_OR_PART")) return 0;   /* Spark waits for the topic */
            q_fail(q, "org.apache.kafka.common.KafkaException: %s", err->message);
            return -1;
        }
        if (!np) { free(parts); return 0; }                                /* no topic matches yet */
    }
    if (src->start_at) {                    /* JSON startingOffsets: every partition, no other */
        size_t given = 0;
        const char *t;
        json_t *ps;
        json_object_foreach(src->start_at, t, ps) given += json_object_size(ps);
        bool all = given == np;
        for (size_t i = 0; i < np && all; i++) {
            char k[16];
            snprintf(k, sizeof k, "%d", (int)parts[i].partition);
            json_t *v = json_object_get(json_object_get(src->start_at, parts[i].topic), k);
            if (!v) { all = false; break; }
            int64_t o = json_integer_value(v);
            parts[i].offset = o == -2 ? KAFKA_OFFSET_BEGINNING : o == -1 ? KAFKA_OFFSET_END : o;
        }
        if (!all) {
            StrBuf b = {0};
            sb_puts(&b, "assertion failed: If startingOffsets contains specific offsets, you must specify all TopicPartitions.\n"
                        "Use -1 for latest, -2 for earliest.\nSpecified: ");
            const char *p;
            json_t *v;
            bool first = true;
            sb_puts(&b, "Set(");
            json_object_foreach(src->start_at, t, ps) json_object_foreach(ps, p, v) { sb_printf(&b, "%s%s-%s", first ? "" : ", ", t, p); first = false; }
            sb_puts(&b, ") Assigned: Set(");
            for (size_t i = 0; i < np; i++) sb_printf(&b, "%s%s-%d", i ? ", " : "", parts[i].topic, (int)parts[i].partition);
            sb_puts(&b, ")");
            q_fail(q, "%s", b.s);           /* Spark's message: the AssertionError's, without its class */
            sb_reset(&b);
            free(parts);
            return -1;
        }
    }
    q->offsets = calloc(np + 1, sizeof *q->offsets);
    if (!q->offsets) abort();
    for (size_t i = 0; i < np; i++) q->offsets[i] = (kafka_tpo){strdup(parts[i].topic), parts[i].partition, parts[i].offset};
    q->noffsets = np;
    q->first = true;
    free(parts);
    return 1;
}

/* Offsets a batch would start from that retention has deleted (the batch reader starts those
 * partitions at their log start): with failOnDataLoss, Spark's task fails reading the first of
 * them and so does the query; without, Spark warns and goes on from the earliest offset. */
static bool data_loss(Query *q, const kafka_batch *b) {
    for (size_t i = 0; i < b->n; i++) {
        const kafka_batch_partition *p = &b->parts[i];
        if (p->lost <= 0) continue;
        char detail[512];
        snprintf(detail, sizeof detail, "Cannot fetch offset %lld (GroupId: spark-kafka-source-%s-executor, TopicPartition: %s-%d). ",
                 (long long)p->requested, q->id, p->topic, (int)p->partition);
        if (q->src->fail_on_data_loss) {
            StrBuf m = {0};
            sb_printf(&m, "%s\nSome data may have been lost because they are not available in Kafka any more; either the\n"
                          " data was aged out by Kafka or the topic may have been deleted before all the data in the\n"
                          " topic was processed. If you don't want your streaming query to fail on such cases, set the\n"
                          " source option \"failOnDataLoss\" to \"false\".\n    ", detail);
            q_fail(q, "java.lang.IllegalStateException: %s", m.s);
            sb_reset(&m);
            return false;
        }
        char *w = NULL;   /* written to the batch's cell when it runs (the interpreter lock is not held here) */
        if (asprintf(&w, "%sWARN KafkaDataConsumer: %sSome data may be lost. Recovering from the earliest offset: %lld\n",
                     q->data_loss_warning ? q->data_loss_warning : "", detail, (long long)p->from) < 0) abort();
        free(q->data_loss_warning);
        q->data_loss_warning = w;
    }
    return true;
}

/* maxOffsetsPerTrigger as Spark's Kafka source splits it: each partition with records waiting
 * gets the limit's share of its lag (limit × lag / total lag: rounded down, but at least 1 when
 * the share is below one), never past what the partition holds. */
static void rate_limit(kafka_batch *b, int64_t limit) {
    double total = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->parts[i].until > b->parts[i].from) total += (double)(b->parts[i].until - b->parts[i].from);
    if (total < 1) return;
    for (size_t i = 0; i < b->n; i++) {
        kafka_batch_partition *p = &b->parts[i];
        int64_t lag = p->until - p->from;
        if (lag <= 0) continue;
        double share = (double)limit * ((double)lag / total);
        int64_t n = (int64_t)(share < 1 ? ceil(share) : floor(share));
        if (n < lag) p->until = p->from + n;
    }
}

static int run_batch(Query *q, kafka_batch *kb, SrcBatch *sb);

/* One trigger of a source other than Kafka's (sources.c plans it). */
static int run_trigger_src(Query *q) {
    SrcBatch sb;
    int r = src_plan(q, &sb);
    bool no_data = r == 0 && (q->wcol || dedup_watermarked(q)) && wm_next(q) > q->wm_ms;
    if (r < 0 || (r == 0 && !no_data)) { src_batch_free(&sb); return r; }
    sb.no_data = r == 0;                     /* a no-data batch: nothing loaded, the source stays */
    r = run_batch(q, NULL, &sb);
    src_batch_free(&sb);
    return r;
}

/* One trigger: 1 a batch ran, 0 no new data, -1 the query failed (q->error set). Called on the
 * query's thread without the interpreter lock; takes it for the batch. */
static int run_trigger(Query *q) {
    if (!SRC_IS_KAFKA(q->src)) return run_trigger_src(q);
    kafka_error err;
    kafka_error_clear(&err);
    if (!q->reader) {
        q->reader = kafka_batch_reader_new(&q->cfg, &err);
        if (!q->reader) { q_fail(q, "org.apache.kafka.common.KafkaException: %s", err.message); return -1; }
    }
    if (!q->offsets) {                      /* the first trigger: the source's partitions */
        int rc = first_offsets(q, &err);
        if (rc <= 0) return rc;
        q->discovered_ms = wall_ms();
    } else {
        discover_partitions(q);
    }
    kafka_batch b = {0};
    if (kafka_batch_reader_plan(q->reader, q->offsets, q->noffsets, 0, q_stopping, q, &b, &err) != 0) {
        kafka_batch_free(&b);
        if (q->stop_flag) return 0;
        q_fail(q, "org.apache.kafka.common.KafkaException: %s", err.message);
        return -1;
    }
    if (!data_loss(q, &b)) { kafka_batch_free(&b); return -1; }
    if (q->src->max_per_trigger && q->trig.kind != TRIG_ONCE) rate_limit(&b, q->src->max_per_trigger);
    int64_t planned = 0;
    for (size_t i = 0; i < b.n; i++) planned += b.parts[i].until - b.parts[i].from;
    /* Spark's no-data batch: a stateful query runs one without new records when the watermark
     * has moved (windows to give in append mode, to leave in update mode, keys to evict) */
    bool no_data = (q->wcol || dedup_watermarked(q)) && wm_next(q) > q->wm_ms;
    if (!planned && !q->first && !no_data) { /* no batch; the starts become absolute offsets */
        for (size_t i = 0; i < b.n && i < q->noffsets; i++) q->offsets[i].offset = b.parts[i].from;
        kafka_batch_free(&b);
        return 0;
    }
    if (kafka_batch_reader_fetch(q->reader, &b, q_stopping, q, &err) != 0) {
        kafka_batch_free(&b);
        if (q->stop_flag) return 0;
        q_fail(q, "org.apache.kafka.common.KafkaException: %s", err.message);
        return -1;
    }
    int r = run_batch(q, &b, NULL);
    kafka_batch_free(&b);
    return r;
}

/* A batch (Kafka's records fetched in kb, else the other source's plan sb), under the
 * interpreter lock, writing to the awaiting (else the starting) cell: 1 done, -1 failed. */
static int run_batch(Query *q, kafka_batch *kb, SrcBatch *sb) {
    int64_t t0 = wall_ms();
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
    if (q->data_loss_warning) {             /* failOnDataLoss=false: what retention deleted */
        interp_write(I, 2, q->data_loss_warning, strlen(q->data_loss_warning));
        free(q->data_loss_warning);
        q->data_loss_warning = NULL;
    }
    bool ok = false;
    int64_t rows_in = kb ? kb->total : 0, rows_out = 0, batch = q->batch_id;
    int64_t wm_was = q->wm_ms, prev_was = q->wm_prev;
    q->wm_prev = q->wm_ms;                  /* this batch's watermark, from the batches before */
    q->wm_ms = wm_next(q);
    DfTable *t = !dedup_step(q, true) ? NULL : kb ? load_batch(q, kb) : src_load(q, sb);
    if (sb) rows_in = sb->rows;
    if (t) {
        if (q->accumulate) ok = copy_rows(q, q->acc->name, t->name, false) && copy_rows(q, q->src->table->name, q->acc->name, true);
        else ok = copy_rows(q, q->src->table->name, t->name, true);
        dftable_unref(t);
    }
    Value outv = v_unit();
    DfTable *old = NULL;
    if (ok) wm_observe(q);
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
        if (ok) ok = dedup_step(q, false);
    }
    val_decref(outv);
    if (old) dftable_unref(old);
    char *why = NULL;
    if (ok && sb && q->ckpt && !src_ck_commit(q, sb, &why)) {
        ok = false;
        interp_throw(I, "java.io.IOException", "cannot write the checkpoint %s: %s", q->ckpt, why ? why : "");
        free(why);
        why = NULL;
        q_fail_pending(q);
    } else if (ok) {
        if (kb) {
            size_t n;
            kafka_tpo *next = NULL;
            kafka_batch_next_offsets(kb, &next, &n);
            for (size_t i = 0; i < n && i < q->noffsets; i++) q->offsets[i].offset = next[i].offset;
            free(next);
        } else {
            src_advance(q, sb);
        }
        if (q->ckpt && !ck_commit(q, batch, t0, &why)) {
            ok = false;
            interp_throw(I, "java.io.IOException", "cannot write the checkpoint %s: %s", q->ckpt, why ? why : "");
            free(why);
            q_fail_pending(q);
        } else {
            q->batch_id++;
            q->first = false;
            q->rows_out += rows_out;
            int64_t t1 = wall_ms();
            record_progress(q, batch, rows_in, rows_out, t0, t1, kb);
            timeline_batch(q, batch, rows_in, rows_out, t0, t1, kb);
            qcontrols_refresh(q, false);
            q->prev_t0 = t0;
        }
    } else {
        q_fail_pending(q);
    }
    if (!ok) { q->wm_ms = wm_was; q->wm_prev = prev_was; }
    interp_thread_leave(I, &saved);
    interp_unlock(I);
    if (own && hooks.release) hooks.release(hooks.ud);
    return ok ? 1 : -1;
}

void *query_main(void *arg) {
    Query *q = arg;
    int64_t next = wall_ms();
    bool once_done = false;
    pthread_mutex_lock(&q->mu);
    while (!q->stop_flag) {
        if (q->paused && !q->steps) {       /* the Pause button: nothing starts until Step or Resume */
            pthread_cond_wait(&q->cv, &q->mu);
            continue;
        }
        int64_t now = wall_ms();
        if (q->paused) q->steps--;          /* a Step: this trigger, now */
        else if (now < next) {
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
    /* the timeline settles into its summary, the buttons go (under the interpreter's lock, as
     * qcontrols_show: buttons are never opened after this) */
    InterpHooks hooks = q->has_start_hooks ? q->start_hooks : (InterpHooks){0};
    pthread_mutex_unlock(&q->mu);
    interp_lock(q->I);
    q->ui_closed = true;
    if (q->timeline) timeline_finish(q->timeline, &hooks);
    qcontrols_refresh(q, true);
    interp_unlock(q->I);
    pthread_mutex_lock(&q->mu);
    q->terminated = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* ---- StreamingQuery ---- */

static Query *query_self(Call *c) { return as_host(c->self)->data; }

/* Stops q's thread and waits for it (the interpreter lock, which the caller holds, released
 * meanwhile: a batch needs it). */
void query_stop(Interp *I, Query *q) {
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
    return interp_throw(I, "org.apache.spark.sql.streaming.StreamingQueryException", "[STREAM_FAILED] Query [id = %s, runId = %s] terminated with exception: %s",
                        q->id, q->run_id, q->error);
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
        if (h->poll_events && q->controls) {   /* the buttons' clicks (Stop ends this wait) */
            pthread_mutex_unlock(&q->mu);
            interp_lock(I);
            h->poll_events(h->ud);
            interp_unlock(I);
            pthread_mutex_lock(&q->mu);
        }
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
HostClass progress_class = {.name = "StreamingQueryProgress", .qualified = "org.apache.spark.sql.streaming.StreamingQueryProgress",
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

/* awaitAnyTermination([ms]): until a query ends that ended after the last resetTerminated (at
 * once if one has), showing the batches of those running here; a failed one's exception is thrown. */
static bool streams_await_any(Call *c, Value *out) {
    Interp *I = c->I;
    int64_t t = -1;
    if (c->argc && !arg_long(c, 0, &t)) return false;
    if (c->argc && t < 0) return interp_throw(I, "java.lang.IllegalArgumentException", "requirement failed: Timeout should be positive");
    int64_t deadline = t >= 0 ? wall_ms() + t : INT64_MAX;
    const InterpHooks *h = interp_hooks(I);
    size_t n = 0;
    for (Query *q = queries; q; q = q->next) n++;
    Query **list = calloc(n + 1, sizeof *list);
    bool *reg = calloc(n + 1, sizeof *reg);
    if (!list || !reg) abort();
    n = 0;
    for (Query *q = queries; q; q = q->next) {
        q->rc++;
        pthread_mutex_lock(&q->mu);
        if (!q->awaiting && h->retain) {     /* the batches write here meanwhile */
            q->await_hooks = *h;
            q->await_hooks.ud = h->retain(h->ud);
            q->awaiting = reg[n] = true;
        }
        pthread_mutex_unlock(&q->mu);
        list[n++] = q;
    }
    interp_unlock(I);
    Query *ended = NULL;
    bool interrupted = false;
    for (;;) {
        for (size_t i = 0; i < n && !ended; i++) {
            pthread_mutex_lock(&list[i]->mu);
            if (list[i]->terminated && !list[i]->reset) ended = list[i];
            pthread_mutex_unlock(&list[i]->mu);
        }
        if (ended || wall_ms() >= deadline) break;
        if (interp_interrupted(I)) { interrupted = true; break; }
        struct timespec ts = {0, 50 * 1000000};
        nanosleep(&ts, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        Query *q = list[i];
        pthread_mutex_lock(&q->mu);
        if (reg[i]) {
            q->awaiting = false;
            if (q->await_hooks.release) q->await_hooks.release(q->await_hooks.ud);
        }
        pthread_mutex_unlock(&q->mu);
    }
    interp_lock(I);
    bool ok = true;
    if (interrupted) ok = interp_throw(I, "java.lang.InterruptedException", "stopped waiting for the queries; they are still running");
    else if (ended && ended->error) ok = query_error(I, ended);
    else *out = c->argc ? v_bool(ended != NULL) : v_unit();
    for (size_t i = 0; i < n; i++) query_unref(list[i]);
    free(list);
    free(reg);
    return ok;
}

/* resetTerminated(): the queries that have ended no longer end an awaitAnyTermination */
static bool streams_reset(Call *c, Value *out) {
    (void)c;
    for (Query *q = queries; q; q = q->next) {
        pthread_mutex_lock(&q->mu);
        if (q->terminated) q->reset = true;
        pthread_mutex_unlock(&q->mu);
    }
    *out = v_unit();
    return true;
}

static char *streams_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.streaming.StreamingQueryManager@dstream"); }
static const MethodDef streams_methods[] = {
    METHOD("active", streams_active, 0, 0, "def active: Array[StreamingQuery]", "The queries running now."),
    METHOD("get", streams_get, 1, 1, "def get(id: String): StreamingQuery", "The running query of that id, or null."),
    METHOD("awaitAnyTermination", streams_await_any, 0, 1, "def awaitAnyTermination(): Unit",
           "Blocks until a query ends (at once if one has since resetTerminated; with timeoutMs: false when none did), "
           "throwing a failed query's exception."),
    METHOD("resetTerminated", streams_reset, 0, 0, "def resetTerminated(): Unit", "Forgets the queries that have ended (for awaitAnyTermination)."),
};
HostClass streams_class = {.name = "StreamingQueryManager", .qualified = "org.apache.spark.sql.streaming.StreamingQueryManager",
                                  .doc = "The session's streaming queries: spark.streams.active.", .doc_url = SS_DOC "StreamingQueryManager.html",
                                  .to_string = streams_str, HOST_METHODS(streams_methods)};

bool structured_streams(Call *c, Value *out) {
    (void)c;
    *out = host_new(&streams_class, NULL);
    return true;
}
