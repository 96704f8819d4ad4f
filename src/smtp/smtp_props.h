/*
 * smtp_props - property strings of a cached session (reference 6.5)
 *
 * What travels with a cached connection's file descriptor through
 * scache, so that a reused session behaves exactly as a fresh one.
 * Both strings are plain-encoded attribute lists ("name=value" lines,
 * ended by an empty line), with Postfix 3.7's names in Postfix 3.7's
 * order:
 *
 *   destination   destination=NEXTHOP host_name=H host_addr=A
 *                 destination_features=N (only the BEST_MX bit)
 *   endpoint      tls_level=N reuse_count=N endpoint_features=N
 *                 expire_time=UNIX_SECONDS
 *
 * postern's own extras go in a second plain list AFTER the endpoint
 * list's end line: host_port=N size_limit=N rcptmax=N mailmax=N
 * mail_count=N (LIMITS MAILMAX, RFC 9422, and the transactions so far).  Postfix 3.7's
 * reader scans the first list strictly (an extra name inside it would
 * make it reject the entry) and looks past the end line only for a TLS
 * context when tls_level is "may" or higher; postern never caches a TLS
 * session (tls_level 0), so a Postfix 3.7 smtp sharing the cache under
 * the same service name ignores the extras.  An entry without them
 * (saved by Postfix) reads as host_port 0 (caller keeps its own port),
 * no SIZE limit, no RCPTMAX and no MAILMAX.
 *
 *	int	smtp_props_dest_print(struct buf *out,
 *			const struct smtp_dest_props *p);
 *	int	smtp_props_endp_print(struct buf *out,
 *			const struct smtp_endp_props *p);
 *			out overwritten; -1 when a value cannot be
 *			encoded (contains a newline)
 *	int	smtp_props_dest_scan(const char *text,
 *			struct smtp_dest_props *p);
 *	int	smtp_props_endp_scan(const char *text,
 *			struct smtp_endp_props *p);
 *			0 ok, -1 malformed (names out of order, missing,
 *			bad number, no end line); p's strings are
 *			caller-allocated buffers (dest scan)
 *
 * Pure: depends on buf only (unit tests and fuzz targets include it).
 */
#ifndef POSTERN_SMTP_PROPS_H
#define POSTERN_SMTP_PROPS_H

#include "buf.h"

struct smtp_dest_props {
    struct buf *dest;			/* next-hop the session was made for */
    struct buf *host;
    struct buf *addr;
    unsigned features;			/* BEST_MX only */
};

struct smtp_endp_props {
    int     tls_level;
    int     reuse_count;
    unsigned features;			/* all but BEST_MX, RSET_REJECTED,
					 * FROM_CACHE */
    long    expire_time;
    unsigned port;			/* postern extra; 0 = not given */
    long    size_limit;			/* postern extra */
    int     rcptmax;			/* postern extra */
    int     mailmax;			/* postern extra */
    int     mail_count;			/* postern extra */
};

int     smtp_props_dest_print(struct buf *out, const struct smtp_dest_props *p);
int     smtp_props_endp_print(struct buf *out, const struct smtp_endp_props *p);
int     smtp_props_dest_scan(const char *text, struct smtp_dest_props *p);
int     smtp_props_endp_scan(const char *text, struct smtp_endp_props *p);

#endif
