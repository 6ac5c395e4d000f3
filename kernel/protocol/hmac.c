/* hmac.c — the message signer: HMAC-SHA256 (or SHA1/SHA512) over a message's frames with
 * OpenSSL's EVP_MAC, as lower-case hex, and a constant-time check (CRYPTO_memcmp).
 *
 * The keyed MAC context is set up once; each signature works on a duplicate of it, so signing
 * is thread-safe (iopub is written from several threads) and costs no key schedule per message.
 */
#include "protocol/hmac.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kp_signer {
    bool enabled;
    EVP_MAC *mac;
    EVP_MAC_CTX *keyed;       /* initialised with the key; duplicated per message */
};

kp_signer *kp_signer_new(const char *scheme, const void *key, size_t keylen, char *err, size_t errlen) {
    const char *digest;
    if (!scheme || strcmp(scheme, "hmac-sha256") == 0) digest = "SHA256";
    else if (strcmp(scheme, "hmac-sha1") == 0) digest = "SHA1";
    else if (strcmp(scheme, "hmac-sha512") == 0) digest = "SHA512";
    else {
        if (err) snprintf(err, errlen, "unsupported signature_scheme \"%.40s\" (expected hmac-sha256, hmac-sha1 or hmac-sha512)", scheme);
        return NULL;
    }
    kp_signer *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (keylen == 0) return s;
    s->enabled = true;
    s->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    s->keyed = s->mac ? EVP_MAC_CTX_new(s->mac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0),
                           OSSL_PARAM_construct_end()};
    if (!s->keyed || !EVP_MAC_init(s->keyed, key, keylen, params)) {
        if (err) snprintf(err, errlen, "OpenSSL could not set up HMAC-%s", digest);
        kp_signer_free(s);
        return NULL;
    }
    return s;
}

void kp_signer_free(kp_signer *s) {
    if (!s) return;
    EVP_MAC_CTX_free(s->keyed);
    EVP_MAC_free(s->mac);
    free(s);
}

bool kp_signer_enabled(const kp_signer *s) { return s && s->enabled; }

static int mac_parts(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n,
                     unsigned char *mac, size_t *maclen) {
    EVP_MAC_CTX *c = EVP_MAC_CTX_dup(s->keyed);
    if (!c) return -1;
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        if (lens[i]) ok = EVP_MAC_update(c, parts[i], lens[i]);
    if (ok) ok = EVP_MAC_final(c, mac, maclen, EVP_MAX_MD_SIZE);
    EVP_MAC_CTX_free(c);
    return ok ? 0 : -1;
}

int kp_sign(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n, char *out) {
    out[0] = 0;
    if (!kp_signer_enabled(s)) return 0;
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t len = 0;
    if (mac_parts(s, parts, lens, n, mac, &len) != 0) return -1;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[2 * len] = 0;
    return (int)(2 * len);
}

bool kp_verify(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n,
               const void *sig, size_t siglen) {
    if (!kp_signer_enabled(s)) return true;
    char want[KP_SIG_MAX];
    int len = kp_sign(s, parts, lens, n, want);
    if (len < 0 || (size_t)len != siglen) return false;
    return CRYPTO_memcmp(want, sig, siglen) == 0;
}
