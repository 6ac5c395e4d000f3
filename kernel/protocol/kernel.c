/* kernel.c — kernel_run: the Jupyter kernel's sockets, threads and request handlers.
 *
 * Threads and who owns what:
 *   shell (the caller's thread)  shell ROUTER and stdin ROUTER; runs every shell request, so the
 *                                backend's execute/complete/inspect/... are only ever called here.
 *   control                      control ROUTER: kernel_info, interrupt, shutdown. Works while a
 *                                cell runs; tells the shell thread through a self-pipe.
 *   heartbeat                    hb ROUTER echoed by zmq_proxy (like ipykernel).
 *   parent watcher               only with JPY_PARENT_PID: shuts the kernel down when the process
 *                                that started it exits (see parent_main).
 *   anyone                       iopub, through the mutex-protected kp_hub (iopub.c).
 * SIGINT (interrupt_mode "signal") sets the interrupt flag, calls backend->interrupt and writes
 * to the self-pipe: all three are async-signal-safe. czmq's own SIGINT handler is disabled.
 * Sockets are plain libzmq (no czmq), and signing needs no OpenSSL initialisation (see sha.c),
 * which keeps start-up to a few milliseconds.
 *
 * Every decoded message passes the signature check, then the replay check (one set of the
 * signatures seen, shared by all channels: replay.h). A request whose header decodes but whose
 * other parts do not is still answered, with an error reply between busy and idle.
 *
 * Shutdown: the request is answered first (from whichever thread got it), then the shell thread
 * leaves its loop once the running cell (interrupted) returns, calls backend->shutdown, closes
 * iopub and ends the other threads through zmq_ctx_shutdown. If a cell ignores the interrupt,
 * the control thread ends the process after KP_SHUTDOWN_GRACE_MS with status 0.
 */
#include "protocol/connfile.h"
#include "protocol/history.h"
#include "protocol/internal.h"
#include "protocol/kernel.h"
#include "protocol/replay.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define KP_MAX_FRAME (128 * 1024 * 1024)        /* ZMQ_MAXMSGSIZE: larger frames drop the peer */
#define KP_MAX_TOTAL (256u * 1024 * 1024)       /* a whole message */
#define KP_ABORT_GRACE_MS 10                    /* how long queued requests may take to arrive */
#define KP_SHUTDOWN_GRACE_MS 4000

typedef struct kp_kernel {
    kernel_backend *be;
    kp_conn conn;
    kp_hub *hub;
    const kp_signer *signer; /* owned by the hub */
    const char *session;     /* owned by the hub */
    void *ctx;
    void *sock[KP_NCHANNELS]; /* the shell thread's; iopub's is owned by the hub */
    void *control_sock;       /* owned by the control thread once it runs */
    json_t *kernel_info;      /* reply content, built once */
    kp_history *history;
    kp_replay *seen;         /* signatures accepted so far (every channel) */
    pid_t parent;            /* the parent watched (0: none), see parent_main */
    int execution_count;
    int wake[2]; /* self-pipe: control thread and SIGINT wake the shell thread */
    atomic_int interrupted;
    atomic_int shutdown;
    atomic_int restart;
    pthread_t shell_thread;
    const wire_msg *cur; /* the shell request being handled (for stdin) */
    pthread_mutex_t done_lock;
    pthread_cond_t done_cond;
    bool done;
} kp_kernel;

static kp_kernel *volatile g_kernel; /* for the SIGINT handler */

/* ---- receiving ---- */

typedef struct {
    zmq_msg_t *m;
    size_t n, cap;
    size_t total;
    bool overflow;
} kp_raw;

static void raw_clear(kp_raw *r) {
    for (size_t i = 0; i < r->n; i++) zmq_msg_close(&r->m[i]);
    free(r->m);
    memset(r, 0, sizeof *r);
}

/* Receives one multipart message. Keeps at most WIRE_MAX_FRAMES + 1 frames and KP_MAX_TOTAL
 * bytes (the rest is read and discarded, and overflow set). Returns 0, or -1 with errno. */
static int raw_recv(void *sock, kp_raw *r, int flags) {
    memset(r, 0, sizeof *r);
    for (;;) {
        zmq_msg_t part;
        zmq_msg_init(&part);
        int rc;
        while ((rc = zmq_msg_recv(&part, sock, flags)) < 0 && zmq_errno() == EINTR && r->n > 0) {}
        if (rc < 0) {
            int e = zmq_errno();
            zmq_msg_close(&part);
            raw_clear(r);
            errno = e;
            return -1;
        }
        flags = 0; /* the rest of a multipart message is already here */
        bool more = zmq_msg_more(&part);
        if (r->n > WIRE_MAX_FRAMES || r->total + zmq_msg_size(&part) > KP_MAX_TOTAL) {
            r->overflow = true;
            zmq_msg_close(&part);
        } else {
            if (r->n == r->cap) {
                size_t cap = r->cap ? 2 * r->cap : 8;
                zmq_msg_t *m = realloc(r->m, cap * sizeof *m);
                if (!m) { r->overflow = true; zmq_msg_close(&part); goto next; }
                r->m = m;
                r->cap = cap;
            }
            r->total += zmq_msg_size(&part);
            r->m[r->n++] = part;
        }
    next:
        if (!more) return 0;
    }
}

