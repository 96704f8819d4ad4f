/*
 * sent - report a successful delivery
 *
 * Implements sent.h.  No DSN filter (smtp_delivery_status_filter) yet.
 */
#include <stdio.h>

#include "defer.h"
#include "deliver_request.h"
#include "log_adhoc.h"
#include "mail_params.h"
#include "msg.h"
#include "sent.h"
#include "trace.h"
#include "verify.h"

/* record_wanted - trace this delivery (-v, or a delay that cleared)? */

static int record_wanted(int flags, const struct recipient *rcpt)
{
    if (flags & DEL_REQ_FLAG_RECORD)
        return 1;
    return (flags & DEL_REQ_FLAG_REC_DLY_SENT)
        && (rcpt->dsn_notify == 0 || (rcpt->dsn_notify & DSN_NOTIFY_DELAY));
}

/* sent_report - a real delivery */

static int sent_report(int flags, const char *queue_id,
                       struct msg_stats *stats, struct recipient *rcpt,
                       const char *relay, struct dsn *dsn)
{
    char    reason[256];

    if (dsn->action == NULL || *dsn->action == 0)
        dsn->action = "delivered";
    if ((!record_wanted(flags, rcpt)
         || trace_append(flags, queue_id, stats, rcpt, relay, dsn) == 0)
        && ((rcpt->dsn_notify & DSN_NOTIFY_SUCCESS) == 0
            || trace_append(flags, queue_id, stats, rcpt, relay, dsn) == 0)) {
        log_adhoc(queue_id, stats, rcpt, relay, dsn, "sent");
        return 0;
    }
    snprintf(reason, sizeof(reason), "%s: %s service failed",
             queue_id, var_trace_service);
    dsn->status = "4.3.0";
    dsn->reason = reason;
    return defer_append(flags, queue_id, stats, rcpt, relay, dsn);
}

int     sent(int flags, const char *queue_id, struct msg_stats *stats,
             struct recipient *rcpt, const char *relay, struct dsn *dsn)
{
    struct dsn my_dsn = *dsn;

    if (my_dsn.status[0] != '2' || !dsn_valid(my_dsn.status)) {
        msg_warn("sent: ignoring dsn code \"%s\"", my_dsn.status);
        my_dsn.status = "2.0.0";
    }
    if (flags & DEL_REQ_FLAG_MTA_VRFY) {
        my_dsn.action = "deliverable";
        return verify_append(queue_id, stats, rcpt, relay, &my_dsn,
                             DEL_RCPT_STAT_OK);
    }
    if (flags & DEL_REQ_FLAG_USR_VRFY) {
        my_dsn.action = "deliverable";
        return trace_append(flags, queue_id, stats, rcpt, relay, &my_dsn);
    }
    return sent_report(flags, queue_id, stats, rcpt, relay, &my_dsn);
}
