/* df_expr.c — Columns: expression trees built by $"a", col("a"), lit(1), a === b, a && b,
 * count(a), desc(a) …, compiled against a DataFrame's schema into a DuckDB expression plus
 * the result column's Spark name ("(a = 1)", "count(1)", "avg(x)"), type and nullability; and
 * the `functions` object (org.apache.spark.sql.functions._) with `StringContext.$`.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"
#include "spark/modules.h"

/* ---- expression trees ---- */

static Expr *expr_new(ExprKind k, const char *name) {
    Expr *e = calloc(1, sizeof *e);
    if (!e) abort();
    e->rc = 1;
    e->kind = k;
    e->name = name ? strdup(name) : NULL;
    e->lit = v_unit();
    return e;
}

Expr *expr_ref(Expr *e) { if (e) e->rc++; return e; }

void expr_unref(Expr *e) {
    if (!e || --e->rc > 0) return;
    for (int i = 0; i < e->nargs; i++) expr_unref(e->args[i]);
    val_decref(e->lit);
    free(e->name);
    free(e);
}

Expr *expr_col(const char *name) { return expr_new(strcmp(name, "*") ? EX_COL : EX_STAR, name); }

Expr *expr_lit(Value v) {
    Expr *e = expr_new(EX_LIT, NULL);
    val_incref(v);
    e->lit = v;
    return e;
}

Expr *expr_sql(const char *text) { return expr_new(EX_SQL, text); }

/* A node over children (taken). */
Expr *expr_node(ExprKind k, const char *name, int n, Expr *a, Expr *b) {
    Expr *e = expr_new(k, name);
    e->nargs = n;
    e->args[0] = a;
    e->args[1] = b;
    return e;
}

static void column_finalize(void *d) { expr_unref(d); }

static char *column_str(Interp *I, void *d);
extern const MethodDef column_methods[];
extern const int column_nmethods;
HostClass column_class = {.name = "Column", .qualified = "org.apache.spark.sql.Column",
                          .doc = "An expression over a DataFrame's columns: $\"a\", col(\"a\"), lit(1), a === b, count(a) …",
                          .doc_url = DF_DOC "Column.html", .finalize = column_finalize, .to_string = column_str,
                          .aliases = (const char *const[]){"ColumnName", "TypedColumn", NULL}};

Value column_value(Expr *e) { return host_new(&column_class, e); }

Expr *column_expr(Value v) {
    return v.t == T_HOST && as_host(v)->cls == &column_class ? as_host(v)->data : NULL;
}

Expr *expr_of(Interp *I, Value v, bool strings_are_cols) {
    Expr *e = column_expr(v);
    if (e) return expr_ref(e);
    if (v.t == T_STR && strings_are_cols) return expr_col(as_str(v)->s);
    switch (v.t) {
    case T_STR: case T_INT: case T_LONG: case T_DOUBLE: case T_BOOL: case T_NULL: case T_CHAR:
        return expr_lit(v);
    case T_NONE: return expr_lit(v_null());
    case T_SOME: return expr_of(I, as_some(v)->v, strings_are_cols);
    default: {
        char *tn = val_type_name(I, v);
        interp_throw(I, "org.apache.spark.SparkRuntimeException", "Unsupported literal type %s (a Column, a column name or a literal is needed)", tn);
        free(tn);
        return NULL;
    }
    }
}

/* ---- compiling ---- */

void compiled_clear(Compiled *c) {
    free(c->sql);
    free(c->name);
    dt_unref(c->type);
    memset(c, 0, sizeof *c);
}

/* .field of a STRUCT value: DuckDB's struct_extract, quoted as an identifier. */
static void path_key(StrBuf *b, const char *k) {
    sb_putc(b, '.');
    sql_ident(b, k);
}


