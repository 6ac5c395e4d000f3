/* collections.c — the methods of Scala's collections (List, Seq, Vector, Array, ArrayBuffer,
 * Range, Map, Set, java.util.HashMap / Properties / ArrayList, Option, tuples) that work on any
 * of them: transformations, queries, folds, ordering, grouping, building, indexing; and the
 * method tables of the built-in classes Seq, Map, Set, Option and Tuple. The methods of one
 * family are in coll_maps.c, the companions (List(…), Map.empty …) in coll_companions.c, the
 * items every method works on in coll_items.c.
 *
 * One mechanism serves them all: a method takes the receiver's items (iter_items), works on
 * the array, and builds a result of the receiver's family (rebuild_like): filter on a List gives
 * a List, on a Set a Set, on a Range a Vector, on a String a String, as in Scala.
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- transformations ---- */

static bool c_map(Call *c, Value *out) {
    if (!want_fn(c, 0)) return false;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    for (size_t i = 0; i < n; i++) {
        Value r;
        if (!call1(c->I, c->argv[0], items[i], &r)) { free_items(items, n); return false; }
        val_decref(items[i]);
        items[i] = r;
    }
    *out = rebuild_built(c->self, items, n);
    free(items);
    return true;
}

static bool c_foreach(Call *c, Value *out) {
    if (!want_fn(c, 0)) return false;
    if (c->self.t == T_RANGE) {          /* walked, never materialised: (1 to 2000000000).foreach */
        RangeObj *rg = as_range(c->self);
        size_t len = range_len(rg);
        for (size_t i = 0; i < len; i++) {
            int64_t x = rg->start + (int64_t)i * rg->step;
            Value r;
            if (!check_interrupt(c->I) || !call1(c->I, c->argv[0], rg->is_long ? v_long(x) : v_int((int32_t)x), &r)) return false;
            val_decref(r);
        }
        *out = v_unit();
        return true;
    }
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    for (size_t i = 0; i < n; i++) {
        Value r;
        if (!call1(c->I, c->argv[0], items[i], &r)) { free_items(items, n); return false; }
        val_decref(r);
    }
    free_items(items, n);
    *out = v_unit();
    return true;
}

static bool c_flatmap(Call *c, Value *out) {
    if (!want_fn(c, 0)) return false;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    Value acc = seq_new(SEQ_LIST, n);
    for (size_t i = 0; i < n; i++) {
        Value r, *sub; size_t k;
        if (!call1(c->I, c->argv[0], items[i], &r)) { free_items(items, n); val_decref(acc); return false; }
        if (!iter_items(c->I, r, &sub, &k)) {
            val_decref(r);
            free_items(items, n);
            val_decref(acc);
            return interp_throw(c->I, "error", "type mismatch: flatMap's function must return a collection");
        }
        val_decref(r);
        for (size_t j = 0; j < k; j++) seq_push(acc, sub[j]);
        free(sub);
    }
    free_items(items, n);
    SeqObj *a = as_seq(acc);
    Value *res = a->items; size_t rn = a->len;
    a->items = NULL; a->len = a->cap = 0;
    *out = rebuild_built(c->self, res, rn);
    free(res);
    val_decref(acc);
    return true;
}

static bool c_flatten(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    Value acc = seq_new(SEQ_LIST, n);
    for (size_t i = 0; i < n; i++) {
        Value *sub; size_t k;
        if (!iter_items(c->I, items[i], &sub, &k)) {
            free_items(items, n);
            val_decref(acc);
            return interp_throw(c->I, "error", "flatten needs a collection of collections");
        }
        for (size_t j = 0; j < k; j++) seq_push(acc, sub[j]);
        free(sub);
    }
    free_items(items, n);
    SeqObj *a = as_seq(acc);
    *out = rebuild_built(c->self, a->items, a->len);
    free(a->items);
    a->items = NULL; a->len = a->cap = 0;
    val_decref(acc);
    return true;
}

static bool filter_impl(Call *c, Value *out, bool keep) {
    if (!want_fn(c, 0)) return false;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        Value r;
        bool b = false;
        if (!call1(c->I, c->argv[0], items[i], &r) || !bool_result(c->I, r, &b)) {
            decref_range(items + i, n - i);
            free_items(items, k);
            return false;
        }
        if (b == keep) items[k++] = items[i];
        else val_decref(items[i]);
    }
    *out = rebuild_like(c->self, items, k);
    free(items);
    return true;
}
static bool c_filter(Call *c, Value *out) { return filter_impl(c, out, true); }
static bool c_filternot(Call *c, Value *out) { return filter_impl(c, out, false); }

bool partial_defined(Interp *I, Value fn, Value v, bool *defined);
static bool c_collect(Call *c, Value *out) {
    if (!want_fn(c, 0)) return false;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool def;
        Value r;
        if (!partial_defined(c->I, c->argv[0], items[i], &def)) { decref_range(items + i, n - i); free_items(items, k); return false; }
        if (!def) { val_decref(items[i]); continue; }
        if (!call1(c->I, c->argv[0], items[i], &r)) { decref_range(items + i, n - i); free_items(items, k); return false; }
        val_decref(items[i]);
        items[k++] = r;
    }
    *out = rebuild_built(c->self, items, k);
    free(items);
    return true;
}

/* ---- queries ---- */

static bool c_size(Call *c, Value *out) {
    switch ((VType)c->self.t) {
    case T_SEQ: *out = v_int((int32_t)as_seq(c->self)->len); return true;
    case T_RANGE: *out = v_int((int32_t)range_len(as_range(c->self))); return true;
    case T_MAP: case T_SET: *out = v_int((int32_t)as_map(c->self)->len); return true;
    case T_SOME: *out = v_int(1); return true;
    case T_NONE: *out = v_int(0); return true;
    default: {
        Value *items; size_t n;
        if (!self_items(c, &items, &n)) return false;
        free_items(items, n);
        *out = v_int((int32_t)n);
        return true;
    }
    }
}
static size_t count_of(Call *c) {
    Value sz;
    if (!c_size(c, &sz)) return 0;
    return (size_t)sz.u.i;
}
static bool c_isempty(Call *c, Value *out) { size_t n = count_of(c); if (c->I && 0) return false; *out = v_bool(n == 0); return true; }
static bool c_nonempty(Call *c, Value *out) { *out = v_bool(count_of(c) != 0); return true; }

static bool pred_scan(Call *c, Value *out, int mode /* 0 exists, 1 forall, 2 find, 3 count, 4 indexWhere */) {
    if (!want_fn(c, 0)) return false;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    int64_t count = 0;
    for (size_t i = 0; i < n; i++) {
        Value r;
        bool b = false;
        if (!call1(c->I, c->argv[0], items[i], &r) || !bool_result(c->I, r, &b)) { free_items(items, n); return false; }
        if (b) count++;
        if (mode == 0 && b) { free_items(items, n); *out = v_bool(true); return true; }
        if (mode == 1 && !b) { free_items(items, n); *out = v_bool(false); return true; }
        if (mode == 2 && b) { val_incref(items[i]); *out = some_new(items[i]); free_items(items, n); return true; }
        if (mode == 4 && b) { free_items(items, n); *out = v_int((int32_t)i); return true; }
    }
    free_items(items, n);
    switch (mode) {
    case 0: *out = v_bool(false); break;
    case 1: *out = v_bool(true); break;
    case 2: *out = v_none(); break;
    case 3: *out = v_int((int32_t)count); break;
    default: *out = v_int(-1); break;
    }
    return true;
}
static bool c_exists(Call *c, Value *out) { return pred_scan(c, out, 0); }
static bool c_forall(Call *c, Value *out) { return pred_scan(c, out, 1); }
static bool c_find(Call *c, Value *out) { return pred_scan(c, out, 2); }
static bool c_count(Call *c, Value *out) { return pred_scan(c, out, 3); }
static bool c_indexwhere(Call *c, Value *out) { return pred_scan(c, out, 4); }

