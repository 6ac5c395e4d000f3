/* batch.c — the batch reader: plan ranges from watermarks taken now, then read exactly those
 * ranges with one manually-assigned consumer, pausing partitions as they complete. */
#include "kafka/batch.h"
#include "kafka/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct kafka_batch_reader {
    kafka_client c; /* first: callbacks find it through the opaque */
    int has_group;
    int reset_earliest; /* the user's auto.offset.reset, for STORED starts without a commit */
};

kafka_batch_reader *kafka_batch_reader_new(const kafka_config *cfg, kafka_error *err) {
    kafka_error_clear(err);
    kafka_batch_reader *r = calloc(1, sizeof *r);
    kafka_config own;
    kafka_config_init(&own);
    if (!r || kafka_config_copy(&own, cfg) < 0) {
        free(r);
        kafka_config_free(&own);
        kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
        return NULL;
    }
    const char *gid = kafka_config_get(cfg, "group.id");
    r->has_group = gid && *gid;
    const char *reset = kafka_config_get(cfg, "auto.offset.reset");
    r->reset_earliest = reset && (!strcasecmp(reset, "earliest") || !strcasecmp(reset, "smallest") ||
                                  !strcasecmp(reset, "beginning"));
    if (!r->has_group) {
        char g[64];
        static int seq;
        snprintf(g, sizeof g, "dstream-reader-%d-%d", (int)getpid(), __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
        kafka_config_set(&own, "group.id", g);
    }
    kafka_config_set(&own, "enable.auto.commit", "false");
    kafka_config_set(&own, "enable.auto.offset.store", "false");
    kafka_config_set(&own, "enable.partition.eof", "true");
    kafka_config_set(&own, "auto.offset.reset", "earliest"); /* mid-read retention: keep going */
    /* The high-level consumer counts these limits over ONE queue for all partitions; at the
     * defaults (100000 messages, 64 MB) fetching stops and only resumes at the broker thread's
     * next wakeup (up to a second), which made a 1M-record read 4x slower than kcat.  The whole
     * batch is held in memory anyway, so prefetch generously unless the user says otherwise. */
    if (!kafka_config_get(cfg, "queued.min.messages")) kafka_config_set(&own, "queued.min.messages", "10000000");
    if (!kafka_config_get(cfg, "queued.max.messages.kbytes"))
        kafka_config_set(&own, "queued.max.messages.kbytes", "262144");
    /* A KafkaRDD fetches one partition at a time, and the consumer has one fetch request in flight
     * per broker: after a partition's last record the broker holds the next (empty) fetch for
     * fetch.wait.max.ms (500 ms by default) before the next partition's fetch can go out, which
     * cost 350-450 ms per partition. Partitions are paused once read, so a short wait does not
     * make an idle reader poll the broker. */
    if (!kafka_config_get(cfg, "fetch.wait.max.ms")) kafka_config_set(&own, "fetch.wait.max.ms", "10");
    if (!kafka_config_get(cfg, "fetch.error.backoff.ms")) kafka_config_set(&own, "fetch.error.backoff.ms", "10");
    rd_kafka_conf_t *conf = kclient_conf(&r->c, &own, KAFKA_ROLE_CONSUMER, r, err);
    kafka_config_free(&own);
    if (!conf || kclient_start(&r->c, RD_KAFKA_CONSUMER, conf, err) < 0) {
        kclient_close(&r->c);
        free(r);
        return NULL;
    }
    rd_kafka_poll_set_consumer(r->c.rk);
    return r;
}

void kafka_batch_reader_free(kafka_batch_reader *r) {
    if (!r) return;
    rd_kafka_consumer_close(r->c.rk);
    kclient_close(&r->c);
    free(r);
    kafka_records_cache_drop();
}

void kafka_batch_free(kafka_batch *b) {
    for (size_t i = 0; i < b->n; i++) {
        free(b->parts[i].topic);
        kafka_records_free(&b->parts[i].records);
    }
    free(b->parts);
    memset(b, 0, sizeof *b);
}

int kafka_batch_reader_partitions(kafka_batch_reader *r, const char *const *topics, size_t ntopics,
                                  int64_t offset, kafka_tpo **out, size_t *n,
                                  kafka_interrupt_fn check, void *ud, kafka_error *err) {
    kafka_error_clear(err);
    *out = NULL;
    *n = 0;
    if (kclient_ensure_up(&r->c, check, ud, err) < 0) return -1;
    const struct rd_kafka_metadata *md = NULL;
    rd_kafka_resp_err_t e = rd_kafka_metadata(r->c.rk, 1, NULL, &md, r->c.timeout_ms);
    if (e) return kclient_fail(&r->c, err, e, "cannot read topic metadata");
    size_t count = 0, bytes = 0;
    for (size_t t = 0; t < ntopics; t++) {
        int found = 0;
        for (int i = 0; i < md->topic_cnt; i++)
            if (!strcmp(md->topics[i].topic, topics[t])) {
                if (md->topics[i].err) {
                    rd_kafka_resp_err_t te = md->topics[i].err;
                    rd_kafka_metadata_destroy(md);
                    return kafka_error_set(err, te, "topic '%s': %s", topics[t], rd_kafka_err2str(te));
                }
                count += (size_t)md->topics[i].partition_cnt;
                bytes += (size_t)md->topics[i].partition_cnt * (strlen(topics[t]) + 1);
                found = 1;
            }
        if (!found) {
            rd_kafka_metadata_destroy(md);
            return kafka_error_set(err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
                                   "topic '%s' does not exist (brokers %s)", topics[t], r->c.bootstrap);
        }
    }
    kafka_tpo *v = malloc(count * sizeof *v + bytes + 1);
    if (!v) { rd_kafka_metadata_destroy(md); return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); }
    char *names = (char *)(v + count);
    size_t k = 0;
    for (size_t t = 0; t < ntopics; t++)
        for (int i = 0; i < md->topic_cnt; i++) {
            if (strcmp(md->topics[i].topic, topics[t])) continue;
            size_t len = strlen(topics[t]) + 1;
            memcpy(names, topics[t], len);
            /* partitions in id order */
            for (int p = 0; p < md->topics[i].partition_cnt; p++) {
                v[k].topic = names;
                v[k].partition = p;
                v[k].offset = offset;
                k++;
            }
            names += len;
        }
    rd_kafka_metadata_destroy(md);
    *out = v;
    *n = k;
    return 0;
}

