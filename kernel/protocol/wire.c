/* wire.c — decoding and encoding of Jupyter wire messages (see wire.h). Pure functions: frames in,
 * struct out or an error code; nothing here touches a socket, a global or stderr. */
#include "protocol/wire.h"
#include "util/uuid.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

const char *wire_strerror(int err) {
    switch (err) {
    case WIRE_OK: return "ok";
    case WIRE_ENODELIM: return "no <IDS|MSG> delimiter";
    case WIRE_ETOOFEW: return "too few frames after the delimiter";
    case WIRE_ETOOMANY: return "too many frames";
    case WIRE_ETOOBIG: return "frame too large";
    case WIRE_EBADSIG: return "bad signature";
    case WIRE_EJSON: return "malformed JSON";
    case WIRE_ESHAPE: return "malformed header";
    case WIRE_ENOMEM: return "out of memory";
    default: return "unknown error";
    }
}

__attribute__((format(printf, 3, 4)))
static void set_why(char *why, size_t whylen, const char *fmt, ...) {
    if (!why || !whylen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

static void free_bufs(wire_buf *b, size_t n) {
    for (size_t i = 0; i < n; i++) free(b[i].data);
    free(b);
}

void wire_msg_clear(wire_msg *m) {
    if (!m) return;
    free_bufs(m->ids, m->n_ids);
    free_bufs(m->buffers, m->n_buffers);
    json_decref(m->header);
    json_decref(m->parent_header);
    json_decref(m->metadata);
    json_decref(m->content);
    free(m->error);
    memset(m, 0, sizeof *m);
}

/* Copies frames[0..n) into a new array of owned buffers; NULL only on allocation failure. */
static int copy_frames(const wire_frame *frames, size_t n, wire_buf **out) {
    *out = NULL;
    if (n == 0) return 0;
    wire_buf *b = calloc(n, sizeof *b);
    if (!b) return -1;
    for (size_t i = 0; i < n; i++) {
        b[i].data = malloc(frames[i].size ? frames[i].size : 1);
        if (!b[i].data) { free_bufs(b, i); return -1; }
        if (frames[i].size) memcpy(b[i].data, frames[i].data, frames[i].size);
        b[i].size = frames[i].size;
    }
    *out = b;
    return 0;
}

static const char *const part_names[4] = {"header", "parent_header", "metadata", "content"};

/* Parses one JSON frame into an object; NULL (with why) when it is empty, not JSON or no object. */
static json_t *parse_part(const void *data, size_t len, int i, char *why, size_t whylen) {
    if (!len) {
        set_why(why, whylen, "%s frame is empty", part_names[i]);
        return NULL;
    }
    json_error_t jerr;
    json_t *o = json_loadb(data, len, JSON_ALLOW_NUL, &jerr);
    if (!o) {
        set_why(why, whylen, "%s: %s at offset %d", part_names[i], jerr.text, jerr.position);
        return NULL;
    }
    if (!json_is_object(o)) {
        set_why(why, whylen, "%s is not a JSON object", part_names[i]);
        json_decref(o);
        return NULL;
    }
    return o;
}

int wire_decode_partial(const wire_frame *frames, size_t n, const kp_signer *signer, wire_msg *out,
                        char *why, size_t whylen) {
    memset(out, 0, sizeof *out);
    if (why && whylen) why[0] = '\0';
    if (n > WIRE_MAX_FRAMES) {
        set_why(why, whylen, "%zu frames", n);
        return WIRE_ETOOMANY;
    }
    size_t d = 0;
    const size_t dl = strlen(WIRE_DELIM);
    while (d < n && !(frames[d].size == dl && frames[d].data && memcmp(frames[d].data, WIRE_DELIM, dl) == 0)) d++;
    if (d == n) return WIRE_ENODELIM;
    if (n - d - 1 < 5) {
        set_why(why, whylen, "%zu after the delimiter, 5 needed", n - d - 1);
        return WIRE_ETOOFEW;
    }
    const wire_frame *sig = &frames[d + 1];
    const wire_frame *parts = &frames[d + 2];
    const void *pp[4];
    size_t pl[4];
    for (int i = 0; i < 4; i++) {
        if (parts[i].size && !parts[i].data) return WIRE_EJSON;
        pp[i] = parts[i].data;
        pl[i] = parts[i].size;
    }
    if (pl[0] > WIRE_MAX_JSON) {
        set_why(why, whylen, "header frame of %zu bytes", pl[0]);
        return WIRE_ETOOBIG;
    }
    if (kp_signer_enabled(signer)) {
        if (sig->size == 0 || sig->size >= KP_SIG_MAX || !sig->data ||
            !kp_verify(signer, pp, pl, 4, sig->data, sig->size)) {
            set_why(why, whylen, "signature of %zu bytes does not match", sig->size);
            return WIRE_EBADSIG;
        }
        memcpy(out->signature, sig->data, sig->size); /* verified: lower-case hex */
        out->signature[sig->size] = '\0';
    }
    /* the header first: without it nobody can be answered */
    json_t *header = parse_part(pp[0], pl[0], 0, why, whylen);
    if (!header) {
        memset(out, 0, sizeof *out);
        return WIRE_EJSON;
    }
    json_t *mt = json_object_get(header, "msg_type");
    json_t *mid = json_object_get(header, "msg_id");
    const char *shape = NULL;
    if (!json_is_string(mt) || json_string_length(mt) == 0 || !json_is_string(mid))
        shape = "header needs string msg_type and msg_id";
    else if (strlen(json_string_value(mt)) != json_string_length(mt))
        shape = "msg_type contains U+0000";
    if (shape) {
        set_why(why, whylen, "%s", shape);
        json_decref(header);
        memset(out, 0, sizeof *out);
        return WIRE_ESHAPE;
    }
    out->header = header;
    out->msg_type = json_string_value(mt);
    out->msg_id = json_string_value(mid);
    out->n_ids = d;
    if (copy_frames(frames, d, &out->ids) < 0) {
        wire_msg_clear(out);
        return WIRE_ENOMEM;
    }
    json_t **rest[3] = {&out->parent_header, &out->metadata, &out->content};
    for (int i = 1; i < 4; i++) {
        char partwhy[256];
        int rc = WIRE_EJSON;
        if (pl[i] > WIRE_MAX_JSON) {
            snprintf(partwhy, sizeof partwhy, "%s frame of %zu bytes (at most %u)", part_names[i], pl[i], WIRE_MAX_JSON);
            rc = WIRE_ETOOBIG;
        } else {
            *rest[i - 1] = parse_part(pp[i], pl[i], i, partwhy, sizeof partwhy);
            if (*rest[i - 1]) continue;
        }
        set_why(why, whylen, "%s", partwhy);
        for (int j = 0; j < 3; j++) {
            json_decref(*rest[j]);
            *rest[j] = NULL;
        }
        out->error = strdup(partwhy);
        if (!out->error) {
            wire_msg_clear(out);
            return WIRE_ENOMEM;
        }
        return rc;
    }
    out->n_buffers = n - d - 6;
    if (copy_frames(frames + d + 6, out->n_buffers, &out->buffers) < 0) {
        wire_msg_clear(out);
        return WIRE_ENOMEM;
    }
    return WIRE_OK;
}

int wire_decode(const wire_frame *frames, size_t n, const kp_signer *signer, wire_msg *out,
                char *why, size_t whylen) {
    int rc = wire_decode_partial(frames, n, signer, out, why, whylen);
    if (rc != WIRE_OK) wire_msg_clear(out);
    return rc;
}

int wire_encode(const wire_buf *ids, size_t n_ids, const char *header, const char *parent,
                const char *metadata, const char *content, const wire_frame *buffers,
                size_t n_buffers, const kp_signer *signer, wire_out *out) {
    memset(out, 0, sizeof *out);
    out->frames = calloc(n_ids + 6 + n_buffers, sizeof *out->frames);
    if (!out->frames) return WIRE_ENOMEM;
    const char *js[4] = {header, parent ? parent : "{}", metadata ? metadata : "{}", content ? content : "{}"};
    const void *pp[4];
    size_t pl[4];
    for (int i = 0; i < 4; i++) { pp[i] = js[i]; pl[i] = strlen(js[i]); }
    if (kp_sign(signer, pp, pl, 4, out->sig) < 0) { wire_out_clear(out); return WIRE_EBADSIG; }
    size_t k = 0;
    for (size_t i = 0; i < n_ids; i++) out->frames[k++] = (wire_frame){ids[i].data, ids[i].size};
    out->frames[k++] = (wire_frame){WIRE_DELIM, strlen(WIRE_DELIM)};
    out->frames[k++] = (wire_frame){out->sig, strlen(out->sig)};
    for (int i = 0; i < 4; i++) out->frames[k++] = (wire_frame){pp[i], pl[i]};
    for (size_t i = 0; i < n_buffers; i++) out->frames[k++] = buffers[i];
    out->n = k;
    return WIRE_OK;
}

void wire_out_clear(wire_out *out) {
    free(out->frames);
    out->frames = NULL;
    out->n = 0;
}

json_t *wire_new_header(const char *msg_type, const char *session) {
    char id[37], date[48];
    uuid4(id);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t len = strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(date + len, sizeof date - len, ".%06ldZ", ts.tv_nsec / 1000);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "msg_id", id, "session", session ? session : "",
                     "username", "kernel", "date", date, "msg_type", msg_type, "version", "5.4");
}
