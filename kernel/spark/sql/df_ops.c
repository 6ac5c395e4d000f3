/* df_ops.c — DataFrame transformations, each a SELECT wrapped around the parent's query:
 * select/selectExpr, filter/where, withColumn, withColumnRenamed, drop, toDF, orderBy/sort,
 * limit, distinct, union (groupBy and its aggregations: df_group.c); the cheap
 * actions count and isEmpty; columns/dtypes/schema; df("a"); and temp views.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"
#include "spark/structured/structured.h"
#include "spark/modules.h"

/* ---- building a DataFrame from compiled columns ---- */

void cols_add(Cols *c, Compiled x) {
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->cols = realloc(c->cols, (size_t)c->cap * sizeof *c->cols);
    }
    c->cols[c->n++] = x;
}

void cols_free(Cols *c) {
    for (int i = 0; i < c->n; i++) compiled_clear(&c->cols[i]);
    free(c->cols);
    memset(c, 0, sizeof *c);
}

/* A compiled reference to the parent's column i. */
static Compiled col_ref(const DataType *schema, int i) {
    Compiled x = {0};
    StrBuf b = {0};
    sql_ident(&b, schema->fields[i].name);
    x.sql = sb_take(&b);
    x.name = strdup(schema->fields[i].name);
    x.type = dt_ref(schema->fields[i].type);
    x.nullable = schema->fields[i].nullable;
    return x;
}

/* Compiles e for a select list: `*` expands, a bare nested column is named by its last part. */
/* select("s.*"): the fields of struct column s, each a column named as the field. */
static bool cols_star_struct(Interp *I, Cols *c, const char *name, size_t len, const DataType *schema) {
    char *base = strndup(name, len - 2);
    Expr *be = expr_col(base);
    Compiled s;
    bool ok = expr_compile(I, be, schema, &s);
    expr_unref(be);
    if (!ok) { free(base); return false; }
    if (s.type->kind != DT_STRUCT) {
        compiled_clear(&s);
        ok = df_analysis(I, "Can only star expand struct data types. Attribute: `ArrayBuffer(%s)`.", base);
        free(base);
        return ok;
    }
    free(base);
    for (int i = 0; i < s.type->nfields; i++) {
        Compiled f = {0};
        StrBuf q = {0};
        sb_printf(&q, "(%s).", s.sql);
        sql_ident(&q, s.type->fields[i].name);
        f.sql = sb_take(&q);
        f.name = strdup(s.type->fields[i].name);
        f.type = dt_ref(s.type->fields[i].type);
        f.nullable = true;
        f.is_agg = s.is_agg;
        cols_add(c, f);
    }
    compiled_clear(&s);
    return true;
}

bool cols_compile(Interp *I, Cols *c, const Expr *e, const DataType *schema) {
    size_t len = e->kind == EX_COL ? strlen(e->name) : 0;
    if (len > 2 && !strcmp(e->name + len - 2, ".*")) return cols_star_struct(I, c, e->name, len, schema);
    Compiled x;
    if (!expr_compile(I, e, schema, &x)) return false;
    if (x.star) {
        compiled_clear(&x);
        for (int i = 0; i < schema->nfields; i++) cols_add(c, col_ref(schema, i));
        return true;
    }
    if (x.cast_of_col) e = e->args[0];   /* col("a").cast(t) selected alone is named a */
    if (e->kind == EX_COL) {
        const char *dot = strrchr(e->name, '.');
        int fi = dt_field_index(schema, e->name);
        free(x.name);
        if (fi >= 0) x.name = strdup(schema->fields[fi].name);
        else x.name = strdup(dot ? dot + 1 : e->name);
        size_t n = strlen(x.name);
        if (n && x.name[n - 1] == '`') x.name[n - 1] = 0;
        if (x.name[0] == '`') memmove(x.name, x.name + 1, strlen(x.name));
    }
    cols_add(c, x);
    return true;
}

/* SELECT cols FROM (parent) tail — a new DataFrame value in *out. DuckDB checks the query now (an
 * invalid expression fails here, as Spark's analysis does) and gives the types of the columns
 * whose type only the engine knows (unknown[i]: selectExpr's SQL text). False with Spark's
 * exception raised. */
bool make_select(Interp *I, DataFrame *df, Cols *c, const char *tail, const bool *unknown, Value *out) {
    DataType *schema = dt_struct_new(c->n);
    StrBuf b = {0};
    sb_puts(&b, "SELECT ");
    for (int i = 0; i < c->n; i++) {
        if (i) sb_puts(&b, ", ");
        sb_printf(&b, "%s AS ", c->cols[i].sql);
        sql_ident(&b, c->cols[i].name);
        schema->fields[i].name = strdup(c->cols[i].name);
        schema->fields[i].type = dt_ref(c->cols[i].type);
        schema->fields[i].nullable = c->cols[i].nullable;
    }
    if (!c->n) sb_puts(&b, "NULL AS \"_\"");
    sb_printf(&b, " FROM (%s)%s%s", df->sql, tail && *tail ? " " : "", tail ? tail : "");
    char *sql = sb_take(&b);
    DataType *desc = NULL;
    char *err = NULL;
    if (!sql_describe(df->st, sql, &desc, &err)) {
        sql_raise(I, err ? err : "invalid query", NULL);
        free(err);
        free(sql);
        dt_unref(schema);
        return false;
    }
    for (int i = 0; unknown && i < c->n && i < desc->nfields; i++) {
        if (!unknown[i]) continue;
        dt_unref(schema->fields[i].type);
        schema->fields[i].type = dt_ref(desc->fields[i].type);
    }
    dt_unref(desc);
    *out = df_make(df->st, schema, sql, &df, 1, NULL);
    bool agg = false;
    for (int i = 0; i < c->n; i++) agg |= c->cols[i].is_agg;
    df_get(*out)->aggregated |= agg;
    if (!tail && !agg && !df->aggregated) df_get(*out)->proj_input = dt_ref(df->schema);
    return true;
}

