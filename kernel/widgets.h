/* widgets.h — buttons under a cell's output, as Jupyter widgets (ipywidgets 8's comm protocol,
 * target "jupyter.widget", protocol version 2.1.0): the kernel opens one comm per model (an HBox
 * of Buttons and a status Label, each with its Layout and Style), displays the box, and turns the
 * frontend's clicks (comm_msg {"method":"custom","content":{"event":"click"}}) into calls. Frontends
 * without the widget manager show the display's text/plain. The interpreter reaches them through
 * its hooks (controls_open / controls_update / poll_events, set by backend_hooks_for). */
#ifndef DSTREAM_WIDGETS_H
#define DSTREAM_WIDGETS_H

#include <stdbool.h>

#include "lang/interp.h"
#include "protocol/kernel.h"

/* The widgets answer for the interpreter I: clicks run with its lock held. */
void widgets_init(Interp *I);
void widgets_free(void);

/* InterpHooks.controls_open / controls_update, with ud a kernel_io. */
int widgets_controls_open(void *ud, const char *const *labels, int n, void (*on_click)(void *cb_ud, int i), void *cb_ud);
void widgets_controls_update(void *ud, int handle, const char *status, unsigned disabled, bool closed);

/* kernel_backend.comm_msg / comm_close / comm_info. */
void widgets_comm_msg(kernel_io *io, const char *comm_id, const json_t *data, bool during_request);
void widgets_comm_close(const char *comm_id);
json_t *widgets_comm_info(const char *target);

#endif
