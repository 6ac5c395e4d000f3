/* ast.h — the syntax tree of the Scala subset, and the arena its nodes live in.
 *
 * The parser (parse.c) builds it from tokens (lex.c); the evaluator (eval.c) walks it. Types
 * written in the source are kept as text (for the REPL's echo and for asInstanceOf /
 * isInstanceOf / typed patterns) and, for the names the evaluator knows, as a TypeName; they are
 * otherwise ignored. Operators the evaluator knows are resolved to an Op. Every node records the line and
 * column (1-based) where it starts, for error messages, and the Source (cell) it came from. A
 * cell's nodes live in one arena owned by the cell's Source, which lives as long as something
 * made from the tree does (a closure, a class, an exception's position) and no longer.
 */
#ifndef DSTREAM_LANG_AST_H
#define DSTREAM_LANG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Arena Arena;
Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t n);            /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);

/* A cell's text and the arena of its tree. Counted references: the running cell holds one, and
 * so does each closure, class and exception position made from the tree; the last release
 * frees text and arena. Counted under the interpreter lock, as values are. */
typedef struct Source {
    int rc;
    char *text;
    Arena *arena;
} Source;
Source *source_new(const char *text, size_t len);   /* rc 1 */
void source_retain(Source *s);                      /* NULL: nothing */
void source_release(Source *s);                     /* NULL: nothing */
/* Line `line` (1-based) of the text, without its newline, or NULL past the end. */
const char *source_line(const Source *s, int line, size_t *len);
int source_live_count(void);   /* Sources not yet freed, in the process (for tests) */

typedef struct Node Node;
typedef struct Pattern Pattern;

/* Operators the evaluator knows, resolved from their text once when a tree is parsed
 * (ast_resolve): Node.op of N_INFIX, N_PREFIX (OP_PLUS, OP_MINUS, OP_NOT, OP_BITNOT) and
 * N_OPASSIGN, and of N_TYPEARGS on `.asInstanceOf` / `.isInstanceOf`. The text stays in str
 * for messages and for the method call an operator on other values is. */
typedef enum {
    OP_OTHER,    /* a method name */
    /* arithmetic, bitwise and comparison on numbers (in this order: see op_is_arith) */
    OP_PLUS, OP_MINUS, OP_TIMES, OP_DIV, OP_MOD, OP_BITAND, OP_BITOR, OP_BITXOR,
    OP_SHL, OP_SHR, OP_USHR, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_EQ, OP_NE, OP_REF_EQ, OP_REF_NE,   /* == != eq ne */
    OP_ARROW, OP_AND, OP_OR, OP_NOT, OP_BITNOT,   /* -> && || ! ~ */
    OP_AS_INSTANCE_OF, OP_IS_INSTANCE_OF,
} Op;
static inline bool op_is_arith(Op op) { return op >= OP_PLUS && op <= OP_GE; }
Op ast_op(const char *text);

/* The type names the evaluator treats specially (isInstanceOf, typed patterns, casts, the
 * widening of declared numeric types, default array values, the built-in extractors), resolved
 * once by ast_resolve. Any other name (a class, trait, exception, Tuple3, Function1) is
 * TN_OTHER and compared as text. */
typedef enum {
    TN_OTHER,
    TN_ANY, TN_ANYREF, TN_OBJECT, TN_ANYVAL, TN_UNIT, TN_NULL, TN_NOTHING,
    TN_BOOLEAN, TN_INT, TN_INTEGER, TN_SHORT, TN_BYTE, TN_LONG, TN_DOUBLE, TN_FLOAT, TN_CHAR,
    TN_CHARACTER, TN_STRING, TN_CHARSEQUENCE, TN_COMPARABLE, TN_PRODUCT,
    TN_OPTION, TN_SOME, TN_NONE, TN_NIL, TN_CONS,   /* Nil, :: */
    TN_ARRAY, TN_SEQ, TN_ITERABLE, TN_TRAVERSABLE, TN_TRAVERSABLEONCE, TN_ITERABLEONCE,
    TN_LIST, TN_LINEARSEQ, TN_VECTOR, TN_INDEXEDSEQ, TN_ARRAYBUFFER, TN_BUFFER, TN_ARRAYLIST,
    TN_RANGE, TN_INCLUSIVE, TN_MAP, TN_HASHMAP, TN_PROPERTIES, TN_SET, TN_HASHSET, TN_BIGINT,
} TypeName;
/* exact: the text must be the bare name ("Double"); otherwise the simple name of its base
 * counts ("scala.collection.Seq[Int]" is TN_SEQ). NULL is TN_OTHER. */
TypeName ast_type_name(const char *text, bool exact);

typedef struct { Node **items; int len; } NodeList;

