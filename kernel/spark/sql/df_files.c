/* df_files.c — reading files as Spark's file sources do: spark.read.csv (header, inferSchema with
 * Spark's CSVInferSchema: int → long → double → boolean → string), spark.read.text / textFile
 * (one `value` per line), and folders written with partitionBy: `lang=en/part-…` subfolders become
 * a partition column at the end of the schema (its type inferred as Spark does: int, long, double,
 * else string; __HIVE_DEFAULT_PARTITION__ is null; %XX escapes undone), for csv, text, json and
 * parquet. Also Spark's escaping of partition values in folder names (for df_write.c).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "spark/sql/df_internal.h"
#include "spark/spark.h"

#define HIVE_NULL "__HIVE_DEFAULT_PARTITION__"

/* ---- partition values in folder names (ExternalCatalogUtils.escapePathName) ---- */

static bool needs_escape(unsigned char c) {
    return (c >= 1 && c < 0x20) || c == 0x7f || strchr("\"#%'*/:=?\\{[]^", c) != NULL;
}

void df_partition_escape(StrBuf *b, const char *s) {
    if (!s) { sb_puts(b, HIVE_NULL); return; }
    if (!*s) { sb_puts(b, HIVE_NULL); return; }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (needs_escape(*p)) sb_printf(b, "%%%02X", *p);
        else sb_putc(b, (char)*p);
    }
}

static char *unescape(const char *s) {
    char *o = malloc(strlen(s) + 1), *q = o;
    for (const char *p = s; *p; p++) {
        if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            char h[3] = {p[1], p[2], 0};
            *q++ = (char)strtol(h, NULL, 16);
            p += 2;
        } else *q++ = *p;
    }
    *q = 0;
    return o;
}

/* ---- the files of paths, with their partition values ---- */

typedef struct {
    char *path;
    char **pvals;            /* per partition column (NULL: null), as many as Files.npcols */
} DataFile;

typedef struct {
    DataFile *f;
    int n, cap;
    char **pcols;            /* partition column names, in folder depth order */
    int npcols;
} Files;

