/*
 * dsn - a delivery status: what happened to one recipient (or a hop)
 *
 * Implements dsn.h.  A status code is "C.S.D": the class C is 2, 4
 * or 5, subject S and detail D are one to three digits each (RFC 3463
 * puts no tighter bound on them, and neither does Postfix).  dsn_valid
 * wants the whole string to be a code; dsn_parse finds a code at the
 * start of a reply text, where it must be followed by white space or
 * the end of the text.  NULL arguments of dsb_update() mean "".
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dsn.h"
#include "mem.h"

struct dsn_buf *dsb_create(void)
{
    struct dsn_buf *d = xmalloc(sizeof(*d));

    d->status = buf_new(16);
    d->action = buf_new(16);
    d->reason = buf_new(100);
    d->dtype = buf_new(16);
    d->dtext = buf_new(100);
    d->mtype = buf_new(16);
    d->mname = buf_new(100);
    return (d);
}

void    dsb_free(struct dsn_buf *d)
{
    if (d == NULL)
        return;
    buf_free(d->status);
    buf_free(d->action);
    buf_free(d->reason);
    buf_free(d->dtype);
    buf_free(d->dtext);
    buf_free(d->mtype);
    buf_free(d->mname);
    free(d);
}

void    dsb_reset(struct dsn_buf *d)
{
    buf_reset(d->status);
    buf_reset(d->action);
    buf_reset(d->reason);
    buf_reset(d->dtype);
    buf_reset(d->dtext);
    buf_reset(d->mtype);
    buf_reset(d->mname);
}

/* set_or_empty - buf_set that takes NULL for "" */

static void set_or_empty(struct buf *b, const char *s)
{
    buf_set(b, s ? s : "");
}

void    dsb_simple(struct dsn_buf *d, const char *status, const char *fmt, ...)
{
    va_list ap;

    dsb_reset(d);
    set_or_empty(d->status, status);
    va_start(ap, fmt);
    buf_vprintf(d->reason, fmt, ap);
    va_end(ap);
}

void    dsb_update(struct dsn_buf *d, const char *status, const char *action,
                   const char *mtype, const char *mname, const char *dtype,
                   const char *dtext, const char *fmt, ...)
{
    va_list ap;

    set_or_empty(d->status, status);
    set_or_empty(d->action, action);
    set_or_empty(d->mtype, mtype);
    set_or_empty(d->mname, mname);
    set_or_empty(d->dtype, dtype);
    set_or_empty(d->dtext, dtext);
    buf_reset(d->reason);
    va_start(ap, fmt);
    buf_vprintf(d->reason, fmt, ap);
    va_end(ap);
}

struct dsn dsb_dsn(const struct dsn_buf *d)
{
    struct dsn dsn;

    dsn.status = d->status->data;
    dsn.action = d->action->data;
    dsn.reason = d->reason->data;
    dsn.dtype = d->dtype->data;
    dsn.dtext = d->dtext->data;
    dsn.mtype = d->mtype->data;
    dsn.mname = d->mname->data;
    return (dsn);
}

/* digits - length of a run of one to three digits at p, or 0 */

static size_t digits(const char *p)
{
    size_t  n = 0;

    while (n < 3 && isdigit((unsigned char) p[n]))
        n++;
    return (isdigit((unsigned char) p[n]) ? 0 : n);
}

/* dsn_span - length of the "C.S.D" code at the start of text, or 0 */

static size_t dsn_span(const char *text)
{
    size_t  pos = 0;
    size_t  n;

    if (text[0] != '2' && text[0] != '4' && text[0] != '5')
        return (0);
    if (text[1] != '.')
        return (0);
    pos = 2;
    if ((n = digits(text + pos)) == 0 || text[pos + n] != '.')
        return (0);
    pos += n + 1;
    if ((n = digits(text + pos)) == 0)
        return (0);
    return (pos + n);
}

int     dsn_valid(const char *status)
{
    size_t  n = dsn_span(status);

    return (n > 0 && status[n] == 0);
}

int     dsn_parse(const char *text, char *out, size_t len)
{
    size_t  n = dsn_span(text);

    if (n == 0 || (text[n] != 0 && !isspace((unsigned char) text[n])))
        return (0);
    if (len <= n)
        return (0);
    memcpy(out, text, n);
    out[n] = 0;
    return ((int) n);
}
