/* magics_kafka.c — the Kafka and configuration magics:
 *
 *   %%configure [-f] {"conf": {...}}   kafka.* keys become the session's client defaults,
 *                                      known spark.* keys are applied, the rest listed as ignored
 *   %kafka [embedded start|status|stop]  brokers in use, cluster, config with secrets masked
 *   %topics [--all]                     topic, partitions, replication, messages (HTML + text)
 *   %topic create NAME [--partitions N] [--replication-factor R] [--config k=v]... [--if-not-exists]
 *                                       (a topic that exists with N partitions: nothing to do)
 *   %topic describe NAME | %topic delete NAME | %topic list
 *   %%produce TOPIC [--key-separator S] [--partition P]   each line of the cell is one record
 *   %consume TOPIC [--from earliest|latest|OFFSET|-N] [--max N] [--timeout 5s] [--group G] [--partition P]
 *
 * They run on the shell thread without the interpreter lock (only the Kafka layer and the
 * session's settings are used; the output hooks are copied under the lock), and every wait is
 * bounded and interruptible.  Errors: "UsageError" for bad arguments; Kafka errors keep the
 * Java exception class and Kafka's error name (kafka_client.h).  Their rows (name, usage,
 * completion) are in the magic table, magics.c. */
#include "magics_kafka.h"

#include <ctype.h>
#include <librdkafka/rdkafka.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kafka/admin.h"
#include "kafka/batch.h"
#include "kafka/embedded.h"
#include "kafka/producer.h"
#include "lang/interp.h"
#include "spark/kafka/kafka_client.h"
#include "spark/spark.h"
#include "util/mem.h"
#include "util/strbuf.h"

/* ---- output and errors ---- */

typedef struct { Interp *I; InterpHooks h; } Out;

static Out out_for(Interp *I) {
    Out o = {.I = I};
    interp_lock(o.I);
    o.h = *interp_hooks(o.I);
    interp_unlock(o.I);
    return o;
}
static void out_text(Out *o, int stream, const char *s) {
    if (o->h.write) o->h.write(o->h.ud, stream, s, strlen(s));
    else fputs(s, stream == 2 ? stderr : stdout);
}
static void out_display(Out *o, const char *html, const char *text) {
    if (!o->h.display) { out_text(o, 1, text); return; }
    json_t *data = json_pack("{s:s, s:s}", "text/html", html, "text/plain", text);
    json_t *meta = json_object();
    o->h.display(o->h.ud, data, meta, NULL, false);
    json_decref(data);
    json_decref(meta);
}

