/* sources.c — input DStreams other than Kafka's: queueStream (RDDs pushed into a Queue),
 * socketTextStream (lines from a TCP connection), textFileStream (lines of new files in a
 * directory) and TwitterUtils.createStream, which produces synthetic tweets with twitter4j's
 * Status field names (Twitter's API is gone): seeded, at a configurable rate, matching the
 * filter words. Each is an InputSource (streaming.h).
 */
#include "spark/streaming/streaming.h"
#include "spark/modules.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


static Value empty(Interp *I) { return rdd_from_items(I, "EmptyRDD", "emptyRDD", NULL, 0, 0); }

static Value lines_rdd(Interp *I, Value *items, size_t n, const char *origin) {
    Value r = rdd_from_items(I, "BlockRDD", origin, items, n, n ? 1 : 0);
    free(items);
    return r;
}

/* ---- queueStream ---- */

typedef struct { Value queue; bool one_at_a_time; Value deflt; } QueueSrc;

static bool queue_compute(InputSource *s, Interp *I, int64_t t, Value *out, BatchInput *info) {
    (void)t;
    QueueSrc *q = s->data;
    SeqObj *qs = as_seq(q->queue);
    if (qs->len == 0) {
        if (q->deflt.t != T_UNIT) { *out = q->deflt; val_incref(*out); }
        else *out = empty(I);
    } else if (q->one_at_a_time) {
        *out = qs->items[0];
        memmove(qs->items, qs->items + 1, (qs->len - 1) * sizeof(Value));
        qs->len--;
    } else {
        Value *parts = NULL;
        int np = 0;
        for (size_t i = 0; i < qs->len; i++) {
            Rdd *r = rdd_get(qs->items[i]);
            if (!r) continue;
            parts = realloc(parts, (size_t)(np + r->nparts + 1) * sizeof(Value));
            for (int p = 0; p < r->nparts; p++) { parts[np++] = r->parts[p]; val_incref(r->parts[p]); }
        }
        while (qs->len) val_decref(qs->items[--qs->len]);
        *out = rdd_make(I, "UnionRDD", "queueStream", parts, np);
        free(parts);
    }
    if (!rdd_get(*out)) {
        val_decref(*out);
        *out = empty(I);
        return interp_throw(I, "error", "type mismatch: the queue of a queueStream must hold RDDs (sc.makeRDD(...))");
    }
    info->records = (int64_t)rdd_count(rdd_get(*out));
    return true;
}
static void queue_destroy(InputSource *s) {
    QueueSrc *q = s->data;
    val_decref(q->queue);
    val_decref(q->deflt);
    free(q);
    free(s);
}
static void queue_traverse(InputSource *s, VisitFn visit, void *ctx) {
    QueueSrc *q = s->data;
    visit(q->queue, ctx);
    visit(q->deflt, ctx);
}

static const InputSourceOps queue_ops = {
    .kind = "QueueInputDStream", .compute = queue_compute, .destroy = queue_destroy, .traverse = queue_traverse,
};

