/* df_stat.c — df.na (DataFrameNaFunctions: fill with a value or a Map, drop by "any"/"all" or a
 * minimum of non-null values, over all or the named columns) and df.describe(cols*) (Spark's
 * count, mean, stddev, min, max summary as a DataFrame of strings).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"

/* ---- df.na ---- */

static void na_finalize(void *d) { Value *v = d; val_decref(*v); free(v); }
static void na_traverse(void *d, VisitFn visit, void *ctx) { visit(*(Value *)d, ctx); }
extern const MethodDef na_methods[];
extern const int na_nmethods;
HostClass na_class = {.name = "DataFrameNaFunctions", .qualified = "org.apache.spark.sql.DataFrameNaFunctions",
                      .doc = "df.na: fill(value) and drop() of the rows' nulls.", .doc_url = DF_DOC "DataFrameNaFunctions.html",
                      .finalize = na_finalize, .traverse = na_traverse};

static bool df_na(Call *c, Value *out) {
    if (!df_self(c)) return false;
    Value *v = malloc(sizeof *v);
    val_incref(c->self);
    *v = c->self;
    *out = host_new(&na_class, v);
    return true;
}

static DataFrame *na_df(Call *c) {
    DataFrame *df = c->self.t == T_HOST && as_host(c->self)->cls == &na_class ? df_get(*(Value *)as_host(c->self)->data) : NULL;
    if (!df) interp_throw(c->I, "java.lang.IllegalStateException", "not a DataFrameNaFunctions");
    else if (!df->st->db) { interp_throw(c->I, "java.lang.IllegalStateException", "the SparkSession is stopped"); df = NULL; }
    return df;
}

/* The column names of a Seq/Array argument as a mask over df's columns; false with an exception. */
static bool names_mask(Call *c, Value v, const DataType *schema, bool *mask) {
    Value *items = NULL;
    size_t n = 0;
    if (!interp_iter_items(c->I, v, &items, &n)) return false;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        int fi = items[i].t == T_STR ? dt_field_index(schema, as_str(items[i])->s) : -1;
        if (fi < 0) ok = df_analysis(c->I, "Cannot resolve column name \"%s\"", items[i].t == T_STR ? as_str(items[i])->s : "?");
        else mask[fi] = true;
    }
    interp_free_items(items, n);
    return ok;
}

/* The fill value v as a SQL literal for a column of type t, or false when v does not apply to t. */
static bool fill_literal(StrBuf *b, Value v, const DataType *t) {
    char buf[48];
    bool num = t->kind == DT_LONG || t->kind == DT_INT || t->kind == DT_DOUBLE;
    switch (v.t) {
    case T_INT: case T_LONG: case T_DOUBLE: {
        if (!num) return false;
        double d = v.t == T_DOUBLE ? v.u.d : v.t == T_INT ? v.u.i : (double)v.u.l;
        if (t->kind == DT_DOUBLE) { snprintf(buf, sizeof buf, "%.17g", d); sb_puts(b, buf); if (!strpbrk(buf, ".en")) sb_puts(b, ".0"); }
        else sb_printf(b, "%lld", v.t == T_LONG ? (long long)v.u.l : (long long)d);
        return true;
    }
    case T_STR:
        if (t->kind != DT_STRING) return false;
        sql_string(b, as_str(v)->s, strlen(as_str(v)->s));
        return true;
    case T_BOOL:
        if (t->kind != DT_BOOL) return false;
        sb_puts(b, v.u.b ? "1" : "0");
        return true;
    default: return false;
    }
}

/* SELECT col-or-COALESCE(col, value)… with the values per column (T_UNIT: left alone). */
static bool fill_select(Call *c, DataFrame *df, const Value *vals, Value *out) {
    int nf = df->schema->nfields;
    DataType *schema = dt_struct_new(nf);
    StrBuf b = {0};
    sb_puts(&b, "SELECT ");
    for (int i = 0; i < nf; i++) {
        const DtField *f = &df->schema->fields[i];
        StrBuf lit = {0};
        bool filled = vals[i].t != T_UNIT && fill_literal(&lit, vals[i], f->type);
        if (i) sb_puts(&b, ", ");
        if (filled) { sb_puts(&b, "COALESCE("); sql_ident(&b, f->name); sb_printf(&b, ", %s) AS ", lit.s); }
        sql_ident(&b, f->name);
        sb_reset(&lit);
        schema->fields[i].name = strdup(f->name);
        schema->fields[i].type = dt_ref(f->type);
        schema->fields[i].nullable = f->nullable && !filled;
    }
    sb_printf(&b, " FROM (%s)", df->sql);
    *out = df_make(df->st, schema, sb_take(&b), &df, 1, NULL);
    (void)c;
    return true;
}

