/* structured_internal.h — what the files of Structured Streaming share (not for the rest of
 * spark/, which uses structured.h): the stream sources and queries, the trigger kinds, the host
 * classes the module registers, and the functions one file calls in another.
 *
 * reader.c      the sources registry, the Kafka source's schema, DataStreamReader, the batch-action guard
 * writer.c      Trigger, DataStreamWriter (withWatermark, isStreaming, start())
 * query.c       the query's thread (micro-batches), StreamingQuery, StreamingQueryProgress, spark.streams
 * sinks.c       console, memory, file, kafka and foreachBatch's snapshot; update-mode output
 * dedup.c       dropDuplicates on streams: the keys seen, late rows
 * checkpoint.c  the checkpoint folder (Spark's layout): ck_open at start(), ck_commit after a batch
 * controls.c    the Stop / Pause / Resume / Step buttons under a running query's timeline
 * sources.c     the rate, rate-micro-batch, file (json, csv, parquet, text) and socket sources
 * structured.c  the module's init and free
 */
#ifndef DSTREAM_SPARK_STRUCTURED_INTERNAL_H
#define DSTREAM_SPARK_STRUCTURED_INTERNAL_H

#include "spark/structured/structured.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "kafka/batch.h"
#include "kafka/producer.h"
#include "spark/kafka/kafka_client.h"
#include "spark/sql/df_internal.h"

#define SS_DOC "https://spark.apache.org/docs/3.5.5/api/scala/org/apache/spark/sql/streaming/"

/* Kafka's three (subscribe, subscribePattern, assign), then the other sources (sources.c). */
typedef enum { SRC_SUBSCRIBE, SRC_PATTERN, SRC_ASSIGN, SRC_RATE, SRC_RATE_MB, SRC_FILE, SRC_SOCKET } SrcKind;
#define SRC_IS_KAFKA(s) ((s)->kind <= SRC_ASSIGN)

typedef struct Source {
    SrcKind kind;
    char *topics;            /* subscribe: comma-separated; subscribePattern: the regex; assign: its JSON */
    kafka_tpo *assign;       /* assign: the partitions (topic names owned), offsets unset */
    size_t nassign;
    kafka_config user;       /* the kafka.* options, without the prefix */
    int64_t starting;        /* KAFKA_OFFSET_BEGINNING or _END */
    json_t *start_at;        /* startingOffsets as JSON ({"t":{"0":2,"1":-2}}), else NULL */
    int64_t max_per_trigger; /* maxOffsetsPerTrigger, 0 for none */
    bool fail_on_data_loss;  /* failOnDataLoss (default true): records lost to retention fail the query */
    char *wm_sql;            /* withWatermark: the query of the DataFrame it was called on, else NULL */
    char *wm_col;            /*   its event-time column */
    int64_t wm_delay;        /*   the delay (ms) */
    DataType *schema;
    DfTable *table;          /* what the streaming DataFrame reads: the rows of the batch running */
    char *sql;               /* the query of load()'s DataFrame */
    /* rate: rowsPerSecond, rampUpTime (s); rate-micro-batch: rowsPerBatch, startTimestamp,
     * advanceMillisPerBatch; both numPartitions */
    int64_t rows_per, ramp_up, start_ts, advance_ms;
    int num_parts;
    char fmt[16];            /* file: json, csv, parquet or text */
    char *dir;               /* file: the folder (local path) */
    json_t *opts;            /* file: the reader's options (header, sep …) */
    int64_t max_files;       /* file: maxFilesPerTrigger, 0 for none */
    bool latest_first;       /* file: latestFirst */
    char *host;              /* socket */
    int port;
    bool include_ts;         /* socket: includeTimestamp */
    struct Source *next;
} Source;

/* A file a file source has taken (the checkpoint's sources/0/N lines). */
typedef struct { char *path; int64_t mtime_ms, batch; } SeenFile;