bool source_queue_stream(Call *c, Value *out) {
    Value q = c->argv[0];
    if (!dstream_can_add(c->I, c->self)) return false;
    if (q.t != T_SEQ || !seq_kind_buffer(as_seq(q)->kind))
        return interp_throw(c->I, "error", "type mismatch: queueStream needs a scala.collection.mutable.Queue[RDD[T]] "
                            "(new scala.collection.mutable.Queue[RDD[Int]]())");
    QueueSrc *qs = calloc(1, sizeof *qs);
    qs->queue = q;
    val_incref(q);
    qs->one_at_a_time = true;
    Value *one = call_arg(c, 1, "oneAtATime");
    if (one && one->t == T_BOOL) qs->one_at_a_time = one->u.b;
    Value *d = call_arg(c, 2, "defaultRDD");
    qs->deflt = d && rdd_get(*d) ? *d : v_unit();
    val_incref(qs->deflt);
    InputSource *s = calloc(1, sizeof *s);
    s->ops = &queue_ops;
    s->data = qs;
    *out = dstream_new_input(c->I, c->self, s);
    /* InputDStream[T]: T from the RDDs the queue holds, or from the type the queue was made with
     * (Queue[RDD[T]]()) */
    Rdd *first = as_seq(q)->len ? rdd_get(as_seq(q)->items[0]) : rdd_get(qs->deflt);
    /* Spark's queueStream(queue[, oneAtATime]) passes sc.makeRDD(Seq.empty[T], 1) as the default
     * RDD (an RDD id, and the RDD of every batch the queue has none for); an explicit null does not */
    if (!d) {
        qs->deflt = rdd_from_items(c->I, "ParallelCollectionRDD", "makeRDD at StreamingContext.scala:468", NULL, 0, 1);
    }
    const char *et = as_seq(q)->elem_type;
    const char *lb = et ? strchr(et, '[') : NULL;
    char *t = NULL;
    if (first) t = rdd_elem_type(c->I, first);
    else if (lb && (!strncmp(et, "RDD[", 4) || !strncmp(et, "org.apache.spark.rdd.RDD[", 25)) && et[strlen(et) - 1] == ']')
        t = strndup(lb + 1, strlen(lb + 1) - 1);
    Rdd *dr = d ? NULL : rdd_get(qs->deflt);
    if (dr && t) dr->elem_type = strdup(t);
    if (t) dstream_set_elem_type(*out, t);
    return true;
}

/* ---- socketTextStream: a receiver thread reads lines into a buffer ---- */

typedef struct {
    char *host;
    int port;
    pthread_t thread;
    bool running, stop;
    pthread_mutex_t mu;
    char **lines;
    size_t nlines, clines;
    char *partial;
    bool warned;
    char error[256];
} SockSrc;

static int connect_to(const char *host, int port) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res;
    char ports[16];
    snprintf(ports, sizeof ports, "%d", port);
    if (getaddrinfo(host, ports, &hints, &res) != 0) return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) { close(fd); fd = -1; }
    }
    freeaddrinfo(res);
    return fd;
}

static void sock_add_line(SockSrc *s, const char *p, size_t n) {
    if (s->nlines == s->clines) {
        s->clines = s->clines ? s->clines * 2 : 64;
        s->lines = realloc(s->lines, s->clines * sizeof(char *));
    }
    s->lines[s->nlines++] = strndup(p, n);
}

static void *sock_receiver(void *arg) {
    SockSrc *s = arg;
    char buf[8192];
    while (!s->stop) {
        int fd = connect_to(s->host, s->port);
        if (fd < 0) {
            pthread_mutex_lock(&s->mu);
            snprintf(s->error, sizeof s->error, "Error connecting to %s:%d: %s", s->host, s->port, strerror(errno));
            pthread_mutex_unlock(&s->mu);
            for (int i = 0; i < 20 && !s->stop; i++) usleep(100000);   /* retry every 2 s, as Spark's receiver */
            continue;
        }
        pthread_mutex_lock(&s->mu);
        s->error[0] = 0;
        pthread_mutex_unlock(&s->mu);
        while (!s->stop) {
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            int r = poll(&pfd, 1, 100);
            if (r <= 0) continue;
            ssize_t n = read(fd, buf, sizeof buf);
            if (n <= 0) break;
            pthread_mutex_lock(&s->mu);
            size_t start = 0;
            for (size_t i = 0; i < (size_t)n; i++) {
                if (buf[i] != '\n') continue;
                size_t len = i - start;
                if (s->partial) {
                    size_t pl = strlen(s->partial);
                    char *line = malloc(pl + len + 1);
                    memcpy(line, s->partial, pl);
                    memcpy(line + pl, buf + start, len);
                    line[pl + len] = 0;
                    sock_add_line(s, line, strlen(line));
                    free(line);
                    free(s->partial);
                    s->partial = NULL;
                } else sock_add_line(s, buf + start, len > 0 && buf[i - 1] == '\r' ? len - 1 : len);
                start = i + 1;
            }
            if (start < (size_t)n) {
                size_t pl = s->partial ? strlen(s->partial) : 0, len = (size_t)n - start;
                s->partial = realloc(s->partial, pl + len + 1);
                memcpy(s->partial + pl, buf + start, len);
                s->partial[pl + len] = 0;
            }
            pthread_mutex_unlock(&s->mu);
        }
        close(fd);
    }
    return NULL;
}

