/*
 * test_qmgr_scan - unit tests for src/qmgr/qmgr_scan.c
 *
 * In a temporary queue directory: only ready files (valid queue ID,
 * regular, mode 0700) are listed; the count limit (how qmgr applies
 * qmgr_message_active_limit) stops the scan and reports "more"; a
 * hashed queue is walked through its subdirectories; in deferred/ a
 * file is ready only when its modification time (next attempt) has
 * come, unless the scan takes all.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "../../src/qmgr/qmgr_scan.c"

static char dir[64];

static void make_file(const char *path, int mode, long mtime)
{
    struct timeval tv[2] = {{mtime, 0}, {mtime, 0}};
    int     fd = open(path, O_CREAT | O_WRONLY, 0600);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fchmod(fd, mode), 0);
    close(fd);
    if (mtime)
        ck_assert_int_eq(utimes(path, tv), 0);
}

static void setup(void)
{
    char    name[64];
    int     i;

    snprintf(dir, sizeof(dir), "/tmp/test_qmgr_scan.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(chdir(dir), 0);
    var_hash_queue_names = "deferred, defer";
    var_hash_queue_depth = 1;
    mkdir("incoming", 0700);
    for (i = 0; i < 10; i++) {
        snprintf(name, sizeof(name), "incoming/ABCDE%02d", i);
        make_file(name, 0700, 0);
    }
    make_file("incoming/NOTREADY1", 0600, 0);	/* cleanup still writing */
    make_file("incoming/bad.name", 0700, 0);
    mkdir("incoming/Z", 0700);			/* not hashed: ignored */
    make_file("incoming/Z/ZZZZ1", 0700, 0);
    mkdir("deferred", 0700);
    mkdir("deferred/A", 0700);
    mkdir("deferred/B", 0700);
    make_file("deferred/A/A1111", 0700, 1000);	/* due */
    make_file("deferred/B/B2222", 0700, 3000);	/* later */
    make_file("deferred/B/B3333", 0700, 1999);	/* due */
}

static void teardown(void)
{
    char    cmd[100];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_ready_and_limit)
{
    struct argv *ids = argv_new(10);

    ck_assert_int_eq(qmgr_scan("incoming", 1, 0, ids, 100), 0);
    ck_assert_int_eq(ids->argc, 10);
    argv_truncate(ids, 0);
    ck_assert_int_eq(qmgr_scan("incoming", 1, 0, ids, 4), 1);
    ck_assert_int_eq(ids->argc, 4);
    argv_truncate(ids, 0);
    ck_assert_int_eq(qmgr_scan("incoming", 1, 0, ids, 10), 0);
    ck_assert_int_eq(ids->argc, 10);
    argv_free(ids);
}
END_TEST

START_TEST(test_deferred_time)
{
    struct argv *ids = argv_new(10);

    ck_assert_int_eq(qmgr_scan("deferred", 0, 2000, ids, 100), 0);
    ck_assert_int_eq(ids->argc, 2);
    argv_truncate(ids, 0);
    ck_assert_int_eq(qmgr_scan("deferred", 0, 999, ids, 100), 0);
    ck_assert_int_eq(ids->argc, 0);
    ck_assert_int_eq(qmgr_scan("deferred", 1, 999, ids, 100), 0);
    ck_assert_int_eq(ids->argc, 3);
    argv_truncate(ids, 0);
    ck_assert_int_eq(qmgr_scan("nosuchqueue", 1, 0, ids, 100), 0);
    ck_assert_int_eq(ids->argc, 0);
    argv_free(ids);
}
END_TEST

int     main(void)
{
    Suite  *su = suite_create("qmgr_scan");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_ready_and_limit);
    tcase_add_test(tc, test_deferred_time);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
