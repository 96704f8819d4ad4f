/*
 * attr_scan - receive an attribute list ("0" or "plain" encoding)
 *
 * Reads one list written by attr_print (ours or Postfix's) into the
 * caller's variables, following the caller's list of wanted items in
 * order (see attr.h for the calling convention and the protocol
 * reference, section 1, for the wire format):
 *
 *   - The next name on the wire is compared with the next wanted name.
 *     An unknown name is skipped (value and all, a whole "{" group if
 *     it is one) unless ATTR_FLAG_EXTRA is set; then it is logged
 *     ("unexpected attribute NAME from PEER (expecting: WANTED)") and
 *     the scan stops with the count so far, the rest left unread.
 *   - An end marker before a wanted item ends the scan with the count
 *     so far; with ATTR_FLAG_MISSING it is logged.
 *   - A HASH item takes a "{" ... "}" group if one comes next, or else
 *     every remaining pair up to and including the end marker.  Values
 *     are stored as xstrdup'ed strings.  A key already in the table is
 *     kept (first wins) or, with ATTR_FLAG_EXTRA, logged as a
 *     duplicate and the scan stops with the count so far.  More than
 *     ATTR_HASH_LIMIT entries in the table is an error.
 *   - A FUNC item calls back; the callback scans with ATTR_FLAG_MORE.
 *   - STREQ requires the given value and is not counted.
 *
 * Return value: items converted (a HASH or FUNC counts one, STREQ
 * none); 0 if the stream is at end of input before the first byte of
 * the list; -1 on a read error or timeout, end of input inside the
 * list, a malformed number (digits only, no sign, no white space, in
 * range of 32 bits for INT and of unsigned long for LONG), malformed
 * base64, a name or value longer than ATTR_STRING_LIMIT (detected
 * while reading: the rest is not read), a plain-encoded line without
 * "=" where a value is needed, a broken HASH group, too many HASH
 * entries, or a STREQ mismatch.  Every -1 is logged with msg_warn
 * (unless ATTR_FLAG_QUIET),
 * naming the peer with stream_name().  Numbers are unsigned on the wire
 * and wrap back into the signed C types, so 4294967295 reads as -1.
 *
 * attr_scan_more looks at the next byte: the end marker (NUL, or LF in
 * the plain encoding) is consumed and gives 0, end of input -1, any
 * other byte 1; that byte is pushed back into the stream
 * (stream_ungetc), so the next read of any kind sees it.
 *
 * Security: everything here is input from another process, possibly a
 * compromised one.  All reads are byte-wise and bounded; numbers are
 * parsed without sscanf; PRINTABLE replaces control characters and
 * invalid UTF-8 in received strings by '?'.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "base64.h"
#include "mem.h"
#include "msg.h"

 /*
  * ATTR_FLAG_QUIET: every warning of one attr_scan() call is dropped.
  */
static int scan_quiet;

#define msg_warn(...) do { \
	if (!scan_quiet) \
	    msg_warn(__VA_ARGS__); \
    } while (0)

/* park - give back the byte read ahead on s (always possible: it was
 * the last byte stream_getc returned) */

static void park(struct stream *s, int byte)
{
    if (stream_ungetc(s, byte) < 0)
        msg_panic("attr_scan: cannot push back a byte on %s", stream_name(s));
}

/*
 * Reader state for one list.
 */
struct reader {
    struct stream *s;
    int     enc;
    int     flags;
    int     ahead;			/* parked byte, or -1 */
    int     started;			/* consumed a byte of this list */
    struct buf *name;			/* current name */
    struct buf *val;			/* current value */
    int     has_value;			/* plain: the line had a '=' */
};

/* Classification of a name read from the wire. */
#define NAME_END	0		/* end marker */
#define NAME_OPEN	1		/* "{" */
#define NAME_CLOSE	2		/* "}" */
#define NAME_ATTR	3		/* anything else */

/* Outcome of a HASH group read. */
#define GROUP_DONE	0		/* "}" seen */
#define GROUP_ENDED	1		/* end marker seen (ungrouped) */
#define GROUP_STOP	2		/* duplicate with EXTRA: stop scan */

#define PEER(rd) stream_name((rd)->s)

static int rd_getc(struct reader *rd)
{
    int     c;

    if (rd->ahead >= 0) {
        c = rd->ahead;
        rd->ahead = -1;
        return c;
    }
    return stream_getc(rd->s);
}

/* input_ended - log why a read found no byte; -1 */

