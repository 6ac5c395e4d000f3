/* builtins.c — what every Scala program can use without an import: println/print/printf,
 * Some/None/Nil/Option, the collection companions (List(…), Map.empty, Array.fill …), math,
 * System, scala.io.StdIn, Thread.sleep, require/assert; the methods of numbers, chars,
 * booleans, functions, exceptions and of every value (toString, equals, hashCode, getClass);
 * Java's format strings; and class_of, which maps a value to the class holding its methods.
 */
#include "lang/internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CLASS(var, nm, q, tbl, par)                                                   \
    static HostClass var = {.name = nm, .qualified = q, HOST_METHODS(tbl), .parent = par}

static const HostClass *any_class;

/* ---- Java's format strings (printf, String.format, "…".format) ---- */

static void group_digits(StrBuf *sb, const char *digits) {
    size_t n = strlen(digits), lead = *digits == '-' ? 1 : 0;
    sb_add(sb, digits, lead);
    for (size_t i = lead; i < n; i++) {
        sb_putc(sb, digits[i]);
        size_t left = n - i - 1;
        if (left && left % 3 == 0) sb_putc(sb, ',');
    }
}

/* %.Nf as Java's Formatter does it: the shortest decimal digits of the double (those of
 * Double.toString) rounded HALF_UP, so 2.25 → "2.3" and 1.005 → "1.01" where C's printf,
 * rounding the exact binary value to even, gives "2.2" and "1.00". */
static void java_fixed(StrBuf *sb, double d, int prec, const char *flags, int width) {
    char digits[40];
    int nd = 0, exp10 = 0;
    bool neg = signbit(d) && !isnan(d);
    double a = fabs(d);
    StrBuf num; sb_init(&num);
    if (isnan(a) || isinf(a)) {
        sb_puts(&num, isnan(a) ? "NaN" : "Infinity");
    } else {
        if (a != 0) {
            char buf[64];
            for (int p = 1; p <= 17; p++) {
                snprintf(buf, sizeof buf, "%.*e", p - 1, a);
                if (strtod(buf, NULL) == a) break;
            }
            for (const char *q = buf; *q && *q != 'e'; q++) if (isdigit((unsigned char)*q)) digits[nd++] = *q;
            exp10 = atoi(strchr(buf, 'e') + 1);
        } else digits[nd++] = '0';
        /* value = 0.d1d2d3... * 10^(exp10 + 1); place digits on a fixed grid */
        int intlen = exp10 + 1 > 0 ? exp10 + 1 : 0;
        int total = intlen + prec;             /* digits kept */
        char grid[720];
        if (total + 2 > (int)sizeof grid) total = (int)sizeof grid - 2;
        int lead = exp10 + 1 < 0 ? -(exp10 + 1) : 0;   /* zeros after the point before digits */
        for (int i = 0; i < total + 1; i++) {
            int di = intlen ? i : i - lead;
            grid[i] = di >= 0 && di < nd ? digits[di] : '0';
        }
        /* grid[0..total) kept, grid[total] decides (HALF_UP) */
        bool up = grid[total] >= '5';
        for (int i = total - 1; up && i >= 0; i--) {
            if (grid[i] == '9') grid[i] = '0';
            else { grid[i]++; up = false; }
        }
        if (up) sb_putc(&num, '1');            /* 9.99 → 10.0 */
        if (intlen == 0 && !up) sb_putc(&num, '0');
        bool group = strchr(flags, ',') != NULL;
        for (int i = 0; i < intlen; i++) {
            sb_putc(&num, grid[i]);
            int left = intlen - i - 1;
            if (group && left && left % 3 == 0) sb_putc(&num, ',');
        }
        if (prec > 0) {
            sb_putc(&num, '.');
            sb_add(&num, grid + intlen, (size_t)prec);
        }
        bool nonzero = false;
        for (size_t i = 0; i < num.len; i++) if (num.s[i] >= '1' && num.s[i] <= '9') nonzero = true;
        if (!nonzero && d == 0) neg = signbit(d);
    }
    const char *sign = neg ? "-" : strchr(flags, '+') ? "+" : strchr(flags, ' ') ? " " : "";
    int len = (int)(strlen(sign) + num.len);
    int pad = width > len ? width - len : 0;
    if (strchr(flags, '-')) {
        sb_puts(sb, sign);
        sb_add(sb, num.s ? num.s : "", num.len);
        for (int i = 0; i < pad; i++) sb_putc(sb, ' ');
    } else if (strchr(flags, '0')) {
        sb_puts(sb, sign);
        for (int i = 0; i < pad; i++) sb_putc(sb, '0');
        sb_add(sb, num.s ? num.s : "", num.len);
    } else {
        for (int i = 0; i < pad; i++) sb_putc(sb, ' ');
        sb_puts(sb, sign);
        sb_add(sb, num.s ? num.s : "", num.len);
    }
    free(sb_take(&num));
}

bool java_format(Interp *I, const char *fmt, int argc, Value *argv, StrBuf *out) {
    int ai = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') { sb_putc(out, *p); continue; }
        const char *start = p++;
        if (*p == '%') { sb_putc(out, '%'); continue; }
        if (*p == 'n') { sb_putc(out, '\n'); continue; }
        bool group = false;
        char spec[32];
        size_t k = 0;
        spec[k++] = '%';
        while (*p && strchr("-+ #0,", *p)) { if (*p == ',') group = true; else if (k < 20) spec[k++] = *p; p++; }
        while (*p && (isdigit((unsigned char)*p) || *p == '.')) { if (k < 28) spec[k++] = *p; p++; }
        char conv = *p;
        if (!conv) { sb_puts(out, start); break; }
        if (ai >= argc) {
            return interp_throw(I, "java.util.MissingFormatArgumentException", "Format specifier '%.*s'",
                                (int)(p - start + 1), start);
        }
        Value v = argv[ai++];
        switch (conv) {
        case 'd': {
            long long x = v.t == T_INT ? v.u.i : v.t == T_LONG ? v.u.l : v.t == T_CHAR ? (long long)v.u.c : 0;
            if (!(v.t == T_INT || v.t == T_LONG)) {
                char *tn = strdup(val_class_name(v));
                bool r = interp_throw(I, "java.util.IllegalFormatConversionException", "d != %s", tn);
                free(tn);
                return r;
            }
            if (group) {
                char d[32];
                snprintf(d, sizeof d, "%lld", x);
                StrBuf g; sb_init(&g);
                group_digits(&g, d);
                char *gs = sb_take(&g);
                spec[k++] = 's'; spec[k] = 0;
                sb_printf(out, spec, gs);
                free(gs);
            } else {
                spec[k++] = 'l'; spec[k++] = 'l'; spec[k++] = 'd'; spec[k] = 0;
                sb_printf(out, spec, x);
            }
            break;
        }
        case 'x': case 'X': case 'o': {
            long long x = v.t == T_INT ? (long long)(uint32_t)v.u.i : v.t == T_LONG ? v.u.l : 0;
            spec[k++] = 'l'; spec[k++] = 'l'; spec[k++] = conv; spec[k] = 0;
            sb_printf(out, spec, x);
            break;
        }
        case 'f': case 'e': case 'E': case 'g': case 'G': {
            double d = v.t == T_DOUBLE ? v.u.d : v.t == T_INT ? v.u.i : v.t == T_LONG ? (double)v.u.l : 0;
            if (!v_is_num(v)) {
                char *tn = strdup(val_class_name(v));
                bool r = interp_throw(I, "java.util.IllegalFormatConversionException", "%c != %s", conv, tn);
                free(tn);
                return r;
            }
            if (conv == 'f') {
                char flags[16] = "";
                size_t nf = 0;
                const char *q = start + 1;
                while (*q && strchr("-+ #0,", *q) && nf + 1 < sizeof flags) flags[nf++] = *q++;
                flags[nf] = 0;
                int width = atoi(q);
                while (isdigit((unsigned char)*q)) q++;
                int prec = *q == '.' ? atoi(q + 1) : 6;
                if (prec > 300) prec = 300;
                java_fixed(out, d, prec, flags, width);
                break;
            }
            spec[k++] = conv; spec[k] = 0;
            if (group) {
                char tmp[64];
                snprintf(tmp, sizeof tmp, spec, d);
                char *dot = strchr(tmp, '.');
                if (dot) *dot = 0;
                group_digits(out, tmp);
                if (dot) { *dot = '.'; sb_puts(out, dot); }
            } else sb_printf(out, spec, d);
            break;
        }
        case 's': case 'S': {
            char *s = val_to_string(I, v);
            if (conv == 'S') for (char *q = s; *q; q++) *q = (char)toupper((unsigned char)*q);
            spec[k++] = 's'; spec[k] = 0;
            sb_printf(out, spec, s);
            free(s);
            break;
        }
        case 'c': {
            StrBuf c; sb_init(&c);
            if (v.t == T_CHAR || v.t == T_INT) sb_utf8(&c, v.t == T_CHAR ? v.u.c : (uint32_t)v.u.i);
            char *cs = sb_take(&c);
            spec[k++] = 's'; spec[k] = 0;
            sb_printf(out, spec, cs);
            free(cs);
            break;
        }
        case 'b': case 'B':
            spec[k++] = 's'; spec[k] = 0;
            sb_printf(out, spec, v.t == T_NULL ? "false" : v.t == T_BOOL ? (v.u.b ? "true" : "false") : "true");
            break;
        default:
            return interp_throw(I, "java.util.UnknownFormatConversionException", "Conversion = '%c'", conv);
        }
    }
    return true;
}

