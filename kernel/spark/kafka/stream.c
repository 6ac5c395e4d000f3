/* stream.c — Spark's Kafka direct stream (spark-streaming-kafka-0-10) on the batch reader
 * of kernel/kafka/batch.h: KafkaUtils.createDirectStream / createRDD, LocationStrategies,
 * ConsumerStrategies (Subscribe, SubscribePattern, Assign), OffsetRange, HasOffsetRanges,
 * CanCommitOffsets.
 *
 * Each batch fixes, for every partition, the range from the stream's position up to the end
 * offset seen at batch time (capped by spark.streaming.kafka.maxRatePerPartition × the batch
 * interval): a lazy KafkaRDD (kafka_rdd.c) with one partition per Kafka partition, fetched when
 * a job reads it, whose meta is the Array of OffsetRanges.
 * Starting positions are fixed when the context starts: the Assign/Subscribe offsets given, else
 * the group's committed offsets, else auto.offset.reset (Kafka's default: latest).  With
 * enable.auto.commit=true (and a group.id) each batch's end offsets are committed after it is
 * read; otherwise commitAsync(offsetRanges) commits (it completes before returning here).
 * Checkpoints save the per-partition next offsets, so a resumed stream neither loses nor
 * repeats records. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka/admin.h"
#include "kafka/batch.h"
#include "spark/kafka/kafka_internal.h"
#include "spark/modules.h"
#include "spark/spark.h"
#include "spark/streaming/streaming.h"

#define KAFKA010_DOC "https://spark.apache.org/docs/3.3.0/api/scala/org/apache/spark/streaming/kafka010/"

/* ---- OffsetRange ---- */

extern HostClass orange_class;
typedef struct { char *topic; int32_t partition; int64_t from, until; } ORange;
static void orange_free(void *p) { ORange *o = p; free(o->topic); free(o); }
static Value orange_make(const char *topic, int32_t part, int64_t from, int64_t until) {
    ORange *o = malloc(sizeof *o);
    o->topic = strdup(topic);
    o->partition = part;
    o->from = from;
    o->until = until;
    return host_new(&orange_class, o);
}
static bool orange_get_(Value v, ORange **out) {
    if (v.t != T_HOST || as_host(v)->cls != &orange_class) return false;
    *out = as_host(v)->data;
    return true;
}
static char *orange_str(Interp *I, void *p) {
    (void)I;
    ORange *o = p;
    char *s = NULL;
    if (asprintf(&s, "OffsetRange(topic: '%s', partition: %d, range: [%lld -> %lld])", o->topic, (int)o->partition,
                 (long long)o->from, (long long)o->until) < 0) return NULL;
    return s;
}
static json_t *orange_json(Interp *I, void *p) {
    (void)I;
    ORange *o = p;
    return json_pack("{s:s, s:i, s:I, s:I}", "topic", o->topic, "partition", (int)o->partition,
                     "fromOffset", (json_int_t)o->from, "untilOffset", (json_int_t)o->until);
}
enum { OR_TOPIC_PARTITION, OR_TOPIC, OR_PARTITION, OR_FROM, OR_UNTIL, OR_COUNT };   /* orange_get's field */
static bool orange_get(Call *c, Value *out) {
    ORange *o = as_host(c->self)->data;
    switch (CALL_TAG(c)) {
    case OR_TOPIC: *out = str_cstr(o->topic); break;
    case OR_PARTITION: *out = v_int(o->partition); break;
    case OR_FROM: *out = v_long(o->from); break;
    case OR_UNTIL: *out = v_long(o->until); break;
    case OR_COUNT: *out = v_long(o->until - o->from); break;
    default: *out = kafka_topic_partition_new(o->topic, o->partition);
    }
    return true;
}
static const MethodDef orange_methods[] = {
    METHOD_DATA("topic", orange_get, OR_TOPIC, 0, 0, "val topic: String", "The topic."),
    METHOD_DATA("partition", orange_get, OR_PARTITION, 0, 0, "val partition: Int", "The partition."),
    METHOD_DATA("fromOffset", orange_get, OR_FROM, 0, 0, "val fromOffset: Long", "The first offset of the range (inclusive)."),
    METHOD_DATA("untilOffset", orange_get, OR_UNTIL, 0, 0, "val untilOffset: Long", "The end of the range (exclusive): the next batch starts here."),
    METHOD_DATA("count", orange_get, OR_COUNT, 0, 0, "def count(): Long", "untilOffset - fromOffset."),
    METHOD_DATA("topicPartition", orange_get, OR_TOPIC_PARTITION, 0, 0, "def topicPartition(): TopicPartition", "The topic and partition."),
};
HostClass orange_class = {.name = "OffsetRange", .qualified = "org.apache.spark.streaming.kafka010.OffsetRange",
                          .doc = "The offsets [fromOffset, untilOffset) of one Kafka partition in one batch.",
                          .doc_url = KAFKA010_DOC "OffsetRange.html",
                          HOST_METHODS(orange_methods),
                          .finalize = orange_free, .to_string = orange_str, .to_json = orange_json};

static bool orange_create(Call *c, Value *out) {
    const char *topic;
    int64_t part, from, until;
    if (!call_arity(c, 3, 4)) return false;
    if (c->argc == 3) {   /* create(topicPartition, from, until) */
        int32_t p32;
        if (!kafka_topic_partition_get(c->argv[0], &topic, &p32))
            return interp_throw(c->I, "java.lang.IllegalArgumentException", "OffsetRange(topicPartition, fromOffset, untilOffset)");
        part = p32;
        if (!arg_long(c, 1, &from) || !arg_long(c, 2, &until)) return false;
    } else if (!arg_string(c, 0, &topic) || !arg_long(c, 1, &part) || !arg_long(c, 2, &from) || !arg_long(c, 3, &until))
        return false;
    *out = orange_make(topic, (int32_t)part, from, until);
    return true;
}
static const MethodDef orange_obj_methods[] = {
    METHOD("create", orange_create, 3, 4, "def create(topic: String, partition: Int, fromOffset: Long, untilOffset: Long): OffsetRange", "An OffsetRange."),
    METHOD("apply", orange_create, 3, 4, "def apply(topic: String, partition: Int, fromOffset: Long, untilOffset: Long): OffsetRange", "An OffsetRange."),
};
static HostClass orange_obj = {.name = "OffsetRange$", .qualified = "org.apache.spark.streaming.kafka010.OffsetRange$",
                               .doc = "OffsetRange(topic, partition, fromOffset, untilOffset) / OffsetRange.create(…).",
                               HOST_METHODS(orange_obj_methods)};

