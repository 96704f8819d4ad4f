/*
 * dns - asynchronous DNS queries over c-ares, driven by the event loop
 *
 * A struct dns_channel is one c-ares channel with the caller's
 * settings; this layer reads no parameters itself.  Every query is
 * built by hand (ares_create_query) and sent with ares_send; with
 * dnssec on, it carries an EDNS0 OPT record (UDP size 1232) with DO=1
 * and the header has AD=1, so a validating resolver reports AD, and
 * UDP answers up to 1232 bytes are taken (without EDNS, answers over
 * 512 bytes and truncated ones are asked again over TCP by c-ares).  The
 * reply is parsed by dns_parse.c, never by c-ares, and a reply that
 * ends in a CNAME without data is asked again for the CNAME target (at
 * most DNS_MAX_CNAME times).
 *
 * Event loop: c-ares sockets are registered with events.h (sock_state
 * callback -> event_enable_read/write) and c-ares timeouts become an
 * events timer, so a program that returns to event_loop() gets its
 * callbacks from there.  dns_wait() instead polls the channel's own
 * sockets directly, so it works anywhere, including inside an event
 * callback (the single-server skeleton runs each service call inside
 * event_loop(), which must not be re-entered).
 *
 * Status codes (also the return value of the dns_lookup_* helpers):
 *	DNS_OK		records found
 *	DNS_NXDOMAIN	the name does not exist
 *	DNS_NODATA	the name exists, no records of the type
 *	DNS_RETRY	SERVFAIL, REFUSED, timeout, network error: try later
 *	DNS_FAIL	non-recoverable server answer (FORMERR, NOTIMP, ...)
 *	DNS_INVALID	malformed reply, or a malformed name was asked for
 *	DNS_NULLMX	MX: the domain accepts no mail (RFC 7505: one MX
 *			with preference 0 and target "."); SRV: the
 *			service is not available (target ".")
 * DNS_NOTFOUND(s) is true for NXDOMAIN and NODATA.
 *
 * Interface:
 *	struct dns_config { servers, timeout_ms, tries, dnssec, search };
 *		servers: "127.0.0.1:5353,[::1]:53" or NULL/"" for
 *		/etc/resolv.conf; timeout_ms, tries: <= 0 for the c-ares
 *		(resolv.conf) defaults; dnssec: request AD (AD=1, DO=1);
 *		search: also try the resolv.conf search domains for a name
 *		without a trailing dot that got NXDOMAIN or NODATA
 *	struct dns_channel *dns_open(const struct dns_config *cfg,
 *			struct buf *why);	NULL + why on error (why may
 *			be NULL)
 *	void	dns_close(struct dns_channel *ch);
 *			pending callbacks run with DNS_RETRY first; do not
 *			call it from a dns callback
 *	void	dns_query(struct dns_channel *ch, const char *name, int type,
 *			dns_callback cb, void *ctx);
 *			cb(res, ctx) runs exactly once, possibly before
 *			dns_query returns (bad name, network error).  res and
 *			its strings live until cb returns; cb may keep
 *			res->rr by setting it to NULL, and may start queries
 *	int	dns_wait(struct dns_channel *ch, const int *pending,
 *			long timeout_ms);
 *			runs the channel until *pending <= 0 (pending NULL:
 *			until the channel has no query left) or timeout_ms
 *			passed (< 0: no limit; c-ares ends every query by
 *			itself).  0 done; -1 time up: then every query of
 *			the channel is cancelled (callbacks run with
 *			DNS_RETRY) before it returns
 *	void	dns_cancel(struct dns_channel *ch);  all queries: DNS_RETRY
 *	int	dns_pending(const struct dns_channel *ch);  queries in flight
 *	int	dns_dnssec(const struct dns_channel *ch);   AD requested
 *	int	dns_build_query(const char *name, int type, int dnssec,
 *			unsigned char **q, int *qlen);
 *			the query as sent (id 0); free with ares_free_string;
 *			0 ok, -1 bad name
 */
#ifndef POSTERN_DNS_H
#define POSTERN_DNS_H

#include "buf.h"
#include "dns_rr.h"

/* Record types and class. */
#define DNS_T_A		1
#define DNS_T_NS	2
#define DNS_T_CNAME	5
#define DNS_T_SOA	6
#define DNS_T_PTR	12
#define DNS_T_MX	15
#define DNS_T_TXT	16
#define DNS_T_AAAA	28
#define DNS_T_SRV	33
#define DNS_T_OPT	41
#define DNS_T_DS	43
#define DNS_T_RRSIG	46
#define DNS_T_DNSKEY	48
#define DNS_T_TLSA	52
#define DNS_C_IN	1

/* Status codes. */
#define DNS_OK		0
#define DNS_NXDOMAIN	1
#define DNS_NODATA	2
#define DNS_RETRY	3
#define DNS_FAIL	4
#define DNS_INVALID	5
#define DNS_NULLMX	6
#define DNS_NOTFOUND(s)	((s) == DNS_NXDOMAIN || (s) == DNS_NODATA)

/* Limits on what comes from the network. */
#define DNS_NAME_MAX	253		/* text, without the trailing dot */
#define DNS_MAX_RR	100		/* records kept from one answer */
#define DNS_MAX_CNAME	8		/* CNAME hops per lookup */
#define DNS_EDNS_SIZE	1232		/* advertised UDP payload */

struct dns_config {
    const char *servers;		/* NULL or "": resolv.conf */
    int     timeout_ms;			/* per try; <= 0: default */
    int     tries;			/* <= 0: default */
    int     dnssec;			/* ask for AD */
    int     search;			/* use the search domains */
};

struct dns_result {
    const char *name;			/* as asked */
    const char *cname;			/* canonical name */
    int     type;
    int     status;			/* DNS_OK ... */
    int     rcode;			/* of the last reply; -1: none */
    int     dnssec_valid;		/* every reply had AD (asked for) */
    struct dns_rr *rr;			/* cb may take it (set NULL) */
    const char *why;			/* dns_why() text; "" for OK */
};

typedef void (*dns_callback)(struct dns_result *res, void *ctx);

struct dns_channel;

struct dns_channel *dns_open(const struct dns_config *cfg, struct buf *why);
void    dns_close(struct dns_channel *ch);
void    dns_query(struct dns_channel *ch, const char *name, int type,
                  dns_callback cb, void *ctx);
int     dns_wait(struct dns_channel *ch, const int *pending, long timeout_ms);
void    dns_cancel(struct dns_channel *ch);
int     dns_pending(const struct dns_channel *ch);
int     dns_dnssec(const struct dns_channel *ch);
int     dns_build_query(const char *name, int type, int dnssec,
                        unsigned char **q, int *qlen);

#endif