bool c_contains(Call *c, Value *out) {
    if (c->self.t == T_MAP) { *out = v_bool(map_get(c->self, c->argv[0], NULL)); return true; }
    if (c->self.t == T_SET) { *out = v_bool(map_get(c->self, c->argv[0], NULL)); return true; }
    if (c->self.t == T_RANGE) {
        RangeObj *r = as_range(c->self);
        Value x = c->argv[0];
        if (x.t != T_INT && x.t != T_LONG) { *out = v_bool(false); return true; }
        int64_t v = x.t == T_INT ? x.u.i : x.u.l;
        size_t n = range_len(r);
        bool in = n && (v - r->start) % r->step == 0 && (v - r->start) / r->step >= 0 && (size_t)((v - r->start) / r->step) < n;
        *out = v_bool(in);
        return true;
    }
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) found = val_equals(items[i], c->argv[0]);
    free_items(items, n);
    *out = v_bool(found);
    return true;
}

static bool c_indexof(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    int32_t at = -1;
    for (size_t i = 0; i < n && at < 0; i++) if (val_equals(items[i], c->argv[0])) at = (int32_t)i;
    free_items(items, n);
    *out = v_int(at);
    return true;
}

static bool empty_error(Call *c, const char *what) {
    return interp_throw(c->I, c->self.t == T_NONE ? "java.util.NoSuchElementException" : "java.util.NoSuchElementException",
                        "%s", what);
}

static bool c_head(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    if (!n) { free(items); return empty_error(c, c->self.t == T_NONE ? "None.get" : "head of empty list"); }
    *out = items[0];
    decref_range(items + 1, n - 1);
    free(items);
    return true;
}
static bool c_last(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    if (!n) { free(items); return empty_error(c, "last of empty list"); }
    *out = items[n - 1];
    items[n - 1] = v_unit();
    free_items(items, n);
    return true;
}
static bool c_headoption(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    if (!n) { free(items); *out = v_none(); return true; }
    val_incref(items[0]);
    *out = some_new(items[0]);
    free_items(items, n);
    return true;
}
static bool c_lastoption(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    if (!n) { free(items); *out = v_none(); return true; }
    val_incref(items[n - 1]);
    *out = some_new(items[n - 1]);
    free_items(items, n);
    return true;
}

/* Slices [from, to) of the items, clamped, as the receiver's family. */
static bool slice_impl(Call *c, Value *out, int64_t from, int64_t to) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    if (from < 0) from = 0;
    if (from > (int64_t)n) from = (int64_t)n;   /* slice(Int.MaxValue, …) read past the items */
    if (to > (int64_t)n) to = (int64_t)n;
    if (to < from) to = from;
    for (int64_t i = 0; i < from; i++) val_decref(items[i]);
    for (int64_t i = to; i < (int64_t)n; i++) val_decref(items[i]);
    *out = rebuild_like(c->self.t == T_RANGE ? c->self : c->self, items + from, (size_t)(to - from));
    free(items);
    return true;
}
static bool c_tail(Call *c, Value *out) {
    if (count_of(c) == 0) return interp_throw(c->I, "java.lang.UnsupportedOperationException", "tail of empty list");
    return slice_impl(c, out, 1, INT64_MAX);
}
static bool c_init(Call *c, Value *out) {
    size_t n = count_of(c);
    if (n == 0) return interp_throw(c->I, "java.lang.UnsupportedOperationException", "init of empty list");
    return slice_impl(c, out, 0, (int64_t)n - 1);
}
static bool c_take(Call *c, Value *out) { int64_t k; return arg_long(c, 0, &k) && slice_impl(c, out, 0, k); }
static bool c_drop(Call *c, Value *out) { int64_t k; return arg_long(c, 0, &k) && slice_impl(c, out, k, INT64_MAX); }
static bool c_takeright(Call *c, Value *out) {
    int64_t k;
    if (!arg_long(c, 0, &k)) return false;
    int64_t n = (int64_t)count_of(c);
    return slice_impl(c, out, n - k, n);
}
static bool c_dropright(Call *c, Value *out) {
    int64_t k;
    if (!arg_long(c, 0, &k)) return false;
    return slice_impl(c, out, 0, (int64_t)count_of(c) - k);
}
static bool c_slice(Call *c, Value *out) {
    int64_t a, b;
    return arg_long(c, 0, &a) && arg_long(c, 1, &b) && slice_impl(c, out, a, b);
}

static bool while_impl(Call *c, Value *out, bool take) {
    if (!want_fn(c, 0)) return false;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    size_t k = 0;
    for (; k < n; k++) {
        Value r;
        bool b = false;
        if (!call1(c->I, c->argv[0], items[k], &r) || !bool_result(c->I, r, &b)) { free_items(items, n); return false; }
        if (!b) break;
    }
    free_items(items, n);
    return take ? slice_impl(c, out, 0, (int64_t)k) : slice_impl(c, out, (int64_t)k, INT64_MAX);
}
static bool c_takewhile(Call *c, Value *out) { return while_impl(c, out, true); }
static bool c_dropwhile(Call *c, Value *out) { return while_impl(c, out, false); }

bool pair_of(Value a, Value b, Value *out) {
    Value items[2] = {a, b};
    *out = tuple_new(2, items);
    return true;
}
static bool c_splitat(Call *c, Value *out) {
    int64_t k;
    Value a, b;
    if (!arg_long(c, 0, &k) || !slice_impl(c, &a, 0, k)) return false;
    if (!slice_impl(c, &b, k, INT64_MAX)) { val_decref(a); return false; }
    return pair_of(a, b, out);
}
static bool c_partition(Call *c, Value *out) {
    Value a, b;
    if (!filter_impl(c, &a, true)) return false;
    if (!filter_impl(c, &b, false)) { val_decref(a); return false; }
    return pair_of(a, b, out);
}
static bool c_span(Call *c, Value *out) {
    Value a, b;
    if (!while_impl(c, &a, true)) return false;
    if (!while_impl(c, &b, false)) { val_decref(a); return false; }
    return pair_of(a, b, out);
}

static bool c_reverse(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    for (size_t i = 0; i < n / 2; i++) { Value t = items[i]; items[i] = items[n - 1 - i]; items[n - 1 - i] = t; }
    *out = rebuild_like(c->self, items, n);
    free(items);
    return true;
}

static bool c_distinct(Call *c, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    size_t k = interp_distinct_items(items, n);
    *out = rebuild_like(c->self, items, k);
    free(items);
    return true;
}

/* ---- folds ---- */

static bool reduce_impl(Call *c, Value fn, bool option, bool right, Value *out) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    if (!n) {
        free(items);
        if (option) { *out = v_none(); return true; }
        return interp_throw(c->I, "java.lang.UnsupportedOperationException", "empty.reduceLeft");
    }
    Value acc = right ? items[n - 1] : items[0];
    for (size_t i = 1; i < n; i++) {
        Value x = right ? items[n - 1 - i] : items[i];
        Value args[2] = {right ? x : acc, right ? acc : x}, r;
        if (!interp_call(c->I, fn, 2, args, &r)) {
            val_decref(acc);
            for (size_t j = i; j < n; j++) val_decref(right ? items[n - 1 - j] : items[j]);
            free(items);
            return false;
        }
        val_decref(acc);
        val_decref(x);
        acc = r;
    }
    free(items);
    *out = option ? some_new(acc) : acc;
    return true;
}
static bool c_reduce(Call *c, Value *out) { return want_fn(c, 0) && reduce_impl(c, c->argv[0], false, false, out); }
static bool c_reduceoption(Call *c, Value *out) { return want_fn(c, 0) && reduce_impl(c, c->argv[0], true, false, out); }
static bool c_reduceright(Call *c, Value *out) { return want_fn(c, 0) && reduce_impl(c, c->argv[0], false, true, out); }

