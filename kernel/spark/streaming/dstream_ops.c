/* dstream_ops.c — the DStream class: transformations (map … union, joins, transformWith, window, reduceByKeyAndWindow,
 * updateStateByKey, mapWithState), output operations (print, foreachRDD, saveAsTextFiles). */
#include "spark/streaming/streaming_internal.h"
#include "lang/ast.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- DStream methods ---- */

static DStream *self_ds(Call *c) { return as_host(c->self)->data; }
static Ssc *ds_ssc(DStream *d) { return ssc_get(d->ssc_v); }

static bool need_fn(Call *c, int i) {
    if (i < c->argc && c->argv[i].t == T_FUNC) return true;
    return interp_throw(c->I, "error", "type mismatch: %s needs a function", c->name);
}

#define SIMPLE_OP(fname, kind, cls)                                            \
    static bool fname(Call *c, Value *out) {                                   \
        if (!need_fn(c, 0) || !ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false; \
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
    if (!need_fn(c, 0) || !ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_TRANSFORM, "TransformedDStream", c->argv[0], 0);
    FuncObj *f = as_func(c->argv[0]);
    ds_get(*out)->nparts = f->def && f->def->nparams == 2 ? 2 : 1;   /* (rdd, time) form */
    char *t = ds_transform_elem_type(c->I, c->argv[0], self_ds(c)->elem_type);
    if (t) ds_set_type(ds_get(*out), t);
    return true;
}
static bool d_noarg(Call *c, Value *out, DsKind kind, const char *cls) {
    if (!ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, kind, cls, v_unit(), 0);
    return true;
}
static bool d_count(Call *c, Value *out) {
    if (!d_noarg(c, out, DS_COUNT, "MappedDStream")) return false;
    ds_get(*out)->elem_type = "Long";
    return true;
}
static bool d_countbyvalue(Call *c, Value *out) {
    if (!d_noarg(c, out, DS_COUNTBYVALUE, "ShuffledDStream")) return false;
    if (c->argc && c->argv[0].t == T_INT && c->argv[0].u.i > 0) ds_get(*out)->nparts = c->argv[0].u.i;
    return true;
}
static bool d_glom(Call *c, Value *out) { return d_noarg(c, out, DS_GLOM, "GlommedDStream"); }
static bool d_groupbykey(Call *c, Value *out) {
    if (!d_noarg(c, out, DS_GROUPBYKEY, "ShuffledDStream")) return false;
    int64_t n = 0;
    if (c->argc && c->argv[0].t == T_INT) n = c->argv[0].u.i;
    ds_get(*out)->nparts = (int)n;
    return true;
}
static bool d_reduce(Call *c, Value *out) {
    if (!need_fn(c, 0) || !ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_REDUCE, "MappedDStream", c->argv[0], 0);
    return true;
}
static bool d_reducebykey(Call *c, Value *out) {
    if (!need_fn(c, 0) || !ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_REDUCEBYKEY, "ShuffledDStream", c->argv[0], 0);
    if (c->argc > 1 && c->argv[1].t == T_INT) ds_get(*out)->nparts = c->argv[1].u.i;
    return true;
}
static bool d_repartition(Call *c, Value *out) {
    int64_t n;
    if (!arg_long(c, 0, &n) || !ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    if (n < 1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "requirement failed: Number of partitions (%lld) must be positive.", (long long)n);
    *out = ds_child(c, DS_REPARTITION, "TransformedDStream", v_unit(), 0);
    ds_get(*out)->nparts = (int)n;
    return true;
}
/* Two streams batch by batch: union, the joins, cogroup (an RDD method over the two RDDs of each
 * batch) and transformWith (a function of them). Both must share the context and the slide. */
static bool d_two(Call *c, Value *out, DsKind kind, const char *op, const char *cls) {
    DStream *self = self_ds(c), *o = c->argc ? ds_get(c->argv[0]) : NULL;
    if (!o) return interp_throw(c->I, "error", "type mismatch: %s needs a DStream", c->name);
    if (!ds_not_after_start(c->I, ds_ssc(self))) return false;
    if (o->ssc_v.u.o != self->ssc_v.u.o) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Some of the DStreams have different contexts");
    if (o->slide_ms != self->slide_ms) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Some of the DStreams have different slide durations");
    Value fn = v_unit();
    if (kind == DS_TRANSFORMWITH) {
        if (c->argc < 2 || c->argv[1].t != T_FUNC)
            return interp_throw(c->I, "error", "type mismatch: transformWith needs a DStream and a function (rdd1, rdd2) => rdd");
        fn = c->argv[1];
    }
    *out = ds_child(c, kind, cls, fn, 0);
    DStream *d = ds_get(*out);
    d->op = op;
    d->parents[1] = c->argv[0];
    val_incref(c->argv[0]);
    d->nparents = 2;
    char *k, *v, *k2, *w;
    if (kind == DS_BINARY && !strcmp(op, "union") && self->elem_type) ds_set_type(d, strdup(self->elem_type));
    else if (kind == DS_BINARY && spark_pair_types(self->elem_type, &k, &v)) {
        if (spark_pair_types(o->elem_type, &k2, &w)) {
            const char *fmt = !strcmp(op, "join") ? "(%s, (%s, %s))" : !strcmp(op, "leftOuterJoin") ? "(%s, (%s, Option[%s]))"
                            : !strcmp(op, "rightOuterJoin") ? "(%s, (Option[%s], %s))"
                            : !strcmp(op, "fullOuterJoin") ? "(%s, (Option[%s], Option[%s]))" : "(%s, (Iterable[%s], Iterable[%s]))";
            char *t = NULL;
            if (asprintf(&t, fmt, k, v, w) >= 0) ds_set_type(d, t);
            free(k2); free(w);
        }
        free(k); free(v);
    }
    if (kind == DS_TRANSFORMWITH) {
        FuncObj *f = as_func(fn);
        d->nparts = f->def && f->def->nparams == 3 ? 3 : 2;   /* (rdd1, rdd2, time) form */
    } else if (c->argc > 1 && (c->argv[1].t == T_INT || c->argv[1].t == T_LONG)) {
        d->nparts = (int)(c->argv[1].t == T_INT ? c->argv[1].u.i : c->argv[1].u.l);   /* numPartitions */
    }
    return true;
}
static bool d_union(Call *c, Value *out) { return d_two(c, out, DS_BINARY, "union", "UnionDStream"); }
static bool d_join(Call *c, Value *out) { return d_two(c, out, DS_BINARY, "join", "TransformedDStream"); }
static bool d_leftouterjoin(Call *c, Value *out) { return d_two(c, out, DS_BINARY, "leftOuterJoin", "TransformedDStream"); }
static bool d_rightouterjoin(Call *c, Value *out) { return d_two(c, out, DS_BINARY, "rightOuterJoin", "TransformedDStream"); }
static bool d_fullouterjoin(Call *c, Value *out) { return d_two(c, out, DS_BINARY, "fullOuterJoin", "TransformedDStream"); }
static bool d_cogroup(Call *c, Value *out) { return d_two(c, out, DS_BINARY, "cogroup", "TransformedDStream"); }
static bool d_transformwith(Call *c, Value *out) { return d_two(c, out, DS_TRANSFORMWITH, NULL, "TransformedDStream"); }

/* Window and slide must be multiples of the parent's slide, as Spark requires: a WindowedDStream
 * throws Exception, a ReducedWindowedDStream (the inverse-function forms) fails a require. */
#define WINDOW_FRAMES(line, more) \
    "\n  at org.apache.spark.streaming.dstream.WindowedDStream.<init>(WindowedDStream.scala:" #line ")" \
    "\n  at org.apache.spark.streaming.dstream.DStream.$anonfun$window$1(DStream.scala:768)" \
    "\n  at org.apache.spark.rdd.RDDOperationScope$.withScope(RDDOperationScope.scala:151)" \
    "\n  at org.apache.spark.rdd.RDDOperationScope$.withScope(RDDOperationScope.scala:112)" \
    "\n  at org.apache.spark.SparkContext.withScope(SparkContext.scala:919)" \
    "\n  at org.apache.spark.streaming.StreamingContext.withScope(StreamingContext.scala:270)" \
    "\n  at org.apache.spark.streaming.dstream.DStream.window(DStream.scala:768)" more
#define WINDOW_1ARG "\n  at org.apache.spark.streaming.dstream.DStream.window(DStream.scala:756)"
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
        char *msg = NULL;
        if (asprintf(&msg, "The %s duration of windowed DStream (%lld ms) must be a multiple of the slide duration of "
                     "parent DStream (%lld ms)", what[i], (long long)val[i], (long long)p->slide_ms) < 0) msg = NULL;
        Value e = exc_new("java.lang.Exception", msg ? str_take(msg) : v_null());
        if (!strcmp(c->name, "window"))   /* the JVM frames spark-shell 3.5.5 shows above the cell's */
            as_exc(e)->frames = strdup(!i ? (s ? WINDOW_FRAMES(36, "") : WINDOW_FRAMES(36, WINDOW_1ARG))
                                          : (s ? WINDOW_FRAMES(41, "") : WINDOW_FRAMES(41, WINDOW_1ARG)));
        return interp_throw_value(c->I, e);
    }
    return ds_not_after_start(c->I, ds_ssc(p));
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
/* (k, buffers) => (k, the buffers' values in one ArrayBuffer) */
static bool nf_flatten(Call *c, Value *out) {
    Value *bufs;
    size_t n;
    if (!interp_iter_items(c->I, c->argv[0], &bufs, &n)) return interp_throw(c->I, "error", "groupByKeyAndWindow: not a collection");
    Value all = seq_new(SEQ_BUFFER, n);
    for (size_t i = 0; i < n; i++) {
        Value *vals;
        size_t k;
        if (interp_iter_items(c->I, bufs[i], &vals, &k)) {
            for (size_t j = 0; j < k; j++) seq_push(all, vals[j]);
            free(vals);
        }
    }
    interp_free_items(bufs, n);
    *out = all;
    return true;
}
/* groupByKeyAndWindow(w, s, numPartitions), as Spark: each batch grouped by key, the groups of the
 * window combined by key (combineByKey with map-side combine) into one ArrayBuffer a key. */
static bool d_groupbykeyandwindow(Call *c, Value *out) {
    int64_t w, s;
    if (!window_args(c, 0, &w, &s, false)) return false;
    Value *np = call_arg(c, 2, "numPartitions");
    int nparts = np && np->t == T_INT ? np->u.i : 0;
    Value g1 = ds_child(c, DS_GROUPBYKEY, "ShuffledDStream", v_unit(), 0);
    ds_get(g1)->nparts = nparts;
    Value win = ds_child_of(c->I, g1, DS_WINDOW, "WindowedDStream", v_unit(), s);
    ds_get(win)->window_ms = w;
    Value g2 = ds_child_of(c->I, win, DS_GROUPBYKEY, "ShuffledDStream", v_unit(), 0);
    ds_get(g2)->nparts = nparts;
    Value flat = native("flatten", nf_flatten, 1);
    *out = ds_child_of(c->I, g2, DS_MAPVALUES, "MappedValuesDStream", flat, 0);
    if (ds_get(g1)->elem_type) ds_set_type(ds_get(*out), strdup(ds_get(g1)->elem_type));   /* (K, Iterable[V]) */
    val_decref(flat);
    val_decref(g1);
    val_decref(win);
    val_decref(g2);
    return true;
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
/* updateStateByKey(f), (f, numPartitions), (f, partitioner), (f, partitioner, initialRDD),
 * (f, partitioner, rememberPartitioner), (f, partitioner, rememberPartitioner, initialRDD) */
static bool d_updatestatebykey(Call *c, Value *out) {
    if (!need_fn(c, 0) || !ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    int nparts = 0;
    Value initial = v_unit();
    if (c->argc > 1 && c->argv[1].t == T_INT) nparts = c->argv[1].u.i;
    else if (c->argc > 1 && !hash_partitioner_parts(c->argv[1], &nparts))
        return interp_throw(c->I, "error", "type mismatch: updateStateByKey's second argument is a number of partitions or a Partitioner");
    for (int i = 2; i < c->argc; i++) {
        if (rdd_get(c->argv[i])) initial = c->argv[i];
        else if (c->argv[i].t != T_BOOL)
            return interp_throw(c->I, "error", "type mismatch: updateStateByKey(updateFunc, partitioner, [rememberPartitioner,] initialRDD)");
    }
    *out = ds_child(c, DS_UPDATESTATE, "StateDStream", c->argv[0], 0);
    DStream *d = ds_get(*out);
    d->nparts = nparts;
    d->fn2 = initial;
    val_incref(initial);
    /* DStream[(K, S)]: S from the function's result, Option[S] (or Some[S]) */
    char *k, *v, *r = NULL;
    if (spark_pair_types(self_ds(c)->elem_type, &k, &v)) {
        char *seq = NULL;
        if (asprintf(&seq, "Seq[%s]", v) >= 0) {
            const char *args[2] = {seq, "Option[Any]"};
            r = interp_infer_fn_result(c->I, c->argv[0], args, 2);
        }
        const Node *at = c->at;    /* updateStateByKey[S](...): the type argument first */
        if (at && at->kind == N_APPLY && at->a && at->a->kind == N_TYPEARGS && at->a->ntypes == 1) {
            free(r);
            r = NULL;
            if (asprintf(&r, "Option[%s]", at->a->types[0]) < 0) r = NULL;
        }
        size_t n = r ? strlen(r) : 0;
        const char *st = r && !strncmp(r, "Option[", 7) ? r + 7 : r && !strncmp(r, "Some[", 5) ? r + 5 : NULL;
        char *t = NULL;
        if (st && n && r[n - 1] == ']' && asprintf(&t, "(%s, %.*s)", k, (int)(r + n - 1 - st), st) >= 0) ds_set_type(d, t);
        free(seq); free(r); free(k); free(v);
    }
    return true;
}
static bool d_mapwithstate(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    if (c->argv[0].t != T_HOST || as_host(c->argv[0])->cls != &statespec_class)
        return interp_throw(c->I, "error", "type mismatch: mapWithState needs a StateSpec, e.g. StateSpec.function(mappingFunc)");
    if (!ds_not_after_start(c->I, ds_ssc(self_ds(c)))) return false;
    *out = ds_child(c, DS_MAPWITHSTATE, "MapWithStateDStreamImpl", c->argv[0], 0);
    const char *t[4];              /* MapWithStateDStream[K,V,S,T] of DStream[T] */
    if (statespec_types(c->argv[0], t) && t[0] && t[1] && t[2] && t[3]) {
        DStream *d = ds_get(*out);
        if (asprintf(&d->type_args, "%s,%s,%s,%s", t[0], t[1], t[2], t[3]) < 0) d->type_args = NULL;
        ds_set_type(d, strdup(t[3]));
    }
    return true;
}
static bool d_statesnapshots(Call *c, Value *out) {
    DStream *d = self_ds(c);
    if (d->kind != DS_MAPWITHSTATE) return interp_throw(c->I, "error", "value stateSnapshots is not a member of this DStream (only of mapWithState's)");
    *out = ds_child(c, DS_SNAPSHOTS, "FlatMappedDStream", v_unit(), 0);
    const char *t[4];              /* DStream[(K, S)] */
    char *kt = NULL;
    if (statespec_types(d->fn, t) && t[0] && t[2] && asprintf(&kt, "(%s, %s)", t[0], t[2]) >= 0) ds_set_type(ds_get(*out), kt);
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
    if (!ds_not_after_start(c->I, s)) return false;
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
        for (int i = 0; i < d->src->ops->nmethods; i++)
            if (!strcmp(d->src->ops->methods[i].name, name)) {
                Call sc = *c;
                sc.data = d->src->ops->methods[i].data;
                return d->src->ops->methods[i].fn(&sc, out);
            }
    return interp_throw(c->I, "java.lang.ClassCastException", "org.apache.spark.streaming.dstream.%s cannot be cast to "
                        "org.apache.spark.streaming.kafka010.CanCommitOffsets (only a Kafka direct stream commits offsets)", d->cls);
}
static bool d_commitasync(Call *c, Value *out) { return d_source_method(c, out, "commitAsync"); }

static const MethodDef dstream_methods[] = {
    METHOD("map", d_map, 1, 1, "def map[U](mapFunc: T => U): DStream[U]", "Applies mapFunc to every element of every batch."),
    METHOD("flatMap", d_flatmap, 1, 1, "def flatMap[U](flatMapFunc: T => TraversableOnce[U]): DStream[U]", "Applies the function and flattens the results."),
    METHOD("filter", d_filter, 1, 1, "def filter(filterFunc: T => Boolean): DStream[T]", "The elements satisfying filterFunc."),
    METHOD("mapValues", d_mapvalues, 1, 1, "def mapValues[U](mapValuesFunc: V => U): DStream[(K, U)]", "Applies the function to the value of every pair."),
    METHOD("flatMapValues", d_flatmapvalues, 1, 1, "def flatMapValues[U](f: V => TraversableOnce[U]): DStream[(K, U)]", "Applies the function to every value and flattens, keeping the key."),
    METHOD("mapPartitions", d_mappartitions, 1, 2, "def mapPartitions[U](mapPartFunc: Iterator[T] => Iterator[U]): DStream[U]", "Applies the function to every partition."),
    METHOD("glom", d_glom, 0, 0, "def glom(): DStream[Array[T]]", "Each partition as an array."),
    METHOD("count", d_count, 0, 0, "def count(): DStream[Long]", "One element per batch: the number of elements in it."),
    METHOD("countByValue", d_countbyvalue, 0, 1, "def countByValue(): DStream[(T, Long)]", "Each distinct value of the batch with its count."),
    METHOD("reduce", d_reduce, 1, 1, "def reduce(reduceFunc: (T, T) => T): DStream[T]", "One element per batch: the batch reduced with reduceFunc."),
    METHOD("reduceByKey", d_reducebykey, 1, 2, "def reduceByKey(reduceFunc: (V, V) => V): DStream[(K, V)]", "The values of each key in a batch combined with reduceFunc."),
    METHOD("groupByKey", d_groupbykey, 0, 1, "def groupByKey(): DStream[(K, Iterable[V])]", "The values of each key in a batch together."),
    METHOD("union", d_union, 1, 1, "def union(that: DStream[T]): DStream[T]", "The elements of both streams."),
    METHOD("join", d_join, 1, 2, "def join[W](other: DStream[(K, W)], numPartitions: Int): DStream[(K, (V, W))]", "Joins the two streams' RDDs of each batch by key (with windows: a windowed join)."),
    METHOD("leftOuterJoin", d_leftouterjoin, 1, 2, "def leftOuterJoin[W](other: DStream[(K, W)], numPartitions: Int): DStream[(K, (V, Option[W]))]", "Each batch's leftOuterJoin of the two streams' RDDs."),
    METHOD("rightOuterJoin", d_rightouterjoin, 1, 2, "def rightOuterJoin[W](other: DStream[(K, W)], numPartitions: Int): DStream[(K, (Option[V], W))]", "Each batch's rightOuterJoin of the two streams' RDDs."),
    METHOD("fullOuterJoin", d_fullouterjoin, 1, 2, "def fullOuterJoin[W](other: DStream[(K, W)], numPartitions: Int): DStream[(K, (Option[V], Option[W]))]", "Each batch's fullOuterJoin of the two streams' RDDs."),
    METHOD("cogroup", d_cogroup, 1, 2, "def cogroup[W](other: DStream[(K, W)], numPartitions: Int): DStream[(K, (Iterable[V], Iterable[W]))]", "Each batch's cogroup of the two streams' RDDs."),
    METHOD("transformWith", d_transformwith, 2, 2, "def transformWith[U, V](other: DStream[U], transformFunc: (RDD[T], RDD[U]) => RDD[V]): DStream[V]", "Applies a function of both streams' RDDs to every batch (also (rdd1, rdd2, time) => …)."),
    METHOD("transform", d_transform, 1, 1, "def transform[U](transformFunc: RDD[T] => RDD[U]): DStream[U]", "Applies an RDD-to-RDD function to every batch (also (rdd, time) => …)."),
    METHOD("repartition", d_repartition, 1, 1, "def repartition(numPartitions: Int): DStream[T]", "Every batch in numPartitions partitions."),
    METHOD("window", d_window, 1, 2, "def window(windowDuration: Duration, slideDuration: Duration): DStream[T]", "Every slide, the elements of the last windowDuration."),
    METHOD("countByWindow", d_countbywindow, 2, 2, "def countByWindow(windowDuration: Duration, slideDuration: Duration): DStream[Long]", "The number of elements in each window."),
    METHOD("countByValueAndWindow", d_countbyvalueandwindow, 2, 3, "def countByValueAndWindow(windowDuration: Duration, slideDuration: Duration): DStream[(T, Long)]", "The count of each value in each window."),
    METHOD("reduceByWindow", d_reducebywindow, 3, 4, "def reduceByWindow(reduceFunc: (T, T) => T, windowDuration: Duration, slideDuration: Duration): DStream[T]", "Each window reduced with reduceFunc."),
    METHOD("groupByKeyAndWindow", d_groupbykeyandwindow, 1, 3, "def groupByKeyAndWindow(windowDuration: Duration, slideDuration: Duration, numPartitions: Int): DStream[(K, Iterable[V])]", "The values of each key in each window together."),
    METHOD("reduceByKeyAndWindow", d_reducebykeyandwindow, 2, 6, "def reduceByKeyAndWindow(reduceFunc: (V, V) => V, invReduceFunc: (V, V) => V, windowDuration: Duration, slideDuration: Duration, numPartitions: Int, filterFunc: ((K, V)) => Boolean): DStream[(K, V)]", "The values of each key in each window combined; with invReduceFunc the window is kept incrementally (new batches added, old ones inverse-reduced), which needs a checkpoint directory."),
    METHOD("updateStateByKey", d_updatestatebykey, 1, 4, "def updateStateByKey[S](updateFunc: (Seq[V], Option[S]) => Option[S], partitioner: Partitioner, initialRDD: RDD[(K, S)]): DStream[(K, S)]", "A state per key, updated every batch from the key's new values; None removes the key. Needs ssc.checkpoint(dir)."),
    METHOD("mapWithState", d_mapwithstate, 1, 1, "def mapWithState[S, M](spec: StateSpec[K, V, S, M]): MapWithStateDStream[K, V, S, M]", "Calls spec's function for every record with the key's State; emits what it returns. Needs ssc.checkpoint(dir)."),
    METHOD("stateSnapshots", d_statesnapshots, 0, 0, "def stateSnapshots(): DStream[(K, S)]", "Every batch, all keys with their state (of a mapWithState stream)."),
    METHOD("print", d_print, 0, 1, "def print(num: Int = 10): Unit", "Prints the first num elements of every batch under a Time header, as Spark does."),
    METHOD("foreachRDD", d_foreachrdd, 1, 1, "def foreachRDD(foreachFunc: RDD[T] => Unit): Unit", "Runs the function on every batch's RDD (also (rdd, time) => …)."),
    METHOD("saveAsTextFiles", d_saveastextfiles, 1, 2, "def saveAsTextFiles(prefix: String, suffix: String = \"\"): Unit", "Writes every batch to the directory prefix-TIME_IN_MS[.suffix]."),
    METHOD("slideDuration", d_slide, 0, 0, "def slideDuration: Duration", "The stream's slide."),
    METHOD("context", d_context, 0, 0, "def context: StreamingContext", "The StreamingContext."),
    METHOD("cache", d_self, 0, 0, "def cache(): DStream[T]", "Accepted (RDDs are kept in memory here)."),
    METHOD("persist", d_self, 0, 1, "def persist(): DStream[T]", "Accepted."),
    METHOD("checkpoint", d_checkpoint, 1, 1, "def checkpoint(interval: Duration): DStream[T]", "The stream's checkpoint interval (state is saved after every batch here; mapWithState looks for timed-out keys at this interval, by default every 10 batches)."),
    METHOD("commitAsync", d_commitasync, 1, 2, "def commitAsync(offsetRanges: Array[OffsetRange]): Unit", "Commits offsets to Kafka (stream.asInstanceOf[CanCommitOffsets].commitAsync(ranges))."),
};
HostClass dstream_class = {.name = "DStream", .qualified = "org.apache.spark.streaming.dstream.DStream",
                           .doc = "A discretized stream: a sequence of RDDs, one per batch.",
                           .doc_url = SS_DOC "dstream/DStream.html",
                           HOST_METHODS(dstream_methods),
                           .finalize = ds_free, .traverse = ds_traverse, .to_string = ds_str, .type_name = ds_type,
                           .aliases = (const char *const[]){"InputDStream", "ReceiverInputDStream", "PairDStreamFunctions",
                                                            "CanCommitOffsets", "org.apache.spark.streaming.kafka010.CanCommitOffsets",
                                                            "MapWithStateDStream", NULL}};

