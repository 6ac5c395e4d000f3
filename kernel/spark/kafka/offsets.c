/* offsets.c — where a record stands, as cells see it: TopicPartition, OffsetAndMetadata, and
 * the arrays of (topic, partition, offset) the consumer and the direct stream build from a
 * collection of them (a consumer's assignment, a commit's Map, a stream's OffsetRanges), and
 * the commit callback both call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/kafka/kafka_internal.h"

/* ---- TopicPartition ---- */

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
    METHOD("topic", tp_topic, 0, 0, "def topic(): String", "The topic."),
    METHOD("partition", tp_partition, 0, 0, "def partition(): Int", "The partition number."),
};
HostClass tp_class = {.name = "TopicPartition", .qualified = "org.apache.kafka.common.TopicPartition",
                      .doc = "A topic name and partition number.", .doc_url = KAFKA_DOC "common/TopicPartition.html",
                      HOST_METHODS(tp_methods), .construct = tp_new,
                      .ctor_signature = "new TopicPartition(topic: String, partition: Int)",
                      .finalize = tp_free, .to_string = tp_str, .to_json = tp_json};

bool kafka_tp_list(Interp *I, Value v, kafka_tpo **out, size_t *n, Value **items_out, size_t *nitems, int64_t offset) {
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

/* ---- offset arrays ---- */

bool kafka_offsets_from(Interp *I, Value v, KafkaOffsetEntry entry, const char *need, kafka_tpo **out,
                        Value **items_out, size_t *n) {
    Value *items;
    size_t k;
    if (!interp_iter_items(I, v, &items, &k)) return interp_throw(I, "java.lang.IllegalArgumentException", "%s", need);
    kafka_tpo *t = calloc(k ? k : 1, sizeof *t);
    for (size_t i = 0; i < k; i++)
        if (!entry(items[i], &t[i])) {
            free(t);
            interp_free_items(items, k);
            return interp_throw(I, "java.lang.IllegalArgumentException", "%s", need);
        }
    *out = t;
    *items_out = items;
    *n = k;
    return true;
}

bool kafka_commit_callback(Interp *I, Value cb, Value offsets, Value exception, Value *out) {
    Value args[2] = {offsets, exception}, r;
    bool ok = cb.t == T_FUNC ? interp_call(I, cb, 2, args, &r) : interp_call_method(I, cb, "onComplete", 2, args, &r);
    val_decref(args[0]);
    val_decref(args[1]);
    if (!ok) return false;
    val_decref(r);
    *out = v_unit();
    return true;
}

/* ---- OffsetAndMetadata ---- */

typedef struct { int64_t offset; char *metadata; } Oam;
static void oam_free(void *p) { Oam *o = p; free(o->metadata); free(o); }
Value kafka_oam_new(int64_t off, const char *md) {
    Oam *o = malloc(sizeof *o);
    o->offset = off;
    o->metadata = strdup(md ? md : "");
    return host_new(&oam_class, o);
}
bool kafka_oam_get(Value v, int64_t *offset) {
    if (v.t != T_HOST || as_host(v)->cls != &oam_class) return false;
    *offset = ((Oam *)as_host(v)->data)->offset;
    return true;
}
static bool oam_new(Call *c, Value *out) {
    int64_t off;
    const char *md = "";
    if (!call_arity(c, 1, 2) || !arg_long(c, 0, &off) || (c->argc > 1 && !arg_string(c, 1, &md))) return false;
    *out = kafka_oam_new(off, md);
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
    METHOD("offset", oam_offset, 0, 0, "def offset(): Long", "The offset (the next record to read)."),
    METHOD("metadata", oam_metadata, 0, 0, "def metadata(): String", "The metadata string."),
};
HostClass oam_class = {.name = "OffsetAndMetadata", .qualified = "org.apache.kafka.clients.consumer.OffsetAndMetadata",
                       .doc = "A committed offset.", HOST_METHODS(oam_methods),
                       .construct = oam_new, .ctor_signature = "new OffsetAndMetadata(offset: Long, metadata: String = \"\")",
                       .finalize = oam_free, .to_string = oam_str};
