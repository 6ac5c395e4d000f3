/* df_show.c — presenting a DataFrame's rows: fetching them as Spark's cast-to-string text
 * (df_cells), show()'s exact table (borders, cells right-aligned and cut to 20 characters when
 * truncating, "only showing top N rows"), the vertical form, an HTML table for Jupyter, the one
 * display_data that carries both, and printSchema().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/sql/df_internal.h"
#include "spark/structured/structured.h"

/* ---- fetching cells ---- */

static char *cell_text(DfCursor *c, int i, const DataType *t) {
    char buf[40];
    if (dfc_null(c, i)) return strdup("NULL");
    StrBuf b = {0};
    switch (t->kind) {
    case DT_BOOL: return strdup(dfc_int(c, i) ? "true" : "false");
    case DT_DOUBLE: return strdup(java_double(buf, dfc_double(c, i)));
    case DT_LONG: case DT_INT:
        snprintf(buf, sizeof buf, "%lld", dfc_int(c, i));
        return strdup(buf);
    case DT_BINARY: {           /* Spark: the bytes in hex, [7B 22 69] */
        size_t len;
        const unsigned char *bytes = (const unsigned char *)dfc_text(c, i, &len);
        sb_putc(&b, '[');
        for (size_t k = 0; k < len; k++) sb_printf(&b, k ? " %02X" : "%02X", bytes[k]);
        sb_putc(&b, ']');
        return sb_take(&b);
    }
    case DT_STRUCT: case DT_ARRAY: {
        json_t *j = dfc_json(c, i);
        StrBuf raw = {0};
        json_show_text(&raw, j, t);
        json_decref(j);
        sb_escape_meta(&b, raw.s ? raw.s : "", raw.len);
        sb_reset(&raw);
        return sb_take(&b);
    }
    default: {
        size_t len;
        const char *txt = dfc_text(c, i, &len);
        sb_escape_meta(&b, txt, len);
        return b.s ? sb_take(&b) : strdup("");
    }
    }
}

bool df_cells(Interp *I, DataFrame *df, long limit, DfCells *out, char **err) {
    (void)I;
    memset(out, 0, sizeof *out);
    *err = NULL;
    StrBuf q = {0};
    sb_printf(&q, "SELECT * FROM (%s)", df->sql);
    if (limit >= 0) sb_printf(&q, " LIMIT %ld", limit + 1);
    DfCursor cur;
    bool ok = dfc_open(df->st, q.s, &cur, err);
    sb_reset(&q);
    if (!ok) { dfc_close(&cur); return false; }
    int nc = df->schema->nfields;
    out->ncols = nc;
    out->names = calloc((size_t)nc + 1, sizeof(char *));
    out->types = calloc((size_t)nc + 1, sizeof(DataType *));
    for (int i = 0; i < nc; i++) {
        StrBuf h = {0};
        sb_escape_meta(&h, df->schema->fields[i].name, strlen(df->schema->fields[i].name));
        out->names[i] = sb_take(&h);
        out->types[i] = df->schema->fields[i].type;
    }
    int cap = 0;
    while (dfc_next(&cur)) {
        if (limit >= 0 && out->nrows >= limit) { out->has_more = true; break; }
        if (out->nrows == cap) {
            cap = cap ? cap * 2 : 16;
            out->cells = realloc(out->cells, (size_t)cap * sizeof *out->cells);
            if (!out->cells) abort();
        }
        char **row = calloc((size_t)nc + 1, sizeof(char *));
        for (int i = 0; i < nc; i++) row[i] = cell_text(&cur, i, out->types[i]);
        out->cells[out->nrows++] = row;
    }
    dfc_close(&cur);
    return true;
}

void df_cells_free(DfCells *c) {
    for (int r = 0; r < c->nrows; r++) {
        for (int i = 0; i < c->ncols; i++) free(c->cells[r][i]);
        free(c->cells[r]);
    }
    free(c->cells);
    for (int i = 0; i < c->ncols; i++) free(c->names[i]);
    free(c->names);
    free(c->types);
    memset(c, 0, sizeof *c);
}

/* ---- text widths (Spark's stringHalfWidth: full-width characters count two) ---- */

static unsigned utf8_next(const char **p) {
    const unsigned char *s = (const unsigned char *)*p;
    unsigned c = *s++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (extra) c &= 0x3F >> extra;
    for (int i = 0; i < extra && (*s & 0xC0) == 0x80; i++) c = (c << 6) | (*s++ & 0x3F);
    *p = (const char *)s;
    return c;
}

