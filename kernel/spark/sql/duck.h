/* duck.h — DuckDB's C API, loaded on first use.  The kernel does not link libduckdb: duck_api()
 * dlopens it the first time a DataFrame or SQL needs it (so start-up and idle memory stay as
 * they are) and fills a table of function pointers whose types are duckdb.h's own prototypes
 * (__typeof__), so every call is checked against the header the build found (.deps/duckdb from
 * `make deps`, or DUCKDB_DIR).  Call through the table: D->duckdb_query(con, sql, &res). */
#ifndef DSTREAM_SQL_DUCK_H
#define DSTREAM_SQL_DUCK_H

#include <stddef.h>

/* only the current surface of the C API: a deprecated function is not declared, so not used */
#ifndef DUCKDB_API_ALLOW_DEPRECATED
#define DUCKDB_API_ALLOW_DEPRECATED 0
#endif
#include <duckdb.h>

/* The functions the DataFrame/SQL layer uses; add one here to have it loaded and checked. */
#define DUCK_FUNCTIONS(X)                                                                          \
    /* database, connection, configuration */                                                      \
    X(duckdb_library_version) X(duckdb_open) X(duckdb_open_ext) X(duckdb_close)                    \
    X(duckdb_connect) X(duckdb_disconnect) X(duckdb_interrupt)                                     \
    X(duckdb_create_config) X(duckdb_set_config) X(duckdb_destroy_config)                          \
    X(duckdb_free) X(duckdb_malloc) X(duckdb_vector_size)                                          \
    /* queries and results */                                                                      \
    X(duckdb_query) X(duckdb_destroy_result) X(duckdb_result_error) X(duckdb_result_error_type)    \
    X(duckdb_result_return_type) X(duckdb_rows_changed)                                            \
    X(duckdb_column_count) X(duckdb_column_name) X(duckdb_column_type)                             \
    X(duckdb_column_logical_type)                                                                  \
    /* data chunks and vectors (reading results, building appender input) */                       \
    X(duckdb_fetch_chunk) X(duckdb_create_data_chunk) X(duckdb_destroy_data_chunk)                 \
    X(duckdb_data_chunk_reset) X(duckdb_data_chunk_get_size) X(duckdb_data_chunk_set_size)         \
    X(duckdb_data_chunk_get_column_count) X(duckdb_data_chunk_get_vector)                          \
    X(duckdb_vector_get_data) X(duckdb_vector_get_validity) X(duckdb_vector_get_column_type)       \
    X(duckdb_vector_ensure_validity_writable) X(duckdb_vector_assign_string_element_len)           \
    X(duckdb_validity_row_is_valid) X(duckdb_validity_set_row_invalid)                             \
    X(duckdb_validity_set_row_validity)                                                            \
    X(duckdb_list_vector_get_child) X(duckdb_list_vector_get_size) X(duckdb_list_vector_set_size)  \
    X(duckdb_list_vector_reserve) X(duckdb_struct_vector_get_child)                                \
    X(duckdb_array_vector_get_child)                                                               \
    X(duckdb_string_is_inlined) X(duckdb_string_t_length) X(duckdb_string_t_data)                  \
    /* appender */                                                                                 \
    X(duckdb_appender_create) X(duckdb_appender_create_ext) X(duckdb_appender_error_data)          \
    X(duckdb_appender_flush) X(duckdb_appender_close) X(duckdb_appender_destroy)                   \
    X(duckdb_appender_column_count) X(duckdb_appender_column_type)                                 \
    X(duckdb_appender_begin_row) X(duckdb_appender_end_row) X(duckdb_append_null)                  \
    X(duckdb_append_bool) X(duckdb_append_int32) X(duckdb_append_int64) X(duckdb_append_double)    \
    X(duckdb_append_timestamp) X(duckdb_append_varchar) X(duckdb_append_varchar_length)            \
    X(duckdb_append_value) X(duckdb_append_data_chunk)                                             \
    X(duckdb_error_data_message) X(duckdb_destroy_error_data)                                      \
    /* prepared statements */                                                                      \
    X(duckdb_prepare) X(duckdb_prepare_error) X(duckdb_nparams) X(duckdb_clear_bindings)           \
    X(duckdb_bind_null) X(duckdb_bind_boolean) X(duckdb_bind_int64) X(duckdb_bind_double)          \
    X(duckdb_bind_timestamp) X(duckdb_bind_varchar) X(duckdb_bind_varchar_length)                  \
    X(duckdb_bind_value) X(duckdb_execute_prepared) X(duckdb_destroy_prepare)                      \
    X(duckdb_prepared_statement_column_count) X(duckdb_prepared_statement_column_name)             \
    X(duckdb_prepared_statement_column_logical_type)                                               \
    X(duckdb_pending_prepared) X(duckdb_pending_execute_task) X(duckdb_execute_pending)            \
    X(duckdb_destroy_pending) X(duckdb_pending_error) X(duckdb_query_progress)                                              \
    /* values (STRUCT and LIST included) */                                                        \
    X(duckdb_create_varchar) X(duckdb_create_varchar_length) X(duckdb_create_bool)                 \
    X(duckdb_create_int32) X(duckdb_create_int64) X(duckdb_create_double)                          \
    X(duckdb_create_timestamp) X(duckdb_create_null_value)                                         \
    X(duckdb_create_struct_value) X(duckdb_create_list_value) X(duckdb_destroy_value)              \
    X(duckdb_is_null_value) X(duckdb_get_value_type) X(duckdb_value_to_string)                     \
    X(duckdb_get_varchar) X(duckdb_get_bool) X(duckdb_get_int32) X(duckdb_get_int64)               \
    X(duckdb_get_double) X(duckdb_get_timestamp)                                                   \
    X(duckdb_get_list_size) X(duckdb_get_list_child) X(duckdb_get_struct_child)                    \
    /* logical types (STRUCT, LIST, ARRAY, MAP) */                                                 \
    X(duckdb_create_logical_type) X(duckdb_create_list_type) X(duckdb_create_struct_type)          \
    X(duckdb_create_array_type) X(duckdb_create_map_type) X(duckdb_destroy_logical_type)           \
    X(duckdb_get_type_id) X(duckdb_logical_type_get_alias)                                         \
    X(duckdb_list_type_child_type) X(duckdb_array_type_child_type)                                 \
    X(duckdb_array_type_array_size) X(duckdb_map_type_key_type) X(duckdb_map_type_value_type)      \
    X(duckdb_struct_type_child_count) X(duckdb_struct_type_child_name)                             \
    X(duckdb_struct_type_child_type) X(duckdb_decimal_to_double)         \
    X(duckdb_decimal_scale) X(duckdb_decimal_internal_type)                                        \
    /* scalar functions (udf: df_udf.c) */                                                         \
    X(duckdb_create_scalar_function) X(duckdb_destroy_scalar_function)                             \
    X(duckdb_scalar_function_set_name) X(duckdb_scalar_function_add_parameter)                     \
    X(duckdb_scalar_function_set_return_type) X(duckdb_scalar_function_set_special_handling)       \
    X(duckdb_scalar_function_set_function) X(duckdb_scalar_function_set_extra_info)                \
    X(duckdb_scalar_function_get_extra_info) X(duckdb_scalar_function_set_error)                   \
    X(duckdb_register_scalar_function)

