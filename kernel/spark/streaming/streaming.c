/* streaming.c — StreamingContext and the DStream graph.
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
static int next_stream_id;

int64_t ds_wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

Ssc *ssc_get(Value v) {
    return v.t == T_HOST && as_host(v)->cls == &ssc_class ? as_host(v)->data : NULL;
}
int64_t ssc_batch_ms(const Ssc *s) { return s->batch_ms; }

DStream *ds_get(Value v) {
    if (v.t != T_HOST) return NULL;
    const HostClass *c = as_host(v)->cls;
    return c == &dstream_class ? as_host(v)->data : NULL;
}
InputSource *dstream_source(Value v) {
    DStream *d = ds_get(v);
    return d ? d->src : NULL;
}

/* ---- DStream objects ---- */

void ds_free(void *p) {
    DStream *d = p;
    val_decref(d->ssc_v);
    for (int i = 0; i < d->nparents; i++) val_decref(d->parents[i]);
    val_decref(d->fn); val_decref(d->fn2); val_decref(d->fn3);
    for (int i = 0; i < d->ngen; i++) val_decref(d->gen[i].rdd);
    free(d->gen);
    val_decref(d->state);
    if (d->src) { if (d->src->destroy) d->src->destroy(d->src); }
    free(d);
}
void ds_traverse(void *p, VisitFn visit, void *ctx) {
    DStream *d = p;
    visit(d->ssc_v, ctx);
    for (int i = 0; i < d->nparents; i++) visit(d->parents[i], ctx);
    visit(d->fn, ctx); visit(d->fn2, ctx); visit(d->fn3, ctx);
    for (int i = 0; i < d->ngen; i++) visit(d->gen[i].rdd, ctx);
    visit(d->state, ctx);
    if (d->src && d->src->traverse) d->src->traverse(d->src, visit, ctx);
}
char *ds_str(Interp *I, void *p) {
    (void)I;
    DStream *d = p;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.streaming.dstream.%s@%x", d->cls, 0x1000 + d->id) < 0) return NULL;
    return s;
}
static __thread char ds_type_buf[160];
const char *ds_type(void *p) {
    DStream *d = p;
    const char *base = d->kind == DS_INPUT && d->src && !strcmp(d->src->kind, "DirectKafkaInputDStream")
                           ? "org.apache.spark.streaming.dstream.InputDStream"
                           : d->kind == DS_MAPWITHSTATE ? "org.apache.spark.streaming.dstream.MapWithStateDStream"
                           : "org.apache.spark.streaming.dstream.DStream";
    snprintf(ds_type_buf, sizeof ds_type_buf, "%s[%s]", base, d->elem_type ? d->elem_type : "Any");
    return ds_type_buf;
}

bool ds_not_after_start(Interp *I, Ssc *s) {
    if (s->state == SSC_INITIALIZED) return true;
    return interp_throw(I, "java.lang.IllegalStateException", "%s", s->state == SSC_ACTIVE
        ? "Adding new inputs, transformations, and output operations after starting a context is not supported"
        : "Adding new inputs, transformations, and output operations after stopping a context is not supported");
}

static Value ds_new(Interp *I, Value ssc_v, DsKind kind, const char *cls, int64_t slide_ms) {
    Ssc *s = ssc_get(ssc_v);
    DStream *d = calloc(1, sizeof *d);
    d->id = next_stream_id++;
    d->kind = kind;
    d->cls = cls;
    d->ssc_v = ssc_v;
    val_incref(ssc_v);
    d->fn = d->fn2 = d->fn3 = d->state = v_unit();
    d->slide_ms = slide_ms;
    d->elem_type = NULL;
    Value v = host_new(&dstream_class, d);
    if (s->nstreams == s->cstreams) {
        s->cstreams = s->cstreams ? s->cstreams * 2 : 8;
        s->streams = realloc(s->streams, (size_t)s->cstreams * sizeof(Value));
    }
    s->streams[s->nstreams++] = v;
    val_incref(v);
    (void)I;
    return v;
}

bool dstream_can_add(Interp *I, Value ssc_v) { return ds_not_after_start(I, ssc_get(ssc_v)); }

Value dstream_new_input(Interp *I, Value ssc_v, InputSource *src) {
    Ssc *s = ssc_get(ssc_v);
    Value v = ds_new(I, ssc_v, DS_INPUT, src->kind, s->batch_ms);
    ds_get(v)->src = src;
    ds_get(v)->elem_type = src->elem_type;
    return v;
}

