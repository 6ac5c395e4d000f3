/* admin.c — cluster metadata, topic list/describe with watermarks, create/delete through the
 * Admin API (or through the embedded daemon for the mock cluster, which has no CreateTopics). */
#include "kafka/admin.h"
#include "kafka/embedded.h"
#include "kafka/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kafka_admin {
    kafka_client c; /* first: callbacks find it through the opaque */
};

kafka_admin *kafka_admin_new(const kafka_config *cfg, kafka_error *err) {
    kafka_error_clear(err);
    kafka_admin *a = calloc(1, sizeof *a);
    if (!a) { kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); return NULL; }
    rd_kafka_conf_t *conf = kclient_conf(&a->c, cfg, KAFKA_ROLE_ADMIN, a, err);
    if (!conf || kclient_start(&a->c, RD_KAFKA_PRODUCER, conf, err) < 0) {
        kclient_close(&a->c);
        free(a);
        return NULL;
    }
    return a;
}

void kafka_admin_free(kafka_admin *a) {
    if (!a) return;
    kclient_close(&a->c);
    free(a);
}

static int get_metadata(kafka_admin *a, const struct rd_kafka_metadata **md, kafka_interrupt_fn check,
                        void *ud, kafka_error *err) {
    if (kclient_ensure_up(&a->c, check, ud, err) < 0) return -1;
    rd_kafka_resp_err_t e = rd_kafka_metadata(a->c.rk, 1, NULL, md, a->c.timeout_ms);
    if (e) return kclient_fail(&a->c, err, e, "metadata request failed");
    return 0;
}

static int is_mock(kafka_admin *a) {
    char *id = rd_kafka_clusterid(a->c.rk, a->c.timeout_ms);
    int mock = id && !strncmp(id, "mockCluster", 11);
    if (id) rd_kafka_mem_free(a->c.rk, id);
    return mock;
}

static int broker_cmp(const void *x, const void *y) {
    const kafka_broker_info *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

int kafka_admin_cluster(kafka_admin *a, kafka_cluster_info *out, kafka_interrupt_fn check,
                        void *ud, kafka_error *err) {
    kafka_error_clear(err);
    memset(out, 0, sizeof *out);
    const struct rd_kafka_metadata *md;
    if (get_metadata(a, &md, check, ud, err) < 0) return -1;
    out->brokers = calloc(md->broker_cnt ? (size_t)md->broker_cnt : 1, sizeof *out->brokers);
    if (!out->brokers) { rd_kafka_metadata_destroy(md); return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); }
    for (int i = 0; i < md->broker_cnt; i++) {
        out->brokers[i].id = md->brokers[i].id;
        snprintf(out->brokers[i].host, sizeof out->brokers[i].host, "%s", md->brokers[i].host);
        out->brokers[i].port = md->brokers[i].port;
    }
    out->nbrokers = (size_t)md->broker_cnt;
    qsort(out->brokers, out->nbrokers, sizeof *out->brokers, broker_cmp);
    rd_kafka_metadata_destroy(md);
    char *id = rd_kafka_clusterid(a->c.rk, a->c.timeout_ms);
    snprintf(out->cluster_id, sizeof out->cluster_id, "%s", id ? id : "");
    if (id) rd_kafka_mem_free(a->c.rk, id);
    out->controller_id = rd_kafka_controllerid(a->c.rk, a->c.timeout_ms);
    out->embedded = !strncmp(out->cluster_id, "mockCluster", 11);
    return 0;
}

void kafka_cluster_info_free(kafka_cluster_info *c) {
    free(c->brokers);
    memset(c, 0, sizeof *c);
}

static void topic_info_free(kafka_topic_info *t) {
    for (size_t i = 0; i < t->npartitions; i++) {
        free(t->partitions[i].replicas);
        free(t->partitions[i].isr);
    }
    free(t->partitions);
    free(t->name);
}

void kafka_topic_list_free(kafka_topic_list *l) {
    for (size_t i = 0; i < l->n; i++) topic_info_free(&l->topics[i]);
    free(l->topics);
    memset(l, 0, sizeof *l);
}

static int32_t *dup_ids(const int32_t *v, int n) {
    int32_t *o = malloc((n > 0 ? (size_t)n : 1) * sizeof *o);
    if (o && n > 0) memcpy(o, v, (size_t)n * sizeof *o);
    return o;
}

