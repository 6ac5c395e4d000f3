/* test_protocol_handlers.c — the protocol layer's request handlers (handlers.c) without ZeroMQ:
 * decoded requests go to kp_core_handle with a mock transport (it records replies and hands out
 * the queued requests), a hub that records iopub, and a mock kernel_backend. Covers
 * kernel_info_reply, execute (busy/idle ordering, execution_count, silent, errors, stop_on_error
 * aborting queued requests, user_expressions, stdin), is_complete/complete/inspect pass-through,
 * unknown and undecodable requests, interrupt and shutdown on control, and comms. */
#include "unit.h"

#include "protocol/connfile.h"
#include "protocol/handlers.h"

#include <stdlib.h>

/* ---- the mock backend ---- */

typedef struct {
    int executes, interrupts, shutdowns;
    bool restart;
    char code[64];     /* the last code passed on (complete/inspect/is_complete/execute) */
    size_t code_len;
    int pos, detail, count;
    char *input;       /* what kio_input returned in the "input" cell */
} MockBe;

static json_t *be_info(void *self) {
    return json_pack("{s:s, s:s, s:{s:s}}", "implementation", "mock", "implementation_version", "1.2",
                     "language_info", "name", "mockscala");
}

static void remember(MockBe *m, const char *code, size_t len) {
    snprintf(m->code, sizeof m->code, "%s", code);
    m->code_len = len;
}

static kexec_status be_execute(void *self, kernel_io *io, const char *code, size_t len, bool silent,
                               int execution_count, json_t **result, json_t **error) {
    MockBe *m = self;
    m->executes++;
    m->count = execution_count;
    remember(m, code, len);
    if (strcmp(code, "fail") == 0) {
        *error = json_pack("{s:s, s:s, s:[s, i]}", "ename", "Boom", "evalue", "bad", "traceback", "t1", 5);
        return KEXEC_ERROR;
    }
    if (strcmp(code, "stop") == 0) return KEXEC_ABORTED;
    if (strcmp(code, "input") == 0) {
        free(m->input);
        m->input = kio_input(io, "name? ", false);
        return KEXEC_OK;
    }
    kio_stream(io, "stdout", "hi\n", 3);
    *result = json_pack("{s:s}", "text/plain", "2");
    return KEXEC_OK;
}

static json_t *be_user_expression(void *self, const char *expr, size_t len) {
    return json_pack("{s:s, s:{s:s}, s:{}}", "status", "ok", "data", "text/plain", expr, "metadata");
}

static json_t *be_is_complete(void *self, const char *code, size_t len) {
    remember(self, code, len);
    bool open = len > 0 && code[len - 1] == '{';
    return open ? json_pack("{s:s, s:s}", "status", "incomplete", "indent", "  ") : json_pack("{s:s}", "status", "complete");
}

static json_t *be_complete(void *self, const char *code, size_t len, int cursor_pos) {
    MockBe *m = self;
    remember(m, code, len);
    m->pos = cursor_pos;
    return json_pack("{s:[s, s], s:i}", "matches", "foo", "fob", "cursor_start", cursor_pos - 2);
}

static json_t *be_inspect(void *self, const char *code, size_t len, int cursor_pos, int detail_level) {
    MockBe *m = self;
    remember(m, code, len);
    m->pos = cursor_pos;
    m->detail = detail_level;
    return json_pack("{s:b, s:{s:s}}", "found", 1, "data", "text/plain", "doc");
}

static void be_interrupt(void *self) { ((MockBe *)self)->interrupts++; }

static void be_shutdown(void *self, bool restart) {
    MockBe *m = self;
    m->shutdowns++;
    m->restart = restart;
}

/* ---- the mock transport and iopub: every event in one list, in order ---- */

typedef struct {
    json_t *log;        /* [{"ch": "shell"|"control"|"iopub", "type", "content", "parent": msg_id}] */
    wire_msg *queued;   /* handed out by take_queued (then owned by the core) */
    size_t nq;
    int takes, inputs, wakes;
    char prompt[64];
    json_t *input_value;
} Mock;

