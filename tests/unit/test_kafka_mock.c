/* test_kafka_mock.c — the Kafka layer against an in-process librdkafka mock cluster (no daemon):
 * round trip, group resume, batches, interrupt; plus unreachable-broker bounds, which need no
 * broker at all. */
#include "kafka/admin.h"
#include "kafka/batch.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "test_kafka_suite.h"
#include "unit.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <time.h>

typedef struct mock {
    rd_kafka_t *rk;
    rd_kafka_mock_cluster_t *mc;
    const char *bootstrap;
} mock;

static void quiet(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
    (void)rk; (void)level; (void)fac; (void)buf;
}

static int mock_start(mock *m) {
    char es[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, quiet);
    m->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, es, sizeof es);
    if (!m->rk) return -1;
    m->mc = rd_kafka_mock_cluster_new(m->rk, 3);
    if (!m->mc) { rd_kafka_destroy(m->rk); return -1; }
    m->bootstrap = rd_kafka_mock_cluster_bootstraps(m->mc);
    return 0;
}

static void mock_stop(mock *m) {
    rd_kafka_mock_cluster_destroy(m->mc);
    rd_kafka_destroy(m->rk);
}

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

TEST(test_kafka_mock_roundtrip) {
    mock m;
    CHECK_EQ_INT(mock_start(&m), 0);
    ksuite_roundtrip(m.bootstrap, 0);
    mock_stop(&m);
}

TEST(test_kafka_mock_group_resume) {
    mock m;
    CHECK_EQ_INT(mock_start(&m), 0);
    ksuite_group_resume(m.bootstrap, 0);
    mock_stop(&m);
}

TEST(test_kafka_mock_batch_increments) {
    mock m;
    CHECK_EQ_INT(mock_start(&m), 0);
    ksuite_batch_increments(m.bootstrap, 0);
    mock_stop(&m);
}

TEST(test_kafka_mock_interrupt_poll) {
    mock m;
    CHECK_EQ_INT(mock_start(&m), 0);
    ksuite_interrupt_poll(m.bootstrap, 0);
    mock_stop(&m);
}

TEST(test_kafka_mock_errors) {
    mock m;
    CHECK_EQ_INT(mock_start(&m), 0);
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, m.bootstrap);
    kafka_config_set(&c, "max.request.size", "1000");
    kafka_producer *p = kafka_producer_new(&c, &e);
    CHECK(p != NULL);
    if (p) {
        char big[5000];
        memset(big, 'b', sizeof big);
        CHECK_EQ_INT(kafka_producer_send(p, "errs", -1, NULL, 0, big, sizeof big, NULL, 0, NULL, NULL, NULL, NULL, &e), -1);
        CHECK_STR(e.name, "MSG_SIZE_TOO_LARGE");
        /* the topic was auto-created with 4 partitions: partition 9 does not exist */
        CHECK_EQ_INT(kafka_producer_send(p, "errs", 9, NULL, 0, "v", 1, NULL, 0, NULL, NULL, NULL, NULL, &e), -1);
        CHECK_STR(e.name, "_UNKNOWN_PARTITION");
        /* a topic the broker reports as unauthorized */
        rd_kafka_mock_topic_set_error(m.mc, "secret-topic", RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
        CHECK_EQ_INT(kafka_producer_send(p, "secret-topic", -1, NULL, 0, "v", 1, NULL, 0, NULL, NULL, NULL, NULL, &e), -1);
        CHECK_STR(e.name, "TOPIC_AUTHORIZATION_FAILED");
        kafka_producer_stats st;
        char summary[256];
        CHECK_EQ_INT(kafka_producer_close(p, 5000, NULL, NULL, &st, summary, sizeof summary), 0);
        CHECK_EQ_INT(st.sent, 0);
    }
    /* failed deliveries are counted, with the error kept */
    kafka_config_unset(&c, "max.request.size");
    kafka_config_set(&c, "retries", "0");
    kafka_config_set(&c, "enable.idempotence", "false");
    p = kafka_producer_new(&c, &e);
    CHECK(p != NULL);
    if (p) {
        CHECK_EQ_INT(kafka_producer_send(p, "fails", 0, NULL, 0, "ok", 2, NULL, 0, NULL, NULL, NULL, NULL, &e), 0);
        CHECK_EQ_INT(kafka_producer_flush(p, 5000, NULL, NULL, &e), 0);
        rd_kafka_mock_push_request_errors(m.mc, 0 /* Produce */, 2, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                          RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
        CHECK_EQ_INT(kafka_producer_send(p, "fails", 0, NULL, 0, "x", 1, NULL, 0, NULL, NULL, NULL, NULL, &e), 0);
        kafka_producer_flush(p, 5000, NULL, NULL, &e);
        kafka_producer_stats st;
        char summary[256];
        CHECK_EQ_INT(kafka_producer_close(p, 5000, NULL, NULL, &st, summary, sizeof summary), -1);
        CHECK_EQ_INT(st.delivered, 1);
        CHECK_EQ_INT(st.failed, 1);
        CHECK_STR(st.first_error.name, "NOT_ENOUGH_REPLICAS");
        CHECK(strstr(summary, "1 delivered, 1 failed") == summary);
    }
    /* consumer: unknown topic (no auto-creation for consumers) */
    kafka_consumer *k = kafka_consumer_new(&c, &e);
    CHECK(k != NULL);
    if (k) {
        kafka_records r = {0};
        CHECK_EQ_INT(kafka_consumer_poll(k, 100, 0, NULL, NULL, &r, &e), -1);
        CHECK_STR(e.name, "_STATE");
        CHECK_EQ_INT(kafka_consumer_commit(k, NULL, 0, NULL, NULL, &e), -1);
        CHECK_STR(e.name, "INVALID_GROUP_ID");
        kafka_consumer_close(k);
    }
    kafka_config_free(&c);
    mock_stop(&m);
}

static void check_unreachable(const char *what, int rc, const kafka_error *e, int64_t elapsed) {
    CHECK_EQ_INT(rc, -1);
    if (!strstr(e->message, "127.0.0.1:1")) fprintf(stderr, "  %s: %s\n", what, e->message);
    CHECK(strstr(e->message, "127.0.0.1:1") != NULL);
    CHECK_STR(e->name, "_TIMED_OUT");
    CHECK(elapsed >= 1400 && elapsed < 3000);
}

/* Issue 9, defect 8: a producer that delivered nothing has no range array; summing up its ranges
 * passed NULL to qsort (UBSan: null pointer passed as argument 1). */
TEST(test_kafka_producer_ranges_when_nothing_was_delivered) {
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, "127.0.0.1:1");
    kafka_producer *p = kafka_producer_new(&c, &e);
    CHECK(p != NULL);
    if (p) {
        size_t n = 99;
        kafka_producer_ranges(p, &n);
        CHECK_EQ_INT(n, 0);
        kafka_producer_reset_stats(p);
        kafka_producer_ranges(p, &n);
        CHECK_EQ_INT(n, 0);
        kafka_producer_close(p, 100, NULL, NULL, NULL, NULL, 0);
    }
    kafka_config_free(&c);
}

