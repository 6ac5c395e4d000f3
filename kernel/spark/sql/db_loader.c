/* db_loader.c — loading rows into a new DuckDB table typed by a Spark schema (DfLoader): each
 * value straight into DuckDB's vectors (STRUCT members as child vectors, so nested records load
 * without JSON trees; other values coerced from JSON as spark.read.json coerces them), a chunk of
 * LOAD_CHUNK rows at a time through the appender.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "spark/sql/dataframe.h"
#include "spark/sql/duck_types.h"
#include "spark/sql/json.h"

#define LOAD_CHUNK 2048

struct DfLoader {
    DfState *st;
    const DuckApi *D;
    const DataType *schema;
    DfTable *table;
    duckdb_appender app;
    duckdb_logical_type *types;
    int ncols;                   /* table columns (schema's, or 1 for an empty schema) */
    duckdb_data_chunk chunk;
    /* places: the columns (0 … ncols-1), then the members of STRUCT places (dfl_member), each
     * after its parent; vec is refreshed for every chunk */
    int nslots;
    duckdb_vector *vec;
    const DataType **stype;
    int *parent, *field, *first;   /* first: a STRUCT place's first member, else -1 */
    idx_t row;                   /* the row being filled in the chunk */
    bool *set;                   /* columns given in this row */
    char *err;                   /* the appender's first error */
};

/* The appender's error message (malloc'd). */
static char *appender_error(const DuckApi *D, duckdb_appender app) {
    duckdb_error_data e = D->duckdb_appender_error_data(app);
    const char *m = e ? D->duckdb_error_data_message(e) : NULL;
    char *s = strdup(m && *m ? m : "DuckDB's appender failed");
    if (e) D->duckdb_destroy_error_data(&e);
    return s;
}

static void new_chunk(DfLoader *l) {
    l->chunk = l->D->duckdb_create_data_chunk(l->types, (idx_t)l->ncols);
    for (int i = 0; i < l->nslots; i++)
        l->vec[i] = i < l->ncols ? l->D->duckdb_data_chunk_get_vector(l->chunk, (idx_t)i)
                                 : l->D->duckdb_struct_vector_get_child(l->vec[l->parent[i]], (idx_t)l->field[i]);
    l->row = 0;
}

/* The places of the columns and of their STRUCT members, breadth first (a parent before its members). */
static void add_slot(DfLoader *l, const DataType *t, int parent, int field) {
    int i = l->nslots++;
    l->vec = realloc(l->vec, (size_t)l->nslots * sizeof *l->vec);
    l->stype = realloc(l->stype, (size_t)l->nslots * sizeof *l->stype);
    l->parent = realloc(l->parent, (size_t)l->nslots * sizeof *l->parent);
    l->field = realloc(l->field, (size_t)l->nslots * sizeof *l->field);
    l->first = realloc(l->first, (size_t)l->nslots * sizeof *l->first);
    if (!l->vec || !l->stype || !l->parent || !l->field || !l->first) abort();
    l->stype[i] = t;
    l->parent[i] = parent;
    l->field[i] = field;
    l->first[i] = -1;
}
static void make_slots(DfLoader *l) {
    for (int c = 0; c < l->ncols; c++) add_slot(l, l->schema->nfields ? l->schema->fields[c].type : dt_prim(DT_INT), -1, c);
    for (int i = 0; i < l->nslots; i++) {
        const DataType *t = l->stype[i];
        if (t->kind != DT_STRUCT || !t->nfields) continue;
        l->first[i] = l->nslots;
        for (int f = 0; f < t->nfields; f++) add_slot(l, t->fields[f].type, i, f);
    }
}

DfLoader *dfl_open(DfState *st, const DataType *schema, char **err) {
    *err = NULL;
    if (!dfstate_open(st, err)) return NULL;
    DfTable *t = dftable_create(st, schema, err);
    if (!t) return NULL;
    return dfl_open_table(st, t, schema, err);
}

DfLoader *dfl_open_table(DfState *st, DfTable *t, const DataType *schema, char **err) {
    *err = NULL;
    DfLoader *l = calloc(1, sizeof *l);
    if (!l) abort();
    l->st = st;
    l->D = st->D;
    l->schema = schema;
    l->table = t;
    l->ncols = schema->nfields ? schema->nfields : 1;
    if (l->D->duckdb_appender_create(st->con, NULL, t->name, &l->app) != DuckDBSuccess) {
        *err = appender_error(l->D, l->app);
        l->D->duckdb_appender_destroy(&l->app);
        dftable_unref(t);
        free(l);
        return NULL;
    }
    l->types = calloc((size_t)l->ncols, sizeof *l->types);
    l->set = calloc((size_t)l->ncols, sizeof *l->set);
    if (!l->types || !l->set) abort();
    make_slots(l);
    for (int i = 0; i < l->ncols; i++)
        l->types[i] = schema->nfields ? duck_type_of(l->D, schema->fields[i].type) : l->D->duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
    new_chunk(l);
    return l;
}

