/* eval.c — the tree-walking evaluator's dispatcher (eval) and the expressions and statements it
 * evaluates itself: arithmetic and operators, blocks, val/var, assignment, loops, match and try,
 * string interpolation, imports, class and object definitions. Calls and names are in
 * eval_call.c, patterns in eval_pattern.c, raising exceptions in errors.c.
 *
 * Every eval function returns true with a new reference in *out, or false while unwinding (see
 * internal.h). Names in the tree are interned once (intern_tree) so scopes compare pointers.
 */
#include "lang/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A collection is due when the tracked population has doubled since the last one. */
static size_t gc_threshold = 20000;
static void gc_maybe(void) {
    if (gc_tracked() > gc_threshold) {
        gc_collect();
        gc_threshold = gc_tracked() * 2 + 20000;
    }
}

/* ---- interning the tree ---- */

static void intern_pattern(Pattern *p, Source *src) {
    if (!p) return;
    p->name = intern(p->name);
    intern_tree(p->lit, src);
    for (int i = 0; i < p->nsubs; i++) intern_pattern(p->subs[i], src);
}

void intern_tree(Node *n, Source *src) {
    if (!n) return;
    n->src = src;
    if (n->str) n->str = intern(n->str);
    intern_tree(n->a, src); intern_tree(n->b, src); intern_tree(n->c, src);
    for (int i = 0; i < n->list.len; i++) intern_tree(n->list.items[i], src);
    if (n->names)
        for (int i = 0; i < n->list.len; i++) if (n->names[i]) n->names[i] = intern(n->names[i]);
    for (int i = 0; i < n->nparams; i++) {
        n->params[i].name = intern(n->params[i].name);
        intern_tree(n->params[i].deflt, src);
    }
    for (int i = 0; i < n->ngens; i++) { intern_pattern(n->gens[i].pat, src); intern_tree(n->gens[i].expr, src); }
    for (int i = 0; i < n->ncases; i++) {
        intern_pattern(n->cases[i].pat, src);
        intern_tree(n->cases[i].guard, src);
        intern_tree(n->cases[i].body, src);
    }
    intern_pattern(n->pat, src);
}

/* ---- arithmetic ---- */

static int num_rank(Value v) {
    switch (v.t) {
    case T_CHAR: case T_INT: return 1;
    case T_LONG: return 2;
    case T_FLOAT: return 3;
    case T_DOUBLE: return 4;
    default: return 0;
    }
}

/* A value given where a numeric type is declared (val x: Long = 5, def f(d: Double), a def's
 * result type) widens as Scala's does: 5 becomes 5L or 5.0, 'a' becomes 97. */
Value coerce_declared(Value v, TypeName tn) {
    if (tn == TN_BIGINT && (v.t == T_INT || v.t == T_LONG || v.t == T_CHAR))   /* Scala's int2bigInt */
        return bigint_from_i64(v.t == T_CHAR ? (int64_t)v.u.c : v.t == T_INT ? v.u.i : v.u.l);
    if (!v_is_num(v) || v.t == T_DOUBLE) return v;
    if (tn == TN_DOUBLE) return v_double(as_f64(v));
    if (v.t == T_FLOAT) return v;
    if (tn == TN_FLOAT) return v_float((float)as_f64(v));
    if (tn == TN_LONG && v.t != T_LONG) return v_long(as_i64(v));
    if (tn == TN_INT && v.t == T_CHAR) return v_int((int32_t)v.u.c);
    return v;
}

/* op is one of op_is_arith's; name its text, for messages */
static bool arith(Interp *I, Op op, const char *name, Value l, Value r, const Node *at, Value *out) {
    int rank = num_rank(l) > num_rank(r) ? num_rank(l) : num_rank(r);
    if (rank == 3) {         /* Float: single precision (an Int or Long operand converted first) */
        float x = (float)as_f64(l), y = (float)as_f64(r);
        switch (op) {
        case OP_PLUS: *out = v_float(x + y); return true;
        case OP_MINUS: *out = v_float(x - y); return true;
        case OP_TIMES: *out = v_float(x * y); return true;
        case OP_DIV: *out = v_float(x / y); return true;
        case OP_MOD: *out = v_float(fmodf(x, y)); return true;
        case OP_LT: *out = v_bool(x < y); return true;
        case OP_LE: *out = v_bool(x <= y); return true;
        case OP_GT: *out = v_bool(x > y); return true;
        case OP_GE: *out = v_bool(x >= y); return true;
        default: break;
        }
        return raise_at(I, at, "error", "value %s is not a member of Float", name);
    }
    if (rank == 4) {
        double x = as_f64(l), y = as_f64(r);
        switch (op) {
        case OP_PLUS: *out = v_double(x + y); return true;
        case OP_MINUS: *out = v_double(x - y); return true;
        case OP_TIMES: *out = v_double(x * y); return true;
        case OP_DIV: *out = v_double(x / y); return true;
        case OP_MOD: *out = v_double(fmod(x, y)); return true;   /* Java's % on doubles is fmod */
        case OP_LT: *out = v_bool(x < y); return true;
        case OP_LE: *out = v_bool(x <= y); return true;
        case OP_GT: *out = v_bool(x > y); return true;
        case OP_GE: *out = v_bool(x >= y); return true;
        default: break;
        }
        return raise_at(I, at, "error", "value %s is not a member of Double", name);
    }
    int64_t x = as_i64(l), y = as_i64(r), z;
    bool is_long = rank == 2;
    switch (op) {
    case OP_PLUS: z = (int64_t)((uint64_t)x + (uint64_t)y); break;
    case OP_MINUS: z = (int64_t)((uint64_t)x - (uint64_t)y); break;
    case OP_TIMES: z = (int64_t)((uint64_t)x * (uint64_t)y); break;
    case OP_DIV: case OP_MOD:
        if (y == 0) return raise_at(I, at, "java.lang.ArithmeticException", "/ by zero");
        if (y == -1) z = op == OP_DIV ? (int64_t)(0 - (uint64_t)x) : 0;
        else z = op == OP_DIV ? x / y : x % y;
        break;
    case OP_BITAND: z = x & y; break;
    case OP_BITOR: z = x | y; break;
    case OP_BITXOR: z = x ^ y; break;
    case OP_SHL: z = (int64_t)((uint64_t)x << (y & (is_long ? 63 : 31))); break;
    case OP_SHR: z = x >> (y & (is_long ? 63 : 31)); break;
    case OP_USHR: z = is_long ? (int64_t)((uint64_t)x >> (y & 63)) : (int64_t)((uint32_t)x >> (y & 31)); break;
    case OP_LT: *out = v_bool(x < y); return true;
    case OP_LE: *out = v_bool(x <= y); return true;
    case OP_GT: *out = v_bool(x > y); return true;
    case OP_GE: *out = v_bool(x >= y); return true;
    default:
        return raise_at(I, at, "error", "value %s is not a member of %s", name, is_long ? "Long" : "Int");
    }
    *out = is_long ? v_long(z) : v_int((int32_t)z);
    return true;
}

