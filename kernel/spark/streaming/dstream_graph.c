/* dstream_graph.c — the DStream graph: stream objects (inputs and the children transformations
 * make), and computing a stream's RDD at a batch time — once per stream and time, remembered as
 * long as windows and state need it (gen_find / gen_put), windows from their parents' slices and
 * reduceByKeyAndWindow with an inverse function from the previous window. batches.c asks it for
 * each output's RDD. */
#include "spark/streaming/streaming_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/ast.h"

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
    val_decref(d->layers);
    val_decref(d->last_layer);
    if (d->src) { if (d->src->ops->destroy) d->src->ops->destroy(d->src); }
    free(d->elem_owned);
    free(d->type_args);
    free(d);
}
void ds_traverse(void *p, VisitFn visit, void *ctx) {
    DStream *d = p;
    visit(d->ssc_v, ctx);
    for (int i = 0; i < d->nparents; i++) visit(d->parents[i], ctx);
    visit(d->fn, ctx); visit(d->fn2, ctx); visit(d->fn3, ctx);
    for (int i = 0; i < d->ngen; i++) visit(d->gen[i].rdd, ctx);
    visit(d->state, ctx);
    visit(d->layers, ctx);
    visit(d->last_layer, ctx);
    if (d->src && d->src->ops->traverse) d->src->ops->traverse(d->src, visit, ctx);
}
char *ds_str(Interp *I, void *p) {
    (void)I;
    DStream *d = p;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.streaming.dstream.%s@%x", d->cls, 0x1000 + d->id) < 0) return NULL;
    return s;
}
static __thread char ds_type_buf[400];
const char *ds_type(void *p) {
    DStream *d = p;
    const char *base = d->kind == DS_INPUT && d->src && (!strcmp(d->src->ops->kind, "DirectKafkaInputDStream") ||
                                                         !strcmp(d->src->ops->kind, "QueueInputDStream"))
                           ? "org.apache.spark.streaming.dstream.InputDStream"
                           : d->kind == DS_MAPWITHSTATE ? "org.apache.spark.streaming.dstream.MapWithStateDStream"
                           : "org.apache.spark.streaming.dstream.DStream";
    snprintf(ds_type_buf, sizeof ds_type_buf, "%s[%s]", base,
             d->kind == DS_MAPWITHSTATE && d->type_args ? d->type_args : d->elem_type ? d->elem_type : "Any");
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
    d->fn = d->fn2 = d->fn3 = d->state = d->layers = d->last_layer = v_unit();
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
    Value v = ds_new(I, ssc_v, DS_INPUT, src->ops->kind, s->batch_ms);
    ds_get(v)->src = src;
    ds_get(v)->elem_type = src->ops->elem_type;
    return v;
}

void ds_set_type(DStream *d, char *owned) {
    free(d->elem_owned);
    d->elem_owned = owned;
    d->elem_type = owned;
}

void dstream_set_elem_type(Value ds, char *owned) { ds_set_type(ds_get(ds), owned); }

/* The element type of a collection type (Array[T], List[T], Seq[T], Iterable[T] …), or NULL. */
static char *collection_elem(const char *t) {
    static const char *const pre[] = {"Array[", "List[", "Seq[", "Iterable[", "Iterator[", "Vector[", "IndexedSeq[",
                                      "scala.collection.mutable.ArrayBuffer[", "Set[", "Option[", "Some[", NULL};
    size_t len = t ? strlen(t) : 0;
    for (int i = 0; t && pre[i]; i++) {
        size_t n = strlen(pre[i]);
        if (len > n + 1 && !strncmp(t, pre[i], n) && t[len - 1] == ']') return strndup(t + n, len - n - 1);
    }
    return NULL;
}
static char *fmt_type(const char *fmt, const char *a, const char *b) {
    char *s = NULL;
    if (asprintf(&s, fmt, a, b) < 0) return NULL;
    return s;
}

/* Spark's static element type of a new stream of this kind over p with function fn, as the REPL
 * echoes it (DStream[(String, Int)]): from the parent's type and the function's inferred result. */
