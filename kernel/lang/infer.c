/* infer.c — a small static type inference for what the REPL echo must name before anything
 * runs: the result type of a def without a declared one (`f: (x: Int)Int`), of a lambda
 * (`Int => Int`) and of a lazy val (`z: Int = <lazy>`). It knows literals, parameters and local
 * vals with declared or inferred types, the globals' runtime values, numeric widening, string
 * concatenation, comparisons, if/match/try/blocks, tuples, lambdas and the commonest methods.
 * Anything else is unknown (NULL); callers print "Any" then. Scala's full inference is not the
 * aim: the evaluator is dynamic and never depends on these answers.
 */
#include "lang/internal.h"
#include "lang/types.h"

#include <ctype.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TScope {
    const char *name;        /* interned */
    char *type;              /* owned; NULL unknown */
    struct TScope *up;
} TScope;

typedef struct {
    Interp *I;
    Env *env;                /* for free names: the runtime values of the globals */
    const Node *visiting[16];/* defs being inferred (recursion gives up) */
    int nvisiting;
    int depth;
} Ctx;

static char *infer(Ctx *c, Node *n, TScope *sc);

static bool is_num_type(const char *t) {
    return t && (!strcmp(t, "Int") || !strcmp(t, "Long") || !strcmp(t, "Double") ||
                 !strcmp(t, "Float") || !strcmp(t, "Char") || !strcmp(t, "Short") || !strcmp(t, "Byte"));
}

static int num_rank_of(const char *t) {
    if (!strcmp(t, "Double")) return 4;
    if (!strcmp(t, "Float")) return 3;
    if (!strcmp(t, "Long")) return 2;
    return 1;                /* Int, Char, Short, Byte: arithmetic gives Int */
}

static char *widen(const char *a, const char *b) {
    int r = num_rank_of(a) > num_rank_of(b) ? num_rank_of(a) : num_rank_of(b);
    return strdup(r == 4 ? "Double" : r == 3 ? "Float" : r == 2 ? "Long" : "Int");
}

static char *join(char *a, char *b);

/* join of two type trees: the same class with joined type arguments (Seq[String] and
 * Seq[Nothing] are Seq[String]), tuples member by member; NULL when unknown */
static Ty *join_ty(const Ty *a, const Ty *b, int depth) {
    if (depth > 16 || a->kind != b->kind || a->n != b->n) return NULL;
    if (a->kind == TY_NAME && strcmp(a->name, b->name)) return NULL;
    if (a->kind == TY_FUNC) return NULL;
    Ty *r = ty_copy(a);
    for (int i = 0; i < a->n; i++) {
        char *x = ty_print(a->args[i]), *y = ty_print(b->args[i]);
        char *j = join(x, y);
        Ty *jt = ty_parse(j);
        free(j);
        if (!jt) { ty_free(r); return NULL; }
        ty_free(r->args[i]);
        r->args[i] = jt;
    }
    return r;
}

/* The type of two branches: equal, numeric widening, Nothing gives way; else unknown. */
static char *join(char *a, char *b) {
    char *r = NULL;
    if (a && b) {
        if (!strcmp(a, b)) r = strdup(a);
        else if (!strcmp(a, "Nothing")) r = strdup(b);
        else if (!strcmp(b, "Nothing")) r = strdup(a);
        else if (is_num_type(a) && is_num_type(b) && strcmp(a, "Char") && strcmp(b, "Char")) r = widen(a, b);
        else {
            Ty *x = ty_parse(a), *y = ty_parse(b), *j = x && y ? join_ty(x, y, 0) : NULL;
            if (j) r = ty_print(j);
            ty_free(x); ty_free(y); ty_free(j);
        }
    }
    free(a);
    free(b);
    return r;
}

static const char *scope_find(TScope *sc, const char *name, bool *found) {
    for (; sc; sc = sc->up)
        if (sc->name == name) { *found = true; return sc->type; }
    *found = false;
    return NULL;
}

static TScope *scope_push(TScope *up, const char *name, char *type) {
    TScope *s = malloc(sizeof *s);
    s->name = name;
    s->type = type;
    s->up = up;
    return s;
}

static void scope_pop_to(TScope *sc, TScope *stop) {
    while (sc && sc != stop) {
        TScope *up = sc->up;
        free(sc->type);
        free(sc);
        sc = up;
    }
}

/* The declared or inferred result type of a def, or NULL. */
static char *def_result(Ctx *c, Node *d) {
    if (d->type) return strdup(d->type);
    if (!d->a) return NULL;
    for (int i = 0; i < c->nvisiting; i++) if (c->visiting[i] == d) return NULL;
    if (c->nvisiting == (int)(sizeof c->visiting / sizeof c->visiting[0])) return NULL;
    c->visiting[c->nvisiting++] = d;
    TScope *sc = NULL;
    for (int i = 0; i < d->nparams; i++) {
        const Param *p = &d->params[i];
        char *pt = NULL;
        if (p->type && (p->flags & NP_VARARGS)) {          /* xs: Int* is a Seq[Int] inside */
            size_t n = strlen(p->type);
            if (n && p->type[n - 1] == '*') n--;
            pt = malloc(n + 6);
            snprintf(pt, n + 6, "Seq[%.*s]", (int)n, p->type);
        } else if (p->type) pt = strdup(p->type);
        sc = scope_push(sc, p->name, pt);
    }
    char *t = infer(c, d->a, sc);
    scope_pop_to(sc, NULL);
    c->nvisiting--;
    return t;
}

static bool name_is(const char *s, const char *const *names) {
    for (; *names; names++) if (!strcmp(s, *names)) return true;
    return false;
}

