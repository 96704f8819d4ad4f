/*
 * smtp_trouble - the error policy of the smtp/lmtp delivery agent
 *
 * Every failure of a delivery attempt comes here, described by what
 * failed, and this module alone decides what happens to the recipients
 * concerned: KEEP them for the next server, or finish them now (defer
 * or bounce, and DROP them).  The rules:
 *
 *   soft error (4.X.X), or a hard error under soft_bounce, at a server
 *   that is not the last one to try: log "QUEUEID: REASON" (info) and
 *   mark the recipients KEEP;
 *   otherwise: defer (4.X.X) or bounce (5.X.X) each recipient
 *   concerned, mark it DROP, and for failures of the whole destination
 *   (throttle) record the first such problem as the request's hop
 *   status, so that qmgr backs off the destination, unless something
 *   was already delivered in this request.
 *
 *	int	smtp_sess_fail(struct smtp_state *state);
 *			state->why is already filled in (connection or
 *			lookup failure); all unmarked recipients; throttle
 *	int	smtp_site_fail(state, mta_name, resp, fmt, ...);
 *			the server refused the session (greeting, HELO,
 *			loop); all unmarked recipients; throttle; the
 *			connection is not cached
 *	int	smtp_mesg_fail(state, mta_name, resp, fmt, ...);
 *			the message was refused for everyone (MAIL FROM,
 *			SIZE, SMTPUTF8); all unmarked recipients
 *	int	smtp_txn_fail(state, mta_name, resp, fmt, ...);
 *			the transaction failed (DATA, end of data); the
 *			unmarked recipients of this transaction only
 *	void	smtp_rcpt_fail(state, rcpt, mta_name, resp, fmt, ...);
 *			one recipient was refused
 *	int	smtp_stream_except(struct smtp_state *state, int code,
 *			const char *description);
 *			the connection broke while DESCRIPTION: lost
 *			(4.4.2 "lost connection with HOST[ADDR] while ..."),
 *			timed out (4.4.2 "conversation with HOST[ADDR] timed
 *			out while ..."), a malformed reply (4.5.0 "protocol
 *			error: malformed reply from HOST[ADDR] while ..."),
 *			or a local data error (4.3.0 "local data error
 *			while talking to HOST[ADDR]"); all unmarked
 *			recipients; throttle; not cached
 *	void	smtp_translit(struct buf *out, const char *text);
 *			reply text with its line breaks as blanks
 * The failing functions return -1 so callers can "return smtp_..(...)".
 *
 * A reply whose code is not 4XX or 5XX where a failure is reported
 * (e.g. 3XX to MAIL FROM) is a protocol error: "Protocol error: " is
 * put before the reason and the status becomes 5.5.0, as in Postfix.
 * mta_name NULL means the problem is local (no remote MTA, no SMTP
 * diagnostic in the DSN).
 */
#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "deliver_request.h"
#include "dsn.h"
#include "mail_params.h"
#include "msg.h"
#include "msg_stats.h"
#include "smtp.h"

void    smtp_translit(struct buf *out, const char *text)
{
    buf_reset(out);
    for (; *text; text++)
        buf_putc(out, *text == '\n' ? ' ' : *text);
}

/* check_code - note replies that suggest a protocol problem */

static void check_code(struct smtp_session *session, int code)
{
    if (code < 400 || code > 599 || code == 555
        || (code >= 500 && code < 510))
        session->error_mask |= SMTP_ERR_MASK_PROTOCOL;
}

/* in_scope - does a bulk failure apply to this recipient */

static int in_scope(const struct recipient *rcpt, int txn_only)
{
    if (SMTP_RCPT_ISMARKED(rcpt))
        return 0;
    return !txn_only || (rcpt->status & SMTP_RCPT_IN_TXN);
}

/* bulk_fail - skip, defer or bounce many recipients */

static int bulk_fail(struct smtp_state *state, int throttle, int txn_only)
{
    struct deliver_request *request = state->request;
    struct smtp_session *session = state->session;
    const char *status = buf_str(state->why->status);
    int     soft_error = (status[0] == '4');
    int     soft_bounce_error = (status[0] == '5' && var_soft_bounce);
    int     aggregate = 0;
    size_t  n;
    struct recipient *rcpt;
    struct dsn dsn;

    if ((soft_error || soft_bounce_error)
        && (state->misc_flags & SMTP_MISC_FLAG_FINAL_SERVER) == 0) {
        msg_info("%s: %s", request->queue_id, buf_str(state->why->reason));
        for (n = 0; n < state->rcpt_left; n++) {
            rcpt = request->rcpt_list.info + n;
            if (in_scope(rcpt, txn_only))
                smtp_rcpt_keep(state, rcpt);
        }
    } else {

        /*
         * All these recipients end here; give them one set of time
         * stamps (set-up time is set-up time, even if no connection).
         */
        if (request->msg_stats.conn_setup_done.tv_sec == 0) {
            msg_stats_now(&request->msg_stats.conn_setup_done);
            request->msg_stats.deliver_done = request->msg_stats.conn_setup_done;
        } else {
            msg_stats_now(&request->msg_stats.deliver_done);
        }
        for (n = 0; n < state->rcpt_left; n++) {
            rcpt = request->rcpt_list.info + n;
            if (!in_scope(rcpt, txn_only))
                continue;
            smtp_rcpt_report(state, rcpt, soft_error);
            if (rcpt->status & SMTP_RCPT_LATER)
                rcpt->status &= ~SMTP_RCPT_LATER;
            aggregate |= (soft_error || soft_bounce_error);
        }
        if (throttle && aggregate
            && (state->misc_flags & SMTP_MISC_FLAG_COMPLETE_SESSION) == 0
            && request->hop_status == NULL) {
            request->hop_status = dsb_create();
            dsn = dsb_dsn(state->why);
            dsb_update(request->hop_status, dsn.status,
                       dsn.status[0] == '4' ? "delayed" : "failed",
                       dsn.mtype, dsn.mname, dsn.dtype, dsn.dtext,
                       "%s", dsn.reason);
        }
    }
    if (throttle && session) {
        session->dont_cache = 1;
        session->throttled = 1;
    }
    return -1;
}

