/* common.c — records storage (a chunked arena so record pointers never move), the client core
 * (log/error capture, bounded and interruptible wait for a reachable broker) and small helpers
 * shared by producer, consumer, admin and the batch reader. */
#include "kafka/internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t kafka_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *kafka_ts_type_name(kafka_ts_type t) {
    switch (t) {
    case KAFKA_TS_CREATE_TIME: return "CreateTime";
    case KAFKA_TS_LOG_APPEND_TIME: return "LogAppendTime";
    default: return "NoTimestampType";
    }
}

/* ---- arena ---- */

typedef struct kchunk {
    struct kchunk *next;
    size_t used, cap;
    _Alignas(16) char data[];
} kchunk;

typedef struct karena {
    kchunk *head;
    const char *topics[32]; /* interned topic names */
    int ntopics;
} karena;

/* Chunks start small (many partitions, few records each) and double up to 1 MiB. */
#define KCHUNK_FIRST (16u << 10)
#define KCHUNK_MAX (1u << 20)

/* Memory of freed records kept for the next ones (KCHUNK_SPARE full-size chunks and one record
 * array): a batch read in pieces (a KafkaRDD's texts) frees a piece as the next is fetched, and
 * memory given back to the system and taken again costs a page fault per 4 KiB, which was ~5% of
 * a 1M-record read's CPU. Dropped by kafka_records_cache_drop (the batch reader's free). */
#define KCHUNK_SPARE 32
static pthread_mutex_t spare_mu = PTHREAD_MUTEX_INITIALIZER;
static kchunk *spare_chunks;
static int nspare_chunks;
static kafka_record *spare_items;
static size_t spare_items_cap;

static kchunk *chunk_new(size_t cap) {
    kchunk *c = NULL;
    if (cap == KCHUNK_MAX) {
        pthread_mutex_lock(&spare_mu);
        if ((c = spare_chunks)) { spare_chunks = c->next; nspare_chunks--; }
        pthread_mutex_unlock(&spare_mu);
    }
    if (!c && !(c = malloc(sizeof *c + cap))) return NULL;
    c->used = 0;
    c->cap = cap;
    return c;
}

static void chunk_free(kchunk *c) {
    if (c->cap == KCHUNK_MAX) {
        pthread_mutex_lock(&spare_mu);
        bool keep = nspare_chunks < KCHUNK_SPARE;
        if (keep) { c->next = spare_chunks; spare_chunks = c; nspare_chunks++; }
        pthread_mutex_unlock(&spare_mu);
        if (keep) return;
    }
    free(c);
}

void kafka_records_cache_drop(void) {
    pthread_mutex_lock(&spare_mu);
    kchunk *c = spare_chunks;
    kafka_record *items = spare_items;
    spare_chunks = NULL;
    nspare_chunks = 0;
    spare_items = NULL;
    spare_items_cap = 0;
    pthread_mutex_unlock(&spare_mu);
    for (kchunk *nx; c; c = nx) { nx = c->next; free(c); }
    free(items);
}

