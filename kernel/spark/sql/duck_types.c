/* duck_types.c — Spark's DataType ⇄ DuckDB's LogicalType, and stored row values as DuckDB
 * values (see duck_types.h). */
#include "spark/sql/duck_types.h"

#include <stdlib.h>
#include <string.h>

#include "spark/sql/dataframe.h"   /* sql_ident */
#include "spark/sql/json.h"

duckdb_logical_type duck_type_of(const DuckApi *D, const DataType *t) {
    switch (t->kind) {
    case DT_LONG: return D->duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    case DT_INT: return D->duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
    case DT_DOUBLE: return D->duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    case DT_BOOL: return D->duckdb_create_logical_type(DUCKDB_TYPE_BOOLEAN);
    /* binary (Kafka's key and value) is stored as VARCHAR: CAST(value AS STRING) is then Spark's
     * UTF-8 decoding (DuckDB's BLOB cast would escape every byte above 0x7F); show() prints it in
     * hex from the schema's type. A Parquet BLOB read back is binary too (below). */
    case DT_BINARY: return D->duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    case DT_TIMESTAMP: return D->duckdb_create_logical_type(DUCKDB_TYPE_TIMESTAMP);
    case DT_ARRAY: {
        duckdb_logical_type e = duck_type_of(D, t->elem);
        duckdb_logical_type l = D->duckdb_create_list_type(e);
        D->duckdb_destroy_logical_type(&e);
        return l;
    }
    case DT_STRUCT: {
        int n = t->nfields;
        duckdb_logical_type *members = calloc((size_t)n + 1, sizeof *members);
        const char **names = calloc((size_t)n + 1, sizeof *names);
        if (!members || !names) abort();
        for (int i = 0; i < n; i++) {
            members[i] = duck_type_of(D, t->fields[i].type);
            names[i] = t->fields[i].name;
        }
        duckdb_logical_type s = D->duckdb_create_struct_type(members, names, (idx_t)n);
        for (int i = 0; i < n; i++) D->duckdb_destroy_logical_type(&members[i]);
        free(members);
        free(names);
        return s;
    }
    case DT_NULL: case DT_STRING: default: return D->duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    }
}

void duck_type_sql(StrBuf *b, const DataType *t) {
    switch (t->kind) {
    case DT_LONG: sb_puts(b, "BIGINT"); return;
    case DT_INT: sb_puts(b, "INTEGER"); return;
    case DT_DOUBLE: sb_puts(b, "DOUBLE"); return;
    case DT_BOOL: sb_puts(b, "BOOLEAN"); return;
    case DT_BINARY: sb_puts(b, "VARCHAR"); return;   /* see duck_type_of */
    case DT_TIMESTAMP: sb_puts(b, "TIMESTAMP"); return;
    case DT_ARRAY: duck_type_sql(b, t->elem); sb_puts(b, "[]"); return;
    case DT_STRUCT:
        sb_puts(b, "STRUCT(");
        for (int i = 0; i < t->nfields; i++) {
            if (i) sb_puts(b, ", ");
            sql_ident(b, t->fields[i].name);
            sb_putc(b, ' ');
            duck_type_sql(b, t->fields[i].type);
        }
        sb_putc(b, ')');
        return;
    case DT_NULL: case DT_STRING: default: sb_puts(b, "VARCHAR"); return;
    }
}

