/* history.c — the session's input history (see history.h): an array of (line, input) with the
 * three access types of history_request, following IPython's semantics:
 *   tail   the last n cells (n defaults to 10)
 *   range  session 0 (this one) or KP_HISTORY_SESSION, lines start <= line < stop (stop null: all)
 *   search glob pattern over the whole input (fnmatch), the last n matches, unique if asked
 *          (fnmatch reads C strings: an input with U+0000 is matched up to it; a pattern with
 *          U+0000 is refused)
 * output true gives [session, line, [input, null]] since no outputs are kept. */
#include "protocol/history.h"

#include <fnmatch.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The inputs live one after another in one buffer (each followed by a NUL): a cell costs its
 * text and 16 bytes, not a heap block of its own. An input may hold U+0000. */
typedef struct { int line; uint32_t len; size_t off; } entry;

struct kp_history {
    entry *v;
    size_t n, cap;
    char *text;
    size_t text_len, text_cap;
};

#define INPUT(h, e) ((h)->text + (e)->off)

kp_history *kp_history_new(void) { return calloc(1, sizeof(kp_history)); }

void kp_history_free(kp_history *h) {
    if (!h) return;
    free(h->v);
    free(h->text);
    free(h);
}

int kp_history_add(kp_history *h, int line, const char *input, size_t len) {
    if (!input) len = 0;
    if (len > UINT32_MAX) return -1;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        entry *v = realloc(h->v, cap * sizeof *v);
        if (!v) return -1;
        h->v = v;
        h->cap = cap;
    }
    if (h->text_len + len + 1 > h->text_cap) {
        size_t cap = h->text_cap ? 2 * h->text_cap : 4096;
        while (cap < h->text_len + len + 1) cap *= 2;
        char *t = realloc(h->text, cap);
        if (!t) return -1;
        h->text = t;
        h->text_cap = cap;
    }
    if (len) memcpy(h->text + h->text_len, input, len);
    h->text[h->text_len + len] = '\0';
    h->v[h->n++] = (entry){line, (uint32_t)len, h->text_len};
    h->text_len += len + 1;
    return 0;
}

static json_t *item(const kp_history *h, const entry *e, bool output) {
    const char *input = INPUT(h, e);
    json_t *in = output ? json_pack("[s%, n]", input, (size_t)e->len) : json_stringn(input, e->len);
    return json_pack("[i, i, o]", KP_HISTORY_SESSION, e->line, in);
}

/* An optional integer field; dflt when missing or null; -1 in *bad when of another type. */
static long long int_field(const json_t *o, const char *k, long long dflt, bool *bad) {
    const json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v)) return dflt;
    if (!json_is_integer(v)) { *bad = true; return dflt; }
    return json_integer_value(v);
}

json_t *kp_history_reply(const kp_history *h, const json_t *req) {
    bool bad = false;
    const json_t *t = json_object_get(req, "hist_access_type");
    const char *type = json_is_string(t) ? json_string_value(t) : NULL;
    bool output = json_is_true(json_object_get(req, "output"));
    json_t *list = json_array();
    if (!type) {
        bad = true;
    } else if (strcmp(type, "tail") == 0) {
        long long n = int_field(req, "n", 10, &bad);
        if (n < 0) n = 0;
        size_t from = (size_t)n >= h->n ? 0 : h->n - (size_t)n;
        for (size_t i = from; i < h->n; i++) json_array_append_new(list, item(h, &h->v[i], output));
    } else if (strcmp(type, "range") == 0) {
        long long session = int_field(req, "session", 0, &bad);
        long long start = int_field(req, "start", 0, &bad);
        long long stop = int_field(req, "stop", -1, &bad);
        if (session == 0 || session == KP_HISTORY_SESSION)
            for (size_t i = 0; i < h->n; i++)
                if (h->v[i].line >= start && (stop < 0 || h->v[i].line < stop))
                    json_array_append_new(list, item(h, &h->v[i], output));
    } else if (strcmp(type, "search") == 0) {
        const json_t *p = json_object_get(req, "pattern");
        const char *pattern = json_is_string(p) ? json_string_value(p) : "*";
        if (p && !json_is_null(p) && !json_is_string(p)) bad = true;
        if (json_is_string(p) && strlen(pattern) != json_string_length(p)) bad = true; /* U+0000 */
        long long n = int_field(req, "n", -1, &bad);
        bool unique = json_is_true(json_object_get(req, "unique"));
        /* Walk backwards collecting matches, then emit them oldest first. */
        size_t *hits = malloc((h->n ? h->n : 1) * sizeof *hits), nh = 0;
        for (size_t i = h->n; hits && i-- > 0 && (n < 0 || (long long)nh < n);) {
            if (fnmatch(pattern, INPUT(h, &h->v[i]), 0) != 0) continue;
            bool dup = false;
            for (size_t j = 0; unique && j < nh && !dup; j++)
                dup = h->v[hits[j]].len == h->v[i].len && memcmp(INPUT(h, &h->v[hits[j]]), INPUT(h, &h->v[i]), h->v[i].len) == 0;
            if (!dup) hits[nh++] = i;
        }
        while (hits && nh > 0) json_array_append_new(list, item(h, &h->v[hits[--nh]], output));
        free(hits);
    } else {
        bad = true;
    }
    if (bad) {
        json_decref(list);
        return json_pack("{s:s, s:s, s:s, s:[], s:[]}", "status", "error", "ename", "ValueError",
                         "evalue", "history_request needs hist_access_type tail, range or search with integer n/session/start/stop",
                         "traceback", "history");
    }
    return json_pack("{s:s, s:o}", "status", "ok", "history", list);
}
