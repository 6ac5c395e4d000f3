/* df_schema.c — schemas written in Scala: the DataType objects (StringType, LongType, …,
 * ArrayType(t)), StructField, StructType(fields) / new StructType().add(name, type), DDL strings
 * ("id LONG, lang STRING"); and the functions whose result type is a schema: from_json(col,
 * schema) and to_json(col) (DuckDB's json functions), window(timeCol, duration) (a struct of
 * start and end, as Spark's TimeWindow).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"

/* ---- DataType objects ---- */

static void dtv_finalize(void *d) { dt_unref(d); }
static char *dtv_str(Interp *I, void *d) { (void)I; StrBuf b = {0}; dt_to_string(&b, d); return sb_take(&b); }
static const char *dtv_type(void *d) {
    switch (((DataType *)d)->kind) {
    case DT_STRING: return "org.apache.spark.sql.types.StringType.type";
    case DT_LONG: return "org.apache.spark.sql.types.LongType.type";
    case DT_INT: return "org.apache.spark.sql.types.IntegerType.type";
    case DT_DOUBLE: return "org.apache.spark.sql.types.DoubleType.type";
    case DT_BOOL: return "org.apache.spark.sql.types.BooleanType.type";
    case DT_BINARY: return "org.apache.spark.sql.types.BinaryType.type";
    case DT_TIMESTAMP: return "org.apache.spark.sql.types.TimestampType.type";
    case DT_ARRAY: return "org.apache.spark.sql.types.ArrayType";
    default: return "org.apache.spark.sql.types.DataType";
    }
}
static bool dtv_simple(Call *c, Value *out) {
    StrBuf b = {0};
    dt_catalog(&b, as_host(c->self)->data);
    *out = str_take(sb_take(&b));
    return true;
}
static const MethodDef dtv_methods[] = {
    METHOD("simpleString", dtv_simple, 0, 0, "def simpleString: String", "The type as SQL writes it: bigint, array<string> …"),
    METHOD("catalogString", dtv_simple, 0, 0, "def catalogString: String", "The type as SQL writes it."),
};
static HostClass datatype_class = {.name = "DataType", .qualified = "org.apache.spark.sql.types.DataType",
                                   .doc = "A column's type: StringType, LongType, IntegerType, DoubleType, BooleanType, ArrayType(t) …",
                                   HOST_METHODS(dtv_methods), .finalize = dtv_finalize, .to_string = dtv_str, .type_name = dtv_type};

static Value dtv_new(DataType *t) { return host_new(&datatype_class, t); }

DataType *dt_of_value(Value v) {
    if (v.t != T_HOST) return NULL;
    if (as_host(v)->cls == &datatype_class || as_host(v)->cls == &structtype_class) return as_host(v)->data;
    return NULL;
}

static bool array_type(Call *c, Value *out) {
    DataType *e = c->argc ? dt_of_value(c->argv[0]) : NULL;
    if (!e) return interp_throw(c->I, "error", "type mismatch: ArrayType needs a DataType, e.g. ArrayType(StringType)");
    *out = dtv_new(dt_array_new(dt_ref(e)));
    return true;
}

/* ---- StructField ---- */

typedef struct { char *name; DataType *type; bool nullable; } Field;
static void field_finalize(void *d) { Field *f = d; free(f->name); dt_unref(f->type); free(f); }
static char *field_str(Interp *I, void *d) {
    (void)I;
    Field *f = d;
    StrBuf b = {0};
    sb_printf(&b, "StructField(%s,", f->name);
    dt_to_string(&b, f->type);
    sb_printf(&b, ",%s)", f->nullable ? "true" : "false");
    return sb_take(&b);
}
static bool field_get(Call *c, Value *out) {
    Field *f = as_host(c->self)->data;
    if (!strcmp(c->name, "name")) *out = str_cstr(f->name);
    else if (!strcmp(c->name, "nullable")) *out = v_bool(f->nullable);
    else *out = dt_ref(f->type)->kind == DT_STRUCT ? host_new(&structtype_class, f->type) : dtv_new(f->type);
    return true;
}
static const MethodDef field_methods[] = {
    METHOD("name", field_get, 0, 0, "val name: String", "The field's name."),
    METHOD("dataType", field_get, 0, 0, "val dataType: DataType", "The field's type."),
    METHOD("nullable", field_get, 0, 0, "val nullable: Boolean", "Whether it may be null."),
};
static bool field_new(Call *c, Value *out);
static HostClass field_class = {.name = "StructField", .qualified = "org.apache.spark.sql.types.StructField",
                                .doc = "A field of a StructType: StructField(name, dataType, nullable = true).",
                                HOST_METHODS(field_methods), .construct = field_new,
                                .ctor_signature = "StructField(name: String, dataType: DataType, nullable: Boolean = true)",
                                .finalize = field_finalize, .to_string = field_str};