static int input_ended(struct reader *rd, const char *context)
{
    if (stream_timed_out(rd->s))
        msg_warn("timeout on input from %s while reading %s",
                 PEER(rd), context);
    else if (stream_failed(rd->s))
        msg_warn("read error on input from %s while reading %s",
                 PEER(rd), context);
    else
        msg_warn("premature end-of-input from %s while reading %s",
                 PEER(rd), context);
    return -1;
}

/* too_long - log an over-long string; -1 */

static int too_long(struct reader *rd, const char *context)
{
    msg_warn("string length exceeds limit %d in input from %s while reading %s",
             ATTR_STRING_LIMIT, PEER(rd), context);
    return -1;
}

/*
 * read_until - read bytes up to (not including) stop into b, bounded.
 * Returns 1 (stop found), 0 (clean end of input before the list's first
 * byte, only if eof_ok), -1 (logged).  In the plain encoding a name
 * also stops at '=': *sep tells which byte ended it.
 */
static int read_until(struct reader *rd, struct buf *b, int stop, int alt,
                      int *sep, int eof_ok, const char *context)
{
    int     c;

    buf_reset(b);
    for (;;) {
        if ((c = rd_getc(rd)) == STREAM_EOF) {
            if (eof_ok && !rd->started && !stream_failed(rd->s))
                return 0;
            return input_ended(rd, context);
        }
        rd->started = 1;
        if (c == stop || c == alt) {
            if (sep)
                *sep = c;
            return 1;
        }
        if (buf_len(b) >= ATTR_STRING_LIMIT)
            return too_long(rd, context);
        buf_putc(b, c);
    }
}

/*
 * next_name - read the next name (plain: the whole line) and classify
 * it into *kind.  Returns 1, 0 (clean EOF before the list), -1.
 */
static int next_name(struct reader *rd, int *kind)
{
    const char *n;
    size_t  len;
    int     sep = 0;
    int     r;

    rd->has_value = 0;
    if (rd->enc == ATTR_ENC_0) {
        r = read_until(rd, rd->name, '\0', '\0', NULL, 1,
                       "input attribute name");
    } else {
        r = read_until(rd, rd->name, '\n', '=', &sep, 1,
                       "input attribute name");
        if (r == 1 && sep == '=') {
            rd->has_value = 1;
            r = read_until(rd, rd->val, '\n', '\n', NULL, 0,
                           "input attribute value");
        }
    }
    if (r <= 0)
        return r;

    n = buf_str(rd->name);
    len = buf_len(rd->name);
    /* Plain brace lines carry a NUL before the LF: "{" NUL LF. */
    if (rd->enc == ATTR_ENC_PLAIN && len == 2 && n[1] == '\0')
        len = 1;
    if (len == 0 && !rd->has_value)
        *kind = NAME_END;
    else if (len == 1 && n[0] == '{' && !rd->has_value)
        *kind = NAME_OPEN;
    else if (len == 1 && n[0] == '}' && !rd->has_value)
        *kind = NAME_CLOSE;
    else
        *kind = NAME_ATTR;
    return 1;
}

/* name_is - does the current name equal want (byte for byte)? */

static int name_is(struct reader *rd, const char *want)
{
    size_t  len = strlen(want);

    return buf_len(rd->name) == len && memcmp(buf_str(rd->name), want, len) == 0;
}

/*
 * get_value - the value of the current attribute into dst (which may
 * be rd->val).  Returns 1 or -1 (logged).
 */
static int get_value(struct reader *rd, struct buf *dst)
{
    if (rd->enc == ATTR_ENC_0)
        return read_until(rd, dst, '\0', '\0', NULL, 0,
                          "input attribute value");
    if (!rd->has_value) {
        msg_warn("missing value for %.100s attribute from %s",
                 buf_str(rd->name), PEER(rd));
        return -1;
    }
    if (dst != rd->val)
        buf_setn(dst, buf_str(rd->val), buf_len(rd->val));
    return 1;
}

/* utf8_seq - length of a valid UTF-8 multi-byte sequence at p, or 0 */

static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    size_t  n, i;
    unsigned char lo = 0x80, hi = 0xbf;

    if (*p >= 0xc2 && *p <= 0xdf)
        n = 2;
    else if (*p >= 0xe0 && *p <= 0xef) {
        n = 3;
        if (*p == 0xe0)
            lo = 0xa0;
        else if (*p == 0xed)
            hi = 0x9f;
    } else if (*p >= 0xf0 && *p <= 0xf4) {
        n = 4;
        if (*p == 0xf0)
            lo = 0x90;
        else if (*p == 0xf4)
            hi = 0x8f;
    } else
        return 0;
    if ((size_t) (end - p) < n)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    return n;
}

