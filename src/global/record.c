/*
 * record - queue file records (reference section 4)
 *
 * Implements record.h.  Wire form: type byte, length as a base-128
 * varint (low 7 bits first, bit 7 set = another length byte follows),
 * payload.  Lengths are at most REC_LEN_MAX (2^31 - 1, what fits
 * Postfix's int), written in at most 5 bytes; a reader refuses a sixth
 * length byte and larger values.
 *
 * Reading is bounded and never trusts the file: a payload is read in
 * chunks into the caller's buffer, so a huge length in a short file
 * fails at end of file without a huge allocation; a length above the
 * caller's limit is skipped (read and discarded) and reported as
 * REC_TYPE_ERROR; every error is logged with the stream's name.
 *
 * Pointer records: rec_get_raw with REC_FLAG_FOLLOW_PTR follows at most
 * REC_PTR_HOPS non-dummy pointers per call, so a loop made of pointers
 * alone is an error.  A loop that passes through other records (each
 * call then returns a record and follows a pointer or two) cannot be
 * seen by one call: a caller that reads a whole file must bound the
 * total it reads (queue_file.c bounds it by the file size).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "record.h"
#include "stream.h"

#define REC_LEN_MAX	0x7fffffffUL	/* largest payload */
#define REC_LEN_BYTES	5		/* most length bytes */
#define REC_PTR_HOPS	1000		/* pointers followed per call */
#define REC_CHUNK	8192		/* payload read size */

/* rec_put - write one record; the type, or REC_TYPE_ERROR */

int     rec_put(struct stream *s, int type, const void *p, size_t n)
{
    unsigned char hdr[1 + REC_LEN_BYTES];
    size_t  hlen = 0;
    size_t  len = n;

    if (type < 0 || type > 255)
        msg_panic("rec_put: bad record type %d", type);
    if (n > REC_LEN_MAX) {
        msg_warn("%s: record type %d: length %lu exceeds limit %lu",
                 stream_name(s), type, (unsigned long) n, REC_LEN_MAX);
        return (REC_TYPE_ERROR);
    }
    hdr[hlen++] = (unsigned char) type;
    do {
        hdr[hlen] = len & 0x7f;
        len >>= 7;
        if (len > 0)
            hdr[hlen] |= 0x80;
        hlen++;
    } while (len > 0);
    if (stream_write(s, hdr, hlen) < 0 || (n > 0 && stream_write(s, p, n) < 0))
        return (REC_TYPE_ERROR);
    return (type);
}

int     rec_fputs(struct stream *s, int type, const char *str)
{
    return (rec_put(s, type, str, strlen(str)));
}

int     rec_fprintf(struct stream *s, int type, const char *fmt, ...)
{
    struct buf *b = buf_new(100);
    va_list ap;
    int     ret;

    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
    ret = rec_put(s, type, buf_str(b), buf_len(b));
    buf_free(b);
    return (ret);
}

/* read_failed - log why a read found no byte inside a record */

static int read_failed(struct stream *s, int type, const char *what)
{
    if (stream_failed(s))
        msg_warn("%s: read error in %s, record type %d",
                 stream_name(s), what, type);
    else
        msg_warn("%s: unexpected EOF in %s, record type %d",
                 stream_name(s), what, type);
    return (REC_TYPE_ERROR);
}

/* get_length - the varint after the type byte; 0 or REC_TYPE_ERROR */

static int get_length(struct stream *s, int type, unsigned long *lenp)
{
    uint64_t len = 0;
    int     c;
    int     i;

    for (i = 0; i < REC_LEN_BYTES; i++) {
        if ((c = stream_getc(s)) == STREAM_EOF)
            return (read_failed(s, type, "length"));
        len |= (uint64_t) (c & 0x7f) << (7 * i);
        if ((c & 0x80) == 0)
            break;
    }
    if (i == REC_LEN_BYTES) {
        msg_warn("%s: too many length bytes, record type %d",
                 stream_name(s), type);
        return (REC_TYPE_ERROR);
    }
    if (len > REC_LEN_MAX) {
        msg_warn("%s: illegal length %llu, record type %d",
                 stream_name(s), (unsigned long long) len, type);
        return (REC_TYPE_ERROR);
    }
    *lenp = (unsigned long) len;
    return (0);
}

