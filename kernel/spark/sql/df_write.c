/* df_write.c — df.write (DataFrameWriter): mode append|overwrite|error|ignore, format
 * json|csv|text|parquet, options (header), partitionBy(cols), save(path) / json / csv / text /
 * parquet(path). Output is laid out as Spark lays it out: a directory holding
 * part-00000-<uuid>-c000.json (one JSON object per line, nulls omitted, as Spark's JSON generator
 * writes them), .csv or .txt, written under a temporary name and renamed, plus an empty _SUCCESS
 * marker. Parquet (part-00000-<uuid>-c000.snappy.parquet) is written through DuckDB
 * (df_parquet.c). With partitionBy, each distinct value of the partition columns gets a folder
 * lang=en/ (nested in the columns' order; null → __HIVE_DEFAULT_PARTITION__, names escaped as
 * Spark does) holding part-00000-<job uuid>.c000.<ext> of the other columns.
 */
#include <errno.h>
#include <fcntl.h>
#include <ctype.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lang/progress.h"
#include "spark/core/hadoop_crc.h"
#include "spark/sql/df_internal.h"
#include "spark/modules.h"
#include "util/uuid.h"

typedef struct { Value df; char mode[24]; char format[24]; json_t *options; json_t *partition_by; } Writer;

static void writer_finalize(void *d) {
    Writer *w = d;
    val_decref(w->df);
    json_decref(w->options);
    json_decref(w->partition_by);
    free(w);
}
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

/* Puts the pairs of a Map[String, String] into options (also DataFrameReader.options). */
bool df_options_put(Interp *I, json_t *options, Value map) {
    Value *items;
    size_t n;
    if (!interp_iter_items(I, map, &items, &n)) return false;
    for (size_t i = 0; i < n; i++)
        if (items[i].t == T_TUPLE && as_tuple(items[i])->n == 2) {
            char *k = val_to_string(I, as_tuple(items[i])->items[0]);
            char *v = val_to_string(I, as_tuple(items[i])->items[1]);
            json_object_set_new(options, k, json_string(v));
            free(k);
            free(v);
        }
    interp_free_items(items, n);
    return true;
}

