/* json.c — the JSON side of DataFrames: schema inference as Spark's JsonInferSchema does it
 * (nested objects → structs with fields sorted by name, arrays → array<element>, integers →
 * long, other numbers → double, conflicts widened to double or string, null-only → string;
 * the types themselves are types.c's), the storage form rows are kept in (JSON text shaped by
 * the schema), show()'s cast-to-string of nested values, Spark's and Gson's JSON writers, and
 * Java's Double.toString.
 */
#include "spark/sql/json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Java's Double.toString ---- */

const char *java_double(char *buf, double d) {
    if (isnan(d)) return strcpy(buf, "NaN");
    if (isinf(d)) return strcpy(buf, d > 0 ? "Infinity" : "-Infinity");
    if (d == 0) return strcpy(buf, signbit(d) ? "-0.0" : "0.0");
    char tmp[40];
    int p;
    for (p = 1; p <= 17; p++) {       /* the shortest digits that read back as d */
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
        if (strtod(tmp, NULL) == d) break;
    }
    char digits[24];
    int nd = 0;
    const char *s = tmp;
    bool neg = *s == '-';
    if (neg) s++;
    for (; *s && *s != 'e'; s++) if (*s >= '0' && *s <= '9' && nd < 20) digits[nd++] = *s;
    int exp = *s == 'e' ? atoi(s + 1) : 0;
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    digits[nd] = 0;
    char *o = buf;
    if (neg) *o++ = '-';
    double a = fabs(d);
    if (a >= 1e-3 && a < 1e7) {
        if (exp >= 0) {
            for (int i = 0; i <= exp; i++) *o++ = i < nd ? digits[i] : '0';
            *o++ = '.';
            if (exp + 1 < nd) for (int i = exp + 1; i < nd; i++) *o++ = digits[i];
            else *o++ = '0';
        } else {
            *o++ = '0';
            *o++ = '.';
            for (int i = 0; i < -exp - 1; i++) *o++ = '0';
            for (int i = 0; i < nd; i++) *o++ = digits[i];
        }
        *o = 0;
    } else {
        *o++ = digits[0];
        *o++ = '.';
        if (nd > 1) for (int i = 1; i < nd; i++) *o++ = digits[i];
        else *o++ = '0';
        sprintf(o, "E%d", exp);
    }
    return buf;
}

/* ---- schema inference ---- */

static int cmp_field(const void *a, const void *b) {
    return strcmp(((const DtField *)a)->name, ((const DtField *)b)->name);
}

DataType *dt_infer(json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        DataType *t = dt_struct_new((int)json_object_size(v));
        const char *k;
        json_t *x;
        int i = 0;
        json_object_foreach(v, k, x) {
            t->fields[i].name = strdup(k);
            t->fields[i].type = dt_infer(x);
            t->fields[i].nullable = true;
            i++;
        }
        qsort(t->fields, (size_t)t->nfields, sizeof(DtField), cmp_field);
        return t;
    }
    case JSON_ARRAY: {
        DataType *e = dt_prim(DT_NULL);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            DataType *xt = dt_infer(x);
            DataType *m = dt_merge(e, xt);
            dt_unref(e);
            dt_unref(xt);
            e = m;
        }
        return dt_array_new(e);
    }
    case JSON_STRING: return dt_prim(DT_STRING);
    case JSON_INTEGER: return dt_prim(DT_LONG);
    case JSON_REAL: return dt_prim(DT_DOUBLE);
    case JSON_TRUE: case JSON_FALSE: return dt_prim(DT_BOOL);
    default: return dt_prim(DT_NULL);
    }
}

/* ---- JSON text ---- */

/* A JSON string literal as Jackson writes it, or (gson) as Gson does: it also escapes < > & = '
 * and U+2028/U+2029 (HTML-safe), and writes its hex digits in lower case. */
static void quote(StrBuf *b, const char *s, size_t n, bool gson) {
    sb_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': sb_puts(b, "\\\""); break;
        case '\\': sb_puts(b, "\\\\"); break;
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\t': sb_puts(b, "\\t"); break;
        case '\b': sb_puts(b, "\\b"); break;
        case '\f': sb_puts(b, "\\f"); break;
        default:
            if (c < 0x20) sb_printf(b, gson ? "\\u%04x" : "\\u%04X", c);
            else if (gson && (c == '<' || c == '>' || c == '&' || c == '=' || c == '\'')) sb_printf(b, "\\u%04x", c);
            else if (gson && c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                     ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                sb_printf(b, "\\u%04x", (unsigned char)s[i + 2] == 0xA8 ? 0x2028 : 0x2029);
                i += 2;
            } else sb_putc(b, (char)c);
        }
    }
    sb_putc(b, '"');
}

void json_quote(StrBuf *b, const char *s, size_t n) { quote(b, s, n, false); }

static bool gson_double(Interp *I, StrBuf *b, double d);

