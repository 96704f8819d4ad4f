/*
 * test_dns_parse - unit tests for dns_parse.c (raw replies) and the
 * query bytes of dns_build_query()
 *
 * Replies are built byte by byte with a small writer, so every field
 * (flags, counts, compression pointers, rdata lengths) can be broken
 * on purpose.  No network.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ares.h>

#include "dns.h"
#include "dns_parse.h"
#include "dns_rr.h"

struct msg {
    unsigned char b[8192];
    size_t  n;
};

static void put8(struct msg *m, unsigned v)
{
    ck_assert_uint_lt(m->n, sizeof(m->b));
    m->b[m->n++] = (unsigned char) v;
}

static void put16(struct msg *m, unsigned v)
{
    put8(m, v >> 8);
    put8(m, v & 0xff);
}

static void put32(struct msg *m, unsigned v)
{
    put16(m, v >> 16);
    put16(m, v & 0xffff);
}

static void putbytes(struct msg *m, const void *p, size_t n)
{
    ck_assert_uint_le(m->n + n, sizeof(m->b));
    memcpy(m->b + m->n, p, n);
    m->n += n;
}

/* putname - uncompressed name; "" is the root */

static void putname(struct msg *m, const char *name)
{
    const char *dot;
    size_t  len;

    while (*name) {
        dot = strchr(name, '.');
        len = dot ? (size_t) (dot - name) : strlen(name);
        put8(m, (unsigned) len);
        putbytes(m, name, len);
        name += len + (dot != NULL);
    }
    put8(m, 0);
}

/* header - a reply header: flags3 holds RA/AD/CD/RCODE */

static void header(struct msg *m, unsigned flags2, unsigned flags3,
                   unsigned qd, unsigned an)
{
    m->n = 0;
    put16(m, 0x1234);
    put8(m, flags2);
    put8(m, flags3);
    put16(m, qd);
    put16(m, an);
    put16(m, 0);
    put16(m, 0);
}

#define QR_RD	0x81			/* QR=1, opcode 0, RD=1 */
#define RA	0x80
#define AD	0x20

/* reply - header + question for name/type; the question is at 12 */

static void reply(struct msg *m, unsigned flags3, const char *name,
                  unsigned type, unsigned an)
{
    header(m, QR_RD, flags3, 1, an);
    putname(m, name);
    put16(m, type);
    put16(m, DNS_C_IN);
}

/* rr_start - owner (a pointer if owner is NULL), type, class, ttl */

static size_t rr_start(struct msg *m, const char *owner, unsigned ptr,
                       unsigned type, unsigned ttl)
{
    if (owner)
        putname(m, owner);
    else
        put16(m, 0xc000 | ptr);
    put16(m, type);
    put16(m, DNS_C_IN);
    put32(m, ttl);
    put16(m, 0);			/* rdlength, set by rr_end */
    return (m->n);
}

static void rr_end(struct msg *m, size_t start)
{
    size_t  len = m->n - start;

    m->b[start - 2] = (unsigned char) (len >> 8);
    m->b[start - 1] = (unsigned char) len;
}

static void rr_a(struct msg *m, const char *owner, unsigned a, unsigned b,
                 unsigned c, unsigned d)
{
    size_t  s = rr_start(m, owner, 12, DNS_T_A, 300);

    put8(m, a);
    put8(m, b);
    put8(m, c);
    put8(m, d);
    rr_end(m, s);
}

static void rr_name(struct msg *m, const char *owner, unsigned type,
                    int pref, const char *target)
{
    size_t  s = rr_start(m, owner, 12, type, 300);

    if (pref >= 0)
        put16(m, (unsigned) pref);
    putname(m, target);
    rr_end(m, s);
}

static int parse(struct msg *m, const char *qname, int qtype, int trust,
                 struct dns_reply *r)
{
    return (dns_parse_reply(m->b, m->n, qname, qtype, trust, r));
}

/* targets - "pref target" of each record, joined with ", " */

static const char *targets(const struct dns_rr *rr)
{
    static char out[4096];
    size_t  n = 0;

    out[0] = 0;
    for (; rr != NULL; rr = rr->next)
        n += snprintf(out + n, sizeof(out) - n, "%s%u %s", n ? ", " : "",
                      rr->pref, (const char *) rr->data);
    return (out);
}

