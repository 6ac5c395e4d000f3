/* rdd_shuffle.c — the RDD transformations that move elements between partitions: reduceByKey,
 * groupByKey, combineByKey, aggregateByKey, groupBy, distinct, union, the joins, subtract,
 * intersection, partitionBy, sortBy(Key), repartition and zipWithIndex. Keys go to the
 * partition of their hash, in the order Spark's shuffle gives them (shuffle_order.c).
 */
#include "spark/core/rdd_internal.h"
#include "spark/core/shuffle_order.h"

#include <stdlib.h>
#include <string.h>

static int nparts_arg(Call *c, int pos, int dflt) {
    Value *v = call_arg(c, pos, "numPartitions");
    if (v && (v->t == T_INT || v->t == T_LONG)) {
        int64_t n = v->t == T_INT ? v->u.i : v->u.l;
        if (n > 0) return (int)n;
    }
    return dflt > 0 ? dflt : 1;
}

/* Groups (k, v) pairs by key in first-seen order: returns a map k → CompactBuffer(values), the
 * Iterable Spark's groupByKey and cogroup give. */
static bool group_pairs(Interp *I, Value *items, size_t n, Value *groups) {
    Value m = map_new(MAP_SCALA, false);
    for (size_t i = 0; i < n; i++) {
        Value k, v, g;
        if (!rdd_pair_parts(I, items[i], &k, &v)) { val_decref(m); return false; }
        if (!map_get(m, k, &g)) { g = seq_new(SEQ_COMPACT, 2); val_incref(k); map_put(m, k, g); }
        val_incref(v);
        seq_push(g, v);
    }
    *groups = m;
    return true;
}

/* a growable array of key indices */
typedef struct { size_t *v, len, cap; } IdxList;
static void idx_push(IdxList *l, size_t i) {
    if (l->len == l->cap) { l->cap = l->cap ? 2 * l->cap : 16; l->v = realloc(l->v, l->cap * sizeof *l->v); }
    l->v[l->len++] = i;
}