/* A DataFrame with the parent's schema: SELECT * FROM (parent) tail. */
static Value make_same(DataFrame *df, const char *prefix, const char *tail) {
    StrBuf b = {0};
    sb_printf(&b, "SELECT %s* FROM (%s) %s", prefix, df->sql, tail);
    return df_keep_type(df, df_make(df->st, dt_ref(df->schema), sb_take(&b), &df, 1, NULL));
}

/* The arguments as expressions: Columns, names, or one Seq of either. */
Expr **args_exprs(Call *c, int from, int *n, bool strings_are_cols, bool sql_strings) {
    Value *items = c->argv + from;
    size_t cnt = c->argc > from ? (size_t)(c->argc - from) : 0;
    Value *owned = NULL;
    if (cnt == 1 && (items[0].t == T_SEQ || items[0].t == T_RANGE)) {
        if (!interp_iter_items(c->I, items[0], &owned, &cnt)) return NULL;
        items = owned;
    }
    Expr **ex = calloc(cnt + 1, sizeof *ex);
    *n = 0;
    for (size_t i = 0; i < cnt; i++) {
        Expr *e;
        if (sql_strings && items[i].t == T_STR) {
            e = expr_sql(as_str(items[i])->s);
        } else {
            e = expr_of(c->I, items[i], strings_are_cols);
        }
        if (!e) {
            for (int k = 0; k < *n; k++) expr_unref(ex[k]);
            free(ex);
            interp_free_items(owned, owned ? cnt : 0);
            return NULL;
        }
        ex[(*n)++] = e;
    }
    if (owned) interp_free_items(owned, cnt);
    return ex;
}

void exprs_free(Expr **ex, int n) {
    for (int i = 0; i < n; i++) expr_unref(ex[i]);
    free(ex);
}

/* ---- select ---- */

/* The columns are compiled against df's schema while the columns they read are recorded: over a
 * spark.read.json frame not loaded yet, the select reads a frame of only those (df_pruned), so
 * the rows are loaded without the others. */
static bool select_exprs(Call *c, DataFrame *df, Expr **ex, int n, Value *out) {
    Cols cols = {0};
    bool *unknown = calloc((size_t)n * ((size_t)df->schema->nfields + 1) + 1, sizeof(bool));
    bool any_unknown = false, ok = true;
    DfRefs refs = {.schema = df->schema}, *outer = df->st->refs;
    df->st->refs = &refs;
    for (int i = 0; ok && i < n; i++) {
        int before = cols.n;
        ok = cols_compile(c->I, &cols, ex[i], df->schema);
        if (ok && ex[i]->kind == EX_SQL && cols.n == before + 1) unknown[before] = any_unknown = true;
    }
    df->st->refs = outer;
    if (ok) {
        Value from = df_pruned(c->self, &refs);
        ok = make_select(c->I, df_get(from), &cols, NULL, any_unknown ? unknown : NULL, out);
        val_decref(from);
    }
    free(refs.paths);
    cols_free(&cols);
    free(unknown);
    return ok;
}

enum { SELECT_COLUMNS, SELECT_SQL };   /* select or selectExpr (the method's data) */
static bool df_select(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    int n;
    Expr **ex = args_exprs(c, 0, &n, true, CALL_TAG(c) == SELECT_SQL);
    if (!ex) return false;
    bool ok = select_exprs(c, df, ex, n, out);
    exprs_free(ex, n);
    return ok;
}

static bool df_filter(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    if (interp_is_case_lambda(c->argv[0]))   /* filter is overloaded: scalac cannot type { case … } */
        return interp_throw(c->I, "error", "missing parameter type for expanded function\nThe argument types of an anonymous function must be fully known. (SLS 8.5)\nExpected type was: ?");
    if (c->argv[0].t == T_FUNC) return df_filter_fn(c->I, df, c->argv[0], out);
    Expr *e = c->argv[0].t == T_STR ? expr_sql(as_str(c->argv[0])->s) : expr_of(c->I, c->argv[0], false);
    if (!e) return false;
    Compiled x;
    bool ok = expr_compile(c->I, e, df->schema, &x);
    expr_unref(e);
    if (!ok) return false;
    if (x.is_agg) {
        compiled_clear(&x);
        return df_analysis(c->I, "Aggregate functions are not allowed in filter (use groupBy(...).agg and then filter)");
    }
    StrBuf t = {0};
    sb_printf(&t, "WHERE %s", x.sql);
    *out = make_same(df, "", t.s);
    sb_reset(&t);
    compiled_clear(&x);
    DataFrame *nd = df_get(*out);
    /* an invalid SQL condition is reported now, as Spark's analysis would */
    DataType *desc = NULL;
    char *err = NULL;
    if (!sql_describe(nd->st, nd->sql, &desc, &err)) {
        val_decref(*out);
        sql_raise(c->I, err ? err : "invalid condition", c->argv[0].t == T_STR ? as_str(c->argv[0])->s : NULL);
        free(err);
        return false;
    }
    dt_unref(desc);
    return true;
}

