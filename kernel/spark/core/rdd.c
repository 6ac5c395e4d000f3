/* rdd.c — RDDs: the class, its lineage and toString, the element-wise and partition-wise
 * transformations (map, filter, flatMap, mapPartitions …), the actions (count, collect, take,
 * foreach, reduce …) and the method table; the shuffles (reduceByKey, joins, sortBy …) are in
 * rdd_shuffle.c. RDDs are materialised eagerly, but for the lazy ones of rdd_source.c (see
 * spark.h).
 */
#include "spark/core/rdd_internal.h"
#include "spark/core/hadoop_crc.h"
#include "spark/core/shuffle_order.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RDD_DOC "https://spark.apache.org/docs/3.3.0/api/scala/org/apache/spark/rdd/RDD.html"

static int next_rdd_id;
/* A new SparkContext numbers its RDDs from 0 (Spark's sc.newRddId). */
void rdd_ids_reset(void) { next_rdd_id = 0; }

/* ---- the lineage ---- */

static RddNode *node_new(int id, const char *kind, const char *origin, int nparts) {
    RddNode *n = calloc(1, sizeof *n);
    n->refs = 1;
    n->id = id;
    n->kind = kind;
    n->origin = origin ? strdup(origin) : NULL;
    n->nparts = nparts;
    return n;
}
static void node_release(RddNode *n) {
    while (n && --n->refs == 0) {
        RddNode *up = n->nparents ? n->parents[0] : NULL;
        if (n->nparents > 1) node_release(n->parents[1]);
        free(n->origin);
        free(n->name);
        free(n);
        n = up;                  /* the first parent without recursion (long chains) */
    }
}
static void node_add_parent(RddNode *n, RddNode *p) {
    if (!p || n->nparents == 2) return;
    p->refs++;
    n->parents[n->nparents++] = p;
}

/* ---- the object ---- */

static void rdd_finalize(void *d) {
    Rdd *r = d;
    free(r->elem_type);
    node_release(r->node);
    rdd_source_release(r);
    for (int i = 0; r->parts && i < r->nparts; i++) val_decref(r->parts[i]);
    free(r->parts);
    free(r->origin);
    val_decref(r->meta);
    free(r);
}
static void rdd_traverse(void *d, VisitFn visit, void *ctx) {
    Rdd *r = d;
    for (int i = 0; r->parts && i < r->nparts; i++) visit(r->parts[i], ctx);
    rdd_source_traverse(r, visit, ctx);
    visit(r->meta, ctx);
}
static char *rdd_to_string(Interp *I, void *d) {
    (void)I;
    Rdd *r = d;
    char *s = NULL;
    const char *name = r->node && r->node->name ? r->node->name : NULL;
    if (asprintf(&s, "%s%s%s[%d] at %s", name ? name : "", name ? " " : "", r->kind, r->id,
                 r->origin ? r->origin : "<console>") < 0) return NULL;
    return s;
}
char *rdd_elem_type(Interp *I, const Rdd *r) {
    if (r->elem_type) return strdup(r->elem_type);
    if (rdd_is_lazy(r)) return rdd_lazy_elem_type(I, (Rdd *)r);
    size_t n = 0;
    for (int i = 0; i < r->nparts; i++) n += as_seq(r->parts[i])->len;
    if (!n) return strdup(r->elem_hint ? r->elem_hint : "Any");
    Value sample = seq_new(SEQ_LIST, 8);      /* the elements' common type, as a List's */
    for (int i = 0; i < r->nparts && as_seq(sample)->len < 200; i++) {
        SeqObj *p = as_seq(r->parts[i]);
        for (size_t j = 0; j < p->len && as_seq(sample)->len < 200; j++) { val_incref(p->items[j]); seq_push(sample, p->items[j]); }
    }
    char *t = val_type_name(I, sample);       /* List[T] */
    val_decref(sample);
    size_t len = strlen(t);
    if (!strncmp(t, "List[", 5) && len > 6) { memmove(t, t + 5, len - 6); t[len - 6] = 0; }
    return t;
}
static __thread char rdd_type_buf[400];
static const char *rdd_type(void *d) {
    char *elem = rdd_elem_type(NULL, d);
    snprintf(rdd_type_buf, sizeof rdd_type_buf, "org.apache.spark.rdd.RDD[%s]", elem);
    free(elem);
    return rdd_type_buf;
}

Rdd *rdd_peek(Value v) {
    if (v.t != T_HOST || !as_host(v)->data) return NULL;
    const HostClass *c = as_host(v)->cls;
    for (; c; c = c->parent) if (c == &rdd_class) return as_host(v)->data;
    return NULL;
}
Rdd *rdd_get(Value v) {
    Rdd *r = rdd_peek(v);
    if (rdd_is_lazy(r)) rdd_materialise(NULL, r);
    return r;
}

Value rdd_make(Interp *I, const char *kind, const char *origin, Value *parts, int nparts) {
    (void)I;
    Rdd *r = calloc(1, sizeof *r);
    r->id = next_rdd_id++;
    r->nparts = nparts;
    r->parts = malloc((size_t)(nparts ? nparts : 1) * sizeof(Value));
    if (nparts) memcpy(r->parts, parts, (size_t)nparts * sizeof(Value));
    r->kind = kind;
    r->origin = origin ? strdup(origin) : NULL;
    r->meta = v_unit();
    r->node = node_new(r->id, kind, origin, nparts);
    return host_new(&rdd_class, r);
}

Value rdd_from_items(Interp *I, const char *kind, const char *origin, Value *items, size_t n, int nparts) {
    if (nparts < 0) nparts = 0;
    Value *parts = malloc((size_t)(nparts ? nparts : 1) * sizeof(Value));
    for (int p = 0; p < nparts; p++) {
        size_t lo = n * (size_t)p / (size_t)nparts, hi = n * (size_t)(p + 1) / (size_t)nparts;
        parts[p] = seq_new(SEQ_LIST, hi - lo);
        for (size_t i = lo; i < hi; i++) seq_push(parts[p], items[i]);
    }
    if (nparts == 0) for (size_t i = 0; i < n; i++) val_decref(items[i]);
    Value v = rdd_make(I, kind, origin, parts, nparts);
    free(parts);
    return v;
}

size_t rdd_count(const Rdd *r) {
    size_t n = 0;
    for (int i = 0; i < r->nparts; i++) n += as_seq(r->parts[i])->len;
    return n;
}

Value *rdd_items(const Rdd *r, size_t *n) {
    size_t total = rdd_count(r), k = 0;
    Value *items = malloc((total ? total : 1) * sizeof(Value));
    for (int i = 0; i < r->nparts; i++) {
        SeqObj *s = as_seq(r->parts[i]);
        for (size_t j = 0; j < s->len; j++) { items[k] = s->items[j]; val_incref(items[k]); k++; }
    }
    *n = total;
    return items;
}

/* The partition whose elements a transformation's function is running on (TaskContext), or -1. */
static __thread int task_partition = -1;
int rdd_task_partition(void) { return task_partition; }

Rdd *rdd_self(Call *c) { return rdd_get(c->self); }   /* materialised (lazy-aware methods: rdd_peek) */

void rdd_origin_of(Call *c, char *buf, size_t n) {
    snprintf(buf, n, "%s at <console>:%d", c->name, spark_console_line(c));
}