static void files_free(Files *fs) {
    for (int i = 0; i < fs->n; i++) {
        free(fs->f[i].path);
        for (int k = 0; k < fs->npcols; k++) free(fs->f[i].pvals[k]);
        free(fs->f[i].pvals);
    }
    free(fs->f);
    for (int k = 0; k < fs->npcols; k++) free(fs->pcols[k]);
    free(fs->pcols);
    memset(fs, 0, sizeof *fs);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct { char *name; char *val; } PPart;

/* Adds the data files under dir (names starting with _ or . skipped; `k=v` folders recursed into,
 * their k a partition column). parts: the k=v pairs of the folders above. */
static bool walk(Interp *I, Files *fs, const char *dir, PPart *parts, int nparts) {
    DIR *d = opendir(dir);
    if (!d) return interp_throw(I, "java.io.IOException", "cannot list %s: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '_' || e->d_name[0] == '.') continue;
        if (n == cap) { cap = cap ? cap * 2 : 16; names = realloc(names, cap * sizeof *names); if (!names) abort(); }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        StrBuf full = {0};
        sb_printf(&full, "%s/%s", dir, names[i]);
        struct stat st;
        if (ok && stat(full.s, &st) == 0) {
            const char *eq = strchr(names[i], '=');
            if (S_ISDIR(st.st_mode) && eq && eq != names[i] && nparts < 16) {
                PPart p = {strndup(names[i], (size_t)(eq - names[i])), strcmp(eq + 1, HIVE_NULL) ? unescape(eq + 1) : NULL};
                parts[nparts] = p;
                ok = walk(I, fs, full.s, parts, nparts + 1);
                free(p.name);
                free(p.val);
            } else if (S_ISREG(st.st_mode)) {
                /* the partition columns: the first file's folders name them */
                if (!fs->n && !fs->npcols && nparts) {
                    fs->pcols = calloc((size_t)nparts, sizeof *fs->pcols);
                    for (int k = 0; k < nparts; k++) fs->pcols[k] = strdup(parts[k].name);
                    fs->npcols = nparts;
                }
                if (nparts != fs->npcols) {
                    ok = interp_throw(I, "java.lang.AssertionError",
                                      "assertion failed: Conflicting partition column names detected in %s", dir);
                } else {
                    if (fs->n == fs->cap) { fs->cap = fs->cap ? fs->cap * 2 : 16; fs->f = realloc(fs->f, (size_t)fs->cap * sizeof *fs->f); if (!fs->f) abort(); }
                    DataFile *f = &fs->f[fs->n++];
                    f->path = sb_take(&full);
                    f->pvals = calloc((size_t)nparts + 1, sizeof *f->pvals);
                    for (int k = 0; k < nparts; k++) f->pvals[k] = parts[k].val ? strdup(parts[k].val) : NULL;
                }
            }
        }
        sb_reset(&full);
        free(names[i]);
    }
    free(names);
    return ok;
}

static bool list_files(Interp *I, const char *const *paths, int npaths, Files *fs) {
    memset(fs, 0, sizeof *fs);
    PPart parts[16];
    for (int i = 0; i < npaths; i++) {
        char *lp = df_local_path(I, paths[i]);
        if (!lp) { files_free(fs); return false; }
        size_t l = strlen(lp);
        while (l > 1 && lp[l - 1] == '/') lp[--l] = 0;
        struct stat st;
        bool ok = true;
        if (stat(lp, &st) != 0) ok = df_analysis(I, "[PATH_NOT_FOUND] Path does not exist: file:%s.", lp);
        else if (S_ISDIR(st.st_mode)) ok = walk(I, fs, lp, parts, 0);
        else {
            if (fs->n == fs->cap) { fs->cap = fs->cap ? fs->cap * 2 : 16; fs->f = realloc(fs->f, (size_t)fs->cap * sizeof *fs->f); if (!fs->f) abort(); }
            fs->f[fs->n].path = strdup(lp);
            fs->f[fs->n].pvals = calloc((size_t)fs->npcols + 1, sizeof(char *));
            fs->n++;
        }
        free(lp);
        if (!ok) { files_free(fs); return false; }
    }
    return true;
}

/* Spark's partition value inference: int, long, double, else string (nulls fit any). */
static DtKind infer_value_kind(const char *v) {
    if (!v) return DT_NULL;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (*v && !*end && !errno) return x >= -2147483648LL && x <= 2147483647LL ? DT_INT : DT_LONG;
    errno = 0;
    strtod(v, &end);
    if (*v && !*end && !errno && !isspace((unsigned char)*v)) return DT_DOUBLE;
    return DT_STRING;
}

static DtKind widen_kind(DtKind a, DtKind b) {
    if (a == DT_NULL) return b;
    if (b == DT_NULL || a == b) return a;
    if ((a == DT_INT || a == DT_LONG) && (b == DT_INT || b == DT_LONG)) return DT_LONG;
    if ((a == DT_INT || a == DT_LONG || a == DT_DOUBLE) && (b == DT_INT || b == DT_LONG || b == DT_DOUBLE)) return DT_DOUBLE;
    return DT_STRING;
}

static DtKind *partition_kinds(const Files *fs) {
    DtKind *k = calloc((size_t)fs->npcols + 1, sizeof *k);
    for (int c = 0; c < fs->npcols; c++) {
        k[c] = DT_NULL;
        for (int i = 0; i < fs->n; i++) k[c] = widen_kind(k[c], infer_value_kind(fs->f[i].pvals[c]));
        if (k[c] == DT_NULL) k[c] = DT_STRING;
    }
    return k;
}

/* Sets a column from text as the type's value (Spark's casts: a bad number is null). */
static void load_text(DfLoader *l, int col, DtKind k, const char *s, size_t n) {
    if (!s) { dfl_null(l, col); return; }
    char buf[64];
    if (k == DT_STRING) { dfl_text(l, col, s, n); return; }
    if (n >= sizeof buf) { dfl_null(l, col); return; }
    memcpy(buf, s, n);
    buf[n] = 0;
    char *end;
    errno = 0;
    switch (k) {
    case DT_INT: case DT_LONG: {
        long long x = strtoll(buf, &end, 10);
        if (!*buf || *end || errno) dfl_null(l, col);
        else dfl_int(l, col, x);
        return;
    }
    case DT_DOUBLE: {
        double x = strtod(buf, &end);
        if (!*buf || (*end && !((*end == 'd' || *end == 'D' || *end == 'f' || *end == 'F') && !end[1]))) dfl_null(l, col);
        else dfl_double(l, col, x);
        return;
    }
    case DT_BOOL:
        if (!strcasecmp(buf, "true")) dfl_bool(l, col, true);
        else if (!strcasecmp(buf, "false")) dfl_bool(l, col, false);
        else dfl_null(l, col);
        return;
    default: dfl_text(l, col, s, n); return;
    }
}

/* The schema's fields then the partition columns (a data column of the same name is dropped, as
 * Spark lets the partition column win). New. */
static DataType *with_partitions(const DataType *data, const Files *fs, const DtKind *kinds, int **data_of) {
    int nd = 0;
    *data_of = calloc((size_t)data->nfields + 1, sizeof **data_of);
    for (int i = 0; i < data->nfields; i++) {
        bool shadowed = false;
        for (int c = 0; c < fs->npcols; c++) shadowed |= !strcasecmp(fs->pcols[c], data->fields[i].name);
        (*data_of)[i] = shadowed ? -1 : nd++;
    }
    DataType *s = dt_struct_new(nd + fs->npcols);
    for (int i = 0; i < data->nfields; i++) {
        int k = (*data_of)[i];
        if (k < 0) continue;
        s->fields[k].name = strdup(data->fields[i].name);
        s->fields[k].type = dt_ref(data->fields[i].type);
        s->fields[k].nullable = true;
    }
    for (int c = 0; c < fs->npcols; c++) {
        s->fields[nd + c].name = strdup(fs->pcols[c]);
        s->fields[nd + c].type = dt_prim(kinds[c]);
        s->fields[nd + c].nullable = true;
    }
    return s;
}

static void load_partitions(DfLoader *l, const DataType *schema, const Files *fs, const DtKind *kinds, int file) {
    int base = schema->nfields - fs->npcols;
    for (int c = 0; c < fs->npcols; c++) {
        const char *v = fs->f[file].pvals[c];
        load_text(l, base + c, kinds[c], v, v ? strlen(v) : 0);
    }
}

/* Closes the loader l (committing when ok) and makes the DataFrame over its table in *out; false
 * with Spark's exception raised (when ok: not yet raised). Frees *err. */
static bool load_done(Interp *I, DfState *st, DfLoader *l, bool ok, const DataType *schema, char **err, Value *out) {
    if (l) {
        char *cerr = NULL;
        DfTable *t = dfl_close(l, ok, &cerr);
        if (t) *out = df_make(st, dt_ref((DataType *)schema), dftable_select_sql(t, schema), NULL, 0, t);
        else if (ok) ok = sql_raise(I, *err ? *err : cerr ? cerr : "loading the rows failed", NULL);
        free(cerr);
    }
    free(*err);
    *err = NULL;
    return ok;
}

/* ---- file text ---- */

static char *slurp(Interp *I, const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { interp_throw(I, "java.io.FileNotFoundException", "%s (%s)", path, strerror(errno)); return NULL; }
    StrBuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&b, buf, n);
    fclose(f);
    *len = b.len;
    if (!b.s) return strdup("");
    return sb_take(&b);
}