/* l op r; name is the operator's text (interned): the method called when op is none the
 * evaluator knows for these operands */
static bool binop(Interp *I, Op op, const char *name, Value l, Value r, const Node *at, Value *out) {
    if (v_is_num(l) && v_is_num(r) && op_is_arith(op)) return arith(I, op, name, l, r, at, out);
    if ((bignum_is(l) || bignum_is(r)) && op_is_arith(op)) {
        if (bigint_binop(I, op, l, r, out)) return true;
        if (I->unwind != U_NONE) return false;
    }
    switch (op) {
    case OP_EQ: *out = v_bool(val_equals(l, r)); return true;
    case OP_NE: *out = v_bool(!val_equals(l, r)); return true;
    case OP_REF_EQ: *out = v_bool(v_is_obj(l) && v_is_obj(r) ? l.u.o == r.u.o : val_equals(l, r)); return true;
    case OP_REF_NE: *out = v_bool(!(v_is_obj(l) && v_is_obj(r) ? l.u.o == r.u.o : val_equals(l, r))); return true;
    case OP_ARROW: {
        Value items[2] = {l, r};
        val_incref(l); val_incref(r);
        *out = tuple_new(2, items);
        return true;
    }
    case OP_PLUS: {
        if (l.t != T_STR && r.t != T_STR) break;
        StrBuf sb; sb_init(&sb);
        sb_value(I, &sb, l, false);
        sb_value(I, &sb, r, false);
        *out = str_take(sb_take(&sb));
        return true;
    }
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
        if (l.t != T_STR || r.t != T_STR) break;
        int c = strcmp(as_str(l)->s, as_str(r)->s);     /* UTF-8 order is code point order */
        *out = v_bool(op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0);
        return true;
    }
    case OP_BITAND: case OP_BITOR: case OP_BITXOR:
        if (l.t != T_BOOL || r.t != T_BOOL) break;
        *out = v_bool(op == OP_BITAND ? (l.u.b && r.u.b) : op == OP_BITOR ? (l.u.b || r.u.b) : (l.u.b != r.u.b));
        return true;
    default: break;
    }
    size_t n = strlen(name);
    if (name[n - 1] == ':')    /* right-associative: the method belongs to the right operand */
        return call_method(I, r, name, 1, &l, NULL, at, out);
    return call_method(I, l, name, 1, &r, NULL, at, out);
}

/* ---- statements ---- */

static bool is_definition(const Node *s) {
    return s->kind == N_VAL || s->kind == N_DEF || s->kind == N_CLASS || s->kind == N_OBJECT ||
           s->kind == N_TRAIT || s->kind == N_IMPORT;
}

void hoist_defs(NodeList *stmts, Env *env) {
    for (int i = 0; i < stmts->len; i++) {
        Node *s = stmts->items[i];
        if (s->kind == N_DEF) env_define(env, s->str, func_new_closure(s->str, s, env), SLOT_DEF);
    }
}

bool eval_stmt_list(Interp *I, NodeList *stmts, Env *env, Value *out) {
    hoist_defs(stmts, env);
    Value last = v_unit();
    for (int i = 0; i < stmts->len; i++) {
        Node *s = stmts->items[i];
        val_decref(last);
        last = v_unit();
        if (s->kind == N_DEF) continue;
        if (!eval(I, s, env, &last)) return false;
        if (is_definition(s)) { val_decref(last); last = v_unit(); }
    }
    *out = last;
    return true;
}

static bool eval_block(Interp *I, Node *n, Env *env, Value *out) {
    bool needs_scope = false;
    for (int i = 0; i < n->list.len && !needs_scope; i++) needs_scope = is_definition(n->list.items[i]);
    if (!needs_scope) return eval_stmt_list(I, &n->list, env, out);
    Env *scope = env_new(env);
    bool ok = eval_stmt_list(I, &n->list, scope, out);
    val_decref(v_env(scope));
    return ok;
}