/* Result types of common methods whatever the receiver. */
static const char *method_result(const char *m) {
    static const char *const ints[] = {"length", "size", "toInt", "count", "indexOf", "lastIndexOf",
                                       "compareTo", "hashCode", "##", NULL};
    static const char *const bools[] = {"isEmpty", "nonEmpty", "contains", "startsWith", "endsWith",
                                        "exists", "forall", "isDefined", "equals", "equalsIgnoreCase",
                                        "matches", "containsKey", "isInstanceOf", NULL};
    static const char *const strs[] = {"toString", "mkString", "trim", "toUpperCase", "toLowerCase",
                                       "substring", "replace", "replaceAll", "format", "capitalize",
                                       "stripMargin", "getMessage", NULL};
    if (name_is(m, ints)) return "Int";
    if (name_is(m, bools)) return "Boolean";
    if (name_is(m, strs)) return "String";
    if (!strcmp(m, "split")) return "Array[String]";
    if (!strcmp(m, "toDouble")) return "Double";
    if (!strcmp(m, "toLong")) return "Long";
    if (!strcmp(m, "toChar")) return "Char";
    if (!strcmp(m, "foreach") || !strcmp(m, "println")) return "Unit";
    return NULL;
}

/* The class whose registry signatures type a member of a value of type head. */
static const HostClass *class_of_type(Interp *I, const char *head) {
    static const char *const seqs[] = {"List", "Seq", "Array", "Vector", "IndexedSeq", "Iterable", "ArrayBuffer",
                                       "ListBuffer", "Queue", "Iterator", "Buffer", "LinearSeq", NULL};
    static const char *const maps[] = {"Map", "HashMap", NULL};
    const char *h = ty_simple(head);
    if (name_is(h, seqs)) return I->cls_seq;
    if (name_is(h, maps)) return I->cls_map;
    if (!strcmp(h, "Set") || !strcmp(h, "HashSet")) return I->cls_set;
    if (!strcmp(h, "Option") || !strcmp(h, "Some")) return I->cls_option;
    if (!strcmp(h, "String")) return I->cls_string;
    return interp_find_class(I, head);
}

static char *lambda_body(Ctx *c, Node *n, const char *const *ptypes, int np, TScope *sc);

/* The result type of recv.m(args) from m's signature in the registry: the receiver's type
 * binds the class's variables (T, A, K, V, CC), the arguments' types (a lambda's body typed
 * with its parameters' types) the method's own; NULL when a variable stays unknown. */
static char *sig_result(Ctx *c, const char *sig, const Ty *recv, Node **args, int nargs, TScope *sc) {
    Sig s;
    if (!sig_parse(sig, &s)) { sig_free(&s); return NULL; }
    TyBinds b = {0};
    ty_bind_receiver(&b, recv);
    for (int i = 0; i < s.ntparams; i++) ty_unbind(&b, s.tparams[i]);
    for (int i = 0; i < nargs && i < s.nparams; i++) {
        const Ty *pt = s.params[i];
        Node *a = args[i];
        char *at = NULL;
        Ty *res = NULL;
        if (a->kind == N_LAMBDA && pt->kind == TY_FUNC && a->nparams == pt->n - 1) {
            char *ptypes[TY_MAX_PARAMS] = {0};
            for (int j = 0; j < a->nparams && j < TY_MAX_PARAMS; j++) {
                Ty *st = ty_subst(&b, pt->args[j]);
                ptypes[j] = st ? ty_print(st) : NULL;
                ty_free(st);
            }
            at = lambda_body(c, a, (const char *const *)ptypes, a->nparams, sc);
            for (int j = 0; j < TY_MAX_PARAMS; j++) free(ptypes[j]);
            res = pt->args[pt->n - 1];
        } else if (a->kind != N_LAMBDA) {
            at = infer(c, a, sc);
            res = s.params[i];
        }
        Ty *t = ty_parse(at);
        ty_unify(&b, res, t);
        ty_free(t);
        free(at);
    }
    Ty *r = ty_subst(&b, s.result);
    char *out = r ? ty_print(r) : NULL;
    ty_free(r);
    ty_binds_free(&b);
    sig_free(&s);
    return out;
}

/* The alternative of an overloaded registry signature ("def head(): Row\ndef head(n: Int):
 * Array[Row]") whose first parameter list takes nargs arguments (the first when none does);
 * malloc'd. *lists: how many parameter lists it has. */
static char *sig_alternative(const char *sig, int nargs, int *lists) {
    const char *pick = sig;
    for (const char *p = sig; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        const char *open = strchr(p, '('), *end = strchr(p, '\n');
        if (!open || (end && open > end)) continue;
        int n = 0;
        bool any = false;
        for (const char *q = open + 1; *q && *q != ')'; q++) {
            if (*q == ':') any = true;
            if (*q == ',') n++;
        }
        if ((any ? n + 1 : 0) == nargs) { pick = p; break; }
    }
    const char *end = strchr(pick, '\n');
    char *one = end ? strndup(pick, (size_t)(end - pick)) : strdup(pick);
    if (lists) {
        *lists = 0;
        int depth = 0;
        for (const char *q = one; *q && *q != '='; q++) {
            if (*q == '[') depth++;
            else if (*q == ']') depth--;
            else if (*q == '(' && !depth) (*lists)++;
            else if (*q == ')' && q[1] == ':') break;
        }
    }
    return one;
}

/* The type of recv.m or recv.m(args): a tuple's _N, a member with a registry signature.
 * *lists (when not NULL): the member signature's number of parameter lists (0 unknown). */
static char *member_type_lists(Ctx *c, Node *recv, const char *m, Node **args, int nargs, TScope *sc, int *lists) {
    if (lists) *lists = 0;
    char *rt = infer(c, recv, sc);
    Ty *r = ty_parse(rt);
    free(rt);
    if (!r) return NULL;
    char *out = NULL;
    if (r->kind == TY_NAME && r->n == 1 && (!strcmp(r->name, "Dataset") || !strcmp(r->name, "org.apache.spark.sql.Dataset")) &&
        (!strcmp(m, "collect") || !strcmp(m, "take")) && nargs == !strcmp(m, "take")) {
        /* a typed Dataset's rows are its elements: spark.range(3).collect() is an Array[Long]
         * (a DataFrame's Dataset[T], T unbound, keeps the class's Array[Row] below) */
        char *e = ty_print(r->args[0]);
        bool rows = strlen(e) == 1 || !strcmp(e, "Any") || !strcmp(e, "Row") || !strcmp(e, "org.apache.spark.sql.Row");
        if (!rows && asprintf(&out, "Array[%s]", e) < 0) out = NULL;
        free(e);
    }
    if (out) {
        /* the Dataset's element type above */
    } else if (r->kind == TY_TUPLE && m[0] == '_' && isdigit((unsigned char)m[1]) && !nargs) {
        int k = atoi(m + 1);
        if (k >= 1 && k <= r->n) out = ty_print(r->args[k - 1]);
    } else if (r->kind == TY_NAME) {
        const HostClass *cls = class_of_type(c->I, r->name);
        const MethodDef *md = cls ? host_find_method(cls, m) : NULL;
        if (md && md->signature) {
            char *sig = sig_alternative(md->signature, nargs, lists);
            out = sig_result(c, sig, r, args, nargs, sc);
            free(sig);
        }
        Slot *s = !cls && !nargs && r->n == 0 ? env_lookup(c->env, intern(r->name)) : NULL;
        const ClassObj *uc = s && s->v.t == T_CLASS ? (const ClassObj *)s->v.u.o : NULL;
        if (uc && uc->is_case && uc->def && uc->def->kind == N_CLASS) {   /* e.salary of a case class Employee */
            const Node *d = uc->def;
            int np = d->nplists > 0 ? d->plists[0] : d->nparams;
            for (int i = 0; i < np && !out; i++)
                if (!strcmp(d->params[i].name, m) && d->params[i].type) out = strdup(d->params[i].type);
        }
    }
    ty_free(r);
    return out;
}

