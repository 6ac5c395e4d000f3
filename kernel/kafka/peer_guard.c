/* peer_guard.c — owner-only TCP listeners for the embedded broker daemon: accept()/accept4()
 * interposed for the whole process, and the peer socket's owner looked up through
 * NETLINK_SOCK_DIAG (fallback /proc/net/tcp[6]).  See peer_guard.h for why and how. */
#include "kafka/peer_guard.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static atomic_int guard_active;
static uid_t guard_owner;
static atomic_ulong guard_refused;

unsigned long peer_guard_refused(void) { return atomic_load(&guard_refused); }

/* A state in which the peer socket is a full socket still bound to the connection and held by
 * a process (its owner known). Mini-sockets report uid 0 whoever owned them, so they never count:
 * TIME_WAIT ones, and the FIN_WAIT2 ones an orphaned connection becomes when its process has
 * closed it (they show state FIN_WAIT2); both have no inode, as no socket whose process let go. */
static int live_state(unsigned st, unsigned long inode) {
    return inode != 0 && (st == TCP_ESTABLISHED || st == TCP_FIN_WAIT1 || st == TCP_FIN_WAIT2 ||
                          st == TCP_CLOSE_WAIT || st == TCP_LAST_ACK || st == TCP_CLOSING);
}

/* Address bytes and port (network order) of an AF_INET/AF_INET6 sockaddr. */
static const void *addr_of(const struct sockaddr_storage *ss, size_t *len, uint16_t *port) {
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        *len = 4, *port = a->sin_port;
        return &a->sin_addr;
    }
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
    *len = 16, *port = a->sin6_port;
    return &a->sin6_addr;
}

/* Exact lookup of the socket whose local end is `peer` and remote end is `local`. */
static int diag_uid(const struct sockaddr_storage *peer, const struct sockaddr_storage *local, uid_t *uid) {
    int nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (nl < 0) return -1;
    struct timeval tv = {2, 0};
    setsockopt(nl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct {
        struct nlmsghdr h;
        struct inet_diag_req_v2 r;
    } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST;
    req.h.nlmsg_seq = 1;
    req.r.sdiag_family = (uint8_t)peer->ss_family;
    req.r.sdiag_protocol = IPPROTO_TCP;
    req.r.idiag_states = ~0U;
    req.r.id.idiag_cookie[0] = req.r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    size_t alen;
    const void *pa = addr_of(peer, &alen, &req.r.id.idiag_sport), *la = addr_of(local, &alen, &req.r.id.idiag_dport);
    memcpy(req.r.id.idiag_src, pa, alen);
    memcpy(req.r.id.idiag_dst, la, alen);
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    int rc = -1;
    if (sendto(nl, &req, sizeof req, 0, (struct sockaddr *)&kernel, sizeof kernel) == (ssize_t)sizeof req) {
        long buf[1024];
        ssize_t n;
        while ((n = recv(nl, buf, sizeof buf, 0)) < 0 && errno == EINTR) {}
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; n > 0 && NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
                break; /* NLMSG_ERROR (e.g. ENOENT: no such socket) or NLMSG_DONE */
            const struct inet_diag_msg *m = NLMSG_DATA(h);
            if (m->idiag_family == peer->ss_family && m->id.idiag_sport == req.r.id.idiag_sport &&
                m->id.idiag_dport == req.r.id.idiag_dport && !memcmp(m->id.idiag_src, pa, alen) &&
                !memcmp(m->id.idiag_dst, la, alen) && live_state(m->idiag_state, m->idiag_inode)) {
                *uid = (uid_t)m->idiag_uid;
                rc = 0;
                break;
            }
        }
    }
    close(nl);
    return rc;
}

/* Parses an address column of /proc/net/tcp[6]: 8 or 32 hex digits, each 32-bit word printed
 * in host order. */
