/* typecheck.c — the compile errors Scala gives for declared types, found before a statement
 * runs: a val's or var's declared type against its initialiser, a def's declared result against
 * its body, and a user def's parameter types against the arguments of a call —
 *
 *     error: type mismatch;
 *      found   : String("five")
 *      required: Int
 *
 * Only what is certain is checked: the types compared are the simple value types (Int, Long,
 * Double, Float, Short, Byte, Char, Boolean, String), and an expression's type is known only for
 * literals, parameters and vals declared or inferred with such a type, arithmetic and string
 * concatenation over them, and the conversions (toInt, toString, ...) of a known receiver.
 * Everything else is unknown and never rejected, so a program Scala accepts always runs; Scala's
 * widening (Int to Long, Float or Double, Char to Int, ...) and Int literals narrowed to Byte,
 * Short or Char are accepted as Scala accepts them.
 *
 * The types of the REPL's top-level vals are remembered (typecheck_record) so a later cell's
 * `val k: Int = m` knows m's type; a name redefined in any other way is forgotten.
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { K_NONE, K_BYTE, K_SHORT, K_CHAR, K_INT, K_LONG, K_FLOAT, K_DOUBLE, K_BOOL, K_STRING } Kind;

static const char *const kind_names[] = {NULL, "Byte", "Short", "Char", "Int", "Long", "Float",
                                         "Double", "Boolean", "String"};

typedef struct { Kind k; const Node *lit; } TType;   /* lit: the literal it is, for "Int(5)" */

typedef struct TcScope {
    const char *name;        /* interned */
    Kind k;                  /* K_NONE: bound here, type unknown (shadows the globals) */
    struct TcScope *up;
} TcScope;

typedef struct {
    Interp *I;
    Env *env;
    NodeList *cell;          /* the cell's statements (its defs are hoisted) */
    const Node *bad;         /* where the error is */
    char *msg;               /* the error's message */
    int depth;
} Tc;

static Kind kind_of_type(const char *t) {
    if (!t) return K_NONE;
    if (!strncmp(t, "scala.", 6)) t += 6;
    for (int k = K_BYTE; k <= K_STRING; k++) if (!strcmp(t, kind_names[k])) return (Kind)k;
    if (!strcmp(t, "java.lang.String")) return K_STRING;
    return K_NONE;
}

/* Scala's weak conformance of value types: from can be used where to is required. */
static bool conforms(TType from, Kind to) {
    if (from.k == to) return true;
    static const int rank[] = {[K_BYTE] = 1, [K_SHORT] = 2, [K_INT] = 3, [K_LONG] = 4, [K_FLOAT] = 5, [K_DOUBLE] = 6};
    bool num_from = from.k >= K_BYTE && from.k <= K_DOUBLE, num_to = to >= K_BYTE && to <= K_DOUBLE;
    if (!num_from || !num_to) return false;
    /* an Int literal narrows to Byte, Short or Char (in range: left to Scala's own message) */
    if (from.k == K_INT && from.lit && (to == K_BYTE || to == K_SHORT || to == K_CHAR)) return true;
    if (to == K_CHAR) return false;
    if (from.k == K_CHAR) return to >= K_INT;
    return rank[from.k] <= rank[to];
}

static void tc_fail(Tc *t, const Node *at, TType found, Kind required) {
    if (t->msg) return;
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "type mismatch;\n found   : %s", kind_names[found.k]);
    if (found.lit) {
        const Node *l = found.lit;
        switch (l->kind) {
        case N_STRING: {
            sb_putc(&sb, '(');
            /* Scala shows the literal as a Java string literal: quotes, escaped */
            sb_putc(&sb, '"');
            for (const char *p = l->str; *p; p++) {
                if (*p == '"' || *p == '\\') { sb_putc(&sb, '\\'); sb_putc(&sb, *p); }
                else if (*p == '\n') sb_puts(&sb, "\\n");
                else if (*p == '\t') sb_puts(&sb, "\\t");
                else sb_putc(&sb, *p);
            }
            sb_puts(&sb, "\")");
            break;
        }
        case N_INT: sb_printf(&sb, "(%lld)", (long long)l->ival); break;
        case N_LONG: sb_printf(&sb, "(%lldL)", (long long)l->ival); break;
        case N_DOUBLE: { char *d = fmt_double(l->dval); sb_printf(&sb, "(%s)", d); free(d); break; }
        case N_FLOAT: { char *d = fmt_float((float)l->dval); sb_printf(&sb, "(%s)", d); free(d); break; }
        case N_BOOL: sb_printf(&sb, "(%s)", l->ival ? "true" : "false"); break;
        default: break;
        }
    }
    sb_printf(&sb, "\n required: %s", kind_names[required]);
    t->msg = sb_take(&sb);
    t->bad = at;
}

