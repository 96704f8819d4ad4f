/*
 * test_dns_rr - unit tests for dns_rr.c (record lists) and dns_str.c
 *
 * No network.  Random order is checked statistically with a seeded
 * generator: over many shuffles every permutation must appear, and
 * with frequencies close to what uniform (or RFC 2782 weighted)
 * selection gives.  The bounds are far (> 6 sigma) from the expected
 * counts, and the seed is fixed, so the tests are deterministic.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dns.h"
#include "dns_rr.h"
#include "dns_str.h"

/* mx - an MX record "pref target" for owner example.test */

static struct dns_rr *mx(unsigned pref, const char *target)
{
    struct dns_rr *rr = dns_rr_new("example.test", "example.test", DNS_T_MX,
                                   target, strlen(target));

    rr->pref = pref;
    return (rr);
}

static struct dns_rr *srv(unsigned prio, unsigned weight, const char *target)
{
    struct dns_rr *rr = dns_rr_new("_x._tcp.example.test",
                                   "_x._tcp.example.test", DNS_T_SRV,
                                   target, strlen(target));

    rr->pref = prio;
    rr->weight = weight;
    rr->port = 25;
    return (rr);
}

static struct dns_rr *addr(const char *text, unsigned pref)
{
    unsigned char b[16];
    struct dns_rr *rr;

    if (inet_pton(AF_INET, text, b) == 1)
        rr = dns_rr_new("h.test", "h.test", DNS_T_A, b, 4);
    else if (inet_pton(AF_INET6, text, b) == 1)
        rr = dns_rr_new("h.test", "h.test", DNS_T_AAAA, b, 16);
    else
        return (NULL);
    rr->pref = pref;
    return (rr);
}

/* order - the targets (or addresses) of a list, joined with ' ' */

static const char *order(const struct dns_rr *list)
{
    static char out[1024];
    char    a[64];
    size_t  n = 0;

    out[0] = 0;
    for (; list != NULL; list = list->next) {
        const char *s = dns_rr_addr_str(list, a, sizeof(a));

        n += snprintf(out + n, sizeof(out) - n, "%s%s", n ? " " : "",
                      s ? s : (const char *) list->data);
    }
    return (out);
}

/* build - an MX list from "pref:target" words */

static struct dns_rr *build(const char *const *spec)
{
    struct dns_rr *list = NULL;
    unsigned pref;
    char    name[64];

    for (; *spec; spec++) {
        ck_assert_int_eq(sscanf(*spec, "%u:%63s", &pref, name), 2);
        list = dns_rr_append(list, mx(pref, name));
    }
    return (list);
}

START_TEST(test_new_copy_fields)
{
    unsigned char v4[4] = {127, 0, 0, 2};
    struct dns_rr *rr = dns_rr_new("q.test", "r.test", DNS_T_A, v4, 4);
    struct dns_rr *cp;

    ck_assert_str_eq(rr->qname, "q.test");
    ck_assert_str_eq(rr->rname, "r.test");
    ck_assert_uint_eq(rr->type, DNS_T_A);
    ck_assert_uint_eq(rr->class, DNS_C_IN);
    ck_assert_uint_eq(rr->data_len, 4);
    ck_assert_int_eq(memcmp(rr->data, v4, 4), 0);
    ck_assert_uint_eq(rr->data[4], 0);
    ck_assert_ptr_null(rr->next);
    rr->ttl = 300;
    rr->pref = 7;
    rr->weight = 3;
    rr->port = 587;
    rr->dnssec_valid = 1;
    rr->next = mx(1, "x.test");
    cp = dns_rr_copy(rr);
    ck_assert_ptr_null(cp->next);
    ck_assert_str_eq(cp->qname, "q.test");
    ck_assert_str_eq(cp->rname, "r.test");
    ck_assert_uint_eq(cp->ttl, 300);
    ck_assert_uint_eq(cp->pref, 7);
    ck_assert_uint_eq(cp->weight, 3);
    ck_assert_uint_eq(cp->port, 587);
    ck_assert_int_eq(cp->dnssec_valid, 1);
    ck_assert_int_eq(memcmp(cp->data, v4, 4), 0);
    dns_rr_free(cp);
    dns_rr_free(rr);
    dns_rr_free(NULL);

    /* NULL names and empty data are fine. */
    rr = dns_rr_new(NULL, NULL, DNS_T_MX, NULL, 0);
    ck_assert_str_eq(rr->qname, "");
    ck_assert_str_eq((char *) rr->data, "");
    dns_rr_free(rr);
}
END_TEST

