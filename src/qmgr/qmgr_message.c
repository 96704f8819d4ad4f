/*
 * qmgr_message - read the envelope of a queue file in active/
 *
 *	struct qmsg *qmsg_load(const char *id);
 *			reads active/ID (path from mail_queue_path): NULL if
 *			the file is gone (logged) or malformed (logged, and
 *			moved to corrupt/ID)
 *	void	qmsg_free(struct qmsg *m);
 *
 * What is read (reference 4.2-4.5): raw records with the offset before
 * each; 'p' pointers followed here (bounded hops); C (data offset, data
 * size, content length, SMTPUTF8 flags), T, S, I, A (create_time,
 * envelope_id, ret_flags, trace_flags, rewrite_context, notify_flags,
 * dsn_orig_rcpt, encoding) and their record forms (i < o n), O, R (its
 * offset kept for the done mark), D and / (done: skipped; they reset
 * the pending O/o/n as R does).  At M the reader jumps over the content
 * (data_size bytes) and expects X, then reads the extracted segment up
 * to E.  A file without S, C or E, with a record outside the segment's
 * allowed set, or longer than the limits is corrupt.
 *
 * Trust: the file is cleanup's, read with the bounds below anyway.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "qmgr.h"
#include "qmgr_params.h"
#include "record.h"
#include "stream.h"

#define QMSG_REC_LIMIT		(64 * 1024)	/* one envelope record */
#define QMSG_MAX_HOPS		10000		/* 'p' records followed */

#define SEG_ENVELOPE	"MCTcFILSDRO/WVA>K<ionp"
#define SEG_EXTRACTED	"EDRO/PreAFIL>Konp"

struct reader {
    struct qmsg *m;
    struct stream *fp;
    struct buf *rec;
    char   *orig;			/* pending O */
    char   *orcpt;			/* pending o / A dsn_orig_rcpt */
    int     notify;			/* pending n / A notify_flags */
    int     have_size;
    int     have_sender;
    int     cap;
};

static void set_str(char **dst, const char *src)
{
    free(*dst);
    *dst = xstrdup(src);
}

static void reset_pending(struct reader *r)
{
    free(r->orig);
    free(r->orcpt);
    r->orig = r->orcpt = NULL;
    r->notify = 0;
}

static int add_rcpt(struct reader *r, long offset)
{
    struct qmsg *m = r->m;
    struct qmsg_rcpt *q;

    if (m->nrcpt >= var_qmgr_rcpt_limit) {
        msg_warn("%s: more than %d recipients", m->id, var_qmgr_rcpt_limit);
        return (-1);
    }
    if (m->nrcpt == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        m->rcpt = xrealloc(m->rcpt, r->cap * sizeof(*m->rcpt));
    }
    q = m->rcpt + m->nrcpt++;
    q->address = xstrdup(buf_str(r->rec));
    q->orig = xstrdup(r->orig ? r->orig : "");
    q->orcpt = xstrdup(r->orcpt ? r->orcpt : "");
    q->notify = r->notify;
    q->offset = offset;
    reset_pending(r);
    return (0);
}

/* size_record - the C record's fields */

static int size_record(struct reader *r)
{
    struct qmsg *m = r->m;
    long    f[6] = {0, 0, 0, 0, 0, 0};
    int     n;

    n = sscanf(buf_str(r->rec), "%ld %ld %ld %ld %ld %ld",
               f, f + 1, f + 2, f + 3, f + 4, f + 5);
    if (n < 3 || f[0] < 0 || f[1] <= 0 || f[4] < 0)
        return (-1);
    m->data_size = f[0];
    m->data_offset = f[1];
    m->content_len = f[4] > 0 ? f[4] : f[0];
    m->smtputf8 = (int) f[5];
    r->have_size = 1;
    return (0);
}

static int number(const char *s)
{
    return (int) strtol(s, NULL, 10);
}

/* named_attr - A name=value */

static void named_attr(struct reader *r)
{
    struct qmsg *m = r->m;
    char   *text = buf_str(r->rec);
    char   *eq = strchr(text, '=');
    const char *val;

    if (eq == NULL)
        return;
    *eq = 0;
    val = eq + 1;
    if (strcmp(text, "envelope_id") == 0)
        set_str(&m->envid, val);
    else if (strcmp(text, "ret_flags") == 0)
        m->ret_flags = number(val);
    else if (strcmp(text, "trace_flags") == 0)
        m->trace_flags = number(val);
    else if (strcmp(text, "rewrite_context") == 0)
        set_str(&m->rewrite_context, val);
    else if (strcmp(text, "notify_flags") == 0)
        r->notify = number(val);
    else if (strcmp(text, "dsn_orig_rcpt") == 0)
        set_str(&r->orcpt, val);
    else if (strcmp(text, "encoding") == 0)
        set_str(&m->encoding, val);
}

/* one_record - handle one record; 1 = go on, 0 = E seen, -1 = corrupt */

