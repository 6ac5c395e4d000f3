/* df_window.c — window functions over a DataFrame's rows, as org.apache.spark.sql.expressions.Window:
 * Window.partitionBy(...).orderBy(...)[.rowsBetween/rangeBetween(a, b)] makes a WindowSpec;
 * row_number(), rank(), dense_rank(), percent_rank(), cume_dist(), ntile(n), lag/lead(col, n[,
 * default]) and the aggregates (sum, avg, min, max, count, first …) take it with .over(spec). An
 * "over" node (df_expr.c asks) compiles to DuckDB's `f(...) OVER (PARTITION BY … ORDER BY … frame)`
 * and is named as Spark names it, the frame Spark fills in spelled out.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/sql/df_internal.h"

#define UNBOUNDED_PRECEDING INT64_MIN
#define UNBOUNDED_FOLLOWING INT64_MAX

typedef struct {
    Expr **part, **order;
    int npart, norder;
    int frame;            /* 0: Spark's default, 'R' rowsBetween, 'G' rangeBetween */
    int64_t lo, hi;
} WindowSpec;

static void spec_finalize(void *d) {
    WindowSpec *w = d;
    if (!w) return;
    for (int i = 0; i < w->npart; i++) expr_unref(w->part[i]);
    for (int i = 0; i < w->norder; i++) expr_unref(w->order[i]);
    free(w->part);
    free(w->order);
    free(w);
}

static HostClass spec_class;

static WindowSpec *spec_copy(const WindowSpec *s) {
    WindowSpec *w = calloc(1, sizeof *w);
    if (!w) abort();
    if (!s) return w;
    *w = *s;
    w->part = calloc((size_t)s->npart + 1, sizeof *w->part);
    w->order = calloc((size_t)s->norder + 1, sizeof *w->order);
    if (!w->part || !w->order) abort();
    for (int i = 0; i < s->npart; i++) w->part[i] = expr_ref(s->part[i]);
    for (int i = 0; i < s->norder; i++) w->order[i] = expr_ref(s->order[i]);
    return w;
}

/* The spec a call starts from: the WindowSpec it is a method of, or none (Window's own methods). */
static const WindowSpec *self_spec(Call *c) {
    return c->self.t == T_HOST && as_host(c->self)->cls == &spec_class ? as_host(c->self)->data : NULL;
}

/* The arguments as columns (names are columns; one Seq of them too). */
static bool spec_exprs(Call *c, Expr ***out, int *n) {
    Value *items = c->argv, *owned = NULL;
    size_t cnt = (size_t)c->argc;
    if (cnt == 1 && c->argv[0].t == T_SEQ) {
        if (!interp_iter_items(c->I, c->argv[0], &owned, &cnt)) return false;
        items = owned;
    }
    Expr **ex = calloc(cnt + 1, sizeof *ex);
    if (!ex) abort();
    int k = 0;
    for (size_t i = 0; i < cnt; i++) {
        if (!(ex[k] = expr_of(c->I, items[i], true))) {
            while (k--) expr_unref(ex[k]);
            free(ex);
            interp_free_items(owned, owned ? cnt : 0);
            return false;
        }
        k++;
    }
    interp_free_items(owned, owned ? cnt : 0);
    *out = ex;
    *n = k;
    return true;
}

static bool ws_by(Call *c, Value *out) {
    Expr **ex;
    int n;
    if (!spec_exprs(c, &ex, &n)) return false;
    WindowSpec *w = spec_copy(self_spec(c));
    bool part = CALL_TAG(c) == 'p';
    Expr ***at = part ? &w->part : &w->order;
    int *nat = part ? &w->npart : &w->norder;
    for (int i = 0; i < *nat; i++) expr_unref((*at)[i]);   /* Spark's partitionBy/orderBy replace */
    free(*at);
    *at = ex;
    *nat = n;
    *out = host_new(&spec_class, w);
    return true;
}