/* The projection of df onto cols, which it frees: a new DataFrame value in *out. */
static bool select_cols(Interp *I, DataFrame *df, Cols *cols, Value *out) {
    bool ok = make_select(I, df, cols, NULL, NULL, out);
    cols_free(cols);
    return ok;
}

/* x named name instead. */
static Compiled col_renamed(Compiled x, const char *name) {
    free(x.name);
    x.name = strdup(name);
    return x;
}

/* withColumn(name, col): replaces the column of that name in place, or adds it at the end. */
static bool df_with_column(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    const char *name;
    if (!df || !arg_string(c, 0, &name)) return false;
    Expr *e = expr_of(c->I, c->argv[1], false);
    if (!e) return false;
    Compiled x;
    bool ok = expr_compile(c->I, e, df->schema, &x);
    expr_unref(e);
    if (!ok) return false;
    x = col_renamed(x, name);
    Cols cols = {0};
    bool placed = false;
    for (int i = 0; i < df->schema->nfields; i++) {
        if (!placed && !strcasecmp(df->schema->fields[i].name, name)) { cols_add(&cols, x); placed = true; }
        else cols_add(&cols, col_ref(df->schema, i));
    }
    if (!placed) cols_add(&cols, x);
    return select_cols(c->I, df, &cols, out);
}

static bool df_with_column_renamed(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    const char *from, *to;
    if (!df || !arg_string(c, 0, &from) || !arg_string(c, 1, &to)) return false;
    Cols cols = {0};
    for (int i = 0; i < df->schema->nfields; i++) {
        Compiled x = col_ref(df->schema, i);
        cols_add(&cols, strcasecmp(x.name, from) ? x : col_renamed(x, to));
    }
    return select_cols(c->I, df, &cols, out);
}

static bool df_to_df(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    if (c->argc == 0 && df->kind == DFK_ROWS && !df->dstype) { val_incref(c->self); *out = c->self; return true; }
    if (c->argc == 0) {   /* a typed Dataset's toDF(): the same rows as a DataFrame */
        StrBuf q = {0};
        sb_printf(&q, "SELECT * FROM (%s)", df->sql);
        *out = df_make(df->st, dt_ref(df->schema), sb_take(&q), &df, 1, NULL);
        return true;
    }
    if (c->argc != df->schema->nfields)
        return interp_throw(c->I, "java.lang.IllegalArgumentException",
                            "requirement failed: The number of columns doesn't match.\nOld column names (%d): …\nNew column names (%d): …",
                            df->schema->nfields, c->argc);
    Cols cols = {0};
    for (int i = 0; i < df->schema->nfields; i++) {
        const char *nm;
        if (!arg_string(c, i, &nm)) { cols_free(&cols); return false; }
        cols_add(&cols, col_renamed(col_ref(df->schema, i), nm));
    }
    return select_cols(c->I, df, &cols, out);
}

static bool df_drop(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    for (int k = 0; k < c->argc; k++) {   /* drop($"id") where a join left two: Spark's ambiguity */
        Expr *e = column_expr(c->argv[k]);
        if (!e || e->kind != EX_COL || df_join_resolve(df->schema, e->lit, e->name) >= 0) continue;
        int first = -1;
        for (int i = 0; i < df->schema->nfields; i++) {
            if (strcasecmp(e->name, df->schema->fields[i].name)) continue;
            if (first >= 0)
                return df_analysis(c->I, "[AMBIGUOUS_REFERENCE] Reference `%s` is ambiguous, could be: [`%s`, `%s`].", e->name,
                                   df->schema->fields[first].name, df->schema->fields[i].name);
            first = i;
        }
    }
    Cols cols = {0};
    for (int i = 0; i < df->schema->nfields; i++) {
        bool gone = false;
        for (int k = 0; k < c->argc && !gone; k++) {
            Value a = c->argv[k];
            Expr *e = column_expr(a);
            const char *nm = a.t == T_STR ? as_str(a)->s : e && e->kind == EX_COL ? e->name : NULL;
            /* drop(b("id")) after a join: only that side's column (a name drops every one so named) */
            int at = e && e->kind == EX_COL ? df_join_resolve(df->schema, e->lit, e->name) : -1;
            gone = at >= 0 ? at == i : nm && !strcasecmp(nm, df->schema->fields[i].name);
        }
        if (!gone) cols_add(&cols, col_ref(df->schema, i));
    }
    return select_cols(c->I, df, &cols, out);
}

/* Whether every column e names (plain names, through sorts and operators) is in schema: 1 all,
 * 0 one is not, -1 e has SQL text or a column of another DataFrame (not checked). */
