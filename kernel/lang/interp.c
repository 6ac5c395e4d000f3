/* interp.c — the interpreter's public face: running a cell as the Scala REPL does (definitions
 * persist, each statement is echoed as spark-shell echoes it), turning exceptions into error
 * results with a caret under the failing column, is_complete / complete / inspect, the
 * registry of host classes and globals, and the argument helpers natives use.
 */
#include "lang/internal.h"
#include "util/mem.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* ---- lifecycle ---- */

Interp *interp_new(void) {
    Interp *I = calloc(1, sizeof *I);
    if (!I) abort();
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&I->lock, &a);
    pthread_mutexattr_destroy(&a);
    atomic_init(&I->interrupt, 0);
    I->builtins = env_new(NULL);
    I->globals = env_new(I->builtins);
    I->unwind_val = v_unit();
    exceptions_init(I);
    builtins_init(I);
    collections_init(I);
    strings_init(I);
    bigint_init(I);
    java_atomic_init(I);
    unitscan_init(I);
    return I;
}

static void class_index_drop(struct ClassIndex *ix);
static void class_release(HostClass *cls);

static _Thread_local InterpThreadCtx thread_ctx;

void interp_free(Interp *I) {
    if (!I) return;
    val_decref(I->unwind_val);
    val_decref(v_env(I->globals));
    val_decref(v_env(I->builtins));
    gc_collect();
    gc_free_all();
    for (int i = 0; i < I->nclasses; i++) class_release(I->classes[i]);
    free(I->classes);
    free(I->deprecs);
    free(I->import_rows);
    free(I->closed);
    free(I->imported);
    free(I->types_known);
    class_index_drop(&I->class_index);
    class_index_drop(&I->ctor_index);
    infer_free_vals(I);
    free(I->docs);
    for (int i = 0; i < I->npackages; i++) free(I->packages[i]);
    free(I->packages);
    exceptions_free(I);
    free(I->exts);
    pthread_mutex_destroy(&I->lock);
    if (thread_ctx.I == I) memset(&thread_ctx, 0, sizeof thread_ctx);   /* its address may come back */
    free(I);
    intern_free_all();
}

InterpThreadCtx *interp_thread_ctx(Interp *I) {
    if (thread_ctx.I != I) {
        memset(&thread_ctx, 0, sizeof thread_ctx);
        thread_ctx.I = I;
    }
    return &thread_ctx;
}

void interp_set_hooks(Interp *I, const InterpHooks *hooks) {
    InterpThreadCtx *t = interp_thread_ctx(I);
    if (hooks) t->hooks = *hooks;
    else memset(&t->hooks, 0, sizeof t->hooks);
}
const InterpHooks *interp_hooks(Interp *I) { return &interp_thread_ctx(I)->hooks; }
void interp_set_secret_mask(Interp *I, SecretMask mask) { I->secret_mask = mask; }
unsigned interp_cell_seq(Interp *I) { return atomic_load(&I->cell_seq); }
unsigned interp_cell_entered(Interp *I) { return atomic_load(&I->cell_entered); }

void interp_write(Interp *I, int stream, const char *s, size_t n) {
    const InterpHooks *h = interp_hooks(I);
    if (h->write) h->write(h->ud, stream, s, n);
    else fwrite(s, 1, n, stream == 2 ? stderr : stdout);
}

void interp_printf(Interp *I, int stream, const char *fmt, ...) {
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n >= 0) interp_write(I, stream, s, (size_t)n);
    free(s);
}

void interp_interrupt(Interp *I) { atomic_store(&I->interrupt, 1); }
bool interp_interrupted(Interp *I) { return atomic_load(&I->interrupt) != 0; }
void interp_clear_interrupt(Interp *I) { atomic_store(&I->interrupt, 0); }
void interp_lock(Interp *I) { pthread_mutex_lock(&I->lock); }
void interp_unlock(Interp *I) { pthread_mutex_unlock(&I->lock); }

void cell_result_clear(CellResult *r) {
    free(r->echo);
    free(r->ename);
    free(r->evalue);
    free(r->traceback);
    if (r->display) json_decref(r->display);
    memset(r, 0, sizeof *r);
}

/* ---- the stack budget of the running thread ---- */

static void set_stack_budget(Interp *I, char *base) {
    size_t size = 8u << 20;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t s;
        if (pthread_attr_getstack(&attr, &addr, &s) == 0 && s) size = s;
        pthread_attr_destroy(&attr);
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < size)
        size = rl.rlim_cur;
    InterpThreadCtx *t = interp_thread_ctx(I);
    t->stack_base = base;
    /* leave a margin for natives and for sanitizer builds' bigger frames */
    t->stack_limit = size > (4u << 20) ? size - (2u << 20) : size / 2;
}

/* ---- errors ---- */

/* The source line of a compile error and a caret under its column, indented as spark-shell
 * indents them (the REPL's wrapper puts 7 columns before the user's text). */
static void add_caret(StrBuf *sb, const Source *src, int line, int col) {
    size_t len;
    const char *text = source_line(src, line, &len);
    if (!text) return;
    sb_puts(sb, "\n       ");
    sb_add(sb, text, len);
    sb_puts(sb, "\n       ");
    for (int i = 1; i < col && (size_t)i <= len; i++) sb_putc(sb, text[i - 1] == '\t' ? '\t' : ' ');
    sb_putc(sb, '^');
}

char *interp_compile_error_text(const Source *src, int line, int col, const char *msg) {
    StrBuf sb; sb_init(&sb);
    sb_printf(&sb, "<console>:%d: error: %s", line, msg);
    add_caret(&sb, src, line, col);
    sb_putc(&sb, '\n');
    return sb_take(&sb);
}

/* An error at line:col of src (the cell the position belongs to, which need not be the one
 * running: a function defined in an earlier cell fails where it was written). A compile error
 * ("error") shows the line and a caret; an exception shows, as spark-shell does, the frames of
 * the defs it unwound and then the REPL's own frames as "... N elided" (the kernel has no JVM
 * frames: N is the count a top-level spark-shell statement shows). */
static void error_result(CellResult *res, const Source *src, const char *cls, const char *msg,
                         int line, int col, const char *frames) {
    StrBuf tb; sb_init(&tb);
    res->ok = false;
    res->ename = strdup(cls);
    res->evalue = strdup(msg ? msg : "");
    if (!strcmp(cls, "error")) {
        sb_printf(&tb, "<console>:%d: error: %s", line, msg ? msg : "");
        if (line) add_caret(&tb, src, line, col);
    } else {
        /* a message that starts a new line (Spark's ParseException): no space before it, as spark-shell */
        sb_printf(&tb, "%s%s%s", cls, msg ? (msg[0] == '\n' ? ":" : ": ") : "", msg ? msg : "");
        if (line) sb_printf(&tb, "%s\n  ... 47 elided", frames ? frames : "");
    }
    res->traceback = sb_take(&tb);
}

