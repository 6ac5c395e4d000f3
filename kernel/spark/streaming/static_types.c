/* static_types.c — the static element type of a DStream whose elements come from a function the
 * REPL cannot type by itself: transform's RDD => RDD function (`stream.transform(rdd =>
 * rdd.join(dataset))` is a DStream[(String, (Int, String))] in spark-shell). Until the interpreter
 * can give a lambda's static result type, the common shapes are typed here from the syntax: the
 * body is a chain of RDD methods on the parameter (join & co, filter, distinct, union, keys …)
 * whose RDD arguments are names bound to RDDs. Anything else stays unknown (DStream[Any]). */
#include "spark/streaming/streaming_internal.h"
#include "lang/ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *fmt3(const char *fmt, const char *a, const char *b, const char *c) {
    char *s = NULL;
    if (asprintf(&s, fmt, a, b, c) < 0) return NULL;
    return s;
}

static bool name_in(const char *m, const char *const *names) {
    for (int i = 0; names[i]; i++) if (!strcmp(m, names[i])) return true;
    return false;
}

/* The element type of the RDD expression e inside the function (param: its RDD parameter, of
 * elements pt; env: the function's closure), or NULL. */
static char *rdd_expr_type(Interp *I, Env *env, const Node *e, const char *param, const char *pt, int depth) {
    if (!e || depth > 16) return NULL;
    if (e->kind == N_BLOCK) return e->list.len == 1 ? rdd_expr_type(I, env, e->list.items[0], param, pt, depth + 1) : NULL;
    if (e->kind == N_IDENT) {
        if (!strcmp(e->str, param)) return strdup(pt);
        Slot *s = env_lookup(env, e->str);
        Rdd *r = s && !(s->flags & SLOT_LAZY) ? rdd_get(s->v) : NULL;
        char *t = r ? rdd_elem_type(I, r) : NULL;
        if (t && !strcmp(t, "Any")) { free(t); t = NULL; }
        return t;
    }
    const Node *sel = e->kind == N_APPLY ? e->a : e;
    if (sel->kind == N_TYPEARGS) sel = sel->a;
    if (sel->kind != N_SELECT && sel->kind != N_POSTFIX) return NULL;
    int nargs = e->kind == N_APPLY ? e->list.len : 0;
    const char *m = sel->str;
    char *rt = rdd_expr_type(I, env, sel->a, param, pt, depth + 1);
    if (!rt) return NULL;
    static const char *const same[] = {"filter", "distinct", "union", "++", "repartition", "coalesce", "sortBy",
                                       "sortByKey", "partitionBy", "subtract", "subtractByKey", "intersection",
                                       "cache", "persist", "sample", "setName", NULL};
    static const char *const joins[] = {"join", "leftOuterJoin", "rightOuterJoin", "fullOuterJoin", "cogroup", NULL};
    static const char *const join_fmt[] = {"(%s, (%s, %s))", "(%s, (%s, Option[%s]))", "(%s, (Option[%s], %s))",
                                           "(%s, (Option[%s], Option[%s]))", "(%s, (Iterable[%s], Iterable[%s]))"};
    char *t = NULL, *k = NULL, *v = NULL, *k2 = NULL, *w = NULL;
    if (name_in(m, same)) t = strdup(rt);
    else if (name_in(m, joins) && nargs >= 1) {
        char *ot = rdd_expr_type(I, env, e->list.items[0], param, pt, depth + 1);
        if (spark_pair_types(rt, &k, &v) && spark_pair_types(ot, &k2, &w)) {
            int i = 0;
            while (strcmp(joins[i], m)) i++;
            t = fmt3(join_fmt[i], k, v, w);
        }
        free(ot);
    } else if ((!strcmp(m, "keys") || !strcmp(m, "values") || !strcmp(m, "groupByKey")) && spark_pair_types(rt, &k, &v)) {
        t = !strcmp(m, "keys") ? strdup(k) : !strcmp(m, "values") ? strdup(v) : fmt3("(%s, Iterable[%s])%s", k, v, "");
    } else if (!strcmp(m, "reduceByKey") && spark_pair_types(rt, &k, &v)) {
        t = strdup(rt);
    }
    free(k); free(v); free(k2); free(w); free(rt);
    return t;
}

char *ds_transform_elem_type(Interp *I, Value fn, const char *param_elem) {
    if (!param_elem || fn.t != T_FUNC) return NULL;
    FuncObj *f = as_func(fn);
    if (!f->def || f->def->kind != N_LAMBDA || f->def->nparams < 1 || f->def->nparams > 2) return NULL;
    char *t = rdd_expr_type(I, f->env, f->def->b, f->def->params[0].name, param_elem, 0);
    if (t || f->def->nparams != 1) return t;
    /* otherwise the interpreter's inference of the lambda's result (rdd => rdd.map(...) …): RDD[T] gives T */
    size_t n = strlen(param_elem) + 32;
    char *arg = malloc(n);
    snprintf(arg, n, "org.apache.spark.rdd.RDD[%s]", param_elem);
    const char *args[1] = {arg};
    char *res = interp_infer_fn_result(I, fn, args, 1);
    free(arg);
    if (!res) return NULL;
    const char *p = !strncmp(res, "org.apache.spark.rdd.RDD[", 25) ? res + 25 : !strncmp(res, "RDD[", 4) ? res + 4 : NULL;
    size_t len = p ? strlen(p) : 0;
    if (p && len > 1 && p[len - 1] == ']' && strcmp(p, "Any]")) t = strndup(p, len - 1);
    free(res);
    return t;
}
