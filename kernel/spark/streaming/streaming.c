/* streaming.c — StreamingContext: its methods (start, step, stop, await…, remember, checkpoint),
 * the StreamingContext object (getActive, getOrCreate), and the streaming layer's registration.
 * The graph of streams is dstream_graph.c's, running batches batches.c's.
 *
 * A program declares streams (inputs, transformations, windows, state) and output operations.
 * start() runs a batch every batch interval on the context's own thread, on time boundaries as
 * Spark does; step(n) runs the next n batches at once on a virtual clock that starts at 0 (as
 * Spark's ManualClock), for teaching and exact tests. A batch at time t computes every input
 * stream's RDD first (in creation order), then each output operation in declaration order; a
 * stream's RDD at t is computed once and remembered as long as windows and state need it.
 *
 * Threads: batches run with the interpreter lock held. Their output goes to the cell awaiting the
 * context, else to the cell that started it (through retained InterpHooks).
 */
#include "spark/streaming/streaming_internal.h"
#include "spark/modules.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spark/streaming/checkpoint.h"
#include "lang/ast.h"
#include "spark/streaming/timeline.h"

extern HostClass ssc_class, dstream_class, state_class, statespec_class;
static Value active_ssc;        /* the active context (owned), unit when none */

/* ---- StreamingContext ---- */

static void release_hooks(InterpHooks *h, bool *has) {
    if (*has && h->release) h->release(h->ud);
    *has = false;
}

/* Stops the context: its thread, its sources; the interpreter lock must be held by the caller
 * (it is released while joining the thread). */
static void ssc_stop_internal(Interp *I, Ssc *s) {
    if (s->state == SSC_STOPPED) return;
    bool was_active = s->state == SSC_ACTIVE;
    if (s->thread_running) {
        pthread_mutex_lock(&s->mu);
        s->stop_flag = true;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        if (pthread_equal(pthread_self(), s->thread)) pthread_detach(s->thread);
        else {
            interp_unlock(I);
            pthread_join(s->thread, NULL);
            interp_lock(I);
        }
        s->thread_running = false;
    }
    pthread_mutex_lock(&s->mu);
    s->state = SSC_STOPPED;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (d->kind == DS_INPUT && d->src->ops->stop) d->src->ops->stop(d->src);
    }
    if (was_active && s->timeline) {
        /* stopped by a cell: its hooks; by a button between cells (no cell's hooks): the
         * starting cell's, where the timeline is */
        const InterpHooks *h = interp_hooks(I);
        timeline_finish(s->timeline, h->display || !s->has_start_hooks ? h : &s->start_hooks);
    }
    controls_close(s);
    release_hooks(&s->start_hooks, &s->has_start_hooks);
    if (ssc_get(active_ssc) == s) { Value a = active_ssc; active_ssc = v_unit(); val_decref(a); }
}

void ssc_stop_now(Interp *I, Ssc *s) { ssc_stop_internal(I, s); }

static void ssc_free(void *p) {
    Ssc *s = p;
    controls_close(s);
    /* the active context is referenced by active_ssc, so a context being freed is not running */
    for (int i = 0; i < s->nstreams; i++) val_decref(s->streams[i]);
    free(s->streams);
    for (int i = 0; i < s->noutputs; i++) {
        val_decref(s->outputs[i].stream);
        val_decref(s->outputs[i].fn);
        free(s->outputs[i].prefix);
        free(s->outputs[i].suffix);
    }
    free(s->outputs);
    free(s->checkpoint_dir);
    val_decref(s->error);
    release_hooks(&s->start_hooks, &s->has_start_hooks);
    timeline_free(s->timeline);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}
static void ssc_traverse(void *p, VisitFn visit, void *ctx) {
    Ssc *s = p;
    for (int i = 0; i < s->nstreams; i++) visit(s->streams[i], ctx);
    for (int i = 0; i < s->noutputs; i++) { visit(s->outputs[i].stream, ctx); visit(s->outputs[i].fn, ctx); }
    visit(s->error, ctx);
}
static char *ssc_str(Interp *I, void *p) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.streaming.StreamingContext@%x", (unsigned)((uintptr_t)p >> 4) & 0xffffff) < 0) return NULL;
    return s;
}

static Ssc *self_ssc(Call *c) { return as_host(c->self)->data; }

