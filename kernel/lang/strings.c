/* strings.c — java.lang.String's and Scala's StringOps methods (split, trim, substring,
 * replaceAll, toInt, format, …), StringBuilder, number parsing with Java's exceptions, and the
 * translation of the Java regular expressions programs use into POSIX extended ones.
 * Strings also have every Seq method (they are sequences of Chars), through the Seq class.
 */
#include "lang/internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static StrObj *self_str(Call *c) { return as_str(c->self); }

/* ---- number parsing ---- */

static bool number_format(Interp *I, const char *s) {
    return interp_throw(I, "java.lang.NumberFormatException", "For input string: \"%s\"", s);
}

bool parse_long_str(Interp *I, const char *s, int64_t lo, int64_t hi, int64_t *out) {
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return number_format(I, s);
    for (const char *q = p; *q; q++) if (!isdigit((unsigned char)*q)) return number_format(I, s);
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi) return number_format(I, s);
    *out = v;
    return true;
}

bool parse_double_str(Interp *I, const char *s, double *out) {
    const char *b = s;
    while (isspace((unsigned char)*b)) b++;
    char *end;
    if (!*b) return number_format(I, s);
    errno = 0;
    double d = strtod(b, &end);
    while (*end == 'd' || *end == 'D' || *end == 'f' || *end == 'F') end++;
    while (isspace((unsigned char)*end)) end++;
    if (*end || (isalpha((unsigned char)*b) && strncmp(b, "NaN", 3) && strncmp(b, "Infinity", 8)))
        return number_format(I, s);
    *out = d;
    return true;
}

/* ---- Java regex → POSIX ERE ---- */

static bool translate_regex(Interp *I, const char *java, StrBuf *out) {
    bool in_class = false;
    for (const char *p = java; *p; p++) {
        char ch = *p;
        if (ch == '\\' && p[1]) {
            char e = *++p;
            const char *rep = NULL;
            switch (e) {
            case 'd': rep = in_class ? "0-9" : "[0-9]"; break;
            case 'D': rep = in_class ? NULL : "[^0-9]"; break;
            case 's': rep = in_class ? "[:space:]" : "[[:space:]]"; break;
            case 'S': rep = in_class ? NULL : "[^[:space:]]"; break;
            case 'w': rep = in_class ? "[:alnum:]_" : "[[:alnum:]_]"; break;
            case 'W': rep = in_class ? NULL : "[^[:alnum:]_]"; break;
            case 't': rep = "\t"; break;
            case 'n': rep = "\n"; break;
            case 'r': rep = "\r"; break;
            case 'b': rep = in_class ? NULL : "\\b"; break;
            default:
                if (in_class) { if (e == ']' || e == '\\' || e == '^' || e == '-') { sb_putc(out, '\\'); } sb_putc(out, e); }
                else { sb_putc(out, '\\'); sb_putc(out, e); }
                continue;
            }
            if (!rep) return interp_throw(I, "java.util.regex.PatternSyntaxException", "unsupported escape \\%c in a character class: %s", e, java);
            sb_puts(out, rep);
            continue;
        }
        if (!in_class && (ch == '*' || ch == '+' || ch == '?' || ch == '}') && (p[1] == '?' || p[1] == '+'))
            return interp_throw(I, "java.util.regex.PatternSyntaxException", "lazy and possessive quantifiers are not supported: %s", java);
        if (!in_class && ch == '(' && p[1] == '?')
            return interp_throw(I, "java.util.regex.PatternSyntaxException", "(?…) groups are not supported: %s", java);
        if (ch == '[' && !in_class) { in_class = true; sb_putc(out, ch); if (p[1] == '^') { sb_putc(out, '^'); p++; } if (p[1] == ']') { sb_putc(out, ']'); p++; } continue; }
        if (ch == ']' && in_class) in_class = false;
        sb_putc(out, ch);
    }
    return true;
}

static bool compile_regex(Interp *I, const char *java, regex_t *re) {
    StrBuf sb; sb_init(&sb);
    if (!translate_regex(I, java, &sb)) { free(sb_take(&sb)); return false; }
    char *posix = sb_take(&sb);
    int rc = regcomp(re, posix, REG_EXTENDED);
    free(posix);
    if (rc) {
        char msg[128];
        regerror(rc, re, msg, sizeof msg);
        return interp_throw(I, "java.util.regex.PatternSyntaxException", "%s near index 0\n%s", msg, java);
    }
    return true;
}

