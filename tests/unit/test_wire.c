/* test_wire.c — the wire codec: encode/decode round trip (identities, buffers, signature), a
 * reject for every malformed case, signature checks, U+0000 in JSON, partial decoding (header good,
 * content not), the replay set, and the connection file and history helpers that sit next to it. */
#include "unit.h"

#include "protocol/connfile.h"
#include "protocol/history.h"
#include "protocol/replay.h"
#include "protocol/wire.h"
#include "util/uuid.h"

#include <pthread.h>
#include <stdlib.h>

static kp_signer *signer(void) { return kp_signer_new("hmac-sha256", "secret", 6, NULL, 0); }

static wire_frame fr(const char *s) { return (wire_frame){s, strlen(s)}; }

/* Frames for a message with the given JSON parts, signed with s (or with sig if not NULL). */
static size_t make(wire_frame *f, const kp_signer *s, const char *sig, const char *h, const char *p,
                   const char *m, const char *c, char sigbuf[KP_SIG_MAX]) {
    const void *parts[4] = {h, p, m, c};
    size_t lens[4] = {strlen(h), strlen(p), strlen(m), strlen(c)};
    kp_sign(s, parts, lens, 4, sigbuf);
    size_t n = 0;
    f[n++] = fr("id-1");
    f[n++] = fr(WIRE_DELIM);
    f[n++] = fr(sig ? sig : sigbuf);
    f[n++] = fr(h);
    f[n++] = fr(p);
    f[n++] = fr(m);
    f[n++] = fr(c);
    return n;
}

static const char *H = "{\"msg_id\":\"m1\",\"msg_type\":\"execute_request\",\"session\":\"s\",\"username\":\"u\",\"version\":\"5.3\"}";

static int decode_with(const kp_signer *s, const char *sig, const char *h, const char *p, const char *m, const char *c) {
    wire_frame f[8];
    char sb[KP_SIG_MAX];
    size_t n = make(f, s, sig, h, p, m, c, sb);
    wire_msg msg;
    int rc = wire_decode(f, n, s, &msg, NULL, 0);
    wire_msg_clear(&msg);
    return rc;
}

TEST(wire_round_trip) {
    kp_signer *s = signer();
    wire_buf ids[2] = {{(unsigned char *)"abc", 3}, {(unsigned char *)"\0\1\2", 3}};
    wire_frame bufs[1] = {{"\xff\x00raw", 5}};
    wire_out out;
    CHECK_EQ_INT(wire_encode(ids, 2, H, "{}", "{\"a\":1}", "{\"code\":\"1 + 2\"}", bufs, 1, s, &out), WIRE_OK);
    CHECK_EQ_INT(out.n, 2 + 6 + 1);
    CHECK_EQ_INT(strlen(out.sig), 64);
    wire_msg m;
    char why[200];
    CHECK_EQ_INT(wire_decode(out.frames, out.n, s, &m, why, sizeof why), WIRE_OK);
    CHECK_EQ_INT(m.n_ids, 2);
    CHECK(m.ids[1].size == 3 && memcmp(m.ids[1].data, "\0\1\2", 3) == 0);
    CHECK_STR(m.msg_type, "execute_request");
    CHECK_STR(m.msg_id, "m1");
    CHECK_STR(json_string_value(json_object_get(m.content, "code")), "1 + 2");
    CHECK_EQ_INT(json_integer_value(json_object_get(m.metadata, "a")), 1);
    CHECK_EQ_INT(json_object_size(m.parent_header), 0);
    CHECK_EQ_INT(m.n_buffers, 1);
    CHECK(m.buffers[0].size == 5 && memcmp(m.buffers[0].data, "\xff\x00raw", 5) == 0);
    wire_msg_clear(&m);
    wire_out_clear(&out);
    kp_signer_free(s);
}