/* Decodes a received message. Returns 0 with *msg filled, or logs and returns -1 (with *msg
 * empty) when it must be dropped: not signed with our key, a signature already seen (a replay, as
 * jupyter_client's Session refuses it), or not even a readable header. When only the header could
 * be decoded, msg->error says what is wrong and the caller answers with an error reply. */
static int decode(kp_kernel *k, int channel, kp_raw *r, wire_msg *msg) {
    memset(msg, 0, sizeof *msg);
    if (r->overflow) {
        kp_log("dropped a message on %s: more than %d frames or %u bytes", kp_channel_name(channel),
               WIRE_MAX_FRAMES, KP_MAX_TOTAL);
        return -1;
    }
    wire_frame stack[16] = {{NULL, 0}};
    wire_frame *f = r->n <= 16 ? stack : malloc(r->n * sizeof *f);
    if (!f) return -1;
    for (size_t i = 0; i < r->n; i++) f[i] = (wire_frame){zmq_msg_data(&r->m[i]), zmq_msg_size(&r->m[i])};
    char why[256];
    int rc = wire_decode_partial(f, r->n, k->signer, msg, why, sizeof why);
    if (f != stack) free(f);
    if (rc != WIRE_OK && !msg->header) {
        wire_msg_clear(msg);
        kp_log("dropped a message on %s: %s%s%s", kp_channel_name(channel), wire_strerror(rc),
               why[0] ? ": " : "", why);
        return -1;
    }
    if (msg->signature[0] && kp_replay_seen(k->seen, msg->signature, strlen(msg->signature))) {
        kp_log("dropped a message on %s: replayed signature: %.60s %.80s was already received in this "
               "session with the same signature", kp_channel_name(channel), msg->msg_type, msg->msg_id);
        wire_msg_clear(msg);
        return -1;
    }
    if (rc != WIRE_OK)
        kp_log("%.60s %.80s on %s could not be decoded (%s): answering with an error", msg->msg_type,
               msg->msg_id, kp_channel_name(channel), why);
    return 0;
}

/* ---- sending ---- */

static char *dump_header(const wire_msg *req) {
    return json_dumps(req->header, JSON_COMPACT);
}

static void reply(kp_kernel *k, void *sock, const wire_msg *req, const char *parent,
                  const char *type, json_t *content) {
    kp_send(sock, k->signer, k->session, req->ids, req->n_ids, type, parent, NULL, content);
}

/* "foo_request" -> "foo_reply"; anything else -> NULL. */
static char *reply_type(const char *req_type) {
    size_t n = strlen(req_type);
    const char *suffix = "_request";
    size_t sl = strlen(suffix);
    if (n <= sl || strcmp(req_type + n - sl, suffix) != 0) return NULL;
    char *t = malloc(n - sl + 7);
    if (!t) return NULL;
    memcpy(t, req_type, n - sl);
    strcpy(t + n - sl, "_reply");
    return t;
}

static json_t *error_content(const char *ename, const char *evalue) {
    return json_pack("{s:s, s:s, s:s, s:[]}", "status", "error", "ename", ename, "evalue", evalue, "traceback");
}

/* A message whose header decoded but whose other parts did not (msg->error): an error reply if
 * it is a request (the caller publishes busy and idle around it, as for any request). */
static void answer_undecodable(kp_kernel *k, void *sock, const wire_msg *msg, const char *parent) {
    char *rt = reply_type(msg->msg_type);
    if (!rt) return;
    char ev[512];
    snprintf(ev, sizeof ev, "the %.60s could not be decoded, so it was not run: %s (parent_header, metadata "
             "and content must each be a JSON object in UTF-8)", msg->msg_type, msg->error);
    json_t *c = error_content("ValueError", ev);
    if (strcmp(rt, "execute_reply") == 0) {
        json_object_set_new(c, "execution_count", json_integer(k->execution_count));
        json_object_set_new(c, "user_expressions", json_object());
    }
    reply(k, sock, msg, parent, rt, c);
    free(rt);
}

static void wake_shell(kp_kernel *k) {
    ssize_t w = write(k->wake[1], "w", 1);
    (void)w;
}

static void drain_wake(kp_kernel *k) {
    char buf[64];
    while (read(k->wake[0], buf, sizeof buf) > 0) {}
}

static void on_sigint(int sig) {
    (void)sig;
    int saved = errno;
    kp_kernel *k = g_kernel;
    if (k) {
        atomic_store(&k->interrupted, 1);
        if (k->be->interrupt) k->be->interrupt(k->be->self);
        wake_shell(k);
    }
    errno = saved;
}

/* ---- requests that both shell and control answer ---- */

static void do_interrupt(kp_kernel *k) {
    atomic_store(&k->interrupted, 1);
    if (k->be->interrupt) k->be->interrupt(k->be->self);
    wake_shell(k);
}

