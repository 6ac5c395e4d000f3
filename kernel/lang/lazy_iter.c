/* lazy_iter.c — Scala's endless iterators: Iterator.continually(elem), Iterator.iterate(start)(f)
 * and Iterator.from(n[, step]). Other iterators are materialised here (SEQ_ITER); these cannot be,
 * so they are computed an element at a time, as Scala's are: each lazy operation (map, filter,
 * withFilter, drop, take, takeWhile, zipWithIndex) is an iterator over the one it was called on,
 * pulling from it; find, exists, forall, foreach and next stop as soon as they can; any other
 * method takes what is left (finite once take or takeWhile ended it) as a materialised iterator
 * and calls that one's method. An interrupt stops an endless pull.
 */
#include <stdlib.h>
#include <string.h>

#include "lang/internal.h"

typedef enum { SRC_CONTINUALLY, SRC_ITERATE, SRC_FROM, SRC_WRAP } Src;
typedef enum { ST_MAP, ST_FILTER, ST_DROP, ST_TAKE, ST_TAKEWHILE, ST_ZIPIDX } Stage;

typedef struct {
    Src src;
    Value a;                 /* continually: the element (a by-name thunk, or a value); iterate: f;
                                wrap: the iterator pulled from */
    Value cur;               /* iterate: the last value given; from: the next number */
    bool started;            /* iterate: start given */
    int64_t step;            /* from */
    Stage op;                /* wrap: what it does to each element */
    Value f;                 /* wrap: the function of map, filter, takeWhile */
    int64_t n;               /* wrap: drop's and take's count left, zipWithIndex's next index */
    bool done;               /* ended (take, takeWhile) */
    bool has_buf;            /* buf: the next element, pulled by hasNext */
    Value buf;
    char *type;              /* the REPL's type: Iterator[Int] */
} LazyIt;

static HostClass lazy_iter_class;

static void li_finalize(void *d) {
    LazyIt *it = d;
    val_decref(it->a);
    val_decref(it->cur);
    val_decref(it->f);
    val_decref(it->buf);
    free(it->type);
    free(it);
}
static void li_traverse(void *d, VisitFn visit, void *ctx) {
    LazyIt *it = d;
    visit(it->a, ctx);
    visit(it->cur, ctx);
    visit(it->f, ctx);
    visit(it->buf, ctx);
}
static char *li_str(Interp *I, void *d) { (void)I; (void)d; return strdup("<iterator>"); }
static const char *li_type(void *d) { return ((LazyIt *)d)->type; }

static LazyIt *li_new(Src src, char *type) {
    LazyIt *it = calloc(1, sizeof *it);
    if (!it) abort();
    it->src = src;
    it->a = it->cur = it->f = it->buf = v_unit();
    it->type = type ? type : strdup("Iterator[Any]");
    return it;
}
static LazyIt *li_self(Value v) {
    return v.t == T_HOST && as_host(v)->cls == &lazy_iter_class ? as_host(v)->data : NULL;
}

