/* eval_call.c — names and calls: identifiers (lazy vals, auto-applied defs, qualified names),
 * member access, calls of closures, natives and methods (named and default arguments, currying,
 * partial application), casts, and `new` (classes, host classes, exceptions, arrays).
 */
#include "lang/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ---- */


static bool force_lazy(Interp *I, Slot *s, Value *out) {
    /* a lazy val's slot holds a closure over its N_VAL; evaluate once and replace it */
    if (!check_interrupt(I)) return false;   /* lazy val a = a + 1 recurses: StackOverflowError */
    Value thunk = s->v;
    FuncObj *f = as_func(thunk);
    Value v;
    val_incref(thunk);
    if (!eval(I, f->def->a, f->env, &v)) { val_decref(thunk); return false; }
    val_decref(thunk);
    s->flags &= (uint8_t)~SLOT_LAZY;
    Value old = s->v;
    s->v = v;
    val_decref(old);
    val_incref(v);
    *out = v;
    return true;
}

/* A by-name argument (def f(x: => T) called as f(expr)) is a thunk: a closure whose def is the
 * argument's expression, over the caller's scope, the parameter's type in data (interned text)
 * and arity (its TypeName). The parameter's
 * slot holds it flagged SLOT_BYNAME, and every read of the parameter evaluates the expression
 * again, as Scala does (an exception it throws is thrown where the parameter is read). */
static const char BYNAME_THUNK[] = "<by-name>";

static bool is_byname_thunk(Value v) {
    return v.t == T_FUNC && as_func(v)->name == BYNAME_THUNK;
}

static bool force_byname(Interp *I, Slot *s, Value *out) {
    if (!check_interrupt(I)) return false;   /* def f(x: => Int): Int = f(x): StackOverflowError */
    Value thunk = s->v;
    FuncObj *f = as_func(thunk);
    val_incref(thunk);                        /* the expression may reassign the slot's scope */
    bool ok = eval(I, f->def, f->env, out);
    if (ok) *out = coerce_declared(*out, (TypeName)f->arity);
    val_decref(thunk);
    return ok;
}

/* A def without parameters (def n = 42, def now() = ...) named without an argument list is
 * called, as Scala does; one with parameters is a function value (eta-expansion). Written
 * `f _`, or passed as an argument (where Scala's expected function type eta-expands it, as in
 * getActiveOrCreate(createStreamingContext)), a `def f()` is the function itself. */
static bool is_auto_applied(const Slot *s, const Node *use) {
    if (!(s->flags & SLOT_DEF) || s->v.t != T_FUNC) return false;
    const Node *d = as_func(s->v)->def;
    if (!d || d->kind != N_DEF || d->nparams != 0 || d->nplists > 1) return false;
    return !(use && (use->flags & NF_ETA)) || d->nplists == 0;
}

bool lookup_ident(Interp *I, const Node *n, Env *env, Value *out) {
    Slot *s = env_lookup(env, n->str);
    if (!s) {
        if (!strcmp(n->str, "super"))
            return raise_at(I, n, "error", "unsupported: super (calls to a parent class's members)");
        return raise_at(I, n, "error", "not found: value %s", n->str);
    }
    if (s->flags & SLOT_LAZY) return force_lazy(I, s, out);
    if (s->flags & SLOT_BYNAME) return force_byname(I, s, out);
    if (is_auto_applied(s, n)) return call_value(I, s->v, 0, NULL, NULL, n, out);
    val_incref(s->v);
    *out = s->v;
    return true;
}

/* The dotted text of a selection chain made only of identifiers ("java.time.Duration"), or 0. */
static bool dotted_name(const Node *n, char *buf, size_t cap) {
    if (n->kind == N_IDENT) return (size_t)snprintf(buf, cap, "%s", n->str) < cap;
    if (n->kind != N_SELECT || !dotted_name(n->a, buf, cap)) return false;
    size_t len = strlen(buf);
    return (size_t)snprintf(buf + len, cap - len, ".%s", n->str) < cap - len;
}

/* A qualified name (scala.io.StdIn, mutable.Map, collection.mutable.ArrayBuffer) whose root is
 * not a variable, looked up as a whole among the globals, then by ever shorter suffixes
 * ("mutable.Map", "Map"). Kept out of line: its buffer must not weigh on eval's frame, which
 * bounds the depth of recursion. */
static bool known_package(Interp *I, const char *name, size_t len) {
    for (int i = 0; i < I->npackages; i++) {
        size_t pl = strlen(I->packages[i]);
        if (len >= pl && !strncmp(name, I->packages[i], pl) && (len == pl || name[pl] == '.')) return true;
    }
    return false;
}

static __attribute__((noinline)) Slot *qualified_slot(Interp *I, Node *n, Env *env) {
    const Node *root = n;
    while (root->kind == N_SELECT) root = root->a;
    if (root->kind != N_IDENT || env_lookup(env, root->str)) return NULL;
    char buf[256];
    if (!dotted_name(n, buf, sizeof buf)) return NULL;
    Slot *s = env_lookup(env, intern(buf));
    /* a suffix counts when it is itself qualified (mutable.Map) or what it drops is a package
     * (scala.io.StdIn → StdIn); `foo.println` must not find println */
    for (const char *p = strchr(buf, '.'); !s && p; p = strchr(p + 1, '.'))
        if (strchr(p + 1, '.') || known_package(I, buf, (size_t)(p - buf))) s = env_lookup(env, intern(p + 1));
    return s;
}

/* Resolves a receiver expression; a qualified name (scala.io.StdIn, java.util.UUID) whose root
 * is not a variable is looked up as a whole among the globals. */
bool eval_receiver(Interp *I, Node *n, Env *env, Value *out) {
    if (n->kind == N_SELECT) {
        Slot *s = qualified_slot(I, n, env);
        if (s) { val_incref(s->v); *out = s->v; return true; }
    }
    return eval(I, n, env, out);
}

/* ---- member access ---- */

const MethodDef *host_find_method(const HostClass *cls, const char *name);

