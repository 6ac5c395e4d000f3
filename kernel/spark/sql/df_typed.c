/* df_typed.c — typed Datasets: the Scala value each row stands for (a case class instance, a
 * tuple, a single value, or a Row), `as[T]`, the typed operations over those values (map,
 * flatMap, reduce; filter and the actions use df_element too), Datasets made from Scala values
 * (toDS, and map's results), and groupByKey's KeyValueGroupedDataset (count, keys, mapValues,
 * mapGroups, flatMapGroups, reduceGroups). Spark runs these through encoders; here a row becomes
 * its element when a function or an action needs it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"

#define MAX_FIELDS 64

/* ---- rows → elements ---- */

static bool decode_value(Interp *I, Value dec, Value v, Value *out);

/* A struct's values as an instance of the case class cls, its parameters matched to the
 * fields by name (Spark's resolver: case-insensitive). Borrows vals. */
static bool decode_class(Interp *I, Value cls, const DataType *schema, const Value *vals, int n, Value *out) {
    const char *names[MAX_FIELDS];
    int np = interp_case_fields(cls, names, MAX_FIELDS);
    if (np < 0 || np > MAX_FIELDS) return interp_throw(I, "error", "as[T]: T must be a case class of at most %d fields", MAX_FIELDS);
    Value args[MAX_FIELDS];
    for (int i = 0; i < np; i++) {
        int k = -1;
        for (int j = 0; j < n && k < 0; j++)
            if (!strcasecmp(schema->fields[j].name, names[i])) k = j;
        if (k < 0) return df_unresolved(I, "[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name `%s` cannot be resolved. ;", names[i]);
        args[i] = vals[k];
    }
    return interp_call(I, cls, np, args, out);
}

/* v (a column's value) as the decoder dec says: a case class of a struct (a Row), else v. */
static bool decode_value(Interp *I, Value dec, Value v, Value *out) {
    int nf;
    const DataType *schema;
    const Value *vals = dec.t != T_UNIT ? row_values(v, &nf, &schema) : NULL;
    if (vals) return decode_class(I, dec, schema, vals, nf, out);
    val_incref(v);
    *out = v;
    return true;
}

bool df_element(Interp *I, const DataFrame *df, Value *vals, int n, Value *out) {
    switch (df->kind) {
    case DFK_STRINGS: case DFK_VALUES:
        *out = vals[0];
        val_incref(*out);
        return true;
    case DFK_OBJECTS:
        return decode_class(I, df->elem, df->schema, vals, n, out);
    case DFK_TUPLES: {
        Value items[MAX_FIELDS];
        int k = 0;
        bool ok = n <= MAX_FIELDS;
        for (; ok && k < n; k++) {
            Value dec = df->elem.t == T_TUPLE && k < as_tuple(df->elem)->n ? as_tuple(df->elem)->items[k] : v_unit();
            ok = decode_value(I, dec, vals[k], &items[k]);
        }
        if (!ok) { for (int i = 0; i < k - 1; i++) val_decref(items[i]); return false; }
        *out = tuple_new(n, items);
        return true;
    }
    case DFK_ROWS: default:
        for (int i = 0; i < n; i++) val_incref(vals[i]);
        *out = row_make(dt_ref(df->schema), vals, n);
        return true;
    }
}

bool df_row_element(Interp *I, const DataFrame *df, Value row, Value *out) {
    if (df->kind == DFK_ROWS) { val_incref(row); *out = row; return true; }
    int n;
    const DataType *schema;
    Value *vals = (Value *)row_values(row, &n, &schema);
    if (!vals) { val_incref(row); *out = row; return true; }
    return df_element(I, df, vals, n, out);
}

