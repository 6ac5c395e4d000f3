/* value.c — heap objects: creation, reference counting, the cycle collector, equality,
 * hashing and ordering of values, insertion-ordered hash maps, and the string intern table.
 *
 * The collector (gc_collect) is trial deletion: for every tracked container, start from its
 * reference count and subtract the references other tracked containers hold; what is left over
 * is held from outside (C locals, the kernel, another thread's context). Everything reachable
 * from such objects survives; the rest is garbage cycles and is freed. It can run whenever no
 * half-built object exists, which the evaluator guarantees at statement boundaries.
 */
#include "lang/value.h"
#include "lang/ast.h"
#include "util/mem.h"
#include "lang/interp.h"
#include "lang/internal.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every value's memory goes through util/mem.h: counted against the budget. */
#define xmalloc mem_alloc
#define xcalloc mem_calloc
#define xrealloc mem_realloc

/* ---- the list of tracked containers ---- */

static Obj gc_head = {.gc_prev = &gc_head, .gc_next = &gc_head};
static size_t gc_count;

static void gc_track(Obj *o) {
    o->tracked = 1;
    o->gc_next = &gc_head;
    o->gc_prev = gc_head.gc_prev;
    gc_head.gc_prev->gc_next = o;
    gc_head.gc_prev = o;
    gc_count++;
}
static void gc_untrack(Obj *o) {
    if (!o->tracked) return;
    o->gc_prev->gc_next = o->gc_next;
    o->gc_next->gc_prev = o->gc_prev;
    o->tracked = 0;
    gc_count--;
}
size_t gc_tracked(void) { return gc_count; }

static Obj *obj_alloc(size_t size, VType type, bool container) {
    Obj *o = xcalloc(1, size);
    o->rc = 1;
    o->type = (uint8_t)type;
    if (container) gc_track(o);
    return o;
}

/* ---- constructors ---- */

Value str_new(const char *s, size_t len) {
    StrObj *o = (StrObj *)obj_alloc(sizeof(StrObj) + len + 1, T_STR, false);
    if (len) memcpy(o->s, s, len);
    o->s[len] = 0;
    o->len = len;
    return v_obj(&o->h);
}
Value str_cstr(const char *s) { return str_new(s, strlen(s)); }
Value str_take(char *s) { Value v = str_cstr(s); free(s); return v; }
Value str_printf(const char *fmt, ...) {
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) return str_new("", 0);
    return str_take(s);
}

Value tuple_new(int n, const Value *items) {
    TupleObj *o = (TupleObj *)obj_alloc(sizeof(TupleObj) + (size_t)n * sizeof(Value), T_TUPLE, true);
    o->n = n;
    if (n) memcpy(o->items, items, (size_t)n * sizeof(Value));
    return v_obj(&o->h);
}

Value seq_new(SeqKind kind, size_t cap) {
    SeqObj *o = (SeqObj *)obj_alloc(sizeof(SeqObj), T_SEQ, true);
    o->kind = (uint8_t)kind;
    o->cap = cap;
    o->items = cap ? xmalloc(cap * sizeof(Value)) : NULL;
    return v_obj(&o->h);
}
void seq_push(Value seq, Value item) {
    SeqObj *s = as_seq(seq);
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->items = xrealloc(s->items, s->cap * sizeof(Value));
    }
    s->items[s->len++] = item;
}

Value range_new(int64_t start, int64_t end, int64_t step, bool inclusive, bool is_long) {
    RangeObj *o = (RangeObj *)obj_alloc(sizeof(RangeObj), T_RANGE, false);
    o->start = start; o->end = end; o->step = step ? step : 1;
    o->inclusive = inclusive; o->is_long = is_long;
    return v_obj(&o->h);
}
size_t range_len(const RangeObj *r) {
    if (r->step > 0) {
        if (r->start > r->end || (!r->inclusive && r->start == r->end)) return 0;
        uint64_t span = (uint64_t)(r->end - r->start);
        uint64_t n = span / (uint64_t)r->step;
        if (r->inclusive || span % (uint64_t)r->step) n++;
        return (size_t)n;
    }
    if (r->start < r->end || (!r->inclusive && r->start == r->end)) return 0;
    uint64_t span = (uint64_t)(r->start - r->end), st = (uint64_t)(-r->step);
    uint64_t n = span / st;
    if (r->inclusive || span % st) n++;
    return (size_t)n;
}

