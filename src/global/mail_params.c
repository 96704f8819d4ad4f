/*
 * mail_params - the parameters every postern program shares
 *
 * Implements mail_params.h.  Defaults are Postfix 3.7's (postconf -d),
 * except mail_name (postern), mail_version, and the locations and the
 * mail owner, which come from ./configure (build_config.h).
 *
 * Dynamic defaults, as Postfix computes them: myhostname is the
 * gethostname() result when it contains a dot, else that name plus
 * "." plus $mydomain from main.cf (or "localdomain"); mydomain is
 * $myhostname without its first label, or "localdomain" when there
 * is no dot.
 *
 * mail_params_init() also sets the read-only config_directory (from
 * config_dir()) and process_name before loading, so that $name
 * expansion sees them.
 */
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "build_config.h"

#include "config.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"

#define DEF_MYDOMAIN		"localdomain"
#define MAIL_LOGTAG_ENV		"MAIL_LOGTAG"
#define DEF_SYSLOG_NAME		"postfix"
#define POSTLOG_SERVICE_ENV	"POSTLOG_SERVICE"
#define POSTLOG_HOSTNAME_ENV	"POSTLOG_HOSTNAME"

char   *var_config_dir;
char   *var_queue_dir;
char   *var_daemon_dir;
char   *var_command_dir;
char   *var_data_dir;
char   *var_meta_dir;
char   *var_pid_dir;
char   *var_mail_owner;
char   *var_setgid_group;
char   *var_myhostname;
char   *var_mydomain;
char   *var_myorigin;
char   *var_mydestination;
char   *var_compat_level;
char   *var_mail_name;
char   *var_mail_version;
char   *var_process_name;
char   *var_service_name;
char   *var_syslog_name;
char   *var_syslog_facility;
char   *var_maillog_file;
int     var_max_use;
int     var_max_idle;
int     var_ipc_timeout;
int     var_ipc_idle;
int     var_ipc_ttl;
int     var_daemon_timeout;
int     var_in_flow_delay;
int     var_proc_limit;
int     var_throttle_time;
char   *var_import_environ;
char   *var_export_environ;
char   *var_master_disable;
char   *var_inet_interfaces;
char   *var_inet_protocols;
char   *var_proxy_interfaces;
char   *var_hash_queue_names;
int     var_hash_queue_depth;
char   *var_multi_name;
char   *var_default_privs;
int     var_long_queue_ids;
char   *var_debug_peer_list;
int     var_debug_peer_level;
int     var_soft_bounce;
char   *var_bounce_service;
char   *var_defer_service;
char   *var_trace_service;
char   *var_verify_service;
char   *var_flush_service;
char   *var_scache_service;
int     var_scache_proto_tmout;
int     var_scache_ttl_lim;
int     var_scache_stat_time;
char   *var_cleanup_service;
char   *var_queue_service;
char   *var_fflush_domains;
char   *var_relay_domains;
int     var_verify_neg_cache;
int     var_delay_max_res;
char   *var_info_log_addr_form;

/* mail_params_hostname - dynamic default of myhostname */

static const char *mail_params_hostname(void)
{
    static char *name;
    char    host[256];
    char   *domain;

    if (gethostname(host, sizeof(host)) < 0)
        msg_fatal("gethostname: %m");
    host[sizeof(host) - 1] = 0;
    free(name);
    if (strchr(host, '.') != NULL) {
        name = xstrdup(host);
    } else {
        domain = config_is_set("mydomain") ? config_get("mydomain") :
            xstrdup(DEF_MYDOMAIN);
        name = xconcat(host, ".", domain, (char *) 0);
        free(domain);
    }
    return name;
}

/* mail_params_domain - dynamic default of mydomain */

static const char *mail_params_domain(void)
{
    static char *domain;
    char   *host = config_get("myhostname");
    const char *dot = strchr(host, '.');

    free(domain);
    domain = xstrdup(dot != NULL && dot[1] != 0 ? dot + 1 : DEF_MYDOMAIN);
    free(host);
    return domain;
}