static void unwind_to_result(Interp *I, CellResult *res) {
    if (I->unwind == U_INTERRUPT) {
        error_result(res, NULL, "Interrupted", "the cell was interrupted", 0, 0, NULL);
    } else if (I->unwind == U_THROW && I->unwind_val.t == T_EXC) {
        ExcObj *e = as_exc(I->unwind_val);
        char *msg = e->msg.t == T_NULL ? NULL : val_to_string(I, e->msg);
        error_result(res, e->src, e->cls, msg, e->line, e->col, e->frames);
        free(msg);
    } else {
        error_result(res, NULL, "error", "return outside method definition", 0, 0, NULL);
    }
    I->unwind = U_NONE;
    val_decref(I->unwind_val);
    I->unwind_val = v_unit();
}

/* ---- the REPL's echo ---- */

/* The name the REPL prints for a class written `name` in a type: the qualified name of a library
 * class (org.apache.spark.rdd.RDD, java.util.HashMap, scala.collection.mutable.Queue), except the
 * classes Scala's default imports name (scala._, java.lang._, Predef: List, Map, String,
 * StringBuilder, ...); NULL: as written. */
static const char *qualified_type_name(Interp *I, const char *name, size_t n) {
    char buf[160];
    if (n >= sizeof buf) return NULL;
    memcpy(buf, name, n);
    buf[n] = 0;
    const HostClass *c = interp_find_class(I, buf);
    if (!c || !c->qualified || !strcmp(c->qualified, buf) || !strchr(c->qualified, '.')) return NULL;
    const char *q = c->qualified;
    if (!strncmp(q, "java.lang.", 10)) return NULL;
    if (!strncmp(q, "scala.", 6) && strncmp(q, "scala.collection.mutable.", 25) && strncmp(q, "scala.util.", 11))
        return NULL;
    if (!strcmp(q, "scala.collection.mutable.StringBuilder")) return NULL;   /* scala.StringBuilder */
    if (!strcmp(q, "scala.util.Either")) return NULL;   /* scala.Either, an alias in package scala */
    /* an alias names this class only when its simple name is the class's (mutable.Queue), not
     * when it stands for a relative (InputDStream for DStream) */
    const char *simple = strrchr(buf, '.') ? strrchr(buf, '.') + 1 : buf;
    const char *qsimple = strrchr(q, '.') + 1;
    return strcmp(simple, qsimple) ? NULL : q;
}

/* A type as the REPL prints it: type arguments joined by "," ("Map[String,Int]"), tuple
 * members by ", ", arrows spaced (" => "), library classes by their qualified names. */