static bool field_new(Call *c, Value *out) {
    const char *name;
    if (c->argc < 2 || !arg_string(c, 0, &name)) return interp_throw(c->I, "error", "StructField(name, dataType, nullable = true)");
    DataType *t = dt_of_value(c->argv[1]);
    if (!t) return interp_throw(c->I, "error", "type mismatch: StructField's dataType is a DataType, e.g. StringType");
    bool nullable = true;
    if (c->argc > 2 && !arg_bool(c, 2, &nullable)) return false;
    Field *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->name = strdup(name);
    f->type = dt_ref(t);
    f->nullable = nullable;
    *out = host_new(&field_class, f);
    return true;
}

/* ---- DDL: "id LONG, lang STRING, user STRUCT<name: STRING>, tags ARRAY<STRING>" ---- */

typedef struct { const char *p; bool bad; } Ddl;

static void ddl_skip(Ddl *d) { while (isspace((unsigned char)*d->p)) d->p++; }
static bool ddl_word(Ddl *d, char *out, size_t n) {
    ddl_skip(d);
    size_t k = 0;
    if (*d->p == '`') {
        d->p++;
        while (*d->p && *d->p != '`') { if (k + 1 < n) out[k++] = *d->p; d->p++; }
        if (*d->p) d->p++;
    } else {
        while (isalnum((unsigned char)*d->p) || *d->p == '_') { if (k + 1 < n) out[k++] = *d->p; d->p++; }
    }
    out[k] = 0;
    return k > 0;
}
static bool ddl_sym(Ddl *d, char c) { ddl_skip(d); if (*d->p != c) return false; d->p++; return true; }

static DataType *ddl_fields(Ddl *d, char close);

static DataType *ddl_type(Ddl *d) {
    char w[64];
    if (!ddl_word(d, w, sizeof w)) { d->bad = true; return NULL; }
    static const struct { const char *name; DtKind kind; } prims[] = {
        {"string", DT_STRING}, {"varchar", DT_STRING}, {"long", DT_LONG}, {"bigint", DT_LONG}, {"int", DT_INT},
        {"integer", DT_INT}, {"smallint", DT_INT}, {"tinyint", DT_INT}, {"double", DT_DOUBLE}, {"float", DT_DOUBLE},
        {"boolean", DT_BOOL}, {"binary", DT_BINARY}, {"timestamp", DT_TIMESTAMP},
    };
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++)
        if (!strcasecmp(w, prims[i].name)) return dt_prim(prims[i].kind);
    if (!strcasecmp(w, "array")) {
        if (!ddl_sym(d, '<')) { d->bad = true; return NULL; }
        DataType *e = ddl_type(d);
        if (!e || !ddl_sym(d, '>')) { dt_unref(e); d->bad = true; return NULL; }
        return dt_array_new(e);
    }
    if (!strcasecmp(w, "struct")) {
        if (!ddl_sym(d, '<')) { d->bad = true; return NULL; }
        return ddl_fields(d, '>');
    }
    d->bad = true;
    return NULL;
}

static DataType *ddl_fields(Ddl *d, char close) {
    DataType *t = dt_struct_new(0);
    for (;;) {
        ddl_skip(d);
        if (close ? *d->p == close : !*d->p) { if (close) d->p++; return t; }
        char name[256];
        if (t->nfields && !ddl_sym(d, ',')) break;
        if (!ddl_word(d, name, sizeof name)) break;
        ddl_sym(d, ':');
        DataType *ft = ddl_type(d);
        if (!ft) break;
        t->fields = realloc(t->fields, (size_t)(t->nfields + 1) * sizeof *t->fields);
        if (!t->fields) abort();
        t->fields[t->nfields++] = (DtField){strdup(name), ft, true};
    }
    d->bad = true;
    dt_unref(t);
    return NULL;
}

