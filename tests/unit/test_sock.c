/*
 * test_sock - unit tests for sock.c
 *
 * Loopback only: 127.0.0.1, [::1] (skipped with a note when the host
 * has no IPv6 loopback) and UNIX sockets in a private temporary
 * directory.  Connect timeouts use a listener whose backlog is full:
 * the kernel then leaves further connects pending (UNIX) or drops
 * their SYNs (TCP), so a 100 ms limit expires.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sock.h"

static char dir[64];
static char path[128];

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void setup(void)
{
    strcpy(dir, "/tmp/test_sock.XXXXXX");
    ck_assert_ptr_ne(mkdtemp(dir), NULL);
    snprintf(path, sizeof(path), "%s/sock", dir);
}

static void teardown(void)
{
    unlink(path);
    rmdir(dir);
}

static int is_cloexec(int fd)
{
    return ((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
}

static int is_nonblock(int fd)
{
    return ((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
}

/* exchange - prove that a and b are the two ends of one connection */

static void exchange(int a, int b)
{
    char    got[8];

    ck_assert_int_eq(write(a, "ping", 4), 4);
    ck_assert_int_eq(read(b, got, sizeof(got)), 4);
    ck_assert(memcmp(got, "ping", 4) == 0);
    ck_assert_int_eq(write(b, "pong", 4), 4);
    ck_assert_int_eq(read(a, got, sizeof(got)), 4);
    ck_assert(memcmp(got, "pong", 4) == 0);
}

/* local_addr - getsockname into ss */

static socklen_t local_addr(int fd, struct sockaddr_storage *ss)
{
    socklen_t len = sizeof(*ss);

    ck_assert_int_eq(getsockname(fd, (struct sockaddr *) ss, &len), 0);
    return (len);
}

START_TEST(test_unix_listen_connect)
{
    struct stat st;
    int     lfd;
    int     cfd;
    int     afd;

    /* a stale file is removed first */
    ck_assert_int_eq(close(open(path, O_CREAT | O_WRONLY, 0600)), 0);
    lfd = unix_listen(path, 5, 0);
    ck_assert_int_ge(lfd, 0);
    ck_assert(is_cloexec(lfd));
    ck_assert(is_nonblock(lfd));
    ck_assert_int_eq(fd_is_socket_listening(lfd), 1);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0666);

    cfd = unix_connect(path, 1, 1000);
    ck_assert_int_ge(cfd, 0);
    ck_assert(is_cloexec(cfd));
    ck_assert(!is_nonblock(cfd));
    ck_assert_int_eq(fd_is_socket_listening(cfd), 0);
    afd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(afd, 0);
    exchange(cfd, afd);
    close(cfd);
    close(afd);

    cfd = unix_connect(path, 0, 0);
    ck_assert_int_ge(cfd, 0);
    ck_assert(is_nonblock(cfd));
    close(cfd);
    close(lfd);
}
END_TEST

