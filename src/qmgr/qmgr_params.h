/*
 * qmgr_params - the parameters of the queue manager
 *
 * One table, qmgr_params, defined in qmgr_params.c (also linked into
 * the postern command, so it depends on nothing else of src/qmgr).
 * Defaults are Postfix 3.7's "postconf -d" text; queue_run_jitter is a
 * postern extension.
 *
 * Per-transport names (TRANSPORT_destination_concurrency_limit,
 * TRANSPORT_initial_destination_concurrency,
 * TRANSPORT_destination_recipient_limit) are looked up when a
 * transport is first used (qmgr_transport_int); smtp_ and lmtp_ ones are
 * in the table so postconf lists them.
 *
 *	int	qmgr_transport_int(const char *transport, const char *suffix,
 *			int def, int min);	TRANSPORT_SUFFIX if set in
 *			main.cf (a bad value: warning, def), else def
 */
#ifndef POSTERN_QMGR_PARAMS_H
#define POSTERN_QMGR_PARAMS_H

#include "params.h"

extern const struct param_def qmgr_params[];

extern char *var_default_transport;	/* default_transport */
extern char *var_local_transport;	/* local_transport */
extern int var_dest_con_limit;		/* default_destination_concurrency_limit */
extern int var_init_dest_con;		/* initial_destination_concurrency */
extern int var_dest_rcpt_limit;		/* default_destination_recipient_limit */
extern int var_smtp_dest_con_limit;	/* smtp_destination_concurrency_limit */
extern int var_smtp_dest_rcpt_limit;	/* smtp_destination_recipient_limit */
extern int var_lmtp_dest_con_limit;	/* lmtp_destination_concurrency_limit */
extern int var_lmtp_dest_rcpt_limit;	/* lmtp_destination_recipient_limit */
extern int var_qmgr_active_limit;	/* qmgr_message_active_limit */
extern int var_qmgr_rcpt_limit;		/* qmgr_message_recipient_limit */
extern int var_min_backoff_time;	/* minimal_backoff_time */
extern int var_max_backoff_time;	/* maximal_backoff_time */
extern int var_queue_run_delay;		/* queue_run_delay */
extern int var_queue_run_jitter;	/* queue_run_jitter (postern), percent */
extern int var_max_queue_time;		/* maximal_queue_lifetime */
extern int var_dsn_queue_time;		/* bounce_queue_lifetime */
extern int var_delay_warn_time;		/* delay_warning_time */
extern int var_transport_retry_time;	/* transport_retry_time */

int     qmgr_transport_int(const char *transport, const char *suffix, int def,
                           int min);

#endif
