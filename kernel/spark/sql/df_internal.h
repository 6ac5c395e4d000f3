/* df_internal.h — what the DataFrame files (df_core.c, session.c, df_show.c, df_expr.c,
 * df_ops.c, df_rows.c, df_write.c, df_parquet.c, df_gson.c, df_stat.c) share beyond dataframe.h:
 * each file's table of DataFrame methods (df_core.c joins them into one class), the Column expression compiler,
 * and small helpers. Internal to kernel/spark/.
 */
#ifndef DSTREAM_SPARK_DF_INTERNAL_H
#define DSTREAM_SPARK_DF_INTERNAL_H

#include "spark/sql/dataframe.h"

#define DF_DOC "https://spark.apache.org/docs/3.3.0/api/scala/org/apache/spark/sql/"

/* Each file's DataFrame methods (joined by dataframe_init). */
extern const MethodDef df_show_methods[], df_ops_methods[], df_rows_methods[], df_write_methods[], df_stat_methods[];
extern const int df_show_nmethods, df_ops_nmethods, df_rows_nmethods, df_write_nmethods, df_stat_nmethods;
/* Spark's "Did you mean one of the following?" list for an unresolved `name`: names sorted by
 * name, then (stably) by edit distance to `name`, the first 5; by_schema: all, in their order */
void df_suggest(StrBuf *b, const char *name, const char *const *names, int n, bool by_schema);
/* df_group.c */
bool df_group_by(Call *c, Value *out);   /* df.groupBy(cols…) */
bool df_agg(Call *c, Value *out);        /* df.agg(…) */
void group_init(Interp *I);
extern const MethodDef df_typed_methods[];
extern const int df_typed_nmethods;
void typed_init(Interp *I);
/* df_typed.c: the element a row stands for (see DfKind); vals borrowed, out a new reference */
bool df_element(Interp *I, const DataFrame *df, Value *vals, int n, Value *out);
bool df_row_element(Interp *I, const DataFrame *df, Value row, Value *out);   /* of a Row value */
/* A Dataset of Scala values (toDS, map's results): its element type and kind from the first */
bool df_dataset_of(Interp *I, Value *items, size_t n, const char *const *names, int nnames, Value *out);
/* A Row's values, count and schema (borrowed), or NULL when v is not a Row */
const Value *row_values(Value v, int *n, const DataType **schema);
/* Registers df.na's class (df_stat.c). */
void stat_init(Interp *I);

/* The DataFrame a method was called on (c->self), or NULL with an exception raised. */
DataFrame *df_self(Call *c);
/* The state of a live session, or NULL with IllegalStateException raised. */
DfState *df_state(Interp *I);
/* Sets a row given as a JSON object (NULL: all nulls) by the schema's field names (session.c). */
void df_load_json_row(DfLoader *l, const DataType *schema, json_t *row);

/* Spark's class of an analysis error found while a plan is analysed (a missing column in select,
 * filter, orderBy …): org.apache.spark.sql.catalyst.ExtendedAnalysisException; the plain
 * AnalysisException while st->eager (df.col, df("a"), groupBy resolve at once). */
