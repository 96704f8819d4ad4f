/*
 * dns_rr - DNS resource-record lists
 *
 * See dns_rr.h for the interface.  Sorting is a stable merge sort on
 * the list itself; shuffling and the RFC 2782 order work on a
 * temporary array of pointers.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "dns.h"
#include "dns_rr.h"
#include "dns_str.h"
#include "mem.h"
#include "msg.h"

struct dns_rr *dns_rr_new(const char *qname, const char *rname, int type,
                          const void *data, size_t len)
{
    struct dns_rr *rr = xcalloc(1, sizeof(*rr) + len + 1);

    rr->qname = xstrdup(qname ? qname : "");
    rr->rname = xstrdup(rname ? rname : "");
    rr->type = (unsigned short) type;
    rr->class = DNS_C_IN;
    rr->data_len = len;
    if (len > 0)
        memcpy(rr->data, data, len);
    rr->data[len] = 0;
    return (rr);
}

struct dns_rr *dns_rr_copy(const struct dns_rr *rr)
{
    struct dns_rr *cp = dns_rr_new(rr->qname, rr->rname, rr->type,
                                   rr->data, rr->data_len);

    cp->class = rr->class;
    cp->ttl = rr->ttl;
    cp->pref = rr->pref;
    cp->weight = rr->weight;
    cp->port = rr->port;
    cp->dnssec_valid = rr->dnssec_valid;
    return (cp);
}

void    dns_rr_free(struct dns_rr *list)
{
    struct dns_rr *next;

    for (; list != NULL; list = next) {
        next = list->next;
        free(list->qname);
        free(list->rname);
        free(list);
    }
}

struct dns_rr *dns_rr_append(struct dns_rr *list, struct dns_rr *more)
{
    struct dns_rr *rr;

    if (list == NULL)
        return (more);
    for (rr = list; rr->next != NULL; rr = rr->next)
         /* void */ ;
    rr->next = more;
    return (list);
}

size_t  dns_rr_count(const struct dns_rr *list)
{
    size_t  n = 0;

    for (; list != NULL; list = list->next)
        n++;
    return (n);
}

struct dns_rr *dns_rr_remove(struct dns_rr *list, struct dns_rr *rr)
{
    struct dns_rr **pp;

    for (pp = &list; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == rr) {
            *pp = rr->next;
            rr->next = NULL;
            dns_rr_free(rr);
            break;
        }
    }
    return (list);
}

struct dns_rr *dns_rr_truncate(struct dns_rr *list, size_t limit)
{
    struct dns_rr *rr = list;
    size_t  n;

    if (limit == 0 || list == NULL)
        return (list);
    for (n = 1; n < limit && rr->next != NULL; n++)
        rr = rr->next;
    dns_rr_free(rr->next);
    rr->next = NULL;
    return (list);
}

/* rr_same - equal type and data */

static int rr_same(const struct dns_rr *a, const struct dns_rr *b)
{
    return (a->type == b->type && a->data_len == b->data_len
            && memcmp(a->data, b->data, a->data_len) == 0);
}

struct dns_rr *dns_rr_uniq(struct dns_rr *list)
{
    struct dns_rr *rr;
    struct dns_rr **pp;
    struct dns_rr *dup;

    for (rr = list; rr != NULL; rr = rr->next) {
        for (pp = &rr->next; *pp != NULL;) {
            if (rr_same(rr, *pp)) {
                dup = *pp;
                *pp = dup->next;
                dup->next = NULL;
                dns_rr_free(dup);
            } else {
                pp = &(*pp)->next;
            }
        }
    }
    return (list);
}

/* rr_merge - merge two sorted lists; ties go to a (stability) */

static struct dns_rr *rr_merge(struct dns_rr *a, struct dns_rr *b,
                               dns_rr_cmp_fn cmp)
{
    struct dns_rr head;
    struct dns_rr *tail = &head;

    while (a != NULL && b != NULL) {
        if (cmp(b, a) < 0) {
            tail->next = b;
            b = b->next;
        } else {
            tail->next = a;
            a = a->next;
        }
        tail = tail->next;
    }
    tail->next = (a != NULL) ? a : b;
    return (head.next);
}

struct dns_rr *dns_rr_sort(struct dns_rr *list, dns_rr_cmp_fn cmp)
{
    struct dns_rr *slow;
    struct dns_rr *fast;
    struct dns_rr *second;

