/* embedded.c — the embedded broker: the daemon (mock cluster + Unix-socket control channel +
 * runtime file) and the client side (find/start under an flock, control commands).
 * See embedded.h for the protocol and what the mock cluster does.
 *
 * Only the user who owns the daemon may use it.  The mock cluster has no authentication, so the
 * daemon turns on peer_guard (peer_guard.h) before the mock listens: every TCP connection whose
 * peer socket is not owned by the daemon's uid is closed as soon as it is accepted.  The control
 * socket is mode 0600 (bound under umask 0177) and the daemon also checks its peer's uid with
 * SO_PEERCRED; the runtime, lock and log files are 0600 in a runtime directory created 0700. */
#include "kafka/embedded.h"
#include "kafka/peer_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNTIME_FILE "dstream-embedded-broker.json"
#define LOCK_FILE "dstream-embedded-broker.lock"
#define SOCK_FILE "dstream-embedded-broker.sock"
#define LOG_FILE "dstream-embedded-broker.log"
#define START_WAIT_MS 5000
#define DIR_MAX 2048 /* runtime directory paths (leaves room for file names in PATH_MAX) */

static char program_override[PATH_MAX];

void embedded_broker_set_program(const char *path) {
    snprintf(program_override, sizeof program_override, "%s", path ? path : "");
}

char *embedded_broker_runtime_dir(char *buf, size_t n) {
    const char *e;
    if ((e = getenv("JUPYTER_RUNTIME_DIR")) && *e) snprintf(buf, n, "%s", e);
    else if ((e = getenv("JUPYTER_DATA_DIR")) && *e) snprintf(buf, n, "%s/runtime", e);
    else if ((e = getenv("XDG_DATA_HOME")) && *e) snprintf(buf, n, "%s/jupyter/runtime", e);
    else {
        const char *home = getenv("HOME");
        snprintf(buf, n, "%s/.local/share/jupyter/runtime", home && *home ? home : "/tmp");
    }
    return buf;
}

static int mkdir_p(const char *path, mode_t mode) {
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, mode) < 0 && errno != EEXIST) return -1;
            *p = '/';
        }
    if (mkdir(tmp, mode) < 0 && errno != EEXIST) return -1;
    return 0;
}

static void path_in(char *out, size_t n, const char *dir, const char *file) {
    snprintf(out, n, "%s/%s", dir, file);
}

/* ---- the runtime file ---- */

typedef struct runtime_info {
    long pid;
    char bootstrap[1024];
    char control[PATH_MAX];
} runtime_info;

static int read_runtime(const char *dir, runtime_info *ri) {
    char path[PATH_MAX];
    path_in(path, sizeof path, dir, RUNTIME_FILE);
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) return -1;
    json_t *pid = json_object_get(j, "pid"), *bs = json_object_get(j, "bootstrap"),
           *ctl = json_object_get(j, "control");
    int ok = json_is_integer(pid) && json_is_string(bs) && json_is_string(ctl);
    if (ok) {
        ri->pid = (long)json_integer_value(pid);
        snprintf(ri->bootstrap, sizeof ri->bootstrap, "%s", json_string_value(bs));
        snprintf(ri->control, sizeof ri->control, "%s", json_string_value(ctl));
    }
    json_decref(j);
    return ok ? 0 : -1;
}

/* ---- control channel, client side ---- */

