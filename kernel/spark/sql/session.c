/* session.c — `spark`, the SparkSession: spark.read (DataFrameReader: json over an RDD[String],
 * a Dataset[String] or JSON-lines files; parquet via df_parquet.c; csv and text files),
 * spark.sqlContext, spark.sql, spark.table, spark.catalog, spark.createDataFrame/range, and the
 * conversions that make DataFrames out of JSON documents (with Spark's schema inference) and out
 * of Scala values.
 */
#include <ctype.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/progress.h"
#include "spark/sql/df_internal.h"
#include "spark/structured/structured.h"
#include "spark/spark.h"
#include "spark/modules.h"

/* ---- rows into a table ---- */

/* The rows of next into l; false with an exception raised. */
static bool rows_into(Interp *I, DfLoader *l, const DataType *schema, DfRowFill next, void *ud) {
    char *err = NULL;
    int r;
    while ((r = next(ud, l, schema)) > 0)
        if (!dfl_row(l, &err)) {
            sql_raise(I, err ? err : "loading the rows failed", NULL);
            free(err);
            return false;
        }
    return r == 0;
}

bool df_from_row_source(Interp *I, DfState *st, DataType *schema, DfRowFill next, void *ud, Value *out) {
    char *err = NULL;
    DfLoader *l = dfl_open(st, schema, &err);
    if (!l) {
        dt_unref(schema);
        bool r = sql_raise(I, err ? err : "cannot create a table", NULL);
        free(err);
        return r;
    }
    bool ok = rows_into(I, l, schema, next, ud);
    DfTable *t = dfl_close(l, ok, &err);
    if (!t) {
        dt_unref(schema);
        if (ok) sql_raise(I, err ? err : "loading the rows failed", NULL);
        free(err);
        return false;
    }
    char *sql = dftable_select_sql(t, schema);
    *out = df_make(st, schema, sql, NULL, 0, t);
    return true;
}

void df_load_json_row(DfLoader *l, const DataType *schema, json_t *row) {
    for (int i = 0; i < schema->nfields; i++) dfl_json(l, i, row ? json_object_get(row, schema->fields[i].name) : NULL);
}

typedef struct { json_t **rows; size_t n, i; } RowArray;

static int row_array_next(void *ud, DfLoader *l, const DataType *schema) {
    RowArray *a = ud;
    if (a->i == a->n) return 0;
    df_load_json_row(l, schema, a->rows[a->i++]);
    return 1;
}

bool df_from_rows(Interp *I, DfState *st, DataType *schema, json_t **rows, size_t n, Value *out) {
    RowArray a = {rows, n, 0};
    return df_from_row_source(I, st, schema, row_array_next, &a, out);
}

/* ---- JSON documents from strings and objects ----
 * spark.read.json makes two passes over its input, as Spark does: the first infers the schema,
 * the second fills the table. Each document is parsed, used and freed in each pass, so a large
 * batch never holds all its parsed documents at once (parsing twice is cheaper than the memory).
 * The second pass is deferred (JsonSource, a DfSource): it runs when a statement first reads the
 * DataFrame's table, so that a select made before (df_pruned) loads only the columns it reads. */

typedef struct {
    Interp *I;
    Value *items;
    size_t n, i;
    json_t *array; size_t ai;   /* a JSON array of objects being walked */
} DocWalk;

static bool is_blank(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) if (!isspace((unsigned char)s[i])) return false;
    return true;
}

/* The next document: *doc a new reference to an object, or NULL for a corrupt record whose text is
 * *bad (len *badlen). Returns 0 at the end, 1 with a document, -1 with an exception raised. */
