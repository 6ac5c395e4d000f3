/* bigint.c — scala.math.BigInt: arbitrary-precision integers (sign and magnitude in base 10^9),
 * the companion BigInt(n) / BigInt("digits"[, radix]), the operators (+ - * / % and comparisons,
 * with Int and Long operands converted as Scala's implicit int2bigInt does), pow, gcd, abs,
 * signum, min/max, compare, toInt/toLong (two's complement truncation, as Java's intValue),
 * toDouble and toString(radix); and scala.math.BigDecimal on the same digits (below), with its
 * RoundingMode. Equality, hashing and ordering with the other numbers are value.c's, through
 * bigint_equals/bigint_hash/bigint_compare (which take BigDecimals too).
 */
#include "lang/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE 1000000000u

typedef struct { int sign; size_t n; uint32_t *d; } Big;   /* d[0] least significant; n 0 for zero */

static HostClass bigint_class;
bool bigdec_is(Value v);
static bool dec_binop(Interp *I, Op op, Value l, Value r, Value *out);
static bool dec_equals(Value a, Value b);
static int dec_compare(Value a, Value b, bool *ok);
static bool dec_fold(Interp *I, Value *items, size_t n, bool product, Value *out);

static Big *big_alloc(size_t n) {
    Big *b = calloc(1, sizeof *b);
    b->d = calloc(n ? n : 1, sizeof *b->d);
    b->n = n;
    return b;
}

static void big_free(void *p) {
    Big *b = p;
    if (!b) return;
    free(b->d);
    free(b);
}

static void big_trim(Big *b) {
    while (b->n && !b->d[b->n - 1]) b->n--;
    if (!b->n) b->sign = 0;
}

static Big *big_from_i64(int64_t x) {
    Big *b = big_alloc(3);
    uint64_t m = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    b->sign = x < 0 ? -1 : x > 0;
    for (size_t i = 0; i < 3; i++) { b->d[i] = (uint32_t)(m % BASE); m /= BASE; }
    big_trim(b);
    return b;
}

static Big *big_copy(const Big *a) {
    Big *b = big_alloc(a->n);
    memcpy(b->d, a->d, a->n * sizeof *a->d);
    b->sign = a->sign;
    return b;
}

static int mag_cmp(const Big *a, const Big *b) {
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (size_t i = a->n; i-- > 0;)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

static int big_cmp(const Big *a, const Big *b) {
    if (a->sign != b->sign) return a->sign < b->sign ? -1 : 1;
    int c = mag_cmp(a, b);
    return a->sign < 0 ? -c : c;
}

/* |a| + |b| */
static Big *mag_add(const Big *a, const Big *b) {
    size_t n = (a->n > b->n ? a->n : b->n) + 1;
    Big *r = big_alloc(n);
    uint32_t carry = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t s = (uint64_t)carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        r->d[i] = (uint32_t)(s % BASE);
        carry = (uint32_t)(s / BASE);
    }
    r->sign = 1;
    big_trim(r);
    return r;
}

/* |a| - |b|, |a| >= |b| */
static Big *mag_sub(const Big *a, const Big *b) {
    Big *r = big_alloc(a->n);
    int64_t borrow = 0;
    for (size_t i = 0; i < a->n; i++) {
        int64_t s = (int64_t)a->d[i] - borrow - (i < b->n ? b->d[i] : 0);
        borrow = s < 0;
        r->d[i] = (uint32_t)(s < 0 ? s + BASE : s);
    }
    r->sign = 1;
    big_trim(r);
    return r;
}

static Big *big_add(const Big *a, const Big *b, bool negate_b) {
    int bs = negate_b ? -b->sign : b->sign;
    if (!a->sign) { Big *r = big_copy(b); r->sign = bs; return r; }
    if (!bs) return big_copy(a);
    Big *r;
    if (a->sign == bs) { r = mag_add(a, b); r->sign = a->sign; return r; }
    int c = mag_cmp(a, b);
    if (!c) return big_alloc(0);
    r = c > 0 ? mag_sub(a, b) : mag_sub(b, a);
    r->sign = c > 0 ? a->sign : bs;
    return r;
}

static Big *big_mul(const Big *a, const Big *b) {
    if (!a->sign || !b->sign) return big_alloc(0);
    Big *r = big_alloc(a->n + b->n);
    uint64_t *acc = calloc(a->n + b->n + 1, sizeof *acc);
    for (size_t i = 0; i < a->n; i++) {
        uint64_t carry = 0;
        for (size_t j = 0; j < b->n; j++) {
            uint64_t t = acc[i + j] + (uint64_t)a->d[i] * b->d[j] + carry;
            acc[i + j] = t % BASE;
            carry = t / BASE;
        }
        for (size_t k = i + b->n; carry; k++) {
            uint64_t t = acc[k] + carry;
            acc[k] = t % BASE;
            carry = t / BASE;
        }
    }
    for (size_t i = 0; i < a->n + b->n; i++) r->d[i] = (uint32_t)acc[i];
    free(acc);
    r->sign = a->sign * b->sign;
    big_trim(r);
    return r;
}

/* |a| * m + add, small m */
static void mag_muladd_small(Big *a, uint32_t m, uint32_t add) {
    uint64_t carry = add;
    for (size_t i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)(t % BASE);
        carry = t / BASE;
    }
    if (carry) {
        a->d = realloc(a->d, (a->n + 2) * sizeof *a->d);
        while (carry) { a->d[a->n++] = (uint32_t)(carry % BASE); carry /= BASE; }
    }
}

