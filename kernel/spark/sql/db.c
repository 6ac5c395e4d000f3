/* db.c — the DataFrame engine's database: one in-memory DuckDB database per interpreter, opened
 * on the first DataFrame or SQL use (DuckDB itself is dlopened then, duck.c), used with the
 * interpreter lock held. Here: the state and its registry, running SQL, the tables DataFrames are
 * materialised into (typed by Spark's schema: STRUCT, LIST natively) and the deferred ones,
 * filled by the first statement that names them (spark.read.json's), temp views (tables named as
 * the view, replaced in one statement, so a cell never sees half of a streaming batch), reading
 * rows (DfCursor, over DuckDB's result chunks) and Spark's exceptions for DuckDB's errors.
 * Loading rows (DfLoader) is db_loader.c.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "spark/sql/dataframe.h"
#include "lang/progress.h"
#include "spark/structured/structured.h"
#include "spark/sql/duck_types.h"
#include "spark/sql/json.h"

/* ---- one state per interpreter ---- */

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static DfState *registry[16];

DfState *dfstate_for(Interp *I) {
    DfState *st = NULL;
    pthread_mutex_lock(&registry_lock);
    for (int i = 0; i < 16; i++) if (registry[i] && registry[i]->I == I) st = registry[i];
    pthread_mutex_unlock(&registry_lock);
    return st;
}

DfState *dfstate_new(Interp *I) {
    DfState *st = calloc(1, sizeof *st);
    if (!st) abort();
    st->rc = 1;
    st->I = I;
    st->spark = v_unit();
    pthread_mutex_lock(&registry_lock);
    for (int i = 0; i < 16; i++) if (!registry[i]) { registry[i] = st; break; }
    pthread_mutex_unlock(&registry_lock);
    return st;
}

/* Spark SQL's functions under their Spark names, where DuckDB's differ (sql.c rewrites the ones
 * a macro cannot express: named_struct, date_format's pattern, 0-based array subscripts). */
static const char *const spark_macros =
    "CREATE MACRO size(x) AS coalesce(len(x), -1);"
    "CREATE MACRO collect_list(x) AS list(x) FILTER (WHERE x IS NOT NULL);"
    "CREATE MACRO collect_set(x) AS list(DISTINCT x) FILTER (WHERE x IS NOT NULL);"
    "CREATE MACRO nvl(a, b) AS coalesce(a, b);"
    "CREATE MACRO nvl2(a, b, c) AS CASE WHEN a IS NOT NULL THEN b ELSE c END;"
    "CREATE MACRO get_json_object(j, p) AS CASE WHEN json_valid(j) THEN json_extract_string(j, p) END;"
    "CREATE MACRO substring_index(s, d, n) AS CASE WHEN n > 0 THEN array_to_string(string_split(s, d)[1:n], d) "
    "WHEN n < 0 THEN array_to_string(string_split(s, d)[n:], d) ELSE '' END;"
    "CREATE MACRO unix_timestamp() AS CAST(epoch(now()) AS BIGINT), (t) AS CAST(epoch(CAST(t AS TIMESTAMP)) AS BIGINT);"
    "CREATE MACRO from_unixtime(n) AS strftime(to_timestamp(n), '%Y-%m-%d %H:%M:%S');"
    "CREATE MACRO percentile_approx(x, p) AS quantile_disc(x, p), (x, p, acc) AS quantile_disc(x, p);"
    "CREATE MACRO approx_count_distinct(x) AS count(DISTINCT x);"
    "CREATE MACRO array_contains(a, x) AS list_contains(a, x);"
    "CREATE MACRO rlike(s, p) AS regexp_matches(s, p);"
    "CREATE MACRO locate(t, s) AS strpos(s, t);"
    "CREATE MACRO to_date(s) AS CAST(CAST(s AS TIMESTAMP) AS DATE);"
    "CREATE MACRO explode(x) AS unnest(x);";

