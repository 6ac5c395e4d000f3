/* dataframe.h — DataFrames, Rows, Columns and the `spark` SparkSession, backed by DuckDB.
 *
 * Public part: dataframe_from_values / dataframe_read_json_values for other parts of spark/
 * (rdd.toDF); the module's set-up and tear-down are rows of spark/init.c's table.
 *
 * The model: every DataFrame is a SQL query (DuckDB's dialect) over one or more tables of an
 * in-memory DuckDB database, plus Spark's schema of its result. spark.read.json and spark.sql
 * materialise their rows into a table (spark.read.json's when a statement first reads it, and a
 * select made before then reads a table of only its columns); select/filter/groupBy/orderBy/limit/… wrap the query
 * in another SELECT, so they cost nothing until an action (show, count, collect) runs it.
 * Structs and arrays are DuckDB STRUCTs and LISTs. Temp views are tables named as the view,
 * replaced in one statement. DuckDB is loaded and the database opened on the first use
 * (dfstate_open). All database use happens with the interpreter lock held.
 */
#ifndef DSTREAM_SPARK_DATAFRAME_H
#define DSTREAM_SPARK_DATAFRAME_H

#include <stdbool.h>

#include "lang/interp.h"
#include "lang/value.h"
#include "spark/sql/duck.h"
#include "spark/sql/json.h"


/* A DataFrame of the given values (tuples, case class instances, or single values → column
 * "value"), columns named by names (NULL: _1, _2 … as Spark names them). New reference, or
 * false with an exception raised. */
bool dataframe_from_values(Interp *I, Value *items, size_t n, const char *const *names, int nnames, Value *out);
/* spark.read.json over JSON documents (Strings; host objects with to_json also accepted). */
bool dataframe_read_json_values(Interp *I, Value *items, size_t n, Value *out);

/* ---- internals shared by dataframe.c, sql.c and session.c ---- */

typedef struct DfState DfState;
typedef struct DfLoader DfLoader;

/* Where a deferred table's rows come from (spark.read.json's input): fill loads them into l,
 * whose columns are `schema` (the source's whole schema, or fewer columns when a select pruned
 * them); false with an exception raised. Shared by the tables over it (rc); release frees it. */
typedef struct DfSource DfSource;
struct DfSource {
    int rc;
    bool (*fill)(DfSource *s, DfLoader *l, const DataType *schema);
    void (*release)(DfSource *s);
};

typedef struct DfTable {     /* a materialised table; dropped when the last DataFrame lets go */
    int rc;
    DfState *st;
    char name[40];
    /* A deferred table (dftable_deferred) exists empty until the first statement that names it
     * runs (sql_exec, sql_run, dfc_open; not sql_describe): db.c fills it from src then and lets
     * src go. schema: its columns. Both NULL for a table made with its rows. */
    DfSource *src;
    DataType *schema;
} DfTable;

/* What each row stands for: a Row (DataFrame), a String (toJSON), one column's value (Dataset[Int]
 * & co), a case class instance (elem: its class), a tuple (elem: unit, or a tuple of each
 * column's case class or unit). See df_typed.c. */
typedef enum { DFK_ROWS, DFK_STRINGS, DFK_VALUES, DFK_OBJECTS, DFK_TUPLES } DfKind;

typedef struct DataFrame {
    DfState *st;             /* owned reference */
    DataType *schema;        /* struct, owned */
    char *sql;               /* SELECT yielding the schema's columns in order */
    DfTable **tables;        /* what sql reads, owned references */
    int ntables;
    DfKind kind;
    Value elem;              /* DFK_OBJECTS, DFK_TUPLES: how a row becomes its element (owned), else unit */
    char *dstype;            /* the REPL type when not DataFrame: "org.apache.spark.sql.Dataset[…]" (owned), or NULL */
    bool aggregated;         /* an aggregate is in its plan (from its parents on): a streaming aggregation */
    DataType *proj_input;    /* a plain select's input schema (owned), or NULL: orderBy may sort by a
                                column the select dropped, as Spark's analyser does */
} DataFrame;

extern HostClass dataframe_class, row_class, column_class;

/* A DataFrame value over sql with schema (both taken), reading the tables of the parents
 * (parents may be NULL/0) plus `extra` (taken; may be NULL). */