/* ---- printing ---- */

static void write_value(Interp *I, int stream, Value v, bool newline) {
    StrBuf sb; sb_init(&sb);
    sb_value(I, &sb, v, false);
    if (newline) sb_putc(&sb, '\n');
    interp_write(I, stream, sb.s ? sb.s : "", sb.len);
    free(sb_take(&sb));
}

static bool f_println(Call *c, Value *out) {
    if (c->argc == 0) interp_write(c->I, 1, "\n", 1);
    else write_value(c->I, 1, c->argv[0], true);
    *out = v_unit();
    return true;
}
static bool f_print(Call *c, Value *out) {
    if (c->argc) write_value(c->I, 1, c->argv[0], false);
    *out = v_unit();
    return true;
}
static bool f_printf(Call *c, Value *out) {
    const char *fmt;
    if (!arg_string(c, 0, &fmt)) return false;
    StrBuf sb; sb_init(&sb);
    if (!java_format(c->I, fmt, c->argc - 1, c->argv + 1, &sb)) { free(sb_take(&sb)); return false; }
    interp_write(c->I, 1, sb.s ? sb.s : "", sb.len);
    free(sb_take(&sb));
    *out = v_unit();
    return true;
}

/* PrintStream objects for System.out / System.err: data holds the stream number. */
static int stream_of(Call *c) { return (int)(intptr_t)as_host(c->self)->data; }
static bool ps_println(Call *c, Value *out) {
    if (c->argc == 0) interp_write(c->I, stream_of(c), "\n", 1);
    else write_value(c->I, stream_of(c), c->argv[0], true);
    *out = v_unit();
    return true;
}
static bool ps_print(Call *c, Value *out) {
    if (c->argc) write_value(c->I, stream_of(c), c->argv[0], false);
    *out = v_unit();
    return true;
}
static bool ps_printf(Call *c, Value *out) {
    const char *fmt;
    if (!arg_string(c, 0, &fmt)) return false;
    StrBuf sb; sb_init(&sb);
    if (!java_format(c->I, fmt, c->argc - 1, c->argv + 1, &sb)) { free(sb_take(&sb)); return false; }
    interp_write(c->I, stream_of(c), sb.s ? sb.s : "", sb.len);
    free(sb_take(&sb));
    *out = v_unit();
    return true;
}
static bool ps_flush(Call *c, Value *out) { (void)c; *out = v_unit(); return true; }
static const MethodDef printstream_methods[] = {
    METHOD("println", ps_println, 0, 1, "def println(x: Any): Unit", "Prints x and a newline."),
    METHOD("print", ps_print, 1, 1, "def print(x: Any): Unit", "Prints x."),
    METHOD("printf", ps_printf, 1, -1, "def printf(format: String, args: Any*): Unit", "Prints formatted text (java.util.Formatter syntax)."),
    METHOD("flush", ps_flush, 0, 0, "def flush(): Unit", "Flushes the stream."),
};
CLASS(printstream_class, "PrintStream", "java.io.PrintStream", printstream_methods, NULL);

