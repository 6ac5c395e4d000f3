/* producer.c — the producer: send with queue-full back-off, per-topic metadata check on first
 * use, delivery accounting (counts, first/last error, delivered offset ranges per partition),
 * interruptible flush, and close with a "N delivered, M failed" summary. */
#include "kafka/producer.h"
#include "kafka/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long UNKNOWN_TOPIC_OR_PART is retried on a topic's first use (auto-creation in progress). */
#define UNKNOWN_TOPIC_GRACE_MS 3000

typedef struct known_topic {
    char *name;
    int partitions;
} known_topic;

typedef struct record_cb {
    kafka_delivery_fn fn;
    void *ud;
} record_cb;

struct kafka_producer {
    kafka_client c; /* first: log/error callbacks find it through the opaque */
    known_topic *topics;
    size_t ntopics;
    kafka_producer_stats st;
    kafka_partition_range *ranges;
    size_t nranges, capranges, last_range;
    int sorted;
    int64_t last_report_ms; /* time of the newest delivery report */
};

static kafka_partition_range *range_for(kafka_producer *p, const char *topic, int32_t part) {
    if (p->last_range < p->nranges) {
        kafka_partition_range *r = &p->ranges[p->last_range];
        if (r->partition == part && !strcmp(r->topic, topic)) return r;
    }
    for (size_t i = 0; i < p->nranges; i++)
        if (p->ranges[i].partition == part && !strcmp(p->ranges[i].topic, topic)) {
            p->last_range = i;
            return &p->ranges[i];
        }
    if (p->nranges == p->capranges) {
        size_t nc = p->capranges ? p->capranges * 2 : 16;
        kafka_partition_range *nr = realloc(p->ranges, nc * sizeof *nr);
        if (!nr) return NULL;
        p->ranges = nr;
        p->capranges = nc;
    }
    kafka_partition_range *r = &p->ranges[p->nranges];
    memset(r, 0, sizeof *r);
    snprintf(r->topic, sizeof r->topic, "%s", topic);
    r->partition = part;
    r->first_offset = r->last_offset = -1;
    p->last_range = p->nranges++;
    p->sorted = 0;
    return r;
}

static void dr_msg_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    kafka_producer *p = opaque;
    record_cb *cb = m->_private;
    kafka_error e;
    const char *topic = rd_kafka_topic_name(m->rkt);
    p->last_report_ms = kafka_now_ms();
    if (m->err) {
        kafka_error_set(&e, m->err, "delivery to %s [%d] failed: %s", topic, (int)m->partition,
                        rd_kafka_err2str(m->err));
        p->st.failed++;
        if (!p->st.first_error.code) p->st.first_error = e;
        p->st.last_error = e;
    } else {
        p->st.delivered++;
        kafka_partition_range *r = range_for(p, topic, m->partition);
        if (r) {
            if (r->first_offset < 0 || m->offset < r->first_offset) r->first_offset = m->offset;
            if (m->offset > r->last_offset) r->last_offset = m->offset;
            r->count++;
        }
    }
    if (cb) {
        kafka_delivery d = {topic, m->partition, m->err ? -1 : m->offset,
                            rd_kafka_message_timestamp(m, NULL), m->err ? &e : NULL};
        cb->fn(&d, cb->ud);
        free(cb);
    }
}

kafka_producer *kafka_producer_new(const kafka_config *cfg, kafka_error *err) {
    kafka_error_clear(err);
    kafka_producer *p = calloc(1, sizeof *p);
    if (!p) { kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); return NULL; }
    rd_kafka_conf_t *conf = kclient_conf(&p->c, cfg, KAFKA_ROLE_PRODUCER, p, err);
    if (!conf) goto fail;
    rd_kafka_conf_set_dr_msg_cb(conf, dr_msg_cb);
    if (kclient_start(&p->c, RD_KAFKA_PRODUCER, conf, err) < 0) goto fail;
    p->last_report_ms = kafka_now_ms();
    return p;
fail:
    kclient_close(&p->c);
    free(p);
    return NULL;
}

const char *kafka_producer_bootstrap(const kafka_producer *p) { return p->c.bootstrap; }

