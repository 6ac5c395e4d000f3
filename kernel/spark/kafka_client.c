/* kafka_client.c — the Kafka client classes as cells see them, with the names of Kafka's Java
 * client: KafkaProducer, ProducerRecord, RecordMetadata, the Future send returns, KafkaConsumer,
 * ConsumerRecords, ConsumerRecord, TopicPartition, OffsetAndMetadata, the ProducerConfig /
 * ConsumerConfig / CommonClientConfigs / SaslConfigs / SslConfigs constants, classOf (with Kafka's
 * serializer classes), KafkaSecrets.prompt; and the session's Kafka settings
 * (%%configure kafka.*, the brokers in use), shared with the direct stream and the magics.
 *
 * Threads: every method runs on the thread evaluating the cell (or a batch) with the interpreter
 * lock held.  Delivery reports are served by kernel/kafka in the thread that calls send, flush,
 * poll or close — this one — and Scala callbacks are queued there and run after the Kafka call
 * returns, so an exception in a callback unwinds the cell normally.
 *
 * Failures are never silent (docs/kafka.md, "From cells"): a failed delivery goes to the send's
 * callback if it has one (and to its Future); otherwise the next send or flush throws it, and
 * close() throws "N delivered, M failed" if anything failed during the producer's life. */
#include "spark/kafka_client.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/consumer.h"
#include "kafka/embedded.h"
#include "kafka/producer.h"
#include "spark/java_util.h"
#include "spark/spark.h"
#include "spark/streaming.h"

#define M(n, f, lo, hi, sig, doc) {n, f, lo, hi, sig, doc}
#define NMETHODS(t) ((int)(sizeof t / sizeof t[0]))
#define KAFKA_DOC "https://kafka.apache.org/39/javadoc/org/apache/kafka/"

/* ---- the session's settings ---- */

static kafka_config session_cfg;

void kafka_session_set(const char *key, const char *value) {
    if (value) kafka_config_set(&session_cfg, key, value);
    else kafka_config_unset(&session_cfg, key);
}
const kafka_config *kafka_session_defaults(void) { return &session_cfg; }
void kafka_session_clear(void) { kafka_config_free(&session_cfg); kafka_config_init(&session_cfg); }

static const char *nonempty(const char *s) {
    if (!s) return NULL;
    while (*s == ' ' || *s == '\t') s++;
    return *s ? s : NULL;
}

static const char *configured_brokers(const kafka_config *user, const char **source) {
    const char *bs;
    if (user && (bs = nonempty(kafka_config_get(user, "bootstrap.servers")))) { *source = "properties"; return bs; }
    if ((bs = nonempty(kafka_config_get(&session_cfg, "bootstrap.servers")))) { *source = "%%configure"; return bs; }
    if ((bs = nonempty(getenv("KAFKA_BOOTSTRAP_SERVERS")))) { *source = "KAFKA_BOOTSTRAP_SERVERS"; return bs; }
    return NULL;
}

int kafka_session_uses_embedded(const kafka_config *user) {
    const char *src;
    return configured_brokers(user, &src) == NULL;
}

int kafka_session_bootstrap(const kafka_config *user, char *out, size_t n, const char **source,
                            kafka_error *err) {
    const char *src = NULL;
    const char *bs = configured_brokers(user, &src);
    if (bs) {
        snprintf(out, n, "%s", bs);
        if (source) *source = src;
        return 0;
    }
    char why[512];
    if (embedded_broker_ensure(out, n, why, sizeof why) != 0)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__TRANSPORT,
                               "no brokers are configured (kafka.bootstrap.servers, KAFKA_BOOTSTRAP_SERVERS) "
                               "and the embedded broker could not start: %s", why);
    if (source) *source = "embedded broker";
    return 0;
}

int kafka_session_config(const kafka_config *user, kafka_config *out, kafka_error *err) {
    kafka_config_init(out);
    char bs[2048];
    if (kafka_session_bootstrap(user, bs, sizeof bs, NULL, err) != 0) return -1;
    kafka_config_merge(out, &session_cfg);
    if (user) kafka_config_merge(out, user);
    kafka_config_set(out, "bootstrap.servers", bs);
    return 0;
}

/* ---- errors ---- */

int kafka_interp_check(void *ud) { return interp_interrupted((Interp *)ud); }

static const struct { const char *name, *cls; } exc_map[] = {
    {"UNKNOWN_TOPIC_OR_PART", "UnknownTopicOrPartitionException"},
    {"_UNKNOWN_TOPIC", "UnknownTopicOrPartitionException"},
    {"_UNKNOWN_PARTITION", "UnknownTopicOrPartitionException"},
    {"TOPIC_AUTHORIZATION_FAILED", "TopicAuthorizationException"},
    {"GROUP_AUTHORIZATION_FAILED", "GroupAuthorizationException"},
    {"CLUSTER_AUTHORIZATION_FAILED", "ClusterAuthorizationException"},
    {"TRANSACTIONAL_ID_AUTHORIZATION_FAILED", "TransactionalIdAuthorizationException"},
    {"MSG_SIZE_TOO_LARGE", "RecordTooLargeException"},
    {"_MSG_SIZE_TOO_LARGE", "RecordTooLargeException"},
    {"MESSAGE_TOO_LARGE", "RecordTooLargeException"},
    {"RECORD_LIST_TOO_LARGE", "RecordBatchTooLargeException"},
    {"_TIMED_OUT", "TimeoutException"},
    {"REQUEST_TIMED_OUT", "TimeoutException"},
    {"_MSG_TIMED_OUT", "TimeoutException"},
    {"TOPIC_ALREADY_EXISTS", "TopicExistsException"},
    {"INVALID_REPLICATION_FACTOR", "InvalidReplicationFactorException"},
    {"INVALID_PARTITIONS", "InvalidPartitionsException"},
    {"TOPIC_EXCEPTION", "InvalidTopicException"},
    {"INVALID_TOPIC_EXCEPTION", "InvalidTopicException"},
    {"INVALID_CONFIG", "InvalidConfigurationException"},
    {"POLICY_VIOLATION", "PolicyViolationException"},
    {"OFFSET_OUT_OF_RANGE", "OffsetOutOfRangeException"},
    {"_AUTO_OFFSET_RESET", "NoOffsetForPartitionException"},
    {"SASL_AUTHENTICATION_FAILED", "SaslAuthenticationException"},
    {"_AUTHENTICATION", "AuthenticationException"},
    {"_SSL", "SslAuthenticationException"},
    {"UNSUPPORTED_VERSION", "UnsupportedVersionException"},
    {"_UNSUPPORTED_FEATURE", "UnsupportedVersionException"},
    {"_TRANSPORT", "NetworkException"},
    {"NETWORK_EXCEPTION", "NetworkException"},
    {"NOT_LEADER_FOR_PARTITION", "NotLeaderOrFollowerException"},
    {"NOT_ENOUGH_REPLICAS", "NotEnoughReplicasException"},
    {"UNKNOWN_MEMBER_ID", "UnknownMemberIdException"},
    {"REBALANCE_IN_PROGRESS", "RebalanceInProgressException"},
    {"INVALID_GROUP_ID", "InvalidGroupIdException"},
    {"_STATE", "IllegalStateException"},
    {"_INVALID_ARG", "ConfigException"},
    {"_PURGE_QUEUE", "TimeoutException"},
    {"_PURGE_INFLIGHT", "TimeoutException"},
    {"OUT_OF_ORDER_SEQUENCE_NUMBER", "OutOfOrderSequenceException"},
    {"_FENCED", "ProducerFencedException"},
};

const char *kafka_exception_class(const char *name) {
    static __thread char buf[160];
    for (size_t i = 0; i < sizeof exc_map / sizeof exc_map[0]; i++) {
        if (strcmp(exc_map[i].name, name)) continue;
        const char *c = exc_map[i].cls;
        if (!strcmp(c, "IllegalStateException")) return "java.lang.IllegalStateException";
        if (!strcmp(c, "ConfigException")) return "org.apache.kafka.common.config.ConfigException";
        snprintf(buf, sizeof buf, "org.apache.kafka.common.errors.%s", c);
        return buf;
    }
    return "org.apache.kafka.common.KafkaException";
}

/* Unwinds as an interrupt (the evaluator's own way), else raises InterruptedException. */
static bool throw_interrupt(Interp *I) {
    if (!interp_sleep_ms(I, 0)) return false;
    return interp_throw(I, "java.lang.InterruptedException", "interrupted");
}

bool kafka_throw(Interp *I, const kafka_error *e) {
    if (!strcmp(e->name, "_INTR")) return throw_interrupt(I);
    const char *cls = kafka_exception_class(e->name);
    size_t nl = strlen(e->name);
    if (!strncmp(e->message, e->name, nl) && e->message[nl] == ':') return interp_throw(I, cls, "%s", e->message);
    return interp_throw(I, cls, "%s: %s", e->name, e->message);
}

/* ---- small helpers ---- */

static bool arg_int_or_null(Call *c, int i, int32_t *out, bool *is_null) {
    Value v = c->argv[i];
    *is_null = v.t == T_NULL;
    if (*is_null) return true;
    int64_t x;
    if (!arg_long(c, i, &x)) return false;
    *out = (int32_t)x;
    return true;
}

/* Strings of a collection (java.util.List, Seq, Array, Set) or of one String. malloc'd array of
 * malloc'd strings.  False with an exception. */
static bool string_list(Interp *I, Value v, const char *what, char ***out, size_t *n) {
    if (v.t == T_STR) {
        *out = malloc(sizeof(char *));
        (*out)[0] = strdup(as_str(v)->s);
        *n = 1;
        return true;
    }
    Value *items;
    size_t k;
    if (!interp_iter_items(I, v, &items, &k))
        return interp_throw(I, "java.lang.IllegalArgumentException", "%s must be a collection of Strings", what);
    char **s = malloc((k ? k : 1) * sizeof(char *));
    for (size_t i = 0; i < k; i++) {
        if (items[i].t != T_STR) {
            for (size_t j = 0; j < i; j++) free(s[j]);
            free(s);
            char *tn = val_type_name(I, items[i]);
            interp_free_items(items, k);
            bool r = interp_throw(I, "java.lang.IllegalArgumentException", "%s must be Strings, not %s", what, tn);
            free(tn);
            return r;
        }
        s[i] = strdup(as_str(items[i])->s);
    }
    interp_free_items(items, k);
    *out = s;
    *n = k;
    return true;
}
static void free_strings(char **s, size_t n) {
    for (size_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

/* ---- java.lang.Class (classOf) ---- */

static const char *const serde_names[] = {
    "StringSerializer", "StringDeserializer", "ByteArraySerializer", "ByteArrayDeserializer",
    "IntegerSerializer", "IntegerDeserializer", "LongSerializer", "LongDeserializer",
    "DoubleSerializer", "DoubleDeserializer", "ByteBufferSerializer", "ByteBufferDeserializer",
    "BytesSerializer", "BytesDeserializer", "VoidSerializer", "VoidDeserializer", NULL};

extern HostClass jclass_class;
static char *jclass_str(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "class %s", d ? (const char *)d : "<unknown>") < 0) return NULL;
    return s;
}
static Value jclass_new(const char *name) {
    char q[256];
    snprintf(q, sizeof q, "%s", name);
    if (!strchr(name, '.'))
        for (int i = 0; serde_names[i]; i++)
            if (!strcmp(serde_names[i], name)) snprintf(q, sizeof q, "org.apache.kafka.common.serialization.%s", name);
    return host_new(&jclass_class, strdup(q));
}
static bool jclass_getname(Call *c, Value *out) {
    const char *n = as_host(c->self)->data;
    if (!n)
        return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                            "classOf[T]: this kernel does not know T here; write the class name as a String, "
                            "e.g. \"org.apache.kafka.common.serialization.StringSerializer\"");
    if (!strcmp(c->name, "getSimpleName")) {
        const char *d = strrchr(n, '.');
        *out = str_cstr(d ? d + 1 : n);
    } else *out = str_cstr(n);
    return true;
}
static bool jclass_apply(Call *c, Value *out) {
    const char *n;
    if (!arg_string(c, 0, &n)) return false;
    *out = jclass_new(n);
    return true;
}
static const MethodDef jclass_methods[] = {
    M("getName", jclass_getname, 0, 0, "def getName(): String", "The class's fully qualified name."),
    M("getCanonicalName", jclass_getname, 0, 0, "def getCanonicalName(): String", "The class's fully qualified name."),
    M("getSimpleName", jclass_getname, 0, 0, "def getSimpleName(): String", "The class's simple name."),
    M("apply", jclass_apply, 1, 1, "def apply(name: String): Class[_]", "The class named name (classOf[StringSerializer] is classOf(\"StringSerializer\"))."),
};
HostClass jclass_class = {.name = "Class", .qualified = "java.lang.Class",
                          .doc = "A Java class, as classOf[T] gives it (Kafka settings take serializer classes).",
                          .methods = jclass_methods, .nmethods = NMETHODS(jclass_methods),
                          .finalize = free, .to_string = jclass_str};

