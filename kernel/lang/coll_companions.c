/* coll_companions.c — the collections' companion objects: List(1, 2), Map.empty,
 * Array.fill(n)(x), Vector.tabulate, ArrayBuffer(…), and the Java collections `new` makes
 * (java.util.HashMap, ArrayList, Properties, HashSet).
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- companions: List(…), Map.empty, Array.fill(n)(x), new java.util.HashMap … ---- */

typedef struct { int kind; bool is_map, is_set; } CompanionKind;   /* the object's data */
static const CompanionKind k_list = {SEQ_LIST, false, false}, k_vector = {SEQ_VECTOR, false, false},
    k_array = {SEQ_ARRAY, false, false}, k_buffer = {SEQ_BUFFER, false, false}, k_queue = {SEQ_QUEUE, false, false},
    k_lbuffer = {SEQ_LISTBUFFER, false, false}, k_jlist = {SEQ_JLIST, false, false},
    k_map = {MAP_SCALA, true, false}, k_mmap = {MAP_MUTABLE, true, false}, k_jmap = {MAP_JAVA, true, false},
    k_props = {MAP_PROPERTIES, true, false}, k_set = {MAP_SCALA, false, true}, k_mset = {MAP_MUTABLE, false, true},
    k_jset = {MAP_JAVA, false, true}, k_iter = {SEQ_ITER, false, false};

static Value empty_of(const CompanionKind *k) {
    if (k->is_map) return map_new((MapKind)k->kind, false);
    if (k->is_set) return map_new((MapKind)k->kind, true);
    return seq_new((SeqKind)k->kind, 0);
}
static const CompanionKind *kind_of(Call *c) {
    return c->self.t == T_HOST ? (const CompanionKind *)as_host(c->self)->data : (const CompanionKind *)c->data;
}

/* List(1, 2.5) is a List[Double] of 1.0, 2.5: numeric arguments of mixed kinds widen to the
 * widest (Scala's weak conformance), in place. */
static void widen_numeric_args(Call *c) {
    int rank = 0;
    bool mixed = false;
    for (int i = 0; i < c->argc; i++) {
        Value x = c->argv[i];
        int r = x.t == T_CHAR ? 1 : x.t == T_INT ? 2 : x.t == T_LONG ? 3 : x.t == T_FLOAT ? 4 : x.t == T_DOUBLE ? 5 : 0;
        if (!r) return;
        if (i && r != rank) mixed = true;
        if (r > rank) rank = r;
    }
    if (!mixed) return;
    for (int i = 0; i < c->argc; i++) {
        Value x = c->argv[i];
        int64_t l = x.t == T_CHAR ? (int64_t)x.u.c : x.t == T_INT ? x.u.i : x.t == T_LONG ? x.u.l : 0;
        if (rank == 5 && x.t != T_DOUBLE) c->argv[i] = v_double(x.t == T_FLOAT ? x.u.d : (double)l);
        else if (rank == 4 && x.t != T_FLOAT) c->argv[i] = v_float((float)l);
        else if (rank == 3 && x.t != T_LONG) c->argv[i] = v_long(l);
        else if (rank == 2 && x.t == T_CHAR) c->argv[i] = v_int((int32_t)l);
    }
}

