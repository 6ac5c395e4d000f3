/* complete.c — completion (Tab) and inspection (Shift-Tab) for the whole kernel.
 *
 * The interpreter completes names in scope and the methods of values the session holds
 * (interp_complete / interp_inspect). This file adds what needs the rest of the kernel:
 *
 *  - methods after a dot for values a cell defines but has not run yet: the receiver's class is
 *    inferred from the cell's text — `val ssc = new StreamingContext(...)`, a chain of calls whose
 *    result types come from the registry's method signatures (`ssc.socketTextStream(...)` is a
 *    DStream, `.map(...)` of a DStream a DStream), lambda parameters typed by the method they are
 *    passed to (`stream.foreachRDD { rdd => rdd.` is an RDD), annotations, and the session's
 *    values (through their REPL type);
 *  - Kafka topic names inside `Subscribe(Array("…`, `new ProducerRecord("…`, `val topic = "…`
 *    and where the magic table says a magic takes one (%topic describe …, %consume …, %%produce
 *    …), from the kernel's one topic cache (topic_cache.c);
 *  - DataFrame column names after `$"`, in `col("…`, `select("…` and friends: from the schema
 *    of the receiver when it is known (a DataFrame in the session, or one whose select(...)
 *    in the cell names its columns), else from every DataFrame and temp view the session holds;
 *    view and column names in %%sql cells;
 *  - magic names and arguments from the magic table (magics.h);
 *  - inspection with the signature, the one-paragraph doc, the class, and a link to the class's
 *    API page, with the method's anchor where Spark's scaladoc / Kafka's javadoc has a stable one.
 *
 * Classes are found by name through the interpreter's registry (interp_find_class), session
 * values through interp_lookup_global, topics through topic_cache.h.
 */
#include "complete.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cell_text.h"
#include "magics.h"
#include "spark/sql/dataframe.h"
#include "spark/spark.h"
#include "topic_cache.h"

/* ---- what the interpreter and spark/ export, the classes completion knows by their type names ---- */

/* The classes a type's text may name without a registry entry of that name (DataFrame is a
 * Dataset, …DStream and …RDD subclasses). */
extern HostClass dstream_class, rdd_class, dataframe_class;


/* DataFrame layer entry points. */
extern DataFrame *df_get(Value v);
extern DfState *dfstate_for(Interp *I);


/* ---- the completer ---- */

struct Completer {
    Interp *I;
    TopicCache *topics;      /* the kernel's one topic cache (topic_cache.c) */
};

Completer *completer_new(Interp *I) {
    Completer *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->I = I;
    c->topics = topic_cache_new(I);
    return c;
}

void completer_free(Completer *c) {
    if (!c) return;
    topic_cache_free(c->topics);
    free(c);
}

static const HostClass *find_class(Completer *c, const char *name) {
    if (!name || !*name) return NULL;
    return interp_find_class(c->I, name);
}

/* The class a type's text names: DStream[T], ReceiverInputDStream[String], Dataset[Row], … */
static const HostClass *class_for_type(Completer *c, const char *type) {
    if (!type) return NULL;
    char *name = simple_type_name(type);
    const HostClass *k = find_class(c, name);
    if (!k) {
        size_t n = strlen(name);
        if (!strcmp(name, "DataFrame") || !strcmp(name, "Dataset")) k = &dataframe_class;
        else if (n >= 7 && !strcmp(name + n - 7, "DStream")) k = &dstream_class;
        else if (n >= 3 && !strcmp(name + n - 3, "RDD")) k = &rdd_class;
        else if (!strcmp(name, "SparkContext")) {
            Value sc = spark_context(c->I);
            if (sc.t == T_HOST) k = as_host(sc)->cls;
        }
    }
    free(name);
    return k;
}

static const HostClass *host_class_of(Value v) { return v.t == T_HOST ? as_host(v)->cls : NULL; }

/* ---- what the interpreter says about a top-level name ---- */

/* interp_inspect of exactly this text (malloc'd or NULL). */
static char *inspect_text(Completer *c, const char *text) {
    return interp_inspect(c->I, text, (int)strlen(text));
}

/* The declared or REPL type of a top-level name (malloc'd), from the interpreter's inspection:
 * "name: Type = value" for the session's values, "val name: Type" for predefined ones. *sig
 * (if asked) receives the whole first line when the name is a def. */
static char *global_type(Completer *c, const char *name, char **def_sig) {
    if (def_sig) *def_sig = NULL;
    char *t = inspect_text(c, name);
    if (!t) return NULL;
    char *out = NULL;
    size_t nl = strlen(name);
    if (!strncmp(t, name, nl) && !strncmp(t + nl, ": ", 2)) {
        const char *ty = t + nl + 2;
        int depth = 0;
        const char *end = ty;
        for (; *end && *end != '\n'; end++) {
            if (*end == '[' || *end == '(') depth++;
            else if (*end == ']' || *end == ')') depth--;
            else if (depth == 0 && !strncmp(end, " = ", 3)) break;
        }
        out = trim_dup(ty, (size_t)(end - ty));
    } else if (!strncmp(t, "val ", 4) || !strncmp(t, "var ", 4) || !strncmp(t, "lazy val ", 9)) {
        out = sig_result(t);
    } else if (!strncmp(t, "def ", 4) || !strncmp(t, "object ", 7)) {
        if (def_sig && !strncmp(t, "def ", 4)) *def_sig = xstrndup(t, strcspn(t, "\n"));
    }
    free(t);
    return out;
}

/* The value of a top-level name (borrowed). */
static bool global_value(Completer *c, const char *name, Value *out) {
    return interp_lookup_global(c->I, name, out);
}

/* ---- DataFrame columns ---- */

static void schema_columns(const DataType *t, const char *path, json_t *cols, int depth) {
    if (!t || t->kind != DT_STRUCT || depth > 3) return;
    for (int i = 0; i < t->nfields; i++) {
        char name[512];
        snprintf(name, sizeof name, "%s%s%s", path, *path ? "." : "", t->fields[i].name);
        add_unique(cols, name, NULL);
        if (t->fields[i].type && t->fields[i].type->kind == DT_STRUCT) schema_columns(t->fields[i].type, name, cols, depth + 1);
    }
}

/* Columns from a DataFrame's toString, Spark's "[id: bigint, user: struct<name: string>]";
 * false when Spark's text leaves some out ("... 3 more fields"). */
