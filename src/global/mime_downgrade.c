/*
 * mime_downgrade - 8-bit detection and streaming quoted-printable encoding
 *
 * Implements mime_downgrade.h:
 *
 *	int	mime_has_8bit(const void *p, size_t n);
 *	void	mime_qp_init(struct mime_qp *q, mime_qp_line_fn fn, void *ctx);
 *	int	mime_qp_put(struct mime_qp *q, const void *p, size_t n);
 *	int	mime_qp_end(struct mime_qp *q);
 *
 * The encoder keeps the encoding of the most recent input byte pending
 * until it knows whether more bytes follow on the same input line: the
 * last token of a line may use column 76 and a trailing space or tab
 * must be encoded, while any other token must leave room for the "="
 * of a soft break.  Output lines are built in a fixed array, so the
 * output does not depend on how the input line was split into calls.
 */
#include <stdint.h>
#include <string.h>

#include "mime_downgrade.h"

#define QP_SOFT_MAX	(MIME_QP_LINE_MAX - 1)	/* room for "=" */

static const char qp_hex[] = "0123456789ABCDEF";

/* mime_has_8bit - any byte with the high bit set */

int     mime_has_8bit(const void *ptr, size_t n)
{
    const unsigned char *p = ptr;
    uint64_t w;

    for (; n >= sizeof(w); p += sizeof(w), n -= sizeof(w)) {
        memcpy(&w, p, sizeof(w));
        if (w & UINT64_C(0x8080808080808080))
            return 1;
    }
    for (; n > 0; p++, n--)
        if (*p & 0x80)
            return 1;
    return 0;
}

/* qp_escape - write "=XX" for c into tok */

static size_t qp_escape(char *tok, unsigned char c)
{
    tok[0] = '=';
    tok[1] = qp_hex[c >> 4];
    tok[2] = qp_hex[c & 0xf];
    return 3;
}

/* qp_flush - hand the current output line to the caller */

static void qp_flush(struct mime_qp *q)
{
    if (!q->failed && q->fn(q->ctx, q->line, q->col) != 0)
        q->failed = 1;
    q->col = 0;
}

/* qp_place - put the pending token on the output line */

static void qp_place(struct mime_qp *q, int last)
{
    char    tok[3];
    size_t  n = q->ntok;

    memcpy(tok, q->tok, n);
    if (q->tok_ws && last)
        n = qp_escape(tok, (unsigned char) tok[0]);
    if (q->col + n > (last ? MIME_QP_LINE_MAX : QP_SOFT_MAX)) {
        q->line[q->col++] = '=';
        qp_flush(q);
        q->soft = 1;
    }
    if (q->col == 0 && q->soft && n == 1 && tok[0] == '-')
        n = qp_escape(tok, '-');
    memcpy(q->line + q->col, tok, n);
    q->col += n;
    q->ntok = 0;
}

/* qp_token - make byte c the pending token */

static void qp_token(struct mime_qp *q, unsigned char c)
{
    q->tok_ws = (c == ' ' || c == '\t');
    if (q->tok_ws || (c >= 33 && c <= 126 && c != '=')) {
        q->tok[0] = (char) c;
        q->ntok = 1;
    } else {
        q->ntok = qp_escape(q->tok, c);
    }
}

void    mime_qp_init(struct mime_qp *q, mime_qp_line_fn fn, void *ctx)
{
    memset(q, 0, sizeof(*q));
    q->fn = fn;
    q->ctx = ctx;
}

int     mime_qp_put(struct mime_qp *q, const void *ptr, size_t n)
{
    const unsigned char *p = ptr;

    for (; n > 0; p++, n--) {
        if (q->ntok)
            qp_place(q, 0);
        qp_token(q, *p);
    }
    return q->failed ? -1 : 0;
}

int     mime_qp_end(struct mime_qp *q)
{
    if (q->ntok)
        qp_place(q, 1);
    qp_flush(q);
    q->soft = 0;
    return q->failed ? -1 : 0;
}
