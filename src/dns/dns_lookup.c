/*
 * dns_lookup - lookups that wait for their answers
 *
 * See dns_lookup.h for the interface.  Every lookup is a set of
 * dns_query() calls whose callbacks fill one slot each; dns_wait()
 * runs the channel until the set's pending count reaches zero.
 */
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "argv.h"
#include "dns.h"
#include "dns_lookup.h"
#include "dns_str.h"
#include "mem.h"
#include "msg.h"

struct lookup_set;

struct slot {
    struct lookup_set *set;
    int     status;
    struct dns_rr *rr;
    char   *why;
};

struct lookup_set {
    int     pending;
    size_t  count;
    struct slot *slots;
};

static void slot_done(struct dns_result *res, void *ctx)
{
    struct slot *sl = ctx;

    sl->status = res->status;
    sl->rr = res->rr;
    res->rr = NULL;
    sl->why = xstrdup(res->why);
    sl->set->pending--;
}

static void set_init(struct lookup_set *set, size_t count)
{
    size_t  i;

    set->pending = 0;
    set->count = count;
    set->slots = xcalloc(count ? count : 1, sizeof(*set->slots));
    for (i = 0; i < count; i++) {
        set->slots[i].set = set;
        set->slots[i].status = DNS_RETRY;
    }
}

static void set_start(struct dns_channel *ch, struct lookup_set *set,
                      size_t i, const char *name, int type)
{
    set->pending++;
    dns_query(ch, name, type, slot_done, set->slots + i);
}

static void set_free(struct lookup_set *set)
{
    size_t  i;

    for (i = 0; i < set->count; i++) {
        dns_rr_free(set->slots[i].rr);
        free(set->slots[i].why);
    }
    free(set->slots);
}

/* set_wait - run until every query of the set has called back */

static void set_wait(struct dns_channel *ch, struct lookup_set *set)
{
    if (dns_wait(ch, &set->pending, -1) < 0 || set->pending != 0)
        msg_panic("dns_lookup: %d queries left unanswered", set->pending);
}

/* take - status and records of one slot */

static int take(struct slot *sl, struct dns_rr **list, struct buf *why)
{
    *list = sl->rr;
    sl->rr = NULL;
    if (why != NULL)
        buf_set(why, sl->why ? sl->why : "");
    return (sl->status);
}

int     dns_lookup(struct dns_channel *ch, const char *name, int type,
                   struct dns_rr **list, struct buf *why)
{
    struct lookup_set set;
    int     status;

    set_init(&set, 1);
    set_start(ch, &set, 0, name, type);
    set_wait(ch, &set);
    status = take(set.slots, list, why);
    set_free(&set);
    if (status != DNS_OK && status != DNS_NULLMX) {
        dns_rr_free(*list);
        *list = NULL;
    }
    return (status);
}

int     dns_lookup_mx(struct dns_channel *ch, const char *name,
                      struct dns_rr **list, struct buf *why)
{
    int     status = dns_lookup(ch, name, DNS_T_MX, list, why);

    *list = dns_rr_sort(*list, dns_rr_cmp_pref);
    return (status);
}

int     dns_lookup_srv(struct dns_channel *ch, const char *name,
                       struct dns_rand *r, struct dns_rr **list,
                       struct buf *why)
{
    int     status = dns_lookup(ch, name, DNS_T_SRV, list, why);

    *list = dns_rr_srv_order(*list, r);
    return (status);
}

int     dns_lookup_tlsa(struct dns_channel *ch, const char *name,
                        struct dns_rr **list, struct buf *why)
{
    return (dns_lookup(ch, name, DNS_T_TLSA, list, why));
}

/* rank - which failure tells most: higher wins */

static int rank(int status)
{
    static const int order[] = {
        DNS_NODATA, DNS_NXDOMAIN, DNS_INVALID, DNS_FAIL, DNS_RETRY,
    };
    int     i;

    for (i = 0; i < (int) (sizeof(order) / sizeof(order[0])); i++)
        if (order[i] == status)
            return (i + 1);
    return (0);
}

/* adopt - give records the preference and port of their host */

static struct dns_rr *adopt(struct dns_rr *rr, const struct dns_rr *host)
{
    struct dns_rr *r;

    for (r = rr; r != NULL; r = r->next) {
        r->pref = host->pref;
        r->port = host->port;
        r->weight = host->weight;
    }
    return (rr);
}

/* collect - the result of a host set: addresses or the worst failure */

static int collect(struct lookup_set *set, const struct dns_rr **hosts,
                   struct dns_rr **list, struct buf *why)
{
    struct slot *worst = NULL;
    struct slot *sl;
    size_t  i;

    *list = NULL;
    for (i = 0; i < set->count; i++) {
        sl = set->slots + i;
        if (sl->status == DNS_OK && sl->rr != NULL) {
            *list = dns_rr_append(*list, adopt(sl->rr, hosts[i / 2]));
            sl->rr = NULL;
        } else if (worst == NULL || rank(sl->status) > rank(worst->status)) {
            worst = sl;
        }
    }
    *list = dns_rr_truncate(dns_rr_uniq(*list), DNS_MAX_HOST_ADDRS);
    if (*list != NULL || worst == NULL) {
        if (why != NULL)
            buf_reset(why);
        return (*list != NULL ? DNS_OK : DNS_NODATA);
    }
    return (take(worst, list, why));
}

