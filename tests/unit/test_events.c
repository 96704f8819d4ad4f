/*
 * test_events - unit tests for events.c
 *
 * Readiness comes from socketpairs and pipes; timers use delays of a
 * few tens of milliseconds.  Each test leaves the loop empty (no fds,
 * no timers) so the tests also pass with CK_FORK=no.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "events.h"

static int sv[2];
static int sv2[2];

/* A log of callback calls: "name:event" entries. */
static char trace[512];

static void note(const char *name, int event)
{
    const char *code = event == EVENT_READ ? "R" : event == EVENT_WRITE ? "W"
        : event == EVENT_XCPT ? "X" : event == EVENT_TIME ? "T" : "?";

    strcat(trace, name);
    strcat(trace, ":");
    strcat(trace, code);
    strcat(trace, " ");
}

static void setup(void)
{
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv2), 0);
    trace[0] = 0;
}

static void teardown(void)
{
    event_disable_readwrite(sv[0]);
    event_disable_readwrite(sv2[0]);
    close(sv[0]);
    close(sv[1]);
    close(sv2[0]);
    close(sv2[1]);
}

/* A read callback context: a name for the trace and the fd to read. */
struct named {
    const char *name;
    int     fd;
};

/* read_cb - consume one byte and log it */

static void read_cb(int event, void *ctx)
{
    struct named *n = ctx;
    char    ch;

    note(n->name, event);
    if (event == EVENT_READ)
        ck_assert_int_eq(read(n->fd, &ch, 1), 1);
}

START_TEST(test_read_ready)
{
    struct named a = {"a", sv[0]};

    event_enable_read(sv[0], read_cb, &a);
    event_loop(0);
    ck_assert_str_eq(trace, "");
    ck_assert_int_eq(write(sv[1], "xy", 2), 2);
    event_loop(1000);
    ck_assert_str_eq(trace, "a:R ");
    /* level-triggered: one byte is still there */
    event_loop(1000);
    ck_assert_str_eq(trace, "a:R a:R ");
    event_loop(0);
    ck_assert_str_eq(trace, "a:R a:R ");
    event_disable_readwrite(sv[0]);
    ck_assert_int_eq(write(sv[1], "z", 1), 1);
    event_loop(0);
    ck_assert_str_eq(trace, "a:R a:R ");
}
END_TEST

START_TEST(test_read_exclusive)
{
    struct named a = {"a", sv[0]};

    /* Registered exclusively: readiness still reaches the callback. */
    event_enable_read_exclusive(sv[0], read_cb, &a);
    ck_assert_int_eq(write(sv[1], "xy", 2), 2);
    event_loop(1000);
    ck_assert_str_eq(trace, "a:R ");
    /* Re-registering (exclusive -> plain -> exclusive) works. */
    event_enable_read(sv[0], read_cb, &a);
    event_loop(1000);
    ck_assert_str_eq(trace, "a:R a:R ");
    event_enable_read_exclusive(sv[0], read_cb, &a);
    event_disable_readwrite(sv[0]);
    ck_assert_int_eq(write(sv[1], "z", 1), 1);
    event_loop(0);
    ck_assert_str_eq(trace, "a:R a:R ");
    event_enable_read_exclusive(sv[0], read_cb, &a);
    event_loop(1000);
    ck_assert_str_eq(trace, "a:R a:R a:R ");
}
END_TEST

static void write_cb(int event, void *ctx)
{
    note(ctx, event);
    event_disable_readwrite(sv[0]);
}

START_TEST(test_write_ready_and_both)
{
    struct named a = {"r", sv[0]};

    event_enable_write(sv[0], write_cb, "w");
    event_loop(1000);
    ck_assert_str_eq(trace, "w:W ");
    event_loop(0);
    ck_assert_str_eq(trace, "w:W ");

    /* read and write callbacks on one fd: read runs first */
    trace[0] = 0;
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    event_enable_read(sv[0], read_cb, &a);
    event_enable_write(sv[0], write_cb, "w");
    event_loop(1000);
    ck_assert_str_eq(trace, "r:R w:W ");
}
END_TEST

static void xcpt_cb(int event, void *ctx)
{
    note("p", event);
    event_disable_readwrite(*(int *) ctx);
}

START_TEST(test_hangup_is_xcpt)
{
    int     p[2];

    ck_assert_int_eq(pipe(p), 0);
    event_enable_read(p[0], xcpt_cb, &p[0]);
    close(p[1]);
    event_loop(1000);
    ck_assert_str_eq(trace, "p:X ");
    close(p[0]);
}
END_TEST

static void timer_cb(int event, void *ctx)
{
    note(ctx, event);
}