/* A child stream of parent (a DStream value); slide_ms 0: the parent's slide. */
Value ds_child_of(Interp *I, Value parent, DsKind kind, const char *cls, Value fn, int64_t slide_ms) {
    DStream *p = ds_get(parent);
    Value v = ds_new(I, p->ssc_v, kind, cls, slide_ms ? slide_ms : p->slide_ms);
    DStream *d = ds_get(v);
    d->parents[0] = parent;
    val_incref(parent);
    d->nparents = 1;
    d->fn = fn;
    val_incref(fn);
    return v;
}
/* A child stream of self. */
Value ds_child(Call *c, DsKind kind, const char *cls, Value fn, int64_t slide_ms) {
    return ds_child_of(c->I, c->self, kind, cls, fn, slide_ms);
}

/* ---- computing a stream's RDD at a time ---- */

bool ds_valid_at(DStream *d, Ssc *s, int64_t t) {
    return t > s->zero_ms && (t - s->zero_ms) % d->slide_ms == 0;
}
Value gen_find(DStream *d, int64_t t) {
    for (int i = d->ngen - 1; i >= 0; i--) if (d->gen[i].t == t) return d->gen[i].rdd;
    return v_unit();
}
void gen_put(DStream *d, int64_t t, Value rdd) {
    if (d->ngen == d->cgen) {
        d->cgen = d->cgen ? d->cgen * 2 : 8;
        d->gen = realloc(d->gen, (size_t)d->cgen * sizeof(GenRdd));
    }
    d->gen[d->ngen].t = t;
    d->gen[d->ngen].rdd = rdd;
    val_incref(rdd);
    d->ngen++;
}
Value ds_empty_rdd(Interp *I) { return rdd_from_items(I, "EmptyRDD", "emptyRDD", NULL, 0, 0); }

static bool ds_compute(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out);

/* The stream's RDD at t (new reference), or unit when the stream has none at t. */
bool ds_get_rdd(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out) {
    *out = v_unit();
    if (!ds_valid_at(d, s, t)) return true;
    Value have = gen_find(d, t);
    if (have.t != T_UNIT) { val_incref(have); *out = have; return true; }
    if (d->kind == DS_INPUT) { *out = ds_empty_rdd(I); return true; }   /* before it started */
    Value r;
    if (!ds_compute(I, d, s, t, &r)) return false;
    gen_put(d, t, r);
    *out = r;
    return true;
}

bool rdd_call(Interp *I, Value rdd, const char *method, int argc, Value *argv, Value *out) {
    return interp_call_method(I, rdd, method, argc, argv, out);
}

/* The union of the parent's RDDs at the times in (from, to]. */
bool parent_slice(Interp *I, DStream *p, Ssc *s, int64_t from, int64_t to, Value *out) {
    Value *parts = NULL;
    int np = 0;
    for (int64_t t = from + p->slide_ms; t <= to; t += p->slide_ms) {
        if (t <= s->zero_ms) continue;
        Value r;
        if (!ds_get_rdd(I, p, s, t, &r)) { for (int i = 0; i < np; i++) val_decref(parts[i]); free(parts); return false; }
        if (r.t == T_UNIT) continue;
        Rdd *rr = rdd_get(r);
        parts = realloc(parts, (size_t)(np + rr->nparts + 1) * sizeof(Value));
        for (int i = 0; i < rr->nparts; i++) { parts[np++] = rr->parts[i]; val_incref(rr->parts[i]); }
        val_decref(r);
    }
    *out = rdd_make(I, "UnionRDD", "window", parts, np);
    free(parts);
    return true;
}

/* One value per batch (count, reduce): an RDD with a single element, or none. */
Value ds_single(Interp *I, Value x) {
    Value items[1] = {x};
    return rdd_from_items(I, "MapPartitionsRDD", "single", items, 1, 1);
}

static bool compute_inv_window(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out);

