/* errors.c — Kafka errors as Scala exceptions: the Java exception class for each of Kafka's
 * error names (UNKNOWN_TOPIC_OR_PART → org.apache.kafka.common.errors.UnknownTopicOrPartitionException),
 * raising one (kafka_throw) or making one for a callback, and interrupts (the check the Kafka
 * layer polls, and unwinding as the evaluator does). kafka_errors_init registers the hierarchy
 * Scala code catches them by. */
#include <stdio.h>
#include <string.h>

#include "spark/kafka/kafka_internal.h"
#include "spark/modules.h"

/* KafkaException > ApiException > RetriableException; any other org.apache.kafka.…Exception (the
 * classes exc_map names, or one a cell throws) is a KafkaException. */
void kafka_errors_init(Interp *I) {
    interp_register_exception(I, "KafkaException", "org.apache.kafka.common.KafkaException", "RuntimeException");
    interp_register_exception(I, "ApiException", "org.apache.kafka.common.errors.ApiException", "KafkaException");
    interp_register_exception(I, "RetriableException", "org.apache.kafka.common.errors.RetriableException",
                              "ApiException");
    interp_register_exception_package(I, "org.apache.kafka.", "KafkaException");
}

int kafka_interp_check(void *ud) { return interp_interrupted((Interp *)ud); }

static const struct { const char *name, *cls; } exc_map[] = {
    {"UNKNOWN_TOPIC_OR_PART", "UnknownTopicOrPartitionException"},
    {"_UNKNOWN_TOPIC", "UnknownTopicOrPartitionException"},
    {"_UNKNOWN_PARTITION", "UnknownTopicOrPartitionException"},
    {"TOPIC_AUTHORIZATION_FAILED", "TopicAuthorizationException"},
    {"GROUP_AUTHORIZATION_FAILED", "GroupAuthorizationException"},
    {"CLUSTER_AUTHORIZATION_FAILED", "ClusterAuthorizationException"},
    {"TRANSACTIONAL_ID_AUTHORIZATION_FAILED", "TransactionalIdAuthorizationException"},
    {"MSG_SIZE_TOO_LARGE", "RecordTooLargeException"},
    {"_MSG_SIZE_TOO_LARGE", "RecordTooLargeException"},
    {"MESSAGE_TOO_LARGE", "RecordTooLargeException"},
    {"RECORD_LIST_TOO_LARGE", "RecordBatchTooLargeException"},
    {"_TIMED_OUT", "TimeoutException"},
    {"REQUEST_TIMED_OUT", "TimeoutException"},
    {"_MSG_TIMED_OUT", "TimeoutException"},
    {"TOPIC_ALREADY_EXISTS", "TopicExistsException"},
    {"INVALID_REPLICATION_FACTOR", "InvalidReplicationFactorException"},
    {"INVALID_PARTITIONS", "InvalidPartitionsException"},
    {"TOPIC_EXCEPTION", "InvalidTopicException"},
    {"INVALID_TOPIC_EXCEPTION", "InvalidTopicException"},
    {"INVALID_CONFIG", "InvalidConfigurationException"},
    {"POLICY_VIOLATION", "PolicyViolationException"},
    {"OFFSET_OUT_OF_RANGE", "OffsetOutOfRangeException"},
    {"_AUTO_OFFSET_RESET", "NoOffsetForPartitionException"},
    {"SASL_AUTHENTICATION_FAILED", "SaslAuthenticationException"},
    {"_AUTHENTICATION", "AuthenticationException"},
    {"_SSL", "SslAuthenticationException"},
    {"UNSUPPORTED_VERSION", "UnsupportedVersionException"},
    {"_UNSUPPORTED_FEATURE", "UnsupportedVersionException"},
    {"_TRANSPORT", "NetworkException"},
    {"NETWORK_EXCEPTION", "NetworkException"},
    {"NOT_LEADER_FOR_PARTITION", "NotLeaderOrFollowerException"},
    {"NOT_ENOUGH_REPLICAS", "NotEnoughReplicasException"},
    {"UNKNOWN_MEMBER_ID", "UnknownMemberIdException"},
    {"REBALANCE_IN_PROGRESS", "RebalanceInProgressException"},
    {"INVALID_GROUP_ID", "InvalidGroupIdException"},
    {"_STATE", "IllegalStateException"},
    {"_INVALID_ARG", "ConfigException"},
    {"_PURGE_QUEUE", "TimeoutException"},
    {"_PURGE_INFLIGHT", "TimeoutException"},
    {"OUT_OF_ORDER_SEQUENCE_NUMBER", "OutOfOrderSequenceException"},
    {"_FENCED", "ProducerFencedException"},
};

const char *kafka_exception_class(const char *name) {
    static __thread char buf[160];
    for (size_t i = 0; i < sizeof exc_map / sizeof exc_map[0]; i++) {
        if (strcmp(exc_map[i].name, name)) continue;
        const char *c = exc_map[i].cls;
        if (!strcmp(c, "IllegalStateException")) return "java.lang.IllegalStateException";
        if (!strcmp(c, "ConfigException")) return "org.apache.kafka.common.config.ConfigException";
        snprintf(buf, sizeof buf, "org.apache.kafka.common.errors.%s", c);
        return buf;
    }
    return "org.apache.kafka.common.KafkaException";
}

bool kafka_throw_interrupt(Interp *I) {
    if (!interp_sleep_ms(I, 0)) return false;
    return interp_throw(I, "java.lang.InterruptedException", "interrupted");
}

/* What to do about brokers that do not answer: the hint ends the exception's message. */
#define UNREACHABLE_HINT                                                                              \
    "\nWhat to do: start the broker (or correct bootstrap.servers), or leave bootstrap.servers out "     \
    "(of the properties, of %%configure's kafka.bootstrap.servers and of $KAFKA_BOOTSTRAP_SERVERS) to " \
    "use this kernel's embedded broker; %kafka shows the brokers this kernel uses."

void kafka_error_text(const kafka_error *e, char *buf, size_t n) {
    const char *hint = e->unreachable ? UNREACHABLE_HINT : "";
    size_t nl = strlen(e->name);
    if (!strncmp(e->message, e->name, nl) && e->message[nl] == ':') snprintf(buf, n, "%s%s", e->message, hint);
    else snprintf(buf, n, "%s: %s%s", e->name, e->message, hint);
}

bool kafka_throw(Interp *I, const kafka_error *e) {
    if (!strcmp(e->name, "_INTR")) return kafka_throw_interrupt(I);
    char msg[1600];
    kafka_error_text(e, msg, sizeof msg);
    return interp_throw(I, kafka_exception_class(e->name), "%s", msg);
}

Value kafka_exception_value(Interp *I, const kafka_error *e) {
    (void)I;
    char msg[1600];
    kafka_error_text(e, msg, sizeof msg);
    return exc_new(intern(kafka_exception_class(e->name)), str_cstr(msg));
}