TEST(wire_no_key_round_trip) {
    kp_signer *s = kp_signer_new(NULL, "", 0, NULL, 0);
    wire_out out;
    CHECK_EQ_INT(wire_encode(NULL, 0, H, NULL, NULL, NULL, NULL, 0, s, &out), WIRE_OK);
    CHECK_EQ_INT(out.frames[1].size, 0); /* empty signature */
    wire_msg m;
    CHECK_EQ_INT(wire_decode(out.frames, out.n, s, &m, NULL, 0), WIRE_OK);
    CHECK_EQ_INT(m.n_ids, 0);
    wire_msg_clear(&m);
    wire_out_clear(&out);
    kp_signer_free(s);
}

TEST(wire_rejects_signature) {
    kp_signer *s = signer();
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "{}", "{}"), WIRE_OK);
    CHECK_EQ_INT(decode_with(s, "", H, "{}", "{}", "{}"), WIRE_EBADSIG);
    CHECK_EQ_INT(decode_with(s, "0000000000000000000000000000000000000000000000000000000000000000", H, "{}", "{}", "{}"), WIRE_EBADSIG);
    /* a signature made with another key */
    kp_signer *other = kp_signer_new("hmac-sha256", "other", 5, NULL, 0);
    wire_frame f[8];
    char sb[KP_SIG_MAX];
    size_t n = make(f, other, NULL, H, "{}", "{}", "{}", sb);
    wire_msg m;
    CHECK_EQ_INT(wire_decode(f, n, s, &m, NULL, 0), WIRE_EBADSIG);
    /* tampered content after signing */
    n = make(f, s, NULL, H, "{}", "{}", "{\"code\":\"1\"}", sb);
    f[6] = fr("{\"code\":\"2\"}");
    CHECK_EQ_INT(wire_decode(f, n, s, &m, NULL, 0), WIRE_EBADSIG);
    kp_signer_free(other);
    kp_signer_free(s);
}

TEST(wire_rejects_structure) {
    kp_signer *s = signer();
    wire_msg m;
    wire_frame f[8];
    f[0] = fr("just");
    f[1] = fr("frames");
    CHECK_EQ_INT(wire_decode(f, 2, s, &m, NULL, 0), WIRE_ENODELIM);
    CHECK_EQ_INT(wire_decode(f, 0, s, &m, NULL, 0), WIRE_ENODELIM);
    f[0] = fr(WIRE_DELIM);
    f[1] = fr("sig");
    f[2] = fr(H);
    char why[200];
    CHECK_EQ_INT(wire_decode(f, 3, s, &m, why, sizeof why), WIRE_ETOOFEW);
    CHECK(strstr(why, "2 after the delimiter") != NULL);
    /* delimiter as the very last frame */
    f[0] = fr("id");
    f[1] = fr(WIRE_DELIM);
    CHECK_EQ_INT(wire_decode(f, 2, s, &m, NULL, 0), WIRE_ETOOFEW);
    /* too many frames */
    wire_frame *many = calloc(WIRE_MAX_FRAMES + 1, sizeof *many);
    for (int i = 0; i <= WIRE_MAX_FRAMES; i++) many[i] = fr("x");
    CHECK_EQ_INT(wire_decode(many, WIRE_MAX_FRAMES + 1, s, &m, NULL, 0), WIRE_ETOOMANY);
    free(many);
    kp_signer_free(s);
}

