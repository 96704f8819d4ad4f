/*
 * dns_rr - DNS resource-record lists: create, copy, sort, shuffle, limit
 *
 * A struct dns_rr is one record in a singly linked list.  The list
 * functions take and return list heads; a NULL list is empty.  Every
 * record owns its strings and data; dns_rr_free() frees a whole list.
 *
 * Record data (data, data_len; there is always a NUL after data_len):
 *	A	4 bytes, network order	AAAA	16 bytes
 *	MX, SRV, CNAME, NS, PTR	target name as text, no trailing dot;
 *				"" is the root (null MX / "no service")
 *	TLSA	the raw rdata: usage, selector, mtype, association data
 *	others	the raw rdata
 *
 * pref is the MX preference or the SRV priority; address records made
 * for an MX host carry that host's preference.  qname is the name that
 * was asked for (for addresses of an MX host: that host), rname the
 * record's owner (the canonical name after CNAMEs).
 *
 * Random order uses struct dns_rand, a small seedable generator
 * (splitmix64), so tests can repeat a sequence; a NULL generator means
 * the process-wide one, seeded from getrandom(2).
 *
 * Interface:
 *	struct dns_rr *dns_rr_new(const char *qname, const char *rname,
 *			int type, const void *data, size_t len);
 *			class IN, everything else 0
 *	struct dns_rr *dns_rr_copy(const struct dns_rr *rr);  one record
 *	void	dns_rr_free(struct dns_rr *list);
 *	struct dns_rr *dns_rr_append(struct dns_rr *list, struct dns_rr *more);
 *	size_t	dns_rr_count(const struct dns_rr *list);
 *	struct dns_rr *dns_rr_remove(struct dns_rr *list, struct dns_rr *rr);
 *			unlinks and frees rr
 *	struct dns_rr *dns_rr_truncate(struct dns_rr *list, size_t limit);
 *			keeps the first limit records (0: no limit)
 *	struct dns_rr *dns_rr_uniq(struct dns_rr *list);
 *			drops records equal in type and data to an earlier
 *			one (O(n^2): for lists of up to a few thousand)
 *	struct dns_rr *dns_rr_sort(struct dns_rr *list, dns_rr_cmp_fn cmp);
 *			stable merge sort
 *	int	dns_rr_cmp_pref(a, b)		by pref
 *	int	dns_rr_cmp_pref_ipv6(a, b)	by pref, then AAAA before A
 *	int	dns_rr_cmp_pref_ipv4(a, b)	by pref, then A before AAAA
 *	struct dns_rr *dns_rr_shuffle(struct dns_rr *list, struct dns_rand *r);
 *			uniform random permutation (Fisher-Yates)
 *	struct dns_rr *dns_rr_randomize_pref(struct dns_rr *list,
 *			struct dns_rand *r, dns_rr_cmp_fn cmp);
 *			shuffle, then stable sort with cmp: sorted, and in
 *			random order among records that cmp calls equal
 *	struct dns_rr *dns_rr_srv_order(struct dns_rr *list, struct dns_rand *r);
 *			RFC 2782: by priority, within a priority the
 *			weighted random selection order
 *	int	dns_rr_to_sa(const struct dns_rr *rr, unsigned port,
 *			struct sockaddr_storage *ss, socklen_t *len);
 *			A/AAAA -> socket address; 0 ok, -1 not an address
 *	int	dns_rr_eq_sa(const struct dns_rr *rr, const struct sockaddr *sa);
 *			same address (port ignored)
 *	const char *dns_rr_addr_str(const struct dns_rr *rr, char *buf, size_t len);
 *			"127.0.0.2", "::1"; NULL if not A/AAAA
 *	void	dns_rr_print(struct buf *out, const struct dns_rr *rr);
 *			appends "rname. ttl IN TYPE data" (zone-file like)
 *
 *	void	dns_rand_seed(struct dns_rand *r, uint64_t seed);
 *	uint32_t dns_rand_below(struct dns_rand *r, uint32_t n);
 *			uniform in [0, n); n > 0
 */
#ifndef POSTERN_DNS_RR_H
#define POSTERN_DNS_RR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "buf.h"

struct dns_rr {
    char   *qname;			/* name that was asked for */
    char   *rname;			/* owner, canonical name */
    unsigned short type;
    unsigned short class;
    unsigned ttl;
    unsigned pref;			/* MX preference, SRV priority */
    unsigned weight;			/* SRV weight */
    unsigned port;			/* SRV port */
    int     dnssec_valid;		/* AD asked for and set in the reply */
    size_t  data_len;
    struct dns_rr *next;
    unsigned char data[];		/* data_len bytes + NUL */
};

struct dns_rand {
    uint64_t state;
};

typedef int (*dns_rr_cmp_fn)(const struct dns_rr *, const struct dns_rr *);

struct dns_rr *dns_rr_new(const char *qname, const char *rname, int type,
                          const void *data, size_t len);
struct dns_rr *dns_rr_copy(const struct dns_rr *rr);
void    dns_rr_free(struct dns_rr *list);
struct dns_rr *dns_rr_append(struct dns_rr *list, struct dns_rr *more);
size_t  dns_rr_count(const struct dns_rr *list);
struct dns_rr *dns_rr_remove(struct dns_rr *list, struct dns_rr *rr);
struct dns_rr *dns_rr_truncate(struct dns_rr *list, size_t limit);
struct dns_rr *dns_rr_uniq(struct dns_rr *list);
struct dns_rr *dns_rr_sort(struct dns_rr *list, dns_rr_cmp_fn cmp);
int     dns_rr_cmp_pref(const struct dns_rr *a, const struct dns_rr *b);
int     dns_rr_cmp_pref_ipv6(const struct dns_rr *a, const struct dns_rr *b);
int     dns_rr_cmp_pref_ipv4(const struct dns_rr *a, const struct dns_rr *b);
struct dns_rr *dns_rr_shuffle(struct dns_rr *list, struct dns_rand *r);
struct dns_rr *dns_rr_randomize_pref(struct dns_rr *list, struct dns_rand *r,
                                     dns_rr_cmp_fn cmp);
struct dns_rr *dns_rr_srv_order(struct dns_rr *list, struct dns_rand *r);
int     dns_rr_to_sa(const struct dns_rr *rr, unsigned port,
                     struct sockaddr_storage *ss, socklen_t *len);
int     dns_rr_eq_sa(const struct dns_rr *rr, const struct sockaddr *sa);
const char *dns_rr_addr_str(const struct dns_rr *rr, char *buf, size_t len);
void    dns_rr_print(struct buf *out, const struct dns_rr *rr);

void    dns_rand_seed(struct dns_rand *r, uint64_t seed);
uint32_t dns_rand_below(struct dns_rand *r, uint32_t n);

#endif
