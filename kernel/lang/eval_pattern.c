/* eval_pattern.c — what a value is: isInstanceOf and typed patterns (instance_of), and
 * pattern matching (match_pattern: literals, stable names, tuples, extractors of Option, Seq,
 * ::, case classes and exceptions, alternatives and binders).
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- types, for typed patterns, isInstanceOf and asInstanceOf ---- */

char *base_type(const char *type, char *buf, size_t n) {
    size_t i = 0;
    while (type[i] && type[i] != '[' && i + 1 < n) { buf[i] = type[i]; i++; }
    buf[i] = 0;
    return buf;
}

static bool host_is_a(const HostClass *c, const char *t) {
    for (; c; c = c->parent) {
        if (strcmp(c->name, t) == 0 || (c->qualified && strcmp(c->qualified, t) == 0)) return true;
        if (c->qualified && strcmp(simple_name(c->qualified), simple_name(t)) == 0) return true;
        for (const char *const *a = c->aliases; a && *a; a++)
            if (strcmp(*a, t) == 0 || strcmp(simple_name(*a), simple_name(t)) == 0) return true;
    }
    return false;
}

static bool class_is_a(ClassObj *c, const char *t) {
    if (strcmp(c->name, t) == 0) return true;
    Node *d = c->def;
    for (int i = 0; d && i < d->ntypes; i++) {
        char b[128];
        if (strcmp(base_type(d->types[i], b, sizeof b), t) == 0) return true;
    }
    return false;
}

bool instance_of(Interp *I, Value v, TypeName tn, const char *type) {
    switch (tn) {
    case TN_ANY: return true;
    case TN_ANYREF: case TN_OBJECT: return v_is_obj(v) || v.t == T_NULL || v.t == T_NONE;
    case TN_ANYVAL: return !v_is_obj(v) && v.t != T_NULL && v.t != T_NONE;
    default: break;
    }
    char buf[160];
    switch ((VType)v.t) {
    case T_UNIT: return tn == TN_UNIT;
    case T_NULL: return tn == TN_NULL;
    case T_BOOL: return tn == TN_BOOLEAN;
    case T_INT: return tn == TN_INT || tn == TN_INTEGER;
    case T_LONG: return tn == TN_LONG;
    case T_DOUBLE: return tn == TN_DOUBLE;
    case T_FLOAT: return tn == TN_FLOAT;
    case T_CHAR: return tn == TN_CHAR || tn == TN_CHARACTER;
    case T_NONE: return tn == TN_OPTION || tn == TN_NONE;
    case T_SOME: return tn == TN_OPTION || tn == TN_SOME;
    case T_STR: return tn == TN_STRING || tn == TN_CHARSEQUENCE || tn == TN_COMPARABLE;
    case T_TUPLE: {
        if (tn == TN_PRODUCT) return true;
        char want[16];
        snprintf(want, sizeof want, "Tuple%d", as_tuple(v)->n);
        return !strcmp(simple_name(base_type(type, buf, sizeof buf)), want);
    }
    case T_SEQ: {
        SeqObj *s = as_seq(v);
        if (s->kind == SEQ_ARRAY) return tn == TN_ARRAY;
        if (tn == TN_SEQ || tn == TN_ITERABLE || tn == TN_TRAVERSABLE || tn == TN_TRAVERSABLEONCE ||
            tn == TN_ITERABLEONCE) return true;
        if (s->kind == SEQ_LIST) return tn == TN_LIST || tn == TN_LINEARSEQ;
        if (s->kind == SEQ_VECTOR) return tn == TN_VECTOR || tn == TN_INDEXEDSEQ;
        if (s->kind == SEQ_BUFFER) return tn == TN_ARRAYBUFFER || tn == TN_BUFFER || tn == TN_INDEXEDSEQ;
        if (s->kind == SEQ_LISTBUFFER) return tn == TN_BUFFER;
        if (s->kind == SEQ_WRAPPED) return tn == TN_INDEXEDSEQ;
        if (s->kind == SEQ_QUEUE) return false;
        if (s->kind == SEQ_JLIST) return tn == TN_ARRAYLIST || tn == TN_LIST;
        return false;
    }
    case T_RANGE: return tn == TN_RANGE || tn == TN_SEQ || tn == TN_INDEXEDSEQ || tn == TN_ITERABLE ||
                         tn == TN_INCLUSIVE;
    case T_MAP: return tn == TN_MAP || tn == TN_ITERABLE || tn == TN_HASHMAP ||
                       (as_map(v)->kind == MAP_PROPERTIES && tn == TN_PROPERTIES);
    case T_SET: return tn == TN_SET || tn == TN_ITERABLE || tn == TN_HASHSET;
    case T_FUNC: return !strncmp(simple_name(base_type(type, buf, sizeof buf)), "Function", 8) ||
                        strstr(type, "=>") != NULL;
    case T_EXC: return exc_is_a(I, as_exc(v)->cls, simple_name(base_type(type, buf, sizeof buf)));
    case T_OBJECT:
        return ((InstObj *)v.u.o)->cls && class_is_a(((InstObj *)v.u.o)->cls, simple_name(base_type(type, buf, sizeof buf)));
    case T_HOST: return host_is_a(as_host(v)->cls, base_type(type, buf, sizeof buf));
    default: return false;
    }
}

