/* session.c — `spark`, the SparkSession: spark.read (DataFrameReader: json over an RDD[String],
 * a Dataset[String] or JSON-lines files, read by json_read.c; parquet via df_parquet.c; csv and
 * text files), spark.sqlContext, spark.sql, spark.table, spark.catalog, spark.createDataFrame/range,
 * and the conversions that make DataFrames out of Scala values.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/progress.h"
#include "spark/sql/df_internal.h"
#include "spark/structured/structured.h"
#include "spark/spark.h"
#include "spark/modules.h"

/* ---- DataFrameReader ---- */

typedef struct { char format[16]; json_t *options; DataType *schema; } Reader;   /* schema: given, or NULL */

static void reader_finalize(void *d) { Reader *r = d; json_decref(r->options); dt_unref(r->schema); free(r); }

static Value reader_new(void) {
    Reader *r = calloc(1, sizeof *r);
    if (!r) abort();
    strcpy(r->format, "json");
    r->options = json_object();
    return host_new(&reader_class, r);
}

static bool reader_self(Value v, Reader **out) {
    *out = v.t == T_HOST && as_host(v)->cls == &reader_class ? as_host(v)->data : NULL;
    return *out != NULL;
}

static bool read_paths_lines(Call *c, Value **items, size_t *n) {
    *items = NULL;
    *n = 0;
    for (int i = 0; i < c->argc; i++) {
        const char *p;
        if (!arg_string(c, i, &p)) { interp_free_items(*items, *n); return false; }
        char *lp = df_local_path(c->I, p);
        if (!lp) { interp_free_items(*items, *n); return false; }
        if (access(lp, F_OK) != 0) {
            interp_free_items(*items, *n);
            df_analysis(c->I, "Path does not exist: file:%s", lp);
            free(lp);
            return false;
        }
        Value *more;
        size_t nm;
        bool ok = spark_read_lines(c->I, lp, &more, &nm);
        free(lp);
        if (!ok) { interp_free_items(*items, *n); return false; }
        *items = realloc(*items, (*n + nm + 1) * sizeof(Value));
        memcpy(*items + *n, more, nm * sizeof(Value));
        *n += nm;
        free(more);
    }
    return true;
}

/* The String arguments as paths (malloc'd array of borrowed strings), or NULL with an exception. */
static const char **reader_paths(Call *c) {
    if (c->argc < 1) { interp_throw(c->I, "java.lang.IllegalArgumentException", "give a path"); return NULL; }
    const char **paths = calloc((size_t)c->argc, sizeof *paths);
    if (!paths) abort();
    for (int i = 0; i < c->argc; i++)
        if (!arg_string(c, i, &paths[i])) { free(paths); return NULL; }
    return paths;
}

/* json/parquet paths holding partitionBy folders (df_files.c): 1 read, 0 not partitioned, -1 error. */
static int reader_partitioned(Call *c, const char *format, Value *out) {
    DfState *st = df_state(c->I);
    if (!st) return -1;
    const char **paths = reader_paths(c);
    if (!paths) return -1;
    int r = df_read_partitioned(c->I, st, format, paths, c->argc, out);
    free(paths);
    return r;
}

/* spark.read[.schema(s)].json(rdd | dataset | paths…) */
static bool reader_json(Call *c, Value *out) {
    if (c->argc < 1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "json: give an RDD[String], a Dataset[String] or a path");
    Reader *rd;
    DataType *given = reader_self(c->self, &rd) ? rd->schema : NULL;
    Value a = c->argv[0];
    Value *items = NULL;
    size_t n = 0;
    Rdd *r = rdd_peek(a);
    DataFrame *df = df_get(a);
    if (rdd_is_lazy(r) && !given) return df_read_json_lazy(c->I, a, out);
    if (r) items = rdd_items(r, &n);
    else if (df) {
        if (!df_strings(c->I, df, &items, &n)) return false;
    } else if (a.t == T_STR) {
        int pr = reader_partitioned(c, "json", out);
        if (pr) return pr > 0;
        if (!read_paths_lines(c, &items, &n)) return false;
    } else if (!interp_iter_items(c->I, a, &items, &n)) {
        char *tn = val_type_name(c->I, a);
        interp_throw(c->I, "java.lang.IllegalArgumentException", "json: expected an RDD[String], a Dataset[String] or a path, not %s", tn);
        free(tn);
        return false;
    }
    bool ok = df_read_json_values(c->I, items, n, given, out);
    interp_free_items(items, n);
    return ok;
}