bool dfstate_open(DfState *st, char **err) {
    *err = NULL;
    if (st->closed) { *err = strdup("the SparkSession is stopped"); return false; }
    if (st->con) return true;
    const DuckApi *D = duck_api();
    if (!D) {
        if (asprintf(err, "DataFrames and SQL need DuckDB, which could not be loaded: %s", duck_error()) < 0) *err = NULL;
        return false;
    }
    duckdb_config cfg = NULL;
    char *oerr = NULL;
    if (D->duckdb_create_config(&cfg) == DuckDBSuccess) {
        D->duckdb_set_config(cfg, "threads", "2");
        D->duckdb_set_config(cfg, "enable_external_access", "true");
    }
    if (D->duckdb_open_ext(NULL, &st->db, cfg, &oerr) != DuckDBSuccess) {
        if (asprintf(err, "DuckDB could not open an in-memory database: %s", oerr ? oerr : "unknown error") < 0) *err = NULL;
        D->duckdb_free(oerr);
        if (cfg) D->duckdb_destroy_config(&cfg);
        return false;
    }
    if (cfg) D->duckdb_destroy_config(&cfg);
    if (D->duckdb_connect(st->db, &st->con) != DuckDBSuccess) {
        D->duckdb_close(&st->db);
        *err = strdup("DuckDB could not connect to its in-memory database");
        return false;
    }
    st->D = D;
    char *e = NULL;
    /* DuckDB's allocator (jemalloc) keeps what a dropped table freed until a bulk free of 512 MB:
     * a streaming batch's table (100 MB for 1M tweets) stayed in the process through the next
     * batch's load, 25 MB more peak RSS; at 16 MB it goes back to the system when dropped. */
    if (!sql_exec(st, "ATTACH ':memory:' AS global_temp; SET preserve_insertion_order = true; "
                            "SET default_null_order = 'nulls_first_on_asc_last_on_desc'; "
                            "SET allocator_flush_threshold = '16MB'; SET allocator_bulk_deallocation_flush_threshold = '16MB';", &e) ||
        !sql_exec(st, spark_macros, &e)) {
        fprintf(stderr, "dstream-kernel: DuckDB set-up: %s\n", e ? e : "?");
        free(e);
    }
    return true;
}

DfState *dfstate_ref(DfState *st) { st->rc++; return st; }

void dfstate_close(DfState *st) {
    if (!st || st->closed) return;
    st->closed = true;
    pthread_mutex_lock(&registry_lock);
    for (int i = 0; i < 16; i++) if (registry[i] == st) registry[i] = NULL;
    pthread_mutex_unlock(&registry_lock);
    if (st->con) {
        st->D->duckdb_disconnect(&st->con);
        st->D->duckdb_close(&st->db);
    }
    st->con = NULL;
    st->db = NULL;
    for (int i = 0; i < st->nviews; i++) { free(st->views[i].name); dt_unref(st->views[i].schema); }
    free(st->views);
    st->views = NULL;
    st->nviews = st->cviews = 0;
    Value s = st->spark;
    st->spark = v_unit();
    val_decref(s);
}

void dfstate_unref(DfState *st) {
    if (!st || --st->rc > 0) return;
    dfstate_close(st);
    free(st->deferred);
    free(st);
}

/* ---- SQL text ---- */

void sql_ident(StrBuf *b, const char *name) {
    sb_putc(b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"') sb_putc(b, '"');
        sb_putc(b, *p);
    }
    sb_putc(b, '"');
}

void sql_string(StrBuf *b, const char *s, size_t n) {
    sb_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') sb_putc(b, '\'');
        if (s[i]) sb_putc(b, s[i]);
    }
    sb_putc(b, '\'');
}

static bool fill_named(DfState *st, const char *sql, char **err);

bool sql_exec(DfState *st, const char *sql, char **err) {
    if (!st->con) { *err = strdup(st->closed ? "the SparkSession is stopped" : "the database is not open"); return false; }
    if (!fill_named(st, sql, err)) return false;
    duckdb_result res;
    bool ok = st->D->duckdb_query(st->con, sql, &res) == DuckDBSuccess;
    if (!ok) {
        const char *e = st->D->duckdb_result_error(&res);
        *err = strdup(e ? e : "DuckDB failed");
    }
    st->D->duckdb_destroy_result(&res);
    return ok;
}

/* One statement, run task by task so that an interrupt (the kernel's interrupt_request or SIGINT,
 * which set the interpreter's flag) stops it: DuckDB's query is interrupted and fails with
 * "interrupted". The result in *res (destroy it) or false with *err (malloc'd). */