/* ---- System, Thread, StdIn ---- */

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
static bool sys_out(Call *c, Value *out) { *out = host_new(&printstream_class, (void *)(intptr_t)1); (void)c; return true; }
static bool sys_err(Call *c, Value *out) { *out = host_new(&printstream_class, (void *)(intptr_t)2); (void)c; return true; }
static Value sys_props;      /* System.setProperty's table (freed with every container at interp_free) */
static bool sys_millis(Call *c, Value *out) { (void)c; *out = v_long(now_ms()); return true; }
static bool sys_nanos(Call *c, Value *out) {
    (void)c;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    *out = v_long((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
    return true;
}
static bool sys_getenv(Call *c, Value *out) {
    const char *name;
    if (!arg_string(c, 0, &name)) return false;
    const char *v = getenv(name);
    *out = v ? str_cstr(v) : v_null();
    return true;
}
static bool sys_getprop(Call *c, Value *out) {
    const char *name;
    if (!arg_string(c, 0, &name)) return false;
    Value set;
    if (sys_props.t == T_MAP && map_get(sys_props, c->argv[0], &set)) { val_incref(set); *out = set; return true; }
    if (!strcmp(name, "line.separator")) *out = str_cstr("\n");
    else if (!strcmp(name, "user.name")) *out = getenv("USER") ? str_cstr(getenv("USER")) : v_null();
    else if (!strcmp(name, "user.home")) *out = getenv("HOME") ? str_cstr(getenv("HOME")) : v_null();
    else if (!strcmp(name, "java.io.tmpdir")) *out = str_cstr("/tmp");
    else *out = c->argc > 1 ? (val_incref(c->argv[1]), c->argv[1]) : v_null();
    return true;
}
/* System.console(): readLine and readPassword through the notebook's stdin channel */
static bool console_read(Call *c, Value *out, bool password) {
    const char *prompt = "";
    if (c->argc && !arg_string(c, 0, &prompt)) return false;
    StrBuf p; sb_init(&p);
    if (!java_format(c->I, prompt, c->argc - 1, c->argv + 1, &p)) { free(sb_take(&p)); return false; }
    char *ptext = sb_take(&p);
    const InterpHooks *h = interp_hooks(c->I);
    char *line = h->read_line ? h->read_line(h->ud, ptext, password) : NULL;
    free(ptext);
    if (!line) {
        if (!check_interrupt(c->I)) return false;
        return interp_throw(c->I, "java.io.IOException", "no input available: this frontend does not allow stdin");
    }
    if (!password) { *out = str_take(line); return true; }
    Value chars = str_take(line), *items;
    size_t n;
    iter_items(c->I, chars, &items, &n);
    val_decref(chars);
    Value arr = seq_new(SEQ_ARRAY, n);
    for (size_t i = 0; i < n; i++) seq_push(arr, items[i]);
    free(items);
    *out = arr;
    return true;
}
static bool console_readline(Call *c, Value *out) { return console_read(c, out, false); }
static bool console_readpassword(Call *c, Value *out) { return console_read(c, out, true); }
static const MethodDef console_methods[] = {
    METHOD("readLine", console_readline, 0, -1, "def readLine(fmt: String, args: Any*): String", "Asks the notebook for a line of input."),
    METHOD("readPassword", console_readpassword, 0, -1, "def readPassword(fmt: String, args: Any*): Array[Char]", "Asks the notebook for a secret; the input box hides what is typed."),
};
CLASS(console_class, "Console", "java.io.Console", console_methods, NULL);
static bool sys_console(Call *c, Value *out) { (void)c; *out = host_new(&console_class, NULL); return true; }

/* System.setProperty/getProperty: a process-wide property table (twitter4j.oauth.* in the samples) */
static bool sys_setprop(Call *c, Value *out) {
    const char *k;
    if (!arg_string(c, 0, &k)) return false;
    if (sys_props.t != T_MAP) sys_props = map_new(MAP_PROPERTIES, false);
    Value old;
    *out = map_get(sys_props, c->argv[0], &old) ? (val_incref(old), old) : v_null();
    val_incref(c->argv[0]); val_incref(c->argv[1]);
    map_put(sys_props, c->argv[0], c->argv[1]);
    return true;
}

static const MethodDef system_methods[] = {
    METHOD("setProperty", sys_setprop, 2, 2, "def setProperty(key: String, value: String): String", "Sets a system property (kept for this kernel's lifetime)."),
    METHOD("console", sys_console, 0, 0, "def console(): Console", "The console: readLine and readPassword ask the notebook for input."),
    METHOD("out", sys_out, 0, 0, "val out: PrintStream", "The standard output stream (the cell's stdout)."),
    METHOD("err", sys_err, 0, 0, "val err: PrintStream", "The standard error stream (the cell's stderr)."),
    METHOD("currentTimeMillis", sys_millis, 0, 0, "def currentTimeMillis(): Long", "Milliseconds since the epoch."),
    METHOD("nanoTime", sys_nanos, 0, 0, "def nanoTime(): Long", "A monotonic clock in nanoseconds."),
    METHOD("getenv", sys_getenv, 1, 1, "def getenv(name: String): String", "An environment variable of the kernel, or null."),
    METHOD("getProperty", sys_getprop, 1, 2, "def getProperty(key: String): String", "A few JVM system properties (line.separator, user.name, user.home, java.io.tmpdir)."),
};
CLASS(system_class, "System$", "java.lang.System", system_methods, NULL);

/* Sleeps in short slices so an interrupt ends it; releases the interpreter while waiting so a
 * running streaming context can execute its batches. */
bool interp_sleep_ms(Interp *I, int64_t ms) {
    int64_t end = now_ms() + ms;
    interp_unlock(I);
    while (!interp_interrupted(I)) {
        int64_t left = end - now_ms();
        if (left <= 0) break;
        usleep((useconds_t)(left > 50 ? 50000 : left * 1000));
    }
    interp_lock(I);
    return check_interrupt(I);
}
static bool thread_sleep(Call *c, Value *out) {
    int64_t ms;
    if (!arg_long(c, 0, &ms)) return false;
    *out = v_unit();
    return interp_sleep_ms(c->I, ms);
}
static const MethodDef thread_methods[] = {
    METHOD("sleep", thread_sleep, 1, 1, "def sleep(millis: Long): Unit", "Pauses the cell; an interrupt ends the pause."),
};
CLASS(thread_class, "Thread$", "java.lang.Thread", thread_methods, NULL);

static bool stdin_readline(Call *c, Value *out) {
    const char *prompt = "";
    if (c->argc && !arg_string(c, 0, &prompt)) return false;
    const InterpHooks *h = interp_hooks(c->I);
    char *line = h->read_line ? h->read_line(h->ud, prompt, false) : NULL;
    if (!line) {
        if (!check_interrupt(c->I)) return false;
        return interp_throw(c->I, "java.io.IOException", "no input available: this frontend does not allow stdin");
    }
    *out = str_take(line);
    return true;
}
static const MethodDef stdin_methods[] = {
    METHOD("readLine", stdin_readline, 0, 1, "def readLine(prompt: String): String", "Asks the notebook for a line of input."),
};
CLASS(stdin_class, "StdIn$", "scala.io.StdIn", stdin_methods, NULL);

/* ---- math ---- */

static bool num_arg(Call *c, int i, double *d) { return arg_double(c, i, d); }
#define MATH1(fname, expr)                                                  \
    static bool fname(Call *c, Value *out) {                                \
        double x;                                                           \
        if (!num_arg(c, 0, &x)) return false;                               \
        *out = v_double(expr);                                              \
        return true;                                                        \
    }
MATH1(m_sqrt, sqrt(x))
MATH1(m_floor, floor(x))
MATH1(m_ceil, ceil(x))
MATH1(m_log, log(x))
MATH1(m_log10, log10(x))
MATH1(m_exp, exp(x))
MATH1(m_sin, sin(x))
MATH1(m_cos, cos(x))
MATH1(m_tan, tan(x))
MATH1(m_atan, atan(x))
MATH1(m_cbrt, cbrt(x))
static bool m_pow(Call *c, Value *out) {
    double x, y;
    if (!num_arg(c, 0, &x) || !num_arg(c, 1, &y)) return false;
    *out = v_double(pow(x, y));
    return true;
}
static bool m_atan2(Call *c, Value *out) {
    double x, y;
    if (!num_arg(c, 0, &x) || !num_arg(c, 1, &y)) return false;
    *out = v_double(atan2(x, y));
    return true;
}
static bool m_random(Call *c, Value *out) { (void)c; *out = v_double((double)random() / ((double)RAND_MAX + 1.0)); return true; }
static bool m_round(Call *c, Value *out) {
    if (c->argc == 1 && (c->argv[0].t == T_INT || c->argv[0].t == T_LONG)) { *out = c->argv[0]; return true; }
    double x;
    if (!num_arg(c, 0, &x)) return false;
    *out = v_long((int64_t)floor(x + 0.5));
    return true;
}
static bool minmax(Call *c, Value *out, bool want_max) {
    if (!call_arity(c, 2, 2)) return false;
    bool ok;
    int r = val_compare(c->argv[0], c->argv[1], &ok);
    if (!ok || !v_is_num(c->argv[0]) || !v_is_num(c->argv[1])) return interp_throw(c->I, "error", "math.%s needs numbers", want_max ? "max" : "min");
    Value a = c->argv[0], b = c->argv[1];
    Value pick = want_max ? (r >= 0 ? a : b) : (r <= 0 ? a : b);
    /* numeric widening, as Scala's overloads do */
    if (a.t == T_DOUBLE || b.t == T_DOUBLE) pick = v_double(pick.t == T_DOUBLE ? pick.u.d : pick.t == T_LONG ? (double)pick.u.l : pick.u.i);
    else if (a.t == T_LONG || b.t == T_LONG) pick = v_long(pick.t == T_LONG ? pick.u.l : pick.u.i);
    *out = pick;
    return true;
}
static bool m_max(Call *c, Value *out) { return minmax(c, out, true); }
static bool m_min(Call *c, Value *out) { return minmax(c, out, false); }
static bool m_abs(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    Value v = c->argv[0];
    if (v.t == T_INT) *out = v_int(v.u.i < 0 ? (int32_t)(0u - (uint32_t)v.u.i) : v.u.i);
    else if (v.t == T_LONG) *out = v_long(v.u.l < 0 ? (int64_t)(0u - (uint64_t)v.u.l) : v.u.l);
    else if (v.t == T_DOUBLE) *out = v_double(fabs(v.u.d));
    else return interp_throw(c->I, "error", "math.abs needs a number");
    return true;
}
/* Math.floorDiv / floorMod of Ints (an Int) or Longs (a Long): rounding toward negative infinity */
static bool floor_divmod(Call *c, Value *out, bool mod) {
    if (!call_arity(c, 2, 2)) return false;
    Value a = c->argv[0], b = c->argv[1];
    if ((a.t != T_INT && a.t != T_LONG) || (b.t != T_INT && b.t != T_LONG))
        return interp_throw(c->I, "error", "Math.%s needs Ints or Longs", mod ? "floorMod" : "floorDiv");
    int64_t x = a.t == T_INT ? a.u.i : a.u.l, y = b.t == T_INT ? b.u.i : b.u.l;
    if (!y) return interp_throw(c->I, "java.lang.ArithmeticException", "/ by zero");
    int64_t q = (x == INT64_MIN && y == -1) ? x : x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0))) q--;
    int64_t r = x - q * y;
    int64_t v = mod ? r : q;
    *out = a.t == T_INT && b.t == T_INT ? v_int((int32_t)v) : v_long(v);
    return true;
}
static bool m_floordiv(Call *c, Value *out) { return floor_divmod(c, out, false); }
static bool m_floormod(Call *c, Value *out) { return floor_divmod(c, out, true); }
static bool m_pi(Call *c, Value *out) { (void)c; *out = v_double(M_PI); return true; }
static bool m_e(Call *c, Value *out) { (void)c; *out = v_double(M_E); return true; }
static const MethodDef math_methods[] = {
    METHOD("sqrt", m_sqrt, 1, 1, "def sqrt(x: Double): Double", "Square root."),
    METHOD("pow", m_pow, 2, 2, "def pow(x: Double, y: Double): Double", "x to the power y."),
    METHOD("abs", m_abs, 1, 1, "def abs(x: Int|Long|Double)", "Absolute value."),
    METHOD("max", m_max, 2, 2, "def max(a, b)", "The larger of two numbers."),
    METHOD("min", m_min, 2, 2, "def min(a, b)", "The smaller of two numbers."),
    METHOD("floor", m_floor, 1, 1, "def floor(x: Double): Double", "Rounds down."),
    METHOD("ceil", m_ceil, 1, 1, "def ceil(x: Double): Double", "Rounds up."),
    METHOD("round", m_round, 1, 1, "def round(x: Double): Long", "Rounds to the nearest whole number."),
    METHOD("log", m_log, 1, 1, "def log(x: Double): Double", "Natural logarithm."),
    METHOD("log10", m_log10, 1, 1, "def log10(x: Double): Double", "Base-10 logarithm."),
    METHOD("exp", m_exp, 1, 1, "def exp(x: Double): Double", "e to the power x."),
    METHOD("sin", m_sin, 1, 1, "def sin(x: Double): Double", "Sine."),
    METHOD("cos", m_cos, 1, 1, "def cos(x: Double): Double", "Cosine."),
    METHOD("tan", m_tan, 1, 1, "def tan(x: Double): Double", "Tangent."),
    METHOD("atan", m_atan, 1, 1, "def atan(x: Double): Double", "Arc tangent."),
    METHOD("atan2", m_atan2, 2, 2, "def atan2(y: Double, x: Double): Double", "Angle of (x, y)."),
    METHOD("cbrt", m_cbrt, 1, 1, "def cbrt(x: Double): Double", "Cube root."),
    METHOD("floorDiv", m_floordiv, 2, 2, "def floorDiv(x: Int, y: Int): Int", "x / y rounded toward negative infinity (java.lang.Math)."),
    METHOD("floorMod", m_floormod, 2, 2, "def floorMod(x: Int, y: Int): Int", "x - floorDiv(x, y) * y: the sign of y (java.lang.Math)."),
    METHOD("random", m_random, 0, 0, "def random(): Double", "A pseudo-random number in [0, 1)."),
    METHOD("Pi", m_pi, 0, 0, "val Pi: Double", "π."),
    METHOD("PI", m_pi, 0, 0, "val PI: Double", "π."),
    METHOD("E", m_e, 0, 0, "val E: Double", "e."),
};
CLASS(math_class, "math$", "scala.math", math_methods, NULL);

