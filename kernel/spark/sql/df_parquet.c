/* df_parquet.c — Parquet through DuckDB while the DataFrame engine is SQLite: df.write.parquet
 * appends the DataFrame's rows to a DuckDB table typed by duck_types.c's mapping (the appender,
 * STRUCT and LIST values included) and COPYs it to one snappy part file; spark.read.parquet reads
 * part files (a folder as Spark writes it, or files) with read_parquet, maps DuckDB's types back
 * to Spark's and loads the rows into SQLite as spark.read.json's rows go in. DuckDB is loaded on
 * first use; an in-memory database is opened then and closed with the session (df_parquet_free).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spark/sql/df_internal.h"
#include "spark/sql/duck_types.h"
#include "spark/sql/json.h"
#include "util/uuid.h"

static duckdb_database duck_db;
static duckdb_connection duck_con;

/* The API and the connection, or NULL with the loader's message raised. */
static const DuckApi *parquet_duck(Interp *I) {
    const DuckApi *D = duck_api();
    if (!D) {
        interp_throw(I, "java.lang.UnsupportedOperationException", "Parquet needs DuckDB, which is not loaded: %s", duck_error());
        return NULL;
    }
    if (duck_con) return D;
    if (D->duckdb_open(NULL, &duck_db) != DuckDBSuccess) {
        interp_throw(I, "java.lang.IllegalStateException", "DuckDB could not open an in-memory database");
        return NULL;
    }
    if (D->duckdb_connect(duck_db, &duck_con) != DuckDBSuccess) {
        D->duckdb_close(&duck_db);
        interp_throw(I, "java.lang.IllegalStateException", "DuckDB could not connect to its in-memory database");
        return NULL;
    }
    return D;
}

void df_parquet_free(void) {
    const DuckApi *D = duck_con ? duck_api() : NULL;
    if (!D) return;
    D->duckdb_disconnect(&duck_con);
    D->duckdb_close(&duck_db);
    duck_con = NULL;
    duck_db = NULL;
}

/* Runs sql; false with DuckDB's error raised as an IOException. */
static bool duck_exec(Interp *I, const DuckApi *D, const char *sql) {
    duckdb_result res;
    bool ok = D->duckdb_query(duck_con, sql, &res) == DuckDBSuccess;
    if (!ok) interp_throw(I, "java.io.IOException", "%s", D->duckdb_result_error(&res));
    D->duckdb_destroy_result(&res);
    return ok;
}

/* ---- writing ---- */

/* Appends column i of the current SQLite row, of Spark type t (DuckDB type lt). */
static duckdb_state append_cell(const DuckApi *D, duckdb_appender app, sqlite3_stmt *s, int i, const DataType *t,
                                duckdb_logical_type lt) {
    if (sqlite3_column_type(s, i) == SQLITE_NULL) return D->duckdb_append_null(app);
    switch (t->kind) {
    case DT_LONG: return D->duckdb_append_int64(app, sqlite3_column_int64(s, i));
    case DT_INT: return D->duckdb_append_int32(app, (int32_t)sqlite3_column_int64(s, i));
    case DT_DOUBLE: return D->duckdb_append_double(app, sqlite3_column_double(s, i));
    case DT_BOOL: return D->duckdb_append_bool(app, sqlite3_column_int64(s, i) != 0);
    case DT_STRUCT: case DT_ARRAY: {
        json_t *j = json_loads((const char *)sqlite3_column_text(s, i), JSON_DECODE_ANY, NULL);
        duckdb_value v = duck_value_of_json(D, j, t, lt);
        json_decref(j);
        duckdb_state st = D->duckdb_append_value(app, v);
        D->duckdb_destroy_value(&v);
        return st;
    }
    default: {
        const char *txt = (const char *)sqlite3_column_text(s, i);
        return D->duckdb_append_varchar_length(app, txt ? txt : "", (idx_t)sqlite3_column_bytes(s, i));
    }
    }
}