static bool call_native_method(Interp *I, const MethodDef *m, Value recv, int argc, Value *argv,
                               const char **names, const Node *at, Value *out) {
    size_t nl = strlen(m->name);
    if (m->max_args == 0 && argc > 0 && m->signature && !strncmp(m->signature, "def ", 4) &&
        !strncmp(m->signature + 4, m->name, nl) && m->signature[4 + nl] == ':') {
        /* a parameterless member applied to arguments applies its value: bc.value("a") */
        Value v;
        if (!call_native_method(I, m, recv, 0, NULL, NULL, at, &v)) return false;
        bool ok = call_value(I, v, argc, argv, names, at, out);
        val_decref(v);
        return ok;
    }
    if (argc < m->min_args || (m->max_args >= 0 && argc > m->max_args)) {
        char *tn = val_type_name(I, recv);
        bool r = raise_at(I, at, "error", "wrong number of arguments for method %s of %s: %d given, "
                          "expected %d%s", m->name, tn, argc, m->min_args,
                          m->max_args < 0 ? " or more" : m->max_args == m->min_args ? "" : " or more");
        free(tn);
        return r;
    }
    Call c = {.I = I, .self = recv, .argc = argc, .argv = argv, .names = names, .at = at,
              .data = m->data, .name = m->name};
    *out = v_unit();
    bool ok = m->fn(&c, out);
    if (ok && I->unwind == U_THROW) {
        /* a native that reported success over an exception it left pending (a lazy RDD whose
         * partition failed to compute while the method took its rows) fails all the same */
        val_decref(*out);
        *out = v_unit();
        ok = false;
    }
    if (!ok) {
        if (I->unwind == U_THROW) exc_locate(I->unwind_val, at, false);
        return false;
    }
    return true;
}

/* ---- type functions (interp_register_type_function) ---- */

void interp_register_type_function(Interp *I, const char *name, TypeArgFn fn) {
    if (I->ntfns < (int)(sizeof I->tfns / sizeof I->tfns[0])) I->tfns[I->ntfns++] = (struct TypeFunction){intern(name), fn};
}

bool eval_type_function(Interp *I, const Node *n, Value *out, bool *handled) {
    *handled = false;
    const Node *inner = n->a;
    if (n->ntypes != 1 || inner->kind != N_IDENT) return true;
    for (int i = 0; i < I->ntfns; i++)
        if (!strcmp(I->tfns[i].name, inner->str)) {
            *handled = true;
            if (I->tfns[i].fn(I, n->types[0], out)) return true;
            if (I->unwind == U_THROW) exc_locate(I->unwind_val, n, false);
            return false;
        }
    return true;
}

/* ---- extension methods (interp_register_extensions) ---- */

void interp_register_extensions(Interp *I, const char *class_name, const MethodDef *defs, int n) {
    const HostClass *cls = interp_find_class(I, class_name);
    if (!cls) return;
    for (int i = 0; i < n; i++) {
        if (I->nexts == I->cexts) {
            I->cexts = I->cexts ? I->cexts * 2 : 16;
            I->exts = realloc(I->exts, (size_t)I->cexts * sizeof *I->exts);
            if (!I->exts) abort();
        }
        I->exts[I->nexts++] = (struct Extension){cls, &defs[i]};
    }
}

/* The method `name` of cls or its parents, else an extension method of them; NULL when none. */
static const MethodDef *find_member(Interp *I, const HostClass *cls, const char *name) {
    const MethodDef *m = cls ? host_find_method(cls, name) : NULL;
    for (const HostClass *c = cls; c && !m; c = c->parent)
        for (int i = 0; i < I->nexts && !m; i++)
            if (I->exts[i].cls == c && !strcmp(I->exts[i].m->name, name)) m = I->exts[i].m;
    if (!m && cls && I->cls_any && cls != I->cls_any)   /* every object is an Any: synchronized, ##, -> */
        m = host_find_method(I->cls_any, name);
    return m;
}

static bool bound_method_fn(Call *c, Value *out) {
    const MethodDef *m = c->data;
    return call_native_method(c->I, m, c->self, c->argc, c->argv, c->names, c->at, out);
}

/* The class a name's slot gives `new`, extends and patterns: the class itself, or the companion
 * class of an object of the same name (class Foo; object Foo { def apply… }). */
ClassObj *slot_class(const Slot *s) {
    if (!s) return NULL;
    if (s->v.t == T_CLASS) return (ClassObj *)s->v.u.o;
    if (s->v.t != T_OBJECT) return NULL;
    Env *f = ((InstObj *)s->v.u.o)->fields;
    Slot *c = f ? env_find_local(f, intern(COMPANION_SLOT)) : NULL;
    return c && c->v.t == T_CLASS ? (ClassObj *)c->v.u.o : NULL;
}

static bool not_a_member(Interp *I, Value recv, const char *name, const Node *at) {
    if (recv.t == T_NULL)
        return raise_at(I, at, "java.lang.NullPointerException", "%s called on null", name);
    char *tn = val_type_name(I, recv);
    bool r = raise_at(I, at, "error", "value %s is not a member of %s", name, tn);
    free(tn);
    /* scalac's caret is under the member's name: recv.name, recv name arg, recv.name(args) */
    const Node *m = at && at->kind == N_APPLY ? at->a : at;
    if (m && m->kind == N_TYPEARGS) m = m->a;
    if (m && m->name_line && I->unwind_val.t == T_EXC && as_exc(I->unwind_val)->src == at->src) {
        as_exc(I->unwind_val)->line = m->name_line;
        as_exc(I->unwind_val)->col = m->name_col;
    }
    return r;
}

static bool tuple_field(const char *name, int n) {
    if (name[0] != '_' || !name[1]) return false;
    char *end;
    long k = strtol(name + 1, &end, 10);
    return !*end && k >= 1 && k <= n;
}

/* A case class instance's Product members: productArity, productPrefix (no arguments),
 * productElement(i). Returns false (nothing raised, *handled false) for other names. */
static bool product_member(Interp *I, InstObj *in, const char *name, int argc, Value *argv, const Node *at,
                           Value *out, bool *handled) {
    *handled = false;
    if (!in->cls || !in->cls->is_case || in->cls->def->kind != N_CLASS) return false;
    const Node *d = in->cls->def;
    if (!strcmp(name, "productArity") && argc == 0) { *handled = true; *out = v_int(d->nparams); return true; }
    if (!strcmp(name, "productPrefix") && argc == 0) { *handled = true; *out = str_cstr(in->cls->name); return true; }
    if (strcmp(name, "productElement") || argc != 1) return false;
    *handled = true;
    if (argv[0].t != T_INT) return raise_at(I, at, "error", "type mismatch: productElement needs an Int");
    int i = argv[0].u.i;
    Slot *s = i >= 0 && i < d->nparams ? env_find_local(in->fields, d->params[i].name) : NULL;
    if (!s) return raise_at(I, at, "java.lang.IndexOutOfBoundsException", "%d", i);
    *out = s->v;
    val_incref(*out);
    return true;
}

/* Case.tupled: the companion's apply taking one tuple of the fields (self: the class) */
static bool tupled_fn(Call *c, Value *out) {
    if (c->argc != 1 || c->argv[0].t != T_TUPLE) return interp_throw(c->I, "error", "type mismatch: tupled needs a tuple");
    TupleObj *t = as_tuple(c->argv[0]);
    return call_value(c->I, c->self, t->n, t->items, NULL, c->at, out);
}