/* ---- patterns ---- */

static bool match_seq(Interp *I, Pattern *p, Value v, Env *bind) {
    Value *items; size_t n;
    if (v.t == T_STR || v.t == T_MAP || v.t == T_SET || !iter_items(I, v, &items, &n)) return false;
    int fixed = p->varargs ? p->nsubs - 1 : p->nsubs;
    bool ok = p->varargs ? n >= (size_t)fixed : n == (size_t)fixed;
    for (int i = 0; ok && i < fixed; i++) ok = match_pattern(I, p->subs[i], items[i], bind);
    if (ok && p->varargs) {
        Pattern *last = p->subs[p->nsubs - 1];
        if (last->kind == P_BIND || last->kind == P_BINDAT) {   /* rest @ _* */
            Value rest = seq_new(SEQ_LIST, n - (size_t)fixed);
            for (size_t i = (size_t)fixed; i < n; i++) { val_incref(items[i]); seq_push(rest, items[i]); }
            env_define(bind, last->name, rest, 0);
        }
    }
    free_items(items, n);
    return ok;
}

bool match_pattern(Interp *I, Pattern *p, Value v, Env *bind) {
    switch (p->kind) {
    case P_WILDCARD:
        return !p->type || instance_of(I, v, p->type_tn, p->type);
    case P_BIND:
        if (p->type && !instance_of(I, v, p->type_tn, p->type)) return false;
        val_incref(v);
        env_define(bind, p->name, v, 0);
        return true;
    case P_LITERAL: {
        Value lit;
        if (!eval(I, p->lit, bind, &lit)) { I->unwind = U_NONE; return false; }
        bool eq = val_equals(lit, v);
        val_decref(lit);
        return eq;
    }
    case P_STABLE: {
        if (p->name_tn == TN_NONE) return v.t == T_NONE;
        if (p->name_tn == TN_NIL) return v.t == T_SEQ && as_seq(v)->kind != SEQ_ARRAY && as_seq(v)->len == 0;
        Slot *s = env_lookup(bind, p->name);
        if (!s && strchr(p->name, '.')) s = env_lookup(bind, intern(simple_name(p->name)));
        if (!s) return false;
        if (s->v.t == T_CLASS && v.t == T_OBJECT) return ((InstObj *)v.u.o)->cls == (ClassObj *)s->v.u.o;
        return val_equals(s->v, v);
    }
    case P_TUPLE: {
        if (v.t != T_TUPLE || as_tuple(v)->n != p->nsubs) return false;
        for (int i = 0; i < p->nsubs; i++)
            if (!match_pattern(I, p->subs[i], as_tuple(v)->items[i], bind)) return false;
        return true;
    }
    case P_EXTRACT: {
        const char *nm = simple_name(p->name);
        switch (p->name_tn) {
        case TN_SOME: return v.t == T_SOME && p->nsubs == 1 && match_pattern(I, p->subs[0], as_some(v)->v, bind);
        case TN_CONS: {
            if (v.t != T_SEQ || as_seq(v)->len == 0 || p->nsubs != 2) return false;
            SeqObj *s = as_seq(v);
            if (!match_pattern(I, p->subs[0], s->items[0], bind)) return false;
            Value tail = seq_new((SeqKind)s->kind, s->len - 1);
            for (size_t i = 1; i < s->len; i++) { val_incref(s->items[i]); seq_push(tail, s->items[i]); }
            bool ok = match_pattern(I, p->subs[1], tail, bind);
            val_decref(tail);
            return ok;
        }
        case TN_LIST: case TN_SEQ: case TN_ARRAY: case TN_VECTOR: case TN_INDEXEDSEQ: case TN_ARRAYBUFFER:
            if (p->name_tn == TN_ARRAY ? !(v.t == T_SEQ && as_seq(v)->kind == SEQ_ARRAY)
                                       : !(v.t == T_RANGE || (v.t == T_SEQ && as_seq(v)->kind != SEQ_ARRAY)))
                return false;
            return match_seq(I, p, v, bind);
        default: break;
        }
        if (!strncmp(nm, "Tuple", 5)) {
            if (v.t != T_TUPLE || as_tuple(v)->n != p->nsubs) return false;
            for (int i = 0; i < p->nsubs; i++)
                if (!match_pattern(I, p->subs[i], as_tuple(v)->items[i], bind)) return false;
            return true;
        }
        Slot *s = env_lookup(bind, intern(nm));
        if (slot_class(s)) {
            ClassObj *c = slot_class(s);
            if (v.t != T_OBJECT || ((InstObj *)v.u.o)->cls != c) return false;
            Env *f = ((InstObj *)v.u.o)->fields;
            Node *d = c->def;
            if (p->nsubs != d->nparams) return false;
            for (int i = 0; i < p->nsubs; i++) {
                Slot *fs = env_find_local(f, d->params[i].name);
                if (!fs || !match_pattern(I, p->subs[i], fs->v, bind)) return false;
            }
            return true;
        }
        if (v.t == T_HOST && as_host(v)->cls->unapply_seq && !strcmp(as_host(v)->cls->name, nm)) {   /* case Row(a, b) */
            int n;
            const Value *items = as_host(v)->cls->unapply_seq(as_host(v)->data, &n);
            if (!items || n != p->nsubs) return false;
            for (int i = 0; i < n; i++)
                if (!match_pattern(I, p->subs[i], items[i], bind)) return false;
            return true;
        }
        bool try_ok;
        Value try_v;
        if ((!strcmp(nm, "Success") || !strcmp(nm, "Failure")) && try_parts(v, &try_ok, &try_v))
            return try_ok == (nm[0] == 'S') && p->nsubs == 1 && match_pattern(I, p->subs[0], try_v, bind);
        if ((!strcmp(nm, "Right") || !strcmp(nm, "Left")) && either_parts(v, &try_ok, &try_v))
            return try_ok == (nm[0] == 'R') && p->nsubs == 1 && match_pattern(I, p->subs[0], try_v, bind);
        if (v.t == T_EXC && is_exception_class(I, nm)) {   /* case e @ SomeException(msg) — rare */
            return exc_is_a(I, as_exc(v)->cls, nm) &&
                   (p->nsubs == 0 || (p->nsubs == 1 && match_pattern(I, p->subs[0], as_exc(v)->msg, bind)));
        }
        return false;
    }
    case P_ALT:
        for (int i = 0; i < p->nsubs; i++) if (match_pattern(I, p->subs[i], v, bind)) return true;
        return false;
    case P_BINDAT:
        if (!match_pattern(I, p->subs[0], v, bind)) return false;
        val_incref(v);
        env_define(bind, p->name, v, 0);
        return true;
    }
    return false;
}