/* The elements of df, at most limit (< 0: all); new references, free with interp_free_items. */
static bool df_elements(Interp *I, DataFrame *df, long limit, Value **items, size_t *n) {
    *items = NULL;
    *n = 0;
    DfCursor cur;
    if (!df_cursor(I, df, limit, &cur)) { dfc_close(&cur); return false; }
    int nc = df->schema->nfields;
    Value *vals = calloc((size_t)nc + 1, sizeof(Value));
    size_t cap = 0;
    bool ok = true;
    while (ok && dfc_next(&cur)) {
        for (int i = 0; i < nc; i++) vals[i] = df_cell_value(I, &cur, i, df->schema->fields[i].type);
        Value e;
        ok = df_element(I, df, vals, nc, &e);
        for (int i = 0; i < nc; i++) val_decref(vals[i]);
        if (!ok) break;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *items = realloc(*items, cap * sizeof(Value));
            if (!*items) abort();
        }
        (*items)[(*n)++] = e;
    }
    free(vals);
    dfc_close(&cur);
    if (!ok) { interp_free_items(*items, *n); *items = NULL; *n = 0; }
    return ok;
}

/* ---- Scala values → a Dataset ---- */

/* The decoder of a value that will be a column: its case class, or unit. */
static Value decoder_of(Value v) { return interp_case_fields(v, (const char *[1]){0}, 0) >= 0 ? interp_class_value(v) : v_unit(); }

/* Sets df's element kind (and decoder) to what Datasets of values like sample hold. */
static void set_elements(DataFrame *df, Value sample) {
    val_decref(df->elem);
    df->elem = v_unit();
    if (sample.t == T_OBJECT && interp_case_fields(sample, (const char *[1]){0}, 0) >= 0) {
        df->kind = DFK_OBJECTS;
        df->elem = interp_class_value(sample);
    } else if (sample.t == T_TUPLE) {
        TupleObj *t = as_tuple(sample);
        Value decs[MAX_FIELDS];
        int n = t->n < MAX_FIELDS ? t->n : MAX_FIELDS;
        bool any = false;
        for (int i = 0; i < n; i++) { decs[i] = decoder_of(t->items[i]); any |= decs[i].t != T_UNIT; }
        df->kind = DFK_TUPLES;
        if (any) df->elem = tuple_new(n, decs);
        else for (int i = 0; i < n; i++) val_decref(decs[i]);
    } else if (df->kind == DFK_ROWS && df->schema->nfields == 1 && !strcmp(df->schema->fields[0].name, "value") &&
               df->schema->fields[0].type->kind != DT_STRUCT && !row_values(sample, &(int){0}, &(const DataType *){0})) {
        df->kind = DFK_VALUES;   /* Seq(1, 2).toDS: collect gives the values, not Rows */
    }
}

bool df_dataset_of(Interp *I, Value *items, size_t n, const char *const *names, int nnames, Value *out) {
    size_t k = 0;
    while (k < n && items[k].t == T_NULL) k++;
    char *elem = k < n ? val_type_name(I, items[k]) : strdup("String");
    bool ok = dataframe_from_values(I, items, n, names, nnames, out);
    if (ok) {
        df_set_dataset_type(*out, elem);
        DataFrame *df = df_get(*out);
        if (k < n && df->kind != DFK_STRINGS) set_elements(df, items[k]);
    }
    free(elem);
    return ok;
}

/* ---- as[T] ---- */

/* The top-level parts of a tuple type's text "(String, (Int, Long))" into parts; their number. */
static int tuple_parts(const char *t, char parts[][128], int max) {
    size_t len = strlen(t);
    if (len < 2 || t[0] != '(' || t[len - 1] != ')') return 0;
    int n = 0, depth = 0;
    const char *start = t + 1;
    for (const char *p = t + 1; p <= t + len - 1 && n < max; p++) {
        if (*p == '(' || *p == '[') depth++;
        else if ((*p == ')' || *p == ']') && depth > 0) depth--;
        else if ((*p == ',' && depth == 0) || p == t + len - 1) {
            while (*start == ' ') start++;
            size_t l = (size_t)(p - start);
            while (l && start[l - 1] == ' ') l--;
            if (l >= sizeof parts[0]) l = sizeof parts[0] - 1;
            memcpy(parts[n], start, l);
            parts[n++][l] = 0;
            start = p + 1;
        }
    }
    return n;
}