    if (list == NULL || list->next == NULL)
        return (list);
    slow = list;
    fast = list->next;
    while (fast != NULL && fast->next != NULL) {
        slow = slow->next;
        fast = fast->next->next;
    }
    second = slow->next;
    slow->next = NULL;
    return (rr_merge(dns_rr_sort(list, cmp), dns_rr_sort(second, cmp), cmp));
}

int     dns_rr_cmp_pref(const struct dns_rr *a, const struct dns_rr *b)
{
    return ((a->pref > b->pref) - (a->pref < b->pref));
}

/* cmp_family - by pref, then records of type first before the others */

static int cmp_family(const struct dns_rr *a, const struct dns_rr *b,
                      int first)
{
    int     d = dns_rr_cmp_pref(a, b);

    if (d != 0)
        return (d);
    return ((b->type == first) - (a->type == first));
}

int     dns_rr_cmp_pref_ipv6(const struct dns_rr *a, const struct dns_rr *b)
{
    return (cmp_family(a, b, DNS_T_AAAA));
}

int     dns_rr_cmp_pref_ipv4(const struct dns_rr *a, const struct dns_rr *b)
{
    return (cmp_family(a, b, DNS_T_A));
}

/* rr_to_array - list as an array of n pointers (xmalloc'ed) */

static struct dns_rr **rr_to_array(struct dns_rr *list, size_t *n)
{
    struct dns_rr **v;
    size_t  i;

    *n = dns_rr_count(list);
    v = xcalloc(*n ? *n : 1, sizeof(*v));
    for (i = 0; list != NULL; list = list->next)
        v[i++] = list;
    return (v);
}

/* rr_from_array - relink, free the array */

static struct dns_rr *rr_from_array(struct dns_rr **v, size_t n)
{
    struct dns_rr *list = NULL;

    while (n-- > 0) {
        v[n]->next = list;
        list = v[n];
    }
    free(v);
    return (list);
}

struct dns_rr *dns_rr_shuffle(struct dns_rr *list, struct dns_rand *r)
{
    struct dns_rr **v;
    struct dns_rr *t;
    size_t  n;
    size_t  i;
    size_t  j;

    if (list == NULL || list->next == NULL)
        return (list);
    v = rr_to_array(list, &n);
    for (i = n - 1; i > 0; i--) {
        j = dns_rand_below(r, (uint32_t) (i + 1));
        t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
    return (rr_from_array(v, n));
}

struct dns_rr *dns_rr_randomize_pref(struct dns_rr *list, struct dns_rand *r,
                                     dns_rr_cmp_fn cmp)
{
    return (dns_rr_sort(dns_rr_shuffle(list, r), cmp ? cmp : dns_rr_cmp_pref));
}

/* srv_pick - RFC 2782 selection of one record from v[0..n-1] */

static size_t srv_pick(struct dns_rr **v, size_t n, struct dns_rand *r)
{
    uint32_t sum = 0;
    uint32_t run = 0;
    uint32_t x;
    size_t  i;

    for (i = 0; i < n; i++)
        sum += v[i]->weight;
    x = dns_rand_below(r, sum + 1);
    for (i = 0; i < n; i++) {
        run += v[i]->weight;
        if (run >= x)
            return (i);
    }
    return (n - 1);
}

/* srv_order_group - order v[0..n-1], all of the same priority */

static void srv_order_group(struct dns_rr **v, size_t n, struct dns_rand *r)
{
    struct dns_rr *t;
    size_t  i;
    size_t  j;
    size_t  k;

    /* Weight-0 records first, otherwise in the given order. */
    for (i = 0, k = 0; i < n; i++) {
        if (v[i]->weight == 0) {
            t = v[i];
            memmove(v + k + 1, v + k, (i - k) * sizeof(*v));
            v[k++] = t;
        }
    }
    /* Pick one at a time from the remainder, keeping its order. */
    for (i = 0; i + 1 < n; i++) {
        j = i + srv_pick(v + i, n - i, r);
        t = v[j];
        memmove(v + i + 1, v + i, (j - i) * sizeof(*v));
        v[i] = t;
    }
}

struct dns_rr *dns_rr_srv_order(struct dns_rr *list, struct dns_rand *r)
{
    struct dns_rr **v;
    size_t  n;
    size_t  i;
    size_t  j;

    list = dns_rr_sort(list, dns_rr_cmp_pref);
    if (list == NULL || list->next == NULL)
        return (list);
    v = rr_to_array(list, &n);
    for (i = 0; i < n; i = j) {
        for (j = i + 1; j < n && v[j]->pref == v[i]->pref; j++)
             /* void */ ;
        srv_order_group(v + i, j - i, r);
    }
    return (rr_from_array(v, n));
}

int     dns_rr_to_sa(const struct dns_rr *rr, unsigned port,
                     struct sockaddr_storage *ss, socklen_t *len)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;