static void *arena_alloc(karena *a, size_t n) {
    n = (n + 7) & ~(size_t)7;
    if (!a->head || a->head->cap - a->head->used < n) {
        size_t cap = a->head ? a->head->cap * 2 : KCHUNK_FIRST;
        if (cap > KCHUNK_MAX) cap = KCHUNK_MAX;
        if (cap < n) cap = n;
        kchunk *c = chunk_new(cap);
        if (!c) return NULL;
        c->next = a->head;
        a->head = c;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

/* Copies len bytes plus a NUL; NULL data stays NULL. */
static int arena_bytes(karena *a, const void *data, size_t len, const void **out) {
    if (!data) { *out = NULL; return 0; }
    char *p = arena_alloc(a, len + 1);
    if (!p) return -1;
    if (len) memcpy(p, data, len);
    p[len] = 0;
    *out = p;
    return 0;
}

static const char *arena_topic(karena *a, const char *t) {
    for (int i = 0; i < a->ntopics; i++)
        if (a->topics[i] == t || strcmp(a->topics[i], t) == 0) return a->topics[i];
    const void *p;
    if (arena_bytes(a, t, strlen(t), &p) < 0) return NULL;
    if (a->ntopics < (int)(sizeof a->topics / sizeof a->topics[0])) a->topics[a->ntopics++] = p;
    return p;
}

void kafka_records_free(kafka_records *r) {
    if (!r) return;
    karena *a = r->arena_;
    if (a) {
        for (kchunk *c = a->head, *nx; c; c = nx) {
            nx = c->next;
            chunk_free(c);
        }
        free(a);
    }
    if (r->items && r->cap >= 4096) {   /* the larger array is kept */
        pthread_mutex_lock(&spare_mu);
        if (r->cap > spare_items_cap) {
            kafka_record *t = spare_items;
            spare_items = r->items;
            spare_items_cap = r->cap;
            r->items = t;
        }
        pthread_mutex_unlock(&spare_mu);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}

int krecords_reserve(kafka_records *r, size_t n) {
    if (r->cap - r->n >= n) return 0;
    if (!r->items && n >= 4096) {
        pthread_mutex_lock(&spare_mu);
        if (spare_items_cap >= n) {
            r->items = spare_items;
            r->cap = spare_items_cap;
            spare_items = NULL;
            spare_items_cap = 0;
        }
        pthread_mutex_unlock(&spare_mu);
        if (r->items) return 0;
    }
    size_t ncap = r->cap ? r->cap : 64;
    while (ncap - r->n < n) ncap *= 2;
    kafka_record *ni = realloc(r->items, ncap * sizeof *ni);
    if (!ni) return -1;
    r->items = ni;
    r->cap = ncap;
    return 0;
}

int krecords_add(kafka_records *r, const rd_kafka_message_t *m, bool headers) {
    if (!r->arena_ && !(r->arena_ = calloc(1, sizeof(karena)))) return -1;
    if (r->n == r->cap && krecords_reserve(r, 1) < 0) return -1;
    karena *a = r->arena_;
    kafka_record *rec = &r->items[r->n];
    memset(rec, 0, sizeof *rec);
    rec->topic = arena_topic(a, m->rkt ? rd_kafka_topic_name(m->rkt) : "");
    if (!rec->topic) return -1;
    rec->partition = m->partition;
    rec->offset = m->offset;
    rd_kafka_timestamp_type_t tt;
    rec->timestamp = rd_kafka_message_timestamp(m, &tt);
    rec->timestamp_type = tt == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? KAFKA_TS_CREATE_TIME
                          : tt == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? KAFKA_TS_LOG_APPEND_TIME
                                                                     : KAFKA_TS_NONE;
    if (arena_bytes(a, m->key, m->key_len, &rec->key) < 0) return -1;
    rec->key_len = m->key ? m->key_len : 0;
    if (arena_bytes(a, m->payload, m->len, &rec->value) < 0) return -1;
    rec->value_len = m->payload ? m->len : 0;
    rd_kafka_headers_t *hdrs = NULL;
    if (headers && rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
        size_t nh = rd_kafka_header_cnt(hdrs);
        kafka_header *hv = arena_alloc(a, nh * sizeof *hv);
        if (!hv) return -1;
        for (size_t i = 0; i < nh; i++) {
            const char *name;
            const void *val;
            size_t vlen;
            if (rd_kafka_header_get_all(hdrs, i, &name, &val, &vlen)) { nh = i; break; }
            const void *kp;
            if (arena_bytes(a, name, strlen(name), &kp) < 0) return -1;
            hv[i].key = kp;
            if (arena_bytes(a, val, vlen, &hv[i].value) < 0) return -1;
            hv[i].value_len = val ? vlen : 0;
        }
        rec->headers = hv;
        rec->nheaders = nh;
    }
    r->n++;
    return 0;
}

/* ---- client core ---- */

static kafka_client *client_of(const rd_kafka_t *rk) {
    return (kafka_client *)rd_kafka_opaque(rk);
}

static void note_problem(kafka_client *c, const char *text) {
    pthread_mutex_lock(&c->mu);
    snprintf(c->last_problem, sizeof c->last_problem, "%s", text);
    pthread_mutex_unlock(&c->mu);
}

static void log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
    kafka_client *c = client_of(rk);
    if (getenv("DSTREAM_KAFKA_DEBUG")) fprintf(stderr, "rdkafka %lld %d %s: %s\n", (long long)kafka_now_ms(), level, fac, buf);
    if (c && level <= 4) note_problem(c, buf);
}

static void error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque) {
    (void)err;
    kafka_client *c = opaque ? opaque : client_of(rk);
    if (c) note_problem(c, reason);
}

rd_kafka_conf_t *kclient_conf(kafka_client *c, const kafka_config *cfg, kafka_role role,
                              void *opaque, kafka_error *err) {
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    kafka_settings s;
    rd_kafka_conf_t *conf = kafka_config_build(cfg, role, &s, err);
    if (!conf) return NULL;
    c->timeout_ms = s.timeout_ms;
    c->max_poll_records = s.max_poll_records;
    const char *bs = kafka_config_get(cfg, "bootstrap.servers");
    if (!bs) bs = kafka_config_get(cfg, "metadata.broker.list");
    c->bootstrap = strdup(bs ? bs : "");
    if (!bs || !*bs) {
        rd_kafka_conf_destroy(conf);
        kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                        "no Kafka brokers configured: set bootstrap.servers");
        return NULL;
    }
    rd_kafka_conf_set_log_cb(conf, log_cb);
    rd_kafka_conf_set_error_cb(conf, error_cb);
    rd_kafka_conf_set_opaque(conf, opaque);
    return conf;
}

