/* complete.h — the kernel's answers to complete_request and inspect_request: what the
 * interpreter knows (names in scope, methods of values), plus what only the whole kernel knows —
 * the classes of values a cell defines but has not run yet (inferred from its text and the
 * registry's method signatures), Kafka topic names from the session's brokers (topic_cache.h),
 * DataFrame column names, and links into Spark's and Kafka's API documentation. */
#ifndef DSTREAM_COMPLETE_H
#define DSTREAM_COMPLETE_H

#include <jansson.h>

#include "lang/interp.h"

typedef struct Completer Completer;

Completer *completer_new(Interp *I);
/* Waits for a topic look-up in flight (bounded) and frees everything. */
void completer_free(Completer *c);

/* complete_reply content (matches, cursor_start, cursor_end, metadata), magics included. */
json_t *completer_complete(Completer *c, const char *code, int cursor);
/* inspect_reply content (found, data, metadata). */
json_t *completer_inspect(Completer *c, const char *code, int cursor, int detail);

#endif
