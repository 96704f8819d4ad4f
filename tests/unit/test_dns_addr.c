/*
 * test_dns_addr - unit tests for dns_addr.c (own addresses) and the
 * non-DNS helpers of dns_lookup.c (native lookup, inet_protocols)
 *
 * No DNS traffic: "all" reads the interface list, "localhost" comes
 * from /etc/hosts through getaddrinfo(3); no name is used that would
 * make the system resolver ask a name server.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dns.h"
#include "dns_addr.h"
#include "dns_lookup.h"
#include "dns_rr.h"

static struct dns_rr *addr(const char *text, unsigned pref)
{
    unsigned char b[16];
    struct dns_rr *rr = NULL;

    if (inet_pton(AF_INET, text, b) == 1)
        rr = dns_rr_new("h", "h", DNS_T_A, b, 4);
    else if (inet_pton(AF_INET6, text, b) == 1)
        rr = dns_rr_new("h", "h", DNS_T_AAAA, b, 16);
    ck_assert_ptr_nonnull(rr);
    rr->pref = pref;
    return (rr);
}

static int is_mine(const struct dns_own *own, const char *text)
{
    struct dns_rr *rr = addr(text, 0);
    int     yes = dns_own_match_rr(own, rr);

    dns_rr_free(rr);
    return (yes);
}

static const char *order(const struct dns_rr *list)
{
    static char out[512];
    char    a[64];
    size_t  n = 0;

    out[0] = 0;
    for (; list != NULL; list = list->next)
        n += snprintf(out + n, sizeof(out) - n, "%s%s/%u", n ? " " : "",
                      dns_rr_addr_str(list, a, sizeof(a)), list->pref);
    return (out);
}

START_TEST(test_numeric_and_loopback)
{
    struct dns_own *own = dns_own_new();
    struct buf *why = buf_new(0);

    ck_assert_uint_eq(dns_own_count(own), 0);
    ck_assert_int_eq(dns_own_add(own, "192.0.2.7, [2001:db8::1]\t10.1.2.3",
                                 DNS_FAMILY_ALL, why), 0);
    ck_assert_uint_eq(dns_own_count(own), 3);
    ck_assert_int_eq(is_mine(own, "192.0.2.7"), 1);
    ck_assert_int_eq(is_mine(own, "2001:db8::1"), 1);
    ck_assert_int_eq(is_mine(own, "10.1.2.3"), 1);
    ck_assert_int_eq(is_mine(own, "127.0.0.1"), 0);
    ck_assert_int_eq(is_mine(own, "2001:db8::2"), 0);
    /* v4-mapped IPv6 is the IPv4 address. */
    ck_assert_int_eq(is_mine(own, "::ffff:192.0.2.7"), 1);
    /* Duplicates are kept once. */
    ck_assert_int_eq(dns_own_add(own, "192.0.2.7 ::ffff:10.1.2.3",
                                 DNS_FAMILY_ALL, why), 0);
    ck_assert_uint_eq(dns_own_count(own), 3);
    ck_assert_int_eq(dns_own_add(own, "loopback-only", DNS_FAMILY_ALL, why), 0);
    ck_assert_uint_eq(dns_own_count(own), 5);
    ck_assert_int_eq(is_mine(own, "127.0.0.1"), 1);
    ck_assert_int_eq(is_mine(own, "::1"), 1);
    ck_assert_int_eq(is_mine(own, "127.0.0.2"), 0);
    dns_own_free(own);

    /* Families filter what is kept. */
    own = dns_own_new();
    ck_assert_int_eq(dns_own_add(own, "LOOPBACK-ONLY 192.0.2.1 2001:db8::9",
                                 DNS_FAMILY_IPV4, why), 0);
    ck_assert_uint_eq(dns_own_count(own), 2);
    ck_assert_int_eq(is_mine(own, "::1"), 0);
    dns_own_free(own);
    own = dns_own_new();
    ck_assert_int_eq(dns_own_add(own, "loopback-only", DNS_FAMILY_IPV6, why),
                     0);
    ck_assert_uint_eq(dns_own_count(own), 1);
    ck_assert_int_eq(is_mine(own, "::1"), 1);
    dns_own_free(own);
    dns_own_free(NULL);
    buf_free(why);
}
END_TEST

START_TEST(test_all_and_names)
{
    struct dns_own *own = dns_own_new();
    struct buf *why = buf_new(0);

    ck_assert_int_eq(dns_own_add(own, "all", DNS_FAMILY_IPV4, why), 0);
    ck_assert_uint_ge(dns_own_count(own), 1);
    ck_assert_int_eq(is_mine(own, "127.0.0.1"), 1);	/* lo is up */
    ck_assert_int_eq(is_mine(own, "192.0.2.254"), 0);
    dns_own_free(own);

    own = dns_own_new();
    ck_assert_int_eq(dns_own_add(own, "localhost", DNS_FAMILY_IPV4, why), 0);
    ck_assert_int_eq(is_mine(own, "127.0.0.1"), 1);
    dns_own_free(own);
    buf_free(why);
}
END_TEST

