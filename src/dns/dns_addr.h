/*
 * dns_addr - this host's own addresses, for "mail for X loops back to
 * myself" and "I am an MX host for X"
 *
 * The caller passes what inet_interfaces and proxy_interfaces say
 * (expanded): one dns_own_add() call each.  Words are separated by
 * commas and white space:
 *	all		every address of every interface (getifaddrs)
 *	loopback-only	127.0.0.1 and ::1
 *	1.2.3.4, ::1, [::1]	numeric addresses
 *	name		a host name: its addresses (getaddrinfo, blocking)
 * Only addresses of the families asked for (DNS_FAMILY_*, see
 * dns_lookup.h) are kept.  An IPv4-mapped IPv6 address matches the
 * IPv4 address.
 *
 * Interface:
 *	struct dns_own *dns_own_new(void);
 *	void	dns_own_free(struct dns_own *own);
 *	int	dns_own_add(struct dns_own *own, const char *spec,
 *			int families, struct buf *why);
 *			0 ok; -1 with why (unknown name, interface error);
 *			why may be NULL
 *	int	dns_own_add_sa(struct dns_own *own, const struct sockaddr *sa);
 *			0 ok, -1 not an IPv4/IPv6 address
 *	size_t	dns_own_count(const struct dns_own *own);
 *	int	dns_own_match_sa(const struct dns_own *own,
 *			const struct sockaddr *sa);	1 if one of mine
 *	int	dns_own_match_rr(const struct dns_own *own,
 *			const struct dns_rr *rr);	A/AAAA record
 *	struct dns_rr *dns_own_truncate(const struct dns_own *own,
 *			struct dns_rr *addrs, int *found);
 *			if some address in addrs is mine, drop every record
 *			whose pref is >= the lowest pref among my addresses
 *			and set *found = 1 (else 0): I am an MX host there
 *			and must not relay to equal or worse ones.  An empty
 *			result means the mail loops back to myself.
 */
#ifndef POSTERN_DNS_ADDR_H
#define POSTERN_DNS_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

#include "buf.h"
#include "dns_rr.h"

struct dns_own;

struct dns_own *dns_own_new(void);
void    dns_own_free(struct dns_own *own);
int     dns_own_add(struct dns_own *own, const char *spec, int families,
                    struct buf *why);
int     dns_own_add_sa(struct dns_own *own, const struct sockaddr *sa);
size_t  dns_own_count(const struct dns_own *own);
int     dns_own_match_sa(const struct dns_own *own, const struct sockaddr *sa);
int     dns_own_match_rr(const struct dns_own *own, const struct dns_rr *rr);
struct dns_rr *dns_own_truncate(const struct dns_own *own,
                                struct dns_rr *addrs, int *found);

#endif
