/* lex.c — the lexer of the Scala subset: characters to tokens, with Scala's newline
 * (semicolon) inference. See lex.h.
 *
 * Two passes: scan_tokens() reads raw tokens, each marked when a line break precedes it;
 * infer_newlines() then inserts T_NL tokens where a line break ends a statement. Interpolated
 * strings are scanned in place; each ${...} is lexed by a nested Lexer that stops at the '}'
 * closing it. Nothing here reads past `end`; every error is reported once, with its position.
 */
#include "lang/lex.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INTERP_DEPTH 32
#define MAX_REGION_DEPTH 512

typedef struct {
    Arena *arena, *scratch;
    const char *p, *end;
    int line, col;
    ParseError *err;
    int depth;             /* interpolation nesting */
    bool in_brace_expr;    /* lexing ${...}: stop at the unmatched '}' */
    int braces;            /* open braces, in that mode */
    bool nl;               /* a line break since the previous token */
    Token *toks;
    int n, cap;
} Lexer;

typedef struct {
    char *buf;
    size_t len, cap;
} Buf;

/* ---- small helpers ---- */

static bool lex_error(Lexer *L, int line, int col, bool incomplete, const char *fmt, ...) {
    if (!L->err->ok) return false;
    L->err->ok = false;
    L->err->incomplete = incomplete;
    L->err->line = line;
    L->err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(L->err->msg, sizeof L->err->msg, fmt, ap);
    va_end(ap);
    return false;
}

static int peekc(const Lexer *L, size_t k) {
    return (size_t)(L->end - L->p) > k ? (unsigned char)L->p[k] : -1;
}

static void adv(Lexer *L) {
    if (L->p >= L->end) return;
    unsigned char c = (unsigned char)*L->p++;
    if (c == '\n') { L->line++; L->col = 1; }
    else if ((c & 0xC0) != 0x80) L->col++;
}

static void advn(Lexer *L, int n) {
    while (n-- > 0) adv(L);
}

