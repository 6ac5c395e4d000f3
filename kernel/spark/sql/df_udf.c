/* df_udf.c — user-defined functions from Scala lambdas: `val f = udf((s: String) => s.length)`
 * gives a UserDefinedFunction whose f($"a") is a Column named UDF(a) (or name(a) after
 * withName), and spark.udf.register("name", (x: Int) => x + 1) makes `name` callable from SQL.
 * Each function is a DuckDB scalar function (registered on first use) whose callback calls the
 * lambda row by row: the parameter and result types come from the lambda's Scala type (String,
 * Int, Long, Double, Boolean); a null reaches a String parameter as null, and makes the result
 * null for a primitive one, as Spark does. DuckDB may run the callback on its worker threads while
 * the thread that runs the query (holding the interpreter lock) waits for it; calls are serialised
 * by a mutex and enter the interpreter as another thread would (interp_thread_enter).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"
#include "spark/modules.h"

#define UDF_MAX_ARGS 3       /* an Expr holds up to 3 children */

/* What DuckDB's callback needs; DuckDB owns it (freed with the database, which drops fn). */
typedef struct {
    Interp *I;
    Value fn;
    int nargs;
    DtKind args[UDF_MAX_ARGS], ret;
} UdfSlot;

typedef struct {
    Value fn;                /* the Scala function (owned) */
    char *name;              /* withName / register's name, or NULL: UDF */
    char sqlname[48];        /* DuckDB's name of it */
    int nargs;
    DtKind args[UDF_MAX_ARGS], ret;
    UdfSlot *slot;           /* once registered (owned by DuckDB) */
} Udf;

static HostClass udf_class;
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;
static long next_udf;

static void udf_finalize(void *d) {
    Udf *u = d;
    val_decref(u->fn);
    free(u->name);
    free(u);
}
static void udf_traverse(void *d, VisitFn visit, void *ctx) { visit(((Udf *)d)->fn, ctx); }

/* ---- the Scala type of the lambda ---- */

static bool scala_kind(const char *s, size_t n, DtKind *k) {
    static const struct { const char *name; DtKind k; } names[] = {
        {"String", DT_STRING}, {"Int", DT_INT}, {"Long", DT_LONG}, {"Double", DT_DOUBLE}, {"Float", DT_DOUBLE},
        {"Boolean", DT_BOOL}, {"Short", DT_INT}, {"Byte", DT_INT}, {"java.lang.String", DT_STRING},
    };
    while (n && *s == ' ') s++, n--;
    while (n && s[n - 1] == ' ') n--;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == n && !strncmp(names[i].name, s, n)) { *k = names[i].k; return true; }
    return false;
}

/* "String => Int", "(Int, Long) => Long": the parameter and result types. */
static bool parse_fn_type(const char *t, Udf *u) {
    const char *arrow = strstr(t, " => ");
    if (!arrow) return false;
    const char *p = t, *end = arrow;
    if (*p == '(') { p++; if (end > p && end[-1] == ')') end--; }
    u->nargs = 0;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        if (u->nargs == UDF_MAX_ARGS || !scala_kind(p, (size_t)(e - p), &u->args[u->nargs])) return false;
        u->nargs++;
        p = comma ? comma + 1 : end;
    }
    return scala_kind(arrow + 4, strlen(arrow + 4), &u->ret);
}

static const char *type_word(DtKind k) {
    switch (k) {
    case DT_STRING: return "String";
    case DT_INT: return "Int";
    case DT_LONG: return "Long";
    case DT_DOUBLE: return "Double";
    default: return "Boolean";
    }
}