/* Operations whose result has its receiver's element type. */
static bool keeps_type(const char *op) {
    static const char *const same[] = {"filter", "distinct", "union", "++", "repartition", "coalesce", "sortBy",
                                       "sortByKey", "partitionBy", "subtract", "subtractByKey", "intersection", NULL};
    for (int i = 0; same[i]; i++) if (!strcmp(op, same[i])) return true;
    return false;
}

/* A new RDD of the given partitions made by the call: its parents are the receiver and an RDD
 * argument; Spark's intermediate RDDs of the operation (hidden, e.g. join's CoGroupedRDD and
 * MapPartitionsRDD) come between them in the lineage and take their ids first. */
Value rdd_derived_via(Call *c, const char *const *hidden, int nhidden, const char *kind, Value *parts, int nparts) {
    char origin[96];
    rdd_origin_of(c, origin, sizeof origin);
    Rdd *self = rdd_peek(c->self), *other = c->argc ? rdd_peek(c->argv[0]) : NULL;
    RddNode *up[2] = {self ? self->node : NULL, other ? other->node : NULL};
    RddNode *last = NULL;
    for (int i = 0; i < nhidden; i++) {
        RddNode *h = node_new(next_rdd_id++, hidden[i], origin, nparts);
        if (last) { node_add_parent(h, last); node_release(last); }
        else { node_add_parent(h, up[0]); node_add_parent(h, up[1]); }
        last = h;
    }
    Value v = rdd_make(c->I, kind, origin, parts, nparts);
    Rdd *r = rdd_get(v);
    if (last) { node_add_parent(r->node, last); node_release(last); }
    else { node_add_parent(r->node, up[0]); node_add_parent(r->node, up[1]); }
    if (self && self->elem_type && keeps_type(c->name)) r->elem_type = strdup(self->elem_type);
    return v;
}
/* A new RDD with the same number of partitions whose partition i is parts[i]. */
Value rdd_derived(Call *c, const char *kind, Value *parts, int nparts) {
    return rdd_derived_via(c, NULL, 0, kind, parts, nparts);
}

bool spark_pair_types(const char *t, char **k, char **v) {
    *k = *v = NULL;
    size_t len = t ? strlen(t) : 0;
    int depth = 0;
    if (len > 2 && t[0] == '(' && t[len - 1] == ')')
        for (size_t i = 1; i < len - 1; i++) {
            if (t[i] == '(' || t[i] == '[') depth++;
            else if (t[i] == ')' || t[i] == ']') depth--;
            else if (t[i] == ',' && depth == 0 && t[i + 1] == ' ') {
                *k = strndup(t + 1, i - 1);
                *v = strndup(t + i + 2, len - i - 3);
                return true;
            }
        }
    return false;
}
/* The key and value types of an RDD of pairs (malloc'd), or false (both NULL). */
bool rdd_pair_types(Interp *I, const Rdd *r, char **k, char **v) {
    char *t = rdd_elem_type(I, r);
    bool ok = spark_pair_types(t, k, v);
    free(t);
    return ok;
}
void rdd_set_elem_type(Value rdd, const char *fmt, const char *a, const char *b, const char *c) {
    Rdd *r = rdd_get(rdd);
    free(r->elem_type);
    r->elem_type = NULL;
    if (asprintf(&r->elem_type, fmt, a, b, c) < 0) r->elem_type = NULL;
}

/* Spark's map, filter … clean their function and check that it serializes: one that uses a
 * top-level val holding an instance of a class that is not Serializable fails there with "Task
 * not serializable". Here it would run: the kernel warns (issue 12). */
static void warn_unserializable(Call *c) {
    static __thread const void *warned;     /* once a function (a DStream's runs every batch) */
    if (c->argv[0].u.o == warned) return;
    const char *names[8];
    int line = 0;
    int n = interp_closure_globals(c->I, c->argv[0], names, 8, &line);
    for (int i = 0; i < n; i++) {
        Value v;
        const char *cls = interp_lookup_global(c->I, names[i], &v) ? interp_unserializable_class(v) : NULL;
        if (!cls) continue;
        interp_printf(c->I, 2, "warning: line %d: the function of %s uses `%s`, an instance of class %s, which is not "
                      "Serializable: Spark fails here with org.apache.spark.SparkException: Task not serializable "
                      "(java.io.NotSerializableException: %s). Make %s a case class or `extends Serializable` "
                      "(a top-level val computed from it fails the same way in spark-shell).\n", line,
                      c->name ? c->name : "the RDD operation", names[i], cls, cls, cls);
        warned = c->argv[0].u.o;
        return;
    }
}

bool rdd_need_fn(Call *c) {
    if (c->argc >= 1 && c->argv[0].t == T_FUNC) { warn_unserializable(c); return true; }
    return interp_throw(c->I, "error", "type mismatch: %s needs a function", c->name);
}

/* An Iterator over partition p's items (new reference). */
static Value part_iterator(Interp *I, Rdd *r, int p) {
    Value *items;
    size_t n;
    interp_iter_items(I, r->parts[p], &items, &n);
    Value it = seq_new(SEQ_ITER, n);
    for (size_t i = 0; i < n; i++) seq_push(it, items[i]);
    free(items);
    return it;
}

/* Calls the function argument on x (borrowed), dropping its result; false when it threw. */
static bool call_fn(Call *c, Value x) {
    Value res;
    if (!interp_call(c->I, c->argv[0], 1, &x, &res)) return false;
    val_decref(res);
    return true;
}

/* ---- element-wise transformations ---- */

typedef enum { EW_MAP, EW_FILTER, EW_FLATMAP, EW_MAPVALUES, EW_FLATMAPVALUES, EW_COLLECT } EwKind;

bool rdd_pair_parts(Interp *I, Value v, Value *k, Value *val) {
    if (v.t != T_TUPLE || as_tuple(v)->n != 2)
        return interp_throw(I, "error", "type mismatch: this operation needs an RDD of (key, value) pairs");
    *k = as_tuple(v)->items[0];
    *val = as_tuple(v)->items[1];
    return true;
}

/* map, filter, flatMap, mapValues, flatMapValues: the method's data is its EwKind. */
/* fn over one partition's elements s into the new List *out; false when it threw. */
static bool ew_apply(Interp *I, EwKind kind, const char *name, Value fn, SeqObj *s, Value *out) {
    Value dst = seq_new(SEQ_LIST, s->len);
    for (size_t i = 0; i < s->len; i++) {
        Value x = s->items[i], y, key = v_unit(), arg = x;
        if (kind == EW_MAPVALUES || kind == EW_FLATMAPVALUES) {
            if (!rdd_pair_parts(I, x, &key, &arg)) goto fail;
        }
        if (kind == EW_COLLECT) {   /* collect(pf): filter(pf.isDefinedAt).map(pf) */
            bool defined;
            if (!interp_partial_defined(I, fn, x, &defined)) goto fail;
            if (!defined) continue;
        }
        if (!interp_call(I, fn, 1, &arg, &y)) goto fail;
        switch (kind) {
        case EW_MAP: case EW_COLLECT: seq_push(dst, y); break;
        case EW_FILTER:
            if (y.t != T_BOOL) { val_decref(y); interp_throw(I, "error", "type mismatch: filter's function must return a Boolean"); goto fail; }
            if (y.u.b) { val_incref(x); seq_push(dst, x); }
            break;
        case EW_MAPVALUES: {
            Value kv[2] = {key, y};
            val_incref(key);
            seq_push(dst, tuple_new(2, kv));
            break;
        }
        case EW_FLATMAP: case EW_FLATMAPVALUES: {
            Value *items;
            size_t n;
            if (!interp_iter_items(I, y, &items, &n)) {
                val_decref(y);
                interp_throw(I, "error", "type mismatch: %s's function must return a collection", name);
                goto fail;
            }
            val_decref(y);
            for (size_t j = 0; j < n; j++) {
                if (kind == EW_FLATMAP) seq_push(dst, items[j]);
                else { Value kv[2] = {key, items[j]}; val_incref(key); seq_push(dst, tuple_new(2, kv)); }
            }
            free(items);
            break;
        }
        }
        continue;
    fail:
        val_decref(dst);
        return false;
    }
    *out = dst;
    return true;
}

