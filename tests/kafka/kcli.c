/* kcli.c — a small command-line client over kernel/kafka/, used to check the layer against kcat
 * by hand or from pytest, and to time it against kcat on the same broker and data.
 *
 *   kcli produce BOOTSTRAP TOPIC [FILE] [-K SEP] [-p PART]  one record per line (key SEP value)
 *   kcli dump BOOTSTRAP TOPIC                 every record, "%p %o %k %s" lines (kcat -f format)
 *   kcli count BOOTSTRAP TOPIC                batch-read everything, print "N records in T ms"
 *   kcli create BOOTSTRAP TOPIC PARTITIONS    create a topic (any broker, embedded included)
 *   kcli embedded ensure|status|stop|create NAME P RF
 *
 * Build: cc -std=c11 -D_GNU_SOURCE -O2 -Ikernel tests/kafka/kcli.c kernel/kafka/ *.c \
 *        $(pkg-config --cflags --libs rdkafka jansson) -lpthread -o build/kcli */
#include "kafka/admin.h"
#include "kafka/batch.h"
#include "kafka/embedded.h"
#include "kafka/producer.h"

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

static int produce(const char *bs, const char *topic, int argc, char **argv) {
    const char *file = NULL, *sep = NULL;
    int part = -1;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-K") && i + 1 < argc) sep = argv[++i];
        else if (!strcmp(argv[i], "-p") && i + 1 < argc) part = atoi(argv[++i]);
        else file = argv[i];
    }
    FILE *in = file ? fopen(file, "r") : stdin;
    if (!in) { perror(file); return 1; }
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

static int create(const char *bs, const char *topic, int partitions) {
    kafka_config c;
    kafka_error e;
    kafka_config_init(&c);
    kafka_config_set(&c, "bootstrap.servers", bs);
    kafka_admin *a = kafka_admin_new(&c, &e);
    kafka_config_free(&c);
    int rc = a ? kafka_admin_create_topic(a, topic, partitions, 1, NULL, NULL, NULL, &e) : -1;
    if (rc) fprintf(stderr, "%s: %s\n", e.name, e.message);
    kafka_admin_free(a);
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
    if (!strcmp(argv[1], "create") && argc == 5) return create(argv[2], argv[3], atoi(argv[4]));
    return usage();
}
