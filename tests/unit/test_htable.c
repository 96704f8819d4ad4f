/*
 * test_htable - unit tests for htable.c (string-keyed hash table)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htable.h"
#include "mem.h"

START_TEST(test_empty)
{
    struct htable *t = htable_new(0);
    const char **keys;

    ck_assert_uint_eq(htable_count(t), 0);
    ck_assert_ptr_null(htable_find(t, "x"));
    ck_assert_int_eq(htable_has(t, "x"), 0);
    ck_assert_ptr_null(htable_remove(t, "x"));
    keys = htable_keys_sorted(t);
    ck_assert_ptr_null(keys[0]);
    free(keys);
    htable_free(t, free);
    htable_free(NULL, free);
}
END_TEST

START_TEST(test_put_find_replace_remove)
{
    struct htable *t = htable_new(4);
    int     a = 1, b = 2, c = 3;
    char    key[] = "alpha";

    htable_put(t, key, &a);
    key[0] = 'X';				/* the table keeps its own copy */
    ck_assert_ptr_eq(htable_find(t, "alpha"), &a);
    ck_assert_ptr_null(htable_find(t, "Xlpha"));
    ck_assert_ptr_null(htable_replace(t, "beta", &b));
    ck_assert_uint_eq(htable_count(t), 2);
    ck_assert_ptr_eq(htable_replace(t, "alpha", &c), &a);
    ck_assert_uint_eq(htable_count(t), 2);
    ck_assert_ptr_eq(htable_find(t, "alpha"), &c);
    htable_put(t, "alpha", &b);
    ck_assert_ptr_eq(htable_find(t, "alpha"), &b);
    ck_assert_int_eq(htable_has(t, "beta"), 1);
    ck_assert_ptr_eq(htable_remove(t, "beta"), &b);
    ck_assert_int_eq(htable_has(t, "beta"), 0);
    ck_assert_ptr_null(htable_remove(t, "beta"));
    ck_assert_uint_eq(htable_count(t), 1);
    /* NULL values are allowed; htable_has tells them from absence. */
    htable_put(t, "nothing", NULL);
    ck_assert_int_eq(htable_has(t, "nothing"), 1);
    ck_assert_ptr_null(htable_find(t, "nothing"));
    /* The empty string is a key like any other. */
    htable_put(t, "", &a);
    ck_assert_ptr_eq(htable_find(t, ""), &a);
    htable_free(t, NULL);
}
END_TEST

START_TEST(test_grow_many)
{
    struct htable *t = htable_new(1);
    char    key[32];
    int     i;

    for (i = 0; i < 20000; i++) {
        snprintf(key, sizeof(key), "key-%d", i);
        htable_put(t, key, xstrdup(key));
    }
    ck_assert_uint_eq(htable_count(t), 20000);
    for (i = 0; i < 20000; i++) {
        snprintf(key, sizeof(key), "key-%d", i);
        ck_assert_str_eq(htable_find(t, key), key);
    }
    for (i = 0; i < 20000; i += 2) {
        snprintf(key, sizeof(key), "key-%d", i);
        free(htable_remove(t, key));
    }
    ck_assert_uint_eq(htable_count(t), 10000);
    for (i = 0; i < 20000; i++) {
        snprintf(key, sizeof(key), "key-%d", i);
        ck_assert_int_eq(htable_has(t, key), i % 2);
    }
    htable_free(t, free);
}
END_TEST

static void collect(const char *key, void *value, void *ctx)
{
    struct {
        char    text[256];
        int     sum;
    }      *acc = ctx;

    strcat(acc->text, key);
    strcat(acc->text, ",");
    acc->sum += *(int *) value;
}

START_TEST(test_walk_and_sorted)
{
    struct htable *t = htable_new(2);
    int     v[5] = {1, 2, 4, 8, 16};
    const char *names[5] = {"foo", "bar", "baz", "qux", "abc"};
    const char **keys;
    struct {
        char    text[256];
        int     sum;
    }       acc;
    int     i;

    for (i = 0; i < 5; i++)
        htable_put(t, names[i], &v[i]);
    htable_put(t, "bar", &v[1]);		/* replacing keeps the place */
    free(htable_remove(t, "nonexistent"));

    keys = htable_keys_sorted(t);
    ck_assert_str_eq(keys[0], "abc");
    ck_assert_str_eq(keys[1], "bar");
    ck_assert_str_eq(keys[2], "baz");
    ck_assert_str_eq(keys[3], "foo");
    ck_assert_str_eq(keys[4], "qux");
    ck_assert_ptr_null(keys[5]);
    free(keys);

    /* This implementation walks in insertion order. */
    memset(&acc, 0, sizeof(acc));
    htable_walk(t, collect, &acc);
    ck_assert_str_eq(acc.text, "foo,bar,baz,qux,abc,");
    ck_assert_int_eq(acc.sum, 31);

    htable_remove(t, "foo");
    htable_remove(t, "abc");
    htable_remove(t, "baz");
    memset(&acc, 0, sizeof(acc));
    htable_walk(t, collect, &acc);
    ck_assert_str_eq(acc.text, "bar,qux,");
    htable_put(t, "foo", &v[0]);
    memset(&acc, 0, sizeof(acc));
    htable_walk(t, collect, &acc);
    ck_assert_str_eq(acc.text, "bar,qux,foo,");
    htable_free(t, NULL);
}
END_TEST

static int freed;

static void count_free(void *p)
{
    freed++;
    free(p);
}

START_TEST(test_free_values)
{
    struct htable *t = htable_new(0);

    htable_put(t, "a", xstrdup("1"));
    htable_put(t, "b", xstrdup("2"));
    htable_put(t, "c", NULL);
    freed = 0;
    htable_free(t, count_free);
    ck_assert_int_eq(freed, 3);
}
END_TEST

static Suite *htable_suite(void)
{
    Suite  *s = suite_create("htable");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_empty);
    tcase_add_test(tc, test_put_find_replace_remove);
    tcase_add_test(tc, test_grow_many);
    tcase_add_test(tc, test_walk_and_sorted);
    tcase_add_test(tc, test_free_values);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(htable_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
