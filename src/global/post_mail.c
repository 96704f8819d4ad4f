/*
 * post_mail - a client of the cleanup service (interface in post_mail.h)
 *
 * The wire is Postfix 3.7's cleanup protocol (cleanup_user.h): attribute
 * lists in the "0" encoding around a plain stream of queue file records.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "cleanup_user.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "post_mail.h"
#include "record.h"
#include "sock.h"
#include "stream.h"

struct post_mail {
    struct stream *s;
    struct buf *queue_id;
    int     failed;
};

void    post_mail_path(struct buf *out)
{
    buf_reset(out);
    buf_printf(out, "%s/%s/%s", var_queue_dir, MAIL_CLASS_PUBLIC,
               var_cleanup_service);
}

static void post_mail_free(struct post_mail *pm)
{
    stream_close(pm->s);
    buf_free(pm->queue_id);
    free(pm);
}

struct post_mail *post_mail_open(const char *path, int flags, int timeout_ms)
{
    struct post_mail *pm;
    int     fd;

    if ((fd = unix_connect(path, 1, timeout_ms)) < 0) {
        msg_warn("connect to %s: %m", path);
        return NULL;
    }
    pm = xcalloc(1, sizeof(*pm));
    pm->s = stream_open(fd);
    pm->queue_id = buf_new(32);
    stream_set_name(pm->s, path);
    stream_set_timeout(pm->s, timeout_ms);
    if (attr_scan(pm->s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_STREQ("protocol", CLEANUP_PROTOCOL),
                  RECV_STR(CLEANUP_ATTR_QUEUE_ID, pm->queue_id),
                  ATTR_END) != 1
        || !mail_queue_id_ok(buf_str(pm->queue_id))) {
        msg_warn("%s: no valid cleanup announcement", path);
        post_mail_free(pm);
        return NULL;
    }
    if (attr_print(pm->s, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_INT(CLEANUP_ATTR_FLAGS, flags), ATTR_END) != 0) {
        msg_warn("%s: cannot send the flags: %m", path);
        post_mail_free(pm);
        return NULL;
    }
    return pm;
}

const char *post_mail_queue_id(struct post_mail *pm)
{
    return buf_str(pm->queue_id);
}

int     post_mail_rec(struct post_mail *pm, int type, const void *p, size_t n)
{
    if (pm->failed)
        return -1;
    if (rec_put(pm->s, type, p, n) != type) {
        msg_warn("%s: write error: %m", stream_name(pm->s));
        pm->failed = 1;
        return -1;
    }
    return 0;
}

int     post_mail_recf(struct post_mail *pm, int type, const char *fmt, ...)
{
    struct buf *b = buf_new(100);
    va_list ap;
    int     ret;

    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
    ret = post_mail_rec(pm, type, buf_str(b), buf_len(b));
    buf_free(b);
    return ret;
}

int     post_mail_text(struct post_mail *pm, const char *line, size_t len)
{
    while (len > POST_MAIL_LINE_PIECE) {
        if (post_mail_rec(pm, REC_TYPE_CONT, line, POST_MAIL_LINE_PIECE) < 0)
            return -1;
        line += POST_MAIL_LINE_PIECE;
        len -= POST_MAIL_LINE_PIECE;
    }
    return post_mail_rec(pm, REC_TYPE_NORM, line, len);
}

int     post_mail_finish(struct post_mail *pm, struct buf *reason)
{
    int     status = CLEANUP_STAT_WRITE;

    buf_reset(reason);
    if (post_mail_rec(pm, REC_TYPE_END, "", 0) < 0
        || stream_flush(pm->s) < 0) {
        buf_set(reason, "cannot send the message to the cleanup service");
    } else if (attr_scan(pm->s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                         RECV_INT(CLEANUP_ATTR_STATUS, &status),
                         RECV_STR(CLEANUP_ATTR_REASON, reason),
                         ATTR_END) != 2) {
        status = CLEANUP_STAT_WRITE;
        buf_set(reason, "no status from the cleanup service");
    } else if (status != 0 && buf_len(reason) == 0) {
        buf_set(reason, cleanup_strerror(status));
    }
    post_mail_free(pm);
    return status;
}

void    post_mail_abort(struct post_mail *pm)
{
    post_mail_free(pm);
}
