/* test_json_infer.c — the text-level schema inference of spark.read.json's first pass
 * (kernel/spark/sql/json_infer.c) against the reference it must equal: jansson's json_loadb with
 * JSON_DECODE_ANY, then dt_infer, with session.c's rule for records (an object is one document,
 * an array of objects several, blank none, anything else corrupt). A corpus of edge cases of
 * jansson's grammar, then random documents and random byte mutations of them (fixed seed). The
 * second pass's json_object_members is held to jansson on the same records. */
#include "spark/sql/json.h"
#include "unit.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct { DataType *t[64]; int n; } Got;

static void got_add(void *ud, DataType *t) {
    Got *g = ud;
    if (g->n < 64) g->t[g->n++] = t;
    else dt_unref(t);
}

static void got_free(Got *g) {
    for (int i = 0; i < g->n; i++) dt_unref(g->t[i]);
    g->n = 0;
}

static bool blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v') return false;
    return true;
}

/* session.c's reading of a record, on jansson: the documents' types, or -1 for corrupt */
static int reference(const char *s, size_t n, Got *g) {
    if (blank(s, n)) return 0;
    json_error_t e;
    json_t *j = json_loadb(s, n, JSON_DECODE_ANY, &e);
    if (!j) return -1;
    int r = -1;
    if (json_is_object(j)) {
        got_add(g, dt_infer(j));
        r = 1;
    } else if (json_is_array(j)) {
        size_t i;
        json_t *x;
        bool all = true;
        json_array_foreach(j, i, x) all &= json_is_object(x);
        if (all) {
            json_array_foreach(j, i, x) got_add(g, dt_infer(x));
            r = (int)json_array_size(j);
        }
    }
    json_decref(j);
    return r;
}

static char kind_of_json(json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: return 'o';
    case JSON_ARRAY: return 'a';
    case JSON_STRING: return 's';
    case JSON_INTEGER: return 'i';
    case JSON_REAL: return 'r';
    case JSON_TRUE: return 't';
    case JSON_FALSE: return 'f';
    default: return 'n';
    }
}

/* json_object_members against jansson: 1 exactly for an object, its last member of each key of
 * the value's kind, the string values unescaped as jansson reads them. */
static bool members_agree(const char *s, size_t n) {
    static JsonMembers mb;
    int r = json_object_members(s, n, &mb);
    json_error_t e;
    json_t *j = blank(s, n) ? NULL : json_loadb(s, n, JSON_DECODE_ANY, &e);
    bool ok;
    if (blank(s, n)) ok = r == 0;
    else if (!j || !json_is_object(j)) ok = r == -1;
    else {
        ok = r == 1;
        const char *k;
        json_t *v;
        size_t keys = 0;
        json_object_foreach(j, k, v) {
            keys++;
            int last = -1;
            for (int i = 0; i < mb.n; i++) if (!strcmp(mb.text + mb.m[i].key, k)) last = i;
            ok = ok && last >= 0 && mb.m[last].kind == kind_of_json(v);
            if (ok && json_is_string(v)) ok = !strcmp(mb.text + mb.m[last].str, json_string_value(v));
        }
        for (int i = 0; ok && i < mb.n; i++) ok = json_object_get(j, mb.text + mb.m[i].key) != NULL;
        ok = ok && keys <= (size_t)mb.n;
    }
    json_decref(j);
    return ok;
}

/* json_record_fits(s, schema) may say yes only when s is one object whose type (jansson's) merges
 * into schema unchanged. The schema is every record's type so far merged, as pass 1 merges them,
 * so the fast path is tried against the schemas it meets in session.c; fits counts its yeses. */
static DataType *so_far;
static int fits;

/* The members json_record_fits collects while it checks: exactly json_object_members' (the same
 * keys, kinds, unescaped strings and value texts) for the record, and for each object whose
 * members it collected (sub >= 0) json_object_members' of that object's text, since pass 2 loads
 * the row from them; each one's field is the field of that name in the struct t it was checked
 * against. a's members lo … hi (by next) against b's, all of them. */
