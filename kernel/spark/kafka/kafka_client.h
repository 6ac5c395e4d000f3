/* kafka_client.h — what other layers use of kernel/spark/kafka/, the Scala-facing Kafka classes
 * (KafkaProducer, ProducerRecord, KafkaConsumer, ConsumerRecord(s), TopicPartition,
 * ProducerConfig/ConsumerConfig, …, and the direct stream): their registration, the session's
 * Kafka settings they share with the magics (magics_kafka.c) and completion — defaults from
 * %%configure, the brokers in use —, errors as Scala exceptions, and the conversion of records
 * to interpreter values.  The files of the folder share more through kafka_internal.h. */
#ifndef DSTREAM_SPARK_KAFKA_CLIENT_H
#define DSTREAM_SPARK_KAFKA_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "kafka/common.h"
#include "kafka/config.h"
#include "lang/interp.h"
#include "lang/value.h"

/* ---- the session's Kafka settings (session.c) ---- */

/* Every function of this part takes the session's own lock: call it from any thread, with or
 * without the interpreter lock. */

/* A session default (a %%configure "kafka.KEY" without the prefix).  value NULL removes it. */
void kafka_session_set(const char *key, const char *value);
/* The session defaults: borrowed, an immutable snapshot that a later kafka_session_set does not
 * change (it publishes a new one); valid until the session ends (kafka_client_free). */
const kafka_config *kafka_session_defaults(void);
/* A copy of the session defaults into out (initialised here; the caller frees it). */
void kafka_session_copy_defaults(kafka_config *out);
/* Forgets every session default. */
void kafka_session_clear(void);

/* Where the brokers come from, in order: the client's own non-empty bootstrap.servers, the
 * session's kafka.bootstrap.servers (%%configure), $KAFKA_BOOTSTRAP_SERVERS, else the embedded
 * broker (started on demand).  Writes the list into out and a short description of the source
 * ("properties", "%%configure", "KAFKA_BOOTSTRAP_SERVERS", "embedded broker") into *source.
 * 0, or -1 with err set (the embedded broker could not start). */
int kafka_session_bootstrap(const kafka_config *user, char *out, size_t n, const char **source,
                            kafka_error *err);
/* 1 if the resolved brokers would be the embedded broker (no configured brokers). */
int kafka_session_uses_embedded(const kafka_config *user);
/* Whether a client of this kernel was given the embedded broker (no brokers configured). */
bool kafka_session_embedded_used(void);

/* The effective configuration of a client: session defaults, then user (may be NULL), then
 * the resolved bootstrap.servers.  out is initialised here.  0, or -1 with err set. */
int kafka_session_config(const kafka_config *user, kafka_config *out, kafka_error *err);

/* Reads a java.util.Properties / HashMap or a Scala Map of settings into out (initialised
 * here).  Values may be strings, numbers, booleans, Class objects (classOf) or null (skipped).
 * A secret property whose value is "?" is asked for with a password prompt.  role_name is used
 * in the prompt ("KafkaProducer").  False with an exception raised.  (config_objects.c) */
bool kafka_props_from_value(Interp *I, Value props, const char *role_name, kafka_config *out);

/* ---- errors and interrupts (errors.c) ---- */

/* The interrupt check the Kafka layer calls (ud is the Interp). */
int kafka_interp_check(void *ud);
/* The Java exception class for a Kafka error name, e.g. UNKNOWN_TOPIC_OR_PART →
 * "org.apache.kafka.common.errors.UnknownTopicOrPartitionException". */
const char *kafka_exception_class(const char *error_name);
/* The exception message for e ("NAME: message", and for unreachable brokers what to do about
 * them), into buf of n bytes. */
void kafka_error_text(const kafka_error *e, char *buf, size_t n);
/* Raises the error as a Scala exception "Class: NAME: message" (an interrupt unwinds as one).
 * Always returns false. */
bool kafka_throw(Interp *I, const kafka_error *e);

/* ---- values (consumer.c, headers.c, offsets.c) ---- */

/* A ConsumerRecord value for r (new reference); key/value become Strings (null stays null). */
Value kafka_consumer_record_new(const kafka_record *r, Value topic_str);
/* The text of a key or value Value for producing: String bytes, Array[Byte], null → NULL,
 * anything else its toString (malloc'd into *tmp, which the caller frees). */
bool kafka_value_bytes(Interp *I, Value v, const void **data, size_t *len, char **tmp);
/* A TopicPartition's topic and partition, if v is one. */
bool kafka_topic_partition_get(Value v, const char **topic, int32_t *partition);
Value kafka_topic_partition_new(const char *topic, int32_t partition);

#endif