/* fill(value) | fill(value, cols) | fill(Map(col -> value)) */
static bool na_fill(Call *c, Value *out) {
    DataFrame *df = na_df(c);
    if (!df) return false;
    int nf = df->schema->nfields;
    Value *vals = calloc((size_t)nf + 1, sizeof *vals);
    for (int i = 0; i < nf; i++) vals[i] = v_unit();
    bool ok = true;
    if (c->argc == 1 && c->argv[0].t == T_MAP) {
        Value *items = NULL;
        size_t n = 0;
        ok = interp_iter_items(c->I, c->argv[0], &items, &n);
        for (size_t i = 0; ok && i < n; i++) {
            Value kv = items[i];
            int fi = kv.t == T_TUPLE && as_tuple(kv)->items[0].t == T_STR ? dt_field_index(df->schema, as_str(as_tuple(kv)->items[0])->s) : -1;
            if (fi < 0) ok = df_analysis(c->I, "Cannot resolve column name in na.fill's Map");
            else vals[fi] = as_tuple(kv)->items[1];
        }
        if (ok) ok = fill_select(c, df, vals, out);
        interp_free_items(items, n);
    } else {
        bool *mask = calloc((size_t)nf + 1, sizeof(bool));
        if (c->argc == 2) ok = names_mask(c, c->argv[1], df->schema, mask);
        else for (int i = 0; i < nf; i++) mask[i] = true;
        for (int i = 0; ok && i < nf; i++) if (mask[i]) vals[i] = c->argv[0];
        if (ok) ok = fill_select(c, df, vals, out);
        free(mask);
    }
    free(vals);
    return ok;
}

/* drop() | drop("any"|"all") | drop(cols) | drop(how, cols) | drop(minNonNulls) | drop(minNonNulls, cols) */
static bool na_drop(Call *c, Value *out) {
    DataFrame *df = na_df(c);
    if (!df) return false;
    int nf = df->schema->nfields;
    bool *mask = calloc((size_t)nf + 1, sizeof(bool));
    int64_t min_non_null = -1;   /* -1: "any" (all of them) */
    bool all = false, ok = true, named = false;
    for (int i = 0; ok && i < c->argc; i++) {
        Value a = c->argv[i];
        if (a.t == T_STR && i == 0) {
            const char *how = as_str(a)->s;
            if (!strcasecmp(how, "all")) all = true;
            else if (strcasecmp(how, "any")) ok = interp_throw(c->I, "java.lang.IllegalArgumentException", "how (%s) must be 'any' or 'all'", how);
        } else if ((a.t == T_INT || a.t == T_LONG) && i == 0) {
            min_non_null = a.t == T_INT ? a.u.i : a.u.l;
        } else {
            ok = names_mask(c, a, df->schema, mask);
            named = true;
        }
    }
    if (!named) for (int i = 0; i < nf; i++) mask[i] = true;
    if (ok) {
        StrBuf t = {0};
        int k = 0;
        sb_puts(&t, "WHERE (");
        for (int i = 0; i < nf; i++) {
            if (!mask[i]) continue;
            sb_puts(&t, k++ ? (min_non_null >= 0 ? " + " : all ? " OR " : " AND ") : "");
            sb_putc(&t, '(');
            sql_ident(&t, df->schema->fields[i].name);
            sb_puts(&t, min_non_null >= 0 ? " IS NOT NULL)::INTEGER" : " IS NOT NULL)");   /* a count: DuckDB adds no BOOLEANs */
        }
        if (!k) sb_puts(&t, min_non_null >= 0 ? "0" : "1");
        sb_putc(&t, ')');
        if (min_non_null >= 0) sb_printf(&t, " >= %lld", (long long)min_non_null);
        StrBuf b = {0};
        sb_printf(&b, "SELECT * FROM (%s) %s", df->sql, t.s);
        *out = df_make(df->st, dt_ref(df->schema), sb_take(&b), &df, 1, NULL);
        sb_reset(&t);
    }
    free(mask);
    return ok;
}

const MethodDef na_methods[] = {
    METHOD("fill", na_fill, 1, 2, "def fill(value: Any, cols: Seq[String]): DataFrame",
      "Replaces nulls with value in the columns of its type (numbers: numeric columns; strings: string columns), or per column with a Map."),
    METHOD("drop", na_drop, 0, 2, "def drop(how: String = \"any\", cols: Seq[String]): DataFrame",
      "Drops the rows with a null (\"any\"), only null (\"all\"), or fewer than minNonNulls non-null values."),
};
const int na_nmethods = NMETHODS(na_methods);

/* ---- describe ---- */

static char *num_text(DfCursor *c, int i, const DataType *t) {
    char buf[48];
    if (dfc_null(c, i)) return NULL;
    if (t->kind == DT_DOUBLE) return strdup(java_double(buf, dfc_double(c, i)));
    if (t->kind == DT_LONG || t->kind == DT_INT) { snprintf(buf, sizeof buf, "%lld", dfc_int(c, i)); return strdup(buf); }
    size_t len;
    const char *txt = dfc_text(c, i, &len);
    return strndup(txt, len);
}

