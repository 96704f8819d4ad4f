/*
 * test_smtp_ehlo - unit tests for src/smtp/smtp_ehlo.c (EHLO keywords)
 *
 * The parser is pure, so it is compiled into this program directly.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "../../src/smtp/smtp_ehlo.c"

static struct smtp_ehlo e;

static void parse(const char *text, unsigned long discard)
{
    smtp_ehlo_parse(&e, text, strlen(text), discard);
}

START_TEST(test_typical)
{
    parse("250-mx.example.test Hello there\n250-PIPELINING\n250-SIZE 10240000\n"
          "250-VRFY\n250-ETRN\n250-STARTTLS\n250-ENHANCEDSTATUSCODES\n"
          "250-8BITMIME\n250-DSN\n250-SMTPUTF8\n250 CHUNKING", 0);
    ck_assert_uint_eq(e.features,
                      SMTP_FEATURE_PIPELINING | SMTP_FEATURE_SIZE
                      | SMTP_FEATURE_STARTTLS | SMTP_FEATURE_8BITMIME
                      | SMTP_FEATURE_DSN | SMTP_FEATURE_SMTPUTF8);
    ck_assert_int_eq(e.size_limit, 10240000);
    ck_assert_str_eq(e.server_name, "mx.example.test");
    ck_assert(e.seen & SMTP_EHLO_KW_ENHSTATUS);
    ck_assert(e.seen & SMTP_EHLO_KW_CHUNKING);
    ck_assert_int_eq(e.rcptmax, 0);
    ck_assert_str_eq(e.discarded, "");
}
END_TEST

START_TEST(test_case_and_blanks)
{
    parse("250-Host\n250-pipelining\n250-\tsize\t 5000 \n250 DsN", 0);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_PIPELINING | SMTP_FEATURE_SIZE
                      | SMTP_FEATURE_DSN);
    ck_assert_int_eq(e.size_limit, 5000);
}
END_TEST

START_TEST(test_first_line_not_keyword)
{
    /* The greeting line is never a keyword, even if it looks like one. */
    parse("250 PIPELINING", 0);
    ck_assert_uint_eq(e.features, 0);
    ck_assert_str_eq(e.server_name, "PIPELINING");
}
END_TEST

START_TEST(test_size)
{
    parse("250-h\n250 SIZE", 0);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_SIZE);
    ck_assert_int_eq(e.size_limit, 0);
    parse("250-h\n250 SIZE 0", 0);
    ck_assert_int_eq(e.size_limit, 0);
    parse("250-h\n250 SIZE 12x", 0);
    ck_assert_int_eq(e.size_limit, 0);
    parse("250-h\n250 SIZE -5", 0);
    ck_assert_int_eq(e.size_limit, 0);
    parse("250-h\n250 SIZE 99999999999999999999999999", 0);
    ck_assert_int_eq(e.size_limit, 0);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_SIZE);
}
END_TEST

START_TEST(test_limits)
{
    parse("250-h\n250 LIMITS RCPTMAX=3 MAILMAX=10 RCPTDOMAINMAX=1", 0);
    ck_assert_int_eq(e.rcptmax, 3);
    ck_assert_int_eq(e.mailmax, 10);
    ck_assert(e.seen & SMTP_EHLO_KW_LIMITS);
    parse("250-h\n250 limits rcptmax=0 mailmax=x RCPTMAX= =5", 0);
    ck_assert_int_eq(e.rcptmax, 0);
    ck_assert_int_eq(e.mailmax, 0);
    parse("250-h\n250 LIMITS RCPTMAX=100000000", 0);
    ck_assert_int_eq(e.rcptmax, 0);
    parse("250-h\n250 LIMITS RCPTMAX=99999999", 0);
    ck_assert_int_eq(e.rcptmax, 99999999);
}
END_TEST

