/* shuffle_order.c — the hashes Spark orders shuffled keys by: java.lang hashCode of the boxed key,
 * Scala's ## and MurmurHash3.productHash for tuples, Guava's murmur3_32 hashInt, the
 * HashPartitioner's nonNegativeMod, and the iteration order of Spark's AppendOnlyMap. */
#include "spark/core/shuffle_order.h"
#include "lang/ast.h"

#include <stdlib.h>
#include <string.h>

static uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static uint32_t mix_k1(uint32_t k) { k *= 0xcc9e2d51u; k = rotl32(k, 15); return k * 0x1b873593u; }
static uint32_t mix_h1(uint32_t h, uint32_t k) { h ^= mix_k1(k); h = rotl32(h, 13); return h * 5 + 0xe6546b64u; }
static uint32_t avalanche(uint32_t h) {
    h ^= h >> 16; h *= 0x85ebca6bu; h ^= h >> 13; h *= 0xc2b2ae35u; h ^= h >> 16;
    return h;
}

int32_t murmur3_hash_int(int32_t x) { return (int32_t)avalanche(mix_h1(0, (uint32_t)x) ^ 4u); }

static int32_t long_hash(int64_t l) { uint64_t u = (uint64_t)l; return (int32_t)(uint32_t)(u ^ (u >> 32)); }
static int32_t double_hash(double d) {
    uint64_t bits;
    if (d != d) bits = 0x7ff8000000000000ull;   /* doubleToLongBits: one NaN */
    else memcpy(&bits, &d, sizeof bits);
    return (int32_t)(uint32_t)(bits ^ (bits >> 32));
}

/* String.hashCode over the UTF-16 code units of the UTF-8 text */
static int32_t string_hash(const char *s, size_t len) {
    uint32_t h = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        uint32_t c = *p++;
        int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        if (more) c &= 0x3f >> more;
        for (; more && p < end; more--) c = (c << 6) | (*p++ & 0x3f);
        if (c >= 0x10000) {
            c -= 0x10000;
            h = 31 * h + (0xd800 + (c >> 10));
            c = 0xdc00 + (c & 0x3ff);
        }
        h = 31 * h + c;
    }
    return (int32_t)h;
}

/* MurmurHash3.productHash (Scala 2.12): seed 0xcafebabe, each element's ## mixed, arity finalised */
static int32_t product_hash(const Value *items, int n) {
    uint32_t h = 0xcafebabeu;
    for (int i = 0; i < n; i++) h = mix_h1(h, (uint32_t)scala_hash(items[i]));
    return (int32_t)avalanche(h ^ (uint32_t)n);
}

/* A case class's hashCode (Scala 2.12): productHash over its constructor fields, as a tuple's; a
 * case object's (and an empty case class's) is its name's String hashCode. -1: false: not a case class. */
static bool case_class_hash(Value v, int32_t *h) {
    InstObj *in = (InstObj *)v.u.o;
    ClassObj *c = in->cls;
    if (!c || !c->is_case || !c->def) return false;
    int n = c->def->kind == N_CLASS ? c->def->nparams : 0;
    if (n == 0) { *h = string_hash(c->name, strlen(c->name)); return true; }
    if (!in->fields) return false;
    uint32_t acc = 0xcafebabeu;
    for (int i = 0; i < n; i++) {
        Slot *s = env_find_local(in->fields, c->def->params[i].name);
        acc = mix_h1(acc, (uint32_t)scala_hash(s ? s->v : v_null()));
    }
    *h = (int32_t)avalanche(acc ^ (uint32_t)n);
    return true;
}

int32_t java_hash_code(Value v) {
    int32_t h;
    switch (v.t) {
    case T_NULL: case T_UNIT: return 0;
    case T_BOOL: return v.u.b ? 1231 : 1237;
    case T_INT: return v.u.i;
    case T_CHAR: return (int32_t)v.u.c;
    case T_LONG: return long_hash(v.u.l);
    case T_DOUBLE: return double_hash(v.u.d);
    case T_STR: return string_hash(as_str(v)->s, as_str(v)->len);
    case T_TUPLE: return product_hash(as_tuple(v)->items, as_tuple(v)->n);
    case T_SOME: return product_hash(&as_some(v)->v, 1);
    case T_NONE: return string_hash("None", 4);          /* a case object: its name's hashCode */
    case T_OBJECT: if (case_class_hash(v, &h)) return h; return (int32_t)(uint32_t)val_hash(v);
    default: return (int32_t)(uint32_t)val_hash(v);   /* no JVM counterpart modelled */
    }
}

int32_t scala_hash(Value v) {
    if (v.t == T_LONG) return v.u.l == (int32_t)v.u.l ? (int32_t)v.u.l : long_hash(v.u.l);
    if (v.t == T_DOUBLE) {
        double d = v.u.d;
        if (d >= -2147483648.0 && d <= 2147483647.0 && (double)(int32_t)d == d) return (int32_t)d;
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && (double)(int64_t)d == d) return long_hash((int64_t)d);
        float f = (float)d;
        if ((double)f == d) { uint32_t b; memcpy(&b, &f, sizeof b); return (int32_t)b; }
        return double_hash(d);
    }
    return java_hash_code(v);
}

