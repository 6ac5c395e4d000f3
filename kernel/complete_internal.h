/* complete_internal.h — what the completer's three files share, and nothing outside them uses:
 * the Completer itself, the class inferred for a piece of a cell's text (TypeInfo), and the
 * functions one file lends the others. complete.c answers complete_request, complete_infer.c
 * infers classes and DataFrame columns from a cell's text and the session, complete_inspect.c
 * answers inspect_request. */
#ifndef DSTREAM_COMPLETE_INTERNAL_H
#define DSTREAM_COMPLETE_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "cell_text.h"
#include "complete.h"
#include "topic_cache.h"

/* The classes a type's text may name without a registry entry of that name (DataFrame is a
 * Dataset, …DStream and …RDD subclasses). */
extern HostClass dstream_class, rdd_class, dataframe_class;

struct Completer {
    Interp *I;
    TopicCache *topics;      /* the kernel's one topic cache (topic_cache.c) */
};

typedef struct {
    const HostClass *cls;
    char *global_chain;      /* a chain of top-level names (no calls) the interpreter can inspect */
    json_t *cols;            /* a DataFrame's columns when the text names them, else NULL */
    char *targ;              /* the element type (DStream[targ], RDD[targ]) when known */
} TypeInfo;

typedef struct {
    Completer *c;
    Scan *sc;
} Ctx;

/* complete_infer.c */
const HostClass *find_class(Completer *c, const char *name);
/* interp_inspect of exactly this text (malloc'd or NULL). */
char *inspect_text(Completer *c, const char *text);
/* Columns of a top-level DataFrame value: true when they are all known. */
bool global_columns(Completer *c, const char *name, json_t *cols);
/* Columns of every temp view (and view names into names, if given). */
void view_columns(Completer *c, json_t *cols, json_t *names);
void ti_clear(TypeInfo *t);
/* Infers the class of the expression code[a, b). */
bool infer_range(Ctx *x, int a, int b, int depth, TypeInfo *out);

#endif
