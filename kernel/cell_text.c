/* cell_text.c — reading a cell's text for completion and inspection (complete.c): small string
 * helpers, a scan that marks strings, comments and matching brackets, the postfix chain that
 * ends at a point (a.b(x)[T].c), and the types a method signature's text names. */
#include "cell_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small string helpers ---- */

bool ident_char(char ch) { return isalnum((unsigned char)ch) || ch == '_' || ch == '$'; }
bool ident_start(char ch) { return isalpha((unsigned char)ch) || ch == '_'; }

char *xstrndup(const char *s, size_t n) {
    char *r = malloc(n + 1);
    if (!r) abort();
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

char *trim_dup(const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) { s++; n--; }
    while (n && isspace((unsigned char)s[n - 1])) n--;
    return xstrndup(s, n);
}

bool has_prefix(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* Adds name to the array of strings unless present (and if it starts with prefix). */
void add_unique(json_t *arr, const char *name, const char *prefix) {
    if (!name || !*name || (prefix && !has_prefix(name, prefix))) return;
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n; i++) if (!strcmp(json_string_value(json_array_get(arr, i)), name)) return;
    json_array_append_new(arr, json_string(name));
}

static int cmp_jstr(const void *a, const void *b) {
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

void sort_jarray(json_t *arr) {
    size_t n = json_array_size(arr);
    if (n < 2) return;
    json_t **items = malloc(n * sizeof *items);
    if (!items) abort();
    for (size_t i = 0; i < n; i++) items[i] = json_incref(json_array_get(arr, i));
    qsort(items, n, sizeof *items, cmp_jstr);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, items[i]);
    free(items);
}

/* ---- scanning a cell: strings, comments and brackets ---- */


bool is_open_br(char ch) { return ch == '(' || ch == '[' || ch == '{'; }
bool is_close_br(char ch) { return ch == ')' || ch == ']' || ch == '}'; }

void scan_text(Scan *sc, const char *s, int n) {
    memset(sc, 0, sizeof *sc);
    sc->s = s;
    sc->n = n;
    sc->mask = calloc((size_t)n + 1, 1);
    sc->match = malloc(((size_t)n + 1) * sizeof(int));
    sc->open = malloc(((size_t)n + 1) * sizeof(int));
    if (!sc->mask || !sc->match || !sc->open) abort();
    for (int i = 0; i < n; i++) sc->match[i] = -1;
    int i = 0;
    while (i < n) {
        char ch = s[i];
        if (ch == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n') sc->mask[i++] = M_COMMENT;
        } else if (ch == '/' && i + 1 < n && s[i + 1] == '*') {
            int j = i + 2;
            while (j < n && !(s[j] == '*' && j + 1 < n && s[j + 1] == '/')) j++;
            j = j < n ? j + 2 : n;
            while (i < j) sc->mask[i++] = M_COMMENT;
        } else if (ch == '"') {
            bool triple = i + 2 < n && s[i + 1] == '"' && s[i + 2] == '"';
            int q = i;
            sc->mask[i++] = M_STR;
            if (triple) { sc->mask[i++] = M_STR; sc->mask[i++] = M_STR; }
            bool closed = false;
            while (i < n) {
                if (triple) {
                    if (s[i] == '"' && i + 2 < n && s[i + 1] == '"' && s[i + 2] == '"') {
                        sc->mask[i] = sc->mask[i + 1] = sc->mask[i + 2] = M_STR;
                        i += 3;
                        while (i < n && s[i] == '"') sc->mask[i++] = M_STR;
                        closed = true;
                        break;
                    }
                } else {
                    if (s[i] == '\\' && i + 1 < n) { sc->mask[i] = sc->mask[i + 1] = M_STR; i += 2; continue; }
                    if (s[i] == '"') { sc->mask[i++] = M_STR; closed = true; break; }
                    if (s[i] == '\n') { closed = true; break; }   /* unterminated: ends at the line */
                }
                sc->mask[i++] = M_STR;
            }
            if (!closed && i >= n) { sc->in_str = true; sc->str_quote = q; sc->triple = triple; }
        } else if (ch == '\'' && i + 2 < n && (s[i + 2] == '\'' || s[i + 1] == '\\')) {
            int j = i + 1;
            if (s[j] == '\\') j++;
            j++;
            while (j < n && s[j] != '\'' && s[j] != '\n') j++;
            if (j < n && s[j] == '\'') j++;
            while (i < j) sc->mask[i++] = M_STR;
        } else {
            if (is_open_br(ch)) sc->open[sc->nopen++] = i;
            else if (is_close_br(ch) && sc->nopen > 0) {
                int o = sc->open[--sc->nopen];
                sc->match[o] = i;
                sc->match[i] = o;
            }
            i++;
        }
    }
}

