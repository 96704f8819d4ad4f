/*
 * dns_parse - DNS reply parser
 *
 * See dns_parse.h for the interface and the rules.  The answer section
 * is walked twice: the first pass checks the framing of every record
 * and collects the CNAMEs, the second builds the records owned by the
 * end of the CNAME chain.  Silent: the caller decides what to log.
 */
#include <string.h>
#include <strings.h>

#include "dns.h"
#include "dns_parse.h"
#include "dns_rr.h"

#define HDR_LEN		12
#define WIRE_NAME_MAX	255
#define MAX_CNAMES	16
#define TTL_MAX		0x7fffffffU	/* RFC 2181: larger means 0 */

struct cursor {
    const unsigned char *msg;
    size_t  len;
    size_t  off;
};

struct rr_hdr {
    char    owner[DNS_NAME_MAX + 1];
    int     owner_ok;			/* a clean name */
    unsigned type;
    unsigned class;
    unsigned ttl;
    unsigned rdlen;
    size_t  rdata;			/* offset of the rdata */
};

struct cname_pair {
    char    owner[DNS_NAME_MAX + 1];
    char    target[DNS_NAME_MAX + 1];
    int     ok;				/* both clean, target a host name */
};

static int get16(struct cursor *c, unsigned *v)
{
    if (c->len - c->off < 2)
        return (-1);
    *v = ((unsigned) c->msg[c->off] << 8) | c->msg[c->off + 1];
    c->off += 2;
    return (0);
}

static int get32(struct cursor *c, unsigned *v)
{
    unsigned hi;
    unsigned lo;

    if (get16(c, &hi) < 0 || get16(c, &lo) < 0)
        return (-1);
    *v = (hi << 16) | lo;
    return (0);
}

static unsigned peek16(const unsigned char *p)
{
    return (((unsigned) p[0] << 8) | p[1]);
}

/* name_char - copy one label byte; 0 if it cannot be part of a name */

static int name_char(unsigned char b, char *out)
{
    if (b <= 0x20 || b >= 0x7f || b == '.' || b == '\\') {
        *out = '?';
        return (0);
    }
    *out = (char) b;
    return (1);
}

int     dns_name_expand(const unsigned char *msg, size_t len, size_t *off,
                        char *out, size_t outlen)
{
    size_t  p = *off;
    size_t  seg = *off;			/* start of the piece being read */
    size_t  end = 0;
    size_t  n = 0;
    size_t  wire = 1;			/* the final zero byte */
    size_t  i;
    unsigned c;
    int     clean = 1;

    if (outlen == 0)
        return (-1);
    for (;;) {
        if (p >= len)
            return (-1);
        c = msg[p];
        if ((c & 0xc0) == 0xc0) {
            if (p + 1 >= len)
                return (-1);
            if (end == 0)
                end = p + 2;
            p = ((c & 0x3f) << 8) | msg[p + 1];
            if (p >= seg)
                return (-1);		/* forward or loop */
            seg = p;
            continue;
        }
        if (c & 0xc0)
            return (-1);		/* obsolete label types */
        if (c == 0)
            break;
        wire += 1 + c;
        if (wire > WIRE_NAME_MAX || len - p - 1 < c
            || n + c + 2 > outlen)
            return (-1);
        if (n > 0)
            out[n++] = '.';
        for (i = 0; i < c; i++)
            clean &= name_char(msg[p + 1 + i], out + n++);
        p += 1 + c;
    }
    out[n] = 0;
    *off = end ? end : p + 1;
    return (clean ? 0 : 1);
}

/* name_len - length without one trailing dot */

static size_t name_len(const char *s)
{
    size_t  n = strlen(s);

    return ((n > 0 && s[n - 1] == '.') ? n - 1 : n);
}

int     dns_name_eq(const char *a, const char *b)
{
    size_t  n = name_len(a);

    return (n == name_len(b) && strncasecmp(a, b, n) == 0);
}

static int host_char(int ch)
{
    return ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
            || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_');
}

int     dns_name_valid(const char *name)
{
    size_t  n = name_len(name);
    size_t  i;
    size_t  label = 0;

    if (n == 0 || n > DNS_NAME_MAX)
        return (0);
    for (i = 0; i < n; i++) {
        if (name[i] == '.') {
            if (label == 0)
                return (0);
            label = 0;
        } else if (!host_char((unsigned char) name[i]) || ++label > 63) {
            return (0);
        }
    }
    return (label > 0);
}

int     dns_header_ad(const unsigned char *msg, size_t len)
{
    if (len < HDR_LEN)
        return (-1);
    return ((msg[3] & 0x20) != 0);
}

/* read_rr - the fixed part of one record; skips its rdata */