static void mark_vars(Pattern *p, Env *env) {
    if ((p->kind == P_BIND || p->kind == P_BINDAT) && env_find_local(env, p->name))
        env_find_local(env, p->name)->flags |= SLOT_VAR;
    for (int i = 0; i < p->nsubs; i++) mark_vars(p->subs[i], env);
}

/* object X extends App { body }: X.main(args) runs the body (scala.App's delayedInit) */
static bool extends_app(const Node *n) {
    return n->ntypes > 0 && (!strcmp(n->types[0], "App") || !strcmp(n->types[0], "scala.App"));
}

static bool app_main(Call *c, Value *out) {
    InstObj *in = (InstObj *)c->self.u.o;
    Node *d = in->cls->def;
    *out = v_unit();
    if (c->argc > 0) { val_incref(c->argv[0]); env_define(in->fields, intern("args"), c->argv[0], 0); }
    for (int i = 0; i < d->list.len; i++) {
        Node *s = d->list.items[i];
        if (s->kind == N_DEF) continue;
        Value v;
        if (!eval(c->I, s, in->fields, &v)) return false;
        val_decref(v);
    }
    return true;
}

static NOINLINE bool eval_val(Interp *I, Node *n, Env *env, Value *out) {
    *out = v_unit();
    uint8_t flags = (n->flags & NF_VAR) ? SLOT_VAR : 0;
    if (n->flags & NF_TRANSIENT) flags |= SLOT_TRANSIENT;
    if (n->flags & NF_LAZY) {
        if (n->pat->kind != P_BIND) return raise_at(I, n, "error", "unsupported: lazy val with a pattern");
        env_define(env, n->pat->name, func_new_closure(n->pat->name, n, env), SLOT_LAZY);
        return true;
    }
    Value v;
    if (n->flags & NF_DEFAULT_INIT) v = default_value(n->tn);
    else if (!n->a) return raise_at(I, n, "error", "only classes can have declared but undefined members");
    else if (!eval(I, n->a, env, &v)) return false;
    v = coerce_declared(v, n->tn);
    if (n->pat->kind == P_BIND && !n->pat->type) { env_define(env, n->pat->name, v, flags); return true; }
    if (!match_pattern(I, n->pat, v, env)) {
        bool r = match_error(I, n, v);
        val_decref(v);
        return r;
    }
    if (flags) mark_vars(n->pat, env);   /* var (a, b) = ...: the names are assignable */
    val_decref(v);
    return true;
}

static NOINLINE bool assign_to(Interp *I, Node *target, Value v, Env *env) {
    if (target->kind == N_IDENT) {
        Slot *s = env_lookup(env, target->str);
        if (!s) { val_decref(v); return raise_at(I, target, "error", "not found: value %s", target->str); }
        if (!(s->flags & SLOT_VAR)) { val_decref(v); return raise_at(I, target, "error", "reassignment to val %s", target->str); }
        Value old = s->v;
        s->v = v;
        val_decref(old);
        return true;
    }
    if (target->kind == N_SELECT) {
        Value recv;
        if (!eval_receiver(I, target->a, env, &recv)) { val_decref(v); return false; }
        bool ok;
        if (recv.t == T_OBJECT && ((InstObj *)recv.u.o)->fields &&
            env_find_local(((InstObj *)recv.u.o)->fields, target->str)) {
            Slot *s = env_find_local(((InstObj *)recv.u.o)->fields, target->str);
            if (!(s->flags & SLOT_VAR)) { ok = raise_at(I, target, "error", "reassignment to val %s", target->str); val_decref(v); }
            else { Value old = s->v; s->v = v; val_decref(old); ok = true; }
        } else {
            char setter[128];
            snprintf(setter, sizeof setter, "%s_=", target->str);
            Value r;
            ok = call_method(I, recv, intern(setter), 1, &v, NULL, target, &r);
            if (ok) val_decref(r);
            val_decref(v);
        }
        val_decref(recv);
        return ok;
    }
    if (target->kind == N_APPLY) {   /* xs(i) = v  →  xs.update(i, v) */
        Value recv;
        if (!eval(I, target->a, env, &recv)) { val_decref(v); return false; }
        Value *argv; int argc; const char **names;
        if (!eval_args(I, target, env, &argv, &argc, &names)) { val_decref(recv); val_decref(v); return false; }
        argv = realloc(argv, (size_t)(argc + 1) * sizeof(Value));
        argv[argc++] = v;
        Value r;
        bool ok = call_method(I, recv, intern("update"), argc, argv, NULL, target, &r);
        if (ok) val_decref(r);
        free_items(argv, (size_t)argc);
        val_decref(recv);
        return ok;
    }
    val_decref(v);
    return raise_at(I, target, "error", "unsupported: assignment to this expression");
}

