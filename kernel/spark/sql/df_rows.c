/* df_rows.c — rows as Scala values: the Row class (row(0), getString, getLong, getAs[T]("name"),
 * toString `[a,1]`), the actions that bring rows back (collect, take, head, first, foreach,
 * rdd), toJSON (a Dataset[String] of Spark's JSON lines), and DataFrames made from Scala values
 * (spark.createDataFrame(seq | rdd), dataframe_from_values for tuples, case classes and scalars).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/sql/df_internal.h"
#include "spark/modules.h"
#include "spark/spark.h"

typedef struct { DataType *schema; int n; Value vals[]; } Row;

static void row_finalize(void *d) {
    Row *r = d;
    for (int i = 0; i < r->n; i++) val_decref(r->vals[i]);
    dt_unref(r->schema);
    free(r);
}
static void row_traverse(void *d, VisitFn visit, void *ctx) {
    Row *r = d;
    for (int i = 0; i < r->n; i++) visit(r->vals[i], ctx);
}

static void row_text(Interp *I, StrBuf *b, Value v);

static void row_text(Interp *I, StrBuf *b, Value v) {
    if (v.t == T_NULL) { sb_puts(b, "null"); return; }
    if (v.t == T_HOST && as_host(v)->cls == &row_class) {
        Row *r = as_host(v)->data;
        sb_putc(b, '[');
        for (int i = 0; i < r->n; i++) { if (i) sb_putc(b, ','); row_text(I, b, r->vals[i]); }
        sb_putc(b, ']');
        return;
    }
    if (v.t == T_SEQ) {
        sb_puts(b, "WrappedArray(");
        for (size_t i = 0; i < as_seq(v)->len; i++) { if (i) sb_puts(b, ", "); row_text(I, b, as_seq(v)->items[i]); }
        sb_putc(b, ')');
        return;
    }
    char *s = val_to_string(I, v);
    sb_puts(b, s);
    free(s);
}

static char *row_str(Interp *I, void *d) {
    Row *r = d;
    StrBuf b = {0};
    sb_putc(&b, '[');
    for (int i = 0; i < r->n; i++) { if (i) sb_putc(&b, ','); row_text(I, &b, r->vals[i]); }
    sb_putc(&b, ']');
    return sb_take(&b);
}
static const char *row_type(void *d) { (void)d; return "org.apache.spark.sql.Row"; }

const Value *row_values(Value v, int *n, const DataType **schema) {
    if (v.t != T_HOST || as_host(v)->cls != &row_class) return NULL;
    Row *r = as_host(v)->data;
    *n = r->n;
    *schema = r->schema;
    return r->vals;
}

Value row_make(DataType *schema, Value *vals, int n) {
    Row *r = malloc(sizeof *r + (size_t)(n ? n : 1) * sizeof(Value));
    if (!r) abort();
    r->schema = schema;
    r->n = n;
    for (int i = 0; i < n; i++) r->vals[i] = vals[i];
    return host_new(&row_class, r);
}

/* ---- stored values → Scala values ---- */

static Value json_value(json_t *j, const DataType *t) {
    if (!j || json_is_null(j)) return v_null();
    switch (t->kind) {
    case DT_LONG: return v_long(json_is_integer(j) ? json_integer_value(j) : (int64_t)json_number_value(j));
    case DT_INT: return v_int((int32_t)(json_is_integer(j) ? json_integer_value(j) : (int64_t)json_number_value(j)));
    case DT_DOUBLE: return v_double(json_number_value(j));
    case DT_BOOL: return v_bool(json_is_true(j) || (json_is_integer(j) && json_integer_value(j)));
    case DT_STRUCT: {
        Value *vals = calloc((size_t)t->nfields + 1, sizeof(Value));
        for (int i = 0; i < t->nfields; i++)
            vals[i] = json_value(json_is_object(j) ? json_object_get(j, t->fields[i].name) : NULL, t->fields[i].type);
        Value r = row_make(dt_ref((DataType *)t), vals, t->nfields);
        free(vals);
        return r;
    }
    case DT_ARRAY: {
        Value s = seq_new(SEQ_WRAPPED, json_array_size(j));   /* a Row holds a WrappedArray */
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x) seq_push(s, json_value(x, t->elem));
        return s;
    }
    default: {
        char *txt = json_string_text(j);
        return str_take(txt);
    }
    }
}