DataType *duck_type_to_spark(const DuckApi *D, duckdb_logical_type lt) {
    switch (D->duckdb_get_type_id(lt)) {
    case DUCKDB_TYPE_BOOLEAN: return dt_prim(DT_BOOL);
    case DUCKDB_TYPE_TINYINT: case DUCKDB_TYPE_SMALLINT: case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_UTINYINT: case DUCKDB_TYPE_USMALLINT: return dt_prim(DT_INT);
    case DUCKDB_TYPE_BIGINT: case DUCKDB_TYPE_UINTEGER: case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT: case DUCKDB_TYPE_UHUGEINT: return dt_prim(DT_LONG);
    case DUCKDB_TYPE_FLOAT: case DUCKDB_TYPE_DOUBLE: case DUCKDB_TYPE_DECIMAL: return dt_prim(DT_DOUBLE);
    case DUCKDB_TYPE_BLOB: return dt_prim(DT_BINARY);
    case DUCKDB_TYPE_TIMESTAMP: case DUCKDB_TYPE_TIMESTAMP_TZ: case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_S: case DUCKDB_TYPE_TIMESTAMP_NS: return dt_prim(DT_TIMESTAMP);
    case DUCKDB_TYPE_LIST: case DUCKDB_TYPE_ARRAY: {
        bool list = D->duckdb_get_type_id(lt) == DUCKDB_TYPE_LIST;
        duckdb_logical_type e = list ? D->duckdb_list_type_child_type(lt) : D->duckdb_array_type_child_type(lt);
        DataType *t = dt_array_new(duck_type_to_spark(D, e));
        D->duckdb_destroy_logical_type(&e);
        return t;
    }
    case DUCKDB_TYPE_STRUCT: {
        int n = (int)D->duckdb_struct_type_child_count(lt);
        DataType *t = dt_struct_new(n);
        for (int i = 0; i < n; i++) {
            char *name = D->duckdb_struct_type_child_name(lt, (idx_t)i);
            duckdb_logical_type c = D->duckdb_struct_type_child_type(lt, (idx_t)i);
            t->fields[i].name = strdup(name);
            t->fields[i].type = duck_type_to_spark(D, c);
            t->fields[i].nullable = true;
            D->duckdb_free(name);
            D->duckdb_destroy_logical_type(&c);
        }
        return t;
    }
    default: return dt_prim(DT_STRING);
    }
}

duckdb_value duck_value_of_json(const DuckApi *D, json_t *v, const DataType *t, duckdb_logical_type lt) {
    if (!v || json_is_null(v)) return D->duckdb_create_null_value();
    switch (t->kind) {
    case DT_LONG: case DT_INT: {
        long long n = json_is_integer(v) ? (long long)json_integer_value(v)
                    : json_is_real(v) ? (long long)json_real_value(v)
                    : json_is_boolean(v) ? json_is_true(v) : 0;
        if (!json_is_number(v) && !json_is_boolean(v)) return D->duckdb_create_null_value();
        return t->kind == DT_LONG ? D->duckdb_create_int64(n) : D->duckdb_create_int32((int32_t)n);
    }
    case DT_DOUBLE:
        return json_is_number(v) ? D->duckdb_create_double(json_number_value(v)) : D->duckdb_create_null_value();
    case DT_BOOL:
        return json_is_boolean(v) ? D->duckdb_create_bool(json_is_true(v)) : D->duckdb_create_null_value();
    case DT_ARRAY: {
        if (!json_is_array(v)) return D->duckdb_create_null_value();
        size_t n = json_array_size(v);
        duckdb_logical_type et = D->duckdb_list_type_child_type(lt);
        duckdb_value *items = calloc(n + 1, sizeof *items);
        if (!items) abort();
        for (size_t i = 0; i < n; i++) items[i] = duck_value_of_json(D, json_array_get(v, i), t->elem, et);
        duckdb_value l = D->duckdb_create_list_value(et, items, (idx_t)n);
        for (size_t i = 0; i < n; i++) D->duckdb_destroy_value(&items[i]);
        free(items);
        D->duckdb_destroy_logical_type(&et);
        return l;
    }
    case DT_STRUCT: {
        if (!json_is_object(v)) return D->duckdb_create_null_value();
        int n = t->nfields;
        duckdb_value *items = calloc((size_t)n + 1, sizeof *items);
        if (!items) abort();
        for (int i = 0; i < n; i++) {
            duckdb_logical_type ct = D->duckdb_struct_type_child_type(lt, (idx_t)i);
            items[i] = duck_value_of_json(D, json_object_get(v, t->fields[i].name), t->fields[i].type, ct);
            D->duckdb_destroy_logical_type(&ct);
        }
        duckdb_value s = D->duckdb_create_struct_value(lt, items);
        for (int i = 0; i < n; i++) D->duckdb_destroy_value(&items[i]);
        free(items);
        return s;
    }
    case DT_NULL: case DT_STRING: default: {
        char *txt = json_string_text(v);
        duckdb_value s = D->duckdb_create_varchar_length(txt, (idx_t)strlen(txt));
        free(txt);
        return s;
    }
    }
}
