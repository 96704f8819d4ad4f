/*
 * master_wakeup - the wakeup column
 *
 * A service with wakeup N gets one 'W' byte every N seconds, the first
 * N seconds after the service starts; "N?" sends nothing until a child
 * of the service has taken a client once.  The byte is delivered as a
 * client would deliver it, so that the ordinary accept path (and, if
 * needed, a fork by master_avail.c) handles it:
 *   unix        connect to the socket, write 'W', close
 *   fifo        open for writing, write 'W', close
 *   inet        connect to the first listen address, write 'W', close
 *   pass        connect, pass one end of a socketpair, write 'W' into
 *               the other end, close both
 *   unix-dgram  send one datagram "W"
 * Nothing here blocks: a connection that is not writable at once waits
 * (at most WAKEUP_TIMEOUT_MS) in the event loop; a full backlog just
 * skips one wake-up.
 *
 *	void	master_wakeup_init(struct master_serv *serv);
 *	void	master_wakeup_cleanup(struct master_serv *serv);
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "events.h"
#include "fdpass.h"
#include "master_cf.h"
#include "mem.h"
#include "msg.h"

#include "master.h"

#define WAKEUP_TIMEOUT_MS	10000
#define WAKEUP_BYTE		"W"

/* A wake-up whose connection is still in progress. */
struct wakeup_conn {
    int     fd;
    int     pass;			/* pass type: send a descriptor */
    char   *what;			/* for messages */
};

static void wakeup_timeout(int event, void *ctx);

/* wakeup_conn_done - release a wake-up connection */

static void wakeup_conn_done(struct wakeup_conn *wc)
{
    event_disable_readwrite(wc->fd);
    event_cancel_timer(wakeup_timeout, wc);
    (void) close(wc->fd);
    free(wc->what);
    free(wc);
}

/* wakeup_send - the connection is up: deliver the byte */

static void wakeup_send(struct wakeup_conn *wc)
{
    int     sp[2];

    if (wc->pass) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) {
            msg_warn("wakeup %s: socketpair: %m", wc->what);
            return;
        }
        if (write(sp[0], WAKEUP_BYTE, 1) != 1 || fd_send(wc->fd, sp[1]) < 0)
            msg_warn("wakeup %s: %m", wc->what);
        (void) close(sp[0]);
        (void) close(sp[1]);
    } else if (write(wc->fd, WAKEUP_BYTE, 1) != 1) {
        msg_warn("wakeup %s: write: %m", wc->what);
    }
}

/* wakeup_writable - a connect in progress completed (or failed) */

static void wakeup_writable(int event, void *ctx)
{
    struct wakeup_conn *wc = ctx;
    int     err = 0;
    socklen_t len = sizeof(err);

    (void) event;
    event_cancel_timer(wakeup_timeout, wc);
    if (getsockopt(wc->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    if (err != 0) {
        errno = err;
        msg_warn("wakeup %s: connect: %m", wc->what);
    } else {
        wakeup_send(wc);
    }
    wakeup_conn_done(wc);
}

static void wakeup_timeout(int event, void *ctx)
{
    struct wakeup_conn *wc = ctx;

    (void) event;
    msg_warn("wakeup %s: connect: timeout", wc->what);
    wakeup_conn_done(wc);
}

/* wakeup_connect - stream wake-up to a socket address */

static void wakeup_connect(const struct sockaddr *sa, socklen_t salen,
                           int pass, const char *what)
{
    struct wakeup_conn *wc;
    int     fd;

    if ((fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK
                     | SOCK_CLOEXEC, 0)) < 0) {
        msg_warn("wakeup %s: socket: %m", what);
        return;
    }
    wc = xcalloc(1, sizeof(*wc));
    wc->fd = fd;
    wc->pass = pass;
    wc->what = xstrdup(what);
    if (connect(fd, sa, salen) == 0) {
        wakeup_send(wc);
        wakeup_conn_done(wc);
    } else if (errno == EINPROGRESS) {
        event_enable_write(fd, wakeup_writable, wc);
        event_request_timer(wakeup_timeout, wc, WAKEUP_TIMEOUT_MS);
    } else {
        /* EAGAIN: backlog full; the service has plenty to do anyway. */
        if (msg_verbose || errno != EAGAIN)
            msg_warn("wakeup %s: connect: %m", what);
        wakeup_conn_done(wc);
    }
}

/* wakeup_unix_addr - sockaddr of a path relative to queue_directory */

static socklen_t wakeup_unix_addr(const char *path, struct sockaddr_un *sun)
{
    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sun->sun_path))
        return (0);
    strcpy(sun->sun_path, path);
    return (sizeof(*sun));
}

/* wakeup_fire - send one wake-up to the service */

static void wakeup_fire(struct master_serv *serv)
{
    struct sockaddr_un sun;
    const char *path = serv->addrs[0].text;
    int     fd;

    if (msg_verbose)
        msg_info("wakeup %s", serv->ext_name);
    switch (serv->type) {
    case MASTER_TYPE_UNIX:
    case MASTER_TYPE_PASS:
        if (wakeup_unix_addr(path, &sun) == 0) {
            msg_warn("wakeup %s: path too long", path);
            return;
        }
        wakeup_connect((struct sockaddr *) &sun, sizeof(sun),
                       serv->type == MASTER_TYPE_PASS, path);
        break;
    case MASTER_TYPE_INET:
        wakeup_connect((struct sockaddr *) &serv->addrs[0].sa,
                       serv->addrs[0].salen, 0, path);
        break;
    case MASTER_TYPE_FIFO:
        if ((fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
            msg_warn("wakeup %s: open: %m", path);
            return;
        }
        if (write(fd, WAKEUP_BYTE, 1) != 1)
            msg_warn("wakeup %s: write: %m", path);
        (void) close(fd);
        break;
    case MASTER_TYPE_UNIX_DGRAM:
        if (wakeup_unix_addr(path, &sun) == 0
            || (fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK
                            | SOCK_CLOEXEC, 0)) < 0) {
            msg_warn("wakeup %s: %m", path);
            return;
        }
        if (sendto(fd, WAKEUP_BYTE, 1, 0, (struct sockaddr *) &sun,
                   sizeof(sun)) != 1 && errno != EAGAIN)
            msg_warn("wakeup %s: send: %m", path);
        (void) close(fd);
        break;
    }
}

/* wakeup_event - the timer: fire (unless conditional and unused), re-arm */

static void wakeup_event(int event, void *ctx)
{
    struct master_serv *serv = ctx;

    (void) event;
    if ((serv->flags & MASTER_FLAG_CONDWAKE) == 0
        || (serv->flags & MASTER_FLAG_USED) != 0)
        wakeup_fire(serv);
    event_request_timer(wakeup_event, serv, serv->wakeup_time * 1000L);
}

void    master_wakeup_init(struct master_serv *serv)
{
    if (serv->wakeup_time > 0 && serv->addr_count > 0)
        event_request_timer(wakeup_event, serv, serv->wakeup_time * 1000L);
}

void    master_wakeup_cleanup(struct master_serv *serv)
{
    event_cancel_timer(wakeup_event, serv);
}