static NOINLINE bool eval_opassign(Interp *I, Node *n, Env *env, Value *out) {
    *out = v_unit();
    Value cur, rhs;
    if (!eval(I, n->a, env, &cur)) return false;
    const char *m = NULL;   /* `op=`, named only for receivers that may have such a method */
    if (cur.t == T_SEQ || cur.t == T_MAP || cur.t == T_SET || cur.t == T_OBJECT || cur.t == T_HOST) {
        char mname[64];
        snprintf(mname, sizeof mname, "%s=", n->str);
        m = intern(mname);
    }
    /* a mutable receiver with an `op=` method is updated in place (and `buf += 1` gives buf);
     * otherwise `x op= y` means `x = x op y` (strings, numbers, immutable collections) */
    bool mutating;
    switch ((VType)cur.t) {
    case T_SEQ: mutating = seq_kind_buffer(as_seq(cur)->kind) || as_seq(cur)->kind == SEQ_JLIST; break;
    case T_MAP: case T_SET: mutating = as_map(cur)->kind != MAP_SCALA; break;
    case T_OBJECT:
        mutating = ((InstObj *)cur.u.o)->fields && env_find_local(((InstObj *)cur.u.o)->fields, m);
        break;
    case T_HOST: mutating = host_find_method(as_host(cur)->cls, m) != NULL; break;
    default: mutating = false;
    }
    if (!eval(I, n->b, env, &rhs)) { val_decref(cur); return false; }
    bool ok;
    if (mutating) {
        ok = call_method(I, cur, m, 1, &rhs, NULL, n, out);
    } else {
        Value nv;
        ok = binop(I, n->op, n->str, cur, rhs, n, &nv) && assign_to(I, n->a, nv, env);
    }
    val_decref(cur);
    val_decref(rhs);
    return ok;
}

/* ---- loops ---- */

typedef struct { Value coll; Value *items; size_t n, i; RangeObj *r; size_t rn; } ItemIter;

static bool iter_open(Interp *I, Value coll, ItemIter *it, const Node *at) {
    memset(it, 0, sizeof *it);
    if (coll.t == T_RANGE) {   /* ranges are walked without materialising them */
        it->r = as_range(coll);
        it->rn = range_len(it->r);
        it->coll = coll;
        val_incref(coll);
        return true;
    }
    if (!iter_items(I, coll, &it->items, &it->n)) {
        char *tn = val_type_name(I, coll);
        bool r = raise_at(I, at, "error", "value foreach is not a member of %s", tn);
        free(tn);
        return r;
    }
    return true;
}
static bool iter_next(ItemIter *it, Value *v) {
    if (it->r) {
        if (it->i >= it->rn) return false;
        int64_t x = it->r->start + (int64_t)it->i++ * it->r->step;
        *v = it->r->is_long ? v_long(x) : v_int((int32_t)x);
        return true;
    }
    if (it->i >= it->n) return false;
    *v = it->items[it->i];
    it->items[it->i++] = v_unit();
    return true;
}
static void iter_close(ItemIter *it) {
    if (it->items) free_items(it->items, it->n);
    val_decref(it->coll);
}

static NOINLINE bool eval_while(Interp *I, Node *n, Env *env, Value *out, bool do_first) {
    *out = v_unit();
    for (bool first = true;; first = false) {
        if (!check_interrupt(I)) return false;
        gc_maybe();
        if (!(do_first && first)) {
            Value c;
            if (!eval(I, n->a, env, &c)) return false;
            if (c.t != T_BOOL) { val_decref(c); return raise_at(I, n->a, "error", "type mismatch: the condition is not a Boolean"); }
            if (!c.u.b) return true;
        }
        Value b;
        if (!eval(I, n->b, env, &b)) return false;
        val_decref(b);
    }
}

static bool for_level(Interp *I, Node *n, int g, Env *env, Value acc) {
    if (g == n->ngens) {
        Value v;
        if (!eval(I, n->b, env, &v)) return false;
        if (acc.t == T_SEQ) seq_push(acc, v);
        else val_decref(v);
        return true;
    }
    Generator *gen = &n->gens[g];
    if (gen->kind == G_GUARD) {
        Value c;
        if (!eval(I, gen->expr, env, &c)) return false;
        bool go = c.t == T_BOOL && c.u.b;
        val_decref(c);
        return go ? for_level(I, n, g + 1, env, acc) : true;
    }
    if (gen->kind == G_VAL) {
        Value v;
        if (!eval(I, gen->expr, env, &v)) return false;
        Env *scope = env_new(env);
        bool ok = match_pattern(I, gen->pat, v, scope) ? for_level(I, n, g + 1, scope, acc) : match_error(I, gen->expr, v);
        val_decref(v);
        val_decref(v_env(scope));
        return ok;
    }
    Value coll;
    if (!eval(I, gen->expr, env, &coll)) return false;
    ItemIter it;
    bool ok = iter_open(I, coll, &it, gen->expr);
    val_decref(coll);
    if (!ok) return false;
    Value item;
    while (ok && iter_next(&it, &item)) {
        if (!(ok = check_interrupt(I))) { val_decref(item); break; }
        gc_maybe();
        Env *scope = env_new(env);          /* a fresh binding per iteration, as in Scala */
        if (match_pattern(I, gen->pat, item, scope)) ok = for_level(I, n, g + 1, scope, acc);
        val_decref(item);
        val_decref(v_env(scope));
    }
    iter_close(&it);
    return ok;
}

static NOINLINE bool eval_for(Interp *I, Node *n, Env *env, Value *out) {
    bool yield = n->flags & NF_YIELD;
    Value acc = yield ? seq_new(SEQ_VECTOR, 0) : v_unit();
    if (!for_level(I, n, 0, env, acc)) { val_decref(acc); return false; }
    if (!yield) { *out = v_unit(); return true; }
    /* the result takes the family of the first generator's collection */
    Value first;
    Generator *g0 = &n->gens[0];
    if (!eval(I, g0->expr, env, &first)) { val_decref(acc); return false; }
    SeqObj *s = as_seq(acc);
    Value *items = s->items;
    size_t len = s->len;
    s->items = NULL; s->len = s->cap = 0;
    *out = rebuild_like(first, items, len);
    free(items);
    val_decref(first);
    val_decref(acc);
    return true;
}

