/* test_kafka_suite.c — Kafka checks that run unchanged against any broker: produce and read back
 * byte for byte (consumer and batch reader), many records all delivered, topic administration,
 * consumer-group commit and resume, interrupting a long poll, batch-by-batch reading. */
#include "test_kafka_suite.h"

#include "kafka/admin.h"
#include "kafka/batch.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ksuite_topic(char *out, size_t n, const char *stem) {
    static int seq;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(out, n, "%s-%d-%ld-%d", stem, (int)getpid(), (long)(ts.tv_nsec / 1000), ++seq);
}

void ksuite_config(kafka_config *c, const char *bootstrap) {
    kafka_config_init(c);
    kafka_config_set(c, "bootstrap.servers", bootstrap);
}

int ksuite_create(const char *bootstrap, const char *topic, int partitions) {
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, bootstrap);
    kafka_admin *a = kafka_admin_new(&c, &e);
    kafka_config_free(&c);
    if (!a) return -1;
    int rc = kafka_admin_create_topic(a, topic, partitions, 1, NULL, NULL, NULL, &e);
    if (rc) fprintf(stderr, "  create %s: %s: %s\n", topic, e.name, e.message);
    kafka_admin_free(a);
    return rc;
}

int ksuite_never(void *ud) { (void)ud; return 0; }
int ksuite_after(void *deadline) { return mono_ms() >= *(int64_t *)deadline; }

/* ---- roundtrip ---- */

typedef struct sent_rec {
    int32_t partition;
    int64_t offset;
    int reported;
    int failed;
} sent_rec;

static void on_delivery(const kafka_delivery *d, void *ud) {
    sent_rec *s = ud;
    s->partition = d->partition;
    s->offset = d->offset;
    s->reported++;
    s->failed = d->error != NULL;
}

#define RT_N 600

static void rt_key(int i, char *buf, size_t n) { snprintf(buf, n, "key-%d", i); }
static void rt_value(int i, char *buf, size_t n) { snprintf(buf, n, "value %d \xc3\xa9\t|%0*d", i, i % 50, 7); }

/* Record i: key null when i%7==0, value null when i%11==0, headers when i%5==0, partition i%3. */
static void check_record(const kafka_record *r, const sent_rec *sent, const char *topic) {
    char k[64], v[128];
    long i = -1;
    for (int j = 0; j < RT_N; j++)
        if (sent[j].partition == r->partition && sent[j].offset == r->offset) { i = j; break; }
    CHECK(i >= 0);
    if (i < 0) return;
    CHECK_STR(r->topic, topic);
    CHECK_EQ_INT(r->partition, i % 3);
    rt_key((int)i, k, sizeof k);
    rt_value((int)i, v, sizeof v);
    if (i % 7 == 0) CHECK(r->key == NULL);
    else { CHECK(r->key && r->key_len == strlen(k) && !memcmp(r->key, k, r->key_len)); }
    if (i % 11 == 0) CHECK(r->value == NULL);
    else { CHECK(r->value && r->value_len == strlen(v) && !memcmp(r->value, v, r->value_len)); }
    if (i % 5 == 0) {
        CHECK_EQ_INT(r->nheaders, 2);
        if (r->nheaders == 2) {
            CHECK_STR(r->headers[0].key, "h1");
            CHECK(r->headers[0].value_len == 3 && !memcmp(r->headers[0].value, "one", 3));
            CHECK_STR(r->headers[1].key, "h-null");
            CHECK(r->headers[1].value == NULL);
        }
    } else CHECK_EQ_INT(r->nheaders, 0);
    CHECK(r->timestamp > 1600000000000LL);
    CHECK_EQ_INT(r->timestamp_type, KAFKA_TS_CREATE_TIME);
}