static bool ws_between(Call *c, Value *out) {
    int64_t lo, hi;
    if (!arg_long(c, 0, &lo) || !arg_long(c, 1, &hi)) return false;
    WindowSpec *w = spec_copy(self_spec(c));
    w->frame = (int)CALL_TAG(c);
    w->lo = lo;
    w->hi = hi;
    *out = host_new(&spec_class, w);
    return true;
}

static bool w_unbounded_preceding(Call *c, Value *out) { (void)c; *out = v_long(UNBOUNDED_PRECEDING); return true; }
static bool w_unbounded_following(Call *c, Value *out) { (void)c; *out = v_long(UNBOUNDED_FOLLOWING); return true; }
static bool w_current_row(Call *c, Value *out) { (void)c; *out = v_long(0); return true; }

static const MethodDef spec_methods[] = {
    METHOD_DATA("partitionBy", ws_by, 'p', 0, -1, "def partitionBy(cols: Column*): WindowSpec", "The rows are windowed within groups of equal values of these columns."),
    METHOD_DATA("orderBy", ws_by, 'o', 0, -1, "def orderBy(cols: Column*): WindowSpec", "The order of the rows within a partition."),
    METHOD_DATA("rowsBetween", ws_between, 'R', 2, 2, "def rowsBetween(start: Long, end: Long): WindowSpec",
                "The frame: rows from start to end relative to the current one (Window.unboundedPreceding, Window.currentRow …)."),
    METHOD_DATA("rangeBetween", ws_between, 'G', 2, 2, "def rangeBetween(start: Long, end: Long): WindowSpec",
                "The frame: rows whose order value lies from start to end relative to the current one's."),
};
static const MethodDef window_methods[] = {
    METHOD_DATA("partitionBy", ws_by, 'p', 0, -1, "def partitionBy(cols: Column*): WindowSpec", "A window partitioned by these columns."),
    METHOD_DATA("orderBy", ws_by, 'o', 0, -1, "def orderBy(cols: Column*): WindowSpec", "A window ordered by these columns."),
    METHOD_DATA("rowsBetween", ws_between, 'R', 2, 2, "def rowsBetween(start: Long, end: Long): WindowSpec", "A window with this row frame."),
    METHOD_DATA("rangeBetween", ws_between, 'G', 2, 2, "def rangeBetween(start: Long, end: Long): WindowSpec", "A window with this range frame."),
    METHOD("unboundedPreceding", w_unbounded_preceding, 0, 0, "def unboundedPreceding: Long", "The frame's start at the partition's first row."),
    METHOD("unboundedFollowing", w_unbounded_following, 0, 0, "def unboundedFollowing: Long", "The frame's end at the partition's last row."),
    METHOD("currentRow", w_current_row, 0, 0, "def currentRow: Long", "The current row, as a frame boundary."),
};

static char *spec_to_string(Interp *I, void *d) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "org.apache.spark.sql.expressions.WindowSpec@%x", (unsigned)((uintptr_t)d >> 4)) < 0) abort();
    return s;
}
static char *window_to_string(Interp *I, void *d) {
    (void)I;
    (void)d;
    return strdup("org.apache.spark.sql.expressions.Window$@0");
}

static HostClass spec_class = {.name = "WindowSpec", .qualified = "org.apache.spark.sql.expressions.WindowSpec",
                               .doc = "A window: partitionBy, orderBy and a frame, for a window function's over(...).",
                               .doc_url = DF_DOC "expressions/WindowSpec.html", HOST_METHODS(spec_methods),
                               .finalize = spec_finalize, .to_string = spec_to_string};
static HostClass window_class = {.name = "Window$", .qualified = "org.apache.spark.sql.expressions.Window$",
                                 .doc = "Makes WindowSpecs: Window.partitionBy(\"dept\").orderBy($\"salary\".desc).",
                                 .doc_url = DF_DOC "expressions/Window$.html", HOST_METHODS(window_methods),
                                 .to_string = window_to_string};

/* ---- the functions ---- */

