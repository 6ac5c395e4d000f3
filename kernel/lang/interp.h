/* interp.h — the interpreter's public face: run a cell, interrupt it, complete and inspect
 * names, and the registry through which spark/ and the Kafka bindings add classes, objects,
 * methods and their docs (so completion and inspection see them with no special cases).
 *
 * Threads: an Interp is used by one thread at a time. interp_lock/interp_unlock serialise the
 * cell thread and a streaming context's batch thread; a native that blocks for long (awaiting a
 * streaming context) releases the lock around its wait. interp_interrupt is async-signal-safe.
 */
#ifndef DSTREAM_LANG_INTERP_H
#define DSTREAM_LANG_INTERP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lang/value.h"

/* Where a cell's output goes. The kernel supplies one per request; the spark layer's batch thread
 * uses the hooks of the cell that started (or awaits) a streaming context. Hooks belong to the
 * calling thread: each thread writes to its own cell. */
typedef struct InterpHooks {
    void *ud;
    void (*write)(void *ud, int stream /* 1 stdout, 2 stderr */, const char *s, size_t n);
    char *(*read_line)(void *ud, const char *prompt, bool password);  /* malloc'd or NULL */
    /* data and metadata are borrowed; display_id may be NULL; update: update_display_data */
    void (*display)(void *ud, json_t *data, json_t *metadata, const char *display_id, bool update);
    /* Clears the cell's output (Jupyter's clear_output; wait: when the next output arrives). May be NULL. */
    void (*clear)(void *ud, bool wait);
    /* Keep ud usable after the cell ends (a streaming context's batches write to the cell that
     * started it): retain returns a handle to pass as ud later, release drops it. May be NULL. */
    void *(*retain)(void *ud);
    void (*release)(void *ud);
    /* Buttons under the cell's output (Jupyter widgets): a click on labels[i] calls on_click(cb_ud,
     * i) with the interpreter's lock held. Returns a handle > 0, or 0 without a frontend for them.
     * controls_update sets the status text beside them (NULL: unchanged) and which are disabled
     * (bit i: labels[i]); closed: on_click is never called again. Any hooks' ud may update. May be NULL. */
    int (*controls_open)(void *ud, const char *const *labels, int n, void (*on_click)(void *cb_ud, int i), void *cb_ud);
    void (*controls_update)(void *ud, int handle, const char *status, unsigned disabled, bool closed);
    /* While a cell waits with the interpreter's lock held: lets the frontend's clicks through. May be NULL. */
    void (*poll_events)(void *ud);
} InterpHooks;

typedef struct CellResult {
    bool ok;
    char *echo;              /* the REPL echo of the last statement ("res0: Int = 3") or NULL */
    json_t *display;         /* optional rich bundle for the last value (e.g. text/html) or NULL */
    char *ename, *evalue;    /* on error */
    char *traceback;         /* on error: lines separated by '\n' */
} CellResult;

Interp *interp_new(void);
void interp_free(Interp *I);

/* Runs a cell. Statement echoes before the last go to stdout as they happen, as in spark-shell;
 * the last one is returned in res->echo. Free the result with cell_result_clear. */
void interp_run_cell(Interp *I, const char *src, CellResult *res);
/* Evaluates an expression and returns its toString (malloc'd) or NULL with res filled. */
char *interp_eval_to_string(Interp *I, const char *expr, CellResult *res);
void cell_result_clear(CellResult *res);

void interp_set_hooks(Interp *I, const InterpHooks *hooks);   /* copied; the calling thread's */

/* How the REPL echo shows the value of a map entry or pair whose key is a String: mask writes
 * the text to show for key's value into out (size n) and returns out — e.g. "********" for a
 * password — or returns NULL to show it as it is. Set by the layer that knows which names are
 * secrets (the Kafka bindings); echoes of Map, java.util.Map, Properties and (key, value) pairs
 * use it, println and toString do not (as in Scala). */
