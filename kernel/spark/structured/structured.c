/* structured.c — Structured Streaming (see structured.h): the module's init (its host classes,
 * the Trigger object) and free (stops the running queries, drops the sources). The parts are in
 * reader.c, writer.c, query.c, sinks.c, sources.c and checkpoint.c (structured_internal.h lists them).
 */
#include "spark/structured/structured_internal.h"

#include <stdlib.h>

/* ---- module ---- */

void structured_init(Interp *I) {
    interp_register_class(I, &sreader_class);
    interp_register_class(I, &swriter_class);
    interp_register_class(I, &query_class);
    interp_register_class(I, &trigger_class);
    interp_register_class(I, &trigger_object_class);
    interp_register_class(I, &progress_class);
    interp_register_class(I, &streams_class);
    interp_register_package(I, "org.apache.spark.sql.streaming");
    static const char *const names[] = {"Trigger", "org.apache.spark.sql.streaming.Trigger", NULL};
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], host_new(&trigger_object_class, NULL), "object Trigger", trigger_object_class.doc);
}

void structured_free(Interp *I) {
    interp_lock(I);
    while (queries) {
        Query *q = queries;
        queries = q->next;
        query_stop(I, q);
        query_unref(q);
    }
    interp_unlock(I);
    dedup_free_all();
    while (sources) {
        Source *s = sources;
        sources = s->next;
        source_free(s);
    }
}
