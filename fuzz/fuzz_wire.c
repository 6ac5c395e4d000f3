/* fuzz_wire.c — libFuzzer target for the wire decoder (kernel/protocol/wire.c).
 *
 * Input: one mode byte, then frames separated by the byte 0x1e (ASCII record separator).
 *   mode % 3 == 0  no key: signatures are not checked
 *   mode % 3 == 1  key "fuzz-key", and the harness puts the correct signature into the frame
 *                  after "<IDS|MSG>", so the fuzzer reaches the JSON checks behind the HMAC
 *   mode % 3 == 2  key "fuzz-key", signature as given (the reject path)
 * Property: wire_decode never crashes, leaks or reads out of bounds; when it accepts a message,
 * re-encoding that message and decoding it again succeeds with the same msg_type and msg_id.
 */
#include "protocol/wire.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SEP 0x1e

static kp_signer *with_key, *no_key;

static void roundtrip(const wire_msg *m, const kp_signer *s) {
    char *h = json_dumps(m->header, JSON_COMPACT), *p = json_dumps(m->parent_header, JSON_COMPACT),
         *md = json_dumps(m->metadata, JSON_COMPACT), *c = json_dumps(m->content, JSON_COMPACT);
    wire_frame *bufs = m->n_buffers ? calloc(m->n_buffers, sizeof *bufs) : NULL;
    for (size_t i = 0; i < m->n_buffers; i++) bufs[i] = (wire_frame){m->buffers[i].data, m->buffers[i].size};
    wire_out out;
    /* Identities equal to the delimiter would be ambiguous on the wire too: only re-check
     * messages whose JSON survived a dump (it always should). */
    if (h && p && md && c && wire_encode(m->ids, m->n_ids, h, p, md, c, bufs, m->n_buffers, s, &out) == WIRE_OK) {
        wire_msg again;
        int rc = wire_decode(out.frames, out.n, s, &again, NULL, 0);
        if (rc != WIRE_OK || strcmp(again.msg_type, m->msg_type) != 0 || strcmp(again.msg_id, m->msg_id) != 0)
            abort();
        wire_msg_clear(&again);
        wire_out_clear(&out);
    }
    free(bufs);
    free(h);
    free(p);
    free(md);
    free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!with_key) {
        with_key = kp_signer_new("hmac-sha256", "fuzz-key", 8, NULL, 0);
        no_key = kp_signer_new("hmac-sha256", "", 0, NULL, 0);
    }
    if (size < 1) return 0;
    int mode = data[0] % 3;
    data++;
    size--;
    size_t n = 1;
    for (size_t i = 0; i < size; i++) n += data[i] == SEP;
    if (n > WIRE_MAX_FRAMES + 8) return 0;
    wire_frame *f = calloc(n, sizeof *f);
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i == size || data[i] == SEP) {
            f[k++] = (wire_frame){data + start, i - start};
            start = i + 1;
        }
    }
    const kp_signer *s = mode == 0 ? no_key : with_key;
    char sig[KP_SIG_MAX];
    if (mode == 1) {
        for (size_t d = 0; d + 5 < n; d++) {
            if (f[d].size == 9 && memcmp(f[d].data, WIRE_DELIM, 9) == 0) {
                const void *parts[4];
                size_t lens[4];
                for (int j = 0; j < 4; j++) { parts[j] = f[d + 2 + j].data; lens[j] = f[d + 2 + j].size; }
                kp_sign(with_key, parts, lens, 4, sig);
                f[d + 1] = (wire_frame){sig, strlen(sig)};
                break;
            }
        }
    }
    wire_msg m;
    char why[256];
    if (wire_decode(f, n, s, &m, why, sizeof why) == WIRE_OK) {
        roundtrip(&m, s);
        wire_msg_clear(&m);
    }
    free(f);
    return 0;
}
