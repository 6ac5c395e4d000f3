/* iopub.c — the iopub owner and the output half of kernel_io.
 *
 * Design choice: iopub is one PUB socket behind a mutex (kp_hub). ZeroMQ sockets are not
 * thread-safe, but one may be used from several threads when every use is separated by a full
 * memory barrier, which the mutex provides. Messages are built and signed outside the lock (in the
 * calling thread); only the send happens under it. So the shell thread, the control thread and a
 * streaming context's scheduler thread (through a kio_dup'ed handle) all publish in a single,
 * well-defined order, with no extra thread or copy. A dup holds a reference to the hub, so it
 * stays valid after kernel_run returned; by then the hub is closed and output is dropped. A hub
 * made by kp_hub_new_sink hands messages to a function instead (the protocol unit tests' iopub). */
#include "protocol/internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

struct kp_hub {
    pthread_mutex_t lock;
    void *pub; /* NULL once closed */
    kp_hub_sink sink; /* instead of pub (tests); NULL once closed */
    void *sink_ud;
    bool is_sink;     /* set at creation, never changed */
    int refs;
    kp_signer *signer;
    char session[40];
    char topic_prefix[64];
};

void kp_log(const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "dstream-kernel: %s\n", line);
}

kp_hub *kp_hub_new(void *pub, kp_signer *signer, const char *session) {
    kp_hub *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    pthread_mutex_init(&h->lock, NULL);
    h->pub = pub;
    h->refs = 1;
    h->signer = signer;
    snprintf(h->session, sizeof h->session, "%s", session);
    snprintf(h->topic_prefix, sizeof h->topic_prefix, "kernel.%.36s.", session);
    return h;
}

kp_hub *kp_hub_new_sink(kp_hub_sink sink, void *ud) {
    kp_hub *h = kp_hub_new(NULL, NULL, "00000000-0000-0000-0000-000000000000");
    if (!h) return NULL;
    h->sink = sink;
    h->sink_ud = ud;
    h->is_sink = true;
    return h;
}

kp_hub *kp_hub_ref(kp_hub *h) {
    pthread_mutex_lock(&h->lock);
    h->refs++;
    pthread_mutex_unlock(&h->lock);
    return h;
}