START_TEST(test_append_count_remove_truncate)
{
    static const char *const spec[] = {
        "10:a", "20:b", "30:c", "40:d", "50:e", NULL,
    };
    struct dns_rr *list = build(spec);
    struct dns_rr *more = build(spec + 3);

    ck_assert_uint_eq(dns_rr_count(list), 5);
    ck_assert_uint_eq(dns_rr_count(NULL), 0);
    ck_assert_ptr_eq(dns_rr_append(NULL, more), more);
    list = dns_rr_append(list, more);
    ck_assert_str_eq(order(list), "a b c d e d e");
    list = dns_rr_remove(list, list);		/* head */
    ck_assert_str_eq(order(list), "b c d e d e");
    list = dns_rr_remove(list, list->next->next);
    ck_assert_str_eq(order(list), "b c e d e");
    list = dns_rr_truncate(list, 0);		/* no limit */
    ck_assert_uint_eq(dns_rr_count(list), 5);
    list = dns_rr_truncate(list, 9);
    ck_assert_uint_eq(dns_rr_count(list), 5);
    list = dns_rr_truncate(list, 3);
    ck_assert_str_eq(order(list), "b c e");
    list = dns_rr_truncate(list, 1);
    ck_assert_str_eq(order(list), "b");
    ck_assert_ptr_null(dns_rr_truncate(NULL, 2));
    list = dns_rr_remove(list, list);
    ck_assert_ptr_null(list);
}
END_TEST

START_TEST(test_uniq)
{
    struct dns_rr *list = NULL;

    list = dns_rr_append(list, addr("127.0.0.2", 10));
    list = dns_rr_append(list, addr("::1", 10));
    list = dns_rr_append(list, addr("127.0.0.3", 20));
    list = dns_rr_append(list, addr("127.0.0.2", 20));
    list = dns_rr_append(list, addr("::1", 30));
    list = dns_rr_append(list, addr("127.0.0.2", 30));
    list = dns_rr_uniq(list);
    ck_assert_str_eq(order(list), "127.0.0.2 ::1 127.0.0.3");
    ck_assert_uint_eq(list->pref, 10);
    ck_assert_uint_eq(list->next->pref, 10);
    ck_assert_uint_eq(list->next->next->pref, 20);
    dns_rr_free(list);
    ck_assert_ptr_null(dns_rr_uniq(NULL));
}
END_TEST

START_TEST(test_sort_stable)
{
    static const char *const spec[] = {
        "20:b1", "10:a1", "30:c1", "20:b2", "10:a2", "0:z", "10:a3", NULL,
    };
    struct dns_rr *list = dns_rr_sort(build(spec), dns_rr_cmp_pref);

    ck_assert_str_eq(order(list), "z a1 a2 a3 b1 b2 c1");
    dns_rr_free(list);
    ck_assert_ptr_null(dns_rr_sort(NULL, dns_rr_cmp_pref));
    list = dns_rr_sort(mx(5, "one"), dns_rr_cmp_pref);
    ck_assert_str_eq(order(list), "one");
    dns_rr_free(list);
}
END_TEST

