/*
 * multi_server - skeleton for a process that serves many clients at once
 *
 * multi_server_main() (mail_server.h): start-up as described in
 * mail_server.c, then accept on the listening fds 6.. (-t unix or
 * inet).  Each accepted client gets a stream (timeout ipc_timeout), a
 * read event, and the post_accept hook (where services send their
 * protocol announcement).  When a client is readable the skeleton
 * sends TAKEN, calls service(stream), sends AVAIL and counts one use;
 * it repeats at once while the stream still holds unread input and the
 * client is still connected, because that input is invisible to the
 * event loop.  The service ends a client with multi_server_disconnect()
 * (pre_disconnect hook, then close).  As a safety net a client whose
 * stream has failed, or hit EOF with nothing left to read, after a
 * service call is disconnected by the skeleton.
 *
 * The process stays while clients are connected; with none it exits
 * after max_use requests, max_idle seconds, or the -r time.  EOF on
 * fd 5 ends it at once (between requests).  With -S the one client is
 * stdin/stdout and the process exits when it is disconnected; stdin
 * must be something epoll can watch (pipe, socket, tty; not a file).
 *
 *	void	multi_server_disconnect(struct stream *client);
 *			the stream is closed and freed on return
 *
 * Trust: as mail_server.c; service code runs only after post_init.
 */
#include <stdlib.h>

#include "mail_server_impl.h"
#include "master_proto.h"
#include "mem.h"
#include "msg.h"

static multi_service_fn multi_service;
static struct stream **multi_clients;	/* indexed by fd */
static int multi_nclients;		/* table size */
static struct stream *multi_current;	/* in service() now */
static int multi_current_gone;		/* ... and disconnected */

/* multi_slot - the table entry for fd, growing the table as needed */

static struct stream **multi_slot(int fd)
{
    int     n = multi_nclients;

    if (fd < 0)
        msg_panic("multi_server: bad client fd %d", fd);
    if (fd >= n) {
        multi_nclients = fd + 64;
        multi_clients = xrealloc(multi_clients,
                                 multi_nclients * sizeof(*multi_clients));
        while (n < multi_nclients)
            multi_clients[n++] = NULL;
    }
    return (multi_clients + fd);
}

/* multi_dispatch - one request */

static void multi_dispatch(struct stream *client)
{
    struct server_state *st = &server_state;

    multi_current = client;
    multi_current_gone = 0;
    server_status(MASTER_STAT_TAKEN);
    server_call_begin();
    multi_service(client, st->service_name, st->svc_argv);
    server_call_end();
    server_status(MASTER_STAT_AVAIL);
    st->use_count++;
    multi_current = NULL;
}

/* multi_event - a client is readable (or in error) */

static void multi_event(int event, void *ctx)
{
    struct stream *client = ctx;

    (void) event;
    do {
        multi_dispatch(client);
        if (multi_current_gone)
            return;
        if (stream_failed(client)
            || (stream_at_eof(client) && stream_buffered(client) == 0)) {
            if (msg_verbose)
                msg_info("%s: client gone, disconnecting", stream_name(client));
            multi_server_disconnect(client);
            return;
        }
    } while (stream_buffered(client) > 0);
}

/* multi_attach - a new client */

static void multi_attach(struct stream *client)
{
    const struct server_state *st = &server_state;

    *multi_slot(stream_fd(client)) = client;
    server_state.clients++;
    server_idle_cancel();
    event_enable_read(stream_fd(client), multi_event, client);
    if (st->hooks->post_accept)
        st->hooks->post_accept(client, st->service_name, st->svc_argv);
}

/* multi_accept - a listener is readable */

static void multi_accept(int event, void *ctx)
{
    int     fd;

    (void) event;
    server_pre_accept();
    if ((fd = server_accept(*(int *) ctx)) >= 0)
        multi_attach(server_client(fd));
}

void    multi_server_disconnect(struct stream *client)
{
    const struct server_state *st = &server_state;
    int     fd = stream_fd(client);
    struct stream **slot = multi_slot(fd);

    if (*slot != client)
        msg_panic("multi_server_disconnect: unknown client stream");
    if (st->hooks->pre_disconnect)
        st->hooks->pre_disconnect(client, st->service_name, st->svc_argv);
    event_disable_readwrite(fd);
    *slot = NULL;
    if (client == multi_current)
        multi_current_gone = 1;
    (void) stream_close(client);
    if (--server_state.clients == 0)
        server_idle_arm();
}

void    multi_server_main(int argc, char **argv, multi_service_fn fn,
                          const struct server_hooks *h)
{
    multi_service = fn;
    server_init(argc, argv, h, "unix inet");
    if (server_state.standalone) {
        multi_attach(server_stdio());
    } else {
        server_listen(multi_accept);
        server_idle_arm();
    }
    server_run();
}
