/* spark.h — the Spark-shaped library that cells see: SparkContext (`sc`), RDDs, accumulators,
 * StreamingContext and DStreams (streaming.h), DataFrames and SQL views (dataframe.h), and the
 * Kafka client classes. This header is the core every part of spark/ shares: set-up, RDDs and
 * the SparkContext.
 *
 * Most RDDs are materialised eagerly: an RDD is a list of partitions, each a Seq of values. A
 * transformation runs its function over every element at once; an action reads the result.
 * That matches what a notebook observes of Spark (functions run once per element, actions see
 * their results) without Spark's lazy lineage. A KafkaRDD and map/filter/flatMap over it are
 * lazy as Spark's (rdd_source.c): a partition is computed when a job reads it, for each job,
 * until an operation that is not lazy-aware materialises the RDD (then it is kept, as cached).
 */
#ifndef DSTREAM_SPARK_H
#define DSTREAM_SPARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/interp.h"
#include "lang/value.h"

/* Registers sc, spark and every Spark class and package with the interpreter. */
void spark_init(Interp *I);
/* Stops any running streaming context and frees the library's state (before interp_free). */
void spark_free(Interp *I);

/* ---- RDDs ---- */

typedef struct Rdd {
    int id;
    int nparts;
    Value *parts;            /* nparts Seq values (SEQ_LIST), owned */
    const char *kind;        /* e.g. "MapPartitionsRDD", "KafkaRDD" (static string) */
    char *origin;            /* e.g. "map at <console>:3" (owned) */
    Value meta;              /* extra data (a Kafka RDD's offset ranges), owned; unit if none */
    const char *elem_hint;   /* element type for the REPL when the RDD is empty, or NULL */
    int storage;             /* its StorageLevel (storage_level_value's index), 0: NONE */
    char *elem_type;         /* its static element type as Spark's API gives it (owned), or NULL:
                                then the REPL names the elements' common type */
    struct RddNode *node;    /* its place in the lineage (toDebugString), owned reference */
    struct RddSource *source; /* a lazy RDD's partitions (rdd_source.c): parts is NULL until
                                 rdd_get materialises them; NULL for an eager RDD */
} Rdd;

/* What toDebugString shows of an RDD, kept without the data: its parents' nodes (counted). */
typedef struct RddNode {
    int refs, id, nparts, storage;
    const char *kind;
    char *origin, *name;     /* owned; name NULL until setName (textFile: the path) */
    struct RddNode *parents[2];
    int nparents;
} RddNode;
/* setName's name (textFile: the path); a hidden parent taking the RDD's id (textFile's HadoopRDD),
 * the RDD a new id: call right after making it. */
void rdd_set_name(Value rdd, const char *name);
void rdd_ids_reset(void);      /* a new SparkContext's first RDD id is 0 */
void rdd_insert_hidden_parent(Value rdd, const char *kind);
/* The key and value types of a pair type "(K, V)" split at its top-level comma (malloc'd), or
 * false (both NULL). */
bool spark_pair_types(const char *t, char **k, char **v);
/* r's element type for the REPL (malloc'd): the static one, or the elements' common type. */
char *rdd_elem_type(Interp *I, const Rdd *r);

extern HostClass rdd_class;

/* A new RDD value; takes the references of the nparts partition Seqs. */
Value rdd_make(Interp *I, const char *kind, const char *origin, Value *parts, int nparts);
/* An RDD of the given items split into nparts partitions (takes the item references). */
Value rdd_from_items(Interp *I, const char *kind, const char *origin, Value *items, size_t n, int nparts);
/* Spark's order of the distinct keys after a shuffle of r into nparts partitions (HashPartitioner,
 * then AppendOnlyMap's slot order): parts_out[p] gets a new List of partition p's keys. by_key: the
 * key is each item's _1 (the items must be pairs), else the item; combine: with map-side combine
 * (reduceByKey, countByValue), else the items in order (groupByKey). */