/* The rows of df into the DuckDB table `table` (created by the caller). */
static bool append_rows(Interp *I, const DuckApi *D, DataFrame *df, const char *table) {
    duckdb_appender app;
    if (D->duckdb_appender_create(duck_con, NULL, table, &app) != DuckDBSuccess) {
        duckdb_error_data e = D->duckdb_appender_error_data(app);
        bool r = interp_throw(I, "java.io.IOException", "DuckDB: %s", D->duckdb_error_data_message(e));
        D->duckdb_destroy_error_data(&e);
        D->duckdb_appender_destroy(&app);
        return r;
    }
    const DataType *schema = df->schema;
    int nc = schema->nfields;
    duckdb_logical_type *types = calloc((size_t)nc + 1, sizeof *types);
    if (!types) abort();
    for (int i = 0; i < nc; i++) types[i] = duck_type_of(D, schema->fields[i].type);
    sqlite3_stmt *s = df_select_rows(I, df, -1);
    bool ok = s != NULL;
    int rc = SQLITE_OK;
    while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        ok = D->duckdb_appender_begin_row(app) == DuckDBSuccess;
        for (int i = 0; ok && i < nc; i++) ok = append_cell(D, app, s, i, schema->fields[i].type, types[i]) == DuckDBSuccess;
        if (ok) ok = D->duckdb_appender_end_row(app) == DuckDBSuccess;
    }
    bool dok = ok;
    if (s && ok && rc != SQLITE_DONE) {
        ok = sql_raise(I, rc == SQLITE_INTERRUPT ? "interrupted" : sqlite3_errmsg(df->st->db), df->sql);
        dok = true;
    }
    if (s) sqlite3_finalize(s);
    if (dok && D->duckdb_appender_close(app) != DuckDBSuccess) dok = false;
    if (!dok) {
        duckdb_error_data e = D->duckdb_appender_error_data(app);
        ok = interp_throw(I, "java.io.IOException", "DuckDB could not take the rows: %s", D->duckdb_error_data_message(e));
        D->duckdb_destroy_error_data(&e);
    }
    D->duckdb_appender_destroy(&app);
    for (int i = 0; i < nc; i++) D->duckdb_destroy_logical_type(&types[i]);
    free(types);
    return ok;
}

bool df_write_parquet(Interp *I, DataFrame *df, const char *dir) {
    if (!df->schema->nfields)
        return df_analysis(I, "[EMPTY_SCHEMA_NOT_SUPPORTED_FOR_DATASOURCE] The Parquet datasource does not support writing empty or nested empty schemas. Please make sure the data schema has at least one or more column(s).");
    const DuckApi *D = parquet_duck(I);
    if (!D) return false;
    static unsigned long seq;
    char table[64], uuid[37];
    snprintf(table, sizeof table, "spark_parquet_out_%lu", ++seq);
    StrBuf q = {0};
    sb_printf(&q, "CREATE TEMP TABLE %s (", table);
    for (int i = 0; i < df->schema->nfields; i++) {
        if (i) sb_puts(&q, ", ");
        sql_ident(&q, df->schema->fields[i].name);
        sb_putc(&q, ' ');
        duck_type_sql(&q, df->schema->fields[i].type);
    }
    sb_putc(&q, ')');
    bool ok = duck_exec(I, D, q.s);
    q.len = 0;
    if (ok) ok = append_rows(I, D, df, table);
    uuid4(uuid);
    StrBuf tmp = {0}, final = {0};
    sb_printf(&tmp, "%s/.part-00000-%s-c000.snappy.parquet.tmp", dir, uuid);
    sb_printf(&final, "%s/part-00000-%s-c000.snappy.parquet", dir, uuid);
    if (ok) {
        sb_printf(&q, "COPY %s TO ", table);
        sql_string(&q, tmp.s, strlen(tmp.s));
        sb_puts(&q, " (FORMAT PARQUET, COMPRESSION SNAPPY)");
        ok = duck_exec(I, D, q.s);
        if (ok && rename(tmp.s, final.s) != 0) ok = interp_throw(I, "java.io.IOException", "cannot rename %s: %s", tmp.s, strerror(errno));
        if (!ok) unlink(tmp.s);
    }
    q.len = 0;
    sb_printf(&q, "DROP TABLE IF EXISTS %s", table);
    duckdb_result res;
    D->duckdb_query(duck_con, q.s, &res);
    D->duckdb_destroy_result(&res);
    sb_reset(&q);
    sb_reset(&tmp);
    sb_reset(&final);
    return ok;
}

/* ---- reading ---- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The files a path stands for, as SQL list items appended to b: the path itself, or the data
 * files of a folder (not _SUCCESS, nor names starting with _ or .), in name order. */
static bool add_path_files(Interp *I, const char *path, StrBuf *b, int *count) {
    char *lp = df_local_path(I, path);
    if (!lp) return false;
    struct stat sb;
    if (stat(lp, &sb) != 0) {
        df_analysis(I, "[PATH_NOT_FOUND] Path does not exist: file:%s.", lp);
        free(lp);
        return false;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (*count) sb_puts(b, ", ");
        sql_string(b, lp, strlen(lp));
        ++*count;
        free(lp);
        return true;
    }
    DIR *d = opendir(lp);
    if (!d) {
        interp_throw(I, "java.io.IOException", "cannot list %s: %s", lp, strerror(errno));
        free(lp);
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '_' || e->d_name[0] == '.') continue;
        StrBuf full = {0};
        sb_printf(&full, "%s/%s", lp, e->d_name);
        struct stat fs;
        if (stat(full.s, &fs) != 0 || !S_ISREG(fs.st_mode)) { sb_reset(&full); continue; }
        if (n == cap) { cap = cap ? cap * 2 : 16; names = realloc(names, cap * sizeof *names); if (!names) abort(); }
        names[n++] = sb_take(&full);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (*count) sb_puts(b, ", ");
        sql_string(b, names[i], strlen(names[i]));
        ++*count;
        free(names[i]);
    }
    free(names);
    free(lp);
    return true;
}