static bool same_members(const JsonMembers *a, int lo, int hi, const JsonMembers *b, const DataType *t) {
    int j = 0;
    for (int i = lo; i < hi; i = a->m[i].next, j++) {
        if (j >= b->n) return false;
        const JsonMember *x = &a->m[i], *y = &b->m[j];
        if (x->kind != y->kind || x->val != y->val || x->len != y->len || strcmp(a->text + x->key, b->text + y->key) ||
            (x->kind == 's' && strcmp(a->text + x->str, b->text + y->str)) || x->next <= i || x->next > hi ||
            x->field < 0 || x->field >= t->nfields || strcmp(t->fields[x->field].name, a->text + x->key))
            return false;
        if (x->sub >= 0) {   /* an object whose members were collected too */
            JsonMembers inner = {0};
            bool ok = x->kind == 'o' && x->sub == i + 1 && json_object_members(x->val, x->len, &inner) == 1 &&
                      same_members(a, x->sub, x->next, &inner, t->fields[x->field].type);
            json_members_free(&inner);
            if (!ok) return false;
        }
    }
    return j == b->n;
}

static bool fits_members_agree(const char *s, size_t n) {
    JsonMembers a = {0}, b = {0};
    bool ok = json_record_fits(s, n, so_far, &a) && json_object_members(s, n, &b) == 1 && same_members(&a, 0, a.n, &b, so_far);
    json_members_free(&a);
    json_members_free(&b);
    return ok;
}

static bool fits_sound(const char *s, size_t n, int rw, const Got *want) {
    if (!so_far) so_far = dt_struct_new(0);
    bool ok = true;
    if (json_record_fits(s, n, so_far, NULL)) {
        fits++;
        if (!fits_members_agree(s, n)) return false;
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        DataType *m = rw == 1 && i < n && s[i] == '{' ? dt_merge(so_far, want->t[0]) : NULL;
        ok = m && dt_equal(m, so_far);
        dt_unref(m);
    }
    for (int i = 0; rw > 0 && i < want->n; i++) {
        DataType *m = dt_merge(so_far, want->t[i]);
        dt_unref(so_far);
        so_far = m;
    }
    return ok;
}

/* Both readings of s; false (and a failure naming s) when they differ. */
static bool agree(const char *s, size_t n, const char *file, int line) {
    Got want = {0}, got = {0};
    int rw = reference(s, n, &want);
    int rg = json_infer_record(s, n, got_add, &got);
    bool same = rw == rg && want.n == got.n && members_agree(s, n) && fits_sound(s, n, rw, &want);
    for (int i = 0; same && i < want.n; i++) same = dt_equal(want.t[i], got.t[i]);
    if (!same) {
        StrBuf a = {0}, b = {0};
        for (int i = 0; i < want.n; i++) { dt_simple(&a, want.t[i], -1); sb_puts(&a, " "); }
        for (int i = 0; i < got.n; i++) { dt_simple(&b, got.t[i], -1); sb_puts(&b, " "); }
        StrBuf q = {0};   /* the record, with other bytes than printable ASCII as \xNN */
        for (size_t i = 0; i < n && i < 300; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 && c < 0x7f) sb_add(&q, (const char *)&s[i], 1);
            else sb_printf(&q, "\\x%02x", c);
        }
        unit_fail(file, line, "record [%s] (%zu bytes): jansson %d [%s], json_infer_record %d [%s], members %s",
                  q.s ? q.s : "", n, rw, a.s ? a.s : "", rg, b.s ? b.s : "", members_agree(s, n) ? "agree" : "differ");
        sb_reset(&q);
        sb_reset(&a);
        sb_reset(&b);
    }
    got_free(&want);
    got_free(&got);
    return same;
}
#define AGREE(s) agree((s), sizeof(s) - 1, __FILE__, __LINE__)