/* Sends one command line, reads one reply line into reply.  0, or -1 if nobody answered. */
static int control_call(const char *sock_path, const char *cmd, char *reply, size_t n) {
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(sock_path) >= sizeof sa.sun_path) return -1;
    strcpy(sa.sun_path, sock_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { close(fd); return -1; }
    size_t len = strlen(cmd);
    char line[1200];
    snprintf(line, sizeof line, "%s\n", cmd);
    if (send(fd, line, len + 1, MSG_NOSIGNAL) != (ssize_t)(len + 1)) { close(fd); return -1; }
    size_t got = 0;
    while (got + 1 < n) {
        ssize_t r = recv(fd, reply + got, n - 1 - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
        if (memchr(reply, '\n', got)) break;
    }
    close(fd);
    reply[got] = 0;
    char *nl = strchr(reply, '\n');
    if (nl) *nl = 0;
    return got ? 0 : -1;
}

static int pid_alive(long pid) {
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* 1 if the runtime file names a live daemon that answers ping; fills ri. */
static int probe(const char *dir, runtime_info *ri) {
    if (read_runtime(dir, ri) < 0 || !pid_alive(ri->pid)) return 0;
    char reply[256];
    return control_call(ri->control, "ping", reply, sizeof reply) == 0 && !strncmp(reply, "OK", 2);
}

int embedded_broker_running(char *bootstrap, size_t n) {
    char dir[DIR_MAX];
    runtime_info ri;
    embedded_broker_runtime_dir(dir, sizeof dir);
    if (!probe(dir, &ri)) return 0;
    if (bootstrap && n) snprintf(bootstrap, n, "%s", ri.bootstrap);
    return 1;
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts the daemon detached: double fork so it is not our child, setsid, stdio redirected,
 * every other descriptor closed, exec.  Only async-signal-safe calls after fork. */
static int spawn_daemon(const char *dir, char *err, size_t errn) {
    char prog[PATH_MAX], logpath[PATH_MAX];
    const char *env = getenv("DSTREAM_EMBEDDED_BROKER_EXE");
    snprintf(prog, sizeof prog, "%s",
             program_override[0] ? program_override : env && *env ? env : "/proc/self/exe");
    path_in(logpath, sizeof logpath, dir, LOG_FILE);
    char dirarg[DIR_MAX];
    snprintf(dirarg, sizeof dirarg, "%s", dir);
    char *argv[] = {"dstream-kernel", "--embedded-broker", "--runtime-dir", dirarg, NULL};
    pid_t c1 = fork();
    if (c1 < 0) { snprintf(err, errn, "cannot start the embedded broker: fork: %s", strerror(errno)); return -1; }
    if (c1 == 0) {
        setsid();
        pid_t c2 = fork();
        if (c2 != 0) _exit(c2 < 0 ? 1 : 0);
        int devnull = open("/dev/null", O_RDWR);
        int logfd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (devnull >= 0) { dup2(devnull, 0); dup2(devnull, 1); }
        if (logfd >= 0) dup2(logfd, 2);
        else if (devnull >= 0) dup2(devnull, 2);
#ifdef SYS_close_range
        if (syscall(SYS_close_range, 3U, ~0U, 0) != 0)
#endif
            for (int fd = 3; fd < 65536; fd++) close(fd);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execv(prog, argv);
        _exit(127);
    }
    int st;
    while (waitpid(c1, &st, 0) < 0 && errno == EINTR) {}
    return 0;
}

int embedded_broker_ensure(char *bootstrap, size_t n, char *err, size_t errn) {
    char dir[DIR_MAX], lockpath[PATH_MAX], path[PATH_MAX];
    runtime_info ri;
    embedded_broker_runtime_dir(dir, sizeof dir);
    if (probe(dir, &ri)) {
        snprintf(bootstrap, n, "%s", ri.bootstrap);
        return 0;
    }
    if (mkdir_p(dir, 0700) < 0) {
        snprintf(err, errn, "cannot create the Jupyter runtime directory %s: %s", dir, strerror(errno));
        return -1;
    }
    path_in(lockpath, sizeof lockpath, dir, LOCK_FILE);
    int lfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lfd < 0) {
        snprintf(err, errn, "cannot open %s: %s", lockpath, strerror(errno));
        return -1;
    }
    while (flock(lfd, LOCK_EX) < 0 && errno == EINTR) {}
    int rc = 0;
    if (!probe(dir, &ri)) { /* still nobody (another kernel may have started it meanwhile) */
        path_in(path, sizeof path, dir, RUNTIME_FILE);
        unlink(path); /* stale: dead pid or no answer */
        if (spawn_daemon(dir, err, errn) < 0) rc = -1;
        int64_t deadline = now_ms() + START_WAIT_MS;
        while (rc == 0 && !probe(dir, &ri)) {
            if (now_ms() > deadline) {
                char logpath[PATH_MAX];
                path_in(logpath, sizeof logpath, dir, LOG_FILE);
                snprintf(err, errn, "the embedded broker did not start within %d ms (see %s)", START_WAIT_MS, logpath);
                rc = -1;
                break;
            }
            sleep_ms(5);
        }
    }
    if (rc == 0) snprintf(bootstrap, n, "%s", ri.bootstrap);
    flock(lfd, LOCK_UN);
    close(lfd);
    return rc;
}

/* Runs cmd on the running daemon; maps "ERR NAME msg" into err. */
static int command(const char *cmd, char *reply, size_t n, kafka_error *err) {
    char dir[DIR_MAX];
    runtime_info ri;
    embedded_broker_runtime_dir(dir, sizeof dir);
    if (read_runtime(dir, &ri) < 0 || !pid_alive(ri.pid) || control_call(ri.control, cmd, reply, n) < 0)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__TRANSPORT, "the embedded broker is not running");
    if (!strncmp(reply, "OK", 2)) return 0;
    /* ERR NAME message */
    char name[64] = "";
    const char *msg = reply;
    if (!strncmp(reply, "ERR ", 4)) {
        const char *sp = strchr(reply + 4, ' ');
        size_t ln = sp ? (size_t)(sp - reply - 4) : strlen(reply + 4);
        if (ln >= sizeof name) ln = sizeof name - 1;
        memcpy(name, reply + 4, ln);
        name[ln] = 0;
        msg = sp ? sp + 1 : "";
    }
    int code = RD_KAFKA_RESP_ERR__FAIL;
    const struct rd_kafka_err_desc *descs;
    size_t cnt;
    rd_kafka_get_err_descs(&descs, &cnt);
    for (size_t i = 0; i < cnt; i++)
        if (descs[i].name && !strcmp(descs[i].name, name)) { code = descs[i].code; break; }
    return kafka_error_set(err, code, "%s", msg);
}

int embedded_broker_create_topic(const char *name, int partitions, int replication_factor, kafka_error *err) {
    char cmd[512], reply[512];
    kafka_error_clear(err);
    if (!name || strlen(name) > 300 || strpbrk(name, " \n\r\t"))
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, "invalid topic name '%s'", name ? name : "");
    snprintf(cmd, sizeof cmd, "create %s %d %d", name, partitions, replication_factor);
    return command(cmd, reply, sizeof reply, err);
}