Value df_cell_value(Interp *I, DfCursor *c, int col, const DataType *t) {
    (void)I;
    if (dfc_null(c, col)) return v_null();
    switch (t->kind) {
    case DT_LONG: return v_long(dfc_int(c, col));
    case DT_INT: return v_int((int32_t)dfc_int(c, col));
    case DT_DOUBLE: return v_double(dfc_double(c, col));
    case DT_BOOL: return v_bool(dfc_int(c, col) != 0);
    case DT_STRUCT: case DT_ARRAY: {
        json_t *j = dfc_json(c, col);
        Value v = json_value(j, t);
        json_decref(j);
        return v;
    }
    default: {
        size_t len;
        const char *txt = dfc_text(c, col, &len);
        return str_new(txt, len);
    }
    }
}

/* Up to limit rows (limit < 0: all) as Row values. */
static bool fetch_rows(Call *c, DataFrame *df, long limit, Value **rows, size_t *n) {
    *rows = NULL;
    *n = 0;
    DfCursor cur;
    if (!df_cursor(c->I, df, limit, &cur)) return false;
    size_t cap = 0;
    int nc = df->schema->nfields;
    Value *vals = calloc((size_t)nc + 1, sizeof(Value));
    while (dfc_next(&cur)) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *rows = realloc(*rows, cap * sizeof(Value));
            if (!*rows) abort();
        }
        for (int i = 0; i < nc; i++) vals[i] = df_cell_value(c->I, &cur, i, df->schema->fields[i].type);
        (*rows)[(*n)++] = row_make(dt_ref(df->schema), vals, nc);
    }
    free(vals);
    dfc_close(&cur);
    return true;
}

/* ---- Row's methods ---- */

static bool row_index(Call *c, Row *r, int argi, int *out) {
    Value a = c->argv[argi];
    if (a.t == T_STR) {
        int i = dt_field_index(r->schema, as_str(a)->s);
        if (i < 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "%s does not exist. Available: %s%s",
                                       as_str(a)->s, r->n ? r->schema->fields[0].name : "", r->n > 1 ? ", …" : "");
        *out = i;
        return true;
    }
    int64_t i;
    if (!arg_long(c, argi, &i)) return false;
    if (i < 0 || i >= r->n) return interp_throw(c->I, "java.lang.ArrayIndexOutOfBoundsException", "%lld", (long long)i);
    *out = (int)i;
    return true;
}

static bool row_get(Call *c, Value *out) {
    Row *r = as_host(c->self)->data;
    int i;
    if (!row_index(c, r, 0, &i)) return false;
    Value v = r->vals[i];
    const char *want = c->data;   /* getString & co: the type the method's data names */
    if (want && v.t == T_NULL && strcmp(want, "String"))
        return interp_throw(c->I, "java.lang.NullPointerException", "Value at index %d is null", i);
    bool fits = !want || v.t == T_NULL || (!strcmp(want, "String") && v.t == T_STR) || (!strcmp(want, "Long") && v.t == T_LONG) ||
                (!strcmp(want, "Int") && v.t == T_INT) || (!strcmp(want, "Double") && v.t == T_DOUBLE) || (!strcmp(want, "Boolean") && v.t == T_BOOL);
    if (!fits) {
        if (!strcmp(want, "Long") && v.t == T_INT) { *out = v_long(v.u.i); return true; }
        if (!strcmp(want, "Double") && (v.t == T_INT || v.t == T_LONG)) { *out = v_double(v.t == T_INT ? v.u.i : (double)v.u.l); return true; }
        char *tn = val_type_name(c->I, v);
        interp_throw(c->I, "java.lang.ClassCastException", "%s cannot be cast to %s", tn, want);
        free(tn);
        return false;
    }
    val_incref(v);
    *out = v;
    return true;
}

static bool row_is_null(Call *c, Value *out) {
    Row *r = as_host(c->self)->data;
    int i;
    if (!row_index(c, r, 0, &i)) return false;
    *out = v_bool(r->vals[i].t == T_NULL);
    return true;
}

