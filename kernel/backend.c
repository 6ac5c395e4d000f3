/* backend.c — the kernel backend: joins the protocol layer (kernel_backend, kernel_io) to the
 * Scala interpreter (lang/) and the magics. It is the only place that knows both sides: it
 * routes a cell's output hooks to iopub, turns cell results into execute replies, and answers
 * kernel_info, is_complete, complete and inspect.
 */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "lang/interp.h"
#include "magics.h"
#include "magics_spark.h"
#include "protocol/kernel.h"
#include "spark/spark.h"
#include "widgets.h"

#define KERNEL_VERSION "0.1.0"

struct Backend {
    Interp *I;
    Completer *cm;           /* complete_request / inspect_request (complete.c) */
    kernel_backend vt;
};

/* ---- output hooks bound to a kernel_io ---- */

static void hook_write(void *ud, int stream, const char *s, size_t n) {
    kio_stream((kernel_io *)ud, stream == 2 ? "stderr" : "stdout", s, n);
}
static char *hook_read_line(void *ud, const char *prompt, bool password) {
    return kio_input((kernel_io *)ud, prompt, password);
}
static void hook_display(void *ud, json_t *data, json_t *meta, const char *id, bool update) {
    kio_display((kernel_io *)ud, data, meta, id, update);
}

static void hook_clear(void *ud, bool wait) { kio_clear_output((kernel_io *)ud, wait); }

static void *hook_retain(void *ud) { return kio_dup((kernel_io *)ud); }
static void hook_release(void *ud) { kio_free((kernel_io *)ud); }
static void hook_poll_events(void *ud) { kio_poll_comms((kernel_io *)ud); }

void backend_hooks_for(kernel_io *io, InterpHooks *h) {
    h->ud = io;
    h->write = hook_write;
    h->read_line = hook_read_line;
    h->display = hook_display;
    h->clear = hook_clear;
    h->retain = hook_retain;
    h->release = hook_release;
    h->controls_open = widgets_controls_open;
    h->controls_update = widgets_controls_update;
    h->poll_events = hook_poll_events;
}

/* ---- results ---- */

/* The interpreter's text may hold a lone surrogate ("\uD800" is a valid Scala string): JSON
 * strings of it go through kp_json_text so that nothing is dropped. */
static json_t *text_json(const char *s) { return kp_json_text(s ? s : "", s ? strlen(s) : 0); }

static json_t *error_json(const CellResult *r) {
    json_t *tb = json_array();
    const char *p = r->traceback ? r->traceback : "";
    while (*p) {
        size_t n = strcspn(p, "\n");
        json_array_append_new(tb, kp_json_text(p, n));
        p += n;
        if (*p) p++;
    }
    return json_pack("{s:o, s:o, s:o}", "ename", text_json(r->ename ? r->ename : "error"), "evalue",
                     text_json(r->evalue), "traceback", tb);
}

/* ---- code that contains U+0000 ----
 * Valid JSON may carry U+0000 in the code, but the interpreter, the magics and the completer read
 * C strings, which would silently end at it. As scalac does ("illegal character '\u0000'"), such
 * code is refused whole, with the position of the first NUL. (The lexer could report this itself
 * if interp_run_cell took a length.) */

/* Where the first embedded NUL is, or NULL: code is NUL-terminated at len. */
static const char *embedded_nul(const char *code, size_t len) {
    size_t n = strlen(code);
    return n < len ? code + n : NULL;
}

static size_t code_points(const char *s, size_t n) {
    size_t cp = 0;
    for (size_t i = 0; i < n; i++) cp += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cp;
}

/* The error of a cell with a NUL at nul, as the interpreter words a lexical error: ename "error",
 * traceback "<console>:LINE: error: ..." then the line (the NUL drawn as U+2400) and a caret. */