/* ---- properties → kafka_config ---- */

static char *prompt_secret(Interp *I, const char *role, const char *key) {
    const InterpHooks *h = interp_hooks(I);
    char prompt[300];
    snprintf(prompt, sizeof prompt, "%s%s%s: ", role ? role : "", role ? " " : "", key);
    return h->read_line ? h->read_line(h->ud, prompt, true) : NULL;
}

static bool no_input(Interp *I, const char *key) {
    if (interp_interrupted(I)) return throw_interrupt(I);
    return interp_throw(I, "java.io.IOException", "no input available for %s: this frontend does not allow "
                        "stdin (set the value instead of \"?\")", key);
}

/* The string for a property value; NULL (and no exception) for null. */
static bool prop_value(Interp *I, const char *key, Value v, char **out) {
    *out = NULL;
    switch ((VType)v.t) {
    case T_NULL: case T_UNIT: case T_NONE: return true;
    case T_STR: *out = strdup(as_str(v)->s); return true;
    case T_SOME: return prop_value(I, key, as_some(v)->v, out);
    case T_HOST:
        if (as_host(v)->cls == &jclass_class) {
            const char *n = as_host(v)->data;
            if (n) { *out = strdup(n); return true; }
            /* classOf[T] without T (the evaluator drops type arguments): a (de)serializer is
             * taken as the String one, which is what records are here */
            size_t kl = strlen(key);
            if (kl > 10 && !strcmp(key + kl - 10, "serializer")) {
                *out = strdup(strstr(key, "deserializer") ? "org.apache.kafka.common.serialization.StringDeserializer"
                                                          : "org.apache.kafka.common.serialization.StringSerializer");
                return true;
            }
            return interp_throw(I, "org.apache.kafka.common.config.ConfigException",
                                "Invalid value classOf[…] for configuration %s: write the class name as a String", key);
        }
        break;
    case T_SEQ: case T_SET: {   /* a List of servers, as Java accepts for bootstrap.servers */
        Value *items;
        size_t n;
        if (!interp_iter_items(I, v, &items, &n)) break;
        size_t cap = 1;
        char **parts = malloc((n ? n : 1) * sizeof(char *));
        for (size_t i = 0; i < n; i++) { parts[i] = val_to_string(I, items[i]); cap += strlen(parts[i]) + 1; }
        char *s = malloc(cap);
        s[0] = 0;
        for (size_t i = 0; i < n; i++) { if (i) strcat(s, ","); strcat(s, parts[i]); free(parts[i]); }
        free(parts);
        interp_free_items(items, n);
        *out = s;
        return true;
    }
    default: break;
    }
    *out = val_to_string(I, v);
    return true;
}

bool kafka_props_from_value(Interp *I, Value props, const char *role, kafka_config *out) {
    kafka_config_init(out);
    if (props.t == T_NULL || props.t == T_UNIT) return true;
    Value *items;
    size_t n;
    if (props.t != T_MAP || !interp_iter_items(I, props, &items, &n)) {
        char *tn = val_type_name(I, props);
        bool r = interp_throw(I, "org.apache.kafka.common.config.ConfigException",
                              "%s needs its settings as a java.util.Properties, java.util.HashMap or Scala Map, not %s",
                              role, tn);
        free(tn);
        return r;
    }
    for (size_t i = 0; i < n; i++) {
        Value kv = items[i];
        if (kv.t != T_TUPLE || as_tuple(kv)->n != 2) continue;
        Value k = as_tuple(kv)->items[0], v = as_tuple(kv)->items[1];
        char *key = k.t == T_STR ? strdup(as_str(k)->s) : val_to_string(I, k);
        char *val;
        if (!prop_value(I, key, v, &val)) { free(key); goto fail; }
        if (val && kafka_config_is_secret(key) && !strcmp(val, "?")) {
            free(val);
            val = prompt_secret(I, role, key);
            if (!val) { no_input(I, key); free(key); goto fail; }
        } else if (val && !strcmp(key, "sasl.jaas.config") && strstr(val, "password=\"?\"")) {
            char *pw = prompt_secret(I, role, "sasl.jaas.config password");
            if (!pw) { free(val); no_input(I, key); free(key); goto fail; }
            char *at = strstr(val, "password=\"?\"");
            char *nv = NULL;
            if (asprintf(&nv, "%.*spassword=\"%s\"%s", (int)(at - val), val, pw, at + 12) < 0) nv = NULL;
            memset(pw, 0, strlen(pw));
            free(pw);
            free(val);
            val = nv;
        }
        if (val) kafka_config_set(out, key, val);
        free(key);
        free(val);
    }
    interp_free_items(items, n);
    return true;
fail:
    interp_free_items(items, n);
    kafka_config_free(out);
    return false;
}

/* ---- bytes of keys and values ---- */

bool kafka_value_bytes(Interp *I, Value v, const void **data, size_t *len, char **tmp) {
    *tmp = NULL;
    if (v.t == T_NULL || v.t == T_UNIT) { *data = NULL; *len = 0; return true; }
    if (v.t == T_STR) { *data = as_str(v)->s; *len = as_str(v)->len; return true; }
    if (v.t == T_SEQ && as_seq(v)->kind == SEQ_ARRAY) {   /* Array[Byte] */
        SeqObj *s = as_seq(v);
        bool bytes = true;
        for (size_t i = 0; i < s->len && bytes; i++) bytes = s->items[i].t == T_INT;
        if (bytes) {
            char *b = malloc(s->len + 1);
            for (size_t i = 0; i < s->len; i++) b[i] = (char)s->items[i].u.i;
            b[s->len] = 0;
            *tmp = b;
            *data = b;
            *len = s->len;
            return true;
        }
    }
    char *s = val_to_string(I, v);
    *tmp = s;
    *data = s;
    *len = strlen(s);
    return true;
}

/* ---- KafkaSecrets ---- */

static bool secrets_prompt(Call *c, Value *out) {
    const char *name = "password";
    if (c->argc && !arg_string(c, 0, &name)) return false;
    char *s = prompt_secret(c->I, NULL, name);
    if (!s) return no_input(c->I, name);
    *out = str_take(s);
    return true;
}
static bool secrets_session(Call *c, Value *out) {
    const char *name;
    if (!arg_string(c, 0, &name)) return false;
    const char *key = !strncmp(name, "kafka.", 6) ? name + 6 : name;
    char *s = prompt_secret(c->I, "%%configure", key);
    if (!s) return no_input(c->I, key);
    kafka_session_set(key, s);
    memset(s, 0, strlen(s));
    free(s);
    *out = v_unit();
    return true;
}
static const MethodDef secrets_methods[] = {
    M("prompt", secrets_prompt, 0, 1, "def prompt(name: String): String",
      "Asks for a secret with a password prompt (the input box hides it) and returns it; e.g. "
      "props.put(\"sasl.password\", KafkaSecrets.prompt(\"sasl.password\")). A property whose value is \"?\" is asked for the same way."),
    M("setSession", secrets_session, 1, 1, "def setSession(key: String): Unit",
      "Asks for a secret and keeps it as a session default for every client (like %%configure kafka.KEY), e.g. KafkaSecrets.setSession(\"sasl.password\")."),
};
static HostClass secrets_obj = {.name = "KafkaSecrets$", .qualified = "KafkaSecrets",
                                .doc = "Secrets without typing them into a cell: KafkaSecrets.prompt(\"sasl.password\").",
                                .methods = secrets_methods, .nmethods = NMETHODS(secrets_methods)};

/* ---- ProducerConfig / ConsumerConfig / … constants ---- */

typedef struct { const char *name, *value; } ConfConst;

static const ConfConst common_consts[] = {
    {"BOOTSTRAP_SERVERS_CONFIG", "bootstrap.servers"}, {"CLIENT_ID_CONFIG", "client.id"},
    {"CLIENT_DNS_LOOKUP_CONFIG", "client.dns.lookup"}, {"METADATA_MAX_AGE_CONFIG", "metadata.max.age.ms"},
    {"SEND_BUFFER_CONFIG", "send.buffer.bytes"}, {"RECEIVE_BUFFER_CONFIG", "receive.buffer.bytes"},
    {"RECONNECT_BACKOFF_MS_CONFIG", "reconnect.backoff.ms"}, {"RECONNECT_BACKOFF_MAX_MS_CONFIG", "reconnect.backoff.max.ms"},
    {"RETRY_BACKOFF_MS_CONFIG", "retry.backoff.ms"}, {"REQUEST_TIMEOUT_MS_CONFIG", "request.timeout.ms"},
    {"CONNECTIONS_MAX_IDLE_MS_CONFIG", "connections.max.idle.ms"}, {"SECURITY_PROTOCOL_CONFIG", "security.protocol"},
    {"METRICS_SAMPLE_WINDOW_MS_CONFIG", "metrics.sample.window.ms"}, {"METRIC_REPORTER_CLASSES_CONFIG", "metric.reporters"},
    {"SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG", "socket.connection.setup.timeout.ms"},
    {"DEFAULT_API_TIMEOUT_MS_CONFIG", "default.api.timeout.ms"}, {"GROUP_ID_CONFIG", "group.id"},
    {"SESSION_TIMEOUT_MS_CONFIG", "session.timeout.ms"}, {"HEARTBEAT_INTERVAL_MS_CONFIG", "heartbeat.interval.ms"},
    {"MAX_POLL_INTERVAL_MS_CONFIG", "max.poll.interval.ms"}, {NULL, NULL}};
static const ConfConst producer_consts[] = {
    {"ACKS_CONFIG", "acks"}, {"LINGER_MS_CONFIG", "linger.ms"}, {"BATCH_SIZE_CONFIG", "batch.size"},
    {"DELIVERY_TIMEOUT_MS_CONFIG", "delivery.timeout.ms"}, {"MAX_REQUEST_SIZE_CONFIG", "max.request.size"},
    {"MAX_BLOCK_MS_CONFIG", "max.block.ms"}, {"BUFFER_MEMORY_CONFIG", "buffer.memory"},
    {"COMPRESSION_TYPE_CONFIG", "compression.type"}, {"RETRIES_CONFIG", "retries"},
    {"MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION", "max.in.flight.requests.per.connection"},
    {"KEY_SERIALIZER_CLASS_CONFIG", "key.serializer"}, {"VALUE_SERIALIZER_CLASS_CONFIG", "value.serializer"},
    {"PARTITIONER_CLASS_CONFIG", "partitioner.class"}, {"INTERCEPTOR_CLASSES_CONFIG", "interceptor.classes"},
    {"ENABLE_IDEMPOTENCE_CONFIG", "enable.idempotence"}, {"TRANSACTION_TIMEOUT_CONFIG", "transaction.timeout.ms"},
    {"TRANSACTIONAL_ID_CONFIG", "transactional.id"}, {"PARTITIONER_IGNORE_KEYS_CONFIG", "partitioner.ignore.keys"},
    {NULL, NULL}};
