/* backend.h — the kernel backend that joins the protocol layer to the interpreter and magics. */
#ifndef DSTREAM_BACKEND_H
#define DSTREAM_BACKEND_H

#include "lang/interp.h"
#include "protocol/kernel.h"

typedef struct Backend Backend;

Backend *backend_new(void);
void backend_free(Backend *b);
kernel_backend *backend_vtable(Backend *b);
Interp *backend_interp(Backend *b);
/* Interpreter hooks that write to a kernel_io (stdout/stderr streams, stdin, displays). */
void backend_hooks_for(kernel_io *io, InterpHooks *h);

#endif