static char *member_type(Ctx *c, Node *recv, const char *m, Node **args, int nargs, TScope *sc) {
    return member_type_lists(c, recv, m, args, nargs, sc, NULL);
}

/* x(args) of a value x of type t: t's apply (rows(0) of an Array[Row] is a Row, m(k) of a
 * Map[K,V] a V); NULL when t has no apply with a signature */
static char *apply_of_type(Ctx *c, const char *t, Node *n, TScope *sc) {
    if (!t || strstr(t, "=>")) return NULL;
    Node tn = {.kind = N_TYPED, .type = (char *)t};
    return member_type(c, &tn, "apply", n->list.items, n->list.len, sc);
}

static char *infer_ident(Ctx *c, Node *n, TScope *sc) {
    bool found;
    const char *t = scope_find(sc, n->str, &found);
    if (found) return t ? strdup(t) : NULL;
    Slot *s = env_lookup(c->env, n->str);
    if (s && (s->flags & SLOT_BYNAME)) return as_func(s->v)->data ? strdup(as_func(s->v)->data) : NULL;   /* x: => T */
    if (!s || (s->flags & SLOT_LAZY)) return NULL;
    if ((s->flags & SLOT_DEF) && s->v.t == T_FUNC && as_func(s->v)->def && as_func(s->v)->def->kind == N_DEF) {
        Node *d = as_func(s->v)->def;
        return d->nparams == 0 && d->nplists <= 1 ? def_result(c, d) : NULL;
    }
    if (s->v.t == T_FUNC && !as_func(s->v)->def) return NULL;   /* natives: println etc. */
    return val_type_name(c->I, s->v);
}

/* List(a, b), Some(x), Map(k -> v): the companion's type over its arguments' common type. */
static char *companion_apply(Ctx *c, const char *name, Node *n, TScope *sc) {
    static const char *const heads[][2] = {{"List", "List"}, {"Seq", "Seq"}, {"Vector", "scala.collection.immutable.Vector"},
                                           {"Array", "Array"}, {"Some", "Some"}, {"Option", "Option"},
                                           {"Set", "scala.collection.immutable.Set"}, {"Map", "scala.collection.immutable.Map"}};
    const char *head = NULL;
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) if (!strcmp(name, heads[i][0])) head = heads[i][1];
    if (!head || (n->list.len != 1 && (!strcmp(name, "Some") || !strcmp(name, "Option")))) return NULL;
    char *elem = n->list.len ? NULL : strdup("Nothing");
    for (int i = 0; i < n->list.len; i++) {
        char *t = infer(c, n->list.items[i], sc);
        elem = i ? join(elem, t) : t;
        if (!elem) return NULL;
    }
    StrBuf sb; sb_init(&sb);
    if (!strcmp(name, "Map")) {
        Ty *t = ty_parse(elem);
        if (t && t->kind == TY_TUPLE && t->n == 2) {
            char *k = ty_print(t->args[0]), *v = ty_print(t->args[1]);
            sb_printf(&sb, "%s[%s,%s]", head, k, v);
            free(k); free(v);
        } else if (!strcmp(elem, "Nothing")) sb_printf(&sb, "%s[Nothing,Nothing]", head);
        ty_free(t);
    } else sb_printf(&sb, "%s[%s]", head, elem);
    free(elem);
    char *r = sb_take(&sb);
    if (!*r) { free(r); return NULL; }
    return r;
}

static char *infer_apply(Ctx *c, Node *n, TScope *sc) {
    Node *f = n->a;
    if (f->kind == N_TYPEARGS) f = f->a;
    if (f->kind == N_IDENT) {
        bool found;
        scope_find(sc, f->str, &found);
        if (found) {            /* a local function value: its type's result */
            const char *t = scope_find(sc, f->str, &found);
            const char *arrow = t ? strstr(t, "=> ") : NULL;
            return arrow ? strdup(arrow + 3) : apply_of_type(c, t, n, sc);
        }
        if (!strcmp(f->str, "println") || !strcmp(f->str, "print") || !strcmp(f->str, "printf"))
            return strdup("Unit");
        Slot *s = env_lookup(c->env, f->str);
        if (!s) return NULL;
        if (s->v.t == T_FUNC && as_func(s->v)->def && as_func(s->v)->def->kind == N_DEF) {
            Node *d = as_func(s->v)->def;
            return d->nplists <= 1 ? def_result(c, d) : NULL;
        }
        if (s->v.t == T_CLASS) return strdup(((ClassObj *)s->v.u.o)->name);
        if (s->v.t == T_SEQ || s->v.t == T_MAP) {   /* rows(0) of a val rows = df.collect() */
            char *t = infer_ident(c, f, sc);
            char *r = apply_of_type(c, t, n, sc);
            free(t);
            return r;
        }
        return companion_apply(c, f->str, n, sc);
    }
    if (f->kind == N_SELECT && f->a->kind == N_IDENT && !strcmp(f->a->str, "System") &&
        (!strcmp(f->str, "setProperty") || !strcmp(f->str, "getProperty") || !strcmp(f->str, "getenv") ||
         !strcmp(f->str, "clearProperty")))
        return strdup("String");     /* null the first time: still a String */
    if (f->kind == N_SELECT) {
        char *r = member_type(c, f->a, f->str, n->list.items, n->list.len, sc);
        if (r) return r;
        const char *t = method_result(f->str);
        return t ? strdup(t) : NULL;
    }
    /* a method's second argument list (xs.foldLeft(0)(_ + _)): its signature's result, bound by
     * the first list's arguments (B of foldLeft[B](z: B)(op: (B, A) => B): B from z) */
    if (f->kind == N_APPLY && f->a->kind == N_SELECT) {
        int lists = 0;
        char *r = member_type_lists(c, f->a->a, f->a->str, f->list.items, f->list.len, sc, &lists);
        if (r && lists == 1) {       /* df.take(2)(1): the result's apply */
            char *e = apply_of_type(c, r, n, sc);
            free(r);
            return e;
        }
        if (r && strstr(r, "=>")) { free(r); r = NULL; }   /* a function-valued first list: not known here */
        return r;
    }
    return NULL;
}