static void record(Mock *m, const char *ch, const char *parent, const char *type, const json_t *content) {
    json_t *p = parent ? json_loads(parent, 0, NULL) : NULL;
    const json_t *id = json_object_get(p, "msg_id");
    json_array_append_new(m->log, json_pack("{s:s, s:s, s:O, s:s}", "ch", ch, "type", type, "content", (json_t *)content,
                                            "parent", json_is_string(id) ? json_string_value(id) : ""));
    json_decref(p);
}

static void t_reply(void *self, int channel, const wire_msg *req, const char *parent, const char *type, json_t *content) {
    record(self, channel == KP_CONTROL ? "control" : "shell", parent, type, content);
    json_decref(content);
}

static size_t t_take_queued(void *self, wire_msg **out) {
    Mock *m = self;
    m->takes++;
    *out = m->queued;
    size_t n = m->nq;
    m->queued = NULL;
    m->nq = 0;
    return n;
}

static json_t *t_input(void *self, const wire_msg *req, const char *parent, const char *prompt, bool password) {
    Mock *m = self;
    m->inputs++;
    snprintf(m->prompt, sizeof m->prompt, "%s", prompt);
    return m->input_value ? json_incref(m->input_value) : NULL;
}

static void t_wake(void *self) { ((Mock *)self)->wakes++; }

static void iopub_sink(void *ud, const char *parent, const char *msg_type, const json_t *content) {
    record(ud, "iopub", parent, msg_type, content);
}

typedef struct {
    MockBe mb;
    kernel_backend be;
    Mock mock;
    kp_hub *hub;
    kp_core core;
} Fixture;

static void setup(Fixture *f, bool full_backend) {
    memset(f, 0, sizeof *f);
    f->be.self = &f->mb;
    if (full_backend) {
        f->be.kernel_info = be_info;
        f->be.execute = be_execute;
        f->be.user_expression = be_user_expression;
        f->be.is_complete = be_is_complete;
        f->be.complete = be_complete;
        f->be.inspect = be_inspect;
        f->be.interrupt = be_interrupt;
        f->be.shutdown = be_shutdown;
    }
    f->mock.log = json_array();
    f->hub = kp_hub_new_sink(iopub_sink, &f->mock);
    kp_transport t = {.self = &f->mock, .reply = t_reply, .take_queued = t_take_queued, .input = t_input, .wake = t_wake};
    CHECK_EQ_INT(kp_core_init(&f->core, &f->be, f->hub, &t), 0);
}

static void teardown(Fixture *f) {
    kp_core_clear(&f->core);
    kp_hub_unref(f->hub);
    for (size_t i = 0; i < f->mock.nq; i++) wire_msg_clear(&f->mock.queued[i]);
    free(f->mock.queued);
    json_decref(f->mock.log);
    json_decref(f->mock.input_value);
    free(f->mb.input);
}

/* A decoded request as the server hands it over (content is JSON text). */
static wire_msg make_msg(const char *type, const char *content) {
    static int serial;
    char id[32];
    snprintf(id, sizeof id, "m%d", ++serial);
    wire_msg m;
    memset(&m, 0, sizeof m);
    m.ids = malloc(sizeof *m.ids);
    m.ids[0].data = (unsigned char *)strdup("peer");
    m.ids[0].size = 4;
    m.n_ids = 1;
    m.header = json_pack("{s:s, s:s, s:s, s:s, s:s}", "msg_id", id, "msg_type", type, "session", "s", "username", "u",
                         "version", "5.3");
    m.parent_header = json_object();
    m.metadata = json_object();
    m.content = json_loads(content, JSON_ALLOW_NUL, NULL);
    if (!m.content) m.content = json_object();
    m.msg_type = json_string_value(json_object_get(m.header, "msg_type"));
    m.msg_id = json_string_value(json_object_get(m.header, "msg_id"));
    return m;
}

/* Handles one request and clears it; returns its msg_id's serial for event checks. */
static void handle(Fixture *f, int channel, const char *type, const char *content, char id_out[32]) {
    wire_msg m = make_msg(type, content);
    if (id_out) snprintf(id_out, 32, "%s", m.msg_id);
    kp_core_handle(&f->core, channel, &m);
    wire_msg_clear(&m);
}