/* recv.name, not followed by an argument list */
bool select_member(Interp *I, Value recv, const char *name, const Node *at, Value *out) {
    if (recv.t == T_CLASS && ((ClassObj *)recv.u.o)->is_case && !strcmp(name, "tupled")) {
        *out = func_new_native("tupled", tupled_fn, recv, 1, NULL);
        return true;
    }
    if (recv.t == T_TUPLE && tuple_field(name, as_tuple(recv)->n)) {
        *out = as_tuple(recv)->items[atoi(name + 1) - 1];
        val_incref(*out);
        return true;
    }
    if (recv.t == T_OBJECT) {
        InstObj *in = (InstObj *)recv.u.o;
        Slot *s = in->fields ? env_find_local(in->fields, name) : NULL;
        if (s) {
            if (s->flags & SLOT_LAZY) return force_lazy(I, s, out);
            if (is_auto_applied(s, at)) return call_value(I, s->v, 0, NULL, NULL, at, out);
            val_incref(s->v);
            *out = s->v;
            return true;
        }
        bool handled;
        bool ok = product_member(I, in, name, 0, NULL, at, out, &handled);
        if (handled) return ok;
    }
    const MethodDef *m = find_member(I, class_of(I, recv), name);
    if (!m && recv.t == T_HOST && !strcmp(name, "toString")) {   /* every object's toString: its text */
        char *t = val_to_string(I, recv);
        if (!t) return false;
        *out = str_take(t);
        return true;
    }
    if (!m) return not_a_member(I, recv, name, at);
    if (m->min_args == 0) return call_native_method(I, m, recv, 0, NULL, NULL, at, out);
    *out = func_new_native(m->name, bound_method_fn, recv, -1, (void *)m);
    return true;
}

/* recv.name[T](args) and recv.name[T] where recv's class has a method "name[]" (a host method
 * that needs its type argument, as Dataset's as[Employee]): that method, called with T's text
 * first and then the arguments. *handled false (nothing run) when there is no such method. */
static bool typed_member(Interp *I, Value recv, const Node *ta, const char *name, int argc, Value *argv,
                         const char **names, const Node *at, Value *out, bool *handled) {
    *handled = false;
    if (ta->ntypes != 1 || names) return true;
    char key[64];
    if ((size_t)snprintf(key, sizeof key, "%s[]", name) >= sizeof key) return true;
    const MethodDef *m = find_member(I, class_of(I, recv), key);
    if (!m) return true;
    *handled = true;
    Value *all = malloc((size_t)(argc + 1) * sizeof(Value));
    all[0] = str_cstr(ta->types[0]);
    if (argc) memcpy(all + 1, argv, (size_t)argc * sizeof(Value));
    bool ok = call_native_method(I, m, recv, argc + 1, all, NULL, at, out);
    val_decref(all[0]);
    free(all);
    return ok;
}

/* recv.name[T] not followed by an argument list (df.as[Employee]) */
bool eval_typed_select(Interp *I, Node *ta, Env *env, Value *out, bool *handled) {
    Node *sel = ta->a;
    *handled = false;
    if (sel->kind != N_SELECT || ta->ntypes != 1) return true;
    Value recv;
    if (!eval_receiver(I, sel->a, env, &recv)) { *handled = true; return false; }
    bool ok = typed_member(I, recv, ta, sel->str, 0, NULL, NULL, ta, out, handled);
    if (!*handled) { ok = select_member(I, recv, sel->str, sel, out); *handled = true; }
    val_decref(recv);
    return ok;
}

/* The parameter names of a case class (a T_CLASS value or an instance of one): how many, at most
 * max into names (interned); -1 when v is neither. */
int interp_case_fields(Value v, const char **names, int max) {
    ClassObj *c = v.t == T_CLASS ? (ClassObj *)v.u.o : v.t == T_OBJECT ? ((InstObj *)v.u.o)->cls : NULL;
    if (!c || !c->is_case || !c->def || c->def->kind != N_CLASS) return -1;
    const Node *d = c->def;
    int n = d->nplists > 0 ? d->plists[0] : d->nparams;
    for (int i = 0; i < n && i < max; i++) names[i] = d->params[i].name;
    return n;
}

/* The class of an instance of a user class (new reference), or unit. */
Value interp_class_value(Value inst) {
    if (inst.t != T_OBJECT || !((InstObj *)inst.u.o)->cls) return v_unit();
    Value c = v_obj(&((InstObj *)inst.u.o)->cls->h);
    val_incref(c);
    return c;
}

static bool construct_instance(Interp *I, ClassObj *cls, int argc, Value *argv, const char **names,
                               const Node *at, Value *out);

/* u.copy(age = 31): a new instance of a case class, the arguments given (by position or name)
 * replacing the instance's constructor fields. */
static bool copy_case(Interp *I, InstObj *in, int argc, Value *argv, const char **names,
                      const Node *at, Value *out) {
    const Node *d = in->cls->def;
    int np = d->nparams;
    Value *args = calloc((size_t)(np ? np : 1), sizeof(Value));
    bool *given = calloc((size_t)(np ? np : 1), sizeof(bool));
    bool ok = true;
    for (int i = 0; i < argc && ok; i++) {
        int k = names && names[i] ? -1 : i;
        for (int j = 0; k < 0 && j < np; j++) if (d->params[j].name == names[i]) k = j;
        if (k < 0) ok = raise_at(I, at, "error", "unknown parameter name: %s", names[i]);
        else if (k >= np) ok = raise_at(I, at, "error", "too many arguments for method copy");
        else { args[k] = argv[i]; given[k] = true; }
    }
    for (int j = 0; j < np && ok; j++) {
        if (given[j]) continue;
        Slot *f = env_find_local(in->fields, d->params[j].name);
        if (f) args[j] = f->v;
    }
    if (ok) ok = construct_instance(I, in->cls, np, args, NULL, at, out);
    free(args);
    free(given);
    return ok;
}

/* call_method with the native member m, when the caller looked it up already (NULL: not yet). */
static bool call_method_found(Interp *I, Value recv, const char *name, const MethodDef *m, int argc, Value *argv,
                              const char **names, const Node *at, Value *out);

bool call_method(Interp *I, Value recv, const char *name, int argc, Value *argv,
                 const char **names, const Node *at, Value *out) {
    return call_method_found(I, recv, name, NULL, argc, argv, names, at, out);
}