/* a.b.c (identifiers joined by selections) as "a.b.c" in buf; false when n is not such */
static bool dotted_path(const Node *n, char *buf, size_t size) {
    if (n->kind == N_IDENT) return snprintf(buf, size, "%s", n->str) < (int)size;
    if (n->kind != N_SELECT || !n->a || !dotted_path(n->a, buf, size)) return false;
    size_t l = strlen(buf);
    return snprintf(buf + l, size - l, ".%s", n->str) < (int)(size - l);
}

static char *infer(Ctx *c, Node *n, TScope *sc) {
    if (!n || c->depth > 64) return NULL;
    c->depth++;
    char *r = NULL;
    switch (n->kind) {
    case N_INT: r = strdup("Int"); break;
    case N_LONG: r = strdup("Long"); break;
    case N_DOUBLE: r = strdup("Double"); break;
    case N_FLOAT: r = strdup("Float"); break;
    case N_STRING: case N_INTERP: r = strdup("String"); break;
    case N_CHAR: r = strdup("Char"); break;
    case N_BOOL: r = strdup("Boolean"); break;
    case N_NULL: r = strdup("Null"); break;
    case N_UNIT: case N_WHILE: case N_DOWHILE: case N_ASSIGN: case N_OPASSIGN: r = strdup("Unit"); break;
    case N_THROW: case N_RETURN: r = strdup("Nothing"); break;
    case N_TYPED: r = n->type && strcmp(n->type, "_*") ? strdup(n->type) : NULL; break;
    case N_IDENT: r = infer_ident(c, n, sc); break;
    case N_APPLY: r = infer_apply(c, n, sc); break;
    case N_SELECT: case N_POSTFIX: {
        r = member_type(c, n->a, n->str, NULL, 0, sc);
        if (!r && n->kind == N_SELECT) {       /* org.apache.spark.TaskContext: a global of a qualified name */
            char path[256];
            if (dotted_path(n, path, sizeof path)) {
                Slot *s = env_lookup(c->env, intern(path));
                if (s && !(s->flags & SLOT_LAZY) && s->v.t == T_HOST) r = val_type_name(c->I, s->v);
            }
        }
        const char *t = r ? NULL : method_result(n->str);
        if (t) r = strdup(t);
        break;
    }
    case N_NEW:
        if (n->ntypes == 0) r = strdup(n->str);
        break;
    case N_PREFIX: {
        char *t = infer(c, n->a, sc);
        if (n->op == OP_NOT) r = strdup("Boolean");
        else if (t && is_num_type(t)) r = widen(t, "Int");
        free(t);
        break;
    }
    case N_INFIX: {
        const char *op = n->str;
        static const char *const cmp[] = {"contains", "startsWith", "endsWith", NULL};
        switch (n->op) {
        case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_AND: case OP_OR:
        case OP_REF_EQ: case OP_REF_NE: r = strdup("Boolean"); break;
        default: if (name_is(op, cmp)) r = strdup("Boolean");
        }
        if (r) break;
        char *a = infer(c, n->a, sc), *b = infer(c, n->b, sc);
        bool plain = n->op >= OP_PLUS && n->op <= OP_MOD;   /* + - * / % */
        if (n->op == OP_ARROW && a && b) {
            size_t len = strlen(a) + strlen(b) + 5;
            r = malloc(len);
            snprintf(r, len, "(%s, %s)", a, b);
        } else if (n->op == OP_PLUS && a && b && (!strcmp(a, "String") || !strcmp(b, "String"))) {
            r = strdup("String");
        } else if (n->op == OP_TIMES && a && b && !strcmp(a, "String") && !strcmp(b, "Int")) {
            r = strdup("String");       /* "ab" * 3 */
        } else if (plain && a && b && is_num_type(a) && is_num_type(b)) {
            r = widen(a, b);
        } else if ((!strcmp(op, "max") || !strcmp(op, "min")) && a && b && is_num_type(a) && is_num_type(b)) {
            r = widen(a, b);
        }
        free(a);
        free(b);
        break;
    }
    case N_IF:
        if (!n->c) r = strdup("Unit");
        else r = join(infer(c, n->b, sc), infer(c, n->c, sc));
        break;
    case N_BLOCK: {
        TScope *top = sc;
        r = strdup("Unit");
        for (int i = 0; i < n->list.len; i++) {
            Node *s = n->list.items[i];
            free(r);
            r = NULL;
            if (s->kind == N_VAL && s->pat && s->pat->kind == P_BIND) {
                sc = scope_push(sc, s->pat->name, s->type ? strdup(s->type) : infer(c, s->a, sc));
                r = strdup("Unit");
            } else if (s->kind == N_DEF || s->kind == N_VAL || s->kind == N_CLASS || s->kind == N_OBJECT ||
                       s->kind == N_IMPORT || s->kind == N_TRAIT) {
                r = strdup("Unit");
            } else {
                r = infer(c, s, sc);
            }
        }
        scope_pop_to(sc, top);
        break;
    }
    case N_TUPLE: {
        StrBuf sb; sb_init(&sb);
        sb_putc(&sb, '(');
        bool ok = true;
        for (int i = 0; i < n->list.len && ok; i++) {
            char *t = infer(c, n->list.items[i], sc);
            if (!t) ok = false;
            else sb_printf(&sb, i ? ", %s" : "%s", t);
            free(t);
        }
        sb_putc(&sb, ')');
        char *s = sb_take(&sb);
        if (ok) r = s;
        else free(s);
        break;
    }
    case N_LAMBDA: {
        StrBuf sb; sb_init(&sb);
        TScope *top = sc;
        bool ok = true;
        if (n->nparams != 1) sb_putc(&sb, '(');
        for (int i = 0; i < n->nparams; i++) {
            const char *pt = n->params[i].type;
            if (!pt) ok = false;
            sb_printf(&sb, i ? ", %s" : "%s", pt ? pt : "Any");
            sc = scope_push(sc, n->params[i].name, pt ? strdup(pt) : NULL);
        }
        if (n->nparams != 1) sb_putc(&sb, ')');
        char *body = ok ? infer(c, n->b, sc) : NULL;
        scope_pop_to(sc, top);
        sb_printf(&sb, " => %s", body ? body : "");
        char *s = sb_take(&sb);
        if (ok && body) r = s;
        else free(s);
        free(body);
        break;
    }
    case N_MATCH: case N_TRY: {
        /* the cases' bodies, with pattern variables unknown; a try adds its body */
        char *t = n->kind == N_TRY ? infer(c, n->a, sc) : NULL;
        bool first = n->kind != N_TRY;
        for (int i = 0; i < n->ncases; i++) {
            char *ct = infer(c, n->cases[i].body, sc);
            if (first) { t = ct; first = false; }
            else t = join(t, ct);
            if (!t) break;
        }
        r = t;
        break;
    }
    case N_FOR:
        if (!(n->flags & NF_YIELD)) r = strdup("Unit");
        break;
    default: break;
    }
    c->depth--;
    return r;
}

