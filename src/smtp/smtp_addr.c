/*
 * smtp_addr - server addresses for one next-hop (DNS through c-ares)
 *
 *	struct smtp_addr *smtp_addr_list(struct smtp_state *state,
 *			const char *host, int lookup_mx, int *i_am_mx);
 *			the servers to try, best first; NULL with
 *			state->why filled in when there are none.  *i_am_mx
 *			is set when this host is itself an MX host of the
 *			domain (the walk must not go to equal or worse ones)
 *	void	smtp_addr_free(struct smtp_addr *list);
 *
 * What is looked up (the semantics of Postfix's smtp_addr.c):
 *   - a numeric host ([192.0.2.1], [ipv6:2001:db8::1], or a bare
 *     address) is used as it is;
 *   - lookup_mx (SMTP, a next-hop without [], DNS enabled): the MX
 *     records, sorted by preference, then the A and AAAA records of
 *     every MX host at once (dns_lookup_hosts);
 *       null MX (RFC 7505)      5.1.10 "Domain X does not accept mail
 *                               (nullMX)"
 *       no MX (NXDOMAIN/NODATA) the domain's own addresses, as below
 *       SERVFAIL, timeout       4.4.3 (with ignore_mx_lookup_error: the
 *                               domain's own addresses instead)
 *       other failures          5.4.3 / 5.4.4 (same option)
 *       no MX host has an address: the problem of the address lookup,
 *                               made soft with
 *                               smtp_defer_if_no_mx_address_found, and
 *                               the warning "no MX host for X has a
 *                               valid address record"
 *     On port 25, an MX list that holds one of this host's addresses
 *     (inet_interfaces, proxy_interfaces) is cut before this host's
 *     preference; nothing left is 5.4.6 "mail for X loops back to
 *     myself" (or 4.4.4 "unable to find primary relay for X" when this
 *     host is not the best MX);
 *   - otherwise the host's addresses: A and AAAA in parallel
 *     (smtp_host_lookup = dns), getaddrinfo (native), or DNS first and
 *     native when DNS finds nothing (both); disable_dns_lookups or
 *     smtp_dns_support_level = disabled mean native.  Not found is
 *     5.4.4, a temporary failure 4.4.3.
 *   - use_srv_lookup (Postfix 3.8 semantics, a postern extension to
 *     3.7): when the next-hop is not [quoted], DNS is enabled, and its
 *     service (the ":service" of "domain:service", else smtp_tcp_port
 *     or lmtp_tcp_port) is one of the listed names (case-insensitive;
 *     a word can be negated with "!", the first match wins), the SRV
 *     records of _service._tcp.domain are looked up instead, in RFC
 *     2782 order (priority, then weighted random), then the addresses
 *     of their targets in that order, each with its SRV port (set in
 *     struct smtp_addr sa; 0 elsewhere).  Outcomes:
 *       no SRV record (NXDOMAIN/NODATA): "skipping SRV lookup for Q:
 *                               REASON" is logged and the next-hop is
 *                               looked up as without use_srv_lookup
 *                               (MX for SMTP, addresses for LMTP);
 *                               Postfix 3.8 does this only with
 *                               allow_srv_fallback = yes, its default
 *                               is a 5.4.4 bounce
 *       only target "." (RFC 2782 "service not available"): 5.1.0
 *                               "Service S is not available for
 *                               domain D (null SRV record Q)", no
 *                               fallback (as Postfix)
 *       SERVFAIL, timeout       4.4.3, other failures 5.4.3 / 5.4.4,
 *                               no fallback (Postfix with
 *                               ignore_srv_lookup_error = no)
 *       no target has an address: the address lookup's problem and
 *                               the warning "no SRV host for Q has a
 *                               valid address record"
 *     Loop detection (port 25) is done as for MX hosts.  The SRV order
 *     is kept: smtp_randomize_addresses and smtp_address_preference do
 *     not reorder SRV addresses (as Postfix);
 *   - smtp_balance_inet_protocols (with smtp_mx_address_limit > 0): when
 *     the list holds IPv4 and IPv6 addresses and is longer than the
 *     limit, addresses of one family are dropped (the rest keep their
 *     order) so that both families are within the limit: a family
 *     with at most limit/2 addresses keeps them all, the other fills
 *     the rest; when both have more, each gets half (the family of the
 *     first address gets the odd one).  As Postfix 3.3+: no
 *     interleaving, only thinning out.
 * Only the families of inet_protocols are asked for.  MX and host
 * addresses of equal preference are put in random order
 * (smtp_randomize_addresses) and then by smtp_address_preference
 * (ipv4, ipv6, any).
 *
 * The resolver (dns_nameservers: a postern extension naming the
 * servers, e.g. "127.0.0.1:5353"; empty = /etc/resolv.conf) and the
 * list of own addresses are set up on first use and kept for the life
 * of the process.  With smtp_dns_support_level = dnssec queries ask for
 * the AD bit; whether an address was validated is kept with it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dns.h"
#include "dns_addr.h"
#include "dns_lookup.h"
#include "dns_rr.h"
#include "dsn.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "smtp.h"
#include "sock.h"

static struct dns_channel *smtp_dns;	/* resolver, opened on first use */
static struct dns_own *smtp_own;	/* this host's addresses */
static int smtp_families = DNS_FAMILY_ALL;
static int smtp_dns_ready;