static void set_error(CellResult *res, const char *ename, const char *msg) {
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
static bool usage(CellResult *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool usage(CellResult *res, const char *fmt, ...) {
    va_list ap;
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    set_error(res, "UsageError", msg);
    return true;
}
static bool kerror(CellResult *res, const kafka_error *e) {
    if (!strcmp(e->name, "_INTR")) {
        set_error(res, "Interrupted", "the magic was interrupted");
        return true;
    }
    char msg[1200];
    size_t nl = strlen(e->name);
    if (!strncmp(e->message, e->name, nl) && e->message[nl] == ':') snprintf(msg, sizeof msg, "%s", e->message);
    else snprintf(msg, sizeof msg, "%s: %s", e->name, e->message);
    set_error(res, kafka_exception_class(e->name), msg);
    return true;
}

/* ---- arguments ---- */

typedef struct { char **v; int n, cap; } Args;

static Args split_args(const char *s) {
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
static void args_free(Args *a) {
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

static bool parse_long(const char *s, long long *out) {
    char *end;
    if (!s || !*s) return false;
    long long v = strtoll(s, &end, 10);
    if (*end) return false;
    *out = v;
    return true;
}

/* "5s", "500ms", "2m", "5" (seconds) → ms; -1 on error. */
static long long parse_duration(const char *s) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0) return -1;
    if (!*end || !strcmp(end, "s")) return (long long)(v * 1000);
    if (!strcmp(end, "ms")) return (long long)v;
    if (!strcmp(end, "m") || !strcmp(end, "min")) return (long long)(v * 60000);
    return -1;
}

/* ---- session clients ---- */

/* The session's settings (spark/kafka/session.c) lock themselves: cells, batches and magics
 * read and change them through its functions. */

static bool session_cfg(kafka_config *cfg, CellResult *res) {
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_session_config(NULL, cfg, &err);
    if (rc != 0) { kafka_config_free(cfg); return !kerror(res, &err); }
    return true;
}

static kafka_admin *session_admin(CellResult *res) {
    kafka_config cfg;
    if (!session_cfg(&cfg, res)) return NULL;
    kafka_error err;
    kafka_error_clear(&err);
    kafka_admin *a = kafka_admin_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!a) kerror(res, &err);
    return a;
}

/* ---- %%configure ---- */

static const char *const known_spark_keys[] = {
    "spark.streaming.kafka.maxRatePerPartition", "spark.default.parallelism", "spark.app.name", "spark.master",
    "spark.streaming.ui.inline", "spark.twitter.synthetic.seed", "spark.twitter.synthetic.rate", NULL};

static const char *ignore_reason(const char *key) {
    if (!strncmp(key, "spark.jars", 10) || !strcmp(key, "spark.packages") || !strncmp(key, "spark.submit.", 13))
        return "this kernel needs no jars: Kafka and Spark are built in";
    if (!strncmp(key, "spark.executor.", 15) || !strncmp(key, "spark.driver.", 13) ||
        !strncmp(key, "spark.dynamicAllocation.", 24) || !strncmp(key, "spark.cores.", 12))
        return "this kernel runs everything in its own process: there are no executors or driver to size";
    if (!strncmp(key, "spark.", 6)) return "not a setting this kernel uses";
    return "neither a spark.* nor a kafka.* key";
}

static char *json_value_text(json_t *v) {
    if (json_is_string(v)) return strdup(json_string_value(v));
    if (json_is_true(v)) return strdup("true");
    if (json_is_false(v)) return strdup("false");
    if (json_is_null(v)) return NULL;
    if (json_is_integer(v)) {
        char b[32];
        snprintf(b, sizeof b, "%lld", (long long)json_integer_value(v));
        return strdup(b);
    }
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Whether librdkafka (or the Java-name mapping) accepts key=value for some client role. */
static bool kafka_key_ok(const char *key, const char *value, char *why, size_t n) {
    kafka_config c;
    kafka_config_init(&c);
    kafka_config_set(&c, "bootstrap.servers", "localhost:9092");
    kafka_config_set(&c, key, value);
    kafka_error err;
    bool ok = false;
    kafka_role roles[] = {KAFKA_ROLE_CONSUMER, KAFKA_ROLE_PRODUCER};
    for (int r = 0; r < 2 && !ok; r++) {
        kafka_settings st;
        kafka_error_clear(&err);
        rd_kafka_conf_t *conf = kafka_config_build(&c, roles[r], &st, &err);
        if (conf) { rd_kafka_conf_destroy(conf); ok = true; }
        else snprintf(why, n, "%s", err.message);
    }
    kafka_config_free(&c);
    return ok;
}

static bool configure_body(Interp *I, const char *args, const char *body, CellResult *res);

static bool run_configure(Interp *I, const char *args, const char *body, CellResult *res) {
    const char *brace = strchr(args, '{');
    if (!brace) return configure_body(I, args, body, res);
    /* %%configure -f {"conf": …} on one line */
    char *joined = NULL, *flags = strndup(args, (size_t)(brace - args));
    if (asprintf(&joined, "%s\n%s", brace, body) < 0) joined = NULL;
    bool r = configure_body(I, flags, joined ? joined : body, res);
    free(joined);
    free(flags);
    return r;
}

static bool configure_body(Interp *I, const char *args, const char *body, CellResult *res) {
    Out o = out_for(I);
    Args a = split_args(args);
    bool force = false;
    for (int i = 0; i < a.n; i++) {
        if (!strcmp(a.v[i], "-f") || !strcmp(a.v[i], "--force")) force = true;
        else { args_free(&a); return usage(res, "%%%%configure takes only -f, then a JSON body: %%%%configure -f {\"conf\": {\"kafka.bootstrap.servers\": \"host:9092\"}}"); }
    }
    args_free(&a);
    json_error_t jerr;
    json_t *root = json_loads(body, JSON_DECODE_ANY, &jerr);
    if (!root || !json_is_object(root)) {
        if (root) json_decref(root);
        return usage(res, "%%%%configure needs a JSON object, e.g. {\"conf\": {\"kafka.bootstrap.servers\": \"host:9092\"}} "
                     "(line %d, column %d: %s)", jerr.line, jerr.column, jerr.text);
    }
    StrBuf applied = {0}, ignored = {0};
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v) {
        if (strcmp(k, "conf") != 0) {
            sb_printf(&ignored, "  %s: a Livy session setting; this kernel runs in its own process\n", k);
            continue;
        }
        if (!json_is_object(v)) { json_decref(root); free(applied.s); free(ignored.s); return usage(res, "\"conf\" must be a JSON object of settings"); }
        const char *ck;
        json_t *cv;
        json_object_foreach(v, ck, cv) {
            char *val = json_value_text(cv);
            char shown[512];
            if (!strncmp(ck, "kafka.", 6)) {
                const char *key = ck + 6;
                if (val && kafka_config_is_secret(key) && !strcmp(val, "?")) {
                    free(val);
                    char prompt[300];
                    snprintf(prompt, sizeof prompt, "%s: ", ck);
                    val = o.h.read_line ? o.h.read_line(o.h.ud, prompt, true) : NULL;
                    if (!val) {
                        sb_printf(&ignored, "  %s: no input (this frontend does not allow stdin)\n", ck);
                        continue;
                    }
                }
                char why[1100] = "";
                if (!val) {
                    kafka_session_set(key, NULL);
                    sb_printf(&applied, "  %s removed\n", ck);
                } else if (!strcmp(key, "bootstrap.servers") || kafka_key_ok(key, val, why, sizeof why)) {
                    kafka_session_set(key, val);
                    sb_printf(&applied, "  %s = %s\n", ck, kafka_config_mask(key, val, shown, sizeof shown));
                } else sb_printf(&ignored, "  %s: %s\n", ck, why);
            } else if (!strcmp(ck, "spark.driver.memory")) {
                size_t bytes;
                if (val && mem_parse_size(val, &bytes)) {
                    mem_set_budget(bytes);
                    sb_printf(&applied, "  %s = %s (the kernel's memory budget: %zu MiB)\n", ck, val, bytes >> 20);
                } else sb_printf(&ignored, "  %s: not a memory size (e.g. 512m, 2g)\n", ck);
            } else {
                bool known = false;
                for (int i = 0; known_spark_keys[i] && !known; i++) known = !strcmp(known_spark_keys[i], ck);
                if (known && val) {
                    interp_lock(o.I);
                    spark_conf_set(ck, val);
                    interp_unlock(o.I);
                    sb_printf(&applied, "  %s = %s\n", ck, val);
                } else sb_printf(&ignored, "  %s: %s\n", ck, ignore_reason(ck));
            }
            free(val);
        }
    }
    json_decref(root);
    StrBuf text = {0};
    if (applied.len) sb_printf(&text, "Applied (session defaults for the cells that follow%s):\n%s", force ? "; -f: nothing to restart" : "", applied.s);
    if (ignored.len) sb_printf(&text, "Ignored:\n%s", ignored.s);
    if (!text.len) sb_puts(&text, "Nothing to configure: the body has no \"conf\" settings.\n");
    out_text(&o, 1, text.s ? text.s : "");
    free(text.s);
    free(applied.s);
    free(ignored.s);
    return true;
}

/* ---- %kafka ---- */

static bool run_kafka(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    kafka_error err;
    kafka_error_clear(&err);
    if (a->n >= 2 && !strcmp(a->v[1], "embedded")) {
        const char *what = a->n >= 3 ? a->v[2] : "status";
        char buf[2048], why[512];
        if (!strcmp(what, "stop")) {
            if (!embedded_broker_running(buf, sizeof buf)) { out_text(&o, 1, "The embedded broker is not running.\n"); return true; }
            if (embedded_broker_stop(&err) != 0) return kerror(res, &err);
            out_text(&o, 1, "Stopped the embedded broker (its topics and records are gone).\n");
            return true;
        }
        if (!strcmp(what, "start")) {
            if (embedded_broker_ensure(buf, sizeof buf, why, sizeof why) != 0) { set_error(res, "org.apache.kafka.common.KafkaException", why); return true; }
            StrBuf t = {0};
            sb_printf(&t, "The embedded broker is running at %s.\n", buf);
            out_text(&o, 1, t.s);
            free(t.s);
            return true;
        }
        if (!strcmp(what, "status")) {
            if (embedded_broker_status(buf, sizeof buf, &err) != 0) { out_text(&o, 1, "The embedded broker is not running.\n"); return true; }
            StrBuf t = {0};
            sb_printf(&t, "%s\n", buf);
            out_text(&o, 1, t.s);
            free(t.s);
            return true;
        }
        return usage(res, "%%kafka embedded start|status|stop");
    }
    if (a->n > 1) return usage(res, "%%kafka takes no arguments (or: %%kafka embedded start|status|stop)");
    kafka_config sess_copy, *sess = &sess_copy;
    char bs[2048];
    const char *source = NULL;
    kafka_session_copy_defaults(&sess_copy);
    bool embedded = kafka_session_uses_embedded(NULL);
    int brc = kafka_session_bootstrap(NULL, bs, sizeof bs, &source, &err);
    if (brc != 0) { kafka_config_free(&sess_copy); return kerror(res, &err); }
    StrBuf t = {0}, h = {0};
    sb_printf(&t, "Brokers: %s (%s)\n", bs, source);
    sb_puts(&h, "<table><tr><th style=\"text-align:left\">Brokers</th><td style=\"text-align:left\">");
    sb_html(&h, bs, strlen(bs));
    sb_printf(&h, " (%s)</td></tr>", source);
    kafka_admin *adm = session_admin(res);
    if (!adm) { free(t.s); free(h.s); kafka_config_free(&sess_copy); return true; }
    kafka_cluster_info ci = {0};
    if (kafka_admin_cluster(adm, &ci, kafka_interp_check, o.I, &err) != 0) {
        kafka_admin_free(adm);
        free(t.s);
        free(h.s);
        kafka_config_free(&sess_copy);
        return kerror(res, &err);
    }
    kafka_admin_free(adm);
    sb_printf(&t, "Cluster id: %s\n", ci.cluster_id[0] ? ci.cluster_id : "(not told)");
    sb_printf(&h, "<tr><th style=\"text-align:left\">Cluster id</th><td style=\"text-align:left\">%s</td></tr>", ci.cluster_id);
    sb_puts(&h, "<tr><th style=\"text-align:left\">Broker list</th><td style=\"text-align:left\">");
    sb_puts(&t, "Broker list:\n");
    for (size_t i = 0; i < ci.nbrokers; i++) {
        kafka_broker_info *bi = &ci.brokers[i];
        sb_printf(&t, "  %d  %s:%d%s\n", (int)bi->id, bi->host, bi->port, bi->id == ci.controller_id ? "  (controller)" : "");
        sb_printf(&h, "%s%d: %s:%d%s", i ? "<br>" : "", (int)bi->id, bi->host, bi->port, bi->id == ci.controller_id ? " (controller)" : "");
    }
    sb_puts(&h, "</td></tr>");
    if (ci.embedded || embedded) {
        const char *note = "The embedded broker keeps its data in memory only (it is gone when the broker stops), and "
                           "each partition keeps only the newest ~5 MiB of records (older ones are dropped, like a short retention).";
        char st[1024] = "";
        kafka_error e2;
        embedded_broker_status(st, sizeof st, &e2);
        sb_printf(&t, "Embedded broker: %s\n  %s\n  (stop it with %%kafka embedded stop)\n", st[0] ? st : "running", note);
        sb_printf(&h, "<tr><th style=\"text-align:left\">Embedded broker</th><td style=\"text-align:left\">%s</td></tr>", note);
    }
    sb_puts(&t, "Configuration (session defaults; secrets masked):\n");
    sb_puts(&h, "<tr><th style=\"text-align:left\">Configuration</th><td style=\"text-align:left\">");
    sb_printf(&t, "  bootstrap.servers = %s\n", bs);
    sb_puts(&h, "bootstrap.servers = ");
    sb_html(&h, bs, strlen(bs));
    for (size_t i = 0; i < sess->n; i++) {
        if (!strcmp(sess->items[i].key, "bootstrap.servers")) continue;
        char shown[1024];
        kafka_config_mask(sess->items[i].key, sess->items[i].value, shown, sizeof shown);
        sb_printf(&t, "  %s = %s\n", sess->items[i].key, shown);
        sb_puts(&h, "<br>");
        sb_html(&h, sess->items[i].key, strlen(sess->items[i].key));
        sb_puts(&h, " = ");
        sb_html(&h, shown, strlen(shown));
    }
    sb_puts(&t, "  (producers: acks=all, enable.idempotence=true unless set)\n");
    sb_puts(&h, "</td></tr></table>");
    out_display(&o, h.s, t.s);
    kafka_config_free(&sess_copy);
    kafka_cluster_info_free(&ci);
    free(t.s);
    free(h.s);
    return true;
}

/* ---- tables ---- */

typedef struct { int ncols; const char **head; char **cells; int nrows, cap; bool *right; } Table;

static void table_row(Table *t, char **cells) {
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = realloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof(char *));
    }
    memcpy(t->cells + (size_t)t->nrows * (size_t)t->ncols, cells, (size_t)t->ncols * sizeof(char *));
    t->nrows++;
}
static void table_free(Table *t) {
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++) free(t->cells[i]);
    free(t->cells);
}
/* Display width of UTF-8 text (code points). */
static size_t utf8_width(const char *s, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}
/* The first `max` code points of s (with "..." when cut), and newlines shown as \n. */
static char *text_cell(const char *s, size_t max) {
    StrBuf b = {0};
    size_t w = 0;
    for (size_t i = 0; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (w == max) { sb_puts(&b, "..."); break; }
            w++;
        }
        if (s[i] == '\n') sb_puts(&b, "\\n");
        else if (s[i] == '\t') sb_puts(&b, " ");
        else sb_add(&b, &s[i], 1);
    }
    return sb_take(&b);
}
static void table_show(Out *o, Table *t, const char *caption) {
    StrBuf h = {0}, x = {0};
    size_t *w = calloc((size_t)t->ncols, sizeof(size_t));
    char **tc = calloc((size_t)t->nrows * (size_t)t->ncols + 1, sizeof(char *));
    for (int c = 0; c < t->ncols; c++) w[c] = utf8_width(t->head[c], strlen(t->head[c]));
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            size_t i = (size_t)r * (size_t)t->ncols + (size_t)c;
            tc[i] = text_cell(t->cells[i] ? t->cells[i] : "null", 60);
            size_t cw = utf8_width(tc[i], strlen(tc[i]));
            if (cw > w[c]) w[c] = cw;
        }
    sb_puts(&h, "<table><thead><tr>");
    for (int c = 0; c < t->ncols; c++) {
        sb_printf(&h, "<th>%s</th>", t->head[c]);
        sb_printf(&x, "%s%-*s", c ? " | " : "", (int)w[c], t->head[c]);
    }
    sb_puts(&h, "</tr></thead><tbody>");
    sb_puts(&x, "\n");
    for (int c = 0; c < t->ncols; c++) {
        if (c) sb_puts(&x, "-+-");
        for (size_t k = 0; k < w[c]; k++) sb_puts(&x, "-");
    }
    sb_puts(&x, "\n");
    for (int r = 0; r < t->nrows; r++) {
        sb_puts(&h, "<tr>");
        for (int c = 0; c < t->ncols; c++) {
            size_t i = (size_t)r * (size_t)t->ncols + (size_t)c;
            const char *cell = t->cells[i];
            bool right = t->right && t->right[c];
            sb_printf(&h, "<td style=\"text-align:%s\">", right ? "right" : "left");
            if (cell) sb_html(&h, cell, strlen(cell));
            else sb_puts(&h, "<i>null</i>");
            sb_puts(&h, "</td>");
            size_t cw = utf8_width(tc[i], strlen(tc[i]));
            if (c) sb_puts(&x, " | ");
            if (right) for (size_t k = cw; k < w[c]; k++) sb_puts(&x, " ");
            sb_puts(&x, tc[i]);
            if (!right && c + 1 < t->ncols) for (size_t k = cw; k < w[c]; k++) sb_puts(&x, " ");
        }
        sb_puts(&h, "</tr>");
        sb_puts(&x, "\n");
    }
    sb_puts(&h, "</tbody></table>");
    if (caption) {
        sb_puts(&h, "<p>");
        sb_html(&h, caption, strlen(caption));
        sb_puts(&h, "</p>");
        sb_printf(&x, "%s\n", caption);
    }
    out_display(o, h.s, x.s);
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++) free(tc[i]);
    free(tc);
    free(w);
    free(h.s);
    free(x.s);
}
static char *fmt_ll(long long v) {
    char *s = NULL;
    if (asprintf(&s, "%lld", v) < 0) return NULL;
    return s;
}

