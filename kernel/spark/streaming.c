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
#include "spark/streaming.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spark/checkpoint.h"
#include "lang/ast.h"
#include "spark/timeline.h"

#define M(n, f, lo, hi, sig, doc) {n, f, lo, hi, sig, doc}
#define SS_DOC "https://spark.apache.org/docs/3.3.0/api/scala/org/apache/spark/streaming/"

/* ---- durations and times ---- */

typedef struct { int64_t ms; bool is_time; } Dur;
extern HostClass duration_class, time_class;

static void dur_free(void *d) { free(d); }
static char *dur_str(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "%lld ms", (long long)((Dur *)d)->ms) < 0) return NULL;
    return s;
}
Value duration_new(int64_t ms) {
    Dur *d = calloc(1, sizeof *d);
    d->ms = ms;
    return host_new(&duration_class, d);
}
static Value time_new(int64_t ms) {
    Dur *d = calloc(1, sizeof *d);
    d->ms = ms;
    d->is_time = true;
    return host_new(&time_class, d);
}
bool duration_ms(Interp *I, Value v, int64_t *ms) {
    if (v.t == T_HOST && (as_host(v)->cls == &duration_class || as_host(v)->cls == &time_class)) {
        *ms = ((Dur *)as_host(v)->data)->ms;
        return true;
    }
    if (v.t == T_INT || v.t == T_LONG) { *ms = v.t == T_INT ? v.u.i : v.u.l; return true; }
    return interp_throw(I, "error", "type mismatch: a Duration is needed, e.g. Seconds(2)");
}
static int64_t self_ms(Call *c) { return ((Dur *)as_host(c->self)->data)->ms; }
static bool dur_millis(Call *c, Value *out) { *out = v_long(self_ms(c)); return true; }
static bool dur_arith(Call *c, Value *out) {
    bool is_time = ((Dur *)as_host(c->self)->data)->is_time;
    int64_t a = self_ms(c), b = 0;
    char op = c->name[0];
    if (op == '*' || op == '/') {
        if (!arg_long(c, 0, &b)) return false;
        if (op == '/' && b == 0) return interp_throw(c->I, "java.lang.ArithmeticException", "/ by zero");
        *out = duration_new(op == '*' ? a * b : a / b);
        return true;
    }
    if (!duration_ms(c->I, c->argv[0], &b)) return false;
    bool other_time = c->argv[0].t == T_HOST && as_host(c->argv[0])->cls == &time_class;
    switch (op) {
    case '+': *out = is_time ? time_new(a + b) : duration_new(a + b); return true;
    case '-': *out = is_time && !other_time ? time_new(a - b) : duration_new(a - b); return true;
    case '<': *out = v_bool(c->name[1] == '=' ? a <= b : a < b); return true;
    case '>': *out = v_bool(c->name[1] == '=' ? a >= b : a > b); return true;
    default: return interp_throw(c->I, "error", "unsupported Duration operation %s", c->name);
    }
}
static bool dur_multiple(Call *c, Value *out) {
    int64_t b = 0;
    if (!duration_ms(c->I, c->argv[0], &b)) return false;
    *out = v_bool(b != 0 && self_ms(c) % b == 0);
    return true;
}
static bool dur_equals(Call *c, Value *out) {
    int64_t b = 0;
    *out = v_bool(c->argv[0].t == T_HOST && duration_ms(c->I, c->argv[0], &b) && b == self_ms(c));
    return true;
}
static const MethodDef dur_methods[] = {
    M("milliseconds", dur_millis, 0, 0, "def milliseconds: Long", "The duration in milliseconds."),
    M("+", dur_arith, 1, 1, "def +(that: Duration): Duration", "Sum."),
    M("-", dur_arith, 1, 1, "def -(that: Duration): Duration", "Difference."),
    M("*", dur_arith, 1, 1, "def *(times: Int): Duration", "Product."),
    M("/", dur_arith, 1, 1, "def /(n: Int): Duration", "Quotient."),
    M("<", dur_arith, 1, 1, "def <(that: Duration): Boolean", "Comparison."),
    M("<=", dur_arith, 1, 1, "def <=(that: Duration): Boolean", "Comparison."),
    M(">", dur_arith, 1, 1, "def >(that: Duration): Boolean", "Comparison."),
    M(">=", dur_arith, 1, 1, "def >=(that: Duration): Boolean", "Comparison."),
    M("isMultipleOf", dur_multiple, 1, 1, "def isMultipleOf(that: Duration): Boolean", "Whether this is a whole multiple of that."),
    M("equals", dur_equals, 1, 1, "def equals(that: Any): Boolean", "Equal length."),
};
HostClass duration_class = {.name = "Duration", .qualified = "org.apache.spark.streaming.Duration",
                            .doc = "A length of time: Milliseconds(n), Seconds(n), Minutes(n).",
                            .doc_url = SS_DOC "Duration.html",
                            .methods = dur_methods, .nmethods = sizeof dur_methods / sizeof dur_methods[0],
                            .finalize = dur_free, .to_string = dur_str};
HostClass time_class = {.name = "Time", .qualified = "org.apache.spark.streaming.Time",
                        .doc = "A batch time (milliseconds since the epoch, or since 0 on the virtual clock).",
                        .doc_url = SS_DOC "Time.html",
                        .methods = dur_methods, .nmethods = sizeof dur_methods / sizeof dur_methods[0],
                        .finalize = dur_free, .to_string = dur_str};

static bool make_duration(Call *c, Value *out) {
    int64_t n;
    if (!call_arity(c, 1, 1) || !arg_long(c, 0, &n)) return false;
    *out = duration_new(n * (int64_t)(intptr_t)c->data);
    return true;
}
static bool make_time(Call *c, Value *out) {
    int64_t n;
    if (!call_arity(c, 1, 1) || !arg_long(c, 0, &n)) return false;
    *out = time_new(n);
    return true;
}

/* ---- the graph ---- */

typedef enum {
    DS_INPUT, DS_MAP, DS_FLATMAP, DS_FILTER, DS_MAPVALUES, DS_FLATMAPVALUES, DS_COUNT, DS_COUNTBYVALUE,
    DS_REDUCE, DS_REDUCEBYKEY, DS_GROUPBYKEY, DS_UNION, DS_TRANSFORM, DS_REPARTITION, DS_WINDOW,
    DS_REDUCEBYKEY_INV_WINDOW, DS_UPDATESTATE, DS_MAPWITHSTATE, DS_SNAPSHOTS, DS_GLOM, DS_MAPPARTITIONS,
} DsKind;

typedef struct { int64_t t; Value rdd; } GenRdd;

typedef struct DStream {
    int id;
    DsKind kind;
    const char *cls;            /* Spark's class name, e.g. "MappedDStream" */
    Value ssc_v;                /* the context (owned) */
    Value parents[2];           /* owned DStream values */
    int nparents;
    Value fn, fn2, fn3;         /* functions (owned; unit when absent) */
    int64_t window_ms, slide_ms, remember_ms;
    int64_t checkpoint_ms;      /* DStream.checkpoint(interval); 0: the default */
    int nparts;
    GenRdd *gen;
    int ngen, cgen;
    InputSource *src;
    Value state;                /* mapWithState: Map key → state; updateStateByKey: unused */
    const char *elem_type;      /* REPL element type hint */
} DStream;

typedef enum { OUT_PRINT, OUT_FOREACH, OUT_SAVE } OutKind;
typedef struct {
    Value stream;               /* owned */
    OutKind kind;
    Value fn;                   /* foreachRDD function (owned) */
    int fn_arity;
    int n;
    char *prefix, *suffix;
} Output;

typedef enum { SSC_INITIALIZED, SSC_ACTIVE, SSC_STOPPED } SscState;

