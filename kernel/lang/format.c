/* format.c — how values print: Scala's toString for every value (List(1, 2), Map(a -> 1),
 * (1,a), Some(x), case classes), Java's Double.toString, and the type names the Scala REPL
 * shows in its echo ("xs: List[Int] = List(1, 2)"), derived from the runtime values.
 */
#include "lang/internal.h"
#include "lang/types.h"
#include "util/mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Values nested deeper than this print as "..." instead of overflowing the C stack (Java
 * would throw StackOverflowError from toString). */
#define MAX_PRINT_NESTING 2000
static _Thread_local int print_nesting;

static void sb_value_1(Interp *I, StrBuf *sb, Value v, bool quote);
static void sb_repl_1(Interp *I, StrBuf *sb, Value v);
static char *type_of_1(Interp *I, Value v);

void sb_value(Interp *I, StrBuf *sb, Value v, bool quote) {
    if (print_nesting > MAX_PRINT_NESTING) { sb_puts(sb, "..."); return; }
    print_nesting++;
    sb_value_1(I, sb, v, quote);
    print_nesting--;
}
static void sb_repl(Interp *I, StrBuf *sb, Value v) {
    if (print_nesting > MAX_PRINT_NESTING) { sb_puts(sb, "..."); return; }
    print_nesting++;
    sb_repl_1(I, sb, v);
    print_nesting--;
}
static char *type_of(Interp *I, Value v) {
    if (print_nesting > MAX_PRINT_NESTING) return strdup("Any");
    print_nesting++;
    char *t = type_of_1(I, v);
    print_nesting--;
    return t;
}

/* ---- Java's Double.toString and Float.toString: the shortest digits that read back (as a
 * double, or as a float when single), plain between 1e-3 and 1e7, computerised scientific
 * notation (1.0E7, 1.5E-4) outside ---- */

static char *fmt_real(double d, bool single) {
    if (isnan(d)) return strdup("NaN");
    if (isinf(d)) return strdup(d > 0 ? "Infinity" : "-Infinity");
    if (d == 0) return strdup(signbit(d) ? "-0.0" : "0.0");
    /* Double.MinPositiveValue: Java 17's FloatingDecimal gives two digits where one reads back */
    if (!single && fabs(d) == 4.9e-324) return strdup(d > 0 ? "4.9E-324" : "-4.9E-324");
    char buf[64];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (single ? strtof(buf, NULL) == (float)d : strtod(buf, NULL) == d) break;
    }
    /* buf is [-]D.DDDDe[+-]XX: collect the digits and the exponent */
    char digits[32];
    int nd = 0, exp10;
    const char *p = buf;
    bool neg = *p == '-';
    if (neg) p++;
    for (; *p && *p != 'e'; p++) if (*p >= '0' && *p <= '9') digits[nd++] = *p;
    exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = 0;
    StrBuf sb; sb_init(&sb);
    if (neg) sb_putc(&sb, '-');
    double a = fabs(d);
    if (a >= 1e-3 && a < 1e7) {
        if (exp10 >= 0) {
            for (int i = 0; i <= exp10; i++) sb_putc(&sb, i < nd ? digits[i] : '0');
            sb_putc(&sb, '.');
            if (nd > exp10 + 1) sb_add(&sb, digits + exp10 + 1, (size_t)(nd - exp10 - 1));
            else sb_putc(&sb, '0');
        } else {
            sb_puts(&sb, "0.");
            for (int i = 0; i < -exp10 - 1; i++) sb_putc(&sb, '0');
            sb_add(&sb, digits, (size_t)nd);
        }
    } else {
        sb_putc(&sb, digits[0]);
        sb_putc(&sb, '.');
        if (nd > 1) sb_add(&sb, digits + 1, (size_t)(nd - 1));
        else sb_putc(&sb, '0');
        sb_printf(&sb, "E%d", exp10);
    }
    return sb_take(&sb);
}

char *fmt_double(double d) { return fmt_real(d, false); }
char *fmt_float(float f) { return fmt_real(f, true); }

/* ---- toString ---- */

