/*
 * test_qmgr_backoff - unit tests for src/qmgr/qmgr_backoff.c
 *
 * Asserts Postfix's rule (age clamped to [min, max]) exactly with no
 * jitter, and with jitter that every result lies within +-jitter% of
 * the clamped value and that the range is actually used (both ends
 * approached, many distinct values).
 */
#include <check.h>
#include <stdlib.h>

#include "../../src/qmgr/qmgr_backoff.c"

START_TEST(test_clamp)
{
    ck_assert_int_eq(qmgr_backoff(0, 300, 4000, 0, 0.5), 300);
    ck_assert_int_eq(qmgr_backoff(299, 300, 4000, 0, 0.5), 300);
    ck_assert_int_eq(qmgr_backoff(1234, 300, 4000, 0, 0.5), 1234);
    ck_assert_int_eq(qmgr_backoff(4000, 300, 4000, 0, 0.5), 4000);
    ck_assert_int_eq(qmgr_backoff(99999, 300, 4000, 0, 0.5), 4000);
    ck_assert_int_eq(qmgr_backoff(-5, 300, 4000, 0, 0.5), 300);	/* clock step */
    ck_assert_int_eq(qmgr_backoff(10, 300, 100, 0, 0.5), 300);	/* max < min */
    ck_assert_int_eq(qmgr_backoff(0, 0, 0, 0, 0.5), 1);		/* never 0 */
}
END_TEST

START_TEST(test_doubling)
{
    long    age = 0;
    long    d;
    int     i;

    /* Retried at each backoff, the wait doubles until the maximum. */
    for (i = 0; i < 10; i++) {
        d = qmgr_backoff(age, 300, 4000, 0, 0.0);
        if (age >= 300 && age <= 4000)
            ck_assert_int_eq(d, age);
        age += d;
    }
    ck_assert_int_eq(qmgr_backoff(age, 300, 4000, 0, 0.0), 4000);
}
END_TEST

START_TEST(test_jitter_range)
{
    long    lo = 1000000, hi = 0, d;
    int     seen[201] = {0};
    int     distinct = 0;
    int     i;

    srand48(7);
    for (i = 0; i < 20000; i++) {
        d = qmgr_backoff(1000, 300, 4000, 10, drand48());
        ck_assert_int_ge(d, 900);
        ck_assert_int_le(d, 1100);
        if (d < lo)
            lo = d;
        if (d > hi)
            hi = d;
        if (!seen[d - 900]++)
            distinct++;
    }
    ck_assert_int_le(lo, 905);
    ck_assert_int_ge(hi, 1095);
    ck_assert_int_ge(distinct, 150);
    /* Exact ends of r. */
    ck_assert_int_eq(qmgr_backoff(1000, 300, 4000, 10, 0.0), 900);
    ck_assert_int_eq(qmgr_backoff(1000, 300, 4000, 10, 0.5), 1000);
    /* At the maximum the jitter still spreads (both ways). */
    ck_assert_int_eq(qmgr_backoff(1e6, 300, 4000, 50, 0.0), 2000);
    ck_assert_int_eq(qmgr_backoff(1e6, 300, 4000, 50, 0.75), 5000);
    /* r out of range: no jitter. */
    ck_assert_int_eq(qmgr_backoff(1000, 300, 4000, 10, 1.0), 1000);
}
END_TEST

int     main(void)
{
    Suite  *su = suite_create("qmgr_backoff");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_test(tc, test_clamp);
    tcase_add_test(tc, test_doubling);
    tcase_add_test(tc, test_jitter_range);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