void ksuite_roundtrip(const char *bootstrap, int create_topics) {
    char topic[128];
    ksuite_topic(topic, sizeof topic, "roundtrip");
    if (create_topics) CHECK_EQ_INT(ksuite_create(bootstrap, topic, 3), 0);
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, bootstrap);
    kafka_producer *p = kafka_producer_new(&c, &e);
    CHECK(p != NULL);
    if (!p) { kafka_config_free(&c); return; }
    sent_rec *sent = calloc(RT_N, sizeof *sent);
    kafka_header hs[2] = {{"h1", "one", 3}, {"h-null", NULL, 0}};
    for (int i = 0; i < RT_N; i++) {
        char k[64], v[128];
        rt_key(i, k, sizeof k);
        rt_value(i, v, sizeof v);
        int rc = kafka_producer_send(p, topic, i % 3, i % 7 ? k : NULL, strlen(k), i % 11 ? v : NULL, strlen(v),
                                     i % 5 == 0 ? hs : NULL, i % 5 == 0 ? 2 : 0, on_delivery, &sent[i],
                                     ksuite_never, NULL, &e);
        if (rc) { fprintf(stderr, "  send: %s: %s\n", e.name, e.message); CHECK(rc == 0); break; }
    }
    CHECK_EQ_INT(kafka_producer_flush(p, 20000, NULL, NULL, &e), 0);
    size_t nr;
    const kafka_partition_range *ranges = kafka_producer_ranges(p, &nr);
    CHECK_EQ_INT(nr, 3);
    int64_t total = 0;
    for (size_t i = 0; i < nr; i++) {
        CHECK_STR(ranges[i].topic, topic);
        CHECK_EQ_INT(ranges[i].partition, (int)i);
        CHECK_EQ_INT(ranges[i].last_offset - ranges[i].first_offset + 1, ranges[i].count);
        total += ranges[i].count;
    }
    CHECK_EQ_INT(total, RT_N);
    char summary[256];
    kafka_producer_stats st;
    CHECK_EQ_INT(kafka_producer_close(p, 10000, NULL, NULL, &st, summary, sizeof summary), 0);
    char expect[64];
    snprintf(expect, sizeof expect, "%d delivered, 0 failed", RT_N);
    CHECK_STR(summary, expect);
    for (int i = 0; i < RT_N; i++) { CHECK_EQ_INT(sent[i].reported, 1); CHECK_EQ_INT(sent[i].failed, 0); }

    /* consumer, no group, assign from the beginning */
    kafka_consumer *k = kafka_consumer_new(&c, &e);
    CHECK(k != NULL);
    if (k) {
        int parts = create_topics ? 3 : 4;
        kafka_tpo tp[4];
        for (int i = 0; i < parts; i++) tp[i] = (kafka_tpo){topic, i, KAFKA_OFFSET_BEGINNING};
        CHECK_EQ_INT(kafka_consumer_assign(k, tp, (size_t)parts, &e), 0);
        kafka_records recs = {0};
        int got = 0;
        int64_t until = mono_ms() + 15000;
        while (got < RT_N && mono_ms() < until) {
            int n = kafka_consumer_poll(k, 500, 0, NULL, NULL, &recs, &e);
            if (n < 0) { fprintf(stderr, "  poll: %s: %s\n", e.name, e.message); break; }
            CHECK(n <= 500);
            for (int i = 0; i < n; i++) check_record(&recs.items[i], sent, topic);
            got += n;
        }
        CHECK_EQ_INT(got, RT_N);
        kafka_records_free(&recs);
        kafka_consumer_close(k);
    }

    /* batch reader: [BEGINNING, end) of each partition, grouped by partition, in order */
    kafka_batch_reader *br = kafka_batch_reader_new(&c, &e);
    CHECK(br != NULL);
    if (br) {
        const char *topics[] = {topic};
        kafka_tpo *tps;
        size_t ntp;
        CHECK_EQ_INT(kafka_batch_reader_partitions(br, topics, 1, KAFKA_OFFSET_BEGINNING, &tps, &ntp, NULL, NULL, &e), 0);
        CHECK_EQ_INT(ntp, create_topics ? 3 : 4);
        kafka_batch b = {0};
        CHECK_EQ_INT(kafka_batch_reader_read(br, tps, ntp, 0, NULL, NULL, &b, &e), 0);
        CHECK_EQ_INT(b.total, RT_N);
        for (size_t i = 0; i < b.n; i++) {
            kafka_batch_partition *bp = &b.parts[i];
            CHECK_EQ_INT(bp->partition, (int)i);
            CHECK_EQ_INT((int64_t)bp->records.n, bp->until - bp->from);
            CHECK_EQ_INT(bp->lost, 0);
            for (size_t j = 0; j < bp->records.n; j++) {
                CHECK_EQ_INT(bp->records.items[j].offset, bp->from + (int64_t)j);
                check_record(&bp->records.items[j], sent, topic);
            }
        }
        /* the same ranges again for a reader of values only: no headers copied, the rest the same */
        kafka_batch nh = {.no_headers = true, .n = b.n, .parts = calloc(b.n, sizeof *nh.parts)};
        for (size_t i = 0; i < b.n; i++)
            nh.parts[i] = (kafka_batch_partition){.topic = strdup(topic), .partition = b.parts[i].partition,
                                                  .requested = b.parts[i].from, .from = b.parts[i].from, .until = b.parts[i].until};
        CHECK_EQ_INT(kafka_batch_reader_fetch(br, &nh, NULL, NULL, &e), 0);
        CHECK_EQ_INT(nh.total, RT_N);
        int with_headers = 0;
        for (size_t i = 0; i < b.n; i++)
            for (size_t j = 0; j < nh.parts[i].records.n && j < b.parts[i].records.n; j++) {
                const kafka_record *x = &nh.parts[i].records.items[j], *y = &b.parts[i].records.items[j];
                with_headers += y->nheaders > 0;
                CHECK_EQ_INT(x->nheaders, 0);
                CHECK(x->value_len == y->value_len && (!x->value) == (!y->value) && (!x->value || !memcmp(x->value, y->value, x->value_len)));
            }
        CHECK(with_headers > 0);
        kafka_batch_free(&nh);
        kafka_batch_free(&b);
        free(tps);
        kafka_batch_reader_free(br);
    }
    free(sent);
    kafka_config_free(&c);
}