/* ---- match, try ---- */

static bool eval_cases(Interp *I, Node *n, Value v, Env *env, bool *matched, Value *out) {
    *matched = false;
    for (int i = 0; i < n->ncases; i++) {
        Case *c = &n->cases[i];
        Env *scope = env_new(env);
        if (!match_pattern(I, c->pat, v, scope)) { val_decref(v_env(scope)); continue; }
        if (I->unwind != U_NONE) { val_decref(v_env(scope)); return false; }
        if (c->guard) {
            Value g;
            if (!eval(I, c->guard, scope, &g)) { val_decref(v_env(scope)); return false; }
            bool pass = g.t == T_BOOL && g.u.b;
            val_decref(g);
            if (!pass) { val_decref(v_env(scope)); continue; }
        }
        *matched = true;
        bool ok = eval(I, c->body, scope, out);
        val_decref(v_env(scope));
        return ok;
    }
    return true;
}

static NOINLINE bool eval_match(Interp *I, Node *n, Env *env, Value *out) {
    Value v;
    if (!eval(I, n->a, env, &v)) return false;
    bool matched;
    bool ok = eval_cases(I, n, v, env, &matched, out);
    if (ok && !matched) ok = match_error(I, n, v);
    val_decref(v);
    return ok;
}

static NOINLINE bool eval_try(Interp *I, Node *n, Env *env, Value *out) {
    bool ok = eval(I, n->a, env, out);
    if (!ok && I->unwind == U_THROW && n->ncases) {
        Value exc = I->unwind_val;
        I->unwind_val = v_unit();
        I->unwind = U_NONE;
        bool matched;
        ok = eval_cases(I, n, exc, env, &matched, out);
        if (ok && !matched) { I->unwind = U_THROW; I->unwind_val = exc; ok = false; }
        else val_decref(exc);
    }
    if (n->c) {
        Unwind saved = I->unwind;
        Value saved_val = I->unwind_val;
        uint64_t saved_target = I->return_target;
        I->unwind = U_NONE;
        I->unwind_val = v_unit();
        /* an interrupt still runs finally blocks (cleanup such as ssc.stop()); a second
         * interrupt stops them */
        if (saved == U_INTERRUPT) interp_clear_interrupt(I);
        Value f;
        if (!eval(I, n->c, env, &f)) {   /* the finally block's own unwinding wins */
            val_decref(saved_val);
            if (ok) val_decref(*out);
            return false;
        }
        if (saved == U_INTERRUPT) interp_interrupt(I);
        val_decref(f);
        I->unwind = saved;
        I->unwind_val = saved_val;
        I->return_target = saved_target;
    }
    return ok;
}

/* ---- string interpolation ---- */

/* Other interpolators ($"col" in Spark) are functions registered as StringContext.<name>;
 * *out holds the interpolated text and is replaced by the function's result. */
static bool custom_interpolator(Interp *I, Node *n, Env *env, Value *out) {
    char key[64];
    snprintf(key, sizeof key, "StringContext.%s", n->str);
    Slot *s = env_lookup(env, intern(key));
    Value text = *out;
    if (!s) {
        val_decref(text);
        return raise_at(I, n, "error", "value %s is not a member of StringContext%s", n->str,
                        !strcmp(n->str, "$") ? " (the $\"column\" syntax needs a SparkSession)" : "");
    }
    bool ok = call_value(I, s->v, 1, &text, NULL, n, out);
    val_decref(text);
    return ok;
}

static NOINLINE bool eval_interp(Interp *I, Node *n, Env *env, Value *out) {
    /* parts alternate: literal text at even indices, expressions at odd ones */
    bool f = n->str && !strcmp(n->str, "f");
    StrBuf sb; sb_init(&sb);
    if (!f) {
        for (int i = 0; i < n->list.len; i++) {
            Node *p = n->list.items[i];
            if (i % 2 == 0) { sb_puts(&sb, p->str ? p->str : ""); continue; }
            Value v;
            if (!eval(I, p, env, &v)) { free(sb_take(&sb)); return false; }
            sb_value(I, &sb, v, false);
            val_decref(v);
        }
        *out = str_take(sb_take(&sb));
        if (n->str && strcmp(n->str, "s") && strcmp(n->str, "raw")) return custom_interpolator(I, n, env, out);
        return true;
    }
    /* f"...": one java.util.Formatter string; an argument not followed by a spec gets %s */
    StrBuf fmt; sb_init(&fmt);
    int argc = 0;
    Value *argv = malloc(((size_t)n->list.len / 2 + 1) * sizeof(Value));
    bool ok = true;
    for (int i = 0; i < n->list.len && ok; i++) {
        Node *p = n->list.items[i];
        if (i % 2 == 0) {
            const char *t = p->str ? p->str : "";
            if (i > 0 && t[0] != '%') sb_puts(&fmt, "%s");
            sb_puts(&fmt, t);
            continue;
        }
        if (!eval(I, p, env, &argv[argc])) { ok = false; break; }
        argc++;
    }
    if (ok && n->list.len % 2 == 0 && n->list.len > 0) sb_puts(&fmt, "%s");   /* ends with an expression */
    char *fs = sb_take(&fmt);
    if (ok) ok = java_format(I, fs, argc, argv, &sb);
    free(fs);
    free_items(argv, (size_t)argc);
    if (!ok) {
        free(sb_take(&sb));
        if (I->unwind == U_THROW) exc_locate(I->unwind_val, n, false);
        return false;
    }
    *out = str_take(sb_take(&sb));
    return true;
}

