/* rdd_source.c — lazy RDDs: an RDD whose partitions a source computes when a job reads them (a
 * KafkaRDD fetching its offset ranges, a map over it running its function), as Spark's RDDs do.
 * rdd_get materialises such an RDD for the operations that read r->parts; count, isEmpty,
 * map/filter/flatMap and spark.read.json go partition by partition instead (see spark.h).
 */
#include "spark/spark.h"

#include <stdlib.h>
#include <string.h>

void rdd_set_source(Value rdd, const RddSource *src) {
    Rdd *r = rdd_peek(rdd);
    for (int i = 0; i < r->nparts; i++) val_decref(r->parts[i]);
    free(r->parts);
    r->parts = NULL;
    r->source = malloc(sizeof *r->source);
    *r->source = *src;
}

Value rdd_make_lazy(Interp *I, const char *kind, const char *origin, int nparts, const RddSource *src) {
    Value *units = calloc((size_t)(nparts ? nparts : 1), sizeof *units);
    for (int i = 0; i < nparts; i++) units[i] = v_unit();
    Value v = rdd_make(I, kind, origin, units, nparts);
    free(units);
    rdd_set_source(v, src);
    return v;
}

bool rdd_is_lazy(const Rdd *r) { return r && r->source && !r->parts; }

/* Drops a materialised RDD's source (the parent it keeps alive). */
static void source_free(Rdd *r) {
    if (!r->source) return;
    if (r->source->free) r->source->free(r->source->ctx);
    free(r->source);
    r->source = NULL;
}

bool rdd_partition(Interp *I, Rdd *r, int p, size_t limit, Value *out) {
    if (!rdd_is_lazy(r)) {
        *out = r->parts[p];
        val_incref(*out);
        return true;
    }
    return r->source->compute(I ? I : r->source->I, r->source->ctx, p, limit, out);
}

void rdd_prefetch(Rdd *r, int p, int64_t at) {
    if (rdd_is_lazy(r) && r->source->prefetch && p >= 0 && p <= r->nparts) r->source->prefetch(r->source->ctx, p, at);
}

int rdd_partition_texts(Interp *I, Rdd *r, int p, int64_t at, RddTexts *out) {
    *out = (RddTexts){.next = -1};
    if (!rdd_is_lazy(r) || !r->source->texts) return 0;
    return r->source->texts(I ? I : r->source->I, r->source->ctx, p, at, out);
}
void rdd_texts_free(RddTexts *t) {
    free(t->s);
    free(t->len);
    if (t->free_owner) t->free_owner(t->owner);
    *t = (RddTexts){.next = -1};
}

bool rdd_materialise(Interp *I, Rdd *r) {
    if (!rdd_is_lazy(r)) return true;
    Value *parts = malloc((size_t)(r->nparts ? r->nparts : 1) * sizeof *parts);
    bool ok = true;
    for (int p = 0; p < r->nparts; p++)
        if (!ok || !(ok = r->source->compute(I ? I : r->source->I, r->source->ctx, p, SIZE_MAX, &parts[p])))
            parts[p] = seq_new(SEQ_LIST, 0);   /* the exception stays pending for the caller */
    r->parts = parts;
    source_free(r);
    return ok;
}

bool rdd_lazy_count(Interp *I, Rdd *r, int64_t *n) {
    *n = 0;
    if (!rdd_is_lazy(r)) { *n = (int64_t)rdd_count(r); return true; }
    for (int p = 0; p < r->nparts; p++) {
        int64_t k = r->source->count ? r->source->count(r->source->ctx, p) : -1;
        if (k < 0) {
            Value part;
            if (!rdd_partition(I, r, p, SIZE_MAX, &part)) return false;
            k = (int64_t)as_seq(part)->len;
            val_decref(part);
        }
        *n += k;
    }
    return true;
}

/* Spark's RDD.isEmpty is take(1): partitions in order until one has an element, each read as
 * far as needed (a KafkaRDD's own isEmpty reads nothing: its offset ranges say). */
bool rdd_lazy_is_empty(Interp *I, Rdd *r, bool *empty) {
    *empty = true;
    if (!rdd_is_lazy(r)) { *empty = rdd_count(r) == 0; return true; }
    for (int p = 0; p < r->nparts && *empty; p++) {
        int64_t k = r->source->count ? r->source->count(r->source->ctx, p) : -1;
        if (k >= 0) { *empty = k == 0; continue; }
        Value part;
        if (!rdd_partition(I, r, p, 1, &part)) return false;
        *empty = as_seq(part)->len == 0;
        val_decref(part);
    }
    return true;
}

/* For rdd.c's finalizer and traversal. */
void rdd_source_release(Rdd *r) { source_free(r); }
void rdd_source_traverse(Rdd *r, VisitFn visit, void *ctx) {
    if (r->source && r->source->traverse) r->source->traverse(r->source->ctx, visit, ctx);
}

/* The REPL's element type of a lazy RDD without a static one: not its elements' (that would run
 * the functions of its maps, which Spark's echo never does), so the hint or Any. */
char *rdd_lazy_elem_type(Interp *I, Rdd *r) {
    (void)I;
    return strdup(r->elem_hint ? r->elem_hint : "Any");
}