static bool run_statement_pg(DfState *st, const char *sql, duckdb_result *res, Progress *pg, char **err) {
    const DuckApi *D = st->D;
    duckdb_prepared_statement ps = NULL;
    memset(res, 0, sizeof *res);
    if (!fill_named(st, sql, err)) return false;
    if (D->duckdb_prepare(st->con, sql, &ps) != DuckDBSuccess) {
        const char *e = D->duckdb_prepare_error(ps);
        *err = strdup(e ? e : "DuckDB could not prepare the statement");
        D->duckdb_destroy_prepare(&ps);
        return false;
    }
    duckdb_pending_result pending = NULL;
    bool ok = D->duckdb_pending_prepared(ps, &pending) == DuckDBSuccess;
    bool interrupted = false;
    while (ok) {
        duckdb_pending_state s = D->duckdb_pending_execute_task(pending);
        if (s == DUCKDB_PENDING_RESULT_READY) break;
        if (s == DUCKDB_PENDING_ERROR) { ok = false; break; }
        if (!interrupted && interp_interrupted(st->I)) { interrupted = true; D->duckdb_interrupt(st->con); }
        if (pg) {
            duckdb_query_progress_type qp = D->duckdb_query_progress(st->con);
            if (qp.total_rows_to_process > 0)
                progress_update(pg, (int64_t)qp.rows_processed, (int64_t)qp.total_rows_to_process);
        }
        if (s == DUCKDB_PENDING_NO_TASKS_AVAILABLE)   /* DuckDB's own threads are working: wait a little */
            nanosleep(&(struct timespec){0, 200000}, NULL);
    }
    if (ok && D->duckdb_execute_pending(pending, res) != DuckDBSuccess) {
        const char *e = D->duckdb_result_error(res);
        *err = strdup(interrupted ? "interrupted" : e ? e : "DuckDB failed");
        D->duckdb_destroy_result(res);
        ok = false;
    } else if (!ok) {
        const char *e = pending ? D->duckdb_pending_error(pending) : NULL;
        *err = strdup(interrupted ? "interrupted" : e ? e : "DuckDB failed");
    }
    D->duckdb_destroy_pending(&pending);
    D->duckdb_destroy_prepare(&ps);
    return ok;
}

static bool run_statement(DfState *st, const char *sql, duckdb_result *res, char **err) {
    return run_statement_pg(st, sql, res, NULL, err);
}

bool sql_run_progress(DfState *st, const char *sql, Progress *pg, int64_t *rows, char **err) {
    *err = NULL;
    *rows = 0;
    if (!dfstate_open(st, err)) return false;
    /* DuckDB keeps a query's progress only with its progress bar on (not printed: ours shows it) */
    if (!sql_exec(st, "SET enable_progress_bar = true; SET enable_progress_bar_print = false", err)) return false;
    duckdb_result res;
    bool ok = run_statement_pg(st, sql, &res, pg, err);
    char *ignored = NULL;
    sql_exec(st, "SET enable_progress_bar = false", &ignored);
    free(ignored);
    if (!ok) return false;
    duckdb_data_chunk ch = st->D->duckdb_column_count(&res) ? st->D->duckdb_fetch_chunk(res) : NULL;
    if (ch && st->D->duckdb_data_chunk_get_size(ch) > 0) {
        duckdb_vector v = st->D->duckdb_data_chunk_get_vector(ch, 0);
        duckdb_logical_type lt = st->D->duckdb_vector_get_column_type(v);
        if (lt && st->D->duckdb_get_type_id(lt) == DUCKDB_TYPE_BIGINT) *rows = ((int64_t *)st->D->duckdb_vector_get_data(v))[0];
        if (lt) st->D->duckdb_destroy_logical_type(&lt);
    }
    if (ch) st->D->duckdb_destroy_data_chunk(&ch);
    st->D->duckdb_destroy_result(&res);
    return true;
}

bool sql_run(DfState *st, const char *sql, char **err) {
    *err = NULL;
    if (!dfstate_open(st, err)) return false;
    duckdb_result res;
    if (!run_statement(st, sql, &res, err)) return false;
    st->D->duckdb_destroy_result(&res);
    return true;
}

/* ---- tables ---- */

static DfTable *table_new(DfState *st) {
    DfTable *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->rc = 1;
    t->st = dfstate_ref(st);
    snprintf(t->name, sizeof t->name, "_df_%ld", ++st->next_id);
    return t;
}

DfTable *dftable_create(DfState *st, const DataType *schema, char **err) {
    DfTable *t = table_new(st);
    StrBuf b = {0};
    sb_printf(&b, "CREATE TABLE \"%s\" (", t->name);
    for (int i = 0; i < schema->nfields; i++) {
        sb_printf(&b, "%s\"c%d\" ", i ? ", " : "", i);
        duck_type_sql(&b, schema->fields[i].type);
    }
    if (!schema->nfields) sb_puts(&b, "\"c\" INTEGER");
    sb_puts(&b, ")");
    bool ok = sql_exec(st, b.s, err);
    sb_reset(&b);
    if (!ok) { dfstate_unref(t->st); free(t); return NULL; }
    return t;
}

