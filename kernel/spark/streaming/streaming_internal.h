/* streaming_internal.h — what the files of the streaming layer share (streaming.c: contexts;
 * dstream_graph.c: the graph; batches.c: batches and the scheduler thread; dstream_ops.c: DStream
 * methods; dstream_state.c: updateStateByKey and mapWithState; streaming_checkpoint.c:
 * checkpoints; duration.c: Duration and Time). Nothing outside kernel/spark/ includes it. */
#ifndef DSTREAM_SPARK_STREAMING_INTERNAL_H
#define DSTREAM_SPARK_STREAMING_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "spark/streaming/streaming.h"
#include "spark/streaming/timeline.h"

#define SS_DOC "https://spark.apache.org/docs/3.3.0/api/scala/org/apache/spark/streaming/"


typedef enum {
    DS_INPUT, DS_MAP, DS_FLATMAP, DS_FILTER, DS_MAPVALUES, DS_FLATMAPVALUES, DS_COUNT, DS_COUNTBYVALUE,
    DS_REDUCE, DS_REDUCEBYKEY, DS_GROUPBYKEY, DS_BINARY, DS_TRANSFORM, DS_TRANSFORMWITH, DS_REPARTITION, DS_WINDOW,
    DS_REDUCEBYKEY_INV_WINDOW, DS_UPDATESTATE, DS_MAPWITHSTATE, DS_SNAPSHOTS, DS_GLOM, DS_MAPPARTITIONS,
} DsKind;

typedef struct { int64_t t; Value rdd; } GenRdd;

typedef struct DStream {
    int id;
    DsKind kind;
    const char *cls;            /* Spark's class name, e.g. "MappedDStream" */
    Value ssc_v;                /* the context (owned) */
    Value parents[2];           /* owned DStream values */
    const char *op;             /* DS_BINARY: the RDD method joining the parents' RDDs (union, join, cogroup…) */
    int nparents;
    Value fn, fn2, fn3;         /* functions (owned; unit when absent); updateStateByKey: fn2 is
                                   its initialRDD */
    int64_t window_ms, slide_ms, remember_ms;
    int64_t checkpoint_ms;      /* DStream.checkpoint(interval); 0: the default */
    int nparts;
    GenRdd *gen;
    int ngen, cgen;
    InputSource *src;
    Value state;                /* mapWithState: Map key → state; updateStateByKey: unused */
    Value layers;               /* mapWithState: Spark's state map is a chain of per-batch deltas;
                                   a List (one a batch, the first the initial state) of Lists
                                   (one a partition) of the keys the batch wrote, in order */
    Value last_layer;           /* mapWithState: Map key → the index of the layer that wrote it last */
    const char *elem_type;      /* REPL element type hint (static, or elem_owned) */
    char *elem_owned;           /* a computed element type (ds_set_type), owned */
    char *type_args;            /* mapWithState: MapWithStateDStream's "K,V,S,T" (owned), or NULL */
} DStream;

/* Sets d's element type to a computed one (takes the malloc'd string; NULL: unknown, Any). */
void ds_set_type(DStream *d, char *owned);

typedef enum { OUT_PRINT, OUT_FOREACH, OUT_SAVE } OutKind;
typedef struct {
    Value stream;               /* owned */
    OutKind kind;
    Value fn;                   /* foreachRDD function (owned) */
    int fn_arity;
    int n;
    char *prefix, *suffix;
} Output;

typedef enum { SSC_INITIALIZED, SSC_ACTIVE, SSC_STOPPED } SscState;