static bool sock_start(InputSource *src, Interp *I) {
    SockSrc *s = src->data;
    s->stop = false;
    if (pthread_create(&s->thread, NULL, sock_receiver, s) != 0)
        return interp_throw(I, "java.lang.IllegalStateException", "could not start the socket receiver");
    s->running = true;
    return true;
}
static void sock_stop(InputSource *src) {
    SockSrc *s = src->data;
    if (!s->running) return;
    s->stop = true;
    pthread_join(s->thread, NULL);
    s->running = false;
}
static bool sock_compute(InputSource *src, Interp *I, int64_t t, Value *out, BatchInput *info) {
    (void)t;
    SockSrc *s = src->data;
    pthread_mutex_lock(&s->mu);
    size_t n = s->nlines;
    Value *items = malloc((n ? n : 1) * sizeof(Value));
    for (size_t i = 0; i < n; i++) { items[i] = str_cstr(s->lines[i]); free(s->lines[i]); }
    s->nlines = 0;
    bool warn = s->error[0] && !s->warned;
    char err[256];
    snprintf(err, sizeof err, "%s", s->error);
    if (warn) s->warned = true;
    pthread_mutex_unlock(&s->mu);
    if (warn) interp_printf(I, 2, "WARN ReceiverSupervisorImpl: %s (retrying every 2 s)\n", err);
    info->records = (int64_t)n;
    *out = lines_rdd(I, items, n, "socketTextStream");
    return true;
}
static void sock_destroy(InputSource *src) {
    sock_stop(src);
    SockSrc *s = src->data;
    for (size_t i = 0; i < s->nlines; i++) free(s->lines[i]);
    free(s->lines);
    free(s->partial);
    free(s->host);
    pthread_mutex_destroy(&s->mu);
    free(s);
    free(src);
}

static const InputSourceOps sock_ops = {
    .kind = "SocketInputDStream", .elem_type = "String",
    .compute = sock_compute, .start = sock_start, .stop = sock_stop, .destroy = sock_destroy,
};

bool source_socket_text_stream(Call *c, Value *out) {
    const char *host;
    int64_t port;
    if (!arg_string(c, 0, &host) || !arg_long(c, 1, &port) || !dstream_can_add(c->I, c->self)) return false;
    SockSrc *s = calloc(1, sizeof *s);
    s->host = strdup(host);
    s->port = (int)port;
    pthread_mutex_init(&s->mu, NULL);
    InputSource *src = calloc(1, sizeof *src);
    src->ops = &sock_ops;
    src->data = s;
    *out = dstream_new_input(c->I, c->self, src);
    return true;
}

/* ---- textFileStream: new files in a directory ---- */

typedef struct { char *dir; char **seen; size_t nseen; } FileSrc;

