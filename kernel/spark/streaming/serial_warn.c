/* serial_warn.c — the warning of issue 12 for closures that spark-shell 3.5 rejects. spark-shell
 * (and %spark submit, which runs its REPL) wraps every line in an object; a closure that uses a
 * name of the REPL's top level keeps its line's wrapper, which refers to the wrappers of the lines
 * it uses: the DStream vals, and through them the one holding the StreamingContext. Measured on
 * spark-shell 3.5 (Scala 2.12, tests/spark/corpus), a DStream function that uses a top-level name
 * (`batches += 1` on a REPL var, `addViews _` of a REPL def, a REPL val or accumulator):
 *   - with checkpointing on, fails at start() when the context's val is not @transient:
 *     NotSerializableException "DStream checkpointing has been enabled but the DStreams with
 *     their functions are not serializable" (foreachRDD's and transform's functions included);
 *   - when it runs in tasks (map, filter, updateStateByKey, mapWithState, reduce functions…),
 *     fails with "Task not serializable" unless the context's and the DStream vals are all
 *     @transient (a DStream refuses to be serialized outside a checkpoint).
 * Functions that use only their parameters and locals, and contexts made inside a def
 * (getOrCreate's createContext: no top-level val holds them) are fine and get no warning. */
#include <string.h>

#include "spark/streaming/streaming_internal.h"

typedef struct {
    Ssc *s;
    const char *ssc_name;       /* a top-level val holding the context, not @transient if any is */
    bool ssc_transient;
    struct { const char *name; const DStream *d; } ds[64];   /* the DStream vals not @transient */
    int nds;
} Holders;

/* resN: the REPL's results; no later line names them, so no wrapper reaches them */
static bool is_res(const char *name) {
    if (strncmp(name, "res", 3) || !name[3]) return false;
    for (const char *p = name + 3; *p; p++) if (*p < '0' || *p > '9') return false;
    return true;
}

static void find_holders(void *ctx, const char *name, Value v, bool transient) {
    Holders *h = ctx;
    if (v.t != T_HOST || is_res(name)) return;
    HostObj *o = as_host(v);
    if (o->cls == &ssc_class && ssc_get(v) == h->s) {
        if (!h->ssc_name || (h->ssc_transient && !transient)) { h->ssc_name = name; h->ssc_transient = transient; }
    } else if (o->cls == &dstream_class && ssc_get(ds_get(v)->ssc_v) == h->s && !transient && h->nds < 64) {
        h->ds[h->nds].name = name;
        h->ds[h->nds++].d = ds_get(v);
    }
}

/* A top-level val, not @transient, holding d or a stream d is computed from: the line of d's
 * function refers to it (its receiver), or to a line that does. */
static const char *held_upstream(const Holders *h, const DStream *d, int depth) {
    if (!d || depth > 1000) return NULL;
    for (int i = 0; i < h->nds; i++) if (h->ds[i].d == d) return h->ds[i].name;
    for (int k = 0; k < d->nparents; k++) {
        const char *n = held_upstream(h, ds_get(d->parents[k]), depth + 1);
        if (n) return n;
    }
    return NULL;
}

typedef struct { const Ssc *s; bool found; } LocalCtx;
static void local_ssc(void *ctx, Value v) {
    LocalCtx *l = ctx;
    if (v.t == T_HOST && as_host(v)->cls == &ssc_class && ssc_get(v) == l->s) l->found = true;
}