static const json_t *ev(const Fixture *f, size_t i) { return json_array_get(f->mock.log, i); }
static const char *ev_str(const Fixture *f, size_t i, const char *key) {
    return json_string_value(json_object_get(ev(f, i), key));
}
static const json_t *ev_content(const Fixture *f, size_t i, const char *key) {
    return json_object_get(json_object_get(ev(f, i), "content"), key);
}
/* "ch:type" of event i, with the execution_state for status messages: "iopub:status:busy". */
static const char *ev_kind(const Fixture *f, size_t i) {
    static char buf[128];
    const json_t *state = ev_content(f, i, "execution_state");
    snprintf(buf, sizeof buf, "%s:%s%s%s", ev_str(f, i, "ch") ? ev_str(f, i, "ch") : "-",
             ev_str(f, i, "type") ? ev_str(f, i, "type") : "-", state ? ":" : "", state ? json_string_value(state) : "");
    return buf;
}
static const char *ev_cstr(const Fixture *f, size_t i, const char *key) { return json_string_value(ev_content(f, i, key)); }
static long long ev_cint(const Fixture *f, size_t i, const char *key) { return json_integer_value(ev_content(f, i, key)); }

/* ---- tests ---- */

TEST(handlers_kernel_info_on_shell_and_control) {
    Fixture f;
    setup(&f, true);
    char id[32];
    handle(&f, KP_SHELL, "kernel_info_request", "{}", id);
    handle(&f, KP_CONTROL, "kernel_info_request", "{}", NULL);
    CHECK_EQ_INT(json_array_size(f.mock.log), 6);
    CHECK_STR(ev_kind(&f, 0), "iopub:status:busy");
    CHECK_STR(ev_kind(&f, 1), "shell:kernel_info_reply");
    CHECK_STR(ev_kind(&f, 2), "iopub:status:idle");
    CHECK_STR(ev_str(&f, 1, "parent"), id);
    CHECK_STR(ev_cstr(&f, 1, "status"), "ok");
    CHECK_STR(ev_cstr(&f, 1, "protocol_version"), "5.4");
    CHECK_STR(ev_cstr(&f, 1, "implementation"), "mock");
    CHECK_STR(ev_cstr(&f, 1, "implementation_version"), "1.2");
    CHECK_STR(json_string_value(json_object_get(ev_content(&f, 1, "language_info"), "name")), "mockscala");
    CHECK_STR(ev_cstr(&f, 1, "banner"), "");
    CHECK(json_is_array(ev_content(&f, 1, "help_links")));
    CHECK(json_is_array(ev_content(&f, 1, "supported_features")) && json_array_size(ev_content(&f, 1, "supported_features")) == 0);
    CHECK(json_is_false(ev_content(&f, 1, "debugger")));
    CHECK_STR(ev_kind(&f, 4), "control:kernel_info_reply");
    CHECK(json_equal(json_object_get(ev(&f, 1), "content"), json_object_get(ev(&f, 4), "content")));
    teardown(&f);
}

TEST(handlers_kernel_info_defaults_without_backend_fields) {
    Fixture f;
    setup(&f, false);
    handle(&f, KP_SHELL, "kernel_info_request", "{}", NULL);
    CHECK_STR(ev_cstr(&f, 1, "implementation"), "dstream");
    CHECK_STR(ev_cstr(&f, 1, "implementation_version"), "0");
    CHECK_STR(json_string_value(json_object_get(ev_content(&f, 1, "language_info"), "name")), "");
    teardown(&f);
}

