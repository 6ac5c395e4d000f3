/* batches.c — running a StreamingContext's batches: a batch at time t computes every input
 * stream's RDD (in creation order), then runs each output operation in declaration order (print,
 * foreachRDD, saveAsTextFiles), forgets the RDDs nothing needs any more, writes the checkpoint and
 * records the batch in the timeline; and the scheduler thread that runs a batch every batch
 * interval on time boundaries (start()), with the interpreter lock held. */
#include "spark/streaming/streaming_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "spark/streaming/timeline.h"


/* updateStateByKey(f: (Seq[V], Option[S]) => Option[S]) */
/* ---- batches ---- */

static void print_rdd(Interp *I, Value rdd, int64_t t, int n) {
    size_t total;
    Value *items = rdd_items(rdd_get(rdd), &total);
    interp_printf(I, 1, "-------------------------------------------\nTime: %lld ms\n-------------------------------------------\n", (long long)t);
    for (size_t i = 0; i < total && (int)i < n; i++) {
        char *s = val_to_string(I, items[i]);
        interp_printf(I, 1, "%s\n", s);
        free(s);
    }
    if ((int64_t)total > n) interp_printf(I, 1, "...\n");
    interp_printf(I, 1, "\n");
    interp_free_items(items, total);
}

static bool run_output(Interp *I, Ssc *s, Output *o, int64_t t) {
    DStream *d = ds_get(o->stream);
    if (!ds_valid_at(d, s, t)) return true;
    Value rdd;
    if (!ds_get_rdd(I, d, s, t, &rdd)) return false;
    if (rdd.t == T_UNIT) return true;
    bool ok = true;
    switch (o->kind) {
    case OUT_PRINT: print_rdd(I, rdd, t, o->n); break;
    case OUT_FOREACH: {
        Value args[2] = {rdd, ds_time_new(t)}, r;
        ok = interp_call(I, o->fn, o->fn_arity == 2 ? 2 : 1, args, &r);
        val_decref(args[1]);
        if (ok) val_decref(r);
        break;
    }
    case OUT_SAVE: {
        char *dir = NULL;
        if (asprintf(&dir, "%s-%lld%s%s", o->prefix, (long long)t, o->suffix && *o->suffix ? "." : "",
                     o->suffix ? o->suffix : "") < 0) break;
        Value p = str_take(dir), r;
        ok = interp_call_method(I, rdd, "saveAsTextFile", 1, &p, &r);
        val_decref(p);
        if (ok) val_decref(r);
        break;
    }
    }
    val_decref(rdd);
    return ok;
}

/* Drops generated RDDs no window or state needs any more. */
static void forget_old(Ssc *s, int64_t t) {
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        int64_t keep = d->remember_ms > s->remember_ms ? d->remember_ms : s->remember_ms;
        int j = 0;
        for (int k = 0; k < d->ngen; k++) {
            if (d->gen[k].t > t - keep) d->gen[j++] = d->gen[k];
            else val_decref(d->gen[k].rdd);
        }
        d->ngen = j;
    }
}

/* Runs the batch at time t (interpreter lock held). Returns false with an exception pending
 * when an output operation failed; the batch's other outputs still ran. */
