/* bigdec.c — scala.math.BigDecimal on bigint.c's digits: unscaled * 10^-scale as
 * java.math.BigDecimal, Scala's MathContext DECIMAL128 for + - * /, Java's toString, setScale with
 * BigDecimal.RoundingMode, and the companion BigDecimal(...). Equality, hashing and ordering with
 * the other numbers go through bigint.c (bigint_equals/bigint_compare call bigdec_* here).
 */
#include "lang/internal.h"
#include "lang/bignum.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    for (; k >= 9; k -= 9) mag_muladd_small(r, BIG_BASE, 0);
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

bool bigdec_binop(Interp *I, Op op, Value l, Value r, Value *out) {
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

bool bigdec_equals(Value a, Value b) {
    Dec *x = to_dec(a), *y = to_dec(b);
    bool eq = x && y && dec_cmp(x, y) == 0;
    dec_free(x);
    dec_free(y);
    return eq;
}

int bigdec_compare(Value a, Value b, bool *ok) {
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

bool bigdec_fold(Interp *I, Value *items, size_t n, bool product, Value *out) {
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

void bigdec_init(Interp *I) {
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