static bool columns_from_text(const char *s, json_t *cols) {
    if (!s || *s != '[') return false;
    const char *p = s + 1;
    char outer[256] = "";
    int depth = 0;
    while (*p && *p != '\n') {
        while (*p == ' ' || *p == ',') p++;
        const char *name = p;
        while (*p && *p != ':' && *p != ',' && *p != ']' && *p != '<' && *p != '>' && *p != '\n') p++;
        if (*p != ':') {
            if (*p == '>') { depth--; outer[0] = 0; p++; continue; }
            break;
        }
        char nm[256];
        snprintf(nm, sizeof nm, "%.*s", (int)(p - name), name);
        if (!strcmp(nm, "...") || strstr(nm, " more field")) break;
        char full[512];
        snprintf(full, sizeof full, "%s%s%s", depth ? outer : "", depth ? "." : "", nm);
        add_unique(cols, full, NULL);
        p++;
        while (*p == ' ') p++;
        if (!strncmp(p, "struct<", 7) && depth == 0) {
            snprintf(outer, sizeof outer, "%s", nm);
            depth++;
            p += 7;
            continue;
        }
        int d = 0;   /* skip the type (nested types of deeper levels included) */
        while (*p && *p != '\n') {
            if (*p == '<') d++;
            else if (*p == '>') { if (d == 0) break; d--; }
            else if ((*p == ',' || *p == ']') && d == 0) break;
            p++;
        }
        if (*p == ']' && depth == 0) break;
    }
    return !strstr(s, " more field");
}

static bool value_columns(Value v, json_t *cols) {
    if (v.t != T_HOST || as_host(v)->cls != &dataframe_class) return false;
    DataFrame *df = df_get(v);
    if (!df || !df->schema) return false;
    schema_columns(df->schema, "", cols, 0);
    return true;
}

/* Columns of a top-level DataFrame value (exact with interp_lookup_global, else parsed from
 * its REPL echo): true when they are all known. */
static bool global_columns(Completer *c, const char *name, json_t *cols) {
    Value v;
    if (interp_lookup_global(c->I, name, &v)) {
        interp_lock(c->I);
        bool ok = value_columns(v, cols);
        interp_unlock(c->I);
        return ok;
    }
    char *t = inspect_text(c, name);
    if (!t) return false;
    bool ok = false;
    size_t nl = strlen(name);
    if (!strncmp(t, name, nl) && !strncmp(t + nl, ": ", 2)) {
        const char *ty = t + nl + 2;
        if (has_prefix(ty, "org.apache.spark.sql.DataFrame") || has_prefix(ty, "org.apache.spark.sql.Dataset") ||
            has_prefix(ty, "DataFrame") || has_prefix(ty, "Dataset")) {
            const char *eq = strstr(ty, " = ");
            if (eq) ok = columns_from_text(eq + 3, cols);
        }
    }
    free(t);
    return ok;
}

/* Columns of every temp view (and view names into names, if given). */
static void view_columns(Completer *c, json_t *cols, json_t *names) {
    interp_lock(c->I);
    DfState *st = dfstate_for(c->I);
    if (st)
        for (int i = 0; i < st->nviews; i++) {
            if (names) add_unique(names, st->views[i].name, NULL);
            if (cols) schema_columns(st->views[i].schema, "", cols, 0);
        }
    interp_unlock(c->I);
}

/* ---- inferring a class from a cell's text ---- */

typedef struct {
    const HostClass *cls;
    char *global_chain;      /* a chain of top-level names (no calls) the interpreter can inspect */
    json_t *cols;            /* a DataFrame's columns when the text names them, else NULL */
    char *targ;              /* the element type (DStream[targ], RDD[targ]) when known */
} TypeInfo;

static void ti_clear(TypeInfo *t) {
    free(t->global_chain);
    free(t->targ);
    if (t->cols) json_decref(t->cols);
    memset(t, 0, sizeof *t);
}

typedef struct {
    Completer *c;
    Scan *sc;
} Ctx;

static bool infer_range(Ctx *x, int a, int b, int depth, TypeInfo *out);

/* The extent of the expression that starts at i (to the end of its statement). */
static int expr_end(const Scan *sc, int i) {
    int depth = 0;
    for (; i < sc->n; i++) {
        char ch = sc->s[i];
        if (!code_at(sc, i)) continue;
        if (is_open_br(ch)) depth++;
        else if (is_close_br(ch)) { if (depth == 0) return i; depth--; }
        else if (depth == 0 && (ch == ';')) return i;
        else if (depth == 0 && ch == '\n') {
            int k = skip_ws(sc, i, sc->n);
            if (k < sc->n && sc->s[k] == '.' && !(k + 1 < sc->n && sc->s[k + 1] == '.')) { i = k - 1; continue; }
            int e = skip_ws_back(sc, i);
            if (e > 0 && strchr("=+-*/,.(", sc->s[e - 1])) continue;
            return i;
        }
    }
    return sc->n;
}

/* Columns a select(...) names: $"a", $"u.name".as("n"), col("a"), "a", 'a. */
static json_t *select_columns(const Scan *sc, int open, int close) {
    json_t *cols = json_array();
    int i = open + 1;
    while (i < close) {
        int depth = 0, e = i;
        for (; e < close; e++) {
            if (!code_at(sc, e)) continue;
            if (is_open_br(sc->s[e])) depth++;
            else if (is_close_br(sc->s[e])) depth--;
            else if (sc->s[e] == ',' && depth == 0) break;
        }
        /* the last string literal in the argument is its name (".as("n")" wins over $"a") */
        char *name = NULL;
        for (int k = i; k < e; k++) {
            if (sc->s[k] == '"' && sc->mask[k] == M_STR && (k == 0 || sc->mask[k - 1] != M_STR || sc->s[k - 1] == '"')) {
                int q = k + 1;
                while (q < e && sc->s[q] != '"') q++;
                free(name);
                name = xstrndup(sc->s + k + 1, (size_t)(q - k - 1));
                k = q;
            }
        }
        if (name) {
            /* $"user.name" without an alias is the column "name", as Spark names it */
            char *dot = strrchr(name, '.');
            bool aliased = false;
            for (int k = i; k < e; k++)
                if (code_at(sc, k) && (word_at(sc, k, "as") || word_at(sc, k, "alias") || word_at(sc, k, "name"))) aliased = true;
            add_unique(cols, dot && !aliased ? dot + 1 : name, NULL);
            free(name);
        }
        i = e + 1;
    }
    if (json_array_size(cols) == 0) { json_decref(cols); return NULL; }
    return cols;
}