static void do_shutdown(kp_kernel *k, void *sock, const wire_msg *req, const char *parent) {
    bool restart = json_is_true(json_object_get(req->content, "restart"));
    reply(k, sock, req, parent, "shutdown_reply", json_pack("{s:s, s:b}", "status", "ok", "restart", restart));
    atomic_store(&k->restart, restart);
    atomic_store(&k->shutdown, 1);
    do_interrupt(k); /* stop a running cell */
}

/* After a shutdown was started: gives the shell thread time to stop the cell and clean up, then
 * ends the process regardless. */
static void wait_done_or_exit(kp_kernel *k, const char *cause) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += KP_SHUTDOWN_GRACE_MS / 1000;
    until.tv_nsec += (KP_SHUTDOWN_GRACE_MS % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&k->done_lock);
    int rc = 0;
    while (!k->done && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&k->done_cond, &k->done_lock, &until);
    bool done = k->done;
    pthread_mutex_unlock(&k->done_lock);
    if (!done) {
        kp_log("the running cell did not stop within %d ms of %s; exiting", KP_SHUTDOWN_GRACE_MS, cause);
        _exit(0);
    }
}

/* Starts the shutdown that shutdown_request starts, for another cause. */
static void start_shutdown(kp_kernel *k) {
    atomic_store(&k->restart, 0);
    atomic_store(&k->shutdown, 1);
    do_interrupt(k);
}

/* ---- the parent watcher ----
 * As ipykernel's ParentPollerUnix: when JPY_PARENT_PID (which jupyter_client sets when it starts
 * a kernel) names a process other than init, the kernel checks once a second whether its parent
 * has changed and, if so, shuts down exactly as for a shutdown_request: the running cell is
 * interrupted, backend->shutdown and the backend's cleanup stop streams and flush producers, and
 * the exit status is 0. Where this differs from ipykernel, and why:
 *   - The parent watched is getppid() at start. When jupyter_client started the kernel directly
 *     that is JPY_PARENT_PID. When it is not (a wrapper process in between), ipykernel waits for
 *     the parent to become PID 1, which never happens under a subreaper (systemd --user, tini,
 *     most containers), and kills a kernel whose parent is init from the start at once; watching
 *     for any change of parent covers both, and a kernel under init from the start is never
 *     watched (init does not go away).
 *   - It polls rather than using prctl(PR_SET_PDEATHSIG): that signal comes when the thread that
 *     forked the kernel exits, not its process, and could not shut down cleanly from a handler.
 *   - ipykernel calls os._exit(1) at once; here the shutdown is the clean one.
 * Without JPY_PARENT_PID (or with 0 or 1) nothing is watched: a kernel started by hand, by systemd
 * or under nohup stays up until it is asked to shut down. */

#define KP_PARENT_POLL_MS 1000

/* The parent to watch, or 0 for none. */
static pid_t parent_to_watch(void) {
    const char *env = getenv("JPY_PARENT_PID");
    if (!env || !*env) return 0;
    char *end;
    errno = 0;
    long want = strtol(env, &end, 10);
    if (errno || *end || want <= 1) return 0;
    pid_t ppid = getppid();
    if (ppid <= 1) return 0;
    if (ppid != (pid_t)want)
        kp_log("JPY_PARENT_PID is %ld but the parent process is %d: exiting when the parent changes", want, (int)ppid);
    return ppid;
}

static void *parent_main(void *arg) {
    kp_kernel *k = arg;
    pthread_mutex_lock(&k->done_lock);
    while (!k->done) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += KP_PARENT_POLL_MS / 1000;
        until.tv_nsec += (KP_PARENT_POLL_MS % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&k->done_cond, &k->done_lock, &until);
        if (k->done) break;
        pid_t now = getppid();
        if (now == k->parent) continue;
        pthread_mutex_unlock(&k->done_lock);
        kp_log("the parent process %d has exited (the parent is now %d): shutting down", (int)k->parent, (int)now);
        start_shutdown(k);
        wait_done_or_exit(k, "the parent's exit");
        return NULL;
    }
    pthread_mutex_unlock(&k->done_lock);
    return NULL;
}

/* ---- the control thread ---- */

static void *control_main(void *arg) {
    kp_kernel *k = arg;
    void *sock = k->control_sock;
    while (!atomic_load(&k->shutdown)) {
        kp_raw r;
        if (raw_recv(sock, &r, 0) < 0) {
            if (errno == EINTR) continue;
            break; /* ETERM: the context is shutting down */
        }
        wire_msg msg;
        int ok = decode(k, KP_CONTROL, &r, &msg) == 0;
        raw_clear(&r);
        if (!ok) continue;
        char *parent = dump_header(&msg);
        kp_hub_status(k->hub, parent, "busy");
        const char *t = msg.msg_type;
        if (msg.error) {
            answer_undecodable(k, sock, &msg, parent);
        } else if (strcmp(t, "kernel_info_request") == 0) {
            reply(k, sock, &msg, parent, "kernel_info_reply", json_deep_copy(k->kernel_info));
        } else if (strcmp(t, "interrupt_request") == 0) {
            do_interrupt(k);
            reply(k, sock, &msg, parent, "interrupt_reply", json_pack("{s:s}", "status", "ok"));
        } else if (strcmp(t, "shutdown_request") == 0) {
            do_shutdown(k, sock, &msg, parent);
        } else {
            char *rt = reply_type(t);
            kp_log("unsupported request on control: %s", t);
            if (rt) {
                char ev[256];
                snprintf(ev, sizeof ev, "%s is not supported on the control channel", t);
                reply(k, sock, &msg, parent, rt, error_content("UnsupportedRequest", ev));
            }
            free(rt);
        }
        kp_hub_status(k->hub, parent, "idle");
        free(parent);
        wire_msg_clear(&msg);
    }
    if (atomic_load(&k->shutdown)) wait_done_or_exit(k, "shutdown_request");
    zmq_close(sock);
    return NULL;
}