/* ---- imports ---- */

/* `import a.b.C` or `import a.b.{C, D => E}` of names the kernel provides qualified (e.g.
 * scala.collection.mutable.Map) binds their simple names, so that `Map(...)` is the mutable one
 * afterwards, as in Scala. */
static void import_bind(Interp *I, const char *path, Env *env) {
    char buf[256];
    const char *brace = strchr(path, '{');
    size_t plen = brace ? (size_t)(brace - path) : strlen(path);
    if (plen >= sizeof buf - 64) return;
    if (!brace) {
        const char *dot = strrchr(path, '.');
        if (!dot || !strcmp(dot, "._")) return;
        Slot *s = env_lookup(I->builtins, intern(path));
        if (s && env_lookup(env, intern(dot + 1)) != s) {
            val_incref(s->v);
            env_define(env, intern(dot + 1), s->v, 0);
        }
        return;
    }
    for (const char *p = brace + 1; *p && *p != '}';) {
        while (*p == ' ' || *p == ',') p++;
        size_t k = strcspn(p, ",} ");
        const char *alias = p;
        size_t alen = k;
        const char *q = p + k;
        while (*q == ' ') q++;
        if (q[0] == '=' && q[1] == '>') {      /* D => E */
            q += 2;
            while (*q == ' ') q++;
            alias = q;
            alen = strcspn(q, ",} ");
            q += alen;
        }
        if (k && plen + k < sizeof buf && !(alen == 1 && *alias == '_')) {
            memcpy(buf, path, plen);
            memcpy(buf + plen, p, k);
            buf[plen + k] = 0;
            Slot *s = env_lookup(I->builtins, intern(buf));
            if (s) {
                val_incref(s->v);
                env_define(env, intern_n(alias, alen), s->v, 0);
            }
        }
        p = q;
        if (p == alias) break;
    }
}

/* Where the caret of an import error goes: under the missing segment (at offset seg of the path),
 * or under the path's start when that segment is the last one (scalac's positions). */
static Node import_error_at(const Node *n, const char *path, size_t seg) {
    Node at = *n;
    if (n->src) {
        size_t len;
        const char *line = source_line(n->src, n->line, &len);
        const char *p = line ? strstr(line + (n->col > 0 ? n->col - 1 : 0), path) : NULL;
        bool last = !path[seg + strcspn(path + seg, ".{ ")];
        if (p && (size_t)(p - line) < len) at.col = (int)(p - line) + 1 + (last ? 0 : (int)seg);
    }
    return at;
}

/* False (an error raised) when path imports a name that a package whose members are all known
 * (interp_register_package_members) does not have. */
static bool closed_package_has(Interp *I, const Node *n, const char *path) {
    const struct ImportRow *best = NULL;
    size_t bl = 0;
    for (int i = 0; i < I->nclosed; i++) {
        size_t pl = strlen(I->closed[i].package);
        if (pl > bl && !strncmp(path, I->closed[i].package, pl) && path[pl] == '.') { best = &I->closed[i]; bl = pl; }
    }
    if (!best) return true;
    const char *seg = path + bl + 1;
    size_t k = strcspn(seg, ".{ ");
    if (!k || (k == 1 && *seg == '_')) return true;
    for (const char *const *m = best->names; *m; m++)
        if (strlen(*m) == k && !strncmp(*m, seg, k)) return true;
    for (int i = 0; i < I->nimport_rows; i++) {      /* what the libraries register is there too */
        const char *pk = I->import_rows[i].package;
        if (!strncmp(pk, path, bl + 1 + k) && (pk[bl + 1 + k] == 0 || pk[bl + 1 + k] == '.')) return true;
        if (!strcmp(pk, best->package))
            for (const char *const *m = I->import_rows[i].names; *m; m++)
                if (strlen(*m) == k && !strncmp(*m, seg, k)) return true;
    }
    Node at = import_error_at(n, path, bl + 1);
    return raise_at(I, &at, "error", "object %.*s is not a member of package %s", (int)k, seg, best->package);
}

static NOINLINE bool eval_import(Interp *I, Node *n, Env *env) {
    const char *path = n->str;
    import_bind(I, path, env);
    char root[128];
    size_t k = strcspn(path, ".{ ");
    if (k >= sizeof root) k = sizeof root - 1;
    memcpy(root, path, k);
    root[k] = 0;
    if (env_lookup(env, intern(root))) return true;    /* import spark.implicits._ and the like */
    if (!closed_package_has(I, n, path)) return false;
    for (int i = 0; i < I->npackages; i++) {
        size_t pl = strlen(I->packages[i]);
        if (!strncmp(path, I->packages[i], pl) && (path[pl] == 0 || path[pl] == '.' || path[pl] == '{'))
            return true;
    }
    /* Scala's words: the first segment that no package has, under the longest one that exists */
    size_t known = 0;       /* length of the known prefix of the path, in characters */
    for (size_t end = strcspn(path, ".{ "); path[end] == '.'; end += 1 + strcspn(path + end + 1, ".{ ")) {
        bool found = false;
        for (int i = 0; i < I->npackages && !found; i++)
            found = !strncmp(path, I->packages[i], end) && (I->packages[i][end] == 0 || I->packages[i][end] == '.');
        for (int i = 0; i < I->nimport_rows && !found; i++) {
            const char *pk = I->import_rows[i].package;
            found = !strncmp(path, pk, end) && (pk[end] == 0 || pk[end] == '.');
        }
        if (!found) break;
        known = end;
    }
    Node at = import_error_at(n, path, known ? known + 1 : 0);    /* the caret under the missing segment */
    if (!known) return raise_at(I, &at, "error", "not found: value %s", root);
    size_t seg = strcspn(path + known + 1, ".{ ");
    return raise_at(I, &at, "error", "object %.*s is not a member of package %.*s", (int)seg, path + known + 1,
                    (int)known, path);
}

