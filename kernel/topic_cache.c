/* topic_cache.c — the kernel's one cache of the session's Kafka topic names, for completion
 * (in code strings such as Subscribe(Array("…, and in the magics whose rows take a topic).  The
 * names are asked of the session's brokers with the admin client on a background thread; a
 * request waits at most TOPIC_CACHE_WAIT_MS, and the answer stays fresh for TOPIC_CACHE_TTL_MS.
 * The embedded broker is asked only when it already runs (never started from here). */
#include "topic_cache.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka/admin.h"
#include "kafka/embedded.h"
#include "spark/kafka/kafka_client.h"

struct TopicCache {
    Interp *I;               /* whose lock guards the session's Kafka settings */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char **names;            /* the last answer, sorted */
    size_t n;
    long long fetched_ms;    /* when it came (0: never) */
    char key[2048];          /* the brokers it is for */
    bool busy, have_thread, stop;
    pthread_t th;
    kafka_config cfg;        /* for the worker (owned while busy) */
    char error[1100];        /* the last failure (kept for debugging) */
};

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void free_names(char **names, size_t n) {
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

TopicCache *topic_cache_new(Interp *I) {
    TopicCache *tc = calloc(1, sizeof *tc);
    if (!tc) abort();
    tc->I = I;
    pthread_mutex_init(&tc->mu, NULL);
    pthread_cond_init(&tc->cv, NULL);
    return tc;
}

void topic_cache_free(TopicCache *tc) {
    if (!tc) return;
    pthread_mutex_lock(&tc->mu);
    tc->stop = true;
    bool join = tc->have_thread;
    pthread_mutex_unlock(&tc->mu);
    if (join) pthread_join(tc->th, NULL);
    free_names(tc->names, tc->n);
    pthread_cond_destroy(&tc->cv);
    pthread_mutex_destroy(&tc->mu);
    free(tc);
}

static int topic_check(void *ud) {
    TopicCache *tc = ud;
    pthread_mutex_lock(&tc->mu);
    bool stop = tc->stop;
    pthread_mutex_unlock(&tc->mu);
    return stop;
}

static void *topic_worker(void *arg) {
    TopicCache *tc = arg;
    kafka_error err;
    kafka_error_clear(&err);
    char **names = NULL;
    size_t n = 0;
    bool ok = false;
    kafka_admin *a = kafka_admin_new(&tc->cfg, &err);
    if (a) {
        kafka_topic_list l = {0};
        if (kafka_admin_list_topics(a, 0, &l, topic_check, tc, &err) == 0) {
            names = calloc(l.n + 1, sizeof *names);
            if (!names) abort();
            for (size_t i = 0; i < l.n; i++)
                if (!l.topics[i].internal && l.topics[i].name[0] != '_') names[n++] = strdup(l.topics[i].name);
            kafka_topic_list_free(&l);
            ok = true;
        }
        kafka_admin_free(a);
    }
    pthread_mutex_lock(&tc->mu);
    if (ok) {
        free_names(tc->names, tc->n);
        tc->names = names;
        tc->n = n;
        tc->error[0] = 0;
    } else {
        snprintf(tc->error, sizeof tc->error, "%s: %s", err.name, err.message);
    }
    tc->fetched_ms = now_ms();
    tc->busy = false;
    kafka_config_free(&tc->cfg);
    pthread_cond_broadcast(&tc->cv);
    pthread_mutex_unlock(&tc->mu);
    return NULL;
}

void topic_cache_names(TopicCache *tc, const char *prefix, json_t *out) {
    /* Which brokers: the embedded broker only when it already runs (never started from here). */
    char bootstrap[2048] = "";
    kafka_config cfg;
    kafka_config_init(&cfg);
    interp_lock(tc->I);
    bool embedded = kafka_session_uses_embedded(NULL);
    bool have = false;
    if (embedded) {
        if (embedded_broker_running(bootstrap, sizeof bootstrap)) {
            kafka_config_merge(&cfg, kafka_session_defaults());
            kafka_config_set(&cfg, "bootstrap.servers", bootstrap);
            have = true;
        }
    } else {
        kafka_error err;
        kafka_error_clear(&err);
        kafka_config_free(&cfg);
        if (kafka_session_config(NULL, &cfg, &err) == 0) {
            const char *bs = kafka_config_get(&cfg, "bootstrap.servers");
            snprintf(bootstrap, sizeof bootstrap, "%s", bs ? bs : "");
            have = true;
        }
    }
    interp_unlock(tc->I);
    if (!have) { kafka_config_free(&cfg); return; }
    kafka_config_set(&cfg, "max.block.ms", "4000");   /* this layer's bound on unreachable brokers */

    pthread_mutex_lock(&tc->mu);
    bool fresh = tc->fetched_ms && !strcmp(tc->key, bootstrap) && now_ms() - tc->fetched_ms < TOPIC_CACHE_TTL_MS;
    if (!fresh && !tc->busy && !tc->stop) {
        if (tc->have_thread) { pthread_join(tc->th, NULL); tc->have_thread = false; }
        if (strcmp(tc->key, bootstrap) != 0) {   /* other brokers: forget the other answer */
            free_names(tc->names, tc->n);
            tc->names = NULL;
            tc->n = 0;
            tc->fetched_ms = 0;
            snprintf(tc->key, sizeof tc->key, "%s", bootstrap);
        }
        tc->cfg = cfg;
        kafka_config_init(&cfg);
        tc->busy = true;
        if (pthread_create(&tc->th, NULL, topic_worker, tc) == 0) tc->have_thread = true;
        else { tc->busy = false; kafka_config_free(&tc->cfg); }
    }
    if (tc->busy) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long long ns = until.tv_nsec + (long long)TOPIC_CACHE_WAIT_MS * 1000000LL;
        until.tv_sec += (time_t)(ns / 1000000000LL);
        until.tv_nsec = (long)(ns % 1000000000LL);
        while (tc->busy) if (pthread_cond_timedwait(&tc->cv, &tc->mu, &until) == ETIMEDOUT) break;
    }
    for (size_t i = 0; i < tc->n; i++)
        if (!strncmp(tc->names[i], prefix, strlen(prefix))) json_array_append_new(out, json_string(tc->names[i]));
    pthread_mutex_unlock(&tc->mu);
    kafka_config_free(&cfg);
}
