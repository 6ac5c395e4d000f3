/* bignum.h — the digits bigint.c (scala.math.BigInt) and bigdec.c (scala.math.BigDecimal) share:
 * sign and magnitude in base 10^9, and the arithmetic on them. Only those two files include it.
 */
#ifndef LANG_BIGNUM_H
#define LANG_BIGNUM_H

#include "lang/internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BIG_BASE 1000000000u

typedef struct { int sign; size_t n; uint32_t *d; } Big;   /* d[0] least significant; n 0 for zero */

Big *big_alloc(size_t n);
void big_free(void *p);
Big *big_from_i64(int64_t x);
Big *big_copy(const Big *a);
int mag_cmp(const Big *a, const Big *b);                       /* |a| against |b| */
int big_cmp(const Big *a, const Big *b);
Big *big_add(const Big *a, const Big *b, bool negate_b);       /* a + b, or a - b */
Big *big_mul(const Big *a, const Big *b);
void mag_muladd_small(Big *a, uint32_t m, uint32_t add);       /* |a| * m + add, small m */
void big_divmod(const Big *a, const Big *b, Big **q, Big **r); /* truncated toward zero; b nonzero */
int64_t big_low64(const Big *a);                               /* Java's longValue */
bool big_fits_i64(const Big *a);
char *big_str(const Big *a, int radix);                        /* malloc'd */
Big *big_parse(const char *s, int radix);                      /* NULL when malformed */
Value big_value(Big *b);                                       /* a BigInt owning b */
Big *to_big(Value v);                                          /* new: a BigInt's, Int's, Long's or Char's value; NULL otherwise */

/* bigdec.c, for bigint.c's operators and value.c's equality and ordering */
void bigdec_init(Interp *I);
bool bigdec_binop(Interp *I, Op op, Value l, Value r, Value *out);
bool bigdec_equals(Value a, Value b);
int bigdec_compare(Value a, Value b, bool *ok);
bool bigdec_fold(Interp *I, Value *items, size_t n, bool product, Value *out);

#endif
