/* server.c — kernel_run: the Jupyter kernel's sockets, threads and polling. What a request means
 * is handlers.c's business: every decoded shell or control request goes to kp_core_handle, and
 * the handlers answer through the transport defined here (replies, stdin, the shell requests
 * waiting after an error, waking the shell thread).
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
 * Sockets are plain libzmq (no czmq); signing is hmac.c's (OpenSSL's EVP_MAC, keyed once).
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
#include "protocol/handlers.h"
#include "protocol/internal.h"
#include "protocol/kernel.h"
#include "protocol/replay.h"
#include "util/uuid.h"

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
    kp_core core;            /* the handlers' state (handlers.h); its transport is this struct */
    kernel_backend *be;
    kp_conn conn;
    kp_hub *hub;
    const kp_signer *signer; /* owned by the hub */
    const char *session;     /* owned by the hub */
    void *ctx;
    void *sock[KP_NCHANNELS]; /* the shell thread's; iopub's is owned by the hub */
    void *control_sock;       /* owned by the control thread once it runs */
    kp_replay *seen;         /* signatures accepted so far (every channel) */
    pid_t parent;            /* the parent watched (0: none), see parent_main */
    int wake[2]; /* self-pipe: control thread and SIGINT wake the shell thread */
    pthread_mutex_t done_lock;
    pthread_cond_t done_cond;
    bool done;
    wire_msg *pending;       /* shell requests read during a request by poll_comms, in order */
    size_t npending, cpending;
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

/* Receives and decodes one message from sock (channel's). Returns 1 with *msg filled (clear it),
 * 0 when a message came but was dropped (decode said why), -1 when none came (errno says why). */
static int recv_msg(kp_kernel *k, void *sock, int channel, int flags, wire_msg *msg) {
    kp_raw r;
    if (raw_recv(sock, &r, flags) < 0) return -1;
    int ok = decode(k, channel, &r, msg) == 0;
    raw_clear(&r);
    return ok;
}

/* ---- the handlers' transport (handlers.h) ---- */

static void t_reply(void *self, int channel, const wire_msg *req, const char *parent, const char *type,
                    json_t *content) {
    kp_kernel *k = self;
    void *sock = channel == KP_CONTROL ? k->control_sock : k->sock[KP_SHELL];
    kp_send(sock, k->signer, k->session, req->ids, req->n_ids, type, parent, NULL, content);
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
    if (k) kp_core_interrupt(&k->core);
    errno = saved;
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
        kp_core_start_shutdown(&k->core, false);
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
    while (!atomic_load(&k->core.shutdown)) {
        wire_msg msg;
        int got = recv_msg(k, sock, KP_CONTROL, 0, &msg);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) break; /* ETERM: the context is shutting down */
        if (!got) continue;
        kp_core_handle(&k->core, KP_CONTROL, &msg);
        wire_msg_clear(&msg);
    }
    if (atomic_load(&k->core.shutdown)) wait_done_or_exit(k, "shutdown_request");
    zmq_close(sock);
    return NULL;
}

static void *heartbeat_main(void *sock) {
    while (zmq_proxy(sock, sock, NULL) < 0 && zmq_errno() == EINTR) {}
    zmq_close(sock);
    return NULL;
}

/* ---- stdin ---- */

static json_t *t_input(void *self, const wire_msg *req, const char *parent, const char *prompt, bool password) {
    kp_kernel *k = self;
    void *sock = k->sock[KP_STDIN];
    kp_raw r;
    while (raw_recv(sock, &r, ZMQ_DONTWAIT) == 0) raw_clear(&r); /* stale replies */
    if (kp_send(sock, k->signer, k->session, req->ids, req->n_ids, "input_request", parent, NULL,
                json_pack("{s:s, s:b}", "prompt", prompt, "password", password)) < 0)
        return NULL;
    for (;;) {
        zmq_pollitem_t items[2] = {{sock, 0, ZMQ_POLLIN, 0}, {NULL, k->wake[0], ZMQ_POLLIN, 0}};
        int n = zmq_poll(items, 2, -1);
        if (n < 0 && zmq_errno() != EINTR) return NULL;
        if (items[1].revents) drain_wake(k);
        if (atomic_load(&k->core.interrupted) || atomic_load(&k->core.shutdown)) return NULL;
        if (n <= 0 || !(items[0].revents & ZMQ_POLLIN)) continue;
        wire_msg msg;
        if (recv_msg(k, sock, KP_STDIN, ZMQ_DONTWAIT, &msg) <= 0) continue;
        json_t *value = NULL;
        if (msg.error) {
            kp_log("ignored a %.60s on stdin that could not be decoded: %s", msg.msg_type, msg.error);
        } else if (strcmp(msg.msg_type, "input_reply") == 0) {
            const json_t *v = json_object_get(msg.content, "value");
            value = json_is_string(v) ? json_incref((json_t *)v) : json_string("");
        } else {
            kp_log("ignored %s on stdin while waiting for input_reply", msg.msg_type);
        }
        wire_msg_clear(&msg);
        if (value) return value;
    }
}

