/* dstream_state.c — stateful streams: updateStateByKey (a state per key updated from each
 * batch's values) and mapWithState with State, StateSpec, timeouts and state snapshots. */
#include "spark/streaming/streaming_internal.h"
#include "lang/ast.h"
#include "spark/modules.h"
#include "spark/core/shuffle_order.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* As Spark's StateDStream: the first batch groups the batch's pairs by key (or, with an
 * initialRDD, cogroups them with it); later batches cogroup them with the previous state. Keys
 * come in that shuffle's order; the function gets each key's new values and its state. */
bool compute_updatestate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out) {
    Value prev = v_unit(), prevmap, groups;
    if (t - d->slide_ms > s->zero_ms && !ds_get_rdd(I, d, s, t - d->slide_ms, &prev)) return false;
    if (prev.t == T_UNIT && rdd_get(d->fn2)) { prev = d->fn2; val_incref(prev); }
    if (prev.t != T_UNIT) {
        if (!interp_call_method(I, prev, "collectAsMap", 0, NULL, &prevmap)) { val_decref(prev); return false; }
    } else prevmap = map_new(MAP_SCALA, false);
    Value g;
    bool ok = interp_call_method(I, parent, "groupByKey", 0, NULL, &g);
    if (ok) { ok = interp_call_method(I, g, "collectAsMap", 0, NULL, &groups); val_decref(g); }
    if (!ok) { val_decref(prevmap); val_decref(prev); return false; }
    Value result = map_new(MAP_SCALA, false);
    Value srcs[2] = {prevmap, groups};
    for (int m = 0; m < 2 && ok; m++) {
        MapObj *mo = as_map(srcs[m]);
        for (size_t i = 0; i < mo->used && ok; i++) {
            if (!mo->entries[i].live) continue;
            Value k = mo->entries[i].key, vals, st, r;
            if (map_get(result, k, NULL)) continue;
            Value args[2];
            if (map_get(groups, k, &vals)) { args[0] = vals; val_incref(vals); }
            else args[0] = seq_new(SEQ_COMPACT, 0);   /* Spark's cogroup: an empty CompactBuffer */
            if (map_get(prevmap, k, &st)) { val_incref(st); args[1] = some_new(st); }
            else args[1] = v_none();
            ok = interp_call(I, d->fn, 2, args, &r);
            val_decref(args[0]); val_decref(args[1]);
            if (!ok) break;
            Value pair = v_unit();   /* unit: the key's state is removed */
            if (r.t == T_SOME) {
                Value kv[2] = {k, as_some(r)->v};
                val_incref(k); val_incref(kv[1]);
                pair = tuple_new(2, kv);
            } else if (r.t != T_NONE) {
                val_decref(r);
                ok = interp_throw(I, "error", "type mismatch: updateStateByKey's function must return an Option");
                break;
            }
            val_decref(r);
            val_incref(k);
            map_put(result, k, pair);
        }
    }
    val_decref(prevmap);
    val_decref(groups);
    if (ok) {
        int np = d->nparts ? d->nparts : spark_default_parallelism();
        Value *parts = malloc((size_t)np * sizeof *parts);
        Rdd *pr = rdd_get(parent), *sr = rdd_get(prev), none = {0};
        rdd_cogroup_keys(pr ? pr : &none, sr ? sr : &none, np, parts);
        *out = rdd_pairs_by_keys(I, "MapPartitionsRDD", "updateStateByKey", parts, np, result);
        free(parts);
    }
    val_decref(result);
    val_decref(prev);
    return ok;
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
    METHOD("exists", st_exists, 0, 0, "def exists(): Boolean", "Whether the key has state."),
    METHOD("get", st_get, 0, 0, "def get(): S", "The state (NoSuchElementException when none)."),
    METHOD("getOption", st_getoption, 0, 0, "def getOption(): Option[S]", "The state, if any."),
    METHOD("update", st_update, 1, 1, "def update(newState: S): Unit", "Sets the key's state."),
    METHOD("remove", st_remove, 0, 0, "def remove(): Unit", "Removes the key's state."),
    METHOD("isTimingOut", st_timingout, 0, 0, "def isTimingOut(): Boolean", "Whether the key is timing out (its last call)."),
};
HostClass state_class = {.name = "State", .qualified = "org.apache.spark.streaming.State",
                         .doc = "The state of one key inside mapWithState's function.",
                         .doc_url = SS_DOC "State.html",
                         HOST_METHODS(state_methods),
                         .finalize = state_free};

