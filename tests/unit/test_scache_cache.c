/*
 * test_scache_cache - unit tests for src/scache/scache_cache.c
 *
 * Cached "connections" are one end of a socketpair; the test keeps the
 * other end, so a closed cache entry shows as end of input there, and
 * a handed-out fd is checked to be the same connection by writing
 * through it.  Timers run on the real event loop with TTLs of tens of
 * milliseconds.  Each test frees its cache, leaving no timers behind.
 */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "events.h"
#include "../../src/scache/scache_cache.c"

#define NCONN 4

static int local[NCONN];			/* our ends */
static int far[NCONN];			/* the cached ends */
static struct buf *p1, *p2;

static void setup(void)
{
    int     i, sv[2];

    for (i = 0; i < NCONN; i++) {
        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
        local[i] = sv[0];
        far[i] = sv[1];
    }
    p1 = buf_new(10);
    p2 = buf_new(10);
}

static void teardown(void)
{
    int     i;

    for (i = 0; i < NCONN; i++)
        close(local[i]);
    buf_free(p1);
    buf_free(p2);
}

/* same_conn - fd is the far end of connection i */

static int same_conn(int fd, int i)
{
    char    c = 0;

    if (write(fd, "x", 1) != 1)
        return (0);
    return (read(local[i], &c, 1) == 1 && c == 'x');
}

/* closed - the cache has closed the far end of connection i */

static int closed(int i)
{
    struct pollfd pfd = {local[i], POLLIN, 0};
    char    c;

    return (poll(&pfd, 1, 0) == 1 && read(local[i], &c, 1) == 0);
}

/* run_for - drive the event loop for about ms milliseconds */

static void run_for(long ms)
{
    long    end = event_now_ms() + ms;

    while (event_now_ms() < end)
        event_loop(end - event_now_ms());
}

static void size_is(struct scache_cache *c, int dest, int endp, int sess)
{
    struct scache_size sz;

    scache_cache_size(c, &sz);
    ck_assert_int_eq(sz.dest_count, dest);
    ck_assert_int_eq(sz.endp_count, endp);
    ck_assert_int_eq(sz.sess_count, sess);
}

START_TEST(test_oldest_first)
{
    struct scache_cache *c = scache_cache_create(0);
    int     fd;

    scache_cache_save_endp(c, 10000, "E", "first", far[0]);
    scache_cache_save_endp(c, 10000, "E", "second", far[1]);
    scache_cache_save_endp(c, 10000, "F", "other", far[2]);
    size_is(c, 0, 2, 3);
    fd = scache_cache_find_endp(c, "E", p1);
    ck_assert_str_eq(buf_str(p1), "first");
    ck_assert(same_conn(fd, 0));
    close(fd);
    fd = scache_cache_find_endp(c, "E", p1);
    ck_assert_str_eq(buf_str(p1), "second");
    ck_assert(same_conn(fd, 1));
    close(fd);
    size_is(c, 0, 1, 1);
    ck_assert_int_eq(scache_cache_find_endp(c, "E", p1), -1);
    ck_assert_int_eq(scache_cache_find_endp(c, "nothing", p1), -1);
    scache_cache_free(c);
    ck_assert(closed(2));
}
END_TEST

START_TEST(test_endp_expiry)
{
    struct scache_cache *c = scache_cache_create(0);
    long    start = event_now_ms();

    scache_cache_save_endp(c, 50, "E", "short", far[0]);
    scache_cache_save_endp(c, 400, "E", "long", far[1]);
    run_for(30);
    ck_assert(!closed(0));
    run_for(100);
    ck_assert(closed(0));
    ck_assert(!closed(1));
    ck_assert(event_now_ms() - start < 400);
    size_is(c, 0, 1, 1);
    run_for(400);
    ck_assert(closed(1));
    size_is(c, 0, 0, 0);
    ck_assert_int_eq(scache_cache_find_endp(c, "E", p1), -1);
    scache_cache_free(c);
}
END_TEST

START_TEST(test_find_cancels_timer)
{
    struct scache_cache *c = scache_cache_create(0);
    int     fd;

    scache_cache_save_endp(c, 50, "E", "p", far[0]);
    fd = scache_cache_find_endp(c, "E", p1);
    ck_assert_int_ge(fd, 0);
    run_for(120);
    /* The handed-out connection is not closed by the old timer. */
    ck_assert(same_conn(fd, 0));
    close(fd);
    scache_cache_free(c);
}
END_TEST

START_TEST(test_dest_refresh)
{
    struct scache_cache *c = scache_cache_create(0);
    int     fd;

    scache_cache_save_dest(c, 150, "D", "dp", "E");
    scache_cache_save_endp(c, 5000, "E", "ep", far[0]);
    run_for(100);
    scache_cache_save_dest(c, 150, "D", "dp", "E");	/* identical: refresh */
    size_is(c, 1, 1, 1);
    run_for(100);				/* 200 ms: alive only if refreshed */
    fd = scache_cache_find_dest(c, "D", p1, p2);
    ck_assert_int_ge(fd, 0);
    ck_assert_str_eq(buf_str(p1), "dp");
    ck_assert_str_eq(buf_str(p2), "ep");
    ck_assert(same_conn(fd, 0));
    close(fd);
    size_is(c, 1, 0, 0);			/* the binding stays */
    run_for(150);
    size_is(c, 0, 0, 0);			/* and then expires */
    scache_cache_free(c);
}
END_TEST