char *normalize_type_in(Interp *I, const char *t) {
    StrBuf sb; sb_init(&sb);
    char stack[64];
    int depth = 0;
    for (const char *p = t; *p; p++) {
        char ch = *p;
        if (I && (isalpha((unsigned char)ch) || ch == '_') && (p == t || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.'))) {
            const char *e = p;
            while (isalnum((unsigned char)*e) || *e == '_' || *e == '$' || *e == '.') e++;
            const char *q = qualified_type_name(I, p, (size_t)(e - p));
            if (q) sb_puts(&sb, q);
            else sb_add(&sb, p, (size_t)(e - p));
            p = e - 1;
        } else if (ch == '[' || ch == '(') { if (depth < 64) stack[depth] = ch; depth++; sb_putc(&sb, ch); }
        else if (ch == ']' || ch == ')') { if (depth > 0) depth--; sb_putc(&sb, ch); }
        else if (ch == ',') {
            while (p[1] == ' ') p++;
            sb_puts(&sb, depth > 0 && depth <= 64 && stack[depth - 1] == '(' ? ", " : ",");
        } else if (ch == '=' && p[1] == '>') {
            while (sb.len && sb.s[sb.len - 1] == ' ') sb.s[--sb.len] = 0;
            sb_puts(&sb, " => ");
            p++;
            while (p[1] == ' ') p++;
        } else if (ch == ' ' && (p[1] == ']' || p[1] == ')' || p[1] == '[')) {
            /* drop */
        } else sb_putc(&sb, ch);
    }
    return sb_take(&sb);
}

/* Whether an expression's value is an IndexedSeq made from a Range (1 to 3 map f, for/yield
 * over a range): the REPL names it scala.collection.immutable.IndexedSeq, not Vector. */
static bool range_derived(const Node *e) {
    if (!e) return false;
    if (e->kind == N_INFIX) return !strcmp(e->str, "to") || !strcmp(e->str, "until") || !strcmp(e->str, "by");
    if (e->kind == N_FOR) return (e->flags & NF_YIELD) && e->ngens > 0 && range_derived(e->gens[0].expr);
    if (e->kind == N_SELECT && !strcmp(e->str, "indices")) return true;
    const Node *callee = e->kind == N_APPLY ? e->a : e->kind == N_POSTFIX || e->kind == N_SELECT ? e : NULL;
    if (callee && callee->kind == N_APPLY) callee = callee->a;     /* r.scanLeft(z)(op) */
    if (callee && callee->kind == N_TYPEARGS) callee = callee->a;
    if (callee && (callee->kind == N_SELECT || callee->kind == N_POSTFIX)) {
        static const char *const keep[] = {"map", "flatMap", "filter", "filterNot", "collect", "take",
                                           "drop", "reverse", "sorted", "sortBy", "sortWith", "distinct",
                                           "zipWithIndex", "zip", "takeWhile", "dropWhile", "tail", "init",
                                           "slice", "scanLeft", NULL};
        for (int i = 0; keep[i]; i++)
            if (!strcmp(callee->str, keep[i])) return range_derived(callee->a);
    }
    return false;
}

/* The type of props.put/get/remove/setProperty(..) on a java.util.Properties val (a Hashtable of
 * Objects: `Object = null` for a new key) and of hm.put/get/remove(..) on a java.util.HashMap[K, V]
 * val (V, also for its null); NULL for other expressions. */
static const char *java_map_member(Interp *I, const Node *e) {
    static const char *const ms[] = {"put", "get", "remove", "setProperty", NULL};
    if (e->kind != N_APPLY || e->a->kind != N_SELECT || e->a->a->kind != N_IDENT) return NULL;
    bool m = false;
    for (int i = 0; ms[i]; i++) m = m || !strcmp(e->a->str, ms[i]);
    Slot *s = m ? env_lookup(I->globals, e->a->a->str) : NULL;
    if (!s || s->v.t != T_MAP) return NULL;
    if (as_map(s->v)->kind == MAP_PROPERTIES) return "Object";
    return as_map(s->v)->kind == MAP_JAVA && strcmp(e->a->str, "setProperty") ? as_map(s->v)->val_type : NULL;
}

/* Whether e is r.grouped(n) or r.sliding(n) of a range-derived r, made a collection
 * (toList, toSeq, toVector, toArray) */
static bool grouped_range(const Node *e) {
    const Node *sel = e->kind == N_APPLY && !e->list.len ? e->a : e;
    if (sel->kind != N_SELECT && sel->kind != N_POSTFIX) return false;
    static const char *const to[] = {"toList", "toSeq", "toVector", "toArray", NULL};
    bool conv = false;
    for (int i = 0; to[i]; i++) conv = conv || !strcmp(sel->str, to[i]);
    const Node *g = sel->a;
    if (!conv || g->kind != N_APPLY || g->a->kind != N_SELECT) return false;
    return (!strcmp(g->a->str, "grouped") || !strcmp(g->a->str, "sliding")) && range_derived(g->a->a);
}

/* The REPL's type for the value of expression e (static hints over the runtime type). */
static char *echo_type(Interp *I, const Node *e, Value v) {
    char *t = val_type_name(I, v);
    if (!e) return t;
    char *static_t = infer_echo_type(I, e, v, t);
    if (static_t) { free(t); return static_t; }
    const char *jt = java_map_member(I, e);
    if (jt) { free(t); return strdup(jt); }
    const Node *conv = e->kind == N_APPLY && !e->list.len ? e->a : e;
    if ((conv->kind == N_SELECT || conv->kind == N_POSTFIX) && v.t == T_INT &&
        (!strcmp(conv->str, "toByte") || !strcmp(conv->str, "toShort"))) {
        free(t);                 /* Bytes and Shorts are Ints here; the conversion's echo names them */
        return strdup(conv->str[2] == 'B' ? "Byte" : "Short");
    }
    if (e->kind == N_APPLY && e->a->kind == N_SELECT && !strcmp(e->a->str, "productElement") && v.t != T_NULL) {
        free(t);                 /* Product.productElement(n): Any */
        return strdup("Any");
    }
    if (v.t == T_NULL) {     /* a null from a method of a known result type: System.getProperty */
        char *st = infer_type(I, (Node *)e, I->globals);
        if (st && strcmp(st, "Null")) { free(t); t = normalize_type_in(I, st); free(st); return t; }
        free(st);
    }
    if (v.t == T_SEQ && as_seq(v)->kind == SEQ_VECTOR && range_derived(e)) {
        const char *br = strchr(t, '[');
        StrBuf sb; sb_init(&sb);
        sb_printf(&sb, "scala.collection.immutable.IndexedSeq%s", br ? br : "");
        free(t);
        return sb_take(&sb);
    }
    if (v.t == T_SEQ && grouped_range(e)) {
        /* (1 to 7).grouped(3).toList: the groups of a Range are IndexedSeqs (Vectors inside) */
        static const char vec[] = "scala.collection.immutable.Vector[";
        const char *in = strstr(t, vec);
        if (in) {
            StrBuf sb; sb_init(&sb);
            sb_add(&sb, t, (size_t)(in - t));
            sb_printf(&sb, "scala.collection.immutable.IndexedSeq[%s", in + sizeof vec - 1);
            free(t);
            t = sb_take(&sb);
        }
    }
    /* a host method typed this.type, called on a stable name, is name.type (nums.cache()) */
    const Node *callee = e->kind == N_APPLY ? e->a : e;
    if ((callee->kind == N_SELECT || callee->kind == N_POSTFIX) && v.t != T_HOST && v.t != T_NULL) {
        /* a member declared to give Any (Row.get(i)) echoes Any, whatever the value is */
        char *st = infer_type(I, (Node *)e, I->globals);
        if (st && !strcmp(st, "Any")) { free(t); return st; }
        free(st);
    }
    if (v.t == T_HOST && (callee->kind == N_SELECT || callee->kind == N_POSTFIX) && callee->a &&
        callee->a->kind == N_IDENT) {
        Slot *s = env_lookup(I->globals, callee->a->str);
        const MethodDef *m = s && s->v.t == T_HOST && s->v.u.o == v.u.o ? host_find_method(as_host(v)->cls, callee->str) : NULL;
        size_t sl = m && m->signature ? strlen(m->signature) : 0;
        if (sl > 11 && !strcmp(m->signature + sl - 11, ": this.type")) {
            StrBuf sb; sb_init(&sb);
            sb_printf(&sb, "%s.type", callee->a->str);
            free(t);
            return sb_take(&sb);
        }
    }
    /* m.toSeq is a Seq holding a Vector; m.keys an Iterable holding a Set */
    const Node *sel = e->kind == N_APPLY && !e->list.len ? e->a : e;
    if ((sel->kind == N_SELECT || sel->kind == N_POSTFIX) && strchr(t, '[') &&
        ((v.t == T_SEQ && (as_seq(v)->kind == SEQ_VECTOR || as_seq(v)->kind == SEQ_BUFFER) && !strcmp(sel->str, "toSeq")) ||
         (v.t == T_SET && !strcmp(sel->str, "keys")))) {
        StrBuf sb; sb_init(&sb);
        sb_printf(&sb, "%s%s", v.t == T_SET ? "Iterable" : "Seq", strchr(t, '['));
        free(t);
        return sb_take(&sb);
    }
    if (e->kind == N_APPLY && v.t == T_SEQ) {   /* Seq(1, 2) is a Seq[Int] holding a List */
        const Node *c = e->a->kind == N_TYPEARGS ? e->a->a : e->a;
        const char *br = strchr(t, '[');
        if (c->kind == N_IDENT && br && (!strcmp(c->str, "Seq") || !strcmp(c->str, "IndexedSeq") || !strcmp(c->str, "Iterable"))) {
            StrBuf sb; sb_init(&sb);
            sb_printf(&sb, "%s%s", c->str, br);
            free(t);
            t = sb_take(&sb);
        }
    }
    if (v.t == T_SEQ && as_seq(v)->kind == SEQ_JLIST && !strncmp(t, "java.util.ArrayList", 19) &&
        (e->kind == N_APPLY || e->kind == N_SELECT) && (e->kind == N_SELECT || e->a->kind == N_SELECT)) {
        StrBuf sb; sb_init(&sb);       /* a method's java.util.List (collectAsList, Arrays.asList) */
        sb_printf(&sb, "java.util.List%s", t + 19);
        free(t);
        return sb_take(&sb);
    }
    if (v.t == T_SOME) {       /* Some(..) written out is a Some; from a method, an Option */
        const Node *c = e->kind == N_APPLY ? e->a : NULL;
        if (c && c->kind == N_TYPEARGS) c = c->a;
        if (!(c && c->kind == N_IDENT && !strcmp(c->str, "Some")) && !strncmp(t, "Some[", 5)) {
            StrBuf sb; sb_init(&sb);
            sb_printf(&sb, "Option%s", t + 4);
            free(t);
            return sb_take(&sb);
        }
    }
    /* empty collections made with explicit type arguments: ArrayBuffer[Int](), new HashMap[K, V] */
    const char **types = NULL;
    int ntypes = 0;
    if (e->kind == N_NEW) { types = e->types; ntypes = e->ntypes; }
    else if (e->kind == N_APPLY && e->a->kind == N_TYPEARGS) { types = e->a->types; ntypes = e->a->ntypes; }
    else if (e->kind == N_TYPEARGS) { types = e->types; ntypes = e->ntypes; }   /* List.empty[String] */
    if (e->kind == N_IDENT && !strcmp(e->str, "Nil") && v.t == T_SEQ && !as_seq(v)->len) {
        free(t);
        return strdup("scala.collection.immutable.Nil.type");
    }
    if (v.t == T_NONE && ntypes == 1 && e->kind == N_TYPEARGS) {   /* Option.empty[String] */
        char *nt = normalize_type_in(I, types[0]);
        StrBuf sb; sb_init(&sb);
        sb_printf(&sb, "Option[%s]", nt);
        free(nt);
        free(t);
        return sb_take(&sb);
    }
    char *br = strchr(t, '[');
    if (e->kind == N_TYPEARGS && e->a->kind == N_SELECT && !strcmp(e->a->str, "empty") && e->a->a->kind == N_IDENT &&
        (!strcmp(e->a->a->str, "Seq") || !strcmp(e->a->a->str, "IndexedSeq") || !strcmp(e->a->a->str, "Iterable")) && br) {
        StrBuf sb; sb_init(&sb);   /* Seq.empty[Int]: a List typed as the companion's collection, Seq[Int] */
        sb_printf(&sb, "%s%s", e->a->a->str, br);
        free(t);
        t = sb_take(&sb);
        br = strchr(t, '[');
    }
    if (ntypes && br && (!strcmp(br, "[Nothing]") || !strcmp(br, "[Null]") || !strcmp(br, "[Nothing,Nothing]"))) {
        StrBuf sb; sb_init(&sb);
        sb_add(&sb, t, (size_t)(br - t));
        sb_putc(&sb, '[');
        for (int i = 0; i < ntypes; i++) {
            char *nt = normalize_type_in(I, types[i]);
            sb_printf(&sb, i ? ",%s" : "%s", nt);
            free(nt);
        }
        sb_putc(&sb, ']');
        free(t);
        return sb_take(&sb);
    }
    return t;
}

/* The REPL truncates a result line (with its newline) longer than maxPrintString, 800. */
#define REPL_MAX_PRINT 800

static void echo_value_typed(Interp *I, StrBuf *sb, const char *name, const char *type, Value v) {
    char *s = val_repl_string(I, v);
    StrBuf line; sb_init(&line);
    sb_printf(&line, "%s: %s =%s", name, type, strchr(s, '\n') ? "\n" : *s ? " " : "");   /* scalac: no space before a newline */
    sb_puts(&line, s);
    free(s);
    if (line.len + 1 > REPL_MAX_PRINT) {
        size_t cut = REPL_MAX_PRINT - 3;
        while (cut > 0 && ((unsigned char)line.s[cut] & 0xC0) == 0x80) cut--;   /* whole UTF-8 characters */
        line.len = cut;
        line.s[cut] = 0;
        sb_puts(&line, "...");
    }
    sb_add(sb, line.s, line.len);
    free(sb_take(&line));
}

static void echo_value(Interp *I, StrBuf *sb, const char *name, Value v) {
    char *t = val_type_name(I, v);
    echo_value_typed(I, sb, name, t, v);
    free(t);
}

static void echo_pattern(Interp *I, StrBuf *sb, Pattern *p) {
    if (p->kind == P_BIND || p->kind == P_BINDAT) {
        Slot *s = env_find_local(I->globals, p->name);
        if (s) {
            if (sb->len) sb_putc(sb, '\n');
            echo_value(I, sb, p->name, s->v);
        }
    }
    for (int i = 0; i < p->nsubs; i++) echo_pattern(I, sb, p->subs[i]);
}

/* "a.b.c" for a chain of selections on a name, or false. */
static bool dotted_text(const Node *n, StrBuf *sb) {
    if (n->kind == N_IDENT) { sb_puts(sb, n->str); return true; }
    if (n->kind != N_SELECT || !dotted_text(n->a, sb)) return false;
    sb_printf(sb, ".%s", n->str);
    return true;
}

static void echo_def(Interp *I, StrBuf *sb, Node *s) {
    sb_printf(sb, "%s: ", s->str);
    for (int i = 0; i < s->ntypes; i++) sb_printf(sb, "%s%s", i ? ", " : "[", s->types[i]);
    if (s->ntypes) sb_putc(sb, ']');
    int k = 0;
    for (int l = 0; l < s->nplists; l++) {
        sb_putc(sb, '(');
        for (int j = 0; j < s->plists[l]; j++, k++) {
            Param *pm = &s->params[k];
            char *t = normalize_type_in(I, pm->type ? pm->type : "Any");
            sb_printf(sb, "%s%s: %s%s%s", j ? ", " : "", pm->name,
                      (pm->flags & NP_BYNAME) && strncmp(t, "=>", 2) ? "=> " : "", t,
                      (pm->flags & NP_VARARGS) && t[strlen(t) - 1] != '*' ? "*" : "");
            free(t);
        }
        sb_putc(sb, ')');
    }
    char *rt = infer_def_result(I, s, I->globals);
    char *nt = normalize_type_in(I, rt ? rt : "Any");
    sb_puts(sb, nt);
    free(nt);
    free(rt);
}

/* Whether statement s ends its REPL request. spark-shell reads a cell line by line: the
 * statements a line holds (`a; b`) make one request, and a statement starting on a later line
 * than the one before ended starts the next request. */
static bool ends_request(const NodeList *stmts, int i) {
    return i == stmts->len - 1 || stmts->items[i + 1]->line > stmts->items[i]->end_line;
}

/* Only the last statement of a REPL request is named resN, and then every expression is, Unit
 * ones too (println(x), a for loop, while): definitions, imports and assignments to a name or
 * a field (echoed as `x: Int = 2`) are not. An expression before the last of its request is
 * neither named nor echoed. */
static bool names_result(const Node *s) {
    switch (s->kind) {
    case N_VAL: case N_DEF: case N_CLASS: case N_OBJECT: case N_TRAIT: case N_IMPORT: return false;
    case N_ASSIGN: return s->a->kind == N_APPLY;     /* xs(i) = v is xs.update(i, v) */
    default: return true;
    }
}

/* `if (c) e` without an else, where e is not Unit, is an AnyVal (e a value type) or an Any:
 * the REPL echoes it, `()` when c is false. NULL otherwise. */
static char *if_without_else_type(Interp *I, const Node *s) {
    if (s->kind != N_IF || s->c) return NULL;
    char *t = infer_type(I, s->b, I->globals);
    const char *r = NULL;
    if (t && strcmp(t, "Unit") && strcmp(t, "Nothing")) {
        static const char *const vals[] = {"Int", "Long", "Double", "Float", "Char", "Short", "Byte", "Boolean", NULL};
        r = "Any";
        for (int i = 0; vals[i]; i++) if (!strcmp(t, vals[i])) r = "AnyVal";
    }
    free(t);
    return r ? strdup(r) : NULL;
}

static char *echo_stmt(Interp *I, Node *s, Value v, bool last_of_request) {
    if (names_result(s) && !last_of_request) return NULL;
    StrBuf sb; sb_init(&sb);
    switch (s->kind) {
    case N_VAL:
        if (s->flags & NF_LAZY) {
            char *t = s->type ? strdup(s->type) : infer_type(I, s->a, I->globals);
            char *nt = normalize_type_in(I, t ? t : "Any");
            sb_printf(&sb, "%s: %s = <lazy>", s->pat->name, nt);
            free(nt);
            free(t);
        } else if (s->pat->kind == P_BIND) {
            Slot *sl = env_find_local(I->globals, s->pat->name);
            if (!sl) break;
            char *t = s->type ? normalize_type_in(I, s->type) : echo_type(I, s->a, sl->v);
            char *rt = val_type_name(I, sl->v);
            infer_record_val(I, s->pat->name, strcmp(t, rt) ? t : NULL);   /* ts: Seq[T] */
            free(rt);
            echo_value_typed(I, &sb, s->pat->name, t, sl->v);
            free(t);
        } else echo_pattern(I, &sb, s->pat);
        break;
    case N_DEF: echo_def(I, &sb, s); break;
    case N_CLASS: sb_printf(&sb, "defined class %s", s->str); break;
    case N_OBJECT: {
        sb_printf(&sb, "defined object %s", s->str);
        /* a class of the name from an earlier request is no companion (spark-shell says so) */
        Slot *sl = env_find_local(I->globals, s->str);
        ClassObj *comp = sl && sl->v.t == T_OBJECT ? slot_class(sl) : NULL;
        const Node *cd = comp ? comp->def : NULL;
        InstObj *obj = sl && sl->v.t == T_OBJECT ? (InstObj *)sl->v.u.o : NULL;
        if (cd && obj && obj->cls->def == s && (comp->src != obj->cls->src || cd->end_line < s->line))
            sb_printf(&sb, "\nwarning: previously defined class %s is not a companion to object %s.\n"
                      "Companions must be defined together; you may wish to use :paste mode for this.", s->str, s->str);
        break;
    }
    case N_TRAIT: sb_printf(&sb, "defined trait %s", s->str); break;
    case N_IMPORT: sb_printf(&sb, "import %s", s->str); break;
    case N_ASSIGN:
        if (s->a->kind == N_IDENT) {
            Slot *sl = env_lookup(I->globals, s->a->str);
            if (sl) echo_value(I, &sb, s->a->str, sl->v);
        } else if (s->a->kind == N_SELECT) {     /* c.n = 0 echoes c.n: Int = 0 */
            StrBuf name; sb_init(&name);
            CellResult r;
            if (dotted_text(s->a, &name)) {
                char *txt = sb_take(&name);
                Value cur;
                if (I->unwind == U_NONE && eval(I, s->a, I->globals, &cur)) {
                    echo_value(I, &sb, txt, cur);
                    val_decref(cur);
                } else if (I->unwind != U_NONE) {
                    unwind_to_result(I, &r);
                    cell_result_clear(&r);
                }
                free(txt);
            } else free(sb_take(&name));
        } else I->res_counter++;                 /* xs(i) = v: a Unit resN */
        break;
    default: {
        char name[32];
        snprintf(name, sizeof name, "res%d", I->res_counter++);
        char *t = if_without_else_type(I, s);
        if (v.t != T_UNIT || t) {
            if (s->kind == N_OPASSIGN) {     /* buf += 1 gives the buffer: buf.type */
                StrBuf tn; sb_init(&tn);
                if (dotted_text(s->a, &tn)) { sb_puts(&tn, ".type"); t = sb_take(&tn); }
                else free(sb_take(&tn));
            }
            if (!t) t = echo_type(I, s, v);
            echo_value_typed(I, &sb, name, t, v);
            val_incref(v);                   /* later cells may refer to res0 */
            env_define(I->globals, intern(name), v, 0);
        }
        free(t);
    }
    }
    if (!sb.len) { free(sb_take(&sb)); return NULL; }
    return sb_take(&sb);
}

/* ---- running cells ---- */

/* Parses a cell into a new Source (returned in *srcp, one reference for the caller). */
static Node *parse_cell(const char *src, CellResult *res, Source **srcp) {
    size_t len = strlen(src);
    Source *s = *srcp = source_new(src, len);
    ParseError err = {0};
    Node *root = parse_program(s->arena, s->text, len, &err);
    if (!root) {
        error_result(res, s, "error", err.msg, err.line, err.col, NULL);
        return NULL;
    }
    intern_tree(root, s);
    return root;
}

/* Whether statement i begins a REPL request (the unit the REPL compiles at once). */
static bool unit_starts(const NodeList *stmts, int i) {
    return i == 0 || ends_request(stmts, i - 1);
}

void interp_run_cell(Interp *I, const char *src, CellResult *res) {
    memset(res, 0, sizeof *res);
    res->ok = true;
    /* The cell counts as started before it waits for the interpreter (a batch job may hold it):
     * an interrupt from now on is this cell's, and a job it stops pauses the stream until the
     * cell after this one (streaming's pause_cell). */
    interp_clear_interrupt(I);
    unsigned seq = atomic_fetch_add(&I->cell_seq, 1) + 1;
    interp_lock(I);
    atomic_store(&I->cell_entered, seq);
    char base;
    set_stack_budget(I, &base);
    mem_take_exhausted();    /* a new cell starts with what memory is in use now */
    Source *cell;
    Node *root = parse_cell(src, res, &cell);
    if (root) {
        NodeList *stmts = &root->list;
        for (int i = 0; i < stmts->len; i++) {
            Node *s = stmts->items[i];
            if (s->kind == N_DEF) env_define(I->globals, s->str, func_new_closure(s->str, s, I->globals), SLOT_DEF);
        }
        StrBuf req; sb_init(&req);   /* the echoes of the request running: shown when it ends */
        for (int i = 0; i < stmts->len; i++) {
            Node *s = stmts->items[i];
            Value v = v_unit();
            if (!typecheck_stmt(I, s, stmts)) {
                unwind_to_result(I, res);
                break;
            }
            if (unit_starts(stmts, i)) {
                /* the REPL compiles the statements that share a line at once: names used
                 * without their import fail it, its deprecation warnings print before it runs */
                int end = i + 1;
                while (end < stmts->len && !unit_starts(stmts, end)) end++;
                char *w;
                if (!unit_scan(I, stmts, i, end, &w)) {
                    unwind_to_result(I, res);
                    break;
                }
                if (w) { interp_write(I, 2, w, strlen(w)); free(w); }
            }
            if (s->kind != N_DEF && !eval(I, s, I->globals, &v)) {
                unwind_to_result(I, res);
                int j = i;           /* a failed request still spent its resN */
                while (!ends_request(stmts, j)) j++;
                if (names_result(stmts->items[j])) I->res_counter++;
                break;
            }
            typecheck_record(I, s, stmts);
            char *echo = echo_stmt(I, s, v, ends_request(stmts, i));
            val_decref(v);
            if (echo) sb_printf(&req, "%s%s", req.len ? "\n" : "", echo);
            free(echo);
            if (i == stmts->len - 1) { if (req.len) res->echo = sb_take(&req); }
            else if (ends_request(stmts, i) && req.len) {
                interp_printf(I, 1, "%s\n", req.s);
                sb_reset(&req);
            }
        }
        sb_reset(&req);
    }
    source_release(cell);    /* kept only while something made from it lives */
    interp_clear_interrupt(I);   /* an interrupt is for the cell: once it ends, it is spent */
    gc_collect();
    interp_thread_ctx(I)->stack_base = NULL;
    interp_unlock(I);
}

char *interp_eval_to_string(Interp *I, const char *expr, CellResult *res) {
    memset(res, 0, sizeof *res);
    res->ok = true;
    interp_lock(I);
    char base;
    set_stack_budget(I, &base);
    char *out = NULL;
    Source *cell;
    Node *root = parse_cell(expr, res, &cell);
    if (root) {
        Value v;
        if (eval_stmt_list(I, &root->list, I->globals, &v)) {
            out = val_to_string(I, v);
            val_decref(v);
        } else unwind_to_result(I, res);
    }
    source_release(cell);
    interp_thread_ctx(I)->stack_base = NULL;
    interp_unlock(I);
    return out;
}

/* ---- is_complete ---- */

const char *interp_is_complete(Interp *I, const char *code, const char **indent) {
    (void)I;
    Arena *a = arena_new();
    ParseError err = {0};
    Node *root = parse_program(a, code, strlen(code), &err);
    arena_free(a);
    *indent = "";
    if (root) return "complete";
    if (err.incomplete) { *indent = "  "; return "incomplete"; }
    return "invalid";
}

/* ---- the registry ---- */

static uint64_t name_hash(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    return h;
}

typedef struct { int n; const MethodDef **slots; } MethodIndex;

static void index_class(HostClass *cls) {
    int n = 8;
    while (n < cls->nmethods * 2) n *= 2;
    MethodIndex *ix = calloc(1, sizeof(MethodIndex) + (size_t)n * sizeof(MethodDef *));
    ix->n = n;
    ix->slots = (const MethodDef **)(ix + 1);
    for (int i = 0; i < cls->nmethods; i++) {
        size_t b = name_hash(cls->methods[i].name) & (size_t)(n - 1);
        while (ix->slots[b]) {
            if (!strcmp(ix->slots[b]->name, cls->methods[i].name)) break;   /* first definition wins */
            b = (b + 1) & (size_t)(n - 1);
        }
        if (!ix->slots[b]) ix->slots[b] = &cls->methods[i];
    }
    cls->hash = ix;
}

const MethodDef *host_find_method(const HostClass *cls, const char *name) {
    uint64_t h = name_hash(name);
    for (; cls; cls = cls->parent) {
        const MethodIndex *ix = cls->hash;
        if (!ix) {
            for (int i = 0; i < cls->nmethods; i++) if (!strcmp(cls->methods[i].name, name)) return &cls->methods[i];
            continue;
        }
        for (size_t b = h & (size_t)(ix->n - 1); ix->slots[b]; b = (b + 1) & (size_t)(ix->n - 1))
            if (!strcmp(ix->slots[b]->name, name)) return ix->slots[b];
    }
    return NULL;
}

void host_class_add_methods(HostClass *cls, const MethodDef *defs, int n) {
    if (cls->nmethods && !cls->methods_cap) {
        fprintf(stderr, "host_class_add_methods: %s has a static method table\n", cls->name);
        abort();
    }
    MethodDef *m = (MethodDef *)cls->methods;
    for (int i = 0; i < n; i++) {
        bool dup = false;
        for (int j = 0; j < cls->nmethods && !dup; j++) dup = !strcmp(m[j].name, defs[i].name);
        if (dup) continue;
        if (cls->nmethods == cls->methods_cap) {
            cls->methods_cap = cls->methods_cap ? cls->methods_cap * 2 : 16;
            m = mem_realloc(m, (size_t)cls->methods_cap * sizeof *m);
            cls->methods = m;
        }
        m[cls->nmethods++] = defs[i];
    }
    if (cls->hash) { free(cls->hash); index_class(cls); }   /* the rows may have moved */
}

/* An interpreter that registered cls is freed: the last one frees its index and grown table. */
static void class_release(HostClass *cls) {
    if (--cls->users > 0) return;
    free(cls->hash);
    cls->hash = NULL;
    if (cls->methods_cap) {
        free((MethodDef *)cls->methods);
        cls->methods = NULL;
        cls->nmethods = cls->methods_cap = 0;
    }
}

void interp_register_class(Interp *I, HostClass *cls) {
    if (!cls->hash) index_class(cls);
    for (int i = 0; i < I->nclasses; i++) if (I->classes[i] == cls) return;
    cls->users++;
    if (I->nclasses == I->cclasses) {
        I->cclasses = I->cclasses ? I->cclasses * 2 : 32;
        I->classes = realloc(I->classes, (size_t)I->cclasses * sizeof(HostClass *));
    }
    I->classes[I->nclasses++] = cls;
    class_index_drop(&I->class_index);
    class_index_drop(&I->ctor_index);
    infer_free_vals(I);
}

const char *interp_host_name(Interp *I, const void *data, const char *fallback) {
    Env *g = I->globals;
    for (int i = g->len; i-- > 0;) {
        Value v = g->slots[i].v;
        if (v.t == T_HOST && as_host(v)->data == data && g->slots[i].name && g->slots[i].name[0] != '$')
            return g->slots[i].name;
    }
    return fallback;
}

void interp_register_global(Interp *I, const char *name, Value v, const char *signature, const char *doc) {
    const char *n = intern(name);
    env_define(I->builtins, n, v, 0);
    if (I->ndocs == I->cdocs) {
        I->cdocs = I->cdocs ? I->cdocs * 2 : 64;
        I->docs = realloc(I->docs, (size_t)I->cdocs * sizeof(GlobalDoc));
    }
    I->docs[I->ndocs].name = n;
    I->docs[I->ndocs].signature = signature;
    I->docs[I->ndocs].doc = doc;
    I->ndocs++;
}

void interp_register_package(Interp *I, const char *prefix) {
    if (I->npackages == I->cpackages) {
        I->cpackages = I->cpackages ? I->cpackages * 2 : 32;
        I->packages = realloc(I->packages, (size_t)I->cpackages * sizeof(char *));
    }
    I->packages[I->npackages++] = strdup(prefix);
}

void interp_register_package_members(Interp *I, const char *package, const char *const *names) {
    if (I->nclosed == I->cclosed) {
        I->cclosed = I->cclosed ? I->cclosed * 2 : 16;
        I->closed = realloc(I->closed, (size_t)I->cclosed * sizeof *I->closed);
    }
    I->closed[I->nclosed++] = (struct ImportRow){package, names};
}

/* ---- completion and inspection ---- */

static const char *keywords[] = {
    "abstract", "case", "catch", "class", "def", "do", "else", "extends", "false", "final",
    "finally", "for", "import", "lazy", "match", "new", "null", "object", "override", "private",
    "protected", "return", "sealed", "super", "this", "throw", "trait", "true", "try", "type",
    "val", "var", "while", "with", "yield", NULL};

static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

static void add_match(json_t *arr, const char *name, const char *prefix) {
    if (strncmp(name, prefix, strlen(prefix)) != 0) return;
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n; i++) if (!strcmp(json_string_value(json_array_get(arr, i)), name)) return;
    json_array_append_new(arr, json_string(name));
}