struct Ssc {
    Interp *I;
    int64_t batch_ms;
    SscState state;
    bool manual;                /* virtual clock (step) */
    int64_t zero_ms, next_ms;   /* zero time; the next batch's time */
    Value *streams;             /* every DStream, in creation order (owned) */
    int nstreams, cstreams;
    Output *outputs;
    int noutputs, coutputs;
    int64_t remember_ms;
    char *checkpoint_dir;
    bool restore;               /* made by getOrCreate: resume from the checkpoint at start */
    int64_t batches_done;
    /* threading */
    pthread_t thread;
    bool thread_running, stop_flag;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    InterpHooks start_hooks;    /* retained hooks of the cell that started it */
    void *start_cell;           /* that cell's own (unretained) output handle, to recognise it */
    bool has_start_hooks;
    InterpHooks await_hooks;    /* of the cell awaiting it, while it awaits */
    bool awaiting;
    Value error;                /* an error from a batch, for awaitTermination (owned) */
    Timeline *timeline;
    int64_t start_wall_ms;
};

extern HostClass ssc_class, dstream_class, state_class, statespec_class;
static Value active_ssc;        /* the active context (owned), unit when none */
static int next_stream_id;

static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

Ssc *ssc_get(Value v) {
    return v.t == T_HOST && as_host(v)->cls == &ssc_class ? as_host(v)->data : NULL;
}
int64_t ssc_batch_ms(const Ssc *s) { return s->batch_ms; }

static DStream *ds_get(Value v) {
    if (v.t != T_HOST) return NULL;
    const HostClass *c = as_host(v)->cls;
    return c == &dstream_class ? as_host(v)->data : NULL;
}
InputSource *dstream_source(Value v) {
    DStream *d = ds_get(v);
    return d ? d->src : NULL;
}

/* ---- DStream objects ---- */

