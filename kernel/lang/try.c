/* try.c — scala.util.Try (Success, Failure) and scala.util.Either (Right, Left) as notebooks use
 * them to parse records:
 * Try(expr) runs expr and keeps its value (Success) or the exception it threw (Failure; a compile
 * error or an interrupt is not caught, as Scala's NonFatal lets fatal ones through); get,
 * getOrElse, toOption, isSuccess/isFailure, map/flatMap/foreach, recover, orElse; the patterns
 * Success(v) and Failure(e) (eval_pattern.c). A Try remembers its REPL type, scala.util.Try[T],
 * T from the expression's static type (interp's infer) or else its value's.
 * Right(v) and Left(v): map/flatMap (right-biased, as 2.12's), fold, isLeft/isRight, getOrElse,
 * toOption, swap, foreach, the patterns Right(v) and Left(v); an Either a def declared to give
 * (def parse(s: String): Either[String, Int]) takes the declared type for the REPL.
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    bool ok;                 /* Success */
    Value v;                 /* the value, or the exception */
    char *type;              /* the REPL type, owned */
} TryData;

static void try_finalize(void *d) {
    TryData *t = d;
    val_decref(t->v);
    free(t->type);
    free(t);
}
static void try_traverse(void *d, VisitFn visit, void *ctx) { visit(((TryData *)d)->v, ctx); }
static const char *try_type(void *d) { return ((TryData *)d)->type; }

static char *try_str(Interp *I, void *d) {
    TryData *t = d;
    char *s = val_to_string(I, t->v);
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "%s(%s)", t->ok ? "Success" : "Failure", s);
    free(s);
    return sb_take(&sb);
}

static HostClass try_class;

/* A Try of v (taken) typed scala.util.<kind>[elem] (elem NULL: v's type; Nothing for a Failure). */
static Value try_new(Interp *I, bool ok, Value v, const char *kind, const char *elem) {
    TryData *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->ok = ok;
    t->v = v;
    char *et = elem ? strdup(elem) : ok ? val_type_name(I, v) : strdup("Nothing");
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "scala.util.%s[%s]", kind, et);
    free(et);
    t->type = sb_take(&sb);
    return host_new(&try_class, t);
}

bool try_parts(Value v, bool *ok, Value *inner) {
    if (v.t != T_HOST || as_host(v)->cls != &try_class) return false;
    TryData *t = as_host(v)->data;
    *ok = t->ok;
    *inner = t->v;
    return true;
}

/* The exception the interpreter is unwinding with, taken, when Try catches it: not a compile
 * error ("error"), not an interrupt or a return. */
static bool take_exception(Interp *I, Value *exc) {
    if (I->unwind != U_THROW || I->unwind_val.t != T_EXC || !strcmp(as_exc(I->unwind_val)->cls, "error")) return false;
    *exc = I->unwind_val;
    I->unwind_val = v_unit();
    I->unwind = U_NONE;
    return true;
}

bool eval_try_apply(Interp *I, Node *arg, Env *env, Value *out) {
    Value v;
    char *st = infer_type(I, arg, env);
    if (st && (!strcmp(st, "Any") || strchr(st, '?'))) { free(st); st = NULL; }
    if (eval(I, arg, env, &v)) *out = try_new(I, true, v, "Try", st);
    else if (take_exception(I, &v)) *out = try_new(I, false, v, "Try", st);
    else { free(st); return false; }
    free(st);
    return true;
}

static TryData *self_try(Call *c) { return as_host(c->self)->data; }

/* the receiver's element type: T of scala.util.Try[T], malloc'd */
static char *elem_type(TryData *t) {
    const char *b = strchr(t->type, '[');
    return b ? strndup(b + 1, strlen(b + 1) - 1) : strdup("Any");
}

static bool t_get(Call *c, Value *out) {
    TryData *t = self_try(c);
    if (!t->ok) { val_incref(t->v); return interp_throw_value(c->I, t->v); }
    *out = t->v;
    val_incref(*out);
    return true;
}
static bool t_getorelse(Call *c, Value *out) {
    TryData *t = self_try(c);
    *out = t->ok ? t->v : c->argv[0];
    val_incref(*out);
    return true;
}
static bool t_tooption(Call *c, Value *out) {
    TryData *t = self_try(c);
    if (t->ok) { val_incref(t->v); *out = some_new(t->v); }
    else *out = v_none();
    return true;
}
static bool t_is(Call *c, Value *out) { *out = v_bool(self_try(c)->ok == (CALL_TAG(c) == 1)); return true; }

