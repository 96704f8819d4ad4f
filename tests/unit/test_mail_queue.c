/*
 * test_mail_queue - unit tests for mail_queue.c (names, IDs, paths)
 *
 * Long queue IDs are built here the way Postfix builds them (seconds
 * in base 52, at least 6 digits; microseconds in base 52, exactly 4;
 * 'z'; inode in base 51), and the expected directories are the %05X of
 * the microseconds.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "mail_params.h"
#include "mail_queue.h"

static const char b52[] =
    "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";

/* encode - fixed-width (width > 0) or minimal base-N digits */

static void encode(char *out, unsigned long val, unsigned base, int width)
{
    char    tmp[32];
    int     n = 0;

    do {
        tmp[n++] = b52[val % base];
        val /= base;
    } while (val > 0 || n < width);
    while (n > 0)
        *out++ = tmp[--n];
    *out = 0;
}

static void long_id(char *id, unsigned long sec, unsigned long usec,
                    unsigned long inode)
{
    encode(id, sec, 52, 6);
    encode(id + strlen(id), usec, 52, 4);
    strcat(id, "z");
    encode(id + strlen(id), inode, 51, 0);
}

static void setup(void)
{
    var_hash_queue_names = "deferred, defer";
    var_hash_queue_depth = 1;
}

START_TEST(test_short_ids)
{
    struct buf *out = buf_new(0);

    ck_assert_str_eq(mail_queue_path(out, "deferred", "A1B2C3D4E5"),
                     "deferred/A/A1B2C3D4E5");
    ck_assert_str_eq(buf_str(out), "deferred/A/A1B2C3D4E5");
    ck_assert_str_eq(mail_queue_path(out, "defer", "3F00A12B"),
                     "defer/3/3F00A12B");
    ck_assert_str_eq(mail_queue_dir(out, "deferred", "A1B2C3D4E5"),
                     "deferred/A/");
    var_hash_queue_depth = 2;
    ck_assert_str_eq(mail_queue_path(out, "deferred", "A1B2C3D4E5"),
                     "deferred/A/1/A1B2C3D4E5");
    ck_assert_str_eq(mail_queue_dir(out, "defer", "A1B2C3D4E5"),
                     "defer/A/1/");
    buf_free(out);
}
END_TEST

START_TEST(test_not_hashed)
{
    struct buf *out = buf_new(0);

    ck_assert_str_eq(mail_queue_path(out, "active", "A1B2C3D4E5"),
                     "active/A1B2C3D4E5");
    ck_assert_str_eq(mail_queue_path(out, "incoming", "A1B2C3D4E5"),
                     "incoming/A1B2C3D4E5");
    ck_assert_str_eq(mail_queue_dir(out, "bounce", "A1B2C3D4E5"), "bounce/");
    ck_assert_str_eq(mail_queue_dir(out, "deferred", NULL), "deferred/");
    ck_assert_int_eq(mail_queue_hashed("deferred"), 1);
    ck_assert_int_eq(mail_queue_hashed("defer"), 1);
    ck_assert_int_eq(mail_queue_hashed("def"), 0);
    ck_assert_int_eq(mail_queue_hashed("deferredx"), 0);
    ck_assert_int_eq(mail_queue_hashed("active"), 0);
    /* Case-insensitive, any separators. */
    var_hash_queue_names = " Incoming,ACTIVE\tdeferred ";
    ck_assert_int_eq(mail_queue_hashed("incoming"), 1);
    ck_assert_int_eq(mail_queue_hashed("active"), 1);
    ck_assert_int_eq(mail_queue_hashed("defer"), 0);
    ck_assert_str_eq(mail_queue_path(out, "active", "A1B2C3D4E5"),
                     "active/A/A1B2C3D4E5");
    var_hash_queue_names = "";
    ck_assert_int_eq(mail_queue_hashed("deferred"), 0);
    ck_assert_str_eq(mail_queue_path(out, "deferred", "A1B2C3D4E5"),
                     "deferred/A1B2C3D4E5");
    buf_free(out);
}
END_TEST

START_TEST(test_padding)
{
    struct buf *out = buf_new(0);

    mail_queue_hash(out, "A", 1);
    ck_assert_str_eq(buf_str(out), "A/");
    mail_queue_hash(out, "A", 3);
    ck_assert_str_eq(buf_str(out), "A/_/_/");
    mail_queue_hash(out, "AB", 2);
    ck_assert_str_eq(buf_str(out), "A/B/");
    var_hash_queue_depth = 2;
    ck_assert_str_eq(mail_queue_path(out, "deferred", "Q"), "deferred/Q/_/Q");
    buf_free(out);
}
END_TEST