static void put_null(const DuckApi *D, duckdb_vector v, idx_t r) {
    D->duckdb_vector_ensure_validity_writable(v);
    D->duckdb_validity_set_row_invalid(D->duckdb_vector_get_validity(v), r);
}

/* JSON value j into vector v at row r as Spark type t stores it (spark.read.json's coercions:
 * numbers to long truncate, booleans to numbers 0/1, anything to string as its JSON text). */
static void put_json(const DuckApi *D, duckdb_vector v, idx_t r, json_t *j, const DataType *t) {
    if (!j || json_is_null(j)) {
        put_null(D, v, r);
        if (t->kind == DT_STRUCT)
            for (int i = 0; i < t->nfields; i++) put_json(D, D->duckdb_struct_vector_get_child(v, (idx_t)i), r, NULL, t->fields[i].type);
        else if (t->kind == DT_ARRAY) ((duckdb_list_entry *)D->duckdb_vector_get_data(v))[r] = (duckdb_list_entry){0, 0};
        return;
    }
    void *data = D->duckdb_vector_get_data(v);
    switch (t->kind) {
    case DT_LONG: case DT_INT: {
        if (!json_is_number(j) && !json_is_boolean(j)) { put_null(D, v, r); return; }
        long long n = json_is_integer(j) ? (long long)json_integer_value(j) : json_is_real(j) ? (long long)json_real_value(j) : json_is_true(j);
        if (t->kind == DT_LONG) ((int64_t *)data)[r] = n;
        else ((int32_t *)data)[r] = (int32_t)n;
        return;
    }
    case DT_DOUBLE:
        if (!json_is_number(j)) { put_null(D, v, r); return; }
        ((double *)data)[r] = json_number_value(j);
        return;
    case DT_TIMESTAMP:          /* microseconds since the epoch */
        if (!json_is_integer(j)) { put_null(D, v, r); return; }
        ((int64_t *)data)[r] = (int64_t)json_integer_value(j);
        return;
    case DT_BOOL:
        if (json_is_boolean(j)) ((bool *)data)[r] = json_is_true(j);
        else if (json_is_integer(j)) ((bool *)data)[r] = json_integer_value(j) != 0;
        else put_null(D, v, r);
        return;
    case DT_STRUCT:
        if (!json_is_object(j)) { put_json(D, v, r, NULL, t); return; }
        for (int i = 0; i < t->nfields; i++)
            put_json(D, D->duckdb_struct_vector_get_child(v, (idx_t)i), r, json_object_get(j, t->fields[i].name), t->fields[i].type);
        return;
    case DT_ARRAY: {
        if (!json_is_array(j)) { put_json(D, v, r, NULL, t); return; }
        idx_t n = (idx_t)json_array_size(j);
        idx_t off = D->duckdb_list_vector_get_size(v);
        D->duckdb_list_vector_reserve(v, off + n);
        D->duckdb_list_vector_set_size(v, off + n);
        duckdb_vector c = D->duckdb_list_vector_get_child(v);
        for (idx_t i = 0; i < n; i++) put_json(D, c, off + i, json_array_get(j, (size_t)i), t->elem);
        ((duckdb_list_entry *)D->duckdb_vector_get_data(v))[r] = (duckdb_list_entry){off, n};
        return;
    }
    case DT_NULL: case DT_STRING: default: {
        if (json_is_string(j)) {
            D->duckdb_vector_assign_string_element_len(v, r, json_string_value(j), (idx_t)json_string_length(j));
            return;
        }
        char *txt = json_string_text(j);
        D->duckdb_vector_assign_string_element_len(v, r, txt, (idx_t)strlen(txt));
        free(txt);
        return;
    }
    }
}

/* ---- setting a place: a value into its vector at the chunk's row, coerced as spark.read.json
 * coerces (the slow path through put_json) ---- */

static bool col_ok(DfLoader *l, int col) {
    if (col < 0 || col >= l->nslots) return false;
    if (col < l->ncols) l->set[col] = true;
    return true;
}

