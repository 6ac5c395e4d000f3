/* config.c — the key/value list, Java → librdkafka property mapping, and secret masking
 * (see config.h for the rules). */
#include "kafka/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the list ---- */

void kafka_config_init(kafka_config *c) { memset(c, 0, sizeof *c); }

void kafka_config_free(kafka_config *c) {
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].key);
        free(c->items[i].value);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

static kafka_kv *find(const kafka_config *c, const char *key) {
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].key, key) == 0) return &c->items[i];
    return NULL;
}

int kafka_config_set(kafka_config *c, const char *key, const char *value) {
    kafka_kv *kv = find(c, key);
    char *v = strdup(value ? value : "");
    if (!v) return -1;
    if (kv) {
        free(kv->value);
        kv->value = v;
        return 0;
    }
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        kafka_kv *ni = realloc(c->items, ncap * sizeof *ni);
        if (!ni) { free(v); return -1; }
        c->items = ni;
        c->cap = ncap;
    }
    char *k = strdup(key);
    if (!k) { free(v); return -1; }
    c->items[c->n].key = k;
    c->items[c->n].value = v;
    c->n++;
    return 0;
}

const char *kafka_config_get(const kafka_config *c, const char *key) {
    kafka_kv *kv = find(c, key);
    return kv ? kv->value : NULL;
}

int kafka_config_unset(kafka_config *c, const char *key) {
    kafka_kv *kv = find(c, key);
    if (!kv) return 0;
    free(kv->key);
    free(kv->value);
    size_t i = (size_t)(kv - c->items);
    memmove(&c->items[i], &c->items[i + 1], (c->n - i - 1) * sizeof *kv);
    c->n--;
    return 1;
}

int kafka_config_merge(kafka_config *dst, const kafka_config *src) {
    for (size_t i = 0; i < src->n; i++)
        if (kafka_config_set(dst, src->items[i].key, src->items[i].value) < 0) return -1;
    return 0;
}

int kafka_config_copy(kafka_config *dst, const kafka_config *src) {
    kafka_config_free(dst);
    return kafka_config_merge(dst, src);
}

/* ---- errors (shared helper, used by the whole layer) ---- */

void kafka_error_clear(kafka_error *e) {
    if (!e) return;
    e->code = 0;
    e->unreachable = false;
    e->name[0] = 0;
    e->message[0] = 0;
}

int kafka_error_set(kafka_error *e, int code, const char *fmt, ...) {
    if (!e) return -1;
    e->code = code;
    e->unreachable = false;
    snprintf(e->name, sizeof e->name, "%s", rd_kafka_err2name((rd_kafka_resp_err_t)code));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- mapping ---- */

/* Java names that librdkafka spells differently (same meaning and unit). */
static const struct { const char *java, *rdk; } renames[] = {
    {"max.request.size", "message.max.bytes"},
    {"fetch.max.wait.ms", "fetch.wait.max.ms"},
    {"receive.buffer.bytes", "socket.receive.buffer.bytes"},
    {"send.buffer.bytes", "socket.send.buffer.bytes"},
    {"sasl.mechanism", "sasl.mechanisms"},
};

static int is_serializer_key(const char *k) {
    return !strcmp(k, "key.serializer") || !strcmp(k, "value.serializer") ||
           !strcmp(k, "key.deserializer") || !strcmp(k, "value.deserializer");
}

/* Accepts org.apache.kafka.common.serialization.{String,ByteArray}{Serializer,Deserializer},
 * with or without the package, or "class …" / "classOf[…]" wrappings. */
static int is_supported_serde(const char *v) {
    const char *dot = strrchr(v, '.');
    const char *base = dot ? dot + 1 : v;
    static const char *ok[] = {"StringSerializer", "StringDeserializer", "ByteArraySerializer",
                               "ByteArrayDeserializer"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t n = strlen(ok[i]);
        if (!strncmp(base, ok[i], n) && (base[n] == 0 || base[n] == ']')) return 1;
    }
    return 0;
}

/* Finds NAME="value" (or NAME='value') in a JAAS line; copies value to out. 1 if found. */
static int jaas_field(const char *jaas, const char *name, char *out, size_t n) {
    size_t ln = strlen(name);
    for (const char *p = jaas; (p = strstr(p, name)) != NULL; p += ln) {
        if (p > jaas && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) continue;
        const char *q = p + ln;
        while (*q == ' ' || *q == '\t') q++;
        if (*q != '=') continue;
        q++;
        while (*q == ' ' || *q == '\t') q++;
        char quote = *q;
        if (quote != '"' && quote != '\'') continue;
        /* A quoted string; a backslash escapes the next character (as in JAAS files). */
        size_t o = 0;
        for (q++; *q && *q != quote; q++) {
            if (*q == '\\' && q[1]) q++;
            if (o + 1 < n) out[o++] = *q;
        }
        out[o] = 0;
        return *q == quote;
    }
    return 0;
}

static int parse_int(const char *s, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    while (*end == ' ') end++;
    if (errno || end == s || *end) return -1;
    *out = v;
    return 0;
}

static const char *assignor_name(const char *v) {
    /* Java assignor classes → librdkafka names; a comma list is converted item by item by the
     * caller only for the common single-class case. */
    if (strstr(v, "CooperativeStickyAssignor")) return "cooperative-sticky";
    if (strstr(v, "RoundRobinAssignor")) return "roundrobin";
    if (strstr(v, "RangeAssignor")) return "range";
    if (strstr(v, "StickyAssignor")) return NULL; /* eager sticky: librdkafka has none */
    return v;
}

#define SETOUT(k, v)                                                                  \
    do {                                                                              \
        if (kafka_config_set(out, (k), (v)) < 0)                                      \
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__NOENT, "out of memory");   \
    } while (0)