int kafka_batch_reader_plan(kafka_batch_reader *r, const kafka_tpo *starts, size_t n,
                            int64_t max_per_partition, kafka_interrupt_fn check, void *ud,
                            kafka_batch *out, kafka_error *err) {
    kafka_error_clear(err);
    kafka_batch_free(out);
    if (!n) return 0;
    if (kclient_ensure_up(&r->c, check, ud, err) < 0) return -1;
    out->parts = calloc(n, sizeof *out->parts);
    if (!out->parts) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
    out->n = n;
    /* Committed offsets for STORED starts, in one request. */
    rd_kafka_topic_partition_list_t *stored = NULL;
    for (size_t i = 0; i < n; i++)
        if (starts[i].offset == KAFKA_OFFSET_STORED) {
            if (!stored) stored = rd_kafka_topic_partition_list_new((int)n);
            rd_kafka_topic_partition_list_add(stored, starts[i].topic, starts[i].partition)->offset =
                RD_KAFKA_OFFSET_INVALID;
        }
    if (stored && r->has_group) {
        rd_kafka_resp_err_t e = rd_kafka_committed(r->c.rk, stored, r->c.timeout_ms);
        if (e) {
            rd_kafka_topic_partition_list_destroy(stored);
            return kclient_fail(&r->c, err, e, "cannot read committed offsets");
        }
    }
    for (size_t i = 0; i < n; i++) {
        kafka_batch_partition *p = &out->parts[i];
        if (!(p->topic = strdup(starts[i].topic))) {
            if (stored) rd_kafka_topic_partition_list_destroy(stored);
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
        }
        p->partition = starts[i].partition;
        if (check && check(ud)) {
            if (stored) rd_kafka_topic_partition_list_destroy(stored);
            return kafka_interrupted(err, "reading end offsets");
        }
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(r->c.rk, p->topic, p->partition,
                                                                 &p->low, &p->high, r->c.timeout_ms);
        if (e) {
            if (stored) rd_kafka_topic_partition_list_destroy(stored);
            char what[320];
            snprintf(what, sizeof what, "cannot read the offsets of %s [%d]", p->topic, (int)p->partition);
            return kclient_fail(&r->c, err, e, what);
        }
        int64_t start = starts[i].offset;
        if (start == KAFKA_OFFSET_STORED) {
            rd_kafka_topic_partition_t *tp =
                rd_kafka_topic_partition_list_find(stored, p->topic, p->partition);
            start = tp && tp->offset >= 0 ? tp->offset
                    : r->reset_earliest   ? KAFKA_OFFSET_BEGINNING
                                          : KAFKA_OFFSET_END;
        }
        if (start == KAFKA_OFFSET_BEGINNING) start = p->low;
        else if (start == KAFKA_OFFSET_END) start = p->high;
        else if (start < 0) {
            if (stored) rd_kafka_topic_partition_list_destroy(stored);
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "invalid start offset %lld for %s [%d]",
                                   (long long)start, p->topic, (int)p->partition);
        }
        p->requested = start;
        p->from = start < p->low ? p->low : start;
        p->lost = p->from - start;
        if (p->from > p->high) p->from = p->high; /* e.g. topic re-created: nothing to read */
        p->until = p->high;
        if (max_per_partition > 0 && p->until - p->from > max_per_partition)
            p->until = p->from + max_per_partition;
    }
    if (stored) rd_kafka_topic_partition_list_destroy(stored);
    return 0;
}