START_TEST(test_dest_distinct_bindings)
{
    struct scache_cache *c = scache_cache_create(0);
    struct dest *dp;

    scache_cache_save_dest(c, 5000, "D", "dp1", "E");
    scache_cache_save_dest(c, 5000, "D", "dp2", "E");	/* other props */
    scache_cache_save_dest(c, 5000, "D", "dp1", "F");	/* other endpoint */
    scache_cache_save_dest(c, 5000, "D", "dp1", "E");	/* duplicate */
    dp = htable_find(c->dest_table, "D");
    ck_assert_ptr_nonnull(dp);
    ck_assert_str_eq(dp->head->dest_props, "dp1");
    ck_assert_str_eq(dp->head->next->dest_props, "dp2");
    ck_assert_str_eq(dp->head->next->next->endp_label, "F");
    ck_assert_ptr_null(dp->head->next->next->next);
    size_is(c, 1, 0, 0);
    scache_cache_free(c);
}
END_TEST

START_TEST(test_find_dest_skips_empty)
{
    struct scache_cache *c = scache_cache_create(0);
    int     fd;

    scache_cache_save_dest(c, 5000, "D", "to-E1", "E1");
    scache_cache_save_dest(c, 5000, "D", "to-E2", "E2");
    scache_cache_save_dest(c, 5000, "D", "to-E3", "E3");
    scache_cache_save_endp(c, 5000, "E2", "e2", far[1]);
    scache_cache_save_endp(c, 5000, "E3", "e3", far[2]);
    fd = scache_cache_find_dest(c, "D", p1, p2);
    ck_assert_str_eq(buf_str(p1), "to-E2");
    ck_assert_str_eq(buf_str(p2), "e2");
    ck_assert(same_conn(fd, 1));
    close(fd);
    fd = scache_cache_find_dest(c, "D", p1, p2);
    ck_assert_str_eq(buf_str(p1), "to-E3");
    ck_assert(same_conn(fd, 2));
    close(fd);
    buf_set(p1, "unchanged");
    ck_assert_int_eq(scache_cache_find_dest(c, "D", p1, p2), -1);
    ck_assert_str_eq(buf_str(p1), "unchanged");
    ck_assert_int_eq(scache_cache_find_dest(c, "nothing", p1, p2), -1);
    size_is(c, 1, 0, 0);
    scache_cache_free(c);
}
END_TEST

START_TEST(test_free_closes_all)
{
    struct scache_cache *c = scache_cache_create(0);
    int     i;

    for (i = 0; i < NCONN; i++)
        scache_cache_save_endp(c, 50, i < 2 ? "A" : "B", "p", far[i]);
    scache_cache_save_dest(c, 50, "D", "dp", "A");
    size_is(c, 1, 2, NCONN);
    scache_cache_free(c);
    for (i = 0; i < NCONN; i++)
        ck_assert(closed(i));
    /* No timer of the freed cache may fire. */
    run_for(100);
}
END_TEST

START_TEST(test_many_sessions)
{
    struct scache_cache *c = scache_cache_create(0);
    int     sv[2], fds[200], i, fd;

    /* Many sessions under one label: handed out in saving order. */
    for (i = 0; i < 200; i++) {
        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
        fds[i] = sv[0];
        buf_reset(p1);
        buf_printf(p1, "%d", i);
        scache_cache_save_endp(c, 10000, "E", buf_str(p1), sv[1]);
    }
    size_is(c, 0, 1, 200);
    for (i = 0; i < 200; i++) {
        fd = scache_cache_find_endp(c, "E", p2);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(atoi(buf_str(p2)), i);
        close(fd);
        close(fds[i]);
    }
    size_is(c, 0, 0, 0);
    scache_cache_free(c);
}
END_TEST

START_TEST(test_size_limit)
{
    struct scache_cache *c = scache_cache_create(3);
    int     fd, sv[2];

    scache_cache_save_endp(c, 10000, "A", "a0", far[0]);
    scache_cache_save_endp(c, 10000, "B", "b1", far[1]);
    scache_cache_save_endp(c, 10000, "A", "a2", far[2]);
    size_is(c, 0, 2, 3);
    ck_assert(!closed(0));
    /* Full: the oldest of all (A's first) makes room. */
    scache_cache_save_endp(c, 10000, "B", "b3", far[3]);
    ck_assert(closed(0));
    size_is(c, 0, 2, 3);
    fd = scache_cache_find_endp(c, "A", p1);
    ck_assert_str_eq(buf_str(p1), "a2");
    ck_assert(same_conn(fd, 2));
    close(fd);
    /* Not full any more: nothing is evicted. */
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    scache_cache_save_endp(c, 10000, "C", "c", sv[1]);
    ck_assert(!closed(1));
    ck_assert(!closed(3));
    size_is(c, 0, 2, 3);
    scache_cache_free(c);
    ck_assert(closed(1));
    ck_assert(closed(3));
    close(sv[0]);
}
END_TEST

static Suite *scache_cache_suite(void)
{
    Suite  *s = suite_create("scache_cache");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_oldest_first);
    tcase_add_test(tc, test_endp_expiry);
    tcase_add_test(tc, test_find_cancels_timer);
    tcase_add_test(tc, test_dest_refresh);
    tcase_add_test(tc, test_dest_distinct_bindings);
    tcase_add_test(tc, test_find_dest_skips_empty);
    tcase_add_test(tc, test_free_closes_all);
    tcase_add_test(tc, test_many_sessions);
    tcase_add_test(tc, test_size_limit);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(scache_cache_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
