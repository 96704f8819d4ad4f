/*
 * cleanup_user - the cleanup protocol's constants (Postfix 3.7 values)
 *
 * The conversation (doc/DESIGN.md, "Cleanup protocol"): the server
 * announces "protocol"="cleanup_protocol" and "queue_id" in one list;
 * the client sends "flags" (CLEANUP_FLAG_*); the client sends queue
 * file records ending with 'E'; the server replies "status"
 * (CLEANUP_STAT_* bits, 0 = queued) and "reason" (text, may be empty).
 *
 *	const char *cleanup_strerror(int status);  text for the highest
 *			priority bit set ("Success" for 0)
 *	const char *cleanup_dsn_status(int status);  "4.3.0", "5.3.4", ...
 */
#ifndef POSTERN_CLEANUP_USER_H
#define POSTERN_CLEANUP_USER_H

#define CLEANUP_PROTOCOL	"cleanup_protocol"
#define CLEANUP_ATTR_QUEUE_ID	"queue_id"
#define CLEANUP_ATTR_FLAGS	"flags"
#define CLEANUP_ATTR_STATUS	"status"
#define CLEANUP_ATTR_REASON	"reason"

/* Client processing options ("flags"); bits 16 and up are cleanup's own. */
#define CLEANUP_FLAG_NONE	0
#define CLEANUP_FLAG_BOUNCE	(1<<0)	/* bounce bad messages */
#define CLEANUP_FLAG_FILTER	(1<<1)	/* header/body checks */
#define CLEANUP_FLAG_HOLD	(1<<2)	/* place the message on hold */
#define CLEANUP_FLAG_DISCARD	(1<<3)	/* discard silently */
#define CLEANUP_FLAG_BCC_OK	(1<<4)	/* automatic BCC allowed */
#define CLEANUP_FLAG_MAP_OK	(1<<5)	/* address mapping allowed */
#define CLEANUP_FLAG_MILTER	(1<<6)	/* milter inspection */
#define CLEANUP_FLAG_SMTP_REPLY	(1<<7)	/* reason is an SMTP reply */
#define CLEANUP_FLAG_SMTPUTF8	(1<<8)	/* SMTPUTF8 requested */
#define CLEANUP_FLAG_AUTOUTF8	(1<<9)	/* detect UTF-8 */

#define CLEANUP_FLAG_FILTER_ALL	(CLEANUP_FLAG_FILTER | CLEANUP_FLAG_MILTER)
#define CLEANUP_FLAG_MASK_EXTERNAL \
	(CLEANUP_FLAG_FILTER_ALL | CLEANUP_FLAG_BCC_OK | CLEANUP_FLAG_MAP_OK)
#define CLEANUP_FLAG_MASK_INTERNAL	CLEANUP_FLAG_MAP_OK
/* What an 'f' record inside the envelope may set. */
#define CLEANUP_FLAG_MASK_EXTRA	(CLEANUP_FLAG_HOLD | CLEANUP_FLAG_DISCARD)

/*
 * postern extension, sent in an 'f' record: add the recipients of the
 * To:, Cc: and Bcc: headers (Resent- ones when present), as sendmail -t.
 * Postfix's cleanup would refuse this bit; only postern's clients send it.
 */
#define CLEANUP_XFLAG_EXTRACT	(1<<16)

/* Status bits ("status"). */
#define CLEANUP_STAT_OK		0
#define CLEANUP_STAT_BAD	(1<<0)	/* internal protocol error */
#define CLEANUP_STAT_WRITE	(1<<1)	/* error writing the queue file */
#define CLEANUP_STAT_SIZE	(1<<2)	/* message too big */
#define CLEANUP_STAT_CONT	(1<<3)	/* content rejected */
#define CLEANUP_STAT_HOPS	(1<<4)	/* too many hops */
#define CLEANUP_STAT_RCPT	(1<<6)	/* no recipients */
#define CLEANUP_STAT_PROXY	(1<<7)	/* proxy reject */
#define CLEANUP_STAT_DEFER	(1<<8)	/* temporary reject */
#define CLEANUP_STAT_NOPERM	(1<<9)	/* denied by policy */

/* A client cannot bounce these; they are worth a retry. */
#define CLEANUP_STAT_MASK_CANT_BOUNCE \
	(CLEANUP_STAT_BAD | CLEANUP_STAT_WRITE | CLEANUP_STAT_DEFER)

const char *cleanup_strerror(int status);
const char *cleanup_dsn_status(int status);

#endif
