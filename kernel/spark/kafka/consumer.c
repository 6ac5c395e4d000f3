/* consumer.c — Kafka's consumer as cells see it: KafkaConsumer (subscribe or assign, poll,
 * seek, commitSync/commitAsync, committed, position) and the ConsumerRecords / ConsumerRecord it
 * returns, which the direct stream's batches hold too (kafka_consumer_record_new).
 *
 * Threads: every method runs on the thread evaluating the cell with the interpreter lock held;
 * poll lets it go while it waits, so a running stream's batches go on meanwhile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/consumer.h"
#include "spark/core/java_util.h"
#include "spark/kafka/kafka_internal.h"

/* ---- small helpers ---- */

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

/* ---- ConsumerRecord ---- */

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
        r->headers = kafka_headers_new();
        Headers *h = as_host(r->headers)->data;
        for (size_t i = 0; i < x->nheaders; i++) {
            Value kv[2] = {str_cstr(x->headers[i].key), kafka_header_value(&x->headers[i])};
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
                                     : kafka_headers_str(I, as_host(r->headers)->data);
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
        if (r->headers.t == T_UNIT) r->headers = kafka_headers_new();
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
    METHOD("topic", crecord_get, 0, 0, "def topic(): String", "The topic."),
    METHOD("partition", crecord_get, 0, 0, "def partition(): Int", "The partition."),
    METHOD("offset", crecord_get, 0, 0, "def offset(): Long", "The offset in the partition."),
    METHOD("timestamp", crecord_get, 0, 0, "def timestamp(): Long", "The timestamp (ms since the epoch)."),
    METHOD("timestampType", crecord_get, 0, 0, "def timestampType(): TimestampType", "CreateTime or LogAppendTime."),
    METHOD("key", crecord_get, 0, 0, "def key(): K", "The key (null when none)."),
    METHOD("value", crecord_get, 0, 0, "def value(): V", "The value."),
    METHOD("headers", crecord_get, 0, 0, "def headers(): Headers", "The headers."),
    METHOD("serializedKeySize", crecord_get, 0, 0, "def serializedKeySize(): Int", "The key's size in bytes (-1 for null)."),
    METHOD("serializedValueSize", crecord_get, 0, 0, "def serializedValueSize(): Int", "The value's size in bytes (-1 for null)."),
    METHOD("leaderEpoch", crecord_get, 0, 0, "def leaderEpoch(): Optional[Integer]", "null here."),
};
HostClass crecord_class = {.name = "ConsumerRecord", .qualified = "org.apache.kafka.clients.consumer.ConsumerRecord",
                           .doc = "A record read from Kafka: topic, partition, offset, timestamp, key, value, headers.",
                           .doc_url = KAFKA_DOC "clients/consumer/ConsumerRecord.html",
                           HOST_METHODS(crecord_methods), .construct = crecord_new,
                           .finalize = crecord_free, .traverse = crecord_traverse, .to_string = crecord_str,
                           .to_json = crecord_json};

