/* df_group.c — groupBy: RelationalGroupedDataset (count, agg with Columns, a Map or pairs,
 * sum/avg/mean/min/max of named or of all numeric columns, pivot), and df.agg over all rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/sql/df_internal.h"

/* ---- groupBy ---- */

typedef struct {
    Value df;
    Expr **keys;
    int n;
    Expr *pivot;     /* groupBy(…).pivot(col): its column, or NULL */
    Value values;    /* pivot(col, values): the values given, or unit (the column's distinct values) */
} Grouped;

static void grouped_finalize(void *d) {
    Grouped *g = d;
    val_decref(g->df);
    exprs_free(g->keys, g->n);
    if (g->pivot) expr_unref(g->pivot);
    val_decref(g->values);
    free(g);
}
static void grouped_traverse(void *d, VisitFn visit, void *ctx) { visit(((Grouped *)d)->df, ctx); }
static HostClass grouped_class;

bool df_group_by(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    Grouped *g = calloc(1, sizeof *g);
    g->keys = args_exprs(c, 0, &g->n, true, false);
    if (!g->keys) { free(g); return false; }
    for (int i = 0; i < g->n; i++) {   /* resolve the keys now, as Spark does */
        Compiled x;
        const Expr *k = g->keys[i];
        if (k->kind == EX_FUNC && !strcmp(k->name, "window") && k->nargs == 2) k = k->args[0];   /* sliding: its time column */
        df->st->eager++;
        bool ok = expr_compile(c->I, k, df->schema, &x);
        df->st->eager--;
        if (!ok) { exprs_free(g->keys, g->n); free(g); return false; }
        compiled_clear(&x);
    }
    val_incref(c->self);
    g->df = c->self;
    *out = host_new(&grouped_class, g);
    return true;
}

static bool pivot_select(Call *c, Grouped *g, Expr **aggs, int n, Value *out);

/* SELECT keys…, aggs… FROM (parent) GROUP BY keys */
static bool grouped_select(Call *c, Grouped *g, Expr **aggs, int n, Value *out) {
    if (g->pivot) return pivot_select(c, g, aggs, n, out);
    DataFrame *df = df_get(g->df);
    Value expanded = v_unit();
    Expr **keys = NULL;                 /* a sliding window's rows, one per window (df_schema.c) */
    if (!df_expand_window(c->I, df, g->keys, g->n, &expanded, &keys)) return false;
    if (keys) df = df_get(expanded);
    Cols cols = {0};
    StrBuf t = {0};
    bool ok = true;
    for (int i = 0; ok && i < g->n; i++) {
        ok = cols_compile(c->I, &cols, keys ? keys[i] : g->keys[i], df->schema);
        if (ok) sb_printf(&t, "%s%s", i ? ", " : "GROUP BY ", cols.cols[cols.n - 1].sql);
    }
    for (int i = 0; ok && i < n; i++) ok = cols_compile(c->I, &cols, aggs[i], df->schema);
    if (ok) ok = make_select(c->I, df, &cols, t.s ? t.s : "", NULL, out);
    cols_free(&cols);
    sb_reset(&t);
    if (keys) exprs_free(keys, g->n);
    val_decref(expanded);
    return ok;
}

/* ---- pivot ---- */

/* A value as a SQL literal (pivot's values: numbers, strings, booleans, null). */
static void sql_literal(Interp *I, StrBuf *b, Value v) {
    switch (v.t) {
    case T_NULL: case T_NONE: case T_UNIT: sb_puts(b, "NULL"); return;
    case T_INT: sb_printf(b, "%d", v.u.i); return;
    case T_LONG: sb_printf(b, "%lld", (long long)v.u.l); return;
    case T_DOUBLE: sb_printf(b, "%.17g", v.u.d); return;
    case T_BOOL: sb_puts(b, v.u.b ? "true" : "false"); return;
    default: {
        char *s = val_to_string(I, v);
        sb_putc(b, '\'');
        for (const char *p = s; p && *p; p++) { if (*p == '\'') sb_putc(b, '\''); sb_putc(b, *p); }
        sb_putc(b, '\'');
        free(s);
    }
    }
}

