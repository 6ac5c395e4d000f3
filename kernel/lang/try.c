/* try.c — scala.util.Try (Success, Failure) and scala.util.Either (Right, Left) as notebooks use
 * them to parse records. Both are a value on one of two sides with its REPL type:
 * - Try(expr) runs expr and keeps its value (Success) or the exception it threw (Failure; a
 *   compile error or an interrupt is not caught, as Scala's NonFatal lets fatal ones through);
 *   get, getOrElse, toOption, isSuccess/isFailure, map/flatMap/foreach, recover, orElse; typed
 *   scala.util.Try[T], T from the expression's static type (infer) or else its value's;
 * - Right(v), Left(v): map/flatMap/foreach (right-biased, as 2.12's), fold, isLeft/isRight,
 *   getOrElse, toOption, swap; an Either a def declared to give (def parse(s: String):
 *   Either[String, Int]) takes the declared type, map's result is scala.util.Either[L,R].
 * The patterns Success(v), Failure(e), Right(v), Left(v) are eval_pattern.c's.
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    bool ok;                 /* Success / Right */
    bool either;             /* an Either (else a Try) */
    Value v;                 /* the value (a Failure's: the exception) */
    char *type;              /* the REPL type, owned */
} SumData;

static void sum_finalize(void *d) {
    SumData *t = d;
    val_decref(t->v);
    free(t->type);
    free(t);
}
static void sum_traverse(void *d, VisitFn visit, void *ctx) { visit(((SumData *)d)->v, ctx); }
static const char *sum_type(void *d) { return ((SumData *)d)->type; }

static char *sum_str(Interp *I, void *d) {
    SumData *t = d;
    static const char *const side[2][2] = {{"Failure", "Success"}, {"Left", "Right"}};
    char *s = val_to_string(I, t->v);
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "%s(%s)", side[t->either][t->ok], s);
    free(s);
    return sb_take(&sb);
}

static HostClass try_class, either_class;

/* a Try or an Either of v (taken), of REPL type `type` (taken) */
static Value sum_new(bool either, bool ok, Value v, char *type) {
    SumData *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->ok = ok;
    t->either = either;
    t->v = v;
    t->type = type;
    return host_new(either ? &either_class : &try_class, t);
}

/* A Try of v (taken) typed scala.util.<kind>[elem] (elem NULL: v's type; Nothing for a Failure). */
static Value try_new(Interp *I, bool ok, Value v, const char *kind, const char *elem) {
    char *et = elem ? strdup(elem) : ok ? val_type_name(I, v) : strdup("Nothing");
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "scala.util.%s[%s]", kind, et);
    free(et);
    return sum_new(false, ok, v, sb_take(&sb));
}

static bool sum_parts(Value v, const HostClass *cls, bool *ok, Value *inner) {
    if (v.t != T_HOST || as_host(v)->cls != cls) return false;
    SumData *t = as_host(v)->data;
    *ok = t->ok;
    *inner = t->v;
    return true;
}
bool try_parts(Value v, bool *ok, Value *inner) { return sum_parts(v, &try_class, ok, inner); }
bool either_parts(Value v, bool *right, Value *inner) { return sum_parts(v, &either_class, right, inner); }

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

/* The type arguments of a REPL type: arg 0 (L of Either[L,R], T of Try[T]) or 1 (R), malloc'd */
static char *type_arg_of(const char *type, int which) {
    const char *b = strchr(type, '[');
    if (!b) return strdup("Any");
    int depth = 0;
    const char *p = b + 1;
    for (; p[1]; p++) {
        if (*p == '[' || *p == '(') depth++;
        else if (*p == ']' || *p == ')') depth--;
        else if (*p == ',' && !depth) break;
    }
    if (which == 0) return strndup(b + 1, (size_t)(p - b - 1));   /* p: at the comma or the last ']' */
    return p[1] ? strndup(p + 1, strlen(p + 1) - 1) : strdup("Any");
}