void kp_hub_unref(kp_hub *h) {
    if (!h) return;
    pthread_mutex_lock(&h->lock);
    int left = --h->refs;
    pthread_mutex_unlock(&h->lock);
    if (left > 0) return;
    if (h->pub) zmq_close(h->pub);
    kp_signer_free(h->signer);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

void kp_hub_close(kp_hub *h) {
    pthread_mutex_lock(&h->lock);
    if (h->pub) zmq_close(h->pub);
    h->pub = NULL;
    h->sink = NULL;
    pthread_mutex_unlock(&h->lock);
}

const kp_signer *kp_hub_signer(const kp_hub *h) { return h->signer; }
const char *kp_hub_session(const kp_hub *h) { return h->session; }

/* Serialises, signs and sends; the caller holds whatever lock protects sock. */
static int send_encoded(void *sock, const wire_out *out) {
    for (size_t i = 0; i < out->n; i++) {
        int flags = i + 1 < out->n ? ZMQ_SNDMORE : 0;
        if (zmq_send(sock, out->frames[i].data, out->frames[i].size, flags) < 0) return -1;
    }
    return 0;
}

/* Everything but the send: header, JSON strings, signature. Strings go to js[3] (caller frees). */
static int build(const kp_signer *signer, const char *session, const wire_buf *ids, size_t n_ids,
                 const char *msg_type, const char *parent, const json_t *metadata, json_t *content,
                 char *js[3], wire_out *out) {
    js[0] = js[1] = js[2] = NULL;
    json_t *header = wire_new_header(msg_type, session);
    if (!content) content = json_object();
    if (header) js[0] = json_dumps(header, JSON_COMPACT);
    js[1] = metadata ? json_dumps(metadata, JSON_COMPACT) : NULL;
    if (content) js[2] = json_dumps(content, JSON_COMPACT);
    json_decref(header);
    json_decref(content);
    if (!js[0] || !js[2]) return -1;
    return wire_encode(ids, n_ids, js[0], parent, js[1] ? js[1] : "{}", js[2], NULL, 0, signer, out) == WIRE_OK ? 0 : -1;
}

int kp_send(void *sock, const kp_signer *signer, const char *session, const wire_buf *ids,
            size_t n_ids, const char *msg_type, const char *parent, const json_t *metadata,
            json_t *content) {
    char *js[3];
    wire_out out;
    int rc = build(signer, session, ids, n_ids, msg_type, parent, metadata, content, js, &out);
    if (rc == 0) rc = send_encoded(sock, &out);
    if (rc < 0) kp_log("could not send %s: %s", msg_type, zmq_strerror(zmq_errno()));
    wire_out_clear(&out);
    for (int i = 0; i < 3; i++) free(js[i]);
    return rc;
}

int kp_hub_publish(kp_hub *h, const char *parent, const char *msg_type, json_t *content) {
    return kp_hub_publish_meta(h, parent, msg_type, NULL, content);
}

int kp_hub_publish_meta(kp_hub *h, const char *parent, const char *msg_type, const json_t *metadata, json_t *content) {
    if (h->is_sink) {
        pthread_mutex_lock(&h->lock);
        int rc = h->sink ? 0 : -1;
        if (h->sink) h->sink(h->sink_ud, parent, msg_type, content);
        pthread_mutex_unlock(&h->lock);
        json_decref(content);
        return rc;
    }
    char topic[128];
    snprintf(topic, sizeof topic, "%s%s", h->topic_prefix, msg_type);
    wire_buf id = {(unsigned char *)topic, strlen(topic)};
    char *js[3];
    wire_out out;
    int rc = build(h->signer, h->session, &id, 1, msg_type, parent, metadata, content, js, &out);
    if (rc == 0) {
        pthread_mutex_lock(&h->lock);
        rc = h->pub ? send_encoded(h->pub, &out) : -1;
        pthread_mutex_unlock(&h->lock);
    }
    wire_out_clear(&out);
    for (int i = 0; i < 3; i++) free(js[i]);
    return rc;
}

void kp_hub_status(kp_hub *h, const char *parent, const char *state) {
    kp_hub_publish(h, parent, "status", json_pack("{s:s}", "execution_state", state));
}

/* ---- kernel_io: output ---- */

/* Length of the well-formed UTF-8 sequence at s[0, len) (1-4), or 0 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t len) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t need = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!need || need > len) return 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t j = 2; j < need; j++)
        if ((s[j] & 0xC0) != 0x80) return 0;
    return need;
}

/* A surrogate in its 3-byte form (ED A0-BF xx): its value, else 0. */
static unsigned surrogate_at(const unsigned char *s, size_t len) {
    if (len < 3 || s[0] != 0xED || s[1] < 0xA0 || s[1] > 0xBF || (s[2] & 0xC0) != 0x80) return 0;
    return 0xD000u | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
}

json_t *kp_json_text(const char *text, size_t len) {
    if (!text) return NULL;
    json_t *t = json_stringn(text, len);
    if (t) return t;
    const unsigned char *s = (const unsigned char *)text;
    char *fixed = malloc(len * 3 + 1);   /* a bad byte (1) becomes U+FFFD (3) */
    if (!fixed) return json_string("\xEF\xBF\xBD");
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq(s + i, len - i);
        unsigned hi = n ? 0 : surrogate_at(s + i, len - i), lo = hi >= 0xD800 && hi < 0xDC00 ? surrogate_at(s + i + 3, len - i - 3) : 0;
        if (n) {
            memcpy(fixed + k, s + i, n);
            k += n;
            i += n;
        } else if (lo >= 0xDC00) {   /* a pair: the character it stands for, in 4 bytes */
            unsigned cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            fixed[k++] = (char)(0xF0 | (cp >> 18));
            fixed[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            fixed[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            fixed[k++] = (char)(0x80 | (cp & 0x3F));
            i += 6;
        } else {
            memcpy(fixed + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i += hi ? 3 : 1;   /* a lone surrogate is one character */
        }
    }
    t = json_stringn(fixed, k);
    free(fixed);
    return t ? t : json_string("\xEF\xBF\xBD");
}

void kio_stream(kernel_io *io, const char *name, const char *text, size_t len) {
    if (!io || !text || len == 0) return;
    json_t *t = kp_json_text(text, len);   /* not UTF-8: replace bad bytes rather than lose the output */
    if (!t) return;
    const char *stream = name && strcmp(name, "stderr") == 0 ? "stderr" : "stdout";
    kp_hub_publish(io->hub, io->parent, "stream", json_pack("{s:s, s:o}", "name", stream, "text", t));
}

void kio_display(kernel_io *io, json_t *data, json_t *metadata, const char *display_id, bool update) {
    if (!io || !json_is_object(data)) return;
    if (update && !display_id) {
        kp_log("update_display_data without a display_id ignored");
        return;
    }
    json_t *md = json_is_object(metadata) ? json_incref(metadata) : json_object();
    json_t *content = json_pack("{s:O, s:o}", "data", data, "metadata", md);
    if (!content) return;
    if (display_id) json_object_set_new(content, "transient", json_pack("{s:s}", "display_id", display_id));
    kp_hub_publish(io->hub, io->parent, update ? "update_display_data" : "display_data", content);
}

void kio_clear_output(kernel_io *io, bool wait) {
    if (!io) return;
    kp_hub_publish(io->hub, io->parent, "clear_output", json_pack("{s:b}", "wait", wait));
}

void kio_comm_open(kernel_io *io, const char *comm_id, const char *target, json_t *data, json_t *metadata) {
    if (!io) return;
    json_t *c = json_pack("{s:s, s:s, s:o}", "comm_id", comm_id, "target_name", target,
                          "data", data ? json_incref(data) : json_object());
    kp_hub_publish_meta(io->hub, io->parent, "comm_open", metadata, c);
}

void kio_comm_msg(kernel_io *io, const char *comm_id, json_t *data, json_t *metadata) {
    if (!io) return;
    json_t *c = json_pack("{s:s, s:o}", "comm_id", comm_id, "data", data ? json_incref(data) : json_object());
    kp_hub_publish_meta(io->hub, io->parent, "comm_msg", metadata, c);
}

void kio_comm_close(kernel_io *io, const char *comm_id) {
    if (!io) return;
    kp_hub_publish(io->hub, io->parent, "comm_close", json_pack("{s:s, s:{}}", "comm_id", comm_id, "data"));
}

void kio_payload(kernel_io *io, json_t *item) {
    if (!io || io->dup) {
        json_decref(item);
        return;
    }
    if (!io->payload) io->payload = json_array();
    json_array_append_new(io->payload, item);
}

kernel_io *kio_dup(kernel_io *io) {
    if (!io) return NULL;
    kernel_io *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->parent = io->parent ? strdup(io->parent) : NULL;
    d->hub = kp_hub_ref(io->hub);
    d->dup = true;
    return d;
}

void kio_free(kernel_io *io) {
    if (!io || !io->dup) return; /* the request's own handle is not the backend's to free */
    kp_hub_unref(io->hub);
    free(io->parent);
    free(io);
}