/* Marker traits, for completion and inspection (the casts work through the RDD's and the
 * DStream's aliases). */
static HostClass has_ranges_class = {.name = "HasOffsetRanges", .qualified = "org.apache.spark.streaming.kafka010.HasOffsetRanges",
                                     .doc = "rdd.asInstanceOf[HasOffsetRanges].offsetRanges: the Kafka offsets of a direct stream's batch.",
                                     .doc_url = KAFKA010_DOC "HasOffsetRanges.html"};
static HostClass can_commit_class = {.name = "CanCommitOffsets", .qualified = "org.apache.spark.streaming.kafka010.CanCommitOffsets",
                                     .doc = "stream.asInstanceOf[CanCommitOffsets].commitAsync(offsetRanges): commits a batch's offsets for the group.",
                                     .doc_url = KAFKA010_DOC "CanCommitOffsets.html"};

/* ---- location strategies (accepted: everything runs in this process) ---- */

static HostClass location_class = {.name = "LocationStrategy", .qualified = "org.apache.spark.streaming.kafka010.LocationStrategy",
                                   .doc = "Where Kafka partitions are read; every strategy reads in this kernel's process."};
static bool location_get(Call *c, Value *out) { (void)c; *out = host_new(&location_class, NULL); return true; }
static const MethodDef location_obj_methods[] = {
    METHOD("PreferConsistent", location_get, 0, 0, "def PreferConsistent: LocationStrategy", "Spreads partitions over executors (here: this process)."),
    METHOD("PreferBrokers", location_get, 0, 0, "def PreferBrokers: LocationStrategy", "Reads on the brokers' hosts (here: this process)."),
    METHOD("PreferFixed", location_get, 1, 1, "def PreferFixed(hostMap: Map[TopicPartition, String]): LocationStrategy", "Fixed hosts (here: this process)."),
};
static HostClass location_obj = {.name = "LocationStrategies$", .qualified = "org.apache.spark.streaming.kafka010.LocationStrategies",
                                 .doc = "LocationStrategies.PreferConsistent (accepted; partitions are read in this process).",
                                 HOST_METHODS(location_obj_methods)};

/* ---- consumer strategies ---- */

typedef enum { ST_SUBSCRIBE, ST_PATTERN, ST_ASSIGN } StratKind;
typedef struct { char *topic; int32_t partition; int64_t offset; } Tpo;
typedef struct {
    StratKind kind;
    char **topics;           /* Subscribe: topics; SubscribePattern: the regex in topics[0] */
    size_t ntopics;
    Tpo *parts;              /* Assign: the partitions */
    size_t nparts;
    Tpo *offsets;            /* starting offsets given (any strategy) */
    size_t noffsets;
    kafka_config params;
} Strategy;

extern HostClass strategy_class;
static void strategy_free(void *p) {
    Strategy *s = p;
    for (size_t i = 0; i < s->ntopics; i++) free(s->topics[i]);
    free(s->topics);
    for (size_t i = 0; i < s->nparts; i++) free(s->parts[i].topic);
    free(s->parts);
    for (size_t i = 0; i < s->noffsets; i++) free(s->offsets[i].topic);
    free(s->offsets);
    kafka_config_free(&s->params);
    free(s);
}
static char *strategy_str(Interp *I, void *p) {
    (void)I;
    Strategy *s = p;
    return strdup(s->kind == ST_SUBSCRIBE ? "Subscribe" : s->kind == ST_PATTERN ? "SubscribePattern" : "Assign");
}
HostClass strategy_class = {.name = "ConsumerStrategy", .qualified = "org.apache.spark.streaming.kafka010.ConsumerStrategy",
                            .doc = "Which topics or partitions a direct stream reads, and its Kafka parameters.",
                            .finalize = strategy_free, .to_string = strategy_str};

/* Frees the first m entries of t, t and the items, and raises IllegalArgumentException(msg). */
static bool tpo_fail(Interp *I, Tpo *t, size_t m, Value *items, size_t k, const char *msg) {
    for (size_t j = 0; j < m; j++) free(t[j].topic);
    free(t);
    interp_free_items(items, k);
    return interp_throw(I, "java.lang.IllegalArgumentException", "%s", msg);
}

static bool tp_items(Interp *I, Value v, Tpo **out, size_t *n) {
    Value *items;
    size_t k;
    if (!interp_iter_items(I, v, &items, &k))
        return interp_throw(I, "java.lang.IllegalArgumentException", "Assign needs a collection of TopicPartition");
    Tpo *t = calloc(k ? k : 1, sizeof *t);
    for (size_t i = 0; i < k; i++) {
        const char *topic;
        int32_t part;
        if (!kafka_topic_partition_get(items[i], &topic, &part))
            return tpo_fail(I, t, i, items, k, "Assign needs TopicPartitions (new TopicPartition(topic, n))");
        t[i].topic = strdup(topic);
        t[i].partition = part;
        t[i].offset = KAFKA_OFFSET_STORED;
    }
    interp_free_items(items, k);
    *out = t;
    *n = k;
    return true;
}