int spark_hash_partition(int32_t hash, int nparts) {
    int m = hash % nparts;
    return m < 0 ? m + nparts : m;
}

/* puts idx into slots (capacity mask+1) at rehash(hash) & mask, probing +1, +2, +3 … */
static void slot_put(int64_t *slots, size_t mask, int32_t hash, size_t idx) {
    size_t pos = (size_t)(uint32_t)murmur3_hash_int(hash) & mask;
    for (size_t delta = 1; slots[pos] >= 0; delta++) pos = (pos + delta) & mask;
    slots[pos] = (int64_t)idx;
}

void append_only_map_order(const int32_t *hashes, const bool *is_null, size_t n, size_t *order) {
    size_t cap = 64, size = 0, k = 0;
    int64_t *slots = malloc(cap * sizeof *slots);
    memset(slots, 0xff, cap * sizeof *slots);
    for (size_t i = 0; i < n; i++) {
        if (is_null && is_null[i]) order[k++] = i;   /* held beside the table, iterated first */
        else slot_put(slots, cap - 1, hashes[i], i);
        if (++size > (size_t)(0.7 * (double)cap)) {   /* growTable: old slots re-put in slot order */
            int64_t *grown = malloc(2 * cap * sizeof *grown);
            memset(grown, 0xff, 2 * cap * sizeof *grown);
            for (size_t p = 0; p < cap; p++)
                if (slots[p] >= 0) slot_put(grown, 2 * cap - 1, hashes[slots[p]], (size_t)slots[p]);
            free(slots);
            slots = grown;
            cap *= 2;
        }
    }
    for (size_t p = 0; p < cap; p++)
        if (slots[p] >= 0) order[k++] = (size_t)slots[p];
    free(slots);
}

/* ---- the iteration order of the maps Spark's results are built in ---- */

typedef struct { uint32_t key; size_t pos; } OrderKey;
static int order_key_cmp(const void *a, const void *b) {   /* by key, stable by position */
    const OrderKey *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}
static void order_by(OrderKey *ks, size_t n, size_t *order) {
    qsort(ks, n, sizeof *ks, order_key_cmp);
    for (size_t i = 0; i < n; i++) order[i] = ks[i].pos;
}

void scala_hashmap_order(const int32_t *hashes, size_t n, size_t *order) {
    if (n <= 4) { for (size_t i = 0; i < n; i++) order[i] = i; return; }   /* Map1 … Map4 */
    OrderKey *ks = malloc(n * sizeof *ks);
    for (size_t i = 0; i < n; i++) {
        uint32_t hc = (uint32_t)hashes[i];
        uint32_t h = hc + ~(hc << 9);             /* HashMap.improve */
        h ^= h >> 14;
        h += h << 4;
        h ^= h >> 10;
        /* the trie takes 5 bits a level from the lowest: the first level's bits sort first */
        uint32_t k = 0;
        for (int level = 0; level < 30; level += 5) k = (k << 5) | ((h >> level) & 0x1f);
        ks[i] = (OrderKey){(k << 2) | (h >> 30), i};
    }
    order_by(ks, n, order);
    free(ks);
}

void java_hashmap_order(const int32_t *hashes, size_t n, size_t max_size, size_t *order) {
    size_t cap = 16;
    while ((double)max_size > 0.75 * (double)cap) cap *= 2;
    OrderKey *ks = malloc((n ? n : 1) * sizeof *ks);
    for (size_t i = 0; i < n; i++) {
        uint32_t h = (uint32_t)hashes[i];
        ks[i] = (OrderKey){(h ^ (h >> 16)) & (uint32_t)(cap - 1), i};
    }
    order_by(ks, n, order);
    free(ks);
}

void scala_mutable_hashmap_order(const int32_t *hashes, size_t n, size_t *order) {
    uint32_t len = 16;                                  /* sizeHint(n): grown past 0.75 load */
    while ((double)n > 0.75 * (double)len && len < (1u << 30)) len *= 2;
    uint32_t ones = len - 1;
    int exponent = __builtin_clz(ones), rotation = __builtin_popcount(ones) % 32;
    OrderKey *ks = malloc((n ? n : 1) * sizeof *ks);
    for (size_t i = 0; i < n; i++) {
        /* HashTable.improve: scala.util.hashing.byteswap32, then rotated by the table's seed */
        uint32_t b = (uint32_t)hashes[i] * 0x9e3775cdu;
        b = __builtin_bswap32(b) * 0x9e3775cdu;
        uint32_t r = rotation ? (b >> rotation) | (b << (32 - rotation)) : b;
        uint32_t idx = (r >> exponent) & ones;
        /* the iterator walks the buckets from the last; a bucket holds its newest key first */
        ks[i] = (OrderKey){ones - idx, n - 1 - i};
    }
    order_by(ks, n, order);
    for (size_t i = 0; i < n; i++) order[i] = n - 1 - order[i];
    free(ks);
}
