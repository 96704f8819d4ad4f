/*
 * scache_clnt - client of the connection cache service (scache)
 *
 * Implements scache_clnt.h.  Without an event loop in the callers, the
 * idle and time-to-live limits are checked when the next request is
 * made.  A request is a function that returns 1 (done, result set), 0
 * (the server answered "no") or -1 (talking failed); scache_call()
 * applies the retry-once-then-disable policy around it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "fdpass.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "scache_clnt.h"
#include "sock.h"
#include "stream.h"

#define SCACHE_RETRY_SLEEP	1	/* seconds before the second try */

static struct stream *sc_stream;
static time_t sc_opened;		/* connection start */
static time_t sc_used;			/* last request */
static int sc_disabled;			/* gave up for good */

void    scache_clnt_close(void)
{
    if (sc_stream != NULL)
        (void) stream_close(sc_stream);
    sc_stream = NULL;
}

int     scache_clnt_usable(void)
{
    return !sc_disabled;
}

/* scache_open - a new connection that passed the handshake, or NULL */

static struct stream *scache_open(struct buf *why)
{
    char   *path = xconcat(MAIL_CLASS_PRIVATE, "/", var_scache_service,
                           (char *) 0);
    int     ms = var_scache_proto_tmout * 1000;
    struct stream *s;
    int     fd;

    if ((fd = unix_connect(path, 1, ms)) < 0) {
        buf_reset(why);
        buf_printf(why, "connect to %s: %s", path, strerror(errno));
        free(path);
        return NULL;
    }
    s = stream_open(fd);
    stream_set_timeout(s, ms);
    stream_set_name(s, path);
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_QUIET,
                  RECV_STR("protocol", why), ATTR_END) != 1
        || strcmp(buf_str(why), SCACHE_PROTO) != 0) {
        buf_reset(why);
        buf_printf(why, "%s: no %s announcement", path, SCACHE_PROTO);
        free(path);
        (void) stream_close(s);
        return NULL;
    }
    free(path);
    sc_opened = time(NULL);
    return s;
}

/* scache_stale - must the open connection be replaced? */

static int scache_stale(void)
{
    time_t  now = time(NULL);

    if (now - sc_used >= var_ipc_idle || now - sc_opened >= var_ipc_ttl)
        return 1;
    if (stream_buffered(sc_stream) > 0 || stream_failed(sc_stream))
        return 1;
    return io_wait(stream_fd(sc_stream), 0, 0) != 0;
}

 /*
  * The requests.  Each gets the open stream and its arguments.
  */
struct sc_args {
    int     ttl;
    const char *label;
    const char *prop;
    const char *endp_label;
    int     fd;				/* save: ours; find: result */
    struct buf *prop1;			/* find: first property */
    struct buf *prop2;			/* find_dest: endpoint property */
};

/* recv_fd - the dummy / fd / dummy exchange after a find; -1 failed */

static int recv_fd(struct stream *s)
{
    int     fd;

    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE, SEND_STR("dummy", ""),
                   ATTR_END) != 0)
        return -1;
    if (stream_buffered(s) > 0) {
        msg_warn("%s: unexpected data before a passed descriptor",
                 stream_name(s));
        return -1;
    }
    if (io_wait(stream_fd(s), 0, var_scache_proto_tmout * 1000) <= 0)
        return -1;
    if ((fd = fd_recv(stream_fd(s))) < 0)
        return -1;
    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE, SEND_STR("dummy", ""),
                   ATTR_END) != 0) {
        (void) close(fd);
        return -1;
    }
    return fd;
}

/* The replies are scanned with ATTR_FLAG_QUIET: trouble is reported
 * once, by scache_call(). */

static int req_save_endp(struct stream *s, struct sc_args *a)
{
    struct buf *dummy;
    int     status;
    int     got;

    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("request", "save_endp"),
                   SEND_INT("ttl", a->ttl),
                   SEND_STR("label", a->label),
                   SEND_STR("property", a->prop), ATTR_END) != 0)
        return -1;
    /* The server says "dummy" first, or a status when the request is bad. */
    dummy = buf_new(8);
    got = attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_QUIET,
                    RECV_STR("dummy", dummy), ATTR_END);
    buf_free(dummy);
    if (got != 1)
        return -1;
    if (stream_flush(s) < 0 || fd_send(stream_fd(s), a->fd) < 0)
        return -1;
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_QUIET,
                  RECV_INT("status", &status), ATTR_END) != 1)
        return -1;
    return status == SCACHE_STAT_OK ? 1 : 0;
}

