/*
 * test_msg - unit tests for msg.c (diagnostics)
 *
 * stderr is captured by pointing fd 2 at a temporary file; the file
 * channel writes into a temporary directory.  Fatal and panic paths
 * run in a forked child.  Lines are compared byte for byte; the file
 * channel's timestamp must equal the local time just before or just
 * after the call.  The postlog channel sends to a datagram socket
 * bound in the temporary directory.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <poll.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"

static char tmpdir[64];
static char logpath[128];
static char filebuf[8192];

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_msg.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(logpath, sizeof(logpath), "%s/maillog", tmpdir);
    msg_init("postern/test");
    msg_stderr(0);
    msg_file_open(NULL, NULL);
}

static void teardown(void)
{
    msg_file_open(NULL, NULL);
    msg_postlog_open(NULL, NULL);
    unlink(logpath);
    rmdir(tmpdir);
}

/* read_file - whole file into filebuf */

static const char *read_file(const char *path)
{
    int     fd = open(path, O_RDONLY);
    ssize_t n;

    ck_assert_int_ge(fd, 0);
    n = read(fd, filebuf, sizeof(filebuf) - 1);
    ck_assert_int_ge(n, 0);
    filebuf[n] = 0;
    close(fd);
    return filebuf;
}

/* Capture of stderr into a file in tmpdir. */

static int saved_stderr = -1;
static char errpath[128];

static void capture_begin(void)
{
    int     fd;

    snprintf(errpath, sizeof(errpath), "%s/stderr", tmpdir);
    fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    saved_stderr = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
}

static const char *capture_end(void)
{
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    read_file(errpath);
    unlink(errpath);
    return filebuf;
}

/* stamp - the file channel's timestamp for t */

