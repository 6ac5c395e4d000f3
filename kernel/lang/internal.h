/* internal.h — what the interpreter's own files share: the Interp structure, the unwinding
 * protocol of the evaluator, and the entry points between the evaluator (eval*.c, errors.c),
 * format.c, the built-in classes (builtins.c, strings.c, coll*.c, collections.c) and interp.c.
 * The parser's files share parse_internal.h instead. Nothing outside kernel/lang/ includes this
 * file.
 *
 * Unwinding: evaluation functions return bool. false means "stop and unwind": I->unwind says
 * why (a thrown exception, a `return`, an interrupt) and I->unwind_val carries the exception or
 * returned value. Every caller releases what it holds and returns false in turn, until a
 * try/catch, the def being returned from, or the top level takes it.
 */
#ifndef DSTREAM_LANG_INTERNAL_H
#define DSTREAM_LANG_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

#include "lang/ast.h"
#include "lang/interp.h"
#include "lang/value.h"
#include "util/strbuf.h"

typedef enum { U_NONE, U_THROW, U_RETURN, U_INTERRUPT } Unwind;

typedef struct {
    const char *name;        /* interned */
    const char *signature;
    const char *doc;
} GlobalDoc;

typedef struct { const char *name, *qualified, *parent; } ExcClass;   /* name, parent: simple names */
typedef struct { const char *prefix, *parent; } ExcPackage;

struct Interp {
    Env *globals;            /* the REPL's top level */
    Env *builtins;           /* predefined names (parent of globals) */
    SecretMask secret_mask;  /* see interp_set_secret_mask */
    atomic_uint cell_seq;    /* cells started (counted before a cell waits for the lock) */
    atomic_uint cell_entered;/* cells that have taken the lock (the cell_seq of the latest) */
    atomic_int interrupt;
    pthread_mutex_t lock;

    Unwind unwind;
    Value unwind_val;
    uint64_t return_target;  /* frame id of the def a `return` leaves */
    uint64_t frame_seq, cur_frame;

    int res_counter;         /* resN */
    /* infer.c: top-level vals whose static type is not their value's (ts: Seq[Tweet] = List(..)) */
    struct ValType { const char *name; char *type; } *val_types;
    int nval_types, cval_types;

    /* typecheck.c: the value types of top-level vals (an index into its kinds) */
    struct KnownType { const char *name; int kind; } *types_known;
    int ntypes_known, ctypes_known;

    HostClass **classes; int nclasses, cclasses;
    /* name, qualified name and aliases -> class, of every class and of those with a constructor;
     * built on first lookup, dropped on registration */
    struct ClassIndex { struct ClassKey *slots; size_t n; } class_index, ctor_index;
    GlobalDoc *docs; int ndocs, cdocs;
    char **packages; int npackages, cpackages;
    ExcClass *excs; int nexcs, cexcs;                          /* interp_register_exception */
    ExcPackage *exc_packages; int nexc_packages, cexc_packages;
    const Deprecation **deprecs; int ndeprecs, cdeprecs;       /* interp_register_deprecations */
    struct ImportRow { const char *package; const char *const *names; } *import_rows;
    int nimport_rows, cimport_rows;                            /* interp_register_imports */
    const char **imported; int nimported, cimported;           /* interned: "pkg" (pkg._), "pkg.Name" */
    struct ImportRow *closed; int nclosed, cclosed;            /* interp_register_package_members */
    struct Extension { const HostClass *cls; const MethodDef *m; } *exts; int nexts, cexts;   /* interp_register_extensions */
    struct TypeFunction { const char *name; TypeArgFn fn; } tfns[8]; int ntfns;   /* interp_register_type_function */

    /* classes for the built-in types' methods */
    HostClass *cls_string, *cls_seq, *cls_map, *cls_set, *cls_option, *cls_tuple, *cls_num,
              *cls_bool, *cls_func, *cls_exc, *cls_any;
};

/* What belongs to the thread that runs code, not to the interpreter: where its output goes and
 * its stack budget. The shell thread's cell and a batch thread each have their own, so a batch
 * that waits unlocked (a Kafka fetch, Thread.sleep) while a cell runs keeps writing to its own
 * cell, and the cell to its. */