static bool ssc_new(Call *c, Value *out) {
    if (!call_arity(c, 2, 5)) return false;
    /* (conf, batch) and Spark 0.9's (master, appName, batch, sparkHome, jars) make a SparkContext:
     * spark-shell refuses a second one */
    if (spark_is_conf(c->argv[0]) || c->argv[0].t == T_STR) return spark_second_context(c->I);
    if (c->argc > 3) return call_arity(c, 2, 3);
    int64_t ms;
    Value *d = call_arg(c, 1, "batchDuration");
    if (!d || !duration_ms(c->I, *d, &ms)) return false;
    if (ms <= 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "the batch interval must be positive");
    Ssc *s = calloc(1, sizeof *s);
    s->I = c->I;
    s->batch_ms = ms;
    s->error = v_unit();
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    *out = host_new(&ssc_class, s);
    return true;
}

/* Works out how long each stream must keep its RDDs for the windows and state below it. */
static void plan_remember(Ssc *s) {
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (d->remember_ms < d->slide_ms) d->remember_ms = d->slide_ms;
    }
    for (int i = s->nstreams - 1; i >= 0; i--) {
        DStream *d = ds_get(s->streams[i]);
        int64_t need = d->remember_ms;
        if (d->kind == DS_WINDOW) need = d->window_ms + d->slide_ms;
        if (d->kind == DS_REDUCEBYKEY_INV_WINDOW) { need = d->window_ms + 2 * d->slide_ms; if (d->remember_ms < 2 * d->slide_ms) d->remember_ms = 2 * d->slide_ms; }
        if (d->kind == DS_UPDATESTATE && d->remember_ms < 2 * d->slide_ms) d->remember_ms = 2 * d->slide_ms;
        for (int k = 0; k < d->nparents; k++) {
            DStream *p = ds_get(d->parents[k]);
            if (p->remember_ms < need) p->remember_ms = need;
        }
    }
}

/* Whether d or a stream it is computed from keeps state (updateStateByKey, mapWithState,
 * reduceByKeyAndWindow with an inverse function): those need a checkpoint directory. */
static bool stateful_upstream(DStream *d, int depth) {
    if (d->kind == DS_UPDATESTATE || d->kind == DS_MAPWITHSTATE || d->kind == DS_REDUCEBYKEY_INV_WINDOW) return true;
    if (depth > 10000) return false;
    for (int k = 0; k < d->nparents; k++)
        if (stateful_upstream(ds_get(d->parents[k]), depth + 1)) return true;
    return false;
}
/* As Spark's DStreamGraph.validate: only the streams an output operation reaches are checked. */
static bool needs_checkpoint(Ssc *s) {
    for (int i = 0; i < s->noutputs; i++)
        if (stateful_upstream(ds_get(s->outputs[i].stream), 0)) return true;
    return false;
}

/* Validation and source start-up common to start() and the first step(). */
/* A context that fails to start is stopped, as in Spark ("Error starting the context, marking
 * it as stopped"); the check for another active context comes first and leaves it as it is. */
static bool start_failed(Interp *I, Ssc *s) {
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (d->kind == DS_INPUT && d->src->ops->stop) d->src->ops->stop(d->src);
    }
    s->state = SSC_STOPPED;
    (void)I;
    return false;
}