static size_t levenshtein(const char *a, const char *b) {
    size_t n = strlen(b), *row = malloc((n + 1) * sizeof *row);
    if (!row) abort();
    for (size_t j = 0; j <= n; j++) row[j] = j;
    for (size_t i = 1; a[i - 1]; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    size_t d = row[n];
    free(row);
    return d;
}

/* Spark 3.5's suggestions for an unresolved column, quoted: [`name`, `age`]. Resolved by the
 * analyser (select, filter, agg …): the columns sorted by name, then (stably) by the edit distance
 * of `quoted` to the name, the first 5 (checked against spark-shell: ties come in name order).
 * Resolved at once by Dataset (by_schema: df("a"), groupBy("a")): all, in the schema's order. */
void df_suggest(StrBuf *b, const char *name, const char *const *names, int n, bool by_schema) {
    int *idx = malloc(((size_t)n + 1) * sizeof *idx);
    size_t *d = malloc(((size_t)n + 1) * sizeof *d);
    if (!idx || !d) abort();
    for (int i = 0; i < n; i++) {
        char *q = NULL;
        if (asprintf(&q, "`%s`", names[i]) < 0) abort();
        idx[i] = i;
        d[i] = levenshtein(name, q);
        free(q);
    }
    for (int i = 1; !by_schema && i < n; i++)   /* insertion sorts: stable */
        for (int j = i; j > 0 && strcmp(names[idx[j]], names[idx[j - 1]]) < 0; j--) {
            int x = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = x;
        }
    for (int i = 1; !by_schema && i < n; i++)
        for (int j = i; j > 0 && d[idx[j]] < d[idx[j - 1]]; j--) { int x = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = x; }
    sb_putc(b, '[');
    for (int i = 0; i < n && (by_schema || i < 5); i++) sb_printf(b, "%s`%s`", i ? ", " : "", names[idx[i]]);
    sb_putc(b, ']');
    free(idx);
    free(d);
}

static void suggestions(StrBuf *b, const char *name, const DataType *t, bool by_schema) {
    const char **names = malloc(((size_t)t->nfields + 1) * sizeof *names);
    if (!names) abort();
    for (int i = 0; i < t->nfields; i++) names[i] = t->fields[i].name;
    df_suggest(b, name, names, t->nfields, by_schema);
    free(names);
}

/* A (possibly dotted, possibly `quoted`) column name resolved against the schema; at >= 0: its
 * first part is the schema's field at (a joined DataFrame's column of one side: df_join.c). */
static bool compile_col(Interp *I, const char *name, const DataType *schema, int at, Compiled *out) {
    char *parts[16];
    int np = 0;
    const char *p = name;
    char buf[512];
    while (*p && np < 16) {
        size_t n = 0;
        if (*p == '`') {
            p++;
            while (*p && !(*p == '`' && p[1] != '`') && n < sizeof buf - 1) { if (*p == '`') p++; buf[n++] = *p++; }
            if (*p == '`') p++;
        } else {
            while (*p && *p != '.' && n < sizeof buf - 1) buf[n++] = *p++;
        }
        buf[n] = 0;
        parts[np++] = strdup(buf);
        if (*p == '.') p++;
    }
    bool ok = true;
    int fi = at >= 0 ? at : np ? dt_field_index(schema, parts[0]) : -1;
    if (fi < 0 && dt_field_index(schema, name) >= 0) {   /* a name with dots in it */
        for (int i = 0; i < np; i++) free(parts[i]);
        parts[0] = strdup(name);
        np = 1;
        fi = dt_field_index(schema, name);
    }
    for (int k = fi + 1; at < 0 && fi >= 0 && k < schema->nfields; k++)
        if (!strcasecmp(schema->fields[k].name, schema->fields[fi].name)) {   /* a join's two `id`s */
            df_analysis(I, "[AMBIGUOUS_REFERENCE] Reference `%s` is ambiguous, could be: [`%s`, `%s`].", parts[0],
                        schema->fields[fi].name, schema->fields[k].name);
            for (int i = 0; i < np; i++) free(parts[i]);
            return false;
        }
    if (fi < 0) {
        StrBuf b = {0};
        DfState *st = dfstate_for(I);
        bool eager = st && st->eager > 0;   /* Dataset's own resolve: no plan after the message */
        suggestions(&b, name, schema, eager);
        /* the analyser's message ends ";\n" and the logical plan, which this kernel has not (so
         * getMessage.split(";\n") keeps the message alone, as with Spark) */
        df_unresolved(I, "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `%s` cannot be resolved. Did you mean one of the following? %s.%s",
                      name, b.s, eager ? "" : ";\n");
        sb_reset(&b);
        ok = false;
    } else {
        const DtField *f = &schema->fields[fi];
        const DataType *t = f->type;
        bool nullable = f->nullable;
        StrBuf sql = {0}, path = {0};
        int at_path[16] = {fi};
        for (int i = 1; ok && i < np; i++) {
            int k = t->kind == DT_STRUCT ? dt_field_index(t, parts[i]) : -1;
            if (k < 0) {
                StrBuf b = {0};
                if (t->kind == DT_STRUCT) {
                    for (int j = 0; j < t->nfields; j++) sb_printf(&b, "%s%s", j ? ", " : "", t->fields[j].name);
                    df_analysis(I, "No such struct field %s in %s", parts[i], b.s);
                } else {
                    df_unresolved(I, "Can't extract value from %s: need struct type but got %s", parts[i - 1], dt_type_name(t));
                }
                sb_reset(&b);
                ok = false;
                break;
            }
            path_key(&path, t->fields[k].name);
            at_path[i] = k;
            nullable = true;
            t = t->fields[k].type;
        }
        if (ok) {
            sb_putc(&sql, '(');       /* ("user")."name": a struct field, never a table's column */
            if (at >= 0 && dt_field_index(schema, f->name) != at) {
                sb_printf(&sql, "#%d", at + 1);   /* by position */
                df_refs_add(I, schema, NULL, 0);
            } else {
                sql_ident(&sql, f->name);
                df_refs_add(I, schema, at_path, np);
            }
            sb_putc(&sql, ')');
            if (np > 1) sb_puts(&sql, path.s);
            out->sql = sb_take(&sql);
            out->name = strdup(name);
            out->type = dt_ref((DataType *)t);
            out->nullable = nullable;
        }
        sb_reset(&sql);
        sb_reset(&path);
    }
    for (int i = 0; i < np; i++) free(parts[i]);
    return ok;
}

static bool compile_lit(Interp *I, Value v, Compiled *out) {
    char buf[48];
    StrBuf sql = {0};
    out->nullable = false;
    switch (v.t) {
    case T_INT: sb_printf(&sql, "%d", v.u.i); out->type = dt_prim(DT_INT); break;
    case T_LONG: sb_printf(&sql, "%lld", (long long)v.u.l); out->type = dt_prim(DT_LONG); break;
    case T_CHAR: case T_STR: {
        char *s = val_to_string(I, v);
        sql_string(&sql, s, strlen(s));
        out->name = s;
        out->type = dt_prim(DT_STRING);
        break;
    }
    case T_DOUBLE:
        snprintf(buf, sizeof buf, "%.17g", v.u.d);
        sb_puts(&sql, strchr(buf, '.') || strchr(buf, 'e') || strchr(buf, 'n') ? buf : strcat(buf, ".0"));
        out->name = strdup(java_double(buf, v.u.d));
        out->type = dt_prim(DT_DOUBLE);
        break;
    case T_BOOL: sb_puts(&sql, v.u.b ? "true" : "false"); out->name = strdup(v.u.b ? "true" : "false"); out->type = dt_prim(DT_BOOL); break;
    default: sb_puts(&sql, "NULL"); out->name = strdup("NULL"); out->type = dt_prim(DT_STRING); out->nullable = true; break;
    }
    out->sql = sb_take(&sql);
    if (!out->name) out->name = strdup(out->sql);
    return true;
}

static DataType *widen(const DataType *a, const DataType *b) {
    if (a->kind == DT_DOUBLE || b->kind == DT_DOUBLE || !dt_is_numeric(a) || !dt_is_numeric(b)) return dt_prim(DT_DOUBLE);
    if (a->kind == DT_LONG || b->kind == DT_LONG) return dt_prim(DT_LONG);
    return dt_prim(DT_INT);
}

typedef struct { const char *op, *spark, *sql; int type; } BinOp;   /* type: 0 bool, 1 numeric, 2 double */
static const BinOp binops[] = {
    {"===", "(%s = %s)", "(%s = %s)", 0}, {"equalTo", "(%s = %s)", "(%s = %s)", 0},
    {"=!=", "(NOT (%s = %s))", "(%s <> %s)", 0}, {"notEqual", "(NOT (%s = %s))", "(%s <> %s)", 0},
    {"<=>", "(%s <=> %s)", "(%s IS NOT DISTINCT FROM %s)", 0}, {"eqNullSafe", "(%s <=> %s)", "(%s IS NOT DISTINCT FROM %s)", 0},
    {"<", "(%s < %s)", "(%s < %s)", 0}, {"lt", "(%s < %s)", "(%s < %s)", 0},
    {"<=", "(%s <= %s)", "(%s <= %s)", 0}, {"leq", "(%s <= %s)", "(%s <= %s)", 0},
    {">", "(%s > %s)", "(%s > %s)", 0}, {"gt", "(%s > %s)", "(%s > %s)", 0},
    {">=", "(%s >= %s)", "(%s >= %s)", 0}, {"geq", "(%s >= %s)", "(%s >= %s)", 0},
    {"&&", "(%s AND %s)", "(%s AND %s)", 0}, {"and", "(%s AND %s)", "(%s AND %s)", 0},
    {"||", "(%s OR %s)", "(%s OR %s)", 0}, {"or", "(%s OR %s)", "(%s OR %s)", 0},
    {"+", "(%s + %s)", "(%s + %s)", 1}, {"plus", "(%s + %s)", "(%s + %s)", 1},
    {"-", "(%s - %s)", "(%s - %s)", 1}, {"minus", "(%s - %s)", "(%s - %s)", 1},
    {"*", "(%s * %s)", "(%s * %s)", 1}, {"multiply", "(%s * %s)", "(%s * %s)", 1},
    {"/", "(%s / %s)", "(CAST(%s AS DOUBLE) / %s)", 2}, {"divide", "(%s / %s)", "(CAST(%s AS DOUBLE) / %s)", 2},
    {"%", "(%s %% %s)", "(%s %% %s)", 1}, {"mod", "(%s %% %s)", "(%s %% %s)", 1},
    {"like", "%s LIKE %s", "(%s LIKE %s)", 0},
    {"contains", "contains(%s, %s)", "contains(%s, %s)", 0},
    {"startsWith", "startswith(%s, %s)", "starts_with(%s, %s)", 0},
    {"endsWith", "endswith(%s, %s)", "ends_with(%s, %s)", 0},
};

typedef struct { const char *fn, *spark, *sql; int type; bool agg; } FuncDef;
/* type: 0 bool, 1 same as the argument, 2 double, 3 long (not null), 4 int, 5 string, 6 sum */
static const FuncDef funcs[] = {
    {"!", "(NOT %s)", "(NOT %s)", 0, false},
    {"isNull", "(%s IS NULL)", "(%s IS NULL)", 0, false},
    {"isNotNull", "(%s IS NOT NULL)", "(%s IS NOT NULL)", 0, false},
    {"negate", "(- %s)", "(- %s)", 1, false},
    {"count", "count(%s)", "count(%s)", 3, true},
    {"countDistinct", "count(DISTINCT %s)", "count(DISTINCT %s)", 3, true},
    {"sum", "sum(%s)", "sum(%s)", 6, true},
    {"avg", "avg(%s)", "avg(%s)", 2, true},
    {"mean", "avg(%s)", "avg(%s)", 2, true},
    {"min", "min(%s)", "min(%s)", 1, true},
    {"max", "max(%s)", "max(%s)", 1, true},
    {"first", "first(%s)", "first(%s)", 1, true},
    {"length", "length(%s)", "CAST(length(%s) AS INTEGER)", 4, false},
    {"lower", "lower(%s)", "lower(%s)", 5, false},
    {"upper", "upper(%s)", "upper(%s)", 5, false},
    {"trim", "trim(%s)", "trim(%s)", 5, false},
    {"abs", "abs(%s)", "abs(%s)", 1, false},
    {"sqrt", "SQRT(%s)", "sqrt(%s)", 2, false},
};

static const BinOp *find_binop(const char *op) {
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++) if (!strcmp(binops[i].op, op)) return &binops[i];
    return NULL;
}
static const FuncDef *find_func(const char *fn) {
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) if (!strcmp(funcs[i].fn, fn)) return &funcs[i];
    return NULL;
}