/* The next element of it: 1 (in *out, a new reference), 0 at its end, -1 with an exception. */
static int pull(Interp *I, LazyIt *it, Value *out) {
    if (it->has_buf) {
        *out = it->buf;
        it->buf = v_unit();
        it->has_buf = false;
        return 1;
    }
    for (;;) {
        if (it->done) return 0;
        if (interp_interrupted(I)) {
            interp_throw(I, "java.lang.InterruptedException", "interrupted");
            return -1;
        }
        Value v;
        switch (it->src) {
        case SRC_CONTINUALLY:
            if (!byname_value(I, it->a, &v)) return -1;
            break;
        case SRC_ITERATE:
            if (it->started) {
                Value nx;
                if (!interp_call(I, it->a, 1, &it->cur, &nx)) return -1;
                val_decref(it->cur);
                it->cur = nx;
            }
            it->started = true;
            v = it->cur;
            val_incref(v);
            break;
        case SRC_FROM:
            v = it->cur;
            it->cur = v.t == T_LONG ? v_long(v.u.l + it->step) : v_int((int32_t)(v.u.i + it->step));
            break;
        default: {   /* SRC_WRAP */
            if (it->op == ST_TAKE && it->n <= 0) { it->done = true; return 0; }
            int r = pull(I, li_self(it->a), &v);
            if (r <= 0) {
                if (r == 0) it->done = true;
                return r;
            }
            if (it->op == ST_TAKE) it->n--;
            else if (it->op == ST_DROP && it->n > 0) {
                it->n--;
                val_decref(v);
                continue;
            } else if (it->op == ST_ZIPIDX) {
                Value pair[2] = {v, v_int((int32_t)it->n++)};
                v = tuple_new(2, pair);
            } else if (it->op != ST_DROP) {
                Value fv;
                bool ok = interp_call(I, it->f, 1, &v, &fv);
                if (!ok) { val_decref(v); return -1; }
                if (it->op == ST_MAP) {
                    val_decref(v);
                    v = fv;
                } else {
                    bool keep = fv.t == T_BOOL && fv.u.b;
                    val_decref(fv);
                    if (!keep) {
                        val_decref(v);
                        if (it->op == ST_TAKEWHILE) { it->done = true; return 0; }
                        continue;
                    }
                }
            }
            break;
        }
        }
        *out = v;
        return 1;
    }
}

/* ---- the companion's methods ---- */

/* The REPL type of an iterator of the values of expression e (NULL: Any). */
static char *iter_type(Interp *I, const Node *e) {
    char *t = e ? infer_type(I, (Node *)e, I->globals) : NULL;
    StrBuf sb;
    sb_init(&sb);
    sb_printf(&sb, "Iterator[%s]", t && strcmp(t, "Nothing") && strcmp(t, "Null") ? t : "Any");
    free(t);
    return sb_take(&sb);
}
static const Node *iter_arg(const Call *c, int i) {
    return c->at && c->at->kind == N_APPLY && i < c->at->list.len ? c->at->list.items[i] : NULL;
}

static bool it_continually(Call *c, Value *out) {
    LazyIt *it = li_new(SRC_CONTINUALLY, iter_type(c->I, iter_arg(c, 0)));
    it->a = c->argv[0];   /* the thunk: each element evaluates it again */
    val_incref(it->a);
    *out = host_new(&lazy_iter_class, it);
    return true;
}

static bool iterate_apply(Call *c, Value *out) {   /* iterate(start)(f): self is start */
    TupleObj *t = as_tuple(c->self);
    LazyIt *it = li_new(SRC_ITERATE, strdup(as_str(t->items[1])->s));
    it->cur = t->items[0];
    val_incref(it->cur);
    it->a = c->argv[0];
    val_incref(it->a);
    *out = host_new(&lazy_iter_class, it);
    return true;
}
static bool it_iterate(Call *c, Value *out) {
    char *type = iter_type(c->I, iter_arg(c, 0));
    Value items[2] = {c->argv[0], str_cstr(type)};
    free(type);
    val_incref(items[0]);
    Value self = tuple_new(2, items);
    *out = func_new_native("iterate", iterate_apply, self, 1, NULL);
    val_decref(self);
    return true;
}

static bool it_from(Call *c, Value *out) {
    Value s = c->argv[0];
    if (s.t != T_INT && s.t != T_LONG) return interp_throw(c->I, "error", "Iterator.from needs an Int");
    int64_t step = 1;
    if (c->argc > 1 && !arg_long(c, 1, &step)) return false;
    LazyIt *it = li_new(SRC_FROM, strdup(s.t == T_LONG ? "Iterator[Long]" : "Iterator[Int]"));
    it->cur = s;
    it->step = step;
    *out = host_new(&lazy_iter_class, it);
    return true;
}

/* ---- the iterator's methods ---- */

