/* sql_names.c — Spark's auto-generated name of a result column from the text of its SQL
 * expression (spark.sql, selectExpr, expr): `count(*)` → count(1), `id+1` → (id + 1),
 * `UPPER(s)` → upper(s), `v.id` → id, `user.name` → name, `cast(id as string)` → id, `'x'` → x,
 * `a AS b` → b; and the same from DuckDB's names of result columns (count_star() → count(1),
 * CAST('t' AS BOOLEAN) → true). A small
 * recursive-descent parser prints the expression as Spark's toPrettySQL does; text it does not
 * understand keeps its own words (the engine's name).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/dataframe.h"

typedef struct {
    const char *p;
    bool bad;
    SqlIsStruct is_struct;   /* may be NULL: no struct columns known */
    void *ctx;
} NP;

static void skip(NP *n) { while (isspace((unsigned char)*n->p)) n->p++; }

static bool word_char(char c) { return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80; }

/* The keyword kw (case-insensitive, whole word) at the cursor: consumed. */
static bool kw(NP *n, const char *kw) {
    skip(n);
    size_t l = strlen(kw);
    if (strncasecmp(n->p, kw, l) || word_char(n->p[l])) return false;
    n->p += l;
    return true;
}

static bool sym(NP *n, const char *s) {
    skip(n);
    size_t l = strlen(s);
    if (strncmp(n->p, s, l)) return false;
    n->p += l;
    return true;
}

/* An identifier (plain, `quoted` or "quoted") into buf; false when none. */
static bool ident(NP *n, char *buf, size_t cap) {
    skip(n);
    size_t k = 0;
    if (*n->p == '`' || *n->p == '"') {
        char q = *n->p++;
        while (*n->p && *n->p != q) { if (k < cap - 1) buf[k++] = *n->p; n->p++; }
        if (!*n->p) return n->bad = true, false;
        n->p++;
    } else if (isalpha((unsigned char)*n->p) || *n->p == '_' || (unsigned char)*n->p >= 0x80) {
        while (word_char(*n->p)) { if (k < cap - 1) buf[k++] = *n->p; n->p++; }
    } else {
        return false;
    }
    buf[k] = 0;
    return true;
}

static const char *const reserved[] = {"and", "or", "not", "as", "is", "null", "like", "from", "case", "when",
                                       "then", "else", "end", "in", "between", "distinct", NULL};

static bool is_reserved(const char *w) {
    for (int i = 0; reserved[i]; i++) if (!strcasecmp(w, reserved[i])) return true;
    return false;
}

typedef struct {
    char *text;     /* Spark's name of the expression */
    char *leaf;     /* a column reference: its last part (the name Spark gives it at the top) */
} Named;

static void named_free(Named *x) { free(x->text); free(x->leaf); x->text = x->leaf = NULL; }

static Named mk(char *text) { return (Named){text, NULL}; }

static char *fmt(const char *f, const char *a, const char *b, const char *c) {
    char *s = NULL;
    if (asprintf(&s, f, a, b ? b : "", c ? c : "") < 0) abort();
    return s;
}

static Named expr(NP *n);

static Named primary(NP *n) {
    skip(n);
    char buf[256];
    const char *s = n->p;
    if (*s == '(') {
        n->p++;
        Named x = expr(n);
        if (!sym(n, ")")) n->bad = true;
        return x;
    }
    if (*s == '\'') {                               /* a string literal: its text */
        StrBuf b = {0};
        n->p++;
        while (*n->p && !(*n->p == '\'' && n->p[1] != '\'')) { if (*n->p == '\'') n->p++; sb_putc(&b, *n->p++); }
        if (!*n->p) { n->bad = true; sb_reset(&b); return mk(strdup("")); }
        n->p++;
        return mk(b.s ? sb_take(&b) : strdup(""));
    }
    if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) {
        while (isalnum((unsigned char)*n->p) || *n->p == '.') n->p++;
        return mk(strndup(s, (size_t)(n->p - s)));
    }
    if (kw(n, "null")) return mk(strdup("NULL"));
    if (kw(n, "true")) return mk(strdup("true"));
    if (kw(n, "false")) return mk(strdup("false"));
    if (kw(n, "cast")) {
        if (!sym(n, "(")) { n->bad = true; return mk(strdup("")); }
        Named a = expr(n);
        char ty[64];
        if (!kw(n, "as") || !ident(n, ty, sizeof ty) || !sym(n, ")")) n->bad = true;
        for (char *t = ty; *t; t++) *t = (char)toupper((unsigned char)*t);
        const char *spark = !strcmp(ty, "LONG") ? "BIGINT" : !strcmp(ty, "INTEGER") ? "INT" :
                            !strcmp(ty, "TEXT") || !strcmp(ty, "VARCHAR") ? "STRING" : ty;
        if (!strcmp(ty, "BOOLEAN") && (!strcmp(a.text, "t") || !strcmp(a.text, "f"))) {   /* DuckDB's true/false */
            Named x = mk(strdup(a.text[0] == 't' ? "true" : "false"));
            named_free(&a);
            return x;
        }
        Named x = mk(fmt("CAST(%s AS %s)", a.text, spark, NULL));
        x.leaf = a.leaf ? strdup(a.leaf) : NULL;   /* a cast column keeps the column's name */
        named_free(&a);
        return x;
    }
    if (!ident(n, buf, sizeof buf) || is_reserved(buf)) { n->bad = true; return mk(strdup("")); }
    skip(n);
    if (*n->p == '(') {                             /* a function call */
        n->p++;
        for (char *t = buf; *t; t++) *t = (char)tolower((unsigned char)*t);
        if (!strcmp(buf, "count_star") && sym(n, ")")) return mk(strdup("count(1)"));   /* DuckDB's count(*) */
        StrBuf b = {0};
        sb_printf(&b, "%s(", buf);
        if (sym(n, "*")) {
            sb_puts(&b, !strcmp(buf, "count") ? "1" : "*");
        } else if (skip(n), *n->p != ')') {
            if (kw(n, "distinct")) sb_puts(&b, "DISTINCT ");
            for (int i = 0;; i++) {
                Named a = expr(n);
                sb_printf(&b, "%s%s", i ? ", " : "", a.text);
                named_free(&a);
                if (n->bad || !sym(n, ",")) break;
            }
        }
        if (!sym(n, ")")) n->bad = true;
        sb_putc(&b, ')');
        return mk(sb_take(&b));
    }
    /* a column: a.b.c (a qualifier or a struct; the last part names it at the top). Inside an
     * expression Spark prints a plain column by its own name (v.id → id) and a struct's field by
     * its path from the struct column (t.user.name → user.name). */
    char *parts[8];
    int np = 0;
    parts[np++] = strdup(buf);
    while (*n->p == '.') {
        n->p++;
        if (!ident(n, buf, sizeof buf)) { n->bad = true; break; }
        if (np < 8) parts[np++] = strdup(buf);
    }
    int from = np - 1;
    if (n->is_struct && np >= 2 && n->is_struct(n->ctx, parts[0])) from = 0;
    else if (n->is_struct && np >= 3 && n->is_struct(n->ctx, parts[1])) from = 1;
    StrBuf b = {0};
    for (int i = from; i < np; i++) sb_printf(&b, "%s%s", i > from ? "." : "", parts[i]);
    Named x = mk(sb_take(&b));
    x.leaf = strdup(parts[np - 1]);
    for (int i = 0; i < np; i++) free(parts[i]);
    return x;
}

