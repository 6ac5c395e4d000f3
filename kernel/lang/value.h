/* value.h — the interpreter's values: immediates (Int, Long, Double, Boolean, Char, Unit, null,
 * None) held in a Value by copy, and reference-counted heap objects (strings, tuples, sequences,
 * maps, sets, Some, functions, environments, class instances, exceptions, host objects).
 *
 * Float is an immediate of its own (T_FLOAT) whose arithmetic rounds to single precision.
 *
 * Ownership: a Value held in a variable, container or C local that outlives the call owns one
 * reference. Functions document whether they return a new reference ("new") or borrow.
 * val_incref/val_decref are no-ops for immediates. Cycles (a closure stored in the environment
 * it captures, for instance) are reclaimed by gc_collect(), a trial-deletion collector in the
 * manner of CPython's: it needs no knowledge of roots, only that every container can list the
 * values it holds (the traverse functions below; host classes provide their own).
 */
#ifndef DSTREAM_LANG_VALUE_H
#define DSTREAM_LANG_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    /* immediates */
    T_UNIT, T_NULL, T_BOOL, T_INT, T_LONG, T_DOUBLE, T_CHAR, T_NONE,
    T_FLOAT,     /* u.d holds a value of float precision */
    /* heap objects */
    T_STR, T_TUPLE, T_SEQ, T_RANGE, T_MAP, T_SET, T_SOME, T_FUNC, T_ENV, T_OBJECT,
    T_CLASS, T_EXC, T_HOST,
} VType;

typedef struct Obj Obj;
typedef struct Value {
    uint8_t t;
    union { bool b; int32_t i; int64_t l; double d; uint32_t c; Obj *o; } u;
} Value;

struct Obj {
    uint32_t rc;
    uint8_t type;            /* a VType */
    uint8_t tracked;         /* on the collector's list */
    int32_t gc_refs;         /* collector scratch */
    Obj *gc_prev, *gc_next;  /* collector list (containers only) */
};

/* ---- immediates ---- */
static inline Value v_unit(void) { Value v = {.t = T_UNIT}; return v; }
static inline Value v_null(void) { Value v = {.t = T_NULL}; return v; }
static inline Value v_none(void) { Value v = {.t = T_NONE}; return v; }
static inline Value v_bool(bool b) { Value v = {.t = T_BOOL}; v.u.b = b; return v; }
static inline Value v_int(int32_t i) { Value v = {.t = T_INT}; v.u.i = i; return v; }
static inline Value v_long(int64_t l) { Value v = {.t = T_LONG}; v.u.l = l; return v; }
static inline Value v_double(double d) { Value v = {.t = T_DOUBLE}; v.u.d = d; return v; }
static inline Value v_float(float f) { Value v = {.t = T_FLOAT}; v.u.d = f; return v; }
static inline Value v_char(uint32_t c) { Value v = {.t = T_CHAR}; v.u.c = c; return v; }
static inline Value v_obj(Obj *o) { Value v = {.t = o->type}; v.u.o = o; return v; }
static inline bool v_is_obj(Value v) { return v.t >= T_STR; }
static inline bool v_is_num(Value v) {
    return v.t == T_INT || v.t == T_LONG || v.t == T_DOUBLE || v.t == T_CHAR || v.t == T_FLOAT;
}

static inline void val_incref(Value v) { if (v_is_obj(v)) v.u.o->rc++; }
void obj_release(Obj *o);    /* frees when the count reaches zero */
static inline void val_decref(Value v) {
    if (v_is_obj(v) && --v.u.o->rc == 0) obj_release(v.u.o);
}

/* ---- strings (immutable, UTF-8, NUL-terminated) ---- */
typedef struct { Obj h; size_t len; char s[]; } StrObj;
Value str_new(const char *s, size_t len);        /* new */
Value str_cstr(const char *s);                   /* new */
Value str_take(char *s);                         /* new; takes a malloc'd string */
Value str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline StrObj *as_str(Value v) { return (StrObj *)v.u.o; }

/* ---- tuples ---- */
typedef struct { Obj h; int n; Value items[]; } TupleObj;
Value tuple_new(int n, const Value *items);      /* new; takes the item references */
static inline TupleObj *as_tuple(Value v) { return (TupleObj *)v.u.o; }