static bool call_method_found(Interp *I, Value recv, const char *name, const MethodDef *m, int argc, Value *argv,
                              const char **names, const Node *at, Value *out) {
    if (recv.t == T_OBJECT) {
        InstObj *in = (InstObj *)recv.u.o;
        Slot *s = in->fields ? env_find_local(in->fields, name) : NULL;
        if (s) {
            Value fn;
            if (s->flags & SLOT_LAZY) { if (!force_lazy(I, s, &fn)) return false; }
            else { fn = s->v; val_incref(fn); }
            bool ok = call_value(I, fn, argc, argv, names, at, out);
            val_decref(fn);
            return ok;
        }
        if (in->cls && in->cls->is_case && in->cls->def->kind == N_CLASS && !strcmp(name, "copy"))
            return copy_case(I, in, argc, argv, names, at, out);
        bool handled;
        bool pok = product_member(I, in, name, argc, argv, at, out, &handled);
        if (handled) return pok;
        ClassObj *comp = in->cls && in->cls->def->kind == N_OBJECT && !strcmp(name, "apply") && in->fields
                       ? slot_class(&(Slot){.v = recv}) : NULL;
        if (comp && comp->is_case)   /* a case class's apply, its companion object not defining one */
            return construct_instance(I, comp, argc, argv, names, at, out);
    }
    if (recv.t == T_TUPLE && tuple_field(name, as_tuple(recv)->n)) {
        Value f = as_tuple(recv)->items[atoi(name + 1) - 1];
        return call_value(I, f, argc, argv, names, at, out);
    }
    if (recv.t == T_FUNC && !strcmp(name, "apply"))
        return call_value(I, recv, argc, argv, names, at, out);
    if (recv.t == T_CLASS && ((ClassObj *)recv.u.o)->is_case && !strcmp(name, "tupled")) {
        Value fn;
        if (!select_member(I, recv, name, at, &fn)) return false;
        bool ok = call_value(I, fn, argc, argv, names, at, out);
        val_decref(fn);
        return ok;
    }
    if (!m) m = find_member(I, class_of(I, recv), name);
    if (!m) {
        if (recv.t == T_CLASS && !strcmp(name, "apply")) return call_value(I, recv, argc, argv, names, at, out);
        if (recv.t == T_HOST && !argc && !strcmp(name, "toString")) {   /* every object's toString: its text */
            char *t = val_to_string(I, recv);
            if (!t) return false;
            *out = str_take(t);
            return true;
        }
        return not_a_member(I, recv, name, at);
    }
    return call_native_method(I, m, recv, argc, argv, names, at, out);
}

/* ---- calls ---- */



static bool partial_apply_fn(Call *c, Value *out) {
    /* self = (fn, collected-args-seq) */
    TupleObj *t = as_tuple(c->self);
    SeqObj *got = as_seq(t->items[1]);
    size_t n = got->len + (size_t)c->argc;
    Value *all = malloc((n ? n : 1) * sizeof(Value));
    memcpy(all, got->items, got->len * sizeof(Value));
    memcpy(all + got->len, c->argv, (size_t)c->argc * sizeof(Value));
    bool ok = call_value(c->I, t->items[0], (int)n, all, NULL, c->at, out);
    free(all);
    return ok;
}

static bool bind_params(Interp *I, FuncObj *f, Env *fenv, int argc, Value *argv, const char **names,
                        const Node *at) {
    Node *d = f->def;
    int np = d->nparams;
    Value *bound = calloc((size_t)(np ? np : 1), sizeof(Value));
    bool *has = calloc((size_t)(np ? np : 1), sizeof(bool));
    bool ok = true;
    int pos = 0;
    for (int i = 0; i < argc && ok; i++) {
        if (names && names[i]) {
            int k = -1;
            for (int j = 0; j < np; j++) if (d->params[j].name == names[i]) k = j;
            if (k < 0) ok = raise_at(I, at, "error", "%s does not have a parameter %s", f->name ? f->name : "function", names[i]);
            else if (has[k]) ok = raise_at(I, at, "error", "parameter %s specified twice", names[i]);
            else { bound[k] = argv[i]; has[k] = true; }
            continue;
        }
        if (pos < np && (d->params[pos].flags & NP_VARARGS)) {
            Value rest = seq_new(SEQ_WRAPPED, (size_t)(argc - i));   /* 2.12 wraps the arguments' array */
            for (; i < argc; i++) { val_incref(argv[i]); seq_push(rest, argv[i]); }
            env_define(fenv, d->params[pos].name, rest, 0);
            has[pos] = true;
            bound[pos] = v_unit();
            pos++;
            break;
        }
        if (pos >= np) {
            ok = raise_at(I, at, "error", "too many arguments (%d) for %s", argc,
                          f->name ? f->name : "function");
            break;
        }
        bound[pos] = argv[i];
        has[pos] = true;
        pos++;
    }
    for (int j = 0; j < np && ok; j++) {
        int pflags = (d->params[j].flags & NP_VAR) ? SLOT_VAR : 0;   /* class C(var n: Int): assignable */
        if (has[j]) {
            if ((d->params[j].flags & NP_BYNAME) && is_byname_thunk(bound[j])) {
                val_incref(bound[j]);
                env_define(fenv, d->params[j].name, bound[j], SLOT_BYNAME);
            } else if (!(d->params[j].flags & NP_VARARGS) || bound[j].t != T_UNIT) {
                val_incref(bound[j]);
                env_define(fenv, d->params[j].name, coerce_declared(bound[j], d->params[j].tn), pflags);
            }
            continue;
        }
        if (d->params[j].flags & NP_VARARGS) { env_define(fenv, d->params[j].name, seq_new(SEQ_LIST, 0), 0); continue; }
        if (d->params[j].deflt) {
            Value v;
            if (!eval(I, d->params[j].deflt, fenv, &v)) { ok = false; break; }
            env_define(fenv, d->params[j].name, coerce_declared(v, d->params[j].tn), pflags);
            continue;
        }
        ok = raise_at(I, at, "error", "not enough arguments for %s: unspecified value parameter %s",
                      f->name ? f->name : "function", d->params[j].name);
    }
    free(bound);
    free(has);
    return ok;
}

