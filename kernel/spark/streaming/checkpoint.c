/* checkpoint.c — streaming checkpoints on disk: a tagged-JSON encoding of values (so Longs,
 * Chars, tuples, Options, Lists and Maps read back as the same values) and the atomic write of
 * the checkpoint document (write DIR/.checkpoint.json.tmp, fsync, rename over checkpoint.json).
 * What goes into the document is streaming.c's business.
 */
#include "spark/streaming/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool mkdirs(const char *dir) {
    char buf[4096];
    if (strlen(dir) >= sizeof buf) return false;
    strcpy(buf, dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return false;
        *p = '/';
    }
    return mkdir(buf, 0777) == 0 || errno == EEXIST;
}

bool checkpoint_prepare_dir(Interp *I, const char *dir) {
    if (!*dir) return interp_throw(I, "java.lang.IllegalArgumentException", "the checkpoint directory is empty");
    if (!mkdirs(dir) || access(dir, W_OK) != 0)
        return interp_throw(I, "java.io.IOException", "cannot use %s as the checkpoint directory: %s "
                            "(give a directory you can write, e.g. /tmp/tweetcheckpoint)", dir, strerror(errno));
    return true;
}

/* ---- values ---- */

static json_t *items_json(Interp *I, Value *items, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = value_to_json(I, items[i]);
        if (!j) { json_decref(a); return NULL; }
        json_array_append_new(a, j);
    }
    return a;
}

json_t *value_to_json(Interp *I, Value v) {
    switch ((VType)v.t) {
    case T_NULL: return json_null();
    case T_UNIT: return json_pack("{s:b}", "unit", 1);
    case T_BOOL: return json_boolean(v.u.b);
    case T_INT: return json_pack("{s:I}", "i", (json_int_t)v.u.i);
    case T_LONG: return json_pack("{s:I}", "l", (json_int_t)v.u.l);
    case T_DOUBLE: return json_pack("{s:f}", "d", v.u.d);
    case T_CHAR: return json_pack("{s:I}", "c", (json_int_t)v.u.c);
    case T_STR: return json_stringn(as_str(v)->s, as_str(v)->len);
    case T_NONE: return json_pack("{s:b}", "none", 1);
    case T_SOME: {
        json_t *x = value_to_json(I, as_some(v)->v);
        return x ? json_pack("{s:o}", "some", x) : NULL;
    }
    case T_TUPLE: {
        json_t *a = items_json(I, as_tuple(v)->items, (size_t)as_tuple(v)->n);
        return a ? json_pack("{s:o}", "tuple", a) : NULL;
    }
    case T_SEQ: {
        json_t *a = items_json(I, as_seq(v)->items, as_seq(v)->len);
        return a ? json_pack("{s:i, s:o}", "seq", as_seq(v)->kind, "v", a) : NULL;
    }
    case T_MAP: case T_SET: {
        MapObj *m = as_map(v);
        json_t *ks = json_array(), *vs = json_array();
        for (size_t i = 0; i < m->used; i++) {
            if (!m->entries[i].live) continue;
            json_t *k = value_to_json(I, m->entries[i].key);
            json_t *x = m->is_set ? json_null() : value_to_json(I, m->entries[i].val);
            if (!k || !x) { json_decref(k); json_decref(x); json_decref(ks); json_decref(vs); return NULL; }
            json_array_append_new(ks, k);
            json_array_append_new(vs, x);
        }
        return json_pack("{s:i, s:b, s:o, s:o}", "map", m->kind, "set", m->is_set, "k", ks, "v", vs);
    }
    default: return NULL;
    }
}

static bool items_from(json_t *a, Value **items, size_t *n) {
    if (!json_is_array(a)) return false;
    *n = json_array_size(a);
    *items = malloc((*n ? *n : 1) * sizeof(Value));
    for (size_t i = 0; i < *n; i++) {
        if (!value_from_json(json_array_get(a, i), &(*items)[i])) {
            for (size_t k = 0; k < i; k++) val_decref((*items)[k]);
            free(*items);
            return false;
        }
    }
    return true;
}

