/* fuzz_cells.c — the cell fuzzer: runs mutated Scala cells through the kernel's backend and
 * interpreter in-process (no ZeroMQ), and checks that every cell ends in a result or a clean
 * error and that the interpreter still answers the next request.
 *
 * Seeds are the code cells of notebooks (*.ipynb) and the ```scala blocks of Markdown files given
 * on the command line, less magics and cells that talk to Kafka or Twitter. Each generated cell is
 * a seed with 1-4 mutations (token deleted, duplicated, swapped, replaced or inserted; a stress
 * snippet inserted; two cells spliced) or a stress cell of its own (deep nesting, 1 MB literals,
 * huge numbers, deep recursion, endless loops). Everything is drawn from a PRNG seeded with
 * --seed and the session number, so a run reproduces exactly.
 *
 * Cells run in sessions of --session cells (default 40), each in a forked child with one
 * Backend, on a thread with the kernel's 512 MB stack. Before each cell the child asks
 * is_complete, complete and inspect at a cursor drawn from the cell; the child's main thread
 * interrupts a running cell after --interrupt-ms (default 1000; as an interrupt_request would) and
 * declares a hang when it still runs --hang-ms (default 20000) later, printing the cell thread's
 * stack. After each cell it checks the result (ok, or an error with an exception name; all text
 * representable as JSON) and evaluates 20 + 22, which must give 42. A session ends with exit(),
 * so LeakSanitizer checks it. The parent reads the child's progress through a pipe; a child that
 * dies, hangs, fails a check or writes a sanitizer report to its stderr (reports are sent there
 * whatever log_path says) is a finding: the session's cells are kept in OUT/finding-N.scala with
 * its stderr in OUT/finding-N.err, and the run fails. Findings whose report matches a known open
 * defect in kernel/lang (the `known` table; reproductions in fuzz/known/) are kept as
 * OUT/known-N.* and counted but do not fail the run (--strict makes them fail too).
 *
 *   fuzz-cells [--seed N] [--count N] [--session N] [--interrupt-ms N] [--hang-ms N] [--out DIR]
 *              [--only-session N] [--strict] [-v] SEED_FILES...
 *   fuzz-cells --replay FILE.scala     run the cells of a kept session (separated by lines
 *                                      "//// cell N") in this process, as the child did
 */
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "lang/interp.h"
#include "magics.h"
#include "protocol/kernel.h"

#define CELL_STACK (512u << 20)   /* as kernel/main.c gives the cell thread */
#define CELL_SEP "\n//// cell "

/* ---- small helpers ---- */

typedef struct { char *s; size_t len, cap; } Buf;