typedef struct { int32_t hash; size_t pos, idx; } LocalKey;
static int local_key_cmp(const void *a, const void *b) {   /* by hashCode, stable by position */
    const LocalKey *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void rdd_shuffle_keys(const Rdd *r, bool by_key, bool combine, int nparts, Value *parts_out) {
    Value index = map_new(MAP_SCALA, false);   /* key → its index in keys */
    size_t total = rdd_count(r), nkeys = 0;
    Value *keys = malloc((total ? total : 1) * sizeof *keys);           /* borrowed from r */
    int32_t *hashes = malloc((total ? total : 1) * sizeof *hashes);
    int *stamp = malloc((total ? total : 1) * sizeof *stamp);          /* last map partition seen in */
    bool *added = calloc(total ? total : 1, sizeof *added);             /* sent to its reducer */
    LocalKey *local = malloc((total ? total : 1) * sizeof *local);
    IdxList *lists = calloc((size_t)nparts, sizeof *lists);
    for (int m = 0; m < r->nparts; m++) {
        SeqObj *s = as_seq(r->parts[m]);
        size_t nlocal = 0;
        for (size_t j = 0; j < s->len; j++) {
            Value k = by_key ? as_tuple(s->items[j])->items[0] : s->items[j], iv;
            size_t idx;
            if (map_get(index, k, &iv)) idx = (size_t)iv.u.l;
            else {
                idx = nkeys++;
                keys[idx] = k;
                hashes[idx] = java_hash_code(k);
                stamp[idx] = -1;
                val_incref(k);
                map_put(index, k, v_long((int64_t)idx));
            }
            if (combine) {
                if (stamp[idx] != m) { stamp[idx] = m; local[nlocal] = (LocalKey){hashes[idx], nlocal, idx}; nlocal++; }
            } else if (!added[idx]) {
                added[idx] = true;
                idx_push(&lists[spark_hash_partition(hashes[idx], nparts)], idx);
            }
        }
        if (!combine) continue;
        /* map-side combine: ExternalSorter writes each reducer's keys sorted by hashCode */
        qsort(local, nlocal, sizeof *local, local_key_cmp);
        for (size_t j = 0; j < nlocal; j++) {
            size_t idx = local[j].idx;
            if (added[idx]) continue;
            added[idx] = true;
            idx_push(&lists[spark_hash_partition(hashes[idx], nparts)], idx);
        }
    }
    for (int p = 0; p < nparts; p++) {
        IdxList *l = &lists[p];
        int32_t *h = malloc((l->len ? l->len : 1) * sizeof *h);
        bool *nul = malloc((l->len ? l->len : 1) * sizeof *nul);
        size_t *order = malloc((l->len ? l->len : 1) * sizeof *order);
        for (size_t j = 0; j < l->len; j++) { h[j] = hashes[l->v[j]]; nul[j] = keys[l->v[j]].t == T_NULL; }
        append_only_map_order(h, nul, l->len, order);
        free(nul);
        parts_out[p] = seq_new(SEQ_LIST, l->len);
        for (size_t j = 0; j < l->len; j++) {
            Value k = keys[l->v[order[j]]];
            val_incref(k);
            seq_push(parts_out[p], k);
        }
        free(h);
        free(order);
        free(l->v);
    }
    free(lists);
    free(local);
    free(added);
    free(stamp);
    free(hashes);
    free(keys);
    val_decref(index);
}

/* The RDD of (key, values[key]) in Spark's shuffled order; values maps each key (new reference). */
static Value keyed_in_spark_order(Call *c, const Rdd *r, bool combine, int nparts, Value values) {
    Value *parts = malloc((size_t)nparts * sizeof *parts);
    rdd_shuffle_keys(r, true, combine, nparts, parts);
    for (int p = 0; p < nparts; p++) {
        SeqObj *s = as_seq(parts[p]);
        for (size_t j = 0; j < s->len; j++) {
            Value kv[2] = {s->items[j], v_unit()};
            map_get(values, kv[0], &kv[1]);
            val_incref(kv[1]);
            s->items[j] = tuple_new(2, kv);   /* takes the key's reference */
        }
    }
    Value out = rdd_derived(c, "ShuffledRDD", parts, nparts);
    free(parts);
    return out;
}

bool rdd_r_reducebykey(Call *c, Value *out) {
    if (!rdd_need_fn(c)) return false;
    Rdd *r = rdd_self(c);
    size_t n;
    Value *items = rdd_items(r, &n), groups;
    bool ok = group_pairs(c->I, items, n, &groups);
    interp_free_items(items, n);
    if (!ok) return false;
    MapObj *m = as_map(groups);
    Value reduced = map_new(MAP_SCALA, false);
    for (size_t i = 0; i < m->used; i++) {
        if (!m->entries[i].live) continue;
        SeqObj *vals = as_seq(m->entries[i].val);
        Value acc = vals->items[0];
        val_incref(acc);
        for (size_t j = 1; j < vals->len; j++) {
            Value args[2] = {acc, vals->items[j]}, nv;
            if (!interp_call(c->I, c->argv[0], 2, args, &nv)) {
                val_decref(acc);
                val_decref(reduced);
                val_decref(groups);
                return false;
            }
            val_decref(acc);
            acc = nv;
        }
        val_incref(m->entries[i].key);
        map_put(reduced, m->entries[i].key, acc);
    }
    val_decref(groups);
    *out = keyed_in_spark_order(c, r, true, nparts_arg(c, 1, r->nparts), reduced);
    val_decref(reduced);
    return true;
}

bool rdd_r_groupbykey(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    size_t n;
    Value *items = rdd_items(r, &n), groups;
    bool ok = group_pairs(c->I, items, n, &groups);
    interp_free_items(items, n);
    if (!ok) return false;
    if (CALL_TAG(c) != 0) {   /* DStream.groupByKey's combineByKey collects into ArrayBuffers */
        MapObj *m = as_map(groups);
        for (size_t i = 0; i < m->used; i++)
            if (m->entries[i].live) as_seq(m->entries[i].val)->kind = SEQ_BUFFER;
    }
    *out = keyed_in_spark_order(c, r, CALL_TAG(c) != 0, nparts_arg(c, 0, r->nparts), groups);
    val_decref(groups);
    char *kt, *vt;
    if (CALL_TAG(c) == 0 && rdd_pair_types(c->I, r, &kt, &vt)) {
        rdd_set_elem_type(*out, "(%s, Iterable[%s])%s", kt, vt, "");
        free(kt); free(vt);
    }
    return true;
}

/* combineByKey, aggregateByKey, foldByKey: as Spark's combineByKeyWithClassTag with map-side
 * combine: in each partition a key's first value makes its combiner (create(v), or
 * merge_value(zero, v)), the next ones are merged into it; then the partitions' combiners are
 * merged in partition order. Keys in reduceByKey's order. */
static bool combine_by_key(Call *c, Value self, Value create, Value zero, Value merge_value, Value merge_comb,
                           int nparts, Value *out) {
    Rdd *r = rdd_get(self);
    Value result = map_new(MAP_SCALA, false);
    bool ok = true;
    for (int p = 0; p < r->nparts && ok; p++) {
        SeqObj *s = as_seq(r->parts[p]);
        Value local = map_new(MAP_SCALA, false);
        for (size_t i = 0; i < s->len && ok; i++) {
            Value k, v, acc, nv;
            if (!(ok = rdd_pair_parts(c->I, s->items[i], &k, &v))) break;
            if (map_get(local, k, &acc)) {
                Value args[2] = {acc, v};
                ok = interp_call(c->I, merge_value, 2, args, &nv);
            } else if (create.t == T_FUNC) ok = interp_call(c->I, create, 1, &v, &nv);
            else { Value args[2] = {zero, v}; ok = interp_call(c->I, merge_value, 2, args, &nv); }
            if (ok) { val_incref(k); map_put(local, k, nv); }
        }
        MapObj *lm = as_map(local);
        for (size_t i = 0; i < lm->used && ok; i++) {
            if (!lm->entries[i].live) continue;
            Value k = lm->entries[i].key, cv = lm->entries[i].val, acc, nv = cv;
            if (map_get(result, k, &acc)) {
                Value args[2] = {acc, cv};
                if (!(ok = interp_call(c->I, merge_comb, 2, args, &nv))) break;
            } else val_incref(nv);
            val_incref(k);
            map_put(result, k, nv);
        }
        val_decref(local);
    }
    if (ok) *out = keyed_in_spark_order(c, r, true, nparts, result);
    val_decref(result);
    return ok;
}
bool rdd_r_combinebykey(Call *c, Value *out) {
    for (int i = 0; i < 3; i++)
        if (i >= c->argc || c->argv[i].t != T_FUNC)
            return interp_throw(c->I, "error", "type mismatch: combineByKey(createCombiner, mergeValue, mergeCombiners)");
    return combine_by_key(c, c->self, c->argv[0], v_unit(), c->argv[1], c->argv[2], nparts_arg(c, 3, rdd_self(c)->nparts), out);
}
/* the second parameter list of aggregateByKey(zero)(seqOp, combOp) and foldByKey(zero)(func):
 * self is (rdd, zero, numPartitions) */
static bool r_aggregate_apply(Call *c, Value *out) {
    TupleObj *t = as_tuple(c->self);
    bool fold = c->argc == 1;
    if (c->argc < 1 || c->argv[0].t != T_FUNC || (!fold && c->argv[1].t != T_FUNC))
        return interp_throw(c->I, "error", "type mismatch: %s", fold ? "foldByKey(zeroValue)(func)" : "aggregateByKey(zeroValue)(seqOp, combOp)");
    return combine_by_key(c, t->items[0], v_unit(), t->items[1], c->argv[0], c->argv[fold ? 0 : 1], t->items[2].u.i, out);
}
bool rdd_r_aggregatebykey(Call *c, Value *out) {
    Value st[3] = {c->self, c->argv[0], v_int(nparts_arg(c, 1, rdd_self(c)->nparts))};
    val_incref(st[0]); val_incref(st[1]);
    *out = func_new_native(c->name, r_aggregate_apply, tuple_new(3, st), CALL_TAG(c) ? 1 : 2, NULL);
    return true;
}

/* groupBy(f): as Spark, map(x => (f(x), x)).groupByKey() */
bool rdd_r_groupby(Call *c, Value *out) {
    if (!rdd_need_fn(c)) return false;
    Rdd *r = rdd_self(c);
    Value *parts = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof *parts);
    for (int p = 0; p < r->nparts; p++) {
        SeqObj *s = as_seq(r->parts[p]);
        parts[p] = seq_new(SEQ_LIST, s->len);
        for (size_t i = 0; i < s->len; i++) {
            Value kv[2] = {v_unit(), s->items[i]};
            if (!interp_call(c->I, c->argv[0], 1, &s->items[i], &kv[0])) {
                for (int q = 0; q <= p; q++) val_decref(parts[q]);
                free(parts);
                return false;
            }
            val_incref(kv[1]);
            seq_push(parts[p], tuple_new(2, kv));
        }
    }
    Value keyed = rdd_derived(c, "MapPartitionsRDD", parts, r->nparts);
    free(parts);
    Value n = v_int(nparts_arg(c, 1, r->nparts));
    Call g = {.I = c->I, .self = keyed, .argc = 1, .argv = &n, .name = c->name, .at = c->at};
    bool ok = rdd_r_groupbykey(&g, out);
    val_decref(keyed);
    return ok;
}