/* foldLeft(z)(op): the first argument list returns a function awaiting op. */
static bool fold_apply(Call *c, Value *out) {
    TupleObj *t = as_tuple(c->self);   /* (receiver, z, mode) */
    Value fn = c->argc ? c->argv[0] : v_unit();
    if (fn.t != T_FUNC) return interp_throw(c->I, "error", "fold needs a function");
    bool right = t->items[2].u.i == 1;
    Value recv = t->items[0];
    if (t->items[2].u.i == 2 && (recv.t == T_SOME || recv.t == T_NONE)) {   /* Option.fold(ifEmpty)(f) */
        if (recv.t == T_NONE) return byname_value(c->I, t->items[1], out);   /* ifEmpty: => B */
        return interp_call(c->I, fn, 1, &as_some(recv)->v, out);
    }
    Value *items; size_t n;
    if (!iter_items(c->I, t->items[0], &items, &n)) return interp_throw(c->I, "error", "fold needs a collection");
    bool scan = t->items[2].u.i == 3;     /* scanLeft: every accumulated value, z first */
    Value *accs = scan ? alloc_items(n + 1) : NULL;
    size_t na = 0;
    Value acc = t->items[1];
    val_incref(acc);
    for (size_t i = 0; i < n; i++) {
        Value x = right ? items[n - 1 - i] : items[i];
        Value args[2] = {right ? x : acc, right ? acc : x}, r;
        if (!interp_call(c->I, fn, 2, args, &r)) {
            val_decref(acc); free_items(items, n);
            if (scan) free_items(accs, na);
            return false;
        }
        if (scan) accs[na++] = acc;
        else val_decref(acc);
        acc = r;
    }
    free_items(items, n);
    if (scan) {
        accs[na++] = acc;
        *out = rebuild_built(recv.t == T_MAP || recv.t == T_SET ? v_unit() : recv, accs, na);
        free(accs);
        return true;
    }
    *out = acc;
    return true;
}
static bool fold_start(Call *c, Value *out, int mode) {
    Value items[3] = {c->self, c->argv[0], v_int(mode)};
    val_incref(items[0]); val_incref(items[1]);
    Value self = tuple_new(3, items);
    *out = func_new_native(c->name, fold_apply, self, 1, NULL);
    val_decref(self);
    return true;
}
static bool c_foldleft(Call *c, Value *out) { return fold_start(c, out, 0); }
static bool c_fold(Call *c, Value *out) { return fold_start(c, out, 2); }   /* 2: fold (Option's differs) */
static bool c_foldright(Call *c, Value *out) { return fold_start(c, out, 1); }
static bool c_scanleft(Call *c, Value *out) { return fold_start(c, out, 3); }

static bool numeric_fold(Call *c, Value *out, bool product) {
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    int kind = 0;   /* 0 int, 1 long, 2 double, 3 float */
    int64_t li = product ? 1 : 0;
    double d = product ? 1 : 0;
    float f = product ? 1 : 0;
    for (size_t i = 0; i < n; i++)
        if (bignum_is(items[i])) {
            bool ok = bigint_fold(c->I, items, n, product, out);
            free_items(items, n);
            return ok;
        }
    for (size_t i = 0; i < n; i++) {
        Value x = items[i];
        if (x.t == T_DOUBLE) kind = 2;
        else if (x.t == T_FLOAT && kind != 2) kind = 3;
        else if (x.t == T_LONG && kind < 1) kind = 1;
        else if (x.t != T_INT && x.t != T_LONG && x.t != T_CHAR && x.t != T_DOUBLE && x.t != T_FLOAT) {
            free_items(items, n);
            return interp_throw(c->I, "error", "could not find implicit value for parameter num: Numeric");
        }
    }
    for (size_t i = 0; i < n; i++) {
        Value x = items[i];
        int64_t xi = x.t == T_INT ? x.u.i : x.t == T_LONG ? x.u.l : x.t == T_CHAR ? (int64_t)x.u.c : 0;
        double xd = x.t == T_DOUBLE || x.t == T_FLOAT ? x.u.d : (double)xi;
        if (product) { li = (int64_t)((uint64_t)li * (uint64_t)xi); d *= xd; f *= (float)xd; }
        else { li = (int64_t)((uint64_t)li + (uint64_t)xi); d += xd; f += (float)xd; }
    }
    free_items(items, n);
    *out = kind == 3 ? v_float(f) : kind == 2 ? v_double(d) : kind == 1 ? v_long(li) : v_int((int32_t)li);
    return true;
}
static bool c_sum(Call *c, Value *out) { return numeric_fold(c, out, false); }
static bool c_product(Call *c, Value *out) { return numeric_fold(c, out, true); }

static bool extreme(Call *c, Value *out, bool want_max, bool by) {
    if (by && !want_fn(c, 0)) return false;
    Value okey = v_unit();
    bool odesc = false;
    int oi = by ? 1 : 0;                       /* xs.max(ord), xs.maxBy(f)(ord) */
    if (c->argc > oi && !ordering_of(c->argv[oi], &okey, &odesc))
        return interp_throw(c->I, "error", "type mismatch: %s needs an Ordering", c->name);
    if (odesc) want_max = !want_max;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    if (!n) { free(items); return interp_throw(c->I, "java.lang.UnsupportedOperationException", "empty.%s", want_max ? "max" : "min"); }
    size_t best = 0;
    Value bestk = v_unit();
    for (size_t i = 0; i < n; i++) {
        Value k;
        if (by) { if (!call1(c->I, c->argv[0], items[i], &k)) { val_decref(bestk); free_items(items, n); return false; } }
        else { k = items[i]; val_incref(k); }
        if (okey.t == T_FUNC) {
            Value k2;
            if (!call1(c->I, okey, k, &k2)) { val_decref(k); val_decref(bestk); free_items(items, n); return false; }
            val_decref(k);
            k = k2;
        }
        if (i == 0) { bestk = k; continue; }
        bool ok;
        int r = val_compare(k, bestk, &ok);
        if (!ok) { val_decref(k); val_decref(bestk); free_items(items, n); return interp_throw(c->I, "error", "No implicit Ordering defined for these values"); }
        if (want_max ? r > 0 : r < 0) { val_decref(bestk); bestk = k; best = i; }
        else val_decref(k);
    }
    val_decref(bestk);
    *out = items[best];
    items[best] = v_unit();
    free_items(items, n);
    return true;
}
static bool c_max(Call *c, Value *out) { return extreme(c, out, true, false); }
static bool c_min(Call *c, Value *out) { return extreme(c, out, false, false); }
static bool c_maxby(Call *c, Value *out) { return extreme(c, out, true, true); }
static bool c_minby(Call *c, Value *out) { return extreme(c, out, false, true); }

/* ---- ordering ---- */

