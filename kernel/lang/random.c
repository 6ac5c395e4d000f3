/* random.c — java.util.Random and scala.util.Random (a wrapper of it), with Java's exact
 * sequences: the 48-bit linear congruential generator of java.util.Random (seed scrambled with
 * 0x5DEECE66D, next(bits) the top bits of the state), and on it nextInt, nextInt(n) (with Java's
 * rejection of the biased tail), nextLong, nextBoolean, nextFloat, nextDouble and nextGaussian
 * (the polar method, caching the second value), and scala.util.Random's shuffle. A seeded
 * generator gives what the same seed gives on the JVM; an unseeded one is seeded from the clock.
 * The object scala.util.Random (Random.nextInt(10) after `import scala.util.Random`) is one
 * unseeded generator.
 */
#include "lang/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LCG_MULT 0x5DEECE66DLL
#define LCG_MASK ((1LL << 48) - 1)

typedef struct {
    int64_t seed;
    double next_gaussian;
    bool have_gaussian;
} Rng;

static void rng_seed(Rng *r, int64_t seed) {
    r->seed = (seed ^ LCG_MULT) & LCG_MASK;
    r->have_gaussian = false;
}

static int32_t rng_next(Rng *r, int bits) {
    r->seed = (int64_t)(((uint64_t)r->seed * (uint64_t)LCG_MULT + 0xBu) & (uint64_t)LCG_MASK);
    return (int32_t)(uint32_t)((uint64_t)r->seed >> (48 - bits));
}

static double rng_double(Rng *r) {
    int64_t hi = rng_next(r, 26), lo = rng_next(r, 27);
    return (double)((hi << 27) + lo) * 0x1.0p-53;
}

static Rng *rng_of(Call *c) { return as_host(c->self)->data; }

static int64_t clock_seed(void) {
    static uint64_t uniquifier = 8682522807148012ULL;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uniquifier *= 1181783497276652981ULL;
    return (int64_t)(uniquifier ^ ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec));
}

static bool r_next_int(Call *c, Value *out) {
    Rng *r = rng_of(c);
    if (c->argc == 0) { *out = v_int(rng_next(r, 32)); return true; }
    int64_t bound;
    if (!arg_long(c, 0, &bound)) return false;
    if (bound <= 0 || bound > INT32_MAX)
        return interp_throw(c->I, "java.lang.IllegalArgumentException", "bound must be positive");
    int32_t n = (int32_t)bound, m = n - 1, v = rng_next(r, 31);
    if ((n & m) == 0) v = (int32_t)(((int64_t)n * v) >> 31);
    else
        for (int32_t u = v; (int32_t)((uint32_t)u - (uint32_t)(v = u % n) + (uint32_t)m) < 0; u = rng_next(r, 31)) {}
    *out = v_int(v);
    return true;
}

static bool r_next_long(Call *c, Value *out) {
    Rng *r = rng_of(c);
    int64_t hi = rng_next(r, 32), lo = rng_next(r, 32);
    *out = v_long((int64_t)((uint64_t)hi << 32) + lo);
    return true;
}

static bool r_next_bool(Call *c, Value *out) { *out = v_bool(rng_next(rng_of(c), 1) != 0); return true; }
static bool r_next_double(Call *c, Value *out) { *out = v_double(rng_double(rng_of(c))); return true; }

static bool r_next_float(Call *c, Value *out) {
    *out = v_float((float)rng_next(rng_of(c), 24) / (float)(1 << 24));
    return true;
}

