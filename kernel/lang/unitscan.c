/* unitscan.c — what spark-shell's compiler says about a REPL unit before it runs it: names used
 * without the import Scala needs for them (`error: not found: value KafkaUtils`, `not found: type
 * StreamingContext`), and its deprecation warnings:
 *
 *     warning: one deprecation (since Spark 3.4.0); for details, enable `:setting -deprecation' or `:replay -deprecation'
 *
 * Imports: the libraries register the names of a package that code must import
 * (interp_register_imports); `import pkg._`, `import pkg.Name` and `import pkg.{A, B => C}` make
 * them visible for the rest of the session (the kernel's REPL has one scope, as spark-shell's).
 * A name bound by the user, or written qualified, needs nothing. Every such error of a unit is
 * shown, in source order, as spark-shell lists them; the last one is the cell's error.
 *
 * The libraries register what Scala's @deprecated marks (interp_register_deprecations): a class —
 * every use of its type, its constructor and its companion object counts, as scalac counts them —
 * or one member, possibly only for a first argument of some class (DataFrameReader.json of an
 * RDD). Before a REPL unit runs (the statements the REPL compiles together: those that start on
 * the line where the previous one ends), its tree is scanned and the uses counted, grouped by
 * `since`, in the REPL's words.
 *
 * The scan knows only what is certain: the class of an expression is known for `new C`, string
 * literals, top-level names bound by earlier units (their values), vals and lambda parameters
 * whose type the source or a library method's signature gives, and the results of library
 * methods (the result type in the signature of the receiver's class). Anything else is unknown,
 * and a member deprecated for some receiver or argument class only is not counted on it.
 */
#include "lang/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The names of Scala's and Java's libraries that spark-shell 3.5 sees only after an import (its
 * default imports are scala._, Predef and java.lang._), each checked there to fail unimported
 * with `not found: value/type Name`. The Spark library adds its own (spark/init.c). */
#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})
static const struct { const char *package; const char *const *names; } scala_imports[] = {
    {"scala.collection", NAMES("mutable", "immutable", "JavaConverters")},
    {"scala.collection.mutable", NAMES("ArrayBuffer", "ListBuffer", "Queue", "HashMap", "HashSet", "ListMap",
                                       "LinkedHashMap", "TreeMap", "Buffer")},
    {"scala.collection.immutable", NAMES("Queue", "HashMap", "HashSet", "ListMap", "TreeMap", "TreeSet")},
    {"scala.util", NAMES("Random", "Try", "Success", "Failure", "Sorting")},
    {"scala.io", NAMES("Source", "StdIn")},
    {"scala.concurrent", NAMES("Future", "Await", "ExecutionContext")},
    {"scala.concurrent.duration", NAMES("Duration")},
    {"java.util", NAMES("Properties", "HashMap", "HashSet", "UUID", "ArrayList", "LinkedList", "LinkedHashMap",
                        "TreeMap")},
    {"java.util.concurrent", NAMES("TimeUnit", "ConcurrentHashMap", "Executors")},
    {"java.util.concurrent.atomic", NAMES("AtomicInteger", "AtomicLong")},
    {"java.time", NAMES("Instant", "LocalDate")},
    {"java.nio.charset", NAMES("Charset", "StandardCharsets")},
    {"com.google.common.io", NAMES("Files")},
};

void unitscan_init(Interp *I) {
    for (size_t i = 0; i < sizeof scala_imports / sizeof scala_imports[0]; i++)
        interp_register_imports(I, scala_imports[i].package, scala_imports[i].names);
}

void interp_register_imports(Interp *I, const char *package, const char *const *names) {
    if (I->nimport_rows == I->cimport_rows) {
        I->cimport_rows = I->cimport_rows ? 2 * I->cimport_rows : 16;
        I->import_rows = realloc(I->import_rows, (size_t)I->cimport_rows * sizeof *I->import_rows);
        if (!I->import_rows) abort();
    }
    I->import_rows[I->nimport_rows].package = package;
    I->import_rows[I->nimport_rows++].names = names;
}