static int part_cmp(const void *x, const void *y) {
    const kafka_partition_info *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

static int topic_cmp(const void *x, const void *y) {
    return strcmp(((const kafka_topic_info *)x)->name, ((const kafka_topic_info *)y)->name);
}

/* Fills t from metadata topic mt; with offsets queries the watermarks. */
static int fill_topic(kafka_admin *a, const rd_kafka_metadata_topic_t *mt, int with_offsets,
                      kafka_topic_info *t, kafka_interrupt_fn check, void *ud, kafka_error *err) {
    t->name = strdup(mt->topic);
    t->internal = mt->topic[0] == '_' && mt->topic[1] == '_';
    t->partitions = calloc(mt->partition_cnt > 0 ? (size_t)mt->partition_cnt : 1, sizeof *t->partitions);
    if (!t->name || !t->partitions) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
    t->npartitions = (size_t)mt->partition_cnt;
    t->messages = with_offsets ? 0 : -1;
    for (int p = 0; p < mt->partition_cnt; p++) {
        const rd_kafka_metadata_partition_t *mp = &mt->partitions[p];
        kafka_partition_info *pi = &t->partitions[p];
        pi->id = mp->id;
        pi->leader = mp->leader;
        pi->error = mp->err;
        pi->replicas = dup_ids(mp->replicas, mp->replica_cnt);
        pi->nreplicas = (size_t)mp->replica_cnt;
        pi->isr = dup_ids(mp->isrs, mp->isr_cnt);
        pi->nisr = (size_t)mp->isr_cnt;
        pi->low = pi->high = -1;
        if (!pi->replicas || !pi->isr) return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");
    }
    qsort(t->partitions, t->npartitions, sizeof *t->partitions, part_cmp);
    t->replication_factor = t->npartitions ? (int)t->partitions[0].nreplicas : 0;
    if (!with_offsets) return 0;
    for (size_t p = 0; p < t->npartitions; p++) {
        kafka_partition_info *pi = &t->partitions[p];
        if (check && check(ud)) return kafka_interrupted(err, "reading partition offsets");
        rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(a->c.rk, t->name, pi->id, &pi->low,
                                                                 &pi->high, a->c.timeout_ms);
        if (e) {
            pi->low = pi->high = -1;
            t->messages = -1;
        } else if (t->messages >= 0) {
            t->messages += pi->high - pi->low;
        }
    }
    return 0;
}

int kafka_admin_list_topics(kafka_admin *a, int with_offsets, kafka_topic_list *out,
                            kafka_interrupt_fn check, void *ud, kafka_error *err) {
    kafka_error_clear(err);
    memset(out, 0, sizeof *out);
    const struct rd_kafka_metadata *md;
    if (get_metadata(a, &md, check, ud, err) < 0) return -1;
    out->topics = calloc(md->topic_cnt ? (size_t)md->topic_cnt : 1, sizeof *out->topics);
    if (!out->topics) { rd_kafka_metadata_destroy(md); return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); }
    int rc = 0;
    for (int i = 0; i < md->topic_cnt && rc == 0; i++) {
        if (md->topics[i].err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
            md->topics[i].err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;   /* e.g. deleted on the embedded broker */
        rc = fill_topic(a, &md->topics[i], with_offsets, &out->topics[out->n], check, ud, err);
        out->n++;
    }
    rd_kafka_metadata_destroy(md);
    if (rc) { kafka_topic_list_free(out); return -1; }
    qsort(out->topics, out->n, sizeof *out->topics, topic_cmp);
    return 0;
}

int kafka_admin_describe_topic(kafka_admin *a, const char *topic, kafka_topic_list *out,
                               kafka_interrupt_fn check, void *ud, kafka_error *err) {
    kafka_error_clear(err);
    memset(out, 0, sizeof *out);
    const struct rd_kafka_metadata *md;
    if (get_metadata(a, &md, check, ud, err) < 0) return -1;
    int rc = -1;
    for (int i = 0; i < md->topic_cnt; i++) {
        if (strcmp(md->topics[i].topic, topic)) continue;
        if (md->topics[i].err) {
            kafka_error_set(err, md->topics[i].err, "topic '%s': %s", topic, rd_kafka_err2str(md->topics[i].err));
            break;
        }
        out->topics = calloc(1, sizeof *out->topics);
        if (!out->topics) { kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory"); break; }
        out->n = 1;
        rc = fill_topic(a, &md->topics[i], 1, &out->topics[0], check, ud, err);
        break;
    }
    if (rc < 0 && !err->code)
        kafka_error_set(err, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
                        "topic '%s' does not exist (brokers %s)", topic, a->c.bootstrap);
    rd_kafka_metadata_destroy(md);
    if (rc < 0) kafka_topic_list_free(out);
    return rc;
}

/* Waits for an admin result event, interruptibly. */
static rd_kafka_event_t *wait_event(kafka_admin *a, rd_kafka_queue_t *q, int timeout_ms,
                                    kafka_interrupt_fn check, void *ud, kafka_error *err,
                                    const char *what) {
    int64_t deadline = kafka_now_ms() + timeout_ms;
    for (;;) {
        rd_kafka_event_t *ev = rd_kafka_queue_poll(q, KAFKA_SLICE_MS);
        if (ev) return ev;
        if (check && check(ud)) { kafka_interrupted(err, what); return NULL; }
        if (kafka_now_ms() > deadline) {
            kafka_error_set(err, RD_KAFKA_RESP_ERR__TIMED_OUT, "%s: no answer from %s within %d ms", what,
                            a->c.bootstrap, timeout_ms);
            return NULL;
        }
    }
}

static int topic_visible(kafka_admin *a, const char *topic, int want_present) {
    const struct rd_kafka_metadata *md;
    if (rd_kafka_metadata(a->c.rk, 1, NULL, &md, a->c.timeout_ms)) return 0;
    int present = 0;
    for (int i = 0; i < md->topic_cnt; i++)
        if (!strcmp(md->topics[i].topic, topic) && !md->topics[i].err && md->topics[i].partition_cnt > 0) present = 1;
    rd_kafka_metadata_destroy(md);
    return present == want_present;
}

/* Waits (bounded) until metadata shows the topic (or its absence). Best effort. */
static void await_metadata(kafka_admin *a, const char *topic, int want_present, kafka_interrupt_fn check, void *ud) {
    int64_t deadline = kafka_now_ms() + a->c.timeout_ms;
    while (!topic_visible(a, topic, want_present) && kafka_now_ms() < deadline) {
        if (check && check(ud)) return;
        rd_kafka_poll(a->c.rk, KAFKA_SLICE_MS * 2);
    }
}

/* Kafka's legal topic names: 1..249 of [a-zA-Z0-9._-], not "." or "..". */
static int valid_topic_name(const char *t) {
    size_t n = strlen(t);
    if (n == 0 || n > 249 || !strcmp(t, ".") || !strcmp(t, "..")) return 0;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

int kafka_admin_create_topic(kafka_admin *a, const char *topic, int partitions,
                             int replication_factor, const kafka_config *configs,
                             kafka_interrupt_fn check, void *ud, kafka_error *err) {
    kafka_error_clear(err);
    if (!topic || !valid_topic_name(topic))
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION,
                               "invalid topic name '%s': use 1 to 249 characters of a-z A-Z 0-9 . _ -",
                               topic ? topic : "");
    if (partitions < 1)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_INVALID_PARTITIONS, "number of partitions must be at least 1");
    if (replication_factor < 1)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR, "replication factor must be at least 1");
    if (kclient_ensure_up(&a->c, check, ud, err) < 0) return -1;
    if (is_mock(a)) {
        char bs[1024];
        if (!embedded_broker_running(bs, sizeof bs) || strcmp(bs, a->c.bootstrap) != 0)
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE,
                                   "this broker is a librdkafka mock cluster not run by the embedded "
                                   "broker daemon: it cannot create topics (produce to auto-create one "
                                   "with %d partitions)", EMBEDDED_DEFAULT_PARTITIONS);
        if (configs && configs->n)
            return kafka_error_set(err, RD_KAFKA_RESP_ERR_INVALID_CONFIG,
                                   "the embedded broker does not support topic configs (%s=…)", configs->items[0].key);
        if (embedded_broker_create_topic(topic, partitions, replication_factor, err) < 0) return -1;
        await_metadata(a, topic, 1, check, ud);
        return 0;
    }
    char es[512];
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(topic, partitions, replication_factor, es, sizeof es);
    if (!nt) return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "cannot create topic '%s': %s", topic, es);
    for (size_t i = 0; configs && i < configs->n; i++) {
        rd_kafka_resp_err_t e = rd_kafka_NewTopic_set_config(nt, configs->items[i].key, configs->items[i].value);
        if (e) {
            rd_kafka_NewTopic_destroy(nt);
            return kafka_error_set(err, e, "invalid topic config %s=%s", configs->items[i].key, configs->items[i].value);
        }
    }
    rd_kafka_queue_t *q = rd_kafka_queue_new(a->c.rk);
    rd_kafka_AdminOptions_t *opt = rd_kafka_AdminOptions_new(a->c.rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(opt, a->c.timeout_ms, es, sizeof es);
    rd_kafka_AdminOptions_set_request_timeout(opt, a->c.timeout_ms, es, sizeof es);
    rd_kafka_CreateTopics(a->c.rk, &nt, 1, opt, q);
    rd_kafka_event_t *ev = wait_event(a, q, a->c.timeout_ms + 2000, check, ud, err, "creating a topic");
    int rc = -1;
    if (ev) {
        rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
        if (e) {
            kclient_fail(&a->c, err, e, "create topic failed");
        } else {
            size_t cnt = 0;
            const rd_kafka_topic_result_t **res =
                rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &cnt);
            rd_kafka_resp_err_t te = cnt ? rd_kafka_topic_result_error(res[0]) : RD_KAFKA_RESP_ERR_NO_ERROR;
            if (te) {
                const char *msg = rd_kafka_topic_result_error_string(res[0]);
                kafka_error_set(err, te, "cannot create topic '%s': %s", topic, msg && *msg ? msg : rd_kafka_err2str(te));
            } else rc = 0;
        }
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_AdminOptions_destroy(opt);
    rd_kafka_queue_destroy(q);
    rd_kafka_NewTopic_destroy(nt);
    if (rc == 0) await_metadata(a, topic, 1, check, ud);
    return rc;
}

