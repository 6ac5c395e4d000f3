/* admin.h — cluster and topic administration: cluster metadata, topic list with message counts,
 * topic description with offsets, create and delete.  Errors carry Kafka's error names
 * (UNKNOWN_TOPIC_OR_PART, TOPIC_ALREADY_EXISTS, TOPIC_AUTHORIZATION_FAILED,
 * INVALID_REPLICATION_FACTOR, …).
 *
 * On the embedded broker (librdkafka's mock cluster answers no CreateTopics/DeleteTopics) create
 * and delete go through the embedded daemon's control channel automatically; a deleted topic is
 * hidden (every metadata answer says it does not exist) and its name cannot be created again
 * until the daemon stops.  Metadata requests never auto-create topics. */
#ifndef DSTREAM_KAFKA_ADMIN_H
#define DSTREAM_KAFKA_ADMIN_H

#include "kafka/common.h"
#include "kafka/config.h"

typedef struct kafka_admin kafka_admin;

typedef struct kafka_broker_info {
    int32_t id;
    char host[256];
    int port;
} kafka_broker_info;

typedef struct kafka_cluster_info {
    char cluster_id[128]; /* "" if the broker does not tell */
    int32_t controller_id; /* -1 if unknown */
    kafka_broker_info *brokers;
    size_t nbrokers;
    int embedded; /* 1 when this is the embedded (mock) broker */
} kafka_cluster_info;

typedef struct kafka_partition_info {
    int32_t id;
    int32_t leader;
    int32_t *replicas;
    size_t nreplicas;
    int32_t *isr;
    size_t nisr;
    int64_t low, high; /* watermarks; -1 when they could not be read */
    int error;         /* rd_kafka_resp_err_t of the partition's metadata (0 normally) */
} kafka_partition_info;

typedef struct kafka_topic_info {
    char *name;
    int internal; /* e.g. __consumer_offsets */
    int replication_factor; /* replicas of partition 0 */
    kafka_partition_info *partitions;
    size_t npartitions;
    int64_t messages; /* sum over partitions of high - low (-1 if unknown) */
} kafka_topic_info;

typedef struct kafka_topic_list {
    kafka_topic_info *topics;
    size_t n;
} kafka_topic_list;

kafka_admin *kafka_admin_new(const kafka_config *cfg, kafka_error *err);
void kafka_admin_free(kafka_admin *a);

/* Cluster id, controller, brokers (sorted by id).  Free with kafka_cluster_info_free. */
int kafka_admin_cluster(kafka_admin *a, kafka_cluster_info *out, kafka_interrupt_fn check,
                        void *ud, kafka_error *err);
void kafka_cluster_info_free(kafka_cluster_info *c);

/* All topics sorted by name, with partitions, replication factor and, when with_offsets, the
 * watermarks and message counts.  Free with kafka_topic_list_free. */
int kafka_admin_list_topics(kafka_admin *a, int with_offsets, kafka_topic_list *out,
                            kafka_interrupt_fn check, void *ud, kafka_error *err);
void kafka_topic_list_free(kafka_topic_list *l);

/* One topic with offsets (out->n == 1).  UNKNOWN_TOPIC_OR_PART when it does not exist. */
int kafka_admin_describe_topic(kafka_admin *a, const char *topic, kafka_topic_list *out,
                               kafka_interrupt_fn check, void *ud, kafka_error *err);

/* Creates a topic; configs is a list of topic configs (k=v), may be NULL.  Waits until the
 * topic appears in metadata (bounded).  Errors: TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS,
 * INVALID_REPLICATION_FACTOR, INVALID_CONFIG, TOPIC_AUTHORIZATION_FAILED, POLICY_VIOLATION, … */
int kafka_admin_create_topic(kafka_admin *a, const char *topic, int partitions,
                             int replication_factor, const kafka_config *configs,
                             kafka_interrupt_fn check, void *ud, kafka_error *err);

/* Deletes a topic.  UNKNOWN_TOPIC_OR_PART when it does not exist. */
int kafka_admin_delete_topic(kafka_admin *a, const char *topic, kafka_interrupt_fn check,
                             void *ud, kafka_error *err);

#endif