Value some_new(Value v) {
    SomeObj *o = (SomeObj *)obj_alloc(sizeof(SomeObj), T_SOME, true);
    o->v = v;
    return v_obj(&o->h);
}

Value func_new_closure(const char *name, Node *def, Env *env) {
    FuncObj *o = (FuncObj *)obj_alloc(sizeof(FuncObj), T_FUNC, true);
    o->name = name;
    o->def = def;
    o->src = def ? def->src : NULL;
    source_retain(o->src);
    o->env = env;
    if (env) env->h.rc++;
    o->self = v_unit();
    o->arity = -1;
    return v_obj(&o->h);
}
Value func_new_native(const char *name, NativeFn fn, Value self, int arity, void *data) {
    FuncObj *o = (FuncObj *)obj_alloc(sizeof(FuncObj), T_FUNC, true);
    o->name = name;
    o->native = fn;
    o->self = self;
    val_incref(self);
    o->arity = arity;
    o->data = data;
    return v_obj(&o->h);
}

Env *env_new(Env *parent) {
    Env *e = (Env *)obj_alloc(sizeof(Env), T_ENV, true);
    e->parent = parent;
    if (parent) parent->h.rc++;
    return e;
}

Value class_new(const char *name, Node *def, Env *env, bool is_case) {
    ClassObj *c = (ClassObj *)obj_alloc(sizeof(ClassObj), T_CLASS, true);
    c->name = name;
    c->def = def;
    c->src = def ? def->src : NULL;
    source_retain(c->src);
    c->env = env;
    if (env) env->h.rc++;
    c->is_case = is_case;
    return v_obj(&c->h);
}

Value inst_new(ClassObj *cls, Env *fields) {
    InstObj *in = (InstObj *)obj_alloc(sizeof(InstObj), T_OBJECT, true);
    in->cls = cls;
    cls->h.rc++;
    in->fields = fields;
    return v_obj(&in->h);
}

Value exc_new(const char *cls, Value msg) {
    ExcObj *o = (ExcObj *)obj_alloc(sizeof(ExcObj), T_EXC, true);
    o->cls = intern(cls);
    o->msg = msg;
    o->cause = v_null();
    return v_obj(&o->h);
}

Value host_new(const HostClass *cls, void *data) {
    HostObj *o = (HostObj *)obj_alloc(sizeof(HostObj), T_HOST, true);
    o->cls = cls;
    o->data = data;
    return v_obj(&o->h);
}

/* ---- environments ---- */

static uint64_t ptr_hash(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33;
    return x;
}

static void env_reindex(Env *e) {
    free(e->buckets);
    e->nbuckets = 64;
    while (e->nbuckets < e->cap * 2) e->nbuckets *= 2;
    e->buckets = xmalloc((size_t)e->nbuckets * sizeof(int));
    for (int i = 0; i < e->nbuckets; i++) e->buckets[i] = -1;
    for (int i = 0; i < e->len; i++) {
        size_t b = ptr_hash(e->slots[i].name) & (size_t)(e->nbuckets - 1);
        while (e->buckets[b] >= 0) b = (b + 1) & (size_t)(e->nbuckets - 1);
        e->buckets[b] = i;
    }
}

Slot *env_find_local(Env *e, const char *name) {
    if (e->buckets) {
        size_t b = ptr_hash(name) & (size_t)(e->nbuckets - 1);
        for (int i; (i = e->buckets[b]) >= 0; b = (b + 1) & (size_t)(e->nbuckets - 1))
            if (e->slots[i].name == name) return &e->slots[i];
        return NULL;
    }
    for (int i = e->len - 1; i >= 0; i--)
        if (e->slots[i].name == name) return &e->slots[i];
    return NULL;
}

Slot *env_lookup(Env *e, const char *name) {
    for (; e; e = e->parent) {
        Slot *s = env_find_local(e, name);
        if (s) return s;
    }
    return NULL;
}

void env_define(Env *e, const char *name, Value v, uint8_t flags) {
    Slot *s = env_find_local(e, name);
    if (s) {
        Value old = s->v;
        s->v = v;
        s->flags = flags;
        val_decref(old);
        return;
    }
    if (e->len == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 4;
        e->slots = xrealloc(e->slots, (size_t)e->cap * sizeof(Slot));
    }
    e->slots[e->len].name = name;
    e->slots[e->len].v = v;
    e->slots[e->len].flags = flags;
    e->len++;
    if (e->buckets && e->len * 2 <= e->nbuckets) {
        size_t b = ptr_hash(name) & (size_t)(e->nbuckets - 1);
        while (e->buckets[b] >= 0) b = (b + 1) & (size_t)(e->nbuckets - 1);
        e->buckets[b] = e->len - 1;
    } else if (e->len > 16) {
        env_reindex(e);
    }
}

