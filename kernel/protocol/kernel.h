/* kernel.h — the contract between the Jupyter protocol layer and whatever executes code.
 *
 * protocol/ knows nothing of Scala: it speaks Jupyter messaging 5.4 over ZeroMQ and calls a
 * kernel_backend (a table of functions) to execute code, complete, inspect and so on. While a
 * request runs, the backend writes its output through a kernel_io handle, which routes it to
 * iopub with the right parent header. A handle can be duplicated (kio_dup) so that output produced
 * later, from another thread (a streaming context's batches), still goes to the cell that started
 * it. All kio_* functions are thread-safe.
 */
#ifndef DSTREAM_PROTOCOL_KERNEL_H
#define DSTREAM_PROTOCOL_KERNEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct kernel_io kernel_io;

/* ---- output, from any thread ---- */

/* A JSON string for text that should be UTF-8 but may not be (a Scala string can hold a lone
 * surrogate, which the interpreter stores as its 3-byte form): each invalid sequence becomes
 * U+FFFD, a surrogate pair in 3-byte forms becomes its character; NUL bytes are kept. Never NULL
 * for non-NULL s (new reference); NULL for NULL s. */
json_t *kp_json_text(const char *s, size_t len);

/* A stream message (name is "stdout" or "stderr"). Text need not be NUL-terminated. */
void kio_stream(kernel_io *io, const char *name, const char *text, size_t len);
/* display_data (update == false) or update_display_data (update == true, display_id required).
 * data and metadata are borrowed (not stolen); metadata may be NULL; display_id may be NULL. */
void kio_display(kernel_io *io, json_t *data, json_t *metadata, const char *display_id, bool update);
void kio_clear_output(kernel_io *io, bool wait);
/* Adds an item to the execute_reply's payload (stolen), e.g. {"source":"page","data":{...},"start":0}
 * for the pager. Only valid from the thread executing the request; dropped on dups. */
void kio_payload(kernel_io *io, json_t *item);
/* Asks the frontend for a line of input on the stdin channel. Returns a malloc'd string, or NULL
 * when the frontend does not allow stdin (allow_stdin false) or the kernel is interrupted or
 * shutting down. Only valid from the thread executing the request. */
char *kio_input(kernel_io *io, const char *prompt, bool password);
/* A handle bound to the same parent header that stays valid after the request ends; free with
 * kio_free. Output through it after the kernel shut down is dropped. */
kernel_io *kio_dup(kernel_io *io);
/* Comms the kernel opens (the widgets under a display): comm_open, comm_msg and comm_close on
 * iopub, from any thread. data and metadata are borrowed; NULL means {}. */
void kio_comm_open(kernel_io *io, const char *comm_id, const char *target, json_t *data, json_t *metadata);
void kio_comm_msg(kernel_io *io, const char *comm_id, json_t *data, json_t *metadata);
void kio_comm_close(kernel_io *io, const char *comm_id);
/* While a request runs (a cell that waits for a stream): handles the comm_msgs that arrived on
 * shell since it began (clicks on the kernel's widgets) through backend->comm_msg with
 * during_request true, and keeps every other request for after this one. Only from the thread
 * executing the request; a no-op elsewhere. */
void kio_poll_comms(kernel_io *io);
void kio_free(kernel_io *io);

/* ---- the backend ---- */

typedef enum { KEXEC_OK = 0, KEXEC_ERROR = 1, KEXEC_ABORTED = 2 } kexec_status;

/* Code comes as a NUL-terminated string plus its length in bytes: valid JSON may carry U+0000
 * inside a string, so len can be larger than strlen(code). What an embedded NUL means is the
 * backend's business (the language decides; the protocol layer passes the text on whole). */
typedef struct kernel_backend {
    void *self;
    /* Language and implementation fields of kernel_info_reply (the protocol layer adds
     * status and protocol_version). Returns a new reference. */
    json_t *(*kernel_info)(void *self);
    /* Runs code. On success *result may be set to a mime bundle (new reference) for
     * execute_result. On error *error is set to {"ename","evalue","traceback":[...]}
     * (new reference). execution_count is the count the protocol layer assigned. */
    kexec_status (*execute)(void *self, kernel_io *io, const char *code, size_t len, bool silent,
                            int execution_count, json_t **result, json_t **error);
    /* Evaluates one expression for user_expressions: returns a new reference to either
     * {"status":"ok","data":{...},"metadata":{}} or {"status":"error",...}. */
    json_t *(*user_expression)(void *self, const char *expr, size_t len);
    /* is_complete_reply content (status, and indent when incomplete). New reference. */
    json_t *(*is_complete)(void *self, const char *code, size_t len);
    /* complete_reply content without "status" (matches, cursor_start, cursor_end, metadata). */
    json_t *(*complete)(void *self, const char *code, size_t len, int cursor_pos);
    /* inspect_reply content without "status" (found, data, metadata). */
    json_t *(*inspect)(void *self, const char *code, size_t len, int cursor_pos, int detail_level);
    /* Asks the running code to stop. Must be async-signal-safe (it is called from a SIGINT
     * handler too): set a flag, nothing more. */
    void (*interrupt)(void *self);
    /* A comm_msg for a comm the kernel opened (kio_comm_open). during_request: it arrived while
     * a request was running and is handled from kio_poll_comms on that request's thread; else
     * the shell thread is idle. io answers on the comm (kio_comm_msg). data is borrowed. */
    void (*comm_msg)(void *self, kernel_io *io, const char *comm_id, const json_t *data, bool during_request);
    /* The frontend closed one of the kernel's comms. */
    void (*comm_close)(void *self, const char *comm_id);
    /* comm_info_reply's "comms" ({comm_id: {"target_name": …}}) for target (NULL: all). New reference. */
    json_t *(*comm_info)(void *self, const char *target);
    /* The kernel is shutting down (restart tells whether a new one follows). */
    void (*shutdown)(void *self, bool restart);
} kernel_backend;

/* Runs the kernel described by the connection file until a shutdown_request, or until the
 * process that started it exits (when JPY_PARENT_PID names it, as jupyter_client sets it; see
 * server.c). Returns 0 on a clean shutdown, non-zero (after printing why to stderr) on failure. */
int kernel_run(const char *connection_file, kernel_backend *backend);

#endif
