/* captures.c — which names of the REPL's top level a closure uses (for spark/streaming's warning
 * about closures spark-shell cannot serialize), and the top level's names with their @transient
 * mark. A small syntactic query: the identifiers of the closure's body, less every name the body
 * binds itself (parameters, local vals and defs, pattern variables), that resolve to a top-level
 * slot. A local that shadows a top-level name anywhere in the body hides it (no false alarm). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct { const char **v; int n, cap; } Names;

static void names_add(Names *ns, const char *s) {
    if (!s) return;
    for (int i = 0; i < ns->n; i++) if (ns->v[i] == s || !strcmp(ns->v[i], s)) return;
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? 2 * ns->cap : 16;
        ns->v = realloc(ns->v, (size_t)ns->cap * sizeof *ns->v);
    }
    ns->v[ns->n++] = s;
}

static bool names_has(const Names *ns, const char *s) {
    for (int i = 0; i < ns->n; i++) if (ns->v[i] == s || !strcmp(ns->v[i], s)) return true;
    return false;
}

static void pattern_binds(const Pattern *p, Names *bound) {
    if (!p) return;
    if (p->kind == P_BIND || p->kind == P_BINDAT) names_add(bound, p->name);
    for (int i = 0; i < p->nsubs; i++) pattern_binds(p->subs[i], bound);
}

/* Walks n: identifiers into used, names it binds into bound. */
static void walk(const Node *n, Names *used, Names *bound, int depth) {
    if (!n || depth > 2000) return;
    switch (n->kind) {
    case N_IDENT: names_add(used, n->str); break;
    case N_VAL: pattern_binds(n->pat, bound); break;
    case N_DEF: case N_CLASS: case N_OBJECT: case N_TRAIT: names_add(bound, n->str); break;
    default: break;
    }
    for (int i = 0; i < n->nparams; i++) {
        names_add(bound, n->params[i].name);
        walk(n->params[i].deflt, used, bound, depth + 1);
    }
    walk(n->a, used, bound, depth + 1);
    walk(n->b, used, bound, depth + 1);
    walk(n->c, used, bound, depth + 1);
    for (int i = 0; i < n->list.len; i++) walk(n->list.items[i], used, bound, depth + 1);
    for (int i = 0; i < n->ngens; i++) {
        pattern_binds(n->gens[i].pat, bound);
        walk(n->gens[i].expr, used, bound, depth + 1);
    }
    for (int i = 0; i < n->ncases; i++) {
        pattern_binds(n->cases[i].pat, bound);
        walk(n->cases[i].guard, used, bound, depth + 1);
        walk(n->cases[i].body, used, bound, depth + 1);
    }
}

/* A top-level `object`: spark-shell reaches it without its line's wrapper (Spark's programming
 * guide's ConnectionPool runs in tasks), so it is not counted. */
static bool is_object(Value v) {
    return v.t == T_OBJECT && ((InstObj *)v.u.o)->cls->def && ((InstObj *)v.u.o)->cls->def->kind == N_OBJECT;
}

static int globals_used(Interp *I, FuncObj *f, const Names *used, const Names *bound, const char **names, int n, int max) {
    for (int i = 0; i < used->n && n < max; i++) {
        const char *name = used->v[i];
        if (names_has(bound, name)) continue;
        Slot *top = env_find_local(I->globals, name);
        if (!top || env_lookup(f->env, name) != top) continue;   /* builtin, or shadowed */
        if (top->v.t == T_CLASS || is_object(top->v)) continue;    /* classes (case classes' apply), objects */
        if (!strncmp(name, "res", 3)) continue;
        if (f->name && !strcmp(name, f->name) && n && names[0] == f->name) continue;
        names[n++] = top->name ? top->name : name;
    }
    return n;
}

/* Whether expression e is the RDD parameter rdd itself, or an RDD made from it by transformations
 * (a chain of calls on it that runs no action bringing data to the driver). */
static bool on_rdd(const Node *e, const char *rdd, int depth) {
    static const char *const to_driver[] = {"collect", "take", "first", "top", "takeOrdered", "collectAsMap",
                                            "countByKey", "countByValue", "toLocalIterator", "count", "reduce", NULL};
    if (!e || depth > 100) return false;
    if (e->kind == N_IDENT) return e->str && !strcmp(e->str, rdd);
    if (e->kind == N_APPLY || e->kind == N_TYPEARGS) return on_rdd(e->a, rdd, depth + 1);
    if (e->kind == N_SELECT) {
        for (int i = 0; to_driver[i]; i++) if (e->str && !strcmp(e->str, to_driver[i])) return false;
        return on_rdd(e->a, rdd, depth + 1);
    }
    return false;
}

