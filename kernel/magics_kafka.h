/* magics_kafka.h — the Kafka and configuration magics: %%configure, %%produce, %kafka, %topics,
 * %topic, %consume; their rows are in the magic table (magics.c), which names these functions. */
#ifndef DSTREAM_MAGICS_KAFKA_H
#define DSTREAM_MAGICS_KAFKA_H

#include "magics.h"

#define CONFIGURE_USAGE "%%configure [-f] {\"conf\": {\"kafka.bootstrap.servers\": \"host:9092\"}}"
#define PRODUCE_USAGE "%%produce TOPIC [--key-separator S] [--partition P], then one record per line"
#define KAFKA_USAGE "%kafka [embedded start|status|stop]"
#define TOPICS_USAGE "%topics [--all]"
#define TOPIC_USAGE "%topic create NAME [--partitions N] [--replication-factor R] [--config k=v]... | " \
                    "%topic describe NAME | %topic delete NAME | %topic list"
#define CONSUME_USAGE "%consume TOPIC [--from earliest|latest|OFFSET|-N] [--max N] [--timeout 5s] [--group G] [--partition P]"

void magic_configure(Interp *I, const char *args, const char *body, CellResult *res);
void magic_produce(Interp *I, const char *args, const char *body, CellResult *res);
void magic_kafka(Interp *I, const char *args, const char *body, CellResult *res);
void magic_topics(Interp *I, const char *args, const char *body, CellResult *res);
void magic_topic(Interp *I, const char *args, const char *body, CellResult *res);
void magic_consume(Interp *I, const char *args, const char *body, CellResult *res);

/* Completion: a topic name first (%%produce, %consume); %topic's verbs, then a topic name
 * after describe or delete. */
MagicArg magic_topic_first(int argi, char *const *argv);
MagicArg magic_topic_complete(int argi, char *const *argv);

#endif
