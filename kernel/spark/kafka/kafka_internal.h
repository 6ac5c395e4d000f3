/* kafka_internal.h — what the files of kernel/spark/kafka/ share among themselves and nobody
 * else uses: the method-table macros, the classes the registration lists, and the helpers one
 * class family offers another (record headers, TopicPartition lists and offset arrays,
 * OffsetAndMetadata, the exception for a Kafka error).  Other layers include kafka_client.h. */
#ifndef DSTREAM_SPARK_KAFKA_INTERNAL_H
#define DSTREAM_SPARK_KAFKA_INTERNAL_H

#include "spark/kafka/kafka_client.h"

#define KAFKA_DOC "https://kafka.apache.org/39/javadoc/org/apache/kafka/"

/* ---- the classes (classes.c registers them) ---- */

extern HostClass jclass_class, kafka_secrets_obj;                       /* config_objects.c */
extern HostClass tp_class, oam_class;                                   /* offsets.c */
extern HostClass headers_class, header_class;                           /* headers.c */
extern HostClass precord_class, rmeta_class, producer_class, future_class; /* producer.c */
extern HostClass crecord_class, crecords_class, consumer_class;         /* consumer.c */

/* ---- the session (session.c) ---- */

/* Forgets every setting and snapshot: a new session starts empty (the kafka module's init and free). */
void kafka_session_reset(void);
/* s without leading blanks, or NULL when that leaves nothing (or s is NULL). */
const char *kafka_nonempty(const char *s);

/* ---- errors (errors.c) ---- */

/* Unwinds as an interrupt (the evaluator's own way), else raises InterruptedException.
 * Always returns false. */
bool kafka_throw_interrupt(Interp *I);
/* The Scala exception value for a Kafka error (new reference), as a callback receives it. */
Value kafka_exception_value(Interp *I, const kafka_error *e);

/* ---- the lazy KafkaRDD (kafka_rdd.c) ---- */

struct kafka_batch;
struct kafka_batch_partition;
struct kafka_batch_reader;
typedef struct KReader KReader;   /* a batch reader shared by a stream and its RDDs (counted) */
KReader *kreader_wrap(struct kafka_batch_reader *r);   /* takes r; one reference */
void kreader_release(KReader *k);                      /* frees the reader with the last reference */
/* A KafkaRDD over the planned ranges of `planned` (one partition each), fetched through kr
 * when a job reads them (kr gets a reference). */
Value kafka_rdd_new(Interp *I, const char *origin, KReader *kr, const struct kafka_batch *planned);
/* A fetched partition's records as a List of ConsumerRecords; the raw records are released. */
Value kafka_records_seq(struct kafka_batch_partition *p);
/* Partitions KafkaRDDs have fetched so far in this process. */
int64_t kafka_rdd_fetches(void);

/* ---- record headers (headers.c) ---- */

typedef struct { Value list; } Headers;   /* a SEQ_LIST of (key, value) tuples; value String or null */
typedef struct { Value key, value; } Header;
/* An empty Headers value (new reference). */
Value kafka_headers_new(void);
/* A header's value as a String, or null. */
Value kafka_header_value(const kafka_header *hd);
/* Kafka's RecordHeaders(headers = [...], isReadOnly = false) text of a Headers (malloc'd). */
char *kafka_headers_str(Interp *I, void *headers);

/* ---- TopicPartition lists and offsets (offsets.c) ---- */

/* An OffsetAndMetadata value (new reference). */
Value kafka_oam_new(int64_t offset, const char *metadata);
/* The offset of an OffsetAndMetadata, if v is one. */
bool kafka_oam_get(Value v, int64_t *offset);
/* A list of TopicPartitions (any collection, or one) as kafka_tpo, each with offset (topics
 * point into the values, which the caller keeps alive via *items).  False with an exception. */
bool kafka_tp_list(Interp *I, Value v, kafka_tpo **out, size_t *n, Value **items_out, size_t *nitems, int64_t offset);

/* One entry of an offsets collection as topic, partition and offset (the topic borrowed from
 * the entry); false (and no exception) when the entry is not one. */
typedef bool (*KafkaOffsetEntry)(Value entry, kafka_tpo *out);
/* The offsets of a collection (a Map's entries are (key, value) tuples), one kafka_tpo per
 * entry read by entry, whose topics point into the entries: the caller keeps *items until done
 * with *out, then frees both (free(*out), interp_free_items(*items, *n)).  False with an
 * IllegalArgumentException whose message is need when v is not a collection or an entry not
 * one. */
bool kafka_offsets_from(Interp *I, Value v, KafkaOffsetEntry entry, const char *need, kafka_tpo **out,
                        Value **items, size_t *n);
/* Calls a commit callback (an (offsets, exception) => … function or an OffsetCommitCallback's
 * onComplete) and consumes offsets and exception (null when the commit succeeded).  *out is
 * unit.  False when the callback threw. */
bool kafka_commit_callback(Interp *I, Value cb, Value offsets, Value exception, Value *out);

#endif
