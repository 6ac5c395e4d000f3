/* cell_text.h — reading a cell's text for completion and inspection: string helpers, a scan
 * of strings, comments and brackets, postfix chains, and types named by signature text. */
#ifndef DSTREAM_CELL_TEXT_H
#define DSTREAM_CELL_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum { M_CODE = 0, M_STR = 1, M_COMMENT = 2 };

typedef struct {
    const char *s;
    int n;                   /* the text scanned: code[0, cursor) */
    unsigned char *mask;     /* per character: M_CODE, M_STR (quotes included), M_COMMENT */
    int *match;              /* per bracket: the index of its partner, -1 */
    int *open;               /* brackets still open at the end */
    int nopen;
    int *encl;               /* per character: the innermost closed '(' around it, -1; on first use */
    bool in_str;             /* the text ends inside a string literal */
    int str_quote;           /* then: the index of its opening quote */
    bool triple;
} Scan;

/* ---- strings ---- */

bool ident_char(char ch);      /* letter, digit, _ or $ */
bool ident_start(char ch);     /* letter or _ */
char *xstrndup(const char *s, size_t n);         /* aborts when out of memory */
char *trim_dup(const char *s, size_t n);         /* s[0, n) without surrounding blanks */
bool has_prefix(const char *s, const char *prefix);
/* Adds name to the array of strings unless present (and only if it starts with prefix). */
void add_unique(json_t *arr, const char *name, const char *prefix);
void sort_jarray(json_t *arr);

/* ---- scanning a cell (code[0, n)) ---- */

bool is_open_br(char ch);
bool is_close_br(char ch);
void scan_text(Scan *sc, const char *s, int n);
void scan_free(Scan *sc);
bool code_at(const Scan *sc, int i);                /* i is code, not a string or comment */
int enclosing_paren(Scan *sc, int i);               /* the innermost closed '(' around i, -1 */
bool word_at(const Scan *sc, int i, const char *w); /* a whole-word occurrence of w at i, in code */
int skip_ws(const Scan *sc, int i, int end);
int skip_ws_back(const Scan *sc, int i);            /* just after the last non-blank before i */
int chain_start(const Scan *sc, int end);           /* the start of the postfix chain ending at end */

/* ---- types from signature text (malloc'd results, NULL when there is none) ---- */

char *sig_result(const char *sig);            /* "def f(x: A): R" → "R" */
char *sig_param(const char *sig, int k);      /* the type of parameter k of the first list */
char *fn_type_param(const char *t, int k);    /* parameter k of "A => R" / "(A, B) => R" */
char *simple_type_name(const char *t);        /* "a.b.DStream[String]" → "DStream" */
char *type_arg(const char *t);                /* "InputDStream[ConsumerRecord[K, V]]" → "ConsumerRecord[K, V]" */
char *subst_T(const char *t, const char *targ); /* t with the type parameter T replaced by targ */

#endif