/* ---- displayHTML / displaySVG: rich output from Scala (Databricks has displayHTML) ---- */

static bool display_rich(Call *c, Value *out, const char *mime) {
    const char *body;
    if (!arg_string(c, 0, &body)) return false;
    const char *alt = "";
    if (c->argc > 1 && !arg_string(c, 1, &alt)) return false;
    const InterpHooks *h = interp_hooks(c->I);
    if (h->display) {
        json_t *data = json_pack("{s:s, s:s}", mime, body, "text/plain", *alt ? alt : "<figure>");
        json_t *meta = json_object();
        h->display(h->ud, data, meta, NULL, false);
        json_decref(data);
        json_decref(meta);
    } else {
        interp_printf(c->I, 1, "%s\n", *alt ? alt : body);
    }
    *out = v_unit();
    return true;
}
static bool f_displayhtml(Call *c, Value *out) { return display_rich(c, out, "text/html"); }
static bool f_displaysvg(Call *c, Value *out) { return display_rich(c, out, "image/svg+xml"); }

/* clearOutput(wait = false): Jupyter's clear_output, so a loop can redraw its output in place
 * (IPython's clear_output(wait=True)). Without a frontend it does nothing. */
static bool f_clearoutput(Call *c, Value *out) {
    if (!call_arity(c, 0, 1)) return false;
    bool wait = false;
    if (c->argc == 1 && !arg_bool(c, 0, &wait)) return false;
    const InterpHooks *h = interp_hooks(c->I);
    if (h->clear) h->clear(h->ud, wait);
    *out = v_unit();
    return true;
}

/* ---- Some, Option, require, assert ---- */

static bool f_some(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    val_incref(c->argv[0]);
    *out = some_new(c->argv[0]);
    return true;
}
static bool f_option(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    if (c->argv[0].t == T_NULL) { *out = v_none(); return true; }
    val_incref(c->argv[0]);
    *out = some_new(c->argv[0]);
    return true;
}
static bool f_option_empty(Call *c, Value *out) { (void)c; *out = v_none(); return true; }
static const MethodDef option_companion_methods[] = {
    METHOD("apply", f_option, 1, 1, "def apply[A](x: A): Option[A]", "Some(x), or None when x is null."),
    METHOD("empty", f_option_empty, 0, 0, "def empty[A]: Option[A]", "None."),
};
CLASS(option_companion_class, "Option$", "scala.Option", option_companion_methods, NULL);

/* require(c, message) / assert(c, message): when c is false, exc with "what failed[: message]";
 * the message is by-name, evaluated only then. */
static bool check_condition(Call *c, Value *out, const char *exc, const char *what) {
    bool b;
    if (!arg_bool(c, 0, &b)) return false;
    *out = v_unit();
    if (b) return true;
    if (c->argc < 2) return interp_throw(c->I, exc, "%s", what);
    Value mv;
    if (!arg_force(c, 1, &mv)) return false;
    char *m = val_to_string(c->I, mv);
    val_decref(mv);
    interp_throw(c->I, exc, "%s: %s", what, m ? m : "null");
    free(m);
    return false;
}
static bool f_require(Call *c, Value *out) {
    return check_condition(c, out, "java.lang.IllegalArgumentException", "requirement failed");
}
static bool f_assert(Call *c, Value *out) { return check_condition(c, out, "java.lang.AssertionError", "assertion failed"); }
static bool f_identity(Call *c, Value *out) {
    if (!call_arity(c, 1, 1)) return false;
    val_incref(c->argv[0]);
    *out = c->argv[0];
    return true;
}
static bool f_unimplemented(Call *c, Value *out) {
    (void)out;
    return interp_throw(c->I, "scala.NotImplementedError", "an implementation is missing");
}

/* ---- Int/Long/Double companions, Integer.parseInt … ---- */

