/* connfile.c — the connection file reader (see connfile.h). Every problem is reported with the
 * file's name and the offending field, so a bad kernelspec or launcher is easy to diagnose. */
#include "protocol/connfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const port_fields[KP_NCHANNELS] = {"shell_port", "control_port", "stdin_port",
                                                      "iopub_port", "hb_port"};

const char *kp_channel_name(int channel) {
    static const char *const names[KP_NCHANNELS] = {"shell", "control", "stdin", "iopub", "heartbeat"};
    return channel >= 0 && channel < KP_NCHANNELS ? names[channel] : "?";
}

int kp_conn_from_json(const json_t *obj, kp_conn *c, char *err, size_t errlen) {
    memset(c, 0, sizeof *c);
    if (!json_is_object(obj)) {
        snprintf(err, errlen, "not a JSON object");
        return -1;
    }
    const json_t *v = json_object_get(obj, "transport");
    const char *transport = "tcp";
    if (v && !json_is_string(v)) { snprintf(err, errlen, "\"transport\" must be a string"); return -1; }
    if (v) transport = json_string_value(v);
    if (strcmp(transport, "tcp") != 0 && strcmp(transport, "ipc") != 0) {
        snprintf(err, errlen, "\"transport\" is \"%.40s\"; expected \"tcp\" or \"ipc\"", transport);
        return -1;
    }
    snprintf(c->transport, sizeof c->transport, "%s", transport);

    v = json_object_get(obj, "ip");
    const char *ip = strcmp(transport, "tcp") == 0 ? "127.0.0.1" : "kernel-ipc";
    if (v && !json_is_string(v)) { snprintf(err, errlen, "\"ip\" must be a string"); return -1; }
    if (v) ip = json_string_value(v);
    if (!*ip || strlen(ip) >= sizeof c->ip) { snprintf(err, errlen, "\"ip\" is empty or too long"); return -1; }
    snprintf(c->ip, sizeof c->ip, "%s", ip);

    for (int i = 0; i < KP_NCHANNELS; i++) {
        v = json_object_get(obj, port_fields[i]);
        if (!v) { snprintf(err, errlen, "missing \"%s\"", port_fields[i]); return -1; }
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 65535) {
            snprintf(err, errlen, "\"%s\" must be an integer from 0 to 65535", port_fields[i]);
            return -1;
        }
        c->ports[i] = (int)json_integer_value(v);
        if (c->ports[i] == 0 && strcmp(transport, "ipc") == 0) {
            snprintf(err, errlen, "\"%s\" must not be 0 with transport ipc", port_fields[i]);
            return -1;
        }
    }

    v = json_object_get(obj, "signature_scheme");
    const char *scheme = "hmac-sha256";
    if (v && !json_is_string(v)) { snprintf(err, errlen, "\"signature_scheme\" must be a string"); return -1; }
    if (v) scheme = json_string_value(v);
    if (strcmp(scheme, "hmac-sha256") != 0 && strcmp(scheme, "hmac-sha1") != 0 && strcmp(scheme, "hmac-sha512") != 0) {
        snprintf(err, errlen, "\"signature_scheme\" is \"%.40s\"; expected hmac-sha256, hmac-sha1 or hmac-sha512", scheme);
        return -1;
    }
    snprintf(c->scheme, sizeof c->scheme, "%s", scheme);

    v = json_object_get(obj, "key");
    if (v && !json_is_string(v)) { snprintf(err, errlen, "\"key\" must be a string"); return -1; }
    const char *key = v ? json_string_value(v) : "";
    c->keylen = v ? json_string_length(v) : 0;
    c->key = malloc(c->keylen + 1);
    if (!c->key) { snprintf(err, errlen, "out of memory"); return -1; }
    memcpy(c->key, key, c->keylen);
    c->key[c->keylen] = '\0';
    return 0;
}

int kp_conn_load(const char *path, kp_conn *c, char *err, size_t errlen) {
    memset(c, 0, sizeof *c);
    json_error_t jerr;
    json_t *obj = json_load_file(path, 0, &jerr);
    if (!obj) {
        snprintf(err, errlen, "connection file %s: %s (line %d, column %d)", path, jerr.text, jerr.line, jerr.column);
        return -1;
    }
    char why[256];
    int rc = kp_conn_from_json(obj, c, why, sizeof why);
    json_decref(obj);
    if (rc < 0) snprintf(err, errlen, "connection file %s: %s", path, why);
    return rc;
}

void kp_conn_clear(kp_conn *c) {
    free(c->key);
    c->key = NULL;
    c->keylen = 0;
}

void kp_conn_endpoint(const kp_conn *c, int channel, char *buf, size_t len) {
    int port = c->ports[channel];
    if (strcmp(c->transport, "ipc") == 0) snprintf(buf, len, "ipc://%s-%d", c->ip, port);
    else if (port == 0) snprintf(buf, len, "tcp://%s:*", c->ip);
    else snprintf(buf, len, "tcp://%s:%d", c->ip, port);
}