static bool call_closure(Interp *I, Value fnv, int argc, Value *argv, const char **names,
                         const Node *at, Value *out) {
    FuncObj *f = as_func(fnv);
    Node *d = f->def;
    if (!check_interrupt(I)) return false;
    /* several parameter lists, fewer arguments than all: collect them (currying) */
    if (d->kind == N_DEF && d->nplists > 1 && argc < d->nparams && !names) {
        int need = d->plists[0];
        if (argc >= need) {
            Value collected = seq_new(SEQ_LIST, (size_t)argc);
            for (int i = 0; i < argc; i++) { val_incref(argv[i]); seq_push(collected, argv[i]); }
            val_incref(fnv);
            Value items[2] = {fnv, collected};
            Value self = tuple_new(2, items);
            *out = func_new_native(f->name, partial_apply_fn, self, -1, NULL);
            val_decref(self);
            return true;
        }
    }
    Value packed = v_unit();
    if ((d->flags & NF_CASE_LAMBDA) && argc > 1) {
        for (int i = 0; i < argc; i++) val_incref(argv[i]);
        packed = tuple_new(argc, argv);
        argv = &packed;
        argc = 1;
    } else if (d->kind == N_LAMBDA && d->nparams > 1 && argc == 1 && argv[0].t == T_TUPLE &&
               as_tuple(argv[0])->n == d->nparams) {
        TupleObj *t = as_tuple(argv[0]);
        argv = t->items;
        argc = t->n;
    }
    Env *fenv = env_new(f->env);
    bool ok = bind_params(I, f, fenv, argc, argv, names, at);
    uint64_t saved_frame = I->cur_frame;
    uint64_t my_frame = saved_frame;
    if (d->kind == N_DEF) my_frame = I->cur_frame = ++I->frame_seq;
    Node *body = d->kind == N_DEF ? d->a : d->b;
    Source *held = d->src;   /* the body may drop the last reference to this function */
    source_retain(held);
    if (ok && !body)   /* an abstract member of a class that no subclass defined */
        ok = raise_at(I, at ? at : d, "scala.NotImplementedError", "an implementation is missing (%s)", f->name);
    if (ok) {
        ok = eval(I, body, fenv, out);
        if (!ok && I->unwind == U_RETURN && I->return_target == my_frame && d->kind == N_DEF) {
            *out = I->unwind_val;
            I->unwind_val = v_unit();
            I->unwind = U_NONE;
            ok = true;
        }
        if (ok && d->kind == N_DEF) *out = coerce_declared(*out, d->tn);
        if (ok && d->kind == N_DEF && d->type) either_declared(I, *out, d->type);
    }
    if (!ok && I->unwind == U_THROW && d->kind == N_DEF) exc_add_frame(I->unwind_val, f->name, at);
    I->cur_frame = saved_frame;
    val_decref(v_env(fenv));
    val_decref(packed);
    source_release(held);
    return ok;
}

bool call_value(Interp *I, Value fn, int argc, Value *argv, const char **names, const Node *at,
                Value *out) {
    switch ((VType)fn.t) {
    case T_FUNC: {
        FuncObj *f = as_func(fn);
        if (f->native) {
            if (!check_interrupt(I)) return false;
            Call c = {.I = I, .self = f->self, .argc = argc, .argv = argv, .names = names, .at = at,
                      .data = f->data, .name = f->name};
            *out = v_unit();
            return f->native(&c, out);
        }
        return call_closure(I, fn, argc, argv, names, at, out);
    }
    case T_CLASS:
        return construct_instance(I, (ClassObj *)fn.u.o, argc, argv, names, at, out);
    case T_NULL:
        return raise_at(I, at, "java.lang.NullPointerException", "null cannot be applied to arguments");
    default:
        return call_method(I, fn, intern("apply"), argc, argv, names, at, out);
    }
}

bool interp_call(Interp *I, Value fn, int argc, Value *argv, Value *out) {
    return call_value(I, fn, argc, argv, NULL, NULL, out);
}

/* Which arguments of one argument list are by-name: those of a closure's parameters (d, the
 * list's first parameter at first, named arguments by name) or a native's (mask, by position). */
typedef struct { const Node *d; int first; unsigned mask; } ByName;

/* The by-name parameter the call's i-th argument binds: its index (the closure's parameter, or
 * i for a native), or -1 when that argument is by value. */
static int byname_index(const ByName *b, const Node *call, int i) {
    if (!b) return -1;
    bool named = call->names && call->names[i];
    if (!b->d) return i < 32 && (b->mask >> i & 1) && !named ? i : -1;
    int k = b->first + i;
    if (named) {
        k = -1;
        for (int j = 0; j < b->d->nparams; j++) if (b->d->params[j].name == call->names[i]) k = j;
    }
    if (k < 0 || k >= b->d->nparams) return -1;
    return (b->d->params[k].flags & (NP_BYNAME | NP_VARARGS)) == NP_BYNAME ? k : -1;
}

/* The by-name parameters of the argument list a call of fn binds next, when there are any: fn is
 * a closure, a closure's earlier lists collected (retry(3) { ... } of def retry[T](n: Int)(body:
 * => T)), or a native that forces its by-name arguments (fn->byname). */
static bool byname_callee(Value fn, ByName *b) {
    if (fn.t != T_FUNC) return false;
    FuncObj *f = as_func(fn);
    if (f->native && f->byname) { *b = (ByName){NULL, 0, f->byname}; return true; }
    int got = 0;
    if (f->native == partial_apply_fn) {
        TupleObj *t = as_tuple(f->self);
        got = (int)as_seq(t->items[1])->len;
        f = as_func(t->items[0]);
    }
    const Node *d = f->native ? NULL : f->def;
    if (!d || d->kind != N_DEF) return false;
    int lo = 0, hi = d->nparams;
    if (d->nplists > 1) {
        int l = 0;
        while (l < d->nplists && lo < got) lo += d->plists[l++];
        if (lo != got || l >= d->nplists) return false;
        hi = lo + d->plists[l];
    }
    for (int k = lo; k < hi; k++)
        if (d->params[k].flags & NP_BYNAME) { *b = (ByName){d, lo, 0}; return true; }
    return false;
}

/* Bit i set when the i-th parameter of a signature's parameter list `list` is by-name:
 * "def getOrElse(key: K, default: => V): V" gives 0b10 for list 0. */
unsigned sig_byname_mask(const char *sig, int list) {
    if (!sig || !strstr(sig, ": =>")) return 0;   /* most signatures: one fast scan */
    const char *p = strchr(sig, '(');
    const char *br = strchr(sig, '[');
    if (p && br && br < p) {                 /* skip type parameters: def fill[A](n: Int) */
        int depth = 0;
        for (p = br; *p; p++) {
            if (*p == '[') depth++;
            else if (*p == ']' && --depth == 0) break;
        }
        p = *p ? strchr(p, '(') : NULL;
    }
    for (int l = 0; p && l < list; l++) {
        p = strchr(p, ')');
        if (p && p[1] == '(') p++;
        else p = NULL;
    }
    if (!p) return 0;
    unsigned mask = 0;
    int i = 0, depth = 0;
    for (p++; *p && !(*p == ')' && depth == 0); p++) {
        if (*p == '(' || *p == '[') depth++;
        else if (*p == ')' || *p == ']') depth--;
        else if (*p == ',' && depth == 0) i++;
        else if (*p == ':' && depth == 0 && p[1] == ' ' && p[2] == '=' && p[3] == '>' && i < 32) mask |= 1u << i;
    }
    return mask;
}