/* ---- the shell thread ---- */

/* After an error with stop_on_error: collects the requests already waiting (allowing a few ms
 * for those in flight), so that execute_requests among them can be answered "aborted". */
static size_t t_take_queued(void *self, wire_msg **out) {
    kp_kernel *k = self;
    size_t n = k->npending, cap = k->npending;
    *out = k->pending;     /* those read while the request ran come first */
    k->pending = NULL;
    k->npending = k->cpending = 0;
    void *sock = k->sock[KP_SHELL];
    for (int guard = 0; guard < 10000; guard++) {
        zmq_pollitem_t item = {sock, 0, ZMQ_POLLIN, 0};
        int rc = zmq_poll(&item, 1, KP_ABORT_GRACE_MS);
        if (rc < 0 && zmq_errno() == EINTR) continue;
        if (rc <= 0) break;
        wire_msg m;
        int got = recv_msg(k, sock, KP_SHELL, ZMQ_DONTWAIT, &m);
        if (got < 0) break;
        if (!got) continue;
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

static void t_wake(void *self) { wake_shell(self); }

/* During a request: the comm_msgs waiting on shell now, handled at once; the rest kept. */
static void t_poll_comms(void *self) {
    kp_kernel *k = self;
    void *sock = k->sock[KP_SHELL];
    for (int guard = 0; guard < 1000; guard++) {
        wire_msg m;
        int got = recv_msg(k, sock, KP_SHELL, ZMQ_DONTWAIT, &m);
        if (got < 0) break;     /* nothing waiting */
        if (!got) continue;
        if (!m.error && strcmp(m.msg_type, "comm_msg") == 0) {
            kp_core_handle_comm(&k->core, &m);
            wire_msg_clear(&m);
            continue;
        }
        if (k->npending == k->cpending) {
            size_t cap = k->cpending ? 2 * k->cpending : 4;
            wire_msg *v = realloc(k->pending, cap * sizeof *v);
            if (!v) { wire_msg_clear(&m); break; }
            k->pending = v;
            k->cpending = cap;
        }
        k->pending[k->npending++] = m;
    }
}

/* The oldest request kept by t_poll_comms, handled as if it had just arrived. */
static bool run_pending(kp_kernel *k) {
    if (!k->npending) return false;
    wire_msg m = k->pending[0];
    memmove(k->pending, k->pending + 1, (k->npending - 1) * sizeof *k->pending);
    k->npending--;
    kp_core_handle(&k->core, KP_SHELL, &m);
    wire_msg_clear(&m);
    return true;
}


static void shell_loop(kp_kernel *k) {
    void *sock = k->sock[KP_SHELL];
    while (!atomic_load(&k->core.shutdown)) {
        if (run_pending(k)) continue;
        zmq_pollitem_t items[2] = {{sock, 0, ZMQ_POLLIN, 0}, {NULL, k->wake[0], ZMQ_POLLIN, 0}};
        int n = zmq_poll(items, 2, -1);
        if (n < 0) {
            if (zmq_errno() == EINTR) continue;
            kp_log("poll failed: %s", zmq_strerror(zmq_errno()));
            break;
        }
        if (items[1].revents) drain_wake(k);
        if (!(items[0].revents & ZMQ_POLLIN)) continue;
        wire_msg msg;
        if (recv_msg(k, sock, KP_SHELL, ZMQ_DONTWAIT, &msg) <= 0) continue;
        kp_core_handle(&k->core, KP_SHELL, &msg);
        wire_msg_clear(&msg);
    }
}

/* ---- set-up and tear-down ---- */

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
    uuid4(session);
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
    kp_transport t = {.self = k, .reply = t_reply, .take_queued = t_take_queued, .input = t_input, .wake = t_wake,
                      .poll_comms = t_poll_comms};
    int core_rc = kp_core_init(&k->core, backend, k->hub, &t); /* this thread is the shell thread */
    k->seen = kp_replay_new(KP_REPLAY_DEFAULT_MAX);
    if (core_rc < 0 || !k->seen) {
        kp_log("out of memory");
        goto out;
    }
    k->parent = parent_to_watch();
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
        if (backend->shutdown) backend->shutdown(backend->self, atomic_load(&k->core.restart));
        status = 0;
    }

    atomic_store(&k->core.shutdown, 1);
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
    kp_core_clear(&k->core);
    for (size_t i = 0; i < k->npending; i++) wire_msg_clear(&k->pending[i]);
    free(k->pending);
    kp_replay_free(k->seen);
    kp_conn_clear(&k->conn);
    free(k);
    return status;
}
