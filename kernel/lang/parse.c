/* parse.c — the parser of the Scala subset: tokens (lex.c) to the syntax tree of ast.h.
 *
 * Recursive descent after Scala 2's grammar. Infix expressions and infix patterns are parsed
 * with an explicit operator stack (Scala's precedence and associativity), so long operator
 * chains never deepen the C stack; every other recursion passes through enter(), which bounds
 * the nesting depth. The first error unwinds with longjmp: all allocation is in arenas.
 * Placeholders (`_ + 1`) are collected as they are parsed and bound by the innermost enclosing
 * parse_expr() that is not the placeholder itself (bind_placeholders).
 */
#include "lang/lex.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

static Node *parse_expr(Parser *P);
static Node *parse_infix(Parser *P);
static Node *parse_simple(Parser *P);
static Node *parse_block_expr(Parser *P);
static void parse_stats(Parser *P, StopAt stop, Vec *out, bool in_template);
static Pattern *parse_pattern(Parser *P);
static void parse_type(Parser *P, int flags);

/* ---- errors and tokens ---- */

static const Token *tok(const Parser *P) { return &P->toks[P->pos]; }

static const Token *peek(const Parser *P, int k) {
    int i = P->pos + k;
    return &P->toks[i < P->ntoks ? i : P->ntoks - 1];
}

static bool at(const Parser *P, TokKind k) { return tok(P)->kind == k; }

static void next(Parser *P) {
    if (P->pos < P->ntoks - 1) P->pos++;
}

static bool accept(Parser *P, TokKind k) {
    if (!at(P, k)) return false;
    next(P);
    return true;
}

