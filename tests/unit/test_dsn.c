/*
 * test_dsn - unit tests for dsn.c: dsn_valid, dsn_parse, struct dsn_buf
 */
#include <check.h>
#include <string.h>

#include "dsn.h"

START_TEST(test_valid)
{
    static const char *const good[] = {
        "2.0.0", "4.4.1", "5.1.1", "5.999.999", "4.0.0", "5.10.100", NULL,
    };
    static const char *const bad[] = {
        "", "5", "5.", "5.1", "5.1.", "1.1.1", "3.0.0", "6.0.0", "x.1.1",
        "5.1.1 ", " 5.1.1", "5.1000.1", "5.1.1000", "5..1", "5.1..1",
        "5.a.1", "5.1.a", "50.1.1", "5,1,1", "5.1.1x", NULL,
    };
    int     i;

    for (i = 0; good[i]; i++)
        ck_assert_msg(dsn_valid(good[i]) == 1, "%s", good[i]);
    for (i = 0; bad[i]; i++)
        ck_assert_msg(dsn_valid(bad[i]) == 0, "%s", bad[i]);
}
END_TEST

START_TEST(test_parse)
{
    char    out[DSN_STATUS_LIMIT];

    ck_assert_int_eq(dsn_parse("5.1.1 no such user", out, sizeof(out)), 5);
    ck_assert_str_eq(out, "5.1.1");
    ck_assert_int_eq(dsn_parse("4.7.0\ttry later", out, sizeof(out)), 5);
    ck_assert_str_eq(out, "4.7.0");
    ck_assert_int_eq(dsn_parse("2.0.0", out, sizeof(out)), 5);
    ck_assert_int_eq(dsn_parse("5.999.999 x", out, sizeof(out)), 9);
    ck_assert_str_eq(out, "5.999.999");
    /* not at the start, not followed by space, not a code */
    strcpy(out, "keep");
    ck_assert_int_eq(dsn_parse("no such user 5.1.1", out, sizeof(out)), 0);
    ck_assert_int_eq(dsn_parse("5.1.1: no such user", out, sizeof(out)), 0);
    ck_assert_int_eq(dsn_parse("5.1.10000 x", out, sizeof(out)), 0);
    ck_assert_int_eq(dsn_parse("3.1.1 x", out, sizeof(out)), 0);
    ck_assert_int_eq(dsn_parse("", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "keep");
    /* too small an output buffer */
    ck_assert_int_eq(dsn_parse("5.1.1 x", out, 5), 0);
    ck_assert_int_eq(dsn_parse("5.1.1 x", out, 6), 5);
    ck_assert_str_eq(out, "5.1.1");
}
END_TEST

START_TEST(test_dsn_buf)
{
    struct dsn_buf *d = dsb_create();
    struct dsn dsn;

    dsn = dsb_dsn(d);
    ck_assert_str_eq(dsn.status, "");
    ck_assert_str_eq(dsn.reason, "");
    dsb_update(d, "4.4.1", "delayed", "dns", "mx.example.com", "smtp",
               "421 busy", "connect to %s: %s", "mx", "Connection refused");
    dsn = dsb_dsn(d);
    ck_assert_str_eq(dsn.status, "4.4.1");
    ck_assert_str_eq(dsn.action, "delayed");
    ck_assert_str_eq(dsn.mtype, "dns");
    ck_assert_str_eq(dsn.mname, "mx.example.com");
    ck_assert_str_eq(dsn.dtype, "smtp");
    ck_assert_str_eq(dsn.dtext, "421 busy");
    ck_assert_str_eq(dsn.reason, "connect to mx: Connection refused");
    dsb_update(d, "5.0.0", NULL, NULL, NULL, NULL, NULL, "%s", "x");
    dsn = dsb_dsn(d);
    ck_assert_str_eq(dsn.action, "");
    ck_assert_str_eq(dsn.dtext, "");
    ck_assert_str_eq(dsn.reason, "x");
    dsb_update(d, "4.4.1", "delayed", "dns", "m", "smtp", "t", "r");
    dsb_simple(d, "4.3.0", "mail system %s", "error");
    dsn = dsb_dsn(d);
    ck_assert_str_eq(dsn.status, "4.3.0");
    ck_assert_str_eq(dsn.reason, "mail system error");
    ck_assert_str_eq(dsn.action, "");
    ck_assert_str_eq(dsn.mname, "");
    dsb_reset(d);
    ck_assert_str_eq(dsb_dsn(d).status, "");
    dsb_free(d);
    dsb_free(NULL);
}
END_TEST

static Suite *dsn_suite(void)
{
    Suite  *su = suite_create("dsn");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_valid);
    tcase_add_test(tc, test_parse);
    tcase_add_test(tc, test_dsn_buf);
    suite_add_tcase(su, tc);
    return su;
}

int     main(void)
{
    SRunner *sr = srunner_create(dsn_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
