/* magics_kafka_internal.h — what the files of the Kafka and configuration magics share: the
 * output hooks copied from the interpreter, UsageError and Kafka errors as cell results, a magic
 * line's words, the session's clients, and the tables %topics, %topic describe and %consume
 * show as HTML and text.  kernel/magics_kafka*.c and magics_spark.c (its words and output) include it. */
#ifndef DSTREAM_MAGICS_KAFKA_INTERNAL_H
#define DSTREAM_MAGICS_KAFKA_INTERNAL_H

#include <stdbool.h>

#include "kafka/admin.h"
#include "lang/interp.h"
#include "magics_kafka.h"
#include "spark/kafka/kafka_client.h"

/* ---- output and errors (magics_kafka_common.c) ---- */

/* The interpreter and its output hooks, copied under its lock: the magics run without it. */
typedef struct { Interp *I; InterpHooks h; } Out;
Out out_for(Interp *I);
void out_text(Out *o, int stream, const char *s);
void out_display(Out *o, const char *html, const char *text);
/* A UsageError with the formatted message; returns true (the magic ran, and failed). */
bool usage(CellResult *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The Kafka error as the Java exception class Kafka would throw; returns true. */
bool kerror(CellResult *res, const kafka_error *e);

/* ---- arguments (magics_kafka_common.c) ---- */

typedef struct { char **v; int n, cap; } Args;
/* Words split at blanks; '…' and "…" quote (in "…", \ escapes the next character). */
Args split_args(const char *s);
void args_free(Args *a);
bool parse_long(const char *s, long long *out);
long long parse_duration(const char *s);
/* A line magic's words as its run_* function takes them: the name first, then the arguments. */
void run_line(Interp *I, const char *name, const char *args, CellResult *res, bool (*run)(Interp *, Args *, CellResult *));

/* ---- session clients (magics_kafka_common.c) ---- */

/* The session's client settings into cfg; false with res failed (cfg then needs no freeing). */
bool session_cfg(kafka_config *cfg, CellResult *res);
/* An admin client on the session's settings; NULL with res failed. */
kafka_admin *session_admin(CellResult *res);

/* ---- tables (magics_kafka_table.c) ---- */

/* Rows of ncols malloc'd cells (NULL: null); right: the columns aligned right. */
typedef struct { int ncols; const char **head; char **cells; int nrows, cap; bool *right; } Table;
void table_row(Table *t, char **cells);   /* takes the cells */
void table_free(Table *t);
/* Displays the table: HTML (cells escaped) and a text form (cells cut at 60 characters), with
 * the caption under both when there is one. */
void table_show(Out *o, Table *t, const char *caption);
char *fmt_ll(long long v);                /* malloc'd decimal text */

#endif