Value df_make(DfState *st, DataType *schema, char *sql, DataFrame *const *parents, int nparents, DfTable *extra);
DataFrame *df_get(Value v);  /* NULL if v is not a DataFrame */
/* v (a DataFrame just made from `from` by a method Spark declares as returning Dataset[T]) gets
 * from's Dataset type: Dataset[Row] when from is a DataFrame. Returns v. */
Value df_keep_type(DataFrame *from, Value v);
/* Makes v (a DataFrame) a Dataset[elem] (elem: a Scala type as the REPL writes it). */
void df_set_dataset_type(Value v, const char *elem);

/* Resolves a user's path (file:/x, file:///x, relative) to a local path; malloc'd, or NULL
 * with an exception raised (other file systems). */
char *df_local_path(Interp *I, const char *path);

/* ---- the database (db.c) ---- */
struct DfState {
    int rc;
    Interp *I;
    const DuckApi *D;        /* NULL until dfstate_open */
    duckdb_database db;
    duckdb_connection con;
    bool closed;
    long next_id;
    struct DfView { char *name; DataType *schema; bool global; } *views;
    int nviews, cviews;
    Value spark;             /* the SparkSession (owned) */
    int eager;               /* > 0: columns are resolved eagerly (df.col, groupBy): AnalysisException, not Extended */
    DfTable **deferred;      /* the deferred tables not filled yet (borrowed) */
    int ndeferred, cdeferred;
    struct DfRefs *refs;     /* while a select compiles: the columns it reads (df_internal.h) */
};

DfState *dfstate_new(Interp *I);
/* Loads DuckDB and opens the database on the first call; false with *err (malloc'd: what is
 * missing, where it was looked for, what to do). */
bool dfstate_open(DfState *st, char **err);
DfState *dfstate_ref(DfState *st);
void dfstate_unref(DfState *st);
DfState *dfstate_for(Interp *I);             /* the state registered for I, or NULL */
void dfstate_close(DfState *st);

DfTable *dftable_ref(DfTable *t);
void dftable_unref(DfTable *t);
/* A new empty table with columns c0..cN-1 typed by the schema (STRUCT, LIST …). */
DfTable *dftable_create(DfState *st, const DataType *schema, char **err);
/* A deferred table with schema's columns, filled from src (a reference taken) when a statement
 * first names it; NULL with *err. */
DfTable *dftable_deferred(DfState *st, const DataType *schema, DfSource *src, char **err);
void dfsource_unref(DfSource *s);
/* SELECT "c0" AS "name0", … FROM table: the SQL of a DataFrame over a fresh table. */
char *dftable_select_sql(const DfTable *t, const DataType *schema);

/* Quoted SQL identifier / string literal appended to b. */
void sql_ident(StrBuf *b, const char *name);
void sql_string(StrBuf *b, const char *s, size_t n);

/* Runs SQL without results; false with *err (malloc'd DuckDB message). */
bool sql_exec(DfState *st, const char *sql, char **err);
/* Runs one statement, stopped by the interpreter's interrupt ("interrupted"); the same. */
bool sql_run(DfState *st, const char *sql, char **err);
/* sql_run with a progress display (lang/progress.h) fed from DuckDB's query progress (rows of
 * its sources scanned, of their total); *rows: the first value of the result (COPY's count). */
struct Progress;
bool sql_run_progress(DfState *st, const char *sql, struct Progress *pg, int64_t *rows, char **err);
/* The result columns of a query (names as DuckDB gives them, Spark's types of DuckDB's), without
 * running it; false with *err (malloc'd). */
bool sql_describe(DfState *st, const char *sql, DataType **schema, char **err);
/* Raises Spark's exception for a DuckDB error message about query q. Always false. */
bool sql_raise(Interp *I, const char *msg, const char *q);
/* Spark's class of the errors its analyser finds in a plan (missing tables and columns …). */
#define EXTENDED_ANALYSIS "org.apache.spark.sql.catalyst.ExtendedAnalysisException"
/* The Spark exception class and message for a DuckDB error (both malloc'd). */
/* The first byte of a message that carries a deferred table's source's exception ("cls: message"),
 * raised again by sql_error_text (db.c makes them). */
