/*
 * test_mem - unit tests for mem.c (allocation that never returns NULL)
 *
 * Out-of-memory and overflow cases run in a forked child and must end
 * with exit status 1 and the "fatal: " message on stderr.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mem.h"
#include "msg.h"

/* Let a huge malloc fail with NULL under ASan instead of aborting. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

START_TEST(test_xmalloc_zero)
{
    char   *p = xmalloc(0);
    char   *q;

    ck_assert_ptr_nonnull(p);
    q = xrealloc(p, 0);
    ck_assert_ptr_nonnull(q);
    q = xrealloc(q, 10);
    memcpy(q, "123456789", 10);
    ck_assert_str_eq(q, "123456789");
    free(q);
}
END_TEST

START_TEST(test_xcalloc)
{
    unsigned char *p = xcalloc(100, 3);
    int     i;

    for (i = 0; i < 300; i++)
        ck_assert_int_eq(p[i], 0);
    free(p);
    p = xcalloc(0, 5);
    ck_assert_ptr_nonnull(p);
    free(p);
}
END_TEST

START_TEST(test_strings)
{
    char   *s;
    char   *m;

    s = xstrdup("hello");
    ck_assert_str_eq(s, "hello");
    free(s);
    s = xstrdup("");
    ck_assert_str_eq(s, "");
    free(s);
    s = xstrndup("hello", 3);
    ck_assert_str_eq(s, "hel");
    free(s);
    s = xstrndup("hi", 10);
    ck_assert_str_eq(s, "hi");
    free(s);
    m = xmemdup("a\0b", 3);
    ck_assert_int_eq(memcmp(m, "a\0b", 3), 0);
    ck_assert_int_eq(m[3], 0);
    free(m);
}
END_TEST

START_TEST(test_xconcat)
{
    char   *s;

    s = xconcat("a", "bc", "", "def", (char *) NULL);
    ck_assert_str_eq(s, "abcdef");
    free(s);
    s = xconcat("only", (char *) NULL);
    ck_assert_str_eq(s, "only");
    free(s);
    s = xconcat("", (char *) NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

/* run_fatal - run fn in a child, return its exit status and stderr text */

static int run_fatal(void (*fn)(void), char *err, size_t errsize)
{
    FILE   *tmp = tmpfile();
    pid_t   pid;
    int     status;
    size_t  n;

    ck_assert_ptr_nonnull(tmp);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fileno(tmp), STDERR_FILENO);
        msg_init("test");
        msg_stderr(1);
        fn();
        _exit(99);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    rewind(tmp);
    n = fread(err, 1, errsize - 1, tmp);
    err[n] = 0;
    fclose(tmp);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* last_line - the last line of text (ASan may print a warning first) */

static const char *last_line(const char *text)
{
    const char *end = text + strlen(text);
    const char *cp = end > text ? end - 1 : end;

    while (cp > text && cp[-1] != '\n')
        cp--;
    return cp;
}

static void calloc_overflow(void)
{
    (void) xcalloc(SIZE_MAX / 2, 3);
}

static void malloc_huge(void)
{
    (void) xmalloc(SIZE_MAX - 16);
}

START_TEST(test_fatal)
{
    char    err[512];

    ck_assert_int_eq(run_fatal(calloc_overflow, err, sizeof(err)), 1);
    ck_assert_str_eq(err, "test: fatal: xcalloc: size overflow "
                     "(9223372036854775807 * 3)\n");
    ck_assert_int_eq(run_fatal(malloc_huge, err, sizeof(err)), 1);
    ck_assert_str_eq(last_line(err), "test: fatal: xmalloc: out of memory "
                     "(18446744073709551599 bytes)\n");
}
END_TEST

static Suite *mem_suite(void)
{
    Suite  *s = suite_create("mem");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_xmalloc_zero);
    tcase_add_test(tc, test_xcalloc);
    tcase_add_test(tc, test_strings);
    tcase_add_test(tc, test_xconcat);
    if (sizeof(size_t) == 8)
        tcase_add_test(tc, test_fatal);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(mem_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
