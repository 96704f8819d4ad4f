/*
 * queue_file - a queue file's message content (agents); whole files (tests)
 *
 * Implements queue_file.h.  The reader keeps a byte budget: the file
 * size at open.  Every content record it gets counts at least its
 * payload plus two bytes (type and one length byte); in a sound file
 * each record is read once, so the total never exceeds the file size,
 * while a pointer loop through content records (which rec_get cannot
 * see in one call) soon does and is reported as corruption.  Once the
 * reader has reported QF_END or QF_CORRUPT it keeps returning it.
 *
 * The writer builds the file in one pass with rec_put, remembering the
 * offsets with stream_tell, then seeks back and rewrites the C record
 * (fixed width, so the same length) and leaves fp at end of file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "msg.h"
#include "queue_file.h"
#include "record.h"
#include "stream.h"

#define QF_SIZE_FIELDS	6

struct qf_reader {
    struct stream *fp;
    struct buf *rec;			/* one record's payload */
    off_t   budget;			/* file size; < 0 = unknown */
    off_t   consumed;			/* lower bound of bytes read */
    int     finished;			/* final status is in `status` */
    int     status;			/* QF_END or QF_CORRUPT */
    int     in_line;			/* a QF_PIECE was returned */
};

struct qf_reader *qf_reader_open(struct stream *fp, long data_offset)
{
    struct qf_reader *r;
    struct stat st;

    if (data_offset <= 0) {
        msg_warn("%s: bad content offset %ld", stream_name(fp), data_offset);
        return (NULL);
    }
    if (stream_seek(fp, (off_t) data_offset, SEEK_SET) < 0) {
        msg_warn("%s: cannot seek to content offset %ld: %m",
                 stream_name(fp), data_offset);
        return (NULL);
    }
    r = xmalloc(sizeof(*r));
    r->fp = fp;
    r->rec = buf_new(QF_LINE_LIMIT);
    r->budget = (fstat(stream_fd(fp), &st) == 0 && S_ISREG(st.st_mode))
        ? st.st_size : -1;
    r->consumed = 0;
    r->finished = 0;
    r->status = QF_END;
    r->in_line = 0;
    return (r);
}

void    qf_reader_free(struct qf_reader *r)
{
    buf_free(r->rec);
    free(r);
}

/* finish - record the final status */

static int finish(struct qf_reader *r, int status)
{
    r->finished = 1;
    r->status = status;
    return (status);
}

int     qf_next_record(struct qf_reader *r, struct buf *text)
{
    int     type;

    if (r->finished)
        return (r->status);
    type = rec_get(r->fp, text, 0);
    if (type < 0) {
        if (type == REC_TYPE_EOF)
            msg_warn("%s: premature end of file in message content",
                     stream_name(r->fp));
        return (finish(r, QF_CORRUPT));
    }
    r->consumed += 2 + (off_t) buf_len(text);
    if (r->budget >= 0 && r->consumed > r->budget) {
        msg_warn("%s: message content longer than the file (pointer loop)",
                 stream_name(r->fp));
        return (finish(r, QF_CORRUPT));
    }
    switch (type) {
    case REC_TYPE_NORM:
        return (QF_NORM);
    case REC_TYPE_CONT:
        return (QF_CONT);
    case REC_TYPE_XTRA:
        return (finish(r, QF_END));
    default:
        msg_warn("%s: unexpected record type %d in message content",
                 stream_name(r->fp), type);
        return (finish(r, QF_CORRUPT));
    }
}

int     qf_next_line(struct qf_reader *r, struct buf *line, size_t limit)
{
    int     ret;

    buf_reset(line);
    for (;;) {
        ret = qf_next_record(r, r->rec);
        if (ret == QF_CORRUPT)
            return (ret);
        if (ret == QF_END) {
            if (!r->in_line && buf_len(line) == 0)
                return (QF_END);
            r->in_line = 0;
            return (QF_LAST);
        }
        buf_append(line, buf_str(r->rec), buf_len(r->rec));
        if (ret == QF_NORM) {
            r->in_line = 0;
            return (QF_LINE);
        }
        r->in_line = 1;
        if (limit > 0 && buf_len(line) >= limit)
            return (QF_PIECE);
    }
}

/* put_line - one body line as L... N (or L... L without newline) */

static void put_line(struct stream *fp, const char *p, size_t n, int newline,
                     size_t limit)
{
    while (n > limit) {
        (void) rec_put(fp, REC_TYPE_CONT, p, limit);
        p += limit;
        n -= limit;
    }
    (void) rec_put(fp, newline ? REC_TYPE_NORM : REC_TYPE_CONT, p, n);
}

/* put_body - the content records; returns the content length */

static long put_body(struct stream *fp, const char *body, size_t len,
                     size_t limit)
{
    const char *p = body;
    const char *end = body + len;
    const char *nl;
    long    total = 0;
    size_t  n;

    while (p < end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        n = nl ? (size_t) (nl - p) : (size_t) (end - p);
        if (nl && n > 0 && p[n - 1] == '\r')
            n--;
        put_line(fp, p, n, nl != NULL, limit);
        total += (long) n + (nl ? 1 : 0);
        p = nl ? nl + 1 : end;
    }
    return (total);
}

/* put_envelope - everything before the recipients */