TEST(json_infer_corpus) {
    /* documents and records */
    AGREE("{\"a\":1}");
    AGREE("  {\"a\":1}  \n");
    AGREE("{}");
    AGREE("[]");
    AGREE("[{\"a\":1},{\"b\":\"x\"}]");
    AGREE("[{\"a\":1},2]");
    AGREE("[[{\"a\":1}]]");
    AGREE("1");
    AGREE("\"x\"");
    AGREE("null");
    AGREE("");
    AGREE("   ");
    AGREE("{\"a\":1} {\"b\":2}");
    AGREE("{\"a\":1}x");
    /* types */
    AGREE("{\"s\":\"x\",\"l\":-12,\"d\":1.5,\"e\":1e3,\"b\":true,\"f\":false,\"n\":null}");
    AGREE("{\"arr\":[1,2.5,null],\"mix\":[1,\"a\"],\"empty\":[],\"nested\":{\"z\":1,\"a\":{\"q\":[{\"x\":1},{\"y\":2}]}}}");
    AGREE("{\"b\":1,\"a\":2,\"B\":3,\"_\":4,\"a1\":5}");
    AGREE("{\"a\":1,\"a\":\"x\"}");
    AGREE("{\"a\":\"x\",\"b\":2,\"a\":[1]}");
    AGREE("{\"a\":[[1],[2.0]],\"b\":[{},{\"c\":null}]}");
    /* numbers */
    AGREE("{\"a\":-0}");
    AGREE("{\"a\":01}");
    AGREE("{\"a\":-}");
    AGREE("{\"a\":1.}");
    AGREE("{\"a\":.5}");
    AGREE("{\"a\":1e}");
    AGREE("{\"a\":1e+}");
    AGREE("{\"a\":1E-2}");
    AGREE("{\"a\":+1}");
    AGREE("{\"a\":9223372036854775807}");
    AGREE("{\"a\":9223372036854775808}");
    AGREE("{\"a\":-9223372036854775808}");
    AGREE("{\"a\":-9223372036854775809}");
    AGREE("{\"a\":1330000000000000000}");
    AGREE("{\"a\":-9223372036854775807}");
    AGREE("{\"a\":9223372036854775806}");
    AGREE("{\"a\":9300000000000000000}");
    AGREE("{\"a\":-9999999999999999999}");
    AGREE("{\"a\":1000000000000000000.5}");
    AGREE("{\"a\":\"\\u00e9t\\u00e9 \\\"q\\\" plain long text \\n\", \"b\\u0041\":1}");
    AGREE("{\"a\":\"x\",\"bA\":2}");             /* keys in place against a schema from escaped ones */
    AGREE("{\"\\u0061\":\"y\",\"b\\u0041\":3}");    /* and escaped keys against it */
    AGREE("{\"bA\":4,\"a\":\"z\"}");               /* out of order */
    AGREE("{\"a\":1e308}");
    AGREE("{\"a\":1e309}");
    AGREE("{\"a\":-1e400}");
    AGREE("{\"a\":1e-400}");
    AGREE("{\"a\":0.000000000000000000000000000000000000000000000000000000000000000000000000000001}");
    AGREE("{\"a\":1a}");
    AGREE("{\"a\":NaN}");
    AGREE("{\"a\":Infinity}");
    /* literals */
    AGREE("{\"a\":tru}");
    AGREE("{\"a\":truex}");
    AGREE("{\"a\":True}");
    AGREE("{\"a\":nul}");
    AGREE("{\"a\":null1}");
    /* strings */
    AGREE("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}");
    AGREE("{\"a\":\"\\x\"}");
    AGREE("{\"a\":\"\\u00e9\\u20AC\"}");
    AGREE("{\"a\":\"\\u00G0\"}");
    AGREE("{\"a\":\"\\u12\"}");
    AGREE("{\"a\":\"\\ud83d\\ude00\"}");
    AGREE("{\"a\":\"\\ud83d\"}");
    AGREE("{\"a\":\"\\ud83dx\"}");
    AGREE("{\"a\":\"\\ud83d\\u0041\"}");
    AGREE("{\"a\":\"\\ude00\"}");
    AGREE("{\"a\":\"\\u0000\"}");
    AGREE("{\"\\u0000\":1}");
    AGREE("{\"a\":\"tab\there\"}");
    AGREE("{\"a\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}");
    AGREE("{\"a\":\"\xc3\"}");
    AGREE("{\"a\":\"\xc0\xaf\"}");
    AGREE("{\"a\":\"\xed\xa0\x80\"}");
    AGREE("{\"a\":\"\xf4\x90\x80\x80\"}");
    AGREE("{\"a\":\"\xe0\x80\xaf\"}");
    AGREE("{\"a\":\"\xff\"}");
    AGREE("{\"a\":\"unterminated}");
    AGREE("{\"caf\\u00e9\":1,\"caf\xc3\xa9\":\"x\"}");
    /* structure */
    AGREE("{\"a\":1,}");
    AGREE("{,\"a\":1}");
    AGREE("{\"a\" 1}");
    AGREE("{\"a\":}");
    AGREE("{a:1}");
    AGREE("{'a':1}");
    AGREE("{\"a\":[1,]}");
    AGREE("{\"a\":[,1]}");
    AGREE("{\"a\":[1 2]}");
    AGREE("{\"a\":1");
    AGREE("{\"a\":[1}");
    AGREE("[{\"a\":1},]");
    AGREE("{\"a\":1}\x00");
    AGREE("{\"a\":\"x\x00y\"}");
    AGREE("\xef\xbb\xbf{\"a\":1}");
    AGREE("{\"a\":1}\f");
    AGREE("{\"a\"\v:1}");
    /* depth: jansson stops at 2048 levels */
    for (int depth = 2046; depth <= 2050; depth++) {
        size_t n = 2 * (size_t)depth + 16;
        char *s = malloc(n);
        size_t k = 0;
        s[k++] = '{';
        const char *key = "\"a\":";
        memcpy(s + k, key, 4);
        k += 4;
        for (int i = 1; i < depth; i++) s[k++] = '[';
        for (int i = 1; i < depth; i++) s[k++] = ']';
        s[k++] = '}';
        agree(s, k, __FILE__, __LINE__);
        free(s);
    }
}

