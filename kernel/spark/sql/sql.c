/* sql.c — the SQLite side of DataFrames: the in-memory database (one per interpreter, opened
 * in serialized mode and used with the interpreter lock held), the tables DataFrames are
 * materialised into, temp views (replaced atomically inside a savepoint, so a cell never sees
 * half of a streaming batch), spark.sql (SQLite's dialect, with Spark's `struct.field` syntax
 * rewritten into json_extract, result types taken from the views' Spark schemas), Spark's
 * exceptions for SQLite's errors, and the %%sql magic with its SVG charts.
 */
#include "spark/sql/sql.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/dataframe.h"

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

static int progress(void *ud) { return interp_interrupted((Interp *)ud) ? 1 : 0; }

/* Spark SQL functions SQLite lacks. */
static void fn_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    StrBuf b = {0};
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) { sb_reset(&b); sqlite3_result_null(ctx); return; }
        const unsigned char *t = sqlite3_value_text(argv[i]);
        if (t) sb_add(&b, (const char *)t, (size_t)sqlite3_value_bytes(argv[i]));
    }
    char *s = sb_take(&b);
    sqlite3_result_text(ctx, s, -1, free);
}
static void fn_concat_ws(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) { sqlite3_result_null(ctx); return; }
    const char *sep = (const char *)sqlite3_value_text(argv[0]);
    StrBuf b = {0};
    bool first = true;
    for (int i = 1; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) continue;
        if (!first) sb_puts(&b, sep ? sep : "");
        first = false;
        const unsigned char *t = sqlite3_value_text(argv[i]);
        if (t) sb_add(&b, (const char *)t, (size_t)sqlite3_value_bytes(argv[i]));
    }
    char *s = sb_take(&b);
    sqlite3_result_text(ctx, s, -1, free);
}

DfState *dfstate_new(Interp *I) {
    DfState *st = calloc(1, sizeof *st);
    if (!st) abort();
    st->rc = 1;
    st->I = I;
    st->spark = v_unit();
    int rc = sqlite3_open_v2(":memory:", &st->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_FULLMUTEX, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "dstream-kernel: cannot open the in-memory SQLite database: %s\n", sqlite3_errstr(rc));
        sqlite3_close(st->db);
        st->db = NULL;
    } else {
        sqlite3_exec(st->db, "PRAGMA case_sensitive_like = ON; ATTACH DATABASE ':memory:' AS global_temp;", NULL, NULL, NULL);
        sqlite3_progress_handler(st->db, 10000, progress, I);
        sqlite3_create_function(st->db, "concat", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_concat, NULL, NULL);
        sqlite3_create_function(st->db, "concat_ws", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_concat_ws, NULL, NULL);
    }
    pthread_mutex_lock(&registry_lock);
    for (int i = 0; i < 16; i++) if (!registry[i]) { registry[i] = st; break; }
    pthread_mutex_unlock(&registry_lock);
    return st;
}

DfState *dfstate_ref(DfState *st) { st->rc++; return st; }

void dfstate_close(DfState *st) {
    if (!st || st->closed) return;
    st->closed = true;
    pthread_mutex_lock(&registry_lock);
    for (int i = 0; i < 16; i++) if (registry[i] == st) registry[i] = NULL;
    pthread_mutex_unlock(&registry_lock);
    if (st->db) sqlite3_close_v2(st->db);
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

bool sql_exec(DfState *st, const char *sql, char **err) {
    if (!st->db) { *err = strdup("the SQLite database is closed"); return false; }
    char *e = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &e) != SQLITE_OK) {
        *err = strdup(e ? e : sqlite3_errmsg(st->db));
        sqlite3_free(e);
        return false;
    }
    return true;
}

void sql_error_text(const char *msg, const char *q, char **ename, char **evalue) {
    const char *an = "org.apache.spark.sql.AnalysisException";
    StrBuf b = {0};
    const char *what;
    if (!strcmp(msg, "interrupted")) {
        *ename = strdup("Interrupted");
        *evalue = strdup("the query was interrupted");
        return;
    }
    if ((what = strstr(msg, "no such table: "))) {
        const char *name = what + 15;
        const char *dot = strchr(name, '.');
        if (dot && !strncmp(name, "main.", 5)) name = dot + 1;
        sb_printf(&b, "Table or view not found: %s (SQLite: %s)", name, msg);
    } else if ((what = strstr(msg, "no such column: "))) {
        sb_printf(&b, "Column '%s' does not exist (SQLite: %s)", what + 16, msg);
    } else if ((what = strstr(msg, "no such function: "))) {
        sb_printf(&b, "Undefined function: '%s'. This function is neither a registered temporary function nor a "
                "permanent function registered in the database 'default'. (SQLite: %s)", what + 18, msg);
    } else if (strstr(msg, "syntax error") || strstr(msg, "incomplete input") || strstr(msg, "unrecognized token")) {
        an = "org.apache.spark.sql.catalyst.parser.ParseException";
        sb_printf(&b, "\n%s (SQLite's dialect)\n\n== SQL ==\n%s", msg, q ? q : "");
    } else {
        sb_printf(&b, "%s", msg);
    }
    *ename = strdup(an);
    *evalue = sb_take(&b);
}