START_TEST(test_mx_compressed)
{
    struct msg m;
    struct dns_reply r;
    size_t  s;

    reply(&m, RA, "example.test", DNS_T_MX, 2);
    s = rr_start(&m, NULL, 12, DNS_T_MX, 300);
    put16(&m, 10);
    put8(&m, 2);
    putbytes(&m, "mx", 2);
    put16(&m, 0xc00c);			/* mx.example.test */
    rr_end(&m, s);
    s = rr_start(&m, NULL, 12, DNS_T_MX, 0x80000000U);
    put16(&m, 20);
    put8(&m, 3);
    putbytes(&m, "mx2", 3);
    put16(&m, 0xc000 | 12);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "example.test", DNS_T_MX, 1, &r), DNS_OK);
    ck_assert_int_eq(r.rcode, 0);
    ck_assert_int_eq(r.ad, 0);
    ck_assert_int_eq(r.requery, 0);
    ck_assert_int_eq(r.skipped, 0);
    ck_assert_str_eq(r.cname, "example.test");
    ck_assert_str_eq(targets(r.rr), "10 mx.example.test, 20 mx2.example.test");
    ck_assert_str_eq(r.rr->qname, "example.test");
    ck_assert_str_eq(r.rr->rname, "example.test");
    ck_assert_uint_eq(r.rr->type, DNS_T_MX);
    ck_assert_uint_eq(r.rr->ttl, 300);
    ck_assert_uint_eq(r.rr->next->ttl, 0);	/* high bit: 0 */
    ck_assert_int_eq(r.rr->dnssec_valid, 0);
    dns_reply_free(&r);
    ck_assert_ptr_null(r.rr);
}
END_TEST

START_TEST(test_a_aaaa_ad)
{
    static const unsigned char v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
    struct msg m;
    struct dns_reply r;
    size_t  s;

    reply(&m, RA | AD, "Mx.Example.Test", DNS_T_A, 2);
    rr_a(&m, NULL, 127, 0, 0, 2);
    rr_a(&m, "mx.example.test", 127, 0, 0, 3);
    ck_assert_int_eq(parse(&m, "mx.example.test.", DNS_T_A, 1, &r), DNS_OK);
    ck_assert_int_eq(r.ad, 1);
    ck_assert_uint_eq(dns_rr_count(r.rr), 2);
    ck_assert_uint_eq(r.rr->data_len, 4);
    ck_assert_int_eq(memcmp(r.rr->data, "\177\0\0\2", 4), 0);
    ck_assert_int_eq(memcmp(r.rr->next->data, "\177\0\0\3", 4), 0);
    ck_assert_str_eq(r.rr->rname, "Mx.Example.Test");
    ck_assert_int_eq(r.rr->dnssec_valid, 1);
    ck_assert_int_eq(r.rr->next->dnssec_valid, 1);
    dns_reply_free(&r);

    /* AD not asked for: not trusted. */
    ck_assert_int_eq(parse(&m, "mx.example.test", DNS_T_A, 0, &r), DNS_OK);
    ck_assert_int_eq(r.ad, 1);
    ck_assert_int_eq(r.rr->dnssec_valid, 0);
    dns_reply_free(&r);
    ck_assert_int_eq(dns_header_ad(m.b, m.n), 1);
    ck_assert_int_eq(dns_header_ad(m.b, 11), -1);

    reply(&m, RA, "mx.example.test", DNS_T_AAAA, 1);
    s = rr_start(&m, NULL, 12, DNS_T_AAAA, 60);
    putbytes(&m, v6, 16);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "mx.example.test", DNS_T_AAAA, 1, &r), DNS_OK);
    ck_assert_uint_eq(r.rr->data_len, 16);
    ck_assert_int_eq(memcmp(r.rr->data, v6, 16), 0);
    ck_assert_uint_eq(r.rr->ttl, 60);
    ck_assert_int_eq(r.rr->dnssec_valid, 0);
    ck_assert_int_eq(dns_header_ad(m.b, m.n), 0);
    dns_reply_free(&r);
}
END_TEST

