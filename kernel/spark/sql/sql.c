/* sql.c — spark.sql and the %%sql magic: Spark SQL's text rewritten into DuckDB's dialect
 * (backquoted identifiers, double-quoted strings, backslash escapes, 0-based array subscripts,
 * named_struct, date_format's Java pattern, <=>, DIV; the functions a macro can give are macros,
 * db.c), statements run in order with the last one's rows materialised into a table (so a
 * DataFrame keeps the rows of the moment it was made, as Spark's analysed plan does), result
 * columns named as Spark names them and typed as Spark's types; SHOW TABLES and DROP VIEW over
 * the session's temp views; and %%sql's display with its SVG charts.
 */
#include "spark/sql/sql.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/dataframe.h"
#include "spark/sql/duck_types.h"
#include "util/charts.h"

/* ---- Spark SQL → DuckDB SQL ---- */

static bool ident_start(char c) { return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80; }
static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80; }

/* Spark's string literal at p (quote ' or "), backslash escapes decoded, as a DuckDB literal;
 * returns the position after it. date_pattern: a Java date pattern turned into strftime's. */
static void java_pattern(StrBuf *b, const char *s, size_t n);

static const char *string_literal(StrBuf *b, const char *p, bool date_pattern) {
    char q = *p++;
    StrBuf v = {0};
    while (*p && *p != q) {
        if (*p == '\\' && p[1]) {
            p++;
            char c = *p++;
            sb_putc(&v, c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == '0' ? '\0' : c);
            continue;
        }
        sb_putc(&v, *p++);
    }
    if (*p) p++;
    if (date_pattern) {
        StrBuf t = {0};
        java_pattern(&t, v.s ? v.s : "", v.len);
        sb_reset(&v);
        v = t;
    }
    sql_string(b, v.s ? v.s : "", v.len);
    sb_reset(&v);
    return p;
}

/* Java's SimpleDateFormat letters as strftime's (runs of a letter decide the field's form). */
static void java_pattern(StrBuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        char c = s[i];
        size_t run = 1;
        while (i + run < n && s[i + run] == c) run++;
        const char *f = NULL;
        switch (c) {
        case 'y': f = run == 2 ? "%y" : "%Y"; break;
        case 'M': f = run >= 4 ? "%B" : run == 3 ? "%b" : "%m"; break;
        case 'd': f = "%d"; break;
        case 'H': f = "%H"; break;
        case 'h': f = "%I"; break;
        case 'm': f = "%M"; break;
        case 's': f = "%S"; break;
        case 'S': f = "%g"; break;
        case 'E': f = run >= 4 ? "%A" : "%a"; break;
        case 'a': f = "%p"; break;
        case 'D': f = "%j"; break;
        case 'Z': case 'X': case 'x': f = "%z"; break;
        case '%': f = "%%"; break;
        default: break;
        }
        if (c == '\'') {   /* quoted text */
            size_t j = i + 1;
            while (j < n && s[j] != '\'') sb_putc(b, s[j++]);
            i = j < n ? j + 1 : j;
            continue;
        }
        if (f) sb_puts(b, f);
        else sb_add(b, s + i, run);
        i += run;
    }
}

/* A function call being rewritten: named_struct's arguments alternate key: value; date_format's
 * first argument is cast to a timestamp and its pattern translated; the table function range
 * becomes a subquery that names its column id. */
typedef struct { int depth; char kind; int arg; } Frame;

/* Words DuckDB reserves that Spark SQL lets name columns (its keywords are non-reserved): a
 * struct's field after a dot (`window.end`), an alias after AS, and where they cannot be the
 * keyword — `offset` not followed by a count (the Kafka source's column), `window` not opening a
 * WINDOW clause (a windowed aggregation's column), `table`/`column` with no name after them — are
 * quoted as identifiers. */
static bool duck_reserved(const char *w, size_t n) {
    static const char *const words[] = {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast", "check",
        "collate", "column", "constraint", "create", "default", "deferrable", "desc", "describe", "distinct", "do",
        "else", "end", "except", "false", "fetch", "for", "foreign", "from", "group", "having", "in", "initially",
        "intersect", "into", "lambda", "lateral", "leading", "limit", "not", "null", "offset", "on", "only", "or",
        "order", "pivot", "pivot_longer", "pivot_wider", "placing", "primary", "qualify", "references", "returning",
        "select", "show", "some", "summarize", "symmetric", "table", "then", "to", "trailing", "true", "union",
        "unique", "unpivot", "using", "variadic", "when", "where", "window", "with", NULL};
    for (int i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncasecmp(words[i], w, n)) return true;
    return false;
}

