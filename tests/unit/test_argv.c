/*
 * test_argv - unit tests for argv.c (string arrays and splitting)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

/* check_argv - a holds exactly the NULL-terminated list want */

static void check_argv(const struct argv *a, const char *const *want)
{
    size_t  i;

    for (i = 0; want[i] != NULL; i++) {
        ck_assert_msg(i < a->argc, "too few fields: %zu", a->argc);
        ck_assert_str_eq(a->argv[i], want[i]);
    }
    ck_assert_uint_eq(a->argc, i);
    ck_assert_ptr_null(a->argv[a->argc]);
}

#define CHECK(a, ...) do { \
        static const char *const want_[] = {__VA_ARGS__, NULL}; \
        check_argv((a), want_); \
    } while (0)

START_TEST(test_add_truncate)
{
    struct argv *a = argv_new(0);
    char    word[16];
    char    buf[4] = "xyz";
    int     i;

    ck_assert_uint_eq(a->argc, 0);
    ck_assert_ptr_null(a->argv[0]);
    argv_add(a, buf);
    buf[0] = 'Q';
    argv_addn(a, "hello", 2);
    argv_addn(a, "hi", 10);
    CHECK(a, "xyz", "he", "hi");
    for (i = 0; i < 100; i++) {
        snprintf(word, sizeof(word), "w%d", i);
        argv_add(a, word);
    }
    ck_assert_uint_eq(a->argc, 103);
    ck_assert_str_eq(a->argv[102], "w99");
    ck_assert_ptr_null(a->argv[103]);
    argv_truncate(a, 200);
    ck_assert_uint_eq(a->argc, 103);
    argv_truncate(a, 1);
    CHECK(a, "xyz");
    argv_truncate(a, 0);
    ck_assert_uint_eq(a->argc, 0);
    ck_assert_ptr_null(a->argv[0]);
    argv_free(a);
    argv_free(NULL);
}
END_TEST

START_TEST(test_split)
{
    struct argv *a;

    a = argv_split("  a bb\t ccc  ", " \t");
    CHECK(a, "a", "bb", "ccc");
    argv_free(a);
    a = argv_split("x,,y,", ",");
    CHECK(a, "x", "y");
    argv_free(a);
    a = argv_split("", " ");
    ck_assert_uint_eq(a->argc, 0);
    ck_assert_ptr_null(a->argv[0]);
    argv_free(a);
    a = argv_split(" \t ", " \t");
    ck_assert_uint_eq(a->argc, 0);
    argv_free(a);
    a = argv_split("one", ", ");
    CHECK(a, "one");
    argv_free(a);
    a = argv_split("{ a b }", " ");
    CHECK(a, "{", "a", "b", "}");
    argv_free(a);
}
END_TEST

START_TEST(test_split_braced_master_cf)
{
    struct argv *a;

    ck_assert_int_eq(argv_split_braced(
        "smtpd -o { smtpd_client_restrictions = permit_mynetworks, reject }"
        " -o syslog_name=postern/submission", " \t", &a), 0);
    CHECK(a, "smtpd", "-o",
          "smtpd_client_restrictions = permit_mynetworks, reject",
          "-o", "syslog_name=postern/submission");
    argv_free(a);

    ck_assert_int_eq(argv_split_braced("-o { name = a b }", " ", &a), 0);
    CHECK(a, "-o", "name = a b");
    argv_free(a);

    /* Nested braces are kept inside; blanks just inside go. */
    ck_assert_int_eq(argv_split_braced("x {\t{ a } { b }\n} y", " \t\n", &a),
                     0);
    CHECK(a, "x", "{ a } { b }", "y");
    argv_free(a);

    /* No blanks inside, empty braces, braces at the end. */
    ck_assert_int_eq(argv_split_braced("{a} {} {   } {z}", " ", &a), 0);
    CHECK(a, "a", "", "", "z");
    argv_free(a);

    /* Braces in an ordinary field are plain text. */
    ck_assert_int_eq(argv_split_braced("-o v=${x?{yes}} a{b", " ", &a), 0);
    CHECK(a, "-o", "v=${x?{yes}}", "a{b");
    argv_free(a);

    /* Other delimiters. */
    ck_assert_int_eq(argv_split_braced("a,{b, c},d", ",", &a), 0);
    CHECK(a, "a", "b, c", "d");
    argv_free(a);

    ck_assert_int_eq(argv_split_braced("  ", " ", &a), 0);
    ck_assert_uint_eq(a->argc, 0);
    ck_assert_ptr_null(a->argv[0]);
    argv_free(a);
}
END_TEST

START_TEST(test_split_braced_errors)
{
    static const char *const bad[] = {
        "-o { name = a b",		/* no closing brace */
        "{ { a }",			/* nesting not closed */
        "{a}b",				/* text after '}' */
        "x {a}{b}",			/* brace right after '}' */
        "} a",				/* stray closing brace */
        "a }",				/* stray closing brace */
        "{",
        NULL,
    };
    struct argv *a;
    int     i;

    for (i = 0; bad[i] != NULL; i++) {
        a = (struct argv *) 1;
        ck_assert_msg(argv_split_braced(bad[i], " ", &a) == -1,
                      "accepted \"%s\"", bad[i]);
        ck_assert_ptr_null(a);
    }
}
END_TEST

START_TEST(test_str_token)
{
    char    text[] = "  alpha, beta,,gamma  ";
    char   *cp = text;

    ck_assert_str_eq(str_token(&cp, " ,"), "alpha");
    ck_assert_str_eq(str_token(&cp, " ,"), "beta");
    ck_assert_str_eq(str_token(&cp, " ,"), "gamma");
    ck_assert_ptr_null(str_token(&cp, " ,"));
    ck_assert_ptr_null(str_token(&cp, " ,"));

    char    one[] = "solo";
    cp = one;
    ck_assert_str_eq(str_token(&cp, " "), "solo");
    ck_assert_ptr_null(str_token(&cp, " "));

    char    empty[] = "";
    cp = empty;
    ck_assert_ptr_null(str_token(&cp, " "));
    cp = NULL;
    ck_assert_ptr_null(str_token(&cp, " "));
}
END_TEST

START_TEST(test_str_trim)
{
    char    a[] = " \t hello world \r\n";
    char    b[] = "plain";
    char    c[] = "   ";
    char    d[] = "";

    ck_assert_ptr_eq(str_trim(a), a);
    ck_assert_str_eq(a, "hello world");
    ck_assert_str_eq(str_trim(b), "plain");
    ck_assert_str_eq(str_trim(c), "");
    ck_assert_str_eq(str_trim(d), "");
}
END_TEST

static Suite *argv_suite(void)
{
    Suite  *s = suite_create("argv");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_add_truncate);
    tcase_add_test(tc, test_split);
    tcase_add_test(tc, test_split_braced_master_cf);
    tcase_add_test(tc, test_split_braced_errors);
    tcase_add_test(tc, test_str_token);
    tcase_add_test(tc, test_str_trim);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(argv_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