/* quotient and remainder truncated toward zero (Java's BigInteger); b nonzero */
static void big_divmod(const Big *a, const Big *b, Big **q, Big **r) {
    Big *quo = big_alloc(a->n);
    Big *rem = big_alloc(0);
    Big babs = *b;
    babs.sign = 1;
    for (size_t i = a->n; i-- > 0;) {
        /* rem = rem * BASE + a->d[i] */
        Big *shifted = big_alloc(rem->n + 1);
        shifted->d[0] = a->d[i];
        memcpy(shifted->d + 1, rem->d, rem->n * sizeof *rem->d);
        shifted->sign = 1;
        big_trim(shifted);
        big_free(rem);
        rem = shifted;
        /* the largest digit x with |b| * x <= rem */
        uint32_t lo = 0, hi = BASE - 1;
        while (lo < hi) {
            uint32_t mid = lo + (hi - lo + 1) / 2;
            Big *t = big_copy(&babs);
            t->sign = 1;
            mag_muladd_small(t, mid, 0);
            big_trim(t);
            if (mag_cmp(t, rem) <= 0) lo = mid;
            else hi = mid - 1;
            big_free(t);
        }
        if (lo) {
            Big *t = big_copy(&babs);
            mag_muladd_small(t, lo, 0);
            big_trim(t);
            Big *nr = mag_sub(rem, t);
            big_free(t);
            big_free(rem);
            rem = nr;
        }
        quo->d[i] = lo;
    }
    quo->sign = a->sign * b->sign;
    big_trim(quo);
    if (rem->n) rem->sign = a->sign;
    big_trim(rem);
    if (q) *q = quo; else big_free(quo);
    if (r) *r = rem; else big_free(rem);
}

/* the low 64 bits of the two's complement value (Java's longValue) */
static int64_t big_low64(const Big *a) {
    uint64_t m = 0;
    for (size_t i = a->n; i-- > 0;) m = m * BASE + a->d[i];
    return (int64_t)(a->sign < 0 ? 0 - m : m);
}

static bool big_fits_i64(const Big *a) {
    static Big *lo, *hi;
    if (!lo) { lo = big_from_i64(INT64_MIN); hi = big_from_i64(INT64_MAX); }
    return big_cmp(a, lo) >= 0 && big_cmp(a, hi) <= 0;
}

static double big_double(const Big *a) {
    double d = 0;
    for (size_t i = a->n; i-- > 0;) d = d * BASE + a->d[i];
    return a->sign < 0 ? -d : d;
}

static char *big_str(const Big *a, int radix) {
    if (!a->sign) return strdup("0");
    StrBuf sb; sb_init(&sb);
    if (radix == 10) {
        if (a->sign < 0) sb_putc(&sb, '-');
        sb_printf(&sb, "%u", a->d[a->n - 1]);
        for (size_t i = a->n - 1; i-- > 0;) sb_printf(&sb, "%09u", a->d[i]);
        return sb_take(&sb);
    }
    Big *t = big_copy(a), *rb = big_from_i64(radix);
    t->sign = 1;
    char *digits = malloc(a->n * 32 + 2);
    size_t k = 0;
    while (t->sign) {
        Big *q, *r;
        big_divmod(t, rb, &q, &r);
        int dg = r->n ? (int)r->d[0] : 0;
        digits[k++] = (char)(dg < 10 ? '0' + dg : 'a' + dg - 10);
        big_free(r);
        big_free(t);
        t = q;
    }
    big_free(t);
    big_free(rb);
    if (a->sign < 0) sb_putc(&sb, '-');
    while (k) sb_putc(&sb, digits[--k]);
    free(digits);
    return sb_take(&sb);
}

/* digits in radix (2..36), an optional sign; NULL when malformed */
static Big *big_parse(const char *s, int radix) {
    int sign = 1;
    if (*s == '-' || *s == '+') { sign = *s == '-' ? -1 : 1; s++; }
    if (!*s) return NULL;
    Big *b = big_alloc(0);
    b->sign = 1;
    for (; *s; s++) {
        int c = tolower((unsigned char)*s);
        int dg = isdigit(c) ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
        if (dg >= radix) { big_free(b); return NULL; }
        mag_muladd_small(b, (uint32_t)radix, (uint32_t)dg);
    }
    big_trim(b);
    if (b->n) b->sign = sign;
    return b;
}

/* ---- values ---- */

static Value big_value(Big *b) { return host_new(&bigint_class, b); }

bool bigint_is(Value v) { return v.t == T_HOST && as_host(v)->cls == &bigint_class; }

Value bigint_from_i64(int64_t x) { return big_value(big_from_i64(x)); }

/* v as a Big (new): a BigInt's copy, an Int, Long or Char's value; NULL otherwise */
static Big *to_big(Value v) {
    if (bigint_is(v)) return big_copy(as_host(v)->data);
    if (v.t == T_INT) return big_from_i64(v.u.i);
    if (v.t == T_LONG) return big_from_i64(v.u.l);
    if (v.t == T_CHAR) return big_from_i64(v.u.c);
    return NULL;
}

bool bigint_equals(Value a, Value b) {
    if (bigdec_is(a) || bigdec_is(b)) return dec_equals(a, b);
    Big *x = to_big(a), *y = to_big(b);
    bool eq = false;
    if (x && y) eq = big_cmp(x, y) == 0;
    else if (x && (b.t == T_DOUBLE || b.t == T_FLOAT)) eq = big_double(x) == b.u.d;
    else if (y && (a.t == T_DOUBLE || a.t == T_FLOAT)) eq = big_double(y) == a.u.d;
    big_free(x);
    big_free(y);
    return eq;
}

int bigint_compare(Value a, Value b, bool *ok) {
    if (bigdec_is(a) || bigdec_is(b)) return dec_compare(a, b, ok);
    Big *x = to_big(a), *y = to_big(b);
    int c = 0;
    *ok = x && y;
    if (*ok) c = big_cmp(x, y);
    big_free(x);
    big_free(y);
    return c;
}

/* A BigInt that fits a Long hashes as that Long does (BigInt(3) and 3 are equal keys). */
bool bigint_small(Value v, int64_t *out) {
    const Big *b = as_host(v)->data;
    if (!big_fits_i64(b)) return false;
    *out = big_low64(b);
    return true;
}

char *bigint_text(Value v) { return big_str(as_host(v)->data, 10); }