/* A lazy map/filter/flatMap: the function runs when a job reads the partition (rdd_source.c). */
typedef struct { EwKind kind; const char *name; Value fn, parent; } EwLazy;
static bool ew_compute(Interp *I, void *ctx, int p, size_t limit, Value *out) {
    EwLazy *e = ctx;
    Value part;
    if (e->kind == EW_MAP) {   /* `x => x.m` over a source that reads m itself: no element made */
        Rdd *pr = rdd_peek(e->parent);
        const char *m = rdd_is_lazy(pr) && pr->source->project ? interp_fn_param_member(e->fn) : NULL;
        int r = m ? pr->source->project(I ? I : pr->source->I, pr->source->ctx, p, limit, m, out) : 0;
        if (r) return r > 0;
    }
    if (!rdd_partition(I, rdd_peek(e->parent), p, e->kind == EW_MAP ? limit : SIZE_MAX, &part)) return false;
    int saved = task_partition;
    task_partition = p;
    bool ok = ew_apply(I, e->kind, e->name, e->fn, as_seq(part), out);
    task_partition = saved;
    val_decref(part);
    return ok;
}
static int ew_texts(Interp *I, void *ctx, int p, int64_t at, RddTexts *out) {
    EwLazy *e = ctx;
    Rdd *pr = rdd_peek(e->parent);
    const char *m = e->kind == EW_MAP && rdd_is_lazy(pr) && pr->source->project_texts ? interp_fn_param_member(e->fn) : NULL;
    return m ? pr->source->project_texts(I ? I : pr->source->I, pr->source->ctx, p, at, m, out) : 0;
}
static void ew_prefetch(void *ctx, int p, int64_t at) { rdd_prefetch(rdd_peek(((EwLazy *)ctx)->parent), p, at); }
static void ew_traverse(void *ctx, VisitFn visit, void *vctx) { EwLazy *e = ctx; visit(e->fn, vctx); visit(e->parent, vctx); }
static void ew_free(void *ctx) { EwLazy *e = ctx; val_decref(e->fn); val_decref(e->parent); free(e); }

/* A lazy map's element type as Spark's API gives it, from its parent's and its function's static
 * types (the REPL's echo must not run the function); left unset when they cannot tell. */
static void ew_static_type(Interp *I, EwKind kind, Rdd *parent, Value fn, Rdd *r) {
    if (!parent->elem_type || r->elem_type) return;   /* derived gives a filter its parent's */
    if (kind == EW_FILTER) { r->elem_type = strdup(parent->elem_type); return; }
    const char *pt = parent->elem_type;
    char *t = interp_infer_fn_result(I, fn, &pt, 1);
    if (t && kind == EW_FLATMAP) {   /* the collection's element type */
        char *open = strchr(t, '[');
        size_t len = strlen(t);
        char *elem = open && t[len - 1] == ']' ? strndup(open + 1, (size_t)(t + len - 1 - open - 1)) : NULL;
        free(t);
        t = elem;
    }
    r->elem_type = t;
}

static bool r_elementwise_run(Call *c, Value *out) {
    EwKind kind = (EwKind)CALL_TAG(c);
    if (!rdd_need_fn(c)) return false;
    Rdd *lazy = rdd_peek(c->self);
    if (rdd_is_lazy(lazy) && (kind == EW_MAP || kind == EW_FILTER || kind == EW_FLATMAP || kind == EW_COLLECT)) {
        Value *units = calloc((size_t)(lazy->nparts ? lazy->nparts : 1), sizeof *units);
        for (int p = 0; p < lazy->nparts; p++) units[p] = v_unit();
        *out = rdd_derived(c, "MapPartitionsRDD", units, lazy->nparts);
        free(units);
        EwLazy *e = malloc(sizeof *e);
        *e = (EwLazy){kind, kind == EW_MAP ? "map" : kind == EW_FILTER ? "filter" : kind == EW_COLLECT ? "collect" : "flatMap",
                      c->argv[0], c->self};
        val_incref(e->fn);
        val_incref(e->parent);
        rdd_set_source(*out, &(RddSource){.compute = ew_compute, .texts = ew_texts, .prefetch = ew_prefetch, .traverse = ew_traverse, .free = ew_free, .ctx = e, .I = c->I});
        ew_static_type(c->I, kind, lazy, e->fn, rdd_peek(*out));
        return true;
    }
    Rdd *r = rdd_self(c);
    Value *parts = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof(Value));
    for (int p = 0; p < r->nparts; p++) {
        task_partition = p;
        if (!ew_apply(c->I, kind, c->name, c->argv[0], as_seq(r->parts[p]), &parts[p])) {
            for (int q = 0; q < p; q++) val_decref(parts[q]);
            free(parts);
            return false;
        }
    }
    *out = rdd_derived(c, "MapPartitionsRDD", parts, r->nparts);
    free(parts);
    return true;
}
static bool r_elementwise(Call *c, Value *out) { bool ok = r_elementwise_run(c, out); task_partition = -1; return ok; }

static bool r_keys_values(Call *c, Value *out, int which) {
    Rdd *r = rdd_self(c);
    Value *parts = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof(Value));
    for (int p = 0; p < r->nparts; p++) {
        SeqObj *s = as_seq(r->parts[p]);
        parts[p] = seq_new(SEQ_LIST, s->len);
        for (size_t i = 0; i < s->len; i++) {
            Value k, v;
            if (!rdd_pair_parts(c->I, s->items[i], &k, &v)) {
                for (int q = 0; q <= p; q++) val_decref(parts[q]);
                free(parts);
                return false;
            }
            Value x = which ? v : k;
            val_incref(x);
            seq_push(parts[p], x);
        }
    }
    *out = rdd_derived(c, "MapPartitionsRDD", parts, r->nparts);
    free(parts);
    return true;
}
static bool r_keys(Call *c, Value *out) { return r_keys_values(c, out, 0); }
static bool r_values(Call *c, Value *out) { return r_keys_values(c, out, 1); }

/* ---- partition-wise ---- */

