/* duck.c — loads libduckdb.so on first use (dlopen + dlsym into the DuckApi table of duck.h), once
 * per process under pthread_once; says what is missing, where it looked and what to do when it
 * cannot.  The build records where `make deps` put the library (-DDUCKDB_LIB_PATH). */
#include "spark/sql/duck.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUCK_STR_(x) #x
#define DUCK_STR(x) DUCK_STR_(x)
#define DUCK_HEADER_VERSION                                                                        \
    DUCK_STR(DUCKDB_API_VERSION_MAJOR) "." DUCK_STR(DUCKDB_API_VERSION_MINOR) "." DUCK_STR(DUCKDB_API_VERSION_PATCH)

static const char what_to_do[] =
    "Run `make deps` in the kernel's source folder (it fetches DuckDB " DUCK_HEADER_VERSION
    " into .deps/duckdb), or set DUCKDB_LIB to the path of a libduckdb.so (DuckDB " DUCK_HEADER_VERSION
    " or a newer 1.x) before starting the kernel.";
static const char what_to_do_env[] =
    "Set DUCKDB_LIB to the path of a libduckdb.so (DuckDB " DUCK_HEADER_VERSION " or a newer 1.x), or unset it "
    "to use the one `make deps` fetches into .deps/duckdb in the kernel's source folder.";

/* Appends printf-style text to err (always NUL-terminated, truncated when full). */
static void append(char *err, size_t errlen, const char *fmt, ...) {
    size_t used = strlen(err);
    if (used + 1 >= errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + used, errlen - used, fmt, ap);
    va_end(ap);
}

/* Every function of DUCK_FUNCTIONS from handle into api; 0, or -1 naming the first one missing. */
static int resolve(void *handle, const char *path, DuckApi *api, char *err, size_t errlen) {
#define DUCK_RESOLVE(name)                                                                         \
    if (!(*(void **)&api->name = dlsym(handle, #name))) {                                          \
        snprintf(err, errlen,                                                                      \
                 "DuckDB is not usable: %s has no function " #name " (the kernel was built "       \
                 "against DuckDB %s's C API). %s",                                                 \
                 path, DUCK_HEADER_VERSION, what_to_do);                                           \
        return -1;                                                                                 \
    }
    DUCK_FUNCTIONS(DUCK_RESOLVE)
#undef DUCK_RESOLVE
    return 0;
}

int duck_load(DuckApi *api, const DuckSearch *where, char *err, size_t errlen) {
    const char *candidates[2];
    int n = 0;
    if (where->env) candidates[n++] = where->env;
    else {
        if (where->recorded) candidates[n++] = where->recorded;
        if (where->system) candidates[n++] = where->system;
    }
    err[0] = '\0';
    if (where->env) append(err, errlen, "DuckDB is not available: DUCKDB_LIB=%s could not be loaded", where->env);
    else append(err, errlen, "DuckDB is not available: libduckdb.so was not found. Looked for it");
    for (int i = 0; i < n; i++) {
        void *handle = dlopen(candidates[i], RTLD_NOW | RTLD_LOCAL);
        if (handle) {
            if (resolve(handle, candidates[i], api, err, errlen) == 0) {
                err[0] = '\0';
                return 0;   /* the handle stays open for the life of the process */
            }
            dlclose(handle);
            return -1;
        }
        const char *why = dlerror();
        if (!why) why = "unknown reason";
        if (where->env) append(err, errlen, " (%s).", why);
        else if (candidates[i] == where->recorded) append(err, errlen, "%s at %s (%s)", i ? ";" : "", candidates[i], why);
        else append(err, errlen, "%s as %s on the system's library path (%s)", i ? ";" : "", candidates[i], why);
    }
    if (!where->env) append(err, errlen, ".");
    append(err, errlen, " %s", where->env ? what_to_do_env : what_to_do);
    return -1;
}

static DuckApi loaded;
static int loaded_ok;
static char load_error[2048];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_from_environment(void) {
    const char *env = getenv("DUCKDB_LIB");
    DuckSearch where = {env && *env ? env : NULL, NULL, "libduckdb.so"};
#ifdef DUCKDB_LIB_PATH
    where.recorded = DUCKDB_LIB_PATH;
#endif
    loaded_ok = duck_load(&loaded, &where, load_error, sizeof load_error) == 0;
}

const DuckApi *duck_api(void) {
    pthread_once(&load_once, load_from_environment);
    return loaded_ok ? &loaded : NULL;
}

const char *duck_error(void) {
    return load_error;
}