/* ---- traversal: every reference a container holds ---- */

static void traverse(Obj *o, VisitFn visit, void *ctx) {
    switch ((VType)o->type) {
    case T_TUPLE: {
        TupleObj *t = (TupleObj *)o;
        for (int i = 0; i < t->n; i++) visit(t->items[i], ctx);
        break;
    }
    case T_SEQ: {
        SeqObj *s = (SeqObj *)o;
        for (size_t i = 0; i < s->len; i++) visit(s->items[i], ctx);
        break;
    }
    case T_MAP: case T_SET: {
        MapObj *m = (MapObj *)o;
        for (size_t i = 0; i < m->used; i++)
            if (m->entries[i].live) { visit(m->entries[i].key, ctx); visit(m->entries[i].val, ctx); }
        break;
    }
    case T_SOME: visit(((SomeObj *)o)->v, ctx); break;
    case T_FUNC: {
        FuncObj *f = (FuncObj *)o;
        if (f->env) visit(v_env(f->env), ctx);
        visit(f->self, ctx);
        break;
    }
    case T_ENV: {
        Env *e = (Env *)o;
        if (e->parent) visit(v_env(e->parent), ctx);
        for (int i = 0; i < e->len; i++) visit(e->slots[i].v, ctx);
        break;
    }
    case T_OBJECT: {
        InstObj *in = (InstObj *)o;
        if (in->cls) visit(v_obj(&in->cls->h), ctx);
        if (in->fields) visit(v_env(in->fields), ctx);
        break;
    }
    case T_CLASS: {
        ClassObj *c = (ClassObj *)o;
        if (c->env) visit(v_env(c->env), ctx);
        break;
    }
    case T_EXC: {
        ExcObj *x = (ExcObj *)o;
        visit(x->msg, ctx);
        visit(x->cause, ctx);
        break;
    }
    case T_HOST: {
        HostObj *h = (HostObj *)o;
        if (h->data && h->cls->traverse) h->cls->traverse(h->data, visit, ctx);
        break;
    }
    default: break;
    }
}

/* Drops every reference a container holds (used on garbage before freeing it). */
static void clear_refs(Obj *o) {
    switch ((VType)o->type) {
    case T_TUPLE: {
        TupleObj *t = (TupleObj *)o;
        for (int i = 0; i < t->n; i++) { Value v = t->items[i]; t->items[i] = v_unit(); val_decref(v); }
        break;
    }
    case T_SEQ: {
        SeqObj *s = (SeqObj *)o;
        size_t n = s->len;
        Value *items = s->items;
        s->len = 0; s->items = NULL; s->cap = 0;
        for (size_t i = 0; i < n; i++) val_decref(items[i]);
        free(items);
        break;
    }
    case T_MAP: case T_SET: {
        MapObj *m = (MapObj *)o;
        MapEntry *es = m->entries;
        size_t used = m->used;
        m->entries = NULL; m->used = m->cap = m->len = 0;
        free(m->buckets); m->buckets = NULL; m->nbuckets = 0;
        for (size_t i = 0; i < used; i++)
            if (es[i].live) { val_decref(es[i].key); val_decref(es[i].val); }
        free(es);
        break;
    }
    case T_SOME: { SomeObj *s = (SomeObj *)o; Value v = s->v; s->v = v_unit(); val_decref(v); break; }
    case T_FUNC: {
        FuncObj *f = (FuncObj *)o;
        Env *e = f->env; Value self = f->self; Source *src = f->src;
        f->env = NULL; f->self = v_unit(); f->src = NULL;
        if (e) val_decref(v_env(e));
        val_decref(self);
        source_release(src);
        break;
    }
    case T_ENV: {
        Env *e = (Env *)o;
        Env *p = e->parent;
        Slot *slots = e->slots; int n = e->len;
        e->parent = NULL; e->slots = NULL; e->len = e->cap = 0;
        free(e->buckets); e->buckets = NULL; e->nbuckets = 0;
        if (p) val_decref(v_env(p));
        for (int i = 0; i < n; i++) val_decref(slots[i].v);
        free(slots);
        break;
    }
    case T_OBJECT: {
        InstObj *in = (InstObj *)o;
        ClassObj *c = in->cls; Env *f = in->fields;
        in->cls = NULL; in->fields = NULL;
        if (c) val_decref(v_obj(&c->h));
        if (f) val_decref(v_env(f));
        break;
    }
    case T_CLASS: {
        ClassObj *c = (ClassObj *)o;
        Env *e = c->env; Source *src = c->src;
        c->env = NULL; c->src = NULL;
        if (e) val_decref(v_env(e));
        source_release(src);
        break;
    }
    case T_EXC: {
        ExcObj *x = (ExcObj *)o;
        Value m = x->msg, c = x->cause;
        Source *src = x->src;
        x->msg = v_null(); x->cause = v_null(); x->src = NULL;
        free(x->frames);
        x->frames = NULL;
        val_decref(m); val_decref(c);
        source_release(src);
        break;
    }
    case T_HOST: {
        HostObj *h = (HostObj *)o;
        void *d = h->data;
        h->data = NULL;
        if (d && h->cls->finalize) h->cls->finalize(d);
        break;
    }
    default: break;
    }
}