START_TEST(test_sort_family)
{
    struct dns_rr *list = NULL;

    list = dns_rr_append(list, addr("127.0.0.2", 20));
    list = dns_rr_append(list, addr("::2", 20));
    list = dns_rr_append(list, addr("127.0.0.1", 10));
    list = dns_rr_append(list, addr("::1", 10));
    list = dns_rr_append(list, addr("127.0.0.9", 10));
    list = dns_rr_sort(list, dns_rr_cmp_pref_ipv6);
    ck_assert_str_eq(order(list), "::1 127.0.0.1 127.0.0.9 ::2 127.0.0.2");
    list = dns_rr_sort(list, dns_rr_cmp_pref_ipv4);
    ck_assert_str_eq(order(list), "127.0.0.1 127.0.0.9 ::1 127.0.0.2 ::2");
    list = dns_rr_sort(list, dns_rr_cmp_pref);
    ck_assert_str_eq(order(list), "127.0.0.1 127.0.0.9 ::1 127.0.0.2 ::2");
    dns_rr_free(list);
}
END_TEST

START_TEST(test_rand_below)
{
    struct dns_rand r;
    int     count[7] = {0};
    int     i;

    dns_rand_seed(&r, 42);
    for (i = 0; i < 70000; i++)
        count[dns_rand_below(&r, 7)]++;
    for (i = 0; i < 7; i++)
        ck_assert_msg(count[i] > 9400 && count[i] < 10600,
                      "value %d: %d times", i, count[i]);
    ck_assert_uint_eq(dns_rand_below(&r, 1), 0);
    /* Same seed, same sequence; default generator works. */
    {
        struct dns_rand a, b;

        dns_rand_seed(&a, 7);
        dns_rand_seed(&b, 7);
        for (i = 0; i < 100; i++)
            ck_assert_uint_eq(dns_rand_below(&a, 1000000),
                              dns_rand_below(&b, 1000000));
        ck_assert_uint_lt(dns_rand_below(NULL, 5), 5);
    }
}
END_TEST

/* perm_index - which of the permutations of "a b c" a list shows */

static int perm_index(const char *s)
{
    static const char *const perms[] = {
        "a b c", "a c b", "b a c", "b c a", "c a b", "c b a",
    };
    int     i;

    for (i = 0; i < 6; i++)
        if (strncmp(s, perms[i], 5) == 0)
            return (i);
    return (-1);
}

START_TEST(test_shuffle_uniform)
{
    static const char *const spec[] = {"1:a", "1:b", "1:c", NULL};
    struct dns_rr *list = build(spec);
    struct dns_rand r;
    int     count[6] = {0};
    int     i;
    int     p;

    dns_rand_seed(&r, 2024);
    for (i = 0; i < 6000; i++) {
        list = dns_rr_shuffle(list, &r);
        ck_assert_uint_eq(dns_rr_count(list), 3);
        p = perm_index(order(list));
        ck_assert_int_ge(p, 0);
        count[p]++;
    }
    for (i = 0; i < 6; i++)
        ck_assert_msg(count[i] > 820 && count[i] < 1180,
                      "permutation %d: %d times", i, count[i]);
    dns_rr_free(list);
    ck_assert_ptr_null(dns_rr_shuffle(NULL, &r));
}
END_TEST

START_TEST(test_randomize_equal_pref)
{
    static const char *const spec[] = {
        "20:d", "10:a", "10:b", "30:e", "10:c", NULL,
    };
    struct dns_rr *list = build(spec);
    struct dns_rand r;
    int     count[6] = {0};
    int     i;
    int     p;
    const char *s;

    dns_rand_seed(&r, 1);
    for (i = 0; i < 1000; i++) {
        list = dns_rr_randomize_pref(list, &r, NULL);
        s = order(list);
        /* d and e keep their places; a b c come first, in any order */
        ck_assert_str_eq(s + 6, "d e");
        ck_assert_int_ge(p = perm_index(s), 0);
        count[p]++;
    }
    for (i = 0; i < 6; i++)
        ck_assert_msg(count[i] > 90 && count[i] < 250,
                      "permutation %d: %d times", i, count[i]);
    dns_rr_free(list);
}
END_TEST