/* The type of lambda n's body, its parameters typed as declared, else as ptypes[i] (NULL unknown). */
static char *lambda_body(Ctx *c, Node *n, const char *const *ptypes, int np, TScope *sc) {
    TScope *top = sc;
    for (int i = 0; i < n->nparams; i++) {
        const char *t = n->params[i].type ? n->params[i].type : i < np ? ptypes[i] : NULL;
        sc = scope_push(sc, n->params[i].name, t ? strdup(t) : NULL);
    }
    char *r = infer(c, n->b, sc);
    scope_pop_to(sc, top);
    return r;
}

char *infer_type(Interp *I, Node *n, Env *env) {
    Ctx c = {.I = I, .env = env};
    return infer(&c, n, NULL);
}

char *infer_def_result(Interp *I, Node *def, Env *env) {
    Ctx c = {.I = I, .env = env};
    return def_result(&c, def);
}

char *infer_lambda_result(Interp *I, Node *lambda, Env *env) {
    Ctx c = {.I = I, .env = env};
    return lambda_body(&c, lambda, NULL, 0, NULL);
}

/* The result type of a function value called with arguments of the given types (a lambda's
 * undeclared parameters take them: `w => (w, 1)` with String is (String, Int)); a def's declared
 * or inferred result. NULL when unknown. For the Spark layer's typed DStreams. */
char *interp_infer_fn_result(Interp *I, Value fn, const char *const *arg_types, int nargs) {
    if (fn.t != T_FUNC || !as_func(fn)->def) return NULL;
    FuncObj *f = as_func(fn);
    if (f->def->kind == N_DEF) return infer_def_result(I, f->def, f->env);
    if (f->def->kind != N_LAMBDA) return NULL;
    Ctx c = {.I = I, .env = f->env};
    return lambda_body(&c, f->def, arg_types, nargs, NULL);
}

const char *interp_fn_param_member(Value fn) {
    if (fn.t != T_FUNC || !as_func(fn)->def) return NULL;
    const Node *n = as_func(fn)->def;
    if (n->kind != N_LAMBDA || n->nparams != 1 || (n->flags & NF_CASE_LAMBDA) || n->params[0].type) return NULL;
    const Node *b = n->b;
    while (b && b->kind == N_BLOCK && b->list.len == 1) b = b->list.items[0];
    if (b && b->kind == N_APPLY && b->list.len == 0) b = b->a;
    if (!b || b->kind != N_SELECT || !b->a || b->a->kind != N_IDENT || strcmp(b->a->str, n->params[0].name)) return NULL;
    return b->str;
}

/* ---- static types the REPL echo names (a Seq holding a List, an Option holding a None) ---- */

void infer_record_val(Interp *I, const char *name, const char *type) {
    for (int i = 0; i < I->nval_types; i++) {
        if (I->val_types[i].name != name) continue;
        free(I->val_types[i].type);
        if (type) { I->val_types[i].type = strdup(type); return; }
        I->val_types[i] = I->val_types[--I->nval_types];
        return;
    }
    if (!type) return;
    if (I->nval_types == I->cval_types) {
        int c = I->cval_types ? 2 * I->cval_types : 8;
        struct ValType *nv = realloc(I->val_types, (size_t)c * sizeof *nv);
        if (!nv) return;
        I->val_types = nv;
        I->cval_types = c;
    }
    I->val_types[I->nval_types++] = (struct ValType){name, strdup(type)};
}

void infer_free_vals(Interp *I) {
    for (int i = 0; i < I->nval_types; i++) free(I->val_types[i].type);
    free(I->val_types);
    I->val_types = NULL;
    I->nval_types = I->cval_types = 0;
}

/* The static type of a name: a recorded val's, a def's declared result, else its value's. */
static char *static_type_of(Interp *I, const Node *r) {
    if (r->kind == N_APPLY && !r->list.len) r = r->a;
    if (r->kind != N_IDENT) return NULL;
    for (int i = 0; i < I->nval_types; i++)
        if (I->val_types[i].name == r->str) return strdup(I->val_types[i].type);
    Slot *s = env_lookup(I->globals, r->str);
    if (!s || (s->flags & SLOT_LAZY)) return NULL;
    if (s->v.t == T_FUNC && as_func(s->v)->def && as_func(s->v)->def->kind == N_DEF) {
        const Node *d = as_func(s->v)->def;
        return d->type && d->nparams == 0 ? strdup(d->type) : NULL;
    }
    return val_type_name(I, s->v);
}

