/* hash_order.c — the order in which Scala 2.12 iterates an immutable Map or Set of more than four
 * entries, and a mutable.HashMap (below). Up to four, Scala keeps them in insertion order (Map1..Map4, Set1..Set4), as this
 * interpreter's tables do; beyond, they live in a hash trie (HashMap.HashTrieMap) indexed by
 * improve(key.##), five bits per level from the lowest, and iterate in the trie's index order.
 * So sorting the entries by those five-bit groups, lowest group first, gives Scala's order
 * (equal hashes keep insertion order, as a collision node's list does).
 *
 * A key's ## is known here for the kinds whose JVM hash is certain: numbers (Scala's
 * cooperative ## for Long, Float and Double), Boolean, Char, String (over UTF-16), Unit, None, and
 * tuples and Some (MurmurHash3.productHash of their elements). A table holding any other key keeps
 * insertion order.
 */
#include "lang/internal.h"

#include <stdlib.h>
#include <string.h>

static uint32_t rot(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

/* MurmurHash3's mix and finalisation (scala.util.hashing.MurmurHash3) */
static uint32_t mm_mix(uint32_t h, uint32_t data) {
    uint32_t k = data * 0xcc9e2d51u;
    k = rot(k, 15) * 0x1b873593u;
    h ^= k;
    return rot(h, 13) * 5 + 0xe6546b64u;
}
static uint32_t mm_final(uint32_t h, uint32_t len) {
    h ^= len;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    return h ^ (h >> 16);
}

static uint32_t fold64(uint64_t bits) { return (uint32_t)(bits ^ (bits >> 32)); }

/* java.lang.String.hashCode of UTF-8 text, by UTF-16 code units */
static uint32_t utf16_hash(const unsigned char *p, size_t n) {
    uint32_t h = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = p[i++];
        int extra = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;
        if (extra) cp &= 0x3fu >> extra;
        while (extra-- > 0 && i < n) cp = (cp << 6) | (p[i++] & 0x3fu);
        if (cp > 0xffff) {
            h = h * 31 + (0xd800u + ((cp - 0x10000) >> 10));
            cp = 0xdc00u + ((cp - 0x10000) & 0x3ffu);
        }
        h = h * 31 + cp;
    }
    return h;
}

static bool scala_hash_of(Value v, uint32_t *out, int depth);

static bool product_of(const Value *xs, int n, uint32_t *out, int depth) {
    uint32_t h = 0xcafebabeu;
    for (int i = 0; i < n; i++) {
        uint32_t e;
        if (!scala_hash_of(xs[i], &e, depth + 1)) return false;
        h = mm_mix(h, e);
    }
    *out = mm_final(h, (uint32_t)n);
    return true;
}

/* Scala's ## (BoxesRunTime.hashFromXxx for numbers) */
static bool scala_hash_of(Value v, uint32_t *out, int depth) {
    if (depth > 32) return false;
    switch ((VType)v.t) {
    case T_INT: *out = (uint32_t)v.u.i; return true;
    case T_CHAR: *out = v.u.c; return true;
    case T_BOOL: *out = v.u.b ? 1231 : 1237; return true;
    case T_UNIT: case T_NULL: *out = 0; return true;
    case T_LONG:
        *out = v.u.l == (int32_t)v.u.l ? (uint32_t)(int32_t)v.u.l : fold64((uint64_t)v.u.l);
        return true;
    case T_DOUBLE: case T_FLOAT: {
        double d = v.u.d;
        if (d >= -2147483648.0 && d <= 2147483647.0 && (double)(int32_t)d == d) { *out = (uint32_t)(int32_t)d; return true; }
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && (double)(int64_t)d == d) {
            *out = fold64((uint64_t)(int64_t)d);
            return true;
        }
        float f = (float)d;
        if ((double)f == d) { uint32_t b; memcpy(&b, &f, sizeof b); *out = b; return true; }
        if (d != d) return false;
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        *out = fold64(bits);
        return true;
    }
    case T_STR: *out = utf16_hash((const unsigned char *)as_str(v)->s, as_str(v)->len); return true;
    case T_NONE: *out = utf16_hash((const unsigned char *)"None", 4); return true;
    case T_TUPLE: return product_of(as_tuple(v)->items, as_tuple(v)->n, out, depth);
    case T_SOME: return product_of(&as_some(v)->v, 1, out, depth);
    default: return false;
    }
}

/* HashMap.improve (Scala 2.12) */
static uint32_t improve(uint32_t h) {
    h += ~(h << 9);
    h ^= h >> 14;
    h += h << 4;
    return h ^ (h >> 10);
}

/* The trie position: the five-bit groups of the improved hash, lowest first. */
static uint64_t trie_key(uint32_t h) {
    uint64_t k = 0;
    for (int level = 0; level < 35; level += 5) k = (k << 5) | ((h >> level) & 31u);
    return k;
}

