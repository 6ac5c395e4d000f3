/* replay.c — the set of signatures already seen (see replay.h).
 *
 * Open addressing with linear probing over 64-bit keys: the first 8 bytes of the HMAC digest.
 * Digests are uniformly distributed (and cannot be chosen without the key), so the key is its own
 * hash, and an accidental collision between two genuine messages (about n^2 / 2^65: 1 in 10^10
 * for a full set of 65,536) is a non-issue — it would drop one message, never accept a replay.
 * 8 bytes a slot keep the set small: a kernel's memory must stay flat over many cells. The table doubles while under half full and never
 * grows beyond twice max; culling rebuilds it without the forgotten keys, once per max / 10
 * insertions, so the cost per message stays O(1) amortised. */
#include "protocol/replay.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

typedef uint64_t key64; /* 0 marks an empty slot */

struct kp_replay {
    pthread_mutex_t lock;
    key64 *slots;
    size_t cap;   /* a power of two */
    size_t count;
    size_t max;
    uint64_t rng; /* xorshift64* state for culling */
};

static uint64_t next_random(kp_replay *r) {
    r->rng ^= r->rng >> 12;
    r->rng ^= r->rng << 25;
    r->rng ^= r->rng >> 27;
    return r->rng * 2685821657736338717ULL;
}

kp_replay *kp_replay_new(size_t max) {
    if (max == 0) return NULL;
    kp_replay *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->max = max;
    r->cap = 1024;
    r->slots = calloc(r->cap, sizeof *r->slots);
    if (!r->slots) {
        free(r);
        return NULL;
    }
    if (getrandom(&r->rng, sizeof r->rng, 0) != (ssize_t)sizeof r->rng)
        r->rng = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)r;
    if (!r->rng) r->rng = 0x9e3779b97f4a7c15ULL;
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

void kp_replay_free(kp_replay *r) {
    if (!r) return;
    pthread_mutex_destroy(&r->lock);
    free(r->slots);
    free(r);
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The key of a hex signature; false if it is not at least 32 hex digits. */
static bool make_key(const char *sig, size_t len, key64 *k) {
    if (!sig || len < 32) return false;
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++) {
        int v = hexval(sig[i]);
        if (v < 0) return false;
        if (i < 16) w = (w << 4) | (uint64_t)v;
    }
    *k = w ? w : 1; /* keep 0 for empty slots */
    return true;
}

/* The slot holding k, or the empty slot where it belongs. */
static key64 *find(key64 *slots, size_t cap, key64 k) {
    size_t i = (size_t)k & (cap - 1);
    for (;;) {
        key64 *s = &slots[i];
        if (!*s || *s == k) return s;
        i = (i + 1) & (cap - 1);
    }
}

/* Moves the keys into a new table of cap slots, dropping n_drop of them at random. */
static bool rebuild(kp_replay *r, size_t cap, size_t n_drop) {
    key64 *slots = calloc(cap, sizeof *slots);
    if (!slots) return false;
    size_t left = r->count, kept = 0;
    for (size_t i = 0; i < r->cap; i++) {
        key64 k = r->slots[i];
        if (!k) continue;
        /* selection sampling (Knuth's algorithm S): each key is dropped with probability
         * (drops still to make) / (keys still to see), which drops exactly n_drop at random */
        bool drop = n_drop && next_random(r) % left < n_drop;
        left--;
        if (drop) {
            n_drop--;
            continue;
        }
        *find(slots, cap, k) = k;
        kept++;
    }
    free(r->slots);
    r->slots = slots;
    r->cap = cap;
    r->count = kept;
    return true;
}

/* Forgets n keys at random; without memory for a new table, forgets them all (as
 * jupyter_client does when it would cull everything) rather than let the table fill up. */
static void cull(kp_replay *r, size_t n) {
    if (rebuild(r, r->cap, n)) return;
    memset(r->slots, 0, r->cap * sizeof *r->slots);
    r->count = 0;
}

bool kp_replay_seen(kp_replay *r, const char *sig, size_t len) {
    key64 k;
    if (!r || !make_key(sig, len, &k)) return false;
    pthread_mutex_lock(&r->lock);
    key64 *s = find(r->slots, r->cap, k);
    bool seen = *s == k;
    if (!seen) {
        *s = k;
        r->count++;
        if (r->count > r->max) {
            /* as jupyter_client: forget a random tenth (or down to max) */
            size_t n = r->count / 10;
            if (r->count - r->max > n) n = r->count - r->max;
            cull(r, n);
        } else if (2 * r->count > r->cap && !rebuild(r, 2 * r->cap, 0)) {
            cull(r, r->count / 2); /* cannot grow: make room instead */
        }
    }
    pthread_mutex_unlock(&r->lock);
    return seen;
}

size_t kp_replay_count(kp_replay *r) {
    if (!r) return 0;
    pthread_mutex_lock(&r->lock);
    size_t n = r->count;
    pthread_mutex_unlock(&r->lock);
    return n;
}