/* ---- %topics, %topic ---- */

static bool run_topics(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    bool all = false;
    for (int i = 1; i < a->n; i++) {
        if (!strcmp(a->v[i], "--all")) all = true;
        else return usage(res, "%%topics [--all]  (unknown argument '%s')", a->v[i]);
    }
    kafka_admin *adm = session_admin(res);
    if (!adm) return true;
    kafka_topic_list l = {0};
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_admin_list_topics(adm, 1, &l, kafka_interp_check, o.I, &err);
    kafka_admin_free(adm);
    if (rc != 0) return kerror(res, &err);
    static const char *head[] = {"topic", "partitions", "replication", "messages"};
    static bool right[] = {false, true, true, true};
    Table t = {.ncols = 4, .head = head, .right = right};
    int shown = 0;
    for (size_t i = 0; i < l.n; i++) {
        kafka_topic_info *ti = &l.topics[i];
        if (ti->internal && !all) continue;
        char *row[4] = {strdup(ti->name), fmt_ll((long long)ti->npartitions), fmt_ll(ti->replication_factor),
                        ti->messages >= 0 ? fmt_ll(ti->messages) : strdup("?")};
        table_row(&t, row);
        shown++;
    }
    char cap[96];
    snprintf(cap, sizeof cap, "%d topic%s", shown, shown == 1 ? "" : "s");
    table_show(&o, &t, cap);
    table_free(&t);
    kafka_topic_list_free(&l);
    return true;
}