static bool ssc_begin(Call *c, Ssc *s, bool manual) {
    Interp *I = c->I;
    if (s->state == SSC_ACTIVE) return interp_throw(I, "java.lang.IllegalStateException", "StreamingContext has already been started");
    if (s->state == SSC_STOPPED) return interp_throw(I, "java.lang.IllegalStateException", "StreamingContext has already been stopped");
    if (active_ssc.t != T_UNIT && ssc_get(active_ssc) != s)
        return interp_throw(I, "java.lang.IllegalStateException", "Only one StreamingContext may be started in this JVM. "
                            "Currently running StreamingContext was started at an earlier cell (stop it with "
                            "%s.stop(stopSparkContext = false))", interp_host_name(I, ssc_get(active_ssc), "ssc"));
    if (s->noutputs == 0) {
        interp_throw(I, "java.lang.IllegalArgumentException", "requirement failed: No output operations registered, so nothing to execute");
        return start_failed(I, s);
    }
    if (needs_checkpoint(s) && !s->checkpoint_dir) {
        interp_throw(I, "java.lang.IllegalArgumentException", "requirement failed: The checkpoint directory has not been set. "
                     "Please set it by StreamingContext.checkpoint().");
        return start_failed(I, s);
    }
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (d->kind == DS_INPUT && d->src->ops->start && !d->src->ops->start(d->src, I)) return start_failed(I, s);
    }
    plan_remember(s);
    serial_warn(I, c->self);
    s->manual = manual;
    if (manual) { s->zero_ms = 0; s->next_ms = s->batch_ms; }
    else {
        int64_t now = ds_wall_ms();
        s->next_ms = (now / s->batch_ms + 1) * s->batch_ms;
        s->zero_ms = s->next_ms - s->batch_ms;
    }
    if (s->checkpoint_dir && s->restore) {
        int64_t resume, zero;
        char *why = NULL;
        int r = ckpt_restore(I, s, &resume, &zero, &why);
        if (r < 0) {
            interp_throw(I, "org.apache.spark.SparkException", "could not restore the checkpoint in %s: %s", s->checkpoint_dir, why ? why : "");
            free(why);
            return start_failed(I, s);
        }
        if (r > 0) {
            /* continue after the checkpointed batch on the first run's time grid (its zero time,
             * as Spark keeps it), so windows and state carry on. On the real clock the batches of
             * the time nothing ran are run first, back to back, as Spark's JobGenerator.restart
             * does (each batch's state is computed from the one before). */
            s->zero_ms = zero <= resume ? zero : resume % s->batch_ms;
            int64_t missed = manual || s->next_ms <= resume ? 0 : (s->next_ms - resume) / s->batch_ms - 1;
            s->next_ms = resume + s->batch_ms;
            interp_printf(I, 1, "Restored the streaming state from the checkpoint of %lld ms in %s\n", (long long)resume, s->checkpoint_dir);
            if (missed > 0)
                interp_printf(I, 1, "Running the %lld batches of the time the context was down first\n", (long long)missed);
        }
    }
    s->state = SSC_ACTIVE;
    s->start_wall_ms = ds_wall_ms();
    active_ssc = c->self;
    val_incref(active_ssc);
    if (!s->timeline) s->timeline = timeline_new(s->batch_ms);
    return true;
}

static bool ssc_start(Call *c, Value *out) {
    Ssc *s = self_ssc(c);
    if (s->state == SSC_ACTIVE) {   /* Spark only logs it */
        interp_printf(c->I, 2, "WARN StreamingContext: StreamingContext has already been started\n");
        *out = v_unit();
        return true;
    }
    if (!ssc_begin(c, s, false)) return false;
    const InterpHooks *h = interp_hooks(c->I);
    if (h->retain) {
        s->start_hooks = *h;
        s->start_hooks.ud = h->retain(h->ud);
        s->has_start_hooks = true;
    }
    s->start_cell = h->ud;
    timeline_attach(s->timeline, c->I, h);
    if (s->has_start_hooks) controls_show(s, &s->start_hooks);
    s->stop_flag = false;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64u << 20);
    if (pthread_create(&s->thread, &attr, scheduler, s) != 0) {
        pthread_attr_destroy(&attr);
        ssc_stop_internal(c->I, s);
        return interp_throw(c->I, "java.lang.IllegalStateException", "could not start the streaming thread: %s", strerror(errno));
    }
    pthread_attr_destroy(&attr);
    s->thread_running = true;
    *out = v_unit();
    return true;
}

static bool ssc_step(Call *c, Value *out) {
    Ssc *s = self_ssc(c);
    int64_t n = 1;
    if (c->argc && !arg_long(c, 0, &n)) return false;
    if (s->state == SSC_ACTIVE && !s->manual)
        return interp_throw(c->I, "java.lang.IllegalStateException", "step() drives a context on the virtual clock; this "
                            "one was started with start() and runs on the real clock");
    if (s->state != SSC_ACTIVE) {
        if (!ssc_begin(c, s, true)) return false;
        /* no live display on the virtual clock: each step's output is the lesson */
    }
    for (int64_t i = 0; i < n; i++) {
        int64_t t = s->next_ms;
        s->next_ms += s->batch_ms;
        if (!run_batch(c->I, s, t)) {
            Value e = s->error;
            s->error = v_unit();
            return interp_throw_value(c->I, e);
        }
        if (interp_interrupted(c->I)) return interp_throw(c->I, "Interrupted", "stepping was interrupted after the batch of %lld ms", (long long)t);
    }
    *out = v_unit();
    return true;
}

