/* lex.h — the lexer of the Scala subset: source text to an array of tokens.
 *
 * lex_source() scans a whole cell at once. Every token records its line and column (1-based,
 * columns count characters) and whether a line break preceded it. Newline tokens (T_NL) are then
 * inserted by Scala's semicolon-inference rules: between two tokens on different lines when the
 * first can end a statement, the second can begin one, and the enclosing region is a brace
 * block (or the top level, or the parentheses of a `for`). Interpolated strings are scanned
 * here too: each ${...} part is lexed recursively into its own token array.
 */
#ifndef DSTREAM_LANG_LEX_H
#define DSTREAM_LANG_LEX_H

#include "lang/ast.h"

typedef enum {
    T_EOF, T_NL,
    T_IDENT,      /* alphanumeric identifier (text = name) */
    T_OPID,       /* operator identifier: + - :: ++= ... (text = name) */
    T_BQIDENT,    /* `backquoted` identifier (text = name without the quotes) */
    T_INT, T_LONG,            /* uval = magnitude, hex = written in hex */
    T_DOUBLE, T_FLOAT,        /* dval */
    T_CHAR,                   /* uval = code point, text = its UTF-8 */
    T_STRING,                 /* text = decoded value */
    T_INTERP,                 /* text = interpolator name, parts/nparts */
    /* keywords */
    T_ABSTRACT, T_CASE, T_CATCH, T_CLASS, T_DEF, T_DO, T_ELSE, T_EXTENDS, T_FALSE, T_FINAL,
    T_FINALLY, T_FOR, T_FORSOME, T_IF, T_IMPLICIT, T_IMPORT, T_LAZY, T_MACRO, T_MATCH, T_NEW,
    T_NULL, T_OBJECT, T_OVERRIDE, T_PACKAGE, T_PRIVATE, T_PROTECTED, T_RETURN, T_SEALED,
    T_SUPER, T_THIS, T_THROW, T_TRAIT, T_TRY, T_TRUE, T_TYPE, T_VAL, T_VAR, T_WHILE, T_WITH,
    T_YIELD,
    /* reserved symbols */
    T_LPAREN, T_RPAREN, T_LBRACKET, T_RBRACKET, T_LBRACE, T_RBRACE, T_COMMA, T_SEMI, T_DOT,
    T_COLON, T_EQ, T_ARROW /* => */, T_LARROW /* <- */, T_SUBTYPE /* <: */,
    T_SUPERTYPE /* >: */, T_VIEWBOUND /* <% */, T_AT, T_HASH, T_UNDERSCORE,
} TokKind;

typedef struct Token Token;

typedef struct {
    bool is_expr;            /* false: a literal part (text); true: an expression part */
    const char *text;        /* literal text, escapes already processed (except for raw) */
    Token *toks;             /* expression part: its tokens, ending with T_EOF */
    int ntoks;
    int line, col;           /* where the part starts */
} InterpPart;

struct Token {
    TokKind kind;
    int line, col;           /* first character */
    int end_line, end_col;   /* just past the last character */
    const char *start;       /* source span */
    size_t len;
    const char *text;        /* identifiers, strings, chars, interpolator names (in the arena) */
    uint64_t uval;           /* integer literal magnitude, char code point */
    double dval;
    bool hex;                /* integer literal written in hexadecimal */
    bool nl_before;          /* a line break separates it from the previous token */
    InterpPart *parts;       /* T_INTERP: literal and expression parts, alternating, */
    int nparts;              /* starting and ending with a literal part */
};

/* Scans src[0..len). Texts go to `arena` (they end up in the AST), token arrays to `scratch`.
 * Returns the tokens (the last is T_EOF) and their count in *ntoks, or NULL with *err set;
 * err->incomplete is set when the input ended inside a multi-line construct. */
Token *lex_source(Arena *arena, Arena *scratch, const char *src, size_t len, int *ntoks,
                  ParseError *err);

/* For each token, the index of the bracket matching it ( ( [ { and their closers ), or -1. */
int *lex_match_brackets(Arena *scratch, const Token *toks, int n);

/* The source text of toks[0..n), each run of whitespace (or comments) between two tokens
 * collapsed to one space: how types and import paths are kept. */
const char *lex_text(Arena *arena, const Token *toks, int n);

/* A short description of a token for error messages: 'val', ')', end of input, ... */
const char *tok_describe(const Token *t, char *buf, size_t bufsize);

/* The spelling of a keyword or symbol kind ("val", "=>"), or NULL for other kinds. */
const char *tok_spelling(TokKind k);

#endif