void rdd_shuffle_keys(const Rdd *r, bool by_key, bool combine, int nparts, Value *parts_out);
/* The keys of a.cogroup(b) over nparts hash partitions, in Spark's order: each reduce partition's
 * keys as they arrive (a's partitions, then b's; no map-side combine) in its AppendOnlyMap's
 * order. parts_out gets nparts new Lists of keys. With b empty: a.groupByKey's order. */
void rdd_cogroup_keys(const Rdd *a, const Rdd *b, int nparts, Value *parts_out);
/* An RDD of nparts partitions: key_parts' Lists of keys (taken) each replaced by the pair values
 * maps it to; keys without a pair (absent, or mapped to something else) are left out. */
Value rdd_pairs_by_keys(Interp *I, const char *kind, const char *origin, Value *key_parts, int nparts, Value values);
/* rdd.groupByKey(nparts) with map-side combine, as DStream.groupByKey's combineByKey does: its keys
 * come in reduceByKey's order (RDD.groupByKey does not combine map-side), its values in ArrayBuffers. */
bool rdd_group_by_key_combined(Interp *I, Value rdd, int nparts, Value *out);
/* The RDD inside v, or NULL; a lazy RDD is materialised first (every partition computed and
 * kept), so code that reads r->parts works on any RDD. Lazy-aware code uses rdd_peek. */
Rdd *rdd_get(Value v);
/* The partition a function passed to map, mapPartitions, foreach … runs on, or -1 on the driver. */
int rdd_task_partition(void);                   /* the RDD inside v, or NULL */
size_t rdd_count(const Rdd *r);
/* All elements in partition order: a malloc'd array of new references. */
Value *rdd_items(const Rdd *r, size_t *n);

/* ---- lazy RDDs (core/rdd_source.c) ----
 * As Spark's, a lazy RDD computes a partition when a job reads it, and again for the next job:
 * a KafkaRDD fetches its offset range, a map/filter/flatMap over a lazy RDD runs its function
 * then. Only the operations that know it (count, isEmpty, map, filter, flatMap, spark.read.json)
 * read it partition by partition; every other operation materialises it through rdd_get. */
/* A partition of Strings as the texts they would hold: s[i] (NUL-terminated, len[i] bytes) or
 * NULL for a null element, valid until rdd_texts_free. */
