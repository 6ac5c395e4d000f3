/* errors.c — raising Scala exceptions and unwinding: raise_at and interp_throw, the
 * out-of-memory and interrupt checks the evaluator makes, and the registry of exception classes
 * (Scala's and Java's here; the layers that own others register them) that throw, catch and
 * isInstanceOf go by.
 */
#include "lang/internal.h"
#include "util/mem.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ---- */

bool raise_at(Interp *I, const Node *at, const char *cls, const char *fmt, ...) {
    va_list ap;
    char *msg = NULL;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    Value e = exc_new(cls, msg ? str_take(msg) : v_null());
    exc_locate(e, at, true);
    return interp_throw_value(I, e);
}

void exc_locate(Value e, const Node *at, bool replace) {
    if (!at || e.t != T_EXC) return;
    ExcObj *x = as_exc(e);
    if (x->line && !replace) return;
    source_retain(at->src);
    source_release(x->src);
    x->src = at->src;
    x->line = at->line;
    x->col = at->col;
}

void exc_add_frame(Value e, const char *def, const Node *call) {
    if (e.t != T_EXC) return;
    ExcObj *x = as_exc(e);
    size_t had = x->frames ? strlen(x->frames) : 0;
    if (had > 4000) return;      /* deep recursion: the JVM's trace is cut too */
    char line[300];
    int n = snprintf(line, sizeof line, "\n  at %.200s(<console>:%d)", def, x->frame_line ? x->frame_line : x->line);
    char *fr = realloc(x->frames, had + (size_t)n + 1);
    if (!fr) return;
    memcpy(fr + had, line, (size_t)n + 1);
    x->frames = fr;
    x->frame_line = call ? call->line : 0;
}

bool interp_compile_error(Call *c, const char *fmt, ...) {
    va_list ap;
    char *msg = NULL;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    Value e = exc_new("error", msg ? str_take(msg) : v_null());
    exc_locate(e, c->at, true);
    return interp_throw_value(c->I, e);
}

bool interp_throw(Interp *I, const char *cls, const char *fmt, ...) {
    va_list ap;
    char *msg = NULL;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    return interp_throw_value(I, exc_new(exception_qualified(I, cls), msg ? str_take(msg) : v_null()));
}

bool interp_throw_value(Interp *I, Value exc) {
    val_decref(I->unwind_val);
    I->unwind = U_THROW;
    I->unwind_val = exc;
    return false;
}

static bool throw_out_of_memory(Interp *I) {
    malloc_trim(0);          /* what the unwinding frees goes back to the system */
    return interp_throw(I, "java.lang.OutOfMemoryError", "Java heap space (the kernel's memory budget of "
                        "%zu MiB is used up; %%%%configure spark.driver.memory sets it)", mem_budget() >> 20);
}

bool interp_memory_fits(Interp *I, size_t more) {
    return mem_fits(more) || throw_out_of_memory(I);
}

bool check_interrupt(Interp *I) {
    if (atomic_load(&I->interrupt)) {
        if (I->unwind == U_NONE) {
            I->unwind = U_INTERRUPT;
            val_decref(I->unwind_val);
            I->unwind_val = v_unit();
        }
        return false;
    }
    if (mem_take_exhausted()) return throw_out_of_memory(I);
    char here;
    const InterpThreadCtx *tc = interp_thread_ctx(I);
    if (tc->stack_base && (size_t)(tc->stack_base - &here) > tc->stack_limit) {
        return interp_throw(I, "java.lang.StackOverflowError", "the call stack is exhausted "
                            "(recursion too deep)");
    }
    return true;
}
/* ---- exceptions: the hierarchy Scala programs catch by ---- */

/* Scala's and Java's own; the layers that own other exceptions register them with
 * interp_register_exception. */
