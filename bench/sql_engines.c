/* sql_engines.c — the engine behind bench/sql_engines.py: the same rows (lang from 30 values, n an
 * int) loaded into SQLite (in memory, one transaction of prepared inserts, as the kernel's SQL
 * layer uses it today) and into DuckDB (in memory, through the appender, loaded by
 * kernel/spark/sql/duck.c), then `select lang, count(*), avg(n) from t group by lang` timed in
 * each (best of --runs).  Prints one JSON object; the Python script makes the table.
 * Usage: bench-sql-engines [rows] [runs] */
#include "spark/sql/duck.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NLANG 30
static const char *langs[NLANG] = {"en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "fi",
                                   "no", "pl", "cs", "sk", "hu", "ro", "bg", "el", "tr", "ru",
                                   "uk", "ar", "he", "hi", "ja", "ko", "zh", "th", "vi", "id"};

typedef struct { long long count; double avg; } Group;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = strtol(line + 6, NULL, 10);
    if (f) fclose(f);
    return kb;
}

/* row i: a language (skewed: the first ones are more frequent, as in tweets) and a number */
static int row_lang(uint64_t *seed) {
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    unsigned r = (unsigned)(*seed >> 33) % 1000;
    return r < 400 ? (int)(r % 3) : (int)(3 + r % (NLANG - 3));
}
static int64_t row_n(uint64_t *seed) {
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int64_t)((*seed >> 33) % 10000);
}

static int lang_index(const char *s, size_t len) {
    for (int i = 0; i < NLANG; i++)
        if (strlen(langs[i]) == len && memcmp(langs[i], s, len) == 0) return i;
    return -1;
}

static const char QUERY[] = "select lang, count(*), avg(n) from t group by lang";

/* ---- SQLite ---- */

static double sqlite_load(sqlite3 *db, long rows) {
    double t0 = now();
    sqlite3_exec(db, "create table t(lang text, n integer); begin", NULL, NULL, NULL);
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "insert into t values (?, ?)", -1, &ins, NULL);
    uint64_t seed = 42;
    for (long i = 0; i < rows; i++) {
        sqlite3_bind_text(ins, 1, langs[row_lang(&seed)], -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, row_n(&seed));
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "commit", NULL, NULL, NULL);
    return now() - t0;
}

static double sqlite_query(sqlite3 *db, Group *g) {
    double t0 = now();
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, QUERY, -1, &s, NULL) != SQLITE_OK) return -1;
    while (sqlite3_step(s) == SQLITE_ROW) {
        int i = lang_index((const char *)sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0));
        if (i >= 0) { g[i].count = sqlite3_column_int64(s, 1); g[i].avg = sqlite3_column_double(s, 2); }
    }
    sqlite3_finalize(s);
    return now() - t0;
}

/* ---- DuckDB ---- */

static const DuckApi *D;

static double duck_load_rows(duckdb_connection con, long rows) {
    double t0 = now();
    duckdb_result r;
    D->duckdb_query(con, "create table t(lang varchar, n bigint)", &r);
    D->duckdb_destroy_result(&r);
    duckdb_appender app;
    D->duckdb_appender_create(con, NULL, "t", &app);
    uint64_t seed = 42;
    for (long i = 0; i < rows; i++) {
        D->duckdb_appender_begin_row(app);
        D->duckdb_append_varchar(app, langs[row_lang(&seed)]);
        D->duckdb_append_int64(app, row_n(&seed));
        D->duckdb_appender_end_row(app);
    }
    D->duckdb_appender_destroy(&app);   /* flushes and closes */
    return now() - t0;
}

