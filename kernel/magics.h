/* magics.h — cell and line magics (%%bash, %%sql, %topics, %kafka, …), run before the
 * interpreter sees a cell. */
#ifndef DSTREAM_MAGICS_H
#define DSTREAM_MAGICS_H

#include <jansson.h>
#include <stdbool.h>

#include "backend.h"

/* Runs the cell if it is a magic cell: returns true with *res filled; false if not a magic. */
bool magics_run(Backend *b, const char *code, CellResult *res);
/* Whether the cell starts with a magic (is_complete answers "complete" for those). */
bool magics_is_magic(const char *code);
/* Completion inside a magic (NULL when the cursor is not in one). */
json_t *magics_complete(Backend *b, const char *code, int cursor, int *start, int *end);
void magics_shutdown(Backend *b);

#endif