static bool ssc_stop(Call *c, Value *out) {
    Ssc *s = self_ssc(c);
    Value *stop_sc = call_arg(c, 0, "stopSparkContext");
    if (stop_sc && stop_sc->t == T_BOOL && stop_sc->u.b)
        interp_printf(c->I, 2, "Note: the SparkContext is kept (it lives as long as the kernel); the StreamingContext is stopped.\n");
    bool was_active = s->state == SSC_ACTIVE;
    ssc_stop_internal(c->I, s);
    if (was_active && s->timeline)
        timeline_stopped(s->timeline, interp_hooks(c->I), interp_host_name(c->I, s, "ssc"));
    *out = v_unit();
    return true;
}

/* Waits until the context stops, the timeout passes, a batch fails, or the cell is interrupted. */
static bool ssc_await(Call *c, Value *out, int64_t timeout_ms, bool returns_bool) {
    Ssc *s = self_ssc(c);
    Interp *I = c->I;
    int64_t deadline = timeout_ms >= 0 ? ds_wall_ms() + timeout_ms : INT64_MAX;
    const InterpHooks *h = interp_hooks(I);
    if (s->state == SSC_ACTIVE && !s->manual && h->retain) {
        pthread_mutex_lock(&s->mu);
        s->await_hooks = *h;
        s->await_hooks.ud = h->retain(h->ud);
        s->awaiting = true;
        pthread_mutex_unlock(&s->mu);
        if (h->ud != s->start_cell) timeline_attach(s->timeline, I, h);   /* a later cell: show it there too */
    }
    interp_unlock(I);
    bool stopped = false, interrupted = false;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        if (s->state == SSC_STOPPED || (s->state == SSC_INITIALIZED)) { stopped = s->state == SSC_STOPPED; break; }
        if (s->manual) break;
        if (s->error.t != T_UNIT) break;
        if (interp_interrupted(I)) { interrupted = true; break; }
        int64_t now = ds_wall_ms();
        if (now >= deadline) break;
        int64_t until = now + 100 < deadline ? now + 100 : deadline;
        struct timespec ts = {.tv_sec = until / 1000, .tv_nsec = (until % 1000) * 1000000};
        pthread_cond_timedwait(&s->cv, &s->mu, &ts);
        if (h->poll_events) {   /* the buttons' clicks (Stop ends this wait) */
            pthread_mutex_unlock(&s->mu);
            interp_lock(I);
            h->poll_events(h->ud);
            interp_unlock(I);
            pthread_mutex_lock(&s->mu);
        }
    }
    if (s->awaiting) {
        s->awaiting = false;
        if (s->await_hooks.release) s->await_hooks.release(s->await_hooks.ud);
    }
    pthread_mutex_unlock(&s->mu);
    interp_lock(I);
    if (s->error.t != T_UNIT) {
        Value e = s->error;
        s->error = v_unit();
        return interp_throw_value(I, e);
    }
    if (interrupted && s->job_interrupted && s->pause_cell == interp_cell_seq(I))
        /* the interrupt stopped a job of this context (perhaps while this cell waited for it) */
        return interp_throw(I, "Interrupted", "stopped waiting for the StreamingContext; the job of the batch "
                            "at %lld ms was interrupted (java.lang.InterruptedException) and no batch runs "
                            "until the next cell; the context is still running (stop it with %s.stop())",
                            (long long)s->interrupted_job_ms, interp_host_name(I, s, "ssc"));
    if (interrupted) return interp_throw(I, "Interrupted", "stopped waiting for the StreamingContext; it is still "
                                         "running (stop it with %s.stop())", interp_host_name(I, s, "ssc"));
    *out = returns_bool ? v_bool(stopped) : v_unit();
    return true;
}
static bool ssc_await_termination(Call *c, Value *out) {
    int64_t t = -1;
    if (c->argc && !arg_long(c, 0, &t)) return false;
    return ssc_await(c, out, t, false);
}
static bool ssc_await_timeout(Call *c, Value *out) {
    int64_t t;
    if (!arg_long(c, 0, &t)) return false;
    return ssc_await(c, out, t, true);
}