/* ---- scopes ---- */

static TcScope *push(TcScope *up, const char *name, Kind k) {
    TcScope *s = malloc(sizeof *s);
    if (!s) abort();
    *s = (TcScope){name, k, up};
    return s;
}

static void pop_to(TcScope *sc, TcScope *stop) {
    while (sc && sc != stop) { TcScope *up = sc->up; free(sc); sc = up; }
}

static TcScope *push_pattern(TcScope *sc, const Pattern *p) {
    if (!p) return sc;
    if ((p->kind == P_BIND || p->kind == P_BINDAT) && p->name) sc = push(sc, p->name, K_NONE);
    for (int i = 0; i < p->nsubs; i++) sc = push_pattern(sc, p->subs[i]);
    return sc;
}

static TcScope *push_params(TcScope *sc, const Node *n) {
    for (int i = 0; i < n->nparams; i++) {
        const Param *p = &n->params[i];
        Kind k = (p->flags & NP_VARARGS) ? K_NONE : kind_of_type(p->type);
        sc = push(sc, p->name, k);
    }
    return sc;
}

static bool scope_find(TcScope *sc, const char *name, Kind *k) {
    for (; sc; sc = sc->up) if (sc->name == name) { *k = sc->k; return true; }
    return false;
}

/* ---- the REPL's remembered top-level types ---- */

static bool value_is(Value v, Kind k) {
    switch (k) {
    case K_INT: case K_SHORT: case K_BYTE: return v.t == T_INT;
    case K_LONG: return v.t == T_LONG;
    case K_DOUBLE: return v.t == T_DOUBLE;
    case K_FLOAT: return v.t == T_FLOAT;
    case K_CHAR: return v.t == T_CHAR;
    case K_BOOL: return v.t == T_BOOL;
    case K_STRING: return v.t == T_STR;
    default: return false;
    }
}

static Kind global_kind(Interp *I, const char *name) {
    for (int i = 0; i < I->ntypes_known; i++) {
        if (I->types_known[i].name != name) continue;
        Slot *s = env_find_local(I->globals, name);
        Kind k = (Kind)I->types_known[i].kind;
        /* the value bound now must still be of that kind (nothing redefined it unseen) */
        return s && !(s->flags & (SLOT_DEF | SLOT_LAZY)) && value_is(s->v, k) ? k : K_NONE;
    }
    return K_NONE;
}

static void set_global_kind(Interp *I, const char *name, Kind k) {
    for (int i = 0; i < I->ntypes_known; i++) {
        if (I->types_known[i].name != name) continue;
        if (k == K_NONE) I->types_known[i] = I->types_known[--I->ntypes_known];
        else I->types_known[i].kind = (int)k;
        return;
    }
    if (k == K_NONE) return;
    if (I->ntypes_known == I->ctypes_known) {
        I->ctypes_known = I->ctypes_known ? I->ctypes_known * 2 : 16;
        I->types_known = realloc(I->types_known, (size_t)I->ctypes_known * sizeof *I->types_known);
        if (!I->types_known) abort();
    }
    I->types_known[I->ntypes_known++] = (KnownType){name, (int)k};
}

static void forget_pattern(Interp *I, const Pattern *p) {
    if (!p) return;
    if ((p->kind == P_BIND || p->kind == P_BINDAT) && p->name) set_global_kind(I, p->name, K_NONE);
    for (int i = 0; i < p->nsubs; i++) forget_pattern(I, p->subs[i]);
}

/* ---- what is certain about an expression's type ---- */

static TType type_of(Tc *t, const Node *n, TcScope *sc);

static const Node *global_def(Tc *t, const char *name) {
    Slot *s = env_find_local(t->env, name);
    if (!s || !(s->flags & SLOT_DEF) || s->v.t != T_FUNC) return NULL;
    Node *d = as_func(s->v)->def;
    if (!d || d->kind != N_DEF) return NULL;
    /* two defs of that name in this cell: an overload, or which one is meant differs */
    int same = 0;
    for (int i = 0; t->cell && i < t->cell->len; i++) {
        Node *x = t->cell->items[i];
        if (x->kind == N_DEF && x->str == name) same++;
    }
    return same > 1 ? NULL : d;
}