static bool comp_apply(Call *c, Value *out) {
    const CompanionKind *k = kind_of(c);
    if (!k->is_map) widen_numeric_args(c);
    Value r = empty_of(k);
    for (int i = 0; i < c->argc; i++) {
        Value x = c->argv[i];
        if (k->is_map) {
            if (x.t != T_TUPLE || as_tuple(x)->n != 2) { val_decref(r); return interp_throw(c->I, "error", "Map(...) needs (key -> value) pairs"); }
            val_incref(as_tuple(x)->items[0]); val_incref(as_tuple(x)->items[1]);
            map_put(r, as_tuple(x)->items[0], as_tuple(x)->items[1]);
        } else if (k->is_set) { val_incref(x); map_put(r, x, v_unit()); }
        else { val_incref(x); seq_push(r, x); }
    }
    *out = r;
    return true;
}
static bool comp_empty(Call *c, Value *out) { *out = empty_of(kind_of(c)); return true; }
static bool comp_construct(Call *c, Value *out) {
    /* new java.util.HashMap(), new ArrayBuffer[Int](), new java.util.Properties() */
    const CompanionKind *k = kind_of(c);
    Value r = empty_of(k);
    if (c->argc == 1 && (c->argv[0].t == T_MAP) && k->is_map) {   /* copy constructor */
        Value *a; size_t n;
        iter_items(c->I, c->argv[0], &a, &n);
        for (size_t i = 0; i < n; i++) {
            val_incref(as_tuple(a[i])->items[0]); val_incref(as_tuple(a[i])->items[1]);
            map_put(r, as_tuple(a[i])->items[0], as_tuple(a[i])->items[1]);
        }
        free_items(a, n);
    }
    *out = r;
    return true;
}
/* fill(n1, …, nd)(elem) / tabulate(n1, …, nd)(f): self is (kind-as-long, tabulate?, n1, …, nd);
 * level `at` of the nested collections, idx the indices of the levels above it. */
#define FILL_DIMS 5
static bool fill_level(Call *c, TupleObj *t, int at, Value *idx, Value *out) {
    const CompanionKind *k = (const CompanionKind *)(intptr_t)t->items[0].u.l;
    bool tab = t->items[1].u.b;
    int dims = (int)t->n - 2;
    int64_t n = t->items[2 + at].u.l;
    Value r = empty_of(k);
    for (int64_t i = 0; i < n; i++) {
        Value x;
        idx[at] = v_int((int32_t)i);
        if (at + 1 < dims) {
            if (!fill_level(c, t, at + 1, idx, &x)) { val_decref(r); return false; }
        } else if (tab) {
            if (!interp_call(c->I, c->argv[0], dims, idx, &x)) { val_decref(r); return false; }
        } else if (!arg_force(c, 0, &x)) { val_decref(r); return false; }
        if (k->is_set) map_put(r, x, v_unit());
        else seq_push(r, x);
    }
    *out = r;
    return true;
}
static bool fill_apply(Call *c, Value *out) {
    Value idx[FILL_DIMS];
    return fill_level(c, as_tuple(c->self), 0, idx, out);
}
static bool fill_start(Call *c, Value *out, bool tab) {
    Value items[2 + FILL_DIMS] = {v_long((int64_t)(intptr_t)kind_of(c)), v_bool(tab)};
    for (int i = 0; i < c->argc; i++) {
        int64_t n;
        if (!arg_long(c, i, &n)) return false;
        items[2 + i] = v_long(n < 0 ? 0 : n);
    }
    Value self = tuple_new(2 + c->argc, items);
    *out = func_new_native(tab ? "tabulate" : "fill", fill_apply, self, 1, NULL);
    if (!tab) as_func(*out)->byname = 1;   /* fill(n)(elem: => A): elem evaluated n times */
    val_decref(self);
    return true;
}
static bool comp_fill(Call *c, Value *out) { return fill_start(c, out, false); }
static bool comp_tabulate(Call *c, Value *out) { return fill_start(c, out, true); }
static bool comp_range(Call *c, Value *out) {
    int64_t a, b, step = 1;
    if (!arg_long(c, 0, &a) || !arg_long(c, 1, &b) || (c->argc > 2 && !arg_long(c, 2, &step))) return false;
    if (step == 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "zero step");
    Value r = empty_of(kind_of(c));
    for (int64_t x = a; step > 0 ? x < b : x > b; x += step) seq_push(r, v_int((int32_t)x));
    *out = r;
    return true;
}
static bool comp_concat(Call *c, Value *out) {
    Value r = empty_of(kind_of(c));
    for (int i = 0; i < c->argc; i++) {
        Value *a; size_t n;
        if (!iter_items(c->I, c->argv[i], &a, &n)) { val_decref(r); return interp_throw(c->I, "error", "concat needs collections"); }
        for (size_t j = 0; j < n; j++) seq_push(r, a[j]);
        free(a);
    }
    *out = r;
    return true;
}
static const MethodDef companion_methods[] = {
    METHOD("apply", comp_apply, 0, -1, "def apply[A](elems: A*): CC[A]", "A collection of the given elements."),
    METHOD("empty", comp_empty, 0, 0, "def empty[A]: CC[A]", "An empty collection."),
    METHOD("fill", comp_fill, 1, FILL_DIMS, "def fill[A](n: Int)(elem: => A): CC[A]\ndef fill[A](n1: Int, n2: Int)(elem: => A): CC[CC[A]]",
           "n copies of elem (n1 collections of n2 …: up to 5 dimensions)."),
    METHOD("tabulate", comp_tabulate, 1, FILL_DIMS, "def tabulate[A](n: Int)(f: Int => A): CC[A]\ndef tabulate[A](n1: Int, n2: Int)(f: (Int, Int) => A): CC[CC[A]]",
           "f(0), f(1), …, f(n - 1) (f(i, j) over n1 × n2 …: up to 5 dimensions)."),
    METHOD("range", comp_range, 2, 3, "def range(start: Int, end: Int, step: Int = 1): CC[Int]", "start until end by step."),
    METHOD("concat", comp_concat, 0, -1, "def concat[A](xss: Iterable[A]*): CC[A]", "The collections concatenated."),
    METHOD("ofDim", comp_fill, 1, 1, "def ofDim[A](n: Int): Array[A]", "An array of n elements (use Array.fill(n)(zero))."),
};