/* Finds the latest `val|var NAME` / `def NAME` before `before`: the index of NAME, its type
 * annotation range and the start of its right-hand side. */
typedef struct { int name_at, type_a, type_b, rhs; bool is_def; } Def;

static bool find_def(const Scan *sc, const char *name, int before, Def *d) {
    size_t nl = strlen(name);
    bool found = false;
    for (int i = 0; i + 3 < before; i++) {
        bool is_def = word_at(sc, i, "def");
        if (!is_def && !word_at(sc, i, "val") && !word_at(sc, i, "var")) continue;
        int k = skip_ws(sc, i + 3, before);
        if (k + (int)nl > before || strncmp(sc->s + k, name, nl) != 0 || ident_char(sc->s[k + (int)nl])) continue;
        Def cand = {.name_at = k, .type_a = -1, .type_b = -1, .rhs = -1, .is_def = is_def};
        int p = k + (int)nl;
        if (is_def) {     /* skip [T] and parameter lists */
            for (;;) {
                p = skip_ws(sc, p, sc->n);
                if (p < sc->n && (sc->s[p] == '(' || sc->s[p] == '[') && sc->match[p] > 0) p = sc->match[p] + 1;
                else break;
            }
        }
        p = skip_ws(sc, p, sc->n);
        if (p < sc->n && sc->s[p] == ':') {
            int a = p + 1, q = a, depth = 0;
            for (; q < sc->n; q++) {
                char ch = sc->s[q];
                if (ch == '[' || ch == '(') depth++;
                else if (ch == ']' || ch == ')') depth--;
                else if (depth == 0 && (ch == '=' || ch == '\n' || ch == '{')) break;
            }
            cand.type_a = a;
            cand.type_b = q;
            p = q;
        }
        p = skip_ws(sc, p, sc->n);
        if (p < sc->n && sc->s[p] == '=' && !(p + 1 < sc->n && sc->s[p + 1] == '>')) cand.rhs = skip_ws(sc, p + 1, sc->n);
        *d = cand;
        found = true;
    }
    return found;
}

#define LAMBDA_PARAM_TRIES 64

/* The class of a lambda parameter `name` bound before `before`: annotated, or the parameter
 * type of the method the lambda is passed to. */
static bool infer_lambda_param(Ctx *x, const char *name, int before, int depth, TypeInfo *out) {
    Scan *sc = x->sc;
    size_t nl = strlen(name);
    /* Parameters are bound close to their use: look at the nearest occurrences only, so that a
     * megabyte of `if (true) if (true) …` costs no more than a short cell. */
    int tries = 0;
    for (int i = before - (int)nl; i >= 0 && tries < LAMBDA_PARAM_TRIES; i--) {
        if (!word_at(sc, i, name)) continue;
        tries++;
        int p = i + (int)nl;
        int k = skip_ws(sc, p, sc->n);
        int opener = -1, index = 0;
        char *annot = NULL;
        if (k + 1 < sc->n && sc->s[k] == '=' && sc->s[k + 1] == '>') {
            opener = i;
        } else {
            /* inside a parameter list (a, b) => or (a: T) => */
            int o = enclosing_paren(sc, i);
            if (o < 0) continue;
            int cl = sc->match[o];
            int after = skip_ws(sc, cl + 1, sc->n);
            if (!(after + 1 < sc->n && sc->s[after] == '=' && sc->s[after + 1] == '>')) continue;
            for (int j = o + 1; j < i; j++) if (sc->s[j] == ',' && code_at(sc, j)) index++;
            if (k < sc->n && sc->s[k] == ':') {
                int q = k + 1;
                int d2 = 0;
                for (; q < cl; q++) {
                    if (sc->s[q] == '[') d2++;
                    else if (sc->s[q] == ']') d2--;
                    else if (sc->s[q] == ',' && d2 == 0) break;
                }
                annot = trim_dup(sc->s + k + 1, (size_t)(q - k - 1));
            }
            opener = o;
        }
        if (annot) {
            out->cls = class_for_type(x->c, annot);
            out->targ = type_arg(annot);
            free(annot);
            return out->cls != NULL;
        }
        /* the bracket the lambda is an argument of: `m(rdd => …)`, `m { rdd => …`, `m((a, b) => …)` */
        int q = skip_ws_back(sc, opener);
        if (q > 0 && sc->s[q - 1] == '{' && code_at(sc, q - 1)) {
            int q2 = skip_ws_back(sc, q - 1);
            if (q2 > 0 && sc->s[q2 - 1] == '(' && code_at(sc, q2 - 1)) q = q2;   /* m({ x => */
        }
        if (!(q > 0 && (sc->s[q - 1] == '(' || sc->s[q - 1] == '{') && code_at(sc, q - 1))) return false;
        int m_end = skip_ws_back(sc, q - 1);
        int m_start = m_end;
        while (m_start > 0 && ident_char(sc->s[m_start - 1])) m_start--;
        if (m_start == m_end) return false;
        int dot = skip_ws_back(sc, m_start);
        if (!(dot > 0 && sc->s[dot - 1] == '.')) return false;
        char *method = xstrndup(sc->s + m_start, (size_t)(m_end - m_start));
        TypeInfo recv = {0};
        bool ok = false;
        if (infer_range(x, chain_start(sc, dot - 1), dot - 1, depth + 1, &recv) && recv.cls) {
            const MethodDef *md = host_find_method(recv.cls, method);
            char *pt = md && md->signature ? sig_param(md->signature, 0) : NULL;
            char *at0 = pt ? fn_type_param(pt, index) : NULL;
            char *at = subst_T(at0, recv.targ);
            out->cls = class_for_type(x->c, at);
            out->targ = type_arg(at);
            ok = out->cls != NULL;
            free(pt);
            free(at0);
            free(at);
        }
        ti_clear(&recv);
        free(method);
        return ok;
    }
    return false;
}

/* The type of a name used at position `at`: a definition in the cell, a lambda parameter, or
 * a top-level value. call: the name is applied (f(...)). */
