/*
 * scache_proto - the server side of Postfix's connection cache protocol
 *
 * See scache_proto.h for the interface; the wire format is Postfix
 * 3.7's (protocol reference sections 1.2 and 6.2).
 *
 * Reading: the request name is read as the first attribute of a list
 * (strict, "more"); anything but "request" there ends the client,
 * since its stream cannot be trusted to be in step.  The rest of the
 * list is read leniently up to its end marker: unknown attributes are
 * skipped (as the reference advises for skew), a missing one is
 * logged.  So after any well-framed request, good or bad, the stream
 * is at the start of the next request, and a bad request costs only a
 * status=1 reply.  End of input or an I/O error inside a request, an
 * over-long string (the attribute layer's limit) or a malformed number
 * ends the client; nothing else is affected.
 *
 * The descriptor exchange follows Postfix's order on Linux: the dummy
 * before receiving an fd, and a dummy read before and after sending
 * one.  A failed exchange after a find ends the client (the stream is
 * no longer in step); the connection that was handed out is closed
 * (it was removed from the cache, as Postfix does).
 *
 * Trust: the clients are smtp/lmtp processes of the same mail system,
 * but a broken or dying client must cost only its own connection.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "msg.h"
#include "scache_proto.h"

/* Request buffers, one set per request. */
struct req {
    struct buf *name;
    struct buf *dest_label;
    struct buf *dest_props;
    struct buf *endp_label;
    struct buf *endp_props;
    struct buf *dummy;
};

/* scan_result - judge a lenient scan of the rest of a request list:
 * 1 complete, 0 bad (list consumed: reply status 1), -1 end client */

static int scan_result(const char *what, struct stream *client, int n,
                       int want)
{
    if (n < 0)
        return (-1);				/* logged by attr_scan */
    if (n == 0 && stream_at_eof(client)) {
        msg_warn("%s: premature end of input from %s", what,
                 stream_name(client));
        return (-1);
    }
    if (n != want) {
        msg_warn("%s: bad or missing request parameter", what);
        return (0);
    }
    return (1);
}

/* clamp_ttl - the client's TTL limited to ttl_limit, in milliseconds */

static long clamp_ttl(const struct scache_proto *p, int ttl)
{
    return ((long) (ttl > p->ttl_limit ? p->ttl_limit : ttl) * 1000L);
}

/* note_size - remember the largest cache sizes for the statistics */

static void note_size(struct scache_proto *p, int dest_too)
{
    struct scache_size size;

    scache_cache_size(p->cache, &size);
    if (dest_too && size.dest_count > p->stats.max_dest)
        p->stats.max_dest = size.dest_count;
    if (size.endp_count > p->stats.max_endp)
        p->stats.max_endp = size.endp_count;
    if (size.sess_count > p->stats.max_sess)
        p->stats.max_sess = size.sess_count;
}

/* reply_status - status alone; 0 ok, -1 client gone */

static int reply_status(struct stream *client, int status)
{
    return (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_INT("status", status), ATTR_END) < 0 ? -1 : 0);
}

/* save_endp - take a connection into the cache */

static int save_endp(struct scache_proto *p, struct stream *client,
                     struct req *r)
{
    static const char what[] = "scache_save_endp_service";
    int     ttl = 0;
    int     n;
    int     fd;

    n = attr_scan(client, ATTR_ENC_0, ATTR_FLAG_MISSING,
                  RECV_INT("ttl", &ttl), RECV_STR("label", r->endp_label),
                  RECV_STR("property", r->endp_props), ATTR_END);
    if ((n = scan_result(what, client, n, 3)) <= 0 || ttl <= 0) {
        if (n > 0)
            msg_warn("%s: bad or missing request parameter", what);
        return (n < 0 ? -1 : reply_status(client, SCACHE_STAT_BAD));
    }
    if (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("dummy", ""), ATTR_END) < 0)
        return (-1);
    if (stream_buffered(client) > 0) {
        msg_warn("%s: %s sent data instead of a file descriptor", what,
                 stream_name(client));
        return (-1);
    }
    if ((fd = p->recv_fd(client)) < 0) {
        int     gone = (errno == ECONNRESET || errno == ETIMEDOUT);

        msg_warn("%s: unable to receive file descriptor: %m", what);
        if (reply_status(client, SCACHE_STAT_FAIL) < 0 || gone)
            return (-1);
        return (0);
    }
    scache_cache_save_endp(p->cache, clamp_ttl(p, ttl),
                           buf_str(r->endp_label), buf_str(r->endp_props), fd);
    note_size(p, 0);
    return (reply_status(client, SCACHE_STAT_OK));
}

/* hand_out - the fd exchange after a successful find; closes fd */

static int hand_out(struct scache_proto *p, struct stream *client,
                    struct req *r, const char *what, int fd)
{
    int     ok;

    ok = (attr_scan(client, ATTR_ENC_0, ATTR_FLAG_STRICT,
                    RECV_STR("dummy", r->dummy), ATTR_END) == 1
          && p->send_fd(client, fd) == 0
          && attr_scan(client, ATTR_ENC_0, ATTR_FLAG_STRICT,
                       RECV_STR("dummy", r->dummy), ATTR_END) == 1);
    if (!ok)
        msg_warn("%s: cannot send file descriptor: %m", what);
    if (close(fd) < 0)
        msg_warn("%s: close fd %d: %m", what, fd);
    return (ok ? 0 : -1);
}

/* find_endp - hand out the oldest connection to an endpoint */

static int find_endp(struct scache_proto *p, struct stream *client,
                     struct req *r)
{
    static const char what[] = "scache_find_endp_service";
    int     n;
    int     fd;
    int     status;

