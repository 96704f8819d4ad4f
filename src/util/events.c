/*
 * events - the event loop: fd readiness (epoll) and timers
 *
 * See events.h for the interface.  Implementation notes:
 *
 * - Descriptors live in a table indexed by fd, each slot with an
 *   optional read and write callback; the epoll interest set is kept
 *   equal to the callbacks present (level-triggered).  A slot gets a
 *   fresh serial number whenever it goes from "no callbacks" to "some".
 *   Before each callback, event_loop() checks that the slot still has
 *   the serial it had when epoll reported the fd, and that the callback
 *   is still there; so a callback may disable, close and re-enable any
 *   fd (its own included) without a stale event reaching the new user.
 *   A fd re-enabled during a pass is simply reported again next pass.
 *   Callers disable a fd before closing it: epoll forgets a closed fd
 *   only when no other descriptor (a dup, a forked child's copy) still
 *   refers to the same open file.
 *
 * - Event codes: EPOLLIN gives the read callback EVENT_READ, EPOLLOUT
 *   the write callback EVENT_WRITE.  Error or hangup without the
 *   matching readiness gives the callback EVENT_XCPT; it should try its
 *   I/O to learn what happened.
 *
 * - Timers are one-shot and keyed by (fn, ctx); they sit in an array
 *   sorted by deadline, then by request order.  A pass runs the timers
 *   that were due when it began and were requested before it began, so
 *   a timer callback that re-arms itself with delay 0 runs again in the
 *   next pass, not in a loop.  Timers run before fd callbacks.
 *
 * - Clock: CLOCK_MONOTONIC in milliseconds.  event_loop() is not
 *   re-entrant (panic).  event_fork() gives a child its own epoll
 *   instance with the same interest set and timers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "mem.h"
#include "msg.h"

#define EVENT_BATCH	64

struct ev_fd {
    event_fn rfn;
    void   *rctx;
    event_fn wfn;
    void   *wctx;
    unsigned mask;			/* registered EPOLLIN|EPOLLOUT|EPOLLEXCLUSIVE */
    unsigned excl;			/* EPOLLEXCLUSIVE for a shared listener */
    unsigned long serial;		/* changes when (re)registered */
};

struct ev_timer {
    long    when;			/* deadline, monotonic ms */
    unsigned long seq;			/* request order */
    event_fn fn;
    void   *ctx;
};

static int ev_epfd = -1;
static struct ev_fd *ev_fds;
static int ev_nslots;			/* size of ev_fds */
static int ev_active;			/* slots with a callback */
static unsigned long ev_serial;

static struct ev_timer *ev_timers;
static int ev_ntimers;
static int ev_tcap;
static unsigned long ev_tseq;

static int ev_running;			/* inside event_loop */

/* event_now_ms - monotonic clock */

long    event_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* ev_init - create the epoll instance on first use */