static bool wide(unsigned c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

static int text_width(const char *s) {
    int w = 0;
    while (*s) w += wide(utf8_next(&s)) ? 2 : 1;
    return w;
}

static int text_chars(const char *s) {   /* UTF-16 code units, as Java's length() */
    int n = 0;
    while (*s) n += utf8_next(&s) >= 0x10000 ? 2 : 1;
    return n;
}

/* The first n characters of s (malloc'd). */
static char *text_prefix(const char *s, int n) {
    const char *p = s;
    for (int i = 0; i < n && *p;) i += utf8_next(&p) >= 0x10000 ? 2 : 1;
    return strndup(s, (size_t)(p - s));
}

/* A cell as show() prints it: cut to truncate characters (17 + "..." for 20). malloc'd. */
static char *cut(const char *s, int truncate) {
    if (truncate > 0 && text_chars(s) > truncate) {
        if (truncate < 4) return text_prefix(s, truncate);
        char *p = text_prefix(s, truncate - 3);
        StrBuf b = {0};
        sb_puts(&b, p);
        sb_puts(&b, "...");
        free(p);
        return sb_take(&b);
    }
    return strdup(s);
}

static void pad(StrBuf *b, int n) { for (int i = 0; i < n; i++) sb_putc(b, ' '); }

/* ---- show() ---- */

char *df_show_text(const DfCells *c, int n, int truncate, bool vertical) {
    if (n > c->nrows) n = c->nrows;
    if (n < 0) n = 0;
    bool more = c->has_more || c->nrows > n;
    int nc = c->ncols;
    char ***rows = calloc((size_t)n + 1, sizeof *rows);   /* the cut cells */
    for (int r = 0; r < n; r++) {
        rows[r] = calloc((size_t)nc + 1, sizeof(char *));
        for (int i = 0; i < nc; i++) rows[r][i] = cut(c->cells[r][i], truncate);
    }
    StrBuf b = {0};
    if (!vertical) {
        int *w = calloc((size_t)nc + 1, sizeof(int));
        for (int i = 0; i < nc; i++) {
            w[i] = 3;
            int hw = text_width(c->names[i]);
            if (hw > w[i]) w[i] = hw;
            for (int r = 0; r < n; r++) {
                int cw = text_width(rows[r][i]);
                if (cw > w[i]) w[i] = cw;
            }
        }
        StrBuf sep = {0};
        sb_putc(&sep, '+');
        for (int i = 0; i < nc; i++) {
            for (int k = 0; k < w[i]; k++) sb_putc(&sep, '-');
            sb_putc(&sep, '+');
        }
        sb_putc(&sep, '\n');
        sb_puts(&b, sep.s);
        for (int r = -1; r < n; r++) {
            sb_putc(&b, '|');
            for (int i = 0; i < nc; i++) {
                const char *cell = r < 0 ? c->names[i] : rows[r][i];
                int fill = w[i] - text_width(cell);
                if (truncate > 0) pad(&b, fill);
                sb_puts(&b, cell);
                if (truncate <= 0) pad(&b, fill);
                sb_putc(&b, '|');
            }
            sb_putc(&b, '\n');
            if (r < 0) sb_puts(&b, sep.s);
        }
        sb_puts(&b, sep.s);
        sb_reset(&sep);
        free(w);
    } else {
        int nw = 3, dw = 3;
        for (int i = 0; i < nc; i++) if (text_width(c->names[i]) > nw) nw = text_width(c->names[i]);
        for (int r = 0; r < n; r++)
            for (int i = 0; i < nc; i++) if (text_width(rows[r][i]) > dw) dw = text_width(rows[r][i]);
        for (int r = 0; r < n; r++) {
            char head[48];
            snprintf(head, sizeof head, "-RECORD %d", r);
            sb_puts(&b, head);
            for (int k = (int)strlen(head); k < nw + dw + 5; k++) sb_putc(&b, '-');
            sb_putc(&b, '\n');
            for (int i = 0; i < nc; i++) {
                sb_putc(&b, ' ');
                sb_puts(&b, c->names[i]);
                pad(&b, nw - text_width(c->names[i]));
                sb_puts(&b, " | ");
                sb_puts(&b, rows[r][i]);
                pad(&b, dw - text_width(rows[r][i]));
                sb_puts(&b, " \n");
            }
        }
        if (n == 0) sb_puts(&b, "(0 rows)\n");
    }
    if (more && !(vertical && n == 0)) sb_printf(&b, "only showing top %d row%s\n", n, n == 1 ? "" : "s");
    for (int r = 0; r < n; r++) {
        for (int i = 0; i < nc; i++) free(rows[r][i]);
        free(rows[r]);
    }
    free(rows);
    return sb_take(&b);
}

/* ---- HTML ---- */

char *df_html(const DfCells *c, int n, int truncate) {
    if (n > c->nrows) n = c->nrows;
    if (n < 0) n = 0;
    StrBuf b = {0};
    sb_puts(&b, "<table class=\"dataframe\" border=\"1\">\n<thead>\n<tr style=\"text-align: right;\">");
    for (int i = 0; i < c->ncols; i++) {
        sb_puts(&b, "<th>");
        sb_html(&b, c->names[i], strlen(c->names[i]));
        sb_puts(&b, "</th>");
    }
    sb_puts(&b, "</tr>\n</thead>\n<tbody>\n");
    for (int r = 0; r < n; r++) {
        sb_puts(&b, "<tr>");
        for (int i = 0; i < c->ncols; i++) {
            char *cell = cut(c->cells[r][i], truncate);
            sb_puts(&b, "<td>");
            sb_html(&b, cell, strlen(cell));
            sb_puts(&b, "</td>");
            free(cell);
        }
        sb_puts(&b, "</tr>\n");
    }
    sb_puts(&b, "</tbody>\n</table>\n");
    if (c->has_more || c->nrows > n) sb_printf(&b, "<p>only showing top %d row%s</p>\n", n, n == 1 ? "" : "s");
    return sb_take(&b);
}

void df_display(Interp *I, const char *text, const char *html, json_t *extra) {
    const InterpHooks *h = interp_hooks(I);
    if (!h || !h->display) {
        interp_write(I, 1, text, strlen(text));
        json_decref(extra);
        return;
    }
    json_t *data = json_object();
    json_object_set_new(data, "text/plain", json_string(text));
    if (html) json_object_set_new(data, "text/html", json_string(html));
    if (extra) json_object_update(data, extra);
    json_decref(extra);
    json_t *meta = json_object();
    h->display(h->ud, data, meta, NULL, false);
    json_decref(data);
    json_decref(meta);
}

/* df.show(numRows = 20, truncate = true|Int, vertical = false) */
static bool df_show(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df || !structured_guard_batch(c->I, df)) return false;
    int64_t n = 20;
    int truncate = 20;
    bool vertical = false;
    for (int i = 0; i < c->argc; i++) {
        const char *nm = c->names ? c->names[i] : NULL;
        Value a = c->argv[i];
        if (nm ? !strcmp(nm, "numRows") : (i == 0 && a.t != T_BOOL)) {
            if (!arg_long(c, i, &n)) return false;
        } else if (nm ? !strcmp(nm, "truncate") : (i == 0 || i == 1)) {
            if (a.t == T_BOOL) truncate = a.u.b ? 20 : 0;
            else {
                int64_t t;
                if (!arg_long(c, i, &t)) return false;
                truncate = t < 0 ? 0 : t > 100000 ? 100000 : (int)t;
            }
        } else if (nm ? !strcmp(nm, "vertical") : i == 2) {
            if (!arg_bool(c, i, &vertical)) return false;
        } else {
            return interp_throw(c->I, "java.lang.IllegalArgumentException", "show: unexpected argument %s", nm ? nm : "");
        }
    }
    if (n < 0) n = 0;
    if (n > 1000000) n = 1000000;
    DfCells cells;
    char *err = NULL;
    if (!df_cells(c->I, df, n, &cells, &err)) {
        bool r = sql_raise(c->I, err ? err : "the rows could not be read", df->sql);
        free(err);
        return r;
    }
    char *text = df_show_text(&cells, (int)n, truncate, vertical);
    StrBuf t = {0};
    sb_puts(&t, text);
    sb_putc(&t, '\n');   /* show() is println(showString(...)) */
    char *html = df_html(&cells, (int)n, truncate);
    df_display(c->I, t.s, html, NULL);
    sb_reset(&t);
    free(text);
    free(html);
    df_cells_free(&cells);
    *out = v_unit();
    return true;
}

static bool df_print_schema(Call *c, Value *out) {
    DataFrame *df = df_self(c);
    if (!df) return false;
    StrBuf b = {0};
    dt_tree(&b, df->schema);
    sb_putc(&b, '\n');
    interp_write(c->I, 1, b.s, b.len);
    sb_reset(&b);
    *out = v_unit();
    return true;
}

const MethodDef df_show_methods[] = {
    METHOD("show", df_show, 0, 3, "def show(numRows: Int = 20, truncate: Boolean = true, vertical: Boolean = false): Unit",
      "Displays the first numRows rows as Spark's text table (cells cut to 20 characters unless truncate = false), with an HTML table for Jupyter."),
    METHOD("printSchema", df_print_schema, 0, 1, "def printSchema(): Unit", "Prints the schema as Spark's tree."),
};
const int df_show_nmethods = NMETHODS(df_show_methods);