static void sb_items(Interp *I, StrBuf *sb, const char *open, const Value *items, size_t n,
                     const char *sep, const char *close) {
    sb_puts(sb, open);
    for (size_t i = 0; i < n; i++) {
        if (i) sb_puts(sb, sep);
        sb_value(I, sb, items[i], false);
    }
    sb_puts(sb, close);
}

static const char *seq_prefix(int kind) {
    switch (kind) {
    case SEQ_ARRAY: return "Array(";
    case SEQ_VECTOR: return "Vector(";
    case SEQ_BUFFER: return "ArrayBuffer(";
    case SEQ_QUEUE: return "Queue(";
    case SEQ_LISTBUFFER: return "ListBuffer(";
    case SEQ_COMPACT: return "CompactBuffer(";
    case SEQ_WRAPPED: return "WrappedArray(";
    case SEQ_VALUES: return "MapLike.DefaultValuesIterable(";
    case SEQ_HASHVALUES: return "HashMap.HashMapValues(";
    case SEQ_MVALUES: return "HashMap(";
    case SEQ_JLIST: return "[";
    default: return "List(";
    }
}

static bool user_to_string(Interp *I, StrBuf *sb, InstObj *in) {
    Slot *s = in->fields ? env_find_local(in->fields, intern("toString")) : NULL;
    if (!s || s->v.t != T_FUNC) return false;
    Value r;
    Unwind saved = I->unwind;
    if (!call_value(I, s->v, 0, NULL, NULL, NULL, &r)) {
        /* an exception inside toString: print the default form rather than fail the caller */
        I->unwind = saved;
        val_decref(I->unwind_val);
        I->unwind_val = v_unit();
        return false;
    }
    sb_value(I, sb, r, false);
    val_decref(r);
    return true;
}

/* The REPL shows at most this many elements of a collection (its maxStringElements). */
#define REPL_MAX_ELEMENTS 1000

static void sb_repl(Interp *I, StrBuf *sb, Value v);
static void sb_repl_secret(Interp *I, StrBuf *sb, Value key, Value val, bool java);

/* A Map or Set as toString writes it, or (repl) as the REPL's echo does: at most
 * REPL_MAX_ELEMENTS entries, a Scala map's keys in their REPL form, secrets masked. */
static void sb_map(Interp *I, StrBuf *sb, MapObj *m, bool repl) {
    map_scala_order(v_obj(&m->h));
    bool java = m->kind == MAP_JAVA || m->kind == MAP_PROPERTIES;
    sb_puts(sb, java ? (m->is_set ? "[" : "{") : m->is_set ? "Set(" : "Map(");
    size_t shown = 0;
    for (size_t i = 0; i < m->used && (!repl || shown < REPL_MAX_ELEMENTS); i++) {
        if (!m->entries[i].live) continue;
        if (shown++) sb_puts(sb, ", ");
        if (repl && !java) sb_repl(I, sb, m->entries[i].key);
        else sb_value(I, sb, m->entries[i].key, false);
        if (!m->is_set) {
            sb_puts(sb, java ? "=" : " -> ");
            if (repl) sb_repl_secret(I, sb, m->entries[i].key, m->entries[i].val, java);
            else sb_value(I, sb, m->entries[i].val, false);
        }
    }
    sb_puts(sb, java ? (m->is_set ? "]" : "}") : ")");
}