/* `table` or `column` at p (after the word) names a column: no name follows it (as in `CREATE
 * TABLE t`, `TABLE t`), only punctuation, the end, or a word that goes on an expression. */
static bool used_as_column(const char *p) {
    while (isspace((unsigned char)*p)) p++;
    if (!ident_start(*p)) return true;
    static const char *const next[] = {"from", "as", "asc", "desc", "where", "and", "or", "is", "in", "not", "like",
                                       "between", "group", "order", "limit", "having", "nulls", "over", "on", NULL};
    size_t n = 0;
    while (ident_char(p[n])) n++;
    for (int i = 0; next[i]; i++)
        if (strlen(next[i]) == n && !strncasecmp(next[i], p, n)) return true;
    return false;
}

/* `window` at p (after the word) opens a WINDOW clause: `WINDOW name AS (`. */
static bool window_clause(const char *p) {
    while (isspace((unsigned char)*p)) p++;
    if (!ident_start(*p)) return false;
    while (ident_char(*p)) p++;
    while (isspace((unsigned char)*p)) p++;
    if (strncasecmp(p, "as", 2) || ident_char(p[2])) return false;
    p += 2;
    while (isspace((unsigned char)*p)) p++;
    return *p == '(';
}

/* Whether the word just written to b (before its end) is w (AS: an alias or a type follows). */
static bool after_word(const StrBuf *b, const char *w) {
    size_t i = b->len, n = strlen(w);
    while (i && isspace((unsigned char)b->s[i - 1])) i--;
    return i >= n && !strncasecmp(b->s + i - n, w, n) && (i == n || !ident_char(b->s[i - n - 1]));
}
static bool after_as(const StrBuf *b) { return after_word(b, "as"); }
static bool after_comma(const StrBuf *b) {
    size_t i = b->len;
    while (i && isspace((unsigned char)b->s[i - 1])) i--;
    return i && b->s[i - 1] == ',';
}