/* map/flatMap/foreach: f on a Success's value; an exception f throws is a Failure */
enum { T_MAP_OP, T_FLATMAP_OP, T_FOREACH_OP };
static bool t_map(Call *c, Value *out) {
    TryData *t = self_try(c);
    if (!want_fn(c, 0)) return false;
    if (!t->ok) {
        if (CALL_TAG(c) == T_FOREACH_OP) { *out = v_unit(); return true; }
        val_incref(c->self);
        *out = c->self;
        return true;
    }
    Value r;
    if (!call1(c->I, c->argv[0], t->v, &r)) {
        Value exc;
        if (CALL_TAG(c) == T_FOREACH_OP || !take_exception(c->I, &exc)) return false;
        char *et = elem_type(t);
        *out = try_new(c->I, false, exc, "Try", CALL_TAG(c) == T_MAP_OP ? NULL : et);
        free(et);
        return true;
    }
    if (CALL_TAG(c) == T_FOREACH_OP) { val_decref(r); *out = v_unit(); return true; }
    if (CALL_TAG(c) == T_FLATMAP_OP) {
        bool ok;
        Value in;
        if (!try_parts(r, &ok, &in)) { val_decref(r); return interp_throw(c->I, "error", "type mismatch: flatMap's function must give a Try"); }
        *out = r;
        return true;
    }
    *out = try_new(c->I, true, r, "Try", NULL);
    return true;
}
/* recover { case e: E => v }: a Failure whose exception the partial function takes becomes
 * Success(v); the type stays the receiver's */
static bool t_recover(Call *c, Value *out) {
    TryData *t = self_try(c);
    bool defined = false;
    if (!t->ok && !partial_defined(c->I, c->argv[0], t->v, &defined)) return false;
    if (t->ok || !defined) { val_incref(c->self); *out = c->self; return true; }
    Value r;
    if (!call1(c->I, c->argv[0], t->v, &r)) return false;
    char *et = elem_type(t);
    *out = try_new(c->I, true, r, "Try", et);
    free(et);
    return true;
}
static bool t_orelse(Call *c, Value *out) {
    TryData *t = self_try(c);
    *out = t->ok ? c->self : c->argv[0];
    val_incref(*out);
    return true;
}

static const MethodDef try_methods[] = {
    METHOD("get", t_get, 0, 0, "def get: T", "The value of a Success; a Failure throws its exception."),
    METHOD("getOrElse", t_getorelse, 1, 1, "def getOrElse(default: => T): T", "The value of a Success, else default."),
    METHOD("toOption", t_tooption, 0, 0, "def toOption: Option[T]", "Some(value) of a Success, None of a Failure."),
    METHOD_DATA("isSuccess", t_is, 1, 0, 0, "def isSuccess: Boolean", "Whether this is a Success."),
    METHOD_DATA("isFailure", t_is, 0, 0, 0, "def isFailure: Boolean", "Whether this is a Failure."),
    METHOD_DATA("map", t_map, T_MAP_OP, 1, 1, "def map[U](f: T => U): Try[U]", "f on a Success's value (an exception it throws: a Failure)."),
    METHOD_DATA("flatMap", t_map, T_FLATMAP_OP, 1, 1, "def flatMap[U](f: T => Try[U]): Try[U]", "The Try f gives for a Success's value."),
    METHOD_DATA("foreach", t_map, T_FOREACH_OP, 1, 1, "def foreach[U](f: T => U): Unit", "f on a Success's value."),
    METHOD("recover", t_recover, 1, 1, "def recover[U >: T](pf: PartialFunction[Throwable, U]): Try[U]", "A Failure whose exception pf takes becomes Success(pf(e))."),
    METHOD("orElse", t_orelse, 1, 1, "def orElse[U >: T](default: => Try[U]): Try[U]", "This if a Success, else default."),
};

static HostClass try_class = {
    .name = "Try", .qualified = "scala.util.Try",
    .doc = "The result of a computation that may have thrown: Success(value) or Failure(exception).",
    .doc_url = "https://www.scala-lang.org/api/2.12.18/scala/util/Try.html",
    HOST_METHODS(try_methods), .finalize = try_finalize, .traverse = try_traverse, .to_string = try_str,
    .type_name = try_type,
};

/* Success(v) and Failure(e) made directly: scala.util.Success[T], scala.util.Failure[Nothing] */
static bool success_apply(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    val_incref(c->argv[0]);
    *out = try_new(c->I, true, c->argv[0], "Success", NULL);
    return true;
}
static bool failure_apply(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    if (c->argv[0].t != T_EXC) return interp_throw(c->I, "error", "type mismatch: Failure needs a Throwable");
    val_incref(c->argv[0]);
    *out = try_new(c->I, false, c->argv[0], "Failure", "Nothing");
    return true;
}

