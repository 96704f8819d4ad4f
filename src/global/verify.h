/*
 * verify - record the result of an address verification probe
 *
 * Reference 5.5.  verify_append() is called by sent, bounce_append and
 * defer_append for MTA_VRFY requests.  When address_verify_negative_cache
 * = yes or the status is DEL_RCPT_STAT_OK it sends a verify update for
 * the original recipient (when not empty) and, when that succeeded and
 * the recipient differs from it, for the recipient; otherwise nothing
 * is sent and the action becomes "undeliverable-but-not-cached".  Then
 * the line is logged with status= the action ("deliverable",
 * "undeliverable", ...), return 0; if an update was refused: warning
 * "ID: verify service failure", return -1.
 *
 *	int	verify_append(const char *queue_id, struct msg_stats *stats,
 *			struct recipient *rcpt, const char *relay,
 *			struct dsn *dsn, int vrfy_stat);
 *			vrfy_stat: DEL_RCPT_STAT_* (verify_clnt.h)
 */
#ifndef POSTERN_VERIFY_H
#define POSTERN_VERIFY_H

#include "dsn.h"
#include "msg_stats.h"
#include "recipient.h"
#include "verify_clnt.h"

int     verify_append(const char *queue_id, struct msg_stats *stats,
                      struct recipient *rcpt, const char *relay,
                      struct dsn *dsn, int vrfy_stat);

#endif