/* ---- many records ---- */

void ksuite_many(const char *bootstrap, int n, int value_size) {
    char topic[128];
    ksuite_topic(topic, sizeof topic, "many");
    CHECK_EQ_INT(ksuite_create(bootstrap, topic, 4), 0);
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, bootstrap);
    kafka_producer *p = kafka_producer_new(&c, &e);
    CHECK(p != NULL);
    if (!p) { kafka_config_free(&c); return; }
    char *v = malloc((size_t)value_size + 1);
    memset(v, 'x', (size_t)value_size);
    int64_t t0 = mono_ms();
    for (int i = 0; i < n; i++) {
        char k[32];
        int kl = snprintf(k, sizeof k, "%d", i);
        memcpy(v, k, (size_t)kl);
        if (kafka_producer_send(p, topic, -1, k, (size_t)kl, v, (size_t)value_size, NULL, 0, NULL, NULL, NULL, NULL, &e)) {
            fprintf(stderr, "  send %d: %s: %s\n", i, e.name, e.message);
            CHECK(0);
            break;
        }
    }
    kafka_producer_stats st;
    char summary[256];
    CHECK_EQ_INT(kafka_producer_close(p, 60000, NULL, NULL, &st, summary, sizeof summary), 0);
    int64_t t1 = mono_ms();
    CHECK_EQ_INT(st.delivered, n);
    CHECK_EQ_INT(st.failed, 0);
    fprintf(stderr, "  [%s] produced %d x %d B in %lld ms (%s)\n", bootstrap, n, value_size,
            (long long)(t1 - t0), summary);

    kafka_batch_reader *br = kafka_batch_reader_new(&c, &e);
    CHECK(br != NULL);
    if (br) {
        const char *topics[] = {topic};
        kafka_tpo *tps;
        size_t ntp;
        /* from offset 0 explicitly: what retention deleted shows up as `lost` */
        CHECK_EQ_INT(kafka_batch_reader_partitions(br, topics, 1, 0, &tps, &ntp, NULL, NULL, &e), 0);
        kafka_batch b = {0};
        int64_t t2 = mono_ms();
        int rc = kafka_batch_reader_read(br, tps, ntp, 0, NULL, NULL, &b, &e);
        if (rc) fprintf(stderr, "  read: %s: %s\n", e.name, e.message);
        CHECK_EQ_INT(rc, 0);
        int64_t lost = 0;
        for (size_t i = 0; i < b.n; i++) lost += b.parts[i].lost;
        fprintf(stderr, "  [%s] batch-read %lld records in %lld ms (lost to retention: %lld)\n", bootstrap,
                (long long)b.total, (long long)(mono_ms() - t2), (long long)lost);
        CHECK_EQ_INT(b.total + lost, n);
        /* every value starts with its key */
        for (size_t i = 0; i < b.n; i++)
            for (size_t j = 0; j < b.parts[i].records.n; j++) {
                const kafka_record *r = &b.parts[i].records.items[j];
                if (!(r->key && r->value_len == (size_t)value_size && !memcmp(r->value, r->key, r->key_len))) {
                    CHECK(0);
                    i = b.n;
                    break;
                }
            }
        kafka_batch_free(&b);
        free(tps);
        kafka_batch_reader_free(br);
    }
    free(v);
    kafka_config_free(&c);
}

