/* json.h — Spark's data types (long, integer, double, string, boolean, struct, array) and the
 * JSON side of DataFrames: schema inference as spark.read.json infers it, the coercion of JSON
 * documents to an inferred schema (the form rows are stored in), Spark's text forms of types
 * (printSchema's tree, simpleString, toString), Java's Double.toString, and the two JSON
 * writers the library needs: Spark's (toJSON, write.json) and Gson's (new Gson().toJson(x)).
 *
 * Internal to kernel/spark/.
 */
#ifndef DSTREAM_SPARK_JSON_H
#define DSTREAM_SPARK_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/interp.h"
#include "lang/value.h"
#include "util/strbuf.h"

/* ---- data types (immutable, reference-counted) ---- */
typedef enum { DT_NULL, DT_STRING, DT_LONG, DT_INT, DT_DOUBLE, DT_BOOL, DT_STRUCT, DT_ARRAY } DtKind;
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

/* Spark's JsonInferSchema: the type of one JSON value, the merge of two (compatibleType),
 * and the final canonical form (null → string, empty structs dropped: NULL). All new refs. */
DataType *dt_infer(json_t *v);
/* The types of the documents of one JSON record, from its text (json_infer.c): add(ud, type) for
 * each object (the record, or each element of an array of objects; types are given away).
 * Returns how many, 0 for a blank record, or -1 for a corrupt one: text jansson would not parse,
 * or JSON that is not an object or an array of objects. */
int json_infer_record(const char *text, size_t len, void (*add)(void *ud, DataType *t), void *ud);
/* The members of a record that is one JSON object, checked exactly as json_infer_record checks it.
 * Keys and string values are unescaped into text (offsets key, str); every value's text is
 * val/len in the record; kind: 's' string, 'i' integer, 'r' real, 't'/'f' boolean, 'n' null,
 * 'o' object, 'a' array. Returns 1 for an object, 0 for a blank record, -1 otherwise (not an
 * object, or corrupt). out is reused from record to record; free with json_members_free. */
typedef struct { size_t key, str; const char *val; size_t len; char kind; } JsonMember;
typedef struct { JsonMember *m; int n, cap; char *text; size_t tlen, tcap; } JsonMembers;
int json_object_members(const char *text, size_t len, JsonMembers *out);
void json_members_free(JsonMembers *m);
DataType *dt_merge(DataType *a, DataType *b);
DataType *dt_canonical(DataType *t);

const char *dt_type_name(const DataType *t);        /* printSchema: long, struct, array … */
void dt_simple(StrBuf *b, const DataType *t, int maxfields); /* bigint, struct<a: string> …; maxfields<0: all */
void dt_catalog(StrBuf *b, const DataType *t);      /* bigint, struct<a:string> (SQL DDL-ish) */
void dt_to_string(StrBuf *b, const DataType *t);    /* LongType, StructType(StructField(a,LongType,true)) */
void dt_tree(StrBuf *b, const DataType *schema);    /* printSchema's text, ending with "\n" */

/* ---- values in the storage form ----
 * A row's top-level values are SQLite values: long/int/bool as integers, double as real,
 * string as text, struct/array as JSON text whose shape follows the schema (struct fields in
 * schema order, nulls omitted, numbers of the declared kind). */

/* The JSON text (storage form) of v coerced to type t, or NULL for SQL NULL. malloc'd. */
char *json_coerce_text(json_t *v, const DataType *t);
/* Spark's cast-to-string text of a stored struct/array JSON value ({a, b}, [a, b]). */
void json_show_text(StrBuf *b, json_t *v, const DataType *t);
/* Spark's JSON generator (toJSON, write.json): value v of type t, nulls omitted in structs. */
void json_spark_write(StrBuf *b, json_t *v, const DataType *t);
/* The text of a JSON value for a string-typed column: strings as they are, anything else as
 * compact JSON (Spark keeps the JSON text). malloc'd. */
char *json_string_text(json_t *v);
/* Spark's SchemaUtils.escapeMetaCharacters (\n → "\\n", …) appended to b. */
void sb_escape_meta(StrBuf *b, const char *s, size_t n);
/* A JSON string literal as Jackson writes it. */
void json_quote(StrBuf *b, const char *s, size_t n);

/* Java's Double.toString (1.0, 1.0E10, 1.0E-4, NaN, Infinity). buf >= 32 bytes. */
const char *java_double(char *buf, double d);

/* Gson's toJson of any interpreter value (false with an exception raised on failure). */
bool gson_to_json(Interp *I, Value v, StrBuf *out);

#endif
