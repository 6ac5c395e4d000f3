/* df_write.c — df.write (DataFrameWriter): mode append|overwrite|error|ignore, format json|csv,
 * options (header), save(path) / json(path) / csv(path). Output is laid out as Spark lays it out:
 * a directory holding part-00000-<uuid>-c000.json (one JSON object per line, nulls omitted, as
 * Spark's JSON generator writes them) or .csv, written under a temporary name and renamed, plus an
 * empty _SUCCESS marker. Parquet (part-00000-<uuid>-c000.snappy.parquet) is written through
 * DuckDB (df_parquet.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spark/sql/df_internal.h"
#include "spark/modules.h"
#include "util/uuid.h"

typedef struct { Value df; char mode[24]; char format[24]; json_t *options; } Writer;

static void writer_finalize(void *d) { Writer *w = d; val_decref(w->df); json_decref(w->options); free(w); }
static void writer_traverse(void *d, VisitFn visit, void *ctx) { visit(((Writer *)d)->df, ctx); }
static HostClass writer_class;

static bool df_write(Call *c, Value *out) {
    if (!df_self(c)) return false;
    Writer *w = calloc(1, sizeof *w);
    if (!w) abort();
    val_incref(c->self);
    w->df = c->self;
    strcpy(w->mode, "errorifexists");
    strcpy(w->format, "parquet");   /* Spark's default data source */
    w->options = json_object();
    *out = host_new(&writer_class, w);
    return true;
}

static Writer *writer_self(Call *c) {
    Writer *w = c->self.t == T_HOST && as_host(c->self)->cls == &writer_class ? as_host(c->self)->data : NULL;
    if (!w) interp_throw(c->I, "java.lang.IllegalStateException", "not a DataFrameWriter");
    return w;
}

static bool ret_self(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }

static bool writer_mode(Call *c, Value *out) {
    Writer *w = writer_self(c);
    if (!w) return false;
    char *m = val_to_string(c->I, c->argv[0]);   /* a String, or SaveMode.Append */
    const char *known[] = {"overwrite", "append", "ignore", "error", "errorifexists", "default"};
    bool ok = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) ok |= !strcasecmp(m, known[i]);
    if (!ok) {
        interp_throw(c->I, "java.lang.IllegalArgumentException",
                     "Unknown save mode: %s. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.", m);
        free(m);
        return false;
    }
    snprintf(w->mode, sizeof w->mode, "%s", m);
    for (char *p = w->mode; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    if (!strcmp(w->mode, "error") || !strcmp(w->mode, "default")) strcpy(w->mode, "errorifexists");
    free(m);
    return ret_self(c, out);
}

static bool writer_format(Call *c, Value *out) {
    Writer *w = writer_self(c);
    const char *f;
    if (!w || !arg_string(c, 0, &f)) return false;
    snprintf(w->format, sizeof w->format, "%s", f);
    for (char *p = w->format; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    return ret_self(c, out);
}

static bool writer_option(Call *c, Value *out) {
    Writer *w = writer_self(c);
    const char *k;
    if (!w || !arg_string(c, 0, &k)) return false;
    char *v = val_to_string(c->I, c->argv[1]);
    json_object_set_new(w->options, k, json_string(v));
    free(v);
    return ret_self(c, out);
}

static bool writer_options(Call *c, Value *out) {
    Writer *w = writer_self(c);
    Value *items;
    size_t n;
    if (!w || !interp_iter_items(c->I, c->argv[0], &items, &n)) return false;
    for (size_t i = 0; i < n; i++)
        if (items[i].t == T_TUPLE && as_tuple(items[i])->n == 2) {
            char *k = val_to_string(c->I, as_tuple(items[i])->items[0]);
            char *v = val_to_string(c->I, as_tuple(items[i])->items[1]);
            json_object_set_new(w->options, k, json_string(v));
            free(k);
            free(v);
        }
    interp_free_items(items, n);
    return ret_self(c, out);
}

static bool opt_true(Writer *w, const char *key) {
    json_t *v = json_object_get(w->options, key);
    return v && json_is_string(v) && !strcasecmp(json_string_value(v), "true");
}

/* ---- files ---- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

static bool mkdirs(const char *path) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return false;
        *p = '/';
    }
    return mkdir(buf, 0777) == 0 || errno == EEXIST;
}

/* ---- rows as text ---- */

static void json_cell(StrBuf *b, const DfCursor *c, int i, const DataType *t) {
    char buf[40];
    switch (t->kind) {
    case DT_LONG: case DT_INT: sb_printf(b, "%lld", dfc_int(c, i)); return;
    case DT_DOUBLE: sb_puts(b, java_double(buf, dfc_double(c, i))); return;
    case DT_BOOL: sb_puts(b, dfc_int(c, i) ? "true" : "false"); return;
    case DT_STRUCT: case DT_ARRAY: {
        json_t *j = dfc_json(c, i);
        json_spark_write(b, j, t);
        json_decref(j);
        return;
    }
    default: {
        size_t len;
        const char *txt = dfc_text((DfCursor *)c, i, &len);
        json_quote(b, txt, len);
    }
    }
}

void df_row_json(StrBuf *b, const DfCursor *c, const DataType *schema) {
    sb_putc(b, '{');
    bool first = true;
    for (int i = 0; i < schema->nfields; i++) {
        if (dfc_null(c, i)) continue;
        if (!first) sb_putc(b, ',');
        first = false;
        json_quote(b, schema->fields[i].name, strlen(schema->fields[i].name));
        sb_putc(b, ':');
        json_cell(b, c, i, schema->fields[i].type);
    }
    sb_putc(b, '}');
}

static void csv_field(StrBuf *b, const char *s) {
    bool quote = !*s ? false : strpbrk(s, ",\"\n\r") != NULL || s[0] == ' ' || s[strlen(s) - 1] == ' ';
    if (!quote) { sb_puts(b, s); return; }
    sb_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') sb_putc(b, '\\');
        sb_putc(b, *s);
    }
    sb_putc(b, '"');
}

