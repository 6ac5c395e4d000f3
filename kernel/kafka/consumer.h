/* consumer.h — a Kafka consumer shaped like Java's KafkaConsumer: subscribe (group-managed) or
 * assign (manual), seek, poll, commitSync, committed, close.
 *
 * group.id is optional: without one the consumer can only assign() (as in Java), and commit is an
 * error.  max.poll.records (default 500) bounds one poll.  Calls that wait on the network are
 * bounded (max.block.ms / default.api.timeout.ms, default 10 s: an unreachable cluster fails with
 * "_TIMED_OUT: no Kafka broker reachable at …") and interruptible. */
#ifndef DSTREAM_KAFKA_CONSUMER_H
#define DSTREAM_KAFKA_CONSUMER_H

#include "kafka/common.h"
#include "kafka/config.h"

typedef struct kafka_consumer kafka_consumer;

/* NULL with err set on a bad configuration.  Does not connect yet. */
kafka_consumer *kafka_consumer_new(const kafka_config *cfg, kafka_error *err);

/* Group-managed consumption of whole topics (needs group.id).  Replaces an earlier subscription
 * or assignment. */
int kafka_consumer_subscribe(kafka_consumer *c, const char *const *topics, size_t n, kafka_error *err);

/* Manual assignment; each offset may be absolute (>= 0), KAFKA_OFFSET_BEGINNING, _END, _STORED
 * (the group's committed offset, else auto.offset.reset) or KAFKA_OFFSET_TAIL(n).  Replaces an
 * earlier subscription or assignment.  n == 0 unassigns. */
int kafka_consumer_assign(kafka_consumer *c, const kafka_tpo *tpos, size_t n, kafka_error *err);

/* Moves the position of the assigned partitions of topic (NULL: every topic), partition (-1:
 * every partition) to where: an absolute offset, KAFKA_OFFSET_BEGINNING, KAFKA_OFFSET_END or
 * KAFKA_OFFSET_TAIL(n) (n records before the end, not before the start).  With subscribe() and
 * no assignment yet, the seek is remembered and applied when partitions are assigned (so
 * seekToBeginning right after subscribe works).  0, or -1 with err. */
int kafka_consumer_seek(kafka_consumer *c, const char *topic, int32_t partition, int64_t where,
                        kafka_interrupt_fn check, void *ud, kafka_error *err);

/* Waits up to timeout_ms for records and returns at most max_records (0: max.poll.records) in
 * out (which is emptied first).  Returns the number of records, or -1 with err: not subscribed
 * or assigned (_STATE), unreachable cluster (_TIMED_OUT), interrupted (_INTR), or an error Kafka
 * reports (UNKNOWN_TOPIC_OR_PART, TOPIC_AUTHORIZATION_FAILED, OFFSET_OUT_OF_RANGE with
 * auto.offset.reset=none, …; when records arrived in the same poll they are returned first and
 * the error comes with the next poll). */
int kafka_consumer_poll(kafka_consumer *c, int timeout_ms, int max_records,
                        kafka_interrupt_fn check, void *ud, kafka_records *out, kafka_error *err);

/* Commits synchronously: the given offsets (each the next offset to read, as in Java), or, with
 * tpos NULL, the positions after the records returned by poll.  Needs group.id. */
int kafka_consumer_commit(kafka_consumer *c, const kafka_tpo *tpos, size_t n,
                          kafka_interrupt_fn check, void *ud, kafka_error *err);

/* Fills tpos[i].offset with the group's committed offset for each topic-partition (-1 when
 * none).  Needs group.id. */
int kafka_consumer_committed(kafka_consumer *c, kafka_tpo *tpos, size_t n, kafka_error *err);

/* The current assignment with positions (offset -1 when not known yet).  *out is malloc'ed
 * (topic strings point into the same block): free(*out). */
int kafka_consumer_assignment(kafka_consumer *c, kafka_tpo **out, size_t *n, kafka_error *err);

/* Leaves the group (committing if enable.auto.commit) and frees the consumer. */
void kafka_consumer_close(kafka_consumer *c);

#endif