static bool is_literal_regex(const char *r, char *lit) {
    if (r[0] && !r[1] && !strchr(".$|()[{^?*+\\", r[0])) { *lit = r[0]; return true; }
    if (r[0] == '\\' && r[1] && !r[2] && !isalnum((unsigned char)r[1])) { *lit = r[1]; return true; }
    return false;
}

/* ---- methods ---- */

static bool s_length(Call *c, Value *out) {
    StrObj *s = self_str(c);
    size_t n = 0;
    for (size_t i = 0; i < s->len; i++) if (((unsigned char)s->s[i] & 0xC0) != 0x80) n++;
    *out = v_int((int32_t)n);
    return true;
}

/* Byte offset of code point index i (or len when past the end). */
static size_t cp_offset(StrObj *s, int64_t i) {
    size_t off = 0;
    for (int64_t k = 0; k < i && off < s->len; k++) {
        off++;
        while (off < s->len && ((unsigned char)s->s[off] & 0xC0) == 0x80) off++;
    }
    return off;
}
static int64_t cp_len(StrObj *s) {
    int64_t n = 0;
    for (size_t i = 0; i < s->len; i++) if (((unsigned char)s->s[i] & 0xC0) != 0x80) n++;
    return n;
}

static bool s_charat(Call *c, Value *out) {
    int64_t i;
    if (!arg_long(c, 0, &i)) return false;
    StrObj *s = self_str(c);
    if (i < 0 || i >= cp_len(s))
        return interp_throw(c->I, "java.lang.StringIndexOutOfBoundsException", "index %lld, length %lld", (long long)i, (long long)cp_len(s));
    Value *items; size_t n;
    iter_items(c->I, c->self, &items, &n);
    *out = items[i];
    free_items(items, n);
    return true;
}

static bool s_substring(Call *c, Value *out) {
    int64_t a, b;
    StrObj *s = self_str(c);
    int64_t n = cp_len(s);
    if (!arg_long(c, 0, &a)) return false;
    b = n;
    if (c->argc > 1 && !arg_long(c, 1, &b)) return false;
    if (a < 0 || b > n || a > b)
        return interp_throw(c->I, "java.lang.StringIndexOutOfBoundsException", "begin %lld, end %lld, length %lld",
                            (long long)a, (long long)b, (long long)n);
    size_t oa = cp_offset(s, a), ob = cp_offset(s, b);
    *out = str_new(s->s + oa, ob - oa);
    return true;
}

static bool s_trim(Call *c, Value *out) {
    StrObj *s = self_str(c);
    size_t a = 0, b = s->len;
    while (a < b && (unsigned char)s->s[a] <= ' ') a++;
    while (b > a && (unsigned char)s->s[b - 1] <= ' ') b--;
    *out = str_new(s->s + a, b - a);
    return true;
}

static bool s_case(Call *c, Value *out, bool upper) {
    StrObj *s = self_str(c);
    Value r = str_new(s->s, s->len);
    char *p = as_str(r)->s;
    for (size_t i = 0; i < s->len; i++) p[i] = (char)(upper ? toupper((unsigned char)p[i]) : tolower((unsigned char)p[i]));
    *out = r;
    return true;
}
static bool s_upper(Call *c, Value *out) { return s_case(c, out, true); }
static bool s_lower(Call *c, Value *out) { return s_case(c, out, false); }