char *sql_rewrite(DfState *st, const char *q, const DataType *schema) {
    (void)st;
    StrBuf b = {0};
    const char *p = q;
    Frame frames[32];
    int nf = 0, depth = 0;
    int subs[32];            /* depths of open array subscripts */
    int ns = 0, bracket = 0;
    bool pattern_next = false;
    while (*p) {
        char c = *p;
        if (c == '\'' || c == '"') { p = string_literal(&b, p, pattern_next); pattern_next = false; continue; }
        if (c == '`') {                                     /* `identifier` */
            p++;
            sb_putc(&b, '"');
            while (*p && !(*p == '`' && p[1] != '`')) {
                if (*p == '`') p++;
                if (*p == '"') sb_putc(&b, '"');
                sb_putc(&b, *p++);
            }
            if (*p) p++;
            sb_putc(&b, '"');
            continue;
        }
        if (c == '-' && p[1] == '-') {                       /* comment */
            const char *s0 = p;
            while (*p && *p != '\n') p++;
            sb_add(&b, s0, (size_t)(p - s0));
            continue;
        }
        if (c == '<' && p[1] == '=' && p[2] == '>') { sb_puts(&b, " IS NOT DISTINCT FROM "); p += 3; continue; }
        if (ident_start(c) && !(p > q && (ident_char(p[-1])))) {
            const char *s0 = p;
            while (ident_char(*p)) p++;
            size_t n = (size_t)(p - s0);
            const char *after = p;
            while (isspace((unsigned char)*after)) after++;
            bool call = *after == '(';
            if (call && n == 12 && !strncasecmp(s0, "named_struct", 12) && nf < 32) {
                p = after + 1;
                depth++;
                frames[nf++] = (Frame){depth, 'n', 0};
                sb_putc(&b, '{');
                continue;
            }
            if (call && n == 11 && !strncasecmp(s0, "date_format", 11) && nf < 32) {
                p = after + 1;
                depth++;
                frames[nf++] = (Frame){depth, 'd', 0};
                sb_puts(&b, "strftime(CAST(");
                continue;
            }
            /* FROM range(…), JOIN range(…), FROM t, range(…): Spark's table function names its
             * column id, DuckDB's range (Spark SQL has no scalar range: after a comma it is a table) */
            if (call && n == 5 && !strncasecmp(s0, "range", 5) && (after_word(&b, "from") || after_word(&b, "join") || after_comma(&b)) &&
                nf < 32) {
                p = after + 1;
                depth++;
                frames[nf++] = (Frame){depth, 'r', 0};
                sb_puts(&b, "(SELECT \"range\" AS id FROM range(");
                continue;
            }
            if (call && n == 6 && !strncasecmp(s0, "struct", 6)) {   /* struct(a, b): fields named as the columns */
                sb_puts(&b, "struct_pack");
                continue;
            }
            if (!call && n == 3 && !strncasecmp(s0, "div", 3) && b.len && !ident_char(b.s[b.len - 1])) {
                sb_puts(&b, "//");
                continue;
            }
            if (!call && duck_reserved(s0, n)) {
                bool field = s0 > q && s0[-1] == '.';
                bool ident = field || after_as(&b) ||
                             (n == 6 && !strncasecmp(s0, "offset", 6) && !isdigit((unsigned char)*after) && *after != '?') ||
                             (n == 6 && !strncasecmp(s0, "window", 6) && !window_clause(p)) ||
                             (((n == 5 && !strncasecmp(s0, "table", 5)) || (n == 6 && !strncasecmp(s0, "column", 6))) &&
                              used_as_column(p));
                if (ident) {
                    char name[16];
                    memcpy(name, s0, n);
                    name[n] = 0;
                    sql_ident(&b, name);
                    continue;
                }
            }
            /* a column of the DataFrame, quoted: Spark lets columns be named as words DuckDB
             * reserves (the Kafka source's offset and partition) */
            if (!call && schema && schema->kind == DT_STRUCT && !(s0 > q && s0[-1] == '.') && !after_as(&b)) {
                char name[256];
                if (n < sizeof name) {
                    memcpy(name, s0, n);
                    name[n] = 0;
                    if (dt_field_index(schema, name) >= 0) {
                        sql_ident(&b, name);
                        continue;
                    }
                }
            }
            sb_add(&b, s0, n);
            continue;
        }
        if (c == '(') { depth++; sb_putc(&b, c); p++; continue; }
        if (c == ')') {
            if (nf && frames[nf - 1].depth == depth) {
                sb_puts(&b, frames[nf - 1].kind == 'n' ? "}" : frames[nf - 1].kind == 'r' ? "))" : ")");
                nf--;
            } else {
                sb_putc(&b, c);
            }
            depth--;
            p++;
            continue;
        }
        if (c == ',' && nf && frames[nf - 1].depth == depth) {
            Frame *f = &frames[nf - 1];
            f->arg++;
            if (f->kind == 'n') sb_puts(&b, f->arg % 2 ? ":" : ",");
            else if (f->kind == 'r') sb_putc(&b, c);
            else if (f->arg == 1) { sb_puts(&b, " AS TIMESTAMP),"); pattern_next = true; }
            else sb_putc(&b, c);
            p++;
            continue;
        }
        if (c == '[') {                                       /* Spark's subscripts count from 0 */
            const char *a = p + 1;
            while (isspace((unsigned char)*a)) a++;
            bool prev = b.len && (ident_char(b.s[b.len - 1]) || b.s[b.len - 1] == ')' || b.s[b.len - 1] == ']' ||
                                  b.s[b.len - 1] == '"');
            if (prev && *a != '\'' && *a != '"' && ns < 32) {
                subs[ns++] = ++bracket;
                sb_puts(&b, "[(");
            } else {
                ++bracket;
                sb_putc(&b, c);
            }
            p++;
            continue;
        }
        if (c == ']') {
            if (ns && subs[ns - 1] == bracket) { sb_puts(&b, ") + 1]"); ns--; }
            else sb_putc(&b, c);
            bracket--;
            p++;
            continue;
        }
        sb_putc(&b, c);
        p++;
    }
    return sb_take(&b);
}

/* ---- statements ---- */