/* `import path` makes visible: a package's names (pkg._) or one name (pkg.Name, pkg.{A, B}). */
static void note_import(Interp *I, const char *path) {
    char buf[256];
    const char *brace = strchr(path, '{');
    size_t plen = brace ? (size_t)(brace - path) : strlen(path);
    if (plen >= sizeof buf) return;
    const char *added[16];
    int n = 0;
    char rel[256];
    static const char *const scala_pkgs[] = {"collection.", "util.", "io.", "concurrent.", "math.", "sys.", NULL};
    for (int i = 0; scala_pkgs[i]; i++)       /* import collection.mutable: scala._ names scala.collection */
        if (!strncmp(path, scala_pkgs[i], strlen(scala_pkgs[i])) && strlen(path) + 7 < sizeof rel) {
            snprintf(rel, sizeof rel, "scala.%s", path);
            path = rel;
            plen += 6;
            break;
        }
    brace = strchr(path, '{');
    if (!brace) {
        size_t k = plen;
        if (k > 2 && !strcmp(path + k - 2, "._")) k -= 2;      /* pkg._: the package itself */
        added[n++] = intern_n(path, k);
    } else {
        for (const char *p = brace + 1; *p && *p != '}' && n < 16;) {
            while (*p == ' ' || *p == ',') p++;
            size_t k = strcspn(p, ",} =");
            if (!k) break;
            if (plen + k < sizeof buf) {
                memcpy(buf, path, plen);
                memcpy(buf + plen, p, k);
                buf[plen + k] = 0;
                if (k == 1 && *p == '_') buf[plen - 1] = 0;    /* pkg.{_}: the package */
                added[n++] = intern(buf);
            }
            p += k;
            while (*p == ' ') p++;
            if (p[0] == '=' && p[1] == '>') { p += 2; while (*p == ' ') p++; p += strcspn(p, ",}"); }
        }
    }
    for (int i = 0; i < n; i++) {
        bool have = false;
        for (int j = 0; j < I->nimported && !have; j++) have = I->imported[j] == added[i];
        if (have) continue;
        if (I->nimported == I->cimported) {
            I->cimported = I->cimported ? 2 * I->cimported : 16;
            I->imported = realloc(I->imported, (size_t)I->cimported * sizeof *I->imported);
            if (!I->imported) abort();
        }
        I->imported[I->nimported++] = added[i];
    }
}

/* Whether an import makes `name` (a simple name) visible; true for names no package registers. */
static bool visible(Interp *I, const char *name) {
    bool listed = false;
    char buf[256];
    for (int i = 0; i < I->nimport_rows; i++) {
        for (const char *const *n = I->import_rows[i].names; *n; n++) {
            if (strcmp(*n, name)) continue;
            listed = true;
            const char *pkg = intern(I->import_rows[i].package);
            snprintf(buf, sizeof buf, "%s.%s", pkg, name);
            const char *full = intern(buf);
            for (int j = 0; j < I->nimported; j++)
                if (I->imported[j] == pkg || I->imported[j] == full) return true;
        }
    }
    return !listed;
}

void interp_register_deprecations(Interp *I, const Deprecation *rows, int n) {
    for (int i = 0; i < n; i++) {
        if (I->ndeprecs == I->cdeprecs) {
            I->cdeprecs = I->cdeprecs ? 2 * I->cdeprecs : 8;
            I->deprecs = realloc(I->deprecs, (size_t)I->cdeprecs * sizeof *I->deprecs);
            if (!I->deprecs) abort();
        }
        I->deprecs[I->ndeprecs++] = &rows[i];
    }
}

/* ---- names and signatures ---- */

/* The simple name a (possibly qualified, possibly parameterised) type text starts with:
 * "org.apache.spark.rdd.RDD[String]" gives "RDD" (interned), NULL for a function or tuple type. */
static const char *type_head(const char *t) {
    if (!t) return NULL;
    while (*t == ' ') t++;
    const char *end = t;
    while (*end && (isalnum((unsigned char)*end) || *end == '_' || *end == '$' || *end == '.')) end++;
    if (end == t) return NULL;
    const char *p = end;
    while (*p == ' ') p++;
    if (!strncmp(p, "=>", 2)) return NULL;       /* a function type */
    const char *dot = NULL;
    for (const char *q = t; q < end; q++) if (*q == '.') dot = q;
    if (dot) t = dot + 1;
    return t < end ? intern_n(t, (size_t)(end - t)) : NULL;
}

