/* sources.c — the stream sources other than Kafka's, with Spark 3.5's names, schemas and
 * semantics: format("rate") (RateStreamProvider: rowsPerSecond, rampUpTime, numPartitions; each
 * batch holds the values of the whole seconds elapsed since the stream was created),
 * format("rate-micro-batch") (RatePerMicroBatchProvider: rowsPerBatch values a batch, all stamped
 * startTimestamp + batch × advanceMillisPerBatch), the file sources json / csv / parquet / text
 * over a folder (FileStreamSource: files not seen before, oldest first or latestFirst,
 * maxFilesPerTrigger; the files taken logged in the checkpoint's sources/0/N as Spark writes
 * them), and format("socket") (TextSocketSourceProvider: the lines of a TCP connection).
 *
 * A query plans a batch without the interpreter lock (src_plan: the clock, the folder's listing,
 * the socket's bytes), loads it with the lock (src_load: a table of the source's schema), and
 * moves on after the sink took it (src_advance); checkpoint.c calls src_ck_open / src_ck_commit.
 */
#include "spark/structured/structured_internal.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spark/spark.h"
#include "spark/sql/duck_types.h"

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *opt_of(json_t *options, const char *key) {   /* Spark's options are case-insensitive */
    const char *k;
    json_t *v;
    json_object_foreach(options, k, v) if (!strcasecmp(k, key)) return json_string_value(v);
    return NULL;
}

static DataType *schema_of(const char *const *names, const DtKind *kinds, int n) {
    DataType *t = dt_struct_new(n);
    for (int i = 0; i < n; i++) {
        t->fields[i].name = strdup(names[i]);
        t->fields[i].type = dt_prim(kinds[i]);
        t->fields[i].nullable = true;
    }
    return t;
}

/* A numeric option: *out (def when absent); false with Spark's exception when it is not a
 * number, or (positive) not above 0. */
static bool long_opt(Interp *I, json_t *options, const char *key, int64_t def, bool positive, int64_t *out) {
    const char *v = opt_of(options, key);
    *out = def;
    if (!v) return true;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (end == v || *end || errno)
        return interp_throw(I, "java.lang.NumberFormatException", "For input string: \"%s\"", v);
    if (positive && x <= 0)
        return interp_throw(I, "java.lang.IllegalArgumentException", "Invalid value '%s'. The option '%s' must be positive", v, key);
    *out = x;
    return true;
}

/* rampUpTime: "5s", "2 seconds", "1m" … in whole seconds (Spark's JavaUtils.timeStringAsSec). */
static bool secs_opt(Interp *I, json_t *options, const char *key, int64_t *out) {
    const char *v = opt_of(options, key);
    *out = 0;
    if (!v) return true;
    char *end;
    double n = strtod(v, &end);
    while (*end == ' ') end++;
    double mul = 1;
    if (!*end || !strcasecmp(end, "s") || !strncasecmp(end, "sec", 3)) mul = 1;
    else if (!strcasecmp(end, "ms") || !strncasecmp(end, "milli", 5)) mul = 0.001;
    else if (!strcasecmp(end, "m") || !strncasecmp(end, "min", 3)) mul = 60;
    else if (!strcasecmp(end, "h") || !strncasecmp(end, "hour", 4)) mul = 3600;
    else if (!strcasecmp(end, "d") || !strncasecmp(end, "day", 3)) mul = 86400;
    else return interp_throw(I, "java.lang.NumberFormatException", "Invalid time string: %s", v);
    if (end == v || n < 0) return interp_throw(I, "java.lang.IllegalArgumentException", "Invalid value '%s'. The option '%s' must not be negative", v, key);
    *out = (int64_t)(n * mul);
    return true;
}

/* ---- load(): the Source of a format other than Kafka's ---- */