static bool blank_sql(const char *s) {
    for (;;) {
        while (*s && (isspace((unsigned char)*s) || *s == ';')) s++;
        if (s[0] == '-' && s[1] == '-') { while (*s && *s != '\n') s++; continue; }
        return !*s;
    }
}

/* The end of the statement at p: its ';' or the end of the text (quotes and comments skipped). */
static const char *statement_end(const char *p) {
    while (*p && *p != ';') {
        if (*p == '\'' || *p == '"' || *p == '`') {
            char q = *p++;
            while (*p && *p != q) p += (*p == '\\' && q != '`' && p[1]) ? 2 : 1;
            if (*p) p++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
        } else {
            p++;
        }
    }
    return p;
}

/* The first word of a statement, lower-cased, into w. */
static void first_word(const char *s, char *w, size_t cap) {
    for (;;) {
        while (isspace((unsigned char)*s) || *s == '(') s++;
        if (s[0] == '-' && s[1] == '-') { while (*s && *s != '\n') s++; continue; }
        break;
    }
    size_t n = 0;
    while (*s && (isalpha((unsigned char)*s)) && n < cap - 1) w[n++] = (char)tolower((unsigned char)*s++);
    w[n] = 0;
}

static int view_cmp(const void *a, const void *b) {
    return strcasecmp(((const struct DfView *)a)->name, ((const struct DfView *)b)->name);
}

/* SHOW TABLES: the temp views as Spark lists them (namespace, tableName, isTemporary). */
static bool show_tables(DfState *st, Value *out, char **ename, char **err) {
    DataType *schema = dt_struct_new(3);
    const char *names[3] = {"namespace", "tableName", "isTemporary"};
    for (int i = 0; i < 3; i++) {
        schema->fields[i].name = strdup(names[i]);
        schema->fields[i].type = i == 2 ? dt_prim(DT_BOOL) : dt_prim(DT_STRING);
        schema->fields[i].nullable = false;
    }
    struct DfView *vs = calloc((size_t)st->nviews + 1, sizeof *vs);
    int n = 0;
    for (int i = 0; i < st->nviews; i++) if (!st->views[i].global) vs[n++] = st->views[i];
    qsort(vs, (size_t)n, sizeof *vs, view_cmp);
    DfLoader *l = dfl_open(st, schema, err);
    bool ok = l != NULL;
    for (int i = 0; ok && i < n; i++) {
        dfl_text(l, 0, "", 0);
        char *lower = strdup(vs[i].name);
        for (char *c = lower; *c; c++) *c = (char)tolower((unsigned char)*c);
        dfl_text(l, 1, lower, strlen(lower));
        free(lower);
        dfl_bool(l, 2, true);
        ok = dfl_row(l, err);
    }
    free(vs);
    DfTable *t = l ? dfl_close(l, ok, ok ? err : &(char *){NULL}) : NULL;
    if (!t) {
        dt_unref(schema);
        *ename = strdup("org.apache.spark.SparkException");
        if (!*err) *err = strdup("SHOW TABLES failed");
        return false;
    }
    *out = df_make(st, schema, dftable_select_sql(t, schema), NULL, 0, t);
    return true;
}

static Value empty_df(DfState *st) {
    return df_make(st, dt_struct_new(0), strdup("SELECT NULL AS \"_\" WHERE false"), NULL, 0, NULL);
}