#define FILL_FAILED '\001'
void sql_error_text(const char *msg, const char *q, char **ename, char **evalue);

/* Reading a query's rows, chunk by chunk: dfc_open/df_cursor, then dfc_next until false, then
 * dfc_close (always, also after a failed open). Cells of the current row by column index. */
typedef struct DuckTypeInfo DuckTypeInfo;
typedef struct DfCursor {
    DfState *st;
    const DuckApi *D;        /* NULL: closed or failed */
    duckdb_result res;
    duckdb_data_chunk chunk;
    idx_t row, nrows;
    int ncols;
    DuckTypeInfo *types;
    duckdb_vector *vec;
    StrBuf scratch;          /* dfc_text of a non-string cell */
} DfCursor;
bool dfc_open(DfState *st, const char *sql, DfCursor *c, char **err);
/* SELECT * FROM (df) [LIMIT limit]; false with Spark's exception raised. */
bool df_cursor(Interp *I, DataFrame *df, long limit, DfCursor *c);
bool dfc_next(DfCursor *c);
void dfc_close(DfCursor *c);
bool dfc_null(const DfCursor *c, int col);
long long dfc_int(const DfCursor *c, int col);      /* any number, boolean, or numeric text */
double dfc_double(const DfCursor *c, int col);
/* A string cell as stored (not NUL-terminated); other cells as their JSON text. Valid until the
 * next call on c. */
const char *dfc_text(DfCursor *c, int col, size_t *len);
/* Any cell as JSON (STRUCT → object in field order, LIST → array, NULL → json null). New. */
json_t *dfc_json(const DfCursor *c, int col);
DataType *dfc_type(const DfCursor *c, int col);      /* Spark's type of a result column (new ref) */
const char *dfc_name(const DfCursor *c, int col);

/* Loading rows into a new table typed by a schema: set any columns of the row (unset ones are
 * null), dfl_row, …, dfl_close(commit) gives the table. */
DfLoader *dfl_open(DfState *st, const DataType *schema, char **err);
/* A loader appending to table t (a reference taken) with schema's columns. */
DfLoader *dfl_open_table(DfState *st, DfTable *t, const DataType *schema, char **err);
void dfl_null(DfLoader *l, int col);
void dfl_int(DfLoader *l, int col, long long v);
void dfl_double(DfLoader *l, int col, double v);
void dfl_bool(DfLoader *l, int col, bool v);
void dfl_text(DfLoader *l, int col, const char *s, size_t n);
/* Any JSON value (borrowed), coerced to the column's type as spark.read.json does. */
void dfl_json(DfLoader *l, int col, json_t *v);
/* The setters' col is a place of the row: a column (0 … fields-1), or a member of a STRUCT place,
 * dfl_member(l, place, i) (-1 if place is no STRUCT), so nested records load without JSON trees. */
int dfl_member(DfLoader *l, int place, int field);
bool dfl_row(DfLoader *l, char **err);
/* The table (commit and no error), or NULL with *err (malloc'd) when it failed; frees l. */
DfTable *dfl_close(DfLoader *l, bool commit, char **err);

/* spark.sql(q): runs q (the last statement's rows are the result) and materialises them.
 * False with *err and *ename set (malloc'd) on failure (sql.c). */
bool sql_query(DfState *st, const char *q, Value *out, char **ename, char **err);
/* spark_functions.c: Spark's built-in SQL functions; whether q calls a function neither Spark nor
 * the session (spark.udf.register) has (then Spark's [UNRESOLVED_ROUTINE] in ename and err) */
bool spark_function_known(const char *name);
bool sql_unknown_function(DfState *st, const char *q, char **ename, char **err);
/* The rows of query q (one statement, DuckDB's dialect) into a new table, each column cast to the
 * DuckDB type of its Spark type; the DataFrame over it is named as Spark names the columns (or
 * with DuckDB's names: keep_names). False with *err (malloc'd DuckDB message). */
bool sql_materialise(DfState *st, const char *q, bool keep_names, Value *out, char **err);
/* Rewrites Spark SQL into DuckDB's: `ident` → "ident", "text" → 'text', 0-based array
 * subscripts, named_struct, date_format's Java pattern. malloc'd. */
