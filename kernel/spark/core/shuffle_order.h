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
 * indices as the map's iterator yields them. */
void append_only_map_order(const int32_t *hashes, size_t n, size_t *order);

#endif