/* get_payload - len bytes into out (or nowhere); 0 or REC_TYPE_ERROR */

static int get_payload(struct stream *s, int type, struct buf *out,
                       unsigned long len)
{
    char    chunk[REC_CHUNK];
    ssize_t got;

    while (len > 0) {
        got = stream_read(s, chunk, len < sizeof(chunk) ? len : sizeof(chunk));
        if (got <= 0)
            return (read_failed(s, type, "data"));
        if (out)
            buf_append(out, chunk, (size_t) got);
        len -= (unsigned long) got;
    }
    return (0);
}

/* rec_get_one - one record as it is */

static int rec_get_one(struct stream *s, struct buf *out, size_t limit)
{
    unsigned long len = 0;
    int     type;

    buf_reset(out);
    if ((type = stream_getc(s)) == STREAM_EOF) {
        if (stream_failed(s)) {
            msg_warn("%s: read error: %m", stream_name(s));
            return (REC_TYPE_ERROR);
        }
        return (REC_TYPE_EOF);
    }
    if (get_length(s, type, &len) < 0)
        return (REC_TYPE_ERROR);
    if (limit > 0 && len > limit) {
        msg_warn("%s: illegal length %lu (limit %lu), record type %d",
                 stream_name(s), len, (unsigned long) limit, type);
        (void) get_payload(s, type, NULL, len);
        return (REC_TYPE_ERROR);
    }
    if (get_payload(s, type, out, len) < 0)
        return (REC_TYPE_ERROR);
    return (type);
}

/* parse_offset - "%15ld" text: blanks, digits, nothing else; -1 bad */

static long parse_offset(const char *p)
{
    unsigned long val = 0;
    int     ndigits = 0;

    while (*p == ' ')
        p++;
    for (; isdigit((unsigned char) *p); p++, ndigits++) {
        if (val > (unsigned long) (LONG_MAX - (*p - '0')) / 10)
            return (-1);
        val = val * 10 + (unsigned long) (*p - '0');
    }
    return (ndigits > 0 && *p == 0 ? (long) val : -1);
}

long    rec_goto(struct stream *s, const char *payload)
{
    long    offset;

    if ((offset = parse_offset(payload)) < 0) {
        msg_warn("%s: malformed pointer record value: %.100s",
                 stream_name(s), payload);
        return (REC_TYPE_ERROR);
    }
    if (offset == 0)
        return (0);
    if (stream_seek(s, (off_t) offset, SEEK_SET) < 0) {
        msg_warn("%s: seek error after pointer record: %m", stream_name(s));
        return (REC_TYPE_ERROR);
    }
    return (offset);
}

int     rec_get_raw(struct stream *s, struct buf *out, size_t limit, int flags)
{
    int     hops = 0;
    long    off;
    int     type;

    for (;;) {
        type = rec_get_one(s, out, limit);
        if (type == REC_TYPE_PTR && (flags & REC_FLAG_FOLLOW_PTR)) {
            if (memchr(buf_str(out), 0, buf_len(out)) != NULL) {
                msg_warn("%s: malformed pointer record value",
                         stream_name(s));
                return (REC_TYPE_ERROR);
            }
            if ((off = rec_goto(s, buf_str(out))) < 0)
                return (REC_TYPE_ERROR);
            if (off > 0 && ++hops > REC_PTR_HOPS) {
                msg_warn("%s: more than %d pointer records in a row",
                         stream_name(s), REC_PTR_HOPS);
                return (REC_TYPE_ERROR);
            }
            continue;
        }
        if (type == REC_TYPE_PAD && (flags & REC_FLAG_SKIP_PAD))
            continue;
        if (type == REC_TYPE_END && (flags & REC_FLAG_SEEK_END)
            && stream_seek(s, 0, SEEK_END) < 0) {
            msg_warn("%s: seek error after end record: %m", stream_name(s));
            return (REC_TYPE_ERROR);
        }
        return (type);
    }
}

int     rec_get(struct stream *s, struct buf *out, size_t limit)
{
    return (rec_get_raw(s, out, limit, REC_FLAG_DEFAULT));
}