/* Functions of several arguments (and explode/size/collect_*), by name and number of arguments:
 * Spark's name and DuckDB's SQL as formats over the arguments' names and SQL (%1$s …), the result
 * type (NT_*), whether it aggregates, and whether it is never null. */
enum { NT_SAME, NT_ELEM, NT_ARRAY_OF, NT_STRING_ARRAY, NT_STRING, NT_INT, NT_BOOL, NT_SECOND };
typedef struct { const char *fn; int nargs; const char *spark, *sql; int type; bool agg, not_null; } NaryDef;
static const NaryDef naries[] = {
    {"explode", 1, "col", "unnest(%1$s)", NT_ELEM, false, false},
    {"size", 1, "size(%1$s)", "size(%1$s)", NT_INT, false, true},
    {"collect_list", 1, "collect_list(%1$s)", "collect_list(%1$s)", NT_ARRAY_OF, true, true},
    {"collect_set", 1, "collect_set(%1$s)", "collect_set(%1$s)", NT_ARRAY_OF, true, true},
    {"split", 2, "split(%1$s, %2$s, -1)", "string_split_regex(%1$s, %2$s)", NT_STRING_ARRAY, false, false},
    {"regexp_replace", 3, "regexp_replace(%1$s, %2$s, %3$s, 1)", "regexp_replace(%1$s, %2$s, %3$s, 'g')", NT_STRING, false, false},
    {"substring", 3, "substring(%1$s, %2$s, %3$s)", "substring(%1$s, %2$s, %3$s)", NT_STRING, false, false},
    {"round", 1, "round(%1$s, 0)", "round(%1$s, 0)", NT_SAME, false, false},
    {"round", 2, "round(%1$s, %2$s)", "round(%1$s, %2$s)", NT_SAME, false, false},
    {"coalesce", 2, "coalesce(%1$s, %2$s)", "coalesce(%1$s, %2$s)", NT_SAME, false, false},
    {"coalesce", 3, "coalesce(%1$s, %2$s, %3$s)", "coalesce(%1$s, %2$s, %3$s)", NT_SAME, false, false},
    {"array_contains", 2, "array_contains(%1$s, %2$s)", "list_contains(%1$s, %2$s)", NT_BOOL, false, false},
    {"concat", 2, "concat(%1$s, %2$s)", "(%1$s || %2$s)", NT_STRING, false, false},
    {"concat", 3, "concat(%1$s, %2$s, %3$s)", "(%1$s || %2$s || %3$s)", NT_STRING, false, false},
    {"concat_ws", 2, "concat_ws(%1$s, %2$s)", "concat_ws(%1$s, %2$s)", NT_STRING, false, true},
    {"concat_ws", 3, "concat_ws(%1$s, %2$s, %3$s)", "concat_ws(%1$s, %2$s, %3$s)", NT_STRING, false, true},
    {"when", 2, "", "", NT_SECOND, false, false},   /* compiled by compile_case */
    {"sort_array", 1, "sort_array(%1$s, true)", "list_sort(%1$s, 'ASC', 'NULLS FIRST')", NT_SAME, false, false},
    {"sort_array_desc", 1, "sort_array(%1$s, false)", "list_sort(%1$s, 'DESC', 'NULLS LAST')", NT_SAME, false, false},
    {"get_json_object", 2, "get_json_object(%1$s, %2$s)", "CASE WHEN json_valid(%1$s) THEN json_extract_string(%1$s, %2$s) END", NT_STRING, false, false},
};

static const NaryDef *find_nary(const char *fn, int nargs) {
    for (size_t i = 0; i < sizeof naries / sizeof naries[0]; i++)
        if (naries[i].nargs == nargs && !strcmp(naries[i].fn, fn)) return &naries[i];
    return NULL;
}

static char *fmt3(const char *fmt, const char *a, const char *b, const char *c) {
    char *s = NULL;
    if (asprintf(&s, fmt, a, b ? b : "", c ? c : "") < 0) abort();
    return s;
}

static char *fmt2(const char *fmt, const char *a, const char *b) {
    char *s = NULL;
    if (asprintf(&s, fmt, a, b) < 0) abort();
    return s;
}

/* The Spark type a cast names (Column.cast("string" | "int" | "bigint" | "long" | "double" |
 * "boolean")): its kind, DuckDB's type and Spark's SQL name; false when the kernel does not cast to it. */
static bool cast_type(const char *name, DtKind *kind, const char **duck, const char **spark) {
    static const struct { const char *name, *duck, *spark; DtKind kind; } types[] = {
        {"string", "VARCHAR", "STRING", DT_STRING}, {"int", "INTEGER", "INT", DT_INT}, {"integer", "INTEGER", "INT", DT_INT},
        {"bigint", "BIGINT", "BIGINT", DT_LONG}, {"long", "BIGINT", "BIGINT", DT_LONG}, {"double", "DOUBLE", "DOUBLE", DT_DOUBLE},
        {"boolean", "BOOLEAN", "BOOLEAN", DT_BOOL},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcasecmp(name, types[i].name)) { *kind = types[i].kind; *duck = types[i].duck; *spark = types[i].spark; return true; }
    return false;
}

/* col.cast("t"): CAST(x AS T), named as the column when it casts one (Spark's alias rule) */
static bool compile_cast(Interp *I, const Expr *e, const DataType *schema, Compiled *out) {
    DtKind kind;
    const char *duck, *spark;
    const char *tn = e->lit.t == T_STR ? as_str(e->lit)->s : "";
    if (!cast_type(tn, &kind, &duck, &spark))
        return interp_throw(I, "org.apache.spark.sql.catalyst.parser.ParseException", "cast to %s is not supported here (string, int, bigint, double are)", tn);
    Compiled a;
    if (!expr_compile(I, e->args[0], schema, &a)) return false;
    char *sql = NULL, *name = NULL;
    if (asprintf(&sql, "TRY_CAST(%s AS %s)", a.sql, duck) < 0 || asprintf(&name, "CAST(%s AS %s)", a.name, spark) < 0) abort();
    out->sql = sql;
    out->name = name;
    out->type = dt_prim(kind);
    out->nullable = true;
    out->is_agg = a.is_agg;
    out->cast_of_col = e->args[0]->kind == EX_COL && !strchr(e->args[0]->name, '.');   /* a.b keeps CAST(a.b AS T) */
    compiled_clear(&a);
    return true;
}