/* SHOW TABLES / DROP VIEW: Spark statements over the session's views; *handled when q was one. */
static bool spark_statement(DfState *st, const char *q, Value *out, bool *handled, char **ename, char **err) {
    char w[3][32] = {{0}};
    const char *p = q;
    for (int i = 0; i < 3; i++) {
        while (isspace((unsigned char)*p)) p++;
        size_t n = 0;
        while (*p && !isspace((unsigned char)*p) && *p != ';' && n < 31) w[i][n++] = *p++;
    }
    *handled = false;
    if (!strcasecmp(w[0], "show") && !strcasecmp(w[1], "tables")) {
        *handled = true;
        return show_tables(st, out, ename, err);
    }
    if (!strcasecmp(w[0], "drop") && !strcasecmp(w[1], "view")) {
        *handled = true;
        p = q;
        while (isspace((unsigned char)*p)) p++;
        p += 4;
        while (isspace((unsigned char)*p)) p++;
        p += 4;
        bool if_exists = false;
        while (isspace((unsigned char)*p)) p++;
        if (!strncasecmp(p, "if", 2) && isspace((unsigned char)p[2])) {
            p += 2;
            while (isspace((unsigned char)*p)) p++;
            if (!strncasecmp(p, "exists", 6)) { p += 6; if_exists = true; }
            while (isspace((unsigned char)*p)) p++;
        }
        char name[128];
        size_t n = 0;
        while (*p && !isspace((unsigned char)*p) && *p != ';' && n < sizeof name - 1) {
            if (*p != '`' && *p != '"') name[n++] = *p;
            p++;
        }
        name[n] = 0;
        bool global = !strncasecmp(name, "global_temp.", 12);
        const char *nm = global ? name + 12 : name;
        if (!view_drop(st, nm, global) && !if_exists) {
            *ename = strdup("org.apache.spark.sql.AnalysisException");
            if (asprintf(err, "[TABLE_OR_VIEW_NOT_FOUND] The table or view `%s` cannot be found. Verify the spelling "
                              "and correctness of the schema and catalog.", name) < 0) *err = NULL;
            return false;
        }
        *out = empty_df(st);
        return true;
    }
    return true;
}

/* Whether name is a struct column of a temp view (ctx: the DfState). */
static bool view_struct(void *ctx, const char *name) {
    DfState *st = ctx;
    for (int v = 0; v < st->nviews; v++) {
        int i = dt_field_index(st->views[v].schema, name);
        if (i >= 0 && st->views[v].schema->fields[i].type->kind == DT_STRUCT) return true;
    }
    return false;
}

bool sql_materialise(DfState *st, const char *q, bool keep_names, Value *out, char **err) {
    DataType *desc;
    if (!sql_describe(st, q, &desc, err)) return false;
    int nc = desc->nfields;
    DataType *schema = dt_struct_new(nc);
    DfTable *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->rc = 1;
    t->st = dfstate_ref(st);
    snprintf(t->name, sizeof t->name, "_df_%ld", ++st->next_id);
    StrBuf b = {0};
    sb_printf(&b, "CREATE TABLE \"%s\" AS SELECT ", t->name);
    for (int i = 0; i < nc; i++) {
        /* a plain column keeps its name; an expression gets Spark's */
        schema->fields[i].name = keep_names ? strdup(desc->fields[i].name)
                                             : sql_spark_name_in(desc->fields[i].name, NULL, view_struct, st);
        schema->fields[i].type = dt_ref(desc->fields[i].type);
        schema->fields[i].nullable = !(!strcmp(schema->fields[i].name, "count(1)") && desc->fields[i].type->kind == DT_LONG);
        sb_printf(&b, "%sCAST(\"c%d\" AS ", i ? ", " : "", i);
        duck_type_sql(&b, desc->fields[i].type);
        sb_printf(&b, ") AS \"c%d\"", i);
    }
    if (!nc) sb_puts(&b, "NULL AS \"c\"");
    sb_printf(&b, " FROM (%s) AS \"_q\"", q);
    if (nc) {
        sb_puts(&b, "(");
        for (int i = 0; i < nc; i++) sb_printf(&b, "%s\"c%d\"", i ? ", " : "", i);
        sb_puts(&b, ")");
    }
    dt_unref(desc);
    bool ok = sql_run(st, b.s, err);
    sb_reset(&b);
    if (!ok) {
        dfstate_unref(t->st);
        free(t);
        dt_unref(schema);
        return false;
    }
    *out = df_make(st, schema, dftable_select_sql(t, schema), NULL, 0, t);
    return true;
}

/* DuckDB's "Candidate bindings" name only the columns like the missing one; Spark suggests from
 * all the columns in scope. For a query over one table (FROM t [alias] then nothing joined), msg
 * with its candidates replaced by all of t's columns (malloc'd), else NULL. */
