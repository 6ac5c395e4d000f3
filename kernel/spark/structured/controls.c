/* controls.c — Stop, Pause, Resume and Step buttons under a running query's timeline (the same
 * widgets as a StreamingContext's, spark/streaming/controls.c), with a status line ("running: 3
 * batches", "paused after 3 batches: Step runs the next trigger", "stopped after 3 batches").
 * Pause keeps the query's thread from starting triggers; Step runs one trigger at once (a batch
 * if there is new data); Resume goes on. Only for queries that run until stopped (the default
 * and processing-time triggers): Once and AvailableNow end by themselves. Clicks come with the
 * interpreter's lock held. */
#include <stdio.h>

#include "spark/structured/structured_internal.h"
#include "spark/streaming/timeline.h"

enum { B_STOP, B_PAUSE, B_RESUME, B_STEP, NBUTTONS };
static const char *const labels[NBUTTONS] = {"Stop", "Pause", "Resume", "Step"};

void qcontrols_refresh(Query *q, bool closed) {
    if (!q->controls || !q->controls_update) return;
    char status[160];
    unsigned disabled;
    pthread_mutex_lock(&q->mu);
    bool paused = q->paused, ended = q->stop_flag || q->terminated;
    long long n = (long long)q->batch_id;
    pthread_mutex_unlock(&q->mu);
    const char *es = n == 1 ? "" : "es";
    if (closed || ended) {
        snprintf(status, sizeof status, "stopped after %lld batch%s", n, es);
        disabled = (1u << NBUTTONS) - 1;
    } else if (paused) {
        snprintf(status, sizeof status, "paused after %lld batch%s: Step runs the next trigger", n, es);
        disabled = 1u << B_PAUSE;
    } else {
        snprintf(status, sizeof status, "running: %lld batch%s", n, es);
        disabled = 1u << B_RESUME | 1u << B_STEP;
    }
    q->controls_update(q->controls_ud, q->controls, status, disabled, closed);
    if (closed) q->controls = 0;
}

/* A click, with the interpreter's lock held. */
static void on_click(void *ud, int i) {
    Query *q = ud;
    pthread_mutex_lock(&q->mu);
    if (q->terminated || q->stop_flag) { pthread_mutex_unlock(&q->mu); return; }
    if (i == B_STOP) q->stop_flag = true;   /* the thread ends; its end closes the buttons */
    else if (i == B_PAUSE) q->paused = true;
    else if (i == B_RESUME) { q->paused = false; q->steps = 0; }
    else if (i == B_STEP && q->paused) q->steps++;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    qcontrols_refresh(q, false);
}

void qcontrols_show(Query *q, const InterpHooks *h) {
    if (q->controls || q->ui_closed || !h || !h->controls_open || !timeline_enabled()) return;
    if (q->trig.kind == TRIG_ONCE || q->trig.kind == TRIG_AVAILABLE_NOW) return;
    q->controls = h->controls_open(h->ud, labels, NBUTTONS, on_click, q);
    q->controls_update = h->controls_update;
    q->controls_ud = h->ud;   /* the starting cell's retained handle (start_hooks) */
    qcontrols_refresh(q, false);
}
