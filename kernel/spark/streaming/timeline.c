/* timeline.c — the live batch timeline of a running StreamingContext: per batch its time, input
 * records (per Kafka partition for direct streams), processing time, scheduling delay and total
 * delay, as Spark UI's Streaming tab shows them, and a chart of input records and processing
 * time against the batch interval. A Structured Streaming query's timeline (label set) shows
 * instead, as Spark UI's query page, per batch its id, input rows, input and processing rates,
 * duration and state rows. Two displays, each sent once and then updated in place
 * (update_display_data with its display_id): the table (text/plain, text/html) and the chart
 * (image/svg+xml, and Vega-Lite 5 with every batch's detail in its tooltip).
 */
#include "spark/streaming/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/charts.h"
#include "util/strbuf.h"

#define KEEP 240      /* batches kept for the chart */
#define ROWS 8        /* batches shown in the table */

struct Timeline {
    int64_t batch_ms;
    BatchRecord *recs;          /* ring of the last KEEP batches */
    int nrecs, head;
    int64_t batches, records, proc_sum, proc_max, sched_max;
    char display_id[48];
    bool shown, manual;
    char *label;                /* a query's timeline: "query name", else NULL */
    int64_t state_rows;         /* the latest batch's, -1 if the query keeps none */
};

bool timeline_enabled(void) {
    const char *v = spark_conf_get("spark.streaming.ui.inline");
    return !v || strcmp(v, "false") != 0;
}
static bool enabled(void) { return timeline_enabled(); }

Timeline *timeline_new(int64_t batch_ms) {
    Timeline *t = calloc(1, sizeof *t);
    t->batch_ms = batch_ms;
    t->recs = calloc(KEEP, sizeof(BatchRecord));
    static int seq;
    snprintf(t->display_id, sizeof t->display_id, "dstream-timeline-%d-%ld", ++seq, (long)time(NULL));
    return t;
}

Timeline *timeline_new_query(const char *label, int64_t trigger_ms) {
    Timeline *t = timeline_new(trigger_ms);
    t->label = strdup(label);
    t->state_rows = -1;
    snprintf(t->display_id, sizeof t->display_id, "dstream-query-timeline-%ld-%d", (long)time(NULL), rand() % 100000);
    return t;
}