static bool sort_impl(Call *c, Value *out, Value key, Value lt, bool desc) {
    Value *items; size_t n;
    Value key2 = v_unit();
    int oi = key.t == T_UNIT && lt.t == T_UNIT ? 0 : 1;    /* xs.sorted(ord), xs.sortBy(f)(ord) */
    if (lt.t == T_UNIT && c->argc > oi && c->argv[oi].t == T_HOST) {
        bool odesc;
        if (!ordering_of(c->argv[oi], &key2, &odesc))
            return interp_throw(c->I, "error", "type mismatch: %s needs an Ordering", c->name);
        desc = desc != odesc;
    }
    if (!self_items(c, &items, &n)) return false;
    if (!sort_items2(c->I, items, n, key, key2, lt, desc)) { free_items(items, n); return false; }
    *out = rebuild_like(c->self.t == T_SET || c->self.t == T_MAP ? v_unit() : c->self, items, n);
    free(items);
    return true;
}
static bool c_sorted(Call *c, Value *out) { return sort_impl(c, out, v_unit(), v_unit(), false); }
static bool c_sortby(Call *c, Value *out) {
    if (!want_fn(c, 0)) return false;
    bool asc = true;
    if (c->argc > 1 && c->argv[1].t != T_HOST && !arg_bool(c, 1, &asc)) return false;   /* RDD-style sortBy(f, ascending) */
    return sort_impl(c, out, c->argv[0], v_unit(), !asc);
}
static bool c_sortwith(Call *c, Value *out) { return want_fn(c, 0) && sort_impl(c, out, v_unit(), c->argv[0], false); }

/* ---- grouping ---- */

static bool c_groupby(Call *c, Value *out) {
    if (!want_fn(c, 0)) return false;
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    Value groups = map_new(MAP_SCALA, false);
    for (size_t i = 0; i < n; i++) {
        Value k, g;
        if (!call1(c->I, c->argv[0], items[i], &k)) { free_items(items, n); val_decref(groups); return false; }
        if (!map_get(groups, k, &g)) {
            g = seq_new(SEQ_LIST, 4);
            val_incref(k);
            map_put(groups, k, g);
        }
        val_decref(k);
        val_incref(items[i]);
        seq_push(g, items[i]);
    }
    /* each group takes the receiver's family */
    MapObj *m = as_map(groups);
    for (size_t i = 0; i < m->used; i++) {
        if (!m->entries[i].live) continue;
        SeqObj *s = as_seq(m->entries[i].val);
        Value *its = s->items; size_t len = s->len;
        s->items = NULL; s->len = s->cap = 0;
        Value g = rebuild_like(c->self, its, len);
        free(its);
        Value old = m->entries[i].val;
        m->entries[i].val = g;
        val_decref(old);
    }
    free_items(items, n);
    *out = groups;
    return true;
}

static bool c_grouped(Call *c, Value *out, bool sliding) {
    int64_t size, step;
    if (!arg_long(c, 0, &size)) return false;
    step = sliding ? 1 : size;
    if (sliding && c->argc > 1 && !arg_long(c, 1, &step)) return false;
    if (size <= 0 || step <= 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "size=%lld and step=%lld, but both must be positive", (long long)size, (long long)step);
    Value *items; size_t n;
    if (!self_items(c, &items, &n)) return false;
    /* an Iterator's groups: an Iterator of Lists (GroupedIterator) */
    bool iter = c->self.t == T_SEQ && as_seq(c->self)->kind == SEQ_ITER;
    Value acc = seq_new(iter ? SEQ_ITER : SEQ_LIST, 0);
    for (size_t i = 0; i < n || (i == 0 && n == 0 && 0); i += (size_t)step) {
        size_t end = i + (size_t)size > n ? n : i + (size_t)size;
        Value *g = alloc_items(end - i);
        for (size_t j = i; j < end; j++) { g[j - i] = items[j]; val_incref(g[j - i]); }
        seq_push(acc, iter ? seq_from(SEQ_LIST, g, end - i) : rebuild_like(c->self, g, end - i));
        free(g);
        if (sliding && end == n) break;
    }
    free_items(items, n);
    *out = acc;
    return true;
}
static bool c_grouped1(Call *c, Value *out) { return c_grouped(c, out, false); }
static bool c_sliding(Call *c, Value *out) { return c_grouped(c, out, true); }

static bool c_zip(Call *c, Value *out) {
    Value *a, *b; size_t na, nb;
    if (!self_items(c, &a, &na)) return false;
    if (!iter_items(c->I, c->argv[0], &b, &nb)) { free_items(a, na); return interp_throw(c->I, "error", "zip needs a collection"); }
    size_t n = na < nb ? na : nb;
    Value *r = alloc_items(n);
    for (size_t i = 0; i < n; i++) { Value kv[2] = {a[i], b[i]}; val_incref(a[i]); val_incref(b[i]); r[i] = tuple_new(2, kv); }
    free_items(a, na);
    free_items(b, nb);
    *out = rebuild_built(c->self.t == T_MAP || c->self.t == T_SET ? v_unit() : c->self, r, n);
    free(r);
    return true;
}
static bool c_zipwithindex(Call *c, Value *out) {
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    for (size_t i = 0; i < n; i++) { Value kv[2] = {a[i], v_int((int32_t)i)}; a[i] = tuple_new(2, kv); }
    *out = rebuild_built(c->self.t == T_MAP ? v_unit() : c->self, a, n);
    free(a);
    return true;
}
static bool c_unzip(Call *c, Value *out) {
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    Value *l = alloc_items(n), *r = alloc_items(n);
    for (size_t i = 0; i < n; i++) {
        if (a[i].t != T_TUPLE || as_tuple(a[i])->n != 2) {
            free_items(a, n); free_items(l, i); free_items(r, i);
            return interp_throw(c->I, "error", "unzip needs a collection of pairs");
        }
        l[i] = as_tuple(a[i])->items[0]; val_incref(l[i]);
        r[i] = as_tuple(a[i])->items[1]; val_incref(r[i]);
    }
    free_items(a, n);
    Value like = c->self.t == T_MAP ? v_unit() : c->self;
    Value x = rebuild_built(like, l, n), y = rebuild_built(like, r, n);
    free(l); free(r);
    return pair_of(x, y, out);
}

/* ---- building ---- */

static bool concat_impl(Call *c, Value left, Value right, Value like, Value *out) {
    Value *a, *b; size_t na, nb;
    if (!iter_items(c->I, left, &a, &na)) return interp_throw(c->I, "error", "%s needs collections", c->name);
    if (!iter_items(c->I, right, &b, &nb)) { free_items(a, na); return interp_throw(c->I, "error", "%s needs collections", c->name); }
    Value *r = alloc_items(na + nb);
    memcpy(r, a, na * sizeof(Value));
    memcpy(r + na, b, nb * sizeof(Value));
    free(a); free(b);
    if (like.t == T_SEQ && seq_kind_buffer(as_seq(like)->kind)) like = v_unit();
    *out = rebuild_built(like, r, na + nb);
    free(r);
    return true;
}
static bool c_concat(Call *c, Value *out) {
    Value like = c->self;
    if (like.t == T_SEQ && seq_kind_buffer(as_seq(like)->kind)) {   /* buffer ++ xs is a new buffer */
        Value *a, *b; size_t na, nb;
        if (!iter_items(c->I, c->self, &a, &na)) return false;
        if (!iter_items(c->I, c->argv[0], &b, &nb)) { free_items(a, na); return interp_throw(c->I, "error", "++ needs a collection"); }
        Value buf = seq_new(as_seq(like)->kind, na + nb);
        for (size_t i = 0; i < na; i++) seq_push(buf, a[i]);
        for (size_t i = 0; i < nb; i++) seq_push(buf, b[i]);
        free(a); free(b);
        *out = buf;
        return true;
    }
    return concat_impl(c, c->self, c->argv[0], like, out);
}
static bool c_prepend_all(Call *c, Value *out) { return concat_impl(c, c->argv[0], c->self, c->self, out); }