static bool infer_name(Ctx *x, const char *name, int at, bool call, int depth, TypeInfo *out) {
    const Scan *sc = x->sc;
    Def d = {.name_at = -1, .type_a = -1, .type_b = -1, .rhs = -1};
    if (find_def(sc, name, at, &d) && (d.is_def == call || d.type_a >= 0)) {
        if (d.type_a >= 0) {
            char *t = trim_dup(sc->s + d.type_a, (size_t)(d.type_b - d.type_a));
            out->cls = class_for_type(x->c, t);
            out->targ = type_arg(t);
            free(t);
            if (out->cls) return true;
        }
        if (!d.is_def && d.rhs >= 0 && d.rhs < at) return infer_range(x, d.rhs, expr_end(sc, d.rhs), depth + 1, out);
    }
    if (!call && infer_lambda_param(x, name, at, depth, out)) return true;
    Value v;
    if (!call && global_value(x->c, name, &v)) {
        out->cls = host_class_of(v);
        if (out->cls) {
            out->global_chain = strdup(name);
            return true;
        }
    }
    char *sig = NULL;
    char *t = global_type(x->c, name, &sig);
    bool ok = false;
    if (!call && t) {
        out->cls = class_for_type(x->c, t);
        out->targ = type_arg(t);
        out->global_chain = strdup(name);
        ok = true;        /* a known value even when its class is not a host class */
    } else if (!call && !sig) {
        /* an object (KafkaUtils, StreamingContext): its methods are inspected by name */
        char *doc = inspect_text(x->c, name);
        if (doc) {
            out->global_chain = strdup(name);
            ok = true;
        }
        free(doc);
    } else if (call && sig) {
        char *r = sig_result(sig);
        out->cls = class_for_type(x->c, r);
        out->targ = type_arg(r);
        ok = out->cls != NULL;
        free(r);
    }
    free(t);
    free(sig);
    return ok;
}

/* Infers the class of the expression code[a, b). */
static bool infer_range(Ctx *x, int a, int b, int depth, TypeInfo *out) {
    const Scan *sc = x->sc;
    memset(out, 0, sizeof *out);
    if (depth > 12) return false;
    int p = skip_ws(sc, a, b);
    while (b > p && isspace((unsigned char)sc->s[b - 1])) b--;
    if (p >= b) return false;
    if (sc->s[p] == '(' && sc->match[p] == b - 1) return infer_range(x, p + 1, b - 1, depth + 1, out);
    if (word_at(sc, p, "new")) {
        p = skip_ws(sc, p + 3, b);
        int s = p;
        while (p < b && (ident_char(sc->s[p]) || sc->s[p] == '.')) p++;
        char *qname = xstrndup(sc->s + s, (size_t)(p - s));
        char *simple = simple_type_name(qname);
        out->cls = find_class(x->c, simple);
        free(simple);
        free(qname);
        if (!out->cls) return false;
        if (p < b && sc->s[p] == '[' && sc->match[p] > p && sc->match[p] < b) {
            char *targs = xstrndup(sc->s + p, (size_t)(sc->match[p] + 1 - p));
            out->targ = type_arg(targs);
            free(targs);
        }
        for (;;) {   /* [T] and (args) */
            p = skip_ws(sc, p, b);
            if (p < b && (sc->s[p] == '[' || sc->s[p] == '(') && sc->match[p] > 0 && sc->match[p] < b) p = sc->match[p] + 1;
            else break;
        }
    } else if (ident_start(sc->s[p])) {
        int s = p;
        while (p < b && ident_char(sc->s[p])) p++;
        char *name = xstrndup(sc->s + s, (size_t)(p - s));
        int q = p;
        if (q < b && sc->s[q] == '[' && sc->match[q] > 0) q = sc->match[q] + 1;
        bool call = q < b && sc->s[q] == '(';
        bool ok = infer_name(x, name, s, call, depth, out);
        free(name);
        if (!ok) return false;
        p = q;
        if (call) {
            if (sc->match[p] < 0 || sc->match[p] >= b) return false;
            p = sc->match[p] + 1;
            free(out->global_chain);
            out->global_chain = NULL;
        }
    } else {
        return false;
    }
    /* .method [T] (args) { block } … */
    for (;;) {
        p = skip_ws(sc, p, b);
        if (p >= b) break;
        char ch = sc->s[p];
        if (ch == '[' && sc->match[p] > 0 && sc->match[p] < b) { p = sc->match[p] + 1; continue; }
        if (ch != '.') return false;
        p = skip_ws(sc, p + 1, b);
        int s = p;
        while (p < b && ident_char(sc->s[p])) p++;
        if (p == s) return false;
        char *m = xstrndup(sc->s + s, (size_t)(p - s));
        const MethodDef *md = out->cls ? host_find_method(out->cls, m) : NULL;
        char *sig = md && md->signature ? strdup(md->signature) : NULL;
        if (!sig && out->global_chain) {      /* an object the interpreter can inspect */
            char buf[512];
            snprintf(buf, sizeof buf, "%s.%s", out->global_chain, m);
            char *t = inspect_text(x->c, buf);
            if (t && !strncmp(t, "def ", 4)) sig = xstrndup(t, strcspn(t, "\n"));
            free(t);
            char *chain = strdup(buf);
            free(out->global_chain);
            out->global_chain = chain;
        } else {
            free(out->global_chain);
            out->global_chain = NULL;
        }
        char *r0 = sig_result(sig);
        char *r = subst_T(r0, out->targ);
        free(r0);
        const HostClass *next = class_for_type(x->c, r);
        char *next_targ = type_arg(r);
        json_t *cols = NULL;
        int after = p;
        int q = skip_ws(sc, p, b);
        if (q < b && sc->s[q] == '[' && sc->match[q] > 0) q = skip_ws(sc, sc->match[q] + 1, b);
        bool has_args = q < b && (sc->s[q] == '(' || sc->s[q] == '{') && sc->match[q] > 0 && sc->match[q] < b;
        if (next && next == &dataframe_class) {
            if (!strcmp(m, "select") && has_args) cols = select_columns(sc, q, sc->match[q]);
            else if (out->cls == &dataframe_class && out->cols &&
                     (!strcmp(m, "filter") || !strcmp(m, "where") || !strcmp(m, "limit") || !strcmp(m, "orderBy") ||
                      !strcmp(m, "sort") || !strcmp(m, "distinct") || !strcmp(m, "cache") || !strcmp(m, "persist")))
                cols = json_incref(out->cols);
        }
        free(r);
        free(sig);
        free(m);
        if (out->cols) json_decref(out->cols);
        out->cols = cols;
        out->cls = next;
        free(out->targ);
        out->targ = next_targ;
        if (!next && !out->global_chain) return false;
        p = after;
        /* arguments: (…) lists and { … } blocks */
        for (;;) {
            int k = skip_ws(sc, p, b);
            if (k < b && (sc->s[k] == '(' || sc->s[k] == '{' || sc->s[k] == '[') && sc->match[k] > 0 && sc->match[k] < b) {
                p = sc->match[k] + 1;
                if (sc->s[k] != '[' && out->global_chain) { free(out->global_chain); out->global_chain = NULL; }
            } else break;
        }
    }
    return out->cls != NULL || out->global_chain != NULL;
}