static bool file_seen(FileSrc *f, const char *name) {
    for (size_t i = 0; i < f->nseen; i++) if (!strcmp(f->seen[i], name)) return true;
    return false;
}
static void file_mark(FileSrc *f, const char *name) {
    f->seen = realloc(f->seen, (f->nseen + 1) * sizeof(char *));
    f->seen[f->nseen++] = strdup(name);
}
static bool file_start(InputSource *src, Interp *I) {
    FileSrc *f = src->data;
    DIR *d = opendir(f->dir);
    if (!d) return interp_throw(I, "java.io.FileNotFoundException", "directory %s does not exist (textFileStream watches an existing directory)", f->dir);
    for (struct dirent *e; (e = readdir(d));) if (e->d_name[0] != '.') file_mark(f, e->d_name);   /* files present at start are ignored, as in Spark */
    closedir(d);
    return true;
}
static bool file_compute(InputSource *src, Interp *I, int64_t t, Value *out, BatchInput *info) {
    (void)t;
    FileSrc *f = src->data;
    DIR *d = opendir(f->dir);
    Value *all = NULL;
    size_t total = 0;
    if (d) {
        for (struct dirent *e; (e = readdir(d));) {
            if (e->d_name[0] == '.' || e->d_name[0] == '_' || file_seen(f, e->d_name)) continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
            struct stat st;
            if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
            file_mark(f, e->d_name);
            Value *items;
            size_t n;
            if (!spark_read_lines(I, path, &items, &n)) { closedir(d); interp_free_items(all, total); return false; }
            all = realloc(all, (total + n + 1) * sizeof(Value));
            memcpy(all + total, items, n * sizeof(Value));
            total += n;
            free(items);
        }
        closedir(d);
    }
    info->records = (int64_t)total;
    if (!all) all = malloc(sizeof(Value));
    *out = lines_rdd(I, all, total, "textFileStream");
    return true;
}
/* Checkpoint: the names already read, so a resumed program reads only files that are new since
 * the checkpoint (including those that arrived while it was down). */
static json_t *file_save(InputSource *src) {
    FileSrc *f = src->data;
    json_t *a = json_array();
    for (size_t i = 0; i < f->nseen; i++) json_array_append_new(a, json_string(f->seen[i]));
    return json_pack("{s:o}", "seen", a);
}
static bool file_restore(InputSource *src, Interp *I, json_t *j) {
    (void)I;
    FileSrc *f = src->data;
    json_t *a = json_object_get(j, "seen"), *x;
    if (!json_is_array(a)) return false;
    for (size_t i = 0; i < f->nseen; i++) free(f->seen[i]);
    f->nseen = 0;
    size_t i;
    json_array_foreach(a, i, x) if (json_is_string(x)) file_mark(f, json_string_value(x));
    return true;
}
static void file_destroy(InputSource *src) {
    FileSrc *f = src->data;
    for (size_t i = 0; i < f->nseen; i++) free(f->seen[i]);
    free(f->seen);
    free(f->dir);
    free(f);
    free(src);
}

static const InputSourceOps file_ops = {
    .kind = "FileInputDStream", .elem_type = "String",
    .compute = file_compute, .start = file_start, .destroy = file_destroy, .save = file_save, .restore = file_restore,
};

bool source_text_file_stream(Call *c, Value *out) {
    const char *dir;
    if (!arg_string(c, 0, &dir) || !dstream_can_add(c->I, c->self)) return false;
    FileSrc *f = calloc(1, sizeof *f);
    f->dir = strdup(dir);
    InputSource *src = calloc(1, sizeof *src);
    src->ops = &file_ops;
    src->data = f;
    *out = dstream_new_input(c->I, c->self, src);
    return true;
}

/* ---- TwitterUtils.createStream: synthetic tweets ---- */