/* The distinct values of column col of df, ascending, nulls first (as Spark's pivot finds them). */
static bool distinct_values(Interp *I, DataFrame *df, int col, Value **vals, size_t *n) {
    *vals = NULL;
    *n = 0;
    DataType *schema = dt_struct_new(1);
    schema->fields[0].name = strdup(df->schema->fields[col].name);
    schema->fields[0].type = dt_ref(df->schema->fields[col].type);
    schema->fields[0].nullable = true;
    StrBuf q = {0};
    sb_puts(&q, "SELECT DISTINCT ");
    sql_ident(&q, df->schema->fields[col].name);
    sb_printf(&q, " FROM (%s) ORDER BY 1 ASC NULLS FIRST", df->sql);
    Value dv = df_make(df->st, schema, sb_take(&q), &df, 1, NULL);
    DfCursor cur;
    size_t cap = 0;
    bool ok = df_cursor(I, df_get(dv), -1, &cur);
    while (ok && dfc_next(&cur)) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *vals = realloc(*vals, cap * sizeof(Value));
            if (!*vals) abort();
        }
        (*vals)[(*n)++] = df_cell_value(I, &cur, 0, schema->fields[0].type);
    }
    dfc_close(&cur);
    val_decref(dv);
    return ok;
}

/* groupBy(keys).pivot(p).agg(aggs): the aggregates per (keys, p), then one row per keys with a
 * column per value of p and aggregate, named by the value (several aggregates: value_aggregate),
 * null where a group lacks that value — Spark's two-step plan (PivotFirst over the aggregates). */
static bool pivot_select(Call *c, Grouped *g, Expr **aggs, int n, Value *out) {
    Grouped by = {.df = g->df, .keys = calloc((size_t)g->n + 2, sizeof(Expr *)), .n = g->n + 1, .values = v_unit()};
    memcpy(by.keys, g->keys, (size_t)g->n * sizeof(Expr *));
    by.keys[g->n] = g->pivot;
    Value inner;
    bool ok = grouped_select(c, &by, aggs, n, &inner);
    free(by.keys);
    if (!ok) return false;
    DataFrame *in = df_get(inner);
    int nk = g->n, pc = g->n;
    Value *vals = NULL;
    size_t nv = 0;
    if (g->values.t != T_UNIT) ok = interp_iter_items(c->I, g->values, &vals, &nv);
    else ok = distinct_values(c->I, in, pc, &vals, &nv);
    if (!ok) { val_decref(inner); return false; }
    DataType *schema = dt_struct_new(nk + (int)nv * n);
    StrBuf q = {0}, keys = {0};
    sb_puts(&q, "SELECT ");
    for (int i = 0; i < nk; i++) {
        if (i) { sb_puts(&q, ", "); sb_puts(&keys, ", "); }
        sql_ident(&q, in->schema->fields[i].name);
        sql_ident(&keys, in->schema->fields[i].name);
        schema->fields[i].name = strdup(in->schema->fields[i].name);
        schema->fields[i].type = dt_ref(in->schema->fields[i].type);
        schema->fields[i].nullable = in->schema->fields[i].nullable;
    }
    int f = nk;
    for (size_t v = 0; v < nv; v++) {
        char *vs = vals[v].t == T_NULL ? strdup("null") : val_to_string(c->I, vals[v]);
        for (int a = 0; a < n; a++, f++) {
            DataType *at = in->schema->fields[pc + 1 + a].type;
            StrBuf name = {0};
            sb_puts(&name, vs);
            if (n > 1) sb_printf(&name, "_%s", in->schema->fields[pc + 1 + a].name);
            sb_puts(&q, f ? ", any_value(CASE WHEN " : "any_value(CASE WHEN ");
            sql_ident(&q, in->schema->fields[pc].name);
            sb_puts(&q, " IS NOT DISTINCT FROM ");
            sql_literal(c->I, &q, vals[v]);
            sb_puts(&q, " THEN ");
            sql_ident(&q, in->schema->fields[pc + 1 + a].name);
            sb_puts(&q, " END) AS ");
            sql_ident(&q, name.s);
            schema->fields[f].name = sb_take(&name);
            schema->fields[f].type = dt_ref(at);
            schema->fields[f].nullable = true;
        }
        free(vs);
    }
    if (!f) sb_puts(&q, "NULL AS \"_\"");
    sb_printf(&q, " FROM (%s)", in->sql);
    if (nk) sb_printf(&q, " GROUP BY %s", keys.s);
    sb_reset(&keys);
    interp_free_items(vals, nv);
    *out = df_make(in->st, schema, sb_take(&q), &in, 1, NULL);
    df_get(*out)->aggregated = true;
    val_decref(inner);
    return true;
}