static void *heartbeat_main(void *sock) {
    while (zmq_proxy(sock, sock, NULL) < 0 && zmq_errno() == EINTR) {}
    zmq_close(sock);
    return NULL;
}

/* ---- stdin ---- */

char *kio_input(kernel_io *io, const char *prompt, bool password) {
    if (!io || io->dup || !io->k || !io->allow_stdin) return NULL;
    kp_kernel *k = io->k;
    if (!pthread_equal(pthread_self(), k->shell_thread) || !k->cur) return NULL;
    if (atomic_load(&k->interrupted) || atomic_load(&k->shutdown)) return NULL;
    void *sock = k->sock[KP_STDIN];
    kp_raw r;
    while (raw_recv(sock, &r, ZMQ_DONTWAIT) == 0) raw_clear(&r); /* stale replies */
    if (kp_send(sock, k->signer, k->session, k->cur->ids, k->cur->n_ids, "input_request", io->parent, NULL,
                json_pack("{s:s, s:b}", "prompt", prompt ? prompt : "", "password", password)) < 0)
        return NULL;
    for (;;) {
        zmq_pollitem_t items[2] = {{sock, 0, ZMQ_POLLIN, 0}, {NULL, k->wake[0], ZMQ_POLLIN, 0}};
        int n = zmq_poll(items, 2, -1);
        if (n < 0 && zmq_errno() != EINTR) return NULL;
        if (items[1].revents) drain_wake(k);
        if (atomic_load(&k->interrupted) || atomic_load(&k->shutdown)) return NULL;
        if (n <= 0 || !(items[0].revents & ZMQ_POLLIN)) continue;
        if (raw_recv(sock, &r, ZMQ_DONTWAIT) < 0) continue;
        wire_msg msg;
        int ok = decode(k, KP_STDIN, &r, &msg) == 0;
        raw_clear(&r);
        if (!ok) continue;
        char *value = NULL;
        if (msg.error) {
            kp_log("ignored a %.60s on stdin that could not be decoded: %s", msg.msg_type, msg.error);
        } else if (strcmp(msg.msg_type, "input_reply") == 0) {
            const json_t *v = json_object_get(msg.content, "value");
            value = strdup(json_is_string(v) ? json_string_value(v) : "");
            size_t len = json_is_string(v) ? json_string_length(v) : 0;
            if (value && strlen(value) < len) {
                /* the interpreter's strings end at a NUL: say so in the cell rather than cut silently */
                char note[200];
                int nn = snprintf(note, sizeof note, "warning: the input contains U+0000 at byte %zu; "
                                 "the program sees only the text before it\n", strlen(value));
                kio_stream(io, "stderr", note, (size_t)nn);
            }
        } else {
            kp_log("ignored %s on stdin while waiting for input_reply", msg.msg_type);
        }
        wire_msg_clear(&msg);
        if (value) return value;
    }
}

/* ---- shell requests ---- */

static bool opt_bool(const json_t *o, const char *key, bool dflt) {
    const json_t *v = json_object_get(o, key);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

/* Length of s (len bytes) in Unicode code points (Jupyter's cursor unit). */
static int utf8_len(const char *s, size_t len) {
    int n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static json_t *user_expressions(kp_kernel *k, const json_t *exprs) {
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)exprs, key, v) {
        json_t *res = NULL;
        if (!json_is_string(v)) res = error_content("TypeError", "a user expression must be a string");
        else if (!k->be->user_expression) res = error_content("NotImplementedError", "user_expressions are not supported");
        else res = k->be->user_expression(k->be->self, json_string_value(v), json_string_length(v));
        if (!json_is_object(res)) {
            json_decref(res);
            res = error_content("Error", "the expression could not be evaluated");
        }
        json_object_set_new(out, key, res);
    }
    return out;
}

/* The error object from the backend, made well-formed: ename, evalue strings, traceback list. */
static json_t *clean_error(json_t *err) {
    const json_t *en = json_object_get(err, "ename"), *ev = json_object_get(err, "evalue"),
                 *tb = json_object_get(err, "traceback");
    json_t *out = json_pack("{s:s, s:s}", "ename", json_is_string(en) ? json_string_value(en) : "Error",
                            "evalue", json_is_string(ev) ? json_string_value(ev) : "");
    json_t *list = json_array();
    size_t i;
    json_t *line;
    if (json_is_array(tb))
        json_array_foreach(tb, i, line) if (json_is_string(line)) json_array_append(list, line);
    json_object_set_new(out, "traceback", list);
    return out;
}