/* Releasing a long chain (a list nested 200000 deep) would recurse once per link: past a
 * depth, objects whose count reached zero wait on a list that the outermost release empties. */
#define MAX_RELEASE_DEPTH 1000
static _Thread_local int release_depth;
static _Thread_local Obj **deferred;
static _Thread_local size_t ndeferred, cdeferred;

static void release_now(Obj *o) {
    gc_untrack(o);
    o->rc = 1;               /* keep it alive while its children go */
    release_depth++;
    clear_refs(o);
    release_depth--;
    free(o);
}

void obj_release(Obj *o) {
    if (release_depth >= MAX_RELEASE_DEPTH) {
        if (ndeferred == cdeferred) {
            cdeferred = cdeferred ? cdeferred * 2 : 256;
            deferred = xrealloc(deferred, cdeferred * sizeof(Obj *));
        }
        deferred[ndeferred++] = o;
        return;
    }
    release_now(o);
    if (release_depth == 0) {
        if (!deferred) return;
        while (ndeferred) release_now(deferred[--ndeferred]);
        free(deferred);
        deferred = NULL;
        cdeferred = 0;
    }
}

/* ---- the collector ---- */

static void visit_subtract(Value v, void *ctx) {
    (void)ctx;
    if (v_is_obj(v) && v.u.o->tracked) v.u.o->gc_refs--;
}

typedef struct { Obj **items; size_t len, cap; } ObjStack;
static void stack_push(ObjStack *s, Obj *o) {
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->items = xrealloc(s->items, s->cap * sizeof(Obj *));
    }
    s->items[s->len++] = o;
}
static void visit_mark(Value v, void *ctx) {
    if (v_is_obj(v) && v.u.o->tracked && v.u.o->gc_refs >= 0) {
        v.u.o->gc_refs = -1;
        stack_push(ctx, v.u.o);
    }
}

void gc_collect(void) {
    if (!gc_count) return;
    for (Obj *o = gc_head.gc_next; o != &gc_head; o = o->gc_next) o->gc_refs = (int32_t)o->rc;
    for (Obj *o = gc_head.gc_next; o != &gc_head; o = o->gc_next) traverse(o, visit_subtract, NULL);
    ObjStack st = {0};
    for (Obj *o = gc_head.gc_next; o != &gc_head; o = o->gc_next)
        if (o->gc_refs > 0) { o->gc_refs = -1; stack_push(&st, o); }
    while (st.len) traverse(st.items[--st.len], visit_mark, &st);
    /* What is not marked is garbage: hold each, drop its references, then release. */
    for (Obj *o = gc_head.gc_next; o != &gc_head; o = o->gc_next)
        if (o->gc_refs == 0) { o->rc++; stack_push(&st, o); }
    for (size_t i = 0; i < st.len; i++) clear_refs(st.items[i]);
    for (size_t i = 0; i < st.len; i++) val_decref(v_obj(st.items[i]));
    free(st.items);
}

