/* json_infer.c — Spark's schema inference straight from JSON text, without building a tree: the
 * first of spark.read.json's two passes (session.c). It accepts exactly the texts jansson's
 * json_loadb(…, JSON_DECODE_ANY) accepts — the second pass parses with jansson, and the two must
 * agree on which records are corrupt — and gives the type dt_infer gives for the parsed value:
 * the same grammar (strict numbers, escapes, surrogate pairs, no \u0000, UTF-8 checked, jansson's
 * depth limit, integers that overflow a long and reals that overflow a double refused, even its
 * skipping of one NUL byte after a number or literal) and, for
 * an object with a repeated key, the last value's type. tests/unit/test_json_infer.c checks it
 * against jansson + dt_infer on a corpus of edge cases and on random mutations.
 * The same scan gives the second pass the members of an object record (json_object_members), so
 * a row's plain values are bound without a tree either.
 */
#include "spark/sql/json.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define MAX_DEPTH 2048   /* jansson's JSON_PARSER_MAX_DEPTH */

typedef struct {
    const unsigned char *p, *end;
    int depth;
    StrBuf key;             /* a string's unescaped text when it has escapes */
    const char *ks;         /* the last string scanned with key: its text (not NUL-terminated) */
    size_t kn;              /* and its length */
    JsonMembers *members;   /* when set: the top-level object's members are collected here */
    bool shapes;            /* check only: objects and arrays give the shapes below, not types */
    char kind;              /* fits_value: the kind (JsonMember's) of the value it last checked */
} Scan;

static DataType shape_struct = {.rc = -1, .kind = DT_STRUCT}, shape_array = {.rc = -1, .kind = DT_ARRAY};

static void skip_ws(Scan *s) {
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) s->p++;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool read_u4(Scan *s, unsigned *out) {   /* the four hex digits after \u */
    if (s->end - s->p < 4) return false;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s->p[i]);
        if (h < 0) return false;
        v = v * 16 + (unsigned)h;
    }
    s->p += 4;
    *out = v;
    return true;
}

/* One UTF-8 sequence starting at s->p, as jansson's utf8_check_first/utf8_check_full judge it. */
static int utf8_len(const unsigned char *p, const unsigned char *end) {
    unsigned c = p[0];
    int n;
    unsigned v;
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) { n = 2; v = c & 0x1F; }
    else if (c < 0xF0) { n = 3; v = c & 0x0F; }
    else if (c < 0xF5) { n = 4; v = c & 0x07; }
    else return 0;
    if (end - p < n) return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && v < 0x10000)) return 0;
    return n;
}

/* Where the plain bytes from p end: the first byte that ends or escapes a string or needs a
 * check (one outside 0x20..0x7F, '"' or '\\'), or end. 16 bytes at a time with SSE2; else 8 at a
 * time with the word tests of "Bit Twiddling Hacks": each flags exactly the first such byte of a
 * word (a later flag may be a borrow's false one), so the lowest flag of their union is the stop. */
static inline const unsigned char *plain_end(const unsigned char *p, const unsigned char *end) {
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        /* signed: bytes 0x80..0xFF are negative, so "less than 0x20" also takes non-ASCII */
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                    _mm_cmplt_epi8(v, space));
        unsigned bits = (unsigned)_mm_movemask_epi8(stop);
        if (bits) return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    while (end - p >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
        uint64_t stop = (v & high) | ((v - ones * 0x20) & ~v & high) | ((q - ones) & ~q & high) | ((b - ones) & ~b & high);
        if (stop) return p + (__builtin_ctzll(stop) >> 3);
        p += 8;
    }
#endif
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
    return p;
}

/* A string at s->p (the opening quote); with key, its unescaped text in s->ks / s->kn: the
 * input's own bytes when it has no escape (not NUL-terminated), else s->key's. */