static void dispatch(kp_kernel *k, wire_msg *msg);

/* After an error with stop_on_error: collects the requests already waiting (allowing a few ms
 * for those in flight), so that execute_requests among them can be answered "aborted". */
static size_t collect_queued(kp_kernel *k, wire_msg **out) {
    size_t n = 0, cap = 0;
    *out = NULL;
    void *sock = k->sock[KP_SHELL];
    for (int guard = 0; guard < 10000; guard++) {
        zmq_pollitem_t item = {sock, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&item, 1, KP_ABORT_GRACE_MS);
        if (rc < 0 && zmq_errno() == EINTR) continue;
        if (rc <= 0) break;
        kp_raw r;
        if (raw_recv(sock, &r, ZMQ_DONTWAIT) < 0) break;
        wire_msg m;
        int ok = decode(k, KP_SHELL, &r, &m) == 0;
        raw_clear(&r);
        if (!ok) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 4;
            wire_msg *v = realloc(*out, cap * sizeof *v);
            if (!v) { wire_msg_clear(&m); break; }
            *out = v;
        }
        (*out)[n++] = m;
    }
    return n;
}

/* Runs an execute_request. After an error with stop_on_error, *queued receives the requests
 * that were already waiting; the caller answers them after this request's idle. */
static void execute(kp_kernel *k, const wire_msg *msg, const char *parent, wire_msg **queued, size_t *nq) {
    void *sock = k->sock[KP_SHELL];
    const json_t *c = msg->content;
    const json_t *code_v = json_object_get(c, "code");
    if (!json_is_string(code_v)) {
        json_t *rc = error_content("ValueError", "execute_request needs a string \"code\"");
        json_object_set_new(rc, "execution_count", json_integer(k->execution_count));
        reply(k, sock, msg, parent, "execute_reply", rc);
        return;
    }
    const char *code = json_string_value(code_v);
    size_t code_len = json_string_length(code_v); /* the code may contain U+0000 */
    bool silent = opt_bool(c, "silent", false);
    bool store_history = silent ? false : opt_bool(c, "store_history", true);
    bool allow_stdin = opt_bool(c, "allow_stdin", false);
    bool stop_on_error = opt_bool(c, "stop_on_error", true);
    const json_t *ue = json_object_get(c, "user_expressions");

    if (!silent) {
        k->execution_count++;
        kp_hub_publish(k->hub, parent, "execute_input",
                       json_pack("{s:O, s:i}", "code", (json_t *)code_v, "execution_count", k->execution_count));
    }
    int count = k->execution_count;
    if (store_history) kp_history_add(k->history, count, code, code_len);

    kernel_io io = {.hub = k->hub, .parent = (char *)parent, .k = k, .allow_stdin = allow_stdin, .dup = false};
    atomic_store(&k->interrupted, 0);
    json_t *result = NULL, *error = NULL;
    kexec_status st = KEXEC_ERROR;
    if (k->be->execute) st = k->be->execute(k->be->self, &io, code, code_len, silent, count, &result, &error);
    else error = json_pack("{s:s, s:s, s:[]}", "ename", "NotImplementedError", "evalue", "no backend", "traceback");

    json_t *content;
    if (st == KEXEC_OK) {
        if (json_is_object(result) && !silent)
            kp_hub_publish(k->hub, parent, "execute_result",
                           json_pack("{s:i, s:O, s:{}}", "execution_count", count, "data", result, "metadata"));
        content = json_pack("{s:s, s:i, s:[], s:o}", "status", "ok", "execution_count", count, "payload",
                            "user_expressions", json_is_object(ue) ? user_expressions(k, ue) : json_object());
    } else if (st == KEXEC_ABORTED) {
        content = json_pack("{s:s, s:i}", "status", "aborted", "execution_count", count);
    } else {
        json_t *e = clean_error(error);
        kp_hub_publish(k->hub, parent, "error", json_deep_copy(e));
        content = e;
        json_object_set_new(content, "status", json_string("error"));
        json_object_set_new(content, "execution_count", json_integer(count));
        json_object_set_new(content, "user_expressions", json_object());
    }
    json_decref(result);
    json_decref(error);

    if (st == KEXEC_ERROR && !silent && stop_on_error && !atomic_load(&k->shutdown))
        *nq = collect_queued(k, queued);
    reply(k, sock, msg, parent, "execute_reply", content);
}

/* Answers a request that was waiting when an earlier cell failed: execute_requests are
 * "aborted" without running, anything else is handled normally. */
static void run_queued(kp_kernel *k, wire_msg *q) {
    if (q->error || strcmp(q->msg_type, "execute_request") != 0) {
        dispatch(k, q);
        return;
    }
    char *qp = dump_header(q);
    if (!qp) return;
    kp_hub_status(k->hub, qp, "busy");
    kp_log("aborting execute_request %s after an error", q->msg_id);
    reply(k, k->sock[KP_SHELL], q, qp, "execute_reply",
          json_pack("{s:s, s:i}", "status", "aborted", "execution_count", k->execution_count));
    kp_hub_status(k->hub, qp, "idle");
    free(qp);
}