void timeline_free(Timeline *t) {
    if (!t) return;
    free(t->label);
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
    if (t->label) {   /* a query: rows and rates as Spark UI's query page sums them */
        double in_rate = 0, proc_rate = 0;
        int k = 0;
        for (; k < t->nrecs; k++) {
            const BatchRecord *r = &t->recs[k];
            in_rate += r->input_rate;
            proc_rate += r->end_ms > r->start_ms ? 1000.0 * (double)r->records / (double)(r->end_ms - r->start_ms) : 0;
        }
        char state[48] = "";
        if (t->state_rows >= 0) snprintf(state, sizeof state, ", %lld state rows", (long long)t->state_rows);
        if (asprintf(&s, "%lld batches, %lld input rows, input mean %.1f rows/s, processing mean %.1f rows/s, "
                         "batch duration mean %.1f ms / max %lld ms%s",
                     (long long)t->batches, (long long)t->records, k ? in_rate / k : 0.0, k ? proc_rate / k : 0.0,
                     t->batches ? (double)t->proc_sum / (double)t->batches : 0.0, (long long)t->proc_max, state) < 0)
            return NULL;
        return s;
    }
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

/* The per-partition detail of a batch ("tweets-0: 12, tweets-1: 30"), for tooltips; empty when the
 * batch has no named partitions. */
static void part_detail(const BatchRecord *r, char *buf, size_t n) {
    buf[0] = 0;
    if (!(r->nparts > 1 || (r->nparts == 1 && r->part_names[0][0]))) return;
    size_t k = 0;
    for (int p = 0; p < r->nparts && k + 1 < n; p++) {
        int w = snprintf(buf + k, n - k, "%s%s: %lld", p ? ", " : "", r->part_names[p], (long long)r->part_records[p]);
        if (w < 0) break;
        k += (size_t)w;
    }
}

static void batch_times(const Timeline *t, const BatchRecord *r, int64_t *proc, int64_t *sched, int64_t *total) {
    *proc = r->end_ms - r->start_ms;
    *sched = t->manual ? 0 : r->start_ms - r->time_ms;
    if (*sched < 0) *sched = 0;
    *total = t->manual ? *proc : r->end_ms - r->time_ms;
}

#define CHART_BATCHES 60   /* batches drawn */

/* The SVG chart: input records per batch (bars, left axis) and processing time (line, right
 * axis, with the batch interval dashed) over the batch times; the bars share the whole width. */
static char *svg_chart(const Timeline *t) {
    int n = t->nrecs < CHART_BATCHES ? t->nrecs : CHART_BATCHES;
    const double W = 640, H = 220, L = 56, R = 64, T = 28, B = 34, pw = W - L - R, ph = H - T - B;
    int64_t maxrec = 1, maxms = t->batch_ms > 0 ? t->batch_ms : 1;
    for (int k = 0; k < n; k++) {
        const BatchRecord *r = nth_last(t, k);
        if (r->records > maxrec) maxrec = r->records;
        if (r->end_ms - r->start_ms > maxms) maxms = r->end_ms - r->start_ms;
    }
    double rstep = chart_nice_step((double)maxrec, 4), mstep = chart_nice_step((double)maxms, 4);
    double rtop = ceil((double)maxrec / rstep) * rstep, mtop = ceil((double)maxms / mstep) * mstep;
    StrBuf b = {0};
    sb_printf(&b, "<svg xmlns='http://www.w3.org/2000/svg' width='%g' height='%g' viewBox='0 0 %g %g' "
                  "font-family='sans-serif' font-size='10'>", W, H, W, H);
    sb_printf(&b, "<rect x='%g' y='%g' width='%g' height='%g' fill='#fafafa' stroke='#ddd'/>", L, T, pw, ph);
    /* legend above the plot */
    sb_printf(&b, "<rect x='%g' y='8' width='10' height='10' fill='#e26428'/><text x='%g' y='17'>%s</text>", L, L + 14,
              t->label ? "input rows" : "input records");
    sb_printf(&b, "<line x1='%g' x2='%g' y1='13' y2='13' stroke='#2a7ab0' stroke-width='2'/><text x='%g' y='17'>%s</text>",
              L + 100, L + 120, L + 124, t->label ? "batch duration" : "processing time");
    if (t->batch_ms > 0)
        sb_printf(&b, "<line x1='%g' x2='%g' y1='13' y2='13' stroke='#999' stroke-dasharray='4 3'/><text x='%g' y='17'>%s</text>",
                  L + 220, L + 240, L + 244, t->label ? "trigger interval" : "batch interval");
    /* axes: records on the left, milliseconds on the right */
    for (double v = 0; v <= rtop + rstep / 2; v += rstep) {
        double y = T + ph - ph * v / rtop;
        sb_printf(&b, "<line x1='%g' x2='%g' y1='%.1f' y2='%.1f' stroke='#eee'/>", L, L + pw, y, y);
        sb_printf(&b, "<text x='%g' y='%.1f' text-anchor='end' fill='#e26428'>%.10g</text>", L - 4, y + 3, v);
    }
    for (double v = 0; v <= mtop + mstep / 2; v += mstep)
        sb_printf(&b, "<text x='%g' y='%.1f' fill='#2a7ab0'>%.10g ms</text>", L + pw + 4, T + ph - ph * v / mtop + 3, v);
    double slot = n ? pw / n : pw, bw = slot * 0.7 > 48 ? 48 : slot * 0.7;
    int every = n > 6 ? (n + 5) / 6 : 1;
    for (int k = 0; k < n; k++) {
        const BatchRecord *r = nth_last(t, n - 1 - k);
        double cx = L + slot * (k + 0.5), h = ph * (double)r->records / rtop;
        char detail[512], tb[32];
        part_detail(r, detail, sizeof detail);
        fmt_time(tb, sizeof tb, r->time_ms, t->manual);
        sb_printf(&b, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#e26428'><title>%s: %lld records%s%s%s, "
                      "processing %lld ms</title></rect>", cx - bw / 2, T + ph - h, bw, h, tb, (long long)r->records,
                  detail[0] ? " (" : "", detail, detail[0] ? ")" : "", (long long)(r->end_ms - r->start_ms));
        if ((n - 1 - k) % every == 0)   /* counted from the newest, which always has its time */
            sb_printf(&b, "<text x='%.1f' y='%g' text-anchor='middle'>%s</text>", cx, T + ph + 14, tb);
    }
    double yi = T + ph - ph * (double)t->batch_ms / mtop;
    if (t->batch_ms > 0)
        sb_printf(&b, "<line x1='%g' x2='%g' y1='%.1f' y2='%.1f' stroke='#999' stroke-dasharray='4 3'/>", L, L + pw, yi, yi);
    if (n) {
        sb_puts(&b, "<polyline fill='none' stroke='#2a7ab0' stroke-width='1.5' points='");
        for (int k = 0; k < n; k++) {
            const BatchRecord *r = nth_last(t, n - 1 - k);
            sb_printf(&b, "%.1f,%.1f ", L + slot * (k + 0.5), T + ph - ph * (double)(r->end_ms - r->start_ms) / mtop);
        }
        sb_puts(&b, "'/>");
    }
    sb_printf(&b, "<text x='%g' y='%g' text-anchor='middle' fill='#555'>batch time (last %d batches)</text></svg>",
              L + pw / 2, H - 4, n);
    return sb_take(&b);
}

/* The same chart in Vega-Lite 5: bars and line on independent axes, every batch's detail
 * (partitions, delays) in the tooltip. */
static json_t *vegalite_chart(const Timeline *t) {
    int n = t->nrecs < CHART_BATCHES ? t->nrecs : CHART_BATCHES;
    json_t *values = json_array();
    for (int k = 0; k < n; k++) {
        const BatchRecord *r = nth_last(t, n - 1 - k);
        char detail[512], tb[32];
        part_detail(r, detail, sizeof detail);
        fmt_time(tb, sizeof tb, r->time_ms, t->manual);
        int64_t proc, sched, total;
        batch_times(t, r, &proc, &sched, &total);
        json_array_append_new(values, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:s}", "batch", tb, "records",
                                                (json_int_t)r->records, "processing_ms", (json_int_t)proc,
                                                "scheduling_delay_ms", (json_int_t)sched, "total_delay_ms",
                                                (json_int_t)total, "interval_ms", (json_int_t)t->batch_ms,
                                                "partitions", detail[0] ? detail : "-"));
    }
    json_t *tooltip = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, "
                                "{s:s, s:s, s:s}, {s:s, s:s, s:s}]",
                                "field", "batch", "type", "ordinal", "title", "batch time",
                                "field", "records", "type", "quantitative", "title", "input records",
                                "field", "partitions", "type", "nominal", "title", "per partition",
                                "field", "processing_ms", "type", "quantitative", "title", "processing (ms)",
                                "field", "scheduling_delay_ms", "type", "quantitative", "title", "scheduling delay (ms)",
                                "field", "total_delay_ms", "type", "quantitative", "title", "total delay (ms)",
                                "field", "interval_ms", "type", "quantitative", "title", "batch interval (ms)");
    /* x on the bars and the line only: the interval's rule spans the width */
    json_t *x = json_pack("{s:s, s:s, s:n, s:s}", "field", "batch", "type", "ordinal", "sort", "title", "batch time");
    json_t *bars = json_pack("{s:{s:s, s:s}, s:{s:O, s:{s:s, s:s, s:s, s:{s:s}}, s:O}}",
                             "mark", "type", "bar", "color", "#e26428",
                             "encoding", "x", x, "y", "field", "records", "type", "quantitative", "title", "input records",
                             "axis", "titleColor", "#e26428", "tooltip", tooltip);
    json_t *times = json_pack("{s:[{s:{s:s, s:s, s:b}, s:{s:O, s:{s:s, s:s, s:s, s:{s:s}}, s:O}}, "
                              "{s:{s:s, s:s, s:[i, i]}, s:{s:{s:s, s:s, s:s}}}]}",
                              "layer",
                              "mark", "type", "line", "color", "#2a7ab0", "point", 1,
                              "encoding", "x", x, "y", "field", "processing_ms", "type", "quantitative", "title",
                              "processing time (ms)", "axis", "titleColor", "#2a7ab0", "tooltip", tooltip,
                              "mark", "type", "rule", "color", "#999999", "strokeDash", 4, 3,
                              "encoding", "y", "field", "interval_ms", "type", "quantitative", "aggregate", "max");
    json_decref(tooltip);
    json_decref(x);
    return json_pack("{s:s, s:i, s:i, s:{s:o}, s:[o, o], s:{s:{s:s}}}",
                     "$schema", VEGALITE_SCHEMA, "width", 600, "height", 180, "data", "values", values,
                     "layer", bars, times, "resolve", "scale", "y", "independent");
}