static bool c_append(Call *c, Value *out) {      /* xs :+ x, set + x */
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    Value *r = alloc_items(n + 1);
    memcpy(r, a, n * sizeof(Value));
    free(a);
    r[n] = c->argv[0]; val_incref(r[n]);
    *out = rebuild_built(c->self, r, n + 1);
    free(r);
    return true;
}
static bool c_prepend(Call *c, Value *out) {     /* x +: xs, x :: xs */
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    Value *r = alloc_items(n + 1);
    r[0] = c->argv[0]; val_incref(r[0]);
    memcpy(r + 1, a, n * sizeof(Value));
    free(a);
    *out = rebuild_built(c->self, r, n + 1);
    free(r);
    return true;
}

static bool c_updated(Call *c, Value *out) {
    if (c->self.t == T_MAP) {
        Value *a; size_t n;
        if (!self_items(c, &a, &n)) return false;
        Value m = rebuild_like(c->self, a, n);
        free(a);
        val_incref(c->argv[0]); val_incref(c->argv[1]);
        map_put(m, c->argv[0], c->argv[1]);
        *out = m;
        return true;
    }
    int64_t i;
    if (!arg_long(c, 0, &i)) return false;
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    if (i < 0 || (size_t)i >= n) { free_items(a, n); return interp_throw(c->I, "java.lang.IndexOutOfBoundsException", "%lld", (long long)i); }
    val_decref(a[i]);
    a[i] = c->argv[1]; val_incref(a[i]);
    *out = rebuild_built(c->self, a, n);
    free(a);
    return true;
}

static bool c_convert(Call *c, Value *out, int target) {
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    switch (target) {
    case 0: *out = seq_from(SEQ_LIST, a, n); break;
    case 1: *out = seq_from(SEQ_ARRAY, a, n); break;
    case 2: *out = seq_from(SEQ_VECTOR, a, n); break;
    case 3: *out = seq_from(SEQ_BUFFER, a, n); break;
    case 4: {
        Value s = map_new(MAP_SCALA, true);
        for (size_t i = 0; i < n; i++) map_put(s, a[i], v_unit());
        *out = s;
        break;
    }
    default: {
        Value m = map_new(MAP_SCALA, false);
        for (size_t i = 0; i < n; i++) {
            if (a[i].t != T_TUPLE || as_tuple(a[i])->n != 2) {
                decref_range(a + i, n - i);
                free(a);
                val_decref(m);
                return interp_throw(c->I, "error", "Cannot prove that the elements are pairs: toMap needs (key, value) tuples");
            }
            TupleObj *t = as_tuple(a[i]);
            val_incref(t->items[0]); val_incref(t->items[1]);
            map_put(m, t->items[0], t->items[1]);
            val_decref(a[i]);
        }
        *out = m;
    }
    }
    free(a);
    return true;
}
static bool c_tolist(Call *c, Value *out) { return c_convert(c, out, 0); }
static bool c_toarray(Call *c, Value *out) { return c_convert(c, out, 1); }
static bool c_tovector(Call *c, Value *out) { return c_convert(c, out, 2); }
static bool c_tobuffer(Call *c, Value *out) { return c_convert(c, out, 3); }
static bool c_toset(Call *c, Value *out) { return c_convert(c, out, 4); }
static bool c_tomap(Call *c, Value *out) { return c_convert(c, out, 5); }
static bool c_toseq(Call *c, Value *out) {
    if (c->self.t == T_SEQ && as_seq(c->self)->kind != SEQ_ARRAY) { val_incref(c->self); *out = c->self; return true; }
    if (c->self.t == T_SEQ) {          /* an Array's toSeq wraps it: a WrappedArray in Scala 2.12 */
        Value *a; size_t n;
        if (!self_items(c, &a, &n)) return false;
        *out = seq_from(SEQ_WRAPPED, a, n);
        free(a);
        return true;
    }
    /* an immutable Map's or Set's toSeq is a Vector in Scala 2.12, a mutable one's an ArrayBuffer */
    if ((c->self.t == T_MAP || c->self.t == T_SET) && as_map(c->self)->kind == MAP_MUTABLE) return c_convert(c, out, 3);
    return c_convert(c, out, c->self.t == T_RANGE || c->self.t == T_MAP || c->self.t == T_SET ? 2 : 0);
}
static bool c_same(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }
static bool c_iterator(Call *c, Value *out) {
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    *out = seq_from(SEQ_ITER, a, n);
    free(a);
    return true;
}

static bool c_mkstring(Call *c, Value *out) {
    const char *start = "", *sep = "", *end = "";
    if (c->argc == 1 && !arg_string(c, 0, &sep)) return false;
    if (c->argc == 3 && (!arg_string(c, 0, &start) || !arg_string(c, 1, &sep) || !arg_string(c, 2, &end))) return false;
    if (c->argc == 2) return interp_throw(c->I, "error", "mkString takes 0, 1 or 3 arguments");
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    StrBuf sb; sb_init(&sb);
    sb_puts(&sb, start);
    bool pairs = c->self.t == T_MAP;   /* a Map's entries read k -> v (MapLike.addString) */
    for (size_t i = 0; i < n; i++) {
        if (i) sb_puts(&sb, sep);
        if (pairs && a[i].t == T_TUPLE && as_tuple(a[i])->n == 2) {
            sb_value(c->I, &sb, as_tuple(a[i])->items[0], false);
            sb_puts(&sb, " -> ");
            sb_value(c->I, &sb, as_tuple(a[i])->items[1], false);
        } else sb_value(c->I, &sb, a[i], false);
    }
    sb_puts(&sb, end);
    free_items(a, n);
    *out = str_take(sb_take(&sb));
    return true;
}

/* ---- indexing ---- */

