/*
 * test_master_proto - unit tests for master_proto.c (status records,
 * GENERATION parsing)
 *
 * The status channel is a pipe whose write end is moved to fd 5, as
 * master arranges it; the test reads the 12 bytes from the other end
 * and checks each native int at its offset.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "master_proto.h"

static int read_end = -1;

static void setup(void)
{
    int     fds[2];

    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(dup2(fds[1], MASTER_STATUS_FD), MASTER_STATUS_FD);
    if (fds[1] != MASTER_STATUS_FD)
        close(fds[1]);
    read_end = fds[0];
    signal(SIGPIPE, SIG_IGN);
}

static void teardown(void)
{
    close(MASTER_STATUS_FD);
    if (read_end >= 0)
        close(read_end);
    read_end = -1;
}

static void read_record(unsigned char *rec, size_t size)
{
    ssize_t n = read(read_end, rec, size);

    ck_assert_int_eq(n, 12);
}

START_TEST(test_layout)
{
    ck_assert_uint_eq(sizeof(struct master_status), 12);
    ck_assert_uint_eq(offsetof(struct master_status, pid), 0);
    ck_assert_uint_eq(offsetof(struct master_status, gen), 4);
    ck_assert_uint_eq(offsetof(struct master_status, avail), 8);
    ck_assert_int_eq(MASTER_STAT_TAKEN, 0);
    ck_assert_int_eq(MASTER_STAT_AVAIL, 1);
}
END_TEST

START_TEST(test_notify)
{
    unsigned char rec[64];
    int     pid;
    unsigned gen;
    int     status;

    ck_assert_int_eq(master_notify(4321, 0777, MASTER_STAT_TAKEN), 0);
    read_record(rec, sizeof(rec));
    memcpy(&pid, rec, 4);
    memcpy(&gen, rec + 4, 4);
    memcpy(&status, rec + 8, 4);
    ck_assert_int_eq(pid, 4321);
    ck_assert_uint_eq(gen, 0777);
    ck_assert_int_eq(status, MASTER_STAT_TAKEN);

    ck_assert_int_eq(master_notify(getpid(), 0xFFFFFFFFu, MASTER_STAT_AVAIL),
                     0);
    read_record(rec, sizeof(rec));
    memcpy(&pid, rec, 4);
    memcpy(&gen, rec + 4, 4);
    memcpy(&status, rec + 8, 4);
    ck_assert_int_eq(pid, getpid());
    ck_assert_uint_eq(gen, 0xFFFFFFFFu);
    ck_assert_int_eq(status, MASTER_STAT_AVAIL);
}
END_TEST

START_TEST(test_notify_bytes)
{
    static const unsigned char want[12] = {
        0x01, 0x02, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    };
    unsigned char rec[12];
    int     one = 1;

    if (*(unsigned char *) &one != 1)
        return;				/* big-endian: layout tested above */
    ck_assert_int_eq(master_notify(0x0201, 010, MASTER_STAT_AVAIL), 0);
    read_record(rec, sizeof(rec));
    ck_assert_mem_eq(rec, want, 12);
}
END_TEST

START_TEST(test_notify_fails)
{
    close(read_end);
    read_end = -1;
    errno = 0;
    ck_assert_int_eq(master_notify(1, 1, MASTER_STAT_AVAIL), -1);
    ck_assert_int_eq(errno, EPIPE);
    close(MASTER_STATUS_FD);
    ck_assert_int_eq(master_notify(1, 1, MASTER_STAT_AVAIL), -1);
    ck_assert_int_eq(errno, EBADF);
}
END_TEST

START_TEST(test_generation)
{
    unsigned gen = 12345;

    ck_assert_int_eq(master_generation("0", &gen), 0);
    ck_assert_uint_eq(gen, 0);
    ck_assert_int_eq(master_generation("17", &gen), 0);
    ck_assert_uint_eq(gen, 15);
    ck_assert_int_eq(master_generation("777", &gen), 0);
    ck_assert_uint_eq(gen, 511);
    ck_assert_int_eq(master_generation("0001", &gen), 0);
    ck_assert_uint_eq(gen, 1);
    ck_assert_int_eq(master_generation("37777777777", &gen), 0);
    ck_assert_uint_eq(gen, 0xFFFFFFFFu);
    gen = 42;
    ck_assert_int_eq(master_generation("40000000000", &gen), -1);
    ck_assert_int_eq(master_generation("8", &gen), -1);
    ck_assert_int_eq(master_generation("19", &gen), -1);
    ck_assert_int_eq(master_generation("", &gen), -1);
    ck_assert_int_eq(master_generation("-1", &gen), -1);
    ck_assert_int_eq(master_generation("+1", &gen), -1);
    ck_assert_int_eq(master_generation(" 1", &gen), -1);
    ck_assert_int_eq(master_generation("1 ", &gen), -1);
    ck_assert_int_eq(master_generation("0x1", &gen), -1);
    ck_assert_uint_eq(gen, 42);		/* untouched on error */
}
END_TEST

static Suite *master_proto_suite(void)
{
    Suite  *s = suite_create("master_proto");
    TCase  *tc = tcase_create("master_proto");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_layout);
    tcase_add_test(tc, test_notify);
    tcase_add_test(tc, test_notify_bytes);
    tcase_add_test(tc, test_notify_fails);
    tcase_add_test(tc, test_generation);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(master_proto_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