START_TEST(test_cname_chain)
{
    struct msg m;
    struct dns_reply r;

    /* alias -> mid -> mx.example.test A 127.0.0.2, plus noise */
    reply(&m, RA, "alias.example.test", DNS_T_A, 5);
    rr_a(&m, "other.test", 10, 0, 0, 1);
    rr_name(&m, "mid.example.test", DNS_T_CNAME, -1, "mx.example.test");
    rr_name(&m, NULL, DNS_T_CNAME, -1, "mid.example.test");
    rr_a(&m, "mx.example.test", 127, 0, 0, 2);
    rr_a(&m, "alias.example.test", 10, 0, 0, 9);	/* not canonical */
    ck_assert_int_eq(parse(&m, "alias.example.test", DNS_T_A, 0, &r), DNS_OK);
    ck_assert_str_eq(r.cname, "mx.example.test");
    ck_assert_uint_eq(dns_rr_count(r.rr), 1);
    ck_assert_str_eq(r.rr->rname, "mx.example.test");
    ck_assert_str_eq(r.rr->qname, "alias.example.test");
    ck_assert_int_eq(memcmp(r.rr->data, "\177\0\0\2", 4), 0);
    dns_reply_free(&r);

    /* Asking for the CNAME itself does not follow it. */
    reply(&m, RA, "alias.example.test", DNS_T_CNAME, 1);
    rr_name(&m, NULL, DNS_T_CNAME, -1, "mx.example.test");
    ck_assert_int_eq(parse(&m, "alias.example.test", DNS_T_CNAME, 0, &r),
                     DNS_OK);
    ck_assert_str_eq((char *) r.rr->data, "mx.example.test");
    ck_assert_str_eq(r.cname, "alias.example.test");
    dns_reply_free(&r);

    /* Only the CNAME: NODATA with a re-query for the target. */
    reply(&m, RA, "alias.example.test", DNS_T_MX, 1);
    rr_name(&m, NULL, DNS_T_CNAME, -1, "mx.example.test");
    ck_assert_int_eq(parse(&m, "alias.example.test", DNS_T_MX, 0, &r),
                     DNS_NODATA);
    ck_assert_int_eq(r.requery, 1);
    ck_assert_str_eq(r.cname, "mx.example.test");
    ck_assert_ptr_null(r.rr);
}
END_TEST

START_TEST(test_cname_loops)
{
    struct msg m;
    struct dns_reply r;
    char    a[32];
    char    b[32];
    int     i;

    reply(&m, RA, "a.test", DNS_T_A, 3);
    rr_name(&m, "a.test", DNS_T_CNAME, -1, "b.test");
    rr_name(&m, "b.test", DNS_T_CNAME, -1, "a.test");
    rr_a(&m, "a.test", 1, 2, 3, 4);
    ck_assert_int_eq(parse(&m, "a.test", DNS_T_A, 0, &r), DNS_INVALID);
    ck_assert_ptr_null(r.rr);

    /* A chain of DNS_MAX_CNAME hops is fine, one more is not. */
    for (int extra = 0; extra <= 1; extra++) {
        int     hops = DNS_MAX_CNAME + extra;

        reply(&m, RA, "c0.test", DNS_T_A, (unsigned) hops + 1);
        for (i = 0; i < hops; i++) {
            snprintf(a, sizeof(a), "c%d.test", i);
            snprintf(b, sizeof(b), "c%d.test", i + 1);
            rr_name(&m, a, DNS_T_CNAME, -1, b);
        }
        rr_a(&m, b, 1, 2, 3, 4);
        ck_assert_int_eq(parse(&m, "c0.test", DNS_T_A, 0, &r),
                         extra ? DNS_INVALID : DNS_OK);
        dns_reply_free(&r);
    }

    /* A CNAME target that is no host name. */
    reply(&m, RA, "a.test", DNS_T_A, 1);
    rr_name(&m, NULL, DNS_T_CNAME, -1, "bad name.test");
    ck_assert_int_eq(parse(&m, "a.test", DNS_T_A, 0, &r), DNS_INVALID);
}
END_TEST

