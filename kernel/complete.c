/* complete.c — completion (Tab) and inspection (Shift-Tab) for the whole kernel.
 *
 * The interpreter completes names in scope and the methods of values the session holds
 * (interp_complete / interp_inspect). This file adds what needs the rest of the kernel:
 *
 *  - methods after a dot for values a cell defines but has not run yet: the receiver's class is
 *    inferred from the cell's text — `val ssc = new StreamingContext(...)`, a chain of calls whose
 *    result types come from the registry's method signatures (`ssc.socketTextStream(...)` is a
 *    DStream, `.map(...)` of a DStream a DStream), lambda parameters typed by the method they are
 *    passed to (`stream.foreachRDD { rdd => rdd.` is an RDD), annotations, and the session's
 *    values (through their REPL type);
 *  - Kafka topic names inside `Subscribe(Array("…`, `new ProducerRecord("…`, `val topic = "…`
 *    and where the magic table says a magic takes one (%topic describe …, %consume …, %%produce
 *    …), from the kernel's one topic cache (topic_cache.c);
 *  - DataFrame column names after `$"`, in `col("…`, `select("…` and friends: from the schema
 *    of the receiver when it is known (a DataFrame in the session, or one whose select(...)
 *    in the cell names its columns), else from every DataFrame and temp view the session holds;
 *    view and column names in %%sql cells;
 *  - magic names and arguments from the magic table (magics.h);
 *  - inspection with the signature, the one-paragraph doc, the class, and a link to the class's
 *    API page, with the method's anchor where Spark's scaladoc / Kafka's javadoc has a stable one.
 *
 * Classes are found by name through the interpreter's registry (interp_find_class), session
 * values through interp_lookup_global, topics through topic_cache.h.
 *
 * This file answers complete_request; complete_infer.c infers classes and columns from the
 * cell's text, complete_inspect.c answers inspect_request.
 */
#include "complete_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "magics.h"

/* ---- the completer ---- */

Completer *completer_new(Interp *I) {
    Completer *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->I = I;
    c->topics = topic_cache_new(I);
    return c;
}

void completer_free(Completer *c) {
    if (!c) return;
    topic_cache_free(c->topics);
    free(c);
}

/* ---- completion contexts ---- */

/* Whether the string whose quote is at q is a topic name by its place in the code. */
static bool topic_string(const Scan *sc, int q) {
    /* enclosing calls: Subscribe(…), subscribe(…), Assign(…); first argument of ProducerRecord,
     * TopicPartition */
    for (int k = sc->nopen - 1; k >= 0; k--) {
        int o = sc->open[k];
        if (sc->s[o] != '(') continue;
        int e = o;
        if (e > 0 && sc->s[e - 1] == ']' && sc->match[e - 1] >= 0) e = sc->match[e - 1];   /* Subscribe[K, V]( */
        int s = e;
        while (s > 0 && ident_char(sc->s[s - 1])) s--;
        char name[64];
        snprintf(name, sizeof name, "%.*s", e - s < 63 ? e - s : 63, sc->s + s);
        if (!strcmp(name, "Subscribe") || !strcmp(name, "subscribe") || !strcmp(name, "Assign")) return true;
        if (!strcmp(name, "ProducerRecord") || !strcmp(name, "TopicPartition")) {
            if (k != sc->nopen - 1) return false;
            for (int j = o + 1; j < q; j++) if (sc->s[j] == ',' && code_at(sc, j)) return false;
            return true;
        }
    }
    /* val topic = "…", val topics = Array("…", …), var kafkaTopic = … */
    int st = q;
    while (st > 0 && sc->s[st - 1] != '\n' && sc->s[st - 1] != ';') st--;
    st = skip_ws(sc, st, q);
    if (word_at(sc, st, "val") || word_at(sc, st, "var")) {
        int k = skip_ws(sc, st + 3, q);
        int e = k;
        while (e < q && ident_char(sc->s[e])) e++;
        char name[128];
        snprintf(name, sizeof name, "%.*s", e - k < 127 ? e - k : 127, sc->s + k);
        for (char *p = name; *p; p++) *p = (char)tolower((unsigned char)*p);
        if (strstr(name, "topic")) return true;
    }
    return false;
}