/* The case class a type's text names, or unit. */
static Value case_class_named(Interp *I, const char *name) {
    Value v;
    if (!interp_lookup_global(I, name, &v) || v.t != T_CLASS || interp_case_fields(v, (const char *[1]){0}, 0) < 0)
        return v_unit();
    val_incref(v);
    return v;
}

static bool is_row_type(const char *t) { return !strcmp(t, "Row") || !strcmp(t, "org.apache.spark.sql.Row"); }

/* df.as[T]: the same rows seen as T's (a case class by field names, a tuple by position, one
 * column as a value, Row); Spark's errors when the columns do not fit. */
static bool df_as_typed(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    const char *t;
    if (!df || !arg_string(c, 0, &t)) return false;
    char parts[MAX_FIELDS][128];
    int np = tuple_parts(t, parts, MAX_FIELDS);
    Value cls = np ? v_unit() : case_class_named(c->I, t);
    int nc = df->schema->nfields;
    if (cls.t != T_UNIT) {
        const char *names[MAX_FIELDS];
        int nf = interp_case_fields(cls, names, MAX_FIELDS);
        for (int i = 0; i < nf && i < MAX_FIELDS; i++) {
            bool found = false;
            for (int j = 0; j < nc && !found; j++) found = !strcasecmp(df->schema->fields[j].name, names[i]);
            if (!found) {
                val_decref(cls);
                StrBuf b = {0};
                for (int j = 0; j < nc; j++) sb_printf(&b, "%s`%s`", j ? ", " : "", df->schema->fields[j].name);
                interp_throw(c->I, "org.apache.spark.sql.AnalysisException", "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `%s` cannot be resolved. Did you mean one of the following? [%s].",
                             names[i], b.s ? b.s : "");
                sb_reset(&b);
                return false;
            }
        }
    } else if (np && np != nc) {
        StrBuf b = {0};
        for (int j = 0; j < nc; j++) {
            sb_printf(&b, "%s%s: ", j ? ", " : "", df->schema->fields[j].name);
            size_t from = b.len;
            dt_simple(&b, df->schema->fields[j].type, -1);
            for (size_t k = from; k < b.len; k++) b.s[k] = (char)toupper((unsigned char)b.s[k]);   /* Spark's SQL type names */
        }
        interp_throw(c->I, "org.apache.spark.sql.AnalysisException", "[UNSUPPORTED_DESERIALIZER.FIELD_NUMBER_MISMATCH] The deserializer is not supported: try to map \"STRUCT<%s>\" to Tuple%d, but failed as the number of fields does not line up.",
                     b.s ? b.s : "", np);
        sb_reset(&b);
        return false;
    }
    StrBuf q = {0};
    sb_printf(&q, "SELECT * FROM (%s)", df->sql);
    *out = df_make(df->st, dt_ref(df->schema), sb_take(&q), &df, 1, NULL);
    DataFrame *nd = df_get(*out);
    nd->proj_input = df->proj_input ? dt_ref(df->proj_input) : NULL;
    StrBuf elem = {0};
    if (np) {   /* Spark writes (String, Int) */
        sb_putc(&elem, '(');
        for (int i = 0; i < np; i++) sb_printf(&elem, "%s%s", i ? ", " : "", parts[i]);
        sb_putc(&elem, ')');
    } else sb_puts(&elem, t);
    if (is_row_type(t)) df_keep_type(df, *out), nd->kind = DFK_ROWS;
    else {
        df_set_dataset_type(*out, elem.s);
        if (cls.t != T_UNIT) { nd->kind = DFK_OBJECTS; nd->elem = cls; }
        else if (np) {
            nd->kind = DFK_TUPLES;
            Value decs[MAX_FIELDS];
            bool any = false;
            for (int i = 0; i < np; i++) { decs[i] = case_class_named(c->I, parts[i]); any |= decs[i].t != T_UNIT; }
            if (any) nd->elem = tuple_new(np, decs);
        } else if (nd->kind != DFK_STRINGS && nc == 1) nd->kind = DFK_VALUES;
    }
    sb_reset(&elem);
    return true;
}