void gc_free_all(void) {
    /* At exit: drop every container's references, then free them all. */
    ObjStack st = {0};
    for (Obj *o = gc_head.gc_next; o != &gc_head; o = o->gc_next) { o->rc++; stack_push(&st, o); }
    for (size_t i = 0; i < st.len; i++) clear_refs(st.items[i]);
    for (size_t i = 0; i < st.len; i++) { gc_untrack(st.items[i]); free(st.items[i]); }
    free(st.items);
}

/* ---- maps ---- */

Value map_new(MapKind kind, bool is_set) {
    MapObj *m = (MapObj *)obj_alloc(sizeof(MapObj), is_set ? T_SET : T_MAP, true);
    m->kind = (uint8_t)kind;
    m->is_set = is_set;
    return v_obj(&m->h);
}

static void map_rehash(MapObj *m, size_t want) {
    /* compact live entries, then rebuild buckets */
    size_t j = 0;
    for (size_t i = 0; i < m->used; i++)
        if (m->entries[i].live) m->entries[j++] = m->entries[i];
    m->used = j;
    if (want > m->cap) {
        m->cap = want;
        m->entries = xrealloc(m->entries, m->cap * sizeof(MapEntry));
    }
    size_t nb = 16;
    while (nb < m->cap * 2) nb *= 2;
    free(m->buckets);
    m->buckets = xmalloc(nb * sizeof(int64_t));
    m->nbuckets = nb;
    for (size_t i = 0; i < nb; i++) m->buckets[i] = -1;
    for (size_t i = 0; i < m->used; i++) {
        size_t b = m->entries[i].hash & (nb - 1);
        while (m->buckets[b] >= 0) b = (b + 1) & (nb - 1);
        m->buckets[b] = (int64_t)i;
    }
}

void map_reindex(MapObj *m) { map_rehash(m, m->cap); }

static int64_t map_slot(MapObj *m, Value key, uint64_t h, size_t *bucket) {
    if (!m->nbuckets) { if (bucket) *bucket = 0; return -1; }
    size_t b = h & (m->nbuckets - 1);
    for (int64_t i; (i = m->buckets[b]) != -1; b = (b + 1) & (m->nbuckets - 1)) {
        if (i >= 0 && m->entries[i].live && m->entries[i].hash == h && val_equals(m->entries[i].key, key)) {
            if (bucket) *bucket = b;
            return i;
        }
    }
    if (bucket) *bucket = b;
    return -1;
}

bool map_get(Value map, Value key, Value *out) {
    MapObj *m = as_map(map);
    int64_t i = map_slot(m, key, val_hash(key), NULL);
    if (i < 0) return false;
    if (out) *out = m->entries[i].val;
    return true;
}

void map_put(Value map, Value key, Value val) {
    MapObj *m = as_map(map);
    uint64_t h = val_hash(key);
    int64_t i = map_slot(m, key, h, NULL);
    if (i >= 0) {
        Value old = m->entries[i].val;
        m->entries[i].val = val;
        val_decref(old);
        val_decref(key);
        return;
    }
    if (m->used + 1 > m->cap || (m->used + 1) * 2 > m->nbuckets)
        map_rehash(m, m->len * 2 + 8 > m->cap ? m->len * 2 + 8 : m->cap);
    size_t b = h & (m->nbuckets - 1);
    while (m->buckets[b] != -1) b = (b + 1) & (m->nbuckets - 1);
    MapEntry *e = &m->entries[m->used];
    e->key = key; e->val = val; e->hash = h; e->live = true; e->seq = m->next_seq++;
    m->buckets[b] = (int64_t)m->used;
    m->used++;
    m->len++;
    if (m->kind == MAP_SCALA || (m->kind == MAP_MUTABLE && !m->is_set)) m->unordered = true;
}

bool map_remove(Value map, Value key) {
    MapObj *m = as_map(map);
    size_t b;
    int64_t i = map_slot(m, key, val_hash(key), &b);
    if (i < 0) return false;
    MapEntry *e = &m->entries[i];
    Value k = e->key, v = e->val;
    e->live = false;
    m->buckets[b] = -2;      /* tombstone */
    m->len--;
    if (m->kind == MAP_SCALA) m->unordered = true;
    val_decref(k);
    val_decref(v);
    if (m->used > 16 && m->len < m->used / 2) map_rehash(m, m->cap);
    return true;
}

/* ---- equality, hashing, ordering ---- */