bool rdd_group_by_key_combined(Interp *I, Value rdd, int nparts, Value *out) {
    Value n = v_int(nparts);
    Call c = {.I = I, .self = rdd, .argc = 1, .argv = &n, .name = intern("groupByKey"), .data = (const void *)(intptr_t)1};
    return rdd_r_groupbykey(&c, out);
}

/* distinct: as Spark, map(x => (x, null)).reduceByKey((x, _) => x).map(_._1) */
bool rdd_r_distinct(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    int nparts = nparts_arg(c, 0, r->nparts);
    Value *parts = malloc((size_t)nparts * sizeof *parts);
    rdd_shuffle_keys(r, false, true, nparts, parts);
    *out = rdd_derived(c, "MapPartitionsRDD", parts, nparts);
    free(parts);
    return true;
}

bool rdd_r_union(Call *c, Value *out) {
    Rdd *a = rdd_self(c), *b = c->argc ? rdd_get(c->argv[0]) : NULL;
    if (!b) return interp_throw(c->I, "error", "type mismatch: union needs an RDD");
    Value *parts = malloc((size_t)(a->nparts + b->nparts + 1) * sizeof(Value));
    for (int p = 0; p < a->nparts; p++) { parts[p] = a->parts[p]; val_incref(parts[p]); }
    for (int p = 0; p < b->nparts; p++) { parts[a->nparts + p] = b->parts[p]; val_incref(parts[a->nparts + p]); }
    *out = rdd_derived(c, "UnionRDD", parts, a->nparts + b->nparts);
    free(parts);
    return true;
}