TEST(wire_rejects_json) {
    kp_signer *s = signer();
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "{}", "{not json"), WIRE_EJSON);
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "{}", ""), WIRE_EJSON);
    CHECK_EQ_INT(decode_with(s, NULL, H, "[]", "{}", "{}"), WIRE_EJSON);
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "null", "{}"), WIRE_EJSON);
    CHECK_EQ_INT(decode_with(s, NULL, "\"header\"", "{}", "{}", "{}"), WIRE_EJSON);
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "{}", "{\"a\":\"\xff\xfe\"}"), WIRE_EJSON); /* not UTF-8 */
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "{}", "{} trailing"), WIRE_EJSON);
    CHECK_EQ_INT(decode_with(s, NULL, "{}", "{}", "{}", "{}"), WIRE_ESHAPE);
    CHECK_EQ_INT(decode_with(s, NULL, "{\"msg_type\":5,\"msg_id\":\"x\"}", "{}", "{}", "{}"), WIRE_ESHAPE);
    CHECK_EQ_INT(decode_with(s, NULL, "{\"msg_type\":\"\",\"msg_id\":\"x\"}", "{}", "{}", "{}"), WIRE_ESHAPE);
    CHECK_EQ_INT(decode_with(s, NULL, "{\"msg_type\":\"a\",\"msg_id\":null}", "{}", "{}", "{}"), WIRE_ESHAPE);
    /* deep nesting is refused by the parser, not by the stack */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    char *content = malloc(2 * depth + 10);
    sprintf(content, "{\"a\":%s}", deep);
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "{}", content), WIRE_EJSON);
    free(deep);
    free(content);
    kp_signer_free(s);
}

TEST(wire_rejects_huge_frame) {
    kp_signer *s = signer();
    char *big = malloc(WIRE_MAX_JSON + 1);
    memset(big, ' ', WIRE_MAX_JSON + 1);
    const void *parts[4] = {H, "{}", "{}", big};
    size_t lens[4] = {strlen(H), 2, 2, WIRE_MAX_JSON + 1};
    char sig[KP_SIG_MAX];
    kp_sign(s, parts, lens, 4, sig);
    wire_frame f[7] = {fr(WIRE_DELIM), fr(sig), fr(H), fr("{}"), fr("{}"), {big, WIRE_MAX_JSON + 1}, fr("buf")};
    wire_msg m;
    char why[200];
    CHECK_EQ_INT(wire_decode(f, 7, s, &m, why, sizeof why), WIRE_ETOOBIG);
    CHECK(strstr(why, "content") != NULL);
    CHECK(m.header == NULL && m.error == NULL);
    /* partially: the header is there to answer with */
    CHECK_EQ_INT(wire_decode_partial(f, 7, s, &m, why, sizeof why), WIRE_ETOOBIG);
    CHECK_STR(m.msg_type, "execute_request");
    CHECK(m.error && strstr(m.error, "content frame of") != NULL);
    CHECK(m.content == NULL);
    wire_msg_clear(&m);
    /* a huge header is refused without one */
    f[2] = (wire_frame){big, WIRE_MAX_JSON + 1};
    CHECK_EQ_INT(wire_decode_partial(f, 7, s, &m, why, sizeof why), WIRE_ETOOBIG);
    CHECK(m.header == NULL);
    wire_msg_clear(&m);
    free(big);
    kp_signer_free(s);
}

/* Decodes with decode_with's frames into *m (partially); the caller clears *m. */
static int decode_partial(const kp_signer *s, const char *h, const char *p, const char *md, const char *c,
                          size_t clen, wire_msg *m, char sigbuf[KP_SIG_MAX]) {
    wire_frame f[8];
    size_t n = make(f, s, NULL, h, p, md, c, sigbuf);
    if (clen != strlen(c)) {
        /* content with raw bytes: sign it as it is */
        const void *parts[4] = {h, p, md, c};
        size_t lens[4] = {strlen(h), strlen(p), strlen(md), clen};
        kp_sign(s, parts, lens, 4, sigbuf);
        f[6] = (wire_frame){c, clen};
    }
    return wire_decode_partial(f, n, s, m, NULL, 0);
}

