/*
 * test_buf - unit tests for buf.c (growable byte buffer)
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

START_TEST(test_new_empty)
{
    struct buf *b = buf_new(0);

    ck_assert_uint_eq(buf_len(b), 0);
    ck_assert_str_eq(buf_str(b), "");
    ck_assert_uint_gt(b->cap, b->len);
    buf_free(b);
    buf_free(NULL);
}
END_TEST

START_TEST(test_append_grow)
{
    struct buf *b = buf_new(1);
    char    expect[10001];
    int     i;

    for (i = 0; i < 10000; i++) {
        buf_putc(b, 'a' + i % 26);
        expect[i] = (char) ('a' + i % 26);
    }
    expect[10000] = 0;
    ck_assert_uint_eq(buf_len(b), 10000);
    ck_assert_str_eq(buf_str(b), expect);
    ck_assert_uint_gt(b->cap, b->len);
    buf_free(b);
}
END_TEST

START_TEST(test_binary)
{
    struct buf *b = buf_new(4);

    buf_append(b, "a\0b", 3);
    buf_putc(b, 0);
    buf_putc(b, 0xff);
    buf_append(b, "zzz", 0);
    ck_assert_uint_eq(buf_len(b), 5);
    ck_assert_int_eq(memcmp(buf_str(b), "a\0b\0\xff", 6), 0);
    buf_free(b);
}
END_TEST

START_TEST(test_puts_set_reset)
{
    struct buf *b = buf_new(0);
    size_t  cap;

    buf_puts(b, "hello");
    buf_puts(b, ", world");
    ck_assert_str_eq(buf_str(b), "hello, world");
    ck_assert_uint_eq(buf_len(b), 12);
    cap = b->cap;
    buf_reset(b);
    ck_assert_uint_eq(buf_len(b), 0);
    ck_assert_str_eq(buf_str(b), "");
    ck_assert_uint_eq(b->cap, cap);
    buf_set(b, "again");
    ck_assert_str_eq(buf_str(b), "again");
    buf_setn(b, "xyz123", 3);
    ck_assert_str_eq(buf_str(b), "xyz");
    ck_assert_uint_eq(buf_len(b), 3);
    buf_setn(b, "", 0);
    ck_assert_str_eq(buf_str(b), "");
    buf_free(b);
}
END_TEST

START_TEST(test_truncate)
{
    struct buf *b = buf_new(0);

    buf_puts(b, "abcdef");
    buf_truncate(b, 3);
    ck_assert_str_eq(buf_str(b), "abc");
    ck_assert_uint_eq(buf_len(b), 3);
    buf_truncate(b, 10);
    ck_assert_str_eq(buf_str(b), "abc");
    ck_assert_uint_eq(buf_len(b), 3);
    buf_truncate(b, 0);
    ck_assert_str_eq(buf_str(b), "");
    buf_free(b);
}
END_TEST

START_TEST(test_printf)
{
    struct buf *b = buf_new(2);
    char    big[5000];

    buf_printf(b, "%d-%s-%c", 42, "x", 'y');
    ck_assert_str_eq(buf_str(b), "42-x-y");
    buf_printf(b, "|%05u|", 7u);
    ck_assert_str_eq(buf_str(b), "42-x-y|00007|");
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    buf_reset(b);
    buf_printf(b, "<%s>", big);
    ck_assert_uint_eq(buf_len(b), 5001);
    ck_assert_int_eq(buf_str(b)[0], '<');
    ck_assert_int_eq(buf_str(b)[5000], '>');
    ck_assert_int_eq(buf_str(b)[5001], 0);
    ck_assert_uint_eq(strspn(buf_str(b) + 1, "q"), 4999);
    buf_printf(b, "%s", "");
    ck_assert_uint_eq(buf_len(b), 5001);
    buf_free(b);
}
END_TEST

START_TEST(test_self_reference)
{
    struct buf *b = buf_new(0);
    int     i;

    buf_puts(b, "abc");
    for (i = 0; i < 10; i++)
        buf_append(b, buf_str(b), buf_len(b));
    ck_assert_uint_eq(buf_len(b), 3 * 1024);
    ck_assert_int_eq(memcmp(buf_str(b) + 3 * 1023, "abc", 4), 0);
    buf_set(b, "hello world");
    buf_set(b, buf_str(b) + 6);
    ck_assert_str_eq(buf_str(b), "world");
    buf_setn(b, buf_str(b) + 1, 3);
    ck_assert_str_eq(buf_str(b), "orl");
    buf_set(b, buf_str(b));
    ck_assert_str_eq(buf_str(b), "orl");
    buf_free(b);
}
END_TEST

START_TEST(test_steal)
{
    struct buf *b = buf_new(0);
    char   *s;

    buf_puts(b, "owned");
    s = buf_steal(b);
    ck_assert_str_eq(s, "owned");
    free(s);
}
END_TEST

static Suite *buf_suite(void)
{
    Suite  *s = suite_create("buf");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_new_empty);
    tcase_add_test(tc, test_append_grow);
    tcase_add_test(tc, test_binary);
    tcase_add_test(tc, test_puts_set_reset);
    tcase_add_test(tc, test_truncate);
    tcase_add_test(tc, test_printf);
    tcase_add_test(tc, test_self_reference);
    tcase_add_test(tc, test_steal);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(buf_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