bool bigint_binop(Interp *I, Op op, Value l, Value r, Value *out) {
    if (bigdec_is(l) || bigdec_is(r)) return dec_binop(I, op, l, r, out);
    if (l.t == T_DOUBLE || l.t == T_FLOAT || r.t == T_DOUBLE || r.t == T_FLOAT) return false;
    Big *x = to_big(l), *y = to_big(r), *z = NULL;
    if (!x || !y) { big_free(x); big_free(y); return false; }
    bool ok = true;
    switch (op) {
    case OP_PLUS: z = big_add(x, y, false); break;
    case OP_MINUS: z = big_add(x, y, true); break;
    case OP_TIMES: z = big_mul(x, y); break;
    case OP_DIV: case OP_MOD:
        if (!y->sign) ok = interp_throw(I, "java.lang.ArithmeticException", "BigInteger divide by zero");
        else if (op == OP_DIV) big_divmod(x, y, &z, NULL);
        else big_divmod(x, y, NULL, &z);
        break;
    case OP_LT: *out = v_bool(big_cmp(x, y) < 0); break;
    case OP_LE: *out = v_bool(big_cmp(x, y) <= 0); break;
    case OP_GT: *out = v_bool(big_cmp(x, y) > 0); break;
    case OP_GE: *out = v_bool(big_cmp(x, y) >= 0); break;
    default: big_free(x); big_free(y); return false;
    }
    big_free(x);
    big_free(y);
    if (z) *out = big_value(z);
    return ok;
}

bool bigint_fold(Interp *I, Value *items, size_t n, bool product, Value *out) {
    for (size_t i = 0; i < n; i++)
        if (bigdec_is(items[i])) return dec_fold(I, items, n, product, out);
    Big *acc = big_from_i64(product ? 1 : 0);
    for (size_t i = 0; i < n; i++) {
        Big *x = to_big(items[i]);
        if (!x) { big_free(acc); return interp_throw(I, "error", "could not find implicit value for parameter num: Numeric"); }
        Big *r = product ? big_mul(acc, x) : big_add(acc, x, false);
        big_free(x);
        big_free(acc);
        acc = r;
    }
    *out = big_value(acc);
    return true;
}

/* ---- methods ---- */

static const Big *self_big(Call *c) { return as_host(c->self)->data; }

static bool arg_big(Call *c, int i, Big **out) {
    *out = i < c->argc ? to_big(c->argv[i]) : NULL;
    if (*out) return true;
    return interp_throw(c->I, "error", "type mismatch;\n found   : %s\n required: scala.math.BigInt",
                        i < c->argc ? val_class_name(c->argv[i]) : "Unit");
}

enum { BM_POW, BM_ABS, BM_NEG, BM_SIGNUM, BM_TOINT, BM_TOLONG, BM_TODOUBLE, BM_GCD, BM_MIN, BM_MAX,
       BM_COMPARE, BM_MOD, BM_VALID_INT, BM_VALID_LONG };

static bool bm(Call *c, Value *out) {
    const Big *a = self_big(c);
    Big *b = NULL;
    switch (CALL_TAG(c)) {
    case BM_POW: {
        int64_t e;
        if (!arg_long(c, 0, &e)) return false;
        if (e < 0) return interp_throw(c->I, "java.lang.ArithmeticException", "Negative exponent");
        Big *r = big_from_i64(1), *base = big_copy(a);
        for (; e; e >>= 1) {
            if (e & 1) { Big *t = big_mul(r, base); big_free(r); r = t; }
            if (e > 1) { Big *t = big_mul(base, base); big_free(base); base = t; }
        }
        big_free(base);
        *out = big_value(r);
        return true;
    }
    case BM_ABS: case BM_NEG: {
        Big *r = big_copy(a);
        r->sign = CALL_TAG(c) == BM_ABS ? (r->sign ? 1 : 0) : -r->sign;
        *out = big_value(r);
        return true;
    }
    case BM_SIGNUM: *out = v_int(a->sign); return true;
    case BM_TOINT: *out = v_int((int32_t)(uint32_t)(uint64_t)big_low64(a)); return true;
    case BM_TOLONG: *out = v_long(big_low64(a)); return true;
    case BM_TODOUBLE: *out = v_double(big_double(a)); return true;
    case BM_VALID_INT: *out = v_bool(big_fits_i64(a) && big_low64(a) == (int32_t)big_low64(a)); return true;
    case BM_VALID_LONG: *out = v_bool(big_fits_i64(a)); return true;
    case BM_GCD: {
        if (!arg_big(c, 0, &b)) return false;
        Big *x = big_copy(a), *y = b;
        x->sign = x->n ? 1 : 0;
        y->sign = y->n ? 1 : 0;
        while (y->sign) { Big *r; big_divmod(x, y, NULL, &r); big_free(x); x = y; y = r; }
        big_free(y);
        *out = big_value(x);
        return true;
    }
    case BM_MIN: case BM_MAX: case BM_COMPARE: case BM_MOD: {
        if (!arg_big(c, 0, &b)) return false;
        int cmp = big_cmp(a, b);
        if (CALL_TAG(c) == BM_COMPARE) { big_free(b); *out = v_int(cmp < 0 ? -1 : cmp > 0); return true; }
        if (CALL_TAG(c) == BM_MOD) {   /* a mod m: the non-negative remainder */
            if (b->sign <= 0) { big_free(b); return interp_throw(c->I, "java.lang.ArithmeticException", "BigInteger: modulus not positive"); }
            Big *r;
            big_divmod(a, b, NULL, &r);
            if (r->sign < 0) { Big *t = big_add(r, b, false); big_free(r); r = t; }
            big_free(b);
            *out = big_value(r);
            return true;
        }
        bool keep_a = CALL_TAG(c) == BM_MIN ? cmp <= 0 : cmp >= 0;
        if (keep_a) { big_free(b); *out = big_value(big_copy(a)); }
        else *out = big_value(b);
        return true;
    }
    }
    return false;
}

static bool bm_tostring(Call *c, Value *out) {
    int64_t radix = 10;
    if (c->argc && !arg_long(c, 0, &radix)) return false;
    if (radix < 2 || radix > 36) radix = 10;
    *out = str_take(big_str(self_big(c), (int)radix));
    return true;
}