int kclient_start(kafka_client *c, rd_kafka_type_t type, rd_kafka_conf_t *conf, kafka_error *err) {
    char es[512];
    c->rk = rd_kafka_new(type, conf, es, sizeof es);
    if (!c->rk) {
        rd_kafka_conf_destroy(conf);
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG, "cannot create Kafka %s: %s",
                               type == RD_KAFKA_PRODUCER ? "producer" : "consumer", es);
    }
    return 0;
}

void kclient_close(kafka_client *c) {
    if (c->rk) rd_kafka_destroy(c->rk);
    c->rk = NULL;
    free(c->bootstrap);
    c->bootstrap = NULL;
    pthread_mutex_destroy(&c->mu);
}

int kafka_interrupted(kafka_error *err, const char *what) {
    return kafka_error_set(err, RD_KAFKA_RESP_ERR__INTR, "interrupted while %s", what);
}

static int unreachable(kafka_client *c, kafka_error *err) {
    char problem[512];
    pthread_mutex_lock(&c->mu);
    snprintf(problem, sizeof problem, "%s", c->last_problem);
    pthread_mutex_unlock(&c->mu);
    kafka_error_set(err, RD_KAFKA_RESP_ERR__TIMED_OUT,
                    "no Kafka broker reachable at %s within %d ms%s%s "
                    "(the bound is max.block.ms / default.api.timeout.ms)",
                    c->bootstrap, c->timeout_ms, problem[0] ? ": " : "", problem);
    if (err) err->unreachable = true;
    return -1;
}

int kclient_ensure_up(kafka_client *c, kafka_interrupt_fn check, void *ud, kafka_error *err) {
    if (c->up) return 0;
    int64_t deadline = kafka_now_ms() + c->timeout_ms;
    for (;;) {
        const struct rd_kafka_metadata *md = NULL;
        int64_t left = deadline - kafka_now_ms();
        if (left <= 0) return unreachable(c, err);
        int slice = left < 200 ? (int)left : 200;
        rd_kafka_resp_err_t e = rd_kafka_metadata(c->rk, 0, NULL, &md, slice);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_metadata_destroy(md);
            c->up = 1;
            return 0;
        }
        if (e != RD_KAFKA_RESP_ERR__TRANSPORT && e != RD_KAFKA_RESP_ERR__TIMED_OUT)
            return kafka_error_set(err, e, "metadata request to %s failed: %s", c->bootstrap,
                                   rd_kafka_err2str(e));
        if (check && check(ud)) return kafka_interrupted(err, "waiting for a Kafka broker");
        /* rd_kafka_metadata returns at once when no broker is usable yet: pace the loop */
        if (e == RD_KAFKA_RESP_ERR__TRANSPORT) {
            struct timespec ts = {0, KAFKA_SLICE_MS * 1000000L};
            nanosleep(&ts, NULL);
        }
        if (rd_kafka_type(c->rk) == RD_KAFKA_PRODUCER) rd_kafka_poll(c->rk, 0);
    }
}

int kclient_fail(kafka_client *c, kafka_error *err, rd_kafka_resp_err_t code, const char *what) {
    if (code == RD_KAFKA_RESP_ERR__TRANSPORT || code == RD_KAFKA_RESP_ERR__TIMED_OUT ||
        code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
        char problem[512];
        pthread_mutex_lock(&c->mu);
        snprintf(problem, sizeof problem, "%s", c->last_problem);
        pthread_mutex_unlock(&c->mu);
        return kafka_error_set(err, code, "%s: %s (brokers %s%s%s)", what, rd_kafka_err2str(code),
                               c->bootstrap, problem[0] ? "; " : "", problem);
    }
    return kafka_error_set(err, code, "%s: %s", what, rd_kafka_err2str(code));
}
