/* magics.c — the magic table and what reads it: dispatch (a cell whose first line starts with %%
 * is a cell magic, %%bash; a cell of % lines is a series of line magics, run in order),
 * is_complete for magic cells, the unknown-magic message and %lsmagic.  %%bash and %lsmagic are
 * here; %%sql is spark/sql.c's, the Kafka magics magics_kafka*.c's.
 */
#include "magics.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <poll.h>

#include "lang/interp.h"
#include "magics_kafka.h"
#include "magics_spark.h"
#include "spark/sql/sql.h"

static const char *skip_blank_lines(const char *code) {
    const char *p = code;
    for (;;) {
        const char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\r') q++;
        if (*q == '\n') { p = q + 1; continue; }
        return q;
    }
}

bool magics_is_magic(const char *code) { return *skip_blank_lines(code) == '%'; }

void magics_set_error(CellResult *res, const char *ename, const char *msg) {
    res->ok = false;
    free(res->ename);
    free(res->evalue);
    free(res->traceback);
    res->ename = strdup(ename);
    res->evalue = strdup(msg);
    size_t n = strlen(ename) + strlen(msg) + 3;
    res->traceback = malloc(n);
    snprintf(res->traceback, n, "%s: %s", ename, msg);
}

void magics_spawn_streamed(Interp *I, char *const argv[], char *const env[], const char *what, CellResult *res) {
    int out[2];
    if (pipe(out) != 0) { magics_set_error(res, "java.io.IOException", strerror(errno)); return; }
    pid_t pid = fork();
    if (pid < 0) { close(out[0]); close(out[1]); magics_set_error(res, "java.io.IOException", strerror(errno)); return; }
    if (pid == 0) {
        setpgid(0, 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(out[0]);
        close(out[1]);
        int devnull = open("/dev/null", 0);
        if (devnull >= 0) { dup2(devnull, 0); close(devnull); }
        signal(SIGINT, SIG_DFL);
        for (int i = 0; env && env[i]; i++) putenv(env[i]);
        execv(argv[0], argv);
        dprintf(2, "%s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);
    close(out[1]);
    char buf[4096];
    bool killed = false;
    for (;;) {
        struct pollfd pfd = {.fd = out[0], .events = POLLIN};
        int r = poll(&pfd, 1, 100);
        if (interp_interrupted(I) && !killed) { kill(-pid, SIGTERM); killed = true; }
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;
        ssize_t n = read(out[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        interp_write(I, 1, buf, (size_t)n);
    }
    close(out[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    char msg[160];
    if (killed) {
        snprintf(msg, sizeof msg, "the %s was interrupted (its process group was terminated)", what);
        magics_set_error(res, "Interrupted", msg);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        snprintf(msg, sizeof msg, "the %s exited with status %d", what, WEXITSTATUS(status));
        magics_set_error(res, strcmp(what, "script") ? "SparkSubmitError" : "BashError", msg);
    } else if (WIFSIGNALED(status)) {
        snprintf(msg, sizeof msg, "the %s was killed by signal %d", what, WTERMSIG(status));
        magics_set_error(res, strcmp(what, "script") ? "SparkSubmitError" : "BashError", msg);
    }
}

/* %%bash: the cell runs in /bin/bash, output streamed as it comes; interrupt kills the group. */
static void run_bash(Interp *I, const char *args, const char *script, CellResult *res) {
    (void)args;
    char *const argv[] = {"/bin/bash", "-c", (char *)script, NULL};
    magics_spawn_streamed(I, argv, NULL, "script", res);
}

/* %%scala: the body is an ordinary cell. */
static void run_scala(Interp *I, const char *args, const char *body, CellResult *res) {
    (void)args;
    interp_run_cell(I, body, res);
}

static void run_lsmagic(Interp *I, const char *args, const char *body, CellResult *res);

/* ---- the table ---- */

static const Magic table[] = {
    {"bash", MAGIC_CELL, run_bash, NULL, MAGIC_BODY_TEXT, "%%bash",
     "the cell is a bash script; its output streams as it runs, an interrupt terminates it"},
    {"configure", MAGIC_CELL, magic_configure, NULL, MAGIC_BODY_TEXT, CONFIGURE_USAGE,
     "kafka.* keys become the session's client defaults, known spark.* keys are applied, the rest listed as ignored"},
    {"produce", MAGIC_CELL, magic_produce, magic_topic_first, MAGIC_BODY_TEXT, PRODUCE_USAGE,
     "each line of the cell is one record (KEY SEPARATOR VALUE with --key-separator)"},
    {"scala", MAGIC_CELL, run_scala, NULL, MAGIC_BODY_SCALA, "%%scala", "the cell is Scala, as without the magic"},
    {"sql", MAGIC_CELL, sql_magic, NULL, MAGIC_BODY_SQL, "%%sql [-n MAXROWS] [-q] [--chart bar|line] [-o NAME]",
     "the cell is a Spark SQL query over the session's temp views; the result shows as a table"},
    {"consume", MAGIC_LINE, magic_consume, magic_topic_first, MAGIC_BODY_TEXT, CONSUME_USAGE,
     "shows a topic's records (partition, offset, timestamp, key, value)"},
    {"kafka", MAGIC_LINE, magic_kafka, NULL, MAGIC_BODY_TEXT, KAFKA_USAGE,
     "the brokers in use, the cluster, the session's Kafka settings with secrets masked; the embedded broker"},
    {"lsmagic", MAGIC_LINE, run_lsmagic, NULL, MAGIC_BODY_TEXT, "%lsmagic", "lists these magics"},
    {"spark", MAGIC_LINE, magic_spark, NULL, MAGIC_BODY_TEXT, SPARK_USAGE,
     "the cells that ran, as a program for real Spark: export writes it, submit runs it with spark-submit (spark-shell's -i)"},
    {"topic", MAGIC_LINE, magic_topic, magic_topic_complete, MAGIC_BODY_TEXT, TOPIC_USAGE,
     "creates, describes, deletes or lists topics"},
    {"topics", MAGIC_LINE, magic_topics, NULL, MAGIC_BODY_TEXT, TOPICS_USAGE,
     "the topics with their partitions, replication and message counts"},
};
#define NMAGICS (sizeof table / sizeof table[0])

const Magic *magics_table(size_t *n) {
    *n = NMAGICS;
    return table;
}

const Magic *magics_find(const char *word, size_t len) {
    size_t k = 0;
    while (k < len && k < 3 && word[k] == '%') k++;
    if (k != 1 && k != 2) return NULL;
    MagicKind kind = k == 2 ? MAGIC_CELL : MAGIC_LINE;
    for (size_t i = 0; i < NMAGICS; i++)
        if (table[i].kind == kind && strlen(table[i].name) == len - k && !strncmp(table[i].name, word + k, len - k)) return &table[i];
    return NULL;
}

/* "%%bash, %%configure, …, %topic and %topics" */
static void list_magics(char *out, size_t cap) {
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; i < NMAGICS && used < cap; i++) {
        const char *sep = i == 0 ? "" : i + 1 == NMAGICS ? " and " : ", ";
        int w = snprintf(out + used, cap - used, "%s%s%s", sep, table[i].kind == MAGIC_CELL ? "%%" : "%", table[i].name);
        if (w > 0) used += (size_t)w;
    }
}

/* ---- %lsmagic ---- */

static void write_text(Interp *I, const char *s) { interp_write(I, 1, s, strlen(s)); }

static void run_lsmagic(Interp *I, const char *args, const char *body, CellResult *res) {
    (void)body;
    while (*args == ' ' || *args == '\t' || *args == '\r') args++;
    if (*args) { magics_set_error(res, "UsageError", "%lsmagic takes no arguments"); return; }
    static const struct { MagicKind kind; const char *title; } groups[] = {
        {MAGIC_LINE, "Line magics (a cell of them runs them in order):\n"},
        {MAGIC_CELL, "Cell magics (on the cell's first line; the rest of the cell is the body):\n"}};
    for (size_t g = 0; g < 2; g++) {
        write_text(I, g ? "\n" : "");
        write_text(I, groups[g].title);
        for (size_t i = 0; i < NMAGICS; i++) {
            if (table[i].kind != groups[g].kind) continue;
            write_text(I, "  ");
            write_text(I, table[i].usage);
            write_text(I, "\n      ");
            write_text(I, table[i].help);
            write_text(I, "\n");
        }
    }
}

/* ---- dispatch ---- */

/* The length of the magic word ("%%sql", "%kafka") at p. */
static size_t magic_word_len(const char *p) {
    size_t k = strspn(p, "%");
    return k + strcspn(p + k, " \t\r\n");
}

static void unknown_magic(const char *word, size_t len, CellResult *res) {
    char names[512], hint[320] = "", msg[1200];
    list_magics(names, sizeof names);
    size_t k = strspn(word, "%");
    if (k == 1 || k == 2) {   /* the other kind of the same name */
        char other[80];
        snprintf(other, sizeof other, "%s%.*s", k == 1 ? "%%" : "%", (int)(len - k < 64 ? len - k : 64), word + k);
        if (magics_find(other, strlen(other)))
            snprintf(hint, sizeof hint, " (%s is a %s magic: write %s %s)", other, k == 1 ? "cell" : "line", other,
                     k == 1 ? "as the cell's first line" : "on a line of its own");
    }
    snprintf(msg, sizeof msg, "unknown magic %.*s%s: this kernel has %s (%%lsmagic says what each does)",
             (int)(len < 128 ? len : 128), word, hint, names);
    magics_set_error(res, "UsageError", msg);
}

/* A cell of line magics: every non-blank line must be one; they run in order until one fails. */
static void run_lines(Interp *I, const char *cell, CellResult *res) {
    for (const char *s = cell; *s;) {
        size_t n = strcspn(s, "\n");
        const char *q = s;
        while (q < s + n && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < s + n) {
            size_t w = magic_word_len(q);
            const Magic *m = magics_find(q, w);
            if (!m || m->kind != MAGIC_LINE) {
                char names[512], msg[1400];
                names[0] = 0;
                for (size_t i = 0; i < NMAGICS; i++)
                    if (table[i].kind == MAGIC_LINE)
                        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%%%s", names[0] ? ", " : "", table[i].name);
                snprintf(msg, sizeof msg, "a cell of line magics holds only magic lines (%s); put Scala code in another cell: %.*s",
                         names, (int)(s + n - q < 512 ? s + n - q : 512), q);
                magics_set_error(res, "UsageError", msg);
                return;
            }
        }
        s += n;
        if (*s) s++;
    }
    for (const char *s = cell; *s && res->ok;) {
        size_t n = strcspn(s, "\n");
        const char *q = s;
        while (q < s + n && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < s + n) {
            size_t w = magic_word_len(q);
            char *args = strndup(q + w, (size_t)(s + n - q) - w);
            magics_find(q, w)->run(I, args, "", res);
            free(args);
            if (interp_interrupted(I) && res->ok) magics_set_error(res, "Interrupted", "the magic was interrupted");
        }
        s += n;
        if (*s) s++;
    }
}

bool magics_run(Interp *I, const char *code, CellResult *res) {
    const char *p = skip_blank_lines(code);
    if (*p != '%') return false;
    memset(res, 0, sizeof *res);
    res->ok = true;
    interp_clear_interrupt(I);
    size_t w = magic_word_len(p);
    const Magic *m = magics_find(p, w);
    if (!m) { unknown_magic(p, w, res); return true; }
    if (m->kind == MAGIC_LINE) { run_lines(I, p, res); return true; }
    size_t n = strcspn(p, "\n");
    char *args = strndup(p + w, n - w);
    m->run(I, args, p[n] ? p + n + 1 : p + n, res);
    free(args);
    return true;
}

/* ---- is_complete and completion ---- */

const Magic *magics_cell_magic(const char *code, size_t *body_start) {
    const char *p = skip_blank_lines(code);
    const Magic *m = magics_find(p, magic_word_len(p));
    if (!m || m->kind != MAGIC_CELL) return NULL;
    size_t n = strcspn(p, "\n");
    if (body_start) *body_start = (size_t)(p - code) + n + (p[n] ? 1 : 0);
    return m;
}

const char *magics_is_complete(const char *code) {
    if (!magics_is_magic(code)) return NULL;
    if (!magics_cell_magic(code, NULL)) return "complete";
    const char *p = skip_blank_lines(code);
    const char *nl = strrchr(p, '\n');
    if (!nl) return "incomplete";   /* the first line alone: the body comes next */
    const char *last = nl + 1;
    while (*last == ' ' || *last == '\t' || *last == '\r') last++;
    return *last ? "incomplete" : "complete";   /* an empty last line ends the body */
}
