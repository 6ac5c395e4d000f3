/* test_spark.h — the session helper of the Spark layer's unit tests (test_streaming.c,
 * test_spark_*.c): the interpreter session of test_eval.h with the Spark library registered
 * (spark_init: sc, StreamingContext, DStreams, ...), output captured per cell through the
 * InterpHooks, and a fixed default parallelism (2) so partitions are the same on every machine. */
#ifndef DSTREAM_TEST_SPARK_H
#define DSTREAM_TEST_SPARK_H

#include "test_eval.h"

#include "spark/spark.h"

Sess *spark_sess(void);            /* a session with spark_init done */
void spark_sess_free(Sess *s);     /* spark_free (stops a running context), then the session */
/* Runs a cell that must succeed (set-up); a failure is reported with its error. */
void spark_setup(Sess *s, const char *src, const char *file, int line);
#define SETUP(s, src) spark_setup(s, src, __FILE__, __LINE__)
/* A fresh directory under /tmp (malloc'd), for checkpoints and saved files. */
char *spark_tmpdir(const char *tag);
/* rm -r of a directory made by spark_tmpdir. */
void spark_rmdir(const char *dir);

#endif
