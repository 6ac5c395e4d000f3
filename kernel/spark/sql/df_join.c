/* df_join.c — DataFrame joins as one DuckDB SELECT over both parents' queries:
 * df.join(other) (no condition), join(other, "col" | Seq(cols) [, type]) (using columns: they come
 * first, once, then the other columns of the left side and of the right side, as Spark orders them),
 * join(other, condition [, type]) (all the left columns, then all the right ones), crossJoin.
 * Join types as Spark spells them: inner, left/left_outer/leftouter, right…, full/outer/full_outer,
 * left_semi/semi, left_anti/anti, cross. Columns a left/right/full join may leave empty become
 * nullable. Each side is read by position (`#1 AS "l0"`), so sides whose columns share names (an
 * earlier join's output) stay apart; df("a") Columns remember their DataFrame (Expr.lit), so a
 * condition such as a("id") === b("id") finds each side, and later a("id")/b("id") over the joined
 * DataFrame find their own column (the joins registered here by their schema).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"

typedef enum { J_INNER, J_LEFT, J_RIGHT, J_FULL, J_SEMI, J_ANTI, J_CROSS } JoinType;

static const struct { const char *name; JoinType t; } join_names[] = {
    {"inner", J_INNER}, {"outer", J_FULL}, {"full", J_FULL}, {"fullouter", J_FULL},
    {"leftouter", J_LEFT}, {"left", J_LEFT}, {"rightouter", J_RIGHT}, {"right", J_RIGHT},
    {"leftsemi", J_SEMI}, {"semi", J_SEMI}, {"leftanti", J_ANTI}, {"anti", J_ANTI}, {"cross", J_CROSS},
};

/* Spark's JoinType(typ): lower case, underscores ignored. */
static bool join_type(Interp *I, const char *s, JoinType *t) {
    char buf[64];
    size_t n = 0;
    for (const char *p = s; *p && n < sizeof buf - 1; p++)
        if (*p != '_') buf[n++] = (char)tolower((unsigned char)*p);
    buf[n] = 0;
    for (size_t i = 0; i < sizeof join_names / sizeof join_names[0]; i++)
        if (!strcmp(buf, join_names[i].name)) { *t = join_names[i].t; return true; }
    return interp_throw(I, "java.lang.IllegalArgumentException",
                        "Unsupported join type '%s'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', "
                        "'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', "
                        "'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.", s);
}

/* ---- which joined columns came from which DataFrame ---- */

/* A join's output schema (held, so its address is not reused while registered), the queries of its
 * two sides and where each side's columns are in it (-1: not in the output). */
typedef struct {
    DataType *schema;
    DataType *lschema, *rschema;   /* the sides' (a side may be a join itself) */
    char *lsql, *rsql;
    int *lpos, *rpos;        /* per side column: its index in the output */
    int nl, nr;
} JoinInfo;
static JoinInfo *joins;
static int njoins, cjoins;

static void join_info_free(JoinInfo *j) {
    dt_unref(j->schema);
    dt_unref(j->lschema);
    dt_unref(j->rschema);
    free(j->lsql);
    free(j->rsql);
    free(j->lpos);
    free(j->rpos);
}

/* Forgets the joins no DataFrame uses any more (only this table holds their schema), the newest
 * first, so a join that was a side of a forgotten one goes too. */
static void joins_prune(void) {
    for (int i = njoins - 1; i >= 0; i--) {
        if (joins[i].schema->rc > 1) continue;
        join_info_free(&joins[i]);
        memmove(&joins[i], &joins[i + 1], (size_t)(njoins - i - 1) * sizeof *joins);
        njoins--;
    }
}

static void join_register(DataType *schema, DataFrame *l, DataFrame *r, int *lpos, int *rpos) {
    joins_prune();
    if (njoins == cjoins) {
        cjoins = cjoins ? cjoins * 2 : 8;
        joins = realloc(joins, (size_t)cjoins * sizeof *joins);
        if (!joins) abort();
    }
    joins[njoins++] = (JoinInfo){dt_ref(schema), dt_ref(l->schema), dt_ref(r->schema), strdup(l->sql), strdup(r->sql),
                                 lpos, rpos, l->schema->nfields, r->schema->nfields};
}