/* Whether name is a struct column of the schema (ctx). */
static bool schema_struct(void *ctx, const char *name) {
    const DataType *schema = ctx;
    int i = schema ? dt_field_index(schema, name) : -1;
    return i >= 0 && schema->fields[i].type->kind == DT_STRUCT;
}

/* The branches' common type, as Spark's CASE coerces them (dt_merge: the same type, the wider
 * number, else a string; NULL literals take the others'). */
static DataType *case_type(Compiled *v, int n) {
    DataType *t = dt_prim(DT_NULL);
    for (int i = 0; i < n; i++) {
        DataType *m = dt_merge(t, v[i].type);
        dt_unref(t);
        t = m;
    }
    return t;
}

/* when(c1, v1).when(c2, v2)….otherwise(e): a "when" node is (condition, value, the when before it
 * or nothing); otherwise's "case_else" is (the last when, e). CASE WHEN … END as Spark names it;
 * nullable when a branch is, or with no otherwise (Spark's CaseWhen). */
#define CASE_MAX 64
static bool compile_case(Interp *I, const Expr *e, const DataType *schema, Compiled *out) {
    const Expr *chain[CASE_MAX], *w = e->kind == EX_FUNC && !strcmp(e->name, "case_else") ? e->args[0] : e;
    const Expr *els = w != e ? e->args[1] : NULL;
    int n = 0;
    for (; w; w = w->nargs > 2 ? w->args[2] : NULL) {
        if (n == CASE_MAX) return interp_throw(I, "org.apache.spark.sql.AnalysisException", "more than %d when() branches", CASE_MAX);
        chain[n++] = w;
    }
    Compiled c[CASE_MAX], v[CASE_MAX + 1];
    int done = 0;
    bool ok = true;
    for (; done < n && ok; done++) {
        const Expr *b = chain[n - 1 - done];
        if (!(ok = expr_compile(I, b->args[0], schema, &c[done]))) break;
        if (!(ok = expr_compile(I, b->args[1], schema, &v[done]))) { compiled_clear(&c[done]); break; }
    }
    if (ok && els && !(ok = expr_compile(I, els, schema, &v[n]))) els = NULL;
    if (ok) {
        StrBuf sql = {0}, name = {0};
        sb_puts(&sql, "CASE");
        sb_puts(&name, "CASE");
        out->nullable = !els;
        for (int i = 0; i < n; i++) {
            sb_printf(&sql, " WHEN %s THEN %s", c[i].sql, v[i].sql);
            sb_printf(&name, " WHEN %s THEN %s", c[i].name, v[i].name);
            out->nullable |= v[i].nullable;
            out->is_agg |= c[i].is_agg || v[i].is_agg;
        }
        if (els) {
            sb_printf(&sql, " ELSE %s", v[n].sql);
            sb_printf(&name, " ELSE %s", v[n].name);
            out->nullable |= v[n].nullable;
            out->is_agg |= v[n].is_agg;
        }
        sb_puts(&sql, " END");
        sb_puts(&name, " END");
        out->sql = sb_take(&sql);
        out->name = sb_take(&name);
        out->type = case_type(v, n + (els != NULL));
    }
    for (int i = 0; i < done; i++) { compiled_clear(&c[i]); compiled_clear(&v[i]); }
    if (els) compiled_clear(&v[n]);
    return ok;
}

/* col.isin(v1, v2, …): (col IN (v1, v2)); the values (literals) are e->lit's items */
static bool compile_isin(Interp *I, const Expr *e, const DataType *schema, Compiled *out) {
    Compiled a;
    if (!expr_compile(I, e->args[0], schema, &a)) return false;
    StrBuf sql = {0}, name = {0};
    sb_printf(&sql, "(%s IN (", a.sql);
    sb_printf(&name, "(%s IN (", a.name);
    out->nullable = a.nullable;
    SeqObj *vs = as_seq(e->lit);
    bool ok = true;
    for (size_t i = 0; ok && i < vs->len; i++) {
        Compiled v;
        Expr *x = expr_of(I, vs->items[i], false);
        ok = x && expr_compile(I, x, schema, &v);
        if (x) expr_unref(x);
        if (!ok) break;
        sb_printf(&sql, "%s%s", i ? ", " : "", v.sql);
        sb_printf(&name, "%s%s", i ? ", " : "", v.name);
        out->nullable |= v.nullable;
        compiled_clear(&v);
    }
    sb_puts(&sql, "))");
    sb_puts(&name, "))");
    compiled_clear(&a);
    if (!ok) { sb_reset(&sql); sb_reset(&name); return false; }
    if (!vs->len) { sb_reset(&sql); sb_puts(&sql, "false"); }   /* DuckDB has no empty IN list */
    out->sql = sb_take(&sql);
    out->name = sb_take(&name);
    out->type = dt_prim(DT_BOOL);
    return true;
}