static int cols_in(const Expr *e, const DataType *schema) {
    if (!e) return 1;
    if (e->kind == EX_SQL || e->kind == EX_STAR) return -1;
    if (e->kind == EX_COL) {
        if (e->lit.t != T_UNIT || strchr(e->name, '.')) return -1;
        return dt_field_index(schema, e->name) >= 0;
    }
    int r = 1;
    for (int i = 0; i < e->nargs; i++) {
        int k = cols_in(e->args[i], schema);
        if (k < r) r = k;
    }
    return r;
}

static bool df_order_by(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    int n;
    Expr **ex = args_exprs(c, 0, &n, true, false);
    if (!ex) return false;
    /* df.select("lang").orderBy("id"): Spark sorts by the column the select dropped (its analyser
     * adds it back below the projection); here the select's own SQL gets the ORDER BY */
    bool below = df->proj_input != NULL && n > 0;
    for (int i = 0; below && i < n; i++) below = cols_in(ex[i], df->proj_input) == 1;
    bool missing = false;
    for (int i = 0; below && i < n; i++) missing |= cols_in(ex[i], df->schema) == 0;
    below = below && missing;
    StrBuf t = {0};
    sb_puts(&t, "ORDER BY ");
    for (int i = 0; i < n; i++) {
        Compiled x;
        if (!expr_compile(c->I, ex[i], below ? df->proj_input : df->schema, &x)) { sb_reset(&t); exprs_free(ex, n); return false; }
        sb_printf(&t, "%s%s", i ? ", " : "", x.sql);
        compiled_clear(&x);
    }
    exprs_free(ex, n);
    if (below) {
        StrBuf b = {0};
        sb_printf(&b, "%s %s", df->sql, t.s);
        *out = df_keep_type(df, df_make(df->st, dt_ref(df->schema), sb_take(&b), &df, 1, NULL));
    } else *out = n ? make_same(df, "", t.s) : make_same(df, "", "");
    sb_reset(&t);
    return true;
}

static bool df_limit(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    int64_t n;
    if (!df || !arg_long(c, 0, &n)) return false;
    if (n < 0)
        return df_analysis(c->I, "The limit expression must be equal to or greater than 0, but got %lld", (long long)n);
    char t[48];
    snprintf(t, sizeof t, "LIMIT %lld", (long long)n);
    *out = make_same(df, "", t);
    return true;
}

static bool df_distinct(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    *out = make_same(df, "DISTINCT ", "");
    return true;
}

static bool df_union(Call *c, Value *out) {
    DataFrame *df = df_self(c), *o = df_get(c->argv[0]);
    if (!df) return false;
    if (!o) return interp_throw(c->I, "java.lang.IllegalArgumentException", "union: the argument is not a DataFrame");
    if (o->schema->nfields != df->schema->nfields)
        return df_unresolved(c->I, "[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has %d columns and the second input has %d columns.;",
                           df->schema->nfields, o->schema->nfields);
    StrBuf b = {0};
    sb_printf(&b, "SELECT * FROM (%s) UNION ALL SELECT * FROM (%s)", df->sql, o->sql);
    DataFrame *parents[2] = {df, o};
    DataType *schema = dt_struct_new(df->schema->nfields);
    for (int i = 0; i < df->schema->nfields; i++) {   /* names from the first, types of both */
        schema->fields[i].name = strdup(df->schema->fields[i].name);
        schema->fields[i].type = dt_merge(df->schema->fields[i].type, o->schema->fields[i].type);   /* Spark's widening */
        schema->fields[i].nullable = df->schema->fields[i].nullable || o->schema->fields[i].nullable;
    }
    *out = df_keep_type(df, df_make(df->st, schema, sb_take(&b), parents, 2, NULL));
    return true;
}

static int field_nocase(const DataType *t, const char *name) {   /* Spark's default resolver */
    for (int i = 0; i < t->nfields; i++) if (!strcasecmp(t->fields[i].name, name)) return i;
    return -1;
}

/* unionByName(other[, allowMissingColumns]): other's columns matched to this one's by name (in
 * this one's order); with allowMissingColumns, a column either side lacks is NULL there, and
 * other's own columns come last. */
