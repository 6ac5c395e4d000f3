/* test_lex.c — unit tests of the lexer (kernel/lang/lex.c): tokens, literals, positions,
 * interpolated strings, comments, newline inference and lexical errors. */
#include "unit.h"

#include "lang/lex.h"

#include <stdlib.h>

static char out[8192];
static ParseError lerr;

static void append(const char *s) {
    size_t n = strlen(out);
    snprintf(out + n, sizeof out - n, "%s%s", n ? " " : "", s);
}

/* The tokens of src in a compact form: names and spellings as written, ";" for a newline
 * token, literals as kind:value; or "error L:C: message". */
static const char *toks(const char *src) {
    Arena *a = arena_new(), *s = arena_new();
    int n = 0;
    Token *t = lex_source(a, s, src, strlen(src), &n, &lerr);
    out[0] = '\0';
    if (!t) {
        snprintf(out, sizeof out, "error %d:%d: %s", lerr.line, lerr.col, lerr.msg);
    } else {
        char buf[512];
        for (int i = 0; i < n && t[i].kind != T_EOF; i++) {
            const Token *k = &t[i];
            switch (k->kind) {
            case T_NL: append(";"); break;
            case T_IDENT: case T_OPID: append(k->text); break;
            case T_BQIDENT: snprintf(buf, sizeof buf, "`%s`", k->text); append(buf); break;
            case T_INT: snprintf(buf, sizeof buf, "int:%llu", (unsigned long long)k->uval); append(buf); break;
            case T_LONG: snprintf(buf, sizeof buf, "long:%llu", (unsigned long long)k->uval); append(buf); break;
            case T_DOUBLE: snprintf(buf, sizeof buf, "double:%g", k->dval); append(buf); break;
            case T_FLOAT: snprintf(buf, sizeof buf, "float:%g", k->dval); append(buf); break;
            case T_CHAR: snprintf(buf, sizeof buf, "char:%llu", (unsigned long long)k->uval); append(buf); break;
            case T_STRING: snprintf(buf, sizeof buf, "str:[%s]", k->text); append(buf); break;
            case T_INTERP: {
                int len = snprintf(buf, sizeof buf, "%s\"", k->text);
                for (int j = 0; j < k->nparts; j++) {
                    const InterpPart *p = &k->parts[j];
                    if (!p->is_expr) len += snprintf(buf + len, sizeof buf - len, "[%s]", p->text);
                    else len += snprintf(buf + len, sizeof buf - len, "{%d toks}", p->ntoks - 1);
                    if (len >= (int)sizeof buf) break;
                }
                append(buf);
                break;
            }
            default: append(tok_spelling(k->kind)); break;
            }
        }
    }
    arena_free(a);
    arena_free(s);
    return out;
}

/* the position "line:col" of the i-th token */
static const char *pos_of(const char *src, int i) {
    Arena *a = arena_new(), *s = arena_new();
    int n = 0;
    Token *t = lex_source(a, s, src, strlen(src), &n, &lerr);
    if (t && i < n) snprintf(out, sizeof out, "%d:%d-%d:%d", t[i].line, t[i].col, t[i].end_line, t[i].end_col);
    else snprintf(out, sizeof out, "none");
    arena_free(a);
    arena_free(s);
    return out;
}

TEST(lex_identifiers_and_keywords) {
    CHECK_STR(toks("val x = foo_bar1 $y _z"), "val x = foo_bar1 $y _z");
    CHECK_STR(toks("if else while do for yield match case class object trait"),
              "if else while do for yield match case class object trait");
    CHECK_STR(toks("a+b a :: b x_+ unary_-"), "a + b a :: b x_+ unary_-");
    CHECK_STR(toks("`type` `my name`"), "`type` `my name`");
    CHECK_STR(toks("xs: _*"), "xs : _ *");
    CHECK_STR(toks("_._2"), "_ . _2");
}

TEST(lex_reserved_symbols) {
    CHECK_STR(toks("( ) [ ] { } , ; . : = => <- <: >: <% @ # _"),
              "( ) [ ] { } , ; . : = => <- <: >: <% @ # _");
    CHECK_STR(toks("a == b != c <= d >= e += f ++= g -> h"),
              "a == b != c <= d >= e += f ++= g -> h");
    CHECK_STR(toks("x=>y"), "x => y");
    CHECK_STR(toks("a:+b +:c"), "a :+ b +: c");
}

TEST(lex_integers) {
    CHECK_STR(toks("0 42 2147483647 2147483648 0x1F 0Xff 10L 5l 1_000_000"),
              "int:0 int:42 int:2147483647 int:2147483648 int:31 int:255 long:10 long:5 int:1000000");
    CHECK_STR(toks("0xFFFFFFFFFFFFFFFFL"), "long:18446744073709551615");
    CHECK_STR(toks("99999999999999999999"), "error 1:1: integer number too large");
    CHECK_STR(toks("x = 012"), "error 1:5: decimal integer literals may not have a leading zero");
    CHECK_STR(toks("0x"), "error 1:1: invalid hexadecimal literal");
    CHECK_STR(toks("12abc"), "error 1:1: invalid character in number literal");
    CHECK_STR(toks("1.toString"), "int:1 . toString");
}