/* ---- typed operations ---- */

/* Applies fn to every element; flat: each result's items are the elements. */
static bool map_elements(Call *c, bool flat, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    Value fn = c->argv[0];
    Value *items;
    size_t n;
    if (!df_elements(c->I, df, -1, &items, &n)) return false;
    Value *res = NULL;
    size_t nr = 0, cap = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        Value r;
        if (!(ok = interp_call(c->I, fn, 1, &items[i], &r))) break;
        Value *got = &r;
        size_t ng = 1;
        if (flat) {
            ok = interp_iter_items(c->I, r, &got, &ng);
            val_decref(r);
            if (!ok) { ok = interp_throw(c->I, "error", "flatMap's function must return a collection"); break; }
        }
        if (nr + ng > cap) {
            cap = (nr + ng) * 2;
            res = realloc(res, cap * sizeof(Value));
            if (!res) abort();
        }
        memcpy(res + nr, got, ng * sizeof(Value));
        nr += ng;
        if (flat) free(got);
    }
    interp_free_items(items, n);
    if (ok) ok = df_dataset_of(c->I, res, nr, NULL, 0, out);
    interp_free_items(res, nr);
    return ok;
}
static bool ds_map(Call *c, Value *out) { return map_elements(c, false, out); }
static bool ds_flatmap(Call *c, Value *out) { return map_elements(c, true, out); }

static bool ds_reduce(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    Value *items;
    size_t n;
    if (!df_elements(c->I, df, -1, &items, &n)) return false;
    if (!n) { free(items); return interp_throw(c->I, "java.lang.UnsupportedOperationException", "empty collection"); }
    Value acc = items[0];
    bool ok = true;
    for (size_t i = 1; ok && i < n; i++) {
        Value args[2] = {acc, items[i]}, r;
        ok = interp_call(c->I, c->argv[0], 2, args, &r);
        val_decref(acc);
        val_decref(items[i]);
        acc = ok ? r : v_unit();
        if (!ok) for (size_t j = i + 1; j < n; j++) val_decref(items[j]);
    }
    free(items);
    if (!ok) return false;
    *out = acc;
    return true;
}

/* ---- groupByKey ---- */

typedef struct {
    Value ds;        /* the Dataset (owned) */
    Value keyfn;     /* element → key (owned) */
    Value valfn;     /* element → value (mapValues), or unit */
    char *type;      /* the REPL type, KeyValueGroupedDataset[K,V] */
} Grouped;

static void grouped_finalize(void *d) {
    Grouped *g = d;
    val_decref(g->ds);
    val_decref(g->keyfn);
    val_decref(g->valfn);
    free(g->type);
    free(g);
}
static void grouped_traverse(void *d, VisitFn visit, void *ctx) {
    Grouped *g = d;
    visit(g->ds, ctx);
    visit(g->keyfn, ctx);
    visit(g->valfn, ctx);
}

static HostClass grouped_class;

/* The element type of a Dataset's REPL type ("Employee" of Dataset[Employee]), malloc'd. */
static char *elem_type(const DataFrame *df) {
    const char *t = df && df->dstype ? strchr(df->dstype, '[') : NULL;
    if (!t) return strdup("org.apache.spark.sql.Row");
    return strndup(t + 1, strlen(t + 1) - 1);
}

/* A KeyValueGroupedDataset; K and V's types as the REPL infers them from the functions. */
static Value grouped_new(Interp *I, Value ds, Value keyfn, Value valfn, const char *vtype) {
    Grouped *g = calloc(1, sizeof *g);
    if (!g) abort();
    val_incref(ds); val_incref(keyfn); val_incref(valfn);
    char *et = elem_type(df_get(ds));
    const char *arg = et;
    char *kt = interp_infer_fn_result(I, keyfn, &arg, 1);
    char *vt = valfn.t != T_UNIT ? interp_infer_fn_result(I, valfn, &arg, 1) : NULL;
    if (asprintf(&g->type, "org.apache.spark.sql.KeyValueGroupedDataset[%s,%s]", kt ? kt : "Any",
                 vt ? vt : vtype ? vtype : et) < 0) abort();
    free(kt); free(vt); free(et);
    g->ds = ds; g->keyfn = keyfn; g->valfn = valfn;
    return host_new(&grouped_class, g);
}

