/*
 * mail_params - the parameters every postern program shares
 *
 * Defined (with their table, mail_params_table) in mail_params.c.
 * mail_params_init() registers and loads the table (after config_read
 * and any -o overrides), then sets up logging: the tag becomes
 * "$syslog_name/$process_name", syslog opens with $syslog_facility,
 * and $maillog_file, when set, receives the lines as well, directly.
 * When POSTLOG_SERVICE is in the environment (a Postfix master with a
 * postlogd exports it), the lines go instead, as in Postfix, only as
 * datagrams to that socket (no syslog), with the first label of
 * POSTLOG_HOSTNAME (else $myhostname) as host name.  mail_log_init()
 * uses POSTLOG_SERVICE the same way, when present.  It exports
 * MAIL_LOGTAG=$syslog_name for child processes.
 *
 *	void	mail_params_init(const char *process_name);
 *	void	mail_log_init(const char *process_name);  logging only
 *			(from the environment: MAIL_LOGTAG), before main.cf
 */
#ifndef POSTERN_MAIL_PARAMS_H
#define POSTERN_MAIL_PARAMS_H

#include "params.h"

#define DEF_CONFIG_DIR_ENV	"MAIL_CONFIG"

extern const struct param_def mail_params_table[];

/* Locations */
extern char *var_config_dir;		/* config_directory (read-only) */
extern char *var_queue_dir;		/* queue_directory */
extern char *var_daemon_dir;		/* daemon_directory */
extern char *var_command_dir;		/* command_directory */
extern char *var_data_dir;		/* data_directory */
extern char *var_meta_dir;		/* meta_directory */
extern char *var_pid_dir;		/* process_id_directory ("pid") */

/* Identity */
extern char *var_mail_owner;		/* mail_owner */
extern char *var_setgid_group;		/* setgid_group */
extern char *var_myhostname;		/* myhostname (dynamic default) */
extern char *var_mydomain;		/* mydomain */
extern char *var_myorigin;		/* myorigin */
extern char *var_mydestination;		/* mydestination */
extern char *var_compat_level;		/* compatibility_level */
extern char *var_mail_name;		/* mail_name ("postern") */
extern char *var_mail_version;		/* mail_version (read-only) */

/* Process names, set by the skeletons */
extern char *var_process_name;		/* process_name */
extern char *var_service_name;		/* service_name */

/* Logging */
extern char *var_syslog_name;		/* syslog_name */
extern char *var_syslog_facility;	/* syslog_facility */
extern char *var_maillog_file;		/* maillog_file */

/* Process management (master and skeletons) */
extern int var_max_use;			/* max_use */
extern int var_max_idle;		/* max_idle, seconds */
extern int var_ipc_timeout;		/* ipc_timeout, seconds */
extern int var_ipc_idle;		/* ipc_idle */
extern int var_ipc_ttl;			/* ipc_ttl */
extern int var_daemon_timeout;		/* daemon_timeout */
extern int var_in_flow_delay;		/* in_flow_delay */
extern int var_proc_limit;		/* default_process_limit */
extern int var_throttle_time;		/* service_throttle_time */
extern char *var_import_environ;	/* import_environment */
extern char *var_export_environ;	/* export_environment */
extern char *var_master_disable;	/* master_service_disable */

/* Network */
extern char *var_inet_interfaces;	/* inet_interfaces */
extern char *var_inet_protocols;	/* inet_protocols */
extern char *var_proxy_interfaces;	/* proxy_interfaces */

/* Queue */
extern char *var_hash_queue_names;	/* hash_queue_names */
extern int var_hash_queue_depth;	/* hash_queue_depth */

/* Multi-instance, privileges, queue IDs */
extern char *var_multi_name;		/* multi_instance_name */
extern char *var_default_privs;		/* default_privs */
extern int var_long_queue_ids;		/* enable_long_queue_ids */

/* Debugging */
extern char *var_debug_peer_list;	/* debug_peer_list */
extern int var_debug_peer_level;	/* debug_peer_level */

/* Delivery status reports (bounce, defer, trace, verify, flush) */
extern int var_soft_bounce;		/* soft_bounce */
extern char *var_bounce_service;	/* bounce_service_name */
extern char *var_defer_service;		/* defer_service_name */
extern char *var_trace_service;		/* trace_service_name */
extern char *var_verify_service;	/* address_verify_service_name */
extern char *var_flush_service;		/* flush_service_name */
extern char *var_cleanup_service;	/* cleanup_service_name */
extern char *var_queue_service;		/* queue_service_name */
extern char *var_scache_service;	/* connection_cache_service_name */
extern int var_scache_proto_tmout;	/* connection_cache_protocol_timeout */
extern int var_scache_ttl_lim;		/* connection_cache_ttl_limit */
extern int var_scache_stat_time;	/* connection_cache_status_update_time */
extern char *var_fflush_domains;	/* fast_flush_domains */
extern char *var_relay_domains;		/* relay_domains */
extern int var_verify_neg_cache;	/* address_verify_negative_cache */
extern int var_delay_max_res;		/* delay_logging_resolution_limit */
extern char *var_info_log_addr_form;	/* info_log_address_format */

void    mail_params_init(const char *process_name);
void    mail_log_init(const char *process_name);

#endif
