/*
 * dns_addr - this host's own addresses
 *
 * See dns_addr.h for the interface.  Addresses are kept as (family,
 * 4 or 16 bytes); IPv4-mapped IPv6 addresses are stored and compared
 * as IPv4.
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "argv.h"
#include "dns.h"
#include "dns_addr.h"
#include "dns_lookup.h"
#include "mem.h"

struct own_addr {
    int     family;			/* AF_INET, AF_INET6 */
    unsigned char addr[16];
};

struct dns_own {
    struct own_addr *v;
    size_t  n;
    size_t  cap;
};

struct dns_own *dns_own_new(void)
{
    return (xcalloc(1, sizeof(struct dns_own)));
}

void    dns_own_free(struct dns_own *own)
{
    if (own == NULL)
        return;
    free(own->v);
    free(own);
}

size_t  dns_own_count(const struct dns_own *own)
{
    return (own->n);
}

/* to_key - family and bytes of an address; v4-mapped v6 becomes v4 */

static int to_key(int family, const void *p, struct own_addr *k)
{
    static const unsigned char mapped[12] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
    };

    memset(k, 0, sizeof(*k));
    if (family == AF_INET6 && memcmp(p, mapped, 12) == 0) {
        k->family = AF_INET;
        memcpy(k->addr, (const unsigned char *) p + 12, 4);
    } else if (family == AF_INET || family == AF_INET6) {
        k->family = family;
        memcpy(k->addr, p, family == AF_INET ? 4 : 16);
    } else {
        return (-1);
    }
    return (0);
}

static int sa_key(const struct sockaddr *sa, struct own_addr *k)
{
    if (sa->sa_family == AF_INET)
        return (to_key(AF_INET, &((const struct sockaddr_in *) sa)->sin_addr,
                       k));
    if (sa->sa_family == AF_INET6)
        return (to_key(AF_INET6,
                       &((const struct sockaddr_in6 *) sa)->sin6_addr, k));
    return (-1);
}

static int find_key(const struct dns_own *own, const struct own_addr *k)
{
    size_t  i;

    for (i = 0; i < own->n; i++)
        if (own->v[i].family == k->family
            && memcmp(own->v[i].addr, k->addr, 16) == 0)
            return (1);
    return (0);
}

static void add_key(struct dns_own *own, const struct own_addr *k)
{
    if (find_key(own, k))
        return;
    if (own->n == own->cap) {
        own->cap = own->cap ? 2 * own->cap : 8;
        own->v = xrealloc(own->v, own->cap * sizeof(*own->v));
    }
    own->v[own->n++] = *k;
}

int     dns_own_add_sa(struct dns_own *own, const struct sockaddr *sa)
{
    struct own_addr k;

    if (sa_key(sa, &k) < 0)
        return (-1);
    add_key(own, &k);
    return (0);
}

static int family_ok(int af, int families)
{
    return ((af == AF_INET && (families & DNS_FAMILY_IPV4))
            || (af == AF_INET6 && (families & DNS_FAMILY_IPV6)));
}

/* add_interfaces - "all": every interface address */

static int add_interfaces(struct dns_own *own, int families, struct buf *why)
{
    struct ifaddrs *list;
    struct ifaddrs *ifa;

    if (getifaddrs(&list) < 0) {
        if (why != NULL)
            buf_printf(why, "cannot list network interfaces: %m");
        return (-1);
    }
    for (ifa = list; ifa != NULL; ifa = ifa->ifa_next)
        if (ifa->ifa_addr && family_ok(ifa->ifa_addr->sa_family, families))
            (void) dns_own_add_sa(own, ifa->ifa_addr);
    freeifaddrs(list);
    return (0);
}

/* add_numeric - a numeric address, maybe in brackets; -1 if not one */

static int add_numeric(struct dns_own *own, const char *word, int families)
{
    unsigned char bytes[16];
    struct own_addr k;
    char   *s = xstrdup(word);
    char   *p = s;
    size_t  n = strlen(s);
    int     af = -1;

    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s[n - 1] = 0;
        p = s + 1;
    }
    if (inet_pton(AF_INET, p, bytes) == 1)
        af = AF_INET;
    else if (inet_pton(AF_INET6, p, bytes) == 1)
        af = AF_INET6;
    free(s);
    if (af < 0)
        return (-1);
    if (family_ok(af, families) && to_key(af, bytes, &k) == 0)
        add_key(own, &k);
    return (0);
}

/* add_name - the addresses of a host name */

static int add_name(struct dns_own *own, const char *name, int families,
                    struct buf *why)
{
    struct addrinfo hints;
    struct addrinfo *res;
    struct addrinfo *ai;
    int     err;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((err = getaddrinfo(name, NULL, &hints, &res)) != 0) {
        if (why != NULL)
            buf_printf(why, "%s: %s", name, gai_strerror(err));
        return (-1);
    }
    for (ai = res; ai != NULL; ai = ai->ai_next)
        if (family_ok(ai->ai_family, families))
            (void) dns_own_add_sa(own, ai->ai_addr);
    freeaddrinfo(res);
    return (0);
}

static int add_word(struct dns_own *own, const char *w, int families,
                    struct buf *why)
{
    if (strcasecmp(w, "all") == 0)
        return (add_interfaces(own, families, why));
    if (strcasecmp(w, "loopback-only") == 0) {
        (void) add_numeric(own, "127.0.0.1", families);
        (void) add_numeric(own, "::1", families);
        return (0);
    }
    if (add_numeric(own, w, families) == 0)
        return (0);
    return (add_name(own, w, families, why));
}

int     dns_own_add(struct dns_own *own, const char *spec, int families,
                    struct buf *why)
{
    struct argv *a = argv_split(spec, ", \t\r\n");
    size_t  i;
    int     rc = 0;

    for (i = 0; i < a->argc && rc == 0; i++)
        rc = add_word(own, a->argv[i], families, why);
    argv_free(a);
    return (rc);
}

int     dns_own_match_sa(const struct dns_own *own, const struct sockaddr *sa)
{
    struct own_addr k;

    return (sa_key(sa, &k) == 0 && find_key(own, &k));
}

int     dns_own_match_rr(const struct dns_own *own, const struct dns_rr *rr)
{
    struct own_addr k;

    if (rr->type == DNS_T_A && rr->data_len == 4)
        return (to_key(AF_INET, rr->data, &k) == 0 && find_key(own, &k));
    if (rr->type == DNS_T_AAAA && rr->data_len == 16)
        return (to_key(AF_INET6, rr->data, &k) == 0 && find_key(own, &k));
    return (0);
}

struct dns_rr *dns_own_truncate(const struct dns_own *own,
                                struct dns_rr *addrs, int *found)
{
    struct dns_rr *rr;
    struct dns_rr *next;
    unsigned best = 0;

    *found = 0;
    for (rr = addrs; rr != NULL; rr = rr->next) {
        if (dns_own_match_rr(own, rr) && (!*found || rr->pref < best)) {
            best = rr->pref;
            *found = 1;
        }
    }
    if (!*found)
        return (addrs);
    for (rr = addrs; rr != NULL; rr = next) {
        next = rr->next;
        if (rr->pref >= best)
            addrs = dns_rr_remove(addrs, rr);
    }
    return (addrs);
}