/* ---- admin ---- */

void ksuite_admin(const char *bootstrap) {
    char topic[128];
    ksuite_topic(topic, sizeof topic, "admin");
    kafka_config c, tc;
    kafka_error e;
    ksuite_config(&c, bootstrap);
    kafka_admin *a = kafka_admin_new(&c, &e);
    CHECK(a != NULL);
    if (!a) { kafka_config_free(&c); return; }
    kafka_cluster_info ci;
    CHECK_EQ_INT(kafka_admin_cluster(a, &ci, NULL, NULL, &e), 0);
    CHECK(ci.nbrokers >= 1);
    CHECK(ci.cluster_id[0] != 0);
    CHECK(ci.controller_id >= 0);
    int embedded = ci.embedded;
    if (ci.nbrokers) { CHECK(ci.brokers[0].port > 0); CHECK(ci.brokers[0].host[0]); }
    kafka_cluster_info_free(&ci);

    CHECK_EQ_INT(kafka_admin_create_topic(a, topic, 5, 1, NULL, NULL, NULL, &e), 0);
    CHECK_EQ_INT(kafka_admin_create_topic(a, topic, 5, 1, NULL, NULL, NULL, &e), -1);
    CHECK_STR(e.name, "TOPIC_ALREADY_EXISTS");
    char t2[160];
    snprintf(t2, sizeof t2, "%s-rf", topic);
    CHECK_EQ_INT(kafka_admin_create_topic(a, t2, 1, 7, NULL, NULL, NULL, &e), -1);
    CHECK_STR(e.name, "INVALID_REPLICATION_FACTOR");
    CHECK_EQ_INT(kafka_admin_create_topic(a, "bad name!", 1, 1, NULL, NULL, NULL, &e), -1);
    CHECK_STR(e.name, "TOPIC_EXCEPTION");
    if (!embedded) { /* topic configs pass through to the broker */
        kafka_config_init(&tc);
        kafka_config_set(&tc, "retention.ms", "3600000");
        snprintf(t2, sizeof t2, "%s-cfg", topic);
        CHECK_EQ_INT(kafka_admin_create_topic(a, t2, 1, 1, &tc, NULL, NULL, &e), 0);
        kafka_config_set(&tc, "no.such.config", "1");
        snprintf(t2, sizeof t2, "%s-badcfg", topic);
        CHECK_EQ_INT(kafka_admin_create_topic(a, t2, 1, 1, &tc, NULL, NULL, &e), -1);
        CHECK_STR(e.name, "INVALID_CONFIG");
        kafka_config_free(&tc);
    }

    /* some data so offsets show */
    kafka_producer *p = kafka_producer_new(&c, &e);
    for (int i = 0; p && i < 10; i++)
        kafka_producer_send(p, topic, i % 2, NULL, 0, "v", 1, NULL, 0, NULL, NULL, NULL, NULL, &e);
    if (p) CHECK_EQ_INT(kafka_producer_close(p, 10000, NULL, NULL, NULL, NULL, 0), 0);

    kafka_topic_list d;
    CHECK_EQ_INT(kafka_admin_describe_topic(a, topic, &d, NULL, NULL, &e), 0);
    CHECK_EQ_INT(d.n, 1);
    if (d.n == 1) {
        kafka_topic_info *t = &d.topics[0];
        CHECK_STR(t->name, topic);
        CHECK_EQ_INT(t->npartitions, 5);
        CHECK_EQ_INT(t->messages, 10);
        for (size_t i = 0; i < t->npartitions; i++) {
            CHECK_EQ_INT(t->partitions[i].id, (int)i);
            CHECK(t->partitions[i].leader >= 0);
            CHECK(t->partitions[i].nreplicas >= 1);
            CHECK(t->partitions[i].nisr >= 1);
            CHECK_EQ_INT(t->partitions[i].low, 0);
            CHECK_EQ_INT(t->partitions[i].high, i < 2 ? 5 : 0);
        }
    }
    kafka_topic_list_free(&d);

    kafka_topic_list l;
    CHECK_EQ_INT(kafka_admin_list_topics(a, 1, &l, NULL, NULL, &e), 0);
    int found = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (i) CHECK(strcmp(l.topics[i - 1].name, l.topics[i].name) < 0);
        if (!strcmp(l.topics[i].name, topic)) {
            found = 1;
            CHECK_EQ_INT(l.topics[i].npartitions, 5);
            CHECK_EQ_INT(l.topics[i].messages, 10);
            CHECK(l.topics[i].replication_factor >= 1);
        }
    }
    CHECK(found);
    kafka_topic_list_free(&l);

    snprintf(t2, sizeof t2, "%s-missing", topic);
    CHECK_EQ_INT(kafka_admin_describe_topic(a, t2, &d, NULL, NULL, &e), -1);
    CHECK_STR(e.name, "UNKNOWN_TOPIC_OR_PART");
    /* describing never auto-creates */
    CHECK_EQ_INT(kafka_admin_describe_topic(a, t2, &d, NULL, NULL, &e), -1);
    CHECK_STR(e.name, "UNKNOWN_TOPIC_OR_PART");

    /* delete: gone from describe and from the list; deleting again is Kafka's unknown topic */
    CHECK_EQ_INT(kafka_admin_delete_topic(a, topic, NULL, NULL, &e), 0);
    CHECK_EQ_INT(kafka_admin_describe_topic(a, topic, &d, NULL, NULL, &e), -1);
    CHECK_STR(e.name, "UNKNOWN_TOPIC_OR_PART");
    CHECK_EQ_INT(kafka_admin_list_topics(a, 0, &l, NULL, NULL, &e), 0);
    for (size_t i = 0; i < l.n; i++) CHECK(strcmp(l.topics[i].name, topic) != 0);
    kafka_topic_list_free(&l);
    CHECK_EQ_INT(kafka_admin_delete_topic(a, topic, NULL, NULL, &e), -1);
    CHECK_STR(e.name, "UNKNOWN_TOPIC_OR_PART");
    if (embedded) {   /* the deleted topic's records stay in memory: its name is not reusable */
        CHECK_EQ_INT(kafka_admin_create_topic(a, topic, 1, 1, NULL, NULL, NULL, &e), -1);
        CHECK_STR(e.name, "TOPIC_ALREADY_EXISTS");
        CHECK(strstr(e.message, "was deleted on the embedded broker") != NULL);
    }
    kafka_admin_free(a);
    kafka_config_free(&c);
}

