/* batch.h — the batch reader behind Spark-style direct streams: for a set of topic-partitions
 * and start offsets, take the end offsets (high watermarks) *now*, then read exactly
 * [start, end) of every partition — optionally capped per partition — and return the records
 * grouped by partition.
 *
 * Use: plan (fixes the ranges; cheap: two ListOffsets per partition), then fetch (reads them);
 * the next micro-batch starts where this one ended (kafka_batch_next_offsets).  Reading uses one
 * long-lived consumer with manual assignment, so connections are reused between batches.
 *
 * Retention: when a start offset is below the partition's log start (data already deleted — the
 * embedded broker keeps ~5 MB per partition), the range starts at the log start and `lost` says
 * how many offsets were skipped; the caller decides whether that is an error
 * (Spark: failOnDataLoss). */
#ifndef DSTREAM_KAFKA_BATCH_H
#define DSTREAM_KAFKA_BATCH_H

#include "kafka/common.h"
#include "kafka/config.h"

typedef struct kafka_batch_reader kafka_batch_reader;

typedef struct kafka_batch_partition {
    char *topic;
    int32_t partition;
    int64_t requested;   /* start asked for (absolute, after resolving BEGINNING/END/STORED) */
    int64_t from, until; /* the range this batch covers: [from, until) */
    int64_t low, high;   /* watermarks seen at plan time */
    int64_t lost;        /* offsets skipped because retention deleted them (from - requested) */
    kafka_records records; /* filled by fetch, in offset order */
} kafka_batch_partition;

typedef struct kafka_batch {
    kafka_batch_partition *parts;
    size_t n;
    int64_t total; /* records fetched over all partitions */
    bool no_headers; /* set before a fetch whose reader uses no headers: they are not copied */
} kafka_batch;

/* A reader with its own consumer.  cfg needs bootstrap.servers; group.id is used for
 * KAFKA_OFFSET_STORED starts and for commit.  NULL with err set. */
kafka_batch_reader *kafka_batch_reader_new(const kafka_config *cfg, kafka_error *err);
void kafka_batch_reader_free(kafka_batch_reader *r);

/* The partitions of each topic (offset set to `offset` in every entry).  *out is malloc'ed with
 * the topic names in the same block: free(*out).  Unknown topic: UNKNOWN_TOPIC_OR_PART. */
int kafka_batch_reader_partitions(kafka_batch_reader *r, const char *const *topics, size_t ntopics,
                                  int64_t offset, kafka_tpo **out, size_t *n,
                                  kafka_interrupt_fn check, void *ud, kafka_error *err);

/* Fixes the ranges: for each start (absolute, KAFKA_OFFSET_BEGINNING, _END, or _STORED = the
 * group's committed offset else auto.offset.reset earliest/latest) queries the watermarks and
 * sets from/until; until = min(high, from + max_per_partition) when max_per_partition > 0.
 * out is emptied first (kafka_batch_free).  0, or -1 with err. */
int kafka_batch_reader_plan(kafka_batch_reader *r, const kafka_tpo *starts, size_t n,
                            int64_t max_per_partition, kafka_interrupt_fn check, void *ud,
                            kafka_batch *out, kafka_error *err);

/* Reads every planned range.  Records beyond `until` are discarded, partitions are paused as
 * they complete.  Fails (-1) when interrupted or when no record arrives for the timeout
 * (max.block.ms, default 10 s) while ranges are incomplete; the records read so far stay in b. */
int kafka_batch_reader_fetch(kafka_batch_reader *r, kafka_batch *b, kafka_interrupt_fn check,
                             void *ud, kafka_error *err);

/* plan + fetch. */
int kafka_batch_reader_read(kafka_batch_reader *r, const kafka_tpo *starts, size_t n,
                            int64_t max_per_partition, kafka_interrupt_fn check, void *ud,
                            kafka_batch *out, kafka_error *err);

/* The starts for the next batch: {topic, partition, until} per partition.  *out malloc'ed
 * (topic names point into b: keep b alive or copy them): free(*out). */
int kafka_batch_next_offsets(const kafka_batch *b, kafka_tpo **out, size_t *n);

/* Commits offsets for the reader's group (like CanCommitOffsets.commitAsync, but synchronous). */
int kafka_batch_reader_commit(kafka_batch_reader *r, const kafka_tpo *offsets, size_t n,
                              kafka_error *err);

void kafka_batch_free(kafka_batch *b);

#endif