void scan_free(Scan *sc) {
    free(sc->encl);
    free(sc->mask);
    free(sc->match);
    free(sc->open);
}

bool code_at(const Scan *sc, int i) { return i >= 0 && i < sc->n && sc->mask[i] == M_CODE; }

/* The innermost '(' (in code, closed after i) that encloses i, or -1. One pass over the cell on
 * first use, so that asking for every occurrence of a name stays linear. */
int enclosing_paren(Scan *sc, int i) {
    if (!sc->encl) {
        sc->encl = malloc(((size_t)sc->n + 1) * sizeof(int));
        int *stack = malloc(((size_t)sc->n + 1) * sizeof(int));
        if (!sc->encl || !stack) abort();
        int top = 0;
        for (int k = 0; k < sc->n; k++) {
            while (top > 0 && sc->match[stack[top - 1]] <= k) top--;
            sc->encl[k] = top > 0 ? stack[top - 1] : -1;
            if (sc->s[k] == '(' && code_at(sc, k) && sc->match[k] > k) stack[top++] = k;
        }
        free(stack);
    }
    return i >= 0 && i < sc->n ? sc->encl[i] : -1;
}

/* Whole-word occurrence of w at i (in code). */
bool word_at(const Scan *sc, int i, const char *w) {
    size_t k = strlen(w);
    if (i < 0 || i + (int)k > sc->n || strncmp(sc->s + i, w, k) != 0) return false;
    if (!code_at(sc, i)) return false;
    if (i > 0 && ident_char(sc->s[i - 1])) return false;
    if (i + (int)k < sc->n && ident_char(sc->s[i + (int)k])) return false;
    return true;
}

int skip_ws(const Scan *sc, int i, int end) {
    while (i < end && isspace((unsigned char)sc->s[i])) i++;
    return i;
}
int skip_ws_back(const Scan *sc, int i) {   /* index just after the last non-space before i */
    while (i > 0 && isspace((unsigned char)sc->s[i - 1])) i--;
    return i;
}

/* The start of the postfix chain (a.b(x)[T].c, new X(...)) that ends at end. */
int chain_start(const Scan *sc, int end) {
    int j = end;
    for (;;) {
        if (j <= 0) break;
        char ch = sc->s[j - 1];
        if (!code_at(sc, j - 1)) break;
        if (is_close_br(ch)) {
            int o = sc->match[j - 1];
            if (o < 0) break;
            j = o;
            continue;
        }
        if (ident_char(ch)) {
            while (j > 0 && ident_char(sc->s[j - 1]) && code_at(sc, j - 1)) j--;
            /* what comes before an identifier: a dot continues the chain, `new` ends it */
            int k = skip_ws_back(sc, j);
            if (k > 0 && sc->s[k - 1] == '.' && code_at(sc, k - 1)) { j = k - 1; continue; }
            if (k >= 3 && word_at(sc, k - 3, "new")) { j = k - 3; break; }
            break;
        }
        if (ch == '.') { j--; j = skip_ws_back(sc, j); continue; }
        break;
    }
    return skip_ws(sc, j, end);
}

/* ---- types from signatures ---- */

/* The result type of "def f[A](x: A)(y: B): R" or "val x: T" (malloc'd), or NULL. */
char *sig_result(const char *sig) {
    if (!sig) return NULL;
    size_t n = strcspn(sig, "\n");
    int depth = 0, colon = -1;
    for (size_t i = 0; i < n; i++) {
        char ch = sig[i];
        if (ch == '(' || ch == '[') depth++;
        else if (ch == ')' || ch == ']') depth--;
        else if (ch == ':' && depth == 0) colon = (int)i;
    }
    if (colon < 0) return NULL;
    const char *t = sig + colon + 1;
    size_t len = n - (size_t)colon - 1;
    const char *eq = NULL;
    for (size_t i = 0; i + 2 < len; i++) if (!strncmp(t + i, " = ", 3)) { eq = t + i; break; }
    if (eq) len = (size_t)(eq - t);
    return trim_dup(t, len);
}