static bool li_has_next(Call *c, Value *out) {
    LazyIt *it = li_self(c->self);
    if (!it->has_buf) {
        Value v;
        int r = pull(c->I, it, &v);
        if (r < 0) return false;
        if (r) { it->buf = v; it->has_buf = true; }
    }
    *out = v_bool(it->has_buf);
    return true;
}

static bool li_next(Call *c, Value *out) {
    int r = pull(c->I, li_self(c->self), out);
    if (r == 0) return interp_throw(c->I, "java.util.NoSuchElementException", "next on empty iterator");
    return r > 0;
}

/* map, filter, withFilter, takeWhile (a function), drop, take (a count), zipWithIndex. */
static bool li_stage(Call *c, Value *out) {
    LazyIt *from = li_self(c->self);
    Stage op = (Stage)CALL_TAG(c);
    char *type = NULL;
    if (op == ST_ZIPIDX) {
        const char *lb = strchr(from->type, '[');
        StrBuf sb;
        sb_init(&sb);
        sb_printf(&sb, "Iterator[(%.*s, Int)]", (int)strlen(lb + 1) - 1, lb + 1);
        type = sb_take(&sb);
    } else if (op == ST_MAP) {
        type = strdup("Iterator[Any]");
        char *t = c->at ? infer_type(c->I, (Node *)c->at, c->I->globals) : NULL;   /* the whole call's type */
        if (t && !strncmp(t, "Iterator[", 9)) { free(type); type = t; }
        else free(t);
    } else type = strdup(from->type);
    LazyIt *it = li_new(SRC_WRAP, type);
    it->a = c->self;
    val_incref(it->a);
    it->op = op;
    if (op == ST_DROP || op == ST_TAKE) {
        if (!arg_long(c, 0, &it->n)) { li_finalize(it); return false; }
    } else if (op != ST_ZIPIDX) {
        it->f = c->argv[0];
        val_incref(it->f);
    }
    *out = host_new(&lazy_iter_class, it);
    return true;
}

/* find(p): Some of the first element p holds for; exists(p), forall(p); foreach(f). */
enum { LI_FIND, LI_EXISTS, LI_FORALL, LI_FOREACH };
static bool li_scan(Call *c, Value *out) {
    LazyIt *it = li_self(c->self);
    int what = CALL_TAG(c);
    for (;;) {
        Value v, r;
        int got = pull(c->I, it, &v);
        if (got < 0) return false;
        if (!got) break;
        if (!interp_call(c->I, c->argv[0], 1, &v, &r)) { val_decref(v); return false; }
        bool yes = r.t == T_BOOL && r.u.b;
        val_decref(r);
        if (what == LI_FOREACH || (what == LI_FORALL ? yes : !yes)) { val_decref(v); continue; }
        if (what == LI_FIND) *out = some_new(v);
        else { val_decref(v); *out = v_bool(what == LI_EXISTS); }
        return true;
    }
    *out = what == LI_FIND ? v_none() : what == LI_FOREACH ? v_unit() : v_bool(what == LI_FORALL);
    return true;
}

/* Any other method: what is left, materialised (an endless one until the interrupt, or until
 * it would not fit: Scala's OutOfMemoryError), then that iterator's method. */
#define LI_MAX (1 << 26)
static bool li_rest(Call *c, Value *out) {
    LazyIt *it = li_self(c->self);
    Value seq = seq_new(SEQ_ITER, 16);
    for (size_t n = 0;; n++) {
        Value v;
        int r = pull(c->I, it, &v);
        if (r < 0) { val_decref(seq); return false; }
        if (!r) break;
        seq_push(seq, v);
        if (n == LI_MAX) { val_decref(seq); return interp_throw(c->I, "java.lang.OutOfMemoryError", "Java heap space"); }
    }
    bool ok = interp_call_method(c->I, seq, c->name, c->argc, c->argv, out);
    val_decref(seq);
    return ok;
}