/* scala.util.Either[L,R] (both taken) */
static char *either_type(char *l, char *r) {
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "scala.util.Either[%s,%s]", l, r);
    free(l);
    free(r);
    return sb_take(&sb);
}

void either_declared(Interp *I, Value v, const char *type) {
    if (v.t != T_HOST || as_host(v)->cls != &either_class || strncmp(type, "Either[", 7)) return;
    SumData *t = as_host(v)->data;
    free(t->type);
    t->type = normalize_type_in(I, type);
}

/* ---- methods both have ---- */

static SumData *self_sum(Call *c) { return as_host(c->self)->data; }

static bool s_get(Call *c, Value *out) {
    SumData *t = self_sum(c);
    if (!t->ok) { val_incref(t->v); return interp_throw_value(c->I, t->v); }
    *out = t->v;
    val_incref(*out);
    return true;
}
static bool s_getorelse(Call *c, Value *out) {
    SumData *t = self_sum(c);
    if (!t->ok) return arg_force(c, 0, out);   /* default: => T */
    *out = t->v;
    val_incref(*out);
    return true;
}
static bool s_tooption(Call *c, Value *out) {
    SumData *t = self_sum(c);
    if (t->ok) { val_incref(t->v); *out = some_new(t->v); }
    else *out = v_none();
    return true;
}
static bool s_is(Call *c, Value *out) { *out = v_bool(self_sum(c)->ok == (CALL_TAG(c) == 1)); return true; }

/* map/flatMap/foreach: f on the good side's value. A Try: an exception f throws is a Failure, a
 * Failure stays itself. An Either: a Left is the same value typed as the result. */
enum { MAP_OP, FLATMAP_OP, FOREACH_OP };
static bool s_map(Call *c, Value *out) {
    SumData *t = self_sum(c);
    int op = CALL_TAG(c);
    if (!want_fn(c, 0)) return false;
    if (!t->ok) {
        if (op == FOREACH_OP) *out = v_unit();
        else if (!t->either) { val_incref(c->self); *out = c->self; }
        else { val_incref(t->v); *out = sum_new(true, false, t->v, either_type(type_arg_of(t->type, 0), type_arg_of(t->type, 1))); }
        return true;
    }
    Value r;
    if (!call1(c->I, c->argv[0], t->v, &r)) {
        Value exc;
        if (t->either || op == FOREACH_OP || !take_exception(c->I, &exc)) return false;
        char *et = type_arg_of(t->type, 0);
        *out = try_new(c->I, false, exc, "Try", op == MAP_OP ? NULL : et);
        free(et);
        return true;
    }
    if (op == FOREACH_OP) { val_decref(r); *out = v_unit(); return true; }
    if (op == FLATMAP_OP) {
        bool ok;
        Value in;
        if (!sum_parts(r, t->either ? &either_class : &try_class, &ok, &in)) {
            val_decref(r);
            return interp_throw(c->I, "error", "type mismatch: flatMap's function must give %s", t->either ? "an Either" : "a Try");
        }
        if (!t->either) { *out = r; return true; }
        char *rt = type_arg_of(((SumData *)as_host(r)->data)->type, 1);
        if (!strcmp(rt, "Nothing")) { free(rt); rt = type_arg_of(t->type, 1); }
        val_incref(in);
        *out = sum_new(true, ok, in, either_type(type_arg_of(t->type, 0), rt));
        val_decref(r);
        return true;
    }
    *out = t->either ? sum_new(true, true, r, either_type(type_arg_of(t->type, 0), val_type_name(c->I, r)))
                     : try_new(c->I, true, r, "Try", NULL);
    return true;
}

/* ---- Try ---- */

/* recover { case e: E => v }: a Failure whose exception the partial function takes becomes
 * Success(v); the type stays the receiver's */