/* A Udf of a function value; false with an exception raised. */
static bool udf_of(Interp *I, Value fn, const char *name, Value *out) {
    if (fn.t != T_FUNC) return interp_throw(I, "java.lang.IllegalArgumentException", "udf: give a function, such as (s: String) => s.length");
    Udf *u = calloc(1, sizeof *u);
    if (!u) abort();
    char *tn = val_type_name(I, fn);
    if (!tn || !parse_fn_type(tn, u)) {
        interp_throw(I, "java.lang.UnsupportedOperationException",
                     "udf: the function's type %s is not one this kernel runs in SQL: up to %d parameters and a result of "
                     "String, Int, Long, Double or Boolean, with the parameters' types written ((s: String) => s.length)",
                     tn ? tn : "(unknown)", UDF_MAX_ARGS);
        free(tn);
        free(u);
        return false;
    }
    free(tn);
    val_incref(fn);
    u->fn = fn;
    u->name = name ? strdup(name) : NULL;
    snprintf(u->sqlname, sizeof u->sqlname, "__spark_udf_%ld", ++next_udf);
    *out = host_new(&udf_class, u);
    return true;
}

/* ---- DuckDB's side ---- */

static duckdb_type duck_kind(DtKind k) {
    switch (k) {
    case DT_STRING: return DUCKDB_TYPE_VARCHAR;
    case DT_INT: return DUCKDB_TYPE_INTEGER;
    case DT_LONG: return DUCKDB_TYPE_BIGINT;
    case DT_DOUBLE: return DUCKDB_TYPE_DOUBLE;
    default: return DUCKDB_TYPE_BOOLEAN;
    }
}

static const char *duck_name(DtKind k) {
    switch (k) {
    case DT_STRING: return "VARCHAR";
    case DT_INT: return "INTEGER";
    case DT_LONG: return "BIGINT";
    case DT_DOUBLE: return "DOUBLE";
    default: return "BOOLEAN";
    }
}

static void slot_free(void *p) {
    UdfSlot *s = p;
    val_decref(s->fn);
    free(s);
}

/* The value of row r of a flat input vector of kind k (unit: null for a primitive parameter). */
static Value in_value(const DuckApi *D, duckdb_vector v, DtKind k, idx_t r) {
    uint64_t *valid = D->duckdb_vector_get_validity(v);
    void *data = D->duckdb_vector_get_data(v);
    if (valid && !D->duckdb_validity_row_is_valid(valid, r)) return k == DT_STRING ? v_null() : v_unit();
    switch (k) {
    case DT_STRING: {
        duckdb_string_t *s = (duckdb_string_t *)data + r;
        return str_new(D->duckdb_string_t_data(s), D->duckdb_string_t_length(*s));
    }
    case DT_INT: return v_int(((int32_t *)data)[r]);
    case DT_LONG: return v_long(((int64_t *)data)[r]);
    case DT_DOUBLE: return v_double(((double *)data)[r]);
    default: return v_bool(((bool *)data)[r]);
    }
}

static void out_null(const DuckApi *D, duckdb_vector out, idx_t r) {
    D->duckdb_vector_ensure_validity_writable(out);
    D->duckdb_validity_set_row_invalid(D->duckdb_vector_get_validity(out), r);
}

/* Writes the lambda's result; false when it is not of the declared type. */
static bool out_value(Interp *I, const DuckApi *D, duckdb_vector out, DtKind k, idx_t r, Value v) {
    if (v.t == T_SOME) v = as_some(v)->v;
    if (v.t == T_NULL || v.t == T_NONE) { out_null(D, out, r); return true; }
    void *data = D->duckdb_vector_get_data(out);
    switch (k) {
    case DT_STRING: {
        char *s = val_to_string(I, v);
        D->duckdb_vector_assign_string_element_len(out, r, s, strlen(s));
        free(s);
        return true;
    }
    case DT_INT: if (v.t != T_INT) return false; ((int32_t *)data)[r] = v.u.i; return true;
    case DT_LONG:
        if (v.t != T_LONG && v.t != T_INT) return false;
        ((int64_t *)data)[r] = v.t == T_INT ? v.u.i : v.u.l;
        return true;
    case DT_DOUBLE:
        if (v.t != T_DOUBLE && v.t != T_INT && v.t != T_LONG) return false;
        ((double *)data)[r] = v.t == T_DOUBLE ? v.u.d : v.t == T_INT ? v.u.i : (double)v.u.l;
        return true;
    default: if (v.t != T_BOOL) return false; ((bool *)data)[r] = v.u.b; return true;
    }
}