static int doc_next(DocWalk *w, json_t **doc, const char **bad, size_t *badlen) {
    for (;;) {
        if (w->array) {
            if (w->ai < json_array_size(w->array)) {
                *doc = json_incref(json_array_get(w->array, w->ai++));
                return 1;
            }
            json_decref(w->array);
            w->array = NULL;
        }
        if (w->i == w->n) return 0;
        Value v = w->items[w->i++];
        if (v.t == T_NULL) continue;
        if (v.t == T_STR) {   /* an object is a row, an array of objects is several, blank is none */
            const char *s = as_str(v)->s;
            size_t len = as_str(v)->len;
            if (is_blank(s, len)) continue;
            json_error_t e;
            json_t *j = json_loadb(s, len, JSON_DECODE_ANY, &e);
            if (j && json_is_object(j)) { *doc = j; return 1; }
            bool objects = j && json_is_array(j);
            size_t k;
            json_t *x;
            if (objects) json_array_foreach(j, k, x) objects &= json_is_object(x);
            if (objects) { w->array = j; w->ai = 0; continue; }
            json_decref(j);
            *doc = NULL;
            *bad = s;
            *badlen = len;
            return 1;
        }
        if (v.t == T_HOST)   /* a host object that knows its JSON form (a Row, a Status) */
            for (const HostClass *c = as_host(v)->cls; c; c = c->parent)
                if (c->to_json) {
                    json_t *j = c->to_json(w->I, as_host(v)->data);
                    if (j && json_is_object(j)) { *doc = j; return 1; }
                    json_decref(j);
                    break;
                }
        char *tn = val_type_name(w->I, v);
        interp_throw(w->I, "java.lang.ClassCastException", "%s cannot be cast to java.lang.String "
                     "(spark.read.json reads JSON text: an RDD[String] or Dataset[String])", tn);
        free(tn);
        return -1;
    }
}

static DataType *corrupt_type(void) {
    DataType *t = dt_struct_new(1);
    t->fields[0].name = strdup("_corrupt_record");
    t->fields[0].type = dt_prim(DT_STRING);
    t->fields[0].nullable = true;
    return t;
}

/* Pass 1: the schema of every document merged, as Spark infers it; NULL with an exception. JSON
 * text is typed without building a tree (json_infer.c); host objects through their JSON form. */
static void infer_add(void *ud, DataType *t) {
    DataType **merged = ud;
    DataType *m = dt_merge(*merged, t);
    dt_unref(*merged);
    dt_unref(t);
    *merged = m;
}

static void infer_text(const char *s, size_t len, DataType **merged) {
    if (json_record_fits(s, len, *merged, NULL)) { /* adds nothing to the schema */ }
    else if (json_infer_record(s, len, infer_add, merged) < 0) infer_add(merged, corrupt_type());
}

/* Merges the schema of texts (a partition of Strings read as texts) into *merged, as
 * infer_more does for the Strings. */
static bool infer_texts(Interp *I, const RddTexts *t, DataType **mergedp) {
    for (size_t i = 0; i < t->n; i++) {
        if (t->s[i]) infer_text(t->s[i], t->len[i], mergedp);
        if (interp_interrupted(I)) {
            dt_unref(*mergedp);
            *mergedp = NULL;
            return interp_throw(I, "java.lang.InterruptedException", "interrupted");
        }
    }
    return true;
}

/* Merges the schema of items into *merged; false (merged freed) with an exception. */
static bool infer_more(Interp *I, Value *items, size_t n, DataType **mergedp) {
    DataType *merged = *mergedp;
    for (size_t i = 0; i < n; i++) {
        if (items[i].t == T_STR) infer_text(as_str(items[i])->s, as_str(items[i])->len, &merged);
        else {
            DocWalk w = {.I = I, .items = &items[i], .n = 1};
            json_t *doc;
            const char *bad;
            size_t badlen;
            int r;
            while ((r = doc_next(&w, &doc, &bad, &badlen)) > 0) {
                infer_add(&merged, doc ? dt_infer(doc) : corrupt_type());
                json_decref(doc);
            }
            if (r < 0) { dt_unref(merged); *mergedp = NULL; return false; }
        }
        if (interp_interrupted(I)) {
            dt_unref(merged);
            *mergedp = NULL;
            return interp_throw(I, "java.lang.InterruptedException", "interrupted");
        }
    }
    *mergedp = merged;
    return true;
}
/* The canonical schema of what infer_more merged (takes merged). */
static DataType *infer_done(DataType *merged) {
    DataType *schema = merged->kind == DT_STRUCT ? dt_canonical(merged) : NULL;
    dt_unref(merged);
    return schema ? schema : dt_struct_new(0);
}
static DataType *infer_docs(Interp *I, Value *items, size_t n) {
    DataType *merged = dt_struct_new(0);
    return infer_more(I, items, n, &merged) ? infer_done(merged) : NULL;
}