/* A schema from DDL text, or NULL with Spark's ParseException raised. */
DataType *ddl_schema(Interp *I, const char *text) {
    Ddl d = {text, false};
    DataType *t = ddl_fields(&d, 0);
    if (!t || d.bad) {
        dt_unref(t);
        interp_throw(I, "org.apache.spark.sql.catalyst.parser.ParseException", "\n[PARSE_SYNTAX_ERROR] Syntax error in the schema: %s", text);
        return NULL;
    }
    return t;
}

/* ---- StructType(fields), new StructType().add(…) ---- */

static bool add_field(Interp *I, DataType *t, const char *name, Value type, bool nullable) {
    DataType *ft = type.t == T_STR ? NULL : dt_of_value(type);
    if (type.t == T_STR) {
        Ddl d = {as_str(type)->s, false};
        ft = ddl_type(&d);
        ddl_skip(&d);
        if (!ft || *d.p) { dt_unref(ft); return interp_throw(I, "org.apache.spark.sql.catalyst.parser.ParseException", "\n[PARSE_SYNTAX_ERROR] Syntax error in the type: %s", as_str(type)->s); }
    } else if (!ft) {
        return interp_throw(I, "error", "type mismatch: a field's type is a DataType (StringType …) or its name (\"string\")");
    } else {
        dt_ref(ft);
    }
    t->fields = realloc(t->fields, (size_t)(t->nfields + 1) * sizeof *t->fields);
    if (!t->fields) abort();
    t->fields[t->nfields++] = (DtField){strdup(name), ft, nullable};
    return true;
}

bool df_structtype_new(Call *c, Value *out) {
    DataType *t = dt_struct_new(0);
    if (c->argc) {
        Value a = c->argv[0];
        if (a.t != T_SEQ) { dt_unref(t); return interp_throw(c->I, "error", "type mismatch: StructType(fields: Seq[StructField])"); }
        SeqObj *s = as_seq(a);
        for (size_t i = 0; i < s->len; i++) {
            Value f = s->items[i];
            if (f.t != T_HOST || as_host(f)->cls != &field_class) { dt_unref(t); return interp_throw(c->I, "error", "type mismatch: StructType's fields are StructFields"); }
            Field *fd = as_host(f)->data;
            t->fields = realloc(t->fields, (size_t)(t->nfields + 1) * sizeof *t->fields);
            if (!t->fields) abort();
            t->fields[t->nfields++] = (DtField){strdup(fd->name), dt_ref(fd->type), fd->nullable};
        }
    }
    *out = host_new(&structtype_class, t);
    return true;
}

/* st.add(name, type[, nullable]) or st.add(field): a new StructType */
bool df_structtype_add(Call *c, Value *out) {
    DataType *old = as_host(c->self)->data;
    DataType *t = dt_struct_new(old->nfields);
    for (int i = 0; i < old->nfields; i++)
        t->fields[i] = (DtField){strdup(old->fields[i].name), dt_ref(old->fields[i].type), old->fields[i].nullable};
    bool ok;
    if (c->argc == 1 && c->argv[0].t == T_HOST && as_host(c->argv[0])->cls == &field_class) {
        Field *f = as_host(c->argv[0])->data;
        ok = add_field(c->I, t, f->name, dtv_new(dt_ref(f->type)), f->nullable);
    } else {
        const char *name;
        bool nullable = true;
        ok = c->argc >= 2 && arg_string(c, 0, &name) && (c->argc < 3 || arg_bool(c, 2, &nullable));
        if (!ok) ok = interp_throw(c->I, "error", "add(name, dataType, nullable = true) or add(field: StructField)");
        else ok = add_field(c->I, t, name, c->argv[1], nullable);
    }
    if (!ok) { dt_unref(t); return false; }
    *out = host_new(&structtype_class, t);
    return true;
}

static bool structtype_from_ddl(Call *c, Value *out) {
    const char *s;
    if (!arg_string(c, 0, &s)) return false;
    DataType *t = ddl_schema(c->I, s);
    if (!t) return false;
    *out = host_new(&structtype_class, t);
    return true;
}