static void buf_add(Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) { fputs("fuzz-cells: out of memory\n", stderr); exit(2); }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}
static void buf_puts(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }
static void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(Buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    buf_add(b, tmp, n < (int)sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
static void buf_repeat(Buf *b, const char *s, size_t times) {
    size_t n = strlen(s);
    for (size_t i = 0; i < times; i++) buf_add(b, s, n);
}
static char *buf_take(Buf *b) {
    char *s = b->s ? b->s : strdup("");
    *b = (Buf){0};
    return s;
}

static uint64_t rng_state;
static uint64_t rnd(void) {   /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}
static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }
static void rng_seed(uint64_t seed, uint64_t session) {
    rng_state = (seed * 0x9E3779B97F4A7C15ull) ^ (session + 1) * 0xD1B54A32D192ED03ull;
    if (!rng_state) rng_state = 1;
    for (int i = 0; i < 8; i++) rnd();
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_add(&b, tmp, n);
    fclose(f);
    return buf_take(&b);
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- seeds ---- */

static char **seeds;
static size_t nseeds;

/* Cells that would talk to a broker or the network, or run a magic, are not seeds. */
static bool usable_seed(const char *s) {
    static const char *const avoid[] = {"kafka", "Kafka", "bootstrap", "Twitter", "Subscribe", "readStream",
                                        "createDirectStream", "Producer", "Consumer", "socketTextStream"};
    while (*s == ' ' || *s == '\n' || *s == '\t') s++;
    if (*s == '%' || !*s) return false;
    for (size_t i = 0; i < sizeof avoid / sizeof *avoid; i++)
        if (strstr(s, avoid[i])) return false;
    return true;
}

/* The notebooks write under /tmp/dstream-concepts: keep the fuzzer's files in its own directory. */
static void add_seed(const char *src) {
    if (!usable_seed(src)) return;
    Buf b = {0};
    const char *from = "/tmp/dstream-concepts", *p = src, *q;
    while ((q = strstr(p, from))) {
        buf_add(&b, p, q - p);
        buf_puts(&b, "fuzz-tmp");
        p = q + strlen(from);
    }
    buf_puts(&b, p);
    seeds = realloc(seeds, (nseeds + 1) * sizeof *seeds);
    seeds[nseeds++] = buf_take(&b);
}

static void load_notebook(const char *path) {
    json_error_t e;
    json_t *nb = json_load_file(path, 0, &e), *cell;
    size_t i;
    if (!nb) { fprintf(stderr, "fuzz-cells: %s:%d: %s\n", path, e.line, e.text); exit(2); }
    json_array_foreach(json_object_get(nb, "cells"), i, cell) {
        if (!json_is_string(json_object_get(cell, "cell_type")) ||
            strcmp(json_string_value(json_object_get(cell, "cell_type")), "code")) continue;
        json_t *src = json_object_get(cell, "source"), *line;
        Buf b = {0};
        size_t j;
        if (json_is_string(src)) buf_puts(&b, json_string_value(src));
        else json_array_foreach(src, j, line) if (json_is_string(line)) buf_puts(&b, json_string_value(line));
        char *s = buf_take(&b);
        add_seed(s);
        free(s);
    }
    json_decref(nb);
}

static void load_markdown(const char *path) {
    char *text = slurp(path);
    if (!text) { fprintf(stderr, "fuzz-cells: cannot read %s\n", path); exit(2); }
    const char *p = text;
    while ((p = strstr(p, "```scala\n"))) {
        p += 9;
        const char *end = strstr(p, "\n```");
        if (!end) break;
        char *s = strndup(p, end - p + 1);
        add_seed(s);
        free(s);
        p = end + 4;
    }
    free(text);
}

/* ---- tokens and mutations ---- */

typedef struct { const char *p; size_t n; } Tok;
typedef struct { Tok *t; size_t n, cap; } Toks;

static void toks_push(Toks *ts, const char *p, size_t n) {
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? ts->cap * 2 : 64;
        ts->t = realloc(ts->t, ts->cap * sizeof *ts->t);
    }
    ts->t[ts->n++] = (Tok){p, n};
}

static bool is_id(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/* Rough Scala tokens: identifiers/numbers, string literals, whitespace runs, single characters. */
static void tokenize(const char *s, Toks *ts) {
    const char *p = s;
    while (*p) {
        const char *q = p;
        if (is_id(*p)) while (is_id(*q) || (*q == '.' && q[1] >= '0' && q[1] <= '9')) q++;
        else if (*p == '"') {
            q++;
            while (*q && *q != '"' && *q != '\n') q += (*q == '\\' && q[1]) ? 2 : 1;
            if (*q == '"') q++;
        } else if (*p == ' ' || *p == '\t' || *p == '\n') while (*q == ' ' || *q == '\t' || *q == '\n') q++;
        else q++;
        toks_push(ts, p, q - p);
        p = q;
    }
}

static Toks pool;   /* non-blank tokens of all seeds */

/* Stress snippets: each is inserted into a seed or run as a cell of its own. */
static const char *const numbers[] = {
    "Int.MaxValue + 1", "Long.MaxValue + 1", "Long.MinValue / -1", "Long.MinValue % -1", "Int.MinValue / -1",
    "Int.MinValue % -1", "-Long.MinValue", "math.abs(Long.MinValue)", "1 << 65", "1L << -1", "-1 >>> 99",
    "Long.MaxValue * Long.MaxValue", "9223372036854775808L", "9223372036854775807L", "-9223372036854775808L",
    "99999999999999999999999999", "2147483648", "-2147483648", "1e400", "-1e400", "1e-400", "0.0 / 0",
    "1 / 0", "1 % 0", "1L / 0L", "Double.MaxValue.toLong", "Double.NaN.toInt", "1e300.toInt",
    "(-1e300).toLong", "Int.MinValue.abs", "\"x\" * -1", "new Array[Int](-1)", "\"abc\".substring(5)",
    "\"abc\".charAt(-1)", "List(1)(-1)", "0x7fffffffffffffffL + 1", "0xffffffffffffffffff", "'\\u0000'",
    "\"99999999999\".toInt", "\"-9223372036854775809\".toLong", "\"%d\".format(Long.MinValue)",
    "f\"${1e308}%1000.2f\"", "\"%-99999d\".format(1)", "Seq(1, 2, 3).take(Int.MinValue)",
    "Math.pow(2, 1024).toLong", "(0 until 5).by(0)", "Range(0, 10, 0)", "(Int.MinValue to Int.MaxValue).size",
    "(1 to Int.MaxValue by Int.MaxValue).toList", "Int.MaxValue.toChar", "(-1).toChar.toInt", "1.0 % 0",
    "Long.MinValue.toDouble.toLong - 1", "List.range(Int.MaxValue - 2, Int.MaxValue)", "\"\\uD800\"",
    "\"\\uDFFF\".length", "\"\\u0000\" * 3", "\"\\\\u12\"", "'\\uffff'.toInt", "1.7976931348623157e308 * 10",
    "BigInt(\"123456789012345678901234567890\") * 2", "BigDecimal(\"1e999999999\")", "\"\".split(\"\")",
    "\"a,b\".split(\"(\")", "\"aaa\".replaceAll(\"(a*)*b\", \"x\")", "\"abc\".slice(Int.MaxValue, Int.MinValue)",
    "List(1, 2).sliding(0)", "(1 to 3).grouped(-1).toList", "\"x\".padTo(-5, 'y')", "Seq.fill(-3)(1)",
    "Array.ofDim[Int](-1, 2)", "\"s\".repeat(-1)", "(Int.MaxValue).toString.toInt + 1",
};
static const char *const loops[] = {
    "while (true) {}", "var i = 0L; while (true) i += 1", "Iterator.continually(1).foreach(_ => ())",
    "(1 to Int.MaxValue).foreach(_ => ())", "Thread.sleep(600000)", "do {} while (true)",
    "def spin(): Unit = spin2(); def spin2(): Unit = while (true) {}; spin()",
    "for (i <- 1 to Int.MaxValue; j <- 1 to Int.MaxValue) {}",
    "val ssc = new StreamingContext(sc, Seconds(1)); val q = new scala.collection.mutable.Queue[org.apache.spark.rdd.RDD[Int]](); ssc.queueStream(q).print(); ssc.start(); ssc.awaitTermination()",
    "Stream.from(1).map(_ * 2).sum", "List.fill(1000)(1).permutations.size",
};
static const char *const recursion[] = {
    "def r(n: Int): Int = if (n == 0) 0 else 1 + r(n - 1); r(10000000)",
    "def f(): Int = f(); f()", "def g(x: Any): Any = g(List(x)); g(1)",
    "lazy val a: Int = a + 1; a", "def even(n: Int): Boolean = if (n == 0) true else odd(n - 1); def odd(n: Int): Boolean = if (n == 0) false else even(n - 1); even(5000000)",
    "val fact: Int => BigInt = n => if (n <= 1) 1 else fact(n - 1) * n; fact(100000)",
    "case class Node(next: Option[Node]); var n = Node(None); for (_ <- 1 to 200000) n = Node(Some(n)); n.toString.length",
    "var l: List[Any] = Nil; for (_ <- 1 to 100000) l = List(l); l.toString.length",
    "var m: Map[String, Any] = Map(); for (_ <- 1 to 50000) m = Map(\"k\" -> m); m.hashCode",
    "def ack(m: Int, n: Int): Int = if (m == 0) n + 1 else if (n == 0) ack(m - 1, 1) else ack(m - 1, ack(m, n - 1)); ack(3, 12)",
};

static void nesting(Buf *b) {
    static const size_t depths[] = {50, 500, 5000, 50000, 200000};
    size_t d = depths[below(5)];
    switch (below(11)) {
    case 0: buf_repeat(b, "(", d); buf_puts(b, "1"); buf_repeat(b, ")", d); break;
    case 1: buf_repeat(b, "{", d); buf_puts(b, "1"); buf_repeat(b, "}", d); break;
    case 2: buf_repeat(b, "List(", d); buf_puts(b, "1"); buf_repeat(b, ")", d); break;
    case 3: buf_repeat(b, "if (true) ", d); buf_puts(b, "1 else 2"); break;
    case 4: buf_repeat(b, "-", d); buf_puts(b, "1"); break;
    case 5: buf_repeat(b, "!", d); buf_puts(b, "true"); break;
    case 6: buf_repeat(b, "x => ", d); buf_puts(b, "x"); break;
    case 7: buf_repeat(b, "1 + ", d); buf_puts(b, "1"); break;
    case 8: buf_repeat(b, "s\"${", d < 5000 ? d : 5000); buf_puts(b, "1"); buf_repeat(b, "}\"", d < 5000 ? d : 5000); break;
    case 9: buf_repeat(b, "(", d); break;   /* unbalanced */
    default: buf_puts(b, "Some(1)"); buf_repeat(b, ".map(_ + 1)", d); break;
    }
}

static void big_literal(Buf *b) {
    size_t n = 1u << 20;
    switch (below(7)) {
    case 0: buf_puts(b, "\""); buf_repeat(b, "a", n); buf_puts(b, "\""); break;
    case 1: buf_repeat(b, "9", n); break;
    case 2: buf_repeat(b, "x", n); break;
    case 3: buf_puts(b, "\"\"\""); buf_repeat(b, "line\n", n / 5); buf_puts(b, "\"\"\""); break;
    case 4: buf_puts(b, "/* "); buf_repeat(b, "c", n); buf_puts(b, " */ 1"); break;
    case 5: buf_puts(b, "\""); buf_repeat(b, "\\u00e9", n / 6); buf_puts(b, "\""); break;
    default: buf_puts(b, "0."); buf_repeat(b, "1", n); buf_puts(b, "e5"); break;
    }
}

static void stress(Buf *b) {
    switch (below(5)) {
    case 0: buf_puts(b, numbers[below(sizeof numbers / sizeof *numbers)]); break;
    case 1: buf_puts(b, loops[below(sizeof loops / sizeof *loops)]); break;
    case 2: buf_puts(b, recursion[below(sizeof recursion / sizeof *recursion)]); break;
    case 3: nesting(b); break;
    default: big_literal(b); break;
    }
}

/* One mutation of s (a new string). */
static char *mutate(const char *s) {
    Toks t = {0};
    tokenize(s, &t);
    Buf b = {0};
    int op = (int)below(8);
    if (t.n == 0) op = 4;
    size_t i = below(t.n), j = below(t.n);
    if (op == 6) {   /* splice: the head of s, then the tail of another seed */
        const char *o = seeds[below(nseeds)];
        size_t cut = below(strlen(s) + 1), from = below(strlen(o) + 1);
        buf_add(&b, s, cut);
        buf_puts(&b, "\n");
        buf_puts(&b, o + from);
    } else if (op == 7) {   /* a stress snippet at a token boundary */
        for (size_t k = 0; k < t.n; k++) {
            if (k == i) { stress(&b); buf_puts(&b, below(2) ? "\n" : " "); }
            buf_add(&b, t.t[k].p, t.t[k].n);
        }
    } else {
        for (size_t k = 0; k <= t.n; k++) {
            if (op == 4 && k == i && pool.n) {   /* insert a token from the pool */
                Tok x = pool.t[below(pool.n)];
                buf_add(&b, x.p, x.n);
            }
            if (k == t.n) break;
            Tok x = t.t[k];
            if (op == 0 && k == i) continue;                                 /* delete */
            if (op == 1 && k == i) buf_add(&b, x.p, x.n);                    /* duplicate */
            if (op == 2 && k == i) x = t.t[j];                               /* swap */
            else if (op == 2 && k == j) x = t.t[i];
            if (op == 3 && k == i && pool.n) x = pool.t[below(pool.n)];      /* replace */
            if (op == 5 && k == i) { buf_add(&b, x.p, x.n); buf_add(&b, x.p, x.n); }   /* triple */
            buf_add(&b, x.p, x.n);
        }
    }
    free(t.t);
    return buf_take(&b);
}

static char *gen_cell(void) {
    if (below(100) < 15) {
        Buf b = {0};
        stress(&b);
        return buf_take(&b);
    }
    char *s = strdup(seeds[below(nseeds)]);
    int n = below(10) == 0 ? 0 : 1 + (int)below(4);
    for (int k = 0; k < n; k++) {
        char *m = mutate(s);
        free(s);
        s = m;
    }
    return s;
}

/* ---- running cells (the child) ---- */

static void hook_write(void *ud, int stream, const char *s, size_t n) { (void)ud; (void)stream; (void)s; (void)n; }
static char *hook_read_line(void *ud, const char *prompt, bool password) { (void)ud; (void)prompt; (void)password; return NULL; }
static void hook_display(void *ud, json_t *data, json_t *meta, const char *id, bool update) {
    (void)ud; (void)data; (void)meta; (void)id; (void)update;
}

typedef struct {
    Backend *b;
    char **cells;
    size_t n;
    int progress_fd;            /* -1: none (replay) */
    pthread_mutex_t mu;
    size_t current;             /* index of the running cell, SIZE_MAX when none */
    double started;             /* ms */
    bool done;
    int failures;
} Runner;

static void fail(Runner *R, size_t k, const char *what, const char *detail) {
    fprintf(stderr, "FUZZ-CELLS CHECK FAILED: cell %zu: %s%s%s\n", k, what, detail ? ": " : "", detail ? detail : "");
    R->failures++;
}

/* Whether the text reaches the frontend: the backend turns it into JSON with kp_json_text. */
static bool text_ok(const char *s) {
    if (!s) return true;
    json_t *j = kp_json_text(s, strlen(s));
    json_decref(j);
    return j != NULL;
}

static void check_json(Runner *R, size_t k, const char *what, json_t *j) {
    if (!j) { fail(R, k, what, "no answer"); return; }
    char *s = json_dumps(j, JSON_COMPACT);   /* walks it; NULL if something inside is broken */
    if (!s) fail(R, k, what, "answer does not serialise");
    free(s);
    json_decref(j);
}

static int utf8_codepoints(const char *s) {
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void run_one(Runner *R, size_t k) {
    const char *code = R->cells[k];
    kernel_backend *vt = backend_vtable(R->b);
    Interp *I = backend_interp(R->b);
    if (R->progress_fd >= 0) dprintf(R->progress_fd, "%zu\n", k);
    pthread_mutex_lock(&R->mu);
    R->current = k;
    R->started = now_ms();
    pthread_mutex_unlock(&R->mu);

    /* The requests a front-end sends while a cell is typed, at a cursor picked from the text. */
    int len = utf8_codepoints(code);
    int cursor = (int)((size_t)len * 7919 % ((size_t)len + 1) + k) % (len + 1);
    size_t bytes = strlen(code);
    check_json(R, k, "is_complete", vt->is_complete(vt->self, code, bytes));
    check_json(R, k, "complete", vt->complete(vt->self, code, bytes, cursor));
    json_t *ins = vt->inspect(vt->self, code, bytes, cursor, (int)(k & 1));
    if (ins) check_json(R, k, "inspect", ins);

    CellResult r;
    if (!magics_is_magic(code)) {
        interp_run_cell(I, code, &r);
        if (!r.ok && (!r.ename || !*r.ename)) fail(R, k, "error without an exception name", r.evalue);
        if (!text_ok(r.echo) || !text_ok(r.ename) || !text_ok(r.evalue) || !text_ok(r.traceback))
            fail(R, k, "result text cannot be sent as JSON", NULL);
        cell_result_clear(&r);
    }

    pthread_mutex_lock(&R->mu);
    R->current = SIZE_MAX;
    pthread_mutex_unlock(&R->mu);
    interp_clear_interrupt(I);   /* an interrupt that raced with the end of the cell */

    char *v = interp_eval_to_string(I, "20 + 22", &r);
    if (!v || strcmp(v, "42")) fail(R, k, "the next request (20 + 22) did not answer 42", v ? v : r.evalue);
    free(v);
    cell_result_clear(&r);
}

#if defined(__SANITIZE_ADDRESS__)
void __sanitizer_print_stack_trace(void);
#endif

/* SIGUSR2 on the cell thread of a hung cell: where it is, for the report. */
static void print_stack(int sig) {
    (void)sig;
    static const char msg[] = "FUZZ-CELLS HANG: the cell thread's stack:\n";
    if (write(2, msg, sizeof msg - 1) < 0) return;
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_print_stack_trace();
#else
    void *frames[64];
    backtrace_symbols_fd(frames, backtrace(frames, 64), 2);
#endif
}

static void *runner_thread(void *arg) {
    Runner *R = arg;
    for (size_t k = 0; k < R->n; k++) run_one(R, k);
    pthread_mutex_lock(&R->mu);
    R->done = true;
    pthread_mutex_unlock(&R->mu);
    return NULL;
}

/* Runs cells in this process; returns 0, or 3 on a hang, 4 on failed checks. */
static int run_cells(char **cells, size_t n, int progress_fd, double interrupt_ms, double hang_ms) {
    Runner R = {.b = backend_new(), .cells = cells, .n = n, .progress_fd = progress_fd, .current = SIZE_MAX};
    pthread_mutex_init(&R.mu, NULL);
    InterpHooks h = {.write = hook_write, .read_line = hook_read_line, .display = hook_display};
    interp_set_hooks(backend_interp(R.b), &h);
    pthread_attr_t attr;
    pthread_t t;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, CELL_STACK);
    if (pthread_create(&t, &attr, runner_thread, &R)) { perror("fuzz-cells: pthread_create"); exit(2); }
    pthread_attr_destroy(&attr);
    size_t interrupted = SIZE_MAX;
    double last_interrupt = 0;
    for (;;) {
        usleep(20000);
        pthread_mutex_lock(&R.mu);
        bool done = R.done;
        size_t cur = R.current;
        double age = now_ms() - R.started;
        if (!done && cur != SIZE_MAX && age > interrupt_ms) {
            if (age > interrupt_ms + hang_ms) {
                fprintf(stderr, "FUZZ-CELLS HANG: cell %zu still runs %.0f ms after its interrupt\n", cur, age - interrupt_ms);
                fflush(stderr);
                signal(SIGUSR2, print_stack);
                pthread_kill(t, SIGUSR2);
                sleep(3);
                _exit(3);
            }
            if (interrupted != cur || now_ms() - last_interrupt > 1000) {   /* as a user presses it again */
                interp_interrupt(backend_interp(R.b));
                interrupted = cur;
                last_interrupt = now_ms();
            }
        }
        pthread_mutex_unlock(&R.mu);
        if (done) break;
    }
    pthread_join(t, NULL);
    pthread_mutex_destroy(&R.mu);
    backend_free(R.b);
    return R.failures ? 4 : 0;
}

/* ---- the parent ---- */

#if defined(__SANITIZE_ADDRESS__)
void __sanitizer_set_report_path(const char *path);
#endif

/* In the child: sanitizer reports go to its stderr (the session's .err file, where the parent
 * looks) whatever log_path the environment sets. Without ASan, an address-space limit stands in
 * for the memory a machine has, so that `"x" * Int.MaxValue` fails as it would there. */
static void child_limits(void) {
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_set_report_path("stderr");
#else
    struct rlimit rl = {(rlim_t)8 << 30, (rlim_t)8 << 30};
    setrlimit(RLIMIT_AS, &rl);
#endif
}

static const char *const sanitizer_marks[] = {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                                              "AddressSanitizer:DEADLYSIGNAL", "SUMMARY: ", "WARNING: AddressSanitizer"};

/* Open defects in kernel/lang (not this fuzzer's to fix; see docs/figures.md): a finding whose
 * stderr holds both marks is counted as known and does not fail the run unless --strict. */
static const struct { const char *mark, *mark2, *name; } known[] = {
    {NULL, NULL, NULL},   /* none open now: fuzz/known/ holds the fixed ones, replayed by test_fuzz.py */
};

static bool write_file(const char *path, const char *s, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    fwrite(s, 1, n, f);
    return fclose(f) == 0;
}

static char *session_text(char **cells, size_t n) {
    Buf b = {0};
    for (size_t k = 0; k < n; k++) {
        buf_printf(&b, "%s%zu\n", k ? CELL_SEP : CELL_SEP + 1, k);
        buf_puts(&b, cells[k]);
    }
    return buf_take(&b);
}

static size_t split_session(char *text, char ***out) {
    size_t n = 0;
    char **cells = NULL;
    char *p = text;
    if (!strncmp(p, CELL_SEP + 1, strlen(CELL_SEP) - 1)) p = strchr(p, '\n');
    while (p) {
        p++;
        char *next = strstr(p, CELL_SEP);
        if (next) *next = 0;
        cells = realloc(cells, (n + 1) * sizeof *cells);
        cells[n++] = p;
        p = next ? strchr(next + 1, '\n') : NULL;
    }
    *out = cells;
    return n;
}

typedef struct { size_t cells, sessions, crashes, hangs, reports, checks, known; } Stats;

static int run_session(const char *outdir, uint64_t seed, size_t s, size_t n, double interrupt_ms, double hang_ms,
                       bool strict, bool verbose, Stats *st) {
    rng_seed(seed, s);
    char **cells = calloc(n, sizeof *cells);
    for (size_t k = 0; k < n; k++) cells[k] = gen_cell();
    char path[64], errpath[64];   /* in outdir, the working directory */
    snprintf(path, sizeof path, "session-%zu.scala", s);
    snprintf(errpath, sizeof errpath, "session-%zu.err", s);
    char *text = session_text(cells, n);
    write_file(path, text, strlen(text));
    free(text);

    int pfd[2];
    if (pipe(pfd)) { perror("fuzz-cells: pipe"); exit(2); }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) { perror("fuzz-cells: fork"); exit(2); }
    if (pid == 0) {
        close(pfd[0]);
        int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) { dup2(fd, 2); close(fd); }
        child_limits();
        exit(run_cells(cells, n, pfd[1], interrupt_ms, hang_ms));   /* exit: LeakSanitizer runs at exit */
    }
    close(pfd[1]);
    /* Progress: the index of each cell as it starts. The child's own watchdog reports hangs; this
     * is the backstop for a child stuck where its watchdog cannot act. */
    long last = -1;
    char line[64];
    size_t ll = 0;
    double quiet_since = now_ms();
    bool killed = false;
    for (;;) {
        struct pollfd p = {pfd[0], POLLIN, 0};
        int pr = poll(&p, 1, 500);
        if (pr > 0) {
            char c;
            ssize_t r = read(pfd[0], &c, 1);
            if (r <= 0) break;
            if (c == '\n') { line[ll] = 0; last = atol(line); ll = 0; quiet_since = now_ms(); }
            else if (ll < sizeof line - 1) line[ll++] = c;
        } else if (now_ms() - quiet_since > interrupt_ms + hang_ms + 30000) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
    }
    close(pfd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    st->sessions++;
    st->cells += last + 1;

    char *err = slurp(errpath);
    const char *kind = NULL;
    if (killed) kind = "hang (child stuck, killed)";
    else if (WIFSIGNALED(status)) kind = "crash (signal)";
    else if (WEXITSTATUS(status) == 3) kind = "hang";
    else if (WEXITSTATUS(status) == 4) kind = "failed check";
    if (!kind && err && (strstr(err, "ERROR: AddressSanitizer") || strstr(err, "AddressSanitizer:DEADLYSIGNAL")))
        kind = "crash (AddressSanitizer)";
    for (size_t i = 0; !kind && err && i < sizeof sanitizer_marks / sizeof *sanitizer_marks; i++)
        if (strstr(err, sanitizer_marks[i])) kind = "sanitizer report";
    if (!kind && WEXITSTATUS(status) != 0) kind = "crash (exit status)";
    int rc = 0;
    if (kind) {
        const char *known_name = NULL;
        for (size_t i = 0; err && i < sizeof known / sizeof *known; i++)
            if (known[i].mark && strstr(err, known[i].mark) && strstr(err, known[i].mark2)) known_name = known[i].name;
        char keep[64], keeperr[64];
        snprintf(keep, sizeof keep, "%s-%zu.scala", known_name ? "known" : "finding", s);
        snprintf(keeperr, sizeof keeperr, "%s-%zu.err", known_name ? "known" : "finding", s);
        rename(path, keep);
        rename(errpath, keeperr);
        if (known_name) st->known++;
        else if (strstr(kind, "hang")) st->hangs++;
        else if (!strcmp(kind, "sanitizer report")) st->reports++;
        else if (!strcmp(kind, "failed check")) st->checks++;
        else st->crashes++;
        printf("fuzz-cells: session %zu (seed %llu): %s%s%s at cell %ld; cells in %s/%s, stderr in %s/%s\n",
               s, (unsigned long long)seed, kind, known_name ? " — known: " : "", known_name ? known_name : "", last,
               outdir, keep, outdir, keeperr);
        if (!known_name || verbose) {
            if (last >= 0 && (size_t)last < n) printf("---- cell %ld (first 800 bytes):\n%.800s\n----\n", last, cells[last]);
            if (err) printf("---- stderr (first 3000 bytes):\n%.3000s\n----\n", err);
        }
        if (!known_name || strict) rc = 1;
    } else {
        remove(path);
        remove(errpath);
    }
    free(err);
    for (size_t k = 0; k < n; k++) free(cells[k]);
    free(cells);
    return rc;
}

static int usage(void) {
    fputs("usage: fuzz-cells [--seed N] [--count N] [--session N] [--interrupt-ms N] [--hang-ms N] [--out DIR]\n"
          "                  [--only-session N] [--strict] [-v] SEED_FILES(.ipynb|.md)...\n"
          "       fuzz-cells [--interrupt-ms N] [--hang-ms N] --replay FILE.scala\n", stderr);
    return 2;
}

int main(int argc, char **argv) {
    uint64_t seed = 1;
    size_t count = 1000, per = 40;
    long only = -1;
    double interrupt_ms = 1000, hang_ms = 20000;
    const char *outdir = "build/fuzz/cells", *replay = NULL;
    bool strict = false, verbose = false;
    char **files = NULL;
    size_t nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--strict")) strict = true;
        else if (!strcmp(a, "-v")) verbose = true;
        else if (a[0] == '-' && a[1] == '-' && !v) return usage();
        else if (!strcmp(a, "--seed")) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--count")) count = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--session")) per = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--only-session")) only = atol(argv[++i]);
        else if (!strcmp(a, "--interrupt-ms")) interrupt_ms = atof(argv[++i]);
        else if (!strcmp(a, "--hang-ms")) hang_ms = atof(argv[++i]);
        else if (!strcmp(a, "--out")) outdir = argv[++i];
        else if (!strcmp(a, "--replay")) replay = argv[++i];
        else if (a[0] == '-') return usage();
        else { files = realloc(files, (nfiles + 1) * sizeof *files); files[nfiles++] = argv[i]; }
    }
    if (per == 0) per = 1;
    if (replay) {
        char *text = slurp(replay);
        if (!text) { fprintf(stderr, "fuzz-cells: cannot read %s\n", replay); return 2; }
        char **cells;
        size_t n = split_session(text, &cells);
        char **copies = calloc(n, sizeof *copies);
        for (size_t k = 0; k < n; k++) copies[k] = strdup(cells[k]);
        child_limits();
        int rc = run_cells(copies, n, -1, interrupt_ms, hang_ms);
        for (size_t k = 0; k < n; k++) free(copies[k]);
        free(copies);
        free(cells);
        free(text);
        printf("fuzz-cells: replayed %zu cells: %s\n", n, rc ? "FAILED" : "ok");
        return rc;
    }
    for (size_t i = 0; i < nfiles; i++) {
        size_t l = strlen(files[i]);
        if (l > 6 && !strcmp(files[i] + l - 6, ".ipynb")) load_notebook(files[i]);
        else load_markdown(files[i]);
    }
    free(files);
    if (!nseeds) { fputs("fuzz-cells: no usable seed cells (give notebooks and Markdown files)\n", stderr); return usage(); }
    for (size_t i = 0; i < nseeds; i++) {
        Toks t = {0};
        tokenize(seeds[i], &t);
        for (size_t k = 0; k < t.n; k++)
            if (t.t[k].p[0] != ' ' && t.t[k].p[0] != '\n' && t.t[k].p[0] != '\t') toks_push(&pool, t.t[k].p, t.t[k].n);
        free(t.t);
    }
    mkdir(outdir, 0755);
    char tmpdir[4096];   /* cells that write files write them here */
    snprintf(tmpdir, sizeof tmpdir, "%s/fuzz-tmp", outdir);
    mkdir(tmpdir, 0755);
    if (chdir(outdir)) { perror(outdir); return 2; }
    static char cwd[4096];
    outdir = getcwd(cwd, sizeof cwd) ? cwd : ".";

    Stats st = {0};
    int rc = 0;
    size_t sessions = (count + per - 1) / per;
    double t0 = now_ms();
    for (size_t s = 0; s < sessions; s++) {
        if (only >= 0 && (size_t)only != s) continue;
        size_t n = (s + 1) * per <= count ? per : count - s * per;
        rc |= run_session(outdir, seed, s, n, interrupt_ms, hang_ms, strict, verbose, &st);
        if (verbose || (s + 1) % 50 == 0) {
            printf("fuzz-cells: %zu cells, %.0f s\n", st.cells, (now_ms() - t0) / 1e3);
            fflush(stdout);
        }
    }
    printf("fuzz-cells: seed %llu, %zu seed cells, %zu sessions, %zu cells run in %.1f s: %zu crashes, %zu hangs, "
           "%zu sanitizer reports, %zu failed checks, %zu known (open kernel/lang defects, fuzz/known)\n",
           (unsigned long long)seed, nseeds, st.sessions, st.cells, (now_ms() - t0) / 1e3, st.crashes, st.hangs,
           st.reports, st.checks, st.known);
    for (size_t i = 0; i < nseeds; i++) free(seeds[i]);
    free(seeds);
    free(pool.t);
    return rc;
}