/* The next line of text at *pos (without \n or \r\n); false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n) {
    if (*pos >= len) return false;
    const char *s = text + *pos, *nl = memchr(s, '\n', len - *pos);
    size_t l = nl ? (size_t)(nl - s) : len - *pos;
    *pos += l + (nl ? 1 : 0);
    if (l && s[l - 1] == '\r') l--;
    *line = s;
    *n = l;
    return true;
}

/* ---- text ---- */

bool df_read_text(Interp *I, DfState *st, const char *const *paths, int npaths, bool strings, Value *out) {
    Files fs;
    if (!list_files(I, paths, npaths, &fs)) return false;
    DtKind *kinds = partition_kinds(&fs);
    DataType *data = dt_struct_new(1);
    data->fields[0].name = strdup("value");
    data->fields[0].type = dt_prim(DT_STRING);
    int *data_of;
    DataType *schema = with_partitions(data, &fs, kinds, &data_of);
    dt_unref(data);
    free(data_of);
    char *err = NULL;
    DfLoader *l = dfl_open(st, schema, &err);
    bool ok = l != NULL;
    if (!l) sql_raise(I, err ? err : "cannot create a table", NULL);
    for (int i = 0; ok && i < fs.n; i++) {
        size_t len, pos = 0, n;
        const char *line;
        char *text = slurp(I, fs.f[i].path, &len);
        if (!text) { ok = false; break; }
        while (ok && next_line(text, len, &pos, &line, &n)) {
            dfl_text(l, 0, line, n);
            load_partitions(l, schema, &fs, kinds, i);
            if (!dfl_row(l, &err)) ok = sql_raise(I, err ? err : "loading the lines failed", NULL);
        }
        free(text);
    }
    ok = load_done(I, st, l, ok, schema, &err, out);
    dt_unref(schema);
    if (!ok) {
        free(kinds);
        files_free(&fs);
        return false;
    }
    if (strings && !fs.npcols) df_get(*out)->kind = DFK_STRINGS;
    free(kinds);
    files_free(&fs);
    return true;
}

