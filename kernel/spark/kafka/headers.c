/* headers.c — record headers as cells see them (Kafka's Headers / RecordHeaders and Header,
 * which ProducerRecord and ConsumerRecord carry), and the bytes of a key, value or header value
 * for producing (kafka_value_bytes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/kafka/kafka_internal.h"

/* ---- bytes of keys and values ---- */

bool kafka_value_bytes(Interp *I, Value v, const void **data, size_t *len, char **tmp) {
    *tmp = NULL;
    if (v.t == T_NULL || v.t == T_UNIT) { *data = NULL; *len = 0; return true; }
    if (v.t == T_STR) { *data = as_str(v)->s; *len = as_str(v)->len; return true; }
    if (v.t == T_SEQ && as_seq(v)->kind == SEQ_ARRAY) {   /* Array[Byte] */
        SeqObj *s = as_seq(v);
        bool bytes = true;
        for (size_t i = 0; i < s->len && bytes; i++) bytes = s->items[i].t == T_INT;
        if (bytes) {
            char *b = malloc(s->len + 1);
            for (size_t i = 0; i < s->len; i++) b[i] = (char)s->items[i].u.i;
            b[s->len] = 0;
            *tmp = b;
            *data = b;
            *len = s->len;
            return true;
        }
    }
    char *s = val_to_string(I, v);
    *tmp = s;
    *data = s;
    *len = strlen(s);
    return true;
}

/* ---- Headers ---- */

static void headers_free(void *p) { Headers *h = p; val_decref(h->list); free(h); }
static void headers_traverse(void *p, VisitFn visit, void *ctx) { visit(((Headers *)p)->list, ctx); }
Value kafka_headers_new(void) {
    Headers *h = malloc(sizeof *h);
    h->list = seq_new(SEQ_LIST, 0);
    return host_new(&headers_class, h);
}
Value kafka_header_value(const kafka_header *hd) {
    return hd->value ? str_new(hd->value, hd->value_len) : v_null();
}
static Value header_make(Value key, Value val);
static bool headers_add(Call *c, Value *out) {
    Headers *h = as_host(c->self)->data;
    const char *key;
    if (!arg_string(c, 0, &key)) return false;
    const void *d;
    size_t len;
    char *tmp;
    kafka_value_bytes(c->I, c->argv[1], &d, &len, &tmp);
    Value kv[2] = {str_cstr(key), d ? str_new(d, len) : v_null()};
    free(tmp);
    seq_push(h->list, tuple_new(2, kv));
    val_incref(c->self);
    *out = c->self;
    return true;
}
static bool headers_last(Call *c, Value *out) {
    Headers *h = as_host(c->self)->data;
    const char *key;
    if (!arg_string(c, 0, &key)) return false;
    SeqObj *s = as_seq(h->list);
    for (size_t i = s->len; i-- > 0;) {
        TupleObj *t = as_tuple(s->items[i]);
        if (!strcmp(as_str(t->items[0])->s, key)) { *out = header_make(t->items[0], t->items[1]); return true; }
    }
    *out = v_null();
    return true;
}
static bool headers_toarray(Call *c, Value *out) {
    Headers *h = as_host(c->self)->data;
    SeqObj *s = as_seq(h->list);
    Value a = seq_new(!strcmp(c->name, "toArray") ? SEQ_ARRAY : SEQ_LIST, s->len);
    for (size_t i = 0; i < s->len; i++) {
        TupleObj *t = as_tuple(s->items[i]);
        seq_push(a, header_make(t->items[0], t->items[1]));
    }
    *out = a;
    return true;
}
char *kafka_headers_str(Interp *I, void *p) {
    Headers *h = p;
    SeqObj *s = as_seq(h->list);
    size_t cap = 64;
    for (size_t i = 0; i < s->len; i++) {
        TupleObj *t = as_tuple(s->items[i]);
        cap += as_str(t->items[0])->len + (t->items[1].t == T_STR ? as_str(t->items[1])->len * 6 : 4) + 48;
    }
    char *out = malloc(cap);
    size_t k = (size_t)snprintf(out, cap, "RecordHeaders(headers = [");
    for (size_t i = 0; i < s->len; i++) {
        TupleObj *t = as_tuple(s->items[i]);
        k += (size_t)snprintf(out + k, cap - k, "%sRecordHeader(key = %s, value = ", i ? ", " : "", as_str(t->items[0])->s);
        if (t->items[1].t == T_STR) {
            StrObj *v = as_str(t->items[1]);
            k += (size_t)snprintf(out + k, cap - k, "[");
            for (size_t j = 0; j < v->len; j++)
                k += (size_t)snprintf(out + k, cap - k, "%s%d", j ? ", " : "", (int)(signed char)v->s[j]);
            k += (size_t)snprintf(out + k, cap - k, "]");
        } else k += (size_t)snprintf(out + k, cap - k, "null");
        k += (size_t)snprintf(out + k, cap - k, ")");
    }
    snprintf(out + k, cap - k, "], isReadOnly = false)");
    (void)I;
    return out;
}
static const MethodDef headers_methods[] = {
    METHOD("add", headers_add, 2, 2, "def add(key: String, value: Array[Byte]): Headers", "Adds a header (value: bytes or a String)."),
    METHOD("lastHeader", headers_last, 1, 1, "def lastHeader(key: String): Header", "The last header with this key, or null."),
    METHOD("toArray", headers_toarray, 0, 0, "def toArray(): Array[Header]", "The headers."),
    METHOD("asScala", headers_toarray, 0, 0, "def asScala: Iterable[Header]", "The headers as a Scala List."),
};
HostClass headers_class = {.name = "Headers", .qualified = "org.apache.kafka.common.header.Headers",
                           .doc = "A record's headers.", HOST_METHODS(headers_methods),
                           .finalize = headers_free, .traverse = headers_traverse, .to_string = kafka_headers_str,
                           .aliases = (const char *const[]){"RecordHeaders", "org.apache.kafka.common.header.internals.RecordHeaders", NULL}};