static bool scan_string(Scan *s, bool key) {
    s->p++;
    const unsigned char *start = s->p, *run = s->p;   /* run: plain bytes not yet copied */
    bool copied = false;                               /* s->key holds the text up to run */
    for (;;) {
        s->p = plain_end(s->p, s->end);
        if (s->p >= s->end) return false;
        unsigned c = *s->p;
        if (c == '"') {
            if (key) {
                if (!copied) {
                    s->ks = (const char *)start;
                    s->kn = (size_t)(s->p - start);
                } else {
                    if (s->p > run) sb_add(&s->key, (const char *)run, (size_t)(s->p - run));
                    s->ks = s->key.s;
                    s->kn = s->key.len;
                }
            }
            s->p++;
            return true;
        }
        if (c < 0x20) return false;                       /* control characters, NUL */
        if (c >= 0x80) {                                  /* UTF-8 is kept as it is */
            int k = utf8_len(s->p, s->end);
            if (!k) return false;
            s->p += k;
            continue;
        }
        /* an escape */
        if (key) {
            if (!copied) { s->key.len = 0; sb_add(&s->key, "", 0); copied = true; }
            if (s->p > run) sb_add(&s->key, (const char *)run, (size_t)(s->p - run));
        }
        if (s->end - s->p < 2) return false;
        unsigned e = s->p[1];
        s->p += 2;
        char ch;
        switch (e) {
        case '"': ch = '"'; break;
        case '\\': ch = '\\'; break;
        case '/': ch = '/'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 't': ch = '\t'; break;
        case 'u': {
            unsigned v, lo;
            if (!read_u4(s, &v)) return false;
            if (v >= 0xD800 && v <= 0xDBFF) {        /* a high surrogate needs its low half */
                if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u') return false;
                s->p += 2;
                if (!read_u4(s, &lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
                v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
            } else if (v >= 0xDC00 && v <= 0xDFFF) {
                return false;
            }
            if (v == 0) return false;                 /* \u0000: refused without JSON_ALLOW_NUL */
            if (key) sb_utf8(&s->key, v);
            run = s->p;
            continue;
        }
        default: return false;
        }
        if (key) sb_putc(&s->key, ch);
        run = s->p;
    }
}

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* jansson's quirk: a number or a literal ends by pushing back the byte after it, and a pushed-back
 * NUL byte reads as "nothing buffered", so one NUL right after them is skipped. */
static void skip_pushed_back_nul(Scan *s) {
    if (s->p < s->end && *s->p == 0) s->p++;
}

/* A number as jansson lexes it: integers must fit a long long, reals must not overflow. */
static DataType *scan_number(Scan *s) {
    const unsigned char *start = s->p, *p = s->p;
    if (p < s->end && *p == '-') p++;
    if (p >= s->end) return NULL;
    if (*p == '0') {
        p++;
        if (p < s->end && is_digit(*p)) return NULL;
    } else if (is_digit(*p)) {
        while (p < s->end && is_digit(*p)) p++;
    } else {
        return NULL;
    }
    bool real = false;
    if (p < s->end && *p == '.') {
        p++;
        if (p >= s->end || !is_digit(*p)) return NULL;
        while (p < s->end && is_digit(*p)) p++;
        real = true;
    }
    bool exp = false;
    if (p < s->end && (*p == 'e' || *p == 'E')) {
        exp = true;
        p++;
        if (p < s->end && (*p == '+' || *p == '-')) p++;
        if (p >= s->end || !is_digit(*p)) return NULL;
        while (p < s->end && is_digit(*p)) p++;
        real = true;
    }
    size_t n = (size_t)(p - start);
    /* no overflow possible: up to 18 digits of integer; a real without exponent below 300 digits */
    /* 19 digits (a tweet's id): fits a long long when not above its limit, compared as text */
    size_t digits = n - (*start == '-');
    bool fits19 = !real && digits == 19 &&
                  memcmp(start + (*start == '-'), *start == '-' ? "9223372036854775808" : "9223372036854775807", 19) <= 0;
    if ((!real && n <= 18) || fits19 || (real && !exp && n < 300)) {
        s->p = p;
        skip_pushed_back_nul(s);
        return dt_prim(real ? DT_DOUBLE : DT_LONG);
    }
    char tmp[64], *text = tmp, *heap = NULL;
    if (n >= sizeof tmp) text = heap = malloc(n + 1);
    if (!text) abort();
    memcpy(text, start, n);
    text[n] = 0;
    errno = 0;
    bool ok;
    if (real) {
        double d = strtod(text, NULL);
        ok = !((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE);
    } else {
        (void)strtoll(text, NULL, 10);
        ok = errno != ERANGE;
    }
    free(heap);
    if (!ok) return NULL;
    s->p = p;
    skip_pushed_back_nul(s);
    return dt_prim(real ? DT_DOUBLE : DT_LONG);
}

static DataType *scan_value(Scan *s);

typedef struct { char *name; DataType *type; int seq; } KeyType;

static int cmp_key(const void *x, const void *y) {
    const KeyType *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static void free_keys(KeyType *k, int n) {
    for (int i = 0; i < n; i++) { free(k[i].name); dt_unref(k[i].type); }
    free(k);
}

/* Text kept by the members collector, NUL-terminated; returns its offset. */
static size_t keep(JsonMembers *m, const char *text, size_t len) {
    size_t n = len + 1;
    if (m->tlen + n > m->tcap) {
        size_t cap = m->tcap ? m->tcap * 2 : 256;
        while (cap < m->tlen + n) cap *= 2;
        char *t = realloc(m->text, cap);
        if (!t) abort();
        m->text = t;
        m->tcap = cap;
    }
    memcpy(m->text + m->tlen, text, len);
    m->text[m->tlen + len] = 0;
    m->tlen += n;
    return m->tlen - n;
}

static char kind_of(const DataType *t, const unsigned char *text) {
    switch (t->kind) {
    case DT_STRUCT: return 'o';
    case DT_ARRAY: return 'a';
    case DT_LONG: return 'i';
    case DT_DOUBLE: return 'r';
    case DT_BOOL: return (char)text[0];   /* 't' or 'f' */
    default: return 'n';
    }
}

/* The next member of m (not counted yet), its key kept. */
static JsonMember *new_member(JsonMembers *m, const char *key, size_t klen) {
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        JsonMember *g = realloc(m->m, (size_t)m->cap * sizeof *g);
        if (!g) abort();
        m->m = g;
    }
    JsonMember *e = &m->m[m->n];
    e->key = keep(m, key, klen);
    return e;
}

/* A member of the top-level object for the collector: strings unescaped, the rest as text. */
static DataType *collect_member(Scan *s, const char *key, size_t klen) {
    JsonMembers *m = s->members;
    JsonMember *e = new_member(m, key, klen);
    skip_ws(s);
    const unsigned char *start = s->p;
    DataType *t;
    if (s->p < s->end && *s->p == '"') {
        if (!scan_string(s, true)) return NULL;
        e->kind = 's';
        e->str = keep(m, s->ks, s->kn);
        t = dt_prim(DT_STRING);
    } else {
        if (!(t = scan_value(s))) return NULL;
        e->kind = kind_of(t, start);
    }
    e->val = (const char *)start;
    e->len = (size_t)(s->p - start);
    e->sub = e->field = -1;
    e->next = ++m->n;
    return t;
}

/* After a member or an element: ',' continues (1), the closing bracket ends (0), else -1. */
static int next_item(Scan *s, char close) {
    skip_ws(s);
    if (s->p < s->end && *s->p == ',') { s->p++; return 1; }
    if (s->p < s->end && *s->p == close) { s->p++; return 0; }
    return -1;
}

/* The struct of an object's members: sorted by name; of a repeated key the last value counts, as
 * in jansson's object. Takes keys. */
static DataType *object_type(KeyType *keys, int n) {
    if (n > 1) qsort(keys, (size_t)n, sizeof *keys, cmp_key);
    int unique = 0;
    for (int i = 0; i < n; i++) if (i + 1 == n || strcmp(keys[i].name, keys[i + 1].name)) unique++;
    DataType *t = dt_struct_new(unique);
    int f = 0;
    for (int i = 0; i < n; i++) {
        if (i + 1 < n && !strcmp(keys[i].name, keys[i + 1].name)) {
            free(keys[i].name);
            dt_unref(keys[i].type);
            continue;
        }
        t->fields[f].name = keys[i].name;
        t->fields[f].type = keys[i].type;
        t->fields[f].nullable = true;
        f++;
    }
    free(keys);
    return t;
}

/* An object: its struct type, or (s->shapes) just checked, with the top-level members collected
 * when s->members is set. */
static DataType *scan_object(Scan *s) {
    s->p++;
    bool types = !s->shapes, collect = s->members && s->depth == 1;
    KeyType *keys = NULL;
    int n = 0, cap = 0, more = 1;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}') { s->p++; more = 0; }
    while (more > 0) {
        skip_ws(s);
        if (s->p >= s->end || *s->p != '"' || !scan_string(s, types || collect)) break;
        char *name = types ? strndup(s->ks, s->kn) : NULL;
        skip_ws(s);
        if (s->p >= s->end || *s->p != ':') { free(name); break; }
        s->p++;
        DataType *t = collect ? collect_member(s, s->ks, s->kn) : scan_value(s);   /* the key is kept first */
        if (!t) { free(name); break; }
        if (!types) {
            dt_unref(t);
        } else {
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                KeyType *k = realloc(keys, (size_t)cap * sizeof *k);
                if (!k) abort();
                keys = k;
            }
            keys[n] = (KeyType){name, t, n};
            n++;
        }
        more = next_item(s, '}');
    }
    if (more != 0) { free_keys(keys, n); return NULL; }
    return types ? object_type(keys, n) : &shape_struct;
}

static DataType *scan_array(Scan *s) {
    s->p++;
    DataType *e = dt_prim(DT_NULL);   /* the elements' types merged */
    int more = 1;
    skip_ws(s);
    if (s->p < s->end && *s->p == ']') { s->p++; more = 0; }
    while (more > 0) {
        DataType *x = scan_value(s);
        if (!x) break;
        if (!s->shapes) {
            DataType *m = dt_merge(e, x);
            dt_unref(e);
            e = m;
        }
        dt_unref(x);
        more = next_item(s, ']');
    }
    if (more != 0) { dt_unref(e); return NULL; }
    return s->shapes ? &shape_array : dt_array_new(e);
}

static bool is_alpha(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static DataType *scan_literal(Scan *s) {
    const unsigned char *w = s->p;
    while (s->p < s->end && is_alpha(*s->p)) s->p++;   /* jansson reads the whole word */
    size_t n = (size_t)(s->p - w);
    DtKind k;
    if ((n == 4 && !memcmp(w, "true", 4)) || (n == 5 && !memcmp(w, "false", 5))) k = DT_BOOL;
    else if (n == 4 && !memcmp(w, "null", 4)) k = DT_NULL;
    else return NULL;
    skip_pushed_back_nul(s);
    return dt_prim(k);
}

static DataType *scan_value(Scan *s) {
    if (++s->depth > MAX_DEPTH) return NULL;
    skip_ws(s);
    DataType *t = NULL;
    if (s->p < s->end) {
        unsigned c = *s->p;
        if (c == '{') t = scan_object(s);
        else if (c == '[') t = scan_array(s);
        else if (c == '"') t = scan_string(s, false) ? dt_prim(DT_STRING) : NULL;
        else if (c == '-' || is_digit(c)) t = scan_number(s);
        else if (is_alpha(c)) t = scan_literal(s);
    }
    s->depth--;
    return t;
}

static bool blank_record(const char *text, size_t len) {   /* isspace, as session.c judges it */
    size_t i = 0;
    while (i < len && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) i++;
    return i == len;
}

int json_object_members(const char *text, size_t len, JsonMembers *out) {
    out->n = 0;
    out->tlen = 0;
    if (blank_record(text, len)) return 0;
    Scan s = {.p = (const unsigned char *)text, .end = (const unsigned char *)text + len, .members = out, .shapes = true};
    skip_ws(&s);
    DataType *t = s.p < s.end && *s.p == '{' ? scan_value(&s) : NULL;
    skip_ws(&s);
    bool ok = t && s.p == s.end;
    if (t) dt_unref(t);
    sb_reset(&s.key);
    return ok ? 1 : -1;
}

void json_members_free(JsonMembers *m) {
    free(m->m);
    free(m->text);
    memset(m, 0, sizeof *m);
}

/* ---- the fast path of pass 1: does a record add nothing to the schema so far? ---- */

static bool fits_value(Scan *s, const DataType *t);

/* strcmp(name, the key text k of n bytes) in sign. */
static int cmp_name(const char *name, const char *k, size_t n) {
    if (n && *name != *k) return (unsigned char)*name - (unsigned char)*k;
    int c = strncmp(name, k, n);
    return c ? c : name[n] ? 1 : 0;
}

/* Member f of struct st checked by fits_value and collected as collect_member does (its key,
 * key/klen, kept before the value is scanned: scanning may reuse the key's buffer). */
static bool fits_member(Scan *s, const DataType *st, int f, const char *key, size_t klen) {
    const DataType *t = st->fields[f].type;
    JsonMembers *m = s->members;
    new_member(m, key, klen);
    int at = m->n++;   /* counted now: the members of an object value follow it */
    skip_ws(s);
    const unsigned char *start = s->p;
    char kind;
    size_t str = 0;
    if (s->p < s->end && *s->p == '"') {   /* only a string column takes a string */
        if (t->kind != DT_STRING || !scan_string(s, true)) return false;
        kind = 's';
        str = keep(m, s->ks, s->kn);
    } else {
        if (!fits_value(s, t)) return false;
        kind = s->kind;
    }
    JsonMember *e = &m->m[at];   /* m->m may have moved */
    e->kind = kind;
    e->str = str;
    e->val = (const char *)start;
    e->len = (size_t)(s->p - start);
    e->sub = kind == 'o' && t->kind == DT_STRUCT && s->depth < JSON_MEMBERS_DEPTH ? at + 1 : -1;
    e->next = m->n;
    e->field = f;
    return true;
}

static bool fits_object(Scan *s, const DataType *t) {   /* t: a STRUCT, fields sorted by name */
    s->p++;
    bool collect = s->members && s->depth <= JSON_MEMBERS_DEPTH;
    int more = 1, next = 0;   /* next: the field after the last one found (members mostly come in order) */
    skip_ws(s);
    if (s->p < s->end && *s->p == '}') { s->p++; more = 0; }
    while (more > 0) {
        skip_ws(s);
        if (s->p >= s->end || *s->p != '"' || !scan_string(s, true)) return false;
        const char *key = s->ks;
        size_t klen = s->kn;
        int f = -1;
        if (next < t->nfields && !cmp_name(t->fields[next].name, s->ks, s->kn)) {
            f = next;
        } else {
            int lo = 0, hi = t->nfields - 1;
            while (lo <= hi) {
                int mid = (lo + hi) / 2, c = cmp_name(t->fields[mid].name, s->ks, s->kn);
                if (!c) { f = mid; break; }
                if (c < 0) lo = mid + 1;
                else hi = mid - 1;
            }
        }
        if (f < 0) return false;   /* a new member */
        next = f + 1;
        skip_ws(s);
        if (s->p >= s->end || *s->p != ':') return false;
        s->p++;
        if (!(collect ? fits_member(s, t, f, key, klen) : fits_value(s, t->fields[f].type))) return false;
        more = next_item(s, '}');
    }
    return more == 0;
}

static bool fits_array(Scan *s, const DataType *elem) {
    s->p++;
    int more = 1;
    skip_ws(s);
    if (s->p < s->end && *s->p == ']') { s->p++; more = 0; }
    while (more > 0) {
        if (!fits_value(s, elem)) return false;
        more = next_item(s, ']');
    }
    return more == 0;
}

/* Whether the value at s->p is valid (as scan_value judges it) and its type merges into t without
 * changing it, i.e. dt_merge(t, its type) is t: null always, a long into long or double, a double
 * into double, anything into string, objects and arrays member by member. */
static bool fits_value(Scan *s, const DataType *t) {
    if (t->kind == DT_STRING) {   /* any valid value; checked as a shape */
        bool shapes = s->shapes;
        s->shapes = true;
        skip_ws(s);
        const unsigned char *start = s->p;
        DataType *x = scan_value(s);
        s->shapes = shapes;
        if (!x) return false;
        s->kind = *start == '"' ? 's' : kind_of(x, start);
        dt_unref(x);
        return true;
    }
    if (++s->depth > MAX_DEPTH) return false;
    skip_ws(s);
    bool ok = false;
    if (s->p < s->end) {
        unsigned c = *s->p;
        const unsigned char *start = s->p;
        DataType *x = NULL;
        if (c == '{') {
            ok = t->kind == DT_STRUCT && fits_object(s, t);
            s->kind = 'o';
        } else if (c == '[') {
            ok = t->kind == DT_ARRAY && fits_array(s, t->elem);
            s->kind = 'a';
        } else if (c == '-' || is_digit(c)) x = scan_number(s);
        else if (is_alpha(c)) x = scan_literal(s);
        if (x) {
            ok = x->kind == DT_NULL || x->kind == t->kind || (x->kind == DT_LONG && t->kind == DT_DOUBLE);
            s->kind = kind_of(x, start);
            dt_unref(x);
        }
    }
    s->depth--;
    return ok;
}

bool json_record_fits(const char *text, size_t len, const DataType *schema, JsonMembers *members) {
    Scan s = {.p = (const unsigned char *)text, .end = (const unsigned char *)text + len, .shapes = true, .members = members};
    if (members) members->n = 0, members->tlen = 0;
    skip_ws(&s);
    bool ok = schema->kind == DT_STRUCT && s.p < s.end && *s.p == '{' && fits_value(&s, schema);
    skip_ws(&s);
    ok = ok && s.p == s.end;
    sb_reset(&s.key);
    return ok;
}

int json_infer_record(const char *text, size_t len, void (*add)(void *ud, DataType *t), void *ud) {
    Scan s = {.p = (const unsigned char *)text, .end = (const unsigned char *)text + len};
    if (blank_record(text, len)) return 0;   /* no document */
    skip_ws(&s);
    /* an array of objects is several documents: their types, not the array's, are wanted */
    DataType *one[1], **docs = one;   /* an object record needs no array */
    int ndocs = 0, cap = 1;
    bool ok;
    if (*s.p == '[') {
        s.depth = 1;
        s.p++;
        skip_ws(&s);
        int more = 1;
        if (s.p < s.end && *s.p == ']') { s.p++; more = 0; }
        while (more > 0) {
            DataType *x = scan_value(&s);
            if (!x) break;
            if (ndocs == cap) {
                cap *= 8;
                DataType **d = docs == one ? malloc((size_t)cap * sizeof *d) : realloc(docs, (size_t)cap * sizeof *d);
                if (!d) abort();
                if (docs == one) d[0] = one[0];
                docs = d;
            }
            docs[ndocs++] = x;
            more = next_item(&s, ']');
        }
        ok = more == 0;
    } else {
        DataType *t = scan_value(&s);
        ok = t != NULL;
        if (t) docs[ndocs++] = t;
    }
    skip_ws(&s);
    ok = ok && s.p == s.end;                                   /* nothing may follow the value */
    for (int i = 0; ok && i < ndocs; i++) ok = docs[i]->kind == DT_STRUCT;
    sb_reset(&s.key);
    for (int i = 0; i < ndocs; i++) {
        if (ok) add(ud, docs[i]);
        else dt_unref(docs[i]);
    }
    if (docs != one) free(docs);
    return ok ? ndocs : -1;
}
