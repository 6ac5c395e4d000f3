/* session.c — the session's Kafka settings: the defaults %%configure kafka.* and
 * KafkaSecrets.setSession set, and where a client's brokers come from (its properties,
 * %%configure, $KAFKA_BOOTSTRAP_SERVERS, else the embedded broker).
 *
 * This module alone owns them, with a lock of its own: cells, a running stream's batches, the
 * magics and completion call in from their own threads, with or without the interpreter lock.
 * Readers work on an immutable snapshot: a change publishes a new one and keeps the old ones
 * until the session ends (changes are rare: a %%configure cell), so the pointer
 * kafka_session_defaults lends never changes under its reader. */
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <stdatomic.h>

#include "kafka/embedded.h"
#include "spark/kafka/kafka_internal.h"

typedef struct Snapshot {
    kafka_config cfg;
    struct Snapshot *older;   /* kept until kafka_session_reset: a reader may still hold it */
} Snapshot;

static pthread_mutex_t session_mu = PTHREAD_MUTEX_INITIALIZER;
static Snapshot *current;   /* under session_mu; NULL until the first use */
static atomic_bool embedded_used;   /* a client of this kernel was given the embedded broker */

static Snapshot *snapshot_new(const kafka_config *from) {
    Snapshot *s = calloc(1, sizeof *s);
    kafka_config_init(&s->cfg);
    if (from) kafka_config_copy(&s->cfg, from);
    return s;
}

/* The current snapshot (created empty on first use).  Called with session_mu held. */
static Snapshot *current_locked(void) {
    if (!current) current = snapshot_new(NULL);
    return current;
}

static const kafka_config *snapshot(void) {
    pthread_mutex_lock(&session_mu);
    const kafka_config *c = &current_locked()->cfg;
    pthread_mutex_unlock(&session_mu);
    return c;
}

void kafka_session_set(const char *key, const char *value) {
    pthread_mutex_lock(&session_mu);
    Snapshot *s = snapshot_new(&current_locked()->cfg);
    if (value) kafka_config_set(&s->cfg, key, value);
    else kafka_config_unset(&s->cfg, key);
    s->older = current;
    current = s;
    pthread_mutex_unlock(&session_mu);
}

const kafka_config *kafka_session_defaults(void) { return snapshot(); }

void kafka_session_copy_defaults(kafka_config *out) {
    kafka_config_init(out);
    kafka_config_copy(out, snapshot());
}

void kafka_session_clear(void) {
    pthread_mutex_lock(&session_mu);
    Snapshot *s = snapshot_new(NULL);
    s->older = current;
    current = s;
    pthread_mutex_unlock(&session_mu);
}

void kafka_session_reset(void) {
    pthread_mutex_lock(&session_mu);
    while (current) {
        Snapshot *s = current;
        current = s->older;
        kafka_config_free(&s->cfg);
        free(s);
    }
    pthread_mutex_unlock(&session_mu);
}

const char *kafka_nonempty(const char *s) {
    if (!s) return NULL;
    while (*s == ' ' || *s == '\t') s++;
    return *s ? s : NULL;
}

static const char *configured_brokers(const kafka_config *user, const kafka_config *session, const char **source) {
    const char *bs;
    if (user && (bs = kafka_nonempty(kafka_config_get(user, "bootstrap.servers")))) { *source = "properties"; return bs; }
    if ((bs = kafka_nonempty(kafka_config_get(session, "bootstrap.servers")))) { *source = "%%configure"; return bs; }
    if ((bs = kafka_nonempty(getenv("KAFKA_BOOTSTRAP_SERVERS")))) { *source = "KAFKA_BOOTSTRAP_SERVERS"; return bs; }
    return NULL;
}

int kafka_session_uses_embedded(const kafka_config *user) {
    const char *src;
    return configured_brokers(user, snapshot(), &src) == NULL;
}

static int bootstrap_of(const kafka_config *user, const kafka_config *session, char *out, size_t n,
                        const char **source, kafka_error *err) {
    const char *src = NULL;
    const char *bs = configured_brokers(user, session, &src);
    if (bs) {
        snprintf(out, n, "%s", bs);
        if (source) *source = src;
        return 0;
    }
    char why[512];
    if (embedded_broker_ensure(out, n, why, sizeof why) != 0)
        return kafka_error_set(err, RD_KAFKA_RESP_ERR__TRANSPORT,
                               "no brokers are configured (kafka.bootstrap.servers, KAFKA_BOOTSTRAP_SERVERS) "
                               "and the embedded broker could not start: %s", why);
    if (source) *source = "embedded broker";
    atomic_store(&embedded_used, true);
    return 0;
}

bool kafka_session_embedded_used(void) { return atomic_load(&embedded_used); }

int kafka_session_bootstrap(const kafka_config *user, char *out, size_t n, const char **source,
                            kafka_error *err) {
    return bootstrap_of(user, snapshot(), out, n, source, err);
}

int kafka_session_config(const kafka_config *user, kafka_config *out, kafka_error *err) {
    kafka_config_init(out);
    const kafka_config *session = snapshot();   /* one snapshot for the brokers and the defaults */
    char bs[2048];
    if (bootstrap_of(user, session, bs, sizeof bs, NULL, err) != 0) return -1;
    kafka_config_merge(out, session);
    if (user) kafka_config_merge(out, user);
    kafka_config_set(out, "bootstrap.servers", bs);
    return 0;
}