static bool c_int_max(Call *c, Value *out) { (void)c; *out = v_int(INT32_MAX); return true; }
static bool c_int_min(Call *c, Value *out) { (void)c; *out = v_int(INT32_MIN); return true; }
static bool c_long_max(Call *c, Value *out) { (void)c; *out = v_long(INT64_MAX); return true; }
static bool c_long_min(Call *c, Value *out) { (void)c; *out = v_long(INT64_MIN); return true; }
static bool c_dbl_max(Call *c, Value *out) { (void)c; *out = v_double(1.7976931348623157e308); return true; }
static bool c_dbl_min(Call *c, Value *out) { (void)c; *out = v_double(-1.7976931348623157e308); return true; }
static bool c_dbl_pinf(Call *c, Value *out) { (void)c; *out = v_double(INFINITY); return true; }
static bool c_dbl_ninf(Call *c, Value *out) { (void)c; *out = v_double(-INFINITY); return true; }
static bool c_dbl_nan(Call *c, Value *out) { (void)c; *out = v_double(NAN); return true; }
bool parse_long_str(Interp *I, const char *s, int64_t lo, int64_t hi, int64_t *out);
bool parse_double_str(Interp *I, const char *s, double *out);
static bool c_parse_int(Call *c, Value *out) {
    const char *s;
    int64_t n;
    if (!arg_string(c, 0, &s) || !parse_long_str(c->I, s, INT32_MIN, INT32_MAX, &n)) return false;
    *out = v_int((int32_t)n);
    return true;
}
static bool c_parse_long(Call *c, Value *out) {
    const char *s;
    int64_t n;
    if (!arg_string(c, 0, &s) || !parse_long_str(c->I, s, INT64_MIN, INT64_MAX, &n)) return false;
    *out = v_long(n);
    return true;
}
static bool c_parse_double(Call *c, Value *out) {
    const char *s;
    double d;
    if (!arg_string(c, 0, &s) || !parse_double_str(c->I, s, &d)) return false;
    *out = v_double(d);
    return true;
}
/* Integer.toHexString & co: the digits of the value as unsigned (32 bits for Integer's, 64 for
 * Long's), base 2^shift */
static bool radix_string(Call *c, Value *out, int shift, bool is_long) {
    int64_t n;
    if (!arg_long(c, 0, &n)) return false;
    uint64_t u = is_long ? (uint64_t)n : (uint64_t)(uint32_t)n;
    char buf[65], *p = buf + sizeof buf - 1;
    *p = 0;
    do { *--p = "0123456789abcdef"[u & ((1u << shift) - 1)]; u >>= shift; } while (u);
    *out = str_cstr(p);
    return true;
}
static bool c_int_hex(Call *c, Value *out) { return radix_string(c, out, 4, false); }
static bool c_int_oct(Call *c, Value *out) { return radix_string(c, out, 3, false); }
static bool c_int_bin(Call *c, Value *out) { return radix_string(c, out, 1, false); }
static bool c_long_hex(Call *c, Value *out) { return radix_string(c, out, 4, true); }
static bool c_long_oct(Call *c, Value *out) { return radix_string(c, out, 3, true); }
static bool c_long_bin(Call *c, Value *out) { return radix_string(c, out, 1, true); }
static bool c_dbl_minpos(Call *c, Value *out) { (void)c; *out = v_double(4.9e-324); return true; }
static const MethodDef int_obj_methods[] = {
    METHOD("toHexString", c_int_hex, 1, 1, "def toHexString(i: Int): String", "The hexadecimal digits of i as unsigned (java.lang.Integer)."),
    METHOD("toOctalString", c_int_oct, 1, 1, "def toOctalString(i: Int): String", "The octal digits of i as unsigned (java.lang.Integer)."),
    METHOD("toBinaryString", c_int_bin, 1, 1, "def toBinaryString(i: Int): String", "The binary digits of i as unsigned (java.lang.Integer)."),
    METHOD("MaxValue", c_int_max, 0, 0, "final val MaxValue: Int", "2147483647"),
    METHOD("MinValue", c_int_min, 0, 0, "final val MinValue: Int", "-2147483648"),
    METHOD("MAX_VALUE", c_int_max, 0, 0, "static final int MAX_VALUE", "2147483647"),
    METHOD("MIN_VALUE", c_int_min, 0, 0, "static final int MIN_VALUE", "-2147483648"),
    METHOD("parseInt", c_parse_int, 1, 1, "def parseInt(s: String): Int", "Parses a decimal Int."),
    METHOD("valueOf", c_parse_int, 1, 1, "def valueOf(s: String): Int", "Parses a decimal Int."),
};
CLASS(int_obj_class, "Int$", "scala.Int", int_obj_methods, NULL);
static const MethodDef long_obj_methods[] = {
    METHOD("toHexString", c_long_hex, 1, 1, "def toHexString(i: Long): String", "The hexadecimal digits of i as unsigned (java.lang.Long)."),
    METHOD("toOctalString", c_long_oct, 1, 1, "def toOctalString(i: Long): String", "The octal digits of i as unsigned (java.lang.Long)."),
    METHOD("toBinaryString", c_long_bin, 1, 1, "def toBinaryString(i: Long): String", "The binary digits of i as unsigned (java.lang.Long)."),
    METHOD("MaxValue", c_long_max, 0, 0, "final val MaxValue: Long", "9223372036854775807"),
    METHOD("MinValue", c_long_min, 0, 0, "final val MinValue: Long", "-9223372036854775808"),
    METHOD("MAX_VALUE", c_long_max, 0, 0, "static final long MAX_VALUE", "9223372036854775807"),
    METHOD("MIN_VALUE", c_long_min, 0, 0, "static final long MIN_VALUE", "-9223372036854775808"),
    METHOD("parseLong", c_parse_long, 1, 1, "def parseLong(s: String): Long", "Parses a decimal Long."),
    METHOD("valueOf", c_parse_long, 1, 1, "def valueOf(s: String): Long", "Parses a decimal Long."),
};
CLASS(long_obj_class, "Long$", "scala.Long", long_obj_methods, NULL);
static const MethodDef double_obj_methods[] = {
    METHOD("MaxValue", c_dbl_max, 0, 0, "final val MaxValue: Double", "The largest finite Double."),
    METHOD("MinValue", c_dbl_min, 0, 0, "final val MinValue: Double", "The most negative finite Double."),
    METHOD("PositiveInfinity", c_dbl_pinf, 0, 0, "final val PositiveInfinity: Double", "Infinity."),
    METHOD("NegativeInfinity", c_dbl_ninf, 0, 0, "final val NegativeInfinity: Double", "-Infinity."),
    METHOD("NaN", c_dbl_nan, 0, 0, "final val NaN: Double", "Not a number."),
    METHOD("MinPositiveValue", c_dbl_minpos, 0, 0, "final val MinPositiveValue: Double", "The smallest positive Double (4.9E-324)."),
    METHOD("parseDouble", c_parse_double, 1, 1, "def parseDouble(s: String): Double", "Parses a Double."),
    METHOD("valueOf", c_parse_double, 1, 1, "def valueOf(s: String): Double", "Parses a Double."),
};
CLASS(double_obj_class, "Double$", "scala.Double", double_obj_methods, NULL);

/* ---- methods of numbers and chars ---- */

static double dval(Value v) { return v.t == T_DOUBLE || v.t == T_FLOAT ? v.u.d : v.t == T_LONG ? (double)v.u.l : v.t == T_CHAR ? (double)v.u.c : (double)v.u.i; }
static int64_t lval(Value v) { return v.t == T_DOUBLE || v.t == T_FLOAT ? (int64_t)v.u.d : v.t == T_LONG ? v.u.l : v.t == T_CHAR ? (int64_t)v.u.c : v.u.i; }

