/* bigint.c — scala.math.BigInt: arbitrary-precision integers (sign and magnitude in base 10^9),
 * the companion BigInt(n) / BigInt("digits"[, radix]), the operators (+ - * / % and comparisons,
 * with Int and Long operands converted as Scala's implicit int2bigInt does), pow, gcd, abs,
 * signum, min/max, compare, toInt/toLong (two's complement truncation, as Java's intValue),
 * toDouble and toString(radix). scala.math.BigDecimal is bigdec.c, on these digits (bignum.h).
 * Equality, hashing and ordering with the other numbers are value.c's, through
 * bigint_equals/bigint_hash/bigint_compare (which take BigDecimals too).
 */
#include "lang/internal.h"
#include "lang/bignum.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static HostClass bigint_class;

Big *big_alloc(size_t n) {
    Big *b = calloc(1, sizeof *b);
    b->d = calloc(n ? n : 1, sizeof *b->d);
    b->n = n;
    return b;
}

void big_free(void *p) {
    Big *b = p;
    if (!b) return;
    free(b->d);
    free(b);
}

static void big_trim(Big *b) {
    while (b->n && !b->d[b->n - 1]) b->n--;
    if (!b->n) b->sign = 0;
}

Big *big_from_i64(int64_t x) {
    Big *b = big_alloc(3);
    uint64_t m = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    b->sign = x < 0 ? -1 : x > 0;
    for (size_t i = 0; i < 3; i++) { b->d[i] = (uint32_t)(m % BIG_BASE); m /= BIG_BASE; }
    big_trim(b);
    return b;
}

Big *big_copy(const Big *a) {
    Big *b = big_alloc(a->n);
    memcpy(b->d, a->d, a->n * sizeof *a->d);
    b->sign = a->sign;
    return b;
}

int mag_cmp(const Big *a, const Big *b) {
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (size_t i = a->n; i-- > 0;)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

int big_cmp(const Big *a, const Big *b) {
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
        r->d[i] = (uint32_t)(s % BIG_BASE);
        carry = (uint32_t)(s / BIG_BASE);
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
        r->d[i] = (uint32_t)(s < 0 ? s + BIG_BASE : s);
    }
    r->sign = 1;
    big_trim(r);
    return r;
}

Big *big_add(const Big *a, const Big *b, bool negate_b) {
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

Big *big_mul(const Big *a, const Big *b) {
    if (!a->sign || !b->sign) return big_alloc(0);
    Big *r = big_alloc(a->n + b->n);
    uint64_t *acc = calloc(a->n + b->n + 1, sizeof *acc);
    for (size_t i = 0; i < a->n; i++) {
        uint64_t carry = 0;
        for (size_t j = 0; j < b->n; j++) {
            uint64_t t = acc[i + j] + (uint64_t)a->d[i] * b->d[j] + carry;
            acc[i + j] = t % BIG_BASE;
            carry = t / BIG_BASE;
        }
        for (size_t k = i + b->n; carry; k++) {
            uint64_t t = acc[k] + carry;
            acc[k] = t % BIG_BASE;
            carry = t / BIG_BASE;
        }
    }
    for (size_t i = 0; i < a->n + b->n; i++) r->d[i] = (uint32_t)acc[i];
    free(acc);
    r->sign = a->sign * b->sign;
    big_trim(r);
    return r;
}

/* |a| * m + add, small m */
void mag_muladd_small(Big *a, uint32_t m, uint32_t add) {
    uint64_t carry = add;
    for (size_t i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)(t % BIG_BASE);
        carry = t / BIG_BASE;
    }
    if (carry) {
        a->d = realloc(a->d, (a->n + 2) * sizeof *a->d);
        while (carry) { a->d[a->n++] = (uint32_t)(carry % BIG_BASE); carry /= BIG_BASE; }
    }
}

/* quotient and remainder truncated toward zero (Java's BigInteger); b nonzero */
void big_divmod(const Big *a, const Big *b, Big **q, Big **r) {
    Big *quo = big_alloc(a->n);
    Big *rem = big_alloc(0);
    Big babs = *b;
    babs.sign = 1;
    for (size_t i = a->n; i-- > 0;) {
        /* rem = rem * BIG_BASE + a->d[i] */
        Big *shifted = big_alloc(rem->n + 1);
        shifted->d[0] = a->d[i];
        memcpy(shifted->d + 1, rem->d, rem->n * sizeof *rem->d);
        shifted->sign = 1;
        big_trim(shifted);
        big_free(rem);
        rem = shifted;
        /* the largest digit x with |b| * x <= rem */
        uint32_t lo = 0, hi = BIG_BASE - 1;
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
int64_t big_low64(const Big *a) {
    uint64_t m = 0;
    for (size_t i = a->n; i-- > 0;) m = m * BIG_BASE + a->d[i];
    return (int64_t)(a->sign < 0 ? 0 - m : m);
}

bool big_fits_i64(const Big *a) {
    static Big *lo, *hi;
    if (!lo) { lo = big_from_i64(INT64_MIN); hi = big_from_i64(INT64_MAX); }
    return big_cmp(a, lo) >= 0 && big_cmp(a, hi) <= 0;
}

static double big_double(const Big *a) {
    double d = 0;
    for (size_t i = a->n; i-- > 0;) d = d * BIG_BASE + a->d[i];
    return a->sign < 0 ? -d : d;
}

char *big_str(const Big *a, int radix) {
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
Big *big_parse(const char *s, int radix) {
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

Value big_value(Big *b) { return host_new(&bigint_class, b); }

bool bigint_is(Value v) { return v.t == T_HOST && as_host(v)->cls == &bigint_class; }

Value bigint_from_i64(int64_t x) { return big_value(big_from_i64(x)); }

/* v as a Big (new): a BigInt's copy, an Int, Long or Char's value; NULL otherwise */
Big *to_big(Value v) {
    if (bigint_is(v)) return big_copy(as_host(v)->data);
    if (v.t == T_INT) return big_from_i64(v.u.i);
    if (v.t == T_LONG) return big_from_i64(v.u.l);
    if (v.t == T_CHAR) return big_from_i64(v.u.c);
    return NULL;
}

bool bigint_equals(Value a, Value b) {
    if (bigdec_is(a) || bigdec_is(b)) return bigdec_equals(a, b);
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
    if (bigdec_is(a) || bigdec_is(b)) return bigdec_compare(a, b, ok);
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
    if (bigdec_is(l) || bigdec_is(r)) return bigdec_binop(I, op, l, r, out);
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
        if (bigdec_is(items[i])) return bigdec_fold(I, items, n, product, out);
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

char *bigint_to_string(Interp *I, void *data) { return big_str(data, 10); }

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

void bigint_init(Interp *I) {
    interp_register_class(I, &bigint_class);
    interp_register_global(I, "BigInt", func_new_native("BigInt", bigint_apply, v_unit(), -1, NULL),
                           "def apply(x: Int | Long | String): BigInt", "An arbitrary-precision integer.");
    bigdec_init(I);
}