/* Methods whose result is the receiver's kind of collection. */
static bool keeps_kind(const char *m) {
    static const char *const keep[] = {"map", "flatMap", "filter", "filterNot", "collect", "take",
                                       "drop", "reverse", "sorted", "sortBy", "sortWith", "distinct",
                                       "takeWhile", "dropWhile", "tail", "init", "slice", "++", "zip",
                                       "zipWithIndex", ":+", "+:", "updated", "scanLeft", NULL};
    return name_is(m, keep);
}

/* "X" of "Prefix[X]" (the last type argument when last), malloc'd; NULL when not that shape. */
static char *type_arg(const char *t, const char *prefix, bool last) {
    size_t n = strlen(prefix), len = strlen(t);
    if (strncmp(t, prefix, n) || t[n] != '[' || t[len - 1] != ']') return NULL;
    const char *a = t + n + 1;
    if (last) {                  /* Map[K,V]: V, after the top-level comma */
        int depth = 0;
        for (const char *p = a; p < t + len - 1; p++) {
            if (*p == '[' || *p == '(') depth++;
            else if (*p == ']' || *p == ')') depth--;
            else if (*p == ',' && !depth) a = p + 1;
        }
        while (*a == ' ') a++;
    }
    return strndup(a, (size_t)(t + len - 1 - a));
}

/* Whether type t names a type variable (a one-letter name: def first[T](xs: Seq[T]): T). */
static bool has_type_var(const Ty *t) {
    if (t->kind == TY_NAME && strlen(t->name) == 1) return true;
    for (int i = 0; i < t->n; i++) if (has_type_var(t->args[i])) return true;
    return false;
}

/* The declared result type of f(args), f a top-level def: what scalac names the call's value. */
static char *declared_call_type(Interp *I, const Node *e) {
    const Node *f = e->a;
    if (f->kind != N_IDENT) return NULL;
    Slot *s = env_lookup(I->globals, f->str);
    if (!s || !(s->flags & SLOT_DEF) || s->v.t != T_FUNC || !as_func(s->v)->def) return NULL;
    const Node *d = as_func(s->v)->def;
    if (d->kind != N_DEF || !d->type || d->nplists > 1) return NULL;
    Ty *t = ty_parse(d->type);
    bool ok = t && !has_type_var(t);
    ty_free(t);
    return ok ? normalize_type_in(I, d->type) : NULL;
}

/* Map[String, Object](...), List[Any](1, 2): a collection made with its type arguments written
 * out has those as its element types (scalac takes them as given), in place of the ones the
 * runtime type names from the elements. NULL when e is not such a call or the arities differ. */
static char *written_type_args(const Node *e, const char *runtime) {
    static const char *const made[] = {"List", "Seq", "Vector", "Set", "Map", "Array", "IndexedSeq", "Iterable", NULL};
    if (e->kind != N_APPLY || e->a->kind != N_TYPEARGS || e->a->a->kind != N_IDENT) return NULL;
    const Node *t = e->a;
    bool known = false;
    for (int i = 0; made[i] && !known; i++) known = !strcmp(t->a->str, made[i]);
    const char *lb = strchr(runtime, '[');
    size_t rl = strlen(runtime);
    if (!known || !lb || runtime[rl - 1] != ']') return NULL;
    int depth = 0, args = 1;   /* the runtime type's own arity: commas at the top level */
    for (const char *p = lb + 1; p < runtime + rl - 1; p++) {
        if (*p == '[' || *p == '(') depth++;
        else if (*p == ']' || *p == ')') depth--;
        else if (*p == ',' && !depth) args++;
    }
    if (args != t->ntypes) return NULL;
    StrBuf sb;
    sb_init(&sb);
    /* Seq(…) is a List at run time but a Seq to scalac (IndexedSeq and Iterable alike) */
    const char *c = t->a->str;
    if (!strcmp(c, "Seq") || !strcmp(c, "IndexedSeq") || !strcmp(c, "Iterable")) sb_printf(&sb, "%s[", c);
    else sb_add(&sb, runtime, (size_t)(lb - runtime) + 1);
    for (int i = 0; i < t->ntypes; i++) {
        const char *ty = t->types[i];
        if (!strncmp(ty, "java.lang.", 10) && !strchr(ty + 10, '.')) ty += 10;   /* as scalac prints them */
        sb_printf(&sb, "%s%s", i ? "," : "", ty);
    }
    sb_putc(&sb, ']');
    return sb_take(&sb);
}

/* Seq.fill(n1, n2)(x), IndexedSeq.tabulate(n)(f): a Seq (IndexedSeq, Iterable) to scalac at each of
 * its dimensions, whatever the runtime type's collections are (List[List[String]] is
 * Seq[Seq[String]]). NULL when e is not such a call. */
static char *fill_companion_type(const Node *e, const char *runtime) {
    if (e->kind != N_APPLY || e->a->kind != N_APPLY || e->a->a->kind != N_SELECT || e->a->a->a->kind != N_IDENT) return NULL;
    const Node *sel = e->a->a;
    const char *comp = sel->a->str;
    if (strcmp(sel->str, "fill") && strcmp(sel->str, "tabulate")) return NULL;
    if (strcmp(comp, "Seq") && strcmp(comp, "IndexedSeq") && strcmp(comp, "Iterable")) return NULL;
    StrBuf sb;
    sb_init(&sb);
    const char *p = runtime;
    for (int d = 0; d < e->a->list.len; d++) {   /* one collection name per dimension */
        const char *lb = strchr(p, '[');
        if (!lb) { free(sb_take(&sb)); return NULL; }
        sb_printf(&sb, "%s[", comp);
        p = lb + 1;
    }
    sb_puts(&sb, p);
    return sb_take(&sb);
}