/* ---- CSV ---- */

typedef struct { char **cells; size_t *lens; bool *quoted; int n, cap; } CsvRow;

static void csv_row_clear(CsvRow *r) {
    for (int i = 0; i < r->n; i++) free(r->cells[i]);
    r->n = 0;
}

static void csv_row_free(CsvRow *r) {
    csv_row_clear(r);
    free(r->cells);
    free(r->lens);
    free(r->quoted);
}

/* Splits one line as Spark's CSV parser (univocity) does by default: sep, quote ", escape \; an
 * empty field, quoted or not, is null (cells[i] NULL). */
static void csv_split(const char *s, size_t n, char sep, CsvRow *r) {
    csv_row_clear(r);
    size_t i = 0;
    for (;;) {
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 16;
            r->cells = realloc(r->cells, (size_t)r->cap * sizeof *r->cells);
            r->lens = realloc(r->lens, (size_t)r->cap * sizeof *r->lens);
            r->quoted = realloc(r->quoted, (size_t)r->cap * sizeof *r->quoted);
        }
        StrBuf b = {0};
        bool quoted = false;
        size_t start = i;
        if (i < n && s[i] == '"') {
            quoted = true;
            i++;
            while (i < n) {
                if (s[i] == '\\' && i + 1 < n) { sb_putc(&b, s[i + 1]); i += 2; continue; }
                if (s[i] == '"') {
                    if (i + 1 >= n || s[i + 1] == sep) { i++; break; }
                    /* a quote inside that does not close the value: univocity's
                     * STOP_AT_DELIMITER keeps the raw text up to the separator */
                    b.len = 0;
                    for (i = start; i < n && s[i] != sep; i++) sb_putc(&b, s[i]);
                    break;
                }
                sb_putc(&b, s[i++]);
            }
        } else {
            while (i < n && s[i] != sep) sb_putc(&b, s[i++]);
        }
        r->lens[r->n] = b.len;
        r->quoted[r->n] = quoted;
        r->cells[r->n++] = b.len ? sb_take(&b) : NULL;   /* empty, quoted or not: null */
        sb_reset(&b);
        if (i >= n) break;
        i++;   /* the separator */
    }
}

/* CSVInferSchema.inferField for one value, given the type so far. */
static DtKind csv_infer(DtKind so_far, const char *v) {
    if (!v || !*v) return so_far;
    char *end;
    DtKind k;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    bool integral = !*end && !errno && !isspace((unsigned char)*v);
    if (integral && x >= -2147483648LL && x <= 2147483647LL) k = DT_INT;
    else if (integral) k = DT_LONG;
    else {
        errno = 0;
        strtod(v, &end);
        bool dbl = !isspace((unsigned char)*v) && (!*end || ((*end == 'd' || *end == 'D' || *end == 'f' || *end == 'F') && !end[1]));
        if (dbl) k = DT_DOUBLE;
        else if (!strcasecmp(v, "true") || !strcasecmp(v, "false")) k = DT_BOOL;
        else k = DT_STRING;
    }
    if (so_far == DT_NULL || so_far == k) return k;
    if (so_far == DT_STRING || k == DT_STRING) return DT_STRING;
    if (so_far == DT_BOOL || k == DT_BOOL) return DT_STRING;
    return widen_kind(so_far, k);
}

