/*
 * test_status_clients - unit tests for the bounce/defer/trace/verify/flush
 * clients (bounce.c defer.c trace.c sent.c verify.c verify_clnt.c
 * flush_clnt.c mail_command_client.c)
 *
 * Each test makes a temporary queue directory with private/ and public/
 * and chdirs into it, as daemons run in queue_directory.  Fake servers
 * are forked children listening on private/NAME or public/flush (the
 * socket is made before the fork, so there is no race): each announces
 * its protocol, records every request's raw bytes in the file rec.NAME,
 * and replies status=N as told (or closes without a reply, or announces
 * the wrong protocol).  The verify server keeps its connection open for
 * further requests, as Postfix's does.  The servers die with the test
 * (PR_SET_PDEATHSIG, and an alarm as a bound) and are killed by PID at
 * teardown.  The log goes to a maillog file; its lines (text after
 * "TAG[PID]: ") are compared as a list, in order.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attr.h"
#include "bounce.h"
#include "buf.h"
#include "config.h"
#include "defer.h"
#include "deliver_request.h"
#include "flush_clnt.h"
#include "mail_command_client.h"
#include "mail_params.h"
#include "msg.h"
#include "sent.h"
#include "sock.h"
#include "stream.h"
#include "trace.h"
#include "verify.h"
#include "verify_clnt.h"

#define REPLY_CLOSE	INT_MIN		/* read the request, close, no reply */
#define REPLY_BADPROTO	(INT_MIN + 1)	/* announce the wrong protocol */
#define REPLY_ONCE	(INT_MIN + 2)	/* status 0, close, touch done.NAME */

#define MAX_SERVERS	8

static char tmpdir[64];
static char olddir[PATH_MAX];
static pid_t servers[MAX_SERVERS];
static int nservers;

static struct msg_stats stats;
static struct recipient rcpt;
static struct dsn dsn;

#define ID	"4Bx1yZ2kQz"
#define RELAY	"mx.example.com[192.0.2.1]:25"
#define DELAYS	"delay=4, delays=1/1/1/1"

 /*
  * The fake server.
  */

/* read_list - one raw attribute list (0 encoding) into req; -1 at EOF */

static int read_list(struct stream *s, struct buf *req)
{
    struct buf *tok = buf_new(100);
    int     names = 1;
    int     rc = 0;

    buf_reset(req);
    for (;;) {
        if (stream_get_until(s, 0, tok, 100000) != STREAM_OK) {
            rc = -1;
            break;
        }
        buf_append(req, buf_str(tok), buf_len(tok));
        buf_putc(req, 0);
        if (names && buf_len(tok) == 0)
            break;
        names = !names;
    }
    buf_free(tok);
    return rc;
}

/* record - append the request bytes to rec.NAME */

static void record(const char *name, struct buf *req)
{
    char    path[64];
    int     fd;

    snprintf(path, sizeof(path), "rec.%s", name);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0
        || write(fd, buf_str(req), buf_len(req)) != (ssize_t) buf_len(req))
        _exit(2);
    close(fd);
}

/* req_marker - one byte, for the "done" record */

static struct buf *req_marker(void)
{
    static struct buf *b;

    if (b == NULL)
        b = buf_new(1);
    buf_set(b, "x");
    return b;
}

/* serve_conn - one connection: requests until EOF */

static void serve_conn(int fd, const char *name, const char *proto, int reply)
{
    struct stream *s = stream_open(fd);
    struct buf *req = buf_new(100);

    stream_set_timeout(s, 20000);
    attr_announce(s, ATTR_ENC_0, reply == REPLY_BADPROTO ? "bogus" : proto);
    while (read_list(s, req) == 0) {
        record(name, req);
        if (reply == REPLY_CLOSE)
            break;
        if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_INT("status", reply == REPLY_ONCE ? 0 : reply),
                       ATTR_END) != 0 || reply == REPLY_ONCE)
            break;
    }
    buf_free(req);
    stream_close(s);
    if (reply == REPLY_ONCE)
        record("done", req_marker());
}

static void serve(int lfd, const char *name, const char *proto, int reply)
{
    int     fd;

    prctl(PR_SET_PDEATHSIG, SIGKILL);
    alarm(60);
    msg_file_open(NULL, NULL);
    for (;;) {
        if ((fd = accept(lfd, NULL, NULL)) < 0) {
            if (errno == EINTR)
                continue;
            _exit(1);
        }
        serve_conn(fd, name, proto, reply);
    }
}

