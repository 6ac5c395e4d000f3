/* coll_items.c — what every collection method works with: the items of any iterable
 * (iter_items), a result of the receiver's family (rebuild_like), a stable merge sort whose
 * comparator may fail (sort_items), and calling a method's function argument over items.
 */
#include "lang/internal.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/* ---- items ---- */

void free_items(Value *items, size_t n) {
    if (!items) return;
    for (size_t i = 0; i < n; i++) val_decref(items[i]);
    free(items);
}

void decref_range(Value *items, size_t n) {
    for (size_t i = 0; i < n; i++) val_decref(items[i]);
}

Value *alloc_items(size_t n) {
    return mem_calloc(n ? n : 1, sizeof(Value));
}

bool iter_items(Interp *I, Value v, Value **items, size_t *n) {
    (void)I;
    switch ((VType)v.t) {
    case T_SEQ: {
        SeqObj *s = as_seq(v);
        Value *out = alloc_items(s->len);
        for (size_t i = 0; i < s->len; i++) { out[i] = s->items[i]; val_incref(out[i]); }
        *items = out; *n = s->len;
        return true;
    }
    case T_RANGE: {
        RangeObj *r = as_range(v);
        size_t len = range_len(r);
        if (len > (size_t)1 << 28) return false;
        Value *out = alloc_items(len);
        for (size_t i = 0; i < len; i++) {
            int64_t x = r->start + (int64_t)i * r->step;
            out[i] = r->is_long ? v_long(x) : v_int((int32_t)x);
        }
        *items = out; *n = len;
        return true;
    }
    case T_MAP: case T_SET: {
        map_scala_order(v);
        MapObj *m = as_map(v);
        Value *out = alloc_items(m->len);
        size_t k = 0;
        for (size_t i = 0; i < m->used; i++) {
            MapEntry *e = &m->entries[i];
            if (!e->live) continue;
            val_incref(e->key);
            if (m->is_set) out[k++] = e->key;
            else { val_incref(e->val); Value kv[2] = {e->key, e->val}; out[k++] = tuple_new(2, kv); }
        }
        *items = out; *n = k;
        return true;
    }
    case T_SOME: {
        Value *out = alloc_items(1);
        out[0] = as_some(v)->v;
        val_incref(out[0]);
        *items = out; *n = 1;
        return true;
    }
    case T_NONE: *items = alloc_items(0); *n = 0; return true;
    case T_STR: {
        StrObj *s = as_str(v);
        Value *out = alloc_items(s->len);
        size_t k = 0;
        for (size_t i = 0; i < s->len;) {   /* UTF-8 → code points */
            unsigned char c = (unsigned char)s->s[i];
            uint32_t cp = c;
            int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
            if (extra) cp = c & (0x3F >> extra);
            i++;
            for (int j = 0; j < extra && i < s->len; j++, i++) cp = (cp << 6) | ((unsigned char)s->s[i] & 0x3F);
            out[k++] = v_char(cp);
        }
        *items = out; *n = k;
        return true;
    }
    default: return false;
    }
}

Value seq_from(SeqKind kind, Value *items, size_t n) {
    Value s = seq_new(kind, n);
    SeqObj *so = as_seq(s);
    if (n) memcpy(so->items, items, n * sizeof(Value));
    so->len = n;
    return s;
}

Value rebuild_built(Value like, Value *items, size_t n) {
    if (like.t == T_SEQ && as_seq(like)->kind == SEQ_WRAPPED) return seq_from(SEQ_BUFFER, items, n);
    return rebuild_like(like, items, n);
}

Value rebuild_like(Value like, Value *items, size_t n) {
    switch ((VType)like.t) {
    case T_SEQ: {
        SeqKind k = (SeqKind)as_seq(like)->kind;
        /* a CompactBuffer builds Seqs, a Map's values Lists */
        return seq_from(k == SEQ_COMPACT || seq_kind_values(k) ? SEQ_LIST : k, items, n);
    }
    case T_RANGE: return seq_from(SEQ_VECTOR, items, n);
    case T_SET: {
        Value s = map_new((MapKind)as_map(like)->kind, true);
        for (size_t i = 0; i < n; i++) map_put(s, items[i], v_unit());
        return s;
    }
    case T_MAP: {
        bool pairs = true;
        for (size_t i = 0; i < n && pairs; i++) pairs = items[i].t == T_TUPLE && as_tuple(items[i])->n == 2;
        if (!pairs) return seq_from(SEQ_LIST, items, n);
        Value m = map_new((MapKind)as_map(like)->kind, false);
        for (size_t i = 0; i < n; i++) {
            TupleObj *t = as_tuple(items[i]);
            val_incref(t->items[0]); val_incref(t->items[1]);
            map_put(m, t->items[0], t->items[1]);
            val_decref(items[i]);
        }
        return m;
    }
    case T_SOME: case T_NONE: {
        if (n == 0) return v_none();
        for (size_t i = 1; i < n; i++) val_decref(items[i]);
        return some_new(items[0]);
    }
    case T_STR: {
        bool chars = true;
        for (size_t i = 0; i < n && chars; i++) chars = items[i].t == T_CHAR;
        if (!chars) return seq_from(SEQ_VECTOR, items, n);
        StrBuf sb; sb_init(&sb);
        for (size_t i = 0; i < n; i++) sb_utf8(&sb, items[i].u.c);
        if (!sb.s) sb_add(&sb, "", 0);
        return str_take(sb_take(&sb));
    }
    default: return seq_from(SEQ_LIST, items, n);
    }
}

