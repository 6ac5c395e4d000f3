/* spark.h — the Spark-shaped library that cells see: SparkContext (`sc`), RDDs, accumulators,
 * StreamingContext and DStreams (streaming.h), DataFrames and SQL views (dataframe.h), and the
 * Kafka client classes. This header is the core every part of spark/ shares: set-up, RDDs and
 * the SparkContext.
 *
 * RDDs are materialised eagerly: an RDD is a list of partitions, each a Seq of values. A
 * transformation runs its function over every element at once; an action reads the result.
 * That matches what a notebook observes of Spark (functions run once per element, actions see
 * their results) without Spark's lazy lineage.
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
Rdd *rdd_get(Value v);
/* The partition a function passed to map, mapPartitions, foreach … runs on, or -1 on the driver. */
int rdd_task_partition(void);                   /* the RDD inside v, or NULL */
size_t rdd_count(const Rdd *r);
/* All elements in partition order: a malloc'd array of new references. */
Value *rdd_items(const Rdd *r, size_t *n);

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
