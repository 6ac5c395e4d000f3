/* complete_infer.c — the class of a piece of a cell's text, for completion and inspection: what
 * the interpreter says about a top-level name, the columns of a DataFrame (from its schema, its
 * REPL echo, or the select(...) that made it), and the class a chain of calls, a definition, a
 * lambda parameter or an annotation gives an expression the session has not run yet (through the
 * registry's method signatures). complete.c and complete_inspect.c ask it. */
#include "complete_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/sql/dataframe.h"
#include "spark/spark.h"

/* DataFrame layer entry points. */
extern DataFrame *df_get(Value v);
extern DfState *dfstate_for(Interp *I);

const HostClass *find_class(Completer *c, const char *name) {
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
char *inspect_text(Completer *c, const char *text) {
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
bool global_columns(Completer *c, const char *name, json_t *cols) {
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
void view_columns(Completer *c, json_t *cols, json_t *names) {
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

void ti_clear(TypeInfo *t) {
    free(t->global_chain);
    free(t->targ);
    if (t->cols) json_decref(t->cols);
    memset(t, 0, sizeof *t);
}

/* The class and element type that a type's text names. */
static void ti_set_type(Ctx *x, TypeInfo *out, const char *type) {
    out->cls = class_for_type(x->c, type);
    out->targ = type_arg(type);
}

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
            ti_set_type(x, out, annot);
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
            ti_set_type(x, out, at);
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
            ti_set_type(x, out, t);
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
        ti_set_type(x, out, t);
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
        ti_set_type(x, out, r);
        ok = out->cls != NULL;
        free(r);
    }
    free(t);
    free(sig);
    return ok;
}

/* Infers the class of the expression code[a, b). */
bool infer_range(Ctx *x, int a, int b, int depth, TypeInfo *out) {
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