START_TEST(test_randomize_reproducible)
{
    static const char *const spec[] = {
        "10:a", "10:b", "10:c", "10:d", "10:e", "10:f", NULL,
    };
    struct dns_rr *l1 = build(spec);
    struct dns_rr *l2 = build(spec);
    struct dns_rand r1;
    struct dns_rand r2;
    char    first[64];
    int     i;
    int     moved = 0;

    dns_rand_seed(&r1, 99);
    dns_rand_seed(&r2, 99);
    for (i = 0; i < 50; i++) {
        l1 = dns_rr_randomize_pref(l1, &r1, dns_rr_cmp_pref);
        l2 = dns_rr_randomize_pref(l2, &r2, dns_rr_cmp_pref);
        snprintf(first, sizeof(first), "%s", order(l1));
        ck_assert_str_eq(first, order(l2));
        moved += strcmp(first, "a b c d e f") != 0;
    }
    ck_assert_int_gt(moved, 45);
    dns_rr_free(l1);
    dns_rr_free(l2);
}
END_TEST

START_TEST(test_srv_priority_order)
{
    struct dns_rr *list = NULL;
    struct dns_rand r;
    const char *s;
    int     i;

    list = dns_rr_append(list, srv(2, 10, "p2a"));
    list = dns_rr_append(list, srv(1, 0, "p1z"));
    list = dns_rr_append(list, srv(3, 0, "p3"));
    list = dns_rr_append(list, srv(1, 50, "p1a"));
    list = dns_rr_append(list, srv(2, 10, "p2b"));
    dns_rand_seed(&r, 5);
    for (i = 0; i < 200; i++) {
        list = dns_rr_srv_order(list, &r);
        s = order(list);
        ck_assert_msg(strncmp(s, "p1", 2) == 0 && strncmp(s + 4, "p1", 2) == 0
                      && strncmp(s + 8, "p2", 2) == 0
                      && strncmp(s + 12, "p2", 2) == 0
                      && strcmp(s + 16, "p3") == 0, "bad order: %s", s);
    }
    dns_rr_free(list);
    ck_assert_ptr_null(dns_rr_srv_order(NULL, &r));
}
END_TEST

/* first_counts - how often target a comes first in n RFC 2782 orders */

static int first_count(unsigned wa, unsigned wb, int n)
{
    struct dns_rand r;
    struct dns_rr *list;
    int     i;
    int     a_first = 0;

    dns_rand_seed(&r, 11);
    for (i = 0; i < n; i++) {
        list = dns_rr_append(srv(0, wa, "a"), srv(0, wb, "b"));
        list = dns_rr_srv_order(list, &r);
        ck_assert_uint_eq(dns_rr_count(list), 2);
        a_first += strcmp((char *) list->data, "a") == 0;
        dns_rr_free(list);
    }
    return (a_first);
}

START_TEST(test_srv_weights)
{
    int     n;

    /*
     * RFC 2782: a random number in [0, sum of weights]; the first
     * record whose running sum reaches it is chosen.  Weights 1 and 3:
     * a wins for 0 and 1 of 0..4 (2/5).  Weights 0 and 5: a (weight 0,
     * placed first) wins only for 0 of 0..5 (1/6).
     */
    n = first_count(1, 3, 10000);
    ck_assert_msg(n > 3700 && n < 4300, "weight 1 first %d times", n);
    n = first_count(0, 5, 12000);
    ck_assert_msg(n > 1650 && n < 2350, "weight 0 first %d times", n);
    n = first_count(5, 0, 12000);
    ck_assert_msg(n > 9650 && n < 10350, "weight 5 first %d times", n);
    n = first_count(0, 0, 1000);
    ck_assert_int_eq(n, 1000);		/* all zero: given order */
}
END_TEST