int kafka_config_translate(const kafka_config *in, kafka_role role, kafka_config *out,
                           kafka_settings *settings, kafka_error *err) {
    kafka_error_clear(err);
    kafka_config_free(out);
    kafka_settings s = {KAFKA_DEFAULT_TIMEOUT_MS, KAFKA_DEFAULT_MAX_POLL_RECORDS};
    int user_acks_weak = 0;

    if (role == KAFKA_ROLE_PRODUCER) {
        SETOUT("acks", "all");
        SETOUT("enable.idempotence", "true");
        SETOUT("partitioner", "murmur2_random");
    }
    if (role == KAFKA_ROLE_ADMIN) SETOUT("allow.auto.create.topics", "false");

    for (size_t i = 0; i < in->n; i++) {
        const char *k = in->items[i].key, *v = in->items[i].value;
        if (is_serializer_key(k)) {
            if (!is_supported_serde(v))
                return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                       "%s '%s' is not supported: only String and ByteArray "
                                       "(de)serializers (org.apache.kafka.common.serialization."
                                       "StringSerializer, ByteArraySerializer, …) are",
                                       k, v);
            continue;
        }
        if (!strcmp(k, "max.block.ms") || !strcmp(k, "default.api.timeout.ms")) {
            long t;
            if (parse_int(v, &t) < 0 || t < 1 || t > 3600000)
                return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                       "invalid value for '%s': '%s' (milliseconds, 1..3600000)", k, v);
            s.timeout_ms = (int)t;
            continue;
        }
        if (!strcmp(k, "max.poll.records")) {
            long t;
            if (parse_int(v, &t) < 0 || t < 1 || t > 100000000)
                return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                       "invalid value for 'max.poll.records': '%s' (a positive integer)", v);
            s.max_poll_records = (int)t;
            continue;
        }
        if (!strncmp(k, "ssl.truststore.", 15))
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                   "'%s' is a Java trust store setting; librdkafka reads PEM files: "
                                   "set 'ssl.ca.location' to the CA certificate in PEM format instead "
                                   "(e.g. keytool -exportcert -rfc -keystore truststore.jks > ca.pem)",
                                   k);
        if (!strcmp(k, "ssl.keystore.type") && strcasecmp(v, "PKCS12") != 0)
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                   "ssl.keystore.type '%s' is not supported: librdkafka reads a PKCS12 "
                                   "ssl.keystore.location, or PEM files via ssl.certificate.location "
                                   "and ssl.key.location", v);
        if (!strcmp(k, "ssl.keystore.type")) continue;
        if (!strcmp(k, "sasl.jaas.config")) {
            char user[512], pass[512];
            int hu = jaas_field(v, "username", user, sizeof user);
            int hp = jaas_field(v, "password", pass, sizeof pass);
            if (!hu || !hp)
                return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                       "sasl.jaas.config: expected username=\"…\" and password=\"…\" "
                                       "(PlainLoginModule or ScramLoginModule); set sasl.username and "
                                       "sasl.password directly for other mechanisms");
            SETOUT("sasl.username", user);
            SETOUT("sasl.password", pass);
            continue;
        }
        if (!strcmp(k, "request.timeout.ms")) {
            /* librdkafka: a producer (topic) property; for consumers/admin the socket timeout. */
            SETOUT(role == KAFKA_ROLE_PRODUCER ? "request.timeout.ms" : "socket.timeout.ms", v);
            continue;
        }
        if (!strcmp(k, "buffer.memory")) {
            long long b;
            char *end;
            b = strtoll(v, &end, 10);
            if (end == v || *end || b < 1024)
                return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                       "invalid value for 'buffer.memory': '%s' (bytes, at least 1024)", v);
            char kb[32];
            snprintf(kb, sizeof kb, "%lld", b / 1024);
            SETOUT("queue.buffering.max.kbytes", kb);
            continue;
        }
        if (!strcmp(k, "auto.offset.reset") && !strcasecmp(v, "none")) {
            SETOUT(k, "error");
            continue;
        }
        if (!strcmp(k, "ssl.endpoint.identification.algorithm") && v[0] == 0) {
            SETOUT(k, "none");
            continue;
        }
        if (!strcmp(k, "partition.assignment.strategy")) {
            const char *a = assignor_name(v);
            if (!a)
                return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                       "partition.assignment.strategy '%s' is not supported: use "
                                       "RangeAssignor, RoundRobinAssignor or CooperativeStickyAssignor", v);
            SETOUT(k, a);
            continue;
        }
        if (!strcmp(k, "partitioner.class")) {
            if (strstr(v, "DefaultPartitioner") || strstr(v, "BuiltInPartitioner")) {
                SETOUT("partitioner", "murmur2_random");
                continue;
            }
            if (strstr(v, "RoundRobinPartitioner")) {
                SETOUT("partitioner", "random");
                continue;
            }
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                   "partitioner.class '%s' is not supported (custom Java classes cannot "
                                   "run here); librdkafka's 'partitioner' accepts murmur2_random, "
                                   "consistent_random, random, …", v);
        }
        if (!strcmp(k, "interceptor.classes") || !strcmp(k, "metric.reporters"))
            return kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                                   "'%s' names Java classes, which cannot run in this kernel", k);
        if (!strcmp(k, "acks") && (!strcmp(v, "0") || !strcmp(v, "1"))) user_acks_weak = 1;
        const char *name = k;
        for (size_t j = 0; j < sizeof renames / sizeof renames[0]; j++)
            if (!strcmp(k, renames[j].java)) name = renames[j].rdk;
        SETOUT(name, v);
    }
    /* Java: idempotence is on by default unless acks/retries/in-flight settings conflict. */
    if (role == KAFKA_ROLE_PRODUCER && user_acks_weak && !kafka_config_get(in, "enable.idempotence"))
        SETOUT("enable.idempotence", "false");
    if (settings) *settings = s;
    return 0;
}

