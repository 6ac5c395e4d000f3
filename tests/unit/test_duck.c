/* test_duck.c — the DuckDB loader (spark/sql/duck.c): the library loads on first use, a table with
 * a STRUCT and a LIST column goes through the appender to Parquet and back with its values and
 * types; a missing library or a library without DuckDB's functions gives the message that says
 * what to do; DUCKDB_LIB is obeyed; concurrent first uses share one load.  The environment cases
 * run in a fresh copy of this binary (duck_api() loads once per process): a constructor below
 * answers for it when DUCK_UNIT_PROBE is set, before any test runs. */
#include "unit.h"

#include "spark/sql/duck.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the probe: this binary started again with DUCK_UNIT_PROBE set ---- */

static void *probe_thread(void *arg) {
    *(const DuckApi **)arg = duck_api();
    return NULL;
}

/* Calls duck_api() from four threads at once, prints "ok <version> <path>" or "missing <error>". */
__attribute__((constructor)) static void duck_probe(void) {
    if (!getenv("DUCK_UNIT_PROBE")) return;
    pthread_t t[4];
    const DuckApi *got[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, probe_thread, &got[i]);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    int same = got[0] == got[1] && got[1] == got[2] && got[2] == got[3];
    if (!same) printf("different tables from concurrent first calls\n");
    else if (!got[0]) printf("missing %s\n", duck_error());
    else {
        Dl_info info;
        const char *path = dladdr(*(void **)&got[0]->duckdb_open, &info) && info.dli_fname ? info.dli_fname : "?";
        printf("ok %s %s\n", got[0]->duckdb_library_version(), path);
    }
    fflush(stdout);
    _exit(0);
}