DfTable *dftable_ref(DfTable *t) { if (t) t->rc++; return t; }

/* ---- deferred tables ---- */

void dfsource_unref(DfSource *s) { if (s && --s->rc == 0) s->release(s); }

static void deferred_add(DfState *st, DfTable *t) {
    if (st->ndeferred == st->cdeferred) {
        st->cdeferred = st->cdeferred ? st->cdeferred * 2 : 4;
        st->deferred = realloc(st->deferred, (size_t)st->cdeferred * sizeof *st->deferred);
        if (!st->deferred) abort();
    }
    st->deferred[st->ndeferred++] = t;
}

static void deferred_remove(DfState *st, DfTable *t) {
    for (int i = 0; i < st->ndeferred; i++)
        if (st->deferred[i] == t) { st->deferred[i] = st->deferred[--st->ndeferred]; return; }
}

DfTable *dftable_deferred(DfState *st, const DataType *schema, DfSource *src, char **err) {
    DfTable *t = dftable_create(st, schema, err);
    if (!t) return NULL;
    t->schema = dt_ref((DataType *)schema);
    t->src = src;
    src->rc++;
    deferred_add(st, t);
    return t;
}

/* Loads t's rows from its source; false with *err: a message starting with FILL_FAILED that
 * carries the source's exception (sql_error_text), or "interrupted". t stays deferred then, with
 * no rows, for the next statement to try again. */
static bool dftable_fill(DfTable *t, char **err) {
    DfState *st = t->st;
    DfSource *src = t->src;
    deferred_remove(st, t);   /* the fill's own statements do not fill it again */
    t->src = NULL;
    DfLoader *l = dfl_open_table(st, dftable_ref(t), t->schema, err);
    if (!l) { t->src = src; deferred_add(st, t); return false; }
    bool ok = src->fill(src, l, t->schema);
    char *cerr = NULL;
    DfTable *done = dfl_close(l, ok, &cerr);
    if (done) {
        dftable_unref(done);
        dfsource_unref(src);
        return true;
    }
    if (ok) *err = cerr;   /* the appender failed */
    else {
        free(cerr);
        Value exc = interp_take_exception(st->I);
        char *text = interp_exception_text(st->I, exc);
        if (text && !strncmp(text, "java.lang.InterruptedException", 30)) *err = strdup("interrupted");
        else if (asprintf(err, "%c%s", FILL_FAILED, text ? text : "java.lang.RuntimeException: the rows could not be read") < 0) *err = NULL;
        free(text);
        val_decref(exc);
    }
    char sql[80], *e = NULL;   /* what the appender flushed before the failure */
    snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", t->name);
    if (!sql_exec(st, sql, &e)) free(e);
    t->src = src;
    deferred_add(st, t);
    return false;
}

/* Fills the deferred tables that sql names (as "name", the way DataFrame queries write them). */
static bool fill_named(DfState *st, const char *sql, char **err) {
    for (int i = 0; i < st->ndeferred;) {
        char q[48];
        snprintf(q, sizeof q, "\"%s\"", st->deferred[i]->name);
        if (!strstr(sql, q)) { i++; continue; }
        if (!dftable_fill(st->deferred[i], err)) return false;
        i = 0;   /* the list changed */
    }
    return true;
}

void dftable_unref(DfTable *t) {
    if (!t || --t->rc > 0) return;
    if (t->src) {
        deferred_remove(t->st, t);
        dfsource_unref(t->src);
    }
    dt_unref(t->schema);
    if (!t->st->closed && t->st->con) {
        char sql[80], *e = NULL;
        snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS \"%s\"", t->name);
        if (!sql_exec(t->st, sql, &e)) free(e);
    }
    dfstate_unref(t->st);
    free(t);
}

char *dftable_select_sql(const DfTable *t, const DataType *schema) {
    StrBuf b = {0};
    sb_puts(&b, "SELECT ");
    for (int i = 0; i < schema->nfields; i++) {
        sb_printf(&b, "%s\"c%d\" AS ", i ? ", " : "", i);
        sql_ident(&b, schema->fields[i].name);
    }
    if (!schema->nfields) sb_puts(&b, "NULL AS \"_\"");
    sb_printf(&b, " FROM \"%s\"", t->name);
    return sb_take(&b);
}

/* ---- views ---- */

struct DfView *view_find(DfState *st, const char *name, bool global) {
    for (int i = 0; i < st->nviews; i++)
        if (st->views[i].global == global && !strcasecmp(st->views[i].name, name)) return &st->views[i];
    return NULL;
}