static bool n_toint(Call *c, Value *out) {
    Value v = c->self;
    if (v.t == T_DOUBLE) {
        double d = v.u.d;
        *out = v_int(isnan(d) ? 0 : d >= 2147483647.0 ? INT32_MAX : d <= -2147483648.0 ? INT32_MIN : (int32_t)d);
    } else *out = v_int((int32_t)lval(v));
    return true;
}
/* toShort/toByte: the JVM's i2s/i2b of the Int (a Double first converted as toInt does) */
static bool n_toshort(Call *c, Value *out) {
    Value i;
    n_toint(c, &i);
    *out = v_int((int16_t)(uint16_t)(uint32_t)i.u.i);
    return true;
}
static bool n_tobyte(Call *c, Value *out) {
    Value i;
    n_toint(c, &i);
    *out = v_int((int8_t)(uint8_t)(uint32_t)i.u.i);
    return true;
}
static bool n_tolong(Call *c, Value *out) {
    Value v = c->self;
    if (v.t == T_DOUBLE) {
        double d = v.u.d;
        *out = v_long(isnan(d) ? 0 : d >= 9.2233720368547758e18 ? INT64_MAX : d <= -9.2233720368547758e18 ? INT64_MIN : (int64_t)d);
    } else *out = v_long(lval(v));
    return true;
}
static bool n_todouble(Call *c, Value *out) { *out = v_double(dval(c->self)); return true; }
static bool n_tofloat(Call *c, Value *out) { *out = v_float((float)dval(c->self)); return true; }
static bool n_tochar(Call *c, Value *out) { *out = v_char((uint32_t)lval(c->self) & 0xFFFF); return true; }
static bool n_abs(Call *c, Value *out) { Call c2 = *c; c2.argc = 1; c2.argv = &c->self; return m_abs(&c2, out); }
static bool n_max(Call *c, Value *out) { Value a[2] = {c->self, c->argv[0]}; Call c2 = *c; c2.argc = 2; c2.argv = a; return m_max(&c2, out); }
static bool n_min(Call *c, Value *out) { Value a[2] = {c->self, c->argv[0]}; Call c2 = *c; c2.argc = 2; c2.argv = a; return m_min(&c2, out); }
static bool make_range(Call *c, Value *out, bool inclusive) {
    Value a = c->self, b = c->argv[0];
    if (!(a.t == T_INT || a.t == T_LONG || a.t == T_CHAR) || !(b.t == T_INT || b.t == T_LONG || b.t == T_CHAR))
        return interp_throw(c->I, "error", "ranges need whole numbers");
    int64_t step = 1;
    if (c->argc > 1 && !arg_long(c, 1, &step)) return false;
    if (step == 0) return interp_throw(c->I, "java.lang.IllegalArgumentException", "step cannot be 0.");
    *out = range_new(lval(a), lval(b), step, inclusive, a.t == T_LONG || b.t == T_LONG);
    return true;
}
static bool n_to(Call *c, Value *out) { return make_range(c, out, true); }
static bool n_until(Call *c, Value *out) { return make_range(c, out, false); }
static bool n_signum(Call *c, Value *out) {
    Value v = c->self;
    if (v.t == T_DOUBLE) *out = v_double(v.u.d > 0 ? 1.0 : v.u.d < 0 ? -1.0 : v.u.d);
    else if (v.t == T_LONG) *out = v_long(v.u.l > 0 ? 1 : v.u.l < 0 ? -1 : 0);
    else *out = v_int(lval(v) > 0 ? 1 : lval(v) < 0 ? -1 : 0);
    return true;
}
static bool n_round(Call *c, Value *out) {
    if (c->self.t != T_DOUBLE) { *out = c->self; return true; }
    *out = v_long((int64_t)floor(c->self.u.d + 0.5));
    return true;
}
static bool n_floor(Call *c, Value *out) { *out = v_double(floor(dval(c->self))); return true; }
static bool n_ceil(Call *c, Value *out) { *out = v_double(ceil(dval(c->self))); return true; }
static bool n_isnan(Call *c, Value *out) { *out = v_bool(c->self.t == T_DOUBLE && isnan(c->self.u.d)); return true; }
static bool n_isinf(Call *c, Value *out) { *out = v_bool(c->self.t == T_DOUBLE && isinf(c->self.u.d)); return true; }
static bool n_compare(Call *c, Value *out) {
    bool ok;
    int r = val_compare(c->self, c->argv[0], &ok);
    if (!ok) return interp_throw(c->I, "error", "values cannot be compared");
    *out = v_int(r);
    return true;
}
static bool n_isvalidint(Call *c, Value *out) {
    int64_t x = lval(c->self);
    *out = v_bool(c->self.t != T_DOUBLE && x >= INT32_MIN && x <= INT32_MAX);
    return true;
}
#define CHARPRED(fname, expr)                                                    \
    static bool fname(Call *c, Value *out) {                                     \
        uint32_t ch = (uint32_t)lval(c->self);                                   \
        *out = v_bool(ch < 128 && (expr));                                       \
        return true;                                                             \
    }
CHARPRED(ch_isdigit, isdigit((int)ch))
CHARPRED(ch_isletter, isalpha((int)ch))
CHARPRED(ch_isletterordigit, isalnum((int)ch))
CHARPRED(ch_iswhitespace, isspace((int)ch))
CHARPRED(ch_isupper, isupper((int)ch))
CHARPRED(ch_islower, islower((int)ch))
static bool ch_toupper(Call *c, Value *out) { uint32_t ch = (uint32_t)lval(c->self); *out = v_char(ch < 128 ? (uint32_t)toupper((int)ch) : (uint32_t)ch); return true; }
static bool ch_tolower(Call *c, Value *out) { uint32_t ch = (uint32_t)lval(c->self); *out = v_char(ch < 128 ? (uint32_t)tolower((int)ch) : ch); return true; }
static bool ch_asdigit(Call *c, Value *out) {
    uint32_t ch = (uint32_t)lval(c->self);
    *out = v_int(ch >= '0' && ch <= '9' ? (int32_t)(ch - '0') : ch >= 'a' && ch <= 'z' ? (int32_t)(ch - 'a' + 10) : ch >= 'A' && ch <= 'Z' ? (int32_t)(ch - 'A' + 10) : -1);
    return true;
}
static const MethodDef num_methods[] = {
    METHOD("toInt", n_toint, 0, 0, "def toInt: Int", "Converts to Int (truncating)."),
    METHOD("toLong", n_tolong, 0, 0, "def toLong: Long", "Converts to Long."),
    METHOD("toDouble", n_todouble, 0, 0, "def toDouble: Double", "Converts to Double."),
    METHOD("toFloat", n_tofloat, 0, 0, "def toFloat: Float", "Converts to Float."),
    METHOD("toChar", n_tochar, 0, 0, "def toChar: Char", "Converts to Char."),
    METHOD("toShort", n_toshort, 0, 0, "def toShort: Short", "Converts to Short: the low 16 bits (an Int here)."),
    METHOD("toByte", n_tobyte, 0, 0, "def toByte: Byte", "Converts to Byte: the low 8 bits (an Int here)."),
    METHOD("abs", n_abs, 0, 0, "def abs", "Absolute value."),
    METHOD("max", n_max, 1, 1, "def max(that)", "The larger of this and that."),
    METHOD("min", n_min, 1, 1, "def min(that)", "The smaller of this and that."),
    METHOD("to", n_to, 1, 2, "def to(end: Int): Range.Inclusive", "The range from this to end, inclusive."),
    METHOD("until", n_until, 1, 2, "def until(end: Int): Range", "The range from this to end, exclusive."),
    METHOD("signum", n_signum, 0, 0, "def signum", "-1, 0 or 1."),
    METHOD("round", n_round, 0, 0, "def round: Long", "Rounds to the nearest whole number."),
    METHOD("floor", n_floor, 0, 0, "def floor: Double", "Rounds down."),
    METHOD("ceil", n_ceil, 0, 0, "def ceil: Double", "Rounds up."),
    METHOD("isNaN", n_isnan, 0, 0, "def isNaN: Boolean", "Whether this is NaN."),
    METHOD("isInfinite", n_isinf, 0, 0, "def isInfinite: Boolean", "Whether this is infinite."),
    METHOD("isInfinity", n_isinf, 0, 0, "def isInfinity: Boolean", "Whether this is infinite."),
    METHOD("isValidInt", n_isvalidint, 0, 0, "def isValidInt: Boolean", "Whether this fits an Int."),
    METHOD("compare", n_compare, 1, 1, "def compare(that): Int", "Negative, zero or positive."),
    METHOD("compareTo", n_compare, 1, 1, "def compareTo(that): Int", "Negative, zero or positive."),
    METHOD("isDigit", ch_isdigit, 0, 0, "def isDigit: Boolean", "Whether this Char is a digit."),
    METHOD("isLetter", ch_isletter, 0, 0, "def isLetter: Boolean", "Whether this Char is a letter."),
    METHOD("isLetterOrDigit", ch_isletterordigit, 0, 0, "def isLetterOrDigit: Boolean", "Whether this Char is a letter or digit."),
    METHOD("isWhitespace", ch_iswhitespace, 0, 0, "def isWhitespace: Boolean", "Whether this Char is white space."),
    METHOD("isUpper", ch_isupper, 0, 0, "def isUpper: Boolean", "Whether this Char is upper case."),
    METHOD("isLower", ch_islower, 0, 0, "def isLower: Boolean", "Whether this Char is lower case."),
    METHOD("toUpper", ch_toupper, 0, 0, "def toUpper: Char", "Upper-case form."),
    METHOD("toLower", ch_tolower, 0, 0, "def toLower: Char", "Lower-case form."),
    METHOD("asDigit", ch_asdigit, 0, 0, "def asDigit: Int", "The digit's value."),
};