/* row_number() …: a node of no arguments; ntile(n), lag/lead(col, offset[, default]) keep theirs. */
static bool fn_ranking(Call *c, Value *out) {
    if (!call_arity(c, 0, 0)) return false;
    *out = column_value(expr_node(EX_FUNC, c->name, 0, NULL, NULL));
    return true;
}

static bool fn_ntile(Call *c, Value *out) {
    int64_t n;
    if (!call_arity(c, 1, 1) || !arg_long(c, 0, &n)) return false;
    *out = column_value(expr_node(EX_FUNC, "ntile", 1, expr_lit(v_int((int)n)), NULL));
    return true;
}

static bool fn_lag_lead(Call *c, Value *out) {
    int64_t off = 1;
    if (!call_arity(c, 1, 3) || (c->argc > 1 && !arg_long(c, 1, &off))) return false;
    Expr *a = expr_of(c->I, c->argv[0], true);
    if (!a) return false;
    Expr *d = c->argc > 2 ? expr_of(c->I, c->argv[2], false) : expr_lit(v_null());
    if (!d) { expr_unref(a); return false; }
    Expr *e = expr_node(EX_FUNC, c->name, 3, a, expr_lit(v_int((int)off)));
    e->args[2] = d;
    *out = column_value(e);
    return true;
}

bool df_col_over(Call *c, Value *out) {
    Expr *f = column_expr(c->self);
    if (!f) return false;
    WindowSpec *w;
    if (c->argc == 0) w = spec_copy(NULL);
    else if (c->argv[0].t == T_HOST && as_host(c->argv[0])->cls == &spec_class) w = spec_copy(as_host(c->argv[0])->data);
    else return interp_throw(c->I, "java.lang.IllegalArgumentException", "over: the argument is not a WindowSpec (Window.partitionBy(...).orderBy(...))");
    Expr *e = expr_node(EX_FUNC, "over", 1, expr_ref(f), NULL);
    e->lit = host_new(&spec_class, w);
    *out = column_value(e);
    return true;
}

static const MethodDef window_functions[] = {
    METHOD("row_number", fn_ranking, 0, 0, "def row_number(): Column", "The row's number within its window partition, from 1."),
    METHOD("rank", fn_ranking, 0, 0, "def rank(): Column", "The row's rank within its window partition, with gaps after ties."),
    METHOD("dense_rank", fn_ranking, 0, 0, "def dense_rank(): Column", "The row's rank within its window partition, without gaps."),
    METHOD("percent_rank", fn_ranking, 0, 0, "def percent_rank(): Column", "(rank - 1) / (rows in the partition - 1)."),
    METHOD("cume_dist", fn_ranking, 0, 0, "def cume_dist(): Column", "The fraction of the partition's rows ordered at or before this one."),
    METHOD("ntile", fn_ntile, 1, 1, "def ntile(n: Int): Column", "Which of n nearly equal groups of the ordered partition the row is in, from 1."),
    METHOD("lag", fn_lag_lead, 1, 3, "def lag(e: Column, offset: Int, defaultValue: Any = null): Column", "The value offset rows before, within the window partition."),
    METHOD("lead", fn_lag_lead, 1, 3, "def lead(e: Column, offset: Int, defaultValue: Any = null): Column", "The value offset rows after, within the window partition."),
};

/* ---- compiling ---- */

static bool is_ranking(const char *f) {
    return !strcmp(f, "row_number") || !strcmp(f, "rank") || !strcmp(f, "dense_rank") || !strcmp(f, "percent_rank") ||
           !strcmp(f, "cume_dist") || !strcmp(f, "ntile");
}
static bool is_offset(const char *f) { return !strcmp(f, "lag") || !strcmp(f, "lead"); }

bool df_is_window_function(const Expr *e) {
    return e->kind == EX_FUNC && (is_ranking(e->name) || is_offset(e->name));
}