static bool writer_options(Call *c, Value *out) {
    Writer *w = writer_self(c);
    return w && df_options_put(c->I, w->options, c->argv[0]) && ret_self(c, out);
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

typedef enum { OUT_JSON, OUT_CSV, OUT_TEXT } OutKind;
static const char *const out_ext[] = {"json", "csv", "txt"};

/* Writes the rows to dir/<stem>.<ext> (via a temporary name); no file when there are no rows. */
static bool write_rows(Interp *I, DataFrame *df, const char *dir, const char *stem, OutKind kind, bool header) {
    DfCursor cur;
    if (!df_cursor(I, df, -1, &cur)) return false;
    char tmp[4200], final[4200];
    bool csv = kind == OUT_CSV;
    snprintf(final, sizeof final, "%s/%s.%s", dir, stem, out_ext[kind]);
    snprintf(tmp, sizeof tmp, "%s/.%s.%s.tmp", dir, stem, out_ext[kind]);
    FILE *f = NULL;
    StrBuf line = {0};
    int nc = df->schema->nfields;
    long rows = 0;
    bool ok = true;
    char what[4300];
    snprintf(what, sizeof what, "Writing %s to %s", out_ext[kind], dir);
    Progress *pg = progress_begin(I, what, "rows");
    while (ok && dfc_next(&cur)) {
        if (!f) {
            f = fopen(tmp, "w");
            if (!f) { ok = interp_throw(I, "java.io.IOException", "Mkdirs failed to create file %s (%s)", tmp, strerror(errno)); break; }
            if (csv && header) {
                for (int i = 0; i < nc; i++) { if (i) sb_putc(&line, ','); csv_field(&line, df->schema->fields[i].name); }
                sb_putc(&line, '\n');
            }
        }
        if (kind == OUT_JSON) df_row_json(&line, &cur, df->schema);
        else if (kind == OUT_TEXT && !dfc_null(&cur, 0)) {
            size_t len;
            const char *t = dfc_text(&cur, 0, &len);
            sb_add(&line, t, len);
        }
        for (int i = 0; csv && i < nc; i++) {
            if (i) sb_putc(&line, ',');
            if (!dfc_null(&cur, i)) csv_cell(&line, &cur, i, df->schema->fields[i].type);
        }
        sb_putc(&line, '\n');
        if (fwrite(line.s, 1, line.len, f) != line.len) ok = interp_throw(I, "java.io.IOException", "cannot write %s: %s", tmp, strerror(errno));
        line.len = 0;
        rows++;
        progress_update(pg, rows, -1);
    }
    progress_end(pg, rows);
    dfc_close(&cur);
    sb_reset(&line);
    if (f && fclose(f) != 0 && ok) ok = interp_throw(I, "java.io.IOException", "cannot write %s: %s", tmp, strerror(errno));
    if (f && ok && rename(tmp, final) != 0) ok = interp_throw(I, "java.io.IOException", "cannot rename %s: %s", tmp, strerror(errno));
    if (f && !ok) unlink(tmp);
    return ok;
}

/* Parquet of df as dir/<stem>.snappy.parquet: df_parquet.c writes into a fresh folder, the file
 * is moved out under Spark's name. */
static bool write_parquet_as(Interp *I, DataFrame *df, const char *dir, const char *stem) {
    char tmpdir[4200];
    snprintf(tmpdir, sizeof tmpdir, "%s/.%s.tmpdir", dir, stem);
    if (mkdir(tmpdir, 0777) != 0) return interp_throw(I, "java.io.IOException", "Mkdirs failed to create %s (%s)", tmpdir, strerror(errno));
    bool ok = df_write_parquet(I, df, tmpdir);
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char from[4600], to[4200];
        snprintf(from, sizeof from, "%s/%s", tmpdir, e->d_name);
        snprintf(to, sizeof to, "%s/%s.snappy.parquet", dir, stem);
        if (ok && rename(from, to) != 0) ok = interp_throw(I, "java.io.IOException", "cannot rename %s: %s", from, strerror(errno));
        else if (!ok) unlink(from);
    }
    if (d) closedir(d);
    rmdir(tmpdir);
    return ok;
}

/* The empty _SUCCESS marker Spark's committer leaves in a folder it wrote. */
static void write_success(const char *dir) {
    char succ[4200];
    snprintf(succ, sizeof succ, "%s/_SUCCESS", dir);
    FILE *m = fopen(succ, "w");
    if (m) fclose(m);
}

/* Spark's DataType.sql: STRUCT<a: BIGINT>, ARRAY<STRING>, INT … */
static void type_sql(StrBuf *b, const DataType *t) {
    switch (t->kind) {
    case DT_STRUCT:
        sb_puts(b, "STRUCT<");
        for (int i = 0; i < t->nfields; i++) {
            const char *n = t->fields[i].name;
            bool plain = *n != 0;
            for (const char *p = n; *p; p++) plain &= isalnum((unsigned char)*p) || *p == '_';
            sb_printf(b, plain ? "%s%s: " : "%s`%s`: ", i ? ", " : "", n);
            type_sql(b, t->fields[i].type);
        }
        sb_putc(b, '>');
        return;
    case DT_ARRAY: sb_puts(b, "ARRAY<"); type_sql(b, t->elem); sb_putc(b, '>'); return;
    case DT_LONG: sb_puts(b, "BIGINT"); return;
    case DT_INT: sb_puts(b, "INT"); return;
    case DT_DOUBLE: sb_puts(b, "DOUBLE"); return;
    case DT_BOOL: sb_puts(b, "BOOLEAN"); return;
    case DT_NULL: sb_puts(b, "VOID"); return;
    default: sb_puts(b, "STRING"); return;
    }
}

