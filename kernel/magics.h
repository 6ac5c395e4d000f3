/* magics.h — the magic table: every cell magic (%%bash, %%sql, …) and line magic (%kafka,
 * %topics, …) this kernel has, one row each (Redis's command table is the model).  Dispatch,
 * is_complete, completion, the unknown-magic message and %lsmagic all read the table, so a magic
 * added here is known everywhere.  Magics take the interpreter; they know nothing of the backend. */
#ifndef DSTREAM_MAGICS_H
#define DSTREAM_MAGICS_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/interp.h"

typedef enum { MAGIC_LINE, MAGIC_CELL } MagicKind;

/* What the word being typed at argument position argi of a magic's first line can be. */
typedef enum { MAGIC_ARG_NONE, MAGIC_ARG_WORDS, MAGIC_ARG_TOPIC } MagicArgKind;
typedef struct {
    MagicArgKind kind;
    const char *const *words;   /* MAGIC_ARG_WORDS: NULL-terminated choices */
} MagicArg;

/* What a cell magic's body is, for completion inside it. */
typedef enum { MAGIC_BODY_TEXT, MAGIC_BODY_SCALA, MAGIC_BODY_SQL } MagicBody;

typedef struct Magic {
    const char *name;    /* without the % or %% */
    MagicKind kind;
    /* args: the rest of the magic's line; body: the cell after the first line (cell magics; ""
     * for line magics).  Fills res, which arrives ok. */
    void (*run)(Interp *I, const char *args, const char *body, CellResult *res);
    /* Completion of argument argi (0 is the first after the name), argv the argi words before
     * it; NULL when the magic's arguments complete to nothing. */
    MagicArg (*complete)(int argi, char *const *argv);
    MagicBody body;
    const char *usage;   /* the synopsis, starting with the magic */
    const char *help;    /* what it does, one line */
} Magic;

/* The table, n rows. */
const Magic *magics_table(size_t *n);
/* The row for a magic written as word ("%kafka", "%%sql"): NULL when there is none of that kind. */
const Magic *magics_find(const char *word, size_t len);

/* Whether the cell's first non-blank line starts with % (a magic, known or not). */
bool magics_is_magic(const char *code);
/* Runs the cell if it is a magic cell: returns true with *res filled; false if not a magic. */
bool magics_run(Interp *I, const char *code, CellResult *res);
/* is_complete for a cell that starts with a magic: a cell magic is "incomplete" until its body
 * ends with an empty line (so a console user can type the body), a line magic "complete".
 * NULL when the cell does not start with %. */
const char *magics_is_complete(const char *code);
/* The cell magic the cell starts with (NULL if none): for completion inside its body. */
const Magic *magics_cell_magic(const char *code, size_t *body_start);
/* Runs argv (argv[0] a path; env: NAME=VALUE strings added to the environment, or NULL) in its
 * own process group, stdin /dev/null, its stdout and stderr
 * streamed to the cell's stdout as they come; an interrupt terminates the group. A failure
 * (exit status, signal, interrupt) fails res, naming `what` ("script", "spark-submit"). */
void magics_spawn_streamed(Interp *I, char *const argv[], char *const env[], const char *what, CellResult *res);
/* Fails res with ename and msg, the traceback "ename: msg" (what a magic's error shows). */
void magics_set_error(CellResult *res, const char *ename, const char *msg);

#endif