TEST(wire_accepts_nul_in_strings) {
    kp_signer *s = signer();
    wire_msg m;
    char sb[KP_SIG_MAX];
    /* valid JSON with U+0000 in content, parent_header and metadata strings */
    CHECK_EQ_INT(decode_partial(s, H, "{\"msg_id\":\"p\\u0000q\"}", "{\"m\":\"\\u0000\"}",
                                "{\"code\":\"1\\u0000\"}", 18, &m, sb), WIRE_OK);
    const json_t *code = json_object_get(m.content, "code");
    CHECK_EQ_INT(json_string_length(code), 2);
    CHECK(memcmp(json_string_value(code), "1\0", 3) == 0);
    CHECK_EQ_INT(json_string_length(json_object_get(m.parent_header, "msg_id")), 3);
    CHECK_EQ_INT(json_string_length(json_object_get(m.metadata, "m")), 1);
    CHECK(m.error == NULL);
    wire_msg_clear(&m);
    /* a NUL in msg_id is carried; in msg_type it would change the meaning when read as a C string */
    CHECK_EQ_INT(decode_with(s, NULL, "{\"msg_id\":\"a\\u0000\",\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}"), WIRE_OK);
    char why[200];
    wire_frame f[8];
    size_t n = make(f, s, NULL, "{\"msg_id\":\"a\",\"msg_type\":\"shutdown_request\\u0000x\"}", "{}", "{}", "{}", sb);
    CHECK_EQ_INT(wire_decode(f, n, s, &m, why, sizeof why), WIRE_ESHAPE);
    CHECK(strstr(why, "U+0000") != NULL);
    /* a raw NUL byte is not JSON; U+0000 in an object key is refused by jansson */
    CHECK_EQ_INT(decode_partial(s, H, "{}", "{}", "{\"code\":\"1\0\"}", 13, &m, sb), WIRE_EJSON);
    CHECK(m.error != NULL);
    wire_msg_clear(&m);
    CHECK_EQ_INT(decode_with(s, NULL, H, "{}", "{}", "{\"a\\u0000\":1}"), WIRE_EJSON);
    kp_signer_free(s);
}

TEST(wire_partial_keeps_header_and_signature) {
    kp_signer *s = signer();
    wire_msg m;
    char sb[KP_SIG_MAX];
    CHECK_EQ_INT(decode_partial(s, H, "{}", "{}", "{not json", 9, &m, sb), WIRE_EJSON);
    CHECK_STR(m.msg_type, "execute_request");
    CHECK_STR(m.msg_id, "m1");
    CHECK_EQ_INT(m.n_ids, 1);
    CHECK(m.error && strstr(m.error, "content") != NULL);
    CHECK(m.parent_header == NULL && m.metadata == NULL && m.content == NULL);
    CHECK_STR(m.signature, sb);
    wire_msg_clear(&m);
    CHECK(m.error == NULL && m.header == NULL);
    CHECK_EQ_INT(decode_partial(s, H, "[]", "{}", "{}", 2, &m, sb), WIRE_EJSON);
    CHECK(m.error && strstr(m.error, "parent_header") != NULL);
    wire_msg_clear(&m);
    CHECK_EQ_INT(decode_partial(s, H, "{}", "{}", "\xff\xfe", 2, &m, sb), WIRE_EJSON);
    CHECK(m.header != NULL);
    wire_msg_clear(&m);
    /* no header, no partial message */
    CHECK_EQ_INT(decode_partial(s, "{bad", "{}", "{}", "{}", 2, &m, sb), WIRE_EJSON);
    CHECK(m.header == NULL && m.error == NULL);
    CHECK_EQ_INT(decode_partial(s, "{\"msg_id\":\"x\"}", "{}", "{}", "{bad", 4, &m, sb), WIRE_ESHAPE);
    CHECK(m.header == NULL && m.error == NULL);
    /* nor without a good signature */
    wire_frame f[8];
    size_t n = make(f, s, "0000", H, "{}", "{}", "{bad", sb);
    CHECK_EQ_INT(wire_decode_partial(f, n, s, &m, NULL, 0), WIRE_EBADSIG);
    CHECK(m.header == NULL && m.error == NULL);
    /* a good message carries its verified signature; unsigned ones carry "" */
    CHECK_EQ_INT(decode_partial(s, H, "{}", "{}", "{}", 2, &m, sb), WIRE_OK);
    CHECK_STR(m.signature, sb);
    CHECK_EQ_INT(strlen(m.signature), 64);
    wire_msg_clear(&m);
    kp_signer *none = kp_signer_new(NULL, "", 0, NULL, 0);
    CHECK_EQ_INT(decode_partial(none, H, "{}", "{}", "{}", 2, &m, sb), WIRE_OK);
    CHECK_STR(m.signature, "");
    wire_msg_clear(&m);
    kp_signer_free(none);
    kp_signer_free(s);
}