static bool is_lit(const Node *n) {
    return n->kind == N_INT || n->kind == N_LONG || n->kind == N_DOUBLE || n->kind == N_FLOAT ||
           n->kind == N_STRING || n->kind == N_CHAR || n->kind == N_BOOL;
}

static Kind numeric_join(Kind a, Kind b) {
    Kind r = a > b ? a : b;
    return r < K_INT ? K_INT : r;   /* Byte, Short, Char arithmetic gives Int */
}

static TType type_of_infix(Tc *t, const Node *n, TcScope *sc) {
    TType none = {K_NONE, NULL};
    /* a constant expression shows folded ("Int(3)"): not attempted, left unknown */
    if (is_lit(n->a) && is_lit(n->b)) return none;
    TType a = type_of(t, n->a, sc);
    if (a.k == K_NONE) return none;
    TType b = type_of(t, n->b, sc);
    if (b.k == K_NONE) return none;
    bool num_a = a.k >= K_BYTE && a.k <= K_DOUBLE, num_b = b.k >= K_BYTE && b.k <= K_DOUBLE;
    switch (n->op) {
    case OP_PLUS:
        if (a.k == K_STRING || (b.k == K_STRING && (num_a || a.k == K_BOOL))) return (TType){K_STRING, NULL};
        /* fall through */
    case OP_MINUS: case OP_TIMES: case OP_DIV: case OP_MOD:
        if (num_a && num_b) return (TType){numeric_join(a.k, b.k), NULL};
        return none;
    case OP_LT: case OP_LE: case OP_GT: case OP_GE:
        return num_a && num_b ? (TType){K_BOOL, NULL} : none;
    case OP_EQ: case OP_NE: return (TType){K_BOOL, NULL};
    case OP_AND: case OP_OR: return a.k == K_BOOL && b.k == K_BOOL ? (TType){K_BOOL, NULL} : none;
    default: return none;
    }
}

/* recv.name of a receiver whose type is known */
static TType type_of_member(Tc *t, const Node *recv, const char *name, TcScope *sc) {
    TType none = {K_NONE, NULL};
    TType r = type_of(t, recv, sc);
    if (r.k == K_NONE) return none;
    bool num = r.k >= K_BYTE && r.k <= K_DOUBLE;
    if (!strcmp(name, "toString")) return (TType){K_STRING, NULL};
    if (num || r.k == K_STRING) {
        if (!strcmp(name, "toInt")) return (TType){K_INT, NULL};
        if (!strcmp(name, "toLong")) return (TType){K_LONG, NULL};
        if (!strcmp(name, "toDouble")) return (TType){K_DOUBLE, NULL};
        if (!strcmp(name, "toFloat")) return (TType){K_FLOAT, NULL};
    }
    if (r.k == K_STRING) {
        if (!strcmp(name, "length")) return (TType){K_INT, NULL};
        if (!strcmp(name, "trim") || !strcmp(name, "toUpperCase") || !strcmp(name, "toLowerCase"))
            return (TType){K_STRING, NULL};
        if (!strcmp(name, "isEmpty") || !strcmp(name, "nonEmpty")) return (TType){K_BOOL, NULL};
    }
    return none;
}