typedef enum {
    /* literals: ival/dval/str hold the value */
    N_INT, N_LONG, N_DOUBLE, N_FLOAT, N_STRING, N_CHAR, N_BOOL, N_NULL, N_UNIT,
    N_INTERP,    /* s"..", f"..", raw"..": str = interpolator name ("s","f","raw");
                    list = parts, alternating N_STRING (already unescaped) and expressions,
                    starting and ending with an N_STRING (possibly empty). For f"", each
                    expression part may be followed by an N_STRING beginning with the format
                    spec (e.g. "%.2f rest"); the evaluator handles it. */
    N_IDENT,     /* str = name (also `this`, operator names in backquotes) */
    N_SELECT,    /* a = object, str = member name: a.name */
    N_APPLY,     /* a = function expression, list = arguments, names = argument names for
                    named arguments (names == NULL or names[i] == NULL when positional);
                    flags & NF_BLOCK_ARG when written f { ... } */
    N_TYPEARGS,  /* a = expression, types = type texts: expr[T1, T2] (e.g. asInstanceOf[T]) */
    N_NEW,       /* str = class name as written (may be qualified, e.g. "java.util.HashMap"),
                    types = type arguments, list = constructor arguments, names = named args */
    N_INFIX,     /* str = operator or method name (+, -, *, /, %, ==, !=, <, <=, >, >=, &&,
                    ||, &, |, ^, <<, >>, >>>, ->, ::, ++, +:, :+, to, until, by, max, min,
                    contains, ... any identifier used infix); a = left, b = right.
                    Right-associative operators (ending in ':') keep source order in a/b:
                    `x :: xs` has a = x, b = xs. */
    N_PREFIX,    /* str = "-", "+", "!", "~"; a = operand */
    N_POSTFIX,   /* str = method name; a = operand (e.g. `xs toList`) */
    N_ASSIGN,    /* a = target (N_IDENT, N_SELECT, or N_APPLY for xs(i) = v), b = value */
    N_OPASSIGN,  /* str = operator without '=' ("+", "-", "*", "/", "++", ...); a = target,
                    b = value: a op= b */
    N_IF,        /* a = condition, b = then, c = else (NULL when absent) */
    N_WHILE,     /* a = condition, b = body */
    N_DOWHILE,   /* b = body, a = condition */
    N_FOR,       /* gens = generators, b = body; flags & NF_YIELD for for/yield */
    N_BLOCK,     /* list = statements; the value is the last one's (Unit when empty or when
                    the last is a definition) */
    N_LAMBDA,    /* params/nparams = parameters, b = body; flags & NF_CASE_LAMBDA when written
                    { case ... } (then nparams == 1 and b is an N_MATCH on that parameter:
                    the evaluator packs several arguments into one tuple for it) */
    N_MATCH,     /* a = scrutinee, cases/ncases */
    N_TRY,       /* a = body, cases/ncases = catch cases, c = finally (NULL when absent) */
    N_THROW,     /* a = exception expression */
    N_RETURN,    /* a = value (NULL for bare return) */
    N_TUPLE,     /* list = elements (2..22) */
    N_TYPED,     /* a = expression, type = ascribed type text: (e: T); also `xs: _*` with
                    type == "_*" (varargs splice) */
    N_VAL,       /* pat = pattern (P_BIND for the simple `val x`), type = declared type text or
                    NULL, a = initialiser (NULL for abstract), flags: NF_VAR, NF_LAZY */
    N_DEF,       /* str = name, params/nparams = all parameters of all parameter lists
                    flattened, plists = number of parameters in each list (nplists lists),
                    type = return type text or NULL, a = body (NULL for abstract) */
    N_IMPORT,    /* str = the whole import path as written after `import`, e.g.
                    "org.apache.spark.streaming._" or "java.util.{HashMap, Properties}" */
    N_CLASS,     /* str = name, params/nparams = constructor parameters (flags NP_VAL/NP_VAR
                    on params, all fields for a case class), list = body statements,
                    flags & NF_CASE_CLASS, types = parents (extends/with) as text */
    N_OBJECT,    /* str = name, list = body statements, flags & NF_CASE_CLASS for case object */
    N_TRAIT,     /* str = name, list = body statements (accepted and mostly ignored) */
    N_PLACEHOLDER, /* `_` in an expression; the parser replaces it by a parameter of an
                    enclosing N_LAMBDA (Scala's placeholder syntax), so the evaluator never
                    sees one; it stays only in error paths */
} NodeKind;