/* A compact JSON text of any value, numbers in Java's forms, in one of two dialects: Spark's
 * (gson NULL: for string-typed fields that met a number, object or array, Spark keeps the JSON
 * text) or Gson's (gson is the interpreter: null members left out, Gson's string escapes, an
 * error for NaN/Infinity and for nesting past 200). False only with Gson's error raised. */
static bool compact_write(Interp *gson, StrBuf *b, json_t *v, int depth) {
    char buf[40];
    if (gson && depth > 200) return interp_throw(gson, "java.lang.StackOverflowError", "Gson: the value is nested too deeply");
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        sb_putc(b, '{');
        const char *k;
        json_t *x;
        bool first = true;
        json_object_foreach(v, k, x) {
            if (gson && json_is_null(x)) continue;
            if (!first) sb_putc(b, ',');
            first = false;
            quote(b, k, strlen(k), gson != NULL);
            sb_putc(b, ':');
            if (!compact_write(gson, b, x, depth + 1)) return false;
        }
        sb_putc(b, '}');
        return true;
    }
    case JSON_ARRAY: {
        sb_putc(b, '[');
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (i) sb_putc(b, ',');
            if (!compact_write(gson, b, x, depth + 1)) return false;
        }
        sb_putc(b, ']');
        return true;
    }
    case JSON_STRING: quote(b, json_string_value(v), json_string_length(v), gson != NULL); return true;
    case JSON_INTEGER: sb_printf(b, "%lld", (long long)json_integer_value(v)); return true;
    case JSON_REAL:
        if (gson) return gson_double(gson, b, json_real_value(v));
        sb_puts(b, java_double(buf, json_real_value(v)));
        return true;
    case JSON_TRUE: sb_puts(b, "true"); return true;
    case JSON_FALSE: sb_puts(b, "false"); return true;
    default: sb_puts(b, "null"); return true;
    }
}

static void json_compact(StrBuf *b, json_t *v) { compact_write(NULL, b, v, 0); }

/* Writes v coerced to t in the storage form; false when v is null for t (nothing written). */

char *json_string_text(json_t *v) {
    if (json_is_string(v)) return strndup(json_string_value(v), json_string_length(v));
    StrBuf b = {0};
    json_compact(&b, v);
    return sb_take(&b);
}


/* A stored value by its type, in one of two forms: show()'s cell text (show: NULL for null,
 * every struct field without its name, ", " between items, strings and booleans bare) or
 * Spark's JSON (null fields left out, "name":value, "," between items). */
static void typed_write(StrBuf *b, json_t *v, const DataType *t, bool show) {
    char buf[40];
    const char *sep = show ? ", " : ",";
    if (!v || json_is_null(v)) { sb_puts(b, show ? "NULL" : "null"); return; }
    switch (t->kind) {
    case DT_STRUCT: {
        sb_putc(b, '{');
        bool first = true;
        for (int i = 0; i < t->nfields; i++) {
            json_t *x = json_is_object(v) ? json_object_get(v, t->fields[i].name) : NULL;
            if (!show && (!x || json_is_null(x))) continue;
            if (!first) sb_puts(b, sep);
            first = false;
            if (!show) {
                json_quote(b, t->fields[i].name, strlen(t->fields[i].name));
                sb_putc(b, ':');
            }
            typed_write(b, x, t->fields[i].type, show);
        }
        sb_putc(b, '}');
        return;
    }
    case DT_ARRAY: {
        sb_putc(b, '[');
        size_t i;
        json_t *x;
        if (json_is_array(v))
            json_array_foreach(v, i, x) {
                if (i) sb_puts(b, sep);
                typed_write(b, x, t->elem, show);
            }
        sb_putc(b, ']');
        return;
    }
    case DT_DOUBLE:
        if (json_is_number(v)) { sb_puts(b, java_double(buf, json_number_value(v))); return; }
        break;
    case DT_STRING: case DT_TIMESTAMP:   /* a timestamp comes as Spark's text, 2024-01-02 03:04:05 */
        if (show && json_is_string(v)) { sb_add(b, json_string_value(v), json_string_length(v)); return; }
        break;
    case DT_BOOL:
        if (show && json_is_integer(v)) { sb_puts(b, json_integer_value(v) ? "true" : "false"); return; }
        break;
    default: break;
    }
    json_compact(b, v);
}

void json_show_text(StrBuf *b, json_t *v, const DataType *t) { typed_write(b, v, t, true); }

void json_spark_write(StrBuf *b, json_t *v, const DataType *t) { typed_write(b, v, t, false); }

/* ---- Gson ---- */

static void gson_quote(StrBuf *b, const char *s, size_t n) { quote(b, s, n, true); }

static bool gson_double(Interp *I, StrBuf *b, double d) {
    char buf[40];
    if (!isfinite(d))
        return interp_throw(I, "java.lang.IllegalArgumentException",
                            "%s is not a valid double value as per JSON specification. To override this behavior, "
                            "use GsonBuilder.serializeSpecialFloatingPointValues() method.", java_double(buf, d));
    sb_puts(b, java_double(buf, d));
    return true;
}