/* The chart's display (its own, so frontends that draw Vega-Lite draw it beside the table). */
static void emit_chart(Timeline *t, const InterpHooks *h, bool update) {
    char *svg = svg_chart(t), *text = NULL;
    int n = t->nrecs < CHART_BATCHES ? t->nrecs : CHART_BATCHES;
    if (asprintf(&text, "Batch timeline chart: %s of the last %d batches",
                 t->label ? "input rows and batch duration" : "input records and processing time", n) < 0)
        text = NULL;
    json_t *data = json_pack("{s:s, s:s, s:o}", "text/plain", text ? text : "", "image/svg+xml", svg, VEGALITE_MIME,
                             vegalite_chart(t));
    json_t *meta = json_object();
    char id[64];
    snprintf(id, sizeof id, "%s-chart", t->display_id);
    h->display(h->ud, data, meta, id, update);
    json_decref(data);
    json_decref(meta);
    free(svg);
    free(text);
}

/* The time and input-records cells of a batch's row; the per-partition counts are the records
 * cell's tooltip (a long list crowded the row). */
static void records_cell(FILE *fh, const char *tb, const BatchRecord *r) {
    char detail[512];
    part_detail(r, detail, sizeof detail);
    if (detail[0])
        fprintf(fh, "<td style='text-align:left'>%s</td><td style='text-align:right'><span title='%s' "
                    "style='border-bottom:1px dotted #888;cursor:help'>%lld</span></td>", tb, detail, (long long)r->records);
    else
        fprintf(fh, "<td style='text-align:left'>%s</td><td style='text-align:right'>%lld</td>", tb, (long long)r->records);
}