static void ev_init(void)
{
    if (ev_epfd >= 0)
        return;
    if ((ev_epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
        msg_fatal("epoll_create1: %m");
}

/* ev_slot - the table slot of fd, growing the table as needed */

static struct ev_fd *ev_slot(int fd)
{
    int     n;

    if (fd < 0)
        msg_panic("event: bad file descriptor %d", fd);
    if (fd >= ev_nslots) {
        n = ev_nslots ? ev_nslots : 64;
        while (n <= fd)
            n *= 2;
        ev_fds = xrealloc(ev_fds, n * sizeof(*ev_fds));
        memset(ev_fds + ev_nslots, 0, (n - ev_nslots) * sizeof(*ev_fds));
        ev_nslots = n;
    }
    return (ev_fds + fd);
}

/* ev_ctl - one epoll_ctl call; ADD and MOD fall back to each other */

static int ev_ctl(int op, int fd, unsigned events)
{
    struct epoll_event ev;

    memset(&ev, 0, sizeof(ev));
    ev.events = events;
    ev.data.fd = fd;
    if (epoll_ctl(ev_epfd, op, fd, &ev) == 0)
        return (0);
    if (op == EPOLL_CTL_MOD && errno == ENOENT)
        return (epoll_ctl(ev_epfd, EPOLL_CTL_ADD, fd, &ev));
    if (op == EPOLL_CTL_ADD && errno == EEXIST)
        return (epoll_ctl(ev_epfd, EPOLL_CTL_MOD, fd, &ev));
    return (-1);
}

/* ev_update - make the epoll interest set match the slot's callbacks */

static void ev_update(int fd, struct ev_fd *slot)
{
    unsigned want = (slot->rfn ? EPOLLIN | slot->excl : 0)
    | (slot->wfn ? EPOLLOUT : 0);

    ev_init();
    if (want == slot->mask)
        return;
    /* EPOLLEXCLUSIVE cannot be modified, only added anew. */
    if (slot->mask && ((want | slot->mask) & EPOLLEXCLUSIVE)) {
        (void) epoll_ctl(ev_epfd, EPOLL_CTL_DEL, fd, NULL);
        slot->mask = 0;
        ev_active--;
    }
    if (want == 0) {
        if (slot->mask == 0)
            return;
        /* The fd may already be closed; that removed it from epoll. */
        (void) epoll_ctl(ev_epfd, EPOLL_CTL_DEL, fd, NULL);
        ev_active--;
    } else {
        if (ev_ctl(slot->mask ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, want) < 0)
            msg_fatal("epoll_ctl fd %d: %m", fd);
        if (slot->mask == 0) {
            slot->serial = ++ev_serial;
            ev_active++;
        }
    }
    slot->mask = want;
}

void    event_enable_read(int fd, event_fn fn, void *ctx)
{
    struct ev_fd *slot = ev_slot(fd);

    slot->rfn = fn;
    slot->rctx = ctx;
    slot->excl = 0;
    ev_update(fd, slot);
}

/* event_enable_read_exclusive - as above, but a readiness shared by
 * several processes (one listening socket) wakes one of them */

void    event_enable_read_exclusive(int fd, event_fn fn, void *ctx)
{
    struct ev_fd *slot = ev_slot(fd);

    slot->rfn = fn;
    slot->rctx = ctx;
    slot->excl = EPOLLEXCLUSIVE;
    ev_update(fd, slot);
}

void    event_enable_write(int fd, event_fn fn, void *ctx)
{
    struct ev_fd *slot = ev_slot(fd);

    slot->wfn = fn;
    slot->wctx = ctx;
    ev_update(fd, slot);
}

void    event_disable_readwrite(int fd)
{
    struct ev_fd *slot;

    if (fd < 0 || fd >= ev_nslots)
        return;
    slot = ev_fds + fd;
    slot->rfn = slot->wfn = NULL;
    slot->excl = 0;
    slot->rctx = slot->wctx = NULL;
    ev_update(fd, slot);
}

/* ev_timer_find - index of timer (fn, ctx), or -1 */

static int ev_timer_find(event_fn fn, void *ctx)
{
    int     i;

    for (i = 0; i < ev_ntimers; i++)
        if (ev_timers[i].fn == fn && ev_timers[i].ctx == ctx)
            return (i);
    return (-1);
}

/* ev_timer_remove - delete the timer at index i */

static void ev_timer_remove(int i)
{
    memmove(ev_timers + i, ev_timers + i + 1,
            (ev_ntimers - i - 1) * sizeof(*ev_timers));
    ev_ntimers--;
}

/* ev_timer_insert - add a timer in (when, seq) order */

static void ev_timer_insert(const struct ev_timer *t)
{
    int     i;

    if (ev_ntimers == ev_tcap) {
        ev_tcap = ev_tcap ? 2 * ev_tcap : 16;
        ev_timers = xrealloc(ev_timers, ev_tcap * sizeof(*ev_timers));
    }
    /* Equal deadlines: a new request has the largest seq, so goes last. */
    for (i = ev_ntimers; i > 0 && ev_timers[i - 1].when > t->when; i--)
         /* void */ ;
    memmove(ev_timers + i + 1, ev_timers + i,
            (ev_ntimers - i) * sizeof(*ev_timers));
    ev_timers[i] = *t;
    ev_ntimers++;
}

long    event_request_timer(event_fn fn, void *ctx, long delay_ms)
{
    struct ev_timer t;
    int     i;

    if (delay_ms < 0)
        delay_ms = 0;
    if ((i = ev_timer_find(fn, ctx)) >= 0)
        ev_timer_remove(i);
    t.when = event_now_ms() + delay_ms;
    t.seq = ev_tseq++;
    t.fn = fn;
    t.ctx = ctx;
    ev_timer_insert(&t);
    return (t.when);
}

int     event_cancel_timer(event_fn fn, void *ctx)
{
    int     i;

    if ((i = ev_timer_find(fn, ctx)) < 0)
        return (0);
    ev_timer_remove(i);
    return (1);
}

/* ev_wait_ms - how long epoll may sleep */

static int ev_wait_ms(long max_wait_ms)
{
    long    wait = max_wait_ms;
    long    until;

    if (ev_ntimers > 0) {
        until = ev_timers[0].when - event_now_ms();
        if (until < 0)
            until = 0;
        if (wait < 0 || until < wait)
            wait = until;
    }
    if (wait > 0x7fffffffL)
        wait = 0x7fffffffL;
    return (wait < 0 ? -1 : (int) wait);
}

/* ev_run_timers - run the timers due at now, requested before seq */

static void ev_run_timers(long now, unsigned long seq)
{
    struct ev_timer t;

    while (ev_ntimers > 0 && ev_timers[0].when <= now
           && ev_timers[0].seq < seq) {
        t = ev_timers[0];
        ev_timer_remove(0);
        t.fn(EVENT_TIME, t.ctx);
    }
}

/* ev_dispatch - run the callbacks for one reported fd */

static void ev_dispatch(int fd, unsigned revents, unsigned long serial)
{
    struct ev_fd *slot = ev_fds + fd;
    unsigned xcpt = revents & (EPOLLERR | EPOLLHUP);

    if (slot->serial == serial && slot->rfn
        && (revents & (EPOLLIN | xcpt)))
        slot->rfn((revents & EPOLLIN) ? EVENT_READ : EVENT_XCPT, slot->rctx);
    /* The callback may have grown the table: find the slot again. */
    slot = ev_fds + fd;
    if (slot->serial == serial && slot->wfn
        && (revents & (EPOLLOUT | xcpt)))
        slot->wfn((revents & EPOLLOUT) ? EVENT_WRITE : EVENT_XCPT, slot->wctx);
}

void    event_loop(long max_wait_ms)
{
    struct epoll_event evs[EVENT_BATCH];
    unsigned long serials[EVENT_BATCH];
    unsigned long seq;
    int     n;
    int     i;
    int     fd;

    if (ev_running)
        msg_panic("event_loop: called from an event callback");
    ev_init();
    ev_running = 1;
    n = epoll_wait(ev_epfd, evs, EVENT_BATCH, ev_wait_ms(max_wait_ms));
    if (n < 0) {
        if (errno != EINTR)
            msg_fatal("epoll_wait: %m");
        n = 0;
    }
    for (i = 0; i < n; i++) {
        fd = evs[i].data.fd;
        serials[i] = (fd < ev_nslots && ev_fds[fd].mask) ?
            ev_fds[fd].serial : 0;
    }
    seq = ev_tseq;
    ev_run_timers(event_now_ms(), seq);
    for (i = 0; i < n; i++)
        if (serials[i] != 0)
            ev_dispatch(evs[i].data.fd, evs[i].events, serials[i]);
    ev_running = 0;
}

/* event_fork - new epoll instance with the same interest set */

void    event_fork(void)
{
    int     fd;

    if (ev_epfd < 0)
        return;
    (void) close(ev_epfd);
    ev_epfd = -1;
    ev_init();
    for (fd = 0; fd < ev_nslots; fd++)
        if (ev_fds[fd].mask && ev_ctl(EPOLL_CTL_ADD, fd, ev_fds[fd].mask) < 0)
            msg_fatal("event_fork: epoll_ctl fd %d: %m", fd);
}

/* event_drain - run passes until nothing is registered or time is up */

void    event_drain(long max_ms)
{
    long    end = event_now_ms() + max_ms;
    long    left;

    while (ev_active > 0 || ev_ntimers > 0) {
        if ((left = end - event_now_ms()) <= 0)
            break;
        event_loop(left);
    }
}