static int cmp_json_str(const void *a, const void *b) {
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* The value named by a dotted chain of identifiers (no calls are made), borrowed, or false. */
static bool resolve_chain(Interp *I, const char *text, size_t len, Value *out) {
    char buf[256];
    if (len == 0 || len >= sizeof buf) return false;
    memcpy(buf, text, len);
    buf[len] = 0;
    Slot *s = env_lookup(I->globals, intern(buf));
    if (s && !(s->flags & SLOT_LAZY)) { *out = s->v; return true; }
    char *dot = strrchr(buf, '.');
    if (!dot) return false;
    Value recv;
    if (!resolve_chain(I, buf, (size_t)(dot - buf), &recv)) return false;
    if (recv.t == T_OBJECT && ((InstObj *)recv.u.o)->fields) {
        Slot *f = env_find_local(((InstObj *)recv.u.o)->fields, intern(dot + 1));
        if (f) { *out = f->v; return true; }
    }
    return false;
}

static void method_names(Interp *I, Value recv, json_t *arr, const char *prefix) {
    if (recv.t == T_OBJECT && ((InstObj *)recv.u.o)->fields) {
        Env *f = ((InstObj *)recv.u.o)->fields;
        for (int i = 0; i < f->len; i++) if (strcmp(f->slots[i].name, "this")) add_match(arr, f->slots[i].name, prefix);
    }
    for (const HostClass *c = class_of(I, recv); c; c = c->parent)
        for (int i = 0; i < c->nmethods; i++)
            if (isalpha((unsigned char)c->methods[i].name[0])) add_match(arr, c->methods[i].name, prefix);
}

json_t *interp_complete(Interp *I, const char *code, int cursor, int *start, int *end) {
    json_t *arr = json_array();
    int len = (int)strlen(code);
    if (cursor < 0 || cursor > len) cursor = len;
    int s = cursor;
    while (s > 0 && ident_char(code[s - 1])) s--;
    char prefix[128];
    int plen = cursor - s < (int)sizeof prefix - 1 ? cursor - s : (int)sizeof prefix - 1;
    memcpy(prefix, code + s, (size_t)plen);
    prefix[plen] = 0;
    *start = s;
    *end = cursor;
    interp_lock(I);
    if (s > 0 && code[s - 1] == '.') {
        int r = s - 1;
        while (r > 0 && (ident_char(code[r - 1]) || code[r - 1] == '.')) r--;
        Value recv;
        if (resolve_chain(I, code + r, (size_t)(s - 1 - r), &recv)) method_names(I, recv, arr, prefix);
    } else {
        for (Env *e = I->globals; e; e = e->parent)
            for (int i = 0; i < e->len; i++)
                if (!strchr(e->slots[i].name, '.')) add_match(arr, e->slots[i].name, prefix);
        for (int i = 0; keywords[i]; i++) add_match(arr, keywords[i], prefix);
        for (int i = 0; i < I->nclasses; i++) if (I->classes[i]->construct) add_match(arr, I->classes[i]->name, prefix);
    }
    interp_unlock(I);
    size_t n = json_array_size(arr);
    json_t **items = malloc((n ? n : 1) * sizeof(json_t *));
    for (size_t i = 0; i < n; i++) items[i] = json_incref(json_array_get(arr, i));
    qsort(items, n, sizeof(json_t *), cmp_json_str);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, items[i]);
    free(items);
    return arr;
}