TEST(lex_floats) {
    CHECK_STR(toks("1.0 1e3 .5 1.5f 2F 1.0d 3D 2.5e-3 1E+2"),
              "double:1 double:1000 double:0.5 float:1.5 float:2 double:1 double:3 double:0.0025 double:100");
    CHECK_STR(toks("1e999"), "error 1:1: floating-point number too large");
    CHECK_STR(toks("1e39f"), "error 1:1: floating-point number too large");
    CHECK_STR(toks("1.5L"), "error 1:1: invalid number literal");
}

TEST(lex_chars) {
    CHECK_STR(toks("'a' '\\n' '\\u0041' '\\'' '\\\\' '\"'"),
              "char:97 char:10 char:65 char:39 char:92 char:34");
    CHECK_STR(toks("'\xc3\xa9'"), "char:233");
    CHECK_STR(toks("''"), "error 1:1: empty character literal");
    CHECK_STR(toks("'ab'"), "error 1:1: unsupported: symbol literals");
    CHECK_STR(toks("'a"), "error 1:1: unsupported: symbol literals");
    CHECK_STR(toks("'1"), "error 1:1: unclosed character literal");
    CHECK_STR(toks("'\\q'"), "error 1:2: invalid escape character");
}

TEST(lex_strings) {
    CHECK_STR(toks("\"hello\" \"a\\tb\" \"q\\\"q\" \"\\u00e9\""),
              "str:[hello] str:[a\tb] str:[q\"q] str:[\xc3\xa9]");
    CHECK_STR(toks("\"\\uD83D\\uDE00\""), "str:[\xf0\x9f\x98\x80]");
    CHECK_STR(toks("\"\""), "str:[]");
    CHECK_STR(toks("\"\"\"a\nb \\n \"q\" \"\"\""), "str:[a\nb \\n \"q\" ]");
    CHECK_STR(toks("\"\"\"x\"\"\"\"\""), "str:[x\"\"]");
    CHECK_STR(toks("val s = \"abc"), "error 1:9: unclosed string literal");
    CHECK(!lerr.incomplete);
    CHECK_STR(toks("\"ab\ncd\""), "error 1:1: unclosed string literal");
    CHECK_STR(toks("x = \"\"\"abc\n"), "error 1:5: unclosed multi-line string literal");
    CHECK(lerr.incomplete);
    CHECK_STR(toks("\"a\\x\""), "error 1:3: invalid escape character");
}

TEST(lex_interpolation) {
    CHECK_STR(toks("s\"a $x b\""), "s\"[a ]{1 toks}[ b]");
    CHECK_STR(toks("s\"${a + b}!\""), "s\"[]{3 toks}[!]");
    CHECK_STR(toks("s\"$$ and $\"\""), "s\"[$ and \"]");
    CHECK_STR(toks("f\"$x%.2f\\n\""), "f\"[]{1 toks}[%.2f\n]");
    CHECK_STR(toks("raw\"a\\nb$x\""), "raw\"[a\\nb]{1 toks}[]");
    CHECK_STR(toks("s\"${m.map { x => s\"<${x}>\" }}\""), "s\"[]{8 toks}[]");
    CHECK_STR(toks("s\"\"\"multi\nline $x\"\"\""), "s\"[multi\nline ]{1 toks}[]");
    CHECK_STR(toks("$\"user.name\".as(\"n\")"), "$\"[user.name] . as ( str:[n] )");
    CHECK_STR(toks("s\"a $ b\""),
              "error 1:5: invalid string interpolation: expected '$$', '$name' or '${expression}'");
    CHECK_STR(toks("s\"abc"), "error 1:1: unclosed string literal");
    CHECK_STR(toks("s\"$1\""),
              "error 1:3: invalid string interpolation: expected '$$', '$name' or '${expression}'");
    CHECK_STR(toks("s\"$\xc2\xa0\""),
              "error 1:3: invalid string interpolation: expected '$$', '$name' or '${expression}'");
    CHECK_STR(toks("s\"$\xce\xbb!\""), "s\"[]{1 toks}[!]");
    CHECK_STR(toks("s\"${x"), "error 1:6: unclosed string interpolation");
    CHECK(lerr.incomplete);
}

TEST(lex_interpolation_nested_depth) {
    /* 40 nested interpolations: a clean error, no stack overflow */
    char src[1024] = "";
    for (int i = 0; i < 40; i++) strcat(src, "s\"${");
    strcat(src, "1");
    for (int i = 0; i < 40; i++) strcat(src, "}\"");
    CHECK(strstr(toks(src), "nested too deeply") != NULL);
}