bool sql_raise(Interp *I, const char *msg, const char *q) {
    char *en, *ev;
    sql_error_text(msg, q, &en, &ev);
    interp_throw(I, en, "%s", ev);
    free(en);
    free(ev);
    return false;
}

/* ---- tables ---- */

static const char *affinity(const DataType *t) {
    switch (t->kind) {
    case DT_LONG: case DT_INT: case DT_BOOL: return "INTEGER";
    case DT_DOUBLE: return "REAL";
    default: return "TEXT";
    }
}

DfTable *dftable_create(DfState *st, const DataType *schema, char **err) {
    DfTable *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->rc = 1;
    t->st = dfstate_ref(st);
    snprintf(t->name, sizeof t->name, "_df_%ld", ++st->next_id);
    StrBuf b = {0};
    sb_printf(&b, "CREATE TABLE \"%s\" (", t->name);
    for (int i = 0; i < schema->nfields; i++) sb_printf(&b, "%s\"c%d\" %s", i ? ", " : "", i, affinity(schema->fields[i].type));
    if (!schema->nfields) sb_puts(&b, "\"c\"");
    sb_puts(&b, ")");
    bool ok = sql_exec(st, b.s, err);
    sb_reset(&b);
    if (!ok) { dfstate_unref(t->st); free(t); return NULL; }
    return t;
}

DfTable *dftable_ref(DfTable *t) { if (t) t->rc++; return t; }