/* ---- consumer group: commit, close, resume ---- */

static void produce_n(kafka_config *c, const char *topic, int n, int partition) {
    kafka_error e;
    kafka_producer *p = kafka_producer_new(c, &e);
    CHECK(p != NULL);
    if (!p) return;
    for (int i = 0; i < n; i++) {
        char v[32];
        int vl = snprintf(v, sizeof v, "m%d", i);
        CHECK_EQ_INT(kafka_producer_send(p, topic, partition, NULL, 0, v, (size_t)vl, NULL, 0, NULL, NULL, NULL, NULL, &e), 0);
    }
    CHECK_EQ_INT(kafka_producer_close(p, 10000, NULL, NULL, NULL, NULL, 0), 0);
}

void ksuite_group_resume(const char *bootstrap, int create_topics) {
    char topic[128], group[128];
    ksuite_topic(topic, sizeof topic, "group");
    ksuite_topic(group, sizeof group, "g");
    if (create_topics) CHECK_EQ_INT(ksuite_create(bootstrap, topic, 1), 0);
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, bootstrap);
    produce_n(&c, topic, 100, 0);
    kafka_config_set(&c, "group.id", group);
    kafka_config_set(&c, "auto.offset.reset", "earliest");
    kafka_config_set(&c, "enable.auto.commit", "false");
    kafka_config_set(&c, "session.timeout.ms", "6000");
    const char *topics[] = {topic};

    kafka_consumer *k = kafka_consumer_new(&c, &e);
    CHECK(k != NULL);
    if (!k) { kafka_config_free(&c); return; }
    CHECK_EQ_INT(kafka_consumer_subscribe(k, topics, 1, &e), 0);
    kafka_records r = {0};
    int got = 0;
    int64_t until = mono_ms() + 20000;
    while (got == 0 && mono_ms() < until) {
        got = kafka_consumer_poll(k, 500, 40, NULL, NULL, &r, &e);
        if (got < 0) { fprintf(stderr, "  poll: %s: %s\n", e.name, e.message); break; }
    }
    CHECK(got > 0 && got <= 40);
    if (got > 0) CHECK_EQ_INT(r.items[0].offset, 0);
    int64_t next = got > 0 ? r.items[got - 1].offset + 1 : 0;
    CHECK_EQ_INT(kafka_consumer_commit(k, NULL, 0, NULL, NULL, &e), 0);
    kafka_tpo q = {topic, 0, 0};
    CHECK_EQ_INT(kafka_consumer_committed(k, &q, 1, &e), 0);
    CHECK_EQ_INT(q.offset, next);
    kafka_records_free(&r);
    kafka_consumer_close(k);

    /* a new member of the group resumes at the committed offset */
    k = kafka_consumer_new(&c, &e);
    CHECK(k != NULL);
    if (k) {
        CHECK_EQ_INT(kafka_consumer_subscribe(k, topics, 1, &e), 0);
        got = 0;
        until = mono_ms() + 20000;
        while (got == 0 && mono_ms() < until) got = kafka_consumer_poll(k, 500, 0, NULL, NULL, &r, &e);
        CHECK(got > 0);
        if (got > 0) CHECK_EQ_INT(r.items[0].offset, next);
        /* explicit offsets commit, Java semantics (next offset to read) */
        kafka_tpo off = {topic, 0, 77};
        CHECK_EQ_INT(kafka_consumer_commit(k, &off, 1, NULL, NULL, &e), 0);
        q.offset = 0;
        CHECK_EQ_INT(kafka_consumer_committed(k, &q, 1, &e), 0);
        CHECK_EQ_INT(q.offset, 77);
        /* seek to -10 from the end, then to the beginning */
        CHECK_EQ_INT(kafka_consumer_seek(k, topic, 0, KAFKA_OFFSET_TAIL(10), NULL, NULL, &e), 0);
        got = 0;
        until = mono_ms() + 10000;
        while (got == 0 && mono_ms() < until) got = kafka_consumer_poll(k, 500, 0, NULL, NULL, &r, &e);
        CHECK(got > 0);
        if (got > 0) CHECK_EQ_INT(r.items[0].offset, 90);
        CHECK_EQ_INT(kafka_consumer_seek(k, NULL, -1, KAFKA_OFFSET_BEGINNING, NULL, NULL, &e), 0);
        got = 0;
        until = mono_ms() + 10000;
        while (got == 0 && mono_ms() < until) got = kafka_consumer_poll(k, 500, 0, NULL, NULL, &r, &e);
        CHECK(got > 0);
        if (got > 0) CHECK_EQ_INT(r.items[0].offset, 0);
        kafka_records_free(&r);
        kafka_consumer_close(k);
    }
    /* the batch reader starts STORED partitions at the group's commit */
    kafka_batch_reader *br = kafka_batch_reader_new(&c, &e);
    CHECK(br != NULL);
    if (br) {
        kafka_tpo s = {topic, 0, KAFKA_OFFSET_STORED};
        kafka_batch b = {0};
        CHECK_EQ_INT(kafka_batch_reader_read(br, &s, 1, 0, NULL, NULL, &b, &e), 0);
        CHECK_EQ_INT(b.n, 1);
        if (b.n) { CHECK_EQ_INT(b.parts[0].from, 77); CHECK_EQ_INT(b.parts[0].records.n, 23); }
        kafka_batch_free(&b);
        kafka_batch_reader_free(br);
    }
    kafka_config_free(&c);
}

