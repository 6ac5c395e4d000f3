/* main.c — the dstream-kernel program: a Jupyter kernel (-f CONNECTION_FILE), the shared
 * embedded Kafka broker daemon (--embedded-broker), or a runner for a file of cells (--run). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "kafka/embedded.h"
#include "lang/interp.h"
#include "protocol/kernel.h"

static int usage(void) {
    fputs("usage: dstream-kernel -f CONNECTION_FILE     run as a Jupyter kernel\n"
          "       dstream-kernel --embedded-broker       run the shared embedded Kafka broker\n"
          "       dstream-kernel --run FILE.scala        run a Scala file as one cell, print its output\n"
          "       dstream-kernel --version\n", stderr);
    return 2;
}

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    size_t n;
    while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) s = realloc(s, cap *= 2);
    }
    fclose(f);
    s[len] = 0;
    return s;
}

static int run_file(const char *path) {
    char *src = slurp(path);
    if (!src) { fprintf(stderr, "dstream-kernel: cannot read %s\n", path); return 1; }
    Backend *b = backend_new();
    CellResult r;
    interp_run_cell(backend_interp(b), src, &r);
    if (r.echo) printf("%s\n", r.echo);
    int rc = 0;
    if (!r.ok) { fprintf(stderr, "%s\n", r.traceback ? r.traceback : r.ename); rc = 1; }
    cell_result_clear(&r);
    backend_free(b);
    free(src);
    return rc;
}

/* Cells run on the thread that calls kernel_run; give it a deep stack (most of it is never
 * touched, so it costs address space, not memory) so that deep recursion in Scala code reaches
 * the interpreter's StackOverflowError check long before the process could crash. */
#define CELL_STACK (512u << 20)

typedef struct { const char *conn; Backend *b; int rc; } KernelThread;

static void *kernel_thread(void *arg) {
    KernelThread *k = arg;
    k->rc = kernel_run(k->conn, backend_vtable(k->b));
    return NULL;
}

static int run_kernel(const char *conn) {
    Backend *b = backend_new();
    KernelThread k = {conn, b, 1};
    pthread_attr_t attr;
    pthread_t t;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, CELL_STACK);
    if (pthread_create(&t, &attr, kernel_thread, &k) != 0) kernel_thread(&k);   /* fall back to this thread */
    else pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    backend_free(b);
    return k.rc;
}

int main(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "--embedded-broker")) return embedded_broker_main(argc, argv);
    if (argc == 2 && !strcmp(argv[1], "--version")) { puts("dstream-kernel 0.1.0"); return 0; }
    if (argc == 3 && !strcmp(argv[1], "--run")) return run_file(argv[2]);
    if (argc != 3 || strcmp(argv[1], "-f")) return usage();
    return run_kernel(argv[2]);
}
