/* consumer.c — the Java-shaped consumer over librdkafka's high-level consumer: subscribe with a
 * rebalance callback that applies remembered seeks, manual assign, seek resolved to absolute
 * offsets through watermarks, bounded and interruptible poll, synchronous commit. */
#include "kafka/consumer.h"
#include "kafka/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct pending_seek {
    char *topic; /* NULL: every topic */
    int32_t partition;
    int64_t where;
} pending_seek;

typedef enum { MODE_NONE, MODE_SUBSCRIBE, MODE_ASSIGN } consumer_mode;

struct kafka_consumer {
    kafka_client c; /* first: callbacks find it through the opaque */
    int has_group;
    consumer_mode mode;
    rd_kafka_topic_partition_list_t *manual; /* MODE_ASSIGN: the assignment with start offsets */
    pending_seek *seeks;
    size_t nseeks;
    kafka_error deferred; /* error to report with the next poll */
};

static int matches(const pending_seek *s, const char *topic, int32_t part) {
    return (!s->topic || !strcmp(s->topic, topic)) && (s->partition < 0 || s->partition == part);
}

/* Applies remembered seeks to a list about to be assigned.  Tail seeks use librdkafka's logical
 * tail offsets, which it resolves when fetching starts. */
static void apply_pending(kafka_consumer *k, rd_kafka_topic_partition_list_t *parts) {
    for (int i = 0; i < parts->cnt; i++)
        for (size_t j = 0; j < k->nseeks; j++)
            if (matches(&k->seeks[j], parts->elems[i].topic, parts->elems[i].partition))
                parts->elems[i].offset = k->seeks[j].where;
}

static void clear_pending(kafka_consumer *k) {
    for (size_t i = 0; i < k->nseeks; i++) free(k->seeks[i].topic);
    free(k->seeks);
    k->seeks = NULL;
    k->nseeks = 0;
}

static void rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque) {
    kafka_consumer *k = opaque;
    int coop = !strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE");
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        apply_pending(k, parts);
        if (coop) {
            rd_kafka_error_t *e = rd_kafka_incremental_assign(rk, parts);
            if (e) rd_kafka_error_destroy(e);
        } else {
            rd_kafka_assign(rk, parts);
        }
    } else {
        if (coop) {
            rd_kafka_error_t *e = rd_kafka_incremental_unassign(rk, parts);
            if (e) rd_kafka_error_destroy(e);
        } else {
            rd_kafka_assign(rk, NULL);
        }
    }
}

kafka_consumer *kafka_consumer_new(const kafka_config *cfg, kafka_error *err) {
    kafka_error_clear(err);
    kafka_consumer *k = calloc(1, sizeof *k);
    if (!k) { kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); return NULL; }
    rd_kafka_conf_t *conf = kclient_conf(&k->c, cfg, KAFKA_ROLE_CONSUMER, k, err);
    if (!conf) goto fail;
    const char *gid = kafka_config_get(cfg, "group.id");
    k->has_group = gid && *gid;
    char es[256];
    if (!k->has_group) {
        /* librdkafka needs a group for assign(); this one never joins or commits. */
        char g[64];
        static int seq;
        snprintf(g, sizeof g, "dstream-nogroup-%d-%d", (int)getpid(), __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
        rd_kafka_conf_set(conf, "group.id", g, es, sizeof es);
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", es, sizeof es);
    }
    rd_kafka_conf_set_rebalance_cb(conf, rebalance_cb);
    if (kclient_start(&k->c, RD_KAFKA_CONSUMER, conf, err) < 0) goto fail;
    rd_kafka_poll_set_consumer(k->c.rk);
    return k;
fail:
    kclient_close(&k->c);
    free(k);
    return NULL;
}

static rd_kafka_topic_partition_list_t *to_list(const kafka_tpo *tpos, size_t n) {
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)(n ? n : 1));
    for (size_t i = 0; i < n; i++)
        rd_kafka_topic_partition_list_add(l, tpos[i].topic, tpos[i].partition)->offset = tpos[i].offset;
    return l;
}

