/* config_objects.c — how cells write a Kafka client's settings: the ProducerConfig /
 * ConsumerConfig / CommonClientConfigs / SaslConfigs / SslConfigs constants, classOf (with
 * Kafka's serializer classes), KafkaSecrets (password prompts), and the reading of a
 * Properties / Map of settings into a kafka_config (kafka_props_from_value), secrets "?" asked
 * for on the way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/kafka/kafka_internal.h"
#include "spark/modules.h"

/* ---- java.lang.Class (classOf) ---- */

static const char *const serde_names[] = {
    "StringSerializer", "StringDeserializer", "ByteArraySerializer", "ByteArrayDeserializer",
    "IntegerSerializer", "IntegerDeserializer", "LongSerializer", "LongDeserializer",
    "DoubleSerializer", "DoubleDeserializer", "ByteBufferSerializer", "ByteBufferDeserializer",
    "BytesSerializer", "BytesDeserializer", "VoidSerializer", "VoidDeserializer", NULL};

static __thread char jclass_type_buf[300];
static const char *jclass_type(void *d) {
    /* Class[T]: T as Scala prints it (java.lang's and the primitives' short names) */
    const char *n = d ? d : "_";
    static const struct { const char *java, *scala; } shortn[] = {
        {"int", "Int"}, {"long", "Long"}, {"double", "Double"}, {"float", "Float"}, {"boolean", "Boolean"},
        {"short", "Short"}, {"byte", "Byte"}, {"char", "Char"}};
    for (size_t i = 0; i < sizeof shortn / sizeof shortn[0]; i++)
        if (!strcmp(n, shortn[i].java)) n = shortn[i].scala;
    if (!strncmp(n, "java.lang.", 10) && !strchr(n + 10, '.')) n += 10;
    snprintf(jclass_type_buf, sizeof jclass_type_buf, "Class[%s]", n);
    return jclass_type_buf;
}
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
    if (c->data) {   /* getSimpleName */
        const char *d = strrchr(n, '.');
        *out = str_cstr(d ? d + 1 : n);
    } else *out = str_cstr(n);
    return true;
}
/* classOf[T]: T as written, qualified as Java names it (java.lang.String for String) */
static bool class_of(Interp *I, const char *type, Value *out) {
    char name[256];
    snprintf(name, sizeof name, "%s", type);
    char *br = strchr(name, '[');
    if (br) *br = 0;   /* classOf[List[Int]]: class scala.collection.immutable.List */
    static const struct { const char *scala, *java; } known[] = {
        {"String", "java.lang.String"}, {"Object", "java.lang.Object"}, {"Int", "int"}, {"Long", "long"},
        {"Double", "double"}, {"Float", "float"}, {"Boolean", "boolean"}, {"Short", "short"}, {"Byte", "byte"},
        {"Char", "char"}, {"Integer", "java.lang.Integer"}, {"Any", "java.lang.Object"},
        {"List", "scala.collection.immutable.List"}, {"Map", "scala.collection.immutable.Map"}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(name, known[i].scala)) {
            *out = host_new(&jclass_class, strdup(known[i].java));
            return true;
        }
    const HostClass *cls = strchr(name, '.') ? NULL : interp_find_class(I, name);
    *out = cls && cls->qualified ? host_new(&jclass_class, strdup(cls->qualified)) : jclass_new(name);
    return true;
}

static bool jclass_apply(Call *c, Value *out) {
    const char *n;
    if (!arg_string(c, 0, &n)) return false;
    *out = jclass_new(n);
    return true;
}
static const MethodDef jclass_methods[] = {
    METHOD("getName", jclass_getname, 0, 0, "def getName(): String", "The class's fully qualified name."),
    METHOD("getCanonicalName", jclass_getname, 0, 0, "def getCanonicalName(): String", "The class's fully qualified name."),
    METHOD_DATA("getSimpleName", jclass_getname, "simple", 0, 0, "def getSimpleName(): String", "The class's simple name."),
    METHOD("apply", jclass_apply, 1, 1, "def apply(name: String): Class[_]", "The class named name (classOf[StringSerializer] is classOf(\"StringSerializer\"))."),
};
HostClass jclass_class = {.name = "Class", .qualified = "java.lang.Class",
                          .doc = "A Java class, as classOf[T] gives it (Kafka settings take serializer classes).",
                          HOST_METHODS(jclass_methods),
                          .finalize = free, .to_string = jclass_str, .type_name = jclass_type};

