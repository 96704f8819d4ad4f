/*
 * qmgr_deliver - the delivery request client, on the event loop
 *
 *	void	qmgr_deliver(struct qentry *e, int conn_flags);
 *
 * Connects to private/TRANSPORT (reference 3.1), and, without blocking
 * the loop while the agent works: waits for the agent's announcement
 * "protocol=delivery_request_protocol", sends the 23 common attributes
 * and one list per recipient of the batch (3.2, 3.3) exactly as
 * Postfix 3.7's qmgr does (flags = the message's trace flags | the
 * destination's CONN_LOAD/CONN_STORE bits | SUCCESS|BOUNCE, or only
 * BOUNCE for a message with a content inspector), waits for the final
 * reply (3.5: the hop DSN and the int status), closes, and reports to
 * qmgr_active_entry_done().
 *
 * Failures: connect, a bad announcement or a failed write before the
 * request was sent make the transport unavailable
 * (qmgr_active_transport_failed: "mail transport unavailable"); a
 * missing or malformed reply is treated as a crashed agent: hop status
 * 4.3.0 "unknown mail transport error" and the batch deferred.  Each
 * read and write is bounded by ipc_timeout once the socket is ready;
 * the wait for the reply itself is not (the agent may take long), as
 * in Postfix, where the watchdog would catch a hung qmgr.
 *
 * Trust: the agent is a postern or Postfix daemon; its reply is parsed
 * strictly with bounded strings (attr_scan).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "deliver_request.h"
#include "dsn.h"
#include "events.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "msg_stats.h"
#include "qmgr.h"
#include "sock.h"
#include "stream.h"

#define QMGR_CONNECT_MS	2000

struct qdeliver {
    struct qentry *e;
    struct stream *s;
    int     flags;
};

static void deliver_free(struct qdeliver *d)
{
    if (d->s) {
        event_disable_readwrite(stream_fd(d->s));
        (void) stream_close(d->s);
    }
    free(d);
}

static int send_common(struct qdeliver *d, const struct qmsg *m)
{
    struct msg_stats st;

    msg_stats_init(&st);
    st.incoming_arrival = m->arrival;
    st.active_arrival = m->active_arrival;
    return (attr_print(d->s, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_INT("flags", d->flags),
                       SEND_STR("queue_name", MAIL_QUEUE_ACTIVE),
                       SEND_STR("queue_id", m->id),
                       SEND_LONG("offset", m->data_offset),
                       SEND_LONG("size", m->content_len),
                       SEND_STR("nexthop", d->e->dest->nexthop),
                       SEND_STR("encoding", m->encoding),
                       SEND_INT("smtputf8", m->smtputf8),
                       SEND_STR("sender", m->sender),
                       SEND_STR("envelope_id", m->envid),
                       SEND_INT("ret_flags", m->ret_flags),
                       SEND_DATA("time", sizeof(st), &st),
                       SEND_STR("log_client_name", ""),
                       SEND_STR("log_client_address", ""),
                       SEND_STR("log_client_port", ""),
                       SEND_STR("log_protocol_name", ""),
                       SEND_STR("log_helo_name", ""),
                       SEND_STR("sasl_method", ""),
                       SEND_STR("sasl_username", ""),
                       SEND_STR("sasl_sender", ""),
                       SEND_STR("log_ident", ""),
                       SEND_STR("rewrite_context", m->rewrite_context),
                       SEND_INT("recipient_count", d->e->nrcpt),
                       ATTR_END));
}

static int send_request(struct qdeliver *d)
{
    const struct qmsg *m = d->e->msg;
    const struct qmsg_rcpt *r;
    int     i;

    if (send_common(d, m) < 0)
        return (-1);
    for (i = 0; i < d->e->nrcpt; i++) {
        r = m->rcpt + d->e->rcpt[i];
        if (attr_print(d->s, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_STR("original_recipient", r->orig),
                       SEND_STR("recipient", r->address),
                       SEND_LONG("offset", r->offset),
                       SEND_STR("dsn_orig_rcpt", r->orcpt),
                       SEND_INT("notify_flags", r->notify),
                       ATTR_END) < 0)
            return (-1);
    }
    return (stream_flush(d->s));
}

/* deliver_reply - the agent's final reply (or its absence) */

static void deliver_reply(int event, void *ctx)
{
    struct qdeliver *d = ctx;
    struct dsn_buf *hop = dsb_create();
    struct qentry *e = d->e;
    struct dsn view;
    int     status = -1;

    (void) event;
    event_disable_readwrite(stream_fd(d->s));
    if (attr_scan(d->s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_STR("status", hop->status),
                  RECV_STR("diag_type", hop->dtype),
                  RECV_STR("diag_text", hop->dtext),
                  RECV_STR("mta_type", hop->mtype),
                  RECV_STR("mta_mname", hop->mname),
                  RECV_STR("action", hop->action),
                  RECV_STR("reason", hop->reason),
                  RECV_INT("status", &status), ATTR_END) != 8) {
        msg_warn("private/%s socket: %s", e->dest->trans->name,
                 stream_at_eof(d->s) ? "premature disconnect"
                 : "malformed response");
        dsb_simple(hop, "4.3.0", "unknown mail transport error");
        status = -1;
    }
    deliver_free(d);
    view = dsb_dsn(hop);
    qmgr_active_entry_done(e, status, &view);
    dsb_free(hop);
}

/* deliver_ready - the agent has accepted: check its hello, send */

static void deliver_ready(int event, void *ctx)
{
    struct qdeliver *d = ctx;
    struct qentry *e = d->e;

    (void) event;
    event_disable_readwrite(stream_fd(d->s));
    if (attr_expect_protocol(d->s, ATTR_ENC_0, DELIVER_PROTOCOL) < 0) {
        msg_warn("private/%s socket: malformed response",
                 e->dest->trans->name);
    } else if (send_request(d) < 0) {
        msg_warn("private/%s socket: write error", e->dest->trans->name);
    } else {
        event_enable_read(stream_fd(d->s), deliver_reply, d);
        return;
    }
    deliver_free(d);
    qmgr_active_transport_failed(e, "mail transport unavailable");
}

void    qmgr_deliver(struct qentry *e, int conn_flags)
{
    struct qdeliver *d;
    struct qmsg *m = e->msg;
    struct buf *path = buf_new(100);
    int     fd;

    buf_printf(path, "%s/%s", MAIL_CLASS_PRIVATE, e->dest->trans->name);
    if ((fd = unix_connect(buf_str(path), 0, QMGR_CONNECT_MS)) < 0) {
        msg_warn("connect to transport %s: %m", buf_str(path));
        buf_free(path);
        qmgr_active_transport_failed(e, "mail transport unavailable");
        return;
    }
    (void) sock_set_cloexec(fd, 1);
    d = xcalloc(1, sizeof(*d));
    d->e = e;
    d->flags = DEL_REQ_TRACE_FLAGS(m->trace_flags) | conn_flags
        | (m->inspect ? DEL_REQ_FLAG_BOUNCE
           : DEL_REQ_FLAG_SUCCESS | DEL_REQ_FLAG_BOUNCE);
    d->s = stream_open(fd);
    stream_set_name(d->s, buf_str(path));
    stream_set_timeout(d->s, var_ipc_timeout * 1000);
    buf_free(path);
    event_enable_read(fd, deliver_ready, d);
}
