/* test_eval.h — the session helper the interpreter's unit tests share (test_eval*.c): an
 * Interp whose output hooks write into buffers, a cell runner that returns what a notebook
 * would show, and one-line checks. */
#ifndef DSTREAM_TEST_EVAL_H
#define DSTREAM_TEST_EVAL_H

#include "unit.h"

#include "lang/interp.h"

#include <stdbool.h>

typedef struct Sess {
    Interp *I;
    char *out, *err;         /* the last cell's stdout and stderr text */
    size_t out_len, out_cap, err_len, err_cap;
    char *text;              /* the last cell as sess_run returns it */
    CellResult r;            /* the last cell's result (echo, ename, evalue, traceback) */
} Sess;

Sess *sess_new(void);
void sess_free(Sess *s);
/* Runs one cell. Returns its stdout, then its echo (as the REPL prints the last statement),
 * then, when it failed, "!" ename ": " evalue. Valid until the next call. */
const char *sess_run(Sess *s, const char *src);

/* A fresh session runs src; its text must equal want. */
#define EXPECT(src, want)                                                                     \
    do {                                                                                      \
        Sess *s_ = sess_new();                                                                \
        CHECK_STR(sess_run(s_, src), want);                                                   \
        sess_free(s_);                                                                        \
    } while (0)

/* In a session: the cell's text must equal want. */
#define RUN(s, src, want) CHECK_STR(sess_run(s, src), want)

#endif