static const ConfConst consumer_consts[] = {
    {"GROUP_INSTANCE_ID_CONFIG", "group.instance.id"}, {"MAX_POLL_RECORDS_CONFIG", "max.poll.records"},
    {"ENABLE_AUTO_COMMIT_CONFIG", "enable.auto.commit"}, {"AUTO_COMMIT_INTERVAL_MS_CONFIG", "auto.commit.interval.ms"},
    {"PARTITION_ASSIGNMENT_STRATEGY_CONFIG", "partition.assignment.strategy"},
    {"AUTO_OFFSET_RESET_CONFIG", "auto.offset.reset"}, {"FETCH_MIN_BYTES_CONFIG", "fetch.min.bytes"},
    {"FETCH_MAX_BYTES_CONFIG", "fetch.max.bytes"}, {"FETCH_MAX_WAIT_MS_CONFIG", "fetch.max.wait.ms"},
    {"MAX_PARTITION_FETCH_BYTES_CONFIG", "max.partition.fetch.bytes"}, {"CHECK_CRCS_CONFIG", "check.crcs"},
    {"KEY_DESERIALIZER_CLASS_CONFIG", "key.deserializer"}, {"VALUE_DESERIALIZER_CLASS_CONFIG", "value.deserializer"},
    {"INTERCEPTOR_CLASSES_CONFIG", "interceptor.classes"}, {"EXCLUDE_INTERNAL_TOPICS_CONFIG", "exclude.internal.topics"},
    {"ISOLATION_LEVEL_CONFIG", "isolation.level"}, {"ALLOW_AUTO_CREATE_TOPICS_CONFIG", "allow.auto.create.topics"},
    {"CLIENT_RACK_CONFIG", "client.rack"}, {NULL, NULL}};
static const ConfConst sasl_consts[] = {
    {"SASL_MECHANISM", "sasl.mechanism"}, {"SASL_JAAS_CONFIG", "sasl.jaas.config"},
    {"SASL_KERBEROS_SERVICE_NAME", "sasl.kerberos.service.name"},
    {"SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL", "sasl.oauthbearer.token.endpoint.url"}, {NULL, NULL}};
static const ConfConst ssl_consts[] = {
    {"SSL_PROTOCOL_CONFIG", "ssl.protocol"}, {"SSL_KEY_PASSWORD_CONFIG", "ssl.key.password"},
    {"SSL_KEYSTORE_LOCATION_CONFIG", "ssl.keystore.location"}, {"SSL_KEYSTORE_PASSWORD_CONFIG", "ssl.keystore.password"},
    {"SSL_KEYSTORE_TYPE_CONFIG", "ssl.keystore.type"}, {"SSL_TRUSTSTORE_LOCATION_CONFIG", "ssl.truststore.location"},
    {"SSL_TRUSTSTORE_PASSWORD_CONFIG", "ssl.truststore.password"}, {"SSL_TRUSTSTORE_TYPE_CONFIG", "ssl.truststore.type"},
    {"SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG", "ssl.endpoint.identification.algorithm"},
    {"SSL_CIPHER_SUITES_CONFIG", "ssl.cipher.suites"}, {"SSL_ENABLED_PROTOCOLS_CONFIG", "ssl.enabled.protocols"},
    {NULL, NULL}};

typedef struct { const ConfConst *tables[3]; } ConfObj;
static const ConfObj producer_obj_data = {{producer_consts, common_consts, sasl_consts}};
static const ConfObj consumer_obj_data = {{consumer_consts, common_consts, sasl_consts}};
static const ConfObj common_obj_data = {{common_consts, NULL, NULL}};
static const ConfObj sasl_obj_data = {{sasl_consts, NULL, NULL}};
static const ConfObj ssl_obj_data = {{ssl_consts, NULL, NULL}};

static bool conf_const(Call *c, Value *out) {
    const ConfObj *o = as_host(c->self)->data;
    for (int t = 0; t < 3 && o->tables[t]; t++)
        for (const ConfConst *k = o->tables[t]; k->name; k++)
            if (!strcmp(k->name, c->name)) { *out = str_cstr(k->value); return true; }
    return interp_throw(c->I, "error", "value %s is not a member of the configuration object", c->name);
}

/* One MethodDef table per object, built at init from the constant tables. */
typedef struct { HostClass cls; MethodDef *methods; } ConfClass;
static ConfClass conf_classes[5];

static void conf_class_build(ConfClass *cc, const char *name, const char *qualified, const char *doc,
                             const ConfObj *o) {
    int n = 0;
    for (int t = 0; t < 3 && o->tables[t]; t++) for (const ConfConst *k = o->tables[t]; k->name; k++) n++;
    free(cc->methods);   /* a previous session's table (kafka_client_free also frees it) */
    cc->methods = calloc((size_t)n, sizeof(MethodDef));
    int i = 0;
    for (int t = 0; t < 3 && o->tables[t]; t++)
        for (const ConfConst *k = o->tables[t]; k->name; k++) {
            bool dup = false;
            for (int j = 0; j < i && !dup; j++) dup = !strcmp(cc->methods[j].name, k->name);
            if (dup) continue;
            cc->methods[i++] = (MethodDef){k->name, conf_const, 0, 0, "val " , k->value};
        }
    memset(&cc->cls, 0, sizeof cc->cls);
    cc->cls.name = name;
    cc->cls.qualified = qualified;
    cc->cls.doc = doc;
    cc->cls.methods = cc->methods;
    cc->cls.nmethods = i;
}

/* ---- TopicPartition ---- */

extern HostClass tp_class;
typedef struct { char *topic; int32_t partition; } TopicPart;
static void tp_free(void *p) { TopicPart *t = p; free(t->topic); free(t); }
static char *tp_str(Interp *I, void *p) {
    (void)I;
    TopicPart *t = p;
    char *s = NULL;
    if (asprintf(&s, "%s-%d", t->topic, (int)t->partition) < 0) return NULL;
    return s;
}
Value kafka_topic_partition_new(const char *topic, int32_t partition) {
    TopicPart *t = malloc(sizeof *t);
    t->topic = strdup(topic);
    t->partition = partition;
    return host_new(&tp_class, t);
}
bool kafka_topic_partition_get(Value v, const char **topic, int32_t *partition) {
    if (v.t != T_HOST || as_host(v)->cls != &tp_class) return false;
    TopicPart *t = as_host(v)->data;
    *topic = t->topic;
    *partition = t->partition;
    return true;
}
static bool tp_new(Call *c, Value *out) {
    const char *topic;
    int64_t p;
    if (!call_arity(c, 2, 2) || !arg_string(c, 0, &topic) || !arg_long(c, 1, &p)) return false;
    *out = kafka_topic_partition_new(topic, (int32_t)p);
    return true;
}
static bool tp_topic(Call *c, Value *out) { *out = str_cstr(((TopicPart *)as_host(c->self)->data)->topic); return true; }
static bool tp_partition(Call *c, Value *out) { *out = v_int(((TopicPart *)as_host(c->self)->data)->partition); return true; }
static json_t *tp_json(Interp *I, void *p) {
    (void)I;
    TopicPart *t = p;
    return json_pack("{s:s, s:i}", "topic", t->topic, "partition", (int)t->partition);
}
static const MethodDef tp_methods[] = {
    M("topic", tp_topic, 0, 0, "def topic(): String", "The topic."),
    M("partition", tp_partition, 0, 0, "def partition(): Int", "The partition number."),
};
HostClass tp_class = {.name = "TopicPartition", .qualified = "org.apache.kafka.common.TopicPartition",
                      .doc = "A topic name and partition number.", .doc_url = KAFKA_DOC "common/TopicPartition.html",
                      .methods = tp_methods, .nmethods = NMETHODS(tp_methods), .construct = tp_new,
                      .ctor_signature = "new TopicPartition(topic: String, partition: Int)",
                      .finalize = tp_free, .to_string = tp_str, .to_json = tp_json};

/* A list of TopicPartitions (any collection, or one) as kafka_tpo (topics point into the values,
 * which the caller keeps alive via *items).  False with an exception. */
static bool tp_list(Interp *I, Value v, kafka_tpo **out, size_t *n, Value **items_out, size_t *nitems, int64_t offset) {
    Value *items;
    size_t k;
    if (v.t == T_HOST) {
        items = malloc(sizeof(Value));
        items[0] = v;
        val_incref(v);
        k = 1;
    } else if (!interp_iter_items(I, v, &items, &k))
        return interp_throw(I, "java.lang.IllegalArgumentException", "expected a collection of TopicPartition");
    kafka_tpo *t = calloc(k ? k : 1, sizeof *t);
    for (size_t i = 0; i < k; i++) {
        if (!kafka_topic_partition_get(items[i], &t[i].topic, &t[i].partition)) {
            char *tn = val_type_name(I, items[i]);
            interp_free_items(items, k);
            free(t);
            bool r = interp_throw(I, "java.lang.IllegalArgumentException", "expected a TopicPartition, not %s", tn);
            free(tn);
            return r;
        }
        t[i].offset = offset;
    }
    *out = t;
    *n = k;
    *items_out = items;
    *nitems = k;
    return true;
}

/* ---- OffsetAndMetadata ---- */

extern HostClass oam_class;
typedef struct { int64_t offset; char *metadata; } Oam;
static void oam_free(void *p) { Oam *o = p; free(o->metadata); free(o); }
static Value oam_make(int64_t off, const char *md) {
    Oam *o = malloc(sizeof *o);
    o->offset = off;
    o->metadata = strdup(md ? md : "");
    return host_new(&oam_class, o);
}
static bool oam_new(Call *c, Value *out) {
    int64_t off;
    const char *md = "";
    if (!call_arity(c, 1, 2) || !arg_long(c, 0, &off) || (c->argc > 1 && !arg_string(c, 1, &md))) return false;
    *out = oam_make(off, md);
    return true;
}
static char *oam_str(Interp *I, void *p) {
    (void)I;
    Oam *o = p;
    char *s = NULL;
    if (asprintf(&s, "OffsetAndMetadata{offset=%lld, leaderEpoch=null, metadata='%s'}", (long long)o->offset, o->metadata) < 0) return NULL;
    return s;
}
static bool oam_offset(Call *c, Value *out) { *out = v_long(((Oam *)as_host(c->self)->data)->offset); return true; }
static bool oam_metadata(Call *c, Value *out) { *out = str_cstr(((Oam *)as_host(c->self)->data)->metadata); return true; }
static const MethodDef oam_methods[] = {
    M("offset", oam_offset, 0, 0, "def offset(): Long", "The offset (the next record to read)."),
    M("metadata", oam_metadata, 0, 0, "def metadata(): String", "The metadata string."),
};
HostClass oam_class = {.name = "OffsetAndMetadata", .qualified = "org.apache.kafka.clients.consumer.OffsetAndMetadata",
                       .doc = "A committed offset.", .methods = oam_methods, .nmethods = NMETHODS(oam_methods),
                       .construct = oam_new, .ctor_signature = "new OffsetAndMetadata(offset: Long, metadata: String = \"\")",
                       .finalize = oam_free, .to_string = oam_str};

/* ---- Headers ---- */