static TType type_of(Tc *t, const Node *n, TcScope *sc) {
    TType none = {K_NONE, NULL};
    if (!n || t->depth > 64) return none;
    switch (n->kind) {
    case N_INT: return (TType){K_INT, n};
    case N_LONG: return (TType){K_LONG, n};
    case N_DOUBLE: return (TType){K_DOUBLE, n};
    case N_FLOAT: return (TType){K_FLOAT, n};
    case N_STRING: return (TType){K_STRING, n};
    case N_BOOL: return (TType){K_BOOL, n};
    case N_CHAR: return (TType){K_CHAR, NULL};
    case N_INTERP: return (TType){K_STRING, NULL};
    case N_TYPED: return (TType){kind_of_type(n->type), NULL};
    case N_IDENT: {
        Kind k;
        if (scope_find(sc, n->str, &k)) return (TType){k, NULL};
        Kind g = global_kind(t->I, n->str);
        if (g != K_NONE) return (TType){g, NULL};
        const Node *d = global_def(t, n->str);
        if (d && d->nparams == 0 && d->nplists == 0) return (TType){kind_of_type(d->type), NULL};
        return none;
    }
    case N_APPLY:
        if (n->a->kind == N_IDENT && !(n->a->flags & NF_ETA)) {
            Kind k;
            if (scope_find(sc, n->a->str, &k)) return none;
            const Node *d = global_def(t, n->a->str);
            if (d && d->nplists == 1) return (TType){kind_of_type(d->type), NULL};
        }
        if (n->a->kind == N_SELECT && n->list.len == 0) return type_of_member(t, n->a->a, n->a->str, sc);
        return none;
    case N_SELECT: case N_POSTFIX:
        return type_of_member(t, n->a, n->str, sc);
    case N_PREFIX: {
        if (n->op == OP_MINUS && (n->a->kind == N_INT || n->a->kind == N_LONG || n->a->kind == N_DOUBLE))
            return none;     /* a negative literal: shown as one ("Int(-1)"), not attempted */
        t->depth++;
        TType a = type_of(t, n->a, sc);
        t->depth--;
        if (n->op == OP_NOT) return a.k == K_BOOL ? (TType){K_BOOL, NULL} : none;
        if (a.k >= K_BYTE && a.k <= K_DOUBLE) return (TType){numeric_join(a.k, K_INT), NULL};
        return none;
    }
    case N_INFIX: {
        t->depth++;
        TType r = type_of_infix(t, n, sc);
        t->depth--;
        return r;
    }
    case N_IF: {
        if (!n->c) return none;
        t->depth++;
        TType a = type_of(t, n->b, sc), b = type_of(t, n->c, sc);
        t->depth--;
        return a.k != K_NONE && a.k == b.k ? (TType){a.k, NULL} : none;
    }
    case N_BLOCK: {
        if (!n->list.len) return none;
        const Node *last = n->list.items[n->list.len - 1];
        if (last->kind == N_VAL || last->kind == N_DEF || last->kind == N_CLASS || last->kind == N_OBJECT)
            return none;
        /* the block's own names shadow; its vals' types are followed in order */
        TcScope *top = sc;
        for (int i = 0; i < n->list.len; i++) {
            const Node *s = n->list.items[i];
            if (s->kind == N_VAL) sc = push_pattern(sc, s->pat);
            else if (s->kind == N_DEF || s->kind == N_CLASS || s->kind == N_OBJECT) sc = push(sc, s->str, K_NONE);
        }
        t->depth++;
        for (int i = 0; i < n->list.len - 1; i++) {
            const Node *s = n->list.items[i];
            if (s->kind == N_VAL && s->pat && s->pat->kind == P_BIND && !(s->flags & (NF_VAR | NF_LAZY)))
                sc = push(sc, s->pat->name, s->type ? kind_of_type(s->type) : type_of(t, s->a, sc).k);
        }
        TType r = type_of(t, last, sc);
        t->depth--;
        pop_to(sc, top);
        r.lit = r.lit && n->list.len == 1 ? r.lit : NULL;
        return r;
    }
    default: return none;
    }
}

/* ---- the checks, over a whole statement ---- */

static void check(Tc *t, const Node *n, TcScope *sc);

/* The expression a value comes from, for the caret: a block's last one. */
static const Node *result_expr(const Node *n) {
    while (n && n->kind == N_BLOCK && n->list.len) n = n->list.items[n->list.len - 1];
    return n;
}

static void check_expected(Tc *t, const Node *e, Kind want, TcScope *sc) {
    if (want == K_NONE || !e || t->msg) return;
    TType f = type_of(t, e, sc);
    if (f.k != K_NONE && !conforms(f, want)) tc_fail(t, result_expr(e), f, want);
}

static void check_call(Tc *t, const Node *n, TcScope *sc) {
    if (n->a->kind != N_IDENT || (n->a->flags & NF_ETA) || n->names) return;
    Kind k;
    if (scope_find(sc, n->a->str, &k)) return;
    const Node *d = global_def(t, n->a->str);
    if (!d || d->nplists < 1) return;
    int first = d->plists ? d->plists[0] : d->nparams;
    if (n->list.len > first) return;
    for (int i = 0; i < n->list.len && !t->msg; i++) {
        const Param *p = &d->params[i];
        if (p->flags & NP_VARARGS) return;
        check_expected(t, n->list.items[i], kind_of_type(p->type), sc);
    }
}