static json_t *backend_json(json_t *v, json_t *(*fallback)(void)) {
    if (json_is_object(v)) return v;
    json_decref(v);
    return fallback();
}

static json_t *empty_complete(void) { return json_pack("{s:[], s:{}}", "matches", "metadata"); }
static json_t *empty_inspect(void) { return json_pack("{s:b, s:{}, s:{}}", "found", 0, "data", "metadata"); }
static json_t *unknown_complete(void) { return json_pack("{s:s}", "status", "unknown"); }

static void shell_request(kp_kernel *k, const wire_msg *msg, const char *parent, wire_msg **queued, size_t *nq) {
    void *sock = k->sock[KP_SHELL];
    const char *t = msg->msg_type;
    const json_t *c = msg->content;
    const json_t *code_v = json_object_get(c, "code");
    const char *code = json_is_string(code_v) ? json_string_value(code_v) : NULL;
    size_t code_len = code ? json_string_length(code_v) : 0;

    if (msg->error) {
        answer_undecodable(k, sock, msg, parent);
    } else if (strcmp(t, "execute_request") == 0) {
        execute(k, msg, parent, queued, nq);
    } else if (strcmp(t, "kernel_info_request") == 0) {
        reply(k, sock, msg, parent, "kernel_info_reply", json_deep_copy(k->kernel_info));
    } else if (strcmp(t, "is_complete_request") == 0) {
        json_t *r;
        if (!code) r = error_content("ValueError", "is_complete_request needs a string \"code\"");
        else r = backend_json(k->be->is_complete ? k->be->is_complete(k->be->self, code, code_len) : NULL, unknown_complete);
        reply(k, sock, msg, parent, "is_complete_reply", r);
    } else if (strcmp(t, "complete_request") == 0 || strcmp(t, "inspect_request") == 0) {
        bool complete = t[0] == 'c';
        const char *rt = complete ? "complete_reply" : "inspect_reply";
        const json_t *cp = json_object_get(c, "cursor_pos");
        if (!code || (cp && !json_is_null(cp) && !json_is_integer(cp))) {
            reply(k, sock, msg, parent, rt, error_content("ValueError", "needs a string \"code\" and an integer \"cursor_pos\""));
            return;
        }
        int len = utf8_len(code, code_len);
        long long pos = json_is_integer(cp) ? json_integer_value(cp) : len;
        if (pos < 0) pos = 0;
        if (pos > len) pos = len;
        json_t *r;
        if (complete) {
            r = backend_json(k->be->complete ? k->be->complete(k->be->self, code, code_len, (int)pos) : NULL, empty_complete);
            if (!json_is_array(json_object_get(r, "matches"))) json_object_set_new(r, "matches", json_array());
            if (!json_is_integer(json_object_get(r, "cursor_start"))) json_object_set_new(r, "cursor_start", json_integer(pos));
            if (!json_is_integer(json_object_get(r, "cursor_end"))) json_object_set_new(r, "cursor_end", json_integer(pos));
        } else {
            const json_t *dl = json_object_get(c, "detail_level");
            int detail = json_is_integer(dl) ? (int)json_integer_value(dl) : 0;
            r = backend_json(k->be->inspect ? k->be->inspect(k->be->self, code, code_len, (int)pos, detail) : NULL, empty_inspect);
            if (!json_is_boolean(json_object_get(r, "found"))) json_object_set_new(r, "found", json_false());
            if (!json_is_object(json_object_get(r, "data"))) json_object_set_new(r, "data", json_object());
        }
        if (!json_is_object(json_object_get(r, "metadata"))) json_object_set_new(r, "metadata", json_object());
        json_object_set_new(r, "status", json_string("ok"));
        reply(k, sock, msg, parent, rt, r);
    } else if (strcmp(t, "history_request") == 0) {
        reply(k, sock, msg, parent, "history_reply", kp_history_reply(k->history, c));
    } else if (strcmp(t, "comm_info_request") == 0) {
        reply(k, sock, msg, parent, "comm_info_reply", json_pack("{s:s, s:{}}", "status", "ok", "comms"));
    } else if (strcmp(t, "comm_open") == 0) {
        /* No comm targets exist: close every comm right away, as the spec asks. */
        const json_t *id = json_object_get(c, "comm_id");
        const json_t *target = json_object_get(c, "target_name");
        kp_log("no comm target \"%s\"; closing the comm", json_is_string(target) ? json_string_value(target) : "?");
        if (json_is_string(id))
            kp_hub_publish(k->hub, parent, "comm_close", json_pack("{s:O, s:{}}", "comm_id", id, "data"));
    } else if (strcmp(t, "comm_msg") == 0 || strcmp(t, "comm_close") == 0) {
        /* for comms we never opened: nothing to do */
    } else if (strcmp(t, "shutdown_request") == 0) {
        do_shutdown(k, sock, msg, parent);
    } else if (strcmp(t, "interrupt_request") == 0) {
        do_interrupt(k);
        reply(k, sock, msg, parent, "interrupt_reply", json_pack("{s:s}", "status", "ok"));
    } else {
        char *rt = reply_type(t);
        kp_log("unknown message type on shell: %s", t);
        if (rt) {
            char ev[256];
            snprintf(ev, sizeof ev, "unknown message type \"%.200s\"", t);
            reply(k, sock, msg, parent, rt, error_content("UnknownMessageType", ev));
        }
        free(rt);
    }
}