START_TEST(test_rcodes_and_flags)
{
    static const struct {
        unsigned flags3;
        int     status;
    }       cases[] = {
        {RA | 0, DNS_NODATA}, {RA | 1, DNS_FAIL}, {RA | 2, DNS_RETRY},
        {RA | 3, DNS_NXDOMAIN}, {RA | 4, DNS_FAIL}, {RA | 5, DNS_RETRY},
        {RA | 9, DNS_FAIL}, {RA | AD | 3, DNS_NXDOMAIN},
    };
    struct msg m;
    struct dns_reply r;
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reply(&m, cases[i].flags3, "x.test", DNS_T_A, 0);
        ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 1, &r), cases[i].status);
        ck_assert_int_eq(r.rcode, (int) (cases[i].flags3 & 0x0f));
        ck_assert_int_eq(r.requery, 0);
        ck_assert_ptr_null(r.rr);
    }
    ck_assert_int_eq(r.ad, 1);

    /* SERVFAIL without a question is still SERVFAIL. */
    header(&m, QR_RD, RA | 2, 0, 0);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_RETRY);

    /* Not a reply; not QUERY; TC noted. */
    reply(&m, RA, "x.test", DNS_T_A, 0);
    m.b[2] = 0x01;
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
    m.b[2] = 0x80 | (2 << 3);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
    m.b[2] = 0x83;
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_NODATA);
    ck_assert_int_eq(r.tc, 1);
}
END_TEST

START_TEST(test_question_mismatch)
{
    struct msg m;
    struct dns_reply r;

    reply(&m, RA, "x.test", DNS_T_A, 0);
    ck_assert_int_eq(parse(&m, "y.test", DNS_T_A, 0, &r), DNS_INVALID);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_AAAA, 0, &r), DNS_INVALID);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_NODATA);
    m.b[m.n - 1] = 3;			/* class CH */
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);

    header(&m, QR_RD, RA, 0, 0);		/* no question */
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
    header(&m, QR_RD, RA | 3, 2, 0);		/* two questions */
    putname(&m, "x.test");
    put16(&m, DNS_T_A);
    put16(&m, DNS_C_IN);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);

    /* A name too long to ask about. */
    {
        char    big[300];

        memset(big, 'a', sizeof(big) - 1);
        big[sizeof(big) - 1] = 0;
        reply(&m, RA, "x.test", DNS_T_A, 0);
        ck_assert_int_eq(parse(&m, big, DNS_T_A, 0, &r), DNS_INVALID);
    }
}
END_TEST

/* full_reply - a reply that uses every kind of field */

static void full_reply(struct msg *m)
{
    size_t  s;

    reply(m, RA | AD, "example.test", DNS_T_MX, 3);
    rr_name(m, NULL, DNS_T_MX, 10, "mx.example.test");
    s = rr_start(m, NULL, 12, DNS_T_MX, 300);
    put16(m, 20);
    put8(m, 3);
    putbytes(m, "mx2", 3);
    put16(m, 0xc00c);
    rr_end(m, s);
    s = rr_start(m, NULL, 12, DNS_T_RRSIG, 300);
    putbytes(m, "\0\17\15\2", 4);
    rr_end(m, s);
}

START_TEST(test_truncated_everywhere)
{
    struct msg m;
    struct dns_reply r;
    size_t  full;
    size_t  n;

    full_reply(&m);
    full = m.n;
    ck_assert_int_eq(parse(&m, "example.test", DNS_T_MX, 1, &r), DNS_OK);
    ck_assert_str_eq(targets(r.rr), "10 mx.example.test, 20 mx2.example.test");
    ck_assert_int_eq(r.rr->dnssec_valid, 1);
    dns_reply_free(&r);
    for (n = 0; n < full; n++) {
        ck_assert_msg(dns_parse_reply(m.b, n, "example.test", DNS_T_MX, 1,
                                      &r) == DNS_INVALID, "length %zu", n);
        ck_assert_ptr_null(r.rr);
    }
    /* Trailing bytes after the counted records are ignored. */
    m.n = full;
    put32(&m, 0xdeadbeef);
    ck_assert_int_eq(parse(&m, "example.test", DNS_T_MX, 1, &r), DNS_OK);
    dns_reply_free(&r);
    /* More answers announced than present. */
    m.n = full;
    m.b[7] = 4;
    ck_assert_int_eq(parse(&m, "example.test", DNS_T_MX, 1, &r), DNS_INVALID);
    ck_assert_ptr_null(r.rr);
}
END_TEST