static char *scope_candidates(DfState *st, const char *one, const char *msg) {
    const char *cand = strstr(msg, "\nCandidate bindings: ");
    if (!cand) return NULL;
    const char *p = one, *from = NULL;
    for (char quote = 0; *p && !from; p++) {
        if (quote) { if (*p == quote) quote = 0; continue; }
        if (*p == '\'' || *p == '"') { quote = *p; continue; }
        if (!strncasecmp(p, "from", 4) && (p == one || !ident_char(p[-1])) && isspace((unsigned char)p[4])) from = p + 4;
    }
    if (!from) return NULL;
    while (isspace((unsigned char)*from)) from++;
    const char *t0 = from;
    if (*from == '"') { from++; while (*from && *from != '"') from++; if (*from) from++; }
    else while (ident_char(*from)) from++;
    size_t tlen = (size_t)(from - t0);
    if (!tlen) return NULL;
    const char *r = from;   /* then an alias at most, and no join */
    for (int words = 0; words < 3; words++) {
        while (isspace((unsigned char)*r)) r++;
        if (*r == ',') return NULL;
        const char *w = r;
        while (ident_char(*r)) r++;
        size_t n = (size_t)(r - w);
        static const char *const joins[] = {"join", "left", "right", "inner", "full", "cross", "natural", "lateral", NULL};
        for (int i = 0; joins[i]; i++)
            if (n == strlen(joins[i]) && !strncasecmp(w, joins[i], n)) return NULL;
        if (!n) break;
    }
    StrBuf d = {0};
    sb_printf(&d, "SELECT * FROM %.*s", (int)tlen, t0);
    DataType *schema = NULL;
    char *e = NULL;
    bool ok = sql_describe(st, d.s, &schema, &e);
    sb_reset(&d);
    free(e);
    if (!ok || !schema) return NULL;
    StrBuf m = {0};
    sb_add(&m, msg, (size_t)(cand - msg));
    sb_puts(&m, "\nCandidate bindings: ");
    for (int i = 0; i < schema->nfields; i++) sb_printf(&m, "%s\"%s\"", i ? ", " : "", schema->fields[i].name);
    sb_puts(&m, cand + 1 + strcspn(cand + 1, "\n"));
    dt_unref(schema);
    return sb_take(&m);
}

bool sql_query(DfState *st, const char *q, Value *out, char **ename, char **err) {
    *ename = NULL;
    *err = NULL;
    if (!dfstate_open(st, err)) { *ename = strdup("java.lang.IllegalStateException"); return false; }
    if (blank_sql(q)) {
        *ename = strdup("org.apache.spark.sql.catalyst.parser.ParseException");
        *err = strdup("\n[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.\n\n== SQL ==\n");
        return false;
    }
    bool handled;
    if (!spark_statement(st, q, out, &handled, ename, err)) return false;
    if (handled) return true;
    if (sql_unknown_function(st, q, ename, err)) return false;   /* strlen(…): DuckDB's, not Spark's */
    char *rq = sql_rewrite(st, q, NULL);
    const char *p = rq;
    bool ok = true, have = false;
    while (ok && !blank_sql(p)) {
        while (isspace((unsigned char)*p) || *p == ';') p++;
        const char *end = statement_end(p);
        char *one = strndup(p, (size_t)(end - p));
        p = *end ? end + 1 : end;
        bool last = blank_sql(p);
        char w[16];
        first_word(one, w, sizeof w);
        char *e = NULL;
        if (last && (!strcmp(w, "select") || !strcmp(w, "with") || !strcmp(w, "from") || !strcmp(w, "values") ||
                     !strcmp(w, "table"))) {
            ok = sql_materialise(st, one, false, out, &e);
            have = ok;
        } else {
            ok = sql_run(st, one, &e);
        }
        if (!ok) {
            char *all = e ? scope_candidates(st, one, e) : NULL;
            sql_error_text(all ? all : e ? e : "query failed", q, ename, err);
            free(all);
        }
        free(e);
        free(one);
    }
    free(rq);
    if (ok && !have) *out = empty_df(st);   /* DDL or DML: an empty DataFrame, as Spark returns */
    return ok;
}

/* ---- %%sql ---- */

static void set_error(CellResult *res, const char *ename, const char *msg) {
    res->ok = false;
    res->ename = strdup(ename);
    res->evalue = strdup(msg);
    StrBuf b = {0};
    sb_printf(&b, "%s: %s", ename, msg);
    res->traceback = sb_take(&b);
}

