/* sql_errors.c — DuckDB's errors as Spark's: the exception class (ParseException,
 * ExtendedAnalysisException, AnalysisException, SparkException) and Spark 3.5's message with its
 * error class ([TABLE_OR_VIEW_NOT_FOUND], [UNRESOLVED_COLUMN.WITH_SUGGESTION], [MISSING_GROUP_BY],
 * [UNRESOLVED_ROUTINE], [PARSE_SYNTAX_ERROR] …) and "; line L pos P" where DuckDB's caret points.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spark/sql/df_internal.h"

/* ---- DuckDB's errors as Spark's ---- */

/* The quoted name after `key` in msg ("…with name X does not exist", "column \"X\""), copied to buf. */
static const char *error_name(const char *msg, const char *key, char *buf, size_t cap) {
    const char *p = strstr(msg, key);
    if (!p) return NULL;
    p += strlen(key);
    bool q = *p == '"';
    if (q) p++;
    size_t n = 0;
    while (*p && n < cap - 1 && (q ? *p != '"' : !isspace((unsigned char)*p) && *p != '!')) buf[n++] = *p++;
    buf[n] = 0;
    return buf;
}

/* Where DuckDB's caret points ("LINE 3: …" and a line with ^ under it): *line (1-based) and *pos
 * (0-based column in that line, as Spark counts). False when the message has none. */
static bool error_position(const char *msg, int *line, int *pos) {
    const char *l = strstr(msg, "\nLINE ");
    if (!l) return false;
    l += 6;
    *line = atoi(l);
    const char *colon = strstr(l, ": ");
    const char *nl = strchr(l, '\n');
    if (!colon || !nl || colon > nl) return false;
    const char *caret = strchr(nl + 1, '^');
    if (!caret) return false;
    *pos = (int)(caret - (nl + 1)) - (int)(colon + 2 - (l - 5));
    /* DuckDB shows a window of a long line ("..." before it): then the column is unknown */
    if (!strncmp(colon + 2, "...", 3) || *pos < 0) return false;
    return true;
}

/* Whether a query has a GROUP BY (as words, outside quotes; roughly). */
static bool has_group_by(const char *q) {
    char quote = 0;
    for (const char *s = q; *s; s++) {
        if (quote) { if (*s == quote) quote = 0; continue; }
        if (*s == '\'' || *s == '"' || *s == '`') { quote = *s; continue; }
        if ((s == q || !isalnum((unsigned char)s[-1])) && !strncasecmp(s, "group", 5) && isspace((unsigned char)s[5])) {
            const char *t = s + 5;
            while (isspace((unsigned char)*t)) t++;
            if (!strncasecmp(t, "by", 2) && !isalnum((unsigned char)t[2])) return true;
        }
    }
    return false;
}