static bool r_next_gaussian(Call *c, Value *out) {
    Rng *r = rng_of(c);
    if (r->have_gaussian) {
        r->have_gaussian = false;
        *out = v_double(r->next_gaussian);
        return true;
    }
    double v1, v2, s;
    do {
        v1 = 2 * rng_double(r) - 1;
        v2 = 2 * rng_double(r) - 1;
        s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    double mul = sqrt(-2 * log(s) / s);
    r->next_gaussian = v2 * mul;
    r->have_gaussian = true;
    *out = v_double(v1 * mul);
    return true;
}

static bool r_set_seed(Call *c, Value *out) {
    int64_t seed;
    if (!arg_long(c, 0, &seed)) return false;
    rng_seed(rng_of(c), seed);
    *out = v_unit();
    return true;
}

/* scala.util.Random.shuffle: into a buffer, then for n from its length down to 2 swap n-1 with
 * nextInt(n); the result is a collection of the argument's kind */
static bool r_shuffle(Call *c, Value *out) {
    Value *items;
    size_t n;
    if (!iter_items(c->I, c->argv[0], &items, &n))
        return interp_throw(c->I, "error", "type mismatch: shuffle needs a collection");
    Rng *r = rng_of(c);
    for (size_t k = n; k >= 2; k--) {
        int32_t m = (int32_t)k, j, v = rng_next(r, 31), mm = m - 1;
        if ((m & mm) == 0) j = (int32_t)(((int64_t)m * v) >> 31);
        else {
            for (int32_t u = v; (int32_t)((uint32_t)u - (uint32_t)(v = u % m) + (uint32_t)mm) < 0; u = rng_next(r, 31)) {}
            j = v;
        }
        Value t = items[k - 1]; items[k - 1] = items[j]; items[j] = t;
    }
    *out = rebuild_like(c->argv[0], items, n);   /* takes the items, not the array */
    free(items);
    return true;
}

static const MethodDef random_methods[] = {
    METHOD("nextInt", r_next_int, 0, 1, "def nextInt(n: Int): Int", "The next Int (in [0, n) when n is given), as java.util.Random gives it."),
    METHOD("nextLong", r_next_long, 0, 0, "def nextLong(): Long", "The next Long."),
    METHOD("nextBoolean", r_next_bool, 0, 0, "def nextBoolean(): Boolean", "The next Boolean."),
    METHOD("nextDouble", r_next_double, 0, 0, "def nextDouble(): Double", "The next Double in [0, 1)."),
    METHOD("nextFloat", r_next_float, 0, 0, "def nextFloat(): Float", "The next Float in [0, 1)."),
    METHOD("nextGaussian", r_next_gaussian, 0, 0, "def nextGaussian(): Double", "The next normally distributed Double (mean 0, deviation 1)."),
    METHOD("setSeed", r_set_seed, 1, 1, "def setSeed(seed: Long): Unit", "Restarts the sequence from seed."),
    METHOD("shuffle", r_shuffle, 1, 1, "def shuffle[T](xs: Seq[T]): Seq[T]", "xs in a random order."),
};

static bool random_construct(Call *c, Value *out);

static HostClass scala_random_class = {
    .name = "Random", .qualified = "scala.util.Random",
    .doc = "A pseudo-random generator (java.util.Random's sequence for a given seed).",
    HOST_METHODS(random_methods), .construct = random_construct,
    .ctor_signature = "new Random(seed: Long)", .finalize = free,
};
static HostClass java_random_class = {
    .name = "Random", .qualified = "java.util.Random",
    .doc = "Java's pseudo-random generator (a 48-bit linear congruential generator).",
    HOST_METHODS(random_methods), .construct = random_construct,
    .ctor_signature = "new java.util.Random(seed: Long)", .finalize = free,
};

static Value random_new(const HostClass *cls, int64_t seed) {
    Rng *r = calloc(1, sizeof *r);
    if (!r) abort();
    rng_seed(r, seed);
    return host_new(cls, r);
}

/* new Random(seed) / new java.util.Random(): Call.data says which */
static bool random_construct(Call *c, Value *out) {
    if (!call_arity(c, 0, 1)) return false;
    int64_t seed = clock_seed();
    if (c->argc && !arg_long(c, 0, &seed)) return false;
    *out = random_new(c->data ? c->data : &scala_random_class, seed);
    return true;
}

void random_init(Interp *I) {
    scala_random_class.ctor_data = &scala_random_class;
    java_random_class.ctor_data = &java_random_class;
    interp_register_class(I, &scala_random_class);
    interp_register_class(I, &java_random_class);
    static const char *const names[] = {"Random", "scala.util.Random", "util.Random", NULL};
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], random_new(&scala_random_class, clock_seed()),
                               "object scala.util.Random", "The shared generator: Random.nextInt(10), Random.shuffle(xs).");
}