static void stamp(time_t t, char *out, size_t size)
{
    static const char *const months[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };
    struct tm tm;

    localtime_r(&t, &tm);
    snprintf(out, size, "%s %02d %02d:%02d:%02d", months[tm.tm_mon],
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

START_TEST(test_stderr_format)
{
    const char *out;

    msg_stderr(1);
    capture_begin();
    msg_info("hello %d", 5);
    msg_warn("careful %s", "now");
    msg_error("bad");
    out = capture_end();
    ck_assert_str_eq(out, "postern/test: hello 5\n"
                     "postern/test: warning: careful now\n"
                     "postern/test: error: bad\n");

    /* No channel at all: stderr is the fallback. */
    msg_stderr(0);
    capture_begin();
    msg_info("fallback");
    out = capture_end();
    ck_assert_str_eq(out, "postern/test: fallback\n");

    /* Another channel open and stderr off: nothing on stderr. */
    ck_assert_int_eq(msg_file_open(logpath, "mx.example.com"), 0);
    capture_begin();
    msg_info("not shown");
    out = capture_end();
    ck_assert_str_eq(out, "");
    msg_file_open(NULL, NULL);
}
END_TEST

START_TEST(test_file_format)
{
    char    before[32];
    char    after[32];
    char    expect[256];
    time_t  t0;
    time_t  t1;
    const char *out;

    ck_assert_int_eq(msg_file_open(logpath, "mx.example.com"), 0);
    t0 = time(NULL);
    msg_warn("disk %s", "full");
    t1 = time(NULL);
    out = read_file(logpath);
    stamp(t0, before, sizeof(before));
    stamp(t1, after, sizeof(after));
    ck_assert_uint_eq(strlen(before), 15);
    snprintf(expect, sizeof(expect),
             " mx.example.com postern/test[%ld]: warning: disk full\n",
             (long) getpid());
    ck_assert_msg(strncmp(out, before, 15) == 0
                  || strncmp(out, after, 15) == 0,
                  "bad timestamp in \"%s\"", out);
    ck_assert_str_eq(out + 15, expect);
}
END_TEST

START_TEST(test_file_append_and_close)
{
    char    expect[256];
    const char *out;
    int     fd;

    fd = open(logpath, O_WRONLY | O_CREAT, 0600);
    ck_assert_int_eq(write(fd, "old\n", 4), 4);
    close(fd);
    ck_assert_int_eq(msg_file_open(logpath, "h"), 0);
    msg_error("one");
    msg_info("two");
    ck_assert_int_eq(msg_file_open(NULL, NULL), 0);
    msg_info("three");
    out = read_file(logpath);
    ck_assert_int_eq(strncmp(out, "old\n", 4), 0);
    out += 4;
    snprintf(expect, sizeof(expect), " h postern/test[%ld]: error: one\n",
             (long) getpid());
    ck_assert_int_eq(strncmp(out + 15, expect, strlen(expect)), 0);
    out = strchr(out, '\n') + 1;
    snprintf(expect, sizeof(expect), " h postern/test[%ld]: two\n",
             (long) getpid());
    ck_assert_str_eq(out + 15, expect);
}
END_TEST

/* The process ID is remembered, but a forked child logs its own. */

START_TEST(test_pid_after_fork)
{
    char    expect[256];
    const char *out;
    int     status;
    pid_t   pid;

    ck_assert_int_eq(msg_file_open(logpath, "h"), 0);
    msg_info("parent");
    if ((pid = fork()) == 0) {
        msg_info("child");
        _exit(0);
    }
    ck_assert_int_ge(pid, 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    msg_info("parent again");
    out = read_file(logpath);
    snprintf(expect, sizeof(expect), " h postern/test[%ld]: parent\n",
             (long) getpid());
    ck_assert_int_eq(strncmp(out + 15, expect, strlen(expect)), 0);
    out = strchr(out, '\n') + 1;
    snprintf(expect, sizeof(expect), " h postern/test[%ld]: child\n",
             (long) pid);
    ck_assert_int_eq(strncmp(out + 15, expect, strlen(expect)), 0);
    out = strchr(out, '\n') + 1;
    snprintf(expect, sizeof(expect), " h postern/test[%ld]: parent again\n",
             (long) getpid());
    ck_assert_str_eq(out + 15, expect);
}
END_TEST

START_TEST(test_file_open_fails)
{
    char    bad[256];

    snprintf(bad, sizeof(bad), "%s/nodir/maillog", tmpdir);
    errno = 0;
    ck_assert_int_eq(msg_file_open(bad, "h"), -1);
    ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(test_both_channels)
{
    char    expect[256];
    const char *out;

    ck_assert_int_eq(msg_file_open(logpath, "h"), 0);
    msg_stderr(1);
    capture_begin();
    msg_info("twice");
    out = capture_end();
    ck_assert_str_eq(out, "postern/test: twice\n");
    out = read_file(logpath);
    snprintf(expect, sizeof(expect), " h postern/test[%ld]: twice\n",
             (long) getpid());
    ck_assert_str_eq(out + 15, expect);
}
END_TEST

/* dgram_bind - a bound datagram socket at tmpdir/NAME; path in out */

static int dgram_bind(const char *name, char *out, size_t size)
{
    struct sockaddr_un sun;
    int     fd;

    snprintf(out, size, "%s/%s", tmpdir, name);
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", out);
    fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sun, sizeof(sun)), 0);
    return fd;
}

/* dgram_recv - one datagram (non-blocking), NUL-terminated; length or -1 */

static ssize_t dgram_recv(int fd, char *buf, size_t size)
{
    ssize_t n = recv(fd, buf, size - 1, MSG_DONTWAIT);

    buf[n > 0 ? n : 0] = 0;
    return n;
}

START_TEST(test_postlog)
{
    char    path[128];
    char    buf[4096];
    char    before[32];
    char    after[32];
    char    e1[256];
    char    e2[256];
    time_t  t0;
    ssize_t n;
    int     fd = dgram_bind("postlog", path, sizeof(path));

    ck_assert_int_eq(msg_postlog_open(path, "mta"), 0);
    t0 = time(NULL);
    stamp(t0, before, sizeof(before));
    msg_info("status=%s", "sent");
    msg_warn("careful");
    stamp(time(NULL), after, sizeof(after));

    /* One datagram per line, no newline, severity prefix. */
    n = dgram_recv(fd, buf, sizeof(buf));
    ck_assert_int_gt(n, 0);
    snprintf(e1, sizeof(e1), "%s mta postern/test[%ld]: status=sent",
             before, (long) getpid());
    snprintf(e2, sizeof(e2), "%s mta postern/test[%ld]: status=sent",
             after, (long) getpid());
    ck_assert_msg(strcmp(buf, e1) == 0 || strcmp(buf, e2) == 0,
                  "got '%s'", buf);
    n = dgram_recv(fd, buf, sizeof(buf));
    snprintf(e1, sizeof(e1), "%s mta postern/test[%ld]: warning: careful",
             before, (long) getpid());
    snprintf(e2, sizeof(e2), "%s mta postern/test[%ld]: warning: careful",
             after, (long) getpid());
    ck_assert_msg(strcmp(buf, e1) == 0 || strcmp(buf, e2) == 0,
                  "got '%s'", buf);
    ck_assert_int_eq(dgram_recv(fd, buf, sizeof(buf)), -1);

    /* postlog is a channel: stderr stays quiet. */
    capture_begin();
    msg_info("quiet");
    ck_assert_str_eq(capture_end(), "");
    ck_assert_int_gt(dgram_recv(fd, buf, sizeof(buf)), 0);

    /* Closed: nothing more arrives; stderr is the fallback again. */
    ck_assert_int_eq(msg_postlog_open(NULL, NULL), 0);
    capture_begin();
    msg_info("after close");
    ck_assert_str_eq(capture_end(), "postern/test: after close\n");
    ck_assert_int_eq(dgram_recv(fd, buf, sizeof(buf)), -1);
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(test_postlog_bounded)
{
    char    path[128];
    char    buf[8192];
    char    longtext[3000];
    const char *p;
    ssize_t n;
    int     fd = dgram_bind("postlog", path, sizeof(path));

    ck_assert_int_eq(msg_postlog_open(path, "mta.example.test"), 0);
    memset(longtext, 'x', sizeof(longtext) - 1);
    longtext[sizeof(longtext) - 1] = 0;
    longtext[5] = '\n';
    msg_info("%s", longtext);
    n = dgram_recv(fd, buf, sizeof(buf));
    ck_assert_int_gt(n, 0);
    /* Host as given; text cut at the limit and sanitized; no newline. */
    p = strstr(buf, " mta.example.test postern/test[");
    ck_assert_ptr_nonnull(p);
    p = strstr(buf, "]: ");
    ck_assert_ptr_nonnull(p);
    p += 3;
    ck_assert_uint_eq(strlen(p), MSG_TEXT_LIMIT);
    ck_assert_int_eq(strncmp(p, "xxxxx?xxx", 9), 0);
    ck_assert_ptr_null(strchr(buf, '\n'));
    ck_assert_int_eq(n, (ssize_t) strlen(buf));
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(test_postlog_slow_reader)
{
    char    path[128];
    char    buf[4096];
    int     fd = dgram_bind("postlog", path, sizeof(path));
    int     report[2];
    int     got = 0;
    int     i;
    pid_t   pid;

    /* A reader slower than the writer: nothing may be lost. */
    ck_assert_int_eq(pipe(report), 0);
    if ((pid = fork()) == 0) {
        struct timespec ts = {0, 200000};	/* 0.2 ms per line */

        struct pollfd pfd = {.fd = fd, .events = POLLIN};

        close(report[0]);
        while (got < 3000 && poll(&pfd, 1, 3000) == 1
               && dgram_recv(fd, buf, sizeof(buf)) > 0) {
            got++;
            nanosleep(&ts, NULL);
        }
        (void) write(report[1], &got, sizeof(got));
        _exit(0);
    }
    close(report[1]);
    ck_assert_int_eq(msg_postlog_open(path, "mta"), 0);
    for (i = 0; i < 3000; i++)
        msg_info("line %d", i);
    ck_assert_int_eq(read(report[0], &got, sizeof(got)), (ssize_t) sizeof(got));
    ck_assert_int_eq(got, 3000);
    waitpid(pid, NULL, 0);
    msg_postlog_open(NULL, NULL);
    close(report[0]);
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(test_postlog_drops)
{
    char    path[128];
    char    buf[4096];
    int     fd = dgram_bind("postlog", path, sizeof(path));
    int     i;
    int     got = 0;
    time_t  t0;

    /*
     * Nobody reads: the reader's queue fills; one line waits (bounded),
     * the rest are dropped at once, so 5000 lines take seconds at most.
     */
    ck_assert_int_eq(msg_postlog_open(path, "mta"), 0);
    t0 = time(NULL);
    for (i = 0; i < 5000; i++)
        msg_info("line %d", i);
    ck_assert_int_le(time(NULL) - t0, 5);
    while (dgram_recv(fd, buf, sizeof(buf)) > 0)
        got++;
    ck_assert_int_gt(got, 0);
    ck_assert_int_lt(got, 5000);

    /* No socket at the path: dropped, errno kept, no stderr noise. */
    close(fd);
    unlink(path);
    capture_begin();
    errno = EEXIST;
    msg_info("nobody there");
    ck_assert_int_eq(errno, EEXIST);
    ck_assert_str_eq(capture_end(), "");

    /* Bad paths are refused; the old channel stays open. */
    ck_assert_int_eq(msg_postlog_open("", "mta"), -1);
    memset(buf, 'a', 200);
    buf[200] = 0;
    ck_assert_int_eq(msg_postlog_open(buf, "mta"), -1);
    ck_assert_int_eq(errno, ENAMETOOLONG);
    fd = dgram_bind("postlog", path, sizeof(path));
    msg_info("still open");
    ck_assert_int_gt(dgram_recv(fd, buf, sizeof(buf)), 0);
    ck_assert_ptr_nonnull(strstr(buf, ": still open"));
    close(fd);
    unlink(path);
}
END_TEST

START_TEST(test_sanitize)
{
    const char *out;

    msg_stderr(1);
    capture_begin();
    msg_info("a\nb\tc\001d\177e\303\251f\r");
    msg_info("nul%cin%s", 0, "\nforged: line");
    out = capture_end();
    ck_assert_str_eq(out, "postern/test: a?b?c?d?e??f?\n"
                     "postern/test: nul?in?forged: line\n");
}
END_TEST

START_TEST(test_truncate)
{
    char    text[3001];
    char    expect[3100];
    const char *out;

    memset(text, 'x', 3000);
    text[3000] = 0;
    msg_stderr(1);
    capture_begin();
    msg_warn("%s", text);
    out = capture_end();
    snprintf(expect, sizeof(expect), "postern/test: warning: %.*s\n",
             MSG_TEXT_LIMIT, text);
    ck_assert_uint_eq(strlen(out), strlen("postern/test: warning: ")
                      + MSG_TEXT_LIMIT + 1);
    ck_assert_str_eq(out, expect);

    /* Exactly at the limit nothing is lost. */
    text[MSG_TEXT_LIMIT - 1] = 'y';
    text[MSG_TEXT_LIMIT] = 0;
    capture_begin();
    msg_info("%s", text);
    out = capture_end();
    ck_assert_uint_eq(strlen(out), strlen("postern/test: ") + 2001);
    ck_assert_str_eq(out + strlen(out) - 3, "xy\n");
}
END_TEST

START_TEST(test_truncate_file)
{
    char    text[2501];
    char    expect[2600];
    const char *out;

    memset(text, 'z', 2500);
    text[2500] = 0;
    ck_assert_int_eq(msg_file_open(logpath, "h"), 0);
    msg_error("%s", text);
    out = read_file(logpath);
    snprintf(expect, sizeof(expect), " h postern/test[%ld]: error: %.*s\n",
             (long) getpid(), MSG_TEXT_LIMIT, text);
    ck_assert_str_eq(out + 15, expect);
}
END_TEST

START_TEST(test_percent_m)
{
    char    expect[512];
    char    longfmt[1500];
    const char *out;

    msg_stderr(1);
    capture_begin();
    errno = ENOENT;
    msg_warn("open %s: %m", "/x");
    ck_assert_int_eq(errno, ENOENT);
    errno = EACCES;
    msg_info("%%m %d%% %m%%", 7);
    ck_assert_int_eq(errno, EACCES);
    out = capture_end();
    snprintf(expect, sizeof(expect),
             "postern/test: warning: open /x: %s\n"
             "postern/test: %%m 7%% %s%%\n",
             strerror(ENOENT), strerror(EACCES));
    ck_assert_str_eq(out, expect);

    /* A format too long for the stack copy still gets %m. */
    memset(longfmt, 'f', sizeof(longfmt));
    strcpy(longfmt + 1400, ": %m");
    capture_begin();
    errno = EPERM;
    msg_info(longfmt, 0);
    out = capture_end();
    ck_assert_uint_eq(strlen(out), strlen("postern/test: ") + 1400 + 2
                      + strlen(strerror(EPERM)) + 1);
    snprintf(expect, sizeof(expect), "f: %s\n", strerror(EPERM));
    ck_assert_str_eq(out + strlen(out) - strlen(expect), expect);
}
END_TEST

static void log_level(int level, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(level, fmt, ap);
    va_end(ap);
}

START_TEST(test_vprintf_levels)
{
    const char *out;

    msg_stderr(1);
    capture_begin();
    log_level(MSG_INFO, "i%d", 1);
    log_level(MSG_WARN, "w");
    log_level(MSG_ERROR, "e");
    log_level(MSG_FATAL, "f");
    log_level(MSG_PANIC, "p");
    out = capture_end();
    ck_assert_str_eq(out, "postern/test: i1\n"
                     "postern/test: warning: w\n"
                     "postern/test: error: e\n"
                     "postern/test: fatal: f\n"
                     "postern/test: panic: p\n");
}
END_TEST

START_TEST(test_tag)
{
    char    longtag[400];

    msg_init("mail/smtp");
    ck_assert_str_eq(msg_tag(), "mail/smtp");
    memset(longtag, 't', sizeof(longtag) - 1);
    longtag[sizeof(longtag) - 1] = 0;
    msg_init(longtag);
    ck_assert_uint_eq(strlen(msg_tag()), 255);
    ck_assert_int_eq(strncmp(msg_tag(), longtag, 255), 0);
    msg_verbose = 2;
    ck_assert_int_eq(msg_verbose, 2);
    msg_verbose = 0;
}
END_TEST

START_TEST(test_facility)
{
    ck_assert_int_eq(msg_facility_code("mail"), LOG_MAIL);
    ck_assert_int_eq(msg_facility_code("MAIL"), LOG_MAIL);
    ck_assert_int_eq(msg_facility_code("daemon"), LOG_DAEMON);
    ck_assert_int_eq(msg_facility_code("user"), LOG_USER);
    ck_assert_int_eq(msg_facility_code("auth"), LOG_AUTH);
    ck_assert_int_eq(msg_facility_code("local0"), LOG_LOCAL0);
    ck_assert_int_eq(msg_facility_code("local7"), LOG_LOCAL7);
    ck_assert_int_eq(msg_facility_code("local8"), -1);
    ck_assert_int_eq(msg_facility_code("mailx"), -1);
    ck_assert_int_eq(msg_facility_code(""), -1);
}
END_TEST

/* Fatal paths: run in a child, collect status and stderr. */

static int cleanup_calls;

static void cleanup_hook(void)
{
    cleanup_calls++;
    msg_info("cleanup %d", cleanup_calls);
}

static void cleanup_fatal_hook(void)
{
    cleanup_calls++;
    msg_fatal("fatal in cleanup %d", cleanup_calls);
}

static int run_child(void (*fn)(void))
{
    pid_t   pid;
    int     status;
    struct rlimit rl = {0, 0};

    capture_begin();
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setrlimit(RLIMIT_CORE, &rl);
        msg_stderr(1);
        fn();
        _exit(99);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    capture_end();
    return status;
}

static void do_fatal(void)
{
    msg_set_cleanup(cleanup_hook);
    errno = EEXIST;
    msg_fatal("cannot go on: %m");
}

static void do_fatal_status(void)
{
    msg_set_cleanup(cleanup_hook);
    msg_fatal_status(3, "status %d", 3);
}

static void do_fatal_in_cleanup(void)
{
    msg_set_cleanup(cleanup_fatal_hook);
    msg_fatal("first");
}

static void do_panic(void)
{
    msg_set_cleanup(cleanup_hook);
    msg_panic("broken %s", "invariant");
}

START_TEST(test_fatal)
{
    char    expect[256];
    int     status;

    status = run_child(do_fatal);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    snprintf(expect, sizeof(expect),
             "postern/test: fatal: cannot go on: %s\n"
             "postern/test: cleanup 1\n", strerror(EEXIST));
    ck_assert_str_eq(filebuf, expect);

    status = run_child(do_fatal_status);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 3);
    ck_assert_str_eq(filebuf, "postern/test: fatal: status 3\n"
                     "postern/test: cleanup 1\n");

    status = run_child(do_fatal_in_cleanup);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    ck_assert_str_eq(filebuf, "postern/test: fatal: first\n"
                     "postern/test: fatal: fatal in cleanup 1\n");
}
END_TEST

START_TEST(test_panic)
{
    int     status;

    status = run_child(do_panic);
    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGABRT);
    ck_assert_str_eq(filebuf, "postern/test: panic: broken invariant\n"
                     "postern/test: cleanup 1\n");
}
END_TEST

static Suite *msg_suite(void)
{
    Suite  *s = suite_create("msg");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_stderr_format);
    tcase_add_test(tc, test_file_format);
    tcase_add_test(tc, test_file_append_and_close);
    tcase_add_test(tc, test_pid_after_fork);
    tcase_add_test(tc, test_file_open_fails);
    tcase_add_test(tc, test_both_channels);
    tcase_add_test(tc, test_postlog);
    tcase_add_test(tc, test_postlog_bounded);
    tcase_add_test(tc, test_postlog_drops);
    tcase_add_test(tc, test_postlog_slow_reader);
    tcase_add_test(tc, test_sanitize);
    tcase_add_test(tc, test_truncate);
    tcase_add_test(tc, test_truncate_file);
    tcase_add_test(tc, test_percent_m);
    tcase_add_test(tc, test_vprintf_levels);
    tcase_add_test(tc, test_tag);
    tcase_add_test(tc, test_facility);
    tcase_add_test(tc, test_fatal);
    tcase_add_test(tc, test_panic);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(msg_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
