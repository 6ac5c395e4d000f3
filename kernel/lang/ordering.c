/* ordering.c — scala.math.Ordering as notebooks use it to sort: the object `Ordering` (and
 * Ordering[T], Ordering.Int & co) is the natural order; `.reverse` flips it; `Ordering.by(f)`
 * orders by f. Collections take one where Scala passes it explicitly: xs.sorted(ord),
 * xs.sortBy(f)(ord), xs.max(ord), xs.maxBy(f)(ord) (the second list: eval_call.c). An Ordering is
 * a key function (unit: the element itself) and a direction; sorting stays stable, as Scala's is.
 */
#include "lang/internal.h"

#include <stdlib.h>

typedef struct { Value key; bool desc; } Ord;

static void ord_finalize(void *d) {
    Ord *o = d;
    val_decref(o->key);
    free(o);
}
static void ord_traverse(void *d, VisitFn visit, void *ctx) { visit(((Ord *)d)->key, ctx); }
static const char *ord_type(void *d) { (void)d; return "scala.math.Ordering[Any]"; }

static HostClass ordering_class;

static Value ord_new(Value key, bool desc) {
    Ord *o = calloc(1, sizeof *o);
    if (!o) abort();
    val_incref(key);
    o->key = key;
    o->desc = desc;
    return host_new(&ordering_class, o);
}

bool ordering_of(Value v, Value *key, bool *desc) {
    if (v.t != T_HOST || as_host(v)->cls != &ordering_class) return false;
    Ord *o = as_host(v)->data;
    *key = o->key;
    *desc = o->desc;
    return true;
}

static Ord *self_ord(Call *c) { return as_host(c->self)->data; }

static bool o_reverse(Call *c, Value *out) {
    Ord *o = self_ord(c);
    *out = ord_new(o->key, !o->desc);
    return true;
}
static bool o_by(Call *c, Value *out) {
    if (!want_fn(c, 0)) return false;
    *out = ord_new(c->argv[0], false);
    return true;
}
static bool o_natural(Call *c, Value *out) { *out = ord_new(v_unit(), false); (void)c; return true; }

/* compare(a, b) under the ordering: <0, 0, >0 */
static bool ord_compare(Call *c, int *r) {
    Ord *o = self_ord(c);
    Value a = c->argv[0], b = c->argv[1];
    bool owned = o->key.t == T_FUNC;
    if (owned) {
        if (!call1(c->I, o->key, c->argv[0], &a)) return false;
        if (!call1(c->I, o->key, c->argv[1], &b)) { val_decref(a); return false; }
    }
    bool ok;
    *r = val_compare(a, b, &ok);
    if (owned) { val_decref(a); val_decref(b); }
    if (!ok) return interp_throw(c->I, "error", "No implicit Ordering defined for these values");
    if (o->desc) *r = -*r;
    return true;
}
enum { CMP_COMPARE, CMP_LT, CMP_LTEQ, CMP_GT, CMP_GTEQ, CMP_EQUIV, CMP_MAX, CMP_MIN };
static bool o_cmp(Call *c, Value *out) {
    int r;
    if (!ord_compare(c, &r)) return false;
    switch (CALL_TAG(c)) {
    case CMP_COMPARE: *out = v_int(r < 0 ? -1 : r > 0); break;
    case CMP_LT: *out = v_bool(r < 0); break;
    case CMP_LTEQ: *out = v_bool(r <= 0); break;
    case CMP_GT: *out = v_bool(r > 0); break;
    case CMP_GTEQ: *out = v_bool(r >= 0); break;
    case CMP_EQUIV: *out = v_bool(r == 0); break;
    default:
        *out = c->argv[(CALL_TAG(c) == CMP_MAX) == (r >= 0) ? 0 : 1];
        val_incref(*out);
    }
    return true;
}

static const MethodDef ordering_methods[] = {
    METHOD("reverse", o_reverse, 0, 0, "def reverse: Ordering[T]", "The opposite order."),
    METHOD("by", o_by, 1, 1, "def by[T, S](f: T => S): Ordering[T]", "Orders by f's result (Ordering.by(_._2))."),
    METHOD_DATA("compare", o_cmp, CMP_COMPARE, 2, 2, "def compare(x: T, y: T): Int", "Negative, zero or positive as x is before, with or after y."),
    METHOD_DATA("lt", o_cmp, CMP_LT, 2, 2, "def lt(x: T, y: T): Boolean", "Whether x comes before y."),
    METHOD_DATA("lteq", o_cmp, CMP_LTEQ, 2, 2, "def lteq(x: T, y: T): Boolean", "Whether x does not come after y."),
    METHOD_DATA("gt", o_cmp, CMP_GT, 2, 2, "def gt(x: T, y: T): Boolean", "Whether x comes after y."),
    METHOD_DATA("gteq", o_cmp, CMP_GTEQ, 2, 2, "def gteq(x: T, y: T): Boolean", "Whether x does not come before y."),
    METHOD_DATA("equiv", o_cmp, CMP_EQUIV, 2, 2, "def equiv(x: T, y: T): Boolean", "Whether x and y are in the same place."),
    METHOD_DATA("max", o_cmp, CMP_MAX, 2, 2, "def max(x: T, y: T): T", "The later of x and y."),
    METHOD_DATA("min", o_cmp, CMP_MIN, 2, 2, "def min(x: T, y: T): T", "The earlier of x and y."),
    METHOD("Int", o_natural, 0, 0, "implicit object Int: Ordering[Int]", "The order of Ints."),
    METHOD("Long", o_natural, 0, 0, "implicit object Long: Ordering[Long]", "The order of Longs."),
    METHOD("Double", o_natural, 0, 0, "implicit object Double: Ordering[Double]", "The order of Doubles."),
    METHOD("String", o_natural, 0, 0, "implicit object String: Ordering[String]", "The order of Strings."),
};

static HostClass ordering_class = {
    .name = "Ordering", .qualified = "scala.math.Ordering",
    .doc = "An order to sort by: Ordering[Int].reverse, Ordering.by(_._2) (xs.sorted(ord), xs.sortBy(f)(ord)).",
    .doc_url = "https://www.scala-lang.org/api/2.12.18/scala/math/Ordering.html",
    HOST_METHODS(ordering_methods), .finalize = ord_finalize, .traverse = ord_traverse, .type_name = ord_type,
};

void ordering_init(Interp *I) {
    interp_register_class(I, &ordering_class);
    static const char *const names[] = {"Ordering", "scala.math.Ordering", "math.Ordering", NULL};
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], ord_new(v_unit(), false), "object scala.math.Ordering",
                               "The natural order: Ordering[Int].reverse, Ordering.by(f).");
}