/* Pass 2: the rows, one document at a time. A record that is one object has its members bound
 * straight from the text (json_object_members), and so have the members of its objects loaded
 * into STRUCT columns (NESTED levels deep); a member whose JSON type is not the column's plain
 * type, arrays, deeper objects, other records and host objects go through jansson and dfl_json. */
#define NESTED 4
#define HINTS 64
typedef struct {
    DocWalk w;
    JsonMembers mb, nested[NESTED];
    int hint[HINTS];   /* the column the i-th member of the last record was: records mostly repeat their order */
    int nested_hint[NESTED][HINTS];   /* the same for the members of objects at each depth */
    const RddTexts *texts;   /* when set, w walks these (w.items unused) */
    bool fields_known;       /* members checked against a schema of the loading schema's names (JsonMember.field) */
    DocWalk tw;              /* a text the general path reads, as the String tmp */
    Value tmp;
} RowWalk;

static int field_exact(const DataType *schema, const char *name, int *hint) {   /* as json_object_get matches */
    if (hint && *hint >= 0 && *hint < schema->nfields && !strcmp(schema->fields[*hint].name, name)) return *hint;
    for (int i = 0; i < schema->nfields; i++)
        if (!strcmp(schema->fields[i].name, name)) {
            if (hint) *hint = i;
            return i;
        }
    return -1;
}

/* A member of kind 'i': an integer json_infer.c checked to fit a long long, so no strtoll. */
static long long member_long(const char *t) {
    bool neg = *t == '-';
    unsigned long long v = 0;
    for (t += neg; *t >= '0' && *t <= '9'; t++) v = v * 10 + (unsigned long long)(*t - '0');
    return neg ? (long long)(0 - v) : (long long)v;
}