/* ---- completion contexts ---- */

/* Whether the string whose quote is at q is a topic name by its place in the code. */
static bool topic_string(const Scan *sc, int q) {
    /* enclosing calls: Subscribe(…), subscribe(…), Assign(…); first argument of ProducerRecord,
     * TopicPartition */
    for (int k = sc->nopen - 1; k >= 0; k--) {
        int o = sc->open[k];
        if (sc->s[o] != '(') continue;
        int e = o;
        if (e > 0 && sc->s[e - 1] == ']' && sc->match[e - 1] >= 0) e = sc->match[e - 1];   /* Subscribe[K, V]( */
        int s = e;
        while (s > 0 && ident_char(sc->s[s - 1])) s--;
        char name[64];
        snprintf(name, sizeof name, "%.*s", e - s < 63 ? e - s : 63, sc->s + s);
        if (!strcmp(name, "Subscribe") || !strcmp(name, "subscribe") || !strcmp(name, "Assign")) return true;
        if (!strcmp(name, "ProducerRecord") || !strcmp(name, "TopicPartition")) {
            if (k != sc->nopen - 1) return false;
            for (int j = o + 1; j < q; j++) if (sc->s[j] == ',' && code_at(sc, j)) return false;
            return true;
        }
    }
    /* val topic = "…", val topics = Array("…", …), var kafkaTopic = … */
    int st = q;
    while (st > 0 && sc->s[st - 1] != '\n' && sc->s[st - 1] != ';') st--;
    st = skip_ws(sc, st, q);
    if (word_at(sc, st, "val") || word_at(sc, st, "var")) {
        int k = skip_ws(sc, st + 3, q);
        int e = k;
        while (e < q && ident_char(sc->s[e])) e++;
        char name[128];
        snprintf(name, sizeof name, "%.*s", e - k < 127 ? e - k : 127, sc->s + k);
        for (char *p = name; *p; p++) *p = (char)tolower((unsigned char)*p);
        if (strstr(name, "topic")) return true;
    }
    return false;
}

static const char *const column_methods[] = {"col", "column", "select", "groupBy", "orderBy", "sort", "drop",
                                             "apply", "withColumnRenamed", "dropDuplicates", "cube", "rollup", NULL};

/* The columns that fit a string at q: of the DataFrame the call is made on when it is known,
 * else of every DataFrame in the session. */
static void column_names(Ctx *x, int q, bool dollar, json_t *cols) {
    const Scan *sc = x->sc;
    bool fits = dollar, apply = false;
    int recv_start = 0, recv_end = -1;
    if (sc->nopen > 0) {
        int o = sc->open[sc->nopen - 1];
        if (sc->s[o] == '(') {
            int s = o;
            while (s > 0 && ident_char(sc->s[s - 1])) s--;
            char name[64];
            snprintf(name, sizeof name, "%.*s", o - s < 63 ? o - s : 63, sc->s + s);
            for (int i = 0; column_methods[i]; i++) if (!strcmp(name, column_methods[i])) fits = true;
            int d = skip_ws_back(sc, s);
            if (d > 0 && sc->s[d - 1] == '.') { recv_end = d - 1; recv_start = chain_start(sc, recv_end); }
            else if (s < o && strcmp(name, "col") != 0 && strcmp(name, "column") != 0) {   /* df("…") */
                recv_start = s;
                recv_end = o;
                apply = true;
            }
        }
    }
    (void)q;
    if (!fits && !apply) return;
    if (recv_end > 0) {
        int a = recv_start;
        TypeInfo t;
        if (infer_range(x, a, recv_end, 0, &t) && t.cls == &dataframe_class) {
            bool known = false;
            if (t.cols) {
                size_t n = json_array_size(t.cols);
                for (size_t i = 0; i < n; i++) add_unique(cols, json_string_value(json_array_get(t.cols, i)), NULL);
                known = n > 0;
            } else if (t.global_chain && !strchr(t.global_chain, '.')) {
                known = global_columns(x->c, t.global_chain, cols);
            }
            ti_clear(&t);
            if (known) return;
        } else {
            ti_clear(&t);
            if (!fits) return;   /* f("…") of something that is not a DataFrame */
        }
    }
    if (!fits) return;
    /* every DataFrame of the session and every temp view */
    json_t *names = interp_complete(x->c->I, "", 0, &(int){0}, &(int){0});
    size_t n = json_array_size(names);
    for (size_t i = 0; i < n && i < 400; i++) global_columns(x->c, json_string_value(json_array_get(names, i)), cols);
    json_decref(names);
    view_columns(x->c, cols, NULL);
}

/* Names the cell defines before the cursor (val/var/def and lambda parameters). */
static void local_names(const Scan *sc, const char *prefix, json_t *out) {
    for (int i = 0; i < sc->n; i++) {
        if (!code_at(sc, i) || (i > 0 && ident_char(sc->s[i - 1])) || !ident_start(sc->s[i])) continue;
        int e = i;
        while (e < sc->n && ident_char(sc->s[e])) e++;
        char name[128];
        if (e - i >= (int)sizeof name) { i = e; continue; }
        snprintf(name, sizeof name, "%.*s", e - i, sc->s + i);
        if (e >= sc->n) break;   /* the word being typed */
        if (!strcmp(name, "val") || !strcmp(name, "var") || !strcmp(name, "def")) {
            int k = skip_ws(sc, e, sc->n);
            int ke = k;
            while (ke < sc->n && ident_char(sc->s[ke])) ke++;
            if (ke > k && ke < sc->n) {
                char nm[128];
                snprintf(nm, sizeof nm, "%.*s", ke - k < 127 ? ke - k : 127, sc->s + k);
                add_unique(out, nm, prefix);
            }
        } else {
            int k = skip_ws(sc, e, sc->n);
            if (k + 1 < sc->n && sc->s[k] == '=' && sc->s[k + 1] == '>') add_unique(out, name, prefix);
        }
        i = e - 1;
    }
}

