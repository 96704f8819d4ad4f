/*
 * dns_parse - DNS reply parser (raw bytes from the network)
 *
 * Pure functions, no I/O: the fuzz target calls them directly.  Every
 * read is bounds-checked against the message length; compressed names
 * may only point before the start of the piece being read, so a
 * pointer loop cannot happen, and a name may not exceed 255 wire
 * bytes.  A reply that breaks the format is DNS_INVALID, never more.
 *
 * dns_parse_reply() checks the header (QR=1, opcode QUERY, one
 * question equal to qname/qtype/IN), maps RCODE to a status (NOERROR:
 * records or NODATA, NXDOMAIN, SERVFAIL and REFUSED: DNS_RETRY, other:
 * DNS_FAIL), follows the CNAME chain in the answer from qname (at most
 * DNS_MAX_CNAME hops; a loop is DNS_INVALID) and returns the records of
 * type qtype owned by the end of the chain, at most DNS_MAX_RR of them,
 * in answer order.  Records whose target is not a host name are left
 * out (skipped counts them; if every record was left out the reply is
 * DNS_INVALID).  For MX and SRV, a reply whose every target is the
 * root "." is DNS_NULLMX; root targets mixed with others are left out.
 * When the chain ends in a name without records and without NXDOMAIN,
 * requery is set: a resolver may have sent only the CNAME, so the
 * caller asks again for cname.
 *
 * Interface:
 *	struct dns_reply { status, rcode, ad, tc, requery, skipped,
 *			cname[], rr };
 *	int	dns_parse_reply(const unsigned char *msg, size_t len,
 *			const char *qname, int qtype, int trust_ad,
 *			struct dns_reply *out);
 *			fills out (rr owned by the caller) and returns
 *			out->status.  Records get dnssec_valid = AD bit &&
 *			trust_ad; qname is stored as each record's qname
 *	void	dns_reply_free(struct dns_reply *r);	frees r->rr
 *	int	dns_name_expand(const unsigned char *msg, size_t len,
 *			size_t *off, char *out, size_t outlen);
 *			reads the (compressed) name at *off into out as
 *			dotted text without the final dot (root: "");
 *			*off moves past the name as stored at *off.
 *			-1 malformed, 0 ok, 1 ok but a label holds a byte
 *			that cannot be part of a name (written as '?').
 *			outlen >= DNS_NAME_MAX + 1 avoids spurious -1
 *	int	dns_name_valid(const char *name);
 *			1 if name is a host or service name we may ask for:
 *			labels of 1-63 letters, digits, '-' or '_', at most
 *			253 characters, one optional trailing dot
 *	int	dns_name_eq(const char *a, const char *b);
 *			case-insensitive, ignoring a trailing dot
 *	int	dns_header_ad(const unsigned char *msg, size_t len);
 *			the AD bit (0/1), -1 if there is no header
 */
#ifndef POSTERN_DNS_PARSE_H
#define POSTERN_DNS_PARSE_H

#include <stddef.h>

#include "dns.h"
#include "dns_rr.h"

struct dns_reply {
    int     status;			/* DNS_OK ... */
    int     rcode;			/* -1: no header */
    int     ad;				/* AD bit of the header */
    int     tc;				/* TC bit of the header */
    int     requery;			/* ask again for cname */
    int     skipped;			/* unusable records left out */
    char    cname[DNS_NAME_MAX + 1];	/* end of the CNAME chain */
    struct dns_rr *rr;
};

int     dns_parse_reply(const unsigned char *msg, size_t len,
                        const char *qname, int qtype, int trust_ad,
                        struct dns_reply *out);
void    dns_reply_free(struct dns_reply *r);
int     dns_name_expand(const unsigned char *msg, size_t len, size_t *off,
                        char *out, size_t outlen);
int     dns_name_valid(const char *name);
int     dns_name_eq(const char *a, const char *b);
int     dns_header_ad(const unsigned char *msg, size_t len);

#endif