START_TEST(test_bad_rdata)
{
    struct msg m;
    struct dns_reply r;
    size_t  s;

    /* A with 5 bytes, AAAA with 4. */
    reply(&m, RA, "x.test", DNS_T_A, 1);
    s = rr_start(&m, NULL, 12, DNS_T_A, 1);
    putbytes(&m, "\1\2\3\4\5", 5);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
    reply(&m, RA, "x.test", DNS_T_AAAA, 1);
    s = rr_start(&m, NULL, 12, DNS_T_AAAA, 1);
    putbytes(&m, "\1\2\3\4", 4);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_AAAA, 0, &r), DNS_INVALID);

    /* MX whose name runs past its rdata, or stops short of it. */
    reply(&m, RA, "x.test", DNS_T_MX, 1);
    s = rr_start(&m, NULL, 12, DNS_T_MX, 1);
    put16(&m, 5);
    putname(&m, "mx.test");
    rr_end(&m, s);
    m.b[s - 1] -= 1;
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_INVALID);
    m.b[s - 1] += 2;
    put8(&m, 0);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_INVALID);
    m.b[s - 1] -= 1;
    m.n--;
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_OK);
    dns_reply_free(&r);

    /* MX with only a preference; TLSA shorter than 3 bytes. */
    reply(&m, RA, "x.test", DNS_T_MX, 1);
    s = rr_start(&m, NULL, 12, DNS_T_MX, 1);
    put16(&m, 5);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_INVALID);
    reply(&m, RA, "t.test", DNS_T_TLSA, 1);
    s = rr_start(&m, NULL, 12, DNS_T_TLSA, 1);
    put16(&m, 0x0301);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "t.test", DNS_T_TLSA, 0, &r), DNS_INVALID);
}
END_TEST

START_TEST(test_bad_names)
{
    struct msg m;
    struct dns_reply r;
    size_t  s;
    int     i;

    /* Owner pointing at itself, and forward. */
    reply(&m, RA, "x.test", DNS_T_A, 1);
    s = m.n;
    put16(&m, 0xc000 | (unsigned) s);
    put16(&m, DNS_T_A);
    put16(&m, DNS_C_IN);
    put32(&m, 1);
    put16(&m, 4);
    put32(&m, 0x7f000001);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
    m.b[s + 1] = (unsigned char) (s + 4);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
    m.b[s + 1] = 12;
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_OK);
    dns_reply_free(&r);

    /* Two pointers that point at each other (both "backwards"). */
    header(&m, QR_RD, RA, 1, 0);
    put8(&m, 1);
    put8(&m, 'x');
    put16(&m, 0xc000 | 16);		/* at 14 -> 16 */
    put16(&m, 0xc000 | 14);		/* at 16 -> 14 */
    put16(&m, DNS_T_A);
    put16(&m, DNS_C_IN);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);

    /* Extended label type, and a name of 256 wire bytes. */
    reply(&m, RA, "x.test", DNS_T_A, 0);
    m.b[12] = 0x41;
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
    header(&m, QR_RD, RA, 1, 0);
    for (i = 0; i < 4; i++) {
        put8(&m, 63);
        for (int j = 0; j < 63; j++)
            put8(&m, 'a');
    }
    put8(&m, 2);
    putbytes(&m, "aa", 2);
    put8(&m, 0);				/* 4*64 + 3 + 1 > 255 */
    put16(&m, DNS_T_A);
    put16(&m, DNS_C_IN);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_INVALID);
}
END_TEST

START_TEST(test_name_expand)
{
    static const unsigned char msg[] = {
        3, 'f', 'o', 'o', 4, 't', 'e', 's', 't', 0,	/* 0: foo.test */
        3, 'b', 'a', 'r', 0xc0, 0,			/* 10: bar.foo.test */
        0,						/* 16: root */
        2, 'a', ' ', 0,					/* 17: "a " */
        2, 'a', '.', 0,					/* 21: "a." */
        0xc0, 10,					/* 25: -> 10 */
        63,						/* 27: cut short */
    };
    char    out[DNS_NAME_MAX + 1];
    size_t  off;

    off = 0;
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "foo.test");
    ck_assert_uint_eq(off, 10);
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "bar.foo.test");
    ck_assert_uint_eq(off, 16);
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
    ck_assert_uint_eq(off, 17);
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, sizeof(out)), 1);
    ck_assert_str_eq(out, "a?");
    ck_assert_uint_eq(off, 21);
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, sizeof(out)), 1);
    ck_assert_str_eq(out, "a?");
    ck_assert_uint_eq(off, 25);
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "bar.foo.test");
    ck_assert_uint_eq(off, 27);
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, sizeof(out)), -1);
    ck_assert_uint_eq(off, 27);
    /* Output buffer too small; pointer byte cut off. */
    off = 0;
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, 8), -1);
    off = 0;
    ck_assert_int_eq(dns_name_expand(msg, sizeof(msg), &off, out, 9), 0);
    off = 10;
    ck_assert_int_eq(dns_name_expand(msg, 15, &off, out, sizeof(out)), -1);
}
END_TEST