/* The length of the first part of a column name (`a.b`.c → 5, a.b → 1). */
static size_t head_len(const char *name) {
    const char *p = name;
    if (*p == '`') {
        for (p++; *p; p++) {
            if (*p == '`' && p[1] == '`') p++;
            else if (*p == '`') return (size_t)(p + 1 - name);
        }
        return strlen(name);
    }
    while (*p && *p != '.') p++;
    return (size_t)(p - name);
}

/* The first part of a name without its backquotes. malloc'd. */
static char *head_name(const char *name, size_t hl) {
    if (name[0] != '`') return strndup(name, hl);
    char *s = malloc(hl + 1), *o = s;
    for (size_t i = 1; i + 1 < hl; i++) {
        if (name[i] == '`' && name[i + 1] == '`') i++;
        *o++ = name[i];
    }
    *o = 0;
    return s;
}

int df_join_resolve(const DataType *schema, Value origin, const char *name) {
    DataFrame *o = df_get(origin);
    if (!o) return -1;
    for (int i = njoins - 1; i >= 0; i--) {
        JoinInfo *j = &joins[i];
        if (j->schema != schema) continue;
        size_t hl = head_len(name);
        char *head = head_name(name, hl);
        int fi = dt_field_index(o->schema, head);
        free(head);
        if (fi < 0) return -1;
        /* the left side first: a self-join's columns are the left ones, as Spark resolves them */
        if (!strcmp(o->sql, j->lsql) && fi < j->nl) return j->lpos[fi];
        if (!strcmp(o->sql, j->rsql) && fi < j->nr) return j->rpos[fi];
        int k = df_join_resolve(j->lschema, origin, name);   /* a side that is a join of origin */
        if (k >= 0 && k < j->nl) return j->lpos[k];
        k = df_join_resolve(j->rschema, origin, name);
        if (k >= 0 && k < j->nr) return j->rpos[k];
        return -1;
    }
    return -1;
}

/* ---- the join ---- */

typedef struct {
    Interp *I;
    DataFrame *l, *r;
} Sides;

/* "l3" / "r0": a side's column i in the joined FROM clause. */
static void side_col(StrBuf *b, char side, int i) { sb_printf(b, "\"%c%d\"", side, i); }

/* (SELECT #1 AS "l0", #2 AS "l1" … FROM (df)) side */
static void side_from(StrBuf *b, const DataFrame *df, char side) {
    sb_puts(b, "(SELECT ");
    for (int i = 0; i < df->schema->nfields; i++) sb_printf(b, "%s#%d AS \"%c%d\"", i ? ", " : "", i + 1, side, i);
    if (!df->schema->nfields) sb_puts(b, "NULL AS \"_\"");
    sb_printf(b, " FROM (%s)) %c", df->sql, side);
}

static const char *join_sql(JoinType t, bool has_cond) {
    switch (t) {
    case J_LEFT: return "LEFT JOIN";
    case J_RIGHT: return "RIGHT JOIN";
    case J_FULL: return "FULL JOIN";
    case J_SEMI: return "SEMI JOIN";
    case J_ANTI: return "ANTI JOIN";
    default: return has_cond ? "INNER JOIN" : "CROSS JOIN";
    }
}

typedef struct { DataType *schema; StrBuf sel; int n, *lpos, *rpos; } Out;

static void out_add(Out *o, const char *sql_name, char side, int i, const DtField *f, bool nullable) {
    if (o->n) sb_puts(&o->sel, ", ");
    if (sql_name) sb_puts(&o->sel, sql_name);
    else side_col(&o->sel, side, i);
    sb_puts(&o->sel, " AS ");
    sql_ident(&o->sel, f->name);
    o->schema->fields[o->n].name = strdup(f->name);
    o->schema->fields[o->n].type = dt_ref(f->type);
    o->schema->fields[o->n].nullable = f->nullable || nullable;
    if (side == 'l' && i >= 0) o->lpos[i] = o->n;
    if (side == 'r' && i >= 0) o->rpos[i] = o->n;
    o->n++;
}

