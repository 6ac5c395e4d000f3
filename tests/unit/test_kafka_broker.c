/* test_kafka_broker.c — the broker-independent Kafka suite against the broker named by
 * KAFKA_BOOTSTRAP (a real Apache Kafka from tests/kafka/broker.sh, or the embedded broker's
 * address); skipped, passing, when the variable is unset. */
#include "test_kafka_suite.h"
#include "unit.h"

#include <stdlib.h>

static const char *target(void) {
    const char *b = getenv("KAFKA_BOOTSTRAP");
    return b && *b ? b : NULL;
}

TEST(test_kafka_broker_roundtrip) { if (target()) ksuite_roundtrip(target(), 1); }
TEST(test_kafka_broker_100k) { if (target()) ksuite_many(target(), 100000, 100); }
TEST(test_kafka_broker_admin) { if (target()) ksuite_admin(target()); }
TEST(test_kafka_broker_group_resume) { if (target()) ksuite_group_resume(target(), 1); }
TEST(test_kafka_broker_interrupt_poll) { if (target()) ksuite_interrupt_poll(target(), 1); }
TEST(test_kafka_broker_batch_increments) { if (target()) ksuite_batch_increments(target(), 1); }