static void doc_method(StrBuf *sb, const HostClass *c, const MethodDef *m) {
    sb_printf(sb, "%s\n\n%s", m->signature ? m->signature : m->name, m->doc ? m->doc : "");
    if (c->doc_url) sb_printf(sb, "\n\nSee %s", c->doc_url);
}

char *interp_inspect(Interp *I, const char *code, int cursor) {
    int len = (int)strlen(code);
    if (cursor < 0 || cursor > len) cursor = len;
    int s = cursor, e = cursor;
    while (s > 0 && (ident_char(code[s - 1]) || code[s - 1] == '.')) s--;
    while (e < len && ident_char(code[e])) e++;
    if (e == s) return NULL;
    char name[256];
    int n = e - s < (int)sizeof name - 1 ? e - s : (int)sizeof name - 1;
    memcpy(name, code + s, (size_t)n);
    name[n] = 0;
    StrBuf sb; sb_init(&sb);
    interp_lock(I);
    char *dot = strrchr(name, '.');
    Value v;
    if (dot && resolve_chain(I, name, (size_t)(dot - name), &v)) {
        const char *mname = dot + 1;
        for (const HostClass *c = class_of(I, v); c && !sb.len; c = c->parent) {
            const MethodDef *m = host_find_method(c, mname);
            if (m) doc_method(&sb, c, m);
        }
        if (!sb.len && v.t == T_OBJECT && ((InstObj *)v.u.o)->fields) {
            Slot *f = env_find_local(((InstObj *)v.u.o)->fields, intern(mname));
            if (f) echo_value(I, &sb, mname, f->v);
        }
    } else {
        const char *key = intern(name);
        for (int i = 0; i < I->ndocs && !sb.len; i++)
            if (I->docs[i].name == key)
                sb_printf(&sb, "%s\n\n%s", I->docs[i].signature ? I->docs[i].signature : name,
                          I->docs[i].doc ? I->docs[i].doc : "");
        for (int i = 0; i < I->nclasses && !sb.len; i++)
            if (!strcmp(I->classes[i]->name, name)) {
                HostClass *c = I->classes[i];
                sb_printf(&sb, "%s\n\n%s", c->ctor_signature ? c->ctor_signature : c->qualified ? c->qualified : c->name,
                          c->doc ? c->doc : "");
                if (c->doc_url) sb_printf(&sb, "\n\nSee %s", c->doc_url);
            }
        if (!sb.len) {
            Slot *sl = env_lookup(I->globals, key);
            if (sl && sl->v.t == T_FUNC && as_func(sl->v)->def && as_func(sl->v)->def->kind == N_DEF) {
                Node *d = as_func(sl->v)->def;
                sb_printf(&sb, "def %s", d->str);
                int k = 0;
                for (int l = 0; l < d->nplists; l++) {
                    sb_putc(&sb, '(');
                    for (int j = 0; j < d->plists[l]; j++, k++)
                        sb_printf(&sb, "%s%s: %s", j ? ", " : "", d->params[k].name, d->params[k].type ? d->params[k].type : "Any");
                    sb_putc(&sb, ')');
                }
                if (d->type) sb_printf(&sb, ": %s", d->type);
                sb_puts(&sb, "\n\nDefined in this session.");
            } else if (sl && !(sl->flags & SLOT_LAZY)) {
                echo_value(I, &sb, name, sl->v);
            }
        }
    }
    interp_unlock(I);
    if (!sb.len) { free(sb_take(&sb)); return NULL; }
    return sb_take(&sb);
}