/* Displays text with a chart (kind "bar" or "line") of the series over the labels: SVG for every
 * frontend, Vega-Lite for those that draw it (JupyterLab prefers it: tooltips, zoom). */
static void display_chart(Interp *I, const char *text, const char *chart, const char *xtitle, const char **labels,
                          int n, const char **names, double **series, int ns) {
    ChartData cd = {.kind = chart, .xtitle = xtitle, .labels = labels, .nlabels = n, .series_names = names,
                    .series = (const double *const *)series, .nseries = ns};
    char *svg = chart_svg(&cd);
    json_t *extra = json_pack("{s:s, s:o}", "image/svg+xml", svg, VEGALITE_MIME, chart_vegalite(&cd));
    df_display(I, text, NULL, extra);
    free(svg);
}

/* Shows a DataFrame's first maxrows rows (-1: all) as one display (HTML table and Spark's text
 * table), and with chart ("bar" or "line") an SVG chart of them: the first column gives the labels,
 * every numeric column after it a series. False with ename and evalue (malloc'd) when the rows cannot
 * be read. Used by %%sql and by display(df) from Scala. */
bool sql_display_df(Interp *I, DataFrame *df, int maxrows, const char *chart, const char *q, char **ename, char **evalue) {
    if (df->schema->nfields == 0) return true;
    DfCells cells;
    char *cerr = NULL;
    if (!df_cells(I, df, maxrows, &cells, &cerr)) {
        sql_error_text(cerr ? cerr : "the rows could not be read", q ? q : df->sql, ename, evalue);
        free(cerr);
        return false;
    }
    int n = cells.nrows;
    char *text = df_show_text(&cells, n, 20, false);
    char *html = df_html(&cells, n, 0);
    df_display(I, text, html, NULL);
    if (chart && *chart) {
        int ns = 0;
        const char **names = calloc((size_t)cells.ncols + 1, sizeof(char *));
        double **series = calloc((size_t)cells.ncols + 1, sizeof(double *));
        const char **labels = calloc((size_t)n + 1, sizeof(char *));
        for (int r = 0; r < n; r++) labels[r] = cells.cells[r][0];
        for (int c = 1; c < cells.ncols; c++) {
            if (!dt_is_numeric(cells.types[c])) continue;
            names[ns] = cells.names[c];
            series[ns] = calloc((size_t)n + 1, sizeof(double));
            for (int r = 0; r < n; r++) {
                const char *s = cells.cells[r][c];
                series[ns][r] = !strcmp(s, "NULL") ? NAN : strtod(s, NULL);
            }
            ns++;
        }
        if (!ns && cells.ncols == 1 && dt_is_numeric(cells.types[0])) {   /* one numeric column: index labels */
            names[0] = cells.names[0];
            series[0] = calloc((size_t)n + 1, sizeof(double));
            char **idx = calloc((size_t)n + 1, sizeof(char *));
            for (int r = 0; r < n; r++) {
                series[0][r] = !strcmp(cells.cells[r][0], "NULL") ? NAN : strtod(cells.cells[r][0], NULL);
                if (asprintf(&idx[r], "%d", r + 1) < 0) idx[r] = NULL;
                labels[r] = idx[r];
            }
            ns = 1;
            display_chart(I, text, chart, "row", labels, n, names, series, ns);
            for (int r = 0; r < n; r++) free(idx[r]);
            free(idx);
        } else if (!ns) {
            interp_printf(I, 2, "--chart: the result has no numeric column after the label column (%s), so there is nothing to draw\n",
                          cells.ncols ? cells.names[0] : "none");
        } else {
            display_chart(I, text, chart, cells.names[0], labels, n, names, series, ns);
        }
        for (int s = 0; s < ns; s++) free(series[s]);
        free(series);
        free(names);
        free(labels);
    }
    free(text);
    free(html);
    df_cells_free(&cells);
    return true;
}

static const char magic_usage[] =
    "usage: %%sql [-n MAXROWS] [-q] [--chart bar|line] [-o NAME]  (then the query on the next lines)\n"
    "  -n, --maxrows N   show at most N rows (default 2500; -1: all)\n"
    "  -q, --quiet       run the query, show nothing\n"
    "  -c, --chart KIND  also draw the rows as a bar or line chart (first column: labels)\n"
    "  -o, --output NAME bind the result DataFrame to NAME";