bool view_replace(DfState *st, DataFrame *df, const char *name, bool global, bool must_be_new, char **ename, char **err) {
    *ename = NULL;
    *err = NULL;
    if (!st->con) { *ename = strdup("java.lang.IllegalStateException"); *err = strdup("the SparkSession is stopped"); return false; }
    if (!name[0] || strchr(name, '.')) {
        *ename = strdup("org.apache.spark.sql.AnalysisException");
        if (asprintf(err, "Invalid view name: '%s' (a view name is one identifier)", name) < 0) *err = NULL;
        return false;
    }
    if (must_be_new && view_find(st, name, global)) {
        *ename = strdup("org.apache.spark.sql.catalyst.analysis.TempTableAlreadyExistsException");
        if (asprintf(err, "[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `%s` because it already exists.\n"
                          "Choose a different name, drop or replace the existing view,  or add the IF NOT EXISTS clause "
                          "to tolerate pre-existing views.", name) < 0) *err = NULL;
        return false;
    }
    StrBuf b = {0};
    sb_printf(&b, "CREATE OR REPLACE TABLE %s", global ? "global_temp." : "");
    sql_ident(&b, name);
    sb_printf(&b, " AS SELECT * FROM (%s)", df->sql);
    char *e = NULL;
    bool ok = sql_exec(st, b.s, &e);
    sb_reset(&b);
    if (!ok) {
        sql_error_text(e, NULL, ename, err);
        free(e);
        return false;
    }
    struct DfView *v = view_find(st, name, global);
    if (!v) {
        if (st->nviews == st->cviews) {
            st->cviews = st->cviews ? st->cviews * 2 : 8;
            st->views = realloc(st->views, (size_t)st->cviews * sizeof *st->views);
            if (!st->views) abort();
        }
        v = &st->views[st->nviews++];
        v->name = strdup(name);
        v->global = global;
        v->schema = NULL;
    }
    dt_unref(v->schema);
    v->schema = dt_ref(df->schema);
    return true;
}

bool view_drop(DfState *st, const char *name, bool global) {
    struct DfView *v = view_find(st, name, global);
    if (!v) return false;
    if (st->con) {
        StrBuf b = {0};
        sb_printf(&b, "DROP TABLE IF EXISTS %s", global ? "global_temp." : "");
        sql_ident(&b, name);
        char *e = NULL;
        if (!sql_exec(st, b.s, &e)) free(e);
        sb_reset(&b);
    }
    free(v->name);
    dt_unref(v->schema);
    *v = st->views[--st->nviews];
    return true;
}

/* ---- reading rows ---- */

/* A result column's type, resolved once per cursor (children for STRUCT and LIST). */
struct DuckTypeInfo {
    duckdb_type id;
    duckdb_type internal;     /* DECIMAL: its storage */
    uint8_t scale;            /* DECIMAL */
    int n;                    /* STRUCT: children; LIST/ARRAY: 1 */
    char **names;             /* STRUCT */
    struct DuckTypeInfo *kids;
    idx_t array_size;         /* ARRAY */
};

static void type_info(const DuckApi *D, duckdb_logical_type lt, DuckTypeInfo *ti) {
    memset(ti, 0, sizeof *ti);
    ti->id = D->duckdb_get_type_id(lt);
    if (ti->id == DUCKDB_TYPE_DECIMAL) {
        ti->internal = D->duckdb_decimal_internal_type(lt);
        ti->scale = D->duckdb_decimal_scale(lt);
    } else if (ti->id == DUCKDB_TYPE_STRUCT) {
        ti->n = (int)D->duckdb_struct_type_child_count(lt);
        ti->names = calloc((size_t)ti->n + 1, sizeof *ti->names);
        ti->kids = calloc((size_t)ti->n + 1, sizeof *ti->kids);
        if (!ti->names || !ti->kids) abort();
        for (int i = 0; i < ti->n; i++) {
            char *nm = D->duckdb_struct_type_child_name(lt, (idx_t)i);
            ti->names[i] = strdup(nm ? nm : "");
            D->duckdb_free(nm);
            duckdb_logical_type c = D->duckdb_struct_type_child_type(lt, (idx_t)i);
            type_info(D, c, &ti->kids[i]);
            D->duckdb_destroy_logical_type(&c);
        }
    } else if (ti->id == DUCKDB_TYPE_LIST || ti->id == DUCKDB_TYPE_ARRAY) {
        ti->n = 1;
        ti->kids = calloc(1, sizeof *ti->kids);
        if (!ti->kids) abort();
        duckdb_logical_type c = ti->id == DUCKDB_TYPE_LIST ? D->duckdb_list_type_child_type(lt) : D->duckdb_array_type_child_type(lt);
        if (ti->id == DUCKDB_TYPE_ARRAY) ti->array_size = D->duckdb_array_type_array_size(lt);
        type_info(D, c, &ti->kids[0]);
        D->duckdb_destroy_logical_type(&c);
    }
}