static int req_save_dest(struct stream *s, struct sc_args *a)
{
    int     status;

    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("request", "save_dest"),
                   SEND_INT("ttl", a->ttl),
                   SEND_STR("label", a->label),
                   SEND_STR("property", a->prop),
                   SEND_STR("label", a->endp_label), ATTR_END) != 0)
        return -1;
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_QUIET,
                  RECV_INT("status", &status), ATTR_END) != 1)
        return -1;
    return status == SCACHE_STAT_OK ? 1 : 0;
}

static int req_find_endp(struct stream *s, struct sc_args *a)
{
    int     status;

    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("request", "find_endp"),
                   SEND_STR("label", a->label), ATTR_END) != 0)
        return -1;
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_QUIET,
                  RECV_INT("status", &status),
                  RECV_STR("property", a->prop1), ATTR_END) != 2)
        return -1;
    if (status != SCACHE_STAT_OK)
        return 0;
    if ((a->fd = recv_fd(s)) < 0)
        return -1;
    return 1;
}

static int req_find_dest(struct stream *s, struct sc_args *a)
{
    int     status;

    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("request", "find_dest"),
                   SEND_STR("label", a->label), ATTR_END) != 0)
        return -1;
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_QUIET,
                  RECV_INT("status", &status),
                  RECV_STR("property", a->prop1),
                  RECV_STR("property", a->prop2), ATTR_END) != 3)
        return -1;
    if (status != SCACHE_STAT_OK)
        return 0;
    if ((a->fd = recv_fd(s)) < 0)
        return -1;
    return 1;
}

/* scache_call - one request with the retry-once-then-disable policy */

static int scache_call(int (*req) (struct stream *, struct sc_args *),
                       struct sc_args *a)
{
    struct buf *why = buf_new(100);
    int     tries;
    int     ret = -1;

    for (tries = 1; !sc_disabled; tries++) {
        if (sc_stream != NULL && scache_stale())
            scache_clnt_close();
        errno = 0;
        if (sc_stream == NULL)
            sc_stream = scache_open(why);
        if (sc_stream != NULL) {
            sc_used = time(NULL);
            if ((ret = req(sc_stream, a)) >= 0)
                break;
            buf_reset(why);
            buf_printf(why, "problem talking to service %s: %s",
                       stream_name(sc_stream), stream_timed_out(sc_stream) ?
                       "timeout" : errno ? strerror(errno) : "protocol error");
            scache_clnt_close();
        }
        if (tries >= 2) {
            msg_warn("%s; disabling connection caching", buf_str(why));
            sc_disabled = 1;
            break;
        }
        if (errno != ENOENT)
            sleep(SCACHE_RETRY_SLEEP);
    }
    buf_free(why);
    return ret;
}

int     scache_clnt_save_endp(int ttl, const char *endp_label,
                              const char *endp_prop, int fd)
{
    struct sc_args a = {ttl, endp_label, endp_prop, NULL, fd, NULL, NULL};
    int     ret;

    if (ttl <= 0 || *endp_label == 0)
        msg_panic("scache_clnt_save_endp: bad ttl %d or empty label", ttl);
    ret = scache_call(req_save_endp, &a);
    (void) close(fd);
    return ret > 0 ? 0 : -1;
}

int     scache_clnt_save_dest(int ttl, const char *dest_label,
                              const char *dest_prop, const char *endp_label)
{
    struct sc_args a = {ttl, dest_label, dest_prop, endp_label, -1, NULL, NULL};

    if (ttl <= 0 || *dest_label == 0 || *endp_label == 0)
        msg_panic("scache_clnt_save_dest: bad ttl %d or empty label", ttl);
    return scache_call(req_save_dest, &a) > 0 ? 0 : -1;
}

int     scache_clnt_find_endp(const char *endp_label, struct buf *endp_prop)
{
    struct sc_args a = {0, endp_label, NULL, NULL, -1, endp_prop, NULL};

    buf_reset(endp_prop);
    return scache_call(req_find_endp, &a) > 0 ? a.fd : -1;
}

int     scache_clnt_find_dest(const char *dest_label, struct buf *dest_prop,
                              struct buf *endp_prop)
{
    struct sc_args a = {0, dest_label, NULL, NULL, -1, dest_prop, endp_prop};

    buf_reset(dest_prop);
    buf_reset(endp_prop);
    return scache_call(req_find_dest, &a) > 0 ? a.fd : -1;
}