typedef struct rstate {
    int done;
} rstate;

static size_t find_part(const kafka_batch *b, size_t hint, const char *topic, int32_t part) {
    if (hint < b->n && b->parts[hint].partition == part && !strcmp(b->parts[hint].topic, topic)) return hint;
    for (size_t i = 0; i < b->n; i++)
        if (b->parts[i].partition == part && !strcmp(b->parts[i].topic, topic)) return i;
    return (size_t)-1;
}

static void pause_one(kafka_batch_reader *r, const kafka_batch_partition *p) {
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(l, p->topic, p->partition);
    rd_kafka_pause_partitions(r->c.rk, l);
    rd_kafka_topic_partition_list_destroy(l);
}

int kafka_batch_reader_fetch(kafka_batch_reader *r, kafka_batch *b, kafka_interrupt_fn check,
                             void *ud, kafka_error *err) {
    kafka_error_clear(err);
    b->total = 0;
    rstate *st = calloc(b->n ? b->n : 1, sizeof *st);
    if (!st) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)(b->n ? b->n : 1));
    size_t remaining = 0;
    for (size_t i = 0; i < b->n; i++) {
        kafka_batch_partition *p = &b->parts[i];
        kafka_records_free(&p->records);
        if (p->from >= p->until) { st[i].done = 1; continue; }
        int64_t want = p->until - p->from;
        krecords_reserve(&p->records, (size_t)(want < (1 << 20) ? want : (1 << 20)));
        rd_kafka_topic_partition_list_add(l, p->topic, p->partition)->offset = p->from;
        remaining++;
    }
    int rc = 0;
    if (!remaining) goto out;
    rd_kafka_resp_err_t e = rd_kafka_assign(r->c.rk, l);
    if (e) { rc = kafka_error_set(err, e, "assign failed: %s", rd_kafka_err2str(e)); goto out; }
    rd_kafka_resume_partitions(r->c.rk, l);
    int64_t last_progress = kafka_now_ms();
    size_t hint = 0;
    /* One blocking poll for the first message, then what is already queued taken in one call
     * (consume_batch_queue with no wait): per message, no clock reads and queue locking of its
     * own (a poll each took ~7% of a 1M-record batch's CPU in clock_gettime alone). */
    rd_kafka_queue_t *q = rd_kafka_queue_get_consumer(r->c.rk);
    enum { DRAIN = 512 };
    rd_kafka_message_t *ms[DRAIN];
    while (remaining && !rc) {
        rd_kafka_message_t *first = rd_kafka_consumer_poll(r->c.rk, KAFKA_SLICE_MS);
        if (!first) {
            if (check && check(ud)) { rc = kafka_interrupted(err, "reading a batch"); break; }
            if (kafka_now_ms() - last_progress > r->c.timeout_ms) {
                char parts[512] = "";
                size_t o = 0;
                for (size_t i = 0; i < b->n && o < sizeof parts - 64; i++)
                    if (!st[i].done)
                        o += (size_t)snprintf(parts + o, sizeof parts - o, "%s%s [%d] at %lld of [%lld, %lld)",
                                              o ? ", " : "", b->parts[i].topic, (int)b->parts[i].partition,
                                              (long long)(b->parts[i].from + (int64_t)b->parts[i].records.n),
                                              (long long)b->parts[i].from, (long long)b->parts[i].until);
                rc = kafka_error_set(err, RD_KAFKA_RESP_ERR__TIMED_OUT,
                                     "no records for %d ms while reading a batch from %s: %s",
                                     r->c.timeout_ms, r->c.bootstrap, parts);
                break;
            }
            continue;
        }
        ms[0] = first;
        ssize_t got = 1;
        if (q) {
            ssize_t more = rd_kafka_consume_batch_queue(q, 0, ms + 1, DRAIN - 1);
            if (more > 0) got += more;
        }
        bool progress = false;
        for (ssize_t k = 0; k < got; k++) {
            rd_kafka_message_t *m = ms[k];
            if (rc || !remaining) { rd_kafka_message_destroy(m); continue; }
            const char *topic = m->rkt ? rd_kafka_topic_name(m->rkt) : "";
            size_t i = find_part(b, hint, topic, m->partition);
            if (i == (size_t)-1 || st[i].done) { rd_kafka_message_destroy(m); continue; }
            hint = i;
            kafka_batch_partition *p = &b->parts[i];
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                if (m->offset >= p->until) { st[i].done = 1; remaining--; pause_one(r, p); }
                rd_kafka_message_destroy(m);
                continue;
            }
            if (m->err) {
                rd_kafka_resp_err_t me = m->err;
                if (me == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || me == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
                    me == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION || me == RD_KAFKA_RESP_ERR__FATAL)
                    rc = kafka_error_set(err, me, "reading %s [%d]: %s", p->topic, (int)p->partition, rd_kafka_message_errstr(m));
                rd_kafka_message_destroy(m); /* else transient; librdkafka retries */
                continue;
            }
            progress = true;
            if (m->offset >= p->from && m->offset < p->until) {
                if (krecords_add(&p->records, m, !b->no_headers) < 0) {
                    rd_kafka_message_destroy(m);
                    rc = kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory reading a batch");
                    continue;
                }
                b->total++;
            }
            if (m->offset >= p->until - 1) { st[i].done = 1; remaining--; pause_one(r, p); }
            rd_kafka_message_destroy(m);
        }
        if (progress) last_progress = kafka_now_ms();
    }
    if (q) rd_kafka_queue_destroy(q);
    rd_kafka_assign(r->c.rk, NULL);
    /* Clear the pauses while the partitions are unassigned: a partition the application paused
     * stays paused through the next assign, and the resume after that assign reached librdkafka's
     * broker thread only at its next wakeup (up to 1 s per KafkaRDD partition read again). */
    rd_kafka_resume_partitions(r->c.rk, l);