/* A StreamingContext's table: summary, then its last batches with their delays. */
static void dstream_table(Timeline *t, FILE *ft, FILE *fh, bool update, bool final) {
    char *sum = timeline_summary(t);
    if (!update && !t->batches)   /* what a frontend that shows no updates (jupyter console) keeps */
        fprintf(ft, "Streaming started: a batch every %lld ms; the timeline updates here in notebooks, stop() "
                    "reports the totals\n", (long long)t->batch_ms);
    else fprintf(ft, "%s %s\n", final ? "Streaming stopped:" : "Streaming:", sum ? sum : "");
    fprintf(fh, "<div class='dstream-timeline'><b>%s</b> %s<br/>", final ? "Streaming stopped:" : "Streaming (live):", sum ? sum : "");
    free(sum);
    if (t->nrecs) {
        fprintf(ft, "%-14s %10s %12s %12s %12s\n", "batch time", "records", "processing", "sched.delay", "total delay");
        fprintf(fh, "<table class='dstream-batches'><tr><th style='text-align:left'>Batch time</th>"
                    "<th style='text-align:right'>Input records</th><th style='text-align:right'>Processing time</th>"
                    "<th style='text-align:right'>Scheduling delay</th><th style='text-align:right'>Total delay</th></tr>");
        for (int k = 0; k < ROWS && k < t->nrecs; k++) {
            const BatchRecord *r = nth_last(t, k);
            char tb[32];
            fmt_time(tb, sizeof tb, r->time_ms, t->manual);
            int64_t proc, sched, total;
            batch_times(t, r, &proc, &sched, &total);
            fprintf(ft, "%-14s %10lld %9lld ms %9lld ms %9lld ms\n", tb, (long long)r->records, (long long)proc,
                    (long long)sched, (long long)total);
            fprintf(fh, "<tr>");
            records_cell(fh, tb, r);
            fprintf(fh, "<td style='text-align:right'>%lld ms</td><td style='text-align:right'>%lld ms</td>"
                        "<td style='text-align:right'>%lld ms</td></tr>", (long long)proc, (long long)sched, (long long)total);
        }
        fprintf(fh, "</table>");
    }
    fprintf(fh, "</div>");
}