__attribute__((noreturn, format(printf, 3, 4)))
static void fail_at(Parser *P, const Token *t, const char *fmt, ...) {
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
static void fail_pos(Parser *P, int line, int col, const char *msg) {
    fail_at(P, &(Token){.kind = T_NL, .line = line, .col = col}, "%s", msg);
}

__attribute__((noreturn))
static void fail_expected(Parser *P, const char *what) {
    char buf[80];
    const char *found = P->sub && at(P, T_EOF) ? "'}'" : tok_describe(tok(P), buf, sizeof buf);
    fail_at(P, tok(P), "expected %s but found %s", what, found);
}

static const Token *expect(Parser *P, TokKind k) {
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
static void grow(Parser *P) {
    if (++P->height > MAX_HEIGHT)
        fail_at(P, tok(P), "expression too long or too deeply nested (more than %d levels)", MAX_HEIGHT);
}

static void enter(Parser *P) {
    if (++P->depth > MAX_DEPTH)
        fail_at(P, tok(P), "too deeply nested (more than %d levels)", MAX_DEPTH);
    grow(P);
}

static void leave(Parser *P) {
    P->depth--;
    P->height--;
}

static void skip_nls(Parser *P) {
    while (at(P, T_NL)) next(P);
}

static bool is_op(const Token *t, const char *s) {
    return t->kind == T_OPID && strcmp(t->text, s) == 0;
}

static bool is_ident(const Token *t, const char *s) {
    return t->kind == T_IDENT && strcmp(t->text, s) == 0;
}

/* ---- allocation ---- */

static Node *mk(Parser *P, NodeKind kind, const Token *t) {
    Node *n = arena_alloc(P->arena, sizeof *n);
    n->kind = kind;
    n->line = t->line;
    n->col = t->col;
    n->end_line = t->end_line;
    n->end_col = t->end_col;
    return n;
}

static Node *set_end(Parser *P, Node *n) {
    if (P->pos > 0) {
        const Token *t = &P->toks[P->pos - 1];
        n->end_line = t->end_line;
        n->end_col = t->end_col;
    }
    return n;
}

static Pattern *mkpat(Parser *P, PatternKind kind, const Token *t) {
    Pattern *p = arena_alloc(P->arena, sizeof *p);
    p->kind = kind;
    p->line = t->line;
    p->col = t->col;
    return p;
}

static Vec vec(size_t esz) { return (Vec){.esz = esz}; }

static void *vec_push(Parser *P, Vec *v) {
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 8;
        char *nd = arena_alloc(P->scratch, v->esz * (size_t)cap);
        if (v->n) memcpy(nd, v->data, v->esz * (size_t)v->n);
        v->data = nd;
        v->cap = cap;
    }
    return memset(v->data + v->esz * (size_t)v->n++, 0, v->esz);
}

static void vec_ptr(Parser *P, Vec *v, const void *p) { *(const void **)vec_push(P, v) = p; }

/* A copy of the elements in the tree's arena (NULL when empty). */
static void *vec_done(Parser *P, const Vec *v) {
    if (!v->n) return NULL;
    void *d = arena_alloc(P->arena, v->esz * (size_t)v->n);
    memcpy(d, v->data, v->esz * (size_t)v->n);
    return d;
}

static NodeList node_list(Parser *P, const Vec *v) {
    return (NodeList){.items = vec_done(P, v), .len = v->n};
}

static const char *fresh_name(Parser *P, const char *prefix) {
    char buf[32];
    snprintf(buf, sizeof buf, "%s%d", prefix, ++P->fresh);
    return arena_strndup(P->arena, buf, strlen(buf));
}

static const char *text_of(Parser *P, int from, int to) {
    return lex_text(P->arena, P->toks + from, to - from);
}

/* ---- types: parsed for their extent, kept as text ---- */

static void parse_type_list(Parser *P, TokKind close) {
    next(P);
    if (at(P, close) && close == T_RPAREN) { next(P); return; }
    do {
        if (at(P, T_ARROW)) next(P); /* by-name parameter of a function type */
        parse_type(P, TY_ARROW | TY_WITH);
    } while (accept(P, T_COMMA));
    expect(P, close);
}

static void parse_simple_type(Parser *P) {
    const Token *t = tok(P);
    if (t->kind == T_LPAREN) {
        parse_type_list(P, T_RPAREN);
    } else if (t->kind == T_UNDERSCORE || is_op(t, "?")) {
        next(P);
        while (at(P, T_SUBTYPE) || at(P, T_SUPERTYPE)) {
            next(P);
            parse_type(P, 0);
        }
    } else if (t->kind == T_IDENT || t->kind == T_BQIDENT || t->kind == T_THIS) {
        next(P);
        while (at(P, T_DOT) && (peek(P, 1)->kind == T_IDENT || peek(P, 1)->kind == T_BQIDENT ||
                                peek(P, 1)->kind == T_TYPE)) {
            next(P);
            next(P);
        }
    } else {
        fail_expected(P, "type");
    }
    for (;;) {
        if (at(P, T_LBRACKET)) parse_type_list(P, T_RBRACKET);
        else if (accept(P, T_HASH)) expect(P, T_IDENT);
        else break;
    }
}

static void parse_type(Parser *P, int flags) {
    enter(P);
    parse_simple_type(P);
    while ((flags & TY_WITH) && accept(P, T_WITH)) parse_simple_type(P);
    if (at(P, T_FORSOME)) fail_at(P, tok(P), "unsupported: existential types (forSome)");
    if ((flags & TY_ARROW) && accept(P, T_ARROW)) parse_type(P, flags);
    leave(P);
}

static const char *type_text(Parser *P, int flags) {
    int from = P->pos;
    parse_type(P, flags);
    return text_of(P, from, P->pos);
}

/* [T1, T2] after an expression or in `new C[T]` */
static const char **type_args(Parser *P, int *n) {
    Vec v = vec(sizeof(char *));
    next(P);
    do {
        vec_ptr(P, &v, type_text(P, TY_ARROW | TY_WITH));
    } while (accept(P, T_COMMA));
    expect(P, T_RBRACKET);
    *n = v.n;
    return vec_done(P, &v);
}

/* [T, U <: V : ClassTag] on a def or class: ignored */
static void skip_type_params(Parser *P) {
    if (!at(P, T_LBRACKET)) return;
    int m = P->match[P->pos];
    if (m < 0) {
        P->pos = P->ntoks - 1;
        fail_expected(P, "']'");
    }
    P->pos = m + 1;
}

/* ---- literals ---- */

static Node *int_literal(Parser *P, const Token *t, bool negative) {
    bool is_long = t->kind == T_LONG;
    uint64_t max = is_long ? (t->hex ? UINT64_MAX : (uint64_t)INT64_MAX + negative)
                           : (t->hex ? 0xFFFFFFFFu : (uint64_t)INT32_MAX + negative);
    if (t->uval > max) fail_at(P, t, "integer number too large%s", is_long ? "" : " for Int");
    Node *n = mk(P, is_long ? N_LONG : N_INT, t);
    int64_t v = is_long ? (int64_t)t->uval : (int64_t)(int32_t)(uint32_t)t->uval;
    if (!t->hex && t->uval == max && negative) v = is_long ? INT64_MIN : INT32_MIN;
    else if (negative) v = -v;
    n->ival = v;
    return n;
}

static Node *literal(Parser *P, bool negative) {
    const Token *t = tok(P);
    Node *n;
    switch (t->kind) {
    case T_INT: case T_LONG: n = int_literal(P, t, negative); break;
    case T_DOUBLE: case T_FLOAT:
        n = mk(P, t->kind == T_FLOAT ? N_FLOAT : N_DOUBLE, t);
        n->dval = negative ? -t->dval : t->dval;
        if (t->kind == T_FLOAT) n->dval = (float)n->dval;
        break;
    case T_STRING: n = mk(P, N_STRING, t); n->str = t->text; break;
    case T_CHAR: n = mk(P, N_CHAR, t); n->ival = (int64_t)t->uval; n->str = t->text; break;
    case T_TRUE: case T_FALSE: n = mk(P, N_BOOL, t); n->ival = t->kind == T_TRUE; break;
    case T_NULL: n = mk(P, N_NULL, t); break;
    default: return NULL;
    }
    next(P);
    return n;
}

static bool is_number(TokKind k) { return k == T_INT || k == T_LONG || k == T_DOUBLE || k == T_FLOAT; }

/* ---- interpolated strings ---- */

/* Parses a token array of its own (a ${...} part) as a block. */
static Node *parse_sub(Parser *P, Token *toks, int ntoks, int *match) {
    Parser saved = *P;
    P->toks = toks;
    P->ntoks = ntoks;
    P->pos = 0;
    P->match = match;
    P->sub++;
    const Token *first = tok(P);
    Vec stats = vec(sizeof(Node *));
    parse_stats(P, STOP_EOF, &stats, false);
    if (stats.n == 0) fail_pos(P, first->line, first->col, "expected expression inside ${}");
    P->sub--;
    Node *n;
    if (stats.n == 1) {
        n = *(Node **)stats.data;
    } else {
        n = mk(P, N_BLOCK, first);
        n->list = node_list(P, &stats);
    }
    P->toks = saved.toks;
    P->ntoks = saved.ntoks;
    P->pos = saved.pos;
    P->match = saved.match;
    return n;
}

static Node *parse_interp(Parser *P) {
    const Token *t = tok(P);
    Node *n = mk(P, N_INTERP, t);
    n->str = t->text;
    Vec parts = vec(sizeof(Node *));
    for (int i = 0; i < t->nparts; i++) {
        InterpPart *ip = &t->parts[i];
        Node *part;
        if (ip->is_expr) {
            part = parse_sub(P, ip->toks, ip->ntoks, lex_match_brackets(P->scratch, ip->toks, ip->ntoks));
        } else {
            part = mk(P, N_STRING, t);
            part->line = ip->line;
            part->col = ip->col;
            part->str = ip->text;
        }
        vec_ptr(P, &parts, part);
    }
    n->list = node_list(P, &parts);
    next(P);
    return n;
}

/* ---- placeholders ---- */

static Node *new_placeholder(Parser *P, const Token *t) {
    Node *n = mk(P, N_IDENT, t);
    n->str = fresh_name(P, "_$");
    if (P->nph == P->cph) {
        int cap = P->cph ? P->cph * 2 : 8;
        Node **np = arena_alloc(P->scratch, sizeof(Node *) * (size_t)cap);
        if (P->nph) memcpy(np, P->ph, sizeof(Node *) * (size_t)P->nph);
        P->ph = np;
        P->cph = cap;
    }
    P->ph[P->nph++] = n;
    next(P);
    return n;
}

/* Scala's rule: the placeholders of e become the parameters of a lambda around e, unless e
 * is nothing but one placeholder (then the enclosing expression takes it). */
static Node *bind_placeholders(Parser *P, Node *e, int mark) {
    if (P->nph == mark) return e;
    Node *only = P->nph == mark + 1 ? P->ph[mark] : NULL;
    if (only && (e == only || (e->kind == N_TYPED && e->a == only))) return e;
    Node *lam = mk(P, N_LAMBDA, &(Token){.line = e->line, .col = e->col});
    lam->nparams = P->nph - mark;
    lam->params = arena_alloc(P->arena, sizeof(Param) * (size_t)lam->nparams);
    for (int i = 0; i < lam->nparams; i++) lam->params[i].name = P->ph[mark + i]->str;
    lam->b = e;
    lam->end_line = e->end_line;
    lam->end_col = e->end_col;
    P->nph = mark;
    return lam;
}

/* ---- patterns ---- */

static bool is_varid(const Token *t) {
    return t->kind == T_IDENT && (islower((unsigned char)t->text[0]) || t->text[0] == '_');
}

/* `_*` or `name @ _*` at the end of an argument pattern list */
static bool is_star(const Parser *P) { return at(P, T_UNDERSCORE) && is_op(peek(P, 1), "*"); }

static Pattern *star_pattern(Parser *P) {
    Pattern *p = mkpat(P, P_WILDCARD, tok(P));
    p->varargs = true;
    next(P);
    next(P);
    return p;
}

/* ( p1, p2, ... ): into *subs; sets *varargs when the last is `_*` */
static Pattern **pattern_args(Parser *P, int *n, bool *varargs) {
    Vec v = vec(sizeof(Pattern *));
    expect(P, T_LPAREN);
    while (!at(P, T_RPAREN)) {
        Pattern *p = is_star(P) ? star_pattern(P) : parse_pattern(P);
        vec_ptr(P, &v, p);
        if (p->varargs) { *varargs = true; break; }
        if (!accept(P, T_COMMA)) break;
    }
    expect(P, T_RPAREN);
    *n = v.n;
    return vec_done(P, &v);
}

static Pattern *literal_pattern(Parser *P) {
    const Token *t = tok(P);
    bool neg = is_op(t, "-") && is_number(peek(P, 1)->kind);
    if (neg) next(P);
    if (at(P, T_INTERP)) fail_at(P, tok(P), "unsupported: interpolated string patterns");
    Node *lit = literal(P, neg);
    if (!lit) return NULL;
    Pattern *p = mkpat(P, P_LITERAL, t);
    p->lit = lit;
    return p;
}

/* a.b.C, `x`, this.x: a stable identifier path */
static const char *stable_path(Parser *P) {
    int from = P->pos;
    next(P);
    while (at(P, T_DOT) && (peek(P, 1)->kind == T_IDENT || peek(P, 1)->kind == T_BQIDENT)) {
        next(P);
        next(P);
    }
    if (P->pos == from + 1 && P->toks[from].kind != T_THIS) return P->toks[from].text;
    return text_of(P, from, P->pos);
}

static Pattern *ident_pattern(Parser *P) {
    const Token *t = tok(P);
    if (is_varid(t) && peek(P, 1)->kind != T_DOT && peek(P, 1)->kind != T_LPAREN &&
        peek(P, 1)->kind != T_LBRACKET) {
        Pattern *p = mkpat(P, P_BIND, t);
        p->name = t->text;
        next(P);
        return p;
    }
    Pattern *p = mkpat(P, P_STABLE, t);
    p->name = stable_path(P);
    if (at(P, T_LBRACKET)) skip_type_params(P);
    if (at(P, T_LPAREN)) {
        p->kind = P_EXTRACT;
        p->subs = pattern_args(P, &p->nsubs, &p->varargs);
    }
    return p;
}

static Pattern *simple_pattern(Parser *P) {
    const Token *t = tok(P);
    Pattern *p = literal_pattern(P);
    if (p) return p;
    switch (t->kind) {
    case T_UNDERSCORE:
        next(P);
        return mkpat(P, P_WILDCARD, t);
    case T_IDENT: case T_BQIDENT: case T_THIS:
        return ident_pattern(P);
    case T_LPAREN: {
        bool varargs = false;
        int n;
        Pattern **subs = pattern_args(P, &n, &varargs);
        if (n == 0) {
            p = mkpat(P, P_LITERAL, t);
            p->lit = mk(P, N_UNIT, t);
            return p;
        }
        if (n == 1 && !varargs) return subs[0];
        p = mkpat(P, P_TUPLE, t);
        p->subs = subs;
        p->nsubs = n;
        return p;
    }
    default:
        fail_expected(P, "pattern");
    }
}

static int precedence(const char *op);
static bool right_assoc(const char *op);

/* infix patterns: h :: t, a +: rest (right-associative operators end in ':') */
static Pattern *infix_pattern(Parser *P) {
    Vec operands = vec(sizeof(Pattern *)), ops = vec(sizeof(Token *));
    vec_ptr(P, &operands, simple_pattern(P));
    while ((at(P, T_OPID) && !is_op(tok(P), "|")) || (at(P, T_IDENT) && !is_varid(tok(P)))) {
        grow(P);
        vec_ptr(P, &ops, tok(P));
        next(P);
        vec_ptr(P, &operands, simple_pattern(P));
    }
    Pattern **pv = (Pattern **)operands.data;
    const Token **ov = (const Token **)ops.data;
    /* fold: a run of equal precedence is right-associative when its operators end in ':' */
    for (int i = ops.n - 1; i >= 0; i--) {
        const char *op = ov[i]->text;
        if (!right_assoc(op)) fail_at(P, ov[i], "unsupported: infix pattern operator '%s'", op);
        Pattern *p = mkpat(P, P_EXTRACT, ov[i]);
        p->name = op;
        p->nsubs = 2;
        p->subs = arena_alloc(P->arena, sizeof(Pattern *) * 2);
        p->subs[0] = pv[i];
        p->subs[1] = pv[i + 1];
        p->line = pv[i]->line;
        p->col = pv[i]->col;
        pv[i] = p;
    }
    P->height -= ops.n;
    return pv[0];
}

/* x @ p, or an infix pattern */
static Pattern *pattern2(Parser *P) {
    const Token *t = tok(P);
    if ((is_varid(t) || t->kind == T_UNDERSCORE) && peek(P, 1)->kind == T_AT) {
        next(P);
        next(P);
        Pattern *p = mkpat(P, P_BINDAT, t);
        p->name = t->kind == T_UNDERSCORE ? "_" : t->text;
        p->nsubs = 1;
        p->subs = arena_alloc(P->arena, sizeof(Pattern *));
        if (is_star(P)) {
            p->subs[0] = star_pattern(P);
            p->varargs = true;
        } else {
            p->subs[0] = infix_pattern(P);
        }
        return p;
    }
    return infix_pattern(P);
}

/* x: T, _: T, or pattern2 */
static Pattern *pattern1(Parser *P) {
    const Token *t = tok(P);
    if ((is_varid(t) || t->kind == T_UNDERSCORE) && peek(P, 1)->kind == T_COLON) {
        next(P);
        next(P);
        Pattern *p = mkpat(P, t->kind == T_UNDERSCORE ? P_WILDCARD : P_BIND, t);
        p->name = t->kind == T_UNDERSCORE ? NULL : t->text;
        p->type = type_text(P, TY_WITH);
        return p;
    }
    return pattern2(P);
}

static Pattern *parse_pattern(Parser *P) {
    enter(P);
    Pattern *p = pattern1(P);
    if (is_op(tok(P), "|")) {
        Vec alts = vec(sizeof(Pattern *));
        vec_ptr(P, &alts, p);
        while (is_op(tok(P), "|")) {
            next(P);
            vec_ptr(P, &alts, pattern1(P));
        }
        Pattern *alt = mkpat(P, P_ALT, &(Token){.line = p->line, .col = p->col});
        alt->nsubs = alts.n;
        alt->subs = vec_done(P, &alts);
        p = alt;
    }
    leave(P);
    return p;
}

/* ---- cases ---- */

static bool at_case_clause(const Parser *P) {
    return at(P, T_CASE) && peek(P, 1)->kind != T_CLASS && peek(P, 1)->kind != T_OBJECT;
}

static Node *stats_block(Parser *P, const Token *start, StopAt stop) {
    Node *b = mk(P, N_BLOCK, start);
    Vec stats = vec(sizeof(Node *));
    parse_stats(P, stop, &stats, false);
    b->list = node_list(P, &stats);
    return set_end(P, b);
}

/* a guard: `if` PostfixExpr, where a placeholder has no lambda to belong to */
static Node *parse_guard(Parser *P) {
    int mark = P->nph;
    Node *g = parse_infix(P);
    if (P->nph > mark) fail_pos(P, P->ph[mark]->line, P->ph[mark]->col, "unbound placeholder parameter");
    return g;
}

static void parse_case(Parser *P, Case *c) {
    expect(P, T_CASE);
    c->pat = parse_pattern(P);
    if (accept(P, T_IF)) c->guard = parse_guard(P);
    const Token *arrow = expect(P, T_ARROW);
    c->body = stats_block(P, arrow, STOP_CASE);
}

/* case clauses up to (not including) the closing brace */
static Case *parse_cases(Parser *P, int *n) {
    Vec v = vec(sizeof(Case));
    skip_nls(P);
    if (!at_case_clause(P)) fail_expected(P, "'case'");
    while (at_case_clause(P)) {
        parse_case(P, vec_push(P, &v));
        while (at(P, T_NL) || at(P, T_SEMI)) next(P);
    }
    *n = v.n;
    return vec_done(P, &v);
}

static Case *cases_block(Parser *P, int *n) {
    expect(P, T_LBRACE);
    Case *cs = parse_cases(P, n);
    expect(P, T_RBRACE);
    return cs;
}

/* ---- lambdas ---- */

/* (x: Int, y) or x or _: the parameters before => */
static Param *lambda_params(Parser *P, int *n, bool typed_bare) {
    Vec v = vec(sizeof(Param));
    if (accept(P, T_IMPLICIT)) { /* implicit x => ...: the modifier is ignored */ }
    if (!at(P, T_LPAREN)) {
        Param *p = vec_push(P, &v);
        p->name = at(P, T_UNDERSCORE) ? "_" : tok(P)->text;
        next(P);
        if (typed_bare && accept(P, T_COLON)) p->type = type_text(P, TY_WITH);
        *n = 1;
        return vec_done(P, &v);
    }
    next(P);
    while (!at(P, T_RPAREN)) {
        Param *p = vec_push(P, &v);
        if (at(P, T_UNDERSCORE)) p->name = "_";
        else if (at(P, T_IDENT) || at(P, T_BQIDENT)) p->name = tok(P)->text;
        else fail_expected(P, "parameter name");
        next(P);
        if (accept(P, T_COLON)) p->type = type_text(P, TY_ARROW | TY_WITH);
        if (!accept(P, T_COMMA)) break;
    }
    expect(P, T_RPAREN);
    *n = v.n;
    return vec_done(P, &v);
}

/* Is a lambda's parameter list here? In a block, `x: T =>` too. */
static bool lambda_ahead(const Parser *P, bool in_block) {
    int i = P->pos;
    if (P->toks[i].kind == T_IMPLICIT) i++;
    const Token *t = &P->toks[i];
    if (t->kind == T_IDENT || t->kind == T_UNDERSCORE) {
        if (peek(P, i + 1 - P->pos)->kind == T_ARROW) return true;
        if (!in_block || peek(P, i + 1 - P->pos)->kind != T_COLON) return false;
        for (int j = i + 2; j < P->ntoks; j++) {
            TokKind k = P->toks[j].kind;
            if (k == T_ARROW) return true;
            if (k == T_LPAREN || k == T_LBRACKET) {
                if (P->match[j] < 0) return false;
                j = P->match[j];
            } else if (k == T_NL || k == T_SEMI || k == T_RBRACE || k == T_EOF || k == T_EQ ||
                       k == T_LBRACE || k == T_RPAREN || k == T_COMMA) {
                return false;
            }
        }
        return false;
    }
    if (t->kind != T_LPAREN || P->match[i] < 0) return false;
    return P->toks[P->match[i] + 1].kind == T_ARROW;
}

static Node *parse_lambda(Parser *P, bool block_body) {
    Node *n = mk(P, N_LAMBDA, tok(P));
    n->params = lambda_params(P, &n->nparams, block_body);
    const Token *arrow = expect(P, T_ARROW);
    n->b = block_body ? stats_block(P, arrow, STOP_BRACE) : parse_expr(P);
    return set_end(P, n);
}

/* ---- blocks ---- */

static Node *case_lambda(Parser *P, const Token *brace) {
    Node *n = mk(P, N_LAMBDA, brace);
    n->flags = NF_CASE_LAMBDA;
    n->nparams = 1;
    n->params = arena_alloc(P->arena, sizeof(Param));
    n->params[0].name = fresh_name(P, "x$");
    Node *m = mk(P, N_MATCH, tok(P));
    m->a = mk(P, N_IDENT, brace);
    m->a->str = n->params[0].name;
    m->cases = parse_cases(P, &m->ncases);
    n->b = m;
    return n;
}

static Node *parse_block_expr(Parser *P) {
    const Token *brace = expect(P, T_LBRACE);
    skip_nls(P);
    Node *n;
    if (at_case_clause(P)) n = case_lambda(P, brace);
    else if (lambda_ahead(P, true)) n = parse_lambda(P, true);
    else n = stats_block(P, brace, STOP_BRACE);
    expect(P, T_RBRACE);
    n->line = brace->line;
    n->col = brace->col;
    return set_end(P, n);
}

/* ---- simple expressions ---- */

/* (args): positional or named (name = expr) */
static void parse_args(Parser *P, Node *n) {
    Vec args = vec(sizeof(Node *)), names = vec(sizeof(char *));
    bool named = false;
    expect(P, T_LPAREN);
    while (!at(P, T_RPAREN)) {
        const char *name = NULL;
        if (at(P, T_IDENT) && peek(P, 1)->kind == T_EQ) {
            name = tok(P)->text;
            named = true;
            next(P);
            next(P);
        }
        vec_ptr(P, &names, name);
        Node *arg = parse_expr(P);
        if (arg->kind == N_IDENT) arg->flags |= NF_ETA;   /* f(g): g the function, if g is a def g() */
        vec_ptr(P, &args, arg);
        if (!accept(P, T_COMMA)) break;
    }
    expect(P, T_RPAREN);
    n->list = node_list(P, &args);
    n->names = named ? vec_done(P, &names) : NULL;
}

static Node *parse_new(Parser *P) {
    const Token *t = expect(P, T_NEW);
    if (at(P, T_LBRACE)) fail_at(P, t, "unsupported: anonymous classes");
    Node *n = mk(P, N_NEW, t);
    if (!at(P, T_IDENT) && !at(P, T_BQIDENT)) fail_expected(P, "class name");
    n->str = stable_path(P);
    if (at(P, T_LBRACKET)) n->types = type_args(P, &n->ntypes);
    if (at(P, T_LPAREN)) parse_args(P, n);
    if (at(P, T_LBRACE) || at(P, T_WITH)) fail_at(P, t, "unsupported: anonymous classes");
    return set_end(P, n);
}

static Node *paren_expr(Parser *P) {
    const Token *t = expect(P, T_LPAREN);
    if (accept(P, T_RPAREN)) return set_end(P, mk(P, N_UNIT, t));
    Node *e = parse_expr(P);
    if (!at(P, T_COMMA)) {
        expect(P, T_RPAREN);
        e->flags |= NF_PAREN;
        return e;
    }
    Node *tup = mk(P, N_TUPLE, t);
    Vec items = vec(sizeof(Node *));
    vec_ptr(P, &items, e);
    while (accept(P, T_COMMA) && !at(P, T_RPAREN)) vec_ptr(P, &items, parse_expr(P));
    expect(P, T_RPAREN);
    if (items.n == 1) { /* (e,) */
        e->flags |= NF_PAREN;
        return e;
    }
    if (items.n > 22) fail_at(P, t, "too many elements for a tuple (%d > 22)", items.n);
    tup->list = node_list(P, &items);
    return set_end(P, tup);
}

static Node *simple_start(Parser *P) {
    const Token *t = tok(P);
    Node *n = literal(P, false);
    if (n) return n;
    switch (t->kind) {
    case T_INTERP: return parse_interp(P);
    case T_IDENT: case T_BQIDENT: case T_THIS: case T_SUPER:
        n = mk(P, N_IDENT, t);
        n->str = t->text ? t->text : tok_spelling(t->kind);
        next(P);
        return n;
    case T_UNDERSCORE: return new_placeholder(P, t);
    case T_LPAREN: return paren_expr(P);
    case T_LBRACE: return parse_block_expr(P);
    case T_NEW: return parse_new(P);
    default:
        break;
    }
    if (t->kind == T_OPID && strcmp(t->text, "???") == 0) {   /* Predef.???: a call that throws */
        Node *id = mk(P, N_IDENT, t);
        id->str = t->text;
        n = mk(P, N_APPLY, t);
        n->a = id;
        next(P);
        return n;
    }
    if (t->kind == T_OPID && t->text[0] == '<' && peek(P, 1)->kind == T_IDENT &&
        peek(P, 1)->start == t->start + t->len)
        fail_at(P, t, "unsupported: XML literals");
    fail_expected(P, "expression");
}

/* .name, (args), [types], { block } after a simple expression */
static Node *simple_rest(Parser *P, Node *e) {
    for (int links = 0;; links++) {
        const Token *t = tok(P);
        Node *n;
        if (links) grow(P);
        if (t->kind == T_DOT) {
            next(P);
            const Token *m = tok(P);
            if (m->kind != T_IDENT && m->kind != T_OPID && m->kind != T_BQIDENT)
                fail_expected(P, "member name after '.'");
            n = mk(P, N_SELECT, m);
            n->a = e;
            n->str = m->text;
            next(P);
        } else if (t->kind == T_LPAREN) {
            n = mk(P, N_APPLY, t);
            n->a = e;
            parse_args(P, n);
        } else if (t->kind == T_LBRACKET) {
            n = mk(P, N_TYPEARGS, t);
            n->a = e;
            n->types = type_args(P, &n->ntypes);
        } else if (t->kind == T_LBRACE) {
            n = mk(P, N_APPLY, t);
            n->a = e;
            n->flags = NF_BLOCK_ARG;
            n->list.len = 1;
            n->list.items = arena_alloc(P->arena, sizeof(Node *));
            n->list.items[0] = parse_block_expr(P);
        } else {
            if (t->kind == T_UNDERSCORE && (e->kind == N_IDENT || e->kind == N_SELECT || e->kind == N_APPLY ||
                                            e->kind == N_TYPEARGS)) {
                next(P); /* eta expansion: `f _` is f; `add(1) _` the partial application */
                e->flags |= NF_ETA;
            }
            P->height -= links;
            return e;
        }
        n->line = e->line;
        n->col = e->col;
        e = set_end(P, n);
    }
}

static Node *parse_simple(Parser *P) {
    return simple_rest(P, simple_start(P));
}

/* - + ! ~ applied to a simple expression; -literal is a negative literal */
static Node *parse_prefix(Parser *P) {
    const Token *t = tok(P);
    if (t->kind != T_OPID || strlen(t->text) != 1 || !strchr("-+!~", t->text[0]))
        return parse_simple(P);
    const Token *nt = peek(P, 1);
    if (t->text[0] == '-' && is_number(nt->kind)) {
        next(P);
        Node *lit = literal(P, true);
        lit->line = t->line;
        lit->col = t->col;
        return simple_rest(P, lit);
    }
    next(P);
    Node *n = mk(P, N_PREFIX, t);
    n->str = t->text;
    n->a = parse_simple(P);
    return set_end(P, n);
}

/* ---- infix expressions ---- */

/* Scala's precedence, by the operator's first character */
static int precedence(const char *op) {
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

static bool right_assoc(const char *op) {
    size_t n = strlen(op);
    return n > 0 && op[n - 1] == ':';
}

static bool is_assign_op(const Token *t) {
    if (t->kind != T_OPID) return false;
    const char *s = t->text;
    size_t n = strlen(s);
    return n >= 2 && s[n - 1] == '=' && s[0] != '=' && strcmp(s, "<=") && strcmp(s, ">=") &&
           strcmp(s, "!=");
}

static bool ends_expr(TokKind k) {
    return k == T_NL || k == T_SEMI || k == T_RPAREN || k == T_RBRACE || k == T_RBRACKET ||
           k == T_COMMA || k == T_EOF;
}

/* `xs toList` : an operator followed by what ends an expression is a postfix operator (but a
 * trailing symbolic operator at the end of input is an unfinished infix expression) */
static bool postfix_here(const Parser *P, const Token *op) {
    TokKind after = peek(P, 1)->kind;
    if (after == T_EOF) return op->kind != T_OPID;
    return ends_expr(after) || after == T_CASE || after == T_ELSE || after == T_CATCH ||
           after == T_FINALLY || after == T_YIELD || after == T_IF || after == T_MATCH;
}

typedef struct {
    Vec operands, ops;
} InfixStack;

static void reduce_top(Parser *P, InfixStack *s) {
    const Token *op = ((const Token **)s->ops.data)[--s->ops.n];
    Node **ov = (Node **)s->operands.data;
    Node *b = ov[--s->operands.n], *a = ov[s->operands.n - 1];
    Node *n = mk(P, N_INFIX, op);
    n->str = op->text;
    n->a = a;
    n->b = b;
    n->line = a->line;
    n->col = a->col;
    n->end_line = b->end_line;
    n->end_col = b->end_col;
    ov[s->operands.n - 1] = n;
}

/* reduce while the stacked operator binds at least as tightly as `op` */
static void reduce_for(Parser *P, InfixStack *s, const Token *op) {
    int prec = precedence(op->text);
    bool right = right_assoc(op->text);
    while (s->ops.n > 0) {
        const Token *top = ((const Token **)s->ops.data)[s->ops.n - 1];
        int tp = precedence(top->text);
        if (tp == prec && right_assoc(top->text) != right)
            fail_at(P, op, "left- and right-associative operators with the same precedence "
                           "may not be mixed ('%s' and '%s')", top->text, op->text);
        if (tp < prec || (tp == prec && right)) break;
        reduce_top(P, s);
    }
}

static Node *parse_infix(Parser *P) {
    InfixStack s = {vec(sizeof(Node *)), vec(sizeof(Token *))};
    int height = P->height;
    vec_ptr(P, &s.operands, parse_prefix(P));
    for (;;) {
        const Token *op = tok(P);
        if (op->kind != T_IDENT && op->kind != T_OPID && op->kind != T_BQIDENT) break;
        if (is_assign_op(op)) break;
        if (postfix_here(P, op)) {
            while (s.ops.n) reduce_top(P, &s);
            Node *n = mk(P, N_POSTFIX, op);
            n->str = op->text;
            n->a = ((Node **)s.operands.data)[0];
            n->line = n->a->line;
            n->col = n->a->col;
            next(P);
            P->height = height;
            return n;
        }
        reduce_for(P, &s, op);
        grow(P);
        vec_ptr(P, &s.ops, op);
        next(P);
        vec_ptr(P, &s.operands, parse_prefix(P));
    }
    while (s.ops.n) reduce_top(P, &s);
    P->height = height;
    return ((Node **)s.operands.data)[0];
}

/* ---- compound expressions ---- */

/* ( condition ) */
static Node *condition(Parser *P) {
    expect(P, T_LPAREN);
    Node *c = parse_expr(P);
    expect(P, T_RPAREN);
    return c;
}

/* skips a newline or ';' when `k` follows it (`do x; while`, `try x; catch`, ...) */
static void skip_semi_before(Parser *P, TokKind k) {
    if ((at(P, T_NL) || at(P, T_SEMI)) && peek(P, 1)->kind == k) next(P);
}

static Node *parse_if(Parser *P) {
    Node *n = mk(P, N_IF, tok(P));
    next(P);
    n->a = condition(P);
    skip_nls(P);
    n->b = parse_expr(P);
    skip_semi_before(P, T_ELSE);
    if (accept(P, T_ELSE)) n->c = parse_expr(P);
    return set_end(P, n);
}

static Node *parse_while(Parser *P) {
    Node *n = mk(P, N_WHILE, tok(P));
    next(P);
    n->a = condition(P);
    skip_nls(P);
    n->b = parse_expr(P);
    return set_end(P, n);
}

static Node *parse_do(Parser *P) {
    Node *n = mk(P, N_DOWHILE, tok(P));
    next(P);
    n->b = parse_expr(P);
    skip_semi_before(P, T_WHILE);
    expect(P, T_WHILE);
    n->a = condition(P);
    return set_end(P, n);
}

static void parse_enumerator(Parser *P, Vec *gens) {
    Generator *g = vec_push(P, gens);
    if (accept(P, T_IF)) {
        g->kind = G_GUARD;
        g->expr = parse_guard(P);
        return;
    }
    accept(P, T_VAL);
    g->pat = parse_pattern(P);
    if (accept(P, T_LARROW)) g->kind = G_GEN;
    else if (accept(P, T_EQ)) g->kind = G_VAL;
    else fail_expected(P, "'<-' or '='");
    g->expr = parse_expr(P);
}

static Node *parse_for(Parser *P) {
    Node *n = mk(P, N_FOR, tok(P));
    next(P);
    TokKind close = at(P, T_LBRACE) ? T_RBRACE : T_RPAREN;
    if (!at(P, T_LBRACE) && !at(P, T_LPAREN)) fail_expected(P, "'(' or '{'");
    next(P);
    Vec gens = vec(sizeof(Generator));
    for (;;) {
        while (at(P, T_NL) || at(P, T_SEMI)) next(P);
        if (at(P, close) && gens.n > 0) break;
        if (gens.n == 0 && at(P, T_IF)) fail_expected(P, "generator");
        parse_enumerator(P, &gens);
        if (!at(P, T_NL) && !at(P, T_SEMI) && !at(P, T_IF)) break;
    }
    expect(P, close);
    n->gens = vec_done(P, &gens);
    n->ngens = gens.n;
    skip_nls(P);
    if (accept(P, T_YIELD)) n->flags |= NF_YIELD;
    n->b = parse_expr(P);
    return set_end(P, n);
}

static Node *parse_try(Parser *P) {
    Node *n = mk(P, N_TRY, tok(P));
    next(P);
    n->a = parse_expr(P);
    skip_semi_before(P, T_CATCH);
    if (accept(P, T_CATCH)) {
        if (!at(P, T_LBRACE)) fail_at(P, tok(P), "unsupported: catch without case clauses");
        n->cases = cases_block(P, &n->ncases);
    }
    skip_semi_before(P, T_FINALLY);
    if (accept(P, T_FINALLY)) n->c = parse_expr(P);
    return set_end(P, n);
}

static Node *parse_keyword_expr(Parser *P) {
    const Token *t = tok(P);
    Node *n;
    switch (t->kind) {
    case T_IF: return parse_if(P);
    case T_WHILE: return parse_while(P);
    case T_DO: return parse_do(P);
    case T_FOR: return parse_for(P);
    case T_TRY: return parse_try(P);
    case T_THROW:
        n = mk(P, N_THROW, t);
        next(P);
        n->a = parse_expr(P);
        return set_end(P, n);
    case T_RETURN:
        n = mk(P, N_RETURN, t);
        next(P);
        if (!ends_expr(tok(P)->kind) && !at_case_clause(P)) n->a = parse_expr(P);
        return set_end(P, n);
    default:
        return NULL;
    }
}

static bool assignable(const Node *n) {
    return n->kind == N_IDENT || n->kind == N_SELECT || n->kind == N_APPLY;
}

/* e: T, xs: _* */
static Node *ascription(Parser *P, Node *e) {
    Node *n = mk(P, N_TYPED, tok(P));
    next(P);
    if (is_star(P)) {
        next(P);
        next(P);
        n->type = "_*";
    } else if (at(P, T_AT)) {
        fail_at(P, tok(P), "unsupported: annotations on expressions");
    } else {
        n->type = type_text(P, TY_WITH);
    }
    n->a = e;
    n->line = e->line;
    n->col = e->col;
    return set_end(P, n);
}

static Node *parse_expr_inner(Parser *P) {
    if (lambda_ahead(P, false)) return parse_lambda(P, false);
    Node *e = parse_keyword_expr(P);
    if (e) return e;
    e = parse_infix(P);
    for (;;) {
        const Token *t = tok(P);
        Node *n;
        if (t->kind == T_EQ || is_assign_op(t)) {
            if (!assignable(e)) fail_at(P, t, "invalid assignment target");
            n = mk(P, t->kind == T_EQ ? N_ASSIGN : N_OPASSIGN, t);
            if (t->kind != T_EQ) n->str = arena_strndup(P->arena, t->text, strlen(t->text) - 1);
            next(P);
            n->a = e;
            n->b = parse_expr(P);
        } else if (t->kind == T_COLON) {
            return ascription(P, e);
        } else if (t->kind == T_MATCH) {
            next(P);
            n = mk(P, N_MATCH, t);
            n->a = e;
            n->cases = cases_block(P, &n->ncases);
        } else {
            return e;
        }
        n->line = e->line;
        n->col = e->col;
        e = set_end(P, n);
        if (n->kind != N_MATCH) return e;
    }
}

static Node *parse_expr(Parser *P) {
    enter(P);
    int mark = P->nph;
    Node *e = bind_placeholders(P, parse_expr_inner(P), mark);
    leave(P);
    return e;
}

/* ---- definitions ---- */

static void skip_annotation(Parser *P) {
    expect(P, T_AT);
    parse_simple_type(P);
    if (at(P, T_LPAREN)) {
        Node tmp = {0};
        parse_args(P, &tmp);
    }
}

/* modifiers before a definition: NF_* flags */
static int parse_modifiers(Parser *P) {
    int flags = 0;
    for (;;) {
        switch (tok(P)->kind) {
        case T_AT: skip_annotation(P); continue;
        case T_OVERRIDE: flags |= NF_OVERRIDE; break;
        case T_PRIVATE: case T_PROTECTED:
            flags |= NF_PRIVATE;
            next(P);
            skip_type_params(P); /* private[this], protected[pkg] */
            continue;
        case T_IMPLICIT: flags |= NF_IMPLICIT; break;
        case T_LAZY: flags |= NF_LAZY; break;
        case T_FINAL: case T_SEALED: case T_ABSTRACT: break;
        default: return flags;
        }
        next(P);
    }
}

static void param_clause(Parser *P, Vec *params, bool cls, bool is_case) {
    expect(P, T_LPAREN);
    if (is_ident(tok(P), "using") && (peek(P, 1)->kind == T_IDENT || peek(P, 1)->kind == T_BQIDENT))
        fail_at(P, tok(P), "unsupported: using clauses (Scala 3)");
    accept(P, T_IMPLICIT);
    while (!at(P, T_RPAREN)) {
        parse_modifiers(P);
        Param *p = vec_push(P, params);
        if (cls && accept(P, T_VAL)) p->flags |= NP_VAL;
        else if (cls && accept(P, T_VAR)) p->flags |= NP_VAR;
        else if (cls && is_case) p->flags |= NP_VAL;
        if (!at(P, T_IDENT) && !at(P, T_BQIDENT)) fail_expected(P, "parameter name");
        p->name = tok(P)->text;
        next(P);
        expect(P, T_COLON);
        if (accept(P, T_ARROW)) p->flags |= NP_BYNAME;
        p->type = type_text(P, TY_ARROW | TY_WITH);
        if (is_op(tok(P), "*")) { next(P); p->flags |= NP_VARARGS; }
        if (accept(P, T_EQ)) p->deflt = parse_expr(P);
        if (!accept(P, T_COMMA)) break;
    }
    expect(P, T_RPAREN);
}

static Node *parse_def(Parser *P, int flags) {
    Node *n = mk(P, N_DEF, tok(P));
    n->flags = flags;
    next(P);
    const Token *name = tok(P);
    if (name->kind == T_THIS) fail_at(P, name, "unsupported: auxiliary constructors");
    if (name->kind != T_IDENT && name->kind != T_OPID && name->kind != T_BQIDENT)
        fail_expected(P, "method name");
    n->str = name->text;
    next(P);
    skip_type_params(P);
    Vec params = vec(sizeof(Param)), plists = vec(sizeof(int));
    while (at(P, T_LPAREN)) {
        int before = params.n;
        param_clause(P, &params, false, false);
        *(int *)vec_push(P, &plists) = params.n - before;
    }
    n->params = vec_done(P, &params);
    n->nparams = params.n;
    n->plists = vec_done(P, &plists);
    n->nplists = plists.n;
    if (accept(P, T_COLON)) n->type = type_text(P, TY_ARROW | TY_WITH);
    if (accept(P, T_EQ)) {
        if (at(P, T_MACRO)) fail_at(P, tok(P), "unsupported: macros");
        n->a = parse_expr(P);
    } else if (at(P, T_LBRACE) || (at(P, T_NL) && peek(P, 1)->kind == T_LBRACE && !n->type)) {
        skip_nls(P);
        n->type = "Unit";
        n->a = parse_block_expr(P);
    }
    return set_end(P, n);
}

static Node *parse_val(Parser *P, int flags) {
    Node *n = mk(P, N_VAL, tok(P));
    n->flags = flags | (at(P, T_VAR) ? NF_VAR : 0);
    next(P);
    const Token *t = tok(P);
    TokKind after = peek(P, 1)->kind;
    if ((t->kind == T_IDENT || t->kind == T_BQIDENT) &&
        (after == T_COLON || after == T_EQ || ends_expr(after))) {
        n->pat = mkpat(P, P_BIND, t);
        n->pat->name = t->text;
        next(P);
    } else {
        n->pat = pattern2(P);
    }
    if (at(P, T_COMMA)) fail_at(P, tok(P), "unsupported: several names in one definition");
    if (accept(P, T_COLON)) n->type = type_text(P, TY_ARROW | TY_WITH);
    if (accept(P, T_EQ)) {
        if (at(P, T_UNDERSCORE) && ends_expr(peek(P, 1)->kind) && (n->flags & NF_VAR)) next(P);
        else n->a = parse_expr(P);
    }
    return set_end(P, n);
}

/* extends A(args) with B { body } */
static void parse_template(Parser *P, Node *n) {
    Vec parents = vec(sizeof(char *));
    if (accept(P, T_EXTENDS)) {
        if (at(P, T_LBRACE)) fail_at(P, tok(P), "unsupported: early definitions");
        if (!at(P, T_IDENT) && !at(P, T_BQIDENT)) fail_expected(P, "class name");
        int from = P->pos;
        Node *sup = mk(P, N_NEW, tok(P));
        sup->str = stable_path(P);
        if (at(P, T_LBRACKET)) sup->types = type_args(P, &sup->ntypes);
        vec_ptr(P, &parents, text_of(P, from, P->pos));
        if (at(P, T_LPAREN)) {
            parse_args(P, sup);
            n->a = set_end(P, sup);
        }
        while (accept(P, T_WITH)) vec_ptr(P, &parents, type_text(P, 0));
    }
    n->types = vec_done(P, &parents);
    n->ntypes = parents.n;
    if (at(P, T_NL) && peek(P, 1)->kind == T_LBRACE) next(P);
    if (!at(P, T_LBRACE)) return;
    next(P);
    skip_nls(P);
    if ((at(P, T_IDENT) || at(P, T_THIS)) &&
        (peek(P, 1)->kind == T_ARROW || peek(P, 1)->kind == T_COLON))
        fail_at(P, tok(P), "unsupported: self types");
    Vec stats = vec(sizeof(Node *));
    parse_stats(P, STOP_BRACE, &stats, true);
    expect(P, T_RBRACE);
    n->list = node_list(P, &stats);
}

static Node *parse_class_like(Parser *P, int flags) {
    const Token *start = tok(P);
    bool is_case = accept(P, T_CASE);
    TokKind kw = tok(P)->kind;
    Node *n = mk(P, kw == T_CLASS ? N_CLASS : kw == T_OBJECT ? N_OBJECT : N_TRAIT, start);
    n->flags = flags | (is_case ? NF_CASE_CLASS : 0);
    next(P);
    if (!at(P, T_IDENT) && !at(P, T_BQIDENT)) fail_expected(P, "name");
    n->str = tok(P)->text;
    next(P);
    if (kw != T_OBJECT) skip_type_params(P);
    if (kw == T_CLASS) {
        parse_modifiers(P);
        Vec params = vec(sizeof(Param));
        while (at(P, T_LPAREN)) param_clause(P, &params, true, is_case);
        n->params = vec_done(P, &params);
        n->nparams = params.n;
    }
    parse_template(P, n);
    return set_end(P, n);
}

/* import a.b._, c.{d, e => f}: one N_IMPORT per comma-separated path */
static void parse_import(Parser *P, Vec *out) {
    next(P);
    do {
        const Token *t = tok(P);
        if (t->kind != T_IDENT && t->kind != T_BQIDENT) fail_expected(P, "import path");
        int from = P->pos;
        while (at(P, T_IDENT) || at(P, T_BQIDENT) || at(P, T_DOT) || at(P, T_UNDERSCORE) ||
               at(P, T_LBRACE)) {
            if (at(P, T_LBRACE)) {
                if (P->match[P->pos] < 0) {
                    P->pos = P->ntoks - 1;
                    fail_expected(P, "'}'");
                }
                P->pos = P->match[P->pos];
            }
            next(P);
        }
        Node *n = mk(P, N_IMPORT, t);
        n->str = text_of(P, from, P->pos);
        vec_ptr(P, out, set_end(P, n));
    } while (accept(P, T_COMMA));
}

/* Scala 3 and other constructs outside the subset, named in the error */
static void reject_unsupported(Parser *P, const Token *start, int flags) {
    const Token *t = tok(P), *t1 = peek(P, 1);
    const char *what = NULL;
    if (t->kind == T_TYPE) what = "type alias declarations";
    else if (t->kind == T_PACKAGE) what = "package clauses";
    else if (t->kind == T_MACRO) what = "macros";
    else if (is_ident(t, "enum") && t1->kind == T_IDENT) what = "enum definitions";
    else if (is_ident(t, "given") && (t1->kind == T_IDENT || t1->kind == T_COLON || t1->kind == T_LBRACKET))
        what = "given instances (Scala 3)";
    else if (is_ident(t, "extension") && (t1->kind == T_LPAREN || t1->kind == T_LBRACKET))
        what = "extension methods (Scala 3)";
    else if (is_ident(t, "export") && t1->kind == T_IDENT) what = "export clauses (Scala 3)";
    else if (flags & NF_IMPLICIT) what = "implicit definitions", t = start;
    if (what) fail_at(P, t, "unsupported: %s", what);
}

/* in_template: the statements of a class, object or trait body, where a def or val without a
 * body declares an abstract member; anywhere else Scala rejects it. */
static void parse_stat(Parser *P, Vec *out, bool in_template) {
    enter(P);
    const Token *start = tok(P);
    bool implicit_lambda = at(P, T_IMPLICIT) && peek(P, 1)->kind == T_IDENT && peek(P, 2)->kind == T_ARROW;
    int flags = implicit_lambda ? 0 : parse_modifiers(P);
    reject_unsupported(P, start, flags);
    Node *n;
    switch (tok(P)->kind) {
    case T_IMPORT: parse_import(P, out); leave(P); return;
    case T_VAL: case T_VAR: n = parse_val(P, flags); break;
    case T_DEF: n = parse_def(P, flags); break;
    case T_CLASS: case T_OBJECT: case T_TRAIT: n = parse_class_like(P, flags); break;
    case T_CASE:
        if (at_case_clause(P)) fail_at(P, tok(P), "'case' outside a match or a block of cases");
        n = parse_class_like(P, flags);
        break;
    default:
        if (flags & NF_LAZY) fail_expected(P, "'val' after 'lazy'");
        if (P->pos != start - P->toks) fail_expected(P, "definition after modifiers");
        n = parse_expr(P);
    }
    if ((flags & NF_LAZY) && (n->kind != N_VAL || (n->flags & NF_VAR)))
        fail_at(P, start, "'lazy' is only allowed on vals");
    if (!in_template && (n->kind == N_DEF || n->kind == N_VAL) && !n->a && !(n->flags & NF_VAR))
        fail_at(P, start, "only classes can have declared but undefined members");
    n->line = start->line;
    n->col = start->col;
    vec_ptr(P, out, n);
    leave(P);
}

static bool at_stop(const Parser *P, StopAt stop) {
    if (at(P, T_EOF)) return true;
    if (stop == STOP_CASE && at_case_clause(P)) return true;
    return stop != STOP_EOF && at(P, T_RBRACE);
}

static void parse_stats(Parser *P, StopAt stop, Vec *out, bool in_template) {
    for (;;) {
        while (at(P, T_NL) || at(P, T_SEMI)) next(P);
        if (at_stop(P, stop)) return;
        if (stop == STOP_EOF && (at(P, T_RBRACE) || at(P, T_RPAREN) || at(P, T_RBRACKET))) {
            char buf[16];
            fail_at(P, tok(P), "unmatched %s", tok_describe(tok(P), buf, sizeof buf));
        }
        int mark = P->nph;
        parse_stat(P, out, in_template);
        if (P->nph > mark)
            fail_pos(P, P->ph[mark]->line, P->ph[mark]->col, "unbound placeholder parameter");
        if (!at(P, T_NL) && !at(P, T_SEMI) && !at_stop(P, stop))
            fail_expected(P, "';' or newline");
    }
}

/* ---- entry ---- */

Node *parse_program(Arena *arena, const char *src, size_t len, ParseError *err) {
    Arena *scratch = arena_new();
    int ntoks = 0;
    Token *toks = lex_source(arena, scratch, src ? src : "", src ? len : 0, &ntoks, err);
    if (!toks) {
        arena_free(scratch);
        return NULL;
    }
    jmp_buf jb;
    Parser P = {.arena = arena, .scratch = scratch, .toks = toks, .ntoks = ntoks,
                .err = err, .jb = &jb};
    P.match = lex_match_brackets(scratch, toks, ntoks);
    Node *volatile root = NULL;
    if (setjmp(jb) == 0) {
        root = mk(&P, N_BLOCK, &toks[0]);
        root->line = root->col = 1;
        Vec stats = vec(sizeof(Node *));
        parse_stats(&P, STOP_EOF, &stats, false);
        root->list = node_list(&P, &stats);
        set_end(&P, root);
        ast_resolve(root);
    } else {
        root = NULL;
    }
    arena_free(scratch);
    return root;
}
