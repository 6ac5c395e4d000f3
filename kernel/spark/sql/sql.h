/* sql.h — the %%sql cell magic: runs a query against the temp views (Spark SQL on DuckDB) and
 * shows the rows as Spark's text table and an HTML table, optionally as a bar or line
 * chart (util/charts.h: SVG and Vega-Lite). The database itself and spark.sql live behind dataframe.h (sql.c implements both).
 *
 *   %%sql [-n MAXROWS] [-q] [--chart bar|line] [-o NAME]
 *   SELECT …
 */
#ifndef DSTREAM_SPARK_SQL_H
#define DSTREAM_SPARK_SQL_H

#include "lang/interp.h"

/* args: the text after "%%sql" on the first line; body: the query. Fills res (ok or error). */
void sql_magic(Interp *I, const char *args, const char *body, CellResult *res);

#endif