/* Runs this binary with DUCK_UNIT_PROBE=1 and DUCKDB_LIB=lib; its output into out. */
static void run_probe(const char *lib, char *out, size_t outlen) {
    int fd[2];
    out[0] = '\0';
    if (pipe(fd) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        setenv("DUCK_UNIT_PROBE", "1", 1);
        setenv("DUCKDB_LIB", lib, 1);
        execl("/proc/self/exe", "unit-tests", "no test matches this", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t used = 0;
    ssize_t n;
    while (used + 1 < outlen && (n = read(fd[0], out + used, outlen - 1 - used)) > 0) used += (size_t)n;
    out[used] = '\0';
    close(fd[0]);
    int status;
    waitpid(pid, &status, 0);
}

/* ---- helpers over the loaded API ---- */

static const DuckApi *D;

static int exec_sql(duckdb_connection con, const char *sql) {
    duckdb_result res;
    int ok = D->duckdb_query(con, sql, &res) == DuckDBSuccess;
    if (!ok) fprintf(stderr, "  duckdb: %s\n  in: %s\n", D->duckdb_result_error(&res), sql);
    D->duckdb_destroy_result(&res);
    return ok;
}

/* A string vector element as a NUL-terminated copy in buf. */
static const char *str_at(duckdb_vector v, idx_t row, char *buf, size_t len) {
    duckdb_string_t *s = (duckdb_string_t *)D->duckdb_vector_get_data(v) + row;
    uint32_t n = D->duckdb_string_t_length(*s);
    snprintf(buf, len, "%.*s", (int)n, D->duckdb_string_t_data(s));
    return buf;
}

static int valid(duckdb_vector v, idx_t row) {
    return D->duckdb_validity_row_is_valid(D->duckdb_vector_get_validity(v), row);
}

/* The rows: (1, {ann, 10}, [a, b]), (2, {bob, NULL}, []), (3, NULL, NULL),
 * (4, {a name longer than twelve bytes, 5000000000}, [x, NULL, a tag longer than twelve bytes]) */
static void append_rows(duckdb_connection con) {
    duckdb_appender app;
    CHECK(D->duckdb_appender_create(con, NULL, "tweets", &app) == DuckDBSuccess);
    duckdb_logical_type varchar = D->duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    duckdb_logical_type bigint = D->duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    duckdb_logical_type members[] = {varchar, bigint};
    const char *names[] = {"name", "followers"};
    duckdb_logical_type author = D->duckdb_create_struct_type(members, names, 2);

    struct { const char *name; int64_t followers; int null_followers; const char *tags[3]; int ntags; } rows[] = {
        {"ann", 10, 0, {"a", "b"}, 2},
        {"bob", 0, 1, {0}, 0},
        {NULL, 0, 0, {0}, -1},
        {"a name longer than twelve bytes", 5000000000LL, 0, {"x", NULL, "a tag longer than twelve bytes"}, 3},
    };
    for (int r = 0; r < 4; r++) {
        CHECK(D->duckdb_appender_begin_row(app) == DuckDBSuccess);
        CHECK(D->duckdb_append_int32(app, r + 1) == DuckDBSuccess);
        if (!rows[r].name) {
            CHECK(D->duckdb_append_null(app) == DuckDBSuccess);
            CHECK(D->duckdb_append_null(app) == DuckDBSuccess);
        } else {
            duckdb_value fields[2] = {
                D->duckdb_create_varchar(rows[r].name),
                rows[r].null_followers ? D->duckdb_create_null_value() : D->duckdb_create_int64(rows[r].followers)};
            duckdb_value s = D->duckdb_create_struct_value(author, fields);
            CHECK(D->duckdb_append_value(app, s) == DuckDBSuccess);
            D->duckdb_destroy_value(&s);
            for (int i = 0; i < 2; i++) D->duckdb_destroy_value(&fields[i]);
            duckdb_value tags[3];
            for (int i = 0; i < rows[r].ntags; i++)
                tags[i] = rows[r].tags[i] ? D->duckdb_create_varchar(rows[r].tags[i]) : D->duckdb_create_null_value();
            duckdb_value list = D->duckdb_create_list_value(varchar, tags, (idx_t)rows[r].ntags);
            CHECK(D->duckdb_append_value(app, list) == DuckDBSuccess);
            D->duckdb_destroy_value(&list);
            for (int i = 0; i < rows[r].ntags; i++) D->duckdb_destroy_value(&tags[i]);
        }
        CHECK(D->duckdb_appender_end_row(app) == DuckDBSuccess);
    }
    if (D->duckdb_appender_close(app) != DuckDBSuccess) {
        duckdb_error_data e = D->duckdb_appender_error_data(app);
        unit_fail(__FILE__, __LINE__, "appender: %s", D->duckdb_error_data_message(e));
        D->duckdb_destroy_error_data(&e);
    }
    D->duckdb_appender_destroy(&app);
    D->duckdb_destroy_logical_type(&author);
    D->duckdb_destroy_logical_type(&bigint);
    D->duckdb_destroy_logical_type(&varchar);
}

/* The Parquet file's schema as DuckDB reads it: STRUCT(name VARCHAR, followers BIGINT), VARCHAR[] */
static void check_types(duckdb_result *res) {
    CHECK_EQ_INT(D->duckdb_column_count(res), 3);
    CHECK_STR(D->duckdb_column_name(res, 1), "author");
    duckdb_logical_type t = D->duckdb_column_logical_type(res, 1);
    CHECK_EQ_INT(D->duckdb_get_type_id(t), DUCKDB_TYPE_STRUCT);
    CHECK_EQ_INT(D->duckdb_struct_type_child_count(t), 2);
    char *name = D->duckdb_struct_type_child_name(t, 1);
    CHECK_STR(name, "followers");
    D->duckdb_free(name);
    duckdb_logical_type child = D->duckdb_struct_type_child_type(t, 1);
    CHECK_EQ_INT(D->duckdb_get_type_id(child), DUCKDB_TYPE_BIGINT);
    D->duckdb_destroy_logical_type(&child);
    D->duckdb_destroy_logical_type(&t);
    t = D->duckdb_column_logical_type(res, 2);
    CHECK_EQ_INT(D->duckdb_get_type_id(t), DUCKDB_TYPE_LIST);
    child = D->duckdb_list_type_child_type(t);
    CHECK_EQ_INT(D->duckdb_get_type_id(child), DUCKDB_TYPE_VARCHAR);
    D->duckdb_destroy_logical_type(&child);
    D->duckdb_destroy_logical_type(&t);
}

/* The rows read back from Parquet, through the struct and list vectors. */
static void check_rows(duckdb_result *res) {
    duckdb_data_chunk chunk = D->duckdb_fetch_chunk(*res);
    CHECK(chunk != NULL);
    if (!chunk) return;
    CHECK_EQ_INT(D->duckdb_data_chunk_get_size(chunk), 4);
    duckdb_vector id = D->duckdb_data_chunk_get_vector(chunk, 0);
    duckdb_vector author = D->duckdb_data_chunk_get_vector(chunk, 1);
    duckdb_vector tags = D->duckdb_data_chunk_get_vector(chunk, 2);
    duckdb_vector name = D->duckdb_struct_vector_get_child(author, 0);
    duckdb_vector followers = D->duckdb_struct_vector_get_child(author, 1);
    duckdb_vector tag = D->duckdb_list_vector_get_child(tags);
    int32_t *ids = D->duckdb_vector_get_data(id);
    int64_t *fol = D->duckdb_vector_get_data(followers);
    duckdb_list_entry *lists = D->duckdb_vector_get_data(tags);
    char buf[64];
    for (int r = 0; r < 4; r++) CHECK_EQ_INT(ids[r], r + 1);

    CHECK_STR(str_at(name, 0, buf, sizeof buf), "ann");
    CHECK_EQ_INT(fol[0], 10);
    CHECK_EQ_INT(lists[0].length, 2);
    CHECK_STR(str_at(tag, lists[0].offset, buf, sizeof buf), "a");
    CHECK_STR(str_at(tag, lists[0].offset + 1, buf, sizeof buf), "b");

    CHECK(valid(author, 1) && valid(tags, 1));
    CHECK_STR(str_at(name, 1, buf, sizeof buf), "bob");
    CHECK(!valid(followers, 1));
    CHECK_EQ_INT(lists[1].length, 0);

    CHECK(!valid(author, 2));
    CHECK(!valid(tags, 2));

    CHECK_STR(str_at(name, 3, buf, sizeof buf), "a name longer than twelve bytes");
    CHECK_EQ_INT(fol[3], 5000000000LL);
    CHECK_EQ_INT(lists[3].length, 3);
    CHECK_STR(str_at(tag, lists[3].offset, buf, sizeof buf), "x");
    CHECK(!valid(tag, lists[3].offset + 1));
    CHECK_STR(str_at(tag, lists[3].offset + 2, buf, sizeof buf), "a tag longer than twelve bytes");
    CHECK_EQ_INT(D->duckdb_list_vector_get_size(tags), 5);
    D->duckdb_destroy_data_chunk(&chunk);
    chunk = D->duckdb_fetch_chunk(*res);
    CHECK(chunk == NULL);
}

/* A prepared statement over the Parquet file: how many authors have more than ? followers. */
static void check_prepared(duckdb_connection con, const char *path) {
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*), list(author.name ORDER BY id)::VARCHAR FROM read_parquet('%s') "
             "WHERE author.followers > $1", path);
    duckdb_prepared_statement st;
    CHECK(D->duckdb_prepare(con, sql, &st) == DuckDBSuccess);
    CHECK_EQ_INT(D->duckdb_nparams(st), 1);
    CHECK(D->duckdb_bind_int64(st, 1, 5) == DuckDBSuccess);
    duckdb_result res;
    CHECK(D->duckdb_execute_prepared(st, &res) == DuckDBSuccess);
    duckdb_data_chunk chunk = D->duckdb_fetch_chunk(res);
    CHECK(chunk != NULL);
    if (chunk) {
        char buf[128];
        CHECK_EQ_INT(((int64_t *)D->duckdb_vector_get_data(D->duckdb_data_chunk_get_vector(chunk, 0)))[0], 2);
        CHECK_STR(str_at(D->duckdb_data_chunk_get_vector(chunk, 1), 0, buf, sizeof buf),
                  "[ann, a name longer than twelve bytes]");
        D->duckdb_destroy_data_chunk(&chunk);
    }
    D->duckdb_destroy_result(&res);
    D->duckdb_destroy_prepare(&st);
}

