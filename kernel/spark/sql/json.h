/* json.h — the JSON side of DataFrames: schema inference as spark.read.json infers it, the
 * coercion of JSON documents to an inferred schema (the form rows are stored in), Java's
 * Double.toString, and the two JSON writers the library needs: Spark's (toJSON, write.json)
 * and Gson's (new Gson().toJson(x)). The data types themselves are in types.h.
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
#include "spark/sql/types.h"
#include "util/strbuf.h"

/* Spark's JsonInferSchema: the type of one JSON value (a new reference); dt_merge and
 * dt_canonical (types.h) finish the inference. */
DataType *dt_infer(json_t *v);
/* The types of the documents of one JSON record, from its text (json_infer.c): add(ud, type) for
 * each object (the record, or each element of an array of objects; types are given away).
 * Returns how many, 0 for a blank record, or -1 for a corrupt one: text jansson would not parse,
 * or JSON that is not an object or an array of objects. */
int json_infer_record(const char *text, size_t len, void (*add)(void *ud, DataType *t), void *ud);
/* Whether a record is one object whose type json_infer_record would merge into schema (a STRUCT,
 * as dt_merge leaves it) without changing it: then pass 1 need not type it. False for anything
 * else (corrupt, blank, arrays, new members or wider types), which then takes the full path.
 * members (or NULL): when it fits, the record's members as json_object_members gives them (the
 * same scan does both; pass 2's loading reads them), and those of its objects down to
 * JSON_MEMBERS_DEPTH levels, each object's right after it (JsonMember.sub). */
typedef struct JsonMembers JsonMembers;
bool json_record_fits(const char *text, size_t len, const DataType *schema, JsonMembers *members);
/* The members of a record that is one JSON object, checked exactly as json_infer_record checks it.
 * Keys and string values are unescaped into text (offsets key, str); every value's text is
 * val/len in the record; kind: 's' string, 'i' integer, 'r' real, 't'/'f' boolean, 'n' null,
 * 'o' object, 'a' array. Returns 1 for an object, 0 for a blank record, -1 otherwise (not an
 * object, or corrupt). out is reused from record to record; free with json_members_free.
 * next: the index of the member after this one (and after the members collected of its value);
 * sub: the index of its value's first member when they were collected (json_record_fits), else -1.
 * An object's members are m[i] for i = its sub, then each one's next, while i < its next.
 * field: json_record_fits's: the member's field in the schema's STRUCT it was checked against; -1. */
#define JSON_MEMBERS_DEPTH 5
typedef struct { size_t key, str; const char *val; size_t len; char kind; int next, sub, field; } JsonMember;
struct JsonMembers { JsonMember *m; int n, cap; char *text; size_t tlen, tcap; };
int json_object_members(const char *text, size_t len, JsonMembers *out);
void json_members_free(JsonMembers *m);

/* ---- values read back from the database (db.c's dfc_json: structs as objects, arrays as arrays) ---- */

/* Spark 3.5 show()'s text of a struct/array value ({a, NULL}, [a, b]). */
void json_show_text(StrBuf *b, json_t *v, const DataType *t);
/* Spark's JSON generator (toJSON, write.json): value v of type t, nulls omitted in structs. */
void json_spark_write(StrBuf *b, json_t *v, const DataType *t);
/* The text of a JSON value for a string-typed column: strings as they are, anything else as
 * compact JSON (Spark keeps the JSON text). malloc'd. */
char *json_string_text(json_t *v);
/* A JSON string literal as Jackson writes it. */
void json_quote(StrBuf *b, const char *s, size_t n);

/* Java's Double.toString (1.0, 1.0E10, 1.0E-4, NaN, Infinity). buf >= 32 bytes. */
const char *java_double(char *buf, double d);

/* Gson's toJson of any interpreter value (false with an exception raised on failure). */
bool gson_to_json(Interp *I, Value v, StrBuf *out);

#endif