static bool r_mappartitions_run(Call *c, Value *out) {
    if (!rdd_need_fn(c)) return false;
    Rdd *r = rdd_self(c);
    Value *parts = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof(Value));
    for (int p = 0; p < r->nparts; p++) {
        task_partition = p;
        Value *items, res;
        size_t n;
        Value it = part_iterator(c->I, r, p);
        bool ok = interp_call(c->I, c->argv[0], 1, &it, &res);
        val_decref(it);
        if (ok && !interp_iter_items(c->I, res, &items, &n)) {
            val_decref(res);
            ok = interp_throw(c->I, "error", "mapPartitions' function must return an iterator or collection");
        }
        if (!ok) { for (int q = 0; q < p; q++) val_decref(parts[q]); free(parts); return false; }
        val_decref(res);
        parts[p] = seq_new(SEQ_LIST, n);
        for (size_t i = 0; i < n; i++) seq_push(parts[p], items[i]);
        free(items);
    }
    *out = rdd_derived(c, "MapPartitionsRDD", parts, r->nparts);
    free(parts);
    return true;
}
static bool r_mappartitions(Call *c, Value *out) { bool ok = r_mappartitions_run(c, out); task_partition = -1; return ok; }

static bool r_foreachpartition_run(Call *c, Value *out) {
    if (!rdd_need_fn(c)) return false;
    Rdd *r = rdd_self(c);
    for (int p = 0; p < r->nparts; p++) {
        task_partition = p;
        Value it = part_iterator(c->I, r, p);
        bool ok = call_fn(c, it);
        val_decref(it);
        if (!ok) return false;
    }
    *out = v_unit();
    return true;
}
static bool r_foreachpartition(Call *c, Value *out) { bool ok = r_foreachpartition_run(c, out); task_partition = -1; return ok; }

static bool r_foreach_run(Call *c, Value *out) {
    if (!rdd_need_fn(c)) return false;
    Rdd *r = rdd_self(c);
    for (int p = 0; p < r->nparts; p++) {
        task_partition = p;
        SeqObj *s = as_seq(r->parts[p]);
        for (size_t i = 0; i < s->len; i++) {
            Value x = s->items[i];
            val_incref(x);
            bool ok = call_fn(c, x);
            val_decref(x);
            if (!ok) return false;
        }
    }
    *out = v_unit();
    return true;
}
static bool r_foreach(Call *c, Value *out) { bool ok = r_foreach_run(c, out); task_partition = -1; return ok; }

static bool r_glom(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    Value *items = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof(Value));
    for (int p = 0; p < r->nparts; p++) {
        SeqObj *s = as_seq(r->parts[p]);
        items[p] = seq_new(SEQ_ARRAY, s->len);
        for (size_t i = 0; i < s->len; i++) { val_incref(s->items[i]); seq_push(items[p], s->items[i]); }
    }
    Value *parts = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof(Value));
    for (int p = 0; p < r->nparts; p++) { parts[p] = seq_new(SEQ_LIST, 1); seq_push(parts[p], items[p]); }
    free(items);
    *out = rdd_derived(c, "MapPartitionsRDD", parts, r->nparts);
    free(parts);
    return true;
}

/* ---- actions ---- */

static bool r_count(Call *c, Value *out) {
    int64_t n;
    if (!rdd_lazy_count(c->I, rdd_peek(c->self), &n)) return false;
    *out = v_long(n);
    return true;
}
static bool r_isempty(Call *c, Value *out) {
    bool empty;
    if (!rdd_lazy_is_empty(c->I, rdd_peek(c->self), &empty)) return false;
    *out = v_bool(empty);
    return true;
}
static bool r_collect(Call *c, Value *out) {
    if (c->argc == 1) {   /* collect(pf): a transformation */
        c->data = (const void *)(intptr_t)EW_COLLECT;
        return r_elementwise(c, out);
    }
    size_t n;
    Value *items = rdd_items(rdd_self(c), &n);
    Value a = seq_new(SEQ_ARRAY, n);
    for (size_t i = 0; i < n; i++) seq_push(a, items[i]);
    free(items);
    *out = a;
    return true;
}
static bool r_take(Call *c, Value *out) {
    int64_t k;
    if (!arg_long(c, 0, &k)) return false;
    size_t n;
    Value *items = rdd_items(rdd_self(c), &n);
    Value a = seq_new(SEQ_ARRAY, 0);
    for (size_t i = 0; i < n; i++) {
        if ((int64_t)i < k) seq_push(a, items[i]);
        else val_decref(items[i]);
    }
    free(items);
    *out = a;
    return true;
}
static bool r_first(Call *c, Value *out) {
    size_t n;
    Value *items = rdd_items(rdd_self(c), &n);
    if (!n) { free(items); return interp_throw(c->I, "java.lang.UnsupportedOperationException", "empty collection"); }
    *out = items[0];
    for (size_t i = 1; i < n; i++) val_decref(items[i]);
    free(items);
    return true;
}

/* Runs a method of the collection library on the RDD's elements as a List. */
bool rdd_via_list(Call *c, const char *method, int argc, Value *argv, Value *out) {
    size_t n;
    Value *items = rdd_items(rdd_self(c), &n);
    Value list = seq_new(SEQ_LIST, n);
    for (size_t i = 0; i < n; i++) seq_push(list, items[i]);
    free(items);
    Value fn;
    /* look the method up through a select on the list: call it as list.method(args) */
    bool ok = interp_call_method(c->I, list, method, argc, argv, &fn);
    val_decref(list);
    if (ok) *out = fn;
    return ok;
}
static bool r_reduce(Call *c, Value *out) {
    if (!rdd_need_fn(c)) return false;
    if (rdd_count(rdd_self(c)) == 0) return interp_throw(c->I, "java.lang.UnsupportedOperationException", "empty collection");
    return rdd_via_list(c, "reduce", 1, c->argv, out);
}
static bool r_sum(Call *c, Value *out) {
    Value s;
    if (!rdd_via_list(c, "sum", 0, NULL, &s)) return false;
    *out = s.t == T_INT ? v_double(s.u.i) : s.t == T_LONG ? v_double((double)s.u.l) : s;
    return true;
}
static bool r_max(Call *c, Value *out) { return rdd_via_list(c, "max", 0, NULL, out); }
static bool r_min(Call *c, Value *out) { return rdd_via_list(c, "min", 0, NULL, out); }
static bool r_mean(Call *c, Value *out) {
    Value s;
    size_t n = rdd_count(rdd_self(c));
    if (!rdd_via_list(c, "sum", 0, NULL, &s)) return false;
    double d = s.t == T_INT ? s.u.i : s.t == T_LONG ? (double)s.u.l : s.t == T_DOUBLE ? s.u.d : 0;
    val_decref(s);
    *out = v_double(n ? d / (double)n : 0.0 / 0.0);
    return true;
}
static bool r_fold(Call *c, Value *out) { return rdd_via_list(c, "foldLeft", 1, c->argv, out); }

/* countByKey (by_key) and countByValue: as Spark, the counts reduced by key (reduceByKey's order),
 * collected and made a Map with toMap (a Scala immutable Map's order). */