static void check_list(Tc *t, const NodeList *l, TcScope *sc) {
    for (int i = 0; i < l->len && !t->msg; i++) check(t, l->items[i], sc);
}

static void check_block(Tc *t, const NodeList *l, TcScope *sc) {
    TcScope *top = sc;
    for (int i = 0; i < l->len; i++) {      /* defs and vals are visible in the whole block */
        const Node *s = l->items[i];
        if (s->kind == N_VAL) sc = push_pattern(sc, s->pat);
        else if (s->kind == N_DEF || s->kind == N_CLASS || s->kind == N_OBJECT) sc = push(sc, s->str, K_NONE);
    }
    for (int i = 0; i < l->len && !t->msg; i++) {
        const Node *s = l->items[i];
        check(t, s, sc);
        if (s->kind == N_VAL && s->pat && s->pat->kind == P_BIND && !(s->flags & NF_VAR)) {
            Kind k = s->type ? kind_of_type(s->type) : type_of(t, s->a, sc).k;
            sc = push(sc, s->pat->name, k);
        }
    }
    pop_to(sc, top);
}

static void check(Tc *t, const Node *n, TcScope *sc) {
    if (!n || t->msg || t->depth > 200) return;
    t->depth++;
    TcScope *top = sc;
    switch (n->kind) {
    case N_VAL:
        check(t, n->a, sc);
        if (n->type && n->a) check_expected(t, n->a, kind_of_type(n->type), sc);
        break;
    case N_DEF:
        sc = push_params(sc, n);
        for (int i = 0; i < n->nparams; i++) check(t, n->params[i].deflt, sc);
        check(t, n->a, sc);
        if (n->type && n->a) check_expected(t, n->a, kind_of_type(n->type), sc);
        break;
    case N_LAMBDA:
        sc = push_params(sc, n);
        check(t, n->b, sc);
        break;
    case N_BLOCK: check_block(t, &n->list, sc); break;
    case N_APPLY:
        check(t, n->a, sc);
        check_list(t, &n->list, sc);
        check_call(t, n, sc);
        break;
    case N_NEW: case N_TUPLE: case N_INTERP: check_list(t, &n->list, sc); break;
    case N_MATCH: case N_TRY:
        check(t, n->a, sc);
        for (int i = 0; i < n->ncases && !t->msg; i++) {
            TcScope *s2 = push_pattern(sc, n->cases[i].pat);
            check(t, n->cases[i].guard, s2);
            check(t, n->cases[i].body, s2);
            pop_to(s2, sc);
        }
        check(t, n->c, sc);
        break;
    case N_FOR:
        for (int i = 0; i < n->ngens && !t->msg; i++) {
            check(t, n->gens[i].expr, sc);
            sc = push_pattern(sc, n->gens[i].pat);
        }
        check(t, n->b, sc);
        break;
    case N_CLASS: case N_OBJECT: case N_TRAIT: case N_IMPORT:
        break;               /* members see the class's own names: not followed */
    default:
        check(t, n->a, sc);
        check(t, n->b, sc);
        check(t, n->c, sc);
        break;
    }
    pop_to(sc, top);
    t->depth--;
}

bool typecheck_stmt(Interp *I, Node *s, NodeList *cell) {
    Tc t = {.I = I, .env = I->globals, .cell = cell};
    check(&t, s, NULL);
    if (!t.msg) return true;
    bool r = raise_at(I, t.bad, "error", "%s", t.msg);
    free(t.msg);
    return r;
}

void typecheck_record(Interp *I, Node *s, NodeList *cell) {
    switch (s->kind) {
    case N_VAL:
        if (s->pat && s->pat->kind == P_BIND && !(s->flags & NF_LAZY)) {
            Tc t = {.I = I, .env = I->globals, .cell = cell};
            Kind k = s->type ? kind_of_type(s->type) : s->a ? type_of(&t, s->a, NULL).k : K_NONE;
            set_global_kind(I, s->pat->name, k);
        } else forget_pattern(I, s->pat);
        break;
    case N_DEF: case N_CLASS: case N_OBJECT: case N_TRAIT:
        if (s->str) set_global_kind(I, s->str, K_NONE);
        break;
    default: break;
    }
}