static int proc_addr(const char *hex, size_t len, unsigned char *out) {
    if (strlen(hex) != len * 2) return -1;
    for (size_t w = 0; w < len / 4; w++) {
        char word[9];
        memcpy(word, hex + w * 8, 8);
        word[8] = 0;
        char *end;
        uint32_t v = (uint32_t)strtoul(word, &end, 16);
        if (*end) return -1;
        memcpy(out + w * 4, &v, 4);
    }
    return 0;
}

/* The same lookup through /proc/net/tcp or /proc/net/tcp6 (when sock_diag is unavailable). */
static int proc_uid(const struct sockaddr_storage *peer, const struct sockaddr_storage *local, uid_t *uid) {
    FILE *f = fopen(peer->ss_family == AF_INET ? "/proc/net/tcp" : "/proc/net/tcp6", "re");
    if (!f) return -1;
    size_t alen;
    uint16_t pport, lport;
    const void *pa = addr_of(peer, &alen, &pport), *la = addr_of(local, &alen, &lport);
    char line[512];
    int rc = -1;
    if (!fgets(line, sizeof line, f)) { fclose(f); return -1; } /* header */
    while (rc < 0 && fgets(line, sizeof line, f)) {
        char lhex[40], rhex[40];
        unsigned lp, rp, st, u;
        unsigned long inode;
        unsigned char a1[16], a2[16];
        if (sscanf(line, " %*d: %39[0-9A-Fa-f]:%x %39[0-9A-Fa-f]:%x %x %*x:%*x %*x:%*x %*x %u %*d %lu", lhex, &lp,
                   rhex, &rp, &st, &u, &inode) != 7)
            continue;
        if (lp != ntohs(pport) || rp != ntohs(lport) || !live_state(st, inode)) continue;
        if (proc_addr(lhex, alen, a1) < 0 || proc_addr(rhex, alen, a2) < 0) continue;
        if (!memcmp(a1, pa, alen) && !memcmp(a2, la, alen)) *uid = (uid_t)u, rc = 0;
    }
    fclose(f);
    return rc;
}

/* in (AF_INET) as the IPv4-mapped AF_INET6 address ::ffff:a.b.c.d, same port. */
static void v4_mapped(const struct sockaddr_storage *in, struct sockaddr_storage *out) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)in;
    struct sockaddr_in6 *b = (struct sockaddr_in6 *)out;
    memset(out, 0, sizeof *out);
    b->sin6_family = AF_INET6;
    b->sin6_port = a->sin_port;
    b->sin6_addr.s6_addr[10] = b->sin6_addr.s6_addr[11] = 0xff;
    memcpy(&b->sin6_addr.s6_addr[12], &a->sin_addr, 4);
}

int peer_guard_peer_uid(int fd, uid_t *uid) {
    struct sockaddr_storage peer, local;
    socklen_t pl = sizeof peer, ll = sizeof local;
    if (getpeername(fd, (struct sockaddr *)&peer, &pl) < 0 || getsockname(fd, (struct sockaddr *)&local, &ll) < 0)
        return -1;
    if ((peer.ss_family != AF_INET && peer.ss_family != AF_INET6) || peer.ss_family != local.ss_family) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    if (diag_uid(&peer, &local, uid) == 0 || proc_uid(&peer, &local, uid) == 0) return 0;
    /* A dual-stack client (the JVM's sockets: Spark's and Kafka's Java clients) connects to an IPv4
     * listener from an AF_INET6 socket: its end is ::ffff:a.b.c.d, found in the IPv6 tables. */
    if (peer.ss_family == AF_INET) {
        struct sockaddr_storage peer6, local6;
        v4_mapped(&peer, &peer6), v4_mapped(&local, &local6);
        if (diag_uid(&peer6, &local6, uid) == 0 || proc_uid(&peer6, &local6, uid) == 0) return 0;
    }
    errno = ENOENT;
    return -1;
}

/* Decides about a connection just accepted: returns s, or closes it and returns -1 with
 * errno ECONNABORTED (what accept returns for a connection aborted before it was accepted). */