enum { ROW_MKSTRING, ROW_LENGTH, ROW_FIELD_INDEX, ROW_SCHEMA, ROW_TO_SEQ };   /* row_misc's answer */
static bool row_misc(Call *c, Value *out) {
    Row *r = as_host(c->self)->data;
    int what = CALL_TAG(c);
    if (what == ROW_LENGTH) { *out = v_int(r->n); return true; }
    if (what == ROW_FIELD_INDEX) {
        const char *nm;
        if (!arg_string(c, 0, &nm)) return false;
        int i = dt_field_index(r->schema, nm);
        if (i < 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Field \"%s\" does not exist.", nm);
        *out = v_int(i);
        return true;
    }
    if (what == ROW_SCHEMA) {
        StrBuf b = {0};
        dt_to_string(&b, r->schema);
        *out = str_take(sb_take(&b));
        return true;
    }
    Value s = seq_new(SEQ_WRAPPED, (size_t)r->n);     /* Row.toSeq wraps its values' array */
    for (int i = 0; i < r->n; i++) { val_incref(r->vals[i]); seq_push(s, r->vals[i]); }
    if (what == ROW_TO_SEQ) { *out = s; return true; }
    bool ok = interp_call_method(c->I, s, "mkString", c->argc, c->argv, out);   /* mkString */
    val_decref(s);
    return ok;
}

static const MethodDef row_methods[] = {
    METHOD("apply", row_get, 1, 1, "def apply(i: Int): Any", "The value at position i."),
    METHOD("get", row_get, 1, 1, "def get(i: Int): Any", "The value at position i."),
    METHOD("getAs", row_get, 1, 1, "def getAs[T](fieldName: String): T", "The value of a field (by name or position)."),
    METHOD_DATA("getString", row_get, "String", 1, 1, "def getString(i: Int): String", "The String at position i."),
    METHOD_DATA("getLong", row_get, "Long", 1, 1, "def getLong(i: Int): Long", "The Long at position i."),
    METHOD_DATA("getInt", row_get, "Int", 1, 1, "def getInt(i: Int): Int", "The Int at position i."),
    METHOD_DATA("getDouble", row_get, "Double", 1, 1, "def getDouble(i: Int): Double", "The Double at position i."),
    METHOD_DATA("getBoolean", row_get, "Boolean", 1, 1, "def getBoolean(i: Int): Boolean", "The Boolean at position i."),
    METHOD("getStruct", row_get, 1, 1, "def getStruct(i: Int): Row", "The struct at position i, as a Row."),
    METHOD("getSeq", row_get, 1, 1, "def getSeq[T](i: Int): Seq[T]", "The array at position i."),
    METHOD("isNullAt", row_is_null, 1, 1, "def isNullAt(i: Int): Boolean", "Whether the value at position i is null."),
    METHOD_DATA("length", row_misc, ROW_LENGTH, 0, 0, "def length: Int", "The number of fields."),
    METHOD_DATA("size", row_misc, ROW_LENGTH, 0, 0, "def size: Int", "The number of fields."),
    METHOD_DATA("fieldIndex", row_misc, ROW_FIELD_INDEX, 1, 1, "def fieldIndex(name: String): Int", "The position of a field."),
    METHOD_DATA("schema", row_misc, ROW_SCHEMA, 0, 0, "def schema: StructType", "The row's schema."),
    METHOD_DATA("toSeq", row_misc, ROW_TO_SEQ, 0, 0, "def toSeq: Seq[Any]", "The values."),
    METHOD_DATA("mkString", row_misc, ROW_MKSTRING, 0, 3, "def mkString(sep: String): String", "The values joined."),
};
static const Value *row_unapply(void *d, int *n) {   /* case Row(a, b, …) */
    Row *r = d;
    *n = r->n;
    return r->vals;
}

HostClass row_class = {.unapply_seq = row_unapply, .name = "Row", .qualified = "org.apache.spark.sql.Row",
                       .doc = "A row of a DataFrame: row(0), row.getString(1), row.getAs[Long](\"id\").",
                       .doc_url = DF_DOC "Row.html", HOST_METHODS(row_methods),
                       .finalize = row_finalize, .traverse = row_traverse, .to_string = row_str, .type_name = row_type};

/* ---- actions ---- */

/* What df_collect answers (the method's data): an Array, a java.util.List, the first row (head()
 * without n, first), a foreach, an RDD. */
