/* internal.h — what the protocol layer's own files share and nobody else needs: the iopub owner
 * (kp_hub), the kernel_io handle, message sending and logging. */
#ifndef DSTREAM_PROTOCOL_INTERNAL_H
#define DSTREAM_PROTOCOL_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "protocol/hmac.h"
#include "protocol/kernel.h"
#include "protocol/wire.h"

struct kp_core;

/* The one owner of the iopub PUB socket: a mutex serialises every publish, from whichever thread.
 * Reference counted, because kio_dup'ed handles may outlive kernel_run; after kp_hub_close the
 * socket is gone and publishing is a silent no-op. Owns the signer and the session id. */
typedef struct kp_hub kp_hub;

kp_hub *kp_hub_new(void *pub, kp_signer *signer, const char *session);
/* A hub that hands each message to sink (under the hub's mutex) instead of a socket: the mock
 * iopub of the protocol unit tests. content is borrowed; parent may be NULL. */
typedef void (*kp_hub_sink)(void *ud, const char *parent, const char *msg_type, const json_t *content);
kp_hub *kp_hub_new_sink(kp_hub_sink sink, void *ud);
kp_hub *kp_hub_ref(kp_hub *h);
void kp_hub_unref(kp_hub *h);
/* Closes the socket (messages already queued still leave within its linger period). */
void kp_hub_close(kp_hub *h);
const kp_signer *kp_hub_signer(const kp_hub *h);
const char *kp_hub_session(const kp_hub *h);
/* Publishes msg_type with content (stolen) and parent (a serialised header, or NULL for {}).
 * Returns 0 when sent, -1 when dropped. */
int kp_hub_publish(kp_hub *h, const char *parent, const char *msg_type, json_t *content);
/* The same with metadata (borrowed; NULL for {}). The sink hub of the unit tests drops it. */
int kp_hub_publish_meta(kp_hub *h, const char *parent, const char *msg_type, const json_t *metadata, json_t *content);
/* Publishes status busy / idle. */
void kp_hub_status(kp_hub *h, const char *parent, const char *state);

/* Builds, signs and sends one message on sock (which the caller owns or has locked). content is
 * stolen, metadata borrowed (NULL for {}), parent is a serialised header (NULL for {}). */
int kp_send(void *sock, const kp_signer *signer, const char *session, const wire_buf *ids,
            size_t n_ids, const char *msg_type, const char *parent, const json_t *metadata,
            json_t *content);

/* A handle given to the backend. The request's own handle (dup false) lives on the shell
 * thread's stack for the duration of one execute_request and can read stdin; dups are heap
 * allocated and only write to iopub. */
struct kernel_io {
    kp_hub *hub;             /* a reference is held by dups only */
    char *parent;            /* the serialised parent header (owned by dups) */
    struct kp_core *core;    /* the handlers' state, for stdin; NULL in dups */
    const wire_msg *req;     /* the execute_request (its peer gets the input_request); NULL in dups */
    bool allow_stdin;
    bool dup;
    json_t *payload;         /* execute_reply's payload (a JSON array), made on first use; NULL in dups */
};

__attribute__((format(printf, 1, 2))) void kp_log(const char *fmt, ...);

#endif
