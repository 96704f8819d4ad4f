/*
 * dns_str - names and log texts for DNS types and lookup status
 *
 * See dns_str.h for the interface.
 */
#include <stdio.h>
#include <strings.h>

#include "dns.h"
#include "dns_str.h"

struct code_name {
    int     code;
    const char *name;
};

static const struct code_name type_names[] = {
    {DNS_T_A, "A"}, {DNS_T_NS, "NS"}, {DNS_T_CNAME, "CNAME"},
    {DNS_T_SOA, "SOA"}, {DNS_T_PTR, "PTR"}, {DNS_T_MX, "MX"},
    {DNS_T_TXT, "TXT"}, {DNS_T_AAAA, "AAAA"}, {DNS_T_SRV, "SRV"},
    {DNS_T_OPT, "OPT"}, {DNS_T_DS, "DS"}, {DNS_T_RRSIG, "RRSIG"},
    {DNS_T_DNSKEY, "DNSKEY"}, {DNS_T_TLSA, "TLSA"},
    {0, NULL},
};

static const struct code_name status_names[] = {
    {DNS_OK, "OK"}, {DNS_NXDOMAIN, "NXDOMAIN"}, {DNS_NODATA, "NODATA"},
    {DNS_RETRY, "RETRY"}, {DNS_FAIL, "FAIL"}, {DNS_INVALID, "INVALID"},
    {DNS_NULLMX, "NULLMX"},
    {0, NULL},
};

/* Resolver-style error texts, as in the classic h_errno messages. */
static const struct code_name status_texts[] = {
    {DNS_OK, "Success"},
    {DNS_NXDOMAIN, "Host not found"},
    {DNS_NODATA, "Host found but no data record of requested type"},
    {DNS_RETRY, "Host not found, try again"},
    {DNS_FAIL, "Non-recoverable error"},
    {DNS_INVALID, "Malformed or unexpected name server reply"},
    {DNS_NULLMX, "Domain does not accept mail (nullMX)"},
    {0, NULL},
};

static const struct code_name rcode_names[] = {
    {0, "NOERROR"}, {1, "FORMERR"}, {2, "SERVFAIL"}, {3, "NXDOMAIN"},
    {4, "NOTIMP"}, {5, "REFUSED"},
    {0, NULL},
};

static const char *lookup(const struct code_name *t, int code)
{
    for (; t->name != NULL; t++)
        if (t->code == code)
            return (t->name);
    return (NULL);
}

const char *dns_strtype(int type)
{
    static char unknown[sizeof("TYPE-2147483648")];
    const char *s = lookup(type_names, type);

    if (s != NULL)
        return (s);
    snprintf(unknown, sizeof(unknown), "TYPE%d", type);
    return (unknown);
}

int     dns_type_code(const char *name)
{
    const struct code_name *t;

    for (t = type_names; t->name != NULL; t++)
        if (strcasecmp(t->name, name) == 0)
            return (t->code);
    return (-1);
}

const char *dns_strstatus(int status)
{
    const char *s = lookup(status_names, status);

    return (s ? s : "UNKNOWN");
}

const char *dns_strerror(int status)
{
    const char *s = lookup(status_texts, status);

    return (s ? s : "Unknown error");
}

const char *dns_strrcode(int rcode)
{
    static char unknown[sizeof("RCODE-2147483648")];
    const char *s = lookup(rcode_names, rcode);

    if (s != NULL)
        return (s);
    snprintf(unknown, sizeof(unknown), "RCODE%d", rcode);
    return (unknown);
}

void    dns_why(struct buf *why, int status, const char *name, int type)
{
    if (why == NULL)
        return;
    buf_reset(why);
    switch (status) {
    case DNS_OK:
        break;
    case DNS_NULLMX:
        if (type == DNS_T_SRV)
            buf_printf(why, "Service %s is not available (null SRV)", name);
        else
            buf_printf(why, "Domain %s does not accept mail (nullMX)", name);
        break;
    case DNS_INVALID:
        buf_printf(why, "Name service error for name=%s type=%s: %s",
                   name, dns_strtype(type), dns_strerror(status));
        break;
    default:
        buf_printf(why, "Host or domain name not found. "
                   "Name service error for name=%s type=%s: %s",
                   name, dns_strtype(type), dns_strerror(status));
        break;
    }
}

void    dns_why_badname(struct buf *why, const char *name, int type)
{
    if (why == NULL)
        return;
    buf_reset(why);
    buf_printf(why, "Name service error for name=%s type=%s: "
               "Malformed domain name", name, dns_strtype(type));
}