/* schema(StructType | "id INT, name STRING"): the rows' schema, not inferred (json) */
static bool reader_schema(Call *c, Value *out) {
    Reader *r;
    if (!reader_self(c->self, &r)) return false;
    DataType *s = c->argv[0].t == T_STR ? ddl_schema(c->I, as_str(c->argv[0])->s) : dt_of_value(c->argv[0]);
    if (!s) return c->argv[0].t == T_STR ? false : interp_throw(c->I, "java.lang.IllegalArgumentException", "schema: give a StructType or a DDL string such as \"id INT, name STRING\"");
    if (c->argv[0].t != T_STR) dt_ref(s);   /* dt_of_value's is borrowed */
    if (s->kind != DT_STRUCT) { dt_unref(s); return interp_throw(c->I, "java.lang.IllegalArgumentException", "schema: give a StructType"); }
    dt_unref(r->schema);
    r->schema = s;
    val_incref(c->self);
    *out = c->self;
    return true;
}

static bool reader_format(Call *c, Value *out) {
    Reader *r;
    const char *f;
    if (!reader_self(c->self, &r) || !arg_string(c, 0, &f)) return false;
    snprintf(r->format, sizeof r->format, "%s", f);
    for (char *p = r->format; *p; p++) *p = (char)tolower((unsigned char)*p);
    val_incref(c->self);
    *out = c->self;
    return true;
}

static bool reader_option(Call *c, Value *out) {
    Reader *r;
    const char *k;
    if (!reader_self(c->self, &r) || !arg_string(c, 0, &k)) return false;
    char *v = val_to_string(c->I, c->argv[1]);
    json_object_set_new(r->options, k, json_string(v));
    free(v);
    val_incref(c->self);
    *out = c->self;
    return true;
}

/* spark.read.parquet(paths…): folders of part files, or files (df_parquet.c) */
static bool reader_parquet(Call *c, Value *out) {
    if (c->argc < 1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "parquet: give a path");
    DfState *st = df_state(c->I);
    if (!st) return false;
    const char **paths = calloc((size_t)c->argc, sizeof *paths);
    if (!paths) abort();
    bool ok = true;
    for (int i = 0; ok && i < c->argc; i++) ok = arg_string(c, i, &paths[i]);
    int r = ok ? df_read_partitioned(c->I, st, "parquet", paths, c->argc, out) : -1;
    if (r == 0) ok = df_read_parquet(c->I, st, paths, c->argc, out);
    else ok = r > 0;
    free(paths);
    return ok;
}

/* spark.read.csv(paths…) with options header, inferSchema, sep (df_files.c) */
static bool reader_csv(Call *c, Value *out) {
    Reader *r;
    DfState *st = df_state(c->I);
    if (!st || !reader_self(c->self, &r)) return false;
    const char **paths = reader_paths(c);
    if (!paths) return false;
    bool ok = df_read_csv(c->I, st, paths, c->argc, r->options, out);
    free(paths);
    return ok;
}

/* spark.read.text(paths…) / textFile(paths…) (a Dataset[String]: the method's data) */
static bool reader_text(Call *c, Value *out) {
    DfState *st = df_state(c->I);
    if (!st) return false;
    const char **paths = reader_paths(c);
    if (!paths) return false;
    bool ok = df_read_text(c->I, st, paths, c->argc, c->data != NULL, out);
    free(paths);
    return ok;
}

static bool reader_options(Call *c, Value *out) {
    Reader *r;
    if (!reader_self(c->self, &r) || !df_options_put(c->I, r->options, c->argv[0])) return false;
    val_incref(c->self);
    *out = c->self;
    return true;
}

static bool reader_load(Call *c, Value *out) {
    Reader *r;
    if (!reader_self(c->self, &r)) return false;
    if (!strcmp(r->format, "json")) return reader_json(c, out);
    if (!strcmp(r->format, "parquet")) return reader_parquet(c, out);
    if (!strcmp(r->format, "csv") || !strcmp(r->format, "com.databricks.spark.csv")) return reader_csv(c, out);
    if (!strcmp(r->format, "text")) return reader_text(c, out);
    return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                        "data source %s is not supported; spark.read supports json, parquet, csv and text", r->format);
}