static bool count_by(Call *c, bool by_key, Value *out) {
    Rdd *r = rdd_self(c);
    Value counts = map_new(MAP_SCALA, false);
    for (int p = 0; p < r->nparts; p++) {
        SeqObj *s = as_seq(r->parts[p]);
        for (size_t i = 0; i < s->len; i++) {
            Value k = s->items[i], v, cur;
            if (by_key && !rdd_pair_parts(c->I, k, &k, &v)) { val_decref(counts); return false; }
            int64_t cnt = map_get(counts, k, &cur) ? cur.u.l : 0;
            val_incref(k);
            map_put(counts, k, v_long(cnt + 1));
        }
    }
    int np = r->nparts ? r->nparts : 1;
    Value *parts = malloc((size_t)np * sizeof *parts);
    rdd_shuffle_keys(r, by_key, true, np, parts);
    size_t nkeys = as_map(counts)->len, k = 0;
    Value *keys = malloc((nkeys ? nkeys : 1) * sizeof *keys);
    int32_t *h = malloc((nkeys ? nkeys : 1) * sizeof *h);
    size_t *order = malloc((nkeys ? nkeys : 1) * sizeof *order);
    for (int p = 0; p < np; p++) {
        SeqObj *s = as_seq(parts[p]);
        for (size_t i = 0; i < s->len && k < nkeys; i++) { keys[k] = s->items[i]; h[k] = scala_hash(keys[k]); k++; }
    }
    scala_hashmap_order(h, k, order);
    Value m = map_new(MAP_SCALA, false);
    for (size_t i = 0; i < k; i++) {
        Value cnt;
        map_get(counts, keys[order[i]], &cnt);
        val_incref(keys[order[i]]);
        map_put(m, keys[order[i]], cnt);
    }
    for (int p = 0; p < np; p++) val_decref(parts[p]);
    free(parts); free(keys); free(h); free(order);
    val_decref(counts);
    as_map(m)->general = true;     /* Spark's result type: scala.collection.Map[K, Long] */
    *out = m;
    return true;
}
static bool r_countbyvalue(Call *c, Value *out) { return count_by(c, false, out); }
static bool r_countbykey(Call *c, Value *out) { return count_by(c, true, out); }
static bool r_collectasmap(Call *c, Value *out) {
    size_t n;
    Value *items = rdd_items(rdd_self(c), &n);
    Value m = map_new(MAP_SCALA, false);
    for (size_t i = 0; i < n; i++) {
        Value k, v;
        if (!rdd_pair_parts(c->I, items[i], &k, &v)) { interp_free_items(items, n); val_decref(m); return false; }
        val_incref(k); val_incref(v);
        map_put(m, k, v);
    }
    interp_free_items(items, n);
    /* Spark's collectAsMap: a mutable.HashMap (typed scala.collection.Map) in its table's order */
    MapObj *mo = as_map(m);
    size_t nk = 0, *order = malloc((mo->len ? mo->len : 1) * sizeof *order);
    int32_t *h = malloc((mo->len ? mo->len : 1) * sizeof *h);
    MapEntry **es = malloc((mo->len ? mo->len : 1) * sizeof *es);
    for (size_t i = 0; i < mo->used; i++)
        if (mo->entries[i].live) { es[nk] = &mo->entries[i]; h[nk++] = scala_hash(mo->entries[i].key); }
    scala_mutable_hashmap_order(h, nk, order);
    Value res = map_new(MAP_MUTABLE, false);
    for (size_t i = 0; i < nk; i++) {
        val_incref(es[order[i]]->key); val_incref(es[order[i]]->val);
        map_put(res, es[order[i]]->key, es[order[i]]->val);
    }
    free(order); free(h); free(es);
    val_decref(m);
    as_map(res)->general = true;
    *out = res;
    return true;
}

/* top(n): the n largest, descending; takeOrdered(n): the n smallest, ascending */
static bool ordered_take(Call *c, Value *out, bool desc) {
    int64_t k;
    if (!arg_long(c, 0, &k)) return false;
    Value sorted;   /* by the ordering given (top(n)(ord)), else the elements' own */
    if (!rdd_via_list(c, "sorted", c->argc - 1, c->argv + 1, &sorted)) return false;
    SeqObj *s = as_seq(sorted);
    Value a = seq_new(SEQ_ARRAY, 0);
    for (size_t i = 0; i < s->len && (int64_t)i < k; i++) {
        Value x = s->items[desc ? s->len - 1 - i : i];
        val_incref(x);
        seq_push(a, x);
    }
    val_decref(sorted);
    *out = a;
    return true;
}
static bool r_top(Call *c, Value *out) { return ordered_take(c, out, true); }
static bool r_takeordered(Call *c, Value *out) { return ordered_take(c, out, false); }

/* ---- misc ---- */

static bool r_self(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }

/* persist(level) / cache(): the level is recorded (RDDs are in memory here anyway); as Spark, an
 * RDD's level cannot change once assigned; unpersist() sets it back to NONE. */
static bool r_persist(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    int level = STORAGE_MEMORY_ONLY;
    if (c->argc == 1 && (level = storage_level_of(c->argv[0])) < 0)
        return interp_throw(c->I, "error", "type mismatch: persist needs a StorageLevel (StorageLevel.MEMORY_ONLY …)");
    if (r->storage != STORAGE_NONE && r->storage != level)
        return interp_throw(c->I, "java.lang.UnsupportedOperationException",
                            "Cannot change storage level of an RDD after it was already assigned a level");
    r->storage = r->node->storage = level;
    return r_self(c, out);
}
static bool r_unpersist(Call *c, Value *out) {
    rdd_self(c)->storage = rdd_self(c)->node->storage = STORAGE_NONE;
    return r_self(c, out);
}
static bool r_setname(Call *c, Value *out) {
    const char *name;
    if (!arg_string(c, 0, &name)) return false;
    RddNode *n = rdd_self(c)->node;
    free(n->name);
    n->name = strdup(name);
    return r_self(c, out);
}
static bool r_name(Call *c, Value *out) {
    const char *name = rdd_self(c)->node->name;
    *out = name ? str_new(name, strlen(name)) : v_null();
    return true;
}
void rdd_set_name(Value rdd, const char *name) {
    RddNode *n = rdd_get(rdd)->node;
    free(n->name);
    n->name = strdup(name);
}
void rdd_insert_hidden_parent(Value rdd, const char *kind) {
    Rdd *r = rdd_get(rdd);
    RddNode *h = node_new(r->id, kind, r->origin, r->nparts);
    r->id = r->node->id = next_rdd_id++;
    node_add_parent(r->node, h);
    node_release(h);
}

/* cartesian: every pair (a, b), partition i * b.nparts + j holding a's partition i by b's j. */
static bool r_cartesian(Call *c, Value *out) {
    Rdd *a = rdd_self(c), *b = c->argc ? rdd_get(c->argv[0]) : NULL;
    if (!b) return interp_throw(c->I, "error", "type mismatch: cartesian needs an RDD");
    int np = a->nparts * b->nparts;
    Value *parts = malloc(((size_t)a->nparts * (size_t)b->nparts + 1) * sizeof *parts);
    for (int i = 0; i < a->nparts; i++)
        for (int j = 0; j < b->nparts; j++) {
            SeqObj *x = as_seq(a->parts[i]), *y = as_seq(b->parts[j]);
            Value part = seq_new(SEQ_LIST, x->len * y->len);
            for (size_t p = 0; p < x->len; p++)
                for (size_t q = 0; q < y->len; q++) {
                    Value kv[2] = {x->items[p], y->items[q]};
                    val_incref(kv[0]); val_incref(kv[1]);
                    seq_push(part, tuple_new(2, kv));
                }
            parts[i * b->nparts + j] = part;
        }
    *out = rdd_derived(c, "CartesianRDD", parts, np);
    free(parts);
    char *ta = rdd_elem_type(c->I, a), *tb = rdd_elem_type(c->I, b);
    rdd_set_elem_type(*out, "(%s, %s)%s", ta, tb, "");
    free(ta); free(tb);
    return true;
}