static int screen(int s) {
    if (s < 0 || !atomic_load(&guard_active)) return s;
    int saved = errno;
    struct sockaddr_storage local;
    socklen_t ll = sizeof local;
    if (getsockname(s, (struct sockaddr *)&local, &ll) == 0 && local.ss_family != AF_INET &&
        local.ss_family != AF_INET6) {
        errno = saved;
        return s; /* Unix-domain: the control socket, checked with SO_PEERCRED */
    }
    uid_t uid = (uid_t)-1;
    int known = peer_guard_peer_uid(s, &uid) == 0;
    if (known && uid == guard_owner) {
        errno = saved;
        return s;
    }
    unsigned long n = atomic_fetch_add(&guard_refused, 1) + 1;
    if (n <= 20 || !(n & (n - 1))) { /* the first ones, then at powers of two: a flood cannot fill the log */
        struct sockaddr_storage peer;
        socklen_t pl = sizeof peer;
        char host[INET6_ADDRSTRLEN] = "?";
        unsigned port = 0;
        if (getpeername(s, (struct sockaddr *)&peer, &pl) == 0) {
            size_t alen;
            uint16_t p;
            const void *a = addr_of(&peer, &alen, &p);
            inet_ntop(peer.ss_family, a, host, sizeof host);
            port = ntohs(p);
        }
        char who[64];
        if (known) snprintf(who, sizeof who, "its socket belongs to uid %u", (unsigned)uid);
        else snprintf(who, sizeof who, "the owner of its socket cannot be found");
        fprintf(stderr,
                "embedded broker: refused a TCP connection from %s:%u: %s, and only uid %u (the broker's owner) "
                "may connect (%lu refused so far)\n",
                host, port, who, (unsigned)guard_owner, n);
    }
    close(s);
    errno = ECONNABORTED;
    return -1;
}

typedef int (*accept4_fn)(int, struct sockaddr *, socklen_t *, int);
typedef int (*accept_fn)(int, struct sockaddr *, socklen_t *);

/* The next definition after ours (libc's, or a sanitizer's interceptor in front of it). */
static void *next_symbol(const char *name) {
    return dlsym(RTLD_NEXT, name);
}

int accept(int fd, __SOCKADDR_ARG addr, socklen_t *restrict len) {
    static _Atomic(accept_fn) real;
    accept_fn f = atomic_load(&real);
    if (!f) {
        void *p = next_symbol("accept");
        memcpy(&f, &p, sizeof f);
        atomic_store(&real, f);
    }
    int s = f ? f(fd, addr.__sockaddr__, len) : (int)syscall(SYS_accept4, fd, addr.__sockaddr__, len, 0);
    return screen(s);
}

int accept4(int fd, __SOCKADDR_ARG addr, socklen_t *restrict len, int flags) {
    static _Atomic(accept4_fn) real;
    accept4_fn f = atomic_load(&real);
    if (!f) {
        void *p = next_symbol("accept4");
        memcpy(&f, &p, sizeof f);
        atomic_store(&real, f);
    }
    int s = f ? f(fd, addr.__sockaddr__, len, flags) : (int)syscall(SYS_accept4, fd, addr.__sockaddr__, len, flags);
    return screen(s);
}

int peer_guard_enable(char *err, size_t errn) {
    /* The guard holds only if the libraries' calls reach these definitions: the executable must
     * export them (ld does so because librdkafka and libzmq import them). */
    void *a = dlsym(RTLD_DEFAULT, "accept"), *a4 = dlsym(RTLD_DEFAULT, "accept4");
    if (a != (void *)&accept || a4 != (void *)&accept4) {
        snprintf(err, errn,
                 "the owner-only check of the embedded broker's TCP listeners is not in effect (this program's "
                 "accept()/accept4() do not take the place of libc's, e.g. because it was linked statically or "
                 "without exporting them); refusing to run a broker that every local user could read and write");
        return -1;
    }
    guard_owner = geteuid();
    atomic_store(&guard_active, 1);
    return 0;
}
