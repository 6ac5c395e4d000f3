/* shuffle_order.h — Spark's key order after a shuffle: Java's hashCode and Scala's ## of the
 * kernel's values, Guava's murmur3_32 hashInt (AppendOnlyMap's rehash), the HashPartitioner, and the
 * slot order of Spark's AppendOnlyMap inside each reduce partition (shuffle_order.c). */
#ifndef DSTREAM_SPARK_SHUFFLE_ORDER_H
#define DSTREAM_SPARK_SHUFFLE_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/value.h"

int32_t java_hash_code(Value v);        /* key.hashCode as the JVM computes it for the boxed value */
int32_t scala_hash(Value v);            /* Scala's ## (what MurmurHash3.productHash mixes) */
int32_t murmur3_hash_int(int32_t x);    /* Guava Hashing.murmur3_32().hashInt(x).asInt() */
int spark_hash_partition(int32_t hash, int nparts);   /* Utils.nonNegativeMod(hash, nparts) */

/* The slot order of an AppendOnlyMap (capacity 64, doubled past 0.7 load, quadratic probing)
 * after the n distinct keys with these hashCodes were inserted in index order: order[] gets the
 * indices as the map's iterator yields them. The null key (is_null[i], is_null may be NULL) is
 * held outside the table, counts in its size, and comes first. */
void append_only_map_order(const int32_t *hashes, const bool *is_null, size_t n, size_t *order);

/* The iteration order of a scala.collection.immutable.Map built by adding n keys with these ##
 * hashes in index order (toMap): insertion order up to 4 keys, else the HashTrieMap's. */
void scala_hashmap_order(const int32_t *hashes, size_t n, size_t *order);

/* The iteration order of a Scala 2.12 mutable.HashMap (sizeHint(n), then the n keys with these ##
 * hashes put in index order): its table's buckets from the last, each bucket's newest key first. */
void scala_mutable_hashmap_order(const int32_t *hashes, size_t n, size_t *order);

/* The iteration order of a java.util.HashMap (default capacity, grown at 0.75 load) holding the n
 * keys with these hashCodes, put in index order, after it once held max_size keys. */
void java_hashmap_order(const int32_t *hashes, size_t n, size_t max_size, size_t *order);

#endif