static bool s_startswith(Call *c, Value *out) {
    const char *p;
    if (!arg_string(c, 0, &p)) return false;
    size_t n = strlen(p);
    *out = v_bool(self_str(c)->len >= n && memcmp(self_str(c)->s, p, n) == 0);
    return true;
}
static bool s_endswith(Call *c, Value *out) {
    const char *p;
    if (!arg_string(c, 0, &p)) return false;
    size_t n = strlen(p);
    StrObj *s = self_str(c);
    *out = v_bool(s->len >= n && memcmp(s->s + s->len - n, p, n) == 0);
    return true;
}
static bool s_contains(Call *c, Value *out) {
    if (c->argc == 1 && c->argv[0].t == T_CHAR) {
        StrBuf sb; sb_init(&sb);
        sb_utf8(&sb, c->argv[0].u.c);
        char *ch = sb_take(&sb);
        *out = v_bool(strstr(self_str(c)->s, ch) != NULL);
        free(ch);
        return true;
    }
    const char *p;
    if (!arg_string(c, 0, &p)) return false;
    *out = v_bool(strstr(self_str(c)->s, p) != NULL);
    return true;
}
static int64_t byte_to_cp(StrObj *s, size_t off) {
    int64_t n = 0;
    for (size_t i = 0; i < off && i < s->len; i++) if (((unsigned char)s->s[i] & 0xC0) != 0x80) n++;
    return n;
}
static bool s_indexof(Call *c, Value *out, bool last) {
    StrObj *s = self_str(c);
    char buf[8];
    const char *p;
    if (c->argc >= 1 && c->argv[0].t == T_CHAR) {
        StrBuf sb; sb_init(&sb);
        sb_utf8(&sb, c->argv[0].u.c);
        snprintf(buf, sizeof buf, "%s", sb.s);
        free(sb_take(&sb));
        p = buf;
    } else if (!arg_string(c, 0, &p)) return false;
    int64_t from = 0;
    if (c->argc > 1 && !arg_long(c, 1, &from)) return false;
    const char *hit = NULL;
    if (!last) hit = strstr(s->s + cp_offset(s, from < 0 ? 0 : from), p);
    else for (const char *q = strstr(s->s, p); q; q = strstr(q + 1, p)) hit = q;
    *out = v_int(hit ? (int32_t)byte_to_cp(s, (size_t)(hit - s->s)) : -1);
    return true;
}
static bool s_indexof1(Call *c, Value *out) { return s_indexof(c, out, false); }
static bool s_lastindexof(Call *c, Value *out) { return s_indexof(c, out, true); }

static bool s_replace(Call *c, Value *out) {
    StrBuf pat, rep; sb_init(&pat); sb_init(&rep);
    for (int i = 0; i < 2; i++) {
        if (i >= c->argc) return interp_throw(c->I, "error", "replace needs two arguments");
        if (c->argv[i].t == T_CHAR) sb_utf8(i ? &rep : &pat, c->argv[i].u.c);
        else if (c->argv[i].t == T_STR) sb_puts(i ? &rep : &pat, as_str(c->argv[i])->s);
        else { free(sb_take(&pat)); free(sb_take(&rep)); return interp_throw(c->I, "error", "replace needs Strings or Chars"); }
    }
    char *p = sb_take(&pat), *r = sb_take(&rep);
    StrObj *s = self_str(c);
    StrBuf sb; sb_init(&sb);
    size_t pl = strlen(p);
    const char *cur = s->s;
    if (pl == 0) sb_puts(&sb, cur);
    else {
        for (const char *hit; (hit = strstr(cur, p)); cur = hit + pl) {
            sb_add(&sb, cur, (size_t)(hit - cur));
            sb_puts(&sb, r);
        }
        sb_puts(&sb, cur);
    }
    free(p);
    free(r);
    if (!sb.s) sb_add(&sb, "", 0);
    *out = str_take(sb_take(&sb));
    return true;
}