static bool num_as_double(Value v, double *d) {
    switch (v.t) {
    case T_INT: *d = v.u.i; return true;
    case T_LONG: *d = (double)v.u.l; return true;
    case T_DOUBLE: case T_FLOAT: *d = v.u.d; return true;
    case T_CHAR: *d = v.u.c; return true;
    default: return false;
    }
}
static bool num_as_long(Value v, int64_t *l) {
    switch (v.t) {
    case T_INT: *l = v.u.i; return true;
    case T_LONG: *l = v.u.l; return true;
    case T_CHAR: *l = v.u.c; return true;
    default: return false;
    }
}

static bool seq_like(Value v) { return v.t == T_SEQ && as_seq(v)->kind != SEQ_ARRAY; }

static bool equals_1(Value a, Value b) {
    if (bignum_is(a) || bignum_is(b)) return bigint_equals(a, b);
    if (v_is_num(a) && v_is_num(b)) {
        int64_t x, y;
        if (num_as_long(a, &x) && num_as_long(b, &y)) return x == y;
        double dx = 0, dy = 0;
        num_as_double(a, &dx); num_as_double(b, &dy);
        return dx == dy;
    }
    if (a.t == T_RANGE && b.t == T_RANGE) {
        RangeObj *x = as_range(a), *y = as_range(b);
        size_t n = range_len(x);
        return n == range_len(y) && (n == 0 || (x->start == y->start && (n == 1 || x->step == y->step)));
    }
    if (a.t != b.t) {
        if ((a.t == T_RANGE && seq_like(b)) || (b.t == T_RANGE && seq_like(a))) {
            Value r = a.t == T_RANGE ? a : b, s = a.t == T_RANGE ? b : a;
            RangeObj *ro = as_range(r);
            SeqObj *so = as_seq(s);
            if (range_len(ro) != so->len) return false;
            for (size_t i = 0; i < so->len; i++)
                if (!val_equals(so->items[i], v_long(ro->start + (int64_t)i * ro->step))) return false;
            return true;
        }
        return false;
    }
    switch ((VType)a.t) {
    case T_UNIT: case T_NULL: case T_NONE: return true;
    case T_BOOL: return a.u.b == b.u.b;
    case T_STR: return as_str(a)->len == as_str(b)->len && memcmp(as_str(a)->s, as_str(b)->s, as_str(a)->len) == 0;
    case T_TUPLE: {
        TupleObj *x = as_tuple(a), *y = as_tuple(b);
        if (x->n != y->n) return false;
        for (int i = 0; i < x->n; i++) if (!val_equals(x->items[i], y->items[i])) return false;
        return true;
    }
    case T_SEQ: {
        SeqObj *x = as_seq(a), *y = as_seq(b);
        if (x->kind == SEQ_ARRAY || y->kind == SEQ_ARRAY) return x == y;   /* Java arrays */
        if (x->len != y->len) return false;
        for (size_t i = 0; i < x->len; i++) if (!val_equals(x->items[i], y->items[i])) return false;
        return true;
    }
    case T_MAP: case T_SET: {
        MapObj *x = as_map(a), *y = as_map(b);
        if (x->len != y->len) return false;
        for (size_t i = 0; i < x->used; i++) {
            if (!x->entries[i].live) continue;
            Value other;
            if (!map_get(b, x->entries[i].key, &other)) return false;
            if (!x->is_set && !val_equals(x->entries[i].val, other)) return false;
        }
        return true;
    }
    case T_SOME: return val_equals(as_some(a)->v, as_some(b)->v);
    case T_OBJECT: {
        InstObj *x = (InstObj *)a.u.o, *y = (InstObj *)b.u.o;
        if (x == y) return true;
        if (!x->cls || x->cls != y->cls || !x->cls->is_case) return false;
        Env *fx = x->fields, *fy = y->fields;
        for (int i = 0; i < fx->len && i < fy->len; i++) {
            if (fx->slots[i].flags & SLOT_DEF) continue;
            if (!val_equals(fx->slots[i].v, fy->slots[i].v)) return false;
        }
        return true;
    }
    default: return a.u.o == b.u.o;
    }
}

static uint64_t mix(uint64_t h) {
    h ^= h >> 33; h *= 0xff51afd7ed558ccdULL; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53ULL; h ^= h >> 33;
    return h;
}