TEST(test_duck_struct_and_list_through_parquet) {
    D = duck_api();
    if (!D) { unit_fail(__FILE__, __LINE__, "DuckDB did not load: %s", duck_error()); return; }
    CHECK(duck_api() == D);
    CHECK_STR(duck_error(), "");
    CHECK(strncmp(D->duckdb_library_version(), "v1.", 3) == 0);

    char dir[] = "/tmp/duck-unit-XXXXXX", path[128], sql[512];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/x.parquet", dir);
    duckdb_database db;
    duckdb_connection con;
    CHECK(D->duckdb_open(NULL, &db) == DuckDBSuccess);
    CHECK(D->duckdb_connect(db, &con) == DuckDBSuccess);
    CHECK(exec_sql(con, "CREATE TABLE tweets(id INTEGER, author STRUCT(name VARCHAR, followers BIGINT), "
                        "tags VARCHAR[])"));
    append_rows(con);
    snprintf(sql, sizeof sql, "COPY tweets TO '%s' (FORMAT PARQUET)", path);
    CHECK(exec_sql(con, sql));
    CHECK(exec_sql(con, "DROP TABLE tweets"));

    duckdb_result res;
    snprintf(sql, sizeof sql, "SELECT id, author, tags FROM read_parquet('%s') ORDER BY id", path);
    CHECK(D->duckdb_query(con, sql, &res) == DuckDBSuccess);
    check_types(&res);
    check_rows(&res);
    D->duckdb_destroy_result(&res);
    check_prepared(con, path);

    D->duckdb_disconnect(&con);
    D->duckdb_close(&db);
    unlink(path);
    rmdir(dir);
}

