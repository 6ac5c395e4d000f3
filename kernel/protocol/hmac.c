/* hmac.c — the message signer (see hmac.h): HMAC (RFC 2104) over sha.c's hashes. A signer keeps
 * the inner and outer hash states after absorbing the padded key; each signature copies them, so
 * signing is thread-safe and cheap. Verification compares in constant time with OpenSSL's
 * CRYPTO_memcmp (which needs no library initialisation). */
#include "protocol/hmac.h"

#include "protocol/sha.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kp_signer {
    bool enabled;
    kp_sha_ctx inner, outer; /* keyed templates */
};

kp_signer *kp_signer_new(const char *scheme, const void *key, size_t keylen, char *err, size_t errlen) {
    kp_sha_alg alg;
    if (!scheme || strcmp(scheme, "hmac-sha256") == 0) alg = KP_SHA256;
    else if (strcmp(scheme, "hmac-sha1") == 0) alg = KP_SHA1;
    else if (strcmp(scheme, "hmac-sha512") == 0) alg = KP_SHA512;
    else {
        if (err) snprintf(err, errlen, "unsupported signature_scheme \"%.40s\" (expected hmac-sha256, hmac-sha1 or hmac-sha512)", scheme);
        return NULL;
    }
    kp_signer *s = calloc(1, sizeof *s);
    if (!s) {
        if (err) snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (keylen == 0) return s;
    s->enabled = true;
    kp_sha_ctx c;
    kp_sha_init(&c, alg);
    uint8_t k[128] = {0}, pad[128];
    if (keylen > c.block) {
        kp_sha_update(&c, key, keylen);
        kp_sha_final(&c, k);
        kp_sha_init(&c, alg);
    } else {
        memcpy(k, key, keylen);
    }
    for (size_t i = 0; i < c.block; i++) pad[i] = k[i] ^ 0x36;
    s->inner = c;
    kp_sha_update(&s->inner, pad, c.block);
    for (size_t i = 0; i < c.block; i++) pad[i] = k[i] ^ 0x5c;
    s->outer = c;
    kp_sha_update(&s->outer, pad, c.block);
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(pad, sizeof pad);
    return s;
}

void kp_signer_free(kp_signer *s) {
    if (!s) return;
    OPENSSL_cleanse(s, sizeof *s);
    free(s);
}

bool kp_signer_enabled(const kp_signer *s) { return s && s->enabled; }

int kp_sign(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n, char *out) {
    out[0] = '\0';
    if (!kp_signer_enabled(s)) return 0;
    kp_sha_ctx c = s->inner;
    for (size_t i = 0; i < n; i++)
        if (lens[i]) kp_sha_update(&c, parts[i], lens[i]);
    uint8_t mac[64];
    kp_sha_final(&c, mac);
    c = s->outer;
    kp_sha_update(&c, mac, c.digest);
    kp_sha_final(&c, mac);
    static const char hex[] = "0123456789abcdef";
    int len = (int)c.digest;
    for (int i = 0; i < len; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[2 * len] = '\0';
    return 2 * len;
}

bool kp_verify(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n,
               const void *sig, size_t siglen) {
    if (!kp_signer_enabled(s)) return true;
    char want[KP_SIG_MAX];
    int len = kp_sign(s, parts, lens, n, want);
    if (len <= 0 || siglen != (size_t)len) return false;
    return CRYPTO_memcmp(want, sig, siglen) == 0;
}
