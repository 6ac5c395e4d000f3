/* magics_kafka.h — the Kafka and configuration magics: %%configure, %kafka, %topics, %topic,
 * %%produce, %consume (magics.c dispatches to them). */
#ifndef DSTREAM_MAGICS_KAFKA_H
#define DSTREAM_MAGICS_KAFKA_H

#include <jansson.h>
#include <stdbool.h>

#include "backend.h"

/* A cell magic (%%configure, %%produce): name without the %%, args the rest of the first line,
 * body the cell after it.  Returns false (res untouched) when the name is not one of these. */
bool magics_kafka_cell(Backend *b, const char *name, const char *args, const char *body, CellResult *res);
/* A cell of line magics (%kafka, %topics, %topic, %consume; several lines run in order).
 * Returns false (res untouched) when the first one is not a Kafka magic. */
bool magics_kafka_lines(Backend *b, const char *cell, CellResult *res);
/* Completion of magic names and of topic names after %topic … / %consume; NULL if none. */
json_t *magics_kafka_complete(Backend *b, const char *code, int cursor, int *start, int *end);

#endif
