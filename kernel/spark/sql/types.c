/* types.c — Spark's data types: construction and reference counts, equality, the merge of
 * two types and the canonical form that finish schema inference, and the text forms Spark
 * prints (see types.h). */
#include "spark/sql/types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static DataType prims[] = {
    [DT_NULL] = {.rc = -1, .kind = DT_NULL}, [DT_STRING] = {.rc = -1, .kind = DT_STRING},
    [DT_LONG] = {.rc = -1, .kind = DT_LONG}, [DT_INT] = {.rc = -1, .kind = DT_INT},
    [DT_DOUBLE] = {.rc = -1, .kind = DT_DOUBLE}, [DT_BOOL] = {.rc = -1, .kind = DT_BOOL},
    [DT_BINARY] = {.rc = -1, .kind = DT_BINARY}, [DT_TIMESTAMP] = {.rc = -1, .kind = DT_TIMESTAMP},
};

DataType *dt_prim(DtKind k) { return &prims[k]; }

DataType *dt_struct_new(int nfields) {
    DataType *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->rc = 1;
    t->kind = DT_STRUCT;
    t->nfields = nfields;
    t->fields = calloc((size_t)(nfields ? nfields : 1), sizeof(DtField));
    return t;
}

DataType *dt_array_new(DataType *elem) {
    DataType *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->rc = 1;
    t->kind = DT_ARRAY;
    t->elem = elem;
    return t;
}

DataType *dt_ref(DataType *t) {
    if (t && t->rc > 0) t->rc++;
    return t;
}

void dt_unref(DataType *t) {
    if (!t || t->rc < 0 || --t->rc > 0) return;
    for (int i = 0; i < t->nfields; i++) { free(t->fields[i].name); dt_unref(t->fields[i].type); }
    free(t->fields);
    dt_unref(t->elem);
    free(t);
}

bool dt_equal(const DataType *a, const DataType *b) {
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind) return false;
    if (a->kind == DT_ARRAY) return dt_equal(a->elem, b->elem);
    if (a->kind != DT_STRUCT) return true;
    if (a->nfields != b->nfields) return false;
    for (int i = 0; i < a->nfields; i++)
        if (strcmp(a->fields[i].name, b->fields[i].name) || !dt_equal(a->fields[i].type, b->fields[i].type))
            return false;
    return true;
}

int dt_field_index(const DataType *st, const char *name) {
    if (!st || st->kind != DT_STRUCT) return -1;
    for (int i = 0; i < st->nfields; i++) if (!strcmp(st->fields[i].name, name)) return i;
    for (int i = 0; i < st->nfields; i++) if (!strcasecmp(st->fields[i].name, name)) return i;
    return -1;
}

bool dt_is_numeric(const DataType *t) { return t->kind == DT_LONG || t->kind == DT_INT || t->kind == DT_DOUBLE; }

DataType *dt_merge(DataType *a, DataType *b) {
    if (dt_equal(a, b)) return dt_ref(a);
    if (a->kind == DT_NULL) return dt_ref(b);
    if (b->kind == DT_NULL) return dt_ref(a);
    if (dt_is_numeric(a) && dt_is_numeric(b)) {
        if (a->kind == DT_DOUBLE || b->kind == DT_DOUBLE) return dt_prim(DT_DOUBLE);
        return dt_prim(DT_LONG);
    }
    if (a->kind == DT_STRUCT && b->kind == DT_STRUCT) {
        /* both sorted by name: merge the two lists */
        DataType *t = dt_struct_new(a->nfields + b->nfields);
        int i = 0, j = 0, n = 0;
        while (i < a->nfields || j < b->nfields) {
            int c = i >= a->nfields ? 1 : j >= b->nfields ? -1 : strcmp(a->fields[i].name, b->fields[j].name);
            DtField *f = &t->fields[n++];
            f->nullable = true;
            if (c < 0) { f->name = strdup(a->fields[i].name); f->type = dt_ref(a->fields[i].type); i++; }
            else if (c > 0) { f->name = strdup(b->fields[j].name); f->type = dt_ref(b->fields[j].type); j++; }
            else {
                f->name = strdup(a->fields[i].name);
                f->type = dt_merge(a->fields[i].type, b->fields[j].type);
                i++; j++;
            }
        }
        t->nfields = n;
        return t;
    }
    if (a->kind == DT_ARRAY && b->kind == DT_ARRAY) return dt_array_new(dt_merge(a->elem, b->elem));
    return dt_prim(DT_STRING);
}

DataType *dt_canonical(DataType *t) {
    switch (t->kind) {
    case DT_NULL: return dt_prim(DT_STRING);
    case DT_ARRAY: {
        DataType *e = dt_canonical(t->elem);
        return e ? dt_array_new(e) : NULL;
    }
    case DT_STRUCT: {
        DataType *s = dt_struct_new(t->nfields);
        int n = 0;
        for (int i = 0; i < t->nfields; i++) {
            if (!t->fields[i].name[0]) continue;
            DataType *ft = dt_canonical(t->fields[i].type);
            if (!ft) continue;
            s->fields[n].name = strdup(t->fields[i].name);
            s->fields[n].type = ft;
            s->fields[n].nullable = t->fields[i].nullable;
            n++;
        }
        s->nfields = n;
        if (!n) { dt_unref(s); return NULL; }
        return s;
    }
    default: return dt_ref(t);
    }
}