static bool df_union_by_name(Call *c, Value *out) {
    DataFrame *df = df_self(c), *o = df_get(c->argv[0]);
    bool allow = false;
    if (!df) return false;
    if (c->argc == 2 && !arg_bool(c, 1, &allow)) return false;
    if (!o) return interp_throw(c->I, "java.lang.IllegalArgumentException", "unionByName: the argument is not a DataFrame");
    const DataType *a = df->schema, *b = o->schema;
    if (!allow && a->nfields != b->nfields)
        return df_unresolved(c->I, "[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has %d columns and the second input has %d columns.;",
                             a->nfields, b->nfields);
    int extra = 0;
    for (int j = 0; j < b->nfields; j++) if (field_nocase(a, b->fields[j].name) < 0) extra++;
    DataType *schema = dt_struct_new(a->nfields + (allow ? extra : 0));
    StrBuf l = {0}, r = {0};
    bool ok = true;
    for (int i = 0; i < a->nfields && ok; i++) {
        int j = field_nocase(b, a->fields[i].name);
        if (j < 0 && !allow) {
            StrBuf names = {0};
            for (int k = 0; k < b->nfields; k++) sb_printf(&names, "%s%s", k ? ", " : "", b->fields[k].name);
            ok = df_analysis(c->I, "Cannot resolve column name \"%s\" among (%s).", a->fields[i].name, names.s ? names.s : "");
            sb_reset(&names);
            break;
        }
        schema->fields[i].name = strdup(a->fields[i].name);
        schema->fields[i].type = j < 0 ? dt_ref(a->fields[i].type) : dt_merge(a->fields[i].type, b->fields[j].type);
        schema->fields[i].nullable = a->fields[i].nullable || j < 0 || b->fields[j].nullable;
        sb_puts(&l, i ? ", " : "");
        sql_ident(&l, a->fields[i].name);
        sb_puts(&r, i ? ", " : "");
        if (j < 0) sb_puts(&r, "NULL");
        else sql_ident(&r, b->fields[j].name);
    }
    for (int j = 0, at = a->nfields; ok && allow && j < b->nfields; j++) {
        if (field_nocase(a, b->fields[j].name) >= 0) continue;
        schema->fields[at].name = strdup(b->fields[j].name);
        schema->fields[at].type = dt_ref(b->fields[j].type);
        schema->fields[at++].nullable = true;
        sb_puts(&l, at > 1 ? ", NULL AS " : "NULL AS ");
        sql_ident(&l, b->fields[j].name);
        sb_puts(&r, at > 1 ? ", " : "");
        sql_ident(&r, b->fields[j].name);
    }
    if (!ok) {
        dt_unref(schema);
        sb_reset(&l);
        sb_reset(&r);
        return false;
    }
    StrBuf q = {0};
    sb_printf(&q, "SELECT %s FROM (%s) UNION ALL SELECT %s FROM (%s)", l.s ? l.s : "*", df->sql, r.s ? r.s : "*", o->sql);
    sb_reset(&l);
    sb_reset(&r);
    DataFrame *parents[2] = {df, o};
    *out = df_keep_type(df, df_make(df->st, schema, sb_take(&q), parents, 2, NULL));
    return true;
}


/* ---- cheap actions and metadata ---- */

/* The first column of the first row of a query over df as a Long (count, isEmpty). */
static bool scalar(Call *c, DataFrame *df, const char *fmt, int64_t *out) {
    if (!structured_guard_batch(c->I, df)) return false;
    StrBuf q = {0};
    sb_printf(&q, fmt, df->sql);
    DfCursor cur;
    char *err = NULL;
    bool ok = dfc_open(df->st, q.s, &cur, &err);
    *out = ok && dfc_next(&cur) && !dfc_null(&cur, 0) ? dfc_int(&cur, 0) : 0;
    dfc_close(&cur);
    if (!ok) { sql_raise(c->I, err ? err : "query failed", df->sql); free(err); }
    sb_reset(&q);
    return ok;
}

static bool df_count(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    int64_t n;
    if (!df || !scalar(c, df, "SELECT count(*) FROM (%s)", &n)) return false;
    *out = v_long(n);
    return true;
}

static bool df_is_empty(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    int64_t n;
    if (!df || !scalar(c, df, "SELECT count(*) FROM (SELECT 1 FROM (%s) LIMIT 1)", &n)) return false;
    *out = v_bool(n == 0);
    return true;
}

enum { COLUMNS_NAMES, COLUMNS_DTYPES };   /* columns or dtypes (the method's data) */
static bool df_columns(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    Value a = seq_new(SEQ_ARRAY, (size_t)df->schema->nfields);
    for (int i = 0; i < df->schema->nfields; i++) {
        const DtField *f = &df->schema->fields[i];
        if (CALL_TAG(c) == COLUMNS_NAMES) { seq_push(a, str_cstr(f->name)); continue; }
        StrBuf b = {0};
        dt_to_string(&b, f->type);
        Value pair[2] = {str_cstr(f->name), str_take(sb_take(&b))};
        seq_push(a, tuple_new(2, pair));
    }
    *out = a;
    return true;
}

