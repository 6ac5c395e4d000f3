/* dedup.c — dropDuplicates on a streaming DataFrame: a row goes on unless a row with the same
 * key columns went on in this batch or an earlier one (Spark's StreamingDeduplicateExec). Each
 * such DataFrame has a table of the keys seen (its state), which a query that runs it fills after
 * each batch (dedup_after_batch) and keeps in its checkpoint; with a watermark on one of the key
 * columns, rows the previous batch's watermark has passed are dropped as late, as Spark's.
 */
#include "spark/structured/structured_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Dedup *dedups;   /* every streaming dropDuplicates made (the interpreter's lifetime) */

void dedup_free_all(void) {
    while (dedups) {
        Dedup *d = dedups;
        dedups = d->next;
        dftable_unref(d->seen);
        dftable_unref(d->wm);
        free(d->keys);
        free(d->sql);
        free(d);
    }
}

/* df.dropDuplicates(cols) for a streaming df (cols: its column names, already checked). */
bool structured_drop_duplicates(Interp *I, DataFrame *df, const char *const *cols, size_t n, Value *out) {
    Source *src = source_of(df);
    DataType *kt = dt_struct_new((int)n);
    StrBuf keys = {0}, on = {0};
    bool late = false;
    for (size_t i = 0; i < n; i++) {
        int fi = dt_field_index(df->schema, cols[i]);
        kt->fields[i] = (DtField){strdup(df->schema->fields[fi].name), dt_ref(df->schema->fields[fi].type), true};
        if (i) { sb_puts(&keys, ", "); sb_puts(&on, " AND "); }
        sql_ident(&keys, df->schema->fields[fi].name);
        sb_puts(&on, "s.");
        sql_ident(&on, df->schema->fields[fi].name);
        sb_puts(&on, " IS NOT DISTINCT FROM p.");
        sql_ident(&on, df->schema->fields[fi].name);
        if (watermarked(src, df) && !strcmp(src->wm_col, df->schema->fields[fi].name)) late = true;
    }
    char *err = NULL;
    Dedup *d = calloc(1, sizeof *d);
    if (!d) abort();
    DataType *wt = dt_struct_new(1);
    wt->fields[0] = (DtField){strdup("ms"), dt_prim(DT_LONG), true};
    d->seen = dftable_create(df->st, kt, &err);
    if (d->seen) d->wm = dftable_create(df->st, wt, &err);
    if (!d->seen || !d->wm) {
        bool r = sql_raise(I, err ? err : "the deduplication's state could not be made", NULL);
        free(err);
        if (d->seen) dftable_unref(d->seen);
        free(d);
        dt_unref(kt);
        dt_unref(wt);
        sb_reset(&keys);
        sb_reset(&on);
        return r;
    }
    char *seen_sql = dftable_select_sql(d->seen, kt), *wm_sql = dftable_select_sql(d->wm, wt);
    StrBuf b = {0};
    sb_printf(&b, "SELECT * FROM (%s) p WHERE NOT EXISTS (SELECT 1 FROM (%s) s WHERE %s)", df->sql, seen_sql, on.s);
    if (late) {
        sb_puts(&b, " AND (p.");
        sql_ident(&b, src->wm_col);
        sb_printf(&b, " IS NULL OR NOT EXISTS (SELECT 1 FROM (%s) w WHERE CAST(p.", wm_sql);
        sql_ident(&b, src->wm_col);
        sb_puts(&b, " AS TIMESTAMP) <= epoch_ms(w.ms)))");
    }
    sb_printf(&b, " QUALIFY row_number() OVER (PARTITION BY %s) = 1", keys.s);
    free(seen_sql);
    free(wm_sql);
    sb_reset(&on);
    dt_unref(kt);
    dt_unref(wt);
    d->keys = sb_take(&keys);
    d->late = late;
    d->sql = strdup(b.s);
    d->next = dedups;
    dedups = d;
    *out = df_keep_type(df, df_make(df->st, dt_ref(df->schema), sb_take(&b), &df, 1, dftable_ref(d->seen)));
    return true;
}

/* Whether the query q runs the deduplication d. */
static bool runs(const Query *q, const Dedup *d) { return strstr(df_get(q->df)->sql, d->seen->name) != NULL; }

bool dedup_watermarked(const Query *q) {
    for (Dedup *d = dedups; d; d = d->next)
        if (d->late && runs(q, d)) return true;
    return false;
}

int64_t dedup_state_rows(Query *q) {
    int64_t rows = -1;
    for (Dedup *d = dedups; d; d = d->next) {
        if (!runs(q, d)) continue;
        StrBuf b = {0};
        sb_puts(&b, "SELECT count(*) FROM ");
        sql_ident(&b, d->seen->name);
        DfCursor c;
        char *err = NULL;
        if (dfc_open(q->st, b.s, &c, &err) && dfc_next(&c)) rows = (rows < 0 ? 0 : rows) + dfc_int(&c, 0);
        dfc_close(&c);
        free(err);
        sb_reset(&b);
    }
    return rows;
}

/* Before a batch (before): the watermark its late rows are judged by (the previous batch's);
 * after the sink took it: the keys it let through join the state. */
bool dedup_step(Query *q, bool before) {
    for (Dedup *d = dedups; d; d = d->next) {
        if (!runs(q, d)) continue;
        StrBuf b = {0};
        if (before) {
            sb_puts(&b, "DELETE FROM ");
            sql_ident(&b, d->wm->name);
            sb_puts(&b, "; ");
        }
        sb_puts(&b, "INSERT INTO ");
        sql_ident(&b, before ? d->wm->name : d->seen->name);
        if (before) sb_printf(&b, " VALUES (%lld)", (long long)q->wm_prev);
        else sb_printf(&b, " SELECT %s FROM (%s)", d->keys, d->sql);
        bool ok = exec_sql(q, b.s);
        sb_reset(&b);
        if (!ok) return false;
    }
    return true;
}

/* The checkpoint's part: COPY the state to / from state/N.dedupK.parquet (verb "save" or "load").
 * False with *err. */
bool dedup_checkpoint(Query *q, const char *dir, int64_t n, bool save, char **err) {
    int k = 0;
    for (Dedup *d = dedups; d; d = d->next, k++) {
        if (!runs(q, d)) continue;
        char *f = NULL;
        if (asprintf(&f, "%s/state/%lld.dedup%d.parquet", dir, (long long)n, k) < 0) abort();
        StrBuf b = {0};
        if (save) {
            sb_puts(&b, "COPY (SELECT * FROM ");
            sql_ident(&b, d->seen->name);
            sb_puts(&b, ") TO ");
            sql_string(&b, f, strlen(f));
            sb_puts(&b, " (FORMAT PARQUET)");
        } else {
            FILE *fp = fopen(f, "r");
            if (!fp) { free(f); continue; }
            fclose(fp);
            sb_puts(&b, "INSERT INTO ");
            sql_ident(&b, d->seen->name);
            sb_puts(&b, " SELECT * FROM read_parquet(");
            sql_string(&b, f, strlen(f));
            sb_puts(&b, ")");
        }
        bool ok = sql_exec(q->st, b.s, err);
        sb_reset(&b);
        if (save && n >= 2) {
            char *old = NULL;
            if (asprintf(&old, "%s/state/%lld.dedup%d.parquet", dir, (long long)n - 2, k) < 0) abort();
            remove(old);
            free(old);
        }
        free(f);
        if (!ok) return false;
    }
    return true;
}
