/*
 * single_server - skeleton for a process that serves one client at a time
 *
 * single_server_main() (mail_server.h): start-up as described in
 * mail_server.c, then accept on the listening fds 6.. (-t unix or
 * inet).  Per connection: pre_accept hook, accept(), TAKEN to master,
 * service(stream) with the watchdog restarted before and after, close
 * the stream, AVAIL, count one use.  The service runs to completion
 * inside the event loop, so master's EOF on fd 5, max_idle and the use
 * limit are acted on between clients, never during one.
 *
 * With -S the one client is stdin/stdout; the process exits after it.
 *
 * Trust: as mail_server.c; the service function runs unprivileged
 * (with -u) and only after post_init.
 */
#include "mail_server_impl.h"
#include "master_proto.h"

static single_service_fn single_service;

/* single_serve - one client, start to end */

static void single_serve(struct stream *client)
{
    struct server_state *st = &server_state;

    st->clients = 1;
    server_status(MASTER_STAT_TAKEN);
    server_call_begin();
    single_service(client, st->service_name, st->svc_argv);
    server_call_end();
    (void) stream_close(client);
    st->clients = 0;
    server_status(MASTER_STAT_AVAIL);
    st->use_count++;
}

/* single_accept - a listener is readable */

static void single_accept(int event, void *ctx)
{
    int     fd;

    (void) event;
    server_pre_accept();
    if ((fd = server_accept(*(int *) ctx)) < 0)
        return;
    server_idle_cancel();
    single_serve(server_client(fd));
    server_idle_arm();
}

void    single_server_main(int argc, char **argv, single_service_fn fn,
                           const struct server_hooks *h)
{
    single_service = fn;
    server_init(argc, argv, h, "unix inet");
    if (server_state.standalone) {
        single_serve(server_stdio());
        server_exit();
    }
    server_listen(single_accept);
    server_idle_arm();
    server_run();
}