/* A fake signature: 64 hex digits from a counter. */
static void fake_sig(unsigned long long i, char out[65]) {
    unsigned long long x = i * 0x9e3779b97f4a7c15ULL + 1;
    for (int j = 0; j < 4; j++) {
        x ^= x >> 31;
        x *= 0xbf58476d1ce4e5b9ULL;
        snprintf(out + 16 * j, 17, "%016llx", x);
    }
}

TEST(replay_set_refuses_repeats) {
    kp_replay *r = kp_replay_new(KP_REPLAY_DEFAULT_MAX);
    char a[65], b[65];
    fake_sig(1, a);
    fake_sig(2, b);
    CHECK(!kp_replay_seen(r, a, 64));
    CHECK(kp_replay_seen(r, a, 64));
    CHECK(kp_replay_seen(r, a, 64));
    CHECK(!kp_replay_seen(r, b, 64));
    CHECK(kp_replay_seen(r, b, 64));
    CHECK_EQ_INT(kp_replay_count(r), 2);
    /* sha1 (40 digits) and sha512 (128) signatures too */
    CHECK(!kp_replay_seen(r, "0123456789abcdef0123456789abcdef01234567", 40));
    CHECK(kp_replay_seen(r, "0123456789abcdef0123456789abcdef01234567", 40));
    /* what is not a signature is never recorded */
    CHECK(!kp_replay_seen(r, "", 0));
    CHECK(!kp_replay_seen(r, "zz3456789abcdef0123456789abcdef01234567", 40));
    CHECK(!kp_replay_seen(r, "zz3456789abcdef0123456789abcdef01234567", 40));
    CHECK(!kp_replay_seen(r, "0123", 4));
    CHECK_EQ_INT(kp_replay_count(r), 3);
    /* an all-zero digest is a key like any other */
    char z[65];
    memset(z, '0', 64);
    CHECK(!kp_replay_seen(r, z, 64));
    CHECK(kp_replay_seen(r, z, 64));
    kp_replay_free(r);
    CHECK(kp_replay_new(0) == NULL);
    CHECK(!kp_replay_seen(NULL, a, 64));
}

TEST(replay_set_is_bounded) {
    const size_t max = 1000;
    kp_replay *r = kp_replay_new(max);
    char sig[65];
    size_t most = 0;
    for (unsigned long long i = 0; i < 100000; i++) {
        fake_sig(i, sig);
        CHECK(!kp_replay_seen(r, sig, 64));
        size_t n = kp_replay_count(r);
        if (n > most) most = n;
        if (i < max) CHECK_EQ_INT(n, i + 1);
    }
    CHECK_EQ_INT(most, max);
    /* a cull leaves max + 1 - (max + 1) / 10 = 901: everything inserted since the last one is kept */
    size_t count = kp_replay_count(r);
    CHECK(count >= 901 && count <= max);
    for (unsigned long long i = 100000 - (count - 901); i < 100000; i++) {
        fake_sig(i, sig);
        CHECK(kp_replay_seen(r, sig, 64));
    }
    /* and most of the 300 before it (each cull forgets a random tenth: about 240 are left) */
    size_t refused = 0;
    for (unsigned long long i = 100000 - (count - 901); i-- > 100000 - (count - 901) - 300;) {
        fake_sig(i, sig);
        refused += kp_replay_seen(r, sig, 64);
    }
    CHECK(refused >= 150 && refused < 300);
    kp_replay_free(r);
}

