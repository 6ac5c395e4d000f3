/* test_hmac.c — the message signer (hmac.c): RFC 4231 (HMAC-SHA256/512) and
 * RFC 2202 (HMAC-SHA1) known vectors, multi-part signing, constant-time verification, and the
 * no-key case. */
#include "unit.h"

#include "protocol/hmac.h"

#include <stdlib.h>

static void check_vector(const char *scheme, const void *key, size_t keylen, const char *data, const char *want) {
    char err[200];
    kp_signer *s = kp_signer_new(scheme, key, keylen, err, sizeof err);
    CHECK(s != NULL);
    if (!s) return;
    char out[KP_SIG_MAX];
    const void *parts[1] = {data};
    size_t lens[1] = {strlen(data)};
    CHECK_EQ_INT(kp_sign(s, parts, lens, 1, out), strlen(want));
    CHECK_STR(out, want);
    CHECK(kp_verify(s, parts, lens, 1, want, strlen(want)));
    kp_signer_free(s);
}

TEST(hmac_rfc4231_case1) {
    unsigned char key[20];
    memset(key, 0x0b, sizeof key);
    check_vector("hmac-sha256", key, sizeof key, "Hi There",
                 "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    check_vector("hmac-sha512", key, sizeof key, "Hi There",
                 "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                 "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
}

TEST(hmac_rfc4231_case2) {
    check_vector("hmac-sha256", "Jefe", 4, "what do ya want for nothing?",
                 "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    check_vector("hmac-sha512", "Jefe", 4, "what do ya want for nothing?",
                 "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                 "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

TEST(hmac_rfc4231_case6_long_key) {
    unsigned char key[131];
    memset(key, 0xaa, sizeof key);
    const char *data = "Test Using Larger Than Block-Size Key - Hash Key First";
    check_vector("hmac-sha256", key, sizeof key, data,
                 "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    check_vector("hmac-sha512", key, sizeof key, data,
                 "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                 "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
}

TEST(hmac_rfc2202_sha1) {
    unsigned char key[80];
    memset(key, 0x0b, 20);
    check_vector("hmac-sha1", key, 20, "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00");
    check_vector("hmac-sha1", "Jefe", 4, "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    memset(key, 0xaa, 80);
    check_vector("hmac-sha1", key, 80, "Test Using Larger Than Block-Size Key - Hash Key First",
                 "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(hmac_parts_equal_concatenation) {
    kp_signer *s = kp_signer_new("hmac-sha256", "Jefe", 4, NULL, 0);
    CHECK(s != NULL);
    const void *parts[4] = {"what do ", "", "ya want for", " nothing?"};
    size_t lens[4] = {8, 0, 11, 9};
    char out[KP_SIG_MAX];
    kp_sign(s, parts, lens, 4, out);
    CHECK_STR(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    kp_signer_free(s);
}

TEST(hmac_verify_rejects) {
    kp_signer *s = kp_signer_new(NULL, "key", 3, NULL, 0);
    CHECK(s != NULL && kp_signer_enabled(s));
    const void *parts[1] = {"msg"};
    size_t lens[1] = {3};
    char good[KP_SIG_MAX];
    int n = kp_sign(s, parts, lens, 1, good);
    CHECK_EQ_INT(n, 64);
    CHECK(kp_verify(s, parts, lens, 1, good, 64));
    char bad[KP_SIG_MAX];
    memcpy(bad, good, sizeof bad);
    bad[10] = bad[10] == '0' ? '1' : '0';
    CHECK(!kp_verify(s, parts, lens, 1, bad, 64));
    CHECK(!kp_verify(s, parts, lens, 1, good, 63));           /* truncated */
    CHECK(!kp_verify(s, parts, lens, 1, "", 0));              /* unsigned */
    for (int i = 0; good[i]; i++) if (good[i] >= 'a') good[i] = (char)(good[i] - 32);
    CHECK(!kp_verify(s, parts, lens, 1, good, 64));           /* upper-case hex is not ours */
    kp_signer_free(s);
}

TEST(hmac_no_key_and_bad_scheme) {
    kp_signer *s = kp_signer_new("hmac-sha256", "", 0, NULL, 0);
    CHECK(s != NULL && !kp_signer_enabled(s));
    const void *parts[1] = {"x"};
    size_t lens[1] = {1};
    char out[KP_SIG_MAX];
    CHECK_EQ_INT(kp_sign(s, parts, lens, 1, out), 0);
    CHECK_STR(out, "");
    CHECK(kp_verify(s, parts, lens, 1, "anything", 8));
    kp_signer_free(s);
    char err[200] = "";
    CHECK(kp_signer_new("hmac-md5", "k", 1, err, sizeof err) == NULL);
    CHECK(strstr(err, "hmac-md5") != NULL);
}

TEST(hmac_parts_chunking_does_not_matter) {
    /* the signature over frames is the HMAC of their concatenation, however they are split */
    char msg[300];
    for (int i = 0; i < 300; i++) msg[i] = (char)(i * 7 + 1);
    const char *schemes[] = {"hmac-sha1", "hmac-sha256", "hmac-sha512"};
    for (int k = 0; k < 3; k++) {
        kp_signer *s = kp_signer_new(schemes[k], "key", 3, NULL, 0);
        CHECK(s != NULL);
        for (size_t len = 0; len <= 300; len += 37) {
            const void *whole[1] = {msg};
            size_t wl[1] = {len};
            char a[KP_SIG_MAX], b[KP_SIG_MAX];
            kp_sign(s, whole, wl, 1, a);
            const void *split[3] = {msg, msg + len / 3, msg + 2 * (len / 3)};
            size_t sl[3] = {len / 3, len / 3, len - 2 * (len / 3)};
            kp_sign(s, split, sl, 3, b);
            CHECK_STR(a, b);
            CHECK(kp_verify(s, split, sl, 3, a, strlen(a)));
        }
        kp_signer_free(s);
    }
}