bool src_load_source(Interp *I, Source *s, const char *format, json_t *options, DataType *user_schema, const char *path) {
    static const char *const rate_names[] = {"timestamp", "value"};
    static const DtKind rate_kinds[] = {DT_TIMESTAMP, DT_LONG};
    if (!strcasecmp(format, "rate")) {
        s->kind = SRC_RATE;
        int64_t np;
        if (!long_opt(I, options, "rowsPerSecond", 1, true, &s->rows_per) || !secs_opt(I, options, "rampUpTime", &s->ramp_up) ||
            !long_opt(I, options, "numPartitions", spark_default_parallelism(), true, &np))
            return false;
        s->num_parts = (int)np;
        s->schema = schema_of(rate_names, rate_kinds, 2);
        return true;
    }
    if (!strcasecmp(format, "rate-micro-batch")) {
        s->kind = SRC_RATE_MB;
        int64_t np;
        if (!long_opt(I, options, "rowsPerBatch", 0, true, &s->rows_per) ||
            !long_opt(I, options, "numPartitions", spark_default_parallelism(), true, &np) ||
            !long_opt(I, options, "startTimestamp", 0, false, &s->start_ts) ||
            !long_opt(I, options, "advanceMillisPerBatch", 1000, false, &s->advance_ms))
            return false;
        if (!opt_of(options, "rowsPerBatch"))
            return interp_throw(I, "java.lang.IllegalArgumentException", "Invalid value '0'. The option 'rowsPerBatch' must be positive");
        if (s->start_ts < 0)
            return interp_throw(I, "java.lang.IllegalArgumentException", "Invalid value '%lld'. The option 'startTimestamp' must be non-negative",
                                (long long)s->start_ts);
        if (s->advance_ms < 0)
            return interp_throw(I, "java.lang.IllegalArgumentException", "Invalid value '%lld'. The option 'advanceMillisPerBatch' must be non-negative",
                                (long long)s->advance_ms);
        s->num_parts = (int)np;
        s->schema = schema_of(rate_names, rate_kinds, 2);
        return true;
    }
    if (!strcasecmp(format, "socket")) {
        const char *host = opt_of(options, "host"), *port = opt_of(options, "port"), *its = opt_of(options, "includeTimestamp");
        if (!host) return interp_throw(I, "org.apache.spark.sql.AnalysisException", "Set a host to read from with option(\"host\", ...).");
        if (!port) return interp_throw(I, "org.apache.spark.sql.AnalysisException", "Set a port to read from with option(\"port\", ...).");
        if (its && strcasecmp(its, "true") && strcasecmp(its, "false"))
            return interp_throw(I, "org.apache.spark.sql.AnalysisException", "includeTimestamp must be set to either \"true\" or \"false\"");
        char *end;
        long p = strtol(port, &end, 10);
        if (end == port || *end || p <= 0 || p > 65535) return interp_throw(I, "java.lang.NumberFormatException", "For input string: \"%s\"", port);
        /* TextSocketSourceProvider logs this as a warning (spark-shell shows it on stderr) */
        interp_printf(I, 2, "WARN TextSocketSourceProvider: The socket source should not be used for production applications! "
                            "It does not support recovery.\n");
        s->kind = SRC_SOCKET;
        s->host = strdup(host);
        s->port = (int)p;
        s->include_ts = its && !strcasecmp(its, "true");
        static const char *const names[] = {"value", "timestamp"};
        static const DtKind kinds[] = {DT_STRING, DT_TIMESTAMP};
        s->schema = schema_of(names, kinds, s->include_ts ? 2 : 1);
        return true;
    }
    bool text = !strcasecmp(format, "text");
    if (!text && strcasecmp(format, "json") && strcasecmp(format, "csv") && strcasecmp(format, "parquet"))
        return interp_throw(I, "org.apache.spark.SparkClassNotFoundException", "[DATA_SOURCE_NOT_FOUND] Failed to find the data source: %s. "
                            "Please find packages at `https://spark.apache.org/third-party-projects.html`.", format);
    if (!path) return interp_throw(I, "org.apache.spark.SparkIllegalArgumentException", "'path' is not specified.");
    char *dir = df_local_path(I, path);
    if (!dir) return false;
    struct stat st;
    if (stat(dir, &st) != 0) {              /* DataSource.sourceSchema checks the path (not a glob) first */
        free(dir);
        return interp_throw(I, "org.apache.spark.sql.AnalysisException", "[PATH_NOT_FOUND] Path does not exist: %s.", path);
    }
    if (!text && !user_schema) {
        free(dir);
        return interp_throw(I, "org.apache.spark.SparkIllegalArgumentException", "Schema must be specified when creating a streaming source "
                            "DataFrame. If some files already exist in the directory, then depending on the file format you may be able to "
                            "create a static DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.");
    }
    int64_t mf;
    const char *lf = opt_of(options, "latestFirst");
    if (!long_opt(I, options, "maxFilesPerTrigger", 0, false, &mf)) { free(dir); return false; }
    if (lf && strcasecmp(lf, "true") && strcasecmp(lf, "false")) {
        free(dir);
        return interp_throw(I, "java.lang.IllegalArgumentException", "For input string: \"%s\"", lf);
    }
    s->kind = SRC_FILE;
    snprintf(s->fmt, sizeof s->fmt, "%s", format);
    for (char *p = s->fmt; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    s->dir = dir;
    s->opts = json_deep_copy(options);
    s->max_files = mf > 0 ? mf : 0;
    s->latest_first = lf && !strcasecmp(lf, "true");
    if (text) {
        static const char *const names[] = {"value"};
        static const DtKind kinds[] = {DT_STRING};
        s->schema = schema_of(names, kinds, 1);
    } else {
        s->schema = dt_ref(user_schema);
    }
    return true;
}

void src_free_fields(Source *s) {
    free(s->dir);
    json_decref(s->opts);
    free(s->host);
}

char *src_description(const Source *s) {
    char *d = NULL;
    int r = 0;
    switch (s->kind) {
    case SRC_RATE:
        r = asprintf(&d, "RateStreamV2[rowsPerSecond=%lld, rampUpTimeSeconds=%lld, numPartitions=%d", (long long)s->rows_per,
                     (long long)s->ramp_up, s->num_parts);
        break;
    case SRC_RATE_MB:
        r = asprintf(&d, "RatePerMicroBatchStream[rowsPerBatch=%lld, numPartitions=%d, startTimestamp=%lld, advanceMsPerBatch=%lld]",
                     (long long)s->rows_per, s->num_parts, (long long)s->start_ts, (long long)s->advance_ms);
        break;
    case SRC_FILE: r = asprintf(&d, "FileStreamSource[file:%s]", s->dir); break;
    case SRC_SOCKET: r = asprintf(&d, "TextSocketV2[host: %s, port: %d]", s->host, s->port); break;
    default: d = source_description(s); break;
    }
    if (r < 0) abort();
    return d;
}

/* ---- per-query state ---- */

void src_state_init(Query *q) {
    memset(&q->ss, 0, sizeof q->ss);
    q->ss.fd = -1;
    q->ss.log_offset = -1;
    q->ss.created_ms = now_ms();
    q->ss.next_ts = q->src->start_ts;
    /* batch 0 runs even without rows for the v2 sources (their first offsets are new, as
     * Kafka's); the file source (a v1 Source) has no offset before its first file */
    q->first = q->src->kind != SRC_FILE;
}

void src_state_free(Query *q) {
    SrcState *s = &q->ss;
    for (size_t i = 0; i < s->nseen; i++) free(s->seen[i].path);
    free(s->seen);
    if (s->fd >= 0) close(s->fd);
    free(s->partial);
    for (size_t i = 0; i < s->nlines; i++) free(s->lines[i].line);
    free(s->lines);
    for (size_t i = 0; i < s->nan_files; i++) free(s->an_files[i]);
    free(s->an_files);
    memset(s, 0, sizeof *s);
    s->fd = -1;
}

void src_batch_free(SrcBatch *b) {
    for (size_t i = 0; i < b->nfiles; i++) free(b->files[i].path);
    free(b->files);
    memset(b, 0, sizeof *b);
}

static void seen_add(SrcState *s, const char *path, int64_t mtime, int64_t batch) {
    if (s->nseen == s->cseen) {
        s->cseen = s->cseen ? s->cseen * 2 : 16;
        s->seen = realloc(s->seen, s->cseen * sizeof *s->seen);
        if (!s->seen) abort();
    }
    s->seen[s->nseen++] = (SeenFile){strdup(path), mtime, batch};
}

static bool seen_has(const SrcState *s, const char *path) {
    for (size_t i = 0; i < s->nseen; i++)
        if (!strcmp(s->seen[i].path, path)) return true;
    return false;
}

/* ---- rate ---- */

/* RateStreamProvider.valueAtSecond: the values before second `seconds`, ramping up linearly. */
static int64_t value_at_second(int64_t seconds, int64_t rows_per_second, int64_t ramp_up) {
    int64_t delta = rows_per_second / (ramp_up + 1);
    if (seconds <= ramp_up) return seconds % 2 == 1 ? (seconds + 1) / 2 * delta * seconds : seconds / 2 * delta * (seconds + 1);
    return value_at_second(ramp_up, rows_per_second, ramp_up) + (seconds - ramp_up) * rows_per_second;
}

/* ---- files ---- */

typedef struct { char *path; int64_t mtime; int64_t size; } Listed;

static int cmp_mtime(const void *a, const void *b) {
    const Listed *x = a, *y = b;
    if (x->mtime != y->mtime) return x->mtime < y->mtime ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* The checkpoint's file log: sources/0/<n> (or <n>.compact). */
static char *log_file(const Query *q, int64_t n, bool compact) {
    char *f = NULL;
    if (asprintf(&f, "%s/sources/0/%lld%s", q->ckpt, (long long)n, compact ? ".compact" : "") < 0) abort();
    return f;
}

/* The files a log entry lists (batchId n: batch n's, or, compact, every one up to n). */
static bool read_log(const Query *q, int64_t n, SeenFile **out, size_t *nout) {
    char *f = log_file(q, n, false);
    char *text = ck_read_text(f);
    free(f);
    if (!text) { f = log_file(q, n, true); text = ck_read_text(f); free(f); }
    if (!text) return false;
    *out = NULL;
    *nout = 0;
    size_t cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_t *j = json_loads(line, 0, NULL);
        const char *p = json_string_value(json_object_get(j, "path"));
        if (p) {
            if (*nout == cap) { cap = cap ? cap * 2 : 8; *out = realloc(*out, cap * sizeof **out); if (!*out) abort(); }
            (*out)[(*nout)++] = (SeenFile){strdup(p), json_integer_value(json_object_get(j, "timestamp")),
                                           json_integer_value(json_object_get(j, "batchId"))};
        }
        json_decref(j);
    }
    free(text);
    return true;
}

static char *file_uri(const char *path) {   /* file:///a/b%20c: Hadoop's qualified path */
    StrBuf b = {0};
    sb_puts(&b, "file://");
    for (const char *p = path; *p; p++) {
        if (*p == ' ') sb_puts(&b, "%20");
        else sb_putc(&b, *p);
    }
    return sb_take(&b);
}

static const char *uri_path(const char *uri) { return !strncmp(uri, "file://", 7) ? uri + 7 : uri; }

static int plan_files(Query *q, SrcBatch *b) {
    Source *src = q->src;
    SrcState *s = &q->ss;
    int64_t next_log = s->log_offset + 1;
    if (q->ckpt) {                          /* a batch logged but not committed: the same files again */
        SeenFile *again = NULL;
        size_t n = 0;
        char *f = log_file(q, next_log, false);
        struct stat sb;
        bool there = stat(f, &sb) == 0;
        free(f);
        if (there && read_log(q, next_log, &again, &n) && n) {
            b->files = again;
            b->nfiles = n;
            return 1;
        }
        free(again);
    }
    DIR *d = opendir(src->dir);
    if (!d) return 0;                       /* Spark lists nothing from a folder not there (yet) */
    Listed *ls = NULL;
    size_t n = 0, cap = 0;
    int64_t latest = INT64_MIN;
    for (size_t i = 0; i < s->nseen; i++) if (s->seen[i].mtime_ms > latest) latest = s->seen[i].mtime_ms;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || e->d_name[0] == '_') continue;   /* hidden files, _SUCCESS, _spark_metadata */
        size_t nl = strlen(e->d_name);
        if (nl > 10 && !strcmp(e->d_name + nl - 10, "._COPYING_")) continue;
        char *full = NULL;
        if (asprintf(&full, "%s/%s", src->dir, e->d_name) < 0) abort();
        struct stat sb;
        if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode)) { free(full); continue; }
        char *uri = file_uri(full);
        free(full);
        int64_t mt = (int64_t)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
        /* FileStreamSource's SeenFilesMap: seen paths, and files older than maxFileAge (7 days)
         * before the latest seen, are not new */
        if (seen_has(s, uri) || (latest != INT64_MIN && mt < latest - 7LL * 86400 * 1000)) { free(uri); continue; }
        if (n == cap) { cap = cap ? cap * 2 : 16; ls = realloc(ls, cap * sizeof *ls); if (!ls) abort(); }
        ls[n++] = (Listed){uri, mt, (int64_t)sb.st_size};
    }
    closedir(d);
    if (q->trig.kind == TRIG_AVAILABLE_NOW) {   /* the files there at the start, as Spark's prepareForTriggerAvailableNow */
        if (!s->available_now_set) {
            s->available_now_set = true;
            s->an_files = calloc(n + 1, sizeof *s->an_files);
            if (!s->an_files) abort();
            for (size_t i = 0; i < n; i++) s->an_files[s->nan_files++] = strdup(ls[i].path);
        }
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
            bool there = false;
            for (size_t k = 0; k < s->nan_files && !there; k++) there = !strcmp(s->an_files[k], ls[i].path);
            if (there) ls[kept++] = ls[i];
            else free(ls[i].path);
        }
        n = kept;
    }
    if (!n) { free(ls); return 0; }
    qsort(ls, n, sizeof *ls, cmp_mtime);
    if (src->latest_first)
        for (size_t i = 0; i < n / 2; i++) { Listed t = ls[i]; ls[i] = ls[n - 1 - i]; ls[n - 1 - i] = t; }
    /* maxFilesPerTrigger, save under Trigger.Once (all available, as Spark's OneTimeTrigger) */
    size_t take = src->max_files && q->trig.kind != TRIG_ONCE && (size_t)src->max_files < n ? (size_t)src->max_files : n;
    b->files = calloc(take + 1, sizeof *b->files);
    if (!b->files) abort();
    for (size_t i = 0; i < n; i++) {
        if (i < take) b->files[b->nfiles++] = (SeenFile){ls[i].path, ls[i].mtime, next_log};
        else free(ls[i].path);
    }
    free(ls);
    return 1;
}