static bool ssc_remember(Call *c, Value *out) {
    Ssc *s = self_ssc(c);
    if (!duration_ms(c->I, c->argv[0], &s->remember_ms)) return false;
    *out = v_unit();
    return true;
}
static bool ssc_checkpoint(Call *c, Value *out) {
    Ssc *s = self_ssc(c);
    const char *dir;
    if (!arg_string(c, 0, &dir)) return false;
    if (!checkpoint_prepare_dir(c->I, dir)) return false;
    free(s->checkpoint_dir);
    s->checkpoint_dir = strdup(dir);
    *out = v_unit();
    return true;
}
static bool ssc_sc(Call *c, Value *out) { *out = spark_context(c->I); val_incref(*out); return true; }
/* StreamingContextState: Spark's Java enum INITIALIZED, ACTIVE, STOPPED. Its three constants are
 * one object each (made at init), so == and pattern matching compare them as the JVM does. */
static const char *const state_names[] = {"INITIALIZED", "ACTIVE", "STOPPED"};
static Value state_consts[3];
static HostClass sscstate_class;
static int sscstate_of(Value v) {
    if (v.t != T_HOST || as_host(v)->cls != &sscstate_class) return -1;
    return (int)(intptr_t)as_host(v)->data - 1;
}
static char *sscstate_str(Interp *I, void *d) { (void)I; return strdup(state_names[(intptr_t)d - 1]); }
static bool sscstate_name(Call *c, Value *out) { *out = str_cstr(state_names[sscstate_of(c->self)]); return true; }
static bool sscstate_ordinal(Call *c, Value *out) { *out = v_int(sscstate_of(c->self)); return true; }
static const MethodDef sscstate_methods[] = {
    METHOD("name", sscstate_name, 0, 0, "def name(): String", "The constant's name."),
    METHOD("toString", sscstate_name, 0, 0, "def toString(): String", "The constant's name."),
    METHOD("ordinal", sscstate_ordinal, 0, 0, "def ordinal(): Int", "Its position: INITIALIZED 0, ACTIVE 1, STOPPED 2."),
};
static HostClass sscstate_class = {.name = "StreamingContextState", .qualified = "org.apache.spark.streaming.StreamingContextState",
                                   .doc = "A StreamingContext's state: INITIALIZED, ACTIVE or STOPPED.",
                                   .doc_url = SS_DOC "StreamingContextState.html",
                                   HOST_METHODS(sscstate_methods), .to_string = sscstate_str};
static bool sscstate_obj_get(Call *c, Value *out) {
    *out = state_consts[CALL_TAG(c)];
    val_incref(*out);
    return true;
}
static const MethodDef sscstate_obj_methods[] = {
    METHOD_DATA("INITIALIZED", sscstate_obj_get, 0, 0, 0, "val INITIALIZED: StreamingContextState", "Created, not started."),
    METHOD_DATA("ACTIVE", sscstate_obj_get, 1, 0, 0, "val ACTIVE: StreamingContextState", "Started, not stopped."),
    METHOD_DATA("STOPPED", sscstate_obj_get, 2, 0, 0, "val STOPPED: StreamingContextState", "Stopped."),
};
static HostClass sscstate_obj = {.name = "StreamingContextState$", .qualified = "org.apache.spark.streaming.StreamingContextState$",
                                 .doc = "The states of a StreamingContext: INITIALIZED, ACTIVE, STOPPED.",
                                 HOST_METHODS(sscstate_obj_methods)};
static bool ssc_getstate(Call *c, Value *out) {
    *out = state_consts[self_ssc(c)->state];
    val_incref(*out);
    return true;
}
static bool ssc_union(Call *c, Value *out) {
    Value *items;
    size_t n;
    if (!interp_iter_items(c->I, c->argv[0], &items, &n) || n == 0) return interp_throw(c->I, "error", "union needs a Seq of DStreams");
    Value acc = items[0];
    val_incref(acc);
    for (size_t i = 1; i < n; i++) {
        Value next;
        if (!interp_call_method(c->I, acc, "union", 1, &items[i], &next)) { val_decref(acc); interp_free_items(items, n); return false; }
        val_decref(acc);
        acc = next;
    }
    interp_free_items(items, n);
    *out = acc;
    return true;
}
static bool ssc_batchtimes(Call *c, Value *out) {
    Ssc *s = self_ssc(c);
    *out = v_long(s->batches_done);
    return true;
}