static const MethodDef bigint_methods[] = {
    METHOD_DATA("pow", bm, BM_POW, 1, 1, "def pow(exp: Int): BigInt", "This BigInt to the power exp."),
    METHOD_DATA("abs", bm, BM_ABS, 0, 0, "def abs: BigInt", "The absolute value."),
    METHOD_DATA("unary_-", bm, BM_NEG, 0, 0, "def unary_-: BigInt", "The negated value."),
    METHOD_DATA("signum", bm, BM_SIGNUM, 0, 0, "def signum: Int", "-1, 0 or 1 as the value is negative, zero or positive."),
    METHOD_DATA("toInt", bm, BM_TOINT, 0, 0, "def toInt: Int", "The low 32 bits as an Int (as Java's intValue)."),
    METHOD_DATA("intValue", bm, BM_TOINT, 0, 0, "def intValue: Int", "The low 32 bits as an Int."),
    METHOD_DATA("toLong", bm, BM_TOLONG, 0, 0, "def toLong: Long", "The low 64 bits as a Long (as Java's longValue)."),
    METHOD_DATA("longValue", bm, BM_TOLONG, 0, 0, "def longValue: Long", "The low 64 bits as a Long."),
    METHOD_DATA("toDouble", bm, BM_TODOUBLE, 0, 0, "def toDouble: Double", "The nearest Double."),
    METHOD_DATA("isValidInt", bm, BM_VALID_INT, 0, 0, "def isValidInt: Boolean", "Whether the value fits an Int."),
    METHOD_DATA("isValidLong", bm, BM_VALID_LONG, 0, 0, "def isValidLong: Boolean", "Whether the value fits a Long."),
    METHOD_DATA("gcd", bm, BM_GCD, 1, 1, "def gcd(that: BigInt): BigInt", "The greatest common divisor of the absolute values."),
    METHOD_DATA("min", bm, BM_MIN, 1, 1, "def min(that: BigInt): BigInt", "The smaller of the two."),
    METHOD_DATA("max", bm, BM_MAX, 1, 1, "def max(that: BigInt): BigInt", "The larger of the two."),
    METHOD_DATA("compare", bm, BM_COMPARE, 1, 1, "def compare(that: BigInt): Int", "-1, 0 or 1 as this is less than, equal to or greater than that."),
    METHOD_DATA("mod", bm, BM_MOD, 1, 1, "def mod(that: BigInt): BigInt", "The non-negative remainder modulo that."),
    METHOD("toString", bm_tostring, 0, 1, "def toString(radix: Int): String", "The digits in radix (10 by default)."),
};

static char *bigint_to_string(Interp *I, void *data) { return big_str(data, 10); }

static HostClass bigint_class = {
    .name = "BigInt", .qualified = "scala.math.BigInt",
    .doc = "An arbitrary-precision integer.", HOST_METHODS(bigint_methods),
    .finalize = big_free, .to_string = bigint_to_string,
};

/* BigInt(n), BigInt("digits"), BigInt("digits", radix) */
static bool bigint_apply(Call *c, Value *out) {
    if (!call_arity(c, 1, 2)) return false;
    Value a = c->argv[0];
    if (a.t == T_STR) {
        int64_t radix = 10;
        if (c->argc == 2 && !arg_long(c, 1, &radix)) return false;
        Big *b = radix >= 2 && radix <= 36 ? big_parse(as_str(a)->s, (int)radix) : NULL;
        if (!b) {
            if (!as_str(a)->len) return interp_throw(c->I, "java.lang.NumberFormatException", "Zero length BigInteger");
            return interp_throw(c->I, "java.lang.NumberFormatException", "For input string: \"%s\"", as_str(a)->s);
        }
        *out = big_value(b);
        return true;
    }
    Big *b = to_big(a);
    if (!b) return interp_throw(c->I, "error", "overloaded method value apply with alternatives cannot be applied to (%s)", val_class_name(a));
    *out = big_value(b);
    return true;
}


/* ---- scala.math.BigDecimal ----
 * unscaled * 10^-scale, as java.math.BigDecimal; Scala's default MathContext DECIMAL128 (34
 * digits, HALF_EVEN) rounds the results of + - * / as Scala 2.12's BigDecimal does, and toString
 * is Java's (plain unless the exponent is small: 1E+10, 1E-7). */

typedef struct { Big *u; int64_t scale; } Dec;

#define DEC_PRECISION 34
enum { RM_UP, RM_DOWN, RM_CEILING, RM_FLOOR, RM_HALF_UP, RM_HALF_DOWN, RM_HALF_EVEN, RM_UNNECESSARY };
static const char *const rm_names[] = {"UP", "DOWN", "CEILING", "FLOOR", "HALF_UP", "HALF_DOWN", "HALF_EVEN", "UNNECESSARY"};

static HostClass bigdec_class, rounding_class;

static void dec_free(void *p) {
    Dec *d = p;
    if (!d) return;
    big_free(d->u);
    free(d);
}

static Dec *dec_new(Big *u, int64_t scale) {
    Dec *d = calloc(1, sizeof *d);
    d->u = u;
    d->scale = scale;
    return d;
}

static Big *big_pow10(int64_t k) {
    Big *r = big_from_i64(1);
    for (; k >= 9; k -= 9) mag_muladd_small(r, BASE, 0);
    uint32_t m = 1;
    while (k-- > 0) m *= 10;
    if (m > 1) mag_muladd_small(r, m, 0);
    return r;
}

static Big *big_scale_up(const Big *a, int64_t k) {   /* a * 10^k, k >= 0 */
    Big *p = big_pow10(k), *r = big_mul(a, p);
    big_free(p);
    return r;
}

static size_t big_digits(const Big *a) {
    if (!a->sign) return 1;
    char *s = big_str(a, 10);
    size_t n = strlen(s) - (a->sign < 0);
    free(s);
    return n;
}

/* a / 10^k rounded by mode (k > 0); sticky: a nonzero part was already dropped below a */
static Big *big_round_div10(const Big *a, int64_t k, int mode, bool sticky, bool *inexact) {
    Big *p = big_pow10(k), *q, *r;
    big_divmod(a, p, &q, &r);
    bool nonzero = r->sign || sticky;
    if (inexact) *inexact = nonzero;
    if (nonzero) {
        int sign = a->sign;
        Big *twice = big_add(r, r, false);
        twice->sign = twice->n ? 1 : 0;
        int half = mag_cmp(twice, p);                   /* the dropped part against one half */
        if (!half && sticky) half = 1;
        big_free(twice);
        bool up;                                        /* away from zero */
        switch (mode) {
        case RM_UP: up = true; break;
        case RM_DOWN: up = false; break;
        case RM_CEILING: up = sign > 0; break;
        case RM_FLOOR: up = sign < 0; break;
        case RM_HALF_UP: up = half >= 0; break;
        case RM_HALF_DOWN: up = half > 0; break;
        default: up = half > 0 || (!half && q->n && (q->d[0] & 1)); break;
        }
        if (up) {
            Big *one = big_from_i64(sign < 0 ? -1 : 1), *t = big_add(q, one, false);
            big_free(one);
            big_free(q);
            q = t;
        }
    }
    big_free(r);
    big_free(p);
    return q;
}