static const ExcClass exc_table[] = {
    {"Throwable", "java.lang.Throwable", NULL},
    {"Exception", "java.lang.Exception", "Throwable"},
    {"Error", "java.lang.Error", "Throwable"},
    {"RuntimeException", "java.lang.RuntimeException", "Exception"},
    {"ArithmeticException", "java.lang.ArithmeticException", "RuntimeException"},
    {"IllegalArgumentException", "java.lang.IllegalArgumentException", "RuntimeException"},
    {"NumberFormatException", "java.lang.NumberFormatException", "IllegalArgumentException"},
    {"IllegalStateException", "java.lang.IllegalStateException", "RuntimeException"},
    {"NullPointerException", "java.lang.NullPointerException", "RuntimeException"},
    {"IndexOutOfBoundsException", "java.lang.IndexOutOfBoundsException", "RuntimeException"},
    {"ArrayIndexOutOfBoundsException", "java.lang.ArrayIndexOutOfBoundsException", "IndexOutOfBoundsException"},
    {"StringIndexOutOfBoundsException", "java.lang.StringIndexOutOfBoundsException", "IndexOutOfBoundsException"},
    {"NoSuchElementException", "java.util.NoSuchElementException", "RuntimeException"},
    {"UnsupportedOperationException", "java.lang.UnsupportedOperationException", "RuntimeException"},
    {"ClassCastException", "java.lang.ClassCastException", "RuntimeException"},
    {"MatchError", "scala.MatchError", "RuntimeException"},
    {"NotImplementedError", "scala.NotImplementedError", "Error"},
    {"InterruptedException", "java.lang.InterruptedException", "Exception"},
    {"IOException", "java.io.IOException", "Exception"},
    {"FileNotFoundException", "java.io.FileNotFoundException", "IOException"},
    {"UncheckedIOException", "java.io.UncheckedIOException", "RuntimeException"},
    {"StackOverflowError", "java.lang.StackOverflowError", "Error"},
    {"OutOfMemoryError", "java.lang.OutOfMemoryError", "Error"},
    {"TimeoutException", "java.util.concurrent.TimeoutException", "Exception"},
    {"ConcurrentModificationException", "java.util.ConcurrentModificationException", "RuntimeException"},
};

void exceptions_init(Interp *I) {
    for (size_t i = 0; i < sizeof exc_table / sizeof exc_table[0]; i++)
        interp_register_exception(I, exc_table[i].name, exc_table[i].qualified, exc_table[i].parent);
}

void exceptions_free(Interp *I) {
    free(I->excs);
    free(I->exc_packages);
}

void interp_register_exception(Interp *I, const char *simple, const char *qualified, const char *parent) {
    if (I->nexcs == I->cexcs) {
        I->cexcs = I->cexcs ? I->cexcs * 2 : 64;
        I->excs = realloc(I->excs, (size_t)I->cexcs * sizeof *I->excs);
        if (!I->excs) abort();
    }
    I->excs[I->nexcs++] = (ExcClass){simple, qualified, parent};
}

void interp_register_exception_package(Interp *I, const char *prefix, const char *parent) {
    if (I->nexc_packages == I->cexc_packages) {
        I->cexc_packages = I->cexc_packages ? I->cexc_packages * 2 : 4;
        I->exc_packages = realloc(I->exc_packages, (size_t)I->cexc_packages * sizeof *I->exc_packages);
        if (!I->exc_packages) abort();
    }
    I->exc_packages[I->nexc_packages++] = (ExcPackage){prefix, parent};
}

const char *simple_name(const char *q) {
    const char *d = strrchr(q, '.');
    return d ? d + 1 : q;
}

static int exc_index(Interp *I, const char *name) {
    const char *s = simple_name(name);
    for (int i = 0; i < I->nexcs; i++) if (strcmp(I->excs[i].name, s) == 0) return i;
    return -1;
}

/* The registered package the qualified name cls lies in, or NULL. */
static const ExcPackage *exc_package(Interp *I, const char *cls) {
    for (int i = 0; i < I->nexc_packages; i++)
        if (strncmp(cls, I->exc_packages[i].prefix, strlen(I->exc_packages[i].prefix)) == 0)
            return &I->exc_packages[i];
    return NULL;
}

bool is_exception_class(Interp *I, const char *name) {
    const char *s = simple_name(name);
    if (exc_index(I, s) >= 0) return true;
    size_t n = strlen(s);
    return exc_package(I, name) && n > 9 && strcmp(s + n - 9, "Exception") == 0;
}

const char *exception_qualified(Interp *I, const char *name) {
    if (strchr(name, '.')) return name;
    int i = exc_index(I, name);
    return i >= 0 ? I->excs[i].qualified : name;
}

bool exc_is_a(Interp *I, const char *cls, const char *type) {
    const char *want = simple_name(type);
    const char *s = simple_name(cls);
    const ExcPackage *pkg = exc_package(I, cls);
    for (int guard = 0; s && guard < 16; guard++) {
        if (strcmp(s, want) == 0) return true;
        int i = exc_index(I, s);
        if (i < 0) {
            /* unknown classes sit under their package's parent (if registered) or RuntimeException */
            s = pkg && strcmp(s, pkg->parent) != 0 ? pkg->parent : "RuntimeException";
            continue;
        }
        s = I->excs[i].parent;
    }
    return false;
}
