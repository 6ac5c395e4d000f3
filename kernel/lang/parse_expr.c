/* parse_expr.c — expressions: lambdas, blocks, simple expressions (literals, names, selection,
 * application, `new`, parentheses and tuples), prefix and infix operators (Scala's precedence,
 * with an explicit operator stack), if/while/do/for/try, assignment, ascription and match.
 */
#include "lang/parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static Node *parse_simple(Parser *P);

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

Node *parse_block_expr(Parser *P) {
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
void parse_args(Parser *P, Node *n) {
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
    if (at(P, T_LBRACE) || at(P, T_WITH)) {
        /* new P(args) with Q { body }: an anonymous class extending P (n->b), its constructor's
         * arguments P's (the class's a, as `extends P(args)`) */
        Vec parents = vec(sizeof(char *));
        vec_ptr(P, &parents, n->str);
        while (accept(P, T_WITH)) vec_ptr(P, &parents, type_text(P, 0));
        Node *cls = mk(P, N_CLASS, t);
        cls->str = "$anon";
        if (n->list.len) {
            Node *sup = mk(P, N_NEW, t);
            sup->str = n->str;
            sup->list = n->list;
            sup->names = n->names;
            n->list = (NodeList){0};
            n->names = NULL;
            cls->a = set_end(P, sup);
        }
        Node *args = cls->a;
        parse_template(P, cls);
        cls->a = args;
        cls->types = vec_done(P, &parents);
        cls->ntypes = parents.n;
        n->b = set_end(P, cls);
    }
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
            n->name_line = m->line;
            n->name_col = m->col;
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



static bool is_assign_op(const Token *t) {
    if (t->kind != T_OPID) return false;
    const char *s = t->text;
    size_t n = strlen(s);
    return n >= 2 && s[n - 1] == '=' && s[0] != '=' && strcmp(s, "<=") && strcmp(s, ">=") &&
           strcmp(s, "!=");
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

/* A node of kind for operator op, spanning from a to b. */
static Node *span_node(Parser *P, NodeKind kind, const Token *op, const Node *a, const Node *b) {
    Node *n = mk(P, kind, op);
    n->str = op->text;
    n->name_line = op->line;
    n->name_col = op->col;
    n->line = a->line;
    n->col = a->col;
    n->end_line = b->end_line;
    n->end_col = b->end_col;
    return n;
}

static void reduce_top(Parser *P, InfixStack *s) {
    const Token *op = ((const Token **)s->ops.data)[--s->ops.n];
    Node **ov = (Node **)s->operands.data;
    Node *b = ov[--s->operands.n], *a = ov[s->operands.n - 1];
    Node *n;
    if (b->kind == N_UNIT && op->kind == T_IDENT) {   /* `x cache()` is x.cache() */
        n = span_node(P, N_APPLY, op, a, b);
        n->str = NULL;
        n->a = span_node(P, N_SELECT, op, a, a);
        n->a->a = a;
    } else {
        n = span_node(P, N_INFIX, op, a, b);
        n->a = a;
        n->b = b;
    }
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

Node *parse_infix(Parser *P) {
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
            n->name_line = op->line;
            n->name_col = op->col;
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

Node *parse_expr(Parser *P) {
    enter(P);
    int mark = P->nph;
    Node *e = bind_placeholders(P, parse_expr_inner(P), mark);
    leave(P);
    return e;
}