out:
    rd_kafka_topic_partition_list_destroy(l);
    free(st);
    return rc;
}

int kafka_batch_reader_read(kafka_batch_reader *r, const kafka_tpo *starts, size_t n,
                            int64_t max_per_partition, kafka_interrupt_fn check, void *ud,
                            kafka_batch *out, kafka_error *err) {
    if (kafka_batch_reader_plan(r, starts, n, max_per_partition, check, ud, out, err) < 0) return -1;
    return kafka_batch_reader_fetch(r, out, check, ud, err);
}

int kafka_batch_next_offsets(const kafka_batch *b, kafka_tpo **out, size_t *n) {
    *out = malloc((b->n ? b->n : 1) * sizeof **out);
    if (!*out) return -1;
    for (size_t i = 0; i < b->n; i++) {
        (*out)[i].topic = b->parts[i].topic;
        (*out)[i].partition = b->parts[i].partition;
        (*out)[i].offset = b->parts[i].until;
    }
    *n = b->n;
    return 0;
}

int kafka_batch_reader_commit(kafka_batch_reader *r, const kafka_tpo *offsets, size_t n, kafka_error *err) {
    kafka_error_clear(err);
    if (!r->has_group)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_INVALID_GROUP_ID, "commit needs a group.id");
    if (!n) return 0;
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++)
        rd_kafka_topic_partition_list_add(l, offsets[i].topic, offsets[i].partition)->offset = offsets[i].offset;
    rd_kafka_resp_err_t e = rd_kafka_commit(r->c.rk, l, 0);
    for (int i = 0; i < l->cnt && !e; i++) e = l->elems[i].err;
    rd_kafka_topic_partition_list_destroy(l);
    if (e) return kclient_fail(&r->c, err, e, "commit failed");
    return 0;
}