static void type_info_free(DuckTypeInfo *ti) {
    for (int i = 0; ti->names && i < ti->n; i++) free(ti->names[i]);
    for (int i = 0; ti->kids && i < ti->n; i++) type_info_free(&ti->kids[i]);
    free(ti->names);
    free(ti->kids);
}

static bool vec_valid(const DuckApi *D, duckdb_vector v, idx_t r) {
    uint64_t *val = D->duckdb_vector_get_validity(v);
    return !val || D->duckdb_validity_row_is_valid(val, r);
}

static const char *vec_string(const DuckApi *D, duckdb_vector v, idx_t r, size_t *len) {
    duckdb_string_t *s = (duckdb_string_t *)D->duckdb_vector_get_data(v) + r;
    *len = D->duckdb_string_t_length(*s);
    return D->duckdb_string_t_data(s);
}

static double hugeint_double(duckdb_hugeint h) { return (double)h.upper * 18446744073709551616.0 + (double)h.lower; }

/* A numeric cell as a double or an integer (*is_int). */
static void vec_number(const DuckApi *D, duckdb_vector v, const DuckTypeInfo *ti, idx_t r, long long *iv, double *dv, bool *is_int) {
    void *data = D->duckdb_vector_get_data(v);
    *is_int = true;
    switch (ti->id == DUCKDB_TYPE_DECIMAL ? ti->internal : ti->id) {
    case DUCKDB_TYPE_BOOLEAN: *iv = ((bool *)data)[r]; break;
    case DUCKDB_TYPE_TINYINT: *iv = ((int8_t *)data)[r]; break;
    case DUCKDB_TYPE_SMALLINT: *iv = ((int16_t *)data)[r]; break;
    case DUCKDB_TYPE_INTEGER: *iv = ((int32_t *)data)[r]; break;
    case DUCKDB_TYPE_BIGINT: *iv = ((int64_t *)data)[r]; break;
    case DUCKDB_TYPE_UTINYINT: *iv = ((uint8_t *)data)[r]; break;
    case DUCKDB_TYPE_USMALLINT: *iv = ((uint16_t *)data)[r]; break;
    case DUCKDB_TYPE_UINTEGER: *iv = ((uint32_t *)data)[r]; break;
    case DUCKDB_TYPE_UBIGINT: *iv = (long long)((uint64_t *)data)[r]; break;
    case DUCKDB_TYPE_HUGEINT: {
        duckdb_hugeint h = ((duckdb_hugeint *)data)[r];
        if ((h.upper == 0 && h.lower <= INT64_MAX) || (h.upper == -1 && h.lower > INT64_MAX)) *iv = (long long)h.lower;
        else { *is_int = false; *dv = hugeint_double(h); }
        break;
    }
    case DUCKDB_TYPE_FLOAT: *is_int = false; *dv = ((float *)data)[r]; break;
    case DUCKDB_TYPE_DOUBLE: *is_int = false; *dv = ((double *)data)[r]; break;
    default: *iv = 0; break;
    }
    if (ti->id == DUCKDB_TYPE_DECIMAL) {
        double d = *is_int ? (double)*iv : *dv;
        *is_int = false;
        *dv = d / pow(10.0, ti->scale);
    }
}

