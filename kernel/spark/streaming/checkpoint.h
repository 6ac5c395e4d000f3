/* checkpoint.h — streaming checkpoints on disk: values as tagged JSON, and a document written
 * atomically (a temporary file, then rename) into the checkpoint directory after every batch. */
#ifndef DSTREAM_SPARK_CHECKPOINT_H
#define DSTREAM_SPARK_CHECKPOINT_H

#include <jansson.h>
#include <stdbool.h>

#include "lang/interp.h"

/* Creates the directory (and parents) if needed; an exception when it cannot be written. */
bool checkpoint_prepare_dir(Interp *I, const char *dir);
/* A value as JSON that value_from_json reads back; NULL when v holds something that cannot be
 * saved (functions, class instances, host objects). */
json_t *value_to_json(Interp *I, Value v);
bool value_from_json(json_t *j, Value *out);
/* Writes doc as DIR/checkpoint.json atomically. false with *why (malloc'd) on failure. */
bool checkpoint_save(const char *dir, json_t *doc, char **why);
/* The last checkpoint document, or NULL: *why NULL when there is none, set when it is unreadable. */
json_t *checkpoint_load(const char *dir, char **why);

#endif