static void boundary(StrBuf *b, int64_t v, bool spark) {
    if (v == UNBOUNDED_PRECEDING) sb_puts(b, "UNBOUNDED PRECEDING");
    else if (v == UNBOUNDED_FOLLOWING) sb_puts(b, "UNBOUNDED FOLLOWING");
    else if (v == 0) sb_puts(b, "CURRENT ROW");
    else if (spark) sb_printf(b, "%lld FOLLOWING", (long long)v);   /* Spark writes -1 FOLLOWING */
    else sb_printf(b, v < 0 ? "%lld PRECEDING" : "%lld FOLLOWING", (long long)(v < 0 ? -v : v));
}

/* Spark's name of a ranking function: RANK(), DENSE_RANK(), PERCENT_RANK() upper case, the others not. */
static void ranking_name(StrBuf *b, const char *f) {
    bool upper = !strcmp(f, "rank") || !strcmp(f, "dense_rank") || !strcmp(f, "percent_rank");
    for (const char *p = f; *p; p++) sb_putc(b, upper ? (char)toupper((unsigned char)*p) : *p);
    sb_puts(b, "()");
}

/* A window function used without over(…): Spark's error. */
bool df_window_without_over(Interp *I, const Expr *e) {
    StrBuf n = {0};
    if (is_ranking(e->name) && strcmp(e->name, "ntile")) ranking_name(&n, e->name);
    else sb_printf(&n, "%s(…)", e->name);
    df_unresolved(I, "[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function \"%s\" requires an OVER clause.;", n.s);
    sb_reset(&n);
    return false;
}

