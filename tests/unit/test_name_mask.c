/*
 * test_name_mask - unit tests for name_mask.c (names <-> masks, codes)
 */
#include <check.h>
#include <stdlib.h>

#include "buf.h"
#include "name_mask.h"

static const struct name_mask flags[] = {
    {"all", 0x7},
    {"alpha", 0x1},
    {"beta", 0x2},
    {"gamma", 0x4},
    {"delta", 0x10},
    {"both", 0x30},
    {"zero", 0},
    {NULL, 0},
};

static const struct name_mask simple[] = {
    {"read", 0x1},
    {"write", 0x2},
    {"exec", 0x8},
    {NULL, 0},
};

START_TEST(test_parse)
{
    unsigned long m = 12345;
    char   *bad = NULL;

    ck_assert_int_eq(name_mask_parse(simple, "read", &m, &bad), 0);
    ck_assert_uint_eq(m, 0x1);
    ck_assert_int_eq(name_mask_parse(simple, " READ, exec|Write\t", &m, &bad),
                     0);
    ck_assert_uint_eq(m, 0xb);
    ck_assert_int_eq(name_mask_parse(simple, "read,,read||", &m, &bad), 0);
    ck_assert_uint_eq(m, 0x1);
    ck_assert_int_eq(name_mask_parse(simple, "", &m, &bad), 0);
    ck_assert_uint_eq(m, 0);
    ck_assert_int_eq(name_mask_parse(flags, "all delta", &m, &bad), 0);
    ck_assert_uint_eq(m, 0x17);
    ck_assert_ptr_null(bad);
}
END_TEST

START_TEST(test_parse_bad)
{
    unsigned long m = 77;
    char   *bad = NULL;

    ck_assert_int_eq(name_mask_parse(simple, "read, wrote|exec", &m, &bad), -1);
    ck_assert_str_eq(bad, "wrote");
    ck_assert_uint_eq(m, 77);
    free(bad);
    bad = NULL;
    ck_assert_int_eq(name_mask_parse(simple, "rea", &m, &bad), -1);
    ck_assert_str_eq(bad, "rea");
    free(bad);
    bad = NULL;
    ck_assert_int_eq(name_mask_parse(simple, "reads", &m, &bad), -1);
    ck_assert_str_eq(bad, "reads");
    free(bad);
    ck_assert_int_eq(name_mask_parse(simple, "nope", &m, NULL), -1);
}
END_TEST

/* check_format - name_mask_format into a fresh buffer gives want */

static void check_format(const struct name_mask *t, unsigned long mask,
                         const char *sep, const char *want)
{
    struct buf *b = buf_new(0);

    name_mask_format(t, mask, b, sep);
    ck_assert_str_eq(buf_str(b), want);
    buf_free(b);
}

START_TEST(test_format)
{
    struct buf *b;

    check_format(simple, 0x1, " ", "read");
    check_format(simple, 0xb, " ", "read write exec");
    check_format(simple, 0xb, ", ", "read, write, exec");
    check_format(simple, 0, " ", "");
    check_format(simple, 0x4, " ", "0x4");
    check_format(simple, 0xf5, "|", "read|0xf4");
    check_format(flags, 0x7, " ", "all");
    check_format(flags, 0x5, " ", "alpha gamma");
    check_format(flags, 0x37, " ", "all delta 0x20");

    b = buf_new(0);
    buf_puts(b, "flags=");
    name_mask_format(simple, 0x3, b, ",");
    ck_assert_str_eq(buf_str(b), "flags=read,write");
    buf_free(b);
}
END_TEST

static const struct name_code codes[] = {
    {"none", 0},
    {"may", 1},
    {"encrypt", 2},
    {"secure", 3},
    {"opportunistic", 1},
    {NULL, 0},
};

START_TEST(test_codes)
{
    ck_assert_int_eq(name_code(codes, "may", -1), 1);
    ck_assert_int_eq(name_code(codes, "ENCRYPT", -1), 2);
    ck_assert_int_eq(name_code(codes, "opportunistic", -1), 1);
    ck_assert_int_eq(name_code(codes, "verify", -1), -1);
    ck_assert_int_eq(name_code(codes, "", 9), 9);
    ck_assert_int_eq(name_code(codes, NULL, 7), 7);
    ck_assert_str_eq(str_name_code(codes, 0), "none");
    ck_assert_str_eq(str_name_code(codes, 1), "may");
    ck_assert_str_eq(str_name_code(codes, 3), "secure");
    ck_assert_ptr_null(str_name_code(codes, 4));
    ck_assert_ptr_null(str_name_code(codes, -1));
}
END_TEST

static Suite *name_mask_suite(void)
{
    Suite  *s = suite_create("name_mask");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_parse);
    tcase_add_test(tc, test_parse_bad);
    tcase_add_test(tc, test_format);
    tcase_add_test(tc, test_codes);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(name_mask_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
