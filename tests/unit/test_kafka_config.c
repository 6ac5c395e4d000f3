/* test_kafka_config.c — Java → librdkafka property mapping, defaults, errors, secret masking. */
#include "kafka/config.h"
#include "unit.h"

#include <librdkafka/rdkafka.h>

static const char *tr(kafka_config *out, kafka_role role, const char *const *kv, kafka_error *e,
                      kafka_settings *s) {
    kafka_config in;
    kafka_config_init(&in);
    for (int i = 0; kv[i]; i += 2) kafka_config_set(&in, kv[i], kv[i + 1]);
    kafka_config_init(out);
    int rc = kafka_config_translate(&in, role, out, s, e);
    kafka_config_free(&in);
    return rc == 0 ? "ok" : e->message;
}

TEST(test_kafka_config_list) {
    kafka_config c;
    kafka_config_init(&c);
    kafka_config_set(&c, "a", "1");
    kafka_config_set(&c, "b", "2");
    kafka_config_set(&c, "a", "3");
    CHECK_EQ_INT(c.n, 2);
    CHECK_STR(kafka_config_get(&c, "a"), "3");
    CHECK_STR(c.items[0].key, "a");
    CHECK_EQ_INT(kafka_config_unset(&c, "a"), 1);
    CHECK(kafka_config_get(&c, "a") == NULL);
    kafka_config d;
    kafka_config_init(&d);
    kafka_config_set(&d, "x", "y");
    kafka_config_copy(&d, &c);
    CHECK_EQ_INT(d.n, 1);
    CHECK_STR(kafka_config_get(&d, "b"), "2");
    kafka_config_free(&c);
    kafka_config_free(&d);
}

TEST(test_kafka_config_producer_mapping) {
    const char *kv[] = {"bootstrap.servers", "h1:9092,h2:9092",
                        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                        "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer",
                        "max.request.size", "2000000",
                        "linger.ms", "20",
                        "batch.size", "65536",
                        "buffer.memory", "33554432",
                        "max.block.ms", "2500",
                        "request.timeout.ms", "7000",
                        "compression.type", "lz4",
                        NULL};
    kafka_config out;
    kafka_error e;
    kafka_settings s;
    CHECK_STR(tr(&out, KAFKA_ROLE_PRODUCER, kv, &e, &s), "ok");
    CHECK_STR(kafka_config_get(&out, "acks"), "all");
    CHECK_STR(kafka_config_get(&out, "enable.idempotence"), "true");
    CHECK_STR(kafka_config_get(&out, "partitioner"), "murmur2_random");
    CHECK_STR(kafka_config_get(&out, "bootstrap.servers"), "h1:9092,h2:9092");
    CHECK_STR(kafka_config_get(&out, "message.max.bytes"), "2000000");
    CHECK_STR(kafka_config_get(&out, "linger.ms"), "20");
    CHECK_STR(kafka_config_get(&out, "batch.size"), "65536");
    CHECK_STR(kafka_config_get(&out, "queue.buffering.max.kbytes"), "32768");
    CHECK_STR(kafka_config_get(&out, "request.timeout.ms"), "7000");
    CHECK(kafka_config_get(&out, "key.serializer") == NULL);
    CHECK(kafka_config_get(&out, "max.block.ms") == NULL);
    CHECK_EQ_INT(s.timeout_ms, 2500);
    kafka_config_free(&out);

    /* acks=1 given by the user: idempotence is left off, as in Java */
    const char *kv2[] = {"acks", "1", NULL};
    CHECK_STR(tr(&out, KAFKA_ROLE_PRODUCER, kv2, &e, &s), "ok");
    CHECK_STR(kafka_config_get(&out, "acks"), "1");
    CHECK_STR(kafka_config_get(&out, "enable.idempotence"), "false");
    CHECK_EQ_INT(s.timeout_ms, KAFKA_DEFAULT_TIMEOUT_MS);
    kafka_config_free(&out);
}

TEST(test_kafka_config_consumer_mapping) {
    const char *kv[] = {"group.id", "test1",
                        "auto.offset.reset", "none",
                        "enable.auto.commit", "false",
                        "max.poll.records", "42",
                        "session.timeout.ms", "10000",
                        "request.timeout.ms", "5000",
                        "fetch.max.wait.ms", "100",
                        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                        "value.deserializer", "StringDeserializer",
                        "partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
                        "default.api.timeout.ms", "3000",
                        NULL};
    kafka_config out;
    kafka_error e;
    kafka_settings s;
    CHECK_STR(tr(&out, KAFKA_ROLE_CONSUMER, kv, &e, &s), "ok");
    CHECK_STR(kafka_config_get(&out, "auto.offset.reset"), "error");
    CHECK_STR(kafka_config_get(&out, "socket.timeout.ms"), "5000");
    CHECK_STR(kafka_config_get(&out, "fetch.wait.max.ms"), "100");
    CHECK_STR(kafka_config_get(&out, "partition.assignment.strategy"), "cooperative-sticky");
    CHECK(kafka_config_get(&out, "acks") == NULL);
    CHECK(kafka_config_get(&out, "max.poll.records") == NULL);
    CHECK_EQ_INT(s.max_poll_records, 42);
    CHECK_EQ_INT(s.timeout_ms, 3000);
    kafka_config_free(&out);
}