/* Appends a Java replacement string ($1, \$) for a match. */
static void add_replacement(StrBuf *sb, const char *rep, const char *src, const regmatch_t *m) {
    for (const char *r = rep; *r; r++) {
        if (*r == '\\' && r[1]) { sb_putc(sb, *++r); continue; }
        if (*r == '$' && isdigit((unsigned char)r[1])) {
            int g = r[1] - '0';
            r++;
            if (g < 10 && m[g].rm_so >= 0) sb_add(sb, src + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
            continue;
        }
        sb_putc(sb, *r);
    }
}

static bool replace_regex(Call *c, Value *out, bool all) {
    const char *pat, *rep;
    if (!arg_string(c, 0, &pat) || !arg_string(c, 1, &rep)) return false;
    regex_t re;
    if (!compile_regex(c->I, pat, &re)) return false;
    StrObj *s = self_str(c);
    StrBuf sb; sb_init(&sb);
    const char *cur = s->s;
    regmatch_t m[10];
    int flags = 0;
    while (*cur || cur == s->s) {
        if (regexec(&re, cur, 10, m, flags) != 0) break;
        sb_add(&sb, cur, (size_t)m[0].rm_so);
        add_replacement(&sb, rep, cur, m);
        if (m[0].rm_eo == m[0].rm_so) {   /* empty match: step one character */
            if (!cur[m[0].rm_eo]) { cur += m[0].rm_eo; break; }
            sb_putc(&sb, cur[m[0].rm_eo]);
            cur += m[0].rm_eo + 1;
        } else cur += m[0].rm_eo;
        flags = REG_NOTBOL;
        if (!all) break;
    }
    sb_puts(&sb, cur);
    regfree(&re);
    if (!sb.s) sb_add(&sb, "", 0);
    *out = str_take(sb_take(&sb));
    return true;
}
static bool s_replaceall(Call *c, Value *out) { return replace_regex(c, out, true); }
static bool s_replacefirst(Call *c, Value *out) { return replace_regex(c, out, false); }

static bool s_matches(Call *c, Value *out) {
    const char *pat;
    if (!arg_string(c, 0, &pat)) return false;
    StrBuf sb; sb_init(&sb);
    sb_puts(&sb, "^(");
    sb_puts(&sb, pat);
    sb_puts(&sb, ")$");
    char *anchored = sb_take(&sb);
    regex_t re;
    bool ok = compile_regex(c->I, anchored, &re);
    free(anchored);
    if (!ok) return false;
    *out = v_bool(regexec(&re, self_str(c)->s, 0, NULL, 0) == 0);
    regfree(&re);
    return true;
}

static bool s_split(Call *c, Value *out) {
    const char *pat;
    char chbuf[8];
    bool char_sep = c->argc >= 1 && c->argv[0].t == T_CHAR;
    if (char_sep) {             /* split(c: Char) is literal, whatever the character */
        StrBuf cb; sb_init(&cb);
        sb_utf8(&cb, c->argv[0].u.c);
        memcpy(chbuf, cb.s, cb.len + 1);
        free(sb_take(&cb));
        pat = chbuf;
    } else if (!arg_string(c, 0, &pat)) return false;
    int64_t limit = 0;
    if (c->argc > 1 && !arg_long(c, 1, &limit)) return false;
    StrObj *s = self_str(c);
    Value parts = seq_new(SEQ_ARRAY, 8);
    char lit;
    regex_t re;
    bool literal = is_literal_regex(pat, &lit);
    if (char_sep && c->argv[0].u.c < 0x80) { literal = true; lit = pat[0]; }
    if (!literal && !compile_regex(c->I, pat, &re)) { val_decref(parts); return false; }
    const char *cur = s->s, *from = s->s, *end = s->s + s->len;
    if (s->len == 0) { seq_push(parts, str_new("", 0)); *out = parts; if (!literal) regfree(&re); return true; }
    for (;;) {
        if (limit > 0 && (int64_t)as_seq(parts)->len == limit - 1) { seq_push(parts, str_new(cur, (size_t)(end - cur))); break; }
        const char *hit = NULL;
        size_t hl = 0;
        if (literal) { hit = memchr(from, lit, (size_t)(end - from)); hl = 1; }
        else {
            regmatch_t m;
            if (from <= end && regexec(&re, from, 1, &m, from == s->s ? 0 : REG_NOTBOL) == 0) {
                hit = from + m.rm_so;
                hl = (size_t)(m.rm_eo - m.rm_so);
            }
        }
        if (!hit || (hl == 0 && hit >= end)) { seq_push(parts, str_new(cur, (size_t)(end - cur))); break; }
        if (hl == 0) {
            /* a zero-width match splits before a character (never at the very start); the next
             * search starts a character later, as Java's Matcher.find does */
            if (hit != s->s) {
                seq_push(parts, str_new(cur, (size_t)(hit - cur)));
                cur = hit;
            }
            from = hit + 1;
            while (from < end && ((unsigned char)*from & 0xC0) == 0x80) from++;
            continue;
        }
        seq_push(parts, str_new(cur, (size_t)(hit - cur)));
        cur = from = hit + hl;
    }
    if (!literal) regfree(&re);
    if (limit == 0) {   /* Java drops trailing empty strings */
        SeqObj *ps = as_seq(parts);
        while (ps->len > 1 && as_str(ps->items[ps->len - 1])->len == 0) val_decref(ps->items[--ps->len]);
        if (ps->len == 1 && as_str(ps->items[0])->len == 0 && s->len > 0) val_decref(ps->items[--ps->len]);
    }
    *out = parts;
    return true;
}

static bool s_isempty(Call *c, Value *out) { *out = v_bool(self_str(c)->len == 0); return true; }
static bool s_nonempty(Call *c, Value *out) { *out = v_bool(self_str(c)->len != 0); return true; }
static bool s_toint(Call *c, Value *out) {
    int64_t v;
    if (!parse_long_str(c->I, self_str(c)->s, INT32_MIN, INT32_MAX, &v)) return false;
    *out = v_int((int32_t)v);
    return true;
}
static bool s_tolong(Call *c, Value *out) {
    int64_t v;
    if (!parse_long_str(c->I, self_str(c)->s, INT64_MIN, INT64_MAX, &v)) return false;
    *out = v_long(v);
    return true;
}
static bool s_todouble(Call *c, Value *out) {
    double d;
    if (!parse_double_str(c->I, self_str(c)->s, &d)) return false;
    *out = v_double(d);
    return true;
}
static bool s_tofloat(Call *c, Value *out) {
    double d;
    if (!parse_double_str(c->I, self_str(c)->s, &d)) return false;
    *out = v_float((float)d);
    return true;
}
static bool s_toboolean(Call *c, Value *out) {
    const char *s = self_str(c)->s;
    if (!strcasecmp(s, "true")) *out = v_bool(true);
    else if (!strcasecmp(s, "false")) *out = v_bool(false);
    else return interp_throw(c->I, "java.lang.IllegalArgumentException", "For input string: \"%s\"", s);
    return true;
}
static bool s_format(Call *c, Value *out) {
    StrBuf sb; sb_init(&sb);
    if (!java_format(c->I, self_str(c)->s, c->argc, c->argv, &sb)) { free(sb_take(&sb)); return false; }
    if (!sb.s) sb_add(&sb, "", 0);
    *out = str_take(sb_take(&sb));
    return true;
}
static bool s_equalsignorecase(Call *c, Value *out) {
    *out = v_bool(c->argv[0].t == T_STR && strcasecmp(self_str(c)->s, as_str(c->argv[0])->s) == 0);
    return true;
}
static bool s_compareto(Call *c, Value *out) {
    const char *o;
    if (!arg_string(c, 0, &o)) return false;
    int r = strcmp(self_str(c)->s, o);
    *out = v_int(r < 0 ? -1 : r > 0);
    return true;
}
static bool s_strip(Call *c, Value *out, bool prefix) {
    const char *p;
    if (!arg_string(c, 0, &p)) return false;
    StrObj *s = self_str(c);
    size_t n = strlen(p);
    if (prefix && s->len >= n && !memcmp(s->s, p, n)) *out = str_new(s->s + n, s->len - n);
    else if (!prefix && s->len >= n && !memcmp(s->s + s->len - n, p, n)) *out = str_new(s->s, s->len - n);
    else { val_incref(c->self); *out = c->self; }
    return true;
}
static bool s_stripprefix(Call *c, Value *out) { return s_strip(c, out, true); }
static bool s_stripsuffix(Call *c, Value *out) { return s_strip(c, out, false); }
static bool s_capitalize(Call *c, Value *out) {
    StrObj *s = self_str(c);
    Value r = str_new(s->s, s->len);
    if (s->len) as_str(r)->s[0] = (char)toupper((unsigned char)s->s[0]);
    *out = r;
    return true;
}
/* "abc".padTo(6, '*'): the string with elem appended up to len characters */
static bool s_padto(Call *c, Value *out) {
    int64_t len;
    if (!arg_long(c, 0, &len)) return false;
    if (c->argv[1].t != T_CHAR) return interp_throw(c->I, "error", "type mismatch: padTo on a String needs a Char");
    StrObj *s = self_str(c);
    Value n;
    s_length(c, &n);
    StrBuf sb; sb_init(&sb);
    sb_add(&sb, s->s, s->len);
    for (int64_t i = n.u.i; i < len; i++) sb_utf8(&sb, c->argv[1].u.c);
    if (!sb.s) sb_add(&sb, "", 0);
    *out = str_take(sb_take(&sb));
    return true;
}
static bool s_repeat(Call *c, Value *out) {
    int64_t n;
    if (!arg_long(c, 0, &n)) return false;
    size_t len = self_str(c)->len;
    if (n > 0 && len && (n > INT32_MAX || (size_t)n > (size_t)INT32_MAX / len))
        return interp_throw(c->I, "java.lang.OutOfMemoryError", "Requested array size exceeds VM limit");
    if (n > 0 && !interp_memory_fits(c->I, (size_t)n * len)) return false;
    StrBuf sb; sb_init(&sb);
    for (int64_t i = 0; i < n; i++) sb_add(&sb, self_str(c)->s, len);
    if (!sb.s) sb_add(&sb, "", 0);
    *out = str_take(sb_take(&sb));
    return true;
}
static bool s_hashcode(Call *c, Value *out) {   /* Java's String.hashCode */
    Value *items; size_t n;
    iter_items(c->I, c->self, &items, &n);
    uint32_t h = 0;
    for (size_t i = 0; i < n; i++) h = 31 * h + items[i].u.c;
    free_items(items, n);
    *out = v_int((int32_t)h);
    return true;
}
static bool s_concat(Call *c, Value *out) {
    const char *o;
    if (!arg_string(c, 0, &o)) return false;
    StrBuf sb; sb_init(&sb);
    sb_add(&sb, self_str(c)->s, self_str(c)->len);
    sb_puts(&sb, o);
    if (!sb.s) sb_add(&sb, "", 0);
    *out = str_take(sb_take(&sb));
    return true;
}
static bool s_lines(Call *c, Value *out) {
    Value r = seq_new(SEQ_ITER, 4);
    const char *p = self_str(c)->s;
    while (*p) {
        size_t n = strcspn(p, "\n");
        size_t k = n && p[n - 1] == '\r' ? n - 1 : n;
        seq_push(r, str_new(p, k));
        p += n;
        if (*p) p++;
    }
    *out = r;
    return true;
}
static bool s_tochararray(Call *c, Value *out) {
    Value *items; size_t n;
    iter_items(c->I, c->self, &items, &n);
    Value s = seq_new(SEQ_ARRAY, n);
    for (size_t i = 0; i < n; i++) seq_push(s, items[i]);
    free(items);
    *out = s;
    return true;
}
static bool s_getbytes(Call *c, Value *out) {
    StrObj *s = self_str(c);
    Value a = seq_new(SEQ_ARRAY, s->len);
    for (size_t i = 0; i < s->len; i++) seq_push(a, v_int((int8_t)s->s[i]));
    *out = a;
    return true;
}
static bool s_isblank(Call *c, Value *out) {
    StrObj *s = self_str(c);
    bool blank = true;
    for (size_t i = 0; i < s->len && blank; i++) blank = isspace((unsigned char)s->s[i]);
    *out = v_bool(blank);
    return true;
}
static bool s_times(Call *c, Value *out) { return s_repeat(c, out); }
static bool s_tostring(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }

/* new String(chars) / new String(s) */
static bool s_construct(Call *c, Value *out) {
    if (c->argc == 0) { *out = str_new("", 0); return true; }
    Value a = c->argv[0];
    if (a.t == T_STR) { val_incref(a); *out = a; return true; }
    Value *items; size_t n;
    if (!iter_items(c->I, a, &items, &n)) return interp_throw(c->I, "error", "new String needs a String or an Array[Char]");
    StrBuf sb; sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (items[i].t == T_CHAR) sb_utf8(&sb, items[i].u.c);
        else if (items[i].t == T_INT) sb_putc(&sb, (char)items[i].u.i);   /* bytes */
    }
    free_items(items, n);
    if (!sb.s) sb_add(&sb, "", 0);
    *out = str_take(sb_take(&sb));
    return true;
}