extern HostClass headers_class, header_class;
typedef struct { Value list; } Headers;   /* a SEQ_LIST of (key, value) tuples; value String or null */
static void headers_free(void *p) { Headers *h = p; val_decref(h->list); free(h); }
static void headers_traverse(void *p, VisitFn visit, void *ctx) { visit(((Headers *)p)->list, ctx); }
static Value headers_new(void) {
    Headers *h = malloc(sizeof *h);
    h->list = seq_new(SEQ_LIST, 0);
    return host_new(&headers_class, h);
}
static Value header_value_of(const kafka_header *hd) {
    return hd->value ? str_new(hd->value, hd->value_len) : v_null();
}
static Value header_make(Value key, Value val);
static bool headers_add(Call *c, Value *out) {
    Headers *h = as_host(c->self)->data;
    const char *key;
    if (!arg_string(c, 0, &key)) return false;
    const void *d;
    size_t len;
    char *tmp;
    kafka_value_bytes(c->I, c->argv[1], &d, &len, &tmp);
    Value kv[2] = {str_cstr(key), d ? str_new(d, len) : v_null()};
    free(tmp);
    seq_push(h->list, tuple_new(2, kv));
    val_incref(c->self);
    *out = c->self;
    return true;
}
static bool headers_last(Call *c, Value *out) {
    Headers *h = as_host(c->self)->data;
    const char *key;
    if (!arg_string(c, 0, &key)) return false;
    SeqObj *s = as_seq(h->list);
    for (size_t i = s->len; i-- > 0;) {
        TupleObj *t = as_tuple(s->items[i]);
        if (!strcmp(as_str(t->items[0])->s, key)) { *out = header_make(t->items[0], t->items[1]); return true; }
    }
    *out = v_null();
    return true;
}
static bool headers_toarray(Call *c, Value *out) {
    Headers *h = as_host(c->self)->data;
    SeqObj *s = as_seq(h->list);
    Value a = seq_new(!strcmp(c->name, "toArray") ? SEQ_ARRAY : SEQ_LIST, s->len);
    for (size_t i = 0; i < s->len; i++) {
        TupleObj *t = as_tuple(s->items[i]);
        seq_push(a, header_make(t->items[0], t->items[1]));
    }
    *out = a;
    return true;
}
static char *headers_str(Interp *I, void *p) {
    Headers *h = p;
    SeqObj *s = as_seq(h->list);
    size_t cap = 64;
    for (size_t i = 0; i < s->len; i++) {
        TupleObj *t = as_tuple(s->items[i]);
        cap += as_str(t->items[0])->len + (t->items[1].t == T_STR ? as_str(t->items[1])->len * 6 : 4) + 48;
    }
    char *out = malloc(cap);
    size_t k = (size_t)snprintf(out, cap, "RecordHeaders(headers = [");
    for (size_t i = 0; i < s->len; i++) {
        TupleObj *t = as_tuple(s->items[i]);
        k += (size_t)snprintf(out + k, cap - k, "%sRecordHeader(key = %s, value = ", i ? ", " : "", as_str(t->items[0])->s);
        if (t->items[1].t == T_STR) {
            StrObj *v = as_str(t->items[1]);
            k += (size_t)snprintf(out + k, cap - k, "[");
            for (size_t j = 0; j < v->len; j++)
                k += (size_t)snprintf(out + k, cap - k, "%s%d", j ? ", " : "", (int)(signed char)v->s[j]);
            k += (size_t)snprintf(out + k, cap - k, "]");
        } else k += (size_t)snprintf(out + k, cap - k, "null");
        k += (size_t)snprintf(out + k, cap - k, ")");
    }
    snprintf(out + k, cap - k, "], isReadOnly = false)");
    (void)I;
    return out;
}
static const MethodDef headers_methods[] = {
    M("add", headers_add, 2, 2, "def add(key: String, value: Array[Byte]): Headers", "Adds a header (value: bytes or a String)."),
    M("lastHeader", headers_last, 1, 1, "def lastHeader(key: String): Header", "The last header with this key, or null."),
    M("toArray", headers_toarray, 0, 0, "def toArray(): Array[Header]", "The headers."),
    M("asScala", headers_toarray, 0, 0, "def asScala: Iterable[Header]", "The headers as a Scala List."),
};
HostClass headers_class = {.name = "Headers", .qualified = "org.apache.kafka.common.header.Headers",
                           .doc = "A record's headers.", .methods = headers_methods, .nmethods = NMETHODS(headers_methods),
                           .finalize = headers_free, .traverse = headers_traverse, .to_string = headers_str,
                           .aliases = (const char *const[]){"RecordHeaders", "org.apache.kafka.common.header.internals.RecordHeaders", NULL}};

typedef struct { Value key, value; } Header;
static void header_free(void *p) { Header *h = p; val_decref(h->key); val_decref(h->value); free(h); }
static void header_traverse(void *p, VisitFn visit, void *ctx) { Header *h = p; visit(h->key, ctx); visit(h->value, ctx); }
static Value header_make(Value key, Value val) {
    Header *h = malloc(sizeof *h);
    h->key = key; val_incref(key);
    h->value = val; val_incref(val);
    return host_new(&header_class, h);
}
static bool header_key(Call *c, Value *out) { Header *h = as_host(c->self)->data; *out = h->key; val_incref(*out); return true; }
static bool header_value(Call *c, Value *out) {
    Header *h = as_host(c->self)->data;
    if (h->value.t == T_NULL) { *out = v_null(); return true; }
    StrObj *s = as_str(h->value);
    Value a = seq_new(SEQ_ARRAY, s->len);
    for (size_t i = 0; i < s->len; i++) seq_push(a, v_int((int8_t)s->s[i]));
    *out = a;
    return true;
}
static bool header_string(Call *c, Value *out) { Header *h = as_host(c->self)->data; *out = h->value; val_incref(*out); return true; }
static char *header_str(Interp *I, void *p) {
    (void)I;
    Header *h = p;
    char *s = NULL;
    if (asprintf(&s, "RecordHeader(key = %s, value = %s)", as_str(h->key)->s,
                 h->value.t == T_STR ? as_str(h->value)->s : "null") < 0) return NULL;
    return s;
}
static const MethodDef header_methods[] = {
    M("key", header_key, 0, 0, "def key(): String", "The header's key."),
    M("value", header_value, 0, 0, "def value(): Array[Byte]", "The header's value as bytes (null for none)."),
    M("valueString", header_string, 0, 0, "def valueString: String", "The header's value as text (not in Kafka's API)."),
};
HostClass header_class = {.name = "Header", .qualified = "org.apache.kafka.common.header.Header",
                          .doc = "A record header.", .methods = header_methods, .nmethods = NMETHODS(header_methods),
                          .finalize = header_free, .traverse = header_traverse, .to_string = header_str,
                          .aliases = (const char *const[]){"RecordHeader", NULL}};

/* ---- ProducerRecord ---- */