static bool ds_compute(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out) {
    DStream *p = d->nparents ? ds_get(d->parents[0]) : NULL;
    Value pr = v_unit();
    bool ok = true;
    if (p && d->kind != DS_WINDOW && d->kind != DS_REDUCEBYKEY_INV_WINDOW && d->kind != DS_SNAPSHOTS) {
        if (!ds_get_rdd(I, p, s, t, &pr)) return false;
        if (pr.t == T_UNIT) pr = ds_empty_rdd(I);
    }
    switch (d->kind) {
    case DS_INPUT: *out = ds_empty_rdd(I); break;
    case DS_MAP: ok = rdd_call(I, pr, "map", 1, &d->fn, out); break;
    case DS_FLATMAP: ok = rdd_call(I, pr, "flatMap", 1, &d->fn, out); break;
    case DS_FILTER: ok = rdd_call(I, pr, "filter", 1, &d->fn, out); break;
    case DS_MAPVALUES: ok = rdd_call(I, pr, "mapValues", 1, &d->fn, out); break;
    case DS_FLATMAPVALUES: ok = rdd_call(I, pr, "flatMapValues", 1, &d->fn, out); break;
    case DS_GLOM: ok = rdd_call(I, pr, "glom", 0, NULL, out); break;
    case DS_MAPPARTITIONS: ok = rdd_call(I, pr, "mapPartitions", 1, &d->fn, out); break;
    case DS_REPARTITION: { Value n = v_int(d->nparts); ok = rdd_call(I, pr, "repartition", 1, &n, out); break; }
    case DS_COUNT: *out = ds_single(I, v_long((int64_t)rdd_count(rdd_get(pr)))); break;
    case DS_COUNTBYVALUE: {
        Value m;
        if (!(ok = rdd_call(I, pr, "countByValue", 0, NULL, &m))) break;
        Value *items;
        size_t n;
        interp_iter_items(I, m, &items, &n);
        val_decref(m);
        *out = rdd_from_items(I, "ShuffledRDD", "countByValue", items, n, rdd_get(pr)->nparts ? rdd_get(pr)->nparts : 1);
        free(items);
        break;
    }
    case DS_REDUCE: {
        if (rdd_count(rdd_get(pr)) == 0) { *out = ds_empty_rdd(I); break; }
        Value x;
        if (!(ok = rdd_call(I, pr, "reduce", 1, &d->fn, &x))) break;
        *out = ds_single(I, x);
        break;
    }
    case DS_REDUCEBYKEY: {
        Value args[2] = {d->fn, v_int(d->nparts)};
        ok = rdd_call(I, pr, "reduceByKey", d->nparts ? 2 : 1, args, out);
        break;
    }
    case DS_GROUPBYKEY: {
        Value n = v_int(d->nparts);
        ok = rdd_call(I, pr, "groupByKey", d->nparts ? 1 : 0, &n, out);
        break;
    }
    case DS_BINARY: case DS_TRANSFORMWITH: {
        Value other;
        if (!(ok = ds_get_rdd(I, ds_get(d->parents[1]), s, t, &other))) break;
        if (other.t == T_UNIT) other = ds_empty_rdd(I);
        if (d->kind == DS_BINARY) {
            Value args[2] = {other, v_int(d->nparts)};
            ok = rdd_call(I, pr, d->op, d->nparts ? 2 : 1, args, out);
        } else {
            Value args[3] = {pr, other, ds_time_new(t)};
            ok = interp_call(I, d->fn, d->nparts == 3 ? 3 : 2, args, out);
            val_decref(args[2]);
            if (ok && !rdd_get(*out)) {
                val_decref(*out);
                ok = interp_throw(I, "error", "type mismatch: transformWith's function must return an RDD");
            }
        }
        val_decref(other);
        break;
    }
    case DS_TRANSFORM: {
        Value args[2] = {pr, ds_time_new(t)};
        ok = interp_call(I, d->fn, d->nparts == 2 ? 2 : 1, args, out);
        val_decref(args[1]);
        if (ok && !rdd_get(*out)) {
            val_decref(*out);
            ok = interp_throw(I, "error", "type mismatch: transform's function must return an RDD");
        }
        break;
    }
    case DS_WINDOW: ok = parent_slice(I, p, s, t - d->window_ms, t, out); break;
    case DS_REDUCEBYKEY_INV_WINDOW: ok = compute_inv_window(I, d, s, t, out); break;
    case DS_UPDATESTATE: ok = compute_updatestate(I, d, s, t, pr, out); break;
    case DS_MAPWITHSTATE: ok = compute_mapwithstate(I, d, s, t, pr, out); break;
    case DS_SNAPSHOTS: {
        DStream *m = ds_get(d->parents[0]);
        Value r;
        if (!(ok = ds_get_rdd(I, m, s, t, &r))) break;   /* make sure the state is updated at t */
        val_decref(r);
        Value *items;
        size_t n;
        interp_iter_items(I, m->state, &items, &n);
        /* state entries are (key, (state, lastUpdated)): snapshots show (key, state) */
        for (size_t i = 0; i < n; i++) {
            TupleObj *kv = as_tuple(items[i]);
            Value pair[2] = {kv->items[0], as_tuple(kv->items[1])->items[0]};
            val_incref(pair[0]); val_incref(pair[1]);
            val_decref(items[i]);
            items[i] = tuple_new(2, pair);
        }
        *out = rdd_from_items(I, "MapPartitionsRDD", "stateSnapshots", items, n, 1);
        free(items);
        break;
    }
    }
    val_decref(pr);
    return ok;
}

