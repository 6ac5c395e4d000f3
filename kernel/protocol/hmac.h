/* hmac.h — the message signer: HMAC (sha256, sha1 or sha512) over a message's JSON frames,
 * as lower-case hex, with a constant-time check. An empty key means "no signing". */
#ifndef DSTREAM_PROTOCOL_HMAC_H
#define DSTREAM_PROTOCOL_HMAC_H

#include <stdbool.h>
#include <stddef.h>

/* Longest hex signature (sha512: 64 bytes -> 128 hex digits) plus the NUL. */
#define KP_SIG_MAX 129

typedef struct kp_signer kp_signer;

/* scheme is "hmac-sha256", "hmac-sha1" or "hmac-sha512"; NULL means hmac-sha256. Returns NULL
 * (and writes why to err, if given) for an unknown scheme. key may be empty (keylen 0). */
kp_signer *kp_signer_new(const char *scheme, const void *key, size_t keylen, char *err, size_t errlen);
void kp_signer_free(kp_signer *s);
/* Whether messages are signed at all (false for an empty key). */
bool kp_signer_enabled(const kp_signer *s);
/* Signs the concatenation of n parts into hex (out must hold KP_SIG_MAX bytes). With no key,
 * out is "". Returns the hex length, or -1 on an OpenSSL failure. Thread-safe. */
int kp_sign(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n, char *out);
/* Checks sig (siglen bytes, not NUL-terminated) against the parts in constant time. With no key
 * every message passes. */
bool kp_verify(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n,
               const void *sig, size_t siglen);

#endif