static const MethodDef string_methods[] = {
    METHOD("length", s_length, 0, 0, "def length(): Int", "The number of characters."),
    METHOD("size", s_length, 0, 0, "def size: Int", "The number of characters."),
    METHOD("charAt", s_charat, 1, 1, "def charAt(index: Int): Char", "The character at index."),
    METHOD("apply", s_charat, 1, 1, "def apply(index: Int): Char", "The character at index."),
    METHOD("substring", s_substring, 1, 2, "def substring(begin: Int, end: Int): String", "The characters from begin until end."),
    METHOD("trim", s_trim, 0, 0, "def trim(): String", "Without leading and trailing white space."),
    METHOD("strip", s_trim, 0, 0, "def strip(): String", "Without leading and trailing white space."),
    METHOD("toUpperCase", s_upper, 0, 0, "def toUpperCase(): String", "In upper case."),
    METHOD("toLowerCase", s_lower, 0, 0, "def toLowerCase(): String", "In lower case."),
    METHOD("startsWith", s_startswith, 1, 1, "def startsWith(prefix: String): Boolean", "Whether it begins with prefix."),
    METHOD("endsWith", s_endswith, 1, 1, "def endsWith(suffix: String): Boolean", "Whether it ends with suffix."),
    METHOD("contains", s_contains, 1, 1, "def contains(s: CharSequence): Boolean", "Whether s occurs in it."),
    METHOD("indexOf", s_indexof1, 1, 2, "def indexOf(str: String): Int", "Where str first occurs, or -1."),
    METHOD("lastIndexOf", s_lastindexof, 1, 1, "def lastIndexOf(str: String): Int", "Where str last occurs, or -1."),
    METHOD("replace", s_replace, 2, 2, "def replace(target: CharSequence, replacement: CharSequence): String", "Every occurrence of target replaced."),
    METHOD("replaceAll", s_replaceall, 2, 2, "def replaceAll(regex: String, replacement: String): String", "Every match of regex replaced ($1 refers to a group)."),
    METHOD("replaceFirst", s_replacefirst, 2, 2, "def replaceFirst(regex: String, replacement: String): String", "The first match of regex replaced."),
    METHOD("matches", s_matches, 1, 1, "def matches(regex: String): Boolean", "Whether the whole string matches regex."),
    METHOD("split", s_split, 1, 2, "def split(regex: String, limit: Int = 0): Array[String]", "The pieces between matches of regex (trailing empty pieces dropped)."),
    METHOD("isEmpty", s_isempty, 0, 0, "def isEmpty(): Boolean", "Whether it has no characters."),
    METHOD("nonEmpty", s_nonempty, 0, 0, "def nonEmpty: Boolean", "Whether it has characters."),
    METHOD("isBlank", s_isblank, 0, 0, "def isBlank(): Boolean", "Whether it is empty or white space."),
    METHOD("toInt", s_toint, 0, 0, "def toInt: Int", "Parses an Int (NumberFormatException otherwise)."),
    METHOD("toLong", s_tolong, 0, 0, "def toLong: Long", "Parses a Long."),
    METHOD("toDouble", s_todouble, 0, 0, "def toDouble: Double", "Parses a Double."),
    METHOD("toFloat", s_tofloat, 0, 0, "def toFloat: Float", "Parses a Float."),
    METHOD("toBoolean", s_toboolean, 0, 0, "def toBoolean: Boolean", "Parses true or false."),
    METHOD("format", s_format, 0, -1, "def format(args: Any*): String", "Formats args with this string (java.util.Formatter syntax)."),
    METHOD("equalsIgnoreCase", s_equalsignorecase, 1, 1, "def equalsIgnoreCase(other: String): Boolean", "Equality ignoring case."),
    METHOD("compareTo", s_compareto, 1, 1, "def compareTo(other: String): Int", "Lexicographic comparison."),
    METHOD("compare", s_compareto, 1, 1, "def compare(other: String): Int", "Lexicographic comparison."),
    METHOD("stripPrefix", s_stripprefix, 1, 1, "def stripPrefix(prefix: String): String", "Without prefix, if it starts with it."),
    METHOD("stripSuffix", s_stripsuffix, 1, 1, "def stripSuffix(suffix: String): String", "Without suffix, if it ends with it."),
    METHOD("capitalize", s_capitalize, 0, 0, "def capitalize: String", "With its first character in upper case."),
    METHOD("padTo", s_padto, 2, 2, "def padTo(len: Int, elem: Char): String", "The string with elem appended up to len characters."),
    METHOD("repeat", s_repeat, 1, 1, "def repeat(count: Int): String", "count copies."),
    METHOD("*", s_times, 1, 1, "def *(n: Int): String", "n copies."),
    METHOD("hashCode", s_hashcode, 0, 0, "def hashCode(): Int", "Java's String hash."),
    METHOD("concat", s_concat, 1, 1, "def concat(str: String): String", "This followed by str."),
    METHOD("lines", s_lines, 0, 0, "def lines: Iterator[String]", "The lines."),
    METHOD("linesIterator", s_lines, 0, 0, "def linesIterator: Iterator[String]", "The lines."),
    METHOD("toCharArray", s_tochararray, 0, 0, "def toCharArray(): Array[Char]", "The characters."),
    METHOD("getBytes", s_getbytes, 0, 1, "def getBytes(): Array[Byte]", "The UTF-8 bytes."),
    METHOD("toString", s_tostring, 0, 0, "def toString(): String", "This string."),
};
static HostClass string_cls = {.name = "String", .qualified = "java.lang.String", HOST_METHODS(string_methods),
                               .construct = s_construct,
                               .doc_url = "https://docs.oracle.com/javase/8/docs/api/java/lang/String.html"};