static void load_member(RowWalk *r, DfLoader *l, int at, const DataType *t, const JsonMember *m, const JsonMembers *mb, int depth) {
    char k = m->kind;
    if (k == 'n') { dfl_null(l, at); return; }
    switch (t->kind) {
    case DT_LONG: case DT_INT:
        if (k == 'i') { dfl_int(l, at, member_long(m->val)); return; }
        if (k == 'r') { dfl_int(l, at, (long long)strtod(m->val, NULL)); return; }
        if (k == 't' || k == 'f') { dfl_int(l, at, k == 't'); return; }
        dfl_null(l, at);
        return;
    case DT_DOUBLE:
        if (k == 'i') { dfl_double(l, at, (double)member_long(m->val)); return; }
        if (k == 'r') { dfl_double(l, at, strtod(m->val, NULL)); return; }
        dfl_null(l, at);
        return;
    case DT_BOOL:
        if (k == 't' || k == 'f') { dfl_bool(l, at, k == 't'); return; }
        if (k == 'i') { dfl_bool(l, at, member_long(m->val) != 0); return; }
        dfl_null(l, at);
        return;
    case DT_STRING:
        if (k == 's') { const char *s = mb->text + m->str; dfl_text(l, at, s, strlen(s)); return; }
        break;
    case DT_STRUCT: {
        if (k != 'o') { dfl_null(l, at); return; }   /* put_json's rule: a struct of a non-object is null */
        if (depth >= NESTED) break;
        const JsonMembers *sub = mb;   /* the object's members: collected with the record's, or now */
        int lo = m->sub, hi = m->next;
        if (lo < 0) {
            if (json_object_members(m->val, m->len, &r->nested[depth]) != 1) break;
            sub = &r->nested[depth];
            lo = 0;
            hi = sub->n;
        }
        const JsonMember *small[HINTS], **vals = t->nfields <= HINTS ? small : calloc((size_t)t->nfields, sizeof *vals);
        if (!vals) abort();
        memset(vals, 0, (size_t)t->nfields * sizeof *vals);
        for (int i = lo, n = 0; i < hi; i = sub->m[i].next, n++) {   /* of a repeated key the last, as in jansson's object */
            int f = r->fields_known && sub->m[i].field >= 0 ? sub->m[i].field
                  : field_exact(t, sub->text + sub->m[i].key, n < HINTS ? &r->nested_hint[depth][n] : NULL);
            if (f >= 0) vals[f] = &sub->m[i];
        }
        for (int f = 0; f < t->nfields; f++) {
            int child = dfl_member(l, at, f);
            if (vals[f]) load_member(r, l, child, t->fields[f].type, vals[f], sub, depth + 1);
            else dfl_null(l, child);
        }
        if (vals != small) free(vals);
        return;
    }
    default:
        break;
    }
    json_error_t e;   /* the value's own text through jansson: arrays, deep objects, strings of other types */
    json_t *v = json_loadb(m->val, m->len, JSON_DECODE_ANY, &e);
    dfl_json(l, at, v);
    json_decref(v);
}

/* A record's text as one object, its members bound straight from the text: 1 a row, 0 blank,
 * -1 not a single object (the general path reads it). */
static void members_row(RowWalk *r, DfLoader *l, const DataType *schema) {   /* from r->mb */
    for (int i = 0, n = 0; i < r->mb.n; i = r->mb.m[i].next, n++) {
        const JsonMember *m = &r->mb.m[i];
        int f = r->fields_known && m->field >= 0 ? m->field : field_exact(schema, r->mb.text + m->key, n < HINTS ? &r->hint[n] : NULL);
        if (f >= 0) load_member(r, l, f, schema->fields[f].type, m, &r->mb, 0);
    }
}

static int text_row(RowWalk *r, DfLoader *l, const DataType *schema, const char *s, size_t len) {
    int k = json_object_members(s, len, &r->mb);
    if (k > 0) members_row(r, l, schema);
    return k;
}

/* The general path: the next document of w through jansson. */
static int general_row(DocWalk *w, DfLoader *l, const DataType *schema) {
    json_t *doc;
    const char *bad = NULL;
    size_t badlen = 0;
    int got = doc_next(w, &doc, &bad, &badlen);
    if (got <= 0) return got;
    json_t *row = doc ? doc : json_pack("{s:s%}", "_corrupt_record", bad, badlen);
    df_load_json_row(l, schema, row);
    json_decref(row);
    return 1;
}

/* The next row from texts: each through text_row, or as a String through the general path
 * (an array of objects, a corrupt record), so that both read a text as they read its String. */
static int text_row_next(RowWalk *r, DfLoader *l, const DataType *schema) {
    DocWalk *w = &r->w;
    for (;;) {
        if (r->tw.items) {
            int got = general_row(&r->tw, l, schema);
            if (got != 0) return got;
            val_decref(r->tmp);
            r->tmp = v_unit();
            r->tw.items = NULL;
        }
        if (w->i == w->n) return 0;
        size_t i = w->i++;
        if (!r->texts->s[i]) continue;   /* a null element, as doc_next skips it */
        int k = text_row(r, l, schema, r->texts->s[i], r->texts->len[i]);
        if (k > 0) return 1;
        if (k == 0) continue;
        r->tmp = str_new(r->texts->s[i], r->texts->len[i]);
        r->tw = (DocWalk){.I = w->I, .items = &r->tmp, .n = 1};
    }
}