static void udf_call(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
    const DuckApi *D = duck_api();
    UdfSlot *s = D->duckdb_scalar_function_get_extra_info(info);
    Interp *I = s->I;
    idx_t n = D->duckdb_data_chunk_get_size(input);
    duckdb_vector in[UDF_MAX_ARGS];
    for (int a = 0; a < s->nargs; a++) in[a] = D->duckdb_data_chunk_get_vector(input, (idx_t)a);
    pthread_mutex_lock(&call_lock);
    char base;
    InterpThreadState saved;
    InterpHooks hooks = *interp_hooks(I);
    interp_thread_enter(I, &base, &hooks, &saved);
    char *err = NULL;
    for (idx_t r = 0; r < n && !err; r++) {
        Value args[UDF_MAX_ARGS];
        bool null_prim = false;
        for (int a = 0; a < s->nargs; a++) {
            args[a] = in_value(D, in[a], s->args[a], r);
            null_prim |= args[a].t == T_UNIT;
        }
        Value res = v_unit();
        if (null_prim) out_null(D, output, r);
        else if (!interp_call(I, s->fn, s->nargs, args, &res)) {
            Value e = interp_take_exception(I);
            char *m = val_to_string(I, e);
            if (asprintf(&err, "[FAILED_EXECUTE_UDF] Failed to execute user defined function: %s", m) < 0) err = NULL;
            free(m);
            val_decref(e);
        } else if (!out_value(I, D, output, s->ret, r, res)) {
            char *tn = val_type_name(I, res);
            if (asprintf(&err, "[FAILED_EXECUTE_UDF] the user defined function returned %s where %s was declared", tn, type_word(s->ret)) < 0) err = NULL;
            free(tn);
        }
        val_decref(res);
        for (int a = 0; a < s->nargs; a++) val_decref(args[a]);
    }
    interp_thread_leave(I, &saved);
    pthread_mutex_unlock(&call_lock);
    if (err) D->duckdb_scalar_function_set_error(info, err);
    free(err);
}

/* Registers u with the session's database (once); false with an exception raised. */
static bool udf_register(Interp *I, Udf *u) {
    if (u->slot) return true;
    DfState *st = df_state(I);
    if (!st) return false;
    const DuckApi *D = st->D;
    UdfSlot *s = calloc(1, sizeof *s);
    if (!s) abort();
    s->I = I;
    val_incref(u->fn);
    s->fn = u->fn;
    s->nargs = u->nargs;
    memcpy(s->args, u->args, sizeof s->args);
    s->ret = u->ret;
    duckdb_scalar_function f = D->duckdb_create_scalar_function();
    D->duckdb_scalar_function_set_name(f, u->sqlname);
    for (int a = 0; a < u->nargs; a++) {
        duckdb_logical_type t = D->duckdb_create_logical_type(duck_kind(u->args[a]));
        D->duckdb_scalar_function_add_parameter(f, t);
        D->duckdb_destroy_logical_type(&t);
    }
    duckdb_logical_type rt = D->duckdb_create_logical_type(duck_kind(u->ret));
    D->duckdb_scalar_function_set_return_type(f, rt);
    D->duckdb_destroy_logical_type(&rt);
    D->duckdb_scalar_function_set_special_handling(f);   /* nulls reach the callback */
    D->duckdb_scalar_function_set_function(f, udf_call);
    D->duckdb_scalar_function_set_extra_info(f, s, slot_free);
    bool ok = D->duckdb_register_scalar_function(st->con, f) == DuckDBSuccess;
    D->duckdb_destroy_scalar_function(&f);
    if (!ok) return interp_throw(I, "org.apache.spark.sql.AnalysisException", "cannot register the function %s", u->sqlname);
    u->slot = s;
    return true;
}

/* ---- compiling f(cols) (an EX_UDF node: lit the Udf, name its Spark name, args the columns) ---- */