/* ---- arguments ---- */

Value *call_arg(Call *c, int pos, const char *name) {
    if (c->names && name)
        for (int i = 0; i < c->argc; i++)
            if (c->names[i] && !strcmp(c->names[i], name)) return &c->argv[i];
    if (pos >= 0 && pos < c->argc && (!c->names || !c->names[pos])) return &c->argv[pos];
    return NULL;
}

bool call_arity(Call *c, int min, int max) {
    if (c->argc >= min && (max < 0 || c->argc <= max)) return true;
    return interp_throw(c->I, "error", "wrong number of arguments for %s: %d given", c->name ? c->name : "function", c->argc);
}

/* The node of argument i at the call site c->at (f(a, b), x op a), or NULL. */
static const Node *arg_node(const Call *c, int i) {
    const Node *at = c->at;
    if (!at || (c->names && c->names[i])) return NULL;
    if (at->kind == N_APPLY && i < at->list.len) return at->list.items[i];
    if (at->kind == N_INFIX && i == 0) return at->b;
    return NULL;
}

/* scalac's words, the caret under the argument: `type mismatch;\n found   : String("b")\n
 * required: Int` (a literal's type names its value) */
static bool arg_type_error(Call *c, int i, const char *want) {
    char *have = i < c->argc ? val_type_name(c->I, c->argv[i]) : strdup("Unit");
    const Node *a = i < c->argc ? arg_node(c, i) : NULL;
    StrBuf found; sb_init(&found);
    sb_puts(&found, have);
    if (a && a->kind == N_STRING && a->str) sb_printf(&found, "(\"%s\")", a->str);
    else if (a && (a->kind == N_INT || a->kind == N_LONG || a->kind == N_DOUBLE || a->kind == N_BOOL) && i < c->argc) {
        char *t = val_to_string(c->I, c->argv[i]);
        sb_printf(&found, "(%s%s)", t ? t : "", a->kind == N_LONG ? "L" : "");
        free(t);
    }
    char *f = sb_take(&found);
    bool r = a ? raise_at(c->I, a, "error", "type mismatch;\n found   : %s\n required: %s", f, want)
               : interp_throw(c->I, "error", "type mismatch;\n found   : %s\n required: %s", f, want);
    free(f);
    free(have);
    return r;
}