/* sources (sources.c) */
bool source_queue_stream(Call *c, Value *out);
bool source_socket_text_stream(Call *c, Value *out);
bool source_text_file_stream(Call *c, Value *out);

static const MethodDef ssc_methods[] = {
    METHOD("start", ssc_start, 0, 0, "def start(): Unit", "Starts the context: a batch every batch interval, on the context's own thread, while other cells run."),
    METHOD("step", ssc_step, 0, 1, "def step(numBatches: Int = 1): Unit", "Runs the next numBatches batches at once on a virtual clock starting at 0 (not in Spark: for teaching and exact tests)."),
    METHOD("stop", ssc_stop, 0, 2, "def stop(stopSparkContext: Boolean = true, stopGracefully: Boolean = false): Unit", "Stops the context (the SparkContext stays: it lives as long as the kernel)."),
    METHOD("awaitTermination", ssc_await_termination, 0, 1, "def awaitTermination(): Unit", "Blocks the cell until the context stops, showing its batches' output here; interrupt stops waiting."),
    METHOD("awaitTerminationOrTimeout", ssc_await_timeout, 1, 1, "def awaitTerminationOrTimeout(timeout: Long): Boolean", "Blocks for at most timeout ms; true if the context stopped."),
    METHOD("remember", ssc_remember, 1, 1, "def remember(duration: Duration): Unit", "Keeps each stream's RDDs at least this long."),
    METHOD("checkpoint", ssc_checkpoint, 1, 1, "def checkpoint(directory: String): Unit", "Saves offsets, windows and state after every batch into directory (needed by stateful operations)."),
    METHOD("sparkContext", ssc_sc, 0, 0, "def sparkContext: SparkContext", "The SparkContext."),
    METHOD("getState", ssc_getstate, 0, 0, "def getState(): StreamingContextState", "INITIALIZED, ACTIVE or STOPPED."),
    METHOD("union", ssc_union, 1, 1, "def union[T](streams: Seq[DStream[T]]): DStream[T]", "The union of the streams."),
    METHOD("queueStream", source_queue_stream, 1, 3, "def queueStream[T](queue: Queue[RDD[T]], oneAtATime: Boolean = true, defaultRDD: RDD[T] = null): InputDStream[T]", "A stream of the RDDs put into queue: one (or all) per batch."),
    METHOD("socketTextStream", source_socket_text_stream, 2, 3, "def socketTextStream(hostname: String, port: Int): ReceiverInputDStream[String]", "The lines received on a TCP connection, batched."),
    METHOD("textFileStream", source_text_file_stream, 1, 1, "def textFileStream(directory: String): DStream[String]", "The lines of new files appearing in directory."),
    METHOD("batchesRun", ssc_batchtimes, 0, 0, "def batchesRun: Long", "How many batches have run (not in Spark)."),
};
HostClass ssc_class = {.name = "StreamingContext", .qualified = "org.apache.spark.streaming.StreamingContext",
                       .doc = "The entry point of Spark Streaming: new StreamingContext(sc, Seconds(2)).",
                       .doc_url = SS_DOC "StreamingContext.html",
                       HOST_METHODS(ssc_methods),
                       .construct = ssc_new, .ctor_signature = "new StreamingContext(sparkContext: SparkContext, batchDuration: Duration)",
                       .finalize = ssc_free, .traverse = ssc_traverse, .to_string = ssc_str};

/* StreamingContext.getActive / getActiveOrCreate / getOrCreate */

/* Calls the creating function; a def without parameters named as the argument may reach us
 * already called (the interpreter calls such a def when it is named), so a context is taken as
 * the function's result. */