typedef struct { uint64_t s; } Rng;
static uint64_t rng_next(Rng *r) {   /* splitmix64 */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static int rng_int(Rng *r, int n) { return (int)(rng_next(r) % (uint64_t)n); }

typedef struct { char **filters; int nfilters; Rng rng; double rate; int64_t next_id; } TweetSrc;

extern HostClass status_class, twuser_class;

static const char *first_names[] = {"Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances",
                                    "Ken", "Radia", "Guido", "Katherine", "Donald", "Hedy", "Tim", "Shafi"};
static const char *last_names[] = {"Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie",
                                   "Allen", "Thompson", "Perlman", "van Rossum", "Johnson", "Knuth", "Lamarr"};
static const char *templates[] = {
    "Just tried %s for the first time and I am impressed #%s",
    "Anyone else up late with %s? #%s",
    "%s tip: read the docs twice, run the notebook once #%s",
    "Our team moved the pipeline to %s this week. Lessons learned thread #%s",
    "Is %s worth it in 2026? Asking for a friend #%s",
    "New blog post about %s and streaming data #%s",
    "Morning %s and a long queue of messages #%s",
    "Can't decide between %s and everything else #%s",
};
static const char *langs[] = {"en", "en", "en", "en", "en", "es", "fr", "de", "ja", "pt", "it", "nl"};
static const char *places[] = {"Seattle, WA", "London", "Berlin", "São Paulo", "Tokyo", "Paris", "Bangalore", "", "Toronto"};

static void gson_date(char *buf, size_t n, int64_t ms) {
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&s, &tm);
    static const char *mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int h = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
    snprintf(buf, n, "%s %d, %d, %d:%02d:%02d %s", mon[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900, h, tm.tm_min,
             tm.tm_sec, tm.tm_hour < 12 ? "AM" : "PM");
}

static json_t *make_tweet(TweetSrc *ts, int64_t when_ms) {
    Rng *r = &ts->rng;
    const char *word = ts->nfilters ? ts->filters[rng_int(r, ts->nfilters)] : "spark";
    char text[400], tag[64];
    snprintf(tag, sizeof tag, "%s", word);
    for (char *p = tag; *p; p++) if (*p == ' ') *p = '_';
    snprintf(text, sizeof text, templates[rng_int(r, (int)(sizeof templates / sizeof *templates))], word, tag);
    char created[64], ucreated[64];
    gson_date(created, sizeof created, when_ms);
    gson_date(ucreated, sizeof ucreated, when_ms - (int64_t)(rng_next(r) % (3650ULL * 86400000ULL)));
    const char *fn = first_names[rng_int(r, (int)(sizeof first_names / sizeof *first_names))];
    const char *ln = last_names[rng_int(r, (int)(sizeof last_names / sizeof *last_names))];
    char name[96], screen[96];
    snprintf(name, sizeof name, "%s %s", fn, ln);
    snprintf(screen, sizeof screen, "%c%s%d", fn[0], ln, rng_int(r, 1000));
    for (char *p = screen; *p; p++) if (*p == ' ') *p = '_';
    int64_t uid = 100000 + (int64_t)(rng_next(r) % 900000000ULL);
    int tag_start = (int)(strstr(text, "#") - text);
    json_t *user = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:s, s:s, s:b, s:I}",
        "id", (json_int_t)uid, "name", name, "screenName", screen, "location", places[rng_int(r, 9)],
        "description", "synthetic account for the Spark Streaming samples", "isProtected", 0,
        "followersCount", (json_int_t)(rng_next(r) % 50000), "friendsCount", (json_int_t)(rng_next(r) % 2000),
        "favouritesCount", (json_int_t)(rng_next(r) % 10000), "statusesCount", (json_int_t)(rng_next(r) % 100000),
        "createdAt", ucreated, "lang", "en", "isVerified", rng_int(r, 20) == 0, "listedCount", (json_int_t)(rng_next(r) % 100));
    int rt = rng_int(r, 10) == 0 ? 100 + rng_int(r, 900) : rng_int(r, 20);
    return json_pack("{s:s, s:I, s:s, s:s, s:b, s:I, s:I, s:b, s:b, s:I, s:I, s:b, s:s, s:o, s:[{s:s, s:i, s:i}], s:[], s:[]}",
        "createdAt", created, "id", (json_int_t)(ts->next_id++), "text", text,
        "source", "<a href=\"https://github.com\" rel=\"nofollow\">dstream-kernel synthetic</a>",
        "isTruncated", 0, "inReplyToStatusId", (json_int_t)-1, "inReplyToUserId", (json_int_t)-1,
        "isFavorited", 0, "isRetweeted", 0, "favoriteCount", (json_int_t)rng_int(r, 50), "retweetCount", (json_int_t)rt,
        "isPossiblySensitive", 0, "lang", langs[rng_int(r, (int)(sizeof langs / sizeof *langs))], "user", user,
        "hashtagEntities", "text", tag, "start", tag_start, "end", tag_start + 1 + (int)strlen(tag),
        "userMentionEntities", "urlEntities");
}

