/*
 * watchdog - end a process that is stuck
 *
 * Implements watchdog.h.  watchdog_start() only notes the time (the
 * monotonic clock, which costs no system call) and arms the timer when
 * it is not running, so the skeletons can restart the watchdog around
 * every request for free.  Each time the timer expires, the SIGALRM
 * handler counts the whole periods since the last start: below
 * WATCHDOG_TRIPS it re-arms the timer for the end of the current
 * period and returns; at WATCHDOG_TRIPS it arms the grace timer,
 * unblocks SIGALRM (the handler runs with it blocked) and calls
 * msg_fatal(), which is not async-signal-safe: if it deadlocks, the
 * grace expiry re-enters the handler, which writes a fixed line to
 * stderr and calls _exit(1).  So the fatal trip comes WATCHDOG_TRIPS
 * periods after the last start, as when every start re-armed the timer.
 *
 * The start time is a lock-free atomic: the handler may interrupt the
 * store.  A handler that runs after watchdog_stop() (its signal was
 * already pending) sees wd_running clear and does nothing.
 *
 * The handler is installed with SA_RESTART, so an expiry that is not
 * fatal does not disturb the code it interrupts (poll and epoll_wait
 * return EINTR anyway; stream.c and events.c retry).
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "watchdog.h"

#if ATOMIC_LONG_LOCK_FREE != 2
#error "watchdog.c needs lock-free atomic long for its signal handler"
#endif

static long wd_period_ms;
static long wd_grace_ms;
static int wd_created;
static _Atomic long wd_start_ms;		/* monotonic, last start */
static volatile sig_atomic_t wd_running;	/* started, not stopped */
static volatile sig_atomic_t wd_fatal;

/* wd_now_ms - monotonic clock in ms (async-signal-safe) */

static long wd_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

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
    long    elapsed;
    long    periods;

    (void) sig;
    if (wd_fatal)
        wd_hard_exit();
    if (!wd_running) {
        errno = saved_errno;
        return;
    }
    elapsed = wd_now_ms() - atomic_load(&wd_start_ms);
    if (elapsed < 0)
        elapsed = 0;
    if ((periods = elapsed / wd_period_ms) < WATCHDOG_TRIPS) {
        wd_arm((periods + 1) * wd_period_ms - elapsed);
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
    wd_running = 0;
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
    atomic_store(&wd_start_ms, wd_now_ms());
    if (!wd_running) {
        wd_running = 1;
        wd_arm(wd_period_ms);
    }
}

void    watchdog_stop(void)
{
    if (!wd_created)
        msg_panic("watchdog_stop: no watchdog");
    wd_running = 0;
    wd_arm(0);
}

void    watchdog_destroy(void)
{
    if (!wd_created)
        return;
    wd_running = 0;
    wd_arm(0);
    (void) signal(SIGALRM, SIG_DFL);
    wd_created = 0;
}