static void csv_cell(StrBuf *b, DfCursor *c, int i, const DataType *t) {
    char buf[40];
    switch (t->kind) {
    case DT_LONG: case DT_INT: sb_printf(b, "%lld", dfc_int(c, i)); return;
    case DT_DOUBLE: sb_puts(b, java_double(buf, dfc_double(c, i))); return;
    case DT_BOOL: sb_puts(b, dfc_int(c, i) ? "true" : "false"); return;
    default: {
        size_t len;
        const char *txt = dfc_text(c, i, &len);
        if (!len) { sb_puts(b, "\"\""); return; }
        char *z = strndup(txt, len);
        csv_field(b, z);
        free(z);
    }
    }
}

/* Writes the rows to dir/part-00000-<uuid>-c000.<ext> (via a temporary name) and _SUCCESS. */
static bool write_rows(Interp *I, DataFrame *df, const char *dir, bool csv, bool header) {
    DfCursor cur;
    if (!df_cursor(I, df, -1, &cur)) return false;
    char uuid[37], tmp[4200], final[4200];
    uuid4(uuid);
    snprintf(final, sizeof final, "%s/part-00000-%s-c000.%s", dir, uuid, csv ? "csv" : "json");
    snprintf(tmp, sizeof tmp, "%s/.part-00000-%s-c000.%s.tmp", dir, uuid, csv ? "csv" : "json");
    FILE *f = NULL;
    StrBuf line = {0};
    int nc = df->schema->nfields;
    long rows = 0;
    bool ok = true;
    while (ok && dfc_next(&cur)) {
        if (!f) {
            f = fopen(tmp, "w");
            if (!f) { ok = interp_throw(I, "java.io.IOException", "Mkdirs failed to create file %s (%s)", tmp, strerror(errno)); break; }
            if (csv && header) {
                for (int i = 0; i < nc; i++) { if (i) sb_putc(&line, ','); csv_field(&line, df->schema->fields[i].name); }
                sb_putc(&line, '\n');
            }
        }
        if (!csv) df_row_json(&line, &cur, df->schema);
        for (int i = 0; csv && i < nc; i++) {
            if (i) sb_putc(&line, ',');
            if (!dfc_null(&cur, i)) csv_cell(&line, &cur, i, df->schema->fields[i].type);
        }
        sb_putc(&line, '\n');
        if (fwrite(line.s, 1, line.len, f) != line.len) ok = interp_throw(I, "java.io.IOException", "cannot write %s: %s", tmp, strerror(errno));
        line.len = 0;
        rows++;
    }
    dfc_close(&cur);
    sb_reset(&line);
    if (f && fclose(f) != 0 && ok) ok = interp_throw(I, "java.io.IOException", "cannot write %s: %s", tmp, strerror(errno));
    if (f && ok && rename(tmp, final) != 0) ok = interp_throw(I, "java.io.IOException", "cannot rename %s: %s", tmp, strerror(errno));
    if (f && !ok) unlink(tmp);
    return ok;
}

/* The empty _SUCCESS marker Spark's committer leaves in a folder it wrote. */
static void write_success(const char *dir) {
    char succ[4200];
    snprintf(succ, sizeof succ, "%s/_SUCCESS", dir);
    FILE *m = fopen(succ, "w");
    if (m) fclose(m);
}