START_TEST(test_name_valid_eq)
{
    char    big[300];

    ck_assert_int_eq(dns_name_valid("example.test"), 1);
    ck_assert_int_eq(dns_name_valid("example.test."), 1);
    ck_assert_int_eq(dns_name_valid("_25._tcp.mx-1.Example.TEST"), 1);
    ck_assert_int_eq(dns_name_valid("localhost"), 1);
    ck_assert_int_eq(dns_name_valid(""), 0);
    ck_assert_int_eq(dns_name_valid("."), 0);
    ck_assert_int_eq(dns_name_valid("a..b"), 0);
    ck_assert_int_eq(dns_name_valid(".a"), 0);
    ck_assert_int_eq(dns_name_valid("a.b.."), 0);
    ck_assert_int_eq(dns_name_valid("a b"), 0);
    ck_assert_int_eq(dns_name_valid("a\\.b"), 0);
    ck_assert_int_eq(dns_name_valid("bad\001"), 0);
    memset(big, 'a', 63);
    strcpy(big + 63, ".test");
    ck_assert_int_eq(dns_name_valid(big), 1);
    memset(big, 'a', 64);
    strcpy(big + 64, ".test");
    ck_assert_int_eq(dns_name_valid(big), 0);
    for (int i = 0; i < 300; i++)
        big[i] = (i % 2) ? '.' : 'a';
    big[253] = 0;				/* a.a.....a: 253 chars */
    ck_assert_int_eq(dns_name_valid(big), 1);
    big[253] = 'a';
    big[254] = 0;
    ck_assert_int_eq(dns_name_valid(big), 0);

    ck_assert_int_eq(dns_name_eq("Example.Test", "example.test."), 1);
    ck_assert_int_eq(dns_name_eq("example.test.", "example.test"), 1);
    ck_assert_int_eq(dns_name_eq("example.test", "example.tes"), 0);
    ck_assert_int_eq(dns_name_eq("", "."), 1);
}
END_TEST

START_TEST(test_mx_targets)
{
    struct msg m;
    struct dns_reply r;

    /* One unusable target among good ones: left out, counted. */
    reply(&m, RA, "x.test", DNS_T_MX, 3);
    rr_name(&m, NULL, DNS_T_MX, 10, "good.test");
    rr_name(&m, NULL, DNS_T_MX, 20, "bad!name.test");
    rr_name(&m, NULL, DNS_T_MX, 30, "good2.test");
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_OK);
    ck_assert_str_eq(targets(r.rr), "10 good.test, 30 good2.test");
    ck_assert_int_eq(r.skipped, 1);
    dns_reply_free(&r);

    /* Only unusable targets. */
    reply(&m, RA, "x.test", DNS_T_MX, 1);
    rr_name(&m, NULL, DNS_T_MX, 10, "bad name.test");
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_INVALID);
    ck_assert_int_eq(r.skipped, 1);

    /* Null MX; two roots; root mixed with a host. */
    reply(&m, RA, "x.test", DNS_T_MX, 1);
    rr_name(&m, NULL, DNS_T_MX, 0, "");
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_NULLMX);
    ck_assert_str_eq(targets(r.rr), "0 ");
    dns_reply_free(&r);
    reply(&m, RA, "x.test", DNS_T_MX, 2);
    rr_name(&m, NULL, DNS_T_MX, 0, "");
    rr_name(&m, NULL, DNS_T_MX, 10, "");
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_NULLMX);
    dns_reply_free(&r);
    reply(&m, RA, "x.test", DNS_T_MX, 3);
    rr_name(&m, NULL, DNS_T_MX, 0, "");
    rr_name(&m, NULL, DNS_T_MX, 10, "mx.test");
    rr_name(&m, NULL, DNS_T_MX, 0, "");
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_OK);
    ck_assert_str_eq(targets(r.rr), "10 mx.test");
    ck_assert_int_eq(r.skipped, 2);
    dns_reply_free(&r);

    /* Other owners are ignored, not counted. */
    reply(&m, RA, "x.test", DNS_T_MX, 2);
    rr_name(&m, NULL, DNS_T_MX, 10, "mx.test");
    rr_name(&m, "y.test", DNS_T_MX, 5, "other.test");
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_MX, 0, &r), DNS_OK);
    ck_assert_str_eq(targets(r.rr), "10 mx.test");
    ck_assert_int_eq(r.skipped, 0);
    dns_reply_free(&r);
}
END_TEST