static void put_envelope(struct stream *fp, const struct qf_message *m)
{
    const char *const *ap;

    (void) rec_fprintf(fp, REC_TYPE_SIZE, REC_TYPE_SIZE_FORMAT,
                       0L, 0L, 0L, 0L, 0L, 0L);
    (void) rec_fprintf(fp, REC_TYPE_TIME, "%ld %ld", (long) m->arrival.tv_sec,
                       (long) m->arrival.tv_usec);
    (void) rec_fprintf(fp, REC_TYPE_ATTR, "create_time=%ld",
                       m->create_time ? m->create_time
                       : (long) m->arrival.tv_sec);
    if (m->fullname)
        (void) rec_fputs(fp, REC_TYPE_FULL, m->fullname);
    (void) rec_fputs(fp, REC_TYPE_FROM, m->sender ? m->sender : "");
    (void) rec_fprintf(fp, REC_TYPE_ATTR, "rewrite_context=%s",
                       m->rewrite_context ? m->rewrite_context : "local");
    if (m->envelope_id)
        (void) rec_fprintf(fp, REC_TYPE_ATTR, "envelope_id=%s", m->envelope_id);
    if (m->ret_flags)
        (void) rec_fprintf(fp, REC_TYPE_ATTR, "ret_flags=%d", m->ret_flags);
    if (m->trace_flags)
        (void) rec_fprintf(fp, REC_TYPE_ATTR, "trace_flags=%d", m->trace_flags);
    for (ap = m->attrs; ap && *ap; ap++)
        (void) rec_fputs(fp, REC_TYPE_ATTR, *ap);
}

/* put_recipients - [A notify_flags] [A dsn_orig_rcpt] O R each */

static int put_recipients(struct stream *fp, const struct qf_message *m,
                          struct qf_layout *out)
{
    const struct qf_rcpt *rc;
    int     notify_bits = 0;
    size_t  i;

    for (i = 0; i < m->nrcpt; i++) {
        rc = m->rcpt + i;
        if (rc->notify) {
            (void) rec_fprintf(fp, REC_TYPE_ATTR, "notify_flags=%d",
                               rc->notify);
            notify_bits |= rc->notify;
        }
        if (rc->orcpt)
            (void) rec_fprintf(fp, REC_TYPE_ATTR, "dsn_orig_rcpt=%s",
                               rc->orcpt);
        (void) rec_fputs(fp, REC_TYPE_ORCP, rc->orig ? rc->orig : rc->address);
        out->rcpt_offset[i] = (long) stream_tell(fp);
        (void) rec_fputs(fp, REC_TYPE_RCPT, rc->address);
    }
    return (notify_bits);
}

int     qf_write(struct stream *fp, const struct qf_message *m,
                 struct qf_layout *out)
{
    int     notify_bits;

    out->nrcpt = m->nrcpt;
    out->rcpt_offset = xcalloc(m->nrcpt ? m->nrcpt : 1, sizeof(long));
    put_envelope(fp, m);
    notify_bits = put_recipients(fp, m, out);
    (void) rec_put(fp, REC_TYPE_MESG, "", 0);
    out->data_offset = (long) stream_tell(fp);
    out->content_len = put_body(fp, m->body ? m->body : "", m->body_len,
                                m->line_limit ? m->line_limit : QF_LINE_LIMIT);
    out->xtra_offset = (long) stream_tell(fp);
    out->data_size = out->xtra_offset - out->data_offset;
    (void) rec_put(fp, REC_TYPE_XTRA, "", 0);
    if (m->encoding)
        (void) rec_fprintf(fp, REC_TYPE_ATTR, "encoding=%s", m->encoding);
    (void) rec_put(fp, REC_TYPE_END, "", 0);
    if (stream_seek(fp, 0, SEEK_SET) < 0
        || rec_fprintf(fp, REC_TYPE_SIZE, REC_TYPE_SIZE_FORMAT, out->data_size,
                       out->data_offset, (long) m->nrcpt,
                       (long) (notify_bits << 1), out->content_len,
                       (long) m->smtputf8) < 0
        || stream_seek(fp, 0, SEEK_END) < 0 || stream_failed(fp)) {
        msg_warn("%s: write error: %m", stream_name(fp));
        return (-1);
    }
    return (0);
}

void    qf_layout_free(struct qf_layout *l)
{
    free(l->rcpt_offset);
    l->rcpt_offset = NULL;
    l->nrcpt = 0;
}

/* parse_fields - six blank-separated decimal numbers, nothing else */

static int parse_fields(const char *p, long fields[QF_SIZE_FIELDS])
{
    char   *end;
    int     i;

    for (i = 0; i < QF_SIZE_FIELDS; i++) {
        while (*p == ' ')
            p++;
        if (*p < '0' || *p > '9')
            return (-1);
        errno = 0;
        fields[i] = strtol(p, &end, 10);
        if (errno != 0)
            return (-1);
        p = end;
    }
    return (*p == 0 ? 0 : -1);
}

int     qf_read_size(struct stream *fp, long fields[6])
{
    struct buf *b = buf_new(100);
    int     ret = -1;

    if (stream_seek(fp, 0, SEEK_SET) < 0)
        msg_warn("%s: seek: %m", stream_name(fp));
    else if (rec_get_raw(fp, b, 200, REC_FLAG_NONE) != REC_TYPE_SIZE)
        msg_warn("%s: no size record at the start", stream_name(fp));
    else if (memchr(buf_str(b), 0, buf_len(b)) != NULL
             || parse_fields(buf_str(b), fields) < 0)
        msg_warn("%s: malformed size record: %.100s", stream_name(fp),
                 buf_str(b));
    else
        ret = 0;
    buf_free(b);
    return (ret);
}