typedef struct RddTexts {
    const char **s;
    size_t *len, n;
    int64_t next;            /* the cursor of the partition's next texts, -1: no more */
    void *owner;
    void (*free_owner)(void *owner);
} RddTexts;
void rdd_texts_free(RddTexts *t);
typedef struct RddSource {
    /* Partition p as a new Seq of its elements, at most about `limit` of them (SIZE_MAX: all;
     * a source may give more); false with an exception pending. */
    bool (*compute)(Interp *I, void *ctx, int p, size_t limit, Value *out);
    int64_t (*count)(void *ctx, int p);     /* p's element count without computing it, -1: unknown (or NULL) */
    /* Partition p as compute gives it, but each element replaced by its member `member`, read
     * without making the element (a map of `x => x.member` over this RDD, where the member is
     * a pure accessor of the source's elements): 1 done, 0 the source has no such member (the
     * map runs its function), -1 with an exception pending. Optional. */
    int (*project)(Interp *I, void *ctx, int p, size_t limit, const char *member, Value *out);
    /* Like project, when the member is text: partition p's member texts borrowed from the
     * source's own buffers (no String made), from cursor `at` (0: the partition's start) for as
     * many elements as the source gives at once; out->next is the cursor of the rest, -1 at the
     * partition's end. The same elements as project, in order. Optional. */
    int (*project_texts)(Interp *I, void *ctx, int p, int64_t at, const char *member, struct RddTexts *out);
    /* Partition p's elements as texts (each a String) without making them, as project_texts.
     * Optional. */
    int (*texts)(Interp *I, void *ctx, int p, int64_t at, struct RddTexts *out);
    /* A hint that partition p is read next, as texts from cursor at (at >= 0) or computed whole
     * (at < 0): the source may start on it (a KafkaRDD's fetch, on a thread) while the job
     * works on the current one; p the number of partitions: the job reads nothing more (the
     * source may give back memory it keeps for the next read). Optional. */
    void (*prefetch)(void *ctx, int p, int64_t at);
    void (*traverse)(void *ctx, VisitFn visit, void *vctx);   /* the Values ctx holds (or NULL) */
    void (*free)(void *ctx);
    void *ctx;
    Interp *I;
} RddSource;
/* A new lazy RDD of nparts partitions computed by src (copied; ctx owned by the RDD from now). */
Value rdd_make_lazy(Interp *I, const char *kind, const char *origin, int nparts, const RddSource *src);
/* Makes an RDD just made (rdd_make with placeholder partitions) lazy over src. */
void rdd_set_source(Value rdd, const RddSource *src);
Rdd *rdd_peek(Value v);                          /* the RDD inside v, lazy or not, or NULL */
bool rdd_is_lazy(const Rdd *r);
/* Partition p as a new reference: the kept one, or computed now (at most about limit elements). */
bool rdd_partition(Interp *I, Rdd *r, int p, size_t limit, Value *out);
bool rdd_materialise(Interp *I, Rdd *r);         /* computes and keeps every partition */
void rdd_prefetch(Rdd *r, int p, int64_t at);    /* RddSource.prefetch of a lazy RDD (or nothing) */
/* Partition p's texts from cursor at (RddSource.texts) when r's source gives them: 1, 0 it
 * does not (compute the partition), -1 with an exception pending. */
int rdd_partition_texts(Interp *I, Rdd *r, int p, int64_t at, RddTexts *out);
bool rdd_lazy_count(Interp *I, Rdd *r, int64_t *n);     /* count, partition by partition */
bool rdd_lazy_is_empty(Interp *I, Rdd *r, bool *empty); /* isEmpty, as Spark's take(1) */
/* rdd.c's part: a lazy RDD's element type from its first elements (malloc'd), its source's
 * release and traversal. */
char *rdd_lazy_elem_type(Interp *I, Rdd *r);
void rdd_source_release(Rdd *r);
void rdd_source_traverse(Rdd *r, VisitFn visit, void *ctx);

/* The lines of a text file, or of every file in a directory (sorted by name), as Strings. */
bool spark_read_lines(Interp *I, const char *path, Value **items, size_t *n);

/* ---- SparkContext ---- */

Value spark_context(Interp *I);          /* `sc` (borrowed) */
int spark_default_parallelism(void);     /* partitions for parallelize without a count */

/* Throws Spark's SparkException for a second SparkContext (new SparkContext(conf),
 * new StreamingContext(conf, …)): spark-shell's context is the only one. Returns false. */
bool spark_second_context(Interp *I);
bool spark_is_conf(Value v);             /* a SparkConf value */

/* StorageLevel values (core/context.c): index 0 is NONE, MEMORY_ONLY is STORAGE_MEMORY_ONLY. */
enum { STORAGE_NONE = 0, STORAGE_MEMORY_ONLY = 4 };
Value storage_level_value(int level);     /* new */
const char *storage_level_description(int level);   /* Spark's description: "Memory Deserialized 1x Replicated" */
int storage_level_of(Value v);            /* its index, or -1 if v is not a StorageLevel */

/* The partition count of a `new HashPartitioner(n)` value; false if v is none. */
bool hash_partitioner_parts(Value v, int *nparts);

/* The line of the cell that is running (for RDD names like "map at <console>:3"). */
int spark_console_line(const Call *c);

/* Configuration (spark.* keys set with %%configure, the kernel's defaults otherwise). */
const char *spark_conf_get(const char *key);
void spark_conf_set(const char *key, const char *value);

#endif
