/* handlers.h — the request handlers, apart from sockets and threads (xeus's kernel core and
 * server are the model): one table keyed by msg_type, {msg_type, handler, channels allowed}, used
 * by both the shell and the control channel.
 *
 * The handlers see a decoded wire_msg and answer through a kp_transport (the reply sink, the
 * waiting shell requests, stdin, waking the shell thread) and through the iopub hub. server.c
 * gives them ZeroMQ sockets; tests/unit/test_protocol_handlers.c gives them a mock transport, a
 * capturing hub and a mock kernel_backend.
 */
#ifndef DSTREAM_PROTOCOL_HANDLERS_H
#define DSTREAM_PROTOCOL_HANDLERS_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "protocol/history.h"
#include "protocol/internal.h"
#include "protocol/kernel.h"
#include "protocol/wire.h"

/* What the handlers need from the server. Every function is called with self. */
typedef struct kp_transport {
    void *self;
    /* Sends msg_type with content (stolen) to the peer of req, on channel (KP_SHELL or
     * KP_CONTROL); parent is req's serialised header. */
    void (*reply)(void *self, int channel, const wire_msg *req, const char *parent, const char *msg_type,
                  json_t *content);
    /* After an error with stop_on_error: the shell requests already waiting (allowing a few ms for
     * those in flight). Returns how many, in a malloc'd array the caller clears and frees. */
    size_t (*take_queued)(void *self, wire_msg **out);
    /* Sends an input_request to the peer of req on stdin and waits for the input_reply. Returns its
     * "value" (a new reference to a JSON string), or NULL when interrupted or shutting down. */
    json_t *(*input)(void *self, const wire_msg *req, const char *parent, const char *prompt, bool password);
    /* Wakes the shell thread (from an interrupt). Must be async-signal-safe. */
    void (*wake)(void *self);
    /* During a request, on the shell thread: hands each comm_msg waiting on shell to
     * kp_core_handle_comm and keeps the other requests for after this one. May be NULL. */
    void (*poll_comms)(void *self);
} kp_transport;

/* The state the handlers share: one per kernel. */
typedef struct kp_core {
    kernel_backend *be;
    kp_hub *hub;          /* iopub (borrowed) */
    kp_transport t;
    json_t *kernel_info;  /* kernel_info_reply content, built once */
    kp_history *history;
    int execution_count;  /* the shell thread's */
    pthread_t shell_thread; /* the only thread that may read stdin */
    atomic_int interrupted;
    atomic_int shutdown;
    atomic_int restart;
} kp_core;

/* Channels a handler may be called on (kp_core_handle's channel, as a bit). */
#define KP_ON_SHELL (1u << KP_SHELL)
#define KP_ON_CONTROL (1u << KP_CONTROL)

/* Sets up core (the calling thread becomes the shell thread). Returns 0, or -1 out of memory
 * (call kp_core_clear either way). */
int kp_core_init(kp_core *c, kernel_backend *be, kp_hub *hub, const kp_transport *t);
void kp_core_clear(kp_core *c);

/* Handles one request that came in on channel (KP_SHELL or KP_CONTROL), between status busy and
 * idle; on shell, then answers the requests taken after an error with stop_on_error (execute
 * requests "aborted", anything else as usual). msg->error set: an error reply (if a request). */
void kp_core_handle(kp_core *c, int channel, const wire_msg *msg);

/* A comm_msg that arrived while another request runs (kio_poll_comms): to the backend, with no
 * status messages of its own (the running request's busy stands). */
void kp_core_handle_comm(kp_core *c, const wire_msg *msg);

/* Sets the interrupt flag, calls backend->interrupt and wakes the shell thread: async-signal-safe. */
void kp_core_interrupt(kp_core *c);
/* Starts a shutdown (as shutdown_request does): flags it and interrupts a running cell. */
void kp_core_start_shutdown(kp_core *c, bool restart);

/* The handler table, for tests and documentation: the row for msg_type, or NULL. */
typedef struct kp_request kp_request;
typedef struct kp_handler {
    const char *msg_type;
    void (*run)(kp_core *c, kp_request *r);
    unsigned channels; /* KP_ON_SHELL | KP_ON_CONTROL */
} kp_handler;
const kp_handler *kp_handler_find(const char *msg_type);

#endif