struct Ssc {
    Interp *I;
    int64_t batch_ms;
    SscState state;
    bool manual;                /* virtual clock (step) */
    bool job_interrupted;       /* a job was interrupted: no batch until a cell after pause_cell */
    unsigned pause_cell;        /* interp_cell_seq when it was (the cell the interrupt was for) */
    int64_t interrupted_job_ms; /* the time of that job's batch */
    int64_t zero_ms, next_ms;   /* zero time; the next batch's time */
    Value *streams;             /* every DStream, in creation order (owned) */
    int nstreams, cstreams;
    Output *outputs;
    int noutputs, coutputs;
    int64_t remember_ms;
    char *checkpoint_dir;
    bool restore;               /* made by getOrCreate: resume from the checkpoint at start */
    int64_t batches_done;
    /* threading */
    pthread_t thread;
    bool thread_running, stop_flag;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    InterpHooks start_hooks;    /* retained hooks of the cell that started it */
    void *start_cell;           /* that cell's own (unretained) output handle, to recognise it */
    bool has_start_hooks;
    InterpHooks await_hooks;    /* of the cell awaiting it, while it awaits */
    bool awaiting;
    Value error;                /* an error from a batch, for awaitTermination (owned) */
    Timeline *timeline;
    int64_t start_wall_ms;
    /* the Stop / Pause / Resume / Step buttons (controls.c) */
    int controls;               /* the widgets' handle, 0: none */
    void (*controls_update)(void *ud, int handle, const char *status, unsigned disabled, bool closed);
    void *controls_ud;
    bool paused;                /* no batch on the clock; steps run one each (under mu) */
    int steps;
};


extern HostClass ssc_class, dstream_class, state_class, statespec_class, statespec_obj, duration_class, time_class;

/* dstream_state.c: the mapping function of a StateSpec (borrowed) */
Value statespec_fn(Value spec);
/* serial_warn.c: at start, the closures spark-shell could not serialize (a warning on stderr) */
void serial_warn(Interp *I, Value ssc_v);

/* duration.c */
Value ds_time_new(int64_t ms);

/* streaming.c: stops s (its thread, its sources, its buttons); the interpreter lock held */
void ssc_stop_now(Interp *I, Ssc *s);

/* controls.c: the buttons under a running context's timeline */
void controls_show(Ssc *s, const InterpHooks *h);
void controls_batch_done(Ssc *s);
void controls_close(Ssc *s);

/* batches.c */
bool run_batch(Interp *I, Ssc *s, int64_t t);
void *scheduler(void *arg);

/* dstream_graph.c: streams and their RDDs */
int64_t ds_wall_ms(void);
DStream *ds_get(Value v);
bool ds_valid_at(DStream *d, Ssc *s, int64_t t);
Value gen_find(DStream *d, int64_t t);
void gen_put(DStream *d, int64_t t, Value rdd);
Value ds_empty_rdd(Interp *I);
Value ds_single(Interp *I, Value x);
bool rdd_call(Interp *I, Value rdd, const char *method, int argc, Value *argv, Value *out);
bool parent_slice(Interp *I, DStream *p, Ssc *s, int64_t from, int64_t to, Value *out);
bool ds_get_rdd(Interp *I, DStream *d, Ssc *s, int64_t t, Value *out);
bool ds_not_after_start(Interp *I, Ssc *s);
Value ds_child(Call *c, DsKind kind, const char *cls, Value fn, int64_t slide_ms);
Value ds_child_of(Interp *I, Value parent, DsKind kind, const char *cls, Value fn, int64_t slide_ms);
void ds_free(void *p);
void ds_traverse(void *p, VisitFn visit, void *ctx);
char *ds_str(Interp *I, void *p);
const char *ds_type(void *p);

/* dstream_state.c */
bool compute_updatestate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out);
bool compute_mapwithstate(Interp *I, DStream *d, Ssc *s, int64_t t, Value parent, Value *out);
Value mapwithstate_snapshots(Interp *I, DStream *m);   /* stateSnapshots' RDD, in Spark's order */

/* streaming_checkpoint.c */
bool ckpt_write(Interp *I, Ssc *s, int64_t t, char **why);
int ckpt_restore(Interp *I, Ssc *s, int64_t *t, int64_t *zero, char **why);

/* static_types.c: the element type of the RDD that transform's function gives for an RDD of
 * param_elem (malloc'd), or NULL when unknown. */
char *ds_transform_elem_type(Interp *I, Value fn, const char *param_elem);

/* dstream_state.c: a StateSpec's static types K, V, S, T (borrowed; NULL when unknown); false
 * when spec is not a StateSpec. */
bool statespec_types(Value spec, const char *types[4]);

#endif
