/* duration.c — Spark Streaming's Duration and Time: Milliseconds(n), Seconds(n), Minutes(n),
 * their arithmetic and comparisons, and batch times. */
#include "spark/streaming/streaming_internal.h"
#include "spark/modules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- durations and times ---- */

typedef struct { int64_t ms; bool is_time; } Dur;
extern HostClass duration_class, time_class;

static void dur_free(void *d) { free(d); }
static char *dur_str(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "%lld ms", (long long)((Dur *)d)->ms) < 0) return NULL;
    return s;
}
Value duration_new(int64_t ms) {
    Dur *d = calloc(1, sizeof *d);
    d->ms = ms;
    return host_new(&duration_class, d);
}
Value ds_time_new(int64_t ms) {
    Dur *d = calloc(1, sizeof *d);
    d->ms = ms;
    d->is_time = true;
    return host_new(&time_class, d);
}
bool duration_ms(Interp *I, Value v, int64_t *ms) {
    if (v.t == T_HOST && (as_host(v)->cls == &duration_class || as_host(v)->cls == &time_class)) {
        *ms = ((Dur *)as_host(v)->data)->ms;
        return true;
    }
    if (v.t == T_INT || v.t == T_LONG) { *ms = v.t == T_INT ? v.u.i : v.u.l; return true; }
    return interp_throw(I, "error", "type mismatch: a Duration is needed, e.g. Seconds(2)");
}
static int64_t self_ms(Call *c) { return ((Dur *)as_host(c->self)->data)->ms; }
static bool dur_millis(Call *c, Value *out) { *out = v_long(self_ms(c)); return true; }
enum { DUR_ADD, DUR_SUB, DUR_MUL, DUR_DIV, DUR_LT, DUR_LE, DUR_GT, DUR_GE };   /* dur_arith's operator */
static bool dur_arith(Call *c, Value *out) {
    bool is_time = ((Dur *)as_host(c->self)->data)->is_time;
    int64_t a = self_ms(c), b = 0;
    int op = CALL_TAG(c);
    if (op == DUR_MUL || op == DUR_DIV) {
        if (!arg_long(c, 0, &b)) return false;
        if (op == DUR_DIV && b == 0) return interp_throw(c->I, "java.lang.ArithmeticException", "/ by zero");
        *out = duration_new(op == DUR_MUL ? a * b : a / b);
        return true;
    }
    if (!duration_ms(c->I, c->argv[0], &b)) return false;
    bool other_time = c->argv[0].t == T_HOST && as_host(c->argv[0])->cls == &time_class;
    switch (op) {
    case DUR_ADD: *out = is_time ? ds_time_new(a + b) : duration_new(a + b); return true;
    case DUR_SUB: *out = is_time && !other_time ? ds_time_new(a - b) : duration_new(a - b); return true;
    case DUR_LT: *out = v_bool(a < b); return true;
    case DUR_LE: *out = v_bool(a <= b); return true;
    case DUR_GT: *out = v_bool(a > b); return true;
    case DUR_GE: *out = v_bool(a >= b); return true;
    default: return interp_throw(c->I, "error", "unsupported Duration operation %s", c->name);
    }
}
static bool dur_multiple(Call *c, Value *out) {
    int64_t b = 0;
    if (!duration_ms(c->I, c->argv[0], &b)) return false;
    *out = v_bool(b != 0 && self_ms(c) % b == 0);
    return true;
}
static bool dur_equals(Call *c, Value *out) {
    int64_t b = 0;
    *out = v_bool(c->argv[0].t == T_HOST && duration_ms(c->I, c->argv[0], &b) && b == self_ms(c));
    return true;
}
static const MethodDef dur_methods[] = {
    METHOD("milliseconds", dur_millis, 0, 0, "def milliseconds: Long", "The duration in milliseconds."),
    METHOD_DATA("+", dur_arith, DUR_ADD, 1, 1, "def +(that: Duration): Duration", "Sum."),
    METHOD_DATA("-", dur_arith, DUR_SUB, 1, 1, "def -(that: Duration): Duration", "Difference."),
    METHOD_DATA("*", dur_arith, DUR_MUL, 1, 1, "def *(times: Int): Duration", "Product."),
    METHOD_DATA("/", dur_arith, DUR_DIV, 1, 1, "def /(n: Int): Duration", "Quotient."),
    METHOD_DATA("<", dur_arith, DUR_LT, 1, 1, "def <(that: Duration): Boolean", "Comparison."),
    METHOD_DATA("<=", dur_arith, DUR_LE, 1, 1, "def <=(that: Duration): Boolean", "Comparison."),
    METHOD_DATA(">", dur_arith, DUR_GT, 1, 1, "def >(that: Duration): Boolean", "Comparison."),
    METHOD_DATA(">=", dur_arith, DUR_GE, 1, 1, "def >=(that: Duration): Boolean", "Comparison."),
    METHOD("isMultipleOf", dur_multiple, 1, 1, "def isMultipleOf(that: Duration): Boolean", "Whether this is a whole multiple of that."),
    METHOD("equals", dur_equals, 1, 1, "def equals(that: Any): Boolean", "Equal length."),
};
static bool make_duration(Call *c, Value *out);
HostClass duration_class = {.name = "Duration", .qualified = "org.apache.spark.streaming.Duration",
                            .doc = "A length of time: Milliseconds(n), Seconds(n), Minutes(n).",
                            .doc_url = SS_DOC "Duration.html",
                            HOST_METHODS(dur_methods), .construct = make_duration, .ctor_data = (const void *)(intptr_t)1,
                            .ctor_signature = "new Duration(millis: Long)",
                            .finalize = dur_free, .to_string = dur_str};
