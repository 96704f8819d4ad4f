/*
 * test_post_mail - unit tests for post_mail.c, the cleanup client
 *
 * A forked fake cleanup server on a UNIX socket in a temporary
 * directory plays one scripted session; the client's bytes are checked
 * exactly: the flags list, records (a 5000-byte line becomes 'L' 2048,
 * 'L' 2048, 'N' 904), 'E'; the server's status and reason come back.
 * Also: a wrong announcement (NULL, nothing sent), a server that closes
 * without replying (CLEANUP_STAT_WRITE, "no status from the cleanup
 * service"), a socket nobody listens on (NULL).
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup_user.h"
#include "msg.h"
#include "post_mail.h"
#include "record.h"
#include "sock.h"

#define LIT(s) (s), (sizeof(s) - 1)

static char dir[64];
static char path[128];

static void setup(void)
{
    strcpy(dir, "/tmp/test_post_mail.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/cleanup", dir);
    signal(SIGPIPE, SIG_IGN);
}

static void teardown(void)
{
    unlink(path);
    rmdir(dir);
}

/* read_all - what the client sent until it stops or 'E' arrives */

static size_t read_until_end(int fd, char *buf, size_t size)
{
    size_t  n = 0;
    ssize_t r;

    while (n < size && (r = read(fd, buf + n, size - n)) > 0) {
        n += (size_t) r;
        if (n >= 2 && buf[n - 2] == REC_TYPE_END && buf[n - 1] == 0)
            break;
    }
    return n;
}

/*
 * server - fork a one-session server: write hello, read the client's
 * bytes, compare with want (exit 3 on a mismatch), write reply (NULL:
 * close at once).  Returns the pid.
 */
static pid_t server(const char *hello, size_t hlen, const char *want,
                    size_t wlen, const char *reply, size_t rlen)
{
    int     lfd = unix_listen(path, 5, 1);
    pid_t   pid;

    ck_assert_int_ge(lfd, 0);
    if ((pid = fork()) == 0) {
        static char got[20000];
        int     fd = accept(lfd, NULL, NULL);
        size_t  n;

        if (fd < 0 || write(fd, hello, hlen) != (ssize_t) hlen)
            _exit(2);
        n = want ? read_until_end(fd, got, sizeof(got)) : 0;
        if (want && (n != wlen || memcmp(got, want, wlen) != 0)) {
            FILE   *fp = fopen("/tmp/test_post_mail.got", "w");

            if (fp) {
                fwrite(got, 1, n, fp);
                fclose(fp);
            }
            _exit(3);
        }
        if (reply && write(fd, reply, rlen) != (ssize_t) rlen)
            _exit(4);
        _exit(0);
    }
    close(lfd);
    return pid;
}

static void reap(pid_t pid)
{
    int     status;

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}

START_TEST(test_session_bytes)
{
    static const char hello[] =
        "protocol\0cleanup_protocol\0queue_id\0ABC123\0";
    struct buf *want = buf_new(12000);
    struct buf *reason = buf_new(10);
    struct post_mail *pm;
    char    line[5000];
    pid_t   pid;
    int     st;

    memset(line, 'x', sizeof(line));
    buf_append(want, LIT("flags\0" "114\0"));
    buf_append(want, "\0", 1);
    buf_append(want, LIT("S\x05" "alice"));
    buf_append(want, LIT("A\x0e" "ret_flags=1234"));
    buf_append(want, LIT("M\0"));
    buf_append(want, LIT("L\x80\x10"));
    buf_append(want, line, 2048);
    buf_append(want, LIT("L\x80\x10"));
    buf_append(want, line, 2048);
    buf_append(want, LIT("N\x88\x07"));
    buf_append(want, line, 904);
    buf_append(want, LIT("X\0"));
    buf_append(want, LIT("E\0"));
    pid = server(hello, sizeof(hello), buf_str(want), buf_len(want),
                 LIT("status\0" "4\0" "reason\0" "too big\0\0"));
    pm = post_mail_open(path, CLEANUP_FLAG_MASK_EXTERNAL, 5000);
    ck_assert_ptr_nonnull(pm);
    ck_assert_str_eq(post_mail_queue_id(pm), "ABC123");
    ck_assert_int_eq(post_mail_rec(pm, REC_TYPE_FROM, LIT("alice")), 0);
    ck_assert_int_eq(post_mail_recf(pm, REC_TYPE_ATTR, "ret_flags=%d", 1234), 0);
    ck_assert_int_eq(post_mail_rec(pm, REC_TYPE_MESG, "", 0), 0);
    ck_assert_int_eq(post_mail_text(pm, line, sizeof(line)), 0);
    ck_assert_int_eq(post_mail_rec(pm, REC_TYPE_XTRA, "", 0), 0);
    st = post_mail_finish(pm, reason);
    ck_assert_int_eq(st, CLEANUP_STAT_SIZE);
    ck_assert_str_eq(buf_str(reason), "too big");
    reap(pid);
    buf_free(want);
    buf_free(reason);
}
END_TEST

START_TEST(test_wrong_protocol)
{
    static const char hello[] =
        "protocol\0delivery_status_protocol\0queue_id\0ABC\0";
    pid_t   pid = server(hello, sizeof(hello), NULL, 0, NULL, 0);

    ck_assert_ptr_null(post_mail_open(path, 0, 5000));
    reap(pid);
}
END_TEST

START_TEST(test_no_reply)
{
    static const char hello[] =
        "protocol\0cleanup_protocol\0queue_id\0ABC\0";
    struct buf *reason = buf_new(10);
    struct post_mail *pm;
    pid_t   pid = server(hello, sizeof(hello), LIT("flags\0" "0\0\0" "E\0"),
                         NULL, 0);

    pm = post_mail_open(path, 0, 5000);
    ck_assert_ptr_nonnull(pm);
    ck_assert_int_eq(post_mail_finish(pm, reason), CLEANUP_STAT_WRITE);
    ck_assert_str_eq(buf_str(reason), "no status from the cleanup service");
    reap(pid);
    buf_free(reason);
}
END_TEST

START_TEST(test_nobody_listens)
{
    ck_assert_ptr_null(post_mail_open(path, 0, 1000));
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("post_mail");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    msg_init("test_post_mail");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_session_bytes);
    tcase_add_test(tc, test_wrong_protocol);
    tcase_add_test(tc, test_no_reply);
    tcase_add_test(tc, test_nobody_listens);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