typedef struct { kp_replay *r; unsigned long long from; size_t fresh; } replay_job;

static void *replay_worker(void *arg) {
    replay_job *j = arg;
    char sig[65];
    for (unsigned long long i = 0; i < 20000; i++) {
        fake_sig(i % 2 ? j->from + i : i, sig); /* even i: the same signatures in both threads */
        j->fresh += !kp_replay_seen(j->r, sig, 64);
    }
    return NULL;
}

TEST(replay_set_shared_by_threads) {
    kp_replay *r = kp_replay_new(KP_REPLAY_DEFAULT_MAX);
    replay_job j[2] = {{r, 1000000, 0}, {r, 2000000, 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, replay_worker, &j[i]);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    /* each shared signature was accepted exactly once, each own one once */
    CHECK_EQ_INT(j[0].fresh + j[1].fresh, 10000 + 2 * 10000);
    CHECK_EQ_INT(kp_replay_count(r), 30000);
    kp_replay_free(r);
}

TEST(wire_header_and_uuid) {
    json_t *h = wire_new_header("status", "sess");
    CHECK_STR(json_string_value(json_object_get(h, "msg_type")), "status");
    CHECK_STR(json_string_value(json_object_get(h, "session")), "sess");
    CHECK_STR(json_string_value(json_object_get(h, "version")), "5.4");
    const char *date = json_string_value(json_object_get(h, "date"));
    CHECK(date && strlen(date) == 27 && date[10] == 'T' && date[26] == 'Z');
    CHECK_EQ_INT(strlen(json_string_value(json_object_get(h, "msg_id"))), 36);
    json_decref(h);
    char a[37], b[37];
    uuid4(a);
    uuid4(b);
    CHECK(strcmp(a, b) != 0);
    CHECK(a[14] == '4');
}

TEST(connfile_parses_and_rejects) {
    kp_conn c;
    char err[300];
    json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:s, s:s}", "transport", "tcp", "ip", "127.0.0.1",
                          "shell_port", 5001, "control_port", 5002, "stdin_port", 5003, "iopub_port", 5004,
                          "hb_port", 5005, "key", "k3y", "signature_scheme", "hmac-sha512");
    CHECK_EQ_INT(kp_conn_from_json(o, &c, err, sizeof err), 0);
    CHECK_STR(c.key, "k3y");
    CHECK_STR(c.scheme, "hmac-sha512");
    char ep[300];
    kp_conn_endpoint(&c, KP_IOPUB, ep, sizeof ep);
    CHECK_STR(ep, "tcp://127.0.0.1:5004");
    kp_conn_clear(&c);

    json_object_set_new(o, "transport", json_string("ipc"));
    json_object_set_new(o, "ip", json_string("/tmp/k"));
    CHECK_EQ_INT(kp_conn_from_json(o, &c, err, sizeof err), 0);
    kp_conn_endpoint(&c, KP_HB, ep, sizeof ep);
    CHECK_STR(ep, "ipc:///tmp/k-5005");
    kp_conn_clear(&c);

    json_object_set_new(o, "transport", json_string("udp"));
    CHECK_EQ_INT(kp_conn_from_json(o, &c, err, sizeof err), -1);
    CHECK(strstr(err, "transport") != NULL);
    json_object_set_new(o, "transport", json_string("tcp"));
    json_object_set_new(o, "hb_port", json_string("5005"));
    CHECK_EQ_INT(kp_conn_from_json(o, &c, err, sizeof err), -1);
    CHECK(strstr(err, "hb_port") != NULL);
    json_object_set_new(o, "hb_port", json_integer(70000));
    CHECK_EQ_INT(kp_conn_from_json(o, &c, err, sizeof err), -1);
    json_object_set_new(o, "hb_port", json_integer(5005));
    json_object_set_new(o, "signature_scheme", json_string("hmac-md5"));
    CHECK_EQ_INT(kp_conn_from_json(o, &c, err, sizeof err), -1);
    CHECK(strstr(err, "hmac-md5") != NULL);
    json_object_set_new(o, "signature_scheme", json_string("hmac-sha1"));
    json_object_del(o, "control_port");
    CHECK_EQ_INT(kp_conn_from_json(o, &c, err, sizeof err), -1);
    CHECK(strstr(err, "control_port") != NULL);
    json_decref(o);

    CHECK_EQ_INT(kp_conn_load("/nonexistent/kernel.json", &c, err, sizeof err), -1);
    CHECK(strstr(err, "/nonexistent/kernel.json") != NULL);
}

