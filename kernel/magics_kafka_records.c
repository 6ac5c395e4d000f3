/* magics_kafka_records.c — the magics that move records: %%produce TOPIC (each line of the cell
 * one record, optionally split into key and value, then the offsets written) and %consume TOPIC
 * (a bounded, interruptible read from earliest, latest, an offset or the last N, or a group's
 * committed offsets, shown as a table in timestamp order). */
#include "magics_kafka_internal.h"

#include <librdkafka/rdkafka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kafka/batch.h"
#include "kafka/producer.h"
#include "lang/progress.h"
#include "util/strbuf.h"

/* ---- %%produce ---- */

static bool run_produce(Interp *I, const char *args, const char *body, CellResult *res) {
    Out o = out_for(I);
    Args a = split_args(args);
    const char *use = PRODUCE_USAGE;
    const char *topic = NULL, *sep = NULL;
    long long part = -1;
    for (int i = 0; i < a.n; i++) {
        const char *val = i + 1 < a.n ? a.v[i + 1] : NULL;
        if (!strcmp(a.v[i], "--key-separator") || !strcmp(a.v[i], "-K")) {
            if (!val || !*val) { args_free(&a); return usage(res, "--key-separator needs a separator: %s", use); }
            sep = val;
            i++;
        } else if (!strcmp(a.v[i], "--partition") || !strcmp(a.v[i], "-p")) {
            if (!parse_long(val, &part) || part < 0) { args_free(&a); return usage(res, "--partition needs a partition number, not '%s'", val ? val : ""); }
            i++;
        } else if (a.v[i][0] == '-') { bool r = usage(res, "unknown option '%s': %s", a.v[i], use); args_free(&a); return r; }
        else if (!topic) topic = a.v[i];
        else { bool r = usage(res, "one topic only ('%s'?): %s", a.v[i], use); args_free(&a); return r; }
    }
    if (!topic) { args_free(&a); return usage(res, "%s", use); }
    kafka_config cfg;
    if (!session_cfg(&cfg, res)) { args_free(&a); return true; }
    kafka_error err;
    kafka_error_clear(&err);
    kafka_producer *p = kafka_producer_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!p) { args_free(&a); return kerror(res, &err); }
    size_t blen = strlen(body);
    int64_t lines = 0, total = blen ? 1 : 0;
    for (const char *q = body; (q = strchr(q, '\n')); q++) if (q[1]) total++;
    char what[300];
    snprintf(what, sizeof what, "Producing to %.250s", topic);
    Progress *pg = progress_begin(I, what, "records");
    int rc = 0;
    for (const char *s = body; *s || (s == body && blen);) {
        size_t n = strcspn(s, "\n");
        size_t vn = n;
        if (vn && s[vn - 1] == '\r') vn--;
        const char *key = NULL, *val = s;
        size_t kl = 0, vl = vn;
        if (sep) {
            const char *hit = NULL;
            size_t sl = strlen(sep);
            for (size_t i = 0; i + sl <= vn && !hit; i++) if (!memcmp(s + i, sep, sl)) hit = s + i;
            if (hit) { key = s; kl = (size_t)(hit - s); val = hit + sl; vl = vn - kl - sl; }
        }
        rc = kafka_producer_send(p, topic, (int32_t)part, key, kl, val, vl, NULL, 0, NULL, NULL, kafka_interp_check, o.I, &err);
        if (rc != 0) break;
        lines++;
        progress_update(pg, lines, total);
        s += n;
        if (*s == '\n') s++;
        if (!*s) break;
    }
    kafka_error ferr;
    kafka_error_clear(&ferr);
    int frc = rc == 0 ? kafka_producer_flush(p, -1, kafka_interp_check, o.I, &ferr) : 0;
    StrBuf t = {0};
    size_t nr;
    const kafka_partition_range *r = kafka_producer_ranges(p, &nr);
    kafka_producer_stats st;
    kafka_producer_stats_get(p, &st);
    progress_end(pg, st.delivered);
    sb_printf(&t, "Produced %lld record%s to %s", (long long)st.delivered, st.delivered == 1 ? "" : "s", topic);
    for (size_t i = 0; i < nr; i++) {
        if (r[i].first_offset == r[i].last_offset) sb_printf(&t, "%s partition %d: offset %lld", i ? "," : ":", (int)r[i].partition, (long long)r[i].first_offset);
        else sb_printf(&t, "%s partition %d: offsets %lld-%lld (%lld)", i ? "," : ":", (int)r[i].partition,
                        (long long)r[i].first_offset, (long long)r[i].last_offset, (long long)r[i].count);
    }
    sb_puts(&t, "\n");
    char summary[1400];
    kafka_producer_stats fin;
    int crc = kafka_producer_close(p, 10000, kafka_interp_check, o.I, &fin, summary, sizeof summary);
    out_text(&o, 1, t.s);
    free(t.s);
    args_free(&a);
    if (rc != 0) return kerror(res, &err);
    if (frc != 0) return kerror(res, &ferr);
    if (crc != 0) {
        magics_set_error(res, kafka_exception_class(fin.first_error.name), summary);
        return true;
    }
    return true;
}

