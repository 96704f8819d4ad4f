/*
 * smtp_rcpt - recipient bookkeeping and final reports
 *
 * Every recipient ends exactly once: here, through sent(),
 * bounce_append() or defer_append(), after which it is marked DROP
 * and never looked at again.  A recipient is marked done in the queue
 * file (deliver_completed) only when the report succeeded and the
 * report allows it (reference 4.6): after sent() only if the request
 * has DEL_REQ_FLAG_SUCCESS, after bounce_append() always, after
 * defer_append() never.  A report that fails makes the request status
 * non-zero, so qmgr keeps the queue file.
 *
 *	void	smtp_rcpt_init(struct smtp_state *state);
 *			every recipient live and unmarked
 *	void	smtp_rcpt_done(struct smtp_state *state,
 *			const struct smtp_resp *resp, struct recipient *rcpt);
 *			the server took it (RCPT reply for probes, end of
 *			data otherwise): "relayed", or "delivered" for LMTP
 *			with lmtp_assume_final and no DSN; NOTIFY=SUCCESS is
 *			left to a server that offers DSN
 *	void	smtp_rcpt_report(struct smtp_state *state,
 *			struct recipient *rcpt, int soft);
 *			defer (soft) or bounce with state->why, then DROP
 *	void	smtp_rcpt_keep/drop(struct smtp_state *state,
 *			struct recipient *rcpt);
 *	void	smtp_rcpt_cleanup(struct smtp_state *state);
 *			after a session: dropped recipients move behind
 *			rcpt_left (order of the others kept), kept ones are
 *			unmarked for the next server
 *	const char *smtp_relay_name(const struct smtp_state *state);
 *			relay= text: "host[addr]:port", or "none"
 */
#include <stdlib.h>
#include <string.h>

#include "bounce.h"
#include "defer.h"
#include "deliver_request.h"
#include "dsn.h"
#include "mem.h"
#include "msg.h"
#include "sent.h"
#include "smtp.h"

void    smtp_rcpt_init(struct smtp_state *state)
{
    struct rcpt_list *list = &state->request->rcpt_list;
    size_t  n;

    state->rcpt_left = list->len;
    state->rcpt_drop = 0;
    state->rcpt_keep = 0;
    for (n = 0; n < list->len; n++)
        list->info[n].status = 0;
}

const char *smtp_relay_name(const struct smtp_state *state)
{
    return state->session ? state->session->namaddrport : "none";
}

void    smtp_rcpt_keep(struct smtp_state *state, struct recipient *rcpt)
{
    rcpt->status = SMTP_RCPT_KEEP;
    state->rcpt_keep++;
}

void    smtp_rcpt_drop(struct smtp_state *state, struct recipient *rcpt)
{
    rcpt->status = SMTP_RCPT_DROP;
    state->rcpt_drop++;
}

void    smtp_rcpt_report(struct smtp_state *state, struct recipient *rcpt,
                         int soft)
{
    struct deliver_request *request = state->request;
    struct dsn dsn = dsb_dsn(state->why);
    int     status;

    status = (soft ? defer_append : bounce_append)
        (DEL_REQ_TRACE_FLAGS(request->flags), request->queue_id,
         &request->msg_stats, rcpt, smtp_relay_name(state), &dsn);
    if (status == 0)
        deliver_completed(request, rcpt->offset);
    smtp_rcpt_drop(state, rcpt);
    state->status |= status;
}

void    smtp_rcpt_done(struct smtp_state *state, const struct smtp_resp *resp,
                       struct recipient *rcpt)
{
    struct deliver_request *request = state->request;
    struct smtp_session *session = state->session;
    struct recipient xrcpt = *rcpt;
    const char *action = "relayed";
    struct dsn dsn;
    int     status;

    if (SMTP_RCPT_ISMARKED(rcpt)) {
        msg_warn("%s: recipient <%s> is already finished or kept",
                 request->queue_id, rcpt->address);
        return;
    }
    if (!smtp_mode && (session->features & SMTP_FEATURE_DSN) == 0
        && var_lmtp_assume_final)
        action = "delivered";
    /* A server that offers DSN sends the success notice itself. */
    if (session->features & SMTP_FEATURE_DSN)
        xrcpt.dsn_notify &= ~DSN_NOTIFY_SUCCESS;
    smtp_translit(state->scratch2, buf_str(resp->text));
    dsb_update(state->why, resp->dsn, action, "dns", session->host, "smtp",
               buf_str(state->scratch2), "%s", buf_str(state->scratch2));
    dsn = dsb_dsn(state->why);
    status = sent(DEL_REQ_TRACE_FLAGS(request->flags), request->queue_id,
                  &request->msg_stats, &xrcpt, session->namaddrport, &dsn);
    if (status == 0) {
        if (request->flags & DEL_REQ_FLAG_SUCCESS)
            deliver_completed(request, rcpt->offset);
        state->misc_flags |= SMTP_MISC_FLAG_COMPLETE_SESSION;
    }
    smtp_rcpt_drop(state, rcpt);
    state->status |= status;
}

void    smtp_rcpt_cleanup(struct smtp_state *state)
{
    struct recipient *info = state->request->rcpt_list.info;
    struct recipient *tmp;
    size_t  n;
    size_t  live = 0;
    size_t  dropped;

    if (state->rcpt_left == 0)
        return;
    tmp = xcalloc(state->rcpt_left, sizeof(*tmp));
    for (n = 0; n < state->rcpt_left; n++)
        if ((info[n].status & SMTP_RCPT_DROP) == 0)
            live++;
    dropped = live;
    live = 0;
    for (n = 0; n < state->rcpt_left; n++) {
        if (info[n].status & SMTP_RCPT_DROP) {
            tmp[dropped++] = info[n];
        } else {
            tmp[live] = info[n];
            tmp[live++].status = 0;
        }
    }
    memcpy(info, tmp, state->rcpt_left * sizeof(*tmp));
    free(tmp);
    state->rcpt_left = live;
    state->rcpt_drop = 0;
    state->rcpt_keep = 0;
}