TEST(history_tail_range_search) {
    kp_history *h = kp_history_new();
    kp_history_add(h, 1, "1 + 2", 5);
    kp_history_add(h, 2, "println(\"hi\")", 13);
    kp_history_add(h, 4, "1 + 2", 5);
    json_t *req = json_pack("{s:s, s:i, s:b}", "hist_access_type", "tail", "n", 2, "output", 0);
    json_t *r = kp_history_reply(h, req);
    CHECK_STR(json_string_value(json_object_get(r, "status")), "ok");
    json_t *list = json_object_get(r, "history");
    CHECK_EQ_INT(json_array_size(list), 2);
    CHECK_EQ_INT(json_integer_value(json_array_get(json_array_get(list, 0), 1)), 2);
    CHECK_STR(json_string_value(json_array_get(json_array_get(list, 1), 2)), "1 + 2");
    json_decref(r);
    json_decref(req);

    req = json_pack("{s:s, s:i, s:i, s:i}", "hist_access_type", "range", "session", 0, "start", 2, "stop", 4);
    r = kp_history_reply(h, req);
    CHECK_EQ_INT(json_array_size(json_object_get(r, "history")), 1);
    json_decref(r);
    json_decref(req);

    req = json_pack("{s:s, s:s, s:b}", "hist_access_type", "search", "pattern", "1 *", "unique", 1);
    r = kp_history_reply(h, req);
    list = json_object_get(r, "history");
    CHECK_EQ_INT(json_array_size(list), 1);
    CHECK_EQ_INT(json_integer_value(json_array_get(json_array_get(list, 0), 1)), 4);
    json_decref(r);
    json_decref(req);

    req = json_pack("{s:s, s:b}", "hist_access_type", "tail", "output", 1);
    r = kp_history_reply(h, req);
    CHECK(json_is_array(json_array_get(json_array_get(json_object_get(r, "history"), 0), 2)));
    json_decref(r);
    json_decref(req);

    req = json_pack("{s:s}", "hist_access_type", "sideways");
    r = kp_history_reply(h, req);
    CHECK_STR(json_string_value(json_object_get(r, "status")), "error");
    json_decref(r);
    json_decref(req);

    /* an input with U+0000 comes back whole; a search pattern with one is refused */
    kp_history_add(h, 5, "1\0 + 2", 6);
    req = json_pack("{s:s, s:i}", "hist_access_type", "tail", "n", 1);
    r = kp_history_reply(h, req);
    const json_t *in = json_array_get(json_array_get(json_object_get(r, "history"), 0), 2);
    CHECK_EQ_INT(json_string_length(in), 6);
    CHECK(memcmp(json_string_value(in), "1\0 + 2", 6) == 0);
    json_decref(r);
    json_decref(req);
    req = json_pack("{s:s, s:s%}", "hist_access_type", "search", "pattern", "1\0*", (size_t)3);
    r = kp_history_reply(h, req);
    CHECK_STR(json_string_value(json_object_get(r, "status")), "error");
    json_decref(r);
    json_decref(req);
    kp_history_free(h);
}