static char *ints_text(const int32_t *v, size_t n) {
    StrBuf b = {0};
    for (size_t i = 0; i < n; i++) sb_printf(&b, "%s%d", i ? "," : "", (int)v[i]);
    return sb_take(&b);
}

/* %topic create of a topic that exists: nothing to do when it has the partitions the cell asks
 * for (or the cell names none), as kafka-topics.sh --if-not-exists; a TopicExistsException
 * saying what differs else; with --if-not-exists never an error.  The replication factor is not
 * compared (the embedded broker keeps 3 replicas whatever was asked).  Returns false (err set)
 * when the cell must fail, else true with the line to print in *what.  A topic that metadata
 * does not show (one deleted on the embedded broker) keeps the broker's error. */
static bool topic_already_there(kafka_admin *adm, const char *name, long long parts, bool parts_asked, bool configs,
                                bool if_not_exists, Out *o, kafka_error *err, StrBuf *what) {
    kafka_topic_list l = {0};
    kafka_error derr;
    if (kafka_admin_describe_topic(adm, name, &l, kafka_interp_check, o->I, &derr) != 0 || l.n != 1) {
        kafka_topic_list_free(&l);
        return false;
    }
    long long have = (long long)l.topics[0].npartitions;
    kafka_topic_list_free(&l);
    bool differs = parts_asked && have != parts;
    if (differs && !if_not_exists) {
        kafka_error_set(err, RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS,
                        "Topic '%s' already exists with %lld partition%s, not the %lld this cell asks for: use it "
                        "as it is (ask for %lld, or add --if-not-exists), or %%topic delete %s and create it again",
                        name, have, have == 1 ? "" : "s", parts, have, name);
        return false;
    }
    sb_printf(what, "Topic %s already exists with %lld partition%s%s: nothing to do.\n", name, have, have == 1 ? "" : "s",
               differs ? " (not the number asked for; --if-not-exists keeps it)" :
               configs ? " (its configs are left as they are)" : "");
    return true;
}

