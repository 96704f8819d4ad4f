/*
 * smtp_key - connection cache labels
 *
 * Implements smtp_key.h (which describes the format).
 */
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "buf.h"
#include "smtp_key.h"

#define SMTP_KEY_DELIM		'\n'
#define SMTP_KEY_NONE		"*"

/* key_append - one field and its terminator */

static void key_append(struct buf *out, const char *value)
{
    if (value == NULL || *value == 0)
        buf_puts(out, SMTP_KEY_NONE);
    else if (strchr(value, SMTP_KEY_DELIM) != NULL || strchr(value, '*'))
        base64_encode(out, value, strlen(value));
    else
        buf_puts(out, value);
    buf_putc(out, SMTP_KEY_DELIM);
}

void    smtp_key_prefix(struct buf *out, int mask,
                        const struct smtp_key_fields *f)
{
    char    num[24];

    buf_reset(out);
    if (mask & SMTP_KEY_FLAG_SERVICE)
        key_append(out, f->service);
    if (mask & SMTP_KEY_FLAG_SENDER)
        key_append(out, f->sender);
    if (mask & SMTP_KEY_FLAG_REQ_NEXTHOP)
        key_append(out, f->req_nexthop);
    if (mask & SMTP_KEY_FLAG_CUR_NEXTHOP)
        key_append(out, f->cur_nexthop);
    if (mask & SMTP_KEY_FLAG_HOSTNAME)
        key_append(out, f->hostname);
    if (mask & SMTP_KEY_FLAG_ADDR)
        key_append(out, f->addr);
    if (mask & SMTP_KEY_FLAG_PORT) {
        snprintf(num, sizeof(num), "%u", f->port);
        key_append(out, num);
    }
    if (mask & SMTP_KEY_FLAG_TLS_LEVEL) {
        snprintf(num, sizeof(num), "%d", f->tls_level);
        key_append(out, num);
    }
}