START_TEST(test_auth)
{
    parse("250-h\n250-AUTH PLAIN LOGIN\n250 AUTH=LOGIN", 0);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_AUTH);
    ck_assert_str_eq(e.auth_mechs, "PLAIN LOGIN");
    parse("250-h\n250-AUTH=LOGIN CRAM-MD5\n250 AUTH PLAIN", 0);
    ck_assert_str_eq(e.auth_mechs, "PLAIN");
    parse("250-h\n250 AUTH=LOGIN", 0);
    ck_assert_str_eq(e.auth_mechs, "LOGIN");
    /* Some other "X=" keyword is not AUTH. */
    parse("250-h\n250 SIZE=10", 0);
    ck_assert_uint_eq(e.features, 0);
}
END_TEST

START_TEST(test_auth_bounded)
{
    struct buf *b = buf_new(4096);

    buf_puts(b, "250-h\n250 AUTH");
    for (int i = 0; i < 200; i++)
        buf_puts(b, " MECHANISM-NAME");
    smtp_ehlo_parse(&e, buf_str(b), buf_len(b), 0);
    ck_assert_uint_lt(strlen(e.auth_mechs), SMTP_EHLO_AUTH_LIMIT);
    ck_assert(strncmp(e.auth_mechs, "MECHANISM-NAME MECHANISM-NAME", 29) == 0);
    buf_free(b);
}
END_TEST

START_TEST(test_xforward)
{
    parse("250-h\n250 XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT BOGUS", 0);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_XFORWARD_ANY);
    parse("250-h\n250 XFORWARD addr", 0);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_XFORWARD_ADDR);
}
END_TEST

START_TEST(test_discard)
{
    unsigned long mask;
    char   *bad = NULL;

    ck_assert_int_eq(smtp_ehlo_mask("pipelining, DSN limits", &mask, &bad), 0);
    ck_assert_uint_eq(mask, SMTP_FEATURE_PIPELINING | SMTP_FEATURE_DSN
                      | SMTP_EHLO_KW_LIMITS);
    parse("250-h\n250-PIPELINING\n250-DSN\n250-8BITMIME\n250 LIMITS RCPTMAX=2",
          mask);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_8BITMIME);
    ck_assert_int_eq(e.rcptmax, 0);
    ck_assert_str_eq(e.discarded, "PIPELINING DSN LIMITS");

    ck_assert_int_eq(smtp_ehlo_mask("pipelining silent-discard", &mask, &bad), 0);
    parse("250-h\n250 PIPELINING", mask);
    ck_assert_uint_eq(e.features, 0);
    ck_assert_str_eq(e.discarded, "");

    ck_assert_int_eq(smtp_ehlo_mask("dsn, nonsense, size", &mask, &bad), -1);
    ck_assert_str_eq(bad, "nonsense");
    ck_assert_uint_eq(mask, SMTP_FEATURE_DSN | SMTP_FEATURE_SIZE);
    free(bad);
    ck_assert_int_eq(smtp_ehlo_mask("", &mask, NULL), 0);
    ck_assert_uint_eq(mask, 0);
}
END_TEST

START_TEST(test_odd_lines)
{
    parse("", 0);
    ck_assert_uint_eq(e.features, 0);
    ck_assert_str_eq(e.server_name, "");
    parse("250\n250\n250-\n250 ", 0);
    ck_assert_uint_eq(e.features, 0);
    parse("250-h\n\n\n250 DSN", 0);
    ck_assert_uint_eq(e.features, SMTP_FEATURE_DSN);
}
END_TEST

START_TEST(test_names)
{
    ck_assert_str_eq(smtp_ehlo_name(SMTP_FEATURE_PIPELINING), "PIPELINING");
    ck_assert_str_eq(smtp_ehlo_name(SMTP_EHLO_KW_LIMITS), "LIMITS");
    ck_assert_ptr_null(smtp_ehlo_name(SMTP_FEATURE_BEST_MX));
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("smtp_ehlo");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_test(tc, test_typical);
    tcase_add_test(tc, test_case_and_blanks);
    tcase_add_test(tc, test_first_line_not_keyword);
    tcase_add_test(tc, test_size);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_auth);
    tcase_add_test(tc, test_auth_bounded);
    tcase_add_test(tc, test_xforward);
    tcase_add_test(tc, test_discard);
    tcase_add_test(tc, test_odd_lines);
    tcase_add_test(tc, test_names);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
