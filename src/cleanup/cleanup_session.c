/*
 * cleanup_session - one client, from the announcement to the reply
 *
 *	void	cleanup_session(struct stream *client);
 *
 * Creates the queue file (cleanup_out.c), announces "protocol" =
 * "cleanup_protocol" and "queue_id", reads "flags", then the records:
 * envelope (cleanup_envelope.c) up to 'M', content (cleanup_message.c)
 * up to 'X', extracted records (cleanup_extracted.c) up to 'E'.  If
 * nothing went wrong the file is committed (size record, fsync, mode
 * 0700, qmgr wake-up) and the reply is "status" 0, "reason" ""; else
 * the file is removed and the reply carries the CLEANUP_STAT_* bits and
 * the reason.  A client that goes away or breaks the record format
 * before 'E' gets no reply and leaves no file.  The submitting user is
 * the socket's peer (SO_PEERCRED), not anything the client says.
 *
 *	void	cleanup_fail(struct cleanup_state *st, int status,
 *			const char *fmt, ...);	set a status bit; the first
 *			failure's text becomes the reason
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

void    cleanup_session(struct stream *client)
{
    struct cleanup_state *st = state_new(client);
    int     flags;

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

