/* kcli.c — a small command-line client over kernel/kafka/, used to check the layer against kcat
 * by hand or from pytest, and to time it against kcat on the same broker and data.
 *
 *   kcli produce BOOTSTRAP TOPIC [FILE] [-K SEP] [-p PART] [-T MS[,STEP]]
 *                                             one record per line (key SEP value); -T gives the
 *                                             records fixed CreateTimes: MS (ms since the epoch) for
 *                                             the first, STEP ms more for each next (default 0) —
 *                                             through librdkafka itself (the layer's send() takes
 *                                             no timestamp): records the same in every run
 *   kcli dump BOOTSTRAP TOPIC                 every record, "%p %o %k %s" lines (kcat -f format)
 *   kcli count BOOTSTRAP TOPIC                batch-read everything, print "N records in T ms"
 *   kcli create BOOTSTRAP TOPIC PARTITIONS [K=V...]
 *                                             create a topic (any broker, embedded included),
 *                                             with topic configs (e.g. retention.ms=-1)
 *   kcli embedded ensure|status|stop|create NAME P RF
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -O2 -Ikernel tests/kafka/kcli.c kernel/kafka/ *.c \
 *        $(pkg-config --cflags --libs rdkafka jansson) -lpthread -o build/kcli */
#include "kafka/admin.h"
#include "kafka/batch.h"
#include "kafka/embedded.h"
#include "kafka/producer.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int usage(void) {
    fprintf(stderr, "usage: kcli produce|dump|count BOOTSTRAP TOPIC ... | kcli embedded ensure|status|stop|create NAME P RF\n");
    return 2;
}

static int timed_failed;

static void timed_report(rd_kafka_t *rk, const rd_kafka_message_t *m, void *ud) {
    if (m->err && !timed_failed++) fprintf(stderr, "%s\n", rd_kafka_err2str(m->err));
}

/* produce -T: librdkafka's producer with each record's timestamp given (CreateTime). */
static int produce_timed(const char *bs, const char *topic, FILE *in, const char *sep, int part,
                         long long ts, long long step) {
    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bs, err, sizeof err) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "enable.idempotence", "true", err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "%s\n", err);
        rd_kafka_conf_destroy(conf);
        return 1;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, timed_report);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) { fprintf(stderr, "%s\n", err); rd_kafka_conf_destroy(conf); return 1; }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long long sent = 0;
    int rc = 0;
    int64_t t0 = ms();
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n') line[--n] = 0;
        char *key = NULL, *val = line;
        size_t kl = 0, vl = (size_t)n;
        if (sep) {
            char *s = strstr(line, sep);
            if (s) { key = line; kl = (size_t)(s - line); val = s + strlen(sep); vl = (size_t)n - kl - strlen(sep); }
        }
        rd_kafka_resp_err_t e;
        while ((e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(part < 0 ? RD_KAFKA_PARTITION_UA : part),
                                      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, kl),
                                      RD_KAFKA_V_VALUE(val, vl), RD_KAFKA_V_TIMESTAMP(ts), RD_KAFKA_V_END))
               == RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(rk, 100);
        if (e) { fprintf(stderr, "%s\n", rd_kafka_err2str(e)); rc = 1; break; }
        sent++;
        ts += step;
    }
    free(line);
    rd_kafka_resp_err_t fe = rd_kafka_flush(rk, 60000);
    if (fe) { fprintf(stderr, "flush: %s\n", rd_kafka_err2str(fe)); rc = 1; }
    rd_kafka_destroy(rk);
    if (timed_failed) rc = 1;
    fprintf(stderr, "%lld records sent, %d failed, in %lld ms\n", sent, timed_failed, (long long)(ms() - t0));
    return rc;
}

static int produce(const char *bs, const char *topic, int argc, char **argv) {
    const char *file = NULL, *sep = NULL;
    int part = -1, timed = 0;
    long long ts = 0, step = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-K") && i + 1 < argc) sep = argv[++i];
        else if (!strcmp(argv[i], "-p") && i + 1 < argc) part = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-T") && i + 1 < argc) {
            char *end;
            ts = strtoll(argv[++i], &end, 10);
            if (*end == ',') step = strtoll(end + 1, &end, 10);
            if (*end || ts < 0) { fprintf(stderr, "kcli produce: -T takes MS or MS,STEP (got %s)\n", argv[i]); return 2; }
            timed = 1;
        } else file = argv[i];
    }
    FILE *in = file ? fopen(file, "r") : stdin;
    if (!in) { perror(file); return 1; }
    if (timed) {
        int rc = produce_timed(bs, topic, in, sep, part, ts, step);
        if (in != stdin) fclose(in);
        return rc;
    }
    kafka_config c;
    kafka_error e;
    kafka_config_init(&c);
    kafka_config_set(&c, "bootstrap.servers", bs);
    /* extra settings: KCLI_CONF="k=v;k=v" */
    char *extra = getenv("KCLI_CONF") ? strdup(getenv("KCLI_CONF")) : NULL, *save = NULL;
    for (char *kv = extra ? strtok_r(extra, ";", &save) : NULL; kv; kv = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(kv, '=');
        if (eq) { *eq = 0; kafka_config_set(&c, kv, eq + 1); }
    }
    free(extra);
    kafka_producer *p = kafka_producer_new(&c, &e);
    kafka_config_free(&c);
    if (!p) { fprintf(stderr, "%s: %s\n", e.name, e.message); return 1; }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int64_t t0 = ms();
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n') line[--n] = 0;
        const char *key = NULL, *val = line;
        size_t kl = 0, vl = (size_t)n;
        if (sep) {
            char *s = strstr(line, sep);
            if (s) { key = line; kl = (size_t)(s - line); val = s + strlen(sep); vl = (size_t)n - kl - strlen(sep); }
        }
        if (kafka_producer_send(p, topic, part, key, kl, val, vl, NULL, 0, NULL, NULL, NULL, NULL, &e)) {
            fprintf(stderr, "%s: %s\n", e.name, e.message);
            break;
        }
    }
    free(line);
    if (in != stdin) fclose(in);
    char summary[512];
    kafka_producer_stats st;
    int rc = kafka_producer_close(p, -1, NULL, NULL, &st, summary, sizeof summary);
    fprintf(stderr, "%s in %lld ms\n", summary, (long long)(ms() - t0));
    return rc ? 1 : 0;
}