TEST(test_kafka_config_security) {
    const char *kv[] = {"security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"s3cr\\\"et\";",
                        "ssl.ca.location", "/etc/ca.pem",
                        "ssl.endpoint.identification.algorithm", "",
                        NULL};
    kafka_config out;
    kafka_error e;
    kafka_settings s;
    CHECK_STR(tr(&out, KAFKA_ROLE_PRODUCER, kv, &e, &s), "ok");
    CHECK_STR(kafka_config_get(&out, "sasl.mechanisms"), "SCRAM-SHA-512");
    CHECK_STR(kafka_config_get(&out, "sasl.username"), "alice");
    CHECK_STR(kafka_config_get(&out, "sasl.password"), "s3cr\"et");
    CHECK_STR(kafka_config_get(&out, "ssl.endpoint.identification.algorithm"), "none");
    CHECK(kafka_config_get(&out, "sasl.jaas.config") == NULL);
    kafka_config_free(&out);
    /* and librdkafka accepts the result */
    kafka_config in;
    kafka_config_init(&in);
    for (int i = 0; kv[i]; i += 2) kafka_config_set(&in, kv[i], kv[i + 1]);
    void *conf = kafka_config_build(&in, KAFKA_ROLE_PRODUCER, &s, &e);
    CHECK(conf != NULL);
    if (conf) rd_kafka_conf_destroy(conf);
    kafka_config_free(&in);

    const char *kv2[] = {"ssl.truststore.location", "/etc/kafka/truststore.jks", NULL};
    tr(&out, KAFKA_ROLE_CONSUMER, kv2, &e, &s);
    CHECK(strstr(e.message, "ssl.ca.location") != NULL);
    CHECK(strstr(e.message, "ssl.truststore.location") != NULL);
    CHECK_STR(e.name, "_INVALID_ARG");
    kafka_config_free(&out);
}

TEST(test_kafka_config_errors) {
    kafka_config in, out;
    kafka_error e;
    kafka_settings s;
    const char *kv[] = {"value.serializer", "io.confluent.kafka.serializers.KafkaAvroSerializer", NULL};
    tr(&out, KAFKA_ROLE_PRODUCER, kv, &e, &s);
    CHECK(strstr(e.message, "KafkaAvroSerializer") != NULL);
    kafka_config_free(&out);

    kafka_config_init(&in);
    kafka_config_set(&in, "bootstrap.servers", "x:1");
    kafka_config_set(&in, "no.such.property", "1");
    CHECK(kafka_config_build(&in, KAFKA_ROLE_PRODUCER, &s, &e) == NULL);
    CHECK(strstr(e.message, "unknown Kafka configuration property 'no.such.property'") != NULL);
    kafka_config_unset(&in, "no.such.property");
    kafka_config_set(&in, "acks", "maybe");
    CHECK(kafka_config_build(&in, KAFKA_ROLE_PRODUCER, &s, &e) == NULL);
    CHECK(strstr(e.message, "'acks'") != NULL);
    kafka_config_unset(&in, "acks");
    kafka_config_set(&in, "max.block.ms", "soon");
    CHECK(kafka_config_build(&in, KAFKA_ROLE_PRODUCER, &s, &e) == NULL);
    CHECK(strstr(e.message, "max.block.ms") != NULL);
    kafka_config_unset(&in, "max.block.ms");
    /* librdkafka names pass through verbatim */
    kafka_config_set(&in, "queue.buffering.max.messages", "200000");
    kafka_config_set(&in, "statistics.interval.ms", "0");
    void *conf = kafka_config_build(&in, KAFKA_ROLE_PRODUCER, &s, &e);
    CHECK(conf != NULL);
    if (conf) rd_kafka_conf_destroy(conf);
    kafka_config_free(&in);
}

TEST(test_kafka_config_mask) {
    char out[256];
    CHECK_STR(kafka_config_mask("sasl.password", "hunter2", out, sizeof out), "********");
    CHECK_STR(kafka_config_mask("ssl.key.password", "k", out, sizeof out), "********");
    CHECK_STR(kafka_config_mask("ssl.keystore.password", "k", out, sizeof out), "********");
    CHECK_STR(kafka_config_mask("sasl.oauthbearer.client.secret", "k", out, sizeof out), "********");
    CHECK_STR(kafka_config_mask("my.custom.Secret.thing", "k", out, sizeof out), "********");
    CHECK_STR(kafka_config_mask("ssl.key.pem", "-----BEGIN", out, sizeof out), "********");
    CHECK_STR(kafka_config_mask("bootstrap.servers", "h:1", out, sizeof out), "h:1");
    CHECK_STR(kafka_config_mask("sasl.username", "alice", out, sizeof out), "alice");
    CHECK_STR(kafka_config_mask("sasl.jaas.config",
                                "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                "username=\"alice\" password=\"hunter2\";",
                                out, sizeof out),
              "org.apache.kafka.common.security.plain.PlainLoginModule required "
              "username=\"alice\" password=\"********\";");
    CHECK(kafka_config_is_secret("sasl.password"));
    CHECK(!kafka_config_is_secret("sasl.mechanism"));
    /* truncation is safe */
    char small[6];
    CHECK_STR(kafka_config_mask("sasl.jaas.config", "password=\"abcdef\"", small, sizeof small), "passw");
}
