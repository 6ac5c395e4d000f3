/* kafka_rdd.c — the lazy KafkaRDD of the direct stream and of KafkaUtils.createRDD: its offset
 * ranges are fixed when it is made (at batch time for a stream), and each partition is fetched
 * from Kafka when a job reads it, as Spark's KafkaRDD.compute does — again for every job. count
 * and isEmpty come from the ranges without fetching (Spark's KafkaRDD overrides them). The
 * reader (one consumer) is shared with the stream that planned the ranges and lives as long as
 * the last RDD that may fetch with it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka/batch.h"
#include "spark/kafka/kafka_internal.h"
#include "spark/spark.h"

struct KReader { int refs; kafka_batch_reader *r; };

KReader *kreader_wrap(kafka_batch_reader *r) {
    KReader *k = malloc(sizeof *k);
    k->refs = 1;
    k->r = r;
    return k;
}
void kreader_release(KReader *k) {
    if (!k || --k->refs > 0) return;
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
typedef struct { KReader *kr; KRange *ranges; int n; } KafkaLazy;

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How many partitions KafkaRDDs have fetched in this process (the kernel's --stats, tests). */
static int64_t fetched_partitions;
int64_t kafka_rdd_fetches(void) { return fetched_partitions; }

static bool krdd_compute(Interp *I, void *ctx, int p, size_t limit, Value *out) {
    KafkaLazy *k = ctx;
    const KRange *g = &k->ranges[p];
    int64_t until = g->until;
    if (limit != SIZE_MAX && g->from + (int64_t)limit < until) until = g->from + (int64_t)limit;
    kafka_batch b = {0};
    b.parts = calloc(1, sizeof *b.parts);
    b.n = 1;
    b.parts[0] = (kafka_batch_partition){.topic = strdup(g->topic), .partition = g->partition,
                                         .requested = g->from, .from = g->from, .until = until};
    kafka_error err;
    kafka_error_clear(&err);
    if (g->from < until) fetched_partitions++;
    int64_t t0 = mono_ms();
    int rc = kafka_batch_reader_fetch(k->kr->r, &b, kafka_interp_check, I, &err);
    const char *trace = getenv("DSTREAM_TRACE_FETCH");
    if (trace) {
        FILE *f = fopen(trace, "a");
        if (f) { fprintf(f, "fetch %s-%d [%lld,%lld) %zu records %lld ms\n", g->topic, (int)g->partition, (long long)g->from, (long long)until, b.parts[0].records.n, (long long)(mono_ms() - t0)); fclose(f); }
    }
    if (rc != 0) {
        kafka_batch_free(&b);
        if (!strcmp(err.name, "_INTR")) return kafka_throw(I, &err);
        /* as Spark reports a task of a job that could not read its partition */
        return interp_throw(I, "org.apache.spark.SparkException", "Job aborted due to stage failure: Task %d in stage 0.0 "
                            "failed 1 times, most recent failure: Lost task %d.0 in stage 0.0 (TID %d) (KafkaRDD %s-%d, "
                            "offsets [%lld, %lld)): %s: %s", p, p, p, g->topic, (int)g->partition,
                            (long long)g->from, (long long)g->until, err.name, err.message);
    }
    *out = kafka_records_seq(&b.parts[0]);
    kafka_batch_free(&b);
    return true;
}
static int64_t krdd_count(void *ctx, int p) {
    const KRange *g = &((KafkaLazy *)ctx)->ranges[p];
    return g->until > g->from ? g->until - g->from : 0;
}
static void krdd_free(void *ctx) {
    KafkaLazy *k = ctx;
    for (int i = 0; i < k->n; i++) free(k->ranges[i].topic);
    free(k->ranges);
    kreader_release(k->kr);
    free(k);
}

Value kafka_rdd_new(Interp *I, const char *origin, KReader *kr, const kafka_batch *planned) {
    KafkaLazy *k = calloc(1, sizeof *k);
    k->kr = kr;
    kr->refs++;
    k->n = (int)planned->n;
    k->ranges = calloc(planned->n ? planned->n : 1, sizeof *k->ranges);
    for (size_t i = 0; i < planned->n; i++) {
        const kafka_batch_partition *p = &planned->parts[i];
        k->ranges[i] = (KRange){strdup(p->topic), p->partition, p->from, p->until};
    }
    Value v = rdd_make_lazy(I, "KafkaRDD", origin, k->n,
                            &(RddSource){.compute = krdd_compute, .count = krdd_count, .free = krdd_free, .ctx = k, .I = I});
    rdd_peek(v)->elem_type = strdup("org.apache.kafka.clients.consumer.ConsumerRecord[String,String]");
    return v;
}
