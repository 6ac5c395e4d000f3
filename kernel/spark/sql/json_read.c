/* json_read.c — DataFrames out of rows and out of JSON: loading rows from a row source or JSON
 * objects into a table (df_from_row_source, df_from_rows), and spark.read.json over documents or
 * a lazy RDD of Strings: pass 1 infers Spark's schema from the text (json_infer.c), pass 2 binds
 * each record's members to the columns; over a lazy RDD's texts pass 1 also loads the rows while
 * the schema holds, so that pass 2 (a KafkaRDD's second fetch) is mostly not needed (Stage).
 */
#include <ctype.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/progress.h"
#include "spark/sql/df_internal.h"
#include "spark/spark.h"

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
bool df_read_json_values(Interp *I, Value *items, size_t n, DataType *given, Value *out) {
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
    return df_read_json_values(I, items, n, NULL, out);
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

bool df_read_json_lazy(Interp *I, Value rdd, Value *out) {
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