static bool tweet_compute(InputSource *src, Interp *I, int64_t t, Value *out, BatchInput *info) {
    TweetSrc *ts = src->data;
    (void)I;
    /* about rate × interval tweets per batch, varying ±30% */
    extern int64_t tweet_batch_ms(InputSource *src);
    int64_t batch = tweet_batch_ms(src);
    double mean = ts->rate * (double)batch / 1000.0;
    int n = (int)(mean * (0.7 + 0.6 * (double)(rng_next(&ts->rng) % 1000) / 1000.0) + 0.5);
    Value *items = malloc((size_t)(n ? n : 1) * sizeof(Value));
    for (int i = 0; i < n; i++) {
        int64_t when = t - batch + (int64_t)(rng_next(&ts->rng) % (uint64_t)(batch ? batch : 1));
        items[i] = host_new(&status_class, make_tweet(ts, when > 0 ? when : t));
    }
    info->records = n;
    *out = rdd_from_items(I, "BlockRDD", "TwitterInputDStream", items, (size_t)n, n ? 2 : 0);
    free(items);
    return true;
}
static void tweet_destroy(InputSource *src) {
    TweetSrc *ts = src->data;
    for (int i = 0; i < ts->nfilters; i++) free(ts->filters[i]);
    free(ts->filters);
    free(ts);
    free(src);
}
static json_t *tweet_save(InputSource *src) {
    TweetSrc *ts = src->data;
    return json_pack("{s:I, s:I}", "rng", (json_int_t)ts->rng.s, "next_id", (json_int_t)ts->next_id);
}
static bool tweet_restore(InputSource *src, Interp *I, json_t *j) {
    (void)I;
    TweetSrc *ts = src->data;
    ts->rng.s = (uint64_t)json_integer_value(json_object_get(j, "rng"));
    ts->next_id = json_integer_value(json_object_get(j, "next_id"));
    return true;
}

/* The batch interval is the context's; the source keeps a pointer to find it. */
typedef struct { InputSource src; Ssc *ssc; } TweetInput;
int64_t tweet_batch_ms(InputSource *src) { return ssc_batch_ms(((TweetInput *)src)->ssc); }

static const InputSourceOps tweet_ops = {
    .kind = "TwitterInputDStream", .elem_type = "twitter4j.Status",
    .compute = tweet_compute, .destroy = tweet_destroy, .save = tweet_save, .restore = tweet_restore,
};

static bool twitter_create_stream(Call *c, Value *out) {
    if (!call_arity(c, 1, 4)) return false;
    Ssc *ssc = ssc_get(c->argv[0]);
    if (!ssc) return interp_throw(c->I, "error", "type mismatch: TwitterUtils.createStream needs a StreamingContext first");
    if (!dstream_can_add(c->I, c->argv[0])) return false;
    TweetSrc *ts = calloc(1, sizeof *ts);
    if (c->argc > 2) {
        Value *items;
        size_t n;
        if (interp_iter_items(c->I, c->argv[2], &items, &n)) {
            ts->filters = calloc(n ? n : 1, sizeof(char *));
            for (size_t i = 0; i < n; i++) {
                if (items[i].t == T_STR) ts->filters[ts->nfilters++] = strdup(as_str(items[i])->s);
            }
            interp_free_items(items, n);
        }
    }
    const char *seed = spark_conf_get("spark.twitter.synthetic.seed");
    const char *rate = spark_conf_get("spark.twitter.synthetic.rate");
    ts->rng.s = seed ? (uint64_t)strtoull(seed, NULL, 10) : 42;
    ts->rate = rate && atof(rate) > 0 ? atof(rate) : 20.0;
    ts->next_id = 1330000000000000000LL + (int64_t)(rng_next(&ts->rng) % 1000000000ULL);
    TweetInput *ti = calloc(1, sizeof *ti);
    ti->ssc = ssc;
    InputSource *src = &ti->src;
    src->ops = &tweet_ops;
    src->data = ts;
    interp_printf(c->I, 1, "Note: Twitter's streaming API is gone, so TwitterUtils.createStream produces synthetic tweets "
                  "(twitter4j Status fields, seed %s, about %g tweets/s, matching the filters). Set "
                  "spark.twitter.synthetic.seed / .rate with %%%%configure.\n", seed ? seed : "42", ts->rate);
    *out = dstream_new_input(c->I, c->argv[0], src);
    return true;
}

