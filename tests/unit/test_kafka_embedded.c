/* test_kafka_embedded.c — the embedded broker daemon: start/find/stale/lock, control commands,
 * and the broker-independent suite against it.  The test runner itself serves as the daemon
 * binary: a constructor runs embedded_broker_main when started with --embedded-broker. */
#include "kafka/admin.h"
#include "kafka/embedded.h"
#include "test_kafka_suite.h"
#include "unit.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

__attribute__((constructor)) static void embedded_daemon_entry(void) {
    char buf[4096];
    int fd = open("/proc/self/cmdline", O_RDONLY);
    if (fd < 0) return;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return;
    buf[n] = 0;
    char *argv[16];
    int argc = 0;
    for (char *p = buf; p < buf + n && argc < 15; p += strlen(p) + 1) argv[argc++] = p;
    argv[argc] = NULL;
    if (argc > 1 && !strcmp(argv[1], "--embedded-broker")) _exit(embedded_broker_main(argc, argv));
}

static char rt_dir[256];

static void stop_at_exit(void) {
    kafka_error e;
    char path[400];
    embedded_broker_stop(&e);
    const char *files[] = {"dstream-embedded-broker.lock", "dstream-embedded-broker.log"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", rt_dir, files[i]);
        unlink(path);
    }
    rmdir(rt_dir);
}

/* Points the runtime directory at a private temporary one (once per run). */
static void use_test_runtime(void) {
    if (!rt_dir[0]) {
        snprintf(rt_dir, sizeof rt_dir, "/tmp/dstream-unit-runtime-%d", (int)getpid());
        mkdir(rt_dir, 0700);
        atexit(stop_at_exit);
    }
    setenv("JUPYTER_RUNTIME_DIR", rt_dir, 1);
}

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *daemon_bootstrap(void) {
    static char bs[1024];
    char err[512];
    use_test_runtime();
    if (embedded_broker_ensure(bs, sizeof bs, err, sizeof err) < 0) {
        fprintf(stderr, "  embedded broker: %s\n", err);
        return NULL;
    }
    return bs;
}

TEST(test_kafka_embedded_runtime_dir) {
    char saved[3][512];
    const char *names[3] = {"JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "XDG_DATA_HOME"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        snprintf(saved[i], sizeof saved[i], "%s", v ? v : "");
        unsetenv(names[i]);
    }
    char buf[512], expect[512];
    setenv("HOME", getenv("HOME") ? getenv("HOME") : "/root", 1);
    snprintf(expect, sizeof expect, "%s/.local/share/jupyter/runtime", getenv("HOME"));
    CHECK_STR(embedded_broker_runtime_dir(buf, sizeof buf), expect);
    setenv("XDG_DATA_HOME", "/x", 1);
    CHECK_STR(embedded_broker_runtime_dir(buf, sizeof buf), "/x/jupyter/runtime");
    setenv("JUPYTER_DATA_DIR", "/d", 1);
    CHECK_STR(embedded_broker_runtime_dir(buf, sizeof buf), "/d/runtime");
    setenv("JUPYTER_RUNTIME_DIR", "/r", 1);
    CHECK_STR(embedded_broker_runtime_dir(buf, sizeof buf), "/r");
    for (int i = 0; i < 3; i++) {
        if (saved[i][0]) setenv(names[i], saved[i], 1);
        else unsetenv(names[i]);
    }
}

TEST(test_kafka_embedded_lifecycle) {
    use_test_runtime();
    kafka_error e;
    embedded_broker_stop(&e); /* from an earlier test, if any */
    char bs[1024], err[512], bs2[1024];
    CHECK_EQ_INT(embedded_broker_running(bs, sizeof bs), 0);
    int64_t t0 = mono_ms();
    CHECK_EQ_INT(embedded_broker_ensure(bs, sizeof bs, err, sizeof err), 0);
    int64_t started = mono_ms() - t0;
    /* the start-up time is a figure (bench/), not a check: these machines are noisy */
    fprintf(stderr, "  embedded broker started in %lld ms: %s\n", (long long)started, bs);
    CHECK(strncmp(bs, "127.0.0.1:", 10) == 0);
    CHECK(strchr(bs, ',') != NULL);
    /* a second kernel finds the same one */
    CHECK_EQ_INT(embedded_broker_ensure(bs2, sizeof bs2, err, sizeof err), 0);
    CHECK_STR(bs2, bs);
    char json[2048];
    CHECK_EQ_INT(embedded_broker_status(json, sizeof json, &e), 0);
    CHECK(strstr(json, "\"retention_bytes_per_partition\":5242880") != NULL);
    CHECK(strstr(json, bs) != NULL);
    /* runtime file holds pid, bootstrap, control */
    char path[600];
    snprintf(path, sizeof path, "%s/dstream-embedded-broker.json", rt_dir);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    long pid = 0;
    if (f) {
        char text[4096];
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = 0;
        fclose(f);
        CHECK(strstr(text, "\"control\"") != NULL);
        char *pp = strstr(text, "\"pid\":");
        if (pp) pid = strtol(pp + 6, NULL, 10);
    }
    CHECK(pid > 0);
    /* stop; the file goes away */
    CHECK_EQ_INT(embedded_broker_stop(&e), 0);
    CHECK(access(path, F_OK) != 0);
    CHECK_EQ_INT(embedded_broker_running(NULL, 0), 0);
    CHECK_EQ_INT(embedded_broker_stop(&e), -1);
    CHECK_STR(e.name, "_TRANSPORT");

    /* a stale file (dead pid) is replaced */
    f = fopen(path, "w");
    if (f) {
        fprintf(f, "{\"pid\": 999999, \"bootstrap\": \"127.0.0.1:9\", \"control\": \"/nonexistent\"}");
        fclose(f);
    }
    CHECK_EQ_INT(embedded_broker_ensure(bs, sizeof bs, err, sizeof err), 0);
    CHECK(strcmp(bs, "127.0.0.1:9") != 0);
    CHECK_EQ_INT(embedded_broker_running(bs2, sizeof bs2), 1);
    CHECK_STR(bs2, bs);

    /* SIGTERM: clean exit, file removed */
    f = fopen(path, "r");
    pid = 0;
    if (f) {
        char text[4096];
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = 0;
        fclose(f);
        char *pp = strstr(text, "\"pid\":");
        if (pp) pid = strtol(pp + 6, NULL, 10);
    }
    CHECK(pid > 0);
    if (pid > 0) {
        kill((pid_t)pid, SIGTERM);
        int64_t until = mono_ms() + 3000;
        while (kill((pid_t)pid, 0) == 0 && mono_ms() < until) usleep(10000);
        CHECK(kill((pid_t)pid, 0) != 0);
        CHECK(access(path, F_OK) != 0);
    }
}