static bool run_topic(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    const char *use = TOPIC_USAGE;
    if (a->n < 2) return usage(res, "%s", use);
    const char *verb = a->v[1];
    if (!strcmp(verb, "list")) {
        Args a2 = {0};
        return run_topics(I, &a2, res);
    }
    if (strcmp(verb, "create") && strcmp(verb, "describe") && strcmp(verb, "delete"))
        return usage(res, "unknown %%topic command '%s': %s", verb, use);
    if (a->n < 3 || a->v[2][0] == '-') return usage(res, "%%topic %s needs a topic name: %s", verb, use);
    const char *name = a->v[2];
    kafka_error err;
    kafka_error_clear(&err);
    if (!strcmp(verb, "create")) {
        long long parts = 1, rf = 1;
        bool parts_asked = false;
        kafka_config topic_cfg;
        kafka_config_init(&topic_cfg);
        for (int i = 3; i < a->n; i++) {
            const char *opt = a->v[i];
            const char *val = i + 1 < a->n ? a->v[i + 1] : NULL;
            if (!strcmp(opt, "--partitions") || !strcmp(opt, "-p")) {
                if (!parse_long(val, &parts) || parts < 1 || parts > 100000) { kafka_config_free(&topic_cfg); return usage(res, "--partitions needs a positive number, not '%s'", val ? val : ""); }
                parts_asked = true;
                i++;
            } else if (!strcmp(opt, "--replication-factor") || !strcmp(opt, "-r")) {
                if (!parse_long(val, &rf) || rf < 1 || rf > 32767) { kafka_config_free(&topic_cfg); return usage(res, "--replication-factor needs a positive number, not '%s'", val ? val : ""); }
                i++;
            } else if (!strcmp(opt, "--config")) {
                const char *eq = val ? strchr(val, '=') : NULL;
                if (!eq || eq == val) { kafka_config_free(&topic_cfg); return usage(res, "--config needs key=value, not '%s'", val ? val : ""); }
                char key[256];
                snprintf(key, sizeof key, "%.*s", (int)(eq - val), val);
                kafka_config_set(&topic_cfg, key, eq + 1);
                i++;
            } else if (!strcmp(opt, "--if-not-exists")) {
                kafka_config_set(&topic_cfg, "\x01if-not-exists", "1");
            } else { kafka_config_free(&topic_cfg); return usage(res, "unknown option '%s': %s", opt, use); }
        }
        bool if_not_exists = kafka_config_unset(&topic_cfg, "\x01if-not-exists");
        kafka_admin *adm = session_admin(res);
        if (!adm) { kafka_config_free(&topic_cfg); return true; }
        int rc = kafka_admin_create_topic(adm, name, (int)parts, (int)rf, topic_cfg.n ? &topic_cfg : NULL, kafka_interp_check, o.I, &err);
        StrBuf t = {0};
        if (rc != 0 && !strcmp(err.name, "TOPIC_ALREADY_EXISTS") &&
            topic_already_there(adm, name, parts, parts_asked, topic_cfg.n > 0, if_not_exists, &o, &err, &t))
            rc = 0;
        kafka_admin_free(adm);
        kafka_config_free(&topic_cfg);
        if (rc != 0) { free(t.s); return kerror(res, &err); }
        if (!t.s) sb_printf(&t, "Created topic %s.\n", name);
        out_text(&o, 1, t.s);
        free(t.s);
        return true;
    }
    if (a->n > 3) return usage(res, "%%topic %s takes only a topic name: %s", verb, use);
    kafka_admin *adm = session_admin(res);
    if (!adm) return true;
    if (!strcmp(verb, "delete")) {
        int rc = kafka_admin_delete_topic(adm, name, kafka_interp_check, o.I, &err);
        kafka_admin_free(adm);
        if (rc != 0) return kerror(res, &err);
        StrBuf t = {0};
        sb_printf(&t, "Deleted topic %s.\n", name);
        out_text(&o, 1, t.s);
        free(t.s);
        return true;
    }
    kafka_topic_list l = {0};
    int rc = kafka_admin_describe_topic(adm, name, &l, kafka_interp_check, o.I, &err);
    kafka_admin_free(adm);
    if (rc != 0) return kerror(res, &err);
    kafka_topic_info *ti = &l.topics[0];
    StrBuf head = {0};
    sb_printf(&head, "Topic: %s\tPartitionCount: %d\tReplicationFactor: %d\tMessages: %lld\n", ti->name,
               (int)ti->npartitions, ti->replication_factor, (long long)ti->messages);
    out_text(&o, 1, head.s);
    free(head.s);
    static const char *hd[] = {"partition", "leader", "replicas", "isr", "start offset", "end offset", "messages"};
    static bool right[] = {true, true, false, false, true, true, true};
    Table t = {.ncols = 7, .head = hd, .right = right};
    for (size_t i = 0; i < ti->npartitions; i++) {
        kafka_partition_info *p = &ti->partitions[i];
        char *row[7] = {fmt_ll(p->id), fmt_ll(p->leader), ints_text(p->replicas, p->nreplicas), ints_text(p->isr, p->nisr),
                        fmt_ll(p->low), fmt_ll(p->high), p->low >= 0 && p->high >= 0 ? fmt_ll(p->high - p->low) : strdup("?")};
        table_row(&t, row);
    }
    table_show(&o, &t, NULL);
    table_free(&t);
    kafka_topic_list_free(&l);
    return true;
}