bool value_from_json(json_t *j, Value *out) {
    if (json_is_null(j)) { *out = v_null(); return true; }
    if (json_is_boolean(j)) { *out = v_bool(json_is_true(j)); return true; }
    if (json_is_string(j)) { *out = str_new(json_string_value(j), json_string_length(j)); return true; }
    if (!json_is_object(j)) return false;
    json_t *x;
    if ((x = json_object_get(j, "i"))) { *out = v_int((int32_t)json_integer_value(x)); return true; }
    if ((x = json_object_get(j, "l"))) { *out = v_long(json_integer_value(x)); return true; }
    if ((x = json_object_get(j, "d"))) { *out = v_double(json_number_value(x)); return true; }
    if ((x = json_object_get(j, "c"))) { *out = v_char((uint32_t)json_integer_value(x)); return true; }
    if (json_object_get(j, "unit")) { *out = v_unit(); return true; }
    if (json_object_get(j, "none")) { *out = v_none(); return true; }
    if ((x = json_object_get(j, "some"))) {
        Value v;
        if (!value_from_json(x, &v)) return false;
        *out = some_new(v);
        return true;
    }
    Value *items;
    size_t n;
    if ((x = json_object_get(j, "tuple"))) {
        if (!items_from(x, &items, &n)) return false;
        *out = tuple_new((int)n, items);
        free(items);
        return true;
    }
    if ((x = json_object_get(j, "seq"))) {
        if (!items_from(json_object_get(j, "v"), &items, &n)) return false;
        Value s = seq_new((SeqKind)json_integer_value(x), n);
        for (size_t i = 0; i < n; i++) seq_push(s, items[i]);
        free(items);
        *out = s;
        return true;
    }
    if ((x = json_object_get(j, "map"))) {
        bool is_set = json_is_true(json_object_get(j, "set"));
        Value *vals;
        size_t nv;
        if (!items_from(json_object_get(j, "k"), &items, &n)) return false;
        if (!items_from(json_object_get(j, "v"), &vals, &nv) || nv != n) {
            for (size_t i = 0; i < n; i++) val_decref(items[i]);
            free(items);
            return false;
        }
        Value m = map_new((MapKind)json_integer_value(x), is_set);
        for (size_t i = 0; i < n; i++) map_put(m, items[i], is_set ? (val_decref(vals[i]), v_unit()) : vals[i]);
        free(items);
        free(vals);
        *out = m;
        return true;
    }
    return false;
}

/* ---- the document ---- */

bool checkpoint_save(const char *dir, json_t *doc, char **why) {
    char tmp[4200], final[4200];
    snprintf(tmp, sizeof tmp, "%s/.checkpoint.json.tmp", dir);
    snprintf(final, sizeof final, "%s/checkpoint.json", dir);
    char *text = json_dumps(doc, JSON_COMPACT);
    if (!text) { *why = strdup("the state could not be encoded"); return false; }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    bool ok = fd >= 0;
    size_t len = strlen(text), off = 0;
    while (ok && off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) ok = false;
        else off += (size_t)w;
    }
    if (ok && fsync(fd) != 0) ok = false;
    if (fd >= 0 && close(fd) != 0) ok = false;
    if (ok && rename(tmp, final) != 0) ok = false;
    if (!ok) {
        if (asprintf(why, "%s: %s", tmp, strerror(errno)) < 0) *why = NULL;
        unlink(tmp);
    }
    free(text);
    return ok;
}

json_t *checkpoint_load(const char *dir, char **why) {
    char path[4200];
    snprintf(path, sizeof path, "%s/checkpoint.json", dir);
    *why = NULL;
    if (access(path, F_OK) != 0) return NULL;
    json_error_t err;
    json_t *doc = json_load_file(path, 0, &err);
    if (!doc && asprintf(why, "%s: %s (line %d)", path, err.text, err.line) < 0) *why = NULL;
    return doc;
}
