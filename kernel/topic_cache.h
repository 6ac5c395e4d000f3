/* topic_cache.h — the kernel's one cache of the session's Kafka topic names (for completion),
 * filled from the session's brokers on a background thread. */
#ifndef DSTREAM_TOPIC_CACHE_H
#define DSTREAM_TOPIC_CACHE_H

#include <jansson.h>

#include "lang/interp.h"

typedef struct TopicCache TopicCache;

/* I: the interpreter whose lock guards the session's Kafka settings. */
TopicCache *topic_cache_new(Interp *I);
/* Waits for a look-up in flight (bounded by its own timeouts) and frees everything. */
void topic_cache_free(TopicCache *tc);
/* The session's topic names that start with prefix, appended to out (strings), from the cache or,
 * when it is stale, from the brokers (waiting at most TOPIC_CACHE_WAIT_MS). */
void topic_cache_names(TopicCache *tc, const char *prefix, json_t *out);

/* How long a request may wait for the brokers' topic list (the look-up goes on in the
 * background and its answer is cached for the next request). */
#define TOPIC_CACHE_WAIT_MS 1500
/* How long a topic list stays fresh. */
#define TOPIC_CACHE_TTL_MS 5000

#endif