/* The object Try: Try(expr) is evaluated by eval_apply (its argument is by-name) */
static bool try_companion_apply(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    val_incref(c->argv[0]);
    *out = try_new(c->I, true, c->argv[0], "Try", NULL);
    return true;
}

bool is_try_companion(Value v) { return v.t == T_FUNC && as_func(v)->native == try_companion_apply; }

/* ---- Either ---- */

static HostClass either_class;

/* an Either of v (taken): Right when right; its REPL type (taken) */
static Value either_new(bool right, Value v, char *type) {
    TryData *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->ok = right;
    t->v = v;
    t->type = type;
    return host_new(&either_class, t);
}

static char *either_str(Interp *I, void *d) {
    TryData *t = d;
    char *s = val_to_string(I, t->v);
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "%s(%s)", t->ok ? "Right" : "Left", s);
    free(s);
    return sb_take(&sb);
}

bool either_parts(Value v, bool *right, Value *inner) {
    if (v.t != T_HOST || as_host(v)->cls != &either_class) return false;
    TryData *t = as_host(v)->data;
    *right = t->ok;
    *inner = t->v;
    return true;
}

void either_declared(Interp *I, Value v, const char *type) {
    if (v.t != T_HOST || as_host(v)->cls != &either_class || strncmp(type, "Either[", 7)) return;
    TryData *t = as_host(v)->data;
    free(t->type);
    t->type = normalize_type_in(I, type);
}

/* "R" of an Either type ("Either[L,R]" and its relatives), malloc'd */
static char *right_type(const char *type) {
    const char *b = strchr(type, '[');
    if (!b) return strdup("Any");
    int depth = 0;
    const char *p = b + 1;
    for (; *p; p++) {
        if (*p == '[' || *p == '(') depth++;
        else if (*p == ']' || *p == ')') depth--;
        else if (*p == ',' && !depth) break;
    }
    if (!*p) return strdup("Any");
    return strndup(p + 1, strlen(p + 1) - 1);
}

/* scala.util.Either[L,R] (both taken) */
static char *either_type(char *l, char *r) {
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "scala.util.Either[%s,%s]", l, r);
    free(l);
    free(r);
    return sb_take(&sb);
}

/* "L" of the receiver's type Either[L,R] / scala.util.Either[L,R] & co, malloc'd */
static char *left_type(TryData *t) {
    const char *b = strchr(t->type, '[');
    if (!b) return strdup("Any");
    int depth = 0;
    const char *p = b + 1;
    for (; *p; p++) {
        if (*p == '[' || *p == '(') depth++;
        else if (*p == ']' || *p == ')') depth--;
        else if (*p == ',' && !depth) break;
    }
    return strndup(b + 1, (size_t)(p - b - 1));
}

static TryData *self_either(Call *c) { return as_host(c->self)->data; }

static bool e_map(Call *c, Value *out) {
    TryData *t = self_either(c);
    if (!want_fn(c, 0)) return false;
    if (!t->ok) {            /* a Left: the same value, typed as the map's result */
        if (CALL_TAG(c) == T_FOREACH_OP) { *out = v_unit(); return true; }
        val_incref(t->v);
        *out = either_new(false, t->v, either_type(left_type(t), right_type(t->type)));
        return true;
    }
    Value r;
    if (!call1(c->I, c->argv[0], t->v, &r)) return false;
    if (CALL_TAG(c) == T_FOREACH_OP) { val_decref(r); *out = v_unit(); return true; }
    if (CALL_TAG(c) == T_FLATMAP_OP) {
        bool right;
        Value in;
        if (!either_parts(r, &right, &in)) { val_decref(r); return interp_throw(c->I, "error", "type mismatch: flatMap's function must give an Either"); }
        TryData *rd = as_host(r)->data;
        char *rt = right_type(rd->type);
        if (!strcmp(rt, "Nothing")) { free(rt); rt = right_type(t->type); }
        val_incref(in);
        *out = either_new(right, in, either_type(left_type(t), rt));
        val_decref(r);
        return true;
    }
    *out = either_new(true, r, either_type(left_type(t), val_type_name(c->I, r)));
    return true;
}
static bool e_fold(Call *c, Value *out) {
    TryData *t = self_either(c);
    if (!want_fn(c, 0) || !want_fn(c, 1)) return false;
    return call1(c->I, c->argv[t->ok ? 1 : 0], t->v, out);
}
static bool e_is(Call *c, Value *out) { *out = v_bool(self_either(c)->ok == (CALL_TAG(c) == 1)); return true; }
static bool e_getorelse(Call *c, Value *out) {
    TryData *t = self_either(c);
    *out = t->ok ? t->v : c->argv[0];
    val_incref(*out);
    return true;
}
static bool e_tooption(Call *c, Value *out) {
    TryData *t = self_either(c);
    if (t->ok) { val_incref(t->v); *out = some_new(t->v); }
    else *out = v_none();
    return true;
}
static bool e_swap(Call *c, Value *out) {
    TryData *t = self_either(c);
    val_incref(t->v);
    *out = either_new(!t->ok, t->v, either_type(right_type(t->type), left_type(t)));
    return true;
}

