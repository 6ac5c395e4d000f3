/* parse_internal.h — what the parser's files (parse.c, parse_expr.c, parse_pattern.c,
 * parse_stmt.c) share: the parser's state, its primitives (tokens, errors that longjmp out,
 * nesting bounds, arena vectors), token and operator predicates, and the entry points of each
 * part of the grammar. Nothing outside the parser includes it.
 */
#ifndef DSTREAM_LANG_PARSE_INTERNAL_H
#define DSTREAM_LANG_PARSE_INTERNAL_H

#include "lang/lex.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 256      /* recursion of the parser */
#define MAX_HEIGHT 2000    /* height of the tree, which the evaluator walks recursively */

typedef struct {
    Arena *arena, *scratch;
    Token *toks;
    int ntoks, pos;
    int *match;              /* index of the bracket matching toks[i], or -1 */
    ParseError *err;
    jmp_buf *jb;
    int depth;
    int height;              /* depth plus the links of operator and selection chains */
    int fresh;               /* counter for generated names */
    int sub;                 /* > 0 while parsing the tokens of a ${...} */
    Node **ph;               /* placeholders not yet bound to a lambda */
    int nph, cph;
} Parser;

typedef struct {
    char *data;
    int n, cap;
    size_t esz;
} Vec;

typedef enum { STOP_EOF, STOP_BRACE, STOP_CASE } StopAt;

enum { TY_ARROW = 1, TY_WITH = 2 };

/* ---- errors and tokens ---- */

static inline const Token *tok(const Parser *P) { return &P->toks[P->pos]; }

static inline const Token *peek(const Parser *P, int k) {
    int i = P->pos + k;
    return &P->toks[i < P->ntoks ? i : P->ntoks - 1];
}

static inline bool at(const Parser *P, TokKind k) { return tok(P)->kind == k; }

static inline void next(Parser *P) {
    if (P->pos < P->ntoks - 1) P->pos++;
}

static inline bool accept(Parser *P, TokKind k) {
    if (!at(P, k)) return false;
    next(P);
    return true;
}

__attribute__((noreturn, format(printf, 3, 4)))
static inline void fail_at(Parser *P, const Token *t, const char *fmt, ...) {
    P->err->ok = false;
    P->err->incomplete = t->kind == T_EOF && P->sub == 0;
    P->err->line = t->line;
    P->err->col = t->col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(P->err->msg, sizeof P->err->msg, fmt, ap);
    va_end(ap);
    longjmp(*P->jb, 1);
}

__attribute__((noreturn))
static inline void fail_pos(Parser *P, int line, int col, const char *msg) {
    fail_at(P, &(Token){.kind = T_NL, .line = line, .col = col}, "%s", msg);
}

__attribute__((noreturn))
static inline void fail_expected(Parser *P, const char *what) {
    char buf[80];
    const char *found = P->sub && at(P, T_EOF) ? "'}'" : tok_describe(tok(P), buf, sizeof buf);
    fail_at(P, tok(P), "expected %s but found %s", what, found);
}

static inline const Token *expect(Parser *P, TokKind k) {
    if (!at(P, k)) {
        char what[16];
        snprintf(what, sizeof what, "'%s'", tok_spelling(k));
        fail_expected(P, what);
    }
    const Token *t = tok(P);
    next(P);
    return t;
}

/* one more link in a chain (a + b + ..., a.b.c..., h :: t :: ...): the tree gets deeper */
static inline void grow(Parser *P) {
    if (++P->height > MAX_HEIGHT)
        fail_at(P, tok(P), "expression too long or too deeply nested (more than %d levels)", MAX_HEIGHT);
}

static inline void enter(Parser *P) {
    if (++P->depth > MAX_DEPTH)
        fail_at(P, tok(P), "too deeply nested (more than %d levels)", MAX_DEPTH);
    grow(P);
}

static inline void leave(Parser *P) {
    P->depth--;
    P->height--;
}

static inline void skip_nls(Parser *P) {
    while (at(P, T_NL)) next(P);
}

static inline bool is_op(const Token *t, const char *s) {
    return t->kind == T_OPID && strcmp(t->text, s) == 0;
}

static inline bool is_ident(const Token *t, const char *s) {
    return t->kind == T_IDENT && strcmp(t->text, s) == 0;
}

/* ---- allocation ---- */

static inline Node *mk(Parser *P, NodeKind kind, const Token *t) {
    Node *n = arena_alloc(P->arena, sizeof *n);
    n->kind = kind;
    n->line = t->line;
    n->col = t->col;
    n->end_line = t->end_line;
    n->end_col = t->end_col;
    return n;
}

