/* atomic.c — java.util.concurrent.atomic.AtomicInteger and AtomicLong: a counter cell with
 * get/set, incrementAndGet and its kin, compareAndSet; toString is the value (the REPL echoes
 * `java.util.concurrent.atomic.AtomicInteger = 0`). The interpreter lock serialises the cell and
 * batch threads, so plain reads and writes are atomic enough here.
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int64_t v; bool is_long; } Atomic;

static Value num(const Atomic *a, int64_t x) { return a->is_long ? v_long(x) : v_int((int32_t)x); }

/* wraps as Java's int or long arithmetic does */
static int64_t wrap(const Atomic *a, int64_t x) { return a->is_long ? x : (int64_t)(int32_t)(uint32_t)(uint64_t)x; }

enum { AT_GET, AT_SET, AT_INC_GET, AT_GET_INC, AT_DEC_GET, AT_GET_DEC, AT_ADD_GET, AT_GET_ADD, AT_GET_SET,
       AT_CAS, AT_INT, AT_LONG, AT_DOUBLE, AT_STRING };

static bool at_method(Call *c, Value *out) {
    Atomic *a = as_host(c->self)->data;
    int64_t x = 0, y = 0, old = a->v;
    int tag = CALL_TAG(c);
    if ((tag == AT_SET || tag == AT_ADD_GET || tag == AT_GET_ADD || tag == AT_GET_SET || tag == AT_CAS) && !arg_long(c, 0, &x))
        return false;
    if (tag == AT_CAS && !arg_long(c, 1, &y)) return false;
    switch (tag) {
    case AT_GET: *out = num(a, a->v); return true;
    case AT_SET: a->v = wrap(a, x); *out = v_unit(); return true;
    case AT_INC_GET: a->v = wrap(a, (int64_t)((uint64_t)a->v + 1)); *out = num(a, a->v); return true;
    case AT_GET_INC: a->v = wrap(a, (int64_t)((uint64_t)a->v + 1)); *out = num(a, old); return true;
    case AT_DEC_GET: a->v = wrap(a, (int64_t)((uint64_t)a->v - 1)); *out = num(a, a->v); return true;
    case AT_GET_DEC: a->v = wrap(a, (int64_t)((uint64_t)a->v - 1)); *out = num(a, old); return true;
    case AT_ADD_GET: a->v = wrap(a, (int64_t)((uint64_t)a->v + (uint64_t)x)); *out = num(a, a->v); return true;
    case AT_GET_ADD: a->v = wrap(a, (int64_t)((uint64_t)a->v + (uint64_t)x)); *out = num(a, old); return true;
    case AT_GET_SET: a->v = wrap(a, x); *out = num(a, old); return true;
    case AT_CAS:
        if (a->v == x) { a->v = wrap(a, y); *out = v_bool(true); }
        else *out = v_bool(false);
        return true;
    case AT_INT: *out = v_int((int32_t)(uint32_t)(uint64_t)a->v); return true;
    case AT_LONG: *out = v_long(a->v); return true;
    case AT_DOUBLE: *out = v_double((double)a->v); return true;
    case AT_STRING: *out = str_printf("%lld", (long long)a->v); return true;
    }
    return false;
}

#define ATOMIC_METHODS(T)                                                                                       \
    METHOD_DATA("get", at_method, AT_GET, 0, 0, "def get(): " T, "The current value."),                        \
    METHOD_DATA("set", at_method, AT_SET, 1, 1, "def set(newValue: " T "): Unit", "Sets the value."),          \
    METHOD_DATA("incrementAndGet", at_method, AT_INC_GET, 0, 0, "def incrementAndGet(): " T, "Adds one; the new value."), \
    METHOD_DATA("getAndIncrement", at_method, AT_GET_INC, 0, 0, "def getAndIncrement(): " T, "Adds one; the old value."), \
    METHOD_DATA("decrementAndGet", at_method, AT_DEC_GET, 0, 0, "def decrementAndGet(): " T, "Subtracts one; the new value."), \
    METHOD_DATA("getAndDecrement", at_method, AT_GET_DEC, 0, 0, "def getAndDecrement(): " T, "Subtracts one; the old value."), \
    METHOD_DATA("addAndGet", at_method, AT_ADD_GET, 1, 1, "def addAndGet(delta: " T "): " T, "Adds delta; the new value."), \
    METHOD_DATA("getAndAdd", at_method, AT_GET_ADD, 1, 1, "def getAndAdd(delta: " T "): " T, "Adds delta; the old value."), \
    METHOD_DATA("getAndSet", at_method, AT_GET_SET, 1, 1, "def getAndSet(newValue: " T "): " T, "Sets the value; the old value."), \
    METHOD_DATA("compareAndSet", at_method, AT_CAS, 2, 2, "def compareAndSet(expect: " T ", update: " T "): Boolean", \
                "Sets update if the value is expect; whether it did."),                                          \
    METHOD_DATA("intValue", at_method, AT_INT, 0, 0, "def intValue(): Int", "The value as an Int."),           \
    METHOD_DATA("longValue", at_method, AT_LONG, 0, 0, "def longValue(): Long", "The value as a Long."),       \
    METHOD_DATA("doubleValue", at_method, AT_DOUBLE, 0, 0, "def doubleValue(): Double", "The value as a Double."), \
    METHOD_DATA("toString", at_method, AT_STRING, 0, 0, "def toString(): String", "The value in decimal.")

static const MethodDef int_methods[] = {ATOMIC_METHODS("Int")};
static const MethodDef long_methods[] = {ATOMIC_METHODS("Long")};

static char *at_to_string(Interp *I, void *data) {
    Value v = str_printf("%lld", (long long)((Atomic *)data)->v);
    char *s = strdup(as_str(v)->s);
    val_decref(v);
    return s;
}

static HostClass atomic_int_class, atomic_long_class;

/* new AtomicInteger(), new AtomicInteger(initial); likewise AtomicLong */
static bool at_new(Call *c, Value *out) {
    bool is_long = c->data == &atomic_long_class;
    int64_t x = 0;
    if (!call_arity(c, 0, 1) || (c->argc && !arg_long(c, 0, &x))) return false;
    Atomic *a = malloc(sizeof *a);
    a->is_long = is_long;
    a->v = wrap(a, x);
    *out = host_new(is_long ? &atomic_long_class : &atomic_int_class, a);
    return true;
}

static HostClass atomic_int_class = {
    .name = "AtomicInteger", .qualified = "java.util.concurrent.atomic.AtomicInteger",
    .doc = "An Int counter updated in place (incrementAndGet, addAndGet, compareAndSet).",
    HOST_METHODS(int_methods), .construct = at_new, .ctor_data = &atomic_int_class,
    .ctor_signature = "new AtomicInteger(initialValue: Int = 0)", .finalize = free, .to_string = at_to_string,
};
static HostClass atomic_long_class = {
    .name = "AtomicLong", .qualified = "java.util.concurrent.atomic.AtomicLong",
    .doc = "A Long counter updated in place (incrementAndGet, addAndGet, compareAndSet).",
    HOST_METHODS(long_methods), .construct = at_new, .ctor_data = &atomic_long_class,
    .ctor_signature = "new AtomicLong(initialValue: Long = 0)", .finalize = free, .to_string = at_to_string,
};

void java_atomic_init(Interp *I) {
    interp_register_class(I, &atomic_int_class);
    interp_register_class(I, &atomic_long_class);
}