TEST(handlers_execute_order_and_count) {
    Fixture f;
    setup(&f, true);
    char id[32];
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"1 + 1\", \"user_expressions\": {\"x\": \"a\", \"bad\": 3}}", id);
    const char *want[] = {"iopub:status:busy", "iopub:execute_input", "iopub:stream", "iopub:execute_result",
                          "shell:execute_reply", "iopub:status:idle"};
    CHECK_EQ_INT(json_array_size(f.mock.log), 6);
    for (size_t i = 0; i < 6; i++) {
        CHECK_STR(ev_kind(&f, i), want[i]);
        CHECK_STR(ev_str(&f, i, "parent"), id);
    }
    CHECK_EQ_INT(ev_cint(&f, 1, "execution_count"), 1);
    CHECK_STR(ev_cstr(&f, 1, "code"), "1 + 1");
    CHECK_STR(ev_cstr(&f, 2, "text"), "hi\n");
    CHECK_EQ_INT(ev_cint(&f, 3, "execution_count"), 1);
    CHECK_STR(ev_cstr(&f, 4, "status"), "ok");
    CHECK_EQ_INT(ev_cint(&f, 4, "execution_count"), 1);
    const json_t *ue = ev_content(&f, 4, "user_expressions");
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_object_get(ue, "x"), "data"), "text/plain")), "a");
    CHECK_STR(json_string_value(json_object_get(json_object_get(ue, "bad"), "ename")), "TypeError");
    CHECK_EQ_INT(f.mb.count, 1);

    /* the next cell counts 2; a silent one neither counts nor shows input or result */
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"x\"}", NULL);
    CHECK_EQ_INT(ev_cint(&f, 10, "execution_count"), 2);
    size_t before = json_array_size(f.mock.log);
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"x\", \"silent\": true}", NULL);
    CHECK_EQ_INT(json_array_size(f.mock.log) - before, 4); /* busy, stream, reply, idle */
    CHECK_STR(ev_kind(&f, before + 1), "iopub:stream");
    CHECK_STR(ev_kind(&f, before + 2), "shell:execute_reply");
    CHECK_EQ_INT(ev_cint(&f, before + 2, "execution_count"), 2);
    CHECK_EQ_INT(f.mb.executes, 3);
    teardown(&f);
}

TEST(handlers_execute_code_with_nul_passed_whole) {
    Fixture f;
    setup(&f, true);
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"ab\\u0000cd\"}", NULL);
    CHECK_EQ_INT(f.mb.code_len, 5);
    handle(&f, KP_SHELL, "execute_request", "{\"code\": 3}", NULL);
    size_t last = json_array_size(f.mock.log) - 2;
    CHECK_STR(ev_kind(&f, last), "shell:execute_reply");
    CHECK_STR(ev_cstr(&f, last, "ename"), "ValueError");
    CHECK_EQ_INT(ev_cint(&f, last, "execution_count"), 1);
    CHECK_EQ_INT(f.mb.executes, 1);
    teardown(&f);
}

TEST(handlers_execute_error_and_stop_on_error_aborts_queued) {
    Fixture f;
    setup(&f, true);
    f.mock.queued = calloc(3, sizeof *f.mock.queued);
    f.mock.queued[0] = make_msg("execute_request", "{\"code\": \"1\"}");
    f.mock.queued[1] = make_msg("kernel_info_request", "{}");
    f.mock.queued[2] = make_msg("execute_request", "{\"code\": \"2\"}");
    f.mock.nq = 3;
    char failing[32];
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"fail\"}", failing);
    CHECK_EQ_INT(f.mock.takes, 1);
    CHECK_EQ_INT(f.mb.executes, 1); /* the queued cells did not run */
    const char *want[] = {"iopub:status:busy", "iopub:execute_input", "iopub:error", "shell:execute_reply",
                          "iopub:status:idle",
                          "iopub:status:busy", "shell:execute_reply", "iopub:status:idle",
                          "iopub:status:busy", "shell:kernel_info_reply", "iopub:status:idle",
                          "iopub:status:busy", "shell:execute_reply", "iopub:status:idle"};
    CHECK_EQ_INT(json_array_size(f.mock.log), 14);
    for (size_t i = 0; i < 14 && i < json_array_size(f.mock.log); i++) CHECK_STR(ev_kind(&f, i), want[i]);
    CHECK_STR(ev_cstr(&f, 2, "ename"), "Boom");
    CHECK_EQ_INT(json_array_size(ev_content(&f, 2, "traceback")), 1); /* the non-string line dropped */
    CHECK_STR(ev_cstr(&f, 3, "status"), "error");
    CHECK_STR(ev_cstr(&f, 3, "evalue"), "bad");
    CHECK_EQ_INT(ev_cint(&f, 3, "execution_count"), 1);
    CHECK_STR(ev_str(&f, 4, "parent"), failing);
    CHECK_STR(ev_cstr(&f, 6, "status"), "aborted");
    CHECK_EQ_INT(ev_cint(&f, 6, "execution_count"), 1);
    CHECK_STR(ev_cstr(&f, 12, "status"), "aborted");
    CHECK(strcmp(ev_str(&f, 6, "parent"), failing) != 0);
    teardown(&f);
}

