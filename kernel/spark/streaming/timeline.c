/* timeline.c — the live batch timeline of a running StreamingContext: per batch its time, input
 * records (per Kafka partition for direct streams), processing time, scheduling delay and total
 * delay, as Spark UI's Streaming tab shows them, with an SVG chart of input records and
 * processing time against the batch interval. Sent as one display_data and then updated in place
 * (update_display_data with the same display_id); text/plain always, text/html for the table.
 */
#include "spark/streaming/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEEP 240      /* batches kept for the chart */
#define ROWS 8        /* batches shown in the table */

struct Timeline {
    int64_t batch_ms;
    BatchRecord *recs;          /* ring of the last KEEP batches */
    int nrecs, head;
    int64_t batches, records, proc_sum, proc_max, sched_max;
    char display_id[48];
    bool shown, manual;
};

static bool enabled(void) {
    const char *v = spark_conf_get("spark.streaming.ui.inline");
    return !v || strcmp(v, "false") != 0;
}

Timeline *timeline_new(int64_t batch_ms) {
    Timeline *t = calloc(1, sizeof *t);
    t->batch_ms = batch_ms;
    t->recs = calloc(KEEP, sizeof(BatchRecord));
    static int seq;
    snprintf(t->display_id, sizeof t->display_id, "dstream-timeline-%d-%ld", ++seq, (long)time(NULL));
    return t;
}

void timeline_free(Timeline *t) {
    if (!t) return;
    free(t->recs);
    free(t);
}

void timeline_add_input(BatchRecord *rec, const BatchInput *in) {
    rec->records += in->records;
    for (int i = 0; i < in->nparts && rec->nparts < 64; i++) {
        rec->part_records[rec->nparts] = in->part_records[i];
        snprintf(rec->part_names[rec->nparts], sizeof rec->part_names[0], "%s", in->part_names[i]);
        rec->nparts++;
    }
}

static const BatchRecord *nth_last(const Timeline *t, int k) {   /* k = 0: the newest */
    if (k >= t->nrecs) return NULL;
    return &t->recs[(t->head - 1 - k + KEEP) % KEEP];
}

char *timeline_summary(const Timeline *t) {
    char *s = NULL;
    if (asprintf(&s, "%lld batches of %lld ms, %lld records, processing mean %.1f ms / max %lld ms, scheduling delay max %lld ms",
                 (long long)t->batches, (long long)t->batch_ms, (long long)t->records,
                 t->batches ? (double)t->proc_sum / (double)t->batches : 0.0, (long long)t->proc_max,
                 (long long)t->sched_max) < 0) return NULL;
    return s;
}