static bool writer_save_as(Call *c, Value *out, const char *format) {
    Writer *w = writer_self(c);
    const char *path;
    if (!w) return false;
    if (c->argc < 1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "'path' is not specified");
    if (!arg_string(c, 0, &path)) return false;
    if (format) snprintf(w->format, sizeof w->format, "%s", format);
    DataFrame *df = df_get(w->df);
    if (!df->st->db) return interp_throw(c->I, "java.lang.IllegalStateException", "the SparkSession is stopped");
    bool csv = !strcmp(w->format, "csv") || !strcmp(w->format, "com.databricks.spark.csv");
    bool parquet = !strcmp(w->format, "parquet");
    if (!csv && !parquet && strcmp(w->format, "json")) {
        if (!strcmp(w->format, "orc") || !strcmp(w->format, "avro") || !strcmp(w->format, "delta"))
            return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                                "%s is a known gap of this kernel: write with .format(\"parquet\"), .format(\"json\") or .format(\"csv\") instead",
                                w->format);
        return interp_throw(c->I, "java.lang.ClassNotFoundException",
                            "Failed to find data source: %s. The supported formats are parquet, json and csv.", w->format);
    }
    if (csv)
        for (int i = 0; i < df->schema->nfields; i++) {
            DtKind k = df->schema->fields[i].type->kind;
            if (k == DT_STRUCT || k == DT_ARRAY) {
                StrBuf b = {0};
                dt_simple(&b, df->schema->fields[i].type, -1);
                df_analysis(c->I, "CSV data source does not support %s data type.", b.s);
                sb_reset(&b);
                return false;
            }
        }
    char *dir = df_local_path(c->I, path);
    if (!dir) return false;
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dir[--dl] = 0;
    struct stat sb;
    bool exists = stat(dir, &sb) == 0;
    bool ok = true;
    if (exists && !strcmp(w->mode, "errorifexists")) ok = df_analysis(c->I, "path file:%s already exists.", dir);
    else if (exists && !strcmp(w->mode, "ignore")) { free(dir); *out = v_unit(); return true; }
    else if (exists && !strcmp(w->mode, "overwrite")) {
        if (!strcmp(dir, "/") || !S_ISDIR(sb.st_mode) ? remove(dir) != 0 : nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
            ok = interp_throw(c->I, "java.io.IOException", "Unable to clear output directory file:%s prior to writing to it (%s)", dir, strerror(errno));
    } else if (exists && !S_ISDIR(sb.st_mode)) ok = df_analysis(c->I, "path file:%s already exists (and is not a directory).", dir);
    if (ok && !mkdirs(dir)) ok = interp_throw(c->I, "java.io.IOException", "Mkdirs failed to create file:%s (%s)", dir, strerror(errno));
    if (ok) ok = parquet ? df_write_parquet(c->I, df, dir) : write_rows(c->I, df, dir, csv, opt_true(w, "header"));
    if (ok) write_success(dir);
    free(dir);
    if (ok) *out = v_unit();
    return ok;
}

static bool writer_save(Call *c, Value *out) {
    return writer_save_as(c, out, c->data);   /* json, csv, parquet: the format is the method's data */
}

static bool writer_unsupported(Call *c, Value *out) {
    (void)out;
    return interp_throw(c->I, "java.lang.UnsupportedOperationException", "DataFrameWriter.%s is not supported by this kernel (save(path) writes one directory of files)", c->name);
}

static const MethodDef writer_methods[] = {
    METHOD("mode", writer_mode, 1, 1, "def mode(saveMode: String): DataFrameWriter[T]", "append, overwrite, error (default) or ignore."),
    METHOD("format", writer_format, 1, 1, "def format(source: String): DataFrameWriter[T]", "parquet (the default), json or csv."),
    METHOD("option", writer_option, 2, 2, "def option(key: String, value: String): DataFrameWriter[T]", "An output option (csv: header)."),
    METHOD("options", writer_options, 1, 1, "def options(options: Map[String, String]): DataFrameWriter[T]", "Output options."),
    METHOD("save", writer_save, 1, 1, "def save(path: String): Unit", "Writes a directory of part files and _SUCCESS, as Spark does."),
    METHOD_DATA("json", writer_save, "json", 1, 1, "def json(path: String): Unit", "format(\"json\").save(path)."),
    METHOD_DATA("csv", writer_save, "csv", 1, 1, "def csv(path: String): Unit", "format(\"csv\").save(path)."),
    METHOD_DATA("parquet", writer_save, "parquet", 1, 1, "def parquet(path: String): Unit", "format(\"parquet\").save(path): one snappy part file, written through DuckDB."),
    METHOD("partitionBy", writer_unsupported, 1, -1, "def partitionBy(colNames: String*): DataFrameWriter[T]", "Not supported."),
    METHOD("saveAsTable", writer_unsupported, 1, 1, "def saveAsTable(tableName: String): Unit", "Not supported (use createOrReplaceTempView)."),
};
static HostClass writer_class = {.name = "DataFrameWriter", .qualified = "org.apache.spark.sql.DataFrameWriter",
                                 .doc = "df.write: mode(...).format(\"parquet\"|\"json\"|\"csv\").save(path).",
                                 .doc_url = DF_DOC "DataFrameWriter.html",
                                 HOST_METHODS(writer_methods),
                                 .finalize = writer_finalize, .traverse = writer_traverse};

const MethodDef df_write_methods[] = {
    METHOD("write", df_write, 0, 0, "def write: DataFrameWriter[Row]", "Saves the rows: df.write.mode(\"append\").format(\"json\").save(path)."),
};
const int df_write_nmethods = NMETHODS(df_write_methods);

void write_init(Interp *I) { interp_register_class(I, &writer_class); }