TEST(handlers_errors_without_stop_on_error_take_nothing) {
    Fixture f;
    setup(&f, true);
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"fail\", \"stop_on_error\": false}", NULL);
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"fail\", \"silent\": true}", NULL);
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"stop\"}", NULL); /* aborted by the backend */
    CHECK_EQ_INT(f.mock.takes, 0);
    size_t last = json_array_size(f.mock.log) - 2;
    CHECK_STR(ev_kind(&f, last), "shell:execute_reply");
    CHECK_STR(ev_cstr(&f, last, "status"), "aborted");
    CHECK_EQ_INT(ev_cint(&f, last, "execution_count"), 2);
    teardown(&f);
}

TEST(handlers_is_complete_complete_inspect_pass_through) {
    Fixture f;
    setup(&f, true);
    handle(&f, KP_SHELL, "is_complete_request", "{\"code\": \"def f = {\"}", NULL);
    CHECK_STR(ev_kind(&f, 1), "shell:is_complete_reply");
    CHECK_STR(ev_cstr(&f, 1, "status"), "incomplete");
    CHECK_STR(ev_cstr(&f, 1, "indent"), "  ");
    CHECK_STR(f.mb.code, "def f = {");

    /* cursor_pos counts code points: "é" is one */
    handle(&f, KP_SHELL, "complete_request", "{\"code\": \"\\u00e9 fo\", \"cursor_pos\": 4}", NULL);
    CHECK_STR(ev_kind(&f, 4), "shell:complete_reply");
    CHECK_EQ_INT(f.mb.pos, 4);
    CHECK_EQ_INT(f.mb.code_len, 5);
    CHECK_STR(ev_cstr(&f, 4, "status"), "ok");
    CHECK_EQ_INT(json_array_size(ev_content(&f, 4, "matches")), 2);
    CHECK_EQ_INT(ev_cint(&f, 4, "cursor_start"), 2);
    CHECK_EQ_INT(ev_cint(&f, 4, "cursor_end"), 4);
    CHECK(json_is_object(ev_content(&f, 4, "metadata")));

    /* no cursor_pos: the end; one past the end: clamped */
    handle(&f, KP_SHELL, "inspect_request", "{\"code\": \"abc\", \"detail_level\": 1}", NULL);
    CHECK_STR(ev_kind(&f, 7), "shell:inspect_reply");
    CHECK_EQ_INT(f.mb.pos, 3);
    CHECK_EQ_INT(f.mb.detail, 1);
    CHECK(json_is_true(ev_content(&f, 7, "found")));
    CHECK_STR(json_string_value(json_object_get(ev_content(&f, 7, "data"), "text/plain")), "doc");
    handle(&f, KP_SHELL, "inspect_request", "{\"code\": \"abc\", \"cursor_pos\": 99}", NULL);
    CHECK_EQ_INT(f.mb.pos, 3);

    handle(&f, KP_SHELL, "complete_request", "{\"code\": \"abc\", \"cursor_pos\": \"x\"}", NULL);
    size_t last = json_array_size(f.mock.log) - 2;
    CHECK_STR(ev_kind(&f, last), "shell:complete_reply");
    CHECK_STR(ev_cstr(&f, last, "status"), "error");
    CHECK_STR(ev_cstr(&f, last, "ename"), "ValueError");
    teardown(&f);
}

