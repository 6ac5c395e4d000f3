/* progress.c — the live progress display of long operations (see progress.h). */
#include "lang/progress.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/strbuf.h"

struct Progress {
    Interp *I;
    char *what, *unit;
    int64_t t0, after_ms, last_ms, total;
    bool shown;
    char id[64];
};

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1234567 → "1,234,567" */
static void grouped(char *buf, size_t n, int64_t v) {
    char raw[32];
    int len = snprintf(raw, sizeof raw, "%lld", (long long)(v < 0 ? -v : v));
    size_t k = 0;
    if (v < 0 && k + 1 < n) buf[k++] = '-';
    for (int i = 0; i < len && k + 2 < n; i++) {
        if (i && (len - i) % 3 == 0) buf[k++] = ',';
        buf[k++] = raw[i];
    }
    buf[k] = 0;
}

Progress *progress_begin(Interp *I, const char *what, const char *unit) {
    Progress *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->I = I;
    p->what = strdup(what);
    p->unit = strdup(unit);
    p->t0 = now_ms();
    p->total = -1;
    const char *env = getenv("DSTREAM_PROGRESS_AFTER_MS");
    p->after_ms = env && *env ? atoll(env) : 1000;
    static int seq;
    snprintf(p->id, sizeof p->id, "dstream-progress-%d-%lld", ++seq, (long long)time(NULL));
    return p;
}

static void emit(Progress *p, int64_t done, bool final) {
    const InterpHooks *h = interp_hooks(p->I);
    if (!h || !h->display) return;
    char d[32], t[32], text[512], html[1024];
    grouped(d, sizeof d, done);
    grouped(t, sizeof t, p->total);
    double secs = (double)(now_ms() - p->t0) / 1000.0;
    int pct = p->total > 0 ? (int)(100.0 * (double)done / (double)p->total) : -1;
    if (pct > 100) pct = 100;
    if (final)
        snprintf(text, sizeof text, "%s: %s %s, done in %.1f s", p->what, d, p->unit, secs);
    else if (p->total >= 0)
        snprintf(text, sizeof text, "%s: %s of %s %s (%d%%), %.1f s", p->what, d, t, p->unit, pct, secs);
    else
        snprintf(text, sizeof text, "%s: %s %s, %.1f s", p->what, d, p->unit, secs);
    /* what, unit and the numbers come from the kernel's own strings: topic names, paths */
    StrBuf esc = {0};
    sb_html(&esc, text, strlen(text));
    if (final || p->total < 0)
        snprintf(html, sizeof html, "<div class='dstream-progress'>%s</div>", esc.s);
    else
        snprintf(html, sizeof html, "<div class='dstream-progress'><progress value='%lld' max='%lld' "
                 "style='width:240px;vertical-align:middle'></progress> %s</div>", (long long)done, (long long)p->total, esc.s);
    free(esc.s);
    json_t *data = json_pack("{s:s, s:s}", "text/plain", text, "text/html", html);
    json_t *meta = json_object();
    h->display(h->ud, data, meta, p->id, p->shown);
    json_decref(data);
    json_decref(meta);
    p->shown = true;
    p->last_ms = now_ms();
}

void progress_update(Progress *p, int64_t done, int64_t total) {
    if (!p) return;
    p->total = total;
    int64_t now = now_ms();
    if (now - p->t0 < p->after_ms) return;
    if (p->shown && now - p->last_ms < 250) return;
    emit(p, done, false);
}

void progress_end(Progress *p, int64_t done) {
    if (!p) return;
    if (p->shown) emit(p, done, true);
    free(p->what);
    free(p->unit);
    free(p);
}