/* d rounded to DEC_PRECISION digits (HALF_EVEN), in place */
static void dec_round_mc(Dec *d, bool sticky) {
    size_t n = big_digits(d->u);
    if (n <= DEC_PRECISION && !sticky) return;
    int64_t drop = n > DEC_PRECISION ? (int64_t)(n - DEC_PRECISION) : 0;
    if (!drop) return;
    Big *q = big_round_div10(d->u, drop, RM_HALF_EVEN, sticky, NULL);
    big_free(d->u);
    d->u = q;
    d->scale -= drop;
    if (big_digits(d->u) > DEC_PRECISION) {             /* 999…9 rounded up to 1000…0 */
        Big *t = big_round_div10(d->u, 1, RM_HALF_EVEN, false, NULL);
        big_free(d->u);
        d->u = t;
        d->scale -= 1;
    }
}

static Dec *dec_parse(const char *s) {
    const char *p = s;
    StrBuf digits; sb_init(&digits);
    if (*p == '-' || *p == '+') sb_putc(&digits, *p++);
    int64_t frac = 0, exp = 0;
    bool dot = false, any = false;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.' && !dot) { dot = true; continue; }
        if (!isdigit((unsigned char)*p)) { free(sb_take(&digits)); return NULL; }
        sb_putc(&digits, *p);
        any = true;
        if (dot) frac++;
    }
    if (*p) {
        char *end;
        exp = strtoll(p + 1, &end, 10);
        if (end == p + 1 || *end) { free(sb_take(&digits)); return NULL; }
    }
    char *t = sb_take(&digits);
    Big *u = any ? big_parse(t, 10) : NULL;
    free(t);
    return u ? dec_new(u, frac - exp) : NULL;
}

static char *dec_str(const Dec *d) {
    char *coeff = big_str(d->u, 10);
    bool neg = coeff[0] == '-';
    const char *c = coeff + neg;
    int64_t len = (int64_t)strlen(c), adjusted = -d->scale + (len - 1);
    StrBuf sb; sb_init(&sb);
    if (neg) sb_putc(&sb, '-');
    if (d->scale == 0) sb_puts(&sb, c);
    else if (d->scale > 0 && adjusted >= -6) {
        int64_t point = len - d->scale;              /* digits before the point */
        if (point > 0) { sb_add(&sb, c, (size_t)point); sb_putc(&sb, '.'); sb_puts(&sb, c + point); }
        else {
            sb_puts(&sb, "0.");
            for (int64_t i = 0; i < -point; i++) sb_putc(&sb, '0');
            sb_puts(&sb, c);
        }
    } else {
        sb_putc(&sb, c[0]);
        if (len > 1) { sb_putc(&sb, '.'); sb_puts(&sb, c + 1); }
        sb_printf(&sb, "E%s%lld", adjusted >= 0 ? "+" : "", (long long)adjusted);
    }
    free(coeff);
    return sb_take(&sb);
}

bool bigdec_is(Value v) { return v.t == T_HOST && as_host(v)->cls == &bigdec_class; }
bool bignum_is(Value v) { return bigint_is(v) || bigdec_is(v); }

static Value dec_value(Dec *d) { return host_new(&bigdec_class, d); }

/* v as a Dec (new): a BigDecimal's copy, an integral's or BigInt's value (scale 0), a Double's
 * decimal text (Scala's BigDecimal.decimal); NULL otherwise */
static Dec *to_dec(Value v) {
    if (bigdec_is(v)) { const Dec *d = as_host(v)->data; return dec_new(big_copy(d->u), d->scale); }
    if (v.t == T_DOUBLE || v.t == T_FLOAT) {
        if (!isfinite(v.u.d)) return NULL;
        char *s = v.t == T_FLOAT ? fmt_float((float)v.u.d) : fmt_double(v.u.d);
        Dec *d = dec_parse(s);
        free(s);
        return d;
    }
    Big *b = to_big(v);
    return b ? dec_new(b, 0) : NULL;
}

static void dec_align(Dec *a, Dec *b) {   /* the same scale, the larger one */
    Dec *lo = a->scale < b->scale ? a : b, *hi = lo == a ? b : a;
    if (lo->scale == hi->scale) return;
    Big *t = big_scale_up(lo->u, hi->scale - lo->scale);
    big_free(lo->u);
    lo->u = t;
    lo->scale = hi->scale;
}

static int dec_cmp(const Dec *a, const Dec *b) {
    Dec x = {big_copy(a->u), a->scale}, y = {big_copy(b->u), b->scale};
    dec_align(&x, &y);
    int c = big_cmp(x.u, y.u);
    big_free(x.u);
    big_free(y.u);
    return c;
}

/* a / b as Java's divide(b, MathContext.DECIMAL128); b nonzero */
static Dec *dec_div(const Dec *a, const Dec *b) {
    int64_t preferred = a->scale - b->scale;
    if (!a->u->sign) return dec_new(big_alloc(0), preferred);
    int64_t k = DEC_PRECISION + 3 + (int64_t)big_digits(b->u) - (int64_t)big_digits(a->u);
    if (k < 0) k = 0;
    Big *num = big_scale_up(a->u, k), *q, *r;
    big_divmod(num, b->u, &q, &r);
    big_free(num);
    Dec *d = dec_new(q, preferred + k);
    bool sticky = r->sign != 0;
    big_free(r);
    size_t n = big_digits(d->u);
    if (n > DEC_PRECISION) {
        bool inexact;
        Big *t = big_round_div10(d->u, (int64_t)(n - DEC_PRECISION), RM_HALF_EVEN, sticky, &inexact);
        big_free(d->u);
        d->u = t;
        d->scale -= (int64_t)(n - DEC_PRECISION);
        sticky = inexact;
    }
    if (!sticky) {                                   /* exact: the scale nearest the preferred one */
        while (d->scale > preferred) {
            Big *ten = big_from_i64(10), *q2, *r2;
            big_divmod(d->u, ten, &q2, &r2);
            big_free(ten);
            bool zero = !r2->sign;
            big_free(r2);
            if (!zero) { big_free(q2); break; }
            big_free(d->u);
            d->u = q2;
            d->scale--;
        }
    }
    return d;
}