/* make_printable - replace control bytes and broken UTF-8 by '?' */

static void make_printable(struct buf *b)
{
    unsigned char *p = (unsigned char *) b->data;
    unsigned char *end = p + b->len;
    size_t  n;

    while (p < end) {
        if (*p >= 0x20 && *p < 0x7f) {
            p++;
        } else if ((n = utf8_seq(p, end)) > 0) {
            p += n;
        } else {
            *p++ = '?';
        }
    }
}

/* parse_number - strict unsigned decimal no larger than max */

static int parse_number(struct buf *b, unsigned long max, unsigned long *out)
{
    const char *p = buf_str(b);
    size_t  len = buf_len(b);
    unsigned long v = 0;
    size_t  i;

    if (len == 0)
        return -1;
    for (i = 0; i < len; i++) {
        unsigned d;

        if (p[i] < '0' || p[i] > '9')
            return -1;
        d = (unsigned) (p[i] - '0');
        if (v > (max - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int malformed_number(struct reader *rd, const char *name)
{
    msg_warn("malformed numerical data from %s while reading %s: %.100s",
             PEER(rd), name, buf_str(rd->val));
    return -1;
}

/* skip_group - discard a "{" ... "}" group whose "{" was read */

static int skip_group(struct reader *rd)
{
    int     kind;

    for (;;) {
        if (next_name(rd, &kind) <= 0)
            return -1;			/* started: EOF is logged */
        switch (kind) {
        case NAME_CLOSE:
            return 0;
        case NAME_ATTR:
            if (rd->enc == ATTR_ENC_0
                && read_until(rd, rd->val, '\0', '\0', NULL, 0,
                              "input attribute value") < 0)
                return -1;
            break;
        default:
            msg_warn("unexpected %s inside attribute group from %s",
                     kind == NAME_END ? "end of list" : "'{'", PEER(rd));
            return -1;
        }
    }
}

/*
 * read_group - read HASH pairs into t.  If grouped, a "{" was read and
 * pairs run to "}"; otherwise the current name is the first key and
 * pairs run to the end marker.  Returns a GROUP_* code or -1.
 */
static int read_group(struct reader *rd, struct htable *t, int grouped)
{
    int     have = !grouped;		/* current name is a key */
    int     kind = NAME_ATTR;
    char   *value;

    for (;;) {
        if (!have && next_name(rd, &kind) <= 0)
            return -1;
        have = 0;
        if (kind == NAME_END) {
            if (!grouped)
                return GROUP_ENDED;
            msg_warn("unexpected end of list inside attribute group from %s",
                     PEER(rd));
            return -1;
        }
        if (kind == NAME_CLOSE) {
            if (grouped)
                return GROUP_DONE;
            msg_warn("unexpected '}' in input from %s", PEER(rd));
            return -1;
        }
        if (kind == NAME_OPEN) {
            msg_warn("unexpected '{' inside attribute group from %s",
                     PEER(rd));
            return -1;
        }
        if (get_value(rd, rd->val) < 0)
            return -1;
        if (rd->flags & ATTR_FLAG_PRINTABLE) {
            make_printable(rd->name);
            make_printable(rd->val);
        }
        if (htable_has(t, buf_str(rd->name))) {
            if (rd->flags & ATTR_FLAG_EXTRA) {
                msg_warn("duplicate attribute %.100s in input from %s",
                         buf_str(rd->name), PEER(rd));
                return GROUP_STOP;
            }
            continue;				/* first one wins */
        }
        if (htable_count(t) >= ATTR_HASH_LIMIT) {
            msg_warn("attribute count exceeds limit %d in input from %s",
                     ATTR_HASH_LIMIT, PEER(rd));
            return -1;
        }
        value = xstrdup(buf_str(rd->val));
        htable_put(t, buf_str(rd->name), value);
    }
}

/* What a scan reports besides its return value. */
struct scan_info {
    int     streq_hits;			/* STREQ items matched */
    int     complete;			/* reached the end of the wish list */
    int     eof;			/* end of input before the list */
};

static int attr_vscan(struct stream *s, int enc, int flags, va_list ap,
                      struct scan_info *info)
{
    struct reader rd;
    int     count = 0;
    int     ended = 0;			/* end marker already consumed */
    int     ret;
    int     type;
    int     kind;
    int     r;
    const char *wanted;
    int    *int_p = NULL;
    long   *long_p = NULL;
    struct buf *buf_p = NULL;
    const char *expect = NULL;
    struct htable *table = NULL;
    attr_scan_fn fn;
    void   *ctx;
    unsigned long num;

    if (enc != ATTR_ENC_0 && enc != ATTR_ENC_PLAIN)
        msg_panic("attr_scan: bad encoding %d", enc);
    rd.s = s;
    rd.enc = enc;
    rd.flags = flags;
    rd.ahead = -1;
    rd.started = 0;
    rd.name = buf_new(64);
    rd.val = buf_new(64);
    rd.has_value = 0;
    info->streq_hits = 0;
    info->complete = 0;
    info->eof = 0;

    for (;;) {
        /*
         * The next item on the wish list.
         */
        type = va_arg(ap, int);
        switch (type) {
        case ATTR_TYPE_END:
            wanted = "(list terminator)";
            if (flags & ATTR_FLAG_MORE) {
                info->complete = 1;
                ret = count;
                goto out;
            }
            break;
        case ATTR_TYPE_INT:
            wanted = va_arg(ap, const char *);
            int_p = va_arg(ap, int *);
            break;
        case ATTR_TYPE_STR:
        case ATTR_TYPE_DATA:
            wanted = va_arg(ap, const char *);
            buf_p = va_arg(ap, struct buf *);
            break;
        case ATTR_TYPE_LONG:
            wanted = va_arg(ap, const char *);
            long_p = va_arg(ap, long *);
            break;
        case ATTR_TYPE_STREQ:
            wanted = va_arg(ap, const char *);
            expect = va_arg(ap, const char *);
            break;
        case ATTR_TYPE_HASH:
            wanted = "(any attribute name or list terminator)";
            table = va_arg(ap, struct htable *);
            break;
        case ATTR_TYPE_FUNC:
            wanted = "(callback attributes)";
            fn = va_arg(ap, attr_scan_fn);
            ctx = va_arg(ap, void *);
            if (ended)
                break;
            /* The callback reads the stream itself: hand back our byte. */
            if (rd.ahead >= 0) {
                park(s, rd.ahead);
                rd.ahead = -1;
            }
            r = fn(s, enc, ctx);
            rd.started = 1;
            if (r < 0) {
                ret = -1;
                goto out;
            }
            count++;
            continue;
        default:
            msg_panic("attr_scan: unknown type code %d", type);
        }

        /*
         * An ungrouped HASH already took the end marker.
         */
        if (ended) {
            if (type == ATTR_TYPE_END) {
                info->complete = 1;
            } else if (flags & ATTR_FLAG_MISSING) {
                msg_warn("missing attribute %s in input from %s",
                         wanted, PEER(&rd));
            }
            ret = count;
            goto out;
        }

        /*
         * Find it on the wire, skipping what we are not asked for.
         */
        for (;;) {
            if ((r = next_name(&rd, &kind)) <= 0) {
                ret = r;			/* 0: EOF before the list */
                info->eof = (r == 0);
                goto out;
            }
            if (kind == NAME_END) {
                if (type == ATTR_TYPE_END) {
                    info->complete = 1;
                    ret = count;
                    goto out;
                }
                if (type == ATTR_TYPE_HASH) {	/* empty, and list over */
                    ended = 1;
                    count++;
                    break;
                }
                if (flags & ATTR_FLAG_MISSING)
                    msg_warn("missing attribute %s in input from %s",
                             wanted, PEER(&rd));
                ret = count;
                goto out;
            }
            if (type == ATTR_TYPE_HASH) {
                if (kind == NAME_CLOSE) {
                    msg_warn("unexpected '}' in input from %s", PEER(&rd));
                    ret = -1;
                    goto out;
                }
                r = read_group(&rd, table, kind == NAME_OPEN);
                if (r < 0 || r == GROUP_STOP) {
                    ret = r < 0 ? -1 : count;
                    goto out;
                }
                if (r == GROUP_ENDED)
                    ended = 1;
                count++;
                break;
            }
            if (kind == NAME_ATTR && type != ATTR_TYPE_END
                && name_is(&rd, wanted))
                break;
            if (flags & ATTR_FLAG_EXTRA) {
                msg_warn("unexpected attribute %.100s from %s (expecting: %s)",
                         buf_str(rd.name), PEER(&rd), wanted);
                ret = count;
                goto out;
            }
            if (kind == NAME_OPEN) {
                if (skip_group(&rd) < 0) {
                    ret = -1;
                    goto out;
                }
            } else if (kind == NAME_CLOSE) {
                msg_warn("unexpected '}' in input from %s", PEER(&rd));
                ret = -1;
                goto out;
            } else if (rd.enc == ATTR_ENC_0
                       && read_until(&rd, rd.val, '\0', '\0', NULL, 0,
                                     "input attribute value") < 0) {
                ret = -1;
                goto out;
            }
        }
        if (type == ATTR_TYPE_HASH)
            continue;

        /*
         * Convert the value.
         */
        switch (type) {
        case ATTR_TYPE_INT:
            if (get_value(&rd, rd.val) < 0) {
                ret = -1;
                goto out;
            }
            if (parse_number(rd.val, UINT32_MAX, &num) < 0) {
                ret = malformed_number(&rd, wanted);
                goto out;
            }
            /* Unsigned on the wire; wrap back like a %u into an int. */
            *int_p = num > INT_MAX ? (int) ((long long) num - 4294967296LL)
                : (int) num;
            break;
        case ATTR_TYPE_LONG:
            if (get_value(&rd, rd.val) < 0) {
                ret = -1;
                goto out;
            }
            if (parse_number(rd.val, ULONG_MAX, &num) < 0) {
                ret = malformed_number(&rd, wanted);
                goto out;
            }
            *long_p = num > (unsigned long) LONG_MAX
                ? -(long) (ULONG_MAX - num) - 1 : (long) num;
            break;
        case ATTR_TYPE_STR:
            if (get_value(&rd, buf_p) < 0) {
                ret = -1;
                goto out;
            }
            if (flags & ATTR_FLAG_PRINTABLE)
                make_printable(buf_p);
            break;
        case ATTR_TYPE_DATA:
            if (get_value(&rd, rd.val) < 0) {
                ret = -1;
                goto out;
            }
            buf_reset(buf_p);
            if (base64_decode(buf_p, buf_str(rd.val), buf_len(rd.val)) < 0) {
                msg_warn("malformed base64 data from %s while reading %s: %.100s",
                         PEER(&rd), wanted, buf_str(rd.val));
                ret = -1;
                goto out;
            }
            break;
        case ATTR_TYPE_STREQ:
            if (get_value(&rd, rd.val) < 0) {
                ret = -1;
                goto out;
            }
            if (buf_len(rd.val) != strlen(expect)
                || memcmp(buf_str(rd.val), expect, buf_len(rd.val)) != 0) {
                make_printable(rd.val);
                msg_warn("unexpected %s %.100s from %s (expected: %.100s)",
                         wanted, buf_str(rd.val), PEER(&rd), expect);
                ret = -1;
                goto out;
            }
            info->streq_hits++;
            continue;				/* not counted */
        }
        count++;
    }

out:
    if (rd.ahead >= 0)				/* nothing was read */
        park(s, rd.ahead);
    buf_free(rd.name);
    buf_free(rd.val);
    return ret;
}

int attr_scan(struct stream *s, int enc, int flags, ...)
{
    struct scan_info info;
    va_list ap;
    int     ret;

    va_start(ap, flags);
    scan_quiet = (flags & ATTR_FLAG_QUIET) != 0;
    ret = attr_vscan(s, enc, flags, ap, &info);
    scan_quiet = 0;
    va_end(ap);
    return ret;
}

/* scan_info - attr_scan that also reports struct scan_info */

static int scan_info(struct stream *s, int enc, int flags,
                     struct scan_info *info, ...)
{
    va_list ap;
    int     ret;

    va_start(ap, info);
    ret = attr_vscan(s, enc, flags, ap, info);
    va_end(ap);
    return ret;
}

int attr_scan_more(struct stream *s, int enc)
{
    int     c;

    if (enc != ATTR_ENC_0 && enc != ATTR_ENC_PLAIN)
        msg_panic("attr_scan_more: bad encoding %d", enc);
    if ((c = stream_getc(s)) == STREAM_EOF) {
        if (stream_timed_out(s))
            msg_warn("timeout on input from %s", stream_name(s));
        else if (stream_failed(s))
            msg_warn("read error on input from %s", stream_name(s));
        return -1;
    }
    if (c == (enc == ATTR_ENC_0 ? '\0' : '\n'))
        return 0;
    park(s, c);
    return 1;
}

int attr_expect_protocol(struct stream *s, int enc, const char *protocol)
{
    struct scan_info info;
    int     ret;

    ret = scan_info(s, enc, ATTR_FLAG_STRICT, &info,
                    RECV_STREQ("protocol", protocol), ATTR_END);
    if (ret == 0 && info.complete && info.streq_hits == 1)
        return 0;
    if (info.eof)
        msg_warn("premature end-of-input from %s while reading the "
                 "\"%s\" protocol announcement", stream_name(s), protocol);
    return -1;
}