static const MethodDef reader_methods[] = {
    METHOD("json", reader_json, 1, -1, "def json(jsonRDD: RDD[String]): DataFrame",
      "Reads JSON documents (one per element, or one per line of the files at the paths), inferring the schema as Spark does."),
    METHOD("parquet", reader_parquet, 1, -1, "def parquet(paths: String*): DataFrame",
      "Reads Parquet files, or folders of part files as Spark writes them (through DuckDB)."),
    METHOD("csv", reader_csv, 1, -1, "def csv(paths: String*): DataFrame",
      "Reads CSV files or folders: option(\"header\", \"true\") takes the names from the first line, option(\"inferSchema\", \"true\") infers int, long, double, boolean as Spark does (else strings)."),
    METHOD("text", reader_text, 1, -1, "def text(paths: String*): DataFrame", "Reads text files: one row (column value) per line."),
    METHOD_DATA("textFile", reader_text, "strings", 1, -1, "def textFile(paths: String*): Dataset[String]", "Reads text files as a Dataset[String] of their lines."),
    METHOD("format", reader_format, 1, 1, "def format(source: String): DataFrameReader", "The input format (json, parquet, csv or text)."),
    METHOD("schema", reader_schema, 1, 1, "def schema(schema: StructType): DataFrameReader",
      "The rows' schema for json (a StructType or DDL text such as \"id INT, name STRING\"), used instead of inferring one."),
    METHOD("option", reader_option, 2, 2, "def option(key: String, value: String): DataFrameReader", "An input option (csv: header, inferSchema, sep)."),
    METHOD("options", reader_options, 1, 1, "def options(options: Map[String, String]): DataFrameReader", "Input options."),
    METHOD("load", reader_load, 1, -1, "def load(path: String): DataFrame", "Reads the path in the chosen format."),
};
HostClass reader_class = {.name = "DataFrameReader", .qualified = "org.apache.spark.sql.DataFrameReader",
                          .doc = "Reads DataFrames: spark.read.json(rdd | path).", .doc_url = DF_DOC "DataFrameReader.html",
                          HOST_METHODS(reader_methods),
                          .finalize = reader_finalize};

/* ---- Dataset[String] rows ---- */

bool df_strings(Interp *I, DataFrame *df, Value **items, size_t *n) {
    *items = NULL;
    *n = 0;
    if (df->schema->nfields != 1 || df->schema->fields[0].type->kind != DT_STRING)
        return df_analysis(I, "a Dataset[String] (one string column) is needed here, not %s", "a DataFrame of other columns");
    DfCursor cur;
    if (!df_cursor(I, df, -1, &cur)) return false;
    size_t cap = 0;
    while (dfc_next(&cur)) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *items = realloc(*items, cap * sizeof(Value));
            if (!*items) abort();
        }
        size_t len;
        const char *t = dfc_null(&cur, 0) ? NULL : dfc_text(&cur, 0, &len);
        (*items)[(*n)++] = t ? str_new(t, len) : v_null();
    }
    dfc_close(&cur);
    return true;
}

/* ---- SparkSession and SQLContext ---- */

static bool ss_read(Call *c, Value *out) { (void)c; *out = reader_new(); return true; }

static bool ss_sqlcontext(Call *c, Value *out) {
    if (!df_state(c->I)) return false;
    *out = host_new(&sqlcontext_class, NULL);
    return true;
}

static bool ss_self(Call *c, Value *out) {
    DfState *st = df_state(c->I);
    if (!st) return false;
    val_incref(st->spark);
    *out = st->spark;
    return true;
}

/* Runs a query of the session: a DataFrame in *out, or false with its error raised. */
static bool session_query(Call *c, const char *q, Value *out) {
    DfState *st = df_state(c->I);
    if (!st) return false;
    char *ename = NULL, *err = NULL;
    bool ok = sql_query(st, q, out, &ename, &err);
    if (!ok) interp_throw(c->I, ename ? ename : "org.apache.spark.sql.AnalysisException", "%s", err ? err : "query failed");
    free(ename);
    free(err);
    return ok;
}