/* ---- ConsumerRecords ---- */

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
    METHOD("count", crecords_count, 0, 0, "def count(): Int", "How many records the poll returned."),
    METHOD("isEmpty", crecords_isempty, 0, 0, "def isEmpty(): Boolean", "Whether the poll returned none."),
    METHOD("asScala", crecords_asscala, 0, 0, "def asScala: Iterable[ConsumerRecord[K, V]]", "The records as a Scala List."),
    METHOD("toList", crecords_asscala, 0, 0, "def toList: List[ConsumerRecord[K, V]]", "The records as a Scala List."),
    METHOD("iterator", crecords_asscala, 0, 0, "def iterator(): Iterator[ConsumerRecord[K, V]]", "An iterator over the records."),
    METHOD("foreach", crecords_foreach, 1, 1, "def foreach(f: ConsumerRecord[K, V] => Unit): Unit", "Calls f for every record."),
    METHOD("forEach", crecords_foreach, 1, 1, "def forEach(f: ConsumerRecord[K, V] => Unit): Unit", "Calls f for every record."),
    METHOD("records", crecords_records, 1, 1, "def records(partition: TopicPartition | topic: String): java.util.List[ConsumerRecord[K, V]]", "The records of one partition or topic."),
    METHOD("partitions", crecords_partitions, 0, 0, "def partitions(): java.util.Set[TopicPartition]", "The partitions that have records."),
};
HostClass crecords_class = {.name = "ConsumerRecords", .qualified = "org.apache.kafka.clients.consumer.ConsumerRecords",
                            .doc = "The records of one poll: count, isEmpty, asScala, foreach.",
                            HOST_METHODS(crecords_methods),
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
    bool has_group = kafka_nonempty(kafka_config_get(&cfg, "group.id")) != NULL;
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
    if (!kafka_tp_list(c->I, c->argv[0], &t, &n, &items, &ni, KAFKA_OFFSET_STORED)) return false;
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
    if (c->argc && !kafka_tp_list(c->I, c->argv[0], &t, &n, &items, &ni, where)) return false;
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
    if (!kafka_oam_get(c->argv[1], &off) && !arg_long(c, 1, &off)) return false;
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

/* An entry of a Map[TopicPartition, OffsetAndMetadata | Long] of offsets to commit. */
static bool commit_entry(Value kv, kafka_tpo *t) {
    if (kv.t != T_TUPLE || as_tuple(kv)->n != 2 || !kafka_topic_partition_get(as_tuple(kv)->items[0], &t->topic, &t->partition))
        return false;
    Value v = as_tuple(kv)->items[1];
    if (kafka_oam_get(v, &t->offset)) return true;
    if (v.t != T_INT && v.t != T_LONG) return false;
    t->offset = v.t == T_INT ? v.u.i : v.u.l;
    return true;
}

static bool consumer_commit(Call *c, Value *out) {
    Consumer *k = open_consumer(c);
    if (!k) return false;
    kafka_tpo *t = NULL;
    size_t n = 0;
    Value *items = NULL;
    Value cb = v_unit();
    if (c->argc && c->argv[0].t == T_MAP) {
        if (!kafka_offsets_from(c->I, c->argv[0], commit_entry, "commitSync needs a Map[TopicPartition, OffsetAndMetadata]", &t, &items, &n))
            return false;
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
    if (items) interp_free_items(items, n);
    if (rc != 0 && !strcmp(err.name, "_NO_OFFSET")) rc = 0;   /* nothing consumed: nothing to commit */
    if (rc != 0 && !k->has_group)
        return interp_throw(c->I, "org.apache.kafka.common.errors.InvalidGroupIdException",
                            "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.");
    if (cb.t != T_UNIT && cb.t != T_NULL)   /* commitAsync(callback): (offsets, exception) => … */
        return kafka_commit_callback(c->I, cb, map_new(MAP_JAVA, false), rc != 0 ? kafka_exception_value(c->I, &err) : v_null(), out);
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
    if (!kafka_tp_list(c->I, c->argv[0], &t, &n, &items, &ni, -1)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_consumer_committed(k->c, t, n, &err);
    if (rc != 0) { free(t); interp_free_items(items, ni); return kafka_throw(c->I, &err); }
    if (single) *out = t[0].offset >= 0 ? kafka_oam_new(t[0].offset, "") : v_null();
    else {
        Value m = map_new(MAP_JAVA, false);
        for (size_t i = 0; i < n; i++) {
            val_incref(items[i]);
            map_put(m, items[i], t[i].offset >= 0 ? kafka_oam_new(t[i].offset, "") : v_null());
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
    METHOD("subscribe", consumer_subscribe, 1, 2, "def subscribe(topics: java.util.Collection[String]): Unit", "Group-managed consumption of whole topics (needs group.id)."),
    METHOD("assign", consumer_assign, 1, 1, "def assign(partitions: java.util.Collection[TopicPartition]): Unit", "Manual assignment of partitions (from the committed offset, else auto.offset.reset)."),
    METHOD("unsubscribe", consumer_unsubscribe, 0, 0, "def unsubscribe(): Unit", "Drops the subscription or assignment."),
    METHOD("seekToBeginning", consumer_seek_to, 0, 1, "def seekToBeginning(partitions: java.util.Collection[TopicPartition]): Unit", "Reads the partitions from their first offset (an empty collection: every assigned partition)."),
    METHOD("seekToEnd", consumer_seek_to, 0, 1, "def seekToEnd(partitions: java.util.Collection[TopicPartition]): Unit", "Reads only records that arrive from now on."),
    METHOD("seek", consumer_seek, 2, 2, "def seek(partition: TopicPartition, offset: Long): Unit", "Reads the partition from offset."),
    METHOD("poll", consumer_poll, 1, 1, "def poll(timeout: java.time.Duration): ConsumerRecords[K, V]", "Waits up to timeout for records (interruptible); returns at most max.poll.records."),
    METHOD("commitSync", consumer_commit, 0, 2, "def commitSync(offsets: Map[TopicPartition, OffsetAndMetadata] = positions): Unit", "Commits the positions after the records polled (or the given offsets) for the group."),
    METHOD("commitAsync", consumer_commit, 0, 2, "def commitAsync(callback: OffsetCommitCallback = null): Unit", "Commits like commitSync (it completes before returning here), then calls the callback (offsets, exception) => …."),
    METHOD("committed", consumer_committed, 1, 2, "def committed(partitions: java.util.Set[TopicPartition]): java.util.Map[TopicPartition, OffsetAndMetadata]", "The group's committed offsets (null when none)."),
    METHOD("position", consumer_assignment, 1, 2, "def position(partition: TopicPartition): Long", "The offset of the next record poll returns."),
    METHOD("assignment", consumer_assignment, 0, 0, "def assignment(): java.util.Set[TopicPartition]", "The partitions assigned now."),
    METHOD("subscription", consumer_subscription, 0, 0, "def subscription(): java.util.Set[String]", "The subscribed topics."),
    METHOD("close", consumer_close, 0, 1, "def close(): Unit", "Leaves the group (committing if enable.auto.commit) and closes."),
    METHOD("wakeup", consumer_noop, 0, 0, "def wakeup(): Unit", "Accepted (interrupt the cell to stop a poll)."),
};
HostClass consumer_class = {.name = "KafkaConsumer", .qualified = "org.apache.kafka.clients.consumer.KafkaConsumer",
                            .doc = "A Kafka consumer (librdkafka): subscribe or assign, poll, commitSync, close.",
                            .doc_url = KAFKA_DOC "clients/consumer/KafkaConsumer.html",
                            HOST_METHODS(consumer_methods), .construct = consumer_new,
                            .ctor_signature = "new KafkaConsumer[K, V](properties: java.util.Properties | java.util.Map | Map)",
                            .finalize = consumer_free,
                            .aliases = (const char *const[]){"Consumer", "org.apache.kafka.clients.consumer.Consumer", NULL}};