/* Map[TopicPartition, Long] of starting offsets. */
static bool offsets_map(Interp *I, Value v, Tpo **out, size_t *n) {
    *out = NULL;
    *n = 0;
    if (v.t == T_UNIT || v.t == T_NULL) return true;
    Value *items;
    size_t k;
    if (v.t != T_MAP || !interp_iter_items(I, v, &items, &k))
        return interp_throw(I, "java.lang.IllegalArgumentException", "the starting offsets must be a Map[TopicPartition, Long]");
    Tpo *t = calloc(k ? k : 1, sizeof *t);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        Value kv = items[i];
        const char *topic;
        int32_t part;
        Value off = as_tuple(kv)->items[1];
        if (!kafka_topic_partition_get(as_tuple(kv)->items[0], &topic, &part) || (off.t != T_INT && off.t != T_LONG))
            return tpo_fail(I, t, m, items, k, "the starting offsets must be a Map[TopicPartition, Long]");
        t[m].topic = strdup(topic);
        t[m].partition = part;
        t[m].offset = off.t == T_INT ? off.u.i : off.u.l;
        m++;
    }
    interp_free_items(items, k);
    *out = t;
    *n = m;
    return true;
}

static bool make_strategy(Call *c, Value *out, StratKind kind) {
    if (!call_arity(c, 2, 3)) return false;
    Strategy *s = calloc(1, sizeof *s);
    s->kind = kind;
    kafka_config_init(&s->params);
    Value first = c->argv[0];
    bool ok = true;
    if (kind == ST_ASSIGN) ok = tp_items(c->I, first, &s->parts, &s->nparts);
    else if (kind == ST_PATTERN) {
        s->topics = malloc(sizeof(char *));
        s->topics[0] = val_to_string(c->I, first);
        s->ntopics = 1;
        char *re = NULL;
        regex_t rx;
        if (asprintf(&re, "^(%s)$", s->topics[0]) < 0) re = NULL;
        if (!re || regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
            ok = interp_throw(c->I, "java.util.regex.PatternSyntaxException", "SubscribePattern: not a regular expression: %s", s->topics[0]);
        else regfree(&rx);
        free(re);
    } else {
        Value *items;
        size_t k;
        if (first.t == T_STR) {
            s->topics = malloc(sizeof(char *));
            s->topics[0] = strdup(as_str(first)->s);
            s->ntopics = 1;
        } else if (interp_iter_items(c->I, first, &items, &k)) {
            s->topics = calloc(k ? k : 1, sizeof(char *));
            for (size_t i = 0; i < k && ok; i++) {
                if (items[i].t != T_STR) ok = interp_throw(c->I, "java.lang.IllegalArgumentException", "Subscribe's topics must be Strings");
                else s->topics[s->ntopics++] = strdup(as_str(items[i])->s);
            }
            interp_free_items(items, k);
            if (ok && k == 0) ok = interp_throw(c->I, "java.lang.IllegalArgumentException", "Subscribe needs at least one topic");
        } else ok = interp_throw(c->I, "java.lang.IllegalArgumentException", "Subscribe needs a collection of topic names");
    }
    if (ok) {
        kafka_config_free(&s->params);
        ok = kafka_props_from_value(c->I, c->argv[1], "KafkaUtils.createDirectStream", &s->params);
        if (!ok) kafka_config_init(&s->params);
    }
    if (ok && c->argc > 2) ok = offsets_map(c->I, c->argv[2], &s->offsets, &s->noffsets);
    if (!ok) { strategy_free(s); return false; }
    *out = host_new(&strategy_class, s);
    return true;
}
static bool st_subscribe(Call *c, Value *out) { return make_strategy(c, out, ST_SUBSCRIBE); }
static bool st_pattern(Call *c, Value *out) { return make_strategy(c, out, ST_PATTERN); }
static bool st_assign(Call *c, Value *out) { return make_strategy(c, out, ST_ASSIGN); }
static const MethodDef strategies_methods[] = {
    METHOD("Subscribe", st_subscribe, 2, 3, "def Subscribe[K, V](topics: Iterable[String], kafkaParams: Map[String, Object], offsets: Map[TopicPartition, Long] = Map()): ConsumerStrategy[K, V]",
      "Reads whole topics (partitions added later are picked up at the next batch)."),
    METHOD("SubscribePattern", st_pattern, 2, 3, "def SubscribePattern[K, V](pattern: String, kafkaParams: Map[String, Object], offsets: Map[TopicPartition, Long] = Map()): ConsumerStrategy[K, V]",
      "Reads every topic whose whole name matches the regular expression (checked every batch)."),
    METHOD("Assign", st_assign, 2, 3, "def Assign[K, V](topicPartitions: Iterable[TopicPartition], kafkaParams: Map[String, Object], offsets: Map[TopicPartition, Long] = Map()): ConsumerStrategy[K, V]",
      "Reads exactly these partitions."),
};
static HostClass strategies_obj = {.name = "ConsumerStrategies$", .qualified = "org.apache.spark.streaming.kafka010.ConsumerStrategies",
                                   .doc = "ConsumerStrategies.Subscribe / SubscribePattern / Assign.",
                                   HOST_METHODS(strategies_methods)};

/* ---- the source ---- */

typedef struct { char *topic; int32_t partition; int64_t next; } Pos;

typedef struct {
    Strategy *st;            /* borrowed from stval */
    Value stval;             /* the ConsumerStrategy (owned) */
    kafka_config cfg;        /* effective configuration (bootstrap resolved) */
    bool cfg_ready;
    kafka_batch_reader *reader;
    KReader *kr;             /* the reader, shared with the batches' KafkaRDDs */
    kafka_admin *admin;      /* SubscribePattern's topic listing */
    Pos *pos;
    size_t npos, cpos;
    bool started;
    bool auto_commit, has_group;
    int64_t batch_ms;
    int64_t lost_total;
    int64_t outage_since_ms; /* wall time of the first batch Kafka could not be read for, or 0 */
    int64_t outage_batches;  /* empty batches since then */
} KSrc;

static Pos *pos_find(KSrc *k, const char *topic, int32_t part) {
    for (size_t i = 0; i < k->npos; i++)
        if (k->pos[i].partition == part && !strcmp(k->pos[i].topic, topic)) return &k->pos[i];
    return NULL;
}
static void pos_set(KSrc *k, const char *topic, int32_t part, int64_t next) {
    Pos *p = pos_find(k, topic, part);
    if (p) { p->next = next; return; }
    if (k->npos == k->cpos) {
        k->cpos = k->cpos ? k->cpos * 2 : 16;
        k->pos = realloc(k->pos, k->cpos * sizeof *k->pos);
    }
    k->pos[k->npos++] = (Pos){strdup(topic), part, next};
}
static void pos_clear(KSrc *k) {
    for (size_t i = 0; i < k->npos; i++) free(k->pos[i].topic);
    k->npos = 0;
}

static bool ks_config(KSrc *k, Interp *I) {
    if (k->cfg_ready) return true;
    kafka_error err;
    kafka_error_clear(&err);
    if (kafka_session_config(&k->st->params, &k->cfg, &err) != 0) return kafka_throw(I, &err);
    k->cfg_ready = true;
    const char *g = kafka_config_get(&k->cfg, "group.id");
    k->has_group = g && *g;
    const char *ac = kafka_config_get(&k->cfg, "enable.auto.commit");
    /* Kafka's default is true; Spark's docs set it false, as the samples do */
    k->auto_commit = k->has_group && (!ac || !strcmp(ac, "true"));
    return true;
}

static bool ks_reader(KSrc *k, Interp *I) {
    if (k->reader) return true;
    if (!ks_config(k, I)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    k->reader = kafka_batch_reader_new(&k->cfg, &err);
    if (!k->reader) return kafka_throw(I, &err);
    k->kr = kreader_wrap(k->reader);
    return true;
}

static int cmp_tpo(const void *a, const void *b) {
    const kafka_tpo *x = a, *y = b;
    int c = strcmp(x->topic, y->topic);
    return c ? c : (x->partition > y->partition) - (x->partition < y->partition);
}

/* The partitions the stream reads now, each with its start: the stream's position, else the
 * given starting offset, else STORED (committed, else auto.offset.reset).  *out malloc'ed;
 * topic strings live in *keep (free with free_strings-like loop) or in the strategy. */
static bool ks_partitions(KSrc *k, Interp *I, kafka_tpo **out, size_t *n, void **keep) {
    Strategy *st = k->st;
    kafka_error err;
    kafka_error_clear(&err);
    *keep = NULL;
    kafka_tpo *t = NULL;
    size_t m = 0;
    if (st->kind == ST_ASSIGN) {
        t = calloc(st->nparts ? st->nparts : 1, sizeof *t);
        for (size_t i = 0; i < st->nparts; i++) t[m++] = (kafka_tpo){st->parts[i].topic, st->parts[i].partition, 0};
    } else {
        const char *const *topics = (const char *const *)st->topics;
        size_t ntopics = st->ntopics;
        char **matched = NULL;
        kafka_topic_list tl = {0};
        if (st->kind == ST_PATTERN) {
            if (!k->admin && !(k->admin = kafka_admin_new(&k->cfg, &err))) return kafka_throw(I, &err);
            if (kafka_admin_list_topics(k->admin, 0, &tl, kafka_interp_check, I, &err) != 0) return kafka_throw(I, &err);
            char *re = NULL;
            regex_t rx;
            if (asprintf(&re, "^(%s)$", st->topics[0]) < 0 || regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0) {
                free(re);
                kafka_topic_list_free(&tl);
                return interp_throw(I, "java.util.regex.PatternSyntaxException", "not a regular expression: %s", st->topics[0]);
            }
            free(re);
            matched = calloc(tl.n ? tl.n : 1, sizeof(char *));
            ntopics = 0;
            for (size_t i = 0; i < tl.n; i++)
                if (!tl.topics[i].internal && regexec(&rx, tl.topics[i].name, 0, NULL, 0) == 0)
                    matched[ntopics++] = tl.topics[i].name;
            regfree(&rx);
            topics = (const char *const *)matched;
        }
        kafka_tpo *found = NULL;
        size_t nf = 0;
        int rc = ntopics ? kafka_batch_reader_partitions(k->reader, topics, ntopics, 0, &found, &nf, kafka_interp_check, I, &err) : 0;
        if (rc != 0 && !strcmp(err.name, "UNKNOWN_TOPIC_OR_PART") && st->kind == ST_SUBSCRIBE) {
            /* as Spark's subscribed consumer: a topic that does not exist yet has no partitions
             * (its batches are empty) until it is created */
            const char **present = calloc(ntopics, sizeof *present);
            size_t np = 0;
            for (size_t i = 0; i < ntopics; i++) {
                kafka_tpo *one = NULL;
                size_t n1 = 0;
                kafka_error_clear(&err);
                rc = kafka_batch_reader_partitions(k->reader, &topics[i], 1, 0, &one, &n1, kafka_interp_check, I, &err);
                free(one);
                if (rc == 0) present[np++] = topics[i];
                else if (strcmp(err.name, "UNKNOWN_TOPIC_OR_PART") != 0) break;
            }
            if (rc == 0 || !strcmp(err.name, "UNKNOWN_TOPIC_OR_PART")) {
                kafka_error_clear(&err);
                rc = np ? kafka_batch_reader_partitions(k->reader, present, np, 0, &found, &nf, kafka_interp_check, I, &err) : 0;
            }
            free(present);
        }
        free(matched);
        kafka_topic_list_free(&tl);
        if (rc != 0) return kafka_throw(I, &err);
        t = found ? found : calloc(1, sizeof *t);
        m = nf;
    }
    for (size_t i = 0; i < m; i++) {
        Pos *p = pos_find(k, t[i].topic, t[i].partition);
        t[i].offset = KAFKA_OFFSET_STORED;
        if (p) t[i].offset = p->next;
        else
            for (size_t j = 0; j < st->noffsets; j++)
                if (st->offsets[j].partition == t[i].partition && !strcmp(st->offsets[j].topic, t[i].topic))
                    t[i].offset = st->offsets[j].offset;
    }
    qsort(t, m, sizeof *t, cmp_tpo);
    *out = t;
    *n = m;
    return true;
}

/* At start: fix the starting positions (so records that arrive between start and the first
 * batch are in it, and auto.offset.reset=latest means "from the start of the context"). */
static bool ks_start(InputSource *src, Interp *I) {
    KSrc *k = src->data;
    if (k->started) return true;
    if (!ks_reader(k, I)) return false;
    kafka_tpo *t;
    size_t n;
    void *keep;
    if (!ks_partitions(k, I, &t, &n, &keep)) return false;
    kafka_batch b = {0};
    kafka_error err;
    kafka_error_clear(&err);
    int rc = n ? kafka_batch_reader_plan(k->reader, t, n, 0, kafka_interp_check, I, &b, &err) : 0;
    if (rc == 0)
        for (size_t i = 0; i < b.n; i++)
            if (!pos_find(k, b.parts[i].topic, b.parts[i].partition)) pos_set(k, b.parts[i].topic, b.parts[i].partition, b.parts[i].requested);
    kafka_batch_free(&b);
    free(t);
    free(keep);
    if (rc != 0) return kafka_throw(I, &err);
    k->started = true;
    return true;
}

static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Why reading failed, from the pending exception; NULL (the exception left pending) when the
 * cell was interrupted, which is not an outage. */
static char *ks_failure(Interp *I) {
    if (interp_interrupted(I)) return NULL;
    Value e = interp_take_exception(I);
    char *why = interp_exception_text(I, e);
    val_decref(e);
    return why;
}

/* Plans this batch into *b: its ranges, fixed now; the KafkaRDD fetches them when a job reads it. False with *why (malloc'd) when Kafka could not be read,
 * or with *why NULL and an exception pending when interrupted. */
static bool ks_read(InputSource *src, KSrc *k, Interp *I, kafka_batch *b, char **why) {
    *why = NULL;
    if (!k->started && !ks_start(src, I)) return (*why = ks_failure(I)), false;
    kafka_tpo *t;
    size_t n;
    void *keep;
    if (!ks_partitions(k, I, &t, &n, &keep)) return (*why = ks_failure(I)), false;
    int64_t cap = 0;
    const char *rate = spark_conf_get("spark.streaming.kafka.maxRatePerPartition");
    if (rate && atof(rate) > 0) {
        cap = (int64_t)(atof(rate) * (double)k->batch_ms / 1000.0);
        if (cap < 1) cap = 1;
    }
    kafka_error err;
    kafka_error_clear(&err);
    int rc = n ? kafka_batch_reader_plan(k->reader, t, n, cap, kafka_interp_check, I, b, &err) : 0;
    free(t);
    free(keep);
    if (rc == 0) return true;
    kafka_batch_free(b);
    if (!strcmp(err.name, "_INTR")) return kafka_throw(I, &err);
    if (asprintf(why, "%s: %s", err.name, err.message) < 0) *why = strdup(err.name);
    return false;
}

/* A batch Kafka could not be read for is still the stream's KafkaRDD: empty, with an empty
 * range at each partition's position (so HasOffsetRanges and commitAsync work), and the
 * cause said once when it starts and once a minute while it lasts. */
static void ks_outage_batch(KSrc *k, Interp *I, int64_t time_ms, const char *why, kafka_batch *b) {
    int64_t now = wall_ms();
    const char *bs = k->cfg_ready ? kafka_config_get(&k->cfg, "bootstrap.servers") : NULL;
    if (!k->outage_since_ms || (now - k->outage_since_ms) / 60000 != (now - k->batch_ms - k->outage_since_ms) / 60000) {
        if (!k->outage_since_ms) k->outage_since_ms = now;
        time_t since = (time_t)(k->outage_since_ms / 1000);
        struct tm tm;
        char when[32];
        strftime(when, sizeof when, "%H:%M:%S", localtime_r(&since, &tm));
        interp_printf(I, 2, "WARN DirectKafkaInputDStream: cannot read Kafka (%s) for the batch of %lld ms: %s. "
                      "Unreachable since %s (%lld s ago); until Kafka can be read each batch is empty, and the next "
                      "batch retries from the same offsets, so nothing is skipped.\n", bs && bs[0] ? bs : "no brokers", (long long)time_ms, why,
                      when, (long long)((now - k->outage_since_ms) / 1000));
    }
    k->outage_batches++;
    b->parts = calloc(k->npos ? k->npos : 1, sizeof *b->parts);
    b->n = b->parts ? k->npos : 0;
    for (size_t i = 0; i < b->n; i++) {
        kafka_batch_partition *p = &b->parts[i];
        p->topic = strdup(k->pos[i].topic);
        p->partition = k->pos[i].partition;
        p->requested = p->from = p->until = k->pos[i].next;
    }
}

/* ssc.start(): as Spark's, it does not fail because the brokers cannot be reached now (the
 * batches say so, and are empty, until they can); a wrong configuration still fails it. */
static bool ks_start_context(InputSource *src, Interp *I) {
    KSrc *k = src->data;
    if (!ks_reader(k, I)) return false;
    if (ks_start(src, I)) return true;
    char *why = ks_failure(I);
    if (!why) return false;
    interp_printf(I, 2, "WARN DirectKafkaInputDStream: cannot read Kafka at start: %s. The stream starts; its batches "
                  "are empty until Kafka can be read.\n", why);
    free(why);
    return true;
}

/* The batch's partitions in the order of Spark's KafkaRDD: DirectKafkaInputDStream.compute maps the
 * Map[TopicPartition, Long] of latest offsets (`parts.map(tp => tp -> c.position(tp)).toMap`), so for
 * more than four partitions the ranges come in the iteration order of Scala's immutable HashMap over
 * TopicPartition.hashCode (31 * (31 + partition) + topic.hashCode). Up to four, that Map keeps the
 * order of a mutable.HashSet of (partition, position) pairs, which depends on the positions; those
 * stay in partition order here. show(5) of a batch's DataFrame shows the first partition's rows. */
static void spark_partition_order(kafka_batch *b) {
    if (b->n <= 4) return;
    uint32_t *h = malloc(b->n * sizeof *h);
    size_t *order = malloc(b->n * sizeof *order);
    kafka_batch_partition *sorted = malloc(b->n * sizeof *sorted);
    for (size_t i = 0; i < b->n; i++)
        h[i] = 31u * (31u + (uint32_t)b->parts[i].partition) + java_string_hash(b->parts[i].topic);
    scala_hash_trie_order(h, b->n, order);
    for (size_t i = 0; i < b->n; i++) sorted[i] = b->parts[order[i]];
    memcpy(b->parts, sorted, b->n * sizeof *sorted);
    free(sorted);
    free(order);
    free(h);
}

static bool ks_compute(InputSource *src, Interp *I, int64_t time_ms, Value *rdd, BatchInput *info) {
    KSrc *k = src->data;
    if (!ks_reader(k, I)) return false;   /* a configuration error is the program's, not an outage */
    kafka_batch b = {0};
    char *why = NULL;
    if (!ks_read(src, k, I, &b, &why)) {
        if (!why) return false;
        ks_outage_batch(k, I, time_ms, why, &b);
        free(why);
    } else if (k->outage_since_ms) {
        interp_printf(I, 2, "INFO DirectKafkaInputDStream: Kafka is readable again after %lld empty batches (%lld s); "
                      "reading on from where the stream stopped.\n", (long long)k->outage_batches,
                      (long long)((wall_ms() - k->outage_since_ms) / 1000));
        k->outage_since_ms = 0;
        k->outage_batches = 0;
    }
    kafka_error err;
    kafka_error_clear(&err);
    spark_partition_order(&b);

    Value ranges = seq_new(SEQ_ARRAY, b.n);
    memset(info, 0, sizeof *info);
    info->nparts = (int)b.n;
    for (size_t i = 0; i < b.n; i++) {
        kafka_batch_partition *p = &b.parts[i];
        int64_t nrec = p->until > p->from ? p->until - p->from : 0;
        info->records += nrec;
        if (i < 64) {
            info->part_records[i] = nrec;
            snprintf(info->part_names[i], sizeof info->part_names[i], "%s-%d", p->topic, (int)p->partition);
        }
        seq_push(ranges, orange_make(p->topic, p->partition, p->from, p->until));
        if (p->lost > 0) {
            k->lost_total += p->lost;
            interp_printf(I, 2, "WARN DirectKafkaInputDStream: %lld records of %s-%d (offsets %lld to %lld) were deleted by the "
                          "broker's retention before this stream read them%s\n", (long long)p->lost, p->topic, (int)p->partition,
                          (long long)p->requested, (long long)p->from - 1,
                          kafka_session_uses_embedded(&k->st->params) ? " (the embedded broker keeps only the newest ~5 MiB per partition)" : "");
        }
        pos_set(k, p->topic, p->partition, p->until);
    }
    if (info->nparts > 64) info->nparts = 64;
    char origin[96];
    snprintf(origin, sizeof origin, "KafkaRDD at time %lld ms", (long long)time_ms);
    *rdd = kafka_rdd_new(I, origin, k->kr, &b);
    Rdd *r = rdd_peek(*rdd);
    val_decref(r->meta);
    r->meta = ranges;
    if (k->auto_commit && b.n) {
        kafka_tpo *next;
        size_t nn;
        if (kafka_batch_next_offsets(&b, &next, &nn) == 0) {
            if (kafka_batch_reader_commit(k->reader, next, nn, &err) != 0)
                interp_printf(I, 2, "WARN DirectKafkaInputDStream: enable.auto.commit: could not commit: %s: %s\n", err.name, err.message);
            free(next);
        }
    }
    kafka_batch_free(&b);
    return true;
}

static void ks_stop(InputSource *src) {
    KSrc *k = src->data;
    kreader_release(k->kr);   /* the reader lives on while a KafkaRDD may still fetch with it */
    k->kr = NULL;
    k->reader = NULL;
    kafka_admin_free(k->admin);
    k->admin = NULL;
}

static void ks_destroy(InputSource *src) {
    KSrc *k = src->data;
    ks_stop(src);
    pos_clear(k);
    free(k->pos);
    if (k->cfg_ready) kafka_config_free(&k->cfg);
    val_decref(k->stval);
    free(k);
    free(src);
}

static void ks_traverse(InputSource *src, VisitFn visit, void *ctx) { visit(((KSrc *)src->data)->stval, ctx); }

static json_t *ks_save(InputSource *src) {
    KSrc *k = src->data;
    json_t *a = json_array();
    for (size_t i = 0; i < k->npos; i++)
        json_array_append_new(a, json_pack("{s:s, s:i, s:I}", "topic", k->pos[i].topic, "partition", (int)k->pos[i].partition,
                                           "offset", (json_int_t)k->pos[i].next));
    return json_pack("{s:s, s:o}", "kind", "kafka", "positions", a);
}

static bool ks_restore(InputSource *src, Interp *I, json_t *state) {
    KSrc *k = src->data;
    json_t *a = json_object_get(state, "positions");
    if (!json_is_array(a))
        return interp_throw(I, "org.apache.spark.SparkException", "the checkpoint's Kafka state has no positions");
    pos_clear(k);
    size_t i;
    json_t *e;
    json_array_foreach(a, i, e) {
        const char *topic = json_string_value(json_object_get(e, "topic"));
        json_t *p = json_object_get(e, "partition"), *o = json_object_get(e, "offset");
        if (!topic || !json_is_integer(p) || !json_is_integer(o))
            return interp_throw(I, "org.apache.spark.SparkException", "the checkpoint's Kafka positions are malformed");
        pos_set(k, topic, (int32_t)json_integer_value(p), (int64_t)json_integer_value(o));
    }
    k->started = true;
    return true;
}

/* An OffsetRange as the offset to commit (the next one to read: its untilOffset). */
static bool range_entry(Value v, kafka_tpo *t) {
    ORange *o;
    if (!orange_get_(v, &o)) return false;
    *t = (kafka_tpo){o->topic, o->partition, o->until};
    return true;
}

/* Offsets (each the next one to read) from an Array of OffsetRanges. */
static bool ranges_to_tpo(Interp *I, Value v, kafka_tpo **out, size_t *n, Value **items, size_t *ni) {
    if (!kafka_offsets_from(I, v, range_entry, "commitAsync needs an Array[OffsetRange]", out, items, n)) return false;
    *ni = *n;
    return true;
}

/* stream.asInstanceOf[CanCommitOffsets].commitAsync(offsetRanges[, callback]) */
static bool ks_commitasync(Call *c, Value *out) {
    InputSource *src = dstream_source(c->self);
    if (!src || strcmp(src->ops->kind, "DirectKafkaInputDStream"))
        return interp_throw(c->I, "java.lang.ClassCastException", "only a Kafka direct stream can commit offsets");
    KSrc *k = src->data;
    if (!ks_config(k, c->I)) return false;
    if (!k->has_group)
        return interp_throw(c->I, "org.apache.kafka.common.errors.InvalidGroupIdException",
                            "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.");
    kafka_tpo *t;
    size_t n, ni;
    Value *items;
    if (!ranges_to_tpo(c->I, c->argv[0], &t, &n, &items, &ni)) return false;
    if (!ks_reader(k, c->I)) { free(t); interp_free_items(items, ni); return false; }
    kafka_error err;
    kafka_error_clear(&err);
    int rc = n ? kafka_batch_reader_commit(k->reader, t, n, &err) : 0;
    Value cb = c->argc > 1 ? c->argv[1] : v_unit();
    if (cb.t != T_UNIT && cb.t != T_NULL) {
        Value offsets = map_new(MAP_JAVA, false);
        for (size_t i = 0; i < n; i++) map_put(offsets, kafka_topic_partition_new(t[i].topic, t[i].partition), v_long(t[i].offset));
        Value exc = v_null();
        if (rc != 0) {
            char msg[1200];
            snprintf(msg, sizeof msg, "%s: %s", err.name, err.message);
            exc = exc_new(intern(kafka_exception_class(err.name)), str_cstr(msg));
        }
        free(t);
        interp_free_items(items, ni);
        return kafka_commit_callback(c->I, cb, offsets, exc, out);
    }
    free(t);
    interp_free_items(items, ni);
    if (rc != 0) return kafka_throw(c->I, &err);
    *out = v_unit();
    return true;
}

static const MethodDef ks_methods[] = {
    METHOD("commitAsync", ks_commitasync, 1, 2, "def commitAsync(offsetRanges: Array[OffsetRange], callback: OffsetCommitCallback = null): Unit",
      "Commits the ranges' untilOffsets for the stream's group.id (it completes before returning here); a new stream of the group starts there."),
};

static const InputSourceOps ks_ops = {
    .kind = "DirectKafkaInputDStream",
    .elem_type = "org.apache.kafka.clients.consumer.ConsumerRecord[String,String]",
    .compute = ks_compute, .start = ks_start_context, .stop = ks_stop, .destroy = ks_destroy,
    .traverse = ks_traverse, .save = ks_save, .restore = ks_restore,
    .methods = ks_methods, .nmethods = NMETHODS(ks_methods),
};

static bool create_direct_stream(Call *c, Value *out) {
    if (!call_arity(c, 3, 4)) return false;
    Ssc *ssc = ssc_get(c->argv[0]);
    if (!ssc) return interp_throw(c->I, "java.lang.IllegalArgumentException", "createDirectStream needs a StreamingContext as its first argument");
    Value stv = c->argv[2];
    if (stv.t != T_HOST || as_host(stv)->cls != &strategy_class) {
        /* createDirectStream(ssc, kafkaParams, topics) — the 0-8 integration's shape */
        if (c->argc == 3 && c->argv[1].t == T_MAP) {
            Value args[2] = {c->argv[2], c->argv[1]};
            Call c2 = *c;
            c2.argc = 2;
            c2.argv = args;
            if (!make_strategy(&c2, &stv, ST_SUBSCRIBE)) return false;
        } else
            return interp_throw(c->I, "java.lang.IllegalArgumentException",
                                "createDirectStream(ssc, PreferConsistent, Subscribe[K, V](topics, kafkaParams)) needs a ConsumerStrategy as its third argument");
    } else val_incref(stv);
    KSrc *k = calloc(1, sizeof *k);
    k->stval = stv;
    k->st = as_host(stv)->data;
    k->batch_ms = ssc_batch_ms(ssc);
    InputSource *src = calloc(1, sizeof *src);
    src->ops = &ks_ops;
    src->data = k;
    /* check the configuration now, as Spark does when it builds the consumer */
    if (!ks_config(k, c->I)) { ks_destroy(src); return false; }
    kafka_error err;
    kafka_error_clear(&err);
    kafka_batch_reader *probe = kafka_batch_reader_new(&k->cfg, &err);
    if (!probe) { ks_destroy(src); return kafka_throw(c->I, &err); }
    k->reader = probe;
    k->kr = kreader_wrap(probe);
    *out = dstream_new_input(c->I, c->argv[0], src);
    return true;
}

/* KafkaUtils.createRDD(sc, kafkaParams, offsetRanges, locationStrategy): exactly these ranges. */
static bool create_rdd(Call *c, Value *out) {
    if (!call_arity(c, 3, 4)) return false;
    kafka_config user, cfg;
    if (!kafka_props_from_value(c->I, c->argv[1], "KafkaUtils.createRDD", &user)) return false;
    kafka_error err;
    kafka_error_clear(&err);
    int rc = kafka_session_config(&user, &cfg, &err);
    kafka_config_free(&user);
    if (rc != 0) return kafka_throw(c->I, &err);
    kafka_tpo *t;
    size_t n, ni;
    Value *items;
    if (!ranges_to_tpo(c->I, c->argv[2], &t, &n, &items, &ni)) { kafka_config_free(&cfg); return false; }
    kafka_batch_reader *r = kafka_batch_reader_new(&cfg, &err);
    kafka_config_free(&cfg);
    kafka_batch b = {0};
    rc = -1;
    if (r) {
        /* start each partition at fromOffset, capped at the range's length */
        rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++) {
            ORange *o = as_host(items[i])->data;
            kafka_batch one = {0};
            kafka_tpo s = {o->topic, o->partition, o->from};
            rc = kafka_batch_reader_plan(r, &s, 1, o->until - o->from > 0 ? o->until - o->from : 1, kafka_interp_check, c->I, &one, &err);
            if (rc == 0 && one.n == 1) {
                b.parts = realloc(b.parts, (b.n + 1) * sizeof *b.parts);
                b.parts[b.n++] = one.parts[0];
                if (o->until <= o->from) b.parts[b.n - 1].until = b.parts[b.n - 1].from;
                free(one.parts);
                one.parts = NULL;
                one.n = 0;
            }
            kafka_batch_free(&one);
        }
    }
    free(t);
    if (rc != 0) {
        kafka_batch_free(&b);
        kafka_batch_reader_free(r);
        interp_free_items(items, ni);
        return kafka_throw(c->I, &err);
    }
    char origin[64];
    snprintf(origin, sizeof origin, "KafkaRDD at <console>:%d", spark_console_line(c));
    KReader *kr = kreader_wrap(r);
    *out = kafka_rdd_new(c->I, origin, kr, &b);   /* fetched when a job reads it */
    kreader_release(kr);
    Rdd *rd = rdd_peek(*out);
    val_decref(rd->meta);
    rd->meta = seq_new(SEQ_ARRAY, ni);
    for (size_t i = 0; i < ni; i++) { val_incref(items[i]); seq_push(rd->meta, items[i]); }
    interp_free_items(items, ni);
    kafka_batch_free(&b);
    return true;
}

static const MethodDef utils_methods[] = {
    METHOD("createDirectStream", create_direct_stream, 3, 4,
      "def createDirectStream[K, V](ssc: StreamingContext, locationStrategy: LocationStrategy, consumerStrategy: ConsumerStrategy[K, V]): InputDStream[ConsumerRecord[K, V]]",
      "A stream of ConsumerRecords: every batch reads each partition from the last position up to the end offsets at batch time "
      "(capped by spark.streaming.kafka.maxRatePerPartition). rdd.asInstanceOf[HasOffsetRanges].offsetRanges gives the ranges; "
      "stream.asInstanceOf[CanCommitOffsets].commitAsync(ranges) commits them."),
    METHOD("createRDD", create_rdd, 3, 4,
      "def createRDD[K, V](sc: SparkContext, kafkaParams: java.util.Map[String, Object], offsetRanges: Array[OffsetRange], locationStrategy: LocationStrategy): RDD[ConsumerRecord[K, V]]",
      "An RDD of exactly the records in the offset ranges."),
};
static HostClass utils_obj = {.name = "KafkaUtils$", .qualified = "org.apache.spark.streaming.kafka010.KafkaUtils",
                              .doc = "KafkaUtils.createDirectStream: Kafka topics as a DStream of ConsumerRecords.",
                              .doc_url = KAFKA010_DOC "KafkaUtils$.html",
                              HOST_METHODS(utils_methods)};

/* ---- registration ---- */

static void reg(Interp *I, const char *name, const char *qualified, Value v, const char *sig, const char *doc) {
    val_incref(v);
    interp_register_global(I, name, v, sig, doc);
    if (qualified) { val_incref(v); interp_register_global(I, qualified, v, sig, doc); }
    val_decref(v);
}

void kafka_stream_init(Interp *I) {
    HostClass *classes[] = {&orange_class, &orange_obj, &has_ranges_class, &can_commit_class, &location_class,
                            &location_obj, &strategy_class, &strategies_obj, &utils_obj};
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) interp_register_class(I, classes[i]);
    reg(I, "KafkaUtils", "org.apache.spark.streaming.kafka010.KafkaUtils", host_new(&utils_obj, NULL), "object KafkaUtils", utils_obj.doc);
    reg(I, "LocationStrategies", "org.apache.spark.streaming.kafka010.LocationStrategies", host_new(&location_obj, NULL),
        "object LocationStrategies", location_obj.doc);
    reg(I, "ConsumerStrategies", "org.apache.spark.streaming.kafka010.ConsumerStrategies", host_new(&strategies_obj, NULL),
        "object ConsumerStrategies", strategies_obj.doc);
    reg(I, "PreferConsistent", "org.apache.spark.streaming.kafka010.LocationStrategies.PreferConsistent",
        host_new(&location_class, NULL), "val PreferConsistent: LocationStrategy", "Partitions are read in this process.");
    reg(I, "PreferBrokers", "org.apache.spark.streaming.kafka010.LocationStrategies.PreferBrokers",
        host_new(&location_class, NULL), "val PreferBrokers: LocationStrategy", "Partitions are read in this process.");
    reg(I, "Subscribe", "org.apache.spark.streaming.kafka010.ConsumerStrategies.Subscribe",
        func_new_native(intern("Subscribe"), st_subscribe, v_unit(), -1, NULL), strategies_methods[0].signature, strategies_methods[0].doc);
    reg(I, "SubscribePattern", "org.apache.spark.streaming.kafka010.ConsumerStrategies.SubscribePattern",
        func_new_native(intern("SubscribePattern"), st_pattern, v_unit(), -1, NULL), strategies_methods[1].signature, strategies_methods[1].doc);
    reg(I, "Assign", "org.apache.spark.streaming.kafka010.ConsumerStrategies.Assign",
        func_new_native(intern("Assign"), st_assign, v_unit(), -1, NULL), strategies_methods[2].signature, strategies_methods[2].doc);
    reg(I, "OffsetRange", "org.apache.spark.streaming.kafka010.OffsetRange", host_new(&orange_obj, NULL),
        "object OffsetRange", orange_obj.doc);
}

