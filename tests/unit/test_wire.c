/* test_wire.c — the wire codec: encode/decode round trip (identities, buffers, signature), a
 * reject for every malformed case, signature checks, and the connection file and history helpers
 * that sit next to it. */
#include "unit.h"

#include "protocol/connfile.h"
#include "protocol/history.h"
#include "protocol/wire.h"

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
    wire_frame f[7] = {fr(WIRE_DELIM), fr("sig"), fr(H), fr("{}"), fr("{}"), {NULL, 0}, fr("buf")};
    char *big = malloc(WIRE_MAX_JSON + 1);
    memset(big, ' ', WIRE_MAX_JSON + 1);
    f[5] = (wire_frame){big, WIRE_MAX_JSON + 1};
    wire_msg m;
    char why[200];
    CHECK_EQ_INT(wire_decode(f, 7, s, &m, why, sizeof why), WIRE_ETOOBIG);
    CHECK(strstr(why, "content") != NULL);
    free(big);
    kp_signer_free(s);
}

TEST(wire_header_and_uuid) {
    json_t *h = wire_new_header("status", "sess");
    CHECK_STR(json_string_value(json_object_get(h, "msg_type")), "status");
    CHECK_STR(json_string_value(json_object_get(h, "session")), "sess");
    CHECK_STR(json_string_value(json_object_get(h, "version")), "5.3");
    const char *date = json_string_value(json_object_get(h, "date"));
    CHECK(date && strlen(date) == 27 && date[10] == 'T' && date[26] == 'Z');
    CHECK_EQ_INT(strlen(json_string_value(json_object_get(h, "msg_id"))), 36);
    json_decref(h);
    char a[37], b[37];
    wire_uuid(a);
    wire_uuid(b);
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
    kp_history_add(h, 1, "1 + 2");
    kp_history_add(h, 2, "println(\"hi\")");
    kp_history_add(h, 4, "1 + 2");
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
    kp_history_free(h);
}