static Expr *agg_of(const char *fn, const char *colname) {
    Expr *a = strcmp(colname, "*") ? expr_col(colname) : expr_col("*");
    Expr *e = calloc(1, sizeof *e);
    e->rc = 1;
    e->kind = EX_FUNC;
    e->name = strdup(!strcmp(fn, "mean") || !strcmp(fn, "average") ? "avg" : fn);
    e->lit = v_unit();
    e->args[0] = a;
    e->nargs = 1;
    return e;
}

static bool grouped_self(Call *c, Grouped **g) {
    *g = c->self.t == T_HOST && as_host(c->self)->cls == &grouped_class ? as_host(c->self)->data : NULL;
    if (!*g) return interp_throw(c->I, "java.lang.IllegalStateException", "not a GroupedData");
    if (!df_get((*g)->df)->st->db) return interp_throw(c->I, "java.lang.IllegalStateException", "the SparkSession is stopped");
    return true;
}

static bool grouped_count(Call *c, Value *out) {
    Grouped *g;
    if (!grouped_self(c, &g)) return false;
    Expr *e = agg_of("count", "*");
    Expr *al = calloc(1, sizeof *al);
    al->rc = 1;
    al->kind = EX_ALIAS;
    al->name = strdup("count");
    al->lit = v_unit();
    al->args[0] = e;
    al->nargs = 1;
    bool ok = grouped_select(c, g, &al, 1, out);
    expr_unref(al);
    return ok;
}

/* sum("a", "b") / avg() …: the named columns, or every numeric column that is not a key. */
static bool grouped_numeric(Call *c, Value *out) {
    Grouped *g;
    if (!grouped_self(c, &g)) return false;
    DataFrame *df = df_get(g->df);
    Expr **aggs = calloc((size_t)(c->argc + df->schema->nfields + 1), sizeof *aggs);
    int n = 0;
    bool ok = true;
    if (c->argc) {
        for (int i = 0; ok && i < c->argc; i++) {
            const char *nm;
            if (!(ok = arg_string(c, i, &nm))) break;
            int fi = dt_field_index(df->schema, nm);
            if (fi >= 0 && !dt_is_numeric(df->schema->fields[fi].type)) {
                ok = df_analysis(c->I, "\"%s\" is not a numeric column. Aggregation function can only be applied on a numeric column.", nm);
                break;
            }
            aggs[n++] = agg_of(c->name, nm);
        }
    } else {
        for (int i = 0; i < df->schema->nfields; i++)
            if (dt_is_numeric(df->schema->fields[i].type)) aggs[n++] = agg_of(c->name, df->schema->fields[i].name);
    }
    if (ok) ok = grouped_select(c, g, aggs, n, out);
    exprs_free(aggs, n);
    return ok;
}

/* agg(count("a"), max("b")) | agg(Map("a" -> "max")) | agg("a" -> "max", …) over g's groups */
static bool agg_args(Call *c, Grouped *g, Value *out) {
    Value *items = c->argv;
    size_t n = (size_t)c->argc;
    Value *owned = NULL;
    if (n == 1 && c->argv[0].t == T_MAP) {
        if (!interp_iter_items(c->I, c->argv[0], &owned, &n)) return false;
        items = owned;
    }
    Expr **aggs = calloc(n + 1, sizeof *aggs);
    int k = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        Value v = items[i];
        if (v.t == T_TUPLE && as_tuple(v)->n == 2 && as_tuple(v)->items[0].t == T_STR && as_tuple(v)->items[1].t == T_STR)
            aggs[k++] = agg_of(as_str(as_tuple(v)->items[1])->s, as_str(as_tuple(v)->items[0])->s);
        else if (column_expr(v)) aggs[k++] = expr_ref(column_expr(v));
        else ok = interp_throw(c->I, "java.lang.IllegalArgumentException", "agg: expected Columns such as count(\"a\"), or \"column\" -> \"function\" pairs");
    }
    if (ok) ok = grouped_select(c, g, aggs, k, out);
    exprs_free(aggs, k);
    if (owned) interp_free_items(owned, n);
    return ok;
}