static int read_rr(struct cursor *c, struct rr_hdr *h)
{
    int     r = dns_name_expand(c->msg, c->len, &c->off, h->owner,
                                sizeof(h->owner));

    if (r < 0)
        return (-1);
    h->owner_ok = (r == 0);
    if (get16(c, &h->type) < 0 || get16(c, &h->class) < 0
        || get32(c, &h->ttl) < 0 || get16(c, &h->rdlen) < 0
        || c->len - c->off < h->rdlen)
        return (-1);
    h->rdata = c->off;
    c->off += h->rdlen;
    if (h->ttl > TTL_MAX)
        h->ttl = 0;
    return (0);
}

/* read_target - the name that ends the rdata: -1 bad, 1 not a host */

static int read_target(const struct cursor *c, const struct rr_hdr *h,
                       size_t skip, char *out)
{
    size_t  off = h->rdata + skip;
    int     r;

    r = dns_name_expand(c->msg, c->len, &off, out, DNS_NAME_MAX + 1);
    if (r < 0 || off != h->rdata + h->rdlen)
        return (-1);
    if (r > 0 || (*out != 0 && !dns_name_valid(out)))
        return (1);
    return (0);
}

/* check_question - exactly one question, the one we asked */

static int check_question(struct cursor *c, const char *qname, int qtype)
{
    char    name[DNS_NAME_MAX + 1];
    unsigned type;
    unsigned class;

    if (peek16(c->msg + 4) != 1)
        return (-1);
    if (dns_name_expand(c->msg, c->len, &c->off, name, sizeof(name)) != 0
        || get16(c, &type) < 0 || get16(c, &class) < 0)
        return (-1);
    if (!dns_name_eq(name, qname) || type != (unsigned) qtype
        || class != DNS_C_IN)
        return (-1);
    return (0);
}

/* collect_cnames - pass 1: check every record, keep the CNAMEs */

static int collect_cnames(struct cursor *c, unsigned count,
                          struct cname_pair *v, int *nv)
{
    struct rr_hdr h;
    unsigned i;
    int     r;

    for (*nv = 0, i = 0; i < count; i++) {
        if (read_rr(c, &h) < 0)
            return (-1);
        if (h.type != DNS_T_CNAME || h.class != DNS_C_IN || !h.owner_ok
            || *nv >= MAX_CNAMES)
            continue;
        if ((r = read_target(c, &h, 0, v[*nv].target)) < 0)
            return (-1);
        v[*nv].ok = (r == 0 && v[*nv].target[0] != 0);
        memcpy(v[*nv].owner, h.owner, sizeof(h.owner));
        (*nv)++;
    }
    return (0);
}

/* follow_chain - replace name by the end of its CNAME chain */

static int follow_chain(const struct cname_pair *v, int nv, char *name)
{
    int     hops;
    int     i;

    for (hops = 0;; hops++) {
        for (i = 0; i < nv && !dns_name_eq(v[i].owner, name); i++)
             /* void */ ;
        if (i == nv)
            return (0);
        if (hops == DNS_MAX_CNAME || !v[i].ok)
            return (-1);
        memcpy(name, v[i].target, sizeof(v[i].target));
    }
}

static struct dns_rr *new_rr(const char *qname, const struct rr_hdr *h,
                             const void *data, size_t len)
{
    struct dns_rr *rr = dns_rr_new(qname, h->owner, (int) h->type, data, len);

    rr->ttl = h->ttl;
    return (rr);
}

/* make_rr - one record from its rdata: -1 bad, 1 left out, 0 ok */

static int make_rr(const struct cursor *c, const struct rr_hdr *h,
                   const char *qname, struct dns_rr **rrp)
{
    const unsigned char *rd = c->msg + h->rdata;
    char    name[DNS_NAME_MAX + 1];
    size_t  skip = 0;
    int     r;

    switch (h->type) {
    case DNS_T_A:
    case DNS_T_AAAA:
        if (h->rdlen != (h->type == DNS_T_A ? 4 : 16))
            return (-1);
        *rrp = new_rr(qname, h, rd, h->rdlen);
        return (0);
    case DNS_T_MX:
        skip = 2;
        break;
    case DNS_T_SRV:
        skip = 6;
        break;
    case DNS_T_CNAME:
    case DNS_T_NS:
    case DNS_T_PTR:
        break;
    case DNS_T_TLSA:
        if (h->rdlen < 3)
            return (-1);
        /* FALLTHROUGH */
    default:
        *rrp = new_rr(qname, h, rd, h->rdlen);
        return (0);
    }
    if (h->rdlen < skip + 1)
        return (-1);
    if ((r = read_target(c, h, skip, name)) != 0)
        return (r);
    *rrp = new_rr(qname, h, name, strlen(name));
    if (skip >= 2)
        (*rrp)->pref = peek16(rd);
    if (skip == 6) {
        (*rrp)->weight = peek16(rd + 2);
        (*rrp)->port = peek16(rd + 4);
    }
    return (0);
}