bool arg_string(Call *c, int i, const char **s) {
    if (i >= c->argc || c->argv[i].t != T_STR) return arg_type_error(c, i, "String");
    *s = as_str(c->argv[i])->s;
    return true;
}
bool arg_long(Call *c, int i, int64_t *n) {
    if (i >= c->argc) return arg_type_error(c, i, "Int");
    Value v = c->argv[i];
    if (v.t == T_INT) *n = v.u.i;
    else if (v.t == T_LONG) *n = v.u.l;
    else if (v.t == T_CHAR) *n = v.u.c;
    else return arg_type_error(c, i, "Int");
    return true;
}
bool arg_double(Call *c, int i, double *d) {
    if (i >= c->argc) return arg_type_error(c, i, "Double");
    Value v = c->argv[i];
    if (v.t == T_DOUBLE || v.t == T_FLOAT) *d = v.u.d;
    else if (v.t == T_INT) *d = v.u.i;
    else if (v.t == T_LONG) *d = (double)v.u.l;
    else return arg_type_error(c, i, "Double");
    return true;
}
bool arg_bool(Call *c, int i, bool *b) {
    if (i >= c->argc || c->argv[i].t != T_BOOL) return arg_type_error(c, i, "Boolean");
    *b = c->argv[i].u.b;
    return true;
}

