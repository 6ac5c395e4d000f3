/* types.h — Spark's data types (void, string, long, integer, double, boolean, struct, array,
 * binary, timestamp):
 * immutable, reference-counted values with equality, the widening merge of two types
 * (JsonInferSchema's compatibleType) and its canonical form, and Spark's text forms of a type
 * (printSchema's tree, simpleString, catalogString, toString).
 *
 * Internal to kernel/spark/.
 */
#ifndef DSTREAM_SPARK_TYPES_H
#define DSTREAM_SPARK_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

typedef enum { DT_NULL, DT_STRING, DT_LONG, DT_INT, DT_DOUBLE, DT_BOOL, DT_STRUCT, DT_ARRAY, DT_BINARY, DT_TIMESTAMP } DtKind;
typedef struct DataType DataType;
typedef struct { char *name; DataType *type; bool nullable; } DtField;
struct DataType {
    int rc;
    DtKind kind;
    int nfields;             /* struct */
    DtField *fields;
    DataType *elem;          /* array */
};

DataType *dt_prim(DtKind k);                 /* new reference to a shared primitive */
DataType *dt_struct_new(int nfields);        /* fields to fill (names malloc'd, types owned) */
DataType *dt_array_new(DataType *elem);      /* takes elem */
DataType *dt_ref(DataType *t);
void dt_unref(DataType *t);
bool dt_equal(const DataType *a, const DataType *b);
int dt_field_index(const DataType *st, const char *name);   /* case-insensitive; -1 */
bool dt_is_numeric(const DataType *t);

/* The widest type of two (compatibleType: numbers → long or double, structs merged field by
 * field, anything else → string), and the final canonical form (null → string, empty structs
 * dropped: NULL). New references. */
DataType *dt_merge(DataType *a, DataType *b);
DataType *dt_canonical(DataType *t);

const char *dt_type_name(const DataType *t);        /* printSchema: long, struct, array … */
void dt_simple(StrBuf *b, const DataType *t, int maxfields); /* bigint, struct<a: string> …; maxfields<0: all */
void dt_catalog(StrBuf *b, const DataType *t);      /* bigint, struct<a:string> (SQL DDL-ish) */
void dt_to_string(StrBuf *b, const DataType *t);    /* LongType, StructType(StructField(a,LongType,true)) */
void dt_tree(StrBuf *b, const DataType *schema);    /* printSchema's text, ending with "\n" */
/* Spark's SchemaUtils.escapeMetaCharacters (\n → "\\n", …) appended to b. */
void sb_escape_meta(StrBuf *b, const char *s, size_t n);

#endif