int embedded_broker_delete_topic(const char *name, kafka_error *err) {
    char cmd[512], reply[512];
    kafka_error_clear(err);
    if (!name || strlen(name) > 300 || strpbrk(name, " \n\r\t"))
        return kafka_error_set(err, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION, "invalid topic name '%s'", name ? name : "");
    snprintf(cmd, sizeof cmd, "delete %s", name);
    return command(cmd, reply, sizeof reply, err);
}

int embedded_broker_status(char *json, size_t n, kafka_error *err) {
    char reply[2048];
    kafka_error_clear(err);
    if (command("status", reply, sizeof reply, err) < 0) return -1;
    snprintf(json, n, "%s", reply[2] == ' ' ? reply + 3 : "{}");
    return 0;
}

int embedded_broker_stop(kafka_error *err) {
    char dir[DIR_MAX], reply[256];
    runtime_info ri;
    kafka_error_clear(err);
    embedded_broker_runtime_dir(dir, sizeof dir);
    if (read_runtime(dir, &ri) < 0 || !pid_alive(ri.pid))
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__TRANSPORT, "the embedded broker is not running");
    if (command("stop", reply, sizeof reply, err) < 0) return -1;
    int64_t deadline = now_ms() + 3000;
    while (pid_alive(ri.pid) && now_ms() < deadline) sleep_ms(10);
    if (pid_alive(ri.pid))
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__TIMED_OUT, "the embedded broker (pid %ld) did not exit", ri.pid);
    return 0;
}