/* An empty collection made with its element type written (new Queue[RDD[Int]](), List[T]())
 * keeps that type: libraries read it (queueStream's InputDStream[T]). */
static void note_elem_type(Value v, const char **types, int ntypes) {
    if (v.t == T_MAP && as_map(v)->kind == MAP_JAVA && ntypes == 2) as_map(v)->val_type = intern(types[1]);
    if (v.t != T_SEQ || ntypes != 1 || as_seq(v)->len || as_seq(v)->elem_type) return;
    as_seq(v)->elem_type = intern(types[0]);
}

/* ---- the dispatcher ---- */

bool eval(Interp *I, Node *n, Env *env, Value *out) {
    switch (n->kind) {
    case N_INT: *out = v_int((int32_t)n->ival); return true;
    case N_LONG: *out = v_long(n->ival); return true;
    case N_DOUBLE: *out = v_double(n->dval); return true;
    case N_FLOAT: *out = v_float((float)n->dval); return true;
    case N_STRING: *out = str_cstr(n->str); return true;
    case N_CHAR: *out = v_char((uint32_t)n->ival); return true;
    case N_BOOL: *out = v_bool(n->ival != 0); return true;
    case N_NULL: *out = v_null(); return true;
    case N_UNIT: *out = v_unit(); return true;
    case N_INTERP: return eval_interp(I, n, env, out);
    case N_IDENT: return lookup_ident(I, n, env, out);
    case N_SELECT: {
        Value recv;
        if (!eval_receiver(I, n->a, env, &recv)) return false;
        bool ok = select_member(I, recv, n->str, n, out);
        val_decref(recv);
        return ok;
    }
    case N_APPLY:
        if (!eval_apply(I, n, env, out)) return false;
        if (n->a->kind == N_TYPEARGS) note_elem_type(*out, n->a->types, n->a->ntypes);   /* Queue[T]() */
        return true;
    case N_TYPEARGS: {
        Node *inner = n->a;
        if (n->op != OP_OTHER && n->ntypes == 1) {   /* asInstanceOf[T], isInstanceOf[T] */
            Value v;
            if (!eval(I, inner->a, env, &v)) return false;
            return eval_cast(I, n, v, n->tn, n->types[0], n->op == OP_IS_INSTANCE_OF, out);
        }
        bool handled;   /* classOf[T]: made from T */
        bool ok = eval_type_function(I, n, out, &handled);
        if (handled) return ok;
        ok = eval_typed_select(I, n, env, out, &handled);   /* df.as[Employee] */
        if (handled) return ok;
        return eval(I, inner, env, out);
    }
    case N_NEW:
        if (!eval_new(I, n, env, out)) return false;
        note_elem_type(*out, n->types, n->ntypes);
        return true;
    case N_INFIX: {
        Value l, r;
        if (n->op == OP_AND || n->op == OP_OR) {
            if (!eval(I, n->a, env, &l)) return false;
            if (l.t != T_BOOL) {   /* not Booleans: a method of the left operand (Spark's Column &&) */
                if (!class_of(I, l) || !host_find_method(class_of(I, l), n->str)) {
                    val_decref(l);
                    return raise_at(I, n, "error", "type mismatch: %s needs Boolean operands", n->str);
                }
                if (!eval(I, n->b, env, &r)) { val_decref(l); return false; }
                bool ok = call_method(I, l, n->str, 1, &r, NULL, n, out);
                val_decref(l);
                val_decref(r);
                return ok;
            }
            bool and = n->op == OP_AND;
            if (l.u.b != and) { *out = l; return true; }
            if (!eval(I, n->b, env, &r)) return false;
            if (r.t != T_BOOL) { val_decref(r); return raise_at(I, n, "error", "type mismatch: %s needs Boolean operands", n->str); }
            *out = r;
            return true;
        }
        if (!eval(I, n->a, env, &l)) return false;
        if (!eval(I, n->b, env, &r)) { val_decref(l); return false; }
        bool ok = binop(I, n->op, n->str, l, r, n, out);
        val_decref(l);
        val_decref(r);
        return ok;
    }
    case N_PREFIX: {
        Value v;
        if (!eval(I, n->a, env, &v)) return false;
        Op op = n->op;
        if (op == OP_NOT && v.t == T_BOOL) { *out = v_bool(!v.u.b); return true; }
        if (op == OP_MINUS && v.t == T_INT) { *out = v_int((int32_t)(0u - (uint32_t)v.u.i)); return true; }
        if (op == OP_MINUS && v.t == T_LONG) { *out = v_long((int64_t)(0u - (uint64_t)v.u.l)); return true; }
        if (op == OP_MINUS && v.t == T_DOUBLE) { *out = v_double(-v.u.d); return true; }
        if (op == OP_MINUS && v.t == T_FLOAT) { *out = v_float(-(float)v.u.d); return true; }
        if (op == OP_MINUS && v.t == T_CHAR) { *out = v_int(-(int32_t)v.u.c); return true; }
        if (op == OP_PLUS && v_is_num(v)) { *out = v.t == T_CHAR ? v_int((int32_t)v.u.c) : v; return true; }
        if (op == OP_BITNOT && v.t == T_INT) { *out = v_int(~v.u.i); return true; }
        if (op == OP_BITNOT && v.t == T_LONG) { *out = v_long(~v.u.l); return true; }
        char mname[16];
        snprintf(mname, sizeof mname, "unary_%s", n->str);
        bool ok = call_method(I, v, intern(mname), 0, NULL, NULL, n, out);
        val_decref(v);
        return ok;
    }
    case N_POSTFIX: {
        Value v;
        if (!eval(I, n->a, env, &v)) return false;
        bool ok = select_member(I, v, n->str, n, out);
        val_decref(v);
        return ok;
    }
    case N_ASSIGN: {
        Value v;
        if (!eval(I, n->b, env, &v)) return false;
        *out = v_unit();
        return assign_to(I, n->a, v, env);
    }
    case N_OPASSIGN: return eval_opassign(I, n, env, out);
    case N_IF: {
        Value c;
        if (!eval(I, n->a, env, &c)) return false;
        if (c.t != T_BOOL) { val_decref(c); return raise_at(I, n->a, "error", "type mismatch: the condition of if is not a Boolean"); }
        if (c.u.b) return eval(I, n->b, env, out);
        if (n->c) return eval(I, n->c, env, out);
        *out = v_unit();
        return true;
    }
    case N_WHILE: return eval_while(I, n, env, out, false);
    case N_DOWHILE: return eval_while(I, n, env, out, true);
    case N_FOR: return eval_for(I, n, env, out);
    case N_BLOCK: return eval_block(I, n, env, out);
    case N_LAMBDA: *out = func_new_closure(NULL, n, env); return true;
    case N_MATCH: return eval_match(I, n, env, out);
    case N_TRY: return eval_try(I, n, env, out);
    case N_THROW: {
        Value e;
        if (!eval(I, n->a, env, &e)) return false;
        if (e.t != T_EXC) {
            val_decref(e);
            return raise_at(I, n, "error", "type mismatch: throw needs a Throwable");
        }
        exc_locate(e, n, false);
        return interp_throw_value(I, e);
    }
    case N_RETURN: {
        Value v = v_unit();
        if (n->a && !eval(I, n->a, env, &v)) return false;
        if (!I->cur_frame) { val_decref(v); return raise_at(I, n, "error", "return outside method definition"); }
        val_decref(I->unwind_val);
        I->unwind = U_RETURN;
        I->unwind_val = v;
        I->return_target = I->cur_frame;
        return false;
    }
    case N_TUPLE: {
        Value *items = malloc((size_t)n->list.len * sizeof(Value));
        for (int i = 0; i < n->list.len; i++) {
            if (!eval(I, n->list.items[i], env, &items[i])) { free_items(items, (size_t)i); return false; }
        }
        *out = tuple_new(n->list.len, items);
        free(items);
        return true;
    }
    case N_TYPED:
        if (n->type && !strcmp(n->type, "_*")) return raise_at(I, n, "error", "`: _*` is only allowed as a method argument");
        return eval(I, n->a, env, out);
    case N_VAL: return eval_val(I, n, env, out);
    case N_DEF:
        env_define(env, n->str, func_new_closure(n->str, n, env), SLOT_DEF);
        *out = v_unit();
        return true;
    case N_IMPORT: *out = v_unit(); return eval_import(I, n, env);
    case N_CLASS: {
        Value cls = class_new(n->str, n, env, (n->flags & NF_CASE_CLASS) != 0);
        Slot *prev = env_find_local(env, n->str);
        if (prev && prev->v.t == T_OBJECT && ((InstObj *)prev->v.u.o)->fields)   /* the object keeps the name */
            env_define(((InstObj *)prev->v.u.o)->fields, intern(COMPANION_SLOT), cls, SLOT_DEF);
        else env_define(env, n->str, cls, 0);
        *out = v_unit();
        return true;
    }
    case N_OBJECT: {
        Value cls = class_new(n->str, n, env, (n->flags & NF_CASE_CLASS) != 0);
        Env *fields = env_new(env);
        Value inst = inst_new((ClassObj *)cls.u.o, fields);
        val_decref(cls);
        val_incref(inst);
        env_define(fields, intern("this"), inst, SLOT_DEF);
        ClassObj *comp = slot_class(env_find_local(env, n->str));   /* class Foo before object Foo */
        if (comp) {
            Value cv = v_obj(&comp->h);
            val_incref(cv);
            env_define(fields, intern(COMPANION_SLOT), cv, SLOT_DEF);
        }
        if (extends_app(n)) {    /* the body is main's: defining the object runs nothing */
            hoist_defs(&n->list, fields);
            env_define(fields, intern("main"), func_new_native(intern("main"), app_main, inst, 1, NULL), SLOT_DEF);
            env_define(env, n->str, inst, 0);
            *out = v_unit();
            return true;
        }
        if (!init_parent(I, n, env, fields, n, 0) || !init_fields(I, n, fields)) { val_decref(inst); return false; }
        env_define(env, n->str, inst, 0);
        *out = v_unit();
        return true;
    }
    case N_TRAIT:            /* a class its subclasses take concrete members from (init_parent) */
        env_define(env, n->str, class_new(n->str, n, env, false), 0);
        *out = v_unit();
        return true;
    case N_PLACEHOLDER:
        return raise_at(I, n, "error", "unbound placeholder parameter `_`");
    }
    return raise_at(I, n, "error", "unsupported construct");
}