/* Whether the names mean the same class (one may be an alias of the other). */
static bool same_class(Interp *I, const char *a, const char *b) {
    if (!a || !b) return false;
    if (!strcmp(a, b)) return true;
    const HostClass *ca = interp_find_class(I, a), *cb = interp_find_class(I, b);
    return ca && ca == cb;
}

/* The result type of a signature ("def read: DataFrameReader", "def map[U](f: T => U):
 * DStream[U]"): the text after its last ':' outside brackets. */
static const char *sig_result(const char *sig) {
    const char *colon = NULL;
    int depth = 0;
    for (const char *p = sig; *p; p++) {
        if (*p == '(' || *p == '[') depth++;
        else if ((*p == ')' || *p == ']') && depth > 0) depth--;
        else if (*p == ':' && depth == 0) colon = p;
    }
    return colon ? colon + 1 : NULL;
}

/* The type text of parameter i of the signature's first parameter list, into buf. */
static bool sig_param_type(const char *sig, int i, char *buf, size_t cap) {
    const char *p = sig;
    int depth = 0;
    for (; *p; p++) {                            /* the first '(' outside type parameters */
        if (*p == '[') depth++;
        else if (*p == ']' && depth > 0) depth--;
        else if (*p == '(' && depth == 0) break;
    }
    if (!*p) return false;
    p++;
    for (int k = 0; k < i; k++) {                /* skip i parameters */
        depth = 0;
        for (; *p; p++) {
            if (*p == '(' || *p == '[') depth++;
            else if (*p == ')' || *p == ']') { if (depth-- == 0) return false; }
            else if (*p == ',' && depth == 0) break;
        }
        if (!*p) return false;
        p++;
    }
    const char *colon = strchr(p, ':');
    if (!colon) return false;
    p = colon + 1;
    const char *end = p;
    depth = 0;
    for (; *end; end++) {
        if (*end == '(' || *end == '[') depth++;
        else if (*end == ')' || *end == ']') { if (depth-- == 0) break; }
        else if (*end == ',' && depth == 0) break;
    }
    size_t n = (size_t)(end - p);
    if (n >= cap) return false;
    memcpy(buf, p, n);
    buf[n] = 0;
    return true;
}

/* The class of parameter j of a function type ("RDD[T] => Unit", "(RDD[T], Time) => Unit"). */
static const char *fn_param_class(const char *fn, int j) {
    while (*fn == ' ') fn++;
    if (*fn != '(') return j == 0 && strstr(fn, "=>") ? type_head(fn) : NULL;
    const char *p = fn + 1;
    for (int k = 0; k < j; k++) {
        int depth = 0;
        for (; *p; p++) {
            if (*p == '(' || *p == '[') depth++;
            else if (*p == ')' || *p == ']') { if (depth-- == 0) return NULL; }
            else if (*p == ',' && depth == 0) break;
        }
        if (!*p) return NULL;
        p++;
    }
    return type_head(p);
}

/* ---- the scan ---- */

typedef struct Scope {
    const char *name;        /* interned */
    const char *cls;         /* its class's simple name, or NULL: unknown */
    const struct Scope *up;
} Scope;

typedef struct {
    Interp *I;
    int depth;
    struct { const Node *at; int col; char msg[160]; } errs[8];   /* names not imported, in order */
    int nerrs;
    struct { const char *since; int n; } groups[8];
    int ngroups;
} Scan;

static void count(Scan *s, const char *since) {
    for (int i = 0; i < s->ngroups; i++)
        if (!strcmp(s->groups[i].since, since)) { s->groups[i].n++; return; }
    if (s->ngroups == (int)(sizeof s->groups / sizeof s->groups[0])) return;
    s->groups[s->ngroups].since = since;
    s->groups[s->ngroups++].n = 1;
}

/* The deprecated class called name (a simple name), or NULL. */
static const Deprecation *deprecated_class(Interp *I, const char *name) {
    for (int i = 0; i < I->ndeprecs; i++) {
        const Deprecation *d = I->deprecs[i];
        if (!d->member && !strcmp(d->owner, name)) return d;
    }
    return NULL;
}