/* ---- the daemon ---- */

static int valid_topic(const char *t) {
    size_t n = strlen(t);
    if (!n || n > 249 || !strcmp(t, ".") || !strcmp(t, "..")) return 0;
    for (; *t; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9') ||
              *t == '.' || *t == '_' || *t == '-'))
            return 0;
    return 1;
}

typedef struct daemon_state {
    rd_kafka_mock_cluster_t *mc;
    const char *bootstrap;
    time_t started;
    long created;
    int stop;
    char **deleted;             /* topics deleted: hidden behind UNKNOWN_TOPIC_OR_PART */
    int ndeleted;
} daemon_state;

static int was_deleted(const daemon_state *d, const char *name) {
    for (int i = 0; i < d->ndeleted; i++) if (!strcmp(d->deleted[i], name)) return 1;
    return 0;
}

static void handle(daemon_state *d, char *line, char *out, size_t n) {
    char *save = NULL;
    char *verb = strtok_r(line, " \t\r", &save);
    if (!verb) { snprintf(out, n, "ERR _INVALID_ARG empty command"); return; }
    if (!strcmp(verb, "ping")) { snprintf(out, n, "OK pong"); return; }
    if (!strcmp(verb, "stop")) { d->stop = 1; snprintf(out, n, "OK stopping"); return; }
    if (!strcmp(verb, "status")) {
        snprintf(out, n,
                 "OK {\"pid\":%ld,\"bootstrap\":\"%s\",\"uptime_s\":%ld,\"brokers\":%d,"
                 "\"retention_bytes_per_partition\":%d,\"default_partitions\":%d,\"topics_created\":%ld,"
                 "\"librdkafka\":\"%s\",\"owner_uid\":%u,\"refused_connections\":%lu}",
                 (long)getpid(), d->bootstrap, (long)(time(NULL) - d->started), EMBEDDED_BROKER_COUNT,
                 EMBEDDED_RETENTION_BYTES, EMBEDDED_DEFAULT_PARTITIONS, d->created, rd_kafka_version_str(),
                 (unsigned)geteuid(), peer_guard_refused());
        return;
    }
    if (!strcmp(verb, "create")) {
        char *name = strtok_r(NULL, " \t\r", &save), *ps = strtok_r(NULL, " \t\r", &save),
             *rs = strtok_r(NULL, " \t\r", &save);
        if (!name || !ps || !rs) { snprintf(out, n, "ERR _INVALID_ARG usage: create NAME PARTITIONS RF"); return; }
        char *e1, *e2;
        long p = strtol(ps, &e1, 10), r = strtol(rs, &e2, 10);
        if (!valid_topic(name)) {
            snprintf(out, n, "ERR TOPIC_EXCEPTION invalid topic name '%.260s': use 1 to 249 characters of a-z A-Z 0-9 . _ -", name);
            return;
        }
        if (*e1 || p < 1 || p > 10000) {
            snprintf(out, n, "ERR INVALID_PARTITIONS number of partitions must be between 1 and 10000, not %s", ps);
            return;
        }
        if (*e2 || r < 1) {
            snprintf(out, n, "ERR INVALID_REPLICATION_FACTOR replication factor must be at least 1, not %s", rs);
            return;
        }
        if (r > EMBEDDED_BROKER_COUNT) {
            snprintf(out, n, "ERR INVALID_REPLICATION_FACTOR Replication factor: %ld larger than available brokers: %d.",
                     r, EMBEDDED_BROKER_COUNT);
            return;
        }
        if (was_deleted(d, name)) {
            snprintf(out, n, "ERR TOPIC_ALREADY_EXISTS Topic '%.260s' was deleted on the embedded broker, whose "
                             "records stay in memory until it stops: use another name, or stop it with "
                             "%%kafka embedded stop to drop all topics", name);
            return;
        }
        rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(d->mc, name, (int)p, (int)r);
        if (e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
            snprintf(out, n, "ERR TOPIC_ALREADY_EXISTS Topic '%s' already exists.", name);
            return;
        }
        if (e) { snprintf(out, n, "ERR %s %s", rd_kafka_err2name(e), rd_kafka_err2str(e)); return; }
        d->created++;
        snprintf(out, n, "OK created %s %ld %ld", name, p, r);
        return;
    }
    if (!strcmp(verb, "delete")) {
        /* The mock cluster cannot drop a topic; a topic-level error makes every metadata answer
         * say it does not exist, which is what clients of a deleted topic see. The caller has
         * checked that it exists. */
        char *name = strtok_r(NULL, " \t\r", &save);
        if (!name || !valid_topic(name)) { snprintf(out, n, "ERR _INVALID_ARG usage: delete NAME"); return; }
        if (was_deleted(d, name)) {
            snprintf(out, n, "ERR UNKNOWN_TOPIC_OR_PART This server does not host this topic-partition.");
            return;
        }
        rd_kafka_mock_topic_set_error(d->mc, name, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART);
        char **grown = realloc(d->deleted, (size_t)(d->ndeleted + 1) * sizeof *grown);
        if (!grown) { snprintf(out, n, "ERR _NOENT out of memory"); return; }
        d->deleted = grown;
        d->deleted[d->ndeleted++] = strdup(name);
        snprintf(out, n, "OK deleted %s", name);
        return;
    }
    snprintf(out, n, "ERR _INVALID_ARG unknown command '%.100s' (create, delete, status, ping, stop)", verb);
}