static const char *const column_methods[] = {"col", "column", "select", "groupBy", "orderBy", "sort", "drop",
                                             "apply", "withColumnRenamed", "dropDuplicates", "cube", "rollup", NULL};

/* The columns that fit a string at q: of the DataFrame the call is made on when it is known,
 * else of every DataFrame in the session. */
static void column_names(Ctx *x, int q, bool dollar, json_t *cols) {
    const Scan *sc = x->sc;
    bool fits = dollar, apply = false;
    int recv_start = 0, recv_end = -1;
    if (sc->nopen > 0) {
        int o = sc->open[sc->nopen - 1];
        if (sc->s[o] == '(') {
            int s = o;
            while (s > 0 && ident_char(sc->s[s - 1])) s--;
            char name[64];
            snprintf(name, sizeof name, "%.*s", o - s < 63 ? o - s : 63, sc->s + s);
            for (int i = 0; column_methods[i]; i++) if (!strcmp(name, column_methods[i])) fits = true;
            int d = skip_ws_back(sc, s);
            if (d > 0 && sc->s[d - 1] == '.') { recv_end = d - 1; recv_start = chain_start(sc, recv_end); }
            else if (s < o && strcmp(name, "col") != 0 && strcmp(name, "column") != 0) {   /* df("…") */
                recv_start = s;
                recv_end = o;
                apply = true;
            }
        }
    }
    (void)q;
    if (!fits && !apply) return;
    if (recv_end > 0) {
        int a = recv_start;
        TypeInfo t;
        if (infer_range(x, a, recv_end, 0, &t) && t.cls == &dataframe_class) {
            bool known = false;
            if (t.cols) {
                size_t n = json_array_size(t.cols);
                for (size_t i = 0; i < n; i++) add_unique(cols, json_string_value(json_array_get(t.cols, i)), NULL);
                known = n > 0;
            } else if (t.global_chain && !strchr(t.global_chain, '.')) {
                known = global_columns(x->c, t.global_chain, cols);
            }
            ti_clear(&t);
            if (known) return;
        } else {
            ti_clear(&t);
            if (!fits) return;   /* f("…") of something that is not a DataFrame */
        }
    }
    if (!fits) return;
    /* every DataFrame of the session and every temp view */
    json_t *names = interp_complete(x->c->I, "", 0, &(int){0}, &(int){0});
    size_t n = json_array_size(names);
    for (size_t i = 0; i < n && i < 400; i++) global_columns(x->c, json_string_value(json_array_get(names, i)), cols);
    json_decref(names);
    view_columns(x->c, cols, NULL);
}

/* Names the cell defines before the cursor (val/var/def and lambda parameters). */
static void local_names(const Scan *sc, const char *prefix, json_t *out) {
    for (int i = 0; i < sc->n; i++) {
        if (!code_at(sc, i) || (i > 0 && ident_char(sc->s[i - 1])) || !ident_start(sc->s[i])) continue;
        int e = i;
        while (e < sc->n && ident_char(sc->s[e])) e++;
        char name[128];
        if (e - i >= (int)sizeof name) { i = e; continue; }
        snprintf(name, sizeof name, "%.*s", e - i, sc->s + i);
        if (e >= sc->n) break;   /* the word being typed */
        if (!strcmp(name, "val") || !strcmp(name, "var") || !strcmp(name, "def")) {
            int k = skip_ws(sc, e, sc->n);
            int ke = k;
            while (ke < sc->n && ident_char(sc->s[ke])) ke++;
            if (ke > k && ke < sc->n) {
                char nm[128];
                snprintf(nm, sizeof nm, "%.*s", ke - k < 127 ? ke - k : 127, sc->s + k);
                add_unique(out, nm, prefix);
            }
        } else {
            int k = skip_ws(sc, e, sc->n);
            if (k + 1 < sc->n && sc->s[k] == '=' && sc->s[k + 1] == '>') add_unique(out, name, prefix);
        }
        i = e - 1;
    }
}