/* df.schema: a StructType whose toString is Spark's. */
static void st_finalize(void *d) { dt_unref(d); }
static char *st_str(Interp *I, void *d) { (void)I; StrBuf b = {0}; dt_to_string(&b, d); return sb_take(&b); }
enum { ST_CATALOG, ST_FIELD_NAMES, ST_SIZE, ST_TREE, ST_PRINT_TREE };   /* st_method's answer */
static bool st_method(Call *c, Value *out) {
    DataType *t = as_host(c->self)->data;
    int what = CALL_TAG(c);
    StrBuf b = {0};
    if (what == ST_FIELD_NAMES) {
        Value a = seq_new(SEQ_ARRAY, (size_t)t->nfields);
        for (int i = 0; i < t->nfields; i++) seq_push(a, str_cstr(t->fields[i].name));
        *out = a;
        return true;
    }
    if (what == ST_SIZE) { *out = v_int(t->nfields); return true; }
    if (what == ST_TREE || what == ST_PRINT_TREE) dt_tree(&b, t);
    else dt_catalog(&b, t);   /* simpleString and catalogString: struct<a:bigint,b:string> (no spaces;
                               * the spaced form is only the DataFrame echo's simpleString(maxFields)) */
    if (what == ST_PRINT_TREE) {
        sb_putc(&b, '\n');
        interp_write(c->I, 1, b.s, b.len);
        sb_reset(&b);
        *out = v_unit();
        return true;
    }
    *out = str_take(sb_take(&b));
    return true;
}
static const MethodDef st_methods[] = {
    METHOD_DATA("fieldNames", st_method, ST_FIELD_NAMES, 0, 0, "def fieldNames: Array[String]", "The names of the fields."),
    METHOD_DATA("size", st_method, ST_SIZE, 0, 0, "def size: Int", "The number of fields."),
    METHOD_DATA("length", st_method, ST_SIZE, 0, 0, "def length: Int", "The number of fields."),
    METHOD_DATA("treeString", st_method, ST_TREE, 0, 0, "def treeString: String", "printSchema's text."),
    METHOD_DATA("printTreeString", st_method, ST_PRINT_TREE, 0, 0, "def printTreeString(): Unit", "Prints the tree."),
    METHOD_DATA("simpleString", st_method, ST_CATALOG, 0, 0, "def simpleString: String", "struct<a:bigint,…>"),
    METHOD_DATA("catalogString", st_method, ST_CATALOG, 0, 0, "def catalogString: String", "struct<a:bigint,…>"),
    METHOD("add", df_structtype_add, 1, 3, "def add(name: String, dataType: DataType, nullable: Boolean = true): StructType",
           "This schema with one more field (dataType: StringType …, or its name \"string\")."),
};
HostClass structtype_class = {.name = "StructType", .qualified = "org.apache.spark.sql.types.StructType",
                              .doc = "A schema: df.schema, new StructType().add(\"id\", LongType), StructType(Seq(StructField(…)))",
                              HOST_METHODS(st_methods), .construct = df_structtype_new,
                              .ctor_signature = "StructType(fields: Array[StructField])",
                              .finalize = st_finalize, .to_string = st_str};

static bool df_schema(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    *out = host_new(&structtype_class, dt_ref(df->schema));
    return true;
}

/* df("a") / df.col("a"): the column, checked against the schema now. */
static bool df_col(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    const char *name;
    if (!df || !arg_string(c, 0, &name)) return false;
    Expr *e = expr_col(name);
    Compiled x;
    df->st->eager++;
    bool ok = expr_compile(c->I, e, df->schema, &x);
    df->st->eager--;
    if (!ok) { expr_unref(e); return false; }
    compiled_clear(&x);
    val_incref(c->self);
    e->lit = c->self;   /* which DataFrame it is a column of (joins tell the sides apart by it) */
    *out = column_value(e);
    return true;
}

enum { VIEW_GLOBAL = 1, VIEW_REPLACE = 2 };   /* df_temp_view's variant (the method's data) */
static bool df_temp_view(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    const char *name;
    if (!df || !arg_string(c, 0, &name)) return false;
    bool global = CALL_TAG(c) & VIEW_GLOBAL;
    bool must_be_new = !(CALL_TAG(c) & VIEW_REPLACE);
    char *ename = NULL, *err = NULL;
    bool ok = view_replace(df->st, df, name, global, must_be_new, &ename, &err);
    if (!ok) interp_throw(c->I, ename ? ename : "org.apache.spark.sql.AnalysisException", "%s", err ? err : "cannot create the view");
    free(ename);
    free(err);
    *out = v_unit();
    return ok;
}

/* dropDuplicates(col1, cols*) / dropDuplicates(Seq | Array of names): the first row of each
 * combination of those columns (no names: distinct). */
static bool df_drop_duplicates(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    if (!c->argc && structured_is_streaming(df)) {   /* every column is the key */
        const char **names = calloc((size_t)df->schema->nfields + 1, sizeof *names);
        for (int i = 0; i < df->schema->nfields; i++) names[i] = df->schema->fields[i].name;
        bool ok = structured_drop_duplicates(c->I, df, names, (size_t)df->schema->nfields, out);
        free(names);
        return ok;
    }
    if (!c->argc) { *out = make_same(df, "DISTINCT ", ""); return true; }
    Value *items = NULL;
    size_t n = 0;
    if (c->argv[0].t == T_STR) {
        items = calloc((size_t)c->argc, sizeof *items);
        if (!items) abort();
        for (int i = 0; i < c->argc; i++) { items[i] = c->argv[i]; val_incref(items[i]); }
        n = (size_t)c->argc;
    } else if (c->argc != 1 || !interp_iter_items(c->I, c->argv[0], &items, &n))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "dropDuplicates: give column names (Strings, or a Seq or Array of them)");
    if (structured_is_streaming(df)) {     /* across batches: the keys seen are state (structured/dedup.c) */
        const char **names = calloc(n + 1, sizeof *names);
        bool ok = true;
        for (size_t i = 0; ok && i < n; i++) {
            names[i] = items[i].t == T_STR ? as_str(items[i])->s : "?";
            if (dt_field_index(df->schema, names[i]) < 0) {
                StrBuf all = {0};
                for (int f = 0; f < df->schema->nfields; f++) sb_printf(&all, "%s%s", f ? ", " : "", df->schema->fields[f].name);
                ok = df_analysis(c->I, "Cannot resolve column name \"%s\" among (%s).", names[i], all.s ? all.s : "");
                sb_reset(&all);
            }
        }
        if (ok) ok = structured_drop_duplicates(c->I, df, names, n, out);
        free(names);
        interp_free_items(items, n);
        return ok;
    }
    StrBuf t = {0};
    bool ok = true;
    sb_puts(&t, "QUALIFY row_number() OVER (PARTITION BY ");
    for (size_t i = 0; ok && i < n; i++) {
        int fi = items[i].t == T_STR ? dt_field_index(df->schema, as_str(items[i])->s) : -1;
        if (fi < 0) ok = df_analysis(c->I, "Cannot resolve column name \"%s\" among (%s)", items[i].t == T_STR ? as_str(items[i])->s : "?", "the DataFrame's columns");
        else {
            if (i) sb_puts(&t, ", ");
            sql_ident(&t, df->schema->fields[fi].name);
        }
    }
    sb_puts(&t, ") = 1");
    if (ok) *out = make_same(df, "", t.s);
    sb_reset(&t);
    interp_free_items(items, n);
    return ok;
}