START_TEST(test_timer_order)
{
    long    start = event_now_ms();
    long    when;

    when = event_request_timer(timer_cb, "c", 60);
    ck_assert_int_ge(when, start + 60);
    event_request_timer(timer_cb, "a", 20);
    event_request_timer(timer_cb, "b", 40);
    event_request_timer(timer_cb, "z1", 0);
    event_request_timer(timer_cb, "z2", 0);
    event_drain(2000);
    ck_assert_str_eq(trace, "z1:T z2:T a:T b:T c:T ");
    ck_assert_int_ge(event_now_ms() - start, 60);
    ck_assert_int_lt(event_now_ms() - start, 1000);
}
END_TEST

START_TEST(test_timer_cancel_and_move)
{
    long    start = event_now_ms();

    event_request_timer(timer_cb, "x", 30);
    ck_assert_int_eq(event_cancel_timer(timer_cb, "x"), 1);
    ck_assert_int_eq(event_cancel_timer(timer_cb, "x"), 0);
    /* same fn, other ctx: a different timer */
    event_request_timer(timer_cb, "late", 5000);
    event_request_timer(timer_cb, "y", 10);
    /* requesting again moves the deadline, does not add a second one */
    event_request_timer(timer_cb, "late", 20);
    event_drain(2000);
    ck_assert_str_eq(trace, "y:T late:T ");
    ck_assert_int_lt(event_now_ms() - start, 1000);
    ck_assert_int_eq(event_cancel_timer(timer_cb, "late"), 0);
}
END_TEST

START_TEST(test_loop_waits_for_timer)
{
    long    start = event_now_ms();

    event_request_timer(timer_cb, "t", 50);
    event_loop(-1);
    ck_assert_int_ge(event_now_ms() - start, 50);
    if (trace[0] == 0)				/* woke a tick early */
        event_loop(-1);
    ck_assert_str_eq(trace, "t:T ");
    /* max_wait bounds the wait when the timer is later */
    start = event_now_ms();
    event_request_timer(timer_cb, "u", 5000);
    event_loop(30);
    ck_assert_int_lt(event_now_ms() - start, 1000);
    ck_assert_str_eq(trace, "t:T ");
    ck_assert_int_eq(event_cancel_timer(timer_cb, "u"), 1);
}
END_TEST

/* A timer that re-arms itself with delay 0 runs once per pass. */
static int rearm_count;

static void rearm_cb(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    if (++rearm_count < 100)
        event_request_timer(rearm_cb, NULL, 0);
}

START_TEST(test_timer_rearm_self)
{
    rearm_count = 0;
    event_request_timer(rearm_cb, NULL, 0);
    event_loop(0);
    ck_assert_int_eq(rearm_count, 1);
    event_loop(0);
    ck_assert_int_eq(rearm_count, 2);
    ck_assert_int_eq(event_cancel_timer(rearm_cb, NULL), 1);
    event_loop(0);
    ck_assert_int_eq(rearm_count, 2);
}
END_TEST

/* A due timer cancels another due timer and requests a third. */
static void cancel_cb(int event, void *ctx)
{
    note(ctx, event);
    ck_assert_int_eq(event_cancel_timer(timer_cb, "victim"), 1);
    event_request_timer(timer_cb, "new", 0);
}

START_TEST(test_timer_cancels_other)
{
    event_request_timer(cancel_cb, "killer", 0);
    event_request_timer(timer_cb, "victim", 0);
    event_loop(0);
    ck_assert_str_eq(trace, "killer:T ");
    event_loop(0);
    ck_assert_str_eq(trace, "killer:T new:T ");
    event_loop(0);
    ck_assert_str_eq(trace, "killer:T new:T ");
}
END_TEST

/* Two ready fds; whichever runs first disables the other. */
static void disable_other_cb(int event, void *ctx)
{
    int     other = *(int *) ctx;

    note("d", event);
    event_disable_readwrite(other);
}

START_TEST(test_callback_disables_other_fd)
{
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    ck_assert_int_eq(write(sv2[1], "x", 1), 1);
    event_enable_read(sv[0], disable_other_cb, &sv2[0]);
    event_enable_read(sv2[0], disable_other_cb, &sv[0]);
    event_loop(1000);
    ck_assert_str_eq(trace, "d:R ");
}
END_TEST

/*
 * The read callback swaps its fd over to a write callback.  The swap
 * re-registers the fd, so the write callback waits for the next pass
 * even though the fd was writable when this pass began.
 */
static void swap_wcb(int event, void *ctx)
{
    note("w", event);
    event_disable_readwrite(*(int *) ctx);
}

static void swap_rcb(int event, void *ctx)
{
    int     fd = *(int *) ctx;

    note("r", event);
    event_disable_readwrite(fd);
    event_enable_write(fd, swap_wcb, ctx);
}