/* Words of a magic line: "%topic describe tw" → the index of the word at the cursor. */
static int magic_words(const char *line, int len, char words[4][64]) {
    int nw = 0, i = 0;
    for (;;) {
        while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
        if (i >= len) break;
        int s = i;
        while (i < len && line[i] != ' ' && line[i] != '\t') i++;
        if (nw < 4) snprintf(words[nw], 64, "%.*s", i - s < 63 ? i - s : 63, line + s);
        nw++;
    }
    bool at_space = len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t');
    return at_space ? nw : nw - 1;   /* the word being typed (a new one after a space) */
}

typedef enum { K_NONE, K_METHOD, K_TOPIC, K_COLUMN, K_NAME, K_VIEW } Kind;

static const char *kind_type(Kind k) {
    switch (k) {
    case K_METHOD: return "function";
    case K_TOPIC: return "topic";
    case K_COLUMN: return "column";
    case K_VIEW: return "table";
    default: return "";
    }
}

static json_t *reply(json_t *matches, int start, int end, Kind kind, const HostClass *cls) {
    sort_jarray(matches);
    json_t *types = json_array();
    size_t n = json_array_size(matches);
    for (size_t i = 0; i < n; i++) {
        const char *m = json_string_value(json_array_get(matches, i));
        json_t *t = json_pack("{s:i, s:i, s:s, s:s}", "start", start, "end", end, "text", m, "type", kind_type(kind));
        if (kind == K_METHOD && cls) {
            const MethodDef *md = host_find_method(cls, m);
            if (md && md->signature) json_object_set_new(t, "signature", json_string(md->signature));
        }
        json_array_append_new(types, t);
    }
    return json_pack("{s:o, s:i, s:i, s:{s:o}}", "matches", matches, "cursor_start", start, "cursor_end", end,
                     "metadata", "_jupyter_types_experimental", types);
}

/* A magic's line: the magic names (all of the magic table's), then what the magic's row says the
 * argument at the cursor is (words, or a topic name). */
static json_t *magic_line(Completer *c, const char *code, int fs, int ws, int cursor, const char *wprefix) {
    char words[4][64] = {{0}};
    int wi = magic_words(code + fs, cursor - fs, words);
    json_t *m = json_array();
    Kind kind = K_NONE;
    if (wi == 0) {
        size_t n;
        const Magic *t = magics_table(&n);
        for (size_t i = 0; i < n; i++) {
            char name[72];
            snprintf(name, sizeof name, "%s%s", t[i].kind == MAGIC_CELL ? "%%" : "%", t[i].name);
            add_unique(m, name, wprefix);
        }
    } else {
        const Magic *mg = magics_find(words[0], strlen(words[0]));
        char *argv[3] = {words[1], words[2], words[3]};
        MagicArg a = mg && mg->complete && wi <= 3 ? mg->complete(wi - 1, argv) : (MagicArg){MAGIC_ARG_NONE, NULL};
        if (a.kind == MAGIC_ARG_TOPIC) {
            topic_cache_names(c->topics, wprefix, m);
            kind = K_TOPIC;
        } else if (a.kind == MAGIC_ARG_WORDS) {
            for (int i = 0; a.words[i]; i++) add_unique(m, a.words[i], wprefix);
        }
    }
    if (json_array_size(m) == 0 && kind == K_NONE) ws = cursor;
    return reply(m, ws, cursor, kind, NULL);
}

/* In a %%sql cell's body: view and column names. */
static json_t *sql_names(Completer *c, const char *code, int cursor) {
    int s = cursor;
    while (s > 0 && (ident_char(code[s - 1]) || code[s - 1] == '.')) s--;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s", cursor - s < 255 ? cursor - s : 255, code + s);
    json_t *all = json_array(), *m = json_array();
    view_columns(c, all, all);
    size_t n = json_array_size(all);
    for (size_t i = 0; i < n; i++) add_unique(m, json_string_value(json_array_get(all, i)), prefix);
    json_decref(all);
    return reply(m, s, cursor, K_VIEW, NULL);
}

