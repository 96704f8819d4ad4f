/*
 * smtp_quote - envelope address quoting and xtext for SMTP commands
 *
 *	void	smtp_quote_addr(struct buf *out, const char *addr);
 *			appends addr as it goes between "<" and ">": with
 *			smtp_quote_rfc821_envelope = yes its local part is
 *			quoted when it is not a dot-string (RFC 5321
 *			section 4.1.2; quote_822_local), else as it is
 *	void	smtp_xtext(struct buf *out, const char *text);
 *			appends text as RFC 3461 xtext: '+', '=' and bytes
 *			outside '!'..'~' become "+XX" (upper-case hex);
 *			used for ENVID and ORCPT
 */
#include "buf.h"
#include "quote_822_local.h"
#include "smtp.h"

void    smtp_quote_addr(struct buf *out, const char *addr)
{
    if (var_smtp_quote_821_env)
        quote_822_local(out, addr);
    else
        buf_puts(out, addr);
}

void    smtp_xtext(struct buf *out, const char *text)
{
    const unsigned char *cp;

    for (cp = (const unsigned char *) text; *cp; cp++) {
        if (*cp < '!' || *cp > '~' || *cp == '+' || *cp == '=')
            buf_printf(out, "+%02X", *cp);
        else
            buf_putc(out, *cp);
    }
}