/* One pointer per function, named as the function and typed by its prototype in duckdb.h. */
typedef struct DuckApi {
#define DUCK_POINTER(name) __typeof__(name) *name;
    DUCK_FUNCTIONS(DUCK_POINTER)
#undef DUCK_POINTER
} DuckApi;

/* The table, loaded on the first call (thread-safe; later calls return the same table at once).
 * NULL when libduckdb could not be loaded: duck_error() then says why.  The library is looked for
 * in $DUCKDB_LIB when that is set (and only there), else at the path the build recorded
 * (DUCKDB_DIR/lib/libduckdb.so), else as `libduckdb.so` on the system's library path. */
const DuckApi *duck_api(void);

/* Why duck_api() returned NULL: what is missing, where it was looked for, what to do.  "" before
 * the first call and after a successful load. */
const char *duck_error(void);

/* Where to look: `env` alone when not NULL (what $DUCKDB_LIB says), else `recorded` (a path; may
 * be NULL), then `system` (a name for the dynamic loader's search, e.g. "libduckdb.so"). */
typedef struct DuckSearch {
    const char *env, *recorded, *system;
} DuckSearch;

/* The loading itself (duck_api() runs it once, tests directly): fills *api from the first library
 * of `where` that loads, keeping its handle open.  0 on success; -1 with a message in err. */
int duck_load(DuckApi *api, const DuckSearch *where, char *err, size_t errlen);

#endif
