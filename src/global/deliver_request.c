/*
 * deliver_request - the agent side of qmgr's delivery request protocol
 *
 * Implements deliver_request.h (reference sections 3 and 4.6).
 *
 * Reading a request:
 *   1. announce "protocol=delivery_request_protocol";
 *   2. wait for input without a time limit (qmgr may hold an idle
 *      connection open as long as it likes), bypassing the client
 *      stream's ipc_timeout; end of input here = no request (NULL,
 *      nothing logged, nothing sent);
 *   3. attributes 1-7 strictly (ATTR_FLAG_MORE), attribute 8 read by
 *      hand because its name is "smtputf8" (3.7) or "sendopts" (3.10+),
 *      then 9-23 strictly with the end marker; "time" must decode to
 *      exactly our struct msg_stats; then recipient_count lists of 5
 *      attributes each, strictly; no recipient is an error;
 *   4. agent_handoff is set (if qmgr left it zero);
 *   5. queue name and ID validated; lstat: a regular file with owner
 *      bits exactly rwx; open O_RDWR (ENOENT: warning; anything else
 *      fatal), the same file as lstat saw (else a warning), shared
 *      non-blocking flock (failure fatal), close-on-exec.
 * Any failure after step 2 replies "defer" (seven empty strings and
 * status -1), waits for qmgr to close, and returns NULL.
 *
 * Strings from qmgr are taken as they are (as Postfix does); they are
 * bounded by ATTR_STRING_LIMIT and logging sanitizes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "deliver_request.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "record.h"

#define DR_NAME_LIMIT	32		/* attribute 8 name, NUL included */
#define DR_NUM_LIMIT	16		/* its value, NUL included */
#define DR_DRAIN_CHUNK	512
#define DR_DEFER	(-1)

#define STAT_READY	0700		/* owner bits of a deliverable file */

/* Strings of the common attributes, before they move into the request. */
enum {
    S_QUEUE_NAME, S_QUEUE_ID, S_NEXTHOP, S_ENCODING, S_SENDER, S_ENVID,
    S_CLIENT_NAME, S_CLIENT_ADDR, S_CLIENT_PORT, S_CLIENT_PROTO,
    S_CLIENT_HELO, S_SASL_METHOD, S_SASL_USERNAME, S_SASL_SENDER,
    S_LOG_IDENT, S_REWRITE_CONTEXT, S_COUNT
};

/* request_alloc - an empty request */

static struct deliver_request *request_alloc(void)
{
    struct deliver_request *req = xcalloc(1, sizeof(*req));

    msg_stats_init(&req->msg_stats);
    rcpt_list_init(&req->rcpt_list);
    return (req);
}

/* request_free - everything, the queue file too */

static void request_free(struct deliver_request *req)
{
    char  **strings[] = {
        &req->path, &req->queue_name, &req->queue_id, &req->nexthop,
        &req->encoding, &req->sender, &req->dsn_envid, &req->client_name,
        &req->client_addr, &req->client_port, &req->client_proto,
        &req->client_helo, &req->sasl_method, &req->sasl_username,
        &req->sasl_sender, &req->log_ident, &req->rewrite_context,
    };
    size_t  i;

    if (req->fp)
        (void) stream_close(req->fp);
    for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        free(*strings[i]);
    rcpt_list_free(&req->rcpt_list);
    dsb_free(req->hop_status);
    free(req);
}

/*
 * wait_request - wait without limit; 1 = input, 0 = qmgr closed.  The
 * first read itself waits (no time limit, so no poll before it).
 */
static int wait_request(struct stream *client)
{
    int     timeout = stream_timeout(client);
    int     eof;

    stream_set_timeout(client, 0);
    eof = stream_peek_eof(client);
    stream_set_timeout(client, timeout);
    if (eof && stream_failed(client))
        msg_warn("wait for delivery request on %s: %m", stream_name(client));
    return (!eof);
}

