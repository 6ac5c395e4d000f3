/* sinks.c — where a micro-batch's rows go: the console, memory (a view), file (parquet, json,
 * csv part files through df.write) and kafka sinks, foreachBatch's snapshot of the batch, and the
 * rows of update-mode output (those changed since the previous batch).
 */
#include "spark/structured/structured_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- sinks ---- */

/* The rows this batch gives the sink: the query's (append, complete), or those that changed
 * since the previous batch (update; *old: the previous result, which the rows' query reads: unref
 * it once they are written). A DataFrame value, or false with an exception raised. */
bool batch_output(Query *q, Value *out, DfTable **old) {
    *old = NULL;
    DataFrame *df = df_get(q->df);
    StrBuf f = {0};                        /* the watermark's condition on the window's end */
    if (q->wcol) {
        sb_puts(&f, " WHERE ");
        if (!strcmp(q->mode, "append")) {
            sql_ident(&f, q->wcol);
            sb_printf(&f, ".\"end\" <= epoch_ms(%lld::BIGINT) AND ", (long long)q->wm_ms);
        }
        sql_ident(&f, q->wcol);
        /* windows the previous batch's watermark passed are gone (late rows for them dropped:
         * Spark 3.5's watermark for late events is the previous batch's) */
        sb_printf(&f, ".\"end\" > epoch_ms(%lld::BIGINT)", (long long)q->wm_prev);
    }
    if (strcmp(q->mode, "update")) {
        if (!q->wcol) { val_incref(q->df); *out = q->df; return true; }
        StrBuf b = {0};
        sb_printf(&b, "SELECT * FROM (%s)%s", df->sql, f.s);
        sb_reset(&f);
        *out = df_make(q->st, dt_ref(df->schema), sb_take(&b), &df, 1, NULL);
        return true;
    }
    char *err = NULL;
    DfTable *now = dftable_create(q->st, df->schema, &err);
    if (!now) { sql_raise(q->I, err ? err : "update", NULL); free(err); sb_reset(&f); return false; }
    StrBuf b = {0};
    sb_puts(&b, "INSERT INTO ");
    sql_ident(&b, now->name);
    sb_printf(&b, " SELECT * FROM (%s)", df->sql);
    bool ok = exec_sql(q, b.s);
    sb_reset(&b);
    if (!ok) { dftable_unref(now); sb_reset(&f); return false; }
    StrBuf s = {0};
    sb_puts(&s, "SELECT * FROM ");
    sql_ident(&s, now->name);
    if (q->prev) { sb_puts(&s, " EXCEPT ALL SELECT * FROM "); sql_ident(&s, q->prev->name); }
    /* the names of the query's columns, over the stored c0 … cN columns */
    char *names = dftable_select_sql(now, df->schema);
    StrBuf w = {0};
    sb_printf(&w, "SELECT * FROM (%.*s FROM (%s))%s", (int)(strstr(names, " FROM ") - names), names, s.s, f.s ? f.s : "");
    free(names);
    sb_reset(&s);
    sb_reset(&f);
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
bool snapshot(Query *q, DataFrame *df, Value *out) {
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
bool kafka_sink(Query *q, DataFrame *out) {
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
bool file_sink(Query *q, DataFrame *out) {
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

bool console_sink(Query *q, DataFrame *out, int64_t batch) {
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

bool memory_sink(Query *q, DataFrame *out, bool replace) {
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