char *infer_echo_type(Interp *I, const Node *e, Value v, const char *runtime) {
    if (!strcmp(runtime, "scala.collection.mutable.StringBuilder")) return strdup("StringBuilder");
    char *written = written_type_args(e, runtime);
    if (written) return written;
    if (v.t == T_SEQ && (written = fill_companion_type(e, runtime))) return written;
    if (v.t == T_SEQ && e->kind == N_APPLY && e->a->kind == N_TYPEARGS && e->a->ntypes == 1 && e->a->a->kind == N_SELECT &&
        !strcmp(e->a->a->str, "ofDim") && e->a->a->a->kind == N_IDENT && !strcmp(e->a->a->a->str, "Array")) {
        StrBuf sb;   /* Array.ofDim[String](2, 1): Array[Array[String]], whatever the nulls say */
        sb_init(&sb);
        char *t = normalize_type_in(I, e->a->types[0]);
        const char *tn = !strncmp(t, "java.lang.", 10) && !strchr(t + 10, '.') ? t + 10 : t;   /* as scalac prints it */
        for (int d = 0; d < e->list.len; d++) sb_puts(&sb, "Array[");
        sb_puts(&sb, tn);
        for (int d = 0; d < e->list.len; d++) sb_putc(&sb, ']');
        free(t);
        return sb_take(&sb);
    }
    if (e->kind == N_APPLY && bigint_is(v)) return declared_call_type(I, e);
    if (e->kind == N_APPLY && e->a->kind == N_IDENT && !strcmp(e->a->str, "Seq") && v.t == T_SEQ) {
        char *t = infer_type(I, (Node *)e, I->globals);   /* Seq(Seq("a"), Seq()): Seq[Seq[String]] */
        if (t && !strncmp(t, "Seq[", 4) && !strstr(t, "Any")) return t;
        free(t);
    }
    if (v.t == T_NONE && e->kind == N_APPLY && e->a->kind == N_IDENT && !strcmp(e->a->str, "Option") &&
        e->list.len == 1 && e->list.items[0]->kind == N_NULL)
        return strdup("Option[Null]");                       /* Option(null) */
    if ((v.t == T_NONE || v.t == T_SOME) && e->kind == N_APPLY && e->a->kind == N_IDENT && !strcmp(e->a->str, "Option") &&
        e->list.len == 1) {
        /* Option(s): Option[T] of s's static type (s: String = null gives None: Option[String]) */
        char *at = static_type_of(I, e->list.items[0]);
        if (!at) at = infer_type(I, e->list.items[0], I->globals);
        if (at && strcmp(at, "Null") && strcmp(at, "Nothing")) {
            StrBuf sb; sb_init(&sb);
            char *nt = normalize_type_in(I, at);
            sb_printf(&sb, "Option[%s]", nt);
            free(nt);
            free(at);
            return sb_take(&sb);
        }
        free(at);
    }
    if (e->kind == N_TUPLE && strstr(runtime, "Some[")) {   /* (acc.value, acc.name): Option[String], not Some */
        char *st = infer_type(I, (Node *)e, I->globals);
        if (st && st[0] == '(' && !strstr(st, "Any") && !strstr(st, "Some[")) {
            char *nt = normalize_type_in(I, st);
            free(st);
            return nt;
        }
        free(st);
    }
    if (e->kind == N_IDENT && v.t == T_INT) {   /* a val declared Byte or Short (held as an Int) */
        char *st = static_type_of(I, e);
        if (st && (!strcmp(st, "Byte") || !strcmp(st, "Short"))) return st;
        free(st);
    }
    if (e->kind == N_IDENT && (v.t == T_SEQ || v.t == T_NONE || v.t == T_SOME)) {
        char *st = static_type_of(I, e);     /* a recorded val, a def declared Seq[T] */
        if (st && (!strncmp(st, "Seq[", 4) || !strncmp(st, "Option[", 7))) return st;
        free(st);
        return NULL;
    }
    const Node *callee = e->kind == N_APPLY ? e->a : e->kind == N_SELECT || e->kind == N_POSTFIX || e->kind == N_INFIX ? e : NULL;
    if (callee && callee->kind == N_APPLY && callee->a->kind == N_SELECT && !strcmp(callee->a->str, "scanLeft"))
        callee = callee->a;                                  /* r.scanLeft(z)(op): r's kind */
    if (callee && callee->kind == N_TYPEARGS) callee = callee->a;
    if (e->kind == N_APPLY && callee && callee->kind == N_IDENT && v.t == T_SEQ) {
        /* f(args) of a def whose result is a Seq (def f(xs: Int*) = xs.map(g): Seq[Int]) */
        Slot *s = env_lookup(I->globals, callee->str);
        const Node *d = s && (s->flags & SLOT_DEF) && s->v.t == T_FUNC ? as_func(s->v)->def : NULL;
        char *st = d && d->kind == N_DEF && !d->type && d->nplists <= 1 ? infer_def_result(I, (Node *)d, I->globals) : NULL;
        Ty *t = st && !strncmp(st, "Seq[", 4) && !strstr(st, "Any") ? ty_parse(st) : NULL;
        bool ok = t && !has_type_var(t);
        ty_free(t);
        if (ok) return st;
        free(st);
    }
    if (!callee || (callee->kind != N_SELECT && callee->kind != N_POSTFIX && callee->kind != N_INFIX)) {
        /* a def declared to give a Seq or an Option: def s: Seq[Int] = List(1, 2) */
        char *st = (v.t == T_SEQ || v.t == T_NONE || v.t == T_SOME) ? static_type_of(I, e) : NULL;
        if (st && e->kind != N_IDENT && (!strncmp(st, "Seq[", 4) || !strncmp(st, "Option[", 7))) return st;
        free(st);
        return NULL;
    }
    const char *m = callee->str;
    const Node *r = callee->a;
    if (v.t == T_SEQ && as_seq(v)->kind == SEQ_WRAPPED) {   /* row.get(i) of an array column: Any */
        char *st = infer_type(I, (Node *)e, I->globals);
        if (st && !strcmp(st, "Any")) return st;
        free(st);
    }
    if (callee->kind == N_INFIX) {      /* xs :+ x, xs ++ ys; x +: xs has its receiver on the right */
        size_t ml = strlen(m);
        if (ml && m[ml - 1] == ':') r = callee->b;
    }
    static const char ab[] = "scala.collection.mutable.ArrayBuffer[", vec[] = "scala.collection.immutable.Vector[",
                      iseq[] = "scala.collection.immutable.Seq[", imap[] = "scala.collection.immutable.Map[";
    bool list = v.t == T_SEQ && as_seq(v)->kind == SEQ_LIST && !strncmp(runtime, "List[", 5);
    bool buf = v.t == T_SEQ && as_seq(v)->kind == SEQ_BUFFER && !strncmp(runtime, ab, sizeof ab - 1);
    bool vect = v.t == T_SEQ && as_seq(v)->kind == SEQ_VECTOR && !strncmp(runtime, vec, sizeof vec - 1);
    if ((list || vect) && !strcmp(m, "toSeq")) {
        /* a List's or Vector's toSeq is an immutable.Seq (2.12's immutable.Seq overrides it) */
        char *rt = infer_type(I, (Node *)r, I->globals);
        bool imm = rt && (!strncmp(rt, "List[", 5) || !strncmp(rt, "Vector[", 7) || !strncmp(rt, vec, sizeof vec - 1));
        free(rt);
        if (!imm && !vect) return NULL;   /* a Map's or Set's toSeq: a Seq holding a Vector */
        StrBuf sb; sb_init(&sb);
        sb_printf(&sb, "%s%s", imm ? "scala.collection.immutable.Seq" : "Seq", strchr(runtime, '['));
        return sb_take(&sb);
    }
    if (list && (!strcmp(m, "map") || !strcmp(m, "flatMap") || !strcmp(m, "collect"))) {
        /* an immutable Map mapped to what is not pairs: an immutable.Iterable holding a List */
        char *rt = infer_type(I, (Node *)r, I->globals);
        bool map = rt && !strncmp(rt, imap, sizeof imap - 1);
        free(rt);
        if (map) {
            StrBuf sb; sb_init(&sb);
            sb_printf(&sb, "scala.collection.immutable.Iterable%s", strchr(runtime, '['));
            return sb_take(&sb);
        }
    }
    if (v.t == T_SEQ && as_seq(v)->kind == SEQ_ARRAY && (!strcmp(m, "collect") || !strcmp(m, "take")) &&
        e->kind == N_APPLY && e->list.len == !strcmp(m, "take")) {
        /* rdd.collect(): Array of the RDD's static element type (a fullOuterJoin's Option[V] even
         * when every left value is a Some) */
        char *rt = infer_type(I, (Node *)r, I->globals);
        static const char rddp[] = "org.apache.spark.rdd.RDD[";
        const char *p = rt && !strncmp(rt, rddp, sizeof rddp - 1) ? rt + sizeof rddp - 1 : rt && !strncmp(rt, "RDD[", 4) ? rt + 4 : NULL;
        size_t len = p ? strlen(p) : 0;
        if (p && len > 1 && p[len - 1] == ']' && !strstr(p, "Any") && strchr(p, '(')) {
            StrBuf sb; sb_init(&sb);
            sb_printf(&sb, "Array[%.*s]", (int)(len - 1), p);
            free(rt);
            return sb_take(&sb);
        }
        free(rt);
    }
    if (vect && (!strcmp(m, "map") || !strcmp(m, "flatMap"))) {
        /* a String mapped to what is not Chars: an IndexedSeq (StringOps' CanBuildFrom) */
        char *rt = infer_type(I, (Node *)r, I->globals);
        bool str = rt && !strcmp(rt, "String");
        free(rt);
        if (str) {
            StrBuf sb; sb_init(&sb);
            sb_printf(&sb, "scala.collection.immutable.IndexedSeq%s", strchr(runtime, '['));
            return sb_take(&sb);
        }
    }
    if ((list || buf || vect) && keeps_kind(m)) {
        /* Seq(..).map(f), ts.filter(p) where ts: Seq[T], arr.toSeq.map(f) (an ArrayBuffer),
         * m.toSeq.sortBy(f) (a Vector): a Seq; xs.toSeq.map(f) for a List xs: an immutable.Seq */
        char *rt = infer_echo_type(I, r, v, runtime);
        if (!rt) {
            const Node *c = r->kind == N_APPLY ? (r->a->kind == N_TYPEARGS ? r->a->a : r->a) : NULL;
            if (c && c->kind == N_IDENT && !strcmp(c->str, "Seq")) rt = strdup("Seq[");
            else rt = infer_type(I, (Node *)r, I->globals);   /* a method typed Seq: arr.toSeq */
        }
        const char *kind = !rt ? NULL : !strncmp(rt, "Seq[", 4) ? "Seq" : list && !strncmp(rt, "Iterable[", 9) ? "Iterable" :
                           !strncmp(rt, iseq, sizeof iseq - 1) ? "scala.collection.immutable.Seq" : NULL;
        free(rt);
        if (!kind) return NULL;
        StrBuf sb; sb_init(&sb);
        sb_printf(&sb, "%s%s", kind, strchr(runtime, '['));
        return sb_take(&sb);
    }
    if (v.t == T_NONE) {          /* a.filter(p), xs.find(p), m.get(k) giving None */
        char *rt = static_type_of(I, r), *arg = NULL;
        if (rt) {
            if (!strcmp(m, "filter") || !strcmp(m, "filterNot") || !strcmp(m, "orElse")) {
                arg = type_arg(rt, "Option", false);
                if (!arg) arg = type_arg(rt, "Some", false);
            } else if (!strcmp(m, "find") || !strcmp(m, "headOption") || !strcmp(m, "lastOption")) {
                static const char *const colls[] = {"List", "Seq", "Array", "Vector", "IndexedSeq", NULL};
                for (int i = 0; colls[i] && !arg; i++) arg = type_arg(rt, colls[i], false);
            } else if (!strcmp(m, "get")) {
                arg = type_arg(rt, "scala.collection.immutable.Map", true);
                if (!arg) arg = type_arg(rt, "scala.collection.mutable.Map", true);
            }
        }
        free(rt);
        if (!arg) {   /* an Either's or a Try's toOption, a library method declared Option[T] */
            char *st = infer_type(I, (Node *)e, I->globals);
            if (st && !strncmp(st, "Option[", 7) && !strstr(st, "Nothing") && !strstr(st, "Any")) return st;
            free(st);
        }
        if (!arg) return NULL;
        StrBuf sb; sb_init(&sb);
        sb_printf(&sb, "Option[%s]", arg);
        free(arg);
        return sb_take(&sb);
    }
    return NULL;
}