/* ---- sequences: one representation, several Scala faces ---- */
/* SEQ_QUEUE, SEQ_LISTBUFFER: mutable.Queue and ListBuffer, buffers as ArrayBuffer is;
 * SEQ_COMPACT: Spark's CompactBuffer (the Iterable values of RDD groupByKey and cogroup);
 * SEQ_WRAPPED: Scala 2.12's mutable.WrappedArray, an Array seen as a Seq (arr.toSeq, a def's
 * varargs, Row.toSeq and a Row's array values), typed Seq;
 * SEQ_VALUES, SEQ_HASHVALUES, SEQ_MVALUES: a Map's values (an Iterable: an immutable Map's of up
 * to 4 entries, of a HashMap, of a mutable Map), each printed as 2.12 does */
typedef enum { SEQ_LIST, SEQ_ARRAY, SEQ_VECTOR, SEQ_BUFFER, SEQ_JLIST, SEQ_ITER, SEQ_COMPACT,
               SEQ_QUEUE, SEQ_LISTBUFFER, SEQ_WRAPPED, SEQ_VALUES, SEQ_HASHVALUES, SEQ_MVALUES } SeqKind;
/* A Map's values: built as Lists by map, filter and the like */
static inline bool seq_kind_values(int k) { return k == SEQ_VALUES || k == SEQ_HASHVALUES || k == SEQ_MVALUES; }
/* The Scala buffers (+=, append, remove in place): ArrayBuffer, mutable.Queue, ListBuffer. */
static inline bool seq_kind_buffer(int k) { return k == SEQ_BUFFER || k == SEQ_QUEUE || k == SEQ_LISTBUFFER; }
/* elem_type: the element type written where it was made (`new mutable.Queue[RDD[Int]]()`), interned,
 * or NULL: what a library knows of an empty collection's elements (queueStream's InputDStream[T]) */
typedef struct { Obj h; uint8_t kind; size_t len, cap; Value *items; const char *elem_type; } SeqObj;
Value seq_new(SeqKind kind, size_t cap);         /* new, empty */
void seq_push(Value seq, Value item);            /* takes the item reference */
static inline SeqObj *as_seq(Value v) { return (SeqObj *)v.u.o; }

/* ---- ranges: 1 to 10, 0 until n by 2 (never materialised unless asked) ---- */
typedef struct { Obj h; int64_t start, end, step; bool inclusive; bool is_long; } RangeObj;
Value range_new(int64_t start, int64_t end, int64_t step, bool inclusive, bool is_long);
size_t range_len(const RangeObj *r);
static inline RangeObj *as_range(Value v) { return (RangeObj *)v.u.o; }

/* ---- maps and sets: insertion-ordered hash tables keyed by value equality (immutable Scala
 * ones of more than 4 entries in Scala's hash order once map_scala_order has run) ---- */
typedef enum { MAP_SCALA, MAP_MUTABLE, MAP_JAVA, MAP_PROPERTIES } MapKind;
typedef struct { Value key, val; uint64_t hash; bool live; uint32_t seq; /* insertion number */ } MapEntry;
typedef struct {
    Obj h; uint8_t kind; bool is_set;
    bool general;            /* MAP_SCALA typed scala.collection.Map (Spark's countByKey, collectAsMap) */
    bool unordered;          /* MAP_SCALA, mutable Map: changed since put in Scala's order (map_scala_order) */
    uint32_t next_seq;       /* the seq of the next entry put */
    size_t len;              /* live entries */
    size_t used, cap;        /* entries[] slots used (including deleted), capacity */
    MapEntry *entries;       /* in insertion order */
    size_t nbuckets; int64_t *buckets;   /* open addressing into entries; -1 empty */
    const char *val_type;    /* a Java map's declared value type (new HashMap[K, V]), interned, or NULL */
} MapObj;
Value map_new(MapKind kind, bool is_set);        /* new, empty */
bool map_get(Value map, Value key, Value *out);  /* borrows *out */
void map_put(Value map, Value key, Value val);   /* takes both references (sets: val unit) */
bool map_remove(Value map, Value key);
void map_reindex(MapObj *m);                     /* rebuilds the index of compacted entries */
/* Puts an immutable Scala Map or Set of more than 4 entries, or a mutable Map, in the order
 * Scala 2.12's HashMap and HashSet iterate in (hash_order.c); call before iterating entries. */
void map_scala_order(Value map);
/* java.lang.String.hashCode of UTF-8 text (over its UTF-16 code units). */
uint32_t java_string_hash(const char *utf8);
/* order[] gets 0..n-1 in the order an immutable Scala 2.12 HashMap of more than 4 keys with these
 * hashCodes (key.##) iterates them (equal hashes keep their order). */
void scala_hash_trie_order(const uint32_t *hashcodes, size_t n, size_t *order);
static inline MapObj *as_map(Value v) { return (MapObj *)v.u.o; }