static const MethodDef structtype_object_methods[] = {
    METHOD("fromDDL", structtype_from_ddl, 1, 1, "def fromDDL(ddl: String): StructType", "A schema from DDL: \"id LONG, lang STRING\"."),
    METHOD("apply", df_structtype_new, 1, 1, "def apply(fields: Seq[StructField]): StructType", "A schema of these fields."),
};
static char *structtype_object_str(Interp *I, void *d) { (void)I; (void)d; return strdup("org.apache.spark.sql.types.StructType$@dstream"); }
static HostClass structtype_object_class = {.name = "StructType$", .qualified = "org.apache.spark.sql.types.StructType$",
                                            .doc = "StructType(fields), StructType.fromDDL(ddl).", .to_string = structtype_object_str,
                                            HOST_METHODS(structtype_object_methods)};

/* ---- from_json / to_json ---- */

/* DuckDB's json structure for a Spark type: {"id":"BIGINT","tags":["VARCHAR"]} */
static void duck_json_structure(StrBuf *b, const DataType *t) {
    switch (t->kind) {
    case DT_STRUCT:
        sb_putc(b, '{');
        for (int i = 0; i < t->nfields; i++) {
            json_t *k = json_string(t->fields[i].name);
            char *ks = json_dumps(k, JSON_ENCODE_ANY);
            sb_printf(b, "%s%s:", i ? "," : "", ks);
            free(ks);
            json_decref(k);
            duck_json_structure(b, t->fields[i].type);
        }
        sb_putc(b, '}');
        return;
    case DT_ARRAY: sb_putc(b, '['); duck_json_structure(b, t->elem); sb_putc(b, ']'); return;
    case DT_LONG: sb_puts(b, "\"BIGINT\""); return;
    case DT_INT: sb_puts(b, "\"INTEGER\""); return;
    case DT_DOUBLE: sb_puts(b, "\"DOUBLE\""); return;
    case DT_BOOL: sb_puts(b, "\"BOOLEAN\""); return;
    case DT_TIMESTAMP: sb_puts(b, "\"TIMESTAMP\""); return;
    default: sb_puts(b, "\"VARCHAR\""); return;
    }
}

/* from_json(col, schema: StructType | DDL String [, options]) */
static bool fn_from_json(Call *c, Value *out) {
    if (c->argc < 2) return interp_throw(c->I, "error", "from_json(e: Column, schema: StructType)");
    DataType *t = dt_of_value(c->argv[1]);
    DataType *own = NULL;
    if (!t && c->argv[1].t == T_STR && c->argc == 3) t = own = ddl_schema(c->I, as_str(c->argv[1])->s);
    else if (!t && c->argv[1].t == T_STR)   /* Scala has no from_json(Column, String): scalac says */
        return interp_compile_error(c, "overloaded method value from_json with alternatives:\n"
                            "  (e: org.apache.spark.sql.Column,schema: org.apache.spark.sql.Column)org.apache.spark.sql.Column <and>\n"
                            "  (e: org.apache.spark.sql.Column,schema: org.apache.spark.sql.types.DataType)org.apache.spark.sql.Column <and>\n"
                            "  (e: org.apache.spark.sql.Column,schema: org.apache.spark.sql.types.StructType)org.apache.spark.sql.Column\n"
                            " cannot be applied to (org.apache.spark.sql.Column, String)");
    else if (!t) return interp_throw(c->I, "error", "type mismatch: from_json's schema is a StructType, or a DDL String with options");
    if (!t) return false;
    Expr *a = expr_of(c->I, c->argv[0], true);
    if (!a) { dt_unref(own); return false; }
    Expr *e = expr_node(EX_FUNC, "from_json", 1, a, NULL);
    e->lit = host_new(&structtype_class, own ? own : dt_ref(t));
    *out = column_value(e);
    return true;
}

/* struct(cols…): a struct column, fields named as the columns (col1, col2 … for expressions) */
static bool fn_struct(Call *c, Value *out) {
    if (c->argc < 1 || c->argc > 3)
        return interp_throw(c->I, "java.lang.UnsupportedOperationException", "struct(cols): this kernel takes 1 to 3 columns (%d given)", c->argc);
    Expr *a[3] = {NULL, NULL, NULL};
    for (int i = 0; i < c->argc; i++)
        if (!(a[i] = expr_of(c->I, c->argv[i], true))) { while (i--) expr_unref(a[i]); return false; }
    Expr *e = expr_node(EX_FUNC, "struct", c->argc, a[0], a[1]);
    e->args[2] = a[2];
    *out = column_value(e);
    return true;
}

static bool fn_to_json(Call *c, Value *out) {
    Expr *a = expr_of(c->I, c->argv[0], true);
    if (!a) return false;
    *out = column_value(expr_node(EX_FUNC, "to_json", 1, a, NULL));
    return true;
}