int kafka_admin_delete_topic(kafka_admin *a, const char *topic, kafka_interrupt_fn check,
                             void *ud, kafka_error *err) {
    kafka_error_clear(err);
    if (kclient_ensure_up(&a->c, check, ud, err) < 0) return -1;
    if (is_mock(a)) {   /* the daemon hides the topic; it must exist, as Kafka requires */
        kafka_topic_list tl = {0};
        if (kafka_admin_describe_topic(a, topic, &tl, check, ud, err) < 0) return -1;
        kafka_topic_list_free(&tl);
        if (embedded_broker_delete_topic(topic, err) < 0) {
            if (err->code == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE)   /* a daemon of an older build */
                kafka_error_set(err, RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE,
                                "the embedded broker now running was started by an older dstream-kernel "
                                "that cannot delete topics: stop it with %%kafka embedded stop (its topics "
                                "are dropped) and the next cell that needs it starts this build's");
            return -1;
        }
        await_metadata(a, topic, 0, check, ud);
        return 0;
    }
    char es[512];
    rd_kafka_DeleteTopic_t *dt = rd_kafka_DeleteTopic_new(topic);
    rd_kafka_queue_t *q = rd_kafka_queue_new(a->c.rk);
    rd_kafka_AdminOptions_t *opt = rd_kafka_AdminOptions_new(a->c.rk, RD_KAFKA_ADMIN_OP_DELETETOPICS);
    rd_kafka_AdminOptions_set_operation_timeout(opt, a->c.timeout_ms, es, sizeof es);
    rd_kafka_AdminOptions_set_request_timeout(opt, a->c.timeout_ms, es, sizeof es);
    rd_kafka_DeleteTopics(a->c.rk, &dt, 1, opt, q);
    rd_kafka_event_t *ev = wait_event(a, q, a->c.timeout_ms + 2000, check, ud, err, "deleting a topic");
    int rc = -1;
    if (ev) {
        rd_kafka_resp_err_t e = rd_kafka_event_error(ev);
        if (e) {
            kclient_fail(&a->c, err, e, "delete topic failed");
        } else {
            size_t cnt = 0;
            const rd_kafka_topic_result_t **res =
                rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev), &cnt);
            rd_kafka_resp_err_t te = cnt ? rd_kafka_topic_result_error(res[0]) : RD_KAFKA_RESP_ERR_NO_ERROR;
            if (te) {
                const char *msg = rd_kafka_topic_result_error_string(res[0]);
                kafka_error_set(err, te, "cannot delete topic '%s': %s", topic, msg && *msg ? msg : rd_kafka_err2str(te));
            } else rc = 0;
        }
        rd_kafka_event_destroy(ev);
    }
    rd_kafka_AdminOptions_destroy(opt);
    rd_kafka_queue_destroy(q);
    rd_kafka_DeleteTopic_destroy(dt);
    if (rc == 0) await_metadata(a, topic, 0, check, ud);
    return rc;
}