/* ---- StringBuilder ---- */

static void sbuild_free(void *d) { StrBuf *b = d; free(b->s); free(b); }
static char *sbuild_str(Interp *I, void *d) { (void)I; StrBuf *b = d; return strdup(b->s ? b->s : ""); }
static bool sbuild_new(Call *c, Value *out) {
    StrBuf *b = calloc(1, sizeof *b);
    extern HostClass stringbuilder_cls;
    if (c->argc && c->argv[0].t == T_STR) sb_add(b, as_str(c->argv[0])->s, as_str(c->argv[0])->len);
    *out = host_new(&stringbuilder_cls, b);
    return true;
}
static bool sbuild_append(Call *c, Value *out) {
    StrBuf *b = as_host(c->self)->data;
    for (int i = 0; i < c->argc; i++) sb_value(c->I, b, c->argv[i], false);
    val_incref(c->self);
    *out = c->self;
    return true;
}
static bool sbuild_tostring(Call *c, Value *out) {
    StrBuf *b = as_host(c->self)->data;
    *out = str_new(b->s ? b->s : "", b->len);
    return true;
}
static bool sbuild_length(Call *c, Value *out) { *out = v_int((int32_t)((StrBuf *)as_host(c->self)->data)->len); return true; }
static bool sbuild_clear(Call *c, Value *out) {
    StrBuf *b = as_host(c->self)->data;
    free(sb_take(b));        /* the memory goes too: a cleared builder may have been huge */
    *out = v_unit();
    return true;
}
static const MethodDef sbuild_methods[] = {
    METHOD("append", sbuild_append, 1, -1, "def append(x: Any): StringBuilder", "Appends x's text."),
    METHOD("++=", sbuild_append, 1, 1, "def ++=(s: String): this.type", "Appends s."),
    METHOD("+=", sbuild_append, 1, 1, "def +=(x: Char): this.type", "Appends x."),
    METHOD("toString", sbuild_tostring, 0, 0, "def toString(): String", "The text built so far."),
    METHOD("result", sbuild_tostring, 0, 0, "def result(): String", "The text built so far."),
    METHOD("length", sbuild_length, 0, 0, "def length: Int", "The length in bytes."),
    METHOD("clear", sbuild_clear, 0, 0, "def clear(): Unit", "Empties the builder."),
};
static const char *const sbuild_aliases[] = {"StringBuilder", "scala.collection.mutable.StringBuilder", "java.lang.StringBuilder", "mutable.StringBuilder", NULL};
HostClass stringbuilder_cls = {.name = "StringBuilder", .qualified = "scala.collection.mutable.StringBuilder",
                               HOST_METHODS(sbuild_methods),
                               .construct = sbuild_new, .finalize = sbuild_free, .to_string = sbuild_str,
                               .aliases = sbuild_aliases};

