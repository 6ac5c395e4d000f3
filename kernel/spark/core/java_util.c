/* java_util.c — the small pieces of the Java library that Kafka programs call from cells:
 * java.time.Duration (ofMillis … ofHours, toMillis …; KafkaConsumer.poll takes one) and
 * java.util.Arrays.asList / Collections.singletonList, singleton, emptyList (topic lists). */
#include "spark/core/java_util.h"
#include "spark/modules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/streaming/streaming.h"


/* ---- java.time.Duration ---- */

extern HostClass jduration_class;
typedef struct { int64_t ms; } JDuration;
static Value jduration_new(int64_t ms) {
    JDuration *d = malloc(sizeof *d);
    d->ms = ms;
    return host_new(&jduration_class, d);
}
static char *jduration_str(Interp *I, void *p) {
    (void)I;
    int64_t ms = ((JDuration *)p)->ms;
    char *s = NULL;
    if (ms == 0) return strdup("PT0S");
    int64_t h = ms / 3600000, m = ms / 60000 % 60, sec = ms / 1000 % 60, frac = ms % 1000;
    char buf[96];
    int k = snprintf(buf, sizeof buf, "PT");
    if (h) k += snprintf(buf + k, sizeof buf - (size_t)k, "%lldH", (long long)h);
    if (m) k += snprintf(buf + k, sizeof buf - (size_t)k, "%lldM", (long long)m);
    if (sec || frac) {
        if (frac) {
            char f[8];
            snprintf(f, sizeof f, "%03lld", (long long)(frac < 0 ? -frac : frac));
            for (int i = 2; i > 0 && f[i] == '0'; i--) f[i] = 0;
            k += snprintf(buf + k, sizeof buf - (size_t)k, "%lld.%sS", (long long)sec, f);
        } else k += snprintf(buf + k, sizeof buf - (size_t)k, "%lldS", (long long)sec);
    }
    s = strdup(buf);
    return s;
}
static bool jd_of(Call *c, Value *out) {
    int64_t n;
    if (!arg_long(c, 0, &n)) return false;
    int64_t unit = !strcmp(c->name, "ofSeconds") ? 1000 : !strcmp(c->name, "ofMinutes") ? 60000
                 : !strcmp(c->name, "ofHours") ? 3600000 : 1;
    if (!strcmp(c->name, "ofNanos")) n /= 1000000;
    *out = jduration_new(n * unit);
    return true;
}
static bool jd_get(Call *c, Value *out) {
    int64_t ms = ((JDuration *)as_host(c->self)->data)->ms;
    if (!strcmp(c->name, "toMillis")) *out = v_long(ms);
    else if (!strcmp(c->name, "toNanos")) *out = v_long(ms * 1000000);
    else if (!strcmp(c->name, "toMinutes")) *out = v_long(ms / 60000);
    else if (!strcmp(c->name, "isZero")) *out = v_bool(ms == 0);
    else *out = v_long(ms / 1000);
    return true;
}
static const MethodDef jd_obj_methods[] = {
    METHOD("ofMillis", jd_of, 1, 1, "def ofMillis(millis: Long): Duration", "A java.time.Duration of millis milliseconds."),
    METHOD("ofSeconds", jd_of, 1, 1, "def ofSeconds(seconds: Long): Duration", "A java.time.Duration of seconds seconds."),
    METHOD("ofMinutes", jd_of, 1, 1, "def ofMinutes(minutes: Long): Duration", "A java.time.Duration of minutes minutes."),
    METHOD("ofHours", jd_of, 1, 1, "def ofHours(hours: Long): Duration", "A java.time.Duration of hours hours."),
    METHOD("ofNanos", jd_of, 1, 1, "def ofNanos(nanos: Long): Duration", "A java.time.Duration (kept in milliseconds here)."),
};
static const MethodDef jd_methods[] = {
    METHOD("toMillis", jd_get, 0, 0, "def toMillis(): Long", "The duration in milliseconds."),
    METHOD("toNanos", jd_get, 0, 0, "def toNanos(): Long", "The duration in nanoseconds."),
    METHOD("getSeconds", jd_get, 0, 0, "def getSeconds(): Long", "The whole seconds."),
    METHOD("toSeconds", jd_get, 0, 0, "def toSeconds(): Long", "The whole seconds."),
    METHOD("toMinutes", jd_get, 0, 0, "def toMinutes(): Long", "The whole minutes."),
    METHOD("isZero", jd_get, 0, 0, "def isZero(): Boolean", "Whether the duration is zero."),
};
HostClass jduration_class = {.name = "java.time.Duration", .qualified = "java.time.Duration",
                             .doc = "A java.time.Duration (e.g. for KafkaConsumer.poll).",
                             HOST_METHODS(jd_methods),
                             .finalize = free, .to_string = jduration_str};
