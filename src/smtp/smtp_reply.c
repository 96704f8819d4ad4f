/*
 * smtp_reply - parse SMTP/LMTP server replies (pure, bounded)
 *
 * Implements smtp_reply.h; see there for the rules.  This file uses
 * only buf and mem from src/util, so the fuzz target can include it
 * directly.
 */
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "smtp_reply.h"

void    smtp_resp_init(struct smtp_resp *r)
{
    r->text = buf_new(128);
    smtp_resp_reset(r);
}

void    smtp_resp_free(struct smtp_resp *r)
{
    buf_free(r->text);
    r->text = NULL;
}

void    smtp_resp_reset(struct smtp_resp *r)
{
    r->code = 0;
    r->dsn[0] = 0;
    r->dsn_given = 0;
    buf_reset(r->text);
    r->nlines = 0;
    r->state = SMTP_RESP_MORE;
    r->error = NULL;
}

void    smtp_resp_fake(struct smtp_resp *r, const char *dsn)
{
    smtp_resp_reset(r);
    r->state = SMTP_RESP_DONE;
    strncpy(r->dsn, dsn, sizeof(r->dsn) - 1);
    r->dsn[sizeof(r->dsn) - 1] = 0;
}

/* smtp_dsn_syntax - "C.S.D" at the start of text, RFC 3463 */

int     smtp_dsn_syntax(const char *text, size_t *len)
{
    const char *cp = text;
    int     n;

    if (*cp != '2' && *cp != '4' && *cp != '5')
        return 0;
    cp++;
    for (int part = 0; part < 2; part++) {
        if (*cp++ != '.')
            return 0;
        for (n = 0; n < 3 && *cp >= '0' && *cp <= '9'; n++)
            cp++;
        if (n == 0)
            return 0;
    }
    if (*cp != 0 && *cp != ' ' && *cp != '\t')
        return 0;
    if (len)
        *len = (size_t) (cp - text);
    return 1;
}

static int resp_error(struct smtp_resp *r, const char *why)
{
    r->error = why;
    r->state = SMTP_RESP_ERROR;
    return SMTP_RESP_ERROR;
}

/* resp_take_dsn - status from one stored line (offset into text) */

static int resp_take_dsn(struct smtp_resp *r, size_t off)
{
    const char *cp = buf_str(r->text) + off;
    size_t  n;

    if (strlen(cp) < 4)
        return 0;
    cp += 4;
    while (*cp == ' ' || *cp == '\t')
        cp++;
    if (!smtp_dsn_syntax(cp, &n) || *cp != buf_str(r->text)[off]
        || n >= sizeof(r->dsn))
        return 0;
    memcpy(r->dsn, cp, n);
    r->dsn[n] = 0;
    r->dsn_given = 1;
    return 1;
}

/* resp_finish - the reply is complete: pick or derive the status */

static int resp_finish(struct smtp_resp *r, size_t last_off)
{
    r->state = SMTP_RESP_DONE;
    if (resp_take_dsn(r, last_off) || resp_take_dsn(r, 0))
        return SMTP_RESP_DONE;
    switch (r->code / 100) {
    case 2:
        strcpy(r->dsn, "2.0.0");
        break;
    case 4:
        strcpy(r->dsn, "4.0.0");
        break;
    case 5:
        strcpy(r->dsn, "5.0.0");
        break;
    default:
        r->dsn[0] = 0;
        break;
    }
    return SMTP_RESP_DONE;
}

int     smtp_resp_line(struct smtp_resp *r, const char *line, size_t len)
{
    int     code;
    size_t  off;
    size_t  i;
    unsigned char ch;

    if (r->state != SMTP_RESP_MORE)
        return resp_error(r, "reply data after the end of a reply");
    if (len > SMTP_REPLY_LINE_LIMIT)
        return resp_error(r, "reply line too long");
    if (r->nlines >= SMTP_REPLY_LINES_LIMIT)
        return resp_error(r, "too many reply lines");
    if (buf_len(r->text) + len + 1 > SMTP_REPLY_TEXT_LIMIT)
        return resp_error(r, "reply too long");
    if (len < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0'
        || line[1] > '5' || line[2] < '0' || line[2] > '9')
        return resp_error(r, "malformed reply code");
    if (len > 3 && line[3] != ' ' && line[3] != '-')
        return resp_error(r, "malformed reply line");
    code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (r->nlines > 0 && code != r->code)
        return resp_error(r, "reply code changes within a reply");
    r->code = code;

    if (r->nlines > 0)
        buf_putc(r->text, '\n');
    off = buf_len(r->text);
    for (i = 0; i < len; i++) {
        ch = (unsigned char) line[i];
        buf_putc(r->text, (ch < 0x20 && ch != '\t') || ch == 0x7f ? '?' : ch);
    }
    r->nlines++;
    if (len > 3 && line[3] == '-')
        return SMTP_RESP_MORE;
    return resp_finish(r, off);
}

int     smtp_resp_parse(struct smtp_resp *r, const char *data, size_t len,
                        size_t *used)
{
    size_t  pos = 0;
    size_t  end;
    size_t  llen;
    const char *nl;
    int     st = r->state;

    while (st == SMTP_RESP_MORE && pos < len) {
        nl = memchr(data + pos, '\n', len - pos);
        if (nl == NULL) {
            /* An unterminated line that is already too long is an error. */
            if (len - pos > SMTP_REPLY_LINE_LIMIT + 1)
                st = resp_error(r, "reply line too long");
            break;
        }
        end = (size_t) (nl - data);
        llen = end - pos;
        if (llen > 0 && data[end - 1] == '\r')
            llen--;
        st = smtp_resp_line(r, data + pos, llen);
        pos = end + 1;
    }
    if (used)
        *used = pos;
    return st;
}