static bool dec_binop(Interp *I, Op op, Value l, Value r, Value *out) {
    Dec *x = to_dec(l), *y = to_dec(r), *z = NULL;
    if (!x || !y) { dec_free(x); dec_free(y); return false; }
    bool ok = true;
    switch (op) {
    case OP_PLUS: case OP_MINUS:
        dec_align(x, y);
        z = dec_new(big_add(x->u, y->u, op == OP_MINUS), x->scale);
        dec_round_mc(z, false);
        break;
    case OP_TIMES:
        z = dec_new(big_mul(x->u, y->u), x->scale + y->scale);
        dec_round_mc(z, false);
        break;
    case OP_DIV:
        if (!y->u->sign) ok = interp_throw(I, "java.lang.ArithmeticException", x->u->sign ? "Division by zero" : "Division undefined");
        else z = dec_div(x, y);
        break;
    case OP_MOD:
        if (!y->u->sign) { ok = interp_throw(I, "java.lang.ArithmeticException", "Division by zero"); break; }
        dec_align(x, y);
        { Big *rem; big_divmod(x->u, y->u, NULL, &rem); z = dec_new(rem, x->scale); }
        break;
    case OP_LT: *out = v_bool(dec_cmp(x, y) < 0); break;
    case OP_LE: *out = v_bool(dec_cmp(x, y) <= 0); break;
    case OP_GT: *out = v_bool(dec_cmp(x, y) > 0); break;
    case OP_GE: *out = v_bool(dec_cmp(x, y) >= 0); break;
    default: dec_free(x); dec_free(y); return false;
    }
    dec_free(x);
    dec_free(y);
    if (z) *out = dec_value(z);
    return ok;
}

static bool dec_equals(Value a, Value b) {
    Dec *x = to_dec(a), *y = to_dec(b);
    bool eq = x && y && dec_cmp(x, y) == 0;
    dec_free(x);
    dec_free(y);
    return eq;
}

static int dec_compare(Value a, Value b, bool *ok) {
    Dec *x = to_dec(a), *y = to_dec(b);
    int c = 0;
    *ok = x && y;
    if (*ok) c = dec_cmp(x, y);
    dec_free(x);
    dec_free(y);
    return c;
}

/* A whole BigDecimal that fits a Long hashes as that Long (BigDecimal(3) == 3). */
bool bigdec_small(Value v, int64_t *out) {
    const Dec *d = as_host(v)->data;
    Big *q, *r;
    if (d->scale > 0) {
        Big *p = big_pow10(d->scale);
        big_divmod(d->u, p, &q, &r);
        big_free(p);
    } else { q = big_scale_up(d->u, -d->scale); r = big_alloc(0); }
    bool ok = !r->sign && big_fits_i64(q);
    if (ok) *out = big_low64(q);
    big_free(q);
    big_free(r);
    return ok;
}

char *bigdec_text(Value v) { return dec_str(as_host(v)->data); }

static bool dec_fold(Interp *I, Value *items, size_t n, bool product, Value *out) {
    Dec *acc = dec_new(big_from_i64(product ? 1 : 0), 0);
    for (size_t i = 0; i < n; i++) {
        Dec *x = to_dec(items[i]);
        if (!x) { dec_free(acc); return interp_throw(I, "error", "could not find implicit value for parameter num: Numeric"); }
        Dec *r;
        if (product) r = dec_new(big_mul(acc->u, x->u), acc->scale + x->scale);
        else { dec_align(acc, x); r = dec_new(big_add(acc->u, x->u, false), acc->scale); }
        dec_round_mc(r, false);
        dec_free(x);
        dec_free(acc);
        acc = r;
    }
    *out = dec_value(acc);
    return true;
}

/* ---- BigDecimal's methods ---- */

static const Dec *self_dec(Call *c) { return as_host(c->self)->data; }

static int rounding_of(Value v) {
    return v.t == T_HOST && as_host(v)->cls == &rounding_class ? (int)(intptr_t)as_host(v)->data - 1 : -1;
}

static Value rounding_value(int mode) { return host_new(&rounding_class, (void *)(intptr_t)(mode + 1)); }

static Dec *dec_set_scale(Interp *I, const Dec *a, int64_t scale, int mode) {
    if (scale >= a->scale) return dec_new(big_scale_up(a->u, scale - a->scale), scale);
    bool inexact;
    Big *q = big_round_div10(a->u, a->scale - scale, mode == RM_UNNECESSARY ? RM_DOWN : mode, false, &inexact);
    if (inexact && mode == RM_UNNECESSARY) {
        big_free(q);
        interp_throw(I, "java.lang.ArithmeticException", "Rounding necessary");
        return NULL;
    }
    return dec_new(q, scale);
}

enum { DM_SETSCALE, DM_ABS, DM_NEG, DM_SIGNUM, DM_TOINT, DM_TOLONG, DM_TODOUBLE, DM_SCALE, DM_PRECISION,
       DM_MIN, DM_MAX, DM_COMPARE, DM_TOBIGINT, DM_ISWHOLE, DM_UNSCALED, DM_FLOAT, DM_POW, DM_QUOT };

