/* progress.h — progress of a long operation in the cell that runs it (a %%produce of many lines,
 * a %consume that waits, a DataFrame written or read): nothing for the first second
 * (DSTREAM_PROGRESS_AFTER_MS, default 1000), then one display updated in place
 * (update_display_data, at most four times a second) with text/plain and an HTML progress bar,
 * left showing the final count when the operation ends. Output goes through the calling
 * thread's interpreter hooks; a Progress belongs to the thread that began it. */
#ifndef DSTREAM_LANG_PROGRESS_H
#define DSTREAM_LANG_PROGRESS_H

#include <stdint.h>

#include "lang/interp.h"

typedef struct Progress Progress;

/* what: "Producing to tweets", unit: "records" (both copied). Never NULL. */
Progress *progress_begin(Interp *I, const char *what, const char *unit);
/* done so far, of total (-1: unknown). Cheap when nothing is due. */
void progress_update(Progress *p, int64_t done, int64_t total);
/* The end: a shown progress gets its final count and time; frees p (NULL is fine). */
void progress_end(Progress *p, int64_t done);

#endif
