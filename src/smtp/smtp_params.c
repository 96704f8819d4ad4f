/*
 * smtp_params - the parameter tables of the smtp/lmtp delivery agent
 *
 * Declared in smtp_params.h, which explains the two tables.  This file
 * is linked into the postern command as well, so postconf lists,
 * defaults and checks every parameter; it must not use anything else
 * of src/smtp.
 *
 * Each row: name, type, default (Postfix 3.7 "postconf -d"), variable,
 * bounds, and for smtp_params the lmtp default where it differs.
 */
#include <stddef.h>

#include "params.h"
#include "smtp_params.h"

int     var_smtp_conn_tmout;
int     var_smtp_xfwd_tmout;
int     var_smtp_mail_tmout;
int     var_smtp_rcpt_tmout;
int     var_smtp_data0_tmout;
int     var_smtp_data1_tmout;
int     var_smtp_data2_tmout;
int     var_smtp_rset_tmout;
int     var_smtp_quit_tmout;
int     var_smtp_skip_5xx_greeting;
int     var_smtp_skip_quit_resp;
char   *var_smtp_fallback_relay;
char   *var_smtp_bind_addr;
char   *var_smtp_bind_addr6;
int     var_smtp_bind_addr_enforce;
int     var_smtp_rand_addr;
int     var_smtp_line_limit;
int     var_smtp_quote_821_env;
int     var_smtp_defer_mxaddr;
int     var_smtp_send_xforward;
int     var_smtp_mxaddr_limit;
int     var_smtp_mxsess_limit;
char   *var_smtp_addr_pref;
int     var_smtp_balance_inet_proto;
char   *var_smtp_host_lookup;
char   *var_smtp_dns_support;
char   *var_smtp_tcp_port;
int     var_smtp_req_deadline;
char   *var_smtp_rec_deadline;
int     var_smtp_min_data_rate;
int     var_smtp_reuse_time;
int     var_smtp_reuse_count;
char   *var_smtp_cache_dest;
int     var_smtp_cache_demand;
int     var_smtp_cache_conn;

char   *var_smtp_helo_name;
int     var_smtp_helo_tmout;
int     var_smtp_always_ehlo;
int     var_smtp_never_ehlo;
char   *var_smtp_ehlo_dis_words;
char   *var_lmtp_lhlo_name;
int     var_lmtp_lhlo_tmout;
char   *var_lmtp_lhlo_dis_words;
int     var_lmtp_assume_final;

char   *var_relayhost;
char   *var_fallback_relay;
char   *var_bestmx_transp;
int     var_disable_dns;
int     var_ign_mx_lookup_err;
char   *var_use_srv_lookup;
int     var_disable_mime_oconv;
int     var_mime_maxdepth;
int     var_mime_bound_len;
int     var_smtputf8_enable;
char   *var_dns_nameservers;

#define STR(n, d, v)		{ n, PARAM_STR, d, &v, 0, 0, 0, 0 }
#define STR_L(n, d, v, l)	{ n, PARAM_STR, d, &v, 0, 0, l, 0 }
#define STR_NE(n, d, v, l)	{ n, PARAM_STR, d, &v, 1, 0, l, 0 }
#define INT(n, d, v, lo, hi)	{ n, PARAM_INT, d, &v, lo, hi, 0, 0 }
#define TIME(n, d, v, lo, hi)	{ n, PARAM_TIME, d, &v, lo, hi, 0, 0 }
#define TIME_L(n, d, v, lo, hi, l) { n, PARAM_TIME, d, &v, lo, hi, l, 0 }
#define BOOL(n, d, v)		{ n, PARAM_BOOL, d, &v, 0, 0, 0, 0 }
#define BOOL_L(n, d, v, l)	{ n, PARAM_BOOL, d, &v, 0, 0, l, 0 }

/* A time limit of at least one second. */
#define TIME_POS(n, d, v)	{ n, PARAM_TIME, d, &v, 1, 0x7fffffff, 0, 0 }