/* A native's by-name argument: the thunk evaluated (each call evaluates it again), or the
 * argument itself when it was passed as a value. A new reference. */
bool arg_force(Call *c, int i, Value *out) { return byname_value(c->I, c->argv[i], out); }

bool byname_value(Interp *I, Value v, Value *out) {
    if (!is_byname_thunk(v)) { val_incref(v); *out = v; return true; }
    Slot s = {.v = v};
    return force_byname(I, &s, out);
}

static bool eval_args_for(Interp *I, Node *call, Env *env, const ByName *byname,
                          Value **argv, int *argc, const char ***names);

/* Evaluates arguments, expanding `xs: _*`. argv gets new references; free with free_args. */
bool eval_args(Interp *I, Node *call, Env *env, Value **argv, int *argc, const char ***names) {
    return eval_args_for(I, call, env, NULL, argv, argc, names);
}

/* eval_args for a call of fn: arguments of fn's by-name parameters become thunks. */
static bool eval_call_args(Interp *I, Node *call, Env *env, Value fn, Value **argv, int *argc,
                           const char ***names) {
    ByName b;
    return eval_args_for(I, call, env, byname_callee(fn, &b) ? &b : NULL, argv, argc, names);
}

/* An argument whose evaluation now or later cannot differ: a literal, a lambda, a name of a val
 * (not a var, which may change before a by-name parameter reads it, nor a lazy val or a by-name
 * parameter, whose reading does work). */
static bool plain_arg(Env *env, const Node *a) {
    switch (a->kind) {
    case N_INT: case N_LONG: case N_DOUBLE: case N_STRING: case N_LAMBDA: return true;
    case N_IDENT: {
        Slot *s = env_lookup(env, a->str);
        return !s || !(s->flags & (SLOT_VAR | SLOT_LAZY | SLOT_BYNAME));
    }
    default: return false;
    }
}

/* eval_args for recv.name(args) where recv's method is native: its signature's by-name
 * parameters (getOrElse(default: => B)) become thunks the native forces. *found: the member
 * looked up for that (NULL when no argument needed it), for the call not to look it up again. */
static bool eval_method_args(Interp *I, Node *call, Env *env, Value recv, const char *name,
                             Value **argv, int *argc, const char ***names, const MethodDef **found) {
    bool plain = true;
    for (int i = 0; i < call->list.len && plain; i++) plain = plain_arg(env, call->list.items[i]);
    const MethodDef *m = *found = plain ? NULL : find_member(I, class_of(I, recv), name);
    ByName b = {NULL, 0, m ? sig_byname_mask(m->signature, 0) : 0};
    return eval_args_for(I, call, env, b.mask ? &b : NULL, argv, argc, names);
}

/* Evaluates a call's arguments; those byname names become thunks (see BYNAME_THUNK). */
static bool eval_args_for(Interp *I, Node *call, Env *env, const ByName *byname,
                          Value **argv, int *argc, const char ***names) {
    NodeList *l = &call->list;
    size_t cap = (size_t)l->len + 4, n = 0;
    Value *av = malloc(cap * sizeof(Value));
    for (int i = 0; i < l->len; i++) {
        Node *a = l->items[i];
        bool splice = a->kind == N_TYPED && a->type && !strcmp(a->type, "_*");
        Value v;
        int bk = splice ? -1 : byname_index(byname, call, i);
        if (bk >= 0) {
            const Param *bp = byname->d ? &byname->d->params[bk] : NULL;
            v = func_new_closure(BYNAME_THUNK, a, env);
            as_func(v)->arity = bp ? (int)bp->tn : (int)TN_OTHER;
            as_func(v)->data = (void *)(bp && bp->type ? intern(bp->type) : NULL);
        } else if (!eval(I, splice ? a->a : a, env, &v)) { free_items(av, n); return false; }
        if (splice) {
            Value *items; size_t k;
            if (!iter_items(I, v, &items, &k)) {
                val_decref(v);
                free_items(av, n);
                return raise_at(I, a, "error", "`: _*` needs a sequence");
            }
            val_decref(v);
            if (n + k > cap) { cap = n + k + 4; av = realloc(av, cap * sizeof(Value)); }
            memcpy(av + n, items, k * sizeof(Value));
            n += k;
            free(items);
            continue;
        }
        if (n == cap) { cap *= 2; av = realloc(av, cap * sizeof(Value)); }
        av[n++] = v;
    }
    *argv = av;
    *argc = (int)n;
    *names = (call->names && (size_t)l->len == n) ? call->names : NULL;
    return true;
}

/* new Array[T](n) and Array.ofDim[T](n): n default values of T (0, 0L, 0.0, false, '\0', null). */
Value default_value(TypeName tn) {
    switch (tn) {
    case TN_INT: case TN_SHORT: case TN_BYTE: return v_int(0);
    case TN_LONG: return v_long(0);
    case TN_DOUBLE: return v_double(0);
    case TN_FLOAT: return v_float(0);
    case TN_BOOLEAN: return v_bool(false);
    case TN_CHAR: return v_char(0);
    case TN_UNIT: return v_unit();
    default: return v_null();
    }
}

static NOINLINE bool zero_array(Interp *I, const Node *at, TypeName tn, Value nv, Value *out) {
    if (nv.t != T_INT && nv.t != T_LONG) return raise_at(I, at, "error", "type mismatch: the array size is not an Int");
    int64_t n = nv.t == T_INT ? nv.u.i : nv.u.l;
    if (n < 0) return raise_at(I, at, "java.lang.NegativeArraySizeException", "%lld", (long long)n);
    if (n > (1 << 28)) return raise_at(I, at, "java.lang.OutOfMemoryError", "Requested array size exceeds VM limit");
    Value z = default_value(tn);
    Value arr = seq_new(SEQ_ARRAY, (size_t)n);
    for (int64_t i = 0; i < n; i++) seq_push(arr, z);
    *out = arr;
    return true;
}

/* Array.ofDim[T](d0, d1, …): d0 arrays of … of dk default values of T. */
static NOINLINE bool zero_arrays(Interp *I, const Node *at, TypeName tn, const Value *dims, int nd, Value *out) {
    if (nd == 1) return zero_array(I, at, tn, dims[0], out);
    Value outer;   /* an array of d0 nulls, each replaced by an array of the rest */
    if (!zero_array(I, at, TN_OTHER, dims[0], &outer)) return false;
    SeqObj *s = as_seq(outer);
    for (size_t i = 0; i < s->len; i++) {
        Value inner;
        if (!zero_arrays(I, at, tn, dims + 1, nd - 1, &inner)) { val_decref(outer); return false; }
        val_decref(s->items[i]);
        s->items[i] = inner;
    }
    *out = outer;
    return true;
}