/* The first "not found" of the unit: at node `at`, the column found by looking for `name` on its
 * line from the node's column on (a type inside a declaration). */
static void not_found(Scan *s, const Node *at, const char *what, const char *name, bool search) {
    if (s->nerrs == (int)(sizeof s->errs / sizeof s->errs[0]) || !at) return;
    int col = at->col;
    if (search && at->src) {
        size_t len;
        const char *line = source_line(at->src, at->line, &len);
        size_t nl = strlen(name);
        for (size_t c = at->col > 0 ? (size_t)at->col - 1 : 0; line && c + nl <= len; c++)
            if (!memcmp(line + c, name, nl) && (c == 0 || !(isalnum((unsigned char)line[c - 1]) || line[c - 1] == '.')) &&
                !(isalnum((unsigned char)line[c + nl]) || line[c + nl] == '_')) { col = (int)c + 1; break; }
    }
    s->errs[s->nerrs].at = at;
    s->errs[s->nerrs].col = col;
    snprintf(s->errs[s->nerrs++].msg, sizeof s->errs[0].msg, "not found: %s %s", what, name);
}

/* A simple name the user did not bind, used without the import it needs. */
static bool unimported(Scan *s, const char *name) {
    if (!s->I->nimport_rows || strchr(name, '.')) return false;
    if (env_find_local(s->I->globals, intern(name))) return false;
    return !visible(s->I, name);
}

/* A qualified type's first segment used unimported (mutable.Queue): scalac's `not found: value mutable`. */
static void scan_type_prefix(Scan *s, const char *first, size_t n, const Node *at) {
    const char *seg = intern_n(first, n);
    if (unimported(s, seg)) not_found(s, at, "value", seg, true);
}

/* Counts the deprecated classes a type text names, and finds the names it uses unimported. */
static void scan_type_at(Scan *s, const char *t, const Node *at) {
    if (!t) return;
    const char *p = t;
    while (*p) {
        if (isalpha((unsigned char)*p) || *p == '_' || *p == '$') {
            const char *first = p, *last = p;
            while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '$' || *p == '.')) {
                if (*p == '.') last = p + 1;
                p++;
            }
            const char *name = intern_n(last, (size_t)(p - last));
            if (at && last == first && unimported(s, name)) not_found(s, at, "type", name, true);   /* not qualified */
            else if (at && last != first) scan_type_prefix(s, first, strcspn(first, "."), at);
            const Deprecation *d = deprecated_class(s->I, name);
            if (d) count(s, d->since);
        } else p++;
    }
}

static const Scope *bind(const Scope *up, const char *name, const char *cls, Scope *cell) {
    cell->name = name;
    cell->cls = cls;
    cell->up = up;
    return cell;
}

static bool scope_find(const Scope *sc, const char *name, const char **cls) {
    for (; sc; sc = sc->up)
        if (sc->name == name) { *cls = sc->cls; return true; }
    return false;
}

static const char *expr_class(Scan *s, const Node *n, const Scope *sc);

/* The library method recv.name, when recv's class is known. */
static const MethodDef *method_of(Scan *s, const Node *recv, const char *name, const Scope *sc) {
    const char *c = expr_class(s, recv, sc);
    const HostClass *cls = c ? interp_find_class(s->I, c) : NULL;
    return cls ? host_find_method(cls, name) : NULL;
}

/* The callee of a call: N_SELECT, possibly under type arguments. */
static const Node *callee_select(const Node *f) {
    if (f && f->kind == N_TYPEARGS) f = f->a;
    return f && f->kind == N_SELECT ? f : NULL;
}

static const char *expr_class(Scan *s, const Node *n, const Scope *sc) {
    if (!n || s->depth > 100) return NULL;
    switch (n->kind) {
    case N_STRING: case N_INTERP: return intern("String");
    case N_NEW: return type_head(n->str);
    case N_TYPED: return type_head(n->type);
    case N_BLOCK: return n->list.len ? expr_class(s, n->list.items[n->list.len - 1], sc) : NULL;
    case N_IDENT: {
        const char *c;
        if (scope_find(sc, n->str, &c)) return c;
        Value v;
        if (!interp_lookup_global(s->I, n->str, &v)) return NULL;
        if (v.t == T_STR) return intern("String");
        if (v.t == T_HOST) return as_host(v)->cls->name;
        return NULL;
    }
    case N_SELECT: case N_APPLY: case N_TYPEARGS: {
        const Node *sel = callee_select(n->kind == N_APPLY ? n->a : n);
        if (!sel) return NULL;
        s->depth++;
        const MethodDef *m = method_of(s, sel->a, sel->str, sc);
        s->depth--;
        return m && m->signature ? type_head(sig_result(m->signature)) : NULL;
    }
    default: return NULL;
    }
}

