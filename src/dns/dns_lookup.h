/*
 * dns_lookup - lookups that wait for their answers: MX, SRV, TLSA,
 * addresses of one name, addresses of many hosts in parallel
 *
 * Each function starts its queries on the channel, runs dns_wait()
 * until they are done (c-ares bounds every query by timeout and
 * tries), and returns a status (dns.h) with *list set to the records
 * (NULL unless DNS_OK or DNS_NULLMX) and why set to the log text
 * (dns_str.h; empty for DNS_OK).  why may be NULL.  Safe to call from
 * inside an event callback.
 *
 * Interface:
 *	int	dns_lookup(struct dns_channel *ch, const char *name, int type,
 *			struct dns_rr **list, struct buf *why);
 *			one query, records in answer order
 *	int	dns_lookup_mx(ch, name, list, why);
 *			sorted by preference (stable); DNS_NULLMX for a null
 *			MX (list then holds the null MX record)
 *	int	dns_lookup_srv(ch, name, struct dns_rand *r, list, why);
 *			RFC 2782 order; DNS_NULLMX if the only target is "."
 *	int	dns_lookup_tlsa(ch, name, list, why);
 *			raw rdata per record; check rr->dnssec_valid
 *	int	dns_lookup_addr(ch, name, int families, list, why);
 *			A and AAAA in parallel (families: DNS_FAMILY_*);
 *			A records first
 *	int	dns_lookup_hosts(ch, const struct dns_rr *hosts, int families,
 *			list, why);
 *			the addresses of every host in hosts (MX or SRV
 *			records; root targets are skipped), all queries in
 *			parallel.  Per host: its A then its AAAA records,
 *			each with pref and port of its host and qname = the
 *			host name; hosts in list order; duplicates removed;
 *			at most DNS_MAX_HOST_ADDRS in all.  DNS_OK if any
 *			address was found, else the most telling failure
 *			(RETRY, FAIL, INVALID, NXDOMAIN, NODATA in that
 *			order) with its text
 *	int	dns_lookup_native(const char *name, int families,
 *			struct dns_rr **list, struct buf *why);
 *			getaddrinfo(3) (hosts file, NSS): blocking; records
 *			have ttl 0 and dnssec_valid 0
 *	int	dns_families(const char *inet_protocols);
 *			"all", "ipv4", "ipv6", "ipv4, ipv6" -> DNS_FAMILY_*;
 *			-1 if a word is unknown
 */
#ifndef POSTERN_DNS_LOOKUP_H
#define POSTERN_DNS_LOOKUP_H

#include "buf.h"
#include "dns.h"
#include "dns_rr.h"

#define DNS_FAMILY_IPV4	1
#define DNS_FAMILY_IPV6	2
#define DNS_FAMILY_ALL	(DNS_FAMILY_IPV4 | DNS_FAMILY_IPV6)
#define DNS_MAX_HOST_ADDRS 1000

int     dns_lookup(struct dns_channel *ch, const char *name, int type,
                   struct dns_rr **list, struct buf *why);
int     dns_lookup_mx(struct dns_channel *ch, const char *name,
                      struct dns_rr **list, struct buf *why);
int     dns_lookup_srv(struct dns_channel *ch, const char *name,
                       struct dns_rand *r, struct dns_rr **list,
                       struct buf *why);
int     dns_lookup_tlsa(struct dns_channel *ch, const char *name,
                        struct dns_rr **list, struct buf *why);
int     dns_lookup_addr(struct dns_channel *ch, const char *name,
                        int families, struct dns_rr **list, struct buf *why);
int     dns_lookup_hosts(struct dns_channel *ch, const struct dns_rr *hosts,
                         int families, struct dns_rr **list, struct buf *why);
int     dns_lookup_native(const char *name, int families,
                          struct dns_rr **list, struct buf *why);
int     dns_families(const char *inet_protocols);

#endif
