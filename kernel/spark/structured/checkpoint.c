/* checkpoint.c — a query's checkpointLocation in Spark's layout (metadata, offsets/N, commits/N)
 * plus state/N.parquet for an aggregation: ck_open at start() resumes from the last committed
 * batch, ck_commit records each batch.
 */
#include "spark/structured/structured_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- checkpoints: Spark's layout (metadata, offsets/N, commits/N) plus state/N.parquet ---- */

bool ck_mkdirs(const char *path) {
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

bool ck_write_text(const char *file, const char *text) {
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

char *ck_read_file(const char *file, size_t *len) {
    FILE *f = fopen(file, "rb");
    if (!f) return NULL;
    StrBuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&b, buf, n);
    fclose(f);
    if (len) *len = b.len;
    return b.s ? sb_take(&b) : strdup("");
}

char *ck_read_text(const char *file) { return ck_read_file(file, NULL); }

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
bool ck_commit(Query *q, int64_t n, int64_t now_ms, char **why) {
    json_t *offs = SRC_IS_KAFKA(q->src) ? json_object() : src_offset_json(q);
    for (size_t i = 0; SRC_IS_KAFKA(q->src) && i < q->noffsets; i++) {
        json_t *t = json_object_get(offs, q->offsets[i].topic);
        if (!t) { t = json_object(); json_object_set_new(offs, q->offsets[i].topic, t); }
        char k[16];
        snprintf(k, sizeof k, "%d", q->offsets[i].partition);
        json_object_set_new(t, k, json_integer(q->offsets[i].offset));
    }
    char *o = json_dumps(offs, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(offs);
    char *text = NULL;
    if (asprintf(&text, "v1\n{\"batchWatermarkMs\":%lld,\"batchTimestampMs\":%lld,\"conf\":{}}\n%s",
                 (long long)q->wm_ms, (long long)now_ms, o) < 0) abort();
    free(o);
    char *f = ck_file(q, "offsets", n);
    bool ok = ck_write_text(f, text);
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
    if (ok && !dedup_checkpoint(q, q->ckpt, n, true, why)) return false;
    if (ok) {
        f = ck_file(q, "commits", n);
        char line[96];
        snprintf(line, sizeof line, "v1\n{\"nextBatchWatermarkMs\":%lld}", (long long)wm_next(q));
        ok = ck_write_text(f, line);
        free(f);
    }
    if (!ok && !*why) *why = strdup(strerror(errno));
    return ok;
}

/* At start(): the folders, the query's id (kept across runs, as Spark's metadata file), and —
 * when an earlier run committed batches — where to go on: the next batch number, the offsets and
 * the aggregation's state. False with an exception raised. */
bool ck_open(Query *q) {
    Interp *I = q->I;
    const char *dirs[] = {"offsets", "commits", "state"};
    for (int i = 0; i < 3; i++) {
        char *d = ck_file(q, dirs[i], -1);
        bool ok = ck_mkdirs(d);
        free(d);
        if (!ok) return interp_throw(I, "java.io.IOException", "cannot create the checkpoint folder %s: %s", q->ckpt, strerror(errno));
    }
    char *mf = ck_file(q, "metadata", -1);
    char *meta = ck_read_text(mf);
    json_t *m = meta ? json_loads(meta, 0, NULL) : NULL;
    const char *id = m ? json_string_value(json_object_get(m, "id")) : NULL;
    if (id && strlen(id) == 36) memcpy(q->id, id, 37);
    else {
        char *text = NULL;
        if (asprintf(&text, "{\"id\":\"%s\"}", q->id) < 0) abort();
        ck_write_text(mf, text);
        free(text);
    }
    json_decref(m);
    free(meta);
    free(mf);
    int64_t last = ck_last(q, "commits");
    if (last < 0) return SRC_IS_KAFKA(q->src) || src_ck_open(q, NULL);
    char *of = ck_file(q, "offsets", last);
    char *text = ck_read_text(of);
    free(of);
    const char *third = text ? strchr(text, '\n') : NULL;
    json_t *meta2 = third ? json_loadb(third + 1, strcspn(third + 1, "\n"), 0, NULL) : NULL;
    q->wm_ms = json_integer_value(json_object_get(meta2, "batchWatermarkMs"));   /* the last batch's watermark */
    json_decref(meta2);
    third = third ? strchr(third + 1, '\n') : NULL;
    json_t *offs = third ? json_loads(third + 1, JSON_DECODE_ANY, NULL) : NULL;
    free(text);
    if (offs && !SRC_IS_KAFKA(q->src)) {   /* another source's offset: {"logOffset":3}, 5, {"offset":9,…} */
        bool r = src_ck_open(q, offs);
        json_decref(offs);
        if (!r) return false;
        q->batch_id = last + 1;
        offs = json_object();
    } else if (!json_is_object(offs)) {
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
    char *derr = NULL;
    if (!dedup_checkpoint(q, q->ckpt, last, false, &derr)) {
        bool r = sql_raise(I, derr ? derr : "the checkpoint's state could not be read", NULL);
        free(derr);
        return r;
    }
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
        if (ok && watermarked(q->src, df_get(q->df))) {         /* the latest event time of the input so far, for the watermark */
            StrBuf c = {0};
            sb_puts(&c, "DELETE FROM ");
            sql_ident(&c, q->src->table->name);
            sb_puts(&c, "; INSERT INTO ");
            sql_ident(&c, q->src->table->name);
            sb_puts(&c, " SELECT * FROM ");
            sql_ident(&c, q->acc->name);
            ok = sql_exec(q->st, c.s, &err);
            sb_reset(&c);
            if (ok) wm_observe(q);
        }
        if (!ok) { bool r = sql_raise(I, err ? err : "the checkpoint's state could not be read", NULL); free(err); return r; }
    }
    return true;
}

