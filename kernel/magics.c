/* magics.c — cell and line magics, run before the interpreter sees a cell. A cell whose first
 * line starts with %% is a cell magic (%%bash); a cell of % lines is a series of line magics.
 * Unknown magics are an error naming the ones this kernel has.
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
#include "spark/sql.h"

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

static void set_error(CellResult *res, const char *ename, const char *msg) {
    res->ok = false;
    res->ename = strdup(ename);
    res->evalue = strdup(msg);
    size_t n = strlen(ename) + strlen(msg) + 3;
    res->traceback = malloc(n);
    snprintf(res->traceback, n, "%s: %s", ename, msg);
}

/* %%bash: the cell runs in /bin/bash, output streamed as it comes; interrupt kills the group. */
static void run_bash(Backend *b, const char *script, CellResult *res) {
    Interp *I = backend_interp(b);
    int out[2];
    if (pipe(out) != 0) { set_error(res, "java.io.IOException", strerror(errno)); return; }
    pid_t pid = fork();
    if (pid < 0) { close(out[0]); close(out[1]); set_error(res, "java.io.IOException", strerror(errno)); return; }
    if (pid == 0) {
        setpgid(0, 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(out[0]);
        close(out[1]);
        int devnull = open("/dev/null", 0);
        if (devnull >= 0) { dup2(devnull, 0); close(devnull); }
        signal(SIGINT, SIG_DFL);
        execl("/bin/bash", "bash", "-c", script, (char *)NULL);
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
    if (killed) { set_error(res, "Interrupted", "the %%bash cell was interrupted (its process group was terminated)"); return; }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "the script exited with status %d", WEXITSTATUS(status));
        set_error(res, "BashError", msg);
    } else if (WIFSIGNALED(status)) {
        char msg[96];
        snprintf(msg, sizeof msg, "the script was killed by signal %d", WTERMSIG(status));
        set_error(res, "BashError", msg);
    }
}

bool magics_run(Backend *b, const char *code, CellResult *res) {
    const char *p = skip_blank_lines(code);
    if (*p != '%') return false;
    memset(res, 0, sizeof *res);
    res->ok = true;
    Interp *I = backend_interp(b);
    interp_clear_interrupt(I);
    size_t n = strcspn(p, "\n");
    char first[256];
    snprintf(first, sizeof first, "%.*s", (int)(n < 255 ? n : 255), p);
    const char *body = p[n] ? p + n + 1 : p + n;
    char name[64];
    size_t k = strspn(first, "%");
    size_t nl = strcspn(first + k, " \t");
    snprintf(name, sizeof name, "%.*s", (int)(nl < 63 ? nl : 63), first + k);
    if (k == 2 && !strcmp(name, "bash")) { run_bash(b, body, res); return true; }
    if (k == 2 && !strcmp(name, "scala")) { interp_run_cell(I, body, res); return true; }
    if (k == 2 && !strcmp(name, "sql")) { sql_magic(I, first + k + nl, body, res); return true; }
    if (k == 2 && magics_kafka_cell(b, name, first + k + nl, body, res)) return true;
    if (k == 1 && magics_kafka_lines(b, p, res)) return true;
    char msg[320];
    snprintf(msg, sizeof msg, "unknown magic %.*s%s: this kernel has %%%%bash, %%%%scala, %%%%configure, %%%%produce, %%kafka, %%topics, %%topic and %%consume", (int)k, "%%", name);
    set_error(res, "UsageError", msg);
    return true;
}

json_t *magics_complete(Backend *b, const char *code, int cursor, int *start, int *end) {
    return magics_kafka_complete(b, code, cursor, start, end);
}

void magics_shutdown(Backend *b) { (void)b; }
