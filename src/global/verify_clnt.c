/*
 * verify_clnt - client of the address verification service
 *
 * Implements verify_clnt.h.  Without an event loop in the callers, the
 * idle and time-to-live limits are checked when the next request is
 * made (an idle connection stays open until then).
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "sock.h"
#include "stream.h"
#include "verify_clnt.h"

#define VERIFY_CONNECT_TRIES	10	/* warnings before the fatal */
#define VERIFY_CONNECT_SLEEP	10	/* seconds between attempts */
#define VERIFY_RETRY_SLEEP	1	/* after a failed request */

static struct stream *vrfy_stream;
static time_t vrfy_opened;		/* connection start */
static time_t vrfy_used;		/* last request */

void    verify_clnt_close(void)
{
    if (vrfy_stream != NULL)
        (void) stream_close(vrfy_stream);
    vrfy_stream = NULL;
}

/* verify_connect_wait - connect, retrying; fatal after too many failures */

static int verify_connect_wait(const char *path, int timeout_ms)
{
    int     count;
    int     fd;

    for (count = 1; (fd = unix_connect(path, 1, timeout_ms)) < 0; count++) {
        if (count > VERIFY_CONNECT_TRIES)
            msg_fatal("connect #%d to subsystem %s: %m", count, path);
        msg_warn("connect #%d to subsystem %s: %m", count, path);
        sleep(VERIFY_CONNECT_SLEEP);
    }
    return fd;
}

/* verify_open - a new connection that passed the handshake, or NULL */

static struct stream *verify_open(void)
{
    char   *path = xconcat(MAIL_CLASS_PRIVATE, "/", var_verify_service,
                           (char *) 0);
    int     timeout_ms = var_ipc_timeout > 0 ? var_ipc_timeout * 1000 : 0;
    struct stream *s = stream_open(verify_connect_wait(path, timeout_ms));

    stream_set_timeout(s, timeout_ms);
    stream_set_name(s, path);
    free(path);
    if (attr_expect_protocol(s, ATTR_ENC_0, VERIFY_PROTO) < 0) {
        (void) stream_close(s);
        return NULL;
    }
    vrfy_opened = time(NULL);
    return s;
}

/* verify_stale - must the open connection be replaced? */

static int verify_stale(void)
{
    time_t  now = time(NULL);

    if (now - vrfy_used >= var_ipc_idle || now - vrfy_opened >= var_ipc_ttl)
        return 1;
    if (stream_buffered(vrfy_stream) > 0)
        return 1;
    return io_wait(stream_fd(vrfy_stream), 0, 0) != 0;
}

/* verify_access - the connection to use, or NULL */

static struct stream *verify_access(void)
{
    if (vrfy_stream != NULL && verify_stale())
        verify_clnt_close();
    if (vrfy_stream == NULL)
        vrfy_stream = verify_open();
    vrfy_used = time(NULL);
    return vrfy_stream;
}

/* verify_request - one update exchange; 0 ok (status set), -1 error */

static int verify_request(struct stream *s, const char *addr, int addr_status,
                          const char *reason, int *status)
{
    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("request", "update"),
                   SEND_STR("address", addr),
                   SEND_INT("recipient_status", addr_status),
                   SEND_STR("reason", reason),
                   ATTR_END) != 0)
        return -1;
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_MISSING,
                  RECV_INT("status", status), ATTR_END) != 1)
        return -1;
    return 0;
}

int     verify_clnt_update(const char *addr, int addr_status,
                           const char *reason)
{
    struct stream *s;
    int     status;

    for (;;) {
        errno = 0;
        if ((s = verify_access()) != NULL
            && verify_request(s, addr, addr_status, reason, &status) == 0)
            return status;
        msg_warn("problem talking to service %s: %m", var_verify_service);
        verify_clnt_close();
        sleep(VERIFY_RETRY_SLEEP);
    }
}
