/*
 * bounce - report a permanent delivery failure (bounce service client)
 *
 * Implements bounce.h.  No DSN filter (smtp_delivery_status_filter) yet.
 */
#include <stdio.h>

#include "attr.h"
#include "bounce.h"
#include "defer.h"
#include "deliver_request.h"
#include "log_adhoc.h"
#include "mail_command_client.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "msg.h"
#include "trace.h"
#include "verify.h"

#define NZ(s)	((s) != NULL ? (s) : "")

/* rcpt_print - the five recipient attributes (reference 3.3) */

static int rcpt_print(struct stream *s, int enc, void *ctx)
{
    const struct recipient *r = ctx;

    return attr_print(s, enc, ATTR_FLAG_MORE,
                      SEND_STR("original_recipient", NZ(r->orig_addr)),
                      SEND_STR("recipient", NZ(r->address)),
                      SEND_LONG("offset", r->offset),
                      SEND_STR("dsn_orig_rcpt", NZ(r->dsn_orcpt)),
                      SEND_INT("notify_flags", r->dsn_notify),
                      ATTR_END);
}

/* dsn_print - the seven DSN attributes (reference 3.5) */

static int dsn_print(struct stream *s, int enc, void *ctx)
{
    const struct dsn *d = ctx;

    return attr_print(s, enc, ATTR_FLAG_MORE,
                      SEND_STR("status", NZ(d->status)),
                      SEND_STR("diag_type", NZ(d->dtype)),
                      SEND_STR("diag_text", NZ(d->dtext)),
                      SEND_STR("mta_type", NZ(d->mtype)),
                      SEND_STR("mta_mname", NZ(d->mname)),
                      SEND_STR("action", NZ(d->action)),
                      SEND_STR("reason", NZ(d->reason)),
                      ATTR_END);
}

int     bounce_append_request(const char *service, int flags,
                              const char *queue_id,
                              const struct recipient *rcpt,
                              const struct dsn *dsn)
{
    return mail_command_client(MAIL_CLASS_PRIVATE, service, MAIL_PROTO_BOUNCE,
                               SEND_INT("nrequest", BOUNCE_CMD_APPEND),
                               SEND_INT("flags", DEL_REQ_TRACE_FLAGS(flags)),
                               SEND_STR("queue_id", queue_id),
                               SEND_FUNC(rcpt_print, rcpt),
                               SEND_FUNC(dsn_print, dsn),
                               ATTR_END);
}

/* bounce_failed - the bounce or trace service failed: defer instead */

static int bounce_failed(int flags, const char *queue_id,
                         struct msg_stats *stats, struct recipient *rcpt,
                         const char *relay, struct dsn *dsn)
{
    char    reason[256];
    struct dsn my_dsn = *dsn;

    snprintf(reason, sizeof(reason), "%s or %s service failure",
             var_bounce_service, var_trace_service);
    my_dsn.status = "4.3.0";
    my_dsn.reason = reason;
    return defer_append_intern(flags, queue_id, stats, rcpt, relay, &my_dsn);
}

/* bounce_report - a real (or soft) bounce */

static int bounce_report(int flags, const char *queue_id,
                         struct msg_stats *stats, struct recipient *rcpt,
                         const char *relay, struct dsn *dsn)
{
    char    status[DSN_STATUS_LIMIT];
    struct dsn my_dsn = *dsn;
    const char *service = var_soft_bounce ? var_defer_service
        : var_bounce_service;

    snprintf(status, sizeof(status), "%s", dsn->status);
    if (var_soft_bounce)
        status[0] = '4';
    my_dsn.status = status;
    my_dsn.action = var_soft_bounce ? "delayed" : "failed";
    if (bounce_append_request(service, flags, queue_id, rcpt, &my_dsn) != 0
        || ((flags & DEL_REQ_FLAG_RECORD)
            && trace_append(flags, queue_id, stats, rcpt, relay, &my_dsn) != 0))
        return bounce_failed(flags, queue_id, stats, rcpt, relay, &my_dsn);
    log_adhoc(queue_id, stats, rcpt, relay, &my_dsn,
              var_soft_bounce ? "SOFTBOUNCE" : "bounced");
    return var_soft_bounce ? -1 : 0;
}

int     bounce_append_intern(int flags, const char *queue_id,
                             struct msg_stats *stats, struct recipient *rcpt,
                             const char *relay, struct dsn *dsn)
{
    struct dsn my_dsn = *dsn;

    if (flags & DEL_REQ_FLAG_MTA_VRFY) {
        my_dsn.action = "undeliverable";
        return verify_append(queue_id, stats, rcpt, relay, &my_dsn,
                             DEL_RCPT_STAT_BOUNCE);
    }
    if (flags & DEL_REQ_FLAG_USR_VRFY) {
        my_dsn.action = "undeliverable";
        return trace_append(flags, queue_id, stats, rcpt, relay, &my_dsn);
    }
    return bounce_report(flags, queue_id, stats, rcpt, relay, &my_dsn);
}

int     bounce_append(int flags, const char *queue_id, struct msg_stats *stats,
                      struct recipient *rcpt, const char *relay,
                      struct dsn *dsn)
{
    struct dsn my_dsn = *dsn;

    if (my_dsn.status[0] != '5' || !dsn_valid(my_dsn.status)) {
        msg_warn("bounce_append: ignoring dsn code \"%s\"", my_dsn.status);
        my_dsn.status = "5.0.0";
    }
    return bounce_append_intern(flags, queue_id, stats, rcpt, relay, &my_dsn);
}
