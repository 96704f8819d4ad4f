/*
 * cleanup - turn a submission into a queue file in incoming/
 *
 * Synopsis (master.cf):
 *	cleanup unix n - n - 0 cleanup
 *
 * A single-threaded service (single_server skeleton); each client is
 * one cleanup_session() (cleanup_session.c): a submission becomes a
 * queue file in incoming/, or nothing.
 *
 * Protocol details and layout: doc/DESIGN.md ("Cleanup protocol") and
 * cleanup_user.h.  Not done yet: header/body checks, milters, address
 * rewriting beyond @$myorigin, CLEANUP_FLAG_BOUNCE (errors always go
 * back to the client), hold and discard.
 *
 * Trust: runs as mail_owner, talks to any local user through public/;
 * every client byte is bounded (record length, header_size_limit,
 * message_size_limit) and a violation is a logged protocol error.
 */
#include "cleanup.h"
#include "cleanup_params.h"
#include "mail_server.h"
#include "stream.h"

static void cleanup_service(struct stream *client, const char *service,
                            char **argv)
{
    (void) service;
    (void) argv;
    cleanup_session(client);
}

int     main(int argc, char **argv)
{
    static const struct param_def *const tables[] = {
        cleanup_params, NULL,
    };
    static const struct server_hooks hooks = {
        .params = tables,
    };

    single_server_main(argc, argv, cleanup_service, &hooks);
}