static bool ss_sql(Call *c, Value *out) {
    const char *q;
    return arg_string(c, 0, &q) && session_query(c, q, out);
}

static bool ss_table(Call *c, Value *out) {
    const char *name;
    if (!arg_string(c, 0, &name)) return false;
    StrBuf q = {0};
    sb_puts(&q, "SELECT * FROM ");
    bool global = !strncasecmp(name, "global_temp.", 12);
    if (global) { sb_puts(&q, "global_temp."); name += 12; }
    sql_ident(&q, name);
    bool ok = session_query(c, q.s, out);
    sb_reset(&q);
    /* the view's own schema: Spark's types and nullability (an Int column stays nullable = false),
     * which the stored table's columns do not keep */
    DataFrame *df = ok ? df_get(*out) : NULL;
    struct DfView *v = df ? view_find(df->st, name, global) : NULL;
    if (v && v->schema && v->schema->nfields == df->schema->nfields) {
        dt_unref(df->schema);
        df->schema = dt_ref(v->schema);
    }
    return ok;
}

/* spark.range(end) / range(start, end[, step]): a Dataset[Long] of one column, id (not nullable). */
static bool ss_range(Call *c, Value *out) {
    long long a[3] = {0, 0, 1};
    for (int i = 0; i < c->argc; i++) {
        Value v = c->argv[i];
        if (v.t != T_INT && v.t != T_LONG) return interp_throw(c->I, "java.lang.IllegalArgumentException", "range takes Long arguments");
        a[c->argc == 1 ? 1 : i] = v.t == T_INT ? v.u.i : v.u.l;
    }
    if (!a[2]) return interp_throw(c->I, "java.lang.IllegalArgumentException", "requirement failed: step (0) cannot be 0");
    DfState *st = df_state(c->I);
    if (!st) return false;
    char q[160], *err = NULL;
    snprintf(q, sizeof q, "SELECT \"range\" AS id FROM range(%lld, %lld, %lld)", a[0], a[1], a[2]);
    if (!sql_materialise(st, q, true, out, &err)) {
        sql_raise(c->I, err ? err : "range failed", NULL);
        free(err);
        return false;
    }
    df_get(*out)->schema->fields[0].nullable = false;
    df_set_dataset_type(*out, "Long");
    df_get(*out)->kind = DFK_VALUES;   /* collect() gives Array[Long], first() a Long */
    return true;
}

static bool ss_version(Call *c, Value *out) { (void)c; *out = str_cstr("3.5.5"); return true; }
static bool ss_noop(Call *c, Value *out) { (void)c; *out = v_unit(); return true; }
static bool ss_sc(Call *c, Value *out) { *out = spark_context(c->I); val_incref(*out); return true; }

static const MethodDef session_methods[] = {
    METHOD("read", ss_read, 0, 0, "def read: DataFrameReader", "Reads DataFrames: spark.read.json(rdd | path)."),
    METHOD("readStream", structured_read_stream, 0, 0, "def readStream: DataStreamReader",
           "Reads streams (Structured Streaming): spark.readStream.format(\"kafka\").option(\"subscribe\", topic).load()."),
    METHOD("streams", structured_streams, 0, 0, "def streams: StreamingQueryManager", "The streaming queries: spark.streams.active."),
    METHOD("sqlContext", ss_sqlcontext, 0, 0, "def sqlContext: SQLContext", "The SQLContext (its read and sql are the session's)."),
    METHOD("newSession", ss_self, 0, 0, "def newSession(): SparkSession", "This session (one per kernel)."),
    METHOD("sql", ss_sql, 1, 1, "def sql(sqlText: String): DataFrame",
      "Runs a query over the temp views (Spark SQL on DuckDB; struct.field works) and returns its rows as a DataFrame."),
    METHOD("table", ss_table, 1, 1, "def table(tableName: String): DataFrame", "The rows of a temp view."),
    METHOD("createDataFrame", df_create_dataframe, 1, 1, "def createDataFrame(data: Seq[A]): DataFrame",
      "A DataFrame of tuples (columns _1, _2 …), case class instances (their fields) or Rows; chain .toDF(names) to name the columns."),
    METHOD("range", ss_range, 1, 3, "def range(start: Long, end: Long, step: Long = 1): Dataset[Long]",
      "The numbers from start (0 with one argument) to end, exclusive, by step, as a column named id."),
    METHOD("udf", df_session_udf, 0, 0, "def udf: UDFRegistration", "Registers Scala functions for SQL: spark.udf.register(\"f\", (x: Int) => x + 1)."),
    METHOD("version", ss_version, 0, 0, "def version: String", "The Spark version this kernel follows."),
    METHOD("stop", ss_noop, 0, 0, "def stop(): Unit", "Ignored: the session lives as long as the kernel."),
    METHOD("sparkContext", ss_sc, 0, 0, "def sparkContext: SparkContext", "`sc`."),
};
HostClass session_class = {.name = "SparkSession", .qualified = "org.apache.spark.sql.SparkSession",
                           .doc = "The entry point to DataFrames and SQL. Predefined as `spark`.",
                           .doc_url = DF_DOC "SparkSession.html",
                           HOST_METHODS(session_methods)};