HostClass time_class = {.name = "Time", .qualified = "org.apache.spark.streaming.Time",
                        .doc = "A batch time (milliseconds since the epoch, or since 0 on the virtual clock).",
                        .doc_url = SS_DOC "Time.html",
                        HOST_METHODS(dur_methods),
                        .finalize = dur_free, .to_string = dur_str};

static bool make_duration(Call *c, Value *out) {
    int64_t n;
    if (!call_arity(c, 1, 1) || !arg_long(c, 0, &n)) return false;
    *out = duration_new(n * (int64_t)(intptr_t)c->data);
    return true;
}
static bool make_time(Call *c, Value *out) {
    int64_t n;
    if (!call_arity(c, 1, 1) || !arg_long(c, 0, &n)) return false;
    *out = ds_time_new(n);
    return true;
}

void duration_init(Interp *I) {
    interp_register_class(I, &duration_class);
    interp_register_class(I, &time_class);
    static const struct { const char *name; int64_t unit; const char *doc; } durs[] = {
        {"Milliseconds", 1, "Milliseconds(n): a Duration of n ms."},
        {"Seconds", 1000, "Seconds(n): a Duration of n seconds."},
        {"Minutes", 60000, "Minutes(n): a Duration of n minutes."},
    };
    /* Duration(ms) and new Duration(ms): the case class's apply and constructor */
    interp_register_global(I, "Duration", func_new_native(intern("Duration"), make_duration, v_unit(), 1, (void *)(intptr_t)1),
                           "def apply(millis: Long): Duration", "Duration(ms): a Duration of ms milliseconds.");
    for (size_t i = 0; i < 3; i++)
        interp_register_global(I, durs[i].name, func_new_native(intern(durs[i].name), make_duration, v_unit(), 1,
                               (void *)(intptr_t)durs[i].unit), "def apply(n: Long): Duration", durs[i].doc);
    interp_register_global(I, "Time", func_new_native(intern("Time"), make_time, v_unit(), 1, NULL),
                           "case class Time(millis: Long)", "A batch time.");
}
