/*
 * test_scache_proto - unit tests for src/scache/scache_proto.c
 *
 * The server side is a struct stream on one end of a socketpair; the
 * test writes a client's bytes into the other end beforehand, calls
 * scache_proto_request() and compares the exact reply bytes.  The
 * descriptor transfer goes through test hooks: "receiving" returns one
 * end of a fresh socketpair (the test keeps the other end), "sending"
 * records the fd's peer check.  Covers TTL clamping (a ttl of 100 with
 * a limit of 1 s expires after 1 s), bad TTLs, missing and extra
 * attributes, unknown requests (the rest of the list is skipped and
 * the next request is served), the reply layouts of all four requests
 * and the statistics counters.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "events.h"
#include "stream.h"
#include "../../src/scache/scache_cache.c"
#include "../../src/scache/scache_proto.c"

static int sv[2];				/* [0] server, [1] client */
static struct stream *server;
static struct scache_proto proto;
static int kept[8];				/* our ends of "received" fds */
static int nkept;
static int sent_fd;				/* last fd "sent" */

static int hook_recv(struct stream *client)
{
    int     pair[2];

    (void) client;
    if (nkept >= 8 || socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0) {
        errno = EMFILE;
        return (-1);
    }
    kept[nkept++] = pair[0];
    return (pair[1]);
}

static int hook_send(struct stream *client, int fd)
{
    (void) client;
    sent_fd = fd;
    return (write(fd, "!", 1) == 1 ? 0 : -1);
}

static void setup(void)
{
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    server = stream_open(sv[0]);
    stream_set_timeout(server, 2000);
    memset(&proto, 0, sizeof(proto));
    proto.cache = scache_cache_create(0);
    proto.ttl_limit = 1;
    proto.recv_fd = hook_recv;
    proto.send_fd = hook_send;
    nkept = 0;
    sent_fd = -1;
}

static void teardown(void)
{
    int     i;

    scache_cache_free(proto.cache);
    stream_close(server);
    close(sv[1]);
    for (i = 0; i < nkept; i++)
        close(kept[i]);
}

/* client - write bytes (with NULs) as the client */

static void client(const char *p, size_t n)
{
    ck_assert_int_eq(write(sv[1], p, n), (ssize_t) n);
}

#define CLIENT(lit) client((lit), sizeof(lit) - 1)

/* expect - the server's reply bytes so far are exactly these */

static void expect(const char *p, size_t n)
{
    char    got[512];
    ssize_t len = 0, r;
    struct pollfd pfd = {sv[1], POLLIN, 0};

    while (len < (ssize_t) sizeof(got) && poll(&pfd, 1, 100) == 1
           && (r = read(sv[1], got + len, sizeof(got) - len)) > 0)
        len += r;
    ck_assert_int_eq(len, (ssize_t) n);
    ck_assert(memcmp(got, p, n) == 0);
}

#define EXPECT(lit) expect((lit), sizeof(lit) - 1)

/* closed - the cache closed the connection whose other end is fd */

static int closed(int fd)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    char    c;

    return (poll(&pfd, 1, 0) == 1 && read(fd, &c, 1) == 0);
}

static void run_for(long ms)
{
    long    end = event_now_ms() + ms;

    while (event_now_ms() < end)
        event_loop(end - event_now_ms());
}