static double duck_query(duckdb_connection con, Group *g) {
    double t0 = now();
    duckdb_result r;
    if (D->duckdb_query(con, QUERY, &r) != DuckDBSuccess) {
        fprintf(stderr, "duckdb: %s\n", D->duckdb_result_error(&r));
        D->duckdb_destroy_result(&r);
        return -1;
    }
    duckdb_data_chunk c;
    while ((c = D->duckdb_fetch_chunk(r))) {
        idx_t n = D->duckdb_data_chunk_get_size(c);
        duckdb_string_t *lang = D->duckdb_vector_get_data(D->duckdb_data_chunk_get_vector(c, 0));
        int64_t *cnt = D->duckdb_vector_get_data(D->duckdb_data_chunk_get_vector(c, 1));
        double *avg = D->duckdb_vector_get_data(D->duckdb_data_chunk_get_vector(c, 2));
        for (idx_t k = 0; k < n; k++) {
            int i = lang_index(D->duckdb_string_t_data(&lang[k]), D->duckdb_string_t_length(lang[k]));
            if (i >= 0) { g[i].count = cnt[k]; g[i].avg = avg[k]; }
        }
        D->duckdb_destroy_data_chunk(&c);
    }
    D->duckdb_destroy_result(&r);
    return now() - t0;
}

static double best_of(int runs, double (*q)(void *, Group *), void *h, Group *g) {
    double best = -1;
    for (int i = 0; i < runs; i++) {
        double t = q(h, g);
        if (t >= 0 && (best < 0 || t < best)) best = t;
    }
    return best;
}
static double sq(void *h, Group *g) { return sqlite_query(h, g); }
static double dq(void *h, Group *g) { return duck_query(*(duckdb_connection *)h, g); }

static int same(const Group *a, const Group *b) {
    for (int i = 0; i < NLANG; i++)
        if (a[i].count != b[i].count || fabs(a[i].avg - b[i].avg) > 1e-9 * fabs(a[i].avg)) return 0;
    return 1;
}

int main(int argc, char **argv) {
    long rows = argc > 1 ? atol(argv[1]) : 1000000;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    Group gs[NLANG] = {{0}}, gd[NLANG] = {{0}}, gd1[NLANG] = {{0}};

    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    double sl_load = sqlite_load(db, rows);
    double sl_query = best_of(runs, sq, db, gs);
    sqlite3_close(db);

    long rss0 = rss_kb();
    double t0 = now();
    D = duck_api();
    double dlopen_s = now() - t0;
    if (!D) {
        printf("{\"error\": \"%s\"}\n", duck_error());
        return 1;
    }
    long rss1 = rss_kb();
    duckdb_database ddb;
    duckdb_connection con;
    t0 = now();
    D->duckdb_open(NULL, &ddb);
    D->duckdb_connect(ddb, &con);
    double open_s = now() - t0;
    long rss2 = rss_kb();
    double dk_load = duck_load_rows(con, rows);
    double dk_query = best_of(runs, dq, &con, gd);
    duckdb_result r;
    D->duckdb_query(con, "set threads = 1", &r);
    D->duckdb_destroy_result(&r);
    double dk_query1 = best_of(runs, dq, &con, gd1);
    D->duckdb_disconnect(&con);
    D->duckdb_close(&ddb);

    long total = 0;
    for (int i = 0; i < NLANG; i++) total += gs[i].count;
    printf("{\"rows\": %ld, \"runs\": %d, \"duckdb_version\": \"%s\", \"sqlite_version\": \"%s\",\n"
           " \"sqlite_load_s\": %.6f, \"sqlite_query_s\": %.6f,\n"
           " \"duckdb_dlopen_s\": %.6f, \"duckdb_open_s\": %.6f, \"rss_before_kb\": %ld, \"rss_dlopen_kb\": %ld,"
           " \"rss_open_kb\": %ld,\n"
           " \"duckdb_load_s\": %.6f, \"duckdb_query_s\": %.6f, \"duckdb_query_1thread_s\": %.6f,\n"
           " \"groups_total\": %ld, \"results_agree\": %s}\n",
           rows, runs, D->duckdb_library_version(), sqlite3_libversion(), sl_load, sl_query, dlopen_s, open_s,
           rss0, rss1, rss2, dk_load, dk_query, dk_query1, total,
           same(gs, gd) && same(gs, gd1) && total == rows ? "true" : "false");
    return 0;
}
