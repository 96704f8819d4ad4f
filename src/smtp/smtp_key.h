/*
 * smtp_key - connection cache labels (reference 6.4, Postfix 3.7's form)
 *
 * A label is a sequence of fields in a fixed order, each followed by
 * "\n": SERVICE, SENDER, REQ_NEXTHOP, CUR_NEXTHOP, HOSTNAME, ADDR,
 * PORT, TLS_LEVEL.  A mask says which fields a label has.  An empty
 * value is written "*"; a value containing "\n" or "*" is written as
 * its base64 encoding; numbers are decimal.
 *
 *	void	smtp_key_prefix(struct buf *out, int mask,
 *			const struct smtp_key_fields *f);
 *			out is overwritten
 *
 * The two labels smtp uses (no SASL in postern: the sender, current
 * next-hop and host name never go in):
 *	SMTP_KEY_MASK_SCACHE_DEST_LABEL	  SERVICE REQ_NEXTHOP
 *	SMTP_KEY_MASK_SCACHE_ENDP_LABEL	  SERVICE ADDR PORT TLS_LEVEL
 * e.g. "smtp\nexample.com\n" and "smtp\n192.0.2.10\n25\n0\n".
 * Pure: depends on buf and base64 only (unit tests include it).
 */
#ifndef POSTERN_SMTP_KEY_H
#define POSTERN_SMTP_KEY_H

#include "buf.h"

#define SMTP_KEY_FLAG_SERVICE		(1<<0)
#define SMTP_KEY_FLAG_SENDER		(1<<1)
#define SMTP_KEY_FLAG_REQ_NEXTHOP	(1<<2)
#define SMTP_KEY_FLAG_CUR_NEXTHOP	(1<<3)
#define SMTP_KEY_FLAG_HOSTNAME		(1<<4)
#define SMTP_KEY_FLAG_ADDR		(1<<5)
#define SMTP_KEY_FLAG_PORT		(1<<6)
#define SMTP_KEY_FLAG_TLS_LEVEL		(1<<7)

#define SMTP_KEY_MASK_SCACHE_DEST_LABEL \
	(SMTP_KEY_FLAG_SERVICE | SMTP_KEY_FLAG_REQ_NEXTHOP)
#define SMTP_KEY_MASK_SCACHE_ENDP_LABEL \
	(SMTP_KEY_FLAG_SERVICE | SMTP_KEY_FLAG_ADDR | SMTP_KEY_FLAG_PORT \
	 | SMTP_KEY_FLAG_TLS_LEVEL)

struct smtp_key_fields {
    const char *service;
    const char *sender;
    const char *req_nexthop;
    const char *cur_nexthop;
    const char *hostname;
    const char *addr;
    unsigned port;			/* host byte order */
    int     tls_level;
};

void    smtp_key_prefix(struct buf *out, int mask,
                        const struct smtp_key_fields *f);

#endif