static void sb_value_1(Interp *I, StrBuf *sb, Value v, bool quote) {
    switch ((VType)v.t) {
    case T_UNIT: sb_puts(sb, "()"); return;
    case T_NULL: sb_puts(sb, "null"); return;
    case T_NONE: sb_puts(sb, "None"); return;
    case T_BOOL: sb_puts(sb, v.u.b ? "true" : "false"); return;
    case T_INT: sb_printf(sb, "%d", v.u.i); return;
    case T_LONG: sb_printf(sb, "%lld", (long long)v.u.l); return;
    case T_DOUBLE: { char *s = fmt_double(v.u.d); sb_puts(sb, s); free(s); return; }
    case T_FLOAT: { char *s = fmt_float((float)v.u.d); sb_puts(sb, s); free(s); return; }
    case T_CHAR: sb_utf8(sb, v.u.c); return;
    case T_STR:
        if (quote) sb_putc(sb, '"');
        sb_add(sb, as_str(v)->s, as_str(v)->len);
        if (quote) sb_putc(sb, '"');
        return;
    case T_TUPLE: sb_items(I, sb, "(", as_tuple(v)->items, (size_t)as_tuple(v)->n, ",", ")"); return;
    case T_SEQ: {
        SeqObj *s = as_seq(v);
        if (s->kind == SEQ_ITER) { sb_puts(sb, s->len ? "non-empty iterator" : "empty iterator"); return; }
        sb_items(I, sb, seq_prefix(s->kind), s->items, s->len, ", ", s->kind == SEQ_JLIST ? "]" : ")");
        return;
    }
    case T_RANGE: {
        /* Scala 2.12.18's Range.toString: "Range 1 to 10", "inexact Range 0 until 10 by 3", "empty Range 1 until 1" */
        RangeObj *r = as_range(v);
        bool exact = r->step && ((__int128)r->end - r->start) % r->step == 0;
        sb_printf(sb, "%s%s %lld %s %lld", !range_len(r) ? "empty " : !exact ? "inexact " : "",
                  r->is_long ? "NumericRange" : "Range", (long long)r->start, r->inclusive ? "to" : "until",
                  (long long)r->end);
        if (r->step != 1) sb_printf(sb, " by %lld", (long long)r->step);
        return;
    }
    case T_MAP: case T_SET: sb_map(I, sb, as_map(v), false); return;
    case T_SOME: sb_puts(sb, "Some("); sb_value(I, sb, as_some(v)->v, false); sb_putc(sb, ')'); return;
    case T_FUNC: {
        /* as a Scala 2.12 function object prints on the JVM (spark-shell 3.5): its lambda class
         * (one per lambda in the source: here per definition), a hidden-class address, and the
         * object's identity hash — all of them JVM identities, which the differential suite and
         * the tests normalise */
        FuncObj *f = as_func(v);
        uintptr_t site = f->def ? (uintptr_t)f->def : (uintptr_t)f->native;
        sb_printf(sb, "$Lambda$%u/0x00007f%010llx@%x", 1000u + (unsigned)((site >> 4) % 9000u),
                  (unsigned long long)((site >> 4) & 0xffffffffffull), (unsigned)(((uintptr_t)f >> 4) & 0x7fffffffu));
        return;
    }
    case T_ENV: sb_puts(sb, "<scope>"); return;
    case T_OBJECT: {
        InstObj *in = (InstObj *)v.u.o;
        if (user_to_string(I, sb, in)) return;
        ClassObj *c = in->cls;
        if (c && c->is_case && c->def->kind == N_CLASS) {
            sb_puts(sb, c->name);
            sb_putc(sb, '(');
            for (int i = 0; i < c->def->nparams; i++) {
                Slot *s = env_find_local(in->fields, c->def->params[i].name);
                if (i) sb_putc(sb, ',');
                if (s) sb_value(I, sb, s->v, false);
            }
            sb_putc(sb, ')');
            return;
        }
        if (c && c->def->kind == N_OBJECT && c->is_case) { sb_puts(sb, c->name); return; }
        sb_printf(sb, "%s@%08x", !c ? "Object" : strcmp(c->name, "$anon") ? c->name : "$anon$1",
                  (unsigned)(val_hash(v) & 0xffffffffu));
        return;
    }
    case T_CLASS: sb_printf(sb, "class %s", ((ClassObj *)v.u.o)->name); return;
    case T_EXC: {
        ExcObj *e = as_exc(v);
        sb_puts(sb, e->cls);
        if (e->msg.t != T_NULL) { sb_puts(sb, ": "); sb_value(I, sb, e->msg, false); }
        return;
    }
    case T_HOST: {
        HostObj *h = as_host(v);
        if (h->data && h->cls->to_string) {
            char *s = h->cls->to_string(I, h->data);
            if (s) { sb_puts(sb, s); free(s); return; }
        }
        sb_printf(sb, "%s@%08x", h->cls->qualified ? h->cls->qualified : h->cls->name,
                  (unsigned)((uintptr_t)h >> 4));
        return;
    }
    }
}