/* ---- socket ---- */

static void push_line(SrcState *s, const char *text, size_t n, int64_t ts_us) {
    if (n && text[n - 1] == '\r') n--;
    if (s->nlines == s->clines) {
        s->clines = s->clines ? s->clines * 2 : 16;
        s->lines = realloc(s->lines, s->clines * sizeof *s->lines);
        if (!s->lines) abort();
    }
    char *l = malloc(n + 1);
    if (!l) abort();
    memcpy(l, text, n);
    l[n] = 0;
    s->lines[s->nlines].line = l;
    s->lines[s->nlines++].ts_us = ts_us;
}

/* Connects (the first time) and reads what the socket has: complete lines into s->lines. False
 * (the query failed) when the connection cannot be made. */
static bool socket_read(Query *q) {
    SrcState *s = &q->ss;
    if (s->fd < 0 && !s->eof) {
        struct addrinfo hints = {0}, *res = NULL;
        hints.ai_socktype = SOCK_STREAM;
        char port[16];
        snprintf(port, sizeof port, "%d", q->src->port);
        int rc = getaddrinfo(q->src->host, port, &hints, &res);
        if (rc != 0) { q_fail(q, "java.net.UnknownHostException: %s", q->src->host); return false; }
        int fd = -1;
        for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
            fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) { close(fd); fd = -1; }
        }
        freeaddrinfo(res);
        if (fd < 0) { q_fail(q, "java.net.ConnectException: %s", "Connection refused"); return false; }
        s->fd = fd;
    }
    while (s->fd >= 0) {
        char buf[8192];
        ssize_t n = recv(s->fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;
        if (n <= 0) {                       /* the other end closed: what is left is the last line */
            if (s->npartial) push_line(s, s->partial, s->npartial, now_ms() * 1000);
            s->npartial = 0;
            close(s->fd);
            s->fd = -1;
            s->eof = true;
            break;
        }
        int64_t ts = now_ms() * 1000;
        s->partial = realloc(s->partial, s->npartial + (size_t)n + 1);
        if (!s->partial) abort();
        memcpy(s->partial + s->npartial, buf, (size_t)n);
        s->npartial += (size_t)n;
        size_t start = 0;
        for (size_t i = 0; i < s->npartial; i++)
            if (s->partial[i] == '\n') { push_line(s, s->partial + start, i - start, ts); start = i + 1; }
        memmove(s->partial, s->partial + start, s->npartial - start);
        s->npartial -= start;
    }
    return true;
}