/* join, leftOuterJoin, rightOuterJoin, fullOuterJoin and cogroup: both sides grouped by key (in
 * first-seen order, the left side's keys first), then each key's values combined as Spark does. */

static Value pair2(Value a, Value b) {   /* takes both references */
    Value items[2] = {a, b};
    return tuple_new(2, items);
}
static Value opt_of(Value v, bool wrap) {
    if (!wrap) { val_incref(v); return v; }
    val_incref(v);
    return some_new(v);
}

static void join_key(Value res, JoinKind kind, Value k, Value vs, Value ws) {
    bool has_v = vs.t != T_UNIT, has_w = ws.t != T_UNIT;
    if (kind == J_COGROUP) {
        Value e = seq_new(SEQ_COMPACT, 0);
        Value l = has_v ? vs : e, r = has_w ? ws : e;
        val_incref(l); val_incref(r); val_incref(k);
        seq_push(res, pair2(k, pair2(l, r)));
        val_decref(e);
        return;
    }
    if ((!has_v && (kind == J_INNER || kind == J_LEFT)) || (!has_w && (kind == J_INNER || kind == J_RIGHT)))
        return;
    bool opt_v = kind == J_RIGHT || kind == J_FULL, opt_w = kind == J_LEFT || kind == J_FULL;
    size_t nv = has_v ? as_seq(vs)->len : 1, nw = has_w ? as_seq(ws)->len : 1;
    for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < nw; j++) {
            Value v = has_v ? opt_of(as_seq(vs)->items[i], opt_v) : v_none();
            Value w = has_w ? opt_of(as_seq(ws)->items[j], opt_w) : v_none();
            val_incref(k);
            seq_push(res, pair2(k, pair2(v, w)));
        }
}

