/* internal.h — private to kernel/kafka/: the client core every handle embeds (an rd_kafka_t plus
 * what is needed to explain an unreachable cluster), and helpers to fill kafka_records. */
#ifndef DSTREAM_KAFKA_INTERNAL_H
#define DSTREAM_KAFKA_INTERNAL_H

#include "kafka/common.h"
#include "kafka/config.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>

/* Slice for waits that must notice interrupts. */
#define KAFKA_SLICE_MS 50

typedef struct kafka_client {
    rd_kafka_t *rk;
    char *bootstrap;   /* as configured, for error messages */
    int timeout_ms;    /* bound for unreachable brokers */
    int max_poll_records;
    int up;            /* a metadata request has succeeded */
    pthread_mutex_t mu;
    char last_problem[512]; /* newest librdkafka warning/error (log or error_cb) */
} kafka_client;

/* Builds the rd_kafka_conf_t for role from cfg, installs log and error callbacks that record
 * problems into c, sets opaque (the owner struct; its first member must be the kafka_client).
 * The caller may add callbacks, then calls kclient_start. NULL with err set. */
rd_kafka_conf_t *kclient_conf(kafka_client *c, const kafka_config *cfg, kafka_role role,
                              void *opaque, kafka_error *err);
/* rd_kafka_new; on failure destroys conf and sets err.  0 or -1. */
int kclient_start(kafka_client *c, rd_kafka_type_t type, rd_kafka_conf_t *conf, kafka_error *err);
/* Destroys the handle (if any) and frees c's fields. */
void kclient_close(kafka_client *c);

/* Waits (bounded by c->timeout_ms, interruptible) until a broker answers a metadata request.
 * Immediate once up.  0, or -1 with err "_TIMED_OUT: no Kafka broker reachable at …". */
int kclient_ensure_up(kafka_client *c, kafka_interrupt_fn check, void *ud, kafka_error *err);
/* Sets err for an operation that failed with code, naming the brokers when the cluster is
 * unreachable (transport/timeout errors). Returns -1. */
int kclient_fail(kafka_client *c, kafka_error *err, rd_kafka_resp_err_t code, const char *what);
/* Sets err to "_INTR: interrupted while <what>". Returns -1. */
int kafka_interrupted(kafka_error *err, const char *what);

/* Time in ms (monotonic). */
int64_t kafka_now_ms(void);

/* Appends a copy of message m (topic, partition, offset, timestamp, key, value, and its headers
 * when headers: librdkafka parses them into a list per message, a malloc and a free each, so a
 * reader of values leaves them). 0/-1. */
int krecords_add(kafka_records *r, const rd_kafka_message_t *m, bool headers);
/* Reserves room for n more records. 0/-1. */
int krecords_reserve(kafka_records *r, size_t n);

#endif