/* v.asInstanceOf[T] (v.isInstanceOf[T] when test): n is the N_TYPEARGS, or the call around it */
NOINLINE bool eval_cast(Interp *I, Node *n, Value v, TypeName tn, const char *type, bool test, Value *out) {
    if (test) { *out = v_bool(instance_of(I, v, tn, type)); val_decref(v); return true; }
    if (v_is_num(v)) {
        switch (tn) {
        case TN_INT: *out = v_int((int32_t)as_i64(v)); return true;
        case TN_LONG: *out = v_long(as_i64(v)); return true;
        case TN_DOUBLE: *out = v_double(as_f64(v)); return true;
        case TN_FLOAT: *out = v_float((float)as_f64(v)); return true;
        case TN_CHAR: *out = v_char((uint32_t)as_i64(v)); return true;
        default: break;
        }
    }
    if (v.t == T_NULL || instance_of(I, v, tn, type)) { *out = v; return true; }
    /* Java 8's message: qualified runtime classes */
    const char *want = tn == TN_STRING ? "java.lang.String" : tn == TN_INT || tn == TN_INTEGER ? "java.lang.Integer"
                     : tn == TN_LONG ? "java.lang.Long" : tn == TN_DOUBLE ? "java.lang.Double"
                     : tn == TN_BOOLEAN ? "java.lang.Boolean" : tn == TN_CHAR ? "java.lang.Character" : type;
    bool r = raise_at(I, n, "java.lang.ClassCastException", "%s cannot be cast to %s", val_class_name(v), want);
    val_decref(v);
    return r;
}

/* xs.sortBy(f)(ord), xs.maxBy(f)(ord), xs.minBy(f)(ord): the Ordering of the second (implicit)
 * list joins the first list's arguments. Anything else in the second list applies the first
 * call's result, as it would without this. */
static bool eval_ordering_list(Interp *I, Node *n, Node *first, Env *env, Value *out) {
    Node *sel = first->a->kind == N_TYPEARGS ? first->a->a : first->a;
    Value recv;
    if (!eval_receiver(I, sel->a, env, &recv)) return false;
    Value *argv = NULL, *argv2 = NULL;
    int argc = 0, argc2 = 0;
    const char **names = NULL, **names2 = NULL;
    bool ok = eval_args(I, first, env, &argv, &argc, &names);
    if (ok) ok = eval_args(I, n, env, &argv2, &argc2, &names2);
    Value key;
    bool desc;
    if (ok && argc2 == 1 && ordering_of(argv2[0], &key, &desc)) {
        argv = realloc(argv, (size_t)(argc + 1) * sizeof(Value));
        argv[argc++] = argv2[0];
        argc2 = 0;
        ok = call_method(I, recv, sel->str, argc, argv, NULL, n, out);
    } else if (ok) {
        Value r;
        ok = call_method(I, recv, sel->str, argc, argv, names, first, &r);
        if (ok) {
            ok = call_value(I, r, argc2, argv2, names2, n, out);
            val_decref(r);
        }
    }
    free_items(argv, (size_t)argc);
    free_items(argv2, (size_t)argc2);
    val_decref(recv);
    return ok;
}

bool eval_apply(Interp *I, Node *n, Env *env, Value *out) {
    Node *callee = n->a;
    const Node *typed = NULL;
    if (callee->kind == N_APPLY && n->list.len == 1 && callee->list.len == 1) {
        Node *sel = callee->a->kind == N_TYPEARGS ? callee->a->a : callee->a;
        if (sel->kind == N_SELECT && (!strcmp(sel->str, "sortBy") || !strcmp(sel->str, "maxBy") || !strcmp(sel->str, "minBy") ||
                                      !strcmp(sel->str, "top") || !strcmp(sel->str, "takeOrdered")))   /* RDD's (num)(ord) */
            return eval_ordering_list(I, n, callee, env, out);
    }
    if (callee->kind == N_TYPEARGS) {
        Node *inner = callee->a;
        if (callee->op != OP_OTHER && n->list.len == 0 && callee->ntypes == 1) {   /* asInstanceOf[T]() */
            Value v;
            if (!eval(I, inner->a, env, &v)) return false;
            return eval_cast(I, n, v, callee->tn, callee->types[0], callee->op == OP_IS_INSTANCE_OF, out);
        }
        if (inner->kind == N_SELECT && !strcmp(inner->str, "ofDim") && inner->a->kind == N_IDENT &&
            !strcmp(inner->a->str, "Array") && n->list.len >= 1 && n->list.len <= 5 && callee->ntypes == 1) {
            Value dims[5];   /* Array.ofDim[T](n1, n2, …): arrays of arrays, zeros at the bottom */
            for (int i = 0; i < n->list.len; i++)
                if (!eval(I, n->list.items[i], env, &dims[i])) return false;
            return zero_arrays(I, n, callee->tn, dims, n->list.len, out);
        }
        if (inner->kind == N_SELECT) typed = callee;   /* recv.name[T](args): see typed_member */
        callee = inner;      /* type arguments are otherwise ignored */
    }
    Value *argv = NULL;
    int argc = 0;
    const char **names = NULL;
    bool ok = false;
    Slot *qs = callee->kind == N_SELECT ? qualified_slot(I, callee, env) : NULL;
    if (qs) {                /* mutable.Map(...), scala.collection.mutable.ArrayBuffer[Int]() */
        Value fn = qs->v;
        val_incref(fn);
        if (!eval_call_args(I, n, env, fn, &argv, &argc, &names)) { val_decref(fn); return false; }
        ok = call_value(I, fn, argc, argv, names, n, out);
        val_decref(fn);
    } else if (callee->kind == N_SELECT) {
        Value recv;
        if (!eval_receiver(I, callee->a, env, &recv)) return false;
        Slot *ms = recv.t == T_OBJECT && ((InstObj *)recv.u.o)->fields
                 ? env_find_local(((InstObj *)recv.u.o)->fields, callee->str) : NULL;   /* obj.m(x: => T) */
        const MethodDef *found = NULL;
        bool ok_args = ms ? eval_call_args(I, n, env, ms->flags & (SLOT_LAZY | SLOT_BYNAME) ? v_unit() : ms->v, &argv, &argc, &names)
                          : eval_method_args(I, n, env, recv, callee->str, &argv, &argc, &names, &found);
        if (!ok_args) { val_decref(recv); return false; }
        bool handled = false;
        if (typed) ok = typed_member(I, recv, typed, callee->str, argc, argv, names, n, out, &handled);
        if (!handled) ok = call_method_found(I, recv, callee->str, found, argc, argv, names, n, out);
        val_decref(recv);
    } else {
        Value fn;
        Slot *ds = callee->kind == N_IDENT ? env_lookup(env, callee->str) : NULL;
        if (ds && n->list.len == 1 && is_try_companion(ds->v))   /* Try(expr): expr is by-name */
            return eval_try_apply(I, n->list.items[0], env, out);
        if (ds && is_auto_applied(ds, n) && as_func(ds->v)->def->nplists == 1) {   /* f() calls f itself */
            fn = ds->v;
            val_incref(fn);
        } else if (!eval(I, callee, env, &fn)) return false;
        if (!eval_call_args(I, n, env, fn, &argv, &argc, &names)) { val_decref(fn); return false; }
        ok = call_value(I, fn, argc, argv, names, n, out);
        val_decref(fn);
    }
    free_items(argv, (size_t)argc);
    return ok;
}