/* ---- %%produce ---- */

static bool run_produce(Interp *I, const char *args, const char *body, CellResult *res) {
    Out o = out_for(I);
    Args a = split_args(args);
    const char *use = PRODUCE_USAGE;
    const char *topic = NULL, *sep = NULL;
    long long part = -1;
    for (int i = 0; i < a.n; i++) {
        const char *val = i + 1 < a.n ? a.v[i + 1] : NULL;
        if (!strcmp(a.v[i], "--key-separator") || !strcmp(a.v[i], "-K")) {
            if (!val || !*val) { args_free(&a); return usage(res, "--key-separator needs a separator: %s", use); }
            sep = val;
            i++;
        } else if (!strcmp(a.v[i], "--partition") || !strcmp(a.v[i], "-p")) {
            if (!parse_long(val, &part) || part < 0) { args_free(&a); return usage(res, "--partition needs a partition number, not '%s'", val ? val : ""); }
            i++;
        } else if (a.v[i][0] == '-') { bool r = usage(res, "unknown option '%s': %s", a.v[i], use); args_free(&a); return r; }
        else if (!topic) topic = a.v[i];
        else { bool r = usage(res, "one topic only ('%s'?): %s", a.v[i], use); args_free(&a); return r; }
    }
    if (!topic) { args_free(&a); return usage(res, "%s", use); }
    kafka_config cfg;
    if (!session_cfg(&cfg, res)) { args_free(&a); return true; }
    kafka_error err;
    kafka_error_clear(&err);
    kafka_producer *p = kafka_producer_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!p) { args_free(&a); return kerror(res, &err); }
    size_t blen = strlen(body);
    int64_t lines = 0;
    int rc = 0;
    for (const char *s = body; *s || (s == body && blen);) {
        size_t n = strcspn(s, "\n");
        size_t vn = n;
        if (vn && s[vn - 1] == '\r') vn--;
        const char *key = NULL, *val = s;
        size_t kl = 0, vl = vn;
        if (sep) {
            const char *hit = NULL;
            size_t sl = strlen(sep);
            for (size_t i = 0; i + sl <= vn && !hit; i++) if (!memcmp(s + i, sep, sl)) hit = s + i;
            if (hit) { key = s; kl = (size_t)(hit - s); val = hit + sl; vl = vn - kl - sl; }
        }
        rc = kafka_producer_send(p, topic, (int32_t)part, key, kl, val, vl, NULL, 0, NULL, NULL, kafka_interp_check, o.I, &err);
        if (rc != 0) break;
        lines++;
        s += n;
        if (*s == '\n') s++;
        if (!*s) break;
    }
    kafka_error ferr;
    kafka_error_clear(&ferr);
    int frc = rc == 0 ? kafka_producer_flush(p, -1, kafka_interp_check, o.I, &ferr) : 0;
    StrBuf t = {0};
    size_t nr;
    const kafka_partition_range *r = kafka_producer_ranges(p, &nr);
    kafka_producer_stats st;
    kafka_producer_stats_get(p, &st);
    sb_printf(&t, "Produced %lld record%s to %s", (long long)st.delivered, st.delivered == 1 ? "" : "s", topic);
    for (size_t i = 0; i < nr; i++) {
        if (r[i].first_offset == r[i].last_offset) sb_printf(&t, "%s partition %d: offset %lld", i ? "," : ":", (int)r[i].partition, (long long)r[i].first_offset);
        else sb_printf(&t, "%s partition %d: offsets %lld-%lld (%lld)", i ? "," : ":", (int)r[i].partition,
                        (long long)r[i].first_offset, (long long)r[i].last_offset, (long long)r[i].count);
    }
    sb_puts(&t, "\n");
    char summary[1400];
    kafka_producer_stats fin;
    int crc = kafka_producer_close(p, 10000, kafka_interp_check, o.I, &fin, summary, sizeof summary);
    out_text(&o, 1, t.s);
    free(t.s);
    args_free(&a);
    if (rc != 0) return kerror(res, &err);
    if (frc != 0) return kerror(res, &ferr);
    if (crc != 0) {
        set_error(res, kafka_exception_class(fin.first_error.name), summary);
        return true;
    }
    return true;
}