/* f OVER (…): f a window function or an aggregate; the window in e->lit. */
bool df_compile_over(Interp *I, const Expr *e, const DataType *schema, Compiled *out) {
    const Expr *f = e->args[0];
    const WindowSpec *w = as_host(e->lit)->data;
    StrBuf sql = {0}, name = {0}, win = {0}, wname = {0};
    Compiled a = {0};
    bool ok = true, cast_int = false, ranking = f->kind == EX_FUNC && is_ranking(f->name), offset = f->kind == EX_FUNC && is_offset(f->name);
    if (ranking) {
        if (!strcmp(f->name, "ntile")) {
            int n = f->args[0]->lit.u.i;
            sb_printf(&sql, "CAST(ntile(%d)", n);
            cast_int = true;
            sb_printf(&name, "ntile(%d)", n);
        } else {
            bool dbl = !strcmp(f->name, "percent_rank") || !strcmp(f->name, "cume_dist");
            sb_printf(&sql, dbl ? "%s()" : "CAST(%s()", f->name);
            cast_int = !dbl;
            /* Spark's names: RANK(), DENSE_RANK(), PERCENT_RANK() upper case, the others not */
            ranking_name(&name, f->name);
        }
        bool dbl = f->name[0] == 'p' || f->name[0] == 'c';
        out->type = dt_prim(dbl ? DT_DOUBLE : DT_INT);
        out->nullable = false;
        if (!w->norder) {
            sb_reset(&sql);
            sb_reset(&name);
            return df_analysis(I, "Window function %s() requires window to be ordered, please add ORDER BY clause. For example SELECT %s()(value_expr) OVER (PARTITION BY window_partition ORDER BY window_ordering) from table.",
                               f->name, f->name);
        }
    } else if (offset) {
        Compiled d = {0};
        ok = expr_compile(I, f->args[0], schema, &a) && expr_compile(I, f->args[2], schema, &d);
        if (ok) {
            int off = f->args[1]->lit.u.i;
            sb_printf(&sql, "%s(%s, %d, %s)", f->name, a.sql, off, d.sql);
            sb_printf(&name, "%s(%s, %d, %s)", f->name, a.name, off, d.name);
            out->type = dt_ref(a.type);
            out->nullable = true;
        }
        compiled_clear(&d);
    } else {
        ok = expr_compile(I, f, schema, &a);
        if (ok && !a.is_agg) {
            ok = df_unresolved(I, "[UNSUPPORTED_EXPR_FOR_WINDOW] Expression \"%s\" not supported within a window function.;", a.name);
        }
        if (ok) {
            sb_puts(&sql, a.sql);
            sb_puts(&name, a.name);
            out->type = dt_ref(a.type);
            out->nullable = a.nullable;
        }
    }
    for (int i = 0; ok && i < w->npart; i++) {
        Compiled p;
        if (!(ok = expr_compile(I, w->part[i], schema, &p))) break;
        sb_printf(&win, "%s%s", i ? ", " : "PARTITION BY ", p.sql);
        sb_printf(&wname, "%s%s", i ? ", " : "PARTITION BY ", p.name);
        compiled_clear(&p);
    }
    for (int i = 0; ok && i < w->norder; i++) {
        Compiled o;
        const Expr *x = w->order[i];
        if (!(ok = expr_compile(I, x, schema, &o))) break;
        bool desc = x->kind == EX_SORT && x->desc, nulls_first = x->kind == EX_SORT ? x->nulls_first : true;
        sb_printf(&win, "%s%s", i ? ", " : win.len ? " ORDER BY " : "ORDER BY ", o.sql);
        if (x->kind != EX_SORT) sb_puts(&win, " ASC NULLS FIRST");
        sb_printf(&wname, "%s%s %s NULLS %s", i ? ", " : wname.len ? " ORDER BY " : "ORDER BY ", o.name, desc ? "DESC" : "ASC",
                  nulls_first ? "FIRST" : "LAST");
        compiled_clear(&o);
    }
    if (ok) {
        /* the frame: what the query says, else Spark's default (spelled out in the name) */
        int kind = w->frame;
        int64_t lo = w->lo, hi = w->hi;
        if (!kind) {
            if (offset) {
                int off = f->args[1]->lit.u.i;
                kind = 'R';
                lo = hi = !strcmp(f->name, "lag") ? -off : off;
            } else if (ranking) {   /* cume_dist's frame is a range (Spark's CumeDist) */
                kind = strcmp(f->name, "cume_dist") ? 'R' : 'G', lo = UNBOUNDED_PRECEDING, hi = 0;
            } else if (w->norder) {
                kind = 'G', lo = UNBOUNDED_PRECEDING, hi = 0;
            } else {
                kind = 'R', lo = UNBOUNDED_PRECEDING, hi = UNBOUNDED_FOLLOWING;
            }
            if (!ranking && !offset && w->norder) {   /* DuckDB's default is this one */
            } else if (!ranking && !offset) {
                sb_printf(&win, "%sROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING", win.len ? " " : "");
            }
        } else if (!ranking && !offset) {
            sb_printf(&win, "%s%s BETWEEN ", win.len ? " " : "", kind == 'R' ? "ROWS" : "RANGE");
            boundary(&win, lo, false);
            sb_puts(&win, " AND ");
            boundary(&win, hi, false);
        }
        sb_printf(&wname, "%s%s BETWEEN ", wname.len ? " " : "", kind == 'R' ? "ROWS" : "RANGE");
        boundary(&wname, lo, true);
        sb_puts(&wname, " AND ");
        boundary(&wname, hi, true);
        sb_printf(&sql, " OVER (%s)%s", win.s ? win.s : "", cast_int ? " AS INTEGER)" : "");
        sb_printf(&name, " OVER (%s)", wname.s ? wname.s : "");
        out->sql = sb_take(&sql);
        out->name = sb_take(&name);
        out->is_agg = false;
    } else {
        if (out->type) dt_unref(out->type);
        out->type = NULL;
        sb_reset(&sql);
        sb_reset(&name);
    }
    sb_reset(&win);
    sb_reset(&wname);
    compiled_clear(&a);
    return ok;
}

void window_init(Interp *I) {
    interp_register_class(I, &spec_class);
    interp_register_class(I, &window_class);
    static const char *const names[] = {"Window", "org.apache.spark.sql.expressions.Window", NULL};
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], host_new(&window_class, NULL), "object Window", window_class.doc);
    df_register_functions(I, window_functions, (int)(sizeof window_functions / sizeof window_functions[0]));
}
