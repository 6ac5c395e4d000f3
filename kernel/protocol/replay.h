/* replay.h — the signatures already accepted in this session, so that a signed message replayed
 * by someone who captured it is refused (as jupyter_client's Session.digest_history does).
 *
 * A hash set of digests, O(1) per message, bounded: when it holds more than max digests, a random
 * tenth of them is forgotten (jupyter_client's _cull_digest_history), so memory has a fixed ceiling
 * (8 bytes a slot, at most 4 slots a digest: 2 MB for the default max). One set serves every
 * channel, behind a mutex: a message captured on one channel must not be accepted when replayed on
 * another (shutdown_request and interrupt_request are answered on both shell and control).
 * Thread-safe. */
#ifndef DSTREAM_PROTOCOL_REPLAY_H
#define DSTREAM_PROTOCOL_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

/* jupyter_client's Session.digest_history_size */
#define KP_REPLAY_DEFAULT_MAX 65536

typedef struct kp_replay kp_replay;

/* A set that remembers at most max digests (max > 0); NULL when out of memory. */
kp_replay *kp_replay_new(size_t max);
void kp_replay_free(kp_replay *r);
/* sig is a verified signature: hex, at least 32 digits (sha1 has 40), not NUL-terminated.
 * Returns true when it was seen before (a replay: refuse the message); otherwise records it and
 * returns false. A sig that is not such a hex string is never recorded and returns false. */
bool kp_replay_seen(kp_replay *r, const char *sig, size_t len);
/* How many digests the set holds now. */
size_t kp_replay_count(kp_replay *r);

#endif