typedef struct {
    const Interp *I;         /* whose: another interpreter on this thread starts afresh */
    InterpHooks hooks;
    char *stack_base;        /* for the stack-depth check; NULL: no check */
    size_t stack_limit;
} InterpThreadCtx;
InterpThreadCtx *interp_thread_ctx(Interp *I);

/* atomic.c: java.util.concurrent.atomic.AtomicInteger, AtomicLong */
void java_atomic_init(Interp *I);

/* bigint.c: scala.math.BigInt */
void bigint_init(Interp *I);
bool bigint_is(Value v);
Value bigint_from_i64(int64_t x);                                /* new */
bool bigint_equals(Value a, Value b);                            /* either a BigInt */
int bigint_compare(Value a, Value b, bool *ok);
bool bigint_small(Value v, int64_t *out);                        /* fits a Long: its value */
char *bigint_text(Value v);                                      /* decimal, malloc'd */
/* l op r with a BigInt operand and an integral other: false when not such (nothing raised) or
 * when it raised (I->unwind set) */
bool bigint_binop(Interp *I, Op op, Value l, Value r, Value *out);
bool bigint_fold(Interp *I, Value *items, size_t n, bool product, Value *out);   /* sum, product */
/* bigint.c: scala.math.BigDecimal (the bigint_ functions above take it too) */
bool bigdec_is(Value v);
bool bignum_is(Value v);                                         /* a BigInt or a BigDecimal */
bool bigdec_small(Value v, int64_t *out);                        /* whole and fits a Long: its value */
char *bigdec_text(Value v);                                      /* Java's toString, malloc'd */

/* eval_call.c: the class of a name (a class, or an object's companion class kept in the object's
 * fields under COMPANION_SLOT), or NULL */
#define COMPANION_SLOT "<companion class>"
ClassObj *slot_class(const Slot *s);

/* interp.c: a type as the REPL prints it ("Map[String,Int]", library classes qualified); malloc'd */
char *normalize_type_in(Interp *I, const char *t);

/* unitscan.c: spark-shell's compile-time view of the REPL unit stmts[from, to): false (a raised
 * `error: not found: …`) for a name used without its import; else *warnings is its deprecation
 * summary (malloc'd, one "warning: …" line or more) or NULL. */
bool unit_scan(Interp *I, NodeList *stmts, int from, int to, char **warnings);
void unitscan_init(Interp *I);   /* Scala's and Java's names that need an import */
/* A compile error as the REPL shows it: "<console>:LINE: error: MSG", the line, the caret, "\n".
 * malloc'd. */
char *interp_compile_error_text(const Source *src, int line, int col, const char *msg);

/* Rare paths stay out of line, so eval's own frame stays small: it bounds recursion depth. */
#define NOINLINE __attribute__((noinline))

/* eval.c, eval_call.c, eval_pattern.c, errors.c: the evaluator */
bool eval(Interp *I, Node *n, Env *env, Value *out);
bool eval_stmt_list(Interp *I, NodeList *stmts, Env *env, Value *out);
bool call_value(Interp *I, Value fn, int argc, Value *argv, const char **names, const Node *at,
                Value *out);
bool call_method(Interp *I, Value recv, const char *name, int argc, Value *argv,
                 const char **names, const Node *at, Value *out);
