/*
 * cleanup_header - the primary header block of a submission
 *
 * Pure: no I/O, no parameters; everything comes in through the
 * arguments, so the unit test and the fuzz target compile it directly.
 *
 * Collecting.  hdr_block_add() takes one content line (no newline):
 *   HDR_MORE   the line was a header or its continuation, kept
 *   HDR_END    the line is not a header (an empty line or body text):
 *              the block is complete, the line belongs to the body
 *   HDR_FULL   keeping the line would pass the size limit: the block is
 *              complete and the line (and what follows) is body
 * A header is "name:" where name is 1..HDR_NAME_MAX printable ASCII
 * bytes other than ':' (blanks allowed before the colon); a line that
 * starts with a blank continues the previous header.
 *
 * Finishing.  hdr_block_finish() writes the output header lines into
 * out (one argv entry per physical line, no newlines):
 *   - "Received: by HOST (NAME, from userid UID)" + "\tid QID; DATE"
 *     first (only when ctx->received is set);
 *   - every header in order, except Bcc: and Resent-Bcc:, with bare
 *     addresses in address headers (From, Sender, Reply-To, To, Cc,
 *     Errors-To, Return-Receipt-To and their Resent- forms) qualified
 *     as addr@origin;
 *   - then the ones missing: Message-Id: <YYYYMMDDHHMMSS.QID@HOST>,
 *     Date: (RFC 5322, local zone), From: (the sender, with the full
 *     name if known; the null sender gives MAILER-DAEMON@HOST).
 * With ctx->extract it also appends to rcpts the addresses of To:, Cc:
 * and Bcc: (or, when any Resent- header is present, Resent-To/Cc/Bcc),
 * qualified, without duplicates.  It returns the hop count: the number
 * of Received: and Delivered-To: headers the client sent.
 *
 *	struct hdr_block *hdr_block_new(size_t limit);	limit: header_size_limit
 *	void	hdr_block_free(struct hdr_block *hb);
 *	int	hdr_block_add(struct hdr_block *hb, const char *line, size_t len);
 *	int	hdr_block_finish(struct hdr_block *hb, const struct hdr_ctx *ctx,
 *			struct argv *out, struct argv *rcpts);
 *	int	hdr_is_header(const char *line, size_t len);	the name length
 *			(a header line) or 0
 *	void	hdr_qualify(struct buf *out, const char *addr, const char *origin);
 *			addr@origin for a non-empty addr without '@', else addr
 *	void	hdr_addr_list(const char *value, const char *origin,
 *			struct buf *out, struct argv *addrs);
 *			the value with bare addresses qualified (out, may be
 *			NULL) and each address found (addrs, may be NULL)
 */
#ifndef POSTERN_CLEANUP_HEADER_H
#define POSTERN_CLEANUP_HEADER_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "argv.h"
#include "buf.h"

#define HDR_MORE	0
#define HDR_END		1
#define HDR_FULL	2

#define HDR_NAME_MAX	100

struct hdr_block;

struct hdr_ctx {
    const char *myhostname;
    const char *origin;			/* myorigin */
    const char *mail_name;
    const char *queue_id;
    const char *sender;			/* qualified; "" = null sender */
    const char *fullname;		/* NULL = none */
    time_t  now;
    long    uid;			/* the submitting user */
    int     received;			/* add our Received: header */
    int     extract;			/* -t */
};

struct hdr_block *hdr_block_new(size_t limit);
void    hdr_block_free(struct hdr_block *hb);
int     hdr_block_add(struct hdr_block *hb, const char *line, size_t len);
int     hdr_block_finish(struct hdr_block *hb, const struct hdr_ctx *ctx,
                         struct argv *out, struct argv *rcpts);
size_t  hdr_is_header(const char *line, size_t len);
void    hdr_qualify(struct buf *out, const char *addr, const char *origin);
void    hdr_addr_list(const char *value, const char *origin, struct buf *out,
                      struct argv *addrs);

#endif