/* ---- interrupt during a long poll ---- */

void ksuite_interrupt_poll(const char *bootstrap, int create_topics) {
    char topic[128];
    ksuite_topic(topic, sizeof topic, "intr");
    if (create_topics) CHECK_EQ_INT(ksuite_create(bootstrap, topic, 1), 0);
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, bootstrap);
    produce_n(&c, topic, 1, 0);
    kafka_consumer *k = kafka_consumer_new(&c, &e);
    CHECK(k != NULL);
    if (k) {
        kafka_tpo tp = {topic, 0, KAFKA_OFFSET_END};
        CHECK_EQ_INT(kafka_consumer_assign(k, &tp, 1, &e), 0);
        kafka_records r = {0};
        int64_t t0 = mono_ms(), deadline = t0 + 300;
        int n = kafka_consumer_poll(k, 30000, 0, ksuite_after, &deadline, &r, &e);
        int64_t el = mono_ms() - t0;
        CHECK_EQ_INT(n, -1);
        CHECK_STR(e.name, "_INTR");
        CHECK(el >= 290 && el < 1000);
        kafka_records_free(&r);
        kafka_consumer_close(k);
    }
    kafka_config_free(&c);
}

/* ---- batch after batch, like micro-batches of a direct stream ---- */

void ksuite_batch_increments(const char *bootstrap, int create_topics) {
    char topic[128];
    ksuite_topic(topic, sizeof topic, "incr");
    if (create_topics) CHECK_EQ_INT(ksuite_create(bootstrap, topic, 2), 0);
    kafka_config c;
    kafka_error e;
    ksuite_config(&c, bootstrap);
    kafka_batch_reader *br = kafka_batch_reader_new(&c, &e);
    CHECK(br != NULL);
    if (!br) { kafka_config_free(&c); return; }
    produce_n(&c, topic, 30, 0);
    produce_n(&c, topic, 5, 1);
    kafka_tpo start[2] = {{topic, 0, KAFKA_OFFSET_BEGINNING}, {topic, 1, KAFKA_OFFSET_BEGINNING}};
    kafka_batch b = {0};
    /* capped at 20 per partition */
    CHECK_EQ_INT(kafka_batch_reader_read(br, start, 2, 20, NULL, NULL, &b, &e), 0);
    CHECK_EQ_INT(b.total, 25);
    CHECK_EQ_INT(b.parts[0].until, 20);
    CHECK_EQ_INT(b.parts[1].until, 5);
    kafka_tpo *next;
    size_t nn;
    CHECK_EQ_INT(kafka_batch_next_offsets(&b, &next, &nn), 0);
    kafka_tpo s2[2];
    char t0[128];
    snprintf(t0, sizeof t0, "%s", topic);
    for (size_t i = 0; i < 2; i++) s2[i] = (kafka_tpo){t0, next[i].partition, next[i].offset};
    free(next);
    produce_n(&c, topic, 3, 1);
    CHECK_EQ_INT(kafka_batch_reader_read(br, s2, 2, 0, NULL, NULL, &b, &e), 0);
    CHECK_EQ_INT(b.total, 13);
    CHECK_EQ_INT(b.parts[0].records.n, 10);
    if (b.parts[0].records.n == 10) {
        CHECK_EQ_INT(b.parts[0].records.items[0].offset, 20);
        CHECK(b.parts[0].records.items[0].value_len == 3 && !memcmp(b.parts[0].records.items[0].value, "m20", 3));
    }
    CHECK_EQ_INT(b.parts[1].records.n, 3);
    if (b.parts[1].records.n == 3) CHECK_EQ_INT(b.parts[1].records.items[2].offset, 7);
    /* nothing new: empty batch, at once */
    for (size_t i = 0; i < 2; i++) s2[i].offset = b.parts[i].until;
    int64_t t = mono_ms();
    CHECK_EQ_INT(kafka_batch_reader_read(br, s2, 2, 0, NULL, NULL, &b, &e), 0);
    CHECK_EQ_INT(b.total, 0);
    CHECK(mono_ms() - t < 5000);   /* not waiting for records that will not come (not a speed check) */
    kafka_batch_free(&b);
    kafka_batch_reader_free(br);
    kafka_config_free(&c);
}