enum { COLLECT_ARRAY, COLLECT_LIST, COLLECT_HEAD, COLLECT_FIRST, COLLECT_FOREACH, COLLECT_RDD };
static bool df_collect(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    int64_t limit = -1;
    int what = CALL_TAG(c);
    bool single = (what == COLLECT_HEAD && c->argc == 0) || what == COLLECT_FIRST;
    if (single) limit = 1;
    else if (c->argc == 1 && !arg_long(c, 0, &limit)) return false;
    if (limit < -1) limit = 0;
    Value *rows;
    size_t n;
    if (df->kind == DFK_STRINGS) {
        if (!df_strings(c->I, df, &rows, &n)) return false;
        if (limit >= 0 && n > (size_t)limit) { interp_free_items(rows + limit, n - (size_t)limit); n = (size_t)limit; }
    } else if (!fetch_rows(c, df, (long)limit, &rows, &n)) return false;
    if (df->kind != DFK_ROWS && df->kind != DFK_STRINGS)   /* a typed Dataset: each row's element */
        for (size_t i = 0; i < n; i++) {
            Value e;
            if (!df_row_element(c->I, df, rows[i], &e)) { interp_free_items(rows, n); return false; }
            val_decref(rows[i]);
            rows[i] = e;
        }
    if (single) {
        if (!n) { free(rows); return interp_throw(c->I, "java.util.NoSuchElementException", "next on empty iterator"); }
        *out = rows[0];
        free(rows);
        return true;
    }
    if (what == COLLECT_FOREACH) {
        bool ok = true;
        for (size_t i = 0; ok && i < n; i++) {
            Value r;
            ok = interp_call(c->I, c->argv[0], 1, &rows[i], &r);
            if (ok) val_decref(r);
        }
        interp_free_items(rows, n);
        *out = v_unit();
        return ok;
    }
    if (what == COLLECT_RDD) {
        *out = rdd_from_items(c->I, "MapPartitionsRDD", "rdd at <console>", rows, n, 1);
        free(rows);
        return true;
    }
    Value a = seq_new(what == COLLECT_LIST ? SEQ_JLIST : SEQ_ARRAY, n);
    for (size_t i = 0; i < n; i++) seq_push(a, rows[i]);
    free(rows);
    *out = a;
    return true;
}

/* filter(f) with a Scala function (Dataset's typed filter): f runs on every row (a Row, or the
 * value of a Dataset[Int] & co) and the rows it keeps make a new Dataset of the same schema. */
bool df_filter_fn(Interp *I, DataFrame *df, Value fn, Value *out) {
    DfCursor cur;
    if (!df_cursor(I, df, -1, &cur)) return false;
    int nc = df->schema->nfields;
    Value *vals = calloc((size_t)nc + 1, sizeof(Value));
    json_t **rows = NULL;
    size_t n = 0, cap = 0;
    StrBuf line = {0};
    bool ok = true;
    while (ok && dfc_next(&cur)) {
        for (int i = 0; i < nc; i++) vals[i] = df_cell_value(I, &cur, i, df->schema->fields[i].type);
        Value arg, keep;
        ok = df_element(I, df, vals, nc, &arg);
        for (int i = 0; i < nc; i++) val_decref(vals[i]);
        if (!ok) break;
        ok = interp_call(I, fn, 1, &arg, &keep);
        val_decref(arg);
        if (!ok) break;
        if (keep.t != T_BOOL) {
            val_decref(keep);
            ok = interp_throw(I, "error", "type mismatch: filter's function must return a Boolean");
            break;
        }
        if (!keep.u.b) continue;
        line.len = 0;
        df_row_json(&line, &cur, df->schema);
        json_t *j = json_loadb(line.s ? line.s : "{}", line.len, JSON_DECODE_ANY, NULL);
        if (!j) j = json_object();
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = realloc(rows, cap * sizeof *rows);
            if (!rows) abort();
        }
        rows[n++] = j;
    }
    free(vals);
    sb_reset(&line);
    dfc_close(&cur);
    if (ok) ok = df_from_rows(I, df->st, dt_ref(df->schema), rows, n, out);
    for (size_t i = 0; i < n; i++) json_decref(rows[i]);
    free(rows);
    if (ok) df_keep_type(df, *out);
    return ok;
}

