/*
 * defer - report a temporary delivery failure (defer service client)
 *
 * Implements defer.h.  No DSN filter (smtp_delivery_status_filter) yet.
 */
#include <string.h>

#include "bounce.h"
#include "defer.h"
#include "deliver_request.h"
#include "flush_clnt.h"
#include "log_adhoc.h"
#include "mail_params.h"
#include "msg.h"
#include "trace.h"
#include "verify.h"

/* defer_flush_add - tell the fast flush service about this recipient */

static void defer_flush_add(const char *queue_id, const struct recipient *rcpt)
{
    const char *domain = strrchr(rcpt->address, '@');

    if (domain == NULL || *++domain == 0)
        return;
    switch (flush_add(domain, queue_id)) {
    case FLUSH_STAT_OK:
    case FLUSH_STAT_DENY:
        break;
    default:
        msg_warn("%s: %s service failure", queue_id, var_flush_service);
        break;
    }
}

/* defer_report - a real deferral */

static int defer_report(int flags, const char *queue_id,
                        struct msg_stats *stats, struct recipient *rcpt,
                        const char *relay, struct dsn *dsn)
{
    struct dsn my_dsn = *dsn;

    my_dsn.action = "delayed";
    if (bounce_append_request(var_defer_service, flags, queue_id, rcpt,
                              &my_dsn) != 0)
        msg_warn("%s: %s service failure", queue_id, var_defer_service);
    log_adhoc(queue_id, stats, rcpt, relay, &my_dsn, "deferred");
    if ((flags & DEL_REQ_FLAG_RECORD)
        && trace_append(flags, queue_id, stats, rcpt, relay, &my_dsn) != 0)
        msg_warn("%s: %s service failure", queue_id, var_trace_service);
    defer_flush_add(queue_id, rcpt);
    return -1;
}

int     defer_append_intern(int flags, const char *queue_id,
                            struct msg_stats *stats, struct recipient *rcpt,
                            const char *relay, struct dsn *dsn)
{
    struct dsn my_dsn = *dsn;

    if (flags & DEL_REQ_FLAG_MTA_VRFY) {
        my_dsn.action = "undeliverable";
        return verify_append(queue_id, stats, rcpt, relay, &my_dsn,
                             DEL_RCPT_STAT_DEFER);
    }
    if (flags & DEL_REQ_FLAG_USR_VRFY) {
        my_dsn.action = "undeliverable";
        return trace_append(flags, queue_id, stats, rcpt, relay, &my_dsn);
    }
    return defer_report(flags, queue_id, stats, rcpt, relay, &my_dsn);
}

int     defer_append(int flags, const char *queue_id, struct msg_stats *stats,
                     struct recipient *rcpt, const char *relay,
                     struct dsn *dsn)
{
    struct dsn my_dsn = *dsn;

    if (my_dsn.status[0] != '4' || !dsn_valid(my_dsn.status)) {
        msg_warn("defer_append: ignoring dsn code \"%s\"", my_dsn.status);
        my_dsn.status = "4.0.0";
    }
    return defer_append_intern(flags, queue_id, stats, rcpt, relay, &my_dsn);
}
