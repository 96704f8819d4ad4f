/*
 * smtp_pass - hand recipients to another delivery agent (best_mx_transport)
 *
 *	int	smtp_pass_all(struct smtp_state *state, const char *transport);
 *			TRANSPORT is "name" or "name:nexthop"; every live
 *			recipient goes to private/name in a request of its
 *			own (as Postfix's deliver_pass_all does), with the
 *			nexthop given or the request's.  Returns the status
 *			to add to the request's (non-zero if any recipient
 *			was deferred or could not be passed).
 *
 * Used when mail for a domain loops back to this host and
 * best_mx_transport names where such mail goes instead.  This is the
 * client side of the delivery request protocol (reference 3): read the
 * announcement, send the 23 common attributes and one recipient list,
 * read the final reply.  The agent on the other side reports the
 * recipient and marks it done in the queue file; we only log
 * "QUEUEID: passing <ADDR> to transport=NAME".  If the hand-off itself
 * fails (no such service, protocol error), the recipient is deferred
 * here with 4.3.0 "mail transport unavailable".
 *
 * The other agent is trusted as far as qmgr is: its reply is read
 * strictly and bounded by ipc_timeout.
 */
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "buf.h"
#include "deliver_request.h"
#include "dsn.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "sock.h"
#include "smtp.h"
#include "stream.h"

/* pass_one - one recipient, one request; 0 done, 1 deferred there, -1 failed */

static int pass_one(struct smtp_state *state, const char *name,
                    const char *nexthop, struct recipient *rcpt)
{
    struct deliver_request *r = state->request;
    struct buf *path = buf_new(100);
    struct buf *junk = buf_new(100);
    struct stream *s;
    long    ms = (long) var_ipc_timeout * 1000;
    int     stat = -1;
    int     fd;
    int     n;

    buf_printf(path, "private/%s", name);
    if ((fd = unix_connect(buf_str(path), 1, ms > 0x7fffffffL ? 0x7fffffff :
                           (int) ms)) < 0) {
        msg_warn("connect to transport %s: %m", buf_str(path));
        buf_free(path);
        buf_free(junk);
        return -1;
    }
    s = stream_open(fd);
    stream_set_name(s, buf_str(path));
    stream_set_timeout(s, ms > 0x7fffffffL ? 0x7fffffff : (int) ms);
    if (attr_expect_protocol(s, ATTR_ENC_0, DELIVER_PROTOCOL) < 0
        || attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                      SEND_INT("flags", r->flags),
                      SEND_STR("queue_name", r->queue_name),
                      SEND_STR("queue_id", r->queue_id),
                      SEND_LONG("offset", r->data_offset),
                      SEND_LONG("size", r->data_size),
                      SEND_STR("nexthop", nexthop),
                      SEND_STR("encoding", r->encoding),
                      SEND_INT("smtputf8", r->sendopts),
                      SEND_STR("sender", r->sender),
                      SEND_STR("envelope_id", r->dsn_envid),
                      SEND_INT("ret_flags", r->dsn_ret),
                      SEND_DATA("time", sizeof(r->msg_stats), &r->msg_stats),
                      SEND_STR("log_client_name", r->client_name),
                      SEND_STR("log_client_address", r->client_addr),
                      SEND_STR("log_client_port", r->client_port),
                      SEND_STR("log_protocol_name", r->client_proto),
                      SEND_STR("log_helo_name", r->client_helo),
                      SEND_STR("sasl_method", r->sasl_method),
                      SEND_STR("sasl_username", r->sasl_username),
                      SEND_STR("sasl_sender", r->sasl_sender),
                      SEND_STR("log_ident", r->log_ident),
                      SEND_STR("rewrite_context", r->rewrite_context),
                      SEND_INT("recipient_count", 1),
                      ATTR_END) < 0
        || attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                      SEND_STR("original_recipient", rcpt->orig_addr),
                      SEND_STR("recipient", rcpt->address),
                      SEND_LONG("offset", rcpt->offset),
                      SEND_STR("dsn_orig_rcpt", rcpt->dsn_orcpt),
                      SEND_INT("notify_flags", rcpt->dsn_notify),
                      ATTR_END) < 0) {
        msg_warn("%s: send request to transport %s failed", r->queue_id,
                 buf_str(path));
    } else {
        n = attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                      RECV_STR("status", junk), RECV_STR("diag_type", junk),
                      RECV_STR("diag_text", junk), RECV_STR("mta_type", junk),
                      RECV_STR("mta_mname", junk), RECV_STR("action", junk),
                      RECV_STR("reason", junk), RECV_INT("status", &stat),
                      ATTR_END);
        if (n != 8) {
            msg_warn("%s: malformed response from transport %s",
                     r->queue_id, buf_str(path));
            stat = -1;
        } else {
            stat = stat ? 1 : 0;
        }
    }
    (void) stream_close(s);
    buf_free(path);
    buf_free(junk);
    return stat;
}

int     smtp_pass_all(struct smtp_state *state, const char *transport)
{
    struct deliver_request *r = state->request;
    char   *name = xstrdup(transport);
    char   *colon = strchr(name, ':');
    const char *nexthop = r->nexthop;
    struct recipient *rcpt;
    size_t  n;
    int     status = 0;
    int     st;

    if (colon) {
        *colon = 0;
        if (colon[1])
            nexthop = colon + 1;
    }
    for (n = 0; n < state->rcpt_left; n++) {
        rcpt = r->rcpt_list.info + n;
        if (SMTP_RCPT_ISMARKED(rcpt))
            continue;
        msg_info("%s: passing <%s> to transport=%s", r->queue_id,
                 rcpt->address, name);
        st = pass_one(state, name, nexthop, rcpt);
        if (st < 0) {
            dsb_simple(state->why, "4.3.0", "mail transport unavailable");
            smtp_rcpt_report(state, rcpt, 1);
            status = -1;
        } else {
            if (st > 0)
                status = -1;
            smtp_rcpt_drop(state, rcpt);
        }
    }
    free(name);
    smtp_rcpt_cleanup(state);
    return status;
}