bool c_apply(Call *c, Value *out) {
    if (c->self.t == T_MAP) {
        Value v;
        if (map_get(c->self, c->argv[0], &v)) { val_incref(v); *out = v; return true; }
        char *k = val_to_string(c->I, c->argv[0]);
        bool r = interp_throw(c->I, "java.util.NoSuchElementException", "key not found: %s", k);
        free(k);
        return r;
    }
    if (c->self.t == T_SET) { *out = v_bool(map_get(c->self, c->argv[0], NULL)); return true; }
    int64_t i;
    if (!arg_long(c, 0, &i)) return false;
    if (c->self.t == T_RANGE) {
        RangeObj *r = as_range(c->self);
        if (i < 0 || (size_t)i >= range_len(r)) return interp_throw(c->I, "java.lang.IndexOutOfBoundsException", "%lld", (long long)i);
        int64_t x = r->start + i * r->step;
        *out = r->is_long ? v_long(x) : v_int((int32_t)x);
        return true;
    }
    if (c->self.t == T_SEQ) {
        SeqObj *s = as_seq(c->self);
        if (i < 0 || (size_t)i >= s->len) {
            if (s->kind == SEQ_ARRAY)
                return interp_throw(c->I, "java.lang.ArrayIndexOutOfBoundsException", "Index %lld out of bounds for length %zu", (long long)i, s->len);
            return interp_throw(c->I, "java.lang.IndexOutOfBoundsException", "%lld", (long long)i);
        }
        *out = s->items[i];
        val_incref(*out);
        return true;
    }
    return interp_throw(c->I, "error", "value apply is not a member of this value");
}
static bool c_lift(Call *c, Value *out) {
    Value v;
    if (!c_apply(c, &v)) {
        Interp *I = c->I;
        if (I->unwind == U_THROW) { I->unwind = U_NONE; val_decref(I->unwind_val); I->unwind_val = v_unit(); *out = v_none(); return true; }
        return false;
    }
    *out = some_new(v);
    return true;
}
static bool c_update(Call *c, Value *out) {
    *out = v_unit();
    if (c->self.t == T_MAP) {
        if (as_map(c->self)->kind == MAP_SCALA) return interp_throw(c->I, "error", "value update is not a member of an immutable Map");
        val_incref(c->argv[0]); val_incref(c->argv[1]);
        map_put(c->self, c->argv[0], c->argv[1]);
        return true;
    }
    int64_t i;
    if (!arg_long(c, 0, &i)) return false;
    if (c->self.t != T_SEQ || as_seq(c->self)->kind == SEQ_LIST || as_seq(c->self)->kind == SEQ_VECTOR ||
        as_seq(c->self)->kind == SEQ_WRAPPED) {   /* a WrappedArray is had as a Seq: no update either */
        char *tn = val_type_name(c->I, c->self);
        bool r = interp_throw(c->I, "error", "value update is not a member of %s", tn);
        free(tn);
        return r;
    }
    SeqObj *s = as_seq(c->self);
    if (i < 0 || (size_t)i >= s->len)
        return interp_throw(c->I, "java.lang.ArrayIndexOutOfBoundsException", "Index %lld out of bounds for length %zu", (long long)i, s->len);
    Value old = s->items[i];
    s->items[i] = c->argv[1];
    val_incref(s->items[i]);
    val_decref(old);
    return true;
}
static bool c_indices(Call *c, Value *out) { *out = range_new(0, (int64_t)count_of(c), 1, false, false); return true; }
static bool r_by(Call *c, Value *out) {     /* 0 until 10 by 2 */
    int64_t step;
    if (c->self.t != T_RANGE) return interp_throw(c->I, "error", "value by is not a member of this collection");
    if (!arg_long(c, 0, &step)) return false;
    if (step == 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "step cannot be 0.");
    RangeObj *r = as_range(c->self);
    *out = range_new(r->start, r->end, step, r->inclusive, r->is_long);
    return true;
}
static bool c_sameelements(Call *c, Value *out) {
    Value *a, *b; size_t na, nb;
    if (!iter_items(c->I, c->self, &a, &na)) return interp_throw(c->I, "error", "sameElements needs a collection");
    if (!iter_items(c->I, c->argv[0], &b, &nb)) { free_items(a, na); return interp_throw(c->I, "error", "sameElements needs a collection"); }
    bool same = na == nb;
    for (size_t i = 0; same && i < na; i++) same = val_equals(a[i], b[i]);
    free_items(a, na);
    free_items(b, nb);
    *out = v_bool(same);
    return true;
}

/* ---- the method tables ---- */