static inline Node *set_end(Parser *P, Node *n) {
    if (P->pos > 0) {
        const Token *t = &P->toks[P->pos - 1];
        n->end_line = t->end_line;
        n->end_col = t->end_col;
    }
    return n;
}

static inline Pattern *mkpat(Parser *P, PatternKind kind, const Token *t) {
    Pattern *p = arena_alloc(P->arena, sizeof *p);
    p->kind = kind;
    p->line = t->line;
    p->col = t->col;
    return p;
}

static inline Vec vec(size_t esz) { return (Vec){.esz = esz}; }

static inline void *vec_push(Parser *P, Vec *v) {
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 8;
        char *nd = arena_alloc(P->scratch, v->esz * (size_t)cap);
        if (v->n) memcpy(nd, v->data, v->esz * (size_t)v->n);
        v->data = nd;
        v->cap = cap;
    }
    return memset(v->data + v->esz * (size_t)v->n++, 0, v->esz);
}

static inline void vec_ptr(Parser *P, Vec *v, const void *p) { *(const void **)vec_push(P, v) = p; }

/* A copy of the elements in the tree's arena (NULL when empty). */
static inline void *vec_done(Parser *P, const Vec *v) {
    if (!v->n) return NULL;
    void *d = arena_alloc(P->arena, v->esz * (size_t)v->n);
    memcpy(d, v->data, v->esz * (size_t)v->n);
    return d;
}

static inline NodeList node_list(Parser *P, const Vec *v) {
    return (NodeList){.items = vec_done(P, v), .len = v->n};
}

static inline const char *fresh_name(Parser *P, const char *prefix) {
    char buf[32];
    snprintf(buf, sizeof buf, "%s%d", prefix, ++P->fresh);
    return arena_strndup(P->arena, buf, strlen(buf));
}

static inline const char *text_of(Parser *P, int from, int to) {
    return lex_text(P->arena, P->toks + from, to - from);
}

/* ---- token and operator predicates ---- */

static inline bool is_number(TokKind k) { return k == T_INT || k == T_LONG || k == T_DOUBLE || k == T_FLOAT; }

/* `_*` or `name @ _*` at the end of an argument pattern list */
static inline bool is_star(const Parser *P) { return at(P, T_UNDERSCORE) && is_op(peek(P, 1), "*"); }

static inline bool at_case_clause(const Parser *P) {
    return at(P, T_CASE) && peek(P, 1)->kind != T_CLASS && peek(P, 1)->kind != T_OBJECT;
}

static inline bool right_assoc(const char *op) {
    size_t n = strlen(op);
    return n > 0 && op[n - 1] == ':';
}

static inline bool ends_expr(TokKind k) {
    return k == T_NL || k == T_SEMI || k == T_RPAREN || k == T_RBRACE || k == T_RBRACKET ||
           k == T_COMMA || k == T_EOF;
}

/* Scala's precedence, by the operator's first character */
static inline int precedence(const char *op) {
    unsigned char c = (unsigned char)op[0];
    if (isalpha(c) || c == '_' || c == '$' || c >= 0x80) return 1;
    switch (c) {
    case '|': return 2;
    case '^': return 3;
    case '&': return 4;
    case '=': case '!': return 5;
    case '<': case '>': return 6;
    case ':': return 7;
    case '+': case '-': return 8;
    case '*': case '/': case '%': return 9;
    default: return 10;
    }
}

/* ---- the parts of the grammar, by file ---- */

const char *type_text(Parser *P, int flags);
const char **type_args(Parser *P, int *n);
const char *stable_path(Parser *P);
void skip_type_params(Parser *P);
Node *literal(Parser *P, bool negative);
void parse_stats(Parser *P, StopAt stop, Vec *out, bool in_template);
Node *parse_interp(Parser *P);
Node *parse_expr(Parser *P);
Node *parse_infix(Parser *P);
Node *new_placeholder(Parser *P, const Token *t);
Case *cases_block(Parser *P, int *n);
Node *bind_placeholders(Parser *P, Node *e, int mark);
Node *stats_block(Parser *P, const Token *start, StopAt stop);
Pattern *pattern2(Parser *P);
void parse_simple_type(Parser *P);
Node *parse_guard(Parser *P);
Case *parse_cases(Parser *P, int *n);
void parse_args(Parser *P, Node *n);
Pattern *parse_pattern(Parser *P);
Node *parse_block_expr(Parser *P);

/* parse_stmt.c: `extends P(args) with Q { body }` of a class, object or trait n (types, a, list) */
void parse_template(Parser *P, Node *n);

#endif