typedef struct { Value fn; Value initial; int64_t timeout_ms; int nparts; char *types[4]; unsigned tag; } Spec;
static void spec_free(void *p) {
    Spec *s = p;
    val_decref(s->fn);
    val_decref(s->initial);
    for (int i = 0; i < 4; i++) free(s->types[i]);
    free(s);
}
Value statespec_fn(Value spec) { return ((Spec *)as_host(spec)->data)->fn; }
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
    METHOD("timeout", spec_timeout, 1, 1, "def timeout(idleDuration: Duration): this.type", "Keys idle this long time out: the function is called once more with isTimingOut true, then the state is removed."),
    METHOD("initialState", spec_initial, 1, 1, "def initialState(rdd: RDD[(K, S)]): this.type", "Starting states."),
    METHOD("numPartitions", spec_nparts, 1, 1, "def numPartitions(numPartitions: Int): this.type", "Partitions of the state."),
};
static const char *spec_type(void *p);
static char *spec_str(Interp *I, void *p);
HostClass statespec_class = {.name = "StateSpec", .qualified = "org.apache.spark.streaming.StateSpec",
                             .doc = "The specification of mapWithState: StateSpec.function((key, value: Option[V], state: State[S]) => mapped).",
                             .doc_url = SS_DOC "StateSpec.html",
                             HOST_METHODS(spec_methods),
                             .finalize = spec_free, .traverse = spec_traverse, .type_name = spec_type, .to_string = spec_str};
/* X of "Prefix[X]" (also the qualified org.apache.spark.streaming.State[X]), malloc'd, or NULL. */
static char *unwrap(const char *t, const char *prefix) {
    static const char pkg[] = "org.apache.spark.streaming.";
    if (!t) return NULL;
    if (!strncmp(t, pkg, sizeof pkg - 1)) t += sizeof pkg - 1;
    size_t n = strlen(prefix), len = strlen(t);
    if (strncmp(t, prefix, n) || t[n] != '[' || len < n + 3 || t[len - 1] != ']') return NULL;
    return strndup(t + n + 1, len - n - 2);
}
/* The StateSpec's K, V, S, T as Scala infers them from the mapping function: its parameters'
 * declared types (K, Option[V], State[S]) and its result type (Any when it cannot be told). */
static void spec_infer_types(Interp *I, Spec *s) {
    FuncObj *f = as_func(s->fn);
    if (!f->def || f->def->nparams != 3) return;
    const char *pt[3];
    for (int i = 0; i < 3; i++) if (!(pt[i] = f->def->params[i].type)) return;
    s->types[0] = strdup(pt[0]);
    s->types[1] = unwrap(pt[1], "Option");
    s->types[2] = unwrap(pt[2], "State");
    char *r = interp_infer_fn_result(I, s->fn, pt, 3);
    s->types[3] = r ? r : strdup("Any");
}
bool statespec_types(Value spec, const char *types[4]) {
    if (spec.t != T_HOST || as_host(spec)->cls != &statespec_class) return false;
    Spec *s = as_host(spec)->data;
    for (int i = 0; i < 4; i++) types[i] = s->types[i];
    return true;
}
static const char *spec_type(void *p) {   /* StateSpec[String,Int,Int,(String, Int)], as Scala prints it */
    static __thread char buf[600];
    Spec *s = p;
    if (!s->types[0] || !s->types[1] || !s->types[2] || !s->types[3]) return "org.apache.spark.streaming.StateSpec";
    snprintf(buf, sizeof buf, "org.apache.spark.streaming.StateSpec[%s,%s,%s,%s]", s->types[0], s->types[1], s->types[2], s->types[3]);
    return buf;
}
/* Spark's StateSpecImpl(function): the JVM's name of the wrapped lambda, which varies per run there */
static char *spec_str(Interp *I, void *p) {
    (void)I;
    Spec *s = p;
    char *out = NULL;
    if (asprintf(&out, "StateSpecImpl(org.apache.spark.streaming.StateSpec$$$Lambda$3935/0x00007f6c0517f988@%x)", s->tag) < 0) return NULL;
    return out;
}
static bool statespec_function(Call *c, Value *out) {
    if (!call_arity(c, 1, 1) || c->argv[0].t != T_FUNC) return interp_throw(c->I, "error", "StateSpec.function needs a function (key, Option[value], State) => mapped");
    static unsigned next_tag = 0x169dd3e;
    Spec *s = calloc(1, sizeof *s);
    s->fn = c->argv[0];
    val_incref(s->fn);
    s->initial = v_unit();
    s->tag = next_tag++;
    spec_infer_types(c->I, s);
    *out = host_new(&statespec_class, s);
    return true;
}
static const MethodDef statespec_obj_methods[] = {
    METHOD("function", statespec_function, 1, 1, "def function[K, V, S, T](f: (K, Option[V], State[S]) => T): StateSpec[K, V, S, T]", "The mapping function of mapWithState."),
};
HostClass statespec_obj = {.name = "StateSpec$", .qualified = "org.apache.spark.streaming.StateSpec",
                                  HOST_METHODS(statespec_obj_methods)};

