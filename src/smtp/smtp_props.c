/*
 * smtp_props - property strings of a cached session
 *
 * Implements smtp_props.h (which describes the format).  The scanner
 * walks the text line by line: every wanted name must come next, in
 * order; values are bounded by the text itself (the text comes from
 * scache, which got it from an smtp process: trusted as far as the
 * format goes, but checked, since another program may share the cache).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "smtp_props.h"

#define PROP_VALUE_LIMIT	1024	/* longest value accepted */

static int put_str(struct buf *out, const char *name, const char *value)
{
    if (strchr(value, '\n') != NULL)
        return -1;
    buf_printf(out, "%s=%s\n", name, value);
    return 0;
}

int     smtp_props_dest_print(struct buf *out, const struct smtp_dest_props *p)
{
    buf_reset(out);
    if (put_str(out, "destination", buf_str(p->dest)) < 0
        || put_str(out, "host_name", buf_str(p->host)) < 0
        || put_str(out, "host_addr", buf_str(p->addr)) < 0)
        return -1;
    buf_printf(out, "destination_features=%u\n\n", p->features);
    return 0;
}

int     smtp_props_endp_print(struct buf *out, const struct smtp_endp_props *p)
{
    buf_reset(out);
    buf_printf(out, "tls_level=%d\nreuse_count=%d\nendpoint_features=%u\n"
               "expire_time=%ld\n\n", p->tls_level, p->reuse_count,
               p->features, p->expire_time);
    buf_printf(out, "host_port=%u\nsize_limit=%ld\nrcptmax=%d\nmailmax=%d\n"
               "mail_count=%d\n\n", p->port, p->size_limit, p->rcptmax,
               p->mailmax, p->mail_count);
    return 0;
}

 /*
  * Scanning.
  */

/* next_attr - the next line must be "name=value"; value into val */

static int next_attr(const char **cp, const char *name, struct buf *val)
{
    size_t  nlen = strlen(name);
    const char *eol;

    if (strncmp(*cp, name, nlen) != 0 || (*cp)[nlen] != '=')
        return -1;
    *cp += nlen + 1;
    if ((eol = strchr(*cp, '\n')) == NULL || eol - *cp > PROP_VALUE_LIMIT)
        return -1;
    buf_setn(val, *cp, (size_t) (eol - *cp));
    *cp = eol + 1;
    return 0;
}

/* next_num - "name=N" with min <= N <= max */

static int next_num(const char **cp, const char *name, struct buf *val,
                    long min, long max, long *out)
{
    char   *end;
    long    n;

    if (next_attr(cp, name, val) < 0 || buf_len(val) == 0)
        return -1;
    errno = 0;
    n = strtol(buf_str(val), &end, 10);
    if (*end != 0 || errno != 0 || n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

/* end_line - the empty line that ends a list */

static int end_line(const char **cp)
{
    if (**cp != '\n')
        return -1;
    *cp += 1;
    return 0;
}

int     smtp_props_dest_scan(const char *text, struct smtp_dest_props *p)
{
    struct buf *val = buf_new(32);
    const char *cp = text;
    long    n;
    int     ret = -1;

    if (next_attr(&cp, "destination", p->dest) == 0
        && next_attr(&cp, "host_name", p->host) == 0
        && next_attr(&cp, "host_addr", p->addr) == 0
        && next_num(&cp, "destination_features", val, 0, UINT_MAX, &n) == 0
        && end_line(&cp) == 0) {
        p->features = (unsigned) n;
        ret = 0;
    }
    buf_free(val);
    return ret;
}

int     smtp_props_endp_scan(const char *text, struct smtp_endp_props *p)
{
    struct buf *val = buf_new(32);
    const char *cp = text;
    long    lvl, cnt, feat, exp, port, size, rmax, mmax, mcnt;
    int     ret = -1;

    if (next_num(&cp, "tls_level", val, 0, 100, &lvl) < 0
        || next_num(&cp, "reuse_count", val, 0, INT_MAX, &cnt) < 0
        || next_num(&cp, "endpoint_features", val, 0, UINT_MAX, &feat) < 0
        || next_num(&cp, "expire_time", val, LONG_MIN, LONG_MAX, &exp) < 0
        || end_line(&cp) < 0)
        goto done;
    p->tls_level = (int) lvl;
    p->reuse_count = (int) cnt;
    p->features = (unsigned) feat;
    p->expire_time = exp;
    p->port = 0;
    p->size_limit = 0;
    p->rcptmax = 0;
    p->mailmax = 0;
    p->mail_count = 0;
    if (*cp == 0) {
        ret = 0;				/* no postern extras */
        goto done;
    }
    if (next_num(&cp, "host_port", val, 0, 65535, &port) < 0
        || next_num(&cp, "size_limit", val, 0, LONG_MAX, &size) < 0
        || next_num(&cp, "rcptmax", val, 0, INT_MAX, &rmax) < 0
        || next_num(&cp, "mailmax", val, 0, INT_MAX, &mmax) < 0
        || next_num(&cp, "mail_count", val, 0, INT_MAX, &mcnt) < 0
        || end_line(&cp) < 0 || *cp != 0)
        goto done;
    p->port = (unsigned) port;
    p->size_limit = size;
    p->rcptmax = (int) rmax;
    p->mailmax = (int) mmax;
    p->mail_count = (int) mcnt;
    ret = 0;
done:
    buf_free(val);
    return ret;
}
