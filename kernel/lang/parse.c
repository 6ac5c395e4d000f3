/* parse.c — the parser of the Scala subset: tokens (lex.c) to the syntax tree of ast.h.
 *
 * Recursive descent after Scala 2's grammar. Infix expressions and infix patterns are parsed
 * with an explicit operator stack (Scala's precedence and associativity), so long operator
 * chains never deepen the C stack; every other recursion passes through enter(), which bounds
 * the nesting depth. The first error unwinds with longjmp: all allocation is in arenas.
 * Placeholders (`_ + 1`) are collected as they are parsed and bound by the innermost enclosing
 * parse_expr() that is not the placeholder itself (bind_placeholders).
 *
 * This file: types (kept as text), literals, interpolated strings, placeholders and the entry
 * (parse_program). Expressions are in parse_expr.c, patterns and cases in parse_pattern.c,
 * statements and definitions in parse_stmt.c; parse_internal.h holds what they share.
 */
#include "lang/parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void parse_type(Parser *P, int flags);

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

void parse_simple_type(Parser *P) {
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

const char *type_text(Parser *P, int flags) {
    int from = P->pos;
    parse_type(P, flags);
    return text_of(P, from, P->pos);
}

/* [T1, T2] after an expression or in `new C[T]` */
const char **type_args(Parser *P, int *n) {
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
void skip_type_params(Parser *P) {
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

Node *literal(Parser *P, bool negative) {
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

Node *parse_interp(Parser *P) {
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

Node *new_placeholder(Parser *P, const Token *t) {
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
Node *bind_placeholders(Parser *P, Node *e, int mark) {
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