/* zip: partition by partition, element by element; as Spark, the partition counts must agree
 * (at once) and each partition's sizes (when the job runs). */
static bool r_zip(Call *c, Value *out) {
    Rdd *a = rdd_self(c), *b = c->argc ? rdd_get(c->argv[0]) : NULL;
    if (!b) return interp_throw(c->I, "error", "type mismatch: zip needs an RDD");
    if (a->nparts != b->nparts)
        return interp_throw(c->I, "java.lang.IllegalArgumentException",
                            "Can't zip RDDs with unequal numbers of partitions: List(%d, %d)", a->nparts, b->nparts);
    for (int p = 0; p < a->nparts; p++)
        if (as_seq(a->parts[p])->len != as_seq(b->parts[p])->len)
            return interp_throw(c->I, "org.apache.spark.SparkException",
                                "Can only zip RDDs with same number of elements in each partition");
    Value *parts = malloc(((size_t)a->nparts + 1) * sizeof *parts);
    for (int p = 0; p < a->nparts; p++) {
        SeqObj *x = as_seq(a->parts[p]), *y = as_seq(b->parts[p]);
        parts[p] = seq_new(SEQ_LIST, x->len);
        for (size_t i = 0; i < x->len; i++) {
            Value kv[2] = {x->items[i], y->items[i]};
            val_incref(kv[0]); val_incref(kv[1]);
            seq_push(parts[p], tuple_new(2, kv));
        }
    }
    *out = rdd_derived(c, "ZippedPartitionsRDD2", parts, a->nparts);
    free(parts);
    char *ta = rdd_elem_type(c->I, a), *tb = rdd_elem_type(c->I, b);
    rdd_set_elem_type(*out, "(%s, %s)%s", ta, tb, "");
    free(ta); free(tb);
    return true;
}
static bool r_storagelevel(Call *c, Value *out) { *out = storage_level_value(rdd_self(c)->storage); return true; }
static bool r_numparts(Call *c, Value *out) { *out = v_int(rdd_self(c)->nparts); return true; }
static bool r_partitions(Call *c, Value *out) {
    Rdd *r = rdd_self(c);
    Value a = seq_new(SEQ_ARRAY, (size_t)r->nparts);
    for (int p = 0; p < r->nparts; p++) seq_push(a, v_int(p));
    *out = a;
    return true;
}
static bool r_id(Call *c, Value *out) { *out = v_int(rdd_self(c)->id); return true; }
static bool r_context(Call *c, Value *out) { *out = spark_context(c->I); val_incref(*out); return true; }
/* toDebugString as Spark's RDD.toDebugString: the lineage, one RDD a line (name, kind[id], call
 * site, [storage]); a shuffle dependency opens a "+-(n)" branch, a narrow one continues with " |". */
static bool dep_is_shuffle(const RddNode *child) {
    return !strcmp(child->kind, "ShuffledRDD") || !strcmp(child->kind, "CoGroupedRDD") ||
           !strcmp(child->kind, "SubtractedRDD");
}
static void debug_self(StrBuf *sb, const RddNode *n) {
    sb_printf(sb, "%s%s%s[%d] at %s [%s]", n->name ? n->name : "", n->name ? " " : "", n->kind, n->id,
              n->origin ? n->origin : "<console>", n->storage ? storage_level_description(n->storage) : "");
}
static void debug_node(StrBuf *sb, const RddNode *n, const char *prefix, bool shuffle, bool last, int depth);
static void debug_children(StrBuf *sb, const RddNode *n, const char *prefix, int depth) {
    for (int i = 0; i < n->nparents; i++)
        debug_node(sb, n->parents[i], prefix, dep_is_shuffle(n), i == n->nparents - 1, depth + 1);
}
static void debug_node(StrBuf *sb, const RddNode *n, const char *prefix, bool shuffle, bool last, int depth) {
    if (depth > 200) return;
    char ps[16];
    snprintf(ps, sizeof ps, "(%d)", n->nparts);
    int plen = (int)strlen(ps), left = (plen - 1) / 2;
    StrBuf next; sb_init(&next);
    if (!shuffle) {
        sb_printf(sb, "\n%s", prefix);
        debug_self(sb, n);
        sb_puts(&next, prefix);
    } else {
        size_t tl = strlen(prefix);   /* the prefix without a trailing "|" and spaces */
        while (tl > 0 && prefix[tl - 1] == ' ') tl--;
        if (tl > 0 && prefix[tl - 1] == '|') tl--;
        else tl = strlen(prefix);
        sb_printf(sb, "\n%.*s+-%s ", (int)tl, prefix, ps);
        debug_self(sb, n);
        sb_printf(&next, "%.*s%s%*s|%*s", (int)tl, prefix, last ? "  " : "| ", left, "", plen - left, "");
    }
    char *np = sb_take(&next);
    debug_children(sb, n, np, depth);
    free(np);
}
static bool r_debugstring(Call *c, Value *out) {
    const RddNode *n = rdd_self(c)->node;
    char ps[16];
    snprintf(ps, sizeof ps, "(%d)", n->nparts);
    int plen = (int)strlen(ps), left = (plen - 1) / 2;
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "%s ", ps);
    debug_self(&sb, n);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%*s|%*s", left, "", plen - left, "");
    debug_children(&sb, n, prefix, 0);
    char *t = sb_take(&sb);
    *out = str_new(t, strlen(t));
    free(t);
    return true;
}

static bool r_offsetranges(Call *c, Value *out) {
    Rdd *r = rdd_peek(c->self);
    if (r->meta.t == T_UNIT)
        return interp_throw(c->I, "java.lang.ClassCastException", "org.apache.spark.rdd.%s cannot be cast to "
                            "org.apache.spark.streaming.kafka010.HasOffsetRanges (only the RDDs of a Kafka direct "
                            "stream have offset ranges)", r->kind);
    val_incref(r->meta);
    *out = r->meta;
    return true;
}

/* mkdir -p: Hadoop's FileSystem.mkdirs makes the missing parents of an output directory. */
static int mkdirs(const char *path) {
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(buf, 0777);
}