bool udf_compile(Interp *I, const Expr *e, const DataType *schema, Compiled *out) {
    Udf *u = as_host(e->lit)->data;
    if (e->nargs != u->nargs)
        return df_analysis(I, "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `%s` requires %d parameters but the actual number is %d.",
                           u->name ? u->name : "UDF", u->nargs, e->nargs);
    if (!udf_register(I, u)) return false;
    StrBuf sql = {0}, name = {0};
    sql_ident(&sql, u->sqlname);
    sb_putc(&sql, '(');
    sb_printf(&name, "%s(", u->name ? u->name : "UDF");
    bool ok = true;
    for (int a = 0; a < e->nargs && ok; a++) {
        Compiled x;
        if (!(ok = expr_compile(I, e->args[a], schema, &x))) break;
        if (x.type->kind == u->args[a]) sb_printf(&sql, "%s%s", a ? ", " : "", x.sql);
        else sb_printf(&sql, "%sTRY_CAST(%s AS %s)", a ? ", " : "", x.sql, duck_name(u->args[a]));   /* Spark's implicit cast */
        sb_printf(&name, "%s%s", a ? ", " : "", x.name);
        out->is_agg |= x.is_agg;
        compiled_clear(&x);
    }
    sb_putc(&sql, ')');
    sb_putc(&name, ')');
    if (!ok) { sb_reset(&sql); sb_reset(&name); return false; }
    out->sql = sb_take(&sql);
    out->name = sb_take(&name);
    out->type = dt_prim(u->ret);
    out->nullable = u->ret == DT_STRING;   /* Spark: primitive results are not nullable */
    return true;
}

/* ---- the Scala side ---- */

/* f(cols…) / f.apply(cols…) */
static bool udf_apply(Call *c, Value *out) {
    Udf *u = as_host(c->self)->data;
    if (c->argc > UDF_MAX_ARGS)
        return interp_throw(c->I, "java.lang.UnsupportedOperationException", "udf: at most %d columns", UDF_MAX_ARGS);
    Expr *e = calloc(1, sizeof *e);
    if (!e) abort();
    e->rc = 1;
    e->kind = EX_UDF;
    e->name = strdup(u->name ? u->name : "UDF");
    val_incref(c->self);
    e->lit = c->self;
    for (int a = 0; a < c->argc; a++) {
        e->args[a] = expr_of(c->I, c->argv[a], true);
        if (!e->args[a]) { expr_unref(e); return false; }
        e->nargs++;
    }
    *out = column_value(e);
    return true;
}

static bool udf_with_name(Call *c, Value *out) {
    Udf *u = as_host(c->self)->data;
    const char *name;
    if (!arg_string(c, 0, &name)) return false;
    if (!udf_of(c->I, u->fn, NULL, out)) return false;
    Udf *n = as_host(*out)->data;
    n->name = strdup(name);
    return true;
}

static bool udf_self(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }

static const char *type_class(DtKind k) {
    switch (k) {
    case DT_STRING: return "StringType";
    case DT_INT: return "IntegerType";
    case DT_LONG: return "LongType";
    case DT_DOUBLE: return "DoubleType";
    default: return "BooleanType";
    }
}

/* Spark's SparkUserDefinedFunction(f,dataType,inputEncoders,outputEncoder,name,nullable,deterministic),
 * the lambda printed as Scala prints a function ($Lambda$1234/0x…@hash: JVM identities) */
static char *udf_str(Interp *I, void *d) {
    Udf *u = d;
    StrBuf b = {0}, t = {0};
    char *fs = val_to_string(I, u->fn);
    sb_printf(&b, "SparkUserDefinedFunction(%s,%s,List(", fs ? fs : "$Lambda", type_class(u->ret));
    free(fs);
    for (int a = 0; a < u->nargs; a++) {
        t.len = 0;
        dt_simple(&t, dt_prim(u->args[a]), -1);   /* shared primitives: no reference to drop */
        sb_printf(&b, "%sSome(class[value[0]: %s])", a ? ", " : "", t.s);
    }
    t.len = 0;
    dt_simple(&t, dt_prim(u->ret), -1);
    sb_printf(&b, "),Some(class[value[0]: %s]),", t.s);
    if (u->name) sb_printf(&b, "Some(%s)", u->name);
    else sb_puts(&b, "None");
    sb_printf(&b, ",%s,true)", u->ret == DT_STRING ? "true" : "false");
    sb_reset(&t);
    return sb_take(&b);
}

