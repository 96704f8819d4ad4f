/*
 * dns_str - names and log texts for DNS types and lookup status
 *
 * The texts follow the shapes Postfix's smtp client logs, e.g.
 *   "Host or domain name not found. Name service error for
 *    name=example.com type=MX: Host not found, try again"
 *   "Domain example.com does not accept mail (nullMX)"
 *
 * Interface:
 *	const char *dns_strtype(int type);	"MX", "AAAA", "TYPE99"
 *	int	dns_type_code(const char *name);	"mx" -> 15; -1 unknown
 *	const char *dns_strstatus(int status);	"OK", "NXDOMAIN", ...
 *	const char *dns_strerror(int status);	"Host not found", ...
 *	const char *dns_strrcode(int rcode);	"NOERROR", "SERVFAIL", ...
 *	void	dns_why(struct buf *why, int status, const char *name,
 *			int type);	sets why to the log text of status
 *			(empty for DNS_OK)
 *	void	dns_why_badname(struct buf *why, const char *name, int type);
 *			the text for a malformed name that was not asked
 *
 * dns_strtype() and dns_strrcode() may return a static buffer for
 * unknown codes (overwritten by the next call).
 */
#ifndef POSTERN_DNS_STR_H
#define POSTERN_DNS_STR_H

#include "buf.h"

const char *dns_strtype(int type);
int     dns_type_code(const char *name);
const char *dns_strstatus(int status);
const char *dns_strerror(int status);
const char *dns_strrcode(int rcode);
void    dns_why(struct buf *why, int status, const char *name, int type);
void    dns_why_badname(struct buf *why, const char *name, int type);

#endif
