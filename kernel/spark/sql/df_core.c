/* df_core.c — the DataFrame object itself: its life cycle (a SQL query, Spark's schema and the
 * tables it reads), its REPL type and toString (`[id: bigint, user: struct<name: string>]`),
 * the class assembled from the method tables of the other df_*.c files, shared helpers (paths,
 * AnalysisException), and the layer's set-up and tear-down (dataframe_init/dataframe_free).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/sql/df_internal.h"
#include "spark/modules.h"

/* ---- the object ---- */

static void df_finalize(void *d) {
    DataFrame *df = d;
    for (int i = 0; i < df->ntables; i++) dftable_unref(df->tables[i]);
    free(df->tables);
    dt_unref(df->schema);
    dt_unref(df->proj_input);
    free(df->sql);
    free(df->dstype);
    val_decref(df->elem);
    dfstate_unref(df->st);
    free(df);
}

static const char *df_type(void *d) {
    DataFrame *df = d;
    if (df->dstype) return df->dstype;
    return df->kind == DFK_STRINGS ? "org.apache.spark.sql.Dataset[String]" : "org.apache.spark.sql.DataFrame";
}

Value df_keep_type(DataFrame *from, Value v) {
    DataFrame *df = df_get(v);
    if (!df || df == from) return v;
    df->kind = from->kind;
    val_incref(from->elem);
    val_decref(df->elem);
    df->elem = from->elem;
    free(df->dstype);
    df->dstype = strdup(from->dstype ? from->dstype : from->kind == DFK_STRINGS ? "org.apache.spark.sql.Dataset[String]"
                                                                             : "org.apache.spark.sql.Dataset[org.apache.spark.sql.Row]");
    if (!df->dstype) abort();
    return v;
}

void df_set_dataset_type(Value v, const char *elem) {
    DataFrame *df = df_get(v);
    if (!df) return;
    free(df->dstype);
    if (asprintf(&df->dstype, "org.apache.spark.sql.Dataset[%s]", elem) < 0) abort();
    if (!strcmp(elem, "String")) df->kind = DFK_STRINGS;
}

/* Dataset.toString: the first two fields, then "... N more fields". */
static char *df_to_string(Interp *I, void *d) {
    (void)I;
    DataFrame *df = d;
    StrBuf b = {0};
    sb_putc(&b, '[');
    int n = df->schema->nfields;
    for (int i = 0; i < n && i < 2; i++) {
        if (i) sb_puts(&b, ", ");
        sb_printf(&b, "%s: ", df->schema->fields[i].name);
        dt_simple(&b, df->schema->fields[i].type, 2);
    }
    if (n > 2) sb_printf(&b, " ... %d more field%s", n - 2, n - 2 == 1 ? "" : "s");
    sb_putc(&b, ']');
    return sb_take(&b);
}

HostClass dataframe_class = {   /* its methods: dataframe_init adds df_show's, df_ops', df_write's, df_rows', df_stat's */
    .name = "DataFrame", .qualified = "org.apache.spark.sql.DataFrame",
    .doc = "A distributed collection of rows with a schema (here: a SQL query over an in-memory DuckDB database).",
    .doc_url = DF_DOC "Dataset.html",
    .finalize = df_finalize, .type_name = df_type, .to_string = df_to_string,
    .aliases = (const char *const[]){"Dataset", "org.apache.spark.sql.Dataset", NULL}};

Value df_make(DfState *st, DataType *schema, char *sql, DataFrame *const *parents, int nparents, DfTable *extra) {
    DataFrame *df = calloc(1, sizeof *df);
    if (!df) abort();
    df->st = dfstate_ref(st);
    df->schema = schema;
    df->sql = sql;
    int cap = (extra ? 1 : 0);
    for (int i = 0; i < nparents; i++) cap += parents[i]->ntables;
    df->tables = calloc((size_t)(cap ? cap : 1), sizeof *df->tables);
    for (int i = 0; i < nparents; i++)
        for (int j = 0; j < parents[i]->ntables; j++) {
            DfTable *t = parents[i]->tables[j];
            bool dup = false;
            for (int k = 0; k < df->ntables; k++) dup |= df->tables[k] == t;
            if (!dup) df->tables[df->ntables++] = dftable_ref(t);
        }
    for (int i = 0; i < nparents; i++) df->aggregated |= parents[i]->aggregated;
    if (extra) df->tables[df->ntables++] = extra;
    df->kind = DFK_ROWS;
    return host_new(&dataframe_class, df);
}

DataFrame *df_get(Value v) {
    if (v.t != T_HOST || as_host(v)->cls != &dataframe_class) return NULL;
    return as_host(v)->data;
}

DataFrame *df_self(Call *c) {
    DataFrame *df = df_get(c->self);
    if (!df) interp_throw(c->I, "java.lang.IllegalStateException", "not a DataFrame");
    else if (df->st->closed) {
        interp_throw(c->I, "java.lang.IllegalStateException", "Cannot call methods on a stopped SparkContext (the SparkSession is stopped)");
        return NULL;
    }
    return df;
}

DfState *df_state(Interp *I) {
    DfState *st = dfstate_for(I);
    if (!st || st->closed) {
        interp_throw(I, "java.lang.IllegalStateException", "the SparkSession is stopped");
        return NULL;
    }
    char *err = NULL;
    if (!dfstate_open(st, &err)) {
        interp_throw(I, "java.lang.UnsupportedOperationException", "%s", err ? err : "the database could not be opened");
        free(err);
        return NULL;
    }
    return st;
}

/* ---- column pruning ---- */