static bool ds_groupbykey(Call *c, Value *out) {
    if (!df_self(c)) return false;
    *out = grouped_new(c->I, c->self, c->argv[0], v_unit(), NULL);
    return true;
}

/* The groups: keys in the order they first appear, each with its values (SEQ_LIST). */
typedef struct { Value *keys; Value *vals; size_t n; } Groups;

static void groups_free(Groups *g) {
    interp_free_items(g->keys, g->n);
    interp_free_items(g->vals, g->n);
}

static bool make_groups(Interp *I, Grouped *gd, Groups *g) {
    *g = (Groups){0};
    Value *items;
    size_t n;
    if (!df_elements(I, df_get(gd->ds), -1, &items, &n)) return false;
    Value keymap = map_new(MAP_MUTABLE, false);   /* key → index into g */
    g->keys = calloc(n + 1, sizeof(Value));
    g->vals = calloc(n + 1, sizeof(Value));
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        Value k, v, at;
        if (!(ok = interp_call(I, gd->keyfn, 1, &items[i], &k))) break;
        if (gd->valfn.t != T_UNIT) {
            if (!(ok = interp_call(I, gd->valfn, 1, &items[i], &v))) { val_decref(k); break; }
        } else { v = items[i]; val_incref(v); }
        if (map_get(keymap, k, &at)) {
            seq_push(g->vals[at.u.l], v);
            val_decref(k);
        } else {
            val_incref(k);
            map_put(keymap, k, v_long((int64_t)g->n));
            g->keys[g->n] = k;
            g->vals[g->n] = seq_new(SEQ_LIST, 4);
            seq_push(g->vals[g->n++], v);
        }
    }
    val_decref(keymap);
    interp_free_items(items, n);
    if (!ok) { groups_free(g); *g = (Groups){0}; }
    return ok;
}

/* A Dataset of (key, x) pairs with Spark's column names. */
static bool pairs_dataset(Interp *I, Value *keys, Value *xs, size_t n, const char *second, Value *out) {
    Value *pairs = calloc(n + 1, sizeof(Value));
    for (size_t i = 0; i < n; i++) {
        Value two[2] = {keys[i], xs[i]};
        val_incref(keys[i]);
        val_incref(xs[i]);
        pairs[i] = tuple_new(2, two);
    }
    bool ok = df_dataset_of(I, pairs, n, (const char *const[]){"key", second}, 2, out);
    interp_free_items(pairs, n);
    return ok;
}

/* Spark SQL's name of a primitive value's type (double, bigint …), or NULL. */
static const char *sql_type_of(Value v) {
    switch (v.t) {
    case T_INT: return "int";
    case T_LONG: return "bigint";
    case T_DOUBLE: return "double";
    case T_FLOAT: return "float";
    case T_BOOL: return "boolean";
    case T_STR: return "string";
    default: return NULL;
    }
}

enum { KV_COUNT, KV_KEYS, KV_MAPGROUPS, KV_FLATMAPGROUPS, KV_REDUCEGROUPS, KV_MAPVALUES };

