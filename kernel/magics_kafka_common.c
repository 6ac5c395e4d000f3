/* magics_kafka_common.c — what every Kafka magic uses: its output through the interpreter's
 * hooks, UsageError and Kafka errors as the cell's result, the words of its line, and the
 * session's clients (see magics_kafka_internal.h). */
#include "magics_kafka_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* ---- output and errors ---- */

Out out_for(Interp *I) {
    Out o = {.I = I};
    interp_lock(o.I);
    o.h = *interp_hooks(o.I);
    interp_unlock(o.I);
    return o;
}
void out_text(Out *o, int stream, const char *s) {
    if (o->h.write) o->h.write(o->h.ud, stream, s, strlen(s));
    else fputs(s, stream == 2 ? stderr : stdout);
}
void out_display(Out *o, const char *html, const char *text) {
    if (!o->h.display) { out_text(o, 1, text); return; }
    json_t *data = json_pack("{s:s, s:s}", "text/html", html, "text/plain", text);
    json_t *meta = json_object();
    o->h.display(o->h.ud, data, meta, NULL, false);
    json_decref(data);
    json_decref(meta);
}

bool usage(CellResult *res, const char *fmt, ...) {
    va_list ap;
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    magics_set_error(res, "UsageError", msg);
    return true;
}
bool kerror(CellResult *res, const kafka_error *e) {
    if (!strcmp(e->name, "_INTR")) {
        magics_set_error(res, "Interrupted", "the magic was interrupted");
        return true;
    }
    char msg[1600];
    kafka_error_text(e, msg, sizeof msg);
    magics_set_error(res, kafka_exception_class(e->name), msg);
    return true;
}

/* ---- arguments ---- */

Args split_args(const char *s) {
    Args a = {0};
    while (*s) {
        while (*s && isspace((unsigned char)*s)) s++;
        if (!*s) break;
        StrBuf w = {0};
        while (*s && !isspace((unsigned char)*s)) {
            if (*s == '"' || *s == '\'') {
                char q = *s++;
                while (*s && *s != q) {
                    if (*s == '\\' && q == '"' && s[1]) s++;
                    sb_add(&w, s++, 1);
                }
                if (*s) s++;
            } else sb_add(&w, s++, 1);
        }
        if (a.n == a.cap) {   /* doubling: a line of many words must not cost their square */
            a.cap = a.cap ? 2 * a.cap : 8;
            a.v = realloc(a.v, (size_t)a.cap * sizeof(char *));
        }
        a.v[a.n++] = w.s ? w.s : strdup("");
    }
    return a;
}
void args_free(Args *a) {
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

bool parse_long(const char *s, long long *out) {
    char *end;
    if (!s || !*s) return false;
    long long v = strtoll(s, &end, 10);
    if (*end) return false;
    *out = v;
    return true;
}

/* "5s", "500ms", "2m", "5" (seconds) → ms; -1 on error. */
long long parse_duration(const char *s) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0) return -1;
    if (!*end || !strcmp(end, "s")) return (long long)(v * 1000);
    if (!strcmp(end, "ms")) return (long long)v;
    if (!strcmp(end, "m") || !strcmp(end, "min")) return (long long)(v * 60000);
    return -1;
}

/* A line magic's words as its run_* function takes them: the name first, then the arguments. */
void run_line(Interp *I, const char *name, const char *args, CellResult *res, bool (*run)(Interp *, Args *, CellResult *)) {
    Args a = split_args(args);
    a.v = realloc(a.v, (size_t)(a.n + 1) * sizeof(char *));
    memmove(a.v + 1, a.v, (size_t)a.n * sizeof(char *));
    a.v[0] = strdup(name);
    a.n++;
    a.cap = a.n;
    run(I, &a, res);
    args_free(&a);
}

/* ---- session clients ---- */

/* The session's settings (spark/kafka/session.c) lock themselves: cells, batches and magics
 * read and change them through its functions. */

bool session_cfg(kafka_config *cfg, CellResult *res) {
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_session_config(NULL, cfg, &err);
    if (rc != 0) { kafka_config_free(cfg); return !kerror(res, &err); }
    return true;
}

kafka_admin *session_admin(CellResult *res) {
    kafka_config cfg;
    if (!session_cfg(&cfg, res)) return NULL;
    kafka_error err;
    kafka_error_clear(&err);
    kafka_admin *a = kafka_admin_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!a) kerror(res, &err);
    return a;
}
