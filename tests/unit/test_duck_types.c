/* test_duck_types.c — Spark's types in DuckDB and back (spark/sql/duck_types.c): the SQL text and
 * the logical types of each Spark type, DuckDB's types (those of read_parquet's results, Spark-
 * written files included) mapped back, and stored JSON values turned into DuckDB values. */
#include <jansson.h>
#include <stdlib.h>

#include "spark/sql/duck_types.h"
#include "unit.h"

/* struct<id:bigint,n:int,d:double,ok:boolean,s:string,user:struct<name:string,we"ird:bigint>,
 *        tags:array<string>,m:array<struct<x:int>>> */
static DataType *sample_schema(void) {
    DataType *user = dt_struct_new(2);
    user->fields[0] = (DtField){strdup("name"), dt_prim(DT_STRING), true};
    user->fields[1] = (DtField){strdup("we\"ird"), dt_prim(DT_LONG), true};
    DataType *x = dt_struct_new(1);
    x->fields[0] = (DtField){strdup("x"), dt_prim(DT_INT), true};
    DataType *t = dt_struct_new(8);
    const char *names[] = {"id", "n", "d", "ok", "s", "user", "tags", "m"};
    DataType *types[] = {dt_prim(DT_LONG), dt_prim(DT_INT), dt_prim(DT_DOUBLE), dt_prim(DT_BOOL), dt_prim(DT_STRING),
                         user, dt_array_new(dt_prim(DT_STRING)), dt_array_new(x)};
    for (int i = 0; i < 8; i++) t->fields[i] = (DtField){strdup(names[i]), types[i], true};
    return t;
}

TEST(test_duck_type_sql_names_duckdb_types) {
    DataType *t = sample_schema();
    StrBuf b = {0};
    duck_type_sql(&b, t);
    CHECK_STR(b.s, "STRUCT(\"id\" BIGINT, \"n\" INTEGER, \"d\" DOUBLE, \"ok\" BOOLEAN, \"s\" VARCHAR, "
                   "\"user\" STRUCT(\"name\" VARCHAR, \"we\"\"ird\" BIGINT), \"tags\" VARCHAR[], "
                   "\"m\" STRUCT(\"x\" INTEGER)[])");
    sb_reset(&b);
    dt_unref(t);
}

static const DuckApi *D;

/* The Spark type of `SELECT CAST(NULL AS sql)` in DuckDB. */
static DataType *spark_type_of_sql(duckdb_connection con, const char *sql) {
    char q[1024];
    snprintf(q, sizeof q, "SELECT CAST(NULL AS %s)", sql);
    duckdb_result res;
    if (D->duckdb_query(con, q, &res) != DuckDBSuccess) {
        unit_fail(__FILE__, __LINE__, "duckdb: %s in %s", D->duckdb_result_error(&res), q);
        D->duckdb_destroy_result(&res);
        return dt_prim(DT_NULL);
    }
    duckdb_logical_type lt = D->duckdb_column_logical_type(&res, 0);
    DataType *t = duck_type_to_spark(D, lt);
    D->duckdb_destroy_logical_type(&lt);
    D->duckdb_destroy_result(&res);
    return t;
}

static void check_back(duckdb_connection con, const char *sql, const char *want) {
    DataType *t = spark_type_of_sql(con, sql);
    StrBuf b = {0};
    dt_catalog(&b, t);
    if (strcmp(b.s, want)) unit_fail(__FILE__, __LINE__, "%s came back as %s, expected %s", sql, b.s, want);
    sb_reset(&b);
    dt_unref(t);
}

TEST(test_duck_types_round_trip_and_map_back) {
    D = duck_api();
    CHECK(D != NULL);
    if (!D) return;
    duckdb_database db;
    duckdb_connection con;
    CHECK(D->duckdb_open(NULL, &db) == DuckDBSuccess);
    CHECK(D->duckdb_connect(db, &con) == DuckDBSuccess);

    /* the logical type: ids, struct member names, and back to the same Spark type */
    DataType *t = sample_schema();
    duckdb_logical_type lt = duck_type_of(D, t);
    CHECK_EQ_INT(D->duckdb_get_type_id(lt), DUCKDB_TYPE_STRUCT);
    CHECK_EQ_INT(D->duckdb_struct_type_child_count(lt), 8);
    duckdb_logical_type c = D->duckdb_struct_type_child_type(lt, 0);
    CHECK_EQ_INT(D->duckdb_get_type_id(c), DUCKDB_TYPE_BIGINT);
    D->duckdb_destroy_logical_type(&c);
    c = D->duckdb_struct_type_child_type(lt, 6);
    CHECK_EQ_INT(D->duckdb_get_type_id(c), DUCKDB_TYPE_LIST);
    D->duckdb_destroy_logical_type(&c);
    char *name = D->duckdb_struct_type_child_name(lt, 5);
    CHECK_STR(name, "user");
    D->duckdb_free(name);
    DataType *back = duck_type_to_spark(D, lt);
    CHECK(dt_equal(back, t));
    dt_unref(back);

    /* the SQL text names the same type */
    StrBuf b = {0};
    duck_type_sql(&b, t);
    back = spark_type_of_sql(con, b.s);
    CHECK(dt_equal(back, t));
    dt_unref(back);
    sb_reset(&b);

    /* DuckDB's other types as Spark reads them */
    check_back(con, "SMALLINT", "int");
    check_back(con, "TINYINT", "int");
    check_back(con, "HUGEINT", "bigint");
    check_back(con, "FLOAT", "double");
    check_back(con, "DECIMAL(10,2)", "double");
    check_back(con, "TIMESTAMP", "timestamp");   /* Spark's TimestampType (the Kafka source's timestamp) */
    check_back(con, "BLOB", "binary");
    check_back(con, "INTEGER[3]", "array<int>");
    check_back(con, "MAP(VARCHAR, INTEGER)", "string");

    /* a stored row value (nulls omitted) as a DuckDB value */
    json_t *row = json_loads("{\"id\":5000000000,\"n\":7,\"d\":1.5,\"ok\":true,\"s\":\"x\",\"user\":{\"name\":\"ann\"},"
                             "\"tags\":[\"a\",null],\"m\":[{\"x\":1},{}]}", 0, NULL);
    duckdb_value v = duck_value_of_json(D, row, t, lt);
    char *text = D->duckdb_value_to_string(v);
    CHECK_STR(text, "{'id': 5000000000, 'n': 7, 'd': 1.5, 'ok': true, 's': 'x', 'user': {'name': 'ann', 'we\"ird': NULL}, "
                    "'tags': ['a', NULL], 'm': [{'x': 1}, {'x': NULL}]}");
    D->duckdb_free(text);
    D->duckdb_destroy_value(&v);
    v = duck_value_of_json(D, NULL, t, lt);
    CHECK(D->duckdb_is_null_value(v));
    D->duckdb_destroy_value(&v);
    json_decref(row);

    D->duckdb_destroy_logical_type(&lt);
    dt_unref(t);
    D->duckdb_disconnect(&con);
    D->duckdb_close(&db);
}