START_TEST(test_sockaddr)
{
    struct dns_rr *a = addr("127.0.0.2", 0);
    struct dns_rr *b = addr("::1", 0);
    struct dns_rr *m = mx(0, "x");
    struct sockaddr_storage ss;
    struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
    socklen_t len;
    char    text[64];

    ck_assert_int_eq(dns_rr_to_sa(a, 25, &ss, &len), 0);
    ck_assert_int_eq(len, sizeof(struct sockaddr_in));
    ck_assert_int_eq(sin->sin_family, AF_INET);
    ck_assert_int_eq(ntohs(sin->sin_port), 25);
    ck_assert_uint_eq(ntohl(sin->sin_addr.s_addr), 0x7f000002);
    ck_assert_int_eq(dns_rr_eq_sa(a, (struct sockaddr *) &ss), 1);
    ck_assert_int_eq(dns_rr_eq_sa(b, (struct sockaddr *) &ss), 0);
    ck_assert_int_eq(dns_rr_to_sa(b, 587, &ss, &len), 0);
    ck_assert_int_eq(len, sizeof(struct sockaddr_in6));
    ck_assert_int_eq(sin6->sin6_family, AF_INET6);
    ck_assert_int_eq(ntohs(sin6->sin6_port), 587);
    ck_assert_int_eq(IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr), 1);
    ck_assert_int_eq(dns_rr_eq_sa(b, (struct sockaddr *) &ss), 1);
    ck_assert_int_eq(dns_rr_eq_sa(a, (struct sockaddr *) &ss), 0);
    ck_assert_int_eq(dns_rr_to_sa(m, 25, &ss, &len), -1);
    ck_assert_str_eq(dns_rr_addr_str(a, text, sizeof(text)), "127.0.0.2");
    ck_assert_str_eq(dns_rr_addr_str(b, text, sizeof(text)), "::1");
    ck_assert_ptr_null(dns_rr_addr_str(m, text, sizeof(text)));
    dns_rr_free(a);
    dns_rr_free(b);
    dns_rr_free(m);
}
END_TEST

START_TEST(test_print)
{
    static const unsigned char tlsa[] = {3, 1, 1, 0xab, 0x01};
    static const unsigned char raw[] = {0x00, 0xff};
    struct buf *b = buf_new(0);
    struct dns_rr *rr;

    rr = mx(10, "mx.example.test");
    rr->ttl = 300;
    dns_rr_print(b, rr);
    ck_assert_str_eq(buf_str(b), "example.test. 300 IN MX 10 mx.example.test.");
    dns_rr_free(rr);

    buf_reset(b);
    rr = srv(1, 5, "s.test");
    dns_rr_print(b, rr);
    ck_assert_str_eq(buf_str(b), "_x._tcp.example.test. 0 IN SRV 1 5 25 s.test.");
    dns_rr_free(rr);

    buf_reset(b);
    rr = addr("::1", 0);
    dns_rr_print(b, rr);
    ck_assert_str_eq(buf_str(b), "h.test. 0 IN AAAA ::1");
    dns_rr_free(rr);

    buf_reset(b);
    rr = dns_rr_new("t", "_25._tcp.mx.test", DNS_T_TLSA, tlsa, sizeof(tlsa));
    dns_rr_print(b, rr);
    ck_assert_str_eq(buf_str(b), "_25._tcp.mx.test. 0 IN TLSA 3 1 1 ab01");
    dns_rr_free(rr);

    buf_reset(b);
    rr = dns_rr_new("t", "t", 99, raw, sizeof(raw));
    dns_rr_print(b, rr);
    ck_assert_str_eq(buf_str(b), "t. 0 IN TYPE99 \\# 2 00ff");
    dns_rr_free(rr);
    buf_free(b);
}
END_TEST