bool val_truthy(Value v, bool *b) {
    if (v.t != T_BOOL) return false;
    *b = v.u.b;
    return true;
}

/* ---- other threads ---- */

void interp_thread_enter(Interp *I, char *stack_base, const InterpHooks *hooks, InterpThreadState *saved) {
    InterpThreadCtx *t = interp_thread_ctx(I);
    saved->base = t->stack_base;
    saved->limit = t->stack_limit;
    saved->hooks = t->hooks;
    set_stack_budget(I, stack_base);
    interp_set_hooks(I, hooks);
}

void interp_thread_leave(Interp *I, const InterpThreadState *saved) {
    InterpThreadCtx *t = interp_thread_ctx(I);
    t->stack_base = saved->base;
    t->stack_limit = saved->limit;
    t->hooks = saved->hooks;
}

Value interp_take_exception(Interp *I) {
    Value e;
    if (I->unwind == U_THROW && I->unwind_val.t == T_EXC) {
        e = I->unwind_val;
        I->unwind_val = v_unit();
    } else {
        e = exc_new("java.lang.InterruptedException", str_cstr(I->unwind == U_INTERRUPT ? "interrupted" : "return outside method definition"));
        val_decref(I->unwind_val);
        I->unwind_val = v_unit();
    }
    I->unwind = U_NONE;
    return e;
}

char *interp_exception_text(Interp *I, Value exc) { return val_to_string(I, exc); }

bool interp_iter_items(Interp *I, Value v, Value **items, size_t *n) { return iter_items(I, v, items, n); }
void interp_free_items(Value *items, size_t n) { free_items(items, n); }

size_t interp_distinct_items(Value *items, size_t n) {
    Value seen = map_new(MAP_SCALA, true);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (map_get(seen, items[i], NULL)) { val_decref(items[i]); continue; }
        val_incref(items[i]);
        map_put(seen, items[i], v_unit());
        items[k++] = items[i];
    }
    val_decref(seen);
    return k;
}

bool interp_call_method(Interp *I, Value recv, const char *name, int argc, Value *argv, Value *out) {
    return call_method(I, recv, intern(name), argc, argv, NULL, NULL, out);
}

struct ClassKey { const char *key; const HostClass *cls; };

static void class_index_put(struct ClassIndex *ix, const char *key, const HostClass *c) {
    size_t mask = ix->n - 1;
    for (size_t b = (size_t)name_hash(key) & mask;; b = (b + 1) & mask) {
        if (!ix->slots[b].key) { ix->slots[b] = (struct ClassKey){key, c}; return; }
        if (!strcmp(ix->slots[b].key, key)) return;   /* the first registered keeps the name */
    }
}

/* Open addressing over every name a class answers to, in registration order, so a lookup finds
 * what a scan of the classes in order would; ctors_only: only the classes with a constructor
 * (`new X` runs that lookup once per evaluation). */
static void class_index_build(Interp *I, struct ClassIndex *ix, bool ctors_only) {
    size_t keys = 0;
    for (int i = 0; i < I->nclasses; i++) {
        const HostClass *c = I->classes[i];
        keys += 2;
        for (const char *const *a = c->aliases; a && *a; a++) keys++;
    }
    size_t n = 16;
    while (n < keys * 2) n *= 2;
    ix->slots = calloc(n, sizeof *ix->slots);
    ix->n = n;
    for (int i = 0; i < I->nclasses; i++) {
        const HostClass *c = I->classes[i];
        if (ctors_only && !c->construct) continue;
        class_index_put(ix, c->name, c);
        if (c->qualified) class_index_put(ix, c->qualified, c);
        for (const char *const *a = c->aliases; a && *a; a++) class_index_put(ix, *a, c);
    }
}

static const HostClass *class_index_get(Interp *I, struct ClassIndex *ix, bool ctors_only, const char *name) {
    if (!ix->slots) class_index_build(I, ix, ctors_only);
    size_t mask = ix->n - 1;
    for (size_t b = (size_t)name_hash(name) & mask; ix->slots[b].key; b = (b + 1) & mask)
        if (!strcmp(ix->slots[b].key, name)) return ix->slots[b].cls;
    return NULL;
}

static void class_index_drop(struct ClassIndex *ix) {
    free(ix->slots);
    ix->slots = NULL;
}

const HostClass *interp_find_class(Interp *I, const char *name) {
    return class_index_get(I, &I->class_index, false, name);
}

const HostClass *interp_find_constructor(Interp *I, const char *name) {
    return class_index_get(I, &I->ctor_index, true, name);
}

bool interp_lookup_global(Interp *I, const char *name, Value *out) {
    Slot *s = env_lookup(I->globals, intern(name));
    if (!s || (s->flags & SLOT_LAZY)) return false;
    *out = s->v;
    return true;
}