/* start_server - listen on CLASS/NAME and fork the server */

static void start_server(const char *class, const char *name,
                         const char *proto, int reply)
{
    char    path[64];
    int     lfd;
    pid_t   pid;

    snprintf(path, sizeof(path), "%s/%s", class, name);
    lfd = unix_listen(path, 10, 1);
    ck_assert_int_ge(lfd, 0);
    ck_assert_int_lt(nservers, MAX_SERVERS);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        serve(lfd, name, proto, reply);
    close(lfd);
    servers[nservers++] = pid;
}

#define BOUNCE_SERVER(name, reply) \
    start_server("private", (name), MAIL_PROTO_BOUNCE, (reply))
#define VERIFY_SERVER(reply) \
    start_server("private", "verify", VERIFY_PROTO, (reply))
#define FLUSH_SERVER(reply) \
    start_server("public", "flush", MAIL_PROTO_FLUSH, (reply))

 /*
  * Fixture.
  */

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void) st;
    (void) flag;
    (void) ftw;
    return remove(path);
}

static void setup(void)
{
    setenv("MAIL_CONFIG", "/nonexistent/test_status_clients", 1);
    config_reset();
    param_load(mail_params_table);
    var_fflush_domains = "";
    var_ipc_timeout = 20;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_status.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    ck_assert_ptr_nonnull(getcwd(olddir, sizeof(olddir)));
    ck_assert_int_eq(chdir(tmpdir), 0);
    ck_assert_int_eq(mkdir("private", 0700), 0);
    ck_assert_int_eq(mkdir("public", 0700), 0);
    msg_init("postfix/test");
    msg_stderr(0);
    ck_assert_int_eq(msg_file_open("maillog", "host"), 0);

    msg_stats_init(&stats);
    stats.incoming_arrival.tv_sec = 1000;
    stats.active_arrival.tv_sec = 1001;
    stats.agent_handoff.tv_sec = 1002;
    stats.conn_setup_done.tv_sec = 1003;
    stats.deliver_done.tv_sec = 1004;
    rcpt.orig_addr = "alias@example.com";
    rcpt.address = "user@example.com";
    rcpt.offset = 1234;
    rcpt.dsn_orcpt = "rfc822;alias@example.com";
    rcpt.dsn_notify = 0;
    dsn.status = "5.1.1";
    dsn.action = "";
    dsn.reason = "host mx said: 550 5.1.1 no such user";
    dsn.dtype = "smtp";
    dsn.dtext = "550 5.1.1 no such user";
    dsn.mtype = "dns";
    dsn.mname = "mx.example.com";
}