/* The REPL's form of a value (ScalaRunTime.stringOf): like toString, except that inside Scala
 * collections, arrays and tuples (and at the top) a String that is empty or starts or ends
 * with whitespace is shown in quotes, and a one-element tuple reads (x,). Elements that are
 * neither (Some, case classes, Java collections) print with their own toString. */

/* The value of a map entry or pair in an echo: masked when its String key names a secret. */
static void sb_repl_secret(Interp *I, StrBuf *sb, Value key, Value val, bool java) {
    if (I->secret_mask && key.t == T_STR && val.t == T_STR) {
        size_t n = 2 * as_str(val)->len + 32;   /* room for the masks of short passwords */
        char *out = malloc(n);
        if (out && I->secret_mask(as_str(key)->s, as_str(val)->s, out, n)) {
            sb_puts(sb, out);
            free(out);
            return;
        }
        free(out);
    }
    if (java) sb_value(I, sb, val, false);
    else sb_repl(I, sb, val);
}

static bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static void sb_repl_1(Interp *I, StrBuf *sb, Value v) {
    switch ((VType)v.t) {
    case T_STR: {
        StrObj *s = as_str(v);
        bool q = s->len == 0 || is_space(s->s[0]) || is_space(s->s[s->len - 1]);
        if (q) sb_putc(sb, '"');
        sb_add(sb, s->s, s->len);
        if (q) sb_putc(sb, '"');
        return;
    }
    case T_TUPLE: {
        TupleObj *t = as_tuple(v);
        sb_putc(sb, '(');
        for (int i = 0; i < t->n; i++) {
            if (i) sb_putc(sb, ',');
            if (i == 1 && t->n == 2) sb_repl_secret(I, sb, t->items[0], t->items[1], false);
            else sb_repl(I, sb, t->items[i]);
        }
        sb_puts(sb, t->n == 1 ? ",)" : ")");
        return;
    }
    case T_SEQ: {
        SeqObj *s = as_seq(v);
        if (s->kind == SEQ_ITER) { sb_puts(sb, "<iterator>"); return; }   /* the REPL does not consume it */
        if (s->kind == SEQ_JLIST) break;
        sb_puts(sb, seq_prefix(s->kind));
        for (size_t i = 0; i < s->len && i < REPL_MAX_ELEMENTS; i++) {
            if (i) sb_puts(sb, ", ");
            sb_repl(I, sb, s->items[i]);
        }
        sb_putc(sb, ')');
        return;
    }
    case T_MAP: case T_SET: sb_map(I, sb, as_map(v), true); return;
    default: break;
    }
    sb_value(I, sb, v, false);
}

char *val_repl_string(Interp *I, Value v) {
    StrBuf sb; sb_init(&sb);
    sb_repl(I, &sb, v);
    return sb_take(&sb);
}

char *val_to_string(Interp *I, Value v) {
    StrBuf sb; sb_init(&sb);
    sb_value(I, &sb, v, false);
    return sb_take(&sb);
}

/* ---- runtime class and REPL type names ---- */

static const char *seq_type_prefix(int kind) {
    switch (kind) {
    case SEQ_ARRAY: return "Array";
    case SEQ_VECTOR: return "scala.collection.immutable.Vector";
    case SEQ_BUFFER: return "scala.collection.mutable.ArrayBuffer";
    case SEQ_QUEUE: return "scala.collection.mutable.Queue";
    case SEQ_LISTBUFFER: return "scala.collection.mutable.ListBuffer";
    case SEQ_JLIST: return "java.util.ArrayList";
    case SEQ_ITER: return "Iterator";
    case SEQ_COMPACT: return "Iterable";     /* Spark's CompactBuffer, typed Iterable by its API */
    case SEQ_WRAPPED: return "Seq";          /* a WrappedArray is always had as a Seq */
    case SEQ_VALUES: case SEQ_HASHVALUES: case SEQ_MVALUES: return "Iterable";
    default: return "List";
    }
}

