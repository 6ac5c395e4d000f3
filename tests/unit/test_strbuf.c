/* test_strbuf.c — the shared string buffer (util/strbuf.c): growth past the first block,
 * embedded NULs, printf short and longer than its stack buffer, UTF-8, the HTML escaper, and
 * take/reset leaving an empty buffer. */
#include "unit.h"

#include "util/strbuf.h"

#include <stdlib.h>

TEST(strbuf_grows_and_keeps_bytes) {
    StrBuf b = {0};
    for (int i = 0; i < 1000; i++) sb_putc(&b, (char)('a' + i % 26));
    CHECK_EQ_INT(b.len, 1000);
    CHECK(b.cap > b.len);
    CHECK_EQ_INT(b.s[1000], 0);
    CHECK_EQ_INT(b.s[0], 'a');
    CHECK_EQ_INT(b.s[999], 'a' + 999 % 26);
    sb_add(&b, "x\0y", 3);             /* bytes, not a C string */
    CHECK_EQ_INT(b.len, 1003);
    CHECK(memcmp(b.s + 1000, "x\0y", 4) == 0);
    sb_reset(&b);
    CHECK(b.s == NULL);
    CHECK_EQ_INT(b.len, 0);
    CHECK_EQ_INT(b.cap, 0);
}

TEST(strbuf_printf_short_and_long) {
    StrBuf b;
    sb_init(&b);
    sb_printf(&b, "%d-%s", 42, "x");
    CHECK_STR(b.s, "42-x");
    char big[600];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = 0;
    sb_printf(&b, "[%s]", big);        /* longer than sb_printf's 256-byte first try */
    CHECK_EQ_INT(b.len, 4 + 2 + 599);
    CHECK_EQ_INT(b.s[5], 'z');
    CHECK_EQ_INT(b.s[b.len - 1], ']');
    CHECK_EQ_INT(strlen(b.s), b.len);
    sb_reset(&b);
}

TEST(strbuf_utf8) {
    StrBuf b = {0};
    sb_utf8(&b, 'A');
    sb_utf8(&b, 0xE9);                 /* é */
    sb_utf8(&b, 0x20AC);               /* € */
    sb_utf8(&b, 0x1F600);              /* 😀 */
    CHECK_STR(b.s, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    sb_reset(&b);
}

TEST(strbuf_html_escapes_markup_and_quotes) {
    StrBuf b = {0};
    const char *s = "a<b>&\"c\" 'd'";
    sb_html(&b, s, strlen(s));
    CHECK_STR(b.s, "a&lt;b&gt;&amp;&quot;c&quot; 'd'");
    sb_html(&b, "<>", 1);              /* only the first n bytes */
    CHECK_STR(b.s, "a&lt;b&gt;&amp;&quot;c&quot; 'd'&lt;");
    char *t = sb_take(&b);
    StrBuf e = {0};
    sb_html(&e, "", 0);
    CHECK(e.s == NULL);                /* nothing added, nothing allocated */
    sb_html(&e, "plain", 5);
    CHECK_STR(e.s, "plain");
    sb_reset(&e);
    free(t);
}

TEST(strbuf_take_resets) {
    StrBuf b = {0};
    char *empty = sb_take(&b);         /* never NULL, even when nothing was added */
    CHECK_STR(empty, "");
    free(empty);
    sb_puts(&b, "hello");
    char *s = sb_take(&b);
    CHECK_STR(s, "hello");
    CHECK(b.s == NULL);
    CHECK_EQ_INT(b.len, 0);
    sb_puts(&b, "again");               /* the buffer is usable after take */
    CHECK_STR(b.s, "again");
    CHECK(b.s != s);
    free(s);
    sb_reset(&b);
}