int kafka_consumer_subscribe(kafka_consumer *k, const char *const *topics, size_t n, kafka_error *err) {
    kafka_error_clear(err);
    if (!k->has_group)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                               "subscribe needs a group.id (use assign without one)");
    if (n == 0) return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "subscribe: no topics given");
    if (k->mode == MODE_ASSIGN) rd_kafka_assign(k->c.rk, NULL);
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++) rd_kafka_topic_partition_list_add(l, topics[i], RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(k->c.rk, l);
    rd_kafka_topic_partition_list_destroy(l);
    if (e) return kafka_error_set(err, e, "subscribe failed: %s", rd_kafka_err2str(e));
    if (k->manual) rd_kafka_topic_partition_list_destroy(k->manual);
    k->manual = NULL;
    clear_pending(k);
    k->mode = MODE_SUBSCRIBE;
    return 0;
}

int kafka_consumer_assign(kafka_consumer *k, const kafka_tpo *tpos, size_t n, kafka_error *err) {
    kafka_error_clear(err);
    if (k->mode == MODE_SUBSCRIBE) rd_kafka_unsubscribe(k->c.rk);
    for (size_t i = 0; i < n; i++)
        if (!tpos[i].topic || !*tpos[i].topic || tpos[i].partition < 0)
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "assign: invalid topic-partition");
    rd_kafka_topic_partition_list_t *l = to_list(tpos, n);
    rd_kafka_resp_err_t e = rd_kafka_assign(k->c.rk, n ? l : NULL);
    if (e) {
        rd_kafka_topic_partition_list_destroy(l);
        return kafka_error_set(err, e, "assign failed: %s", rd_kafka_err2str(e));
    }
    if (k->manual) rd_kafka_topic_partition_list_destroy(k->manual);
    k->manual = l;
    clear_pending(k);
    k->mode = n ? MODE_ASSIGN : MODE_NONE;
    return 0;
}

/* Resolves BEGINNING / END / TAIL(n) / absolute to an absolute offset with the watermarks. */
static int resolve(kafka_consumer *k, const char *topic, int32_t part, int64_t where, int64_t *out,
                   kafka_error *err) {
    if (where >= 0) { *out = where; return 0; }
    int64_t lo, hi;
    rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(k->c.rk, topic, part, &lo, &hi, k->c.timeout_ms);
    if (e) return kclient_fail(&k->c, err, e, "cannot read the offsets of the partition");
    if (where == KAFKA_OFFSET_BEGINNING) *out = lo;
    else if (where == KAFKA_OFFSET_END) *out = hi;
    else if (where <= KAFKA_OFFSET_TAIL_BASE) {
        int64_t nback = KAFKA_OFFSET_TAIL_BASE - where;
        *out = hi - nback < lo ? lo : hi - nback;
    } else return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "invalid seek offset %lld", (long long)where);
    return 0;
}