/* saveAsTextFile(path): a directory of part-NNNNN files, one element's toString per line. */
static bool r_saveastextfile(Call *c, Value *out) {
    const char *path;
    if (!arg_string(c, 0, &path)) return false;
    struct stat st;
    if (stat(path, &st) == 0)
        return interp_throw(c->I, "org.apache.hadoop.mapred.FileAlreadyExistsException", "Output directory file:%s already exists", path);
    next_rdd_id++;             /* Spark maps the partitions to text first: a MapPartitionsRDD */
    if (mkdirs(path) != 0)
        return interp_throw(c->I, "java.io.IOException", "cannot create %s: %s", path, strerror(errno));
    Rdd *r = rdd_self(c);
    for (int p = 0; p < r->nparts; p++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/part-%05d", path, p);
        FILE *f = fopen(file, "w");
        if (!f) return interp_throw(c->I, "java.io.IOException", "cannot write %s: %s", file, strerror(errno));
        SeqObj *s = as_seq(r->parts[p]);
        for (size_t i = 0; i < s->len; i++) {
            char *line = val_to_string(c->I, s->items[i]);
            fprintf(f, "%s\n", line);
            free(line);
        }
        fclose(f);
    }
    char file[4096];
    snprintf(file, sizeof file, "%s/_SUCCESS", path);
    FILE *f = fopen(file, "w");
    if (f) fclose(f);
    hadoop_crc_tree(path);     /* the hidden .part-NNNNN.crc, ._SUCCESS.crc Hadoop's writer leaves */
    *out = v_unit();
    return true;
}

static const MethodDef rdd_methods[] = {
    METHOD_DATA("map", r_elementwise, EW_MAP, 1, 1, "def map[U](f: T => U): RDD[U]", "Applies f to every element."),
    METHOD_DATA("filter", r_elementwise, EW_FILTER, 1, 1, "def filter(f: T => Boolean): RDD[T]", "The elements satisfying f."),
    METHOD_DATA("flatMap", r_elementwise, EW_FLATMAP, 1, 1, "def flatMap[U](f: T => TraversableOnce[U]): RDD[U]", "Applies f and flattens the results."),
    METHOD_DATA("mapValues", r_elementwise, EW_MAPVALUES, 1, 1, "def mapValues[U](f: V => U): RDD[(K, U)]", "Applies f to the value of every pair."),
    METHOD_DATA("flatMapValues", r_elementwise, EW_FLATMAPVALUES, 1, 1, "def flatMapValues[U](f: V => TraversableOnce[U]): RDD[(K, U)]", "Applies f to every value and flattens, keeping the key."),
    METHOD("keys", r_keys, 0, 0, "def keys: RDD[K]", "The keys of the pairs."),
    METHOD("values", r_values, 0, 0, "def values: RDD[V]", "The values of the pairs."),
    METHOD("mapPartitions", r_mappartitions, 1, 2, "def mapPartitions[U](f: Iterator[T] => Iterator[U]): RDD[U]", "Applies f to each partition's iterator."),
    METHOD("foreach", r_foreach, 1, 1, "def foreach(f: T => Unit): Unit", "Applies f to every element."),
    METHOD("foreachPartition", r_foreachpartition, 1, 1, "def foreachPartition(f: Iterator[T] => Unit): Unit", "Applies f to each partition's iterator (a Kafka RDD has one partition per topic partition)."),
    METHOD("glom", r_glom, 0, 0, "def glom(): RDD[Array[T]]", "Each partition as an array."),
    METHOD("count", r_count, 0, 0, "def count(): Long", "The number of elements."),
    METHOD("isEmpty", r_isempty, 0, 0, "def isEmpty(): Boolean", "Whether there are no elements."),
    METHOD("collect", r_collect, 0, 1, "def collect(): Array[T]", "All elements, in partition order; collect(pf: PartialFunction[T, U]): RDD[U], the elements pf is defined at, mapped by it."),
    METHOD("take", r_take, 1, 1, "def take(num: Int): Array[T]", "The first num elements."),
    METHOD("first", r_first, 0, 0, "def first(): T", "The first element."),
    METHOD("reduce", r_reduce, 1, 1, "def reduce(f: (T, T) => T): T", "Combines the elements with f."),
    METHOD("fold", r_fold, 1, 1, "def fold(zeroValue: T)(op: (T, T) => T): T", "Folds the elements starting with zeroValue."),
    METHOD("sum", r_sum, 0, 0, "def sum(): Double", "The sum of the elements."),
    METHOD("mean", r_mean, 0, 0, "def mean(): Double", "The mean of the elements."),
    METHOD("max", r_max, 0, 0, "def max(): T", "The largest element."),
    METHOD("min", r_min, 0, 0, "def min(): T", "The smallest element."),
    METHOD("countByValue", r_countbyvalue, 0, 0, "def countByValue(): Map[T, Long]", "How many times each value occurs."),
    METHOD("countByKey", r_countbykey, 0, 0, "def countByKey(): Map[K, Long]", "How many pairs each key has."),
    METHOD("collectAsMap", r_collectasmap, 0, 0, "def collectAsMap(): Map[K, V]", "The pairs as a Map."),
    METHOD("top", r_top, 1, 2, "def top(num: Int)(implicit ord: Ordering[T]): Array[T]", "The num largest elements, largest first."),
    METHOD("takeOrdered", r_takeordered, 1, 2, "def takeOrdered(num: Int)(implicit ord: Ordering[T]): Array[T]", "The num smallest elements, smallest first."),
    METHOD("reduceByKey", rdd_r_reducebykey, 1, 2, "def reduceByKey(func: (V, V) => V): RDD[(K, V)]", "Combines the values of each key with func."),
    METHOD("groupByKey", rdd_r_groupbykey, 0, 1, "def groupByKey(): RDD[(K, Iterable[V])]", "The values of each key together."),
    METHOD("combineByKey", rdd_r_combinebykey, 3, 4, "def combineByKey[C](createCombiner: V => C, mergeValue: (C, V) => C, mergeCombiners: (C, C) => C, numPartitions: Int): RDD[(K, C)]", "Each key's values combined: a combiner per partition, then the combiners merged."),
    METHOD_DATA("aggregateByKey", rdd_r_aggregatebykey, 0, 1, 2, "def aggregateByKey[U](zeroValue: U, numPartitions: Int)(seqOp: (U, V) => U, combOp: (U, U) => U): RDD[(K, U)]", "Each key's values folded into zeroValue per partition (seqOp), the partitions' results merged (combOp)."),
    METHOD_DATA("foldByKey", rdd_r_aggregatebykey, 1, 1, 2, "def foldByKey(zeroValue: V, numPartitions: Int)(func: (V, V) => V): RDD[(K, V)]", "Each key's values folded with func from zeroValue (per partition, then merged)."),
    METHOD("groupBy", rdd_r_groupby, 1, 2, "def groupBy[K](f: T => K): RDD[(K, Iterable[T])]", "The elements grouped by f's result."),
    METHOD("distinct", rdd_r_distinct, 0, 1, "def distinct(): RDD[T]", "The elements without duplicates."),
    METHOD("union", rdd_r_union, 1, 1, "def union(other: RDD[T]): RDD[T]", "The elements of both RDDs."),
    METHOD("++", rdd_r_union, 1, 1, "def ++(other: RDD[T]): RDD[T]", "The elements of both RDDs."),
    METHOD_DATA("join", rdd_r_join, J_INNER, 1, 2, "def join[W](other: RDD[(K, W)], numPartitions: Int): RDD[(K, (V, W))]", "Pairs with equal keys: (k, (v, w)) for every v and w of a key both sides have."),
    METHOD_DATA("leftOuterJoin", rdd_r_join, J_LEFT, 1, 2, "def leftOuterJoin[W](other: RDD[(K, W)], numPartitions: Int): RDD[(K, (V, Option[W]))]", "Every pair of this RDD, with Some(w) for each w of its key in other, or None."),
    METHOD_DATA("rightOuterJoin", rdd_r_join, J_RIGHT, 1, 2, "def rightOuterJoin[W](other: RDD[(K, W)], numPartitions: Int): RDD[(K, (Option[V], W))]", "Every pair of other, with Some(v) for each v of its key here, or None."),
    METHOD_DATA("fullOuterJoin", rdd_r_join, J_FULL, 1, 2, "def fullOuterJoin[W](other: RDD[(K, W)], numPartitions: Int): RDD[(K, (Option[V], Option[W]))]", "Every key of either side, with None where a side lacks it."),
    METHOD_DATA("cogroup", rdd_r_join, J_COGROUP, 1, 2, "def cogroup[W](other: RDD[(K, W)], numPartitions: Int): RDD[(K, (Iterable[V], Iterable[W]))]", "For every key of either side, the values of each side."),
    METHOD_DATA("subtract", rdd_r_subtract, 1, 1, 2, "def subtract(other: RDD[T], numPartitions: Int): RDD[T]", "The elements not in other (duplicates kept)."),
    METHOD_DATA("subtractByKey", rdd_r_subtract, 0, 1, 2, "def subtractByKey[W](other: RDD[(K, W)], numPartitions: Int): RDD[(K, V)]", "The pairs whose key other does not have."),
    METHOD("intersection", rdd_r_intersection, 1, 2, "def intersection(other: RDD[T], numPartitions: Int): RDD[T]", "The distinct elements both RDDs have."),
    METHOD("partitionBy", rdd_r_partitionby, 1, 1, "def partitionBy(partitioner: Partitioner): RDD[(K, V)]", "The pairs repartitioned by key (new HashPartitioner(n))."),
    METHOD("sortBy", rdd_r_sortby, 1, 3, "def sortBy[K](f: T => K, ascending: Boolean = true, numPartitions: Int = this.partitions.length): RDD[T]", "The elements ordered by f."),
    METHOD("sortByKey", rdd_r_sortbykey, 0, 2, "def sortByKey(ascending: Boolean = true): RDD[(K, V)]", "The pairs ordered by key."),
    METHOD("repartition", rdd_r_repartition, 1, 1, "def repartition(numPartitions: Int): RDD[T]", "The elements in numPartitions partitions."),
    METHOD("coalesce", rdd_r_repartition, 1, 2, "def coalesce(numPartitions: Int): RDD[T]", "The elements in numPartitions partitions."),
    METHOD("zipWithIndex", rdd_r_zipwithindex, 0, 0, "def zipWithIndex(): RDD[(T, Long)]", "Each element with its index."),
    METHOD("cache", r_persist, 0, 0, "def cache(): this.type", "Persists the RDD with MEMORY_ONLY (RDDs are kept in memory here anyway)."),
    METHOD("persist", r_persist, 0, 1, "def persist(newLevel: StorageLevel = StorageLevel.MEMORY_ONLY): this.type", "Records the storage level (RDDs are kept in memory here anyway)."),
    METHOD("unpersist", r_unpersist, 0, 1, "def unpersist(blocking: Boolean = false): this.type", "Sets the storage level back to NONE."),
    METHOD("getStorageLevel", r_storagelevel, 0, 0, "def getStorageLevel: StorageLevel", "The storage level set by persist or cache."),
    METHOD("setName", r_setname, 1, 1, "def setName(name: String): this.type", "Names the RDD (shown before its kind)."),
    METHOD("name", r_name, 0, 0, "def name: String", "The name set by setName (textFile: the path), or null."),
    METHOD("cartesian", r_cartesian, 1, 1, "def cartesian[U](other: RDD[U]): RDD[(T, U)]", "Every pair of an element of this RDD and one of other."),
    METHOD("zip", r_zip, 1, 1, "def zip[U](other: RDD[U]): RDD[(T, U)]", "The elements paired in order (same partitions, same sizes)."),
    METHOD("getNumPartitions", r_numparts, 0, 0, "def getNumPartitions: Int", "The number of partitions."),
    METHOD("partitions", r_partitions, 0, 0, "def partitions: Array[Partition]", "The partitions."),
    METHOD("id", r_id, 0, 0, "def id: Int", "The RDD's id."),
    METHOD("context", r_context, 0, 0, "def context: SparkContext", "The SparkContext."),
    METHOD("sparkContext", r_context, 0, 0, "def sparkContext: SparkContext", "The SparkContext."),
    METHOD("toDebugString", r_debugstring, 0, 0, "def toDebugString: String", "A description of the RDD."),
    METHOD("offsetRanges", r_offsetranges, 0, 0, "def offsetRanges: Array[OffsetRange]", "The Kafka offset ranges this RDD holds (rdd.asInstanceOf[HasOffsetRanges].offsetRanges)."),
    METHOD("saveAsTextFile", r_saveastextfile, 1, 1, "def saveAsTextFile(path: String): Unit", "Writes each element's text, one per line, into part files under path."),
};
HostClass rdd_class = {.name = "RDD", .qualified = "org.apache.spark.rdd.RDD",
                       .doc = "A Resilient Distributed Dataset: a partitioned collection of elements.",
                       .doc_url = RDD_DOC, HOST_METHODS(rdd_methods),
                       .finalize = rdd_finalize, .traverse = rdd_traverse, .to_string = rdd_to_string,
                       .type_name = rdd_type,
                       .aliases = (const char *const[]){"HasOffsetRanges", "org.apache.spark.streaming.kafka010.HasOffsetRanges",
                                                        "PairRDDFunctions", NULL}};