static json_t *nul_error(const char *code, size_t len, const char *nul) {
    const char *line_start = code;
    int line = 1;
    for (const char *p = code; p < nul; p++)
        if (*p == '\n') { line++; line_start = p + 1; }
    size_t col = code_points(line_start, (size_t)(nul - line_start)) + 1;
    const char *end = memchr(nul, '\n', len - (size_t)(nul - code));
    size_t line_len = (size_t)((end ? end : code + len) - line_start);
    char evalue[160];
    snprintf(evalue, sizeof evalue, "illegal character '\\u0000' at line %d, column %zu: remove the NUL character from the cell", line, col);
    size_t cap = 64 + strlen(evalue) + 3 * line_len + col + 2;
    char *tb = malloc(cap);
    if (!tb) abort();
    size_t k = (size_t)snprintf(tb, cap, "<console>:%d: error: %s\n", line, evalue);
    for (size_t i = 0; i < line_len; i++) {
        if (line_start[i]) tb[k++] = line_start[i];
        else { memcpy(tb + k, "\xe2\x90\x80", 3); k += 3; } /* U+2400 SYMBOL FOR NULL */
    }
    tb[k++] = '\n';
    for (size_t i = 1; i < col; i++) tb[k++] = ' ';
    tb[k++] = '^';
    tb[k] = '\0';
    json_t *tbl = json_array();
    const char *p = tb;
    while (*p) {
        size_t n = strcspn(p, "\n");
        json_array_append_new(tbl, json_stringn(p, n));
        p += n;
        if (*p) p++;
    }
    free(tb);
    return json_pack("{s:s, s:s, s:o}", "ename", "error", "evalue", evalue, "traceback", tbl);
}

static json_t *b_kernel_info(void *self) {
    (void)self;
    return json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}, s:s, s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
        "implementation", "dstream-kernel",
        "implementation_version", KERNEL_VERSION,
        "language_info",
            "name", "scala", "version", "2.12", "mimetype", "text/x-scala", "file_extension", ".scala",
            "codemirror_mode", "text/x-scala", "pygments_lexer", "scala",
        "banner", "Spark Streaming on Kafka (C) " KERNEL_VERSION " — Scala cells for Spark's DStream API, run natively",
        "help_links",
            "text", "Spark Streaming Programming Guide", "url", "https://spark.apache.org/docs/latest/streaming-programming-guide.html",
            "text", "Spark Streaming + Kafka Integration", "url", "https://spark.apache.org/docs/latest/streaming-kafka-0-10-integration.html",
            "text", "Scala documentation", "url", "https://docs.scala-lang.org/");
}

/* ---- `name?` / `?name`: IPython's help convention ---- */

/* The name a help query asks about (malloc'd), or NULL when code is not one: optional blanks, then
 * `?name`, `??name`, `name?` or `name??`, with name a dotted path of identifiers
 * (`ssc.awaitTermination?`), then optional blanks. No Scala expression has this form. */
static char *help_query(const char *code) {
    const char *p = code;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    int lead = 0;
    while (*p == '?' && lead < 2) { p++; lead++; }
    const char *s = p;
    for (;;) {
        if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) return NULL;
        while (*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) p++;
        if (*p != '.') break;
        p++;
    }
    const char *e = p;
    int trail = 0;
    while (*p == '?' && trail < 2) { p++; trail++; }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p || (lead == 0) == (trail == 0)) return NULL;   /* a `?` on one side only */
    size_t n = (size_t)(e - s);
    char *name = malloc(n + 1);
    if (!name) abort();
    memcpy(name, s, n);
    name[n] = '\0';
    return name;
}

/* Answers a help query with the inspect text as a pager payload (the console pages it,
 * JupyterLab shows it below the cell), or IPython's "Object `x` not found." on stdout. */
static void help_answer(Backend *b, kernel_io *io, const char *name) {
    json_t *r = completer_inspect(b->cm, name, (int)strlen(name), 1);
    json_t *data = json_object_get(r, "data");
    if (json_is_true(json_object_get(r, "found")) && json_is_object(data) && json_object_size(data)) {
        kio_payload(io, json_pack("{s:s, s:O, s:i}", "source", "page", "data", data, "start", 0));
    } else {
        char msg[256];
        int n = snprintf(msg, sizeof msg, "Object `%.200s` not found.\n", name);
        kio_stream(io, "stdout", msg, (size_t)n);
    }
    json_decref(r);
}

static kexec_status b_execute(void *self, kernel_io *io, const char *code, size_t len, bool silent,
                              int execution_count, json_t **result, json_t **error) {
    Backend *b = self;
    (void)execution_count;
    const char *nul = embedded_nul(code, len);
    if (nul) {
        *error = nul_error(code, len, nul);
        return KEXEC_ERROR;
    }
    char *help = help_query(code);
    if (help) {
        help_answer(b, io, help);
        free(help);
        return KEXEC_OK;
    }
    InterpHooks h;
    backend_hooks_for(io, &h);
    interp_set_hooks(b->I, &h);
    CellResult r;
    if (!magics_run(b->I, code, &r)) interp_run_cell(b->I, code, &r);
    interp_set_hooks(b->I, NULL);
    magics_record_cell(code, r.ok ? NULL : r.ename, r.evalue);    /* %spark's program */
    kexec_status st = KEXEC_OK;
    if (!r.ok) {
        *error = error_json(&r);
        st = KEXEC_ERROR;
    } else if (!silent && (r.echo || r.display)) {
        json_t *data = r.display ? json_incref(r.display) : json_object();
        if (r.echo && !json_object_get(data, "text/plain")) json_object_set_new(data, "text/plain", text_json(r.echo));
        *result = data;
    }
    cell_result_clear(&r);
    return st;
}