static bool dm(Call *c, Value *out) {
    const Dec *a = self_dec(c);
    switch (CALL_TAG(c)) {
    case DM_SETSCALE: {
        int64_t scale;
        if (!arg_long(c, 0, &scale)) return false;
        int mode = RM_UNNECESSARY;
        if (c->argc > 1 && (mode = rounding_of(c->argv[1])) < 0)
            return interp_throw(c->I, "error", "type mismatch;\n found   : %s\n required: scala.math.BigDecimal.RoundingMode.Value",
                                val_class_name(c->argv[1]));
        Dec *d = dec_set_scale(c->I, a, scale, mode);
        if (!d) return false;
        *out = dec_value(d);
        return true;
    }
    case DM_ABS: case DM_NEG: {
        Big *u = big_copy(a->u);
        u->sign = CALL_TAG(c) == DM_ABS ? (u->sign ? 1 : 0) : -u->sign;
        *out = dec_value(dec_new(u, a->scale));
        return true;
    }
    case DM_SIGNUM: *out = v_int(a->u->sign); return true;
    case DM_TOINT: case DM_TOLONG: case DM_TOBIGINT: {
        Dec *w = dec_set_scale(c->I, a, 0, RM_DOWN);
        if (CALL_TAG(c) == DM_TOBIGINT) { *out = big_value(big_copy(w->u)); }
        else {
            int64_t l = big_low64(w->u);
            *out = CALL_TAG(c) == DM_TOINT ? v_int((int32_t)(uint32_t)(uint64_t)l) : v_long(l);
        }
        dec_free(w);
        return true;
    }
    case DM_TODOUBLE: case DM_FLOAT: {
        char *s = dec_str(a);
        double d = strtod(s, NULL);
        free(s);
        *out = CALL_TAG(c) == DM_FLOAT ? v_float((float)d) : v_double(d);
        return true;
    }
    case DM_SCALE: *out = v_int((int32_t)a->scale); return true;
    case DM_PRECISION: *out = v_int((int32_t)big_digits(a->u)); return true;
    case DM_UNSCALED: *out = big_value(big_copy(a->u)); return true;
    case DM_ISWHOLE: {
        int64_t l;
        Dec *w = dec_set_scale(c->I, a, a->scale > 0 ? 0 : a->scale, RM_DOWN);
        *out = v_bool(dec_cmp(w, a) == 0);
        dec_free(w);
        (void)l;
        return true;
    }
    case DM_POW: {
        int64_t e;
        if (!arg_long(c, 0, &e)) return false;
        if (e < 0 || e > 999999999) return interp_throw(c->I, "java.lang.ArithmeticException", "Invalid operation");
        Dec *r = dec_new(big_from_i64(1), 0);
        for (int64_t i = 0; i < e; i++) {
            Dec *t = dec_new(big_mul(r->u, a->u), r->scale + a->scale);
            dec_free(r);
            r = t;
        }
        dec_round_mc(r, false);
        *out = dec_value(r);
        return true;
    }
    case DM_MIN: case DM_MAX: case DM_COMPARE: case DM_QUOT: {
        Dec *b = c->argc ? to_dec(c->argv[0]) : NULL;
        if (!b) return interp_throw(c->I, "error", "type mismatch;\n found   : %s\n required: scala.math.BigDecimal",
                                    c->argc ? val_class_name(c->argv[0]) : "Unit");
        if (CALL_TAG(c) == DM_QUOT) {
            if (!b->u->sign) { dec_free(b); return interp_throw(c->I, "java.lang.ArithmeticException", "Division by zero"); }
            Dec x = {big_copy(a->u), a->scale};
            dec_align(&x, b);
            Big *q;
            big_divmod(x.u, b->u, &q, NULL);
            big_free(x.u);
            dec_free(b);
            *out = dec_value(dec_new(q, 0));
            return true;
        }
        int cmp = dec_cmp(a, b);
        if (CALL_TAG(c) == DM_COMPARE) { dec_free(b); *out = v_int(cmp < 0 ? -1 : cmp > 0); return true; }
        bool keep_a = CALL_TAG(c) == DM_MIN ? cmp <= 0 : cmp >= 0;
        if (keep_a) { dec_free(b); *out = dec_value(dec_new(big_copy(a->u), a->scale)); }
        else *out = dec_value(b);
        return true;
    }
    }
    return false;
}

static const MethodDef bigdec_methods[] = {
    METHOD_DATA("setScale", dm, DM_SETSCALE, 1, 2, "def setScale(scale: Int, mode: RoundingMode.Value): BigDecimal", "This value with scale digits after the point, rounded by mode (none: it must be exact)."),
    METHOD_DATA("abs", dm, DM_ABS, 0, 0, "def abs: BigDecimal", "The absolute value."),
    METHOD_DATA("unary_-", dm, DM_NEG, 0, 0, "def unary_-: BigDecimal", "The negated value."),
    METHOD_DATA("signum", dm, DM_SIGNUM, 0, 0, "def signum: Int", "-1, 0 or 1 as the value is negative, zero or positive."),
    METHOD_DATA("toInt", dm, DM_TOINT, 0, 0, "def toInt: Int", "The integral part's low 32 bits."),
    METHOD_DATA("intValue", dm, DM_TOINT, 0, 0, "def intValue: Int", "The integral part's low 32 bits."),
    METHOD_DATA("toLong", dm, DM_TOLONG, 0, 0, "def toLong: Long", "The integral part's low 64 bits."),
    METHOD_DATA("longValue", dm, DM_TOLONG, 0, 0, "def longValue: Long", "The integral part's low 64 bits."),
    METHOD_DATA("toBigInt", dm, DM_TOBIGINT, 0, 0, "def toBigInt: BigInt", "The integral part."),
    METHOD_DATA("toDouble", dm, DM_TODOUBLE, 0, 0, "def toDouble: Double", "The nearest Double."),
    METHOD_DATA("doubleValue", dm, DM_TODOUBLE, 0, 0, "def doubleValue: Double", "The nearest Double."),
    METHOD_DATA("toFloat", dm, DM_FLOAT, 0, 0, "def toFloat: Float", "The nearest Float."),
    METHOD_DATA("scale", dm, DM_SCALE, 0, 0, "def scale: Int", "The digits after the point."),
    METHOD_DATA("precision", dm, DM_PRECISION, 0, 0, "def precision: Int", "The digits of the unscaled value."),
    METHOD_DATA("isWhole", dm, DM_ISWHOLE, 0, 0, "def isWhole: Boolean", "Whether the value has no fractional part."),
    METHOD_DATA("pow", dm, DM_POW, 1, 1, "def pow(n: Int): BigDecimal", "This value to the power n."),
    METHOD_DATA("quot", dm, DM_QUOT, 1, 1, "def quot(that: BigDecimal): BigDecimal", "The integral quotient."),
    METHOD_DATA("min", dm, DM_MIN, 1, 1, "def min(that: BigDecimal): BigDecimal", "The smaller of the two."),
    METHOD_DATA("max", dm, DM_MAX, 1, 1, "def max(that: BigDecimal): BigDecimal", "The larger of the two."),
    METHOD_DATA("compare", dm, DM_COMPARE, 1, 1, "def compare(that: BigDecimal): Int", "-1, 0 or 1 as this is less than, equal to or greater than that."),
};

