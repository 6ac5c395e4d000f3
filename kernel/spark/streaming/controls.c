/* controls.c — Stop, Pause, Resume and Step buttons under a running StreamingContext's timeline
 * (through the interpreter's controls hooks: Jupyter widgets in the notebook), with a status line
 * ("running: 12 batches", "paused after 12 batches", "stopped after 12 batches"). Pause keeps the
 * clock from starting batches; Step runs the next batch at once; Resume goes on at the next
 * batch time of the clock. Clicks come with the interpreter's lock held, as a cell runs. */
#include <stdio.h>

#include "spark/streaming/streaming_internal.h"
#include "spark/streaming/timeline.h"

enum { B_STOP, B_PAUSE, B_RESUME, B_STEP, NBUTTONS };
static const char *const labels[NBUTTONS] = {"Stop", "Pause", "Resume", "Step"};

static void refresh(Ssc *s, bool closed) {
    if (!s->controls || !s->controls_update) return;
    char status[160];
    unsigned disabled;
    pthread_mutex_lock(&s->mu);
    bool paused = s->paused;
    pthread_mutex_unlock(&s->mu);
    long long n = (long long)s->batches_done;
    if (closed || s->state == SSC_STOPPED) {
        snprintf(status, sizeof status, "stopped after %lld batch%s", n, n == 1 ? "" : "es");
        disabled = (1u << NBUTTONS) - 1;
    } else if (paused) {
        snprintf(status, sizeof status, "paused after %lld batch%s: Step runs the next one", n, n == 1 ? "" : "es");
        disabled = 1u << B_PAUSE;
    } else {
        snprintf(status, sizeof status, "running: %lld batch%s", n, n == 1 ? "" : "es");
        disabled = 1u << B_RESUME | 1u << B_STEP;
    }
    s->controls_update(s->controls_ud, s->controls, status, disabled, closed);
    if (closed) s->controls = 0;
}

/* A click, with the interpreter's lock held. */
static void on_click(void *ud, int i) {
    Ssc *s = ud;
    if (s->state != SSC_ACTIVE) return;
    pthread_mutex_lock(&s->mu);
    if (i == B_PAUSE) s->paused = true;
    else if (i == B_RESUME && s->paused) {
        s->paused = false;
        s->steps = 0;
        /* on at the clock's next batch time: the times missed while paused are skipped */
        int64_t now = ds_wall_ms();
        if (s->next_ms < now) s->next_ms = s->zero_ms + ((now - s->zero_ms) / s->batch_ms + 1) * s->batch_ms;
    } else if (i == B_STEP && s->paused) s->steps++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (i == B_STOP) {
        ssc_stop_now(s->I, s);   /* the status line says it stopped (controls_close) */
        return;
    }
    refresh(s, false);
}

void controls_show(Ssc *s, const InterpHooks *h) {
    if (s->controls || s->manual || !h || !h->controls_open || !timeline_enabled()) return;
    s->controls = h->controls_open(h->ud, labels, NBUTTONS, on_click, s);
    s->controls_update = h->controls_update;
    s->controls_ud = h->ud;   /* the starting cell's retained handle (start_hooks) */
    refresh(s, false);
}

void controls_batch_done(Ssc *s) { refresh(s, false); }

void controls_close(Ssc *s) { refresh(s, true); }