/* Builds the DataFrame: SELECT out FROM l JOIN r ON cond; DuckDB checks it now. */
static bool finish(Sides *s, JoinType t, Out *o, const char *cond, Value *out) {
    StrBuf b = {0};
    sb_printf(&b, "SELECT %s FROM ", o->n ? o->sel.s : "NULL AS \"_\"");
    side_from(&b, s->l, 'l');
    sb_printf(&b, " %s ", join_sql(t, cond != NULL));
    side_from(&b, s->r, 'r');
    if (cond) sb_printf(&b, " ON %s", cond);
    else if (t != J_INNER && t != J_CROSS) sb_puts(&b, " ON true");
    sb_reset(&o->sel);
    o->schema->nfields = o->n;
    char *sql = sb_take(&b), *err = NULL;
    DataType *desc = NULL;
    if (!sql_describe(s->l->st, sql, &desc, &err)) {
        sql_raise(s->I, err ? err : "invalid join", NULL);
        free(err);
        free(sql);
        dt_unref(o->schema);
        free(o->lpos);
        free(o->rpos);
        return false;
    }
    dt_unref(desc);
    join_register(o->schema, s->l, s->r, o->lpos, o->rpos);
    DataFrame *parents[2] = {s->l, s->r};
    *out = df_make(s->l->st, o->schema, sql, parents, 2, NULL);
    return true;
}

static void out_init(Out *o, Sides *s) {
    memset(o, 0, sizeof *o);
    o->schema = dt_struct_new(s->l->schema->nfields + s->r->schema->nfields);
    o->lpos = malloc(((size_t)s->l->schema->nfields + 1) * sizeof(int));
    o->rpos = malloc(((size_t)s->r->schema->nfields + 1) * sizeof(int));
    for (int i = 0; i < s->l->schema->nfields; i++) o->lpos[i] = -1;
    for (int i = 0; i < s->r->schema->nfields; i++) o->rpos[i] = -1;
}

static bool left_nullable(JoinType t) { return t == J_RIGHT || t == J_FULL; }
static bool right_nullable(JoinType t) { return t == J_LEFT || t == J_FULL; }

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* join(other, usingColumns, type) */
static bool join_using(Sides *s, const char *const *names, int nn, JoinType t, Value *out) {
    const DataType *ls = s->l->schema, *rs = s->r->schema;
    int *lk = calloc((size_t)nn + 1, sizeof *lk), *rk = calloc((size_t)nn + 1, sizeof *rk);
    for (int k = 0; k < nn; k++) {
        lk[k] = dt_field_index(ls, names[k]);
        rk[k] = dt_field_index(rs, names[k]);
        if (lk[k] < 0 || rk[k] < 0) {
            const DataType *side = lk[k] < 0 ? ls : rs;
            const char **sorted = calloc((size_t)side->nfields + 1, sizeof *sorted);
            for (int i = 0; i < side->nfields; i++) sorted[i] = side->fields[i].name;
            qsort(sorted, (size_t)side->nfields, sizeof *sorted, cmp_names);
            StrBuf b = {0};
            for (int i = 0; i < side->nfields; i++) sb_printf(&b, "%s`%s`", i ? ", " : "", sorted[i]);
            free(sorted);
            df_analysis(s->I, "[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `%s` cannot be resolved on the %s side of the join. The %s-side columns: [%s].",
                        names[k], lk[k] < 0 ? "left" : "right", lk[k] < 0 ? "left" : "right", b.s ? b.s : "");
            sb_reset(&b);
            free(lk);
            free(rk);
            return false;
        }
    }
    Out o;
    out_init(&o, s);
    StrBuf cond = {0}, key = {0};
    for (int k = 0; k < nn; k++) {
        if (k) sb_puts(&cond, " AND ");
        sb_puts(&cond, "l.");
        side_col(&cond, 'l', lk[k]);
        sb_puts(&cond, " = r.");
        side_col(&cond, 'r', rk[k]);
        key.len = 0;
        if (t == J_FULL) {
            sb_puts(&key, "COALESCE(l.");
            side_col(&key, 'l', lk[k]);
            sb_puts(&key, ", r.");
            side_col(&key, 'r', rk[k]);
            sb_putc(&key, ')');
            out_add(&o, key.s, 'l', lk[k], &ls->fields[lk[k]], true);
            o.rpos[rk[k]] = o.n - 1;
        } else if (t == J_RIGHT) {
            out_add(&o, NULL, 'r', rk[k], &rs->fields[rk[k]], false);
        } else {
            out_add(&o, NULL, 'l', lk[k], &ls->fields[lk[k]], false);
            o.rpos[rk[k]] = o.n - 1;
        }
    }
    sb_reset(&key);
    for (int i = 0; i < ls->nfields; i++) {
        bool is_key = false;
        for (int k = 0; k < nn; k++) is_key |= lk[k] == i;
        if (!is_key) out_add(&o, NULL, 'l', i, &ls->fields[i], left_nullable(t));
    }
    for (int i = 0; t != J_SEMI && t != J_ANTI && i < rs->nfields; i++) {
        bool is_key = false;
        for (int k = 0; k < nn; k++) is_key |= rk[k] == i;
        if (!is_key) out_add(&o, NULL, 'r', i, &rs->fields[i], right_nullable(t));
    }
    free(lk);
    free(rk);
    bool ok = finish(s, t, &o, nn ? cond.s : NULL, out);
    sb_reset(&cond);
    return ok;
}