/* ---- random documents and mutations ---- */

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void gen_value(StrBuf *b, int depth);

static void gen_string(StrBuf *b) {
    static const char *const parts[] = {"a", "b", "user", "name", "x y", "\\n", "\\\"", "\\u00e9",
                                        "\\ud83d\\ude00", "\xc3\xa9", "\xe2\x82\xac", "A", "_", "1", ""};
    sb_puts(b, "\"");
    int n = (int)rnd(3);
    for (int i = 0; i < n; i++) sb_puts(b, parts[rnd(sizeof parts / sizeof parts[0])]);
    sb_puts(b, "\"");
}

static void gen_value(StrBuf *b, int depth) {
    static const char *const nums[] = {"0", "-1", "42", "3.25", "-0.5e3", "1E2", "9223372036854775807",
                                       "12345678901234567890", "1e999", "0.0"};
    unsigned k = rnd(depth > 4 ? 6 : 9);
    switch (k) {
    case 0: case 1: gen_string(b); break;
    case 2: case 3: sb_puts(b, nums[rnd(sizeof nums / sizeof nums[0])]); break;
    case 4: sb_puts(b, rnd(2) ? "true" : "false"); break;
    case 5: sb_puts(b, "null"); break;
    case 6: case 7: {
        sb_puts(b, "{");
        int n = (int)rnd(5);
        for (int i = 0; i < n; i++) {
            if (i) sb_puts(b, rnd(8) ? "," : " , ");
            gen_string(b);
            sb_puts(b, ":");
            gen_value(b, depth + 1);
        }
        sb_puts(b, "}");
        break;
    }
    default: {
        sb_puts(b, "[");
        int n = (int)rnd(4);
        for (int i = 0; i < n; i++) {
            if (i) sb_puts(b, ",");
            gen_value(b, depth + 1);
        }
        sb_puts(b, "]");
    }
    }
}

