/*
 * smtp, lmtp - the SMTP and LMTP delivery agent
 *
 * Usage (by master(8), Postfix's or postern's): smtp [generic daemon
 * options], or the same program under the name lmtp.
 *
 * One program, two personalities chosen by the base name of argv[0]:
 * "smtp" speaks SMTP and reads the smtp_* parameters, "lmtp" speaks
 * LMTP and reads the lmtp_* mirrors (each with its own default, as in
 * Postfix 3.7; lmtp_lhlo_name, lmtp_lhlo_timeout and
 * lmtp_discard_lhlo_keywords replace the smtp_helo_* names).  Any
 * other name is a fatal error ("unexpected process name").
 *
 * Each client of the single-server skeleton is qmgr (or another agent
 * handing mail over) with one delivery request: deliver_request_read()
 * announces the protocol, reads and checks the request and opens the
 * queue file; smtp_connect() delivers, bounces or defers every
 * recipient and marks finished ones done in the queue file;
 * deliver_request_done() sends the final status: non-zero when any
 * recipient was deferred or any status report failed (so qmgr keeps
 * the queue file), with a hop status only when the whole destination
 * failed.
 *
 * Files: smtp.h lists the modules.  smtp_params.c holds every
 * parameter with its default; man/man8/smtp.8 describes them.
 *
 * Trust: runs as mail_owner (the skeleton drops privileges before the
 * first request), optionally chrooted in the queue directory.  The
 * delivery request and queue file come from qmgr and are trusted as
 * far as their checked format goes; everything from the network
 * (replies of SMTP/LMTP servers, DNS answers) is untrusted: bounded,
 * checked, and turned into a logged protocol error or a deferral,
 * never a crash or an unbounded allocation.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "argv.h"
#include "deliver_request.h"
#include "mail_params.h"
#include "mail_server.h"
#include "msg.h"
#include "smtp.h"

int     smtp_mode;
const char *smtp_helo_name;
int     smtp_helo_tmout;
unsigned long smtp_ehlo_discard;
int     smtp_dns_support;
int     smtp_host_lookup;
int     smtp_addr_pref;
struct argv *smtp_cache_dest;

/* deliver_message - one request: the walk, then the verdict */

static int deliver_message(const char *service, struct deliver_request *request)
{
    struct smtp_state *state;
    int     status;

    if (msg_verbose)
        msg_info("deliver_message: from %s", request->sender);
    state = smtp_state_alloc(request, service);
    if (request->rcpt_list.len == 0 || request->nexthop[0] == 0) {
        /* deliver_request_read() refuses these; never trust it blindly. */
        msg_warn("%s: request without recipients or next-hop",
                 request->queue_id);
        state->status = -1;
    } else {
        status = smtp_connect(state);
        state->status |= status;
    }
    status = state->status;
    smtp_state_free(state);
    return status;
}

static void smtp_service(struct stream *client, const char *service,
                         char **argv)
{
    struct deliver_request *request;
    int     status;

    if (argv[0])
        msg_fatal("unexpected command-line argument: %s", argv[0]);
    if ((request = deliver_request_read(client)) != NULL) {
        status = deliver_message(service, request);
        (void) deliver_request_done(client, request, status);
    }
}

/* post_init - settings derived from parameters, after privileges are gone */

static void post_init(const char *service, char **argv)
{
    char   *bad = NULL;
    const char *words;

    (void) service;
    (void) argv;

    smtp_helo_name = smtp_mode ? var_smtp_helo_name : var_lmtp_lhlo_name;
    smtp_helo_tmout = smtp_mode ? var_smtp_helo_tmout : var_lmtp_lhlo_tmout;
    words = smtp_mode ? var_smtp_ehlo_dis_words : var_lmtp_lhlo_dis_words;
    if (smtp_ehlo_mask(words, &smtp_ehlo_discard, &bad) < 0) {
        msg_warn("%s: unknown keyword \"%s\" ignored", smtp_mode ?
                 "smtp_discard_ehlo_keywords" : "lmtp_discard_lhlo_keywords",
                 bad);
        free(bad);
    }

    if (*var_smtp_dns_support == 0)
        smtp_dns_support = var_disable_dns ? SMTP_DNS_DISABLED : SMTP_DNS_ENABLED;
    else if (strcmp(var_smtp_dns_support, "disabled") == 0)
        smtp_dns_support = SMTP_DNS_DISABLED;
    else if (strcmp(var_smtp_dns_support, "enabled") == 0)
        smtp_dns_support = SMTP_DNS_ENABLED;
    else if (strcmp(var_smtp_dns_support, "dnssec") == 0)
        smtp_dns_support = SMTP_DNS_DNSSEC;
    else
        msg_fatal("invalid %s: \"%s\"", SMTP_X("dns_support_level"),
                  var_smtp_dns_support);

    if (smtp_dns_support == SMTP_DNS_DISABLED) {
        smtp_host_lookup = SMTP_HOST_FLAG_NATIVE;
    } else {
        smtp_host_lookup = 0;
        if (strstr(var_smtp_host_lookup, "dns"))
            smtp_host_lookup |= SMTP_HOST_FLAG_DNS;
        if (strstr(var_smtp_host_lookup, "native"))
            smtp_host_lookup |= SMTP_HOST_FLAG_NATIVE;
        if (smtp_host_lookup == 0)
            msg_fatal("invalid %s: \"%s\"", SMTP_X("host_lookup"),
                      var_smtp_host_lookup);
    }

    /*
     * Connection caching.  The scache client (src/global/scache_clnt.c)
     * connects only when a request may use the cache: a next-hop listed
     * in *_connection_cache_destinations, or the qmgr's CONN_LOAD /
     * CONN_STORE request flags with *_connection_cache_on_demand.
     */
    if (*var_smtp_cache_dest)
        smtp_cache_dest = argv_split(var_smtp_cache_dest, ", \t\r\n");

    if (strcasecmp(var_smtp_addr_pref, "any") == 0)
        smtp_addr_pref = SMTP_ADDR_PREF_ANY;
    else if (strcasecmp(var_smtp_addr_pref, "ipv4") == 0)
        smtp_addr_pref = SMTP_ADDR_PREF_IPV4;
    else if (strcasecmp(var_smtp_addr_pref, "ipv6") == 0)
        smtp_addr_pref = SMTP_ADDR_PREF_IPV6;
    else
        msg_fatal("bad %s value: %s", SMTP_X("address_preference"),
                  var_smtp_addr_pref);
}

int     main(int argc, char **argv)
{
    static const struct param_def *const tables[] = {
        smtp_global_params, NULL,
    };
    static const struct server_hooks hooks = {
        .params = tables,
        .mirror_params = smtp_params,
        .post_init = post_init,
    };
    const char *name;

    if (argc < 1 || argv[0] == NULL)
        msg_fatal("no program name");
    name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    if (strcmp(name, "smtp") == 0)
        smtp_mode = 1;
    else if (strcmp(name, "lmtp") == 0)
        smtp_mode = 0;
    else
        msg_fatal("unexpected process name \"%s\"", name);
    single_server_main(argc, argv, smtp_service, &hooks);
}
