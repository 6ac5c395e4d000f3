/* connfile.h — reading a Jupyter connection file (transport, ip, five ports, key, signature
 * scheme) and turning it into ZeroMQ endpoints. */
#ifndef DSTREAM_PROTOCOL_CONNFILE_H
#define DSTREAM_PROTOCOL_CONNFILE_H

#include <jansson.h>
#include <stddef.h>

enum { KP_SHELL, KP_CONTROL, KP_STDIN, KP_IOPUB, KP_HB, KP_NCHANNELS };

typedef struct kp_conn {
    char transport[8]; /* "tcp" or "ipc" */
    char ip[256];      /* an address for tcp, a path prefix for ipc */
    int ports[KP_NCHANNELS];
    char *key; /* NUL-terminated, malloc'd; "" means no signing */
    size_t keylen;
    char scheme[32]; /* "hmac-sha256", "hmac-sha1" or "hmac-sha512" */
} kp_conn;

/* Loads and checks the file. Returns 0, or -1 with a message naming the file and the problem. */
int kp_conn_load(const char *path, kp_conn *c, char *err, size_t errlen);
/* The same checks on an already parsed object (for tests). */
int kp_conn_from_json(const json_t *obj, kp_conn *c, char *err, size_t errlen);
void kp_conn_clear(kp_conn *c);
/* "tcp://ip:port" (port 0: "tcp://ip:*", a free port) or "ipc://ip-port". */
void kp_conn_endpoint(const kp_conn *c, int channel, char *buf, size_t len);
const char *kp_channel_name(int channel);

#endif
