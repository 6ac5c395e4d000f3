/* common.h — types shared by the Kafka layer: errors carrying Kafka's error names, the
 * interrupt-check callback, and records (as returned by consumer polls and the batch reader).
 *
 * The layer knows nothing of Scala or ZeroMQ.  Every call that may wait on the network takes a
 * kafka_interrupt_fn; it is called every ~50 ms and a non-zero return makes the call give up
 * with the error name "_INTR".  Errors are reported through a kafka_error the caller owns. */
#ifndef DSTREAM_KAFKA_COMMON_H
#define DSTREAM_KAFKA_COMMON_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Returns non-zero when the caller wants the current operation to stop (e.g. a kernel interrupt). */
typedef int (*kafka_interrupt_fn)(void *ud);

/* An error: code is an rd_kafka_resp_err_t (0 = none); name is Kafka's error name as librdkafka
 * spells it ("UNKNOWN_TOPIC_OR_PART", "TOPIC_ALREADY_EXISTS", "MSG_SIZE_TOO_LARGE", or a local
 * one with a leading underscore: "_TIMED_OUT", "_INVALID_ARG", "_INTR", "_TRANSPORT"); message is a
 * full sentence for the user. */
typedef struct kafka_error {
    int code;
    char name[64];
    char message[1024];
    bool unreachable;   /* no broker of the bootstrap list answered in time */
} kafka_error;

void kafka_error_clear(kafka_error *e);
/* Sets e (if non-NULL) to code (an rd_kafka_resp_err_t) with a printf-style message; returns -1. */
int kafka_error_set(kafka_error *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Timestamp types, as Kafka's TimestampType. */
typedef enum { KAFKA_TS_NONE = 0, KAFKA_TS_CREATE_TIME = 1, KAFKA_TS_LOG_APPEND_TIME = 2 } kafka_ts_type;
const char *kafka_ts_type_name(kafka_ts_type t); /* "NoTimestampType", "CreateTime", "LogAppendTime" */

/* A record header.  value may be NULL (a null header value). */
typedef struct kafka_header {
    const char *key;
    const void *value;
    size_t value_len;
} kafka_header;

/* One consumed record.  key/value are NULL for a null key/value; when not NULL they are also
 * NUL-terminated (the terminator is not counted in *_len), so text can be used as C strings. */
typedef struct kafka_record {
    const char *topic;
    int32_t partition;
    int64_t offset;
    int64_t timestamp; /* ms since the epoch, -1 if none */
    kafka_ts_type timestamp_type;
    const void *key;
    size_t key_len;
    const void *value;
    size_t value_len;
    const kafka_header *headers;
    size_t nheaders;
} kafka_record;

/* A list of records owning all their bytes.  Zero-initialise, fill with a poll or batch read,
 * release with kafka_records_free (which leaves it empty and reusable). */
typedef struct kafka_records {
    kafka_record *items;
    size_t n;
    /* private */
    size_t cap;
    void *arena_;
} kafka_records;

void kafka_records_free(kafka_records *r);
/* Frees the memory kept from freed records for the next ones (a few dozen MiB at most). */
void kafka_records_cache_drop(void);

/* A topic-partition and an offset (used by assign, seek, commit and the batch reader). */
typedef struct kafka_tpo {
    const char *topic;
    int32_t partition;
    int64_t offset;
} kafka_tpo;

/* Special offsets (same values as librdkafka's). */
#define KAFKA_OFFSET_BEGINNING (-2)
#define KAFKA_OFFSET_END (-1)
#define KAFKA_OFFSET_STORED (-1000) /* the group's committed offset, else auto.offset.reset */
#define KAFKA_OFFSET_TAIL_BASE (-2000) /* KAFKA_OFFSET_TAIL(n): n records before the end */
#define KAFKA_OFFSET_TAIL(n) (KAFKA_OFFSET_TAIL_BASE - (int64_t)(n))

#endif