/* The type of parameter k of the first parameter list of a "def" signature (malloc'd). */
char *sig_param(const char *sig, int k) {
    const char *p = strchr(sig, '(');
    const char *br = strchr(sig, '[');
    if (br && p && br < p) {          /* skip type parameters */
        int d = 0;
        for (p = br; *p; p++) {
            if (*p == '[') d++;
            else if (*p == ']' && --d == 0) break;
        }
        p = *p ? strchr(p, '(') : NULL;
    }
    if (!p) return NULL;
    p++;
    int depth = 0, idx = 0;
    const char *start = p;
    for (; *p; p++) {
        char ch = *p;
        if (ch == '(' || ch == '[') depth++;
        else if ((ch == ')' || ch == ']') && depth > 0) depth--;
        else if ((ch == ',' || ch == ')') && depth == 0) {
            if (idx == k) {
                const char *colon = memchr(start, ':', (size_t)(p - start));
                if (!colon) return NULL;
                return trim_dup(colon + 1, (size_t)(p - colon - 1));
            }
            if (ch == ')') return NULL;
            idx++;
            start = p + 1;
        }
    }
    return NULL;
}

/* Parameter k of a function type "A => R" / "(A, B) => R" (malloc'd), or NULL. */
char *fn_type_param(const char *t, int k) {
    while (isspace((unsigned char)*t)) t++;
    int depth = 0;
    const char *arrow = NULL;
    for (const char *p = t; *p; p++) {
        if (*p == '(' || *p == '[') depth++;
        else if (*p == ')' || *p == ']') depth--;
        else if (depth == 0 && p[0] == '=' && p[1] == '>') { arrow = p; break; }
    }
    if (!arrow) return NULL;
    if (*t != '(') return k == 0 ? trim_dup(t, (size_t)(arrow - t)) : NULL;
    const char *p = t + 1, *start = p;
    int idx = 0;
    depth = 0;
    for (; p < arrow; p++) {
        if (*p == '(' || *p == '[') depth++;
        else if ((*p == ')' || *p == ']') && depth > 0) depth--;
        else if ((*p == ',' || *p == ')') && depth == 0) {
            if (idx == k) return trim_dup(start, (size_t)(p - start));
            if (*p == ')') return NULL;
            idx++;
            start = p + 1;
        }
    }
    return NULL;
}

/* "org.apache.spark.streaming.dstream.DStream[String]" → "DStream" (malloc'd). */
char *simple_type_name(const char *t) {
    while (isspace((unsigned char)*t) || *t == '=' || *t == '>') t++;
    size_t n = strcspn(t, "[ (*\n=");
    const char *base = t;
    for (size_t i = 0; i < n; i++) if (t[i] == '.') base = t + i + 1;
    return xstrndup(base, n - (size_t)(base - t));
}

/* The first type argument: "InputDStream[ConsumerRecord[K, V]]" → "ConsumerRecord[K, V]". */
char *type_arg(const char *t) {
    if (!t) return NULL;
    const char *br = strchr(t, '[');
    if (!br) return NULL;
    int depth = 0;
    for (const char *p = br; *p; p++) {
        if (*p == '[') depth++;
        else if (*p == ']' && --depth == 0) return trim_dup(br + 1, (size_t)(p - br - 1));
        else if (*p == ',' && depth == 1) return trim_dup(br + 1, (size_t)(p - br - 1));
    }
    return NULL;
}

/* t with the type parameter T replaced by targ (malloc'd; a copy of t when targ is NULL). */
char *subst_T(const char *t, const char *targ) {
    if (!t) return NULL;
    if (!targ) return strdup(t);
    size_t n = strlen(t), m = strlen(targ), cap = n + 1, len = 0;
    for (size_t i = 0; i < n; i++) if (t[i] == 'T') cap += m;
    char *r = malloc(cap);
    if (!r) abort();
    for (size_t i = 0; i < n; i++) {
        if (t[i] == 'T' && (i == 0 || !ident_char(t[i - 1])) && !ident_char(t[i + 1])) {
            memcpy(r + len, targ, m);
            len += m;
        } else {
            r[len++] = t[i];
        }
    }
    r[len] = 0;
    return r;
}