void    smtp_addr_free(struct smtp_addr *list)
{
    struct smtp_addr *next;

    for (; list; list = next) {
        next = list->next;
        free(list->host);
        free(list);
    }
}

/* smtp_addr_numeric - a list of one for a numeric address, or NULL */

static struct smtp_addr *smtp_addr_numeric(const char *host)
{
    struct smtp_addr *a = xcalloc(1, sizeof(*a));
    struct sockaddr_in *sin = (struct sockaddr_in *) &a->sa;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &a->sa;
    const char *text = host;

    if (strncasecmp(text, "ipv6:", 5) == 0)
        text += 5;
    if (inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        a->salen = sizeof(*sin);
    } else if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        a->salen = sizeof(*sin6);
    } else {
        free(a);
        return NULL;
    }
    if (inet_ntop(a->sa.ss_family, a->sa.ss_family == AF_INET ?
                  (void *) &sin->sin_addr : (void *) &sin6->sin6_addr,
                  a->addr, sizeof(a->addr)) == NULL) {
        free(a);
        return NULL;
    }
    a->host = xstrdup(a->addr);
    return a;
}

/* smtp_addr_from_rr - our list from address records (same order) */

static struct smtp_addr *smtp_addr_from_rr(const struct dns_rr *rr,
                                           int with_port)
{
    struct smtp_addr *head = NULL;
    struct smtp_addr **tail = &head;
    struct smtp_addr *a;

    for (; rr; rr = rr->next) {
        a = xcalloc(1, sizeof(*a));
        if (dns_rr_to_sa(rr, with_port ? rr->port : 0, &a->sa, &a->salen) < 0
            || dns_rr_addr_str(rr, a->addr, sizeof(a->addr)) == NULL) {
            free(a);
            continue;
        }
        a->host = xstrdup(rr->qname ? rr->qname : a->addr);
        a->pref = (int) rr->pref;
        a->dnssec_valid = rr->dnssec_valid;
        *tail = a;
        tail = &a->next;
    }
    return head;
}

/* smtp_addr_order - random among equals, then the address preference */

static struct dns_rr *smtp_addr_order(struct dns_rr *list)
{
    dns_rr_cmp_fn cmp = smtp_addr_pref == SMTP_ADDR_PREF_IPV6 ?
        dns_rr_cmp_pref_ipv6 : smtp_addr_pref == SMTP_ADDR_PREF_IPV4 ?
        dns_rr_cmp_pref_ipv4 : dns_rr_cmp_pref;

    if (var_smtp_rand_addr)
        return dns_rr_randomize_pref(list, NULL, cmp);
    return dns_rr_sort(list, cmp);
}

/* smtp_addr_balance - both address families within the address limit */

static struct dns_rr *smtp_addr_balance(struct dns_rr *list)
{
    struct dns_rr *rr;
    struct dns_rr *next;
    struct dns_rr *keep = NULL;
    struct dns_rr **tail = &keep;
    int     limit = var_smtp_mxaddr_limit;
    int     n4 = 0;
    int     n6 = 0;
    int     room4;
    int     room6;
    int    *room;

