/* duck_types.h — Spark's data types (types.h) in DuckDB and back: DataType → DuckDB LogicalType
 * (StructType → STRUCT, ArrayType → LIST, long → BIGINT, int → INTEGER, double → DOUBLE,
 * string → VARCHAR, boolean → BOOLEAN) as a logical type or as SQL type text, DuckDB's types
 * back to DataType (what read_parquet gives, Spark-written files included), and a stored row
 * value (json.h's storage form, parsed) as a duckdb_value for the appender.
 *
 * Internal to kernel/spark/.
 */
#ifndef DSTREAM_SPARK_DUCK_TYPES_H
#define DSTREAM_SPARK_DUCK_TYPES_H

#include <jansson.h>

#include "spark/sql/duck.h"
#include "spark/sql/types.h"
#include "util/strbuf.h"

/* The DuckDB type of t (the caller destroys it with D->duckdb_destroy_logical_type). */
duckdb_logical_type duck_type_of(const DuckApi *D, const DataType *t);
/* The same as SQL text: BIGINT, STRUCT("name" VARCHAR, "n" BIGINT), VARCHAR[] … */
void duck_type_sql(StrBuf *b, const DataType *t);
/* A DuckDB type as Spark's: the mapping above reversed, TINYINT/SMALLINT/INTEGER/unsigned up to
 * 16 bits → int, other integers → long, FLOAT/DOUBLE/DECIMAL → double, ARRAY → array, anything
 * else → string (read as its text). A new reference. */
DataType *duck_type_to_spark(const DuckApi *D, duckdb_logical_type lt);
/* The value v (parsed from the storage form; NULL or json null → SQL NULL) of Spark type t as a
 * DuckDB value of type lt (duck_type_of(t)); the caller destroys it. */
duckdb_value duck_value_of_json(const DuckApi *D, json_t *v, const DataType *t, duckdb_logical_type lt);

#endif