/* ---- properties → kafka_config ---- */

static char *prompt_secret(Interp *I, const char *role, const char *key) {
    const InterpHooks *h = interp_hooks(I);
    char prompt[300];
    snprintf(prompt, sizeof prompt, "%s%s%s: ", role ? role : "", role ? " " : "", key);
    return h->read_line ? h->read_line(h->ud, prompt, true) : NULL;
}

static bool no_input(Interp *I, const char *key) {
    if (interp_interrupted(I)) return kafka_throw_interrupt(I);
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
    METHOD("prompt", secrets_prompt, 0, 1, "def prompt(name: String): String",
      "Asks for a secret with a password prompt (the input box hides it) and returns it; e.g. "
      "props.put(\"sasl.password\", KafkaSecrets.prompt(\"sasl.password\")). A property whose value is \"?\" is asked for the same way."),
    METHOD("setSession", secrets_session, 1, 1, "def setSession(key: String): Unit",
      "Asks for a secret and keeps it as a session default for every client (like %%configure kafka.KEY), e.g. KafkaSecrets.setSession(\"sasl.password\")."),
};
HostClass kafka_secrets_obj = {.name = "KafkaSecrets$", .qualified = "KafkaSecrets",
                                .doc = "Secrets without typing them into a cell: KafkaSecrets.prompt(\"sasl.password\").",
                                HOST_METHODS(secrets_methods)};

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

static bool conf_const(Call *c, Value *out) {   /* the method's data is the constant's value */
    *out = str_cstr(c->data);
    return true;
}

/* One class per object, its methods added at init from the constant tables (the first of a name
 * wins); the interpreter frees the tables. */
static HostClass conf_classes[5];

static void conf_class_build(HostClass *cls, const char *name, const char *qualified, const char *doc,
                             const ConfObj *o) {
    cls->name = name;
    cls->qualified = qualified;
    cls->doc = doc;
    for (int t = 0; t < 3 && o->tables[t]; t++)
        for (const ConfConst *k = o->tables[t]; k->name; k++) {
            MethodDef m = METHOD_DATA(k->name, conf_const, k->value, 0, 0, "val ", k->value);
            host_class_add_methods(cls, &m, 1);
        }
}

/* ---- org.apache.kafka.common.security.auth.SecurityProtocol (an enum: its name is the value of
 * security.protocol, `SecurityProtocol.SASL_SSL.name`) ---- */

static const char *const protocols[] = {"PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"};
static const int protocol_ids[] = {0, 1, 2, 3};
static HostClass protocol_class;
static int protocol_of(Value v) {
    return v.t == T_HOST && as_host(v)->cls == &protocol_class ? (int)(intptr_t)as_host(v)->data - 1 : -1;
}
static char *protocol_str(Interp *I, void *d) { (void)I; return strdup(protocols[(intptr_t)d - 1]); }
enum { SP_NAME, SP_ID };
static bool protocol_get(Call *c, Value *out) {
    int i = protocol_of(c->self);
    *out = CALL_TAG(c) == SP_NAME ? str_cstr(protocols[i]) : v_int(protocol_ids[i]);
    return true;
}
static const MethodDef protocol_methods[] = {
    METHOD_DATA("name", protocol_get, SP_NAME, 0, 0, "def name(): String", "The protocol's name (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)."),
    METHOD_DATA("id", protocol_get, SP_ID, 0, 0, "val id: Short", "The protocol's number."),
};
static HostClass protocol_class = {
    .name = "SecurityProtocol", .qualified = "org.apache.kafka.common.security.auth.SecurityProtocol",
    .doc = "A Kafka security protocol: its name is the value of security.protocol.",
    HOST_METHODS(protocol_methods), .to_string = protocol_str,
};
static bool protocol_const(Call *c, Value *out) {
    *out = host_new(&protocol_class, (void *)(intptr_t)(CALL_TAG(c) + 1));
    return true;
}
static bool protocol_for_name(Call *c, Value *out) {    /* forName("sasl_ssl"): any case, as Kafka */
    const char *n;
    if (!arg_string(c, 0, &n)) return false;
    for (int i = 0; i < 4; i++)
        if (!strcasecmp(n, protocols[i])) { *out = host_new(&protocol_class, (void *)(intptr_t)(i + 1)); return true; }
    return interp_throw(c->I, "java.lang.IllegalArgumentException", "No enum constant org.apache.kafka.common.security.auth.SecurityProtocol.%s", n);
}
static const MethodDef protocol_obj_methods[] = {
    METHOD_DATA("PLAINTEXT", protocol_const, 0, 0, 0, "val PLAINTEXT: SecurityProtocol", "No encryption, no authentication."),
    METHOD_DATA("SSL", protocol_const, 1, 0, 0, "val SSL: SecurityProtocol", "TLS."),
    METHOD_DATA("SASL_PLAINTEXT", protocol_const, 2, 0, 0, "val SASL_PLAINTEXT: SecurityProtocol", "SASL authentication, no encryption."),
    METHOD_DATA("SASL_SSL", protocol_const, 3, 0, 0, "val SASL_SSL: SecurityProtocol", "SASL authentication over TLS."),
    METHOD("forName", protocol_for_name, 1, 1, "def forName(name: String): SecurityProtocol", "The protocol of that name (any case)."),
};
static HostClass protocol_obj_class = {
    .name = "SecurityProtocol$", .qualified = "org.apache.kafka.common.security.auth.SecurityProtocol$",
    .doc = "Kafka's security protocols: SecurityProtocol.SASL_SSL.name is \"SASL_SSL\".", HOST_METHODS(protocol_obj_methods),
};