static void ds_infer_type(Interp *I, DStream *d, const DStream *p, Value fn) {
    const char *pt = p->elem_type;
    char *k = NULL, *v = NULL, *r = NULL, *t = NULL;
    switch (d->kind) {
    case DS_MAP: t = pt ? interp_infer_fn_result(I, fn, &pt, 1) : NULL; break;
    case DS_FLATMAP:
        if (pt && (r = interp_infer_fn_result(I, fn, &pt, 1))) t = collection_elem(r);
        break;
    case DS_FILTER: case DS_REDUCE: case DS_REDUCEBYKEY: case DS_REPARTITION: case DS_WINDOW:
    case DS_REDUCEBYKEY_INV_WINDOW:
        t = pt ? strdup(pt) : NULL;
        break;
    case DS_COUNT: t = strdup("Long"); break;
    case DS_COUNTBYVALUE: t = pt ? fmt_type("(%s, Long)", pt, NULL) : NULL; break;
    case DS_GLOM: t = pt ? fmt_type("Array[%s]", pt, NULL) : NULL; break;
    case DS_GROUPBYKEY: if (spark_pair_types(pt, &k, &v)) t = fmt_type("(%s, Iterable[%s])", k, v); break;
    case DS_MAPVALUES: case DS_FLATMAPVALUES:
        if (spark_pair_types(pt, &k, &v) && (r = interp_infer_fn_result(I, fn, (const char *const *)&v, 1))) {
            char *e = d->kind == DS_MAPVALUES ? strdup(r) : collection_elem(r);
            if (e) t = fmt_type("(%s, %s)", k, e);
            free(e);
        }
        break;
    default: break;
    }
    free(k); free(v); free(r);
    if (t) ds_set_type(d, t);
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
    ds_infer_type(I, d, p, fn);
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
    case DS_COUNTBYVALUE: {   /* Spark: map((_, 1L)).reduceByKey(_ + _, defaultParallelism) */
        Value m;
        if (!(ok = rdd_call(I, pr, "countByValue", 0, NULL, &m))) break;
        int np = d->nparts ? d->nparts : spark_default_parallelism();
        Value *parts = malloc((size_t)np * sizeof *parts);
        rdd_shuffle_keys(rdd_get(pr), false, true, np, parts);
        for (int q = 0; q < np; q++) {
            SeqObj *ks = as_seq(parts[q]);
            for (size_t j = 0; j < ks->len; j++) {
                Value kv[2] = {ks->items[j], v_long(0)};
                map_get(m, kv[0], &kv[1]);
                ks->items[j] = tuple_new(2, kv);
            }
        }
        val_decref(m);
        *out = rdd_make(I, "ShuffledRDD", "countByValue", parts, np);
        free(parts);
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
        /* Spark: a HashPartitioner over defaultParallelism partitions unless numPartitions is given */
        Value args[2] = {d->fn, v_int(d->nparts ? d->nparts : spark_default_parallelism())};
        ok = rdd_call(I, pr, "reduceByKey", 2, args, out);
        break;
    }
    case DS_GROUPBYKEY: {
        ok = rdd_group_by_key_combined(I, pr, d->nparts ? d->nparts : spark_default_parallelism(), out);
        break;
    }
    case DS_BINARY: case DS_TRANSFORMWITH: {
        Value other;
        if (!(ok = ds_get_rdd(I, ds_get(d->parents[1]), s, t, &other))) break;
        if (other.t == T_UNIT) other = ds_empty_rdd(I);
        if (d->kind == DS_BINARY) {
            /* the joins and cogroup of PairDStreamFunctions partition by
             * HashPartitioner(sc.defaultParallelism), not by the RDDs' largest partition count
             * as RDD.join does (a window's union RDD has more partitions) */
            int np = d->nparts ? d->nparts : strcmp(d->op, "union") ? spark_default_parallelism() : 0;
            Value args[2] = {other, v_int(np)};
            ok = rdd_call(I, pr, d->op, np ? 2 : 1, args, out);
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
        *out = mapwithstate_snapshots(I, m);
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
/* The keys of the window in Spark's order: a CoGroupedRDD over the previous window's RDD, the
 * batches leaving and those entering (all hash-partitioned alike: no map-side combine), in its
 * AppendOnlyMap's order; each key's pair from values (keys it lacks, filtered out, are skipped). */
static Value window_in_cogroup_order(Interp *I, Value prev, Value olds, Value news, int nparts, Value values) {
    Rdd none = {0}, *p = rdd_get(prev), *o = rdd_get(olds), *n = rdd_get(news);
    Value *all = malloc((size_t)((o ? o->nparts : 0) + (n ? n->nparts : 0) + 1) * sizeof *all);
    Rdd on = {.parts = all};   /* the old batches' partitions, then the new ones' */
    for (int i = 0; o && i < o->nparts; i++) all[on.nparts++] = o->parts[i];
    for (int i = 0; n && i < n->nparts; i++) all[on.nparts++] = n->parts[i];
    Value *parts = malloc((size_t)nparts * sizeof *parts);
    rdd_cogroup_keys(p ? p : &none, &on, nparts, parts);
    free(all);
    Value out = rdd_pairs_by_keys(I, "ReducedWindowedRDD", "reduceByKeyAndWindow", parts, nparts, values);
    free(parts);
    return out;
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
    if (ok && prev.t != T_UNIT && !(ok = interp_call_method(I, prev, "collectAsMap", 0, NULL, &prevmap))) {
        val_decref(oldmap); val_decref(newmap);
    }
    if (!ok) { val_decref(prev); val_decref(olds); val_decref(news); return false; }
    if (prevmap.t == T_UNIT) prevmap = map_new(MAP_SCALA, false);
    /* each key of the previous window or the new batches: its value (minus the old, plus the new) */
    Value result = map_new(MAP_SCALA, false);
    Value srcs[2] = {prevmap, newmap};
    for (int m = 0; m < 2 && ok; m++) {
        MapObj *mo = as_map(srcs[m]);
        for (size_t i = 0; i < mo->used && ok; i++) {
            if (!mo->entries[i].live) continue;
            Value k = mo->entries[i].key;
            if (map_get(result, k, NULL)) continue;
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
                if (!k2) { val_decref(pair); val_incref(k); map_put(result, k, v_unit()); continue; }
            }
            val_incref(k);
            map_put(result, k, pair);
        }
    }
    val_decref(prevmap); val_decref(oldmap); val_decref(newmap);
    if (ok) {
        /* filtered keys hold unit: window_in_cogroup_order leaves out what is not a pair */
        *out = window_in_cogroup_order(I, prev, olds, news, d->nparts ? d->nparts : spark_default_parallelism(), result);
    }
    val_decref(result);
    val_decref(prev); val_decref(olds); val_decref(news);
    return ok;
}