/* parse_u32 - digits only, at most 2^32 - 1, wrapped into an int */

static int parse_u32(const char *p, int *out)
{
    uint64_t val = 0;

    if (*p == 0)
        return (-1);
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return (-1);
        val = val * 10 + (uint64_t) (*p - '0');
        if (val > UINT32_MAX)
            return (-1);
    }
    *out = val > INT_MAX ? (int) ((int64_t) val - 4294967296LL) : (int) val;
    return (0);
}

/* get_sendopts - attribute 8 by either name; 0 or -1 (logged) */

static int get_sendopts(struct stream *s, int *value)
{
    struct buf *name = buf_new(DR_NAME_LIMIT);
    struct buf *val = buf_new(DR_NUM_LIMIT);
    int     ret = -1;

    if (stream_get_until(s, 0, name, DR_NAME_LIMIT) != STREAM_OK)
        msg_warn("bad or missing attribute name from %s (expecting: "
                 "smtputf8 or sendopts)", stream_name(s));
    else if (strcmp(buf_str(name), "smtputf8") != 0
             && strcmp(buf_str(name), "sendopts") != 0)
        msg_warn("unexpected attribute %.100s from %s (expecting: "
                 "smtputf8 or sendopts)", buf_str(name), stream_name(s));
    else if (stream_get_until(s, 0, val, DR_NUM_LIMIT) != STREAM_OK
             || parse_u32(buf_str(val), value) < 0)
        msg_warn("malformed numerical data from %s while reading %s",
                 stream_name(s), buf_str(name));
    else
        ret = 0;
    buf_free(name);
    buf_free(val);
    return (ret);
}

/* get_common - the 23 common attributes; 0 or -1 */

static int get_common(struct stream *s, struct deliver_request *req,
                      struct buf **b, int *rcpt_count)
{
    struct buf *time_blob = buf_new(MSG_STATS_WIRE_SIZE);
    int     ret = -1;

    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT | ATTR_FLAG_MORE,
                  RECV_INT("flags", &req->flags),
                  RECV_STR("queue_name", b[S_QUEUE_NAME]),
                  RECV_STR("queue_id", b[S_QUEUE_ID]),
                  RECV_LONG("offset", &req->data_offset),
                  RECV_LONG("size", &req->data_size),
                  RECV_STR("nexthop", b[S_NEXTHOP]),
                  RECV_STR("encoding", b[S_ENCODING]),
                  ATTR_END) == 7
        && get_sendopts(s, &req->sendopts) == 0
        && attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                     RECV_STR("sender", b[S_SENDER]),
                     RECV_STR("envelope_id", b[S_ENVID]),
                     RECV_INT("ret_flags", &req->dsn_ret),
                     RECV_DATA("time", time_blob),
                     RECV_STR("log_client_name", b[S_CLIENT_NAME]),
                     RECV_STR("log_client_address", b[S_CLIENT_ADDR]),
                     RECV_STR("log_client_port", b[S_CLIENT_PORT]),
                     RECV_STR("log_protocol_name", b[S_CLIENT_PROTO]),
                     RECV_STR("log_helo_name", b[S_CLIENT_HELO]),
                     RECV_STR("sasl_method", b[S_SASL_METHOD]),
                     RECV_STR("sasl_username", b[S_SASL_USERNAME]),
                     RECV_STR("sasl_sender", b[S_SASL_SENDER]),
                     RECV_STR("log_ident", b[S_LOG_IDENT]),
                     RECV_STR("rewrite_context", b[S_REWRITE_CONTEXT]),
                     RECV_INT("recipient_count", rcpt_count),
                     ATTR_END) == 15
        && msg_stats_decode(&req->msg_stats, buf_str(time_blob),
                            buf_len(time_blob)) == 0)
        ret = 0;
    buf_free(time_blob);
    return (ret);
}

/* take_strings - move the scanned strings into the request */