const struct param_def smtp_params[] = {
    /* Connection set-up. */
    TIME_L("smtp_connect_timeout", "30s", var_smtp_conn_tmout, 0, 0, "0s"),
    STR_L("smtp_fallback_relay", "$fallback_relay", var_smtp_fallback_relay,
          ""),
    STR("smtp_bind_address", "", var_smtp_bind_addr),
    STR("smtp_bind_address6", "", var_smtp_bind_addr6),
    BOOL("smtp_bind_address_enforce", "no", var_smtp_bind_addr_enforce),
    STR_NE("smtp_tcp_port", "smtp", var_smtp_tcp_port, "24"),
    INT("smtp_mx_address_limit", "5", var_smtp_mxaddr_limit, 0, 0),
    INT("smtp_mx_session_limit", "2", var_smtp_mxsess_limit, 0, 0),
    BOOL("smtp_skip_5xx_greeting", "yes", var_smtp_skip_5xx_greeting),

    /* Address lookup. */
    BOOL("smtp_randomize_addresses", "yes", var_smtp_rand_addr),
    STR_NE("smtp_address_preference", "any", var_smtp_addr_pref, 0),
    BOOL("smtp_balance_inet_protocols", "yes", var_smtp_balance_inet_proto),
    STR_NE("smtp_host_lookup", "dns", var_smtp_host_lookup, 0),
    STR("smtp_dns_support_level", "", var_smtp_dns_support),
    BOOL("smtp_defer_if_no_mx_address_found", "no", var_smtp_defer_mxaddr),

    /* Time limits per protocol stage. */
    TIME_POS("smtp_xforward_timeout", "300s", var_smtp_xfwd_tmout),
    TIME_POS("smtp_mail_timeout", "300s", var_smtp_mail_tmout),
    TIME_POS("smtp_rcpt_timeout", "300s", var_smtp_rcpt_tmout),
    TIME_POS("smtp_data_init_timeout", "120s", var_smtp_data0_tmout),
    TIME_POS("smtp_data_xfer_timeout", "180s", var_smtp_data1_tmout),
    TIME_POS("smtp_data_done_timeout", "600s", var_smtp_data2_tmout),
    TIME_POS("smtp_rset_timeout", "20s", var_smtp_rset_tmout),
    TIME_POS("smtp_quit_timeout", "300s", var_smtp_quit_tmout),
    BOOL_L("smtp_per_request_deadline",
           "${smtp_per_record_deadline?{$smtp_per_record_deadline}:{no}}",
           var_smtp_req_deadline,
           "${lmtp_per_record_deadline?{$lmtp_per_record_deadline}:{no}}"),
    STR("smtp_per_record_deadline", "", var_smtp_rec_deadline),
    INT("smtp_min_data_rate", "500", var_smtp_min_data_rate, 1, 0),

    /* Protocol details. */
    BOOL_L("smtp_skip_quit_response", "yes", var_smtp_skip_quit_resp, "no"),
    INT("smtp_line_length_limit", "998", var_smtp_line_limit, 0, 0),
    BOOL("smtp_quote_rfc821_envelope", "yes", var_smtp_quote_821_env),
    BOOL("smtp_send_xforward_command", "no", var_smtp_send_xforward),

    /* Session life time (connection reuse). */
    TIME_POS("smtp_connection_reuse_time_limit", "300s", var_smtp_reuse_time),
    INT("smtp_connection_reuse_count_limit", "0", var_smtp_reuse_count, 0, 0),

    /* Connection caching (scache). */
    STR("smtp_connection_cache_destinations", "", var_smtp_cache_dest),
    BOOL("smtp_connection_cache_on_demand", "yes", var_smtp_cache_demand),
    TIME_POS("smtp_connection_cache_time_limit", "2s", var_smtp_cache_conn),
    PARAM_TABLE_END,
};

const struct param_def smtp_global_params[] = {
    /* The SMTP halves of names whose LMTP half has another stem. */
    STR_NE("smtp_helo_name", "$myhostname", var_smtp_helo_name, 0),
    TIME_POS("smtp_helo_timeout", "300s", var_smtp_helo_tmout),
    BOOL("smtp_always_send_ehlo", "yes", var_smtp_always_ehlo),
    BOOL("smtp_never_send_ehlo", "no", var_smtp_never_ehlo),
    STR("smtp_discard_ehlo_keywords", "", var_smtp_ehlo_dis_words),

    /* The LMTP halves, and LMTP-only names. */
    STR_NE("lmtp_lhlo_name", "$myhostname", var_lmtp_lhlo_name, 0),
    TIME_POS("lmtp_lhlo_timeout", "300s", var_lmtp_lhlo_tmout),
    STR("lmtp_discard_lhlo_keywords", "", var_lmtp_lhlo_dis_words),
    BOOL("lmtp_assume_final", "no", var_lmtp_assume_final),

    /* Shared names that only this agent uses so far. */
    STR("relayhost", "", var_relayhost),
    STR("fallback_relay", "", var_fallback_relay),
    STR("best_mx_transport", "", var_bestmx_transp),
    BOOL("disable_dns_lookups", "no", var_disable_dns),
    BOOL("ignore_mx_lookup_error", "no", var_ign_mx_lookup_err),
    STR("use_srv_lookup", "", var_use_srv_lookup),
    BOOL("disable_mime_output_conversion", "no", var_disable_mime_oconv),
    INT("mime_nesting_limit", "100", var_mime_maxdepth, 1, 0),
    INT("mime_boundary_length_limit", "2048", var_mime_bound_len, 1, 0),
    BOOL("smtputf8_enable", "${{$compatibility_level} <level {1} ? {no} : {yes}}",
         var_smtputf8_enable),

    /* postern extension: c-ares servers ("127.0.0.1:5353, [::1]:53"). */
    STR("dns_nameservers", "", var_dns_nameservers),
    PARAM_TABLE_END,
};