/* ---- planning ---- */

int src_plan(Query *q, SrcBatch *b) {
    Source *src = q->src;
    SrcState *s = &q->ss;
    memset(b, 0, sizeof *b);
    switch (src->kind) {
    case SRC_RATE: {
        int64_t secs = (now_ms() - s->created_ms) / 1000;
        if (q->trig.kind == TRIG_AVAILABLE_NOW || q->trig.kind == TRIG_ONCE) {   /* the end fixed at the start, as Spark's wrapper */
            if (!s->available_now_set) { s->available_now_set = true; s->available_now_end = secs; }
            secs = s->available_now_end;
        }
        if (secs < s->secs) secs = s->secs;
        if (secs == s->secs && !q->first) return 0;
        b->from = s->secs;
        b->to = secs;
        return 1;
    }
    case SRC_RATE_MB:
        if (q->trig.kind == TRIG_AVAILABLE_NOW) {   /* one batch past where it starts (Spark's prepareForTriggerAvailableNow) */
            if (!s->available_now_set) { s->available_now_set = true; s->available_now_end = s->next_value + src->rows_per; }
            if (s->next_value >= s->available_now_end) return 0;
        }
        b->from = s->next_value;
        b->to = s->next_value + src->rows_per;
        b->ts = s->next_ts;
        return 1;
    case SRC_FILE:
        return plan_files(q, b);
    case SRC_SOCKET:
        if (!socket_read(q)) return -1;
        if (!s->nlines && !q->first) return 0;
        b->from = s->next_value;
        b->to = s->next_value + (int64_t)s->nlines;
        return 1;
    default:
        return 0;
    }
}