static bool grouped_op(Call *c, Value *out) {
    Grouped *gd = as_host(c->self)->data;
    int what = CALL_TAG(c);
    if (what == KV_MAPVALUES) { *out = grouped_new(c->I, gd->ds, gd->keyfn, c->argv[0], NULL); return true; }
    Groups g;
    if (!make_groups(c->I, gd, &g)) return false;
    bool ok = true;
    Value *res = calloc(g.n + 1, sizeof(Value));
    size_t nr = 0;
    for (size_t i = 0; ok && i < g.n; i++) {
        SeqObj *vs = as_seq(g.vals[i]);
        switch (what) {
        case KV_COUNT: res[nr++] = v_long((int64_t)vs->len); break;
        case KV_REDUCEGROUPS: {
            Value acc = vs->items[0];
            val_incref(acc);
            for (size_t j = 1; ok && j < vs->len; j++) {
                Value args[2] = {acc, vs->items[j]}, r;
                ok = interp_call(c->I, c->argv[0], 2, args, &r);
                val_decref(acc);
                acc = ok ? r : v_unit();
            }
            if (ok) res[nr++] = acc;
            break;
        }
        case KV_MAPGROUPS: case KV_FLATMAPGROUPS: {
            Value it = seq_new(SEQ_ITER, vs->len);
            for (size_t j = 0; j < vs->len; j++) { val_incref(vs->items[j]); seq_push(it, vs->items[j]); }
            Value args[2] = {g.keys[i], it}, r;
            ok = interp_call(c->I, c->argv[0], 2, args, &r);
            val_decref(it);
            if (!ok) break;
            if (what == KV_MAPGROUPS) { res[nr++] = r; break; }
            Value *got;
            size_t ng;
            ok = interp_iter_items(c->I, r, &got, &ng);
            val_decref(r);
            if (!ok) { ok = interp_throw(c->I, "error", "flatMapGroups' function must return a collection"); break; }
            res = realloc(res, (nr + ng + g.n + 1) * sizeof(Value));
            if (!res) abort();
            memcpy(res + nr, got, ng * sizeof(Value));
            nr += ng;
            free(got);
            break;
        }
        default: break;
        }
    }
    if (ok) {
        if (what == KV_COUNT) ok = pairs_dataset(c->I, g.keys, res, nr, "count(1)", out);
        else if (what == KV_REDUCEGROUPS) {
            /* Spark: ReduceAggregator(double), or of the class's JVM name ($line15.$read$$iw…Employee) */
            StrBuf col = {0};
            sb_puts(&col, "ReduceAggregator(");
            const char *prim = nr ? sql_type_of(res[0]) : NULL;
            if (prim) sb_puts(&col, prim);
            else { char *vt = nr ? val_type_name(c->I, res[0]) : strdup("Any"); sb_puts(&col, vt); free(vt); }
            sb_putc(&col, ')');
            ok = pairs_dataset(c->I, g.keys, res, nr, col.s, out);
            sb_reset(&col);
        } else if (what == KV_KEYS) ok = df_dataset_of(c->I, g.keys, g.n, NULL, 0, out);
        else ok = df_dataset_of(c->I, res, nr, NULL, 0, out);
    }
    interp_free_items(res, nr);
    groups_free(&g);
    return ok;
}

static const char *grouped_type_name(void *d) { return ((Grouped *)d)->type; }

/* "[value: string]", "[name: string, dept: string ... 1 more field(s)]": a schema as Spark's
 * KeyValueGroupedDataset.toString writes its key's and value's. */
static void schema_brief(StrBuf *b, const DataType *s) {
    sb_putc(b, '[');
    for (int i = 0; s && i < s->nfields && i < 2; i++) {
        sb_printf(b, "%s%s: ", i ? ", " : "", s->fields[i].name);
        dt_simple(b, s->fields[i].type, 2);
    }
    if (s && s->nfields > 2) sb_printf(b, " ... %d more field(s)", s->nfields - 2);
    sb_putc(b, ']');
}

/* The schema a Dataset of v's would have (a new reference), or NULL. */
static DataType *schema_of(Interp *I, Value v) {
    Value tmp;
    if (!df_dataset_of(I, &v, 1, NULL, 0, &tmp)) { val_decref(interp_take_exception(I)); return NULL; }
    DataType *s = dt_ref(df_get(tmp)->schema);
    val_decref(tmp);
    return s;
}

/* KeyValueGroupedDataset: [key: [value: string], value: [name: string, dept: string ... 1 more field(s)]]
 * (the key's schema from the key of the first element) */