/* The keys (by_key: the _1 of each pair, else the items) of a's partitions then b's, shuffled
 * into nparts partitions without map-side combine: Spark's order for a CoGroupedRDD. */
static void union_keys(const Rdd *a, const Rdd *b, bool by_key, int nparts, Value *parts_out) {
    Value *both = malloc((size_t)(a->nparts + b->nparts + 1) * sizeof *both);
    if (a->nparts) memcpy(both, a->parts, (size_t)a->nparts * sizeof *both);
    if (b->nparts) memcpy(both + a->nparts, b->parts, (size_t)b->nparts * sizeof *both);
    Rdd u = {.nparts = a->nparts + b->nparts, .parts = both};
    rdd_shuffle_keys(&u, by_key, false, nparts, parts_out);
    free(both);
}
void rdd_cogroup_keys(const Rdd *a, const Rdd *b, int nparts, Value *parts_out) {
    union_keys(a, b, true, nparts, parts_out);
}

Value rdd_pairs_by_keys(Interp *I, const char *kind, const char *origin, Value *key_parts, int nparts, Value values) {
    for (int q = 0; q < nparts; q++) {
        SeqObj *ks = as_seq(key_parts[q]);
        size_t n = 0;
        for (size_t j = 0; j < ks->len; j++) {
            Value key = ks->items[j], pair;
            if (map_get(values, key, &pair) && pair.t == T_TUPLE) { val_incref(pair); ks->items[n++] = pair; }
            val_decref(key);
        }
        ks->len = n;
    }
    return rdd_make(I, kind, origin, key_parts, nparts);
}

/* join, leftOuterJoin, rightOuterJoin, fullOuterJoin, cogroup: the method's data is its JoinKind.
 * As Spark: a cogroup (keys in its shuffled order, each side's values in arrival order), then each
 * key's values combined. */
bool rdd_r_join(Call *c, Value *out) {
    JoinKind kind = (JoinKind)CALL_TAG(c);
    Rdd *a = rdd_self(c), *b = c->argc ? rdd_get(c->argv[0]) : NULL;
    if (!b) return interp_throw(c->I, "error", "type mismatch: %s needs an RDD of pairs", c->name);
    size_t na, nb;
    Value *ia = rdd_items(a, &na), *ib = rdd_items(b, &nb), ga, gb;
    bool ok = group_pairs(c->I, ia, na, &ga);
    if (ok && !(ok = group_pairs(c->I, ib, nb, &gb))) val_decref(ga);
    interp_free_items(ia, na);
    interp_free_items(ib, nb);
    if (!ok) return false;
    int dflt = a->nparts > b->nparts ? a->nparts : b->nparts;
    int nparts = nparts_arg(c, 1, dflt);
    Value *parts = malloc((size_t)nparts * sizeof *parts);
    rdd_cogroup_keys(a, b, nparts, parts);
    for (int p = 0; p < nparts; p++) {
        Value keys = parts[p];
        SeqObj *ks = as_seq(keys);
        parts[p] = seq_new(SEQ_LIST, ks->len);
        for (size_t i = 0; i < ks->len; i++) {
            Value vs, ws;
            if (!map_get(ga, ks->items[i], &vs)) vs = v_unit();
            if (!map_get(gb, ks->items[i], &ws)) ws = v_unit();
            join_key(parts[p], kind, ks->items[i], vs, ws);
        }
        val_decref(keys);
    }
    val_decref(ga);
    val_decref(gb);
    /* Spark: a CoGroupedRDD, then mapValues (cogroup) or mapValues and flatMapValues (the joins) */
    static const char *const hidden[] = {"CoGroupedRDD", "MapPartitionsRDD"};
    *out = rdd_derived_via(c, hidden, kind == J_COGROUP ? 1 : 2, "MapPartitionsRDD", parts, nparts);
    free(parts);
    char *k, *v, *k2, *w;
    if (rdd_pair_types(c->I, a, &k, &v)) {
        if (rdd_pair_types(c->I, b, &k2, &w)) {
            static const char *const fmts[] = {"(%s, (%s, %s))", "(%s, (%s, Option[%s]))", "(%s, (Option[%s], %s))",
                                               "(%s, (Option[%s], Option[%s]))", "(%s, (Iterable[%s], Iterable[%s]))"};
            rdd_set_elem_type(*out, fmts[kind], k, v, w);
            free(k2); free(w);
        }
        free(k); free(v);
    }
    return true;
}

