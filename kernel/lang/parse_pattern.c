/* parse_pattern.c — patterns (literals, binders, typed, stable identifiers, extractors, tuples,
 * alternatives, infix `h :: t`, `name @ p`, `_*`) and the case clauses of match, catch and
 * partial-function literals.
 */
#include "lang/parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- patterns ---- */

static bool is_varid(const Token *t) {
    return t->kind == T_IDENT && (islower((unsigned char)t->text[0]) || t->text[0] == '_');
}


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
const char *stable_path(Parser *P) {
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
Pattern *pattern2(Parser *P) {
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

Pattern *parse_pattern(Parser *P) {
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


Node *stats_block(Parser *P, const Token *start, StopAt stop) {
    Node *b = mk(P, N_BLOCK, start);
    Vec stats = vec(sizeof(Node *));
    parse_stats(P, stop, &stats, false);
    b->list = node_list(P, &stats);
    return set_end(P, b);
}

/* a guard: `if` PostfixExpr, where a placeholder has no lambda to belong to */
Node *parse_guard(Parser *P) {
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
Case *parse_cases(Parser *P, int *n) {
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

Case *cases_block(Parser *P, int *n) {
    expect(P, T_LBRACE);
    Case *cs = parse_cases(P, n);
    expect(P, T_RBRACE);
    return cs;
}