static void serve_one(daemon_state *d, int lfd) {
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) return;
    struct timeval tv = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    /* The socket file is 0600, but should its mode or directory be opened up, the peer's uid
     * (from the kernel, not forgeable) still decides. */
    struct ucred cr;
    socklen_t crl = sizeof cr;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &crl) < 0 || cr.uid != geteuid()) {
        char no[160];
        int len = snprintf(no, sizeof no, "ERR _AUTHENTICATION only uid %u, the owner of the embedded broker, may use it\n",
                           (unsigned)geteuid());
        send(fd, no, (size_t)len, MSG_NOSIGNAL);
        fprintf(stderr, "embedded broker: refused a control connection from uid %ld\n",
                crl == sizeof cr ? (long)cr.uid : -1L);
        close(fd);
        return;
    }
    char line[1100];
    size_t got = 0;
    while (got + 1 < sizeof line) {
        ssize_t r = recv(fd, line + got, sizeof line - 1 - got, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
        if (memchr(line, '\n', got)) break;
    }
    line[got] = 0;
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    char out[2048];
    handle(d, line, out, sizeof out - 1);
    size_t len = strlen(out);
    out[len++] = '\n';
    send(fd, out, len, MSG_NOSIGNAL);
    close(fd);
}

static void quiet_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
    (void)rk;
    /* peer_guard's refusals surface as failed accepts; it logs them itself, with the peer's uid */
    if (strstr(buf, "Failed to accept mock broker socket") && strstr(buf, strerror(ECONNABORTED))) return;
    if (level <= 3 || getenv("DSTREAM_KAFKA_DEBUG")) fprintf(stderr, "rdkafka %d %s: %s\n", level, fac, buf);
}

