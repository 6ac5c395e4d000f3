/* peer_guard.h — owner-only TCP listeners for the embedded broker daemon.
 *
 * librdkafka's mock cluster (2.0.2) listens on 127.0.0.1 with no authentication at all: it has no
 * SASL or TLS handlers, so any local account that finds its ports (ss -tln shows them) could list,
 * read and write its topics.  The guard closes that hole below the Kafka protocol: this module
 * defines accept() and accept4(), which the dynamic linker binds for every library of the process
 * (the executable's definitions come first in the global symbol scope; the real calls are reached
 * with dlsym(RTLD_NEXT)).  Once peer_guard_enable() has run — only in the daemon, never in a
 * kernel, whose ZeroMQ accepts pass straight through — each accepted TCP connection is checked
 * before librdkafka sees a byte of it: the kernel is asked which uid owns the peer's socket
 * (NETLINK_SOCK_DIAG exact lookup of the connection's 4-tuple, or /proc/net/tcp[6] — the identd
 * technique) and a connection whose peer socket is not owned by the daemon's effective uid, or
 * whose owner cannot be established (e.g. the peer already closed: TIME_WAIT sockets report no
 * owner), is closed at once.  A socket's owner is fixed by the kernel when the socket is created,
 * so another unprivileged user cannot pass the check; root is refused like anyone else unless it
 * owns the broker (root can read the daemon's memory anyway, so no mechanism keeps root out).
 * Unix-domain accepts (the control socket) pass through; the daemon checks SO_PEERCRED there. */
#ifndef DSTREAM_KAFKA_PEER_GUARD_H
#define DSTREAM_KAFKA_PEER_GUARD_H

#include <stddef.h>
#include <sys/types.h>

/* Turns the guard on for this process: from now on only TCP peers owned by geteuid() are
 * accepted.  0, or -1 with a message in err when this binary's accept()/accept4() do not
 * interpose libc's (then the guard could not hold and the caller must not serve). */
int peer_guard_enable(char *err, size_t errn);

/* The uid owning the socket at the other end of the connected loopback TCP socket fd (which
 * must be a connection whose peer lives on this host and network namespace).  0 with *uid set, or
 * -1 when the peer socket is not found as a live connection (closed, TIME_WAIT, remote host). */
int peer_guard_peer_uid(int fd, uid_t *uid);

/* TCP connections refused since the guard was enabled. */
unsigned long peer_guard_refused(void);

#endif