/* ---- registration ---- */

static void global2(Interp *I, const char *simple, const char *qualified, Value v, const char *sig, const char *doc) {
    if (simple) { val_incref(v); interp_register_global(I, simple, v, sig, doc); }
    if (qualified) { val_incref(v); interp_register_global(I, qualified, v, sig, doc); }
    val_decref(v);
}

void kafka_config_objects_init(Interp *I) {
    static const struct { const char *simple, *qualified, *doc; const ConfObj *data; } objs[] = {
        {"ProducerConfig", "org.apache.kafka.clients.producer.ProducerConfig", "The producer's configuration names (ProducerConfig.BOOTSTRAP_SERVERS_CONFIG is \"bootstrap.servers\").", &producer_obj_data},
        {"ConsumerConfig", "org.apache.kafka.clients.consumer.ConsumerConfig", "The consumer's configuration names (ConsumerConfig.GROUP_ID_CONFIG is \"group.id\").", &consumer_obj_data},
        {"CommonClientConfigs", "org.apache.kafka.clients.CommonClientConfigs", "Configuration names shared by every client.", &common_obj_data},
        {"SaslConfigs", "org.apache.kafka.common.config.SaslConfigs", "SASL configuration names.", &sasl_obj_data},
        {"SslConfigs", "org.apache.kafka.common.config.SslConfigs", "TLS configuration names (librdkafka reads PEM files: ssl.ca.location).", &ssl_obj_data},
    };
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        conf_class_build(&conf_classes[i], objs[i].simple, objs[i].qualified, objs[i].doc, objs[i].data);
        interp_register_class(I, &conf_classes[i]);
        char sig[128];
        snprintf(sig, sizeof sig, "object %s", objs[i].simple);
        global2(I, objs[i].simple, objs[i].qualified, host_new(&conf_classes[i], (void *)objs[i].data), sig, objs[i].doc);
    }
    interp_register_class(I, &protocol_class);
    interp_register_class(I, &protocol_obj_class);
    global2(I, "SecurityProtocol", "org.apache.kafka.common.security.auth.SecurityProtocol", host_new(&protocol_obj_class, NULL),
            "object SecurityProtocol", protocol_obj_class.doc);
    global2(I, "KafkaSecrets", NULL, host_new(&kafka_secrets_obj, NULL), "object KafkaSecrets", kafka_secrets_obj.doc);
    interp_register_type_function(I, "classOf", class_of);
    global2(I, "classOf", NULL, host_new(&jclass_class, NULL), "def classOf[T]: Class[T]",
            "The class of T; Kafka settings accept classOf[StringSerializer] and friends (or the class name as a String).");
    static const char *const serde_global[] = {"StringSerializer", "StringDeserializer", "ByteArraySerializer", "ByteArrayDeserializer", NULL};
    for (int i = 0; serde_global[i]; i++) {
        char q[128];
        snprintf(q, sizeof q, "org.apache.kafka.common.serialization.%s", serde_global[i]);
        global2(I, NULL, q, jclass_new(serde_global[i]), "class", "A Kafka serializer class (for classOf / getName).");
    }
}
