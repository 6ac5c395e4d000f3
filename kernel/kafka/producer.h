/* producer.h — an asynchronous Kafka producer with full delivery accounting.
 *
 * send() queues a record and returns at once (when librdkafka's queue is full it serves delivery
 * reports and retries, bounded and interruptible).  Every record ends in exactly one delivery
 * report: delivered, or failed with an error that is counted and kept (first and last) — nothing
 * is dropped silently.  Delivery reports, and per-record callbacks, run in the thread that calls
 * send/poll/flush/close (the producer is meant to be used from one thread at a time).
 *
 * The first send to a topic fetches its metadata (bounded by max.block.ms, default 10 s, and
 * interruptible): an unreachable cluster fails with "_TIMED_OUT: no Kafka broker reachable at …",
 * an unknown topic with UNKNOWN_TOPIC_OR_PART, a denied one with TOPIC_AUTHORIZATION_FAILED, and a
 * partition beyond the topic's count with UNKNOWN_PARTITION — as the Java client's send() does. */
#ifndef DSTREAM_KAFKA_PRODUCER_H
#define DSTREAM_KAFKA_PRODUCER_H

#include "kafka/common.h"
#include "kafka/config.h"

typedef struct kafka_producer kafka_producer;

/* What a delivery report says about one record. */
typedef struct kafka_delivery {
    const char *topic;
    int32_t partition;
    int64_t offset;     /* -1 when failed */
    int64_t timestamp;
    const kafka_error *error; /* NULL when delivered */
} kafka_delivery;

typedef void (*kafka_delivery_fn)(const kafka_delivery *d, void *ud);

/* Delivered offsets per topic-partition (for a %%produce report). */
typedef struct kafka_partition_range {
    char topic[256];
    int32_t partition;
    int64_t first_offset, last_offset; /* inclusive */
    int64_t count;
} kafka_partition_range;

typedef struct kafka_producer_stats {
    int64_t sent;      /* accepted by send() */
    int64_t delivered; /* acknowledged by the broker */
    int64_t failed;    /* failed delivery reports */
    int64_t pending;   /* sent - delivered - failed */
    kafka_error first_error, last_error; /* code 0 when no failure */
} kafka_producer_stats;

/* Creates a producer (defaults: acks=all, enable.idempotence=true).  Does not connect yet.
 * NULL with err set on a bad configuration. */
kafka_producer *kafka_producer_new(const kafka_config *cfg, kafka_error *err);

/* Queues one record.  partition -1 lets the partitioner choose (murmur2 on the key, like Java).
 * key/value may be NULL (null key / null value); headers may be NULL (nheaders 0).
 * on_delivery (optional) is called once with the record's fate.  0, or -1 with err set: invalid
 * topic/partition, message too large (MSG_SIZE_TOO_LARGE), unreachable cluster, interrupted, … —
 * a record refused here never counts as sent. */
int kafka_producer_send(kafka_producer *p, const char *topic, int32_t partition,
                        const void *key, size_t key_len, const void *value, size_t value_len,
                        const kafka_header *headers, size_t nheaders,
                        kafka_delivery_fn on_delivery, void *ud,
                        kafka_interrupt_fn check, void *check_ud, kafka_error *err);

/* Serves delivery reports waiting at most timeout_ms.  Returns the number served. */
int kafka_producer_poll(kafka_producer *p, int timeout_ms);

/* Waits until every sent record has its delivery report, at most timeout_ms (-1: no limit),
 * returning early when check says interrupted.  0 when all are reported; -1 with err
 * "_TIMED_OUT"/"_INTR" (records stay queued and keep being delivered). */
int kafka_producer_flush(kafka_producer *p, int timeout_ms, kafka_interrupt_fn check, void *ud,
                         kafka_error *err);

void kafka_producer_stats_get(const kafka_producer *p, kafka_producer_stats *out);

/* Delivered ranges per partition, sorted by topic then partition.  *n receives the count; the
 * array is owned by the producer and valid until the next call into it. */
const kafka_partition_range *kafka_producer_ranges(kafka_producer *p, size_t *n);

/* Forgets the counters and ranges (e.g. between cells sharing a producer). */
void kafka_producer_reset_stats(kafka_producer *p);

/* Flushes (at most timeout_ms, -1 no limit, interruptible), then purges what is still queued —
 * those records fail with "_PURGE_QUEUE"/"_PURGE_INFLIGHT" and are counted as failed — and frees
 * the producer.  Writes "N delivered, M failed" (plus the first error, if any) to summary and
 * the final counters to stats (either may be NULL).  Returns 0 when nothing failed, else -1. */
int kafka_producer_close(kafka_producer *p, int timeout_ms, kafka_interrupt_fn check, void *ud,
                         kafka_producer_stats *stats, char *summary, size_t summary_n);

/* The effective librdkafka bootstrap list (as configured). */
const char *kafka_producer_bootstrap(const kafka_producer *p);

#endif