const char *val_class_name(Value v) {
    switch ((VType)v.t) {
    case T_UNIT: return "scala.runtime.BoxedUnit";
    case T_NULL: return "Null";
    case T_NONE: return "scala.None$";
    case T_BOOL: return "java.lang.Boolean";
    case T_INT: return "java.lang.Integer";
    case T_LONG: return "java.lang.Long";
    case T_DOUBLE: return "java.lang.Double";
    case T_FLOAT: return "java.lang.Float";
    case T_CHAR: return "java.lang.Character";
    case T_STR: return "java.lang.String";
    case T_TUPLE: {
        static const char *const names[] = {"scala.Tuple", "scala.Tuple1", "scala.Tuple2", "scala.Tuple3",
            "scala.Tuple4", "scala.Tuple5", "scala.Tuple6", "scala.Tuple7", "scala.Tuple8", "scala.Tuple9",
            "scala.Tuple10", "scala.Tuple11", "scala.Tuple12", "scala.Tuple13", "scala.Tuple14", "scala.Tuple15",
            "scala.Tuple16", "scala.Tuple17", "scala.Tuple18", "scala.Tuple19", "scala.Tuple20", "scala.Tuple21",
            "scala.Tuple22"};
        int n = as_tuple(v)->n;
        return n >= 1 && n <= 22 ? names[n] : names[0];
    }
    case T_SEQ:
        switch (as_seq(v)->kind) {
        case SEQ_LIST: case SEQ_ITER: return "scala.collection.immutable.$colon$colon";
        case SEQ_COMPACT: return "org.apache.spark.util.collection.CompactBuffer";
        case SEQ_WRAPPED: return "scala.collection.mutable.WrappedArray";
        default: return seq_type_prefix(as_seq(v)->kind);   /* the class the type names */
        }
    case T_RANGE: return "scala.collection.immutable.Range";
    case T_MAP: return "scala.collection.immutable.Map";
    case T_SET: return "scala.collection.immutable.Set";
    case T_SOME: return "scala.Some";
    case T_FUNC: return "scala.Function";
    case T_OBJECT: return ((InstObj *)v.u.o)->cls ? ((InstObj *)v.u.o)->cls->name : "Object";
    case T_EXC: return as_exc(v)->cls;
    case T_HOST: return as_host(v)->cls->qualified ? as_host(v)->cls->qualified : as_host(v)->cls->name;
    default: return "Object";
    }
}


#define LUB_LIMIT 200
static char *lub(Interp *I, const Value *items, size_t n, bool *all_num);

/* Structural common types, as Scala's lub of their static types: tuples of one arity position by
 * position ((String, (Int, Option[String])) from (s,(1,Some(x))) and (t,(2,None))), sequences of
 * one kind by all their elements (Iterable[Int] from CompactBuffer(1) and CompactBuffer()). NULL
 * when the items are not all tuples of one arity or all sequences of one kind. */
static char *lub_structural(Interp *I, const Value *items, size_t n) {
    int arity = -1, kind = -1;
    size_t total = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        Value x = items[i];
        if (x.t == T_NULL) continue;
        if (x.t == T_TUPLE && kind < 0 && (arity < 0 || arity == as_tuple(x)->n)) arity = as_tuple(x)->n;
        else if (x.t == T_SEQ && arity < 0 && (kind < 0 || kind == as_seq(x)->kind)) {
            kind = as_seq(x)->kind;
            total += as_seq(x)->len;
        } else return NULL;
    }
    StrBuf sb; sb_init(&sb);
    if (arity > 0) {
        Value *col = malloc(n * sizeof *col);
        sb_putc(&sb, '(');
        for (int j = 0; j < arity; j++) {
            k = 0;
            for (size_t i = 0; i < n; i++) if (items[i].t == T_TUPLE) col[k++] = as_tuple(items[i])->items[j];
            char *e = lub(I, col, k, NULL);
            sb_printf(&sb, j ? ", %s" : "%s", e);
            free(e);
        }
        sb_putc(&sb, ')');
        free(col);
    } else if (kind >= 0 && kind != SEQ_ITER) {
        if (total > LUB_LIMIT) total = LUB_LIMIT;
        Value *all = malloc((total ? total : 1) * sizeof *all);
        for (size_t i = 0; i < n && k < total; i++) {
            if (items[i].t != T_SEQ) continue;
            SeqObj *s = as_seq(items[i]);
            for (size_t j = 0; j < s->len && k < total; j++) all[k++] = s->items[j];
        }
        char *e = lub(I, all, k, NULL);
        sb_printf(&sb, "%s[%s]", seq_type_prefix(kind), e);
        free(e);
        free(all);
    } else { free(sb_take(&sb)); return NULL; }
    return sb_take(&sb);
}