static bool grouped_agg(Call *c, Value *out) {
    Grouped *g;
    return grouped_self(c, &g) && agg_args(c, g, out);
}

/* df.agg(...): the aggregates over all the rows (one group, no keys), as groupBy().agg(...) */
bool df_agg(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    Grouped g = {.df = c->self};
    return agg_args(c, &g, out);
}

/* groupBy(…).pivot(col[, values]) */
static bool grouped_pivot(Call *c, Value *out) {
    Grouped *g;
    if (!grouped_self(c, &g)) return false;
    if (g->pivot) return interp_throw(c->I, "java.lang.UnsupportedOperationException", "repeated pivots are not supported");
    DataFrame *df = df_get(g->df);
    Expr *p = expr_of(c->I, c->argv[0], true);
    if (!p) return false;
    Compiled x;
    df->st->eager++;
    bool ok = expr_compile(c->I, p, df->schema, &x);
    df->st->eager--;
    if (!ok) { expr_unref(p); return false; }
    compiled_clear(&x);
    Grouped *ng = calloc(1, sizeof *ng);
    if (!ng) abort();
    ng->keys = calloc((size_t)g->n + 1, sizeof(Expr *));
    for (int i = 0; i < g->n; i++) ng->keys[i] = expr_ref(g->keys[i]);
    ng->n = g->n;
    ng->pivot = p;
    ng->values = c->argc > 1 ? c->argv[1] : v_unit();
    val_incref(ng->values);
    val_incref(g->df);
    ng->df = g->df;
    *out = host_new(&grouped_class, ng);
    return true;
}

static const MethodDef grouped_methods[] = {
    METHOD("pivot", grouped_pivot, 1, 2, "def pivot(pivotColumn: String, values: Seq[Any]): RelationalGroupedDataset",
           "One column per value of pivotColumn (its distinct values, sorted, or those given) for each aggregate that follows."),
    METHOD("count", grouped_count, 0, 0, "def count(): DataFrame", "The number of rows of each group, in a column named count."),
    METHOD("agg", grouped_agg, 1, -1, "def agg(expr: Column, exprs: Column*): DataFrame", "Aggregates each group: agg(count(\"a\"), max(\"b\")) or agg(Map(\"b\" -> \"max\"))."),
    METHOD("sum", grouped_numeric, 0, -1, "def sum(colNames: String*): DataFrame", "The sum of each numeric column per group."),
    METHOD("avg", grouped_numeric, 0, -1, "def avg(colNames: String*): DataFrame", "The mean of each numeric column per group."),
    METHOD("mean", grouped_numeric, 0, -1, "def mean(colNames: String*): DataFrame", "The mean of each numeric column per group."),
    METHOD("min", grouped_numeric, 0, -1, "def min(colNames: String*): DataFrame", "The least value of each numeric column per group."),
    METHOD("max", grouped_numeric, 0, -1, "def max(colNames: String*): DataFrame", "The greatest value of each numeric column per group."),
};
static HostClass grouped_class = {.name = "RelationalGroupedDataset", .qualified = "org.apache.spark.sql.RelationalGroupedDataset",
                                  .doc = "The groups of df.groupBy(...): count(), agg(...), sum/avg/min/max.",
                                  .doc_url = DF_DOC "RelationalGroupedDataset.html",
                                  HOST_METHODS(grouped_methods),
                                  .finalize = grouped_finalize, .traverse = grouped_traverse,
                                  .aliases = (const char *const[]){"GroupedData", NULL}};

void group_init(Interp *I) { interp_register_class(I, &grouped_class); }
