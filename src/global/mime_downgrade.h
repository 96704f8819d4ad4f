/*
 * mime_downgrade - 8-bit detection and streaming quoted-printable encoding
 *
 * The primitives of the 8-bit to 7-bit conversion that mime_state
 * performs; usable on their own.
 *
 *	int	mime_has_8bit(const void *p, size_t n);
 *			1 if any of the n bytes has its high bit set, else 0
 *			(pure; p may be NULL when n is 0)
 *
 *	void	mime_qp_init(struct mime_qp *q, mime_qp_line_fn fn, void *ctx);
 *	int	mime_qp_put(struct mime_qp *q, const void *p, size_t n);
 *			more bytes of the current input line (any length, any
 *			number of calls per line)
 *	int	mime_qp_end(struct mime_qp *q);
 *			end of the input line: a hard line break
 *			Both return 0, or -1 once fn has failed (then fn is
 *			not called again).
 *
 * The encoder (RFC 2045 section 6.7) hands each encoded output line,
 * without a line terminator, to fn(ctx, text, len); fn returns 0, or
 * non-zero to stop.  Every output line is complete: at most 76
 * characters, the soft break "=" included.  Bytes 33-126 except '='
 * are literal; space and tab are literal except as the last character
 * of an input line, where they become =20 and =09; everything else
 * (including CR, NUL and 8-bit bytes) becomes =XX with upper-case hex.
 * Each input line end becomes a hard line break (the writer adds CRLF).
 * A '-' that would begin a soft-break continuation line is written as
 * =2D, so that encoding can never create a line that looks like a
 * multipart boundary ("--...") that was not in the input.
 */
#ifndef POSTERN_MIME_DOWNGRADE_H
#define POSTERN_MIME_DOWNGRADE_H

#include <stddef.h>

#define MIME_QP_LINE_MAX 76		/* RFC 2045 6.7 rule 5 */

typedef int (*mime_qp_line_fn)(void *ctx, const char *text, size_t len);

struct mime_qp {
    mime_qp_line_fn fn;
    void   *ctx;
    char    line[MIME_QP_LINE_MAX + 1];	/* output line being built */
    size_t  col;			/* bytes in line */
    char    tok[3];			/* encoding of the last input byte */
    size_t  ntok;			/* 0 = none pending */
    int     tok_ws;			/* pending byte is space or tab */
    int     soft;			/* line continues after a soft break */
    int     failed;			/* fn returned non-zero */
};

int     mime_has_8bit(const void *p, size_t n);
void    mime_qp_init(struct mime_qp *q, mime_qp_line_fn fn, void *ctx);
int     mime_qp_put(struct mime_qp *q, const void *p, size_t n);
int     mime_qp_end(struct mime_qp *q);

#endif
