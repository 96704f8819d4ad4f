/*
 * cleanup - turn a submission into a queue file in incoming/
 *
 * Synopsis (master.cf):
 *	cleanup unix n - n - 0 cleanup
 *
 * A single-threaded service (single_server skeleton).  Per client:
 * create the queue file (cleanup_out.c), announce "protocol" =
 * "cleanup_protocol" and "queue_id", read "flags", then queue file
 * records: envelope (cleanup_envelope.c) up to 'M', content
 * (cleanup_message.c) up to 'X', extracted records
 * (cleanup_extracted.c) up to 'E'.  Then, if nothing went wrong, the
 * file is committed (size record, fsync, mode 0700, qmgr wake-up) and
 * the reply is "status" 0; otherwise the file is removed and the reply
 * carries the CLEANUP_STAT_* bits and a reason.  A client that goes
 * away or breaks the record format before 'E' gets no reply and leaves
 * no file.  The Received: header names the submitting user, taken from
 * the socket's peer credentials, not from anything the client says.
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
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "cleanup.h"
#include "cleanup_params.h"
#include "cleanup_user.h"
#include "mail_params.h"
#include "mail_server.h"
#include "mem.h"
#include "msg.h"
#include "record.h"
#include "stream.h"

#define CLEANUP_RECORD_LIMIT	(1 << 20)	/* one record from a client */

void    cleanup_fail(struct cleanup_state *st, int status, const char *fmt, ...)
{
    va_list ap;

    if (st->status == 0) {
        buf_reset(st->reason);
        va_start(ap, fmt);
        buf_vprintf(st->reason, fmt, ap);
        va_end(ap);
    }
    st->status |= status;
}

/* peer_uid - the client's uid from the socket; our own if not a socket */

static long peer_uid(struct stream *client)
{
    struct ucred cred;
    socklen_t len = sizeof(cred);

    if (getsockopt(stream_fd(client), SOL_SOCKET, SO_PEERCRED, &cred,
                   &len) == 0 && len == sizeof(cred))
        return (long) cred.uid;
    return (long) getuid();
}

static struct cleanup_state *state_new(struct stream *client)
{
    struct cleanup_state *st = xcalloc(1, sizeof(*st));

    st->client = client;
    st->uid = peer_uid(client);
    st->reason = buf_new(100);
    st->rcpts = argv_new(8);
    st->xrcpts = argv_new(8);
    st->line = buf_new(256);
    st->hdr = hdr_block_new((size_t) var_header_limit);
    return st;
}

static void state_free(struct cleanup_state *st)
{
    cleanup_env_free(st);
    if (st->hdr)
        hdr_block_free(st->hdr);
    buf_free(st->reason);
    buf_free(st->line);
    argv_free(st->rcpts);
    argv_free(st->xrcpts);
    free(st->queue_id);
    free(st->path);
    free(st);
}

/* read_records - the record stream up to 'E'; -1 if the client broke off */

static int read_records(struct cleanup_state *st)
{
    struct buf *rec = buf_new(1024);
    int     segment = 0;		/* 0 envelope, 1 content, 2 extracted */
    int     type;
    int     ret = -1;

    for (;;) {
        type = rec_get_raw(st->client, rec, CLEANUP_RECORD_LIMIT,
                           REC_FLAG_NONE);
        if (type < 0) {
            msg_warn("%s: %s from %s before the end of the message",
                     st->queue_id, type == REC_TYPE_EOF ? "lost connection"
                     : "bad record or read error", stream_name(st->client));
            break;
        }
        if (segment == 0)
            segment += cleanup_envelope(st, type, rec);
        else if (segment == 1)
            segment += cleanup_message(st, type, rec);
        else if (cleanup_extracted(st, type, rec)) {
            ret = 0;
            break;
        }
    }
    buf_free(rec);
    return ret;
}

static void cleanup_service(struct stream *client, const char *service,
                            char **argv)
{
    struct cleanup_state *st = state_new(client);
    int     flags;

    (void) service;
    (void) argv;
    if (cleanup_out_open(st) < 0) {
        state_free(st);
        return;
    }
    if (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("protocol", CLEANUP_PROTOCOL),
                   SEND_STR(CLEANUP_ATTR_QUEUE_ID, st->queue_id),
                   ATTR_END) != 0
        || attr_scan(client, ATTR_ENC_0, ATTR_FLAG_STRICT,
                     RECV_INT(CLEANUP_ATTR_FLAGS, &flags), ATTR_END) != 1) {
        msg_warn("%s: no flags from %s", st->queue_id, stream_name(client));
        cleanup_out_remove(st);
        state_free(st);
        return;
    }
    st->flags = flags & 0xffff;
    if (read_records(st) < 0) {
        cleanup_out_remove(st);
        state_free(st);
        return;
    }
    if (CLEANUP_STATE_OK(st) && cleanup_out_commit(st) == 0) {
        msg_info("%s: uid=%ld from=<%s> nrcpt=%lu", st->queue_id, st->uid,
                 st->sender, (unsigned long) st->rcpts->argc);
    } else {
        cleanup_out_remove(st);
        msg_warn("%s: message rejected: %s", st->queue_id,
                 buf_str(st->reason));
    }
    if (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_INT(CLEANUP_ATTR_STATUS, st->status),
                   SEND_STR(CLEANUP_ATTR_REASON, buf_str(st->reason)),
                   ATTR_END) != 0)
        msg_warn("%s: cannot send the status to %s", st->queue_id,
                 stream_name(client));
    state_free(st);
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