static void take_strings(struct deliver_request *req, struct buf **b)
{
    char  **dst[S_COUNT] = {
        &req->queue_name, &req->queue_id, &req->nexthop, &req->encoding,
        &req->sender, &req->dsn_envid, &req->client_name, &req->client_addr,
        &req->client_port, &req->client_proto, &req->client_helo,
        &req->sasl_method, &req->sasl_username, &req->sasl_sender,
        &req->log_ident, &req->rewrite_context,
    };
    int     i;

    for (i = 0; i < S_COUNT; i++) {
        *dst[i] = buf_steal(b[i]);
        b[i] = NULL;
    }
}

/* get_recipients - count lists of 5 attributes; 0 or -1 */

static int get_recipients(struct stream *s, struct deliver_request *req,
                          int count)
{
    struct buf *orig = buf_new(100);
    struct buf *addr = buf_new(100);
    struct buf *orcpt = buf_new(100);
    long    offset;
    int     notify;
    int     i;
    int     ret = 0;

    for (i = 0; i < count; i++) {
        if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                      RECV_STR("original_recipient", orig),
                      RECV_STR("recipient", addr),
                      RECV_LONG("offset", &offset),
                      RECV_STR("dsn_orig_rcpt", orcpt),
                      RECV_INT("notify_flags", &notify),
                      ATTR_END) != 5) {
            msg_warn("deliver_request_get: error receiving recipient "
                     "attributes");
            ret = -1;
            break;
        }
        rcpt_list_add(&req->rcpt_list, buf_str(orig), buf_str(addr), offset,
                      buf_str(orcpt), notify);
    }
    buf_free(orig);
    buf_free(addr);
    buf_free(orcpt);
    return (ret);
}

/* request_get - the whole request; 0 or -1 (logged) */

static int request_get(struct stream *s, struct deliver_request *req)
{
    struct buf *b[S_COUNT];
    int     rcpt_count = 0;
    int     ok;
    int     i;

    for (i = 0; i < S_COUNT; i++)
        b[i] = buf_new(16);
    ok = (get_common(s, req, b, &rcpt_count) == 0);
    take_strings(req, b);
    if (!ok) {
        msg_warn("deliver_request_get: error receiving common attributes");
        return (-1);
    }
    if (get_recipients(s, req, rcpt_count) < 0)
        return (-1);
    if (req->rcpt_list.len == 0) {
        msg_warn("%s: no recipients in delivery request for destination %s",
                 req->queue_id, req->nexthop);
        return (-1);
    }
    msg_stats_mark(&req->msg_stats.agent_handoff);
    return (0);
}

/* file_ready - validate names, lstat; the path, or NULL (logged) */

static const char *file_ready(struct deliver_request *req, struct buf *path,
                              struct stat *st)
{
    if (!mail_queue_name_ok(req->queue_name)) {
        msg_warn("bad mail queue name: %s", req->queue_name);
        return (NULL);
    }
    if (!mail_queue_id_ok(req->queue_id)) {
        msg_warn("bad mail queue id: %s", req->queue_id);
        return (NULL);
    }
    (void) mail_queue_path(path, req->queue_name, req->queue_id);
    if (lstat(buf_str(path), st) < 0) {
        msg_warn("%s: %m", buf_str(path));
        return (NULL);
    }
    if (!S_ISREG(st->st_mode)) {
        msg_warn("%s: uid %ld: not a regular file", buf_str(path),
                 (long) st->st_uid);
        return (NULL);
    }
    if ((st->st_mode & S_IRWXU) != STAT_READY) {
        msg_warn("%s: queue file is not ready for delivery (mode %04o)",
                 buf_str(path), (unsigned) (st->st_mode & 07777));
        return (NULL);
    }
    return (buf_str(path));
}

/* open_queue_file - open, check, lock; 0 or -1 (logged) */