/* ---- Some(x) ---- */
typedef struct { Obj h; Value v; } SomeObj;
Value some_new(Value v);                         /* takes the reference */
static inline SomeObj *as_some(Value v) { return (SomeObj *)v.u.o; }

/* ---- functions: closures over the AST, and native functions ---- */
typedef struct Interp Interp;
typedef struct Node Node;
typedef struct Source Source;
typedef struct Env Env;
typedef struct Call Call;
typedef bool (*NativeFn)(Call *c, Value *out);
typedef struct {
    Obj h;
    const char *name;        /* def name, or NULL for a lambda */
    Node *def;               /* N_DEF or N_LAMBDA; NULL for natives */
    Source *src;             /* the cell def lives in (a counted reference), NULL for natives */
    Env *env;                /* captured environment (owned reference) */
    NativeFn native;         /* native implementation, or NULL */
    Value self;              /* bound receiver for natives/methods (owned), or unit */
    void *data;              /* native's extra data */
    int arity;               /* -1: any */
    unsigned byname;         /* natives: bit i set when argument i is by-name (the native forces it
                                with arg_force); see eval_call.c */
} FuncObj;
Value func_new_closure(const char *name, Node *def, Env *env);
Value func_new_native(const char *name, NativeFn fn, Value self, int arity, void *data);
static inline FuncObj *as_func(Value v) { return (FuncObj *)v.u.o; }

/* ---- environments: scopes of name → value ---- */
typedef struct { const char *name; Value v; uint8_t flags; } Slot;  /* name is interned */
enum { SLOT_VAR = 1, SLOT_LAZY = 2, SLOT_DEF = 4, SLOT_TRANSIENT = 8, SLOT_BYNAME = 16 };  /* BYNAME: a thunk, see eval_call.c */
struct Env {
    Obj h;
    Env *parent;             /* owned reference */
    int len, cap;
    Slot *slots;
    int nbuckets; int *buckets;   /* hash index when large; -1 empty */
};
Env *env_new(Env *parent);                       /* new */
Slot *env_find_local(Env *e, const char *name);
Slot *env_lookup(Env *e, const char *name);      /* walks parents */
void env_define(Env *e, const char *name, Value v, uint8_t flags); /* takes v; replaces */
static inline Value v_env(Env *e) { Value v = {.t = T_ENV}; v.u.o = &e->h; return v; }

/* ---- user classes and their instances ---- */
typedef struct {
    Obj h;
    const char *name;
    Node *def;               /* N_CLASS or N_OBJECT */
    Source *src;             /* the cell def lives in (a counted reference) */
    Env *env;                /* defining environment (owned) */
    bool is_case;
} ClassObj;
typedef struct {
    Obj h;
    ClassObj *cls;           /* owned */
    Env *fields;             /* fields and methods (owned) */
} InstObj;
Value class_new(const char *name, Node *def, Env *env, bool is_case);   /* new */
Value inst_new(ClassObj *cls, Env *fields);      /* new; takes the fields reference */

/* ---- exceptions ---- */
typedef struct {
    Obj h;
    const char *cls;         /* interned class name, e.g. "java.lang.ArithmeticException" */
    Value msg;               /* String or null */
    Value cause;             /* Exc or null */
    int line, col;           /* where it was raised (0 if unknown) */
    Source *src;             /* the cell of that position (a counted reference), or NULL */
    char *frames;            /* "\n  at f(<console>:3)" per def it unwound, innermost first */
    int frame_line;          /* the line the next def up is at: the call it unwinds through */
} ExcObj;
Value exc_new(const char *cls, Value msg);       /* new; takes msg */
static inline ExcObj *as_exc(Value v) { return (ExcObj *)v.u.o; }

/* ---- host objects: classes registered by spark/ and the Kafka bindings ---- */
typedef struct HostClass HostClass;
typedef void (*VisitFn)(Value v, void *ctx);
typedef struct {
    Obj h;
    const HostClass *cls;
    void *data;
} HostObj;
Value host_new(const HostClass *cls, void *data);  /* new */
static inline HostObj *as_host(Value v) { return (HostObj *)v.u.o; }

/* ---- interning ---- */
const char *intern(const char *s);
const char *intern_n(const char *s, size_t n);
void intern_free_all(void);

/* ---- collection ---- */
void gc_collect(void);                           /* reclaims unreachable cycles */
size_t gc_tracked(void);                         /* containers currently tracked */
void gc_free_all(void);                          /* at exit: frees every tracked object */

/* ---- equality and hashing (Scala ==, ##) ---- */
bool val_equals(Value a, Value b);
uint64_t val_hash(Value v);
int val_compare(Value a, Value b, bool *ok);     /* natural ordering; *ok false if none */

#endif