static void fmt_time(char *buf, size_t n, int64_t ms, bool manual) {
    if (manual) { snprintf(buf, n, "%lld ms", (long long)ms); return; }
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&s, &tm);
    snprintf(buf, n, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* The SVG chart: input records per batch (bars) and processing time (line) against the interval. */
static void svg_chart(const Timeline *t, FILE *f) {
    int n = t->nrecs < 60 ? t->nrecs : 60;
    int W = 560, H = 150, L = 40, B = 20;
    int64_t maxrec = 1, maxms = t->batch_ms;
    for (int k = 0; k < n; k++) {
        const BatchRecord *r = nth_last(t, k);
        if (r->records > maxrec) maxrec = r->records;
        if (r->end_ms - r->start_ms > maxms) maxms = r->end_ms - r->start_ms;
    }
    fprintf(f, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='10'>", W, H);
    fprintf(f, "<rect x='%d' y='0' width='%d' height='%d' fill='#fafafa' stroke='#ddd'/>", L, W - L - 40, H - B);
    double bw = n ? (double)(W - L - 40) / 60.0 : 0;
    for (int k = 0; k < n; k++) {
        const BatchRecord *r = nth_last(t, n - 1 - k);
        double h = (double)(H - B - 10) * (double)r->records / (double)maxrec;
        fprintf(f, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#e26428'><title>%lld records</title></rect>",
                L + k * bw + 1, H - B - h, bw > 2 ? bw - 2 : bw, h, (long long)r->records);
    }
    /* the batch interval: processing above it means the stream falls behind */
    double yi = H - B - (double)(H - B - 10) * (double)t->batch_ms / (double)maxms;
    fprintf(f, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#999' stroke-dasharray='4 3'/>", L, W - 40, yi, yi);
    fprintf(f, "<text x='%d' y='%.1f' fill='#777'>interval</text>", W - 38, yi + 3);
    fprintf(f, "<polyline fill='none' stroke='#2a7ab0' stroke-width='1.5' points='");
    for (int k = 0; k < n; k++) {
        const BatchRecord *r = nth_last(t, n - 1 - k);
        double y = H - B - (double)(H - B - 10) * (double)(r->end_ms - r->start_ms) / (double)maxms;
        fprintf(f, "%.1f,%.1f ", L + k * bw + bw / 2, y);
    }
    fprintf(f, "'/>");
    fprintf(f, "<text x='2' y='12' fill='#e26428'>%lld rec</text><text x='2' y='%d' fill='#2a7ab0'>ms</text>", (long long)maxrec, H - B);
    fprintf(f, "<text x='%d' y='%d'>last %d batches: input records (bars), processing time (line)</text></svg>", L, H - 5, n);
}

static void emit(Timeline *t, const InterpHooks *h, bool update, bool final) {
    if (!h || !h->display) return;
    char *text = NULL, *html = NULL;
    size_t tlen = 0, hlen = 0;
    FILE *ft = open_memstream(&text, &tlen), *fh = open_memstream(&html, &hlen);
    char *sum = timeline_summary(t);
    if (!update && !t->batches)   /* what a frontend that shows no updates (jupyter console) keeps */
        fprintf(ft, "Streaming started: a batch every %lld ms; the timeline updates here in notebooks, stop() "
                    "reports the totals\n", (long long)t->batch_ms);
    else fprintf(ft, "%s %s\n", final ? "Streaming stopped:" : "Streaming:", sum ? sum : "");
    fprintf(fh, "<div class='dstream-timeline'><b>%s</b> %s<br/>", final ? "Streaming stopped:" : "Streaming (live):", sum ? sum : "");
    free(sum);
    if (t->nrecs) {
        fprintf(ft, "%-14s %10s %12s %12s %12s\n", "batch time", "records", "processing", "sched.delay", "total delay");
        fprintf(fh, "<table><tr><th>Batch time</th><th>Input records</th><th>Processing time</th>"
                    "<th>Scheduling delay</th><th>Total delay</th></tr>");
        for (int k = 0; k < ROWS && k < t->nrecs; k++) {
            const BatchRecord *r = nth_last(t, k);
            char tb[32];
            fmt_time(tb, sizeof tb, r->time_ms, t->manual);
            int64_t proc = r->end_ms - r->start_ms, sched = t->manual ? 0 : r->start_ms - r->time_ms;
            int64_t total = t->manual ? proc : r->end_ms - r->time_ms;
            if (sched < 0) sched = 0;
            fprintf(ft, "%-14s %10lld %9lld ms %9lld ms %9lld ms\n", tb, (long long)r->records, (long long)proc,
                    (long long)sched, (long long)total);
            fprintf(fh, "<tr><td>%s</td><td>%lld", tb, (long long)r->records);
            if (r->nparts > 1 || (r->nparts == 1 && r->part_names[0][0])) {
                fprintf(fh, " <small>(");
                for (int p = 0; p < r->nparts; p++)
                    fprintf(fh, "%s%s: %lld", p ? ", " : "", r->part_names[p], (long long)r->part_records[p]);
                fprintf(fh, ")</small>");
            }
            fprintf(fh, "</td><td>%lld ms</td><td>%lld ms</td><td>%lld ms</td></tr>", (long long)proc,
                    (long long)sched, (long long)total);
        }
        fprintf(fh, "</table>");
        svg_chart(t, fh);
    }
    fprintf(fh, "</div>");
    fclose(ft);
    fclose(fh);
    json_t *data = json_pack("{s:s, s:s}", "text/plain", text, "text/html", html);
    json_t *meta = json_object();
    h->display(h->ud, data, meta, t->display_id, update);
    json_decref(data);
    json_decref(meta);
    free(text);
    free(html);
}

void timeline_stopped(const Timeline *t, const InterpHooks *h, const char *name) {
    if (!t || !h || !h->display || !enabled()) return;
    char *sum = timeline_summary(t), *text = NULL, *html = NULL;
    static int seq;
    char id[64];
    snprintf(id, sizeof id, "dstream-stopped-%d-%ld", ++seq, (long)time(NULL));
    if (asprintf(&text, "Stopped StreamingContext %s: %s", name, sum ? sum : "") < 0) text = NULL;
    if (asprintf(&html, "<div class='dstream-stopped'>Stopped StreamingContext <code>%s</code>: %s</div>", name,
                 sum ? sum : "") < 0) html = NULL;
    if (text && html) {
        json_t *data = json_pack("{s:s, s:s}", "text/plain", text, "text/html", html);
        json_t *meta = json_object();
        h->display(h->ud, data, meta, id, false);
        json_decref(data);
        json_decref(meta);
    }
    free(sum);
    free(text);
    free(html);
}

void timeline_attach(Timeline *t, Interp *I, const InterpHooks *hooks) {
    (void)I;
    if (!t || !enabled() || t->manual) return;
    emit(t, hooks, false, false);
    t->shown = true;
}

void timeline_record(Timeline *t, Interp *I, const BatchRecord *rec, bool manual) {
    t->manual = manual;
    t->recs[t->head] = *rec;
    t->head = (t->head + 1) % KEEP;
    if (t->nrecs < KEEP) t->nrecs++;
    t->batches++;
    t->records += rec->records;
    int64_t proc = rec->end_ms - rec->start_ms, sched = rec->start_ms - rec->time_ms;
    t->proc_sum += proc;
    if (proc > t->proc_max) t->proc_max = proc;
    if (!manual && sched > t->sched_max) t->sched_max = sched;
    if (t->shown && enabled()) emit(t, interp_hooks(I), true, false);
}

void timeline_finish(Timeline *t, Interp *I) {
    if (t && t->shown && enabled()) emit(t, interp_hooks(I), true, true);
}
