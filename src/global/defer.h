/*
 * defer - report a temporary delivery failure (defer service client)
 *
 * Reference 5.4.  defer_append() reports that delivery to RCPT must be
 * tried again later.  The DSN status must be a valid 4.X.X code, else
 * the warning
 *	defer_append: ignoring dsn code "X"
 * is logged and 4.0.0 used; the DSN action is ignored.  FLAGS are the
 * request's DEL_REQ_FLAG_* bits:
 *   MTA_VRFY  address probe: verify_append() with action "undeliverable"
 *             and status DEL_RCPT_STAT_DEFER; its result is returned.
 *   USR_VRFY  sendmail -bv: trace_append() with action "undeliverable";
 *             its result is returned.
 *   otherwise action "delayed": an APPEND request to the defer service
 *             (failure: warning "ID: defer service failure"), the log
 *             line with status=deferred, with RECORD also trace_append()
 *             (failure: warning "ID: trace service failure"), and when
 *             the recipient's domain matches fast_flush_domains a
 *             flush_add() (failure other than "denied": warning
 *             "ID: flush service failure").  Returns -1: the recipient
 *             stays in the queue.
 * (The service names in the warnings are the *_service_name values.)
 *
 * defer_append_intern() is the same without the status check.
 *
 *	int	defer_append(int flags, const char *queue_id,
 *			struct msg_stats *stats, struct recipient *rcpt,
 *			const char *relay, struct dsn *dsn);
 *	int	defer_append_intern(...);	same arguments
 */
#ifndef POSTERN_DEFER_H
#define POSTERN_DEFER_H

#include "dsn.h"
#include "msg_stats.h"
#include "recipient.h"

int     defer_append(int flags, const char *queue_id, struct msg_stats *stats,
                     struct recipient *rcpt, const char *relay,
                     struct dsn *dsn);
int     defer_append_intern(int flags, const char *queue_id,
                            struct msg_stats *stats, struct recipient *rcpt,
                            const char *relay, struct dsn *dsn);

#endif
