/* parse_stmt.c — statements and definitions: modifiers and annotations, def, val/var, class,
 * case class, object, trait (templates and parents), import, and the statement sequences of
 * blocks, templates and the cell (parse_stats).
 */
#include "lang/parse_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- definitions ---- */

/* Skips an annotation; whether it is @transient. */
static bool skip_annotation(Parser *P) {
    expect(P, T_AT);
    const char *name = tok(P)->text;
    bool transient = name && !strcmp(name, "transient");
    parse_simple_type(P);
    if (at(P, T_LPAREN)) {
        Node tmp = {0};
        parse_args(P, &tmp);
    }
    return transient;
}

/* modifiers before a definition: NF_* flags */
static int parse_modifiers(Parser *P) {
    int flags = 0;
    for (;;) {
        switch (tok(P)->kind) {
        case T_AT: if (skip_annotation(P)) flags |= NF_TRANSIENT; continue;
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

/* A def's type parameters, [T, U <: Ordered[U] : ClassTag]: each as the REPL echoes it, its
 * bounds kept and context/view bounds dropped ("T", "U <: Ordered[U]"). */
static const char **def_type_params(Parser *P, int *n) {
    Vec v = vec(sizeof(char *));
    *n = 0;
    if (!at(P, T_LBRACKET)) return NULL;
    if (P->match[P->pos] < 0) { skip_type_params(P); return NULL; }
    next(P);
    while (!at(P, T_RBRACKET) && !at(P, T_EOF)) {
        if (is_op(tok(P), "+") || is_op(tok(P), "-")) next(P);
        int from = P->pos;
        if (!at(P, T_IDENT) && !at(P, T_UNDERSCORE)) fail_expected(P, "type parameter");
        next(P);
        if (at(P, T_LBRACKET)) skip_type_params(P);          /* F[_] */
        while (accept(P, T_SUBTYPE) || accept(P, T_SUPERTYPE)) type_text(P, TY_ARROW | TY_WITH);
        vec_ptr(P, &v, text_of(P, from, P->pos));
        while (accept(P, T_COLON) || accept(P, T_VIEWBOUND)) type_text(P, TY_ARROW | TY_WITH);
        if (!accept(P, T_COMMA)) break;
    }
    expect(P, T_RBRACKET);
    *n = v.n;
    return vec_done(P, &v);
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
    n->types = def_type_params(P, &n->ntypes);
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
        if (at(P, T_UNDERSCORE) && ends_expr(peek(P, 1)->kind) && (n->flags & NF_VAR)) {
            next(P);
            n->flags |= NF_DEFAULT_INIT;
        }
        else n->a = parse_expr(P);
    }
    return set_end(P, n);
}

/* extends A(args) with B { body } */
void parse_template(Parser *P, Node *n) {
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
    vec_ptr(P, out, set_end(P, n));     /* the REPL's requests are told apart by lines */
    leave(P);
}

static bool at_stop(const Parser *P, StopAt stop) {
    if (at(P, T_EOF)) return true;
    if (stop == STOP_CASE && at_case_clause(P)) return true;
    return stop != STOP_EOF && at(P, T_RBRACE);
}

void parse_stats(Parser *P, StopAt stop, Vec *out, bool in_template) {
    for (;;) {
        while (at(P, T_NL) || at(P, T_SEMI)) next(P);
        if (at_stop(P, stop)) return;
        if (stop == STOP_EOF && (at(P, T_RBRACE) || at(P, T_RPAREN) || at(P, T_RBRACKET))) {
            char buf[16];
            fail_at(P, tok(P), "unmatched %s", tok_describe(tok(P), buf, sizeof buf));
        }
        int mark = P->nph, first = out->n;
        parse_stat(P, out, in_template);
        for (int i = first; i < out->n; i++) set_end(P, ((Node **)out->data)[i]);   /* the REPL's units */
        if (P->nph > mark)
            fail_pos(P, P->ph[mark]->line, P->ph[mark]->col, "unbound placeholder parameter");
        if (!at(P, T_NL) && !at(P, T_SEMI) && !at_stop(P, stop))
            fail_expected(P, "';' or newline");
    }
}