/* Words of a magic line: "%topic describe tw" → the index of the word at the cursor. */
static int magic_words(const char *line, int len, char words[4][64]) {
    int nw = 0, i = 0;
    for (;;) {
        while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
        if (i >= len) break;
        int s = i;
        while (i < len && line[i] != ' ' && line[i] != '\t') i++;
        if (nw < 4) snprintf(words[nw], 64, "%.*s", i - s < 63 ? i - s : 63, line + s);
        nw++;
    }
    bool at_space = len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t');
    return at_space ? nw : nw - 1;   /* the word being typed (a new one after a space) */
}

typedef enum { K_NONE, K_METHOD, K_TOPIC, K_COLUMN, K_NAME, K_VIEW } Kind;

static const char *kind_type(Kind k) {
    switch (k) {
    case K_METHOD: return "function";
    case K_TOPIC: return "topic";
    case K_COLUMN: return "column";
    case K_VIEW: return "table";
    default: return "";
    }
}

static json_t *reply(json_t *matches, int start, int end, Kind kind, const HostClass *cls) {
    sort_jarray(matches);
    json_t *types = json_array();
    size_t n = json_array_size(matches);
    for (size_t i = 0; i < n; i++) {
        const char *m = json_string_value(json_array_get(matches, i));
        json_t *t = json_pack("{s:i, s:i, s:s, s:s}", "start", start, "end", end, "text", m, "type", kind_type(kind));
        if (kind == K_METHOD && cls) {
            const MethodDef *md = host_find_method(cls, m);
            if (md && md->signature) json_object_set_new(t, "signature", json_string(md->signature));
        }
        json_array_append_new(types, t);
    }
    return json_pack("{s:o, s:i, s:i, s:{s:o}}", "matches", matches, "cursor_start", start, "cursor_end", end,
                     "metadata", "_jupyter_types_experimental", types);
}

/* A magic's line: the magic names (all of the magic table's), then what the magic's row says the
 * argument at the cursor is (words, or a topic name). */
static json_t *magic_line(Completer *c, const char *code, int fs, int ws, int cursor, const char *wprefix) {
    char words[4][64] = {{0}};
    int wi = magic_words(code + fs, cursor - fs, words);
    json_t *m = json_array();
    Kind kind = K_NONE;
    if (wi == 0) {
        size_t n;
        const Magic *t = magics_table(&n);
        for (size_t i = 0; i < n; i++) {
            char name[72];
            snprintf(name, sizeof name, "%s%s", t[i].kind == MAGIC_CELL ? "%%" : "%", t[i].name);
            add_unique(m, name, wprefix);
        }
    } else {
        const Magic *mg = magics_find(words[0], strlen(words[0]));
        char *argv[3] = {words[1], words[2], words[3]};
        MagicArg a = mg && mg->complete && wi <= 3 ? mg->complete(wi - 1, argv) : (MagicArg){MAGIC_ARG_NONE, NULL};
        if (a.kind == MAGIC_ARG_TOPIC) {
            topic_cache_names(c->topics, wprefix, m);
            kind = K_TOPIC;
        } else if (a.kind == MAGIC_ARG_WORDS) {
            for (int i = 0; a.words[i]; i++) add_unique(m, a.words[i], wprefix);
        }
    }
    if (json_array_size(m) == 0 && kind == K_NONE) ws = cursor;
    return reply(m, ws, cursor, kind, NULL);
}

/* In a %%sql cell's body: view and column names. */
static json_t *sql_names(Completer *c, const char *code, int cursor) {
    int s = cursor;
    while (s > 0 && (ident_char(code[s - 1]) || code[s - 1] == '.')) s--;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s", cursor - s < 255 ? cursor - s : 255, code + s);
    json_t *all = json_array(), *m = json_array();
    view_columns(c, all, all);
    size_t n = json_array_size(all);
    for (size_t i = 0; i < n; i++) add_unique(m, json_string_value(json_array_get(all, i)), prefix);
    json_decref(all);
    return reply(m, s, cursor, K_VIEW, NULL);
}

json_t *completer_complete(Completer *c, const char *code, int cursor) {
    int len = (int)strlen(code);
    if (cursor < 0 || cursor > len) cursor = len;
    int ls = cursor;
    while (ls > 0 && code[ls - 1] != '\n') ls--;
    int ws = cursor;    /* the start of the word at the cursor (any non-space for magics) */
    while (ws > ls && code[ws - 1] != ' ' && code[ws - 1] != '\t') ws--;
    char wprefix[256];
    snprintf(wprefix, sizeof wprefix, "%.*s", cursor - ws < 255 ? cursor - ws : 255, code + ws);

    /* a cell magic's body completes as its row says; a magic's line (the first line, or any line
     * of a cell of line magics) from the magic table */
    size_t body = 0;
    const Magic *cell_magic = magics_cell_magic(code, &body);
    if (cell_magic && ls > 0 && (size_t)ls >= body) {
        if (cell_magic->body == MAGIC_BODY_SQL) return sql_names(c, code, cursor);
        if (cell_magic->body != MAGIC_BODY_SCALA) return reply(json_array(), cursor, cursor, K_NONE, NULL);
    } else {
        int fs = ls;
        while (fs < cursor && (code[fs] == ' ' || code[fs] == '\t')) fs++;
        if (fs < cursor && code[fs] == '%') return magic_line(c, code, fs, ws, cursor, wprefix);
    }

    Scan sc;
    scan_text(&sc, code, cursor);
    Ctx x = {.c = c, .sc = &sc};
    json_t *out = NULL;

    if (sc.in_str) {
        int q = sc.str_quote + (sc.triple ? 3 : 1);
        char prefix[256];
        snprintf(prefix, sizeof prefix, "%.*s", cursor - q < 255 ? cursor - q : 255, code + q);
        bool dollar = sc.str_quote > 0 && code[sc.str_quote - 1] == '$' &&
                      !(sc.str_quote > 1 && ident_char(code[sc.str_quote - 2]));
        json_t *m = json_array();
        Kind kind = K_NONE;
        if (!dollar && topic_string(&sc, sc.str_quote)) {
            topic_cache_names(c->topics, prefix, m);
            kind = K_TOPIC;
        } else {
            json_t *cols = json_array();
            column_names(&x, sc.str_quote, dollar, cols);
            size_t n = json_array_size(cols);
            for (size_t i = 0; i < n; i++) add_unique(m, json_string_value(json_array_get(cols, i)), prefix);
            json_decref(cols);
            kind = K_COLUMN;
        }
        out = reply(m, q, cursor, kind, NULL);
        scan_free(&sc);
        return out;
    }
    if (cursor > 0 && sc.mask[cursor - 1] == M_COMMENT) {
        scan_free(&sc);
        return reply(json_array(), cursor, cursor, K_NONE, NULL);
    }

    int start, end;
    json_t *m = interp_complete(c->I, code, cursor, &start, &end);
    int s = cursor;
    while (s > 0 && ident_char(code[s - 1])) s--;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s", cursor - s < 255 ? cursor - s : 255, code + s);
    int dot = skip_ws_back(&sc, s);
    if (dot > 0 && code[dot - 1] == '.' && code_at(&sc, dot - 1)) {
        /* members: the class from the text when the interpreter did not know the receiver */
        TypeInfo t;
        const HostClass *cls = NULL;
        if (infer_range(&x, chain_start(&sc, dot - 1), dot - 1, 0, &t)) cls = t.cls;
        if (json_array_size(m) == 0 && cls)
            for (const HostClass *k = cls; k; k = k->parent)
                for (int i = 0; i < k->nmethods; i++)
                    if (isalpha((unsigned char)k->methods[i].name[0])) add_unique(m, k->methods[i].name, prefix);
        out = reply(m, s, cursor, K_METHOD, cls);
        ti_clear(&t);
    } else {
        local_names(&sc, prefix, m);
        out = reply(m, start, end, K_NAME, NULL);
    }
    scan_free(&sc);
    return out;
}