/* ---- loading ---- */

static bool raise_err(Interp *I, char *err, const char *what) {
    sql_raise(I, err ? err : what, NULL);
    free(err);
    return false;
}

/* INSERT INTO dst SELECT … FROM (df): each of the schema's columns from df's column of the same
 * position (csv) or name (parquet), cast as Spark's reader does (what does not fit is null). */
static bool insert_mapped(Query *q, DfTable *dst, DataFrame *df, bool by_name) {
    const DataType *schema = q->src->schema;
    StrBuf b = {0};
    sb_puts(&b, "INSERT INTO ");
    sql_ident(&b, dst->name);
    sb_puts(&b, " SELECT ");
    for (int i = 0; i < schema->nfields; i++) {
        int at = by_name ? dt_field_index(df->schema, schema->fields[i].name) : (i < df->schema->nfields ? i : -1);
        if (i) sb_puts(&b, ", ");
        if (at < 0) {
            sb_puts(&b, "CAST(NULL AS ");
            duck_type_sql(&b, schema->fields[i].type);
            sb_puts(&b, ")");
        } else {
            sb_puts(&b, "TRY_CAST(");
            sql_ident(&b, df->schema->fields[at].name);
            sb_puts(&b, " AS ");
            duck_type_sql(&b, schema->fields[i].type);
            sb_puts(&b, ")");
        }
    }
    sb_printf(&b, " FROM (%s)", df->sql);
    bool ok = exec_sql(q, b.s);
    sb_reset(&b);
    return ok;
}

