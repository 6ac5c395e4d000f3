/* rdd_internal.h — what rdd.c shares with rdd_shuffle.c: the helpers that make a derived RDD
 * (its lineage, origin and element type) and read a method's function argument, and the
 * shuffle methods the RDD class's method table names. Not for other layers (spark.h is). */
#ifndef DSTREAM_SPARK_CORE_RDD_INTERNAL_H
#define DSTREAM_SPARK_CORE_RDD_INTERNAL_H

#include "spark/spark.h"
#include "util/strbuf.h"

/* The receiver, materialised (lazy-aware methods use rdd_peek). */
Rdd *rdd_self(Call *c);
/* "<method> at <console>:<line>", as Spark names where an RDD was made. */
void rdd_origin_of(Call *c, char *buf, size_t n);
/* A new RDD of the given partitions made by the call: its parents are the receiver and an RDD
 * argument; Spark's intermediate RDDs of the operation (hidden, e.g. join's CoGroupedRDD and
 * MapPartitionsRDD) come between them in the lineage and take their ids first. */
Value rdd_derived_via(Call *c, const char *const *hidden, int nhidden, const char *kind, Value *parts, int nparts);
/* A new RDD with the same number of partitions whose partition i is parts[i]. */
Value rdd_derived(Call *c, const char *kind, Value *parts, int nparts);
/* The key and value types of an RDD of pairs (malloc'd), or false (both NULL). */
bool rdd_pair_types(Interp *I, const Rdd *r, char **k, char **v);
/* Sets rdd's element type: fmt with a, b and c for its %s. */
void rdd_set_elem_type(Value rdd, const char *fmt, const char *a, const char *b, const char *c);
/* Whether the call's first argument is a function (with the Task-not-serializable warning
 * Spark gives for what it captures), else a type mismatch is thrown. */
bool rdd_need_fn(Call *c);
/* The key and value of a pair (borrowed); when v is not one, a type mismatch is thrown. */
bool rdd_pair_parts(Interp *I, Value v, Value *k, Value *val);
/* Runs a method of the collection library on the RDD's elements as a List. */
bool rdd_via_list(Call *c, const char *method, int argc, Value *argv, Value *out);

/* rdd_shuffle.c's methods of the RDD class; rdd_r_join's method data is its JoinKind. */
typedef enum { J_INNER, J_LEFT, J_RIGHT, J_FULL, J_COGROUP } JoinKind;
bool rdd_r_reducebykey(Call *c, Value *out);
bool rdd_r_groupbykey(Call *c, Value *out);
bool rdd_r_combinebykey(Call *c, Value *out);
bool rdd_r_aggregatebykey(Call *c, Value *out);
bool rdd_r_groupby(Call *c, Value *out);
bool rdd_r_distinct(Call *c, Value *out);
bool rdd_r_union(Call *c, Value *out);
bool rdd_r_join(Call *c, Value *out);
bool rdd_r_subtract(Call *c, Value *out);
bool rdd_r_intersection(Call *c, Value *out);
bool rdd_r_partitionby(Call *c, Value *out);
bool rdd_r_sortby(Call *c, Value *out);
bool rdd_r_sortbykey(Call *c, Value *out);
bool rdd_r_repartition(Call *c, Value *out);
bool rdd_r_zipwithindex(Call *c, Value *out);

#endif