static void warn_fn(Interp *I, const Holders *h, bool checkpointing, Value fn, const DStream *d, bool driver_side,
                    const char *op, Value *seen, int *nseen) {
    bool task_side = !driver_side;
    if (fn.t == T_HOST && as_host(fn)->cls == &statespec_class) fn = statespec_fn(fn);
    if (fn.t != T_FUNC) return;
    for (int i = 0; i < *nseen; i++) if (seen[i].u.o == fn.u.o) return;
    if (*nseen < 64) seen[(*nseen)++] = fn;
    /* made inside a def that holds the context in a local (getOrCreate's createContext): the
     * def's line is older than any top-level val the context is given to later */
    LocalCtx l = {.s = h->s};
    interp_closure_locals(I, fn, local_ssc, &l);
    if (l.found) return;
    const char *names[4];
    int line = 0;
    int n = interp_closure_globals(I, fn, names, 4, &line);
    if (n == 0) return;
    if (checkpointing && !h->ssc_transient)
        interp_printf(I, 2, "warning: line %d: the function of %s uses `%s`, a name of the notebook's top level: "
                      "spark-shell serializes it with the REPL lines it comes from, the one holding the "
                      "StreamingContext `%s` included, and with checkpointing enabled start() fails there with "
                      "java.io.NotSerializableException: DStream checkpointing has been enabled but the DStreams "
                      "with their functions are not serializable. Declare the context `@transient val %s = ...`%s, "
                      "or use a function that needs only its parameters.\n",
                      line, op, names[0], h->ssc_name, h->ssc_name,
                      task_side ? " (and the DStream vals @transient too)" : "");
    else if (task_side && (!h->ssc_transient || held_upstream(h, d, 0)))
        interp_printf(I, 2, "warning: line %d: the function of %s uses `%s`, a name of the notebook's top level, and runs "
                      "in Spark's tasks: spark-shell ships it with the REPL lines it comes from, and the %s `%s` there "
                      "fails with org.apache.spark.SparkException: Task not serializable. Use a function value that "
                      "needs only its parameters (copy a value into a local val first), or declare the context "
                      "and the DStream vals @transient.\n",
                      line, op, names[0], h->ssc_transient ? "DStream" : "StreamingContext",
                      h->ssc_transient ? held_upstream(h, d, 0) : h->ssc_name);
    else if (!task_side && (!h->ssc_transient || held_upstream(h, d, 0))) {
        /* a driver-side function (foreachRDD, transform): its lambdas given to RDD operations
         * run in tasks, and ship the wrappers the same way */
        n = interp_closure_nested_globals(I, fn, names, 4, &line);
        if (n > 0)
            interp_printf(I, 2, "warning: line %d: a function inside %s's uses `%s`, a name of the notebook's top level, "
                          "and runs in Spark's tasks: spark-shell ships it with the REPL lines it comes from, and the %s "
                          "`%s` there fails with org.apache.spark.SparkException: Task not serializable. Copy the value "
                          "into a local val of the outer function first (`val seen = acc; rdd.foreach(x => seen.add(x))`).\n",
                          line, op, names[0], h->ssc_transient ? "DStream" : "StreamingContext",
                          h->ssc_transient ? held_upstream(h, d, 0) : h->ssc_name);
    }
}

void serial_warn(Interp *I, Value ssc_v) {
    Ssc *s = ssc_get(ssc_v);
    Holders h = {.s = s};
    interp_each_global(I, find_holders, &h);
    if (!h.ssc_name) return;                 /* the context lives in a def: nothing of the REPL holds it */
    bool checkpointing = s->checkpoint_dir != NULL;
    Value seen[64];
    int nseen = 0;
    for (int i = 0; i < s->noutputs; i++)
        if (s->outputs[i].kind == OUT_FOREACH)
            warn_fn(I, &h, checkpointing, s->outputs[i].fn, ds_get(s->outputs[i].stream), true, "foreachRDD", seen, &nseen);
    for (int i = 0; i < s->nstreams; i++) {
        DStream *d = ds_get(s->streams[i]);
        const char *op = d->cls ? d->cls : "a DStream operation";
        bool driver_side = d->kind == DS_TRANSFORM || d->kind == DS_TRANSFORMWITH;
        warn_fn(I, &h, checkpointing, d->fn, d, driver_side, op, seen, &nseen);
        if (d->kind != DS_UPDATESTATE) warn_fn(I, &h, checkpointing, d->fn2, d, driver_side, op, seen, &nseen);
        warn_fn(I, &h, checkpointing, d->fn3, d, driver_side, op, seen, &nseen);
    }
}
