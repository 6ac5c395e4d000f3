/* widgets.c — the kernel's Jupyter widgets: button bars with a status line (see widgets.h). */
#include "widgets.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/uuid.h"

#define TARGET "jupyter.widget"
#define PROTOCOL_VERSION "2.1.0"
#define MAX_BUTTONS 8

typedef struct {
    int handle;
    char box[37], label[37], buttons[MAX_BUTTONS][37];
    char parts[2 * MAX_BUTTONS + 3][37];   /* every comm: layouts, styles, widgets */
    int nparts, nbuttons;
    json_t *states;                        /* comm id → its model's current state */
    void (*on_click)(void *, int);         /* NULL once closed */
    void *cb_ud;
    kernel_io *io;                         /* a dup of the opening cell's handle, for updates */
} Controls;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static Controls **all;
static int nall, call_, next_handle;
static Interp *interp;

void widgets_init(Interp *I) { interp = I; }

void widgets_free(void) {
    pthread_mutex_lock(&mu);
    for (int i = 0; i < nall; i++) {
        json_decref(all[i]->states);
        kio_free(all[i]->io);
        free(all[i]);
    }
    free(all);
    all = NULL;
    nall = call_ = 0;
    pthread_mutex_unlock(&mu);
}

static json_t *model(const char *module, const char *name, const char *view_module, const char *view) {
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "_model_module", module, "_model_module_version", "2.0.0",
                     "_model_name", name, "_view_module", view_module, "_view_module_version", "2.0.0", "_view_name", view);
}

/* Opens one model's comm and records its state. */
static void open_model(Controls *c, const char *id, json_t *state) {
    json_object_set(c->states, id, state);
    json_t *data = json_pack("{s:O, s:[]}", "state", state, "buffer_paths");
    json_t *meta = json_pack("{s:s}", "version", PROTOCOL_VERSION);
    kio_comm_open(c->io, id, TARGET, data, meta);
    json_decref(data);
    json_decref(meta);
    json_decref(state);
    snprintf(c->parts[c->nparts++], 37, "%s", id);
}

static void ref(char out[48], const char *id) { snprintf(out, 48, "IPY_MODEL_%s", id); }

/* A Layout (and, with style_model, a Style) for one widget; their ids in layout/style. */
static void open_layout_style(Controls *c, const char *style_model, char layout[48], char style[48]) {
    char id[37];
    uuid4(id);
    open_model(c, id, model("@jupyter-widgets/base", "LayoutModel", "@jupyter-widgets/base", "LayoutView"));
    ref(layout, id);
    style[0] = 0;
    if (style_model) {
        uuid4(id);
        open_model(c, id, model("@jupyter-widgets/controls", style_model, "@jupyter-widgets/base", "StyleView"));
        ref(style, id);
    }
}

int widgets_controls_open(void *ud, const char *const *labels, int n, void (*on_click)(void *, int), void *cb_ud) {
    if (!ud || n < 1 || n > MAX_BUTTONS) return 0;
    Controls *c = calloc(1, sizeof *c);
    if (!c) return 0;
    c->io = kio_dup((kernel_io *)ud);
    c->states = json_object();
    c->on_click = on_click;
    c->cb_ud = cb_ud;
    c->nbuttons = n;
    char layout[48], style[48];
    json_t *children = json_array();
    for (int i = 0; i < n; i++) {
        open_layout_style(c, "ButtonStyleModel", layout, style);
        json_t *st = model("@jupyter-widgets/controls", "ButtonModel", "@jupyter-widgets/controls", "ButtonView");
        json_object_update_new(st, json_pack("{s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:[]}", "description", labels[i],
                                             "disabled", 0, "button_style", "", "icon", "", "tooltip", labels[i],
                                             "layout", layout, "style", style, "_dom_classes"));
        uuid4(c->buttons[i]);
        open_model(c, c->buttons[i], st);
        char r[48];
        ref(r, c->buttons[i]);
        json_array_append_new(children, json_string(r));
    }
    open_layout_style(c, "LabelStyleModel", layout, style);
    json_t *lst = model("@jupyter-widgets/controls", "LabelModel", "@jupyter-widgets/controls", "LabelView");
    json_object_update_new(lst, json_pack("{s:s, s:s, s:s, s:s, s:[]}", "value", "", "description", "",
                                          "layout", layout, "style", style, "_dom_classes"));
    uuid4(c->label);
    open_model(c, c->label, lst);
    char r[48];
    ref(r, c->label);
    json_array_append_new(children, json_string(r));
    open_layout_style(c, NULL, layout, style);
    json_t *box = model("@jupyter-widgets/controls", "HBoxModel", "@jupyter-widgets/controls", "HBoxView");
    json_object_update_new(box, json_pack("{s:o, s:s, s:s, s:[s]}", "children", children, "box_style", "",
                                          "layout", layout, "_dom_classes", "dstream-controls"));
    uuid4(c->box);
    open_model(c, c->box, box);
    /* the display: the box for widget frontends, the buttons' names for the others */
    char text[256] = "";
    size_t k = 0;
    for (int i = 0; i < n && k + 1 < sizeof text; i++)
        k += (size_t)snprintf(text + k, sizeof text - k, "[%s] ", labels[i]);
    if (k < sizeof text) snprintf(text + k, sizeof text - k, "(buttons: a frontend with Jupyter widgets shows them)");
    json_t *data = json_pack("{s:{s:i, s:i, s:s}, s:s}", "application/vnd.jupyter.widget-view+json", "version_major", 2,
                             "version_minor", 0, "model_id", c->box, "text/plain", text);
    /* a display_id, as the timeline's: the kernel's own display, told apart from the program's
     * output (tests/spark/spark_diff.py leaves such displays out) */
    char did[64];
    snprintf(did, sizeof did, "dstream-controls-%s", c->box);
    kio_display(c->io, data, NULL, did, false);
    json_decref(data);
    pthread_mutex_lock(&mu);
    c->handle = ++next_handle;
    if (nall == call_) {
        call_ = call_ ? 2 * call_ : 4;
        Controls **v = realloc(all, (size_t)call_ * sizeof *v);
        if (!v) abort();
        all = v;
    }
    all[nall++] = c;
    int h = c->handle;
    pthread_mutex_unlock(&mu);
    return h;
}