#define STR(n, d, v, lo)	{ n, PARAM_STR, d, &v, lo, 0, 0, 0 }
#define INT(n, d, v, lo, hi)	{ n, PARAM_INT, d, &v, lo, hi, 0, 0 }
#define TIME(n, d, v, lo, hi)	{ n, PARAM_TIME, d, &v, lo, hi, 0, 0 }
#define BOOL(n, d, v)		{ n, PARAM_BOOL, d, &v, 0, 0, 0, 0 }
#define DYN(n, f, v)		{ n, PARAM_STR, 0, &v, 1, 0, 0, f }

 /*
  * Order matters for the dynamic defaults: myhostname before mydomain.
  */
const struct param_def mail_params_table[] = {
    /* Locations */
    STR("config_directory", DEF_CONFIG_DIR, var_config_dir, 1),
    STR("queue_directory", DEF_QUEUE_DIR, var_queue_dir, 1),
    STR("daemon_directory", DEF_DAEMON_DIR, var_daemon_dir, 1),
    STR("command_directory", DEF_COMMAND_DIR, var_command_dir, 1),
    STR("data_directory", DEF_DATA_DIR, var_data_dir, 1),
    STR("meta_directory", DEF_CONFIG_DIR, var_meta_dir, 1),
    STR("process_id_directory", "pid", var_pid_dir, 1),
    /* Identity */
    STR("mail_owner", DEF_MAIL_OWNER, var_mail_owner, 1),
    STR("setgid_group", DEF_SETGID_GROUP, var_setgid_group, 1),
    STR("default_privs", "nobody", var_default_privs, 1),
    DYN("myhostname", mail_params_hostname, var_myhostname),
    DYN("mydomain", mail_params_domain, var_mydomain),
    STR("myorigin", "$myhostname", var_myorigin, 1),
    STR("mydestination", "$myhostname, localhost.$mydomain, localhost",
        var_mydestination, 0),
    STR("compatibility_level", "0", var_compat_level, 1),
    STR("mail_name", "postern", var_mail_name, 1),
    STR("mail_version", POSTERN_VERSION, var_mail_version, 1),
    STR("multi_instance_name", "", var_multi_name, 0),
    /* Process names (set by the programs) */
    STR("process_name", "", var_process_name, 0),
    STR("service_name", "", var_service_name, 0),
    /* Logging */
    STR("syslog_name",
        "${multi_instance_name?{$multi_instance_name}:{" DEF_SYSLOG_NAME "}}",
        var_syslog_name, 1),
    STR("syslog_facility", "mail", var_syslog_facility, 1),
    STR("maillog_file", "", var_maillog_file, 0),
    /* Process management */
    INT("max_use", "100", var_max_use, 1, 0),
    TIME("max_idle", "100s", var_max_idle, 1, 0),
    TIME("ipc_timeout", "3600s", var_ipc_timeout, 1, 0),
    TIME("ipc_idle", "5s", var_ipc_idle, 1, 0),
    TIME("ipc_ttl", "1000s", var_ipc_ttl, 1, 0),
    TIME("daemon_timeout", "18000s", var_daemon_timeout, 1, 0),
    TIME("in_flow_delay", "1s", var_in_flow_delay, 0, 10),
    INT("default_process_limit", "100", var_proc_limit, 1, 0),
    TIME("service_throttle_time", "60s", var_throttle_time, 1, 0),
    STR("import_environment",
        "MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ XAUTHORITY DISPLAY LANG=C "
        "POSTLOG_SERVICE POSTLOG_HOSTNAME", var_import_environ, 0),
    STR("export_environment", "TZ MAIL_CONFIG LANG", var_export_environ, 0),
    STR("master_service_disable", "", var_master_disable, 0),
    /* Network */
    STR("inet_interfaces", "all", var_inet_interfaces, 1),
    STR("inet_protocols", "all", var_inet_protocols, 1),
    STR("proxy_interfaces", "", var_proxy_interfaces, 0),
    /* Queue */
    STR("hash_queue_names", "deferred, defer", var_hash_queue_names, 0),
    INT("hash_queue_depth", "1", var_hash_queue_depth, 1, 0),
    BOOL("enable_long_queue_ids", "no", var_long_queue_ids),
    /* Debugging */
    STR("debug_peer_list", "", var_debug_peer_list, 0),
    INT("debug_peer_level", "2", var_debug_peer_level, 1, 0),
    /* Delivery status reports */
    BOOL("soft_bounce", "no", var_soft_bounce),
    STR("bounce_service_name", "bounce", var_bounce_service, 1),
    STR("defer_service_name", "defer", var_defer_service, 1),
    STR("trace_service_name", "trace", var_trace_service, 1),
    STR("address_verify_service_name", "verify", var_verify_service, 1),
    STR("flush_service_name", "flush", var_flush_service, 1),
    STR("fast_flush_domains", "$relay_domains", var_fflush_domains, 0),
    STR("relay_domains",
        "${{$compatibility_level} <level {2} ? {$mydestination} : {}}",
        var_relay_domains, 0),
    /* Services */
    STR("cleanup_service_name", "cleanup", var_cleanup_service, 1),
    STR("queue_service_name", "qmgr", var_queue_service, 1),
    /* Connection cache (scache and its clients) */
    STR("connection_cache_service_name", "scache", var_scache_service, 1),
    TIME("connection_cache_protocol_timeout", "5s", var_scache_proto_tmout, 1, 0),
    TIME("connection_cache_ttl_limit", "2s", var_scache_ttl_lim, 1, 0),
    TIME("connection_cache_status_update_time", "600s", var_scache_stat_time,
         1, 0),
    BOOL("address_verify_negative_cache", "yes", var_verify_neg_cache),
    INT("delay_logging_resolution_limit", "2", var_delay_max_res, 0, 6),
    STR("info_log_address_format", "external", var_info_log_addr_form, 1),
    PARAM_TABLE_END,
};