int embedded_broker_main(int argc, char **argv) {
    char dir[DIR_MAX] = "";
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--runtime-dir") && i + 1 < argc) snprintf(dir, sizeof dir, "%s", argv[++i]);
    if (!dir[0]) embedded_broker_runtime_dir(dir, sizeof dir);
    if (mkdir_p(dir, 0700) < 0) {
        fprintf(stderr, "embedded broker: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    /* Signals arrive through a signalfd; block them before librdkafka starts its threads. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    sigprocmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    int sfd = signalfd(-1, &sigs, SFD_CLOEXEC);

    char es[512];
    /* Before the mock cluster listens: only our own uid's connections get through. */
    if (peer_guard_enable(es, sizeof es) < 0) {
        fprintf(stderr, "embedded broker: %s\n", es);
        if (sfd >= 0) close(sfd);
        return 1;
    }
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set_log_cb(conf, quiet_log);
    rd_kafka_conf_set(conf, "client.id", "dstream-embedded-broker", es, sizeof es);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, es, sizeof es);
    if (!rk) { fprintf(stderr, "embedded broker: %s\n", es); return 1; }
    rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, EMBEDDED_BROKER_COUNT);
    if (!mc) { fprintf(stderr, "embedded broker: cannot create the mock cluster\n"); rd_kafka_destroy(rk); return 1; }
    daemon_state d = {.mc = mc, .bootstrap = rd_kafka_mock_cluster_bootstraps(mc), .started = time(NULL)};

    char sock_path[PATH_MAX], file[PATH_MAX], tmp[PATH_MAX + 16];
    path_in(sock_path, sizeof sock_path, dir, SOCK_FILE);
    path_in(file, sizeof file, dir, RUNTIME_FILE);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    int rc = 1, lfd = -1;
    if (strlen(sock_path) >= sizeof sa.sun_path) {
        fprintf(stderr, "embedded broker: socket path too long: %s\n", sock_path);
        goto done;
    }
    strcpy(sa.sun_path, sock_path);
    unlink(sock_path);
    lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    mode_t old = umask(0177);
    int bound = lfd >= 0 && bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0;
    umask(old);
    if (!bound || listen(lfd, 16) < 0) {
        fprintf(stderr, "embedded broker: cannot listen on %s: %s\n", sock_path, strerror(errno));
        goto done;
    }
    /* Publish: write a temporary file then rename, so readers never see half a file. */
    json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:i, s:i}", "pid", (json_int_t)getpid(), "bootstrap",
                          d.bootstrap, "control", sock_path, "started", (json_int_t)d.started,
                          "retention_bytes_per_partition", EMBEDDED_RETENTION_BYTES, "brokers",
                          EMBEDDED_BROKER_COUNT);
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", file, (long)getpid());
    old = umask(0177);
    int wrote = j && json_dump_file(j, tmp, JSON_COMPACT) == 0 && rename(tmp, file) == 0;
    umask(old);
    json_decref(j);
    if (!wrote) {
        fprintf(stderr, "embedded broker: cannot write %s: %s\n", file, strerror(errno));
        unlink(tmp);
        goto done;
    }
    if (chdir("/") < 0) { /* not fatal */ }
    fprintf(stderr, "embedded broker: pid %ld, bootstrap %s, control %s\n", (long)getpid(), d.bootstrap, sock_path);
    rc = 0;
    int replaced = 0;
    while (!d.stop && !replaced) {
        struct pollfd pfd[2] = {{lfd, POLLIN, 0}, {sfd, POLLIN, 0}};
        int r = poll(pfd, sfd >= 0 ? 2 : 1, 1000);
        if (r < 0 && errno != EINTR) break;
        if (r > 0 && (pfd[0].revents & POLLIN)) serve_one(&d, lfd);
        if (r > 0 && sfd >= 0 && (pfd[1].revents & POLLIN)) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) > 0) d.stop = 1;
        }
        /* Someone replaced our file (we were considered stale): leave quietly. */
        runtime_info ri;
        if (read_runtime(dir, &ri) == 0 && ri.pid != (long)getpid()) replaced = 1;
    }
    if (!replaced) {
        runtime_info ri;
        if (read_runtime(dir, &ri) == 0 && ri.pid == (long)getpid()) unlink(file);
        unlink(sock_path);
    }
    fprintf(stderr, "embedded broker: pid %ld stopped\n", (long)getpid());
done:
    if (lfd >= 0) close(lfd);
    if (sfd >= 0) close(sfd);
    for (int i = 0; i < d.ndeleted; i++) free(d.deleted[i]);
    free(d.deleted);
    rd_kafka_mock_cluster_destroy(mc);
    rd_kafka_destroy(rk);
    return rc;
}
