/* kafka_rdd.c — the lazy KafkaRDD of the direct stream and of KafkaUtils.createRDD: its offset
 * ranges are fixed when it is made (at batch time for a stream), and each partition is fetched
 * from Kafka when a job reads it, as Spark's KafkaRDD.compute does — again for every job. count
 * and isEmpty come from the ranges without fetching (Spark's KafkaRDD overrides them). The
 * reader (one consumer) is shared with the stream that planned the ranges and lives as long as
 * the last RDD that may fetch with it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka/batch.h"
#include "spark/kafka/kafka_internal.h"
#include "spark/spark.h"

/* A partition being fetched ahead on a thread of its own (krdd_prefetch) while the job works on
 * the one before: the thread only reads Kafka into a kafka_batch (no interpreter values); the
 * job's next fetch with the reader joins it first, and takes its records if they are the ones
 * it wants. Errors, the interrupt included, surface then, where the fetch would have raised. */
typedef struct {
    bool running;
    pthread_t th;
    kafka_batch_reader *r;
    const void *owner;   /* the KafkaLazy, partition and offsets it fetches */
    int p;
    int64_t from, until;
    Interp *I;           /* for the interrupt flag only (atomic) */
    atomic_int cancel;
    kafka_batch b;
    int rc;
    kafka_error err;
    int64_t ms;
} KPrefetch;

struct KReader { int refs; kafka_batch_reader *r; KPrefetch pf; };

KReader *kreader_wrap(kafka_batch_reader *r) {
    KReader *k = calloc(1, sizeof *k);
    k->refs = 1;
    k->r = r;
    return k;
}

/* Waits for the fetch ahead, if any; it stays in k->pf for the caller to take or drop. */
static void kprefetch_join(KReader *k) {
    if (!k->pf.running) return;
    pthread_join(k->pf.th, NULL);
    k->pf.running = false;
}
static void kprefetch_drop(KReader *k) {
    if (k->pf.running) atomic_store(&k->pf.cancel, 1);
    kprefetch_join(k);
    kafka_batch_free(&k->pf.b);
    k->pf.owner = NULL;
}

void kreader_release(KReader *k) {
    if (!k || --k->refs > 0) return;
    kprefetch_drop(k);
    kafka_batch_reader_free(k->r);
    free(k);
}

Value kafka_records_seq(kafka_batch_partition *p) {
    Value seq = seq_new(SEQ_LIST, p->records.n), topic = str_cstr(p->topic);
    for (size_t j = 0; j < p->records.n; j++) seq_push(seq, kafka_consumer_record_new(&p->records.items[j], topic));
    val_decref(topic);
    kafka_records_free(&p->records);
    return seq;
}