static const MethodDef udf_methods[] = {
    METHOD("apply", udf_apply, 0, UDF_MAX_ARGS, "def apply(exprs: Column*): Column", "The function over columns: f($\"a\")."),
    METHOD("withName", udf_with_name, 1, 1, "def withName(name: String): UserDefinedFunction", "The same function, its columns named name(a)."),
    METHOD("asNondeterministic", udf_self, 0, 0, "def asNondeterministic(): UserDefinedFunction", "This function."),
    METHOD("asNonNullable", udf_self, 0, 0, "def asNonNullable(): UserDefinedFunction", "This function."),
};
static HostClass udf_class = {.name = "UserDefinedFunction", .qualified = "org.apache.spark.sql.expressions.UserDefinedFunction",
                              .doc = "A Scala function usable on Columns: udf((s: String) => s.length)($\"a\").",
                              .doc_url = DF_DOC "expressions/UserDefinedFunction.html", HOST_METHODS(udf_methods),
                              .finalize = udf_finalize, .traverse = udf_traverse, .to_string = udf_str};

/* udf(f) */
static bool fn_udf(Call *c, Value *out) {
    if (!call_arity(c, 1, 2)) return false;
    return udf_of(c->I, c->argv[0], NULL, out);
}

/* spark.udf.register(name, f): SQL can call name(…), a macro over the function's DuckDB name (so
 * registering the name again replaces it) */
static bool reg_register(Call *c, Value *out) {
    const char *name;
    if (!arg_string(c, 0, &name)) return false;
    Value f = c->argv[1];
    if (f.t == T_HOST && as_host(f)->cls == &udf_class) f = ((Udf *)as_host(f)->data)->fn;
    if (!udf_of(c->I, f, name, out)) return false;
    Udf *u = as_host(*out)->data;
    DfState *st = udf_register(c->I, u) ? df_state(c->I) : NULL;
    if (!st) { val_decref(*out); return false; }
    StrBuf q = {0};
    sb_puts(&q, "CREATE OR REPLACE MACRO ");
    sql_ident(&q, name);
    sb_putc(&q, '(');
    for (int a = 0; a < u->nargs; a++) sb_printf(&q, "%sa%d", a ? ", " : "", a);
    sb_puts(&q, ") AS ");
    sql_ident(&q, u->sqlname);
    sb_putc(&q, '(');
    for (int a = 0; a < u->nargs; a++) sb_printf(&q, "%sa%d", a ? ", " : "", a);
    sb_putc(&q, ')');
    char *err = NULL;
    bool ok = sql_exec(st, q.s, &err);
    if (!ok) {
        interp_throw(c->I, "org.apache.spark.sql.AnalysisException", "cannot register %s: %s", name, err ? err : "?");
        val_decref(*out);
    }
    free(err);
    sb_reset(&q);
    return ok;
}

static const MethodDef registration_methods[] = {
    METHOD("register", reg_register, 2, 2, "def register(name: String, func: Function): UserDefinedFunction",
      "Registers a Scala function for SQL: spark.udf.register(\"plus1\", (x: Int) => x + 1); spark.sql(\"select plus1(id) from t\")."),
};
static HostClass registration_class = {.name = "UDFRegistration", .qualified = "org.apache.spark.sql.UDFRegistration",
                                       .doc = "spark.udf: registers Scala functions for SQL.", .doc_url = DF_DOC "UDFRegistration.html",
                                       HOST_METHODS(registration_methods)};

bool df_session_udf(Call *c, Value *out) {
    (void)c;
    *out = host_new(&registration_class, NULL);
    return true;
}

void udf_init(Interp *I) {
    interp_register_class(I, &udf_class);
    interp_register_class(I, &registration_class);
    Value f = func_new_native("udf", fn_udf, v_unit(), -1, NULL);
    val_incref(f);
    interp_register_global(I, "udf", f, "def udf(f: AnyRef): UserDefinedFunction",
                           "A user-defined function of a Scala function: udf((s: String) => s.length)($\"a\").");
    interp_register_global(I, "org.apache.spark.sql.functions.udf", f, "def udf(f: AnyRef): UserDefinedFunction",
                           "A user-defined function of a Scala function.");
}