/* ---- %consume ---- */

typedef struct { const kafka_record *r; } RecRef;
static int cmp_rec(const void *a, const void *b) {
    const kafka_record *x = ((const RecRef *)a)->r, *y = ((const RecRef *)b)->r;
    if (x->timestamp != y->timestamp) return x->timestamp < y->timestamp ? -1 : 1;
    if (x->partition != y->partition) return x->partition < y->partition ? -1 : 1;
    return (x->offset > y->offset) - (x->offset < y->offset);
}

static char *fmt_ts(int64_t ms) {
    if (ms < 0) return strdup("");
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&s, &tm);
    char b[64];
    snprintf(b, sizeof b, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
    return strdup(b);
}
static char *bytes_text(const void *p, size_t n) {
    if (!p) return NULL;
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = 0;
    for (size_t i = 0; i < n; i++) if (!s[i]) s[i] = ' ';
    return s;
}

static bool run_consume(Interp *I, Args *a, CellResult *res) {
    Out o = out_for(I);
    const char *use = CONSUME_USAGE;
    const char *topic = NULL, *from = "earliest", *group = NULL;
    long long max = 20, part = -1, timeout = 5000;
    for (int i = 1; i < a->n; i++) {
        const char *opt = a->v[i], *val = i + 1 < a->n ? a->v[i + 1] : NULL;
        if (!strcmp(opt, "--from") || !strcmp(opt, "-o")) {
            if (!val) return usage(res, "--from needs earliest, latest, an offset or -N: %s", use);
            from = val;
            i++;
        } else if (!strcmp(opt, "--max") || !strcmp(opt, "-n")) {
            if (!parse_long(val, &max) || max < 1) return usage(res, "--max needs a positive number, not '%s'", val ? val : "");
            i++;
        } else if (!strcmp(opt, "--timeout")) {
            if (!val || (timeout = parse_duration(val)) < 0) return usage(res, "--timeout needs a duration like 5s or 500ms, not '%s'", val ? val : "");
            i++;
        } else if (!strcmp(opt, "--group") || !strcmp(opt, "-g")) {
            if (!val || !*val) return usage(res, "--group needs a group id: %s", use);
            group = val;
            i++;
        } else if (!strcmp(opt, "--partition") || !strcmp(opt, "-p")) {
            if (!parse_long(val, &part) || part < 0) return usage(res, "--partition needs a partition number, not '%s'", val ? val : "");
            i++;
        } else if (opt[0] == '-') return usage(res, "unknown option '%s': %s", opt, use);
        else if (!topic) topic = opt;
        else return usage(res, "one topic only ('%s'?): %s", opt, use);
    }
    if (!topic) return usage(res, "%s", use);
    int mode;   /* 0 earliest, 1 latest, 2 absolute, 3 tail */
    long long off = 0;
    if (!strcmp(from, "earliest") || !strcmp(from, "beginning")) mode = 0;
    else if (!strcmp(from, "latest") || !strcmp(from, "end")) mode = 1;
    else if (parse_long(from, &off)) mode = off < 0 ? 3 : 2;
    else return usage(res, "--from needs earliest, latest, an offset or -N, not '%s'", from);
    if (group && mode > 1) return usage(res, "with --group the start is the group's committed offset; --from can only be earliest or latest (for a group with no commit)");

    kafka_config cfg;
    if (!session_cfg(&cfg, res)) return true;
    if (group) {
        kafka_config_set(&cfg, "group.id", group);
        kafka_config_set(&cfg, "auto.offset.reset", mode == 1 ? "latest" : "earliest");
    }
    kafka_error err;
    kafka_error_clear(&err);
    kafka_batch_reader *r = kafka_batch_reader_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!r) return kerror(res, &err);
    const char *topics[] = {topic};
    kafka_tpo *tp = NULL;
    size_t n = 0;
    kafka_batch plan = {0}, got = {0};
    bool ok = false;
    if (kafka_batch_reader_partitions(r, topics, 1, group ? KAFKA_OFFSET_STORED : KAFKA_OFFSET_BEGINNING, &tp, &n, kafka_interp_check, o.I, &err) != 0)
        goto done;
    if (part >= 0) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) if (tp[i].partition == part) tp[k++] = tp[i];
        if (!k) { usage(res, "topic %s has no partition %lld (it has %zu)", topic, part, n); ok = true; goto done; }
        n = k;
    }
    /* the watermarks, then the starts */
    if (kafka_batch_reader_plan(r, tp, n, 0, kafka_interp_check, o.I, &plan, &err) != 0) goto done;
    for (size_t i = 0; i < n && i < plan.n; i++) {
        kafka_batch_partition *p = &plan.parts[i];
        tp[i].topic = topic;
        tp[i].partition = p->partition;
        if (group) tp[i].offset = p->from;
        else if (mode == 0) tp[i].offset = p->low;
        else if (mode == 1) tp[i].offset = p->high;
        else if (mode == 2) tp[i].offset = off < p->low ? p->low : off;
        else tp[i].offset = p->high + off < p->low ? p->low : p->high + off;
    }
    int64_t deadline_ms = timeout;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        kafka_batch_free(&got);
        if (kafka_batch_reader_read(r, tp, n, max, kafka_interp_check, o.I, &got, &err) != 0) goto done;
        if (got.total > 0) break;
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        int64_t el = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (el >= deadline_ms) break;
        for (int k = 0; k < 4; k++) {
            if (interp_interrupted(o.I)) { kafka_error_set(&err, RD_KAFKA_RESP_ERR__INTR, "interrupted"); goto done; }
            usleep(50000);
        }
    }
    {
        RecRef *all = malloc(((size_t)got.total + 1) * sizeof *all);
        size_t m = 0;
        for (size_t i = 0; i < got.n; i++)
            for (size_t j = 0; j < got.parts[i].records.n; j++) all[m++].r = &got.parts[i].records.items[j];
        qsort(all, m, sizeof *all, cmp_rec);
        if ((long long)m > max) m = (size_t)max;
        static const char *hd[] = {"partition", "offset", "timestamp", "key", "value"};
        static bool right[] = {true, true, false, false, false};
        Table t = {.ncols = 5, .head = hd, .right = right};
        for (size_t i = 0; i < m; i++) {
            const kafka_record *x = all[i].r;
            char *row[5] = {fmt_ll(x->partition), fmt_ll(x->offset), fmt_ts(x->timestamp), bytes_text(x->key, x->key_len),
                            bytes_text(x->value, x->value_len)};
            table_row(&t, row);
        }
        StrBuf cap = {0};
        sb_printf(&cap, "%zu record%s from %s", m, m == 1 ? "" : "s", topic);
        if (m == 0) sb_printf(&cap, " (none arrived within %lld ms)", timeout);
        if (group && m) {
            /* commit what was shown: for each partition, after its last shown record */
            kafka_tpo *c = calloc(got.n ? got.n : 1, sizeof *c);
            size_t nc = 0;
            for (size_t i = 0; i < m; i++) {
                const kafka_record *x = all[i].r;
                size_t k = 0;
                while (k < nc && c[k].partition != x->partition) k++;
                if (k == nc) c[nc++] = (kafka_tpo){topic, x->partition, x->offset + 1};
                else if (x->offset + 1 > c[k].offset) c[k].offset = x->offset + 1;
            }
            if (kafka_batch_reader_commit(r, c, nc, &err) != 0) sb_printf(&cap, "; could not commit for group %s: %s: %s", group, err.name, err.message);
            else sb_printf(&cap, "; committed for group %s", group);
            free(c);
        }
        table_show(&o, &t, cap.s);
        free(cap.s);
        table_free(&t);
        free(all);
        ok = true;
    }
