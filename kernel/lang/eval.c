/* eval.c — the tree-walking evaluator: expressions, statements, calls (closures, natives,
 * methods, named and default arguments, currying), pattern matching, classes, exceptions.
 *
 * Every eval function returns true with a new reference in *out, or false while unwinding (see
 * internal.h). Names in the tree are interned once (intern_tree) so scopes compare pointers.
 */
#include "lang/internal.h"
#include "util/mem.h"

#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rare paths stay out of line, so eval's own frame stays small: it bounds recursion depth. */
#define NOINLINE __attribute__((noinline))

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
    if (I->stack_base && (size_t)(I->stack_base - &here) > I->stack_limit) {
        return interp_throw(I, "java.lang.StackOverflowError", "the call stack is exhausted "
                            "(recursion too deep)");
    }
    return true;
}

/* A collection is due when the tracked population has doubled since the last one. */
static size_t gc_threshold = 20000;
static void gc_maybe(void) {
    if (gc_tracked() > gc_threshold) {
        gc_collect();
        gc_threshold = gc_tracked() * 2 + 20000;
    }
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

static const char *simple_name(const char *q) {
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

static bool exc_is_a(Interp *I, const char *cls, const char *type) {
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

/* ---- types, for typed patterns, isInstanceOf and asInstanceOf ---- */

static char *base_type(const char *type, char *buf, size_t n) {
    size_t i = 0;
    while (type[i] && type[i] != '[' && i + 1 < n) { buf[i] = type[i]; i++; }
    buf[i] = 0;
    return buf;
}

static bool host_is_a(const HostClass *c, const char *t) {
    for (; c; c = c->parent) {
        if (strcmp(c->name, t) == 0 || (c->qualified && strcmp(c->qualified, t) == 0)) return true;
        if (c->qualified && strcmp(simple_name(c->qualified), simple_name(t)) == 0) return true;
        for (const char *const *a = c->aliases; a && *a; a++)
            if (strcmp(*a, t) == 0 || strcmp(simple_name(*a), simple_name(t)) == 0) return true;
    }
    return false;
}

static bool class_is_a(ClassObj *c, const char *t) {
    if (strcmp(c->name, t) == 0) return true;
    Node *d = c->def;
    for (int i = 0; d && i < d->ntypes; i++) {
        char b[128];
        if (strcmp(base_type(d->types[i], b, sizeof b), t) == 0) return true;
    }
    return false;
}

bool instance_of(Interp *I, Value v, TypeName tn, const char *type) {
    switch (tn) {
    case TN_ANY: return true;
    case TN_ANYREF: case TN_OBJECT: return v_is_obj(v) || v.t == T_NULL || v.t == T_NONE;
    case TN_ANYVAL: return !v_is_obj(v) && v.t != T_NULL && v.t != T_NONE;
    default: break;
    }
    char buf[160];
    switch ((VType)v.t) {
    case T_UNIT: return tn == TN_UNIT;
    case T_NULL: return tn == TN_NULL;
    case T_BOOL: return tn == TN_BOOLEAN;
    case T_INT: return tn == TN_INT || tn == TN_INTEGER;
    case T_LONG: return tn == TN_LONG;
    case T_DOUBLE: return tn == TN_DOUBLE || tn == TN_FLOAT;
    case T_CHAR: return tn == TN_CHAR || tn == TN_CHARACTER;
    case T_NONE: return tn == TN_OPTION || tn == TN_NONE;
    case T_SOME: return tn == TN_OPTION || tn == TN_SOME;
    case T_STR: return tn == TN_STRING || tn == TN_CHARSEQUENCE || tn == TN_COMPARABLE;
    case T_TUPLE: {
        if (tn == TN_PRODUCT) return true;
        char want[16];
        snprintf(want, sizeof want, "Tuple%d", as_tuple(v)->n);
        return !strcmp(simple_name(base_type(type, buf, sizeof buf)), want);
    }
    case T_SEQ: {
        SeqObj *s = as_seq(v);
        if (s->kind == SEQ_ARRAY) return tn == TN_ARRAY;
        if (tn == TN_SEQ || tn == TN_ITERABLE || tn == TN_TRAVERSABLE || tn == TN_TRAVERSABLEONCE ||
            tn == TN_ITERABLEONCE) return true;
        if (s->kind == SEQ_LIST) return tn == TN_LIST || tn == TN_LINEARSEQ;
        if (s->kind == SEQ_VECTOR) return tn == TN_VECTOR || tn == TN_INDEXEDSEQ;
        if (s->kind == SEQ_BUFFER) return tn == TN_ARRAYBUFFER || tn == TN_BUFFER || tn == TN_INDEXEDSEQ;
        if (s->kind == SEQ_JLIST) return tn == TN_ARRAYLIST || tn == TN_LIST;
        return false;
    }
    case T_RANGE: return tn == TN_RANGE || tn == TN_SEQ || tn == TN_INDEXEDSEQ || tn == TN_ITERABLE ||
                         tn == TN_INCLUSIVE;
    case T_MAP: return tn == TN_MAP || tn == TN_ITERABLE || tn == TN_HASHMAP ||
                       (as_map(v)->kind == MAP_PROPERTIES && tn == TN_PROPERTIES);
    case T_SET: return tn == TN_SET || tn == TN_ITERABLE || tn == TN_HASHSET;
    case T_FUNC: return !strncmp(simple_name(base_type(type, buf, sizeof buf)), "Function", 8) ||
                        strstr(type, "=>") != NULL;
    case T_EXC: return exc_is_a(I, as_exc(v)->cls, simple_name(base_type(type, buf, sizeof buf)));
    case T_OBJECT:
        return ((InstObj *)v.u.o)->cls && class_is_a(((InstObj *)v.u.o)->cls, simple_name(base_type(type, buf, sizeof buf)));
    case T_HOST: return host_is_a(as_host(v)->cls, base_type(type, buf, sizeof buf));
    default: return false;
    }
}

/* ---- interning the tree ---- */

static void intern_pattern(Pattern *p, Source *src) {
    if (!p) return;
    p->name = intern(p->name);
    intern_tree(p->lit, src);
    for (int i = 0; i < p->nsubs; i++) intern_pattern(p->subs[i], src);
}

void intern_tree(Node *n, Source *src) {
    if (!n) return;
    n->src = src;
    if (n->str) n->str = intern(n->str);
    intern_tree(n->a, src); intern_tree(n->b, src); intern_tree(n->c, src);
    for (int i = 0; i < n->list.len; i++) intern_tree(n->list.items[i], src);
    if (n->names)
        for (int i = 0; i < n->list.len; i++) if (n->names[i]) n->names[i] = intern(n->names[i]);
    for (int i = 0; i < n->nparams; i++) {
        n->params[i].name = intern(n->params[i].name);
        intern_tree(n->params[i].deflt, src);
    }
    for (int i = 0; i < n->ngens; i++) { intern_pattern(n->gens[i].pat, src); intern_tree(n->gens[i].expr, src); }
    for (int i = 0; i < n->ncases; i++) {
        intern_pattern(n->cases[i].pat, src);
        intern_tree(n->cases[i].guard, src);
        intern_tree(n->cases[i].body, src);
    }
    intern_pattern(n->pat, src);
}

/* ---- arithmetic ---- */

static int num_rank(Value v) {
    switch (v.t) {
    case T_CHAR: case T_INT: return 1;
    case T_LONG: return 2;
    case T_DOUBLE: return 3;
    default: return 0;
    }
}
static int64_t as_i64(Value v) {
    return v.t == T_INT ? v.u.i : v.t == T_LONG ? v.u.l : v.t == T_CHAR ? (int64_t)v.u.c : (int64_t)v.u.d;
}
static double as_f64(Value v) {
    return v.t == T_DOUBLE ? v.u.d : (double)as_i64(v);
}

/* A value given where a numeric type is declared (val x: Long = 5, def f(d: Double), a def's
 * result type) widens as Scala's does: 5 becomes 5L or 5.0, 'a' becomes 97. */
static Value coerce_declared(Value v, TypeName tn) {
    if (!v_is_num(v) || v.t == T_DOUBLE) return v;
    if (tn == TN_DOUBLE || tn == TN_FLOAT) return v_double(as_f64(v));
    if (tn == TN_LONG && v.t != T_LONG) return v_long(as_i64(v));
    if (tn == TN_INT && v.t == T_CHAR) return v_int((int32_t)v.u.c);
    return v;
}

/* op is one of op_is_arith's; name its text, for messages */
static bool arith(Interp *I, Op op, const char *name, Value l, Value r, const Node *at, Value *out) {
    int rank = num_rank(l) > num_rank(r) ? num_rank(l) : num_rank(r);
    if (rank == 3) {
        double x = as_f64(l), y = as_f64(r);
        switch (op) {
        case OP_PLUS: *out = v_double(x + y); return true;
        case OP_MINUS: *out = v_double(x - y); return true;
        case OP_TIMES: *out = v_double(x * y); return true;
        case OP_DIV: *out = v_double(x / y); return true;
        case OP_MOD: *out = v_double(fmod(x, y)); return true;   /* Java's % on doubles is fmod */
        case OP_LT: *out = v_bool(x < y); return true;
        case OP_LE: *out = v_bool(x <= y); return true;
        case OP_GT: *out = v_bool(x > y); return true;
        case OP_GE: *out = v_bool(x >= y); return true;
        default: break;
        }
        return raise_at(I, at, "error", "value %s is not a member of Double", name);
    }
    int64_t x = as_i64(l), y = as_i64(r), z;
    bool is_long = rank == 2;
    switch (op) {
    case OP_PLUS: z = (int64_t)((uint64_t)x + (uint64_t)y); break;
    case OP_MINUS: z = (int64_t)((uint64_t)x - (uint64_t)y); break;
    case OP_TIMES: z = (int64_t)((uint64_t)x * (uint64_t)y); break;
    case OP_DIV: case OP_MOD:
        if (y == 0) return raise_at(I, at, "java.lang.ArithmeticException", "/ by zero");
        if (y == -1) z = op == OP_DIV ? (int64_t)(0 - (uint64_t)x) : 0;
        else z = op == OP_DIV ? x / y : x % y;
        break;
    case OP_BITAND: z = x & y; break;
    case OP_BITOR: z = x | y; break;
    case OP_BITXOR: z = x ^ y; break;
    case OP_SHL: z = (int64_t)((uint64_t)x << (y & (is_long ? 63 : 31))); break;
    case OP_SHR: z = x >> (y & (is_long ? 63 : 31)); break;
    case OP_USHR: z = is_long ? (int64_t)((uint64_t)x >> (y & 63)) : (int64_t)((uint32_t)x >> (y & 31)); break;
    case OP_LT: *out = v_bool(x < y); return true;
    case OP_LE: *out = v_bool(x <= y); return true;
    case OP_GT: *out = v_bool(x > y); return true;
    case OP_GE: *out = v_bool(x >= y); return true;
    default:
        return raise_at(I, at, "error", "value %s is not a member of %s", name, is_long ? "Long" : "Int");
    }
    *out = is_long ? v_long(z) : v_int((int32_t)z);
    return true;
}

/* l op r; name is the operator's text (interned): the method called when op is none the
 * evaluator knows for these operands */
static bool binop(Interp *I, Op op, const char *name, Value l, Value r, const Node *at, Value *out) {
    if (v_is_num(l) && v_is_num(r) && op_is_arith(op)) return arith(I, op, name, l, r, at, out);
    switch (op) {
    case OP_EQ: *out = v_bool(val_equals(l, r)); return true;
    case OP_NE: *out = v_bool(!val_equals(l, r)); return true;
    case OP_REF_EQ: *out = v_bool(v_is_obj(l) && v_is_obj(r) ? l.u.o == r.u.o : val_equals(l, r)); return true;
    case OP_REF_NE: *out = v_bool(!(v_is_obj(l) && v_is_obj(r) ? l.u.o == r.u.o : val_equals(l, r))); return true;
    case OP_ARROW: {
        Value items[2] = {l, r};
        val_incref(l); val_incref(r);
        *out = tuple_new(2, items);
        return true;
    }
    case OP_PLUS: {
        if (l.t != T_STR && r.t != T_STR) break;
        StrBuf sb; sb_init(&sb);
        sb_value(I, &sb, l, false);
        sb_value(I, &sb, r, false);
        *out = str_take(sb_take(&sb));
        return true;
    }
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
        if (l.t != T_STR || r.t != T_STR) break;
        int c = strcmp(as_str(l)->s, as_str(r)->s);     /* UTF-8 order is code point order */
        *out = v_bool(op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 : op == OP_GT ? c > 0 : c >= 0);
        return true;
    }
    case OP_BITAND: case OP_BITOR: case OP_BITXOR:
        if (l.t != T_BOOL || r.t != T_BOOL) break;
        *out = v_bool(op == OP_BITAND ? (l.u.b && r.u.b) : op == OP_BITOR ? (l.u.b || r.u.b) : (l.u.b != r.u.b));
        return true;
    default: break;
    }
    size_t n = strlen(name);
    if (name[n - 1] == ':')    /* right-associative: the method belongs to the right operand */
        return call_method(I, r, name, 1, &l, NULL, at, out);
    return call_method(I, l, name, 1, &r, NULL, at, out);
}

/* ---- names ---- */

static bool lookup_ident(Interp *I, const Node *n, Env *env, Value *out);

static bool force_lazy(Interp *I, Slot *s, Value *out) {
    /* a lazy val's slot holds a closure over its N_VAL; evaluate once and replace it */
    if (!check_interrupt(I)) return false;   /* lazy val a = a + 1 recurses: StackOverflowError */
    Value thunk = s->v;
    FuncObj *f = as_func(thunk);
    Value v;
    val_incref(thunk);
    if (!eval(I, f->def->a, f->env, &v)) { val_decref(thunk); return false; }
    val_decref(thunk);
    s->flags &= (uint8_t)~SLOT_LAZY;
    Value old = s->v;
    s->v = v;
    val_decref(old);
    val_incref(v);
    *out = v;
    return true;
}

/* A def without parameters (def n = 42, def now() = ...) named without an argument list is
 * called, as Scala does; one with parameters is a function value (eta-expansion). Written
 * `f _`, or passed as an argument (where Scala's expected function type eta-expands it, as in
 * getActiveOrCreate(createStreamingContext)), a `def f()` is the function itself. */
static bool is_auto_applied(const Slot *s, const Node *use) {
    if (!(s->flags & SLOT_DEF) || s->v.t != T_FUNC) return false;
    const Node *d = as_func(s->v)->def;
    if (!d || d->kind != N_DEF || d->nparams != 0 || d->nplists > 1) return false;
    return !(use && (use->flags & NF_ETA)) || d->nplists == 0;
}

static bool lookup_ident(Interp *I, const Node *n, Env *env, Value *out) {
    Slot *s = env_lookup(env, n->str);
    if (!s) {
        if (!strcmp(n->str, "super"))
            return raise_at(I, n, "error", "unsupported: super (calls to a parent class's members)");
        return raise_at(I, n, "error", "not found: value %s", n->str);
    }
    if (s->flags & SLOT_LAZY) return force_lazy(I, s, out);
    if (is_auto_applied(s, n)) return call_value(I, s->v, 0, NULL, NULL, n, out);
    val_incref(s->v);
    *out = s->v;
    return true;
}

/* The dotted text of a selection chain made only of identifiers ("java.time.Duration"), or 0. */
static bool dotted_name(const Node *n, char *buf, size_t cap) {
    if (n->kind == N_IDENT) return (size_t)snprintf(buf, cap, "%s", n->str) < cap;
    if (n->kind != N_SELECT || !dotted_name(n->a, buf, cap)) return false;
    size_t len = strlen(buf);
    return (size_t)snprintf(buf + len, cap - len, ".%s", n->str) < cap - len;
}

/* A qualified name (scala.io.StdIn, mutable.Map, collection.mutable.ArrayBuffer) whose root is
 * not a variable, looked up as a whole among the globals, then by ever shorter suffixes
 * ("mutable.Map", "Map"). Kept out of line: its buffer must not weigh on eval's frame, which
 * bounds the depth of recursion. */
static bool known_package(Interp *I, const char *name, size_t len) {
    for (int i = 0; i < I->npackages; i++) {
        size_t pl = strlen(I->packages[i]);
        if (len >= pl && !strncmp(name, I->packages[i], pl) && (len == pl || name[pl] == '.')) return true;
    }
    return false;
}

static __attribute__((noinline)) Slot *qualified_slot(Interp *I, Node *n, Env *env) {
    const Node *root = n;
    while (root->kind == N_SELECT) root = root->a;
    if (root->kind != N_IDENT || env_lookup(env, root->str)) return NULL;
    char buf[256];
    if (!dotted_name(n, buf, sizeof buf)) return NULL;
    Slot *s = env_lookup(env, intern(buf));
    /* a suffix counts when it is itself qualified (mutable.Map) or what it drops is a package
     * (scala.io.StdIn → StdIn); `foo.println` must not find println */
    for (const char *p = strchr(buf, '.'); !s && p; p = strchr(p + 1, '.'))
        if (strchr(p + 1, '.') || known_package(I, buf, (size_t)(p - buf))) s = env_lookup(env, intern(p + 1));
    return s;
}

/* Resolves a receiver expression; a qualified name (scala.io.StdIn, java.util.UUID) whose root
 * is not a variable is looked up as a whole among the globals. */
static bool eval_receiver(Interp *I, Node *n, Env *env, Value *out) {
    if (n->kind == N_SELECT) {
        Slot *s = qualified_slot(I, n, env);
        if (s) { val_incref(s->v); *out = s->v; return true; }
    }
    return eval(I, n, env, out);
}

/* ---- member access ---- */

const MethodDef *host_find_method(const HostClass *cls, const char *name);

static bool call_native_method(Interp *I, const MethodDef *m, Value recv, int argc, Value *argv,
                               const char **names, const Node *at, Value *out) {
    if (argc < m->min_args || (m->max_args >= 0 && argc > m->max_args)) {
        char *tn = val_type_name(I, recv);
        bool r = raise_at(I, at, "error", "wrong number of arguments for method %s of %s: %d given, "
                          "expected %d%s", m->name, tn, argc, m->min_args,
                          m->max_args < 0 ? " or more" : m->max_args == m->min_args ? "" : " or more");
        free(tn);
        return r;
    }
    Call c = {.I = I, .self = recv, .argc = argc, .argv = argv, .names = names, .at = at,
              .data = m->data, .name = m->name};
    *out = v_unit();
    if (!m->fn(&c, out)) {
        if (I->unwind == U_THROW) exc_locate(I->unwind_val, at, false);
        return false;
    }
    return true;
}

static bool bound_method_fn(Call *c, Value *out) {
    const MethodDef *m = c->data;
    return call_native_method(c->I, m, c->self, c->argc, c->argv, c->names, c->at, out);
}

static bool not_a_member(Interp *I, Value recv, const char *name, const Node *at) {
    if (recv.t == T_NULL)
        return raise_at(I, at, "java.lang.NullPointerException", "%s called on null", name);
    char *tn = val_type_name(I, recv);
    bool r = raise_at(I, at, "error", "value %s is not a member of %s", name, tn);
    free(tn);
    return r;
}

static bool tuple_field(const char *name, int n) {
    if (name[0] != '_' || !name[1]) return false;
    char *end;
    long k = strtol(name + 1, &end, 10);
    return !*end && k >= 1 && k <= n;
}

/* recv.name, not followed by an argument list */
static bool select_member(Interp *I, Value recv, const char *name, const Node *at, Value *out) {
    if (recv.t == T_TUPLE && tuple_field(name, as_tuple(recv)->n)) {
        *out = as_tuple(recv)->items[atoi(name + 1) - 1];
        val_incref(*out);
        return true;
    }
    if (recv.t == T_OBJECT) {
        InstObj *in = (InstObj *)recv.u.o;
        Slot *s = in->fields ? env_find_local(in->fields, name) : NULL;
        if (s) {
            if (s->flags & SLOT_LAZY) return force_lazy(I, s, out);
            if (is_auto_applied(s, at)) return call_value(I, s->v, 0, NULL, NULL, at, out);
            val_incref(s->v);
            *out = s->v;
            return true;
        }
    }
    const HostClass *cls = class_of(I, recv);
    const MethodDef *m = cls ? host_find_method(cls, name) : NULL;
    if (!m) return not_a_member(I, recv, name, at);
    if (m->min_args == 0) return call_native_method(I, m, recv, 0, NULL, NULL, at, out);
    *out = func_new_native(m->name, bound_method_fn, recv, -1, (void *)m);
    return true;
}

bool call_method(Interp *I, Value recv, const char *name, int argc, Value *argv,
                 const char **names, const Node *at, Value *out) {
    if (recv.t == T_OBJECT) {
        InstObj *in = (InstObj *)recv.u.o;
        Slot *s = in->fields ? env_find_local(in->fields, name) : NULL;
        if (s) {
            Value fn;
            if (s->flags & SLOT_LAZY) { if (!force_lazy(I, s, &fn)) return false; }
            else { fn = s->v; val_incref(fn); }
            bool ok = call_value(I, fn, argc, argv, names, at, out);
            val_decref(fn);
            return ok;
        }
    }
    if (recv.t == T_TUPLE && tuple_field(name, as_tuple(recv)->n)) {
        Value f = as_tuple(recv)->items[atoi(name + 1) - 1];
        return call_value(I, f, argc, argv, names, at, out);
    }
    if (recv.t == T_FUNC && !strcmp(name, "apply"))
        return call_value(I, recv, argc, argv, names, at, out);
    const HostClass *cls = class_of(I, recv);
    const MethodDef *m = cls ? host_find_method(cls, name) : NULL;
    if (!m) {
        if (recv.t == T_CLASS && !strcmp(name, "apply")) return call_value(I, recv, argc, argv, names, at, out);
        return not_a_member(I, recv, name, at);
    }
    return call_native_method(I, m, recv, argc, argv, names, at, out);
}

/* ---- calls ---- */

static bool construct_instance(Interp *I, ClassObj *cls, int argc, Value *argv, const char **names,
                               const Node *at, Value *out);

static bool partial_apply_fn(Call *c, Value *out) {
    /* self = (fn, collected-args-seq) */
    TupleObj *t = as_tuple(c->self);
    SeqObj *got = as_seq(t->items[1]);
    size_t n = got->len + (size_t)c->argc;
    Value *all = malloc((n ? n : 1) * sizeof(Value));
    memcpy(all, got->items, got->len * sizeof(Value));
    memcpy(all + got->len, c->argv, (size_t)c->argc * sizeof(Value));
    bool ok = call_value(c->I, t->items[0], (int)n, all, NULL, c->at, out);
    free(all);
    return ok;
}

static bool bind_params(Interp *I, FuncObj *f, Env *fenv, int argc, Value *argv, const char **names,
                        const Node *at) {
    Node *d = f->def;
    int np = d->nparams;
    Value *bound = calloc((size_t)(np ? np : 1), sizeof(Value));
    bool *has = calloc((size_t)(np ? np : 1), sizeof(bool));
    bool ok = true;
    int pos = 0;
    for (int i = 0; i < argc && ok; i++) {
        if (names && names[i]) {
            int k = -1;
            for (int j = 0; j < np; j++) if (d->params[j].name == names[i]) k = j;
            if (k < 0) ok = raise_at(I, at, "error", "%s does not have a parameter %s", f->name ? f->name : "function", names[i]);
            else if (has[k]) ok = raise_at(I, at, "error", "parameter %s specified twice", names[i]);
            else { bound[k] = argv[i]; has[k] = true; }
            continue;
        }
        if (pos < np && (d->params[pos].flags & NP_VARARGS)) {
            Value rest = seq_new(SEQ_LIST, (size_t)(argc - i));
            for (; i < argc; i++) { val_incref(argv[i]); seq_push(rest, argv[i]); }
            env_define(fenv, d->params[pos].name, rest, 0);
            has[pos] = true;
            bound[pos] = v_unit();
            pos++;
            break;
        }
        if (pos >= np) {
            ok = raise_at(I, at, "error", "too many arguments (%d) for %s", argc,
                          f->name ? f->name : "function");
            break;
        }
        bound[pos] = argv[i];
        has[pos] = true;
        pos++;
    }
    for (int j = 0; j < np && ok; j++) {
        if (has[j]) {
            if (!(d->params[j].flags & NP_VARARGS) || bound[j].t != T_UNIT) {
                val_incref(bound[j]);
                env_define(fenv, d->params[j].name, coerce_declared(bound[j], d->params[j].tn), 0);
            }
            continue;
        }
        if (d->params[j].flags & NP_VARARGS) { env_define(fenv, d->params[j].name, seq_new(SEQ_LIST, 0), 0); continue; }
        if (d->params[j].deflt) {
            Value v;
            if (!eval(I, d->params[j].deflt, fenv, &v)) { ok = false; break; }
            env_define(fenv, d->params[j].name, coerce_declared(v, d->params[j].tn), 0);
            continue;
        }
        ok = raise_at(I, at, "error", "not enough arguments for %s: unspecified value parameter %s",
                      f->name ? f->name : "function", d->params[j].name);
    }
    free(bound);
    free(has);
    return ok;
}

static bool call_closure(Interp *I, Value fnv, int argc, Value *argv, const char **names,
                         const Node *at, Value *out) {
    FuncObj *f = as_func(fnv);
    Node *d = f->def;
    if (!check_interrupt(I)) return false;
    /* several parameter lists, fewer arguments than all: collect them (currying) */
    if (d->kind == N_DEF && d->nplists > 1 && argc < d->nparams && !names) {
        int need = d->plists[0];
        if (argc >= need) {
            Value collected = seq_new(SEQ_LIST, (size_t)argc);
            for (int i = 0; i < argc; i++) { val_incref(argv[i]); seq_push(collected, argv[i]); }
            val_incref(fnv);
            Value items[2] = {fnv, collected};
            Value self = tuple_new(2, items);
            *out = func_new_native(f->name, partial_apply_fn, self, -1, NULL);
            val_decref(self);
            return true;
        }
    }
    Value packed = v_unit();
    if ((d->flags & NF_CASE_LAMBDA) && argc > 1) {
        for (int i = 0; i < argc; i++) val_incref(argv[i]);
        packed = tuple_new(argc, argv);
        argv = &packed;
        argc = 1;
    } else if (d->kind == N_LAMBDA && d->nparams > 1 && argc == 1 && argv[0].t == T_TUPLE &&
               as_tuple(argv[0])->n == d->nparams) {
        TupleObj *t = as_tuple(argv[0]);
        argv = t->items;
        argc = t->n;
    }
    Env *fenv = env_new(f->env);
    bool ok = bind_params(I, f, fenv, argc, argv, names, at);
    uint64_t saved_frame = I->cur_frame;
    uint64_t my_frame = saved_frame;
    if (d->kind == N_DEF) my_frame = I->cur_frame = ++I->frame_seq;
    Node *body = d->kind == N_DEF ? d->a : d->b;
    Source *held = d->src;   /* the body may drop the last reference to this function */
    source_retain(held);
    if (ok && !body)   /* an abstract member of a class that no subclass defined */
        ok = raise_at(I, at ? at : d, "scala.NotImplementedError", "an implementation is missing (%s)", f->name);
    if (ok) {
        ok = eval(I, body, fenv, out);
        if (!ok && I->unwind == U_RETURN && I->return_target == my_frame && d->kind == N_DEF) {
            *out = I->unwind_val;
            I->unwind_val = v_unit();
            I->unwind = U_NONE;
            ok = true;
        }
        if (ok && d->kind == N_DEF) *out = coerce_declared(*out, d->tn);
    }
    I->cur_frame = saved_frame;
    val_decref(v_env(fenv));
    val_decref(packed);
    source_release(held);
    return ok;
}

bool call_value(Interp *I, Value fn, int argc, Value *argv, const char **names, const Node *at,
                Value *out) {
    switch ((VType)fn.t) {
    case T_FUNC: {
        FuncObj *f = as_func(fn);
        if (f->native) {
            if (!check_interrupt(I)) return false;
            Call c = {.I = I, .self = f->self, .argc = argc, .argv = argv, .names = names, .at = at,
                      .data = f->data, .name = f->name};
            *out = v_unit();
            return f->native(&c, out);
        }
        return call_closure(I, fn, argc, argv, names, at, out);
    }
    case T_CLASS:
        return construct_instance(I, (ClassObj *)fn.u.o, argc, argv, names, at, out);
    case T_NULL:
        return raise_at(I, at, "java.lang.NullPointerException", "null cannot be applied to arguments");
    default:
        return call_method(I, fn, "apply", argc, argv, names, at, out);
    }
}

bool interp_call(Interp *I, Value fn, int argc, Value *argv, Value *out) {
    return call_value(I, fn, argc, argv, NULL, NULL, out);
}

/* Evaluates arguments, expanding `xs: _*`. argv gets new references; free with free_args. */
static bool eval_args(Interp *I, Node *call, Env *env, Value **argv, int *argc, const char ***names) {
    NodeList *l = &call->list;
    size_t cap = (size_t)l->len + 4, n = 0;
    Value *av = malloc(cap * sizeof(Value));
    for (int i = 0; i < l->len; i++) {
        Node *a = l->items[i];
        bool splice = a->kind == N_TYPED && a->type && !strcmp(a->type, "_*");
        Value v;
        if (!eval(I, splice ? a->a : a, env, &v)) { free_items(av, n); return false; }
        if (splice) {
            Value *items; size_t k;
            if (!iter_items(I, v, &items, &k)) {
                val_decref(v);
                free_items(av, n);
                return raise_at(I, a, "error", "`: _*` needs a sequence");
            }
            val_decref(v);
            if (n + k > cap) { cap = n + k + 4; av = realloc(av, cap * sizeof(Value)); }
            memcpy(av + n, items, k * sizeof(Value));
            n += k;
            free(items);
            continue;
        }
        if (n == cap) { cap *= 2; av = realloc(av, cap * sizeof(Value)); }
        av[n++] = v;
    }
    *argv = av;
    *argc = (int)n;
    *names = (call->names && (size_t)l->len == n) ? call->names : NULL;
    return true;
}

/* new Array[T](n) and Array.ofDim[T](n): n default values of T (0, 0L, 0.0, false, '\0', null). */
static NOINLINE bool zero_array(Interp *I, const Node *at, TypeName tn, Value nv, Value *out) {
    if (nv.t != T_INT && nv.t != T_LONG) return raise_at(I, at, "error", "type mismatch: the array size is not an Int");
    int64_t n = nv.t == T_INT ? nv.u.i : nv.u.l;
    if (n < 0) return raise_at(I, at, "java.lang.NegativeArraySizeException", "%lld", (long long)n);
    if (n > (1 << 28)) return raise_at(I, at, "java.lang.OutOfMemoryError", "Requested array size exceeds VM limit");
    Value z;
    switch (tn) {
    case TN_INT: case TN_SHORT: case TN_BYTE: z = v_int(0); break;
    case TN_LONG: z = v_long(0); break;
    case TN_DOUBLE: case TN_FLOAT: z = v_double(0); break;
    case TN_BOOLEAN: z = v_bool(false); break;
    case TN_CHAR: z = v_char(0); break;
    default: z = v_null();
    }
    Value arr = seq_new(SEQ_ARRAY, (size_t)n);
    for (int64_t i = 0; i < n; i++) seq_push(arr, z);
    *out = arr;
    return true;
}

/* v.asInstanceOf[T] (v.isInstanceOf[T] when test): n is the N_TYPEARGS, or the call around it */
static NOINLINE bool eval_cast(Interp *I, Node *n, Value v, TypeName tn, const char *type, bool test, Value *out) {
    if (test) { *out = v_bool(instance_of(I, v, tn, type)); val_decref(v); return true; }
    if (v_is_num(v)) {
        switch (tn) {
        case TN_INT: *out = v_int((int32_t)as_i64(v)); return true;
        case TN_LONG: *out = v_long(v.t == T_DOUBLE ? (int64_t)v.u.d : as_i64(v)); return true;
        case TN_DOUBLE: case TN_FLOAT: *out = v_double(as_f64(v)); return true;
        case TN_CHAR: *out = v_char((uint32_t)as_i64(v)); return true;
        default: break;
        }
    }
    if (v.t == T_NULL || instance_of(I, v, tn, type)) { *out = v; return true; }
    /* Java 8's message: qualified runtime classes */
    const char *want = tn == TN_STRING ? "java.lang.String" : tn == TN_INT || tn == TN_INTEGER ? "java.lang.Integer"
                     : tn == TN_LONG ? "java.lang.Long" : tn == TN_DOUBLE ? "java.lang.Double"
                     : tn == TN_BOOLEAN ? "java.lang.Boolean" : tn == TN_CHAR ? "java.lang.Character" : type;
    bool r = raise_at(I, n, "java.lang.ClassCastException", "%s cannot be cast to %s", val_class_name(v), want);
    val_decref(v);
    return r;
}

static bool eval_apply(Interp *I, Node *n, Env *env, Value *out) {
    Node *callee = n->a;
    if (callee->kind == N_TYPEARGS) {
        Node *inner = callee->a;
        if (callee->op != OP_OTHER && n->list.len == 0 && callee->ntypes == 1) {   /* asInstanceOf[T]() */
            Value v;
            if (!eval(I, inner->a, env, &v)) return false;
            return eval_cast(I, n, v, callee->tn, callee->types[0], callee->op == OP_IS_INSTANCE_OF, out);
        }
        if (inner->kind == N_SELECT && !strcmp(inner->str, "ofDim") && inner->a->kind == N_IDENT &&
            !strcmp(inner->a->str, "Array") && n->list.len == 1 && callee->ntypes == 1) {
            Value nv;
            if (!eval(I, n->list.items[0], env, &nv)) return false;
            return zero_array(I, n, callee->tn, nv, out);
        }
        callee = inner;      /* type arguments are otherwise ignored */
    }
    Value *argv = NULL;
    int argc = 0;
    const char **names = NULL;
    bool ok;
    Slot *qs = callee->kind == N_SELECT ? qualified_slot(I, callee, env) : NULL;
    if (qs) {                /* mutable.Map(...), scala.collection.mutable.ArrayBuffer[Int]() */
        Value fn = qs->v;
        val_incref(fn);
        if (!eval_args(I, n, env, &argv, &argc, &names)) { val_decref(fn); return false; }
        ok = call_value(I, fn, argc, argv, names, n, out);
        val_decref(fn);
    } else if (callee->kind == N_SELECT) {
        Value recv;
        if (!eval_receiver(I, callee->a, env, &recv)) return false;
        if (!eval_args(I, n, env, &argv, &argc, &names)) { val_decref(recv); return false; }
        ok = call_method(I, recv, callee->str, argc, argv, names, n, out);
        val_decref(recv);
    } else {
        Value fn;
        Slot *ds = callee->kind == N_IDENT ? env_lookup(env, callee->str) : NULL;
        if (ds && is_auto_applied(ds, n) && as_func(ds->v)->def->nplists == 1) {   /* f() calls f itself */
            fn = ds->v;
            val_incref(fn);
        } else if (!eval(I, callee, env, &fn)) return false;
        if (!eval_args(I, n, env, &argv, &argc, &names)) { val_decref(fn); return false; }
        ok = call_value(I, fn, argc, argv, names, n, out);
        val_decref(fn);
    }
    free_items(argv, (size_t)argc);
    return ok;
}

/* ---- classes ---- */

static void hoist_defs(NodeList *stmts, Env *env);

/* Runs a class or object body in a fresh field scope. */
static bool init_fields(Interp *I, Node *d, Env *fields) {
    hoist_defs(&d->list, fields);
    for (int i = 0; i < d->list.len; i++) {
        Node *s = d->list.items[i];
        if (s->kind == N_DEF) continue;
        Value v;
        if (!eval(I, s, fields, &v)) return false;
        val_decref(v);
    }
    return true;
}

/* A class extending a user class (class Dog(n: String) extends Animal(n)) first runs the
 * parent's constructor into the same field scope, with the arguments of the extends clause;
 * the child's members then replace same-named ones, so overriding works. */
static bool init_parent(Interp *I, Node *d, Env *scope, Env *fields, const Node *at, int depth) {
    if (d->ntypes == 0 || depth > 32) return true;
    char b[128];
    Slot *ps = env_lookup(scope, intern(base_type(d->types[0], b, sizeof b)));
    if (!ps || ps->v.t != T_CLASS || ((ClassObj *)ps->v.u.o)->def == d) return true;
    ClassObj *pc = (ClassObj *)ps->v.u.o;
    Value *argv = NULL;
    int argc = 0;
    const char **names = NULL;
    if (d->a && !eval_args(I, d->a, fields, &argv, &argc, &names)) return false;
    Value ctor = func_new_closure(pc->name, pc->def, pc->env);
    bool ok = bind_params(I, as_func(ctor), fields, argc, argv, names, at) &&
              init_parent(I, pc->def, pc->env, fields, at, depth + 1) && init_fields(I, pc->def, fields);
    val_decref(ctor);
    free_items(argv, (size_t)argc);
    return ok;
}

static bool construct_instance(Interp *I, ClassObj *cls, int argc, Value *argv, const char **names,
                               const Node *at, Value *out) {
    Node *d = cls->def;
    Env *fields = env_new(cls->env);
    /* constructor parameters are bound like a def's */
    Value ctor = func_new_closure(cls->name, d, cls->env);
    FuncObj *f = as_func(ctor);
    bool ok = bind_params(I, f, fields, argc, argv, names, at);
    val_decref(ctor);
    if (!ok) { val_decref(v_env(fields)); return false; }
    Value inst = inst_new(cls, fields);
    val_incref(inst);
    env_define(fields, intern("this"), inst, SLOT_DEF);   /* SLOT_DEF: not a field */
    if (!init_parent(I, d, cls->env, fields, at, 0) || !init_fields(I, d, fields)) { val_decref(inst); return false; }
    *out = inst;
    return true;
}

static bool construct_host(Interp *I, Node *n, Env *env, const HostClass *c, Value *out) {
    Value *argv; int argc; const char **names;
    if (!eval_args(I, n, env, &argv, &argc, &names)) return false;
    Call call = {.I = I, .self = v_unit(), .argc = argc, .argv = argv, .names = names, .at = n,
                 .name = n->str, .data = c->ctor_data};
    *out = v_unit();
    bool ok = c->construct(&call, out);
    free_items(argv, (size_t)argc);
    return ok;
}

static NOINLINE bool eval_new(Interp *I, Node *n, Env *env, Value *out) {
    const char *name = n->str;
    if ((!strcmp(name, "Array") || !strcmp(name, "scala.Array")) && n->ntypes == 1 && n->list.len == 1) {
        Value nv;
        if (!eval(I, n->list.items[0], env, &nv)) return false;
        return zero_array(I, n, n->tn, nv, out);
    }
    Slot *s = env_lookup(env, name);
    if (!s && strchr(name, '.')) s = env_lookup(env, intern(simple_name(name)));
    Value *argv; int argc; const char **names;
    if (s && s->v.t == T_CLASS) {
        if (!eval_args(I, n, env, &argv, &argc, &names)) return false;
        bool ok = construct_instance(I, (ClassObj *)s->v.u.o, argc, argv, names, n, out);
        free_items(argv, (size_t)argc);
        return ok;
    }
    const HostClass *hc = interp_find_constructor(I, name);
    if (hc) return construct_host(I, n, env, hc, out);
    if (is_exception_class(I, name)) {
        if (!eval_args(I, n, env, &argv, &argc, &names)) return false;
        Value msg = v_null(), cause = v_null();
        for (int i = 0; i < argc; i++) {
            if (argv[i].t == T_EXC) { cause = argv[i]; val_incref(cause); }
            else if (msg.t == T_NULL && argv[i].t == T_STR) { msg = argv[i]; val_incref(msg); }
        }
        if (msg.t == T_NULL && cause.t == T_EXC) {
            char *cs = val_to_string(I, cause);
            msg = str_take(cs);
        }
        Value e = exc_new(exception_qualified(I, name), msg);
        as_exc(e)->cause = cause;
        exc_locate(e, n, true);
        free_items(argv, (size_t)argc);
        *out = e;
        return true;
    }
    return raise_at(I, n, "error", "not found: type %s", name);
}

/* ---- patterns ---- */

static bool match_seq(Interp *I, Pattern *p, Value v, Env *bind) {
    Value *items; size_t n;
    if (v.t == T_STR || v.t == T_MAP || v.t == T_SET || !iter_items(I, v, &items, &n)) return false;
    int fixed = p->varargs ? p->nsubs - 1 : p->nsubs;
    bool ok = p->varargs ? n >= (size_t)fixed : n == (size_t)fixed;
    for (int i = 0; ok && i < fixed; i++) ok = match_pattern(I, p->subs[i], items[i], bind);
    if (ok && p->varargs) {
        Pattern *last = p->subs[p->nsubs - 1];
        if (last->kind == P_BIND || last->kind == P_BINDAT) {   /* rest @ _* */
            Value rest = seq_new(SEQ_LIST, n - (size_t)fixed);
            for (size_t i = (size_t)fixed; i < n; i++) { val_incref(items[i]); seq_push(rest, items[i]); }
            env_define(bind, last->name, rest, 0);
        }
    }
    free_items(items, n);
    return ok;
}

bool match_pattern(Interp *I, Pattern *p, Value v, Env *bind) {
    switch (p->kind) {
    case P_WILDCARD:
        return !p->type || instance_of(I, v, p->type_tn, p->type);
    case P_BIND:
        if (p->type && !instance_of(I, v, p->type_tn, p->type)) return false;
        val_incref(v);
        env_define(bind, p->name, v, 0);
        return true;
    case P_LITERAL: {
        Value lit;
        if (!eval(I, p->lit, bind, &lit)) { I->unwind = U_NONE; return false; }
        bool eq = val_equals(lit, v);
        val_decref(lit);
        return eq;
    }
    case P_STABLE: {
        if (p->name_tn == TN_NONE) return v.t == T_NONE;
        if (p->name_tn == TN_NIL) return v.t == T_SEQ && as_seq(v)->kind != SEQ_ARRAY && as_seq(v)->len == 0;
        Slot *s = env_lookup(bind, p->name);
        if (!s && strchr(p->name, '.')) s = env_lookup(bind, intern(simple_name(p->name)));
        if (!s) return false;
        if (s->v.t == T_CLASS && v.t == T_OBJECT) return ((InstObj *)v.u.o)->cls == (ClassObj *)s->v.u.o;
        return val_equals(s->v, v);
    }
    case P_TUPLE: {
        if (v.t != T_TUPLE || as_tuple(v)->n != p->nsubs) return false;
        for (int i = 0; i < p->nsubs; i++)
            if (!match_pattern(I, p->subs[i], as_tuple(v)->items[i], bind)) return false;
        return true;
    }
    case P_EXTRACT: {
        const char *nm = simple_name(p->name);
        switch (p->name_tn) {
        case TN_SOME: return v.t == T_SOME && p->nsubs == 1 && match_pattern(I, p->subs[0], as_some(v)->v, bind);
        case TN_CONS: {
            if (v.t != T_SEQ || as_seq(v)->len == 0 || p->nsubs != 2) return false;
            SeqObj *s = as_seq(v);
            if (!match_pattern(I, p->subs[0], s->items[0], bind)) return false;
            Value tail = seq_new((SeqKind)s->kind, s->len - 1);
            for (size_t i = 1; i < s->len; i++) { val_incref(s->items[i]); seq_push(tail, s->items[i]); }
            bool ok = match_pattern(I, p->subs[1], tail, bind);
            val_decref(tail);
            return ok;
        }
        case TN_LIST: case TN_SEQ: case TN_ARRAY: case TN_VECTOR: case TN_INDEXEDSEQ: case TN_ARRAYBUFFER:
            if (p->name_tn == TN_ARRAY ? !(v.t == T_SEQ && as_seq(v)->kind == SEQ_ARRAY)
                                       : !(v.t == T_RANGE || (v.t == T_SEQ && as_seq(v)->kind != SEQ_ARRAY)))
                return false;
            return match_seq(I, p, v, bind);
        default: break;
        }
        if (!strncmp(nm, "Tuple", 5)) {
            if (v.t != T_TUPLE || as_tuple(v)->n != p->nsubs) return false;
            for (int i = 0; i < p->nsubs; i++)
                if (!match_pattern(I, p->subs[i], as_tuple(v)->items[i], bind)) return false;
            return true;
        }
        Slot *s = env_lookup(bind, intern(nm));
        if (s && s->v.t == T_CLASS) {
            ClassObj *c = (ClassObj *)s->v.u.o;
            if (v.t != T_OBJECT || ((InstObj *)v.u.o)->cls != c) return false;
            Env *f = ((InstObj *)v.u.o)->fields;
            Node *d = c->def;
            if (p->nsubs != d->nparams) return false;
            for (int i = 0; i < p->nsubs; i++) {
                Slot *fs = env_find_local(f, d->params[i].name);
                if (!fs || !match_pattern(I, p->subs[i], fs->v, bind)) return false;
            }
            return true;
        }
        if (v.t == T_EXC && is_exception_class(I, nm)) {   /* case e @ SomeException(msg) — rare */
            return exc_is_a(I, as_exc(v)->cls, nm) &&
                   (p->nsubs == 0 || (p->nsubs == 1 && match_pattern(I, p->subs[0], as_exc(v)->msg, bind)));
        }
        return false;
    }
    case P_ALT:
        for (int i = 0; i < p->nsubs; i++) if (match_pattern(I, p->subs[i], v, bind)) return true;
        return false;
    case P_BINDAT:
        if (!match_pattern(I, p->subs[0], v, bind)) return false;
        val_incref(v);
        env_define(bind, p->name, v, 0);
        return true;
    }
    return false;
}

/* Whether a partial function ({ case … }) is defined at v: some case's pattern and guard
 * accept it. Other functions are defined everywhere. */
bool partial_defined(Interp *I, Value fn, Value v, bool *defined) {
    *defined = true;
    if (fn.t != T_FUNC || !as_func(fn)->def || !(as_func(fn)->def->flags & NF_CASE_LAMBDA)) return true;
    Node *m = as_func(fn)->def->b;
    if (m->kind == N_BLOCK && m->list.len == 1) m = m->list.items[0];
    if (m->kind != N_MATCH) return true;
    *defined = false;
    for (int i = 0; i < m->ncases && !*defined; i++) {
        Env *scope = env_new(as_func(fn)->env);
        if (match_pattern(I, m->cases[i].pat, v, scope)) {
            if (!m->cases[i].guard) *defined = true;
            else {
                Value g;
                if (!eval(I, m->cases[i].guard, scope, &g)) { val_decref(v_env(scope)); return false; }
                *defined = g.t == T_BOOL && g.u.b;
                val_decref(g);
            }
        }
        val_decref(v_env(scope));
    }
    return true;
}

static bool match_error(Interp *I, const Node *at, Value v) {
    char *s = val_to_string(I, v);
    bool r = raise_at(I, at, "scala.MatchError", "%s (of class %s)", s, val_class_name(v));
    free(s);
    return r;
}

/* ---- statements ---- */

static bool is_definition(const Node *s) {
    return s->kind == N_VAL || s->kind == N_DEF || s->kind == N_CLASS || s->kind == N_OBJECT ||
           s->kind == N_TRAIT || s->kind == N_IMPORT;
}

static void hoist_defs(NodeList *stmts, Env *env) {
    for (int i = 0; i < stmts->len; i++) {
        Node *s = stmts->items[i];
        if (s->kind == N_DEF) env_define(env, s->str, func_new_closure(s->str, s, env), SLOT_DEF);
    }
}

bool eval_stmt_list(Interp *I, NodeList *stmts, Env *env, Value *out) {
    hoist_defs(stmts, env);
    Value last = v_unit();
    for (int i = 0; i < stmts->len; i++) {
        Node *s = stmts->items[i];
        val_decref(last);
        last = v_unit();
        if (s->kind == N_DEF) continue;
        if (!eval(I, s, env, &last)) return false;
        if (is_definition(s)) { val_decref(last); last = v_unit(); }
    }
    *out = last;
    return true;
}

static bool eval_block(Interp *I, Node *n, Env *env, Value *out) {
    bool needs_scope = false;
    for (int i = 0; i < n->list.len && !needs_scope; i++) needs_scope = is_definition(n->list.items[i]);
    if (!needs_scope) return eval_stmt_list(I, &n->list, env, out);
    Env *scope = env_new(env);
    bool ok = eval_stmt_list(I, &n->list, scope, out);
    val_decref(v_env(scope));
    return ok;
}

static void mark_vars(Pattern *p, Env *env) {
    if ((p->kind == P_BIND || p->kind == P_BINDAT) && env_find_local(env, p->name))
        env_find_local(env, p->name)->flags |= SLOT_VAR;
    for (int i = 0; i < p->nsubs; i++) mark_vars(p->subs[i], env);
}

static NOINLINE bool eval_val(Interp *I, Node *n, Env *env, Value *out) {
    *out = v_unit();
    uint8_t flags = (n->flags & NF_VAR) ? SLOT_VAR : 0;
    if (n->flags & NF_LAZY) {
        if (n->pat->kind != P_BIND) return raise_at(I, n, "error", "unsupported: lazy val with a pattern");
        env_define(env, n->pat->name, func_new_closure(n->pat->name, n, env), SLOT_LAZY);
        return true;
    }
    if (!n->a) return raise_at(I, n, "error", "only classes can have declared but undefined members");
    Value v;
    if (!eval(I, n->a, env, &v)) return false;
    v = coerce_declared(v, n->tn);
    if (n->pat->kind == P_BIND && !n->pat->type) { env_define(env, n->pat->name, v, flags); return true; }
    if (!match_pattern(I, n->pat, v, env)) {
        bool r = match_error(I, n, v);
        val_decref(v);
        return r;
    }
    if (flags) mark_vars(n->pat, env);   /* var (a, b) = ...: the names are assignable */
    val_decref(v);
    return true;
}

static NOINLINE bool assign_to(Interp *I, Node *target, Value v, Env *env) {
    if (target->kind == N_IDENT) {
        Slot *s = env_lookup(env, target->str);
        if (!s) { val_decref(v); return raise_at(I, target, "error", "not found: value %s", target->str); }
        if (!(s->flags & SLOT_VAR)) { val_decref(v); return raise_at(I, target, "error", "reassignment to val %s", target->str); }
        Value old = s->v;
        s->v = v;
        val_decref(old);
        return true;
    }
    if (target->kind == N_SELECT) {
        Value recv;
        if (!eval_receiver(I, target->a, env, &recv)) { val_decref(v); return false; }
        bool ok;
        if (recv.t == T_OBJECT && ((InstObj *)recv.u.o)->fields &&
            env_find_local(((InstObj *)recv.u.o)->fields, target->str)) {
            Slot *s = env_find_local(((InstObj *)recv.u.o)->fields, target->str);
            if (!(s->flags & SLOT_VAR)) { ok = raise_at(I, target, "error", "reassignment to val %s", target->str); val_decref(v); }
            else { Value old = s->v; s->v = v; val_decref(old); ok = true; }
        } else {
            char setter[128];
            snprintf(setter, sizeof setter, "%s_=", target->str);
            Value r;
            ok = call_method(I, recv, intern(setter), 1, &v, NULL, target, &r);
            if (ok) val_decref(r);
            val_decref(v);
        }
        val_decref(recv);
        return ok;
    }
    if (target->kind == N_APPLY) {   /* xs(i) = v  →  xs.update(i, v) */
        Value recv;
        if (!eval(I, target->a, env, &recv)) { val_decref(v); return false; }
        Value *argv; int argc; const char **names;
        if (!eval_args(I, target, env, &argv, &argc, &names)) { val_decref(recv); val_decref(v); return false; }
        argv = realloc(argv, (size_t)(argc + 1) * sizeof(Value));
        argv[argc++] = v;
        Value r;
        bool ok = call_method(I, recv, intern("update"), argc, argv, NULL, target, &r);
        if (ok) val_decref(r);
        free_items(argv, (size_t)argc);
        val_decref(recv);
        return ok;
    }
    val_decref(v);
    return raise_at(I, target, "error", "unsupported: assignment to this expression");
}

static NOINLINE bool eval_opassign(Interp *I, Node *n, Env *env, Value *out) {
    *out = v_unit();
    Value cur, rhs;
    if (!eval(I, n->a, env, &cur)) return false;
    const char *m = NULL;   /* `op=`, named only for receivers that may have such a method */
    if (cur.t == T_SEQ || cur.t == T_MAP || cur.t == T_SET || cur.t == T_OBJECT || cur.t == T_HOST) {
        char mname[64];
        snprintf(mname, sizeof mname, "%s=", n->str);
        m = intern(mname);
    }
    /* a mutable receiver with an `op=` method is updated in place (and `buf += 1` gives buf);
     * otherwise `x op= y` means `x = x op y` (strings, numbers, immutable collections) */
    bool mutating;
    switch ((VType)cur.t) {
    case T_SEQ: mutating = as_seq(cur)->kind == SEQ_BUFFER || as_seq(cur)->kind == SEQ_JLIST; break;
    case T_MAP: case T_SET: mutating = as_map(cur)->kind != MAP_SCALA; break;
    case T_OBJECT:
        mutating = ((InstObj *)cur.u.o)->fields && env_find_local(((InstObj *)cur.u.o)->fields, m);
        break;
    case T_HOST: mutating = host_find_method(as_host(cur)->cls, m) != NULL; break;
    default: mutating = false;
    }
    if (!eval(I, n->b, env, &rhs)) { val_decref(cur); return false; }
    bool ok;
    if (mutating) {
        ok = call_method(I, cur, m, 1, &rhs, NULL, n, out);
    } else {
        Value nv;
        ok = binop(I, n->op, n->str, cur, rhs, n, &nv) && assign_to(I, n->a, nv, env);
    }
    val_decref(cur);
    val_decref(rhs);
    return ok;
}

/* ---- loops ---- */

typedef struct { Value coll; Value *items; size_t n, i; RangeObj *r; size_t rn; } ItemIter;

static bool iter_open(Interp *I, Value coll, ItemIter *it, const Node *at) {
    memset(it, 0, sizeof *it);
    if (coll.t == T_RANGE) {   /* ranges are walked without materialising them */
        it->r = as_range(coll);
        it->rn = range_len(it->r);
        it->coll = coll;
        val_incref(coll);
        return true;
    }
    if (!iter_items(I, coll, &it->items, &it->n)) {
        char *tn = val_type_name(I, coll);
        bool r = raise_at(I, at, "error", "value foreach is not a member of %s", tn);
        free(tn);
        return r;
    }
    return true;
}
static bool iter_next(ItemIter *it, Value *v) {
    if (it->r) {
        if (it->i >= it->rn) return false;
        int64_t x = it->r->start + (int64_t)it->i++ * it->r->step;
        *v = it->r->is_long ? v_long(x) : v_int((int32_t)x);
        return true;
    }
    if (it->i >= it->n) return false;
    *v = it->items[it->i];
    it->items[it->i++] = v_unit();
    return true;
}
static void iter_close(ItemIter *it) {
    if (it->items) free_items(it->items, it->n);
    val_decref(it->coll);
}

static NOINLINE bool eval_while(Interp *I, Node *n, Env *env, Value *out, bool do_first) {
    *out = v_unit();
    for (bool first = true;; first = false) {
        if (!check_interrupt(I)) return false;
        gc_maybe();
        if (!(do_first && first)) {
            Value c;
            if (!eval(I, n->a, env, &c)) return false;
            if (c.t != T_BOOL) { val_decref(c); return raise_at(I, n->a, "error", "type mismatch: the condition is not a Boolean"); }
            if (!c.u.b) return true;
        }
        Value b;
        if (!eval(I, n->b, env, &b)) return false;
        val_decref(b);
    }
}

static bool for_level(Interp *I, Node *n, int g, Env *env, Value acc) {
    if (g == n->ngens) {
        Value v;
        if (!eval(I, n->b, env, &v)) return false;
        if (acc.t == T_SEQ) seq_push(acc, v);
        else val_decref(v);
        return true;
    }
    Generator *gen = &n->gens[g];
    if (gen->kind == G_GUARD) {
        Value c;
        if (!eval(I, gen->expr, env, &c)) return false;
        bool go = c.t == T_BOOL && c.u.b;
        val_decref(c);
        return go ? for_level(I, n, g + 1, env, acc) : true;
    }
    if (gen->kind == G_VAL) {
        Value v;
        if (!eval(I, gen->expr, env, &v)) return false;
        Env *scope = env_new(env);
        bool ok = match_pattern(I, gen->pat, v, scope) ? for_level(I, n, g + 1, scope, acc) : match_error(I, gen->expr, v);
        val_decref(v);
        val_decref(v_env(scope));
        return ok;
    }
    Value coll;
    if (!eval(I, gen->expr, env, &coll)) return false;
    ItemIter it;
    bool ok = iter_open(I, coll, &it, gen->expr);
    val_decref(coll);
    if (!ok) return false;
    Value item;
    while (ok && iter_next(&it, &item)) {
        if (!(ok = check_interrupt(I))) { val_decref(item); break; }
        gc_maybe();
        Env *scope = env_new(env);          /* a fresh binding per iteration, as in Scala */
        if (match_pattern(I, gen->pat, item, scope)) ok = for_level(I, n, g + 1, scope, acc);
        val_decref(item);
        val_decref(v_env(scope));
    }
    iter_close(&it);
    return ok;
}

static NOINLINE bool eval_for(Interp *I, Node *n, Env *env, Value *out) {
    bool yield = n->flags & NF_YIELD;
    Value acc = yield ? seq_new(SEQ_VECTOR, 0) : v_unit();
    if (!for_level(I, n, 0, env, acc)) { val_decref(acc); return false; }
    if (!yield) { *out = v_unit(); return true; }
    /* the result takes the family of the first generator's collection */
    Value first;
    Generator *g0 = &n->gens[0];
    if (!eval(I, g0->expr, env, &first)) { val_decref(acc); return false; }
    SeqObj *s = as_seq(acc);
    Value *items = s->items;
    size_t len = s->len;
    s->items = NULL; s->len = s->cap = 0;
    *out = rebuild_like(first, items, len);
    free(items);
    val_decref(first);
    val_decref(acc);
    return true;
}

/* ---- match, try ---- */

static bool eval_cases(Interp *I, Node *n, Value v, Env *env, bool *matched, Value *out) {
    *matched = false;
    for (int i = 0; i < n->ncases; i++) {
        Case *c = &n->cases[i];
        Env *scope = env_new(env);
        if (!match_pattern(I, c->pat, v, scope)) { val_decref(v_env(scope)); continue; }
        if (I->unwind != U_NONE) { val_decref(v_env(scope)); return false; }
        if (c->guard) {
            Value g;
            if (!eval(I, c->guard, scope, &g)) { val_decref(v_env(scope)); return false; }
            bool pass = g.t == T_BOOL && g.u.b;
            val_decref(g);
            if (!pass) { val_decref(v_env(scope)); continue; }
        }
        *matched = true;
        bool ok = eval(I, c->body, scope, out);
        val_decref(v_env(scope));
        return ok;
    }
    return true;
}

static NOINLINE bool eval_match(Interp *I, Node *n, Env *env, Value *out) {
    Value v;
    if (!eval(I, n->a, env, &v)) return false;
    bool matched;
    bool ok = eval_cases(I, n, v, env, &matched, out);
    if (ok && !matched) ok = match_error(I, n, v);
    val_decref(v);
    return ok;
}

static NOINLINE bool eval_try(Interp *I, Node *n, Env *env, Value *out) {
    bool ok = eval(I, n->a, env, out);
    if (!ok && I->unwind == U_THROW && n->ncases) {
        Value exc = I->unwind_val;
        I->unwind_val = v_unit();
        I->unwind = U_NONE;
        bool matched;
        ok = eval_cases(I, n, exc, env, &matched, out);
        if (ok && !matched) { I->unwind = U_THROW; I->unwind_val = exc; ok = false; }
        else val_decref(exc);
    }
    if (n->c) {
        Unwind saved = I->unwind;
        Value saved_val = I->unwind_val;
        uint64_t saved_target = I->return_target;
        I->unwind = U_NONE;
        I->unwind_val = v_unit();
        /* an interrupt still runs finally blocks (cleanup such as ssc.stop()); a second
         * interrupt stops them */
        if (saved == U_INTERRUPT) interp_clear_interrupt(I);
        Value f;
        if (!eval(I, n->c, env, &f)) {   /* the finally block's own unwinding wins */
            val_decref(saved_val);
            if (ok) val_decref(*out);
            return false;
        }
        if (saved == U_INTERRUPT) interp_interrupt(I);
        val_decref(f);
        I->unwind = saved;
        I->unwind_val = saved_val;
        I->return_target = saved_target;
    }
    return ok;
}

/* ---- string interpolation ---- */

/* Other interpolators ($"col" in Spark) are functions registered as StringContext.<name>;
 * *out holds the interpolated text and is replaced by the function's result. */
static bool custom_interpolator(Interp *I, Node *n, Env *env, Value *out) {
    char key[64];
    snprintf(key, sizeof key, "StringContext.%s", n->str);
    Slot *s = env_lookup(env, intern(key));
    Value text = *out;
    if (!s) {
        val_decref(text);
        return raise_at(I, n, "error", "value %s is not a member of StringContext%s", n->str,
                        !strcmp(n->str, "$") ? " (the $\"column\" syntax needs a SparkSession)" : "");
    }
    bool ok = call_value(I, s->v, 1, &text, NULL, n, out);
    val_decref(text);
    return ok;
}

static NOINLINE bool eval_interp(Interp *I, Node *n, Env *env, Value *out) {
    /* parts alternate: literal text at even indices, expressions at odd ones */
    bool f = n->str && !strcmp(n->str, "f");
    StrBuf sb; sb_init(&sb);
    if (!f) {
        for (int i = 0; i < n->list.len; i++) {
            Node *p = n->list.items[i];
            if (i % 2 == 0) { sb_puts(&sb, p->str ? p->str : ""); continue; }
            Value v;
            if (!eval(I, p, env, &v)) { free(sb_take(&sb)); return false; }
            sb_value(I, &sb, v, false);
            val_decref(v);
        }
        *out = str_take(sb_take(&sb));
        if (n->str && strcmp(n->str, "s") && strcmp(n->str, "raw")) return custom_interpolator(I, n, env, out);
        return true;
    }
    /* f"...": one java.util.Formatter string; an argument not followed by a spec gets %s */
    StrBuf fmt; sb_init(&fmt);
    int argc = 0;
    Value *argv = malloc(((size_t)n->list.len / 2 + 1) * sizeof(Value));
    bool ok = true;
    for (int i = 0; i < n->list.len && ok; i++) {
        Node *p = n->list.items[i];
        if (i % 2 == 0) {
            const char *t = p->str ? p->str : "";
            if (i > 0 && t[0] != '%') sb_puts(&fmt, "%s");
            sb_puts(&fmt, t);
            continue;
        }
        if (!eval(I, p, env, &argv[argc])) { ok = false; break; }
        argc++;
    }
    if (ok && n->list.len % 2 == 0 && n->list.len > 0) sb_puts(&fmt, "%s");   /* ends with an expression */
    char *fs = sb_take(&fmt);
    if (ok) ok = java_format(I, fs, argc, argv, &sb);
    free(fs);
    free_items(argv, (size_t)argc);
    if (!ok) {
        free(sb_take(&sb));
        if (I->unwind == U_THROW) exc_locate(I->unwind_val, n, false);
        return false;
    }
    *out = str_take(sb_take(&sb));
    return true;
}

/* ---- imports ---- */

/* `import a.b.C` or `import a.b.{C, D => E}` of names the kernel provides qualified (e.g.
 * scala.collection.mutable.Map) binds their simple names, so that `Map(...)` is the mutable one
 * afterwards, as in Scala. */
static void import_bind(Interp *I, const char *path, Env *env) {
    char buf[256];
    const char *brace = strchr(path, '{');
    size_t plen = brace ? (size_t)(brace - path) : strlen(path);
    if (plen >= sizeof buf - 64) return;
    if (!brace) {
        const char *dot = strrchr(path, '.');
        if (!dot || !strcmp(dot, "._")) return;
        Slot *s = env_lookup(I->builtins, intern(path));
        if (s && env_lookup(env, intern(dot + 1)) != s) {
            val_incref(s->v);
            env_define(env, intern(dot + 1), s->v, 0);
        }
        return;
    }
    for (const char *p = brace + 1; *p && *p != '}';) {
        while (*p == ' ' || *p == ',') p++;
        size_t k = strcspn(p, ",} ");
        const char *alias = p;
        size_t alen = k;
        const char *q = p + k;
        while (*q == ' ') q++;
        if (q[0] == '=' && q[1] == '>') {      /* D => E */
            q += 2;
            while (*q == ' ') q++;
            alias = q;
            alen = strcspn(q, ",} ");
            q += alen;
        }
        if (k && plen + k < sizeof buf && !(alen == 1 && *alias == '_')) {
            memcpy(buf, path, plen);
            memcpy(buf + plen, p, k);
            buf[plen + k] = 0;
            Slot *s = env_lookup(I->builtins, intern(buf));
            if (s) {
                val_incref(s->v);
                env_define(env, intern_n(alias, alen), s->v, 0);
            }
        }
        p = q;
        if (p == alias) break;
    }
}

static NOINLINE bool eval_import(Interp *I, Node *n, Env *env) {
    const char *path = n->str;
    import_bind(I, path, env);
    char root[128];
    size_t k = strcspn(path, ".{ ");
    if (k >= sizeof root) k = sizeof root - 1;
    memcpy(root, path, k);
    root[k] = 0;
    if (env_lookup(env, intern(root))) return true;    /* import spark.implicits._ and the like */
    for (int i = 0; i < I->npackages; i++) {
        size_t pl = strlen(I->packages[i]);
        if (!strncmp(path, I->packages[i], pl) && (path[pl] == 0 || path[pl] == '.' || path[pl] == '{'))
            return true;
    }
    return raise_at(I, n, "error", "object %s is not a member of any package this kernel provides "
                    "(import %s)", root, path);
}

/* ---- the dispatcher ---- */

bool eval(Interp *I, Node *n, Env *env, Value *out) {
    switch (n->kind) {
    case N_INT: *out = v_int((int32_t)n->ival); return true;
    case N_LONG: *out = v_long(n->ival); return true;
    case N_DOUBLE: case N_FLOAT: *out = v_double(n->dval); return true;
    case N_STRING: *out = str_cstr(n->str); return true;
    case N_CHAR: *out = v_char((uint32_t)n->ival); return true;
    case N_BOOL: *out = v_bool(n->ival != 0); return true;
    case N_NULL: *out = v_null(); return true;
    case N_UNIT: *out = v_unit(); return true;
    case N_INTERP: return eval_interp(I, n, env, out);
    case N_IDENT: return lookup_ident(I, n, env, out);
    case N_SELECT: {
        Value recv;
        if (!eval_receiver(I, n->a, env, &recv)) return false;
        bool ok = select_member(I, recv, n->str, n, out);
        val_decref(recv);
        return ok;
    }
    case N_APPLY: return eval_apply(I, n, env, out);
    case N_TYPEARGS: {
        Node *inner = n->a;
        if (n->op != OP_OTHER && n->ntypes == 1) {   /* asInstanceOf[T], isInstanceOf[T] */
            Value v;
            if (!eval(I, inner->a, env, &v)) return false;
            return eval_cast(I, n, v, n->tn, n->types[0], n->op == OP_IS_INSTANCE_OF, out);
        }
        return eval(I, inner, env, out);
    }
    case N_NEW: return eval_new(I, n, env, out);
    case N_INFIX: {
        Value l, r;
        if (n->op == OP_AND || n->op == OP_OR) {
            if (!eval(I, n->a, env, &l)) return false;
            if (l.t != T_BOOL) {   /* not Booleans: a method of the left operand (Spark's Column &&) */
                if (!class_of(I, l) || !host_find_method(class_of(I, l), n->str)) {
                    val_decref(l);
                    return raise_at(I, n, "error", "type mismatch: %s needs Boolean operands", n->str);
                }
                if (!eval(I, n->b, env, &r)) { val_decref(l); return false; }
                bool ok = call_method(I, l, n->str, 1, &r, NULL, n, out);
                val_decref(l);
                val_decref(r);
                return ok;
            }
            bool and = n->op == OP_AND;
            if (l.u.b != and) { *out = l; return true; }
            if (!eval(I, n->b, env, &r)) return false;
            if (r.t != T_BOOL) { val_decref(r); return raise_at(I, n, "error", "type mismatch: %s needs Boolean operands", n->str); }
            *out = r;
            return true;
        }
        if (!eval(I, n->a, env, &l)) return false;
        if (!eval(I, n->b, env, &r)) { val_decref(l); return false; }
        bool ok = binop(I, n->op, n->str, l, r, n, out);
        val_decref(l);
        val_decref(r);
        return ok;
    }
    case N_PREFIX: {
        Value v;
        if (!eval(I, n->a, env, &v)) return false;
        Op op = n->op;
        if (op == OP_NOT && v.t == T_BOOL) { *out = v_bool(!v.u.b); return true; }
        if (op == OP_MINUS && v.t == T_INT) { *out = v_int((int32_t)(0u - (uint32_t)v.u.i)); return true; }
        if (op == OP_MINUS && v.t == T_LONG) { *out = v_long((int64_t)(0u - (uint64_t)v.u.l)); return true; }
        if (op == OP_MINUS && v.t == T_DOUBLE) { *out = v_double(-v.u.d); return true; }
        if (op == OP_MINUS && v.t == T_CHAR) { *out = v_int(-(int32_t)v.u.c); return true; }
        if (op == OP_PLUS && v_is_num(v)) { *out = v.t == T_CHAR ? v_int((int32_t)v.u.c) : v; return true; }
        if (op == OP_BITNOT && v.t == T_INT) { *out = v_int(~v.u.i); return true; }
        if (op == OP_BITNOT && v.t == T_LONG) { *out = v_long(~v.u.l); return true; }
        char mname[16];
        snprintf(mname, sizeof mname, "unary_%s", n->str);
        bool ok = call_method(I, v, intern(mname), 0, NULL, NULL, n, out);
        val_decref(v);
        return ok;
    }
    case N_POSTFIX: {
        Value v;
        if (!eval(I, n->a, env, &v)) return false;
        bool ok = select_member(I, v, n->str, n, out);
        val_decref(v);
        return ok;
    }
    case N_ASSIGN: {
        Value v;
        if (!eval(I, n->b, env, &v)) return false;
        *out = v_unit();
        return assign_to(I, n->a, v, env);
    }
    case N_OPASSIGN: return eval_opassign(I, n, env, out);
    case N_IF: {
        Value c;
        if (!eval(I, n->a, env, &c)) return false;
        if (c.t != T_BOOL) { val_decref(c); return raise_at(I, n->a, "error", "type mismatch: the condition of if is not a Boolean"); }
        if (c.u.b) return eval(I, n->b, env, out);
        if (n->c) return eval(I, n->c, env, out);
        *out = v_unit();
        return true;
    }
    case N_WHILE: return eval_while(I, n, env, out, false);
    case N_DOWHILE: return eval_while(I, n, env, out, true);
    case N_FOR: return eval_for(I, n, env, out);
    case N_BLOCK: return eval_block(I, n, env, out);
    case N_LAMBDA: *out = func_new_closure(NULL, n, env); return true;
    case N_MATCH: return eval_match(I, n, env, out);
    case N_TRY: return eval_try(I, n, env, out);
    case N_THROW: {
        Value e;
        if (!eval(I, n->a, env, &e)) return false;
        if (e.t != T_EXC) {
            val_decref(e);
            return raise_at(I, n, "error", "type mismatch: throw needs a Throwable");
        }
        exc_locate(e, n, false);
        return interp_throw_value(I, e);
    }
    case N_RETURN: {
        Value v = v_unit();
        if (n->a && !eval(I, n->a, env, &v)) return false;
        if (!I->cur_frame) { val_decref(v); return raise_at(I, n, "error", "return outside method definition"); }
        val_decref(I->unwind_val);
        I->unwind = U_RETURN;
        I->unwind_val = v;
        I->return_target = I->cur_frame;
        return false;
    }
    case N_TUPLE: {
        Value *items = malloc((size_t)n->list.len * sizeof(Value));
        for (int i = 0; i < n->list.len; i++) {
            if (!eval(I, n->list.items[i], env, &items[i])) { free_items(items, (size_t)i); return false; }
        }
        *out = tuple_new(n->list.len, items);
        free(items);
        return true;
    }
    case N_TYPED:
        if (n->type && !strcmp(n->type, "_*")) return raise_at(I, n, "error", "`: _*` is only allowed as a method argument");
        return eval(I, n->a, env, out);
    case N_VAL: return eval_val(I, n, env, out);
    case N_DEF:
        env_define(env, n->str, func_new_closure(n->str, n, env), SLOT_DEF);
        *out = v_unit();
        return true;
    case N_IMPORT: *out = v_unit(); return eval_import(I, n, env);
    case N_CLASS:
        env_define(env, n->str, class_new(n->str, n, env, (n->flags & NF_CASE_CLASS) != 0), 0);
        *out = v_unit();
        return true;
    case N_OBJECT: {
        Value cls = class_new(n->str, n, env, (n->flags & NF_CASE_CLASS) != 0);
        Env *fields = env_new(env);
        Value inst = inst_new((ClassObj *)cls.u.o, fields);
        val_decref(cls);
        val_incref(inst);
        env_define(fields, intern("this"), inst, SLOT_DEF);
        if (!init_parent(I, n, env, fields, n, 0) || !init_fields(I, n, fields)) { val_decref(inst); return false; }
        env_define(env, n->str, inst, 0);
        *out = v_unit();
        return true;
    }
    case N_TRAIT: *out = v_unit(); return true;
    case N_PLACEHOLDER:
        return raise_at(I, n, "error", "unbound placeholder parameter `_`");
    }
    return raise_at(I, n, "error", "unsupported construct");
}