/* Looks the topic up once: existence, authorization, partition count. */
static int check_topic(kafka_producer *p, const char *topic, int32_t partition,
                       kafka_interrupt_fn check, void *ud, kafka_error *err) {
    for (size_t i = 0; i < p->ntopics; i++)
        if (!strcmp(p->topics[i].name, topic)) {
            if (partition >= p->topics[i].partitions)
                return kafka_error_set(err, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
                                       "topic %s has %d partitions; partition %d does not exist",
                                       topic, p->topics[i].partitions, (int)partition);
            return 0;
        }
    if (kclient_ensure_up(&p->c, check, ud, err) < 0) return -1;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(p->c.rk, topic, NULL);
    if (!rkt) return kafka_error_set(err, rd_kafka_last_error(), "invalid topic '%s'", topic);
    int64_t started = kafka_now_ms(), deadline = started + p->c.timeout_ms;
    int nparts = -1;
    for (;;) {
        const struct rd_kafka_metadata *md = NULL;
        rd_kafka_resp_err_t e = rd_kafka_metadata(p->c.rk, 0, rkt, &md, 200);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_resp_err_t te = md->topic_cnt ? md->topics[0].err : RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
            int pc = md->topic_cnt ? md->topics[0].partition_cnt : 0;
            rd_kafka_metadata_destroy(md);
            if (te == RD_KAFKA_RESP_ERR_NO_ERROR && pc > 0) { nparts = pc; break; }
            /* A broker that auto-creates topics (KRaft) answers UNKNOWN_TOPIC_OR_PART while the
             * creation is under way: ask again for a short grace period before believing it. */
            int grace = p->c.timeout_ms < UNKNOWN_TOPIC_GRACE_MS ? p->c.timeout_ms : UNKNOWN_TOPIC_GRACE_MS;
            if ((te == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART && kafka_now_ms() - started >= grace) ||
                te == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || te == RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION) {
                rd_kafka_topic_destroy(rkt);
                if (te == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
                    return kafka_error_set(err, te, "topic '%s' does not exist and the brokers (%s) did not "
                                           "auto-create it", topic, p->c.bootstrap);
                return kafka_error_set(err, te, "cannot produce to topic '%s': %s", topic,
                                       rd_kafka_err2str(te));
            }
            /* LEADER_NOT_AVAILABLE etc.: being created; ask again */
        } else if (e != RD_KAFKA_RESP_ERR__TRANSPORT && e != RD_KAFKA_RESP_ERR__TIMED_OUT) {
            rd_kafka_topic_destroy(rkt);
            return kclient_fail(&p->c, err, e, "metadata request failed");
        }
        if (check && check(ud)) { rd_kafka_topic_destroy(rkt); return kafka_interrupted(err, "fetching topic metadata"); }
        if (kafka_now_ms() >= deadline) {
            rd_kafka_topic_destroy(rkt);
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__TIMED_OUT,
                                   "topic '%s' not present in metadata after %d ms (brokers %s)",
                                   topic, p->c.timeout_ms, p->c.bootstrap);
        }
        rd_kafka_poll(p->c.rk, KAFKA_SLICE_MS);
    }
    rd_kafka_topic_destroy(rkt);
    known_topic *nt = realloc(p->topics, (p->ntopics + 1) * sizeof *nt);
    if (!nt) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
    p->topics = nt;
    if (!(nt[p->ntopics].name = strdup(topic))) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
    nt[p->ntopics].partitions = nparts;
    p->ntopics++;
    if (partition >= nparts)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
                               "topic %s has %d partitions; partition %d does not exist", topic,
                               nparts, (int)partition);
    return 0;
}

int kafka_producer_send(kafka_producer *p, const char *topic, int32_t partition,
                        const void *key, size_t key_len, const void *value, size_t value_len,
                        const kafka_header *headers, size_t nheaders,
                        kafka_delivery_fn on_delivery, void *ud,
                        kafka_interrupt_fn check, void *check_ud, kafka_error *err) {
    kafka_error_clear(err);
    if (!topic || !*topic) return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "topic must not be empty");
    if (partition < -1) return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "invalid partition %d", (int)partition);
    if (check_topic(p, topic, partition, check, check_ud, err) < 0) return -1;

    record_cb *cb = NULL;
    if (on_delivery) {
        if (!(cb = malloc(sizeof *cb))) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
        cb->fn = on_delivery;
        cb->ud = ud;
    }
    int64_t started = -1;   /* read the clock only when the queue is full */
    for (;;) {
        rd_kafka_headers_t *h = NULL;
        if (nheaders) {
            h = rd_kafka_headers_new(nheaders);
            for (size_t i = 0; i < nheaders; i++)
                rd_kafka_header_add(h, headers[i].key, -1, headers[i].value,
                                    headers[i].value ? (ssize_t)headers[i].value_len : 0);
        }
        rd_kafka_resp_err_t e = rd_kafka_producev(
            p->c.rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY((void *)key, key ? key_len : 0),
            RD_KAFKA_V_VALUE((void *)value, value ? value_len : 0), RD_KAFKA_V_HEADERS(h),
            RD_KAFKA_V_OPAQUE(cb), RD_KAFKA_V_END);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        if (h) rd_kafka_headers_destroy(h);
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            free(cb);
            if (e == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE)
                return kafka_error_set(err, e, "record of %zu bytes is larger than the maximum "
                                       "request size (max.request.size / message.max.bytes)",
                                       key_len + value_len);
            return kclient_fail(&p->c, err, e, "send failed");
        }
        /* Queue full: serve delivery reports, which frees room, and retry. */
        if (started < 0) started = kafka_now_ms();
        rd_kafka_poll(p->c.rk, KAFKA_SLICE_MS);
        if (check && check(check_ud)) { free(cb); return kafka_interrupted(err, "waiting for room in the producer queue"); }
        int64_t now = kafka_now_ms();
        int64_t since = now - (p->last_report_ms > started ? p->last_report_ms : started);
        if (since > p->c.timeout_ms) {
            free(cb);
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__QUEUE_FULL,
                                   "producer queue full and no delivery report for %d ms "
                                   "(brokers %s not accepting records?)", p->c.timeout_ms, p->c.bootstrap);
        }
    }
    p->st.sent++;
    rd_kafka_poll(p->c.rk, 0);
    return 0;
}

