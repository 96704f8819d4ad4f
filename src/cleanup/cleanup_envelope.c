/*
 * cleanup_envelope - envelope records from the client (before 'M')
 *
 * Accepted (reference 4.2; Postfix's clients send these): T (arrival,
 * "SEC [USEC]"), c (ignored: cleanup writes its own create_time), F, S
 * (exactly one), O, o, n, <, i, R, f (HOLD/DISCARD and postern's
 * extract bit), A name=value (create_time ignored; dsn_orig_rcpt and
 * notify_flags apply to the next R; envelope_id, ret_flags,
 * rewrite_context, trace_flags, log_* and other lower-case names are
 * copied; encoding is kept for the extracted segment), d and W
 * (ignored), w (padding), M (end of the envelope: a sender is
 * required).  Anything else is a protocol error (CLEANUP_STAT_BAD).
 *
 * Written in Postfix 3.7's order: C (cleanup_out_open), T, A
 * create_time, then the client's records as they come; per recipient
 * [A notify_flags=N] A dsn_orig_rcpt=TYPE;ADDR O R, where a recipient
 * without an original recipient from the DSN gets "rfc822;" + its
 * original address, as Postfix's cleanup does.  Sender and recipients
 * without a domain get @$myorigin.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cleanup.h"
#include "cleanup_header.h"
#include "cleanup_user.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "record.h"
#include "recipient.h"

#define NUM_MAX_DIGITS	18

/* parse_num - a bounded non-negative decimal; -1 if not one */

