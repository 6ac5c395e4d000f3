/* wire.h — the Jupyter wire format (messaging spec 5.4) as pure functions: decoding a list of
 * ZeroMQ frames into a checked message, and encoding one into frames. No sockets here, so the
 * unit tests and the fuzz target call exactly what the kernel calls.
 *
 *   [identities...] "<IDS|MSG>" signature header parent_header metadata content [buffers...]
 */
#ifndef DSTREAM_PROTOCOL_WIRE_H
#define DSTREAM_PROTOCOL_WIRE_H

#include <jansson.h>
#include <stddef.h>

#include "protocol/hmac.h"

#define WIRE_DELIM "<IDS|MSG>"
#define WIRE_MAX_FRAMES 1024              /* identities + 6 + buffers */
#define WIRE_MAX_JSON (32u * 1024 * 1024) /* per JSON frame */

enum {
    WIRE_OK = 0,
    WIRE_ENODELIM,  /* no "<IDS|MSG>" frame */
    WIRE_ETOOFEW,   /* fewer than 5 frames after the delimiter */
    WIRE_ETOOMANY,  /* more than WIRE_MAX_FRAMES frames */
    WIRE_ETOOBIG,   /* a JSON frame larger than WIRE_MAX_JSON */
    WIRE_EBADSIG,   /* signature missing or wrong */
    WIRE_EJSON,     /* a JSON frame does not parse, or is not an object */
    WIRE_ESHAPE,    /* header without string msg_type / msg_id */
    WIRE_ENOMEM,
};

typedef struct { const void *data; size_t size; } wire_frame; /* borrowed bytes */
typedef struct { unsigned char *data; size_t size; } wire_buf; /* owned bytes */

typedef struct wire_msg {
    wire_buf *ids;
    size_t n_ids;
    json_t *header, *parent_header, *metadata, *content; /* all objects */
    wire_buf *buffers;
    size_t n_buffers;
    const char *msg_type; /* borrowed from header */
    const char *msg_id;   /* borrowed from header */
    /* The signature as received (lower-case hex, NUL-terminated) once it has been verified; ""
     * when messages are not signed. Lets the kernel refuse a replayed message. */
    char signature[KP_SIG_MAX];
    /* Set (malloc'd) only by wire_decode_partial when the signature and the header are good
     * but parent_header, metadata or content is not: what is wrong with it. */
    char *error;
} wire_msg;

/* Decodes frames into *out (which it zeroes first). On failure returns a WIRE_E* code, leaves *out
 * empty and, if why is given, describes the problem there. With an enabled signer the signature is
 * verified (constant time) before any JSON is parsed. JSON is parsed with JSON_ALLOW_NUL: a string
 * may hold U+0000 (json_string_length tells its real length); only msg_type may not. */
int wire_decode(const wire_frame *frames, size_t n, const kp_signer *signer, wire_msg *out,
                char *why, size_t whylen);
/* As wire_decode, except when the signature and the header are good but parent_header, metadata
 * or content is not (too large, not JSON, not an object): then it returns WIRE_ETOOBIG or
 * WIRE_EJSON with ids, header, msg_type, msg_id and signature filled in and out->error set, so that
 * the request can still be answered with an error. Call wire_msg_clear on *out in every case. */
int wire_decode_partial(const wire_frame *frames, size_t n, const kp_signer *signer, wire_msg *out,
                        char *why, size_t whylen);
void wire_msg_clear(wire_msg *m);
const char *wire_strerror(int err);

/* Encoded frames: borrowed pointers into the caller's ids, strings and buffers, and into
 * out->sig (so an out must not be moved while its frames are used). Free with wire_out_clear. */
typedef struct wire_out {
    wire_frame *frames;
    size_t n;
    char sig[KP_SIG_MAX];
} wire_out;

/* Builds the frames of a message from already serialised JSON parts. Returns WIRE_OK or
 * WIRE_ENOMEM / WIRE_EBADSIG (signing failed). */
int wire_encode(const wire_buf *ids, size_t n_ids, const char *header, const char *parent,
                const char *metadata, const char *content, const wire_frame *buffers,
                size_t n_buffers, const kp_signer *signer, wire_out *out);
void wire_out_clear(wire_out *out);

/* A new header object: msg_id (random UUID), session, username "kernel", date (UTC, ISO 8601),
 * msg_type, version "5.4". */
json_t *wire_new_header(const char *msg_type, const char *session);

#endif
