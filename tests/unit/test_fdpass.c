/*
 * test_fdpass - unit tests for fdpass.c
 *
 * A pipe's write end travels over a UNIX socketpair; the receiver
 * writes through it and the test reads the bytes from the pipe.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fdpass.h"

static int sv[2];

static void setup(void)
{
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
}

static void teardown(void)
{
    close(sv[0]);
    close(sv[1]);
}

/* open_fds - how many descriptors this process has open */

static int open_fds(void)
{
    DIR    *d = opendir("/proc/self/fd");
    int     n = 0;

    ck_assert_ptr_ne(d, NULL);
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return (n);
}

START_TEST(test_pass_pipe)
{
    int     p[2];
    int     fd;
    char    got[16];

    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(fd_send(sv[0], p[1]), 0);
    close(p[1]);
    fd = fd_recv(sv[1]);
    ck_assert_int_ge(fd, 0);
    ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    ck_assert_int_eq(write(fd, "through", 7), 7);
    close(fd);
    ck_assert_int_eq(read(p[0], got, sizeof(got)), 7);
    ck_assert(memcmp(got, "through", 7) == 0);
    /* the passed copy was the last write end: EOF now */
    ck_assert_int_eq(read(p[0], got, sizeof(got)), 0);
    close(p[0]);
}
END_TEST

/* The receiver takes one byte only; what follows stays for the protocol. */
START_TEST(test_following_data_kept)
{
    int     p[2];
    int     fd;
    char    got[16];

    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(fd_send(sv[0], p[0]), 0);
    ck_assert_int_eq(write(sv[0], "next", 4), 4);
    fd = fd_recv(sv[1]);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(read(sv[1], got, sizeof(got)), 4);
    ck_assert(memcmp(got, "next", 4) == 0);
    ck_assert_int_eq(write(p[1], "x", 1), 1);
    ck_assert_int_eq(read(fd, got, 1), 1);
    ck_assert_int_eq(got[0], 'x');
    close(fd);
    close(p[0]);
    close(p[1]);
}
END_TEST

/* The wire form: exactly one data byte 0x00. */
START_TEST(test_wire_byte)
{
    int     p[2];
    char    got[4];

    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(fd_send(sv[0], p[0]), 0);
    close(sv[0]);
    sv[0] = -1;
    /* a plain read discards the control message (and the fd with it) */
    ck_assert_int_eq(read(sv[1], got, sizeof(got)), 1);
    ck_assert_int_eq(got[0], 0);
    ck_assert_int_eq(read(sv[1], got, sizeof(got)), 0);
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(test_no_descriptor)
{
    ck_assert_int_eq(write(sv[0], "", 1), 1);
    ck_assert_int_eq(fd_recv(sv[1]), -1);
    ck_assert_int_eq(errno, EBADMSG);
}
END_TEST

START_TEST(test_eof)
{
    close(sv[0]);
    sv[0] = -1;
    ck_assert_int_eq(fd_recv(sv[1]), -1);
    ck_assert_int_eq(errno, ECONNRESET);
}
END_TEST

/* Two fds in one message: refused, and neither is leaked. */
START_TEST(test_two_descriptors)
{
    union {
        struct cmsghdr align;
        char    space[CMSG_SPACE(2 * sizeof(int))];
    }       control;
    struct msghdr mh;
    struct cmsghdr *cm;
    struct iovec iov;
    int     p[2];
    int     before;

    ck_assert_int_eq(pipe(p), 0);
    memset(&control, 0, sizeof(control));
    memset(&mh, 0, sizeof(mh));
    iov.iov_base = (char *) "";
    iov.iov_len = 1;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control.space;
    mh.msg_controllen = sizeof(control.space);
    cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(cm), p, 2 * sizeof(int));
    ck_assert_int_eq(sendmsg(sv[0], &mh, 0), 1);
    before = open_fds();
    ck_assert_int_eq(fd_recv(sv[1]), -1);
    ck_assert_int_eq(errno, EBADMSG);
    ck_assert_int_eq(open_fds(), before);
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(test_send_errors)
{
    ck_assert_int_eq(fd_send(sv[0], -1), -1);
    ck_assert_int_eq(errno, EBADF);
    close(sv[1]);
    sv[1] = -1;
    /* peer gone: EPIPE, and no SIGPIPE (which would kill the test) */
    ck_assert_int_eq(fd_send(sv[0], 0), -1);
    ck_assert_int_eq(errno, EPIPE);
}
END_TEST

static Suite *fdpass_suite(void)
{
    Suite  *su = suite_create("fdpass");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_pass_pipe);
    tcase_add_test(tc, test_following_data_kept);
    tcase_add_test(tc, test_wire_byte);
    tcase_add_test(tc, test_no_descriptor);
    tcase_add_test(tc, test_eof);
    tcase_add_test(tc, test_two_descriptors);
    tcase_add_test(tc, test_send_errors);
    suite_add_tcase(su, tc);
    return (su);
}

int     main(void)
{
    SRunner *sr = srunner_create(fdpass_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