static const MethodDef sqlcontext_methods[] = {
    METHOD("read", ss_read, 0, 0, "def read: DataFrameReader", "Reads DataFrames: sqlContext.read.json(rdd | path)."),
    METHOD("sql", ss_sql, 1, 1, "def sql(sqlText: String): DataFrame", "Runs a query over the temp views (Spark SQL on DuckDB)."),
    METHOD("table", ss_table, 1, 1, "def table(tableName: String): DataFrame", "The rows of a temp view."),
    METHOD("sparkSession", ss_self, 0, 0, "def sparkSession: SparkSession", "`spark`."),
    METHOD("sparkContext", ss_sc, 0, 0, "def sparkContext: SparkContext", "`sc`."),
};
HostClass sqlcontext_class = {.name = "SQLContext", .qualified = "org.apache.spark.sql.SQLContext",
                              .doc = "Spark 1.x's entry point to DataFrames (spark.sqlContext).",
                              .doc_url = DF_DOC "SQLContext.html",
                              HOST_METHODS(sqlcontext_methods)};

/* SQLContext.getOrCreate(sc) (deprecated since 2.0.0): the session's SQLContext */
static bool sqlcontext_get(Call *c, Value *out) { return ss_sqlcontext(c, out); }
static const MethodDef sqlcontext_obj_methods[] = {
    METHOD("getOrCreate", sqlcontext_get, 1, 1, "def getOrCreate(sparkContext: SparkContext): SQLContext",
           "The session's SQLContext (deprecated since Spark 2.0: use SparkSession.builder.getOrCreate())."),
};
static HostClass sqlcontext_obj_class = {.name = "SQLContext$", .qualified = "org.apache.spark.sql.SQLContext$",
                                         .doc = "SQLContext.getOrCreate(sc).", HOST_METHODS(sqlcontext_obj_methods)};

HostClass catalog_class = {.name = "Catalog", .qualified = "org.apache.spark.sql.catalog.Catalog",
                           .doc = "The temp views."};

/* ---- the SparkSession object and its Builder: SparkSession.builder.config(conf).getOrCreate() ---- */

static bool builder_new(Call *c, Value *out);
static bool builder_self(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }

static const MethodDef builder_methods[] = {
    METHOD("appName", builder_self, 1, 1, "def appName(name: String): Builder", "Ignored: the kernel has one session."),
    METHOD("master", builder_self, 1, 1, "def master(master: String): Builder", "Ignored: the kernel's master is set at its start (MASTER)."),
    METHOD("config", builder_self, 1, 2, "def config(key: String, value: String): Builder", "Ignored (a SparkConf or a key and value): the kernel has one session."),
    METHOD("enableHiveSupport", builder_self, 0, 0, "def enableHiveSupport(): Builder", "Ignored: temp views only."),
    METHOD("getOrCreate", ss_self, 0, 0, "def getOrCreate(): SparkSession", "The kernel's session, `spark`."),
};
static char *builder_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.SparkSession$Builder@dstream"); }
static HostClass builder_class = {.name = "SparkSession.Builder", .qualified = "org.apache.spark.sql.SparkSession.Builder",
                                  .doc = "Builds the session: SparkSession.builder.config(conf).getOrCreate() gives `spark`.",
                                  .doc_url = DF_DOC "SparkSession$$Builder.html", .to_string = builder_str,
                                  HOST_METHODS(builder_methods)};