/* Status and User: twitter4j's getters over the tweet's JSON; Gson prints the fields. */
static json_t *host_json(Call *c) { return as_host(c->self)->data; }
static bool getter(Call *c, Value *out) {   /* the method's data is the field: getFooBar → fooBar */
    json_t *j = host_json(c);
    const char *field = c->data;
    json_t *x = json_object_get(j, field);
    if (!x) return interp_throw(c->I, "error", "value %s is not a member of twitter4j.Status", c->name);
    if (json_is_string(x)) *out = str_cstr(json_string_value(x));
    else if (json_is_integer(x)) {
        json_int_t v = json_integer_value(x);
        *out = (v > INT32_MAX || v < INT32_MIN || !strcmp(field, "id") || !strcmp(field, "inReplyToStatusId") ||
                !strcmp(field, "inReplyToUserId")) ? v_long(v) : v_int((int32_t)v);
    } else if (json_is_boolean(x)) *out = v_bool(json_is_true(x));
    else if (json_is_object(x)) { json_incref(x); *out = host_new(&twuser_class, x); }
    else if (json_is_array(x)) {
        Value a = seq_new(SEQ_ARRAY, json_array_size(x));
        size_t i;
        json_t *e;
        json_array_foreach(x, i, e) {
            json_incref(e);
            seq_push(a, host_new(&twuser_class, e));
        }
        *out = a;
    } else *out = v_null();
    return true;
}
static void json_host_free(void *d) { json_decref(d); }
static json_t *json_host_json(Interp *I, void *d) { (void)I; return json_incref(d); }
static char *status_str(Interp *I, void *d) {
    (void)I;
    json_t *j = d;
    char *s = NULL;
    json_t *u = json_object_get(j, "user");
    if (asprintf(&s, "StatusJSONImpl{createdAt=%s, id=%lld, text='%s', lang='%s', retweetCount=%lld, user=UserJSONImpl{id=%lld, name='%s', screenName='%s', followersCount=%lld, friendsCount=%lld}}",
                 json_string_value(json_object_get(j, "createdAt")), (long long)json_integer_value(json_object_get(j, "id")),
                 json_string_value(json_object_get(j, "text")), json_string_value(json_object_get(j, "lang")),
                 (long long)json_integer_value(json_object_get(j, "retweetCount")),
                 (long long)json_integer_value(json_object_get(u, "id")), json_string_value(json_object_get(u, "name")),
                 json_string_value(json_object_get(u, "screenName")), (long long)json_integer_value(json_object_get(u, "followersCount")),
                 (long long)json_integer_value(json_object_get(u, "friendsCount"))) < 0) return NULL;
    return s;
}
static char *user_str(Interp *I, void *d) {
    (void)I;
    char *s = json_dumps(d, JSON_COMPACT);
    return s;
}
static const MethodDef status_methods[] = {
    METHOD_DATA("getId", getter, "id", 0, 0, "def getId: Long", "The tweet's id."),
    METHOD_DATA("getText", getter, "text", 0, 0, "def getText: String", "The tweet's text."),
    METHOD_DATA("getCreatedAt", getter, "createdAt", 0, 0, "def getCreatedAt: String", "When it was tweeted (Gson's date text)."),
    METHOD_DATA("getLang", getter, "lang", 0, 0, "def getLang: String", "Its language code."),
    METHOD_DATA("getRetweetCount", getter, "retweetCount", 0, 0, "def getRetweetCount: Int", "How often it was retweeted."),
    METHOD_DATA("getFavoriteCount", getter, "favoriteCount", 0, 0, "def getFavoriteCount: Int", "How often it was liked."),
    METHOD_DATA("getSource", getter, "source", 0, 0, "def getSource: String", "The client that posted it."),
    METHOD_DATA("getUser", getter, "user", 0, 0, "def getUser: User", "Who tweeted it."),
    METHOD_DATA("getHashtagEntities", getter, "hashtagEntities", 0, 0, "def getHashtagEntities: Array[HashtagEntity]", "Its hashtags."),
    METHOD_DATA("isRetweeted", getter, "isRetweeted", 0, 0, "def isRetweeted: Boolean", "Whether it was retweeted."),
    METHOD_DATA("isTruncated", getter, "isTruncated", 0, 0, "def isTruncated: Boolean", "Whether it was truncated."),
    METHOD_DATA("isFavorited", getter, "isFavorited", 0, 0, "def isFavorited: Boolean", "Whether it was liked."),
};
HostClass status_class = {.name = "Status", .qualified = "twitter4j.Status",
                          .doc = "A (synthetic) tweet with twitter4j's Status fields.",
                          HOST_METHODS(status_methods),
                          .finalize = json_host_free, .to_string = status_str, .to_json = json_host_json};
