/* embedded.h — the embedded Kafka broker: librdkafka's in-process mock cluster (3 brokers on
 * 127.0.0.1, real Kafka wire protocol) run by a small daemon shared by every kernel of the user.
 *
 * Discovery: the daemon writes <runtime dir>/dstream-embedded-broker.json (pid, bootstrap,
 * control socket path) where the runtime dir follows jupyter_core: $JUPYTER_RUNTIME_DIR, else
 * $JUPYTER_DATA_DIR/runtime, else $XDG_DATA_HOME/jupyter/runtime, else
 * ~/.local/share/jupyter/runtime.  embedded_broker_ensure() uses a running daemon, replaces a
 * stale file (dead pid, or no answer), or starts one (fork/exec of the kernel binary with
 * --embedded-broker, detached with setsid, stdin/stdout on /dev/null, stderr appended to
 * <runtime dir>/dstream-embedded-broker.log) and waits until it answers; an flock on
 * <runtime dir>/dstream-embedded-broker.lock keeps two kernels from starting two daemons.
 *
 * Control: a Unix socket (<runtime dir>/dstream-embedded-broker.sock, mode 0600) with a line
 * protocol — "create NAME PARTITIONS RF", "delete NAME", "status", "ping", "stop"; replies are
 * one line, "OK …" or "ERR ERROR_NAME message".
 *
 * Access: only the daemon's owner (its effective uid) may use it.  The mock cluster has no
 * authentication, so the daemon closes every TCP connection whose peer socket belongs to another
 * uid as soon as it is accepted (peer_guard.h), and answers the control socket only for a peer of
 * its uid (SO_PEERCRED; the socket file is 0600 too).  The runtime, lock and log files are 0600.
 *
 * What the mock does (librdkafka 2.0.2): data is in memory only; each partition keeps at most
 * 5 MiB (5242880 bytes) or 100000 message sets, the oldest message sets are dropped first (the
 * log start offset moves up) — a fixed bound in the mock that cannot be configured.  Topics are
 * auto-created on first produce or metadata request with 4 partitions.  Every partition has 3
 * replicas whatever replication factor is asked for.  Topics cannot be deleted.  The daemon
 * exits on "stop", SIGTERM or SIGINT and removes its files. */
#ifndef DSTREAM_KAFKA_EMBEDDED_H
#define DSTREAM_KAFKA_EMBEDDED_H

#include "kafka/common.h"

#include <stddef.h>

#define EMBEDDED_BROKER_COUNT 3
#define EMBEDDED_RETENTION_BYTES (5 * 1024 * 1024)
#define EMBEDDED_DEFAULT_PARTITIONS 4

/* The daemon's main: dstream-kernel --embedded-broker [--runtime-dir DIR] [--foreground].
 * argv[0] is the program, the flag itself may be anywhere.  Returns the exit status. */
int embedded_broker_main(int argc, char **argv);

/* Program to exec for the daemon (default /proc/self/exe, or $DSTREAM_EMBEDDED_BROKER_EXE).
 * The string is copied. */
void embedded_broker_set_program(const char *path);

/* The runtime directory (see above) into buf.  Returns buf. */
char *embedded_broker_runtime_dir(char *buf, size_t n);

/* Finds or starts the daemon and writes its bootstrap list into bootstrap.
 * 0, or -1 with a message in err. */
int embedded_broker_ensure(char *bootstrap, size_t n, char *err, size_t errn);

/* 1 and the bootstrap if a daemon is running and answering, else 0.  Never starts one. */
int embedded_broker_running(char *bootstrap, size_t n);

/* Control commands to the running daemon (none is started).  0, or -1 with err set: "_TRANSPORT"
 * when no daemon runs, else the daemon's error name (TOPIC_ALREADY_EXISTS,
 * INVALID_REPLICATION_FACTOR, INVALID_PARTITIONS, INVALID_TOPIC_EXCEPTION; delete hides the topic
 * behind UNKNOWN_TOPIC_OR_PART, as the mock cluster cannot drop one). */
int embedded_broker_create_topic(const char *name, int partitions, int replication_factor,
                                 kafka_error *err);
int embedded_broker_delete_topic(const char *name, kafka_error *err);
/* Status as one line of JSON: {"pid":…,"bootstrap":"…","uptime_s":…,"retention_bytes_per_partition":…,
 * "default_partitions":4,"brokers":3,"topics_created":…,"librdkafka":"…","owner_uid":…,
 * "refused_connections":…} (TCP connections of other users closed so far). */
int embedded_broker_status(char *json, size_t n, kafka_error *err);
/* Asks the daemon to stop and waits (up to 3 s) for it to exit. */
int embedded_broker_stop(kafka_error *err);

#endif