static bool builder_new(Call *c, Value *out) {
    (void)c;
    *out = host_new(&builder_class, NULL);
    return true;
}

static const MethodDef session_object_methods[] = {
    METHOD("builder", builder_new, 0, 0, "def builder(): Builder", "A Builder whose getOrCreate() gives the kernel's session."),
    METHOD("active", ss_self, 0, 0, "def active: SparkSession", "The kernel's session, `spark`."),
};
static char *session_object_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.SparkSession$@dstream"); }
static HostClass session_object_class = {.name = "SparkSession$", .qualified = "org.apache.spark.sql.SparkSession$",
                                         .doc = "The SparkSession object: SparkSession.builder.", .doc_url = DF_DOC "SparkSession$.html",
                                         .to_string = session_object_str, HOST_METHODS(session_object_methods)};

static char *session_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.SparkSession@dstream"); }

/* display(df) / display(df, "bar"|"line"): Databricks' display, the table and optionally a chart */
static bool f_display(Call *c, Value *out) {
    DataFrame *df = c->argc ? df_get(c->argv[0]) : NULL;
    if (!df) return interp_throw(c->I, "error", "display needs a DataFrame: display(df), display(df, \"bar\") or display(df, \"line\")");
    const char *chart = NULL;
    Value *cv = call_arg(c, 1, "chart");
    if (cv && cv->t != T_NULL) {
        chart = cv->t == T_STR ? as_str(*cv)->s : "";
        if (strcmp(chart, "bar") && strcmp(chart, "line"))
            return interp_throw(c->I, "java.lang.IllegalArgumentException", "display's chart is \"bar\" or \"line\", not %s",
                                cv->t == T_STR ? chart : "a non-String");
    }
    char *en = NULL, *ev = NULL;
    if (!sql_display_df(c->I, df, 1000, chart, NULL, &en, &ev)) {   /* Databricks shows 1000 rows */
        bool r = interp_throw(c->I, en ? en : "org.apache.spark.SparkException", "%s", ev ? ev : "the rows could not be read");
        free(en);
        free(ev);
        return r;
    }
    *out = v_unit();
    return true;
}

/* What Spark 3.5 marks @deprecated among the members here and in df_ops.c */
static const Deprecation sql_deprecated[] = {
    {"DataFrameReader", "json", "RDD", "2.2.0"},      /* json(jsonRDD: RDD[String]) */
    {"DataFrame", "registerTempTable", NULL, "2.0.0"},
    {"SQLContext$", "getOrCreate", NULL, "2.0.0"},
};

void session_init(Interp *I, DfState *st) {
    interp_register_deprecations(I, sql_deprecated, (int)(sizeof sql_deprecated / sizeof sql_deprecated[0]));
    session_class.to_string = session_str;
    interp_register_class(I, &session_class);
    interp_register_class(I, &sqlcontext_class);
    spark_register_object(I, &sqlcontext_obj_class, "SQLContext", "org.apache.spark.sql.SQLContext");
    interp_register_class(I, &reader_class);
    st->spark = host_new(&session_class, NULL);
    val_incref(st->spark);
    interp_register_global(I, "spark", st->spark, "val spark: SparkSession", session_class.doc);
    interp_register_class(I, &builder_class);
    interp_register_class(I, &session_object_class);
    static const char *const object_names[] = {"SparkSession", "org.apache.spark.sql.SparkSession", NULL};
    for (int i = 0; object_names[i]; i++)
        interp_register_global(I, object_names[i], host_new(&session_object_class, NULL), "object SparkSession", session_object_class.doc);
    interp_register_global(I, "display", func_new_native(intern("display"), f_display, v_unit(), -1, NULL),
                           "def display(df: DataFrame, chart: String = null): Unit",
                           "Shows a DataFrame's first 1000 rows as a table (HTML and Spark's text), as Databricks' "
                           "display; with chart \"bar\" or \"line\" also an SVG chart: the first column gives the "
                           "labels, every numeric column after it a series (as %%sql --chart).");
}
