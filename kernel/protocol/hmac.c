/* hmac.c — the message signer (see hmac.h), on OpenSSL 3's EVP_MAC. A signer keeps one keyed
 * context as a template; each signature duplicates it, so signing is thread-safe and cheap. */
#include "protocol/hmac.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kp_signer {
    EVP_MAC *mac;
    EVP_MAC_CTX *tmpl; /* keyed; NULL when the key is empty */
};

kp_signer *kp_signer_new(const char *scheme, const void *key, size_t keylen, char *err, size_t errlen) {
    const char *digest = NULL;
    if (!scheme || strcmp(scheme, "hmac-sha256") == 0) digest = "SHA256";
    else if (strcmp(scheme, "hmac-sha1") == 0) digest = "SHA1";
    else if (strcmp(scheme, "hmac-sha512") == 0) digest = "SHA512";
    if (!digest) {
        if (err) snprintf(err, errlen, "unsupported signature_scheme \"%s\" (expected hmac-sha256, hmac-sha1 or hmac-sha512)", scheme);
        return NULL;
    }
    kp_signer *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (keylen == 0) return s;
    s->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (s->mac) s->tmpl = EVP_MAC_CTX_new(s->mac);
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    if (!s->tmpl || !EVP_MAC_init(s->tmpl, key, keylen, params)) {
        if (err) snprintf(err, errlen, "OpenSSL could not set up HMAC-%s", digest);
        kp_signer_free(s);
        return NULL;
    }
    return s;
}

void kp_signer_free(kp_signer *s) {
    if (!s) return;
    EVP_MAC_CTX_free(s->tmpl);
    EVP_MAC_free(s->mac);
    free(s);
}

bool kp_signer_enabled(const kp_signer *s) { return s && s->tmpl; }

/* Raw MAC into mac[]; returns its length or -1. */
static int raw_mac(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n,
                   unsigned char *mac, size_t maccap) {
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(s->tmpl);
    if (!ctx) return -1;
    int ok = 1;
    for (size_t i = 0; ok && i < n; i++)
        if (lens[i]) ok = EVP_MAC_update(ctx, parts[i], lens[i]);
    size_t outl = 0;
    if (ok) ok = EVP_MAC_final(ctx, mac, &outl, maccap);
    EVP_MAC_CTX_free(ctx);
    return ok ? (int)outl : -1;
}

int kp_sign(const kp_signer *s, const void *const *parts, const size_t *lens, size_t n, char *out) {
    out[0] = '\0';
    if (!kp_signer_enabled(s)) return 0;
    unsigned char mac[64];
    int len = raw_mac(s, parts, lens, n, mac, sizeof mac);
    if (len < 0) return -1;
    static const char hex[] = "0123456789abcdef";
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
