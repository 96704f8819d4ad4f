/*
 * smtp_ehlo - EHLO/LHLO reply keywords to session features (pure)
 *
 * Input is the text of a complete 2xx EHLO or LHLO reply as
 * smtp_reply.c stores it: lines "250-..." / "250 ..." joined with '\n'.
 * The first line names the server (its first word is kept for the
 * "greeted me with my own hostname" check); each further line is a
 * keyword with optional parameters, matched case-insensitively:
 *
 *   8BITMIME, PIPELINING, STARTTLS, DSN, SMTPUTF8   feature bits
 *   SIZE [n]         SMTP_FEATURE_SIZE; n > 0 is the server's limit
 *                    (no number, 0 or an unusable number: no limit)
 *   AUTH m1 m2 ...   SMTP_FEATURE_AUTH; also "AUTH=m1 m2" (old form);
 *                    the mechanism names are kept (bounded)
 *   XFORWARD a ...   one bit per attribute: NAME ADDR PROTO HELO
 *                    SOURCE PORT IDENT
 *   LIMITS p=v ...   RFC 9422: RCPTMAX=n and MAILMAX=n (1..99999999);
 *                    other or malformed parameters are ignored
 * Other keywords (ENHANCEDSTATUSCODES, CHUNKING, ETRN, VRFY, ...) are
 * noted in ehlo->seen only.  Keywords named in the discard mask
 * (smtp_discard_ehlo_keywords, lmtp_discard_lhlo_keywords) are
 * ignored and listed in ehlo->discarded for the log, unless the mask
 * also holds SMTP_EHLO_SILENT_DISCARD.
 *
 * The feature bit values are Postfix's (reference section 6.5), so a
 * session's features can be serialised for the connection cache.
 *
 *	void	smtp_ehlo_parse(struct smtp_ehlo *e, const char *text,
 *			size_t len, unsigned long discard);
 *	int	smtp_ehlo_mask(const char *list, unsigned long *mask,
 *			char **bad);
 *			keyword names (comma/space separated, any case,
 *			plus "silent-discard") to a discard mask; 0 ok, -1
 *			unknown name (*bad = xstrdup'ed copy; the mask
 *			still holds the known names)
 *	const char *smtp_ehlo_name(unsigned long bit);	keyword of a bit
 */
#ifndef POSTERN_SMTP_EHLO_H
#define POSTERN_SMTP_EHLO_H

#include <stddef.h>

/* Session feature bits: Postfix's values (reference 6.5). */
#define SMTP_FEATURE_ESMTP		0x1
#define SMTP_FEATURE_8BITMIME		0x2
#define SMTP_FEATURE_PIPELINING		0x4
#define SMTP_FEATURE_SIZE		0x8
#define SMTP_FEATURE_STARTTLS		0x10
#define SMTP_FEATURE_AUTH		0x20
#define SMTP_FEATURE_XFORWARD_NAME	0x80
#define SMTP_FEATURE_XFORWARD_ADDR	0x100
#define SMTP_FEATURE_XFORWARD_PROTO	0x200
#define SMTP_FEATURE_XFORWARD_HELO	0x400
#define SMTP_FEATURE_XFORWARD_DOMAIN	0x800
#define SMTP_FEATURE_BEST_MX		0x1000
#define SMTP_FEATURE_RSET_REJECTED	0x2000
#define SMTP_FEATURE_FROM_CACHE		0x4000
#define SMTP_FEATURE_DSN		0x8000
#define SMTP_FEATURE_PIX_NO_ESMTP	0x10000
#define SMTP_FEATURE_PIX_DELAY_DOTCRLF	0x20000
#define SMTP_FEATURE_XFORWARD_PORT	0x40000
#define SMTP_FEATURE_EARLY_TLS_MAIL_REPLY 0x80000
#define SMTP_FEATURE_XFORWARD_IDENT	0x100000
#define SMTP_FEATURE_SMTPUTF8		0x200000
#define SMTP_FEATURE_FROM_PROXY		0x400000

#define SMTP_FEATURE_XFORWARD_ANY \
    (SMTP_FEATURE_XFORWARD_NAME | SMTP_FEATURE_XFORWARD_ADDR \
     | SMTP_FEATURE_XFORWARD_PROTO | SMTP_FEATURE_XFORWARD_HELO \
     | SMTP_FEATURE_XFORWARD_DOMAIN | SMTP_FEATURE_XFORWARD_PORT \
     | SMTP_FEATURE_XFORWARD_IDENT)

/* Keywords without a Postfix feature bit (discard mask and ehlo->seen). */
#define SMTP_EHLO_KW_LIMITS		(1UL << 24)
#define SMTP_EHLO_KW_ENHSTATUS		(1UL << 25)
#define SMTP_EHLO_KW_CHUNKING		(1UL << 26)
#define SMTP_EHLO_KW_ETRN		(1UL << 27)
#define SMTP_EHLO_KW_VRFY		(1UL << 28)
#define SMTP_EHLO_KW_VERB		(1UL << 29)
#define SMTP_EHLO_KW_XCLIENT		(1UL << 30)
#define SMTP_EHLO_SILENT_DISCARD	(1UL << 31)

#define SMTP_EHLO_AUTH_LIMIT	256	/* bytes of mechanism names kept */
#define SMTP_EHLO_NAME_LIMIT	256	/* bytes of server name kept */
#define SMTP_EHLO_DISCARD_LIMIT	256	/* bytes of discarded names kept */
#define SMTP_EHLO_LIMITS_MAX	99999999

struct smtp_ehlo {
    unsigned features;			/* SMTP_FEATURE_* */
    unsigned long seen;			/* SMTP_EHLO_KW_* seen */
    long    size_limit;			/* SIZE n, 0 = none */
    int     rcptmax;			/* LIMITS RCPTMAX, 0 = none */
    int     mailmax;			/* LIMITS MAILMAX, 0 = none */
    char    server_name[SMTP_EHLO_NAME_LIMIT];
    char    auth_mechs[SMTP_EHLO_AUTH_LIMIT];
    char    discarded[SMTP_EHLO_DISCARD_LIMIT];	/* "pipelining dsn" */
};

void    smtp_ehlo_parse(struct smtp_ehlo *e, const char *text, size_t len,
                        unsigned long discard);
int     smtp_ehlo_mask(const char *list, unsigned long *mask, char **bad);
const char *smtp_ehlo_name(unsigned long bit);

#endif
