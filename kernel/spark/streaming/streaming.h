/* streaming.h — StreamingContext and DStreams: the graph of streams a program declares, the
 * batches generated every batch interval (on the real clock after start(), or at once on a
 * virtual clock with ssc.step(n)), and the interface input sources implement. */
#ifndef DSTREAM_SPARK_STREAMING_H
#define DSTREAM_SPARK_STREAMING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "lang/interp.h"
#include "spark/spark.h"


/* What a source read for one batch, for the batch timeline (issue 5) and offsets. */
typedef struct {
    int64_t records;
    int nparts;
    int64_t part_records[64];   /* per Kafka partition (first 64) */
    char part_names[64][48];    /* e.g. "tweets-0" */
} BatchInput;

/* What one kind of input source does: one static table per kind (sources.c, spark/kafka/stream.c).
 * compute() is called once per batch time, in batch order, with the interpreter lock held; it
 * returns a new RDD value. */
typedef struct InputSource InputSource;
typedef struct {
    const char *kind;           /* the DStream class, e.g. "QueueInputDStream" */
    const char *elem_type;      /* element type for the REPL, e.g. "String" */
    bool (*compute)(InputSource *s, Interp *I, int64_t time_ms, Value *rdd, BatchInput *info);
    bool (*start)(InputSource *s, Interp *I);               /* optional: at ssc.start() */
    void (*stop)(InputSource *s);                           /* optional: at ssc.stop() */
    void (*destroy)(InputSource *s);
    void (*traverse)(InputSource *s, VisitFn visit, void *ctx);   /* optional */
    json_t *(*save)(InputSource *s);                        /* checkpoint state (optional) */
    bool (*restore)(InputSource *s, Interp *I, json_t *state);
    /* Extra DStream methods the source's stream has (commitAsync on a Kafka stream). */
    const MethodDef *methods;
    int nmethods;
} InputSourceOps;

/* An input source: its kind's table and its own state. */
struct InputSource {
    const InputSourceOps *ops;
    void *data;
};

/* The StreamingContext that `ssc` (a StreamingContext value) is, for sources. */
typedef struct Ssc Ssc;
Ssc *ssc_get(Value v);
int64_t ssc_batch_ms(const Ssc *s);
/* Whether a new input stream may be added to the context: false with Spark's
 * IllegalStateException once it has started or stopped. Sources call it before making one. */
bool dstream_can_add(Interp *I, Value ssc);
/* A new input DStream of the context (takes ownership of src). Returns a new DStream value. */
Value dstream_new_input(Interp *I, Value ssc, InputSource *src);
/* Sets an input stream's element type for the REPL (takes the malloc'd string). */
void dstream_set_elem_type(Value ds, char *owned);
/* The source behind an input DStream value, or NULL. */
InputSource *dstream_source(Value dstream);

/* Durations: Seconds(2) etc. are Duration values; this reads one as milliseconds. */
bool duration_ms(Interp *I, Value v, int64_t *ms);
Value duration_new(int64_t ms);

#endif