void *kafka_config_build(const kafka_config *in, kafka_role role, kafka_settings *settings,
                         kafka_error *err) {
    kafka_config tr;
    kafka_config_init(&tr);
    if (kafka_config_translate(in, role, &tr, settings, err) < 0) {
        kafka_config_free(&tr);
        return NULL;
    }
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char es[512];
    for (size_t i = 0; i < tr.n; i++) {
        const char *k = tr.items[i].key, *v = tr.items[i].value;
        rd_kafka_conf_res_t r = rd_kafka_conf_set(conf, k, v, es, sizeof es);
        if (r == RD_KAFKA_CONF_UNKNOWN) {
            kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                            "unknown Kafka configuration property '%s' (neither a Java client "
                            "property this kernel maps nor a librdkafka property)", k);
            goto fail;
        }
        if (r != RD_KAFKA_CONF_OK) {
            char shown[256];
            kafka_config_mask(k, v, shown, sizeof shown);
            kafka_error_set(err, RD_KAFKA_RESP_ERR__INVALID_ARG,
                            "invalid value for Kafka property '%s': '%s' (%s)", k, shown, es);
            goto fail;
        }
    }
    kafka_config_free(&tr);
    return conf;
fail:
    kafka_config_free(&tr);
    rd_kafka_conf_destroy(conf);
    return NULL;
}

/* ---- secrets ---- */

static int contains_ci(const char *s, const char *word) {
    size_t n = strlen(word);
    for (; *s; s++)
        if (!strncasecmp(s, word, n)) return 1;
    return 0;
}

int kafka_config_is_secret(const char *key) {
    return contains_ci(key, "password") || contains_ci(key, "secret") ||
           !strcmp(key, "ssl.key.pem") || !strcmp(key, "ssl_key") ||
           !strcmp(key, "sasl.oauthbearer.config");
}

char *kafka_config_mask(const char *key, const char *value, char *out, size_t n) {
    if (!n) return out;
    if (!value) value = "";
    if (kafka_config_is_secret(key)) {
        snprintf(out, n, "********");
        return out;
    }
    if (strcmp(key, "sasl.jaas.config") != 0) {
        snprintf(out, n, "%s", value);
        return out;
    }
    /* Copy, replacing the contents of every password="…" / password='…'. */
    size_t o = 0;
    const char *p = value;
    while (*p && o + 1 < n) {
        if (!strncasecmp(p, "password", 8) && (p == value || !isalnum((unsigned char)p[-1]))) {
            const char *q = p + 8;
            while (*q == ' ') q++;
            if (*q == '=') {
                q++;
                while (*q == ' ') q++;
                if (*q == '"' || *q == '\'') {
                    char quote = *q;
                    const char *end = q + 1;
                    while (*end && *end != quote) end += (*end == '\\' && end[1]) ? 2 : 1;
                    if (!*end) end = NULL;
                    int w = snprintf(out + o, n - o, "password=%c********%c", quote, quote);
                    if (w < 0 || (size_t)w >= n - o) { o = n - 1; break; }
                    o += (size_t)w;
                    p = end ? end + 1 : q + strlen(q);
                    continue;
                }
            }
        }
        out[o++] = *p++;
    }
    out[o] = 0;
    return out;
}