static Named unary(NP *n) {
    if (kw(n, "not")) {
        Named a = unary(n);
        Named x = mk(fmt("(NOT %s)", a.text, NULL, NULL));
        named_free(&a);
        return x;
    }
    skip(n);
    if (*n->p == '-' && n->p[1] != '-') {
        n->p++;
        Named a = unary(n);
        Named x = mk(fmt("(- %s)", a.text, NULL, NULL));
        named_free(&a);
        return x;
    }
    return primary(n);
}

typedef struct { const char *in, *out; } Op;

/* A left-associative level of binary operators over next. */
static Named binary(NP *n, const Op *ops, Named (*next)(NP *)) {
    Named l = next(n);
    while (!n->bad) {
        const Op *o = NULL;
        skip(n);
        for (const Op *k = ops; k->in && !o; k++) {
            if (isalpha((unsigned char)k->in[0]) ? kw(n, k->in) : sym(n, k->in)) o = k;
        }
        if (!o) break;
        Named r = next(n);
        Named x = mk(fmt(o->out, l.text, r.text, NULL));
        named_free(&l);
        named_free(&r);
        l = x;
    }
    return l;
}

static const Op mul_ops[] = {{"*", "(%s * %s)"}, {"/", "(%s / %s)"}, {"%", "(%s %% %s)"}, {NULL, NULL}};
static const Op add_ops[] = {{"+", "(%s + %s)"}, {"-", "(%s - %s)"}, {NULL, NULL}};
static const Op cmp_ops[] = {{"==", "(%s = %s)"}, {"<=>", "(%s <=> %s)"}, {"<=", "(%s <= %s)"}, {">=", "(%s >= %s)"},
                             {"<>", "(NOT (%s = %s))"}, {"!=", "(NOT (%s = %s))"}, {"=", "(%s = %s)"},
                             {"<", "(%s < %s)"}, {">", "(%s > %s)"}, {"like", "%s LIKE %s"}, {NULL, NULL}};
static const Op and_ops[] = {{"and", "(%s AND %s)"}, {NULL, NULL}};
static const Op or_ops[] = {{"or", "(%s OR %s)"}, {NULL, NULL}};

static Named mul(NP *n) { return binary(n, mul_ops, unary); }
static Named add(NP *n) { return binary(n, add_ops, mul); }
static Named is_null(NP *n) {
    Named a = add(n);
    if (n->bad) return a;
    const char *save = n->p;
    if (kw(n, "is")) {
        bool neg = kw(n, "not");
        if (kw(n, "null")) {
            Named x = mk(fmt(neg ? "(%s IS NOT NULL)" : "(%s IS NULL)", a.text, NULL, NULL));
            named_free(&a);
            return x;
        }
        n->p = save;
    }
    return a;
}
static Named cmp(NP *n) { return binary(n, cmp_ops, is_null); }
static Named and_level(NP *n) { return binary(n, and_ops, cmp); }
static Named expr(NP *n) { return binary(n, or_ops, and_level); }

char *sql_spark_name(const char *text, size_t *expr_len) { return sql_spark_name_in(text, expr_len, NULL, NULL); }

char *sql_spark_name_in(const char *text, size_t *expr_len, SqlIsStruct is_struct, void *ctx) {
    NP n = {text, false, is_struct, ctx};
    Named x = expr(&n);
    char alias[256];
    bool aliased = false;
    if (expr_len) *expr_len = strlen(text);
    if (!n.bad) {
        const char *save = n.p;
        if (kw(&n, "as") && ident(&n, alias, sizeof alias)) aliased = true;
        else n.p = save;
        skip(&n);
        if (aliased && !*n.p && expr_len) *expr_len = (size_t)(save - text);
    }
    char *out;
    if (n.bad || *n.p) out = strdup(text);
    else if (aliased) out = strdup(alias);
    else if (x.leaf) out = strdup(x.leaf);
    else out = strdup(x.text);
    named_free(&x);
    return out;
}