TEST(test_kafka_unreachable_bounded) {
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, "127.0.0.1:1");
    kafka_config_set(&c, "max.block.ms", "1500");
    int64_t t0 = mono_ms();
    kafka_producer *p = kafka_producer_new(&c, &e);
    CHECK(p != NULL);
    if (p) {
        int rc = kafka_producer_send(p, "t", -1, NULL, 0, "v", 1, NULL, 0, NULL, NULL, NULL, NULL, &e);
        check_unreachable("producer", rc, &e, mono_ms() - t0);
        char summary[128];
        kafka_producer_close(p, 100, NULL, NULL, NULL, summary, sizeof summary);
        CHECK_STR(summary, "0 delivered, 0 failed");
    }
    kafka_consumer *k = kafka_consumer_new(&c, &e);
    CHECK(k != NULL);
    if (k) {
        kafka_tpo tp = {"t", 0, KAFKA_OFFSET_BEGINNING};
        kafka_consumer_assign(k, &tp, 1, &e);
        kafka_records r = {0};
        t0 = mono_ms();
        int rc = kafka_consumer_poll(k, 100, 0, NULL, NULL, &r, &e);
        check_unreachable("consumer", rc, &e, mono_ms() - t0);
        kafka_consumer_close(k);
    }
    kafka_admin *a = kafka_admin_new(&c, &e);
    CHECK(a != NULL);
    if (a) {
        kafka_topic_list l;
        t0 = mono_ms();
        int rc = kafka_admin_list_topics(a, 1, &l, NULL, NULL, &e);
        check_unreachable("admin", rc, &e, mono_ms() - t0);
        kafka_admin_free(a);
    }
    kafka_batch_reader *br = kafka_batch_reader_new(&c, &e);
    CHECK(br != NULL);
    if (br) {
        kafka_tpo tp = {"t", 0, 0};
        kafka_batch b = {0};
        t0 = mono_ms();
        int rc = kafka_batch_reader_read(br, &tp, 1, 0, NULL, NULL, &b, &e);
        check_unreachable("batch", rc, &e, mono_ms() - t0);
        kafka_batch_free(&b);
        kafka_batch_reader_free(br);
    }
    /* the default bound is 10 s; an interrupt ends the wait early */
    kafka_config_unset(&c, "max.block.ms");
    p = kafka_producer_new(&c, &e);
    if (p) {
        t0 = mono_ms();
        int64_t deadline = t0 + 300;
        int rc = kafka_producer_send(p, "t", -1, NULL, 0, "v", 1, NULL, 0, NULL, NULL, ksuite_after, &deadline, &e);
        CHECK_EQ_INT(rc, -1);
        CHECK_STR(e.name, "_INTR");
        CHECK(mono_ms() - t0 < 5000);   /* ended by the interrupt, well before the 10 s bound (not a speed check) */
        kafka_producer_close(p, 0, NULL, NULL, NULL, NULL, 0);
    }
    kafka_config_free(&c);
}

TEST(test_kafka_no_bootstrap) {
    kafka_config c;
    kafka_error e;
    kafka_config_init(&c);
    CHECK(kafka_producer_new(&c, &e) == NULL);
    CHECK(strstr(e.message, "bootstrap.servers") != NULL);
    kafka_config_free(&c);
}