static bool gson_json(Interp *I, StrBuf *b, json_t *v, int depth) { return compact_write(I, b, v, depth); }

static bool gson_is_null(Value v) { return v.t == T_NULL || v.t == T_NONE; }

static bool gson_value(Interp *I, StrBuf *b, Value v, int depth);

static bool gson_field(Interp *I, StrBuf *b, bool *first, const char *name, Value v, int depth) {
    if (gson_is_null(v)) return true;
    if (!*first) sb_putc(b, ',');
    *first = false;
    gson_quote(b, name, strlen(name));
    sb_putc(b, ':');
    return gson_value(I, b, v, depth + 1);
}

static bool gson_items(Interp *I, StrBuf *b, Value *items, size_t n, int depth) {
    sb_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) sb_putc(b, ',');
        if (!gson_value(I, b, items[i], depth + 1)) return false;
    }
    sb_putc(b, ']');
    return true;
}

static bool gson_value(Interp *I, StrBuf *b, Value v, int depth) {
    if (depth > 200) return interp_throw(I, "java.lang.StackOverflowError", "Gson: the value is nested too deeply");
    switch ((VType)v.t) {
    case T_NULL: case T_NONE: sb_puts(b, "null"); return true;
    case T_UNIT: sb_puts(b, "{}"); return true;
    case T_BOOL: sb_puts(b, v.u.b ? "true" : "false"); return true;
    case T_INT: sb_printf(b, "%d", v.u.i); return true;
    case T_LONG: sb_printf(b, "%lld", (long long)v.u.l); return true;
    case T_DOUBLE: return gson_double(I, b, v.u.d);
    case T_CHAR: {
        char *s = val_to_string(I, v);
        gson_quote(b, s, strlen(s));
        free(s);
        return true;
    }
    case T_STR: gson_quote(b, as_str(v)->s, as_str(v)->len); return true;
    case T_SOME: return gson_value(I, b, as_some(v)->v, depth + 1);
    case T_TUPLE: {
        TupleObj *t = as_tuple(v);
        sb_putc(b, '{');
        bool first = true;
        for (int i = 0; i < t->n; i++) {
            char name[16];
            snprintf(name, sizeof name, "_%d", i + 1);
            if (!gson_field(I, b, &first, name, t->items[i], depth)) return false;
        }
        sb_putc(b, '}');
        return true;
    }
    case T_SEQ: return gson_items(I, b, as_seq(v)->items, as_seq(v)->len, depth);
    case T_RANGE: {
        RangeObj *r = as_range(v);
        size_t n = range_len(r);
        sb_putc(b, '[');
        for (size_t i = 0; i < n; i++) {
            if (i) sb_putc(b, ',');
            sb_printf(b, "%lld", (long long)(r->start + (int64_t)i * r->step));
        }
        sb_putc(b, ']');
        return true;
    }
    case T_SET: case T_MAP: {
        MapObj *m = as_map(v);
        bool set = m->is_set || v.t == T_SET;
        sb_putc(b, set ? '[' : '{');
        bool first = true;
        for (size_t i = 0; i < m->used; i++) {
            MapEntry *e = &m->entries[i];
            if (!e->live) continue;
            if (set) {
                if (!first) sb_putc(b, ',');
                first = false;
                if (!gson_value(I, b, e->key, depth + 1)) return false;
                continue;
            }
            char *k = val_to_string(I, e->key);
            bool ok = gson_field(I, b, &first, k, e->val, depth);
            free(k);
            if (!ok) return false;
        }
        sb_putc(b, set ? ']' : '}');
        return true;
    }
    case T_OBJECT: {
        InstObj *in = (InstObj *)v.u.o;
        sb_putc(b, '{');
        bool first = true;
        Env *f = in->fields;
        for (int i = 0; f && i < f->len; i++) {
            Slot *s = &f->slots[i];
            if (s->flags & (SLOT_DEF | SLOT_LAZY)) continue;
            if (!strcmp(s->name, "this") || s->v.t == T_FUNC) continue;
            if (!gson_field(I, b, &first, s->name, s->v, depth)) return false;
        }
        sb_putc(b, '}');
        return true;
    }
    case T_EXC: {
        sb_putc(b, '{');
        bool first = true;
        if (!gson_field(I, b, &first, "detailMessage", as_exc(v)->msg, depth)) return false;
        sb_putc(b, '}');
        return true;
    }
    case T_HOST: {
        const HostClass *c = as_host(v)->cls;
        for (; c; c = c->parent) {
            if (!c->to_json) continue;
            json_t *j = c->to_json(I, as_host(v)->data);
            if (!j) return interp_throw(I, "java.lang.UnsupportedOperationException", "Gson cannot serialise this %s", c->name);
            bool ok = gson_json(I, b, j, depth + 1);
            json_decref(j);
            return ok;
        }
        sb_puts(b, "{}");
        return true;
    }
    default:
        sb_puts(b, "{}");
        return true;
    }
}

bool gson_to_json(Interp *I, Value v, StrBuf *out) { return gson_value(I, out, v, 0); }
