/* df_gson.c — com.google.gson.Gson for the writer sample: new Gson().toJson(x) serialises any
 * value the way Gson does (json.c's gson_to_json: nulls omitted in objects, Seq/Array → arrays,
 * Map → objects, Option → its value, case classes and tuples → their fields, host objects such as
 * twitter4j Statuses through their to_json); GsonBuilder().create() gives the same.
 */
#include <stdlib.h>
#include <string.h>

#include "spark/sql/df_internal.h"
#include "spark/modules.h"

static HostClass gson_class, gson_builder_class;

static bool gson_new(Call *c, Value *out) { (void)c; *out = host_new(&gson_class, NULL); return true; }
static bool gson_builder_new(Call *c, Value *out) { (void)c; *out = host_new(&gson_builder_class, NULL); return true; }

static bool gson_tojson(Call *c, Value *out) {
    StrBuf b = {0};
    if (!gson_to_json(c->I, c->argv[0], &b)) { sb_reset(&b); return false; }
    *out = str_take(sb_take(&b));
    return true;
}

static bool builder_self(Call *c, Value *out) { val_incref(c->self); *out = c->self; return true; }

static const MethodDef gson_methods[] = {
    METHOD("toJson", gson_tojson, 1, 1, "def toJson(src: Object): String",
      "The value as JSON, as Gson writes it (fields of case classes and objects, nulls left out)."),
};
static const MethodDef builder_methods[] = {
    METHOD("create", gson_new, 0, 0, "def create(): Gson", "A Gson."),
    METHOD("disableHtmlEscaping", builder_self, 0, 0, "def disableHtmlEscaping(): GsonBuilder", "Accepted (ignored)."),
    METHOD("serializeNulls", builder_self, 0, 0, "def serializeNulls(): GsonBuilder", "Accepted (ignored: nulls are left out)."),
};
static HostClass gson_class = {.name = "Gson", .qualified = "com.google.gson.Gson",
                               .doc = "Google's JSON serialiser: new Gson().toJson(x).",
                               .doc_url = "https://www.javadoc.io/doc/com.google.code.gson/gson/latest/com.google.gson/com/google/gson/Gson.html",
                               HOST_METHODS(gson_methods), .construct = gson_new, .ctor_signature = "new Gson()"};
static HostClass gson_builder_class = {.name = "GsonBuilder", .qualified = "com.google.gson.GsonBuilder",
                                       .doc = "Builds a Gson.", HOST_METHODS(builder_methods),
                                       .construct = gson_builder_new, .ctor_signature = "new GsonBuilder()"};

void gson_init(Interp *I) {
    interp_register_class(I, &gson_class);
    interp_register_class(I, &gson_builder_class);
}
