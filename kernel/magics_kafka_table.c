/* magics_kafka_table.c — the tables the Kafka magics show (%topics, %topic describe,
 * %consume): an HTML table with escaped cells, and a text table of aligned columns whose cells
 * are cut at 60 characters with newlines shown as \n (see magics_kafka_internal.h). */
#include "magics_kafka_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* ---- tables ---- */

void table_row(Table *t, char **cells) {
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = realloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof(char *));
    }
    memcpy(t->cells + (size_t)t->nrows * (size_t)t->ncols, cells, (size_t)t->ncols * sizeof(char *));
    t->nrows++;
}
void table_free(Table *t) {
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++) free(t->cells[i]);
    free(t->cells);
}
/* Display width of UTF-8 text (code points). */
static size_t utf8_width(const char *s, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) if (((unsigned char)s[i] & 0xC0) != 0x80) w++;
    return w;
}
/* The first `max` code points of s (with "..." when cut), and newlines shown as \n. */
static char *text_cell(const char *s, size_t max) {
    StrBuf b = {0};
    size_t w = 0;
    for (size_t i = 0; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (w == max) { sb_puts(&b, "..."); break; }
            w++;
        }
        if (s[i] == '\n') sb_puts(&b, "\\n");
        else if (s[i] == '\t') sb_puts(&b, " ");
        else sb_add(&b, &s[i], 1);
    }
    return sb_take(&b);
}
void table_show(Out *o, Table *t, const char *caption) {
    StrBuf h = {0}, x = {0};
    size_t *w = calloc((size_t)t->ncols, sizeof(size_t));
    char **tc = calloc((size_t)t->nrows * (size_t)t->ncols + 1, sizeof(char *));
    for (int c = 0; c < t->ncols; c++) w[c] = utf8_width(t->head[c], strlen(t->head[c]));
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            size_t i = (size_t)r * (size_t)t->ncols + (size_t)c;
            tc[i] = text_cell(t->cells[i] ? t->cells[i] : "null", 60);
            size_t cw = utf8_width(tc[i], strlen(tc[i]));
            if (cw > w[c]) w[c] = cw;
        }
    sb_puts(&h, "<table><thead><tr>");
    for (int c = 0; c < t->ncols; c++) {
        sb_printf(&h, "<th>%s</th>", t->head[c]);
        sb_printf(&x, "%s%-*s", c ? " | " : "", (int)w[c], t->head[c]);
    }
    sb_puts(&h, "</tr></thead><tbody>");
    sb_puts(&x, "\n");
    for (int c = 0; c < t->ncols; c++) {
        if (c) sb_puts(&x, "-+-");
        for (size_t k = 0; k < w[c]; k++) sb_puts(&x, "-");
    }
    sb_puts(&x, "\n");
    for (int r = 0; r < t->nrows; r++) {
        sb_puts(&h, "<tr>");
        for (int c = 0; c < t->ncols; c++) {
            size_t i = (size_t)r * (size_t)t->ncols + (size_t)c;
            const char *cell = t->cells[i];
            bool right = t->right && t->right[c];
            sb_printf(&h, "<td style=\"text-align:%s\">", right ? "right" : "left");
            if (cell) sb_html(&h, cell, strlen(cell));
            else sb_puts(&h, "<i>null</i>");
            sb_puts(&h, "</td>");
            size_t cw = utf8_width(tc[i], strlen(tc[i]));
            if (c) sb_puts(&x, " | ");
            if (right) for (size_t k = cw; k < w[c]; k++) sb_puts(&x, " ");
            sb_puts(&x, tc[i]);
            if (!right && c + 1 < t->ncols) for (size_t k = cw; k < w[c]; k++) sb_puts(&x, " ");
        }
        sb_puts(&h, "</tr>");
        sb_puts(&x, "\n");
    }
    sb_puts(&h, "</tbody></table>");
    if (caption) {
        sb_puts(&h, "<p>");
        sb_html(&h, caption, strlen(caption));
        sb_puts(&h, "</p>");
        sb_printf(&x, "%s\n", caption);
    }
    out_display(o, h.s, x.s);
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols; i++) free(tc[i]);
    free(tc);
    free(w);
    free(h.s);
    free(x.s);
}
char *fmt_ll(long long v) {
    char *s = NULL;
    if (asprintf(&s, "%lld", v) < 0) return NULL;
    return s;
}