static const char *opt(json_t *options, const char *key) {
    const char *k;
    json_t *v;
    json_object_foreach(options, k, v) if (!strcasecmp(k, key) && json_is_string(v)) return json_string_value(v);
    return NULL;
}

static bool opt_true(json_t *options, const char *key) {
    const char *v = opt(options, key);
    return v && !strcasecmp(v, "true");
}

bool df_read_csv(Interp *I, DfState *st, const char *const *paths, int npaths, json_t *options, Value *out) {
    Files fs;
    if (!list_files(I, paths, npaths, &fs)) return false;
    bool header = opt_true(options, "header"), infer = opt_true(options, "inferSchema");
    const char *sepo = opt(options, "sep") ? opt(options, "sep") : opt(options, "delimiter");
    char sep = sepo && *sepo ? (!strcmp(sepo, "\\t") ? '\t' : sepo[0]) : ',';
    char **texts = calloc((size_t)fs.n + 1, sizeof *texts);
    size_t *lens = calloc((size_t)fs.n + 1, sizeof *lens);
    CsvRow row = {0};
    char **names = NULL;
    int ncols = 0;
    DtKind *kinds = NULL;
    bool ok = true;
    /* pass 1: the columns (the first line of the first file: its names with a header, its width
     * without) and, with inferSchema, their types */
    for (int i = 0; ok && i < fs.n; i++) {
        if (!(texts[i] = slurp(I, fs.f[i].path, &lens[i]))) { ok = false; break; }
        size_t pos = 0, n;
        const char *line;
        bool first = true;
        while (next_line(texts[i], lens[i], &pos, &line, &n)) {
            if (!n && !first) continue;
            csv_split(line, n, sep, &row);
            if (!names) {
                ncols = row.n;
                names = calloc((size_t)ncols + 1, sizeof *names);
                kinds = calloc((size_t)ncols + 1, sizeof *kinds);
                for (int c = 0; c < ncols; c++) {
                    if (header && row.cells[c]) names[c] = strdup(row.cells[c]);
                    else if (asprintf(&names[c], "_c%d", c) < 0) abort();
                    kinds[c] = infer ? DT_NULL : DT_STRING;
                }
            }
            if (first && header) { first = false; continue; }   /* every file's header line */
            first = false;
            for (int c = 0; infer && c < ncols && c < row.n; c++) kinds[c] = csv_infer(kinds[c], row.cells[c]);
        }
    }
    if (ok && !names) ok = df_analysis(I, "[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for CSV. It must be specified manually.");
    DataType *schema = NULL;
    DtKind *pkinds = partition_kinds(&fs);
    if (ok) {
        DataType *data = dt_struct_new(ncols);
        for (int c = 0; c < ncols; c++) {
            data->fields[c].name = strdup(names[c]);
            data->fields[c].type = dt_prim(kinds[c] == DT_NULL ? DT_STRING : kinds[c]);
            data->fields[c].nullable = true;
        }
        int *data_of;
        schema = with_partitions(data, &fs, pkinds, &data_of);
        dt_unref(data);
        char *err = NULL;
        DfLoader *l = dfl_open(st, schema, &err);
        if (!l) ok = sql_raise(I, err ? err : "cannot create a table", NULL);
        /* pass 2: the rows */
        for (int i = 0; ok && i < fs.n; i++) {
            size_t pos = 0, n;
            const char *line;
            bool first = true;
            while (ok && next_line(texts[i], lens[i], &pos, &line, &n)) {
                if (!n && !first) continue;
                if (first && header) { first = false; continue; }
                first = false;
                csv_split(line, n, sep, &row);
                for (int c = 0; c < ncols; c++) {
                    int k = data_of[c];
                    if (k < 0) continue;
                    if (c >= row.n) dfl_null(l, k);
                    else load_text(l, k, schema->fields[k].type->kind, row.cells[c], row.lens[c]);
                }
                load_partitions(l, schema, &fs, pkinds, i);
                if (!dfl_row(l, &err)) ok = sql_raise(I, err ? err : "loading the rows failed", NULL);
            }
        }
        free(data_of);
        ok = load_done(I, st, l, ok, schema, &err, out);
    }
    dt_unref(schema);
    for (int i = 0; i < fs.n; i++) free(texts[i]);
    free(texts);
    free(lens);
    for (int c = 0; c < ncols; c++) free(names[c]);
    free(names);
    free(kinds);
    free(pkinds);
    csv_row_free(&row);
    files_free(&fs);
    return ok;
}