static uint64_t hash_1(Value v) {
    if (bignum_is(v)) {      /* as the Long of the same value (BigInt(3) == 3) */
        int64_t l;
        if (bigint_is(v) ? bigint_small(v, &l) : bigdec_small(v, &l)) return mix((uint64_t)l);
        char *s = bigint_is(v) ? bigint_text(v) : bigdec_text(v);
        uint64_t h = 1469598103934665603ULL;
        for (const char *p = s; *p; p++) { h ^= (unsigned char)*p; h *= 1099511628211ULL; }
        free(s);
        return h;
    }
    switch ((VType)v.t) {
    case T_UNIT: return 0x1111;
    case T_NULL: return 0;
    case T_NONE: return 0x2222;
    case T_BOOL: return v.u.b ? 1231 : 1237;
    case T_INT: return mix((uint64_t)(int64_t)v.u.i);
    case T_LONG: return mix((uint64_t)v.u.l);
    case T_CHAR: return mix((uint64_t)v.u.c);
    case T_DOUBLE: case T_FLOAT: {
        double d = v.u.d;
        if (d == floor(d) && fabs(d) < 9.2e18) return mix((uint64_t)(int64_t)d);
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return mix(bits);
    }
    case T_STR: {
        uint64_t h = 1469598103934665603ULL;
        StrObj *s = as_str(v);
        for (size_t i = 0; i < s->len; i++) { h ^= (unsigned char)s->s[i]; h *= 1099511628211ULL; }
        return h;
    }
    case T_TUPLE: {
        uint64_t h = 0x7477;
        TupleObj *t = as_tuple(v);
        for (int i = 0; i < t->n; i++) h = mix(h * 31 + val_hash(t->items[i]));
        return h;
    }
    case T_SEQ: {
        SeqObj *s = as_seq(v);
        if (s->kind == SEQ_ARRAY) return ptr_hash(s);
        uint64_t h = 0x5e9;
        for (size_t i = 0; i < s->len; i++) h = mix(h * 31 + val_hash(s->items[i]));
        return h;
    }
    case T_RANGE: {
        RangeObj *r = as_range(v);
        uint64_t h = 0x5e9;
        size_t n = range_len(r);
        for (size_t i = 0; i < n; i++) h = mix(h * 31 + mix((uint64_t)(r->start + (int64_t)i * r->step)));
        return h;
    }
    case T_MAP: case T_SET: {
        MapObj *m = as_map(v);
        uint64_t h = m->is_set ? 0x5e7 : 0x3a9;
        for (size_t i = 0; i < m->used; i++)
            if (m->entries[i].live) h += mix(m->entries[i].hash ^ (m->is_set ? 0 : val_hash(m->entries[i].val) * 7));
        return h;
    }
    case T_SOME: return mix(val_hash(as_some(v)->v) + 0x50);
    case T_OBJECT: {
        InstObj *in = (InstObj *)v.u.o;
        if (!in->cls || !in->cls->is_case || !in->fields) return ptr_hash(in);
        uint64_t h = ptr_hash(in->cls);
        for (int i = 0; i < in->fields->len; i++)
            if (!(in->fields->slots[i].flags & SLOT_DEF)) h = mix(h * 31 + val_hash(in->fields->slots[i].v));
        return h;
    }
    default: return ptr_hash(v.u.o);
    }
}

static int compare_1(Value a, Value b, bool *ok) {
    *ok = true;
    if (bignum_is(a) || bignum_is(b)) return bigint_compare(a, b, ok);
    if (v_is_num(a) && v_is_num(b)) {
        int64_t x, y;
        if (num_as_long(a, &x) && num_as_long(b, &y)) return x < y ? -1 : x > y;
        double dx, dy;
        num_as_double(a, &dx); num_as_double(b, &dy);
        if (isnan(dx) || isnan(dy)) return isnan(dx) - isnan(dy);
        return dx < dy ? -1 : dx > dy;
    }
    if (a.t == T_STR && b.t == T_STR) {
        StrObj *x = as_str(a), *y = as_str(b);
        size_t n = x->len < y->len ? x->len : y->len;
        int c = memcmp(x->s, y->s, n);
        if (c) return c < 0 ? -1 : 1;
        return x->len < y->len ? -1 : x->len > y->len;
    }
    if (a.t == T_BOOL && b.t == T_BOOL) return (int)a.u.b - (int)b.u.b;
    if (a.t == T_TUPLE && b.t == T_TUPLE) {
        TupleObj *x = as_tuple(a), *y = as_tuple(b);
        for (int i = 0; i < x->n && i < y->n; i++) {
            int c = val_compare(x->items[i], y->items[i], ok);
            if (!*ok || c) return c;
        }
        return x->n - y->n;
    }
    if ((a.t == T_NONE || a.t == T_SOME) && (b.t == T_NONE || b.t == T_SOME)) {
        if (a.t == T_NONE || b.t == T_NONE) return (a.t == T_SOME) - (b.t == T_SOME);
        return val_compare(as_some(a)->v, as_some(b)->v, ok);
    }
    if (a.t == T_SEQ && b.t == T_SEQ) {
        SeqObj *x = as_seq(a), *y = as_seq(b);
        for (size_t i = 0; i < x->len && i < y->len; i++) {
            int c = val_compare(x->items[i], y->items[i], ok);
            if (!*ok || c) return c;
        }
        return x->len < y->len ? -1 : x->len > y->len;
    }
    if (a.t == T_NULL && b.t == T_NULL) return 0;
    *ok = false;
    return 0;
}