/* ---- window(timeColumn, windowDuration) ---- */

/* Milliseconds of a Spark interval string: "10 seconds", "1 minute", "500 milliseconds". */
bool df_interval_ms(const char *s, int64_t *ms) {
    if (!strncasecmp(s, "interval ", 9)) s += 9;
    char *end;
    double n = strtod(s, &end);
    if (end == s) return false;
    while (*end == ' ') end++;
    static const struct { const char *unit; double ms; } units[] = {
        {"millisecond", 1}, {"ms", 1}, {"second", 1000}, {"sec", 1000}, {"minute", 60000}, {"min", 60000},
        {"hour", 3600000}, {"day", 86400000}, {"week", 604800000},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strncasecmp(end, units[i].unit, strlen(units[i].unit))) { *ms = (int64_t)(n * units[i].ms); return true; }
    return false;
}

static bool fn_window(Call *c, Value *out) {
    const char *w, *slide = NULL;
    int64_t wms, sms;
    if (c->argc < 2 || !arg_string(c, 1, &w)) return interp_throw(c->I, "error", "window(timeColumn: Column, windowDuration: String)");
    if (!df_interval_ms(w, &wms) || wms <= 0)
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "The provided interval (%s) did not correspond to a valid interval string.", w);
    if (c->argc > 2) {
        if (!arg_string(c, 2, &slide)) return false;
        if (!df_interval_ms(slide, &sms) || sms <= 0)
            return interp_throw(c->I, "java.lang.IllegalArgumentException", "The provided interval (%s) did not correspond to a valid interval string.", slide);
        if (sms > wms)
            return interp_throw(c->I, "org.apache.spark.sql.AnalysisException",
                                "The slide duration (%lld) must be less than or equal to the windowDuration (%lld).", (long long)sms * 1000, (long long)wms * 1000);
    }
    Expr *a = expr_of(c->I, c->argv[0], true);
    if (!a) return false;
    Expr *e = expr_node(EX_FUNC, "window", 1, a, NULL);
    e->lit = v_long(wms);
    if (slide && sms != wms) {     /* sliding: args[1] holds the slide (groupBy expands the rows, df_expand_window) */
        e->args[1] = expr_lit(v_long(sms));
        e->nargs = 2;
    }
    *out = column_value(e);
    return true;
}

/* Compiles from_json, to_json and window (df_expr.c asks): true when e is one of them
 * (*handled), false with an exception when its argument fails. */
