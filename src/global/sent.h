/*
 * sent - report a successful delivery
 *
 * Reference 5.4.  sent() reports that RCPT was delivered (or, for a
 * probe, could be).  The DSN status must be a valid 2.X.X code, else
 * the warning
 *	sent: ignoring dsn code "X"
 * is logged and 2.0.0 used.  FLAGS are the request's DEL_REQ_FLAG_*:
 *   MTA_VRFY  verify_append() with action "deliverable", DEL_RCPT_STAT_OK.
 *   USR_VRFY  trace_append() with action "deliverable".
 *   otherwise the action defaults to "delivered" when empty (smtp
 *             passes "relayed"); trace_append() once when RECORD is set,
 *             or REC_DLY_SENT is set and the recipient's NOTIFY is 0 or
 *             includes DELAY; and once more when NOTIFY includes
 *             SUCCESS.  Then the line with status=sent, return 0.  If a
 *             trace request failed: defer_append() with 4.3.0
 *             "ID: trace service failed" (returns -1).
 * Probes return the verify_append()/trace_append() result.
 *
 *	int	sent(int flags, const char *queue_id, struct msg_stats *stats,
 *			struct recipient *rcpt, const char *relay,
 *			struct dsn *dsn);
 */
#ifndef POSTERN_SENT_H
#define POSTERN_SENT_H

#include "dsn.h"
#include "msg_stats.h"
#include "recipient.h"

int     sent(int flags, const char *queue_id, struct msg_stats *stats,
             struct recipient *rcpt, const char *relay, struct dsn *dsn);

#endif