bool match_pattern(Interp *I, Pattern *p, Value v, Env *bind);
bool check_interrupt(Interp *I);     /* false (unwinding) when interrupted or stack exhausted */
bool raise_at(Interp *I, const Node *at, const char *cls, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* v.isInstanceOf[type]: tn is type's TypeName (ast_type_name(type, false)) */
bool instance_of(Interp *I, Value v, TypeName tn, const char *type);
void intern_tree(Node *n, Source *src);   /* interns names, records the cell */
/* Gives exception e the position (and cell) of node at; keeps an existing one unless replace. */
void exc_locate(Value e, const Node *at, bool replace);
/* Appends the frame of def `def` that exception e unwinds through, called at `call`. */
void exc_add_frame(Value e, const char *def, const Node *call);
/* The exception classes: Scala's and Java's registered by exceptions_init, others by their layers. */
void exceptions_init(Interp *I);
void exceptions_free(Interp *I);
bool is_exception_class(Interp *I, const char *name);
const char *exception_qualified(Interp *I, const char *name);   /* a simple name's qualified one */

/* between the evaluator's files */
bool lookup_ident(Interp *I, const Node *n, Env *env, Value *out);
bool eval_receiver(Interp *I, Node *n, Env *env, Value *out);
bool select_member(Interp *I, Value recv, const char *name, const Node *at, Value *out);
bool eval_args(Interp *I, Node *call, Env *env, Value **argv, int *argc, const char ***names);
bool eval_apply(Interp *I, Node *n, Env *env, Value *out);
NOINLINE bool eval_cast(Interp *I, Node *n, Value v, TypeName tn, const char *type, bool test, Value *out);
/* name[T] of a registered type function (classOf[T]): *handled, and its value in out. */
bool eval_typed_select(Interp *I, Node *ta, Env *env, Value *out, bool *handled);
bool eval_type_function(Interp *I, const Node *n, Value *out, bool *handled);
NOINLINE bool eval_new(Interp *I, Node *n, Env *env, Value *out);
bool init_fields(Interp *I, Node *d, Env *fields);
bool init_parent(Interp *I, Node *d, Env *scope, Env *fields, const Node *at, int depth);
bool match_error(Interp *I, const Node *at, Value v);      /* raises scala.MatchError */
Value coerce_declared(Value v, TypeName tn);
bool arg_force(Call *c, int i, Value *out);        /* a by-name argument's value (new ref) */
bool byname_value(Interp *I, Value v, Value *out); /* the same, of a value kept from a call */
unsigned sig_byname_mask(const char *sig, int list); /* by-name parameters of a signature's list */               /* 5 declared Double is 5.0 */
Value default_value(TypeName tn);          /* var x: T = _ and new Array[T](n): 0, false, null … */
void hoist_defs(NodeList *stmts, Env *env);
const char *simple_name(const char *qualified);            /* after the last '.' */
char *base_type(const char *type, char *buf, size_t n);    /* "List[Int]" -> "List" */
bool exc_is_a(Interp *I, const char *cls, const char *type);
static inline int64_t as_i64(Value v) {    /* of a Char, Int, Long or Double (truncated) */
    return v.t == T_INT ? v.u.i : v.t == T_LONG ? v.u.l : v.t == T_CHAR ? (int64_t)v.u.c : (int64_t)v.u.d;
}
static inline double as_f64(Value v) {
    return v.t == T_DOUBLE || v.t == T_FLOAT ? v.u.d : (double)as_i64(v);
}

/* infer.c: static result types for the REPL echo (malloc'd, or NULL when unknown) */
char *infer_type(Interp *I, Node *n, Env *env);
/* Records (or, with type NULL, forgets) the static type of top-level val `name` (interned). */
void infer_record_val(Interp *I, const char *name, const char *type);
void infer_free_vals(Interp *I);
/* The static type the REPL names for value v of expression e where Scala's differs from the
 * runtime one ("Seq[Int]" for a List from a Seq, "Option[Int]" for a None from a.filter), or NULL. */
char *infer_echo_type(Interp *I, const Node *e, Value v, const char *runtime);
char *infer_def_result(Interp *I, Node *def, Env *env);
char *infer_lambda_result(Interp *I, Node *lambda, Env *env);

/* typecheck.c: Scala's "type mismatch" compile errors for declared types, before a top-level
 * statement runs (false: raised as an error at the mismatching expression); and, after it ran,
 * what it tells of the types of the names it defined. cell: the cell's statements. */
typedef struct KnownType KnownType;
bool typecheck_stmt(Interp *I, Node *s, NodeList *cell);
void typecheck_record(Interp *I, Node *s, NodeList *cell);

/* format.c */
char *fmt_double(double d);          /* Java's Double.toString */
char *fmt_float(float f);            /* Java's Float.toString */
void sb_value(Interp *I, StrBuf *sb, Value v, bool quote_strings);
char *val_repl_string(Interp *I, Value v);   /* the REPL echo's form (stringOf); malloc'd */

/* builtins.c, collections.c, strings.c */
void builtins_init(Interp *I);
void random_init(Interp *I);         /* random.c */
void io_file_init(Interp *I);          /* java.io.File, scala.io.Source (io_file.c) */
void collections_init(Interp *I);
void strings_init(Interp *I);
const HostClass *class_of(Interp *I, Value v);
/* Items of any iterable (Seq, Range, Set, Map as tuples, Option, String as Chars). *items
 * is a malloc'd array of new references; false when v is not iterable. */
bool iter_items(Interp *I, Value v, Value **items, size_t *n);
void free_items(Value *items, size_t n);
/* A collection of the same family as `like` holding items (takes the references). */
Value rebuild_like(Value like, Value *items, size_t n);
/* The same for a result Scala builds through CanBuildFrom (map, flatMap, zip, ++, :+): a
 * WrappedArray's is an ArrayBuffer (2.12's mutable.IndexedSeq builder), the rest as rebuild_like */
Value rebuild_built(Value like, Value *items, size_t n);

/* between the collections' files (coll_items.c, collections.c, coll_maps.c, coll_companions.c) */
typedef bool CollNative(Call *c, Value *out);
void decref_range(Value *items, size_t n);
Value *alloc_items(size_t n);                              /* zeroed, at least one */
Value seq_from(SeqKind kind, Value *items, size_t n);      /* takes the references */
bool self_items(Call *c, Value **items, size_t *n);        /* the receiver's items */
bool call1(Interp *I, Value fn, Value x, Value *out);      /* fn(x) */
bool want_fn(Call *c, int i);                              /* argument i is callable, or raises */
bool bool_result(Interp *I, Value r, bool *b);             /* a predicate's Boolean, or raises */
bool c_contains(Call *c, Value *out);                      /* collections.c: contains */
bool pair_of(Value a, Value b, Value *out);                /* (a, b), taking the references */
bool c_apply(Call *c, Value *out);                         /* collections.c: xs(i), m(k), s(x) */
/* coll_maps.c's methods, which collections.c's tables list */
/* What += and its aliases return (b_append's method data): the collection, Unit (append) or true (add). */
enum { APPEND_RETURNS_SELF, APPEND_RETURNS_UNIT, APPEND_RETURNS_TRUE };
CollNative b_append, b_append_all, b_clear, b_remove_elem, it_hasnext, it_next, m_containskey,
    m_filterkeys, m_getorelseupdate, m_getorelse, m_getproperty, m_keyset, m_mapvalues,
    m_minus, m_plus, m_put, m_remove, m_setproperty, m_values, o_get, o_isdefined,
    o_orelse, o_ornull, q_dequeue, q_enqueue, s_diff, s_intersect, s_subsetof, s_union, t_arity,
    t_productiterator, t_swap;
void companions_init(Interp *I);
/* Registers the endless iterators' class; the Iterator companion's methods continually, iterate
 * and from (lazy_iter.c), for the companion to inherit. */
const HostClass *lazy_iter_init(Interp *I);

bool java_format(Interp *I, const char *fmt, int argc, Value *argv, StrBuf *out);
bool sort_items(Interp *I, Value *items, size_t n, Value key_fn, Value lt_fn, bool desc);
bool sort_items2(Interp *I, Value *items, size_t n, Value key_fn, Value key2, Value lt_fn, bool desc);
/* scala.math.Ordering (ordering.c): whether v is one; its key function (unit: the natural
 * order) and direction */
bool ordering_of(Value v, Value *key, bool *desc);
void ordering_init(Interp *I);
/* scala.util.Try (try.c): Try(arg) evaluated with arg by-name; whether v is the Try object; a
 * Try's parts (Success: ok) */
bool eval_try_apply(Interp *I, Node *arg, Env *env, Value *out);
bool is_try_companion(Value v);
bool try_parts(Value v, bool *ok, Value *inner);
bool either_parts(Value v, bool *right, Value *inner);
void either_declared(Interp *I, Value v, const char *type);   /* an Either a def declared Either[L, R] gives */
void try_init(Interp *I);
bool partial_defined(Interp *I, Value fn, Value v, bool *defined);

#endif