bool df_compile_json_fn(Interp *I, const Expr *e, const DataType *schema, Compiled *out, bool *handled) {
    *handled = false;
    bool from = !strcmp(e->name, "from_json"), window = !strcmp(e->name, "window");
    if (!strcmp(e->name, "struct")) {
        *handled = true;
        Compiled a[3];
        DataType *t = dt_struct_new(e->nargs);
        StrBuf b = {0};
        sb_puts(&b, "struct_pack(");
        for (int i = 0; i < e->nargs; i++) {
            if (!expr_compile(I, e->args[i], schema, &a[i])) {
                while (i--) compiled_clear(&a[i]);
                dt_unref(t);
                sb_reset(&b);
                return false;
            }
            char fallback[16];
            snprintf(fallback, sizeof fallback, "col%d", i + 1);
            const char *nm = e->args[i]->kind == EX_COL ? a[i].name : fallback;
            if (e->args[i]->kind == EX_COL && strrchr(nm, '.')) nm = strrchr(nm, '.') + 1;
            if (i) sb_puts(&b, ", ");
            sql_ident(&b, nm);
            sb_printf(&b, " := %s", a[i].sql);
            t->fields[i] = (DtField){strdup(nm), dt_ref(a[i].type), a[i].nullable};
        }
        sb_putc(&b, ')');
        StrBuf n = {0};
        out->is_agg = false;
        sb_puts(&n, "struct(");
        for (int i = 0; i < e->nargs; i++) { sb_printf(&n, "%s%s", i ? ", " : "", a[i].name); out->is_agg |= a[i].is_agg; compiled_clear(&a[i]); }
        sb_putc(&n, ')');
        out->sql = sb_take(&b);
        out->name = sb_take(&n);
        out->type = t;
        out->nullable = false;
        return true;
    }
    if (!from && !window && strcmp(e->name, "to_json")) return true;
    *handled = true;
    if (window && e->nargs == 2)
        return interp_throw(I, "java.lang.UnsupportedOperationException",
                            "a sliding window(timeColumn, windowDuration, slideDuration) is supported as a groupBy key in this kernel, not elsewhere yet");
    Compiled a;
    if (!expr_compile(I, e->args[0], schema, &a)) return false;
    StrBuf b = {0};
    if (window) {                 /* Spark's TimeWindow: windows aligned on the epoch */
        long long ms = (long long)e->lit.u.l;
        sb_printf(&b, "{'start': time_bucket(INTERVAL %lld MILLISECOND, CAST(%s AS TIMESTAMP), TIMESTAMP '1970-01-01'), "
                      "'end': time_bucket(INTERVAL %lld MILLISECOND, CAST(%s AS TIMESTAMP), TIMESTAMP '1970-01-01') + INTERVAL %lld MILLISECOND}",
                  ms, a.sql, ms, a.sql, ms);
        DataType *t = dt_struct_new(2);
        t->fields[0] = (DtField){strdup("start"), dt_prim(DT_TIMESTAMP), true};
        t->fields[1] = (DtField){strdup("end"), dt_prim(DT_TIMESTAMP), true};
        out->type = t;
        out->sql = sb_take(&b);
        out->name = strdup("window");
        out->nullable = true;
        out->is_agg = a.is_agg;
        compiled_clear(&a);
        return true;
    }
    if (from) {
        DataType *t = as_host(e->lit)->data;
        StrBuf s = {0};
        duck_json_structure(&s, t);
        sb_printf(&b, "try(from_json(%s, ", a.sql);
        sql_string(&b, s.s, s.len);
        sb_puts(&b, "))");
        sb_reset(&s);
        out->type = dt_ref(t);
    } else {
        /* Spark leaves out null fields (ignoreNullFields): "key":null goes, with its comma */
        const char *key = "\"(?:[^\"\\\\]|\\\\.)*\":null";
        sb_printf(&b, "regexp_replace(regexp_replace(CAST(to_json(%s) AS VARCHAR), '%s,', '', 'g'), ',?%s', '', 'g')",
                  a.sql, key, key);
        out->type = dt_prim(DT_STRING);
    }
    out->sql = sb_take(&b);
    if (asprintf(&out->name, "%s(%s)", e->name, a.name) < 0) abort();
    out->nullable = true;
    out->is_agg = a.is_agg;
    compiled_clear(&a);
    return true;
}

/* Spark's TimeWindowing for a sliding window among groupBy's keys: each row (with a time) is
 * repeated once per window that covers it — the windows start at lastStart − i × slide for i in
 * 0 … ceil(window / slide) − 1, where lastStart = t − (t + slide) mod slide, windows aligned on
 * the epoch — in a column "window" (a struct of start and end) that the key then names.
 * *keys_out is NULL when no key is a sliding window; else the new keys and *out the expanded
 * DataFrame (both the caller's). False with an exception. */
bool df_expand_window(Interp *I, DataFrame *df, Expr *const *keys, int n, Value *out, Expr ***keys_out) {
    *keys_out = NULL;
    int k = -1;
    for (int i = 0; i < n; i++)
        if (keys[i]->kind == EX_FUNC && !strcmp(keys[i]->name, "window") && keys[i]->nargs == 2) { k = i; break; }
    if (k < 0) return true;
    const Expr *w = keys[k];
    Compiled a;
    if (!expr_compile(I, w->args[0], df->schema, &a)) return false;
    long long wms = (long long)w->lit.u.l, sms = (long long)w->args[1]->lit.u.l, nwin = (wms + sms - 1) / sms;
    StrBuf t = {0}, b = {0};
    sb_printf(&t, "epoch_ms(CAST(%s AS TIMESTAMP))", a.sql);
    sb_printf(&b, "SELECT *, unnest(list_filter(list_transform(generate_series(0, %lld), i -> "
                  "{'start': epoch_ms(%s - (%s + %lld) %% %lld - i * %lld), 'end': epoch_ms(%s - (%s + %lld) %% %lld - i * %lld + %lld)}), "
                  "x -> x.start <= CAST(%s AS TIMESTAMP) AND CAST(%s AS TIMESTAMP) < x.end)) AS \"window\" FROM (%s) WHERE %s IS NOT NULL",
              nwin - 1, t.s, t.s, sms, sms, sms, t.s, t.s, sms, sms, sms, wms, a.sql, a.sql, df->sql, a.sql);
    sb_reset(&t);
    compiled_clear(&a);
    DataType *st = dt_struct_new(df->schema->nfields + 1);
    for (int i = 0; i < df->schema->nfields; i++) {
        const DtField *f = &df->schema->fields[i];
        st->fields[i] = (DtField){strdup(f->name), dt_ref(f->type), f->nullable};
    }
    DataType *wt = dt_struct_new(2);
    wt->fields[0] = (DtField){strdup("start"), dt_prim(DT_TIMESTAMP), true};
    wt->fields[1] = (DtField){strdup("end"), dt_prim(DT_TIMESTAMP), true};
    st->fields[df->schema->nfields] = (DtField){strdup("window"), wt, true};
    *out = df_make(df->st, st, sb_take(&b), &df, 1, NULL);
    *keys_out = calloc((size_t)n + 1, sizeof **keys_out);
    if (!*keys_out) abort();
    for (int i = 0; i < n; i++) (*keys_out)[i] = i == k ? expr_col("window") : expr_ref(keys[i]);
    return true;
}