    if (!var_smtp_balance_inet_proto || limit <= 0)
        return list;
    for (rr = list; rr; rr = rr->next) {
        if (rr->type == DNS_T_A)
            n4++;
        else if (rr->type == DNS_T_AAAA)
            n6++;
    }
    if (n4 == 0 || n6 == 0 || n4 + n6 <= limit)
        return list;
    if (n6 <= limit / 2) {
        room6 = n6;
        room4 = limit - n6;
    } else if (n4 <= limit / 2) {
        room4 = n4;
        room6 = limit - n4;
    } else {
        room4 = (limit + (list->type == DNS_T_A)) / 2;
        room6 = limit - room4;
    }
    for (rr = list; rr; rr = next) {
        next = rr->next;
        rr->next = NULL;
        room = rr->type == DNS_T_A ? &room4 : rr->type == DNS_T_AAAA ?
            &room6 : NULL;
        if (room && *room > 0) {
            --*room;
            *tail = rr;
            tail = &rr->next;
        } else {
            if (msg_verbose)
                msg_info("balance: dropped %s (limit %d)",
                         rr->qname ? rr->qname : "address", limit);
            dns_rr_free(rr);
        }
    }
    return keep;
}

/* smtp_dns_init - the resolver and own addresses; -1 (why set) if none */

static int smtp_dns_init(struct smtp_state *state)
{
    struct dns_config cfg;
    struct buf *err;

    if (smtp_dns_ready)
        return smtp_dns ? 0 : -1;
    smtp_dns_ready = 1;
    err = buf_new(100);
    if ((smtp_families = dns_families(var_inet_protocols)) <= 0) {
        msg_warn("bad inet_protocols value \"%s\"; using all",
                 var_inet_protocols);
        smtp_families = DNS_FAMILY_ALL;
    }
    smtp_own = dns_own_new();
    if (dns_own_add(smtp_own, var_inet_interfaces, smtp_families, err) < 0)
        msg_warn("inet_interfaces: %s", buf_str(err));
    if (*var_proxy_interfaces
        && dns_own_add(smtp_own, var_proxy_interfaces, smtp_families, err) < 0)
        msg_warn("proxy_interfaces: %s", buf_str(err));
    memset(&cfg, 0, sizeof(cfg));
    cfg.servers = var_dns_nameservers;
    cfg.dnssec = (smtp_dns_support == SMTP_DNS_DNSSEC);
    cfg.search = 0;
    if ((smtp_dns = dns_open(&cfg, err)) == NULL) {
        msg_warn("DNS resolver: %s", buf_str(err));
        smtp_dns_ready = 0;			/* try again next time */
        dsb_simple(state->why, "4.3.0", "DNS resolver unavailable: %s",
                   buf_str(err));
        buf_free(err);
        return -1;
    }
    buf_free(err);
    return 0;
}

/* smtp_dns_status - Postfix's status for a failed lookup */

static const char *smtp_dns_status(int status)
{
    switch (status) {
    case DNS_NXDOMAIN:
    case DNS_NODATA:
    case DNS_INVALID:
        return "5.4.4";
    case DNS_FAIL:
        return "5.4.3";
    case DNS_NULLMX:
        return "5.1.10";
    case DNS_RETRY:
    default:
        return "4.4.3";
    }
}

/* smtp_host_addr - the addresses of one host */