static char *bigdec_to_string(Interp *I, void *data) { (void)I; return dec_str(data); }

static HostClass bigdec_class = {
    .name = "BigDecimal", .qualified = "scala.math.BigDecimal",
    .doc = "An arbitrary-precision decimal (Scala's BigDecimal, MathContext DECIMAL128).", HOST_METHODS(bigdec_methods),
    .finalize = dec_free, .to_string = bigdec_to_string,
};

static char *rounding_to_string(Interp *I, void *data) { (void)I; return strdup(rm_names[(intptr_t)data - 1]); }

static bool rounding_id(Call *c, Value *out) { *out = v_int(rounding_of(c->self)); return true; }

static const MethodDef rounding_methods[] = {
    METHOD("id", rounding_id, 0, 0, "def id: Int", "The mode's number in the enumeration."),
};

static HostClass rounding_class = {
    .name = "Value", .qualified = "BigDecimal.RoundingMode.Value",
    .doc = "A rounding mode of BigDecimal.setScale.", HOST_METHODS(rounding_methods),
    .to_string = rounding_to_string,
};

static bool rounding_get(Call *c, Value *out) { *out = rounding_value((int)CALL_TAG(c)); return true; }

#define RMODE(i, n) METHOD_DATA(n, rounding_get, i, 0, 0, "val " n ": RoundingMode.Value", "Java's RoundingMode." n ".")
static const MethodDef rounding_obj_methods[] = {
    RMODE(RM_UP, "UP"), RMODE(RM_DOWN, "DOWN"), RMODE(RM_CEILING, "CEILING"), RMODE(RM_FLOOR, "FLOOR"),
    RMODE(RM_HALF_UP, "HALF_UP"), RMODE(RM_HALF_DOWN, "HALF_DOWN"), RMODE(RM_HALF_EVEN, "HALF_EVEN"),
    RMODE(RM_UNNECESSARY, "UNNECESSARY"),
};

static char *rounding_obj_to_string(Interp *I, void *data) { (void)I; (void)data; return strdup("RoundingMode"); }

static HostClass rounding_obj_class = {
    .name = "RoundingMode", .qualified = "scala.math.BigDecimal.RoundingMode",
    .doc = "BigDecimal's rounding modes.", HOST_METHODS(rounding_obj_methods),
    .to_string = rounding_obj_to_string,
};

/* BigDecimal("10.25"), BigDecimal(3), BigDecimal(0.1) (the Double's decimal text), BigDecimal(bigInt) */
static bool bigdec_apply(Call *c, Value *out) {
    if (!call_arity(c, 1, 2)) return false;
    Value a = c->argv[0];
    Dec *d;
    if (a.t == T_STR) {
        d = dec_parse(as_str(a)->s);
        if (!d) {
            const char *t = as_str(a)->s;
            if (!*t) return interp_throw(c->I, "java.lang.NumberFormatException", "No digits found.");
            char bad = t[strspn(t, "+-0123456789.")];
            return interp_throw(c->I, "java.lang.NumberFormatException", "Character %c is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.",
                                bad ? bad : t[0]);
        }
    } else if ((a.t == T_DOUBLE || a.t == T_FLOAT) && !isfinite(a.u.d)) {
        return interp_throw(c->I, "java.lang.NumberFormatException", "Character %c is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.",
                            isnan(a.u.d) ? 'N' : 'I');
    } else if (!(d = to_dec(a)))
        return interp_throw(c->I, "error", "overloaded method value apply with alternatives cannot be applied to (%s)", val_class_name(a));
    if (c->argc == 2) {      /* BigDecimal(unscaled, scale) */
        int64_t scale;
        if (!arg_long(c, 1, &scale)) { dec_free(d); return false; }
        d->scale += scale;
    }
    *out = dec_value(d);
    return true;
}

static bool bigdec_obj_rounding(Call *c, Value *out) {
    (void)c;
    *out = host_new(&rounding_obj_class, NULL);
    return true;
}

static bool bigdec_obj_apply(Call *c, Value *out) { return bigdec_apply(c, out); }

static const MethodDef bigdec_obj_methods[] = {
    METHOD("apply", bigdec_obj_apply, 1, 2, "def apply(x: String | Int | Long | Double | BigInt): BigDecimal", "An arbitrary-precision decimal."),
    METHOD("decimal", bigdec_obj_apply, 1, 1, "def decimal(d: Double): BigDecimal", "The Double's decimal text as a BigDecimal."),
    METHOD("RoundingMode", bigdec_obj_rounding, 0, 0, "object RoundingMode", "The rounding modes of setScale."),
};

static char *bigdec_obj_to_string(Interp *I, void *data) { (void)I; (void)data; return strdup("scala.math.BigDecimal$@0"); }

static HostClass bigdec_obj_class = {
    .name = "BigDecimal$", .qualified = "scala.math.BigDecimal$",
    .doc = "Scala's BigDecimal companion.", HOST_METHODS(bigdec_obj_methods),
    .to_string = bigdec_obj_to_string,
};

void bigint_init(Interp *I) {
    interp_register_class(I, &bigint_class);
    interp_register_global(I, "BigInt", func_new_native("BigInt", bigint_apply, v_unit(), -1, NULL),
                           "def apply(x: Int | Long | String): BigInt", "An arbitrary-precision integer.");
    interp_register_class(I, &bigdec_class);
    interp_register_class(I, &rounding_class);
    interp_register_class(I, &rounding_obj_class);
    interp_register_class(I, &bigdec_obj_class);
    Value obj = host_new(&bigdec_obj_class, NULL);
    val_incref(obj);
    interp_register_global(I, "BigDecimal", obj, "object scala.math.BigDecimal", bigdec_obj_class.doc);
    interp_register_global(I, "scala.math.BigDecimal", obj, "object scala.math.BigDecimal", bigdec_obj_class.doc);
    Value rm = host_new(&rounding_obj_class, NULL);
    interp_register_global(I, "scala.math.BigDecimal.RoundingMode", rm, "object scala.math.BigDecimal.RoundingMode", rounding_obj_class.doc);
}
