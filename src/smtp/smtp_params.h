/*
 * smtp_params - the parameters of the smtp/lmtp delivery agent
 *
 * Two tables, both defined in smtp_params.c (which is also linked into
 * the postern command, so it depends on nothing else of src/smtp):
 *
 *   smtp_params         names that start with "smtp_"; the daemon loads
 *                       them as smtp_* (personality smtp) or as their
 *                       lmtp_* mirrors (personality lmtp), with the
 *                       per-name lmtp defaults of Postfix 3.7
 *                       (reference 8.4).  Both personalities store into
 *                       the same var_smtp_* variables.
 *   smtp_global_params  names loaded as they are: the shared parameters
 *                       only this agent uses so far (relayhost, ...),
 *                       the postern extension dns_nameservers, and the
 *                       few personality names whose other half has a
 *                       different stem (smtp_helo_name vs
 *                       lmtp_lhlo_name, ...); smtp.c picks the right
 *                       half after loading.
 *
 * Defaults are Postfix 3.7's "postconf -d" text.
 */
#ifndef POSTERN_SMTP_PARAMS_H
#define POSTERN_SMTP_PARAMS_H

#include "params.h"

extern const struct param_def smtp_params[];
extern const struct param_def smtp_global_params[];

/* Mirrored smtp_* / lmtp_* parameters. */
extern int var_smtp_conn_tmout;		/* smtp_connect_timeout */
extern int var_smtp_xfwd_tmout;		/* smtp_xforward_timeout */
extern int var_smtp_mail_tmout;		/* smtp_mail_timeout */
extern int var_smtp_rcpt_tmout;		/* smtp_rcpt_timeout */
extern int var_smtp_data0_tmout;	/* smtp_data_init_timeout */
extern int var_smtp_data1_tmout;	/* smtp_data_xfer_timeout */
extern int var_smtp_data2_tmout;	/* smtp_data_done_timeout */
extern int var_smtp_rset_tmout;		/* smtp_rset_timeout */
extern int var_smtp_quit_tmout;		/* smtp_quit_timeout */
extern int var_smtp_skip_5xx_greeting;	/* smtp_skip_5xx_greeting */
extern int var_smtp_skip_quit_resp;	/* smtp_skip_quit_response */
extern char *var_smtp_fallback_relay;	/* smtp_fallback_relay */
extern char *var_smtp_bind_addr;	/* smtp_bind_address */
extern char *var_smtp_bind_addr6;	/* smtp_bind_address6 */
extern int var_smtp_bind_addr_enforce;	/* smtp_bind_address_enforce */
extern int var_smtp_rand_addr;		/* smtp_randomize_addresses */
extern int var_smtp_line_limit;		/* smtp_line_length_limit */
extern int var_smtp_quote_821_env;	/* smtp_quote_rfc821_envelope */
extern int var_smtp_defer_mxaddr;	/* smtp_defer_if_no_mx_address_found */
extern int var_smtp_send_xforward;	/* smtp_send_xforward_command */
extern int var_smtp_mxaddr_limit;	/* smtp_mx_address_limit */
extern int var_smtp_mxsess_limit;	/* smtp_mx_session_limit */
extern char *var_smtp_addr_pref;	/* smtp_address_preference */
extern int var_smtp_balance_inet_proto;	/* smtp_balance_inet_protocols */
extern char *var_smtp_host_lookup;	/* smtp_host_lookup */
extern char *var_smtp_dns_support;	/* smtp_dns_support_level */
extern char *var_smtp_tcp_port;		/* smtp_tcp_port / lmtp_tcp_port */
extern int var_smtp_req_deadline;	/* smtp_per_request_deadline */
extern char *var_smtp_rec_deadline;	/* smtp_per_record_deadline (old) */
extern int var_smtp_min_data_rate;	/* smtp_min_data_rate */
extern int var_smtp_reuse_time;		/* smtp_connection_reuse_time_limit */
extern int var_smtp_reuse_count;	/* smtp_connection_reuse_count_limit */
extern char *var_smtp_cache_dest;	/* smtp_connection_cache_destinations */
extern int var_smtp_cache_demand;	/* smtp_connection_cache_on_demand */
extern int var_smtp_cache_conn;		/* smtp_connection_cache_time_limit */

/* Not mirrored: personality halves. */
extern char *var_smtp_helo_name;	/* smtp_helo_name */
extern int var_smtp_helo_tmout;		/* smtp_helo_timeout */
extern int var_smtp_always_ehlo;	/* smtp_always_send_ehlo */
extern int var_smtp_never_ehlo;		/* smtp_never_send_ehlo */
extern char *var_smtp_ehlo_dis_words;	/* smtp_discard_ehlo_keywords */
extern char *var_lmtp_lhlo_name;	/* lmtp_lhlo_name */
extern int var_lmtp_lhlo_tmout;		/* lmtp_lhlo_timeout */
extern char *var_lmtp_lhlo_dis_words;	/* lmtp_discard_lhlo_keywords */
extern int var_lmtp_assume_final;	/* lmtp_assume_final */

/* Shared names. */
extern char *var_relayhost;		/* relayhost */
extern char *var_fallback_relay;	/* fallback_relay */
extern char *var_bestmx_transp;		/* best_mx_transport */
extern int var_disable_dns;		/* disable_dns_lookups */
extern int var_ign_mx_lookup_err;	/* ignore_mx_lookup_error */
extern char *var_use_srv_lookup;	/* use_srv_lookup */
extern int var_disable_mime_oconv;	/* disable_mime_output_conversion */
extern int var_mime_maxdepth;		/* mime_nesting_limit */
extern int var_mime_bound_len;		/* mime_boundary_length_limit */
extern int var_smtputf8_enable;		/* smtputf8_enable */
extern char *var_dns_nameservers;	/* dns_nameservers (postern) */

#endif
