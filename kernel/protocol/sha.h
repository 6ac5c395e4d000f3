/* sha.h — SHA-1, SHA-256 and SHA-512 (FIPS 180-4), streaming, for the HMAC signer. */
#ifndef DSTREAM_PROTOCOL_SHA_H
#define DSTREAM_PROTOCOL_SHA_H

#include <stddef.h>
#include <stdint.h>

typedef enum { KP_SHA1, KP_SHA256, KP_SHA512 } kp_sha_alg;

typedef struct kp_sha_ctx {
    kp_sha_alg alg;
    size_t block, digest; /* block and digest sizes in bytes */
    uint32_t s32[8];
    uint64_t s64[8];
    uint8_t buf[128];
    size_t used;
    uint64_t total;
} kp_sha_ctx;

void kp_sha_init(kp_sha_ctx *c, kp_sha_alg alg);
void kp_sha_update(kp_sha_ctx *c, const void *data, size_t len);
/* Writes c->digest bytes. The context is spent afterwards. */
void kp_sha_final(kp_sha_ctx *c, uint8_t *out);

#endif
