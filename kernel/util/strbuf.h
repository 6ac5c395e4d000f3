/* strbuf.h — the one growable string buffer of every layer, and the one HTML escaper.
 *
 * A StrBuf starts zeroed (`StrBuf b = {0};` or sb_init) and always holds a NUL-terminated
 * string once something was added. It grows through util/mem.h, so growth counts against the
 * memory budget and a failed allocation ends in mem.h's one out-of-memory report.
 */
#ifndef DSTREAM_UTIL_STRBUF_H
#define DSTREAM_UTIL_STRBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct StrBuf { char *s; size_t len, cap; } StrBuf;

void sb_init(StrBuf *sb);
void sb_add(StrBuf *sb, const char *s, size_t n);
void sb_puts(StrBuf *sb, const char *s);
void sb_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_putc(StrBuf *sb, char c);
void sb_utf8(StrBuf *sb, uint32_t cp);   /* one code point, UTF-8 encoded */
char *sb_take(StrBuf *sb);               /* the string, malloc'd (never NULL); the buffer is reset */
void sb_reset(StrBuf *sb);               /* frees the text; the buffer is empty again */

/* s[0..n) with <, >, & and " written as HTML entities (text and attribute values alike). */
void sb_html(StrBuf *sb, const char *s, size_t n);

#endif
