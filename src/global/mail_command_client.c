/*
 * mail_command_client - one request per connection to an internal service
 *
 * Implements mail_command_client.h: connect, check the announcement,
 * send the caller's item list (attr_vprint), read {status}, close.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include "attr.h"
#include "mail_command_client.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "sock.h"
#include "stream.h"

/* connect_service - open CLASS/NAME with the ipc_timeout limit */

static struct stream *connect_service(const char *path)
{
    int     timeout_ms = var_ipc_timeout > 0 ? var_ipc_timeout * 1000 : 0;
    struct stream *s;
    int     fd;

    if ((fd = unix_connect(path, 1, timeout_ms)) < 0)
        return NULL;
    s = stream_open(fd);
    stream_set_timeout(s, timeout_ms);
    stream_set_name(s, path);
    return s;
}

/* mail_vcommand_client - talk, after the connection is up */

static int mail_vcommand_client(struct stream *s, const char *proto,
                                va_list ap)
{
    int     status;

    errno = 0;
    if (attr_expect_protocol(s, ATTR_ENC_0, proto) < 0) {
        msg_warn("read %s: %m", stream_name(s));
        return -1;
    }
    errno = 0;
    if (attr_vprint(s, ATTR_ENC_0, ATTR_FLAG_NONE, ap) < 0) {
        msg_warn("write %s: %m", stream_name(s));
        return -1;
    }
    errno = 0;
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_INT("status", &status), ATTR_END) != 1) {
        msg_warn("write/read %s: %m", stream_name(s));
        return -1;
    }
    return status;
}

int     mail_command_client(const char *class, const char *name,
                            const char *proto, ...)
{
    char   *path = xconcat(class, "/", name, (char *) 0);
    struct stream *s;
    va_list ap;
    int     status;

    if ((s = connect_service(path)) == NULL) {
        msg_warn("connect to %s: %m", path);
        free(path);
        return -1;
    }
    va_start(ap, proto);
    status = mail_vcommand_client(s, proto, ap);
    va_end(ap);
    (void) stream_close(s);
    free(path);
    return status;
}