static long parse_num(const char *s)
{
    long    v = 0;
    int     n = 0;

    if (*s == 0)
        return -1;
    for (; *s; s++, n++) {
        if (!isdigit((unsigned char) *s) || n >= NUM_MAX_DIGITS)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* put_time - T and create_time, once, before anything else */

static void put_time(struct cleanup_state *st, const char *payload)
{
    long    sec = st->arrival.tv_sec;
    long    usec = st->arrival.tv_usec;
    char    copy[64];
    char   *sp;

    if (st->time_seen++)
        return;
    if (payload && strlen(payload) < sizeof(copy)) {
        strcpy(copy, payload);
        if ((sp = strchr(copy, ' ')) != NULL)
            *sp++ = 0;
        if (parse_num(copy) >= 0 && (sp == NULL || parse_num(sp) >= 0)) {
            sec = parse_num(copy);
            usec = sp ? parse_num(sp) % 1000000 : 0;
        }
    }
    cleanup_out_recf(st, REC_TYPE_TIME, "%ld %ld", sec, usec);
    cleanup_out_recf(st, REC_TYPE_ATTR, "create_time=%ld",
                     (long) time((time_t *) 0));
}

static void set_str(char **slot, const char *value)
{
    free(*slot);
    *slot = xstrdup(value);
}

/* qualified - addr@$myorigin when addr has no domain (static result) */

static const char *qualified(const char *addr)
{
    static struct buf *b;

    if (b == NULL)
        b = buf_new(100);
    hdr_qualify(b, addr, var_myorigin);
    return buf_str(b);
}

/* envelope_attr - one A record */

static void envelope_attr(struct cleanup_state *st, const char *text)
{
    const char *eq = strchr(text, '=');
    size_t  nlen = eq ? (size_t) (eq - text) : 0;
    size_t  i;

    for (i = 0; i < nlen; i++)
        if (!islower((unsigned char) text[i]) && text[i] != '_'
            && !isdigit((unsigned char) text[i]))
            break;
    if (eq == NULL || nlen == 0 || i < nlen) {
        cleanup_fail(st, CLEANUP_STAT_BAD, "bad attribute record");
        return;
    }
    if (strncmp(text, "create_time=", 12) == 0)
        return;
    if (strncmp(text, "dsn_orig_rcpt=", 14) == 0) {
        set_str(&st->dsn_orcpt, eq + 1);
    } else if (strncmp(text, "notify_flags=", 13) == 0) {
        st->dsn_notify = (int) parse_num(eq + 1);
        if (st->dsn_notify < 0 || st->dsn_notify > 15)
            cleanup_fail(st, CLEANUP_STAT_BAD, "bad notify_flags");
    } else if (strncmp(text, "encoding=", 9) == 0) {
        set_str(&st->encoding, eq + 1);
    } else if (strncmp(text, "ret_flags=", 10) == 0
               && (parse_num(eq + 1) < 0 || parse_num(eq + 1) > 3)) {
        cleanup_fail(st, CLEANUP_STAT_BAD, "bad ret_flags");
    } else {
        cleanup_out_rec(st, REC_TYPE_ATTR, text, strlen(text));
    }
}

void    cleanup_out_recipient(struct cleanup_state *st, const char *orig,
                              const char *addr)
{
    if (!CLEANUP_STATE_OK(st))		/* nothing is kept after an error */
        return;
    if (st->dsn_notify)
        cleanup_out_recf(st, REC_TYPE_ATTR, "notify_flags=%d", st->dsn_notify);
    if (st->dsn_orcpt && *st->dsn_orcpt)
        cleanup_out_recf(st, REC_TYPE_ATTR, "dsn_orig_rcpt=%s", st->dsn_orcpt);
    else
        cleanup_out_recf(st, REC_TYPE_ATTR, "dsn_orig_rcpt=rfc822;%s", orig);
    cleanup_out_rec(st, REC_TYPE_ORCP, orig, strlen(orig));
    cleanup_out_rec(st, REC_TYPE_RCPT, addr, strlen(addr));
    argv_add(st->rcpts, addr);
    st->notify_any |= st->dsn_notify;
    free(st->orig_rcpt);
    free(st->dsn_orcpt);
    st->orig_rcpt = st->dsn_orcpt = NULL;
    st->dsn_notify = 0;
}

/* envelope_rcpt - one R record */

static void envelope_rcpt(struct cleanup_state *st, const char *addr)
{
    char   *orig;

    if (*addr == 0) {
        cleanup_fail(st, CLEANUP_STAT_BAD, "empty recipient record");
        return;
    }
    orig = xstrdup(st->orig_rcpt ? st->orig_rcpt : addr);
    cleanup_out_recipient(st, orig, qualified(addr));
    free(orig);
}

/* envelope_flags - an 'f' record */

static void envelope_flags(struct cleanup_state *st, const char *text)
{
    long    extra = parse_num(text);

    if (extra < 0 || (extra & ~(CLEANUP_FLAG_MASK_EXTRA
                                | CLEANUP_XFLAG_EXTRACT)) != 0)
        cleanup_fail(st, CLEANUP_STAT_BAD, "bad flags record");
    else
        st->flags |= (int) extra;
}

/* envelope_end - the 'M' record */

static int envelope_end(struct cleanup_state *st)
{
    put_time(st, NULL);
    if (st->sender == NULL)
        cleanup_fail(st, CLEANUP_STAT_BAD, "no sender record");
    cleanup_out_rec(st, REC_TYPE_MESG, "", 0);
    st->data_offset = CLEANUP_STATE_OK(st) ? cleanup_out_tell(st) : 0;
    return 1;
}

int     cleanup_envelope(struct cleanup_state *st, int type, struct buf *rec)
{
    const char *text = buf_str(rec);

    if (memchr(text, 0, buf_len(rec)) != NULL) {
        cleanup_fail(st, CLEANUP_STAT_BAD, "null byte in envelope record");
        return 0;
    }
    if (type == REC_TYPE_TIME) {
        put_time(st, text);
        return 0;
    }
    if (type == REC_TYPE_MESG)
        return envelope_end(st);
    if (type != REC_TYPE_PAD && type != REC_TYPE_CTIME)
        put_time(st, NULL);
    switch (type) {
    case REC_TYPE_CTIME: case REC_TYPE_PAD: case REC_TYPE_DELAY:
    case REC_TYPE_WARN:
        break;
    case REC_TYPE_FULL:
        set_str(&st->fullname, text);
        cleanup_out_rec(st, type, text, buf_len(rec));
        break;
    case REC_TYPE_FROM:
        if (st->sender) {
            cleanup_fail(st, CLEANUP_STAT_BAD, "duplicate sender record");
            break;
        }
        st->sender = xstrdup(qualified(text));
        cleanup_out_rec(st, type, st->sender, strlen(st->sender));
        break;
    case REC_TYPE_ORCP:
        set_str(&st->orig_rcpt, text);
        break;
    case REC_TYPE_DSN_ORCPT:
        set_str(&st->dsn_orcpt, text);
        break;
    case REC_TYPE_DSN_NOTIFY:
        st->dsn_notify = (int) parse_num(text);
        if (st->dsn_notify < 0 || st->dsn_notify > 15)
            cleanup_fail(st, CLEANUP_STAT_BAD, "bad notify record");
        break;
    case REC_TYPE_DSN_RET:
        if (parse_num(text) < 0 || parse_num(text) > 3)
            cleanup_fail(st, CLEANUP_STAT_BAD, "bad ret record");
        else
            cleanup_out_recf(st, REC_TYPE_ATTR, "ret_flags=%s", text);
        break;
    case REC_TYPE_DSN_ENVID:
        cleanup_out_recf(st, REC_TYPE_ATTR, "envelope_id=%s", text);
        break;
    case REC_TYPE_RCPT:
        envelope_rcpt(st, text);
        break;
    case REC_TYPE_FLGS:
        envelope_flags(st, text);
        break;
    case REC_TYPE_ATTR:
        envelope_attr(st, text);
        break;
    default:
        cleanup_fail(st, CLEANUP_STAT_BAD, "unexpected envelope record"
                     " type %d", type);
        break;
    }
    return 0;
}

void    cleanup_env_free(struct cleanup_state *st)
{
    free(st->sender);
    free(st->fullname);
    free(st->orig_rcpt);
    free(st->dsn_orcpt);
    free(st->encoding);
}