void dftable_unref(DfTable *t) {
    if (!t || --t->rc > 0) return;
    if (!t->st->closed && t->st->db) {
        char sql[80];
        snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS \"%s\"", t->name);
        sqlite3_exec(t->st->db, sql, NULL, NULL, NULL);
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

static bool table_exists(DfState *st, const char *name, bool global) {
    StrBuf b = {0};
    sb_printf(&b, "SELECT 1 FROM %s.sqlite_master WHERE type IN ('table','view') AND name = ? COLLATE NOCASE",
            global ? "global_temp" : "main");
    sqlite3_stmt *s = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(st->db, b.s, -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
        found = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    sb_reset(&b);
    return found;
}

bool view_replace(DfState *st, DataFrame *df, const char *name, bool global, bool must_be_new, char **ename, char **err) {
    *ename = NULL;
    *err = NULL;
    if (!st->db) { *ename = strdup("java.lang.IllegalStateException"); *err = strdup("the SparkSession is stopped"); return false; }
    if (!name[0] || strchr(name, '.')) {
        *ename = strdup("org.apache.spark.sql.AnalysisException");
        *err = NULL;
        if (asprintf(err, "Invalid view name: '%s' (a view name is one identifier)", name) < 0) *err = NULL;
        return false;
    }
    if (must_be_new && table_exists(st, name, global)) {
        *ename = strdup("org.apache.spark.sql.catalyst.analysis.TempTableAlreadyExistsException");
        if (asprintf(err, "Temporary view '%s' already exists", name) < 0) *err = NULL;
        return false;
    }
    const char *db = global ? "global_temp" : "main";
    StrBuf b = {0};
    sb_puts(&b, "SAVEPOINT view_replace; ");
    sb_printf(&b, "DROP TABLE IF EXISTS %s.\"_view_new\"; CREATE TABLE %s.\"_view_new\" (", db, db);
    for (int i = 0; i < df->schema->nfields; i++) {
        if (i) sb_puts(&b, ", ");
        sql_ident(&b, df->schema->fields[i].name);
        sb_printf(&b, " %s", affinity(df->schema->fields[i].type));
    }
    if (!df->schema->nfields) sb_puts(&b, "\"_\"");
    sb_printf(&b, "); INSERT INTO %s.\"_view_new\" SELECT * FROM (%s); DROP TABLE IF EXISTS %s.", db, df->sql, db);
    sql_ident(&b, name);
    sb_printf(&b, "; ALTER TABLE %s.\"_view_new\" RENAME TO ", db);
    sql_ident(&b, name);
    sb_puts(&b, "; RELEASE view_replace;");
    char *e = NULL;
    bool ok = sql_exec(st, b.s, &e);
    sb_reset(&b);
    if (!ok) {
        sqlite3_exec(st->db, "ROLLBACK TO view_replace; RELEASE view_replace;", NULL, NULL, NULL);
        sql_error_text(e, NULL, ename, err);
        free(e);
        return false;
    }
    struct DfView *v = view_find(st, name, global);
    if (!v) {
        if (st->nviews == st->cviews) {
            st->cviews = st->cviews ? st->cviews * 2 : 8;
            st->views = realloc(st->views, (size_t)st->cviews * sizeof *st->views);
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
    bool existed = table_exists(st, name, global);
    if (existed) {
        StrBuf b = {0};
        sb_printf(&b, "DROP TABLE IF EXISTS %s.", global ? "global_temp" : "main");
        sql_ident(&b, name);
        char *e = NULL;
        if (!sql_exec(st, b.s, &e)) free(e);
        sb_reset(&b);
    }
    if (v) {
        free(v->name);
        dt_unref(v->schema);
        *v = st->views[--st->nviews];
    }
    return existed || v;
}

/* ---- rewriting Spark's struct.field into json_extract ---- */

typedef struct { const char *raw; size_t rawlen; char name[128]; } Part;

static bool ident_start(char c) { return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80; }
static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80; }

/* The struct type of a column named name in scope, or NULL. */
static const DataType *struct_col(DfState *st, const DataType *schema, const char *name) {
    if (schema) {
        int i = dt_field_index(schema, name);
        return i >= 0 && schema->fields[i].type->kind == DT_STRUCT ? schema->fields[i].type : NULL;
    }
    for (int v = 0; v < st->nviews; v++) {
        int i = dt_field_index(st->views[v].schema, name);
        if (i >= 0 && st->views[v].schema->fields[i].type->kind == DT_STRUCT) return st->views[v].schema->fields[i].type;
    }
    return NULL;
}

static void json_path_key(StrBuf *b, const char *k) {
    bool plain = ident_start(k[0]);
    for (const char *p = k; *p && plain; p++) plain = ident_char(*p);
    if (plain) { sb_printf(b, ".%s", k); return; }
    sb_puts(b, ".\"");
    for (const char *p = k; *p; p++) if (*p != '"' && *p != '\'') sb_putc(b, *p);
    sb_puts(b, "\"");
}

char *sql_rewrite(DfState *st, const char *q, const DataType *schema) {
    StrBuf b = {0};
    const char *p = q;
    while (*p) {
        if (*p == '\'') {                           /* string literal */
            const char *s = p++;
            while (*p && !(*p == '\'' && p[1] != '\'')) p += *p == '\'' ? 2 : 1;
            if (*p) p++;
            sb_add(&b, s, (size_t)(p - s));
            continue;
        }
        if (*p == '-' && p[1] == '-') {              /* comment */
            const char *s = p;
            while (*p && *p != '\n') p++;
            sb_add(&b, s, (size_t)(p - s));
            continue;
        }
        bool prev_ident = p > q && (ident_char(p[-1]) || p[-1] == '.');
        if (!prev_ident && (ident_start(*p) || *p == '"' || *p == '`')) {
            Part parts[8];
            int np = 0;
            const char *s = p;
            for (;;) {
                Part *pt = &parts[np < 8 ? np : 7];
                const char *t = p;
                size_t nl = 0;
                if (*p == '"' || *p == '`') {
                    char qc = *p++;
                    while (*p && *p != qc) { if (nl < sizeof pt->name - 1) pt->name[nl++] = *p; p++; }
                    if (*p) p++;
                } else {
                    while (ident_char(*p)) { if (nl < sizeof pt->name - 1) pt->name[nl++] = *p; p++; }
                }
                pt->name[nl] = 0;
                pt->raw = t;
                pt->rawlen = (size_t)(p - t);
                if (np < 8) np++;
                if (*p == '.' && (ident_start(p[1]) || p[1] == '"' || p[1] == '`')) { p++; continue; }
                break;
            }
            int k = -1;
            const DataType *stype = NULL;
            if (np >= 2 && (stype = struct_col(st, schema, parts[0].name))) k = 0;
            else if (np >= 3 && (stype = struct_col(st, schema, parts[1].name))) k = 1;
            if (k < 0 || *p == '(') { sb_add(&b, s, (size_t)(p - s)); continue; }
            sb_puts(&b, "json_extract(");
            sb_add(&b, s, (size_t)(parts[k].raw + parts[k].rawlen - s));
            sb_puts(&b, ", '$");
            const DataType *t = stype;
            for (int i = k + 1; i < np; i++) {
                int fi = t && t->kind == DT_STRUCT ? dt_field_index(t, parts[i].name) : -1;
                json_path_key(&b, fi >= 0 ? t->fields[fi].name : parts[i].name);
                t = fi >= 0 ? t->fields[fi].type : NULL;
            }
            sb_puts(&b, "')");
            continue;
        }
        sb_putc(&b, *p++);
    }
    return sb_take(&b);
}

/* ---- spark.sql ---- */

static bool blank_sql(const char *s) {
    for (;;) {
        while (*s && (isspace((unsigned char)*s) || *s == ';')) s++;
        if (s[0] == '-' && s[1] == '-') { while (*s && *s != '\n') s++; continue; }
        return !*s;
    }
}

/* SHOW TABLES / DROP VIEW: Spark statements SQLite lacks; *handled when q was one. */
static bool spark_statement(DfState *st, const char *q, Value *out, bool *handled, char **ename, char **err) {
    char w[3][32] = {{0}};
    const char *p = q;
    for (int i = 0; i < 3; i++) {
        while (isspace((unsigned char)*p)) p++;
        size_t n = 0;
        while (*p && !isspace((unsigned char)*p) && *p != ';' && n < 31) w[i][n++] = *p++;
    }
    *handled = false;
    if (!strcasecmp(w[0], "show") && !strcasecmp(w[1], "tables")) {
        *handled = true;
        StrBuf b = {0};
        sb_puts(&b, "SELECT '' AS namespace, lower(name) AS tableName, 1 AS isTemporary FROM main.sqlite_master "
                    "WHERE type IN ('table', 'view') AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY 2");
        bool ok = sql_query(st, b.s, out, ename, err);
        sb_reset(&b);
        if (ok) {   /* isTemporary is a boolean */
            DataFrame *df = df_get(*out);
            DataType *s2 = dt_struct_new(3);
            for (int i = 0; i < 3; i++) {
                s2->fields[i].name = strdup(df->schema->fields[i].name);
                s2->fields[i].type = i == 2 ? dt_prim(DT_BOOL) : dt_prim(DT_STRING);
                s2->fields[i].nullable = i != 2;
            }
            dt_unref(df->schema);
            df->schema = s2;
        }
        return ok;
    }
    if (!strcasecmp(w[0], "drop") && !strcasecmp(w[1], "view")) {
        *handled = true;
        p = q;
        while (isspace((unsigned char)*p)) p++;
        p += 4;
        while (isspace((unsigned char)*p)) p++;
        p += 4;
        bool if_exists = false;
        while (isspace((unsigned char)*p)) p++;
        if (!strncasecmp(p, "if", 2) && isspace((unsigned char)p[2])) {
            p += 2;
            while (isspace((unsigned char)*p)) p++;
            if (!strncasecmp(p, "exists", 6)) { p += 6; if_exists = true; }
            while (isspace((unsigned char)*p)) p++;
        }
        char name[128];
        size_t n = 0;
        while (*p && !isspace((unsigned char)*p) && *p != ';' && n < sizeof name - 1) {
            if (*p != '`' && *p != '"') name[n++] = *p;
            p++;
        }
        name[n] = 0;
        bool global = !strncasecmp(name, "global_temp.", 12);
        const char *nm = global ? name + 12 : name;
        if (!view_drop(st, nm, global) && !if_exists) {
            *ename = strdup("org.apache.spark.sql.AnalysisException");
            if (asprintf(err, "Table or view not found: %s", name) < 0) *err = NULL;
            return false;
        }
        return sql_query(st, "SELECT 1 WHERE 0", out, ename, err) && true;
    }
    return true;
}

/* The Spark type of result column i, from the view it comes from, or NULL. */
static const DataType *origin_type(DfState *st, sqlite3_stmt *s, int i) {
    const char *db = sqlite3_column_database_name(s, i);
    const char *tab = sqlite3_column_table_name(s, i);
    const char *col = sqlite3_column_origin_name(s, i);
    if (!tab || !col) return NULL;
    struct DfView *v = view_find(st, tab, db && !strcmp(db, "global_temp"));
    if (!v) return NULL;
    int fi = dt_field_index(v->schema, col);
    return fi >= 0 ? v->schema->fields[fi].type : NULL;
}

static bool materialise(DfState *st, sqlite3_stmt *s, Value *out, char **err) {
    int nc = sqlite3_column_count(s);
    DataType *schema = dt_struct_new(nc);
    const DataType **origin = calloc((size_t)(nc ? nc : 1), sizeof *origin);
    int *seen = calloc((size_t)(nc ? nc : 1), sizeof(int));
    for (int i = 0; i < nc; i++) {
        const char *nm = sqlite3_column_name(s, i);
        /* a view's column keeps its name; an expression gets Spark's */
        schema->fields[i].name = !nm ? strdup("_c") : sqlite3_column_origin_name(s, i) ? strdup(nm) : sql_spark_name(nm, NULL);
        schema->fields[i].nullable = true;
        origin[i] = origin_type(st, s, i);
        schema->fields[i].type = dt_prim(DT_STRING);
    }
    /* a table without affinities keeps the values as the query produced them */
    DfTable *t = calloc(1, sizeof *t);
    t->rc = 1;
    t->st = dfstate_ref(st);
    snprintf(t->name, sizeof t->name, "_df_%ld", ++st->next_id);
    StrBuf b = {0};
    sb_printf(&b, "CREATE TABLE \"%s\" (", t->name);
    for (int i = 0; i < nc; i++) sb_printf(&b, "%s\"c%d\"", i ? ", " : "", i);
    if (!nc) sb_puts(&b, "\"c\"");
    sb_puts(&b, ")");
    bool ok = sql_exec(st, b.s, err);
    sb_reset(&b);
    sqlite3_stmt *ins = NULL;
    if (ok) {
        sb_printf(&b, "INSERT INTO \"%s\" VALUES (", t->name);
        for (int i = 0; i < nc; i++) sb_puts(&b, i ? ", ?" : "?");
        sb_puts(&b, ")");
        if (nc && sqlite3_prepare_v2(st->db, b.s, -1, &ins, NULL) != SQLITE_OK) {
            *err = strdup(sqlite3_errmsg(st->db));
            ok = false;
        }
        sb_reset(&b);
    }
    while (ok) {
        int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) { *err = strdup(rc == SQLITE_INTERRUPT ? "interrupted" : sqlite3_errmsg(st->db)); ok = false; break; }
        if (!nc) continue;
        for (int i = 0; i < nc; i++) {
            int ty = sqlite3_column_type(s, i);
            seen[i] |= ty == SQLITE_INTEGER ? 1 : ty == SQLITE_FLOAT ? 2 : ty == SQLITE_TEXT ? 4 : ty == SQLITE_BLOB ? 8 : 0;
            sqlite3_bind_value(ins, i + 1, sqlite3_column_value(s, i));
        }
        if (sqlite3_step(ins) != SQLITE_DONE) { *err = strdup(sqlite3_errmsg(st->db)); ok = false; }
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    if (ok) {
        for (int i = 0; i < nc; i++) {
            DataType *ty;
            int k = seen[i];
            if (origin[i] && !((origin[i]->kind == DT_LONG || origin[i]->kind == DT_INT || origin[i]->kind == DT_BOOL) && (k & ~1)) &&
                !(origin[i]->kind == DT_DOUBLE && (k & ~3)))
                ty = dt_ref((DataType *)origin[i]);
            else if (k == 1) ty = dt_prim(DT_LONG);
            else if (k && !(k & ~3)) ty = dt_prim(DT_DOUBLE);
            else ty = dt_prim(DT_STRING);
            dt_unref(schema->fields[i].type);
            schema->fields[i].type = ty;
            if (!strcmp(schema->fields[i].name, "count(1)") && k == 1) schema->fields[i].nullable = false;
        }
        char *sql = dftable_select_sql(t, schema);
        *out = df_make(st, schema, sql, NULL, 0, t);
    } else {
        dftable_unref(t);
        dt_unref(schema);
    }
    free(origin);
    free(seen);
    return ok;
}

bool sql_query(DfState *st, const char *q, Value *out, char **ename, char **err) {
    *ename = NULL;
    *err = NULL;
    if (!st->db) { *ename = strdup("java.lang.IllegalStateException"); *err = strdup("the SparkSession is stopped"); return false; }
    if (blank_sql(q)) {
        *ename = strdup("org.apache.spark.sql.catalyst.parser.ParseException");
        *err = strdup("\nthe query is empty\n\n== SQL ==\n");
        return false;
    }
    bool handled;
    if (!spark_statement(st, q, out, &handled, ename, err)) return false;
    if (handled) return true;
    char *rq = sql_rewrite(st, q, NULL);
    const char *p = rq;
    bool ok = true;
    bool have = false;
    while (ok && !blank_sql(p)) {
        sqlite3_stmt *s = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(st->db, p, -1, &s, &tail) != SQLITE_OK) {
            char *m = strdup(sqlite3_errmsg(st->db));
            sql_error_text(m, q, ename, err);
            free(m);
            ok = false;
            break;
        }
        if (!s) { p = tail; continue; }
        bool last = blank_sql(tail);
        if (last && sqlite3_column_count(s) > 0) {
            char *e = NULL;
            ok = materialise(st, s, out, &e);
            if (!ok) { sql_error_text(e, q, ename, err); free(e); }
            else have = true;
        } else {
            int rc;
            while ((rc = sqlite3_step(s)) == SQLITE_ROW) {}
            if (rc != SQLITE_DONE) {
                char *m = strdup(rc == SQLITE_INTERRUPT ? "interrupted" : sqlite3_errmsg(st->db));
                sql_error_text(m, q, ename, err);
                free(m);
                ok = false;
            }
        }
        sqlite3_finalize(s);
        p = tail;
    }
    free(rq);
    if (ok && !have) {        /* DDL or DML: an empty DataFrame, as Spark returns */
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(st->db, "SELECT 1 WHERE 0", -1, &s, NULL) == SQLITE_OK) {
            char *e = NULL;
            DataType *empty = dt_struct_new(0);
            char *sql = strdup("SELECT NULL AS \"_\" WHERE 0");
            *out = df_make(st, empty, sql, NULL, 0, NULL);
            free(e);
        }
        sqlite3_finalize(s);
    }
    return ok;
}

/* ---- charts ---- */

static double nice_step(double range, int ticks) {
    double raw = range / ticks;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void fmt_num(char *buf, size_t n, double v) {
    if (fabs(v) >= 1e6 || (fabs(v) < 1e-3 && v != 0)) snprintf(buf, n, "%.3g", v);
    else snprintf(buf, n, "%.10g", v);
}

char *sql_chart_svg(const char *kind, const char *title, const char *const *labels, int nlabels,
                    const char *const *series_names, const double *const *series, int nseries) {
    static const char *palette[] = {"#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2",
                                    "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"};
    const double W = 720, H = 400, ml = 70, mr = 20, mt = 40, mb = 90;
    double pw = W - ml - mr, ph = H - mt - mb;
    double lo = 0, hi = 0;
    for (int s = 0; s < nseries; s++)
        for (int i = 0; i < nlabels; i++) {
            double v = series[s][i];
            if (isnan(v)) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
    if (hi == lo) hi = lo + 1;
    double step = nice_step(hi - lo, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    StrBuf b = {0};
    sb_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
                "font-family=\"sans-serif\" font-size=\"11\">\n", W, H, W, H);
    sb_printf(&b, "<rect width=\"%g\" height=\"%g\" fill=\"white\"/>\n", W, H);
    if (title) {
        sb_printf(&b, "<text x=\"%g\" y=\"20\" font-size=\"13\" font-weight=\"bold\">", ml);
        sb_html(&b, title, strlen(title));
        sb_puts(&b, "</text>\n");
    }
#define YPOS(v) (mt + ph - ((v) - lo) / (hi - lo) * ph)
    for (double v = lo; v <= hi + step / 2; v += step) {
        char num[32];
        fmt_num(num, sizeof num, fabs(v) < step / 1e6 ? 0 : v);
        sb_printf(&b, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", ml, YPOS(v), ml + pw, YPOS(v));
        sb_printf(&b, "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", ml - 6, YPOS(v) + 4, num);
    }
    sb_printf(&b, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"#333\"/>\n", ml, mt, ml, mt + ph);
    double zero = YPOS(lo < 0 && hi > 0 ? 0 : lo);
    sb_printf(&b, "<line x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\" stroke=\"#333\"/>\n", ml, zero, ml + pw, zero);
    double gw = nlabels ? pw / nlabels : pw;
    int every = nlabels > 30 ? (nlabels + 29) / 30 : 1;
    for (int i = 0; i < nlabels; i += every) {
        double x = ml + gw * (i + 0.5);
        sb_printf(&b, "<text x=\"%.1f\" y=\"%g\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %g)\">",
                x, mt + ph + 14, x, mt + ph + 14);
        char lab[64];
        snprintf(lab, sizeof lab, "%s", labels[i] ? labels[i] : "null");
        if (strlen(labels[i] ? labels[i] : "") > 24) strcpy(lab + 21, "...");
        sb_html(&b, lab, strlen(lab));
        sb_puts(&b, "</text>\n");
    }
    bool bar = strcmp(kind, "line") != 0;
    for (int s = 0; s < nseries; s++) {
        const char *color = palette[s % 10];
        if (bar) {
            double bw = gw * 0.8 / (nseries ? nseries : 1);
            for (int i = 0; i < nlabels; i++) {
                double v = series[s][i];
                if (isnan(v)) continue;
                double x = ml + gw * i + gw * 0.1 + bw * s;
                double y0 = YPOS(lo < 0 && hi > 0 ? 0 : lo), y1 = YPOS(v);
                sb_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
                        x, y1 < y0 ? y1 : y0, bw > 1 ? bw - 1 : bw, fabs(y0 - y1), color);
                char num[32];
                fmt_num(num, sizeof num, v);
                const char *lab = labels[i] ? labels[i] : "null";
                sb_html(&b, lab, strlen(lab));
                sb_printf(&b, ": %s</title></rect>\n", num);
            }
        } else {
            sb_printf(&b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", color);
            for (int i = 0; i < nlabels; i++)
                if (!isnan(series[s][i])) sb_printf(&b, "%.1f,%.1f ", ml + gw * (i + 0.5), YPOS(series[s][i]));
            sb_puts(&b, "\"/>\n");
            for (int i = 0; i < nlabels; i++)
                if (!isnan(series[s][i]))
                    sb_printf(&b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", ml + gw * (i + 0.5), YPOS(series[s][i]), color);
        }
        double lx = ml + pw - 150, ly = mt - 24 + 0.0 + 14.0 * s;
        if (nseries > 1 || series_names[s]) {
            sb_printf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx, ly, color);
            sb_printf(&b, "<text x=\"%.1f\" y=\"%.1f\">", lx + 14, ly + 9);
            if (series_names[s]) sb_html(&b, series_names[s], strlen(series_names[s]));
            sb_puts(&b, "</text>\n");
        }
    }
#undef YPOS
    sb_puts(&b, "</svg>\n");
    return sb_take(&b);
}

/* ---- %%sql ---- */

static void set_error(CellResult *res, const char *ename, const char *msg) {
    res->ok = false;
    res->ename = strdup(ename);
    res->evalue = strdup(msg);
    StrBuf b = {0};
    sb_printf(&b, "%s: %s", ename, msg);
    res->traceback = sb_take(&b);
}

/* Displays text with an SVG chart (kind "bar" or "line") of the series over the labels. */
static void display_chart(Interp *I, const char *text, const char *chart, const char **labels, int n,
                          const char **names, double **series, int ns) {
    char *svg = sql_chart_svg(chart, NULL, labels, n, names, (const double *const *)series, ns);
    json_t *extra = json_pack("{s:s}", "image/svg+xml", svg);
    df_display(I, text, NULL, extra);
    free(svg);
}

/* Shows a DataFrame's first maxrows rows (-1: all) as one display (HTML table and Spark's text
 * table), and with chart ("bar" or "line") an SVG chart of them: the first column gives the labels,
 * every numeric column after it a series. False with ename and evalue (malloc'd) when the rows cannot
 * be read. Used by %%sql and by display(df) from Scala. */
bool sql_display_df(Interp *I, DataFrame *df, int maxrows, const char *chart, const char *q, char **ename, char **evalue) {
    if (df->schema->nfields == 0) return true;
    DfCells cells;
    char *cerr = NULL;
    if (!df_cells(I, df, maxrows, &cells, &cerr)) {
        sql_error_text(cerr ? cerr : "the rows could not be read", q ? q : df->sql, ename, evalue);
        free(cerr);
        return false;
    }
    int n = cells.nrows;
    char *text = df_show_text(&cells, n, 20, false);
    char *html = df_html(&cells, n, 0);
    df_display(I, text, html, NULL);
    if (chart && *chart) {
        int ns = 0;
        const char **names = calloc((size_t)cells.ncols + 1, sizeof(char *));
        double **series = calloc((size_t)cells.ncols + 1, sizeof(double *));
        const char **labels = calloc((size_t)n + 1, sizeof(char *));
        for (int r = 0; r < n; r++) labels[r] = cells.cells[r][0];
        for (int c = 1; c < cells.ncols; c++) {
            if (!dt_is_numeric(cells.types[c])) continue;
            names[ns] = cells.names[c];
            series[ns] = calloc((size_t)n + 1, sizeof(double));
            for (int r = 0; r < n; r++) {
                const char *s = cells.cells[r][c];
                series[ns][r] = !strcmp(s, "NULL") ? NAN : strtod(s, NULL);
            }
            ns++;
        }
        if (!ns && cells.ncols == 1 && dt_is_numeric(cells.types[0])) {   /* one numeric column: index labels */
            names[0] = cells.names[0];
            series[0] = calloc((size_t)n + 1, sizeof(double));
            char **idx = calloc((size_t)n + 1, sizeof(char *));
            for (int r = 0; r < n; r++) {
                series[0][r] = !strcmp(cells.cells[r][0], "NULL") ? NAN : strtod(cells.cells[r][0], NULL);
                if (asprintf(&idx[r], "%d", r + 1) < 0) idx[r] = NULL;
                labels[r] = idx[r];
            }
            ns = 1;
            display_chart(I, text, chart, labels, n, names, series, ns);
            for (int r = 0; r < n; r++) free(idx[r]);
            free(idx);
        } else if (!ns) {
            interp_printf(I, 2, "--chart: the result has no numeric column after the label column (%s), so there is nothing to draw\n",
                          cells.ncols ? cells.names[0] : "none");
        } else {
            display_chart(I, text, chart, labels, n, names, series, ns);
        }
        for (int s = 0; s < ns; s++) free(series[s]);
        free(series);
        free(names);
        free(labels);
    }
    free(text);
    free(html);
    df_cells_free(&cells);
    return true;
}

static const char magic_usage[] =
    "usage: %%sql [-n MAXROWS] [-q] [--chart bar|line] [-o NAME]  (then the query on the next lines)\n"
    "  -n, --maxrows N   show at most N rows (default 2500; -1: all)\n"
    "  -q, --quiet       run the query, show nothing\n"
    "  -c, --chart KIND  also draw the rows as a bar or line chart (first column: labels)\n"
    "  -o, --output NAME bind the result DataFrame to NAME";

void sql_magic(Interp *I, const char *args, const char *body, CellResult *res) {
    memset(res, 0, sizeof *res);
    res->ok = true;
    long maxrows = 2500;
    bool quiet = false;
    char chart[16] = "";
    char outname[128] = "";
    /* options */
    char *a = strdup(args ? args : "");
    char *save = NULL;
    for (char *tok = strtok_r(a, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save)) {
        char *val = NULL;
        char *eq = strchr(tok, '=');
        if (eq && tok[0] == '-' && tok[1] == '-') { *eq = 0; val = eq + 1; }
        bool takes = !strcmp(tok, "-n") || !strcmp(tok, "--maxrows") || !strcmp(tok, "-c") || !strcmp(tok, "--chart") ||
                     !strcmp(tok, "-o") || !strcmp(tok, "--output") || !strcmp(tok, "-m") || !strcmp(tok, "--samplemethod") ||
                     !strcmp(tok, "-r") || !strcmp(tok, "--samplefraction");
        if (takes && !val) val = strtok_r(NULL, " \t\r", &save);
        if (takes && !val) {
            char msg[600];
            snprintf(msg, sizeof msg, "option %s needs a value\n%s", tok, magic_usage);
            set_error(res, "UsageError", msg);
            free(a);
            return;
        }
        if (!strcmp(tok, "-n") || !strcmp(tok, "--maxrows")) {
            char *end;
            maxrows = strtol(val, &end, 10);
            if (*end || (maxrows < 0 && maxrows != -1)) {
                char msg[600];
                snprintf(msg, sizeof msg, "-n needs a number of rows (or -1 for all), not '%s'\n%s", val, magic_usage);
                set_error(res, "UsageError", msg);
                free(a);
                return;
            }
        } else if (!strcmp(tok, "-q") || !strcmp(tok, "--quiet")) {
            quiet = true;
        } else if (!strcmp(tok, "-c") || !strcmp(tok, "--chart")) {
            if (strcmp(val, "bar") && strcmp(val, "line")) {
                char msg[600];
                snprintf(msg, sizeof msg, "--chart is bar or line, not '%s'\n%s", val, magic_usage);
                set_error(res, "UsageError", msg);
                free(a);
                return;
            }
            snprintf(chart, sizeof chart, "%s", val);
        } else if (!strcmp(tok, "-o") || !strcmp(tok, "--output")) {
            snprintf(outname, sizeof outname, "%s", val);
        } else if (!strcmp(tok, "-m") || !strcmp(tok, "--samplemethod") || !strcmp(tok, "-r") ||
                   !strcmp(tok, "--samplefraction")) {
            /* sparkmagic's sampling: the first rows are what this kernel shows */
        } else {
            char msg[600];
            snprintf(msg, sizeof msg, "unknown option %s\n%s", tok, magic_usage);
            set_error(res, "UsageError", msg);
            free(a);
            return;
        }
    }
    free(a);
    if (blank_sql(body ? body : "")) { set_error(res, "UsageError", "the %%sql cell has no query\n" "usage: %%sql [-n MAXROWS] [-q] [--chart bar|line] [-o NAME]"); return; }
    interp_lock(I);
    DfState *st = dfstate_for(I);
    if (!st) {
        interp_unlock(I);
        set_error(res, "java.lang.IllegalStateException", "no SparkSession: the DataFrame layer is not initialised");
        return;
    }
    Value df;
    char *ename = NULL, *err = NULL;
    if (!sql_query(st, body, &df, &ename, &err)) {
        interp_unlock(I);
        set_error(res, ename ? ename : "org.apache.spark.sql.AnalysisException", err ? err : "query failed");
        free(ename);
        free(err);
        return;
    }
    if (outname[0]) {
        val_incref(df);
        interp_register_global(I, outname, df, "val: DataFrame", "The result of a %%sql cell (-o).");
    }
    bool shown = true;
    char *en = NULL, *ev = NULL;
    if (!quiet) shown = sql_display_df(I, df_get(df), maxrows, chart[0] ? chart : NULL, body, &en, &ev);
    if (!shown) {
        set_error(res, en, ev);
        free(en);
        free(ev);
    }
    val_decref(df);
    interp_unlock(I);
    if (!res->ok) return;
}