typedef struct { uint64_t key; size_t idx; } Ord;

static int ord_cmp(const void *a, const void *b) {
    const Ord *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

uint32_t java_string_hash(const char *utf8) { return utf16_hash((const unsigned char *)utf8, strlen(utf8)); }

void scala_hash_trie_order(const uint32_t *hashcodes, size_t n, size_t *order) {
    Ord *o = malloc((n ? n : 1) * sizeof *o);
    for (size_t i = 0; i < n; i++) o[i] = (Ord){trie_key(improve(hashcodes[i])), i};
    qsort(o, n, sizeof *o, ord_cmp);
    for (size_t i = 0; i < n; i++) order[i] = o[i].idx;
    free(o);
}

/* ---- mutable.HashMap (scala.collection.mutable.HashTable, Scala 2.12) ----
 * A table of 16 buckets at first, doubled when it holds more than 3/4 of its size; a key's
 * bucket is the top bits of improve(key.##, 4) (the seed is bitCount(15), set once); a new entry
 * goes first in its bucket's list; a resize moves the lists from the last bucket down, each
 * entry again to the front of its new list; iteration runs from the last bucket down. Replaying
 * the live entries' insertions (their seq order) gives the order. */

static uint32_t byteswap32(uint32_t v) {
    return __builtin_bswap32(v * 0x9e3775cdu) * 0x9e3775cdu;
}

static size_t table_index(uint32_t h, size_t size) {
    uint32_t i = byteswap32(h);
    i = (i >> 4) | (i << 28);
    return (size_t)(i >> __builtin_clz((unsigned)(size - 1))) & (size - 1);
}

static int seq_cmp(const void *a, const void *b) {
    const MapEntry *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void mutable_map_order(MapObj *m) {
    size_t n = m->len;
    MapEntry *byseq = malloc((n ? n : 1) * sizeof *byseq);
    uint32_t *hash = malloc((n ? n : 1) * sizeof *hash);
    long *next = malloc((n ? n : 1) * sizeof *next);
    size_t k = 0;
    for (size_t i = 0; byseq && i < m->used; i++) if (m->entries[i].live) byseq[k++] = m->entries[i];
    long *head = NULL;
    size_t size = 16;
    bool ok = byseq && hash && next && k == n && (head = malloc(size * sizeof *head));
    if (ok) qsort(byseq, n, sizeof *byseq, seq_cmp);
    for (size_t i = 0; ok && i < n; i++) ok = scala_hash_of(byseq[i].key, &hash[i], 0);
    if (ok) for (size_t b = 0; b < size; b++) head[b] = -1;
    for (size_t i = 0; ok && i < n; i++) {
        size_t b = table_index(hash[i], size);
        next[i] = head[b];
        head[b] = (long)i;
        if (i + 1 > size * 750 / 1000) {          /* resize(2 * table.length) */
            long *nh = malloc(2 * size * sizeof *nh);
            if (!nh) { ok = false; break; }
            for (size_t j = 0; j < 2 * size; j++) nh[j] = -1;
            for (size_t j = size; j-- > 0;) {
                for (long e = head[j]; e >= 0;) {
                    long e1 = next[e];
                    size_t nb = table_index(hash[e], 2 * size);
                    next[e] = nh[nb];
                    nh[nb] = e;
                    e = e1;
                }
            }
            free(head);
            head = nh;
            size *= 2;
        }
    }
    if (ok) {
        size_t w = 0;
        for (size_t j = size; j-- > 0;)
            for (long e = head[j]; e >= 0; e = next[e]) m->entries[w++] = byseq[e];
        m->used = w;
        map_reindex(m);
    }
    free(head);
    free(next);
    free(hash);
    free(byseq);
}

void map_scala_order(Value map) {
    MapObj *m = as_map(map);
    if (!m->unordered) return;
    m->unordered = false;
    if (m->kind == MAP_MUTABLE && !m->is_set && m->len > 1) { mutable_map_order(m); return; }
    if (m->kind != MAP_SCALA || m->len <= 4) return;
    Ord *ord = malloc(m->len * sizeof *ord);
    if (!ord) return;
    size_t n = 0;
    for (size_t i = 0; i < m->used; i++) {
        if (!m->entries[i].live) continue;
        uint32_t h;
        if (!scala_hash_of(m->entries[i].key, &h, 0)) { free(ord); return; }
        ord[n].key = trie_key(improve(h));
        ord[n].idx = i;
        n++;
    }
    qsort(ord, n, sizeof *ord, ord_cmp);
    MapEntry *sorted = malloc((m->cap ? m->cap : 1) * sizeof *sorted);
    if (!sorted) { free(ord); return; }
    for (size_t i = 0; i < n; i++) sorted[i] = m->entries[ord[i].idx];
    free(ord);
    free(m->entries);
    m->entries = sorted;
    m->used = n;
    map_reindex(m);
}