/* fill_dsn - the problem description, from a reply or made up locally */

static void fill_dsn(struct smtp_state *state, const char *mta_name,
                     const struct smtp_resp *resp, const char *fmt,
                     va_list ap)
{
    struct dsn_buf *why = state->why;
    const char *status = resp->dsn;
    int     protocol_error = 0;

    if (resp->code != 0 && resp->code / 100 != 4 && resp->code / 100 != 5) {
        protocol_error = 1;
        status = "5.5.0";
    } else if (status[0] == 0) {
        status = "4.0.0";
    }
    buf_reset(state->scratch);
    if (protocol_error)
        buf_puts(state->scratch, "Protocol error: ");
    buf_vprintf(state->scratch, fmt, ap);
    smtp_translit(state->scratch2, resp->code ? buf_str(resp->text) : "");
    dsb_update(why, status, "", mta_name ? "dns" : "", mta_name ? mta_name : "",
               resp->code ? "smtp" : "", buf_str(state->scratch2),
               "%s", buf_str(state->scratch));
    if (state->session && mta_name && resp->code)
        check_code(state->session, resp->code);
}

int     smtp_sess_fail(struct smtp_state *state)
{
    return bulk_fail(state, SMTP_THROTTLE, 0);
}

int     smtp_site_fail(struct smtp_state *state, const char *mta_name,
                       const struct smtp_resp *resp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fill_dsn(state, mta_name, resp, fmt, ap);
    va_end(ap);
    return bulk_fail(state, SMTP_THROTTLE, 0);
}

int     smtp_mesg_fail(struct smtp_state *state, const char *mta_name,
                       const struct smtp_resp *resp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fill_dsn(state, mta_name, resp, fmt, ap);
    va_end(ap);
    return bulk_fail(state, SMTP_NOTHROTTLE, 0);
}

int     smtp_txn_fail(struct smtp_state *state, const char *mta_name,
                      const struct smtp_resp *resp, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fill_dsn(state, mta_name, resp, fmt, ap);
    va_end(ap);
    return bulk_fail(state, SMTP_NOTHROTTLE, 1);
}

void    smtp_rcpt_fail(struct smtp_state *state, struct recipient *rcpt,
                       const char *mta_name, const struct smtp_resp *resp,
                       const char *fmt, ...)
{
    struct deliver_request *request = state->request;
    const char *status;
    int     soft_error;
    int     soft_bounce_error;
    va_list ap;

    if (SMTP_RCPT_ISMARKED(rcpt)) {
        /* Cannot happen; never lose or double-report a recipient. */
        msg_warn("%s: recipient <%s> is already finished or kept",
                 request->queue_id, rcpt->address);
        return;
    }
    va_start(ap, fmt);
    fill_dsn(state, mta_name, resp, fmt, ap);
    va_end(ap);
    status = buf_str(state->why->status);
    soft_error = (status[0] == '4');
    soft_bounce_error = (status[0] == '5' && var_soft_bounce);

    if ((soft_error || soft_bounce_error)
        && (state->misc_flags & SMTP_MISC_FLAG_FINAL_SERVER) == 0) {
        msg_info("%s: %s", request->queue_id, buf_str(state->why->reason));
        smtp_rcpt_keep(state, rcpt);
    } else {
        smtp_rcpt_report(state, rcpt, soft_error);
    }
}

int     smtp_stream_except(struct smtp_state *state, int code,
                           const char *description)
{
    struct smtp_session *session = state->session;
    struct dsn_buf *why = state->why;
    const char *namaddr = session ? session->namaddr : "(no session)";

    switch (code) {
    case SMTP_ERR_TIME:
        dsb_simple(why, "4.4.2", "conversation with %s timed out while %s",
                   namaddr, description);
        break;
    case SMTP_ERR_PROTO:
        if (session)
            session->error_mask |= SMTP_ERR_MASK_PROTOCOL;
        dsb_simple(why, "4.5.0", "protocol error: malformed reply from %s "
                   "while %s: %s", namaddr, description,
                   session && session->resp.error ? session->resp.error :
                   "bad reply");
        break;
    case SMTP_ERR_DATA:
        if (session)
            session->error_mask |= SMTP_ERR_MASK_DATA;
        dsb_simple(why, "4.3.0", "local data error while talking to %s",
                   namaddr);
        break;
    case SMTP_ERR_EOF:
    default:
        dsb_simple(why, "4.4.2", "lost connection with %s while %s",
                   namaddr, description);
        break;
    }
    if (session) {
        smtp_chat_note(session, buf_str(why->reason));
        session->dont_cache = 1;
    }
    return bulk_fail(state, code == SMTP_ERR_DATA ? SMTP_NOTHROTTLE :
                     SMTP_THROTTLE, 0);
}