char *sql_rewrite(DfState *st, const char *q, const DataType *schema);
/* Spark's name of a result column from its expression's text (as written, or as DuckDB names
 * it): count(*) and count_star() → count(1), id+1 → (id + 1), `a AS b` → b (sql_names.c).
 * *expr_len (when not NULL): the length of the text without its `AS alias`. malloc'd. */
char *sql_spark_name(const char *text, size_t *expr_len);
/* The same, knowing which names are struct columns (is_struct(ctx, name)): inside expressions a
 * struct's field keeps its path (upper(user.name)), a qualified column its own name (v.id → id). */
typedef bool (*SqlIsStruct)(void *ctx, const char *name);
char *sql_spark_name_in(const char *text, size_t *expr_len, SqlIsStruct is_struct, void *ctx);

/* Temp views. */
bool view_replace(DfState *st, DataFrame *df, const char *name, bool global, bool must_be_new, char **ename, char **err);
bool view_drop(DfState *st, const char *name, bool global);
struct DfView *view_find(DfState *st, const char *name, bool global);

/* ---- presenting rows (dataframe.c) ---- */
typedef struct DfCells {     /* rows as Spark's cast-to-string text (meta characters escaped) */
    int ncols, nrows;
    char **names;            /* ncols */
    char ***cells;           /* nrows × ncols; NULL cells are "null" */
    const DataType **types;  /* ncols, borrowed from the DataFrame's schema */
    bool has_more;           /* there were more rows than fetched */
} DfCells;
/* Fetches up to limit rows (limit < 0: all). false with *err (malloc'd DuckDB message). */
bool df_cells(Interp *I, DataFrame *df, long limit, DfCells *out, char **err);
void df_cells_free(DfCells *c);
/* Spark's show() text of the first n rows (truncate: 0 none, else the cell width). */
char *df_show_text(const DfCells *c, int n, int truncate, bool vertical);
/* An HTML table of the first n rows (truncate as above), with the "only showing" line. */
char *df_html(const DfCells *c, int n, int truncate);
/* Emits one display_data with text/plain and text/html (plus extra's mimetypes, taken; may
 * be NULL); writes the text to stdout when no display hook is set. */
void df_display(Interp *I, const char *text, const char *html, json_t *extra);
/* A DataFrame's first maxrows rows (-1: all) as one display, with chart ("bar"/"line", or NULL)
 * also an SVG chart (first column: labels; numeric columns: series). False with *ename and *evalue
 * (malloc'd; q: the query to name) when the rows cannot be read. In sql.c: %%sql and display(df). */
bool sql_display_df(Interp *I, DataFrame *df, int maxrows, const char *chart, const char *q, char **ename, char **evalue);

/* ---- shared by dataframe.c, session.c and json_read.c ---- */
extern HostClass session_class, sqlcontext_class, reader_class, catalog_class;
/* Registers SparkSession, SQLContext, DataFrameReader and `spark` (session.c). */
void session_init(Interp *I, DfState *st);
/* spark.read.json (json_read.c) of documents (Strings, JSON host values; given: the reader's
 * schema, or NULL to infer Spark's), and of a lazy RDD of Strings (inferred). */
bool df_read_json_values(Interp *I, Value *items, size_t n, DataType *given, Value *out);
bool df_read_json_lazy(Interp *I, Value rdd, Value *out);
/* A DataFrame over a schema (taken) whose rows are JSON objects in storage-compatible form. */
bool df_from_rows(Interp *I, DfState *st, DataType *schema, json_t **rows, size_t n, Value *out);
/* The same with rows from a source: next sets the next row's columns (0-based, in the schema's
 * order; unset ones are null) in l and returns 1, or returns 0 at the end, -1 with an exception
 * raised. */
typedef int (*DfRowFill)(void *ud, DfLoader *l, const DataType *schema);
bool df_from_row_source(Interp *I, DfState *st, DataType *schema, DfRowFill next, void *ud, Value *out);
/* The rows of a Dataset[String] (toJSON) or of a one-string-column DataFrame as Strings. */
bool df_strings(Interp *I, DataFrame *df, Value **items, size_t *n);
/* Raises org.apache.spark.sql.AnalysisException. Always false. */
bool df_analysis(Interp *I, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