/* TIMESTAMP (µs) and DATE (days) as Spark shows them: 2024-01-02 03:04:05[.123]. */
static void time_text(StrBuf *b, int64_t micros, bool date_only) {
    int64_t secs = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
    int64_t frac = micros - secs * 1000000;
    time_t t = (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[64];
    strftime(buf, sizeof buf, date_only ? "%Y-%m-%d" : "%Y-%m-%d %H:%M:%S", &tm);
    sb_puts(b, buf);
    if (!date_only && frac) {
        snprintf(buf, sizeof buf, ".%06lld", (long long)frac);
        size_t n = strlen(buf);
        while (n > 1 && buf[n - 1] == '0') buf[--n] = 0;
        sb_puts(b, buf);
    }
}

/* Any cell as JSON: numbers, strings, booleans, STRUCT as an object in field order, LIST as an array. */
static json_t *vec_json(const DuckApi *D, duckdb_vector v, const DuckTypeInfo *ti, idx_t r) {
    if (!vec_valid(D, v, r)) return json_null();
    switch (ti->id) {
    case DUCKDB_TYPE_BOOLEAN: return json_boolean(((bool *)D->duckdb_vector_get_data(v))[r]);
    case DUCKDB_TYPE_VARCHAR: case DUCKDB_TYPE_BLOB: {
        size_t len;
        const char *s = vec_string(D, v, r, &len);
        return json_stringn_nocheck(s, len);
    }
    case DUCKDB_TYPE_TIMESTAMP: case DUCKDB_TYPE_TIMESTAMP_TZ: case DUCKDB_TYPE_DATE: {
        StrBuf b = {0};
        if (ti->id == DUCKDB_TYPE_DATE) time_text(&b, (int64_t)((int32_t *)D->duckdb_vector_get_data(v))[r] * 86400000000LL, true);
        else time_text(&b, ((int64_t *)D->duckdb_vector_get_data(v))[r], false);
        json_t *j = json_string(b.s ? b.s : "");
        sb_reset(&b);
        return j;
    }
    case DUCKDB_TYPE_STRUCT: {
        json_t *o = json_object();
        for (int i = 0; i < ti->n; i++)
            json_object_set_new(o, ti->names[i], vec_json(D, D->duckdb_struct_vector_get_child(v, (idx_t)i), &ti->kids[i], r));
        return o;
    }
    case DUCKDB_TYPE_LIST: {
        duckdb_list_entry e = ((duckdb_list_entry *)D->duckdb_vector_get_data(v))[r];
        duckdb_vector c = D->duckdb_list_vector_get_child(v);
        json_t *a = json_array();
        for (idx_t i = 0; i < e.length; i++) json_array_append_new(a, vec_json(D, c, &ti->kids[0], e.offset + i));
        return a;
    }
    case DUCKDB_TYPE_ARRAY: {
        duckdb_vector c = D->duckdb_array_vector_get_child(v);
        json_t *a = json_array();
        for (idx_t i = 0; i < ti->array_size; i++) json_array_append_new(a, vec_json(D, c, &ti->kids[0], r * ti->array_size + i));
        return a;
    }
    default: {
        long long iv = 0;
        double dv = 0;
        bool is_int;
        vec_number(D, v, ti, r, &iv, &dv, &is_int);
        return is_int ? json_integer(iv) : json_real(dv);
    }
    }
}

bool dfc_open(DfState *st, const char *sql, DfCursor *c, char **err) {
    memset(c, 0, sizeof *c);
    *err = NULL;
    if (!dfstate_open(st, err)) return false;
    c->st = st;
    if (!run_statement(st, sql, &c->res, err)) return false;
    c->D = st->D;
    c->ncols = (int)c->D->duckdb_column_count(&c->res);
    c->types = calloc((size_t)c->ncols + 1, sizeof *c->types);
    c->vec = calloc((size_t)c->ncols + 1, sizeof *c->vec);
    if (!c->types || !c->vec) abort();
    for (int i = 0; i < c->ncols; i++) {
        duckdb_logical_type lt = c->D->duckdb_column_logical_type(&c->res, (idx_t)i);
        type_info(c->D, lt, &c->types[i]);
        c->D->duckdb_destroy_logical_type(&lt);
    }
    c->row = 0;
    c->nrows = 0;
    return true;
}

bool df_cursor(Interp *I, DataFrame *df, long limit, DfCursor *c) {
    if (!structured_guard_batch(I, df)) { memset(c, 0, sizeof *c); return false; }
    StrBuf q = {0};
    sb_printf(&q, "SELECT * FROM (%s)", df->sql);
    if (limit >= 0) sb_printf(&q, " LIMIT %ld", limit);
    char *err = NULL;
    bool ok = dfc_open(df->st, q.s, c, &err);
    sb_reset(&q);
    if (!ok) { sql_raise(I, err ? err : "query failed", df->sql); free(err); }
    return ok;
}

bool dfc_next(DfCursor *c) {
    if (!c->D) return false;
    if (c->chunk && ++c->row < c->nrows) return true;
    for (;;) {
        if (c->chunk) c->D->duckdb_destroy_data_chunk(&c->chunk);
        c->chunk = c->D->duckdb_fetch_chunk(c->res);
        if (!c->chunk) return false;
        c->nrows = c->D->duckdb_data_chunk_get_size(c->chunk);
        c->row = 0;
        if (!c->nrows) continue;
        for (int i = 0; i < c->ncols; i++) c->vec[i] = c->D->duckdb_data_chunk_get_vector(c->chunk, (idx_t)i);
        return true;
    }
}

void dfc_close(DfCursor *c) {
    if (!c->D) return;
    if (c->chunk) c->D->duckdb_destroy_data_chunk(&c->chunk);
    c->D->duckdb_destroy_result(&c->res);
    for (int i = 0; i < c->ncols; i++) type_info_free(&c->types[i]);
    free(c->types);
    free(c->vec);
    sb_reset(&c->scratch);
    memset(c, 0, sizeof *c);
}

bool dfc_null(const DfCursor *c, int col) { return !vec_valid(c->D, c->vec[col], c->row); }

long long dfc_int(const DfCursor *c, int col) {
    long long iv = 0;
    double dv = 0;
    bool is_int;
    if (c->types[col].id == DUCKDB_TYPE_VARCHAR) {
        size_t len;
        const char *s = vec_string(c->D, c->vec[col], c->row, &len);
        char buf[64];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 63 ? len : 63), s);
        return strtoll(buf, NULL, 10);
    }
    vec_number(c->D, c->vec[col], &c->types[col], c->row, &iv, &dv, &is_int);
    return is_int ? iv : (long long)dv;
}

