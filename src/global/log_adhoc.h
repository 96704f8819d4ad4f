/*
 * log_adhoc - the per-recipient delivery log line
 *
 * Reference 7.2.  log_adhoc() logs (msg_info) one line:
 *
 *   ID: to=<RCPT>, [orig_to=<ORCPT>, ]relay=RELAY, [conn_use=N, ]delay=T,
 *	delays=a/b/c/d, dsn=X.Y.Z, status=WORD (REASON)
 *
 * orig_to appears when the original recipient is not empty and differs
 * from the recipient ignoring case; conn_use (reuse_count + 1) when the
 * connection was used before.  Addresses are in the external (quoted)
 * form unless info_log_address_format = internal; an empty address is
 * "<>".  The time "now" is deliver_done when set, else the current time.
 * delay = now - incoming_arrival; a/b/c/d are the time before qmgr, in
 * qmgr, in connection set-up and in transmission, with Postfix's rules
 * for missing stamps; negative differences count as 0.  Numbers are
 * formatted by log_adhoc_format_tv() with delay_logging_resolution_limit.
 *
 *	void	log_adhoc(const char *id, const struct msg_stats *stats,
 *			const struct recipient *rcpt, const char *relay,
 *			const struct dsn *dsn, const char *status);
 *	void	log_adhoc_format(struct buf *out, const char *id,
 *			const struct msg_stats *stats,
 *			const struct recipient *rcpt, const char *relay,
 *			const struct dsn *dsn, const char *status,
 *			const struct timeval *now);
 *			the line (appended to out), with "now" given for
 *			the case that deliver_done is not set
 *	void	log_adhoc_format_tv(struct buf *out, long sec, long usec,
 *			int max_dig);
 *			pure: appends sec.usec with at most 2 significant
 *			digits and at most max_dig (0..6) decimals: values
 *			>= 10 s as integers, 1-9.99 s with one decimal,
 *			smaller ones with the decimals needed for two
 *			significant digits; rounds half a step up; trailing
 *			zeros dropped; "0" below the resolution.  Requires
 *			sec >= 0 and 0 <= usec <= 1000000 (else panic).
 *	void	log_addr_form(struct buf *out, const char *addr);
 *			appends addr in the info_log_address_format form:
 *			external quotes a local part that is not an RFC
 *			5321 dot-string ("a b"@example.com), internal and
 *			the empty address are copied as they are.  An
 *			unknown format is fatal.
 */
#ifndef POSTERN_LOG_ADHOC_H
#define POSTERN_LOG_ADHOC_H

#include <sys/time.h>

#include "buf.h"
#include "dsn.h"
#include "msg_stats.h"
#include "recipient.h"

#define LOG_ADHOC_SIG_DIGITS	2
#define NO_RELAY_AGENT		"none"

void    log_adhoc(const char *id, const struct msg_stats *stats,
                  const struct recipient *rcpt, const char *relay,
                  const struct dsn *dsn, const char *status);
void    log_adhoc_format(struct buf *out, const char *id,
                         const struct msg_stats *stats,
                         const struct recipient *rcpt, const char *relay,
                         const struct dsn *dsn, const char *status,
                         const struct timeval *now);
void    log_adhoc_format_tv(struct buf *out, long sec, long usec, int max_dig);
void    log_addr_form(struct buf *out, const char *addr);

#endif