void df_refs_add(Interp *I, const DataType *schema, const int *at, int n) {
    DfState *st = dfstate_for(I);
    DfRefs *r = st ? st->refs : NULL;
    if (!r || (schema && schema != r->schema)) return;
    if (!at || n < 1 || n > DF_REF_DEPTH) { r->all = true; return; }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->paths = realloc(r->paths, (size_t)r->cap * sizeof *r->paths);
        if (!r->paths) abort();
    }
    r->paths[r->n].n = n;
    memcpy(r->paths[r->n].at, at, (size_t)n * sizeof *at);
    r->n++;
}

/* The part of struct t (at depth d of the paths) that the paths through prefix read: a field named
 * whole is kept whole, one whose members are named keeps those. New reference. */
static DataType *pruned_struct(const DataType *t, const DfRefs *r, const int *prefix, int d) {
    char *keep = calloc((size_t)t->nfields + 1, 1);   /* 0 no, 1 whole, 2 some members */
    int n = 0;
    for (int i = 0; i < r->n; i++) {
        const struct DfRef *p = &r->paths[i];
        if (p->n <= d || (d && memcmp(p->at, prefix, (size_t)d * sizeof *prefix))) continue;
        int f = p->at[d];
        char k = p->n == d + 1 || t->fields[f].type->kind != DT_STRUCT ? 1 : 2;
        if (!keep[f]) n++;
        if (!keep[f] || k == 1) keep[f] = k;
    }
    DataType *out = dt_struct_new(n);
    int at[DF_REF_DEPTH];
    if (d) memcpy(at, prefix, (size_t)d * sizeof *prefix);
    for (int f = 0, j = 0; f < t->nfields; f++) {
        if (!keep[f]) continue;
        at[d] = f;
        out->fields[j].name = strdup(t->fields[f].name);
        out->fields[j].type = keep[f] == 1 ? dt_ref(t->fields[f].type) : pruned_struct(t->fields[f].type, r, at, d + 1);
        out->fields[j].nullable = t->fields[f].nullable;
        j++;
    }
    free(keep);
    return out;
}

Value df_pruned(Value dfv, const DfRefs *refs) {
    DataFrame *df = df_get(dfv);
    DfTable *t = df && df->ntables == 1 ? df->tables[0] : NULL;
    val_incref(dfv);
    if (!t || !t->src || refs->all || !refs->n || df->kind != DFK_ROWS || df->schema != t->schema) return dfv;
    char *plain = dftable_select_sql(t, t->schema);
    bool is_plain = !strcmp(plain, df->sql);
    free(plain);
    if (!is_plain) return dfv;
    DataType *schema = pruned_struct(t->schema, refs, NULL, 0);
    char *err = NULL;
    DfTable *nt = dftable_deferred(df->st, schema, t->src, &err);
    if (!nt) {   /* the whole frame then */
        free(err);
        dt_unref(schema);
        return dfv;
    }
    val_decref(dfv);
    return df_make(df->st, schema, dftable_select_sql(nt, schema), NULL, 0, nt);
}

/* ---- helpers ---- */

char *df_local_path(Interp *I, const char *path) {
    if (!path || !*path) {
        interp_throw(I, "java.lang.IllegalArgumentException", "Can not create a Path from an empty string");
        return NULL;
    }
    if (!strncmp(path, "file://", 7)) path += 7;
    else if (!strncmp(path, "file:", 5)) path += 5;
    else {
        const char *colon = strstr(path, "://");
        if (colon) {
            interp_throw(I, "java.io.IOException",
                         "No FileSystem for scheme \"%.*s\": this kernel reads and writes local files only (file:/path or /path)",
                         (int)(colon - path), path);
            return NULL;
        }
    }
    char *p = strdup(path);
    if (!p) abort();
    return p;
}

static bool analysis_throw(Interp *I, const char *cls, const char *fmt, va_list ap) {
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    interp_throw(I, cls, "%s", msg ? msg : "analysis failed");
    free(msg);
    return false;
}

bool df_analysis(Interp *I, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    analysis_throw(I, "org.apache.spark.sql.AnalysisException", fmt, ap);
    va_end(ap);
    return false;
}

const char *df_analysis_class(Interp *I) {
    DfState *st = dfstate_for(I);
    return st && st->eager > 0 ? "org.apache.spark.sql.AnalysisException" : EXTENDED_ANALYSIS;
}

bool df_unresolved(Interp *I, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    analysis_throw(I, df_analysis_class(I), fmt, ap);
    va_end(ap);
    return false;
}

/* ---- set-up ---- */

void dataframe_init(Interp *I) {
    DfState *st = dfstate_new(I);
    host_class_add_methods(&dataframe_class, df_show_methods, df_show_nmethods);
    host_class_add_methods(&dataframe_class, df_ops_methods, df_ops_nmethods);
    host_class_add_methods(&dataframe_class, df_write_methods, df_write_nmethods);
    host_class_add_methods(&dataframe_class, df_rows_methods, df_rows_nmethods);
    host_class_add_methods(&dataframe_class, df_stat_methods, df_stat_nmethods);
    host_class_add_methods(&dataframe_class, df_typed_methods, df_typed_nmethods);
    typed_init(I);
    interp_register_class(I, &dataframe_class);
    stat_init(I);
    implicits_init(I);
    interp_register_package(I, "org.apache.spark.sql");
    interp_register_exception(I, "AnalysisException", "org.apache.spark.sql.AnalysisException", "Exception");
    interp_register_exception(I, "ExtendedAnalysisException", EXTENDED_ANALYSIS, "AnalysisException");
    session_init(I, st);
}

void dataframe_free(Interp *I) {
    DfState *st = dfstate_for(I);
    if (!st) return;
    dfstate_close(st);
    dfstate_unref(st);
}