/* mail_postlog_env - open the postlog channel from the environment */

static int mail_postlog_env(const char *fallback_host)
{
    const char *service = getenv(POSTLOG_SERVICE_ENV);
    const char *host = getenv(POSTLOG_HOSTNAME_ENV);
    char   *label;
    int     ret;

    if (service == NULL || *service == 0)
        return -1;
    if (host == NULL || *host == 0)
        host = fallback_host;
    label = host ? xstrndup(host, strcspn(host, ".")) : NULL;
    if ((ret = msg_postlog_open(service, label)) < 0)
        msg_warn("postlog socket %s: %m", service);
    free(label);
    return ret;
}

/* mail_params_logging - tag, syslog facility, optional log file */

static void mail_params_logging(const char *process_name)
{
    char   *tag = xconcat(var_syslog_name, "/", process_name, (char *) 0);
    char   *host;
    int     facility;

    msg_init(tag);
    free(tag);
    if ((facility = msg_facility_code(var_syslog_facility)) < 0)
        msg_fatal("%s/main.cf: parameter syslog_facility: bad facility "
                  "value \"%s\"", config_dir(), var_syslog_facility);
    if (*var_maillog_file == 0) {
        msg_syslog_open(facility);
        msg_file_open(NULL, NULL);
        msg_postlog_open(NULL, NULL);
        return;
    }
    /*
     * Under Postfix's master, its postlogd owns maillog_file, and as in
     * Postfix the postlog channel replaces syslog.
     */
    if (mail_postlog_env(var_myhostname) == 0) {
        msg_syslog_close();
        msg_file_open(NULL, NULL);
        return;
    }
    msg_syslog_open(facility);
    msg_postlog_open(NULL, NULL);
    host = xstrndup(var_myhostname, strcspn(var_myhostname, "."));
    if (msg_file_open(var_maillog_file, host) < 0)
        msg_warn("open %s: %m", var_maillog_file);
    free(host);
}

void    mail_params_init(const char *process_name)
{
    config_set("config_directory", config_dir());
    config_set("process_name", process_name);
    param_load(mail_params_table);
    mail_params_logging(process_name);
    if (setenv(MAIL_LOGTAG_ENV, var_syslog_name, 1) < 0)
        msg_fatal("setenv %s: %m", MAIL_LOGTAG_ENV);
}

void    mail_log_init(const char *process_name)
{
    const char *prefix = getenv(MAIL_LOGTAG_ENV);
    char   *tag;

    if (prefix == NULL || *prefix == 0)
        prefix = DEF_SYSLOG_NAME;
    tag = xconcat(prefix, "/", process_name, (char *) 0);
    msg_init(tag);
    free(tag);
    if (mail_postlog_env(NULL) == 0)
        msg_syslog_close();
    else
        msg_syslog_open(LOG_MAIL);
}