bool expr_compile(Interp *I, const Expr *e, const DataType *schema, Compiled *out) {
    memset(out, 0, sizeof *out);
    switch (e->kind) {
    case EX_STAR:
        df_refs_add(I, NULL, NULL, 0);
        out->star = true; out->name = strdup("*"); out->sql = strdup("*"); out->type = dt_prim(DT_STRING); return true;
    case EX_COL: return compile_col(I, e->name, schema, df_join_resolve(schema, e->lit, e->name), out);
    case EX_LIT: return compile_lit(I, e->lit, out);
    case EX_UDF: return udf_compile(I, e, schema, out);
    case EX_SQL: {
        df_refs_add(I, NULL, NULL, 0);
        DfState *st = dfstate_for(I);
        out->sql = st ? sql_rewrite(st, e->name, schema) : strdup(e->name);
        size_t len;
        out->name = sql_spark_name_in(out->sql, &len, schema_struct, (void *)schema);
        if (len == strlen(out->sql)) {   /* no alias seen in DuckDB's form (a struct literal {…}): Spark's text */
            size_t olen;
            char *oname = sql_spark_name_in(e->name, &olen, schema_struct, (void *)schema);
            if (olen < strlen(e->name)) {
                char *head = strndup(e->name, olen);
                free(out->sql);
                out->sql = st ? sql_rewrite(st, head, schema) : strdup(head);
                free(head);
                free(out->name);
                out->name = oname;
                len = strlen(out->sql);
            } else {
                free(oname);
            }
        }
        out->sql[len] = 0;   /* selectExpr("a AS b"): the alias names the column */
        out->type = dt_prim(DT_STRING);
        out->nullable = true;
        return true;
    }
    case EX_ALIAS: case EX_SORT: {
        if (!expr_compile(I, e->args[0], schema, out)) return false;
        if (e->kind == EX_ALIAS) { free(out->name); out->name = strdup(e->name); return true; }
        char *s = fmt2(e->desc ? "%s DESC%s" : "%s ASC%s", out->sql, e->nulls_first == e->desc ? (e->desc ? " NULLS FIRST" : " NULLS LAST") : "");
        free(out->sql);
        out->sql = s;
        return true;
    }
    case EX_BINARY: {
        Compiled l, r;
        const BinOp *op = find_binop(e->name);
        if (!op) return interp_throw(I, "org.apache.spark.sql.AnalysisException", "unknown operator %s", e->name);
        if (!expr_compile(I, e->args[0], schema, &l)) return false;
        if (!expr_compile(I, e->args[1], schema, &r)) { compiled_clear(&l); return false; }
        if (l.star || r.star) { compiled_clear(&l); compiled_clear(&r); return df_analysis(I, "Invalid usage of '*' in expression '%s'", e->name); }
        bool cast = false;   /* arithmetic on a string: Spark casts it to a double (null when it is no number) */
        for (Compiled *x = &l; op->type != 0 && x; x = x == &l ? &r : NULL)
            if (x->type->kind == DT_STRING) {
                char *c = fmt2("TRY_CAST(%s AS DOUBLE)", x->sql, "");
                free(x->sql);
                x->sql = c;
                cast = true;
            }
        out->sql = fmt2(op->sql, l.sql, r.sql);
        out->name = fmt2(op->spark, l.name, r.name);
        out->type = op->type == 0 ? dt_prim(DT_BOOL) : op->type == 2 ? dt_prim(DT_DOUBLE) : widen(l.type, r.type);
        out->nullable = l.nullable || r.nullable || op->type == 2 || cast;
        out->is_agg = l.is_agg || r.is_agg;
        compiled_clear(&l);
        compiled_clear(&r);
        return true;
    }
    case EX_UNARY: case EX_FUNC: {
        if (!strcmp(e->name, "cast")) return compile_cast(I, e, schema, out);
        if (e->kind == EX_FUNC && (!strcmp(e->name, "when") || !strcmp(e->name, "case_else")))
            return compile_case(I, e, schema, out);
        if (e->kind == EX_FUNC && !strcmp(e->name, "over")) return df_compile_over(I, e, schema, out);
        if (e->kind == EX_FUNC && !strcmp(e->name, "isin")) return compile_isin(I, e, schema, out);
        if (df_is_window_function(e)) return df_window_without_over(I, e);
        bool handled;
        if (!df_compile_json_fn(I, e, schema, out, &handled) || handled) return handled;
        const NaryDef *nd = find_nary(e->name, e->nargs);
        if (nd) {
            Compiled a[3];
            int n = e->nargs;
            for (int i = 0; i < n; i++)
                if (!expr_compile(I, e->args[i], schema, &a[i])) { while (i--) compiled_clear(&a[i]); return false; }
            out->sql = fmt3(nd->sql, a[0].sql, n > 1 ? a[1].sql : NULL, n > 2 ? a[2].sql : NULL);
            out->name = fmt3(nd->spark, a[0].name, n > 1 ? a[1].name : NULL, n > 2 ? a[2].name : NULL);
            const DataType *t0 = a[0].type;
            switch (nd->type) {
            case NT_ELEM: out->type = t0->kind == DT_ARRAY ? dt_ref(t0->elem) : dt_prim(DT_STRING); break;
            case NT_ARRAY_OF: out->type = dt_array_new(dt_ref((DataType *)t0)); break;
            case NT_STRING_ARRAY: out->type = dt_array_new(dt_prim(DT_STRING)); break;
            case NT_STRING: out->type = dt_prim(DT_STRING); break;
            case NT_INT: out->type = dt_prim(DT_INT); break;
            case NT_BOOL: out->type = dt_prim(DT_BOOL); break;
            case NT_SECOND: out->type = dt_ref(a[1].type); break;
            default: out->type = dt_ref((DataType *)t0); break;
            }
            out->nullable = !nd->not_null;
            out->is_agg = nd->agg;
            for (int i = 0; i < n; i++) { out->is_agg |= a[i].is_agg; compiled_clear(&a[i]); }
            return true;
        }
        const FuncDef *f = find_func(e->name);
        if (!f) return interp_throw(I, "org.apache.spark.sql.AnalysisException", "Undefined function: %s", e->name);
        Compiled a;
        bool star = e->args[0]->kind == EX_STAR;
        if (star && strcmp(e->name, "count"))
            return df_analysis(I, "Invalid usage of '*' in expression '%s'", e->name);
        if (star) {
            memset(&a, 0, sizeof a);
            a.sql = strdup("*");
            a.name = strdup("1");
            a.type = dt_prim(DT_INT);
        } else if (!expr_compile(I, e->args[0], schema, &a)) return false;
        if (a.is_agg && f->agg) {
            compiled_clear(&a);
            return df_analysis(I, "It is not allowed to use an aggregate function in the argument of another aggregate function.");
        }
        out->sql = fmt2(f->sql, a.sql, NULL);
        out->name = fmt2(f->spark, a.name, NULL);
        switch (f->type) {
        case 0: out->type = dt_prim(DT_BOOL); break;
        case 1: out->type = dt_ref(a.type); break;
        case 2: out->type = dt_prim(DT_DOUBLE); break;
        case 3: out->type = dt_prim(DT_LONG); break;
        case 4: out->type = dt_prim(DT_INT); break;
        case 5: out->type = dt_prim(DT_STRING); break;
        default: out->type = a.type->kind == DT_LONG || a.type->kind == DT_INT ? dt_prim(DT_LONG) : dt_prim(DT_DOUBLE); break;
        }
        out->nullable = f->type == 3 ? false : f->type == 0 && strcmp(e->name, "!") ? false : true;
        out->is_agg = f->agg || a.is_agg;
        compiled_clear(&a);
        return true;
    }
    }
    return interp_throw(I, "java.lang.IllegalStateException", "bad expression");
}

/* ---- Column's text (toString, and names before a schema is known) ---- */