/* collect_records - pass 2: the records of qtype owned by out->cname */

static int collect_records(struct cursor *c, unsigned count,
                           const char *qname, int qtype, int valid,
                           struct dns_reply *out)
{
    struct dns_rr **tail = &out->rr;
    struct dns_rr *rr;
    struct rr_hdr h;
    unsigned i;
    int     kept = 0;
    int     r;

    for (i = 0; i < count; i++) {
        if (read_rr(c, &h) < 0)
            return (-1);
        if (h.type != (unsigned) qtype || h.class != DNS_C_IN
            || !h.owner_ok || !dns_name_eq(h.owner, out->cname)
            || kept >= DNS_MAX_RR)
            continue;
        if ((r = make_rr(c, &h, qname, &rr)) < 0)
            return (-1);
        if (r > 0) {
            out->skipped++;
            continue;
        }
        rr->dnssec_valid = valid;
        *tail = rr;
        tail = &rr->next;
        kept++;
    }
    return (0);
}

/* null_target - MX/SRV: all targets root: NULLMX; some: drop them */

static int null_target(struct dns_reply *out)
{
    struct dns_rr *rr;
    struct dns_rr *next;
    size_t  roots = 0;
    size_t  total = 0;

    for (rr = out->rr; rr != NULL; rr = rr->next, total++)
        roots += (rr->data_len == 0);
    if (roots == total)
        return (DNS_NULLMX);
    for (rr = out->rr; rr != NULL; rr = next) {
        next = rr->next;
        if (rr->data_len == 0) {
            out->rr = dns_rr_remove(out->rr, rr);
            out->skipped++;
        }
    }
    return (DNS_OK);
}

/* parse_answer - the answer section after a matching question */

static int parse_answer(struct cursor *c, const char *qname, int qtype,
                        int valid, struct dns_reply *out)
{
    struct cname_pair pairs[MAX_CNAMES];
    unsigned count = peek16(c->msg + 6);
    size_t  start = c->off;
    int     npairs;

    if (collect_cnames(c, count, pairs, &npairs) < 0)
        return (DNS_INVALID);
    if (qtype != DNS_T_CNAME && follow_chain(pairs, npairs, out->cname) < 0)
        return (DNS_INVALID);
    c->off = start;
    if (collect_records(c, count, qname, qtype, valid, out) < 0) {
        dns_reply_free(out);
        return (DNS_INVALID);
    }
    if (out->rr == NULL) {
        if (out->skipped > 0)
            return (DNS_INVALID);
        out->requery = !dns_name_eq(out->cname, qname);
        return (DNS_NODATA);
    }
    if (qtype == DNS_T_MX || qtype == DNS_T_SRV)
        return (null_target(out));
    return (DNS_OK);
}

/* parse_header - RCODE and flags; DNS_OK to go on parsing */

static int parse_header(const unsigned char *msg, struct dns_reply *out)
{
    out->rcode = msg[3] & 0x0f;
    out->ad = (msg[3] & 0x20) != 0;
    out->tc = (msg[2] & 0x02) != 0;
    if ((msg[2] & 0x80) == 0 || (msg[2] & 0x78) != 0)
        return (DNS_INVALID);		/* not a reply, or not QUERY */
    switch (out->rcode) {
    case 0:
    case 3:
        return (DNS_OK);
    case 2:
    case 5:
        return (DNS_RETRY);
    default:
        return (DNS_FAIL);
    }
}

int     dns_parse_reply(const unsigned char *msg, size_t len,
                        const char *qname, int qtype, int trust_ad,
                        struct dns_reply *out)
{
    struct cursor c = {msg, len, HDR_LEN};
    size_t  n = name_len(qname);

    memset(out, 0, sizeof(*out));
    out->rcode = -1;
    out->status = DNS_INVALID;
    if (n > DNS_NAME_MAX || len < HDR_LEN)
        return (out->status);
    memcpy(out->cname, qname, n);
    out->cname[n] = 0;
    if ((out->status = parse_header(msg, out)) != DNS_OK)
        return (out->status);
    if (check_question(&c, qname, qtype) < 0)
        out->status = DNS_INVALID;
    else if (out->rcode == 3)
        out->status = DNS_NXDOMAIN;
    else
        out->status = parse_answer(&c, qname, qtype, out->ad && trust_ad,
                                   out);
    return (out->status);
}

void    dns_reply_free(struct dns_reply *r)
{
    dns_rr_free(r->rr);
    r->rr = NULL;
}