START_TEST(test_unix_connect_errors)
{
    char    longpath[200];
    int     lfd;

    ck_assert_int_eq(unix_connect(path, 1, 100), -1);
    ck_assert_int_eq(errno, ENOENT);
    /* a socket file with nobody listening */
    lfd = unix_listen(path, 5, 1);
    ck_assert_int_ge(lfd, 0);
    close(lfd);
    ck_assert_int_eq(unix_connect(path, 1, 100), -1);
    ck_assert_int_eq(errno, ECONNREFUSED);

    memset(longpath, 'x', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = 0;
    ck_assert_int_eq(unix_listen(longpath, 5, 1), -1);
    ck_assert_int_eq(errno, ENAMETOOLONG);
    ck_assert_int_eq(unix_connect(longpath, 1, 100), -1);
    ck_assert_int_eq(errno, ENAMETOOLONG);
}
END_TEST

START_TEST(test_unix_connect_timeout)
{
    int     fds[10];
    int     n = 0;
    int     lfd = unix_listen(path, 0, 1);
    long    start = 0;
    int     fd = 0;

    ck_assert_int_ge(lfd, 0);
    while (n < 10) {
        start = now_ms();
        if ((fd = unix_connect(path, 1, 100)) < 0)
            break;
        fds[n++] = fd;
    }
    ck_assert_int_eq(fd, -1);
    ck_assert_int_eq(errno, ETIMEDOUT);
    ck_assert_int_ge(now_ms() - start, 90);
    ck_assert_int_lt(now_ms() - start, 1000);
    while (n > 0)
        close(fds[--n]);
    close(lfd);
}
END_TEST

START_TEST(test_inet4)
{
    struct sockaddr_storage ss;
    struct sockaddr_storage cs;
    struct sockaddr_storage bs;
    socklen_t len;
    socklen_t blen;
    char    text[64];
    int     lfd;
    int     cfd;
    int     afd;

    lfd = inet_listen("127.0.0.1:0", 5, 1);
    ck_assert_int_ge(lfd, 0);
    ck_assert(is_cloexec(lfd));
    ck_assert(!is_nonblock(lfd));
    ck_assert_int_eq(fd_is_socket_listening(lfd), 1);
    len = local_addr(lfd, &ss);
    ck_assert_int_eq(ss.ss_family, AF_INET);
    ck_assert_int_gt(sockaddr_port((struct sockaddr *) &ss), 0);
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) &ss, text,
                                  sizeof(text)), "127.0.0.1");

    /* with a bind address */
    ck_assert_int_eq(sockaddr_parse("127.0.0.1", "0", &bs, &blen), 0);
    cfd = sock_connect_sa((struct sockaddr *) &ss, len,
                          (struct sockaddr *) &bs, blen, 1000);
    ck_assert_int_ge(cfd, 0);
    ck_assert(is_cloexec(cfd));
    ck_assert(!is_nonblock(cfd));
    local_addr(cfd, &cs);
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) &cs, text,
                                  sizeof(text)), "127.0.0.1");
    ck_assert_int_gt(sockaddr_port((struct sockaddr *) &cs), 0);
    afd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(afd, 0);
    exchange(cfd, afd);
    close(afd);
    close(cfd);

    /* no time limit */
    cfd = sock_connect_sa((struct sockaddr *) &ss, len, NULL, 0, 0);
    ck_assert_int_ge(cfd, 0);
    ck_assert(!is_nonblock(cfd));
    close(cfd);
    close(lfd);
}
END_TEST

START_TEST(test_inet6)
{
    struct sockaddr_storage ss;
    socklen_t len;
    socklen_t optlen;
    char    text[64];
    int     on = 0;
    int     lfd;
    int     cfd;
    int     afd;

    if ((lfd = inet_listen("[::1]:0", 5, 0)) < 0
        && (errno == EAFNOSUPPORT || errno == EADDRNOTAVAIL)) {
        printf("test_inet6: no IPv6 loopback here, skipped\n");
        return;
    }
    ck_assert_int_ge(lfd, 0);
    ck_assert(is_nonblock(lfd));
    optlen = sizeof(on);
    ck_assert_int_eq(getsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &on, &optlen),
                     0);
    ck_assert_int_eq(on, 1);
    len = local_addr(lfd, &ss);
    ck_assert_int_eq(ss.ss_family, AF_INET6);
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) &ss, text,
                                  sizeof(text)), "::1");
    ck_assert_int_gt(sockaddr_port((struct sockaddr *) &ss), 0);
    cfd = sock_connect_sa((struct sockaddr *) &ss, len, NULL, 0, 1000);
    ck_assert_int_ge(cfd, 0);
    ck_assert(!is_nonblock(cfd));
    afd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(afd, 0);
    ck_assert_int_eq(sock_set_nonblock(afd, 0), 0);
    exchange(cfd, afd);
    close(afd);
    close(cfd);
    close(lfd);
}
END_TEST

START_TEST(test_inet_listen_forms)
{
    struct sockaddr_storage ss;
    char    text[64];
    int     fd;

    /* no host names here: a resolver lookup could leave the host */

    fd = inet_listen("[127.0.0.1]:0", 5, 1);
    ck_assert_int_ge(fd, 0);
    local_addr(fd, &ss);
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) &ss, text,
                                  sizeof(text)), "127.0.0.1");
    close(fd);

    ck_assert_int_eq(inet_listen("[127.0.0.1:0", 5, 1), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(inet_listen("127.0.0.1:", 5, 1), -1);
    ck_assert_int_eq(inet_listen("127.0.0.1:99999", 5, 1), -1);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(inet_listen("99999", 5, 1), -1);
    ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_inet_refused)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int     lfd = inet_listen("127.0.0.1:0", 5, 1);

    ck_assert_int_ge(lfd, 0);
    len = local_addr(lfd, &ss);
    close(lfd);
    ck_assert_int_eq(sock_connect_sa((struct sockaddr *) &ss, len, NULL, 0,
                                     1000), -1);
    ck_assert_int_eq(errno, ECONNREFUSED);
}
END_TEST