/* The lines of text (\n, \r\n or \r ends a line; a last line without an end counts). */
typedef void (*LineFn)(void *ud, const char *s, size_t n);
static void each_line(const char *text, size_t len, LineFn fn, void *ud) {
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        fn(ud, text + start, i - start);
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
        start = i + 1;
    }
    if (start < len) fn(ud, text + start, len - start);
}

typedef struct { DfLoader *l; const DataType *schema; bool json; bool ok; char *err; int64_t rows; } LineLoad;

static void load_line(void *ud, const char *s, size_t n) {
    LineLoad *ll = ud;
    if (!ll->ok) return;
    if (ll->json) {
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i == n) return;                 /* blank lines are no records */
        json_t *j = json_loadb(s, n, JSON_DECODE_ANY, NULL);
        df_load_json_row(ll->l, ll->schema, json_is_object(j) ? j : NULL);   /* a malformed record: nulls (PERMISSIVE) */
        json_decref(j);
    } else {
        dfl_text(ll->l, 0, s, n);
    }
    ll->rows++;
    if (!dfl_row(ll->l, &ll->err)) ll->ok = false;
}

static bool load_file(Query *q, DfTable *dst, const char *path, int64_t *rows) {
    Interp *I = q->I;
    Source *src = q->src;
    bool json = !strcmp(src->fmt, "json");
    if (json || !strcmp(src->fmt, "text")) {
        size_t len;
        char *text = ck_read_file(path, &len);
        if (!text) return interp_throw(I, "java.io.FileNotFoundException", "File %s does not exist", path);
        char *err = NULL;
        DfLoader *l = dfl_open(q->st, src->schema, &err);
        if (!l) { free(text); return raise_err(I, err, "the file could not be loaded"); }
        LineLoad ll = {l, src->schema, json, true, NULL, 0};
        each_line(text, len, load_line, &ll);
        free(text);
        DfTable *t = dfl_close(l, ll.ok, &err);
        if (!ll.ok || !t) { free(err); if (t) dftable_unref(t); return raise_err(I, ll.err, "the file could not be loaded"); }
        *rows += ll.rows;
        StrBuf b = {0};
        sb_puts(&b, "INSERT INTO ");
        sql_ident(&b, dst->name);
        sb_puts(&b, " SELECT * FROM ");
        sql_ident(&b, t->name);
        bool ok = exec_sql(q, b.s);
        sb_reset(&b);
        dftable_unref(t);
        return ok;
    }
    Value v = v_unit();
    const char *paths[] = {path};
    bool ok;
    if (!strcmp(src->fmt, "csv")) {
        struct stat sb;
        if (stat(path, &sb) == 0 && sb.st_size == 0) return true;   /* no rows */
        json_t *o = json_deep_copy(src->opts);
        json_object_set_new(o, "inferSchema", json_string("false"));
        ok = df_read_csv(I, q->st, paths, 1, o, &v);
        json_decref(o);
    } else {
        ok = df_read_parquet(I, q->st, paths, 1, &v);
    }
    if (!ok) return false;
    DataFrame *df = df_get(v);
    int64_t before = 0, after = 0;
    DfCursor c;
    char *err = NULL;
    StrBuf b = {0};
    sb_puts(&b, "SELECT count(*) FROM ");
    sql_ident(&b, dst->name);
    if (dfc_open(q->st, b.s, &c, &err) && dfc_next(&c)) before = dfc_int(&c, 0);
    dfc_close(&c);
    free(err);
    err = NULL;
    ok = insert_mapped(q, dst, df, strcmp(src->fmt, "csv") != 0);
    if (ok && dfc_open(q->st, b.s, &c, &err) && dfc_next(&c)) after = dfc_int(&c, 0);
    dfc_close(&c);
    free(err);
    sb_reset(&b);
    *rows += after - before;
    val_decref(v);
    return ok;
}

