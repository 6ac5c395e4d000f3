/* streaming_checkpoint.c — what a streaming context saves after every batch (the RDDs windows
 * still need, the state of stateful streams, each source's position) and how start() puts it
 * back; the encoding and the atomic file are checkpoint.c's. */
#include "spark/streaming/streaming_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "spark/streaming/checkpoint.h"

/* ---- checkpoints ----
 * After every batch the context saves what it cannot recompute: the RDDs that windows still
 * need (their parents' remembered batches), the state of stateful streams, and each source's
 * position (Kafka offsets). A restarted program rebuilds the same graph (getOrCreate runs its
 * creating function) and start() puts the saved data back, stream by stream, in creation order. */

static bool saves_batches(Ssc *s, int idx) {
    DStream *d = ds_get(s->streams[idx]);
    if (d->kind == DS_UPDATESTATE || d->kind == DS_REDUCEBYKEY_INV_WINDOW) return true;
    for (int i = idx + 1; i < s->nstreams; i++) {
        DStream *c = ds_get(s->streams[i]);
        if ((c->kind == DS_WINDOW || c->kind == DS_REDUCEBYKEY_INV_WINDOW) && c->nparents && ds_get(c->parents[0]) == d)
            return true;
    }
    return false;
}

bool ckpt_write(Interp *I, Ssc *s, int64_t t, char **why) {
    json_t *doc = json_pack("{s:I, s:I, s:I, s:[], s:[]}", "time", (json_int_t)t, "zero", (json_int_t)s->zero_ms,
                            "batch_ms", (json_int_t)s->batch_ms, "kinds", "streams");
    json_t *kinds = json_object_get(doc, "kinds"), *streams = json_object_get(doc, "streams");
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        json_array_append_new(kinds, json_string(d->cls));
        json_t *js = json_object();
        if (saves_batches(s, i)) {
            json_t *gen = json_array();
            for (int k = 0; k < d->ngen; k++) {
                Rdd *r = rdd_get(d->gen[k].rdd);
                json_t *parts = json_array();
                bool ok = true;
                for (int p = 0; p < r->nparts && ok; p++) {
                    json_t *pj = value_to_json(I, r->parts[p]);
                    if (pj) json_array_append_new(parts, pj);
                    else ok = false;
                }
                if (ok) json_array_append_new(gen, json_pack("{s:I, s:o}", "t", (json_int_t)d->gen[k].t, "parts", parts));
                else json_decref(parts);
            }
            json_object_set_new(js, "gen", gen);
        }
        if (d->kind == DS_MAPWITHSTATE && d->state.t != T_UNIT) {
            json_t *st = value_to_json(I, d->state);
            if (st) json_object_set_new(js, "state", st);
        }
        if (d->kind == DS_INPUT && d->src->ops->save) {
            json_t *src = d->src->ops->save(d->src);
            if (src) json_object_set_new(js, "source", src);
        }
        json_array_append_new(streams, js);
    }
    bool ok = checkpoint_save(s->checkpoint_dir, doc, why);
    json_decref(doc);
    return ok;
}

/* 1: restored (resume time in *t, the run's zero time in *zero), 0: no checkpoint, -1: error (*why). */
int ckpt_restore(Interp *I, Ssc *s, int64_t *t, int64_t *zero, char **why) {
    json_t *doc = checkpoint_load(s->checkpoint_dir, why);
    if (!doc) return *why ? -1 : 0;
    json_t *kinds = json_object_get(doc, "kinds"), *streams = json_object_get(doc, "streams");
    if (!json_is_array(kinds) || json_array_size(kinds) != (size_t)s->nstreams ||
        json_integer_value(json_object_get(doc, "batch_ms")) != s->batch_ms) {
        json_decref(doc);
        *why = strdup("it was written by a different program (other streams or batch interval); "
                      "delete the directory to start afresh");
        return -1;
    }
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        if (strcmp(json_string_value(json_array_get(kinds, (size_t)i)), d->cls)) {
            json_decref(doc);
            *why = strdup("its streams differ from this program's; delete the directory to start afresh");
            return -1;
        }
        json_t *js = json_array_get(streams, (size_t)i), *gen = json_object_get(js, "gen"), *x;
        size_t k;
        json_array_foreach(gen, k, x) {
            json_t *parts = json_object_get(x, "parts");
            size_t np = json_array_size(parts);
            Value *pv = malloc((np ? np : 1) * sizeof(Value));
            bool ok = true;
            for (size_t p = 0; p < np && ok; p++) {
                ok = value_from_json(json_array_get(parts, p), &pv[p]);
                if (!ok) for (size_t q = 0; q < p; q++) val_decref(pv[q]);
            }
            if (ok) {
                Value r = rdd_make(I, "CheckpointRDD", "checkpoint", pv, (int)np);
                gen_put(d, json_integer_value(json_object_get(x, "t")), r);
                val_decref(r);
            }
            free(pv);
        }
        json_t *st = json_object_get(js, "state");
        Value sv;
        if (st && value_from_json(st, &sv)) { val_decref(d->state); d->state = sv; }
        json_t *src = json_object_get(js, "source");
        if (src && d->kind == DS_INPUT && d->src->ops->restore && !d->src->ops->restore(d->src, I, src)) {
            json_decref(doc);
            *why = strdup("a source could not restore its position");
            return -1;
        }
    }
    *t = json_integer_value(json_object_get(doc, "time"));
    json_t *z = json_object_get(doc, "zero");
    *zero = json_is_integer(z) ? json_integer_value(z) : *t % s->batch_ms;
    json_decref(doc);
    return 1;
}