/* ---- the String object: String.format, String.valueOf, String.join ---- */

static bool so_format(Call *c, Value *out) {
    const char *fmt;
    if (!arg_string(c, 0, &fmt)) return false;
    StrBuf sb; sb_init(&sb);
    if (!java_format(c->I, fmt, c->argc - 1, c->argv + 1, &sb)) { free(sb_take(&sb)); return false; }
    *out = str_take(sb_take(&sb));
    return true;
}
static bool so_valueof(Call *c, Value *out) { *out = str_take(val_to_string(c->I, c->argv[0])); return true; }
static bool so_join(Call *c, Value *out) {
    const char *sep;
    if (!arg_string(c, 0, &sep)) return false;
    StrBuf sb; sb_init(&sb);
    bool first = true;
    for (int i = 1; i < c->argc; i++) {
        Value *items; size_t n;
        bool coll = c->argv[i].t != T_STR && iter_items(c->I, c->argv[i], &items, &n);
        if (!coll) { items = &c->argv[i]; n = 1; }
        for (size_t j = 0; j < n; j++) {
            if (!first) sb_puts(&sb, sep);
            first = false;
            sb_value(c->I, &sb, items[j], false);
        }
        if (coll) free_items(items, n);
    }
    *out = str_take(sb_take(&sb));
    return true;
}
static const MethodDef string_obj_methods[] = {
    METHOD("format", so_format, 1, -1, "def format(format: String, args: Object*): String", "Formatted text (java.util.Formatter syntax)."),
    METHOD("valueOf", so_valueof, 1, 1, "def valueOf(x: Any): String", "x as text."),
    METHOD("join", so_join, 1, -1, "def join(sep: CharSequence, elements: CharSequence*): String", "The elements joined by sep."),
};
static HostClass string_obj_cls = {.name = "String$", .qualified = "java.lang.String", HOST_METHODS(string_obj_methods)};

void strings_init(Interp *I) {
    interp_register_class(I, &string_obj_cls);
    static const char *const names[] = {"String", "java.lang.String", NULL};
    for (int i = 0; names[i]; i++)
        interp_register_global(I, names[i], host_new(&string_obj_cls, NULL), "object String",
                               "Java's static String methods: format, valueOf, join.");
    string_cls.parent = I->cls_seq;
    I->cls_string = &string_cls;
    interp_register_class(I, &string_cls);
    interp_register_class(I, &stringbuilder_cls);
}