static void scan(Scan *s, const Node *n, const Scope *sc);

static void scan_list(Scan *s, const NodeList *l, const Scope *sc) {
    for (int i = 0; i < l->len; i++) scan(s, l->items[i], sc);
}

static void scan_pattern(Scan *s, const Pattern *p) {
    if (!p) return;
    scan_type_at(s, p->type, NULL);
    for (int i = 0; i < p->nsubs; i++) scan_pattern(s, p->subs[i]);
}

/* A lambda whose parameters without a written type take their classes from fn_type. */
static void scan_lambda(Scan *s, const Node *n, const Scope *sc, const char *fn_type) {
    Scope cells[8];
    int k = 0;
    for (int i = 0; i < n->nparams; i++) {
        scan_type_at(s, n->params[i].type, n);
        const char *c = n->params[i].type ? type_head(n->params[i].type)
                      : fn_type ? fn_param_class(fn_type, i) : NULL;
        if (k < 8) sc = bind(sc, n->params[i].name, c, &cells[k++]);
    }
    scan(s, n->b, sc);
}

/* The number of uses of a deprecated member in a call of recv.name with args (NULL: a select). */
static void scan_member(Scan *s, const Node *recv, const char *name, const NodeList *args, const Scope *sc) {
    for (int i = 0; i < s->I->ndeprecs; i++) {
        const Deprecation *d = s->I->deprecs[i];
        if (!d->member || strcmp(d->member, name)) continue;
        if (!same_class(s->I, expr_class(s, recv, sc), d->owner)) continue;
        if (d->arg_class && !(args && args->len && same_class(s->I, expr_class(s, args->items[0], sc), d->arg_class)))
            continue;
        count(s, d->since);
        return;
    }
}

/* A package path (org.apache.spark.streaming): identifiers starting in lower case. */
static bool package_path(const Node *n) {
    for (; n; n = n->a) {
        if (!n->str || !islower((unsigned char)n->str[0])) return false;
        if (n->kind == N_IDENT) return true;
        if (n->kind != N_SELECT) return false;
    }
    return false;
}

/* Binds the variables of pattern p (case (a, b), for ((k, v) <- m), val (x, y) = …) in cells[*k..max). */
static const Scope *bind_pattern(const Scope *sc, const Pattern *p, Scope *cells, int *k, int max) {
    if (!p) return sc;
    if ((p->kind == P_BIND || p->kind == P_BINDAT) && p->name && *k < max) sc = bind(sc, p->name, NULL, &cells[(*k)++]);
    for (int i = 0; i < p->nsubs; i++) sc = bind_pattern(sc, p->subs[i], cells, k, max);
    return sc;
}

static void scan_block(Scan *s, const NodeList *l, const Scope *sc) {
    Scope cells[32];
    int k = 0;
    for (int i = 0; i < l->len; i++) {
        const Node *st = l->items[i];
        scan(s, st, sc);
        if (st->kind == N_VAL && st->pat && st->pat->kind == P_BIND && k < 32)
            sc = bind(sc, st->pat->name, st->type ? type_head(st->type) : expr_class(s, st->a, sc), &cells[k++]);
        else if (st->kind == N_VAL && st->pat) sc = bind_pattern(sc, st->pat, cells, &k, 32);
        else if ((st->kind == N_DEF || st->kind == N_CLASS || st->kind == N_OBJECT) && k < 32)
            sc = bind(sc, st->str, NULL, &cells[k++]);
    }
}