int dfl_member(DfLoader *l, int slot, int field) {
    if (slot < 0 || slot >= l->nslots || l->first[slot] < 0 || field < 0 || field >= l->stype[slot]->nfields) return -1;
    if (slot < l->ncols) l->set[slot] = true;   /* the column is given: its members are being set */
    return l->first[slot] + field;
}

void dfl_null(DfLoader *l, int col) {
    if (col_ok(l, col)) put_json(l->D, l->vec[col], l->row, NULL, l->stype[col]);
}

/* The slow path of the typed setters: the value as JSON (taken), coerced to the place's type. */
static void put_taken(DfLoader *l, int col, json_t *j) {
    put_json(l->D, l->vec[col], l->row, j, l->stype[col]);
    json_decref(j);
}

void dfl_int(DfLoader *l, int col, long long v) {
    if (!col_ok(l, col)) return;
    void *data = l->D->duckdb_vector_get_data(l->vec[col]);
    switch (l->stype[col]->kind) {
    case DT_LONG: case DT_TIMESTAMP: ((int64_t *)data)[l->row] = v; return;   /* timestamp: µs */
    case DT_INT: ((int32_t *)data)[l->row] = (int32_t)v; return;
    case DT_DOUBLE: ((double *)data)[l->row] = (double)v; return;
    case DT_BOOL: ((bool *)data)[l->row] = v != 0; return;
    default: put_taken(l, col, json_integer(v)); return;
    }
}

void dfl_double(DfLoader *l, int col, double v) {
    if (!col_ok(l, col)) return;
    if (l->stype[col]->kind == DT_DOUBLE) { ((double *)l->D->duckdb_vector_get_data(l->vec[col]))[l->row] = v; return; }
    put_taken(l, col, json_real(v));
}

void dfl_bool(DfLoader *l, int col, bool v) {
    if (!col_ok(l, col)) return;
    if (l->stype[col]->kind == DT_BOOL) { ((bool *)l->D->duckdb_vector_get_data(l->vec[col]))[l->row] = v; return; }
    put_taken(l, col, json_boolean(v));
}

void dfl_text(DfLoader *l, int col, const char *s, size_t n) {
    if (!col_ok(l, col)) return;
    if (l->stype[col]->kind == DT_STRING || l->stype[col]->kind == DT_BINARY) { l->D->duckdb_vector_assign_string_element_len(l->vec[col], l->row, s, (idx_t)n); return; }
    put_taken(l, col, json_stringn_nocheck(s, n));
}

void dfl_json(DfLoader *l, int col, json_t *v) {
    if (col_ok(l, col)) put_json(l->D, l->vec[col], l->row, v, l->stype[col]);
}

static bool flush_chunk(DfLoader *l) {
    if (!l->row) return true;
    l->D->duckdb_data_chunk_set_size(l->chunk, l->row);
    bool ok = l->D->duckdb_append_data_chunk(l->app, l->chunk) == DuckDBSuccess;
    if (!ok && !l->err) l->err = appender_error(l->D, l->app);
    l->D->duckdb_destroy_data_chunk(&l->chunk);
    new_chunk(l);
    return ok;
}

bool dfl_row(DfLoader *l, char **err) {
    for (int i = 0; i < l->ncols; i++) {
        if (!l->set[i]) dfl_null(l, i);
        l->set[i] = false;
    }
    if (++l->row < LOAD_CHUNK) return true;
    if (flush_chunk(l)) return true;
    *err = strdup(l->err ? l->err : "DuckDB's appender failed");
    return false;
}

DfTable *dfl_close(DfLoader *l, bool commit, char **err) {
    *err = NULL;
    DfTable *t = NULL;
    if (commit) {
        bool ok = flush_chunk(l) && l->D->duckdb_appender_close(l->app) == DuckDBSuccess;
        if (!ok) {
            *err = l->err ? strdup(l->err) : appender_error(l->D, l->app);
        } else {
            t = l->table;
            l->table = NULL;
        }
    }
    l->D->duckdb_appender_destroy(&l->app);
    if (l->chunk) l->D->duckdb_destroy_data_chunk(&l->chunk);
    for (int i = 0; i < l->ncols; i++) l->D->duckdb_destroy_logical_type(&l->types[i]);
    dftable_unref(l->table);
    free(l->types);
    free(l->vec);
    free(l->stype);
    free(l->parent);
    free(l->field);
    free(l->first);
    free(l->set);
    free(l->err);
    free(l);
    return t;
}
