/* coll_maps.c — the methods that belong to one family of collections: mutable sequences
 * (ArrayBuffer, java.util.ArrayList, Iterator), maps (Scala, mutable, java.util.HashMap,
 * Properties), sets, options and tuples. The method tables in collections.c list them.
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- mutable sequences (ArrayBuffer, java.util.ArrayList, Iterator) ---- */

static bool need_mutable_seq(Call *c) {
    if (c->self.t == T_SEQ && (seq_kind_buffer(as_seq(c->self)->kind) || as_seq(c->self)->kind == SEQ_JLIST)) return true;
    return interp_throw(c->I, "error", "value %s is not a member of an immutable collection (use ArrayBuffer)", c->name);
}
bool b_append(Call *c, Value *out) {
    if (c->self.t == T_MAP || c->self.t == T_SET) {   /* mutable Map/Set += */
        MapObj *m = as_map(c->self);
        if (m->kind == MAP_SCALA) return interp_throw(c->I, "error", "value %s is not a member of an immutable %s", c->name, m->is_set ? "Set" : "Map");
        for (int i = 0; i < c->argc; i++) {
            Value x = c->argv[i];
            if (m->is_set) { val_incref(x); map_put(c->self, x, v_unit()); continue; }
            if (x.t != T_TUPLE || as_tuple(x)->n != 2) return interp_throw(c->I, "error", "Map += needs a (key, value) pair");
            val_incref(as_tuple(x)->items[0]); val_incref(as_tuple(x)->items[1]);
            map_put(c->self, as_tuple(x)->items[0], as_tuple(x)->items[1]);
        }
        val_incref(c->self);
        *out = c->self;
        return true;
    }
    if (!need_mutable_seq(c)) return false;
    for (int i = 0; i < c->argc; i++) { val_incref(c->argv[i]); seq_push(c->self, c->argv[i]); }
    if (CALL_TAG(c) == APPEND_RETURNS_TRUE) { *out = v_bool(true); return true; }
    if (CALL_TAG(c) == APPEND_RETURNS_UNIT) { *out = v_unit(); return true; }
    val_incref(c->self);
    *out = c->self;
    return true;
}
bool b_append_all(Call *c, Value *out) {
    Value *a; size_t n;
    if (!iter_items(c->I, c->argv[0], &a, &n)) return interp_throw(c->I, "error", "++= needs a collection");
    Call c2 = *c;
    c2.argc = (int)n;
    c2.argv = a;
    bool ok = b_append(&c2, out);
    free_items(a, n);
    return ok;
}
bool b_remove_elem(Call *c, Value *out) {   /* buffer -= x, map -= k, set -= x */
    if (c->self.t == T_MAP || c->self.t == T_SET) {
        if (as_map(c->self)->kind == MAP_SCALA) return interp_throw(c->I, "error", "value -= is not a member of an immutable collection");
        map_remove(c->self, c->argv[0]);
    } else {
        if (!need_mutable_seq(c)) return false;
        SeqObj *s = as_seq(c->self);
        for (size_t i = 0; i < s->len; i++) {
            if (!val_equals(s->items[i], c->argv[0])) continue;
            Value old = s->items[i];
            memmove(s->items + i, s->items + i + 1, (s->len - i - 1) * sizeof(Value));
            s->len--;
            val_decref(old);
            break;
        }
    }
    val_incref(c->self);
    *out = c->self;
    return true;
}
bool b_clear(Call *c, Value *out) {
    *out = v_unit();
    if (c->self.t == T_MAP || c->self.t == T_SET) {
        MapObj *m = as_map(c->self);
        for (size_t i = 0; i < m->used; i++) if (m->entries[i].live) map_remove(c->self, m->entries[i].key);
        return true;
    }
    if (!need_mutable_seq(c)) return false;
    SeqObj *s = as_seq(c->self);
    while (s->len) val_decref(s->items[--s->len]);
    return true;
}
/* What a Java map's get/put/remove give for an absent key: null, which Scala unboxes to the zero
 * of a primitive value type (new java.util.HashMap[String, Int]: hm.get("x") is 0). */