START_TEST(test_callback_reregisters_own_fd)
{
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    event_enable_read(sv[0], swap_rcb, &sv[0]);
    event_enable_write(sv[0], swap_wcb, &sv[0]);
    event_loop(1000);
    ck_assert_str_eq(trace, "r:R ");
    event_loop(1000);
    ck_assert_str_eq(trace, "r:R w:W ");
    event_loop(0);
    ck_assert_str_eq(trace, "r:R w:W ");
}
END_TEST

/* A timer callback enables a fd; an fd callback requests a timer. */
static void fd_then_timer_cb(int event, void *ctx)
{
    char    ch;

    note("f", event);
    ck_assert_int_eq(read(sv[0], &ch, 1), 1);
    event_disable_readwrite(sv[0]);
    event_request_timer(timer_cb, "t2", 10);
    (void) ctx;
}

static void timer_enables_fd_cb(int event, void *ctx)
{
    note("t1", event);
    event_enable_read(sv[0], fd_then_timer_cb, ctx);
}

START_TEST(test_timer_and_fd_interplay)
{
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    event_request_timer(timer_enables_fd_cb, NULL, 10);
    event_drain(2000);
    ck_assert_str_eq(trace, "t1:T f:R t2:T ");
}
END_TEST

/* A high fd number grows the table during a callback. */
static void grow_cb(int event, void *ctx)
{
    int     high = *(int *) ctx;

    note("g", event);
    event_enable_read(high, timer_cb, "high");
    event_disable_readwrite(high);
    event_disable_readwrite(sv[0]);
}

START_TEST(test_table_growth_in_callback)
{
    int     high = dup2(sv2[0], 900);

    ck_assert_int_eq(high, 900);
    ck_assert_int_eq(write(sv[1], "x", 1), 1);
    event_enable_read(sv[0], grow_cb, &high);
    event_loop(1000);
    ck_assert_str_eq(trace, "g:R ");
    close(high);
}
END_TEST

static void nested_cb(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    event_loop(0);
}

START_TEST(test_nested_loop_panics)
{
    event_request_timer(nested_cb, NULL, 0);
    event_loop(0);
}
END_TEST

START_TEST(test_fork)
{
    struct named a = {"a", sv[0]};
    pid_t   pid;
    int     status;

    event_enable_read(sv[0], read_cb, &a);
    if ((pid = fork()) == 0) {
        event_fork();
        ck_assert_int_eq(write(sv[1], "c", 1), 1);
        event_loop(1000);
        _exit(strcmp(trace, "a:R ") == 0 ? 0 : 1);
    }
    ck_assert_int_gt(pid, 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    /* the parent's loop is untouched */
    event_loop(0);
    ck_assert_str_eq(trace, "");
    ck_assert_int_eq(write(sv[1], "p", 1), 1);
    event_loop(1000);
    ck_assert_str_eq(trace, "a:R ");
}
END_TEST

START_TEST(test_drain_empty_and_clock)
{
    long    t0 = event_now_ms();
    long    t1;

    event_drain(5000);
    t1 = event_now_ms();
    ck_assert_int_ge(t1, t0);
    ck_assert_int_lt(t1 - t0, 100);
    /* drain gives up when time is up */
    event_request_timer(timer_cb, "never", 10000);
    event_drain(30);
    ck_assert_int_lt(event_now_ms() - t1, 1000);
    ck_assert_str_eq(trace, "");
    ck_assert_int_eq(event_cancel_timer(timer_cb, "never"), 1);
}
END_TEST

static Suite *events_suite(int forking)
{
    Suite  *su = suite_create("events");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_read_ready);
    tcase_add_test(tc, test_read_exclusive);
    tcase_add_test(tc, test_write_ready_and_both);
    tcase_add_test(tc, test_hangup_is_xcpt);
    tcase_add_test(tc, test_timer_order);
    tcase_add_test(tc, test_timer_cancel_and_move);
    tcase_add_test(tc, test_loop_waits_for_timer);
    tcase_add_test(tc, test_timer_rearm_self);
    tcase_add_test(tc, test_timer_cancels_other);
    tcase_add_test(tc, test_callback_disables_other_fd);
    tcase_add_test(tc, test_callback_reregisters_own_fd);
    tcase_add_test(tc, test_timer_and_fd_interplay);
    tcase_add_test(tc, test_table_growth_in_callback);
    tcase_add_test(tc, test_fork);
    tcase_add_test(tc, test_drain_empty_and_clock);
    suite_add_tcase(su, tc);

    /* msg_panic() aborts: only with CK_FORK (the default) */
    if (forking) {
        tc = tcase_create("panic");
        tcase_add_test_raise_signal(tc, test_nested_loop_panics, SIGABRT);
        suite_add_tcase(su, tc);
    }
    return (su);
}

int     main(void)
{
    const char *fork_env = getenv("CK_FORK");
    int     forking = !(fork_env && strcmp(fork_env, "no") == 0);
    SRunner *sr = srunner_create(events_suite(forking));
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