typedef struct { const SeenFile *f; int64_t size; size_t at; } Sized;

static int cmp_size_desc(const void *a, const void *b) {
    const Sized *x = a, *y = b;
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    return x->at < y->at ? -1 : 1;
}

DfTable *src_load(Query *q, SrcBatch *b) {
    Interp *I = q->I;
    Source *src = q->src;
    char *err = NULL;
    if (src->kind == SRC_FILE) {
        DfTable *t = dftable_create(q->st, src->schema, &err);
        if (!t) { raise_err(I, err, "the batch could not be loaded"); return NULL; }
        /* Spark packs a batch's files into partitions biggest first: its rows come in that order */
        Sized *order = calloc(b->nfiles + 1, sizeof *order);
        if (!order) abort();
        for (size_t i = 0; i < b->nfiles; i++) {
            struct stat sb;
            order[i] = (Sized){&b->files[i], stat(uri_path(b->files[i].path), &sb) == 0 ? (int64_t)sb.st_size : 0, i};
        }
        qsort(order, b->nfiles, sizeof *order, cmp_size_desc);
        bool ok = true;
        for (size_t i = 0; ok && i < b->nfiles; i++) ok = load_file(q, t, uri_path(order[i].f->path), &b->rows);
        free(order);
        if (!ok) { dftable_unref(t); return NULL; }
        return t;
    }
    DfLoader *l = dfl_open(q->st, src->schema, &err);
    if (!l) { raise_err(I, err, "the batch could not be loaded"); return NULL; }
    bool ok = true;
    if (b->no_data) {
        /* no rows */
    } else if (src->kind == SRC_RATE || src->kind == SRC_RATE_MB) {
        int64_t lo, hi;
        double local_start = 0, ms_per = 0;
        if (src->kind == SRC_RATE) {
            lo = value_at_second(b->from, src->rows_per, src->ramp_up);
            hi = value_at_second(b->to, src->rows_per, src->ramp_up);
            local_start = (double)(q->ss.created_ms + b->from * 1000);
            ms_per = hi > lo ? (double)((b->to - b->from) * 1000) / (double)(hi - lo) : 0;
        } else {
            lo = b->from;
            hi = b->to;
        }
        /* partition by partition, as Spark's readers: p, p + n, p + 2n … */
        for (int p = 0; ok && p < src->num_parts; p++)
            for (int64_t v = lo + p; ok && v < hi; v += src->num_parts) {
                int64_t ts = src->kind == SRC_RATE ? (int64_t)llround(local_start + (double)(v - lo) * ms_per) : b->ts;
                dfl_int(l, 0, ts * 1000);
                dfl_int(l, 1, v);
                ok = dfl_row(l, &err);
                b->rows++;
            }
    } else if (src->kind == SRC_SOCKET) {
        for (int64_t i = 0; ok && i < b->to - b->from && (size_t)i < q->ss.nlines; i++) {
            dfl_text(l, 0, q->ss.lines[i].line, strlen(q->ss.lines[i].line));
            if (src->include_ts) dfl_int(l, 1, q->ss.lines[i].ts_us);
            ok = dfl_row(l, &err);
            b->rows++;
        }
    }
    char *cerr = NULL;
    DfTable *t = dfl_close(l, ok, &cerr);
    if (!ok || !t) {
        free(cerr);
        if (t) dftable_unref(t);
        raise_err(I, err, "the batch could not be loaded");
        return NULL;
    }
    free(err);
    return t;
}

void src_advance(Query *q, SrcBatch *b) {
    SrcState *s = &q->ss;
    if (b->no_data) return;
    switch (q->src->kind) {
    case SRC_RATE: s->secs = b->to; break;
    case SRC_RATE_MB:
        s->next_value = b->to;
        s->next_ts = b->ts + q->src->advance_ms;
        break;
    case SRC_FILE:
        if (!b->nfiles) break;
        s->log_offset = b->files[0].batch;
        for (size_t i = 0; i < b->nfiles; i++) seen_add(s, b->files[i].path, b->files[i].mtime_ms, b->files[i].batch);
        break;
    case SRC_SOCKET: {
        size_t n = (size_t)(b->to - b->from);
        if (n > s->nlines) n = s->nlines;
        for (size_t i = 0; i < n; i++) free(s->lines[i].line);
        if (n && s->nlines > n) memmove(s->lines, s->lines + n, (s->nlines - n) * sizeof *s->lines);
        s->nlines -= n;
        s->next_value = b->to;
        break;
    }
    default: break;
    }
}

/* ---- offsets and the checkpoint ---- */