/* ---- classes ---- */


/* Runs a class or object body in a fresh field scope. */
bool init_fields(Interp *I, Node *d, Env *fields) {
    hoist_defs(&d->list, fields);
    for (int i = 0; i < d->list.len; i++) {
        Node *s = d->list.items[i];
        if (s->kind == N_DEF) continue;
        if (s->kind == N_VAL && !s->a && !(s->flags & (NF_DEFAULT_INIT | NF_LAZY)) && d->kind != N_OBJECT)
            continue;        /* val n: Int in a trait or abstract class: a subclass defines it */
        Value v;
        if (!eval(I, s, fields, &v)) return false;
        val_decref(v);
    }
    return true;
}

/* A class extending a user class (class Dog(n: String) extends Animal(n)) first runs the
 * parent's constructor into the same field scope, with the arguments of the extends clause;
 * the child's members then replace same-named ones, so overriding works. */
static bool init_one_parent(Interp *I, Node *d, int k, Env *scope, Env *fields, const Node *at, int depth);

bool init_parent(Interp *I, Node *d, Env *scope, Env *fields, const Node *at, int depth) {
    if (depth > 32) return true;
    for (int i = 0; i < d->ntypes; i++)      /* traits mixed in (with T): their members, in order */
        if (!init_one_parent(I, d, i, scope, fields, at, depth)) return false;
    return true;
}

static bool init_one_parent(Interp *I, Node *d, int k, Env *scope, Env *fields, const Node *at, int depth) {
    char b[128];
    ClassObj *pc = slot_class(env_lookup(scope, intern(base_type(d->types[k], b, sizeof b))));
    if (!pc || pc->def == d) return true;
    Value *argv = NULL;
    int argc = 0;
    const char **names = NULL;
    if (k == 0 && d->a && !eval_args(I, d->a, fields, &argv, &argc, &names)) return false;
    Value ctor = func_new_closure(pc->name, pc->def, pc->env);
    bool ok = bind_params(I, as_func(ctor), fields, argc, argv, names, at) &&
              init_parent(I, pc->def, pc->env, fields, at, depth + 1) && init_fields(I, pc->def, fields);
    val_decref(ctor);
    free_items(argv, (size_t)argc);
    return ok;
}

static bool construct_instance(Interp *I, ClassObj *cls, int argc, Value *argv, const char **names,
                               const Node *at, Value *out) {
    Node *d = cls->def;
    Env *fields = env_new(cls->env);
    /* constructor parameters are bound like a def's */
    Value ctor = func_new_closure(cls->name, d, cls->env);
    FuncObj *f = as_func(ctor);
    bool ok = bind_params(I, f, fields, argc, argv, names, at);
    val_decref(ctor);
    if (!ok) { val_decref(v_env(fields)); return false; }
    Value inst = inst_new(cls, fields);
    val_incref(inst);
    env_define(fields, intern("this"), inst, SLOT_DEF);   /* SLOT_DEF: not a field */
    if (!init_parent(I, d, cls->env, fields, at, 0) || !init_fields(I, d, fields)) { val_decref(inst); return false; }
    *out = inst;
    return true;
}

static bool construct_host(Interp *I, Node *n, Env *env, const HostClass *c, Value *out) {
    Value *argv; int argc; const char **names;
    if (!eval_args(I, n, env, &argv, &argc, &names)) return false;
    Call call = {.I = I, .self = v_unit(), .argc = argc, .argv = argv, .names = names, .at = n,
                 .name = n->str, .data = c->ctor_data};
    *out = v_unit();
    bool ok = c->construct(&call, out);
    free_items(argv, (size_t)argc);
    return ok;
}

NOINLINE bool eval_new(Interp *I, Node *n, Env *env, Value *out) {
    const char *name = n->str;
    if (n->b && n->b->kind == N_CLASS) {     /* new T(args) { body }: an anonymous class */
        Value cls = class_new(n->b->str, n->b, env, false);
        bool ok = construct_instance(I, (ClassObj *)cls.u.o, 0, NULL, NULL, n, out);
        val_decref(cls);
        return ok;
    }
    if ((!strcmp(name, "Array") || !strcmp(name, "scala.Array")) && n->ntypes == 1 && n->list.len == 1) {
        Value nv;
        if (!eval(I, n->list.items[0], env, &nv)) return false;
        return zero_array(I, n, n->tn, nv, out);
    }
    Slot *s = env_lookup(env, name);
    if (!s && strchr(name, '.')) s = env_lookup(env, intern(simple_name(name)));
    Value *argv; int argc; const char **names;
    if (slot_class(s)) {
        if (!eval_args(I, n, env, &argv, &argc, &names)) return false;
        bool ok = construct_instance(I, slot_class(s), argc, argv, names, n, out);
        free_items(argv, (size_t)argc);
        return ok;
    }
    const HostClass *hc = interp_find_constructor(I, name);
    if (hc) return construct_host(I, n, env, hc, out);
    if (is_exception_class(I, name)) {
        if (!eval_args(I, n, env, &argv, &argc, &names)) return false;
        Value msg = v_null(), cause = v_null();
        for (int i = 0; i < argc; i++) {
            if (argv[i].t == T_EXC) { cause = argv[i]; val_incref(cause); }
            else if (msg.t == T_NULL && argv[i].t == T_STR) { msg = argv[i]; val_incref(msg); }
        }
        if (msg.t == T_NULL && cause.t == T_EXC) {
            char *cs = val_to_string(I, cause);
            msg = str_take(cs);
        }
        Value e = exc_new(exception_qualified(I, name), msg);
        as_exc(e)->cause = cause;
        exc_locate(e, n, true);
        free_items(argv, (size_t)argc);
        *out = e;
        return true;
    }
    return raise_at(I, n, "error", "not found: type %s", name);
}
