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
#include <stdlib.h>
#include <string.h>

typedef struct { int line; char *input; size_t len; } entry; /* input may hold U+0000 */

struct kp_history {
    entry *v;
    size_t n, cap;
};

kp_history *kp_history_new(void) { return calloc(1, sizeof(kp_history)); }

void kp_history_free(kp_history *h) {
    if (!h) return;
    for (size_t i = 0; i < h->n; i++) free(h->v[i].input);
    free(h->v);
    free(h);
}

int kp_history_add(kp_history *h, int line, const char *input, size_t len) {
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 16;
        entry *v = realloc(h->v, cap * sizeof *v);
        if (!v) return -1;
        h->v = v;
        h->cap = cap;
    }
    if (!input) len = 0;
    char *copy = malloc(len + 1);
    if (!copy) return -1;
    if (len) memcpy(copy, input, len);
    copy[len] = '\0';
    h->v[h->n++] = (entry){line, copy, len};
    return 0;
}

static json_t *item(const entry *e, bool output) {
    json_t *in = output ? json_pack("[s%, n]", e->input, e->len) : json_stringn(e->input, e->len);
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
        for (size_t i = from; i < h->n; i++) json_array_append_new(list, item(&h->v[i], output));
    } else if (strcmp(type, "range") == 0) {
        long long session = int_field(req, "session", 0, &bad);
        long long start = int_field(req, "start", 0, &bad);
        long long stop = int_field(req, "stop", -1, &bad);
        if (session == 0 || session == KP_HISTORY_SESSION)
            for (size_t i = 0; i < h->n; i++)
                if (h->v[i].line >= start && (stop < 0 || h->v[i].line < stop))
                    json_array_append_new(list, item(&h->v[i], output));
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
            if (fnmatch(pattern, h->v[i].input, 0) != 0) continue;
            bool dup = false;
            for (size_t j = 0; unique && j < nh && !dup; j++)
                dup = h->v[hits[j]].len == h->v[i].len && memcmp(h->v[hits[j]].input, h->v[i].input, h->v[i].len) == 0;
            if (!dup) hits[nh++] = i;
        }
        while (hits && nh > 0) json_array_append_new(list, item(&h->v[hits[--nh]], output));
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