/* ---- JSON and Parquet folders with partitions ---- */

/* Copies the rows of each file's DataFrame (dfs[i]) into one table of the merged schema plus the
 * partition columns. */
static bool combine(Interp *I, DfState *st, Files *fs, Value *dfs, Value *out) {
    DataType *merged = NULL;
    for (int i = 0; i < fs->n; i++) {
        DataFrame *d = df_get(dfs[i]);
        DataType *m = merged ? dt_merge(merged, d->schema) : dt_ref(d->schema);
        dt_unref(merged);
        merged = m;
    }
    DtKind *pk = partition_kinds(fs);
    int *data_of;
    DataType *schema = with_partitions(merged, fs, pk, &data_of);
    char *err = NULL;
    DfLoader *l = dfl_open(st, schema, &err);
    bool ok = l != NULL;
    if (!l) sql_raise(I, err ? err : "cannot create a table", NULL);
    for (int i = 0; ok && i < fs->n; i++) {
        DataFrame *d = df_get(dfs[i]);
        int *to = calloc((size_t)d->schema->nfields + 1, sizeof *to);
        for (int c = 0; c < d->schema->nfields; c++) {
            int m = dt_field_index(merged, d->schema->fields[c].name);
            to[c] = m < 0 ? -1 : data_of[m];
        }
        DfCursor cur;
        if (!df_cursor(I, d, -1, &cur)) { free(to); ok = false; break; }
        while (ok && dfc_next(&cur)) {
            for (int c = 0; c < d->schema->nfields; c++) {
                if (to[c] < 0) continue;
                json_t *v = dfc_json(&cur, c);
                dfl_json(l, to[c], v);
                json_decref(v);
            }
            load_partitions(l, schema, fs, pk, i);
            if (!dfl_row(l, &err)) ok = sql_raise(I, err ? err : "loading the rows failed", NULL);
        }
        dfc_close(&cur);
        free(to);
    }
    ok = load_done(I, st, l, ok, schema, &err, out);
    free(data_of);
    free(pk);
    dt_unref(merged);
    dt_unref(schema);
    return ok;
}

int df_read_partitioned(Interp *I, DfState *st, const char *format, const char *const *paths, int npaths, Value *out) {
    Files fs;
    if (!list_files(I, paths, npaths, &fs)) return -1;
    if (!fs.npcols) { files_free(&fs); return 0; }
    Value *dfs = calloc((size_t)fs.n + 1, sizeof *dfs);
    bool ok = true;
    int nd = 0;
    for (int i = 0; ok && i < fs.n; i++, nd++) {
        if (!strcmp(format, "parquet")) {
            const char *p = fs.f[i].path;
            ok = df_read_parquet(I, st, &p, 1, &dfs[i]);
        } else {
            Value *items;
            size_t n;
            ok = spark_read_lines(I, fs.f[i].path, &items, &n);
            if (ok) {
                ok = dataframe_read_json_values(I, items, n, &dfs[i]);
                interp_free_items(items, n);
            }
        }
        if (!ok) nd--;
    }
    if (ok) ok = combine(I, st, &fs, dfs, out);
    for (int i = 0; i < nd; i++) val_decref(dfs[i]);
    free(dfs);
    files_free(&fs);
    return ok ? 1 : -1;
}