/* reduceByKeyAndWindow with an inverse function: the previous window's result, plus the
 * batches entering the window, "minus" the batches leaving it (Spark's ReducedWindowedDStream).
 * parents[0] is the per-batch reduceByKey stream. */
static bool pairs_by_key(Interp *I, Value rdd, Value fn, Value *map) {
    Value reduced;
    if (!interp_call_method(I, rdd, "reduceByKey", 1, &fn, &reduced)) return false;
    bool ok = interp_call_method(I, reduced, "collectAsMap", 0, NULL, map);
    val_decref(reduced);
    return ok;
}
static bool compute_inv_window(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out) {
    DStream *p = ds_get(d->parents[0]);
    int64_t slide = d->slide_ms, win = d->window_ms;
    Value prev = v_unit(), olds, news, prevmap = v_unit(), oldmap, newmap;
    if (t - slide > s->zero_ms) {
        if (!ds_get_rdd(I, d, s, t - slide, &prev)) return false;
    }
    /* old: (t - slide - win, t - win]; new: (t - slide, t] */
    if (!parent_slice(I, p, s, t - slide - win, t - win, &olds)) { val_decref(prev); return false; }
    if (!parent_slice(I, p, s, t - slide, t, &news)) { val_decref(prev); val_decref(olds); return false; }
    bool ok = pairs_by_key(I, olds, d->fn, &oldmap);
    if (ok && !(ok = pairs_by_key(I, news, d->fn, &newmap))) val_decref(oldmap);
    val_decref(olds);
    val_decref(news);
    if (ok && prev.t != T_UNIT && !(ok = interp_call_method(I, prev, "collectAsMap", 0, NULL, &prevmap))) {
        val_decref(oldmap); val_decref(newmap);
    }
    val_decref(prev);
    if (!ok) return false;
    if (prevmap.t == T_UNIT) prevmap = map_new(MAP_SCALA, false);
    /* keys: previous window's, then new ones */
    Value result = seq_new(SEQ_LIST, as_map(prevmap)->len + as_map(newmap)->len);
    Value keys = map_new(MAP_SCALA, true);
    Value srcs[2] = {prevmap, newmap};
    for (int m = 0; m < 2 && ok; m++) {
        MapObj *mo = as_map(srcs[m]);
        for (size_t i = 0; i < mo->used && ok; i++) {
            if (!mo->entries[i].live) continue;
            Value k = mo->entries[i].key;
            if (map_get(keys, k, NULL)) continue;
            val_incref(k);
            map_put(keys, k, v_unit());
            Value pv, ov, nv, cur;
            bool hp = map_get(prevmap, k, &pv), ho = map_get(oldmap, k, &ov), hn = map_get(newmap, k, &nv);
            if (!hp) { cur = nv; val_incref(cur); }
            else {
                cur = pv;
                val_incref(cur);
                if (ho) {
                    Value args[2] = {cur, ov}, r;
                    if (!(ok = interp_call(I, d->fn2, 2, args, &r))) { val_decref(cur); break; }
                    val_decref(cur);
                    cur = r;
                }
                if (hn) {
                    Value args[2] = {cur, nv}, r;
                    if (!(ok = interp_call(I, d->fn, 2, args, &r))) { val_decref(cur); break; }
                    val_decref(cur);
                    cur = r;
                }
            }
            Value kv[2] = {k, cur};
            val_incref(k);
            Value pair = tuple_new(2, kv);
            if (d->fn3.t == T_FUNC) {
                Value keep;
                if (!(ok = interp_call(I, d->fn3, 1, &pair, &keep))) { val_decref(pair); break; }
                bool k2 = keep.t == T_BOOL && keep.u.b;
                val_decref(keep);
                if (!k2) { val_decref(pair); continue; }
            }
            seq_push(result, pair);
        }
    }
    val_decref(keys);
    val_decref(prevmap); val_decref(oldmap); val_decref(newmap);
    if (!ok) { val_decref(result); return false; }
    SeqObj *rs = as_seq(result);
    *out = rdd_from_items(I, "ReducedWindowedRDD", "reduceByKeyAndWindow", rs->items, rs->len, d->nparts ? d->nparts : 1);
    rs->len = 0;
    val_decref(result);
    return true;
}

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
static bool run_batch(Interp *I, Ssc *s, int64_t t) {
    BatchRecord rec = {.time_ms = t, .submitted_ms = ds_wall_ms()};
    rec.start_ms = ds_wall_ms();
    bool ok = true;
    Value err = v_unit();
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (d->kind != DS_INPUT) continue;
        BatchInput in = {0};
        Value rdd;
        if (!d->src->compute(d->src, I, t, &rdd, &in)) {
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
                              "for the next cell; ssc.stop() stops the context)\n", (long long)t, i);
                val_decref(e);
                s->job_interrupted = true;
                s->pause_cell = interp_cell_seq(I);
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

static void *scheduler(void *arg) {
    Ssc *s = arg;
    Interp *I = s->I;
    char base;
    pthread_mutex_lock(&s->mu);
    while (!s->stop_flag) {
        int64_t now = ds_wall_ms();
        if (now < s->next_ms) {
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
        if (s->job_interrupted && interp_cell_seq(I) != s->pause_cell) s->job_interrupted = false;
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
        if (d->kind == DS_INPUT && d->src->stop) d->src->stop(d->src);
    }
    if (was_active && s->timeline) timeline_finish(s->timeline, I);
    release_hooks(&s->start_hooks, &s->has_start_hooks);
    if (ssc_get(active_ssc) == s) { Value a = active_ssc; active_ssc = v_unit(); val_decref(a); }
}

static void ssc_free(void *p) {
    Ssc *s = p;
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
    if (!call_arity(c, 2, 3)) return false;
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

static bool needs_checkpoint(Ssc *s) {
    for (int i = 0; i < s->nstreams; i++) {
        DsKind k = ds_get(s->streams[i])->kind;
        if (k == DS_UPDATESTATE || k == DS_MAPWITHSTATE || k == DS_REDUCEBYKEY_INV_WINDOW) return true;
    }
    return false;
}

/* Validation and source start-up common to start() and the first step(). */
/* A context that fails to start is stopped, as in Spark ("Error starting the context, marking
 * it as stopped"); the check for another active context comes first and leaves it as it is. */
static bool start_failed(Interp *I, Ssc *s) {
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (d->kind == DS_INPUT && d->src->stop) d->src->stop(d->src);
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
                            "Currently running StreamingContext was started at %s", "an earlier cell (stop it with ssc.stop(stopSparkContext = false))");
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
        if (d->kind == DS_INPUT && d->src->start && !d->src->start(d->src, I)) return start_failed(I, s);
    }
    plan_remember(s);
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
    ssc_stop_internal(c->I, s);
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
    if (interrupted) return interp_throw(I, "Interrupted", "stopped waiting for the StreamingContext; it is still running (stop it with ssc.stop())");
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
static bool ssc_getstate(Call *c, Value *out) {
    static const char *names[] = {"INITIALIZED", "ACTIVE", "STOPPED"};
    *out = str_cstr(names[self_ssc(c)->state]);
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

void streaming_init(Interp *I) {
    active_ssc = v_unit();
    interp_register_class(I, &ssc_class);
    interp_register_class(I, &ssc_obj);
    interp_register_class(I, &dstream_class);
    interp_register_global(I, "StreamingContext", host_new(&ssc_obj, NULL), "object StreamingContext",
                           "StreamingContext.getActive, getActiveOrCreate(f), getOrCreate(checkpointDir, f).");
}

void streaming_free(Interp *I) {
    if (active_ssc.t != T_UNIT) {
        interp_lock(I);
        ssc_stop_internal(I, ssc_get(active_ssc));
        interp_unlock(I);
    }
}