json_t *completer_complete(Completer *c, const char *code, int cursor) {
    int len = (int)strlen(code);
    if (cursor < 0 || cursor > len) cursor = len;
    int ls = cursor;
    while (ls > 0 && code[ls - 1] != '\n') ls--;
    int ws = cursor;    /* the start of the word at the cursor (any non-space for magics) */
    while (ws > ls && code[ws - 1] != ' ' && code[ws - 1] != '\t') ws--;
    char wprefix[256];
    snprintf(wprefix, sizeof wprefix, "%.*s", cursor - ws < 255 ? cursor - ws : 255, code + ws);

    /* a cell magic's body completes as its row says; a magic's line (the first line, or any line
     * of a cell of line magics) from the magic table */
    size_t body = 0;
    const Magic *cell_magic = magics_cell_magic(code, &body);
    if (cell_magic && ls > 0 && (size_t)ls >= body) {
        if (cell_magic->body == MAGIC_BODY_SQL) return sql_names(c, code, cursor);
        if (cell_magic->body != MAGIC_BODY_SCALA) return reply(json_array(), cursor, cursor, K_NONE, NULL);
    } else {
        int fs = ls;
        while (fs < cursor && (code[fs] == ' ' || code[fs] == '\t')) fs++;
        if (fs < cursor && code[fs] == '%') return magic_line(c, code, fs, ws, cursor, wprefix);
    }

    Scan sc;
    scan_text(&sc, code, cursor);
    Ctx x = {.c = c, .sc = &sc};
    json_t *out = NULL;

    if (sc.in_str) {
        int q = sc.str_quote + (sc.triple ? 3 : 1);
        char prefix[256];
        snprintf(prefix, sizeof prefix, "%.*s", cursor - q < 255 ? cursor - q : 255, code + q);
        bool dollar = sc.str_quote > 0 && code[sc.str_quote - 1] == '$' &&
                      !(sc.str_quote > 1 && ident_char(code[sc.str_quote - 2]));
        json_t *m = json_array();
        Kind kind = K_NONE;
        if (!dollar && topic_string(&sc, sc.str_quote)) {
            topic_cache_names(c->topics, prefix, m);
            kind = K_TOPIC;
        } else {
            json_t *cols = json_array();
            column_names(&x, sc.str_quote, dollar, cols);
            size_t n = json_array_size(cols);
            for (size_t i = 0; i < n; i++) add_unique(m, json_string_value(json_array_get(cols, i)), prefix);
            json_decref(cols);
            kind = K_COLUMN;
        }
        out = reply(m, q, cursor, kind, NULL);
        scan_free(&sc);
        return out;
    }
    if (cursor > 0 && sc.mask[cursor - 1] == M_COMMENT) {
        scan_free(&sc);
        return reply(json_array(), cursor, cursor, K_NONE, NULL);
    }

    int start, end;
    json_t *m = interp_complete(c->I, code, cursor, &start, &end);
    int s = cursor;
    while (s > 0 && ident_char(code[s - 1])) s--;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s", cursor - s < 255 ? cursor - s : 255, code + s);
    int dot = skip_ws_back(&sc, s);
    if (dot > 0 && code[dot - 1] == '.' && code_at(&sc, dot - 1)) {
        /* members: the class from the text when the interpreter did not know the receiver */
        TypeInfo t;
        const HostClass *cls = NULL;
        if (infer_range(&x, chain_start(&sc, dot - 1), dot - 1, 0, &t)) cls = t.cls;
        if (json_array_size(m) == 0 && cls)
            for (const HostClass *k = cls; k; k = k->parent)
                for (int i = 0; i < k->nmethods; i++)
                    if (isalpha((unsigned char)k->methods[i].name[0])) add_unique(m, k->methods[i].name, prefix);
        out = reply(m, s, cursor, K_METHOD, cls);
        ti_clear(&t);
    } else {
        local_names(&sc, prefix, m);
        out = reply(m, start, end, K_NAME, NULL);
    }
    scan_free(&sc);
    return out;
}
