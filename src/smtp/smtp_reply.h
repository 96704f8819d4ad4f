/*
 * smtp_reply - parse SMTP/LMTP server replies (pure, bounded)
 *
 * A reply is one or more lines "DDD-text" ending with "DDD text" or a
 * bare "DDD" (RFC 5321 section 4.2).  The parser is fed one line at a
 * time (without its CRLF) and says whether more lines must follow.  It
 * knows nothing of sockets, so the unit tests and the fuzz target
 * drive it directly; smtp_chat.c feeds it lines read from the server.
 *
 * What it checks (anything else is a protocol error, never a crash):
 *   - every line starts with three digits, the first 2-5 and the
 *     second 0-5, followed by end of line, ' ' (last line) or '-'
 *     (more lines follow);
 *   - every line of one reply carries the same code;
 *   - a line is at most SMTP_REPLY_LINE_LIMIT bytes, a reply at most
 *     SMTP_REPLY_LINES_LIMIT lines and SMTP_REPLY_TEXT_LIMIT bytes.
 * Bytes below 0x20 (except TAB) and DEL are stored as '?', so the text
 * is safe for logs and for the NUL-terminated attribute protocol.
 *
 * The enhanced status code (RFC 3463 "class.subject.detail", RFC 2034)
 * is taken from the start of the text of the last line, else of the
 * first line, when its class matches the reply code's first digit.
 * Without one it is derived from the reply code: "2.0.0", "4.0.0" or
 * "5.0.0" (as Postfix does); 3xx replies get "" (no status).
 *
 * Interface:
 *	void	smtp_resp_init(struct smtp_resp *r);	 allocates the text
 *	void	smtp_resp_free(struct smtp_resp *r);
 *	void	smtp_resp_reset(struct smtp_resp *r);	 ready for a new reply
 *	int	smtp_resp_line(struct smtp_resp *r, const char *line, size_t len);
 *			SMTP_RESP_MORE: a continuation line, feed the next;
 *			SMTP_RESP_DONE: complete (code, dsn, text set);
 *			SMTP_RESP_ERROR: malformed; r->error says why.
 *			After DONE or ERROR, feeding again without a reset
 *			is an ERROR.
 *	int	smtp_resp_parse(struct smtp_resp *r, const char *data,
 *			size_t len, size_t *used);
 *			splits data at LF (a CR before it is dropped) and
 *			feeds complete lines until the reply is DONE or
 *			ERROR; *used = bytes consumed.  MORE when data ends
 *			before the reply does.
 *	void	smtp_resp_fake(struct smtp_resp *r, const char *dsn);
 *			a local "reply": code 0, the given status, no text
 *	int	smtp_dsn_syntax(const char *text, size_t *len);
 *			1 if text starts with "D.D{1,3}.D{1,3}" (class 2, 4
 *			or 5) followed by end, space or TAB; *len = its
 *			length
 *
 * r->text holds the lines as received (codes included) joined with
 * '\n'; r->nlines counts them.
 */
#ifndef POSTERN_SMTP_REPLY_H
#define POSTERN_SMTP_REPLY_H

#include <stddef.h>

#include "buf.h"

#define SMTP_REPLY_LINE_LIMIT	2048	/* bytes per line, without CRLF */
#define SMTP_REPLY_LINES_LIMIT	200	/* lines per reply */
#define SMTP_REPLY_TEXT_LIMIT	(32 * 1024)	/* bytes per reply */

#define SMTP_RESP_DONE	0
#define SMTP_RESP_MORE	1
#define SMTP_RESP_ERROR	(-1)

#define SMTP_DSN_SIZE	16		/* "5.999.999" + NUL, with room */

struct smtp_resp {
    int     code;			/* 200..599, 0 = none/fake */
    char    dsn[SMTP_DSN_SIZE];		/* enhanced status or "" */
    int     dsn_given;			/* 1: taken from the text */
    struct buf *text;			/* lines joined with '\n' */
    int     nlines;
    int     state;			/* SMTP_RESP_* of the last feed */
    const char *error;			/* why malformed (static text) */
};

void    smtp_resp_init(struct smtp_resp *r);
void    smtp_resp_free(struct smtp_resp *r);
void    smtp_resp_reset(struct smtp_resp *r);
int     smtp_resp_line(struct smtp_resp *r, const char *line, size_t len);
int     smtp_resp_parse(struct smtp_resp *r, const char *data, size_t len,
                        size_t *used);
void    smtp_resp_fake(struct smtp_resp *r, const char *dsn);
int     smtp_dsn_syntax(const char *text, size_t *len);

#endif