/* toJSON: a Dataset[String] of Spark's JSON lines. */
static bool df_to_json(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    DfCursor cur;
    if (!df_cursor(c->I, df, -1, &cur)) return false;
    size_t n = 0, cap = 0;
    json_t **rows = NULL;
    StrBuf line = {0};
    while (dfc_next(&cur)) {
        line.len = 0;
        df_row_json(&line, &cur, df->schema);
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = realloc(rows, cap * sizeof *rows);
            if (!rows) abort();
        }
        rows[n++] = json_pack("{s:s%}", "value", line.s ? line.s : "", line.len);
    }
    sb_reset(&line);
    dfc_close(&cur);
    bool ok = true;
    DataType *schema = dt_struct_new(1);
    schema->fields[0].name = strdup("value");
    schema->fields[0].type = dt_prim(DT_STRING);
    schema->fields[0].nullable = true;
    if (ok) ok = df_from_rows(c->I, df->st, schema, rows, n, out);
    else dt_unref(schema);
    for (size_t i = 0; i < n; i++) json_decref(rows[i]);
    free(rows);
    if (ok) df_get(*out)->kind = DFK_STRINGS;
    return ok;
}

/* ---- DataFrames of Scala values ---- */

static bool is_record(Value v) { return v.t == T_TUPLE || v.t == T_OBJECT || (v.t == T_HOST && as_host(v)->cls == &row_class); }

/* The fields of a record: names (borrowed or interned) and values (borrowed). */
static int record_fields(Value v, const char **names, Value *vals, int max) {
    int n = 0;
    static const char *const tn[] = {"_1", "_2", "_3", "_4", "_5", "_6", "_7", "_8", "_9", "_10", "_11", "_12",
                                     "_13", "_14", "_15", "_16", "_17", "_18", "_19", "_20", "_21", "_22"};
    if (v.t == T_TUPLE)
        for (int i = 0; i < as_tuple(v)->n && n < max && i < 22; i++) { names[n] = tn[i]; vals[n++] = as_tuple(v)->items[i]; }
    else if (v.t == T_OBJECT) {
        Env *f = ((InstObj *)v.u.o)->fields;
        for (int i = 0; f && i < f->len && n < max; i++) {
            Slot *s = &f->slots[i];
            if (s->flags & (SLOT_DEF | SLOT_LAZY) || !strcmp(s->name, "this") || s->v.t == T_FUNC) continue;
            names[n] = s->name;
            vals[n++] = s->v;
        }
    } else {
        Row *r = as_host(v)->data;
        for (int i = 0; i < r->n && n < max; i++) { names[n] = r->schema->fields[i].name; vals[n++] = r->vals[i]; }
    }
    return n;
}

static DataType *value_type(Value v, bool *nullable) {
    *nullable = true;
    switch (v.t) {
    case T_INT: *nullable = false; return dt_prim(DT_INT);
    case T_LONG: *nullable = false; return dt_prim(DT_LONG);
    case T_DOUBLE: *nullable = false; return dt_prim(DT_DOUBLE);
    case T_BOOL: *nullable = false; return dt_prim(DT_BOOL);
    case T_SOME: return value_type(as_some(v)->v, nullable);
    case T_SEQ: {
        bool nn;
        DataType *e = as_seq(v)->len ? value_type(as_seq(v)->items[0], &nn) : dt_prim(DT_STRING);
        return dt_array_new(e);
    }
    default:
        if (is_record(v)) {
            const char *names[64];
            Value vals[64];
            int n = record_fields(v, names, vals, 64);
            DataType *t = dt_struct_new(n);
            for (int i = 0; i < n; i++) {
                t->fields[i].name = strdup(names[i]);
                t->fields[i].type = value_type(vals[i], &t->fields[i].nullable);
            }
            return t;
        }
        return dt_prim(DT_STRING);
    }
}

static json_t *value_json(Interp *I, Value v) {
    switch (v.t) {
    case T_NULL: case T_NONE: return json_null();
    case T_INT: return json_integer(v.u.i);
    case T_LONG: return json_integer(v.u.l);
    case T_DOUBLE: return json_real(v.u.d);
    case T_BOOL: return json_boolean(v.u.b);
    case T_SOME: return value_json(I, as_some(v)->v);
    case T_SEQ: {
        json_t *a = json_array();
        for (size_t i = 0; i < as_seq(v)->len; i++) json_array_append_new(a, value_json(I, as_seq(v)->items[i]));
        return a;
    }
    default:
        if (is_record(v)) {
            const char *names[64];
            Value vals[64];
            int n = record_fields(v, names, vals, 64);
            json_t *o = json_object();
            for (int i = 0; i < n; i++) json_object_set_new(o, names[i], value_json(I, vals[i]));
            return o;
        } else {
            char *s = val_to_string(I, v);
            json_t *j = json_string(s);
            free(s);
            return j ? j : json_null();
        }
    }
}