START_TEST(test_str)
{
    struct buf *b = buf_new(0);

    ck_assert_str_eq(dns_strtype(DNS_T_MX), "MX");
    ck_assert_str_eq(dns_strtype(DNS_T_AAAA), "AAAA");
    ck_assert_str_eq(dns_strtype(DNS_T_TLSA), "TLSA");
    ck_assert_str_eq(dns_strtype(4711), "TYPE4711");
    ck_assert_int_eq(dns_type_code("mx"), DNS_T_MX);
    ck_assert_int_eq(dns_type_code("SRV"), DNS_T_SRV);
    ck_assert_int_eq(dns_type_code("bogus"), -1);
    ck_assert_str_eq(dns_strstatus(DNS_NXDOMAIN), "NXDOMAIN");
    ck_assert_str_eq(dns_strstatus(DNS_NULLMX), "NULLMX");
    ck_assert_str_eq(dns_strstatus(99), "UNKNOWN");
    ck_assert_str_eq(dns_strrcode(2), "SERVFAIL");
    ck_assert_str_eq(dns_strrcode(9), "RCODE9");
    ck_assert_str_eq(dns_strerror(DNS_RETRY), "Host not found, try again");

    dns_why(b, DNS_RETRY, "example.com", DNS_T_MX);
    ck_assert_str_eq(buf_str(b), "Host or domain name not found. Name service "
                     "error for name=example.com type=MX: Host not found, "
                     "try again");
    dns_why(b, DNS_NXDOMAIN, "nosuch.test", DNS_T_A);
    ck_assert_str_eq(buf_str(b), "Host or domain name not found. Name service "
                     "error for name=nosuch.test type=A: Host not found");
    dns_why(b, DNS_NODATA, "mx2.test", DNS_T_AAAA);
    ck_assert_str_eq(buf_str(b), "Host or domain name not found. Name service "
                     "error for name=mx2.test type=AAAA: Host found but no "
                     "data record of requested type");
    dns_why(b, DNS_FAIL, "x.test", DNS_T_MX);
    ck_assert_str_eq(buf_str(b), "Host or domain name not found. Name service "
                     "error for name=x.test type=MX: Non-recoverable error");
    dns_why(b, DNS_INVALID, "x.test", DNS_T_TLSA);
    ck_assert_str_eq(buf_str(b), "Name service error for name=x.test "
                     "type=TLSA: Malformed or unexpected name server reply");
    dns_why(b, DNS_NULLMX, "nullmx.test", DNS_T_MX);
    ck_assert_str_eq(buf_str(b), "Domain nullmx.test does not accept mail "
                     "(nullMX)");
    dns_why(b, DNS_NULLMX, "_x._tcp.t", DNS_T_SRV);
    ck_assert_str_eq(buf_str(b), "Service _x._tcp.t is not available "
                     "(null SRV)");
    dns_why(b, DNS_OK, "x.test", DNS_T_A);
    ck_assert_str_eq(buf_str(b), "");
    dns_why_badname(b, "a..b", DNS_T_A);
    ck_assert_str_eq(buf_str(b), "Name service error for name=a..b type=A: "
                     "Malformed domain name");
    dns_why(NULL, DNS_RETRY, "x", DNS_T_A);
    buf_free(b);
}
END_TEST

static Suite *dns_rr_suite(void)
{
    Suite  *su = suite_create("dns_rr");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_new_copy_fields);
    tcase_add_test(tc, test_append_count_remove_truncate);
    tcase_add_test(tc, test_uniq);
    tcase_add_test(tc, test_sort_stable);
    tcase_add_test(tc, test_sort_family);
    tcase_add_test(tc, test_rand_below);
    tcase_add_test(tc, test_shuffle_uniform);
    tcase_add_test(tc, test_randomize_equal_pref);
    tcase_add_test(tc, test_randomize_reproducible);
    tcase_add_test(tc, test_srv_priority_order);
    tcase_add_test(tc, test_srv_weights);
    tcase_add_test(tc, test_sockaddr);
    tcase_add_test(tc, test_print);
    tcase_add_test(tc, test_str);
    suite_add_tcase(su, tc);
    return (su);
}

int     main(void)
{
    SRunner *sr = srunner_create(dns_rr_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
