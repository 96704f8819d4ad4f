/*
 * bounce - report a permanent delivery failure (bounce service client)
 *
 * Reference 5.4.  bounce_append() reports that delivery to RCPT failed
 * for good; RELAY is logged as relay= ("host[addr]:port" or "none").
 * The DSN status must be a valid 5.X.X code, else the warning
 *	bounce_append: ignoring dsn code "X"
 * is logged and 5.0.0 used; the DSN action is ignored.  FLAGS are the
 * request's DEL_REQ_FLAG_* bits (deliver_request.h):
 *   MTA_VRFY  address probe: verify_append() with action "undeliverable"
 *             and status DEL_RCPT_STAT_BOUNCE; nothing is bounced.
 *   USR_VRFY  sendmail -bv: trace_append() with action "undeliverable".
 *   otherwise an APPEND request to the bounce service (action "failed",
 *             logged status=bounced), or with soft_bounce = yes to the
 *             defer service (status 4.X.X, action "delayed", logged
 *             status=SOFTBOUNCE); with RECORD also trace_append().  If
 *             that fails the recipient is deferred instead with 4.3.0
 *             "BOUNCE or TRACE service failure" (the service names).
 * Returns 0 when the recipient is done (bounced, or the probe result
 * was recorded), -1 when it stays in the queue (soft bounce, failure).
 *
 * bounce_append_intern() is the same without the status check (for
 * callers that already made the DSN valid).
 *
 * bounce_append_request() is the APPEND request shared with defer and
 * trace (reference 5.3): nrequest=0, flags (only the trace flags,
 * DEL_REQ_TRACE_FLAGS, are sent), queue_id, the five recipient
 * attributes and the seven DSN attributes, to private/SERVICE; it
 * returns the service's status (0 ok) or -1 (logged).
 *
 *	int	bounce_append(int flags, const char *queue_id,
 *			struct msg_stats *stats, struct recipient *rcpt,
 *			const char *relay, struct dsn *dsn);
 *	int	bounce_append_intern(...);	same arguments
 *	int	bounce_append_request(const char *service, int flags,
 *			const char *queue_id, const struct recipient *rcpt,
 *			const struct dsn *dsn);
 */
#ifndef POSTERN_BOUNCE_H
#define POSTERN_BOUNCE_H

#include "dsn.h"
#include "msg_stats.h"
#include "recipient.h"

/* Requests of the bounce daemon (nrequest). */
#define BOUNCE_CMD_APPEND	0
#define BOUNCE_CMD_FLUSH	1
#define BOUNCE_CMD_WARN		2
#define BOUNCE_CMD_VERP		3
#define BOUNCE_CMD_ONE		4
#define BOUNCE_CMD_TRACE	5

int     bounce_append(int flags, const char *queue_id, struct msg_stats *stats,
                      struct recipient *rcpt, const char *relay,
                      struct dsn *dsn);
int     bounce_append_intern(int flags, const char *queue_id,
                             struct msg_stats *stats, struct recipient *rcpt,
                             const char *relay, struct dsn *dsn);
int     bounce_append_request(const char *service, int flags,
                              const char *queue_id,
                              const struct recipient *rcpt,
                              const struct dsn *dsn);

#endif