/* A query's table, as Spark UI's query page: summary, then its last batches by id with input
 * rows, input and processing rates, duration and state rows. */
static void query_table(Timeline *t, FILE *ft, FILE *fh, bool update, bool final) {
    char *sum = timeline_summary(t);
    if (!update && !t->batches)
        fprintf(ft, "Streaming query %s started; the timeline updates here in notebooks\n", t->label);
    else fprintf(ft, "%s %s%s: %s\n", "Streaming query", t->label, final ? " stopped" : "", sum ? sum : "");
    StrBuf lab = {0};
    sb_html(&lab, t->label, strlen(t->label));
    fprintf(fh, "<div class='dstream-timeline'><b>Streaming query %s%s:</b> %s<br/>", lab.s, final ? " stopped" : " (live)",
            sum ? sum : "");
    free(lab.s);
    free(sum);
    if (t->nrecs) {
        bool state = t->state_rows >= 0;
        fprintf(ft, "%6s %-14s %10s %12s %14s %10s", "batch", "time", "input rows", "input/s", "processed/s", "duration");
        fprintf(ft, state ? " %10s\n" : "\n", "state rows");
        fprintf(fh, "<table class='dstream-batches'><tr><th style='text-align:right'>Batch</th><th style='text-align:left'>Time</th>"
                    "<th style='text-align:right'>Input rows</th><th style='text-align:right'>Input rows/s</th>"
                    "<th style='text-align:right'>Processed rows/s</th><th style='text-align:right'>Duration</th>%s</tr>",
                state ? "<th style='text-align:right'>State rows</th>" : "");
        for (int k = 0; k < ROWS && k < t->nrecs; k++) {
            const BatchRecord *r = nth_last(t, k);
            char tb[32];
            fmt_time(tb, sizeof tb, r->time_ms, false);
            int64_t proc = r->end_ms - r->start_ms;
            double prate = proc > 0 ? 1000.0 * (double)r->records / (double)proc : 0.0;
            fprintf(ft, "%6lld %-14s %10lld %12.1f %14.1f %7lld ms", (long long)r->batch_id, tb, (long long)r->records,
                    r->input_rate, prate, (long long)proc);
            if (state) fprintf(ft, " %10lld", (long long)r->state_rows);
            fprintf(ft, "\n");
            fprintf(fh, "<tr><td style='text-align:right'>%lld</td>", (long long)r->batch_id);
            records_cell(fh, tb, r);
            fprintf(fh, "<td style='text-align:right'>%.1f</td><td style='text-align:right'>%.1f</td>"
                        "<td style='text-align:right'>%lld ms</td>", r->input_rate, prate, (long long)proc);
            if (state) fprintf(fh, "<td style='text-align:right'>%lld</td>", (long long)r->state_rows);
            fprintf(fh, "</tr>");
        }
        fprintf(fh, "</table>");
    }
    fprintf(fh, "</div>");
}

static void emit(Timeline *t, const InterpHooks *h, bool update, bool final) {
    if (!h || !h->display) return;
    char *text = NULL, *html = NULL;
    size_t tlen = 0, hlen = 0;
    FILE *ft = open_memstream(&text, &tlen), *fh = open_memstream(&html, &hlen);
    if (t->label) query_table(t, ft, fh, update, final);
    else dstream_table(t, ft, fh, update, final);
    fclose(ft);
    fclose(fh);
    json_t *data = json_pack("{s:s, s:s}", "text/plain", text, "text/html", html);
    json_t *meta = json_object();
    h->display(h->ud, data, meta, t->display_id, update);
    json_decref(data);
    json_decref(meta);
    free(text);
    free(html);
    emit_chart(t, h, update);
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
    if (t->label) t->state_rows = rec->state_rows;
    int64_t proc = rec->end_ms - rec->start_ms, sched = rec->start_ms - rec->time_ms;
    t->proc_sum += proc;
    if (proc > t->proc_max) t->proc_max = proc;
    if (!manual && sched > t->sched_max) t->sched_max = sched;
    if (t->shown && enabled()) emit(t, interp_hooks(I), true, false);
}

void timeline_finish(Timeline *t, const InterpHooks *hooks) {
    if (t && t->shown && enabled()) emit(t, hooks, true, true);
}