int kafka_consumer_seek(kafka_consumer *k, const char *topic, int32_t partition, int64_t where,
                        kafka_interrupt_fn check, void *ud, kafka_error *err) {
    kafka_error_clear(err);
    if (where < 0 && where != KAFKA_OFFSET_BEGINNING && where != KAFKA_OFFSET_END && where > KAFKA_OFFSET_TAIL_BASE)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "invalid seek offset %lld", (long long)where);
    if (k->mode == MODE_NONE)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__STATE, "seek: the consumer is not subscribed to any topic nor assigned any partition");
    if (kclient_ensure_up(&k->c, check, ud, err) < 0) return -1;

    rd_kafka_topic_partition_list_t *cur = NULL;
    if (k->mode == MODE_ASSIGN) cur = rd_kafka_topic_partition_list_copy(k->manual);
    else if (rd_kafka_assignment(k->c.rk, &cur)) cur = NULL;
    int hits = 0;
    rd_kafka_topic_partition_list_t *target = rd_kafka_topic_partition_list_new(cur ? cur->cnt : 1);
    pending_seek probe = {(char *)topic, partition, where};
    for (int i = 0; cur && i < cur->cnt; i++) {
        rd_kafka_topic_partition_t *tp = &cur->elems[i];
        if (!matches(&probe, tp->topic, tp->partition)) continue;
        int64_t absolute = 0;
        if (resolve(k, tp->topic, tp->partition, where, &absolute, err) < 0) {
            rd_kafka_topic_partition_list_destroy(cur);
            rd_kafka_topic_partition_list_destroy(target);
            return -1;
        }
        tp->offset = absolute;
        rd_kafka_topic_partition_list_add(target, tp->topic, tp->partition)->offset = absolute;
        hits++;
    }
    int rc = 0;
    if (k->mode == MODE_ASSIGN) {
        if (!hits) rc = kafka_error_set(err, RD_KAFKA_RESP_ERR__STATE, "seek: partition %s [%d] is not assigned to this consumer",
                                        topic ? topic : "*", (int)partition);
        else {
            rd_kafka_resp_err_t e = rd_kafka_assign(k->c.rk, cur);
            if (e) rc = kafka_error_set(err, e, "seek failed: %s", rd_kafka_err2str(e));
            else {
                rd_kafka_topic_partition_list_destroy(k->manual);
                k->manual = cur;
                cur = NULL;
            }
        }
    } else if (hits) {
        rd_kafka_error_t *e = rd_kafka_seek_partitions(k->c.rk, target, k->c.timeout_ms);
        if (e) {
            rc = kafka_error_set(err, rd_kafka_error_code(e), "seek failed: %s", rd_kafka_error_string(e));
            rd_kafka_error_destroy(e);
        }
    }
    if (k->mode == MODE_SUBSCRIBE) {
        /* Remember it too, for partitions assigned later (first assignment, rebalances). */
        pending_seek *ns = realloc(k->seeks, (k->nseeks + 1) * sizeof *ns);
        if (ns) {
            k->seeks = ns;
            ns[k->nseeks].topic = topic ? strdup(topic) : NULL;
            ns[k->nseeks].partition = partition;
            ns[k->nseeks].where = where;
            k->nseeks++;
        }
    }
    if (cur) rd_kafka_topic_partition_list_destroy(cur);
    rd_kafka_topic_partition_list_destroy(target);
    return rc;
}

static int is_fatal_consume_error(rd_kafka_resp_err_t e) {
    switch (e) {
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
    case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR__SSL:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR_INVALID_GROUP_ID:
        return 1;
    default:
        return 0;
    }
}

int kafka_consumer_poll(kafka_consumer *k, int timeout_ms, int max_records,
                        kafka_interrupt_fn check, void *ud, kafka_records *out, kafka_error *err) {
    kafka_error_clear(err);
    kafka_records_free(out);
    if (k->deferred.code) {
        *err = k->deferred;
        kafka_error_clear(&k->deferred);
        return -1;
    }
    if (k->mode == MODE_NONE)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__STATE,
                               "the consumer is not subscribed to any topics or assigned any partitions");
    if (max_records <= 0) max_records = k->c.max_poll_records;
    if (kclient_ensure_up(&k->c, check, ud, err) < 0) return -1;
    int64_t deadline = kafka_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
    for (;;) {
        int64_t left = deadline - kafka_now_ms();
        /* Once something arrived, only drain what is already there. */
        int wait = out->n ? 0 : (left <= 0 ? 0 : left < KAFKA_SLICE_MS ? (int)left : KAFKA_SLICE_MS);
        rd_kafka_message_t *m = rd_kafka_consumer_poll(k->c.rk, wait);
        if (m) {
            if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
                int rc = krecords_add(out, m, true);
                rd_kafka_message_destroy(m);
                if (rc < 0) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
                if ((int)out->n >= max_records) return (int)out->n;
                continue;
            }
            rd_kafka_resp_err_t e = m->err;
            if (is_fatal_consume_error(e)) {
                kafka_error ke;
                const char *t = m->rkt ? rd_kafka_topic_name(m->rkt) : NULL;
                char *detail = rd_kafka_message_errstr(m) ? strdup(rd_kafka_message_errstr(m)) : NULL;
                if (t) kafka_error_set(&ke, e, "%s [%d]: %s", t, (int)m->partition, detail ? detail : rd_kafka_err2str(e));
                else kafka_error_set(&ke, e, "%s", detail ? detail : rd_kafka_err2str(e));
                free(detail);
                rd_kafka_message_destroy(m);
                if (out->n) { k->deferred = ke; return (int)out->n; }
                *err = ke;
                return -1;
            }
            rd_kafka_message_destroy(m); /* EOF and transient errors: librdkafka retries */
            continue;
        }
        if (out->n) return (int)out->n;
        if (check && check(ud)) return kafka_interrupted(err, "polling for records");
        if (kafka_now_ms() >= deadline) return 0;
    }
}