/* What the sources other than Kafka's keep per query (sources.c). */
typedef struct {
    int64_t created_ms;      /* rate: the stream's creation time (sources/0/0 of the checkpoint) */
    int64_t secs;            /* rate: the seconds since then the next batch starts at */
    int64_t next_value;      /* rate-micro-batch: the next value; socket: the lines taken */
    int64_t next_ts;         /* rate-micro-batch: the next batch's timestamp */
    SeenFile *seen;          /* file: every file taken, in order */
    size_t nseen, cseen;
    int64_t log_offset;      /* file: the last batch of files logged (-1 none) */
    int fd;                  /* socket: the connection, -1 before it */
    bool eof;
    char *partial;           /* socket: the bytes of a line not ended yet */
    size_t npartial;
    struct { char *line; int64_t ts_us; } *lines;   /* socket: the lines received, not taken yet */
    size_t nlines, clines;
    bool available_now_set;  /* rate, rate-micro-batch, file: AvailableNow's end is fixed */
    int64_t available_now_end;
    char **an_files;         /* file: under AvailableNow, the files there at the start (the only ones taken) */
    size_t nan_files;
} SrcState;

/* One batch of a source other than Kafka's, planned (sources.c). */
typedef struct {
    int64_t from, to;        /* rate: seconds; rate-micro-batch: values; socket: lines */
    int64_t ts;              /* rate-micro-batch: the batch's timestamp */
    SeenFile *files;         /* file: the batch's files (paths owned) */
    size_t nfiles;
    int64_t rows;            /* the rows loaded */
    bool no_data;            /* Spark's no-data batch (a watermark moved): no rows, the source stays */
} SrcBatch;

typedef struct Dedup {       /* a streaming dropDuplicates (dedup.c) */
    DfTable *seen;           /* the keys let through so far */
    DfTable *wm;             /* one row: the watermark late rows are judged by (ms) */
    char *keys;              /* the key columns, quoted, comma-separated */
    char *sql;               /* the deduplicated DataFrame's query */
    bool late;               /* the watermark's column is a key: late rows dropped, state evicted */
    struct Dedup *next;
} Dedup;

typedef enum { TRIG_DEFAULT, TRIG_INTERVAL, TRIG_ONCE, TRIG_AVAILABLE_NOW } TrigKind;
typedef struct { TrigKind kind; int64_t ms; } Trig;

typedef struct Query {
    Interp *I;
    DfState *st;
    Source *src;
    Value df;                /* the streaming DataFrame the query runs (owned) */
    Value fn;                /* foreachBatch's function (owned), else unit */
    char *path;              /* a file sink's folder (local path), else NULL */
    char *ckpt;              /* checkpointLocation (local path), else NULL */
    kafka_producer *producer;/* the Kafka sink's */
    kafka_config pcfg;       /* its configuration (the sink's kafka.* options over the session's) */
    char *topic;             /* the Kafka sink's topic option, or NULL (a topic column then) */
    char sink[16], mode[16];
    char *name;              /* queryName, or NULL */
    Trig trig;
    int num_rows, truncate;  /* the console sink's */
    bool accumulate;         /* an aggregation: the source table holds all input so far */
    char id[37], run_id[37];

    SrcState ss;             /* a source other than Kafka's */
    kafka_config cfg;
    kafka_batch_reader *reader;
    kafka_tpo *offsets;      /* where the next batch starts (topic names owned) */
    size_t noffsets;
    char *data_loss_warning; /* failOnDataLoss=false: the warning the next batch writes, or NULL */
    int64_t discovered_ms;   /* when the source's partitions were last listed (new ones join) */
    bool first;              /* the offsets are the source's starts (no checkpoint): batch 0 runs even empty, as Spark's */
    DfTable *acc;            /* accumulate: every row so far */
    const char *wcol;        /* append/update with a watermark: the result's window column (its end is compared), else NULL */
    int64_t wm_ms, wm_prev;  /* the watermark of this batch and of the previous one (ms since the epoch) */
    int64_t max_event;       /* the latest event time seen (ms), INT64_MIN before any */
    DfTable *prev;           /* update mode: the previous batch's result */
    bool mem_made;
    int64_t batch_id;        /* the next batch's */
    int64_t rows_out;
    json_t *recent;          /* progress of the recent batches, newest last */
    struct Timeline *timeline;   /* the live timeline in the starting cell (spark/streaming/timeline.h), or NULL */
    int64_t prev_t0;         /* when the previous batch started (its input rate), 0 before any */
    /* the Stop / Pause / Resume / Step buttons (controls.c) */
    int controls;            /* the widgets' handle, 0: none */
    void (*controls_update)(void *ud, int handle, const char *status, unsigned disabled, bool closed);
    void *controls_ud;
    bool paused;             /* no trigger starts until Resume, save one per Step */
    bool ui_closed;          /* the thread ended: no buttons open (both under the interpreter lock) */
    int steps;

    pthread_t thread;
    bool has_thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop_flag, terminated;
    bool reset;              /* ended before spark.streams.resetTerminated() */
    char *error;             /* "class: message" of the exception that ended it */
    InterpHooks start_hooks, await_hooks;
    bool has_start_hooks, awaiting;
    uint64_t check_seq, empty_seq;   /* trigger checks started; the latest that found no new data */
    struct Query *next;      /* all queries (spark.streams) */
    int rc;
} Query;