json_t *src_offset_json(const Query *q) {
    const SrcState *s = &q->ss;
    switch (q->src->kind) {
    case SRC_RATE: return json_integer(s->secs);
    case SRC_RATE_MB: return json_pack("{s:I, s:I}", "offset", (json_int_t)s->next_value, "timestamp", (json_int_t)s->next_ts);
    case SRC_FILE: return json_pack("{s:I}", "logOffset", (json_int_t)s->log_offset);
    case SRC_SOCKET: return json_integer(s->next_value - 1);
    default: return json_null();
    }
}

/* Before offsets/N: the file log's entry for the batch's files (sources/0/<logOffset>, and every
 * tenth one compacted with all the files so far, as Spark's FileStreamSourceLog). */
bool src_ck_commit(Query *q, SrcBatch *b, char **why) {
    if (q->src->kind != SRC_FILE || !b->nfiles) return true;
    char *dir = NULL;
    if (asprintf(&dir, "%s/sources/0", q->ckpt) < 0) abort();
    bool ok = ck_mkdirs(dir);
    free(dir);
    int64_t id = b->files[0].batch;
    bool compact = (id + 1) % 10 == 0;
    StrBuf t = {0};
    sb_puts(&t, "v1");
    for (int pass = 0; pass < 2; pass++) {
        size_t n = pass ? b->nfiles : compact ? q->ss.nseen : 0;
        for (size_t i = 0; i < n; i++) {
            const SeenFile *f = pass ? &b->files[i] : &q->ss.seen[i];
            json_t *j = json_pack("{s:s, s:I, s:I}", "path", f->path, "timestamp", (json_int_t)f->mtime_ms, "batchId", (json_int_t)f->batch);
            char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
            sb_printf(&t, "\n%s", line);
            free(line);
            json_decref(j);
        }
    }
    char *f = log_file(q, id, compact);
    struct stat sb;
    char *plain = log_file(q, id, false);
    if (ok && !(stat(plain, &sb) == 0 && !compact)) ok = ck_write_text(f, t.s);   /* a redone batch's entry stays */
    free(plain);
    free(f);
    sb_reset(&t);
    if (!ok && !*why) *why = strdup(strerror(errno));
    return ok;
}

/* At start() with a checkpoint: offset is the last committed batch's (NULL: none). The rate
 * source's creation time is in sources/0/0 (Spark's "v1\n<ms>"), the file source's files in its log. */
bool src_ck_open(Query *q, json_t *offset) {
    SrcState *s = &q->ss;
    Source *src = q->src;
    if (src->kind == SRC_RATE) {
        char *dir = NULL, *f = NULL;
        if (asprintf(&dir, "%s/sources/0", q->ckpt) < 0 || asprintf(&f, "%s/0", dir) < 0) abort();
        char *text = ck_read_text(f);
        const char *nl = text ? strchr(text, '\n') : NULL;
        if (nl) s->created_ms = strtoll(nl + 1, NULL, 10);
        else {
            char line[48];
            snprintf(line, sizeof line, "v1\n%lld", (long long)s->created_ms);
            if (ck_mkdirs(dir)) ck_write_text(f, line);
        }
        free(text);
        free(dir);
        free(f);
    }
    if (!offset) return true;
    q->first = false;
    switch (src->kind) {
    case SRC_RATE: s->secs = json_integer_value(offset); break;
    case SRC_RATE_MB:
        s->next_value = json_integer_value(json_object_get(offset, "offset"));
        s->next_ts = json_integer_value(json_object_get(offset, "timestamp"));
        break;
    case SRC_FILE: {
        int64_t last = json_integer_value(json_object_get(offset, "logOffset"));
        s->log_offset = last;
        /* the newest compacted entry at or before last, then the entries after it */
        int64_t from = 0;
        for (int64_t k = last; k >= 0; k--) {
            char *cf = log_file(q, k, true);
            struct stat sb;
            bool there = stat(cf, &sb) == 0;
            free(cf);
            if (there) { from = k; break; }
        }
        for (int64_t k = from; k <= last; k++) {
            SeenFile *fs = NULL;
            size_t n = 0;
            if (!read_log(q, k, &fs, &n))
                return interp_throw(q->I, "java.lang.IllegalStateException", "the checkpoint %s has no sources/0/%lld (the files of batch %lld)",
                                    q->ckpt, (long long)k, (long long)k);
            for (size_t i = 0; i < n; i++) {
                if (!seen_has(s, fs[i].path)) seen_add(s, fs[i].path, fs[i].mtime_ms, fs[i].batch);
                free(fs[i].path);
            }
            free(fs);
        }
        break;
    }
    case SRC_SOCKET: break;                 /* the socket source does not recover (Spark warns) */
    default: break;
    }
    return true;
}