/* One shell request, between status busy and idle. */
static void dispatch(kp_kernel *k, wire_msg *msg) {
    char *parent = dump_header(msg);
    if (!parent) return;
    const wire_msg *outer = k->cur;
    k->cur = msg;
    wire_msg *queued = NULL;
    size_t nq = 0;
    kp_hub_status(k->hub, parent, "busy");
    shell_request(k, msg, parent, &queued, &nq);
    kp_hub_status(k->hub, parent, "idle");
    k->cur = outer;
    free(parent);
    for (size_t i = 0; i < nq; i++) {
        run_queued(k, &queued[i]);
        wire_msg_clear(&queued[i]);
    }
    free(queued);
}

static void shell_loop(kp_kernel *k) {
    void *sock = k->sock[KP_SHELL];
    while (!atomic_load(&k->shutdown)) {
        zmq_pollitem_t items[2] = {{sock, 0, ZMQ_POLLIN, 0}, {NULL, k->wake[0], ZMQ_POLLIN, 0}};
        int n = zmq_poll(items, 2, -1);
        if (n < 0) {
            if (zmq_errno() == EINTR) continue;
            kp_log("poll failed: %s", zmq_strerror(zmq_errno()));
            break;
        }
        if (items[1].revents) drain_wake(k);
        if (!(items[0].revents & ZMQ_POLLIN)) continue;
        kp_raw r;
        if (raw_recv(sock, &r, ZMQ_DONTWAIT) < 0) continue;
        wire_msg msg;
        int ok = decode(k, KP_SHELL, &r, &msg) == 0;
        raw_clear(&r);
        if (!ok) continue;
        dispatch(k, &msg);
        wire_msg_clear(&msg);
    }
}

/* ---- set-up and tear-down ---- */

static json_t *build_kernel_info(kernel_backend *be) {
    json_t *ki = be->kernel_info ? be->kernel_info(be->self) : NULL;
    if (!json_is_object(ki)) {
        json_decref(ki);
        ki = json_object();
    }
    json_object_set_new(ki, "status", json_string("ok"));
    json_object_set_new(ki, "protocol_version", json_string("5.3"));
    if (!json_is_string(json_object_get(ki, "implementation"))) json_object_set_new(ki, "implementation", json_string("dstream"));
    if (!json_is_string(json_object_get(ki, "implementation_version"))) json_object_set_new(ki, "implementation_version", json_string("0"));
    if (!json_is_object(json_object_get(ki, "language_info"))) json_object_set_new(ki, "language_info", json_pack("{s:s}", "name", ""));
    if (!json_is_string(json_object_get(ki, "banner"))) json_object_set_new(ki, "banner", json_string(""));
    if (!json_is_array(json_object_get(ki, "help_links"))) json_object_set_new(ki, "help_links", json_array());
    if (!json_object_get(ki, "debugger")) json_object_set_new(ki, "debugger", json_false());
    return ki;
}

static void *open_socket(kp_kernel *k, int channel, char *err, size_t errlen) {
    static const int types[KP_NCHANNELS] = {ZMQ_ROUTER, ZMQ_ROUTER, ZMQ_ROUTER, ZMQ_PUB, ZMQ_ROUTER};
    void *s = zmq_socket(k->ctx, types[channel]);
    if (!s) {
        snprintf(err, errlen, "cannot create the %s socket: %s", kp_channel_name(channel), zmq_strerror(zmq_errno()));
        return NULL;
    }
    int linger = channel == KP_HB ? 0 : 1000;
    zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
    if (channel != KP_IOPUB) {
        int64_t max = KP_MAX_FRAME;
        zmq_setsockopt(s, ZMQ_MAXMSGSIZE, &max, sizeof max);
    } else {
        int hwm = 100000;
        zmq_setsockopt(s, ZMQ_SNDHWM, &hwm, sizeof hwm);
    }
    if (channel == KP_STDIN) {
        int one = 1;
        zmq_setsockopt(s, ZMQ_ROUTER_MANDATORY, &one, sizeof one);
    }
    if (strchr(k->conn.ip, ':')) {
        int one = 1;
        zmq_setsockopt(s, ZMQ_IPV6, &one, sizeof one);
    }
    char ep[300];
    kp_conn_endpoint(&k->conn, channel, ep, sizeof ep);
    if (zmq_bind(s, ep) < 0) {
        snprintf(err, errlen, "cannot bind the %s socket to %s: %s", kp_channel_name(channel), ep, zmq_strerror(zmq_errno()));
        zmq_close(s);
        return NULL;
    }
    if (k->conn.ports[channel] == 0) {
        char last[300];
        size_t len = sizeof last;
        if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, last, &len) == 0) kp_log("%s channel on %s", kp_channel_name(channel), last);
    }
    return s;
}