/* The common type of some values, as the REPL would infer it. */
static char *lub(Interp *I, const Value *items, size_t n, bool *all_num) {
    char *t = NULL;
    bool nums = true, opts = true, has_null = false, has_none = false;
    size_t limit = n > LUB_LIMIT ? LUB_LIMIT : n, nsome = 0;
    Value *somes = malloc((limit ? limit : 1) * sizeof *somes);
    for (size_t i = 0; i < limit; i++) {
        Value x = items[i];
        if (x.t == T_NULL) { has_null = true; continue; }
        if (!v_is_num(x)) nums = false;
        if (x.t != T_SOME && x.t != T_NONE) opts = false;
        else if (x.t == T_SOME) somes[nsome++] = as_some(x)->v;
        else has_none = true;
        char *ti = type_of(I, x);
        if (!t) t = ti;
        else if (strcmp(t, ti) != 0) {
            free(ti);
            free(t);
            t = strdup("*");
        } else free(ti);
    }
    if (all_num) *all_num = nums;
    char *r = NULL;
    if (!t) r = strdup(has_null ? "Null" : "Nothing");
    else if (opts && nsome) {       /* Some and None: Option of the contents' common type */
        char *inner = lub(I, somes, nsome, NULL);
        StrBuf sb; sb_init(&sb);
        sb_printf(&sb, "%s[%s]", has_none ? "Option" : "Some", inner);
        free(inner);
        r = sb_take(&sb);
    } else if (!strcmp(t, "*")) {
        r = lub_structural(I, items, limit);
        if (!r) r = strdup(nums ? "AnyVal" : "Any");
    }
    free(somes);
    if (r) { free(t); return r; }
    return t;
}