enum {
    NF_BLOCK_ARG   = 1 << 0,
    NF_YIELD       = 1 << 1,
    NF_CASE_LAMBDA = 1 << 2,
    NF_VAR         = 1 << 3,
    NF_LAZY        = 1 << 4,
    NF_CASE_CLASS  = 1 << 5,
    NF_PAREN       = 1 << 6,  /* expression was written in parentheses */
    NF_OVERRIDE    = 1 << 7,
    NF_PRIVATE     = 1 << 8,
    NF_IMPLICIT    = 1 << 9,
    NF_ETA         = 1 << 10, /* N_IDENT written `f _` or passed as an argument: the function
                                 itself, never auto-applied */
    NF_DEFAULT_INIT = 1 << 11, /* N_VAL: `var x: T = _`, the default value of T */
    NF_TRANSIENT   = 1 << 12, /* N_VAL annotated @transient (captures.c: spark-shell leaves it
                                 out when it serializes the line) */
};

enum { NP_VAL = 1 << 0, NP_VAR = 1 << 1, NP_BYNAME = 1 << 2, NP_VARARGS = 1 << 3 };

typedef struct {
    const char *name;
    const char *type;        /* type text or NULL */
    TypeName tn;             /* of type, exact (a declared Double widens an Int argument) */
    Node *deflt;             /* default value or NULL */
    int flags;               /* NP_* */
} Param;

typedef enum { G_GEN, G_GUARD, G_VAL } GenKind;
typedef struct {
    GenKind kind;            /* G_GEN: pat <- expr; G_GUARD: if expr; G_VAL: pat = expr */
    Pattern *pat;            /* NULL for guards */
    Node *expr;
} Generator;

typedef struct {
    Pattern *pat;
    Node *guard;             /* NULL when absent */
    Node *body;              /* an N_BLOCK of the statements after => */
} Case;

typedef enum {
    P_WILDCARD,   /* _ (type may be set: `_: T`) */
    P_BIND,       /* name (type may be set: `e: Exception`) */
    P_LITERAL,    /* lit = a literal node (also negative numbers) */
    P_STABLE,     /* a capitalised or backquoted identifier or qualified name compared with ==:
                     name (e.g. `None`, `Nil`, `Foo.Bar`) */
    P_TUPLE,      /* subs */
    P_EXTRACT,    /* name(subs...): Some(x), List(a, b), Seq(...), Array(...), CaseClass(...),
                     also `a :: rest` as name "::" with two subs */
    P_ALT,        /* subs: p1 | p2 | ... */
    P_BINDAT,     /* name @ subs[0] */
} PatternKind;

struct Pattern {
    PatternKind kind;
    int line, col;
    const char *name;
    const char *type;        /* for P_WILDCARD/P_BIND typed patterns, else NULL */
    TypeName type_tn;        /* of type, by its simple base name */
    TypeName name_tn;        /* of name: P_STABLE exact, P_EXTRACT by its simple name */
    Node *lit;
    Pattern **subs;
    int nsubs;
    bool varargs;            /* last sub is `_*` (List(a, _*)) */
};

struct Node {
    NodeKind kind;
    int line, col;
    int flags;
    const char *str;
    const char *type;
    Op op;                   /* see Op */
    TypeName tn;             /* N_VAL, N_DEF: of type, exact; N_TYPEARGS, N_NEW: of types[0], by
                                its simple base name (asInstanceOf[T], new Array[T](n)) */
    int64_t ival;
    double dval;
    Node *a, *b, *c;
    NodeList list;
    const char **names;      /* N_APPLY / N_NEW named-argument names, parallel to list */
    const char **types;      /* N_TYPEARGS / N_NEW / N_CLASS; N_DEF: its type parameters */
    int ntypes;
    Param *params;
    int nparams;
    int *plists;
    int nplists;
    Generator *gens;
    int ngens;
    Case *cases;
    int ncases;
    Pattern *pat;
    int end_line, end_col;   /* where the node's source ends (used by the REPL's def echo) */
    int name_line, name_col; /* N_SELECT, N_INFIX, N_POSTFIX: where the member's name is (the caret
                                of `value foo is not a member`); 0 unknown */
    Source *src;             /* the cell it came from (not counted: the tree is inside it) */
};

/* ---- parsing ---- */

typedef struct {
    bool ok;
    bool incomplete;         /* input ended inside an open construct: more lines would help */
    int line, col;           /* where the error is */
    char msg[256];           /* e.g. "expected ')' but found 'val'" */
} ParseError;

/* Parses a cell: a sequence of top-level statements. Returns an N_BLOCK (in arena) or NULL
 * with *err filled. Never aborts on bad input. */
Node *parse_program(Arena *arena, const char *src, size_t len, ParseError *err);

/* Resolves the operators and type names of a parsed tree (Node.op and .tn, Param.tn, Pattern's
 * type_tn and name_tn); parse_program does it once for every tree it returns. */
void ast_resolve(Node *n);

/* Prints a tree in an S-expression form, for the parser's unit tests. Returns malloc'd text. */
char *ast_dump(const Node *n);

#endif