START_TEST(test_class_ch_ignored)
{
    struct msg m;
    struct dns_reply r;
    size_t  s;

    reply(&m, RA, "x.test", DNS_T_A, 2);
    s = rr_start(&m, NULL, 12, DNS_T_A, 1);
    m.b[s - 7] = 3;			/* class CH */
    put32(&m, 0x01020304);
    rr_end(&m, s);
    rr_a(&m, NULL, 5, 6, 7, 8);
    ck_assert_int_eq(parse(&m, "x.test", DNS_T_A, 0, &r), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(r.rr), 1);
    ck_assert_int_eq(memcmp(r.rr->data, "\5\6\7\10", 4), 0);
    dns_reply_free(&r);
}
END_TEST

START_TEST(test_srv_tlsa_raw)
{
    static const unsigned char hash[32] = {0x29, 0x3b, [31] = 0xff};
    struct msg m;
    struct dns_reply r;
    size_t  s;

    reply(&m, RA, "_submission._tcp.example.test", DNS_T_SRV, 2);
    s = rr_start(&m, NULL, 12, DNS_T_SRV, 300);
    put16(&m, 0);
    put16(&m, 1);
    put16(&m, 587);
    putname(&m, "mx.example.test");
    rr_end(&m, s);
    s = rr_start(&m, NULL, 12, DNS_T_SRV, 300);
    put16(&m, 0);
    put16(&m, 1);
    rr_end(&m, s);			/* too short */
    ck_assert_int_eq(parse(&m, "_submission._tcp.example.test", DNS_T_SRV, 0,
                           &r), DNS_INVALID);
    m.b[7] = 1;				/* only the first */
    ck_assert_int_eq(parse(&m, "_submission._tcp.example.test", DNS_T_SRV, 0,
                           &r), DNS_OK);
    ck_assert_uint_eq(r.rr->pref, 0);
    ck_assert_uint_eq(r.rr->weight, 1);
    ck_assert_uint_eq(r.rr->port, 587);
    ck_assert_str_eq((char *) r.rr->data, "mx.example.test");
    dns_reply_free(&r);

    /* SRV "." alone: service not available. */
    reply(&m, RA, "_x._tcp.t", DNS_T_SRV, 1);
    s = rr_start(&m, NULL, 12, DNS_T_SRV, 300);
    put16(&m, 0);
    put16(&m, 0);
    put16(&m, 0);
    put8(&m, 0);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "_x._tcp.t", DNS_T_SRV, 0, &r), DNS_NULLMX);
    dns_reply_free(&r);

    reply(&m, RA | AD, "_25._tcp.mx.example.test", DNS_T_TLSA, 2);
    s = rr_start(&m, NULL, 12, DNS_T_TLSA, 300);
    putbytes(&m, "\3\1\1", 3);
    putbytes(&m, hash, sizeof(hash));
    rr_end(&m, s);
    s = rr_start(&m, NULL, 12, DNS_T_RRSIG, 300);
    putbytes(&m, "sig", 3);
    rr_end(&m, s);
    ck_assert_int_eq(parse(&m, "_25._tcp.mx.example.test", DNS_T_TLSA, 1, &r),
                     DNS_OK);
    ck_assert_uint_eq(dns_rr_count(r.rr), 1);
    ck_assert_uint_eq(r.rr->data_len, 35);
    ck_assert_int_eq(memcmp(r.rr->data, "\3\1\1", 3), 0);
    ck_assert_int_eq(memcmp(r.rr->data + 3, hash, 32), 0);
    ck_assert_int_eq(r.rr->dnssec_valid, 1);
    dns_reply_free(&r);
}
END_TEST

