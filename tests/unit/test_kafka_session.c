/* test_kafka_session.c — the session's Kafka settings (kernel/spark/kafka/session.c): a lent
 * snapshot of the defaults does not change under its reader, and settings changed on one
 * thread while another builds client configurations without the interpreter lock stay whole. */
#include <pthread.h>
#include <stdio.h>

#include "spark/kafka/kafka_internal.h"
#include "unit.h"

TEST(test_kafka_session_snapshot) {
    kafka_session_clear();
    kafka_session_set("client.id", "first");
    const kafka_config *before = kafka_session_defaults();
    kafka_session_set("client.id", "second");
    kafka_session_set("linger.ms", "5");
    CHECK_STR(kafka_config_get(before, "client.id"), "first");
    CHECK(kafka_config_get(before, "linger.ms") == NULL);
    CHECK_STR(kafka_config_get(kafka_session_defaults(), "client.id"), "second");

    kafka_config copy;
    kafka_session_copy_defaults(&copy);
    kafka_session_set("linger.ms", NULL);
    CHECK_STR(kafka_config_get(&copy, "linger.ms"), "5");
    CHECK(kafka_config_get(kafka_session_defaults(), "linger.ms") == NULL);
    kafka_config_free(&copy);

    kafka_session_set("bootstrap.servers", "127.0.0.1:1");
    kafka_config cfg;
    kafka_error err;
    kafka_error_clear(&err);
    CHECK_EQ_INT(kafka_session_config(NULL, &cfg, &err), 0);
    CHECK_STR(kafka_config_get(&cfg, "bootstrap.servers"), "127.0.0.1:1");
    CHECK_STR(kafka_config_get(&cfg, "client.id"), "second");
    kafka_config_free(&cfg);
    CHECK_EQ_INT(kafka_session_uses_embedded(NULL), 0);
    kafka_session_reset();
    CHECK(kafka_config_get(kafka_session_defaults(), "client.id") == NULL);
}

enum { ROUNDS = 3000 };

static void *writer(void *arg) {
    (void)arg;
    char v[32];
    for (int i = 0; i < ROUNDS; i++) {
        snprintf(v, sizeof v, "client-%d", i);
        kafka_session_set("client.id", v);
        kafka_session_set(i % 2 ? "linger.ms" : "batch.size", i % 3 ? v : NULL);
    }
    return NULL;
}

/* A writer changes the settings (no interpreter anywhere) while this thread reads them: every
 * configuration read is whole — its client.id one the writer wrote, its brokers the session's. */
TEST(test_kafka_session_threads) {
    kafka_session_reset();
    kafka_session_set("bootstrap.servers", "127.0.0.1:1");
    kafka_session_set("client.id", "client-start");
    pthread_t t;
    CHECK_EQ_INT(pthread_create(&t, NULL, writer, NULL), 0);
    int bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        kafka_config cfg;
        kafka_error err;
        kafka_error_clear(&err);
        if (kafka_session_config(NULL, &cfg, &err) != 0) bad++;
        const char *id = kafka_config_get(&cfg, "client.id");
        const char *bs = kafka_config_get(&cfg, "bootstrap.servers");
        if (!id || strncmp(id, "client-", 7) || !bs || strcmp(bs, "127.0.0.1:1")) bad++;
        kafka_config_free(&cfg);
        const char *d = kafka_config_get(kafka_session_defaults(), "client.id");
        if (!d || strncmp(d, "client-", 7)) bad++;
    }
    pthread_join(t, NULL);
    CHECK_EQ_INT(bad, 0);
    CHECK_STR(kafka_config_get(kafka_session_defaults(), "client.id"), "client-2999");
    kafka_session_reset();
}
