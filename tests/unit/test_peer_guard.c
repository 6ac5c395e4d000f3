/* test_peer_guard.c — the embedded broker's owner-only TCP guard (kernel/kafka/peer_guard.c):
 * the owner of a loopback connection's peer socket, and accept() refusing another user's
 * connection once the guard is on.  Other users are played by uid 65534 (nobody), so these
 * tests need root; run without it they fail and say so. */
#include "kafka/peer_guard.h"
#include "unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define OTHER_UID 65534

/* A listening socket on 127.0.0.1 with an ephemeral port; its address into *sa. */
static int listener(struct sockaddr_in *sa) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) < 0 || listen(l, 8) < 0 ||
        getsockname(l, (struct sockaddr *)&a, &al) < 0) {
        if (l >= 0) close(l);
        return -1;
    }
    *sa = a;
    return l;
}

static int dial(const struct sockaddr_in *sa) {
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c >= 0 && connect(c, (const struct sockaddr *)sa, sizeof *sa) < 0) { close(c); return -1; }
    return c;
}

/* Forks a process that becomes OTHER_UID, connects to sa, and (hold) keeps the connection open
 * until `release` is closed by the parent, or (!hold) closes it and exits at once. */
static pid_t dial_as_other(const struct sockaddr_in *sa, int hold, int *release) {
    int p[2];
    if (pipe(p) < 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        if (setgid(OTHER_UID) < 0 || setuid(OTHER_UID) < 0) _exit(2);
        int c = dial(sa);
        if (c < 0) _exit(3);
        if (write(c, "x", 1) != 1) _exit(4);
        if (hold) { char b; while (read(p[0], &b, 1) > 0) {} }
        close(c);
        _exit(0);
    }
    close(p[0]);
    *release = p[1];
    return pid;
}

static int other_exited_ok(pid_t pid) {
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int need_root(void) {
    if (geteuid() == 0) return 1;
    unit_fail(__FILE__, __LINE__, "the peer_guard tests switch a child to uid %d to play another user: run them as root",
              OTHER_UID);
    return 0;
}

TEST(test_peer_guard_peer_uid_of_own_connection) {
    struct sockaddr_in sa;
    int l = listener(&sa);
    CHECK(l >= 0);
    int c = dial(&sa);
    int s = accept(l, NULL, NULL);
    CHECK(c >= 0 && s >= 0);
    uid_t uid = (uid_t)-1;
    CHECK_EQ_INT(peer_guard_peer_uid(s, &uid), 0);
    CHECK_EQ_INT(uid, geteuid());
    close(s), close(c), close(l);
}

/* The JVM's clients (Spark's, Kafka's tools) connect from dual-stack AF_INET6 sockets: the IPv4
 * listener sees 127.0.0.1, the client's socket is ::ffff:127.0.0.1 in the IPv6 tables. */
TEST(test_peer_guard_peer_uid_of_dual_stack_client) {
    struct sockaddr_in sa;
    int l = listener(&sa);
    CHECK(l >= 0);
    int c = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), off = 0;
    CHECK(c >= 0);
    setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = sa.sin_port};
    a6.sin6_addr.s6_addr[10] = a6.sin6_addr.s6_addr[11] = 0xff;
    memcpy(&a6.sin6_addr.s6_addr[12], &sa.sin_addr, 4);
    CHECK_EQ_INT(connect(c, (struct sockaddr *)&a6, sizeof a6), 0);
    int s = accept(l, NULL, NULL);
    CHECK(s >= 0);
    uid_t uid = (uid_t)-1;
    CHECK_EQ_INT(peer_guard_peer_uid(s, &uid), 0);
    CHECK_EQ_INT(uid, geteuid());
    close(s), close(c), close(l);
}

TEST(test_peer_guard_peer_uid_of_other_user) {
    if (!need_root()) return;
    struct sockaddr_in sa;
    int l = listener(&sa), release = -1;
    CHECK(l >= 0);
    pid_t pid = dial_as_other(&sa, 1, &release);
    int s = accept(l, NULL, NULL);
    CHECK(s >= 0);
    uid_t uid = (uid_t)-1;
    CHECK_EQ_INT(peer_guard_peer_uid(s, &uid), 0);
    CHECK_EQ_INT(uid, OTHER_UID);
    close(release);
    CHECK(other_exited_ok(pid));
    close(s);

    /* A peer that already closed is never taken for root (TIME_WAIT sockets report uid 0). */
    pid = dial_as_other(&sa, 0, &release);
    close(release);
    CHECK(other_exited_ok(pid));
    s = accept(l, NULL, NULL);
    CHECK(s >= 0);
    uid = (uid_t)-1;
    int rc = peer_guard_peer_uid(s, &uid);
    CHECK(rc == -1 || uid == OTHER_UID);
    close(s), close(l);
}

TEST(test_peer_guard_refuses_other_users_once_enabled) {
    if (!need_root()) return;
    /* In a child: the guard cannot be turned off again, and this process must stay unguarded. */
    pid_t guarded = fork();
    if (guarded == 0) {
        char err[512];
        if (peer_guard_enable(err, sizeof err) < 0) { fprintf(stderr, "  %s\n", err); _exit(10); }
        struct sockaddr_in sa;
        int l = listener(&sa), release = -1;
        if (l < 0) _exit(11);
        pid_t other = dial_as_other(&sa, 1, &release);
        errno = 0;
        int s = accept(l, NULL, NULL);
        if (s >= 0 || errno != ECONNABORTED) _exit(12); /* another user's connection gets through */
        close(release);
        if (!other_exited_ok(other)) _exit(13);
        if (peer_guard_refused() != 1) _exit(14);
        int c = dial(&sa);
        s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0 || s < 0) _exit(15); /* the owner's connection is refused */
        /* Unix-domain accepts are left alone (the control socket checks SO_PEERCRED itself). */
        struct sockaddr_un ua = {.sun_family = AF_UNIX};
        snprintf(ua.sun_path + 1, sizeof ua.sun_path - 1, "dstream-peer-guard-%ld", (long)getpid());
        socklen_t ul = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(ua.sun_path + 1));
        int ul_fd = socket(AF_UNIX, SOCK_STREAM, 0), uc = socket(AF_UNIX, SOCK_STREAM, 0);
        if (bind(ul_fd, (struct sockaddr *)&ua, ul) < 0 || listen(ul_fd, 1) < 0 ||
            connect(uc, (struct sockaddr *)&ua, ul) < 0 || accept(ul_fd, NULL, NULL) < 0)
            _exit(16);
        _exit(0);
    }
    int st;
    while (waitpid(guarded, &st, 0) < 0 && errno == EINTR) {}
    CHECK(WIFEXITED(st));
    CHECK_EQ_INT(WEXITSTATUS(st), 0);
}