static int open_queue_file(struct deliver_request *req)
{
    struct buf *pathbuf = buf_new(100);
    struct stat st, fst;
    const char *path;
    int     fd = -1;

    if ((path = file_ready(req, pathbuf, &st)) == NULL) {
        buf_free(pathbuf);
        return (-1);
    }
    if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0) {
        if (errno != ENOENT)
            msg_fatal("open %s %s: %m", req->queue_name, req->queue_id);
        msg_warn("open %s %s: %m", req->queue_name, req->queue_id);
    } else if (fstat(fd, &fst) < 0 || fst.st_ino != st.st_ino
               || fst.st_dev != st.st_dev) {
        msg_warn("%s: file changed while it was opened", path);
        (void) close(fd);
        fd = -1;
    } else if (flock(fd, LOCK_SH | LOCK_NB) < 0) {
        msg_fatal("shared lock %s: %m", path);
    }
    if (fd >= 0) {
        req->fp = stream_open_file(fd);
        stream_set_name(req->fp, path);
        req->path = xstrdup(path);
    }
    buf_free(pathbuf);
    return (fd >= 0 ? 0 : -1);
}

struct deliver_request *deliver_request_read(struct stream *client)
{
    struct deliver_request *req;

    if (attr_announce(client, ATTR_ENC_0, DELIVER_PROTOCOL) < 0) {
        msg_warn("%s: cannot send the protocol announcement",
                 stream_name(client));
        return (NULL);
    }
    if (!wait_request(client))
        return (NULL);
    req = request_alloc();
    if (request_get(client, req) < 0 || open_queue_file(req) < 0) {
        (void) deliver_request_done(client, req, DR_DEFER);
        return (NULL);
    }
    return (req);
}

/* wait_close - read until qmgr closes, at most ipc_timeout in all */

static void wait_close(struct stream *client)
{
    char    junk[DR_DRAIN_CHUNK];
    long    ms = (long) var_ipc_timeout * 1000;

    stream_set_timeout(client, ms > INT_MAX ? INT_MAX : (int) ms);
    stream_set_deadline(client, 1);
    while (stream_read(client, junk, sizeof(junk)) > 0)
         /* void */ ;
    stream_set_deadline(client, 0);
}

int     deliver_request_done(struct stream *client, struct deliver_request *req,
                             int status)
{
    struct dsn dsn = {"", "", "", "", "", "", ""};
    int     ret;

    if (req && req->hop_status)
        dsn = dsb_dsn(req->hop_status);
    ret = attr_print(client, ATTR_ENC_0, ATTR_FLAG_NONE,
                     SEND_STR("status", dsn.status),
                     SEND_STR("diag_type", dsn.dtype),
                     SEND_STR("diag_text", dsn.dtext),
                     SEND_STR("mta_type", dsn.mtype),
                     SEND_STR("mta_mname", dsn.mname),
                     SEND_STR("action", dsn.action),
                     SEND_STR("reason", dsn.reason),
                     SEND_INT("status", status),
                     ATTR_END);
    if (ret < 0)
        msg_warn("send final status to %s failed", stream_name(client));
    else
        wait_close(client);
    if (req)
        request_free(req);
    return (ret < 0 ? -1 : 0);
}

void    deliver_completed(struct deliver_request *req, long offset)
{
    if (offset == -1)
        return;
    if (offset <= 0)
        msg_panic("deliver_completed: bad offset %ld", offset);
    if (stream_seek(req->fp, (off_t) offset, SEEK_SET) < 0
        || stream_putc(req->fp, REC_TYPE_DONE) < 0
        || stream_flush(req->fp) < 0)
        msg_fatal("update queue file %s: %m", req->path);
}

void    deliver_request_mark_corrupt(struct deliver_request *req)
{
    msg_warn("corrupted queue file: %s", req->path);
    if (fchmod(stream_fd(req->fp), 0400) < 0)
        msg_warn("fchmod %s: %m", req->path);
}
