/*
 * test_watchdog - unit tests for watchdog.c
 *
 * Each case runs the watchdog in a forked child (it owns SIGALRM), with
 * a short period, and checks the child's exit status, how long it
 * lived, and what it wrote to stderr (a pipe).  Periods are 100 ms, so
 * the fatal trip comes after 300 ms; time bounds are generous for
 * loaded machines and sanitizers.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "watchdog.h"

#define PERIOD_MS	100
#define GRACE_MS	300

struct outcome {
    int     status;			/* wait status */
    long    elapsed_ms;
    char    err[512];			/* child's stderr */
};

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* nap - sleep ms milliseconds even when SIGALRM interrupts */

static void nap(long ms)
{
    long    end = now_ms() + ms;
    long    left;
    struct timespec ts;

    while ((left = end - now_ms()) > 0) {
        ts.tv_sec = left / 1000;
        ts.tv_nsec = (left % 1000) * 1000000;
        (void) nanosleep(&ts, NULL);
    }
}

/* run_child - fn in a child with stderr to a pipe; collect the outcome */

static void run_child(void (*fn)(void), struct outcome *out)
{
    int     pfd[2];
    long    start = now_ms();
    size_t  len = 0;
    ssize_t n;
    pid_t   pid;

    ck_assert_int_eq(pipe(pfd), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(pfd[0]);
        dup2(pfd[1], STDERR_FILENO);
        msg_init("test_watchdog");
        msg_stderr(1);
        fn();
        _exit(0);
    }
    close(pfd[1]);
    while (len < sizeof(out->err) - 1
           && (n = read(pfd[0], out->err + len,
                        sizeof(out->err) - 1 - len)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        ck_assert_int_gt(n, 0);
        len += n;
    }
    out->err[len] = 0;
    close(pfd[0]);
    ck_assert_int_eq(waitpid(pid, &out->status, 0), pid);
    out->elapsed_ms = now_ms() - start;
}

static void expect_exit(const struct outcome *out, int code)
{
    ck_assert_msg(WIFEXITED(out->status), "child did not exit normally");
    ck_assert_int_eq(WEXITSTATUS(out->status), code);
}

/* Never restarted: fatal after WATCHDOG_TRIPS periods. */

static void child_stuck(void)
{
    watchdog_create_ms(PERIOD_MS, GRACE_MS);
    watchdog_start();
    nap(5000);
}

START_TEST(test_trips)
{
    struct outcome out;

    run_child(child_stuck, &out);
    expect_exit(&out, 1);
    ck_assert_str_eq(out.err, "test_watchdog: fatal: watchdog timeout\n");
    ck_assert_int_ge(out.elapsed_ms, WATCHDOG_TRIPS * PERIOD_MS - 10);
    ck_assert_int_lt(out.elapsed_ms, 2500);
}
END_TEST

/* Restarted more often than the period: lives past 3 periods. */

static void child_patting(void)
{
    int     i;

    watchdog_create_ms(PERIOD_MS, GRACE_MS);
    for (i = 0; i < 10; i++) {
        watchdog_start();
        nap(PERIOD_MS / 2);
    }
    watchdog_destroy();
}

START_TEST(test_restart_keeps_alive)
{
    struct outcome out;

    run_child(child_patting, &out);
    expect_exit(&out, 0);
    ck_assert_str_eq(out.err, "");
}
END_TEST

/* Two expiries, then a restart: the count starts again from zero. */

static void child_two_trips(void)
{
    watchdog_create_ms(PERIOD_MS, GRACE_MS);
    watchdog_start();
    nap(PERIOD_MS * 2 + PERIOD_MS / 2);
    watchdog_start();
    nap(PERIOD_MS * 2 + PERIOD_MS / 2);
    watchdog_stop();
}

START_TEST(test_restart_clears_count)
{
    struct outcome out;

    run_child(child_two_trips, &out);
    expect_exit(&out, 0);
    ck_assert_str_eq(out.err, "");
}
END_TEST

/* Stopped: no expiry at all. */

static void child_stopped(void)
{
    watchdog_create_ms(PERIOD_MS, GRACE_MS);
    watchdog_start();
    watchdog_stop();
    nap(PERIOD_MS * 5);
}

START_TEST(test_stop)
{
    struct outcome out;

    run_child(child_stopped, &out);
    expect_exit(&out, 0);
}
END_TEST

/* The fatal path hangs (cleanup hook never returns): hard exit. */

static void hang(void)
{
    for (;;)
        pause();
}

static void child_fatal_hangs(void)
{
    msg_set_cleanup(hang);
    child_stuck();
}

START_TEST(test_hard_exit)
{
    struct outcome out;

    run_child(child_fatal_hangs, &out);
    expect_exit(&out, 1);
    ck_assert_str_eq(out.err, "test_watchdog: fatal: watchdog timeout\n"
                     "fatal: watchdog timeout (hard exit)\n");
    ck_assert_int_ge(out.elapsed_ms,
                     WATCHDOG_TRIPS * PERIOD_MS + GRACE_MS - 10);
    ck_assert_int_lt(out.elapsed_ms, 3000);
}
END_TEST

/* Seconds interface: period is timeout/3; a start is needed. */

static void child_seconds(void)
{
    watchdog_create(1);
    nap(1500);			/* not started: nothing happens */
    watchdog_start();
    nap(5000);
}

START_TEST(test_seconds)
{
    struct outcome out;

    run_child(child_seconds, &out);
    expect_exit(&out, 1);
    ck_assert_str_eq(out.err, "test_watchdog: fatal: watchdog timeout\n");
    ck_assert_int_ge(out.elapsed_ms, 1500 + 990);
    ck_assert_int_lt(out.elapsed_ms, 4500);
}
END_TEST

static Suite *watchdog_suite(void)
{
    Suite  *s = suite_create("watchdog");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_trips);
    tcase_add_test(tc, test_restart_keeps_alive);
    tcase_add_test(tc, test_restart_clears_count);
    tcase_add_test(tc, test_stop);
    tcase_add_test(tc, test_hard_exit);
    tcase_add_test(tc, test_seconds);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(watchdog_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