/* The rows of df split by the partition columns pidx[0..np): dir/k=v/…/part-00000-<uuid>.c000.<ext>
 * of the other columns, as Spark's dynamic partition writer lays them out. */
static bool write_partitions(Interp *I, DataFrame *df, const char *dir, const int *pidx, int np, bool parquet, OutKind kind, bool header) {
    StrBuf q = {0}, data = {0};
    sb_puts(&q, "SELECT DISTINCT ");
    for (int k = 0; k < np; k++) {
        sb_printf(&q, "%sCAST(", k ? ", " : "");
        sql_ident(&q, df->schema->fields[pidx[k]].name);
        sb_puts(&q, " AS VARCHAR)");
    }
    sb_printf(&q, " FROM (%s) ORDER BY ALL NULLS FIRST", df->sql);
    /* the data columns */
    DataType *ds = dt_struct_new(df->schema->nfields - np);
    int nd = 0;
    for (int i = 0; i < df->schema->nfields; i++) {
        bool is_p = false;
        for (int k = 0; k < np; k++) is_p |= pidx[k] == i;
        if (is_p) continue;
        if (nd) sb_puts(&data, ", ");
        sql_ident(&data, df->schema->fields[i].name);
        ds->fields[nd].name = strdup(df->schema->fields[i].name);
        ds->fields[nd].type = dt_ref(df->schema->fields[i].type);
        ds->fields[nd].nullable = df->schema->fields[i].nullable;
        nd++;
    }
    DfCursor cur;
    char *err = NULL;
    bool ok = dfc_open(df->st, q.s, &cur, &err);
    if (!ok) sql_raise(I, err ? err : "cannot read the partitions", NULL);
    free(err);
    /* the partition values first (the cursor is closed before writing) */
    char ***vals = NULL;
    int nv = 0, cv = 0;
    while (ok && dfc_next(&cur)) {
        if (nv == cv) { cv = cv ? cv * 2 : 16; vals = realloc(vals, (size_t)cv * sizeof *vals); if (!vals) abort(); }
        vals[nv] = calloc((size_t)np, sizeof **vals);
        for (int k = 0; k < np; k++) {
            size_t len = 0;
            const char *t = dfc_null(&cur, k) ? NULL : dfc_text(&cur, k, &len);
            vals[nv][k] = t ? strndup(t, len) : NULL;
        }
        nv++;
    }
    dfc_close(&cur);
    char uuid[37], stem[64];
    uuid4(uuid);
    snprintf(stem, sizeof stem, "part-00000-%s.c000", uuid);
    for (int v = 0; ok && v < nv; v++) {
        StrBuf sub = {0}, where = {0};
        sb_puts(&sub, dir);
        for (int k = 0; k < np; k++) {
            sb_putc(&sub, '/');
            df_partition_escape(&sub, df->schema->fields[pidx[k]].name);
            sb_putc(&sub, '=');
            df_partition_escape(&sub, vals[v][k]);
            sb_puts(&where, k ? " AND " : " WHERE ");
            sb_puts(&where, "CAST(");
            sql_ident(&where, df->schema->fields[pidx[k]].name);
            if (!vals[v][k]) sb_puts(&where, " AS VARCHAR) IS NULL");
            else {
                sb_puts(&where, " AS VARCHAR) = ");
                sql_string(&where, vals[v][k], strlen(vals[v][k]));
            }
        }
        StrBuf sql = {0};
        sb_printf(&sql, "SELECT %s FROM (%s)%s", data.s, df->sql, where.s);
        Value part = df_make(df->st, dt_ref(ds), sb_take(&sql), &df, 1, NULL);
        if (!mkdirs(sub.s)) ok = interp_throw(I, "java.io.IOException", "Mkdirs failed to create file:%s (%s)", sub.s, strerror(errno));
        else if (parquet) ok = write_parquet_as(I, df_get(part), sub.s, stem);
        else ok = write_rows(I, df_get(part), sub.s, stem, kind, header);
        val_decref(part);
        sb_reset(&sub);
        sb_reset(&where);
    }
    for (int v = 0; v < nv; v++) {
        for (int k = 0; k < np; k++) free(vals[v][k]);
        free(vals[v]);
    }
    free(vals);
    dt_unref(ds);
    sb_reset(&q);
    sb_reset(&data);
    return ok;
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
    bool parquet = !strcmp(w->format, "parquet"), text = !strcmp(w->format, "text");
    if (!csv && !parquet && !text && strcmp(w->format, "json")) {
        if (!strcmp(w->format, "orc") || !strcmp(w->format, "avro") || !strcmp(w->format, "delta"))
            return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                                "%s is a known gap of this kernel: write with .format(\"parquet\"), .format(\"json\") or .format(\"csv\") instead",
                                w->format);
        return interp_throw(c->I, "java.lang.ClassNotFoundException",
                            "Failed to find data source: %s. The supported formats are parquet, json, csv and text.", w->format);
    }
    /* the partition columns, found in the schema; the data is the other columns */
    int np = w->partition_by ? (int)json_array_size(w->partition_by) : 0;
    int *pidx = calloc((size_t)np + 1, sizeof *pidx);
    for (int k = 0; k < np; k++) {
        const char *pc = json_string_value(json_array_get(w->partition_by, (size_t)k));
        pidx[k] = dt_field_index(df->schema, pc);
        if (pidx[k] < 0) {
            StrBuf b = {0};
            dt_catalog(&b, df->schema);
            df_analysis(c->I, "Partition column `%s` not found in schema %s.", pc, b.s);
            sb_reset(&b);
            free(pidx);
            return false;
        }
    }
    if (np && np == df->schema->nfields) {
        free(pidx);
        return df_analysis(c->I, "[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.");
    }
    for (int i = 0; i < df->schema->nfields; i++) {
        bool is_p = false;
        for (int k = 0; k < np; k++) is_p |= pidx[k] == i;
        DtKind k = df->schema->fields[i].type->kind;
        const char *bad = is_p ? NULL : csv && (k == DT_STRUCT || k == DT_ARRAY) ? "CSV" : text && k != DT_STRING ? "Text" : NULL;
        if (bad) {
            StrBuf b = {0};
            type_sql(&b, df->schema->fields[i].type);
            df_analysis(c->I, "[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The %s datasource doesn't support the column `%s` of the type \"%s\".",
                        bad, df->schema->fields[i].name, b.s);
            sb_reset(&b);
            free(pidx);
            return false;
        }
    }
    if (text && df->schema->nfields - np != 1) {
        free(pidx);
        return df_analysis(c->I, "Text data source supports only a single column, and you have %d columns.", df->schema->nfields - np);
    }
    char *dir = df_local_path(c->I, path);
    if (!dir) { free(pidx); return false; }
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dir[--dl] = 0;
    struct stat sb;
    bool exists = stat(dir, &sb) == 0;
    bool ok = true;
    if (exists && !strcmp(w->mode, "errorifexists"))
        ok = df_analysis(c->I, "[PATH_ALREADY_EXISTS] Path file:%s already exists. Set mode as \"overwrite\" to overwrite the existing path.", dir);
    else if (exists && !strcmp(w->mode, "ignore")) { free(dir); free(pidx); *out = v_unit(); return true; }
    else if (exists && !strcmp(w->mode, "overwrite")) {
        if (!strcmp(dir, "/") || !S_ISDIR(sb.st_mode) ? remove(dir) != 0 : nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
            ok = interp_throw(c->I, "java.io.IOException", "Unable to clear output directory file:%s prior to writing to it (%s)", dir, strerror(errno));
    } else if (exists && !S_ISDIR(sb.st_mode)) ok = df_analysis(c->I, "path file:%s already exists (and is not a directory).", dir);
    if (ok && !mkdirs(dir)) ok = interp_throw(c->I, "java.io.IOException", "Mkdirs failed to create file:%s (%s)", dir, strerror(errno));
    OutKind kind = csv ? OUT_CSV : text ? OUT_TEXT : OUT_JSON;
    bool header = opt_true(w, "header");
    if (ok && !np) {
        char uuid[37], stem[64];
        uuid4(uuid);
        snprintf(stem, sizeof stem, "part-00000-%s-c000", uuid);
        ok = parquet ? df_write_parquet(c->I, df, dir) : write_rows(c->I, df, dir, stem, kind, header);
    } else if (ok) ok = write_partitions(c->I, df, dir, pidx, np, parquet, kind, header);
    if (ok) write_success(dir);
    if (ok) hadoop_crc_tree(dir);   /* the hidden .NAME.crc of each file, as Hadoop's writer leaves */
    free(dir);
    free(pidx);
    if (ok) *out = v_unit();
    return ok;
}