int kafka_producer_poll(kafka_producer *p, int timeout_ms) { return rd_kafka_poll(p->c.rk, timeout_ms); }

static int64_t pending(const kafka_producer *p) {
    return p->st.sent - p->st.delivered - p->st.failed;
}

int kafka_producer_flush(kafka_producer *p, int timeout_ms, kafka_interrupt_fn check, void *ud,
                         kafka_error *err) {
    kafka_error_clear(err);
    int64_t deadline = timeout_ms < 0 ? INT64_MAX : kafka_now_ms() + timeout_ms;
    while (pending(p) > 0 || rd_kafka_outq_len(p->c.rk) > 0) {
        int64_t left = deadline - kafka_now_ms();
        if (left <= 0)
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__TIMED_OUT,
                                   "flush timed out after %d ms with %lld records not yet delivered",
                                   timeout_ms, (long long)pending(p));
        rd_kafka_flush(p->c.rk, left < KAFKA_SLICE_MS ? (int)left : KAFKA_SLICE_MS);
        if (check && check(ud) && pending(p) > 0)
            return kafka_interrupted(err, "flushing the producer");
    }
    return 0;
}

void kafka_producer_stats_get(const kafka_producer *p, kafka_producer_stats *out) {
    *out = p->st;
    out->pending = pending(p);
}

static int range_cmp(const void *a, const void *b) {
    const kafka_partition_range *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);
    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

const kafka_partition_range *kafka_producer_ranges(kafka_producer *p, size_t *n) {
    if (!p->sorted) {
        /* No ranges (nothing delivered) may mean no array at all: qsort's pointer must not be NULL. */
        if (p->nranges > 1) qsort(p->ranges, p->nranges, sizeof *p->ranges, range_cmp);
        p->sorted = 1;
        p->last_range = 0;
    }
    *n = p->nranges;
    return p->ranges;
}

void kafka_producer_reset_stats(kafka_producer *p) {
    int64_t pend = pending(p);
    memset(&p->st, 0, sizeof p->st);
    p->st.sent = pend; /* still-pending records will report into the fresh counters */
    p->nranges = 0;
    p->last_range = 0;
}

int kafka_producer_close(kafka_producer *p, int timeout_ms, kafka_interrupt_fn check, void *ud,
                         kafka_producer_stats *stats, char *summary, size_t summary_n) {
    kafka_error e;
    if (kafka_producer_flush(p, timeout_ms, check, ud, &e) < 0) {
        /* Whatever is left fails visibly (purge makes librdkafka report each one). */
        rd_kafka_purge(p->c.rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        int64_t until = kafka_now_ms() + 2000;
        while (pending(p) > 0 && kafka_now_ms() < until) rd_kafka_poll(p->c.rk, KAFKA_SLICE_MS);
    }
    kafka_producer_stats s;
    kafka_producer_stats_get(p, &s);
    if (s.pending > 0) { /* should not happen; count them rather than lose them */
        s.failed += s.pending;
        if (!s.first_error.code)
            kafka_error_set(&s.first_error, RD_KAFKA_RESP_ERR__PURGE_QUEUE,
                            "%lld records had no delivery report when the producer closed", (long long)s.pending);
        s.pending = 0;
    }
    if (summary && summary_n) {
        if (s.failed)
            snprintf(summary, summary_n, "%lld delivered, %lld failed (first error: %s: %s)",
                     (long long)s.delivered, (long long)s.failed, s.first_error.name, s.first_error.message);
        else
            snprintf(summary, summary_n, "%lld delivered, 0 failed", (long long)s.delivered);
    }
    if (stats) *stats = s;
    kclient_close(&p->c);
    for (size_t i = 0; i < p->ntopics; i++) free(p->topics[i].name);
    free(p->topics);
    free(p->ranges);
    free(p);
    return s.failed ? -1 : 0;
}