static int read_all(const char *bs, const char *topic, int print) {
    kafka_config c;
    kafka_error e;
    kafka_config_init(&c);
    kafka_config_set(&c, "bootstrap.servers", bs);
    kafka_batch_reader *r = kafka_batch_reader_new(&c, &e);
    kafka_config_free(&c);
    if (!r) { fprintf(stderr, "%s: %s\n", e.name, e.message); return 1; }
    const char *topics[] = {topic};
    kafka_tpo *tps;
    size_t n;
    kafka_batch b = {0};
    int64_t t0 = ms();
    int rc = kafka_batch_reader_partitions(r, topics, 1, KAFKA_OFFSET_BEGINNING, &tps, &n, NULL, NULL, &e);
    if (!rc) {
        rc = kafka_batch_reader_read(r, tps, n, 0, NULL, NULL, &b, &e);
        free(tps);
    }
    int64_t t1 = ms();
    if (rc) fprintf(stderr, "%s: %s\n", e.name, e.message);
    else if (print) {
        for (size_t i = 0; i < b.n; i++)
            for (size_t j = 0; j < b.parts[i].records.n; j++) {
                const kafka_record *x = &b.parts[i].records.items[j];
                printf("%d %lld ", (int)x->partition, (long long)x->offset);
                if (x->key) fwrite(x->key, 1, x->key_len, stdout);
                putchar(' ');
                if (x->value) fwrite(x->value, 1, x->value_len, stdout);
                putchar('\n');
            }
    } else {
        printf("%lld records in %lld ms\n", (long long)b.total, (long long)(t1 - t0));
    }
    kafka_batch_free(&b);
    kafka_batch_reader_free(r);
    return rc ? 1 : 0;
}

static int create(const char *bs, const char *topic, int partitions, int argc, char **argv) {
    kafka_config c, topic_conf;
    kafka_error e;
    kafka_config_init(&topic_conf);
    for (int i = 0; i < argc; i++) {     /* topic configs: K=V */
        char *eq = strchr(argv[i], '=');
        if (!eq || eq == argv[i]) {
            fprintf(stderr, "kcli create: a topic config is K=V (got %s)\n", argv[i]);
            kafka_config_free(&topic_conf);
            return 2;
        }
        *eq = 0;
        kafka_config_set(&topic_conf, argv[i], eq + 1);
    }
    kafka_config_init(&c);
    kafka_config_set(&c, "bootstrap.servers", bs);
    kafka_admin *a = kafka_admin_new(&c, &e);
    kafka_config_free(&c);
    int rc = a ? kafka_admin_create_topic(a, topic, partitions, 1, argc ? &topic_conf : NULL, NULL, NULL, &e) : -1;
    if (rc) fprintf(stderr, "%s: %s\n", e.name, e.message);
    kafka_admin_free(a);
    kafka_config_free(&topic_conf);
    return rc ? 1 : 0;
}

static int embedded(int argc, char **argv) {
    kafka_error e;
    char buf[2048], err[512];
    if (argc < 1) return usage();
    if (!strcmp(argv[0], "ensure")) {
        if (embedded_broker_ensure(buf, sizeof buf, err, sizeof err)) { fprintf(stderr, "%s\n", err); return 1; }
        printf("%s\n", buf);
        return 0;
    }
    int rc;
    if (!strcmp(argv[0], "status")) rc = embedded_broker_status(buf, sizeof buf, &e);
    else if (!strcmp(argv[0], "stop")) rc = embedded_broker_stop(&e), snprintf(buf, sizeof buf, "stopped");
    else if (!strcmp(argv[0], "create") && argc == 4)
        rc = embedded_broker_create_topic(argv[1], atoi(argv[2]), atoi(argv[3]), &e), snprintf(buf, sizeof buf, "created");
    else return usage();
    if (rc) { fprintf(stderr, "%s: %s\n", e.name, e.message); return 1; }
    printf("%s\n", buf);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "--embedded-broker")) return embedded_broker_main(argc, argv);
    if (argc >= 2 && !strcmp(argv[1], "embedded")) return embedded(argc - 2, argv + 2);
    if (argc < 4) return usage();
    if (!strcmp(argv[1], "produce")) return produce(argv[2], argv[3], argc - 4, argv + 4);
    if (!strcmp(argv[1], "dump")) return read_all(argv[2], argv[3], 1);
    if (!strcmp(argv[1], "count")) return read_all(argv[2], argv[3], 0);
    if (!strcmp(argv[1], "create") && argc >= 5) return create(argv[2], argv[3], atoi(argv[4]), argc - 5, argv + 5);
    return usage();
}