static void scan(Scan *s, const Node *n, const Scope *sc) {
    if (!n || s->depth > 200) return;
    s->depth++;
    Interp *I = s->I;
    switch (n->kind) {
    case N_IDENT: {
        const char *c;
        if (scope_find(sc, n->str, &c)) break;
        if (unimported(s, n->str)) not_found(s, n, "value", n->str, false);
        const Deprecation *d = deprecated_class(I, n->str);
        if (d) count(s, d->since);
        break;
    }
    case N_IMPORT: note_import(I, n->str); break;
    case N_SELECT: {
        const Deprecation *d = deprecated_class(I, n->str);
        if (d && package_path(n->a)) { count(s, d->since); break; }
        scan_member(s, n->a, n->str, NULL, sc);
        scan(s, n->a, sc);
        break;
    }
    case N_APPLY: {
        const Node *sel = callee_select(n->a);
        const MethodDef *m = NULL;
        if (sel) {
            scan_member(s, sel->a, sel->str, &n->list, sc);
            const Deprecation *d = deprecated_class(I, sel->str);
            if (d && package_path(sel->a)) count(s, d->since);
            else scan(s, sel->a, sc);
            if (n->a->kind == N_TYPEARGS) for (int i = 0; i < n->a->ntypes; i++) scan_type_at(s, n->a->types[i], n->a);
            m = method_of(s, sel->a, sel->str, sc);
        } else scan(s, n->a, sc);
        for (int i = 0; i < n->list.len; i++) {
            const Node *arg = n->list.items[i];
            if (arg->kind == N_BLOCK && arg->list.len == 1 && arg->list.items[0]->kind == N_LAMBDA)
                arg = arg->list.items[0];
            char ft[256];
            if (arg->kind == N_LAMBDA)
                scan_lambda(s, arg, sc, m && m->signature && sig_param_type(m->signature, i, ft, sizeof ft) ? ft : NULL);
            else scan(s, arg, sc);
        }
        break;
    }
    case N_NEW: {
        const char *h = type_head(n->str);
        if (h && !strchr(n->str, '.') && unimported(s, h)) not_found(s, n, "type", h, true);
        else if (h && strchr(n->str, '.')) scan_type_prefix(s, n->str, strcspn(n->str, "."), n);
        const Deprecation *d = h ? deprecated_class(I, h) : NULL;
        if (d) count(s, d->since);
        for (int i = 0; i < n->ntypes; i++) scan_type_at(s, n->types[i], n);
        scan_list(s, &n->list, sc);
        break;
    }
    case N_TYPEARGS:
        for (int i = 0; i < n->ntypes; i++) scan_type_at(s, n->types[i], n);
        scan(s, n->a, sc);
        break;
    case N_TYPED: scan_type_at(s, n->type, n); scan(s, n->a, sc); break;
    case N_VAL: scan_type_at(s, n->type, n); scan_pattern(s, n->pat); scan(s, n->a, sc); break;
    case N_DEF: {
        scan_type_at(s, n->type, n);
        Scope cells[16];
        int k = 0;
        for (int i = 0; i < n->nparams; i++) {
            scan_type_at(s, n->params[i].type, n);
            scan(s, n->params[i].deflt, sc);
            if (k < 16) sc = bind(sc, n->params[i].name, type_head(n->params[i].type), &cells[k++]);
        }
        scan(s, n->a, sc);
        break;
    }
    case N_CLASS: {
        for (int i = 0; i < n->nparams; i++) scan_type_at(s, n->params[i].type, n);
        for (int i = 0; i < n->ntypes; i++) scan_type_at(s, n->types[i], n);
        Scope cells[16];
        int k = 0;
        for (int i = 0; i < n->nparams && k < 16; i++)
            sc = bind(sc, n->params[i].name, type_head(n->params[i].type), &cells[k++]);
        scan_block(s, &n->list, sc);
        break;
    }
    case N_OBJECT: case N_TRAIT: scan_block(s, &n->list, sc); break;
    case N_LAMBDA: scan_lambda(s, n, sc, NULL); break;
    case N_BLOCK: scan_block(s, &n->list, sc); break;
    case N_FOR: {
        Scope cells[16];
        int k = 0;
        for (int i = 0; i < n->ngens; i++) {
            scan_pattern(s, n->gens[i].pat);
            scan(s, n->gens[i].expr, sc);
            sc = bind_pattern(sc, n->gens[i].pat, cells, &k, 16);
        }
        scan(s, n->b, sc);
        break;
    }
    case N_MATCH: case N_TRY:
        scan(s, n->a, sc);
        for (int i = 0; i < n->ncases; i++) {
            Scope cells[16];
            int k = 0;
            const Scope *csc = bind_pattern(sc, n->cases[i].pat, cells, &k, 16);
            scan_pattern(s, n->cases[i].pat);
            scan(s, n->cases[i].guard, csc);
            scan(s, n->cases[i].body, csc);
        }
        scan(s, n->c, sc);
        break;
    case N_INFIX: case N_ASSIGN: case N_OPASSIGN: case N_IF: case N_WHILE: case N_DOWHILE:
    case N_PREFIX: case N_POSTFIX: case N_THROW: case N_RETURN:
        scan(s, n->a, sc);
        scan(s, n->b, sc);
        scan(s, n->c, sc);
        break;
    case N_TUPLE: case N_INTERP: scan_list(s, &n->list, sc); break;
    default: break;
    }
    s->depth--;
}