static struct smtp_addr *smtp_host_addr(struct smtp_state *state,
                                        const char *host)
{
    struct buf *why = buf_new(100);
    struct dns_rr *rr = NULL;
    struct smtp_addr *list = NULL;
    int     status = DNS_NXDOMAIN;

    if ((smtp_host_lookup & SMTP_HOST_FLAG_DNS) && smtp_dns_init(state) == 0)
        status = dns_lookup_addr(smtp_dns, host, smtp_families, &rr, why);
    else if ((smtp_host_lookup & SMTP_HOST_FLAG_DNS) && !smtp_dns) {
        buf_free(why);
        return NULL;
    }
    if (status != DNS_OK && (smtp_host_lookup & SMTP_HOST_FLAG_NATIVE)
        && (DNS_NOTFOUND(status) || !(smtp_host_lookup & SMTP_HOST_FLAG_DNS))) {
        dns_rr_free(rr);
        rr = NULL;
        status = dns_lookup_native(host, smtp_families, &rr, why);
    }
    if (status == DNS_OK && rr) {
        rr = smtp_addr_balance(smtp_addr_order(rr));
        list = smtp_addr_from_rr(rr, 0);
    }
    if (list == NULL) {
        if (status == DNS_OK) {
            status = DNS_NODATA;
            buf_reset(why);
            buf_printf(why, "Host or domain name not found. Name service "
                       "error for name=%s type=A: Host not found", host);
        }
        dsb_simple(state->why, smtp_dns_status(status), "%s", buf_str(why));
    }
    dns_rr_free(rr);
    buf_free(why);
    return list;
}

/* smtp_domain_addr - MX hosts and their addresses */

static struct smtp_addr *smtp_domain_addr(struct smtp_state *state,
                                          const char *name, int *i_am_mx)
{
    struct buf *why = buf_new(100);
    struct dns_rr *mx = NULL;
    struct dns_rr *addrs = NULL;
    struct smtp_addr *list = NULL;
    unsigned best_pref;
    unsigned best_found;
    int     status;
    int     found = 0;

    status = dns_lookup_mx(smtp_dns, name, &mx, why);
    switch (status) {
    case DNS_OK:
        best_pref = mx->pref;
        status = dns_lookup_hosts(smtp_dns, mx, smtp_families, &addrs, why);
        if (addrs == NULL) {
            if (status == DNS_OK)
                status = DNS_NODATA;
            dsb_simple(state->why, smtp_dns_status(status), "%s",
                       buf_str(why));
            if (var_smtp_defer_mxaddr && buf_str(state->why->status)[0] == '5')
                buf_str(state->why->status)[0] = '4';
            msg_warn("no MX host for %s has a valid address record", name);
            break;
        }
        addrs = dns_rr_sort(addrs, dns_rr_cmp_pref);
        best_found = addrs->pref;
        if (state->misc_flags & SMTP_MISC_FLAG_LOOP_DETECT) {
            addrs = dns_own_truncate(smtp_own, addrs, &found);
            *i_am_mx = found;
            if (addrs == NULL) {
                if (best_pref != best_found)
                    dsb_simple(state->why, "4.4.4", "unable to find primary "
                               "relay for %s", name);
                else
                    dsb_simple(state->why, "5.4.6", "mail for %s loops back "
                               "to myself", name);
                break;
            }
        }
        addrs = smtp_addr_balance(smtp_addr_order(addrs));
        list = smtp_addr_from_rr(addrs, 0);
        if (list == NULL)
            dsb_simple(state->why, "4.4.3", "no usable address for %s", name);
        break;
    case DNS_NULLMX:
        dsb_simple(state->why, "5.1.10", "%s", buf_str(why));
        break;
    case DNS_NXDOMAIN:
    case DNS_NODATA:
        list = smtp_host_addr(state, name);
        break;
    default:
        dsb_simple(state->why, smtp_dns_status(status), "%s", buf_str(why));
        if (var_ign_mx_lookup_err)
            list = smtp_host_addr(state, name);
        break;
    }
    dns_rr_free(mx);
    dns_rr_free(addrs);
    buf_free(why);
    return list;
}

/* smtp_srv_service - the next-hop's service if use_srv_lookup lists it */

static char *smtp_srv_service(const struct smtp_state *state)
{
    const char *dest = buf_str(state->iter.dest);
    const char *service = var_smtp_tcp_port;
    const char *colon;
    const char *cp;
    size_t  len;
    size_t  wlen;
    int     negate;

    if (*var_use_srv_lookup == 0 || *dest == '['
        || smtp_dns_support == SMTP_DNS_DISABLED)
        return NULL;
    if ((colon = strrchr(dest, ':')) != NULL)
        service = colon + 1;
    if ((len = strlen(service)) == 0)
        return NULL;
    for (cp = var_use_srv_lookup; *cp; cp += wlen) {
        cp += strspn(cp, ", \t\r\n");
        if ((wlen = strcspn(cp, ", \t\r\n")) == 0)
            break;
        negate = (*cp == '!');
        if (wlen - negate == len
            && strncasecmp(cp + negate, service, len) == 0)
            return negate ? NULL : xstrdup(service);
    }
    return NULL;
}

