/* handlers.c — the Jupyter requests the kernel answers: one table, {msg_type, handler, channels
 * allowed}, shared by the shell and control channels, and the handlers themselves (execute,
 * kernel_info, is_complete, complete, inspect, history, comms, interrupt, shutdown).
 *
 * No sockets here: a handler gets the decoded request and answers through the kp_transport
 * (replies, stdin, the shell requests waiting after an error) and the iopub hub (handlers.h).
 * Each request is answered between status busy and idle on iopub. An unknown msg_type, or one
 * not allowed on the channel it came in on, gets an error reply if it is a request
 * (UnknownMessageType on shell, UnsupportedRequest on control); other messages are logged.
 */
#include "protocol/handlers.h"

#include "protocol/connfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One request being handled. */
struct kp_request {
    int channel;           /* KP_SHELL or KP_CONTROL */
    const wire_msg *msg;
    const char *parent;    /* msg's serialised header */
    wire_msg *queued;      /* taken by execute after an error with stop_on_error */
    size_t nq;
};

/* ---- helpers ---- */

static void reply(kp_core *c, kp_request *r, const char *type, json_t *content) {
    c->t.reply(c->t.self, r->channel, r->msg, r->parent, type, content);
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

/* An error reply to r, if it is a request; with_count: an execute_reply also gets
 * execution_count and user_expressions. */
static void reply_error(kp_core *c, kp_request *r, const char *ename, const char *evalue, bool with_count) {
    char *rt = reply_type(r->msg->msg_type);
    if (!rt) return;
    json_t *content = error_content(ename, evalue);
    if (with_count && strcmp(rt, "execute_reply") == 0) {
        json_object_set_new(content, "execution_count", json_integer(c->execution_count));
        json_object_set_new(content, "user_expressions", json_object());
    }
    reply(c, r, rt, content);
    free(rt);
}

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

/* ---- interrupt and shutdown (shell and control) ---- */

void kp_core_interrupt(kp_core *c) {
    atomic_store(&c->interrupted, 1);
    if (c->be->interrupt) c->be->interrupt(c->be->self);
    if (c->t.wake) c->t.wake(c->t.self);
}

void kp_core_start_shutdown(kp_core *c, bool restart) {
    atomic_store(&c->restart, restart);
    atomic_store(&c->shutdown, 1);
    kp_core_interrupt(c); /* stop a running cell */
}

static void h_interrupt(kp_core *c, kp_request *r) {
    kp_core_interrupt(c);
    reply(c, r, "interrupt_reply", json_pack("{s:s}", "status", "ok"));
}

/* The reply goes first, then the shutdown starts (from whichever thread got the request). */
static void h_shutdown(kp_core *c, kp_request *r) {
    bool restart = json_is_true(json_object_get(r->msg->content, "restart"));
    reply(c, r, "shutdown_reply", json_pack("{s:s, s:b}", "status", "ok", "restart", restart));
    kp_core_start_shutdown(c, restart);
}

static void h_kernel_info(kp_core *c, kp_request *r) {
    reply(c, r, "kernel_info_reply", json_deep_copy(c->kernel_info));
}

/* ---- execute ---- */

static json_t *user_expressions(kp_core *c, const json_t *exprs) {
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)exprs, key, v) {
        json_t *res = NULL;
        if (!json_is_string(v)) res = error_content("TypeError", "a user expression must be a string");
        else if (!c->be->user_expression) res = error_content("NotImplementedError", "user_expressions are not supported");
        else res = c->be->user_expression(c->be->self, json_string_value(v), json_string_length(v));
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

/* Runs an execute_request. After an error with stop_on_error, r->queued receives the requests
 * that were already waiting; kp_core_handle answers them after this request's idle. */
static void h_execute(kp_core *c, kp_request *r) {
    const json_t *content_in = r->msg->content;
    const json_t *code_v = json_object_get(content_in, "code");
    if (!json_is_string(code_v)) {
        json_t *rc = error_content("ValueError", "execute_request needs a string \"code\"");
        json_object_set_new(rc, "execution_count", json_integer(c->execution_count));
        reply(c, r, "execute_reply", rc);
        return;
    }
    const char *code = json_string_value(code_v);
    size_t code_len = json_string_length(code_v); /* the code may contain U+0000 */
    bool silent = opt_bool(content_in, "silent", false);
    bool store_history = silent ? false : opt_bool(content_in, "store_history", true);
    bool allow_stdin = opt_bool(content_in, "allow_stdin", false);
    bool stop_on_error = opt_bool(content_in, "stop_on_error", true);
    const json_t *ue = json_object_get(content_in, "user_expressions");

    if (!silent) {
        c->execution_count++;
        kp_hub_publish(c->hub, r->parent, "execute_input",
                       json_pack("{s:O, s:i}", "code", (json_t *)code_v, "execution_count", c->execution_count));
    }
    int count = c->execution_count;
    if (store_history) kp_history_add(c->history, count, code, code_len);

    kernel_io io = {.hub = c->hub, .parent = (char *)r->parent, .core = c, .req = r->msg,
                    .allow_stdin = allow_stdin, .dup = false};
    atomic_store(&c->interrupted, 0);
    json_t *result = NULL, *error = NULL;
    kexec_status st = KEXEC_ERROR;
    if (c->be->execute) st = c->be->execute(c->be->self, &io, code, code_len, silent, count, &result, &error);
    else error = json_pack("{s:s, s:s, s:[]}", "ename", "NotImplementedError", "evalue", "no backend", "traceback");

    json_t *content;
    if (st == KEXEC_OK) {
        if (json_is_object(result) && !silent)
            kp_hub_publish(c->hub, r->parent, "execute_result",
                           json_pack("{s:i, s:O, s:{}}", "execution_count", count, "data", result, "metadata"));
        content = json_pack("{s:s, s:i, s:o, s:o}", "status", "ok", "execution_count", count, "payload",
                            io.payload ? json_incref(io.payload) : json_array(),
                            "user_expressions", json_is_object(ue) ? user_expressions(c, ue) : json_object());
    } else if (st == KEXEC_ABORTED) {
        content = json_pack("{s:s, s:i}", "status", "aborted", "execution_count", count);
    } else {
        json_t *e = clean_error(error);
        kp_hub_publish(c->hub, r->parent, "error", json_deep_copy(e));
        content = e;
        json_object_set_new(content, "status", json_string("error"));
        json_object_set_new(content, "execution_count", json_integer(count));
        json_object_set_new(content, "user_expressions", json_object());
    }
    json_decref(result);
    json_decref(error);
    json_decref(io.payload);

    if (st == KEXEC_ERROR && !silent && stop_on_error && !atomic_load(&c->shutdown) && c->t.take_queued)
        r->nq = c->t.take_queued(c->t.self, &r->queued);
    reply(c, r, "execute_reply", content);
}

/* ---- is_complete, complete, inspect: passed to the backend, replies made well-formed ---- */

static json_t *backend_json(json_t *v, json_t *(*fallback)(void)) {
    if (json_is_object(v)) return v;
    json_decref(v);
    return fallback();
}

static json_t *empty_complete(void) { return json_pack("{s:[], s:{}}", "matches", "metadata"); }
static json_t *empty_inspect(void) { return json_pack("{s:b, s:{}, s:{}}", "found", 0, "data", "metadata"); }
static json_t *unknown_complete(void) { return json_pack("{s:s}", "status", "unknown"); }

/* The request's "code" (NULL if not a string) and its length in bytes. */
static const char *code_of(const kp_request *r, size_t *len) {
    const json_t *code_v = json_object_get(r->msg->content, "code");
    *len = json_is_string(code_v) ? json_string_length(code_v) : 0;
    return json_is_string(code_v) ? json_string_value(code_v) : NULL;
}

static void h_is_complete(kp_core *c, kp_request *r) {
    size_t code_len;
    const char *code = code_of(r, &code_len);
    json_t *res;
    if (!code) res = error_content("ValueError", "is_complete_request needs a string \"code\"");
    else res = backend_json(c->be->is_complete ? c->be->is_complete(c->be->self, code, code_len) : NULL, unknown_complete);
    reply(c, r, "is_complete_reply", res);
}

/* complete_request and inspect_request: the code and the cursor (clamped to the code), or an
 * error reply and false. */
static bool code_and_cursor(kp_core *c, kp_request *r, const char *reply_type_, const char **code,
                            size_t *code_len, int *pos) {
    *code = code_of(r, code_len);
    const json_t *cp = json_object_get(r->msg->content, "cursor_pos");
    if (!*code || (cp && !json_is_null(cp) && !json_is_integer(cp))) {
        reply(c, r, reply_type_, error_content("ValueError", "needs a string \"code\" and an integer \"cursor_pos\""));
        return false;
    }
    int len = utf8_len(*code, *code_len);
    long long p = json_is_integer(cp) ? json_integer_value(cp) : len;
    if (p < 0) p = 0;
    if (p > len) p = len;
    *pos = (int)p;
    return true;
}

static void reply_ok(kp_core *c, kp_request *r, const char *type, json_t *res) {
    if (!json_is_object(json_object_get(res, "metadata"))) json_object_set_new(res, "metadata", json_object());
    json_object_set_new(res, "status", json_string("ok"));
    reply(c, r, type, res);
}

static void h_complete(kp_core *c, kp_request *r) {
    const char *code;
    size_t code_len;
    int pos;
    if (!code_and_cursor(c, r, "complete_reply", &code, &code_len, &pos)) return;
    json_t *res = backend_json(c->be->complete ? c->be->complete(c->be->self, code, code_len, pos) : NULL, empty_complete);
    if (!json_is_array(json_object_get(res, "matches"))) json_object_set_new(res, "matches", json_array());
    if (!json_is_integer(json_object_get(res, "cursor_start"))) json_object_set_new(res, "cursor_start", json_integer(pos));
    if (!json_is_integer(json_object_get(res, "cursor_end"))) json_object_set_new(res, "cursor_end", json_integer(pos));
    reply_ok(c, r, "complete_reply", res);
}

static void h_inspect(kp_core *c, kp_request *r) {
    const char *code;
    size_t code_len;
    int pos;
    if (!code_and_cursor(c, r, "inspect_reply", &code, &code_len, &pos)) return;
    const json_t *dl = json_object_get(r->msg->content, "detail_level");
    int detail = json_is_integer(dl) ? (int)json_integer_value(dl) : 0;
    json_t *res = backend_json(c->be->inspect ? c->be->inspect(c->be->self, code, code_len, pos, detail) : NULL, empty_inspect);
    if (!json_is_boolean(json_object_get(res, "found"))) json_object_set_new(res, "found", json_false());
    if (!json_is_object(json_object_get(res, "data"))) json_object_set_new(res, "data", json_object());
    reply_ok(c, r, "inspect_reply", res);
}

/* ---- history and comms ---- */

static void h_history(kp_core *c, kp_request *r) {
    reply(c, r, "history_reply", kp_history_reply(c->history, r->msg->content));
}

static void h_comm_info(kp_core *c, kp_request *r) {
    const json_t *t = json_object_get(r->msg->content, "target_name");
    json_t *comms = c->be->comm_info ? c->be->comm_info(c->be->self, json_is_string(t) ? json_string_value(t) : NULL) : NULL;
    if (!json_is_object(comms)) {
        json_decref(comms);
        comms = json_object();
    }
    reply(c, r, "comm_info_reply", json_pack("{s:s, s:o}", "status", "ok", "comms", comms));
}

/* The frontend opens no comms to the kernel (it has no comm targets): each is closed right away,
 * as the spec asks. The kernel's own comms (widgets) are opened by the kernel. */
static void h_comm_open(kp_core *c, kp_request *r) {
    const json_t *id = json_object_get(r->msg->content, "comm_id");
    const json_t *target = json_object_get(r->msg->content, "target_name");
    kp_log("no comm target \"%s\"; closing the comm", json_is_string(target) ? json_string_value(target) : "?");
    if (json_is_string(id))
        kp_hub_publish(c->hub, r->parent, "comm_close", json_pack("{s:O, s:{}}", "comm_id", id, "data"));
}

/* A comm_msg on one of the kernel's comms: the backend's (it ignores ids it does not know). */
static void comm_msg(kp_core *c, kp_request *r, bool during_request) {
    const json_t *id = json_object_get(r->msg->content, "comm_id");
    if (!json_is_string(id) || !c->be->comm_msg) return;
    kernel_io io = {.hub = c->hub, .parent = (char *)r->parent, .core = c, .req = r->msg, .dup = false};
    c->be->comm_msg(c->be->self, &io, json_string_value(id), json_object_get(r->msg->content, "data"), during_request);
    json_decref(io.payload);
}

static void h_comm_msg(kp_core *c, kp_request *r) { comm_msg(c, r, false); }

static void h_comm_close(kp_core *c, kp_request *r) {
    const json_t *id = json_object_get(r->msg->content, "comm_id");
    if (json_is_string(id) && c->be->comm_close) c->be->comm_close(c->be->self, json_string_value(id));
}

void kp_core_handle_comm(kp_core *c, const wire_msg *msg) {
    char *parent = json_dumps(msg->header, JSON_COMPACT);
    if (!parent) return;
    kp_request r = {.channel = KP_SHELL, .msg = msg, .parent = parent};
    comm_msg(c, &r, true);
    free(parent);
}

/* ---- the table ---- */

static const kp_handler handlers[] = {
    {"execute_request", h_execute, KP_ON_SHELL},
    {"kernel_info_request", h_kernel_info, KP_ON_SHELL | KP_ON_CONTROL},
    {"is_complete_request", h_is_complete, KP_ON_SHELL},
    {"complete_request", h_complete, KP_ON_SHELL},
    {"inspect_request", h_inspect, KP_ON_SHELL},
    {"history_request", h_history, KP_ON_SHELL},
    {"comm_info_request", h_comm_info, KP_ON_SHELL},
    {"comm_open", h_comm_open, KP_ON_SHELL},
    {"comm_msg", h_comm_msg, KP_ON_SHELL},
    {"comm_close", h_comm_close, KP_ON_SHELL},
    {"shutdown_request", h_shutdown, KP_ON_SHELL | KP_ON_CONTROL},
    {"interrupt_request", h_interrupt, KP_ON_SHELL | KP_ON_CONTROL},
};

const kp_handler *kp_handler_find(const char *msg_type) {
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        if (strcmp(handlers[i].msg_type, msg_type) == 0) return &handlers[i];
    return NULL;
}

/* A message whose header decoded but whose other parts did not (msg->error). */
static void answer_undecodable(kp_core *c, kp_request *r) {
    char ev[512];
    snprintf(ev, sizeof ev, "the %.60s could not be decoded, so it was not run: %s (parent_header, metadata "
             "and content must each be a JSON object in UTF-8)", r->msg->msg_type, r->msg->error);
    reply_error(c, r, "ValueError", ev, true);
}

static void unknown(kp_core *c, kp_request *r) {
    const char *t = r->msg->msg_type;
    char ev[256];
    if (r->channel == KP_CONTROL) {
        kp_log("unsupported request on control: %s", t);
        snprintf(ev, sizeof ev, "%s is not supported on the control channel", t);
        reply_error(c, r, "UnsupportedRequest", ev, false);
    } else {
        kp_log("unknown message type on shell: %s", t);
        snprintf(ev, sizeof ev, "unknown message type \"%.200s\"", t);
        reply_error(c, r, "UnknownMessageType", ev, false);
    }
}

/* Answers a request that was waiting when an earlier cell failed: execute_requests are
 * "aborted" without running, anything else is handled normally. */
static void run_queued(kp_core *c, const wire_msg *q) {
    if (q->error || strcmp(q->msg_type, "execute_request") != 0) {
        kp_core_handle(c, KP_SHELL, q);
        return;
    }
    char *qp = json_dumps(q->header, JSON_COMPACT);
    if (!qp) return;
    kp_request r = {.channel = KP_SHELL, .msg = q, .parent = qp};
    kp_hub_status(c->hub, qp, "busy");
    kp_log("aborting execute_request %s after an error", q->msg_id);
    reply(c, &r, "execute_reply", json_pack("{s:s, s:i}", "status", "aborted", "execution_count", c->execution_count));
    kp_hub_status(c->hub, qp, "idle");
    free(qp);
}

void kp_core_handle(kp_core *c, int channel, const wire_msg *msg) {
    char *parent = json_dumps(msg->header, JSON_COMPACT);
    if (!parent) return;
    kp_request r = {.channel = channel, .msg = msg, .parent = parent};
    kp_hub_status(c->hub, parent, "busy");
    const kp_handler *h = msg->error ? NULL : kp_handler_find(msg->msg_type);
    if (msg->error) answer_undecodable(c, &r);
    else if (h && (h->channels & (1u << channel))) h->run(c, &r);
    else unknown(c, &r);
    kp_hub_status(c->hub, parent, "idle");
    free(parent);
    for (size_t i = 0; i < r.nq; i++) {
        run_queued(c, &r.queued[i]);
        wire_msg_clear(&r.queued[i]);
    }
    free(r.queued);
}

/* ---- comms during a request ---- */

void kio_poll_comms(kernel_io *io) {
    if (!io || io->dup || !io->core) return;
    kp_core *c = io->core;
    if (!pthread_equal(pthread_self(), c->shell_thread) || !c->t.poll_comms) return;
    c->t.poll_comms(c->t.self);
}

/* ---- stdin ---- */

char *kio_input(kernel_io *io, const char *prompt, bool password) {
    if (!io || io->dup || !io->core || !io->req || !io->allow_stdin) return NULL;
    kp_core *c = io->core;
    if (!pthread_equal(pthread_self(), c->shell_thread) || !c->t.input) return NULL;
    if (atomic_load(&c->interrupted) || atomic_load(&c->shutdown)) return NULL;
    json_t *v = c->t.input(c->t.self, io->req, io->parent, prompt ? prompt : "", password);
    if (!v) return NULL;
    char *value = strdup(json_is_string(v) ? json_string_value(v) : "");
    size_t len = json_is_string(v) ? json_string_length(v) : 0;
    json_decref(v);
    if (value && strlen(value) < len) {
        /* the interpreter's strings end at a NUL: say so in the cell rather than cut silently */
        char note[200];
        int nn = snprintf(note, sizeof note, "warning: the input contains U+0000 at byte %zu; "
                         "the program sees only the text before it\n", strlen(value));
        kio_stream(io, "stderr", note, (size_t)nn);
    }
    return value;
}

/* ---- set-up ---- */

static json_t *build_kernel_info(kernel_backend *be) {
    json_t *ki = be->kernel_info ? be->kernel_info(be->self) : NULL;
    if (!json_is_object(ki)) {
        json_decref(ki);
        ki = json_object();
    }
    json_object_set_new(ki, "status", json_string("ok"));
    json_object_set_new(ki, "protocol_version", json_string("5.4"));
    if (!json_is_string(json_object_get(ki, "implementation"))) json_object_set_new(ki, "implementation", json_string("dstream"));
    if (!json_is_string(json_object_get(ki, "implementation_version"))) json_object_set_new(ki, "implementation_version", json_string("0"));
    if (!json_is_object(json_object_get(ki, "language_info"))) json_object_set_new(ki, "language_info", json_pack("{s:s}", "name", ""));
    if (!json_is_string(json_object_get(ki, "banner"))) json_object_set_new(ki, "banner", json_string(""));
    if (!json_is_array(json_object_get(ki, "help_links"))) json_object_set_new(ki, "help_links", json_array());
    if (!json_object_get(ki, "debugger")) json_object_set_new(ki, "debugger", json_false());
    /* 5.4's optional features (JEP 92): none of them (debugger, kernel subshells) is offered */
    if (!json_is_array(json_object_get(ki, "supported_features"))) json_object_set_new(ki, "supported_features", json_array());
    return ki;
}

int kp_core_init(kp_core *c, kernel_backend *be, kp_hub *hub, const kp_transport *t) {
    memset(c, 0, sizeof *c);
    c->be = be;
    c->hub = hub;
    c->t = *t;
    c->shell_thread = pthread_self();
    atomic_init(&c->interrupted, 0);
    atomic_init(&c->shutdown, 0);
    atomic_init(&c->restart, 0);
    c->kernel_info = build_kernel_info(be);
    c->history = kp_history_new();
    return c->kernel_info && c->history ? 0 : -1;
}

void kp_core_clear(kp_core *c) {
    json_decref(c->kernel_info);
    kp_history_free(c->history);
    c->kernel_info = NULL;
    c->history = NULL;
}