double dfc_double(const DfCursor *c, int col) {
    long long iv = 0;
    double dv = 0;
    bool is_int;
    if (c->types[col].id == DUCKDB_TYPE_VARCHAR) {
        size_t len;
        const char *s = vec_string(c->D, c->vec[col], c->row, &len);
        char buf[64];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 63 ? len : 63), s);
        return strtod(buf, NULL);
    }
    vec_number(c->D, c->vec[col], &c->types[col], c->row, &iv, &dv, &is_int);
    return is_int ? (double)iv : dv;
}

const char *dfc_text(DfCursor *c, int col, size_t *len) {
    if (c->types[col].id == DUCKDB_TYPE_VARCHAR || c->types[col].id == DUCKDB_TYPE_BLOB)
        return vec_string(c->D, c->vec[col], c->row, len);
    json_t *j = vec_json(c->D, c->vec[col], &c->types[col], c->row);
    char *t = json_string_text(j);
    json_decref(j);
    sb_reset(&c->scratch);
    sb_puts(&c->scratch, t);
    free(t);
    *len = c->scratch.len;
    return c->scratch.s ? c->scratch.s : "";
}

json_t *dfc_json(const DfCursor *c, int col) { return vec_json(c->D, c->vec[col], &c->types[col], c->row); }

DataType *dfc_type(const DfCursor *c, int col) {
    duckdb_logical_type lt = c->D->duckdb_column_logical_type((duckdb_result *)&c->res, (idx_t)col);
    DataType *t = duck_type_to_spark(c->D, lt);
    c->D->duckdb_destroy_logical_type(&lt);
    return t;
}

const char *dfc_name(const DfCursor *c, int col) { return c->D->duckdb_column_name((duckdb_result *)&c->res, (idx_t)col); }

/* ---- describing a query without running it ---- */

bool sql_describe(DfState *st, const char *sql, DataType **schema, char **err) {
    *schema = NULL;
    *err = NULL;
    if (!dfstate_open(st, err)) return false;
    const DuckApi *D = st->D;
    duckdb_prepared_statement ps = NULL;
    if (D->duckdb_prepare(st->con, sql, &ps) != DuckDBSuccess) {
        const char *e = D->duckdb_prepare_error(ps);
        *err = strdup(e ? e : "DuckDB could not prepare the query");
        D->duckdb_destroy_prepare(&ps);
        return false;
    }
    int n = (int)D->duckdb_prepared_statement_column_count(ps);
    DataType *s = dt_struct_new(n);
    for (int i = 0; i < n; i++) {
        const char *nm = D->duckdb_prepared_statement_column_name(ps, (idx_t)i);
        duckdb_logical_type lt = D->duckdb_prepared_statement_column_logical_type(ps, (idx_t)i);
        s->fields[i].name = strdup(nm ? nm : "_c");
        D->duckdb_free((void *)nm);   /* DuckDB hands out a copy (its header says const char *) */
        s->fields[i].type = duck_type_to_spark(D, lt);
        s->fields[i].nullable = true;
        D->duckdb_destroy_logical_type(&lt);
    }
    D->duckdb_destroy_prepare(&ps);
    *schema = s;
    return true;
}