START_TEST(test_save_find_endp)
{
    char    c;

    CLIENT("request\0save_endp\0ttl\0" "2\0label\0E\0property\0p1\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("dummy\0\0\0status\0" "0\0\0");
    CLIENT("request\0find_endp\0label\0E\0\0dummy\0\0\0");
    /* The second dummy is written after the fd: preload it too. */
    CLIENT("dummy\0\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "0\0property\0p1\0\0");
    /* hook_send wrote "!" into the handed-out fd: it is our pair. */
    ck_assert_int_eq(read(kept[0], &c, 1), 1);
    ck_assert_int_eq(c, '!');
    /* The server closed its copy after the exchange. */
    ck_assert(closed(kept[0]));
    ck_assert_int_eq(proto.stats.endp_hits, 1);
    ck_assert_int_eq(proto.stats.max_sess, 1);
    ck_assert_int_eq(proto.stats.max_endp, 1);
}
END_TEST

START_TEST(test_ttl_clamped)
{
    CLIENT("request\0save_endp\0ttl\0" "100\0label\0E\0property\0p\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("dummy\0\0\0status\0" "0\0\0");
    run_for(700);
    ck_assert(!closed(kept[0]));
    run_for(500);				/* limit 1 s, not 100 */
    ck_assert(closed(kept[0]));
}
END_TEST

START_TEST(test_dest_clamped)
{
    CLIENT("request\0save_dest\0ttl\0" "100\0label\0D\0property\0dp\0label\0E\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "0\0\0");
    ck_assert_int_eq(proto.stats.max_dest, 1);
    run_for(1200);
    ck_assert_ptr_null(htable_find(proto.cache->dest_table, "D"));
}
END_TEST

START_TEST(test_bad_ttl)
{
    CLIENT("request\0save_endp\0ttl\0" "0\0label\0E\0property\0p\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "1\0\0");
    /* -1 arrives as 4294967295 */
    CLIENT("request\0save_dest\0ttl\0" "4294967295\0label\0D\0property\0dp\0label\0E\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "1\0\0");
    ck_assert_int_eq(nkept, 0);
}
END_TEST

START_TEST(test_missing_and_extra)
{
    /* A missing attribute: status 1, in step for the next request. */
    CLIENT("request\0save_dest\0ttl\0" "2\0label\0D\0\0");
    CLIENT("request\0find_endp\0label\0x\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "1\0\0status\0" "2\0property\0\0\0");
    /* An extra attribute is skipped. */
    CLIENT("request\0find_dest\0x-new\0y\0label\0D\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "2\0property\0\0property\0\0\0");
    ck_assert_int_eq(proto.stats.dest_miss, 1);
    ck_assert_int_eq(proto.stats.endp_miss, 1);
}
END_TEST

START_TEST(test_unknown_request)
{
    CLIENT("request\0flush\0label\0x\0{\0k\0v\0}\0\0");
    CLIENT("request\0find_endp\0label\0x\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "1\0\0status\0" "2\0property\0\0\0");
}
END_TEST

START_TEST(test_find_dest_exchange)
{
    char    c;

    CLIENT("request\0save_endp\0ttl\0" "1\0label\0E\0property\0ep\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("dummy\0\0\0status\0" "0\0\0");
    CLIENT("request\0save_dest\0ttl\0" "1\0label\0D\0property\0dp\0label\0E\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "0\0\0");
    CLIENT("request\0find_dest\0label\0D\0\0dummy\0\0\0dummy\0\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("status\0" "0\0property\0dp\0property\0ep\0\0");
    ck_assert_int_eq(read(kept[0], &c, 1), 1);
    ck_assert(closed(kept[0]));
    ck_assert_int_eq(proto.stats.dest_hits, 1);
}
END_TEST

START_TEST(test_broken_exchange)
{
    /* No dummy after a hit: the client is ended, the fd closed. */
    CLIENT("request\0save_endp\0ttl\0" "1\0label\0E\0property\0ep\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), 0);
    EXPECT("dummy\0\0\0status\0" "0\0\0");
    CLIENT("request\0find_endp\0label\0E\0\0");
    CLIENT("nonsense\0x\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), -1);
    ck_assert_int_eq(sent_fd, -1);
    ck_assert(closed(kept[0]));
}
END_TEST

START_TEST(test_garbage_and_eof)
{
    CLIENT("label\0x\0\0");
    ck_assert_int_eq(scache_proto_request(&proto, server), -1);
    EXPECT("");
}
END_TEST

START_TEST(test_eof_mid_request)
{
    CLIENT("request\0save_endp\0ttl\0");
    shutdown(sv[1], SHUT_WR);
    ck_assert_int_eq(scache_proto_request(&proto, server), -1);
    ck_assert_int_eq(nkept, 0);
}
END_TEST

static Suite *scache_proto_suite(void)
{
    Suite  *s = suite_create("scache_proto");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 20);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_save_find_endp);
    tcase_add_test(tc, test_ttl_clamped);
    tcase_add_test(tc, test_dest_clamped);
    tcase_add_test(tc, test_bad_ttl);
    tcase_add_test(tc, test_missing_and_extra);
    tcase_add_test(tc, test_unknown_request);
    tcase_add_test(tc, test_find_dest_exchange);
    tcase_add_test(tc, test_broken_exchange);
    tcase_add_test(tc, test_garbage_and_eof);
    tcase_add_test(tc, test_eof_mid_request);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(scache_proto_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