/* subtractByKey / subtract (data 1): a SubtractedRDD over the left side's partition count: each
 * reduce partition puts the left side's pairs in a java.util.HashMap by key, removes the keys the
 * right side has, and yields what remains in the HashMap's order. */
bool rdd_r_subtract(Call *c, Value *out) {
    bool whole = CALL_TAG(c) != 0;
    Rdd *a = rdd_self(c), *b = c->argc ? rdd_get(c->argv[0]) : NULL;
    if (!b) return interp_throw(c->I, "error", "type mismatch: %s needs an RDD", c->name);
    int nparts = nparts_arg(c, 1, a->nparts);
    Value drop = map_new(MAP_SCALA, true);
    for (int p = 0; p < b->nparts; p++) {
        SeqObj *s = as_seq(b->parts[p]);
        for (size_t i = 0; i < s->len; i++) {
            Value k = s->items[i], v;
            if (!whole && !rdd_pair_parts(c->I, k, &k, &v)) { val_decref(drop); return false; }
            val_incref(k);
            map_put(drop, k, v_unit());
        }
    }
    /* per reduce partition: the distinct keys in arrival order, each with its elements */
    Value *keys = malloc((size_t)nparts * sizeof *keys), *groups = malloc((size_t)nparts * sizeof *groups);
    for (int p = 0; p < nparts; p++) { keys[p] = seq_new(SEQ_LIST, 4); groups[p] = map_new(MAP_SCALA, false); }
    for (int m = 0; m < a->nparts; m++) {
        SeqObj *s = as_seq(a->parts[m]);
        for (size_t i = 0; i < s->len; i++) {
            Value x = s->items[i], k = x, v, g;
            if (!whole && !rdd_pair_parts(c->I, x, &k, &v)) {
                for (int p = 0; p < nparts; p++) { val_decref(keys[p]); val_decref(groups[p]); }
                free(keys); free(groups); val_decref(drop);
                return false;
            }
            int p = spark_hash_partition(java_hash_code(k), nparts);
            if (!map_get(groups[p], k, &g)) {
                g = seq_new(SEQ_LIST, 1);
                val_incref(k); map_put(groups[p], k, g);
                val_incref(k); seq_push(keys[p], k);
            }
            val_incref(x);
            seq_push(g, x);
        }
    }
    for (int p = 0; p < nparts; p++) {
        SeqObj *ks = as_seq(keys[p]);
        int32_t *h = malloc((ks->len ? ks->len : 1) * sizeof *h);
        size_t *order = malloc((ks->len ? ks->len : 1) * sizeof *order), n = 0;
        Value *kept = malloc((ks->len ? ks->len : 1) * sizeof *kept);
        for (size_t i = 0; i < ks->len; i++)
            if (!map_get(drop, ks->items[i], NULL)) { h[n] = java_hash_code(ks->items[i]); kept[n++] = ks->items[i]; }
        java_hashmap_order(h, n, ks->len, order);
        Value part = seq_new(SEQ_LIST, n);
        for (size_t i = 0; i < n; i++) {
            Value g;
            map_get(groups[p], kept[order[i]], &g);
            SeqObj *gs = as_seq(g);
            for (size_t j = 0; j < gs->len; j++) { val_incref(gs->items[j]); seq_push(part, gs->items[j]); }
        }
        free(kept); free(order); free(h);
        val_decref(keys[p]);
        val_decref(groups[p]);
        keys[p] = part;
    }
    val_decref(drop);
    free(groups);
    *out = rdd_derived(c, whole ? "MapPartitionsRDD" : "SubtractedRDD", keys, nparts);
    free(keys);
    return true;
}