static const MethodDef json_functions[] = {
    METHOD("from_json", fn_from_json, 2, 3, "def from_json(e: Column, schema: StructType): Column",
           "Parses a JSON string column into a struct of the schema (a StructType, or DDL \"id LONG, lang STRING\" with an options Map); null when it does not parse."),
    METHOD("struct", fn_struct, 1, -1, "def struct(cols: Column*): Column", "A struct column of these columns (fields named as the columns)."),
    METHOD("to_json", fn_to_json, 1, 2, "def to_json(e: Column): Column", "A struct (or array) column as JSON text."),
    METHOD("window", fn_window, 2, 3, "def window(timeColumn: Column, windowDuration: String, slideDuration: String): Column",
           "The window (a struct of start and end) a timestamp falls in, windows aligned on the epoch: groupBy(window($\"timestamp\", \"10 seconds\")); "
           "with a slide shorter than the window, every window that covers it (groupBy(window($\"ts\", \"10 seconds\", \"5 seconds\")))."),
};

void schema_init(Interp *I) {
    interp_register_class(I, &datatype_class);
    interp_register_class(I, &field_class);
    interp_register_class(I, &structtype_object_class);
    static const struct { const char *name; DtKind kind; } prims[] = {
        {"StringType", DT_STRING}, {"LongType", DT_LONG}, {"IntegerType", DT_INT}, {"DoubleType", DT_DOUBLE},
        {"BooleanType", DT_BOOL}, {"BinaryType", DT_BINARY}, {"TimestampType", DT_TIMESTAMP},
    };
    for (size_t i = 0; i < sizeof prims / sizeof prims[0]; i++) {
        char q[96];
        snprintf(q, sizeof q, "org.apache.spark.sql.types.%s", prims[i].name);
        interp_register_global(I, prims[i].name, dtv_new(dt_prim(prims[i].kind)), "object DataType", datatype_class.doc);
        interp_register_global(I, q, dtv_new(dt_prim(prims[i].kind)), "object DataType", datatype_class.doc);
    }
    interp_register_global(I, "ArrayType", func_new_native(intern("ArrayType"), array_type, v_unit(), -1, NULL),
                           "def ArrayType(elementType: DataType): ArrayType", "An array type: ArrayType(StringType).");
    interp_register_global(I, "StructField", func_new_native(intern("StructField"), field_new, v_unit(), -1, NULL),
                           "def StructField(name: String, dataType: DataType, nullable: Boolean = true): StructField", field_class.doc);
    interp_register_global(I, "StructType", host_new(&structtype_object_class, NULL), "object StructType", structtype_object_class.doc);
    interp_register_global(I, "org.apache.spark.sql.types.StructType", host_new(&structtype_object_class, NULL), "object StructType",
                           structtype_object_class.doc);
    for (size_t i = 0; i < sizeof json_functions / sizeof json_functions[0]; i++) {
        Value f = func_new_native(json_functions[i].name, json_functions[i].fn, v_unit(), -1, NULL);
        interp_register_global(I, json_functions[i].name, f, json_functions[i].signature, json_functions[i].doc);
    }
    interp_register_package(I, "org.apache.spark.sql.types");
}