TEST(test_kafka_embedded_concurrent_start) {
    use_test_runtime();
    kafka_error e;
    embedded_broker_stop(&e);
    /* four "kernels" race to start it: one daemon, one address */
    int fds[4][2];
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        if (pipe(fds[i]) < 0) return;
        kids[i] = fork();
        if (kids[i] == 0) {
            char bs[1024], err[512];
            int rc = embedded_broker_ensure(bs, sizeof bs, err, sizeof err);
            dprintf(fds[i][1], "%s", rc == 0 ? bs : err);
            _exit(rc == 0 ? 0 : 1);
        }
        close(fds[i][1]);
    }
    char first[1024] = "";
    for (int i = 0; i < 4; i++) {
        char buf[1024];
        ssize_t n = read(fds[i][0], buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        close(fds[i][0]);
        int st;
        waitpid(kids[i], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        if (!first[0]) snprintf(first, sizeof first, "%s", buf);
        else CHECK_STR(buf, first);
    }
    char bs[1024];
    CHECK_EQ_INT(embedded_broker_running(bs, sizeof bs), 1);
    CHECK_STR(bs, first);
}

TEST(test_kafka_embedded_control) {
    const char *bs = daemon_bootstrap();
    CHECK(bs != NULL);
    if (!bs) return;
    kafka_error e;
    char topic[128];
    ksuite_topic(topic, sizeof topic, "ctl");
    CHECK_EQ_INT(embedded_broker_create_topic(topic, 6, 3, &e), 0);
    CHECK_EQ_INT(embedded_broker_create_topic(topic, 6, 3, &e), -1);
    CHECK_STR(e.name, "TOPIC_ALREADY_EXISTS");
    CHECK_EQ_INT(embedded_broker_create_topic("x", 1, 4, &e), -1);
    CHECK_STR(e.name, "INVALID_REPLICATION_FACTOR");
    CHECK(strstr(e.message, "larger than available brokers: 3") != NULL);
    CHECK_EQ_INT(embedded_broker_create_topic("x", 0, 1, &e), -1);
    CHECK_STR(e.name, "INVALID_PARTITIONS");
    CHECK_EQ_INT(embedded_broker_create_topic("a/b", 1, 1, &e), -1);
    CHECK_STR(e.name, "TOPIC_EXCEPTION");
    /* the created topic is visible through the Kafka protocol, 6 partitions x 3 replicas */
    kafka_config c;
    ksuite_config(&c, bs);
    kafka_admin *a = kafka_admin_new(&c, &e);
    CHECK(a != NULL);
    if (a) {
        kafka_topic_list d;
        CHECK_EQ_INT(kafka_admin_describe_topic(a, topic, &d, NULL, NULL, &e), 0);
        if (d.n == 1) {
            CHECK_EQ_INT(d.topics[0].npartitions, 6);
            CHECK_EQ_INT(d.topics[0].replication_factor, 3);
        }
        kafka_topic_list_free(&d);
        kafka_cluster_info ci;
        CHECK_EQ_INT(kafka_admin_cluster(a, &ci, NULL, NULL, &e), 0);
        CHECK_EQ_INT(ci.nbrokers, 3);
        CHECK_EQ_INT(ci.embedded, 1);
        kafka_cluster_info_free(&ci);
        kafka_admin_free(a);
    }
    kafka_config_free(&c);
}

TEST(test_kafka_embedded_roundtrip) { const char *b = daemon_bootstrap(); CHECK(b); if (b) ksuite_roundtrip(b, 1); }
TEST(test_kafka_embedded_100k) { const char *b = daemon_bootstrap(); CHECK(b); if (b) ksuite_many(b, 100000, 100); }
TEST(test_kafka_embedded_admin) { const char *b = daemon_bootstrap(); CHECK(b); if (b) ksuite_admin(b); }
TEST(test_kafka_embedded_group_resume) { const char *b = daemon_bootstrap(); CHECK(b); if (b) ksuite_group_resume(b, 1); }
TEST(test_kafka_embedded_interrupt_poll) { const char *b = daemon_bootstrap(); CHECK(b); if (b) ksuite_interrupt_poll(b, 1); }
TEST(test_kafka_embedded_batch_increments) { const char *b = daemon_bootstrap(); CHECK(b); if (b) ksuite_batch_increments(b, 1); }

/* Retention: the mock keeps ~5 MiB per partition; the batch reader reports what it skipped. */
TEST(test_kafka_embedded_retention) {
    const char *bs = daemon_bootstrap();
    CHECK(bs != NULL);
    if (!bs) return;
    ksuite_many(bs, 40000, 1000); /* 40 MB over 4 partitions: ~10 MB each, about half retained */
}
