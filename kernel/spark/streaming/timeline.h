/* timeline.h — the live batch timeline: Spark UI's Streaming tab (and, for a Structured Streaming
 * query, its Structured Streaming tab) inside the notebook. One display per running context or
 * query, updated in place after every batch (update_display_data), settling into a summary when it
 * stops. Switched off with spark.streaming.ui.inline=false. */
#ifndef DSTREAM_SPARK_TIMELINE_H
#define DSTREAM_SPARK_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/interp.h"
#include "spark/streaming/streaming.h"

typedef struct {
    int64_t time_ms, submitted_ms, start_ms, end_ms;
    int64_t records;
    int nparts;
    int64_t part_records[64];
    char part_names[64][48];
    /* a query's batch (timeline_new_query) */
    int64_t batch_id;
    int64_t state_rows;      /* rows in the query's state after the batch (-1: no state) */
    double input_rate;       /* input rows per second since the previous batch started */
} BatchRecord;

typedef struct Timeline Timeline;

Timeline *timeline_new(int64_t batch_ms);
/* A Structured Streaming query's timeline: label names it ("query counts", copied); trigger_ms is
 * its processing-time interval (0: none). Its batches are shown by id, with input and processing
 * rates, duration and state rows, as Spark UI's query page. */
Timeline *timeline_new_query(const char *label, int64_t trigger_ms);
void timeline_free(Timeline *t);
void timeline_add_input(BatchRecord *rec, const BatchInput *in);
/* Shows the timeline in the cell behind hooks (a new display with the context's display id). */
void timeline_attach(Timeline *t, Interp *I, const InterpHooks *hooks);
/* Records a finished batch and updates the display (through the interpreter's current hooks). */
void timeline_record(Timeline *t, Interp *I, const BatchRecord *rec, bool manual);
/* The context stopped: the display becomes a summary. */
void timeline_finish(Timeline *t, const InterpHooks *hooks);
/* ssc.stop() says what it stopped in the stopping cell: "Stopped StreamingContext ssc: <summary>",
 * a display of its own (a display_id, so it is told apart from the program's output). */
void timeline_stopped(const Timeline *t, const InterpHooks *hooks, const char *name);
/* False when spark.streaming.ui.inline=false switched the timeline (and its buttons) off. */
bool timeline_enabled(void);
/* The summary line ("12 batches, 3456 records, processing mean 3 ms / max 9 ms"); malloc'd. */
char *timeline_summary(const Timeline *t);

#endif