done:
    if (!ok) kerror(res, &err);
    free(tp);
    kafka_batch_free(&plan);
    kafka_batch_free(&got);
    kafka_batch_reader_free(r);
    return true;
}

/* ---- the table's entry points ---- */

void magic_configure(Interp *I, const char *args, const char *body, CellResult *res) {
    run_configure(I, args, body, res);
}

void magic_produce(Interp *I, const char *args, const char *body, CellResult *res) {
    run_produce(I, args, body, res);
}

/* A line magic's words as its run_* function takes them: the name first, then the arguments. */
static void run_line(Interp *I, const char *name, const char *args, CellResult *res, bool (*run)(Interp *, Args *, CellResult *)) {
    Args a = split_args(args);
    a.v = realloc(a.v, (size_t)(a.n + 1) * sizeof(char *));
    memmove(a.v + 1, a.v, (size_t)a.n * sizeof(char *));
    a.v[0] = strdup(name);
    a.n++;
    a.cap = a.n;
    run(I, &a, res);
    args_free(&a);
}

void magic_kafka(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "kafka", args, res, run_kafka); }
void magic_topics(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "topics", args, res, run_topics); }
void magic_topic(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "topic", args, res, run_topic); }
void magic_consume(Interp *I, const char *args, const char *body, CellResult *res) { (void)body; run_line(I, "consume", args, res, run_consume); }

/* ---- completion ---- */

MagicArg magic_topic_first(int argi, char *const *argv) {
    (void)argv;
    return (MagicArg){argi == 0 ? MAGIC_ARG_TOPIC : MAGIC_ARG_NONE, NULL};
}

MagicArg magic_topic_complete(int argi, char *const *argv) {
    static const char *const verbs[] = {"create", "describe", "delete", "list", NULL};
    if (argi == 0) return (MagicArg){MAGIC_ARG_WORDS, verbs};
    if (argi == 1 && (!strcmp(argv[0], "describe") || !strcmp(argv[0], "delete"))) return (MagicArg){MAGIC_ARG_TOPIC, NULL};
    return (MagicArg){MAGIC_ARG_NONE, NULL};
}