    memset(ss, 0, sizeof(*ss));
    if (rr->type == DNS_T_A && rr->data_len == 4) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t) port);
        memcpy(&sin->sin_addr, rr->data, 4);
        *len = sizeof(*sin);
        return (0);
    }
    if (rr->type == DNS_T_AAAA && rr->data_len == 16) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t) port);
        memcpy(&sin6->sin6_addr, rr->data, 16);
        *len = sizeof(*sin6);
        return (0);
    }
    return (-1);
}

int     dns_rr_eq_sa(const struct dns_rr *rr, const struct sockaddr *sa)
{
    const struct sockaddr_in *sin = (const struct sockaddr_in *) sa;
    const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) sa;

    if (sa->sa_family == AF_INET && rr->type == DNS_T_A && rr->data_len == 4)
        return (memcmp(&sin->sin_addr, rr->data, 4) == 0);
    if (sa->sa_family == AF_INET6 && rr->type == DNS_T_AAAA
        && rr->data_len == 16)
        return (memcmp(&sin6->sin6_addr, rr->data, 16) == 0);
    return (0);
}

const char *dns_rr_addr_str(const struct dns_rr *rr, char *buf, size_t len)
{
    if (rr->type == DNS_T_A && rr->data_len == 4)
        return (inet_ntop(AF_INET, rr->data, buf, (socklen_t) len));
    if (rr->type == DNS_T_AAAA && rr->data_len == 16)
        return (inet_ntop(AF_INET6, rr->data, buf, (socklen_t) len));
    return (NULL);
}

/* print_hex - data as lower-case hex */

static void print_hex(struct buf *out, const unsigned char *p, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++)
        buf_printf(out, "%02x", p[i]);
}

void    dns_rr_print(struct buf *out, const struct dns_rr *rr)
{
    char    addr[INET6_ADDRSTRLEN];
    const char *target = (const char *) rr->data;

    buf_printf(out, "%s. %u IN %s ", rr->rname, rr->ttl,
               dns_strtype(rr->type));
    switch (rr->type) {
    case DNS_T_A:
    case DNS_T_AAAA:
        buf_puts(out, dns_rr_addr_str(rr, addr, sizeof(addr)) ?
                 addr : "?");
        break;
    case DNS_T_MX:
        buf_printf(out, "%u %s.", rr->pref, target);
        break;
    case DNS_T_SRV:
        buf_printf(out, "%u %u %u %s.", rr->pref, rr->weight, rr->port,
                   target);
        break;
    case DNS_T_CNAME:
    case DNS_T_NS:
    case DNS_T_PTR:
        buf_printf(out, "%s.", target);
        break;
    case DNS_T_TLSA:
        if (rr->data_len >= 3) {
            buf_printf(out, "%u %u %u ", rr->data[0], rr->data[1],
                       rr->data[2]);
            print_hex(out, rr->data + 3, rr->data_len - 3);
            break;
        }
        /* FALLTHROUGH */
    default:
        buf_printf(out, "\\# %zu ", rr->data_len);
        print_hex(out, rr->data, rr->data_len);
        break;
    }
}

/* Random numbers: splitmix64. */

static struct dns_rand default_rand;
static int default_seeded;

void    dns_rand_seed(struct dns_rand *r, uint64_t seed)
{
    r->state = seed;
}

static uint64_t rand_next(struct dns_rand *r)
{
    uint64_t z;

    z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31));
}

/* rand_default - the process-wide generator, seeded on first use */

static struct dns_rand *rand_default(void)
{
    uint64_t seed;

    if (!default_seeded) {
        if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
            seed = (uint64_t) time(NULL) ^ ((uint64_t) getpid() << 32);
        dns_rand_seed(&default_rand, seed);
        default_seeded = 1;
    }
    return (&default_rand);
}

uint32_t dns_rand_below(struct dns_rand *r, uint32_t n)
{
    uint64_t limit;
    uint64_t x;

    if (n == 0)
        msg_panic("dns_rand_below: zero range");
    if (r == NULL)
        r = rand_default();
    /* Reject the top sliver so every value is equally likely. */
    limit = UINT64_MAX - (UINT64_MAX % n);
    do {
        x = rand_next(r);
    } while (x >= limit);
    return ((uint32_t) (x % n));
}