static int doc_row_next(void *ud, DfLoader *l, const DataType *schema) {
    RowWalk *r = ud;
    DocWalk *w = &r->w;
    if (r->texts) return text_row_next(r, l, schema);
    while (!w->array && w->i < w->n && w->items[w->i].t == T_STR) {
        StrObj *str = as_str(w->items[w->i]);
        int k = text_row(r, l, schema, str->s, str->len);
        if (k < 0) break;   /* not a single object: the general path */
        w->i++;
        if (k == 0) continue;   /* blank */
        return 1;
    }
    return general_row(w, l, schema);
}

static void row_walk_free(RowWalk *r) {
    json_decref(r->w.array);
    json_decref(r->tw.array);
    val_decref(r->tmp);
    json_members_free(&r->mb);
    for (int i = 0; i < NESTED; i++) json_members_free(&r->nested[i]);
}

/* The input of a deferred pass 2: a lazy RDD, or documents. */
typedef struct {
    DfSource base;
    Interp *I;
    Value rdd;               /* the lazy RDD (owned), or unit */
    Value *items;            /* or the documents (owned references) */
    size_t n;
} JsonSource;

static void json_source_release(DfSource *s) {
    JsonSource *j = (JsonSource *)s;
    val_decref(j->rdd);
    interp_free_items(j->items, j->n);
    free(j);
}

static bool json_fill(DfSource *s, DfLoader *l, const DataType *schema);

/* A DataFrame of schema (taken) over a deferred table that j (taken) fills. */
static bool json_deferred(Interp *I, DfState *st, DataType *schema, JsonSource *j, Value *out) {
    j->base = (DfSource){.rc = 1, .fill = json_fill, .release = json_source_release};
    j->I = I;
    char *err = NULL;
    DfTable *t = dftable_deferred(st, schema, &j->base, &err);
    dfsource_unref(&j->base);
    if (!t) {
        dt_unref(schema);
        sql_raise(I, err ? err : "cannot create a table", NULL);
        free(err);
        return false;
    }
    *out = df_make(st, schema, dftable_select_sql(t, schema), NULL, 0, t);
    return true;
}

/* given: the reader's schema (spark.read.schema(s)): no inference; NULL: Spark's inference. */
static bool read_json_values(Interp *I, Value *items, size_t n, DataType *given, Value *out) {
    DfState *st = df_state(I);
    if (!st) return false;
    DataType *schema = given ? dt_ref(given) : infer_docs(I, items, n);
    if (!schema) return false;
    JsonSource *j = calloc(1, sizeof *j);
    if (!j) abort();
    j->rdd = v_unit();
    j->items = malloc((n ? n : 1) * sizeof *items);
    if (!j->items) abort();
    for (size_t i = 0; i < n; i++) j->items[i] = items[i], val_incref(items[i]);
    j->n = n;
    return json_deferred(I, st, schema, j, out);
}

bool dataframe_read_json_values(Interp *I, Value *items, size_t n, Value *out) {
    return read_json_values(I, items, n, NULL, out);
}

/* spark.read.json over a lazy RDD (a KafkaRDD, a map over one): as Spark's, each pass reads
 * the partitions one at a time (so a KafkaRDD is fetched twice), and a partition's elements
 * are freed before the next is computed: the whole input is never held at once. The next
 * partition is fetched ahead while one is read (rdd_prefetch). A partition whose Strings its
 * source can give as texts (rdd_partition_texts: a KafkaRDD's values) is read from those. */
typedef struct {
    RowWalk rw;
    Rdd *rdd;
    int next;          /* the next partition to compute */
    int64_t at;        /* and where in it (a texts cursor; 0 at its start) */
    Value part;        /* the partition being loaded (unit before the first) */
    RddTexts texts;    /* or its texts */
} PartWalk;