/* The receiver's items, or an exception. */
bool self_items(Call *c, Value **items, size_t *n) {
    if (iter_items(c->I, c->self, items, n)) return true;
    return interp_throw(c->I, "error", "value %s is not a member of this value", c->name ? c->name : "?");
}

/* ---- a stable merge sort whose comparator may fail ---- */

typedef struct { Interp *I; Value key_fn; Value lt_fn; bool failed; bool desc; } SortCtx;

static int sort_cmp(SortCtx *sc, Value a, Value b) {
    if (sc->failed) return 0;
    if (sc->lt_fn.t == T_FUNC) {
        Value args[2] = {a, b}, r;
        if (!interp_call(sc->I, sc->lt_fn, 2, args, &r)) { sc->failed = true; return 0; }
        bool lt = r.t == T_BOOL && r.u.b;
        val_decref(r);
        if (lt) return -1;
        args[0] = b; args[1] = a;
        if (!interp_call(sc->I, sc->lt_fn, 2, args, &r)) { sc->failed = true; return 0; }
        lt = r.t == T_BOOL && r.u.b;
        val_decref(r);
        return lt ? 1 : 0;
    }
    bool ok;
    int c = val_compare(a, b, &ok);
    if (!ok) {
        char *ta = val_type_name(sc->I, a);
        interp_throw(sc->I, "error", "No implicit Ordering defined for %s", ta);
        free(ta);
        sc->failed = true;
        return 0;
    }
    return sc->desc ? -c : c;
}

static void merge_sort(SortCtx *sc, Value *keys, Value *vals, size_t n, Value *tk, Value *tv) {
    if (n < 2 || sc->failed) return;
    size_t h = n / 2;
    merge_sort(sc, keys, vals, h, tk, tv);
    merge_sort(sc, keys + h, vals + h, n - h, tk, tv);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (sort_cmp(sc, keys[j], keys[i]) < 0) { tk[k] = keys[j]; tv[k++] = vals[j++]; }
        else { tk[k] = keys[i]; tv[k++] = vals[i++]; }
    }
    while (i < h) { tk[k] = keys[i]; tv[k++] = vals[i++]; }
    while (j < n) { tk[k] = keys[j]; tv[k++] = vals[j++]; }
    memcpy(keys, tk, n * sizeof(Value));
    memcpy(vals, tv, n * sizeof(Value));
}

/* Sorts items in place by key_fn(item) (or the items themselves), or with lt_fn. */
bool sort_items(Interp *I, Value *items, size_t n, Value key_fn, Value lt_fn, bool desc) {
    return sort_items2(I, items, n, key_fn, v_unit(), lt_fn, desc);
}

/* sort_items by key2(key_fn(item)) (each function skipped when not a function): sortBy(f) with
 * an Ordering.by(g) */
bool sort_items2(Interp *I, Value *items, size_t n, Value key_fn, Value key2, Value lt_fn, bool desc) {
    SortCtx sc = {I, key_fn, lt_fn, false, desc};
    Value *keys = alloc_items(n), *tk = alloc_items(n), *tv = alloc_items(n);
    size_t made = 0;
    for (; made < n; made++) {
        if (key_fn.t == T_FUNC) {
            if (!interp_call(I, key_fn, 1, &items[made], &keys[made])) { sc.failed = true; break; }
        } else { keys[made] = items[made]; val_incref(keys[made]); }
        if (key2.t == T_FUNC) {
            Value k2;
            if (!interp_call(I, key2, 1, &keys[made], &k2)) { val_decref(keys[made]); sc.failed = true; break; }
            val_decref(keys[made]);
            keys[made] = k2;
        }
    }
    if (!sc.failed) merge_sort(&sc, keys, items, n, tk, tv);
    free_items(keys, made);
    free(tk);
    free(tv);
    return !sc.failed;
}

/* ---- calling the function argument over items ---- */

bool call1(Interp *I, Value fn, Value x, Value *out) { return interp_call(I, fn, 1, &x, out); }

bool want_fn(Call *c, int i) {
    if (i < c->argc && (c->argv[i].t == T_FUNC || c->argv[i].t == T_MAP || c->argv[i].t == T_SET ||
                        c->argv[i].t == T_SEQ || c->argv[i].t == T_HOST || c->argv[i].t == T_OBJECT))
        return true;
    return interp_throw(c->I, "error", "type mismatch: %s needs a function argument", c->name);
}

bool bool_result(Interp *I, Value r, bool *b) {
    if (r.t != T_BOOL) {
        val_decref(r);
        return interp_throw(I, "error", "type mismatch: the predicate did not return a Boolean");
    }
    *b = r.u.b;
    return true;
}