TEST(json_infer_random_and_mutated) {
    static const char alphabet[] = "{}[]\":,\\ -.e+0123456789aeflnrstuxE\t\n\x00\xc3\xa9\xff";
    int failures = 0;
    for (int i = 0; i < 20000 && failures < 5; i++) {
        StrBuf b = {0};
        if (rnd(4) == 0) {   /* an array of documents */
            sb_puts(&b, "[");
            int n = (int)rnd(3);
            for (int j = 0; j < n; j++) {
                if (j) sb_puts(&b, ",");
                gen_value(&b, 1);
            }
            sb_puts(&b, "]");
        } else {
            sb_puts(&b, "{\"id\":1,");
            gen_string(&b);
            sb_puts(&b, ":");
            gen_value(&b, 1);
            sb_puts(&b, "}");
        }
        int mutations = (int)rnd(4);   /* 0: the valid text itself */
        for (int m = 0; m < mutations && b.len; m++) {
            size_t at = rnd((unsigned)b.len);
            char c = alphabet[rnd(sizeof alphabet - 1)];
            switch (rnd(3)) {
            case 0: b.s[at] = c; break;                                              /* replace */
            case 1: memmove(b.s + at, b.s + at + 1, b.len - at - 1); b.len--; break; /* delete */
            default: sb_add(&b, "", 1); memmove(b.s + at + 1, b.s + at, b.len - at - 1); b.s[at] = c; /* insert */
            }
        }
        if (!agree(b.s ? b.s : "", b.len, __FILE__, __LINE__)) failures++;
        sb_reset(&b);
    }
    CHECK_EQ_INT(failures, 0);
    CHECK(fits > 1000);   /* the fast path was taken, and held to the full one, often */
    dt_unref(so_far);
    so_far = NULL;
}

/* The scanner skips a string's plain bytes 16 or 8 at a time: each byte that stops it (a quote, an
 * escape, UTF-8 valid or not, a control byte) at every offset of values and keys of every length
 * up to 40, and strings that end at the record's last byte, agree with jansson. */
TEST(json_infer_string_stops_at_every_offset) {
    static const char *const stops[] = {"\\\"", "\\n", "\\u00e9", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                        "\xc3", "\xff", "\x01", "\t", "\x7f"};
    int failures = 0;
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
        for (int len = 0; len <= 40; len++)
            for (int at = 0; at <= len && failures < 5; at++)
                for (int as_key = 0; as_key < 2; as_key++) {
                    StrBuf str = {0}, b = {0};
                    for (int i = 0; i < len; i++) {
                        if (i == at) sb_puts(&str, stops[k]);
                        sb_putc(&str, (char)('a' + i % 26));
                    }
                    if (at == len) sb_puts(&str, stops[k]);
                    if (as_key) sb_printf(&b, "{\"%s\":1,\"b\":\"x\"}", str.s ? str.s : "");
                    else sb_printf(&b, "{\"a\":\"%s\"}", str.s ? str.s : "");
                    if (!agree(b.s, b.len, __FILE__, __LINE__)) failures++;
                    sb_reset(&b);
                    sb_printf(&b, "\"%s", str.s ? str.s : "");      /* unterminated: the text ends inside */
                    if (!agree(b.s, b.len, __FILE__, __LINE__)) failures++;
                    sb_reset(&b);
                    sb_reset(&str);
                }
    CHECK_EQ_INT(failures, 0);
    dt_unref(so_far);
    so_far = NULL;
}

/* Jackson's string literal (toJSON, write.json): control characters as upper-case \u00XX,
 * HTML's characters and U+2028 as they are. */
TEST(json_quote_as_jackson) {
    StrBuf b = {0};
    const char s[] = "a\x01\x1f<&='\xe2\x80\xa8\t\"\\";
    json_quote(&b, s, sizeof s - 1);
    CHECK_STR(b.s, "\"a\\u0001\\u001F<&='\xe2\x80\xa8\\t\\\"\\\\\"");
    sb_reset(&b);
}