/* The partition's elements go back to the system, not only to malloc: the table DuckDB fills
 * in pass 2 comes from its own allocator, which cannot reuse them, so the peak would be pass
 * 1's largest partition plus the whole table. */
static void part_done(void) { malloc_trim(0); }

/* The next piece of r after partition p's texts t (k > 0) or after partition p computed: the
 * rest of p's texts, or partition p + 1 (r->nparts: none); hinted to the source. */
static void next_piece(Rdd *r, int p, int k, const RddTexts *t, int *np, int64_t *nat) {
    if (k > 0 && t->next >= 0) { *np = p; *nat = t->next; }
    else { *np = p + 1; *nat = 0; }
    rdd_prefetch(r, *np, k > 0 ? *nat : -1);
}

static int part_row_next(void *ud, DfLoader *l, const DataType *schema) {
    PartWalk *pw = ud;
    for (;;) {
        int got = doc_row_next(&pw->rw, l, schema);
        if (got != 0) return got;
        bool started = pw->part.t != T_UNIT || pw->rw.texts;
        val_decref(pw->part);
        pw->part = v_unit();
        rdd_texts_free(&pw->texts);
        pw->rw.texts = NULL;
        if (started) part_done();
        if (pw->next == pw->rdd->nparts) return 0;
        Interp *I = pw->rw.w.I;
        int p = pw->next;
        int k = rdd_partition_texts(I, pw->rdd, p, pw->at, &pw->texts);
        if (k < 0 || (k == 0 && !rdd_partition(I, pw->rdd, p, SIZE_MAX, &pw->part))) { pw->part = v_unit(); return -1; }
        next_piece(pw->rdd, p, k, &pw->texts, &pw->next, &pw->at);   /* read while this one loads */
        pw->rw.w.i = 0;
        if (k > 0) {
            pw->rw.texts = &pw->texts;
            pw->rw.w.items = NULL;
            pw->rw.w.n = pw->texts.n;
        } else {
            pw->rw.w.items = as_seq(pw->part)->items;
            pw->rw.w.n = as_seq(pw->part)->len;
        }
    }
}

/* Pass 2 done during pass 1 (a lazy RDD's texts): while pass 1 reads the texts it also loads
 * their rows into a table typed by the schema merged so far. Rows load by the final schema only
 * (pass 2 reads nothing else), so when pass 1 ends with the schema the rows were loaded by, the
 * table is the DataFrame's and the source is not read again (a KafkaRDD's second fetch, which
 * was a third of the reader's batch); a piece that changes the schema, or one that is not texts,
 * ends the staging and pass 2 runs as before. Every column loads, before a select names the ones
 * it reads (df_pruned), so schemas of more than STAGE_LEAVES leaves are not staged: a wide
 * record would cost more to load whole than to read again. */
#define STAGE_LEAVES 64
typedef struct {
    DfLoader *l;             /* NULL: not staging */
    DataType *schema;        /* the canonical schema the rows load by */
    DataType *seen;          /* the merged schema it was last checked against */
    RowWalk rw;
} Stage;

static int leaves(const DataType *t) {
    if (t->kind == DT_ARRAY) return leaves(t->elem);
    if (t->kind != DT_STRUCT) return 1;
    int n = 0;
    for (int i = 0; i < t->nfields; i++) n += leaves(t->fields[i].type);
    return n;
}

/* Ends the staging: its table (commit) or nothing. */
static DfTable *stage_close(Stage *g, bool commit) {
    if (!g->l) return NULL;
    char *err = NULL;
    DfTable *t = dfl_close(g->l, commit, &err);
    free(err);   /* commit failed: pass 2 then, which says why if it fails too */
    g->l = NULL;
    dt_unref(g->schema);
    dt_unref(g->seen);
    g->schema = g->seen = NULL;
    row_walk_free(&g->rw);
    return t;
}
static void stage_end(Stage *g) { dftable_unref(stage_close(g, false)); }