static void teardown(void)
{
    int     i;

    verify_clnt_close();
    for (i = 0; i < nservers; i++) {
        kill(servers[i], SIGKILL);
        waitpid(servers[i], NULL, 0);
    }
    nservers = 0;
    msg_file_open(NULL, NULL);
    if (chdir(olddir) != 0)
        return;
    nftw(tmpdir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

 /*
  * Expectations.
  */

/* read_file - whole file into out ("" if missing) */

static void read_file(const char *path, struct buf *out)
{
    char    chunk[4096];
    ssize_t n;
    int     fd;

    buf_reset(out);
    if ((fd = open(path, O_RDONLY)) < 0)
        return;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        buf_append(out, chunk, n);
    close(fd);
}

/* show - printable form of raw bytes for failure messages */

static const char *show(struct buf *b)
{
    static char text[4096];
    size_t  i;
    size_t  j = 0;

    for (i = 0; i < buf_len(b) && j < sizeof(text) - 4; i++)
        j += snprintf(text + j, sizeof(text) - j, "%s",
                      b->data[i] ? (char[2]) {b->data[i], 0} : "\\0");
    text[j] = 0;
    return text;
}

/* expect_rec - rec.NAME holds exactly these lists: each ends with a
 * NULL, and one more NULL ends the argument list */

static void expect_rec(const char *name, ...)
{
    struct buf *want = buf_new(100);
    struct buf *got = buf_new(100);
    char    path[64];
    const char *s;
    va_list ap;
    int     items = 0;

    va_start(ap, name);
    for (;;) {
        if ((s = va_arg(ap, const char *)) != NULL) {
            buf_append(want, s, strlen(s) + 1);
            items++;
        } else if (items > 0) {
            buf_putc(want, 0);
            items = 0;
        } else {
            break;
        }
    }
    va_end(ap);
    snprintf(path, sizeof(path), "rec.%s", name);
    read_file(path, got);
    ck_assert_msg(buf_len(got) == buf_len(want)
                  && memcmp(buf_str(got), buf_str(want), buf_len(want)) == 0,
                  "%s: got\n%s", name, show(got));
    buf_free(want);
    buf_free(got);
}

#define NO_REC(name) expect_rec((name), NULL)

/* log_text - append the maillog lines without "date host TAG[PID]: " */

static void log_text(struct buf *out)
{
    struct buf *raw = buf_new(100);
    char   *save = NULL;
    char   *line;
    char   *body;

    read_file("maillog", raw);
    for (line = strtok_r(buf_str(raw), "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        body = strstr(line, "]: ");
        buf_printf(out, "%s\n", body != NULL ? body + 3 : line);
    }
    buf_free(raw);
}

/* expect_log - the maillog holds exactly these lines (NULL ends) */

static void expect_log(const char *first, ...)
{
    struct buf *got = buf_new(100);
    struct buf *want = buf_new(100);
    const char *s;
    va_list ap;

    va_start(ap, first);
    for (s = first; s != NULL; s = va_arg(ap, const char *))
        buf_printf(want, "%s\n", s);
    va_end(ap);
    log_text(got);
    ck_assert_str_eq(buf_str(got), buf_str(want));
    buf_free(got);
    buf_free(want);
}

 /*
  * The request attributes, as the bounce daemon receives them.
  */
#define APPEND_HEAD(flags) \
    "nrequest", "0", "flags", (flags), "queue_id", ID, \
    "original_recipient", "alias@example.com", \
    "recipient", "user@example.com", "offset", "1234", \
    "dsn_orig_rcpt", "rfc822;alias@example.com"
#define APPEND_DSN(status, action, reason) \
    "status", (status), "diag_type", "smtp", \
    "diag_text", "550 5.1.1 no such user", "mta_type", "dns", \
    "mta_mname", "mx.example.com", "action", (action), "reason", (reason)
#define REASON	"host mx said: 550 5.1.1 no such user"
#define VIA	"delivery via " RELAY ": "

 /*
  * bounce_append.
  */
START_TEST(test_bounce_append_bytes)
{
    struct buf *want = buf_new(100);
    struct buf *got = buf_new(100);
    static const char wire[] =
        "nrequest\0" "0\0" "flags\0" "0\0" "queue_id\0" ID "\0"
        "original_recipient\0" "alias@example.com\0"
        "recipient\0" "user@example.com\0" "offset\0" "1234\0"
        "dsn_orig_rcpt\0" "rfc822;alias@example.com\0"
        "notify_flags\0" "0\0"
        "status\0" "5.1.1\0" "diag_type\0" "smtp\0"
        "diag_text\0" "550 5.1.1 no such user\0" "mta_type\0" "dns\0"
        "mta_mname\0" "mx.example.com\0" "action\0" "failed\0"
        "reason\0" REASON "\0";

    BOUNCE_SERVER("bounce", 0);
    /* Non-trace bits of the request flags are not passed on. */
    ck_assert_int_eq(bounce_append(DEL_REQ_FLAG_SUCCESS | DEL_REQ_FLAG_BOUNCE
                                   | DEL_REQ_FLAG_CONN_LOAD, ID, &stats,
                                   &rcpt, RELAY, &dsn), 0);
    read_file("rec.bounce", got);
    ck_assert_uint_eq(buf_len(got), sizeof(wire));
    ck_assert_msg(memcmp(buf_str(got), wire, sizeof(wire)) == 0, "got %s",
                  show(got));
    NO_REC("defer");
    NO_REC("trace");
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=5.1.1, status=bounced ("
               REASON ")", NULL);
    buf_free(want);
    buf_free(got);
}
END_TEST

START_TEST(test_bounce_append_record)
{
    BOUNCE_SERVER("bounce", 0);
    BOUNCE_SERVER("trace", 0);
    ck_assert_int_eq(bounce_append(DEL_REQ_FLAG_RECORD, ID, &stats, &rcpt,
                                   RELAY, &dsn), 0);
    expect_rec("bounce", APPEND_HEAD("1024"), "notify_flags", "0",
               APPEND_DSN("5.1.1", "failed", REASON), NULL, NULL);
    expect_rec("trace", APPEND_HEAD("1024"), "notify_flags", "0",
               APPEND_DSN("5.1.1", "failed", VIA REASON), NULL, NULL);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=5.1.1, status=bounced ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_soft_bounce)
{
    var_soft_bounce = 1;
    BOUNCE_SERVER("bounce", 0);
    BOUNCE_SERVER("defer", 0);
    ck_assert_int_eq(bounce_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    NO_REC("bounce");
    expect_rec("defer", APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("4.1.1", "delayed", REASON), NULL, NULL);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.1.1, status=SOFTBOUNCE ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_bounce_failure_defers)
{
    BOUNCE_SERVER("bounce", -1);
    BOUNCE_SERVER("defer", 0);
    ck_assert_int_eq(bounce_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_rec("bounce", APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("5.1.1", "failed", REASON), NULL, NULL);
    expect_rec("defer", APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("4.3.0", "delayed",
                          "bounce or trace service failure"), NULL, NULL);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.3.0, status=deferred ("
               "bounce or trace service failure)", NULL);
}
END_TEST

START_TEST(test_bounce_no_service)
{
    var_bounce_service = "nobounce";
    BOUNCE_SERVER("defer", 0);
    ck_assert_int_eq(bounce_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_rec("defer", APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("4.3.0", "delayed",
                          "nobounce or trace service failure"), NULL, NULL);
    expect_log("warning: connect to private/nobounce: "
               "No such file or directory",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.3.0, status=deferred ("
               "nobounce or trace service failure)", NULL);
}
END_TEST

START_TEST(test_bounce_trace_failure)
{
    /* RECORD and the trace service fails: deferred as well. */
    BOUNCE_SERVER("bounce", 0);
    BOUNCE_SERVER("trace", -1);
    BOUNCE_SERVER("defer", 0);
    ck_assert_int_eq(bounce_append(DEL_REQ_FLAG_RECORD, ID, &stats, &rcpt,
                                   RELAY, &dsn), -1);
    expect_rec("defer", APPEND_HEAD("1024"), "notify_flags", "0",
               APPEND_DSN("4.3.0", "delayed",
                          "bounce or trace service failure"), NULL, NULL);
    /* The deferral itself is traced too (RECORD), and fails again. */
    expect_rec("trace",
               APPEND_HEAD("1024"), "notify_flags", "0",
               APPEND_DSN("5.1.1", "failed", VIA REASON), NULL,
               APPEND_HEAD("1024"), "notify_flags", "0",
               APPEND_DSN("4.3.0", "delayed",
                          VIA "bounce or trace service failure"), NULL, NULL);
    expect_log("warning: " ID ": trace service failure",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.3.0, status=deferred ("
               "bounce or trace service failure)",
               "warning: " ID ": trace service failure",
               "warning: " ID ": trace service failure", NULL);
}
END_TEST

START_TEST(test_bounce_bad_status)
{
    BOUNCE_SERVER("bounce", 0);
    dsn.status = "4.1.1";
    ck_assert_int_eq(bounce_append(0, ID, &stats, &rcpt, RELAY, &dsn), 0);
    expect_rec("bounce", APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("5.0.0", "failed", REASON), NULL, NULL);
    expect_log("warning: bounce_append: ignoring dsn code \"4.1.1\"",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=5.0.0, status=bounced ("
               REASON ")", NULL);
}
END_TEST

 /*
  * defer_append.
  */
START_TEST(test_defer_append)
{
    BOUNCE_SERVER("defer", 0);
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_rec("defer", APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("4.4.1", "delayed", REASON), NULL, NULL);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_defer_failure)
{
    BOUNCE_SERVER("defer", -1);
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_log("warning: " ID ": defer service failure",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_defer_bad_status)
{
    BOUNCE_SERVER("defer", 0);
    dsn.status = "5.1.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    dsn.status = "4.x.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_rec("defer",
               APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("4.0.0", "delayed", REASON), NULL,
               APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("4.0.0", "delayed", REASON), NULL, NULL);
    expect_log("warning: defer_append: ignoring dsn code \"5.1.1\"",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.0.0, status=deferred ("
               REASON ")",
               "warning: defer_append: ignoring dsn code \"4.x.1\"",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.0.0, status=deferred ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_defer_flush)
{
    BOUNCE_SERVER("defer", 0);
    FLUSH_SERVER(0);
    var_fflush_domains = "other.example, example.com";
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    /* Not listed: no request. */
    rcpt.address = "user@example.org";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    /* No domain: no request. */
    rcpt.address = "user@";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_rec("flush", "request", "add", "site", "example.com",
               "queue_id", ID, NULL, NULL);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")",
               ID ": to=<user@example.org>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")",
               ID ": to=<user@>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_defer_flush_status)
{
    BOUNCE_SERVER("defer", 0);
    FLUSH_SERVER(FLUSH_STAT_DENY);
    var_fflush_domains = "example.com";
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_defer_flush_failure)
{
    BOUNCE_SERVER("defer", 0);
    FLUSH_SERVER(FLUSH_STAT_BAD);
    var_fflush_domains = "example.com";
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")",
               "warning: " ID ": flush service failure", NULL);
}
END_TEST

START_TEST(test_flush_domain_match)
{
    ck_assert_int_eq(flush_domain_match("example.com", "example.com"), 1);
    ck_assert_int_eq(flush_domain_match("example.com", "EXAMPLE.Com"), 1);
    ck_assert_int_eq(flush_domain_match("example.com", "a.b.example.com"), 1);
    ck_assert_int_eq(flush_domain_match("example.com", "badexample.com"), 0);
    ck_assert_int_eq(flush_domain_match("example.com", "example.com.au"), 0);
    ck_assert_int_eq(flush_domain_match(".example.com", "example.com"), 0);
    ck_assert_int_eq(flush_domain_match(".example.com", "a.example.com"), 1);
    ck_assert_int_eq(flush_domain_match("a.com,\tb.com  c.com", "x.c.com"), 1);
    ck_assert_int_eq(flush_domain_match("!x.c.com, c.com", "x.c.com"), 0);
    ck_assert_int_eq(flush_domain_match("!x.c.com, c.com", "y.c.com"), 1);
    ck_assert_int_eq(flush_domain_match("!!c.com", "c.com"), 1);
    ck_assert_int_eq(flush_domain_match("", "example.com"), 0);
    ck_assert_int_eq(flush_domain_match("example.com", ""), 0);
    ck_assert_int_eq(flush_domain_match("[192.0.2.1]", "[192.0.2.1]"), 1);
    ck_assert_int_eq(flush_domain_match("hash:/etc/x, example.com",
                                        "example.com"), 1);
    expect_log("warning: fast_flush_domains: lookup table \"hash:/etc/x\" "
               "is not supported; ignored", NULL);
}
END_TEST

 /*
  * sent.
  */
START_TEST(test_sent_plain)
{
    BOUNCE_SERVER("trace", 0);
    dsn.status = "2.0.0";
    dsn.action = "relayed";
    dsn.reason = "250 2.0.0 Ok: queued as XYZ";
    ck_assert_int_eq(sent(0, ID, &stats, &rcpt, RELAY, &dsn), 0);
    NO_REC("trace");
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=2.0.0, status=sent ("
               "250 2.0.0 Ok: queued as XYZ)", NULL);
}
END_TEST

START_TEST(test_sent_notify_success)
{
    BOUNCE_SERVER("trace", 0);
    dsn.status = "2.0.0";
    dsn.reason = "250 ok";
    rcpt.dsn_notify = DSN_NOTIFY_SUCCESS;
    ck_assert_int_eq(sent(0, ID, &stats, &rcpt, RELAY, &dsn), 0);
    expect_rec("trace", APPEND_HEAD("0"), "notify_flags", "2",
               APPEND_DSN("2.0.0", "delivered", VIA "250 ok"), NULL, NULL);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=2.0.0, status=sent ("
               "250 ok)", NULL);
}
END_TEST

START_TEST(test_sent_record_and_success)
{
    BOUNCE_SERVER("trace", 0);
    dsn.status = "2.0.0";
    dsn.action = "relayed";
    dsn.reason = "250 ok";
    rcpt.dsn_notify = DSN_NOTIFY_SUCCESS;
    ck_assert_int_eq(sent(DEL_REQ_FLAG_RECORD, ID, &stats, &rcpt, "none",
                          &dsn), 0);
    expect_rec("trace",
               APPEND_HEAD("1024"), "notify_flags", "2",
               APPEND_DSN("2.0.0", "relayed", "250 ok"), NULL,
               APPEND_HEAD("1024"), "notify_flags", "2",
               APPEND_DSN("2.0.0", "relayed", "250 ok"), NULL, NULL);
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=none, " DELAYS ", dsn=2.0.0, status=sent (250 ok)",
               NULL);
}
END_TEST

#define SENT_LINE ID ": to=<user@example.com>, orig_to=<alias@example.com>, " \
    "relay=" RELAY ", " DELAYS ", dsn=2.0.0, status=sent (250 ok)"

START_TEST(test_sent_delay_cleared)
{
    BOUNCE_SERVER("trace", 0);
    dsn.status = "2.0.0";
    dsn.reason = "250 ok";
    /* NOTIFY not given: recorded. */
    ck_assert_int_eq(sent(DEL_REQ_FLAG_REC_DLY_SENT, ID, &stats, &rcpt,
                          RELAY, &dsn), 0);
    /* NOTIFY without DELAY: not recorded. */
    rcpt.dsn_notify = DSN_NOTIFY_FAILURE;
    ck_assert_int_eq(sent(DEL_REQ_FLAG_REC_DLY_SENT, ID, &stats, &rcpt,
                          RELAY, &dsn), 0);
    /* NOTIFY=DELAY: recorded. */
    rcpt.dsn_notify = DSN_NOTIFY_DELAY | DSN_NOTIFY_FAILURE;
    ck_assert_int_eq(sent(DEL_REQ_FLAG_REC_DLY_SENT, ID, &stats, &rcpt,
                          RELAY, &dsn), 0);
    expect_rec("trace",
               APPEND_HEAD("8192"), "notify_flags", "0",
               APPEND_DSN("2.0.0", "delivered", VIA "250 ok"), NULL,
               APPEND_HEAD("8192"), "notify_flags", "12",
               APPEND_DSN("2.0.0", "delivered", VIA "250 ok"), NULL, NULL);
    expect_log(SENT_LINE, SENT_LINE, SENT_LINE, NULL);
}
END_TEST

START_TEST(test_sent_trace_failure)
{
    BOUNCE_SERVER("trace", -1);
    BOUNCE_SERVER("defer", 0);
    dsn.status = "2.0.0";
    dsn.reason = "250 ok";
    rcpt.dsn_notify = DSN_NOTIFY_SUCCESS;
    ck_assert_int_eq(sent(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_rec("defer", APPEND_HEAD("0"), "notify_flags", "2",
               APPEND_DSN("4.3.0", "delayed",
                          ID ": trace service failed"), NULL, NULL);
    expect_log("warning: " ID ": trace service failure",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.3.0, status=deferred ("
               ID ": trace service failed)", NULL);
}
END_TEST

START_TEST(test_sent_bad_status)
{
    dsn.status = "5.0.0";
    dsn.reason = "250 ok";
    ck_assert_int_eq(sent(0, ID, &stats, &rcpt, RELAY, &dsn), 0);
    dsn.status = "";
    ck_assert_int_eq(sent(0, ID, &stats, &rcpt, RELAY, &dsn), 0);
    expect_log("warning: sent: ignoring dsn code \"5.0.0\"",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=2.0.0, status=sent ("
               "250 ok)",
               "warning: sent: ignoring dsn code \"\"",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=2.0.0, status=sent ("
               "250 ok)", NULL);
}
END_TEST

 /*
  * Probes: MTA_VRFY (verify service) and USR_VRFY (trace service).
  */
START_TEST(test_mta_vrfy_sent)
{
    VERIFY_SERVER(0);
    BOUNCE_SERVER("trace", 0);
    dsn.status = "2.0.0";
    dsn.reason = "250 ok";
    ck_assert_int_eq(sent(DEL_REQ_FLAG_MTA_VRFY, ID, &stats, &rcpt, RELAY,
                          &dsn), 0);
    /* Both addresses, one connection. */
    expect_rec("verify",
               "request", "update", "address", "alias@example.com",
               "recipient_status", "0", "reason", "250 ok", NULL,
               "request", "update", "address", "user@example.com",
               "recipient_status", "0", "reason", "250 ok", NULL, NULL);
    NO_REC("trace");
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=2.0.0, status=deliverable ("
               "250 ok)", NULL);
}
END_TEST

START_TEST(test_mta_vrfy_bounce)
{
    VERIFY_SERVER(0);
    BOUNCE_SERVER("bounce", 0);
    rcpt.orig_addr = "user@example.com";
    ck_assert_int_eq(bounce_append(DEL_REQ_FLAG_MTA_VRFY, ID, &stats, &rcpt,
                                   RELAY, &dsn), 0);
    rcpt.orig_addr = "";
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(DEL_REQ_FLAG_MTA_VRFY, ID, &stats, &rcpt,
                                  RELAY, &dsn), 0);
    expect_rec("verify",
               "request", "update", "address", "user@example.com",
               "recipient_status", "2", "reason", REASON, NULL,
               "request", "update", "address", "user@example.com",
               "recipient_status", "1", "reason", REASON, NULL, NULL);
    NO_REC("bounce");
    expect_log(ID ": to=<user@example.com>, relay=" RELAY ", " DELAYS
               ", dsn=5.1.1, status=undeliverable (" REASON ")",
               ID ": to=<user@example.com>, relay=" RELAY ", " DELAYS
               ", dsn=4.4.1, status=undeliverable (" REASON ")", NULL);
}
END_TEST

START_TEST(test_mta_vrfy_not_cached)
{
    VERIFY_SERVER(0);
    var_verify_neg_cache = 0;
    ck_assert_int_eq(bounce_append(DEL_REQ_FLAG_MTA_VRFY, ID, &stats, &rcpt,
                                   RELAY, &dsn), 0);
    NO_REC("verify");
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=5.1.1, "
               "status=undeliverable-but-not-cached (" REASON ")", NULL);
}
END_TEST

START_TEST(test_mta_vrfy_failure)
{
    VERIFY_SERVER(-1);
    ck_assert_int_eq(bounce_append(DEL_REQ_FLAG_MTA_VRFY, ID, &stats, &rcpt,
                                   RELAY, &dsn), -1);
    /* The first update failed: no second one. */
    expect_rec("verify",
               "request", "update", "address", "alias@example.com",
               "recipient_status", "2", "reason", REASON, NULL, NULL);
    expect_log("warning: " ID ": verify service failure", NULL);
}
END_TEST

START_TEST(test_usr_vrfy)
{
    BOUNCE_SERVER("trace", 0);
    BOUNCE_SERVER("bounce", 0);
    ck_assert_int_eq(bounce_append(DEL_REQ_FLAG_USR_VRFY, ID, &stats, &rcpt,
                                   RELAY, &dsn), 0);
    dsn.status = "2.0.0";
    dsn.reason = "250 ok";
    ck_assert_int_eq(sent(DEL_REQ_FLAG_USR_VRFY, ID, &stats, &rcpt, "none",
                          &dsn), 0);
    expect_rec("trace",
               APPEND_HEAD("512"), "notify_flags", "0",
               APPEND_DSN("5.1.1", "undeliverable", VIA REASON), NULL,
               APPEND_HEAD("512"), "notify_flags", "0",
               APPEND_DSN("2.0.0", "deliverable", "250 ok"), NULL, NULL);
    NO_REC("bounce");
    expect_log(ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=5.1.1, status=undeliverable ("
               REASON ")",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=none, " DELAYS ", dsn=2.0.0, status=deliverable ("
               "250 ok)", NULL);
}
END_TEST

START_TEST(test_usr_vrfy_trace_failure)
{
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(DEL_REQ_FLAG_USR_VRFY, ID, &stats, &rcpt,
                                  RELAY, &dsn), -1);
    expect_log("warning: connect to private/trace: No such file or directory",
               "warning: " ID ": trace service failure", NULL);
}
END_TEST

/* wait_file - until PATH exists (bounded) */

static void wait_file(const char *path)
{
    int     i;

    for (i = 0; i < 500 && access(path, F_OK) != 0; i++)
        usleep(10000);
    ck_assert_int_eq(access(path, F_OK), 0);
}

START_TEST(test_verify_reconnect)
{
    /* The server closes after each request: the client notices the
     * closed connection before the next request and opens a new one,
     * without a warning. */
    VERIFY_SERVER(REPLY_ONCE);
    ck_assert_int_eq(verify_clnt_update("a@example.com", DEL_RCPT_STAT_OK,
                                        "ok"), VRFY_STAT_OK);
    wait_file("rec.done");
    ck_assert_int_eq(verify_clnt_update("b@example.com", DEL_RCPT_STAT_BOUNCE,
                                        "no"), VRFY_STAT_OK);
    expect_rec("verify",
               "request", "update", "address", "a@example.com",
               "recipient_status", "0", "reason", "ok", NULL,
               "request", "update", "address", "b@example.com",
               "recipient_status", "2", "reason", "no", NULL, NULL);
    expect_log(NULL);
}
END_TEST

 /*
  * mail_command_client failure warnings.
  */
START_TEST(test_command_bad_protocol)
{
    BOUNCE_SERVER("defer", REPLY_BADPROTO);
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    NO_REC("defer");
    expect_log("warning: unexpected protocol bogus from private/defer "
               "(expected: delivery_status_protocol)",
               "warning: read private/defer: Success",
               "warning: " ID ": defer service failure",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_command_no_reply)
{
    BOUNCE_SERVER("defer", REPLY_CLOSE);
    dsn.status = "4.4.1";
    ck_assert_int_eq(defer_append(0, ID, &stats, &rcpt, RELAY, &dsn), -1);
    expect_rec("defer", APPEND_HEAD("0"), "notify_flags", "0",
               APPEND_DSN("4.4.1", "delayed", REASON), NULL, NULL);
    expect_log("warning: write/read private/defer: Success",
               "warning: " ID ": defer service failure",
               ID ": to=<user@example.com>, orig_to=<alias@example.com>, "
               "relay=" RELAY ", " DELAYS ", dsn=4.4.1, status=deferred ("
               REASON ")", NULL);
}
END_TEST

START_TEST(test_command_status_values)
{
    BOUNCE_SERVER("bounce", 7);
    ck_assert_int_eq(mail_command_client("private", "bounce",
                                         MAIL_PROTO_BOUNCE,
                                         SEND_INT("nrequest", 9),
                                         SEND_LONG("offset", -1L),
                                         SEND_DATA("blob", 3, "abc"),
                                         ATTR_END), 7);
    expect_rec("bounce", "nrequest", "9", "offset", "18446744073709551615",
               "blob", "YWJj", NULL, NULL);
}
END_TEST

static Suite *status_suite(void)
{
    Suite  *s = suite_create("status_clients");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_bounce_append_bytes);
    tcase_add_test(tc, test_bounce_append_record);
    tcase_add_test(tc, test_soft_bounce);
    tcase_add_test(tc, test_bounce_failure_defers);
    tcase_add_test(tc, test_bounce_no_service);
    tcase_add_test(tc, test_bounce_trace_failure);
    tcase_add_test(tc, test_bounce_bad_status);
    tcase_add_test(tc, test_defer_append);
    tcase_add_test(tc, test_defer_failure);
    tcase_add_test(tc, test_defer_bad_status);
    tcase_add_test(tc, test_defer_flush);
    tcase_add_test(tc, test_defer_flush_status);
    tcase_add_test(tc, test_defer_flush_failure);
    tcase_add_test(tc, test_flush_domain_match);
    tcase_add_test(tc, test_sent_plain);
    tcase_add_test(tc, test_sent_notify_success);
    tcase_add_test(tc, test_sent_record_and_success);
    tcase_add_test(tc, test_sent_delay_cleared);
    tcase_add_test(tc, test_sent_trace_failure);
    tcase_add_test(tc, test_sent_bad_status);
    tcase_add_test(tc, test_mta_vrfy_sent);
    tcase_add_test(tc, test_mta_vrfy_bounce);
    tcase_add_test(tc, test_mta_vrfy_not_cached);
    tcase_add_test(tc, test_mta_vrfy_failure);
    tcase_add_test(tc, test_usr_vrfy);
    tcase_add_test(tc, test_usr_vrfy_trace_failure);
    tcase_add_test(tc, test_verify_reconnect);
    tcase_add_test(tc, test_command_bad_protocol);
    tcase_add_test(tc, test_command_no_reply);
    tcase_add_test(tc, test_command_status_values);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(status_suite());
    int     failed;

    signal(SIGPIPE, SIG_IGN);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