static bool df_describe(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    int nf = df->schema->nfields;
    int *cols = calloc((size_t)nf + 1, sizeof(int)), nc = 0;
    bool ok = true;
    for (int i = 0; ok && i < c->argc; i++) {
        const char *nm;
        if (!(ok = arg_string(c, i, &nm))) break;
        int fi = dt_field_index(df->schema, nm);
        if (fi < 0) ok = df_analysis(c->I, "Cannot resolve column name \"%s\"", nm);
        else cols[nc++] = fi;
    }
    if (!c->argc)
        for (int i = 0; i < nf; i++)
            if (dt_is_numeric(df->schema->fields[i].type) || df->schema->fields[i].type->kind == DT_STRING) cols[nc++] = i;
    /* the five statistics of each column as text (NULL: null) */
    char **stat = calloc((size_t)nc * 5 + 1, sizeof(char *));
    for (int k = 0; ok && k < nc; k++) {
        const DtField *f = &df->schema->fields[cols[k]];
        bool num = dt_is_numeric(f->type);
        StrBuf q = {0}, id = {0};
        sql_ident(&id, f->name);
        /* strings: Spark's mean and stddev of the values that are numbers */
        const char *x = num ? "%s" : "TRY_CAST(%s AS DOUBLE)";
        char *xs = NULL;
        if (asprintf(&xs, x, id.s) < 0) abort();
        sb_printf(&q, "SELECT count(%s), avg(%s), stddev_samp(%s), min(%s), max(%s) FROM (%s)", id.s, xs, xs, id.s, id.s, df->sql);
        free(xs);
        DfCursor cur;
        char buf[48], *err = NULL;
        if (!dfc_open(df->st, q.s, &cur, &err) || !dfc_next(&cur)) {
            ok = sql_raise(c->I, err ? err : "describe failed", q.s);
            free(err);
        } else {
            long long n = dfc_int(&cur, 0);
            snprintf(buf, sizeof buf, "%lld", n);
            stat[k * 5] = strdup(buf);
            if (!dfc_null(&cur, 1)) stat[k * 5 + 1] = strdup(java_double(buf, dfc_double(&cur, 1)));
            if (!dfc_null(&cur, 2)) stat[k * 5 + 2] = strdup(java_double(buf, dfc_double(&cur, 2)));
            stat[k * 5 + 3] = num_text(&cur, 3, f->type);
            stat[k * 5 + 4] = num_text(&cur, 4, f->type);
        }
        dfc_close(&cur);
        sb_reset(&q);
        sb_reset(&id);
    }
    if (ok) {
        static const char *const names[] = {"count", "mean", "stddev", "min", "max"};
        DataType *schema = dt_struct_new(nc + 1);
        schema->fields[0].name = strdup("summary");
        schema->fields[0].type = dt_prim(DT_STRING);
        schema->fields[0].nullable = true;
        for (int k = 0; k < nc; k++) {
            schema->fields[k + 1].name = strdup(df->schema->fields[cols[k]].name);
            schema->fields[k + 1].type = dt_prim(DT_STRING);
            schema->fields[k + 1].nullable = true;
        }
        StrBuf b = {0};
        for (int r = 0; r < 5; r++) {
            sb_puts(&b, r ? " UNION ALL SELECT " : "SELECT ");
            sql_string(&b, names[r], strlen(names[r]));
            sb_puts(&b, " AS \"summary\"");
            for (int k = 0; k < nc; k++) {
                sb_puts(&b, ", ");
                const char *v = stat[k * 5 + r];
                if (v) sql_string(&b, v, strlen(v));
                else sb_puts(&b, "NULL");
                sb_puts(&b, " AS ");
                sql_ident(&b, schema->fields[k + 1].name);
            }
        }
        *out = df_make(df->st, schema, sb_take(&b), &df, 1, NULL);
    }
    for (int i = 0; i < nc * 5; i++) free(stat[i]);
    free(stat);
    free(cols);
    return ok;
}

const MethodDef df_stat_methods[] = {
    METHOD("na", df_na, 0, 0, "def na: DataFrameNaFunctions", "Null handling: na.fill(value), na.drop()."),
    METHOD("describe", df_describe, 0, -1, "def describe(cols: String*): DataFrame",
      "count, mean, stddev, min and max of the numeric and string columns (or the named ones), as strings."),
};
const int df_stat_nmethods = NMETHODS(df_stat_methods);

void stat_init(Interp *I) {
    na_class.methods = na_methods;
    na_class.nmethods = na_nmethods;
    interp_register_class(I, &na_class);
}