/* ---- inspection ---- */

/* Anchors of Spark's scaladoc (Scala 2.12) and Kafka's javadoc for the methods notebooks use
 * most; the page is the class's doc_url. Others link to the class page. */
static const struct { const char *page, *method, *anchor; } anchors[] = {
    {"StreamingContext.html", "start", "start():Unit"},
    {"StreamingContext.html", "stop", "stop(stopSparkContext:Boolean,stopGracefully:Boolean):Unit"},
    {"StreamingContext.html", "awaitTermination", "awaitTermination():Unit"},
    {"StreamingContext.html", "awaitTerminationOrTimeout", "awaitTerminationOrTimeout(timeout:Long):Boolean"},
    {"StreamingContext.html", "remember", "remember(duration:org.apache.spark.streaming.Duration):Unit"},
    {"StreamingContext.html", "checkpoint", "checkpoint(directory:String):Unit"},
    {"StreamingContext.html", "textFileStream", "textFileStream(directory:String):org.apache.spark.streaming.dstream.DStream[String]"},
    {"StreamingContext.html", "socketTextStream", "socketTextStream(hostname:String,port:Int,storageLevel:org.apache.spark.storage.StorageLevel):org.apache.spark.streaming.dstream.ReceiverInputDStream[String]"},
    {"StreamingContext.html", "sparkContext", "sparkContext:org.apache.spark.SparkContext"},
    {"DStream.html", "print", "print(num:Int):Unit"},
    {"DStream.html", "foreachRDD", "foreachRDD(foreachFunc:org.apache.spark.rdd.RDD[T]=>Unit):Unit"},
    {"DStream.html", "count", "count():org.apache.spark.streaming.dstream.DStream[Long]"},
    {"DStream.html", "filter", "filter(filterFunc:T=>Boolean):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "window", "window(windowDuration:org.apache.spark.streaming.Duration,slideDuration:org.apache.spark.streaming.Duration):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "reduce", "reduce(reduceFunc:(T,T)=>T):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "repartition", "repartition(numPartitions:Int):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "union", "union(that:org.apache.spark.streaming.dstream.DStream[T]):org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "countByWindow", "countByWindow(windowDuration:org.apache.spark.streaming.Duration,slideDuration:org.apache.spark.streaming.Duration):org.apache.spark.streaming.dstream.DStream[Long]"},
    {"DStream.html", "saveAsTextFiles", "saveAsTextFiles(prefix:String,suffix:String):Unit"},
    {"DStream.html", "cache", "cache():org.apache.spark.streaming.dstream.DStream[T]"},
    {"DStream.html", "checkpoint", "checkpoint(interval:org.apache.spark.streaming.Duration):org.apache.spark.streaming.dstream.DStream[T]"},
    {"RDD.html", "count", "count():Long"},
    {"RDD.html", "collect", "collect():Array[T]"},
    {"RDD.html", "first", "first():T"},
    {"RDD.html", "isEmpty", "isEmpty():Boolean"},
    {"RDD.html", "take", "take(num:Int):Array[T]"},
    {"RDD.html", "foreach", "foreach(f:T=>Unit):Unit"},
    {"RDD.html", "foreachPartition", "foreachPartition(f:Iterator[T]=>Unit):Unit"},
    {"RDD.html", "filter", "filter(f:T=>Boolean):org.apache.spark.rdd.RDD[T]"},
    {"RDD.html", "reduce", "reduce(f:(T,T)=>T):T"},
    {"RDD.html", "getNumPartitions", "getNumPartitions:Int"},
    {"RDD.html", "cache", "cache():RDD.this.type"},
    {"Dataset.html", "show", "show(numRows:Int):Unit"},
    {"Dataset.html", "printSchema", "printSchema():Unit"},
    {"Dataset.html", "count", "count():Long"},
    {"Dataset.html", "collect", "collect():Array[T]"},
    {"Dataset.html", "createOrReplaceTempView", "createOrReplaceTempView(viewName:String):Unit"},
    {"Dataset.html", "limit", "limit(n:Int):org.apache.spark.sql.Dataset[T]"},
    {"Dataset.html", "select", "select(cols:org.apache.spark.sql.Column*):org.apache.spark.sql.DataFrame"},
    {"Dataset.html", "filter", "filter(condition:org.apache.spark.sql.Column):org.apache.spark.sql.Dataset[T]"},
    {"Dataset.html", "where", "where(condition:org.apache.spark.sql.Column):org.apache.spark.sql.Dataset[T]"},
    {"Dataset.html", "write", "write:org.apache.spark.sql.DataFrameWriter[T]"},
    {"Dataset.html", "toJSON", "toJSON:org.apache.spark.sql.Dataset[String]"},
    {"Dataset.html", "schema", "schema:org.apache.spark.sql.types.StructType"},
    {"Dataset.html", "columns", "columns:Array[String]"},
    {"SparkContext.html", "parallelize", "parallelize[T](seq:Seq[T],numSlices:Int)(implicitevidence$1:scala.reflect.ClassTag[T]):org.apache.spark.rdd.RDD[T]"},
    {"SparkContext.html", "longAccumulator", "longAccumulator(name:String):org.apache.spark.util.LongAccumulator"},
    {"KafkaProducer.html", "send", "send(org.apache.kafka.clients.producer.ProducerRecord)"},
    {"KafkaProducer.html", "flush", "flush()"},
    {"KafkaProducer.html", "close", "close()"},
    {"KafkaConsumer.html", "poll", "poll(java.time.Duration)"},
    {"KafkaConsumer.html", "subscribe", "subscribe(java.util.Collection)"},
    {"KafkaConsumer.html", "close", "close()"},
    {"KafkaConsumer.html", "commitSync", "commitSync()"},
};

static char *method_url(const HostClass *cls, const char *method) {
    if (!cls || !cls->doc_url) return NULL;
    const char *page = strrchr(cls->doc_url, '/');
    page = page ? page + 1 : cls->doc_url;
    size_t plen = strcspn(page, "#?");
    for (size_t i = 0; method && i < sizeof anchors / sizeof anchors[0]; i++)
        if (strlen(anchors[i].page) == plen && !strncmp(page, anchors[i].page, plen) && !strcmp(anchors[i].method, method)) {
            char *u = NULL;
            if (asprintf(&u, "%.*s#%s", (int)(page - cls->doc_url + (long)plen), cls->doc_url, anchors[i].anchor) < 0) abort();
            return u;
        }
    return strdup(cls->doc_url);
}

static json_t *inspect_reply(const char *sig, const char *doc, const HostClass *cls, const char *url) {
    char *plain = NULL, *md = NULL;
    const char *qual = cls ? (cls->qualified ? cls->qualified : cls->name) : NULL;
    if (asprintf(&plain, "%s\n\n%s%s%s%s%s%s", sig ? sig : "", doc ? doc : "", qual ? "\n\nClass: " : "", qual ? qual : "",
                 url ? "\nDocumentation: " : "", url ? url : "", "") < 0) abort();
    if (asprintf(&md, "```scala\n%s\n```\n\n%s%s%s%s%s%s%s", sig ? sig : "", doc ? doc : "", qual ? "\n\n*" : "", qual ? qual : "",
                 qual ? "*" : "", url ? "\n\n[Documentation](" : "", url ? url : "", url ? ")" : "") < 0) abort();
    json_t *r = json_pack("{s:b, s:{s:s, s:s}, s:{}}", "found", 1, "data", "text/plain", plain, "text/markdown", md, "metadata");
    free(plain);
    free(md);
    return r;
}

/* The interpreter's own text, with the method's documentation link made precise. */
static json_t *interp_reply(char *text) {
    json_t *r = json_pack("{s:b, s:{s:s}, s:{}}", "found", 1, "data", "text/plain", text, "metadata");
    free(text);
    return r;
}

json_t *completer_inspect(Completer *c, const char *code, int cursor, int detail) {
    (void)detail;
    int len = (int)strlen(code);
    if (cursor < 0 || cursor > len) cursor = len;
    /* the word at the cursor; none (f(|) or after a space in the arguments): the call's callee */
    int s = cursor, e = cursor;
    while (s > 0 && ident_char(code[s - 1])) s--;
    while (e < len && ident_char(code[e])) e++;
    Scan sc;
    scan_text(&sc, code, e);
    if (s == e || !code_at(&sc, s)) {
        int k = sc.nopen - 1;
        while (k >= 0 && code[sc.open[k]] != '(') k--;
        if (k >= 0) {
            e = sc.open[k];
            if (e > 0 && code[e - 1] == ']' && sc.match[e - 1] >= 0) e = sc.match[e - 1];
            s = e;
            while (s > 0 && ident_char(code[s - 1])) s--;
        }
    }
    json_t *out = NULL;
    if (s < e) {
        Ctx x = {.c = c, .sc = &sc};
        char *name = xstrndup(code + s, (size_t)(e - s));
        int dot = skip_ws_back(&sc, s);
        const HostClass *cls = NULL;
        if (dot > 0 && code[dot - 1] == '.' && code_at(&sc, dot - 1)) {
            TypeInfo t;
            if (infer_range(&x, chain_start(&sc, dot - 1), dot - 1, 0, &t) && t.cls) cls = t.cls;
            ti_clear(&t);
            for (const HostClass *k = cls; k && !out; k = k->parent) {
                const MethodDef *md = host_find_method(k, name);
                if (md) {
                    char *url = method_url(k, name);
                    out = inspect_reply(md->signature ? md->signature : name, md->doc, k, url);
                    free(url);
                }
            }
        } else {
            bool is_new = false;
            int w = skip_ws_back(&sc, s);
            if (w >= 3 && word_at(&sc, w - 3, "new")) is_new = true;
            const HostClass *k = find_class(c, name);
            char *own = k && !is_new ? inspect_text(c, name) : NULL;
            if (own) k = NULL;        /* a name of the session's: the interpreter answers */
            free(own);
            if (k) {
                char *url = method_url(k, NULL);
                out = inspect_reply(k->ctor_signature ? k->ctor_signature : k->qualified ? k->qualified : k->name, k->doc, k, url);
                free(url);
            }
        }
        if (!out) {
            /* the interpreter's answer for the whole dotted name */
            int a = s;
            while (a > 0 && (ident_char(code[a - 1]) || code[a - 1] == '.')) a--;
            char *chain = xstrndup(code + a, (size_t)(e - a));
            char *t = interp_inspect(c->I, chain, (int)strlen(chain));
            if (t) out = interp_reply(t);
            free(chain);
        }
        if (!out) {
            /* a value the cell defines: its inferred class */
            TypeInfo t;
            if (dot == 0 || code[dot - 1] != '.') {
                if (infer_range(&x, s, e, 0, &t) && t.cls) {
                    char *sig = NULL;
                    if (asprintf(&sig, "%s: %s", name, t.cls->qualified ? t.cls->qualified : t.cls->name) < 0) abort();
                    char *url = method_url(t.cls, NULL);
                    out = inspect_reply(sig, t.cls->doc, t.cls, url);
                    free(url);
                    free(sig);
                }
                ti_clear(&t);
            }
        }
        free(name);
    }
    scan_free(&sc);
    if (!out) out = json_pack("{s:b, s:{}, s:{}}", "found", 0, "data", "metadata");
    return out;
}
