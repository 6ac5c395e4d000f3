/* log4j.c — log4j 1.x's Logger and Level as Spark programs use them to quiet Spark's logs
 * (`Logger.getLogger("org").setLevel(Level.WARN)`, as Spark's own streaming examples do): the
 * classes and their echoes as spark-shell 3.5 shows them (its log4j-1.2-api bridge), the calls
 * accepted; this kernel writes no log4j logs, so setting a level changes nothing else. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spark/modules.h"

static const char *const level_names[] = {"OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL"};
#define NLEVELS (int)(sizeof level_names / sizeof level_names[0])

static HostClass log_level_class, logger_class;

static Value level_value(int i) { return host_new(&log_level_class, (void *)(intptr_t)(i + 1)); }
static char *level_str(Interp *I, void *d) {
    (void)I;
    return strdup(level_names[(intptr_t)d - 1]);
}
static bool level_get(Call *c, Value *out) { *out = level_value((int)CALL_TAG(c)); return true; }
static bool level_to_level(Call *c, Value *out) {   /* Level.toLevel("warn"): DEBUG when unknown, as log4j */
    const char *s;
    if (!arg_string(c, 0, &s)) return false;
    int found = 5;
    for (int i = 0; i < NLEVELS; i++)
        if (!strcasecmp(s, level_names[i])) found = i;
    *out = level_value(found);
    return true;
}
#define LEVEL(i, n) METHOD_DATA(n, level_get, i, 0, 0, "val " n ": Level", "log4j's level " n ".")
static const MethodDef level_obj_methods[] = {
    LEVEL(0, "OFF"), LEVEL(1, "FATAL"), LEVEL(2, "ERROR"), LEVEL(3, "WARN"), LEVEL(4, "INFO"), LEVEL(5, "DEBUG"),
    LEVEL(6, "TRACE"), LEVEL(7, "ALL"),
    METHOD("toLevel", level_to_level, 1, 1, "def toLevel(name: String): Level", "The level named name (DEBUG if none is)."),
};
static HostClass log_level_class = {.name = "Level", .qualified = "org.apache.log4j.Level",
                                    .doc = "A log4j level.", .to_string = level_str};
static HostClass level_obj_class = {.name = "Level$", .qualified = "org.apache.log4j.Level$",
                                    .doc = "log4j's levels: OFF, ERROR, WARN, INFO, DEBUG, ALL …",
                                    HOST_METHODS(level_obj_methods)};

/* A logger: its name and the level last set (data) */
typedef struct { char *name; Value level; } Log;
static void logger_finalize(void *d) {
    Log *l = d;
    free(l->name);
    val_decref(l->level);
    free(l);
}
static Value logger_new(const char *name) {
    Log *l = calloc(1, sizeof *l);
    if (!l) abort();
    l->name = strdup(name);
    l->level = v_null();
    return host_new(&logger_class, l);
}
static bool logger_get(Call *c, Value *out) {   /* Logger.getLogger(name | classOf[X]) */
    if (c->argv[0].t == T_STR) { *out = logger_new(as_str(c->argv[0])->s); return true; }
    char *s = val_to_string(c->I, c->argv[0]);   /* a Class: "class a.b.C" */
    *out = logger_new(s && !strncmp(s, "class ", 6) ? s + 6 : s ? s : "");
    free(s);
    return true;
}
static bool logger_root(Call *c, Value *out) { (void)c; *out = logger_new("root"); return true; }
static bool logger_set_level(Call *c, Value *out) {
    Log *l = as_host(c->self)->data;
    val_incref(c->argv[0]);
    val_decref(l->level);
    l->level = c->argv[0];
    *out = v_unit();
    return true;
}
static bool logger_get_level(Call *c, Value *out) {
    *out = ((Log *)as_host(c->self)->data)->level;
    val_incref(*out);
    return true;
}
static bool logger_name(Call *c, Value *out) { *out = str_cstr(((Log *)as_host(c->self)->data)->name); return true; }
static const MethodDef logger_methods[] = {
    METHOD("setLevel", logger_set_level, 1, 1, "def setLevel(level: Level): Unit", "Sets the logger's level (this kernel writes no log4j logs)."),
    METHOD("getLevel", logger_get_level, 0, 0, "def getLevel(): Level", "The level set on this logger, or null."),
    METHOD("getName", logger_name, 0, 0, "def getName(): String", "The logger's name."),
};
static HostClass logger_class = {.name = "Logger", .qualified = "org.apache.log4j.Logger",
                                 .doc = "A log4j logger (accepted: this kernel writes no log4j logs).",
                                 HOST_METHODS(logger_methods), .finalize = logger_finalize};
static const MethodDef logger_obj_methods[] = {
    METHOD("getLogger", logger_get, 1, 1, "def getLogger(name: String): Logger", "The logger of that name (or class)."),
    METHOD("getRootLogger", logger_root, 0, 0, "def getRootLogger(): Logger", "The root logger."),
};
static HostClass logger_obj_class = {.name = "Logger$", .qualified = "org.apache.log4j.Logger$",
                                     .doc = "Logger.getLogger(name), Logger.getRootLogger.", HOST_METHODS(logger_obj_methods)};

void log4j_init(Interp *I) {
    interp_register_class(I, &log_level_class);
    interp_register_class(I, &logger_class);
    spark_register_object(I, &level_obj_class, "Level", "org.apache.log4j.Level");
    spark_register_object(I, &logger_obj_class, "Logger", "org.apache.log4j.Logger");
    interp_register_package(I, "org.apache.log4j");
}