static int one_record(struct reader *r, int type, long offset)
{
    struct qmsg *m = r->m;
    long    where;
    int     x;

    switch (type) {
    case REC_TYPE_SIZE:
        return (size_record(r) < 0 ? -1 : 1);
    case REC_TYPE_TIME:
        if (sscanf(buf_str(r->rec), "%ld %ld", &m->arrival.tv_sec,
                   &m->arrival.tv_usec) < 1)
            return (-1);
        return (1);
    case REC_TYPE_FROM:
        set_str(&m->sender, buf_str(r->rec));
        r->have_sender = 1;
        return (1);
    case REC_TYPE_INSP:
        m->inspect = 1;
        return (1);
    case REC_TYPE_ATTR:
        named_attr(r);
        return (1);
    case REC_TYPE_DSN_ENVID:
        set_str(&m->envid, buf_str(r->rec));
        return (1);
    case REC_TYPE_DSN_RET:
        m->ret_flags = number(buf_str(r->rec));
        return (1);
    case REC_TYPE_DSN_ORCPT:
        set_str(&r->orcpt, buf_str(r->rec));
        return (1);
    case REC_TYPE_DSN_NOTIFY:
        r->notify = number(buf_str(r->rec));
        return (1);
    case REC_TYPE_ORCP:
        set_str(&r->orig, buf_str(r->rec));
        return (1);
    case REC_TYPE_RCPT:
        return (add_rcpt(r, offset) < 0 ? -1 : 1);
    case REC_TYPE_DONE:
    case REC_TYPE_DRCP:
        reset_pending(r);
        return (1);
    case REC_TYPE_PTR:
        if ((where = rec_goto(r->fp, buf_str(r->rec))) < 0)
            return (-1);
        return (1);
    case REC_TYPE_MESG:
        if (!r->have_size || stream_tell(r->fp) != m->data_offset
            || stream_seek(r->fp, m->data_offset + m->data_size,
                           SEEK_SET) < 0)
            return (-1);
        x = rec_get_raw(r->fp, r->rec, QMSG_REC_LIMIT, REC_FLAG_NONE);
        return (x == REC_TYPE_XTRA ? 2 : -1);
    case REC_TYPE_END:
        return (0);
    default:
        return (1);
    }
}

/* read_records - the whole envelope; 0 or -1 (corrupt) */

static int read_records(struct reader *r)
{
    const char *allowed = SEG_ENVELOPE;
    long    offset;
    int     hops = 0;
    int     type;
    int     rc;

    for (;;) {
        offset = (long) stream_tell(r->fp);
        type = rec_get_raw(r->fp, r->rec, QMSG_REC_LIMIT, REC_FLAG_NONE);
        if (type < 0 || strchr(allowed, type) == NULL)
            return (-1);
        if (type == REC_TYPE_PTR && ++hops > QMSG_MAX_HOPS)
            return (-1);
        if ((rc = one_record(r, type, offset)) < 0)
            return (-1);
        if (rc == 0)
            return (r->have_sender && r->have_size ? 0 : -1);
        if (rc == 2)
            allowed = SEG_EXTRACTED;
    }
}

static void move_corrupt(const char *id, const char *path)
{
    struct buf *to = buf_new(100);

    (void) mail_queue_path(to, MAIL_QUEUE_CORRUPT, id);
    if (rename(path, buf_str(to)) < 0)
        msg_warn("%s: move to %s: %m", id, buf_str(to));
    else
        msg_warn("saving corrupt file \"%s\" from queue \"%s\"", id,
                 MAIL_QUEUE_ACTIVE);
    buf_free(to);
}

struct qmsg *qmsg_load(const char *id)
{
    struct reader r;
    struct qmsg *m = xcalloc(1, sizeof(*m));
    struct buf *path = buf_new(100);
    int     fd;
    int     rc;

    m->id = xstrdup(id);
    m->path = xstrdup(mail_queue_path(path, MAIL_QUEUE_ACTIVE, id));
    buf_free(path);
    if ((fd = open(m->path, O_RDONLY | O_CLOEXEC)) < 0) {
        msg_warn("%s: open %s: %m", id, m->path);
        qmsg_free(m);
        return (NULL);
    }
    memset(&r, 0, sizeof(r));
    r.m = m;
    r.fp = stream_open(fd);
    stream_set_name(r.fp, m->path);
    r.rec = buf_new(200);
    rc = read_records(&r);
    reset_pending(&r);
    buf_free(r.rec);
    (void) stream_close(r.fp);
    if (rc < 0) {
        msg_warn("%s: malformed queue file %s", id, m->path);
        move_corrupt(id, m->path);
        qmsg_free(m);
        return (NULL);
    }
    if (m->encoding == NULL)
        m->encoding = xstrdup("");
    if (m->envid == NULL)
        m->envid = xstrdup("");
    if (m->rewrite_context == NULL)
        m->rewrite_context = xstrdup("local");
    return (m);
}

void    qmsg_free(struct qmsg *m)
{
    int     i;

    for (i = 0; i < m->nrcpt; i++) {
        free(m->rcpt[i].address);
        free(m->rcpt[i].orig);
        free(m->rcpt[i].orcpt);
    }
    free(m->rcpt);
    free(m->id);
    free(m->path);
    free(m->sender);
    free(m->encoding);
    free(m->envid);
    free(m->rewrite_context);
    free(m);
}