TEST(lex_comments) {
    CHECK_STR(toks("a // comment\nb"), "a ; b");
    CHECK_STR(toks("a /* x /* nested */ y */ b"), "a b");
    CHECK_STR(toks("a /* line\nbreak */ b"), "a ; b");
    CHECK_STR(toks("a +// c\n b"), "a + b");
    CHECK_STR(toks("x /* open /* */"), "error 1:3: unclosed comment");
    CHECK(lerr.incomplete);
}

TEST(lex_positions) {
    const char *src = "val x = 1\n  foo(\"é\", 2)";
    CHECK_STR(pos_of(src, 0), "1:1-1:4");
    CHECK_STR(pos_of(src, 3), "1:9-1:10");
    CHECK_STR(pos_of(src, 4), "1:10-1:10"); /* the newline token, at the end of line 1 */
    CHECK_STR(pos_of(src, 5), "2:3-2:6");
    CHECK_STR(pos_of(src, 7), "2:7-2:10"); /* columns count characters, not bytes */
    CHECK_STR(pos_of(src, 9), "2:12-2:13");
    CHECK_STR(pos_of("s\"a${x}\"", 0), "1:1-1:9");
}

TEST(lex_newline_inference) {
    CHECK_STR(toks("val a = 1\nval b = 2"), "val a = int:1 ; val b = int:2");
    /* leading dot: method chaining continues the statement */
    CHECK_STR(toks("stream\n  .map(f)\n  .filter(g)\nx"), "stream . map ( f ) . filter ( g ) ; x");
    /* a trailing infix operator, '=', ',', '(' or '=>' continue it */
    CHECK_STR(toks("a +\n b"), "a + b");
    CHECK_STR(toks("val x =\n 1"), "val x = int:1");
    CHECK_STR(toks("f(a,\n b)"), "f ( a , b )");
    CHECK_STR(toks("xs.map { x =>\n x }"), "xs . map { x => x }");
    /* inside parentheses and brackets no newline tokens */
    CHECK_STR(toks("f(a\n , b\n)"), "f ( a , b )");
    CHECK_STR(toks("(a\nb)"), "( a b )");
    /* inside braces they come back */
    CHECK_STR(toks("f({\na\nb\n})"), "f ( { a ; b } )");
    /* else, catch, match, yield ... cannot begin a statement */
    CHECK_STR(toks("if (c) a\nelse b"), "if ( c ) a else b");
    CHECK_STR(toks("try a\ncatch b\nfinally c"), "try a catch b finally c");
    CHECK_STR(toks("x\nmatch { case 1 => 2\ncase _ => 3 }"),
              "x match { case int:1 => int:2 case _ => int:3 }");
    /* but `case class` can */
    CHECK_STR(toks("x\ncase class A()"), "x ; case class A ( )");
    /* several blank lines: one newline token */
    CHECK_STR(toks("a\n\n\nb"), "a ; b");
    /* keywords that cannot end a statement */
    CHECK_STR(toks("val\nx"), "val x");
    CHECK_STR(toks("return\nx"), "return ; x");
    /* the parentheses of a for allow newlines between enumerators */
    CHECK_STR(toks("for (x <- xs\n y <- ys) yield (x\n, y)"),
              "for ( x <- xs ; y <- ys ) yield ( x , y )");
}

TEST(lex_unicode) {
    CHECK_STR(toks("val \xc3\xa0" "b\xc3\xa9 = \xce\xbb"), "val \xc3\xa0" "b\xc3\xa9 = \xce\xbb");
    /* no-break spaces and a byte-order mark are whitespace */
    CHECK_STR(toks("\xef\xbb\xbfval\xc2\xa0x = 1"), "val x = int:1");
    /* the Unicode arrows of Scala 2 */
    CHECK_STR(toks("x \xe2\x87\x92 y\nfor (a \xe2\x86\x90 b)"), "x => y ; for ( a <- b )");
    CHECK_STR(toks("println(\xe2\x80\x9chi\xe2\x80\x9d)"),
              "error 1:9: illegal character '\xe2\x80\x9c' (a typographic quote: use ' or \")");
}

TEST(lex_illegal_characters) {
    CHECK_STR(toks("a \x01 b"), "error 1:3: illegal character '\\x01'");
    const char nul[] = {'a', ' ', '\0', 'b'};
    Arena *a = arena_new(), *s = arena_new();
    int n;
    CHECK(lex_source(a, s, nul, sizeof nul, &n, &lerr) == NULL);
    CHECK_EQ_INT(lerr.col, 3);
    arena_free(a);
    arena_free(s);
    CHECK_STR(toks("`abc"), "error 1:1: unclosed quoted identifier");
    CHECK_STR(toks("a `\x01op` b"), "error 1:3: unclosed quoted identifier");
}

TEST(lex_deep_nesting) {
    char *src = malloc(3001);
    memset(src, '(', 3000);
    src[3000] = '\0';
    CHECK(strstr(toks(src), "too deeply nested") != NULL);
    free(src);
}