typedef struct { char *topic; int32_t partition; int64_t from, until; } KRange;
typedef struct { KReader *kr; KRange *ranges; int n; Interp *I; } KafkaLazy;

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How many partitions KafkaRDDs have fetched in this process (the kernel's --stats, tests). */
static int64_t fetched_partitions;
int64_t kafka_rdd_fetches(void) { return fetched_partitions; }

static void krange_batch(const KRange *g, int64_t from, int64_t until, bool no_headers, kafka_batch *b) {
    *b = (kafka_batch){.no_headers = no_headers};
    b->parts = calloc(1, sizeof *b->parts);
    b->n = 1;
    b->parts[0] = (kafka_batch_partition){.topic = strdup(g->topic), .partition = g->partition,
                                          .requested = from, .from = from, .until = until};
}

static void trace_fetch(const KRange *g, int64_t from, int64_t until, const kafka_batch *b, int64_t ms, const char *how) {
    const char *trace = getenv("DSTREAM_TRACE_FETCH");
    FILE *f = trace ? fopen(trace, "a") : NULL;
    if (!f) return;
    fprintf(f, "fetch %s-%d [%lld,%lld) %zu records %lld ms%s\n", g->topic, (int)g->partition, (long long)from,
            (long long)until, b->n ? b->parts[0].records.n : 0, (long long)ms, how);
    fclose(f);
}

static int prefetch_check(void *ud) {
    KPrefetch *pf = ud;
    return atomic_load(&pf->cancel) || interp_interrupted(pf->I);
}
static void *prefetch_run(void *ud) {
    KPrefetch *pf = ud;
    int64_t t0 = mono_ms();
    pf->rc = kafka_batch_reader_fetch(pf->r, &pf->b, prefetch_check, pf, &pf->err);
    pf->ms = mono_ms() - t0;
    return NULL;
}

/* Fetches offsets [from, until) of partition p into *b (from the fetch ahead when it is that
 * one, with headers if the caller wants them); false with an exception. */
static bool krdd_fetch_range(Interp *I, KafkaLazy *k, int p, int64_t from, int64_t until, bool no_headers, kafka_batch *b) {
    const KRange *g = &k->ranges[p];
    KPrefetch *pf = &k->kr->pf;
    kafka_error err;
    kafka_error_clear(&err);
    int rc;
    int64_t t0 = mono_ms();
    kprefetch_join(k->kr);
    /* fetched ahead: take it, unless an interrupt ended it (an interrupt since cleared must not
     * surface now: fetch again, and a pending one ends that fetch) */
    if (pf->owner == k && pf->p == p && pf->from == from && pf->until == until && (no_headers || !pf->b.no_headers) &&
        !(pf->rc && !strcmp(pf->err.name, "_INTR"))) {
        *b = pf->b;
        pf->b = (kafka_batch){0};
        pf->owner = NULL;
        rc = pf->rc;
        err = pf->err;
        if (from < until && from == g->from) fetched_partitions++;
        trace_fetch(g, from, until, b, pf->ms, mono_ms() - t0 > 0 ? " (ahead, waited)" : " (ahead)");
    } else {
        kprefetch_drop(k->kr);
        krange_batch(g, from, until, no_headers, b);
        if (from < until && from == g->from) fetched_partitions++;
        rc = kafka_batch_reader_fetch(k->kr->r, b, kafka_interp_check, I, &err);
        trace_fetch(g, from, until, b, mono_ms() - t0, "");
    }
    if (rc == 0) return true;
    kafka_batch_free(b);
    if (!strcmp(err.name, "_INTR")) return kafka_throw(I, &err);
    /* as Spark reports a task of a job that could not read its partition */
    return interp_throw(I, "org.apache.spark.SparkException", "Job aborted due to stage failure: Task %d in stage 0.0 "
                        "failed 1 times, most recent failure: Lost task %d.0 in stage 0.0 (TID %d) (KafkaRDD %s-%d, "
                        "offsets [%lld, %lld)): %s: %s", p, p, p, g->topic, (int)g->partition,
                        (long long)g->from, (long long)g->until, err.name, err.message);
}

/* Partition p's range, at most limit records of it. */
static bool krdd_fetch(Interp *I, KafkaLazy *k, int p, size_t limit, kafka_batch *b) {
    const KRange *g = &k->ranges[p];
    int64_t until = g->until;
    if (limit != SIZE_MAX && g->from + (int64_t)limit < until) until = g->from + (int64_t)limit;
    return krdd_fetch_range(I, k, p, g->from, until, false, b);
}

/* The records a fetch for texts reads at once (~14 MB of tweets): spark.read.json holds one such
 * piece and the one fetched ahead, whatever the partition's size. */
#define TEXTS_CHUNK 65536
static void texts_range(const KRange *g, int64_t at, int64_t *from, int64_t *until) {
    *from = g->from + at;
    if (*from > g->until) *from = g->until;
    *until = g->until - *from > TEXTS_CHUNK ? *from + TEXTS_CHUNK : g->until;
}

static bool krdd_compute(Interp *I, void *ctx, int p, size_t limit, Value *out) {
    kafka_batch b;
    if (!krdd_fetch(I, ctx, p, limit, &b)) return false;
    *out = kafka_records_seq(&b.parts[0]);
    kafka_batch_free(&b);
    return true;
}

/* map(r => r.value) (or key, topic, partition, offset) without the ConsumerRecords: the values
 * as kafka_consumer_record_new and ConsumerRecord's accessors give them. */
typedef enum { KP_VALUE, KP_KEY, KP_TOPIC, KP_PARTITION, KP_OFFSET } KProj;
static int krdd_project(Interp *I, void *ctx, int p, size_t limit, const char *member, Value *out) {
    static const char *const names[] = {"value", "key", "topic", "partition", "offset"};
    int what = -1;
    for (int i = 0; i < 5; i++) if (!strcmp(member, names[i])) what = i;
    if (what < 0) return 0;
    kafka_batch b;
    if (!krdd_fetch(I, ctx, p, limit, &b)) return -1;
    kafka_records *rs = &b.parts[0].records;
    Value seq = seq_new(SEQ_LIST, rs->n), topic = str_cstr(b.parts[0].topic);
    for (size_t j = 0; j < rs->n; j++) {
        const kafka_record *x = &rs->items[j];
        Value v;
        switch ((KProj)what) {
        case KP_VALUE: v = x->value ? str_new(x->value, x->value_len) : v_null(); break;
        case KP_KEY: v = x->key ? str_new(x->key, x->key_len) : v_null(); break;
        case KP_TOPIC: v = topic; val_incref(v); break;
        case KP_PARTITION: v = v_int(x->partition); break;
        default: v = v_long(x->offset); break;
        }
        seq_push(seq, v);
    }
    val_decref(topic);
    kafka_batch_free(&b);
    *out = seq;
    return 1;
}
/* Starts fetching on a thread what the job reads next (rdd_prefetch): partition p whole (at < 0)
 * or its texts from cursor at; k->n: nothing. */
static void krdd_prefetch(void *ctx, int p, int64_t at) {
    KafkaLazy *k = ctx;
    KPrefetch *pf = &k->kr->pf;
    if (p == k->n) {   /* nothing more: the records' spare memory (a piece's worth) goes back now */
        kafka_records_cache_drop();
        return;
    }
    if (p < 0 || p > k->n) return;
    const KRange *g = &k->ranges[p];
    int64_t from = g->from, until = g->until;
    if (at >= 0) texts_range(g, at, &from, &until);
    if (from >= until) return;
    if ((pf->running || pf->b.n) && pf->owner == k && pf->p == p && pf->from == from && pf->until == until &&
        pf->b.no_headers == (at >= 0))
        return;
    kprefetch_drop(k->kr);
    krange_batch(g, from, until, at >= 0, &pf->b);   /* texts: values or keys only */
    pf->owner = k;
    pf->p = p;
    pf->from = from;
    pf->until = until;
    pf->I = k->I;
    atomic_store(&pf->cancel, 0);
    kafka_error_clear(&pf->err);
    pf->rc = 0;
    pf->r = k->kr->r;
    pf->running = pthread_create(&pf->th, NULL, prefetch_run, pf) == 0;
    if (!pf->running) kprefetch_drop(k->kr);   /* no thread: the job fetches it itself */
}

static void batch_owner_free(void *b) { kafka_batch_free(b); free(b); }
static int krdd_project_texts(Interp *I, void *ctx, int p, int64_t at, const char *member, RddTexts *out) {
    bool key = !strcmp(member, "key");
    if (!key && strcmp(member, "value")) return 0;
    KafkaLazy *k = ctx;
    int64_t from, until;
    texts_range(&k->ranges[p], at, &from, &until);
    kafka_batch *b = malloc(sizeof *b);
    if (!krdd_fetch_range(I, k, p, from, until, true, b)) { free(b); return -1; }
    out->next = until < k->ranges[p].until ? until - k->ranges[p].from : -1;
    kafka_records *rs = &b->parts[0].records;
    out->n = rs->n;
    out->s = malloc((rs->n ? rs->n : 1) * sizeof *out->s);
    out->len = malloc((rs->n ? rs->n : 1) * sizeof *out->len);
    for (size_t j = 0; j < rs->n; j++) {   /* a record's key and value are NUL-terminated (kafka/common.h) */
        const kafka_record *x = &rs->items[j];
        out->s[j] = key ? x->key : x->value;
        out->len[j] = key ? x->key_len : x->value_len;
    }
    out->owner = b;
    out->free_owner = batch_owner_free;
    return 1;
}

static int64_t krdd_count(void *ctx, int p) {
    const KRange *g = &((KafkaLazy *)ctx)->ranges[p];
    return g->until > g->from ? g->until - g->from : 0;
}
static void krdd_free(void *ctx) {
    KafkaLazy *k = ctx;
    if (k->kr->pf.owner == k) kprefetch_drop(k->kr);
    for (int i = 0; i < k->n; i++) free(k->ranges[i].topic);
    free(k->ranges);
    kreader_release(k->kr);
    free(k);
}

Value kafka_rdd_new(Interp *I, const char *origin, KReader *kr, const kafka_batch *planned) {
    KafkaLazy *k = calloc(1, sizeof *k);
    k->kr = kr;
    k->I = I;
    kr->refs++;
    k->n = (int)planned->n;
    k->ranges = calloc(planned->n ? planned->n : 1, sizeof *k->ranges);
    for (size_t i = 0; i < planned->n; i++) {
        const kafka_batch_partition *p = &planned->parts[i];
        k->ranges[i] = (KRange){strdup(p->topic), p->partition, p->from, p->until};
    }
    Value v = rdd_make_lazy(I, "KafkaRDD", origin, k->n,
                            &(RddSource){.compute = krdd_compute, .project = krdd_project, .project_texts = krdd_project_texts, .prefetch = krdd_prefetch, .count = krdd_count, .free = krdd_free, .ctx = k, .I = I});
    rdd_peek(v)->elem_type = strdup("org.apache.kafka.clients.consumer.ConsumerRecord[String,String]");
    return v;
}