static bool stage_row(Stage *g) {
    char *err = NULL;
    if (dfl_row(g->l, &err)) return true;
    free(err);   /* pass 2 meets the same failure and says so */
    stage_end(g);
    return false;
}

/* Texts i … j - 1 of t into the staging table, as pass 2 would load them. */
static void stage_texts(Interp *I, Stage *g, const RddTexts *t, size_t i, size_t j) {
    g->rw.texts = t;
    g->rw.w.i = i;
    g->rw.w.n = j;
    int r;
    while ((r = doc_row_next(&g->rw, g->l, g->schema)) > 0)
        if (!stage_row(g)) break;
    if (g->l) g->rw.texts = NULL;
    if (r < 0) {   /* pass 2 meets the same exception and throws it */
        val_decref(interp_take_exception(I));
        stage_end(g);
    }
}

/* Whether structs a and b have the same members, by name, at every level: then a member's field in
 * a (JsonMember.field) is its field in b. */
static bool same_names(const DataType *a, const DataType *b) {
    if (a->kind == DT_ARRAY && b->kind == DT_ARRAY) return same_names(a->elem, b->elem);
    if (a->kind != DT_STRUCT || b->kind != DT_STRUCT) return a->kind != DT_STRUCT && b->kind != DT_STRUCT;
    if (a->nfields != b->nfields) return false;
    for (int i = 0; i < a->nfields; i++)
        if (strcmp(a->fields[i].name, b->fields[i].name) || !same_names(a->fields[i].type, b->fields[i].type)) return false;
    return true;
}

/* Whether the rows still load by g's schema now that merged is the schema so far. */
static bool stage_holds(Stage *g, DataType *merged) {
    if (merged == g->seen) return true;   /* every record since fitted */
    DataType *s = dt_canonical(merged);
    bool same = dt_equal(s, g->schema);
    dt_unref(s);
    if (same) {
        dt_unref(g->seen);
        g->seen = dt_ref(merged);
        g->rw.fields_known = same_names(merged, g->schema);
    }
    return same;
}

/* The first piece of pass 1, its schema merged into merged: staging starts with its rows. */
static void stage_start(Interp *I, DfState *st, Stage *g, const RddTexts *t, DataType *merged) {
    DataType *s = merged->kind == DT_STRUCT ? dt_canonical(merged) : NULL;
    char *err = NULL;
    if (!s || !s->nfields || leaves(s) > STAGE_LEAVES || !(g->l = dfl_open(st, s, &err))) {
        dt_unref(s);
        free(err);
        return;
    }
    g->schema = s;
    g->seen = dt_ref(merged);
    g->rw = (RowWalk){.w = {.I = I}, .tmp = v_unit(), .fields_known = same_names(merged, s)};
    stage_texts(I, g, t, 0, t->n);
}

/* Pass 1 over texts t while staging: a record that fits the schema so far is loaded from the
 * members that check collected (one scan does both passes' work); any other is inferred, and
 * loaded as pass 2 would while the schema the rows load by still holds. */
static bool infer_stage_texts(Interp *I, Stage *g, const RddTexts *t, DataType **mergedp) {
    for (size_t i = 0; i < t->n; i++) {
        if (!t->s[i]) continue;
        if (!g->l) infer_text(t->s[i], t->len[i], mergedp);
        else if (json_record_fits(t->s[i], t->len[i], *mergedp, &g->rw.mb)) {
            members_row(&g->rw, g->l, g->schema);
            stage_row(g);
        } else {
            if (json_infer_record(t->s[i], t->len[i], infer_add, mergedp) < 0) infer_add(mergedp, corrupt_type());
            if (!stage_holds(g, *mergedp)) stage_end(g);
            else stage_texts(I, g, t, i, i + 1);
        }
        if (interp_interrupted(I)) {
            dt_unref(*mergedp);
            *mergedp = NULL;
            return interp_throw(I, "java.lang.InterruptedException", "interrupted");
        }
    }
    return true;
}

