/*
 * watchdog - end a process that is stuck
 *
 * Implements watchdog.h.  The SIGALRM handler counts expiries: below
 * WATCHDOG_TRIPS it re-arms the timer for another period and returns;
 * at WATCHDOG_TRIPS it arms the grace timer, unblocks SIGALRM (the
 * handler runs with it blocked) and calls msg_fatal(), which is not
 * async-signal-safe: if it deadlocks, the grace expiry re-enters the
 * handler, which writes a fixed line to stderr and calls _exit(1).
 *
 * The handler is installed with SA_RESTART, so an expiry that is not
 * fatal does not disturb the code it interrupts (poll and epoll_wait
 * return EINTR anyway; stream.c and events.c retry).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "msg.h"
#include "watchdog.h"

static long wd_period_ms;
static long wd_grace_ms;
static int wd_created;
static volatile sig_atomic_t wd_trips;
static volatile sig_atomic_t wd_fatal;

/* wd_arm - one-shot real-time timer; 0 disarms */

static void wd_arm(long ms)
{
    struct itimerval it;

    memset(&it, 0, sizeof(it));
    it.it_value.tv_sec = ms / 1000;
    it.it_value.tv_usec = (ms % 1000) * 1000;
    (void) setitimer(ITIMER_REAL, &it, NULL);
}

/* wd_hard_exit - the fatal path hung: leave without any library help */

static void wd_hard_exit(void)
{
    static const char text[] = "fatal: watchdog timeout (hard exit)\n";
    ssize_t ignored;

    ignored = write(STDERR_FILENO, text, sizeof(text) - 1);
    (void) ignored;
    _exit(1);
}

/* wd_alarm - SIGALRM handler */

static void wd_alarm(int sig)
{
    int     saved_errno = errno;
    sigset_t mask;

    (void) sig;
    if (wd_fatal)
        wd_hard_exit();
    if (++wd_trips < WATCHDOG_TRIPS) {
        wd_arm(wd_period_ms);
        errno = saved_errno;
        return;
    }
    wd_fatal = 1;
    wd_arm(wd_grace_ms);
    sigemptyset(&mask);
    sigaddset(&mask, SIGALRM);
    (void) sigprocmask(SIG_UNBLOCK, &mask, NULL);
    msg_fatal("watchdog timeout");
}

void    watchdog_create_ms(long period_ms, long grace_ms)
{
    struct sigaction sa;

    if (wd_created)
        msg_panic("watchdog_create: a watchdog exists already");
    wd_period_ms = period_ms > 0 ? period_ms : 1;
    wd_grace_ms = grace_ms > 0 ? grace_ms : 1;
    wd_trips = 0;
    wd_fatal = 0;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = wd_alarm;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, NULL) < 0)
        msg_fatal("watchdog_create: sigaction: %m");
    wd_created = 1;
}

void    watchdog_create(int timeout_s)
{
    long    ms = timeout_s > 0 ? (long) timeout_s * 1000 / WATCHDOG_TRIPS : 1;

    watchdog_create_ms(ms, WATCHDOG_GRACE_MS);
}

void    watchdog_start(void)
{
    if (!wd_created)
        msg_panic("watchdog_start: no watchdog");
    wd_trips = 0;
    wd_arm(wd_period_ms);
}

void    watchdog_stop(void)
{
    if (!wd_created)
        msg_panic("watchdog_stop: no watchdog");
    wd_arm(0);
}

void    watchdog_destroy(void)
{
    if (!wd_created)
        return;
    wd_arm(0);
    (void) signal(SIGALRM, SIG_DFL);
    wd_created = 0;
}