typedef char *(*SecretMask)(const char *key, const char *value, char *out, size_t n);
void interp_set_secret_mask(Interp *I, SecretMask mask);
const InterpHooks *interp_hooks(Interp *I);
void interp_write(Interp *I, int stream, const char *s, size_t n);
void interp_printf(Interp *I, int stream, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* True if `more` bytes fit in the kernel's memory budget (util/mem.h); otherwise throws
 * java.lang.OutOfMemoryError and returns false. For natives that know a big size up front. */
bool interp_memory_fits(Interp *I, size_t more);

void interp_interrupt(Interp *I);      /* async-signal-safe */
bool interp_interrupted(Interp *I);    /* the flag, for natives that block */
void interp_clear_interrupt(Interp *I);
unsigned interp_cell_seq(Interp *I);   /* how many cells have started (each counted before it waits for the lock) */
unsigned interp_cell_entered(Interp *I);   /* the interp_cell_seq of the latest cell that took the lock */
void interp_lock(Interp *I);
void interp_unlock(Interp *I);

/* is_complete: "complete", "incomplete" or "invalid"; indent suggestion for incomplete. */
const char *interp_is_complete(Interp *I, const char *code, const char **indent);
/* Completion: matches (json array of strings, new) for the text before cursor. */
json_t *interp_complete(Interp *I, const char *code, int cursor, int *start, int *end);
/* Inspection: signature and doc for the name at cursor, or NULL. malloc'd text. */
char *interp_inspect(Interp *I, const char *code, int cursor);

/* ---- calling into natives ---- */

struct Call {
    Interp *I;
    Value self;              /* receiver (borrowed), unit for free functions */
    int argc;
    Value *argv;             /* borrowed */
    const char **names;      /* named-argument names parallel to argv (entries may be NULL), or NULL */
    const Node *at;          /* call site for error positions (may be NULL) */
    const void *data;        /* the MethodDef's data, the function's data, or the class's ctor_data */
    const char *name;        /* method name (interned) */
};

/* Raise a Scala exception from a native: always returns false, so `return interp_throw(...)`. */
bool interp_throw(Interp *I, const char *exc_class, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A compile error (scalac's words) at the call's position: shown with its line and a caret. */
bool interp_compile_error(Call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Raise an existing exception value (takes the reference). */
bool interp_throw_value(Interp *I, Value exc);
/* Calls recv.name(args) as the evaluator would (any value's methods). *out is new. */
bool interp_call_method(Interp *I, Value recv, const char *name, int argc, Value *argv, Value *out);
/* Calls any callable value (closure, native, or an object with apply). *out is new. */
bool interp_call(Interp *I, Value fn, int argc, Value *argv, Value *out);
/* The named argument `name`, or positional argument `pos`, or NULL. */
Value *call_arg(Call *c, int pos, const char *name);
/* Argument checking helpers: on failure they raise IllegalArgumentException and return false. */
bool call_arity(Call *c, int min, int max);
bool arg_string(Call *c, int i, const char **s);
bool arg_long(Call *c, int i, int64_t *n);
bool arg_double(Call *c, int i, double *d);
bool arg_bool(Call *c, int i, bool *b);

/* ---- the registry ---- */

typedef struct MethodDef {
    const char *name;        /* Scala name */
    NativeFn fn;
    int min_args, max_args;  /* max -1: any; a select without () calls when min_args == 0 */
    const char *signature;   /* e.g. "def map[U](f: T => U): DStream[U]" */
    const char *doc;         /* one paragraph */
    const void *data;        /* reaches fn as Call.data: which variant one native serves (Lua's upvalues) */
} MethodDef;

/* One row of a method table; METHOD_DATA gives fn its variant through Call.data (a pointer, or an
 * integer tag through (const void *)(intptr_t)tag). */
#define METHOD(name, fn, min, max, sig, doc) {name, fn, min, max, sig, doc, NULL}
#define METHOD_DATA(name, fn, data, min, max, sig, doc) {name, fn, min, max, sig, doc, (const void *)(data)}
/* The number of rows of a static method table. */
#define NMETHODS(table) ((int)(sizeof(table) / sizeof((table)[0])))
/* In a HostClass initialiser: its static method table. */
#define HOST_METHODS(table) .methods = (table), .nmethods = NMETHODS(table)
/* The variant a METHOD_DATA row gave as an integer tag. */
#define CALL_TAG(c) ((int)(intptr_t)(c)->data)

struct HostClass {
    const char *name;        /* Scala simple name, e.g. "StreamingContext" */
    const char *qualified;   /* e.g. "org.apache.spark.streaming.StreamingContext" */
    const char *doc;
    const char *doc_url;     /* link to Spark's or Kafka's documentation, or NULL */
    const MethodDef *methods;
    int nmethods;
    NativeFn construct;      /* `new Name(args)`; NULL: not constructible */
    const void *ctor_data;   /* passed to construct as Call.data */
    const char *ctor_signature;
    void (*finalize)(void *data);
    void (*traverse)(void *data, VisitFn visit, void *ctx);  /* values the object holds */
    char *(*to_string)(Interp *I, void *data);               /* malloc'd; NULL: "Name@addr" */
    const char *(*type_name)(void *data);                     /* REPL type, e.g. "DStream[String]" */
    const struct HostClass *parent;                           /* methods inherited */
    const char *const *aliases;                               /* other simple/qualified names (isInstanceOf, asInstanceOf) */
    json_t *(*to_json)(Interp *I, void *data);                /* Gson-style serialisation, or NULL */
    /* `case Name(p1, …, pn)` on an instance: its n elements (borrowed), as Scala's unapplySeq
     * gives them, or NULL: the pattern matches no instance */
    const Value *(*unapply_seq)(void *data, int *n);
    void *hash;              /* registry's lookup index (private) */
    int methods_cap;         /* private: > 0 once host_class_add_methods owns methods */
    int users;               /* private: how many interpreters registered the class */
};

/* Appends n method definitions (copied) to cls, at init, before the class is used: a class either
 * has a static table (HOST_METHODS) or grows one with this, not both. A name already in the table
 * is skipped (the first definition wins, as in lookup). The grown table is freed, and the class's
 * methods emptied, when the last interpreter that registered the class is freed; so register it. */
void host_class_add_methods(HostClass *cls, const MethodDef *defs, int n);

/* A class: `new Name(...)` constructs it; its methods are found on its instances. */
void interp_register_class(Interp *I, HostClass *cls);
/* A global value (an object like KafkaUtils, or a function like Seconds), with its doc. */
/* The name of the user's top-level val holding the host object whose data is data (the one bound
 * last), or fallback: what a message tells to call (`stop it with streamingCtx.stop()`). */
const char *interp_host_name(Interp *I, const void *data, const char *fallback);
void interp_register_global(Interp *I, const char *name, Value v, const char *signature,
                            const char *doc);
/* A package `import` accepts (prefix match: "org.apache.spark" accepts its sub-packages). */
void interp_register_package(Interp *I, const char *prefix);
/* All the members of a package (sub-packages, classes, objects; a NULL-terminated static array):
 * `import package.X` of another X fails as scalac's `object X is not a member of package ...`. */
void interp_register_package_members(Interp *I, const char *package, const char *const *names);
/* An exception class Scala code can throw (`new Simple(msg)`), catch and test (isInstanceOf):
 * its simple name, qualified name (shown in tracebacks) and its parent's simple name (NULL only
 * for Throwable). `catch { case e: P => }` catches every class whose chain of parents reaches P.
 * The strings are borrowed (literals). */
void interp_register_exception(Interp *I, const char *simple, const char *qualified, const char *parent);
/* Every class whose qualified name starts with prefix is an exception when its name ends in
 * "Exception"; those not registered one by one have parent (a simple name). Borrowed strings. */
void interp_register_exception_package(Interp *I, const char *prefix, const char *parent);
/* A symbol Scala's @deprecated marks, for the warnings spark-shell prints before a statement runs
 * (unitscan.c): the class `owner` itself (its type, constructor and companion object) when
 * member is NULL; otherwise owner's member, only when its first argument's class is arg_class
 * (NULL: on any call). Class names are simple names or aliases. The rows are borrowed (static). */
typedef struct { const char *owner, *member, *arg_class, *since; } Deprecation;
void interp_register_deprecations(Interp *I, const Deprecation *rows, int n);
/* Names of `package` that Scala code sees only after importing it (`import package._`,
 * `import package.Name`), as spark-shell requires: used unimported, a unit fails to compile with
 * Scala's `not found: value Name` (unitscan.c). names: NULL-terminated; both borrowed (static). */
void interp_register_imports(Interp *I, const char *package, const char *const *names);
/* Extension methods of a class (Scala's implicit classes: spark-shell's `spark.implicits._` gives
 * Seq(...).toDF and rdd.toDF): methods of the class named class_name (simple name, e.g. "Seq" for
 * the built-in sequences, or a registered host class) found when the class has none of that name.
 * The table is borrowed (static). */
void interp_register_extensions(Interp *I, const char *class_name, const MethodDef *defs, int n);
/* A global whose value is made from its type argument as written: `classOf[StringSerializer]`
 * (the evaluator otherwise drops type arguments). fn gets the type's text; false with an exception. */
typedef bool (*TypeArgFn)(Interp *I, const char *type_name, Value *out);
void interp_register_type_function(Interp *I, const char *name, TypeArgFn fn);
/* A registered host class by simple or qualified name (or alias), or NULL. */
const HostClass *interp_find_class(Interp *I, const char *name);
/* The class `new name(...)` constructs: the first registered with a constructor answering to name. */
const HostClass *interp_find_constructor(Interp *I, const char *name);
/* The names of the REPL's top level that closure fn uses (captures.c), at most max into names
 * (interned, borrowed): a top-level def itself counts (`f _`); *line: the line of fn's
 * definition in its cell. 0 for natives and closures that use only their own names. */
int interp_closure_globals(Interp *I, Value fn, const char **names, int max, int *line);
/* The same for the lambdas inside closure fn only (those an RDD operation in a foreachRDD or
 * transform function ships to tasks). */
int interp_closure_nested_globals(Interp *I, Value fn, const char **names, int max, int *line);
/* Calls each(ctx, value) for every value of the local scopes closure fn was made in (a def's
 * locals and parameters, enclosing blocks'), not the top level's. */
void interp_closure_locals(Interp *I, Value fn, void (*each)(void *ctx, Value v), void *ctx);
/* Calls each(ctx, name, value, transient) for every name of the REPL's top level. */
void interp_each_global(Interp *I, void (*each)(void *ctx, const char *name, Value v, bool transient), void *ctx);
/* The class's name when v is an instance of a notebook class Java cannot serialize (a plain
 * class extending nothing), else NULL (captures.c). */
const char *interp_unserializable_class(Value v);
/* The value bound to a top-level name (borrowed; lazy vals are not forced), or false. */
bool interp_lookup_global(Interp *I, const char *name, Value *out);
/* A case class's parameter names (cls a class value or an instance): their number, -1 if not one */
int interp_case_fields(Value cls, const char **names, int max);
Value interp_class_value(Value inst);   /* an instance's class value (new ref), or unit */
/* A method on a built-in type (String, Seq, Map, ...) — used by lang itself. */
const MethodDef *host_find_method(const HostClass *cls, const char *name);
/* The static result type of calling function fn with arguments of these types (malloc'd), or
 * NULL when the small inference of the REPL echo (infer.c) cannot tell. */
char *interp_infer_fn_result(Interp *I, Value fn, const char *const *arg_types, int nargs);
/* The member name m when fn is a lambda of one untyped parameter whose body only selects m on
 * it (`x => x.m`, `_.m`, `x => x.m()`), else NULL (borrowed from the syntax tree). Whether
 * reading m some other way is the same is for the caller to know (a host class's accessor). */
const char *interp_fn_param_member(Value fn);

/* Another thread (a streaming context's batch thread) runs code: it sets the stack budget for
 * itself and hooks for its output, and restores the previous ones when done. */
typedef struct { char *base; size_t limit; InterpHooks hooks; } InterpThreadState;
void interp_thread_enter(Interp *I, char *stack_base, const InterpHooks *hooks, InterpThreadState *saved);
void interp_thread_leave(Interp *I, const InterpThreadState *saved);
/* After a call failed: the pending exception as a new reference (an InterruptedException for an
 * interrupt), clearing the unwinding state. */
Value interp_take_exception(Interp *I);
/* The text of an exception the way a cell's error shows it: "cls: message". malloc'd. */
char *interp_exception_text(Interp *I, Value exc);

/* Sleeps, releasing the interpreter lock; false (unwinding) when interrupted. */
bool interp_sleep_ms(Interp *I, int64_t ms);

/* ---- value utilities for natives ---- */
/* The items of any Scala collection (Seq, Range, Set, Map as pairs, Option, String as Chars):
 * a malloc'd array of new references; false when v is not a collection. */
/* Whether fn, a partial function ({ case … }), is defined at v (any other function is everywhere);
 * false when a guard threw. */
bool interp_partial_defined(Interp *I, Value fn, Value v, bool *defined);
/* Whether fn is a pattern-matching anonymous function ({ case … => … }). */
bool interp_is_case_lambda(Value fn);
bool interp_iter_items(Interp *I, Value v, Value **items, size_t *n);
void interp_free_items(Value *items, size_t n);
/* Keeps the first of each set of equal items (== and hashCode, as distinct does), in order, in
 * place: returns how many remain; the references of the others are dropped. */
size_t interp_distinct_items(Value *items, size_t n);
char *val_to_string(Interp *I, Value v);         /* Scala toString; malloc'd */
char *val_type_name(Interp *I, Value v);         /* REPL type, e.g. "List[Int]"; malloc'd */
const char *val_class_name(Value v);             /* runtime class, e.g. "Int", "List" */
bool val_truthy(Value v, bool *b);

#endif