static const MethodDef either_methods[] = {
    METHOD_DATA("map", e_map, T_MAP_OP, 1, 1, "def map[B1](f: V => B1): scala.util.Either[K, B1]", "f on a Right's value."),
    METHOD_DATA("flatMap", e_map, T_FLATMAP_OP, 1, 1, "def flatMap[B1](f: V => Either[K, B1]): scala.util.Either[K, B1]", "The Either f gives for a Right's value."),
    METHOD_DATA("foreach", e_map, T_FOREACH_OP, 1, 1, "def foreach[U](f: V => U): Unit", "f on a Right's value."),
    METHOD("fold", e_fold, 2, 2, "def fold[C](fa: K => C, fb: V => C): C", "fa of a Left's value, fb of a Right's."),
    METHOD_DATA("isRight", e_is, 1, 0, 0, "def isRight: Boolean", "Whether this is a Right."),
    METHOD_DATA("isLeft", e_is, 0, 0, 0, "def isLeft: Boolean", "Whether this is a Left."),
    METHOD("getOrElse", e_getorelse, 1, 1, "def getOrElse(or: => V): V", "A Right's value, else or."),
    METHOD("toOption", e_tooption, 0, 0, "def toOption: Option[V]", "Some of a Right's value, None of a Left."),
    METHOD("swap", e_swap, 0, 0, "def swap: scala.util.Either[V, K]", "Left as Right and Right as Left."),
};

static HostClass either_class = {
    .name = "Either", .qualified = "scala.util.Either",
    .doc = "A value of one of two types: Left(a) or Right(b) (right-biased: map works on a Right).",
    .doc_url = "https://www.scala-lang.org/api/2.12.18/scala/util/Either.html",
    HOST_METHODS(either_methods), .finalize = try_finalize, .traverse = try_traverse, .to_string = either_str,
    .type_name = try_type,
};

/* Right(v): scala.util.Right[Nothing,T]; Left(v): scala.util.Left[T,Nothing] */
static bool either_apply(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    bool right = CALL_TAG(c) == 1;
    char *vt = val_type_name(c->I, c->argv[0]);
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, right ? "scala.util.Right[Nothing,%s]" : "scala.util.Left[%s,Nothing]", vt);
    free(vt);
    val_incref(c->argv[0]);
    *out = either_new(right, c->argv[0], sb_take(&sb));
    return true;
}

void try_init(Interp *I) {
    interp_register_class(I, &either_class);
    static const char *const rn[] = {"Right", "scala.util.Right", "util.Right", NULL};
    static const char *const ln[] = {"Left", "scala.util.Left", "util.Left", NULL};
    for (int i = 0; rn[i]; i++)
        interp_register_global(I, rn[i], func_new_native(intern(rn[i]), either_apply, v_unit(), 1, (void *)(intptr_t)1),
                               "case class Right[+A, +B](value: B)", "The right (by convention: the good) side of an Either.");
    for (int i = 0; ln[i]; i++)
        interp_register_global(I, ln[i], func_new_native(intern(ln[i]), either_apply, v_unit(), 1, NULL),
                               "case class Left[+A, +B](value: A)", "The left (by convention: the error) side of an Either.");
    interp_register_class(I, &try_class);
    static const char *const tn[] = {"Try", "scala.util.Try", "util.Try", NULL};
    static const char *const sn[] = {"Success", "scala.util.Success", "util.Success", NULL};
    static const char *const fn[] = {"Failure", "scala.util.Failure", "util.Failure", NULL};
    for (int i = 0; tn[i]; i++)
        interp_register_global(I, tn[i], func_new_native(intern(tn[i]), try_companion_apply, v_unit(), 1, NULL), "def apply[T](r: => T): Try[T]",
                               "Runs r: Success(value), or Failure(exception) when it throws (import scala.util.Try).");
    for (int i = 0; sn[i]; i++)
        interp_register_global(I, sn[i], func_new_native(intern(sn[i]), success_apply, v_unit(), 1, NULL), "case class Success[+T](value: T)",
                               "A Try that holds a value.");
    for (int i = 0; fn[i]; i++)
        interp_register_global(I, fn[i], func_new_native(intern(fn[i]), failure_apply, v_unit(), 1, NULL), "case class Failure[+T](exception: Throwable)",
                               "A Try that holds the exception thrown.");
}