static void buf_put(Lexer *L, Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (b->len + n + 1 > cap) cap *= 2;
        char *nb = arena_alloc(L->scratch, cap);
        if (b->len) memcpy(nb, b->buf, b->len);
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static void buf_putc(Lexer *L, Buf *b, int c) {
    char ch = (char)c;
    buf_put(L, b, &ch, 1);
}

static void buf_utf8(Lexer *L, Buf *b, uint32_t cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    buf_put(L, b, u, n);
}

static const char *buf_done(Lexer *L, Buf *b) {
    return arena_strndup(L->arena, b->buf ? b->buf : "", b->len);
}

static bool is_letter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* The code point starting at L->p (an invalid byte stands for itself); its length in *n. */
static uint32_t cp_at(const Lexer *L, int *n) {
    int c = peekc(L, 0);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t v = extra ? (uint32_t)c & (0x3Fu >> extra) : (uint32_t)c;
    int i = 1;
    for (; i <= extra && (peekc(L, (size_t)i) & 0xC0) == 0x80; i++)
        v = v << 6 | ((uint32_t)peekc(L, (size_t)i) & 0x3F);
    *n = i;
    return v;
}

/* no-break and other Unicode spaces, as pasted from web pages, are whitespace */
static bool is_space_cp(uint32_t cp) {
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

static bool is_quote_cp(uint32_t cp) { return cp >= 0x2018 && cp <= 0x201F; }

/* advances over one whole character */
static void adv_char(Lexer *L) {
    int n;
    cp_at(L, &n);
    advn(L, n);
}

/* Non-ASCII characters are letters, except spaces, typographic quotes and the arrows ⇒ ← */
static bool letter_at(const Lexer *L) {
    int c = peekc(L, 0), n;
    if (c < 0x80) return is_letter(c);
    uint32_t cp = cp_at(L, &n);
    return !is_space_cp(cp) && !is_quote_cp(cp) && cp != 0x21D2 && cp != 0x2190;
}

static bool is_opchar(int c) {
    return c >= 0 && c < 0x80 && strchr("!#%&*+-/:<=>?@\\^|~", c) && c != 0;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static Token *push_tok(Lexer *L, TokKind kind, const char *start, int line, int col) {
    if (L->n == L->cap) {
        int cap = L->cap ? L->cap * 2 : 64;
        Token *nt = arena_alloc(L->scratch, sizeof(Token) * (size_t)cap);
        if (L->n) memcpy(nt, L->toks, sizeof(Token) * (size_t)L->n);
        L->toks = nt;
        L->cap = cap;
    }
    Token *t = &L->toks[L->n++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->start = start;
    t->line = line;
    t->col = col;
    t->nl_before = L->nl;
    L->nl = false;
    return t;
}

static void end_tok(Lexer *L, Token *t) {
    t->len = (size_t)(L->p - t->start);
    t->end_line = L->line;
    t->end_col = L->col;
}

/* ---- keywords and symbols ---- */

static const struct { const char *s; TokKind k; } spellings[] = {
    {"abstract", T_ABSTRACT}, {"case", T_CASE}, {"catch", T_CATCH}, {"class", T_CLASS},
    {"def", T_DEF}, {"do", T_DO}, {"else", T_ELSE}, {"extends", T_EXTENDS},
    {"false", T_FALSE}, {"final", T_FINAL}, {"finally", T_FINALLY}, {"for", T_FOR},
    {"forSome", T_FORSOME}, {"if", T_IF}, {"implicit", T_IMPLICIT}, {"import", T_IMPORT},
    {"lazy", T_LAZY}, {"macro", T_MACRO}, {"match", T_MATCH}, {"new", T_NEW},
    {"null", T_NULL}, {"object", T_OBJECT}, {"override", T_OVERRIDE}, {"package", T_PACKAGE},
    {"private", T_PRIVATE}, {"protected", T_PROTECTED}, {"return", T_RETURN},
    {"sealed", T_SEALED}, {"super", T_SUPER}, {"this", T_THIS}, {"throw", T_THROW},
    {"trait", T_TRAIT}, {"try", T_TRY}, {"true", T_TRUE}, {"type", T_TYPE}, {"val", T_VAL},
    {"var", T_VAR}, {"while", T_WHILE}, {"with", T_WITH}, {"yield", T_YIELD},
    {"(", T_LPAREN}, {")", T_RPAREN}, {"[", T_LBRACKET}, {"]", T_RBRACKET}, {"{", T_LBRACE},
    {"}", T_RBRACE}, {",", T_COMMA}, {";", T_SEMI}, {".", T_DOT}, {":", T_COLON},
    {"=", T_EQ}, {"=>", T_ARROW}, {"<-", T_LARROW}, {"<:", T_SUBTYPE}, {">:", T_SUPERTYPE},
    {"<%", T_VIEWBOUND}, {"@", T_AT}, {"#", T_HASH}, {"_", T_UNDERSCORE},
};

#define NSPELLINGS (sizeof spellings / sizeof spellings[0])

const char *tok_spelling(TokKind k) {
    for (size_t i = 0; i < NSPELLINGS; i++)
        if (spellings[i].k == k) return spellings[i].s;
    return NULL;
}

/* The keyword or reserved-symbol kind spelled s[0..n), or `dflt`. */
static TokKind reserved_kind(const char *s, size_t n, TokKind dflt) {
    for (size_t i = 0; i < NSPELLINGS; i++)
        if (strlen(spellings[i].s) == n && memcmp(spellings[i].s, s, n) == 0) return spellings[i].k;
    return dflt;
}

const char *tok_describe(const Token *t, char *buf, size_t bufsize) {
    switch (t->kind) {
    case T_EOF: return "end of input";
    case T_NL: return "newline";
    case T_STRING: return "string literal";
    case T_INTERP: return "interpolated string";
    case T_BQIDENT: snprintf(buf, bufsize, "'`%s`'", t->text); return buf;
    case T_IDENT: case T_OPID: snprintf(buf, bufsize, "'%s'", t->text); return buf;
    default: break;
    }
    const char *sp = tok_spelling(t->kind);
    if (sp) { snprintf(buf, bufsize, "'%s'", sp); return buf; }
    if (t->len <= 24) snprintf(buf, bufsize, "'%.*s'", (int)t->len, t->start);
    else snprintf(buf, bufsize, "%s literal", t->kind == T_CHAR ? "character" : "number");
    return buf;
}

/* ---- whitespace and comments ---- */

static bool skip_block_comment(Lexer *L) {
    int line = L->line, col = L->col, depth = 0;
    do {
        if (L->p >= L->end) return lex_error(L, line, col, true, "unclosed comment");
        if (peekc(L, 0) == '/' && peekc(L, 1) == '*') { depth++; advn(L, 2); }
        else if (peekc(L, 0) == '*' && peekc(L, 1) == '/') { depth--; advn(L, 2); }
        else {
            if (peekc(L, 0) == '\n') L->nl = true;
            adv(L);
        }
    } while (depth > 0);
    return true;
}

static bool skip_space(Lexer *L) {
    for (;;) {
        int c = peekc(L, 0), n;
        if (c == '\n') { L->nl = true; adv(L); }
        else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') adv(L);
        else if (c >= 0x80 && is_space_cp(cp_at(L, &n))) advn(L, n);
        else if (c == '/' && peekc(L, 1) == '/') {
            while (L->p < L->end && peekc(L, 0) != '\n') adv(L);
        } else if (c == '/' && peekc(L, 1) == '*') {
            if (!skip_block_comment(L)) return false;
        } else return true;
    }
}

/* ---- escapes ---- */

static bool read_hex4(Lexer *L, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(peekc(L, 0));
        if (h < 0) return false;
        v = v * 16 + (uint32_t)h;
        adv(L);
    }
    *out = v;
    return true;
}

/* \uXXXX (any number of u's), combining a surrogate pair written as two escapes */
static bool read_unicode_escape(Lexer *L, uint32_t *cp) {
    int line = L->line, col = L->col - 1;
    while (peekc(L, 0) == 'u') adv(L);
    if (!read_hex4(L, cp)) return lex_error(L, line, col, false, "invalid unicode escape");
    if (*cp >= 0xD800 && *cp < 0xDC00 && peekc(L, 0) == '\\' && peekc(L, 1) == 'u') {
        const char *save = L->p;
        int sl = L->line, sc = L->col;
        uint32_t lo;
        advn(L, 2);
        while (peekc(L, 0) == 'u') adv(L);
        if (read_hex4(L, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
        } else {
            L->p = save; L->line = sl; L->col = sc;
        }
    }
    return true;
}

/* After a backslash (not yet consumed): decodes one escape into *cp. */
static bool read_escape(Lexer *L, uint32_t *cp) {
    int line = L->line, col = L->col;
    adv(L); /* the backslash */
    int c = peekc(L, 0);
    switch (c) {
    case 'b': *cp = '\b'; break;
    case 't': *cp = '\t'; break;
    case 'n': *cp = '\n'; break;
    case 'f': *cp = '\f'; break;
    case 'r': *cp = '\r'; break;
    case '"': *cp = '"'; break;
    case '\'': *cp = '\''; break;
    case '\\': *cp = '\\'; break;
    case 'u': return read_unicode_escape(L, cp);
    default:
        if (c >= '0' && c <= '7') {
            uint32_t v = 0;
            int max = c <= '3' ? 3 : 2;
            for (int i = 0; i < max && peekc(L, 0) >= '0' && peekc(L, 0) <= '7'; i++) {
                v = v * 8 + (uint32_t)(peekc(L, 0) - '0');
                adv(L);
            }
            *cp = v;
            return true;
        }
        return lex_error(L, line, col, false, "invalid escape character");
    }
    adv(L);
    return true;
}

/* ---- literals ---- */

static bool lex_string(Lexer *L, Token *t) {
    Buf b = {0};
    if (peekc(L, 0) == '"' && peekc(L, 1) == '"' && peekc(L, 2) == '"') {
        advn(L, 3);
        for (;;) {
            if (L->p >= L->end) return lex_error(L, t->line, t->col, true, "unclosed multi-line string literal");
            if (peekc(L, 0) == '"' && peekc(L, 1) == '"' && peekc(L, 2) == '"' && peekc(L, 3) != '"') {
                advn(L, 3);
                break;
            }
            buf_putc(L, &b, peekc(L, 0));
            adv(L);
        }
    } else {
        adv(L);
        for (;;) {
            int c = peekc(L, 0);
            if (c < 0 || c == '\n') return lex_error(L, t->line, t->col, false, "unclosed string literal");
            if (c == '"') { adv(L); break; }
            if (c == '\\') {
                uint32_t cp;
                if (!read_escape(L, &cp)) return false;
                buf_utf8(L, &b, cp);
            } else {
                buf_putc(L, &b, c);
                adv(L);
            }
        }
    }
    t->kind = T_STRING;
    t->text = buf_done(L, &b);
    return true;
}

static bool lex_char(Lexer *L, Token *t) {
    adv(L); /* ' */
    int c = peekc(L, 0);
    uint32_t cp;
    if (c < 0 || c == '\n') return lex_error(L, t->line, t->col, false, "unclosed character literal");
    if (c == '\'') return lex_error(L, t->line, t->col, false, "empty character literal");
    if (c == '\\') {
        if (!read_escape(L, &cp)) return false;
    } else {
        int n;
        cp = cp_at(L, &n);
        advn(L, n);
    }
    if (peekc(L, 0) != '\'') {
        if (c != '\\' && is_letter(c))
            return lex_error(L, t->line, t->col, false, "unsupported: symbol literals");
        return lex_error(L, t->line, t->col, false, "unclosed character literal");
    }
    adv(L);
    Buf b = {0};
    buf_utf8(L, &b, cp);
    t->kind = T_CHAR;
    t->uval = cp;
    t->text = buf_done(L, &b);
    return true;
}

typedef struct {
    char buf[128];
    int n;
    bool overflow;
} NumBuf;

static void num_put(NumBuf *nb, int c) {
    if (nb->n < (int)sizeof nb->buf - 1) nb->buf[nb->n++] = (char)c;
    else nb->overflow = true;
}

/* Digits (and '_' separators) of the given base into nb; returns how many digits. */
static int scan_digits(Lexer *L, NumBuf *nb, bool hex) {
    int count = 0;
    for (;;) {
        int c = peekc(L, 0);
        if (c == '_' && count > 0 && (hex ? hexval(peekc(L, 1)) >= 0 : is_digit(peekc(L, 1)))) {
            adv(L);
            continue;
        }
        if (hex ? hexval(c) < 0 : !is_digit(c)) return count;
        num_put(nb, c);
        count++;
        adv(L);
    }
}

static bool integer_value(Lexer *L, Token *t, const char *digits, int n, bool hex) {
    uint64_t v = 0, base = hex ? 16 : 10;
    for (int i = 0; i < n; i++) {
        uint64_t d = (uint64_t)hexval(digits[i]);
        if (v > (UINT64_MAX - d) / base)
            return lex_error(L, t->line, t->col, false, "integer number too large");
        v = v * base + d;
    }
    t->uval = v;
    return true;
}

/* the digits, fraction and exponent of a decimal literal; sets *is_float */
static bool scan_decimal(Lexer *L, Token *t, NumBuf *nb, bool *is_float) {
    int intdigits = scan_digits(L, nb, false);
    if (peekc(L, 0) == '.' && is_digit(peekc(L, 1))) {
        *is_float = true;
        num_put(nb, '.');
        adv(L);
        scan_digits(L, nb, false);
    }
    int e1 = peekc(L, 1);
    if ((peekc(L, 0) == 'e' || peekc(L, 0) == 'E') &&
        (is_digit(e1) || ((e1 == '+' || e1 == '-') && is_digit(peekc(L, 2))))) {
        *is_float = true;
        num_put(nb, 'e');
        if (e1 == '-') num_put(nb, '-');
        advn(L, e1 == '+' || e1 == '-' ? 2 : 1);
        scan_digits(L, nb, false);
    }
    if (!*is_float && intdigits > 1 && nb->buf[0] == '0')
        return lex_error(L, t->line, t->col, false,
                         "decimal integer literals may not have a leading zero");
    return true;
}

static bool float_value(Lexer *L, Token *t, const char *digits) {
    errno = 0;
    t->dval = strtod(digits, NULL);
    bool too_large = errno == ERANGE && (t->dval > 1.0 || t->dval < -1.0);
    if (t->kind == T_FLOAT && t->dval > 3.4028234663852886e38) too_large = true;
    if (too_large) return lex_error(L, t->line, t->col, false, "floating-point number too large");
    return true;
}

static bool lex_number(Lexer *L, Token *t) {
    NumBuf nb = {.n = 0};
    bool is_float = false;
    if (peekc(L, 0) == '0' && (peekc(L, 1) == 'x' || peekc(L, 1) == 'X')) {
        advn(L, 2);
        if (scan_digits(L, &nb, true) == 0)
            return lex_error(L, t->line, t->col, false, "invalid hexadecimal literal");
        t->hex = true;
    } else if (!scan_decimal(L, t, &nb, &is_float)) {
        return false;
    }
    if (nb.overflow) return lex_error(L, t->line, t->col, false, "number literal too long");
    nb.buf[nb.n] = '\0';
    int c = peekc(L, 0);
    if (c == 'L' || c == 'l') {
        if (is_float) return lex_error(L, t->line, t->col, false, "invalid number literal");
        t->kind = T_LONG;
        adv(L);
    } else if (!t->hex && (c == 'f' || c == 'F' || c == 'd' || c == 'D')) {
        t->kind = (c == 'f' || c == 'F') ? T_FLOAT : T_DOUBLE;
        is_float = true;
        adv(L);
    } else {
        t->kind = is_float ? T_DOUBLE : T_INT;
    }
    if (letter_at(L) || is_digit(peekc(L, 0)))
        return lex_error(L, t->line, t->col, false, "invalid character in number literal");
    return is_float ? float_value(L, t, nb.buf) : integer_value(L, t, nb.buf, nb.n, t->hex);
}

/* ---- interpolated strings ---- */

static Token *lex_run(Lexer *L, int *ntoks);

typedef struct {
    InterpPart *items;
    int n, cap;
} PartVec;

static InterpPart *push_part(Lexer *L, PartVec *v) {
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 8;
        InterpPart *ni = arena_alloc(L->scratch, sizeof(InterpPart) * (size_t)cap);
        if (v->n) memcpy(ni, v->items, sizeof(InterpPart) * (size_t)v->n);
        v->items = ni;
        v->cap = cap;
    }
    InterpPart *p = &v->items[v->n++];
    memset(p, 0, sizeof *p);
    return p;
}

static void end_literal_part(Lexer *L, PartVec *v, Buf *b, int line, int col) {
    InterpPart *p = push_part(L, v);
    p->text = buf_done(L, b);
    p->line = line;
    p->col = col;
    b->len = 0;
    if (b->buf) b->buf[0] = '\0';
}

/* ${ ... }: a nested lexer reads up to the matching '}' */
static bool lex_interp_block(Lexer *L, InterpPart *part) {
    if (L->depth >= MAX_INTERP_DEPTH)
        return lex_error(L, L->line, L->col, false, "string interpolations nested too deeply");
    advn(L, 2);
    Lexer sub = {
        .arena = L->arena, .scratch = L->scratch, .p = L->p, .end = L->end,
        .line = L->line, .col = L->col, .err = L->err, .depth = L->depth + 1,
        .in_brace_expr = true,
    };
    part->toks = lex_run(&sub, &part->ntoks);
    if (!part->toks) return false;
    L->p = sub.p;
    L->line = sub.line;
    L->col = sub.col;
    adv(L); /* the closing brace */
    return true;
}

/* $name: an expression part of one identifier token */
static bool lex_interp_ident(Lexer *L, InterpPart *part) {
    int dline = L->line, dcol = L->col;
    adv(L); /* $ */
    const char *s = L->p;
    int line = L->line, col = L->col;
    while (L->p < L->end && (letter_at(L) || is_digit(peekc(L, 0))) && peekc(L, 0) != '$')
        adv_char(L);
    if (L->p == s || is_digit((unsigned char)*s))
        return lex_error(L, dline, dcol, false,
                         "invalid string interpolation: expected '$$', '$name' or '${expression}'");
    Token *toks = arena_alloc(L->scratch, sizeof(Token) * 2);
    size_t n = (size_t)(L->p - s);
    toks[0].kind = reserved_kind(s, n, T_IDENT);
    toks[0].start = s;
    toks[0].len = n;
    toks[0].text = arena_strndup(L->arena, s, n);
    toks[0].line = line;
    toks[0].col = col;
    toks[0].end_line = L->line;
    toks[0].end_col = L->col;
    toks[1] = toks[0];
    toks[1].kind = T_EOF;
    toks[1].start = L->p;
    toks[1].len = 0;
    toks[1].line = L->line;
    toks[1].col = L->col;
    part->toks = toks;
    part->ntoks = 2;
    return true;
}

/* the string's end: returns 1 at the closing quote(s) (consumed), 0 for content, -1 error */
static int interp_end(Lexer *L, Token *t, Buf *b, bool triple) {
    int c = peekc(L, 0);
    if (c < 0)
        return lex_error(L, t->line, t->col, triple, "unclosed %sstring literal",
                         triple ? "multi-line " : ""), -1;
    if (c == '\n' && !triple) return lex_error(L, t->line, t->col, false, "unclosed string literal"), -1;
    if (c != '"') return 0;
    if (!triple) { adv(L); return 1; }
    int run = 0;
    while (peekc(L, run) == '"') run++;
    if (run < 3) { buf_putc(L, b, '"'); adv(L); return 0; }
    for (int i = 0; i < run - 3; i++) buf_putc(L, b, '"');
    advn(L, run);
    return 1;
}

/* After `$` (not consumed): one dollar form into b or a new expression part. */
static bool interp_dollar(Lexer *L, PartVec *parts, Buf *b, int *pline, int *pcol) {
    int c1 = peekc(L, 1);
    if (c1 == '$' || c1 == '"') {
        buf_putc(L, b, c1);
        advn(L, 2);
        return true;
    }
    end_literal_part(L, parts, b, *pline, *pcol);
    InterpPart *part = push_part(L, parts);
    part->is_expr = true;
    part->line = L->line;
    part->col = L->col;
    if (c1 == '{') {
        if (!lex_interp_block(L, part)) return false;
    } else if (!lex_interp_ident(L, part)) {
        return false;
    }
    *pline = L->line;
    *pcol = L->col;
    return true;
}

static bool lex_interp(Lexer *L, Token *t, const char *name, size_t namelen) {
    bool raw = namelen == 3 && memcmp(name, "raw", 3) == 0;
    bool triple = peekc(L, 0) == '"' && peekc(L, 1) == '"' && peekc(L, 2) == '"';
    advn(L, triple ? 3 : 1);
    PartVec parts = {0};
    Buf b = {0};
    int pline = L->line, pcol = L->col;
    for (;;) {
        int e = interp_end(L, t, &b, triple);
        if (e < 0) return false;
        if (e > 0) break;
        int c = peekc(L, 0);
        if (c == '$') {
            if (!interp_dollar(L, &parts, &b, &pline, &pcol)) return false;
        } else if (c == '\\' && !raw) {
            uint32_t cp;
            if (!read_escape(L, &cp)) return false;
            buf_utf8(L, &b, cp);
        } else if (c == '\\' && !triple && peekc(L, 1) == '"') {
            buf_put(L, &b, "\\\"", 2);
            advn(L, 2);
        } else {
            buf_putc(L, &b, c);
            adv(L);
        }
    }
    end_literal_part(L, &parts, &b, pline, pcol);
    t->kind = T_INTERP;
    t->text = arena_strndup(L->arena, name, namelen);
    t->parts = parts.items;
    t->nparts = parts.n;
    return true;
}

/* ---- identifiers and operators ---- */

static bool lex_ident(Lexer *L, Token *t) {
    const char *s = L->p;
    while (letter_at(L) || is_digit(peekc(L, 0))) adv_char(L);
    /* name_op, e.g. unary_- : only after at least one letter or digit before the '_' */
    if (L->p - s > 1 && L->p[-1] == '_' && is_opchar(peekc(L, 0)))
        while (is_opchar(peekc(L, 0))) adv(L);
    size_t n = (size_t)(L->p - s);
    if (peekc(L, 0) == '"') return lex_interp(L, t, s, n);
    t->kind = reserved_kind(s, n, T_IDENT);
    t->text = arena_strndup(L->arena, s, n);
    return true;
}

static bool lex_operator(Lexer *L, Token *t) {
    const char *s = L->p;
    while (is_opchar(peekc(L, 0))) {
        /* a comment start ends the operator */
        if (peekc(L, 0) == '/' && (peekc(L, 1) == '/' || peekc(L, 1) == '*') && L->p > s) break;
        adv(L);
    }
    size_t n = (size_t)(L->p - s);
    t->kind = reserved_kind(s, n, T_OPID);
    t->text = arena_strndup(L->arena, s, n);
    return true;
}

static bool lex_backquoted(Lexer *L, Token *t) {
    adv(L);
    const char *s = L->p;
    while (L->p < L->end && peekc(L, 0) != '`' && peekc(L, 0) >= 0x20) adv(L);
    if (peekc(L, 0) != '`' || L->p == s)
        return lex_error(L, t->line, t->col, false, "unclosed quoted identifier");
    t->kind = T_BQIDENT;
    t->text = arena_strndup(L->arena, s, (size_t)(L->p - s));
    adv(L);
    return true;
}

/* ---- the scanner ---- */

/* ⇒ and ← stand for => and <-; typographic quotes get a hint */
static bool lex_unicode_symbol(Lexer *L, Token *t) {
    int n;
    uint32_t cp = cp_at(L, &n);
    if (is_quote_cp(cp))
        return lex_error(L, t->line, t->col, false,
                         "illegal character '%.*s' (a typographic quote: use ' or \")", n, L->p);
    t->kind = cp == 0x21D2 ? T_ARROW : T_LARROW;
    t->text = tok_spelling(t->kind);
    advn(L, n);
    return true;
}

static bool lex_one(Lexer *L, Token *t) {
    int c = peekc(L, 0);
    if (letter_at(L)) return lex_ident(L, t);
    if (c >= 0x80) return lex_unicode_symbol(L, t);
    if (is_digit(c) || (c == '.' && is_digit(peekc(L, 1)))) return lex_number(L, t);
    if (c == '"') return lex_string(L, t);
    if (c == '\'') return lex_char(L, t);
    if (c == '`') return lex_backquoted(L, t);
    if (c >= 0 && strchr("()[]{},;.", c) && c != 0) {
        t->kind = reserved_kind(L->p, 1, T_EOF);
        adv(L);
        return true;
    }
    if (is_opchar(c)) return lex_operator(L, t);
    if (c >= 0x20 && c < 0x7F)
        return lex_error(L, t->line, t->col, false, "illegal character '%c'", c);
    return lex_error(L, t->line, t->col, false, "illegal character '\\x%02x'", c);
}

/* Raw tokens up to the end (or, in a ${...}, to its closing brace), then T_EOF. */
static bool scan_tokens(Lexer *L) {
    for (;;) {
        if (!skip_space(L)) return false;
        int c = peekc(L, 0);
        if (c < 0 && L->in_brace_expr)
            return lex_error(L, L->line, L->col, true, "unclosed string interpolation");
        if (c < 0 || (c == '}' && L->in_brace_expr && L->braces == 0)) {
            Token *t = push_tok(L, T_EOF, L->p, L->line, L->col);
            end_tok(L, t);
            return true;
        }
        if (c == '{') L->braces++;
        if (c == '}') L->braces--;
        Token *t = push_tok(L, T_EOF, L->p, L->line, L->col);
        int idx = L->n - 1;
        if (!lex_one(L, t)) return false;
        end_tok(L, &L->toks[idx]);
    }
}

/* ---- newline inference ---- */

static bool can_end_stat(const Token *t) {
    /* `???` (Predef's "not implemented") is an expression on its own */
    if (t->kind == T_OPID && t->len == 3 && !memcmp(t->start, "???", 3)) return true;
    switch (t->kind) {
    case T_IDENT: case T_BQIDENT: case T_INT: case T_LONG: case T_DOUBLE: case T_FLOAT:
    case T_CHAR: case T_STRING: case T_INTERP: case T_THIS: case T_NULL: case T_TRUE:
    case T_FALSE: case T_RETURN: case T_TYPE: case T_UNDERSCORE: case T_RPAREN:
    case T_RBRACKET: case T_RBRACE:
        return true;
    default:
        return false; /* operator identifiers too: a line ending in `+` continues */
    }
}

static bool can_begin_stat(const Token *t) {
    switch (t->kind) {
    case T_CATCH: case T_ELSE: case T_EXTENDS: case T_FINALLY: case T_FORSOME: case T_MATCH:
    case T_WITH: case T_YIELD: case T_COMMA: case T_DOT: case T_SEMI: case T_COLON: case T_EQ:
    case T_ARROW: case T_LARROW: case T_SUBTYPE: case T_SUPERTYPE: case T_VIEWBOUND:
    case T_HASH: case T_LBRACKET: case T_RPAREN: case T_RBRACKET: case T_RBRACE: case T_EOF:
        return false;
    case T_CASE:
        return t[1].kind == T_CLASS || t[1].kind == T_OBJECT;
    default:
        return true;
    }
}

/* Copies raw tokens into a new array with T_NL tokens inserted. Regions: '(' and '[' disable
 * newlines; '{', the top level and the parentheses right after `for` enable them. */
static Token *infer_newlines(Lexer *L, const Token *raw, int n, int *nout) {
    Token *out = arena_alloc(L->scratch, sizeof(Token) * (size_t)(2 * n));
    char regions[MAX_REGION_DEPTH];
    int depth = 0, k = 0;
    for (int i = 0; i < n; i++) {
        const Token *t = &raw[i];
        bool enabled = depth == 0 || regions[depth - 1] != '(';
        if (i > 0 && t->nl_before && enabled && can_end_stat(&raw[i - 1]) && can_begin_stat(t)) {
            Token *nl = &out[k++];
            memset(nl, 0, sizeof *nl);
            nl->kind = T_NL;
            nl->start = raw[i - 1].start + raw[i - 1].len;
            nl->line = nl->end_line = raw[i - 1].end_line;
            nl->col = nl->end_col = raw[i - 1].end_col;
        }
        out[k++] = *t;
        if (t->kind == T_LPAREN || t->kind == T_LBRACKET || t->kind == T_LBRACE) {
            if (depth == MAX_REGION_DEPTH) {
                lex_error(L, t->line, t->col, false, "too deeply nested (more than %d levels)",
                          MAX_REGION_DEPTH);
                return NULL;
            }
            bool for_paren = t->kind == T_LPAREN && i > 0 && raw[i - 1].kind == T_FOR;
            regions[depth++] = t->kind == T_LBRACE || for_paren ? '{' : '(';
        } else if ((t->kind == T_RPAREN || t->kind == T_RBRACKET || t->kind == T_RBRACE) && depth > 0) {
            depth--;
        }
    }
    *nout = k;
    return out;
}

/* ---- utilities on token arrays ---- */

int *lex_match_brackets(Arena *scratch, const Token *toks, int n) {
    int *m = arena_alloc(scratch, sizeof(int) * (size_t)n);
    int *stack = arena_alloc(scratch, sizeof(int) * (size_t)n);
    int sp = 0;
    for (int i = 0; i < n; i++) {
        m[i] = -1;
        TokKind k = toks[i].kind;
        if (k == T_LPAREN || k == T_LBRACKET || k == T_LBRACE) {
            stack[sp++] = i;
        } else if ((k == T_RPAREN || k == T_RBRACKET || k == T_RBRACE) && sp > 0) {
            int o = stack[--sp];
            TokKind ok = toks[o].kind;
            if ((ok == T_LPAREN && k == T_RPAREN) || (ok == T_LBRACKET && k == T_RBRACKET) ||
                (ok == T_LBRACE && k == T_RBRACE)) {
                m[o] = i;
                m[i] = o;
            }
        }
    }
    return m;
}

const char *lex_text(Arena *arena, const Token *toks, int n) {
    size_t cap = 1;
    for (int i = 0; i < n; i++) cap += toks[i].len + 1;
    char *s = arena_alloc(arena, cap), *o = s;
    for (int i = 0; i < n; i++) {
        if (i > 0 && toks[i].start != toks[i - 1].start + toks[i - 1].len) *o++ = ' ';
        memcpy(o, toks[i].start, toks[i].len);
        o += toks[i].len;
    }
    *o = '\0';
    return s;
}

/* ---- entry ---- */

static Token *lex_run(Lexer *L, int *ntoks) {
    if (!scan_tokens(L)) return NULL;
    return infer_newlines(L, L->toks, L->n, ntoks);
}

Token *lex_source(Arena *arena, Arena *scratch, const char *src, size_t len, int *ntoks,
                  ParseError *err) {
    memset(err, 0, sizeof *err);
    err->ok = true;
    Lexer L = {
        .arena = arena, .scratch = scratch, .p = src, .end = src + len,
        .line = 1, .col = 1, .err = err,
    };
    return lex_run(&L, ntoks);
}