START_TEST(test_inet_connect_timeout)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int     fds[10];
    int     n = 0;
    int     lfd = inet_listen("127.0.0.1:0", 0, 1);
    long    start = 0;
    int     fd = 0;

    ck_assert_int_ge(lfd, 0);
    len = local_addr(lfd, &ss);
    while (n < 10) {
        start = now_ms();
        fd = sock_connect_sa((struct sockaddr *) &ss, len, NULL, 0, 100);
        if (fd < 0)
            break;
        fds[n++] = fd;
    }
    ck_assert_int_eq(fd, -1);
    ck_assert_int_eq(errno, ETIMEDOUT);
    ck_assert_int_ge(now_ms() - start, 90);
    ck_assert_int_lt(now_ms() - start, 1000);
    while (n > 0)
        close(fds[--n]);
    close(lfd);
}
END_TEST

START_TEST(test_fifo)
{
    struct stat st;
    char    got[16];
    int     fd;
    int     wfd;

    fd = fifo_listen(path, 0622, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert(is_cloexec(fd));
    ck_assert(is_nonblock(fd));
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert(S_ISFIFO(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0622);

    wfd = open(path, O_WRONLY);
    ck_assert_int_ge(wfd, 0);
    ck_assert_int_eq(write(wfd, "W", 1), 1);
    close(wfd);
    ck_assert_int_eq(read(fd, got, sizeof(got)), 1);
    ck_assert_int_eq(got[0], 'W');
    /* the last writer is gone, yet no EOF: we hold a write end too */
    ck_assert_int_eq(read(fd, got, sizeof(got)), -1);
    ck_assert_int_eq(errno, EAGAIN);
    close(fd);

    /* an existing fifo is reused; blocking mode on request */
    fd = fifo_listen(path, 0600, 1);
    ck_assert_int_ge(fd, 0);
    ck_assert(!is_nonblock(fd));
    ck_assert_int_eq(fd_is_socket_listening(fd), 0);
    close(fd);

    /* something else in the way */
    unlink(path);
    ck_assert_int_eq(close(open(path, O_CREAT | O_WRONLY, 0600)), 0);
    ck_assert_int_eq(fifo_listen(path, 0622, 0), -1);
    ck_assert_int_eq(errno, EEXIST);
}
END_TEST

START_TEST(test_flag_helpers)
{
    int     p[2];

    ck_assert_int_eq(pipe(p), 0);
    ck_assert(!is_nonblock(p[0]));
    ck_assert_int_eq(sock_set_nonblock(p[0], 1), 0);
    ck_assert(is_nonblock(p[0]));
    ck_assert_int_eq(sock_set_nonblock(p[0], 0), 0);
    ck_assert(!is_nonblock(p[0]));
    ck_assert_int_eq(sock_set_cloexec(p[0], 1), 0);
    ck_assert(is_cloexec(p[0]));
    ck_assert_int_eq(sock_set_cloexec(p[0], 0), 0);
    ck_assert(!is_cloexec(p[0]));
    close(p[0]);
    close(p[1]);
    ck_assert_int_eq(sock_set_nonblock(p[0], 1), -1);
    ck_assert_int_eq(errno, EBADF);
    ck_assert_int_eq(fd_is_socket_listening(p[0]), 0);
}
END_TEST

/* split_ok - host_port_split succeeds with the expected parts */

static void split_ok(const char *in, const char *def, const char *host,
                     const char *port)
{
    char   *h;
    char   *p;

    ck_assert_msg(host_port_split(in, &h, &p, def) == 0, "split %s", in);
    ck_assert_str_eq(h, host);
    ck_assert_str_eq(p, port);
    free(h);
    free(p);
}

static void split_bad(const char *in, const char *def)
{
    char   *h = (char *) "x";
    char   *p = (char *) "x";

    ck_assert_msg(host_port_split(in, &h, &p, def) == -1, "split %s", in);
    ck_assert_ptr_eq(h, NULL);
    ck_assert_ptr_eq(p, NULL);
}

START_TEST(test_host_port_split)
{
    split_ok("mail.example:25", NULL, "mail.example", "25");
    split_ok("mail.example:smtp", "587", "mail.example", "smtp");
    split_ok("[mail.example]:587", NULL, "mail.example", "587");
    split_ok("[mail.example]", "25", "mail.example", "25");
    split_ok("mail.example", "25", "mail.example", "25");
    split_ok("[2001:db8::1]:25", NULL, "2001:db8::1", "25");
    split_ok("[::1]", "lmtp", "::1", "lmtp");
    split_ok("192.0.2.1:2525", "25", "192.0.2.1", "2525");

    split_bad("mail.example", NULL);		/* no port, no default */
    split_bad("[mail.example]", NULL);
    split_bad("mail.example:", "25");
    split_bad("[mail.example]:", "25");
    split_bad(":25", "25");
    split_bad("[]:25", "25");
    split_bad("", "25");
    split_bad("::1", "25");			/* v6 needs brackets */
    split_bad("2001:db8::1:25", "25");
    split_bad("[2001:db8::1", "25");
    split_bad("[::1]25", "25");
    split_bad("[a]b]:25", "25");
    split_bad("a]:25", "25");
    split_bad("host name:25", "25");
    split_bad("host:2 5", "25");
    split_bad("host:25:26", "25");
}
END_TEST

START_TEST(test_sockaddr_parse)
{
    struct sockaddr_storage ss;
    socklen_t len;
    char    text[64];

    ck_assert_int_eq(sockaddr_parse("192.0.2.7", "25", &ss, &len), 0);
    ck_assert_int_eq(ss.ss_family, AF_INET);
    ck_assert_uint_eq(len, sizeof(struct sockaddr_in));
    ck_assert_int_eq(sockaddr_port((struct sockaddr *) &ss), 25);
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) &ss, text,
                                  sizeof(text)), "192.0.2.7");

    ck_assert_int_eq(sockaddr_parse("2001:DB8::a", "65535", &ss, &len), 0);
    ck_assert_int_eq(ss.ss_family, AF_INET6);
    ck_assert_uint_eq(len, sizeof(struct sockaddr_in6));
    ck_assert_int_eq(sockaddr_port((struct sockaddr *) &ss), 65535);
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) &ss, text,
                                  sizeof(text)), "2001:db8::a");

    ck_assert_int_eq(sockaddr_parse("::ffff:192.0.2.1", "0", &ss, &len), 0);
    ck_assert_int_eq(ss.ss_family, AF_INET6);
    ck_assert_int_eq(sockaddr_port((struct sockaddr *) &ss), 0);

    ck_assert_int_eq(sockaddr_parse("192.0.2.7", "65536", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("192.0.2.7", "", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("192.0.2.7", "smtp", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("192.0.2.7", "-1", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("192.0.2.7", "+25", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("192.0.2.7", "123456", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("mail.example", "25", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("127.1", "25", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("1.2.3.256", "25", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("[::1]", "25", &ss, &len), -1);
    ck_assert_int_eq(sockaddr_parse("", "25", &ss, &len), -1);
}
END_TEST

START_TEST(test_sockaddr_str_odd)
{
    struct sockaddr_storage ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
    socklen_t len;
    char    small[4];

    ck_assert_int_eq(sockaddr_parse("2001:db8::1", "25", &ss, &len), 0);
    /* too small a buffer: a truncated placeholder, never an overflow */
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) sin6, small,
                                  sizeof(small)), "unk");
    memset(&ss, 0, sizeof(ss));
    ss.ss_family = AF_UNSPEC;
    ck_assert_int_eq(sockaddr_port((struct sockaddr *) &ss), -1);
    ck_assert_str_eq(sockaddr_str((struct sockaddr *) &ss, small,
                                  sizeof(small)), "unk");
}
END_TEST

static Suite *sock_suite(void)
{
    Suite  *su = suite_create("sock");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_unix_listen_connect);
    tcase_add_test(tc, test_unix_connect_errors);
    tcase_add_test(tc, test_unix_connect_timeout);
    tcase_add_test(tc, test_inet4);
    tcase_add_test(tc, test_inet6);
    tcase_add_test(tc, test_inet_listen_forms);
    tcase_add_test(tc, test_inet_refused);
    tcase_add_test(tc, test_inet_connect_timeout);
    tcase_add_test(tc, test_fifo);
    tcase_add_test(tc, test_flag_helpers);
    tcase_add_test(tc, test_host_port_split);
    tcase_add_test(tc, test_sockaddr_parse);
    tcase_add_test(tc, test_sockaddr_str_odd);
    suite_add_tcase(su, tc);
    return (su);
}

int     main(void)
{
    SRunner *sr = srunner_create(sock_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
