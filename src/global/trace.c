/*
 * trace - record a delivery result in the message's trace log
 *
 * Implements trace.h.
 */
#include <string.h>

#include "bounce.h"
#include "buf.h"
#include "deliver_request.h"
#include "log_adhoc.h"
#include "mail_params.h"
#include "msg.h"
#include "trace.h"

int     trace_append(int flags, const char *queue_id, struct msg_stats *stats,
                     struct recipient *rcpt, const char *relay,
                     struct dsn *dsn)
{
    struct buf *why = buf_new(100);
    struct dsn my_dsn = *dsn;
    int     status = 0;

    if (strcmp(relay, NO_RELAY_AGENT) != 0)
        buf_printf(why, "delivery via %s: ", relay);
    buf_puts(why, dsn->reason);
    my_dsn.reason = buf_str(why);
    if (bounce_append_request(var_trace_service, flags, queue_id, rcpt,
                              &my_dsn) != 0) {
        msg_warn("%s: %s service failure", queue_id, var_trace_service);
        status = -1;
    } else if (flags & DEL_REQ_FLAG_USR_VRFY) {
        log_adhoc(queue_id, stats, rcpt, relay, dsn, my_dsn.action);
    }
    buf_free(why);
    return status;
}