static json_t *b_user_expression(void *self, const char *expr, size_t len) {
    Backend *b = self;
    const char *nul = embedded_nul(expr, len);
    if (nul) {
        json_t *out = nul_error(expr, len, nul);
        json_object_set_new(out, "status", json_string("error"));
        return out;
    }
    CellResult r;
    char *s = interp_eval_to_string(b->I, expr, &r);
    json_t *out;
    if (s) out = json_pack("{s:s, s:{s:o}, s:{}}", "status", "ok", "data", "text/plain", text_json(s), "metadata");
    else {
        out = error_json(&r);
        json_object_set_new(out, "status", json_string("error"));
    }
    free(s);
    cell_result_clear(&r);
    return out;
}

static json_t *b_is_complete(void *self, const char *code, size_t len) {
    Backend *b = self;
    if (embedded_nul(code, len)) return json_pack("{s:s}", "status", "invalid"); /* execute refuses it */
    const char *indent = "";
    char *help = help_query(code);
    bool is_help = help != NULL;
    free(help);
    if (is_help) return json_pack("{s:s}", "status", "complete");   /* `x?` runs at once */
    const char *st = magics_is_complete(code);   /* a magic cell: the magic table says */
    if (!st) st = interp_is_complete(b->I, code, &indent);
    json_t *out = json_pack("{s:s}", "status", st);
    if (!strcmp(st, "incomplete")) json_object_set_new(out, "indent", json_string(indent));
    return out;
}

/* Completion and inspection read C strings: with a NUL in the code they see the text before it.
 * A cursor up to the NUL is served from that text; a cursor after it gets nothing (rather than
 * answers for another position). */
static bool cursor_after_nul(const char *code, size_t len, int cursor) {
    const char *nul = embedded_nul(code, len);
    return nul && (size_t)cursor > code_points(code, (size_t)(nul - code));
}

static json_t *b_complete(void *self, const char *code, size_t len, int cursor) {
    Backend *b = self;
    if (cursor_after_nul(code, len, cursor))
        return json_pack("{s:[], s:i, s:i, s:{}}", "matches", "cursor_start", cursor, "cursor_end", cursor, "metadata");
    return completer_complete(b->cm, code, cursor);
}

static json_t *b_inspect(void *self, const char *code, size_t len, int cursor, int detail) {
    Backend *b = self;
    if (cursor_after_nul(code, len, cursor)) return json_pack("{s:b, s:{}, s:{}}", "found", 0, "data", "metadata");
    return completer_inspect(b->cm, code, cursor, detail);
}

static void b_comm_msg(void *self, kernel_io *io, const char *comm_id, const json_t *data, bool during_request) {
    (void)self;
    widgets_comm_msg(io, comm_id, data, during_request);
}
static void b_comm_close(void *self, const char *comm_id) { (void)self; widgets_comm_close(comm_id); }
static json_t *b_comm_info(void *self, const char *target) { (void)self; return widgets_comm_info(target); }

static void b_interrupt(void *self) { interp_interrupt(((Backend *)self)->I); }

static void b_shutdown(void *self, bool restart) {
    Backend *b = self;
    (void)restart;
    interp_interrupt(b->I);
}

Backend *backend_new(void) {
    Backend *b = calloc(1, sizeof *b);
    if (!b) abort();
    b->I = interp_new();
    spark_init(b->I);
    b->cm = completer_new(b->I);
    b->vt = (kernel_backend){.self = b, .kernel_info = b_kernel_info, .execute = b_execute,
                             .user_expression = b_user_expression, .is_complete = b_is_complete,
                             .complete = b_complete, .inspect = b_inspect, .interrupt = b_interrupt,
                             .comm_msg = b_comm_msg, .comm_close = b_comm_close, .comm_info = b_comm_info,
                             .shutdown = b_shutdown};
    widgets_init(b->I);
    return b;
}

kernel_backend *backend_vtable(Backend *b) { return &b->vt; }
Interp *backend_interp(Backend *b) { return b->I; }

void backend_free(Backend *b) {
    if (!b) return;
    completer_free(b->cm);
    magics_spark_free();
    spark_free(b->I);
    widgets_free();
    interp_free(b->I);
    free(b);
}