/* intersection: as Spark, a cogroup of (x, null) pairs keeping the keys both sides have. */
bool rdd_r_intersection(Call *c, Value *out) {
    Rdd *a = rdd_self(c), *b = c->argc ? rdd_get(c->argv[0]) : NULL;
    if (!b) return interp_throw(c->I, "error", "type mismatch: intersection needs an RDD");
    Value in_b = map_new(MAP_SCALA, true);
    for (int p = 0; p < b->nparts; p++) {
        SeqObj *s = as_seq(b->parts[p]);
        for (size_t i = 0; i < s->len; i++) { val_incref(s->items[i]); map_put(in_b, s->items[i], v_unit()); }
    }
    int dflt = a->nparts > b->nparts ? a->nparts : b->nparts;
    int nparts = nparts_arg(c, 1, dflt);
    Value *parts = malloc((size_t)nparts * sizeof *parts);
    union_keys(a, b, false, nparts, parts);
    Value in_a = map_new(MAP_SCALA, true);
    for (int p = 0; p < a->nparts; p++) {
        SeqObj *s = as_seq(a->parts[p]);
        for (size_t i = 0; i < s->len; i++) { val_incref(s->items[i]); map_put(in_a, s->items[i], v_unit()); }
    }
    for (int p = 0; p < nparts; p++) {
        SeqObj *s = as_seq(parts[p]);
        size_t k = 0;
        for (size_t i = 0; i < s->len; i++) {
            if (map_get(in_a, s->items[i], NULL) && map_get(in_b, s->items[i], NULL)) s->items[k++] = s->items[i];
            else val_decref(s->items[i]);
        }
        s->len = k;
    }
    val_decref(in_a);
    val_decref(in_b);
    *out = rdd_derived(c, "MapPartitionsRDD", parts, nparts);
    free(parts);
    return true;
}

/* partitionBy(new HashPartitioner(n)): each pair to its key's partition, in arrival order. */
bool rdd_r_partitionby(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    int nparts = 0;
    if (c->argc == 1 && !hash_partitioner_parts(c->argv[0], &nparts))
        return interp_throw(c->I, "error", "type mismatch: partitionBy needs a Partitioner (new HashPartitioner(n))");
    if (nparts < 1 && rdd_count(r) > 0) return interp_throw(c->I, "java.lang.ArithmeticException", "/ by zero");
    Value *parts = malloc((size_t)nparts * sizeof *parts);
    for (int p = 0; p < nparts; p++) parts[p] = seq_new(SEQ_LIST, 4);
    for (int m = 0; m < r->nparts; m++) {
        SeqObj *s = as_seq(r->parts[m]);
        for (size_t i = 0; i < s->len; i++) {
            Value k, v;
            if (!rdd_pair_parts(c->I, s->items[i], &k, &v)) {
                for (int p = 0; p < nparts; p++) val_decref(parts[p]);
                free(parts);
                return false;
            }
            val_incref(s->items[i]);
            seq_push(parts[spark_hash_partition(java_hash_code(k), nparts)], s->items[i]);
        }
    }
    *out = rdd_derived(c, "ShuffledRDD", parts, nparts);
    free(parts);
    return true;
}