static const MethodDef twuser_methods[] = {
    METHOD_DATA("getName", getter, "name", 0, 0, "def getName: String", "The user's name."),
    METHOD_DATA("getScreenName", getter, "screenName", 0, 0, "def getScreenName: String", "The user's handle."),
    METHOD_DATA("getId", getter, "id", 0, 0, "def getId: Long", "The user's id."),
    METHOD_DATA("getLocation", getter, "location", 0, 0, "def getLocation: String", "Where the user is."),
    METHOD_DATA("getFollowersCount", getter, "followersCount", 0, 0, "def getFollowersCount: Int", "Followers."),
    METHOD_DATA("getFriendsCount", getter, "friendsCount", 0, 0, "def getFriendsCount: Int", "Accounts followed."),
    METHOD_DATA("getStatusesCount", getter, "statusesCount", 0, 0, "def getStatusesCount: Int", "Tweets posted."),
    METHOD_DATA("getLang", getter, "lang", 0, 0, "def getLang: String", "The user's language."),
    METHOD_DATA("getText", getter, "text", 0, 0, "def getText: String", "A hashtag's text."),
    METHOD_DATA("isVerified", getter, "isVerified", 0, 0, "def isVerified: Boolean", "Whether the account is verified."),
};
HostClass twuser_class = {.name = "User", .qualified = "twitter4j.User",
                          HOST_METHODS(twuser_methods),
                          .finalize = json_host_free, .to_string = user_str, .to_json = json_host_json};

static const MethodDef twitter_methods[] = {
    METHOD("createStream", twitter_create_stream, 1, 4, "def createStream(ssc: StreamingContext, twitterAuth: Option[Authorization], filters: Seq[String] = Nil): ReceiverInputDStream[Status]",
      "A stream of synthetic tweets matching filters (Twitter's API is gone; seed and rate: spark.twitter.synthetic.seed / .rate)."),
};
static HostClass twitter_obj = {.name = "TwitterUtils$", .qualified = "org.apache.spark.streaming.twitter.TwitterUtils",
                                HOST_METHODS(twitter_methods)};

void sources_init(Interp *I) {
    interp_register_class(I, &status_class);
    interp_register_class(I, &twuser_class);
    interp_register_class(I, &twitter_obj);
    interp_register_global(I, "TwitterUtils", host_new(&twitter_obj, NULL), "object TwitterUtils",
                           "TwitterUtils.createStream(ssc, None, filters): synthetic tweets (Twitter's API is gone).");
}