/* reader.c */
extern Source *sources;      /* every source made (the interpreter's lifetime) */
extern HostClass sreader_class;
Source *source_of(const DataFrame *df);
bool watermarked(const Source *s, const DataFrame *df);   /* df reads the DataFrame withWatermark made on s */
void source_free(Source *s);
char *source_description(const Source *s);   /* Spark's: Subscribe[t], SubscribePattern[re], Assign[t-0, t-1] */

/* writer.c */
extern HostClass trigger_class, trigger_object_class, swriter_class;

/* query.c */
extern Query *queries;       /* every query started, newest first (spark.streams) */
extern HostClass query_class, progress_class, streams_class;
void query_unref(Query *q);
void query_stop(Interp *I, Query *q);   /* stops q's thread and waits for it */
void *query_main(void *arg);            /* the query's thread */
int q_stopping(void *ud);
void q_fail(Query *q, const char *fmt, const char *detail);
bool exec_sql(Query *q, const char *sql);
void wm_observe(Query *q);              /* max_event from the source table's rows (under the interpreter lock) */
int64_t wm_next(const Query *q);        /* the next batch's watermark: max(wm_ms, max_event − delay) */

/* controls.c */
void qcontrols_show(Query *q, const InterpHooks *h);   /* after start(), with the starting cell's hooks */
void qcontrols_refresh(Query *q, bool closed);         /* the status line; closed: for good (the query ended) */

/* sinks.c */
bool batch_output(Query *q, Value *out, DfTable **old);
bool snapshot(Query *q, DataFrame *df, Value *out);
bool kafka_sink(Query *q, DataFrame *out);
bool file_sink(Query *q, DataFrame *out);
bool console_sink(Query *q, DataFrame *out, int64_t batch);
bool memory_sink(Query *q, DataFrame *out, bool replace);

/* dedup.c */
extern Dedup *dedups;
void dedup_free_all(void);
bool dedup_step(Query *q, bool before);  /* before a batch: its watermark; after: the keys let through */
bool dedup_watermarked(const Query *q);  /* q runs a deduplication keyed by the watermark's column */
int64_t dedup_state_rows(Query *q);      /* the keys q's deduplications keep, -1 when it runs none */
bool dedup_checkpoint(Query *q, const char *dir, int64_t n, bool save, char **err);

/* checkpoint.c */
bool ck_commit(Query *q, int64_t n, int64_t now_ms, char **why);
bool ck_open(Query *q);
bool ck_mkdirs(const char *path);
bool ck_write_text(const char *file, const char *text);
char *ck_read_text(const char *file);
char *ck_read_file(const char *file, size_t *len);   /* a whole file (any bytes), NUL-terminated; NULL if unreadable */

/* sources.c: the sources other than Kafka's */
bool src_load_source(Interp *I, Source *s, const char *format, json_t *options, DataType *user_schema, const char *path);
void src_free_fields(Source *s);
void src_state_init(Query *q);
void src_state_free(Query *q);
/* Plans the next batch without the interpreter lock: 1 new data, 0 none, -1 the query failed. */
int src_plan(Query *q, SrcBatch *b);
/* The batch's rows in a new table of the source's schema (under the lock); NULL with an exception. */
DfTable *src_load(Query *q, SrcBatch *b);
void src_advance(Query *q, SrcBatch *b);          /* after the batch: the source moves on */
void src_batch_free(SrcBatch *b);
json_t *src_offset_json(const Query *q);          /* the offset the next batch starts at (offsets/N's third line) */
bool src_ck_commit(Query *q, SrcBatch *b, char **why);  /* sources/0/N (file: the batch's files) */
bool src_ck_open(Query *q, json_t *offset);       /* resume from a checkpoint's offset; false with an exception */
char *src_description(const Source *s);

#endif