bool run_batch(Interp *I, Ssc *s, int64_t t) {
    BatchRecord rec = {.time_ms = t, .submitted_ms = ds_wall_ms()};
    rec.start_ms = ds_wall_ms();
    bool ok = true;
    Value err = v_unit();
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (d->kind != DS_INPUT) continue;
        BatchInput in = {0};
        Value rdd;
        if (!d->src->ops->compute(d->src, I, t, &rdd, &in)) {
            ok = false;
            if (err.t == T_UNIT) err = interp_take_exception(I);
            rdd = ds_empty_rdd(I);
        }
        gen_put(d, t, rdd);
        val_decref(rdd);
        timeline_add_input(&rec, &in);
    }
    for (int i = 0; i < s->noutputs; i++) {
        if (!run_output(I, s, &s->outputs[i], t)) {
            Value e = interp_take_exception(I);
            if (!s->manual && interp_interrupted(I)) {
                /* interrupted (by the user, for the cell): the job stops, not the stream */
                interp_printf(I, 2, "ERROR JobScheduler: Error running job streaming job %lld ms.%d\n"
                              "java.lang.InterruptedException: the job was interrupted (the next batch waits "
                              "for the next cell; %s.stop() stops the context)\n", (long long)t, i,
                              interp_host_name(I, s, "ssc"));
                val_decref(e);
                s->job_interrupted = true;
                s->pause_cell = interp_cell_seq(I);
                s->interrupted_job_ms = t;
                continue;
            }
            ok = false;
            char *msg = interp_exception_text(I, e);
            interp_printf(I, 2, "ERROR JobScheduler: Error running job streaming job %lld ms.%d\n%s\n", (long long)t, i, msg);
            free(msg);
            if (err.t == T_UNIT) err = e;
            else val_decref(e);
        }
    }
    forget_old(s, t);
    s->batches_done++;
    rec.end_ms = ds_wall_ms();
    if (s->checkpoint_dir) {
        char *why = NULL;
        if (!ckpt_write(I, s, t, &why)) {
            interp_printf(I, 2, "WARN CheckpointWriter: could not write the checkpoint for %lld ms: %s\n", (long long)t, why ? why : "");
            free(why);
        }
    }
    if (s->timeline) timeline_record(s->timeline, I, &rec, s->manual);
    if (!ok) {
        if (s->error.t == T_UNIT) s->error = err;
        else val_decref(err);
        return false;
    }
    return true;
}

/* ---- the scheduler thread ---- */

void *scheduler(void *arg) {
    Ssc *s = arg;
    Interp *I = s->I;
    char base;
    pthread_mutex_lock(&s->mu);
    while (!s->stop_flag) {
        int64_t now = ds_wall_ms();
        bool step = s->paused && s->steps > 0;   /* the Step button: the next batch, now */
        if (s->paused && !step) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += 1;
            pthread_cond_timedwait(&s->cv, &s->mu, &ts);
            continue;
        }
        if (step) s->steps--;
        else if (now < s->next_ms) {
            struct timespec ts = {.tv_sec = s->next_ms / 1000, .tv_nsec = (s->next_ms % 1000) * 1000000};
            pthread_cond_timedwait(&s->cv, &s->mu, &ts);
            continue;
        }
        int64_t t = s->next_ms;
        /* The batch writes to the awaiting cell, else to the starting one, through its own
         * reference: an await may end (and release its hooks) while the batch still runs. */
        const InterpHooks *src = s->awaiting ? &s->await_hooks : s->has_start_hooks ? &s->start_hooks : NULL;
        InterpHooks hooks = {0};
        bool own = false;
        if (src) {
            hooks = *src;
            if (src->retain) { hooks.ud = src->retain(src->ud); own = true; }
        }
        pthread_mutex_unlock(&s->mu);
        interp_lock(I);
        if (s->job_interrupted && interp_cell_entered(I) > s->pause_cell) s->job_interrupted = false;
        if (interp_interrupted(I) || s->job_interrupted) {
            /* An interrupt that no cell has taken yet (it stopped a job, or it is meant for the
             * cell that waits), or a job that was interrupted: no new batch until a cell has
             * run, or a job started again (one that loops forever) would keep the interpreter
             * from the cell that stops it. */
            interp_unlock(I);
            if (own && hooks.release) hooks.release(hooks.ud);
            pthread_mutex_lock(&s->mu);
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 50 * 1000000;
            if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
            pthread_cond_timedwait(&s->cv, &s->mu, &ts);
            continue;
        }
        InterpThreadState saved;
        interp_thread_enter(I, &base, &hooks, &saved);
        run_batch(I, s, t);     /* an interrupt during a job stops the job and stays raised */
        controls_batch_done(s);
        interp_thread_leave(I, &saved);
        interp_unlock(I);
        if (own && hooks.release) hooks.release(hooks.ud);
        pthread_mutex_lock(&s->mu);
        s->next_ms = t + s->batch_ms;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}