extern HostClass precord_class;
typedef struct {
    char *topic;
    int32_t partition;   /* -1: none */
    Value key, value, headers;
    int64_t timestamp;   /* -1: none */
} PRecord;
static void precord_free(void *p) {
    PRecord *r = p;
    free(r->topic);
    val_decref(r->key); val_decref(r->value); val_decref(r->headers);
    free(r);
}
static void precord_traverse(void *p, VisitFn visit, void *ctx) {
    PRecord *r = p;
    visit(r->key, ctx); visit(r->value, ctx); visit(r->headers, ctx);
}
static bool precord_new(Call *c, Value *out) {
    if (!call_arity(c, 2, 6)) return false;
    const char *topic;
    if (!arg_string(c, 0, &topic)) return false;
    int32_t part = -1;
    int64_t ts = -1;
    bool isnull = true;
    int ki, vi;
    Value headers = v_unit();
    switch (c->argc) {
    case 2: ki = -1; vi = 1; break;
    case 3: ki = 1; vi = 2; break;
    case 4: if (!arg_int_or_null(c, 1, &part, &isnull)) return false; ki = 2; vi = 3; break;
    default: {   /* (topic, partition, timestamp, key, value[, headers]) */
        if (!arg_int_or_null(c, 1, &part, &isnull)) return false;
        if (c->argv[2].t != T_NULL && !arg_long(c, 2, &ts)) return false;
        ki = 3; vi = 4;
        if (c->argc == 6) headers = c->argv[5];
    }
    }
    if (isnull) part = -1;
    if (part < -1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Invalid partition: %d. Partition number should always be non-negative or null.", (int)part);
    if (ts < -1) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Invalid timestamp: %lld. Timestamp should always be non-negative or null.", (long long)ts);
    PRecord *r = calloc(1, sizeof *r);
    r->topic = strdup(topic);
    r->partition = part;
    r->timestamp = ts;
    r->key = ki >= 0 ? c->argv[ki] : v_null();
    r->value = c->argv[vi];
    val_incref(r->key);
    val_incref(r->value);
    r->headers = v_unit();   /* made on demand */
    if (headers.t == T_HOST && as_host(headers)->cls == &headers_class) { r->headers = headers; val_incref(headers); }
    else if (headers.t != T_UNIT && headers.t != T_NULL) {
        r->headers = headers_new();
        Value *items;
        size_t n;
        if (interp_iter_items(c->I, headers, &items, &n)) {
            Headers *h = as_host(r->headers)->data;
            for (size_t i = 0; i < n; i++)
                if (items[i].t == T_HOST && as_host(items[i])->cls == &header_class) {
                    Header *hd = as_host(items[i])->data;
                    val_incref(hd->key); val_incref(hd->value);
                    Value kv[2] = {hd->key, hd->value};
                    seq_push(h->list, tuple_new(2, kv));
                }
            interp_free_items(items, n);
        }
    }
    *out = host_new(&precord_class, r);
    return true;
}
static char *precord_str(Interp *I, void *p) {
    PRecord *r = p;
    char *k = val_to_string(I, r->key), *v = val_to_string(I, r->value);
    char *h = r->headers.t == T_UNIT ? strdup("RecordHeaders(headers = [], isReadOnly = false)") : headers_str(I, as_host(r->headers)->data);
    char part[16], ts[24], *s = NULL;
    snprintf(part, sizeof part, "%d", (int)r->partition);
    snprintf(ts, sizeof ts, "%lld", (long long)r->timestamp);
    if (asprintf(&s, "ProducerRecord(topic=%s, partition=%s, headers=%s, key=%s, value=%s, timestamp=%s)", r->topic,
                 r->partition < 0 ? "null" : part, h, k, v, r->timestamp < 0 ? "null" : ts) < 0) s = NULL;
    free(k); free(v); free(h);
    return s;
}
static bool precord_get(Call *c, Value *out) {
    PRecord *r = as_host(c->self)->data;
    switch (c->name[0]) {
    case 't': *out = !strcmp(c->name, "topic") ? str_cstr(r->topic) : r->timestamp < 0 ? v_null() : v_long(r->timestamp); return true;
    case 'p': *out = r->partition < 0 ? v_null() : v_int(r->partition); return true;
    case 'k': *out = r->key; break;
    case 'v': *out = r->value; break;
    default:
        if (r->headers.t == T_UNIT) r->headers = headers_new();
        *out = r->headers;
        break;
    }
    val_incref(*out);
    return true;
}
static const MethodDef precord_methods[] = {
    M("topic", precord_get, 0, 0, "def topic(): String", "The topic."),
    M("partition", precord_get, 0, 0, "def partition(): Integer", "The partition, or null (the partitioner chooses)."),
    M("key", precord_get, 0, 0, "def key(): K", "The key (may be null)."),
    M("value", precord_get, 0, 0, "def value(): V", "The value."),
    M("timestamp", precord_get, 0, 0, "def timestamp(): Long", "The timestamp given, or null."),
    M("headers", precord_get, 0, 0, "def headers(): Headers", "The headers (add(key, bytes) adds one)."),
};
HostClass precord_class = {.name = "ProducerRecord", .qualified = "org.apache.kafka.clients.producer.ProducerRecord",
                           .doc = "A record to send: topic, optional partition and key, value.",
                           .doc_url = KAFKA_DOC "clients/producer/ProducerRecord.html",
                           .methods = precord_methods, .nmethods = NMETHODS(precord_methods), .construct = precord_new,
                           .ctor_signature = "new ProducerRecord[K, V](topic: String, [partition: Integer, [timestamp: Long,]] [key: K,] value: V)",
                           .finalize = precord_free, .traverse = precord_traverse, .to_string = precord_str};

/* ---- RecordMetadata ---- */

extern HostClass rmeta_class;
typedef struct { char *topic; int32_t partition; int64_t offset, timestamp; } RMeta;
static void rmeta_free(void *p) { RMeta *m = p; free(m->topic); free(m); }
static Value rmeta_make(const char *topic, int32_t part, int64_t off, int64_t ts) {
    RMeta *m = malloc(sizeof *m);
    m->topic = strdup(topic);
    m->partition = part;
    m->offset = off;
    m->timestamp = ts;
    return host_new(&rmeta_class, m);
}
static char *rmeta_str(Interp *I, void *p) {
    (void)I;
    RMeta *m = p;
    char *s = NULL;
    if (asprintf(&s, "%s-%d@%lld", m->topic, (int)m->partition, (long long)m->offset) < 0) return NULL;
    return s;
}
static bool rmeta_get(Call *c, Value *out) {
    RMeta *m = as_host(c->self)->data;
    if (!strcmp(c->name, "topic")) *out = str_cstr(m->topic);
    else if (!strcmp(c->name, "partition")) *out = v_int(m->partition);
    else if (!strcmp(c->name, "offset")) *out = v_long(m->offset);
    else if (!strcmp(c->name, "timestamp")) *out = v_long(m->timestamp);
    else if (!strcmp(c->name, "hasOffset")) *out = v_bool(m->offset >= 0);
    else *out = v_bool(m->timestamp >= 0);
    return true;
}
static json_t *rmeta_json(Interp *I, void *p) {
    (void)I;
    RMeta *m = p;
    return json_pack("{s:s, s:i, s:I, s:I}", "topic", m->topic, "partition", (int)m->partition,
                     "offset", (json_int_t)m->offset, "timestamp", (json_int_t)m->timestamp);
}
static const MethodDef rmeta_methods[] = {
    M("topic", rmeta_get, 0, 0, "def topic(): String", "The topic the record went to."),
    M("partition", rmeta_get, 0, 0, "def partition(): Int", "The partition it went to."),
    M("offset", rmeta_get, 0, 0, "def offset(): Long", "Its offset in the partition."),
    M("timestamp", rmeta_get, 0, 0, "def timestamp(): Long", "Its timestamp (ms since the epoch)."),
    M("hasOffset", rmeta_get, 0, 0, "def hasOffset(): Boolean", "Whether the offset is known."),
    M("hasTimestamp", rmeta_get, 0, 0, "def hasTimestamp(): Boolean", "Whether the timestamp is known."),
};
HostClass rmeta_class = {.name = "RecordMetadata", .qualified = "org.apache.kafka.clients.producer.RecordMetadata",
                         .doc = "Where a sent record was stored.", .methods = rmeta_methods, .nmethods = NMETHODS(rmeta_methods),
                         .finalize = rmeta_free, .to_string = rmeta_str, .to_json = rmeta_json};

/* ---- KafkaProducer ---- */

extern HostClass producer_class, future_class;

/* The fate of one sent record, shared by the producer (until reported) and its Future. */
typedef struct DSlot {
    int refs;
    bool done, failed, refused;
    char *topic;
    int32_t partition;
    int64_t offset, timestamp;
    kafka_error err;
    Value callback;           /* owned; unit when none */
    struct DSlot *next;        /* in the producer's list of callbacks to run */
} DSlot;

typedef struct {
    kafka_producer *p;
    bool closed;
    unsigned since_poll;      /* sends since delivery reports were last served */
    int64_t refused;          /* sends refused before queueing (reported to a callback) */
    int64_t failed_nocb;      /* failed deliveries of records sent without a callback */
    int64_t surfaced;         /* of those, how many an exception has reported */
    kafka_error last_nocb;    /* the last of them */
    DSlot *cb_head, *cb_tail;  /* completed records whose callback must run */
    kafka_error first_refused;
} Producer;

static void slot_release(DSlot *s) {
    if (--s->refs > 0) return;
    val_decref(s->callback);
    free(s->topic);
    free(s);
}

static void on_delivery(const kafka_delivery *d, void *ud) {
    DSlot *s = ud;
    Producer *p = (Producer *)s->next;   /* the producer rides in next until delivery */
    s->next = NULL;
    s->done = true;
    if (d->error && s->callback.t == T_UNIT) { p->failed_nocb++; p->last_nocb = *d->error; }
    if (s->refs == 1 && s->callback.t == T_UNIT) { slot_release(s); return; }   /* nobody will look */
    s->partition = d->partition;
    s->offset = d->offset;
    s->timestamp = d->timestamp;
    if (!s->topic) s->topic = strdup(d->topic);
    if (d->error) { s->failed = true; s->err = *d->error; }
    if (s->callback.t != T_UNIT) {
        if (p->cb_tail) p->cb_tail->next = s;
        else p->cb_head = s;
        p->cb_tail = s;
        return;   /* the list keeps the reference */
    }
    slot_release(s);
}

static Value exception_for(Interp *I, const kafka_error *e) {
    char msg[1200];
    size_t nl = strlen(e->name);
    if (!strncmp(e->message, e->name, nl) && e->message[nl] == ':') snprintf(msg, sizeof msg, "%s", e->message);
    else snprintf(msg, sizeof msg, "%s: %s", e->name, e->message);
    (void)I;
    return exc_new(intern(kafka_exception_class(e->name)), str_cstr(msg));
}

/* Runs the callbacks of completed records, in completion order. */
static bool run_callbacks(Interp *I, Producer *p) {
    while (p->cb_head) {
        DSlot *s = p->cb_head;
        p->cb_head = s->next;
        if (!p->cb_head) p->cb_tail = NULL;
        s->next = NULL;
        Value args[2];
        args[0] = rmeta_make(s->topic, s->partition, s->offset, s->timestamp);
        args[1] = s->failed ? exception_for(I, &s->err) : v_null();
        Value r, cb = s->callback;
        bool ok;
        if (cb.t == T_FUNC) ok = interp_call(I, cb, 2, args, &r);
        else ok = interp_call_method(I, cb, "onCompletion", 2, args, &r);
        val_decref(args[0]);
        val_decref(args[1]);
        slot_release(s);
        if (!ok) return false;
        val_decref(r);
    }
    return true;
}

/* Throws the failures nobody has seen yet. */
static bool check_failures(Interp *I, Producer *p) {
    int64_t unseen = p->failed_nocb - p->surfaced;
    if (unseen <= 0) return true;
    p->surfaced = p->failed_nocb;
    kafka_producer_stats st;
    kafka_producer_stats_get(p->p, &st);
    const kafka_error *e = &p->last_nocb;
    return interp_throw(I, kafka_exception_class(e->name), "%s: %s (%lld record%s failed since the last report; "
                        "%lld delivered, %lld failed so far)", e->name, e->message, (long long)unseen, unseen == 1 ? "" : "s",
                        (long long)st.delivered, (long long)st.failed);
}

static bool producer_closed(Interp *I, Producer *p) {
    if (!p->closed) return false;
    interp_throw(I, "java.lang.IllegalStateException", "Cannot perform operation after producer has been closed");
    return true;
}

static void producer_free(void *d) {
    Producer *p = d;
    if (!p->closed && p->p) {
        char summary[512];
        kafka_producer_stats st;
        if (kafka_producer_close(p->p, 10000, NULL, NULL, &st, summary, sizeof summary) != 0)
            fprintf(stderr, "dstream-kernel: a KafkaProducer that was never closed: %s\n", summary);
    }
    while (p->cb_head) { DSlot *s = p->cb_head; p->cb_head = s->next; slot_release(s); }
    free(p);
}
static void producer_traverse(void *d, VisitFn visit, void *ctx) {
    Producer *p = d;
    for (DSlot *s = p->cb_head; s; s = s->next) visit(s->callback, ctx);
}

static bool producer_new(Call *c, Value *out) {
    if (!call_arity(c, 1, 3)) return false;
    kafka_config user, cfg;
    if (!kafka_props_from_value(c->I, c->argv[0], "KafkaProducer", &user)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    if (kafka_session_config(&user, &cfg, &err) != 0) { kafka_config_free(&user); return kafka_throw(c->I, &err); }
    kafka_config_free(&user);
    kafka_producer *kp = kafka_producer_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!kp) return kafka_throw(c->I, &err);
    Producer *p = calloc(1, sizeof *p);
    p->p = kp;
    *out = host_new(&producer_class, p);
    return true;
}

static bool producer_send(Call *c, Value *out) {
    Producer *p = as_host(c->self)->data;
    Interp *I = c->I;
    if (producer_closed(I, p)) return false;
    Value rv = c->argv[0];
    if (rv.t != T_HOST || as_host(rv)->cls != &precord_class) {
        char *tn = val_type_name(I, rv);
        bool r = interp_throw(I, "java.lang.IllegalArgumentException", "send needs a ProducerRecord, not %s", tn);
        free(tn);
        return r;
    }
    Value cb = c->argc > 1 && c->argv[1].t != T_NULL ? c->argv[1] : v_unit();
    /* serve delivery reports every 64 sends (and whenever callbacks wait) */
    if (++p->since_poll >= 64) { p->since_poll = 0; kafka_producer_poll(p->p, 0); }
    if ((p->cb_head && !run_callbacks(I, p)) || !check_failures(I, p)) return false;
    PRecord *r = as_host(rv)->data;
    const void *k, *v;
    size_t kl, vl;
    char *kt, *vt;
    kafka_value_bytes(I, r->key, &k, &kl, &kt);
    kafka_value_bytes(I, r->value, &v, &vl, &vt);
    SeqObj *hs = r->headers.t == T_UNIT ? NULL : as_seq(((Headers *)as_host(r->headers)->data)->list);
    size_t nh = hs ? hs->len : 0;
    kafka_header *hdrs = nh ? malloc(nh * sizeof *hdrs) : NULL;
    for (size_t i = 0; i < nh; i++) {
        TupleObj *t = as_tuple(hs->items[i]);
        hdrs[i].key = as_str(t->items[0])->s;
        hdrs[i].value = t->items[1].t == T_STR ? as_str(t->items[1])->s : NULL;
        hdrs[i].value_len = t->items[1].t == T_STR ? as_str(t->items[1])->len : 0;
    }
    DSlot *s = malloc(sizeof *s);
    s->done = s->failed = s->refused = false;
    s->topic = NULL;
    s->refs = 2;   /* the delivery report's and the Future's */
    s->callback = cb;
    val_incref(cb);
    s->next = (DSlot *)(void *)p;
    s->offset = s->timestamp = -1;
    s->partition = r->partition;
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_producer_send(p->p, r->topic, r->partition, k, kl, v, vl, hdrs, nh, on_delivery, s,
                                 kafka_interp_check, I, &err);
    free(kt); free(vt); free(hdrs);
    if (rc != 0) {
        s->next = NULL;
        s->refs = 1;
        if (!strcmp(err.name, "_INTR") || cb.t == T_UNIT) { slot_release(s); return kafka_throw(I, &err); }
        /* with a callback, as Java: the callback gets the exception, send returns a failed Future */
        s->done = s->failed = s->refused = true;
        s->err = err;
        s->topic = strdup(r->topic);
        if (!p->refused++) p->first_refused = err;
        s->refs = 2;
        if (p->cb_tail) p->cb_tail->next = s;
        else p->cb_head = s;
        p->cb_tail = s;
        if (!run_callbacks(I, p)) { slot_release(s); return false; }
    }
    *out = host_new(&future_class, s);
    return true;
}

static int64_t producer_timeout(Call *c, int i) {
    int64_t ms = -1;
    if (c->argc > i && !java_timeout_ms(c->I, c->argv[i], &ms)) return -2;
    return ms;
}

static bool producer_flush(Call *c, Value *out) {
    Producer *p = as_host(c->self)->data;
    if (producer_closed(c->I, p)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_producer_flush(p->p, -1, kafka_interp_check, c->I, &err);
    if (!run_callbacks(c->I, p)) return false;
    if (rc != 0) return kafka_throw(c->I, &err);
    *out = v_unit();
    return check_failures(c->I, p);
}

static bool producer_close(Call *c, Value *out) {
    Producer *p = as_host(c->self)->data;
    *out = v_unit();
    if (p->closed) return true;
    int64_t ms = producer_timeout(c, 0);
    if (ms == -2) return false;
    kafka_producer_stats st;
    char summary[1400];
    kafka_producer_poll(p->p, 0);
    int rc = kafka_producer_close(p->p, (int)(ms > INT32_MAX ? INT32_MAX : ms), kafka_interp_check, c->I, &st, summary, sizeof summary);
    p->p = NULL;
    p->closed = true;
    bool interrupted = interp_interrupted(c->I);
    if (!run_callbacks(c->I, p)) return false;
    if (interrupted) return throw_interrupt(c->I);
    if (rc == 0 && p->refused == 0) return true;
    int64_t failed = st.failed + p->refused;
    const kafka_error *e = st.failed ? &st.first_error : &p->first_refused;
    return interp_throw(c->I, kafka_exception_class(e->name), "KafkaProducer closed: %lld delivered, %lld failed "
                        "(first error %s: %s)", (long long)st.delivered, (long long)failed, e->name, e->message);
}

static bool producer_metrics(Call *c, Value *out) {
    Producer *p = as_host(c->self)->data;
    Value m = map_new(MAP_JAVA, false);
    kafka_producer_stats st = {0};
    if (p->p) kafka_producer_stats_get(p->p, &st);
    map_put(m, str_cstr("record-send-total"), v_long(st.sent));
    map_put(m, str_cstr("record-delivered-total"), v_long(st.delivered));
    map_put(m, str_cstr("record-error-total"), v_long(st.failed + p->refused));
    map_put(m, str_cstr("records-pending"), v_long(st.pending));
    *out = m;
    return true;
}

static const MethodDef producer_methods[] = {
    M("send", producer_send, 1, 2, "def send(record: ProducerRecord[K, V], callback: (RecordMetadata, Exception) => Unit = null): Future[RecordMetadata]",
      "Sends asynchronously. The callback (a lambda (metadata, exception) => …) runs in this cell when the broker answers; "
      "exception is null on success. A failure without a callback is thrown by the next send or flush, and close() reports "
      "\"N delivered, M failed\"."),
    M("flush", producer_flush, 0, 0, "def flush(): Unit", "Waits until every sent record is delivered or failed (interruptible); throws the failures not yet reported."),
    M("close", producer_close, 0, 1, "def close(timeout: Duration = forever): Unit",
      "Flushes and closes; if any record failed during the producer's life, throws \"N delivered, M failed\" with the first error."),
    M("metrics", producer_metrics, 0, 0, "def metrics(): Map[String, Long]", "Counters: records sent, delivered, failed, pending."),
};
HostClass producer_class = {.name = "KafkaProducer", .qualified = "org.apache.kafka.clients.producer.KafkaProducer",
                            .doc = "A Kafka producer (librdkafka): acks=all and idempotence by default; brokers from its "
                                   "properties, else %%configure kafka.bootstrap.servers, KAFKA_BOOTSTRAP_SERVERS or the embedded broker.",
                            .doc_url = KAFKA_DOC "clients/producer/KafkaProducer.html",
                            .methods = producer_methods, .nmethods = NMETHODS(producer_methods), .construct = producer_new,
                            .ctor_signature = "new KafkaProducer[K, V](properties: java.util.Properties | java.util.Map | Map)",
                            .finalize = producer_free, .traverse = producer_traverse,
                            .aliases = (const char *const[]){"Producer", "org.apache.kafka.clients.producer.Producer", NULL}};

/* ---- Future[RecordMetadata] ---- */

static void future_free(void *d) { slot_release(d); }
static bool future_isdone(Call *c, Value *out) { *out = v_bool(((DSlot *)as_host(c->self)->data)->done); return true; }
static bool future_get(Call *c, Value *out) {
    DSlot *s = as_host(c->self)->data;
    if (!s->done) {
        /* The record is still queued: its producer (which rides in s->next until delivery) serves
         * delivery reports until it is done. */
        Producer *p = (Producer *)s->next;
        while (!s->done) {
            if (interp_interrupted(c->I)) return throw_interrupt(c->I);
            if (!p || !p->p) break;
            kafka_producer_poll(p->p, 50);
        }
        if (p && !run_callbacks(c->I, p)) return false;
        if (!s->done) return interp_throw(c->I, "java.lang.IllegalStateException", "the producer was closed before the record was delivered");
    }
    if (s->failed) {
        char msg[1300];
        snprintf(msg, sizeof msg, "%s: %s: %s", kafka_exception_class(s->err.name), s->err.name, s->err.message);
        return interp_throw(c->I, "java.util.concurrent.ExecutionException", "%s", msg);
    }
    *out = rmeta_make(s->topic, s->partition, s->offset, s->timestamp);
    return true;
}
static const MethodDef future_methods[] = {
    M("get", future_get, 0, 2, "def get(): RecordMetadata", "Waits for the record's delivery; throws ExecutionException if it failed."),
    M("isDone", future_isdone, 0, 0, "def isDone(): Boolean", "Whether the broker has answered."),
};
HostClass future_class = {.name = "Future", .qualified = "java.util.concurrent.Future",
                          .doc = "The result of KafkaProducer.send.", .methods = future_methods, .nmethods = NMETHODS(future_methods),
                          .finalize = future_free};

/* ---- ConsumerRecord ---- */

extern HostClass crecord_class;
typedef struct {
    Value topic, key, value, headers;   /* headers: unit when none */
    int32_t partition;
    uint8_t ts_type;
    int64_t offset, timestamp;
    int32_t key_size, value_size;
} CRecord;

static void crecord_free(void *p) {
    CRecord *r = p;
    val_decref(r->topic); val_decref(r->key); val_decref(r->value); val_decref(r->headers);
    free(r);
}
static void crecord_traverse(void *p, VisitFn visit, void *ctx) {
    CRecord *r = p;
    visit(r->key, ctx); visit(r->value, ctx); visit(r->headers, ctx);
}

Value kafka_consumer_record_new(const kafka_record *x, Value topic) {
    CRecord *r = malloc(sizeof *r);
    r->topic = topic;
    val_incref(topic);
    r->partition = x->partition;
    r->offset = x->offset;
    r->timestamp = x->timestamp;
    r->ts_type = (uint8_t)x->timestamp_type;
    r->key = x->key ? str_new(x->key, x->key_len) : v_null();
    r->value = x->value ? str_new(x->value, x->value_len) : v_null();
    r->key_size = x->key ? (int32_t)x->key_len : -1;
    r->value_size = x->value ? (int32_t)x->value_len : -1;
    r->headers = v_unit();
    if (x->nheaders) {
        r->headers = headers_new();
        Headers *h = as_host(r->headers)->data;
        for (size_t i = 0; i < x->nheaders; i++) {
            Value kv[2] = {str_cstr(x->headers[i].key), header_value_of(&x->headers[i])};
            seq_push(h->list, tuple_new(2, kv));
        }
    }
    return host_new(&crecord_class, r);
}

static bool crecord_new(Call *c, Value *out) {   /* new ConsumerRecord(topic, partition, offset, key, value) */
    const char *topic;
    int64_t part, off;
    if (!call_arity(c, 5, 5) || !arg_string(c, 0, &topic) || !arg_long(c, 1, &part) || !arg_long(c, 2, &off)) return false;
    CRecord *r = malloc(sizeof *r);
    r->topic = str_cstr(topic);
    r->partition = (int32_t)part;
    r->offset = off;
    r->timestamp = -1;
    r->ts_type = KAFKA_TS_NONE;
    r->key = c->argv[3]; val_incref(r->key);
    r->value = c->argv[4]; val_incref(r->value);
    r->key_size = r->value_size = -1;
    r->headers = v_unit();
    *out = host_new(&crecord_class, r);
    return true;
}

static char *crecord_str(Interp *I, void *p) {
    CRecord *r = p;
    char *k = val_to_string(I, r->key), *v = val_to_string(I, r->value);
    char *h = r->headers.t == T_UNIT ? strdup("RecordHeaders(headers = [], isReadOnly = false)")
                                     : headers_str(I, as_host(r->headers)->data);
    char *s = NULL;
    if (asprintf(&s, "ConsumerRecord(topic = %s, partition = %d, leaderEpoch = null, offset = %lld, %s = %lld, "
                 "serialized key size = %d, serialized value size = %d, headers = %s, key = %s, value = %s)",
                 as_str(r->topic)->s, (int)r->partition, (long long)r->offset, kafka_ts_type_name((kafka_ts_type)r->ts_type),
                 (long long)r->timestamp, (int)r->key_size, (int)r->value_size, h, k, v) < 0) s = NULL;
    free(k); free(v); free(h);
    return s;
}
static bool crecord_get(Call *c, Value *out) {
    CRecord *r = as_host(c->self)->data;
    const char *n = c->name;
    if (!strcmp(n, "value")) *out = r->value;
    else if (!strcmp(n, "key")) *out = r->key;
    else if (!strcmp(n, "topic")) *out = r->topic;
    else if (!strcmp(n, "partition")) { *out = v_int(r->partition); return true; }
    else if (!strcmp(n, "offset")) { *out = v_long(r->offset); return true; }
    else if (!strcmp(n, "timestamp")) { *out = v_long(r->timestamp); return true; }
    else if (!strcmp(n, "timestampType")) { *out = str_cstr(kafka_ts_type_name((kafka_ts_type)r->ts_type)); return true; }
    else if (!strcmp(n, "serializedKeySize")) { *out = v_int(r->key_size); return true; }
    else if (!strcmp(n, "serializedValueSize")) { *out = v_int(r->value_size); return true; }
    else if (!strcmp(n, "headers")) {
        if (r->headers.t == T_UNIT) r->headers = headers_new();
        *out = r->headers;
    } else { *out = v_null(); return true; }   /* leaderEpoch */
    val_incref(*out);
    return true;
}
static json_t *crecord_json(Interp *I, void *p) {
    CRecord *r = p;
    json_t *o = json_object();
    json_object_set_new(o, "topic", json_string(as_str(r->topic)->s));
    json_object_set_new(o, "partition", json_integer(r->partition));
    json_object_set_new(o, "offset", json_integer(r->offset));
    json_object_set_new(o, "timestamp", json_integer(r->timestamp));
    if (r->key.t == T_STR) json_object_set_new(o, "key", json_stringn(as_str(r->key)->s, as_str(r->key)->len));
    if (r->value.t == T_STR) json_object_set_new(o, "value", json_stringn(as_str(r->value)->s, as_str(r->value)->len));
    (void)I;
    return o;
}
static const MethodDef crecord_methods[] = {
    M("topic", crecord_get, 0, 0, "def topic(): String", "The topic."),
    M("partition", crecord_get, 0, 0, "def partition(): Int", "The partition."),
    M("offset", crecord_get, 0, 0, "def offset(): Long", "The offset in the partition."),
    M("timestamp", crecord_get, 0, 0, "def timestamp(): Long", "The timestamp (ms since the epoch)."),
    M("timestampType", crecord_get, 0, 0, "def timestampType(): TimestampType", "CreateTime or LogAppendTime."),
    M("key", crecord_get, 0, 0, "def key(): K", "The key (null when none)."),
    M("value", crecord_get, 0, 0, "def value(): V", "The value."),
    M("headers", crecord_get, 0, 0, "def headers(): Headers", "The headers."),
    M("serializedKeySize", crecord_get, 0, 0, "def serializedKeySize(): Int", "The key's size in bytes (-1 for null)."),
    M("serializedValueSize", crecord_get, 0, 0, "def serializedValueSize(): Int", "The value's size in bytes (-1 for null)."),
    M("leaderEpoch", crecord_get, 0, 0, "def leaderEpoch(): Optional[Integer]", "null here."),
};
HostClass crecord_class = {.name = "ConsumerRecord", .qualified = "org.apache.kafka.clients.consumer.ConsumerRecord",
                           .doc = "A record read from Kafka: topic, partition, offset, timestamp, key, value, headers.",
                           .doc_url = KAFKA_DOC "clients/consumer/ConsumerRecord.html",
                           .methods = crecord_methods, .nmethods = NMETHODS(crecord_methods), .construct = crecord_new,
                           .finalize = crecord_free, .traverse = crecord_traverse, .to_string = crecord_str,
                           .to_json = crecord_json};

/* ---- ConsumerRecords ---- */

extern HostClass crecords_class;
typedef struct { Value list; } CRecords;   /* a SEQ_JLIST of ConsumerRecord */
static void crecords_free(void *p) { CRecords *r = p; val_decref(r->list); free(r); }
static void crecords_traverse(void *p, VisitFn visit, void *ctx) { visit(((CRecords *)p)->list, ctx); }
static SeqObj *crecords_seq(Call *c) { return as_seq(((CRecords *)as_host(c->self)->data)->list); }
static bool crecords_count(Call *c, Value *out) { *out = v_int((int32_t)crecords_seq(c)->len); return true; }
static bool crecords_isempty(Call *c, Value *out) { *out = v_bool(crecords_seq(c)->len == 0); return true; }
static bool crecords_asscala(Call *c, Value *out) {
    SeqObj *s = crecords_seq(c);
    SeqKind kind = !strcmp(c->name, "iterator") ? SEQ_ITER : !strcmp(c->name, "asScala") || !strcmp(c->name, "toList") ? SEQ_LIST : SEQ_JLIST;
    Value l = seq_new(kind, s->len);
    for (size_t i = 0; i < s->len; i++) { val_incref(s->items[i]); seq_push(l, s->items[i]); }
    *out = l;
    return true;
}
static bool crecords_foreach(Call *c, Value *out) {
    SeqObj *s = crecords_seq(c);
    Value list = ((CRecords *)as_host(c->self)->data)->list;
    val_incref(list);
    for (size_t i = 0; i < s->len; i++) {
        Value r;
        if (!interp_call(c->I, c->argv[0], 1, &s->items[i], &r)) { val_decref(list); return false; }
        val_decref(r);
    }
    val_decref(list);
    *out = v_unit();
    return true;
}
static bool crecords_records(Call *c, Value *out) {
    SeqObj *s = crecords_seq(c);
    const char *topic = NULL;
    int32_t part = -1;
    if (c->argv[0].t == T_STR) topic = as_str(c->argv[0])->s;
    else if (!kafka_topic_partition_get(c->argv[0], &topic, &part))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "records needs a topic or a TopicPartition");
    Value l = seq_new(SEQ_JLIST, 0);
    for (size_t i = 0; i < s->len; i++) {
        CRecord *r = as_host(s->items[i])->data;
        if (strcmp(as_str(r->topic)->s, topic) || (part >= 0 && r->partition != part)) continue;
        val_incref(s->items[i]);
        seq_push(l, s->items[i]);
    }
    *out = l;
    return true;
}
static bool crecords_partitions(Call *c, Value *out) {
    SeqObj *s = crecords_seq(c);
    Value set = map_new(MAP_JAVA, true);
    Value seen = map_new(MAP_SCALA, true);
    for (size_t i = 0; i < s->len; i++) {
        CRecord *r = as_host(s->items[i])->data;
        Value key = str_printf("%s\x1f%d", as_str(r->topic)->s, (int)r->partition), dummy;
        if (map_get(seen, key, &dummy)) { val_decref(key); continue; }
        map_put(seen, key, v_unit());
        map_put(set, kafka_topic_partition_new(as_str(r->topic)->s, r->partition), v_unit());
    }
    val_decref(seen);
    *out = set;
    return true;
}
static const MethodDef crecords_methods[] = {
    M("count", crecords_count, 0, 0, "def count(): Int", "How many records the poll returned."),
    M("isEmpty", crecords_isempty, 0, 0, "def isEmpty(): Boolean", "Whether the poll returned none."),
    M("asScala", crecords_asscala, 0, 0, "def asScala: Iterable[ConsumerRecord[K, V]]", "The records as a Scala List."),
    M("toList", crecords_asscala, 0, 0, "def toList: List[ConsumerRecord[K, V]]", "The records as a Scala List."),
    M("iterator", crecords_asscala, 0, 0, "def iterator(): Iterator[ConsumerRecord[K, V]]", "An iterator over the records."),
    M("foreach", crecords_foreach, 1, 1, "def foreach(f: ConsumerRecord[K, V] => Unit): Unit", "Calls f for every record."),
    M("forEach", crecords_foreach, 1, 1, "def forEach(f: ConsumerRecord[K, V] => Unit): Unit", "Calls f for every record."),
    M("records", crecords_records, 1, 1, "def records(partition: TopicPartition | topic: String): java.util.List[ConsumerRecord[K, V]]", "The records of one partition or topic."),
    M("partitions", crecords_partitions, 0, 0, "def partitions(): java.util.Set[TopicPartition]", "The partitions that have records."),
};
HostClass crecords_class = {.name = "ConsumerRecords", .qualified = "org.apache.kafka.clients.consumer.ConsumerRecords",
                            .doc = "The records of one poll: count, isEmpty, asScala, foreach.",
                            .methods = crecords_methods, .nmethods = NMETHODS(crecords_methods),
                            .finalize = crecords_free, .traverse = crecords_traverse};

/* ConsumerRecord values of records, into a new SEQ of kind. */
static Value records_to_seq(const kafka_records *rs, SeqKind kind) {
    Value l = seq_new(kind, rs->n);
    Value topic = v_unit();
    const char *tname = NULL;
    for (size_t i = 0; i < rs->n; i++) {
        const kafka_record *x = &rs->items[i];
        if (!tname || (x->topic != tname && strcmp(x->topic, tname))) {
            val_decref(topic);
            topic = str_cstr(x->topic);
            tname = x->topic;
        }
        seq_push(l, kafka_consumer_record_new(x, topic));
    }
    val_decref(topic);
    return l;
}

/* ---- KafkaConsumer ---- */

extern HostClass consumer_class;
typedef struct {
    kafka_consumer *c;
    bool closed, has_group;
    char **topics;   /* the subscription */
    size_t ntopics;
} Consumer;

static void consumer_drop(Consumer *k) {
    if (k->c) kafka_consumer_close(k->c);
    k->c = NULL;
    k->closed = true;
}
static void consumer_free(void *d) {
    Consumer *k = d;
    consumer_drop(k);
    free_strings(k->topics, k->ntopics);
    free(k);
}

static bool consumer_new(Call *c, Value *out) {
    if (!call_arity(c, 1, 3)) return false;
    kafka_config user, cfg;
    if (!kafka_props_from_value(c->I, c->argv[0], "KafkaConsumer", &user)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    if (kafka_session_config(&user, &cfg, &err) != 0) { kafka_config_free(&user); return kafka_throw(c->I, &err); }
    bool has_group = nonempty(kafka_config_get(&cfg, "group.id")) != NULL;
    /* The embedded (mock) broker ignores LeaveGroup: a group's next consumer waits for the old
     * member's session to expire, so keep sessions short there (6 s instead of 45 s). */
    if (has_group && kafka_session_uses_embedded(&user) && !kafka_config_get(&cfg, "session.timeout.ms"))
        kafka_config_set(&cfg, "session.timeout.ms", "6000");
    kafka_config_free(&user);
    kafka_consumer *kc = kafka_consumer_new(&cfg, &err);
    kafka_config_free(&cfg);
    if (!kc) return kafka_throw(c->I, &err);
    Consumer *k = calloc(1, sizeof *k);
    k->c = kc;
    k->has_group = has_group;
    *out = host_new(&consumer_class, k);
    return true;
}

static Consumer *open_consumer(Call *c) {
    Consumer *k = as_host(c->self)->data;
    if (k->closed) {
        interp_throw(c->I, "java.lang.IllegalStateException", "This consumer has already been closed.");
        return NULL;
    }
    return k;
}

static bool consumer_subscribe(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    char **topics = NULL;
    size_t n = 0;
    if (!string_list(c->I, c->argv[0], "subscribe's topics", &topics, &n)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    if (kafka_consumer_subscribe(k->c, (const char *const *)topics, n, &err) != 0) {
        free_strings(topics, n);
        if (!strcmp(err.name, "_INVALID_ARG") || !k->has_group)
            return interp_throw(c->I, "org.apache.kafka.common.errors.InvalidGroupIdException",
                                "To use the group management or offset commit APIs, you must provide a valid group.id "
                                "in the consumer configuration (%s)", err.message);
        return kafka_throw(c->I, &err);
    }
    free_strings(k->topics, k->ntopics);
    k->topics = topics;
    k->ntopics = n;
    *out = v_unit();
    return true;
}

static bool consumer_assign(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    kafka_tpo *t;
    size_t n, ni;
    Value *items;
    if (!tp_list(c->I, c->argv[0], &t, &n, &items, &ni, KAFKA_OFFSET_STORED)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_consumer_assign(k->c, t, n, &err);
    free(t);
    interp_free_items(items, ni);
    if (rc != 0) return kafka_throw(c->I, &err);
    free_strings(k->topics, k->ntopics);
    k->topics = NULL;
    k->ntopics = 0;
    *out = v_unit();
    return true;
}

static bool consumer_unsubscribe(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    kafka_error err;
    kafka_consumer_assign(k->c, NULL, 0, &err);
    free_strings(k->topics, k->ntopics);
    k->topics = NULL;
    k->ntopics = 0;
    *out = v_unit();
    return true;
}

static bool consumer_seek_to(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    int64_t where = !strcmp(c->name, "seekToEnd") ? KAFKA_OFFSET_END : KAFKA_OFFSET_BEGINNING;
    kafka_error err;
    kafka_error_clear(&err);
    kafka_tpo *t = NULL;
    size_t n = 0, ni = 0;
    Value *items = NULL;
    if (c->argc && !tp_list(c->I, c->argv[0], &t, &n, &items, &ni, where)) return false;
    int rc = 0;
    if (n == 0) rc = kafka_consumer_seek(k->c, NULL, -1, where, kafka_interp_check, c->I, &err);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = kafka_consumer_seek(k->c, t[i].topic, t[i].partition, where, kafka_interp_check, c->I, &err);
    free(t);
    if (items) interp_free_items(items, ni);
    if (rc != 0) return kafka_throw(c->I, &err);
    *out = v_unit();
    return true;
}

static bool consumer_seek(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    const char *topic;
    int32_t part;
    int64_t off;
    if (!kafka_topic_partition_get(c->argv[0], &topic, &part))
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "seek needs a TopicPartition");
    if (c->argv[1].t == T_HOST && as_host(c->argv[1])->cls == &oam_class) off = ((Oam *)as_host(c->argv[1])->data)->offset;
    else if (!arg_long(c, 1, &off)) return false;
    if (off < 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "seek offset must not be a negative number");
    kafka_error err;
    kafka_error_clear(&err);
    if (kafka_consumer_seek(k->c, topic, part, off, kafka_interp_check, c->I, &err) != 0) return kafka_throw(c->I, &err);
    *out = v_unit();
    return true;
}

static bool consumer_poll(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    int64_t ms;
    if (!java_timeout_ms(c->I, c->argv[0], &ms)) return false;
    if (ms < 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "Timeout must not be negative");
    kafka_records rs = {0};
    kafka_error err;
    kafka_error_clear(&err);
    /* the wait needs no interpreter: let a running stream's batches go on meanwhile */
    interp_unlock(c->I);
    int n = kafka_consumer_poll(k->c, (int)(ms > INT32_MAX ? INT32_MAX : ms), 0, kafka_interp_check, c->I, &rs, &err);
    interp_lock(c->I);
    if (n < 0) { kafka_records_free(&rs); return kafka_throw(c->I, &err); }
    CRecords *r = malloc(sizeof *r);
    r->list = records_to_seq(&rs, SEQ_JLIST);
    kafka_records_free(&rs);
    *out = host_new(&crecords_class, r);
    return true;
}

/* Offsets to commit from a Map[TopicPartition, OffsetAndMetadata | Long]. */
static bool commit_map(Interp *I, Value m, kafka_tpo **out, size_t *n, Value **items_out, size_t *ni) {
    Value *items;
    size_t k;
    if (!interp_iter_items(I, m, &items, &k))
        return interp_throw(I, "java.lang.IllegalArgumentException", "commitSync needs a Map[TopicPartition, OffsetAndMetadata]");
    kafka_tpo *t = calloc(k ? k : 1, sizeof *t);
    for (size_t i = 0; i < k; i++) {
        Value kv = items[i];
        bool ok = kv.t == T_TUPLE && as_tuple(kv)->n == 2 &&
                  kafka_topic_partition_get(as_tuple(kv)->items[0], &t[i].topic, &t[i].partition);
        if (ok) {
            Value v = as_tuple(kv)->items[1];
            if (v.t == T_HOST && as_host(v)->cls == &oam_class) t[i].offset = ((Oam *)as_host(v)->data)->offset;
            else if (v.t == T_INT || v.t == T_LONG) t[i].offset = v.t == T_INT ? v.u.i : v.u.l;
            else ok = false;
        }
        if (!ok) {
            free(t);
            interp_free_items(items, k);
            return interp_throw(I, "java.lang.IllegalArgumentException", "commitSync needs a Map[TopicPartition, OffsetAndMetadata]");
        }
    }
    *out = t;
    *n = k;
    *items_out = items;
    *ni = k;
    return true;
}

static bool consumer_commit(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    kafka_tpo *t = NULL;
    size_t n = 0, ni = 0;
    Value *items = NULL;
    Value cb = v_unit();
    if (c->argc && c->argv[0].t == T_MAP) {
        if (!commit_map(c->I, c->argv[0], &t, &n, &items, &ni)) return false;
        if (c->argc > 1) cb = c->argv[1];
    } else if (c->argc && c->argv[0].t != T_NULL && !strcmp(c->name, "commitAsync")) cb = c->argv[0];
    else if (c->argc && strcmp(c->name, "commitAsync") && c->argv[0].t != T_NULL) {
        int64_t ms;   /* commitSync(timeout) */
        if (!java_timeout_ms(c->I, c->argv[0], &ms)) return false;
    }
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_consumer_commit(k->c, t, n, kafka_interp_check, c->I, &err);
    free(t);
    if (items) interp_free_items(items, ni);
    if (rc != 0 && !strcmp(err.name, "_NO_OFFSET")) rc = 0;   /* nothing consumed: nothing to commit */
    if (rc != 0 && !k->has_group)
        return interp_throw(c->I, "org.apache.kafka.common.errors.InvalidGroupIdException",
                            "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.");
    if (cb.t != T_UNIT && cb.t != T_NULL) {   /* commitAsync(callback): (offsets, exception) => … */
        Value args[2] = {map_new(MAP_JAVA, false), rc != 0 ? exception_for(c->I, &err) : v_null()}, r;
        bool ok = cb.t == T_FUNC ? interp_call(c->I, cb, 2, args, &r) : interp_call_method(c->I, cb, "onComplete", 2, args, &r);
        val_decref(args[0]);
        val_decref(args[1]);
        if (!ok) return false;
        val_decref(r);
        *out = v_unit();
        return true;
    }
    if (rc != 0) return kafka_throw(c->I, &err);
    *out = v_unit();
    return true;
}

static bool consumer_committed(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    bool single = c->argv[0].t == T_HOST;
    kafka_tpo *t;
    size_t n, ni;
    Value *items;
    if (!tp_list(c->I, c->argv[0], &t, &n, &items, &ni, -1)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_consumer_committed(k->c, t, n, &err);
    if (rc != 0) { free(t); interp_free_items(items, ni); return kafka_throw(c->I, &err); }
    if (single) *out = t[0].offset >= 0 ? oam_make(t[0].offset, "") : v_null();
    else {
        Value m = map_new(MAP_JAVA, false);
        for (size_t i = 0; i < n; i++) {
            val_incref(items[i]);
            map_put(m, items[i], t[i].offset >= 0 ? oam_make(t[i].offset, "") : v_null());
        }
        *out = m;
    }
    free(t);
    interp_free_items(items, ni);
    return true;
}

static bool consumer_assignment(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    kafka_tpo *t = NULL;
    size_t n = 0;
    kafka_error err;
    if (kafka_consumer_assignment(k->c, &t, &n, &err) != 0) return kafka_throw(c->I, &err);
    if (!strcmp(c->name, "position")) {
        const char *topic;
        int32_t part;
        if (c->argc < 1 || !kafka_topic_partition_get(c->argv[0], &topic, &part)) { free(t); return interp_throw(c->I, "java.lang.IllegalArgumentException", "position needs a TopicPartition"); }
        for (size_t i = 0; i < n; i++)
            if (!strcmp(t[i].topic, topic) && t[i].partition == part) {
                int64_t off = t[i].offset;
                free(t);
                if (off < 0) {   /* not fetched yet: the committed offset, as Java would resolve it */
                    kafka_tpo q = {topic, part, -1};
                    if (k->has_group && kafka_consumer_committed(k->c, &q, 1, &err) == 0 && q.offset >= 0) off = q.offset;
                }
                *out = v_long(off);
                return true;
            }
        free(t);
        return interp_throw(c->I, "java.lang.IllegalStateException", "You can only check the position for partitions assigned to this consumer.");
    }
    Value set = map_new(MAP_JAVA, true);
    for (size_t i = 0; i < n; i++) map_put(set, kafka_topic_partition_new(t[i].topic, t[i].partition), v_unit());
    free(t);
    *out = set;
    return true;
}

static bool consumer_subscription(Call *c, Value *out) {
    Consumer *k = as_host(c->self)->data;
    Value set = map_new(MAP_JAVA, true);
    for (size_t i = 0; i < k->ntopics; i++) map_put(set, str_cstr(k->topics[i]), v_unit());
    *out = set;
    return true;
}

static bool consumer_close(Call *c, Value *out) {
    Consumer *k = as_host(c->self)->data;
    consumer_drop(k);
    *out = v_unit();
    return true;
}
static bool consumer_noop(Call *c, Value *out) { (void)c; *out = v_unit(); return true; }

static const MethodDef consumer_methods[] = {
    M("subscribe", consumer_subscribe, 1, 2, "def subscribe(topics: java.util.Collection[String]): Unit", "Group-managed consumption of whole topics (needs group.id)."),
    M("assign", consumer_assign, 1, 1, "def assign(partitions: java.util.Collection[TopicPartition]): Unit", "Manual assignment of partitions (from the committed offset, else auto.offset.reset)."),
    M("unsubscribe", consumer_unsubscribe, 0, 0, "def unsubscribe(): Unit", "Drops the subscription or assignment."),
    M("seekToBeginning", consumer_seek_to, 0, 1, "def seekToBeginning(partitions: java.util.Collection[TopicPartition]): Unit", "Reads the partitions from their first offset (an empty collection: every assigned partition)."),
    M("seekToEnd", consumer_seek_to, 0, 1, "def seekToEnd(partitions: java.util.Collection[TopicPartition]): Unit", "Reads only records that arrive from now on."),
    M("seek", consumer_seek, 2, 2, "def seek(partition: TopicPartition, offset: Long): Unit", "Reads the partition from offset."),
    M("poll", consumer_poll, 1, 1, "def poll(timeout: java.time.Duration): ConsumerRecords[K, V]", "Waits up to timeout for records (interruptible); returns at most max.poll.records."),
    M("commitSync", consumer_commit, 0, 2, "def commitSync(offsets: Map[TopicPartition, OffsetAndMetadata] = positions): Unit", "Commits the positions after the records polled (or the given offsets) for the group."),
    M("commitAsync", consumer_commit, 0, 2, "def commitAsync(callback: OffsetCommitCallback = null): Unit", "Commits like commitSync (it completes before returning here), then calls the callback (offsets, exception) => …."),
    M("committed", consumer_committed, 1, 2, "def committed(partitions: java.util.Set[TopicPartition]): java.util.Map[TopicPartition, OffsetAndMetadata]", "The group's committed offsets (null when none)."),
    M("position", consumer_assignment, 1, 2, "def position(partition: TopicPartition): Long", "The offset of the next record poll returns."),
    M("assignment", consumer_assignment, 0, 0, "def assignment(): java.util.Set[TopicPartition]", "The partitions assigned now."),
    M("subscription", consumer_subscription, 0, 0, "def subscription(): java.util.Set[String]", "The subscribed topics."),
    M("close", consumer_close, 0, 1, "def close(): Unit", "Leaves the group (committing if enable.auto.commit) and closes."),
    M("wakeup", consumer_noop, 0, 0, "def wakeup(): Unit", "Accepted (interrupt the cell to stop a poll)."),
};
HostClass consumer_class = {.name = "KafkaConsumer", .qualified = "org.apache.kafka.clients.consumer.KafkaConsumer",
                            .doc = "A Kafka consumer (librdkafka): subscribe or assign, poll, commitSync, close.",
                            .doc_url = KAFKA_DOC "clients/consumer/KafkaConsumer.html",
                            .methods = consumer_methods, .nmethods = NMETHODS(consumer_methods), .construct = consumer_new,
                            .ctor_signature = "new KafkaConsumer[K, V](properties: java.util.Properties | java.util.Map | Map)",
                            .finalize = consumer_free,
                            .aliases = (const char *const[]){"Consumer", "org.apache.kafka.clients.consumer.Consumer", NULL}};

/* ---- registration ---- */

static HostClass *const client_classes[] = {
    &jclass_class, &secrets_obj, &tp_class, &oam_class,
    &headers_class, &header_class, &precord_class, &rmeta_class, &producer_class, &future_class, &crecord_class,
    &crecords_class, &consumer_class,
};

static void global2(Interp *I, const char *simple, const char *qualified, Value v, const char *sig, const char *doc) {
    if (simple) { val_incref(v); interp_register_global(I, simple, v, sig, doc); }
    if (qualified) { val_incref(v); interp_register_global(I, qualified, v, sig, doc); }
    val_decref(v);
}

/* The REPL echo's view of a Map or pair entry: Kafka's secret settings masked as %kafka shows
 * them (a notebook's outputs get shared; the value stays usable). */
static char *echo_secret_mask(const char *key, const char *value, char *out, size_t n) {
    if (!kafka_config_is_secret(key) && strcmp(key, "sasl.jaas.config") != 0) return NULL;
    return kafka_config_mask(key, value, out, n);
}

void kafka_client_init(Interp *I) {
    kafka_config_init(&session_cfg);
    interp_set_secret_mask(I, echo_secret_mask);
    for (size_t i = 0; i < sizeof client_classes / sizeof client_classes[0]; i++) interp_register_class(I, client_classes[i]);
    static const struct { const char *simple, *qualified, *doc; const ConfObj *data; } objs[] = {
        {"ProducerConfig", "org.apache.kafka.clients.producer.ProducerConfig", "The producer's configuration names (ProducerConfig.BOOTSTRAP_SERVERS_CONFIG is \"bootstrap.servers\").", &producer_obj_data},
        {"ConsumerConfig", "org.apache.kafka.clients.consumer.ConsumerConfig", "The consumer's configuration names (ConsumerConfig.GROUP_ID_CONFIG is \"group.id\").", &consumer_obj_data},
        {"CommonClientConfigs", "org.apache.kafka.clients.CommonClientConfigs", "Configuration names shared by every client.", &common_obj_data},
        {"SaslConfigs", "org.apache.kafka.common.config.SaslConfigs", "SASL configuration names.", &sasl_obj_data},
        {"SslConfigs", "org.apache.kafka.common.config.SslConfigs", "TLS configuration names (librdkafka reads PEM files: ssl.ca.location).", &ssl_obj_data},
    };
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        conf_class_build(&conf_classes[i], objs[i].simple, objs[i].qualified, objs[i].doc, objs[i].data);
        interp_register_class(I, &conf_classes[i].cls);
        char sig[128];
        snprintf(sig, sizeof sig, "object %s", objs[i].simple);
        global2(I, objs[i].simple, objs[i].qualified, host_new(&conf_classes[i].cls, (void *)objs[i].data), sig, objs[i].doc);
    }
    global2(I, "KafkaSecrets", NULL, host_new(&secrets_obj, NULL), "object KafkaSecrets", secrets_obj.doc);
    global2(I, "classOf", NULL, host_new(&jclass_class, NULL), "def classOf[T]: Class[T]",
            "The class of T; Kafka settings accept classOf[StringSerializer] and friends (or the class name as a String).");
    static const char *const serde_global[] = {"StringSerializer", "StringDeserializer", "ByteArraySerializer", "ByteArrayDeserializer", NULL};
    for (int i = 0; serde_global[i]; i++) {
        char q[128];
        snprintf(q, sizeof q, "org.apache.kafka.common.serialization.%s", serde_global[i]);
        global2(I, NULL, q, jclass_new(serde_global[i]), "class", "A Kafka serializer class (for classOf / getName).");
    }
    kafka_stream_init(I);
}

void kafka_client_free(Interp *I) {
    kafka_stream_free(I);
    kafka_config_free(&session_cfg);
    for (size_t i = 0; i < sizeof conf_classes / sizeof conf_classes[0]; i++) {
        free(conf_classes[i].methods);
        conf_classes[i].methods = NULL;
        conf_classes[i].cls.methods = NULL;
        conf_classes[i].cls.nmethods = 0;
    }
    (void)I;
}