    n = attr_scan(client, ATTR_ENC_0, ATTR_FLAG_MISSING,
                  RECV_STR("label", r->endp_label), ATTR_END);
    if ((n = scan_result(what, client, n, 1)) < 0)
        return (-1);
    fd = -1;
    buf_reset(r->endp_props);
    if (n == 0) {
        status = SCACHE_STAT_BAD;
    } else if ((fd = scache_cache_find_endp(p->cache, buf_str(r->endp_label),
                                            r->endp_props)) < 0) {
        status = SCACHE_STAT_FAIL;
        p->stats.endp_miss++;
    } else {
        status = SCACHE_STAT_OK;
        p->stats.endp_hits++;
    }
    if (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_INT("status", status),
                   SEND_STR("property", buf_str(r->endp_props)),
                   ATTR_END) < 0) {
        if (fd >= 0)
            (void) close(fd);
        return (-1);
    }
    return (fd >= 0 ? hand_out(p, client, r, what, fd) : 0);
}

/* save_dest - bind a destination to an endpoint */

static int save_dest(struct scache_proto *p, struct stream *client,
                     struct req *r)
{
    static const char what[] = "scache_save_dest_service";
    int     ttl = 0;
    int     n;

    n = attr_scan(client, ATTR_ENC_0, ATTR_FLAG_MISSING,
                  RECV_INT("ttl", &ttl), RECV_STR("label", r->dest_label),
                  RECV_STR("property", r->dest_props),
                  RECV_STR("label", r->endp_label), ATTR_END);
    if ((n = scan_result(what, client, n, 4)) <= 0 || ttl <= 0) {
        if (n > 0)
            msg_warn("%s: bad or missing request parameter", what);
        return (n < 0 ? -1 : reply_status(client, SCACHE_STAT_BAD));
    }
    scache_cache_save_dest(p->cache, clamp_ttl(p, ttl), buf_str(r->dest_label),
                           buf_str(r->dest_props), buf_str(r->endp_label));
    note_size(p, 1);
    return (reply_status(client, SCACHE_STAT_OK));
}

/* find_dest - hand out a connection bound to a destination */

static int find_dest(struct scache_proto *p, struct stream *client,
                     struct req *r)
{
    static const char what[] = "scache_find_dest_service";
    int     n;
    int     fd;
    int     status;

    n = attr_scan(client, ATTR_ENC_0, ATTR_FLAG_MISSING,
                  RECV_STR("label", r->dest_label), ATTR_END);
    if ((n = scan_result(what, client, n, 1)) < 0)
        return (-1);
    fd = -1;
    buf_reset(r->dest_props);
    buf_reset(r->endp_props);
    if (n == 0) {
        status = SCACHE_STAT_BAD;
    } else if ((fd = scache_cache_find_dest(p->cache, buf_str(r->dest_label),
                                            r->dest_props,
                                            r->endp_props)) < 0) {
        status = SCACHE_STAT_FAIL;
        p->stats.dest_miss++;
    } else {
        status = SCACHE_STAT_OK;
        p->stats.dest_hits++;
    }
    if (attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_INT("status", status),
                   SEND_STR("property", buf_str(r->dest_props)),
                   SEND_STR("property", buf_str(r->endp_props)),
                   ATTR_END) < 0) {
        if (fd >= 0)
            (void) close(fd);
        return (-1);
    }
    return (fd >= 0 ? hand_out(p, client, r, what, fd) : 0);
}

/* unknown - skip the rest of an unknown request's list, status 1 */

static int unknown(struct stream *client, struct req *r)
{
    int     n;

    msg_warn("unrecognized request: \"%.100s\", ignored", buf_str(r->name));
    n = attr_scan(client, ATTR_ENC_0, ATTR_FLAG_NONE, ATTR_END);
    if (scan_result("unrecognized request", client, n, 0) < 0)
        return (-1);
    return (reply_status(client, SCACHE_STAT_BAD));
}

/* dispatch - one request whose name has been read */

static int dispatch(struct scache_proto *p, struct stream *client,
                    struct req *r)
{
    const char *name = buf_str(r->name);

    if (msg_verbose)
        msg_info("%s: request %.100s", stream_name(client), name);
    if (strcmp(name, "save_endp") == 0)
        return (save_endp(p, client, r));
    if (strcmp(name, "find_endp") == 0)
        return (find_endp(p, client, r));
    if (strcmp(name, "save_dest") == 0)
        return (save_dest(p, client, r));
    if (strcmp(name, "find_dest") == 0)
        return (find_dest(p, client, r));
    return (unknown(client, r));
}

int     scache_proto_request(struct scache_proto *p, struct stream *client)
{
    struct req r;
    int     n;
    int     ret;

    r.name = buf_new(32);
    r.dest_label = buf_new(100);
    r.dest_props = buf_new(100);
    r.endp_label = buf_new(100);
    r.endp_props = buf_new(100);
    r.dummy = buf_new(8);
    n = attr_scan(client, ATTR_ENC_0, ATTR_FLAG_MORE | ATTR_FLAG_STRICT,
                  RECV_STR("request", r.name), ATTR_END);
    if (n == 1) {
        ret = dispatch(p, client, &r);
    } else {
        if (n == 0 && !stream_at_eof(client))
            msg_warn("malformed request from %s", stream_name(client));
        ret = -1;
    }
    buf_free(r.name);
    buf_free(r.dest_label);
    buf_free(r.dest_props);
    buf_free(r.endp_label);
    buf_free(r.endp_props);
    buf_free(r.dummy);
    return (ret);
}

void    scache_stats_reset(struct scache_stats *st)
{
    memset(st, 0, sizeof(*st));
}
