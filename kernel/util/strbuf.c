/* strbuf.c — the growable string buffer and the HTML escaper (see strbuf.h). */
#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void sb_init(StrBuf *sb) { sb->s = NULL; sb->len = sb->cap = 0; }

void sb_add(StrBuf *sb, const char *s, size_t n) {
    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap * 2 : 64;
        while (cap < sb->len + n + 1) cap *= 2;
        sb->s = mem_realloc(sb->s, cap);
        sb->cap = cap;
    }
    if (n) memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = 0;
}

void sb_puts(StrBuf *sb, const char *s) { sb_add(sb, s, strlen(s)); }

void sb_putc(StrBuf *sb, char c) { sb_add(sb, &c, 1); }

void sb_printf(StrBuf *sb, const char *fmt, ...) {
    va_list ap;
    char buf[256];
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof buf) { sb_add(sb, buf, (size_t)n); return; }
    char *big = mem_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(sb, big, (size_t)n);
    free(big);
}

void sb_utf8(StrBuf *sb, uint32_t cp) {
    char b[4];
    if (cp < 0x80) { b[0] = (char)cp; sb_add(sb, b, 1); }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); sb_add(sb, b, 2); }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); sb_add(sb, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); sb_add(sb, b, 4);
    }
}

char *sb_take(StrBuf *sb) {
    char *s = sb->s ? sb->s : mem_strdup("");
    sb_init(sb);
    return s;
}

void sb_reset(StrBuf *sb) {
    free(sb->s);
    sb_init(sb);
}

void sb_html(StrBuf *sb, const char *s, size_t n) {
    size_t run = 0;                       /* bytes before s[i] not yet added */
    for (size_t i = 0; i < n; i++) {
        const char *ent;
        switch (s[i]) {
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '&': ent = "&amp;"; break;
        case '"': ent = "&quot;"; break;
        default: run++; continue;
        }
        if (run) sb_add(sb, s + i - run, run);
        run = 0;
        sb_puts(sb, ent);
    }
    if (run) sb_add(sb, s + n - run, run);
}