void sql_error_text(const char *msg, const char *q, char **ename, char **evalue) {
    const char *an = "org.apache.spark.sql.AnalysisException";
    StrBuf b = {0};
    char name[256];
    if (msg[0] == FILL_FAILED) {   /* the exception a deferred table's source raised: "cls: message" */
        const char *sep = strstr(msg + 1, ": ");
        *ename = sep ? strndup(msg + 1, (size_t)(sep - msg - 1)) : strdup(msg + 1);
        *evalue = strdup(sep ? sep + 2 : "");
        return;
    }
    if (!strcmp(msg, "interrupted") || strstr(msg, "INTERRUPT Error")) {
        *ename = strdup("Interrupted");
        *evalue = strdup("the query was interrupted");
        return;
    }
    /* DuckDB's message without its LINE/caret part, for the "(DuckDB: …)" suffix */
    size_t mlen = strcspn(msg, "\n");
    int line = 0, pos = 0;
    bool at = error_position(msg, &line, &pos);
    /* the analyser's errors are Extended; an unknown function or arguments no function takes are not */
    if ((!strncmp(msg, "Binder Error: ", 14) || !strncmp(msg, "Catalog Error: ", 15)) &&
        !strstr(msg, "Function with name ") && !strstr(msg, "No function matches"))
        an = EXTENDED_ANALYSIS;
    if (strstr(msg, "Catalog Error: Table with name ") && error_name(msg, "Table with name ", name, sizeof name)) {
        sb_printf(&b, "[TABLE_OR_VIEW_NOT_FOUND] The table or view `%s` cannot be found. Verify the spelling and "
                      "correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify "
                      "the current_schema() output, or qualify the name with the correct schema and catalog.\nTo "
                      "tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.", name);
        if (at) sb_printf(&b, "; line %d pos %d", line, pos);
    } else if (strstr(msg, "Referenced column ") && error_name(msg, "Referenced column ", name, sizeof name) &&
               strstr(msg, "\nCandidate bindings: ")) {
        /* DuckDB lists the columns in scope ("name", "age" or "p.name"): Spark's suggestion order */
        const char *names[64];
        char *cands = strndup(strstr(msg, "\nCandidate bindings: ") + 21, strcspn(strstr(msg, "\nCandidate bindings: ") + 21, "\n"));
        int n = 0;
        for (char *p = cands, *e; n < 64 && (p = strchr(p, '"')) && (e = strchr(p + 1, '"')); p = e + 1) {
            *e = 0;
            names[n++] = p + 1;
        }
        StrBuf sug = {0};
        df_suggest(&sug, name, names, n, false);
        for (size_t i = 0; sug.s && i < sug.len; i++)   /* p.name → `p`.`name` */
            if (sug.s[i] == '.') sb_printf(&b, "`.`");
            else sb_putc(&b, sug.s[i]);
        char *list = sb_take(&b);
        sb_printf(&b, "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `%s` cannot "
                      "be resolved. Did you mean one of the following? %s.", name, list);
        if (at) sb_printf(&b, "; line %d pos %d", line, pos);
        free(list);
        sb_reset(&sug);
        free(cands);
    } else if (strstr(msg, "Referenced column ") && error_name(msg, "Referenced column ", name, sizeof name)) {
        sb_printf(&b, "[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function parameter with name `%s` cannot "
                      "be resolved. (DuckDB: %.*s)", name, (int)mlen, msg);
    } else if (strstr(msg, "must appear in the GROUP BY clause or must be part of an aggregate function") && q &&
               !has_group_by(q)) {
        sb_puts(&b, "[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn it into "
                    "the window functions using OVER clauses.");
        int l = 1, p = 0;   /* where the query starts */
        for (const char *s = q; *s && isspace((unsigned char)*s); s++)
            if (*s == '\n') { l++; p = 0; } else p++;
        sb_printf(&b, "; line %d pos %d", l, p);
    } else if (strstr(msg, "Function with name ") && error_name(msg, "Function with name ", name, sizeof name)) {
        sb_printf(&b, "[UNRESOLVED_ROUTINE] Cannot resolve function `%s` on search path [`system`.`builtin`, "
                      "`system`.`session`, `spark_catalog`.`default`].", name);
        if (at) sb_printf(&b, "; line %d pos %d", line, pos);
    } else if (!strncmp(msg, "Parser Error: ", 14)) {
        an = "org.apache.spark.sql.catalyst.parser.ParseException";
        const char *near = strstr(msg, "at or near ");
        if (near && error_name(msg, "at or near ", name, sizeof name))
            sb_printf(&b, "\n[PARSE_SYNTAX_ERROR] Syntax error at or near '%s'.", name);
        else
            sb_printf(&b, "\n[PARSE_SYNTAX_ERROR] Syntax error: %.*s.", (int)(mlen - 14), msg + 14);
        if (at) sb_printf(&b, "(line %d, pos %d)", line, pos);
        sb_printf(&b, "\n\n== SQL ==\n");
        /* the query, with Spark's ^^^ under the failing line */
        const char *s0 = q ? q : "";
        for (int ln = 1; *s0 || ln == 1; ln++) {
            size_t n = strcspn(s0, "\n");
            sb_add(&b, s0, n);
            sb_putc(&b, '\n');
            if (at && ln == line) sb_printf(&b, "%*s^^^\n", pos, "");
            s0 += n;
            if (!*s0) break;
            s0++;
        }
    } else if (!strncmp(msg, "Conversion Error: ", 18) || !strncmp(msg, "Out of Range Error: ", 20) ||
               !strncmp(msg, "Invalid Input Error: ", 21)) {
        an = "org.apache.spark.SparkException";
        sb_printf(&b, "%.*s", (int)mlen, msg);
    } else {
        sb_printf(&b, "%.*s", (int)mlen, msg);
    }
    *ename = strdup(an);
    *evalue = sb_take(&b);
}

bool sql_raise(Interp *I, const char *msg, const char *q) {
    char *en, *ev;
    sql_error_text(msg, q, &en, &ev);
    interp_throw(I, en, "%s", ev);
    free(en);
    free(ev);
    return false;
}