/* host_array - the usable hosts of a list (no root targets) */

static const struct dns_rr **host_array(const struct dns_rr *hosts,
                                        size_t *n)
{
    const struct dns_rr **v;
    const struct dns_rr *h;
    size_t  i = 0;

    v = xcalloc(dns_rr_count(hosts) + 1, sizeof(*v));
    for (h = hosts; h != NULL && i < DNS_MAX_RR; h = h->next)
        if (h->data_len > 0)
            v[i++] = h;
    *n = i;
    return (v);
}

int     dns_lookup_hosts(struct dns_channel *ch, const struct dns_rr *hosts,
                         int families, struct dns_rr **list, struct buf *why)
{
    struct lookup_set set;
    const struct dns_rr **v;
    size_t  n;
    size_t  i;
    int     status;

    v = host_array(hosts, &n);
    set_init(&set, 2 * n);
    for (i = 0; i < n; i++) {
        const char *name = (const char *) v[i]->data;

        if (families & DNS_FAMILY_IPV4)
            set_start(ch, &set, 2 * i, name, DNS_T_A);
        else
            set.slots[2 * i].status = DNS_NODATA;
        if (families & DNS_FAMILY_IPV6)
            set_start(ch, &set, 2 * i + 1, name, DNS_T_AAAA);
        else
            set.slots[2 * i + 1].status = DNS_NODATA;
    }
    set_wait(ch, &set);
    status = collect(&set, v, list, why);
    set_free(&set);
    free(v);
    return (status);
}

int     dns_lookup_addr(struct dns_channel *ch, const char *name,
                        int families, struct dns_rr **list, struct buf *why)
{
    struct dns_rr *host = dns_rr_new(name, name, DNS_T_MX, name, strlen(name));
    int     status;

    status = dns_lookup_hosts(ch, host, families, list, why);
    dns_rr_free(host);
    return (status);
}

/* native_status - a getaddrinfo() error as a lookup status */

static int native_status(int err)
{
    switch (err) {
    case EAI_NONAME:
        return (DNS_NXDOMAIN);
#ifdef EAI_NODATA
    case EAI_NODATA:
        return (DNS_NODATA);
#endif
    case EAI_AGAIN:
    case EAI_MEMORY:
    case EAI_SYSTEM:
        return (DNS_RETRY);
    default:
        return (DNS_FAIL);
    }
}

/* native_rr - one getaddrinfo() result as a record, or NULL */

static struct dns_rr *native_rr(const char *name, const struct addrinfo *ai)
{
    const struct sockaddr_in *sin = (const struct sockaddr_in *) ai->ai_addr;
    const struct sockaddr_in6 *sin6 =
        (const struct sockaddr_in6 *) ai->ai_addr;

    if (ai->ai_family == AF_INET)
        return (dns_rr_new(name, name, DNS_T_A, &sin->sin_addr, 4));
    if (ai->ai_family == AF_INET6)
        return (dns_rr_new(name, name, DNS_T_AAAA, &sin6->sin6_addr, 16));
    return (NULL);
}

int     dns_lookup_native(const char *name, int families,
                          struct dns_rr **list, struct buf *why)
{
    struct addrinfo hints;
    struct addrinfo *res;
    struct addrinfo *ai;
    struct dns_rr *rr;
    size_t  n = 0;
    int     err;

    *list = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = families == DNS_FAMILY_IPV4 ? AF_INET :
        families == DNS_FAMILY_IPV6 ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((err = getaddrinfo(name, NULL, &hints, &res)) != 0) {
        if (why != NULL) {
            buf_reset(why);
            buf_printf(why, "%s: %s", name, gai_strerror(err));
        }
        return (native_status(err));
    }
    for (ai = res; ai != NULL && n < DNS_MAX_RR; ai = ai->ai_next) {
        if ((rr = native_rr(name, ai)) != NULL) {
            *list = dns_rr_append(*list, rr);
            n++;
        }
    }
    freeaddrinfo(res);
    *list = dns_rr_uniq(*list);
    if (why != NULL)
        buf_reset(why);
    return (*list ? DNS_OK : DNS_NODATA);
}

int     dns_families(const char *inet_protocols)
{
    struct argv *a = argv_split(inet_protocols, ", \t\r\n");
    int     fam = 0;
    size_t  i;

    for (i = 0; i < a->argc && fam >= 0; i++) {
        if (strcasecmp(a->argv[i], "all") == 0)
            fam |= DNS_FAMILY_ALL;
        else if (strcasecmp(a->argv[i], "ipv4") == 0)
            fam |= DNS_FAMILY_IPV4;
        else if (strcasecmp(a->argv[i], "ipv6") == 0)
            fam |= DNS_FAMILY_IPV6;
        else
            fam = -1;
    }
    argv_free(a);
    return (fam);
}