/* ---- reading text ---- */

static bool add_file_lines(Interp *I, const char *path, Value **items, size_t *n, size_t *cap) {
    FILE *f = fopen(path, "r");
    if (!f) return interp_throw(I, "java.io.FileNotFoundException", "%s (%s)", path, strerror(errno));
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        if (*n == *cap) { *cap = *cap ? *cap * 2 : 64; *items = realloc(*items, *cap * sizeof(Value)); }
        (*items)[(*n)++] = str_new(line, (size_t)len);
    }
    free(line);
    fclose(f);
    return true;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The lines of a file, or of every visible file in a directory (sorted by name). */
bool spark_read_lines(Interp *I, const char *path, Value **items, size_t *n) {
    struct stat st;
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    if (stat(path, &st) != 0)
        return interp_throw(I, "org.apache.hadoop.mapred.InvalidInputException", "Input path does not exist: file:%s", path);
    if (!S_ISDIR(st.st_mode)) return add_file_lines(I, path, items, n, &cap);
    DIR *d = opendir(path);
    if (!d) return interp_throw(I, "java.io.IOException", "cannot read %s: %s", path, strerror(errno));
    char **names = NULL;
    size_t nn = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || e->d_name[0] == '_') continue;
        names = realloc(names, (nn + 1) * sizeof(char *));
        names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    if (nn > 1) qsort(names, nn, sizeof(char *), cmp_names);   /* an empty directory: names is NULL */
    bool ok = true;
    for (size_t i = 0; i < nn; i++) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        struct stat fs;
        if (ok && stat(full, &fs) == 0 && S_ISREG(fs.st_mode)) ok = add_file_lines(I, full, items, n, &cap);
        free(names[i]);
    }
    free(names);
    if (!ok) { interp_free_items(*items, *n); *items = NULL; *n = 0; }
    return ok;
}