TEST(test_duck_missing_library_says_where_and_what_to_do) {
    DuckApi api;
    char err[2048];
    /* as with DUCKDB_LIB set: only there */
    DuckSearch env = {"/nonexistent/dir/libduckdb.so", "/also/not/here/libduckdb.so", "libduckdb.so"};
    CHECK_EQ_INT(duck_load(&api, &env, err, sizeof err), -1);
    CHECK(strstr(err, "DuckDB is not available: DUCKDB_LIB=/nonexistent/dir/libduckdb.so could not be loaded "
                      "(/nonexistent/dir/libduckdb.so: cannot open shared object file: No such file or directory).")
          == err);
    CHECK(strstr(err, "/also/not/here") == NULL);
    CHECK(strstr(err, "). Set DUCKDB_LIB to the path of a libduckdb.so (DuckDB 1.5.6 or a newer 1.x), or unset "
                      "it to use the one `make deps` fetches") != NULL);
    /* the default search: the path the build recorded, then the system's library path */
    DuckSearch dflt = {NULL, "/nonexistent/build/lib/libduckdb.so", "libduckdb-not-installed.so"};
    CHECK_EQ_INT(duck_load(&api, &dflt, err, sizeof err), -1);
    CHECK(strstr(err, "DuckDB is not available: libduckdb.so was not found. Looked for it at "
                      "/nonexistent/build/lib/libduckdb.so (/nonexistent/build/lib/libduckdb.so: cannot open shared "
                      "object file: No such file or directory); as libduckdb-not-installed.so on the system's "
                      "library path (libduckdb-not-installed.so: cannot open shared object file: No such file or "
                      "directory). Run `make deps`") == err);
    if (!strstr(err, "Looked for it at")) fprintf(stderr, "  message: %s\n", err);
    /* a library that loads but is not DuckDB: the first function it lacks is named */
    DuckSearch libm = {"libm.so.6", NULL, NULL};
    CHECK_EQ_INT(duck_load(&api, &libm, err, sizeof err), -1);
    CHECK(strstr(err, "DuckDB is not usable: libm.so.6 has no function duckdb_library_version (the kernel was "
                      "built against DuckDB 1.5.6's C API). Run `make deps`") == err);
}

TEST(test_duck_api_obeys_DUCKDB_LIB) {
    char out[4096];
    run_probe("/nonexistent/dir/libduckdb.so", out, sizeof out);
    const char *want = "missing DuckDB is not available: DUCKDB_LIB=/nonexistent/dir/libduckdb.so could not be "
                       "loaded (/nonexistent/dir/libduckdb.so: cannot open shared object file";
    if (strncmp(out, want, strlen(want)) != 0)
        unit_fail(__FILE__, __LINE__, "the probe said [%s], expected it to begin [%s]", out, want);

    /* the library this process loaded, named through DUCKDB_LIB, loads in the fresh process */
    const DuckApi *api = duck_api();
    Dl_info info;
    CHECK(api && dladdr(*(void **)&api->duckdb_open, &info) && info.dli_fname);
    if (!api || !info.dli_fname) return;
    char lib[1024], expect[1200];
    snprintf(lib, sizeof lib, "%s", info.dli_fname);
    run_probe(lib, out, sizeof out);
    snprintf(expect, sizeof expect, "ok %s %s\n", api->duckdb_library_version(), lib);
    CHECK_STR(out, expect);
}