static void header_free(void *p) { Header *h = p; val_decref(h->key); val_decref(h->value); free(h); }
static void header_traverse(void *p, VisitFn visit, void *ctx) { Header *h = p; visit(h->key, ctx); visit(h->value, ctx); }
static Value header_make(Value key, Value val) {
    Header *h = malloc(sizeof *h);
    h->key = key; val_incref(key);
    h->value = val; val_incref(val);
    return host_new(&header_class, h);
}
static bool header_key(Call *c, Value *out) { Header *h = as_host(c->self)->data; *out = h->key; val_incref(*out); return true; }
static bool header_value(Call *c, Value *out) {
    Header *h = as_host(c->self)->data;
    if (h->value.t == T_NULL) { *out = v_null(); return true; }
    StrObj *s = as_str(h->value);
    Value a = seq_new(SEQ_ARRAY, s->len);
    for (size_t i = 0; i < s->len; i++) seq_push(a, v_int((int8_t)s->s[i]));
    *out = a;
    return true;
}
static bool header_string(Call *c, Value *out) { Header *h = as_host(c->self)->data; *out = h->value; val_incref(*out); return true; }
static char *header_str(Interp *I, void *p) {
    (void)I;
    Header *h = p;
    char *s = NULL;
    if (asprintf(&s, "RecordHeader(key = %s, value = %s)", as_str(h->key)->s,
                 h->value.t == T_STR ? as_str(h->value)->s : "null") < 0) return NULL;
    return s;
}
static const MethodDef header_methods[] = {
    METHOD("key", header_key, 0, 0, "def key(): String", "The header's key."),
    METHOD("value", header_value, 0, 0, "def value(): Array[Byte]", "The header's value as bytes (null for none)."),
    METHOD("valueString", header_string, 0, 0, "def valueString: String", "The header's value as text (not in Kafka's API)."),
};
HostClass header_class = {.name = "Header", .qualified = "org.apache.kafka.common.header.Header",
                          .doc = "A record header.", HOST_METHODS(header_methods),
                          .finalize = header_free, .traverse = header_traverse, .to_string = header_str,
                          .aliases = (const char *const[]){"RecordHeader", NULL}};