/* The lambdas given to an operation of the RDD parameter rdd (they run in tasks), walked for
 * their identifiers. */
static void walk_rdd_ops(const Node *n, const char *rdd, Names *used, Names *bound, int depth) {
    if (!n || depth > 2000) return;
    if (n->kind == N_APPLY && n->a && n->a->kind == N_SELECT && on_rdd(n->a->a, rdd, 0))
        for (int i = 0; i < n->list.len; i++)
            if (n->list.items[i]->kind == N_LAMBDA) walk(n->list.items[i], used, bound, depth + 1);
    walk_rdd_ops(n->a, rdd, used, bound, depth + 1);
    walk_rdd_ops(n->b, rdd, used, bound, depth + 1);
    walk_rdd_ops(n->c, rdd, used, bound, depth + 1);
    for (int i = 0; i < n->list.len; i++) walk_rdd_ops(n->list.items[i], rdd, used, bound, depth + 1);
    for (int i = 0; i < n->ncases; i++) walk_rdd_ops(n->cases[i].body, rdd, used, bound, depth + 1);
}

int interp_closure_nested_globals(Interp *I, Value fn, const char **names, int max, int *line) {
    if (line) *line = 0;
    if (fn.t != T_FUNC || !as_func(fn)->def || !as_func(fn)->env) return 0;
    FuncObj *f = as_func(fn);
    if (line) *line = f->def->line;
    if (f->def->kind != N_LAMBDA || f->def->nparams < 1) return 0;
    Names used = {0}, bound = {0}, used_all = {0};
    walk(f->def, &used_all, &bound, 0);                  /* every name the function binds */
    walk_rdd_ops(f->def->b, f->def->params[0].name, &used, &bound, 0);
    free(used_all.v);
    int n = globals_used(I, f, &used, &bound, names, 0, max);
    free(used.v);
    free(bound.v);
    return n;
}

int interp_closure_globals(Interp *I, Value fn, const char **names, int max, int *line) {
    if (line) *line = 0;
    if (fn.t != T_FUNC) return 0;
    FuncObj *f = as_func(fn);
    if (!f->def || !f->env) return 0;
    if (line) *line = f->def->line;
    int n = 0;
    /* a def of the top level itself (`addViews _`): it lives in its line's wrapper */
    if (f->name && f->def->kind == N_DEF && f->env == I->globals) {
        Slot *s = env_find_local(I->globals, f->name);
        if (s && s->v.t == T_FUNC && as_func(s->v) == f && n < max) names[n++] = f->name;
    }
    Names used = {0}, bound = {0};
    walk(f->def, &used, &bound, 0);
    n = globals_used(I, f, &used, &bound, names, n, max);
    free(used.v);
    free(bound.v);
    return n;
}

void interp_closure_locals(Interp *I, Value fn, void (*each)(void *ctx, Value v), void *ctx) {
    if (fn.t != T_FUNC) return;
    for (Env *e = as_func(fn)->env; e && e != I->globals && e != I->builtins; e = e->parent)
        for (int i = 0; i < e->len; i++) each(ctx, e->slots[i].v);
}

void interp_each_global(Interp *I, void (*each)(void *ctx, const char *name, Value v, bool transient), void *ctx) {
    Env *g = I->globals;
    for (int i = 0; i < g->len; i++)
        each(ctx, g->slots[i].name, g->slots[i].v, (g->slots[i].flags & SLOT_TRANSIENT) != 0);
}

/* The class of v when v is an instance of a notebook class that Java cannot serialize: a plain
 * class (not a case class) with no parent at all (one that extends anything might extend
 * Serializable through it, so it is not named); NULL otherwise. */
const char *interp_unserializable_class(Value v) {
    if (v.t != T_OBJECT) return NULL;
    const ClassObj *c = ((InstObj *)v.u.o)->cls;
    if (!c || !c->def || c->def->kind != N_CLASS || c->is_case || c->def->ntypes > 0) return NULL;
    return c->def->str;
}