/* ---- the order of mapWithState's state (stateSnapshots) ---- */

/* Starts the next layer of the state chain: np empty key lists. */
static void layer_begin(DStream *d, int np) {
    if (d->layers.t == T_UNIT) { d->layers = seq_new(SEQ_LIST, 4); d->last_layer = map_new(MAP_SCALA, false); }
    Value layer = seq_new(SEQ_LIST, (size_t)np);
    for (int q = 0; q < np; q++) seq_push(layer, seq_new(SEQ_LIST, 4));
    seq_push(d->layers, layer);
}
/* The current layer wrote k (an update, a removal or a timeout's touch). */
static void layer_write(DStream *d, Value k) {
    SeqObj *layers = as_seq(d->layers);
    int64_t li = (int64_t)layers->len - 1;
    Value cur;
    if (map_get(d->last_layer, k, &cur) && cur.u.l == li) return;
    SeqObj *layer = as_seq(layers->items[li]);
    val_incref(k);
    seq_push(layer->items[spark_hash_partition(java_hash_code(k), (int)layer->len)], k);
    val_incref(k);
    map_put(d->last_layer, k, v_long(li));
}

Value mapwithstate_snapshots(Interp *I, DStream *m) {
    /* as OpenHashMapBasedStateMap.getAll: per partition, the oldest layer's keys first (those no
     * later layer rewrote), each layer's in its hash table's slot order (an OpenHashSet of
     * capacity 64 grown at 0.7: AppendOnlyMap's order); keys with no layer (restored from a
     * checkpoint) come first */
    int np = m->layers.t == T_UNIT ? 1 : (int)as_seq(as_seq(m->layers)->items[0])->len;
    Value *parts = malloc((size_t)np * sizeof *parts);
    for (int q = 0; q < np; q++) parts[q] = seq_new(SEQ_LIST, 4);
    MapObj *st = as_map(m->state.t == T_UNIT ? (m->state = map_new(MAP_SCALA, false)) : m->state);
    for (size_t i = 0; i < st->used; i++) {
        if (!st->entries[i].live || (m->last_layer.t != T_UNIT && map_get(m->last_layer, st->entries[i].key, NULL))) continue;
        Value kv[2] = {st->entries[i].key, as_tuple(st->entries[i].val)->items[0]};
        val_incref(kv[0]); val_incref(kv[1]);
        seq_push(parts[spark_hash_partition(java_hash_code(kv[0]), np)], tuple_new(2, kv));
    }
    SeqObj *layers = m->layers.t == T_UNIT ? NULL : as_seq(m->layers);
    for (int q = 0; q < np && layers; q++)
        for (size_t li = 0; li < layers->len; li++) {
            SeqObj *keys = as_seq(as_seq(layers->items[li])->items[q]);
            int32_t *h = malloc((keys->len ? keys->len : 1) * sizeof *h);
            size_t *order = malloc((keys->len ? keys->len : 1) * sizeof *order);
            for (size_t j = 0; j < keys->len; j++) h[j] = java_hash_code(keys->items[j]);
            append_only_map_order(h, NULL, keys->len, order);
            for (size_t j = 0; j < keys->len; j++) {
                Value k = keys->items[order[j]], last, e;
                if (!map_get(m->last_layer, k, &last) || last.u.l != (int64_t)li || !map_get(m->state, k, &e)) continue;
                Value kv[2] = {k, as_tuple(e)->items[0]};
                val_incref(kv[0]); val_incref(kv[1]);
                seq_push(parts[q], tuple_new(2, kv));
            }
            free(h);
            free(order);
        }
    Value out = rdd_make(I, "MapPartitionsRDD", "stateSnapshots", parts, np);
    free(parts);
    return out;
}