static bool t_recover(Call *c, Value *out) {
    SumData *t = self_sum(c);
    bool defined = false;
    if (!t->ok && !partial_defined(c->I, c->argv[0], t->v, &defined)) return false;
    if (t->ok || !defined) { val_incref(c->self); *out = c->self; return true; }
    Value r;
    if (!call1(c->I, c->argv[0], t->v, &r)) return false;
    char *et = type_arg_of(t->type, 0);
    *out = try_new(c->I, true, r, "Try", et);
    free(et);
    return true;
}
static bool t_orelse(Call *c, Value *out) {
    SumData *t = self_sum(c);
    if (!t->ok) return arg_force(c, 0, out);   /* default: => Try[U] */
    *out = c->self;
    val_incref(*out);
    return true;
}

static const MethodDef try_methods[] = {
    METHOD("get", s_get, 0, 0, "def get: T", "The value of a Success; a Failure throws its exception."),
    METHOD("getOrElse", s_getorelse, 1, 1, "def getOrElse(default: => T): T", "The value of a Success, else default."),
    METHOD("toOption", s_tooption, 0, 0, "def toOption: Option[T]", "Some(value) of a Success, None of a Failure."),
    METHOD_DATA("isSuccess", s_is, 1, 0, 0, "def isSuccess: Boolean", "Whether this is a Success."),
    METHOD_DATA("isFailure", s_is, 0, 0, 0, "def isFailure: Boolean", "Whether this is a Failure."),
    METHOD_DATA("map", s_map, MAP_OP, 1, 1, "def map[U](f: T => U): Try[U]", "f on a Success's value (an exception it throws: a Failure)."),
    METHOD_DATA("flatMap", s_map, FLATMAP_OP, 1, 1, "def flatMap[U](f: T => Try[U]): Try[U]", "The Try f gives for a Success's value."),
    METHOD_DATA("foreach", s_map, FOREACH_OP, 1, 1, "def foreach[U](f: T => U): Unit", "f on a Success's value."),
    METHOD("recover", t_recover, 1, 1, "def recover[U >: T](pf: PartialFunction[Throwable, U]): Try[U]", "A Failure whose exception pf takes becomes Success(pf(e))."),
    METHOD("orElse", t_orelse, 1, 1, "def orElse[U >: T](default: => Try[U]): Try[U]", "This if a Success, else default."),
};

static HostClass try_class = {
    .name = "Try", .qualified = "scala.util.Try",
    .doc = "The result of a computation that may have thrown: Success(value) or Failure(exception).",
    .doc_url = "https://www.scala-lang.org/api/2.12.18/scala/util/Try.html",
    HOST_METHODS(try_methods), .finalize = sum_finalize, .traverse = sum_traverse, .to_string = sum_str,
    .type_name = sum_type,
};

/* Success(v) and Failure(e) made directly: scala.util.Success[T], scala.util.Failure[Nothing];
 * the object Try's apply (Try(expr) itself is evaluated by eval_apply: its argument is by-name) */
enum { MAKE_SUCCESS, MAKE_FAILURE, MAKE_TRY };
static bool try_make(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    int what = CALL_TAG(c);
    if (what == MAKE_FAILURE && c->argv[0].t != T_EXC) return interp_throw(c->I, "error", "type mismatch: Failure needs a Throwable");
    val_incref(c->argv[0]);
    *out = try_new(c->I, what != MAKE_FAILURE, c->argv[0], what == MAKE_SUCCESS ? "Success" : what == MAKE_TRY ? "Try" : "Failure",
                   what == MAKE_FAILURE ? "Nothing" : NULL);
    return true;
}

bool is_try_companion(Value v) {
    return v.t == T_FUNC && as_func(v)->native == try_make && as_func(v)->data == (void *)(intptr_t)MAKE_TRY;
}

/* ---- Either ---- */