typedef struct {
    const DuckApi *D;
    duckdb_result res;
    duckdb_data_chunk chunk;
    idx_t row, size;
    bool failed;
} ParquetRows;

/* The next row (one JSON object per row, from to_json) bound into ins. */
static bool parquet_next(void *ud, sqlite3_stmt *ins, const DataType *schema) {
    ParquetRows *p = ud;
    const DuckApi *D = p->D;
    while (!p->chunk || p->row == p->size) {
        if (p->chunk) D->duckdb_destroy_data_chunk(&p->chunk);
        p->chunk = D->duckdb_fetch_chunk(p->res);
        if (!p->chunk) return false;
        p->row = 0;
        p->size = D->duckdb_data_chunk_get_size(p->chunk);
    }
    duckdb_vector v = D->duckdb_data_chunk_get_vector(p->chunk, 0);
    duckdb_string_t *s = (duckdb_string_t *)D->duckdb_vector_get_data(v) + p->row++;
    json_t *row = json_loadb(D->duckdb_string_t_data(s), D->duckdb_string_t_length(*s), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (!row) p->failed = true;
    df_bind_json_row(ins, schema, row);
    json_decref(row);
    return true;
}

bool df_read_parquet(Interp *I, DfState *st, const char *const *paths, int npaths, Value *out) {
    StrBuf files = {0};
    int count = 0;
    for (int i = 0; i < npaths; i++)
        if (!add_path_files(I, paths[i], &files, &count)) { sb_reset(&files); return false; }
    if (!count) {
        sb_reset(&files);
        return df_analysis(I, "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for Parquet. It must be specified manually.");
    }
    const DuckApi *D = parquet_duck(I);
    if (!D) { sb_reset(&files); return false; }
    StrBuf q = {0};
    sb_printf(&q, "SELECT * FROM read_parquet([%s], union_by_name = true) LIMIT 0", files.s);
    duckdb_result res;
    if (D->duckdb_query(duck_con, q.s, &res) != DuckDBSuccess) {
        interp_throw(I, "org.apache.spark.SparkException", "cannot read Parquet: %s", D->duckdb_result_error(&res));
        D->duckdb_destroy_result(&res);
        sb_reset(&q);
        sb_reset(&files);
        return false;
    }
    int nc = (int)D->duckdb_column_count(&res);
    DataType *schema = dt_struct_new(nc);
    q.len = 0;
    sb_puts(&q, "SELECT to_json(t)::VARCHAR FROM (SELECT ");
    for (int i = 0; i < nc; i++) {
        duckdb_logical_type lt = D->duckdb_column_logical_type(&res, (idx_t)i);
        schema->fields[i].name = strdup(D->duckdb_column_name(&res, (idx_t)i));
        schema->fields[i].type = duck_type_to_spark(D, lt);
        schema->fields[i].nullable = true;
        if (i) sb_puts(&q, ", ");
        sql_ident(&q, schema->fields[i].name);
        if (D->duckdb_get_type_id(lt) != DUCKDB_TYPE_VARCHAR && schema->fields[i].type->kind == DT_STRING) {
            sb_puts(&q, "::VARCHAR AS ");
            sql_ident(&q, schema->fields[i].name);
        }
        D->duckdb_destroy_logical_type(&lt);
    }
    D->duckdb_destroy_result(&res);
    sb_printf(&q, " FROM read_parquet([%s], union_by_name = true)) t", files.s);
    sb_reset(&files);
    ParquetRows p = {.D = D};
    bool ok;
    if (D->duckdb_query(duck_con, q.s, &p.res) != DuckDBSuccess) {
        ok = interp_throw(I, "org.apache.spark.SparkException", "cannot read Parquet: %s", D->duckdb_result_error(&p.res));
        dt_unref(schema);
    } else {
        ok = df_from_row_source(I, st, schema, parquet_next, &p, out);
        if (ok && p.failed) {
            val_decref(*out);
            ok = interp_throw(I, "org.apache.spark.SparkException", "cannot read Parquet: a row DuckDB gave is not valid JSON");
        }
    }
    if (p.chunk) D->duckdb_destroy_data_chunk(&p.chunk);
    D->duckdb_destroy_result(&p.res);
    sb_reset(&q);
    return ok;
}