bool compute_mapwithstate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out) {
    Spec *spec = as_host(d->fn)->data;
    int np = spec->nparts > 0 ? spec->nparts : spark_default_parallelism();
    if (d->state.t == T_UNIT) {
        d->state = map_new(MAP_SCALA, false);
        layer_begin(d, np);   /* the initial state's map */
        if (spec->initial.t != T_UNIT) {
            size_t n;
            Value *items = rdd_items(rdd_get(spec->initial), &n);
            for (size_t i = 0; i < n; i++) {
                if (items[i].t == T_TUPLE && as_tuple(items[i])->n == 2) {
                    Value e[2] = {as_tuple(items[i])->items[1], v_long(t)};
                    val_incref(e[0]);
                    val_incref(as_tuple(items[i])->items[0]);
                    map_put(d->state, as_tuple(items[i])->items[0], tuple_new(2, e));
                    layer_write(d, as_tuple(items[i])->items[0]);
                }
            }
            interp_free_items(items, n);
        }
    }
    size_t n;
    Value *items = rdd_items(rdd_get(parent), &n);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        if (items[i].t != T_TUPLE || as_tuple(items[i])->n != 2) ok = interp_throw(I, "error", "mapWithState needs a DStream of (key, value) pairs");
    if (!ok) { interp_free_items(items, n); return false; }
    /* as Spark's MapWithStateRDD: the batch partitioned by key (a HashPartitioner, no combine), each
     * partition's records in arrival order, then that partition's timed-out keys */
    if (d->layers.t == T_UNIT) layer_begin(d, np);   /* restored from a checkpoint */
    /* the state the previous batch checkpointed is read back from its checkpoint: one map */
    int64_t ckpt_ms = d->checkpoint_ms > 0 ? d->checkpoint_ms : 10 * d->slide_ms;
    if (t - d->slide_ms > s->zero_ms && (t - d->slide_ms - s->zero_ms) % ckpt_ms == 0) {
        Value all = mapwithstate_snapshots(I, d);
        val_decref(d->layers);
        val_decref(d->last_layer);
        d->layers = d->last_layer = v_unit();
        layer_begin(d, np);
        Rdd *r = rdd_get(all);
        for (int q = 0; q < r->nparts; q++) {
            SeqObj *kvs = as_seq(r->parts[q]);
            for (size_t j = 0; j < kvs->len; j++) layer_write(d, as_tuple(kvs->items[j])->items[0]);
        }
        val_decref(all);
    }
    layer_begin(d, np);
    int *part_of = malloc((n ? n : 1) * sizeof *part_of);
    for (size_t i = 0; i < n; i++) part_of[i] = spark_hash_partition(java_hash_code(as_tuple(items[i])->items[0]), np);
    Value *mapped_parts = malloc((size_t)np * sizeof *mapped_parts);
    for (int q = 0; q < np; q++) mapped_parts[q] = seq_new(SEQ_LIST, 4);
    Value touched = map_new(MAP_SCALA, true);
    for (int q = 0; q < np && ok; q++)
    for (size_t i = 0; i < n && ok; i++) {
        if (part_of[i] != q) continue;
        Value mapped = mapped_parts[q];
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
        if (ok && (so->removed || so->updated || (spec->timeout_ms > 0 && map_get(d->state, k, NULL)))) layer_write(d, k);
        val_decref(stv);
        if (!ok) break;
        seq_push(mapped, r);
        val_incref(k);
        map_put(touched, k, v_unit());
    }
    interp_free_items(items, n);
    free(part_of);
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
            if (ok) seq_push(mapped_parts[spark_hash_partition(java_hash_code(k), np)], r);
            map_remove(d->state, k);
            layer_write(d, k);
        }
        interp_free_items(entries, ne);
    }
    val_decref(touched);
    if (ok) *out = rdd_make(I, "MapWithStateRDD", "mapWithState", mapped_parts, np);
    else for (int q = 0; q < np; q++) val_decref(mapped_parts[q]);
    free(mapped_parts);
    return ok;
}

void dstream_state_init(Interp *I) {
    interp_register_class(I, &state_class);
    interp_register_class(I, &statespec_class);
    interp_register_class(I, &statespec_obj);
    interp_register_global(I, "StateSpec", host_new(&statespec_obj, NULL), "object StateSpec",
                           "StateSpec.function((key, value: Option[V], state: State[S]) => mapped) for mapWithState.");
}