/* ---- join(other, condition) ---- */

/* A copy of e whose column references name the joined sides' columns ("l0", "r2"…). NULL with an
 * exception raised. */
static Expr *map_cond(Sides *s, const Expr *e) {
    Expr *c = calloc(1, sizeof *c);
    if (!c) abort();
    *c = *e;
    c->rc = 1;
    c->name = e->name ? strdup(e->name) : NULL;
    val_incref(c->lit);
    for (int i = 0; i < e->nargs; i++) c->args[i] = NULL;
    c->nargs = 0;
    for (int i = 0; i < e->nargs; i++) {
        c->args[i] = map_cond(s, e->args[i]);
        if (!c->args[i]) { expr_unref(c); return NULL; }
        c->nargs++;
    }
    if (e->kind == EX_SQL) {
        expr_unref(c);
        interp_throw(s->I, "java.lang.UnsupportedOperationException",
                     "a SQL text in a join condition is not supported here: use Columns (a(\"id\") === b(\"id\")) or the column names");
        return NULL;
    }
    if (e->kind != EX_COL) return c;
    size_t hl = head_len(e->name);
    char *head = head_name(e->name, hl);
    DataFrame *o = df_get(e->lit);
    int li = dt_field_index(s->l->schema, head), ri = dt_field_index(s->r->schema, head);
    char side = 0;
    int idx = -1;
    if (o == s->l && li >= 0) side = 'l', idx = li;
    else if (o == s->r && ri >= 0) side = 'r', idx = ri;
    else if (o && o != s->l && o != s->r) {   /* a DataFrame the sides were made from */
        int k;
        if (li >= 0 && !strcmp(o->sql, s->l->sql)) side = 'l', idx = li;
        else if (ri >= 0 && !strcmp(o->sql, s->r->sql)) side = 'r', idx = ri;
        else if ((k = df_join_resolve(s->l->schema, e->lit, e->name)) >= 0) side = 'l', idx = k;
        else if ((k = df_join_resolve(s->r->schema, e->lit, e->name)) >= 0) side = 'r', idx = k;
    }
    if (!side && li >= 0 && ri >= 0) {
        df_analysis(s->I, "[AMBIGUOUS_REFERENCE] Reference `%s` is ambiguous, could be: [`%s`, `%s`].", head, head, head);
        free(head);
        expr_unref(c);
        return NULL;
    }
    if (!side) side = li >= 0 ? 'l' : ri >= 0 ? 'r' : 0, idx = li >= 0 ? li : ri;
    if (!side) {
        StrBuf b = {0};
        for (int k = 0; k < 2; k++) {
            const DataType *t = k ? s->r->schema : s->l->schema;
            for (int i = 0; i < t->nfields; i++) sb_printf(&b, "%s`%s`", b.len ? ", " : "", t->fields[i].name);
        }
        df_analysis(s->I, "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `%s` cannot be resolved. Did you mean one of the following? [%s].",
                    head, b.s ? b.s : "");
        sb_reset(&b);
        free(head);
        expr_unref(c);
        return NULL;
    }
    free(head);
    free(c->name);
    if (asprintf(&c->name, "%c%d%s", side, idx, e->name + hl) < 0) abort();
    val_decref(c->lit);
    c->lit = v_unit();
    return c;
}