/* Sends a state change of one model (and records it). Called with mu held. */
static void update_model(Controls *c, const char *id, json_t *change) {
    json_t *st = json_object_get(c->states, id);
    if (st) json_object_update(st, change);
    json_t *data = json_pack("{s:s, s:O, s:[]}", "method", "update", "state", change, "buffer_paths");
    kio_comm_msg(c->io, id, data, NULL);
    json_decref(data);
    json_decref(change);
}

void widgets_controls_update(void *ud, int handle, const char *status, unsigned disabled, bool closed) {
    (void)ud;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < nall; i++) {
        Controls *c = all[i];
        if (c->handle != handle) continue;
        for (int b = 0; b < c->nbuttons; b++) {
            bool off = (disabled >> b) & 1u;
            if (json_is_true(json_object_get(json_object_get(c->states, c->buttons[b]), "disabled")) != off)
                update_model(c, c->buttons[b], json_pack("{s:b}", "disabled", off));
        }
        if (status) {   /* last: a new status means the buttons are already set for it */
            json_t *cur = json_object_get(json_object_get(c->states, c->label), "value");
            if (!json_is_string(cur) || strcmp(json_string_value(cur), status))
                update_model(c, c->label, json_pack("{s:s}", "value", status));
        }
        if (closed) c->on_click = NULL;
    }
    pthread_mutex_unlock(&mu);
}

/* A click: the button's function, called with the interpreter's lock held, as a cell runs (a
 * request that lets clicks through while it waits, poll_events, holds it already). The lock is
 * taken before the lookup: whatever closes controls (a context stopping) holds it too, so the
 * function and its data stay valid through the call. */
static void click(const char *comm_id, bool during_request) {
    if (!interp) return;
    if (!during_request) interp_lock(interp);
    void (*fn)(void *, int) = NULL;
    void *cb_ud = NULL;
    int index = -1;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < nall && !fn; i++)
        for (int b = 0; b < all[i]->nbuttons; b++)
            if (!strcmp(all[i]->buttons[b], comm_id) && all[i]->on_click &&
                !json_is_true(json_object_get(json_object_get(all[i]->states, comm_id), "disabled"))) {
                fn = all[i]->on_click;
                cb_ud = all[i]->cb_ud;
                index = b;
            }
    pthread_mutex_unlock(&mu);
    if (fn) fn(cb_ud, index);
    if (!during_request) interp_unlock(interp);
}

void widgets_comm_msg(kernel_io *io, const char *comm_id, const json_t *data, bool during_request) {
    const char *method = json_string_value(json_object_get(data, "method"));
    if (!method) return;
    if (!strcmp(method, "custom")) {
        const char *event = json_string_value(json_object_get(json_object_get(data, "content"), "event"));
        if (event && !strcmp(event, "click")) click(comm_id, during_request);
        return;
    }
    pthread_mutex_lock(&mu);
    for (int i = 0; i < nall; i++) {
        json_t *st = json_object_get(all[i]->states, comm_id);
        if (!st) continue;
        if (!strcmp(method, "request_state")) {      /* a frontend (re)loading the page */
            json_t *d = json_pack("{s:s, s:O, s:[]}", "method", "update", "state", st, "buffer_paths");
            kio_comm_msg(io, comm_id, d, NULL);
            json_decref(d);
        } else if (!strcmp(method, "update")) {      /* the frontend's side of a state: kept */
            json_t *change = json_object_get(data, "state");
            if (json_is_object(change)) json_object_update(st, change);
        }
        break;
    }
    pthread_mutex_unlock(&mu);
}

void widgets_comm_close(const char *comm_id) {
    pthread_mutex_lock(&mu);
    for (int i = 0; i < nall; i++) json_object_del(all[i]->states, comm_id);
    pthread_mutex_unlock(&mu);
}

json_t *widgets_comm_info(const char *target) {
    json_t *out = json_object();
    if (target && strcmp(target, TARGET)) return out;
    pthread_mutex_lock(&mu);
    for (int i = 0; i < nall; i++) {
        const char *id;
        json_t *st;
        json_object_foreach(all[i]->states, id, st) json_object_set_new(out, id, json_pack("{s:s}", "target_name", TARGET));
    }
    pthread_mutex_unlock(&mu);
    return out;
}