static void expr_text(StrBuf *b, const Expr *e) {
    switch (e->kind) {
    case EX_COL: case EX_STAR: case EX_SQL: sb_puts(b, e->name); return;
    case EX_LIT: {
        char buf[48];
        Value v = e->lit;
        if (v.t == T_STR) sb_puts(b, as_str(v)->s);
        else if (v.t == T_INT) sb_printf(b, "%d", v.u.i);
        else if (v.t == T_LONG) sb_printf(b, "%lld", (long long)v.u.l);
        else if (v.t == T_DOUBLE) sb_puts(b, java_double(buf, v.u.d));
        else if (v.t == T_BOOL) sb_puts(b, v.u.b ? "true" : "false");
        else if (v.t == T_CHAR && v.u.c < 128) sb_putc(b, (char)v.u.c);
        else sb_puts(b, "NULL");
        return;
    }
    case EX_ALIAS: expr_text(b, e->args[0]); sb_printf(b, " AS %s", e->name); return;
    case EX_SORT: expr_text(b, e->args[0]); sb_puts(b, e->desc ? " DESC NULLS LAST" : " ASC NULLS FIRST"); return;
    case EX_UDF:
        sb_printf(b, "%s(", e->name);
        for (int i = 0; i < e->nargs; i++) { if (i) sb_puts(b, ", "); expr_text(b, e->args[i]); }
        sb_putc(b, ')');
        return;
    case EX_BINARY: {
        const BinOp *op = find_binop(e->name);
        StrBuf l = {0}, r = {0};
        expr_text(&l, e->args[0]);
        expr_text(&r, e->args[1]);
        char *s = fmt2(op ? op->spark : "(%s ? %s)", l.s ? l.s : "", r.s ? r.s : "");
        sb_puts(b, s);
        free(s);
        sb_reset(&l);
        sb_reset(&r);
        return;
    }
    case EX_UNARY: case EX_FUNC: {
        if (!strcmp(e->name, "cast")) {
            sb_puts(b, "CAST(");
            expr_text(b, e->args[0]);
            sb_printf(b, " AS %s)", e->lit.t == T_STR ? as_str(e->lit)->s : "?");
            return;
        }
        if (!strcmp(e->name, "isin") && e->lit.t == T_SEQ) {   /* (a IN (x, y)) */
            sb_putc(b, '(');
            expr_text(b, e->args[0]);
            sb_puts(b, " IN (");
            SeqObj *vs = as_seq(e->lit);
            for (size_t i = 0; i < vs->len; i++) {
                Expr *x = expr_lit(vs->items[i]);
                if (i) sb_puts(b, ", ");
                expr_text(b, x);
                expr_unref(x);
            }
            sb_puts(b, "))");
            return;
        }
        if (!strcmp(e->name, "over")) {   /* the function, then the window (df_window.c names it when compiled) */
            expr_text(b, e->args[0]);
            sb_puts(b, " OVER (…)");
            return;
        }
        if (df_is_window_function(e)) {
            sb_printf(b, "%s(", e->name);
            for (int i = 0; i < e->nargs; i++) { if (i) sb_puts(b, ", "); expr_text(b, e->args[i]); }
            sb_putc(b, ')');
            return;
        }
        if (!strcmp(e->name, "when") || !strcmp(e->name, "case_else")) {   /* as compile_case names it */
            const Expr *chain[CASE_MAX], *w = e->name[0] == 'c' ? e->args[0] : e;
            int n = 0;
            for (; w && n < CASE_MAX; w = w->nargs > 2 ? w->args[2] : NULL) chain[n++] = w;
            sb_puts(b, "CASE");
            while (n--) {
                sb_puts(b, " WHEN ");
                expr_text(b, chain[n]->args[0]);
                sb_puts(b, " THEN ");
                expr_text(b, chain[n]->args[1]);
            }
            if (e->name[0] == 'c') { sb_puts(b, " ELSE "); expr_text(b, e->args[1]); }
            sb_puts(b, " END");
            return;
        }
        const NaryDef *nd = find_nary(e->name, e->nargs);
        if (nd) {
            StrBuf a[3] = {{0}, {0}, {0}};
            for (int i = 0; i < e->nargs; i++) expr_text(&a[i], e->args[i]);
            char *s = fmt3(nd->spark, a[0].s ? a[0].s : "", a[1].s, a[2].s);
            sb_puts(b, s);
            free(s);
            for (int i = 0; i < 3; i++) sb_reset(&a[i]);
            return;
        }
        const FuncDef *f = find_func(e->name);
        StrBuf a = {0};
        if (e->args[0]->kind == EX_STAR) sb_puts(&a, "1");
        else expr_text(&a, e->args[0]);
        char *s = fmt2(f ? f->spark : "%s", a.s ? a.s : "", NULL);
        sb_puts(b, s);
        free(s);
        sb_reset(&a);
        return;
    }
    }
}

static char *column_str(Interp *I, void *d) {
    (void)I;
    StrBuf b = {0};
    expr_text(&b, d);
    return sb_take(&b);
}

/* ---- Column's methods ---- */

static Expr *self_expr(Call *c) {
    Expr *e = column_expr(c->self);
    if (!e) interp_throw(c->I, "java.lang.IllegalStateException", "not a Column");
    return e;
}

static bool col_binary(Call *c, Value *out) {
    Expr *l = self_expr(c);
    if (!l) return false;
    Expr *r = expr_of(c->I, c->argv[0], false);
    if (!r) return false;
    *out = column_value(expr_node(EX_BINARY, c->name, 2, expr_ref(l), r));
    return true;
}

static bool col_unary(Call *c, Value *out) {
    Expr *a = self_expr(c);
    if (!a) return false;
    *out = column_value(expr_node(EX_UNARY, c->data, 1, expr_ref(a), NULL));   /* the operator is the method's data */
    return true;
}

static bool col_alias(Call *c, Value *out) {
    Expr *a = self_expr(c);
    const char *name;
    if (!a || !arg_string(c, 0, &name)) return false;
    Expr *e = expr_node(EX_ALIAS, name, 1, expr_ref(a), NULL);
    *out = column_value(e);
    return true;
}

/* The order col_sort and fn_sort make (the method's data); nulls come first ascending, last descending,
 * unless the data says which. */
enum { SORT_DESC = 1, SORT_NULLS_FIRST = 2, SORT_NULLS_LAST = 4 };
static bool col_sort(Call *c, Value *out) {
    Expr *a = self_expr(c);
    if (!a) return false;
    Expr *e = expr_node(EX_SORT, NULL, 1, expr_ref(a), NULL);
    int order = CALL_TAG(c);
    e->desc = order & SORT_DESC;
    e->nulls_first = order & SORT_NULLS_FIRST ? true : order & SORT_NULLS_LAST ? false : !e->desc;
    *out = column_value(e);
    return true;
}

static bool col_cast(Call *c, Value *out) {   /* cast("double") or cast(DoubleType) */
    Expr *a = self_expr(c);
    const char *to;
    const DataType *t = c->argc == 1 ? dt_of_value(c->argv[0]) : NULL;
    StrBuf tn = {0};
    if (t) {
        dt_simple(&tn, t, -1);
        to = tn.s;
    } else if (!a || !arg_string(c, 0, &to)) {
        return false;
    }
    if (!a) { sb_reset(&tn); return false; }
    Expr *e = expr_node(EX_FUNC, "cast", 1, expr_ref(a), NULL);
    e->lit = str_cstr(to);
    sb_reset(&tn);
    *out = column_value(e);
    return true;
}

static bool col_tostring(Call *c, Value *out) {
    Expr *e = self_expr(c);
    if (!e) return false;
    *out = str_take(column_str(c->I, e));
    return true;
}

/* col.isin(values*) (or one Seq of them) */
static bool col_isin(Call *c, Value *out) {
    Expr *a = self_expr(c);
    if (!a) return false;
    Value seq;
    if (c->argc == 1 && c->argv[0].t == T_SEQ) {
        seq = c->argv[0];
        val_incref(seq);
    } else {
        seq = seq_new(SEQ_LIST, (size_t)c->argc);
        for (int i = 0; i < c->argc; i++) { val_incref(c->argv[i]); seq_push(seq, c->argv[i]); }
    }
    SeqObj *s = as_seq(seq);
    for (size_t i = 0; i < s->len; i++) {   /* literals only, as Spark's isin takes values */
        Expr *x = expr_of(c->I, s->items[i], false);
        if (!x) { val_decref(seq); return false; }
        expr_unref(x);
    }
    Expr *e = expr_node(EX_FUNC, "isin", 1, expr_ref(a), NULL);
    e->lit = seq;
    *out = column_value(e);
    return true;
}

/* when(cond, v).when(cond2, v2) and ….otherwise(w) (compile_case) */
static bool col_when(Call *c, Value *out) {
    Expr *w = column_expr(c->self);
    if (!w || w->kind != EX_FUNC || strcmp(w->name, "when"))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "when() can only be applied on a Column previously generated by when() function");
    Expr *cond = expr_of(c->I, c->argv[0], false);
    if (!cond) return false;
    Expr *v = expr_of(c->I, c->argv[1], false);
    if (!v) { expr_unref(cond); return false; }
    Expr *e = expr_node(EX_FUNC, "when", 3, cond, v);
    e->args[2] = expr_ref(w);
    *out = column_value(e);
    return true;
}

