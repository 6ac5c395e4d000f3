/* magics_kafka_configure.c — %%configure [-f] {"conf": {...}}: kafka.* keys become the
 * session's client defaults (each checked by building a client configuration with it; a
 * secret given as "?" is asked for), spark.driver.memory sets the memory budget, the known
 * spark.* keys are applied, and the rest is listed as ignored with the reason. */
#include "magics_kafka_internal.h"

#include <jansson.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/spark.h"
#include "util/mem.h"
#include "util/strbuf.h"

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

void magic_configure(Interp *I, const char *args, const char *body, CellResult *res) {
    run_configure(I, args, body, res);
}