#define SEQ_COMMON                                                                                          \
    METHOD("map", c_map, 1, 1, "def map[B](f: A => B): CC[B]", "Applies f to every element."),             \
    METHOD("flatMap", c_flatmap, 1, 1, "def flatMap[B](f: A => IterableOnce[B]): CC[B]", "Applies f and concatenates the results."), \
    METHOD("filter", c_filter, 1, 1, "def filter(p: A => Boolean): CC[A]", "The elements satisfying p."),   \
    METHOD("withFilter", c_filter, 1, 1, "def withFilter(p: A => Boolean): CC[A]", "The elements satisfying p."),\
    METHOD("filterNot", c_filternot, 1, 1, "def filterNot(p: A => Boolean): CC[A]", "The elements not satisfying p."), \
    METHOD("collect", c_collect, 1, 1, "def collect[B](pf: PartialFunction[A, B]): CC[B]", "Applies a partial function where it is defined."), \
    METHOD("foreach", c_foreach, 1, 1, "def foreach(f: A => Unit): Unit", "Applies f to every element."),   \
    METHOD("size", c_size, 0, 0, "def size: Int", "The number of elements."),                              \
    METHOD("length", c_size, 0, 0, "def length: Int", "The number of elements."),                          \
    METHOD("isEmpty", c_isempty, 0, 0, "def isEmpty: Boolean", "Whether there are no elements."),         \
    METHOD("nonEmpty", c_nonempty, 0, 0, "def nonEmpty: Boolean", "Whether there are elements."),         \
    METHOD("exists", c_exists, 1, 1, "def exists(p: A => Boolean): Boolean", "Whether some element satisfies p."), \
    METHOD("forall", c_forall, 1, 1, "def forall(p: A => Boolean): Boolean", "Whether every element satisfies p."), \
    METHOD("find", c_find, 1, 1, "def find(p: A => Boolean): Option[A]", "The first element satisfying p."), \
    METHOD("count", c_count, 1, 1, "def count(p: A => Boolean): Int", "How many elements satisfy p."),    \
    METHOD("contains", c_contains, 1, 1, "def contains(elem: A): Boolean", "Whether elem is an element (a key, for maps)."), \
    METHOD("head", c_head, 0, 0, "def head: A", "The first element."),                                     \
    METHOD("headOption", c_headoption, 0, 0, "def headOption: Option[A]", "The first element, if any."),   \
    METHOD("last", c_last, 0, 0, "def last: A", "The last element."),                                      \
    METHOD("lastOption", c_lastoption, 0, 0, "def lastOption: Option[A]", "The last element, if any."),    \
    METHOD("tail", c_tail, 0, 0, "def tail: CC[A]", "All elements but the first."),                         \
    METHOD("init", c_init, 0, 0, "def init: CC[A]", "All elements but the last."),                          \
    METHOD("take", c_take, 1, 1, "def take(n: Int): CC[A]", "The first n elements."),                       \
    METHOD("drop", c_drop, 1, 1, "def drop(n: Int): CC[A]", "All elements but the first n."),               \
    METHOD("takeRight", c_takeright, 1, 1, "def takeRight(n: Int): CC[A]", "The last n elements."),         \
    METHOD("dropRight", c_dropright, 1, 1, "def dropRight(n: Int): CC[A]", "All elements but the last n."), \
    METHOD("takeWhile", c_takewhile, 1, 1, "def takeWhile(p: A => Boolean): CC[A]", "The longest prefix satisfying p."), \
    METHOD("dropWhile", c_dropwhile, 1, 1, "def dropWhile(p: A => Boolean): CC[A]", "All after the longest prefix satisfying p."), \
    METHOD("slice", c_slice, 2, 2, "def slice(from: Int, until: Int): CC[A]", "The elements from index from until index until."), \
    METHOD("splitAt", c_splitat, 1, 1, "def splitAt(n: Int): (CC[A], CC[A])", "(take(n), drop(n))."),      \
    METHOD("partition", c_partition, 1, 1, "def partition(p: A => Boolean): (CC[A], CC[A])", "(filter(p), filterNot(p))."), \
    METHOD("span", c_span, 1, 1, "def span(p: A => Boolean): (CC[A], CC[A])", "(takeWhile(p), dropWhile(p))."), \
    METHOD("reverse", c_reverse, 0, 0, "def reverse: CC[A]", "The elements in reverse order."),            \
    METHOD("distinct", c_distinct, 0, 0, "def distinct: CC[A]", "The elements without duplicates."),       \
    METHOD("reduce", c_reduce, 1, 1, "def reduce(op: (A, A) => A): A", "Combines the elements with op."),  \
    METHOD("reduceLeft", c_reduce, 1, 1, "def reduceLeft(op: (A, A) => A): A", "Combines the elements with op, left to right."), \
    METHOD("reduceRight", c_reduceright, 1, 1, "def reduceRight(op: (A, A) => A): A", "Combines the elements with op, right to left."), \
    METHOD("reduceOption", c_reduceoption, 1, 1, "def reduceOption(op: (A, A) => A): Option[A]", "reduce, or None when empty."), \
    METHOD("foldLeft", c_foldleft, 1, 1, "def foldLeft[B](z: B)(op: (B, A) => B): B", "Folds from the left starting with z."), \
    METHOD("scanLeft", c_scanleft, 1, 1, "def scanLeft[B](z: B)(op: (B, A) => B): CC[B]", "Every partial foldLeft, z first."), \
    METHOD("fold", c_fold, 1, 1, "def fold(z: A)(op: (A, A) => A): A", "Folds starting with z."),     \
    METHOD("foldRight", c_foldright, 1, 1, "def foldRight[B](z: B)(op: (A, B) => B): B", "Folds from the right starting with z."), \
    METHOD("sum", c_sum, 0, 0, "def sum: A", "The sum of the elements."),                                  \
    METHOD("product", c_product, 0, 0, "def product: A", "The product of the elements."),                  \
    METHOD("max", c_max, 0, 1, "def max(implicit ord: Ordering[A]): A", "The largest element."),           \
    METHOD("min", c_min, 0, 1, "def min(implicit ord: Ordering[A]): A", "The smallest element."),          \
    METHOD("maxBy", c_maxby, 1, 2, "def maxBy[B](f: A => B)(implicit ord: Ordering[B]): A", "The element with the largest f."), \
    METHOD("minBy", c_minby, 1, 2, "def minBy[B](f: A => B)(implicit ord: Ordering[B]): A", "The element with the smallest f."), \
    METHOD("sorted", c_sorted, 0, 1, "def sorted(implicit ord: Ordering[A]): CC[A]", "The elements in their natural order (or ord's)."), \
    METHOD("sortBy", c_sortby, 1, 2, "def sortBy[B](f: A => B)(implicit ord: Ordering[B]): CC[A]", "The elements ordered by f (and ord)."), \
    METHOD("sortWith", c_sortwith, 1, 1, "def sortWith(lt: (A, A) => Boolean): CC[A]", "The elements ordered by lt."), \
    METHOD("groupBy", c_groupby, 1, 1, "def groupBy[K](f: A => K): Map[K, CC[A]]", "The elements grouped by f."), \
    METHOD("grouped", c_grouped1, 1, 1, "def grouped(size: Int): Iterator[CC[A]]", "Consecutive groups of size elements."), \
    METHOD("sliding", c_sliding, 1, 2, "def sliding(size: Int, step: Int = 1): Iterator[CC[A]]", "Sliding windows of size elements."), \
    METHOD("zip", c_zip, 1, 1, "def zip[B](that: Iterable[B]): CC[(A, B)]", "Pairs of corresponding elements."), \
    METHOD("zipWithIndex", c_zipwithindex, 0, 0, "def zipWithIndex: CC[(A, Int)]", "Each element with its index."), \
    METHOD("unzip", c_unzip, 0, 0, "def unzip: (CC[A1], CC[A2])", "Splits pairs into two collections."),    \
    METHOD("flatten", c_flatten, 0, 0, "def flatten[B]: CC[B]", "Concatenates nested collections."),       \
    METHOD("++", c_concat, 1, 1, "def ++(that: IterableOnce[A]): CC[A]", "The elements of this and then that."),\
    METHOD("concat", c_concat, 1, 1, "def concat(that: IterableOnce[A]): CC[A]", "The elements of this and then that."), \
    METHOD("++:", c_prepend_all, 1, 1, "def ++:(that: IterableOnce[A]): CC[A]", "The elements of that and then this."), \
    METHOD(":::", c_prepend_all, 1, 1, "def :::(prefix: List[A]): List[A]", "prefix followed by this list."), \
    METHOD(":+", c_append, 1, 1, "def :+(elem: A): CC[A]", "This with elem appended."),                    \
    METHOD("+:", c_prepend, 1, 1, "def +:(elem: A): CC[A]", "This with elem prepended."),                  \
    METHOD("::", c_prepend, 1, 1, "def ::(elem: A): List[A]", "This list with elem prepended."),            \
    METHOD("mkString", c_mkstring, 0, 3, "def mkString(start: String, sep: String, end: String): String", "The elements as text, separated by sep."), \
    METHOD("toList", c_tolist, 0, 0, "def toList: List[A]", "The elements as a List."),                     \
    METHOD("toArray", c_toarray, 0, 0, "def toArray: Array[A]", "The elements as an Array."),               \
    METHOD("toVector", c_tovector, 0, 0, "def toVector: Vector[A]", "The elements as a Vector."),           \
    METHOD("toIndexedSeq", c_tovector, 0, 0, "def toIndexedSeq: IndexedSeq[A]", "The elements as an IndexedSeq."), \
    METHOD("toBuffer", c_tobuffer, 0, 0, "def toBuffer: Buffer[A]", "The elements as a mutable buffer."),  \
    METHOD("toSeq", c_toseq, 0, 0, "def toSeq: Seq[A]", "The elements as a Seq."),                          \
    METHOD("toSet", c_toset, 0, 0, "def toSet: Set[A]", "The elements as a Set."),                          \
    METHOD("toMap", c_tomap, 0, 0, "def toMap[K, V]: Map[K, V]", "Pairs as a Map."),                        \
    METHOD("toIterable", c_same, 0, 0, "def toIterable: Iterable[A]", "This collection."),                 \
    METHOD("iterator", c_iterator, 0, 0, "def iterator: Iterator[A]", "An iterator over the elements."),   \
    METHOD("toIterator", c_iterator, 0, 0, "def toIterator: Iterator[A]", "An iterator over the elements."), \
    METHOD("view", c_same, 0, 0, "def view: View[A]", "This collection (evaluated eagerly here)."),         \
    METHOD("par", c_same, 0, 0, "def par: ParIterable[A]", "This collection (run sequentially here)."),     \
    METHOD("seq", c_same, 0, 0, "def seq: Iterable[A]", "This collection."),                               \
    METHOD("asScala", c_same, 0, 0, "def asScala", "This collection, as a Scala collection."),              \
    METHOD("asJava", c_same, 0, 0, "def asJava", "This collection, as a Java collection."),                 \
    METHOD("union", s_union, 1, 1, "def union(that: Iterable[A]): CC[A]", "The elements of both."),        \
    METHOD("intersect", s_intersect, 1, 1, "def intersect(that: Iterable[A]): CC[A]", "The elements in both."), \
    METHOD("diff", s_diff, 1, 1, "def diff(that: Iterable[A]): CC[A]", "The elements not in that."),       \
    METHOD("+=", b_append, 1, -1, "def +=(elem: A): this.type", "Adds elem (mutable collections)."),       \
    METHOD("++=", b_append_all, 1, 1, "def ++=(xs: IterableOnce[A]): this.type", "Adds all of xs (mutable collections)."), \
    METHOD("-=", b_remove_elem, 1, 1, "def -=(elem: A): this.type", "Removes elem (mutable collections)."), \
    METHOD("clear", b_clear, 0, 0, "def clear(): Unit", "Removes every element (mutable collections)."),   \
    METHOD("remove", m_remove, 1, 1, "def remove(key): Option[V]", "Removes a key or index (mutable collections)."), \
    METHOD("get", o_get, 0, 1, "def get(key: K): Option[V]", "The value of key, if any (Option: the value).")