static Value java_absent(Value map) {
    const char *t = as_map(map)->val_type;
    if (!t) return v_null();
    if (!strcmp(t, "Int") || !strcmp(t, "Short") || !strcmp(t, "Byte")) return v_int(0);
    if (!strcmp(t, "Long")) return v_long(0);
    if (!strcmp(t, "Double")) return v_double(0);
    if (!strcmp(t, "Float")) return v_float(0);
    if (!strcmp(t, "Boolean")) return v_bool(false);
    if (!strcmp(t, "Char")) return v_char(0);
    return v_null();
}
static bool b_get(Call *c, Value *out) {   /* java.util.ArrayList.get / Map.get */
    if (c->self.t == T_MAP) {
        Value v;
        bool java = as_map(c->self)->kind == MAP_JAVA || as_map(c->self)->kind == MAP_PROPERTIES;
        if (map_get(c->self, c->argv[0], &v)) { val_incref(v); *out = java ? v : some_new(v); }
        else *out = java ? java_absent(c->self) : v_none();
        return true;
    }
    return c_apply(c, out);
}
/* q.enqueue(x, y): appends, and is a Unit statement (+= gives the queue) */
bool q_enqueue(Call *c, Value *out) {
    Value r;
    if (!b_append(c, &r)) return false;
    val_decref(r);
    *out = v_unit();
    return true;
}
bool q_dequeue(Call *c, Value *out) {
    if (!need_mutable_seq(c)) return false;
    SeqObj *s = as_seq(c->self);
    if (!s->len) return interp_throw(c->I, "java.util.NoSuchElementException", "queue empty");
    *out = s->items[0];
    memmove(s->items, s->items + 1, (s->len - 1) * sizeof(Value));
    s->len--;
    return true;
}
bool it_hasnext(Call *c, Value *out) { *out = v_bool(as_seq(c->self)->len > 0); return true; }
bool it_next(Call *c, Value *out) {
    SeqObj *s = as_seq(c->self);
    if (!s->len) return interp_throw(c->I, "java.util.NoSuchElementException", "next on empty iterator");
    *out = s->items[0];
    memmove(s->items, s->items + 1, (s->len - 1) * sizeof(Value));
    s->len--;
    return true;
}

/* ---- maps ---- */