const char *df_analysis_class(Interp *I);
/* Raises df_analysis_class's exception with the message. Always false. */
bool df_unresolved(Interp *I, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- Parquet through DuckDB (df_parquet.c) ---- */
/* df's rows as dir/part-00000-<uuid>-c000.snappy.parquet (dir exists); false with an exception. */
bool df_write_parquet(Interp *I, DataFrame *df, const char *dir);
/* A DataFrame of the Parquet files at paths (files, or folders of part files). */
bool df_read_parquet(Interp *I, DfState *st, const char *const *paths, int npaths, Value *out);

/* ---- the columns a select reads (column pruning, df_core.c) ---- */
/* While st->refs is set (a select over a deferred table's frame compiles its columns), each
 * column compile_col resolves against refs->schema adds its path (field indices, outermost first:
 * user.name is {user, name}); SQL text, `*` and positional references make it `all` (what they
 * read is not known here). */
#define DF_REF_DEPTH 16
typedef struct DfRefs {
    const DataType *schema;
    struct DfRef { int n; int at[DF_REF_DEPTH]; } *paths;
    int n, cap;
    bool all;
} DfRefs;
/* Adds a path (at NULL: everything) to the recording refs, if any, when schema is theirs (NULL:
 * any). */
void df_refs_add(Interp *I, const DataType *schema, const int *at, int n);
/* df narrowed to the columns refs names, when df is the plain frame of a deferred table not filled
 * yet (spark.read.json's) and refs does not name everything: a frame over a new deferred table of
 * the same source with only those columns, in df's order (of a struct whose members are named
 * alone, only those members), so its fill loads only them. Else df itself. New reference. */
Value df_pruned(Value dfv, const DfRefs *refs);

/* ---- Column expressions (df_expr.c) ---- */
typedef enum {
    EX_COL, EX_STAR, EX_LIT, EX_UNARY, EX_BINARY, EX_FUNC, EX_ALIAS, EX_SORT, EX_SQL,
    EX_UDF                   /* a user-defined function: name its Spark name, lit the UserDefinedFunction */
} ExprKind;
typedef struct Expr Expr;
struct Expr {
    int rc;
    ExprKind kind;
    char *name;              /* COL: the (dotted) name (lit: df("a")'s DataFrame, else unit); UNARY/BINARY/FUNC: operator or function; ALIAS: the alias; SQL: the text */
    Value lit;               /* LIT: the value (owned) */
    Expr *args[3];           /* children */
    int nargs;
    bool desc, nulls_first;  /* SORT */
    bool distinct;           /* FUNC: count(DISTINCT …) */
};
Expr *expr_ref(Expr *e);
void expr_unref(Expr *e);
Expr *expr_col(const char *name);
Expr *expr_lit(Value v);                       /* takes nothing (increfs) */
Expr *expr_sql(const char *text);              /* a SQL expression (expr("…"), filter("…")) */
/* A Column value around e (takes e). */
Value column_value(Expr *e);
/* The expression of a Column value (borrowed), or NULL. */
Expr *column_expr(Value v);
/* A Column, or a String taken as a column name (strings_are_cols) or a literal, as an
 * expression (new reference). NULL with an exception raised. */
Expr *expr_of(Interp *I, Value v, bool strings_are_cols);
/* A node of kind k over a and b (taken; either may be NULL). */
Expr *expr_node(ExprKind k, const char *name, int n, Expr *a, Expr *b);

/* An expression compiled against a DataFrame's schema. */
typedef struct {
    char *sql;               /* DuckDB expression over the DataFrame's columns */
    char *name;              /* Spark's name of the result column */
    DataType *type;          /* owned */
    bool nullable;
    bool is_agg;             /* contains an aggregate */
    bool star;               /* `*`: expands to all columns (sql/type unused) */
    bool cast_of_col;        /* col("a").cast(t): named a when selected alone */
} Compiled;

/* df_ops.c: a DataFrame from compiled columns (shared with df_group.c) */
typedef struct { Compiled *cols; int n, cap; } Cols;
void cols_add(Cols *c, Compiled x);
void cols_free(Cols *c);
bool cols_compile(Interp *I, Cols *c, const Expr *e, const DataType *schema);
/* SELECT cols FROM (df) tail; unknown[i]: take column i's type from DuckDB */
bool make_select(Interp *I, DataFrame *df, Cols *c, const char *tail, const bool *unknown, Value *out);
Expr **args_exprs(Call *c, int from, int *n, bool strings_are_cols, bool sql_strings);   /* Columns, names, or a Seq */
void exprs_free(Expr **ex, int n);
bool expr_compile(Interp *I, const Expr *e, const DataType *schema, Compiled *out);
/* df_schema.c: a DataType value's type (a DataType object such as DoubleType, or a StructType),
 * borrowed; NULL if v is neither. */
DataType *dt_of_value(Value v);
/* Registers functions of org.apache.spark.sql.functions (globals, functions.x, the qualified name). */
void df_register_functions(Interp *I, const MethodDef *fns, int n);
/* df_window.c: an "over" node (a function over a WindowSpec); whether e is a window function
 * (row_number(), lag(…) …), which only compiles under over. */
bool df_compile_over(Interp *I, const Expr *e, const DataType *schema, Compiled *out);
bool df_is_window_function(const Expr *e);
bool df_window_without_over(Interp *I, const Expr *e);   /* Spark's error; false */
bool df_col_over(Call *c, Value *out);   /* Column.over(spec) */
void compiled_clear(Compiled *c);

/* ---- schemas in Scala (df_schema.c) ---- */
extern HostClass structtype_class;       /* data: a DataType (struct), owned */
bool df_structtype_new(Call *c, Value *out);   /* new StructType() / StructType(fields) */
bool df_structtype_add(Call *c, Value *out);   /* st.add(name, type[, nullable]) */
DataType *ddl_schema(Interp *I, const char *text);   /* "id LONG, name STRING"; NULL with Spark's ParseException */
/* from_json/to_json compiled (*handled), or nothing to do (!*handled); false with an exception. */
bool df_compile_json_fn(Interp *I, const Expr *e, const DataType *schema, Compiled *out, bool *handled);
/* Milliseconds of a Spark interval string ("10 seconds", "1 minute"); false if it is none. */
bool df_interval_ms(const char *s, int64_t *ms);
/* groupBy's keys with a sliding window: the rows expanded, one per window (df_schema.c). */
bool df_expand_window(Interp *I, DataFrame *df, Expr *const *keys, int n, Value *out, Expr ***keys_out);

/* ---- joins (df_join.c) ---- */
bool df_join(Call *c, Value *out);         /* df.join(other[, using | condition][, joinType]) */
bool df_cross_join(Call *c, Value *out);   /* df.crossJoin(other) */
/* The index in schema (a join's output) of the column `name` of the DataFrame origin (a df("a")
 * Column's Expr.lit) when schema is a join of it; -1 otherwise. */
int df_join_resolve(const DataType *schema, Value origin, const char *name);

/* ---- user-defined functions (df_udf.c) ---- */
bool udf_compile(Interp *I, const Expr *e, const DataType *schema, Compiled *out);   /* an EX_UDF node */
bool df_session_udf(Call *c, Value *out);  /* spark.udf */
void udf_init(Interp *I);                  /* udf(f), UserDefinedFunction, UDFRegistration */

/* ---- files (df_files.c; df_options_put in df_write.c) ---- */
/* Puts the pairs of a Map[String, String] into options (DataFrameReader/Writer.options). */
bool df_options_put(Interp *I, json_t *options, Value map);
/* spark.read.text / textFile (strings: a Dataset[String]) of files or folders. */
bool df_read_text(Interp *I, DfState *st, const char *const *paths, int npaths, bool strings, Value *out);
/* spark.read.csv with options header, inferSchema, sep. */
bool df_read_csv(Interp *I, DfState *st, const char *const *paths, int npaths, json_t *options, Value *out);
/* format "json" or "parquet" at paths holding partitionBy folders (k=v/…): 1 and *out, 0 when
 * there are no partition folders (read them as usual), -1 with an exception raised. */
int df_read_partitioned(Interp *I, DfState *st, const char *format, const char *const *paths, int npaths, Value *out);
/* A partition value as Spark names its folder (escapePathName; null or "" → __HIVE_DEFAULT_PARTITION__). */
void df_partition_escape(StrBuf *b, const char *s);

/* toDF/toDS on Seq and RDD, spark.implicits._ (df_implicits.c). */
void implicits_init(Interp *I);

/* ---- other classes ---- */

/* spark.createDataFrame(seq | rdd) (df_rows.c). */
bool df_create_dataframe(Call *c, Value *out);
/* A Row value over the values (taken) and a schema (ref taken). */
Value row_make(DataType *schema, Value *vals, int n);
/* A row of a query over schema as Spark's JSON object text (nulls omitted) (df_write.c). */
void df_row_json(StrBuf *b, const DfCursor *c, const DataType *schema);
/* df_rows.c: filter(f) with a Scala function over the rows (Dataset's typed filter). */
bool df_filter_fn(Interp *I, DataFrame *df, Value fn, Value *out);
/* The cell of column col of type t as an interpreter value (new). */
Value df_cell_value(Interp *I, DfCursor *c, int col, const DataType *t);

#endif