static HostClass jduration_obj = {.name = "Duration$", .qualified = "java.time.Duration$",
                                  .doc = "java.time.Duration: ofMillis, ofSeconds, ofMinutes.",
                                  HOST_METHODS(jd_obj_methods)};

bool java_timeout_ms(Interp *I, Value v, int64_t *ms) {
    if (v.t == T_HOST && as_host(v)->cls == &jduration_class) { *ms = ((JDuration *)as_host(v)->data)->ms; return true; }
    if (v.t == T_INT) { *ms = v.u.i; return true; }
    if (v.t == T_LONG) { *ms = v.u.l; return true; }
    if (v.t == T_HOST && duration_ms(I, v, ms)) return true;
    char *tn = val_type_name(I, v);
    bool r = interp_throw(I, "java.lang.IllegalArgumentException",
                          "a timeout must be a java.time.Duration (Duration.ofSeconds(n)) or milliseconds, not %s", tn);
    free(tn);
    return r;
}

/* ---- java.util.Arrays / Collections ---- */

static bool arrays_aslist(Call *c, Value *out) {
    Value l = seq_new(SEQ_JLIST, (size_t)c->argc);
    /* asList(array) spreads an Array, as Java's varargs do */
    if (c->argc == 1 && c->argv[0].t == T_SEQ && as_seq(c->argv[0])->kind == SEQ_ARRAY) {
        SeqObj *s = as_seq(c->argv[0]);
        for (size_t i = 0; i < s->len; i++) { val_incref(s->items[i]); seq_push(l, s->items[i]); }
    } else
        for (int i = 0; i < c->argc; i++) { val_incref(c->argv[i]); seq_push(l, c->argv[i]); }
    *out = l;
    return true;
}
static bool colls_singleton(Call *c, Value *out) {
    if (!strcmp(c->name, "singleton")) {
        Value s = map_new(MAP_JAVA, true);
        val_incref(c->argv[0]);
        map_put(s, c->argv[0], v_unit());
        *out = s;
        return true;
    }
    Value l = seq_new(SEQ_JLIST, 1);
    val_incref(c->argv[0]);
    seq_push(l, c->argv[0]);
    *out = l;
    return true;
}
static bool colls_empty(Call *c, Value *out) { (void)c; *out = seq_new(SEQ_JLIST, 0); return true; }
static const MethodDef arrays_methods[] = {
    METHOD("asList", arrays_aslist, 0, -1, "def asList[T](a: T*): java.util.List[T]", "A java.util.List of the arguments."),
};
static HostClass arrays_obj = {.name = "Arrays$", .qualified = "java.util.Arrays",
                               .doc = "java.util.Arrays.asList(a, b, …).",
                               HOST_METHODS(arrays_methods)};
static const MethodDef colls_methods[] = {
    METHOD("singletonList", colls_singleton, 1, 1, "def singletonList[T](o: T): java.util.List[T]", "A java.util.List of one element."),
    METHOD("singleton", colls_singleton, 1, 1, "def singleton[T](o: T): java.util.Set[T]", "A java.util.Set of one element."),
    METHOD("emptyList", colls_empty, 0, 0, "def emptyList[T](): java.util.List[T]", "An empty java.util.List."),
};
static HostClass colls_obj = {.name = "Collections$", .qualified = "java.util.Collections",
                              .doc = "java.util.Collections.singletonList(x), singleton(x), emptyList().",
                              HOST_METHODS(colls_methods)};

/* ---- registration ---- */

static void global2(Interp *I, const char *simple, const char *qualified, HostClass *cls) {
    char sig[96];
    snprintf(sig, sizeof sig, "object %s", qualified);
    Value v = host_new(cls, NULL);
    if (simple) { val_incref(v); interp_register_global(I, simple, v, sig, cls->doc); }
    interp_register_global(I, qualified, v, sig, cls->doc);
}

void java_util_init(Interp *I) {
    HostClass *classes[] = {&jduration_class, &jduration_obj, &arrays_obj, &colls_obj};
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) interp_register_class(I, classes[i]);
    global2(I, NULL, "java.time.Duration", &jduration_obj);
    global2(I, "Arrays", "java.util.Arrays", &arrays_obj);
    global2(I, "Collections", "java.util.Collections", &colls_obj);
}