/* ---- Boolean, functions, exceptions, Any ---- */

static bool f_andthen(Call *c, Value *out) {
    Value fs[2] = {c->self, c->argv[0]};
    val_incref(fs[0]); val_incref(fs[1]);
    Value pair = tuple_new(2, fs);
    extern bool compose_fn(Call *c, Value *out);
    *out = func_new_native("andThen", compose_fn, pair, 1, NULL);
    val_decref(pair);
    return true;
}
static bool f_compose(Call *c, Value *out) {
    Value fs[2] = {c->argv[0], c->self};
    val_incref(fs[0]); val_incref(fs[1]);
    Value pair = tuple_new(2, fs);
    extern bool compose_fn(Call *c, Value *out);
    *out = func_new_native("compose", compose_fn, pair, 1, NULL);
    val_decref(pair);
    return true;
}
bool compose_fn(Call *c, Value *out) {
    TupleObj *t = as_tuple(c->self);
    Value mid;
    if (!interp_call(c->I, t->items[0], c->argc, c->argv, &mid)) return false;
    bool ok = interp_call(c->I, t->items[1], 1, &mid, out);
    val_decref(mid);
    return ok;
}
static const MethodDef func_methods[] = {
    METHOD("andThen", f_andthen, 1, 1, "def andThen[A](g: R => A): T => A", "This function, then g on its result."),
    METHOD("compose", f_compose, 1, 1, "def compose[A](g: A => T): A => R", "g, then this function on its result."),
};

static bool e_message(Call *c, Value *out) { *out = as_exc(c->self)->msg; val_incref(*out); return true; }
static bool e_cause(Call *c, Value *out) { *out = as_exc(c->self)->cause; val_incref(*out); return true; }
static bool e_trace(Call *c, Value *out) {
    char *s = val_to_string(c->I, c->self);
    interp_printf(c->I, 2, "%s\n", s);
    free(s);
    *out = v_unit();
    return true;
}
static const MethodDef exc_methods[] = {
    METHOD("getMessage", e_message, 0, 0, "def getMessage(): String", "The detail message, or null."),
    METHOD("getLocalizedMessage", e_message, 0, 0, "def getLocalizedMessage(): String", "The detail message, or null."),
    METHOD("getCause", e_cause, 0, 0, "def getCause(): Throwable", "The cause, or null."),
    METHOD("printStackTrace", e_trace, 0, 0, "def printStackTrace(): Unit", "Prints the exception to stderr."),
};

/* getClass: a small object answering getName / getSimpleName */
static bool cls_getname(Call *c, Value *out) { *out = str_cstr((const char *)as_host(c->self)->data); return true; }
static bool cls_getsimplename(Call *c, Value *out) {
    const char *n = (const char *)as_host(c->self)->data;
    const char *d = strrchr(n, '.');
    *out = str_cstr(d ? d + 1 : n);
    return true;
}
static const MethodDef class_methods[] = {
    METHOD("getName", cls_getname, 0, 0, "def getName: String", "The class's qualified name."),
    METHOD("getSimpleName", cls_getsimplename, 0, 0, "def getSimpleName: String", "The class's simple name."),
};
static char *class_to_string(Interp *I, void *data) {
    (void)I;
    char *s = NULL;
    if (asprintf(&s, "class %s", (const char *)data) < 0) return NULL;
    return s;
}
/* new Object: a plain java.lang.Object (a lock, a sentinel), printed java.lang.Object@hash */
static HostClass object_class;
static bool object_new(Call *c, Value *out) {
    if (!call_arity(c, 0, 0)) return false;
    *out = host_new(&object_class, &object_class);   /* data: any non-NULL (type_name reads it) */
    return true;
}
static const char *object_type(void *d) { (void)d; return "Object"; }
static HostClass object_class = {.name = "Object", .qualified = "java.lang.Object", .construct = object_new,
                                 .ctor_signature = "new Object()", .type_name = object_type,
                                 .doc = "A plain object: its identity is all it has (a lock, a sentinel)."};
static HostClass javaclass_class = {.name = "Class", .qualified = "java.lang.Class", HOST_METHODS(class_methods), .to_string = class_to_string};

static bool a_tostring(Call *c, Value *out) { *out = str_take(val_to_string(c->I, c->self)); return true; }
static bool a_equals(Call *c, Value *out) { *out = v_bool(val_equals(c->self, c->argv[0])); return true; }
static bool a_hashcode(Call *c, Value *out) { *out = v_int((int32_t)(val_hash(c->self) & 0x7fffffff)); return true; }
static bool a_getclass(Call *c, Value *out) {
    /* class names are interned, so the object can point at them */
    *out = host_new(&javaclass_class, (void *)intern(val_class_name(c->self)));
    return true;
}
static bool a_formatted(Call *c, Value *out) {
    const char *fmt;
    if (!arg_string(c, 0, &fmt)) return false;
    StrBuf sb; sb_init(&sb);
    if (!java_format(c->I, fmt, 1, &c->self, &sb)) { free(sb_take(&sb)); return false; }
    *out = str_take(sb_take(&sb));
    return true;
}
static bool a_arrow(Call *c, Value *out) {
    Value items[2] = {c->self, c->argv[0]};
    val_incref(items[0]); val_incref(items[1]);
    *out = tuple_new(2, items);
    return true;
}
static bool a_synchronized(Call *c, Value *out) {
    /* x.synchronized { body }: one thread runs Scala at a time, so the body just runs */
    return arg_force(c, 0, out);
}
static const MethodDef any_methods[] = {
    METHOD("synchronized", a_synchronized, 1, 1, "def synchronized[T](body: => T): T", "Runs body (the interpreter runs one thread of Scala at a time)."),
    METHOD("toString", a_tostring, 0, 0, "def toString(): String", "The value as text."),
    METHOD("equals", a_equals, 1, 1, "def equals(that: Any): Boolean", "Value equality (==)."),
    METHOD("hashCode", a_hashcode, 0, 0, "def hashCode(): Int", "A hash consistent with equals."),
    METHOD("##", a_hashcode, 0, 0, "def ##: Int", "A hash consistent with ==."),
    METHOD("getClass", a_getclass, 0, 0, "def getClass: Class", "The runtime class."),
    METHOD("formatted", a_formatted, 1, 1, "def formatted(fmt: String): String", "This value formatted with fmt."),
    METHOD("->", a_arrow, 1, 1, "def ->[B](y: B): (A, B)", "The pair (this, y)."),
};
CLASS(any_cls, "Any", "scala.Any", any_methods, NULL);
CLASS(num_cls, "Number", "scala.AnyVal", num_methods, &any_cls);
static const MethodDef bool_methods[] = {
    METHOD("toString", a_tostring, 0, 0, "def toString(): String", "\"true\" or \"false\"."),
};
CLASS(bool_cls, "Boolean", "scala.Boolean", bool_methods, &any_cls);
CLASS(func_cls, "Function", "scala.Function1", func_methods, &any_cls);
CLASS(exc_cls, "Throwable", "java.lang.Throwable", exc_methods, &any_cls);

