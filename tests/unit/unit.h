/* unit.h — a minimal unit-test framework: TEST() registers a test, CHECK* record failures.
 * The runner (tests/unit/main.c) runs every registered test (or those whose name contains
 * argv[1]) and ends with the line "N passed, N failed". */
#ifndef DSTREAM_UNIT_H
#define DSTREAM_UNIT_H

#include <stdio.h>
#include <string.h>

void unit_register(const char *name, void (*fn)(void));
void unit_fail(const char *file, int line, const char *fmt, ...);

#define TEST(name)                                                              \
    static void name(void);                                                     \
    __attribute__((constructor)) static void unit_reg_##name(void) {            \
        unit_register(#name, name);                                             \
    }                                                                           \
    static void name(void)

#define CHECK(cond)                                                             \
    do { if (!(cond)) unit_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); } while (0)

#define CHECK_EQ_INT(a, b)                                                      \
    do { long long a_ = (long long)(a), b_ = (long long)(b);                    \
         if (a_ != b_) unit_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, a_, b_); \
    } while (0)

#define CHECK_STR(a, b)                                                         \
    do { const char *a_ = (a), *b_ = (b);                                       \
         if (!a_ || !b_ || strcmp(a_, b_) != 0)                                 \
             unit_fail(__FILE__, __LINE__, "%s\n     got: [%s]\n expected: [%s]", #a, \
                       a_ ? a_ : "(null)", b_ ? b_ : "(null)");                 \
    } while (0)

#endif