/* smtp_service_addr - SRV targets and their addresses, or the fallback */

static struct smtp_addr *smtp_service_addr(struct smtp_state *state,
                                           const char *name,
                                           const char *service,
                                           int lookup_mx, int *i_am_mx)
{
    struct buf *qname = buf_new(100);
    struct buf *why = buf_new(100);
    struct dns_rr *srv = NULL;
    struct dns_rr *addrs = NULL;
    struct smtp_addr *list = NULL;
    unsigned best_pref;
    int     status;
    int     found = 0;

    buf_printf(qname, "_%s._tcp.%s", service, name);
    status = dns_lookup_srv(smtp_dns, buf_str(qname), NULL, &srv, why);
    switch (status) {
    case DNS_OK:
        best_pref = srv->pref;
        status = dns_lookup_hosts(smtp_dns, srv, smtp_families, &addrs, why);
        if (addrs == NULL) {
            if (status == DNS_OK)
                status = DNS_NODATA;
            dsb_simple(state->why, smtp_dns_status(status), "%s",
                       buf_str(why));
            msg_warn("no SRV host for %s has a valid address record",
                     buf_str(qname));
            break;
        }
        if (state->misc_flags & SMTP_MISC_FLAG_LOOP_DETECT) {
            unsigned best_found = addrs->pref;

            addrs = dns_own_truncate(smtp_own, addrs, &found);
            *i_am_mx = found;
            if (addrs == NULL) {
                if (best_pref != best_found)
                    dsb_simple(state->why, "4.4.4", "unable to find primary "
                               "relay for %s", buf_str(qname));
                else
                    dsb_simple(state->why, "5.4.6", "mail for %s loops back "
                               "to myself", buf_str(qname));
                break;
            }
        }
        /* RFC 2782 order stays; only the address families are balanced. */
        addrs = smtp_addr_balance(addrs);
        list = smtp_addr_from_rr(addrs, 1);
        if (list == NULL)
            dsb_simple(state->why, "4.4.3", "no usable address for %s",
                       buf_str(qname));
        break;
    case DNS_NULLMX:
        dsb_simple(state->why, "5.1.0", "Service %s is not available for "
                   "domain %s (null SRV record %s)", service, name,
                   buf_str(qname));
        break;
    case DNS_NXDOMAIN:
    case DNS_NODATA:
        msg_info("skipping SRV lookup for %s: %s", buf_str(qname),
                 buf_str(why));
        list = lookup_mx ? smtp_domain_addr(state, name, i_am_mx) :
            smtp_host_addr(state, name);
        break;
    default:
        dsb_simple(state->why, smtp_dns_status(status), "%s", buf_str(why));
        break;
    }
    dns_rr_free(srv);
    dns_rr_free(addrs);
    buf_free(why);
    buf_free(qname);
    return list;
}

struct smtp_addr *smtp_addr_list(struct smtp_state *state, const char *host,
                                 int lookup_mx, int *i_am_mx)
{
    struct smtp_addr *list;
    char   *service;

    *i_am_mx = 0;
    dsb_reset(state->why);
    if ((list = smtp_addr_numeric(host)) != NULL)
        return list;
    if ((service = smtp_srv_service(state)) != NULL) {
        if (smtp_dns_init(state) < 0) {
            free(service);
            return NULL;
        }
        list = smtp_service_addr(state, host, service, lookup_mx, i_am_mx);
        free(service);
    } else if (lookup_mx && smtp_dns_support != SMTP_DNS_DISABLED) {
        if (smtp_dns_init(state) < 0)
            return NULL;
        list = smtp_domain_addr(state, host, i_am_mx);
    } else {
        list = smtp_host_addr(state, host);
    }
    if (list && msg_verbose) {
        const struct smtp_addr *a;

        for (a = list; a; a = a->next)
            msg_info("server address: %s[%s] pref %d port %d", a->host,
                     a->addr, a->pref,
                     sockaddr_port((const struct sockaddr *) &a->sa));
    }
    return list;
}