/* repartition(n[, cols]) / repartition(cols*) / coalesce(n): the same rows (one in-memory
 * database holds them; partitions are not modelled) as a new Dataset. */
static bool df_repartition(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    if (c->argc && (c->argv[0].t == T_INT || c->argv[0].t == T_LONG) && (c->argv[0].t == T_INT ? c->argv[0].u.i : c->argv[0].u.l) <= 0)
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "requirement failed: Number of partitions (%lld) must be positive.",
                            (long long)(c->argv[0].t == T_INT ? c->argv[0].u.i : c->argv[0].u.l));
    *out = make_same(df, "", "");
    return true;
}

/* intersect, intersectAll, except, exceptAll (the method's data: the SQL set operation) */
static bool df_set_op(Call *c, Value *out) {
    DataFrame *df = df_self(c), *o = df_get(c->argv[0]);
    if (!df) return false;
    if (!o) return interp_throw(c->I, "java.lang.IllegalArgumentException", "%s: the argument is not a DataFrame", c->name);
    if (o->schema->nfields != df->schema->nfields)
        return df_unresolved(c->I, "%s can only be performed on tables with the same number of columns, but the first table has %d columns and the second table has %d columns",
                           c->name, df->schema->nfields, o->schema->nfields);
    StrBuf b = {0};
    sb_printf(&b, "SELECT * FROM (%s) %s SELECT * FROM (%s)", df->sql, (const char *)c->data, o->sql);
    DataFrame *parents[2] = {df, o};
    *out = df_keep_type(df, df_make(df->st, dt_ref(df->schema), sb_take(&b), parents, 2, NULL));
    return true;
}

static bool df_identity(Call *c, Value *out) {
    if (!df_self(c)) return false;
    val_incref(c->self);
    *out = c->self;
    return true;
}

