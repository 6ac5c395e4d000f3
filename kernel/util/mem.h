/* mem.h — the process's memory budget and its one out-of-memory path, shared by every layer.
 *
 * The budget is what the kernel lets a program use (default: $SPARK_DRIVER_MEMORY if set, else
 * half of physical memory or of the cgroup's limit when that is lower; `%%configure` sets it
 * from spark.driver.memory). It is
 * compared with the process's resident anonymous memory, read from /proc/self/statm, whenever
 * an allocation through these functions asks for 1 MiB or more, and after every further MiB of
 * smaller ones (counted per thread, so the check costs nothing on the common path).
 *
 * Going over does not fail the allocation — the structures being built stay whole — but raises
 * a flag that the interpreter turns into java.lang.OutOfMemoryError at its next check (every
 * call and loop iteration), unwinding the program that grew. Code that knows a big size before
 * allocating it (a string repeated n times, an array of n elements) asks mem_fits first and
 * fails at once. Only when malloc itself returns NULL is there nothing to do but exit, saying so.
 */
#ifndef DSTREAM_UTIL_MEM_H
#define DSTREAM_UTIL_MEM_H

#include <stdbool.h>
#include <stddef.h>

void *mem_alloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);

void mem_set_budget(size_t bytes);      /* 0: back to the default */
size_t mem_budget(void);
size_t mem_default_budget(void);
size_t mem_in_use(void);                /* resident anonymous bytes of the process */
bool mem_fits(size_t more);             /* in use + more within the budget (true below 1 MiB) */
bool mem_take_exhausted(void);          /* the flag: returns it and clears it */

/* Parses a JVM memory size ("512m", "2g", "1024k", "3t"; no suffix: MiB, as spark.driver.memory
 * reads it) into bytes. Returns false for anything else. */
bool mem_parse_size(const char *s, size_t *bytes);

#endif
