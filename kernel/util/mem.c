/* mem.c — the memory budget and the allocation functions that check it (see mem.h). */
#include "util/mem.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK_EVERY ((size_t)1 << 20)   /* bytes allocated between two looks at the process */

static atomic_size_t budget;            /* 0 until first asked: then the default */
static atomic_bool exhausted;
static _Thread_local size_t since_check;

static size_t read_cgroup_limit(void) {
    FILE *f = fopen("/sys/fs/cgroup/memory.max", "r");
    if (!f) f = fopen("/sys/fs/cgroup/memory/memory.limit_in_bytes", "r");
    if (!f) return 0;
    char buf[64] = {0};
    size_t v = 0;
    if (fgets(buf, sizeof buf, f) && isdigit((unsigned char)buf[0])) v = (size_t)strtoull(buf, NULL, 10);
    fclose(f);
    return v;
}

size_t mem_default_budget(void) {
    size_t env;
    if (mem_parse_size(getenv("SPARK_DRIVER_MEMORY"), &env)) return env;   /* as spark-env.sh sets it */
    long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
    size_t phys = pages > 0 && psize > 0 ? (size_t)pages * (size_t)psize : (size_t)4 << 30;
    size_t cg = read_cgroup_limit();
    if (cg && cg < phys) phys = cg;
    return phys / 2;
}

void mem_set_budget(size_t bytes) { atomic_store(&budget, bytes ? bytes : mem_default_budget()); }

size_t mem_budget(void) {
    size_t b = atomic_load(&budget);
    if (!b) {
        b = mem_default_budget();
        atomic_store(&budget, b);
    }
    return b;
}

size_t mem_in_use(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long size = 0, resident = 0, shared = 0;
    int n = fscanf(f, "%lu %lu %lu", &size, &resident, &shared);
    fclose(f);
    if (n != 3 || resident < shared) return 0;
    return (size_t)(resident - shared) * (size_t)sysconf(_SC_PAGESIZE);
}

bool mem_fits(size_t more) {
    if (more < CHECK_EVERY) return true;   /* small requests are counted by account() */
    size_t b = mem_budget(), used = mem_in_use();
    return more <= b && used <= b - more;
}

bool mem_take_exhausted(void) {
    if (!atomic_load_explicit(&exhausted, memory_order_relaxed)) return false;
    return atomic_exchange(&exhausted, false);
}

static void account(size_t n) {
    since_check += n;
    if (n < CHECK_EVERY && since_check < CHECK_EVERY) return;
    since_check = 0;
    if (!mem_fits(n)) atomic_store(&exhausted, true);
}

static void *out_of_memory(size_t n) {
    fprintf(stderr, "dstream-kernel: out of memory (malloc of %zu bytes failed, %zu bytes in use, budget %zu)\n",
            n, mem_in_use(), mem_budget());
    abort();
}

void *mem_alloc(size_t n) {
    account(n);
    void *p = malloc(n ? n : 1);
    return p ? p : out_of_memory(n);
}

void *mem_calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return out_of_memory(SIZE_MAX);
    account(n * size);
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p ? p : out_of_memory(n * size);
}

void *mem_realloc(void *old, size_t n) {
    account(n);
    void *p = realloc(old, n ? n : 1);
    return p ? p : out_of_memory(n);
}

char *mem_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = mem_alloc(n);
    memcpy(p, s, n);
    return p;
}

bool mem_parse_size(const char *s, size_t *bytes) {
    if (!s) return false;
    while (isspace((unsigned char)*s)) s++;
    if (!isdigit((unsigned char)*s)) return false;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    int shift = 20;                                   /* no suffix: MiB */
    switch (tolower((unsigned char)*end)) {
    case 'k': shift = 10; end++; break;
    case 'm': shift = 20; end++; break;
    case 'g': shift = 30; end++; break;
    case 't': shift = 40; end++; break;
    case 0: break;
    default: return false;
    }
    if (*end == 'b' || *end == 'B') end++;
    while (isspace((unsigned char)*end)) end++;
    if (*end || v == 0 || v > (SIZE_MAX >> shift)) return false;
    *bytes = (size_t)v << shift;
    return true;
}