static bool create_context(Interp *I, Value f, Value *out) {
    if (ssc_get(f)) { val_incref(f); *out = f; return true; }
    return interp_call(I, f, 0, NULL, out);
}
static bool obj_getactive(Call *c, Value *out) {
    (void)c;
    if (active_ssc.t == T_UNIT) { *out = v_none(); return true; }
    val_incref(active_ssc);
    *out = some_new(active_ssc);
    return true;
}
static bool obj_getactiveorcreate(Call *c, Value *out) {
    Value *f = call_arg(c, c->argc - 1, "creatingFunc");
    if (active_ssc.t != T_UNIT) { val_incref(active_ssc); *out = active_ssc; return true; }
    if (!f) return interp_throw(c->I, "error", "getActiveOrCreate needs a function that creates a StreamingContext");
    if (!create_context(c->I, *f, out)) return false;
    if (!ssc_get(*out)) { val_decref(*out); return interp_throw(c->I, "error", "type mismatch: the creating function must return a StreamingContext"); }
    return true;
}
static bool obj_getorcreate(Call *c, Value *out) {
    const char *dir;
    if (!arg_string(c, 0, &dir)) return false;
    Value *f = call_arg(c, 1, "creatingFunc");
    if (!f) return interp_throw(c->I, "error", "getOrCreate needs a checkpoint directory and a creating function");
    /* Spark rebuilds the graph from the checkpoint; here the creating function rebuilds it and
     * the checkpointed state (offsets, windows, state) is restored into it at start. */
    if (!create_context(c->I, *f, out)) return false;
    Ssc *s = ssc_get(*out);
    if (!s) { val_decref(*out); return interp_throw(c->I, "error", "type mismatch: the creating function must return a StreamingContext"); }
    if (!s->checkpoint_dir) {
        if (!checkpoint_prepare_dir(c->I, dir)) { val_decref(*out); return false; }
        s->checkpoint_dir = strdup(dir);
    }
    s->restore = true;
    return true;
}
static const MethodDef ssc_obj_methods[] = {
    METHOD("getActive", obj_getactive, 0, 0, "def getActive(): Option[StreamingContext]", "The active context, if any."),
    METHOD("getActiveOrCreate", obj_getactiveorcreate, 1, 2, "def getActiveOrCreate(creatingFunc: () => StreamingContext): StreamingContext", "The active context, or a new one from creatingFunc."),
    METHOD("getOrCreate", obj_getorcreate, 2, 4, "def getOrCreate(checkpointPath: String, creatingFunc: () => StreamingContext): StreamingContext", "A context that resumes from the checkpoint in checkpointPath when there is one."),
};
static HostClass ssc_obj = {.name = "StreamingContext$", .qualified = "org.apache.spark.streaming.StreamingContext",
                            HOST_METHODS(ssc_obj_methods)};

/* ---- registration ---- */

/* Spark 3.4 deprecated the DStream API through its entry point (SPARK-42075): spark-shell warns
 * at every use of the StreamingContext class or object. */
static const Deprecation ssc_deprecated[] = {{"StreamingContext", NULL, NULL, "Spark 3.4.0"}};

void streaming_init(Interp *I) {
    active_ssc = v_unit();
    interp_register_deprecations(I, ssc_deprecated, 1);
    interp_register_class(I, &ssc_class);
    interp_register_class(I, &ssc_obj);
    interp_register_class(I, &dstream_class);
    interp_register_global(I, "StreamingContext", host_new(&ssc_obj, NULL), "object StreamingContext",
                           "StreamingContext.getActive, getActiveOrCreate(f), getOrCreate(checkpointDir, f).");
    interp_register_class(I, &sscstate_class);
    interp_register_class(I, &sscstate_obj);
    /* the constants also under their dotted names, which a stable-identifier pattern looks up
     * (`case StreamingContextState.ACTIVE =>`), as the qualified names of objects are */
    static const char *const const_names[] = {"StreamingContextState.INITIALIZED", "StreamingContextState.ACTIVE",
                                              "StreamingContextState.STOPPED"};
    for (int i = 0; i < 3; i++) {
        state_consts[i] = host_new(&sscstate_class, (void *)(intptr_t)(i + 1));
        val_incref(state_consts[i]);
        interp_register_global(I, const_names[i], state_consts[i], sscstate_obj_methods[i].signature, sscstate_obj_methods[i].doc);
    }
    static const char *const state_obj_names[] = {"StreamingContextState", "org.apache.spark.streaming.StreamingContextState"};
    for (int i = 0; i < 2; i++)
        interp_register_global(I, state_obj_names[i], host_new(&sscstate_obj, NULL), "object StreamingContextState",
                               sscstate_obj.doc);
}

void streaming_free(Interp *I) {
    if (active_ssc.t != T_UNIT) {
        interp_lock(I);
        ssc_stop_internal(I, ssc_get(active_ssc));
        interp_unlock(I);
    }
    for (int i = 0; i < 3; i++) { val_decref(state_consts[i]); state_consts[i] = v_unit(); }
}
