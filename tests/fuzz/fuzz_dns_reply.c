/*
 * fuzz_dns_reply - libFuzzer target for the DNS reply parser
 *
 * Input: one control byte, then a DNS message as a name server would
 * send it.  Control bits 0-2 pick the query type (A, AAAA, MX, SRV,
 * TLSA, CNAME, TXT, NS), bit 3 whether AD is trusted, bit 7 whether
 * the name asked for is "example.test" or the message's own question
 * name (so the fuzzer reaches the answer section easily).  The target
 * parses the reply (dns_parse_reply: header, AD bit, question, CNAME
 * chain, MX/A/AAAA/SRV/TLSA rdata), checks the invariants of what it
 * got (bounded names and counts, lengths by type, a consistent
 * status), prints every record, sorts, shuffles and orders the list,
 * and expands a name at an offset taken from the message.  Must never
 * crash, overread, hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dns.h"
#include "dns_parse.h"
#include "dns_rr.h"

static const int qtypes[8] = {
    DNS_T_A, DNS_T_AAAA, DNS_T_MX, DNS_T_SRV, DNS_T_TLSA, DNS_T_CNAME,
    DNS_T_TXT, DNS_T_NS,
};

/* check_rr - invariants of one parsed record */

static void check_rr(const struct dns_rr *rr, int qtype, int ad_ok)
{
    if (rr->type != qtype || rr->class != DNS_C_IN)
        abort();
    if (strlen(rr->rname) > DNS_NAME_MAX || rr->dnssec_valid > ad_ok)
        abort();
    if ((qtype == DNS_T_A && rr->data_len != 4)
        || (qtype == DNS_T_AAAA && rr->data_len != 16)
        || (qtype == DNS_T_TLSA && rr->data_len < 3))
        abort();
    if ((qtype == DNS_T_MX || qtype == DNS_T_SRV || qtype == DNS_T_CNAME
         || qtype == DNS_T_NS)
        && (strlen((const char *) rr->data) != rr->data_len
            || rr->data_len > DNS_NAME_MAX
            || (rr->data_len > 0 && !dns_name_valid((char *) rr->data))))
        abort();
    if (rr->ttl > 0x7fffffffU || rr->pref > 0xffff || rr->weight > 0xffff)
        abort();
}

/* use_list - print, sort, shuffle and order the records */

static struct dns_rr *use_list(struct dns_rr *list, uint64_t seed)
{
    struct dns_rand r;
    struct buf *b = buf_new(0);
    struct dns_rr *rr;
    size_t  n = dns_rr_count(list);

    for (rr = list; rr != NULL; rr = rr->next)
        dns_rr_print(b, rr);
    buf_free(b);
    dns_rand_seed(&r, seed);
    list = dns_rr_randomize_pref(list, &r, dns_rr_cmp_pref_ipv6);
    list = dns_rr_srv_order(list, &r);
    list = dns_rr_uniq(list);
    if (dns_rr_count(list) > n)
        abort();
    return (dns_rr_truncate(list, 3));
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dns_reply r;
    char    qname[DNS_NAME_MAX + 1] = "example.test";
    char    name[DNS_NAME_MAX + 1];
    const uint8_t *msg;
    size_t  len;
    size_t  off;
    int     qtype;
    int     trust;
    int     status;

    if (size < 1)
        return (0);
    qtype = qtypes[data[0] & 7];
    trust = (data[0] >> 3) & 1;
    msg = data + 1;
    len = size - 1;
    off = 12;
    if ((data[0] & 0x80) && len > 12
        && dns_name_expand(msg, len, &off, name, sizeof(name)) == 0
        && dns_name_valid(name))
        memcpy(qname, name, sizeof(name));

    status = dns_parse_reply(msg, len, qname, qtype, trust, &r);
    if (status != r.status || status < DNS_OK || status > DNS_NULLMX)
        abort();
    if (r.rr != NULL && status != DNS_OK && status != DNS_NULLMX)
        abort();
    if ((status == DNS_OK || status == DNS_NULLMX) && r.rr == NULL)
        abort();
    if (strlen(r.cname) > DNS_NAME_MAX || dns_rr_count(r.rr) > DNS_MAX_RR)
        abort();
    if (r.ad != (len >= 12 ? dns_header_ad(msg, len) : 0))
        abort();
    for (struct dns_rr *rr = r.rr; rr != NULL; rr = rr->next)
        check_rr(rr, qtype, r.ad && trust);
    r.rr = use_list(r.rr, size);
    dns_reply_free(&r);

    /* A name at an offset chosen by the last byte. */
    off = len > 0 ? msg[len - 1] % len : 0;
    if (dns_name_expand(msg, len, &off, name, sizeof(name)) >= 0
        && (strlen(name) > DNS_NAME_MAX || off > len))
        abort();
    return (0);
}
