/*
 * verify - record the result of an address verification probe
 *
 * Implements verify.h.
 */
#include <string.h>

#include "log_adhoc.h"
#include "mail_params.h"
#include "msg.h"
#include "verify.h"

int     verify_append(const char *queue_id, struct msg_stats *stats,
                      struct recipient *rcpt, const char *relay,
                      struct dsn *dsn, int vrfy_stat)
{
    const char *action = dsn->action;
    const char *orig = rcpt->orig_addr != NULL ? rcpt->orig_addr : "";
    int     status = VRFY_STAT_OK;

    if (var_verify_neg_cache || vrfy_stat == DEL_RCPT_STAT_OK) {
        if (*orig != 0)
            status = verify_clnt_update(orig, vrfy_stat, dsn->reason);
        if (status == VRFY_STAT_OK && strcmp(rcpt->address, orig) != 0)
            status = verify_clnt_update(rcpt->address, vrfy_stat,
                                        dsn->reason);
    } else {
        action = "undeliverable-but-not-cached";
    }
    if (status != VRFY_STAT_OK) {
        msg_warn("%s: %s service failure", queue_id, var_verify_service);
        return -1;
    }
    log_adhoc(queue_id, stats, rcpt, relay, dsn, action);
    return 0;
}