bool rdd_r_sortby(Call *c, Value *out) {
    if (!rdd_need_fn(c)) return false;
    Rdd *r = rdd_self(c);
    Value sorted;
    Value args[2] = {c->argv[0], v_bool(true)};
    Value *asc = call_arg(c, 1, "ascending");
    if (asc) args[1] = *asc;
    if (!rdd_via_list(c, "sortBy", 2, args, &sorted)) return false;
    SeqObj *s = as_seq(sorted);
    Value *items = malloc((s->len ? s->len : 1) * sizeof(Value));
    for (size_t i = 0; i < s->len; i++) { items[i] = s->items[i]; val_incref(items[i]); }
    char origin[96];
    rdd_origin_of(c, origin, sizeof origin);
    *out = rdd_from_items(c->I, "MapPartitionsRDD", origin, items, s->len, nparts_arg(c, 2, r->nparts));
    free(items);
    val_decref(sorted);
    return true;
}
/* sortByKey: the pairs ordered by key alone, pairs of equal keys in their order (Spark's sort is
 * stable over the partitions' order), descending with ascending = false. */
typedef struct { Value key; size_t pos; } SortItem;
static __thread bool sort_ok, sort_desc;
static int sort_item_cmp(const void *x, const void *y) {
    const SortItem *a = x, *b = y;
    bool ok = true;
    int r = val_compare(a->key, b->key, &ok);
    if (!ok) sort_ok = false;
    if (r && sort_desc) r = -r;
    if (r) return r < 0 ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}
bool rdd_r_sortbykey(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    bool asc = true;
    Value *a = call_arg(c, 0, "ascending");
    if (a && a->t == T_BOOL) asc = a->u.b;
    size_t n;
    Value *items = rdd_items(r, &n);
    SortItem *si = malloc((n ? n : 1) * sizeof *si);
    for (size_t i = 0; i < n; i++) {
        Value v;
        if (!rdd_pair_parts(c->I, items[i], &si[i].key, &v)) { free(si); interp_free_items(items, n); return false; }
        si[i].pos = i;
    }
    sort_ok = true;
    sort_desc = !asc;
    qsort(si, n, sizeof *si, sort_item_cmp);
    if (!sort_ok) {
        free(si);
        interp_free_items(items, n);
        return interp_throw(c->I, "error", "No implicit Ordering defined for the keys of sortByKey");
    }
    Value *res = malloc((n ? n : 1) * sizeof *res);
    for (size_t i = 0; i < n; i++) res[i] = items[si[i].pos];
    free(si);
    free(items);
    char origin[96];
    rdd_origin_of(c, origin, sizeof origin);
    *out = rdd_from_items(c->I, "ShuffledRDD", origin, res, n, nparts_arg(c, 1, r->nparts));
    free(res);
    return true;
}

bool rdd_r_repartition(Call *c, Value *out) {
    int64_t n;
    if (!arg_long(c, 0, &n)) return false;
    if (n < 1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "requirement failed: Number of partitions (%lld) must be positive.", (long long)n);
    size_t k;
    Value *items = rdd_items(rdd_self(c), &k);
    char origin[96];
    rdd_origin_of(c, origin, sizeof origin);
    *out = rdd_from_items(c->I, "MapPartitionsRDD", origin, items, k, (int)n);
    free(items);
    return true;
}

bool rdd_r_zipwithindex(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    int64_t idx = 0;
    Value *parts = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof(Value));
    for (int p = 0; p < r->nparts; p++) {
        SeqObj *s = as_seq(r->parts[p]);
        parts[p] = seq_new(SEQ_LIST, s->len);
        for (size_t i = 0; i < s->len; i++) {
            Value kv[2] = {s->items[i], v_long(idx++)};
            val_incref(kv[0]);
            seq_push(parts[p], tuple_new(2, kv));
        }
    }
    *out = rdd_derived(c, "ZippedWithIndexRDD", parts, r->nparts);
    free(parts);
    return true;
}