static bool e_fold(Call *c, Value *out) {
    SumData *t = self_sum(c);
    if (!want_fn(c, 0) || !want_fn(c, 1)) return false;
    return call1(c->I, c->argv[t->ok ? 1 : 0], t->v, out);
}
static bool e_swap(Call *c, Value *out) {
    SumData *t = self_sum(c);
    val_incref(t->v);
    *out = sum_new(true, !t->ok, t->v, either_type(type_arg_of(t->type, 1), type_arg_of(t->type, 0)));
    return true;
}

static const MethodDef either_methods[] = {
    METHOD_DATA("map", s_map, MAP_OP, 1, 1, "def map[B1](f: V => B1): scala.util.Either[K, B1]", "f on a Right's value."),
    METHOD_DATA("flatMap", s_map, FLATMAP_OP, 1, 1, "def flatMap[B1](f: V => Either[K, B1]): scala.util.Either[K, B1]", "The Either f gives for a Right's value."),
    METHOD_DATA("foreach", s_map, FOREACH_OP, 1, 1, "def foreach[U](f: V => U): Unit", "f on a Right's value."),
    METHOD("fold", e_fold, 2, 2, "def fold[C](fa: K => C, fb: V => C): C", "fa of a Left's value, fb of a Right's."),
    METHOD_DATA("isRight", s_is, 1, 0, 0, "def isRight: Boolean", "Whether this is a Right."),
    METHOD_DATA("isLeft", s_is, 0, 0, 0, "def isLeft: Boolean", "Whether this is a Left."),
    METHOD("getOrElse", s_getorelse, 1, 1, "def getOrElse(or: => V): V", "A Right's value, else or."),
    METHOD("toOption", s_tooption, 0, 0, "def toOption: Option[V]", "Some of a Right's value, None of a Left."),
    METHOD("swap", e_swap, 0, 0, "def swap: scala.util.Either[V, K]", "Left as Right and Right as Left."),
};

static HostClass either_class = {
    .name = "Either", .qualified = "scala.util.Either",
    .doc = "A value of one of two types: Left(a) or Right(b) (right-biased: map works on a Right).",
    .doc_url = "https://www.scala-lang.org/api/2.12.18/scala/util/Either.html",
    HOST_METHODS(either_methods), .finalize = sum_finalize, .traverse = sum_traverse, .to_string = sum_str,
    .type_name = sum_type,
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
    *out = sum_new(true, right, c->argv[0], sb_take(&sb));
    return true;
}

void try_init(Interp *I) {
    interp_register_class(I, &either_class);
    interp_register_class(I, &try_class);
    static const struct { const char *names[3]; NativeFn fn; int tag; const char *sig, *doc; } globals[] = {
        {{"Right", "scala.util.Right", "util.Right"}, either_apply, 1, "case class Right[+A, +B](value: B)",
         "The right (by convention: the good) side of an Either."},
        {{"Left", "scala.util.Left", "util.Left"}, either_apply, 0, "case class Left[+A, +B](value: A)",
         "The left (by convention: the error) side of an Either."},
        {{"Try", "scala.util.Try", "util.Try"}, try_make, MAKE_TRY, "def apply[T](r: => T): Try[T]",
         "Runs r: Success(value), or Failure(exception) when it throws (import scala.util.Try)."},
        {{"Success", "scala.util.Success", "util.Success"}, try_make, MAKE_SUCCESS, "case class Success[+T](value: T)",
         "A Try that holds a value."},
        {{"Failure", "scala.util.Failure", "util.Failure"}, try_make, MAKE_FAILURE, "case class Failure[+T](exception: Throwable)",
         "A Try that holds the exception thrown."},
    };
    for (size_t g = 0; g < sizeof globals / sizeof globals[0]; g++)
        for (int i = 0; i < 3; i++)
            interp_register_global(I, globals[g].names[i],
                                   func_new_native(intern(globals[g].names[i]), globals[g].fn, v_unit(), 1, (void *)(intptr_t)globals[g].tag),
                                   globals[g].sig, globals[g].doc);
}