bool dataframe_from_values(Interp *I, Value *items, size_t n, const char *const *names, int nnames, Value *out) {
    DfState *st = df_state(I);
    if (!st) return false;
    size_t k = 0;
    while (k < n && (items[k].t == T_NULL || items[k].t == T_NONE)) k++;
    bool record = k < n && is_record(items[k]);
    DataType *schema;
    if (record) schema = value_type(items[k], &(bool){0});
    else {
        schema = dt_struct_new(1);
        schema->fields[0].name = strdup("value");
        schema->fields[0].type = k < n ? value_type(items[k], &schema->fields[0].nullable) : dt_prim(DT_STRING);
    }
    if (names && nnames != schema->nfields) {
        dt_unref(schema);
        return interp_throw(I, "java.lang.IllegalArgumentException",
                            "requirement failed: The number of columns doesn't match.\nOld column names (%d)\nNew column names (%d)", schema->nfields, nnames);
    }
    json_t **rows = calloc(n + 1, sizeof *rows);
    for (size_t i = 0; i < n; i++) {
        if (record) rows[i] = value_json(I, items[i]);
        else { rows[i] = json_object(); json_object_set_new(rows[i], "value", value_json(I, items[i])); }
    }
    if (names)   /* rename after the rows are keyed by the original names */
        for (int i = 0; i < nnames; i++)
            for (size_t r = 0; r < n; r++) {
                json_t *v = json_object_get(rows[r], schema->fields[i].name);
                if (v) { json_incref(v); json_object_del(rows[r], schema->fields[i].name); json_object_set_new(rows[r], names[i], v); }
            }
    for (int i = 0; names && i < nnames; i++) { free(schema->fields[i].name); schema->fields[i].name = strdup(names[i]); }
    bool ok = df_from_rows(I, st, schema, rows, n, out);
    for (size_t i = 0; i < n; i++) json_decref(rows[i]);
    free(rows);
    return ok;
}

/* spark.createDataFrame(seq | rdd) [.toDF(names)] */
bool df_create_dataframe(Call *c, Value *out) {
    Value *items;
    size_t n;
    Rdd *r = rdd_get(c->argv[0]);
    if (r) items = rdd_items(r, &n);
    else if (!interp_iter_items(c->I, c->argv[0], &items, &n))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "createDataFrame: expected a Seq or an RDD of tuples, case class instances or Rows");
    bool ok = dataframe_from_values(c->I, items, n, NULL, 0, out);
    interp_free_items(items, n);
    return ok;
}

const MethodDef df_rows_methods[] = {
    METHOD_DATA("collect", df_collect, COLLECT_ARRAY, 0, 0, "def collect(): Array[Row]", "All the rows."),
    METHOD_DATA("collectAsList", df_collect, COLLECT_LIST, 0, 0, "def collectAsList(): java.util.List[Row]", "All the rows."),
    METHOD_DATA("take", df_collect, COLLECT_ARRAY, 1, 1, "def take(n: Int): Array[Row]", "The first n rows."),
    METHOD_DATA("takeAsList", df_collect, COLLECT_LIST, 1, 1, "def takeAsList(n: Int): java.util.List[Row]", "The first n rows."),
    METHOD_DATA("head", df_collect, COLLECT_HEAD, 0, 1, "def head(n: Int): Array[Row]\ndef head(): Row", "The first row (head(n): the first n)."),
    METHOD_DATA("first", df_collect, COLLECT_FIRST, 0, 0, "def first(): Row", "The first row."),
    METHOD_DATA("foreach", df_collect, COLLECT_FOREACH, 1, 1, "def foreach(f: Row => Unit): Unit", "Runs f on every row."),
    METHOD_DATA("rdd", df_collect, COLLECT_RDD, 0, 0, "def rdd: RDD[Row]", "The rows as an RDD."),
    METHOD("toJSON", df_to_json, 0, 0, "def toJSON: Dataset[String]", "Each row as a JSON object (Spark's JSON text, nulls omitted)."),
};
const int df_rows_nmethods = NMETHODS(df_rows_methods);

void rows_init(Interp *I) { interp_register_class(I, &row_class); }
