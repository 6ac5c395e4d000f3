/* structured.h — Structured Streaming (spark.readStream … writeStream.start()), run natively on
 * the DataFrame engine (DuckDB) and the Kafka batch reader, micro-batch by micro-batch.
 *
 * The model: a streaming DataFrame is an ordinary DataFrame (a query over DuckDB tables) one of
 * whose tables is a stream source's table. Transformations wrap the query as for any DataFrame;
 * each micro-batch loads the source's new rows into that table and runs the query into the sink.
 * A source table holds one batch's rows (append output) or every row so far (complete and update
 * output of an aggregation, so the aggregate is recomputed over all input, which gives Spark's
 * results without its state store).
 *
 * Public part for other parts of spark/: the SparkSession's readStream, the DataFrame's
 * isStreaming / writeStream, and the guard that batch actions call.
 */
#ifndef DSTREAM_SPARK_STRUCTURED_H
#define DSTREAM_SPARK_STRUCTURED_H

#include <stdbool.h>

#include "lang/interp.h"

struct DataFrame;

/* spark.readStream: a DataStreamReader; spark.streams: the StreamingQueryManager. */
bool structured_read_stream(Call *c, Value *out);
bool structured_streams(Call *c, Value *out);
/* df.isStreaming / df.writeStream */
bool structured_df_is_streaming(Call *c, Value *out);
bool structured_df_write_stream(Call *c, Value *out);
bool structured_df_with_watermark(Call *c, Value *out);
/* Whether df reads a stream source. */
bool structured_is_streaming(const struct DataFrame *df);
/* dropDuplicates(cols) of a streaming DataFrame (cols: its column names): Spark's streaming deduplication. */
bool structured_drop_duplicates(Interp *I, struct DataFrame *df, const char *const *cols, size_t n, Value *out);
/* Raises Spark's AnalysisException for a batch action (show, count, collect …) on a streaming
 * DataFrame and returns false; true when df is not streaming. */
bool structured_guard_batch(Interp *I, const struct DataFrame *df);

void structured_init(Interp *I);
void structured_free(Interp *I);   /* stops the running queries */

#endif
