/* test_kafka_suite.h — broker-independent Kafka checks (test_kafka_suite.c), run against the
 * embedded broker daemon (test_kafka_embedded.c), an in-process mock cluster (test_kafka_mock.c)
 * and, when KAFKA_BOOTSTRAP is set, a real broker (test_kafka_broker.c). */
#ifndef DSTREAM_TEST_KAFKA_SUITE_H
#define DSTREAM_TEST_KAFKA_SUITE_H

#include "kafka/config.h"

#include <stdint.h>

/* A fresh, unique topic name with the given stem. */
void ksuite_topic(char *out, size_t n, const char *stem);
/* A config holding bootstrap.servers (caller frees). */
void ksuite_config(kafka_config *c, const char *bootstrap);
/* Creates a topic through kafka_admin (works on real brokers and the embedded daemon). */
int ksuite_create(const char *bootstrap, const char *topic, int partitions);
/* Interrupt-check helpers: never, and "after the given deadline (ms, monotonic)". */
int ksuite_never(void *ud);
int ksuite_after(void *deadline_ms);

/* The checks; each reports failures with CHECK. */
void ksuite_roundtrip(const char *bootstrap, int create_topics);
void ksuite_many(const char *bootstrap, int n, int value_size);
void ksuite_admin(const char *bootstrap);
void ksuite_group_resume(const char *bootstrap, int create_topics);
void ksuite_interrupt_poll(const char *bootstrap, int create_topics);
void ksuite_batch_increments(const char *bootstrap, int create_topics);

#endif