START_TEST(test_record_cap)
{
    struct msg m;
    struct dns_reply r;
    int     i;

    reply(&m, RA, "many.test", DNS_T_A, 150);
    for (i = 0; i < 150; i++)
        rr_a(&m, NULL, 10, 0, (unsigned) i / 256, (unsigned) i % 256);
    ck_assert_int_eq(parse(&m, "many.test", DNS_T_A, 0, &r), DNS_OK);
    ck_assert_uint_eq(dns_rr_count(r.rr), DNS_MAX_RR);
    dns_reply_free(&r);
}
END_TEST

/* opt_at - offset of the OPT record in a query, or 0 */

static size_t opt_at(const unsigned char *q, int len)
{
    size_t  off = 12;
    char    name[DNS_NAME_MAX + 1];

    if (dns_name_expand(q, (size_t) len, &off, name, sizeof(name)) != 0)
        return (0);
    off += 4;
    return (off < (size_t) len ? off : 0);
}

START_TEST(test_build_query)
{
    unsigned char *q;
    int     len;
    size_t  opt;

    ck_assert_int_eq(dns_build_query("example.test", DNS_T_MX, 0, &q, &len), 0);
    ck_assert_int_eq(len, 12 + 14 + 4);
    ck_assert_uint_eq(q[2], 0x01);		/* RD */
    ck_assert_uint_eq(q[3], 0x00);		/* no AD */
    ck_assert_uint_eq(q[5], 1);		/* QDCOUNT */
    ck_assert_uint_eq(q[11], 0);		/* ARCOUNT */
    ck_assert_uint_eq(q[len - 3], DNS_T_MX);
    ck_assert_int_eq(opt_at(q, len), 0);
    ares_free_string(q);

    ck_assert_int_eq(dns_build_query("example.test.", DNS_T_TLSA, 1, &q, &len),
                     0);
    ck_assert_uint_eq(q[2], 0x01);
    ck_assert_uint_eq(q[3], 0x20);		/* AD=1 */
    ck_assert_uint_eq(q[11], 1);		/* ARCOUNT: OPT */
    ck_assert_uint_ne(opt = opt_at(q, len), 0);
    ck_assert_uint_eq(opt + 11, (size_t) len);
    ck_assert_uint_eq(q[opt], 0);		/* root owner */
    ck_assert_uint_eq((q[opt + 1] << 8) | q[opt + 2], DNS_T_OPT);
    ck_assert_uint_eq((q[opt + 3] << 8) | q[opt + 4], DNS_EDNS_SIZE);
    ck_assert_uint_eq(q[opt + 5], 0);		/* extended rcode */
    ck_assert_uint_eq(q[opt + 6], 0);		/* version */
    ck_assert_uint_eq(q[opt + 7], 0x80);	/* DO */
    ck_assert_uint_eq(q[opt + 8], 0);
    ck_assert_uint_eq((q[opt + 9] << 8) | q[opt + 10], 0);
    ares_free_string(q);

    ck_assert_int_eq(dns_build_query("a..b", DNS_T_A, 0, &q, &len), -1);
    ck_assert_int_eq(dns_build_query("", DNS_T_A, 1, &q, &len), -1);
}
END_TEST

static Suite *dns_parse_suite(void)
{
    Suite  *su = suite_create("dns_parse");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_mx_compressed);
    tcase_add_test(tc, test_a_aaaa_ad);
    tcase_add_test(tc, test_cname_chain);
    tcase_add_test(tc, test_cname_loops);
    tcase_add_test(tc, test_rcodes_and_flags);
    tcase_add_test(tc, test_question_mismatch);
    tcase_add_test(tc, test_truncated_everywhere);
    tcase_add_test(tc, test_bad_rdata);
    tcase_add_test(tc, test_bad_names);
    tcase_add_test(tc, test_name_expand);
    tcase_add_test(tc, test_name_valid_eq);
    tcase_add_test(tc, test_mx_targets);
    tcase_add_test(tc, test_class_ch_ignored);
    tcase_add_test(tc, test_srv_tlsa_raw);
    tcase_add_test(tc, test_record_cap);
    tcase_add_test(tc, test_build_query);
    suite_add_tcase(su, tc);
    return (su);
}

int     main(void)
{
    SRunner *sr = srunner_create(dns_parse_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
