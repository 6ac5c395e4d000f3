/* main.c — the unit-test runner: runs the tests registered with TEST(), prints a summary. */
#include "unit.h"

#include <stdarg.h>
#include <stdlib.h>

#define MAX_TESTS 2048

typedef struct { const char *name; void (*fn)(void); } UnitTest;
static UnitTest tests[MAX_TESTS];
static int ntests, failures_in_current;

void unit_register(const char *name, void (*fn)(void)) {
    if (ntests < MAX_TESTS) { tests[ntests].name = name; tests[ntests].fn = fn; ntests++; }
}

void unit_fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "  %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    failures_in_current++;
}

static int by_name(const void *a, const void *b) {
    return strcmp(((const UnitTest *)a)->name, ((const UnitTest *)b)->name);
}

int main(int argc, char **argv) {
    int passed = 0, failed = 0;
    qsort(tests, ntests, sizeof tests[0], by_name);
    for (int i = 0; i < ntests; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1])) continue;
        failures_in_current = 0;
        tests[i].fn();
        if (failures_in_current) { fprintf(stderr, "FAIL %s\n", tests[i].name); failed++; }
        else passed++;
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