START_TEST(test_match_sa)
{
    struct dns_own *own = dns_own_new();
    struct sockaddr_in sin;
    struct sockaddr_in6 sin6;
    struct sockaddr sa;

    memset(&sin, 0, sizeof(sin));
    memset(&sin6, 0, sizeof(sin6));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(25);
    inet_pton(AF_INET, "198.51.100.1", &sin.sin_addr);
    ck_assert_int_eq(dns_own_add_sa(own, (struct sockaddr *) &sin), 0);
    sin.sin_port = htons(587);
    ck_assert_int_eq(dns_own_match_sa(own, (struct sockaddr *) &sin), 1);
    sin6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:198.51.100.1", &sin6.sin6_addr);
    ck_assert_int_eq(dns_own_match_sa(own, (struct sockaddr *) &sin6), 1);
    inet_pton(AF_INET6, "2001:db8::1", &sin6.sin6_addr);
    ck_assert_int_eq(dns_own_match_sa(own, (struct sockaddr *) &sin6), 0);
    memset(&sa, 0, sizeof(sa));
    sa.sa_family = AF_UNIX;
    ck_assert_int_eq(dns_own_add_sa(own, &sa), -1);
    ck_assert_int_eq(dns_own_match_sa(own, &sa), 0);
    dns_own_free(own);
}
END_TEST

START_TEST(test_truncate_self)
{
    struct dns_own *own = dns_own_new();
    struct dns_rr *list = NULL;
    struct dns_rr *m;
    int     found;

    ck_assert_int_eq(dns_own_add(own, "192.0.2.20", DNS_FAMILY_ALL, NULL), 0);
    list = dns_rr_append(list, addr("192.0.2.10", 10));
    list = dns_rr_append(list, addr("2001:db8::10", 10));
    list = dns_rr_append(list, addr("192.0.2.20", 20));
    list = dns_rr_append(list, addr("192.0.2.21", 20));
    list = dns_rr_append(list, addr("192.0.2.30", 30));
    m = list->next->next;
    ck_assert_int_eq(dns_own_match_rr(own, m), 1);
    list = dns_own_truncate(own, list, &found);
    ck_assert_int_eq(found, 1);
    ck_assert_str_eq(order(list), "192.0.2.10/10 2001:db8::10/10");

    /* Nothing of mine: unchanged. */
    list = dns_own_truncate(own, list, &found);
    ck_assert_int_eq(found, 0);
    ck_assert_str_eq(order(list), "192.0.2.10/10 2001:db8::10/10");

    /* I am the best MX: nothing left (mail loops back to myself). */
    list = dns_rr_append(list, addr("192.0.2.20", 5));
    list = dns_own_truncate(own, list, &found);
    ck_assert_int_eq(found, 1);
    ck_assert_ptr_null(list);

    /* Unsorted input; the lowest preference of mine counts. */
    list = dns_rr_append(list, addr("192.0.2.30", 30));
    list = dns_rr_append(list, addr("192.0.2.20", 25));
    list = dns_rr_append(list, addr("192.0.2.10", 10));
    list = dns_rr_append(list, addr("192.0.2.20", 40));
    list = dns_rr_append(list, addr("192.0.2.11", 24));
    list = dns_own_truncate(own, list, &found);
    ck_assert_int_eq(found, 1);
    ck_assert_str_eq(order(list), "192.0.2.10/10 192.0.2.11/24");
    dns_rr_free(list);
    ck_assert_ptr_null(dns_own_truncate(own, NULL, &found));
    ck_assert_int_eq(found, 0);
    dns_own_free(own);
}
END_TEST

START_TEST(test_native_and_families)
{
    struct buf *why = buf_new(0);
    struct dns_rr *list;

    ck_assert_int_eq(dns_lookup_native("localhost", DNS_FAMILY_IPV4, &list,
                                       why), DNS_OK);
    ck_assert_str_eq(buf_str(why), "");
    ck_assert_str_eq(order(list), "127.0.0.1/0");
    ck_assert_str_eq(list->qname, "localhost");
    ck_assert_int_eq(list->dnssec_valid, 0);
    dns_rr_free(list);
    ck_assert_int_eq(dns_lookup_native("127.0.0.9", DNS_FAMILY_ALL, &list,
                                       why), DNS_OK);
    ck_assert_str_eq(order(list), "127.0.0.9/0");
    dns_rr_free(list);
    /* An empty name fails without asking anyone. */
    ck_assert_int_eq(dns_lookup_native("", DNS_FAMILY_ALL, &list, why),
                     DNS_NXDOMAIN);
    ck_assert_ptr_null(list);
    ck_assert_str_eq(buf_str(why), ": Name or service not known");

    ck_assert_int_eq(dns_families("all"), DNS_FAMILY_ALL);
    ck_assert_int_eq(dns_families("ipv4"), DNS_FAMILY_IPV4);
    ck_assert_int_eq(dns_families("IPv6"), DNS_FAMILY_IPV6);
    ck_assert_int_eq(dns_families("ipv4, ipv6"), DNS_FAMILY_ALL);
    ck_assert_int_eq(dns_families(""), 0);
    ck_assert_int_eq(dns_families("ipv4 ipx"), -1);
    buf_free(why);
}
END_TEST

static Suite *dns_addr_suite(void)
{
    Suite  *su = suite_create("dns_addr");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_numeric_and_loopback);
    tcase_add_test(tc, test_all_and_names);
    tcase_add_test(tc, test_match_sa);
    tcase_add_test(tc, test_truncate_self);
    tcase_add_test(tc, test_native_and_families);
    suite_add_tcase(su, tc);
    return (su);
}

int     main(void)
{
    SRunner *sr = srunner_create(dns_addr_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