static bool read_json_lazy(Interp *I, Value rdd, Value *out) {
    Rdd *r = rdd_peek(rdd);
    DfState *st = df_state(I);
    if (!st) return false;
    DataType *merged = dt_struct_new(0);
    Stage g = {0};
    Progress *pg = progress_begin(I, "Reading JSON (its schema)", "partitions");
    for (int p = 0, np; p < r->nparts; p = np) {   /* pass 1: the schema */
        int64_t at = 0;
        do {
            RddTexts t;
            Value part = v_unit();
            bool first = p == 0 && at == 0;
            int k = rdd_partition_texts(I, r, p, at, &t);
            if (k < 0 || (k == 0 && !rdd_partition(I, r, p, SIZE_MAX, &part))) {
                progress_end(pg, p);
                dt_unref(merged);
                stage_end(&g);
                return false;
            }
            if (k == 0) stage_end(&g);
            int64_t nat;
            next_piece(r, p, k, &t, &np, &nat);   /* read while this one is inferred */
            bool ok = k == 0 ? infer_more(I, as_seq(part)->items, as_seq(part)->len, &merged)
                      : g.l ? infer_stage_texts(I, &g, &t, &merged) : infer_texts(I, &t, &merged);
            if (ok && k > 0 && first) stage_start(I, st, &g, &t, merged);
            if (ok && np == r->nparts && !g.l) rdd_prefetch(r, 0, k > 0 ? 0 : -1);   /* pass 2's first */
            rdd_texts_free(&t);
            val_decref(part);
            part_done();
            if (!ok) { progress_end(pg, p); stage_end(&g); return false; }
            at = nat;
            progress_update(pg, np > p ? np : p, r->nparts);
        } while (np == p && at > 0);   /* the next piece of p */
    }
    progress_end(pg, r->nparts);
    DataType *schema = infer_done(merged);
    if (g.l && !dt_equal(schema, g.schema)) stage_end(&g);   /* stage_holds's promise, kept whatever happens */
    if (g.l) {   /* staged: the rows are loaded */
        rdd_prefetch(r, r->nparts, -1);   /* the source's spare memory goes back before the table's last rows */
        part_done();
        DfTable *t = stage_close(&g, true);
        if (t) {
            *out = df_make(st, schema, dftable_select_sql(t, schema), NULL, 0, t);
            return true;
        }
    }
    JsonSource *j = calloc(1, sizeof *j);   /* pass 2, deferred */
    if (!j) abort();
    val_incref(rdd);
    j->rdd = rdd;
    return json_deferred(I, st, schema, j, out);
}

/* Pass 2 into l, with its columns (schema). */
static bool json_fill(DfSource *s, DfLoader *l, const DataType *schema) {
    JsonSource *j = (JsonSource *)s;
    Interp *I = j->I;
    Rdd *r = rdd_peek(j->rdd);
    if (!r) {
        RowWalk rw = {.w = {.I = I, .items = j->items, .n = j->n}, .tmp = v_unit()};
        bool ok = rows_into(I, l, schema, doc_row_next, &rw);
        row_walk_free(&rw);
        return ok;
    }
    PartWalk pw = {.rw = {.w = {.I = I}, .tmp = v_unit()}, .rdd = r, .part = v_unit(), .texts = {.next = -1}};
    bool ok = rows_into(I, l, schema, part_row_next, &pw);
    val_decref(pw.part);
    rdd_texts_free(&pw.texts);
    row_walk_free(&pw.rw);
    return ok;
}

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
    if (rdd_is_lazy(r) && !given) return read_json_lazy(c->I, a, out);
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
    bool ok = read_json_values(c->I, items, n, given, out);
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