/* ---- %consume ---- */

typedef struct { const kafka_record *r; } RecRef;
static int cmp_rec(const void *a, const void *b) {
    const kafka_record *x = ((const RecRef *)a)->r, *y = ((const RecRef *)b)->r;
    if (x->timestamp != y->timestamp) return x->timestamp < y->timestamp ? -1 : 1;
    if (x->partition != y->partition) return x->partition < y->partition ? -1 : 1;
    return (x->offset > y->offset) - (x->offset < y->offset);
}

static char *fmt_ts(int64_t ms) {
    if (ms < 0) return strdup("");
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&s, &tm);
    char b[64];
    snprintf(b, sizeof b, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
    return strdup(b);
}
static char *bytes_text(const void *p, size_t n) {
    if (!p) return NULL;
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = 0;
    for (size_t i = 0; i < n; i++) if (!s[i]) s[i] = ' ';
    return s;
}

static bool run_consume(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    const char *use = CONSUME_USAGE;
    const char *topic = NULL, *from = "earliest", *group = NULL;
    long long max = 20, part = -1, timeout = 5000;
    for (int i = 1; i < a->n; i++) {
        const char *opt = a->v[i], *val = i + 1 < a->n ? a->v[i + 1] : NULL;
        if (!strcmp(opt, "--from") || !strcmp(opt, "-o")) {
            if (!val) return usage(res, "--from needs earliest, latest, an offset or -N: %s", use);
            from = val;
            i++;
        } else if (!strcmp(opt, "--max") || !strcmp(opt, "-n")) {
            if (!parse_long(val, &max) || max < 1) return usage(res, "--max needs a positive number, not '%s'", val ? val : "");
            i++;
        } else if (!strcmp(opt, "--timeout")) {
            if (!val || (timeout = parse_duration(val)) < 0) return usage(res, "--timeout needs a duration like 5s or 500ms, not '%s'", val ? val : "");
            i++;
        } else if (!strcmp(opt, "--group") || !strcmp(opt, "-g")) {
            if (!val || !*val) return usage(res, "--group needs a group id: %s", use);
            group = val;
            i++;
        } else if (!strcmp(opt, "--partition") || !strcmp(opt, "-p")) {
            if (!parse_long(val, &part) || part < 0) return usage(res, "--partition needs a partition number, not '%s'", val ? val : "");
            i++;
        } else if (opt[0] == '-') return usage(res, "unknown option '%s': %s", opt, use);
        else if (!topic) topic = opt;
        else return usage(res, "one topic only ('%s'?): %s", opt, use);
    }
    if (!topic) return usage(res, "%s", use);
    int mode;   /* 0 earliest, 1 latest, 2 absolute, 3 tail */
    long long off = 0;
    if (!strcmp(from, "earliest") || !strcmp(from, "beginning")) mode = 0;
    else if (!strcmp(from, "latest") || !strcmp(from, "end")) mode = 1;
    else if (parse_long(from, &off)) mode = off < 0 ? 3 : 2;
    else return usage(res, "--from needs earliest, latest, an offset or -N, not '%s'", from);
    if (group && mode > 1) return usage(res, "with --group the start is the group's committed offset; --from can only be earliest or latest (for a group with no commit)");

    kafka_config cfg;
    if (!session_cfg(&cfg, res)) return true;
    if (group) {
        kafka_config_set(&cfg, "group.id", group);
        kafka_config_set(&cfg, "auto.offset.reset", mode == 1 ? "latest" : "earliest");
    }
    kafka_error err;
    kafka_error_clear(&err);
    kafka_batch_reader *r = kafka_batch_reader_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!r) return kerror(res, &err);
    const char *topics[] = {topic};
    kafka_tpo *tp = NULL;
    size_t n = 0;
    kafka_batch plan = {0}, got = {0};
    bool ok = false;
    if (kafka_batch_reader_partitions(r, topics, 1, group ? KAFKA_OFFSET_STORED : KAFKA_OFFSET_BEGINNING, &tp, &n, kafka_interp_check, o.I, &err) != 0)
        goto done;
    if (part >= 0) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) if (tp[i].partition == part) tp[k++] = tp[i];
        if (!k) { usage(res, "topic %s has no partition %lld (it has %zu)", topic, part, n); ok = true; goto done; }
        n = k;
    }
    /* the watermarks, then the starts */
    if (kafka_batch_reader_plan(r, tp, n, 0, kafka_interp_check, o.I, &plan, &err) != 0) goto done;
    for (size_t i = 0; i < n && i < plan.n; i++) {
        kafka_batch_partition *p = &plan.parts[i];
        tp[i].topic = topic;
        tp[i].partition = p->partition;
        if (group) tp[i].offset = p->from;
        else if (mode == 0) tp[i].offset = p->low;
        else if (mode == 1) tp[i].offset = p->high;
        else if (mode == 2) tp[i].offset = off < p->low ? p->low : off;
        else tp[i].offset = p->high + off < p->low ? p->low : p->high + off;
    }
    int64_t deadline_ms = timeout;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char what[300];
    snprintf(what, sizeof what, "Waiting for records from %.250s", topic);
    Progress *pg = progress_begin(I, what, "records");
    for (;;) {
        kafka_batch_free(&got);
        if (kafka_batch_reader_read(r, tp, n, max, kafka_interp_check, o.I, &got, &err) != 0) { progress_end(pg, 0); goto done; }
        progress_update(pg, (int64_t)got.total < max ? (int64_t)got.total : max, -1);
        if (got.total > 0) break;
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        int64_t el = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (el >= deadline_ms) break;
        for (int k = 0; k < 4; k++) {
            if (interp_interrupted(o.I)) { kafka_error_set(&err, RD_KAFKA_RESP_ERR__INTR, "interrupted"); progress_end(pg, 0); goto done; }
            usleep(50000);
        }
    }
    progress_end(pg, (int64_t)got.total < max ? (int64_t)got.total : max);   /* what the table shows */
    {
        RecRef *all = malloc(((size_t)got.total + 1) * sizeof *all);
        size_t m = 0;
        for (size_t i = 0; i < got.n; i++)
            for (size_t j = 0; j < got.parts[i].records.n; j++) all[m++].r = &got.parts[i].records.items[j];
        qsort(all, m, sizeof *all, cmp_rec);
        if ((long long)m > max) m = (size_t)max;
        static const char *hd[] = {"partition", "offset", "timestamp", "key", "value"};
        static bool right[] = {true, true, false, false, false};
        Table t = {.ncols = 5, .head = hd, .right = right};
        for (size_t i = 0; i < m; i++) {
            const kafka_record *x = all[i].r;
            char *row[5] = {fmt_ll(x->partition), fmt_ll(x->offset), fmt_ts(x->timestamp), bytes_text(x->key, x->key_len),
                            bytes_text(x->value, x->value_len)};
            table_row(&t, row);
        }
        StrBuf cap = {0};
        sb_printf(&cap, "%zu record%s from %s", m, m == 1 ? "" : "s", topic);
        if (m == 0) sb_printf(&cap, " (none arrived within %lld ms)", timeout);
        if (group && m) {
            /* commit what was shown: for each partition, after its last shown record */
            kafka_tpo *c = calloc(got.n ? got.n : 1, sizeof *c);
            size_t nc = 0;
            for (size_t i = 0; i < m; i++) {
                const kafka_record *x = all[i].r;
                size_t k = 0;
                while (k < nc && c[k].partition != x->partition) k++;
                if (k == nc) c[nc++] = (kafka_tpo){topic, x->partition, x->offset + 1};
                else if (x->offset + 1 > c[k].offset) c[k].offset = x->offset + 1;
            }
            if (kafka_batch_reader_commit(r, c, nc, &err) != 0) sb_printf(&cap, "; could not commit for group %s: %s: %s", group, err.name, err.message);
            else sb_printf(&cap, "; committed for group %s", group);
            free(c);
        }
        table_show(&o, &t, cap.s);
        free(cap.s);
        table_free(&t);
        free(all);
        ok = true;
    }
done:
    if (!ok) kerror(res, &err);
    free(tp);
    kafka_batch_free(&plan);
    kafka_batch_free(&got);
    kafka_batch_reader_free(r);
    return true;
}

/* ---- the table's entry points ---- */

void magic_produce(Interp *I, const char *args, const char *body, CellResult *res) {
    run_produce(I, args, body, res);
}

void magic_consume(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "consume", args, res, run_consume); }