int kernel_run(const char *connection_file, kernel_backend *backend) {
    /* This layer uses libzmq directly, not czmq. Should anything in the process start czmq, its
     * zsys_init reads ZSYS_SIGHANDLER and then leaves SIGINT/SIGTERM alone (czmq's handler would
     * otherwise swallow interrupts or kill the kernel). */
    setenv("ZSYS_SIGHANDLER", "false", 1);

    if (!backend) {
        kp_log("no backend");
        return 1;
    }
    kp_kernel *k = calloc(1, sizeof *k);
    if (!k) return 1;
    k->be = backend;
    k->wake[0] = k->wake[1] = -1;
    char err[512];
    int status = 1;
    if (!connection_file) {
        kp_log("no connection file (use -f FILE)");
        goto out;
    }
    if (kp_conn_load(connection_file, &k->conn, err, sizeof err) < 0) {
        kp_log("%s", err);
        goto out;
    }
    kp_signer *signer = kp_signer_new(k->conn.scheme, k->conn.key, k->conn.keylen, err, sizeof err);
    if (!signer) {
        kp_log("connection file %s: %s", connection_file, err);
        goto out;
    }
    char session[37];
    wire_uuid(session);
    k->ctx = zmq_ctx_new();
    if (!k->ctx || pipe2(k->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
        kp_log("cannot create the ZeroMQ context or a pipe");
        kp_signer_free(signer);
        goto out;
    }
    void *pub = open_socket(k, KP_IOPUB, err, sizeof err);
    if (!pub) {
        kp_log("%s", err);
        kp_signer_free(signer);
        goto out;
    }
    k->hub = kp_hub_new(pub, signer, session);
    k->signer = kp_hub_signer(k->hub);
    k->session = kp_hub_session(k->hub);
    for (int ch = 0; ch < KP_NCHANNELS; ch++) {
        if (ch == KP_IOPUB) continue;
        k->sock[ch] = open_socket(k, ch, err, sizeof err);
        if (!k->sock[ch]) {
            kp_log("%s", err);
            goto out;
        }
    }
    k->kernel_info = build_kernel_info(backend);
    k->history = kp_history_new();
    k->seen = kp_replay_new(KP_REPLAY_DEFAULT_MAX);
    if (!k->history || !k->seen) {
        kp_log("out of memory");
        goto out;
    }
    k->parent = parent_to_watch();
    k->shell_thread = pthread_self();
    pthread_mutex_init(&k->done_lock, NULL);
    pthread_cond_init(&k->done_cond, NULL);

    /* Helper threads never take SIGINT; the shell thread does. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    pthread_t control, hb;
    /* Each thread owns (and closes) its socket from now on; we forget it before the thread starts. */
    void *hb_sock = k->sock[KP_HB];
    k->control_sock = k->sock[KP_CONTROL];
    k->sock[KP_CONTROL] = k->sock[KP_HB] = NULL;
    bool have_control = pthread_create(&control, NULL, control_main, k) == 0;
    if (!have_control) k->sock[KP_CONTROL] = k->control_sock;
    bool have_hb = pthread_create(&hb, NULL, heartbeat_main, hb_sock) == 0;
    if (!have_hb) k->sock[KP_HB] = hb_sock;
    pthread_t watcher;
    bool have_watcher = k->parent && pthread_create(&watcher, NULL, parent_main, k) == 0;
    if (k->parent && !have_watcher) kp_log("cannot start the thread that watches the parent process");
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    g_kernel = k;
    sigaction(SIGINT, &sa, &old_sa);

    if (!have_control || !have_hb) kp_log("cannot start the control or heartbeat thread");
    else {
        kp_hub_status(k->hub, NULL, "starting");
        shell_loop(k);
        if (backend->shutdown) backend->shutdown(backend->self, atomic_load(&k->restart));
        status = 0;
    }

    atomic_store(&k->shutdown, 1);
    pthread_mutex_lock(&k->done_lock);
    k->done = true;
    pthread_cond_broadcast(&k->done_cond);
    pthread_mutex_unlock(&k->done_lock);
    sigaction(SIGINT, &old_sa, NULL);
    g_kernel = NULL;
    kp_hub_close(k->hub);
    zmq_ctx_shutdown(k->ctx);
    if (have_control) pthread_join(control, NULL);
    if (have_hb) pthread_join(hb, NULL);
    if (have_watcher) pthread_join(watcher, NULL);
    pthread_cond_destroy(&k->done_cond);
    pthread_mutex_destroy(&k->done_lock);
out:
    for (int ch = 0; ch < KP_NCHANNELS; ch++)
        if (k->sock[ch]) zmq_close(k->sock[ch]);
    if (k->hub) {
        kp_hub_close(k->hub);
        kp_hub_unref(k->hub);
    }
    if (k->ctx) zmq_ctx_term(k->ctx);
    if (k->wake[0] >= 0) close(k->wake[0]);
    if (k->wake[1] >= 0) close(k->wake[1]);
    json_decref(k->kernel_info);
    kp_history_free(k->history);
    kp_replay_free(k->seen);
    kp_conn_clear(&k->conn);
    free(k);
    return status;
}