static const MethodDef seq_methods[] = {
    SEQ_COMMON,
    METHOD("apply", c_apply, 1, 1, "def apply(i: Int): A", "The element at index i."),
    METHOD("lift", c_lift, 1, 1, "def lift(i: Int): Option[A]", "The element at index i, if there is one."),
    METHOD("update", c_update, 2, 2, "def update(i: Int, x: A): Unit", "Replaces the element at index i (arrays, buffers)."),
    METHOD("updated", c_updated, 2, 2, "def updated(i: Int, x: A): CC[A]", "A copy with the element at index i replaced."),
    METHOD("indexOf", c_indexof, 1, 1, "def indexOf(elem: A): Int", "The index of elem, or -1."),
    METHOD("indexWhere", c_indexwhere, 1, 1, "def indexWhere(p: A => Boolean): Int", "The index of the first element satisfying p, or -1."),
    METHOD("indices", c_indices, 0, 0, "def indices: Range", "0 until length."),
    METHOD("by", r_by, 1, 1, "def by(step: Int): Range", "This range with another step (ranges)."),
    METHOD("sameElements", c_sameelements, 1, 1, "def sameElements(that: Iterable[A]): Boolean", "Whether both have equal elements in the same order."),
    METHOD_DATA("append", b_append, APPEND_RETURNS_UNIT, 1, -1, "def append(elem: A): Unit", "Appends elem (buffers)."),
    METHOD_DATA("add", b_append, APPEND_RETURNS_TRUE, 1, 1, "def add(e: E): Boolean", "Appends e (java.util.List)."),
    METHOD("enqueue", q_enqueue, 1, -1, "def enqueue(elems: A*): Unit", "Adds elems at the end (mutable.Queue)."),
    METHOD("dequeue", q_dequeue, 0, 0, "def dequeue(): A", "Removes and returns the first element (mutable.Queue)."),
    METHOD("hasNext", it_hasnext, 0, 0, "def hasNext: Boolean", "Whether the iterator has more elements."),
    METHOD("next", it_next, 0, 0, "def next(): A", "The iterator's next element."),
};
static const MethodDef map_methods[] = {
    SEQ_COMMON,
    METHOD("apply", c_apply, 1, 1, "def apply(key: K): V", "The value of key (NoSuchElementException when absent)."),
    METHOD("getOrElse", m_getorelse, 2, 2, "def getOrElse(key: K, default: => V): V", "The value of key, or default."),
    METHOD("put", m_put, 2, 2, "def put(key: K, value: V)", "Associates key with value (mutable and Java maps)."),
    METHOD("update", c_update, 2, 2, "def update(key: K, value: V): Unit", "Associates key with value (mutable maps)."),
    METHOD("updated", c_updated, 2, 2, "def updated(key: K, value: V): Map[K, V]", "A copy with key associated with value."),
    METHOD("keys", m_keyset, 0, 0, "def keys: Iterable[K]", "The keys (a Set, as in Scala)."),
    METHOD("keySet", m_keyset, 0, 0, "def keySet: Set[K]", "The keys, as a Set."),
    METHOD("values", m_values, 0, 0, "def values: Iterable[V]", "The values."),
    METHOD("mapValues", m_mapvalues, 1, 1, "def mapValues[W](f: V => W): Map[K, W]", "The map with f applied to every value."),
    METHOD("filterKeys", m_filterkeys, 1, 1, "def filterKeys(p: K => Boolean): Map[K, V]", "The entries whose key satisfies p."),
    METHOD("+", m_plus, 1, -1, "def +(kv: (K, V)): Map[K, V]", "A copy with the pair added."),
    METHOD("-", m_minus, 1, -1, "def -(key: K): Map[K, V]", "A copy without key."),
    METHOD("getOrElseUpdate", m_getorelseupdate, 2, 2, "def getOrElseUpdate(key: K, op: => V): V", "The value of key, storing op first when absent (mutable maps)."),
    METHOD("containsKey", m_containskey, 1, 1, "def containsKey(key: Object): Boolean", "Whether key is present (java.util.Map)."),
    METHOD("setProperty", m_setproperty, 2, 2, "def setProperty(key: String, value: String): Object", "Sets a property (java.util.Properties)."),
    METHOD("getProperty", m_getproperty, 1, 2, "def getProperty(key: String): String", "A property, or null (java.util.Properties)."),
};
static const MethodDef set_methods[] = {
    SEQ_COMMON,
    METHOD("apply", c_apply, 1, 1, "def apply(elem: A): Boolean", "Whether elem is in the set."),
    METHOD("+", m_plus, 1, -1, "def +(elem: A): Set[A]", "A copy with elem added."),
    METHOD("-", m_minus, 1, -1, "def -(elem: A): Set[A]", "A copy without elem."),
    METHOD("subsetOf", s_subsetof, 1, 1, "def subsetOf(that: Set[A]): Boolean", "Whether every element is in that."),
    METHOD("&", s_intersect, 1, 1, "def &(that: Set[A]): Set[A]", "Intersection."),
    METHOD("|", s_union, 1, 1, "def |(that: Set[A]): Set[A]", "Union."),
    METHOD("&~", s_diff, 1, 1, "def &~(that: Set[A]): Set[A]", "Difference."),
    METHOD("--", s_diff, 1, 1, "def --(xs: Iterable[A]): Set[A]", "A copy without the elements of xs."),
    METHOD_DATA("add", b_append, APPEND_RETURNS_TRUE, 1, 1, "def add(elem: A): Boolean", "Adds elem (mutable sets)."),
};
static const MethodDef option_methods[] = {
    METHOD("fold", c_fold, 1, 1, "def fold[B](ifEmpty: => B)(f: A => B): B", "ifEmpty when None, else f of the value."),
    SEQ_COMMON,
    METHOD("getOrElse", m_getorelse, 1, 1, "def getOrElse[B >: A](default: => B): B", "The value, or default when None."),
    METHOD("isDefined", o_isdefined, 0, 0, "def isDefined: Boolean", "Whether this is a Some."),
    METHOD("orElse", o_orelse, 1, 1, "def orElse[B >: A](alternative: => Option[B]): Option[B]", "This, or the alternative when None."),
    METHOD("orNull", o_ornull, 0, 0, "def orNull: A", "The value, or null when None."),
};
static const MethodDef tuple_methods[] = {
    METHOD("swap", t_swap, 0, 0, "def swap: (B, A)", "The pair with its elements swapped."),
    METHOD("productIterator", t_productiterator, 0, 0, "def productIterator: Iterator[Any]", "The elements."),
    METHOD("productArity", t_arity, 0, 0, "def productArity: Int", "The number of elements."),
};

static HostClass seq_cls = {.name = "Seq", .qualified = "scala.collection.Seq", HOST_METHODS(seq_methods),
                            .doc_url = "https://www.scala-lang.org/api/2.12.x/scala/collection/Seq.html"};
static HostClass map_cls = {.name = "Map", .qualified = "scala.collection.Map", HOST_METHODS(map_methods),
                            .doc_url = "https://www.scala-lang.org/api/2.12.x/scala/collection/Map.html"};
static HostClass set_cls = {.name = "Set", .qualified = "scala.collection.Set", HOST_METHODS(set_methods)};
static HostClass option_cls = {.name = "Option", .qualified = "scala.Option", HOST_METHODS(option_methods)};
static HostClass tuple_cls = {.name = "Tuple", .qualified = "scala.Product", HOST_METHODS(tuple_methods)};

void collections_init(Interp *I) {
    I->cls_seq = &seq_cls;
    I->cls_map = &map_cls;
    I->cls_set = &set_cls;
    I->cls_option = &option_cls;
    I->cls_tuple = &tuple_cls;
    seq_cls.parent = map_cls.parent = set_cls.parent = option_cls.parent = tuple_cls.parent = I->cls_any;
    HostClass *own[] = {&seq_cls, &map_cls, &set_cls, &option_cls, &tuple_cls};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) interp_register_class(I, own[i]);
    companions_init(I);
}