TEST(handlers_without_backend_functions_reply_well_formed) {
    Fixture f;
    setup(&f, false);
    handle(&f, KP_SHELL, "is_complete_request", "{\"code\": \"x\"}", NULL);
    CHECK_STR(ev_cstr(&f, 1, "status"), "unknown");
    handle(&f, KP_SHELL, "complete_request", "{\"code\": \"x\"}", NULL);
    CHECK_EQ_INT(json_array_size(ev_content(&f, 4, "matches")), 0);
    CHECK_EQ_INT(ev_cint(&f, 4, "cursor_start"), 1);
    handle(&f, KP_SHELL, "inspect_request", "{\"code\": \"x\"}", NULL);
    CHECK(json_is_false(ev_content(&f, 7, "found")));
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"x\"}", NULL);
    CHECK_STR(ev_kind(&f, 12), "shell:execute_reply");
    CHECK_STR(ev_cstr(&f, 12, "ename"), "NotImplementedError");
    teardown(&f);
}

TEST(handlers_unknown_msg_type) {
    Fixture f;
    setup(&f, true);
    handle(&f, KP_SHELL, "frobnicate_request", "{}", NULL);
    CHECK_EQ_INT(json_array_size(f.mock.log), 3);
    CHECK_STR(ev_kind(&f, 1), "shell:frobnicate_reply");
    CHECK_STR(ev_cstr(&f, 1, "status"), "error");
    CHECK_STR(ev_cstr(&f, 1, "ename"), "UnknownMessageType");
    CHECK_STR(ev_cstr(&f, 1, "evalue"), "unknown message type \"frobnicate_request\"");
    handle(&f, KP_SHELL, "frobnicate", "{}", NULL); /* not a request: no reply */
    CHECK_EQ_INT(json_array_size(f.mock.log), 5);
    CHECK_STR(ev_kind(&f, 4), "iopub:status:idle");
    /* on control, a shell request is not supported; its execute_reply carries no count */
    handle(&f, KP_CONTROL, "execute_request", "{\"code\": \"1\"}", NULL);
    CHECK_STR(ev_kind(&f, 6), "control:execute_reply");
    CHECK_STR(ev_cstr(&f, 6, "ename"), "UnsupportedRequest");
    CHECK_STR(ev_cstr(&f, 6, "evalue"), "execute_request is not supported on the control channel");
    CHECK(ev_content(&f, 6, "execution_count") == NULL);
    CHECK_EQ_INT(f.mb.executes, 0);
    teardown(&f);
}

TEST(handlers_undecodable_request_answered_with_error) {
    Fixture f;
    setup(&f, true);
    wire_msg m = make_msg("execute_request", "{}");
    m.error = strdup("content is not JSON");
    kp_core_handle(&f.core, KP_SHELL, &m);
    wire_msg_clear(&m);
    CHECK_EQ_INT(json_array_size(f.mock.log), 3);
    CHECK_STR(ev_kind(&f, 1), "shell:execute_reply");
    CHECK_STR(ev_cstr(&f, 1, "ename"), "ValueError");
    CHECK(strstr(ev_cstr(&f, 1, "evalue"), "content is not JSON") != NULL);
    CHECK_EQ_INT(ev_cint(&f, 1, "execution_count"), 0);
    CHECK(json_is_object(ev_content(&f, 1, "user_expressions")));
    CHECK_EQ_INT(f.mb.executes, 0);
    teardown(&f);
}

