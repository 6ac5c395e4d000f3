/* producer.c — Kafka's producer as cells see it: KafkaProducer, ProducerRecord, RecordMetadata,
 * the Future send returns and the send callback ((metadata, exception) => … or a Callback's
 * onCompletion).
 *
 * Threads: every method runs on the thread evaluating the cell (or a batch) with the interpreter
 * lock held.  Delivery reports are served by kernel/kafka in the thread that calls send, flush,
 * poll or close — this one — and Scala callbacks are queued there and run after the Kafka call
 * returns, so an exception in a callback unwinds the cell normally.
 *
 * Failures are never silent (docs/kafka.md, "From cells"): a failed delivery goes to the send's
 * callback if it has one (and to its Future); otherwise the next send or flush throws it, and
 * close() throws "N delivered, M failed" if anything failed during the producer's life. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/producer.h"
#include "spark/core/java_util.h"
#include "spark/kafka/kafka_internal.h"

static bool arg_int_or_null(Call *c, int i, int32_t *out, bool *is_null) {
    Value v = c->argv[i];
    *is_null = v.t == T_NULL;
    if (*is_null) return true;
    int64_t x;
    if (!arg_long(c, i, &x)) return false;
    *out = (int32_t)x;
    return true;
}

/* ---- ProducerRecord ---- */

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
        r->headers = kafka_headers_new();
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
    char *h = r->headers.t == T_UNIT ? strdup("RecordHeaders(headers = [], isReadOnly = false)") : kafka_headers_str(I, as_host(r->headers)->data);
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
        if (r->headers.t == T_UNIT) r->headers = kafka_headers_new();
        *out = r->headers;
        break;
    }
    val_incref(*out);
    return true;
}
static const MethodDef precord_methods[] = {
    METHOD("topic", precord_get, 0, 0, "def topic(): String", "The topic."),
    METHOD("partition", precord_get, 0, 0, "def partition(): Integer", "The partition, or null (the partitioner chooses)."),
    METHOD("key", precord_get, 0, 0, "def key(): K", "The key (may be null)."),
    METHOD("value", precord_get, 0, 0, "def value(): V", "The value."),
    METHOD("timestamp", precord_get, 0, 0, "def timestamp(): Long", "The timestamp given, or null."),
    METHOD("headers", precord_get, 0, 0, "def headers(): Headers", "The headers (add(key, bytes) adds one)."),
};
HostClass precord_class = {.name = "ProducerRecord", .qualified = "org.apache.kafka.clients.producer.ProducerRecord",
                           .doc = "A record to send: topic, optional partition and key, value.",
                           .doc_url = KAFKA_DOC "clients/producer/ProducerRecord.html",
                           HOST_METHODS(precord_methods), .construct = precord_new,
                           .ctor_signature = "new ProducerRecord[K, V](topic: String, [partition: Integer, [timestamp: Long,]] [key: K,] value: V)",
                           .finalize = precord_free, .traverse = precord_traverse, .to_string = precord_str};

/* ---- RecordMetadata ---- */

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
    METHOD("topic", rmeta_get, 0, 0, "def topic(): String", "The topic the record went to."),
    METHOD("partition", rmeta_get, 0, 0, "def partition(): Int", "The partition it went to."),
    METHOD("offset", rmeta_get, 0, 0, "def offset(): Long", "Its offset in the partition."),
    METHOD("timestamp", rmeta_get, 0, 0, "def timestamp(): Long", "Its timestamp (ms since the epoch)."),
    METHOD("hasOffset", rmeta_get, 0, 0, "def hasOffset(): Boolean", "Whether the offset is known."),
    METHOD("hasTimestamp", rmeta_get, 0, 0, "def hasTimestamp(): Boolean", "Whether the timestamp is known."),
};
HostClass rmeta_class = {.name = "RecordMetadata", .qualified = "org.apache.kafka.clients.producer.RecordMetadata",
                         .doc = "Where a sent record was stored.", HOST_METHODS(rmeta_methods),
                         .finalize = rmeta_free, .to_string = rmeta_str, .to_json = rmeta_json};

/* ---- KafkaProducer ---- */

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

/* Runs the callbacks of completed records, in completion order. */
static bool run_callbacks(Interp *I, Producer *p) {
    while (p->cb_head) {
        DSlot *s = p->cb_head;
        p->cb_head = s->next;
        if (!p->cb_head) p->cb_tail = NULL;
        s->next = NULL;
        Value args[2];
        args[0] = rmeta_make(s->topic, s->partition, s->offset, s->timestamp);
        args[1] = s->failed ? kafka_exception_value(I, &s->err) : v_null();
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
    if (interrupted) return kafka_throw_interrupt(c->I);
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
    METHOD("send", producer_send, 1, 2, "def send(record: ProducerRecord[K, V], callback: (RecordMetadata, Exception) => Unit = null): Future[RecordMetadata]",
      "Sends asynchronously. The callback (a lambda (metadata, exception) => …) runs in this cell when the broker answers; "
      "exception is null on success. A failure without a callback is thrown by the next send or flush, and close() reports "
      "\"N delivered, M failed\"."),
    METHOD("flush", producer_flush, 0, 0, "def flush(): Unit", "Waits until every sent record is delivered or failed (interruptible); throws the failures not yet reported."),
    METHOD("close", producer_close, 0, 1, "def close(timeout: Duration = forever): Unit",
      "Flushes and closes; if any record failed during the producer's life, throws \"N delivered, M failed\" with the first error."),
    METHOD("metrics", producer_metrics, 0, 0, "def metrics(): Map[String, Long]", "Counters: records sent, delivered, failed, pending."),
};
HostClass producer_class = {.name = "KafkaProducer", .qualified = "org.apache.kafka.clients.producer.KafkaProducer",
                            .doc = "A Kafka producer (librdkafka): acks=all and idempotence by default; brokers from its "
                                   "properties, else %%configure kafka.bootstrap.servers, KAFKA_BOOTSTRAP_SERVERS or the embedded broker.",
                            .doc_url = KAFKA_DOC "clients/producer/KafkaProducer.html",
                            HOST_METHODS(producer_methods), .construct = producer_new,
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
            if (interp_interrupted(c->I)) return kafka_throw_interrupt(c->I);
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
    METHOD("get", future_get, 0, 2, "def get(): RecordMetadata", "Waits for the record's delivery; throws ExecutionException if it failed."),
    METHOD("isDone", future_isdone, 0, 0, "def isDone(): Boolean", "Whether the broker has answered."),
};
HostClass future_class = {.name = "Future", .qualified = "java.util.concurrent.Future",
                          .doc = "The result of KafkaProducer.send.", HOST_METHODS(future_methods),
                          .finalize = future_free};