static char *type_of_1(Interp *I, Value v) {
    StrBuf sb; sb_init(&sb);
    switch ((VType)v.t) {
    case T_UNIT: return strdup("Unit");
    case T_NULL: return strdup("Null");
    case T_NONE: return strdup("None.type");
    case T_BOOL: return strdup("Boolean");
    case T_INT: return strdup("Int");
    case T_LONG: return strdup("Long");
    case T_DOUBLE: return strdup("Double");
    case T_FLOAT: return strdup("Float");
    case T_CHAR: return strdup("Char");
    case T_STR: return strdup("String");
    case T_SOME: { char *e = type_of(I, as_some(v)->v); sb_printf(&sb, "Some[%s]", e); free(e); break; }
    case T_TUPLE: {
        TupleObj *t = as_tuple(v);
        sb_putc(&sb, '(');
        for (int i = 0; i < t->n; i++) {
            char *e = type_of(I, t->items[i]);
            sb_printf(&sb, i ? ", %s" : "%s", e);
            free(e);
        }
        sb_puts(&sb, t->n == 1 ? ",)" : ")");   /* Scala's (A,) for a Tuple1 */
        break;
    }
    case T_SEQ: {
        SeqObj *s = as_seq(v);
        char *e = lub(I, s->items, s->len, NULL);
        sb_printf(&sb, "%s[%s]", seq_type_prefix(s->kind), e);
        free(e);
        break;
    }
    case T_RANGE:
        if (as_range(v)->is_long)
            return strdup(as_range(v)->inclusive ? "scala.collection.immutable.NumericRange.Inclusive[Long]"
                                                 : "scala.collection.immutable.NumericRange[Long]");
        /* `a to b by s` is a Range (by's type), `a to b` a Range.Inclusive */
        return strdup(as_range(v)->inclusive && as_range(v)->step == 1 ? "scala.collection.immutable.Range.Inclusive"
                                             : "scala.collection.immutable.Range");
    case T_MAP: case T_SET: {
        MapObj *m = as_map(v);
        if (m->kind == MAP_PROPERTIES) return strdup("java.util.Properties");
        Value *keys = malloc((m->len ? m->len : 1) * sizeof(Value));
        Value *vals = malloc((m->len ? m->len : 1) * sizeof(Value));
        size_t n = 0;
        for (size_t i = 0; i < m->used; i++)
            if (m->entries[i].live) { keys[n] = m->entries[i].key; vals[n] = m->entries[i].val; n++; }
        char *kt = lub(I, keys, n, NULL);
        const char *pre = m->general && !m->is_set ? "scala.collection.Map" : m->kind == MAP_JAVA ? (m->is_set ? "java.util.HashSet" : "java.util.HashMap")
                        : m->kind == MAP_MUTABLE ? (m->is_set ? "scala.collection.mutable.Set" : "scala.collection.mutable.Map")
                        : m->is_set ? "scala.collection.immutable.Set" : "scala.collection.immutable.Map";
        if (m->is_set) sb_printf(&sb, "%s[%s]", pre, kt);
        else {
            char *vt = lub(I, vals, n, NULL);
            sb_printf(&sb, "%s[%s,%s]", pre, kt, vt);
            free(vt);
        }
        free(kt);
        free(keys);
        free(vals);
        break;
    }
    case T_FUNC: {
        FuncObj *f = as_func(v);
        Node *d = f->def;
        if (!d) return strdup(f->arity == 0 ? "() => Any" : "Any => Any");
        sb_putc(&sb, '(');
        for (int i = 0; i < d->nparams; i++) sb_printf(&sb, i ? ", %s" : "%s", d->params[i].type ? d->params[i].type : "Any");
        sb_puts(&sb, ") => ");
        char *rt = d->kind == N_DEF ? infer_def_result(I, d, f->env)
                 : d->kind == N_LAMBDA ? infer_lambda_result(I, d, f->env) : NULL;
        sb_puts(&sb, rt ? rt : "Any");
        free(rt);
        /* as scalac prints it: (A) => B is A => B, a tuple parameter keeps its own parentheses */
        char *raw = sb_take(&sb);
        Ty *t = ty_parse(raw);
        char *printed = t ? ty_print(t) : NULL;
        ty_free(t);
        char *out = normalize_type_in(I, printed ? printed : raw);
        free(printed);
        free(raw);
        return out;
    }
    case T_OBJECT: {
        ClassObj *c = ((InstObj *)v.u.o)->cls;
        if (c && c->def->kind == N_OBJECT) sb_printf(&sb, "%s.type", c->name);
        else if (c && !strcmp(c->name, "$anon") && c->def->ntypes) {   /* new T { … }: a T */
            char *t = normalize_type_in(I, c->def->types[0]);
            sb_puts(&sb, t);
            free(t);
        } else sb_puts(&sb, c ? c->name : "AnyRef");
        break;
    }
    case T_CLASS: sb_printf(&sb, "%s.type", ((ClassObj *)v.u.o)->name); break;
    case T_EXC:   /* java.lang is imported: the REPL names its classes simply */
        if (!strncmp(as_exc(v)->cls, "java.lang.", 10) && !strchr(as_exc(v)->cls + 10, '.'))
            return strdup(as_exc(v)->cls + 10);
        return strdup(as_exc(v)->cls);
    case T_HOST: {
        HostObj *h = as_host(v);
        if (h->data && h->cls->type_name) return strdup(h->cls->type_name(h->data));
        return strdup(h->cls->qualified ? h->cls->qualified : h->cls->name);
    }
    default: return strdup("Any");
    }
    return sb_take(&sb);
}

char *val_type_name(Interp *I, Value v) { return type_of(I, v); }