/* Whether a partial function ({ case … }) is defined at v: some case's pattern and guard
 * accept it. Other functions are defined everywhere. */
bool partial_defined(Interp *I, Value fn, Value v, bool *defined) {
    *defined = true;
    if (fn.t != T_FUNC || !as_func(fn)->def || !(as_func(fn)->def->flags & NF_CASE_LAMBDA)) return true;
    Node *m = as_func(fn)->def->b;
    if (m->kind == N_BLOCK && m->list.len == 1) m = m->list.items[0];
    if (m->kind != N_MATCH) return true;
    *defined = false;
    for (int i = 0; i < m->ncases && !*defined; i++) {
        Env *scope = env_new(as_func(fn)->env);
        if (match_pattern(I, m->cases[i].pat, v, scope)) {
            if (!m->cases[i].guard) *defined = true;
            else {
                Value g;
                if (!eval(I, m->cases[i].guard, scope, &g)) { val_decref(v_env(scope)); return false; }
                *defined = g.t == T_BOOL && g.u.b;
                val_decref(g);
            }
        }
        val_decref(v_env(scope));
    }
    return true;
}

bool match_error(Interp *I, const Node *at, Value v) {
    char *s = val_to_string(I, v);
    bool r = raise_at(I, at, "scala.MatchError", "%s (of class %s)", s, val_class_name(v));
    free(s);
    return r;
}

bool interp_partial_defined(Interp *I, Value fn, Value v, bool *defined) { return partial_defined(I, fn, v, defined); }

bool interp_is_case_lambda(Value fn) {
    return fn.t == T_FUNC && as_func(fn)->def && (as_func(fn)->def->flags & NF_CASE_LAMBDA);
}