START_TEST(test_long_ids)
{
    static const struct {
        unsigned long usec;
        const char *d1;
        const char *d2;
    } cases[] = {
        {123456, "1/", "1/E/"},		/* 1E240 */
        {0, "0/", "0/0/"},		/* 00000 */
        {999999, "F/", "F/4/"},		/* F423F */
        {65535, "0/", "0/F/"},		/* 0FFFF */
        {52 * 52 * 52 * 52 - 1, "6/", "6/F/"},	/* "zzzz": 6F90FF */
    };
    struct buf *out = buf_new(0);
    char    id[64];
    char    want[128];
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        long_id(id, 1700000000UL, cases[i].usec, 1234567UL);
        ck_assert_int_eq(mail_queue_id_ok(id), 1);
        mail_queue_hash(out, id, 1);
        ck_assert_str_eq(buf_str(out), cases[i].d1);
        mail_queue_hash(out, id, 2);
        ck_assert_str_eq(buf_str(out), cases[i].d2);
        var_hash_queue_depth = 2;
        snprintf(want, sizeof(want), "deferred/%s%s", cases[i].d2, id);
        ck_assert_str_eq(mail_queue_path(out, "deferred", id), want);
        var_hash_queue_depth = 1;
    }
    /* Seconds may contain 'z' (digit 51); the last 'z' is the separator. */
    long_id(id, 52UL * 52 * 52 * 52 * 52 * 52 - 1, 123456, 7);
    ck_assert_int_eq(strncmp(id, "zzzzzz", 6), 0);
    mail_queue_hash(out, id, 2);
    ck_assert_str_eq(buf_str(out), "1/E/");
    /* By hand: "1VQ8" = 1*52^3 + 26*52^2 + 22*52 + 8 = 212064 = 33C60. */
    mail_queue_hash(out, "4Xyb7R1VQ8z3VJS", 2);
    ck_assert_str_eq(buf_str(out), "3/3/");
    buf_free(out);
}
END_TEST

START_TEST(test_not_long)
{
    struct buf *out = buf_new(0);

    /* A 'z' before index 10 does not make a long ID. */
    mail_queue_hash(out, "ABCz123", 2);
    ck_assert_str_eq(buf_str(out), "A/B/");
    mail_queue_hash(out, "012345678z1", 1);
    ck_assert_str_eq(buf_str(out), "0/");
    /* Four characters before the 'z' outside the alphabet (vowels). */
    mail_queue_hash(out, "0123456aaaz12", 1);
    ck_assert_str_eq(buf_str(out), "0/");
    mail_queue_hash(out, "B123456_BCDz12", 1);
    ck_assert_str_eq(buf_str(out), "B/");
    buf_free(out);
}
END_TEST

START_TEST(test_name_ok)
{
    char    name[128];

    ck_assert_int_eq(mail_queue_name_ok("deferred"), 1);
    ck_assert_int_eq(mail_queue_name_ok("Queue9"), 1);
    ck_assert_int_eq(mail_queue_name_ok(""), 0);
    ck_assert_int_eq(mail_queue_name_ok("a/b"), 0);
    ck_assert_int_eq(mail_queue_name_ok("de-ferred"), 0);
    ck_assert_int_eq(mail_queue_name_ok("a_b"), 0);
    ck_assert_int_eq(mail_queue_name_ok(".."), 0);
    memset(name, 'q', 100);
    name[100] = 0;
    ck_assert_int_eq(mail_queue_name_ok(name), 1);
    name[100] = 'q';
    name[101] = 0;
    ck_assert_int_eq(mail_queue_name_ok(name), 0);
}
END_TEST

START_TEST(test_id_ok)
{
    char    id[300];

    ck_assert_int_eq(mail_queue_id_ok("A1B2C3D4E5"), 1);
    ck_assert_int_eq(mail_queue_id_ok("ABC_1"), 1);
    ck_assert_int_eq(mail_queue_id_ok("_"), 1);
    ck_assert_int_eq(mail_queue_id_ok(""), 0);
    ck_assert_int_eq(mail_queue_id_ok("A.B"), 0);
    ck_assert_int_eq(mail_queue_id_ok("../x"), 0);
    ck_assert_int_eq(mail_queue_id_ok("A B"), 0);
    ck_assert_int_eq(mail_queue_id_ok("A-B"), 0);
    memset(id, 'A', 255);
    id[255] = 0;
    ck_assert_int_eq(mail_queue_id_ok(id), 1);
    id[255] = 'A';
    id[256] = 0;
    ck_assert_int_eq(mail_queue_id_ok(id), 0);
}
END_TEST

/* panics - 1 if fn aborts (msg_panic) in a child */

static int panics(void (*fn)(void))
{
    int     status;
    pid_t   pid;

    if ((pid = fork()) == 0) {
        close(2);
        fn();
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void bad_queue(void)
{
    struct buf *out = buf_new(0);

    mail_queue_path(out, "../etc", "A1");
    buf_free(out);
}

static void bad_id(void)
{
    struct buf *out = buf_new(0);

    mail_queue_path(out, "active", "../x");
    buf_free(out);
}

static void good_path(void)
{
    struct buf *out = buf_new(0);

    mail_queue_path(out, "active", "A1");
    buf_free(out);
}

START_TEST(test_bad_input_panics)
{
    ck_assert_int_eq(panics(bad_queue), 1);
    ck_assert_int_eq(panics(bad_id), 1);
    ck_assert_int_eq(panics(good_path), 0);
}
END_TEST

static Suite *mail_queue_suite(void)
{
    Suite  *s = suite_create("mail_queue");
    TCase  *tc = tcase_create("mail_queue");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_short_ids);
    tcase_add_test(tc, test_not_hashed);
    tcase_add_test(tc, test_padding);
    tcase_add_test(tc, test_long_ids);
    tcase_add_test(tc, test_not_long);
    tcase_add_test(tc, test_name_ok);
    tcase_add_test(tc, test_id_ok);
    tcase_add_test(tc, test_bad_input_panics);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(mail_queue_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
