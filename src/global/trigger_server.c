/*
 * trigger_server - skeleton for a process woken up by short messages
 *
 * trigger_server_main() (mail_server.h): start-up as described in
 * mail_server.c, then wait on the listening fd 6 (-t fifo or unix).
 *   fifo  each readable event reads what is there, at most
 *         TRIGGER_BUF_SIZE bytes (master opens the fifo read-write, so
 *         it never reports EOF).
 *   unix  accept, read until EOF, TRIGGER_BUF_SIZE bytes or
 *         TRIGGER_READ_MS, close the connection, then serve.
 * Each non-empty wake-up gets TAKEN, service(buf, len) with the
 * watchdog restarted around it, AVAIL, and counts as one use.  Master's
 * own wake-up is the single byte 'W'.  The idle timer runs between
 * wake-ups.  With -S the bytes are read from stdin (until EOF or the
 * buffer is full; no time limit) and the process exits after one call.
 *
 * Trust: as mail_server.c; the bytes are passed on unchecked, the
 * service interprets them.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "mail_params.h"
#include "mail_server_impl.h"
#include "master_proto.h"
#include "msg.h"

#define TRIGGER_BUF_SIZE	1024
#define TRIGGER_READ_MS		10000	/* unix: wait at most this long */

static trigger_service_fn trigger_service;

/* trigger_serve - one wake-up */

static void trigger_serve(const char *buf, size_t len)
{
    struct server_state *st = &server_state;

    if (len == 0)
        return;
    server_idle_cancel();
    server_status(MASTER_STAT_TAKEN);
    server_call_begin();
    trigger_service(buf, len, st->service_name, st->svc_argv);
    server_call_end();
    server_status(MASTER_STAT_AVAIL);
    st->use_count++;
    server_idle_arm();
}

/* trigger_read_all - read until EOF, a full buffer or timeout (< 0: none) */

static size_t trigger_read_all(int fd, char *buf, size_t size, int timeout_ms)
{
    long    end = event_now_ms() + timeout_ms;
    long    left = -1;
    size_t  len = 0;
    ssize_t n;

    while (len < size) {
        if (timeout_ms >= 0 && (left = end - event_now_ms()) <= 0)
            break;
        if (io_wait(fd, 0, (int) left) <= 0)
            break;
        if ((n = read(fd, buf + len, size - len)) > 0)
            len += n;
        else if (n == 0 || (errno != EINTR && errno != EAGAIN))
            break;
    }
    return (len);
}

/* trigger_fifo_event - the fifo is readable */

static void trigger_fifo_event(int event, void *ctx)
{
    char    buf[TRIGGER_BUF_SIZE];
    ssize_t n;

    (void) event;
    server_pre_accept();
    if ((n = read(*(int *) ctx, buf, sizeof(buf))) > 0)
        trigger_serve(buf, n);
    else if (n < 0 && errno != EAGAIN && errno != EINTR)
        msg_warn("read trigger fifo: %m");
}

/* trigger_unix_event - a connection is waiting */

static void trigger_unix_event(int event, void *ctx)
{
    char    buf[TRIGGER_BUF_SIZE];
    size_t  len;
    int     fd;
    int     ms = TRIGGER_READ_MS;

    (void) event;
    server_pre_accept();
    if ((fd = server_accept(*(int *) ctx)) < 0)
        return;
    if (var_ipc_timeout > 0 && var_ipc_timeout < ms / 1000)
        ms = var_ipc_timeout * 1000;
    len = trigger_read_all(fd, buf, sizeof(buf), ms);
    (void) close(fd);
    trigger_serve(buf, len);
}

void    trigger_server_main(int argc, char **argv, trigger_service_fn fn,
                            const struct server_hooks *h)
{
    char    buf[TRIGGER_BUF_SIZE];

    trigger_service = fn;
    server_init(argc, argv, h, "fifo unix");
    if (server_state.standalone) {
        trigger_serve(buf, trigger_read_all(STDIN_FILENO, buf, sizeof(buf),
                                            -1));
        server_exit();
    }
    if (strcmp(server_state.transport, "fifo") == 0)
        server_listen(trigger_fifo_event);
    else
        server_listen(trigger_unix_event);
    server_idle_arm();
    server_run();
}
