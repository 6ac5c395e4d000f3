/* config.h — Kafka client configuration: an ordered key/value list, the mapping of Java client
 * property names (ProducerConfig/ConsumerConfig *_CONFIG values) to librdkafka's, and masking of
 * secrets for display.
 *
 * Mapping rules (see docs/kafka.md for the whole table):
 *  - Java names librdkafka spells differently are renamed (max.request.size → message.max.bytes,
 *    fetch.max.wait.ms → fetch.wait.max.ms, buffer.memory → queue.buffering.max.kbytes, …);
 *  - key/value (de)serializer classes for String and ByteArray are accepted and dropped, any other
 *    class is an error;
 *  - sasl.jaas.config's username="…" password="…" become sasl.username / sasl.password;
 *  - ssl.truststore.* is an error suggesting ssl.ca.location (librdkafka reads PEM files);
 *  - max.block.ms / default.api.timeout.ms set this layer's bound on waiting for unreachable
 *    brokers (kafka_settings.timeout_ms, default 10000 ms); max.poll.records bounds a poll;
 *  - every other key goes to librdkafka verbatim; one it does not know is an error naming it.
 * Producers default to acks=all and enable.idempotence=true (idempotence is left off when the user
 * sets acks to 0 or 1, as the Java client does), and to partitioner=murmur2_random so keyed records
 * land in the same partitions as with the Java client. */
#ifndef DSTREAM_KAFKA_CONFIG_H
#define DSTREAM_KAFKA_CONFIG_H

#include "kafka/common.h"

#include <stddef.h>

typedef struct kafka_kv {
    char *key;
    char *value;
} kafka_kv;

/* An ordered list of distinct keys.  Zero-initialised is empty. */
typedef struct kafka_config {
    kafka_kv *items;
    size_t n, cap;
} kafka_config;

void kafka_config_init(kafka_config *c);
void kafka_config_free(kafka_config *c);
/* Sets key to value (replacing an earlier value, keeping its position).  0 or -1 (out of memory). */
int kafka_config_set(kafka_config *c, const char *key, const char *value);
/* The value for key, or NULL. */
const char *kafka_config_get(const kafka_config *c, const char *key);
/* Removes key; returns 1 if it was there. */
int kafka_config_unset(kafka_config *c, const char *key);
/* Copies src into dst (dst is overwritten, must be initialised).  0 or -1. */
int kafka_config_copy(kafka_config *dst, const kafka_config *src);
/* Adds every pair of src to dst (src wins on conflicts). */
int kafka_config_merge(kafka_config *dst, const kafka_config *src);

typedef enum { KAFKA_ROLE_PRODUCER, KAFKA_ROLE_CONSUMER, KAFKA_ROLE_ADMIN } kafka_role;

/* Settings this layer keeps for itself rather than passing to librdkafka. */
typedef struct kafka_settings {
    int timeout_ms;       /* bound for unreachable brokers: max.block.ms / default.api.timeout.ms */
    int max_poll_records; /* max.poll.records, default 500 */
} kafka_settings;

#define KAFKA_DEFAULT_TIMEOUT_MS 10000
#define KAFKA_DEFAULT_MAX_POLL_RECORDS 500

/* Translates a user configuration (Java or librdkafka names) into librdkafka names and values,
 * adding the role's defaults, into out (initialised by the caller, overwritten).  Does not check
 * that librdkafka knows the names (kafka_config_build does).  0, or -1 with err set. */
int kafka_config_translate(const kafka_config *in, kafka_role role, kafka_config *out,
                           kafka_settings *settings, kafka_error *err);

/* Translates and applies to a new rd_kafka_conf_t (returned as void * to keep rdkafka.h out of
 * callers' includes; cast to rd_kafka_conf_t *).  NULL with err set, e.g. "unknown Kafka
 * configuration property 'foo'" or "invalid value for 'acks': …". */
void *kafka_config_build(const kafka_config *in, kafka_role role, kafka_settings *settings,
                         kafka_error *err);

/* 1 if the property holds a secret: sasl.password, ssl.key.password, ssl.keystore.password,
 * sasl.oauthbearer.client.secret, ssl.key.pem, any name containing "password" or "secret". */
int kafka_config_is_secret(const char *key);

/* Writes the value to show for key into out (size n): "********" for secrets, sasl.jaas.config with
 * its password="…" replaced by password="********", otherwise the value.  Returns out. */
char *kafka_config_mask(const char *key, const char *value, char *out, size_t n);

#endif