static char *grouped_to_string(Interp *I, void *d) {
    Grouped *g = d;
    DataFrame *df = df_get(g->ds);
    StrBuf b = {0};
    DataType *ks = NULL, *vs = NULL;
    Value *first, k, v;
    size_t n = 0;
    if (df_elements(I, df, 1, &first, &n) && n) {
        if (interp_call(I, g->keyfn, 1, &first[0], &k)) { ks = schema_of(I, k); val_decref(k); }
        if (g->valfn.t != T_UNIT && interp_call(I, g->valfn, 1, &first[0], &v)) { vs = schema_of(I, v); val_decref(v); }
        interp_free_items(first, n);
    }
    val_decref(interp_take_exception(I));
    sb_puts(&b, "KeyValueGroupedDataset: [key: ");
    schema_brief(&b, ks);
    sb_puts(&b, ", value: ");
    schema_brief(&b, g->valfn.t != T_UNIT ? vs : df->schema);
    sb_putc(&b, ']');
    dt_unref(ks);
    dt_unref(vs);
    return sb_take(&b);
}

static const MethodDef grouped_methods[] = {
    METHOD_DATA("count", grouped_op, KV_COUNT, 0, 0, "def count(): Dataset[(K, Long)]", "Each key and its number of elements (columns key, count(1))."),
    METHOD_DATA("keys", grouped_op, KV_KEYS, 0, 0, "def keys: Dataset[K]", "The distinct keys."),
    METHOD_DATA("mapValues", grouped_op, KV_MAPVALUES, 1, 1, "def mapValues[W](func: V => W): KeyValueGroupedDataset[K, W]", "The same groups, each value mapped by func."),
    METHOD_DATA("mapGroups", grouped_op, KV_MAPGROUPS, 1, 1, "def mapGroups[U](f: (K, Iterator[V]) => U): Dataset[U]", "f of each key and an iterator over its values."),
    METHOD_DATA("flatMapGroups", grouped_op, KV_FLATMAPGROUPS, 1, 1, "def flatMapGroups[U](f: (K, Iterator[V]) => TraversableOnce[U]): Dataset[U]", "The elements f gives for each group."),
    METHOD_DATA("reduceGroups", grouped_op, KV_REDUCEGROUPS, 1, 1, "def reduceGroups(f: (V, V) => V): Dataset[(K, V)]", "Each key with its values reduced by f."),
};

static HostClass grouped_class = {
    .name = "KeyValueGroupedDataset", .qualified = "org.apache.spark.sql.KeyValueGroupedDataset",
    .doc = "A Dataset grouped by a key function (groupByKey): the groups in the order their keys first appear.",
    .doc_url = DF_DOC "KeyValueGroupedDataset.html",
    .finalize = grouped_finalize, .traverse = grouped_traverse, .type_name = grouped_type_name,
    .to_string = grouped_to_string,
    HOST_METHODS(grouped_methods)};

const MethodDef df_typed_methods[] = {
    METHOD("as[]", df_as_typed, 1, 1, "def as[U]: Dataset[U]", "The rows as U's: a case class (columns by name), a tuple (by position), one column's values, Row."),
    METHOD("map", ds_map, 1, 1, "def map[U](func: T => U): Dataset[U]", "func of every element (a Row of a DataFrame)."),
    METHOD("flatMap", ds_flatmap, 1, 1, "def flatMap[U](func: T => TraversableOnce[U]): Dataset[U]", "The elements func gives for every element."),
    METHOD("reduce", ds_reduce, 1, 1, "def reduce(func: (T, T) => T): T", "The elements combined by func."),
    METHOD("groupByKey", ds_groupbykey, 1, 1, "def groupByKey[K](func: T => K): KeyValueGroupedDataset[K, T]", "The elements grouped by func's key."),
};
const int df_typed_nmethods = NMETHODS(df_typed_methods);

void typed_init(Interp *I) { interp_register_class(I, &grouped_class); }