#define REST(name) METHOD(name, li_rest, 0, -1, "def " name ": …", "What is left of the iterator, then its " name ".")
static const MethodDef lazy_iter_methods[] = {
    METHOD("hasNext", li_has_next, 0, 0, "def hasNext: Boolean", "Always true for an endless iterator; false once take or takeWhile ended it."),
    METHOD("next", li_next, 0, 0, "def next(): A", "The next element (computed now)."),
    METHOD_DATA("map", li_stage, ST_MAP, 1, 1, "def map[B](f: A => B): Iterator[B]", "An iterator of f of each element, computed as it is read."),
    METHOD_DATA("filter", li_stage, ST_FILTER, 1, 1, "def filter(p: A => Boolean): Iterator[A]", "The elements p holds for."),
    METHOD_DATA("withFilter", li_stage, ST_FILTER, 1, 1, "def withFilter(p: A => Boolean): Iterator[A]", "The elements p holds for."),
    METHOD_DATA("takeWhile", li_stage, ST_TAKEWHILE, 1, 1, "def takeWhile(p: A => Boolean): Iterator[A]", "The elements up to the first p does not hold for."),
    METHOD_DATA("drop", li_stage, ST_DROP, 1, 1, "def drop(n: Int): Iterator[A]", "All but the first n elements."),
    METHOD_DATA("take", li_stage, ST_TAKE, 1, 1, "def take(n: Int): Iterator[A]", "The first n elements."),
    METHOD_DATA("zipWithIndex", li_stage, ST_ZIPIDX, 0, 0, "def zipWithIndex: Iterator[(A, Int)]", "Each element with its index."),
    METHOD_DATA("find", li_scan, LI_FIND, 1, 1, "def find(p: A => Boolean): Option[A]", "The first element p holds for."),
    METHOD_DATA("exists", li_scan, LI_EXISTS, 1, 1, "def exists(p: A => Boolean): Boolean", "Whether p holds for an element (stops at the first)."),
    METHOD_DATA("forall", li_scan, LI_FORALL, 1, 1, "def forall(p: A => Boolean): Boolean", "Whether p holds for every element (stops at the first it does not)."),
    METHOD_DATA("foreach", li_scan, LI_FOREACH, 1, 1, "def foreach(f: A => Unit): Unit", "f on each element as it is computed."),
    REST("toList"), REST("toSeq"), REST("toVector"), REST("toArray"), REST("toSet"), REST("toBuffer"),
    REST("mkString"), REST("size"), REST("length"), REST("sum"), REST("max"), REST("min"), REST("count"),
    REST("contains"), REST("foldLeft"), REST("reduce"), REST("toMap"), REST("sorted"), REST("grouped"),
    REST("sliding"), REST("flatMap"), REST("collect"), REST("toIterable"), REST("toStream"),
};

static HostClass lazy_iter_class = {.name = "Iterator", .qualified = "scala.collection.Iterator",
    HOST_METHODS(lazy_iter_methods), .finalize = li_finalize, .traverse = li_traverse, .to_string = li_str,
    .type_name = li_type};

static const MethodDef iter_companion_methods[] = {
    METHOD("continually", it_continually, 1, 1, "def continually[A](elem: => A): Iterator[A]",
           "An endless iterator evaluating elem for each element: Iterator.continually(in.readLine()).takeWhile(_ != null)."),
    METHOD("iterate", it_iterate, 1, 1, "def iterate[T](start: T)(f: T => T): Iterator[T]", "start, f(start), f(f(start)), …"),
    METHOD("from", it_from, 1, 2, "def from(start: Int, step: Int = 1): Iterator[Int]", "start, start + step, …"),
};
static HostClass iter_companion_extra = {.name = "Iterator$", .qualified = "scala.collection.Iterator$",
    HOST_METHODS(iter_companion_methods)};

const HostClass *lazy_iter_init(Interp *I) {
    interp_register_class(I, &lazy_iter_class);
    return &iter_companion_extra;
}
