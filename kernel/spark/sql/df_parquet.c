/* df_parquet.c — Parquet: df.write.parquet COPYs the DataFrame's query, each column cast to the
 * DuckDB type of its Spark type (duck_types.c), to one snappy part file named as Spark names it;
 * spark.read.parquet reads part files (a folder as Spark writes it, or files) with read_parquet
 * into a table whose columns have Spark's types (sql_materialise).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lang/progress.h"
#include "spark/sql/df_internal.h"
#include "spark/sql/duck_types.h"
#include "spark/sql/json.h"
#include "util/uuid.h"

/* ---- writing ---- */

bool df_write_parquet(Interp *I, DataFrame *df, const char *dir) {
    if (!df->schema->nfields)
        return df_analysis(I, "[EMPTY_SCHEMA_NOT_SUPPORTED_FOR_DATASOURCE] The Parquet datasource does not support writing empty or nested empty schemas. Please make sure the data schema has at least one or more column(s).");
    char uuid[37];
    uuid4(uuid);
    StrBuf q = {0}, tmp = {0}, final = {0};
    sb_printf(&tmp, "%s/.part-00000-%s-c000.snappy.parquet.tmp", dir, uuid);
    sb_printf(&final, "%s/part-00000-%s-c000.snappy.parquet", dir, uuid);
    /* each column as the DuckDB type of its Spark type, so the file's schema is Spark's */
    sb_puts(&q, "COPY (SELECT ");
    for (int i = 0; i < df->schema->nfields; i++) {
        if (i) sb_puts(&q, ", ");
        sb_puts(&q, "CAST(");
        sql_ident(&q, df->schema->fields[i].name);
        sb_puts(&q, " AS ");
        duck_type_sql(&q, df->schema->fields[i].type);
        sb_puts(&q, ") AS ");
        sql_ident(&q, df->schema->fields[i].name);
    }
    sb_printf(&q, " FROM (%s)) TO ", df->sql);
    sql_string(&q, tmp.s, strlen(tmp.s));
    sb_puts(&q, " (FORMAT PARQUET, COMPRESSION SNAPPY)");
    char *err = NULL;
    StrBuf what = {0};
    sb_printf(&what, "Writing parquet to %s", dir);
    Progress *pg = progress_begin(I, what.s, "rows");
    sb_reset(&what);
    int64_t rows = 0;
    bool ok = sql_run_progress(df->st, q.s, pg, &rows, &err);
    progress_end(pg, rows);
    if (!ok && err && !strcmp(err, "interrupted")) sql_raise(I, err, NULL);
    else if (!ok) interp_throw(I, "java.io.IOException", "writing Parquet failed: %s", err ? err : "?");
    free(err);
    if (ok && rename(tmp.s, final.s) != 0) ok = interp_throw(I, "java.io.IOException", "cannot rename %s: %s", tmp.s, strerror(errno));
    if (!ok) unlink(tmp.s);
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

bool df_read_parquet(Interp *I, DfState *st, const char *const *paths, int npaths, Value *out) {
    StrBuf files = {0};
    int count = 0;
    for (int i = 0; i < npaths; i++)
        if (!add_path_files(I, paths[i], &files, &count)) { sb_reset(&files); return false; }
    if (!count) {
        sb_reset(&files);
        return df_analysis(I, "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for Parquet. It must be specified manually.");
    }
    StrBuf q = {0};
    sb_printf(&q, "SELECT * FROM read_parquet([%s], union_by_name = true)", files.s);
    sb_reset(&files);
    char *err = NULL;
    bool ok = sql_materialise(st, q.s, true, out, &err);
    if (!ok) interp_throw(I, "org.apache.spark.SparkException", "cannot read Parquet: %s", err ? err : "?");
    free(err);
    sb_reset(&q);
    return ok;
}