const char *dt_type_name(const DataType *t) {
    switch (t->kind) {
    case DT_NULL: return "void";
    case DT_STRING: return "string";
    case DT_LONG: return "long";
    case DT_INT: return "integer";
    case DT_DOUBLE: return "double";
    case DT_BOOL: return "boolean";
    case DT_STRUCT: return "struct";
    case DT_ARRAY: return "array";
    case DT_BINARY: return "binary";
    case DT_TIMESTAMP: return "timestamp";
    }
    return "?";
}

static const char *dt_sql_name(const DataType *t) {
    switch (t->kind) {
    case DT_NULL: return "void";
    case DT_LONG: return "bigint";
    case DT_INT: return "int";
    default: return dt_type_name(t);
    }
}

void dt_simple(StrBuf *b, const DataType *t, int maxfields) {
    if (t->kind == DT_ARRAY) {
        sb_puts(b, "array<");
        dt_simple(b, t->elem, maxfields);
        sb_puts(b, ">");
        return;
    }
    if (t->kind != DT_STRUCT) { sb_puts(b, dt_sql_name(t)); return; }
    sb_puts(b, "struct<");
    int shown = maxfields < 0 || t->nfields <= maxfields ? t->nfields : maxfields;
    for (int i = 0; i < shown; i++) {
        if (i) sb_puts(b, ", ");
        sb_printf(b, "%s: ", t->fields[i].name);
        dt_simple(b, t->fields[i].type, maxfields);
    }
    if (shown < t->nfields) {
        int more = t->nfields - shown;
        if (more == 1) sb_puts(b, " ... 1 more field");
        else sb_printf(b, " ... %d more fields", more);
    }
    sb_puts(b, ">");
}

void dt_catalog(StrBuf *b, const DataType *t) {
    if (t->kind == DT_ARRAY) {
        sb_puts(b, "array<");
        dt_catalog(b, t->elem);
        sb_puts(b, ">");
        return;
    }
    if (t->kind != DT_STRUCT) { sb_puts(b, dt_sql_name(t)); return; }
    sb_puts(b, "struct<");
    for (int i = 0; i < t->nfields; i++) {
        if (i) sb_puts(b, ",");
        sb_printf(b, "%s:", t->fields[i].name);
        dt_catalog(b, t->fields[i].type);
    }
    sb_puts(b, ">");
}

void dt_to_string(StrBuf *b, const DataType *t) {
    switch (t->kind) {
    case DT_NULL: sb_puts(b, "NullType"); return;
    case DT_STRING: sb_puts(b, "StringType"); return;
    case DT_LONG: sb_puts(b, "LongType"); return;
    case DT_INT: sb_puts(b, "IntegerType"); return;
    case DT_DOUBLE: sb_puts(b, "DoubleType"); return;
    case DT_BOOL: sb_puts(b, "BooleanType"); return;
    case DT_BINARY: sb_puts(b, "BinaryType"); return;
    case DT_TIMESTAMP: sb_puts(b, "TimestampType"); return;
    case DT_ARRAY:
        sb_puts(b, "ArrayType(");
        dt_to_string(b, t->elem);
        sb_puts(b, ",true)");
        return;
    case DT_STRUCT:
        sb_puts(b, "StructType(");
        for (int i = 0; i < t->nfields; i++) {
            if (i) sb_putc(b, ',');
            sb_printf(b, "StructField(%s,", t->fields[i].name);
            dt_to_string(b, t->fields[i].type);
            sb_printf(b, ",%s)", t->fields[i].nullable ? "true" : "false");
        }
        sb_putc(b, ')');
        return;
    }
}

/* Spark escapes these in printSchema and show (SchemaUtils.escapeMetaCharacters). */
void sb_escape_meta(StrBuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\t': sb_puts(b, "\\t"); break;
        case '\f': sb_puts(b, "\\f"); break;
        case '\b': sb_puts(b, "\\b"); break;
        case '\v': sb_puts(b, "\\v"); break;
        case '\a': sb_puts(b, "\\a"); break;
        default: sb_putc(b, s[i]);
        }
    }
}

static void tree_type(StrBuf *b, const DataType *t, const char *prefix) {
    char sub[512];
    snprintf(sub, sizeof sub, "%s    |", prefix);
    if (t->kind == DT_STRUCT) {
        for (int i = 0; i < t->nfields; i++) {
            sb_printf(b, "%s-- ", sub);
            sb_escape_meta(b, t->fields[i].name, strlen(t->fields[i].name));
            sb_printf(b, ": %s (nullable = %s)\n", dt_type_name(t->fields[i].type), t->fields[i].nullable ? "true" : "false");
            tree_type(b, t->fields[i].type, sub);
        }
    } else if (t->kind == DT_ARRAY) {
        sb_printf(b, "%s-- element: %s (containsNull = true)\n", sub, dt_type_name(t->elem));
        tree_type(b, t->elem, sub);
    }
}

void dt_tree(StrBuf *b, const DataType *schema) {
    sb_puts(b, "root\n");
    for (int i = 0; i < schema->nfields; i++) {
        sb_puts(b, " |-- ");
        sb_escape_meta(b, schema->fields[i].name, strlen(schema->fields[i].name));
        sb_printf(b, ": %s (nullable = %s)\n", dt_type_name(schema->fields[i].type),
                schema->fields[i].nullable ? "true" : "false");
        tree_type(b, schema->fields[i].type, " |");
    }
}