static bool col_otherwise(Call *c, Value *out) {
    Expr *w = column_expr(c->self);
    if (!w || w->kind != EX_FUNC || strcmp(w->name, "when"))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "otherwise() can only be applied on a Column previously generated by when() function");
    Expr *x = expr_of(c->I, c->argv[0], false);
    if (!x) return false;
    *out = column_value(expr_node(EX_FUNC, "case_else", 2, expr_ref(w), x));
    return true;
}

#define BIN(n, sig, doc) METHOD(n, col_binary, 1, 1, sig, doc)
const MethodDef column_methods[] = {
    BIN("===", "def ===(other: Any): Column", "Equality test (SQL =; null when either side is null)."),
    BIN("equalTo", "def equalTo(other: Any): Column", "Equality test."),
    BIN("=!=", "def =!=(other: Any): Column", "Inequality test."),
    BIN("notEqual", "def notEqual(other: Any): Column", "Inequality test."),
    BIN("<=>", "def <=>(other: Any): Column", "Null-safe equality."),
    BIN("eqNullSafe", "def eqNullSafe(other: Any): Column", "Null-safe equality."),
    BIN("<", "def <(other: Any): Column", "Less than."), BIN("lt", "def lt(other: Any): Column", "Less than."),
    BIN("<=", "def <=(other: Any): Column", "Less than or equal."), BIN("leq", "def leq(other: Any): Column", "Less than or equal."),
    BIN(">", "def >(other: Any): Column", "Greater than."), BIN("gt", "def gt(other: Any): Column", "Greater than."),
    BIN(">=", "def >=(other: Any): Column", "Greater than or equal."), BIN("geq", "def geq(other: Any): Column", "Greater than or equal."),
    BIN("&&", "def &&(other: Any): Column", "Boolean AND."), BIN("and", "def and(other: Column): Column", "Boolean AND."),
    BIN("||", "def ||(other: Any): Column", "Boolean OR."), BIN("or", "def or(other: Column): Column", "Boolean OR."),
    BIN("+", "def +(other: Any): Column", "Sum."), BIN("plus", "def plus(other: Any): Column", "Sum."),
    BIN("-", "def -(other: Any): Column", "Difference."), BIN("minus", "def minus(other: Any): Column", "Difference."),
    BIN("*", "def *(other: Any): Column", "Product."), BIN("multiply", "def multiply(other: Any): Column", "Product."),
    BIN("/", "def /(other: Any): Column", "Quotient (a double)."), BIN("divide", "def divide(other: Any): Column", "Quotient."),
    BIN("%", "def %(other: Any): Column", "Remainder."), BIN("mod", "def mod(other: Any): Column", "Remainder."),
    BIN("like", "def like(literal: String): Column", "SQL LIKE (case-sensitive; % and _ wildcards)."),
    BIN("contains", "def contains(other: Any): Column", "Whether the string contains other."),
    BIN("startsWith", "def startsWith(other: Column): Column", "Whether the string starts with other."),
    BIN("endsWith", "def endsWith(other: Column): Column", "Whether the string ends with other."),
    METHOD("toString", col_tostring, 0, 0, "def toString: String", "The expression as Spark prints it: (a = 1)."),
    METHOD_DATA("unary_!", col_unary, "!", 0, 0, "def unary_!: Column", "Boolean NOT."),
    METHOD_DATA("unary_-", col_unary, "negate", 0, 0, "def unary_-: Column", "Negation."),
    METHOD_DATA("isNull", col_unary, "isNull", 0, 0, "def isNull: Column", "True where the value is null."),
    METHOD_DATA("isNotNull", col_unary, "isNotNull", 0, 0, "def isNotNull: Column", "True where the value is not null."),
    METHOD("isin", col_isin, 0, -1, "def isin(list: Any*): Column", "Whether the value is one of these (SQL IN)."),
    METHOD("over", df_col_over, 0, 1, "def over(window: WindowSpec): Column", "The function over a window (a window function or an aggregate)."),
    METHOD("when", col_when, 2, 2, "def when(condition: Column, value: Any): Column", "One more condition and its value, after those before it."),
    METHOD("otherwise", col_otherwise, 1, 1, "def otherwise(value: Any): Column", "The value where the when() condition does not hold."),
    METHOD("cast", col_cast, 1, 1, "def cast(to: String | DataType): Column", "The value as another type: string, int, bigint (long), double, boolean (or StringType, IntegerType …)."),
    METHOD("as", col_alias, 1, 1, "def as(alias: String): Column", "Names the result column."),
    METHOD("alias", col_alias, 1, 1, "def alias(alias: String): Column", "Names the result column."),
    METHOD("name", col_alias, 1, 1, "def name(alias: String): Column", "Names the result column."),
    METHOD_DATA("desc", col_sort, SORT_DESC, 0, 0, "def desc: Column", "Descending order (nulls last), for orderBy/sort."),
    METHOD_DATA("asc", col_sort, 0, 0, 0, "def asc: Column", "Ascending order (nulls first), for orderBy/sort."),
    METHOD_DATA("desc_nulls_first", col_sort, SORT_DESC | SORT_NULLS_FIRST, 0, 0, "def desc_nulls_first: Column", "Descending order, nulls first."),
    METHOD_DATA("desc_nulls_last", col_sort, SORT_DESC | SORT_NULLS_LAST, 0, 0, "def desc_nulls_last: Column", "Descending order, nulls last."),
    METHOD_DATA("asc_nulls_first", col_sort, SORT_NULLS_FIRST, 0, 0, "def asc_nulls_first: Column", "Ascending order, nulls first."),
    METHOD_DATA("asc_nulls_last", col_sort, SORT_NULLS_LAST, 0, 0, "def asc_nulls_last: Column", "Ascending order, nulls last."),
};
const int column_nmethods = NMETHODS(column_methods);

/* ---- functions (org.apache.spark.sql.functions) ---- */

/* col("a"), column("a"), $"a" */
static bool fn_col(Call *c, Value *out) {
    const char *name;
    if (!call_arity(c, 1, 1) || !arg_string(c, 0, &name)) return false;
    *out = column_value(expr_col(name));
    return true;
}

static bool fn_lit(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    Expr *e = expr_of(c->I, c->argv[0], false);
    if (!e) return false;
    *out = column_value(e);
    return true;
}

static bool fn_expr(Call *c, Value *out) {
    const char *text;
    if (!call_arity(c, 1, 1) || !arg_string(c, 0, &text)) return false;
    *out = column_value(expr_new(EX_SQL, text));
    return true;
}

/* count(col), sum("x"), lower($"a") …: the argument is a Column or a column name. */
static bool fn_unary(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    Expr *a = expr_of(c->I, c->argv[0], true);
    if (!a) return false;
    *out = column_value(expr_node(EX_FUNC, c->name, 1, a, NULL));
    return true;
}

/* split($"s", ","), regexp_replace(col, "a", "b"), when(cond, v) …: the first argument is a Column or
 * a column name, the others Columns or literals (strings are literals), as Spark's signatures. */
static bool fn_nary(Call *c, Value *out) {
    if (c->argc < 1 || c->argc > 3 || !find_nary(c->name, c->argc))
        return interp_throw(c->I, "error", "%s: wrong number of arguments (%d)", c->name, c->argc);
    bool first_is_col = strcmp(c->name, "concat_ws") && strcmp(c->name, "when");
    Expr *a[3] = {NULL, NULL, NULL};
    for (int i = 0; i < c->argc; i++) {
        a[i] = expr_of(c->I, c->argv[i], i == 0 && first_is_col);
        if (!a[i]) { while (i--) expr_unref(a[i]); return false; }
    }
    Expr *e = expr_node(EX_FUNC, c->name, c->argc, a[0], a[1]);
    e->args[2] = a[2];
    *out = column_value(e);
    return true;
}