static bool join_on(Sides *s, const Expr *cond, JoinType t, Value *out) {
    Expr *m = map_cond(s, cond);
    if (!m) return false;
    const DataType *ls = s->l->schema, *rs = s->r->schema;
    DataType *both = dt_struct_new(ls->nfields + rs->nfields);
    for (int k = 0, n = 0; k < 2; k++) {
        const DataType *t2 = k ? rs : ls;
        for (int i = 0; i < t2->nfields; i++, n++) {
            char nm[24];
            snprintf(nm, sizeof nm, "%c%d", k ? 'r' : 'l', i);
            both->fields[n].name = strdup(nm);
            both->fields[n].type = dt_ref(t2->fields[i].type);
            both->fields[n].nullable = t2->fields[i].nullable;
        }
    }
    Compiled x;
    bool ok = expr_compile(s->I, m, both, &x);
    expr_unref(m);
    dt_unref(both);
    if (!ok) return false;
    if (x.is_agg) {
        compiled_clear(&x);
        return df_analysis(s->I, "Aggregate functions are not allowed in a join condition");
    }
    Out o;
    out_init(&o, s);
    for (int i = 0; i < ls->nfields; i++) out_add(&o, NULL, 'l', i, &ls->fields[i], left_nullable(t));
    for (int i = 0; t != J_SEMI && t != J_ANTI && i < rs->nfields; i++) out_add(&o, NULL, 'r', i, &rs->fields[i], right_nullable(t));
    ok = finish(s, t, &o, x.sql, out);
    compiled_clear(&x);
    return ok;
}

/* df.join(right[, using | condition][, joinType]) */
bool df_join(Call *c, Value *out) {
    Sides s = {c->I, df_self(c), c->argc ? df_get(c->argv[0]) : NULL};
    if (!s.l) return false;
    if (!s.r) return interp_throw(c->I, "java.lang.IllegalArgumentException", "join: the first argument must be a DataFrame");
    JoinType t = J_INNER;
    const char *tn;
    if (c->argc > 2 && (!arg_string(c, 2, &tn) || !join_type(c->I, tn, &t))) return false;
    if (c->argc < 2) {
        Out o;
        out_init(&o, &s);
        for (int i = 0; i < s.l->schema->nfields; i++) out_add(&o, NULL, 'l', i, &s.l->schema->fields[i], false);
        for (int i = 0; i < s.r->schema->nfields; i++) out_add(&o, NULL, 'r', i, &s.r->schema->fields[i], false);
        return finish(&s, J_INNER, &o, NULL, out);
    }
    Value on = c->argv[1];
    Expr *cond = column_expr(on);
    if (cond) return join_on(&s, cond, t, out);
    if (on.t == T_STR) {
        const char *name = as_str(on)->s;
        return join_using(&s, &name, 1, t, out);
    }
    Value *items;
    size_t n;
    if (!interp_iter_items(c->I, on, &items, &n)) return false;
    const char **names = calloc(n + 1, sizeof *names);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        if (items[i].t == T_STR) names[i] = as_str(items[i])->s;
        else ok = interp_throw(c->I, "java.lang.IllegalArgumentException", "join: the using columns must be Strings");
    }
    if (ok) ok = join_using(&s, names, (int)n, t, out);
    free(names);
    interp_free_items(items, n);
    return ok;
}

/* df.crossJoin(right): every pair of rows */
bool df_cross_join(Call *c, Value *out) {
    Sides s = {c->I, df_self(c), c->argc ? df_get(c->argv[0]) : NULL};
    if (!s.l) return false;
    if (!s.r) return interp_throw(c->I, "java.lang.IllegalArgumentException", "crossJoin: the argument must be a DataFrame");
    Out o;
    out_init(&o, &s);
    for (int i = 0; i < s.l->schema->nfields; i++) out_add(&o, NULL, 'l', i, &s.l->schema->fields[i], false);
    for (int i = 0; i < s.r->schema->nfields; i++) out_add(&o, NULL, 'r', i, &s.r->schema->fields[i], false);
    return finish(&s, J_CROSS, &o, NULL, out);
}