TEST(handlers_interrupt_and_shutdown_on_control) {
    Fixture f;
    setup(&f, true);
    handle(&f, KP_CONTROL, "interrupt_request", "{}", NULL);
    CHECK_STR(ev_kind(&f, 1), "control:interrupt_reply");
    CHECK_STR(ev_cstr(&f, 1, "status"), "ok");
    CHECK_EQ_INT(f.mb.interrupts, 1);
    CHECK_EQ_INT(f.mock.wakes, 1);
    CHECK_EQ_INT(atomic_load(&f.core.interrupted), 1);
    CHECK_EQ_INT(atomic_load(&f.core.shutdown), 0);

    handle(&f, KP_CONTROL, "shutdown_request", "{\"restart\": true}", NULL);
    CHECK_STR(ev_kind(&f, 4), "control:shutdown_reply");
    CHECK(json_is_true(ev_content(&f, 4, "restart")));
    CHECK_EQ_INT(atomic_load(&f.core.shutdown), 1);
    CHECK_EQ_INT(atomic_load(&f.core.restart), 1);
    CHECK_EQ_INT(f.mb.interrupts, 2); /* a running cell is stopped */
    CHECK_EQ_INT(f.mock.wakes, 2);
    CHECK_EQ_INT(f.mb.shutdowns, 0); /* backend->shutdown is the server's, once the shell loop ends */

    /* once shutting down, a failing cell takes no queued requests */
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"fail\"}", NULL);
    CHECK_EQ_INT(f.mock.takes, 0);
    teardown(&f);
}

TEST(handlers_comm_info_and_comm_open) {
    Fixture f;
    setup(&f, true);
    handle(&f, KP_SHELL, "comm_info_request", "{}", NULL);
    CHECK_STR(ev_kind(&f, 1), "shell:comm_info_reply");
    CHECK_STR(ev_cstr(&f, 1, "status"), "ok");
    CHECK(json_is_object(ev_content(&f, 1, "comms")) && json_object_size(ev_content(&f, 1, "comms")) == 0);
    char id[32];
    handle(&f, KP_SHELL, "comm_open", "{\"comm_id\": \"c1\", \"target_name\": \"nope\", \"data\": {}}", id);
    CHECK_EQ_INT(json_array_size(f.mock.log), 6);
    CHECK_STR(ev_kind(&f, 4), "iopub:comm_close");
    CHECK_STR(ev_cstr(&f, 4, "comm_id"), "c1");
    CHECK_STR(ev_str(&f, 4, "parent"), id);
    handle(&f, KP_SHELL, "comm_msg", "{\"comm_id\": \"c1\", \"data\": {}}", NULL);
    CHECK_EQ_INT(json_array_size(f.mock.log), 8); /* busy and idle only */
    teardown(&f);
}

TEST(handlers_stdin_through_the_transport) {
    Fixture f;
    setup(&f, true);
    f.mock.input_value = json_string("Ada");
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"input\", \"allow_stdin\": true}", NULL);
    CHECK_EQ_INT(f.mock.inputs, 1);
    CHECK_STR(f.mock.prompt, "name? ");
    CHECK_STR(f.mb.input, "Ada");
    /* a NUL in the reply: the text before it, and a warning in the cell */
    json_decref(f.mock.input_value);
    f.mock.input_value = json_stringn("A\0b", 3);
    size_t before = json_array_size(f.mock.log);
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"input\", \"allow_stdin\": true}", NULL);
    CHECK_STR(f.mb.input, "A");
    CHECK_STR(ev_kind(&f, before + 2), "iopub:stream");
    CHECK(strstr(ev_cstr(&f, before + 2, "text"), "U+0000 at byte 1") != NULL);
    /* without allow_stdin the frontend is not asked */
    handle(&f, KP_SHELL, "execute_request", "{\"code\": \"input\"}", NULL);
    CHECK_EQ_INT(f.mock.inputs, 2);
    CHECK(f.mb.input == NULL);
    teardown(&f);
}

TEST(handlers_table_channels) {
    const char *both[] = {"kernel_info_request", "interrupt_request", "shutdown_request"};
    for (size_t i = 0; i < 3; i++) {
        const kp_handler *h = kp_handler_find(both[i]);
        CHECK(h && h->channels == (KP_ON_SHELL | KP_ON_CONTROL));
    }
    const char *shell_only[] = {"execute_request", "complete_request", "inspect_request", "is_complete_request",
                                "history_request", "comm_info_request", "comm_open", "comm_msg", "comm_close"};
    for (size_t i = 0; i < sizeof shell_only / sizeof *shell_only; i++) {
        const kp_handler *h = kp_handler_find(shell_only[i]);
        CHECK(h && h->channels == KP_ON_SHELL);
    }
    CHECK(kp_handler_find("input_reply") == NULL);
}