#define COMPANION(var, nm, q, kindp, ...)                                                            \
    static const char *const var##_aliases[] = {__VA_ARGS__, NULL};                                  \
    static HostClass var = {.name = nm, .qualified = q, HOST_METHODS(companion_methods),              \
                            .construct = comp_construct, .ctor_data = kindp,        \
                            .aliases = var##_aliases}
COMPANION(list_comp, "List", "scala.collection.immutable.List", &k_list, "Seq", "scala.collection.Seq", "Iterable", "LinearSeq");
COMPANION(vector_comp, "Vector", "scala.collection.immutable.Vector", &k_vector, "IndexedSeq");
COMPANION(array_comp, "Array", "scala.Array", &k_array, "Array");
COMPANION(buffer_comp, "ArrayBuffer", "scala.collection.mutable.ArrayBuffer", &k_buffer, "mutable.ArrayBuffer", "Buffer");
COMPANION(queue_comp, "Queue", "scala.collection.mutable.Queue", &k_queue, "mutable.Queue", "SynchronizedQueue", "scala.collection.mutable.SynchronizedQueue");
COMPANION(lbuffer_comp, "ListBuffer", "scala.collection.mutable.ListBuffer", &k_lbuffer, "mutable.ListBuffer");
COMPANION(jlist_comp, "ArrayList", "java.util.ArrayList", &k_jlist, "java.util.LinkedList", "LinkedList");
COMPANION(map_comp, "Map", "scala.collection.immutable.Map", &k_map, "scala.collection.Map", "immutable.Map");
COMPANION(mmap_comp, "mutable.Map", "scala.collection.mutable.Map", &k_mmap, "mutable.HashMap", "scala.collection.mutable.HashMap", "mutable.LinkedHashMap", "scala.collection.mutable.LinkedHashMap");
COMPANION(jmap_comp, "HashMap", "java.util.HashMap", &k_jmap, "java.util.Map", "java.util.LinkedHashMap", "LinkedHashMap", "java.util.TreeMap", "java.util.concurrent.ConcurrentHashMap");
COMPANION(props_comp, "Properties", "java.util.Properties", &k_props, "Properties");
COMPANION(set_comp, "Set", "scala.collection.immutable.Set", &k_set, "scala.collection.Set", "immutable.Set");
COMPANION(mset_comp, "mutable.Set", "scala.collection.mutable.Set", &k_mset, "mutable.HashSet", "scala.collection.mutable.HashSet");
COMPANION(jset_comp, "HashSet", "java.util.HashSet", &k_jset, "java.util.Set");
COMPANION(iter_comp, "Iterator", "scala.collection.Iterator", &k_iter, "scala.collection.Iterator");

static void companion(Interp *I, HostClass *cls, const CompanionKind *k, const char *const *names, const char *doc) {
    interp_register_class(I, cls);
    for (int i = 0; names[i]; i++) interp_register_global(I, names[i], host_new(cls, (void *)k), cls->qualified, doc);
}

void companions_init(Interp *I) {
    static const char *const n_list[] = {"List", "Seq", "Iterable", "scala.collection.immutable.List", "scala.collection.Seq", NULL};
    static const char *const n_vector[] = {"Vector", "IndexedSeq", "scala.collection.immutable.Vector", NULL};
    static const char *const n_array[] = {"Array", "scala.Array", NULL};
    static const char *const n_buffer[] = {"ArrayBuffer", "mutable.ArrayBuffer", "scala.collection.mutable.ArrayBuffer", NULL};
    static const char *const n_queue[] = {"Queue", "mutable.Queue", "scala.collection.mutable.Queue", NULL};
    static const char *const n_lbuffer[] = {"ListBuffer", "mutable.ListBuffer", "scala.collection.mutable.ListBuffer", NULL};
    static const char *const n_map[] = {"Map", "scala.collection.immutable.Map", NULL};
    static const char *const n_mmap[] = {"mutable.Map", "mutable.HashMap", "scala.collection.mutable.Map",
                                         "scala.collection.mutable.HashMap", NULL};
    static const char *const n_set[] = {"Set", "scala.collection.immutable.Set", NULL};
    static const char *const n_mset[] = {"mutable.Set", "mutable.HashSet", "scala.collection.mutable.Set",
                                         "scala.collection.mutable.HashSet", NULL};
    companion(I, &list_comp, &k_list, n_list, "Lists: List(1, 2, 3), List.empty, List.fill(n)(x), List.range(a, b).");
    companion(I, &vector_comp, &k_vector, n_vector, "Vectors: Vector(1, 2, 3).");
    companion(I, &array_comp, &k_array, n_array, "Arrays: Array(1, 2, 3), Array.fill(n)(x).");
    companion(I, &buffer_comp, &k_buffer, n_buffer, "Growable buffers: ArrayBuffer(1, 2), buf += 3.");
    companion(I, &queue_comp, &k_queue, n_queue, "FIFO queues: mutable.Queue(1, 2), q += 3, q.enqueue(4), q.dequeue().");
    companion(I, &lbuffer_comp, &k_lbuffer, n_lbuffer, "Growable lists: ListBuffer(1, 2), lb += 3, lb.toList.");
    companion(I, &map_comp, &k_map, n_map, "Immutable maps: Map(\"a\" -> 1), Map.empty.");
    companion(I, &mmap_comp, &k_mmap, n_mmap, "Mutable maps: mutable.Map(\"a\" -> 1), m(\"b\") = 2.");
    companion(I, &set_comp, &k_set, n_set, "Immutable sets: Set(1, 2).");
    companion(I, &mset_comp, &k_mset, n_mset, "Mutable sets: mutable.Set(1, 2), s += 3.");
    static const char *const n_iter[] = {"Iterator", "scala.collection.Iterator", NULL};
    iter_comp.parent = lazy_iter_init(I);   /* continually, iterate, from (lazy_iter.c) */
    companion(I, &iter_comp, &k_iter, n_iter, "Iterators: Iterator(1, 2, 3), Iterator.empty, Iterator.range(a, b), "
              "Iterator.continually(x), Iterator.iterate(a)(f), Iterator.from(n); next, hasNext, map, filter, toList …");
    /* Java collections are made with `new` only */
    HostClass *java[] = {&jlist_comp, &jmap_comp, &props_comp, &jset_comp};
    for (int i = 0; i < 4; i++) interp_register_class(I, java[i]);
}
