/*
 * qmgr_params - the parameter table of the queue manager
 *
 * Declared in qmgr_params.h.  This file is linked into the postern
 * command as well (postconf lists, defaults and checks every
 * parameter), so it uses nothing else of src/qmgr.
 *
 * Each row: name, type, default (Postfix 3.7 "postconf -d"), variable,
 * bounds.  queue_run_jitter is a postern extension: the retry time of a
 * deferred message is moved by up to that many percent of its backoff,
 * at random, so a backlog deferred at one instant does not come back
 * at one instant.
 */
#include <errno.h>
#include <stdlib.h>

#include "config.h"
#include "mem.h"
#include "msg.h"
#include "buf.h"
#include "params.h"
#include "qmgr_params.h"

char   *var_default_transport;
char   *var_local_transport;
int     var_dest_con_limit;
int     var_init_dest_con;
int     var_dest_rcpt_limit;
int     var_smtp_dest_con_limit;
int     var_smtp_dest_rcpt_limit;
int     var_lmtp_dest_con_limit;
int     var_lmtp_dest_rcpt_limit;
int     var_qmgr_active_limit;
int     var_qmgr_rcpt_limit;
int     var_min_backoff_time;
int     var_max_backoff_time;
int     var_queue_run_delay;
int     var_queue_run_jitter;
int     var_max_queue_time;
int     var_dsn_queue_time;
int     var_delay_warn_time;
int     var_transport_retry_time;

#define STR(n, d, v)		{ n, PARAM_STR, d, &v, 1, 0, 0, 0 }
#define INT(n, d, v, lo, hi)	{ n, PARAM_INT, d, &v, lo, hi, 0, 0 }
#define TIME(n, d, v, lo, hi)	{ n, PARAM_TIME, d, &v, lo, hi, 0, 0 }

const struct param_def qmgr_params[] = {
    STR("default_transport", "smtp", var_default_transport),
    STR("local_transport", "local:$myhostname", var_local_transport),
    INT("default_destination_concurrency_limit", "20", var_dest_con_limit,
        1, 0),
    INT("initial_destination_concurrency", "5", var_init_dest_con, 1, 0),
    INT("default_destination_recipient_limit", "50", var_dest_rcpt_limit,
        1, 0),
    INT("smtp_destination_concurrency_limit",
        "$default_destination_concurrency_limit", var_smtp_dest_con_limit,
        1, 0),
    INT("smtp_destination_recipient_limit",
        "$default_destination_recipient_limit", var_smtp_dest_rcpt_limit,
        1, 0),
    INT("lmtp_destination_concurrency_limit",
        "$default_destination_concurrency_limit", var_lmtp_dest_con_limit,
        1, 0),
    INT("lmtp_destination_recipient_limit",
        "$default_destination_recipient_limit", var_lmtp_dest_rcpt_limit,
        1, 0),
    INT("qmgr_message_active_limit", "20000", var_qmgr_active_limit, 1, 0),
    INT("qmgr_message_recipient_limit", "20000", var_qmgr_rcpt_limit, 1, 0),
    TIME("minimal_backoff_time", "300s", var_min_backoff_time, 1, 0),
    TIME("maximal_backoff_time", "4000s", var_max_backoff_time, 1, 0),
    TIME("queue_run_delay", "300s", var_queue_run_delay, 1, 0),
    INT("queue_run_jitter", "10", var_queue_run_jitter, 0, 50),
    TIME("maximal_queue_lifetime", "5d", var_max_queue_time, 0, 8640000),
    TIME("bounce_queue_lifetime", "5d", var_dsn_queue_time, 0, 8640000),
    TIME("delay_warning_time", "0h", var_delay_warn_time, 0, 0),
    TIME("transport_retry_time", "60s", var_transport_retry_time, 1, 0),
    PARAM_TABLE_END
};

/* qmgr_transport_int - TRANSPORT_SUFFIX from main.cf/-o, or def */

int     qmgr_transport_int(const char *transport, const char *suffix, int def,
                           int min)
{
    struct buf *name = buf_new(100);
    char   *value;
    char   *end;
    long    n;

    buf_printf(name, "%s%s", transport, suffix);
    if (!config_is_set(buf_str(name))) {
        buf_free(name);
        return (def);
    }
    value = config_get(buf_str(name));
    errno = 0;
    n = strtol(value, &end, 10);
    if (*value == 0 || *end != 0 || errno != 0 || n < min || n > 0x7fffffff) {
        msg_warn("parameter %s: bad value \"%s\"; using %d",
                 buf_str(name), value, def);
        n = def;
    }
    free(value);
    buf_free(name);
    return ((int) n);
}
