/*
 * trace - record a delivery result in the message's trace log
 *
 * Reference 5.4.  trace_append() sends an APPEND request to the trace
 * service (trace_service_name) for sendmail -v (RECORD), sendmail -bv
 * (USR_VRFY), DSN NOTIFY=SUCCESS and confirm_delay_cleared.  The reason
 * sent is "delivery via RELAY: REASON", or just REASON when RELAY is
 * "none"; the action is the DSN's.  For USR_VRFY the result is also
 * logged (log_adhoc, the original reason, status= the DSN action).
 * Returns 0, or -1 after the warning "ID: trace service failure".
 *
 *	int	trace_append(int flags, const char *queue_id,
 *			struct msg_stats *stats, struct recipient *rcpt,
 *			const char *relay, struct dsn *dsn);
 */
#ifndef POSTERN_TRACE_H
#define POSTERN_TRACE_H

#include "dsn.h"
#include "msg_stats.h"
#include "recipient.h"

int     trace_append(int flags, const char *queue_id, struct msg_stats *stats,
                     struct recipient *rcpt, const char *relay,
                     struct dsn *dsn);

#endif