/* ---- interning ---- */

static struct { char **items; size_t len, cap; } itab;

/* Interned names live until intern_free_all: they are cut from blocks, not malloc'd one by one
 * (a REPL session interns a name per resN; a heap block each would cost 4x the text). */
typedef struct NameBlock { struct NameBlock *next; size_t used; char text[16384]; } NameBlock;
static NameBlock *names;

static char *name_copy(const char *s, size_t n) {
    if (n + 1 > sizeof names->text / 4) {          /* a long name gets a block of its own */
        NameBlock *b = xmalloc(offsetof(NameBlock, text) + n + 1);
        b->used = sizeof b->text;                   /* full: never the one cut from */
        if (names) { b->next = names->next; names->next = b; }
        else { b->next = NULL; names = b; }
        memcpy(b->text, s, n);
        b->text[n] = 0;
        return b->text;
    }
    if (!names || names->used + n + 1 > sizeof names->text) {
        NameBlock *b = xmalloc(sizeof *b);
        b->next = names;
        b->used = 0;
        names = b;
    }
    char *p = names->text + names->used;
    names->used += n + 1;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* Values nested deeper than this (a list in a list in … 200000 times) compare by identity and
 * hash by address rather than overflow the C stack. */
#define MAX_NESTING 2000
static _Thread_local int nesting;

bool val_equals(Value a, Value b) {
    if (nesting > MAX_NESTING) return v_is_obj(a) && v_is_obj(b) ? a.u.o == b.u.o : equals_1(a, b);
    nesting++;
    bool r = equals_1(a, b);
    nesting--;
    return r;
}
uint64_t val_hash(Value v) {
    if (nesting > MAX_NESTING && v_is_obj(v)) return ptr_hash(v.u.o);
    nesting++;
    uint64_t r = hash_1(v);
    nesting--;
    return r;
}
int val_compare(Value a, Value b, bool *ok) {
    if (nesting > MAX_NESTING) { *ok = false; return 0; }
    nesting++;
    int r = compare_1(a, b, ok);
    nesting--;
    return r;
}

static uint64_t str_hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    return h;
}

const char *intern_n(const char *s, size_t n) {
    if (itab.len * 2 >= itab.cap) {
        size_t cap = itab.cap ? itab.cap * 2 : 1024;
        char **items = xcalloc(cap, sizeof(char *));
        for (size_t i = 0; i < itab.cap; i++) {
            char *p = itab.items[i];
            if (!p) continue;
            size_t b = str_hash(p, strlen(p)) & (cap - 1);
            while (items[b]) b = (b + 1) & (cap - 1);
            items[b] = p;
        }
        free(itab.items);
        itab.items = items;
        itab.cap = cap;
    }
    size_t b = str_hash(s, n) & (itab.cap - 1);
    for (char *p; (p = itab.items[b]); b = (b + 1) & (itab.cap - 1))
        if (strncmp(p, s, n) == 0 && p[n] == 0) return p;
    char *p = name_copy(s, n);
    itab.items[b] = p;
    itab.len++;
    return p;
}
const char *intern(const char *s) { return s ? intern_n(s, strlen(s)) : NULL; }

void intern_free_all(void) {
    free(itab.items);
    while (names) {
        NameBlock *next = names->next;
        free(names);
        names = next;
    }
    itab.items = NULL;
    itab.len = itab.cap = 0;
}