/* Scala's countElementsAsString: "one deprecation", "two deprecations", ..., "5 deprecations". */
static void count_words(StrBuf *sb, int n) {
    static const char *const words[] = {"no", "one", "two", "three", "four"};
    if (n < (int)(sizeof words / sizeof words[0])) sb_puts(sb, words[n]);
    else sb_printf(sb, "%d", n);
    sb_puts(sb, n == 1 ? " deprecation" : " deprecations");
}

static int by_since(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool unit_scan(Interp *I, NodeList *stmts, int from, int to, char **warnings) {
    *warnings = NULL;
    if (!I->ndeprecs && !I->nimport_rows) return true;
    Scan s = {.I = I};
    Scope cells[32];
    int k = 0;
    const Scope *sc = NULL;
    for (int i = from; i < to; i++) {        /* the unit's vals are seen by its later statements */
        const Node *st = stmts->items[i];
        scan(&s, st, sc);
        if (st->kind == N_VAL && st->pat && st->pat->kind == P_BIND && k < 32)
            sc = bind(sc, st->pat->name, st->type ? type_head(st->type) : expr_class(&s, st->a, sc), &cells[k++]);
        else if (st->kind == N_VAL && st->pat) sc = bind_pattern(sc, st->pat, cells, &k, 32);
    }
    if (s.nerrs) {    /* compile errors, each as the REPL shows it: the last one fails the cell */
        for (int i = 0; i + 1 < s.nerrs; i++) {
            char *t = interp_compile_error_text(s.errs[i].at->src, s.errs[i].at->line, s.errs[i].col, s.errs[i].msg);
            interp_write(I, 2, t, strlen(t));
            free(t);
        }
        Node at = *s.errs[s.nerrs - 1].at;
        at.col = s.errs[s.nerrs - 1].col;
        return raise_at(I, &at, "error", "%s", s.errs[s.nerrs - 1].msg);   /* no warnings then */
    }
    if (!s.ngroups) return true;
    /* the REPL lists the groups by `since`, as text */
    const char *order[8];
    int total = 0;
    for (int i = 0; i < s.ngroups; i++) { order[i] = s.groups[i].since; total += s.groups[i].n; }
    qsort(order, (size_t)s.ngroups, sizeof order[0], by_since);
    static const char details[] = "; for details, enable `:setting -deprecation' or `:replay -deprecation'\n";
    StrBuf sb; sb_init(&sb);
    for (int i = 0; i < s.ngroups; i++) {
        int n = 0;
        for (int j = 0; j < s.ngroups; j++) if (s.groups[j].since == order[i]) n = s.groups[j].n;
        sb_puts(&sb, "warning: ");
        count_words(&sb, n);
        sb_printf(&sb, " (since %s)", order[i]);
        sb_puts(&sb, s.ngroups == 1 ? details : "\n");
    }
    if (s.ngroups > 1) {
        sb_puts(&sb, "warning: ");
        count_words(&sb, total);
        sb_puts(&sb, " in total");
        sb_puts(&sb, details);
    }
    *warnings = sb_take(&sb);
    return true;
}