static bool writer_save(Call *c, Value *out) {
    return writer_save_as(c, out, c->data);   /* json, csv, parquet: the format is the method's data */
}

/* partitionBy(cols…): the column names, or one Seq of them */
static bool writer_partition_by(Call *c, Value *out) {
    Writer *w = writer_self(c);
    if (!w) return false;
    json_decref(w->partition_by);
    w->partition_by = json_array();
    for (int i = 0; i < c->argc; i++) {
        Value a = c->argv[i];
        bool seq = a.t == T_SEQ;
        size_t n = seq ? as_seq(a)->len : 1;
        for (size_t k = 0; k < n; k++) {
            Value v = seq ? as_seq(a)->items[k] : a;
            if (v.t != T_STR) return interp_throw(c->I, "java.lang.IllegalArgumentException", "partitionBy takes column names");
            json_array_append_new(w->partition_by, json_string(as_str(v)->s));
        }
    }
    return ret_self(c, out);
}

static bool writer_unsupported(Call *c, Value *out) {
    (void)out;
    return interp_throw(c->I, "java.lang.UnsupportedOperationException", "DataFrameWriter.%s is not supported by this kernel (save(path) writes one directory of files)", c->name);
}

static const MethodDef writer_methods[] = {
    METHOD("mode", writer_mode, 1, 1, "def mode(saveMode: String): DataFrameWriter[T]", "append, overwrite, error (default) or ignore."),
    METHOD("format", writer_format, 1, 1, "def format(source: String): DataFrameWriter[T]", "parquet (the default), json, csv or text."),
    METHOD("option", writer_option, 2, 2, "def option(key: String, value: String): DataFrameWriter[T]", "An output option (csv: header)."),
    METHOD("options", writer_options, 1, 1, "def options(options: Map[String, String]): DataFrameWriter[T]", "Output options."),
    METHOD("save", writer_save, 1, 1, "def save(path: String): Unit", "Writes a directory of part files and _SUCCESS, as Spark does."),
    METHOD_DATA("json", writer_save, "json", 1, 1, "def json(path: String): Unit", "format(\"json\").save(path)."),
    METHOD_DATA("csv", writer_save, "csv", 1, 1, "def csv(path: String): Unit", "format(\"csv\").save(path)."),
    METHOD_DATA("parquet", writer_save, "parquet", 1, 1, "def parquet(path: String): Unit", "format(\"parquet\").save(path): one snappy part file, written through DuckDB."),
    METHOD_DATA("text", writer_save, "text", 1, 1, "def text(path: String): Unit", "format(\"text\").save(path): one line per row of a single string column."),
    METHOD("partitionBy", writer_partition_by, 1, -1, "def partitionBy(colNames: String*): DataFrameWriter[T]",
      "Writes one folder per value of the columns (lang=en/part-…), as Spark does; reading the folder back adds them as the last columns."),
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