const HostClass *class_of(Interp *I, Value v) {
    switch ((VType)v.t) {
    case T_INT: case T_LONG: case T_DOUBLE: case T_FLOAT: case T_CHAR: return I->cls_num;
    case T_BOOL: return I->cls_bool;
    case T_STR: return I->cls_string;
    case T_SEQ: case T_RANGE: return I->cls_seq;
    case T_MAP: return I->cls_map;
    case T_SET: return I->cls_set;
    case T_SOME: case T_NONE: return I->cls_option;
    case T_TUPLE: return I->cls_tuple;
    case T_FUNC: return I->cls_func;
    case T_EXC: return I->cls_exc;
    case T_HOST: return as_host(v)->cls;
    case T_NULL: return NULL;
    default: return I->cls_any;
    }
}

/* Tuple1(a) … Tuple22(…): the tuple of the arguments */
static bool f_tuple(Call *c, Value *out) {
    int n = atoi(c->name + 5);
    if (c->argc != n)
        return interp_throw(c->I, "error", "wrong number of arguments for %s: expected %d, found %d", c->name, n, c->argc);
    for (int i = 0; i < n; i++) val_incref(c->argv[i]);
    *out = tuple_new(n, c->argv);
    return true;
}

/* ---- registration ---- */

static void global_fn(Interp *I, const char *name, NativeFn fn, const char *sig, const char *doc) {
    Value f = func_new_native(intern(name), fn, v_unit(), -1, NULL);
    as_func(f)->byname = sig_byname_mask(sig, 0);   /* require(c, message: => Any) */
    interp_register_global(I, name, f, sig, doc);
}
static void global_obj(Interp *I, const char *const *names, HostClass *cls, void *data, const char *doc) {
    interp_register_class(I, cls);
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], host_new(cls, data), cls->qualified, doc);
}

void builtins_init(Interp *I) {
    sys_props = v_unit();
    any_class = &any_cls;
    I->cls_any = &any_cls;
    I->cls_num = &num_cls;
    I->cls_bool = &bool_cls;
    I->cls_func = &func_cls;
    I->cls_exc = &exc_cls;
    HostClass *own[] = {&any_cls, &num_cls, &bool_cls, &func_cls, &exc_cls, &javaclass_class, &printstream_class,
                        &console_class, &object_class};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) interp_register_class(I, own[i]);

    global_fn(I, "println", f_println, "def println(x: Any): Unit", "Prints x and a newline to the cell's output.");
    global_fn(I, "print", f_print, "def print(x: Any): Unit", "Prints x to the cell's output.");
    global_fn(I, "printf", f_printf, "def printf(text: String, xs: Any*): Unit", "Prints formatted text (java.util.Formatter syntax: %s %d %.2f %n …).");
    global_fn(I, "Some", f_some, "case class Some[A](value: A)", "An Option holding a value.");
    static const char *const option_names[] = {"Option", "scala.Option", NULL};
    global_obj(I, option_names, &option_companion_class, NULL, "Option(x): Some(x), or None when x is null; Option.empty.");
    global_fn(I, "require", f_require, "def require(requirement: Boolean, message: => Any): Unit", "Throws IllegalArgumentException when the requirement is false.");
    global_fn(I, "assert", f_assert, "def assert(assertion: Boolean, message: => Any): Unit", "Throws AssertionError when the assertion is false.");
    global_fn(I, "identity", f_identity, "def identity[A](x: A): A", "Returns x.");
    global_fn(I, "displayHTML", f_displayhtml, "def displayHTML(html: String, text: String = \"\"): Unit",
              "Shows html in the notebook (text/html, with text as the plain-text fallback), as Databricks' displayHTML.");
    global_fn(I, "displaySVG", f_displaysvg, "def displaySVG(svg: String, text: String = \"\"): Unit",
              "Shows an SVG picture in the notebook (image/svg+xml, with text as the plain-text fallback).");
    global_fn(I, "clearOutput", f_clearoutput, "def clearOutput(wait: Boolean = false): Unit",
              "Clears the cell's output (Jupyter's clear_output); with wait = true the output goes when the next output comes, so a loop redraws without flicker.");
    global_fn(I, "???", f_unimplemented, "def ???: Nothing", "Throws NotImplementedError.");
    for (int n = 1; n <= 22; n++) {
        char name[24], sig[80];
        snprintf(name, sizeof name, "Tuple%d", n);
        snprintf(sig, sizeof sig, "case class Tuple%d(…%d elements)", n, n);
        global_fn(I, name, f_tuple, sig, "A tuple of its arguments, as (a, b, …) makes it.");
    }
    interp_register_global(I, "None", v_none(), "case object None", "The empty Option.");
    interp_register_global(I, "Nil", seq_new(SEQ_LIST, 0), "val Nil: List[Nothing]", "The empty list.");

    static const char *const system_names[] = {"System", "java.lang.System", NULL};
    global_obj(I, system_names, &system_class, NULL, "The process's streams, clocks and environment.");
    static const char *const thread_names[] = {"Thread", "java.lang.Thread", NULL};
    global_obj(I, thread_names, &thread_class, NULL, "Thread.sleep(ms).");
    static const char *const stdin_names[] = {"StdIn", "scala.io.StdIn", "io.StdIn", NULL};
    global_obj(I, stdin_names, &stdin_class, NULL, "Reads a line from the notebook (an input box).");
    static const char *const math_names[] = {"math", "Math", "scala.math", "java.lang.Math", NULL};
    global_obj(I, math_names, &math_class, NULL, "Mathematical functions.");
    static const char *const int_names[] = {"Int", "Integer", "java.lang.Integer", NULL};
    global_obj(I, int_names, &int_obj_class, NULL, "Int's companion: MaxValue, MinValue, parseInt.");
    static const char *const long_names[] = {"Long", "java.lang.Long", NULL};
    global_obj(I, long_names, &long_obj_class, NULL, "Long's companion: MaxValue, MinValue, parseLong.");
    static const char *const double_names[] = {"Double", "java.lang.Double", NULL};
    global_obj(I, double_names, &double_obj_class, NULL, "Double's companion: MaxValue, NaN, parseDouble.");

    static const char *const packages[] = {
        "scala", "java.lang", "java.util", "java.io", "java.time", "java.text", "java.math",
        "java.nio", "java.net", "java.sql", NULL};
    for (int i = 0; packages[i]; i++) interp_register_package(I, packages[i]);
    random_init(I);
    ordering_init(I);
    try_init(I);
    io_file_init(I);
}