static void ds_free(void *p) {
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
static void ds_traverse(void *p, VisitFn visit, void *ctx) {
    DStream *d = p;
    visit(d->ssc_v, ctx);
    for (int i = 0; i < d->nparents; i++) visit(d->parents[i], ctx);
    visit(d->fn, ctx); visit(d->fn2, ctx); visit(d->fn3, ctx);
    for (int i = 0; i < d->ngen; i++) visit(d->gen[i].rdd, ctx);
    visit(d->state, ctx);
    if (d->src && d->src->traverse) d->src->traverse(d->src, visit, ctx);
}
static char *ds_str(Interp *I, void *p) {
    (void)I;
    DStream *d = p;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.streaming.dstream.%s@%x", d->cls, 0x1000 + d->id) < 0) return NULL;
    return s;
}
static __thread char ds_type_buf[160];
static const char *ds_type(void *p) {
    DStream *d = p;
    const char *base = d->kind == DS_INPUT && d->src && !strcmp(d->src->kind, "DirectKafkaInputDStream")
                           ? "org.apache.spark.streaming.dstream.InputDStream"
                           : d->kind == DS_MAPWITHSTATE ? "org.apache.spark.streaming.dstream.MapWithStateDStream"
                           : "org.apache.spark.streaming.dstream.DStream";
    snprintf(ds_type_buf, sizeof ds_type_buf, "%s[%s]", base, d->elem_type ? d->elem_type : "Any");
    return ds_type_buf;
}

static bool not_after_start(Interp *I, Ssc *s) {
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

bool dstream_can_add(Interp *I, Value ssc_v) { return not_after_start(I, ssc_get(ssc_v)); }

Value dstream_new_input(Interp *I, Value ssc_v, InputSource *src) {
    Ssc *s = ssc_get(ssc_v);
    Value v = ds_new(I, ssc_v, DS_INPUT, src->kind, s->batch_ms);
    ds_get(v)->src = src;
    ds_get(v)->elem_type = src->elem_type;
    return v;
}

/* A child stream of parent (a DStream value); slide_ms 0: the parent's slide. */
static Value ds_child_of(Interp *I, Value parent, DsKind kind, const char *cls, Value fn, int64_t slide_ms) {
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
static Value ds_child(Call *c, DsKind kind, const char *cls, Value fn, int64_t slide_ms) {
    return ds_child_of(c->I, c->self, kind, cls, fn, slide_ms);
}

/* ---- computing a stream's RDD at a time ---- */

static bool ds_valid_at(DStream *d, Ssc *s, int64_t t) {
    return t > s->zero_ms && (t - s->zero_ms) % d->slide_ms == 0;
}
static Value gen_find(DStream *d, int64_t t) {
    for (int i = d->ngen - 1; i >= 0; i--) if (d->gen[i].t == t) return d->gen[i].rdd;
    return v_unit();
}
static void gen_put(DStream *d, int64_t t, Value rdd) {
    if (d->ngen == d->cgen) {
        d->cgen = d->cgen ? d->cgen * 2 : 8;
        d->gen = realloc(d->gen, (size_t)d->cgen * sizeof(GenRdd));
    }
    d->gen[d->ngen].t = t;
    d->gen[d->ngen].rdd = rdd;
    val_incref(rdd);
    d->ngen++;
}
static Value empty_rdd(Interp *I) { return rdd_from_items(I, "EmptyRDD", "emptyRDD", NULL, 0, 0); }

static bool ds_compute(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out);

/* The stream's RDD at t (new reference), or unit when the stream has none at t. */
static bool ds_get_rdd(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out) {
    *out = v_unit();
    if (!ds_valid_at(d, s, t)) return true;
    Value have = gen_find(d, t);
    if (have.t != T_UNIT) { val_incref(have); *out = have; return true; }
    if (d->kind == DS_INPUT) { *out = empty_rdd(I); return true; }   /* before it started */
    Value r;
    if (!ds_compute(I, d, s, t, &r)) return false;
    gen_put(d, t, r);
    *out = r;
    return true;
}

static bool rdd_call(Interp *I, Value rdd, const char *method, int argc, Value *argv, Value *out) {
    return interp_call_method(I, rdd, method, argc, argv, out);
}

/* The union of the parent's RDDs at the times in (from, to]. */
static bool parent_slice(Interp *I, DStream *p, Ssc *s, int64_t from, int64_t to, Value *out) {
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
static Value single(Interp *I, Value x) {
    Value items[1] = {x};
    return rdd_from_items(I, "MapPartitionsRDD", "single", items, 1, 1);
}

static bool compute_updatestate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out);
static bool compute_mapwithstate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out);
static bool compute_inv_window(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out);

static bool ds_compute(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out) {
    DStream *p = d->nparents ? ds_get(d->parents[0]) : NULL;
    Value pr = v_unit();
    bool ok = true;
    if (p && d->kind != DS_WINDOW && d->kind != DS_REDUCEBYKEY_INV_WINDOW && d->kind != DS_SNAPSHOTS) {
        if (!ds_get_rdd(I, p, s, t, &pr)) return false;
        if (pr.t == T_UNIT) pr = empty_rdd(I);
    }
    switch (d->kind) {
    case DS_INPUT: *out = empty_rdd(I); break;
    case DS_MAP: ok = rdd_call(I, pr, "map", 1, &d->fn, out); break;
    case DS_FLATMAP: ok = rdd_call(I, pr, "flatMap", 1, &d->fn, out); break;
    case DS_FILTER: ok = rdd_call(I, pr, "filter", 1, &d->fn, out); break;
    case DS_MAPVALUES: ok = rdd_call(I, pr, "mapValues", 1, &d->fn, out); break;
    case DS_FLATMAPVALUES: ok = rdd_call(I, pr, "flatMapValues", 1, &d->fn, out); break;
    case DS_GLOM: ok = rdd_call(I, pr, "glom", 0, NULL, out); break;
    case DS_MAPPARTITIONS: ok = rdd_call(I, pr, "mapPartitions", 1, &d->fn, out); break;
    case DS_REPARTITION: { Value n = v_int(d->nparts); ok = rdd_call(I, pr, "repartition", 1, &n, out); break; }
    case DS_COUNT: *out = single(I, v_long((int64_t)rdd_count(rdd_get(pr)))); break;
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
        if (rdd_count(rdd_get(pr)) == 0) { *out = empty_rdd(I); break; }
        Value x;
        if (!(ok = rdd_call(I, pr, "reduce", 1, &d->fn, &x))) break;
        *out = single(I, x);
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
    case DS_UNION: {
        Value other;
        if (!(ok = ds_get_rdd(I, ds_get(d->parents[1]), s, t, &other))) break;
        if (other.t == T_UNIT) other = empty_rdd(I);
        ok = rdd_call(I, pr, "union", 1, &other, out);
        val_decref(other);
        break;
    }
    case DS_TRANSFORM: {
        Value args[2] = {pr, time_new(t)};
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
static bool compute_updatestate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out) {
    Value prev = v_unit(), prevmap, groups;
    if (t - d->slide_ms > s->zero_ms && !ds_get_rdd(I, d, s, t - d->slide_ms, &prev)) return false;
    if (prev.t != T_UNIT) {
        bool ok = interp_call_method(I, prev, "collectAsMap", 0, NULL, &prevmap);
        val_decref(prev);
        if (!ok) return false;
    } else prevmap = map_new(MAP_SCALA, false);
    Value g;
    if (!interp_call_method(I, parent, "groupByKey", 0, NULL, &g)) { val_decref(prevmap); return false; }
    bool ok = interp_call_method(I, g, "collectAsMap", 0, NULL, &groups);
    val_decref(g);
    if (!ok) { val_decref(prevmap); return false; }
    Value result = seq_new(SEQ_LIST, 0);
    Value srcs[2] = {prevmap, groups};
    Value seen = map_new(MAP_SCALA, true);
    for (int m = 0; m < 2 && ok; m++) {
        MapObj *mo = as_map(srcs[m]);
        for (size_t i = 0; i < mo->used && ok; i++) {
            if (!mo->entries[i].live) continue;
            Value k = mo->entries[i].key, vals, st, r;
            if (map_get(seen, k, NULL)) continue;
            val_incref(k);
            map_put(seen, k, v_unit());
            Value args[2];
            if (map_get(groups, k, &vals)) { args[0] = vals; val_incref(vals); }
            else args[0] = seq_new(SEQ_LIST, 0);
            if (map_get(prevmap, k, &st)) { val_incref(st); args[1] = some_new(st); }
            else args[1] = v_none();
            ok = interp_call(I, d->fn, 2, args, &r);
            val_decref(args[0]); val_decref(args[1]);
            if (!ok) break;
            if (r.t == T_SOME) {
                Value kv[2] = {k, as_some(r)->v};
                val_incref(k); val_incref(kv[1]);
                seq_push(result, tuple_new(2, kv));
            } else if (r.t != T_NONE) {
                val_decref(r);
                ok = interp_throw(I, "error", "type mismatch: updateStateByKey's function must return an Option");
                break;
            }
            val_decref(r);
        }
    }
    val_decref(seen);
    val_decref(prevmap);
    val_decref(groups);
    if (!ok) { val_decref(result); return false; }
    SeqObj *rs = as_seq(result);
    *out = rdd_from_items(I, "MapPartitionsRDD", "updateStateByKey", rs->items, rs->len, d->nparts ? d->nparts : spark_default_parallelism());
    rs->len = 0;
    val_decref(result);
    return true;
}

/* ---- State and StateSpec (mapWithState) ---- */

typedef struct {
    Value store;                /* Map key → (state, lastUpdatedMs) (borrowed from the stream) */
    Value key;                  /* owned */
    bool timing_out, removed, updated;
    int64_t now;
} StateObj;
static void state_free(void *p) { StateObj *s = p; val_decref(s->key); free(s); }
static bool state_lookup(StateObj *st, Value *v) {
    Value e;
    if (st->removed || !map_get(st->store, st->key, &e)) return false;
    *v = as_tuple(e)->items[0];
    return true;
}
static bool st_exists(Call *c, Value *out) { Value v; *out = v_bool(state_lookup(as_host(c->self)->data, &v)); return true; }
static bool st_get(Call *c, Value *out) {
    Value v;
    if (!state_lookup(as_host(c->self)->data, &v)) return interp_throw(c->I, "java.util.NoSuchElementException", "State is not set");
    val_incref(v);
    *out = v;
    return true;
}
static bool st_getoption(Call *c, Value *out) {
    Value v;
    if (!state_lookup(as_host(c->self)->data, &v)) { *out = v_none(); return true; }
    val_incref(v);
    *out = some_new(v);
    return true;
}
static bool st_update(Call *c, Value *out) {
    StateObj *st = as_host(c->self)->data;
    if (st->timing_out) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Cannot update the state that is timing out");
    Value e[2] = {c->argv[0], v_long(st->now)};
    val_incref(e[0]);
    val_incref(st->key);
    map_put(st->store, st->key, tuple_new(2, e));
    st->removed = false;
    st->updated = true;
    *out = v_unit();
    return true;
}
static bool st_remove(Call *c, Value *out) {
    StateObj *st = as_host(c->self)->data;
    map_remove(st->store, st->key);
    st->removed = true;
    *out = v_unit();
    return true;
}
static bool st_timingout(Call *c, Value *out) { *out = v_bool(((StateObj *)as_host(c->self)->data)->timing_out); return true; }
static const MethodDef state_methods[] = {
    M("exists", st_exists, 0, 0, "def exists(): Boolean", "Whether the key has state."),
    M("get", st_get, 0, 0, "def get(): S", "The state (NoSuchElementException when none)."),
    M("getOption", st_getoption, 0, 0, "def getOption(): Option[S]", "The state, if any."),
    M("update", st_update, 1, 1, "def update(newState: S): Unit", "Sets the key's state."),
    M("remove", st_remove, 0, 0, "def remove(): Unit", "Removes the key's state."),
    M("isTimingOut", st_timingout, 0, 0, "def isTimingOut(): Boolean", "Whether the key is timing out (its last call)."),
};
HostClass state_class = {.name = "State", .qualified = "org.apache.spark.streaming.State",
                         .doc = "The state of one key inside mapWithState's function.",
                         .doc_url = SS_DOC "State.html",
                         .methods = state_methods, .nmethods = sizeof state_methods / sizeof state_methods[0],
                         .finalize = state_free};

typedef struct { Value fn; Value initial; int64_t timeout_ms; int nparts; } Spec;
static void spec_free(void *p) { Spec *s = p; val_decref(s->fn); val_decref(s->initial); free(s); }
static void spec_traverse(void *p, VisitFn visit, void *ctx) { Spec *s = p; visit(s->fn, ctx); visit(s->initial, ctx); }
static bool spec_timeout(Call *c, Value *out) {
    Spec *s = as_host(c->self)->data;
    if (!duration_ms(c->I, c->argv[0], &s->timeout_ms)) return false;
    val_incref(c->self); *out = c->self; return true;
}
static bool spec_initial(Call *c, Value *out) {
    Spec *s = as_host(c->self)->data;
    if (!rdd_get(c->argv[0])) return interp_throw(c->I, "error", "initialState needs an RDD of (key, state) pairs");
    val_decref(s->initial);
    s->initial = c->argv[0];
    val_incref(s->initial);
    val_incref(c->self); *out = c->self; return true;
}
static bool spec_nparts(Call *c, Value *out) {
    Spec *s = as_host(c->self)->data;
    int64_t n;
    if (!arg_long(c, 0, &n)) return false;
    s->nparts = (int)n;
    val_incref(c->self); *out = c->self; return true;
}
static const MethodDef spec_methods[] = {
    M("timeout", spec_timeout, 1, 1, "def timeout(idleDuration: Duration): this.type", "Keys idle this long time out: the function is called once more with isTimingOut true, then the state is removed."),
    M("initialState", spec_initial, 1, 1, "def initialState(rdd: RDD[(K, S)]): this.type", "Starting states."),
    M("numPartitions", spec_nparts, 1, 1, "def numPartitions(numPartitions: Int): this.type", "Partitions of the state."),
};
HostClass statespec_class = {.name = "StateSpec", .qualified = "org.apache.spark.streaming.StateSpec",
                             .doc = "The specification of mapWithState: StateSpec.function((key, value: Option[V], state: State[S]) => mapped).",
                             .doc_url = SS_DOC "StateSpec.html",
                             .methods = spec_methods, .nmethods = sizeof spec_methods / sizeof spec_methods[0],
                             .finalize = spec_free, .traverse = spec_traverse};
static bool statespec_function(Call *c, Value *out) {
    if (!call_arity(c, 1, 1) || c->argv[0].t != T_FUNC) return interp_throw(c->I, "error", "StateSpec.function needs a function (key, Option[value], State) => mapped");
    Spec *s = calloc(1, sizeof *s);
    s->fn = c->argv[0];
    val_incref(s->fn);
    s->initial = v_unit();
    *out = host_new(&statespec_class, s);
    return true;
}
static const MethodDef statespec_obj_methods[] = {
    M("function", statespec_function, 1, 1, "def function[K, V, S, T](f: (K, Option[V], State[S]) => T): StateSpec[K, V, S, T]", "The mapping function of mapWithState."),
};
static HostClass statespec_obj = {.name = "StateSpec$", .qualified = "org.apache.spark.streaming.StateSpec",
                                  .methods = statespec_obj_methods, .nmethods = 1};

static bool compute_mapwithstate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out) {
    Spec *spec = as_host(d->fn)->data;
    if (d->state.t == T_UNIT) {
        d->state = map_new(MAP_SCALA, false);
        if (spec->initial.t != T_UNIT) {
            size_t n;
            Value *items = rdd_items(rdd_get(spec->initial), &n);
            for (size_t i = 0; i < n; i++) {
                if (items[i].t == T_TUPLE && as_tuple(items[i])->n == 2) {
                    Value e[2] = {as_tuple(items[i])->items[1], v_long(t)};
                    val_incref(e[0]);
                    val_incref(as_tuple(items[i])->items[0]);
                    map_put(d->state, as_tuple(items[i])->items[0], tuple_new(2, e));
                }
            }
            interp_free_items(items, n);
        }
    }
    size_t n;
    Value *items = rdd_items(rdd_get(parent), &n);
    Value mapped = seq_new(SEQ_LIST, n);
    bool ok = true;
    Value touched = map_new(MAP_SCALA, true);
    for (size_t i = 0; i < n && ok; i++) {
        if (items[i].t != T_TUPLE || as_tuple(items[i])->n != 2) { ok = interp_throw(I, "error", "mapWithState needs a DStream of (key, value) pairs"); break; }
        Value k = as_tuple(items[i])->items[0], v = as_tuple(items[i])->items[1];
        StateObj *so = calloc(1, sizeof *so);
        so->store = d->state;
        so->key = k;
        val_incref(k);
        so->now = t;
        Value stv = host_new(&state_class, so);
        val_incref(v);
        Value args[3] = {k, some_new(v), stv}, r, cur;
        ok = interp_call(I, spec->fn, 3, args, &r);
        val_decref(args[1]);
        /* with a timeout, a record for a key with state counts as activity even when the
         * function did not update it (Spark puts it back with the batch time) */
        if (ok && spec->timeout_ms > 0 && !so->removed && !so->updated && map_get(d->state, k, &cur)) {
            Value e[2] = {as_tuple(cur)->items[0], v_long(t)};
            val_incref(e[0]);
            val_incref(k);
            map_put(d->state, k, tuple_new(2, e));
        }
        val_decref(stv);
        if (!ok) break;
        seq_push(mapped, r);
        val_incref(k);
        map_put(touched, k, v_unit());
    }
    interp_free_items(items, n);
    /* keys idle longer than the timeout: one last call with isTimingOut, then removed. As in
     * Spark, idle keys are looked for only in the batches where the state is checkpointed
     * (every 10 batches unless stream.checkpoint(interval) says otherwise). */
    int64_t scan_ms = d->checkpoint_ms > 0 ? d->checkpoint_ms : 10 * d->slide_ms;
    if (ok && spec->timeout_ms > 0 && (t - s->zero_ms) % scan_ms == 0) {
        Value *entries;
        size_t ne;
        interp_iter_items(I, d->state, &entries, &ne);
        for (size_t i = 0; i < ne && ok; i++) {
            Value k = as_tuple(entries[i])->items[0];
            int64_t last = as_tuple(as_tuple(entries[i])->items[1])->items[1].u.l;
            if (map_get(touched, k, NULL) || last >= t - spec->timeout_ms) continue;
            StateObj *so = calloc(1, sizeof *so);
            so->store = d->state;
            so->key = k;
            val_incref(k);
            so->now = t;
            so->timing_out = true;
            Value stv = host_new(&state_class, so);
            Value args[3] = {k, v_none(), stv}, r;
            ok = interp_call(I, spec->fn, 3, args, &r);
            val_decref(stv);
            if (ok) seq_push(mapped, r);
            map_remove(d->state, k);
        }
        interp_free_items(entries, ne);
    }
    val_decref(touched);
    if (!ok) { val_decref(mapped); return false; }
    SeqObj *ms = as_seq(mapped);
    *out = rdd_from_items(I, "MapWithStateRDD", "mapWithState", ms->items, ms->len, spec->nparts > 0 ? spec->nparts : 1);
    ms->len = 0;
    val_decref(mapped);
    return true;
}

/* ---- checkpoints ----
 * After every batch the context saves what it cannot recompute: the RDDs that windows still
 * need (their parents' remembered batches), the state of stateful streams, and each source's
 * position (Kafka offsets). A restarted program rebuilds the same graph (getOrCreate runs its
 * creating function) and start() puts the saved data back, stream by stream, in creation order. */

static bool saves_batches(Ssc *s, int idx) {
    DStream *d = ds_get(s->streams[idx]);
    if (d->kind == DS_UPDATESTATE || d->kind == DS_REDUCEBYKEY_INV_WINDOW) return true;
    for (int i = idx + 1; i < s->nstreams; i++) {
        DStream *c = ds_get(s->streams[i]);
        if ((c->kind == DS_WINDOW || c->kind == DS_REDUCEBYKEY_INV_WINDOW) && c->nparents && ds_get(c->parents[0]) == d)
            return true;
    }
    return false;
}

static bool ckpt_write(Interp *I, Ssc *s, int64_t t, char **why) {
    json_t *doc = json_pack("{s:I, s:I, s:I, s:[], s:[]}", "time", (json_int_t)t, "zero", (json_int_t)s->zero_ms,
                            "batch_ms", (json_int_t)s->batch_ms, "kinds", "streams");
    json_t *kinds = json_object_get(doc, "kinds"), *streams = json_object_get(doc, "streams");
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        json_array_append_new(kinds, json_string(d->cls));
        json_t *js = json_object();
        if (saves_batches(s, i)) {
            json_t *gen = json_array();
            for (int k = 0; k < d->ngen; k++) {
                Rdd *r = rdd_get(d->gen[k].rdd);
                json_t *parts = json_array();
                bool ok = true;
                for (int p = 0; p < r->nparts && ok; p++) {
                    json_t *pj = value_to_json(I, r->parts[p]);
                    if (pj) json_array_append_new(parts, pj);
                    else ok = false;
                }
                if (ok) json_array_append_new(gen, json_pack("{s:I, s:o}", "t", (json_int_t)d->gen[k].t, "parts", parts));
                else json_decref(parts);
            }
            json_object_set_new(js, "gen", gen);
        }
        if (d->kind == DS_MAPWITHSTATE && d->state.t != T_UNIT) {
            json_t *st = value_to_json(I, d->state);
            if (st) json_object_set_new(js, "state", st);
        }
        if (d->kind == DS_INPUT && d->src->save) {
            json_t *src = d->src->save(d->src);
            if (src) json_object_set_new(js, "source", src);
        }
        json_array_append_new(streams, js);
    }
    bool ok = checkpoint_save(s->checkpoint_dir, doc, why);
    json_decref(doc);
    return ok;
}

/* 1: restored (resume time in *t, the run's zero time in *zero), 0: no checkpoint, -1: error (*why). */
static int ckpt_restore(Interp *I, Ssc *s, int64_t *t, int64_t *zero, char **why) {
    json_t *doc = checkpoint_load(s->checkpoint_dir, why);
    if (!doc) return *why ? -1 : 0;
    json_t *kinds = json_object_get(doc, "kinds"), *streams = json_object_get(doc, "streams");
    if (!json_is_array(kinds) || json_array_size(kinds) != (size_t)s->nstreams ||
        json_integer_value(json_object_get(doc, "batch_ms")) != s->batch_ms) {
        json_decref(doc);
        *why = strdup("it was written by a different program (other streams or batch interval); "
                      "delete the directory to start afresh");
        return -1;
    }
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (strcmp(json_string_value(json_array_get(kinds, (size_t)i)), d->cls)) {
            json_decref(doc);
            *why = strdup("its streams differ from this program's; delete the directory to start afresh");
            return -1;
        }
        json_t *js = json_array_get(streams, (size_t)i), *gen = json_object_get(js, "gen"), *x;
        size_t k;
        json_array_foreach(gen, k, x) {
            json_t *parts = json_object_get(x, "parts");
            size_t np = json_array_size(parts);
            Value *pv = malloc((np ? np : 1) * sizeof(Value));
            bool ok = true;
            for (size_t p = 0; p < np && ok; p++) {
                ok = value_from_json(json_array_get(parts, p), &pv[p]);
                if (!ok) for (size_t q = 0; q < p; q++) val_decref(pv[q]);
            }
            if (ok) {
                Value r = rdd_make(I, "CheckpointRDD", "checkpoint", pv, (int)np);
                gen_put(d, json_integer_value(json_object_get(x, "t")), r);
                val_decref(r);
            }
            free(pv);
        }
        json_t *st = json_object_get(js, "state");
        Value sv;
        if (st && value_from_json(st, &sv)) { val_decref(d->state); d->state = sv; }
        json_t *src = json_object_get(js, "source");
        if (src && d->kind == DS_INPUT && d->src->restore && !d->src->restore(d->src, I, src)) {
            json_decref(doc);
            *why = strdup("a source could not restore its position");
            return -1;
        }
    }
    *t = json_integer_value(json_object_get(doc, "time"));
    json_t *z = json_object_get(doc, "zero");
    *zero = json_is_integer(z) ? json_integer_value(z) : *t % s->batch_ms;
    json_decref(doc);
    return 1;
}

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
        Value args[2] = {rdd, time_new(t)}, r;
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
    BatchRecord rec = {.time_ms = t, .submitted_ms = wall_ms()};
    rec.start_ms = wall_ms();
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
            rdd = empty_rdd(I);
        }
        gen_put(d, t, rdd);
        val_decref(rdd);
        timeline_add_input(&rec, &in);
    }
    for (int i = 0; i < s->noutputs; i++) {
        if (!run_output(I, s, &s->outputs[i], t)) {
            Value e = interp_take_exception(I);
            if (!s->manual && interp_interrupted(I)) {
                /* the cell's interrupt arrived while this job ran: not the stream's error */
                interp_printf(I, 2, "WARN JobScheduler: streaming job %lld ms.%d was interrupted\n", (long long)t, i);
                val_decref(e);
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
    rec.end_ms = wall_ms();
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
        int64_t now = wall_ms();
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
        InterpThreadState saved;
        interp_thread_enter(I, &base, &hooks, &saved);
        /* An interrupt is meant for a cell (an await, a sleep, a loop), never for a batch job:
         * the batch runs with the flag down, and it is raised again for the cell afterwards. */
        bool pending = interp_interrupted(I);
        if (pending) interp_clear_interrupt(I);
        run_batch(I, s, t);
        if (pending || interp_interrupted(I)) interp_interrupt(I);
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
        int64_t now = wall_ms();
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
    s->start_wall_ms = wall_ms();
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
    int64_t deadline = timeout_ms >= 0 ? wall_ms() + timeout_ms : INT64_MAX;
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
        int64_t now = wall_ms();
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
    M("start", ssc_start, 0, 0, "def start(): Unit", "Starts the context: a batch every batch interval, on the context's own thread, while other cells run."),
    M("step", ssc_step, 0, 1, "def step(numBatches: Int = 1): Unit", "Runs the next numBatches batches at once on a virtual clock starting at 0 (not in Spark: for teaching and exact tests)."),
    M("stop", ssc_stop, 0, 2, "def stop(stopSparkContext: Boolean = true, stopGracefully: Boolean = false): Unit", "Stops the context (the SparkContext stays: it lives as long as the kernel)."),
    M("awaitTermination", ssc_await_termination, 0, 1, "def awaitTermination(): Unit", "Blocks the cell until the context stops, showing its batches' output here; interrupt stops waiting."),
    M("awaitTerminationOrTimeout", ssc_await_timeout, 1, 1, "def awaitTerminationOrTimeout(timeout: Long): Boolean", "Blocks for at most timeout ms; true if the context stopped."),
    M("remember", ssc_remember, 1, 1, "def remember(duration: Duration): Unit", "Keeps each stream's RDDs at least this long."),
    M("checkpoint", ssc_checkpoint, 1, 1, "def checkpoint(directory: String): Unit", "Saves offsets, windows and state after every batch into directory (needed by stateful operations)."),
    M("sparkContext", ssc_sc, 0, 0, "def sparkContext: SparkContext", "The SparkContext."),
    M("getState", ssc_getstate, 0, 0, "def getState(): StreamingContextState", "INITIALIZED, ACTIVE or STOPPED."),
    M("union", ssc_union, 1, 1, "def union[T](streams: Seq[DStream[T]]): DStream[T]", "The union of the streams."),
    M("queueStream", source_queue_stream, 1, 3, "def queueStream[T](queue: Queue[RDD[T]], oneAtATime: Boolean = true, defaultRDD: RDD[T] = null): InputDStream[T]", "A stream of the RDDs put into queue: one (or all) per batch."),
    M("socketTextStream", source_socket_text_stream, 2, 3, "def socketTextStream(hostname: String, port: Int): ReceiverInputDStream[String]", "The lines received on a TCP connection, batched."),
    M("textFileStream", source_text_file_stream, 1, 1, "def textFileStream(directory: String): DStream[String]", "The lines of new files appearing in directory."),
    M("batchesRun", ssc_batchtimes, 0, 0, "def batchesRun: Long", "How many batches have run (not in Spark)."),
};
HostClass ssc_class = {.name = "StreamingContext", .qualified = "org.apache.spark.streaming.StreamingContext",
                       .doc = "The entry point of Spark Streaming: new StreamingContext(sc, Seconds(2)).",
                       .doc_url = SS_DOC "StreamingContext.html",
                       .methods = ssc_methods, .nmethods = sizeof ssc_methods / sizeof ssc_methods[0],
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
    M("getActive", obj_getactive, 0, 0, "def getActive(): Option[StreamingContext]", "The active context, if any."),
    M("getActiveOrCreate", obj_getactiveorcreate, 1, 2, "def getActiveOrCreate(creatingFunc: () => StreamingContext): StreamingContext", "The active context, or a new one from creatingFunc."),
    M("getOrCreate", obj_getorcreate, 2, 4, "def getOrCreate(checkpointPath: String, creatingFunc: () => StreamingContext): StreamingContext", "A context that resumes from the checkpoint in checkpointPath when there is one."),
};
static HostClass ssc_obj = {.name = "StreamingContext$", .qualified = "org.apache.spark.streaming.StreamingContext",
                            .methods = ssc_obj_methods, .nmethods = sizeof ssc_obj_methods / sizeof ssc_obj_methods[0]};

/* ---- DStream methods ---- */

static DStream *self_ds(Call *c) { return as_host(c->self)->data; }
static Ssc *ds_ssc(DStream *d) { return ssc_get(d->ssc_v); }

static bool need_fn(Call *c, int i) {
    if (i < c->argc && c->argv[i].t == T_FUNC) return true;
    return interp_throw(c->I, "error", "type mismatch: %s needs a function", c->name);
}

#define SIMPLE_OP(fname, kind, cls)                                            \
    static bool fname(Call *c, Value *out) {                                   \
        if (!need_fn(c, 0) || !not_after_start(c->I, ds_ssc(self_ds(c)))) return false; \
        *out = ds_child(c, kind, cls, c->argv[0], 0);                          \
        return true;                                                           \
    }
SIMPLE_OP(d_map, DS_MAP, "MappedDStream")
SIMPLE_OP(d_flatmap, DS_FLATMAP, "FlatMappedDStream")
SIMPLE_OP(d_filter, DS_FILTER, "FilteredDStream")
SIMPLE_OP(d_mapvalues, DS_MAPVALUES, "MapValuedDStream")
SIMPLE_OP(d_flatmapvalues, DS_FLATMAPVALUES, "FlatMapValuedDStream")
SIMPLE_OP(d_mappartitions, DS_MAPPARTITIONS, "MapPartitionedDStream")

static bool d_transform(Call *c, Value *out) {
    if (!need_fn(c, 0) || !not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_TRANSFORM, "TransformedDStream", c->argv[0], 0);
    FuncObj *f = as_func(c->argv[0]);
    ds_get(*out)->nparts = f->def && f->def->nparams == 2 ? 2 : 1;   /* (rdd, time) form */
    return true;
}
static bool d_noarg(Call *c, Value *out, DsKind kind, const char *cls) {
    if (!not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, kind, cls, v_unit(), 0);
    return true;
}
static bool d_count(Call *c, Value *out) {
    if (!d_noarg(c, out, DS_COUNT, "MappedDStream")) return false;
    ds_get(*out)->elem_type = "Long";
    return true;
}
static bool d_countbyvalue(Call *c, Value *out) { return d_noarg(c, out, DS_COUNTBYVALUE, "ShuffledDStream"); }
static bool d_glom(Call *c, Value *out) { return d_noarg(c, out, DS_GLOM, "GlommedDStream"); }
static bool d_groupbykey(Call *c, Value *out) {
    if (!d_noarg(c, out, DS_GROUPBYKEY, "ShuffledDStream")) return false;
    int64_t n = 0;
    if (c->argc && c->argv[0].t == T_INT) n = c->argv[0].u.i;
    ds_get(*out)->nparts = (int)n;
    return true;
}
static bool d_reduce(Call *c, Value *out) {
    if (!need_fn(c, 0) || !not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_REDUCE, "MappedDStream", c->argv[0], 0);
    return true;
}
static bool d_reducebykey(Call *c, Value *out) {
    if (!need_fn(c, 0) || !not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_REDUCEBYKEY, "ShuffledDStream", c->argv[0], 0);
    if (c->argc > 1 && c->argv[1].t == T_INT) ds_get(*out)->nparts = c->argv[1].u.i;
    return true;
}
static bool d_repartition(Call *c, Value *out) {
    int64_t n;
    if (!arg_long(c, 0, &n) || !not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    if (n < 1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "requirement failed: Number of partitions (%lld) must be positive.", (long long)n);
    *out = ds_child(c, DS_REPARTITION, "TransformedDStream", v_unit(), 0);
    ds_get(*out)->nparts = (int)n;
    return true;
}
static bool d_union(Call *c, Value *out) {
    DStream *self = self_ds(c), *o = c->argc ? ds_get(c->argv[0]) : NULL;
    if (!o) return interp_throw(c->I, "error", "type mismatch: union needs a DStream");
    if (!not_after_start(c->I, ds_ssc(self))) return false;
    if (o->ssc_v.u.o != self->ssc_v.u.o) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Some of the DStreams have different contexts");
    if (o->slide_ms != self->slide_ms) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Some of the DStreams have different slide durations");
    *out = ds_child(c, DS_UNION, "UnionDStream", v_unit(), 0);
    DStream *d = ds_get(*out);
    d->parents[1] = c->argv[0];
    val_incref(c->argv[0]);
    d->nparents = 2;
    return true;
}

/* Window and slide must be multiples of the parent's slide, as Spark requires: a WindowedDStream
 * throws Exception, a ReducedWindowedDStream (the inverse-function forms) fails a require. */
static bool window_args(Call *c, int wpos, int64_t *win, int64_t *slide, bool reduced) {
    DStream *p = self_ds(c);
    Value *w = call_arg(c, wpos, "windowDuration"), *s = call_arg(c, wpos + 1, "slideDuration");
    if (!w) return interp_throw(c->I, "error", "%s needs a window duration", c->name);
    if (!duration_ms(c->I, *w, win)) return false;
    *slide = p->slide_ms;
    if (s && (s->t == T_HOST) && !duration_ms(c->I, *s, slide)) return false;
    const char *what[2] = {"window", "slide"};
    int64_t val[2] = {*win, *slide};
    for (int i = 0; i < 2; i++) {
        if (val[i] > 0 && val[i] % p->slide_ms == 0) continue;
        if (reduced)
            return interp_throw(c->I, "java.lang.IllegalArgumentException", "requirement failed: The %s duration of ReducedWindowedDStream "
                                "(%lld ms) must be multiple of the slide duration of parent DStream (%lld ms)", what[i],
                                (long long)val[i], (long long)p->slide_ms);
        return interp_throw(c->I, "java.lang.Exception", "The %s duration of windowed DStream (%lld ms) must be a multiple "
                            "of the slide duration of parent DStream (%lld ms)", what[i], (long long)val[i], (long long)p->slide_ms);
    }
    return not_after_start(c->I, ds_ssc(p));
}
static Value make_window(Call *c, int64_t win, int64_t slide) {
    Value v = ds_child(c, DS_WINDOW, "WindowedDStream", v_unit(), slide);
    ds_get(v)->window_ms = win;
    ds_get(v)->elem_type = self_ds(c)->elem_type;
    return v;
}
static bool d_window(Call *c, Value *out) {
    int64_t w, s;
    if (!window_args(c, 0, &w, &s, false)) return false;
    *out = make_window(c, w, s);
    return true;
}
/* An operation applied to a window: self.window(w, s).op(args) */
static bool on_window(Call *c, int wpos, const char *method, int argc, Value *argv, Value *out) {
    int64_t w, s;
    if (!window_args(c, wpos, &w, &s, false)) return false;
    Value win = make_window(c, w, s);
    bool ok = interp_call_method(c->I, win, method, argc, argv, out);
    val_decref(win);
    return ok;
}

/* The small functions Spark's window operations are written with (countByWindow is
 * map(_ => 1L).reduceByWindow(_ + _, _ - _, w, s), and so on). */
static bool nf_key_one(Call *c, Value *out) {          /* x => (1, x) */
    Value kv[2] = {v_int(1), c->argv[0]};
    val_incref(kv[1]);
    *out = tuple_new(2, kv);
    return true;
}
static bool nf_one_one(Call *c, Value *out) {          /* _ => (1, 1L) */
    Value kv[2] = {v_int(1), v_long(1)};
    *out = tuple_new(2, kv);
    return true;
}
static bool nf_value_one(Call *c, Value *out) {        /* x => (x, 1L) */
    Value kv[2] = {c->argv[0], v_long(1)};
    val_incref(kv[0]);
    *out = tuple_new(2, kv);
    return true;
}
static bool nf_second(Call *c, Value *out) {           /* _._2 */
    *out = as_tuple(c->argv[0])->items[1];
    val_incref(*out);
    return true;
}
static bool nf_add(Call *c, Value *out) { *out = v_long(c->argv[0].u.l + c->argv[1].u.l); return true; }
static bool nf_sub(Call *c, Value *out) { *out = v_long(c->argv[0].u.l - c->argv[1].u.l); return true; }
static bool nf_nonzero(Call *c, Value *out) {          /* _._2 != 0L */
    *out = v_bool(as_tuple(c->argv[0])->items[1].u.l != 0);
    return true;
}
static Value native(const char *name, NativeFn fn, int arity) {
    return func_new_native(intern(name), fn, v_unit(), arity, NULL);
}

/* Spark's ReducedWindowedDStream over the pair stream `pairs`: each batch reduced by key, then the
 * window kept incrementally (reduce, inverse reduce, optional filter). Returns a new stream. */
static Value inverse_window(Interp *I, Value pairs, Value fn, Value inv, Value filt, int64_t w, int64_t s, int nparts) {
    Value reduced = ds_child_of(I, pairs, DS_REDUCEBYKEY, "ShuffledDStream", fn, 0);
    Value v = ds_child_of(I, reduced, DS_REDUCEBYKEY_INV_WINDOW, "ReducedWindowedDStream", fn, s);
    val_decref(reduced);
    DStream *d = ds_get(v);
    d->window_ms = w;
    d->fn2 = inv;
    val_incref(inv);
    d->fn3 = filt;
    val_incref(filt);
    d->nparts = nparts;
    return v;
}
/* self.map(pair).reduceByKeyAndWindow(fn, inv, w, s, nparts, filt)[.map(_._2)] */
static Value pair_window(Call *c, NativeFn pair, Value fn, Value inv, Value filt, int64_t w, int64_t s, int nparts, bool values) {
    Value pf = native("pair", pair, 1);
    Value pairs = ds_child(c, DS_MAP, "MappedDStream", pf, 0);
    val_decref(pf);
    Value win = inverse_window(c->I, pairs, fn, inv, filt, w, s, nparts);
    val_decref(pairs);
    if (!values) return win;
    Value second = native("_2", nf_second, 1);
    Value v = ds_child_of(c->I, win, DS_MAP, "MappedDStream", second, 0);
    val_decref(second);
    val_decref(win);
    return v;
}

static bool d_countbywindow(Call *c, Value *out) {
    int64_t w, s;
    if (!window_args(c, 0, &w, &s, true)) return false;
    Value add = native("+", nf_add, 2), sub = native("-", nf_sub, 2);
    *out = pair_window(c, nf_one_one, add, sub, v_unit(), w, s, 1, true);
    ds_get(*out)->elem_type = "Long";
    val_decref(add);
    val_decref(sub);
    return true;
}
static bool d_countbyvalueandwindow(Call *c, Value *out) {
    int64_t w, s;
    if (!window_args(c, 0, &w, &s, true)) return false;
    Value *np = call_arg(c, 2, "numPartitions");
    Value add = native("+", nf_add, 2), sub = native("-", nf_sub, 2), nz = native("nonZero", nf_nonzero, 1);
    *out = pair_window(c, nf_value_one, add, sub, nz, w, s, np && np->t == T_INT ? np->u.i : spark_default_parallelism(), false);
    val_decref(add);
    val_decref(sub);
    val_decref(nz);
    return true;
}
static bool d_reducebywindow(Call *c, Value *out) {
    if (!need_fn(c, 0)) return false;
    if (c->argc >= 4 && c->argv[1].t == T_FUNC) {   /* (reduce, invReduce, w, s) */
        int64_t w, s;
        if (!window_args(c, 2, &w, &s, true)) return false;
        *out = pair_window(c, nf_key_one, c->argv[0], c->argv[1], v_unit(), w, s, 1, true);
        ds_get(*out)->elem_type = self_ds(c)->elem_type;
        return true;
    }
    return on_window(c, 1, "reduce", 1, &c->argv[0], out);
}
static bool d_reducebykeyandwindow(Call *c, Value *out) {
    if (!need_fn(c, 0)) return false;
    bool inverse = c->argc >= 2 && c->argv[1].t == T_FUNC;
    if (!inverse) {
        Value args[2] = {c->argv[0], v_int(0)};
        int argc = 1;
        if (c->argc > 3 && c->argv[3].t == T_INT) { args[1] = c->argv[3]; argc = 2; }
        return on_window(c, 1, "reduceByKey", argc, args, out);
    }
    int64_t w, s;
    if (!window_args(c, 2, &w, &s, true)) return false;
    Value *np = call_arg(c, 4, "numPartitions"), *filt = call_arg(c, 5, "filterFunc");
    *out = inverse_window(c->I, c->self, c->argv[0], c->argv[1], filt && filt->t == T_FUNC ? *filt : v_unit(), w, s,
                          np && np->t == T_INT ? np->u.i : 0);
    return true;
}
static bool d_updatestatebykey(Call *c, Value *out) {
    if (!need_fn(c, 0) || !not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_UPDATESTATE, "StateDStream", c->argv[0], 0);
    if (c->argc > 1 && c->argv[1].t == T_INT) ds_get(*out)->nparts = c->argv[1].u.i;
    return true;
}
static bool d_mapwithstate(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    if (c->argv[0].t != T_HOST || as_host(c->argv[0])->cls != &statespec_class)
        return interp_throw(c->I, "error", "type mismatch: mapWithState needs a StateSpec, e.g. StateSpec.function(mappingFunc)");
    if (!not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_MAPWITHSTATE, "MapWithStateDStreamImpl", c->argv[0], 0);
    return true;
}
static bool d_statesnapshots(Call *c, Value *out) {
    DStream *d = self_ds(c);
    if (d->kind != DS_MAPWITHSTATE) return interp_throw(c->I, "error", "value stateSnapshots is not a member of this DStream (only of mapWithState's)");
    *out = ds_child(c, DS_SNAPSHOTS, "InternalMapWithStateDStream", v_unit(), 0);
    return true;
}
static bool d_slide(Call *c, Value *out) { *out = duration_new(self_ds(c)->slide_ms); return true; }
static bool d_context(Call *c, Value *out) { *out = self_ds(c)->ssc_v; val_incref(*out); return true; }
static bool d_self(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }
static bool d_checkpoint(Call *c, Value *out) {
    if (!duration_ms(c->I, c->argv[0], &self_ds(c)->checkpoint_ms)) return false;
    return d_self(c, out);
}

static bool add_output(Call *c, OutKind kind, Value fn, int n, const char *prefix, const char *suffix) {
    DStream *d = self_ds(c);
    Ssc *s = ds_ssc(d);
    if (!not_after_start(c->I, s)) return false;
    if (s->noutputs == s->coutputs) {
        s->coutputs = s->coutputs ? s->coutputs * 2 : 4;
        s->outputs = realloc(s->outputs, (size_t)s->coutputs * sizeof(Output));
    }
    Output *o = &s->outputs[s->noutputs++];
    memset(o, 0, sizeof *o);
    o->stream = c->self;
    val_incref(c->self);
    o->kind = kind;
    o->fn = fn;
    val_incref(fn);
    o->fn_arity = fn.t == T_FUNC && as_func(fn)->def ? as_func(fn)->def->nparams : 1;
    o->n = n;
    o->prefix = prefix ? strdup(prefix) : NULL;
    o->suffix = suffix ? strdup(suffix) : NULL;
    return true;
}
static bool d_print(Call *c, Value *out) {
    int64_t n = 10;
    if (c->argc && !arg_long(c, 0, &n)) return false;
    *out = v_unit();
    return add_output(c, OUT_PRINT, v_unit(), (int)n, NULL, NULL);
}
static bool d_foreachrdd(Call *c, Value *out) {
    if (!need_fn(c, 0)) return false;
    *out = v_unit();
    return add_output(c, OUT_FOREACH, c->argv[0], 0, NULL, NULL);
}
static bool d_saveastextfiles(Call *c, Value *out) {
    const char *prefix, *suffix = "";
    if (!arg_string(c, 0, &prefix) || (c->argc > 1 && !arg_string(c, 1, &suffix))) return false;
    *out = v_unit();
    return add_output(c, OUT_SAVE, v_unit(), 0, prefix, suffix);
}

/* Methods a source adds to its stream (e.g. a Kafka stream's commitAsync). */
static bool d_source_method(Call *c, Value *out, const char *name) {
    DStream *d = self_ds(c);
    if (d->src)
        for (int i = 0; i < d->src->nmethods; i++)
            if (!strcmp(d->src->methods[i].name, name)) return d->src->methods[i].fn(c, out);
    return interp_throw(c->I, "java.lang.ClassCastException", "org.apache.spark.streaming.dstream.%s cannot be cast to "
                        "org.apache.spark.streaming.kafka010.CanCommitOffsets (only a Kafka direct stream commits offsets)", d->cls);
}
static bool d_commitasync(Call *c, Value *out) { return d_source_method(c, out, "commitAsync"); }

static const MethodDef dstream_methods[] = {
    M("map", d_map, 1, 1, "def map[U](mapFunc: T => U): DStream[U]", "Applies mapFunc to every element of every batch."),
    M("flatMap", d_flatmap, 1, 1, "def flatMap[U](flatMapFunc: T => TraversableOnce[U]): DStream[U]", "Applies the function and flattens the results."),
    M("filter", d_filter, 1, 1, "def filter(filterFunc: T => Boolean): DStream[T]", "The elements satisfying filterFunc."),
    M("mapValues", d_mapvalues, 1, 1, "def mapValues[U](mapValuesFunc: V => U): DStream[(K, U)]", "Applies the function to the value of every pair."),
    M("flatMapValues", d_flatmapvalues, 1, 1, "def flatMapValues[U](f: V => TraversableOnce[U]): DStream[(K, U)]", "Applies the function to every value and flattens, keeping the key."),
    M("mapPartitions", d_mappartitions, 1, 2, "def mapPartitions[U](mapPartFunc: Iterator[T] => Iterator[U]): DStream[U]", "Applies the function to every partition."),
    M("glom", d_glom, 0, 0, "def glom(): DStream[Array[T]]", "Each partition as an array."),
    M("count", d_count, 0, 0, "def count(): DStream[Long]", "One element per batch: the number of elements in it."),
    M("countByValue", d_countbyvalue, 0, 1, "def countByValue(): DStream[(T, Long)]", "Each distinct value of the batch with its count."),
    M("reduce", d_reduce, 1, 1, "def reduce(reduceFunc: (T, T) => T): DStream[T]", "One element per batch: the batch reduced with reduceFunc."),
    M("reduceByKey", d_reducebykey, 1, 2, "def reduceByKey(reduceFunc: (V, V) => V): DStream[(K, V)]", "The values of each key in a batch combined with reduceFunc."),
    M("groupByKey", d_groupbykey, 0, 1, "def groupByKey(): DStream[(K, Iterable[V])]", "The values of each key in a batch together."),
    M("union", d_union, 1, 1, "def union(that: DStream[T]): DStream[T]", "The elements of both streams."),
    M("transform", d_transform, 1, 1, "def transform[U](transformFunc: RDD[T] => RDD[U]): DStream[U]", "Applies an RDD-to-RDD function to every batch (also (rdd, time) => …)."),
    M("repartition", d_repartition, 1, 1, "def repartition(numPartitions: Int): DStream[T]", "Every batch in numPartitions partitions."),
    M("window", d_window, 1, 2, "def window(windowDuration: Duration, slideDuration: Duration): DStream[T]", "Every slide, the elements of the last windowDuration."),
    M("countByWindow", d_countbywindow, 2, 2, "def countByWindow(windowDuration: Duration, slideDuration: Duration): DStream[Long]", "The number of elements in each window."),
    M("countByValueAndWindow", d_countbyvalueandwindow, 2, 3, "def countByValueAndWindow(windowDuration: Duration, slideDuration: Duration): DStream[(T, Long)]", "The count of each value in each window."),
    M("reduceByWindow", d_reducebywindow, 3, 4, "def reduceByWindow(reduceFunc: (T, T) => T, windowDuration: Duration, slideDuration: Duration): DStream[T]", "Each window reduced with reduceFunc."),
    M("reduceByKeyAndWindow", d_reducebykeyandwindow, 2, 6, "def reduceByKeyAndWindow(reduceFunc: (V, V) => V, invReduceFunc: (V, V) => V, windowDuration: Duration, slideDuration: Duration, numPartitions: Int, filterFunc: ((K, V)) => Boolean): DStream[(K, V)]", "The values of each key in each window combined; with invReduceFunc the window is kept incrementally (new batches added, old ones inverse-reduced), which needs a checkpoint directory."),
    M("updateStateByKey", d_updatestatebykey, 1, 2, "def updateStateByKey[S](updateFunc: (Seq[V], Option[S]) => Option[S]): DStream[(K, S)]", "A state per key, updated every batch from the key's new values; None removes the key. Needs ssc.checkpoint(dir)."),
    M("mapWithState", d_mapwithstate, 1, 1, "def mapWithState[S, M](spec: StateSpec[K, V, S, M]): MapWithStateDStream[K, V, S, M]", "Calls spec's function for every record with the key's State; emits what it returns. Needs ssc.checkpoint(dir)."),
    M("stateSnapshots", d_statesnapshots, 0, 0, "def stateSnapshots(): DStream[(K, S)]", "Every batch, all keys with their state (of a mapWithState stream)."),
    M("print", d_print, 0, 1, "def print(num: Int = 10): Unit", "Prints the first num elements of every batch under a Time header, as Spark does."),
    M("foreachRDD", d_foreachrdd, 1, 1, "def foreachRDD(foreachFunc: RDD[T] => Unit): Unit", "Runs the function on every batch's RDD (also (rdd, time) => …)."),
    M("saveAsTextFiles", d_saveastextfiles, 1, 2, "def saveAsTextFiles(prefix: String, suffix: String = \"\"): Unit", "Writes every batch to the directory prefix-TIME_IN_MS[.suffix]."),
    M("slideDuration", d_slide, 0, 0, "def slideDuration: Duration", "The stream's slide."),
    M("context", d_context, 0, 0, "def context: StreamingContext", "The StreamingContext."),
    M("cache", d_self, 0, 0, "def cache(): DStream[T]", "Accepted (RDDs are kept in memory here)."),
    M("persist", d_self, 0, 1, "def persist(): DStream[T]", "Accepted."),
    M("checkpoint", d_checkpoint, 1, 1, "def checkpoint(interval: Duration): DStream[T]", "The stream's checkpoint interval (state is saved after every batch here; mapWithState looks for timed-out keys at this interval, by default every 10 batches)."),
    M("commitAsync", d_commitasync, 1, 2, "def commitAsync(offsetRanges: Array[OffsetRange]): Unit", "Commits offsets to Kafka (stream.asInstanceOf[CanCommitOffsets].commitAsync(ranges))."),
};
HostClass dstream_class = {.name = "DStream", .qualified = "org.apache.spark.streaming.dstream.DStream",
                           .doc = "A discretized stream: a sequence of RDDs, one per batch.",
                           .doc_url = SS_DOC "dstream/DStream.html",
                           .methods = dstream_methods, .nmethods = sizeof dstream_methods / sizeof dstream_methods[0],
                           .finalize = ds_free, .traverse = ds_traverse, .to_string = ds_str, .type_name = ds_type,
                           .aliases = (const char *const[]){"InputDStream", "ReceiverInputDStream", "PairDStreamFunctions",
                                                            "CanCommitOffsets", "org.apache.spark.streaming.kafka010.CanCommitOffsets",
                                                            "MapWithStateDStream", NULL}};

/* ---- registration ---- */

void sources_init(Interp *I);
void sources_free(Interp *I);

void streaming_init(Interp *I) {
    active_ssc = v_unit();
    HostClass *classes[] = {&duration_class, &time_class, &ssc_class, &ssc_obj, &dstream_class, &state_class,
                            &statespec_class, &statespec_obj};
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) interp_register_class(I, classes[i]);
    static const struct { const char *name; int64_t unit; const char *doc; } durs[] = {
        {"Milliseconds", 1, "Milliseconds(n): a Duration of n ms."},
        {"Seconds", 1000, "Seconds(n): a Duration of n seconds."},
        {"Minutes", 60000, "Minutes(n): a Duration of n minutes."},
    };
    for (size_t i = 0; i < 3; i++)
        interp_register_global(I, durs[i].name, func_new_native(intern(durs[i].name), make_duration, v_unit(), 1,
                               (void *)(intptr_t)durs[i].unit), "def apply(n: Long): Duration", durs[i].doc);
    interp_register_global(I, "Time", func_new_native(intern("Time"), make_time, v_unit(), 1, NULL),
                           "case class Time(millis: Long)", "A batch time.");
    interp_register_global(I, "StreamingContext", host_new(&ssc_obj, NULL), "object StreamingContext",
                           "StreamingContext.getActive, getActiveOrCreate(f), getOrCreate(checkpointDir, f).");
    interp_register_global(I, "StateSpec", host_new(&statespec_obj, NULL), "object StateSpec",
                           "StateSpec.function((key, value: Option[V], state: State[S]) => mapped) for mapWithState.");
    sources_init(I);
}

void streaming_free(Interp *I) {
    if (active_ssc.t != T_UNIT) {
        interp_lock(I);
        ssc_stop_internal(I, ssc_get(active_ssc));
        interp_unlock(I);
    }
    sources_free(I);
}