/* sort_array(e[, asc]): a descending sort is its own node (nulls last, named with false) */
static bool fn_sort_array(Call *c, Value *out) {
    bool asc = true;
    if (c->argc == 2 && !arg_bool(c, 1, &asc)) return false;
    Expr *a = expr_of(c->I, c->argv[0], true);
    if (!a) return false;
    *out = column_value(expr_node(EX_FUNC, asc ? "sort_array" : "sort_array_desc", 1, a, NULL));
    return true;
}

static bool fn_sort(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    Expr *a = expr_of(c->I, c->argv[0], true);
    if (!a) return false;
    Expr *e = expr_node(EX_SORT, NULL, 1, a, NULL);
    e->desc = CALL_TAG(c) & SORT_DESC;
    e->nulls_first = !e->desc;
    *out = column_value(e);
    return true;
}

/* The functions object's methods, also globals (col, lit, …); the methods take one argument. */
static const MethodDef functions[] = {
    METHOD("col", fn_col, 1, 1, "def col(colName: String): Column", "The column of that name (a.b reaches a struct's field)."),
    METHOD("column", fn_col, 1, 1, "def column(colName: String): Column", "The column of that name."),
    METHOD("StringContext.$", fn_col, 1, 1, "$\"colName\": ColumnName", "The column of that name (spark.implicits._)."),
    METHOD("lit", fn_lit, 1, 1, "def lit(literal: Any): Column", "A literal value as a Column."),
    METHOD("expr", fn_expr, 1, 1, "def expr(expr: String): Column", "A SQL expression (Spark SQL, run by DuckDB) as a Column."),
    METHOD("count", fn_unary, 1, 1, "def count(e: Column): Column", "The number of non-null values (count(\"*\"): of rows)."),
    METHOD("countDistinct", fn_unary, 1, 1, "def countDistinct(expr: Column): Column", "The number of distinct non-null values."),
    METHOD("sum", fn_unary, 1, 1, "def sum(e: Column): Column", "The sum of the values."),
    METHOD("avg", fn_unary, 1, 1, "def avg(e: Column): Column", "The mean of the values."),
    METHOD("mean", fn_unary, 1, 1, "def mean(e: Column): Column", "The mean of the values (avg)."),
    METHOD("min", fn_unary, 1, 1, "def min(e: Column): Column", "The least value."),
    METHOD("max", fn_unary, 1, 1, "def max(e: Column): Column", "The greatest value."),
    METHOD("first", fn_unary, 1, 1, "def first(e: Column): Column", "A value of the group."),
    METHOD("length", fn_unary, 1, 1, "def length(e: Column): Column", "The length of a string."),
    METHOD("lower", fn_unary, 1, 1, "def lower(e: Column): Column", "The string in lower case."),
    METHOD("upper", fn_unary, 1, 1, "def upper(e: Column): Column", "The string in upper case."),
    METHOD("trim", fn_unary, 1, 1, "def trim(e: Column): Column", "The string without surrounding spaces."),
    METHOD("abs", fn_unary, 1, 1, "def abs(e: Column): Column", "The absolute value."),
    METHOD("sqrt", fn_unary, 1, 1, "def sqrt(e: Column): Column", "The square root."),
    METHOD_DATA("desc", fn_sort, SORT_DESC, 1, 1, "def desc(columnName: String): Column", "Descending order of a column, for orderBy/sort."),
    METHOD_DATA("asc", fn_sort, 0, 1, 1, "def asc(columnName: String): Column", "Ascending order of a column, for orderBy/sort."),
    METHOD("explode", fn_nary, 1, 1, "def explode(e: Column): Column", "One row per element of an array (the column is named col)."),
    METHOD("size", fn_nary, 1, 1, "def size(e: Column): Column", "The number of elements of an array (-1 for null)."),
    METHOD("collect_list", fn_nary, 1, 1, "def collect_list(e: Column): Column", "The group's non-null values as an array."),
    METHOD("collect_set", fn_nary, 1, 1, "def collect_set(e: Column): Column", "The group's distinct non-null values as an array."),
    METHOD("split", fn_nary, 2, 2, "def split(str: Column, pattern: String): Column", "The string split around matches of a regular expression."),
    METHOD("regexp_replace", fn_nary, 3, 3, "def regexp_replace(e: Column, pattern: String, replacement: String): Column",
      "Every match of the regular expression replaced."),
    METHOD("substring", fn_nary, 3, 3, "def substring(str: Column, pos: Int, len: Int): Column", "len characters from pos (1-based)."),
    METHOD("round", fn_nary, 1, 2, "def round(e: Column, scale: Int = 0): Column", "Rounded half up to scale decimal places."),
    METHOD("coalesce", fn_nary, 2, 3, "def coalesce(e: Column*): Column", "The first non-null value."),
    METHOD("array_contains", fn_nary, 2, 2, "def array_contains(column: Column, value: Any): Column", "Whether the array holds the value."),
    METHOD("concat", fn_nary, 2, 3, "def concat(exprs: Column*): Column", "The strings joined (null when one is null)."),
    METHOD("concat_ws", fn_nary, 2, 3, "def concat_ws(sep: String, exprs: Column*): Column", "The non-null strings joined by sep."),
    METHOD("sort_array", fn_sort_array, 1, 2, "def sort_array(e: Column, asc: Boolean = true): Column",
           "The array sorted (ascending: nulls first; descending: nulls last)."),
    METHOD("get_json_object", fn_nary, 2, 2, "def get_json_object(e: Column, path: String): Column",
           "The value at a JSON path ($.a.b) of a JSON string column, as a string; null when absent."),
    METHOD("when", fn_nary, 2, 2, "def when(condition: Column, value: Any): Column",
      "value where condition holds, else null (or .otherwise(v))."),
};

static HostClass functions_class = {.name = "functions", .qualified = "org.apache.spark.sql.functions",
                                    .doc = "Spark SQL's functions: col, lit, count, sum, avg, min, max, desc, …",
                                    .doc_url = DF_DOC "functions$.html"};

void df_register_functions(Interp *I, const MethodDef *fns, int n) {
    for (int i = 0; i < n; i++) {
        if (!strchr(fns[i].name, '.')) host_class_add_methods(&functions_class, &fns[i], 1);
        Value f = func_new_native(fns[i].name, fns[i].fn, v_unit(), -1, (void *)fns[i].data);
        interp_register_global(I, fns[i].name, f, fns[i].signature, fns[i].doc);
        char q[96];
        snprintf(q, sizeof q, "org.apache.spark.sql.functions.%s", fns[i].name);
        if (!strchr(fns[i].name, '.')) {
            val_incref(f);
            interp_register_global(I, q, f, fns[i].signature, fns[i].doc);
        }
    }
}

void expr_init(Interp *I) {
    column_class.methods = column_methods;
    column_class.nmethods = column_nmethods;
    interp_register_class(I, &column_class);
    interp_register_class(I, &functions_class);
    interp_register_global(I, "functions", host_new(&functions_class, NULL), "object functions", functions_class.doc);
    interp_register_global(I, "org.apache.spark.sql.functions", host_new(&functions_class, NULL), "object functions", functions_class.doc);
    df_register_functions(I, functions, NMETHODS(functions));
    interp_register_package(I, "spark.implicits");
}