const MethodDef df_ops_methods[] = {
    METHOD_DATA("select", df_select, SELECT_COLUMNS, 0, -1, "def select(cols: Column*): DataFrame", "Computes the given columns ($\"a\", col(\"b\").as(\"x\"), \"c\", count(\"d\") …)."),
    METHOD_DATA("selectExpr", df_select, SELECT_SQL, 0, -1, "def selectExpr(exprs: String*): DataFrame", "Computes SQL expressions (Spark SQL, run by DuckDB)."),
    METHOD("filter", df_filter, 1, 1, "def filter(condition: Column): Dataset[T]", "The rows where the condition holds (a Column or a SQL string)."),
    METHOD("where", df_filter, 1, 1, "def where(condition: Column): Dataset[T]", "The rows where the condition holds (a Column or a SQL string)."),
    METHOD("withColumn", df_with_column, 2, 2, "def withColumn(colName: String, col: Column): DataFrame", "Adds or replaces a column."),
    METHOD("withColumnRenamed", df_with_column_renamed, 2, 2, "def withColumnRenamed(existingName: String, newName: String): DataFrame", "Renames a column."),
    METHOD("toDF", df_to_df, 0, -1, "def toDF(colNames: String*): DataFrame", "The same rows with new column names."),
    METHOD("drop", df_drop, 1, -1, "def drop(colNames: String*): DataFrame", "Without the named columns."),
    METHOD("orderBy", df_order_by, 0, -1, "def orderBy(sortExprs: Column*): Dataset[T]", "Sorted by the columns (desc(\"a\"), $\"b\".asc, \"c\")."),
    METHOD("sort", df_order_by, 0, -1, "def sort(sortExprs: Column*): Dataset[T]", "Sorted by the columns."),
    METHOD("limit", df_limit, 1, 1, "def limit(n: Int): Dataset[T]", "The first n rows."),
    METHOD("distinct", df_distinct, 0, 0, "def distinct(): Dataset[T]", "The distinct rows."),
    METHOD("dropDuplicates", df_drop_duplicates, 0, -1, "def dropDuplicates(col1: String, cols: String*): Dataset[T]",
           "The distinct rows; with column names (or a Seq of them), the first row of each combination of those columns."),
    METHOD("repartition", df_repartition, 1, -1, "def repartition(numPartitions: Int): Dataset[T]", "The same rows (partitions are not modelled: one in-memory database holds them)."),
    METHOD("coalesce", df_repartition, 1, 1, "def coalesce(numPartitions: Int): Dataset[T]", "The same rows (partitions are not modelled: one in-memory database holds them)."),
    METHOD_DATA("intersect", df_set_op, "INTERSECT", 1, 1, "def intersect(other: Dataset[T]): Dataset[T]", "The distinct rows in both."),
    METHOD_DATA("intersectAll", df_set_op, "INTERSECT ALL", 1, 1, "def intersectAll(other: Dataset[T]): Dataset[T]", "The rows in both, duplicates kept."),
    METHOD_DATA("except", df_set_op, "EXCEPT", 1, 1, "def except(other: Dataset[T]): Dataset[T]", "The distinct rows not in other."),
    METHOD_DATA("exceptAll", df_set_op, "EXCEPT ALL", 1, 1, "def exceptAll(other: Dataset[T]): Dataset[T]", "The rows not in other, duplicates kept."),
    METHOD("union", df_union, 1, 1, "def union(other: Dataset[T]): Dataset[T]", "The rows of both (by position, duplicates kept)."),
    METHOD("unionByName", df_union_by_name, 1, 2, "def unionByName(other: Dataset[T], allowMissingColumns: Boolean = false): Dataset[T]",
           "The rows of both, other's columns matched by name."),
    METHOD("unionAll", df_union, 1, 1, "def unionAll(other: Dataset[T]): Dataset[T]", "The rows of both."),
    METHOD("join", df_join, 1, 3, "def join(right: Dataset[_], usingColumns: Seq[String], joinType: String): DataFrame",
      "Joins with another DataFrame on column names (\"id\" or Seq(\"a\", \"b\")) or a condition (a(\"id\") === b(\"id\")); joinType inner (default), left, right, full, left_semi, left_anti, cross."),
    METHOD("crossJoin", df_cross_join, 1, 1, "def crossJoin(right: Dataset[_]): DataFrame", "Every pair of rows of both DataFrames."),
    METHOD("groupBy", df_group_by, 0, -1, "def groupBy(cols: Column*): RelationalGroupedDataset", "Groups the rows for count()/agg(...)."),
    METHOD("agg", df_agg, 1, -1, "def agg(expr: Column, exprs: Column*): DataFrame", "Aggregates all the rows into one: agg(count(\"*\"), avg(\"n\")) or agg(Map(\"n\" -> \"avg\"))."),
    METHOD("count", df_count, 0, 0, "def count(): Long", "The number of rows."),
    METHOD("withWatermark", structured_df_with_watermark, 2, 2, "def withWatermark(eventTime: String, delayThreshold: String): Dataset[T]",
           "The event-time column and how late its data may come (this kernel keeps all state: update and complete output as Spark's)."),
    METHOD("isStreaming", structured_df_is_streaming, 0, 0, "def isStreaming: Boolean", "Whether the DataFrame reads a stream (spark.readStream)."),
    METHOD("writeStream", structured_df_write_stream, 0, 0, "def writeStream: DataStreamWriter[T]",
           "Writes a streaming DataFrame: .format(\"console\" | \"memory\").outputMode(…).start()."),
    METHOD("isEmpty", df_is_empty, 0, 0, "def isEmpty: Boolean", "Whether there are no rows."),
    METHOD_DATA("columns", df_columns, COLUMNS_NAMES, 0, 0, "def columns: Array[String]", "The column names."),
    METHOD_DATA("dtypes", df_columns, COLUMNS_DTYPES, 0, 0, "def dtypes: Array[(String, String)]", "The column names and types."),
    METHOD("schema", df_schema, 0, 0, "def schema: StructType", "The schema."),
    METHOD("col", df_col, 1, 1, "def col(colName: String): Column", "A column of this DataFrame."),
    METHOD("apply", df_col, 1, 1, "def apply(colName: String): Column", "A column of this DataFrame: df(\"a\")."),
    METHOD_DATA("createOrReplaceTempView", df_temp_view, VIEW_REPLACE, 1, 1, "def createOrReplaceTempView(viewName: String): Unit",
      "Stores the rows as a temp view for spark.sql and %%sql (replaced atomically)."),
    METHOD_DATA("createTempView", df_temp_view, 0, 1, 1, "def createTempView(viewName: String): Unit", "A new temp view (error if it exists)."),
    METHOD_DATA("registerTempTable", df_temp_view, 0, 1, 1, "def registerTempTable(tableName: String): Unit", "Spark 1.x's name for createOrReplaceTempView."),
    METHOD_DATA("createOrReplaceGlobalTempView", df_temp_view, VIEW_GLOBAL | VIEW_REPLACE, 1, 1, "def createOrReplaceGlobalTempView(viewName: String): Unit", "A view in global_temp."),
    METHOD_DATA("createGlobalTempView", df_temp_view, VIEW_GLOBAL, 1, 1, "def createGlobalTempView(viewName: String): Unit", "A new view in global_temp."),
    METHOD("cache", df_identity, 0, 0, "def cache(): DataFrame", "This DataFrame (its rows live in the in-memory database already)."),
    METHOD("persist", df_identity, 0, 1, "def persist(): DataFrame", "This DataFrame."),
    METHOD("unpersist", df_identity, 0, 1, "def unpersist(): DataFrame", "This DataFrame."),
};
const int df_ops_nmethods = NMETHODS(df_ops_methods);

void ops_init(Interp *I) {
    udf_init(I);
    group_init(I);
    interp_register_class(I, &structtype_class);
}