static bool need_map(Call *c) {
    if (c->self.t == T_MAP) return true;
    return interp_throw(c->I, "error", "value %s is not a member of this collection", c->name);
}
bool m_getorelse(Call *c, Value *out) {
    if (c->self.t == T_SOME) { *out = as_some(c->self)->v; val_incref(*out); return true; }
    if (c->self.t == T_NONE) return arg_force(c, 0, out);   /* default: => B */
    if (!need_map(c)) return false;
    Value v;
    if (map_get(c->self, c->argv[0], &v)) { val_incref(v); *out = v; return true; }
    return arg_force(c, 1, out);
}
bool m_put(Call *c, Value *out) {
    if (!need_map(c)) return false;
    if (as_map(c->self)->kind == MAP_SCALA) return interp_throw(c->I, "error", "value put is not a member of an immutable Map");
    Value old;
    bool had = map_get(c->self, c->argv[0], &old);
    bool java = as_map(c->self)->kind != MAP_MUTABLE;
    if (had) { val_incref(old); *out = java ? old : some_new(old); }
    else *out = java ? java_absent(c->self) : v_none();
    val_incref(c->argv[0]); val_incref(c->argv[1]);
    map_put(c->self, c->argv[0], c->argv[1]);
    return true;
}
bool m_remove(Call *c, Value *out) {
    if (c->self.t == T_SEQ) {   /* buffer.remove(i) */
        int64_t i;
        if (!need_mutable_seq(c) || !arg_long(c, 0, &i)) return false;
        SeqObj *s = as_seq(c->self);
        if (i < 0 || (size_t)i >= s->len) return interp_throw(c->I, "java.lang.IndexOutOfBoundsException", "%lld", (long long)i);
        *out = s->items[i];
        memmove(s->items + i, s->items + i + 1, (s->len - (size_t)i - 1) * sizeof(Value));
        s->len--;
        return true;
    }
    if (!need_map(c)) return false;
    Value old;
    bool java = as_map(c->self)->kind != MAP_MUTABLE;
    if (map_get(c->self, c->argv[0], &old)) { val_incref(old); *out = java ? old : some_new(old); map_remove(c->self, c->argv[0]); }
    else *out = java ? java_absent(c->self) : v_none();
    return true;
}
static bool m_keys(Call *c, Value *out, bool values, bool as_set) {
    if (!need_map(c)) return false;
    map_scala_order(c->self);
    MapObj *m = as_map(c->self);
    /* a mutable map's key set iterates in the map's order (not re-hashed as an immutable Set) */
    SeqKind vk = m->kind == MAP_MUTABLE ? SEQ_MVALUES : m->kind != MAP_SCALA || m->general ? SEQ_LIST :
                 m->len > 4 ? SEQ_HASHVALUES : SEQ_VALUES;
    Value r = as_set ? map_new(m->kind == MAP_MUTABLE ? MAP_MUTABLE : MAP_SCALA, true) : seq_new(vk, m->len);
    for (size_t i = 0; i < m->used; i++) {
        if (!m->entries[i].live) continue;
        Value x = values ? m->entries[i].val : m->entries[i].key;
        val_incref(x);
        if (as_set) map_put(r, x, v_unit());
        else seq_push(r, x);
    }
    *out = r;
    return true;
}
bool m_keyset(Call *c, Value *out) { return m_keys(c, out, false, true); }
bool m_values(Call *c, Value *out) { return m_keys(c, out, true, false); }
bool m_mapvalues(Call *c, Value *out) {
    if (!need_map(c) || !want_fn(c, 0)) return false;
    map_scala_order(c->self);
    MapObj *m = as_map(c->self);
    Value r = map_new(MAP_SCALA, false);
    for (size_t i = 0; i < m->used; i++) {
        if (!m->entries[i].live) continue;
        Value v;
        if (!call1(c->I, c->argv[0], m->entries[i].val, &v)) { val_decref(r); return false; }
        val_incref(m->entries[i].key);
        map_put(r, m->entries[i].key, v);
    }
    *out = r;
    return true;
}
bool m_filterkeys(Call *c, Value *out) {
    if (!need_map(c) || !want_fn(c, 0)) return false;
    map_scala_order(c->self);
    MapObj *m = as_map(c->self);
    Value r = map_new(MAP_SCALA, false);
    for (size_t i = 0; i < m->used; i++) {
        if (!m->entries[i].live) continue;
        Value b;
        bool keep = false;
        if (!call1(c->I, c->argv[0], m->entries[i].key, &b) || !bool_result(c->I, b, &keep)) { val_decref(r); return false; }
        if (!keep) continue;
        val_incref(m->entries[i].key); val_incref(m->entries[i].val);
        map_put(r, m->entries[i].key, m->entries[i].val);
    }
    *out = r;
    return true;
}
bool m_plus(Call *c, Value *out) {   /* map + (k -> v), set + x */
    Value *a; size_t n;
    if (c->self.t != T_MAP && c->self.t != T_SET) {
        if (c->self.t == T_SEQ || c->self.t == T_RANGE)
            return interp_throw(c->I, "error", "value + is not a member of a sequence (use :+ to append)");
        return interp_throw(c->I, "error", "value + is not a member of this value");
    }
    if (!self_items(c, &a, &n)) return false;
    Value r = rebuild_like(c->self, a, n);
    free(a);
    for (int i = 0; i < c->argc; i++) {
        Value x = c->argv[i];
        if (c->self.t == T_SET) { val_incref(x); map_put(r, x, v_unit()); continue; }
        if (x.t != T_TUPLE || as_tuple(x)->n != 2) { val_decref(r); return interp_throw(c->I, "error", "Map + needs a (key, value) pair"); }
        val_incref(as_tuple(x)->items[0]); val_incref(as_tuple(x)->items[1]);
        map_put(r, as_tuple(x)->items[0], as_tuple(x)->items[1]);
    }
    *out = r;
    return true;
}
bool m_minus(Call *c, Value *out) {
    if (c->self.t != T_MAP && c->self.t != T_SET) return interp_throw(c->I, "error", "value - is not a member of this collection");
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    Value r = rebuild_like(c->self, a, n);
    free(a);
    for (int i = 0; i < c->argc; i++) map_remove(r, c->argv[i]);
    *out = r;
    return true;
}
bool m_getorelseupdate(Call *c, Value *out) {
    if (!need_map(c)) return false;
    Value v;
    if (map_get(c->self, c->argv[0], &v)) { val_incref(v); *out = v; return true; }
    if (!arg_force(c, 1, &v)) return false;           /* op: => V, evaluated only when absent */
    val_incref(c->argv[0]); val_incref(v);
    map_put(c->self, c->argv[0], v);
    *out = v;
    return true;
}
bool m_setproperty(Call *c, Value *out) { return m_put(c, out); }
bool m_getproperty(Call *c, Value *out) {
    Value v;
    if (c->self.t == T_MAP && map_get(c->self, c->argv[0], &v)) { val_incref(v); *out = v; return true; }
    if (c->argc > 1) { val_incref(c->argv[1]); *out = c->argv[1]; return true; }
    *out = v_null();
    return true;
}
bool m_containskey(Call *c, Value *out) { return need_map(c) && c_contains(c, out); }