void sql_magic(Interp *I, const char *args, const char *body, CellResult *res) {
    memset(res, 0, sizeof *res);
    res->ok = true;
    long maxrows = 2500;
    bool quiet = false;
    char chart[16] = "";
    char outname[128] = "";
    /* options */
    char *a = strdup(args ? args : "");
    char *save = NULL;
    for (char *tok = strtok_r(a, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save)) {
        char *val = NULL;
        char *eq = strchr(tok, '=');
        if (eq && tok[0] == '-' && tok[1] == '-') { *eq = 0; val = eq + 1; }
        bool takes = !strcmp(tok, "-n") || !strcmp(tok, "--maxrows") || !strcmp(tok, "-c") || !strcmp(tok, "--chart") ||
                     !strcmp(tok, "-o") || !strcmp(tok, "--output") || !strcmp(tok, "-m") || !strcmp(tok, "--samplemethod") ||
                     !strcmp(tok, "-r") || !strcmp(tok, "--samplefraction");
        if (takes && !val) val = strtok_r(NULL, " \t\r", &save);
        if (takes && !val) {
            char msg[600];
            snprintf(msg, sizeof msg, "option %s needs a value\n%s", tok, magic_usage);
            set_error(res, "UsageError", msg);
            free(a);
            return;
        }
        if (!strcmp(tok, "-n") || !strcmp(tok, "--maxrows")) {
            char *end;
            maxrows = strtol(val, &end, 10);
            if (*end || (maxrows < 0 && maxrows != -1)) {
                char msg[600];
                snprintf(msg, sizeof msg, "-n needs a number of rows (or -1 for all), not '%s'\n%s", val, magic_usage);
                set_error(res, "UsageError", msg);
                free(a);
                return;
            }
        } else if (!strcmp(tok, "-q") || !strcmp(tok, "--quiet")) {
            quiet = true;
        } else if (!strcmp(tok, "-c") || !strcmp(tok, "--chart")) {
            if (strcmp(val, "bar") && strcmp(val, "line")) {
                char msg[600];
                snprintf(msg, sizeof msg, "--chart is bar or line, not '%s'\n%s", val, magic_usage);
                set_error(res, "UsageError", msg);
                free(a);
                return;
            }
            snprintf(chart, sizeof chart, "%s", val);
        } else if (!strcmp(tok, "-o") || !strcmp(tok, "--output")) {
            snprintf(outname, sizeof outname, "%s", val);
        } else if (!strcmp(tok, "-m") || !strcmp(tok, "--samplemethod") || !strcmp(tok, "-r") ||
                   !strcmp(tok, "--samplefraction")) {
            /* sparkmagic's sampling: the first rows are what this kernel shows */
        } else {
            char msg[600];
            snprintf(msg, sizeof msg, "unknown option %s\n%s", tok, magic_usage);
            set_error(res, "UsageError", msg);
            free(a);
            return;
        }
    }
    free(a);
    if (blank_sql(body ? body : "")) { set_error(res, "UsageError", "the %%sql cell has no query\n" "usage: %%sql [-n MAXROWS] [-q] [--chart bar|line] [-o NAME]"); return; }
    interp_lock(I);
    DfState *st = dfstate_for(I);
    if (!st) {
        interp_unlock(I);
        set_error(res, "java.lang.IllegalStateException", "no SparkSession: the DataFrame layer is not initialised");
        return;
    }
    Value df;
    char *ename = NULL, *err = NULL;
    if (!sql_query(st, body, &df, &ename, &err)) {
        interp_unlock(I);
        set_error(res, ename ? ename : "org.apache.spark.sql.AnalysisException", err ? err : "query failed");
        free(ename);
        free(err);
        return;
    }
    if (outname[0]) {
        val_incref(df);
        interp_register_global(I, outname, df, "val: DataFrame", "The result of a %%sql cell (-o).");
    }
    bool shown = true;
    char *en = NULL, *ev = NULL;
    if (!quiet) shown = sql_display_df(I, df_get(df), maxrows, chart[0] ? chart : NULL, body, &en, &ev);
    if (!shown) {
        set_error(res, en, ev);
        free(en);
        free(ev);
    }
    val_decref(df);
    interp_unlock(I);
    if (!res->ok) return;
}