int kafka_consumer_commit(kafka_consumer *k, const kafka_tpo *tpos, size_t n,
                          kafka_interrupt_fn check, void *ud, kafka_error *err) {
    kafka_error_clear(err);
    if (!k->has_group)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_INVALID_GROUP_ID,
                               "commit needs a group.id in the consumer's configuration");
    if (kclient_ensure_up(&k->c, check, ud, err) < 0) return -1;
    rd_kafka_topic_partition_list_t *l = tpos ? to_list(tpos, n) : NULL;
    rd_kafka_resp_err_t e = rd_kafka_commit(k->c.rk, l, 0);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR && l) {
        for (int i = 0; i < l->cnt && !e; i++) e = l->elems[i].err;
    }
    if (l) rd_kafka_topic_partition_list_destroy(l);
    if (e == RD_KAFKA_RESP_ERR__NO_OFFSET) return 0; /* nothing consumed since the last commit */
    if (e) return kclient_fail(&k->c, err, e, "commit failed");
    return 0;
}

int kafka_consumer_committed(kafka_consumer *k, kafka_tpo *tpos, size_t n, kafka_error *err) {
    kafka_error_clear(err);
    if (!k->has_group)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_INVALID_GROUP_ID, "committed offsets need a group.id");
    if (kclient_ensure_up(&k->c, NULL, NULL, err) < 0) return -1;
    rd_kafka_topic_partition_list_t *l = to_list(tpos, n);
    for (int i = 0; i < l->cnt; i++) l->elems[i].offset = RD_KAFKA_OFFSET_INVALID;
    rd_kafka_resp_err_t e = rd_kafka_committed(k->c.rk, l, k->c.timeout_ms);
    if (!e)
        for (size_t i = 0; i < n; i++) tpos[i].offset = l->elems[i].offset < 0 ? -1 : l->elems[i].offset;
    rd_kafka_topic_partition_list_destroy(l);
    if (e) return kclient_fail(&k->c, err, e, "cannot read committed offsets");
    return 0;
}

int kafka_consumer_assignment(kafka_consumer *k, kafka_tpo **out, size_t *n, kafka_error *err) {
    kafka_error_clear(err);
    *out = NULL;
    *n = 0;
    rd_kafka_topic_partition_list_t *l = NULL;
    rd_kafka_resp_err_t e = rd_kafka_assignment(k->c.rk, &l);
    if (e) return kafka_error_set(err, e, "cannot read the assignment: %s", rd_kafka_err2str(e));
    rd_kafka_position(k->c.rk, l);
    size_t bytes = (size_t)l->cnt * sizeof(kafka_tpo);
    for (int i = 0; i < l->cnt; i++) bytes += strlen(l->elems[i].topic) + 1;
    kafka_tpo *v = malloc(bytes ? bytes : 1);
    if (!v) { rd_kafka_topic_partition_list_destroy(l); return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); }
    char *names = (char *)(v + l->cnt);
    for (int i = 0; i < l->cnt; i++) {
        size_t len = strlen(l->elems[i].topic) + 1;
        memcpy(names, l->elems[i].topic, len);
        v[i].topic = names;
        names += len;
        v[i].partition = l->elems[i].partition;
        v[i].offset = l->elems[i].offset < 0 ? -1 : l->elems[i].offset;
    }
    *out = v;
    *n = (size_t)l->cnt;
    rd_kafka_topic_partition_list_destroy(l);
    return 0;
}

void kafka_consumer_close(kafka_consumer *k) {
    if (!k) return;
    if (k->c.rk) rd_kafka_consumer_close(k->c.rk);
    kclient_close(&k->c);
    if (k->manual) rd_kafka_topic_partition_list_destroy(k->manual);
    clear_pending(k);
    free(k);
}