/* ---- sets ---- */

static bool set_op(Call *c, Value *out, int op /* 0 union, 1 intersect, 2 diff */) {
    Value *a, *b; size_t na, nb;
    if (!self_items(c, &a, &na)) return false;
    if (!iter_items(c->I, c->argv[0], &b, &nb)) { free_items(a, na); return interp_throw(c->I, "error", "%s needs a collection", c->name); }
    Value other = map_new(MAP_SCALA, true);
    for (size_t i = 0; i < nb; i++) { val_incref(b[i]); map_put(other, b[i], v_unit()); }
    size_t k = 0;
    Value *r = alloc_items(na + nb);
    for (size_t i = 0; i < na; i++) {
        bool in = map_get(other, a[i], NULL);
        if (op == 0 || (op == 1 && in) || (op == 2 && !in)) r[k++] = a[i];
        else val_decref(a[i]);
    }
    if (op == 0) for (size_t i = 0; i < nb; i++) { r[k++] = b[i]; val_incref(b[i]); }
    free(a);
    free_items(b, nb);
    val_decref(other);
    if (op == 0 && c->self.t != T_SET) { *out = rebuild_like(c->self, r, k); free(r); return true; }
    *out = rebuild_like(c->self, r, k);
    free(r);
    return true;
}
bool s_union(Call *c, Value *out) { return set_op(c, out, 0); }
bool s_intersect(Call *c, Value *out) { return set_op(c, out, 1); }
bool s_diff(Call *c, Value *out) { return set_op(c, out, 2); }
bool s_subsetof(Call *c, Value *out) {
    Value *a; size_t n;
    if (!self_items(c, &a, &n)) return false;
    bool all = c->argv[0].t == T_SET || c->argv[0].t == T_MAP;
    for (size_t i = 0; i < n && all; i++) all = map_get(c->argv[0], a[i], NULL);
    free_items(a, n);
    *out = v_bool(all);
    return true;
}

/* ---- options ---- */

bool o_get(Call *c, Value *out) {
    if (c->self.t == T_NONE) return interp_throw(c->I, "java.util.NoSuchElementException", "None.get");
    if (c->self.t != T_SOME && c->argc != 1) return interp_throw(c->I, "error", "missing argument for method get");
    if (c->self.t == T_MAP) return b_get(c, out);
    if (c->self.t == T_SEQ) return c_apply(c, out);
    *out = as_some(c->self)->v;
    val_incref(*out);
    return true;
}
bool o_isdefined(Call *c, Value *out) { *out = v_bool(c->self.t == T_SOME); return true; }
bool o_orelse(Call *c, Value *out) {
    if (c->self.t != T_SOME) return arg_force(c, 0, out);   /* alternative: => Option[B] */
    val_incref(c->self);
    *out = c->self;
    return true;
}
bool o_ornull(Call *c, Value *out) {
    if (c->self.t == T_SOME) { *out = as_some(c->self)->v; val_incref(*out); }
    else *out = v_null();
    return true;
}

/* ---- tuples ---- */

bool t_swap(Call *c, Value *out) {
    TupleObj *t = as_tuple(c->self);
    if (t->n != 2) return interp_throw(c->I, "error", "value swap is not a member of Tuple%d", t->n);
    return pair_of((val_incref(t->items[1]), t->items[1]), (val_incref(t->items[0]), t->items[0]), out);
}
bool t_productiterator(Call *c, Value *out) {
    TupleObj *t = as_tuple(c->self);
    Value s = seq_new(SEQ_LIST, (size_t)t->n);
    for (int i = 0; i < t->n; i++) { val_incref(t->items[i]); seq_push(s, t->items[i]); }
    *out = s;
    return true;
}
bool t_arity(Call *c, Value *out) { *out = v_int(as_tuple(c->self)->n); return true; }
